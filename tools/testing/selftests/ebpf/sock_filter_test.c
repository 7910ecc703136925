// SPDX-License-Identifier: GPL-2.0
/*
 * Socket filters: BPF_PROG_TYPE_SOCKET_FILTER programs attached with
 * SO_ATTACH_BPF to packet, UDP, TCP and Unix sockets, on real traffic
 * over loopback. What recv() gets and what the program's maps counted
 * are the checks; the errno table covers every bad argument of the
 * attach, detach, lock and get calls. Every case passes on both kernels.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "sock_test.h"
#include "ebpf_asm.h"

#ifndef SO_ATTACH_FILTER_EBPF
#define SO_ATTACH_FILTER_EBPF SO_ATTACH_BPF
#endif

#define OPTMEM_MAX "/proc/sys/net/core/optmem_max"
#define MAX_PROG 64

/* ---- programs ---- */

/* r0 = @ret: 0 drops, a length truncates, -1 keeps all */
static int prog_ret(int ret)
{
	struct bpf_insn p[] = { I_MOV64_IMM(0, ret), I_EXIT() };

	return load(p, ARRAY_LEN(p));
}

/* a load far beyond any packet: the program ends, returning 0 */
static int prog_oob(void)
{
	struct bpf_insn p[] = {
		I_MOV64_REG(6, 1), I_LD_ABS(BPF_W, 60000), I_MOV64_IMM(0, -1),
		I_EXIT(),
	};

	return load(p, ARRAY_LEN(p));
}

/*
 * Count into @map[key]: the key is the byte at @key_off (LD_ABS), or 0
 * when @key_off is negative. Outgoing packets (a packet socket sees both
 * directions on lo) are dropped uncounted; everything else is kept.
 */
static int prog_count(int map, int key_off)
{
	struct bpf_insn p[MAX_PROG];
	int n = 0;

	p[n++] = I_MOV64_REG(6, 1);
	p[n++] = I_LDX(BPF_W, 0, 6, offsetof(struct __sk_buff, pkt_type));
	p[n++] = I_JMP_IMM(BPF_JNE, 0, PACKET_OUTGOING, 2);
	p[n++] = I_MOV64_IMM(0, 0);
	p[n++] = I_EXIT();
	if (key_off >= 0)
		p[n++] = I_LD_ABS(BPF_B, key_off);
	else
		p[n++] = I_MOV64_IMM(0, 0);
	p[n++] = I_STX(BPF_W, 10, 0, -4);
	p[n++] = I_MOV64_REG(2, 10);
	p[n++] = I_ALU64_IMM(BPF_ADD, 2, -4);
	p[n++] = I_LD_MAP_FD(1, map);
	p[n++] = I_LD64_HI(0);
	p[n++] = I_CALL(BPF_FUNC_map_lookup_elem);
	p[n++] = I_JMP_IMM(BPF_JEQ, 0, 0, 2);
	p[n++] = I_MOV64_IMM(1, 1);
	p[n++] = I_ATOMIC(BPF_DW, BPF_ADD, 0, 1, 0);
	p[n++] = I_MOV64_IMM(0, -1);
	p[n++] = I_EXIT();
	return load(p, n);
}

/* drop when the 16-bit word at @off (LD_ABS) is @val, keep the rest */
static int prog_drop_word(int off, int val)
{
	struct bpf_insn p[] = {
		I_MOV64_REG(6, 1), I_LD_ABS(BPF_H, off),
		I_JMP_IMM(BPF_JEQ, 0, val, 2), I_MOV64_IMM(0, -1), I_EXIT(),
		I_MOV64_IMM(0, 0), I_EXIT(),
	};

	return load(p, ARRAY_LEN(p));
}

/* ---- sockets ---- */

static int attach(int sk, int prog)
{
	return setsockopt(sk, SOL_SOCKET, SO_ATTACH_BPF, &prog,
			  sizeof(prog)) ? -errno : 0;
}

static int detach(int sk)
{
	int zero = 0;

	return setsockopt(sk, SOL_SOCKET, SO_DETACH_BPF, &zero,
			  sizeof(zero)) ? -errno : 0;
}

/* A UDP socket on 127.0.0.1 and an ephemeral port, its port in *@port. */
static int udp_bound_port(uint16_t *port)
{
	struct sockaddr_in a;
	int sk = udp_bound(&a);

	*port = ntohs(a.sin_port);
	return sk;
}

static bool udp_send(int tx, uint16_t port, size_t len)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	char buf[1500];

	memset(buf, 'x', sizeof(buf));
	return sendto(tx, buf, len, 0, (void *)&a, sizeof(a)) == (ssize_t)len;
}

/*
 * The next datagram's length, or -1 when none comes within @ms. Loopback
 * delivers within the sender's syscall, so a short wait is no race.
 */
static long recv_len(int sk, int ms)
{
	struct pollfd p = { .fd = sk, .events = POLLIN };
	char buf[2048];

	if (poll(&p, 1, ms) != 1)
		return -1;
	return recv(sk, buf, sizeof(buf), MSG_DONTWAIT);
}

/* Does a datagram from @tx reach @rx now? */
static bool udp_passes(int tx, int rx, uint16_t port)
{
	return udp_send(tx, port, 100) && recv_len(rx, 200) == 100;
}

struct udp_pair {
	int rx, tx;
	uint16_t port;
};

static bool udp_pair_open(struct udp_pair *u)
{
	uint16_t tx_port;

	u->rx = udp_bound_port(&u->port);
	u->tx = udp_bound_port(&tx_port);
	return u->rx >= 0 && u->tx >= 0;
}

static void udp_pair_close(struct udp_pair *u)
{
	close(u->rx);
	close(u->tx);
}

/* ---- UDP ---- */

static void udp_keep_all_and_drop_all(void)
{
	struct udp_pair u;
	int keep = prog_ret(-1), drop = prog_ret(0);

	if (!EXPECT_TRUE(keep >= 0 && drop >= 0 && udp_pair_open(&u)))
		return;
	EXPECT_TRUE(udp_passes(u.tx, u.rx, u.port));
	EXPECT_EQ(attach(u.rx, keep), 0);
	EXPECT_TRUE(udp_passes(u.tx, u.rx, u.port));
	EXPECT_EQ(attach(u.rx, drop), 0);
	EXPECT_TRUE(udp_send(u.tx, u.port, 100));
	EXPECT_EQ(recv_len(u.rx, 200), -1);
	EXPECT_EQ(detach(u.rx), 0);
	EXPECT_TRUE(udp_passes(u.tx, u.rx, u.port));
	udp_pair_close(&u);
	close(keep);
	close(drop);
}

/* the UDP header is at offset 0 for a UDP socket's filter */
static void udp_drop_one_source_port(void)
{
	struct udp_pair u;
	uint16_t port2;
	int tx2, prog;

	if (!EXPECT_TRUE(udp_pair_open(&u)))
		return;
	tx2 = udp_bound_port(&port2);
	prog = prog_drop_word(0, port2);
	if (EXPECT_TRUE(tx2 >= 0 && prog >= 0)) {
		EXPECT_EQ(attach(u.rx, prog), 0);
		EXPECT_TRUE(udp_send(tx2, u.port, 100));
		EXPECT_TRUE(udp_passes(u.tx, u.rx, u.port));
		EXPECT_EQ(recv_len(u.rx, 100), -1);
	}
	udp_pair_close(&u);
	close(tx2);
	close(prog);
}

/* 8 bytes of UDP header + 5 of payload kept */
static void udp_truncated_to_return_value(void)
{
	struct udp_pair u;
	int prog = prog_ret(13);

	if (!EXPECT_TRUE(prog >= 0 && udp_pair_open(&u)))
		return;
	EXPECT_EQ(attach(u.rx, prog), 0);
	EXPECT_TRUE(udp_send(u.tx, u.port, 100));
	EXPECT_EQ(recv_len(u.rx, 200), 5);
	udp_pair_close(&u);
	close(prog);
}

static void udp_out_of_packet_read_drops(void)
{
	struct udp_pair u;
	int prog = prog_oob();

	if (!EXPECT_TRUE(prog >= 0 && udp_pair_open(&u)))
		return;
	EXPECT_EQ(attach(u.rx, prog), 0);
	EXPECT_TRUE(udp_send(u.tx, u.port, 100));
	EXPECT_EQ(recv_len(u.rx, 200), -1);
	udp_pair_close(&u);
	close(prog);
}

static void udp_count_equals_sent(void)
{
	int map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0), prog, i;
	struct udp_pair u;

	if (!EXPECT_TRUE(map >= 0 && udp_pair_open(&u)))
		return;
	prog = prog_count(map, -1);
	if (EXPECT_TRUE(prog >= 0)) {
		EXPECT_EQ(attach(u.rx, prog), 0);
		for (i = 0; i < 50; i++)
			EXPECT_TRUE(udp_passes(u.tx, u.rx, u.port));
		EXPECT_EQ(array_value(map, 0), 50);
	}
	udp_pair_close(&u);
	close(prog);
	close(map);
}

/* the socket's reference keeps the program after its fd is closed */
static void filter_outlives_program_fd(void)
{
	struct udp_pair u;
	int prog = prog_ret(0);

	if (!EXPECT_TRUE(prog >= 0 && udp_pair_open(&u)))
		return;
	EXPECT_EQ(attach(u.rx, prog), 0);
	close(prog);
	EXPECT_TRUE(udp_send(u.tx, u.port, 100));
	EXPECT_EQ(recv_len(u.rx, 200), -1);
	udp_pair_close(&u);
}

/* a replacement is in place at once; classic and eBPF replace each other */
static void replace_classic_and_ebpf(void)
{
	struct sock_filter drop_insn = BPF_STMT(BPF_RET | BPF_K, 0);
	struct sock_fprog drop = { .len = 1, .filter = &drop_insn };
	int keep = prog_ret(-1), drop_prog = prog_ret(0);
	struct udp_pair u;

	if (!EXPECT_TRUE(keep >= 0 && drop_prog >= 0 && udp_pair_open(&u)))
		return;
	EXPECT_EQ(setsockopt(u.rx, SOL_SOCKET, SO_ATTACH_FILTER, &drop,
			     sizeof(drop)), 0);
	EXPECT_TRUE(udp_send(u.tx, u.port, 100));
	EXPECT_EQ(recv_len(u.rx, 100), -1);
	EXPECT_EQ(attach(u.rx, keep), 0);
	EXPECT_TRUE(udp_passes(u.tx, u.rx, u.port));
	EXPECT_EQ(attach(u.rx, drop_prog), 0);
	EXPECT_TRUE(udp_send(u.tx, u.port, 100));
	EXPECT_EQ(recv_len(u.rx, 100), -1);
	EXPECT_EQ(setsockopt(u.rx, SOL_SOCKET, SO_ATTACH_FILTER_EBPF, &keep,
			     sizeof(keep)), 0);
	EXPECT_TRUE(udp_passes(u.tx, u.rx, u.port));
	udp_pair_close(&u);
	close(keep);
	close(drop_prog);
}

/* ---- TCP, Unix, packet ---- */

static void tcp_filter_counts_segments(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	int ls = socket(AF_INET, SOCK_STREAM, 0), c, s = -1, prog = -1;
	socklen_t len = sizeof(a);
	char buf[64] = "segment";

	c = socket(AF_INET, SOCK_STREAM, 0);
	if (!EXPECT_TRUE(map >= 0 && ls >= 0 && c >= 0))
		goto out;
	if (!EXPECT_TRUE(!bind(ls, (void *)&a, sizeof(a)) && !listen(ls, 1) &&
			 !getsockname(ls, (void *)&a, &len)))
		goto out;
	prog = prog_count(map, -1);
	if (!EXPECT_TRUE(prog >= 0) || !EXPECT_EQ(attach(c, prog), 0))
		goto out;
	if (!EXPECT_TRUE(!connect(c, (void *)&a, sizeof(a))))
		goto out;
	s = accept(ls, NULL, NULL);
	if (!EXPECT_TRUE(s >= 0))
		goto out;
	EXPECT_EQ(send(s, buf, sizeof(buf), 0), sizeof(buf));
	EXPECT_EQ(recv(c, buf, sizeof(buf), MSG_WAITALL), sizeof(buf));
	/* the SYN-ACK and the data segment at least */
	EXPECT_TRUE(array_value(map, 0) >= 2);
out:
	close(s);
	close(c);
	close(ls);
	close(prog);
	close(map);
}

static void unix_dgram_filtered_and_truncated(void)
{
	int sv[2], keep5 = prog_ret(5), drop = prog_ret(0);
	char buf[100] = "";

	if (!EXPECT_TRUE(keep5 >= 0 && drop >= 0) ||
	    !EXPECT_TRUE(!socketpair(AF_UNIX, SOCK_DGRAM, 0, sv)))
		return;
	EXPECT_EQ(attach(sv[1], keep5), 0);
	EXPECT_EQ(send(sv[0], buf, sizeof(buf), 0), sizeof(buf));
	EXPECT_EQ(recv_len(sv[1], 200), 5);
	EXPECT_EQ(attach(sv[1], drop), 0);
	EXPECT_EQ(send(sv[0], buf, sizeof(buf), 0), sizeof(buf));
	EXPECT_EQ(recv_len(sv[1], 100), -1);
	EXPECT_EQ(detach(sv[1]), 0);
	EXPECT_EQ(send(sv[0], buf, sizeof(buf), 0), sizeof(buf));
	EXPECT_EQ(recv_len(sv[1], 200), sizeof(buf));
	close(sv[0]);
	close(sv[1]);
	close(keep5);
	close(drop);
}

/* stream sockets take a filter too (which Unix streams never run) */
static void unix_stream_attach(void)
{
	int sv[2], prog = prog_ret(0);
	char buf[16] = "stream";

	if (!EXPECT_TRUE(prog >= 0) ||
	    !EXPECT_TRUE(!socketpair(AF_UNIX, SOCK_STREAM, 0, sv)))
		return;
	EXPECT_EQ(attach(sv[1], prog), 0);
	EXPECT_EQ(send(sv[0], buf, sizeof(buf), 0), sizeof(buf));
	EXPECT_EQ(recv_len(sv[1], 200), sizeof(buf));
	EXPECT_EQ(detach(sv[1]), 0);
	close(sv[0]);
	close(sv[1]);
	close(prog);
}

/*
 * The proposal's sock_example: a packet socket on lo counting received
 * packets per IP protocol. UDP to an open port, UDP to a closed one (each
 * answered by an ICMP port unreachable) and a TCP handshake.
 */
static void packet_socket_counts_protocols(void)
{
	struct sockaddr_ll ll = { .sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_IP) };
	int map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 256, 0);
	int ps = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_IP)), prog = -1, i;
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	struct udp_pair u = { .rx = -1, .tx = -1 };
	int ls = -1, c = -1;
	uint16_t closed;

	ll.sll_ifindex = if_nametoindex("lo");
	if (!EXPECT_TRUE(map >= 0 && ps >= 0 && ll.sll_ifindex) ||
	    !EXPECT_TRUE(!bind(ps, (void *)&ll, sizeof(ll))))
		goto out;
	prog = prog_count(map, ETH_HLEN + 9);
	if (!EXPECT_TRUE(prog >= 0) || !EXPECT_EQ(attach(ps, prog), 0))
		goto out;
	if (!EXPECT_TRUE(udp_pair_open(&u)))
		goto out;
	/* a port nobody has: bind one and close it */
	close(udp_bound_port(&closed));
	for (i = 0; i < 10; i++)
		EXPECT_TRUE(udp_passes(u.tx, u.rx, u.port));
	for (i = 0; i < 3; i++)
		EXPECT_TRUE(udp_send(u.tx, closed, 10));
	ls = socket(AF_INET, SOCK_STREAM, 0);
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (EXPECT_TRUE(ls >= 0 && c >= 0 && !bind(ls, (void *)&a, sizeof(a)) &&
			!listen(ls, 1) && !getsockname(ls, (void *)&a, &len)))
		EXPECT_TRUE(!connect(c, (void *)&a, sizeof(a)));
	usleep(100000);
	EXPECT_EQ(array_value(map, IPPROTO_UDP), 13);
	EXPECT_EQ(array_value(map, IPPROTO_ICMP), 3);
	/* SYN, SYN-ACK, ACK */
	EXPECT_TRUE(array_value(map, IPPROTO_TCP) >= 3);
	EXPECT_EQ(detach(ps), 0);
out:
	close(c);
	close(ls);
	udp_pair_close(&u);
	close(prog);
	close(ps);
	close(map);
}

/* ---- errnos ---- */

enum optval_kind {
	V_PROG,		/* a socket filter program */
	V_TRACE_PROG,	/* a program of another type */
	V_MAP,
	V_DEVNULL,	/* a file that is no bpf object */
	V_SOCKET,
	V_MINUS1,
	V_CLOSED,	/* a number no fd has */
	V_NULL,		/* optval NULL */
	V_CLASSIC,	/* a struct sock_fprog */
	V_ZERO,
};

enum sock_kind { UDP, TCP, UNIXD, PACKET };

static const struct {
	int family, type;
} sock_kinds[] = {
	[UDP] = { AF_INET, SOCK_DGRAM },
	[TCP] = { AF_INET, SOCK_STREAM },
	[UNIXD] = { AF_UNIX, SOCK_DGRAM },
	[PACKET] = { AF_PACKET, SOCK_RAW },
};

struct errno_case {
	const char *name;
	enum sock_kind kind;
	int opt;
	enum optval_kind val;
	int optlen;		/* 0: the value's own size */
	bool filtered;		/* an eBPF filter first, which must stay */
	bool locked;		/* then SO_LOCK_FILTER */
	int expect;
};

static const struct errno_case errno_cases[] = {
	{ "optlen 0", UDP, SO_ATTACH_BPF, V_PROG, -1, true, false, -EINVAL },
	{ "optlen 2", UDP, SO_ATTACH_BPF, V_PROG, 2, true, false, -EINVAL },
	{ "optlen 3", UDP, SO_ATTACH_BPF, V_PROG, 3, true, false, -EINVAL },
	{ "optlen 8", UDP, SO_ATTACH_BPF, V_PROG, 8, true, false, -EINVAL },
	{ "optval NULL", UDP, SO_ATTACH_BPF, V_NULL, 4, true, false, -EFAULT },
	{ "fd -1", UDP, SO_ATTACH_BPF, V_MINUS1, 0, true, false, -EBADF },
	{ "closed fd", UDP, SO_ATTACH_BPF, V_CLOSED, 0, true, false, -EBADF },
	{ "closed fd, packet", PACKET, SO_ATTACH_BPF, V_CLOSED, 0, true, false,
	  -EBADF },
	{ "/dev/null", UDP, SO_ATTACH_BPF, V_DEVNULL, 0, true, false, -EINVAL },
	{ "a socket", UDP, SO_ATTACH_BPF, V_SOCKET, 0, true, false, -EINVAL },
	{ "a map", UDP, SO_ATTACH_BPF, V_MAP, 0, true, false, -EINVAL },
	{ "a map, tcp", TCP, SO_ATTACH_BPF, V_MAP, 0, true, false, -EINVAL },
	{ "a tracepoint program", UDP, SO_ATTACH_BPF, V_TRACE_PROG, 0, true,
	  false, -EINVAL },
	{ "a tracepoint program, unix", UNIXD, SO_ATTACH_BPF, V_TRACE_PROG, 0,
	  true, false, -EINVAL },
	{ "a tracepoint program, proposal's name", UDP, SO_ATTACH_FILTER_EBPF,
	  V_TRACE_PROG, 0, true, false, -EINVAL },
	{ "locked: attach", UDP, SO_ATTACH_BPF, V_PROG, 0, true, true, -EPERM },
	{ "locked: attach, packet", PACKET, SO_ATTACH_BPF, V_PROG, 0, true, true,
	  -EPERM },
	{ "locked: bad fd", UDP, SO_ATTACH_BPF, V_MINUS1, 0, true, true,
	  -EPERM },
	{ "locked: classic attach", UDP, SO_ATTACH_FILTER, V_CLASSIC, 0, true,
	  true, -EPERM },
	{ "locked: detach", UDP, SO_DETACH_BPF, V_ZERO, 0, true, true, -EPERM },
	{ "locked: unlock", UDP, SO_LOCK_FILTER, V_ZERO, 0, true, true, -EPERM },
	{ "detach without a filter", UDP, SO_DETACH_BPF, V_ZERO, 0, false,
	  false, -ENOENT },
	{ "detach without a filter, unix", UNIXD, SO_DETACH_FILTER, V_ZERO, 0,
	  false, false, -ENOENT },
	{ "attach", UDP, SO_ATTACH_BPF, V_PROG, 0, false, false, 0 },
	{ "attach, proposal's name", TCP, SO_ATTACH_FILTER_EBPF, V_PROG, 0,
	  false, false, 0 },
	{ "attach over a filter, packet", PACKET, SO_ATTACH_BPF, V_PROG, 0,
	  true, false, 0 },
	{ "attach, unix", UNIXD, SO_ATTACH_BPF, V_PROG, 0, false, false, 0 },
	{ "lock twice", UDP, SO_LOCK_FILTER, V_PROG, 0, true, true, 0 },
};

struct fds {
	int prog, trace, map, devnull, sock;
};

static bool open_fds(struct fds *f)
{
	struct bpf_insn ret0[] = { I_MOV64_IMM(0, 0), I_EXIT() };

	f->prog = prog_ret(-1);
	f->trace = prog_load(BPF_PROG_TYPE_TRACEPOINT, ret0, 2);
	f->map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	f->devnull = open("/dev/null", O_RDONLY);
	f->sock = socket(AF_INET, SOCK_DGRAM, 0);
	return f->prog >= 0 && f->trace >= 0 && f->map >= 0 &&
	       f->devnull >= 0 && f->sock >= 0;
}

/* SO_GET_FILTER: -EACCES while an eBPF filter is on, 0 with none */
static int get_filter(int sk)
{
	socklen_t len = 0;

	return getsockopt(sk, SOL_SOCKET, SO_GET_FILTER, NULL, &len) ?
	       -errno : (int)len;
}

static int run_errno_case(const struct errno_case *c, const struct fds *f)
{
	struct sock_filter ret_insn = BPF_STMT(BPF_RET | BPF_K, 0xffff);
	struct sock_fprog classic = { .len = 1, .filter = &ret_insn };
	int family = sock_kinds[c->kind].family, type = sock_kinds[c->kind].type;
	int sk = socket(family, type, 0), one = 1, v = 0, ret;
	const void *optval = &v;
	socklen_t optlen = sizeof(v);

	if (sk < 0)
		return -1000 - errno;
	if (c->filtered && attach(sk, f->prog))
		return -2000;
	if (c->locked && setsockopt(sk, SOL_SOCKET, SO_LOCK_FILTER, &one,
				    sizeof(one)))
		return -3000;
	switch (c->val) {
	case V_PROG:
		v = c->opt == SO_LOCK_FILTER ? 1 : f->prog;
		break;
	case V_TRACE_PROG:
		v = f->trace;
		break;
	case V_MAP:
		v = f->map;
		break;
	case V_DEVNULL:
		v = f->devnull;
		break;
	case V_SOCKET:
		v = f->sock;
		break;
	case V_MINUS1:
		v = -1;
		break;
	case V_CLOSED:
		v = 1000;
		break;
	case V_NULL:
		optval = NULL;
		break;
	case V_CLASSIC:
		optval = &classic;
		optlen = sizeof(classic);
		break;
	case V_ZERO:
		break;
	}
	if (c->optlen)
		optlen = c->optlen < 0 ? 0 : c->optlen;
	ret = setsockopt(sk, SOL_SOCKET, c->opt, optval, optlen) ? -errno : 0;
	/* a failed call leaves the filter there was */
	if (ret && c->filtered && get_filter(sk) != -EACCES)
		ret = -4000;
	if (!ret && c->opt != SO_LOCK_FILTER && c->val == V_PROG &&
	    get_filter(sk) != -EACCES)
		ret = -5000;
	close(sk);
	return ret;
}

static void errno_table(void)
{
	struct fds f;
	unsigned int i;

	if (!EXPECT_TRUE(open_fds(&f)))
		return;
	for (i = 0; i < ARRAY_LEN(errno_cases); i++) {
		const struct errno_case *c = &errno_cases[i];

		if (!expect_result(c->name, run_errno_case(c, &f), c->expect))
			ebpf_case_failed = true;
	}
	close(f.prog);
	close(f.trace);
	close(f.map);
	close(f.devnull);
	close(f.sock);
}

/* SO_GET_FILTER: nothing, a classic filter's length, EACCES for eBPF */
static void get_filter_reports(void)
{
	struct sock_filter insns[2] = { BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
					BPF_STMT(BPF_RET | BPF_A, 0) };
	struct sock_fprog classic = { .len = 2, .filter = insns };
	struct sock_filter back[4];
	int sk = socket(AF_INET, SOCK_DGRAM, 0), prog = prog_ret(-1);
	socklen_t len = ARRAY_LEN(back);

	if (!EXPECT_TRUE(sk >= 0 && prog >= 0))
		return;
	EXPECT_EQ(get_filter(sk), 0);
	EXPECT_EQ(setsockopt(sk, SOL_SOCKET, SO_ATTACH_FILTER, &classic,
			     sizeof(classic)), 0);
	EXPECT_EQ(get_filter(sk), 2);
	EXPECT_EQ(getsockopt(sk, SOL_SOCKET, SO_GET_FILTER, back, &len), 0);
	EXPECT_EQ(len, 2);
	EXPECT_EQ(back[1].code, BPF_RET | BPF_A);
	EXPECT_EQ(attach(sk, prog), 0);
	EXPECT_EQ(get_filter(sk), -EACCES);
	EXPECT_EQ(detach(sk), 0);
	EXPECT_EQ(get_filter(sk), 0);
	close(sk);
	close(prog);
}

/* The filter is charged to the socket's optmem, as mainline charges it. */
static void optmem_limit(void)
{
	int old = read_sysctl_int(OPTMEM_MAX), sk, prog = prog_ret(-1);

	sk = socket(AF_INET, SOCK_DGRAM, 0);
	if (!EXPECT_TRUE(old > 0 && prog >= 0 && sk >= 0))
		return;
	if (EXPECT_TRUE(write_sysctl_int(OPTMEM_MAX, 64))) {
		EXPECT_EQ(attach(sk, prog), -ENOMEM);
		EXPECT_EQ(get_filter(sk), 0);
	}
	EXPECT_TRUE(write_sysctl_int(OPTMEM_MAX, old));
	EXPECT_EQ(attach(sk, prog), 0);
	close(sk);
	close(prog);
}

static const struct test_case cases[] = {
	{ "udp: keep all, drop all, detach", udp_keep_all_and_drop_all },
	{ "udp: drop one source port, keep the other",
	  udp_drop_one_source_port },
	{ "udp: the return value truncates", udp_truncated_to_return_value },
	{ "udp: a read past the packet drops it", udp_out_of_packet_read_drops },
	{ "udp: the map counts what was sent", udp_count_equals_sent },
	{ "udp: the filter outlives its program fd", filter_outlives_program_fd },
	{ "udp: classic and eBPF replace each other", replace_classic_and_ebpf },
	{ "tcp: the filter counts segments", tcp_filter_counts_segments },
	{ "unix dgram: truncate, drop, detach",
	  unix_dgram_filtered_and_truncated },
	{ "unix stream: attach and detach", unix_stream_attach },
	{ "packet: counts per IP protocol on lo",
	  packet_socket_counts_protocols },
	{ "errnos of attach, detach, lock", errno_table },
	{ "SO_GET_FILTER: none, classic, eBPF", get_filter_reports },
	{ "optmem: the filter is charged to the socket", optmem_limit },
};

int main(void)
{
	run_cases(cases, ARRAY_LEN(cases));
	return 0;
}
