// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TYPE_SOCKET_FILTER, the kernel half: the program's context is a
 * struct sk_buff, which it sees as the uapi's struct __sk_buff. The
 * verifier checks accesses against the __sk_buff layout (progtypes.c) and
 * has ebpf_skb_ctx_rewrite() turn each into loads from the sk_buff itself.
 * Legacy packet loads (LD_ABS, LD_IND), skb_load_bytes() and
 * BPF_PROG_TEST_RUN live here too.
 */
#include <linux/ebpf.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/nsproxy.h>
#include <linux/skbuff.h>
#include <linux/uaccess.h>
#include <linux/unaligned.h>
#include <net/net_namespace.h>
#include <net/sch_generic.h>
#include <uapi/linux/filter.h>

#include "interp.h"
#include "progtypes.h"
#include "verifier.h"

#define SKB_FIELD(field)	offsetof(struct __sk_buff, field)
#define SKB_CB_START		SKB_FIELD(cb[0])
#define SKB_CB_END		(SKB_FIELD(cb[4]) + sizeof(u32))

/*
 * cb[] of struct __sk_buff is the qdisc layer's private area of skb->cb,
 * which nothing else uses while a socket filter runs; whoever runs a
 * filter on a live skb must save it and zero it for the program, and
 * restore it after. BPF_PROG_TEST_RUN's skb is fresh, its cb zeroed.
 */
#define EBPF_SKB_CB_OFF \
	(offsetof(struct sk_buff, cb) + offsetof(struct qdisc_skb_cb, data))

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
			    .off = (o), .imm = (i) })

/* dst = *(size *)(src + off), with mode BPF_MEM or BPF_MEMSX */
static struct bpf_insn ldx(u8 mode, u8 size, u8 dst, u8 src, size_t off)
{
	return INSN(BPF_LDX | mode | size, dst, src, off, 0);
}

/*
 * Rewrite an access to __sk_buff that ebpf_skb_ctx_access_ok() allowed.
 * dst and src registers stay; a 4-byte read of a narrower sk_buff field
 * becomes a narrower load, zero-extending, so a sign-extending read
 * (BPF_MEMSX) only needs its mode kept for the 32-bit fields: the others
 * are below 2^31. cb[] accesses of every kind and size keep the
 * instruction with the offset moved into skb->cb.
 */
static u32 ebpf_skb_ctx_rewrite(const struct bpf_insn *insn,
				struct bpf_insn *buf)
{
	u8 mode = BPF_MODE(insn->code), dst = insn->dst_reg, src = insn->src_reg;
	u32 size = BPF_SIZE(insn->code);
	struct bpf_insn *p = buf;
	s16 off = insn->off;

	BUILD_BUG_ON(sizeof(struct qdisc_skb_cb) >
		     sizeof_field(struct sk_buff, cb));
	BUILD_BUG_ON(sizeof_field(struct qdisc_skb_cb, data) <
		     SKB_CB_END - SKB_CB_START);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, len) != 4);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, mark) != 4);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, queue_mapping) != 2);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, protocol) != 2);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, vlan_all) != 4);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, vlan_tci) != 2);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, vlan_proto) != 2);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, priority) != 4);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, skb_iif) != 4);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, dev) != 8);
	BUILD_BUG_ON(sizeof_field(struct net_device, ifindex) != 4);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, hash) != 4);

	if (off >= SKB_CB_START && off < SKB_CB_END) {
		*p = *insn;
		p->off = EBPF_SKB_CB_OFF + off - SKB_CB_START;
		return 1;
	}

	/* a 1- or 2-byte read of a field: read it whole, then narrow below */
	switch (off & ~3) {
	case SKB_FIELD(len):
		*p++ = ldx(mode, BPF_W, dst, src, offsetof(struct sk_buff, len));
		break;
	case SKB_FIELD(pkt_type):
		/* a 3-bit field, first in its byte */
		*p++ = ldx(BPF_MEM, BPF_B, dst, src, PKT_TYPE_OFFSET);
		*p++ = INSN(BPF_ALU | BPF_AND | BPF_K, dst, 0, 0, PKT_TYPE_MAX);
#ifdef __BIG_ENDIAN_BITFIELD
		*p++ = INSN(BPF_ALU | BPF_RSH | BPF_K, dst, 0, 0, 5);
#endif
		break;
	case SKB_FIELD(mark):
		*p++ = ldx(mode, BPF_W, dst, src, offsetof(struct sk_buff, mark));
		break;
	case SKB_FIELD(queue_mapping):
		*p++ = ldx(BPF_MEM, BPF_H, dst, src,
			   offsetof(struct sk_buff, queue_mapping));
		break;
	case SKB_FIELD(protocol):
		/* network byte order, as the skb has it */
		*p++ = ldx(BPF_MEM, BPF_H, dst, src,
			   offsetof(struct sk_buff, protocol));
		break;
	case SKB_FIELD(vlan_present):
		/* vlan_all != 0 */
		*p++ = ldx(BPF_MEM, BPF_W, dst, src,
			   offsetof(struct sk_buff, vlan_all));
		*p++ = INSN(BPF_JMP | BPF_JEQ | BPF_K, dst, 0, 1, 0);
		*p++ = INSN(BPF_ALU | BPF_MOV | BPF_K, dst, 0, 0, 1);
		break;
	case SKB_FIELD(vlan_tci):
		*p++ = ldx(BPF_MEM, BPF_H, dst, src,
			   offsetof(struct sk_buff, vlan_tci));
		break;
	case SKB_FIELD(vlan_proto):
		*p++ = ldx(BPF_MEM, BPF_H, dst, src,
			   offsetof(struct sk_buff, vlan_proto));
		break;
	case SKB_FIELD(priority):
		*p++ = ldx(mode, BPF_W, dst, src,
			   offsetof(struct sk_buff, priority));
		break;
	case SKB_FIELD(ingress_ifindex):
		*p++ = ldx(mode, BPF_W, dst, src,
			   offsetof(struct sk_buff, skb_iif));
		break;
	case SKB_FIELD(ifindex):
		/* skb->dev ? skb->dev->ifindex : 0 */
		*p++ = ldx(BPF_MEM, BPF_DW, dst, src,
			   offsetof(struct sk_buff, dev));
		*p++ = INSN(BPF_JMP | BPF_JEQ | BPF_K, dst, 0, 1, 0);
		*p++ = ldx(mode, BPF_W, dst, dst,
			   offsetof(struct net_device, ifindex));
		break;
	case SKB_FIELD(hash):
		*p++ = ldx(mode, BPF_W, dst, src, offsetof(struct sk_buff, hash));
		break;
	default:
		/* not an access the verifier lets through: fail safe */
		if (BPF_CLASS(insn->code) == BPF_LDX)
			*p++ = INSN(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, 0);
		else
			*p++ = INSN(BPF_JMP | BPF_JA, 0, 0, 0, 0);
		return p - buf;
	}
	if (size != BPF_W) {
		/* the bytes at off of the little-endian 4-byte value */
		if (off & 3)
			*p++ = INSN(BPF_ALU64 | BPF_RSH | BPF_K, dst, 0, 0,
				    (off & 3) * 8);
		*p++ = INSN(BPF_ALU | BPF_AND | BPF_K, dst, 0, 0,
			    size == BPF_B ? 0xff : 0xffff);
	}
	return p - buf;
}

/*
 * The bytes of a negative LD_ABS/LD_IND offset, as classic BPF defines
 * them: SKF_NET_OFF + n is byte n of the network header, SKF_LL_OFF + n
 * byte n of the link-layer header, both in the linear part of the skb.
 */
static const u8 *ebpf_skb_neg_pointer(const struct sk_buff *skb, s64 off,
				      u32 size)
{
	const u8 *base;

	if (off >= SKF_NET_OFF) {
		base = skb_network_header(skb);
		off -= SKF_NET_OFF;
	} else if (off >= SKF_LL_OFF && skb_mac_header_was_set(skb)) {
		base = skb_mac_header(skb);
		off -= SKF_LL_OFF;
	} else {
		return NULL;
	}
	if (base + off < skb->head ||
	    base + off + size > skb_tail_pointer(skb))
		return NULL;
	return base + off;
}

/*
 * LD_ABS and LD_IND: @size bytes at @offset (sign-extended 32 bits) from
 * skb->data, big-endian, converted to a number. Bytes not in the packet
 * end the program.
 */
static bool ebpf_skb_load_packet(const void *ctx, u64 offset, u32 size,
				 u64 *val)
{
	const struct sk_buff *skb = ctx;
	s64 off = (s64)offset;
	const u8 *p;
	u8 tmp[4];

	if (off >= 0 && off <= INT_MAX)
		p = skb_header_pointer(skb, off, size, tmp);
	else
		p = ebpf_skb_neg_pointer(skb, off, size);
	if (!p)
		return false;

	switch (size) {
	case 1:
		*val = *p;
		break;
	case 2:
		*val = get_unaligned_be16(p);
		break;
	default:
		*val = get_unaligned_be32(p);
	}
	return true;
}

/*
 * skb_load_bytes(skb, offset, to, len): copy @len bytes at @offset from
 * skb->data into @to; 0, or -EFAULT with @to zeroed when the packet does
 * not have them.
 */
u64 ebpf_helper_skb_load_bytes(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	const struct sk_buff *skb = (const void *)(uintptr_t)r1;
	void *to = (void *)(uintptr_t)r3;
	u32 offset = r2, len = r4;
	const void *p;

	if (offset > INT_MAX)
		goto fail;
	p = skb_header_pointer(skb, offset, len, to);
	if (!p)
		goto fail;
	if (p != to)
		memcpy(to, p, len);
	return 0;
fail:
	memset(to, 0, len);
	return -EFAULT;
}

/*
 * BPF_PROG_TEST_RUN: the data is a packet with its Ethernet header, taken
 * in as the loopback device of the caller's network namespace would: the
 * program sees skb->data at the network header and skb->protocol set.
 * The packet comes back with the Ethernet header, zeroed (the program
 * could not see it), as mainline. We take no struct __sk_buff from user
 * space (ctx_in, ctx_out) and none of the flags.
 */
static int ebpf_sk_filter_test_run(struct ebpf_prog *prog,
				   const union bpf_attr *attr,
				   union bpf_attr __user *uattr)
{
	const u32 headroom = NET_SKB_PAD + NET_IP_ALIGN;
	const u32 tailroom = SKB_DATA_ALIGN(sizeof(struct skb_shared_info));
	u32 size = attr->test.data_size_in, retval, duration;
	struct net_device *dev;
	struct sk_buff *skb;
	int err;

	if (attr->test.flags || attr->test.cpu || attr->test.batch_size)
		return -EINVAL;
	if (attr->test.ctx_in || attr->test.ctx_out)
		return -EINVAL;
	/* what fits in a page with the skb's head and tail room, as mainline */
	if (size < ETH_HLEN || size > PAGE_SIZE - headroom - tailroom)
		return -EINVAL;

	skb = alloc_skb(headroom + size, GFP_USER);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, headroom);
	err = -EFAULT;
	if (copy_from_user(skb_put(skb, size),
			   u64_to_user_ptr(attr->test.data_in), size))
		goto out;
	dev = current->nsproxy->net_ns->loopback_dev;
	skb->protocol = eth_type_trans(skb, dev);
	skb_reset_network_header(skb);

	err = ebpf_test_run_repeat(prog, skb, attr->test.repeat, &retval,
				   &duration);
	if (err)
		goto out;
	memset(__skb_push(skb, ETH_HLEN), 0, ETH_HLEN);
	err = ebpf_test_run_output(attr, uattr, skb->data, skb->len, retval,
				   duration);
out:
	consume_skb(skb);
	return err;
}

static const struct ebpf_prog_desc ebpf_sk_filter_desc = {
	.name		= "socket_filter",
	.ld_abs		= true,
	.ctx_access_ok	= ebpf_skb_ctx_access_ok,
	.ctx_rewrite	= ebpf_skb_ctx_rewrite,
	.helper		= ebpf_sk_filter_helper,
};

static const struct ebpf_interp_env ebpf_sk_filter_env = {
	.helpers	= ebpf_helper_fns,
	.load_packet	= ebpf_skb_load_packet,
	/* what skb_header_pointer() reads in place, the JIT reads inline */
	.linear		= {
		.data		= offsetof(struct sk_buff, data),
		.len		= offsetof(struct sk_buff, len),
		.data_len	= offsetof(struct sk_buff, data_len),
	},
};

const struct ebpf_prog_type ebpf_sk_filter_prog_type = {
	.desc		= &ebpf_sk_filter_desc,
	.env		= &ebpf_sk_filter_env,
	.unprivileged	= true,
	.test_run	= ebpf_sk_filter_test_run,
};
