// SPDX-License-Identifier: GPL-2.0
/*
 * Tracepoint programs on perf events, mainline's interface: open the perf
 * event of a trace event (its tracefs id), PERF_EVENT_IOC_SET_BPF with a
 * BPF_PROG_TYPE_TRACEPOINT program. The event is task/task_rename, which
 * prctl(PR_SET_NAME) fires once per call in the caller's context, so the
 * counts are exact; the program reads the record (the renamed task's pid
 * and new name) as the event's format file lays it out. What perf records
 * follows the program's verdict: the perf event's count is the number of
 * hits the programs let through. Every case passes on both kernels.
 */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "tp_test.h"
#include "ebpf_asm.h"

#define HITS 50

/* Fire the event @n times, naming the thread "ebpf-tp" */
static void rename_self(int n)
{
	rename_to("ebpf-tp", n);
}

/* r0 = 1 after reading @size bytes at @off of the record */
static int prog_read_at(int off, int size)
{
	struct bpf_insn p[] = {
		I_LDX(size, 0, 1, off), I_MOV64_IMM(0, 1), I_EXIT(),
	};

	return tp_load(p, ARRAY_LEN(p));
}

/*
 * Each verdict: the program runs on every hit; perf records the hits
 * when bit 0 of the verdict is set (mainline ANDs 1 with every verdict),
 * none otherwise.
 */
static void verdict_decides_what_perf_records(void)
{
	static const int verdicts[] = { 1, 0, 2, 3, -1 };
	unsigned int i;
	int map, prog, perf;
	uint64_t name;

	memcpy(&name, "ebpf-tp", 8);
	for (i = 0; i < ARRAY_LEN(verdicts); i++) {
		map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0);
		prog = map >= 0 ? prog_count(map, verdicts[i]) : -1;
		perf = perf_open();
		if (EXPECT_TRUE(map >= 0 && prog >= 0 && perf >= 0) &&
		    EXPECT_EQ(set_bpf(perf, prog), 0)) {
			rename_self(HITS);
			if (!EXPECT_EQ(value(map, 0), HITS) ||
			    !EXPECT_EQ(value(map, 1), (long)name) ||
			    !EXPECT_EQ(perf_count(perf),
				       verdicts[i] & 1 ? HITS : 0))
				ksft_print_msg("verdict %d\n", verdicts[i]);
		}
		if (perf >= 0)
			close(perf);
		if (prog >= 0)
			close(prog);
		if (map >= 0)
			close(map);
	}
}

/*
 * The perf event holds the program: closing the program fd keeps it
 * counting; closing the perf event detaches it, and a new event without
 * a program records every hit.
 */
static void perf_event_holds_the_program(void)
{
	int map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0);
	int prog = map >= 0 ? prog_count(map, 0) : -1;
	int perf = perf_open(), plain;

	if (!EXPECT_TRUE(map >= 0 && prog >= 0 && perf >= 0) ||
	    !EXPECT_EQ(set_bpf(perf, prog), 0))
		goto out;
	close(prog);
	prog = -1;
	rename_self(HITS);
	EXPECT_EQ(value(map, 0), HITS);
	EXPECT_EQ(perf_count(perf), 0);
	close(perf);
	perf = -1;
	plain = perf_open();
	rename_self(HITS);
	EXPECT_EQ(value(map, 0), HITS);
	if (EXPECT_TRUE(plain >= 0)) {
		EXPECT_EQ(perf_count(plain), HITS);
		close(plain);
	}
out:
	if (perf >= 0)
		close(perf);
	if (prog >= 0)
		close(prog);
	if (map >= 0)
		close(map);
}

/* Two perf events of one trace event, each with a program: both run. */
static void two_events_two_programs(void)
{
	int map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0);
	int p1 = map >= 0 ? prog_count(map, 1) : -1;
	int p2 = map >= 0 ? prog_count(map, 1) : -1;
	int e1 = perf_open(), e2 = perf_open();

	if (EXPECT_TRUE(p1 >= 0 && p2 >= 0 && e1 >= 0 && e2 >= 0) &&
	    EXPECT_EQ(set_bpf(e1, p1), 0) && EXPECT_EQ(set_bpf(e2, p2), 0)) {
		rename_self(HITS);
		EXPECT_EQ(value(map, 0), 2 * HITS);
		EXPECT_EQ(perf_count(e1), HITS);
		EXPECT_EQ(perf_count(e2), HITS);
		/* one detached: the other still runs */
		close(e1);
		e1 = -1;
		rename_self(HITS);
		EXPECT_EQ(value(map, 0), 3 * HITS);
	}
	if (e1 >= 0)
		close(e1);
	if (e2 >= 0)
		close(e2);
	if (p1 >= 0)
		close(p1);
	if (p2 >= 0)
		close(p2);
	if (map >= 0)
		close(map);
}

#define KFREE_SKB_DIR "/sys/kernel/tracing/events/skb/kfree_skb"
/* enum skb_drop_reason: no socket for the packet */
#define DROP_NO_SOCKET 3

/*
 * skb/kfree_skb fires in softirq, where loopback delivers: each UDP
 * datagram to a port nobody listens on is one drop, reason NO_SOCKET,
 * which the program counts among the IPv4 drops.
 */
static void kfree_skb_counts_udp_to_a_closed_port(void)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int id, proto = event_field(KFREE_SKB_DIR, "protocol", &id);
	int reason = event_field(KFREE_SKB_DIR, "reason", &id);
	int map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	struct bpf_insn p[] = {
		I_LDX(BPF_H, 2, 1, proto),
		I_JMP_IMM(BPF_JNE, 2, ETH_P_IP, 11),
		I_LDX(BPF_W, 2, 1, reason),
		I_JMP_IMM(BPF_JNE, 2, DROP_NO_SOCKET, 9),
		I_ST(BPF_W, 10, -4, 0),
		I_MOV64_REG(2, 10), I_ALU64_IMM(BPF_ADD, 2, -4),
		I_LD_MAP_FD(1, map), I_LD64_HI(0),
		I_CALL(BPF_FUNC_map_lookup_elem),
		I_JMP_IMM(BPF_JEQ, 0, 0, 2),
		I_MOV64_IMM(1, 1),
		I_ATOMIC(BPF_DW, BPF_ADD, 0, 1, 0),
		I_MOV64_IMM(0, 1), I_EXIT(),
	};
	int prog = -1, perf = -1, sk = socket(AF_INET, SOCK_DGRAM, 0), i;

	if (!EXPECT_TRUE(proto > 0 && reason > 0 && map >= 0 && sk >= 0))
		goto out;
	prog = tp_load(p, ARRAY_LEN(p));
	perf = perf_open_id(id);
	if (!EXPECT_TRUE(prog >= 0 && perf >= 0) ||
	    !EXPECT_EQ(set_bpf(perf, prog), 0))
		goto out;
	for (i = 0; i < HITS; i++)
		sendto(sk, "x", 1, 0, (struct sockaddr *)&to, sizeof(to));
	EXPECT_EQ(value(map, 0), HITS);
out:
	if (sk >= 0)
		close(sk);
	if (perf >= 0)
		close(perf);
	if (prog >= 0)
		close(prog);
	if (map >= 0)
		close(map);
}

enum bad_kind {
	BAD_CLOSED_FD, BAD_NEGATIVE_FD, BAD_MAP_FD, BAD_PIPE_FD,
	BAD_SOCKET_FILTER, BAD_SECOND_PROG, BAD_SAME_PROG_TWICE,
	BAD_PAST_RECORD, BAD_SOFTWARE_EVENT, GOOD_LAST_FIELD,
};

static const struct {
	const char *name;
	enum bad_kind kind;
	int err;
} bad_cases[] = {
	{ "a closed fd", BAD_CLOSED_FD, -EBADF },
	{ "fd -1", BAD_NEGATIVE_FD, -EBADF },
	{ "a map fd", BAD_MAP_FD, -EINVAL },
	{ "a pipe", BAD_PIPE_FD, -EINVAL },
	{ "a socket filter", BAD_SOCKET_FILTER, -EINVAL },
	{ "a second program on the event", BAD_SECOND_PROG, -EEXIST },
	{ "the program on a second event of the same trace event",
	  BAD_SAME_PROG_TWICE, -EEXIST },
	{ "a program reading past the record", BAD_PAST_RECORD, -EACCES },
	{ "a software event", BAD_SOFTWARE_EVENT, -EINVAL },
	{ "a program reading the record's last bytes", GOOD_LAST_FIELD, 0 },
};

static int bad_target(enum bad_kind kind, int *extra)
{
	struct bpf_insn ret1[] = { I_MOV64_IMM(0, 1), I_EXIT() };
	int pipefd[2], fd;

	switch (kind) {
	case BAD_CLOSED_FD:
		fd = dup(0);
		close(fd);
		return fd;
	case BAD_NEGATIVE_FD:
		return -1;
	case BAD_MAP_FD:
		return *extra = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	case BAD_PIPE_FD:
		if (pipe(pipefd))
			return -1;
		*extra = pipefd[1];
		return pipefd[0];
	case BAD_SOCKET_FILTER:
		return prog_load(BPF_PROG_TYPE_SOCKET_FILTER, ret1, 2);
	case BAD_PAST_RECORD:
		/* 8 aligned bytes that end past the record's last field */
		return prog_read_at((record_end + 7) / 8 * 8 - 8, BPF_DW);
	case GOOD_LAST_FIELD:
		return prog_read_at(record_end - 2, BPF_H);
	default:
		return tp_load(ret1, 2);
	}
}

/* PERF_EVENT_IOC_SET_BPF's errnos, as mainline's; the event keeps none. */
static void set_bpf_errno_table(void)
{
	struct perf_event_attr sw = {
		.type = PERF_TYPE_SOFTWARE, .size = sizeof(sw),
		.config = PERF_COUNT_SW_DUMMY,
	};
	unsigned int i;
	int perf, other, target, extra, prev;

	for (i = 0; i < ARRAY_LEN(bad_cases); i++) {
		extra = -1;
		other = -1;
		prev = -1;
		perf = bad_cases[i].kind == BAD_SOFTWARE_EVENT ?
		       syscall(SYS_perf_event_open, &sw, 0, -1, -1, 0) :
		       perf_open();
		target = bad_target(bad_cases[i].kind, &extra);
		if (!EXPECT_TRUE(perf >= 0))
			continue;
		if (bad_cases[i].kind == BAD_SECOND_PROG) {
			prev = bad_target(GOOD_LAST_FIELD, &extra);
			EXPECT_EQ(set_bpf(perf, prev), 0);
		}
		if (bad_cases[i].kind == BAD_SAME_PROG_TWICE) {
			other = perf_open();
			EXPECT_EQ(set_bpf(other, target), 0);
		}
		if (!EXPECT_EQ(set_bpf(perf, target), bad_cases[i].err))
			ksft_print_msg("case: %s\n", bad_cases[i].name);
		if (bad_cases[i].err && bad_cases[i].kind != BAD_SOFTWARE_EVENT &&
		    bad_cases[i].kind != BAD_SECOND_PROG) {
			/* refused: the event records as without a program */
			rename_self(3);
			EXPECT_EQ(perf_count(perf), 3);
		}
		close(perf);
		if (other >= 0)
			close(other);
		if (prev >= 0)
			close(prev);
		if (target >= 0 && bad_cases[i].kind != BAD_CLOSED_FD)
			close(target);
		if (extra >= 0)
			close(extra);
	}
}

static const struct test_case cases[] = {
	{ "perf: the verdict decides what perf records",
	  verdict_decides_what_perf_records },
	{ "perf: the event holds the program", perf_event_holds_the_program },
	{ "perf: two events, two programs", two_events_two_programs },
	{ "perf: skb/kfree_skb in softirq", kfree_skb_counts_udp_to_a_closed_port },
	{ "perf: PERF_EVENT_IOC_SET_BPF errnos", set_bpf_errno_table },
};

int main(void)
{
	if (!read_event())
		ksft_exit_skip("no %s in tracefs\n", EVENT_DIR);
	run_cases(cases, ARRAY_LEN(cases));
	return 0;
}
