// SPDX-License-Identifier: GPL-2.0
/*
 * The socket filter's struct __sk_buff: BPF_PROG_TEST_RUN with ctx_in and
 * ctx_out (the fields a caller may set, what comes back, the errnos of
 * everything else), the socket a test run's packet belongs to, and the
 * fields a program reads on real packets received over loopback, against
 * what the sender set and the kernel knows of them. Every case passes on
 * both kernels.
 */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include "sock_test.h"
#include "ebpf_asm.h"

#define SKB_OFF(f) offsetof(struct __sk_buff, f)
#define MAX_PROG 256
/* from include/linux/netdevice.h: gso_segs is a u16 */
#define GSO_MAX_SEGS 65535

/* An IPv4/UDP packet with its Ethernet header, as TEST_RUN takes it. */
static const unsigned char packet[64] = {
	[12] = 0x08, [14] = 0x45, [16] = 0, [17] = 50, [23] = IPPROTO_UDP,
	[26] = 10, [29] = 1, [30] = 10, [33] = 2,
};

/* r0 = the 32-bit field at @off of the context */
static int prog_read(int off)
{
	struct bpf_insn p[] = { I_LDX(BPF_W, 0, 1, off), I_EXIT() };

	return load(p, ARRAY_LEN(p));
}

/* TEST_RUN with a context; 0 or -errno, the attr's outputs in @attr. */
static int run_ctx(int fd, void *ctx_in, uint32_t size_in, void *ctx_out,
		   uint32_t size_out, union bpf_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->test.prog_fd = fd;
	attr->test.data_in = PTR(packet);
	attr->test.data_size_in = sizeof(packet);
	attr->test.ctx_in = PTR(ctx_in);
	attr->test.ctx_size_in = size_in;
	attr->test.ctx_out = PTR(ctx_out);
	attr->test.ctx_size_out = size_out;
	return sys_bpf(BPF_PROG_TEST_RUN, attr) ? -errno : 0;
}

/* Each field a caller may set reaches the program. */
static void ctx_in_reaches_the_program(void)
{
	static const struct {
		const char *name;
		int off;
		uint32_t value;
	} fields[] = {
		{ "mark", SKB_OFF(mark), 0x12345678 },
		{ "priority", SKB_OFF(priority), 7 },
		{ "ingress_ifindex", SKB_OFF(ingress_ifindex), 42 },
		{ "cb[0]", SKB_OFF(cb[0]), 0xdead },
		{ "cb[4]", SKB_OFF(cb[4]), 0xbeef },
		/* skb_shinfo(skb)'s, two loads away from the skb */
		{ "gso_segs", SKB_OFF(gso_segs), 7 },
		{ "gso_size", SKB_OFF(gso_size), 1400 },
	};
	struct __sk_buff ctx;
	union bpf_attr attr;
	unsigned int i;
	int fd;

	for (i = 0; i < ARRAY_LEN(fields); i++) {
		fd = prog_read(fields[i].off);
		if (!EXPECT_TRUE(fd >= 0))
			return;
		memset(&ctx, 0, sizeof(ctx));
		memcpy((char *)&ctx + fields[i].off, &fields[i].value, 4);
		if (EXPECT_EQ(run_ctx(fd, &ctx, sizeof(ctx), NULL, 0, &attr), 0) &&
		    !EXPECT_EQ(attr.test.retval, fields[i].value))
			ksft_print_msg("field %s\n", fields[i].name);
		close(fd);
	}
}

/*
 * Narrow reads of the shared info's fields, with the context register
 * also the destination (the rewrite must not lose it halfway): r0 =
 * gso_size's low byte << 16 | gso_segs's low half, read through r1.
 */
static void narrow_reads_of_shinfo_fields(void)
{
	struct bpf_insn p[] = {
		I_MOV64_REG(6, 1),
		I_LDX(BPF_B, 1, 1, SKB_OFF(gso_size)),
		I_ALU64_IMM(BPF_LSH, 1, 16),
		I_LDX(BPF_H, 0, 6, SKB_OFF(gso_segs)),
		I_ALU64_REG(BPF_OR, 0, 1),
		I_EXIT(),
	};
	struct __sk_buff in = { .gso_segs = 0x1234, .gso_size = 0x5678 };
	union bpf_attr attr;
	int fd = load(p, ARRAY_LEN(p));

	if (!EXPECT_TRUE(fd >= 0))
		return;
	if (EXPECT_EQ(run_ctx(fd, &in, sizeof(in), NULL, 0, &attr), 0))
		EXPECT_EQ(attr.test.retval, 0x781234);
	close(fd);
}

/* cb[] as the program left it, and what the kernel knows of the skb. */
static void ctx_out_reports_the_skb(void)
{
	struct bpf_insn p[] = {
		I_ST(BPF_W, 1, SKB_OFF(cb[0]), 0x1234),
		I_ST(BPF_W, 1, SKB_OFF(cb[4]), 7),
		I_MOV64_IMM(0, -1), I_EXIT(),
	};
	struct __sk_buff in = { .mark = 5, .priority = 6, .cb[2] = 9 }, out;
	union bpf_attr attr;
	int fd = load(p, ARRAY_LEN(p));

	if (!EXPECT_TRUE(fd >= 0))
		return;
	memset(&out, 0xaa, sizeof(out));
	if (EXPECT_EQ(run_ctx(fd, &in, sizeof(in), &out, sizeof(out), &attr),
		      0)) {
		EXPECT_EQ(attr.test.ctx_size_out, sizeof(out));
		EXPECT_EQ(out.cb[0], 0x1234);
		EXPECT_EQ(out.cb[2], 9);
		EXPECT_EQ(out.cb[4], 7);
		EXPECT_EQ(out.mark, 5);
		EXPECT_EQ(out.priority, 6);
		/* the loopback device; the length past the Ethernet header */
		EXPECT_EQ(out.ifindex, 1);
		EXPECT_EQ(out.wire_len, sizeof(packet) - ETH_HLEN);
		/* what ctx_out does not report stays as the kernel zeroed it */
		EXPECT_EQ(out.len, 0);
		EXPECT_EQ(out.hash, 0);
	}
	/* ctx_out alone: the context starts zeroed */
	memset(&out, 0xaa, sizeof(out));
	if (EXPECT_EQ(run_ctx(fd, NULL, 0, &out, sizeof(out), &attr), 0)) {
		EXPECT_EQ(out.cb[0], 0x1234);
		EXPECT_EQ(out.cb[2], 0);
		EXPECT_EQ(out.mark, 0);
	}
	close(fd);
}

enum ctx_bad {
	SET_LEN, SET_PROTOCOL, SET_TC_INDEX, SET_HASH, SET_NAPI_ID,
	SET_DATA, SET_FAMILY, SET_SK, SET_TSTAMP_TYPE, WIRE_LEN_SHORT,
	WIRE_LEN_HUGE, GSO_SEGS_HUGE, TAIL_NONZERO, TAIL_ZERO, OVER_A_PAGE,
	SHORT_IN, NO_SUCH_IFINDEX, BAD_POINTER, OUT_TOO_SMALL,
};

static const struct {
	const char *name;
	enum ctx_bad what;
	int expect;
} ctx_errnos[] = {
	{ "len set", SET_LEN, -EINVAL },
	{ "protocol set", SET_PROTOCOL, -EINVAL },
	{ "tc_index set", SET_TC_INDEX, -EINVAL },
	{ "hash set", SET_HASH, -EINVAL },
	{ "napi_id set", SET_NAPI_ID, -EINVAL },
	{ "data set", SET_DATA, -EINVAL },
	{ "family set", SET_FAMILY, -EINVAL },
	{ "sk set", SET_SK, -EINVAL },
	{ "tstamp_type set", SET_TSTAMP_TYPE, -EINVAL },
	{ "wire_len below the packet", WIRE_LEN_SHORT, -EINVAL },
	{ "wire_len above 64 KiB", WIRE_LEN_HUGE, -EINVAL },
	{ "gso_segs above the maximum", GSO_SEGS_HUGE, -EINVAL },
	{ "nonzero bytes past the struct", TAIL_NONZERO, -E2BIG },
	{ "zero bytes past the struct", TAIL_ZERO, 0 },
	{ "more than a page", OVER_A_PAGE, -E2BIG },
	{ "the first 8 bytes only", SHORT_IN, 0 },
	{ "an ifindex nothing has", NO_SUCH_IFINDEX, -ENODEV },
	{ "ctx_in unreadable", BAD_POINTER, -EFAULT },
	{ "ctx_size_out too small", OUT_TOO_SMALL, -ENOSPC },
};

static int run_ctx_bad(int fd, enum ctx_bad what)
{
	static unsigned char buf[8192];
	struct __sk_buff *ctx = (void *)buf, out;
	uint32_t size = sizeof(*ctx), out_size = 0;
	union bpf_attr attr;
	void *in = buf;

	memset(buf, 0, sizeof(buf));
	switch (what) {
	case SET_LEN:
		ctx->len = 1;
		break;
	case SET_PROTOCOL:
		ctx->protocol = 8;
		break;
	case SET_TC_INDEX:
		ctx->tc_index = 1;
		break;
	case SET_HASH:
		ctx->hash = 1;
		break;
	case SET_NAPI_ID:
		ctx->napi_id = 1;
		break;
	case SET_DATA:
		ctx->data = 1;
		break;
	case SET_FAMILY:
		ctx->family = AF_INET;
		break;
	case SET_SK:
		buf[SKB_OFF(sk)] = 1;
		break;
	case SET_TSTAMP_TYPE:
		ctx->tstamp_type = 1;
		break;
	case WIRE_LEN_SHORT:
		ctx->wire_len = 1;
		break;
	case WIRE_LEN_HUGE:
		ctx->wire_len = 65536 + 1;
		break;
	case GSO_SEGS_HUGE:
		ctx->gso_segs = GSO_MAX_SEGS + 1;
		break;
	case TAIL_NONZERO:
		size += 8;
		buf[size - 1] = 1;
		break;
	case TAIL_ZERO:
		size += 8;
		break;
	case OVER_A_PAGE:
		size = 4097;
		break;
	case SHORT_IN:
		size = 8;
		ctx->mark = 3;
		break;
	case NO_SUCH_IFINDEX:
		ctx->ifindex = 99999;
		break;
	case BAD_POINTER:
		in = (void *)8;
		break;
	case OUT_TOO_SMALL:
		out_size = 4;
		break;
	}
	return run_ctx(fd, in, size, out_size ? &out : NULL, out_size, &attr);
}

static void ctx_errno_table(void)
{
	int fd = prog_read(SKB_OFF(mark));
	unsigned int i;

	if (!EXPECT_TRUE(fd >= 0))
		return;
	for (i = 0; i < ARRAY_LEN(ctx_errnos); i++)
		if (!expect_result(ctx_errnos[i].name,
				   run_ctx_bad(fd, ctx_errnos[i].what),
				   ctx_errnos[i].expect))
			ebpf_case_failed = true;
	close(fd);
}

/*
 * A test run's packet belongs to a socket of the caller's: a cookie, and
 * the caller's uid (root here).
 */
static void test_run_packet_has_a_socket(void)
{
	struct bpf_insn cookie[] = {
		I_CALL(BPF_FUNC_get_socket_cookie),
		I_MOV64_REG(1, 0), I_MOV64_IMM(0, 0),
		I_JMP_IMM(BPF_JEQ, 1, 0, 1), I_MOV64_IMM(0, 1), I_EXIT(),
	};
	struct bpf_insn uid[] = {
		I_CALL(BPF_FUNC_get_socket_uid), I_EXIT(),
	};
	struct test_run t = { .in = packet, .in_size = sizeof(packet) };
	int fd = load(cookie, ARRAY_LEN(cookie));

	if (EXPECT_TRUE(fd >= 0) && EXPECT_EQ(prog_test_run(fd, &t), 0))
		EXPECT_EQ(t.retval, 1);
	if (fd >= 0)
		close(fd);
	fd = load(uid, ARRAY_LEN(uid));
	if (EXPECT_TRUE(fd >= 0) && EXPECT_EQ(prog_test_run(fd, &t), 0))
		EXPECT_EQ(t.retval, getuid());
	if (fd >= 0)
		close(fd);
}

/* ---- on real packets ---- */

/* The fields the filter copies into its map, in this order. */
static const struct {
	const char *name;
	int off;
} real_fields[] = {
	{ "len", SKB_OFF(len) },
	{ "pkt_type", SKB_OFF(pkt_type) },
	{ "mark", SKB_OFF(mark) },
	{ "queue_mapping", SKB_OFF(queue_mapping) },
	{ "protocol", SKB_OFF(protocol) },
	{ "vlan_present", SKB_OFF(vlan_present) },
	{ "vlan_tci", SKB_OFF(vlan_tci) },
	{ "priority", SKB_OFF(priority) },
	{ "ingress_ifindex", SKB_OFF(ingress_ifindex) },
	{ "ifindex", SKB_OFF(ifindex) },
	{ "tc_index", SKB_OFF(tc_index) },
	{ "napi_id", SKB_OFF(napi_id) },
	{ "gso_segs", SKB_OFF(gso_segs) },
	{ "gso_size", SKB_OFF(gso_size) },
	/* written by the filter first: cb[] is the filter's own */
	{ "cb[3]", SKB_OFF(cb[3]) },
};

/* map[i] = field i, for each of real_fields; keep the datagram */
static int prog_copy_fields(int map)
{
	struct bpf_insn p[MAX_PROG];
	unsigned int i;
	int n = 0;

	p[n++] = I_MOV64_REG(6, 1);
	p[n++] = I_ST(BPF_W, 6, SKB_OFF(cb[3]), 0x5a5a);
	for (i = 0; i < ARRAY_LEN(real_fields); i++) {
		p[n++] = I_LDX(BPF_W, 0, 6, real_fields[i].off);
		p[n++] = I_STX(BPF_DW, 10, 0, -16);
		p[n++] = I_ST(BPF_W, 10, -4, i);
		p[n++] = I_MOV64_REG(2, 10);
		p[n++] = I_ALU64_IMM(BPF_ADD, 2, -4);
		p[n++] = I_MOV64_REG(3, 10);
		p[n++] = I_ALU64_IMM(BPF_ADD, 3, -16);
		p[n++] = I_MOV64_IMM(4, 0);
		p[n++] = I_LD_MAP_FD(1, map);
		p[n++] = I_LD64_HI(0);
		p[n++] = I_CALL(BPF_FUNC_map_update_elem);
	}
	p[n++] = I_MOV64_IMM(0, -1);
	p[n++] = I_EXIT();
	return load(p, n);
}

/*
 * A UDP datagram over loopback with the sender's SO_MARK and SO_PRIORITY:
 * the receiving socket's filter sees the UDP header and payload, from lo,
 * for this host, with the sender's mark and priority, no VLAN, no NAPI.
 */
static void fields_of_a_received_datagram(void)
{
	static const long expect[ARRAY_LEN(real_fields)] = {
		8 + 10, PACKET_HOST, 0x77, 0, 0x0008 /* htons(ETH_P_IP) */,
		0, 0, 3, 1, 1, 0, 0, 0, 0, 0x5a5a,
	};
	int map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, ARRAY_LEN(real_fields),
			     0);
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int prog = map >= 0 ? prog_copy_fields(map) : -1, rx, tx;
	int mark = 0x77, prio = 3;
	socklen_t len = sizeof(a);
	char buf[32];
	unsigned int i;

	rx = socket(AF_INET, SOCK_DGRAM, 0);
	tx = socket(AF_INET, SOCK_DGRAM, 0);
	if (!EXPECT_TRUE(prog >= 0 && rx >= 0 && tx >= 0) ||
	    !EXPECT_EQ(bind(rx, (void *)&a, sizeof(a)), 0) ||
	    !EXPECT_EQ(getsockname(rx, (void *)&a, &len), 0) ||
	    !EXPECT_EQ(setsockopt(rx, SOL_SOCKET, SO_ATTACH_BPF, &prog,
				  sizeof(prog)), 0) ||
	    !EXPECT_EQ(setsockopt(tx, SOL_SOCKET, SO_MARK, &mark,
				  sizeof(mark)), 0) ||
	    !EXPECT_EQ(setsockopt(tx, SOL_SOCKET, SO_PRIORITY, &prio,
				  sizeof(prio)), 0) ||
	    !EXPECT_EQ(sendto(tx, "0123456789", 10, 0, (void *)&a, sizeof(a)),
		       10) ||
	    !EXPECT_EQ(recv(rx, buf, sizeof(buf), 0), 10))
		goto out;
	for (i = 0; i < ARRAY_LEN(real_fields); i++)
		if (!EXPECT_EQ(array_value(map, i), expect[i]))
			ksft_print_msg("field %s\n", real_fields[i].name);
out:
	if (tx >= 0)
		close(tx);
	if (rx >= 0)
		close(rx);
	if (prog >= 0)
		close(prog);
	if (map >= 0)
		close(map);
}

static const struct test_case cases[] = {
	{ "TEST_RUN: ctx_in fields reach the program",
	  ctx_in_reaches_the_program },
	{ "TEST_RUN: narrow reads of gso_segs and gso_size",
	  narrow_reads_of_shinfo_fields },
	{ "TEST_RUN: ctx_out reports the skb", ctx_out_reports_the_skb },
	{ "TEST_RUN: errnos of ctx_in and ctx_out", ctx_errno_table },
	{ "TEST_RUN: the packet has a socket", test_run_packet_has_a_socket },
	{ "real packets: the fields of a received datagram",
	  fields_of_a_received_datagram },
};

int main(void)
{
	run_cases(cases, ARRAY_LEN(cases));
	return 0;
}
