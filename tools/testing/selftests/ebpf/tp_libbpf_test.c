// SPDX-License-Identifier: GPL-2.0
/*
 * A tracepoint program in C, loaded and attached by libbpf:
 * tp_rename.bpf.o (built by clang) is opened and loaded by Debian's
 * libbpf and attached with bpf_program__attach_tracepoint(), which opens
 * the trace event's perf event and, as this kernel has no BPF links,
 * falls back to PERF_EVENT_IOC_SET_BPF. The program counts this thread's
 * task/task_rename hits (prctl(PR_SET_NAME)). Every case passes on both
 * kernels.
 */
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "libbpf_test.h"

#define HITS 40

static struct bpf_object *load_object(void)
{
	return load_object_named("tp_rename.bpf.o");
}

static void rename_self(int n)
{
	while (n--)
		prctl(PR_SET_NAME, "ebpf-libbpf", 0, 0, 0);
}

static long long count_of(int map_fd)
{
	__u32 key = 0;
	__u64 v = 0;

	return bpf_map_lookup_elem(map_fd, &key, &v) ? -errno : (long long)v;
}

/*
 * Attached by libbpf, the program counts every hit of this thread;
 * destroying the link detaches it, and the count stays.
 */
static void libbpf_attaches_a_tracepoint_program(void)
{
	struct bpf_object *obj = load_object();
	struct bpf_program *prog;
	struct bpf_link *link;
	__u64 tid = syscall(SYS_gettid);
	__u32 key = 1;
	int map_fd;

	if (!obj)
		return;
	prog = bpf_object__find_program_by_name(obj, "count_renames");
	map_fd = bpf_object__find_map_fd_by_name(obj, "counts");
	if (!EXPECT_TRUE(prog && map_fd >= 0) ||
	    !EXPECT_EQ(bpf_map_update_elem(map_fd, &key, &tid, 0), 0))
		goto out;
	EXPECT_EQ(fdinfo_field(bpf_program__fd(prog), "prog_type"),
		  BPF_PROG_TYPE_TRACEPOINT);
	link = bpf_program__attach_tracepoint(prog, "task", "task_rename");
	if (!link) {
		ksft_print_msg("attach_tracepoint: %s\n", strerror(errno));
		ebpf_case_failed = true;
		goto out;
	}
	rename_self(HITS);
	EXPECT_EQ(count_of(map_fd), HITS);
	EXPECT_EQ(bpf_link__destroy(link), 0);
	rename_self(HITS);
	EXPECT_EQ(count_of(map_fd), HITS);
out:
	bpf_object__close(obj);
}

/*
 * Closing the object closes libbpf's program and map fds: the perf event
 * holds the program, which holds the map, and both go on counting.
 */
static void perf_event_outlives_the_object(void)
{
	struct bpf_object *obj = load_object();
	struct bpf_program *prog;
	struct bpf_link *link = NULL;
	__u64 tid = syscall(SYS_gettid);
	__u32 key = 1;
	int map_fd = -1;

	if (!obj)
		return;
	prog = bpf_object__find_program_by_name(obj, "count_renames");
	if (EXPECT_TRUE(prog))
		link = bpf_program__attach_tracepoint(prog, "task",
						      "task_rename");
	map_fd = dup(bpf_object__find_map_fd_by_name(obj, "counts"));
	if (!EXPECT_TRUE(link && map_fd >= 0) ||
	    !EXPECT_EQ(bpf_map_update_elem(map_fd, &key, &tid, 0), 0)) {
		bpf_link__destroy(link);
		bpf_object__close(obj);
		goto out;
	}
	bpf_object__close(obj);
	rename_self(HITS);
	EXPECT_EQ(count_of(map_fd), HITS);
	EXPECT_EQ(bpf_link__destroy(link), 0);
	rename_self(1);
	EXPECT_EQ(count_of(map_fd), HITS);
out:
	if (map_fd >= 0)
		close(map_fd);
}

static const struct test_case cases[] = {
	{ "libbpf: attach_tracepoint counts every hit",
	  libbpf_attaches_a_tracepoint_program },
	{ "libbpf: the perf event outlives the object",
	  perf_event_outlives_the_object },
};

int main(void)
{
	libbpf_set_print(libbpf_msg);
	run_cases(cases, ARRAY_LEN(cases));
	return 0;
}
