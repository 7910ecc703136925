/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verifier's files, for a user-space program that builds the core
 * into one translation unit. Paths are relative to this header, so any
 * directory below tools/testing/ebpf may include it.
 */
#ifndef _EBPF_TEST_VERIFIER_SRCS_H
#define _EBPF_TEST_VERIFIER_SRCS_H

#include "../../../kernel/ebpf/verifier.c"
#include "../../../kernel/ebpf/verifier_log.c"
#include "../../../kernel/ebpf/verifier_cfg.c"
#include "../../../kernel/ebpf/verifier_state.c"
#include "../../../kernel/ebpf/verifier_mem.c"
#include "../../../kernel/ebpf/verifier_alu.c"
#include "../../../kernel/ebpf/verifier_jmp.c"
#include "../../../kernel/ebpf/verifier_call.c"
#include "../../../kernel/ebpf/verifier_rewrite.c"

#endif /* _EBPF_TEST_VERIFIER_SRCS_H */
