// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: UDP datagrams per second over loopback into a socket with
 * no filter, a classic filter, and socket filter programs (one that keeps
 * everything, one that counts per IP protocol in an array map, as
 * sock_example does), each on the interpreter and on the JIT. One thread
 * sends a burst and drains it, so each datagram crosses the stack and the
 * filter once; the best of a few one-second runs is kept. Prints
 * "BENCH sock/<row>/pps N" lines for scripts/bench.sh.
 */
#include <arpa/inet.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>

#include "sock_test.h"
#include "ebpf_asm.h"

#define BURST 32
#define RUNS 3
#define RUN_NS 1000000000ull

enum filter { NONE, CLASSIC, KEEP, COUNT };

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* r0 = -1: keep all */
static int prog_keep(void)
{
	static const struct bpf_insn p[] = { I_MOV64_IMM(0, -1), I_EXIT() };

	return prog_load(BPF_PROG_TYPE_SOCKET_FILTER, p, ARRAY_LEN(p));
}

/*
 * sock_example's counter, on a UDP socket: the data starts at the UDP
 * header, so the protocol byte of the IP header is at SKF_NET_OFF + 9.
 */
static int prog_count(int map)
{
	struct bpf_insn p[] = {
		I_MOV64_REG(6, 1),
		I_LD_ABS(BPF_B, SKF_NET_OFF + 9),
		I_STX(BPF_W, 10, 0, -4),
		I_MOV64_REG(2, 10), I_ALU64_IMM(BPF_ADD, 2, -4),
		I_LD_MAP_FD(1, map), I_LD64_HI(0),
		I_CALL(BPF_FUNC_map_lookup_elem),
		I_JMP_IMM(BPF_JEQ, 0, 0, 2),
		I_MOV64_IMM(1, 1), I_ATOMIC(BPF_DW, BPF_ADD, 0, 1, 0),
		I_MOV64_IMM(0, -1), I_EXIT(),
	};

	return prog_load(BPF_PROG_TYPE_SOCKET_FILTER, p, ARRAY_LEN(p));
}

/* The classic counterpart: read the protocol byte, keep the datagram. */
static int attach_classic(int sk)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, SKF_NET_OFF + 9),
		BPF_STMT(BPF_RET | BPF_K, 0xffff),
	};
	struct sock_fprog fp = { .len = ARRAY_LEN(f), .filter = f };

	return setsockopt(sk, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof(fp));
}

/* Datagrams per second from @tx to @rx, best of RUNS; 0 on an error. */
static double udp_pps(int tx, int rx, const struct sockaddr_in *to)
{
	double best = 0;
	char buf[64];
	int run, i;

	for (run = 0; run < RUNS; run++) {
		uint64_t start = now_ns(), n = 0, t;

		do {
			for (i = 0; i < BURST; i++)
				if (sendto(tx, "b", 1, 0, (const void *)to,
					   sizeof(*to)) != 1)
					return 0;
			for (i = 0; i < BURST; i++)
				if (recv(rx, buf, sizeof(buf), 0) != 1)
					return 0;
			n += BURST;
			t = now_ns() - start;
		} while (t < RUN_NS);
		if (n * 1e9 / t > best)
			best = n * 1e9 / t;
	}
	return best;
}

/* One row: a fresh socket pair with @filter attached; 0 when it works. */
static int bench_row(const char *name, enum filter filter, int map)
{
	struct sockaddr_in to;
	int rx = udp_bound(&to), tx = socket(AF_INET, SOCK_DGRAM, 0);
	int prog = -1, err = -1;
	double pps;

	if (rx < 0 || tx < 0)
		goto out;
	if (filter == KEEP || filter == COUNT) {
		prog = filter == KEEP ? prog_keep() : prog_count(map);
		if (prog < 0 || setsockopt(rx, SOL_SOCKET, SO_ATTACH_BPF, &prog,
					   sizeof(prog)))
			goto out;
	} else if (filter == CLASSIC && attach_classic(rx)) {
		goto out;
	}
	pps = udp_pps(tx, rx, &to);
	if (pps > 0) {
		printf("BENCH sock/%s/pps %.0f\n", name, pps);
		err = 0;
	}
out:
	if (err)
		printf("# sock/%s: %s\n", name, strerror(errno));
	if (prog >= 0)
		close(prog);
	if (tx >= 0)
		close(tx);
	if (rx >= 0)
		close(rx);
	return err;
}

int main(void)
{
	static const struct {
		const char *name;
		enum filter filter;
		int jit;	/* -1: no program, the sysctl does not matter */
	} rows[] = {
		{ "none", NONE, -1 },
		{ "classic", CLASSIC, -1 },
		{ "keep-interp", KEEP, 0 },
		{ "keep-jit", KEEP, 1 },
		{ "count-interp", COUNT, 0 },
		{ "count-jit", COUNT, 1 },
	};
	const char *jit_path = jit_enable_sysctl();
	int map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 256, 0);
	int old_jit = read_sysctl_int(jit_path), failed = 0;
	unsigned int i;

	if (map < 0) {
		printf("# map_create: %s\n", strerror(-map));
		return 1;
	}
	for (i = 0; i < ARRAY_LEN(rows); i++) {
		if (rows[i].jit >= 0 && !write_sysctl_int(jit_path, rows[i].jit)) {
			printf("# cannot write %d to %s\n", rows[i].jit, jit_path);
			failed = 1;
			continue;
		}
		failed |= bench_row(rows[i].name, rows[i].filter, map);
	}
	write_sysctl_int(jit_path, old_jit);
	/* the counter must have seen the datagrams it was timed on */
	if (array_value(map, IPPROTO_UDP) <= 0) {
		printf("# sock/count: the map counted no UDP datagram\n");
		failed = 1;
	}
	close(map);
	return failed;
}
