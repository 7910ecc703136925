/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The struct __sk_buff fields a socket filter may read (cb[] aside, which
 * it may also write), once:
 *
 *	EBPF_SKB_FIELD(field, read)
 *
 * read is how the context rewrite (sk_filter.c) gets the value from the
 * struct sk_buff: SKB_MEMBER32(m) and SKB_MEMBER16(m) load member m of
 * that width (zero-extended to the field's 32 bits; sk_filter.c checks
 * the widths at build time); the others name a read of their own.
 * progtypes.c only needs the field names, for the verifier; every field
 * is 4 bytes and may be read narrower, little-endian. Include after
 * defining EBPF_SKB_FIELD; no include guard on purpose.
 */
EBPF_SKB_FIELD(len, SKB_MEMBER32(len))
/* a 3-bit field of the sk_buff */
EBPF_SKB_FIELD(pkt_type, SKB_PKT_TYPE)
EBPF_SKB_FIELD(mark, SKB_MEMBER32(mark))
EBPF_SKB_FIELD(queue_mapping, SKB_MEMBER16(queue_mapping))
/* network byte order, as the skb has it */
EBPF_SKB_FIELD(protocol, SKB_MEMBER16(protocol))
/* vlan_all != 0 */
EBPF_SKB_FIELD(vlan_present, SKB_VLAN_PRESENT)
EBPF_SKB_FIELD(vlan_tci, SKB_MEMBER16(vlan_tci))
EBPF_SKB_FIELD(vlan_proto, SKB_MEMBER16(vlan_proto))
EBPF_SKB_FIELD(priority, SKB_MEMBER32(priority))
EBPF_SKB_FIELD(ingress_ifindex, SKB_MEMBER32(skb_iif))
/* skb->dev ? skb->dev->ifindex : 0 */
EBPF_SKB_FIELD(ifindex, SKB_IFINDEX)
/* 0 when the kernel has no traffic control index */
EBPF_SKB_FIELD(tc_index, SKB_TC_INDEX)
EBPF_SKB_FIELD(hash, SKB_MEMBER32(hash))
/* 0 unless the skb came through a NAPI context with busy polling */
EBPF_SKB_FIELD(napi_id, SKB_NAPI_ID)
/* skb_shinfo(skb)->gso_segs and ->gso_size, at the end of the data */
EBPF_SKB_FIELD(gso_segs, SKB_GSO_SEGS)
EBPF_SKB_FIELD(gso_size, SKB_GSO_SIZE)
