// SPDX-License-Identifier: GPL-2.0
/*
 * dropmon: the 2014 proposal's drop monitor. A program written as
 * instructions runs on every skb/kfree_skb event and counts the drops per
 * location (the kernel address that freed the skb) in a hash map; it is
 * attached the proposal's way, by writing "bpf_<fd>" into the event's
 * filter file in tracefs, and returns 0 so that nothing fills the trace
 * buffer. Once a second the top locations are printed as symbol+offset.
 * Ctrl-C (or the end) clears the filter and disables the event, which
 * releases the program and its map. dropmon_libbpf is the same in C,
 * attached through perf by libbpf.
 *
 *	dropmon [--no-traffic]
 */
#include <fcntl.h>

#include "dropmon.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
			    .off = (o), .imm = (i) })
#define MOV64_REG(d, s)		INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV64_IMM(d, i)		INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define ADD64_IMM(d, i)		INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define LDX_DW(d, s, o)		INSN(BPF_LDX | BPF_MEM | BPF_DW, d, s, o, 0)
#define STX_DW(d, s, o)		INSN(BPF_STX | BPF_MEM | BPF_DW, d, s, o, 0)
#define ST_DW(d, o, i)		INSN(BPF_ST | BPF_MEM | BPF_DW, d, 0, o, i)
#define LD_MAP_FD(d, fd)	INSN(BPF_LD | BPF_IMM | BPF_DW, d, \
				     BPF_PSEUDO_MAP_FD, 0, fd)
#define LD_IMM64_HI(hi)		INSN(0, 0, 0, 0, hi)
#define JEQ_IMM(d, i, o)	INSN(BPF_JMP | BPF_JEQ | BPF_K, d, 0, o, i)
#define JA(o)			INSN(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define ATOMIC_ADD64(d, s, o)	INSN(BPF_STX | BPF_ATOMIC | BPF_DW, d, s, o, \
				     BPF_ADD)
#define CALL(f)			INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT()			INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

static const char *const tracefs_dirs[] = {
	"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
};

static char event_dir[128];

static int map_create(void)
{
	union bpf_attr attr = {
		.map_type = BPF_MAP_TYPE_HASH, .key_size = sizeof(__u64),
		.value_size = sizeof(__u64), .max_entries = MAX_LOCATIONS,
	};

	return bpf(BPF_MAP_CREATE, &attr);
}

static char log_buf[65536];

/*
 * key = the record's location; count[key] += 1 atomically, inserting 1
 * for a new key (and adding after all when another CPU inserted it
 * first); return 0: the record is discarded, the map has what we want.
 */
static int prog_load(int map_fd)
{
	struct bpf_insn prog[] = {
		LDX_DW(2, 1, KFREE_SKB_LOCATION),
		STX_DW(10, 2, -8),
		MOV64_REG(2, 10),
		ADD64_IMM(2, -8),
		LD_MAP_FD(1, map_fd),
		LD_IMM64_HI(0),
		CALL(BPF_FUNC_map_lookup_elem),
		JEQ_IMM(0, 0, 3),
		MOV64_IMM(1, 1),
		ATOMIC_ADD64(0, 1, 0),
		JA(18),
		/* a new location */
		ST_DW(10, -16, 1),
		LD_MAP_FD(1, map_fd),
		LD_IMM64_HI(0),
		MOV64_REG(2, 10),
		ADD64_IMM(2, -8),
		MOV64_REG(3, 10),
		ADD64_IMM(3, -16),
		MOV64_IMM(4, BPF_NOEXIST),
		CALL(BPF_FUNC_map_update_elem),
		JEQ_IMM(0, 0, 8),
		/* another CPU inserted it meanwhile (or the map is full) */
		MOV64_REG(2, 10),
		ADD64_IMM(2, -8),
		LD_MAP_FD(1, map_fd),
		LD_IMM64_HI(0),
		CALL(BPF_FUNC_map_lookup_elem),
		JEQ_IMM(0, 0, 2),
		MOV64_IMM(1, 1),
		ATOMIC_ADD64(0, 1, 0),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	union bpf_attr attr = {
		.prog_type = BPF_PROG_TYPE_TRACEPOINT,
		.insns = (unsigned long)prog,
		.insn_cnt = ARRAY_SIZE(prog),
		.license = (unsigned long)"GPL",
		.log_buf = (unsigned long)log_buf,
		.log_size = sizeof(log_buf),
		.log_level = 1,
		.prog_name = "dropmon",
	};
	int fd = bpf(BPF_PROG_LOAD, &attr);

	if (fd < 0)
		fprintf(stderr, "BPF_PROG_LOAD: %s\n%s", strerror(errno),
			log_buf);
	return fd;
}

/* Write @text into @file of the event's directory; 0 or -errno. */
static int event_write(const char *file, const char *text)
{
	char path[192];
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/%s", event_dir, file);
	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) < 0)
		err = -errno;
	close(fd);
	return err;
}

static bool find_event(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tracefs_dirs); i++) {
		snprintf(event_dir, sizeof(event_dir), "%s/events/%s",
			 tracefs_dirs[i], KFREE_SKB);
		if (!access(event_dir, F_OK))
			return true;
	}
	fprintf(stderr, "dropmon: no %s event in tracefs\n", KFREE_SKB);
	return false;
}

int main(int argc, char **argv)
{
	int map_fd, prog_fd, err;
	char filter[32];

	if (!find_event())
		return 1;
	map_fd = map_create();
	if (map_fd < 0) {
		perror("BPF_MAP_CREATE");
		return 1;
	}
	prog_fd = prog_load(map_fd);
	if (prog_fd < 0)
		return 1;
	snprintf(filter, sizeof(filter), "bpf_%d", prog_fd);
	err = event_write("filter", filter);
	if (err) {
		fprintf(stderr, "dropmon: %s into %s/filter: %s\n", filter,
			event_dir, strerror(-err));
		return 1;
	}
	/* the filter holds the program now: our fd is not needed */
	close(prog_fd);
	err = event_write("enable", "1");
	if (err)
		fprintf(stderr, "dropmon: enable: %s\n", strerror(-err));
	else
		err = dropmon_run("dropmon", map_fd, want_traffic(argc, argv));
	event_write("enable", "0");
	event_write("filter", "0");
	close(map_fd);
	return err ? 1 : 0;
}
