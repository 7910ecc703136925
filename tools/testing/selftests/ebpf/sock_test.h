/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the socket filter tests share: loading a socket filter with its
 * verifier log printed on failure, reading an array map's u64 values,
 * and bound UDP sockets with a wait for a datagram.
 */
#ifndef SOCK_TEST_H
#define SOCK_TEST_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include "ebpf_test.h"

/* BPF_PROG_LOAD of a socket filter; the fd, or -errno with the log shown */
static inline int load(const struct bpf_insn *insns, int n)
{
	static char log[65536];
	int fd = prog_load_log(BPF_PROG_TYPE_SOCKET_FILTER, insns, n, 1, log,
			       sizeof(log));

	if (fd < 0)
		ksft_print_msg("%s: %s\n%s", __func__, strerror(-fd), log);
	return fd;
}

/* The u64 at @key of array map @map, or -1 when the lookup fails */
static inline long array_value(int map, uint32_t key)
{
	uint64_t v = 0;

	return map_lookup(map, &key, &v) ? -1 : (long)v;
}

/*
 * A UDP socket bound to @addr (network order) and an ephemeral port, its
 * address in *@a; -1 on failure, said in the log.
 */
static inline int udp_bound_at(in_addr_t addr, struct sockaddr_in *a)
{
	socklen_t len = sizeof(*a);
	int sk = socket(AF_INET, SOCK_DGRAM, 0);

	*a = (struct sockaddr_in){ .sin_family = AF_INET,
				   .sin_addr.s_addr = addr };
	if (sk < 0 || bind(sk, (void *)a, sizeof(*a)) ||
	    getsockname(sk, (void *)a, &len)) {
		ksft_print_msg("udp socket: %s\n", strerror(errno));
		if (sk >= 0)
			close(sk);
		return -1;
	}
	return sk;
}

/* The same on 127.0.0.1 */
static inline int udp_bound(struct sockaddr_in *a)
{
	return udp_bound_at(htonl(INADDR_LOOPBACK), a);
}

/* Does @sk have something to read within @ms? */
static inline bool readable(int sk, int ms)
{
	struct pollfd p = { .fd = sk, .events = POLLIN };

	return poll(&p, 1, ms) == 1;
}

#endif /* SOCK_TEST_H */
