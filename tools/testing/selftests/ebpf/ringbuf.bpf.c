// SPDX-License-Identifier: GPL-2.0
/*
 * ringbuf_test's program: each run appends one event, its sequence number
 * (a global) and the packet's length, to a ring buffer, as tracing tools
 * report events to user space.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct event {
	__u32 seq;
	__u32 len;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

__u32 seq;

SEC("socket")
int report(struct __sk_buff *skb)
{
	struct event e = { .seq = ++seq, .len = skb->len };

	return bpf_ringbuf_output(&events, &e, sizeof(e), 0);
}

char _license[] SEC("license") = "GPL";
