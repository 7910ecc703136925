// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: the cost of a hot tracepoint. A tight loop of
 * prctl(PR_SET_NAME) fires task/task_rename once per call; each row is
 * the nanoseconds per call with the event off, on perf (a counting perf
 * event, then with a trivial and a map-counting program, on the
 * interpreter and on the JIT), and in tracefs (the event enabled into the
 * trace buffer, a string filter that discards, and, on our kernel, a
 * bpf_<fd> filter: the trivial program discards, the counter too). The
 * best of a few runs is kept. Prints "BENCH tp/<row>/ns N" lines for
 * scripts/bench.sh; a row the kernel does not have is left out.
 */
#include <fcntl.h>
#include <time.h>

#include "tp_test.h"

#define CALLS 20000
#define RUNS 3

enum prog_kind { NO_PROG, TRIVIAL, COUNT };
enum where { OFF, PERF, FTRACE, FTRACE_STRING, FTRACE_BPF };

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* r0 = @verdict */
static int prog_trivial(int verdict)
{
	struct bpf_insn p[] = { I_MOV64_IMM(0, verdict), I_EXIT() };

	return tp_load(p, ARRAY_LEN(p));
}

static bool event_file(const char *file, const char *text)
{
	char path[256];
	int fd;
	bool ok;

	snprintf(path, sizeof(path), EVENT_DIR "/%s", file);
	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return false;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok;
}

/* The best ns per call over RUNS runs of CALLS renames */
static double time_calls(void)
{
	double best = 0, ns;
	unsigned long long t0;
	int r, i;

	for (r = 0; r < RUNS; r++) {
		t0 = now_ns();
		for (i = 0; i < CALLS; i++)
			prctl(PR_SET_NAME, "ebpf-bench", 0, 0, 0);
		ns = (double)(now_ns() - t0) / CALLS;
		if (!r || ns < best)
			best = ns;
	}
	return best;
}

/*
 * One row: set the event up @where with a program of @kind (perf: the
 * program keeps each hit; tracefs: it discards), time it, undo. 0, or -1
 * when this kernel cannot (the row is left out).
 */
static int bench_row(const char *name, enum where where, enum prog_kind kind,
		     int map)
{
	int prog = -1, perf = -1, err = -1;
	int verdict = where == PERF ? 1 : 0;
	char text[32];

	if (kind == TRIVIAL)
		prog = prog_trivial(verdict);
	else if (kind == COUNT)
		prog = prog_count_every(map, verdict);
	if (kind != NO_PROG && prog < 0)
		goto out;
	switch (where) {
	case OFF:
		break;
	case PERF:
		perf = perf_open();
		if (perf < 0 || (prog >= 0 && set_bpf(perf, prog)))
			goto out;
		break;
	case FTRACE_STRING:
		if (!event_file("filter", "pid == 0") ||
		    !event_file("enable", "1"))
			goto out;
		break;
	case FTRACE:
		if (!event_file("enable", "1"))
			goto out;
		break;
	case FTRACE_BPF:
		snprintf(text, sizeof(text), "bpf_%d", prog);
		if (!event_file("filter", text) || !event_file("enable", "1"))
			goto out;
		break;
	}
	printf("BENCH tp/%s/ns %.1f\n", name, time_calls());
	err = 0;
out:
	if (where >= FTRACE) {
		event_file("enable", "0");
		event_file("filter", "0");
	}
	if (perf >= 0)
		close(perf);
	if (prog >= 0)
		close(prog);
	return err;
}

int main(void)
{
	static const struct {
		const char *name;
		enum where where;
		enum prog_kind kind;
		int jit;	/* -1: no program, the sysctl does not matter */
	} rows[] = {
		{ "off", OFF, NO_PROG, -1 },
		{ "perf", PERF, NO_PROG, -1 },
		{ "perf-trivial-interp", PERF, TRIVIAL, 0 },
		{ "perf-trivial-jit", PERF, TRIVIAL, 1 },
		{ "perf-count-interp", PERF, COUNT, 0 },
		{ "perf-count-jit", PERF, COUNT, 1 },
		{ "ftrace", FTRACE, NO_PROG, -1 },
		{ "ftrace-string", FTRACE_STRING, NO_PROG, -1 },
		{ "ftrace-trivial-interp", FTRACE_BPF, TRIVIAL, 0 },
		{ "ftrace-trivial-jit", FTRACE_BPF, TRIVIAL, 1 },
		{ "ftrace-count-jit", FTRACE_BPF, COUNT, 1 },
	};
	const char *jit_path = jit_enable_sysctl();
	int map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	int old_jit = read_sysctl_int(jit_path);
	bool ours = !access("/proc/sys/kernel/ebpf_jit_enable", F_OK);
	unsigned int i;

	if (!read_event() || map < 0) {
		printf("# no %s, or no map\n", EVENT_DIR);
		return 1;
	}
	for (i = 0; i < ARRAY_LEN(rows); i++) {
		/* bpf_<fd> filters are ours only */
		if (rows[i].where == FTRACE_BPF && !ours)
			continue;
		if (rows[i].jit >= 0 && !write_sysctl_int(jit_path, rows[i].jit)) {
			printf("# cannot write %d to %s\n", rows[i].jit, jit_path);
			continue;
		}
		if (bench_row(rows[i].name, rows[i].where, rows[i].kind, map))
			printf("# tp/%s: not on this kernel\n", rows[i].name);
	}
	write_sysctl_int(jit_path, old_jit);
	if (value(map, 0) <= 0) {
		printf("# tp/count: the counter saw no hit\n");
		return 1;
	}
	close(map);
	return 0;
}
