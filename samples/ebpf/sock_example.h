/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What both sock_example programs share: a raw packet socket on lo, the
 * loopback traffic (TCP, UDP and ICMP) to count, and the once-a-second
 * report of the program's array map (IP protocol -> packets). Each
 * includer only loads its program and hands over the program and map.
 */
#ifndef SOCK_EXAMPLE_H
#define SOCK_EXAMPLE_H

#include <arpa/inet.h>
#include <errno.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SECONDS 4

/* set by Ctrl-C: a lock-free atomic, which a signal handler may write */
static atomic_bool stop;

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&stop, true);
}

/* A raw packet socket bound to lo, receiving every protocol. */
static int open_raw_sock(const char *name)
{
	struct sockaddr_ll ll = { .sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_ALL) };
	int sk = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));

	if (sk < 0) {
		perror("socket(AF_PACKET)");
		return -1;
	}
	ll.sll_ifindex = if_nametoindex(name);
	if (!ll.sll_ifindex || bind(sk, (struct sockaddr *)&ll, sizeof(ll))) {
		perror(name);
		close(sk);
		return -1;
	}
	return sk;
}

static const struct sockaddr_in loopback = {
	.sin_family = AF_INET, .sin_addr.s_addr = 0x0100007f,	/* 127.0.0.1 */
};

/* One UDP datagram to port 9 (discard: nobody listens, ICMP answers). */
static void send_udp(void)
{
	struct sockaddr_in to = loopback;
	int sk = socket(AF_INET, SOCK_DGRAM, 0);

	to.sin_port = htons(9);
	if (sk >= 0)
		sendto(sk, "udp", 3, 0, (struct sockaddr *)&to, sizeof(to));
	close(sk);
}

/* A TCP connection on loopback: handshake, a few bytes, close. */
static void send_tcp(void)
{
	struct sockaddr_in a = loopback;
	socklen_t len = sizeof(a);
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	int c = socket(AF_INET, SOCK_STREAM, 0), s = -1;

	if (ls >= 0 && c >= 0 && !bind(ls, (struct sockaddr *)&a, sizeof(a)) &&
	    !listen(ls, 1) && !getsockname(ls, (struct sockaddr *)&a, &len) &&
	    !connect(c, (struct sockaddr *)&a, sizeof(a))) {
		s = accept(ls, NULL, NULL);
		if (send(c, "tcp", 3, 0) != 3)
			perror("send");
	}
	close(s);
	close(c);
	close(ls);
}

/* An ICMP echo request to 127.0.0.1, which the kernel answers. */
static void send_icmp(void)
{
	struct icmphdr echo = { .type = ICMP_ECHO };
	struct sockaddr_in to = loopback;
	int sk = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	unsigned long sum = 0;
	unsigned short *w = (unsigned short *)&echo;
	unsigned int i;

	echo.un.echo.id = htons(getpid() & 0xffff);
	for (i = 0; i < sizeof(echo) / 2; i++)
		sum += w[i];
	sum = (sum >> 16) + (sum & 0xffff);
	echo.checksum = ~(sum + (sum >> 16));
	if (sk >= 0)
		sendto(sk, &echo, sizeof(echo), 0, (struct sockaddr *)&to,
		       sizeof(to));
	close(sk);
}

static unsigned long long count_of(int map_fd, __u32 key)
{
	union bpf_attr attr;
	__u64 v = 0;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = map_fd;
	attr.key = (unsigned long)&key;
	attr.value = (unsigned long)&v;
	if (syscall(__NR_bpf, BPF_MAP_LOOKUP_ELEM, &attr, sizeof(attr)))
		return 0;
	return v;
}

/*
 * Attach @prog_fd to a raw socket on lo, make traffic (unless @traffic is
 * false: then the user makes it), and print the counts once a second.
 * Ctrl-C ends it early; closing the socket detaches the program. 0 when
 * every protocol it sent was counted.
 */
static int sock_example_run(const char *who, int prog_fd, int map_fd,
			    bool traffic)
{
	unsigned long long tcp = 0, udp = 0, icmp = 0;
	int sk = open_raw_sock("lo"), i;

	if (sk < 0)
		return 1;
	if (setsockopt(sk, SOL_SOCKET, SO_ATTACH_BPF, &prog_fd,
		       sizeof(prog_fd))) {
		perror("setsockopt(SO_ATTACH_BPF)");
		close(sk);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	printf("%s: counting packets on lo per IP protocol\n", who);
	for (i = 0; i < SECONDS && !atomic_load(&stop); i++) {
		if (traffic) {
			send_tcp();
			send_udp();
			send_icmp();
		}
		sleep(1);
		tcp = count_of(map_fd, IPPROTO_TCP);
		udp = count_of(map_fd, IPPROTO_UDP);
		icmp = count_of(map_fd, IPPROTO_ICMP);
		printf("%s: TCP %llu UDP %llu ICMP %llu\n", who, tcp, udp, icmp);
	}
	close(sk);
	if (!traffic || atomic_load(&stop))
		return 0;
	/* each round: a handshake or more, a datagram, an echo and its reply */
	return tcp >= 3ull * SECONDS && udp >= SECONDS &&
	       icmp >= 2ull * SECONDS ? 0 : 1;
}

/* "--no-traffic": count what the user sends instead */
static bool want_traffic(int argc, char **argv)
{
	return !(argc > 1 && !strcmp(argv[1], "--no-traffic"));
}

#endif /* SOCK_EXAMPLE_H */
