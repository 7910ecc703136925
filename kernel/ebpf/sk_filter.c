// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TYPE_SOCKET_FILTER, the kernel half: the program's context is a
 * struct sk_buff, which it sees as the uapi's struct __sk_buff. The
 * verifier checks accesses against the __sk_buff layout (progtypes.c) and
 * has ebpf_skb_ctx_rewrite() turn each into loads from the sk_buff itself.
 * Legacy packet loads (LD_ABS, LD_IND), the helpers that read the skb
 * and its socket, and BPF_PROG_TEST_RUN live here too.
 */
#include <linux/ebpf.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/nsproxy.h>
#include <linux/skbuff.h>
#include <linux/uaccess.h>
#include <linux/sock_diag.h>
#include <linux/unaligned.h>
#include <net/busy_poll.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <net/sch_generic.h>
#include <net/sock.h>
#include <uapi/linux/filter.h>

#include "insn.h"
#include "interp.h"
#include "progtypes.h"
#include "verifier.h"

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

/* How the rewrite reads a field of skb_field_list.h from the sk_buff. */
enum ebpf_skb_read_kind {
	EBPF_SKB_NONE,		/* not a field socket filters read */
	EBPF_SKB_LOAD,		/* a member of 2 or 4 bytes */
	EBPF_SKB_PKT_TYPE,
	EBPF_SKB_VLAN_PRESENT,
	EBPF_SKB_IFINDEX,
	EBPF_SKB_TC_INDEX,
	EBPF_SKB_NAPI_ID,
	EBPF_SKB_SHINFO,	/* a 2-byte member of skb_shinfo(skb) */
};

struct ebpf_skb_read {
	u8 kind;		/* enum ebpf_skb_read_kind */
	u8 size;		/* BPF_W or BPF_H, for EBPF_SKB_LOAD */
	u16 off;		/* of the member in struct sk_buff */
};

/* the reads, by the field's offset in struct __sk_buff / 4 */
#define SKB_MEMBER32(m)	{ EBPF_SKB_LOAD, BPF_W, offsetof(struct sk_buff, m) }
#define SKB_MEMBER16(m)	{ EBPF_SKB_LOAD, BPF_H, offsetof(struct sk_buff, m) }
#define SKB_PKT_TYPE	{ EBPF_SKB_PKT_TYPE }
#define SKB_VLAN_PRESENT { EBPF_SKB_VLAN_PRESENT }
#define SKB_IFINDEX	{ EBPF_SKB_IFINDEX }
#define SKB_TC_INDEX	{ EBPF_SKB_TC_INDEX }
#define SKB_NAPI_ID	{ EBPF_SKB_NAPI_ID }
#define SKB_GSO_SEGS	\
	{ EBPF_SKB_SHINFO, BPF_H, offsetof(struct skb_shared_info, gso_segs) }
#define SKB_GSO_SIZE	\
	{ EBPF_SKB_SHINFO, BPF_H, offsetof(struct skb_shared_info, gso_size) }

static const struct ebpf_skb_read ebpf_skb_reads[sizeof(struct __sk_buff) / 4] = {
#define EBPF_SKB_FIELD(field, ...) \
	[SKB_FIELD(field) / 4] = __VA_ARGS__,
#include "skb_field_list.h"
#undef EBPF_SKB_FIELD
};

/*
 * skb_shinfo(skb) is skb->head + skb->end (an offset on 64-bit, a
 * pointer elsewhere): two loads from @src, so one goes to the scratch
 * register, leaving @src intact even when it is @dst.
 */
static struct bpf_insn *ebpf_skb_emit_shinfo(struct bpf_insn *p,
					     const struct ebpf_skb_read *r,
					     u8 dst, u8 src)
{
#ifdef NET_SKBUFF_DATA_USES_OFFSET
	BUILD_BUG_ON(sizeof_field(struct sk_buff, end) != 4);
	*p++ = ldx(BPF_MEM, BPF_W, EBPF_REG_AX, src,
		   offsetof(struct sk_buff, end));
	*p++ = ldx(BPF_MEM, BPF_DW, dst, src, offsetof(struct sk_buff, head));
	*p++ = INSN(BPF_ALU64 | BPF_ADD | BPF_X, dst, EBPF_REG_AX, 0, 0);
#else
	*p++ = ldx(BPF_MEM, sizeof(void *) == 8 ? BPF_DW : BPF_W, dst, src,
		   offsetof(struct sk_buff, end));
#endif
	*p++ = ldx(BPF_MEM, r->size, dst, dst, r->off);
	return p;
}

/*
 * Emit the read of @r into @dst from the sk_buff in @src: the field's
 * 32-bit value, zero-extended, or (for a 4-byte member and @mode
 * BPF_MEMSX) sign-extended. Returns the end of what it wrote.
 */
static struct bpf_insn *ebpf_skb_emit_read(struct bpf_insn *p,
					   const struct ebpf_skb_read *r,
					   u8 mode, u8 dst, u8 src)
{
	switch (r->kind) {
	case EBPF_SKB_LOAD:
		/* a 2-byte member is below 2^31: no sign to extend */
		*p++ = ldx(r->size == BPF_W ? mode : BPF_MEM, r->size, dst, src,
			   r->off);
		break;
	case EBPF_SKB_PKT_TYPE:
		/* a 3-bit field, first in its byte */
		*p++ = ldx(BPF_MEM, BPF_B, dst, src, PKT_TYPE_OFFSET);
		*p++ = INSN(BPF_ALU | BPF_AND | BPF_K, dst, 0, 0, PKT_TYPE_MAX);
#ifdef __BIG_ENDIAN_BITFIELD
		*p++ = INSN(BPF_ALU | BPF_RSH | BPF_K, dst, 0, 0, 5);
#endif
		break;
	case EBPF_SKB_VLAN_PRESENT:
		*p++ = ldx(BPF_MEM, BPF_W, dst, src,
			   offsetof(struct sk_buff, vlan_all));
		*p++ = INSN(BPF_JMP | BPF_JEQ | BPF_K, dst, 0, 1, 0);
		*p++ = INSN(BPF_ALU | BPF_MOV | BPF_K, dst, 0, 0, 1);
		break;
	case EBPF_SKB_IFINDEX:
		*p++ = ldx(BPF_MEM, BPF_DW, dst, src,
			   offsetof(struct sk_buff, dev));
		*p++ = INSN(BPF_JMP | BPF_JEQ | BPF_K, dst, 0, 1, 0);
		*p++ = ldx(mode, BPF_W, dst, dst,
			   offsetof(struct net_device, ifindex));
		break;
	case EBPF_SKB_TC_INDEX:
#if defined(CONFIG_NET_SCHED) || defined(CONFIG_NET_XGRESS)
		*p++ = ldx(BPF_MEM, BPF_H, dst, src,
			   offsetof(struct sk_buff, tc_index));
#else
		*p++ = INSN(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, 0);
#endif
		break;
	case EBPF_SKB_NAPI_ID:
#ifdef CONFIG_NET_RX_BUSY_POLL
		/* below MIN_NAPI_ID the union holds XPS's sender_cpu */
		*p++ = ldx(BPF_MEM, BPF_W, dst, src,
			   offsetof(struct sk_buff, napi_id));
		*p++ = INSN(BPF_JMP | BPF_JGE | BPF_K, dst, 0, 1, MIN_NAPI_ID);
#endif
		*p++ = INSN(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, 0);
		break;
	case EBPF_SKB_SHINFO:
		p = ebpf_skb_emit_shinfo(p, r, dst, src);
		break;
	}
	return p;
}

/*
 * Rewrite an access to __sk_buff that ebpf_skb_ctx_access_ok() allowed.
 * dst and src registers stay. A read gets the field's 32-bit value (see
 * ebpf_skb_emit_read()), then the bytes it asked for; a sign-extending
 * read (BPF_MEMSX) only needs its mode kept for the 32-bit members: the
 * other values are below 2^31. cb[] accesses of every kind and size keep
 * the instruction with the offset moved into skb->cb.
 */
static u32 ebpf_skb_ctx_rewrite(const struct bpf_insn *insn,
				struct bpf_insn *buf)
{
	u8 mode = BPF_MODE(insn->code), dst = insn->dst_reg, src = insn->src_reg;
	u32 size = BPF_SIZE(insn->code);
	const struct ebpf_skb_read *r;
	struct bpf_insn *p = buf;
	s16 off = insn->off;

	BUILD_BUG_ON(sizeof(struct qdisc_skb_cb) >
		     sizeof_field(struct sk_buff, cb));
	BUILD_BUG_ON(sizeof_field(struct qdisc_skb_cb, data) <
		     SKB_CB_END - SKB_CB_START);
	/* the widths skb_field_list.h gives its members */
	BUILD_BUG_ON(sizeof_field(struct sk_buff, len) != 4);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, mark) != 4);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, queue_mapping) != 2);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, protocol) != 2);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, vlan_tci) != 2);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, vlan_proto) != 2);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, priority) != 4);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, skb_iif) != 4);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, hash) != 4);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, vlan_all) != 4);
	BUILD_BUG_ON(sizeof_field(struct sk_buff, dev) != 8);
	BUILD_BUG_ON(sizeof_field(struct net_device, ifindex) != 4);

	if (off >= SKB_CB_START && off < SKB_CB_END) {
		*p = *insn;
		p->off = EBPF_SKB_CB_OFF + off - SKB_CB_START;
		return 1;
	}

	r = off >= 0 && off < sizeof(struct __sk_buff) ?
	    &ebpf_skb_reads[off / 4] : NULL;
	if (!r || r->kind == EBPF_SKB_NONE || BPF_CLASS(insn->code) != BPF_LDX) {
		/* not an access the verifier lets through: fail safe */
		if (BPF_CLASS(insn->code) == BPF_LDX)
			*p++ = INSN(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, 0);
		else
			*p++ = INSN(BPF_JMP | BPF_JA, 0, 0, 0, 0);
		return p - buf;
	}
	p = ebpf_skb_emit_read(p, r, mode, dst, src);
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
 * skb_load_bytes_relative(skb, offset, to, len, start_header): @len bytes
 * at @offset from the MAC header (BPF_HDR_START_MAC) or the network header
 * (BPF_HDR_START_NET), from the linear part only, as mainline; 0, or
 * -EFAULT with @to zeroed when they are not there.
 */
u64 ebpf_helper_skb_load_bytes_relative(u64 r1, u64 r2, u64 r3, u64 r4,
					u64 r5)
{
	const struct sk_buff *skb = (const void *)(uintptr_t)r1;
	void *to = (void *)(uintptr_t)r3;
	u32 offset = r2, len = r4;
	const u8 *start;

	/* as mainline: no header is 64 KiB long */
	if (offset > 0xffff)
		goto fail;
	if (r5 == BPF_HDR_START_MAC && skb_mac_header_was_set(skb))
		start = skb_mac_header(skb);
	else if (r5 == BPF_HDR_START_NET)
		start = skb_network_header(skb);
	else
		goto fail;
	if (start + offset + len > skb_tail_pointer(skb))
		goto fail;
	memcpy(to, start + offset, len);
	return 0;
fail:
	memset(to, 0, len);
	return -EFAULT;
}

/*
 * get_socket_cookie(skb): the cookie of skb->sk, as SO_COOKIE reports it;
 * made on first use. sk_filter() points skb->sk at the filtering socket
 * for the run; a packet socket's filter sees the skb's own, often none:
 * then 0.
 */
u64 ebpf_helper_get_socket_cookie(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	const struct sk_buff *skb = (const void *)(uintptr_t)r1;

	return skb->sk ? __sock_gen_cookie(skb->sk) : 0;
}

/*
 * get_socket_uid(skb): the owner of the skb's full socket (the listener
 * for a request socket), in the socket's network namespace's user
 * namespace; the overflow uid when there is none.
 */
u64 ebpf_helper_get_socket_uid(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	const struct sk_buff *skb = (const void *)(uintptr_t)r1;
	struct sock *sk = sk_to_full_sk(skb->sk);
	struct net *net;

	if (!sk || !sk_fullsock(sk))
		return overflowuid;
	net = sock_net(sk);
	return from_kuid_munged(net->user_ns, sock_net_uid(net, sk));
}

/*
 * The struct __sk_buff a BPF_PROG_TEST_RUN caller may set, as mainline:
 * mark, priority, ingress_ifindex, ifindex (the device the packet comes
 * in on), cb[], tstamp, wire_len, gso_segs, gso_size and hwtstamp. Any
 * other nonzero byte is EINVAL.
 */
static const struct {
	u16 start, end;
} ebpf_skb_ctx_settable[] = {
	{ SKB_FIELD(mark), offsetofend(struct __sk_buff, mark) },
	{ SKB_FIELD(priority), offsetofend(struct __sk_buff, ifindex) },
	{ SKB_FIELD(cb), offsetofend(struct __sk_buff, cb) },
	{ SKB_FIELD(tstamp), offsetofend(struct __sk_buff, gso_segs) },
	{ SKB_FIELD(gso_size), offsetofend(struct __sk_buff, gso_size) },
	{ SKB_FIELD(hwtstamp), offsetofend(struct __sk_buff, hwtstamp) },
};

static bool ebpf_skb_ctx_only_settable(const struct __sk_buff *ctx)
{
	const u8 *bytes = (const u8 *)ctx;
	u32 from = 0, i;

	for (i = 0; i < ARRAY_SIZE(ebpf_skb_ctx_settable); i++) {
		if (memchr_inv(bytes + from, 0,
			       ebpf_skb_ctx_settable[i].start - from))
			return false;
		from = ebpf_skb_ctx_settable[i].end;
	}
	return !memchr_inv(bytes + from, 0, sizeof(*ctx) - from);
}

/*
 * The caller's struct __sk_buff (ctx_in, or zeros when only ctx_out is
 * given), or NULL when neither is: then the run has none.
 */
static struct __sk_buff *ebpf_skb_ctx_in(const union bpf_attr *attr)
{
	struct __sk_buff *ctx;
	int err = 0;

	if (!attr->test.ctx_in && !attr->test.ctx_out)
		return NULL;
	ctx = kzalloc(sizeof(*ctx), GFP_USER);
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	if (attr->test.ctx_in)
		err = ebpf_copy_struct_from_user(ctx, sizeof(*ctx),
						 u64_to_user_ptr(attr->test.ctx_in),
						 attr->test.ctx_size_in);
	if (err) {
		kfree(ctx);
		return ERR_PTR(err);
	}
	return ctx;
}

/* Set up @skb as @ctx says; EINVAL for what a caller may not set. */
static int ebpf_skb_ctx_apply(struct sk_buff *skb, const struct __sk_buff *ctx)
{
	struct qdisc_skb_cb *cb = (struct qdisc_skb_cb *)skb->cb;

	if (!ebpf_skb_ctx_only_settable(ctx))
		return -EINVAL;
	/* what the stack would see on the wire: at least the packet */
	if (ctx->wire_len &&
	    (ctx->wire_len < skb->len || ctx->wire_len > GSO_LEGACY_MAX_SIZE))
		return -EINVAL;
	if (ctx->gso_segs > GSO_MAX_SEGS)
		return -EINVAL;
	skb->mark = ctx->mark;
	skb->priority = ctx->priority;
	skb->skb_iif = ctx->ingress_ifindex;
	skb->tstamp = ctx->tstamp;
	memcpy(cb->data, ctx->cb, sizeof(ctx->cb));
	cb->pkt_len = ctx->wire_len ?: skb->len;
	skb_shinfo(skb)->gso_segs = ctx->gso_segs;
	skb_shinfo(skb)->gso_size = ctx->gso_size;
	skb_shinfo(skb)->hwtstamps.hwtstamp = ctx->hwtstamp;
	return 0;
}

/* What ctx_out reports of @skb after the run, as mainline. */
static void ebpf_skb_ctx_fill(const struct sk_buff *skb,
			      struct __sk_buff *ctx)
{
	const struct qdisc_skb_cb *cb = (const struct qdisc_skb_cb *)skb->cb;

	ctx->mark = skb->mark;
	ctx->priority = skb->priority;
	ctx->ingress_ifindex = skb->skb_iif;
	ctx->ifindex = skb->dev->ifindex;
	ctx->tstamp = skb->tstamp;
	memcpy(ctx->cb, cb->data, sizeof(ctx->cb));
	ctx->wire_len = cb->pkt_len;
	ctx->gso_segs = skb_shinfo(skb)->gso_segs;
	ctx->hwtstamp = skb_shinfo(skb)->hwtstamps.hwtstamp;
}

/*
 * Hand @ctx back through ctx_out: cut to ctx_size_out (ENOSPC) when that
 * is smaller, the full size in ctx_size_out.
 */
static int ebpf_skb_ctx_out(const union bpf_attr *attr,
			    union bpf_attr __user *uattr,
			    const struct __sk_buff *ctx)
{
	void __user *out = u64_to_user_ptr(attr->test.ctx_out);
	u32 size = sizeof(*ctx), copy = min(size, attr->test.ctx_size_out);

	if (!out)
		return 0;
	if (copy_to_user(out, ctx, copy) ||
	    put_user(size, &uattr->test.ctx_size_out))
		return -EFAULT;
	return copy < size ? -ENOSPC : 0;
}

/*
 * The device the test packet comes in on, held: ctx's ifindex when above
 * 1 (ENODEV when there is none), else the caller's loopback.
 */
static struct net_device *ebpf_test_run_dev(const struct __sk_buff *ctx)
{
	struct net *net = current->nsproxy->net_ns;
	struct net_device *dev;

	if (!ctx || ctx->ifindex <= 1) {
		dev_hold(net->loopback_dev);
		return net->loopback_dev;
	}
	dev = dev_get_by_index(net, ctx->ifindex);
	return dev ?: ERR_PTR(-ENODEV);
}

static struct proto ebpf_test_run_proto = {
	.name		= "ebpf_test_run",
	.owner		= THIS_MODULE,
	.obj_size	= sizeof(struct sock),
};

/*
 * The socket the test packet belongs to while it runs, as mainline gives
 * one: unbound, owned by the caller's namespace, of the packet's family,
 * with its addresses for IPv4 and IPv6.
 */
static struct sock *ebpf_test_run_sock(struct sk_buff *skb)
{
	struct sock *sk = sk_alloc(current->nsproxy->net_ns, AF_UNSPEC,
				   GFP_USER, &ebpf_test_run_proto, 1);

	if (!sk)
		return NULL;
	sock_init_data(NULL, sk);
	if (skb->protocol == htons(ETH_P_IP)) {
		sk->sk_family = AF_INET;
		if (skb_headlen(skb) >= sizeof(struct iphdr)) {
			sk->sk_rcv_saddr = ip_hdr(skb)->saddr;
			sk->sk_daddr = ip_hdr(skb)->daddr;
		}
#if IS_ENABLED(CONFIG_IPV6)
	} else if (skb->protocol == htons(ETH_P_IPV6)) {
		sk->sk_family = AF_INET6;
		if (skb_headlen(skb) >= sizeof(struct ipv6hdr)) {
			sk->sk_v6_rcv_saddr = ipv6_hdr(skb)->saddr;
			sk->sk_v6_daddr = ipv6_hdr(skb)->daddr;
		}
#endif
	}
	return sk;
}

/*
 * BPF_PROG_TEST_RUN: the data is a packet with its Ethernet header, taken
 * in as the device of the caller's network namespace that ctx_in's
 * ifindex names (its loopback by default) would: the program sees
 * skb->data at the network header and skb->protocol set, and the skb
 * belongs to a socket of the packet's family. The packet comes back with
 * the Ethernet header, zeroed (the program could not see it), and the
 * context through ctx_out, as mainline. None of the flags.
 */
static int ebpf_sk_filter_test_run(struct ebpf_prog *prog,
				   const union bpf_attr *attr,
				   union bpf_attr __user *uattr)
{
	const u32 headroom = NET_SKB_PAD + NET_IP_ALIGN;
	const u32 tailroom = SKB_DATA_ALIGN(sizeof(struct skb_shared_info));
	u32 size = attr->test.data_size_in, retval, duration;
	struct net_device *dev = NULL;
	struct __sk_buff *ctx = NULL;
	struct sk_buff *skb;
	struct sock *sk = NULL;
	int err;

	if (attr->test.flags || attr->test.cpu || attr->test.batch_size)
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
	ctx = ebpf_skb_ctx_in(attr);
	if (IS_ERR(ctx)) {
		err = PTR_ERR(ctx);
		ctx = NULL;
		goto out;
	}
	dev = ebpf_test_run_dev(ctx);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		dev = NULL;
		goto out;
	}
	skb->protocol = eth_type_trans(skb, dev);
	skb_reset_network_header(skb);
	err = -ENOMEM;
	sk = ebpf_test_run_sock(skb);
	if (!sk)
		goto out;
	skb->sk = sk;
	err = ctx ? ebpf_skb_ctx_apply(skb, ctx) : 0;
	if (err)
		goto out;

	err = ebpf_test_run_repeat(prog, skb, attr->test.repeat, &retval,
				   &duration);
	if (err)
		goto out;
	if (ctx)
		ebpf_skb_ctx_fill(skb, ctx);
	memset(__skb_push(skb, ETH_HLEN), 0, ETH_HLEN);
	err = ebpf_test_run_output(attr, uattr, skb->data, skb->len, retval,
				   duration);
	if (!err && ctx)
		err = ebpf_skb_ctx_out(attr, uattr, ctx);
out:
	/* the skb goes first: it points at the socket, not owning it */
	consume_skb(skb);
	if (sk)
		sk_free(sk);
	dev_put(dev);
	kfree(ctx);
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
