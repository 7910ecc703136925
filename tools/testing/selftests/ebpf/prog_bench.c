// SPDX-License-Identifier: GPL-2.0
/*
 * Program benchmarks, for make bench (not a test: it asserts only that
 * loads and runs succeed). Prints one line per row:
 *
 *	BENCH verify/<program>/us    microseconds per BPF_PROG_LOAD
 *	BENCH verify/<program>/insns instructions the verifier processed
 *	BENCH interp/<program>/ns    nanoseconds per run (BPF_PROG_TEST_RUN)
 *	BENCH jit/<program>/ns       the same, loaded with the JIT on
 *	BENCH jit/<program>/bytes    the JIT's image size
 *	BENCH speedup/<program>/x    interp ns / jit ns
 *
 * "processed N insns" is read from the log, which both our verifier and
 * mainline's end with. Each kernel's own sysctl picks its runtime before
 * a load (ours kernel.ebpf_jit_enable, mainline's net.core.bpf_jit_enable).
 * The flow dissector is the one make bench runs natively on the host
 * (tools/testing/ebpf/bench), compiled by clang, opened by libbpf.
 */
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <libgen.h>
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

/* The flow dissector's instructions, from flow_dissector.bpf.o beside us. */
static int gen_flow(void)
{
	char path[4096];
	ssize_t len = readlink("/proc/self/exe", path, sizeof(path) - 64);
	struct bpf_program *p;
	struct bpf_object *obj;
	int n = -1;

	if (len <= 0)
		return -1;
	path[len] = 0;
	strcat(dirname(path), "/flow_dissector.bpf.o");
	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		printf("# %s: %s\n", path, strerror(errno));
		return -1;
	}
	p = bpf_object__find_program_by_name(obj, "flow_dissector");
	if (p && bpf_program__insn_cnt(p) <= MAX_INSNS) {
		n = bpf_program__insn_cnt(p);
		memcpy(prog, bpf_program__insns(p), n * sizeof(prog[0]));
	}
	bpf_object__close(obj);
	return n;
}

static unsigned char packet[64] = {
	[12] = 0x08, [14] = 0x45, [23] = 17, [34] = 0x10, [36] = 0x20,
};

/*
 * TEST_RUN of a socket filter starts the data after the Ethernet header;
 * the flow dissector expects one, so its packet has two: an IPv4 header
 * with options and UDP ports after the inner one.
 */
static unsigned char flow_packet[80] = {
	[12] = 0x08, [26] = 0x08, [28] = 0x47, [37] = 17, [40] = 10,
	[43] = 1, [44] = 10, [47] = 2, [56] = 0x30, [58] = 0x40,
};

static const struct {
	const char *name;
	int (*gen)(void);
	int verify, run;
	const unsigned char *pkt;
	unsigned int pkt_size;
} rows[] = {
	{ "small", gen_small, 1, 1, packet, sizeof(packet) },
	{ "straight4k", gen_straight, 1, 0, packet, sizeof(packet) },
	{ "branchy", gen_branchy, 1, 1, packet, sizeof(packet) },
	{ "alu1k", gen_alu1k, 0, 1, packet, sizeof(packet) },
	{ "ldabs", gen_ldabs, 0, 1, packet, sizeof(packet) },
	{ "map", gen_map, 0, 1, packet, sizeof(packet) },
	{ "flow", gen_flow, 1, 1, flow_packet, sizeof(flow_packet) },
};

static const char *jit_enable_path;

/* The JIT's image size of program @fd: our fdinfo, or mainline's info */
static long jited_bytes(int fd)
{
	struct bpf_prog_info info;
	union bpf_attr attr;
	long bytes = fdinfo_field(fd, "jited_size");

	if (bytes >= 0)
		return bytes;
	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = PTR(&info);
	if (syscall(__NR_bpf, BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr)))
		return -1;
	return info.jited_prog_len;
}

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

static int bench_run(unsigned int row, int n, int jit, unsigned int *ns)
{
	struct test_run t = { .in = rows[row].pkt,
			      .in_size = rows[row].pkt_size, .repeat = 200000 };
	const char *name = rows[row].name;
	unsigned int best = ~0u;
	int fds[RUN_COPIES], i, loaded, err = 0;

	if (!write_sysctl_int(jit_enable_path, jit)) {
		printf("# cannot write %d to %s\n", jit, jit_enable_path);
		return -1;
	}
	for (loaded = 0; loaded < RUN_COPIES; loaded++) {
		fds[loaded] = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, prog, n);
		if (fds[loaded] < 0) {
			err = -1;
			break;
		}
	}
	/* a row is what it says it is: prog_jited as asked */
	for (i = 0; i < loaded && !err; i++) {
		if (fdinfo_field(fds[i], "prog_jited") != jit) {
			printf("# %s: prog_jited is not %d\n", name, jit);
			err = -1;
		}
	}
	for (i = 0; i < loaded && !err; i++) {
		err = prog_test_run(fds[i], &t);
		if (!err && t.duration < best)
			best = t.duration;
	}
	if (!err && jit)
		printf("BENCH jit/%s/bytes %ld\n", name, jited_bytes(fds[0]));
	for (i = 0; i < loaded; i++)
		close(fds[i]);
	if (err)
		return -1;
	printf("BENCH %s/%s/ns %u\n", jit ? "jit" : "interp", name, best);
	*ns = best;
	return 0;
}

/* The row on the interpreter, then on the JIT, and the speed-up. */
static int bench_runtimes(unsigned int row, int n)
{
	unsigned int interp, jit;

	if (bench_run(row, n, 0, &interp) || bench_run(row, n, 1, &jit))
		return -1;
	printf("BENCH speedup/%s/x %.2f\n", rows[row].name,
	       (double)interp / (jit ?: 1));
	return 0;
}

int main(void)
{
	int n, failed = 0, old_jit;
	unsigned int i, key;
	uint64_t v = 1;

	jit_enable_path = jit_enable_sysctl();
	old_jit = read_sysctl_int(jit_enable_path);
	array_fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0);
	if (array_fd < 0) {
		printf("# map_create: %s\n", strerror(-array_fd));
		return 1;
	}
	for (key = 0; key < 4; key++)
		map_update(array_fd, &key, &v, BPF_ANY);
	for (i = 0; i < ARRAY_LEN(rows); i++) {
		n = rows[i].gen();
		if (n < 0) {
			printf("# %s: no program\n", rows[i].name);
			failed++;
			continue;
		}
		if (rows[i].verify && bench_verify(rows[i].name, n))
			failed++;
		if (rows[i].run && bench_runtimes(i, n))
			failed++;
	}
	write_sysctl_int(jit_enable_path, old_jit);
	return failed ? 1 : 0;
}
