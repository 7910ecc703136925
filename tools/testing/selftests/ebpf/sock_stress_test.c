// SPDX-License-Identifier: GPL-2.0
/*
 * Socket filters under load: two threads send UDP datagrams over loopback
 * while another attaches, replaces and detaches filters on the receiving
 * socket and closes their program fds, for a bounded time. One filter
 * counts what it keeps, the other counts what it drops, so every datagram
 * sent is either received or counted as filtered, nothing in between. The
 * console is watched for KASAN, lockdep and RCU reports, and kmemleak
 * (where the kernel has it) must find nothing of ours after the churn.
 * Every case passes on both kernels.
 */
#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <time.h>

#include "ebpf_faults.h"
#include "sock_test.h"
#include "ebpf_asm.h"

#define STRESS_SECONDS 3
#define SENDERS 2
/* per sender: enough to keep the churn busy, few enough for TCG */
#define MAX_SENDS 30000
#define KEEP_KEY 0
#define DROP_KEY 1
#define CHURN_CYCLES 300

/* map[@key] += 1, then return @ret: -1 keeps the datagram, 0 drops it */
static int prog_count_and_return(int map, int key, int ret)
{
	struct bpf_insn p[] = {
		I_ST(BPF_W, 10, -4, key),
		I_MOV64_REG(2, 10), I_ALU64_IMM(BPF_ADD, 2, -4),
		I_LD_MAP_FD(1, map), I_LD64_HI(0),
		I_CALL(BPF_FUNC_map_lookup_elem),
		I_JMP_IMM(BPF_JEQ, 0, 0, 2),
		I_MOV64_IMM(1, 1), I_ATOMIC(BPF_DW, BPF_ADD, 0, 1, 0),
		I_MOV64_IMM(0, ret), I_EXIT(),
	};

	return load(p, ARRAY_LEN(p));
}

struct stress {
	int rx, map;
	struct sockaddr_in to;
	atomic_bool stop, senders_done;
	atomic_long sent, received;
	long churns;
	bool churn_failed;
};

static void *sender(void *arg)
{
	struct stress *s = arg;
	int tx = socket(AF_INET, SOCK_DGRAM, 0), i;

	for (i = 0; tx >= 0 && i < MAX_SENDS && !atomic_load(&s->stop); i++)
		if (sendto(tx, "s", 1, 0, (void *)&s->to, sizeof(s->to)) == 1)
			atomic_fetch_add(&s->sent, 1);
	if (tx >= 0)
		close(tx);
	return NULL;
}

/* Drain the socket until the senders are done and it stays empty. */
static void *receiver(void *arg)
{
	struct stress *s = arg;
	struct pollfd p = { .fd = s->rx, .events = POLLIN };
	char buf[16];

	for (;;) {
		if (poll(&p, 1, 200) == 1) {
			while (recv(s->rx, buf, sizeof(buf), MSG_DONTWAIT) > 0)
				atomic_fetch_add(&s->received, 1);
		} else if (atomic_load(&s->senders_done)) {
			return NULL;
		}
	}
}

/*
 * Cycle the receiving socket through the counting filters, a classic
 * filter and none, each time with a freshly loaded program whose fd is
 * closed right after the attach: the socket's reference is the last one.
 */
static void *churn(void *arg)
{
	struct sock_filter keep = BPF_STMT(BPF_RET | BPF_K, 0xffff);
	struct sock_fprog classic = { .len = 1, .filter = &keep };
	struct stress *s = arg;
	int prog, zero = 0, step;

	while (!atomic_load(&s->stop)) {
		step = s->churns++ % 4;
		switch (step) {
		case 0:
		case 1:
			/* 0: count and keep, 1: count and drop */
			prog = prog_count_and_return(s->map,
						     step ? DROP_KEY : KEEP_KEY,
						     step ? 0 : -1);
			if (prog < 0 ||
			    setsockopt(s->rx, SOL_SOCKET, SO_ATTACH_BPF, &prog,
				       sizeof(prog)))
				s->churn_failed = true;
			if (prog >= 0)
				close(prog);
			break;
		case 2:
			if (setsockopt(s->rx, SOL_SOCKET, SO_ATTACH_FILTER,
				       &classic, sizeof(classic)))
				s->churn_failed = true;
			break;
		default:
			if (setsockopt(s->rx, SOL_SOCKET, SO_DETACH_BPF, &zero,
				       sizeof(zero)))
				s->churn_failed = true;
		}
	}
	return NULL;
}

static bool stress_setup(struct stress *s)
{
	socklen_t len = sizeof(s->to);
	int big = 16 << 20;

	s->to = (struct sockaddr_in){ .sin_family = AF_INET,
				      .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	s->map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0);
	s->rx = socket(AF_INET, SOCK_DGRAM, 0);
	return EXPECT_TRUE(s->map >= 0 && s->rx >= 0) &&
	       /* room for a burst: the only drops are the filter's */
	       EXPECT_EQ(setsockopt(s->rx, SOL_SOCKET, SO_RCVBUFFORCE, &big,
				    sizeof(big)), 0) &&
	       EXPECT_EQ(bind(s->rx, (void *)&s->to, sizeof(s->to)), 0) &&
	       EXPECT_EQ(getsockname(s->rx, (void *)&s->to, &len), 0);
}

static long socket_drops(int sk)
{
	uint32_t mem[SK_MEMINFO_VARS] = { 0 };
	socklen_t len = sizeof(mem);

	if (getsockopt(sk, SOL_SOCKET, SO_MEMINFO, mem, &len))
		return -1;
	return mem[SK_MEMINFO_DROPS];
}

static void every_datagram_received_or_filtered(void)
{
	struct stress s = { 0 };
	pthread_t tx[SENDERS], rx, ch;
	long kept, dropped, drops;
	int i;

	if (!stress_setup(&s))
		goto out;
	pthread_create(&rx, NULL, receiver, &s);
	pthread_create(&ch, NULL, churn, &s);
	for (i = 0; i < SENDERS; i++)
		pthread_create(&tx[i], NULL, sender, &s);
	sleep(STRESS_SECONDS);
	atomic_store(&s.stop, true);
	for (i = 0; i < SENDERS; i++)
		pthread_join(tx[i], NULL);
	pthread_join(ch, NULL);
	atomic_store(&s.senders_done, true);
	pthread_join(rx, NULL);

	kept = array_value(s.map, KEEP_KEY);
	dropped = array_value(s.map, DROP_KEY);
	drops = socket_drops(s.rx);
	ksft_print_msg("sent %ld, received %ld; the filters kept %ld and dropped %ld\n",
		       atomic_load(&s.sent), atomic_load(&s.received), kept,
		       dropped);
	ksft_print_msg("socket drops %ld, %ld attach and detach steps\n",
		       drops, s.churns);
	EXPECT_TRUE(!s.churn_failed);
	EXPECT_TRUE(s.churns >= 8);
	/* both filters saw traffic, or the test proved nothing */
	EXPECT_TRUE(kept > 0 && dropped > 0);
	EXPECT_EQ(atomic_load(&s.received) + dropped, atomic_load(&s.sent));
	EXPECT_TRUE(atomic_load(&s.received) >= kept);
	EXPECT_EQ(drops, dropped);
out:
	if (s.rx >= 0)
		close(s.rx);
	if (s.map >= 0)
		close(s.map);
}

/*
 * Attach and close, many times, on sockets that come and go; then
 * kmemleak scans. Programs and maps die with their last socket.
 */
static void no_kmemleak_reports_after_churn(void)
{
	int map, prog, sk, i;

	if (access(KMEMLEAK, R_OK)) {
		ebpf_case_skip = "this kernel has no kmemleak";
		return;
	}
	for (i = 0; i < CHURN_CYCLES; i++) {
		map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0);
		prog = map >= 0 ? prog_count_and_return(map, i & 1, -1) : -1;
		sk = socket(i & 2 ? AF_INET : AF_UNIX, SOCK_DGRAM, 0);
		if (!EXPECT_TRUE(prog >= 0 && sk >= 0) ||
		    !EXPECT_EQ(setsockopt(sk, SOL_SOCKET, SO_ATTACH_BPF, &prog,
					  sizeof(prog)), 0))
			i = CHURN_CYCLES;
		/* the socket holds the last reference, in either order */
		if (i & 4) {
			close(prog);
			close(map);
			close(sk);
		} else {
			close(sk);
			close(prog);
			close(map);
		}
	}
	/* kmemleak reports objects unreferenced for at least 5 seconds */
	sleep(6);
	EXPECT_TRUE(write_knob(KMEMLEAK, "scan"));
	EXPECT_TRUE(write_knob(KMEMLEAK, "scan"));
	EXPECT_EQ(kmemleak_ours(), 0);
}

static const struct test_case cases[] = {
	{ "stress: every datagram received or counted as filtered",
	  every_datagram_received_or_filtered },
	{ "stress: kmemleak finds nothing after attach/close cycles",
	  no_kmemleak_reports_after_churn },
};

int main(void)
{
	run_cases(cases, ARRAY_LEN(cases));
	return 0;
}
