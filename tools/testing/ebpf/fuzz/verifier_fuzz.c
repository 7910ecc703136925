// SPDX-License-Identifier: GPL-2.0
/*
 * A soundness fuzzer for the verifier, as a libFuzzer target.
 *
 * Each input becomes a program: mostly through a structured generator that
 * keeps a rough idea of what each register holds (scalar, context, stack,
 * map value...) so that a good share of its programs pass the verifier,
 * sometimes verbatim (the input's bytes are the instructions) so that the
 * decoder gets garbage too. The program is verified twice, privileged and
 * unprivileged, against a program type defined here (a 64-byte context,
 * LD_ABS over a 64-byte packet, map helpers on one array and one hash map
 * of our own). While it verifies, every abstract state the verifier walks
 * through is recorded per instruction (args.observe).
 *
 * An accepted program then runs in the interpreter, twice (on a context,
 * packet and maps filled from the input, then on their complement), with
 * a hook before every instruction (EBPF_INTERP_TRACE): the concrete
 * registers, and the registers spilled on the stack, must lie inside at
 * least one of the abstract states recorded for that instruction. The
 * hook and the helpers also check that an unprivileged program reads no
 * stack byte it did not write, that atomics are aligned, that LD_ABS gets
 * the context itself; the verifier's log must be consistent. A miss is a
 * finding: the program, the instruction, the register, its value and the
 * recorded states are printed and the process aborts, which libFuzzer
 * reports as a crash. ASan catches memory the verifier should not have
 * allowed, UBSan undefined behaviour, the step bound loops it should not
 * have accepted.
 *
 * Each run is then repeated natively from the JIT's code for the same
 * program (the second run with constant blinding), on the same context,
 * packet and maps: for an unprivileged program, whose results hold no
 * pointer, r0, the context and every map element must come out as the
 * interpreter left them. A privileged program may leak a stack address,
 * which differs between the runtimes: its native runs only have to
 * complete. libFuzzer's -timeout is the watchdog of native runs.
 *
 *	verifier_fuzz [libFuzzer options] [corpus dirs]	fuzz
 *	verifier_fuzz crash-file				rerun one input
 *	FUZZ_VERBOSE=1 verifier_fuzz crash-file	also print the program and
 *							the verifier's logs
 *	FUZZ_SELFTEST=1 verifier_fuzz ...	record slightly wrong states: the
 *						checks must find that at once
 */
#include "shim/core.h"

#include <sanitizer/asan_interface.h>
#include <stdio.h>
#include <stdlib.h>

struct bpf_insn;
static void fz_trace(const struct bpf_insn *insn, const u64 *regs);
#define EBPF_INTERP_TRACE(insn, regs) fz_trace(insn, regs)
/*
 * A helper may leave anything in r1-r5 (the JIT's calls do): poison them,
 * so that a verifier that forgets to clobber them lets a read of garbage
 * through, which the trace then sees outside every recorded state.
 */
#define EBPF_INTERP_AFTER_CALL(regs) fz_poison_args(regs)
static void fz_poison_args(u64 *regs);

#include "../../../../kernel/ebpf/insn.c"
#include "../../../../kernel/ebpf/tnum.c"
#include "../../../../kernel/ebpf/scalar.c"
#include "../../../../kernel/ebpf/progtypes.c"
#include "../../../../kernel/ebpf/log.c"
#include "../verifier_srcs.h"
#include "../../../../kernel/ebpf/interp.c"
#include "../../../../kernel/ebpf/helper_str.c"
#include "jit_run.h"

#define MAX_PROG	128	/* instructions of a generated program */
#define BODY_MAX	64	/* instructions the body asks for at most */
#define RAW_MAX		64	/* instructions of a verbatim program */
#define MAX_PER_INSN	256	/* abstract states recorded per instruction */
#define MAX_RECS	16384	/* ... and in all */
#define MAX_SPILLS	131072	/* spilled registers recorded in all */
#define MAX_STEPS	100000	/* a verified program is loop-free */
#define CTX_SIZE	64
#define CTX_WRITABLE	32	/* the context is writable from here on */
#define PKT_SIZE	64
#define DATA_SIZE	64	/* input bytes the context and maps start from */
#define ARRAY_FD	10
#define HASH_FD		11
#define RINGBUF_FD	13
#define MAP_SLOTS	8
#define KTIME_VALUE	1000000000123ULL

/* ---- the program type ------------------------------------------------ */

/*
 * The context's first CTX_HIDDEN bytes are the packet's place for the JIT
 * (struct fz_linear, a pointer among them), as an skb's fields behind
 * __sk_buff: no program access reaches them.
 */
#define CTX_HIDDEN	16

static bool fz_ctx_access_ok(s32 off, u32 size, bool write)
{
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return false;
	if (off < CTX_HIDDEN || off + size > CTX_SIZE || off % size)
		return false;
	return !write || off >= CTX_WRITABLE;
}

static const struct ebpf_helper_proto *fz_helper(u32 id,
						 const struct ebpf_perms *perms)
{
	switch (id) {
	case BPF_FUNC_map_lookup_elem:
	case BPF_FUNC_map_update_elem:
	case BPF_FUNC_map_delete_elem:
	case BPF_FUNC_ktime_get_ns:
	/* beyond the brief's four: memory + size arguments */
	case BPF_FUNC_trace_printk:
	case BPF_FUNC_get_prandom_u32:
	case BPF_FUNC_get_smp_processor_id:
	case BPF_FUNC_skb_load_bytes:
	case BPF_FUNC_strtoul:		/* a fixed-size, aligned output */
	case BPF_FUNC_ringbuf_reserve:	/* references */
	case BPF_FUNC_ringbuf_submit:
	case BPF_FUNC_ringbuf_discard:
		return ebpf_helper_by_id(id);
	case BPF_FUNC_probe_read:
		return perms->perfmon ? ebpf_helper_by_id(id) : NULL;
	default:
		return NULL;
	}
}

/*
 * A context rewrite, so that the rewrite pass moves jumps around
 * expansions: loads of the program's bytes [16, 24) read the real
 * object's [24, 32), through AX (three instructions), as a program type
 * whose context is a view of a kernel object. The values read are
 * unknown scalars to the verifier either way.
 */
#define FZ_REMAP_LO	16
#define FZ_REMAP_HI	24
#define FZ_REMAP_BY	8

static bool fz_remapped(const struct bpf_insn *in)
{
	return BPF_CLASS(in->code) == BPF_LDX && in->off >= FZ_REMAP_LO &&
	       in->off < FZ_REMAP_HI;
}

static u32 fz_ctx_rewrite(const struct bpf_insn *in, struct bpf_insn *buf)
{
	if (!fz_remapped(in))
		return 0;
	buf[0] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_X,
				    .dst_reg = EBPF_REG_AX, .src_reg = in->src_reg };
	buf[1] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_ADD | BPF_K,
				    .dst_reg = EBPF_REG_AX, .imm = FZ_REMAP_BY };
	buf[2] = *in;
	buf[2].src_reg = EBPF_REG_AX;
	return 3;
}

static const struct ebpf_prog_desc fz_desc = {
	.name = "fuzz",
	.ld_abs = true,
	.ctx_access_ok = fz_ctx_access_ok,
	.ctx_rewrite = fz_ctx_rewrite,
	.helper = fz_helper,
};

/* ---- statistics ------------------------------------------------------- */

static struct {
	unsigned long long inputs, raw, accepted[2], unpriv_only;
	unsigned long long runs, steps, checks, unchecked, rec_full, jit_runs;
	/* accepted programs: instructions, and how many use each feature */
	unsigned long long acc_insns[2], feat[2][7];
} st;

static const char *const feat_names[7] = {
	"call", "cond-jump", "ld_abs", "atomic", "stack-store",
	"masked (Spectre v1)",	/* counted by map_rewritten() */
	"ringbuf record",
};

static void fz_print_stats(void)
{
	unsigned long long n = st.inputs ? st.inputs : 1;
	u32 i;

	fprintf(stderr,
		"verifier_fuzz: stats: inputs %llu (raw %llu), accepted priv %llu (%.1f%%) unpriv %llu (%.1f%%), unpriv-only %llu, runs %llu, insns run %llu, checked %llu, unchecked (state cap) %llu, capped insns %llu, jit runs %llu\n",
		st.inputs, st.raw, st.accepted[1], 100.0 * st.accepted[1] / n,
		st.accepted[0], 100.0 * st.accepted[0] / n, st.unpriv_only,
		st.runs, st.steps, st.checks, st.unchecked, st.rec_full,
		st.jit_runs);
	for (i = 0; i < 2; i++) {
		u32 f;

		fprintf(stderr, "verifier_fuzz: accepted %s: %.1f insns on average",
			i ? "priv" : "unpriv",
			(double)st.acc_insns[i] / (st.accepted[i] ? st.accepted[i] : 1));
		for (f = 0; f < ARRAY_SIZE(feat_names); f++)
			fprintf(stderr, ", %s %.1f%%", feat_names[f],
				100.0 * st.feat[i][f] / (st.accepted[i] ? st.accepted[i] : 1));
		fprintf(stderr, "\n");
	}
}

/* What an accepted program uses, for the statistics. */
static void count_features(const struct bpf_insn *p, u32 cnt, bool priv)
{
	bool has[ARRAY_SIZE(feat_names)] = {};
	u32 i, f;
	u8 cls;

	for (i = 0; i < cnt; i++) {
		cls = BPF_CLASS(p[i].code);
		if (p[i].code == (BPF_JMP | BPF_CALL) &&
		    p[i].imm == BPF_FUNC_ringbuf_reserve)
			has[6] = true;
		if (p[i].code == (BPF_JMP | BPF_CALL))
			has[0] = true;
		else if ((cls == BPF_JMP || cls == BPF_JMP32) &&
			 BPF_OP(p[i].code) != BPF_JA && BPF_OP(p[i].code) != BPF_EXIT)
			has[1] = true;
		else if (cls == BPF_LD && BPF_MODE(p[i].code) != BPF_IMM)
			has[2] = true;
		else if (cls == BPF_STX && BPF_MODE(p[i].code) == BPF_ATOMIC)
			has[3] = true;
		else if ((cls == BPF_STX || cls == BPF_ST) && p[i].dst_reg == BPF_REG_10)
			has[4] = true;
	}
	st.acc_insns[priv] += cnt;
	for (f = 0; f < ARRAY_SIZE(feat_names); f++)
		st.feat[priv][f] += has[f];
}

/* ---- the maps and the data a run starts from ------------------------- */

struct fmap {
	struct ebpf_vmap vm;
	u8 *val[MAP_SLOTS];	/* one malloc per element: exact ASan bounds */
	u64 key[MAP_SLOTS];	/* hash map: the key of each used slot */
	bool used[MAP_SLOTS];
};

static struct fmap fmaps[2];	/* [0] array, [1] hash */
/* a ring buffer of 4096 bytes */
static struct fmap fz_ringbuf = {
	.vm = { .map_type = BPF_MAP_TYPE_RINGBUF, .max_entries = 4096,
		.ptr = &fz_ringbuf },
};

/* its records in this run: each a malloc of its size (ASan's bounds) */
#define MAX_RECORDS	32

static struct record {
	u8 *p;
	u32 size;
	bool released;
} records[MAX_RECORDS];
static u32 nrecords;
static u8 *ctx_buf, *pkt_buf;

static void fz_init(void)
{
	static const struct ebpf_vmap vm[2] = {
		{ .map_type = BPF_MAP_TYPE_ARRAY, .key_size = 4,
		  .value_size = 48, .max_entries = 4 },
		{ .map_type = BPF_MAP_TYPE_HASH, .key_size = 8,
		  .value_size = 8, .max_entries = MAP_SLOTS },
	};
	u32 m, i;

	for (m = 0; m < 2; m++) {
		fmaps[m].vm = vm[m];
		fmaps[m].vm.ptr = &fmaps[m];
		for (i = 0; i < fmaps[m].vm.max_entries; i++)
			fmaps[m].val[i] = malloc(vm[m].value_size);
	}
	ctx_buf = malloc(CTX_SIZE);
	pkt_buf = malloc(PKT_SIZE);
	atexit(fz_print_stats);
}

/*
 * Where the JIT's LD_ABS fast path finds the packet, at the start of the
 * (read-only) context as an skb has it: a pointer to the bytes, the
 * length, and how much of it is paged (read through load_packet() only);
 * from the input, mostly all linear.
 */
struct fz_linear {
	u64 data;
	u32 len;
	u32 data_len;
};

static_assert(sizeof(struct fz_linear) <= CTX_HIDDEN,
	      "the packet's place must stay hidden from programs");

static void fz_set_linear(const u8 *data, bool flip)
{
	struct fz_linear l = {
		.data = (uintptr_t)pkt_buf,
		.len = PKT_SIZE,
		.data_len = data[1] % 4 ? 0 : (data[2] ^ flip) % (PKT_SIZE + 1),
	};

	memcpy(ctx_buf, &l, sizeof(l));
}

/* Context, packet and map contents from @data, complemented if @flip. */
static void fz_reset(const u8 *data, bool flip)
{
	u8 x = flip ? 0xff : 0;
	u32 i, j;

	for (i = 0; i < CTX_SIZE; i++)
		ctx_buf[i] = data[i % DATA_SIZE] ^ x;
	fz_set_linear(data, flip);
	for (i = 0; i < PKT_SIZE; i++)
		pkt_buf[i] = data[DATA_SIZE - 1 - i % DATA_SIZE] ^ x;
	for (i = 0; i < 4; i++)
		for (j = 0; j < 48; j++)
			fmaps[0].val[i][j] = data[(i * 48 + j + 7) % DATA_SIZE] ^ x;
	/* the hash map holds keys 0, 1 and 2 */
	for (i = 0; i < MAP_SLOTS; i++) {
		fmaps[1].used[i] = i < 3;
		fmaps[1].key[i] = i;
		for (j = 0; j < 8; j++)
			fmaps[1].val[i][j] = data[(i * 8 + j + 13) % DATA_SIZE] ^ x;
	}
}

/* ---- what a verification recorded ------------------------------------ */

struct spill {
	u32 slot;
	struct ebpf_reg reg;
};

struct rec {
	struct ebpf_reg regs[MAX_BPF_REG];
	u64 hash;
	u32 nspill;
	struct spill *spill;
};

static struct rec *recs;
static struct spill *spills;
static u32 nrecs, nspills;
static struct rec *at[MAX_PROG][MAX_PER_INSN];
static u32 nat[MAX_PROG];
static bool full[MAX_PROG];	/* states were dropped here: no checks */

/* One verification and the runs of its result. */
struct fz_run {
	const struct bpf_insn *prog;	/* as generated */
	u32 cnt;
	bool priv;
	/* maps in map_by_fd() order, one per LD_IMM64: a register's map index */
	const struct ebpf_vmap *seen[MAX_PROG];
	u32 nseen;
	const struct bpf_insn *base;	/* the rewritten program, running */
	u32 rcnt;			/* its length */
	/* per rewritten insn: the original's index, -1 for a barrier */
	s32 *orig;
	u64 fp;				/* its frame pointer */
	u32 steps;
	bool tracing;
	u32 log_level, log_size;	/* fuzzing the log too */
};

static struct fz_run *cur;

static void rec_reset(void)
{
	nrecs = 0;
	nspills = 0;
	memset(nat, 0, sizeof(nat));
	memset(full, 0, sizeof(full));
}

/* The fields containment depends on, with padding and ids zeroed. */
static void norm_reg(struct ebpf_reg *dst, const struct ebpf_reg *src)
{
	memset(dst, 0, sizeof(*dst));
	if (src->type == EBPF_NOT_INIT)
		return;
	dst->type = src->type;
	dst->map = src->map;
	dst->off = src->off;
	dst->var = src->var;
}

/* FNV-1a over 64-bit words; @n is a multiple of 8 */
static u64 hash_words(u64 h, const void *p, size_t n)
{
	const u8 *b = p;
	u64 w;

	for (; n >= 8; n -= 8, b += 8) {
		memcpy(&w, b, 8);
		h = (h ^ w) * 0x100000001b3ULL;
	}
	return h;
}

static __printf(1, 2) void finding(const char *fmt, ...);

/*
 * Does the slot hold a spilled register? The verifier fills a register
 * whole when the first byte says so, so each byte's claim counts: a spill
 * is all eight bytes or none, and a claimed spill holds a register.
 */
static bool slot_spilled(const struct ebpf_stack_slot *s, u32 slot)
{
	u32 j, n = 0;

	for (j = 0; j < 8; j++)
		n += s->bytes[j] == EBPF_STACK_SPILL;
	if (n && n != 8)
		finding("fp-%u: %u of 8 bytes claim a spilled register", 8 * (slot + 1), n);
	if (n && s->spill.type == EBPF_NOT_INIT)
		finding("fp-%u: a spill of an uninitialised register", 8 * (slot + 1));
	return n;
}

static bool rec_equal(const struct rec *a, const struct rec *b)
{
	return a->hash == b->hash && a->nspill == b->nspill &&
	       !memcmp(a->regs, b->regs, sizeof(a->regs)) &&
	       !memcmp(a->spill, b->spill, a->nspill * sizeof(*a->spill));
}

static bool env_flag(const char *name)
{
	const char *v = getenv(name);

	return v && *v && *v != '0';
}

/* FUZZ_SELFTEST=1: record wrong states, to see that the checks catch it. */
static bool selftest(void)
{
	static int on = -1;

	if (on < 0)
		on = env_flag("FUZZ_SELFTEST");
	return on;
}

/* Drop the largest value of every scalar range (a bug to be found). */
static void weaken(struct rec *r)
{
	u32 i;

	for (i = 0; i < MAX_BPF_REG; i++)
		if (r->regs[i].type == EBPF_SCALAR &&
		    r->regs[i].var.umin < r->regs[i].var.umax)
			r->regs[i].var.umax--;
}

static void fz_observe(void *priv, u32 idx, const struct ebpf_vstate *vs)
{
	struct rec *r;
	u32 i, n = 0;

	if (idx >= MAX_PROG || full[idx])
		return;
	if (nrecs == MAX_RECS || nat[idx] == MAX_PER_INSN ||
	    nspills + vs->nslots > MAX_SPILLS) {
		full[idx] = true;
		st.rec_full++;
		return;
	}
	r = &recs[nrecs];
	for (i = 0; i < MAX_BPF_REG; i++)
		norm_reg(&r->regs[i], &vs->regs[i]);
	r->spill = &spills[nspills];
	for (i = 0; i < vs->nslots; i++) {
		if (!slot_spilled(&vs->slots[i], i))
			continue;
		memset(&r->spill[n], 0, sizeof(r->spill[n]));
		r->spill[n].slot = i;
		norm_reg(&r->spill[n].reg, &vs->slots[i].spill);
		n++;
	}
	r->nspill = n;
	if (selftest())
		weaken(r);
	r->hash = hash_words(0xcbf29ce484222325ULL, r->regs, sizeof(r->regs));
	r->hash = hash_words(r->hash, r->spill, n * sizeof(*r->spill));
	for (i = 0; i < nat[idx]; i++)
		if (rec_equal(at[idx][i], r))
			return;
	at[idx][nat[idx]++] = r;
	nrecs++;
	nspills += n;
}

static int fz_map_by_fd(void *priv, s32 fd, struct ebpf_vmap *map)
{
	struct fz_run *run = priv;
	const struct fmap *m;

	if (fd == ARRAY_FD)
		m = &fmaps[0];
	else if (fd == HASH_FD)
		m = &fmaps[1];
	else if (fd == RINGBUF_FD)
		m = &fz_ringbuf;
	else
		return -EBADF;
	*map = m->vm;
	if (run->nseen < MAX_PROG)
		run->seen[run->nseen++] = &m->vm;
	return 0;
}

/* ---- reports ---------------------------------------------------------- */

static void print_prog(const struct bpf_insn *p, u32 cnt)
{
	u32 i;

	fprintf(stderr, "program (%u insns), as ebpf_asm.h initializers:\n", cnt);
	for (i = 0; i < cnt; i++)
		fprintf(stderr, "\tI_RAW(0x%02x, %u, %u, %d, %d),\t/* %u: %s */\n",
			p[i].code, p[i].dst_reg, p[i].src_reg, p[i].off,
			p[i].imm, i, ebpf_insn_name(p[i].code));
}

static void print_reg(const struct ebpf_reg *r)
{
	static const char *const names[] = {
		"?", "scalar", "ctx", "fp", "map_ptr", "map_value",
		"map_value_or_null", "ringbuf_mem", "ringbuf_mem_or_null",
	};
	const struct ebpf_scalar *s = &r->var;

	fprintf(stderr, "%s", r->type < ARRAY_SIZE(names) ? names[r->type] : "bad");
	if (r->type != EBPF_SCALAR)
		fprintf(stderr, "(map %u, off %d)", r->map, r->off);
	fprintf(stderr, " {t=%#llx/%#llx u=[%#llx,%#llx] s=[%lld,%lld] u32=[%#x,%#x] s32=[%d,%d]}",
		s->t.value, s->t.mask, s->umin, s->umax, s->smin, s->smax,
		s->u32_min, s->u32_max, s->s32_min, s->s32_max);
}

static void print_rec(const struct rec *r)
{
	u32 i;

	for (i = 0; i < MAX_BPF_REG; i++) {
		if (r->regs[i].type == EBPF_NOT_INIT)
			continue;
		fprintf(stderr, "\t\tR%u=", i);
		print_reg(&r->regs[i]);
		fprintf(stderr, "\n");
	}
	for (i = 0; i < r->nspill; i++) {
		fprintf(stderr, "\t\tfp-%u=", 8 * (r->spill[i].slot + 1));
		print_reg(&r->spill[i].reg);
		fprintf(stderr, "\n");
	}
}

/* Verify again with a log, for the report. */
static void print_vlog(const struct fz_run *run)
{
	static char log[1 << 20];
	struct fz_run again = { .priv = run->priv };
	struct ebpf_verify_args args = {
		.insns = run->prog,
		.insn_cnt = run->cnt,
		.desc = &fz_desc,
		.perms = ebpf_perms_all(run->priv),
		.gpl = true,
		.log_level = 2,
		.log_buf = log,
		.log_size = sizeof(log),
		.map_by_fd = fz_map_by_fd,
		.priv = &again,
	};
	int err = ebpf_verify(&args);

	fprintf(stderr, "verifier log (%s, err %d):\n%s\n",
		run->priv ? "privileged" : "unprivileged", err, log);
	if (!err)
		free((void *)args.insns);
}

static bool verbose(void)
{
	static int v = -1;

	if (v < 0)
		v = env_flag("FUZZ_VERBOSE");
	return v;
}

/* Report and abort(), which libFuzzer records as a crash. */
static __printf(1, 2) void finding(const char *fmt, ...)
{
	struct fz_run *run = cur;
	va_list ap;

	fprintf(stderr, "\nverifier_fuzz: FINDING: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (run) {
		fprintf(stderr, "loader: %s\n", run->priv ? "privileged" : "unprivileged");
		print_prog(run->prog, run->cnt);
		if (verbose())
			print_vlog(run);
	}
	abort();
}

/* ---- checking concrete registers against abstract ones ---------------- */

static bool in_map_value(const struct ebpf_reg *r, u64 v)
{
	const struct fmap *m;
	u32 i;

	if (r->map >= cur->nseen)
		return false;
	m = cur->seen[r->map]->ptr;
	for (i = 0; i < m->vm.max_entries; i++)
		if (ebpf_scalar_contains(&r->var, v - (uintptr_t)m->val[i] - (s64)r->off))
			return true;
	return false;
}

/*
 * Ring buffer memory: inside a record still held, whose size is the one
 * the verifier believes.
 */
static bool in_record(const struct ebpf_reg *r, u64 v)
{
	u32 i;

	for (i = 0; i < nrecords; i++)
		if (!records[i].released && records[i].size == r->mem_size &&
		    ebpf_scalar_contains(&r->var, v - (uintptr_t)records[i].p -
					 (s64)r->off))
			return true;
	return false;
}

/* Is the concrete @v one of the values the abstract @r allows? */
static bool reg_holds(const struct ebpf_reg *r, u64 v)
{
	switch (r->type) {
	case EBPF_NOT_INIT:
		return true;	/* dead here: forgotten at a prune point */
	case EBPF_SCALAR:
		return ebpf_scalar_contains(&r->var, v);
	case EBPF_PTR_CTX:
		return ebpf_scalar_contains(&r->var, v - (uintptr_t)ctx_buf - (s64)r->off);
	case EBPF_PTR_STACK:
		return ebpf_scalar_contains(&r->var, v - cur->fp - (s64)r->off);
	case EBPF_PTR_MAP:
		return r->map < cur->nseen && v == (uintptr_t)cur->seen[r->map]->ptr;
	case EBPF_PTR_MAP_VALUE:
		return in_map_value(r, v);
	case EBPF_PTR_MAP_VALUE_OR_NULL:
		return !v || in_map_value(r, v);
	case EBPF_PTR_RINGBUF_MEM:
		return in_record(r, v);
	case EBPF_PTR_RINGBUF_MEM_OR_NULL:
		return !v || in_record(r, v);
	default:
		return false;
	}
}

static u64 stack_u64(u32 slot)
{
	u64 v;

	memcpy(&v, (void *)(uintptr_t)(cur->fp - 8 * (slot + 1)), sizeof(v));
	return v;
}

/* The first register (or -1 - slot for a spill) @r does not hold, or 0x7fff. */
static int rec_miss(const struct rec *r, const u64 *regs, u64 *val)
{
	u32 i;

	for (i = 0; i < MAX_BPF_REG; i++) {
		if (!reg_holds(&r->regs[i], regs[i])) {
			*val = regs[i];
			return i;
		}
	}
	for (i = 0; i < r->nspill; i++) {
		u64 v = stack_u64(r->spill[i].slot);

		if (!reg_holds(&r->spill[i].reg, v)) {
			*val = v;
			return -1 - (int)r->spill[i].slot;
		}
	}
	return 0x7fff;
}

static void report_miss(u32 idx, const u64 *regs)
{
	u32 i;

	fprintf(stderr, "\nverifier_fuzz: concrete state at insn %u (%s):\n", idx,
		ebpf_insn_name(cur->prog[idx].code));
	for (i = 0; i < MAX_BPF_REG; i++)
		fprintf(stderr, "\tR%u=%#llx\n", i, regs[i]);
	fprintf(stderr, "states the verifier recorded at insn %u:\n", idx);
	for (i = 0; i < nat[idx]; i++) {
		u64 v = 0;
		int miss = rec_miss(at[idx][i], regs, &v);

		if (miss >= 0)
			fprintf(stderr, "\t[%u] misses R%d=%#llx (%lld):\n", i, miss, v, (s64)v);
		else
			fprintf(stderr, "\t[%u] misses fp-%d=%#llx (%lld):\n", i, 8 * -miss, v,
				(s64)v);
		print_rec(at[idx][i]);
	}
	finding("insn %u: the concrete registers are in none of the %u abstract states",
		idx, nat[idx]);
}

/*
 * Which stack bytes the run has written: an unprivileged program must
 * never read one it did not write (it would see old kernel stack).
 */
static bool stack_init[EBPF_STACK_SIZE];

/* The part of [@addr, @addr + @n) inside the stack, from its bottom. */
static bool stack_part(u64 addr, u64 n, u64 *lo, u64 *hi)
{
	u64 bottom = cur->fp - EBPF_STACK_SIZE;

	if (n > EBPF_STACK_SIZE || addr >= cur->fp || addr + n <= bottom)
		return false;
	*lo = addr < bottom ? 0 : addr - bottom;
	*hi = min(addr + n, cur->fp) - bottom;
	return true;
}

static void stack_wrote(u64 addr, u64 n)
{
	u64 lo, hi;

	if (stack_part(addr, n, &lo, &hi))
		memset(stack_init + lo, true, hi - lo);
}

static void stack_reads(u64 addr, u64 n, const char *what)
{
	u64 lo, hi, i;

	if (cur->priv || !stack_part(addr, n, &lo, &hi))
		return;
	for (i = lo; i < hi; i++)
		if (!stack_init[i])
			finding("unprivileged %s reads stack byte fp-%llu, never written",
				what, EBPF_STACK_SIZE - i);
}

/* The stack bytes instruction @in is about to read and write. */
static void trace_stack(const struct bpf_insn *in, const u64 *regs)
{
	u32 size = ebpf_size_bytes(in->code);

	switch (BPF_CLASS(in->code)) {
	case BPF_LDX:
		stack_reads(regs[in->src_reg] + in->off, size, "load");
		break;
	case BPF_ST:
		stack_wrote(regs[in->dst_reg] + in->off, size);
		break;
	case BPF_STX:
		if (BPF_MODE(in->code) == BPF_ATOMIC)
			stack_reads(regs[in->dst_reg] + in->off, size, "atomic");
		stack_wrote(regs[in->dst_reg] + in->off, size);
		break;
	}
}

static void fz_poison_args(u64 *regs)
{
	u32 i;

	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		regs[i] = 0xdeadbeef00000000ULL | (i << 8) | 0xa5;
}

static void fz_trace(const struct bpf_insn *insn, const u64 *regs)
{
	const struct bpf_insn *in;
	u32 idx, i;
	u64 v;

	if (!cur || !cur->tracing)
		return;
	if (insn < cur->base || insn >= cur->base + cur->rcnt)
		finding("the interpreter left the program: insn %td", insn - cur->base);
	in = insn;
	/* a Spectre v4 barrier: nothing to check, the store before it was */
	if (cur->orig[insn - cur->base] < 0)
		return;
	idx = cur->orig[insn - cur->base];
	if (!cur->steps) {
		cur->fp = regs[BPF_REG_10];
		memset(stack_init, 0, sizeof(stack_init));
	}
	if (++cur->steps > MAX_STEPS)
		finding("more than %u instructions run: the program does not terminate",
			MAX_STEPS);
	st.steps++;
	if (in->code == (BPF_STX | BPF_ATOMIC | BPF_W) ||
	    in->code == (BPF_STX | BPF_ATOMIC | BPF_DW)) {
		v = regs[in->dst_reg] + in->off;
		if (v % ebpf_size_bytes(in->code))
			finding("insn %u: misaligned atomic access at %#llx", idx, v);
	}
	trace_stack(in, regs);
	if (idx >= MAX_PROG || full[idx]) {
		st.unchecked++;
		return;
	}
	if (!nat[idx])
		finding("insn %u runs, but the verifier never reached it", idx);
	st.checks++;
	for (i = 0; i < nat[idx]; i++)
		if (rec_miss(at[idx][i], regs, &v) == 0x7fff)
			return;
	report_miss(idx, regs);
}

/* ---- helpers ---------------------------------------------------------- */

static struct fmap *helper_map(u64 r1)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(fmaps); i++)
		if (r1 == (uintptr_t)&fmaps[i])
			return &fmaps[i];
	finding("a map helper got %#llx in r1, not a map", r1);
	return NULL;
}

/* The element @key names, or -1. */
static int map_find(const struct fmap *m, u64 key_ptr)
{
	u64 key = 0;
	u32 i;

	stack_reads(key_ptr, m->vm.key_size, "map key");
	memcpy(&key, (void *)(uintptr_t)key_ptr, m->vm.key_size);
	if (m->vm.map_type == BPF_MAP_TYPE_ARRAY)
		return key < m->vm.max_entries ? (int)key : -1;
	for (i = 0; i < MAP_SLOTS; i++)
		if (m->used[i] && m->key[i] == key)
			return i;
	return -1;
}

static u64 h_lookup(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	struct fmap *m = helper_map(r1);
	int i = map_find(m, r2);

	return i < 0 ? 0 : (uintptr_t)m->val[i];
}

static u64 h_update(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	struct fmap *m = helper_map(r1);
	int i = map_find(m, r2);

	if (r4 > BPF_EXIST)
		return -EINVAL;
	if (i >= 0 && r4 == BPF_NOEXIST)
		return -EEXIST;
	if (i < 0 && m->vm.map_type == BPF_MAP_TYPE_ARRAY)
		return -E2BIG;
	if (i < 0 && r4 == BPF_EXIST)
		return -ENOENT;
	if (i < 0) {
		for (i = 0; i < MAP_SLOTS && m->used[i]; i++)
			;
		if (i == MAP_SLOTS)
			return -E2BIG;
		m->used[i] = true;
		m->key[i] = 0;
		memcpy(&m->key[i], (void *)(uintptr_t)r2, m->vm.key_size);
	}
	/* a deleted element's storage stays valid, as with preallocation */
	stack_reads(r3, m->vm.value_size, "map value");
	memcpy(m->val[i], (void *)(uintptr_t)r3, m->vm.value_size);
	return 0;
}

static u64 h_delete(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	struct fmap *m = helper_map(r1);
	int i = map_find(m, r2);

	if (m->vm.map_type == BPF_MAP_TYPE_ARRAY)
		return -EINVAL;
	if (i < 0)
		return -ENOENT;
	m->used[i] = false;
	return 0;
}

static u64 h_ktime(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return KTIME_VALUE;
}

/* Helpers taking memory touch all of it, so that ASan checks its bounds. */
static u64 h_trace_printk(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	u8 *copy = malloc(r2);
	u64 sum = 0, i;

	stack_reads(r1, r2, "trace_printk()");
	memcpy(copy, (void *)(uintptr_t)r1, r2);
	for (i = 0; i < r2; i++)
		sum += copy[i];
	free(copy);
	return sum;
}

static u64 h_prandom(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return 0x9e3779b9;
}

static u64 h_cpu(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return 0;
}

/* probe_read(dst, size, unsafe): we read nothing; dst is zeroed */
static u64 h_probe_read(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	memset((void *)(uintptr_t)r1, 0, r2);
	stack_wrote(r1, r2);
	return -EFAULT;
}

static u64 h_skb_load_bytes(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	if (r1 != (uintptr_t)ctx_buf)
		finding("skb_load_bytes() got %#llx in r1, not the context", r1);
	stack_wrote(r3, r4);
	if (!r4 || r2 > PKT_SIZE || r4 > PKT_SIZE - r2) {
		memset((void *)(uintptr_t)r3, 0, r4);
		return -EFAULT;
	}
	memcpy((void *)(uintptr_t)r3, pkt_buf + r2, r4);
	return 0;
}

/*
 * Ring buffer records (records[] above): a submitted or discarded one is
 * poisoned, so that any later use is a use after free; one still held
 * when the run ends, or a release of anything not held, the verifier
 * should have refused.
 */

static u64 h_ringbuf_reserve(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	struct record *rec = &records[nrecords];

	if (r1 != (uintptr_t)&fz_ringbuf)
		finding("ringbuf_reserve() got %#llx in r1, not the ring buffer", r1);
	if (r3 || r2 > fz_ringbuf.vm.max_entries || nrecords == MAX_RECORDS)
		return 0;
	rec->p = malloc(r2 ? r2 : 1);
	rec->size = r2;
	rec->released = false;
	/* nothing of a record of zero bytes may be touched */
	if (!r2)
		ASAN_POISON_MEMORY_REGION(rec->p, 1);
	nrecords++;
	return (uintptr_t)rec->p;
}

static u64 h_ringbuf_release(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	u32 i;

	for (i = 0; i < nrecords; i++) {
		if ((uintptr_t)records[i].p != r1 || records[i].released)
			continue;
		records[i].released = true;
		ASAN_POISON_MEMORY_REGION(records[i].p, records[i].size ?: 1);
		return 0;
	}
	finding("a record released that is not held: %#llx", r1);
	return 0;
}

/* Is @v inside a record of this run (released ones too)? */
__attribute__((disable_sanitizer_instrumentation))
static bool is_record(u64 v)
{
	u32 i;

	for (i = 0; i < nrecords; i++)
		if (v >= (uintptr_t)records[i].p &&
		    v <= (uintptr_t)records[i].p + records[i].size)
			return true;
	return false;
}

/* A run is over: every record it reserved must have been released. */
static void records_done(void)
{
	u32 i, held = 0;

	for (i = 0; i < nrecords; i++) {
		held += !records[i].released;
		ASAN_UNPOISON_MEMORY_REGION(records[i].p, records[i].size ?: 1);
		free(records[i].p);
	}
	nrecords = 0;
	if (held)
		finding("%u ring buffer records reserved and never released", held);
}

/* strtoul(buf, len, flags, res): parses, and always writes 8 bytes at res */
static u64 h_strtoul(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	stack_reads(r1, r2, "strtoul()");
	stack_wrote(r4, 8);
	return (s64)ebpf_strtoul((const char *)(uintptr_t)r1, r2, r3,
				 (u64 *)(uintptr_t)r4);
}

static const ebpf_helper_fn fz_helpers[EBPF_HELPER_MAX] = {
	[BPF_FUNC_map_lookup_elem] = h_lookup,
	[BPF_FUNC_map_update_elem] = h_update,
	[BPF_FUNC_map_delete_elem] = h_delete,
	[BPF_FUNC_probe_read] = h_probe_read,
	[BPF_FUNC_ktime_get_ns] = h_ktime,
	[BPF_FUNC_trace_printk] = h_trace_printk,
	[BPF_FUNC_get_prandom_u32] = h_prandom,
	[BPF_FUNC_get_smp_processor_id] = h_cpu,
	[BPF_FUNC_skb_load_bytes] = h_skb_load_bytes,
	[BPF_FUNC_strtoul] = h_strtoul,
	[BPF_FUNC_ringbuf_reserve] = h_ringbuf_reserve,
	[BPF_FUNC_ringbuf_submit] = h_ringbuf_release,
	[BPF_FUNC_ringbuf_discard] = h_ringbuf_release,
};

static bool fz_load_packet(const void *ctx, u64 offset, u32 size, u64 *val)
{
	u32 i;

	if (ctx != ctx_buf)
		finding("LD_ABS/LD_IND with r6 = %p, not the context %p",
			ctx, (void *)ctx_buf);
	if (offset > PKT_SIZE || size > PKT_SIZE - offset)
		return false;
	*val = 0;
	for (i = 0; i < size; i++)
		*val = *val << 8 | pkt_buf[offset + i];
	return true;
}

static const struct ebpf_interp_env fz_env = {
	.helpers = fz_helpers,
	.load_packet = fz_load_packet,
	.linear = {
		.data = offsetof(struct fz_linear, data),
		.len = offsetof(struct fz_linear, len),
		.data_len = offsetof(struct fz_linear, data_len),
	},
};

/* ---- the generator ---------------------------------------------------- */

enum { K_NONE, K_SCALAR, K_CTX, K_STACK, K_MAPVAL, K_MAPPTR, K_ORNULL };

#define KM(k)		(1U << (k))
#define KM_PTR		(KM(K_CTX) | KM(K_STACK) | KM(K_MAPVAL))
#define KM_INIT		(~KM(K_NONE) & 0xffU)

enum { J_NONE, J_OFF, J_IMM };

struct gen {
	const u8 *in;
	size_t n, pos;
	struct bpf_insn *prog;
	u32 cnt, lim;
	s32 jdelta[MAX_PROG];
	u8 jtype[MAX_PROG];
	bool hi[MAX_PROG];	/* second slot of an LD_IMM64 */
	u8 kind[MAX_BPF_REG];
	u8 kmap[MAX_BPF_REG];	/* K_MAPVAL, K_MAPPTR, K_ORNULL: which map */
	u64 stk;		/* bit b: byte fp-1-b was written */
	u8 spk[8], spmap[8];	/* kind spilled in slot i (fp-8(i+1)) */
};

/* Every opcode the subsystem accepts, from the one list. */
static const struct {
	const char *name;
	u8 code;
	u8 rule;
} opcodes[] = {
#define EBPF_OPCODE(name, code, rule) { #name, code, rule },
#include "../../../../kernel/ebpf/opcodes.h"
#undef EBPF_OPCODE
};

static const u8 gen_alu_ops[] = {
	BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND, BPF_LSH,
	BPF_RSH, BPF_MOD, BPF_XOR, BPF_ARSH,
};

static const u8 jmp_ops[] = {
	BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE, BPF_JSGT, BPF_JSGE,
	BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE,
};

static const s32 atomic_ops[] = {
	BPF_ADD, BPF_ADD | BPF_FETCH, BPF_OR, BPF_OR | BPF_FETCH, BPF_AND,
	BPF_AND | BPF_FETCH, BPF_XOR, BPF_XOR | BPF_FETCH, BPF_XCHG,
	BPF_CMPXCHG,
};

static const s32 special_imms[] = {
	0, 1, -1, S32_MIN, S32_MAX, 31, 32, 63, 64, 2, 7, 8, 16, 47, 48,
	0xff, 0x7fff, 0x8000, 0xffff, -0x8000, 0x10000, 0x7fffffff - 1,
	S32_MIN + 1, -2, 3, 4,
};

static const u8 sizes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };

static u32 g8(struct gen *g)
{
	return g->pos < g->n ? g->in[g->pos++] : 0;
}

static u32 g32(struct gen *g)
{
	return g8(g) | g8(g) << 8 | g8(g) << 16 | g8(g) << 24;
}

static s32 gen_imm(struct gen *g)
{
	u32 k = g8(g);

	switch (k % 8) {
	case 0: case 1: case 2: case 3:
		return (s32)(s8)g8(g) >> 3;	/* -16 .. 15 */
	case 4: case 5:
		return special_imms[g8(g) % ARRAY_SIZE(special_imms)];
	case 6:
		return g8(g);
	default:
		return g32(g);
	}
}

/* Room for @k more instructions? */
static bool room(struct gen *g, u32 k)
{
	return g->cnt + k <= g->lim;
}

static void emit(struct gen *g, u8 code, u8 dst, u8 src, s16 off, s32 imm)
{
	if (g->cnt >= MAX_PROG)
		return;
	g->prog[g->cnt++] = (struct bpf_insn){ .code = code, .dst_reg = dst,
		.src_reg = src, .off = off, .imm = imm };
}

static void emit_ld64(struct gen *g, u8 dst, u8 src, u64 v)
{
	emit(g, BPF_LD | BPF_IMM | BPF_DW, dst, src, 0, (u32)v);
	g->hi[g->cnt] = true;
	emit(g, 0, 0, 0, 0, v >> 32);
}

/* A jump whose offset is fixed once the program is complete. */
static void gen_jump(struct gen *g, u8 code, u8 dst, u8 src, s32 imm,
		     s32 delta, u8 jtype)
{
	g->jdelta[g->cnt] = delta;
	g->jtype[g->cnt] = jtype;
	emit(g, code, dst, src, 0, imm);
}

static s32 jump_delta(struct gen *g)
{
	u32 b = g8(g);

	if (b % 32 == 31)
		return -1 - (s32)(g8(g) % 8);	/* a loop: rejected */
	if (b & 0x80)
		return g8(g) % 24;
	return b % 8;
}

/* A register holding one of the kinds in @mask (r10 too), or -1. */
static int pick(struct gen *g, u32 mask)
{
	u32 cand[MAX_BPF_REG], n = 0, r;

	for (r = 0; r < MAX_BPF_REG; r++)
		if (mask & KM(g->kind[r]))
			cand[n++] = r;
	return n ? (int)cand[g8(g) % n] : -1;
}

/* A register to write; prefers not to lose the last context pointer. */
static u8 pick_dst(struct gen *g)
{
	u32 r = g8(g), i, n = 0;

	if (r == 255)
		return BPF_REG_10;	/* rejected: read-only */
	r %= 10;
	for (i = 0; i < 10; i++)
		n += g->kind[i] == K_CTX;
	if (g->kind[r] == K_CTX && n == 1)
		r = r == BPF_REG_6 ? BPF_REG_7 : BPF_REG_8;
	return r;
}

static void set_kind(struct gen *g, u8 r, u8 kind, u8 map)
{
	if (r >= BPF_REG_10)
		return;
	g->kind[r] = kind;
	g->kmap[r] = map;
}

static void clobber_call(struct gen *g)
{
	u32 r;

	for (r = BPF_REG_1; r <= BPF_REG_5; r++)
		set_kind(g, r, K_NONE, 0);
	set_kind(g, BPF_REG_0, K_SCALAR, 0);
}

static void mark_stack(struct gen *g, s32 off, u32 size)
{
	u32 i;

	for (i = 0; i < size; i++)
		if (off + (s32)i < 0 && off + (s32)i >= -64)
			g->stk |= BIT_ULL(-(off + (s32)i) - 1);
}

/* A scalar register, made one with a constant if there is none. */
static int scalar_reg(struct gen *g)
{
	int r = pick(g, KM(K_SCALAR));
	u8 d;

	if (r >= 0 || !room(g, 1))
		return r;
	d = pick_dst(g);
	if (d == BPF_REG_10)
		return -1;
	emit(g, BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, gen_imm(g));
	set_kind(g, d, K_SCALAR, 0);
	return d;
}

static void op_alu(struct gen *g, bool with_reg)
{
	u8 op = gen_alu_ops[g8(g) % ARRAY_SIZE(gen_alu_ops)];
	u32 b = g8(g);
	u8 cls = b & 3 ? BPF_ALU64 : BPF_ALU;
	s16 off = (op == BPF_DIV || op == BPF_MOD) && (b & 4) ? 1 : 0;
	int d = b % 61 ? scalar_reg(g) : pick(g, KM_INIT);
	int s;
	s32 imm;

	if (d < 0)
		return;
	if (with_reg) {
		s = b % 53 ? scalar_reg(g) : pick(g, KM_INIT);
		if (s < 0)
			return;
		emit(g, cls | op | BPF_X, d, s, off, 0);
	} else {
		imm = gen_imm(g);
		if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) && (b & 0x70))
			imm &= cls == BPF_ALU64 ? 63 : 31;
		if ((op == BPF_DIV || op == BPF_MOD) && !imm && (b & 0x70))
			imm = 3;
		emit(g, cls | op | BPF_K, d, 0, off, imm);
	}
	if (g->kind[d] != K_SCALAR && op != BPF_ADD && op != BPF_SUB)
		set_kind(g, d, K_SCALAR, 0);
}

static void op_mov(struct gen *g)
{
	u32 b = g8(g);
	u8 d = pick_dst(g);
	int s;

	switch (b % 8) {
	case 0:
	case 1:
		emit(g, BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, gen_imm(g));
		break;
	case 2:
		emit(g, BPF_ALU | BPF_MOV | BPF_K, d, 0, 0, gen_imm(g));
		break;
	case 3:
	case 4:
		s = pick(g, KM_INIT);
		if (s < 0)
			return;
		emit(g, BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0);
		set_kind(g, d, g->kind[s], g->kmap[s]);
		return;
	case 5:
		s = scalar_reg(g);
		if (s < 0)
			return;
		emit(g, BPF_ALU | BPF_MOV | BPF_X, d, s, 0, 0);
		break;
	case 6:
		s = scalar_reg(g);
		if (s < 0)
			return;
		emit(g, BPF_ALU64 | BPF_MOV | BPF_X, d, s, 8 << (g8(g) % 3), 0);
		break;
	default:
		s = scalar_reg(g);
		if (s < 0)
			return;
		emit(g, BPF_ALU | BPF_MOV | BPF_X, d, s, 8 << (g8(g) % 2), 0);
		break;
	}
	set_kind(g, d, K_SCALAR, 0);
}

static void op_unary(struct gen *g)
{
	static const u8 codes[] = {
		BPF_ALU64 | BPF_NEG, BPF_ALU | BPF_NEG,
		BPF_ALU | BPF_END | BPF_TO_LE, BPF_ALU | BPF_END | BPF_TO_BE,
		BPF_ALU64 | BPF_END | BPF_TO_LE,
	};
	u8 code = codes[g8(g) % ARRAY_SIZE(codes)];
	int d = scalar_reg(g);

	if (d < 0)
		return;
	emit(g, code, d, 0, 0, BPF_OP(code) == BPF_END ? 16 << (g8(g) % 3) : 0);
}

static void op_ld64(struct gen *g)
{
	u8 d = pick_dst(g);
	u64 v = (u64)g32(g) << 32 | g32(g);

	if (g8(g) & 1)
		v = (u64)(s64)gen_imm(g) << (g8(g) % 64);
	emit_ld64(g, d, 0, v);
	set_kind(g, d, K_SCALAR, 0);
}

/* An aligned offset for @size bytes inside [lo, hi), rarely anything. */
static s16 mem_off(struct gen *g, s32 lo, s32 hi, u32 size)
{
	u32 b = g8(g), n = (hi - lo) / size;

	if (b % 32 == 31)
		return (s16)gen_imm(g);
	if (b % 32 == 30)
		return lo + (s32)(g8(g) % (hi - lo));
	return lo + (s32)((n ? g8(g) % n : 0) * size);
}

static void op_ctx_load(struct gen *g)
{
	u32 b = g8(g);
	u8 size = sizes[b % 4];
	int c = pick(g, KM(K_CTX));
	u8 d = pick_dst(g);

	if (c < 0)
		return;
	/* now and then into the hidden part, which must be refused */
	emit(g, BPF_LDX | (b % 61 ? BPF_MEM : BPF_MEMSX) | size, d, c,
	     mem_off(g, b % 16 ? CTX_HIDDEN : 0, CTX_SIZE,
		     ebpf_size_bytes(size)), 0);
	set_kind(g, d, K_SCALAR, 0);
}

static void op_ctx_store(struct gen *g)
{
	u32 b = g8(g);
	u8 size = sizes[b % 4];
	int c = pick(g, KM(K_CTX)), s;
	/* now and then into the read-only part, which must be refused */
	s16 off = mem_off(g, b % 16 ? CTX_WRITABLE : 0, CTX_SIZE,
			  ebpf_size_bytes(size));

	if (c < 0)
		return;
	if (b & 4) {
		emit(g, BPF_ST | BPF_MEM | size, c, 0, off, gen_imm(g));
		return;
	}
	s = b % 29 ? scalar_reg(g) : pick(g, KM_INIT);
	if (s >= 0)
		emit(g, BPF_STX | BPF_MEM | size, c, s, off, 0);
}

static void op_stack_store(struct gen *g)
{
	u32 b = g8(g);
	u8 size = b & 8 ? BPF_DW : sizes[b % 4];
	u32 n = ebpf_size_bytes(size);
	s16 off = mem_off(g, -64, 0, n);
	int s;

	if (b & 0x10) {
		emit(g, BPF_ST | BPF_MEM | size, BPF_REG_10, 0, off, gen_imm(g));
		s = -1;
	} else {
		s = pick(g, size == BPF_DW ? KM_INIT : KM(K_SCALAR));
		if (s < 0)
			return;
		emit(g, BPF_STX | BPF_MEM | size, BPF_REG_10, s, off, 0);
	}
	mark_stack(g, off, n);
	if (off < 0 && off >= -64 && !(off % 8)) {
		g->spk[-off / 8 - 1] = size == BPF_DW && s >= 0 ? g->kind[s] : K_SCALAR;
		g->spmap[-off / 8 - 1] = s >= 0 ? g->kmap[s] : 0;
	}
}

static void op_stack_load(struct gen *g)
{
	u32 b = g8(g), tries;
	u8 size = b & 8 ? BPF_DW : sizes[b % 4];
	u32 n = ebpf_size_bytes(size);
	u8 d = pick_dst(g);
	s16 off = 0;

	/* prefer bytes written before */
	for (tries = 0; tries < 4; tries++) {
		off = mem_off(g, -64, 0, n);
		if (off >= -64 && off + (s32)n <= 0 &&
		    ((g->stk >> (-off - n)) & (BIT_ULL(n) - 1)) == BIT_ULL(n) - 1)
			break;
	}
	emit(g, BPF_LDX | (b % 17 ? BPF_MEM : BPF_MEMSX) | size, d,
	     BPF_REG_10, off, 0);
	if (size == BPF_DW && off < 0 && off >= -64 && !(off % 8))
		set_kind(g, d, g->spk[-off / 8 - 1] ?: K_SCALAR,
			 g->spmap[-off / 8 - 1]);
	else
		set_kind(g, d, K_SCALAR, 0);
}

/* r1 = map, r2 = fp - 8 holding a key; @m: 0 array, 1 hash. */
static void emit_map_key(struct gen *g, u32 m)
{
	u32 b = g8(g);
	int s;

	s = b % 8 == 7 ? pick(g, KM(K_SCALAR)) : -1;
	if (s >= 0) {
		emit(g, BPF_STX | BPF_MEM | (m ? BPF_DW : BPF_W), BPF_REG_10, s, -8, 0);
	} else {
		emit(g, BPF_ST | BPF_MEM | (m ? BPF_DW : BPF_W), BPF_REG_10, 0, -8,
		     b % 8 == 6 ? gen_imm(g) : (s32)(b % 5));
	}
	mark_stack(g, -8, m ? 8 : 4);
	g->spk[0] = K_SCALAR;
	emit_ld64(g, BPF_REG_1, BPF_PSEUDO_MAP_FD, b % 64 == 63 ? 12 : ARRAY_FD + m);
	emit(g, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2, BPF_REG_10, 0, 0);
	emit(g, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_2, 0, 0, -8);
}

/* if (!r0) return 0; */
static void emit_null_return(struct gen *g)
{
	emit(g, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_0, 0, 2, 0);
	emit(g, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0);
	emit(g, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

/* r0 = lookup in the map whose pointer @mp holds, key at fp-8 */
static void emit_lookup_via(struct gen *g, u8 mp)
{
	emit(g, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1, mp, 0, 0);
	emit(g, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2, BPF_REG_10, 0, 0);
	emit(g, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_2, 0, 0, -8);
	emit(g, BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem);
	clobber_call(g);
}

/*
 * Two lookups through one LD_IMM64 (the same map for the verifier, so
 * that pruning compares their ids), then states where @keep holds either
 * result meet: only the path where it is a copy of r0 is made safe by
 * r0's null check. The key at fp-8 is op_lookup()'s.
 */
static void op_lookup_twice(struct gen *g, u32 m, u8 keep)
{
	u8 mp = keep == BPF_REG_9 ? BPF_REG_8 : BPF_REG_9;
	int s = pick(g, KM(K_SCALAR));

	if (s <= BPF_REG_5 || s == keep || s == mp || !room(g, 20))
		return;
	emit_ld64(g, mp, BPF_PSEUDO_MAP_FD, ARRAY_FD + m);
	set_kind(g, mp, K_MAPPTR, m);
	emit_lookup_via(g, mp);
	emit(g, BPF_ALU64 | BPF_MOV | BPF_X, keep, BPF_REG_0, 0, 0);
	/* another key (0-4: some missing), so that one result may be null */
	emit(g, BPF_ST | BPF_MEM | (m ? BPF_DW : BPF_W), BPF_REG_10, 0, -8,
	     g8(g) % 5);
	emit_lookup_via(g, mp);
	emit(g, BPF_JMP | BPF_JEQ | BPF_K, s, 0, 1, g8(g) % 4);
	emit(g, BPF_ALU64 | BPF_MOV | BPF_X, keep, BPF_REG_0, 0, 0);
	emit_null_return(g);
	set_kind(g, BPF_REG_0, K_MAPVAL, m);
	/*
	 * What a careless programmer believes: the verifier must refuse a
	 * dereference of it on the path that skipped the copy.
	 */
	set_kind(g, keep, K_MAPVAL, m);
}

static void op_lookup(struct gen *g)
{
	u32 m = g8(g) & 1, b = g8(g);
	u8 keep = BPF_REG_6 + b % 4;

	if (!room(g, 12))
		return;
	emit_map_key(g, m);
	emit(g, BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem);
	clobber_call(g);
	set_kind(g, BPF_REG_0, K_ORNULL, m);
	switch ((b >> 2) % 10) {
	case 0:
	case 1:
	case 2:
		emit_null_return(g);
		set_kind(g, BPF_REG_0, K_MAPVAL, m);
		break;
	case 3:
	case 4:
		/* if (!r0) skip a few */
		gen_jump(g, BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0, 0,
			 1 + g8(g) % 8, J_OFF);
		set_kind(g, BPF_REG_0, K_MAPVAL, m);
		break;
	case 5:
	case 6:
		/* a copy, then the check on r0: the copy is checked too */
		emit(g, BPF_ALU64 | BPF_MOV | BPF_X, keep, BPF_REG_0, 0, 0);
		emit_null_return(g);
		set_kind(g, BPF_REG_0, K_MAPVAL, m);
		set_kind(g, keep, K_MAPVAL, m);
		break;
	case 7:
		/* arithmetic before the check: refused, null plus 8 is no value */
		emit(g, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_0, 0, 0, 8);
		emit_null_return(g);
		set_kind(g, BPF_REG_0, K_MAPVAL, m);
		break;
	case 8:
		op_lookup_twice(g, m, keep);
		break;
	default:
		break;	/* no check: r0 may be null */
	}
}

static void op_mapval(struct gen *g)
{
	int p = pick(g, KM(K_MAPVAL) | (g8(g) % 16 ? 0 : KM(K_ORNULL)));
	u32 b = g8(g), vs, n;
	u8 size = sizes[b % 4];
	s16 off;
	int s;

	if (p < 0) {
		op_lookup(g);
		return;
	}
	vs = g->kmap[p] ? 8 : 48;
	n = ebpf_size_bytes(size);
	off = mem_off(g, 0, vs, n);
	switch ((b >> 2) % 8) {
	case 0:
	case 1:
	case 2:
		emit(g, BPF_LDX | (b & 0x40 ? BPF_MEMSX : BPF_MEM) | size,
		     pick_dst(g), p, off, 0);
		set_kind(g, g->prog[g->cnt - 1].dst_reg, K_SCALAR, 0);
		break;
	case 3:
		emit(g, BPF_ST | BPF_MEM | size, p, 0, off, gen_imm(g));
		break;
	case 4:
	case 5:
		s = b & 0x80 ? pick(g, KM_INIT) : scalar_reg(g);
		if (s >= 0)
			emit(g, BPF_STX | BPF_MEM | size, p, s, off, 0);
		break;
	default:
		s = scalar_reg(g);
		size = b & 0x40 ? BPF_DW : BPF_W;
		off = mem_off(g, 0, vs, ebpf_size_bytes(size));
		if (s >= 0)
			emit(g, BPF_STX | BPF_ATOMIC | size, p, s, off,
			     atomic_ops[g8(g) % ARRAY_SIZE(atomic_ops)]);
		if (s >= 0 && g->prog[g->cnt - 1].imm == BPF_CMPXCHG)
			set_kind(g, BPF_REG_0, K_SCALAR, 0);
		break;
	}
}

static void op_update_delete(struct gen *g)
{
	u32 m = g8(g) & 1, b = g8(g);
	int v;

	if (!room(g, 12))
		return;
	if (b & 1) {
		emit_map_key(g, m);
		emit(g, BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_delete_elem);
		clobber_call(g);
		return;
	}
	v = pick(g, KM(K_MAPVAL));
	if (v >= BPF_REG_1 && v <= BPF_REG_5)
		v = -1;
	emit_map_key(g, m);
	if (v >= 0 && g->kmap[v] == m && (b & 2)) {
		emit(g, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_3, v, 0, 0);
	} else {
		/* the value: fp-64 .. fp-17 (array) or fp-16 (hash) */
		emit(g, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_3, BPF_REG_10, 0, 0);
		emit(g, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_3, 0, 0, m ? -16 : -64);
	}
	emit(g, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_4, 0, 0,
	     b % 16 == 14 ? gen_imm(g) : (s32)((b >> 2) % 3));
	emit(g, BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_update_elem);
	clobber_call(g);
}

/* A register of a kind in @mask among r0, r6..r10 (kept by calls), or -1. */
static int pick_kept(struct gen *g, u32 mask)
{
	u32 cand[MAX_BPF_REG], n = 0, r;

	for (r = 0; r < MAX_BPF_REG; r++)
		if ((r == 0 || r >= BPF_REG_6) && (mask & KM(g->kind[r])))
			cand[n++] = r;
	return n ? (int)cand[g8(g) % n] : -1;
}

/* @dst = a size: a constant, or a scalar masked, maybe made non-zero. */
static void emit_size(struct gen *g, u8 dst, u32 max)
{
	static const s32 masks[] = { 1, 7, 15, 31, 63 };
	u32 b = g8(g);
	int s = pick_kept(g, KM(K_SCALAR));

	if (b % 3 == 0 || s < 0) {
		emit(g, BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0,
		     b % 16 == 15 ? gen_imm(g) : (s32)(g8(g) % (max + 1)));
		return;
	}
	emit(g, BPF_ALU64 | BPF_MOV | BPF_X, dst, s, 0, 0);
	if (b % 3 == 1) {
		emit(g, BPF_ALU64 | BPF_AND | BPF_K, dst, 0, 0,
		     masks[g8(g) % ARRAY_SIZE(masks)]);
	} else {
		/* if (size > max) size = max: a bound from a jump */
		emit(g, BPF_JMP | BPF_JLE | BPF_K, dst, 0, 1, max);
		emit(g, BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, max);
	}
	if (b & 0x80)
		emit(g, BPF_ALU64 | BPF_ADD | BPF_K, dst, 0, 0, 1);
}

/* @dst = a buffer on the stack or in a map value. */
static void emit_buf(struct gen *g, u8 dst, u32 *max)
{
	int p = g8(g) & 1 ? pick_kept(g, KM(K_MAPVAL)) : -1;

	if (p >= 0) {
		emit(g, BPF_ALU64 | BPF_MOV | BPF_X, dst, p, 0, 0);
		*max = g->kmap[p] ? 8 : 48;
		return;
	}
	*max = 8 * (1 + g8(g) % 8);
	emit(g, BPF_ALU64 | BPF_MOV | BPF_X, dst, BPF_REG_10, 0, 0);
	emit(g, BPF_ALU64 | BPF_ADD | BPF_K, dst, 0, 0, -(s32)*max);
}

/* trace_printk(buf, size, ...), skb_load_bytes(), probe_read() */
static void op_mem_helper(struct gen *g)
{
	u32 b = g8(g), max = 0;
	int c;

	if (!room(g, 12))
		return;
	switch (b % 4) {
	case 0:
	case 1:
		emit_buf(g, BPF_REG_1, &max);
		emit_size(g, BPF_REG_2, max);
		emit(g, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_3, 0, 0, gen_imm(g));
		emit(g, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_4, 0, 0, 0);
		emit(g, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_5, 0, 0, 0);
		emit(g, BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_trace_printk);
		break;
	case 2:
		c = pick(g, KM(K_CTX));
		if (c < 0)
			return;
		emit(g, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1, c, 0, 0);
		emit(g, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_2, 0, 0, g8(g) % 72);
		emit_buf(g, BPF_REG_3, &max);
		emit_size(g, BPF_REG_4, max);
		emit(g, BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_skb_load_bytes);
		break;
	default:
		emit_buf(g, BPF_REG_1, &max);
		emit_size(g, BPF_REG_2, max);
		emit(g, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_3, 0, 0, 0);
		emit(g, BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_probe_read);
		break;
	}
	clobber_call(g);
	if (b % 4 >= 2 && max)
		mark_stack(g, -(s32)max, max);
}

/*
 * strtoul(buf, size, base, res): res 8 bytes of the stack or of a map
 * value, now and then misaligned or past the end.
 */
static void op_strtoul(struct gen *g)
{
	static const s32 bases[] = { 0, 8, 10, 16, 3 };
	u32 max = 0, b = g8(g);
	s32 off = -8 * (1 + g8(g) % 8) + (b & 1 ? 4 : 0);
	int p;

	if (!room(g, 12))
		return;
	emit_buf(g, BPF_REG_1, &max);
	emit_size(g, BPF_REG_2, max);
	emit(g, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_3, 0, 0,
	     bases[g8(g) % ARRAY_SIZE(bases)]);
	p = b & 2 ? pick_kept(g, KM(K_MAPVAL)) : -1;
	if (p >= 0) {
		emit(g, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_4, p, 0, 0);
		emit(g, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_4, 0, 0, -off - 8);
	} else {
		emit(g, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_4, BPF_REG_10, 0, 0);
		emit(g, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_4, 0, 0, off);
	}
	emit(g, BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_strtoul);
	clobber_call(g);
	if (p < 0)
		mark_stack(g, off, 8);
}

/*
 * r0 = ringbuf_reserve(ring, 8 or now and then a size not known or 0,
 * flags now and then not 0), null-checked most of the time: a record
 * the map value ops use as one of 8 bytes (kmap 2).
 */
static void op_reserve(struct gen *g)
{
	u32 b = g8(g);

	if (!room(g, 12))
		return;
	emit_ld64(g, BPF_REG_1, BPF_PSEUDO_MAP_FD, RINGBUF_FD);
	if (b % 16 == 15) {
		int s = scalar_reg(g);

		if (s < 0 || s == BPF_REG_1)
			return;
		emit(g, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2, s, 0, 0);
		emit(g, BPF_ALU64 | BPF_AND | BPF_K, BPF_REG_2, 0, 0, 15);
	} else {
		emit(g, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_2, 0, 0,
		     b % 16 == 14 ? 0 : 8);
	}
	emit(g, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_3, 0, 0, b % 32 == 13);
	emit(g, BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_ringbuf_reserve);
	clobber_call(g);
	set_kind(g, BPF_REG_0, K_ORNULL, 2);
	if (b % 8) {
		emit_null_return(g);
		set_kind(g, BPF_REG_0, K_MAPVAL, 2);
	}
	if (b & 0x80) {
		u8 keep = BPF_REG_6 + (b >> 4) % 4;

		emit(g, BPF_ALU64 | BPF_MOV | BPF_X, keep, BPF_REG_0, 0, 0);
		set_kind(g, keep, g->kind[BPF_REG_0], 2);
	}
}

/* A register the generator believes holds a record, or -1. */
static int pick_record(struct gen *g)
{
	u32 cand[MAX_BPF_REG], n = 0, r;

	for (r = 0; r < BPF_REG_10; r++)
		if ((g->kind[r] == K_MAPVAL || g->kind[r] == K_ORNULL) &&
		    g->kmap[r] == 2)
			cand[n++] = r;
	return n ? (int)cand[g8(g) % n] : -1;
}

/* ringbuf_submit or _discard of a record, now and then moved by 8 */
static void emit_release(struct gen *g, int r, u32 b)
{
	u32 i;

	emit(g, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1, r, 0, 0);
	if (b % 16 == 7)
		emit(g, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, 8);
	emit(g, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_2, 0, 0,
	     b & 2 ? BPF_RB_NO_WAKEUP : 0);
	emit(g, BPF_JMP | BPF_CALL, 0, 0, 0,
	     b & 1 ? BPF_FUNC_ringbuf_discard : BPF_FUNC_ringbuf_submit);
	clobber_call(g);
	/*
	 * What a careless programmer keeps: copies, which are gone now; now
	 * and then one is written at once (the verifier must refuse that).
	 */
	if (b & 4) {
		if ((b & 8) && r >= BPF_REG_6) {
			emit(g, BPF_ST | BPF_MEM | BPF_DW, r, 0, 0, 0x5a);
			set_kind(g, r, K_NONE, 0);
		}
		return;
	}
	for (i = 0; i < BPF_REG_10; i++)
		if (g->kmap[i] == 2 &&
		    (g->kind[i] == K_MAPVAL || g->kind[i] == K_ORNULL))
			set_kind(g, i, K_NONE, 0);
}

static void op_release(struct gen *g)
{
	int r = pick_record(g);

	if (r < 0) {
		op_reserve(g);
		return;
	}
	if (room(g, 6))
		emit_release(g, r, g8(g));
}

static void op_simple_call(struct gen *g)
{
	static const s32 ids[] = {
		BPF_FUNC_ktime_get_ns, BPF_FUNC_get_prandom_u32,
		BPF_FUNC_get_smp_processor_id,
	};

	emit(g, BPF_JMP | BPF_CALL, 0, 0, 0, ids[g8(g) % ARRAY_SIZE(ids)]);
	clobber_call(g);
}

/*
 * A chain of diamonds, "if (s op k) t op= c", each doubling the paths:
 * many states at the instructions after it, so the verifier's pruning,
 * joins and widening get work.
 */
static void op_diamonds(struct gen *g)
{
	static const u8 t_ops[] = { BPF_ADD, BPF_OR, BPF_XOR, BPF_SUB, BPF_MUL };
	u32 k = 2 + g8(g) % 8, i;
	int s, t;

	if (!room(g, 2 * k + 2))
		return;
	s = scalar_reg(g);
	t = pick(g, KM(K_SCALAR));
	if (s < 0)
		return;
	if (t < 0 || t == s || g8(g) % 4 == 0) {
		t = pick_dst(g);
		if (t == s || t == BPF_REG_10)
			return;
		emit(g, BPF_ALU64 | BPF_MOV | BPF_K, t, 0, 0, gen_imm(g));
		set_kind(g, t, K_SCALAR, 0);
	}
	for (i = 0; i < k; i++) {
		emit(g, (g8(g) % 4 ? BPF_JMP : BPF_JMP32) |
		     jmp_ops[g8(g) % ARRAY_SIZE(jmp_ops)] | BPF_K, s, 0, 1,
		     i && g8(g) % 2 ? (s32)(g8(g) % 16) : gen_imm(g));
		emit(g, BPF_ALU64 | t_ops[g8(g) % ARRAY_SIZE(t_ops)] | BPF_K, t, 0, 0,
		     g8(g) % 2 ? (s32)BIT(i) : gen_imm(g));
		if (g8(g) % 4 == 0) {
			s = scalar_reg(g);
			if (s < 0 || s == t)
				break;
		}
	}
	/* a use of t: live through the chain, so its states differ */
	if (g8(g) % 2) {
		emit(g, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_0, t, 0, 0);
		set_kind(g, BPF_REG_0, K_SCALAR, 0);
	}
}

static void op_cond_jump(struct gen *g)
{
	u32 b = g8(g);
	u8 cls = b % 4 ? BPF_JMP : BPF_JMP32;
	u8 op = jmp_ops[g8(g) % ARRAY_SIZE(jmp_ops)];
	int d = b % 23 ? scalar_reg(g) : pick(g, KM_INIT);
	int s = 0;

	if (d < 0)
		return;
	if (b & 0x10) {
		s = b % 19 ? scalar_reg(g) : pick(g, KM_INIT);
		if (s < 0)
			return;
		gen_jump(g, cls | op | BPF_X, d, s, 0, jump_delta(g), J_OFF);
	} else {
		gen_jump(g, cls | op | BPF_K, d, 0, gen_imm(g), jump_delta(g),
			 J_OFF);
	}
}

static void op_ja(struct gen *g)
{
	u32 b = g8(g);

	if (b & 1)
		gen_jump(g, BPF_JMP32 | BPF_JA, 0, 0, 0, b % 3, J_IMM);
	else
		gen_jump(g, BPF_JMP | BPF_JA, 0, 0, 0, b % 3, J_OFF);
}

static void op_ld_abs(struct gen *g)
{
	u32 b = g8(g);
	u8 size = sizes[b % 3];
	s32 imm = b & 0x40 ? gen_imm(g) : (s32)(g8(g) % 72);
	int c, s;

	if (g->kind[BPF_REG_6] != K_CTX) {
		c = pick(g, KM(K_CTX));
		if (c < 0)
			return;
		emit(g, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_6, c, 0, 0);
		set_kind(g, BPF_REG_6, K_CTX, 0);
	}
	if (b & 0x80) {
		s = scalar_reg(g);
		if (s < 0)
			return;
		emit(g, BPF_LD | BPF_IND | size, 0, s, 0, imm % 64);
	} else {
		emit(g, BPF_LD | BPF_ABS | size, 0, 0, 0, imm);
	}
	clobber_call(g);
}

static void op_ptr_arith(struct gen *g)
{
	int p = pick(g, KM_PTR), s;
	u32 b = g8(g);

	if (p < 0 || p == BPF_REG_10)
		return;
	if (b & 1) {
		emit(g, BPF_ALU64 | (b & 2 ? BPF_SUB : BPF_ADD) | BPF_K, p, 0, 0,
		     b & 4 ? gen_imm(g) : (s32)(g8(g) % 16) - 4);
		return;
	}
	s = scalar_reg(g);
	if (s >= 0)
		emit(g, BPF_ALU64 | (b & 2 ? BPF_SUB : BPF_ADD) | BPF_X, p, s, 0, 0);
}

/* A bounded variable offset into a map value, then an access through it. */
static void op_var_off(struct gen *g)
{
	static const s32 masks[] = { 1, 3, 7, 15, 31, 32, 40, 47, 0xff };
	int p = pick(g, KM(K_MAPVAL) | (g8(g) % 8 ? 0 : KM(K_STACK))), s;
	u32 b = g8(g), vs;
	u8 size = sizes[g8(g) % 4], t, d;

	if (p < 0 || !room(g, 5))
		return;
	s = scalar_reg(g);
	if (s < 0 || s == p)
		return;
	switch (b % 4) {
	case 0:
	case 1:
		emit(g, BPF_ALU64 | BPF_AND | BPF_K, s, 0, 0,
		     masks[g8(g) % ARRAY_SIZE(masks)]);
		break;
	case 2:
		emit(g, BPF_ALU | BPF_MOD | BPF_K, s, 0, 0, 1 + g8(g) % 48);
		break;
	default:
		gen_jump(g, BPF_JMP | (b & 4 ? BPF_JGT : BPF_JSGT) | BPF_K, s, 0,
			 g8(g) % 48, 3, J_OFF);
		break;
	}
	t = BPF_REG_6 + g8(g) % 4;
	if (t == s)
		t = t == BPF_REG_9 ? BPF_REG_6 : t + 1;
	d = pick_dst(g);
	vs = g->kind[p] == K_STACK ? 0 : g->kmap[p] ? 8 : 48;
	emit(g, BPF_ALU64 | BPF_MOV | BPF_X, t, p, 0, 0);
	if (g->kind[p] == K_STACK)
		emit(g, BPF_ALU64 | BPF_ADD | BPF_K, t, 0, 0, -64);
	emit(g, BPF_ALU64 | BPF_ADD | BPF_X, t, s, 0, 0);
	emit(g, BPF_LDX | BPF_MEM | size, d, t, vs ? mem_off(g, 0, 8, 1) : 0, 0);
	set_kind(g, t, g->kind[p], g->kmap[p]);
	set_kind(g, d, K_SCALAR, 0);
}

static void op_stack_atomic(struct gen *g)
{
	u32 b = g8(g);
	u8 size = b & 1 ? BPF_DW : BPF_W;
	int s = scalar_reg(g);
	s16 off = mem_off(g, -64, 0, ebpf_size_bytes(size));
	s32 op = atomic_ops[g8(g) % ARRAY_SIZE(atomic_ops)];

	if (s < 0)
		return;
	emit(g, BPF_STX | BPF_ATOMIC | size, BPF_REG_10, s, off, op);
	if (op == BPF_CMPXCHG)
		set_kind(g, BPF_REG_0, K_SCALAR, 0);
	else if (op & BPF_FETCH)
		set_kind(g, s, K_SCALAR, 0);
}

/* Any opcode with arbitrary fields. */
static void op_random(struct gen *g)
{
	u8 code = opcodes[g8(g) % ARRAY_SIZE(opcodes)].code;
	u8 d = g8(g) % 11, s = g8(g) % 11;
	s16 off = (s8)g8(g);

	emit(g, code, d, s, off, gen_imm(g));
	if (code == (BPF_LD | BPF_IMM | BPF_DW)) {
		g->hi[g->cnt] = true;
		emit(g, 0, 0, 0, 0, gen_imm(g));
	}
	if (d < BPF_REG_10)
		set_kind(g, d, K_SCALAR, 0);
}

/* Registers and stack, so that the body has something to work on. */
static void prologue(struct gen *g)
{
	static const u8 order[] = { 0, 2, 3, 4, 5, 7, 8, 9, 6 };
	u32 f = g8(g), i, b;
	u8 r;

	set_kind(g, BPF_REG_1, K_CTX, 0);
	g->kind[BPF_REG_10] = K_STACK;
	if (f & 3) {
		emit(g, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_6, BPF_REG_1, 0, 0);
		set_kind(g, BPF_REG_6, K_CTX, 0);
	}
	if ((f & 3) == 1) {
		emit(g, BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_ktime_get_ns);
		clobber_call(g);
	}
	for (i = 0; i < ARRAY_SIZE(order); i++) {
		r = order[i];
		if (g->kind[r] != K_NONE && g->kind[r] != K_SCALAR)
			continue;
		b = g8(g);
		switch (b % 8) {
		case 0:
		case 1:
			emit(g, BPF_ALU64 | BPF_MOV | BPF_K, r, 0, 0, gen_imm(g));
			break;
		case 2:
		case 3:
		case 4:
			emit(g, BPF_LDX | BPF_MEM | sizes[(b >> 3) % 4], r, BPF_REG_6,
			     (b >> 5) * 8, 0);
			if (g->kind[BPF_REG_6] != K_CTX)
				g->prog[g->cnt - 1].src_reg = BPF_REG_1;
			break;
		case 5:
			emit_ld64(g, r, 0, (u64)g32(g) << 32 | g32(g));
			break;
		case 6:
			emit(g, BPF_ALU64 | BPF_MOV | BPF_X, r,
			     g->kind[BPF_REG_6] == K_CTX ? BPF_REG_6 : BPF_REG_1, 0, 0);
			set_kind(g, r, K_CTX, 0);
			continue;
		default:
			continue;	/* left uninitialised */
		}
		set_kind(g, r, K_SCALAR, 0);
	}
	if (f & 4) {
		for (i = 1; i <= 8; i++)
			emit(g, BPF_ST | BPF_MEM | BPF_DW, BPF_REG_10, 0, -8 * (s32)i,
			     f & 8 ? gen_imm(g) : 0);
		g->stk = U64_MAX;
		memset(g->spk, K_SCALAR, sizeof(g->spk));
	}
}

/* Fix the jumps' offsets now that the program is complete. */
static void fixup(struct gen *g)
{
	u32 i;
	s64 t;

	for (i = 0; i < g->cnt; i++) {
		if (g->jtype[i] == J_NONE)
			continue;
		t = (s64)i + 1 + g->jdelta[i];
		if (t < 0)
			t = 0;
		if (t >= g->cnt)
			t = g->cnt - 1;
		if (g->hi[t])
			t++;
		if (g->jtype[i] == J_IMM)
			g->prog[i].imm = t - i - 1;
		else
			g->prog[i].off = t - i - 1;
	}
}

static void op_alu_k(struct gen *g)
{
	op_alu(g, false);
}

static void op_alu_x(struct gen *g)
{
	op_alu(g, true);
}

/* Eight bytes of the input as they come. */
static void op_raw(struct gen *g)
{
	u8 code = g8(g), regs = g8(g);
	s16 off = g8(g) | g8(g) << 8;

	emit(g, code, regs & 15, regs >> 4, off, g32(g));
}

static const struct {
	void (*fn)(struct gen *g);
	u32 weight;
} ops[] = {
	{ op_alu_k, 12 }, { op_alu_x, 9 }, { op_mov, 6 }, { op_unary, 3 },
	{ op_ld64, 2 }, { op_ctx_load, 5 }, { op_ctx_store, 2 },
	{ op_stack_store, 5 }, { op_stack_load, 4 }, { op_lookup, 6 },
	{ op_mapval, 8 }, { op_update_delete, 2 }, { op_simple_call, 1 },
	{ op_mem_helper, 4 }, { op_strtoul, 1 }, { op_cond_jump, 12 },
	{ op_diamonds, 3 }, { op_reserve, 1 }, { op_release, 1 },
	{ op_ja, 1 },
	{ op_ld_abs, 3 }, { op_ptr_arith, 4 }, { op_stack_atomic, 2 },
	{ op_var_off, 5 }, { op_random, 3 }, { op_raw, 1 },
};

/* The program for @in: returns its length. */
static u32 generate(const u8 *in, size_t n, struct bpf_insn *prog)
{
	static struct gen g;
	u32 body, start, b, i, total = 0;

	for (i = 0; i < ARRAY_SIZE(ops); i++)
		total += ops[i].weight;

	memset(&g, 0, sizeof(g));
	g.in = in;
	g.n = n;
	g.pos = 1;
	g.prog = prog;
	g.lim = MAX_PROG - 4;
	body = 1 + g8(&g) % BODY_MAX;
	prologue(&g);
	start = g.cnt;
	while (g.cnt - start < body && g.pos < g.n && room(&g, 1)) {
		b = g8(&g) % total;
		for (i = 0; b >= ops[i].weight; i++)
			b -= ops[i].weight;
		ops[i].fn(&g);
	}
	/* mostly, the records still held are released before the exit */
	while (g8(&g) % 8 && room(&g, 6)) {
		int r = pick_record(&g);

		if (r < 0)
			break;
		emit_release(&g, r, g8(&g) & ~4u);
	}
	if (g8(&g) % 4)
		emit(&g, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, gen_imm(&g));
	emit(&g, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	fixup(&g);
	return g.cnt;
}

/* ---- one input -------------------------------------------------------- */

/* The log is a NUL-terminated string in its buffer; log_len is exact. */
static void check_log(const struct ebpf_verify_args *args, int err)
{
	const char *end = memchr(args->log_buf, 0, args->log_size);

	if (!end)
		finding("the verifier log is not NUL-terminated");
	if (args->log_len <= args->log_size &&
	    end - args->log_buf + 1 != args->log_len)
		finding("log_len %u, but the log holds %td bytes with its NUL",
			args->log_len, end - args->log_buf + 1);
	if (args->log_len > args->log_size && err == 0)
		finding("log truncated (%u > %u bytes) but verification succeeded",
			args->log_len, args->log_size);
	if (err == -ENOSPC && args->log_len <= args->log_size)
		finding("-ENOSPC without a truncated log");
}

/* What a run leaves behind that the program could have changed. */
struct fz_outcome {
	u64 r0;
	u8 ctx[CTX_SIZE];
	u8 val[2][MAP_SLOTS][48];
	u64 key[MAP_SLOTS];
	bool used[MAP_SLOTS];
};

static void fz_snapshot(struct fz_outcome *o, u64 r0)
{
	u32 m, i;

	memset(o, 0, sizeof(*o));
	o->r0 = r0;
	memcpy(o->ctx, ctx_buf, CTX_SIZE);
	for (m = 0; m < 2; m++)
		for (i = 0; i < fmaps[m].vm.max_entries; i++)
			memcpy(o->val[m][i], fmaps[m].val[i],
			       fmaps[m].vm.value_size);
	memcpy(o->key, fmaps[1].key, sizeof(o->key));
	memcpy(o->used, fmaps[1].used, sizeof(o->used));
}

static void print_outcome_diff(const struct fz_outcome *a,
			       const struct fz_outcome *b)
{
	const u8 *x = (const u8 *)a, *y = (const u8 *)b;
	size_t i;

	if (a->r0 != b->r0)
		fprintf(stderr, "  r0: interpreter %#llx, jit %#llx\n",
			a->r0, b->r0);
	for (i = sizeof(a->r0); i < sizeof(*a); i++)
		if (x[i] != y[i])
			fprintf(stderr, "  byte %zu of the outcome: interpreter %#x, jit %#x\n",
				i, x[i], y[i]);
}

/*
 * Run the verified @insns natively from the JIT (@blind: blinded) on the
 * state fz_reset(@data, @flip) gives, and compare with the interpreter's
 * outcome @want when the program is unprivileged.
 */
static void jit_run_and_compare(struct fz_run *run, const struct bpf_insn *insns,
				u32 stack_depth, const u8 *data, bool flip,
				const struct fz_outcome *want)
{
	struct fz_outcome got;
	struct jit_prog p;
	int err;

	err = jit_load(&p, insns, run->rcnt, stack_depth, &fz_env, flip);
	if (err == -ENOMEM)
		return;		/* no pages near our text: nothing to learn */
	if (err)
		finding("the JIT failed on a verified program: %d", err);
	fz_reset(data, flip);
	/* helpers see no interpreter stack: its checks do not apply */
	run->fp = 0;
	fz_snapshot(&got, p.fn(ctx_buf));
	jit_unload(&p);
	records_done();
	st.jit_runs++;
	if (!run->priv && memcmp(want, &got, sizeof(got))) {
		print_outcome_diff(want, &got);
		finding("the JIT%s and the interpreter disagree",
			flip ? " (blinded)" : "");
	}
}

/* Verify, and run the program if accepted; returns ebpf_verify()'s result. */
/*
 * Is @v an address the harness knows: the context, the stack, a map or a
 * value? Not instrumented: libFuzzer would learn the addresses from these
 * comparisons and put them into inputs, which programs may then return.
 */
__attribute__((disable_sanitizer_instrumentation))
static bool known_pointer(u64 v)
{
	u32 i, k;

	if (v >= (uintptr_t)ctx_buf && v <= (uintptr_t)ctx_buf + CTX_SIZE)
		return true;
	if (cur->fp && v >= cur->fp - EBPF_STACK_SIZE && v <= cur->fp)
		return true;
	if (v == (uintptr_t)&fz_ringbuf || is_record(v))
		return true;
	for (i = 0; i < ARRAY_SIZE(fmaps); i++) {
		if (v == (uintptr_t)&fmaps[i])
			return true;
		for (k = 0; k < MAP_SLOTS; k++)
			if (fmaps[i].val[k] && v >= (uintptr_t)fmaps[i].val[k] &&
			    v <= (uintptr_t)fmaps[i].val[k] + fmaps[i].vm.value_size)
				return true;
	}
	return false;
}

/* The map values before a run: a word the run did not change is data. */
static u8 map_before[ARRAY_SIZE(fmaps)][MAP_SLOTS][48];

static void save_maps(void)
{
	u32 i, k;

	for (i = 0; i < ARRAY_SIZE(fmaps); i++)
		for (k = 0; k < MAP_SLOTS; k++)
			if (fmaps[i].val[k])
				memcpy(map_before[i][k], fmaps[i].val[k],
				       fmaps[i].vm.value_size);
}

/*
 * After an unprivileged run no pointer may have reached r0 or a map
 * value (the verifier refuses both): check every aligned word the program
 * changed there.
 */
static void check_no_leak(u64 r0)
{
	u32 i, k, off;
	u64 w;

	if (known_pointer(r0))
		finding("an unprivileged program returned the address %#llx", r0);
	for (i = 0; i < ARRAY_SIZE(fmaps); i++)
		for (k = 0; k < MAP_SLOTS; k++)
			for (off = 0; fmaps[i].val[k] &&
			     off + 8 <= fmaps[i].vm.value_size; off += 8) {
				memcpy(&w, fmaps[i].val[k] + off, 8);
				if (!memcmp(&w, map_before[i][k] + off, 8))
					continue;
				if (known_pointer(w))
					finding("unprivileged: address %#llx stored in map %u",
						w, i);
			}
}

/*
 * The context below CTX_WRITABLE is read-only (fz_ctx_access_ok()): no
 * run may change it, whatever reached it (a store, an atomic, a helper).
 */
static void check_ctx_readonly(const u8 *before)
{
	u32 i;

	for (i = 0; i < CTX_WRITABLE; i++)
		if (ctx_buf[i] != before[i])
			finding("context byte %u is read-only, but the program changed it", i);
}

/*
 * Is @k an unprivileged pointer ADD/SUB of registers that the rewrite
 * masked (Spectre v1) into out[@i...]? Then out[*@end] is the last
 * instruction of the masked sequence: the move of dst by AX (or by the
 * constant), the only one after its start that writes dst with an add
 * or a subtraction.
 */
static bool masked_alu(struct fz_run *run, const struct bpf_insn *out,
		       u32 n, u32 i, u32 k, u32 *end)
{
	const struct bpf_insn *in = &run->prog[k];
	u8 op = BPF_OP(in->code);

	if (run->priv || in->code != (BPF_ALU64 | op | BPF_X) ||
	    (op != BPF_ADD && op != BPF_SUB) || !memcmp(&out[i], in, sizeof(*in)) ||
	    (out[i].code == (BPF_JMP | BPF_JA) && out[i].off == -1))
		return false;
	for (*end = i; *end < n && *end < i + 10; (*end)++) {
		const struct bpf_insn *o = &out[*end];

		if (o->dst_reg == in->dst_reg && BPF_CLASS(o->code) == BPF_ALU64 &&
		    BPF_OP(o->code) == op &&
		    (BPF_SRC(o->code) == BPF_K || o->src_reg == EBPF_REG_AX))
			return true;
	}
	finding("rewritten insn %u: original insn %u masked, but never applied",
		i, k);
	return false;
}

/*
 * Is out[@i...] fz_ctx_rewrite()'s expansion of the load @k, one of
 * [16, 24) through the context? (Through another pointer, a load at such
 * an offset stays as it is.)
 */
static bool ctx_rewritten(struct fz_run *run, const struct bpf_insn *out,
			  u32 n, u32 i, u32 k)
{
	const struct bpf_insn *in = &run->prog[k];

	if (!fz_remapped(in) || i + 3 > n ||
	    out[i].code != (BPF_ALU64 | BPF_MOV | BPF_X) ||
	    out[i].dst_reg != EBPF_REG_AX)
		return false;
	if (out[i].src_reg != in->src_reg ||
	    out[i + 1].code != (BPF_ALU64 | BPF_ADD | BPF_K) ||
	    out[i + 1].dst_reg != EBPF_REG_AX || out[i + 1].imm != FZ_REMAP_BY ||
	    out[i + 2].code != in->code || out[i + 2].dst_reg != in->dst_reg ||
	    out[i + 2].src_reg != EBPF_REG_AX || out[i + 2].off != in->off)
		finding("rewritten insn %u: a wrong context rewrite of insn %u", i, k);
	return true;
}

/*
 * The rewrite keeps every instruction (LD_IMM64s get their maps'
 * addresses, those never reached become jumps to themselves) but context
 * loads fz_ctx_rewrite() expands, and may only add Spectre v4 barriers,
 * each right after a store, and mask unprivileged pointer arithmetic: map
 * each rewritten instruction back to the original (-1 for a barrier and
 * the inside of an expansion).
 */
static void map_rewritten(struct fz_run *run, const struct bpf_insn *out,
			  u32 n)
{
	bool masked = false;
	u32 i, k = 0, end;

	run->orig = calloc(n, sizeof(*run->orig));
	if (!run->orig)
		abort();
	run->rcnt = n;
	for (i = 0; i < n; i++) {
		if (out[i].code == EBPF_ST_NOSPEC) {
			u8 cls = i ? BPF_CLASS(out[i - 1].code) : 0;

			if (run->priv || (cls != BPF_ST && cls != BPF_STX))
				finding("rewritten insn %u: a stray barrier", i);
			run->orig[i] = -1;
			continue;
		}
		if (k < run->cnt && ctx_rewritten(run, out, n, i, k)) {
			run->orig[i] = k++;
			run->orig[++i] = -1;
			run->orig[++i] = -1;
			continue;
		}
		if (k < run->cnt && masked_alu(run, out, n, i, k, &end)) {
			masked = true;
			run->orig[i] = k++;
			while (i < end)
				run->orig[++i] = -1;
			continue;
		}
		/* or, never reached, a jump to itself */
		if (k >= run->cnt || (out[i].code != run->prog[k].code &&
				      (out[i].code != (BPF_JMP | BPF_JA) ||
				       out[i].off != -1)))
			finding("rewritten insn %u is not original insn %u", i, k);
		run->orig[i] = k++;
	}
	if (k != run->cnt)
		finding("the rewrite changed the length from %u to %u",
			run->cnt, k);
	st.feat[run->priv][5] += masked;
}

static int verify_and_run(struct fz_run *run, const u8 *data)
{
	struct ebpf_verify_args args = {
		.insns = run->prog,
		.insn_cnt = run->cnt,
		.desc = &fz_desc,
		.perms = ebpf_perms_all(run->priv),
		.gpl = true,
		.map_by_fd = fz_map_by_fd,
		.priv = run,
		.observe = fz_observe,
		.log_level = run->log_level,
		.log_size = run->log_size,
	};
	int err, pass;
	u64 r0;

	rec_reset();
	run->nseen = 0;
	cur = run;
	if (run->log_level)
		args.log_buf = malloc(run->log_size);
	err = ebpf_verify(&args);
	if (run->log_level) {
		check_log(&args, err);
		free(args.log_buf);
	}
	if (verbose()) {
		fprintf(stderr, "%s: %d\n", run->priv ? "privileged" : "unprivileged", err);
		print_vlog(run);
	}
	switch (err) {
	case 0:
		break;
	case -EINVAL:
	case -EACCES:
	case -E2BIG:
	case -EBADF:
	case -EPERM:
	case -EPROTO:	/* a map by index, and no fd_array */
	case -ENOTSUPP:	/* a value address in a larger array; a kfunc call */
	case -ENOSPC:	/* checked by check_log() */
		cur = NULL;
		return err;
	default:
		finding("ebpf_verify() returned %d (an internal error or an unexpected errno)",
			err);
	}
	st.accepted[run->priv]++;
	count_features(run->prog, run->cnt, run->priv);
	map_rewritten(run, args.insns, args.insn_cnt);
	run->base = args.insns;
	for (pass = 0; pass < 2; pass++) {
		u8 ctx_before[CTX_WRITABLE];
		struct fz_outcome want;

		fz_reset(data, pass);
		memcpy(ctx_before, ctx_buf, sizeof(ctx_before));
		run->steps = 0;
		run->tracing = true;
		save_maps();
		r0 = ebpf_interp_run(args.insns, ctx_buf, &fz_env);
		run->tracing = false;
		check_ctx_readonly(ctx_before);
		if (!run->priv)
			check_no_leak(r0);
		records_done();
		st.runs++;
		fz_snapshot(&want, r0);
		jit_run_and_compare(run, args.insns, args.stack_depth, data,
				    pass, &want);
	}
	cur = NULL;
	free(run->orig);
	run->orig = NULL;
	free((void *)args.insns);
	return 0;
}

int fz_one_input(const u8 *in, size_t n) __asm__("LLVMFuzzerTestOneInput");

int fz_one_input(const u8 *in, size_t n)
{
	static struct bpf_insn prog[MAX_PROG];
	static struct fz_run run;
	u8 data[DATA_SIZE];
	int priv_err;
	u32 cnt, i;

	if (!recs) {
		recs = malloc(MAX_RECS * sizeof(*recs));
		spills = malloc(MAX_SPILLS * sizeof(*spills));
		fz_init();
	}
	if (!n)
		return 0;
	st.inputs++;
	for (i = 0; i < DATA_SIZE; i++)
		data[i] = i < n ? in[n - 1 - i] : 0;
	if (in[0] % 8 == 7) {
		/* verbatim: the decoder gets whatever the bytes say */
		st.raw++;
		cnt = min_t(u32, (n - 1) / sizeof(*prog), RAW_MAX);
		if (!cnt)
			return 0;
		memcpy(prog, in + 1, cnt * sizeof(*prog));
	} else {
		memset(prog, 0, sizeof(prog));
		cnt = generate(in, n, prog);
	}
	memset(&run, 0, sizeof(run));
	run.prog = prog;
	run.cnt = cnt;
	/* header bits 3-5 all set: fuzz the log too; bits 6-7: its size */
	if ((in[0] >> 3 & 7) == 7) {
		static const u32 log_sizes[] = { 1, 80, 4096, 65536 };

		run.log_level = 1 + (in[0] >> 6 & 1);
		run.log_size = log_sizes[in[0] >> 6];
	}
	if (verbose())
		print_prog(prog, cnt);
	run.priv = true;
	priv_err = verify_and_run(&run, data);
	run.priv = false;
	/* unprivileged may log less: -ENOSPC for privileged only is fine */
	if (!verify_and_run(&run, data) && priv_err && priv_err != -ENOSPC)
		st.unpriv_only++;
	return 0;
}
