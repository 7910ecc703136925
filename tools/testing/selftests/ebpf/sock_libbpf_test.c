// SPDX-License-Identifier: GPL-2.0
/*
 * The sample program in C, loaded by libbpf: sock_example.bpf.o (built by
 * clang from samples/ebpf/sock_example.bpf.c) is opened and loaded by
 * Debian's libbpf, with whatever feature probes, BTF and object names
 * libbpf tries against this kernel, then attached to a packet socket on
 * lo and checked on real traffic. A kernel change that breaks libbpf's
 * load path fails here. Every case passes on both kernels.
 */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include "sock_test.h"
#include "libbpf_test.h"

#define UDP_ROUNDS 20
#define MORE_ROUNDS 5

static struct bpf_object *load_object(void)
{
	return load_object_named("sock_example.bpf.o");
}

static int prog_fd_of(struct bpf_object *obj)
{
	struct bpf_program *p;

	p = bpf_object__find_program_by_name(obj, "count_protocols");
	return p ? bpf_program__fd(p) : -1;
}

/* A packet socket on lo for every protocol, with @prog_fd attached. */
static int packet_socket_filtered(int prog_fd)
{
	struct sockaddr_ll ll = { .sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_ALL) };
	int sk = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));

	ll.sll_ifindex = if_nametoindex("lo");
	if (!EXPECT_TRUE(sk >= 0) ||
	    !EXPECT_EQ(bind(sk, (void *)&ll, sizeof(ll)), 0) ||
	    !EXPECT_EQ(setsockopt(sk, SOL_SOCKET, SO_ATTACH_BPF, &prog_fd,
				  sizeof(prog_fd)), 0)) {
		if (sk >= 0)
			close(sk);
		return -1;
	}
	return sk;
}

/*
 * Send @n datagrams to @rx and receive each: once a datagram is in the
 * UDP socket, lo's receive path has run the packet socket's filter on it.
 * The number that made it both ways.
 */
static int udp_round_trips(int rx, const struct sockaddr_in *to, int n)
{
	int tx = socket(AF_INET, SOCK_DGRAM, 0), i, got = 0;
	char buf[64];

	for (i = 0; tx >= 0 && i < n; i++) {
		if (sendto(tx, "count me", 8, 0, (const void *)to,
			   sizeof(*to)) != 8)
			break;
		if (readable(rx, 1000) &&
		    recv(rx, buf, sizeof(buf), MSG_DONTWAIT) == 8)
			got++;
	}
	if (tx >= 0)
		close(tx);
	return got;
}

static long long count_of(int map_fd, __u32 proto)
{
	__u64 v = 0;

	return bpf_map_lookup_elem(map_fd, &proto, &v) ? -errno : (long long)v;
}

/*
 * What libbpf made of the object, as the kernel's fdinfo shows it: the
 * socket filter program and the array map its BTF definition asks for.
 */
static void libbpf_loads_the_sample(void)
{
	struct bpf_object *obj = load_object();
	int prog_fd, map_fd;

	if (!obj)
		return;
	prog_fd = prog_fd_of(obj);
	map_fd = bpf_object__find_map_fd_by_name(obj, "counts");
	if (EXPECT_TRUE(prog_fd >= 0))
		EXPECT_EQ(fdinfo_field(prog_fd, "prog_type"),
			  BPF_PROG_TYPE_SOCKET_FILTER);
	if (EXPECT_TRUE(map_fd >= 0)) {
		EXPECT_EQ(fdinfo_field(map_fd, "map_type"), BPF_MAP_TYPE_ARRAY);
		EXPECT_EQ(fdinfo_field(map_fd, "key_size"), 4);
		EXPECT_EQ(fdinfo_field(map_fd, "value_size"), 8);
		EXPECT_EQ(fdinfo_field(map_fd, "max_entries"), 256);
	}
	bpf_object__close(obj);
}

/*
 * Attached to a packet socket on lo, the program counts each received UDP
 * datagram once (the outgoing copy is not counted) and queues nothing.
 */
static void libbpf_program_counts_udp(void)
{
	struct bpf_object *obj = load_object();
	struct sockaddr_in to;
	int ps = -1, rx = -1, map_fd;

	if (!obj)
		return;
	map_fd = bpf_object__find_map_fd_by_name(obj, "counts");
	ps = packet_socket_filtered(prog_fd_of(obj));
	rx = udp_bound(&to);
	if (ps >= 0 && EXPECT_TRUE(rx >= 0)) {
		EXPECT_EQ(udp_round_trips(rx, &to, UDP_ROUNDS), UDP_ROUNDS);
		EXPECT_EQ(count_of(map_fd, IPPROTO_UDP), UDP_ROUNDS);
		EXPECT_TRUE(!readable(ps, 100));
	}
	if (rx >= 0)
		close(rx);
	if (ps >= 0)
		close(ps);
	bpf_object__close(obj);
}

/*
 * Closing the object closes libbpf's fds; the socket's reference keeps
 * the program, and the program's keeps the map, which goes on counting.
 */
static void libbpf_filter_outlives_the_object(void)
{
	struct bpf_object *obj = load_object();
	struct sockaddr_in to;
	int ps, rx, map_fd;

	if (!obj)
		return;
	map_fd = dup(bpf_object__find_map_fd_by_name(obj, "counts"));
	ps = packet_socket_filtered(prog_fd_of(obj));
	rx = udp_bound(&to);
	bpf_object__close(obj);
	if (ps >= 0 && EXPECT_TRUE(rx >= 0) && EXPECT_TRUE(map_fd >= 0)) {
		EXPECT_EQ(udp_round_trips(rx, &to, MORE_ROUNDS), MORE_ROUNDS);
		EXPECT_EQ(count_of(map_fd, IPPROTO_UDP), MORE_ROUNDS);
		EXPECT_TRUE(!readable(ps, 100));
	}
	if (rx >= 0)
		close(rx);
	if (ps >= 0)
		close(ps);
	if (map_fd >= 0)
		close(map_fd);
}

static const struct test_case cases[] = {
	{ "libbpf loads sock_example.bpf.o: program and map",
	  libbpf_loads_the_sample },
	{ "libbpf's program counts UDP on lo", libbpf_program_counts_udp },
	{ "libbpf's filter outlives the object",
	  libbpf_filter_outlives_the_object },
};

int main(void)
{
	libbpf_set_print(libbpf_msg);
	run_cases(cases, ARRAY_LEN(cases));
	return 0;
}
