// SPDX-License-Identifier: GPL-2.0
/*
 * dropmon's program in C: count skb/kfree_skb events per drop location
 * in a hash map. SEC("tracepoint/skb/kfree_skb") lets libbpf attach it
 * with bpf_program__attach_tracepoint() (perf_event_open() and
 * PERF_EVENT_IOC_SET_BPF on this kernel).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* the record, as events/skb/kfree_skb/format lays it out */
struct kfree_skb_record {
	__u64 header;		/* the common fields */
	void *skbaddr;
	void *location;
	void *rx_sk;
	unsigned short protocol;
	unsigned int reason;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u64);
	__type(value, __u64);
} drops SEC(".maps");

SEC("tracepoint/skb/kfree_skb")
int count_drops(struct kfree_skb_record *rec)
{
	__u64 where = (__u64)rec->location, one = 1, *n;

	n = bpf_map_lookup_elem(&drops, &where);
	if (!n) {
		if (!bpf_map_update_elem(&drops, &where, &one, BPF_NOEXIST))
			return 0;
		/* another CPU inserted it meanwhile (or the map is full) */
		n = bpf_map_lookup_elem(&drops, &where);
	}
	if (n)
		__sync_fetch_and_add(n, 1);
	/* nothing for perf to record: the map has what we want */
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
