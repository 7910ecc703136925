// SPDX-License-Identifier: GPL-2.0
/*
 * The tracing helpers, run where they are meant to run: a program on the
 * perf event of task/task_rename, which this thread fires by renaming
 * itself from "before" to "after", calls one helper and stores the 16
 * bytes it wrote and its return value in a map. Kernel reads come from
 * the record (its newcomm is "after"), user reads from a buffer of this
 * process whose address the program finds in the map; faults return an
 * error and zero the destination, which starts out as a pattern. Also:
 * get_current_comm() sees the old name (the event fires before the
 * rename), get_current_uid_gid() the ids of a child that changed them,
 * trace_printk() writes into the trace buffer. Every case passes on both
 * kernels.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "tp_test.h"
#include "ebpf_asm.h"

#define MAX_PROG 96
/* map slots, 16 bytes each: what the helper wrote, r0, the user address */
#define SLOT_BYTES 0
#define SLOT_RET 1
#define SLOT_ADDR 2
/* what each byte of the destination holds before the helper runs */
#define PATTERN 0x5a5a5a5a
#define TRACE_FILE "/sys/kernel/tracing/trace"

static char user_buf[16] = "user-bytes";

struct prog {
	struct bpf_insn insns[MAX_PROG];
	int n;
};

static void emit(struct prog *p, struct bpf_insn in)
{
	p->insns[p->n++] = in;
}

/* map[@slot] = the 16 bytes at r10 + @off */
static void emit_store(struct prog *p, int map, int slot, int off)
{
	emit(p, (struct bpf_insn)I_ST(BPF_W, 10, -36, slot));
	emit(p, (struct bpf_insn)I_LD_MAP_FD(1, map));
	emit(p, (struct bpf_insn)I_LD64_HI(0));
	emit(p, (struct bpf_insn)I_MOV64_REG(2, 10));
	emit(p, (struct bpf_insn)I_ALU64_IMM(BPF_ADD, 2, -36));
	emit(p, (struct bpf_insn)I_MOV64_REG(3, 10));
	emit(p, (struct bpf_insn)I_ALU64_IMM(BPF_ADD, 3, off));
	emit(p, (struct bpf_insn)I_MOV64_IMM(4, 0));
	emit(p, (struct bpf_insn)I_CALL(BPF_FUNC_map_update_elem));
}

/*
 * For hits of thread @tid: r6 = the record, r9 = the u64 at map[2], the
 * 16 bytes at r10 - 16 the pattern; then @body, which leaves r0; then
 * map[0] = those 16 bytes, map[1] = r0. Returns 1.
 */
static int prog_with(int map, const struct bpf_insn *body, int len, int tid)
{
	struct prog p = { .n = 0 };
	int skip, miss, i;

	emit(&p, (struct bpf_insn)I_MOV64_REG(6, 1));
	emit(&p, (struct bpf_insn)I_LDX(BPF_W, 2, 6, REC_PID));
	skip = p.n;
	emit(&p, (struct bpf_insn)I_JMP_IMM(BPF_JNE, 2, tid, 0));
	emit(&p, (struct bpf_insn)I_ST(BPF_W, 10, -36, SLOT_ADDR));
	emit(&p, (struct bpf_insn)I_MOV64_REG(2, 10));
	emit(&p, (struct bpf_insn)I_ALU64_IMM(BPF_ADD, 2, -36));
	emit(&p, (struct bpf_insn)I_LD_MAP_FD(1, map));
	emit(&p, (struct bpf_insn)I_LD64_HI(0));
	emit(&p, (struct bpf_insn)I_CALL(BPF_FUNC_map_lookup_elem));
	miss = p.n;
	emit(&p, (struct bpf_insn)I_JMP_IMM(BPF_JEQ, 0, 0, 0));
	emit(&p, (struct bpf_insn)I_LDX(BPF_DW, 9, 0, 0));
	for (i = -16; i < 0; i += 4)
		emit(&p, (struct bpf_insn)I_ST(BPF_W, 10, i, PATTERN));
	for (i = 0; i < len; i++)
		emit(&p, body[i]);
	emit(&p, (struct bpf_insn)I_STX(BPF_DW, 10, 0, -32));
	emit(&p, (struct bpf_insn)I_ST(BPF_DW, 10, -24, 0));
	emit_store(&p, map, SLOT_BYTES, -16);
	emit_store(&p, map, SLOT_RET, -32);
	p.insns[skip].off = p.n - skip - 1;
	p.insns[miss].off = p.n - miss - 1;
	emit(&p, (struct bpf_insn)I_MOV64_IMM(0, 1));
	emit(&p, (struct bpf_insn)I_EXIT());
	return tp_load(p.insns, p.n);
}

/* where a helper's source address (r3) points */
enum src_kind { SRC_NONE, SRC_RECORD, SRC_USER, SRC_NULL };

/* what a case expects of the return value */
enum ret_kind { RET_IS, RET_NEGATIVE };

/* helper(r10 - 16, size, source): one call, its bytes and r0 kept */
struct helper_case {
	const char *name;
	int helper;
	int size;
	enum src_kind src;
	enum ret_kind ret_kind;
	long ret;
	/*
	 * the first @cmp bytes expected at the destination (a string cuts
	 * the record's bytes after its NUL, which the event leaves as they
	 * were); 0x5a is the pattern, untouched
	 */
	char bytes[17];
	int cmp;
};

static const struct helper_case cases_tab[] = {
	{ "get_current_comm: the name before the rename",
	  BPF_FUNC_get_current_comm, 16, SRC_NONE, RET_IS, 0, "before", 16 },
	{ "get_current_comm: cut to 4 bytes, NUL-terminated",
	  BPF_FUNC_get_current_comm, 4, SRC_NONE, RET_IS, 0, "bef\0\x5a", 5 },
	{ "probe_read_kernel: the record's newcomm",
	  BPF_FUNC_probe_read_kernel, 16, SRC_RECORD, RET_IS, 0, "after", 6 },
	{ "probe_read_kernel: NULL faults",
	  BPF_FUNC_probe_read_kernel, 16, SRC_NULL, RET_NEGATIVE, 0, "", 16 },
	{ "probe_read_kernel: a user address is refused",
	  BPF_FUNC_probe_read_kernel, 16, SRC_USER, RET_NEGATIVE, 0, "", 16 },
	{ "probe_read_user: this process's buffer",
	  BPF_FUNC_probe_read_user, 16, SRC_USER, RET_IS, 0, "user-bytes", 16 },
	{ "probe_read_user: a kernel address is refused",
	  BPF_FUNC_probe_read_user, 16, SRC_RECORD, RET_NEGATIVE, 0, "", 16 },
	{ "probe_read_user: NULL faults",
	  BPF_FUNC_probe_read_user, 16, SRC_NULL, RET_NEGATIVE, 0, "", 16 },
	{ "probe_read_user_str: the length with the NUL",
	  BPF_FUNC_probe_read_user_str, 16, SRC_USER, RET_IS, 11,
	  "user-bytes", 11 },
	{ "probe_read_user_str: cut to 4 bytes",
	  BPF_FUNC_probe_read_user_str, 4, SRC_USER, RET_IS, 4, "use\0\x5a", 5 },
	{ "probe_read_user_str: NULL faults",
	  BPF_FUNC_probe_read_user_str, 16, SRC_NULL, RET_NEGATIVE, 0, "", 16 },
	{ "probe_read_kernel_str: the record's newcomm",
	  BPF_FUNC_probe_read_kernel_str, 16, SRC_RECORD, RET_IS, 6, "after", 6 },
	{ "probe_read_kernel_str: NULL faults",
	  BPF_FUNC_probe_read_kernel_str, 16, SRC_NULL, RET_NEGATIVE, 0, "", 16 },
	{ "probe_read: a kernel address reads kernel memory",
	  BPF_FUNC_probe_read, 16, SRC_RECORD, RET_IS, 0, "after", 6 },
	{ "probe_read: a user address reads user memory",
	  BPF_FUNC_probe_read, 16, SRC_USER, RET_IS, 0, "user-bytes", 16 },
	{ "probe_read_str: a user address",
	  BPF_FUNC_probe_read_str, 16, SRC_USER, RET_IS, 11, "user-bytes", 11 },
	{ "probe_read_str: a kernel address",
	  BPF_FUNC_probe_read_str, 16, SRC_RECORD, RET_IS, 6, "after", 6 },
};

/* The call of case @c: r1 = r10 - 16, r2 = its size, r3 = its source. */
static int case_body(const struct helper_case *c, struct bpf_insn *b)
{
	int n = 0;

	b[n++] = (struct bpf_insn)I_MOV64_REG(1, 10);
	b[n++] = (struct bpf_insn)I_ALU64_IMM(BPF_ADD, 1, -16);
	b[n++] = (struct bpf_insn)I_MOV64_IMM(2, c->size);
	switch (c->src) {
	case SRC_RECORD:
		b[n++] = (struct bpf_insn)I_MOV64_REG(3, 6);
		b[n++] = (struct bpf_insn)I_ALU64_IMM(BPF_ADD, 3, REC_NEWCOMM);
		break;
	case SRC_USER:
		b[n++] = (struct bpf_insn)I_MOV64_REG(3, 9);
		break;
	default:
		b[n++] = (struct bpf_insn)I_MOV64_IMM(3, 0);
		break;
	}
	b[n++] = (struct bpf_insn)I_CALL(c->helper);
	return n;
}

/* A map of three 16-byte slots, map[2] = @addr */
static int slots_map(uint64_t addr)
{
	int map = map_create(BPF_MAP_TYPE_ARRAY, 4, 16, 3, 0);
	uint64_t v[2] = { addr, 0 };
	uint32_t key = SLOT_ADDR;

	if (map >= 0 && map_update(map, &key, v, 0)) {
		close(map);
		return -1;
	}
	return map;
}

/* Attach @prog, rename this thread from "before" to "after", detach. */
static bool fire_once(int prog)
{
	int perf;
	bool ok;

	rename_to("before", 1);
	perf = perf_open();
	ok = perf >= 0 && EXPECT_EQ(set_bpf(perf, prog), 0);
	if (ok)
		rename_to("after", 1);
	if (perf >= 0)
		close(perf);
	return ok;
}

static void run_helper_case(const struct helper_case *c)
{
	int map = slots_map((uintptr_t)user_buf), prog = -1;
	unsigned char got[16];
	uint32_t key = SLOT_BYTES;
	int64_t ret[2] = { 0 };
	struct bpf_insn body[8];
	int len = case_body(c, body);

	if (map >= 0)
		prog = prog_with(map, body, len, syscall(SYS_gettid));
	if (!EXPECT_TRUE(map >= 0 && prog >= 0) || !fire_once(prog))
		goto out;
	if (!EXPECT_EQ(map_lookup(map, &key, got), 0))
		goto out;
	key = SLOT_RET;
	EXPECT_EQ(map_lookup(map, &key, ret), 0);
	if (c->ret_kind == RET_IS)
		EXPECT_EQ(ret[0], c->ret);
	else
		EXPECT_TRUE(ret[0] < 0);
	if (!EXPECT_EQ(memcmp(got, c->bytes, c->cmp), 0))
		ksft_print_msg("got \"%.16s\", want \"%s\"\n", got, c->bytes);
out:
	if (prog >= 0)
		close(prog);
	if (map >= 0)
		close(map);
}

static unsigned int case_index;

static void next_helper_case(void)
{
	run_helper_case(&cases_tab[case_index++]);
}

/*
 * get_current_uid_gid() in a child that changed its ids: gid << 32 | uid
 * as the initial user namespace has them.
 */
static void uid_gid_of_a_child(void)
{
	struct bpf_insn body[] = {
		I_CALL(BPF_FUNC_get_current_uid_gid),
		I_STX(BPF_DW, 10, 0, -16),
		I_ST(BPF_DW, 10, -8, 0),
	};
	int map = slots_map(0), prog = -1, go[2] = { -1, -1 }, status;
	uint32_t key = SLOT_BYTES;
	uint64_t got[2] = { 0 };
	pid_t child = -1;
	char c = 0;

	if (!EXPECT_TRUE(map >= 0) || !EXPECT_EQ(pipe(go), 0))
		goto out;
	child = fork();
	if (child == 0) {
		/* wait for the program, then rename as 1234:4321 */
		if (read(go[0], &c, 1) != 1 || setresgid(4321, 4321, 4321) ||
		    setresuid(1234, 1234, 1234))
			_exit(1);
		prctl(PR_SET_NAME, "ebpf-child", 0, 0, 0);
		_exit(0);
	}
	if (!EXPECT_TRUE(child > 0))
		goto out;
	prog = prog_with(map, body, ARRAY_LEN(body), child);
	{
		int perf = perf_open();

		if (EXPECT_TRUE(prog >= 0 && perf >= 0) &&
		    EXPECT_EQ(set_bpf(perf, prog), 0)) {
			EXPECT_EQ(write(go[1], "x", 1), 1);
			EXPECT_EQ(waitpid(child, &status, 0), child);
			EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
			child = -1;
			EXPECT_EQ(map_lookup(map, &key, got), 0);
			EXPECT_EQ(got[0], 4321ULL << 32 | 1234);
		}
		if (perf >= 0)
			close(perf);
	}
out:
	if (child > 0) {
		kill(child, SIGKILL);
		waitpid(child, &status, 0);
	}
	if (go[0] >= 0)
		close(go[0]);
	if (go[1] >= 0)
		close(go[1]);
	if (prog >= 0)
		close(prog);
	if (map >= 0)
		close(map);
}

/* get_current_task(): a kernel address, the same for two hits */
static void current_task_is_stable(void)
{
	struct bpf_insn body[] = {
		I_CALL(BPF_FUNC_get_current_task),
		I_STX(BPF_DW, 10, 0, -16),
		I_ST(BPF_DW, 10, -8, 0),
	};
	int map = slots_map(0), prog = -1;
	uint64_t first[2] = { 0 }, second[2] = { 1 };
	uint32_t key = SLOT_BYTES;

	if (map >= 0)
		prog = prog_with(map, body, ARRAY_LEN(body),
				 syscall(SYS_gettid));
	if (EXPECT_TRUE(map >= 0 && prog >= 0) && fire_once(prog) &&
	    EXPECT_EQ(map_lookup(map, &key, first), 0) && fire_once(prog) &&
	    EXPECT_EQ(map_lookup(map, &key, second), 0)) {
		EXPECT_TRUE(first[0] >> 63);
		EXPECT_EQ(first[0], second[0]);
	}
	if (prog >= 0)
		close(prog);
	if (map >= 0)
		close(map);
}

/* Does the trace buffer hold @text? tracefs gives a page per read(). */
static bool trace_has(const char *text)
{
	static char buf[1 << 18];
	int fd = open(TRACE_FILE, O_RDONLY);
	size_t len = 0;
	ssize_t n = 0;

	if (fd < 0)
		return false;
	while (len < sizeof(buf) - 1) {
		n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = 0;
	return n >= 0 && strstr(buf, text);
}

/* Put the NUL-terminated @str at r10 + @off, 4 bytes at a time. */
static void emit_string(struct prog *p, int off, const char *str)
{
	size_t len = strlen(str) + 1, i;
	uint32_t chunk;

	for (i = 0; i < len; i += 4) {
		chunk = 0;
		memcpy(&chunk, str + i, len - i < 4 ? len - i : 4);
		emit(p, (struct bpf_insn)I_ST(BPF_W, 10, off + i, chunk));
	}
}

/*
 * trace_printk() with a conversion and with no argument registers at
 * all: both messages reach the trace buffer, and r0 is the first one's
 * length.
 */
static void trace_printk_reaches_the_buffer(void)
{
	static const char fmt1[] = "ebpf-tp %d\n", fmt2[] = "ebpf-noargs\n";
	struct prog b = { .n = 0 };
	int map = slots_map(0), prog = -1, fd;
	uint32_t key = SLOT_RET;
	int64_t ret[2] = { 0 };

	emit_string(&b, -64, fmt1);
	emit(&b, (struct bpf_insn)I_MOV64_REG(1, 10));
	emit(&b, (struct bpf_insn)I_ALU64_IMM(BPF_ADD, 1, -64));
	emit(&b, (struct bpf_insn)I_MOV64_IMM(2, sizeof(fmt1)));
	emit(&b, (struct bpf_insn)I_MOV64_IMM(3, 42));
	emit(&b, (struct bpf_insn)I_CALL(BPF_FUNC_trace_printk));
	emit(&b, (struct bpf_insn)I_MOV64_REG(7, 0));
	emit_string(&b, -48, fmt2);
	emit(&b, (struct bpf_insn)I_MOV64_REG(1, 10));
	emit(&b, (struct bpf_insn)I_ALU64_IMM(BPF_ADD, 1, -48));
	emit(&b, (struct bpf_insn)I_MOV64_IMM(2, sizeof(fmt2)));
	emit(&b, (struct bpf_insn)I_CALL(BPF_FUNC_trace_printk));
	emit(&b, (struct bpf_insn)I_MOV64_REG(0, 7));
	/* clear the buffer: a message from before cannot count */
	fd = open(TRACE_FILE, O_WRONLY | O_TRUNC);
	if (fd >= 0)
		close(fd);
	if (map >= 0)
		prog = prog_with(map, b.insns, b.n, syscall(SYS_gettid));
	if (EXPECT_TRUE(fd >= 0 && map >= 0 && prog >= 0) && fire_once(prog)) {
		EXPECT_EQ(map_lookup(map, &key, ret), 0);
		EXPECT_EQ(ret[0], (long)strlen("ebpf-tp 42\n"));
		EXPECT_TRUE(trace_has("ebpf-tp 42"));
		EXPECT_TRUE(trace_has("ebpf-noargs"));
	}
	if (prog >= 0)
		close(prog);
	if (map >= 0)
		close(map);
}

/* One hit of a program running @body; the 16 bytes and r0 it left. */
static bool run_body(const struct bpf_insn *body, int len, uint8_t bytes[16],
		     int64_t *ret)
{
	int map = slots_map(0), prog = -1;
	uint64_t v[2] = { 0 };
	uint32_t key;
	bool ok = false;

	if (map >= 0)
		prog = prog_with(map, body, len, syscall(SYS_gettid));
	if (EXPECT_TRUE(map >= 0 && prog >= 0) && fire_once(prog)) {
		key = SLOT_BYTES;
		ok = EXPECT_EQ(map_lookup(map, &key, bytes), 0);
		key = SLOT_RET;
		ok &= EXPECT_EQ(map_lookup(map, &key, v), 0);
		*ret = v[0];
	}
	if (prog >= 0)
		close(prog);
	if (map >= 0)
		close(map);
	return ok;
}

/*
 * get_ns_current_pid_tgid(dev, ino, buf, size): this thread's id and
 * process id in the pid namespace /proc/self/ns/pid names; another
 * namespace's inode and a size other than 8 are -EINVAL, the buffer
 * zeroed.
 */
static void ns_pid_tgid(void)
{
	static const struct { int ino_delta, size; long ret; } rows[] = {
		{ 0, 8, 0 }, { 1, 8, -EINVAL }, { 0, 4, -EINVAL },
	};
	uint8_t bytes[16], zero[8] = { 0 };
	uint32_t ids[2];
	struct stat st;
	unsigned int i;
	int64_t ret;

	if (!EXPECT_EQ(stat("/proc/self/ns/pid", &st), 0))
		return;
	for (i = 0; i < ARRAY_LEN(rows); i++) {
		uint64_t ino = st.st_ino + rows[i].ino_delta;
		struct bpf_insn body[] = {
			I_LD64(1, st.st_dev), I_LD64_HI(st.st_dev),
			I_LD64(2, ino), I_LD64_HI(ino),
			I_MOV64_REG(3, 10), I_ALU64_IMM(BPF_ADD, 3, -16),
			I_MOV64_IMM(4, rows[i].size),
			I_CALL(BPF_FUNC_get_ns_current_pid_tgid),
		};

		if (!run_body(body, ARRAY_LEN(body), bytes, &ret))
			continue;
		EXPECT_EQ(ret, rows[i].ret);
		if (!rows[i].ret) {
			memcpy(ids, bytes, sizeof(ids));
			EXPECT_EQ(ids[0], syscall(SYS_gettid));
			EXPECT_EQ(ids[1], getpid());
		} else {
			EXPECT_EQ(memcmp(bytes, zero, rows[i].size), 0);
		}
	}
}

/*
 * get_current_cgroup_id() and get_current_ancestor_cgroup_id(level) in
 * a cgroup of our own: cgroup2 ids are the directories' inode numbers;
 * level 0 is the root, level 1 ours, deeper ones do not exist (0).
 */
static void cgroup_ids(void)
{
	const char *cg = "/tmp/ebpf-cgroup2", *mine = "/tmp/ebpf-cgroup2/tp";
	static const int levels[] = { 0, 1, 2, -1 };
	struct stat root, own;
	uint8_t bytes[16];
	unsigned int i;
	uint64_t id;
	int64_t ret;
	int fd;

	mkdir(cg, 0755);
	if (mount("cgroup2", cg, "cgroup2", 0, NULL) && errno != EBUSY) {
		ebpf_case_skip = "no cgroup2";
		return;
	}
	if (!EXPECT_TRUE(!mkdir(mine, 0755) || errno == EEXIST) ||
	    !EXPECT_EQ(stat(cg, &root), 0) || !EXPECT_EQ(stat(mine, &own), 0))
		goto out;
	fd = open("/tmp/ebpf-cgroup2/tp/cgroup.procs", O_WRONLY);
	if (!EXPECT_TRUE(fd >= 0 && write(fd, "0", 1) == 1))
		goto back;
	{
		struct bpf_insn body[] = {
			I_CALL(BPF_FUNC_get_current_cgroup_id),
			I_STX(BPF_DW, 10, 0, -16),
		};

		if (run_body(body, ARRAY_LEN(body), bytes, &ret)) {
			memcpy(&id, bytes, sizeof(id));
			EXPECT_EQ(id, own.st_ino);
		}
	}
	for (i = 0; i < ARRAY_LEN(levels); i++) {
		struct bpf_insn body[] = {
			I_MOV64_IMM(1, levels[i]),
			I_CALL(BPF_FUNC_get_current_ancestor_cgroup_id),
		};

		if (run_body(body, ARRAY_LEN(body), bytes, &ret))
			EXPECT_EQ(ret, levels[i] == 0 ? (int64_t)root.st_ino :
				  levels[i] == 1 ? (int64_t)own.st_ino : 0);
	}
back:
	if (fd >= 0)
		close(fd);
	fd = open("/tmp/ebpf-cgroup2/cgroup.procs", O_WRONLY);
	if (fd >= 0) {
		EXPECT_TRUE(write(fd, "0", 1) == 1);
		close(fd);
	}
	rmdir(mine);
out:
	umount(cg);
	rmdir(cg);
}

/*
 * send_signal(sig) and send_signal_thread(sig) from the hit, in this
 * thread's context: the signal is then pending (blocked here); a number
 * that is no signal is -EINVAL.
 */
static void signals_from_a_hit(void)
{
	static const struct { int helper, sig; long ret; } rows[] = {
		{ BPF_FUNC_send_signal, SIGUSR1, 0 },
		{ BPF_FUNC_send_signal_thread, SIGUSR2, 0 },
		{ BPF_FUNC_send_signal, 100, -EINVAL },
	};
	sigset_t block, pending;
	uint8_t bytes[16];
	unsigned int i;
	int64_t ret;
	int got;

	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	if (!EXPECT_EQ(sigprocmask(SIG_BLOCK, &block, NULL), 0))
		return;
	for (i = 0; i < ARRAY_LEN(rows); i++) {
		struct bpf_insn body[] = {
			I_MOV64_IMM(1, rows[i].sig),
			I_CALL(rows[i].helper),
		};

		if (!run_body(body, ARRAY_LEN(body), bytes, &ret))
			continue;
		EXPECT_EQ(ret, rows[i].ret);
		if (rows[i].ret)
			continue;
		/* the irq_work path delivers at the latest on the next tick */
		usleep(20 * 1000);
		EXPECT_EQ(sigpending(&pending), 0);
		EXPECT_TRUE(sigismember(&pending, rows[i].sig));
		if (sigwait(&block, &got) == 0)
			EXPECT_EQ(got, rows[i].sig);
	}
	sigprocmask(SIG_UNBLOCK, &block, NULL);
}

/*
 * probe_write_user(dst, src, 8): into this process's buffer (its address
 * from the map, in r9), or -EFAULT for a kernel address (the program's
 * own stack), the buffer then untouched.
 */
static void probe_write_user_writes(void)
{
	static char target[16];
	int kernel, map, prog;

	for (kernel = 0; kernel <= 1; kernel++) {
		struct bpf_insn body[] = {
			/* "written!" at r10 - 16 (little-endian words) */
			I_ST(BPF_W, 10, -16, 0x74697277),
			I_ST(BPF_W, 10, -12, 0x216e6574),
			kernel ? (struct bpf_insn)I_MOV64_REG(1, 10) :
				 (struct bpf_insn)I_MOV64_REG(1, 9),
			I_ALU64_IMM(BPF_ADD, 1, kernel ? -32 : 0),
			I_MOV64_REG(2, 10),
			I_ALU64_IMM(BPF_ADD, 2, -16),
			I_MOV64_IMM(3, 8),
			I_CALL(BPF_FUNC_probe_write_user),
		};
		uint64_t v[2] = { 0 };
		uint32_t key = SLOT_RET;

		memcpy(target, "untouched-bytes", 16);
		map = slots_map((uintptr_t)target);
		prog = map >= 0 ? prog_with(map, body, ARRAY_LEN(body),
					   syscall(SYS_gettid)) : -1;
		if (EXPECT_TRUE(map >= 0 && prog >= 0) && fire_once(prog) &&
		    EXPECT_EQ(map_lookup(map, &key, v), 0)) {
			EXPECT_EQ((int64_t)v[0], kernel ? -EFAULT : 0);
			EXPECT_EQ(memcmp(target, kernel ? "untouched-bytes" :
					 "written!d-bytes", 15), 0);
		}
		if (prog >= 0)
			close(prog);
		if (map >= 0)
			close(map);
	}
}

int main(void)
{
	struct test_case cases[ARRAY_LEN(cases_tab) + 7];
	unsigned int i;

	if (!read_event())
		ksft_exit_skip("no %s in tracefs\n", EVENT_DIR);
	for (i = 0; i < ARRAY_LEN(cases_tab); i++)
		cases[i] = (struct test_case){ cases_tab[i].name,
					       next_helper_case };
	cases[i++] = (struct test_case){ "get_current_uid_gid: a child's ids",
					 uid_gid_of_a_child };
	cases[i++] = (struct test_case){ "get_current_task: a kernel address",
					 current_task_is_stable };
	cases[i++] = (struct test_case){ "trace_printk: into the trace buffer",
					 trace_printk_reaches_the_buffer };
	cases[i++] = (struct test_case){ "get_ns_current_pid_tgid: ids in a pid namespace",
					 ns_pid_tgid };
	cases[i++] = (struct test_case){ "get_current_(ancestor_)cgroup_id: cgroup2 ids",
					 cgroup_ids };
	cases[i++] = (struct test_case){ "send_signal(_thread): pending after the hit",
					 signals_from_a_hit };
	cases[i++] = (struct test_case){ "probe_write_user: this process's memory only",
					 probe_write_user_writes };
	run_cases(cases, i);
	return 0;
}
