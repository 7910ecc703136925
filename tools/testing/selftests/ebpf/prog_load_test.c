// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_LOAD and BPF_PROG_TEST_RUN. First a table of bad input, one
 * call per row with the errno mainline gives for it; then programs that
 * load and run through BPF_PROG_TEST_RUN: the __sk_buff fields a socket
 * filter sees, legacy packet loads, helpers, the maps a program holds.
 *
 * Unprivileged rows clear the effective capability set (the permitted set
 * stays, so the test can raise them again) instead of changing uid.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include "ebpf_faults.h"
#include "ebpf_asm.h"

#define TRACE "/sys/kernel/tracing/trace"
/* mainline's -ENOTSUPP: not in the uapi errno list */
#define ENOTSUPP 524

#define SOCK BPF_PROG_TYPE_SOCKET_FILTER
#define TP BPF_PROG_TYPE_TRACEPOINT
#define LOAD BPF_PROG_LOAD
#define RUN BPF_PROG_TEST_RUN
#define ATTR_BYTES sizeof(union bpf_attr)

/* where the last field each command reads ends */
enum {
	END_PROG_TOKEN_FD = offsetof(union bpf_attr, prog_token_fd) + 4,
	END_BATCH_SIZE = offsetof(union bpf_attr, test.batch_size) + 4,
};

enum priv {
	PRIV,		/* as the test runs: root, every capability */
	UNPRIV,		/* no effective capability, sysctl as it is (2) */
	UNPRIV_ALLOWED,	/* no effective capability, sysctl 0 */
};

/* bpf(2) as @priv says; returns the result or -errno. */
static long call_as(enum priv priv, int cmd, void *attr, unsigned int size)
{
	int old = read_unpriv_sysctl();
	long ret;

	if (priv == PRIV)
		return sys_bpf_size(cmd, attr, size);
	if (priv == UNPRIV_ALLOWED && !write_unpriv_sysctl(0))
		return -1000;
	if (!caps_effective(false))
		ksft_exit_fail_msg("capset: %s\n", strerror(errno));
	ret = sys_bpf_size(cmd, attr, size);
	if (!caps_effective(true))
		ksft_exit_fail_msg("capset: %s\n", strerror(errno));
	if (priv == UNPRIV_ALLOWED)
		write_unpriv_sysctl(old);
	return ret;
}

/* ---- programs and packets ---- */

static const struct bpf_insn ret42[] = { I_MOV64_IMM(0, 42), I_EXIT() };

/* A growing program, for those built at run time (map fds, strings). */
struct prog {
	struct bpf_insn insns[64];
	unsigned int n;
};

static void emit(struct prog *p, struct bpf_insn insn)
{
	if (p->n >= ARRAY_LEN(p->insns))
		ksft_exit_fail_msg("program too long\n");
	p->insns[p->n++] = insn;
}

static void emit_ld_map(struct prog *p, int reg, int fd)
{
	emit(p, I_LD_MAP_FD(reg, fd));
	emit(p, I_LD64_HI(0));
}

/* Store @s with its NUL at r10 - @at, 8 bytes at a time through r1. */
static void emit_string(struct prog *p, const char *s, int at)
{
	size_t len = strlen(s) + 1, i;
	uint64_t word;

	for (i = 0; i < len; i += 8) {
		word = 0;
		memcpy(&word, s + i, len - i < 8 ? len - i : 8);
		emit(p, I_LD64(1, word));
		emit(p, I_LD64_HI(word));
		emit(p, I_STX(BPF_DW, 10, 1, -at + (int)i));
	}
}

/* Ethernet (broadcast), IPv4 (UDP, 28 bytes), UDP (8 bytes, no payload) */
static const unsigned char pkt[42] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00,
	0x45, 0x00, 0x00, 0x1c, 0x12, 0x34, 0x40, 0x00, 0x40, 17, 0, 0,
	10, 0, 0, 1, 10, 0, 0, 2,
	0x30, 0x39, 0x00, 0x35, 0x00, 0x08, 0, 0,
};

/* Load @insns as a socket filter and run it once on pkt; r0 or -errno. */
static long run_sock(const struct bpf_insn *insns, unsigned int cnt)
{
	struct test_run t = { .in = pkt, .in_size = sizeof(pkt), .repeat = 1 };
	int fd = prog_load(SOCK, insns, cnt);
	long ret;

	if (fd < 0)
		return fd;
	ret = prog_test_run(fd, &t);
	close(fd);
	return ret ? ret : (long)t.retval;
}

/* ---- the table of bad input ---- */

enum insns_ref {
	I_RET42,	/* ret42; insn_cnt 2 unless the row sets it */
	I_AS_IS,	/* attr.insns and insn_cnt as the row has them */
	I_FAULT,	/* insns at an address that faults */
	I_MAP_CLOSED,	/* LD_IMM64 of a map fd that is not open */
	I_MAP_PIPE,	/* LD_IMM64 of a pipe fd */
	I_MAP_PROG,	/* LD_IMM64 of a program fd */
	I_PROBE_READ,	/* calls probe_read */
	I_PRINTK,	/* calls trace_printk */
	I_CTX_DATA,	/* reads __sk_buff.data */
	I_CTX_MARK_WRITE, /* writes __sk_buff.mark */
	I_CTX_UNALIGNED, /* reads 4 bytes at __sk_buff.len + 2 */
	I_CTX_CB_8,	/* reads 8 bytes at __sk_buff.cb[0] */
	I_MAP_IDX,	/* LD_IMM64 of the map at fd_array[1] */
	I_MAP_IDX_VALUE, /* LD_IMM64 of its value, by index 1 */
};

/* attr.fd_array: none, [pipe, map], a faulting address, [map, pipe] */
enum fd_array_ref { FA_NONE, FA_MAP, FA_FAULT, FA_PIPE };

enum str_ref { S_GPL, S_AS_IS, S_FAULT, S_PROPRIETARY };

enum log_ref { L_AS_IS, L_BUF, L_FAULT };

enum test_fd_ref { T_SOCK, T_TP, T_MAP, T_CLOSED, T_AS_IS };

enum data_ref { D_PKT, D_AS_IS, D_FAULT, D_BUF };

enum out_ref { O_AS_IS, O_BUF, O_FAULT };

struct bad_case {
	const char *name;
	int cmd;
	union bpf_attr attr;
	/* BPF_PROG_LOAD */
	enum insns_ref insns;
	bool zero_cnt;
	enum str_ref license;
	enum log_ref log_buf;
	enum fd_array_ref fd_array;
	/* BPF_PROG_TEST_RUN */
	enum test_fd_ref prog;
	enum data_ref data_in;
	enum out_ref data_out;
	/* attr bytes to pass; 0 means sizeof(union bpf_attr) */
	unsigned int size;
	/* set byte @dirty_at of the (oversized) attr to 1 when non-zero */
	unsigned int dirty_at;
	enum priv priv;
	int expect;
};

#define SOCK_ATTR(...) { .prog_type = SOCK, __VA_ARGS__ }
#define TEST_ATTR(...) { .test = { __VA_ARGS__ } }

static const struct bad_case table[] = {
	/* BPF_PROG_LOAD: the attr and its fields in the order checked */
	{ "load: non-zero byte past union bpf_attr", LOAD, SOCK_ATTR(),
	  .size = ATTR_BYTES + 8, .dirty_at = ATTR_BYTES + 1, .expect = -E2BIG },
	{ "load: non-zero byte after prog_token_fd", LOAD, SOCK_ATTR(),
	  .dirty_at = END_PROG_TOKEN_FD, .expect = -EINVAL },
	{ "load: unknown prog_flags bit", LOAD, SOCK_ATTR(.prog_flags = 1u << 30),
	  .expect = -EINVAL },
	{ "load: BPF_F_TOKEN_FD without a token", LOAD,
	  SOCK_ATTR(.prog_flags = BPF_F_TOKEN_FD), .expect = -EINVAL },
	{ "load: BPF_F_TOKEN_FD, token fd not open", LOAD,
	  SOCK_ATTR(.prog_flags = BPF_F_TOKEN_FD, .prog_token_fd = 9999),
	  .expect = -EBADF },
	{ "load: prog_flags bit 8", LOAD, SOCK_ATTR(.prog_flags = 1u << 8),
	  .expect = -EINVAL },
	{ "load: BPF_F_SLEEPABLE socket filter", LOAD,
	  SOCK_ATTR(.prog_flags = BPF_F_SLEEPABLE), .expect = -EINVAL },
	{ "load: BPF_F_SLEEPABLE after the map fds", LOAD,
	  SOCK_ATTR(.prog_flags = BPF_F_SLEEPABLE), .insns = I_MAP_CLOSED,
	  .expect = -EBADF },
	/* the flags mainline accepts for any type: test modes, XDP's */
	{ "load: BPF_F_STRICT_ALIGNMENT", LOAD,
	  SOCK_ATTR(.prog_flags = BPF_F_STRICT_ALIGNMENT), .expect = 0 },
	{ "load: BPF_F_ANY_ALIGNMENT", LOAD,
	  SOCK_ATTR(.prog_flags = BPF_F_ANY_ALIGNMENT), .expect = 0 },
	{ "load: BPF_F_TEST_RND_HI32", LOAD,
	  SOCK_ATTR(.prog_flags = BPF_F_TEST_RND_HI32), .expect = 0 },
	{ "load: BPF_F_TEST_STATE_FREQ", LOAD,
	  SOCK_ATTR(.prog_flags = BPF_F_TEST_STATE_FREQ), .expect = 0 },
	{ "load: BPF_F_TEST_REG_INVARIANTS", LOAD,
	  SOCK_ATTR(.prog_flags = BPF_F_TEST_REG_INVARIANTS), .expect = 0 },
	{ "load: BPF_F_XDP_HAS_FRAGS on a socket filter", LOAD,
	  SOCK_ATTR(.prog_flags = BPF_F_XDP_HAS_FRAGS), .expect = 0 },
	{ "load: BPF_F_XDP_DEV_BOUND_ONLY without an ifindex", LOAD,
	  SOCK_ATTR(.prog_flags = BPF_F_XDP_DEV_BOUND_ONLY), .expect = 0 },
	{ "load: unprivileged while unprivileged_bpf_disabled", LOAD, SOCK_ATTR(),
	  .priv = UNPRIV, .expect = -EPERM },
	{ "load: insn_cnt 0", LOAD, SOCK_ATTR(), .zero_cnt = true,
	  .expect = -E2BIG },
	{ "load: insn_cnt above 1M", LOAD, SOCK_ATTR(.insn_cnt = 1000001),
	  .expect = -E2BIG },
	{ "load: unprivileged insn_cnt above 4096", LOAD,
	  SOCK_ATTR(.insn_cnt = 4097), .priv = UNPRIV_ALLOWED, .expect = -E2BIG },
	{ "load: unprivileged tracepoint", LOAD, { .prog_type = TP },
	  .priv = UNPRIV_ALLOWED, .expect = -EPERM },
	{ "load: insns pointer faults", LOAD, SOCK_ATTR(), .insns = I_FAULT,
	  .expect = -EFAULT },
	{ "load: license pointer faults", LOAD, SOCK_ATTR(), .license = S_FAULT,
	  .expect = -EFAULT },
	{ "load: NULL license", LOAD, SOCK_ATTR(), .license = S_AS_IS,
	  .expect = -EFAULT },
	{ "load: prog type 0 (unspec)", LOAD, { .prog_type = 0 }, .expect = -EINVAL },
	{ "load: unknown prog type", LOAD, { .prog_type = 0x7fff },
	  .expect = -EINVAL },
	{ "load: name with a '-'", LOAD, SOCK_ATTR(.prog_name = "bad-name"),
	  .expect = -EINVAL },
	{ "load: name without its NUL", LOAD,
	  SOCK_ATTR(.prog_name = "aaaaaaaaaaaaaaaa"), .expect = -EINVAL },
	{ "load: prog_ifindex on a socket filter", LOAD,
	  SOCK_ATTR(.prog_ifindex = 1), .expect = -EINVAL },
	{ "load: func_info_cnt without BTF", LOAD,
	  SOCK_ATTR(.func_info_cnt = 1), .expect = -EINVAL },
	{ "load: line_info_cnt without BTF", LOAD,
	  SOCK_ATTR(.line_info_cnt = 1), .expect = -EINVAL },
	{ "load: func_info_cnt, BTF fd not open", LOAD,
	  SOCK_ATTR(.func_info_cnt = 1, .prog_btf_fd = 9999), .expect = -EBADF },
	{ "load: func_info_cnt after the log attrs", LOAD,
	  SOCK_ATTR(.func_info_cnt = 1, .prog_btf_fd = 9999, .log_size = 64),
	  .expect = -EINVAL },
	{ "load: func_info_cnt after the license", LOAD,
	  SOCK_ATTR(.func_info_cnt = 1, .prog_btf_fd = 9999),
	  .license = S_FAULT, .expect = -EFAULT },
	{ "load: prog_ifindex after the license", LOAD,
	  SOCK_ATTR(.prog_ifindex = 1), .license = S_FAULT, .expect = -EFAULT },
	{ "load: core_relo_cnt without func or line info", LOAD,
	  SOCK_ATTR(.core_relo_cnt = 1, .core_relo_rec_size = 16), .expect = 0 },
	{ "load: attach_btf_id on a socket filter", LOAD,
	  SOCK_ATTR(.attach_btf_id = 1), .expect = -EINVAL },
	{ "load: attach_prog_fd on a socket filter", LOAD,
	  SOCK_ATTR(.attach_prog_fd = 1), .expect = -EINVAL },

	/* the verifier log */
	{ "load: log_level 0 with a log_buf", LOAD, SOCK_ATTR(.log_size = 4096),
	  .log_buf = L_BUF, .expect = -EINVAL },
	{ "load: log_level 0 with a log_size", LOAD, SOCK_ATTR(.log_size = 4096),
	  .expect = -EINVAL },
	{ "load: log_level 0 with a log_buf, no size", LOAD, SOCK_ATTR(),
	  .log_buf = L_BUF, .expect = -EINVAL },
	{ "load: log_level 1 with a log_size, no log_buf", LOAD,
	  SOCK_ATTR(.log_level = 1, .log_size = 4096), .expect = -EINVAL },
	{ "load: log_level 1, log_size 0", LOAD, SOCK_ATTR(.log_level = 1),
	  .log_buf = L_BUF, .expect = -EINVAL },
	{ "load: log_size above UINT_MAX >> 2", LOAD,
	  SOCK_ATTR(.log_level = 1, .log_size = (~0u >> 2) + 1),
	  .log_buf = L_BUF, .expect = -EINVAL },
	{ "load: unknown log_level bit", LOAD,
	  SOCK_ATTR(.log_level = 16, .log_size = 4096), .log_buf = L_BUF,
	  .expect = -EINVAL },
	{ "load: log_buf pointer faults", LOAD,
	  SOCK_ATTR(.log_level = 1, .log_size = 4096), .log_buf = L_FAULT,
	  .expect = -EFAULT },
	{ "load: log_size 8 truncates the log", LOAD,
	  SOCK_ATTR(.log_level = 1, .log_size = 8), .log_buf = L_BUF,
	  .expect = -ENOSPC },
	{ "load: rejected program, log truncated", LOAD,
	  SOCK_ATTR(.log_level = 1, .log_size = 8), .log_buf = L_BUF,
	  .insns = I_CTX_DATA, .expect = -ENOSPC },

	/* what the program says */
	{ "load: map fd that is not open", LOAD, SOCK_ATTR(),
	  .insns = I_MAP_CLOSED, .expect = -EBADF },
	{ "load: map fd that is a pipe", LOAD, SOCK_ATTR(), .insns = I_MAP_PIPE,
	  .expect = -EINVAL },
	{ "load: map fd that is a program", LOAD, SOCK_ATTR(),
	  .insns = I_MAP_PROG, .expect = -EINVAL },
	{ "load: map by index without fd_array", LOAD, SOCK_ATTR(),
	  .insns = I_MAP_IDX, .expect = -EPROTO },
	{ "load: map by index into fd_array", LOAD, SOCK_ATTR(),
	  .insns = I_MAP_IDX, .fd_array = FA_MAP, .expect = 0 },
	{ "load: map value by index into fd_array", LOAD, SOCK_ATTR(),
	  .insns = I_MAP_IDX_VALUE, .fd_array = FA_MAP, .expect = 0 },
	{ "load: map by index, fd_array faults", LOAD, SOCK_ATTR(),
	  .insns = I_MAP_IDX, .fd_array = FA_FAULT, .expect = -EFAULT },
	{ "load: map by index, fd_array names a pipe", LOAD, SOCK_ATTR(),
	  .insns = I_MAP_IDX, .fd_array = FA_PIPE, .expect = -EINVAL },
	{ "load: no exit (insn_cnt 1)", LOAD, SOCK_ATTR(.insn_cnt = 1),
	  .expect = -EINVAL },
	{ "load: socket filter calls probe_read", LOAD, SOCK_ATTR(),
	  .insns = I_PROBE_READ, .expect = -EINVAL },
	{ "load: unprivileged socket filter calls trace_printk", LOAD,
	  SOCK_ATTR(), .insns = I_PRINTK, .priv = UNPRIV_ALLOWED,
	  .expect = -EINVAL },
	{ "load: non-GPL program calls trace_printk", LOAD, SOCK_ATTR(),
	  .insns = I_PRINTK, .license = S_PROPRIETARY, .expect = -EINVAL },
	{ "load: socket filter reads __sk_buff.data", LOAD, SOCK_ATTR(),
	  .insns = I_CTX_DATA, .expect = -EACCES },
	{ "load: socket filter writes __sk_buff.mark", LOAD, SOCK_ATTR(),
	  .insns = I_CTX_MARK_WRITE, .expect = -EACCES },
	{ "load: unaligned __sk_buff read", LOAD, SOCK_ATTR(),
	  .insns = I_CTX_UNALIGNED, .expect = -EACCES },

	/* BPF_PROG_TEST_RUN */
	{ "run: non-zero byte after batch_size", RUN, TEST_ATTR(.repeat = 1),
	  .dirty_at = END_BATCH_SIZE, .expect = -EINVAL },
	{ "run: prog_fd not open", RUN, TEST_ATTR(), .prog = T_CLOSED,
	  .expect = -EBADF },
	{ "run: prog_fd is a map", RUN, TEST_ATTR(), .prog = T_MAP,
	  .expect = -EINVAL },
	{ "run: tracepoint program", RUN, TEST_ATTR(), .prog = T_TP,
	  .expect = -ENOTSUPP },
	{ "run: ctx_size_in without ctx_in", RUN, TEST_ATTR(.ctx_size_in = 4),
	  .expect = -EINVAL },
	{ "run: ctx_in without ctx_size_in", RUN, TEST_ATTR(.ctx_in = 4096),
	  .expect = -EINVAL },
	{ "run: ctx_size_out without ctx_out", RUN, TEST_ATTR(.ctx_size_out = 4),
	  .expect = -EINVAL },
	/* checked before the program: a type that cannot run says EINVAL too */
	{ "run: ctx_out without ctx_size_out", RUN, TEST_ATTR(.ctx_out = 4096),
	  .expect = -EINVAL },
	{ "run: ctx_out without ctx_size_out, tracepoint", RUN,
	  TEST_ATTR(.ctx_out = 4096), .prog = T_TP, .expect = -EINVAL },
	{ "run: ctx_in without ctx_size_in, tracepoint", RUN,
	  TEST_ATTR(.ctx_in = 4096), .prog = T_TP, .expect = -EINVAL },
	{ "run: flags BPF_F_TEST_RUN_ON_CPU", RUN,
	  TEST_ATTR(.flags = BPF_F_TEST_RUN_ON_CPU), .expect = -EINVAL },
	{ "run: unknown flag", RUN, TEST_ATTR(.flags = 1u << 20),
	  .expect = -EINVAL },
	{ "run: cpu 1 without BPF_F_TEST_RUN_ON_CPU", RUN, TEST_ATTR(.cpu = 1),
	  .expect = -EINVAL },
	{ "run: batch_size on a socket filter", RUN, TEST_ATTR(.batch_size = 1),
	  .expect = -EINVAL },
	{ "run: data_size_in below ETH_HLEN", RUN, TEST_ATTR(.data_size_in = 13),
	  .expect = -EINVAL },
	{ "run: no data", RUN, TEST_ATTR(), .data_in = D_AS_IS, .expect = -EINVAL },
	/* a page less the head room and the skb_shared_info: 3712 bytes */
	{ "run: data_size_in 3713", RUN, TEST_ATTR(.data_size_in = 3713),
	  .data_in = D_BUF, .expect = -EINVAL },
	{ "run: data_size_in 3712 is fine", RUN, TEST_ATTR(.data_size_in = 3712),
	  .data_in = D_BUF, .expect = 0 },
	{ "run: data_in pointer faults", RUN, TEST_ATTR(), .data_in = D_FAULT,
	  .expect = -EFAULT },
	{ "run: data_out pointer faults", RUN, TEST_ATTR(.data_size_out = 64),
	  .data_out = O_FAULT, .expect = -EFAULT },
	{ "run: data_out too small", RUN, TEST_ATTR(.data_size_out = 20),
	  .data_out = O_BUF, .expect = -ENOSPC },
};

static struct {
	int sock, tp, map, pipe[2], closed;
	void *fault;
	char buf[8192];
	struct prog map_closed, map_pipe, map_prog, probe_read, printk;
	int fds_map[2], fds_pipe[2];
} fx;

static const struct bpf_insn map_idx[] = {
	I_RAW(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_IDX, 0, 1),
	I_LD64_HI(0), I_MOV64_IMM(0, 0), I_EXIT(),
};

static const struct bpf_insn map_idx_value[] = {
	I_RAW(BPF_LD | BPF_IMM | BPF_DW, 0, BPF_PSEUDO_MAP_IDX_VALUE, 0, 1),
	I_RAW(0, 0, 0, 0, 4), I_LDX(BPF_W, 0, 0, 0), I_EXIT(),
};

static const struct bpf_insn ctx_data[] = {
	I_LDX(BPF_W, 0, 1, offsetof(struct __sk_buff, data)), I_EXIT(),
};

static const struct bpf_insn ctx_mark_write[] = {
	I_MOV64_IMM(2, 1), I_STX(BPF_W, 1, 2, offsetof(struct __sk_buff, mark)),
	I_MOV64_IMM(0, 0), I_EXIT(),
};

static const struct bpf_insn ctx_unaligned[] = {
	I_LDX(BPF_W, 0, 1, offsetof(struct __sk_buff, len) + 2), I_EXIT(),
};

static const struct bpf_insn *row_insns(const struct bad_case *c,
					unsigned int *cnt)
{
	const struct prog *p;

	switch (c->insns) {
	case I_RET42:
		*cnt = ARRAY_LEN(ret42);
		return ret42;
	case I_FAULT:
		*cnt = ARRAY_LEN(ret42);
		return fx.fault;
	case I_MAP_CLOSED:
		p = &fx.map_closed;
		break;
	case I_MAP_PIPE:
		p = &fx.map_pipe;
		break;
	case I_MAP_PROG:
		p = &fx.map_prog;
		break;
	case I_PROBE_READ:
		p = &fx.probe_read;
		break;
	case I_PRINTK:
		p = &fx.printk;
		break;
	case I_CTX_DATA:
		*cnt = ARRAY_LEN(ctx_data);
		return ctx_data;
	case I_CTX_MARK_WRITE:
		*cnt = ARRAY_LEN(ctx_mark_write);
		return ctx_mark_write;
	case I_CTX_UNALIGNED:
		*cnt = ARRAY_LEN(ctx_unaligned);
		return ctx_unaligned;
	case I_MAP_IDX:
		*cnt = ARRAY_LEN(map_idx);
		return map_idx;
	case I_MAP_IDX_VALUE:
		*cnt = ARRAY_LEN(map_idx_value);
		return map_idx_value;
	default:
		return NULL;
	}
	*cnt = p->n;
	return p->insns;
}

static uint64_t row_str(enum str_ref ref, uint64_t as_is)
{
	switch (ref) {
	case S_GPL:		return PTR("GPL");
	case S_FAULT:		return PTR(fx.fault);
	case S_PROPRIETARY:	return PTR("Proprietary");
	default:		return as_is;
	}
}

static uint64_t row_log(enum log_ref ref, uint64_t as_is)
{
	switch (ref) {
	case L_BUF:		return PTR(fx.buf);
	case L_FAULT:		return PTR(fx.fault);
	default:		return as_is;
	}
}

static uint64_t row_data(enum data_ref ref, uint64_t as_is)
{
	switch (ref) {
	case D_PKT:		return PTR(pkt);
	case D_FAULT:		return PTR(fx.fault);
	case D_BUF:		return PTR(fx.buf);
	default:		return as_is;
	}
}

static uint64_t row_out(enum out_ref ref, uint64_t as_is)
{
	switch (ref) {
	case O_BUF:		return PTR(fx.buf);
	case O_FAULT:		return PTR(fx.fault);
	default:		return as_is;
	}
}

static uint64_t row_fd_array(enum fd_array_ref ref)
{
	switch (ref) {
	case FA_MAP:		return PTR(fx.fds_map);
	case FA_FAULT:		return PTR(fx.fault);
	case FA_PIPE:		return PTR(fx.fds_pipe);
	default:		return 0;
	}
}

static int row_prog_fd(enum test_fd_ref ref, int as_is)
{
	switch (ref) {
	case T_SOCK:		return fx.sock;
	case T_TP:		return fx.tp;
	case T_MAP:		return fx.map;
	case T_CLOSED:		return fx.closed;
	default:		return as_is;
	}
}

static void setup_fixtures(void)
{
	struct prog *p;

	fx.sock = prog_load(SOCK, ret42, ARRAY_LEN(ret42));
	fx.tp = prog_load(TP, ret42, ARRAY_LEN(ret42));
	fx.map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	if (fx.sock < 0 || fx.tp < 0 || fx.map < 0)
		ksft_exit_fail_msg("fixtures: %d %d %d\n", fx.sock, fx.tp,
				   fx.map);
	if (pipe(fx.pipe))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	fx.fds_map[0] = fx.pipe[0];
	fx.fds_map[1] = fx.map;
	fx.fds_pipe[0] = fx.map;
	fx.fds_pipe[1] = fx.pipe[0];
	fx.closed = dup(fx.pipe[1]);
	close(fx.closed);
	fx.fault = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fx.fault == MAP_FAILED)
		ksft_exit_fail_msg("mmap: %s\n", strerror(errno));

	p = &fx.map_closed;
	emit_ld_map(p, 1, fx.closed);
	emit(p, I_MOV64_IMM(0, 0));
	emit(p, I_EXIT());
	p = &fx.map_pipe;
	emit_ld_map(p, 1, fx.pipe[0]);
	emit(p, I_MOV64_IMM(0, 0));
	emit(p, I_EXIT());
	p = &fx.map_prog;
	emit_ld_map(p, 1, fx.sock);
	emit(p, I_MOV64_IMM(0, 0));
	emit(p, I_EXIT());

	/* probe_read(r10 - 8, 8, 0) */
	p = &fx.probe_read;
	emit(p, I_MOV64_REG(1, 10));
	emit(p, I_ALU64_IMM(BPF_ADD, 1, -8));
	emit(p, I_MOV64_IMM(2, 8));
	emit(p, I_MOV64_IMM(3, 0));
	emit(p, I_CALL(BPF_FUNC_probe_read));
	emit(p, I_EXIT());

	/* trace_printk("hi\n", 4) */
	p = &fx.printk;
	emit_string(p, "hi\n", 8);
	emit(p, I_MOV64_REG(1, 10));
	emit(p, I_ALU64_IMM(BPF_ADD, 1, -8));
	emit(p, I_MOV64_IMM(2, 4));
	emit(p, I_CALL(BPF_FUNC_trace_printk));
	emit(p, I_EXIT());
}

static bool run_row(const struct bad_case *c)
{
	/* room past the union for the "longer than ours" rows */
	union {
		union bpf_attr attr;
		unsigned char bytes[8192];
	} buf;
	unsigned int size = c->size ? c->size : ATTR_BYTES, cnt;
	const struct bpf_insn *insns;
	long ret;

	memset(&buf, 0, sizeof(buf));
	buf.attr = c->attr;
	if (c->cmd == LOAD) {
		insns = row_insns(c, &cnt);
		if (insns) {
			buf.attr.insns = PTR(insns);
			if (!buf.attr.insn_cnt)
				buf.attr.insn_cnt = cnt;
		}
		if (c->zero_cnt)
			buf.attr.insn_cnt = 0;
		buf.attr.license = row_str(c->license, buf.attr.license);
		buf.attr.log_buf = row_log(c->log_buf, buf.attr.log_buf);
		buf.attr.fd_array = row_fd_array(c->fd_array);
	} else {
		buf.attr.test.prog_fd = row_prog_fd(c->prog, buf.attr.test.prog_fd);
		buf.attr.test.data_in = row_data(c->data_in, buf.attr.test.data_in);
		if (c->data_in != D_AS_IS && !buf.attr.test.data_size_in)
			buf.attr.test.data_size_in = sizeof(pkt);
		buf.attr.test.data_out = row_out(c->data_out,
						 buf.attr.test.data_out);
	}
	if (c->dirty_at)
		buf.bytes[c->dirty_at] = 1;

	ret = call_as(c->priv, c->cmd, &buf, size);
	if (ret >= 0 && c->cmd == LOAD) {
		close(ret);
		ret = 0;	/* loaded: the rows say 0 */
	}
	return expect_result(c->name, ret, c->expect);
}

/* ---- programs that load and run ---- */

/*
 * The packet comes back as it went in, except for the Ethernet header,
 * which a socket filter does not see: mainline zeroes it, and so do we.
 */
static void ret42_runs(void)
{
	unsigned char out[sizeof(pkt)], zero[ETH_HLEN] = { 0 };
	struct test_run t = {
		.in = pkt, .in_size = sizeof(pkt), .out = out,
		.out_size = sizeof(out), .repeat = 1,
	};
	int fd = prog_load(SOCK, ret42, ARRAY_LEN(ret42));

	if (!EXPECT_TRUE(fd >= 0))
		return;
	memset(out, 0xaa, sizeof(out));
	EXPECT_EQ(prog_test_run(fd, &t), 0);
	EXPECT_EQ(t.retval, 42);
	EXPECT_EQ(t.out_size, sizeof(pkt));
	EXPECT_EQ(memcmp(out, zero, ETH_HLEN), 0);
	EXPECT_EQ(memcmp(out + ETH_HLEN, pkt + ETH_HLEN, sizeof(pkt) - ETH_HLEN),
		  0);
	/* no data_out: nothing copied, the size still reported */
	t.out = NULL;
	t.out_size = 64;
	EXPECT_EQ(prog_test_run(fd, &t), 0);
	EXPECT_EQ(t.out_size, sizeof(pkt));
	/* ... and a size hint it exceeds is ENOSPC, data_out or not */
	t.out_size = 20;
	EXPECT_EQ(prog_test_run(fd, &t), -ENOSPC);
	EXPECT_EQ(t.out_size, sizeof(pkt));
	EXPECT_EQ(t.retval, 42);
	close(fd);
}

static void repeat_runs(void)
{
	struct test_run t = { .in = pkt, .in_size = sizeof(pkt), .repeat = 1000 };
	int fd = prog_load(SOCK, ret42, ARRAY_LEN(ret42));

	if (!EXPECT_TRUE(fd >= 0))
		return;
	EXPECT_EQ(prog_test_run(fd, &t), 0);
	EXPECT_EQ(t.retval, 42);
	/*
	 * The mean time of a run: qemu's TSC tends to be found unstable, and
	 * with a jiffies clock a short loop measures 0. Longer ones may not.
	 */
	for (t.repeat = 10000; t.repeat <= 1000000; t.repeat *= 10) {
		EXPECT_EQ(prog_test_run(fd, &t), 0);
		if (t.duration)
			break;
	}
	EXPECT_TRUE(t.duration > 0);
	ksft_print_msg("%u ns per run over %u runs\n", t.duration, t.repeat);
	/* repeat 0 runs once */
	t.repeat = 0;
	EXPECT_EQ(prog_test_run(fd, &t), 0);
	EXPECT_EQ(t.retval, 42);
	close(fd);
}

/* data_out shorter than the packet: ENOSPC, a truncated copy, the size */
static void data_out_truncated(void)
{
	unsigned char out[64];
	struct test_run t = {
		.in = pkt, .in_size = sizeof(pkt), .out = out, .out_size = 20,
		.repeat = 1,
	};
	int fd = prog_load(SOCK, ret42, ARRAY_LEN(ret42));

	if (!EXPECT_TRUE(fd >= 0))
		return;
	memset(out, 0xaa, sizeof(out));
	EXPECT_EQ(prog_test_run(fd, &t), -ENOSPC);
	EXPECT_EQ(t.out_size, sizeof(pkt));
	EXPECT_EQ(t.retval, 42);
	EXPECT_EQ(memcmp(out + ETH_HLEN, pkt + ETH_HLEN, 6), 0);
	EXPECT_EQ(out[20], 0xaa);
	/* data_size_out 0 means no limit */
	t.out_size = 0;
	EXPECT_EQ(prog_test_run(fd, &t), 0);
	EXPECT_EQ(t.out_size, sizeof(pkt));
	EXPECT_EQ(memcmp(out + ETH_HLEN, pkt + ETH_HLEN, sizeof(pkt) - ETH_HLEN),
		  0);
	close(fd);
}

static void fd_is_cloexec_with_fdinfo(void)
{
	char path[64], buf[1024];
	int fd = prog_load(SOCK, ret42, ARRAY_LEN(ret42));
	ssize_t n;
	FILE *f;

	if (!EXPECT_TRUE(fd >= 0))
		return;
	EXPECT_EQ(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, buf, sizeof(buf) - 1);
	EXPECT_TRUE(n > 0);
	buf[n > 0 ? n : 0] = 0;
	EXPECT_EQ(strcmp(buf, "anon_inode:bpf-prog"), 0);
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!EXPECT_TRUE(f))
		goto out;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n > 0 ? n : 0] = 0;
	EXPECT_TRUE(strstr(buf, "prog_type:\t1\n"));
out:
	close(fd);
}

/* A name, expected_attach_type and kern_version are accepted. */
static void load_attrs_accepted(void)
{
	union bpf_attr attr;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = SOCK;
	attr.insns = PTR(ret42);
	attr.insn_cnt = ARRAY_LEN(ret42);
	attr.license = PTR("Dual BSD/GPL");
	memcpy(attr.prog_name, "ret_42.x", 9);
	attr.expected_attach_type = 5;
	attr.kern_version = 0x60c00;
	fd = sys_bpf(LOAD, &attr);
	EXPECT_TRUE(fd >= 0);
	if (fd >= 0)
		close(fd);
	/* a proprietary license is fine without GPL-only helpers */
	attr.license = PTR("Proprietary");
	memset(attr.prog_name, 0, sizeof(attr.prog_name));
	fd = sys_bpf(LOAD, &attr);
	EXPECT_TRUE(fd >= 0);
	if (fd >= 0)
		close(fd);
}

/* A rejected program's log: readable, NUL-terminated, its size reported. */
static void log_of_rejected_program(void)
{
	union bpf_attr attr;
	char log[4096];

	memset(&attr, 0, sizeof(attr));
	memset(log, 0xaa, sizeof(log));
	attr.prog_type = SOCK;
	attr.insns = PTR(ctx_data);
	attr.insn_cnt = ARRAY_LEN(ctx_data);
	attr.license = PTR("GPL");
	attr.log_level = 1;
	attr.log_buf = PTR(log);
	attr.log_size = sizeof(log);
	EXPECT_EQ(sys_bpf(LOAD, &attr), -EACCES);
	if (!EXPECT_TRUE(memchr(log, 0, sizeof(log))))
		return;
	EXPECT_TRUE(strlen(log) > 0);
	EXPECT_EQ(attr.log_true_size, strlen(log) + 1);
}

/*
 * log_true_size is an output: the log's full size with its NUL whenever
 * the verifier ran, 0 without a log; log_level without a buffer asks for
 * the size only.
 */
static void log_true_size(void)
{
	union bpf_attr attr;
	char log[4096];
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = SOCK;
	attr.insns = PTR(ret42);
	attr.insn_cnt = ARRAY_LEN(ret42);
	attr.license = PTR("GPL");
	attr.log_true_size = 12345;
	fd = sys_bpf(LOAD, &attr);
	EXPECT_TRUE(fd >= 0);
	EXPECT_EQ(attr.log_true_size, 0);
	if (fd >= 0)
		close(fd);

	attr.log_level = 1;
	fd = sys_bpf(LOAD, &attr);
	EXPECT_TRUE(fd >= 0);
	EXPECT_TRUE(attr.log_true_size > 1);
	if (fd >= 0)
		close(fd);

	memset(log, 0xaa, sizeof(log));
	attr.log_buf = PTR(log);
	attr.log_size = sizeof(log);
	attr.log_true_size = 12345;
	fd = sys_bpf(LOAD, &attr);
	EXPECT_TRUE(fd >= 0);
	if (fd >= 0)
		close(fd);
	if (EXPECT_TRUE(memchr(log, 0, sizeof(log))))
		EXPECT_EQ(attr.log_true_size, strlen(log) + 1);
}

/* Load ctx_data (rejected) with a log of @size bytes and @level. */
static long load_rejected(char *log, uint32_t size, uint32_t level,
			  uint32_t *true_size)
{
	union bpf_attr attr;
	long ret;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = SOCK;
	attr.insns = PTR(ctx_data);
	attr.insn_cnt = ARRAY_LEN(ctx_data);
	attr.license = PTR("GPL");
	attr.log_level = level;
	attr.log_buf = PTR(log);
	attr.log_size = size;
	ret = sys_bpf(LOAD, &attr);
	*true_size = attr.log_true_size;
	return ret;
}

/*
 * A log that does not fit: -ENOSPC over the verdict, the true size as
 * when it fits, and the buffer keeps the log's end (the rejection), or
 * with BPF_LOG_FIXED (8) its start, NUL-terminated either way. A buffer
 * of exactly the true size fits.
 */
static void log_keeps_its_end_or_start(void)
{
	static char whole[4096], log[4096 + 1];
	uint32_t len, size, true_size, sizes[5];
	unsigned int i, fixed;

	if (!EXPECT_EQ(load_rejected(whole, sizeof(whole), 1, &true_size),
		       -EACCES))
		return;
	len = strlen(whole);
	if (!EXPECT_EQ(true_size, len + 1) || !EXPECT_TRUE(len > 40))
		return;
	sizes[0] = len + 1;
	sizes[1] = len;
	sizes[2] = len / 2;
	sizes[3] = 16;
	sizes[4] = 1;
	for (fixed = 0; fixed <= 1; fixed++) {
		for (i = 0; i < ARRAY_LEN(sizes); i++) {
			size = sizes[i];
			memset(log, 0xaa, sizeof(log));
			EXPECT_EQ(load_rejected(log, size, fixed ? 1 | 8 : 1,
						&true_size),
				  size > len ? -EACCES : -ENOSPC);
			EXPECT_EQ(true_size, len + 1);
			if (!EXPECT_EQ(strnlen(log, size), size - 1))
				continue;
			EXPECT_EQ(memcmp(log, fixed ? whole :
					 whole + len - (size - 1), size - 1), 0);
			EXPECT_EQ((unsigned char)log[size], 0xaa);
		}
	}
}

/*
 * The log goes straight into the caller's buffer: the largest log_size
 * costs the kernel nothing, even in a memory cgroup of 32 MiB (where an
 * allocation of log_size bytes, charged to it, would fail). The buffer
 * is a 1 GiB mapping of which only what the log writes gets pages.
 */
static void huge_log_size_costs_nothing(void)
{
	const uint32_t size = ~0u >> 2;
	const char *cg = "/tmp/ebpf-cgroup2", *small = "/tmp/ebpf-cgroup2/log";
	char path[128], ctl[256] = "";
	union bpf_attr attr;
	char *buf;
	FILE *f;
	long fd;
	int err;

	/* a cgroup2 mount of our own: the hierarchy, wherever else it is */
	mkdir(cg, 0755);
	if (mount("cgroup2", cg, "cgroup2", 0, NULL) && errno != EBUSY) {
		ebpf_case_skip = "no cgroup2";
		return;
	}
	snprintf(path, sizeof(path), "%s/cgroup.controllers", cg);
	f = fopen(path, "r");
	if (f) {
		if (!fgets(ctl, sizeof(ctl), f))
			ctl[0] = 0;
		fclose(f);
	}
	if (!strstr(ctl, "memory")) {
		ebpf_case_skip = "no memory controller in cgroup2";
		goto unmount;
	}
	buf = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (!EXPECT_TRUE(buf != MAP_FAILED))
		goto unmount;
	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", cg);
	write_file(path, "+memory", &err);
	snprintf(path, sizeof(path), "%s/memory.max", small);
	if (!EXPECT_TRUE(!mkdir(small, 0755) || errno == EEXIST) ||
	    !EXPECT_TRUE(write_file(path, "33554432", &err)))
		goto out;
	/* in the small cgroup for the load only */
	snprintf(path, sizeof(path), "%s/cgroup.procs", small);
	EXPECT_TRUE(write_file(path, "0", &err));
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = SOCK;
	attr.insns = PTR(ret42);
	attr.insn_cnt = ARRAY_LEN(ret42);
	attr.license = PTR("GPL");
	attr.log_level = 2;
	attr.log_buf = PTR(buf);
	attr.log_size = size;
	fd = sys_bpf(LOAD, &attr);
	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	write_file(path, "0", &err);
	if (EXPECT_TRUE(fd >= 0))
		close(fd);
	EXPECT_EQ(attr.log_true_size, strlen(buf) + 1);
	rmdir(small);
out:
	munmap(buf, size);
unmount:
	umount(cg);
	rmdir(cg);
}

/*
 * A frozen map (BPF_MAP_FREEZE, the syscall's writes refused) is still
 * the programs': one writes it through a direct value pointer.
 */
static void program_writes_a_frozen_map(void)
{
	struct bpf_insn p[] = {
		I_LD_MAP_VALUE(1, 0), I_RAW(0, 0, 0, 0, 0),
		I_ST(BPF_DW, 1, 0, 7),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	};
	char pkt[64] = { 0 };
	struct test_run t = { .in = pkt, .in_size = sizeof(pkt), .repeat = 1 };
	uint64_t v = 5;
	union bpf_attr attr;
	uint32_t k = 0;
	int map, prog;

	map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	if (!EXPECT_TRUE(map >= 0))
		return;
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = map;
	EXPECT_EQ(sys_bpf(BPF_MAP_FREEZE, &attr), 0);
	EXPECT_EQ(map_update(map, &k, &v, BPF_ANY), -EPERM);
	p[0].imm = map;
	prog = prog_load(SOCK, p, ARRAY_LEN(p));
	if (EXPECT_TRUE(prog >= 0)) {
		EXPECT_EQ(prog_test_run(prog, &t), 0);
		EXPECT_EQ(map_lookup(map, &k, &v), 0);
		EXPECT_EQ(v, 7);
		close(prog);
	}
	close(map);
}

static void unprivileged_socket_filter(void)
{
	union bpf_attr attr;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = SOCK;
	attr.insns = PTR(ret42);
	attr.insn_cnt = ARRAY_LEN(ret42);
	attr.license = PTR("GPL");
	fd = call_as(UNPRIV_ALLOWED, LOAD, &attr, sizeof(attr));
	EXPECT_TRUE(fd >= 0);
	if (fd >= 0)
		close(fd);
	EXPECT_EQ(read_unpriv_sysctl(), 2);
}

/* The __sk_buff fields of the test packet, as a socket filter reads them. */
static long read_ctx(int off, int size)
{
	struct bpf_insn prog[] = { I_LDX(size, 0, 1, off), I_EXIT() };

	return run_sock(prog, ARRAY_LEN(prog));
}

#define SKB(field) offsetof(struct __sk_buff, field)

static void skb_fields(void)
{
	EXPECT_EQ(read_ctx(SKB(len), BPF_W), sizeof(pkt) - ETH_HLEN);
	/* lo's broadcast address is all zeroes: ours is multicast to it */
	EXPECT_EQ(read_ctx(SKB(pkt_type), BPF_W), PACKET_MULTICAST);
	EXPECT_EQ(read_ctx(SKB(protocol), BPF_W), 0x0008);
	EXPECT_EQ(read_ctx(SKB(ifindex), BPF_W), 1);
	EXPECT_EQ(read_ctx(SKB(mark), BPF_W), 0);
	EXPECT_EQ(read_ctx(SKB(queue_mapping), BPF_W), 0);
	EXPECT_EQ(read_ctx(SKB(vlan_present), BPF_W), 0);
	EXPECT_EQ(read_ctx(SKB(vlan_tci), BPF_W), 0);
	EXPECT_EQ(read_ctx(SKB(vlan_proto), BPF_W), 0);
	EXPECT_EQ(read_ctx(SKB(priority), BPF_W), 0);
	EXPECT_EQ(read_ctx(SKB(ingress_ifindex), BPF_W), 0);
	EXPECT_EQ(read_ctx(SKB(hash), BPF_W), 0);
	EXPECT_EQ(read_ctx(SKB(cb[4]), BPF_W), 0);
}

/* cb[] is the program's scratch area: writes read back, narrow ones too. */
static void skb_cb(void)
{
	struct bpf_insn word[] = {
		I_MOV64_IMM(2, 0xabc),
		I_STX(BPF_W, 1, 2, SKB(cb[2])),
		I_LDX(BPF_W, 0, 1, SKB(cb[2])),
		I_EXIT(),
	};
	struct bpf_insn bytes[] = {
		I_MOV64_IMM(2, 0x5a),
		I_STX(BPF_B, 1, 2, SKB(cb[4]) + 1),
		I_MOV64_IMM(2, 0x77),
		I_STX(BPF_H, 1, 2, SKB(cb[4]) + 2),
		I_LDX(BPF_W, 0, 1, SKB(cb[4])),
		I_EXIT(),
	};

	EXPECT_EQ(run_sock(word, ARRAY_LEN(word)), 0xabc);
	EXPECT_EQ(run_sock(bytes, ARRAY_LEN(bytes)), 0x775a00);
}

static void ld_abs_and_ind(void)
{
	struct bpf_insn proto[] = {
		I_MOV64_REG(6, 1), I_LD_ABS(BPF_B, 9), I_EXIT(),
	};
	struct bpf_insn tot_len[] = {
		I_MOV64_REG(6, 1), I_LD_ABS(BPF_H, 2), I_EXIT(),
	};
	struct bpf_insn saddr[] = {
		I_MOV64_REG(6, 1), I_MOV64_IMM(2, 4), I_LD_IND(BPF_W, 2, 12),
		I_EXIT(),
	};
	struct bpf_insn beyond[] = {
		I_MOV64_REG(6, 1), I_MOV64_IMM(0, 7), I_LD_ABS(BPF_W, 26),
		I_MOV64_IMM(0, 8), I_EXIT(),
	};
	struct bpf_insn net_off[] = {
		I_MOV64_REG(6, 1), I_LD_ABS(BPF_B, SKF_NET_OFF + 9), I_EXIT(),
	};
	struct bpf_insn ll_off[] = {
		I_MOV64_REG(6, 1), I_LD_ABS(BPF_H, SKF_LL_OFF + 12), I_EXIT(),
	};

	EXPECT_EQ(run_sock(proto, ARRAY_LEN(proto)), 17);
	EXPECT_EQ(run_sock(tot_len, ARRAY_LEN(tot_len)), 0x1c);
	EXPECT_EQ(run_sock(saddr, ARRAY_LEN(saddr)), 0x0a000002);
	EXPECT_EQ(run_sock(beyond, ARRAY_LEN(beyond)), 0);
	EXPECT_EQ(run_sock(net_off, ARRAY_LEN(net_off)), 17);
	EXPECT_EQ(run_sock(ll_off, ARRAY_LEN(ll_off)), 0x0800);
}

/* A program holds its maps: closing the map fd does not free the map. */
static void map_outlives_its_fd(void)
{
	struct test_run t = { .in = pkt, .in_size = sizeof(pkt), .repeat = 1 };
	struct prog p = { .n = 0 };
	uint64_t v = 0x1234;
	uint32_t k = 0;
	int map, fd;

	map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	if (!EXPECT_TRUE(map >= 0))
		return;
	EXPECT_EQ(map_update(map, &k, &v, BPF_ANY), 0);
	/* the same map twice: one reference is enough */
	emit_ld_map(&p, 1, map);
	emit_ld_map(&p, 1, map);
	emit(&p, I_ST(BPF_W, 10, -4, 0));
	emit(&p, I_MOV64_REG(2, 10));
	emit(&p, I_ALU64_IMM(BPF_ADD, 2, -4));
	emit(&p, I_CALL(BPF_FUNC_map_lookup_elem));
	emit(&p, I_JMP_IMM(BPF_JEQ, 0, 0, 2));
	emit(&p, I_LDX(BPF_DW, 0, 0, 0));
	emit(&p, I_EXIT());
	emit(&p, I_MOV64_IMM(0, 1));
	emit(&p, I_EXIT());
	fd = prog_load(SOCK, p.insns, p.n);
	close(map);
	if (!EXPECT_TRUE(fd >= 0))
		return;
	/* let a wrongly freed map really go */
	usleep(100 * 1000);
	EXPECT_EQ(prog_test_run(fd, &t), 0);
	EXPECT_EQ(t.retval, 0x1234);
	close(fd);
}

/* map_update_elem and map_delete_elem from a program. */
static void map_helpers(void)
{
	struct prog up = { .n = 0 }, del = { .n = 0 };
	uint64_t v = 0;
	uint32_t k = 3;
	int map;

	map = map_create(BPF_MAP_TYPE_HASH, 4, 8, 4, 0);
	if (!EXPECT_TRUE(map >= 0))
		return;
	emit_ld_map(&up, 1, map);
	emit(&up, I_ST(BPF_W, 10, -4, 3));
	emit(&up, I_ST(BPF_DW, 10, -16, 77));
	emit(&up, I_MOV64_REG(2, 10));
	emit(&up, I_ALU64_IMM(BPF_ADD, 2, -4));
	emit(&up, I_MOV64_REG(3, 10));
	emit(&up, I_ALU64_IMM(BPF_ADD, 3, -16));
	emit(&up, I_MOV64_IMM(4, BPF_NOEXIST));
	emit(&up, I_CALL(BPF_FUNC_map_update_elem));
	emit(&up, I_EXIT());
	EXPECT_EQ(run_sock(up.insns, up.n), 0);
	EXPECT_EQ(map_lookup(map, &k, &v), 0);
	EXPECT_EQ(v, 77);
	EXPECT_EQ(run_sock(up.insns, up.n), (uint32_t)-EEXIST);

	emit_ld_map(&del, 1, map);
	emit(&del, I_ST(BPF_W, 10, -4, 3));
	emit(&del, I_MOV64_REG(2, 10));
	emit(&del, I_ALU64_IMM(BPF_ADD, 2, -4));
	emit(&del, I_CALL(BPF_FUNC_map_delete_elem));
	emit(&del, I_EXIT());
	EXPECT_EQ(run_sock(del.insns, del.n), 0);
	EXPECT_EQ(map_lookup(map, &k, &v), -ENOENT);
	EXPECT_EQ(run_sock(del.insns, del.n), (uint32_t)-ENOENT);
	close(map);
}

static void simple_helpers(void)
{
	struct bpf_insn ktime[] = {
		I_CALL(BPF_FUNC_ktime_get_ns), I_MOV64_REG(6, 0),
		I_CALL(BPF_FUNC_ktime_get_ns), I_MOV64_IMM(1, 1),
		/* r0 = (second >= first && first != 0) */
		I_JMP_REG(BPF_JGE, 0, 6, 1), I_MOV64_IMM(1, 0),
		I_JMP_IMM(BPF_JNE, 6, 0, 1), I_MOV64_IMM(1, 0),
		I_MOV64_REG(0, 1), I_EXIT(),
	};
	struct bpf_insn rnd[] = {
		I_CALL(BPF_FUNC_get_prandom_u32), I_MOV64_REG(6, 0),
		I_CALL(BPF_FUNC_get_prandom_u32), I_MOV64_IMM(1, 1),
		I_JMP_REG(BPF_JNE, 0, 6, 1), I_MOV64_IMM(1, 0),
		I_MOV64_REG(0, 1), I_EXIT(),
	};
	struct bpf_insn cpu[] = {
		I_CALL(BPF_FUNC_get_smp_processor_id), I_EXIT(),
	};
	long r;

	EXPECT_EQ(run_sock(ktime, ARRAY_LEN(ktime)), 1);
	EXPECT_EQ(run_sock(rnd, ARRAY_LEN(rnd)), 1);
	r = run_sock(cpu, ARRAY_LEN(cpu));
	EXPECT_TRUE(r >= 0 && r < sysconf(_SC_NPROCESSORS_CONF));
}

/* skb_load_bytes(skb, off, r10 - 8, 4): the loaded word, or the error. */
static long load_bytes(int off)
{
	struct bpf_insn prog[] = {
		I_MOV64_IMM(2, off), I_MOV64_REG(3, 10),
		I_ALU64_IMM(BPF_ADD, 3, -8), I_MOV64_IMM(4, 4),
		I_CALL(BPF_FUNC_skb_load_bytes),
		I_JMP_IMM(BPF_JNE, 0, 0, 1),
		I_LDX(BPF_W, 0, 10, -8),
		I_EXIT(),
	};

	return run_sock(prog, ARRAY_LEN(prog));
}

static void skb_load_bytes(void)
{
	/* the source address, in network byte order as it is in memory */
	EXPECT_EQ(load_bytes(12), 0x0100000a);
	EXPECT_EQ(load_bytes(24), 0x0800);
	EXPECT_EQ(load_bytes(25), (uint32_t)-EFAULT);
	EXPECT_EQ(load_bytes(-1), (uint32_t)-EFAULT);
}

/* Does the trace buffer hold @text? */
static bool trace_has(const char *text)
{
	static char buf[1 << 16];
	FILE *f = fopen(TRACE, "r");
	size_t n;

	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	return strstr(buf, text);
}

/* Run trace_printk(fmt, fmt_size, a, b, c); its result or -errno. */
static long run_printk(const char *fmt, int fmt_size, int64_t a,
		       int64_t b, int64_t c)
{
	struct prog p = { .n = 0 };

	emit_string(&p, fmt, 64);
	emit(&p, I_MOV64_REG(1, 10));
	emit(&p, I_ALU64_IMM(BPF_ADD, 1, -64));
	emit(&p, I_MOV64_IMM(2, fmt_size));
	emit(&p, I_LD64(3, a));
	emit(&p, I_LD64_HI(a));
	emit(&p, I_LD64(4, b));
	emit(&p, I_LD64_HI(b));
	emit(&p, I_LD64(5, c));
	emit(&p, I_LD64_HI(c));
	emit(&p, I_CALL(BPF_FUNC_trace_printk));
	emit(&p, I_EXIT());
	return run_sock(p.insns, p.n);
}

static void helper_trace_printk(void)
{
	EXPECT_EQ(run_printk("ebpf-test %d %u %llx\n", 22, -5, 7,
			     0x1122334455), 26);
	EXPECT_EQ(run_printk("%lu %ld %x\n", 12, 0xffffffff, -1, 0xff),
		  17);
	EXPECT_TRUE(trace_has("ebpf-test -5 7 1122334455\n"));
	EXPECT_TRUE(trace_has("4294967295 -1 ff\n"));
	EXPECT_EQ(run_printk("%% %i %li\n", 11, 3, 4, 0), 6);
	/* four conversions, an unknown one, no NUL within the size */
	EXPECT_EQ(run_printk("%d %d %d %d", 12, 1, 2, 3), (uint32_t)-EINVAL);
	EXPECT_EQ(run_printk("%q", 3, 1, 2, 3), (uint32_t)-EINVAL);
	EXPECT_EQ(run_printk("abcdef", 6, 1, 2, 3), (uint32_t)-EINVAL);
}

/* ---- error paths: fault injection, then a leak scan ---- */

/* A program using two maps, each named twice, with a log. */
static long load_with_maps(int hash, int array)
{
	struct prog p = { .n = 0 };
	char log[1024];

	emit_ld_map(&p, 1, hash);
	emit_ld_map(&p, 1, array);
	emit_ld_map(&p, 1, hash);
	emit_ld_map(&p, 1, array);
	emit(&p, I_MOV64_IMM(0, 1));
	emit(&p, I_EXIT());
	return prog_load_log(SOCK, p.insns, p.n, 1, log, sizeof(log));
}

/*
 * Each operation runs with /proc/thread-self/fail-nth = 1, 2, ... until it
 * makes fewer allocations than that: every run must fail cleanly with
 * ENOMEM (or ENFILE, when the file is what could not be allocated) or
 * succeed, and the maps must stay usable.
 */
static void enomem_everywhere(void)
{
	struct test_run t = { .in = pkt, .in_size = sizeof(pkt), .repeat = 1 };
	int fd, hash, array, prog, op, n, failures;
	uint64_t v = 5;
	uint32_t k = 0;
	char buf[16];
	long ret;

	fd = fail_nth_open();
	if (fd < 0)
		return;
	hash = map_create(BPF_MAP_TYPE_HASH, 4, 8, 4, 0);
	array = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0);
	prog = prog_load(SOCK, ret42, ARRAY_LEN(ret42));
	EXPECT_TRUE(hash >= 0 && array >= 0 && prog >= 0);

	for (op = 0; op < 2; op++) {
		failures = 0;
		for (n = 1; n < 1000; n++) {
			snprintf(buf, sizeof(buf), "%d", n);
			if (!EXPECT_TRUE(pwrite(fd, buf, strlen(buf), 0) > 0))
				break;
			ret = op ? prog_test_run(prog, &t) :
				   load_with_maps(hash, array);
			memset(buf, 0, sizeof(buf));
			EXPECT_TRUE(pread(fd, buf, sizeof(buf) - 1, 0) > 0);
			EXPECT_TRUE(pwrite(fd, "0", 1, 0) > 0);
			if (!EXPECT_TRUE(ret >= 0 || ret == -ENOMEM ||
					 ret == -ENFILE))
				ksft_print_msg("run %d returned %ld\n", n, ret);
			if (ret > 0)
				close(ret);
			failures += ret < 0;
			/* fewer than n allocations: every one has failed once */
			if (atoi(buf) > 0)
				break;
		}
		ksft_print_msg("%s: %d allocations, %d failed runs\n",
			       op ? "test run" : "load", n - 1, failures);
		EXPECT_TRUE(failures > 0);
	}
	EXPECT_EQ(map_update(hash, &k, &v, BPF_ANY), 0);
	EXPECT_EQ(map_update(array, &k, &v, BPF_ANY), 0);
	close(prog);
	close(hash);
	close(array);
	EXPECT_TRUE(fault_knobs(false));
	close(fd);
}

/* Programs loaded, run and closed, with maps, failing and not; no leaks. */
static void no_kmemleak_reports(void)
{
	struct test_run t = { .in = pkt, .in_size = sizeof(pkt), .repeat = 3 };
	int i, hash, array, fd;

	if (access(KMEMLEAK, R_OK)) {
		ebpf_case_skip = "this kernel has no kmemleak";
		return;
	}
	for (i = 0; i < 50; i++) {
		hash = map_create(BPF_MAP_TYPE_HASH, 4, 8, 4, 0);
		array = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0);
		fd = load_with_maps(hash, array);
		close(hash);
		prog_test_run(fd, &t);
		close(fd);
		/* fails in the verifier after taking a map reference */
		hash = map_create(BPF_MAP_TYPE_HASH, 4, 8, 4, 0);
		fd = load_with_maps(hash, fx.pipe[0]);
		close(hash);
		close(array);
	}
	/* kmemleak reports objects unreferenced for at least 5 seconds */
	sleep(6);
	EXPECT_TRUE(write_knob(KMEMLEAK, "scan"));
	EXPECT_TRUE(write_knob(KMEMLEAK, "scan"));
	EXPECT_EQ(kmemleak_ours(), 0);
}

static const struct test_case cases[] = {
	{ "run: r0 = 42, packet out as in", ret42_runs },
	{ "run: repeat 1000, repeat 0", repeat_runs },
	{ "run: data_out too small is truncated", data_out_truncated },
	{ "fd: close-on-exec anon inode with fdinfo", fd_is_cloexec_with_fdinfo },
	{ "load: name, expected_attach_type, kern_version", load_attrs_accepted },
	{ "load: log of a rejected program", log_of_rejected_program },
	{ "load: log_true_size", log_true_size },
	{ "load: a log that does not fit keeps its end, or its start",
	  log_keeps_its_end_or_start },
	{ "load: the largest log_size costs the kernel nothing",
	  huge_log_size_costs_nothing },
	{ "load: a program writes a frozen map", program_writes_a_frozen_map },
	{ "load: unprivileged socket filter with sysctl 0",
	  unprivileged_socket_filter },
	{ "skb: __sk_buff fields", skb_fields },
	{ "skb: cb[] writes read back", skb_cb },
	{ "skb: LD_ABS and LD_IND", ld_abs_and_ind },
	{ "map: a program holds its map", map_outlives_its_fd },
	{ "helpers: map update and delete", map_helpers },
	{ "helpers: ktime, prandom, cpu", simple_helpers },
	{ "helpers: skb_load_bytes", skb_load_bytes },
	{ "helpers: trace_printk", helper_trace_printk },
	{ "errors: ENOMEM at every allocation fails cleanly", enomem_everywhere },
	{ "errors: kmemleak finds nothing of ours", no_kmemleak_reports },
};

int main(void)
{
	unsigned int i;

	ksft_print_header();
	ksft_set_plan(ARRAY_LEN(table) + ARRAY_LEN(cases));
	if (read_unpriv_sysctl() != 2)
		ksft_exit_fail_msg("unprivileged_bpf_disabled is not 2\n");
	setup_fixtures();
	for (i = 0; i < ARRAY_LEN(table); i++)
		ksft_test_result(run_row(&table[i]), "%s\n", table[i].name);
	run_case_list(cases, ARRAY_LEN(cases));
	ksft_finished();
	return 0;
}
