// SPDX-License-Identifier: GPL-2.0
/*
 * tp_libbpf_test's program: count the task/task_rename hits of the thread
 * whose id user space put at counts[1], in counts[0]. Compiled by clang
 * -target bpf, loaded and attached by libbpf (SEC("tracepoint/...")
 * makes it a tracepoint program attached through perf).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* the record, as events/task/task_rename/format lays it out */
struct task_rename_record {
	__u64 header;		/* the common fields; perf's pt_regs pointer */
	int pid;
	char oldcomm[16];
	char newcomm[16];
	short oom_score_adj;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("tracepoint/task/task_rename")
int count_renames(struct task_rename_record *rec)
{
	__u32 key = 1;
	__u64 *tid, *n;

	tid = bpf_map_lookup_elem(&counts, &key);
	if (!tid || *tid != (__u64)rec->pid)
		return 1;
	key = 0;
	n = bpf_map_lookup_elem(&counts, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
