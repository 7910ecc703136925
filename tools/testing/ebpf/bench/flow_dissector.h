/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A flow dissector, the benchmark of the 2014 proposal: Ethernet, 802.1ad
 * and 802.1Q tags, IPv4 with options (fragments keep no ports), IPv6, and
 * the TCP or UDP ports, folded into a 32-bit flow hash (never 0; 0 means
 * "not IP"). Written once, compiled twice: by clang -target bpf, where
 * FD_LOAD8/16/32(ctx, off) are LD_ABS/LD_IND, and natively by gcc, where
 * they read a buffer.
 *
 * The includer defines FD_LOAD8, FD_LOAD16, FD_LOAD32 (big-endian bytes
 * at @off, as LD_ABS gives them), FD_CTX (the context's type) and FD_U32.
 */
#ifndef FLOW_DISSECTOR_H
#define FLOW_DISSECTOR_H

#define FD_ETH_HLEN	14
#define FD_P_8021Q	0x8100
#define FD_P_8021AD	0x88a8
#define FD_P_IP		0x0800
#define FD_P_IPV6	0x86dd
#define FD_TCP		6
#define FD_UDP		17

static inline FD_U32 fd_rol(FD_U32 v, int n)
{
	return v << n | v >> (32 - n);
}

/* a few rounds of jhash's final mix: every input bit reaches every output */
static inline FD_U32 fd_mix(FD_U32 a, FD_U32 b, FD_U32 c)
{
	c ^= b;
	c -= fd_rol(b, 14);
	a ^= c;
	a -= fd_rol(c, 11);
	b ^= a;
	b -= fd_rol(a, 25);
	c ^= b;
	c -= fd_rol(b, 16);
	a ^= c;
	a -= fd_rol(c, 4);
	b ^= a;
	b -= fd_rol(a, 14);
	c ^= b;
	c -= fd_rol(b, 24);
	return c;
}

static inline FD_U32 flow_dissect(FD_CTX *ctx)
{
	unsigned long long nhoff = FD_ETH_HLEN, proto;
	FD_U32 src, dst, ports = 0, ip_proto, h;

	proto = FD_LOAD16(ctx, 12);
	if (proto == FD_P_8021AD) {
		proto = FD_LOAD16(ctx, nhoff + 2);
		nhoff += 4;
	}
	if (proto == FD_P_8021Q) {
		proto = FD_LOAD16(ctx, nhoff + 2);
		nhoff += 4;
	}
	if (proto == FD_P_IP) {
		unsigned long long ihl = FD_LOAD8(ctx, nhoff) & 0xf;

		ip_proto = FD_LOAD8(ctx, nhoff + 9);
		if (FD_LOAD16(ctx, nhoff + 6) & 0x3fff)
			ip_proto = 0;	/* a fragment: no ports */
		src = FD_LOAD32(ctx, nhoff + 12);
		dst = FD_LOAD32(ctx, nhoff + 16);
		nhoff += ihl << 2;
	} else if (proto == FD_P_IPV6) {
		ip_proto = FD_LOAD8(ctx, nhoff + 6);
		src = FD_LOAD32(ctx, nhoff + 8) ^ FD_LOAD32(ctx, nhoff + 12) ^
		      FD_LOAD32(ctx, nhoff + 16) ^ FD_LOAD32(ctx, nhoff + 20);
		dst = FD_LOAD32(ctx, nhoff + 24) ^ FD_LOAD32(ctx, nhoff + 28) ^
		      FD_LOAD32(ctx, nhoff + 32) ^ FD_LOAD32(ctx, nhoff + 36);
		nhoff += 40;
	} else {
		return 0;
	}
	if (ip_proto == FD_TCP || ip_proto == FD_UDP)
		ports = FD_LOAD32(ctx, nhoff);
	h = fd_mix(src, dst, ports ^ ip_proto << 24 ^ (FD_U32)proto);
	return h ? h : 1;
}

#endif /* FLOW_DISSECTOR_H */
