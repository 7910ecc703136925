// SPDX-License-Identifier: GPL-2.0
/*
 * ringbuf_test's programs: each run appends one event, its sequence
 * number (a global) and the packet's length, to a ring buffer, as tracing
 * tools report events to user space: copied in (report), or written in
 * place into a reserved record, which every other run discards (fill).
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

__u32 fills;

SEC("socket")
int fill(struct __sk_buff *skb)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		return 1;
	e->seq = ++fills;
	e->len = skb->len;
	if (e->seq % 2)
		bpf_ringbuf_submit(e, 0);
	else
		bpf_ringbuf_discard(e, 0);
	return 0;
}

char _license[] SEC("license") = "GPL";
