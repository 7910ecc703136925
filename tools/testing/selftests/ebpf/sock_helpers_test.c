// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers a socket filter may call: which ones load for a privileged
 * and for an unprivileged loader (a program per helper, expectations as
 * mainline 6.12's sk_filter_func_proto() has them), and what the skb
 * helpers return on real packets: get_socket_cookie() and
 * get_socket_uid() of the filtering socket, skb_load_bytes_relative() from
 * the MAC and the network header. Every case passes on both kernels.
 */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include "sock_test.h"
#include "ebpf_asm.h"

#ifndef SO_COOKIE
#define SO_COOKIE 57
#endif

#define MAX_PROG 256

/* the uid a socketless skb gets, /proc/sys/kernel/overflowuid */
#define OVERFLOW_UID 65534

enum priv { PRIV, UNPRIV };

/* BPF_PROG_LOAD of a socket filter as @priv says; the fd or -errno. */
static int load_as(enum priv priv, const struct bpf_insn *insns, int n)
{
	int old = read_unpriv_sysctl(), fd;

	if (priv == PRIV)
		return prog_load(BPF_PROG_TYPE_SOCKET_FILTER, insns, n);
	if (!write_unpriv_sysctl(0))
		return -1000;
	if (!caps_effective(false))
		ksft_exit_fail_msg("capset: %s\n", strerror(errno));
	fd = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, insns, n);
	if (!caps_effective(true))
		ksft_exit_fail_msg("capset: %s\n", strerror(errno));
	write_unpriv_sysctl(old);
	return fd;
}

struct helper_case {
	const char *name;
	int id;
	int priv;	/* 0 or -errno, for each loader */
	int unpriv;
};

/*
 * Arguments every row gets: r1 the context, r2 0, r3 8 bytes of stack,
 * r4 8, r5 0, which is what the skb helpers need and the others ignore.
 */
static const struct helper_case helper_cases[] = {
	{ "ktime_get_ns", BPF_FUNC_ktime_get_ns, 0, 0 },
	{ "get_prandom_u32", BPF_FUNC_get_prandom_u32, 0, 0 },
	{ "get_smp_processor_id", BPF_FUNC_get_smp_processor_id, 0, 0 },
	{ "get_current_pid_tgid", BPF_FUNC_get_current_pid_tgid, 0, 0 },
	{ "get_numa_node_id", BPF_FUNC_get_numa_node_id, 0, 0 },
	{ "ktime_get_boot_ns", BPF_FUNC_ktime_get_boot_ns, 0, 0 },
	{ "ktime_get_tai_ns", BPF_FUNC_ktime_get_tai_ns, 0, 0 },
	{ "ktime_get_coarse_ns", BPF_FUNC_ktime_get_coarse_ns, 0, 0 },
	{ "skb_load_bytes", BPF_FUNC_skb_load_bytes, 0, 0 },
	{ "skb_load_bytes_relative", BPF_FUNC_skb_load_bytes_relative, 0, 0 },
	{ "get_socket_cookie", BPF_FUNC_get_socket_cookie, 0, 0 },
	{ "get_socket_uid", BPF_FUNC_get_socket_uid, 0, 0 },
	/* CAP_BPF's */
	{ "jiffies64", BPF_FUNC_jiffies64, 0, -EINVAL },
	/* other program types' */
	{ "probe_read", BPF_FUNC_probe_read, -EINVAL, -EINVAL },
	{ "get_current_comm", BPF_FUNC_get_current_comm, -EINVAL, -EINVAL },
	{ "skb_store_bytes", BPF_FUNC_skb_store_bytes, -EINVAL, -EINVAL },
	{ "get_cgroup_classid", BPF_FUNC_get_cgroup_classid, -EINVAL,
	  -EINVAL },
	{ "skb_change_head", BPF_FUNC_skb_change_head, -EINVAL, -EINVAL },
	{ "unspec", BPF_FUNC_unspec, -EINVAL, -EINVAL },
	{ "past the last id", __BPF_FUNC_MAX_ID, -EINVAL, -EINVAL },
	{ "id 100000", 100000, -EINVAL, -EINVAL },
};

static int load_helper_call(enum priv priv, int id)
{
	struct bpf_insn p[] = {
		I_MOV64_IMM(2, 0), I_MOV64_REG(3, 10),
		I_ALU64_IMM(BPF_ADD, 3, -8), I_MOV64_IMM(4, 8),
		I_MOV64_IMM(5, 0), I_CALL(id), I_MOV64_IMM(0, 0), I_EXIT(),
	};
	int fd = load_as(priv, p, ARRAY_LEN(p));

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return fd;
}

static void helper_table(void)
{
	const struct helper_case *c;
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(helper_cases); i++) {
		c = &helper_cases[i];
		if (!expect_result(c->name, load_helper_call(PRIV, c->id),
				   c->priv))
			ebpf_case_failed = true;
		if (!expect_result(c->name, load_helper_call(UNPRIV, c->id),
				   c->unpriv))
			ebpf_case_failed = true;
	}
}

/* ---- on packets ---- */

/* p[n...] = map[@key] = r0; clobbers r1..r5 (r6 the context, r7) */
static int emit_store_r0(struct bpf_insn *p, int n, int map, int key)
{
	p[n++] = I_MOV64_REG(7, 0);
	p[n++] = I_ST(BPF_W, 10, -4, key);
	p[n++] = I_MOV64_REG(2, 10);
	p[n++] = I_ALU64_IMM(BPF_ADD, 2, -4);
	p[n++] = I_MOV64_REG(3, 10);
	p[n++] = I_ALU64_IMM(BPF_ADD, 3, -16);
	p[n++] = I_STX(BPF_DW, 10, 7, -16);
	p[n++] = I_MOV64_IMM(4, 0);
	p[n++] = I_LD_MAP_FD(1, map);
	p[n++] = I_LD64_HI(0);
	p[n++] = I_CALL(BPF_FUNC_map_update_elem);
	return n;
}

/* map[0] = the socket's cookie, map[1] = its uid; keep the packet */
static int prog_cookie_uid(int map)
{
	struct bpf_insn p[MAX_PROG];
	int n = 0;

	p[n++] = I_MOV64_REG(6, 1);
	p[n++] = I_CALL(BPF_FUNC_get_socket_cookie);
	n = emit_store_r0(p, n, map, 0);
	p[n++] = I_MOV64_REG(1, 6);
	p[n++] = I_CALL(BPF_FUNC_get_socket_uid);
	n = emit_store_r0(p, n, map, 1);
	p[n++] = I_MOV64_IMM(0, -1);
	p[n++] = I_EXIT();
	return load(p, n);
}

/*
 * skb_load_bytes_relative(skb, @off, fp-8, @len, @start) over 8 bytes of
 * all-ones: the 8 bytes (a little-endian u64) into map[@key], r0 into
 * map[@key + 1].
 */
static int emit_load_relative(struct bpf_insn *p, int n, int map, int key,
			      int off, int len, int start)
{
	p[n++] = I_ST(BPF_DW, 10, -8, -1);
	p[n++] = I_MOV64_REG(1, 6);
	p[n++] = I_MOV64_IMM(2, off);
	p[n++] = I_MOV64_REG(3, 10);
	p[n++] = I_ALU64_IMM(BPF_ADD, 3, -8);
	p[n++] = I_MOV64_IMM(4, len);
	p[n++] = I_MOV64_IMM(5, start);
	p[n++] = I_CALL(BPF_FUNC_skb_load_bytes_relative);
	p[n++] = I_MOV64_REG(8, 0);
	p[n++] = I_LDX(BPF_DW, 0, 10, -8);
	n = emit_store_r0(p, n, map, key);
	p[n++] = I_MOV64_REG(0, 8);
	return emit_store_r0(p, n, map, key + 1);
}

/* only the copy that comes in: lo shows the outgoing one first */
static int prog_relative(int map)
{
	struct bpf_insn p[MAX_PROG];
	int n = 0;

	p[n++] = I_MOV64_REG(6, 1);
	p[n++] = I_LDX(BPF_W, 0, 6, offsetof(struct __sk_buff, pkt_type));
	p[n++] = I_JMP_IMM(BPF_JNE, 0, PACKET_OUTGOING, 2);
	p[n++] = I_MOV64_IMM(0, 0);
	p[n++] = I_EXIT();
	/* the EtherType, 2 bytes at 12 of the MAC header */
	n = emit_load_relative(p, n, map, 0, 12, 2, BPF_HDR_START_MAC);
	/* version and IHL, then the protocol of the IPv4 header */
	n = emit_load_relative(p, n, map, 2, 0, 1, BPF_HDR_START_NET);
	n = emit_load_relative(p, n, map, 4, 9, 1, BPF_HDR_START_NET);
	/* no such start, an offset past 64 KiB, past the packet */
	n = emit_load_relative(p, n, map, 6, 0, 1, 2);
	n = emit_load_relative(p, n, map, 8, 0x10000, 1, BPF_HDR_START_NET);
	n = emit_load_relative(p, n, map, 10, 1400, 8, BPF_HDR_START_NET);
	p[n++] = I_MOV64_IMM(0, 0);
	p[n++] = I_EXIT();
	return load(p, n);
}

/*
 * sk_filter(), which runs the filter of a UDP, TCP or Unix socket, lends
 * the skb to that socket for the run: the helpers see the receiving
 * socket, not the Unix datagram's sender.
 */
static void cookie_and_uid_of_the_filtering_socket(void)
{
	int map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0), prog, sv[2];
	uint64_t cookie = 0, peer_cookie = 0;
	socklen_t len = sizeof(cookie);
	char buf[8];

	prog = map >= 0 ? prog_cookie_uid(map) : -1;
	if (!EXPECT_TRUE(prog >= 0) ||
	    !EXPECT_TRUE(!socketpair(AF_UNIX, SOCK_DGRAM, 0, sv)))
		goto out;
	if (EXPECT_EQ(setsockopt(sv[1], SOL_SOCKET, SO_ATTACH_BPF, &prog,
				 sizeof(prog)), 0) &&
	    EXPECT_EQ(getsockopt(sv[0], SOL_SOCKET, SO_COOKIE, &cookie, &len),
		      0) &&
	    EXPECT_EQ(getsockopt(sv[1], SOL_SOCKET, SO_COOKIE, &peer_cookie,
				 &len), 0) &&
	    EXPECT_EQ(send(sv[0], "hi", 2, 0), 2) &&
	    EXPECT_EQ(recv(sv[1], buf, sizeof(buf), 0), 2)) {
		EXPECT_TRUE(cookie != 0 && cookie != peer_cookie);
		EXPECT_EQ(array_value(map, 0), (long)peer_cookie);
		EXPECT_EQ(array_value(map, 1), getuid());
	}
	close(sv[0]);
	close(sv[1]);
out:
	if (prog >= 0)
		close(prog);
	if (map >= 0)
		close(map);
}

/*
 * A packet socket runs its filter on the skb as it is, and loopback UDP
 * arrives with no socket of its own: the cookie is 0 and the uid the
 * overflow uid.
 */
static void cookie_and_uid_without_a_socket(void)
{
	struct sockaddr_ll ll = { .sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_IP) };
	int map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0), prog, ps, tx, rx;
	struct sockaddr_in to;

	prog = map >= 0 ? prog_cookie_uid(map) : -1;
	ps = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_IP));
	tx = socket(AF_INET, SOCK_DGRAM, 0);
	rx = udp_bound(&to);
	ll.sll_ifindex = if_nametoindex("lo");
	if (EXPECT_TRUE(prog >= 0) &&
	    EXPECT_TRUE(ps >= 0 && tx >= 0 && rx >= 0) &&
	    EXPECT_EQ(bind(ps, (void *)&ll, sizeof(ll)), 0) &&
	    EXPECT_EQ(setsockopt(ps, SOL_SOCKET, SO_ATTACH_BPF, &prog,
				 sizeof(prog)), 0) &&
	    EXPECT_EQ(sendto(tx, "x", 1, 0, (void *)&to, sizeof(to)), 1) &&
	    EXPECT_TRUE(readable(rx, 1000))) {
		/* the last copy the filter saw came in, without a socket */
		EXPECT_EQ(array_value(map, 0), 0);
		EXPECT_EQ(array_value(map, 1), OVERFLOW_UID);
	}
	if (rx >= 0)
		close(rx);
	if (tx >= 0)
		close(tx);
	if (ps >= 0)
		close(ps);
	if (prog >= 0)
		close(prog);
	if (map >= 0)
		close(map);
}

/* One UDP datagram on lo, seen by a packet socket running @prog. */
static bool one_udp_datagram_seen(int prog)
{
	struct sockaddr_ll ll = { .sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_ALL) };
	int ps = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	int tx = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in to;
	int rx = udp_bound(&to);
	bool ok;

	ll.sll_ifindex = if_nametoindex("lo");
	ok = EXPECT_TRUE(ps >= 0 && tx >= 0 && rx >= 0) &&
	     EXPECT_EQ(bind(ps, (void *)&ll, sizeof(ll)), 0) &&
	     EXPECT_EQ(setsockopt(ps, SOL_SOCKET, SO_ATTACH_BPF, &prog,
				  sizeof(prog)), 0) &&
	     EXPECT_EQ(sendto(tx, "x", 1, 0, (void *)&to, sizeof(to)), 1) &&
	     /* in the UDP socket: the packet socket's filter has run */
	     EXPECT_TRUE(readable(rx, 1000));
	if (rx >= 0)
		close(rx);
	if (tx >= 0)
		close(tx);
	if (ps >= 0)
		close(ps);
	return ok;
}

static void load_bytes_relative_on_a_packet(void)
{
	int map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 12, 0), prog;

	prog = map >= 0 ? prog_relative(map) : -1;
	if (!EXPECT_TRUE(prog >= 0))
		goto out;
	if (one_udp_datagram_seen(prog)) {
		/* the bytes read over all-ones, as a little-endian u64 */
		EXPECT_EQ(array_value(map, 0), (long)(~0xffffull | 0x0008));
		EXPECT_EQ(array_value(map, 1), 0);
		EXPECT_EQ(array_value(map, 2), (long)(~0xffull | 0x45));
		EXPECT_EQ(array_value(map, 3), 0);
		EXPECT_EQ(array_value(map, 4), (long)(~0xffull | IPPROTO_UDP));
		EXPECT_EQ(array_value(map, 5), 0);
		/* a failure zeroes the len bytes and returns -EFAULT */
		EXPECT_EQ(array_value(map, 6), (long)~0xffull);
		EXPECT_EQ(array_value(map, 7), -EFAULT);
		EXPECT_EQ(array_value(map, 8), (long)~0xffull);
		EXPECT_EQ(array_value(map, 9), -EFAULT);
		EXPECT_EQ(array_value(map, 10), 0);
		EXPECT_EQ(array_value(map, 11), -EFAULT);
	}
	close(prog);
out:
	if (map >= 0)
		close(map);
}

static const struct test_case cases[] = {
	{ "helpers a socket filter may call, by loader", helper_table },
	{ "get_socket_cookie, get_socket_uid: the filtering socket's",
	  cookie_and_uid_of_the_filtering_socket },
	{ "get_socket_cookie, get_socket_uid: no socket",
	  cookie_and_uid_without_a_socket },
	{ "skb_load_bytes_relative: MAC and network header",
	  load_bytes_relative_on_a_packet },
};

int main(void)
{
	run_cases(cases, ARRAY_LEN(cases));
	return 0;
}
