// SPDX-License-Identifier: GPL-2.0
/*
 * Program benchmarks, for make bench (not a test: it asserts only that
 * loads and runs succeed). Prints one line per row:
 *
 *	BENCH verify/<program>/us    microseconds per BPF_PROG_LOAD
 *	BENCH verify/<program>/insns instructions the verifier processed
 *	BENCH interp/<program>/ns    nanoseconds per run (BPF_PROG_TEST_RUN)
 *
 * "processed N insns" is read from the log, which both our verifier and
 * mainline's end with. On the reference kernel the JIT is switched off
 * first, so both kernels are measured interpreting.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <time.h>

#include "ebpf_test.h"
#include "ebpf_asm.h"

#define MAX_INSNS	4096

static struct bpf_insn prog[MAX_INSNS];
static char log_buf[1 << 20];
static int array_fd;

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* r0 = 1; exit */
static int gen_small(void)
{
	int n = 0;

	prog[n++] = I_MOV64_IMM(0, 1);
	prog[n++] = I_EXIT();
	return n;
}

/* 4095 instructions of arithmetic on three registers, then exit. */
static int gen_straight(void)
{
	int n = 0;

	prog[n++] = I_MOV64_IMM(0, 0);
	prog[n++] = I_MOV64_IMM(2, 3);
	while (n < MAX_INSNS - 1) {
		switch (n % 4) {
		case 0:
			prog[n++] = I_ALU64_IMM(BPF_ADD, 0, n);
			break;
		case 1:
			prog[n++] = I_ALU64_REG(BPF_XOR, 2, 0);
			break;
		case 2:
			prog[n++] = I_ALU32_IMM(BPF_MUL, 2, 7);
			break;
		default:
			prog[n++] = I_ALU64_REG(BPF_ADD, 0, 2);
		}
	}
	prog[n++] = I_EXIT();
	return n;
}

/*
 * 32 diamonds on a packet byte, each counting into r7, then a lookup in
 * an array map indexed by the (bounded) count: 2^32 paths unless the
 * verifier prunes or joins them.
 */
static int gen_branchy(void)
{
	int n = 0, i;

	prog[n++] = I_MOV64_REG(6, 1);
	prog[n++] = I_LD_ABS(BPF_B, 9);
	prog[n++] = I_MOV64_REG(8, 0);
	prog[n++] = I_MOV64_IMM(7, 0);
	for (i = 0; i < 32; i++) {
		prog[n++] = I_JMP_IMM(BPF_JGT, 8, i * 7, 1);
		prog[n++] = I_ALU64_IMM(BPF_ADD, 7, 1);
	}
	prog[n++] = I_ALU64_IMM(BPF_AND, 7, 3);
	prog[n++] = I_STX(BPF_W, 10, 7, -4);
	prog[n++] = I_MOV64_REG(2, 10);
	prog[n++] = I_ALU64_IMM(BPF_ADD, 2, -4);
	prog[n++] = I_LD_MAP_FD(1, array_fd);
	prog[n++] = I_LD64_HI(0);
	prog[n++] = I_CALL(BPF_FUNC_map_lookup_elem);
	prog[n++] = I_JMP_IMM(BPF_JEQ, 0, 0, 2);
	prog[n++] = I_LDX(BPF_DW, 0, 0, 0);
	prog[n++] = I_EXIT();
	prog[n++] = I_MOV64_IMM(0, 0);
	prog[n++] = I_EXIT();
	return n;
}

/* 1000 ALU instructions, for the interpreter. */
static int gen_alu1k(void)
{
	int n = 0;

	prog[n++] = I_MOV64_IMM(0, 1);
	prog[n++] = I_MOV64_IMM(2, 5);
	while (n < 1001) {
		prog[n] = (n & 1) ? I_ALU64_REG(BPF_ADD, 0, 2) :
				    I_ALU64_IMM(BPF_LSH, 2, 1);
		n++;
	}
	prog[n++] = I_EXIT();
	return n;
}

/* The IP protocol and UDP ports with LD_ABS, as a socket filter would. */
static int gen_ldabs(void)
{
	int n = 0;

	prog[n++] = I_MOV64_REG(6, 1);
	prog[n++] = I_LD_ABS(BPF_B, 9);
	prog[n++] = I_JMP_IMM(BPF_JNE, 0, 17, 5);
	prog[n++] = I_LD_ABS(BPF_H, 20);
	prog[n++] = I_MOV64_REG(7, 0);
	prog[n++] = I_LD_ABS(BPF_H, 22);
	prog[n++] = I_ALU64_REG(BPF_ADD, 0, 7);
	prog[n++] = I_EXIT();
	prog[n++] = I_MOV64_IMM(0, 0);
	prog[n++] = I_EXIT();
	return n;
}

/* An array lookup, an update of the value, the value returned. */
static int gen_map(void)
{
	int n = 0;

	prog[n++] = I_ST(BPF_W, 10, -4, 1);
	prog[n++] = I_MOV64_REG(2, 10);
	prog[n++] = I_ALU64_IMM(BPF_ADD, 2, -4);
	prog[n++] = I_LD_MAP_FD(1, array_fd);
	prog[n++] = I_LD64_HI(0);
	prog[n++] = I_CALL(BPF_FUNC_map_lookup_elem);
	prog[n++] = I_JMP_IMM(BPF_JEQ, 0, 0, 4);
	prog[n++] = I_LDX(BPF_DW, 1, 0, 0);
	prog[n++] = I_ALU64_IMM(BPF_ADD, 1, 1);
	prog[n++] = I_STX(BPF_DW, 0, 1, 0);
	prog[n++] = I_MOV64_REG(0, 1);
	prog[n++] = I_EXIT();
	return n;
}

static const struct {
	const char *name;
	int (*gen)(void);
	int verify, run;
} rows[] = {
	{ "small", gen_small, 1, 1 },
	{ "straight4k", gen_straight, 1, 0 },
	{ "branchy", gen_branchy, 1, 1 },
	{ "alu1k", gen_alu1k, 0, 1 },
	{ "ldabs", gen_ldabs, 0, 1 },
	{ "map", gen_map, 0, 1 },
};

static unsigned char packet[64] = {
	[12] = 0x08, [14] = 0x45, [23] = 17, [34] = 0x10, [36] = 0x20,
};

static long processed_insns(const char *log)
{
	const char *p = strstr(log, "processed ");

	return p ? strtol(p + 10, NULL, 10) : -1;
}

static int bench_verify(const char *name, int n)
{
	unsigned long long t0, ns;
	int i, fd, loads = 0;

	fd = prog_load_log(BPF_PROG_TYPE_SOCKET_FILTER, prog, n, 1, log_buf,
			   sizeof(log_buf));
	if (fd < 0) {
		printf("# %s: load failed: %s\n%s\n", name, strerror(-fd), log_buf);
		return -1;
	}
	close(fd);
	printf("BENCH verify/%s/insns %ld\n", name, processed_insns(log_buf));
	t0 = now_ns();
	do {
		for (i = 0; i < 10; i++) {
			fd = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, prog, n);
			if (fd < 0)
				return -1;
			close(fd);
		}
		loads += 10;
		ns = now_ns() - t0;
	} while (ns < 500000000ull);
	printf("BENCH verify/%s/us %.1f\n", name, ns / 1000.0 / loads);
	return 0;
}

/*
 * Under TCG a run's speed also depends on where the program's instructions
 * land in memory (the emulator's software TLB is direct-mapped, so a page
 * can evict the stack's on every access): time RUN_COPIES loads of the
 * same program, all held open so that each gets its own memory, and keep
 * the fastest. Both kernels are measured the same way.
 */
#define RUN_COPIES 4

static int bench_run(const char *name, int n)
{
	struct test_run t = { .in = packet, .in_size = sizeof(packet),
			      .repeat = 200000 };
	unsigned int best = ~0u;
	int fds[RUN_COPIES], i, loaded, err = 0;

	for (loaded = 0; loaded < RUN_COPIES; loaded++) {
		fds[loaded] = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, prog, n);
		if (fds[loaded] < 0) {
			err = -1;
			break;
		}
	}
	for (i = 0; i < loaded && !err; i++) {
		err = prog_test_run(fds[i], &t);
		if (!err && t.duration < best)
			best = t.duration;
	}
	for (i = 0; i < loaded; i++)
		close(fds[i]);
	if (err)
		return -1;
	printf("BENCH interp/%s/ns %u\n", name, best);
	return 0;
}

int main(void)
{
	int fd, n, failed = 0;
	unsigned int i, key;
	uint64_t v = 1;

	fd = open("/proc/sys/net/core/bpf_jit_enable", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "0", 1) != 1)
			printf("# could not switch the JIT off\n");
		close(fd);
	}
	array_fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0);
	if (array_fd < 0) {
		printf("# map_create: %s\n", strerror(-array_fd));
		return 1;
	}
	for (key = 0; key < 4; key++)
		map_update(array_fd, &key, &v, BPF_ANY);
	for (i = 0; i < ARRAY_LEN(rows); i++) {
		n = rows[i].gen();
		if (rows[i].verify && bench_verify(rows[i].name, n))
			failed++;
		if (rows[i].run && bench_run(rows[i].name, n))
			failed++;
	}
	return failed ? 1 : 0;
}
