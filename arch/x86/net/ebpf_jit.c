// SPDX-License-Identifier: GPL-2.0
/*
 * The x86-64 JIT: verified eBPF programs as native code.
 *
 * Every BPF register lives in one x86 register for the whole program, the
 * argument registers where the x86-64 calling convention wants them, so a
 * helper call is a plain "call rel32" with nothing moved:
 *
 *	r0 rax   r1 rdi   r2 rsi   r3 rdx   r4 rcx   r5 r8
 *	r6 rbx   r7 r13   r8 r14   r9 r15   r10 rbp (the frame pointer)
 *
 * r9-r11 are scratch registers no BPF register uses: an operand the x86
 * instruction cannot take directly (a blinded immediate, a divisor, a
 * shift count's home while rcx holds the count) or a register an
 * instruction clobbers implicitly (rax and rdx for division, rax for
 * cmpxchg). Only the callee-saved registers the program names are saved,
 * and only a program that uses r10 or LD_ABS gets a frame. A program with
 * LD_ABS/LD_IND keeps the packet's data pointer in r12 and the length of
 * its linear part in the frame, both read once in the prologue.
 *
 * The layout is found by passes: each pass emits nothing but counts bytes,
 * sizing every jump from the previous pass's layout (the first assumes
 * rel32 everywhere). Code only shrinks from pass to pass, so a jump that
 * once fitted rel8 keeps fitting, and the passes stop when the layout no
 * longer moves. The emitting pass then reproduces that layout byte for
 * byte, or the program is not run from it.
 *
 * Nothing here touches kernel memory: kernel/ebpf/jit.c allocates, seals
 * and frees the image; tools/testing/ebpf runs the same code natively.
 */
#include "core.h"
#include "insn.h"
#include "jit.h"
#include "progtypes.h"

enum x86_reg {
	RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
	R8, R9, R10, R11, R12, R13, R14, R15,
};

/* scratch registers: caller-saved, and no BPF register's */
#define AUX		R11
#define SAVE_RAX	R10
#define SAVE_RDX	R9

/*
 * The rewrite's EBPF_REG_AX only appears in loads, moves, additions,
 * subtractions, bitwise operations, negation and shifts by a constant
 * (the context rewrite and the Spectre v1 masking), none of which needs
 * SAVE_RAX: it only serves division and cmpxchg, so it is free to hold AX.
 */
static const u8 bpf2x86[EBPF_NR_REGS] = {
	[BPF_REG_0] = RAX, [BPF_REG_1] = RDI, [BPF_REG_2] = RSI,
	[BPF_REG_3] = RDX, [BPF_REG_4] = RCX, [BPF_REG_5] = R8,
	[BPF_REG_6] = RBX, [BPF_REG_7] = R13, [BPF_REG_8] = R14,
	[BPF_REG_9] = R15, [BPF_REG_10] = RBP, [EBPF_REG_AX] = SAVE_RAX,
};

/* the callee-saved registers the program may use, in push order */
static const u8 callee_saved[] = { RBX, R12, R13, R14, R15 };

/* LD_ABS/LD_IND's base: the packet's data pointer, from the prologue */
#define PKT_DATA	R12

/* x86 condition codes, the low nibble of Jcc */
enum x86_cc {
	CC_B = 0x2, CC_AE = 0x3, CC_E = 0x4, CC_NE = 0x5, CC_BE = 0x6,
	CC_A = 0x7, CC_NS = 0x9, CC_L = 0xc, CC_GE = 0xd, CC_LE = 0xe, CC_G = 0xf,
	CC_JMP = -1,	/* an unconditional jmp */
};

/* the largest image: far more than a million instructions need */
#define EBPF_JIT_MAX_IMAGE	(256U << 20)
/* passes until the layout settles; a handful in practice */
#define EBPF_JIT_MAX_PASSES	64

static bool is_imm8(s64 v)
{
	return v >= -128 && v <= 127;
}

static bool is_simm32(s64 v)
{
	return v >= S32_MIN && v <= S32_MAX;
}

/* ---- bytes ------------------------------------------------------------ */

static void emit8(struct ebpf_jit *j, u8 b)
{
	if (j->buf) {
		if (j->pos < j->size)
			j->buf[j->pos] = b;
		else
			j->failed = true;
	}
	j->pos++;
}

static void emit16(struct ebpf_jit *j, u16 v)
{
	emit8(j, v);
	emit8(j, v >> 8);
}

static void emit32(struct ebpf_jit *j, u32 v)
{
	int i;

	for (i = 0; i < 4; i++)
		emit8(j, v >> (8 * i));
}

static void emit64(struct ebpf_jit *j, u64 v)
{
	emit32(j, v);
	emit32(j, v >> 32);
}

/* An opcode of one to three bytes, the first in the highest. */
static void emit_opcode(struct ebpf_jit *j, u32 op)
{
	if (op > 0xffff)
		emit8(j, op >> 16);
	if (op > 0xff)
		emit8(j, op >> 8);
	emit8(j, op);
}

/*
 * REX: W for 64-bit operands, R and B extend ModRM's reg and rm fields.
 * A byte operand in spl/bpl/sil/dil needs a REX even when it has no bit
 * set, or the same encoding means ah/ch/dh/bh.
 */
static void emit_rex(struct ebpf_jit *j, bool w, u8 reg, u8 rm, bool bytereg)
{
	u8 rex = 0x40 | w << 3 | (reg >> 3) << 2 | rm >> 3;

	if (rex != 0x40 || bytereg)
		emit8(j, rex);
}

static bool needs_rex_byte(u8 reg)
{
	return reg >= RSP && reg <= RDI;
}

/* op with ModRM naming two registers: @reg in reg, @rm in rm */
static void emit_rr(struct ebpf_jit *j, u32 op, bool w, u8 reg, u8 rm)
{
	emit_rex(j, w, reg, rm, false);
	emit_opcode(j, op);
	emit8(j, 0xc0 | (reg & 7) << 3 | (rm & 7));
}

/* the same where the rm register is a byte operand */
static void emit_rr_byte(struct ebpf_jit *j, u32 op, bool w, u8 reg, u8 rm)
{
	emit_rex(j, w, reg, rm, needs_rex_byte(rm));
	emit_opcode(j, op);
	emit8(j, 0xc0 | (reg & 7) << 3 | (rm & 7));
}

/*
 * ModRM and what follows for memory at @base + @disp. rbp and r13 as a
 * base have no form without a displacement, rsp and r12 need a SIB.
 */
static void emit_mem(struct ebpf_jit *j, u8 reg, u8 base, s32 disp)
{
	u8 mod = disp || (base & 7) == RBP ? (is_imm8(disp) ? 1 : 2) : 0;

	emit8(j, mod << 6 | (reg & 7) << 3 | (base & 7));
	if ((base & 7) == RSP)
		emit8(j, 0x24);
	if (mod == 1)
		emit8(j, disp);
	else if (mod == 2)
		emit32(j, disp);
}

/* op with a register (@reg, a byte operand when @bytereg) and memory */
static void emit_rm(struct ebpf_jit *j, u32 op, bool w, u8 reg, u8 base,
		    s32 disp, bool bytereg)
{
	emit_rex(j, w, reg, base, bytereg && needs_rex_byte(reg));
	emit_opcode(j, op);
	emit_mem(j, reg, base, disp);
}

/* ---- instructions ----------------------------------------------------- */

static void emit_mov_rr(struct ebpf_jit *j, bool w, u8 dst, u8 src)
{
	emit_rr(j, 0x89, w, src, dst);
}

/* dst32 = dst32: clears the upper half, as a 32-bit ALU op must */
static void emit_zext(struct ebpf_jit *j, u8 dst)
{
	emit_mov_rr(j, false, dst, dst);
}

static void emit_zero(struct ebpf_jit *j, u8 dst)
{
	emit_rr(j, 0x31, false, dst, dst);	/* xor dst32, dst32 */
}

/* dst = @imm, zero-extended from 32 bits or (@sext) sign-extended. */
static void emit_mov_imm32(struct ebpf_jit *j, u8 dst, s32 imm, bool sext)
{
	if (!imm) {
		emit_zero(j, dst);
	} else if (!sext || imm > 0) {
		emit_rex(j, false, 0, dst, false);
		emit8(j, 0xb8 | (dst & 7));	/* mov r32, imm32 */
		emit32(j, imm);
	} else {
		emit_rr(j, 0xc7, true, 0, dst);	/* mov r/m64, simm32 */
		emit32(j, imm);
	}
}

static void emit_mov_imm64(struct ebpf_jit *j, u8 dst, u64 v)
{
	if (v <= U32_MAX || is_simm32((s64)v)) {
		emit_mov_imm32(j, dst, (s32)v, (s64)v < 0);
		return;
	}
	emit_rex(j, true, 0, dst, false);
	emit8(j, 0xb8 | (dst & 7));		/* movabs */
	emit64(j, v);
}

static bool blinding(const struct ebpf_jit *j)
{
	return j->keys;
}

static u32 key(const struct ebpf_jit *j)
{
	return j->keys[j->key_at];
}

/*
 * @reg = @imm, sign-extended to 64 bits when @w, as (imm ^ key) ^ key: the
 * image holds the key and the blinded value, never the constant.
 */
static void emit_blinded(struct ebpf_jit *j, u8 reg, s32 imm, bool w)
{
	emit_rr(j, 0xc7, w, 0, reg);		/* mov reg, imm ^ key */
	emit32(j, imm ^ key(j));
	emit_rr(j, 0x81, w, 6, reg);		/* xor reg, key */
	emit32(j, key(j));
}

/* @reg = @imm for an operand: blinded when blinding is on */
static void emit_operand_imm(struct ebpf_jit *j, u8 reg, s32 imm, bool w)
{
	if (blinding(j) && imm)
		emit_blinded(j, reg, imm, w);
	else
		emit_mov_imm32(j, reg, imm, w);
}

/* group-1 op (/digit) of @dst with @imm, the short form when it fits */
static void emit_alu_imm(struct ebpf_jit *j, u8 digit, bool w, u8 dst, s32 imm)
{
	if (is_imm8(imm)) {
		emit_rr(j, 0x83, w, digit, dst);
		emit8(j, imm);
	} else {
		emit_rr(j, 0x81, w, digit, dst);
		emit32(j, imm);
	}
}

/* One BPF ALU op on x86: the reg, reg opcode and the group-1 digit. */
struct alu_op {
	u8 rr;
	u8 digit;
};

static const struct alu_op alu_ops[16] = {
	[BPF_ADD >> 4] = { 0x01, 0 },
	[BPF_OR >> 4] = { 0x09, 1 },
	[BPF_AND >> 4] = { 0x21, 4 },
	[BPF_SUB >> 4] = { 0x29, 5 },
	[BPF_XOR >> 4] = { 0x31, 6 },
};

#define CMP_RR		0x39
#define CMP_DIGIT	7

static void emit_alu_k(struct ebpf_jit *j, u8 op, bool w, u8 dst, s32 imm)
{
	const struct alu_op *a = &alu_ops[op >> 4];

	/* identities: nothing to do but what a 32-bit op does to the top */
	if ((op != BPF_AND && !imm) || (op == BPF_AND && imm == -1)) {
		if (!w)
			emit_zext(j, dst);
		return;
	}
	if (op == BPF_AND && !imm) {
		emit_zero(j, dst);
		return;
	}
	if (blinding(j)) {
		emit_blinded(j, AUX, imm, w);
		emit_rr(j, a->rr, w, AUX, dst);
		return;
	}
	/* a non-negative mask clears the top half either way: no REX.W */
	if (op == BPF_AND && imm > 0)
		w = false;
	emit_alu_imm(j, a->digit, w, dst, imm);
}

static void emit_mov(struct ebpf_jit *j, const struct bpf_insn *in, bool w,
		     u8 dst, u8 src)
{
	if (BPF_SRC(in->code) == BPF_K) {
		emit_operand_imm(j, dst, in->imm, w);
		return;
	}
	switch (in->off) {
	case 8:
		emit_rr_byte(j, 0x0fbe, w, dst, src);	/* movsx r, r/m8 */
		break;
	case 16:
		emit_rr(j, 0x0fbf, w, dst, src);	/* movsx r, r/m16 */
		break;
	case 32:
		emit_rr(j, 0x63, true, dst, src);	/* movsxd */
		break;
	default:
		if (!w || dst != src)
			emit_mov_rr(j, w, dst, src);
	}
}

/* shift group (/digit) of @dst by the constant @n */
static void emit_shift_k(struct ebpf_jit *j, u8 digit, bool w, u8 dst, u32 n)
{
	if (!n) {
		if (!w)
			emit_zext(j, dst);
	} else if (n == 1) {
		emit_rr(j, 0xd1, w, digit, dst);
	} else {
		emit_rr(j, 0xc1, w, digit, dst);
		emit8(j, n);
	}
}

static int ilog2_exact(u64 v)
{
	return v && !(v & (v - 1)) ? __builtin_ctzll(v) : -1;
}

static void emit_mul(struct ebpf_jit *j, const struct bpf_insn *in, bool w,
		     u8 dst, u8 src)
{
	s32 imm = in->imm;
	int sh;

	if (BPF_SRC(in->code) == BPF_X) {
		emit_rr(j, 0x0faf, w, dst, src);	/* imul dst, src */
		return;
	}
	sh = ilog2_exact(imm > 0 ? imm : 0);
	if (!imm) {
		emit_zero(j, dst);
	} else if (sh >= 0 && (!blinding(j) || !sh)) {
		emit_shift_k(j, 4, w, dst, sh);		/* shl */
	} else if (blinding(j)) {
		emit_blinded(j, AUX, imm, w);
		emit_rr(j, 0x0faf, w, dst, AUX);
	} else {
		emit_rr(j, is_imm8(imm) ? 0x6b : 0x69, w, dst, dst);
		if (is_imm8(imm))
			emit8(j, imm);
		else
			emit32(j, imm);
	}
}

/* A division or modulo, as its pieces are emitted. */
struct divmod {
	bool w, mod, sdiv;
	u8 dst;
};

/* The results RFC 9669 gives for a zero divisor: 0, or the dividend. */
static void emit_div_by_zero(struct ebpf_jit *j, const struct divmod *d)
{
	if (!d->mod)
		emit_zero(j, d->dst);
	else if (!d->w)
		emit_zext(j, d->dst);
}

/* Signed by -1, which would trap for INT_MIN: the negation, or 0. */
static void emit_div_by_minus1(struct ebpf_jit *j, const struct divmod *d)
{
	if (d->mod)
		emit_zero(j, d->dst);
	else
		emit_rr(j, 0xf7, d->w, 3, d->dst);	/* neg */
}

/* dst = dst / AUX or dst % AUX; rax and rdx kept unless dst is one */
static void emit_div_aux(struct ebpf_jit *j, const struct divmod *d)
{
	u8 res = d->mod ? RDX : RAX;

	if (d->dst != RAX)
		emit_mov_rr(j, true, SAVE_RAX, RAX);
	if (d->dst != RDX)
		emit_mov_rr(j, true, SAVE_RDX, RDX);
	if (d->dst != RAX)
		emit_mov_rr(j, d->w, RAX, d->dst);
	if (!d->sdiv)
		emit_zero(j, RDX);
	else if (d->w)
		emit_opcode(j, 0x4899);			/* cqo */
	else
		emit8(j, 0x99);				/* cdq */
	emit_rr(j, 0xf7, d->w, d->sdiv ? 7 : 6, AUX);	/* (i)div aux */
	if (d->dst != res)
		emit_mov_rr(j, d->w, d->dst, res);
	if (d->dst != RDX)
		emit_mov_rr(j, true, RDX, SAVE_RDX);
	if (d->dst != RAX)
		emit_mov_rr(j, true, RAX, SAVE_RAX);
}

/* bytes @fn would emit, emitting none */
static u32 measure(struct ebpf_jit *j,
		   void (*fn)(struct ebpf_jit *j, const struct divmod *d),
		   const struct divmod *d)
{
	u8 *buf = j->buf;
	u32 pos = j->pos, len;

	j->buf = NULL;
	fn(j, d);
	len = j->pos - pos;
	j->pos = pos;
	j->buf = buf;
	return len;
}

/* a short jump over @len bytes; every caller's block is far below 128 */
static void emit_skip(struct ebpf_jit *j, int cc, u32 len)
{
	emit8(j, cc == CC_JMP ? 0xeb : 0x70 | cc);
	emit8(j, len);
}

/* unsigned by a power of two: a shift, or a mask */
static bool emit_divmod_pow2(struct ebpf_jit *j, const struct divmod *d,
			     s32 imm)
{
	int sh = ilog2_exact(d->w ? (imm > 0 ? imm : 0) : (u32)imm);

	if (sh < 0 || d->sdiv || blinding(j))
		return false;
	if (!d->mod)
		emit_shift_k(j, 5, d->w, d->dst, sh);		/* shr */
	else if (!sh)
		emit_zero(j, d->dst);
	else
		emit_alu_imm(j, 4, false, d->dst, (u32)imm - 1);	/* and */
	return true;
}

static void emit_divmod(struct ebpf_jit *j, const struct bpf_insn *in,
			bool w, u8 dst, u8 src)
{
	const struct divmod d = {
		.w = w, .mod = BPF_OP(in->code) == BPF_MOD,
		.sdiv = in->off == 1, .dst = dst,
	};
	u32 zero_len, m1_len, div_len;

	if (BPF_SRC(in->code) == BPF_K) {
		/* the divisor is known: no run-time checks */
		if (!in->imm) {
			emit_div_by_zero(j, &d);
		} else if (d.sdiv && in->imm == -1) {
			emit_div_by_minus1(j, &d);
		} else if (!emit_divmod_pow2(j, &d, in->imm)) {
			emit_operand_imm(j, AUX, in->imm, w);
			emit_div_aux(j, &d);
		}
		return;
	}
	zero_len = measure(j, emit_div_by_zero, &d);
	m1_len = measure(j, emit_div_by_minus1, &d);
	div_len = measure(j, emit_div_aux, &d);
	if (d.sdiv)
		div_len += 4 + 2 + m1_len + 2;	/* cmp aux, -1; jne; ...; jmp */

	emit_mov_rr(j, w, AUX, src);
	emit_rr(j, 0x85, w, AUX, AUX);			/* test aux, aux */
	emit_skip(j, CC_NE, zero_len + 2);
	emit_div_by_zero(j, &d);
	emit_skip(j, CC_JMP, div_len);
	if (d.sdiv) {
		emit_rr(j, 0x83, w, CMP_DIGIT, AUX);	/* cmp aux, -1 */
		emit8(j, 0xff);
		emit_skip(j, CC_NE, m1_len + 2);
		emit_div_by_minus1(j, &d);
		emit_skip(j, CC_JMP, div_len - (4 + 2 + m1_len + 2));
	}
	emit_div_aux(j, &d);
}

static const u8 shift_digit[16] = {
	[BPF_LSH >> 4] = 4, [BPF_RSH >> 4] = 5, [BPF_ARSH >> 4] = 7,
};

/* x86 shifts by cl mask the count as RFC 9669 does: by 63, or by 31 */
static void emit_shift(struct ebpf_jit *j, const struct bpf_insn *in, bool w,
		       u8 dst, u8 src)
{
	u8 digit = shift_digit[BPF_OP(in->code) >> 4];

	if (BPF_SRC(in->code) == BPF_K) {
		emit_shift_k(j, digit, w, dst, in->imm & (w ? 63 : 31));
		return;
	}
	if (src == RCX) {
		emit_rr(j, 0xd3, w, digit, dst);
	} else if (dst == RCX) {
		/* shift a copy while rcx holds the count */
		emit_mov_rr(j, true, AUX, RCX);
		emit_mov_rr(j, true, RCX, src);
		emit_rr(j, 0xd3, w, digit, AUX);
		emit_mov_rr(j, true, RCX, AUX);
	} else {
		emit_mov_rr(j, true, AUX, RCX);
		emit_mov_rr(j, true, RCX, src);
		emit_rr(j, 0xd3, w, digit, dst);
		emit_mov_rr(j, true, RCX, AUX);
	}
}

/* byte order: this JIT's host is little-endian */
static void emit_end(struct ebpf_jit *j, const struct bpf_insn *in, bool w,
		     u8 dst)
{
	bool swap = w || BPF_SRC(in->code) == BPF_TO_BE;

	switch (in->imm) {
	case 16:
		if (swap) {
			emit8(j, 0x66);			/* rol dst16, 8 */
			emit_rr(j, 0xc1, false, 0, dst);
			emit8(j, 8);
		}
		emit_rr(j, 0x0fb7, false, dst, dst);	/* movzx dst32, dst16 */
		break;
	case 32:
		if (swap) {
			emit_rex(j, false, 0, dst, false);
			emit8(j, 0x0f);
			emit8(j, 0xc8 | (dst & 7));	/* bswap dst32 */
		} else {
			emit_zext(j, dst);
		}
		break;
	default:
		if (swap) {
			emit_rex(j, true, 0, dst, false);
			emit8(j, 0x0f);
			emit8(j, 0xc8 | (dst & 7));	/* bswap dst64 */
		}
	}
}

static void emit_alu(struct ebpf_jit *j, const struct bpf_insn *in)
{
	bool w = BPF_CLASS(in->code) == BPF_ALU64;
	u8 dst = bpf2x86[in->dst_reg], src = bpf2x86[in->src_reg];
	u8 op = BPF_OP(in->code);

	switch (op) {
	case BPF_ADD:
	case BPF_SUB:
	case BPF_OR:
	case BPF_AND:
	case BPF_XOR:
		if (BPF_SRC(in->code) == BPF_K)
			emit_alu_k(j, op, w, dst, in->imm);
		else
			emit_rr(j, alu_ops[op >> 4].rr, w, src, dst);
		break;
	case BPF_MOV:
		emit_mov(j, in, w, dst, src);
		break;
	case BPF_MUL:
		emit_mul(j, in, w, dst, src);
		break;
	case BPF_DIV:
	case BPF_MOD:
		emit_divmod(j, in, w, dst, src);
		break;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		emit_shift(j, in, w, dst, src);
		break;
	case BPF_NEG:
		emit_rr(j, 0xf7, w, 3, dst);
		break;
	case BPF_END:
		emit_end(j, in, w, dst);
		break;
	}
}

/* ---- control flow ----------------------------------------------------- */

/*
 * Would a jump at the current position reach @target, an offset in the
 * last pass's layout, with rel8? The first pass assumes not. Code only
 * shrinks from pass to pass, so the last layout's distance bounds the
 * final one: backward from where a short jump would end, forward from
 * where the jump ended last pass (its own bytes are not crossed, and
 * shrink with it). Once the layout settles, the bound is the distance.
 */
static bool jump_is_short(const struct ebpf_jit *j, u32 target)
{
	u32 at = j->addr[j->cur] + (j->pos - j->cur_start);
	s64 end = (s64)at + (target > at ? j->jump_len[j->cur] : 2);

	return j->passes && is_imm8((s64)target - end);
}

static void emit_jump(struct ebpf_jit *j, int cc, u32 target)
{
	s64 end = (s64)j->addr[j->cur] + (j->pos - j->cur_start);
	u32 start = j->pos;

	if (jump_is_short(j, target)) {
		emit_skip(j, cc, (u8)(target - (end + 2)));
	} else if (cc == CC_JMP) {
		emit8(j, 0xe9);
		emit32(j, target - (end + 5));
	} else {
		emit8(j, 0x0f);
		emit8(j, 0x80 | cc);
		emit32(j, target - (end + 6));
	}
	j->jump_len[j->cur] = j->pos - start;
}

/* call or jmp (@op) rel32 to @fn, which must be within reach */
static void emit_rel32(struct ebpf_jit *j, u8 op, const void *fn)
{
	s64 d = 0;

	if (j->buf) {
		d = (s64)((uintptr_t)fn - (uintptr_t)(j->buf + j->pos + 5));
		if (!is_simm32(d))
			j->out_of_reach = true;
	}
	emit8(j, op);
	emit32(j, d);
}

static void emit_call(struct ebpf_jit *j, const void *fn)
{
	emit_rel32(j, 0xe8, fn);
}

/* ret, through the return thunk if the kernel has one */
static void emit_ret(struct ebpf_jit *j)
{
	if (j->env->return_thunk)
		emit_rel32(j, 0xe9, j->env->return_thunk);
	else
		emit8(j, 0xc3);				/* ret */
	if (j->env->sls)
		emit8(j, 0xcc);				/* int3 */
}

static u32 ret_len(const struct ebpf_jit *j)
{
	return (j->env->return_thunk ? 5 : 1) + j->env->sls;
}

static void emit_epilogue(struct ebpf_jit *j)
{
	int i;

	if (j->pad)
		emit8(j, 0x58 | RCX);			/* pop rcx, dead here */
	for (i = ARRAY_SIZE(callee_saved) - 1; i >= 0; i--) {
		if (!(j->saved & BIT(callee_saved[i])))
			continue;
		emit_rex(j, false, 0, callee_saved[i], false);
		emit8(j, 0x58 | (callee_saved[i] & 7));	/* pop */
	}
	if (j->has_frame)
		emit8(j, 0xc9);				/* leave */
	emit_ret(j);
}

/* The frame slot of headlen - @size, for LD_ABS/LD_IND of @size bytes */
static s32 room_slot(const struct ebpf_jit *j, u32 size)
{
	return j->room_slot[size == 4 ? 2 : size - 1];
}

/*
 * For LD_ABS's inline checks: the packet's data pointer into r12 and,
 * for each load size the program uses, headlen - size into the frame
 * (headlen = len - data_len, the packet's linear bytes), all from the
 * context (r1 on entry). A load at a zero-extended offset is then in
 * place if offset <= headlen - size, signed: a negative offset is
 * larger than any headlen, being zero-extended, and a headlen above
 * S32_MAX (never a real packet's) is taken as 0, every load then going
 * to the helper. rax and rcx are free here: r0 has no value yet, r4 is
 * not an argument.
 */
static void emit_pkt_setup(struct ebpf_jit *j)
{
	const struct ebpf_linear_data *l = &j->env->interp->linear;
	u32 size;

	emit_rm(j, 0x8b, false, RAX, RDI, l->len, false);
	emit_rm(j, 0x2b, false, RAX, RDI, l->data_len, false);
	emit_skip(j, CC_NS, 2);
	emit_zero(j, RAX);
	for (size = 1; size <= 4; size *= 2) {
		if (!(j->ld_sizes & size))
			continue;
		emit_rm(j, 0x8d, true, RCX, RAX, -size, false);	/* lea rcx */
		emit_rm(j, 0x89, true, RCX, RBP, room_slot(j, size), false);
	}
	emit_rm(j, 0x8b, true, PKT_DATA, RDI, l->data, false);
}

static void emit_prologue(struct ebpf_jit *j)
{
	u32 i;

	if (j->env->ibt)
		emit32(j, 0xfa1e0ff3);			/* endbr64 */
	if (j->has_frame) {
		emit8(j, 0x55);				/* push rbp */
		emit_mov_rr(j, true, RBP, RSP);
		if (j->frame)
			emit_alu_imm(j, 5, true, RSP, j->frame); /* sub rsp */
	}
	for (i = 0; i < ARRAY_SIZE(callee_saved); i++) {
		if (!(j->saved & BIT(callee_saved[i])))
			continue;
		emit_rex(j, false, 0, callee_saved[i], false);
		emit8(j, 0x50 | (callee_saved[i] & 7));	/* push */
	}
	if (j->pad)
		emit8(j, 0x50 | RAX);			/* push rax, any word */
	if (j->saved & BIT(PKT_DATA))
		emit_pkt_setup(j);
}

/* The end of the program: into the epilogue, or a copy of it if small. */
static void emit_exit(struct ebpf_jit *j)
{
	u32 target = j->addr[j->insn_cnt];

	if (j->cur == j->insn_cnt - 1)
		return;				/* the epilogue follows */
	if (j->epilogue_len <= 2 ||
	    (j->epilogue_len <= 5 && !jump_is_short(j, target)))
		emit_epilogue(j);
	else
		emit_jump(j, CC_JMP, target);
}

static const s8 jmp_cc[16] = {
	[BPF_JEQ >> 4] = CC_E, [BPF_JNE >> 4] = CC_NE,
	[BPF_JGT >> 4] = CC_A, [BPF_JGE >> 4] = CC_AE,
	[BPF_JLT >> 4] = CC_B, [BPF_JLE >> 4] = CC_BE,
	[BPF_JSGT >> 4] = CC_G, [BPF_JSGE >> 4] = CC_GE,
	[BPF_JSLT >> 4] = CC_L, [BPF_JSLE >> 4] = CC_LE,
	[BPF_JSET >> 4] = CC_NE,
};

/* set the flags for @in's condition; false: it can never be taken */
static bool emit_compare(struct ebpf_jit *j, const struct bpf_insn *in,
			 bool w, u8 dst, u8 src)
{
	bool jset = BPF_OP(in->code) == BPF_JSET;
	s32 imm = in->imm;

	if (BPF_SRC(in->code) == BPF_X) {
		emit_rr(j, jset ? 0x85 : CMP_RR, w, src, dst);
	} else if (jset && !imm) {
		return false;
	} else if (!imm) {
		emit_rr(j, 0x85, w, dst, dst);		/* test dst, dst */
	} else if (blinding(j)) {
		emit_blinded(j, AUX, imm, w);
		emit_rr(j, jset ? 0x85 : CMP_RR, w, AUX, dst);
	} else if (jset && imm > 0 && imm <= U8_MAX) {
		emit_rr_byte(j, 0xf6, false, 0, dst);	/* test dst8, imm8 */
		emit8(j, imm);
	} else if (jset) {
		emit_rr(j, 0xf7, w, 0, dst);		/* test dst, imm32 */
		emit32(j, imm);
	} else {
		emit_alu_imm(j, CMP_DIGIT, w, dst, imm);
	}
	return true;
}

/*
 * A helper call. The verifier checks only the calls a program can reach:
 * one in code it proved dead may name any id, for which there is no
 * function to call (or to read the address of); it gets ud2 instead.
 */
static void emit_helper_call(struct ebpf_jit *j, s32 id)
{
	ebpf_helper_fn fn = NULL;

	if (id >= 0 && id < EBPF_HELPER_MAX && j->env->interp->helpers)
		fn = j->env->interp->helpers[id];
	if (fn)
		emit_call(j, fn);
	else
		emit_opcode(j, 0x0f0b);			/* ud2 */
}

static void emit_jmp(struct ebpf_jit *j, const struct bpf_insn *in)
{
	bool w = BPF_CLASS(in->code) == BPF_JMP;
	u8 dst = bpf2x86[in->dst_reg], src = bpf2x86[in->src_reg];
	u8 op = BPF_OP(in->code);
	s32 off = in->off;

	switch (op) {
	case BPF_CALL:
		emit_helper_call(j, in->imm);
		return;
	case BPF_EXIT:
		emit_exit(j);
		return;
	case BPF_JA:
		if (!w)
			off = in->imm;		/* gotol */
		if (off)
			emit_jump(j, CC_JMP, j->addr[j->cur + 1 + off]);
		return;
	}
	/* a jump to the next instruction goes there either way */
	if (off && emit_compare(j, in, w, dst, src))
		emit_jump(j, jmp_cc[op >> 4], j->addr[j->cur + 1 + off]);
}

/* ---- memory ----------------------------------------------------------- */

static void emit_ld_imm64(struct ebpf_jit *j, const struct bpf_insn *in)
{
	u64 v = (u32)in[0].imm | (u64)(u32)in[1].imm << 32;
	u8 dst = bpf2x86[in->dst_reg];
	u64 k;

	if (!blinding(j) || !v) {
		emit_mov_imm64(j, dst, v);
		return;
	}
	k = j->keys[j->cur] | (u64)j->keys[j->cur + 1] << 32;
	emit_rex(j, true, 0, dst, false);
	emit8(j, 0xb8 | (dst & 7));		/* movabs dst, v ^ k */
	emit64(j, v ^ k);
	emit_rex(j, true, 0, AUX, false);
	emit8(j, 0xb8 | (AUX & 7));		/* movabs aux, k */
	emit64(j, k);
	emit_rr(j, 0x31, true, AUX, dst);	/* xor dst, aux */
}

/* @size bytes at @base + @disp into eax, in host order */
/* op reg, [base + index], for a base that needs no displacement */
static void emit_rm_index(struct ebpf_jit *j, u32 op, u8 reg, u8 base,
			  u8 index)
{
	u8 rex = 0x40 | (reg >> 3) << 2 | (index >> 3) << 1 | base >> 3;

	if (rex != 0x40)
		emit8(j, rex);
	emit_opcode(j, op);
	emit8(j, (reg & 7) << 3 | RSP);			/* mod 0, SIB */
	emit8(j, (index & 7) << 3 | (base & 7));	/* scale 1 */
}

/* eax = the @size big-endian bytes at [base + disp] or [base + @index] */
static void emit_ld_bytes(struct ebpf_jit *j, u32 size, u8 base, int index,
			  s32 disp)
{
	static const u32 load_op[] = { [1] = 0x0fb6, [2] = 0x0fb7, [4] = 0x8b };

	if (index < 0)
		emit_rm(j, load_op[size], false, RAX, base, disp, false);
	else
		emit_rm_index(j, load_op[size], RAX, base, index);
	if (size == 2) {
		emit8(j, 0x66);
		emit_rr(j, 0xc1, false, 0, RAX);		/* rol ax, 8 */
		emit8(j, 8);
	} else if (size == 4) {
		emit_opcode(j, 0x0fc8);				/* bswap eax */
	}
}

/* The way through load_packet(r6, rsi, size, &slot); returns 0 if it fails. */
static void emit_ld_helper(struct ebpf_jit *j, u32 size)
{
	emit_mov_rr(j, true, RDI, RBX);
	emit_mov_imm32(j, RDX, size, false);
	emit_rm(j, 0x8d, true, RCX, RBP, j->slot, false);	/* lea */
	emit_call(j, j->env->interp->load_packet);
	emit_rr_byte(j, 0x84, false, RAX, RAX);		/* test al, al */
}

/* A jump whose size does not depend on the layout: always rel32. */
static void emit_jump32(struct ebpf_jit *j, int cc, u32 target)
{
	s64 end = (s64)j->addr[j->cur] + (j->pos - j->cur_start) +
		  (cc == CC_JMP ? 5 : 6);

	if (cc != CC_JMP)
		emit8(j, 0x0f);
	emit8(j, cc == CC_JMP ? 0xe9 : 0x80 | cc);
	emit32(j, target - end);
}

/* Is this LD_ABS's offset known here, and small enough to check inline? */
static bool ld_abs_const(const struct ebpf_jit *j, const struct bpf_insn *in)
{
	return BPF_MODE(in->code) == BPF_ABS && !blinding(j) && in->imm >= 0 &&
	       in->imm <= S32_MAX - 4;
}

/* A call or jmp (@op) rel32 to @target, a place in the image's layout. */
static void emit_rel32_to(struct ebpf_jit *j, u8 op, u32 target)
{
	s64 end = (s64)j->addr[j->cur] + (j->pos - j->cur_start) + 5;

	emit8(j, op);
	emit32(j, target - end);
}

/* Layout slot of the shared slow path for loads of @size bytes. */
static u32 ld_tail_slot(const struct ebpf_jit *j, u32 size)
{
	return j->insn_cnt + 2 + j->ld_cnt + (size == 4 ? 2 : size - 1);
}

/*
 * The out-of-line rest of LD_ABS/LD_IND @i, after the epilogue: the
 * offset sign-extended into rsi (the fast path left it zero-extended, or
 * not computed for a constant), the shared slow path of its size, back
 * after the load.
 */
static void emit_ld_stub(struct ebpf_jit *j, u32 i)
{
	const struct bpf_insn *in = &j->insns[i];
	u32 size = ebpf_size_bytes(in->code);

	if (BPF_MODE(in->code) == BPF_ABS)
		emit_operand_imm(j, RSI, in->imm, true);
	else
		emit_rr(j, 0x63, true, RSI, RSI);	/* movsxd rsi, esi */
	emit_rel32_to(j, 0xe8, j->addr[ld_tail_slot(j, size)]);	/* call */
	emit_jump(j, CC_JMP, j->addr[i + 1]);
}

/*
 * The slow path the stubs of @size-byte loads call, offset in rsi:
 * rax = load_packet(r6, rsi, size, &slot)'s value, or, when it fails,
 * the return address dropped and out through the return-0 stub. The
 * push keeps the helper's call 16-byte aligned.
 */
static void emit_ld_tail(struct ebpf_jit *j, u32 size)
{
	emit8(j, 0x50 | RAX);				/* push rax */
	emit_ld_helper(j, size);
	emit8(j, 0x58 | RCX);				/* pop rcx */
	emit_skip(j, CC_E, (is_imm8(j->slot) ? 4 : 7) + ret_len(j));
	emit_rm(j, 0x8b, true, RAX, RBP, j->slot, false);
	emit_ret(j);
	emit8(j, 0x58 | RCX);			/* pop rcx: the return address */
	emit_jump32(j, CC_JMP, j->addr[j->insn_cnt + 1]);
}

/*
 * Bytes in the linear data (0 <= offset <= headlen - size, which the
 * prologue put in the frame) are read in place, from r12; anything else
 * (negative offsets, paged data, beyond the packet) goes to the helper,
 * out of line, so that the common case runs straight through. The
 * context's packet does not change while the program runs: no helper of
 * a program type with LD_ABS changes packet data.
 */
static void emit_ld_linear(struct ebpf_jit *j, const struct bpf_insn *in,
			   u32 size)
{
	u32 stub = j->addr[j->insn_cnt + 2 + j->ld_seen++];
	s32 room = room_slot(j, size);

	if (ld_abs_const(j, in)) {
		/* cmp qword [rbp + room], imm */
		emit_rm(j, is_imm8(in->imm) ? 0x83 : 0x81, true, CMP_DIGIT,
			RBP, room, false);
		if (is_imm8(in->imm))
			emit8(j, in->imm);
		else
			emit32(j, in->imm);
		emit_jump(j, CC_L, stub);
		emit_ld_bytes(j, size, PKT_DATA, -1, in->imm);
		return;
	}
	emit_rm(j, 0x3b, true, RSI, RBP, room, false);	/* cmp rsi, [room] */
	emit_jump(j, CC_G, stub);
	emit_ld_bytes(j, size, PKT_DATA, RSI, 0);
}

/* LD_ABS/LD_IND's offset into esi (zero-extended), for an inline check */
static void emit_ld_offset(struct ebpf_jit *j, const struct bpf_insn *in)
{
	u8 src = bpf2x86[in->src_reg];

	if (BPF_MODE(in->code) == BPF_ABS) {
		emit_operand_imm(j, RSI, in->imm, false);
	} else if (blinding(j) && in->imm) {
		emit_blinded(j, AUX, in->imm, false);
		emit_mov_rr(j, false, RSI, src);
		emit_rr(j, 0x01, false, AUX, RSI);	/* add esi, aux */
	} else if (in->imm) {
		emit_rm(j, 0x8d, false, RSI, src, in->imm, false); /* lea esi */
	} else {
		emit_mov_rr(j, false, RSI, src);
	}
}

/*
 * LD_ABS/LD_IND: r0 = the packet's bytes at the offset, read in place
 * when they are in the linear data, else through the program type's
 * load_packet(r6, offset, size, &slot); when that fails the program
 * returns 0. r1-r5 are clobbered, as a helper call would.
 */
static void emit_ld_packet(struct ebpf_jit *j, const struct bpf_insn *in)
{
	u32 size = ebpf_size_bytes(in->code);

	if (!ld_abs_const(j, in) || !j->env->interp->linear.len)
		emit_ld_offset(j, in);
	if (j->env->interp->linear.len) {
		emit_ld_linear(j, in, size);
		return;
	}
	emit_rr(j, 0x63, true, RSI, RSI);		/* movsxd rsi, esi */
	emit_ld_helper(j, size);
	emit_jump(j, CC_E, j->addr[j->insn_cnt + 1]);
	emit_rm(j, 0x8b, true, RAX, RBP, j->slot, false);
}

static void emit_ldx(struct ebpf_jit *j, const struct bpf_insn *in)
{
	u8 dst = bpf2x86[in->dst_reg], src = bpf2x86[in->src_reg];
	bool sx = BPF_MODE(in->code) == BPF_MEMSX;
	static const u32 zx_op[] = {
		[BPF_B >> 3] = 0x0fb6, [BPF_H >> 3] = 0x0fb7,
		[BPF_W >> 3] = 0x8b, [BPF_DW >> 3] = 0x8b,
	};
	static const u32 sx_op[] = {
		[BPF_B >> 3] = 0x0fbe, [BPF_H >> 3] = 0x0fbf,
		[BPF_W >> 3] = 0x63,
	};
	u8 size = BPF_SIZE(in->code) >> 3;

	emit_rm(j, sx ? sx_op[size] : zx_op[size],
		sx || BPF_SIZE(in->code) == BPF_DW, dst, src, in->off, false);
}

/* mov [base + off], reg of @size bytes */
static void emit_store_reg(struct ebpf_jit *j, u32 size, u8 base, s16 off,
			   u8 reg)
{
	if (size == 2)
		emit8(j, 0x66);
	emit_rm(j, size == 1 ? 0x88 : 0x89, size == 8, reg, base, off,
		size == 1);
}

static void emit_st(struct ebpf_jit *j, const struct bpf_insn *in)
{
	u32 size = ebpf_size_bytes(in->code);
	u8 dst = bpf2x86[in->dst_reg];

	if (blinding(j) && in->imm) {
		emit_blinded(j, AUX, in->imm, size == 8);
		emit_store_reg(j, size, dst, in->off, AUX);
		return;
	}
	if (size == 2)
		emit8(j, 0x66);
	emit_rm(j, size == 1 ? 0xc6 : 0xc7, size == 8, 0, dst, in->off, false);
	if (size == 1)
		emit8(j, in->imm);
	else if (size == 2)
		emit16(j, in->imm);
	else
		emit32(j, in->imm);
}

/*
 * The fetching or, and, xor have no x86 instruction: a cmpxchg loop,
 * with rax (r0) kept in SAVE_RAX meanwhile, which then also stands in
 * for r0 as an operand.
 */
static void emit_atomic_loop(struct ebpf_jit *j, const struct bpf_insn *in,
			     bool w, u8 base, u8 val)
{
	u8 rr = alu_ops[(in->imm & ~BPF_FETCH) >> 4].rr;
	u32 loop;

	emit_mov_rr(j, true, SAVE_RAX, RAX);
	if (base == RAX)
		base = SAVE_RAX;
	if (val == RAX)
		val = SAVE_RAX;
	loop = j->pos;
	emit_rm(j, 0x8b, w, RAX, base, in->off, false);	/* mov rax, [m] */
	emit_mov_rr(j, w, AUX, RAX);
	emit_rr(j, rr, w, val, AUX);				/* op aux, val */
	emit8(j, 0xf0);
	emit_rm(j, 0x0fb1, w, AUX, base, in->off, false);	/* cmpxchg */
	emit_skip(j, CC_NE, (u8)(loop - (j->pos + 2)));
	if (bpf2x86[in->src_reg] != RAX) {
		emit_mov_rr(j, true, bpf2x86[in->src_reg], RAX);
		emit_mov_rr(j, true, RAX, SAVE_RAX);
	}
}

static void emit_atomic(struct ebpf_jit *j, const struct bpf_insn *in)
{
	u8 dst = bpf2x86[in->dst_reg], src = bpf2x86[in->src_reg];
	bool w = BPF_SIZE(in->code) == BPF_DW;

	switch (in->imm) {
	case BPF_ADD:
	case BPF_OR:
	case BPF_AND:
	case BPF_XOR:
		emit8(j, 0xf0);					/* lock */
		emit_rm(j, alu_ops[in->imm >> 4].rr, w, src, dst, in->off,
			false);
		break;
	case BPF_ADD | BPF_FETCH:
		emit8(j, 0xf0);
		emit_rm(j, 0x0fc1, w, src, dst, in->off, false);	/* xadd */
		break;
	case BPF_XCHG:
		emit_rm(j, 0x87, w, src, dst, in->off, false);
		break;
	case BPF_CMPXCHG:
		emit8(j, 0xf0);
		emit_rm(j, 0x0fb1, w, src, dst, in->off, false);
		/* a 32-bit cmpxchg that succeeds leaves rax's top half */
		if (!w)
			emit_zext(j, RAX);
		break;
	default:
		emit_atomic_loop(j, in, w, dst, src);
	}
}

static void emit_insn(struct ebpf_jit *j, const struct bpf_insn *in)
{
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		emit_alu(j, in);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		emit_jmp(j, in);
		break;
	case BPF_LD:
		if (BPF_MODE(in->code) == BPF_IMM)
			emit_ld_imm64(j, in);
		else
			emit_ld_packet(j, in);
		break;
	case BPF_LDX:
		emit_ldx(j, in);
		break;
	case BPF_ST:
		if (in->code == EBPF_ST_NOSPEC) {
			/* lfence: no load passes a store the verifier flagged */
			emit8(j, 0x0f);
			emit8(j, 0xae);
			emit8(j, 0xe8);
		} else {
			emit_st(j, in);
		}
		break;
	case BPF_STX:
		if (BPF_MODE(in->code) == BPF_ATOMIC)
			emit_atomic(j, in);
		else
			emit_store_reg(j, ebpf_size_bytes(in->code),
				       bpf2x86[in->dst_reg], in->off,
				       bpf2x86[in->src_reg]);
		break;
	}
}

/* ---- passes ----------------------------------------------------------- */

static bool is_ld_imm64(const struct bpf_insn *in)
{
	return in->code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* ---- folding LD_IND's offset ------------------------------------------ */

/*
 * clang computes an LD_IND's offset in a register of its own, "r7 = r9;
 * r7 += 14; r0 = *(u16 *)skb[r7]", since it has no other way to name
 * r9 + 14. When r7 is read by nobody after the load, the load can take
 * r9 and 14 itself, and the move and the addition need no code: that is
 * what a liveness pass over the program finds.
 */

#define REGS_R0_R5	0x3fU

/* Registers live into @in given those live out of it; a call reads r1-r5. */
static u16 jit_live_in(const struct bpf_insn *in, u16 live_out)
{
	u16 use, def;

	ebpf_insn_use_def(in, 5, &use, &def);
	return use | (live_out & ~def);
}

/*
 * Each insn's live-out registers into @out, and into j->fold which insns
 * a jump lands on. Backwards until nothing changes: one pass and a
 * check while every jump goes forward, as the verifier has it today.
 */
static void jit_liveness(struct ebpf_jit *j, u16 *out)
{
	bool changed = true;
	u32 i, k, n, step;
	s64 succ[2];
	u16 live;

	while (changed) {
		changed = false;
		for (i = j->insn_cnt; i-- > 0;) {
			if (i && is_ld_imm64(&j->insns[i - 1]))
				continue;	/* the second half */
			step = is_ld_imm64(&j->insns[i]) ? 2 : 1;
			n = ebpf_insn_successors(j->insns, i, succ);
			live = 0;
			for (k = 0; k < n; k++) {
				if (succ[k] < 0 || succ[k] >= j->insn_cnt)
					continue;
				live |= jit_live_in(&j->insns[succ[k]],
						    out[succ[k]]);
				if (succ[k] != i + step)
					j->fold[succ[k]] |= EBPF_JIT_TARGET;
			}
			if (live != out[i]) {
				out[i] = live;
				changed = true;
			}
		}
	}
}

/* Is @p "@reg += imm" or "@reg = src", which an LD_IND can take over? */
static bool foldable(const struct bpf_insn *p, u8 reg)
{
	u8 cls = BPF_CLASS(p->code);

	if ((cls != BPF_ALU && cls != BPF_ALU64) || p->dst_reg != reg)
		return false;
	if (p->code == (cls | BPF_ADD | BPF_K))
		return true;
	return p->code == (cls | BPF_MOV | BPF_X) && !p->off &&
	       p->src_reg != reg;
}

/*
 * For the LD_IND at @i: fold the insns before it that only compute its
 * offset register, when the register is dead after the load and no jump
 * lands between them. Only the offset's low 32 bits count, so either
 * ALU width folds.
 */
static void fold_ld_ind(struct ebpf_jit *j, u32 i, const u16 *out)
{
	const struct bpf_insn *p;
	u8 reg = j->insns[i].src_reg;
	u32 k = i;

	if (out[i] & ~REGS_R0_R5 & BIT(reg))
		return;
	while (k > 0 && !(j->fold[k] & EBPF_JIT_TARGET)) {
		p = &j->insns[k - 1];
		if (k > 1 && is_ld_imm64(&j->insns[k - 2]))
			break;
		if (!foldable(p, reg))
			break;
		j->fold[--k] |= EBPF_JIT_FOLDED;
		if (BPF_OP(p->code) == BPF_MOV)
			break;
	}
}

/* j->fold for the whole program; nothing folds if memory is short */
static void plan_folds(struct ebpf_jit *j)
{
	u16 *out;
	u32 i;

	out = ebpf_zalloc(j->insn_cnt * sizeof(*out));
	if (!out)
		return;
	jit_liveness(j, out);
	for (i = 0; i < j->insn_cnt; i++)
		if (BPF_CLASS(j->insns[i].code) == BPF_LD &&
		    BPF_MODE(j->insns[i].code) == BPF_IND)
			fold_ld_ind(j, i, out);
	ebpf_free(out);
}

/* The LD_IND at @i with the insns folded into it taken over. */
static struct bpf_insn folded_ld_ind(const struct ebpf_jit *j, u32 i)
{
	struct bpf_insn in = j->insns[i];
	const struct bpf_insn *p;
	u32 k;

	for (k = i; k > 0 && (j->fold[k - 1] & EBPF_JIT_FOLDED); k--) {
		p = &j->insns[k - 1];
		if (BPF_OP(p->code) == BPF_MOV)
			in.src_reg = p->src_reg;
		else
			in.imm = (s32)((u32)in.imm + (u32)p->imm);
	}
	return in;
}

/* The out-of-line halves of the LD_ABS/LD_IND with a fast path. */
static void emit_ld_stubs(struct ebpf_jit *j)
{
	u32 i, size, k = 0;

	if (!(j->saved & BIT(PKT_DATA)))
		return;
	for (i = 0; i < j->insn_cnt; i++) {
		if (is_ld_imm64(&j->insns[i])) {
			i++;
			continue;
		}
		if (BPF_CLASS(j->insns[i].code) != BPF_LD)
			continue;
		j->cur = j->insn_cnt + 2 + k++;
		j->key_at = i;
		j->cur_start = j->pos;
		j->next[j->cur] = j->pos;
		emit_ld_stub(j, i);
	}
	for (size = 1; size <= 4; size *= 2) {
		j->cur = ld_tail_slot(j, size);
		j->cur_start = j->pos;
		j->next[j->cur] = j->pos;
		if (j->ld_sizes & size)
			emit_ld_tail(j, size);
	}
}

/* Insn @i as planned: nothing if folded into the next, an LD_IND folded */
static void emit_planned_insn(struct ebpf_jit *j, u32 i)
{
	struct bpf_insn in;

	if (j->fold && (j->fold[i] & EBPF_JIT_FOLDED))
		return;
	if (j->fold && i && (j->fold[i - 1] & EBPF_JIT_FOLDED)) {
		in = folded_ld_ind(j, i);
		emit_insn(j, &in);
		return;
	}
	emit_insn(j, &j->insns[i]);
}

/* One pass: the whole image, its layout into j->next. */
static void emit_image(struct ebpf_jit *j)
{
	u32 i;

	j->pos = 0;
	j->cur = 0;
	j->key_at = 0;
	j->cur_start = 0;
	j->ld_seen = 0;
	emit_prologue(j);
	for (i = 0; i < j->insn_cnt; i++) {
		j->next[i] = j->pos;
		j->cur = i;
		j->key_at = i;
		j->cur_start = j->pos;
		emit_planned_insn(j, i);
		if (is_ld_imm64(&j->insns[i]))
			j->next[++i] = j->pos;
	}
	j->cur = j->insn_cnt;
	j->cur_start = j->pos;
	j->next[j->insn_cnt] = j->pos;
	emit_epilogue(j);
	/* where LD_ABS goes when the packet is too short: return 0 */
	j->cur = j->insn_cnt + 1;
	j->cur_start = j->pos;
	j->next[j->insn_cnt + 1] = j->pos;
	if (j->ld_packet) {
		emit_zero(j, RAX);
		emit_jump(j, CC_JMP, j->addr[j->insn_cnt]);
	}
	emit_ld_stubs(j);
}

/* Which registers, frame and stack alignment the program needs. */
static void plan_frame(struct ebpf_jit *j)
{
	bool calls = false;
	u16 regs = 0;
	u32 i, words;

	for (i = 0; i < j->insn_cnt; i++) {
		const struct bpf_insn *in = &j->insns[i];
		u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

		if (is_ld_imm64(in)) {
			regs |= BIT(in->dst_reg);
			i++;
		} else if (cls == BPF_LD) {
			j->ld_packet = true;
			j->ld_ind |= BPF_MODE(in->code) == BPF_IND;
			j->ld_cnt++;
			j->ld_sizes |= ebpf_size_bytes(in->code);
			regs |= BIT(BPF_REG_6) | BIT(in->src_reg);
		} else if (cls == BPF_JMP && op == BPF_CALL) {
			calls = true;
		} else if (!((cls == BPF_JMP || cls == BPF_JMP32) &&
			     (op == BPF_EXIT || op == BPF_JA))) {
			regs |= BIT(in->dst_reg) | BIT(in->src_reg);
		}
	}
	for (i = 0; i < MAX_BPF_REG; i++)
		if ((regs & BIT(i)) && i >= BPF_REG_6 && i <= BPF_REG_9)
			j->saved |= BIT(bpf2x86[i]);
	if (j->ld_packet && j->env->interp->linear.len)
		j->saved |= BIT(PKT_DATA);
	j->has_frame = (regs & BIT(BPF_REG_10)) || j->ld_packet;
	if (j->has_frame)
		j->frame = ALIGN(j->stack_depth, 8);
	if (j->ld_packet) {
		j->frame += 8;
		j->slot = -(s32)j->frame;
	}
	for (i = 0; i < 3 && (j->saved & BIT(PKT_DATA)); i++) {
		if (!(j->ld_sizes & BIT(i)))
			continue;
		j->frame += 8;
		j->room_slot[i] = -(s32)j->frame;
	}
	/* at a call, rsp is 16-byte aligned, as both ABIs like it */
	words = 1 + j->has_frame + hweight16(j->saved) + j->frame / 8;
	if ((calls || j->ld_packet) && (words & 1)) {
		if (j->has_frame)
			j->frame += 8;
		else
			j->pad = true;
	}
}

/*
 * Layout slots: the insns, the epilogue, the return-0 stub, the LD stubs,
 * the LD slow paths by size.
 */
static u32 layout_slots(const struct ebpf_jit *j)
{
	return j->insn_cnt + 2 + (j->saved & BIT(PKT_DATA) ? j->ld_cnt + 3 : 0);
}

int ebpf_jit_plan(struct ebpf_jit *j)
{
	u32 n, *t;
	u32 pass;

	plan_frame(j);
	/* only an LD_IND has an offset computation to take over */
	if (j->ld_ind) {
		j->fold = ebpf_zalloc(j->insn_cnt);
		if (!j->fold)
			return -ENOMEM;
		plan_folds(j);
	}
	n = layout_slots(j);
	j->addr = ebpf_zalloc(2 * n * sizeof(u32) + n);
	if (!j->addr)
		return -ENOMEM;
	j->next = j->addr + n;
	j->jump_len = (u8 *)(j->next + n);
	j->buf = NULL;
	j->pos = 0;
	emit_epilogue(j);
	j->epilogue_len = j->pos;

	for (pass = 0; pass < EBPF_JIT_MAX_PASSES; pass++) {
		j->passes = pass;
		emit_image(j);
		if (j->pos > EBPF_JIT_MAX_IMAGE)
			return -E2BIG;
		if (pass && !memcmp(j->addr, j->next, n * sizeof(u32))) {
			j->size = j->pos;
			return 0;
		}
		t = j->addr;
		j->addr = j->next;
		j->next = t;
	}
	return -E2BIG;
}

int ebpf_jit_emit(struct ebpf_jit *j, u8 *image)
{
	u32 n = layout_slots(j);

	j->buf = image;
	j->out_of_reach = false;
	j->failed = false;
	emit_image(j);
	j->buf = NULL;
	if (j->out_of_reach)
		return -ERANGE;
	if (j->failed || j->pos != j->size ||
	    memcmp(j->addr, j->next, n * sizeof(u32)))
		return -EFAULT;
	return 0;
}

void ebpf_jit_release(struct ebpf_jit *j)
{
	u32 *a = j->addr, *b = j->next;

	ebpf_free(a < b || !b ? a : b);
	ebpf_free(j->fold);
	j->fold = NULL;
	j->addr = NULL;
	j->next = NULL;
	j->jump_len = NULL;
}
