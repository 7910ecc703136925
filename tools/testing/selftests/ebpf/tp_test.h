/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the tracepoint program tests share: the trace event they use,
 * task/task_rename (prctl(PR_SET_NAME) fires it once per call, in the
 * caller's context), read from tracefs; loading a tracepoint program
 * with its log shown on failure; its perf event and PERF_EVENT_IOC_SET_BPF.
 */
#ifndef TP_TEST_H
#define TP_TEST_H

#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "ebpf_test.h"
#include "ebpf_asm.h"

#define EVENT_DIR "/sys/kernel/tracing/events/task/task_rename"
/* the record's pid and newcomm, at the offsets its format file gives */
#define REC_PID 8
#define REC_NEWCOMM 28

static int event_id = -1;
/* the end of the record's last field */
static unsigned int record_end;

/* The event's id and the end of its last field, from tracefs. */
static inline bool read_event(void)
{
	unsigned int off, size, pid_off = 0, comm_off = 0;
	char line[256], name[64];
	FILE *f;

	f = fopen(EVENT_DIR "/id", "r");
	if (!f || fscanf(f, "%d", &event_id) != 1)
		event_id = -1;
	if (f)
		fclose(f);
	f = fopen(EVENT_DIR "/format", "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, " field:%*[^;]%*[ \t;]offset:%u; size:%u;",
			   &off, &size) != 2)
			continue;
		if (sscanf(line, " field:%*s %63[^;[]", name) == 1) {
			if (!strcmp(name, "pid"))
				pid_off = off;
			else if (!strcmp(name, "newcomm"))
				comm_off = off;
		}
		if (off + size > record_end)
			record_end = off + size;
	}
	fclose(f);
	if (pid_off != REC_PID || comm_off != REC_NEWCOMM)
		ksft_print_msg("format: pid at %u, newcomm at %u\n", pid_off,
			       comm_off);
	return event_id >= 0 && pid_off == REC_PID && comm_off == REC_NEWCOMM;
}

/* the name tp_load() gives the programs it loads; NULL: none */
static const char *tp_prog_name;

static inline int tp_load(const struct bpf_insn *insns, int n)
{
	static char log[65536];
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_TRACEPOINT;
	attr.insns = PTR(insns);
	attr.insn_cnt = n;
	attr.license = PTR("GPL");
	attr.log_level = 1;
	attr.log_buf = PTR(log);
	attr.log_size = sizeof(log);
	if (tp_prog_name)
		memcpy(attr.prog_name, tp_prog_name,
		       strnlen(tp_prog_name, sizeof(attr.prog_name) - 1));
	fd = sys_bpf(BPF_PROG_LOAD, &attr);
	if (fd < 0)
		ksft_print_msg("%s: %s\n%s", __func__, strerror(-fd), log);
	return fd;
}

/*
 * Count the hits of this thread in map[0] (atomic add), keep the first
 * 8 bytes of the new name in map[1], return @verdict.
 */
static inline int prog_count(int map, int verdict)
{
	struct bpf_insn p[] = {
		I_MOV64_REG(6, 1),
		I_LDX(BPF_W, 2, 6, REC_PID),
		I_JMP_IMM(BPF_JNE, 2, (int)syscall(SYS_gettid), 23),
		I_ST(BPF_W, 10, -4, 0),
		I_MOV64_REG(2, 10), I_ALU64_IMM(BPF_ADD, 2, -4),
		I_LD_MAP_FD(1, map), I_LD64_HI(0),
		I_CALL(BPF_FUNC_map_lookup_elem),
		I_JMP_IMM(BPF_JEQ, 0, 0, 16),
		I_MOV64_IMM(1, 1),
		I_ATOMIC(BPF_DW, BPF_ADD, 0, 1, 0),
		/* newcomm is 4-byte aligned: two loads */
		I_LDX(BPF_W, 7, 6, REC_NEWCOMM),
		I_LDX(BPF_W, 8, 6, REC_NEWCOMM + 4),
		I_ALU64_IMM(BPF_LSH, 8, 32),
		I_ALU64_REG(BPF_OR, 7, 8),
		I_STX(BPF_DW, 10, 7, -16),
		I_ST(BPF_W, 10, -4, 1),
		I_LD_MAP_FD(1, map), I_LD64_HI(0),
		I_MOV64_REG(2, 10), I_ALU64_IMM(BPF_ADD, 2, -4),
		I_MOV64_REG(3, 10), I_ALU64_IMM(BPF_ADD, 3, -16),
		I_MOV64_IMM(4, 0),
		I_CALL(BPF_FUNC_map_update_elem),
		I_MOV64_IMM(0, verdict), I_EXIT(),
	};

	return tp_load(p, ARRAY_LEN(p));
}

/*
 * The offset of field @field in the record of the event in tracefs
 * directory @dir (events/<system>/<event>), or -1; its id in *@id.
 */
static inline int event_field(const char *dir, const char *field, int *id)
{
	char path[256], line[256], name[64];
	unsigned int off, size;
	int found = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/id", dir);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%d", id) != 1)
		*id = -1;
	if (f)
		fclose(f);
	snprintf(path, sizeof(path), "%s/format", dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, " field:%*[^;]%*[ \t;]offset:%u; size:%u;",
			   &off, &size) != 2)
			continue;
		/* the name is the last word before the ';' */
		if (sscanf(strrchr(strtok(line, ";"), ' ') + 1, "%63[^[]",
			   name) == 1 && !strcmp(name, field))
			found = off;
	}
	fclose(f);
	return *id < 0 ? -1 : found;
}

/* map[0] += 1 for every hit, whichever task fires it; r0 = @verdict */
static inline int prog_count_every(int map, int verdict)
{
	struct bpf_insn p[] = {
		I_ST(BPF_W, 10, -4, 0),
		I_MOV64_REG(2, 10), I_ALU64_IMM(BPF_ADD, 2, -4),
		I_LD_MAP_FD(1, map), I_LD64_HI(0),
		I_CALL(BPF_FUNC_map_lookup_elem),
		I_JMP_IMM(BPF_JEQ, 0, 0, 2),
		I_MOV64_IMM(1, 1),
		I_ATOMIC(BPF_DW, BPF_ADD, 0, 1, 0),
		I_MOV64_IMM(0, verdict), I_EXIT(),
	};

	return tp_load(p, ARRAY_LEN(p));
}

/* A counting perf event of trace event @id for this thread, on. */
static inline int perf_open_id(int id)
{
	struct perf_event_attr a = {
		.type = PERF_TYPE_TRACEPOINT, .size = sizeof(a),
		.config = id,
	};
	int fd = syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);

	if (fd < 0)
		ksft_print_msg("perf_event_open: %s\n", strerror(errno));
	return fd;
}

/* The perf event of the trace event for this thread, counting, on. */
static inline int perf_open(void)
{
	struct perf_event_attr a = {
		.type = PERF_TYPE_TRACEPOINT, .size = sizeof(a),
		.config = event_id,
	};
	int fd = syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);

	if (fd < 0)
		ksft_print_msg("perf_event_open: %s\n", strerror(errno));
	return fd;
}

static inline int set_bpf(int perf, int prog)
{
	return ioctl(perf, PERF_EVENT_IOC_SET_BPF, prog) ? -errno : 0;
}

/* How many hits the perf event recorded */
static inline long perf_count(int perf)
{
	uint64_t n;

	return read(perf, &n, sizeof(n)) == sizeof(n) ? (long)n : -1;
}

/* The u64 at @key of array map @map, -1 when the lookup fails */
static inline long value(int map, uint32_t key)
{
	uint64_t v = 0;

	return map_lookup(map, &key, &v) ? -1 : (long)v;
}

/* Fire the event @n times, naming the thread @name */
static inline void rename_to(const char *name, int n)
{
	while (n--)
		prctl(PR_SET_NAME, name, 0, 0, 0);
}

#endif /* TP_TEST_H */
