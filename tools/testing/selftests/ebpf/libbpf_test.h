/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the tests that load through Debian's libbpf share: libbpf's own
 * messages in the KTAP log, and opening and loading an object installed
 * beside the test binary.
 */
#ifndef LIBBPF_TEST_H
#define LIBBPF_TEST_H

#include <libgen.h>
#include <stdarg.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "ebpf_test.h"

/* libbpf's own messages, in the KTAP log as diagnostics */
static inline int libbpf_msg(enum libbpf_print_level level, const char *fmt,
			     va_list ap)
{
	char line[512];

	if (level == LIBBPF_DEBUG)
		return 0;
	vsnprintf(line, sizeof(line), fmt, ap);
	ksft_print_msg("libbpf: %s", line);
	return 0;
}

/* The object @name beside this binary, opened and loaded; NULL fails. */
static inline struct bpf_object *load_object_named(const char *name)
{
	char path[4096];
	ssize_t len = readlink("/proc/self/exe", path, sizeof(path) - 64);
	struct bpf_object *obj;

	if (!EXPECT_TRUE(len > 0))
		return NULL;
	path[len] = '\0';
	snprintf(path + strlen(dirname(path)), 64, "/%s", name);
	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		ksft_print_msg("%s: %s\n", path, strerror(errno));
		ebpf_case_failed = true;
		return NULL;
	}
	if (!EXPECT_EQ(bpf_object__load(obj), 0)) {
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

#endif /* LIBBPF_TEST_H */
