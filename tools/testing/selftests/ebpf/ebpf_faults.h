/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error-path tools shared by the lifetime tests: fault injection through
 * /proc/thread-self/fail-nth (the n-th allocation of the next system calls
 * fails) with failslab and fail_page_alloc opened up to GFP_KERNEL and
 * order-0 requests, and kmemleak scans filtered to our allocations.
 */
#ifndef EBPF_FAULTS_H
#define EBPF_FAULTS_H

#include <fcntl.h>

#include "ebpf_test.h"

#define FAIL_NTH "/proc/thread-self/fail-nth"
#define KMEMLEAK "/sys/kernel/debug/kmemleak"

static inline bool write_knob(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");
	bool ok;

	if (!f)
		return false;
	ok = fputs(val, f) >= 0;
	return fclose(f) == 0 && ok;
}

/* Let failslab and fail_page_alloc fail GFP_KERNEL and order-0 requests. */
static inline bool fault_knobs(bool on)
{
	static const char *const dirs[] = {
		"/sys/kernel/debug/failslab", "/sys/kernel/debug/fail_page_alloc",
	};
	char path[128];
	bool ok = true;
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(dirs); i++) {
		snprintf(path, sizeof(path), "%s/ignore-gfp-wait", dirs[i]);
		ok &= write_knob(path, on ? "N" : "Y");
		snprintf(path, sizeof(path), "%s/verbose", dirs[i]);
		ok &= write_knob(path, on ? "0" : "2");
	}
	ok &= write_knob("/sys/kernel/debug/fail_page_alloc/min-order",
			 on ? "0" : "1");
	return ok;
}

/*
 * The fail-nth file with the knobs on, or -1 with the running case marked
 * skipped when this kernel has no fault injection.
 */
static inline int fail_nth_open(void)
{
	int fd = open(FAIL_NTH, O_RDWR);

	if (fd < 0 || !fault_knobs(true)) {
		ebpf_case_skip = "this kernel has no fault injection";
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* Print and count reported objects whose allocation backtrace is ours. */
static inline int kmemleak_ours(void)
{
	static char report[1 << 20];
	char *block, *next;
	size_t len;
	int n = 0;
	FILE *f = fopen(KMEMLEAK, "r");

	if (!f)
		return -1;
	len = fread(report, 1, sizeof(report) - 1, f);
	fclose(f);
	report[len] = 0;
	for (block = strstr(report, "unreferenced object"); block; block = next) {
		next = strstr(block + 1, "unreferenced object");
		if (next)
			next[-1] = 0;
		if (strstr(block, "ebpf_") && n++ < 3)
			ksft_print_msg("kmemleak: %s\n", block);
	}
	return n;
}

#endif /* EBPF_FAULTS_H */
