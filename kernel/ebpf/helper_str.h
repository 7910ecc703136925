/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The string helpers' logic, pure so that the user-space tests run the
 * very same code: strtol/strtoul's number parsing and strncmp, each with
 * the results mainline 6.12 gives (its helpers use lib/kstrtox.c's
 * parser and lib/string.c's strncmp, whose corner cases we keep).
 */
#ifndef _EBPF_HELPER_STR_H
#define _EBPF_HELPER_STR_H

#include "core.h"

/* strtol/strtoul's flags: the base (0, 8, 10 or 16) and nothing else */
#define EBPF_STRTOX_BASE_MASK	0x1f

int ebpf_strtol(const char *buf, size_t len, u64 flags, s64 *res);
int ebpf_strtoul(const char *buf, size_t len, u64 flags, u64 *res);
int ebpf_strncmp(const char *s1, const char *s2, size_t n);

#endif /* _EBPF_HELPER_STR_H */
