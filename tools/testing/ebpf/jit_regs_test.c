// SPDX-License-Identifier: GPL-2.0
/*
 * The JIT against the interpreter where the register mapping bites: every
 * operation whose x86 form uses a register implicitly (division and
 * modulo use rax and rdx, shifts by a register need cl, fetching atomics
 * loop on rax) with every pairing of destination and source among r0-r9,
 * all ten registers holding distinct values, then folded into r0. Any
 * register the JIT clobbers, or any result it gets wrong, changes r0. The
 * interpreter, tested against RFC 9669 by interp_test, is the oracle; each
 * program runs with several sets of values (a zero divisor, INT_MIN / -1).
 * Also the context rewrite's scratch register, which no program names:
 * its loads and additions must leave r0-r10 alone.
 */
#include "shim/core.h"
#include "../../../kernel/ebpf/insn.c"
#include "../../../kernel/ebpf/interp.c"
#include "jit_run.h"

#include <stdio.h>
#include "../selftests/ebpf/ebpf_asm.h"

#define MAX_INSNS 64

static const struct ebpf_interp_env env;

/* Initial values of r0-r9 by set; the op's operands are overridden. */
static u64 reg_value(u32 set, u32 r)
{
	return 0x9e3779b97f4a7c15ULL * (r + 1) * (set + 3) ^ (u64)r << 59;
}

struct prog {
	struct bpf_insn insns[MAX_INSNS];
	u32 len;
};

static void add(struct prog *p, struct bpf_insn in)
{
	p->insns[p->len++] = in;
}

static void load64(struct prog *p, u32 r, u64 v)
{
	add(p, (struct bpf_insn)I_LD64(r, v));
	add(p, (struct bpf_insn)I_LD64_HI(v));
}

/* r0-r9 = the set's values, @dst = @dv and @src = @sv (when not -1) */
static void setup(struct prog *p, u32 set, int dst, u64 dv, int src, u64 sv)
{
	u32 r;

	p->len = 0;
	for (r = 0; r <= 9; r++)
		load64(p, r, r == dst ? dv : r == src ? sv : reg_value(set, r));
}

/* r0 = a hash of r0-r9 (but @skip, a pointer), then exit */
static void fold(struct prog *p, int skip)
{
	u32 r;

	for (r = 1; r <= 9; r++) {
		if (r == skip)
			continue;
		add(p, (struct bpf_insn)I_ALU64_IMM(BPF_MUL, 0, 31));
		add(p, (struct bpf_insn)I_ALU64_REG(BPF_ADD, 0, r));
	}
	add(p, (struct bpf_insn)I_EXIT());
}

/*
 * Interpreter and JIT (plain and blinded) agree on @p with context @ctx
 * and helpers @e? Prints the first miss.
 */
static bool agree_env(const struct prog *p, const void *ctx,
		      const struct ebpf_interp_env *e, const char *what)
{
	u64 want = ebpf_interp_run(p->insns, ctx, e), got;
	struct jit_prog jp;
	int blind, err;

	for (blind = 0; blind <= 1; blind++) {
		err = jit_load(&jp, p->insns, p->len, EBPF_STACK_SIZE, e, blind);
		if (err) {
			printf("# %s: not translated, errno %d\n", what, -err);
			return false;
		}
		got = jp.fn(ctx);
		jit_unload(&jp);
		if (got != want) {
			printf("# %s%s: jit %#llx, interpreter %#llx\n", what,
			       blind ? " (blinded)" : "",
			       (unsigned long long)got,
			       (unsigned long long)want);
			return false;
		}
	}
	return true;
}

static bool agree(const struct prog *p, const char *what)
{
	return agree_env(p, NULL, &env, what);
}

struct alu_case {
	const char *name;
	u8 op;
	s16 off;
};

static const struct alu_case alu_cases[] = {
	{ "div", BPF_DIV, 0 }, { "mod", BPF_MOD, 0 },
	{ "sdiv", BPF_DIV, 1 }, { "smod", BPF_MOD, 1 },
	{ "lsh", BPF_LSH, 0 }, { "rsh", BPF_RSH, 0 }, { "arsh", BPF_ARSH, 0 },
	{ "mul", BPF_MUL, 0 }, { "sub", BPF_SUB, 0 },
};

/* operand values by set: ordinary, zero divisor, INT_MIN / -1, small */
static void operands(u32 set, bool w, u64 *dv, u64 *sv)
{
	switch (set) {
	case 0:
		*dv = 0xfedcba9876543210ULL;
		*sv = 0x0000000300000007ULL;
		break;
	case 1:
		*dv = 0x123456789ULL;
		*sv = w ? 0 : 0xabcdef0000000000ULL;	/* low half zero */
		break;
	case 2:
		*dv = w ? 0x8000000000000000ULL : 0xffffffff80000000ULL;
		*sv = w ? -1ULL : 0x00000000ffffffffULL;
		break;
	default:
		*dv = 0xffffffff;
		*sv = 65;
	}
}

static u32 test_alu(const struct alu_case *c, bool w, u32 *n)
{
	char what[96];
	struct prog p;
	u32 bad = 0, set;
	int d, s;
	u64 dv, sv;

	for (set = 0; set < 4; set++) {
		operands(set, w, &dv, &sv);
		for (d = 0; d <= 9; d++) {
			for (s = 0; s <= 9; s++) {
				setup(&p, set, d, dv, s, d == s ? dv : sv);
				add(&p, (struct bpf_insn)I_RAW((w ? BPF_ALU64 : BPF_ALU) |
					c->op | BPF_X, d, s, c->off, 0));
				fold(&p, -1);
				snprintf(what, sizeof(what), "%s%d r%d, r%d set %u",
					 c->name, w ? 64 : 32, d, s, set);
				(*n)++;
				bad += !agree(&p, what);
			}
		}
	}
	return bad;
}

static const s32 atomic_ops[] = {
	BPF_ADD, BPF_OR, BPF_AND, BPF_XOR,
	BPF_ADD | BPF_FETCH, BPF_OR | BPF_FETCH, BPF_AND | BPF_FETCH,
	BPF_XOR | BPF_FETCH, BPF_XCHG, BPF_CMPXCHG,
};

/*
 * [dst - 8] op= src with dst pointing into the stack; the memory is read
 * back into the base register afterwards (it would fold a stack address).
 */
static u32 test_atomic(s32 op, bool w, u32 *n)
{
	u8 size = w ? BPF_DW : BPF_W;
	char what[96];
	struct prog p;
	u32 bad = 0, set;
	int d, s;

	for (set = 0; set < 2; set++) {
		for (d = 0; d <= 9; d++) {
			for (s = 0; s <= 9; s++) {
				if (d == s)
					continue;
				setup(&p, set, -1, 0, -1, 0);
				/* cmpxchg succeeds in set 1: r0 = the memory */
				load64(&p, 9, reg_value(set, 10));
				if (set == 1 && d != 0)
					add(&p, (struct bpf_insn)I_MOV64_REG(0, 9));
				add(&p, (struct bpf_insn)I_STX(BPF_DW, 10, 9, -8));
				load64(&p, 9, reg_value(set, 9));
				add(&p, (struct bpf_insn)I_MOV64_REG(d, 10));
				add(&p, (struct bpf_insn)I_ATOMIC(size, op, d, s, -8));
				add(&p, (struct bpf_insn)I_LDX(BPF_DW, d, 10, -8));
				fold(&p, -1);
				snprintf(what, sizeof(what),
					 "atomic%d %#x [r%d], r%d set %u",
					 w ? 64 : 32, op, d, s, set);
				(*n)++;
				bad += !agree(&p, what);
			}
		}
	}
	return bad;
}

/*
 * What the rewrite of a two-load context field emits, with the stack in
 * for the context: AX = [b - 16] (u32); d = [b - 8]; d += AX; for every
 * base b and destination d, d == b included (the rewrite allows it).
 */
static u32 test_scratch(u32 *n)
{
	char what[64];
	struct prog p;
	u32 bad = 0;
	int b, d;

	for (b = 1; b <= 9; b++) {
		for (d = 0; d <= 9; d++) {
			setup(&p, 0, -1, 0, -1, 0);
			add(&p, (struct bpf_insn)I_STX(BPF_DW, 10, 8, -8));
			add(&p, (struct bpf_insn)I_STX(BPF_DW, 10, 9, -16));
			add(&p, (struct bpf_insn)I_MOV64_REG(b, 10));
			add(&p, (struct bpf_insn)I_LDX(BPF_W, EBPF_REG_AX, b,
						       -16));
			add(&p, (struct bpf_insn)I_LDX(BPF_DW, d, b, -8));
			add(&p, (struct bpf_insn)I_ALU64_REG(BPF_ADD, d,
							     EBPF_REG_AX));
			fold(&p, d == b ? -1 : b);
			snprintf(what, sizeof(what), "scratch: base r%d, dst r%d",
				 b, d);
			(*n)++;
			bad += !agree(&p, what);
		}
	}
	return bad;
}

/*
 * LD_IND's offset folded: "rX = rY; rX += K; r0 = LD_IND[rX + imm]"
 * becomes one load from rY + K + imm when rX is dead after it. The packet
 * is 40 bytes in place and 24 more only through load_packet() (paged
 * data, the slow path), so offsets land in place, in the helper's part,
 * beyond the packet (r0 = 0) and below it, across the 32-bit wrap.
 */
struct fold_pkt {
	const u8 *data;
	u32 len;
	u32 data_len;
	u8 bytes[64];
};

static bool fold_load(const void *ctx, u64 off, u32 size, u64 *val)
{
	const struct fold_pkt *k = ctx;
	u32 i;

	if ((s64)off < 0 || off + size > k->len)
		return false;
	for (*val = 0, i = 0; i < size; i++)
		*val = *val << 8 | k->bytes[off + i];
	return true;
}

static const struct ebpf_interp_env fold_env = {
	.load_packet = fold_load,
	.linear = {
		.data = offsetof(struct fold_pkt, data),
		.len = offsetof(struct fold_pkt, len),
		.data_len = offsetof(struct fold_pkt, data_len),
	},
};

/* the shapes around the load */
enum fold_shape {
	FOLD_DEAD,		/* rX not read after: folds */
	FOLD_LIVE,		/* rX read after: must not fold */
	FOLD_TARGET,		/* a jump lands on the add: only the add folds */
	FOLD_SHAPES
};

static void fold_prog(struct prog *p, enum fold_shape shape, int rx, int ry,
		      u64 y, bool w, s32 k, s32 imm, u8 size)
{
	static const int regs[] = { 0, 7, 8, 9 };
	u32 i;

	p->len = 0;
	add(p, (struct bpf_insn)I_MOV64_REG(6, 1));
	for (i = 0; i < ARRAY_SIZE(regs); i++)
		load64(p, regs[i], regs[i] == ry ? y : reg_value(1, regs[i]));
	if (shape == FOLD_TARGET)	/* when taken, rX keeps its value */
		add(p, (struct bpf_insn)I_JMP_IMM(BPF_JGT, ry, 20, 1));
	add(p, w ? (struct bpf_insn)I_MOV64_REG(rx, ry) :
		   (struct bpf_insn)I_MOV32_REG(rx, ry));
	add(p, w ? (struct bpf_insn)I_ALU64_IMM(BPF_ADD, rx, k) :
		   (struct bpf_insn)I_ALU32_IMM(BPF_ADD, rx, k));
	add(p, (struct bpf_insn)I_LD_IND(size, rx, imm));
	/* r0 = a hash of r0 and r7-r9, rX's only if it is live */
	for (i = 1; i < ARRAY_SIZE(regs); i++) {
		if (regs[i] == rx && shape != FOLD_LIVE)
			continue;
		add(p, (struct bpf_insn)I_ALU64_IMM(BPF_MUL, 0, 31));
		add(p, (struct bpf_insn)I_ALU64_REG(BPF_ADD, 0, regs[i]));
	}
	add(p, (struct bpf_insn)I_EXIT());
}

static u32 test_ld_fold(u32 *n)
{
	static const int regs[] = { 0, 7, 8, 9 };
	static const u64 ys[] = { 0, 14, 37, 0xfffffff0, 0x10000000eULL };
	static const s32 ks[] = { 2, -16, 30, S32_MAX };
	static const s32 imms[] = { 0, 3, -2, S32_MIN };
	static const u8 sizes[] = { BPF_B, BPF_H, BPF_W };
	struct fold_pkt pkt = { .len = 64, .data_len = 24 };
	u32 i, c, shape, a, b, y, w, k, m, z, bad = 0;
	char what[96];
	struct prog p;

	for (i = 0; i < sizeof(pkt.bytes); i++)
		pkt.bytes[i] = 0x11 * i + 7;
	pkt.data = pkt.bytes;
	/* every combination, decoded from one counter */
	for (i = 0; i < FOLD_SHAPES * 16 * ARRAY_SIZE(ys) * 2 * ARRAY_SIZE(ks) *
			ARRAY_SIZE(imms) * ARRAY_SIZE(sizes); i++) {
		c = i;
		z = c % ARRAY_SIZE(sizes), c /= ARRAY_SIZE(sizes);
		m = c % ARRAY_SIZE(imms), c /= ARRAY_SIZE(imms);
		k = c % ARRAY_SIZE(ks), c /= ARRAY_SIZE(ks);
		w = c % 2, c /= 2;
		y = c % ARRAY_SIZE(ys), c /= ARRAY_SIZE(ys);
		b = c % 4, c /= 4;
		a = c % 4, shape = c / 4;
		if (a == b)
			continue;
		fold_prog(&p, shape, regs[a], regs[b], ys[y], w, ks[k],
			  imms[m], sizes[z]);
		snprintf(what, sizeof(what),
			 "fold %u: r%d = r%d (%#llx), %u-bit += %d, ld[+%d] size %u",
			 shape, regs[a], regs[b], (unsigned long long)ys[y],
			 w ? 64 : 32, ks[k], imms[m], sizes[z]);
		(*n)++;
		bad += !agree_env(&p, &pkt, &fold_env, what);
	}
	return bad;
}

int main(void)
{
	u32 i, w, n, bad, tap = 0, failed = 0;
	char name[64];

	/* emitted code that loops forever fails the test instead of hanging */
	alarm(120);
	printf("TAP version 13\n1..%zu\n",
	       2 * (ARRAY_SIZE(alu_cases) + ARRAY_SIZE(atomic_ops)) + 2);
	for (w = 0; w <= 1; w++) {
		for (i = 0; i < ARRAY_SIZE(alu_cases); i++) {
			n = 0;
			bad = test_alu(&alu_cases[i], w, &n);
			snprintf(name, sizeof(name), "%s%u, every register pair",
				 alu_cases[i].name, w ? 64 : 32);
			printf("%s %u jit regs: %s (%u programs, %u differ)\n",
			       bad ? "not ok" : "ok", ++tap, name, n, bad);
			failed += !!bad;
		}
		for (i = 0; i < ARRAY_SIZE(atomic_ops); i++) {
			n = 0;
			bad = test_atomic(atomic_ops[i], w, &n);
			printf("%s %u jit regs: atomic%u op %#x, all pairs (%u progs, %u differ)\n",
			       bad ? "not ok" : "ok", ++tap, w ? 64 : 32,
			       atomic_ops[i], n, bad);
			failed += !!bad;
		}
	}
	n = 0;
	bad = test_scratch(&n);
	printf("%s %u jit regs: the rewrite's scratch register (%u progs, %u differ)\n",
	       bad ? "not ok" : "ok", ++tap, n, bad);
	failed += !!bad;
	n = 0;
	bad = test_ld_fold(&n);
	printf("%s %u jit regs: LD_IND's offset folded (%u progs, %u differ)\n",
	       bad ? "not ok" : "ok", ++tap, n, bad);
	failed += !!bad;
	printf("# %u passed, %u failed\n", tap - failed, failed);
	return failed ? 1 : 0;
}
