// SPDX-License-Identifier: GPL-2.0
/*
 * sock_example's program in C: count the packets a socket receives per IP
 * protocol. Compiled by clang -target bpf, loaded by libbpf from
 * sock_example_libbpf; the map is a BTF-defined array, which libbpf
 * creates before it loads the program that refers to it.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/ip.h>
#include <stddef.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

/* the LD_ABS byte load, as the proposal's samples read packets */
unsigned long long load_byte(void *skb, unsigned long long off)
	asm("llvm.bpf.load.byte");

SEC("socket")
int count_protocols(struct __sk_buff *skb)
{
	__u32 proto = load_byte(skb, ETH_HLEN + offsetof(struct iphdr, protocol));
	__u64 *count;

	/* lo shows each packet twice, once outgoing: count it once */
	if (skb->pkt_type == PACKET_OUTGOING)
		return 0;
	count = bpf_map_lookup_elem(&counts, &proto);
	if (count)
		__sync_fetch_and_add(count, 1);
	/* nothing is queued to the socket: it only counts */
	return 0;
}

char _license[] SEC("license") = "GPL";
