/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers of the ebpf kselftests: raw bpf(2) wrappers that return
 * 0/fd or -errno (so a table can hold the expected errno), and a small
 * case runner on top of kselftest.h.
 *
 * The tests use only mainline's uapi, so they run unchanged on the
 * reference kernel with mainline's BPF.
 */
#ifndef EBPF_TEST_H
#define EBPF_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/bpf.h>
#include <linux/capability.h>

#include "../kselftest.h"

#ifndef __NR_bpf
#define __NR_bpf 321
#endif

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* the kernel's "operation not supported", which libc does not name */
#ifndef ENOTSUPP
#define ENOTSUPP	524
#endif
#define PTR(p) ((uint64_t)(uintptr_t)(p))

/* bpf(2) with an explicit attr size; returns the result or -errno. */
static inline long sys_bpf_size(int cmd, void *attr, unsigned int size)
{
	long ret = syscall(__NR_bpf, cmd, attr, size);

	return ret < 0 ? -errno : ret;
}

static inline long sys_bpf(int cmd, union bpf_attr *attr)
{
	return sys_bpf_size(cmd, attr, sizeof(*attr));
}

static inline int map_create(uint32_t type, uint32_t key_size,
			     uint32_t value_size, uint32_t max_entries,
			     uint32_t flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	attr.map_flags = flags;
	return sys_bpf(BPF_MAP_CREATE, &attr);
}

static inline int map_lookup(int fd, const void *key, void *value)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = PTR(key);
	attr.value = PTR(value);
	return sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr);
}

static inline int map_update(int fd, const void *key, const void *value,
			     uint64_t flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = PTR(key);
	attr.value = PTR(value);
	attr.flags = flags;
	return sys_bpf(BPF_MAP_UPDATE_ELEM, &attr);
}

static inline int map_delete(int fd, const void *key)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = PTR(key);
	return sys_bpf(BPF_MAP_DELETE_ELEM, &attr);
}

/* BPF_MAP_FREEZE: the syscall writes the map no more */
static inline int map_freeze(int fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	return sys_bpf(BPF_MAP_FREEZE, &attr);
}

static inline int map_next_key(int fd, const void *key, void *next_key)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = PTR(key);
	attr.next_key = PTR(next_key);
	return sys_bpf(BPF_MAP_GET_NEXT_KEY, &attr);
}

/*
 * BPF_PROG_LOAD of @cnt instructions under the license "GPL", with a
 * verifier log of @level into @log (@size bytes); returns the program fd
 * or -errno.
 */
static inline int prog_load_log(uint32_t type, const struct bpf_insn *insns,
				uint32_t cnt, uint32_t level, char *log,
				uint32_t size)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.insns = PTR(insns);
	attr.insn_cnt = cnt;
	attr.license = PTR("GPL");
	attr.log_level = level;
	attr.log_buf = PTR(log);
	attr.log_size = size;
	return sys_bpf(BPF_PROG_LOAD, &attr);
}

/* The same without a log. */
static inline int prog_load(uint32_t type, const struct bpf_insn *insns,
			    uint32_t cnt)
{
	return prog_load_log(type, insns, cnt, 0, NULL, 0);
}

/* In and out of one BPF_PROG_TEST_RUN. */
struct test_run {
	const void *in;		/* the packet, Ethernet header first */
	uint32_t in_size;
	void *out;		/* NULL: no copy out */
	uint32_t out_size;	/* in: room at out; out: the packet's size */
	uint32_t repeat;
	uint32_t retval;	/* out: r0 of the last run */
	uint32_t duration;	/* out: average ns per run */
};

/* BPF_PROG_TEST_RUN of program @fd; 0 or -errno. */
static inline int prog_test_run(int fd, struct test_run *t)
{
	union bpf_attr attr;
	long ret;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = PTR(t->in);
	attr.test.data_size_in = t->in_size;
	attr.test.data_out = PTR(t->out);
	attr.test.data_size_out = t->out_size;
	attr.test.repeat = t->repeat;
	ret = sys_bpf(BPF_PROG_TEST_RUN, &attr);
	t->out_size = attr.test.data_size_out;
	t->retval = attr.test.retval;
	t->duration = attr.test.duration;
	return ret;
}

/* The number after "@key:" in the fdinfo of @fd, or -1 when none */
static inline long fdinfo_field(int fd, const char *key)
{
	char path[64], line[256];
	size_t len = strlen(key);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, len) && line[len] == ':') {
			v = strtol(line + len + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}

/* ---- privileges ---- */

/*
 * Write @text into @path (sysfs, tracefs, cgroupfs, procfs): true if it
 * was taken whole; *@err is 0 or the -errno of open() or write().
 */
static inline bool write_file(const char *path, const char *text, int *err)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	ssize_t n = -1;

	*err = 0;
	if (fd < 0) {
		*err = -errno;
		return false;
	}
	n = write(fd, text, strlen(text));
	if (n < 0)
		*err = -errno;
	close(fd);
	return n == (ssize_t)strlen(text);
}

/* A /proc/meminfo field in KiB, -1 if missing */
static inline long meminfo_kib(const char *field)
{
	char line[256], name[64];
	long kib = -1, v;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63[^:]: %ld kB", name, &v) == 2 &&
		    !strcmp(name, field)) {
			kib = v;
			break;
		}
	fclose(f);
	return kib;
}

#define UNPRIV_SYSCTL "/proc/sys/kernel/unprivileged_bpf_disabled"

/* The integer in the sysctl file @path, or -1 */
static inline int read_sysctl_int(const char *path)
{
	FILE *f = fopen(path, "r");
	int v = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%d", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

static inline bool write_sysctl_int(const char *path, int v)
{
	FILE *f = fopen(path, "w");
	bool ok;

	if (!f)
		return false;
	ok = fprintf(f, "%d\n", v) > 0;
	return fclose(f) == 0 && ok;
}

/* kernel.unprivileged_bpf_disabled, or -1 */
static inline int read_unpriv_sysctl(void)
{
	return read_sysctl_int(UNPRIV_SYSCTL);
}

static inline bool write_unpriv_sysctl(int v)
{
	return write_sysctl_int(UNPRIV_SYSCTL, v);
}

/* The kernel command line says which kernel this is (scripts/boot.sh). */
static inline bool kernel_is_reference(void)
{
	char line[4096] = "";
	FILE *f = fopen("/proc/cmdline", "r");

	if (!f)
		return false;
	if (!fgets(line, sizeof(line), f))
		line[0] = 0;
	fclose(f);
	return strstr(line, "ebpf.flavour=reference");
}

/*
 * Does a loader without CAP_PERFMON get the verifier's Spectre rules?
 * Mainline's answer is "unless cpu_mitigations_off()", which a kernel
 * mitigating Spectre v1 (CONFIG_MITIGATION_SPECTRE_V1, as the test kernels
 * and distributions') shows in sysfs: its file then says "Vulnerable"
 * only when mitigations are off.
 */
static inline bool spectre_rules_apply(void)
{
	char line[256] = "";
	FILE *f = fopen("/sys/devices/system/cpu/vulnerabilities/spectre_v1", "r");

	if (!f)
		return true;
	if (!fgets(line, sizeof(line), f))
		line[0] = 0;
	fclose(f);
	return strncmp(line, "Vulnerable", 10) != 0;
}

/* The JIT's on/off sysctl: mainline's name on the reference kernel. */
static inline const char *jit_enable_sysctl(void)
{
	return kernel_is_reference() ? "/proc/sys/net/core/bpf_jit_enable" :
				       "/proc/sys/kernel/ebpf_jit_enable";
}

/*
 * Make the effective capabilities those of the permitted set in @mask
 * (bit n: capability n), so that bpf(2) sees a caller with just those.
 */
static inline bool caps_effective_mask(unsigned long long mask)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return false;
	data[0].effective = data[0].permitted & (uint32_t)mask;
	data[1].effective = data[1].permitted & (uint32_t)(mask >> 32);
	return !syscall(SYS_capset, &hdr, data);
}

/*
 * Clear the effective capabilities (@on false), so that bpf(2) sees an
 * unprivileged caller, or raise them again from the permitted set.
 */
static inline bool caps_effective(bool on)
{
	return caps_effective_mask(on ? ~0ULL : 0);
}

/*
 * Case runner: each case is a function; the EXPECT checks print what went
 * wrong and mark the running case failed, then let it go on (they return
 * whether the check held, for a case that cannot go on without it).
 */
struct test_case {
	const char *name;
	void (*fn)(void);
};

static bool ebpf_case_failed;
/* a case that cannot run here sets this to the reason */
static const char *ebpf_case_skip;

static inline bool ebpf_expect_eq(long long actual, long long expected,
				  const char *what, const char *fn, int line)
{
	if (actual == expected)
		return true;
	ksft_print_msg("%s:%d: %s is %lld, expected %lld\n", fn, line, what,
		       actual, expected);
	ebpf_case_failed = true;
	return false;
}

static inline bool ebpf_expect_true(bool ok, const char *what,
				    const char *fn, int line)
{
	if (ok)
		return true;
	ksft_print_msg("%s:%d: expected %s\n", fn, line, what);
	ebpf_case_failed = true;
	return false;
}

/*
 * A bad-input case: @ret (a syscall's result or -errno) must be @expect;
 * says what came instead.
 */
static inline bool expect_result(const char *name, long ret, int expect)
{
	if (ret == expect)
		return true;
	ksft_print_msg("%s: got %ld (%s), expected %d (%s)\n", name, ret,
		       ret < 0 ? strerror(-ret) : "success", expect,
		       strerror(-expect));
	return false;
}

/* each argument is evaluated exactly once */
#define EXPECT_EQ(actual, expected)					\
	ebpf_expect_eq((long long)(actual), (long long)(expected), #actual, \
		       __func__, __LINE__)

#define EXPECT_TRUE(cond) ebpf_expect_true(!!(cond), #cond, __func__, __LINE__)

/* Run every case, one KTAP result line each (the plan is the caller's). */
static inline void run_case_list(const struct test_case *cases, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		ebpf_case_failed = false;
		ebpf_case_skip = NULL;
		cases[i].fn();
		if (ebpf_case_skip && !ebpf_case_failed)
			ksft_test_result_skip("%s: %s\n", cases[i].name,
					      ebpf_case_skip);
		else
			ksft_test_result(!ebpf_case_failed, "%s\n", cases[i].name);
	}
}

/* Run every case, one KTAP result line each, and exit with the verdict. */
static inline void run_cases(const struct test_case *cases, unsigned int n)
{
	ksft_print_header();
	ksft_set_plan(n);
	run_case_list(cases, n);
	ksft_finished();
}

#endif /* EBPF_TEST_H */
