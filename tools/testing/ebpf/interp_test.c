// SPDX-License-Identifier: GPL-2.0
/*
 * The interpreter against RFC 9669, in user space under ASan/UBSan: each
 * vector is a program and the r0 the RFC says it returns. The expected
 * values are worked out by hand from the RFC's definitions, never taken
 * from a run. Also checks the decoder's reserved-field rules.
 */
#include "shim/core.h"
#include "../../../kernel/ebpf/insn.c"
#include "../../../kernel/ebpf/interp.c"

#include <stdio.h>
#include "../selftests/ebpf/ebpf_asm.h"

#define R0 0
#define R1 1
#define R2 2
#define R3 3
#define R6 6
#define R10 10
#define MAX_INSNS 32

struct vector {
	const char *name;
	struct bpf_insn insns[MAX_INSNS];
	u64 r0;
};

#define INT64_MIN_U	0x8000000000000000ULL

static const struct vector vectors[] = {
	/* moves and immediates */
	{ "mov64 imm sign-extends", { I_MOV64_IMM(R0, -1), I_EXIT() },
	  U64_MAX },
	{ "mov32 imm zero-extends", { I_MOV32_IMM(R0, -1), I_EXIT() },
	  0xffffffffULL },
	{ "ld_imm64", { I_LD64(R0, 0x123456789abcdef0ULL),
	  I_LD64_HI(0x123456789abcdef0ULL), I_EXIT() },
	  0x123456789abcdef0ULL },
	{ "alu64 imm operand sign-extends", { I_MOV64_IMM(R0, 0),
	  I_ALU64_IMM(BPF_ADD, R0, -2),
	  I_EXIT() }, 0xfffffffffffffffeULL },
	{ "alu32 result zero-extends", { I_LD64(R0, 0x1ffffffffULL),
	  I_LD64_HI(0x1ffffffffULL),
	  I_ALU32_IMM(BPF_ADD, R0, 1), I_EXIT() }, 0 },
	{ "mov32 reg clears upper half", { I_LD64(R1, 0xdeadbeef00000007ULL),
	  I_LD64_HI(0xdeadbeef00000007ULL),
	  I_MOV32_REG(R0, R1), I_EXIT() }, 7 },
	{ "movsx64 from 8", { I_MOV64_IMM(R1, 0x80), I_MOVSX64(R0, R1, 8),
	  I_EXIT() },
	  0xffffffffffffff80ULL },
	{ "movsx64 from 16", { I_MOV64_IMM(R1, 0x7fff), I_MOVSX64(R0, R1, 16),
	  I_EXIT() },
	  0x7fff },
	{ "movsx64 from 32", { I_MOV32_IMM(R1, 0x80000000), I_MOVSX64(R0, R1,
	  32),
	  I_EXIT() }, 0xffffffff80000000ULL },
	{ "movsx32 from 8 zero-extends", { I_MOV64_IMM(R1, 0xff), I_MOVSX32(R0,
	  R1, 8),
	  I_EXIT() }, 0xffffffffULL },

	/* arithmetic edge cases */
	{ "udiv64 by zero is 0", { I_MOV64_IMM(R0, 7), I_MOV64_IMM(R1, 0),
	  I_ALU64_REG(BPF_DIV, R0, R1), I_EXIT() }, 0 },
	{ "umod64 by zero keeps dst", { I_MOV64_IMM(R0, -7), I_MOV64_IMM(R1, 0),
	  I_ALU64_REG(BPF_MOD, R0, R1), I_EXIT() }, (u64)-7 },
	{ "udiv32 by zero is 0", { I_MOV64_IMM(R0, 7), I_ALU32_IMM(BPF_DIV, R0,
	  0),
	  I_EXIT() }, 0 },
	{ "umod32 by zero keeps low half", { I_LD64(R0, 0x500000007ULL),
	  I_LD64_HI(0x500000007ULL),
	  I_MOV32_IMM(R1, 0), I_ALU32_REG(BPF_MOD, R0, R1), I_EXIT() }, 7 },
	{ "udiv32 ignores upper halves", { I_LD64(R0, 0x100000010ULL),
	  I_LD64_HI(0x100000010ULL),
	  I_LD64(R1, 0x100000002ULL), I_LD64_HI(0x100000002ULL),
	  I_ALU32_REG(BPF_DIV, R0, R1), I_EXIT() }, 8 },
	{ "sdiv64 INT64_MIN / -1", { I_LD64(R0, INT64_MIN_U),
	  I_LD64_HI(INT64_MIN_U), I_MOV64_IMM(R1, -1),
	  I_SDIV64_REG(R0, R1), I_EXIT() }, INT64_MIN_U },
	{ "smod64 INT64_MIN % -1", { I_LD64(R0, INT64_MIN_U),
	  I_LD64_HI(INT64_MIN_U), I_MOV64_IMM(R1, -1),
	  I_SMOD64_REG(R0, R1), I_EXIT() }, 0 },
	{ "sdiv64 rounds toward zero", { I_MOV64_IMM(R0, -7), I_SDIV64_IMM(R0,
	  2),
	  I_EXIT() }, (u64)-3 },
	{ "smod64 takes the dividend's sign", { I_MOV64_IMM(R0, -7),
	  I_MOV64_IMM(R1, 2),
	  I_SMOD64_REG(R0, R1), I_EXIT() }, (u64)-1 },
	{ "sdiv64 by zero is 0", { I_MOV64_IMM(R0, -7), I_MOV64_IMM(R1, 0),
	  I_SDIV64_REG(R0, R1), I_EXIT() }, 0 },
	{ "smod64 by zero keeps dst", { I_MOV64_IMM(R0, -7), I_MOV64_IMM(R1, 0),
	  I_SMOD64_REG(R0, R1), I_EXIT() }, (u64)-7 },
	{ "sdiv32 INT32_MIN / -1", { I_MOV32_IMM(R0, 0x80000000),
	  I_MOV64_IMM(R1, -1),
	  I_SDIV32_REG(R0, R1), I_EXIT() }, 0x80000000ULL },
	{ "sdiv32 -6 / -1", { I_MOV32_IMM(R0, -6), I_MOV64_IMM(R1, -1),
	  I_SDIV32_REG(R0, R1), I_EXIT() }, 6 },
	{ "rsh64 by 65 is by 1", { I_MOV64_IMM(R0, 6), I_MOV64_IMM(R1, 65),
	  I_ALU64_REG(BPF_RSH, R0, R1), I_EXIT() }, 3 },
	{ "smod32 INT32_MIN % -1", { I_MOV32_IMM(R0, 0x80000000),
	  I_MOV64_IMM(R1, -1),
	  I_SMOD32_REG(R0, R1), I_EXIT() }, 0 },
	{ "smod32 by zero keeps low half", { I_MOV64_IMM(R0, -7),
	  I_MOV64_IMM(R1, 0),
	  I_SMOD32_REG(R0, R1), I_EXIT() }, 0xfffffff9ULL },
	{ "mul64 wraps", { I_LD64(R0, 0x8000000000000001ULL),
	  I_LD64_HI(0x8000000000000001ULL),
	  I_ALU64_IMM(BPF_MUL, R0, 2), I_EXIT() }, 2 },
	{ "mul32 wraps and zero-extends", { I_MOV32_IMM(R0, 0x80000001),
	  I_ALU32_IMM(BPF_MUL, R0, 2), I_EXIT() }, 2 },
	{ "neg64 INT64_MIN", { I_LD64(R0, INT64_MIN_U), I_LD64_HI(INT64_MIN_U),
	  I_NEG64(R0), I_EXIT() },
	  INT64_MIN_U },
	{ "neg32 zero-extends", { I_MOV64_IMM(R0, 1), I_NEG32(R0), I_EXIT() },
	  0xffffffffULL },

	/* shifts take their amount modulo the width */
	{ "lsh64 by 63", { I_MOV64_IMM(R0, 1), I_ALU64_IMM(BPF_LSH, R0, 63),
	  I_EXIT() },
	  INT64_MIN_U },
	{ "lsh64 by 64 is by 0", { I_MOV64_IMM(R0, 3), I_MOV64_IMM(R1, 64),
	  I_ALU64_REG(BPF_LSH, R0, R1), I_EXIT() }, 3 },
	{ "rsh64 by 63", { I_MOV64_IMM(R0, -1), I_ALU64_IMM(BPF_RSH, R0, 63),
	  I_EXIT() }, 1 },
	{ "arsh64", { I_MOV64_IMM(R0, -8), I_ALU64_IMM(BPF_ARSH, R0, 1),
	  I_EXIT() },
	  (u64)-4 },
	{ "lsh32 by 32 is by 0", { I_LD64(R0, 0x700000005ULL),
	  I_LD64_HI(0x700000005ULL), I_MOV64_IMM(R1, 32),
	  I_ALU32_REG(BPF_LSH, R0, R1), I_EXIT() }, 5 },
	{ "lsh32 by 31", { I_MOV64_IMM(R0, 3), I_ALU32_IMM(BPF_LSH, R0, 31),
	  I_EXIT() },
	  0x80000000ULL },
	{ "arsh32 sign-fills then zero-extends", { I_MOV32_IMM(R0, 0x80000000),
	  I_ALU32_IMM(BPF_ARSH, R0, 31), I_EXIT() }, 0xffffffffULL },
	{ "rsh32 ignores the upper half", { I_LD64(R0, 0xffffffff00000010ULL),
	  I_LD64_HI(0xffffffff00000010ULL),
	  I_ALU32_IMM(BPF_RSH, R0, 4), I_EXIT() }, 1 },
	{ "bitwise ops", { I_MOV64_IMM(R0, 0xf0), I_ALU64_IMM(BPF_OR, R0, 0x0f),
	  I_ALU64_IMM(BPF_AND, R0, 0x3c), I_ALU64_IMM(BPF_XOR, R0, 0x11),
	  I_EXIT() },
	  0x2d },

	/* byte order */
	{ "to_be16", { I_MOV64_IMM(R0, 0x11223344), I_TO_BE(R0, 16), I_EXIT() },
	  0x4433 },
	{ "to_be32", { I_LD64(R0, 0xaa11223344ULL), I_LD64_HI(0xaa11223344ULL),
	  I_TO_BE(R0, 32), I_EXIT() },
	  0x44332211 },
	{ "to_be64", { I_LD64(R0, 0x0102030405060708ULL),
	  I_LD64_HI(0x0102030405060708ULL), I_TO_BE(R0, 64), I_EXIT() },
	  0x0807060504030201ULL },
	{ "to_le16 truncates", { I_MOV64_IMM(R0, 0x11223344), I_TO_LE(R0, 16),
	  I_EXIT() },
	  0x3344 },
	{ "to_le32 truncates", { I_LD64(R0, 0xaa11223344ULL),
	  I_LD64_HI(0xaa11223344ULL), I_TO_LE(R0, 32),
	  I_EXIT() }, 0x11223344 },
	{ "bswap16", { I_MOV64_IMM(R0, 0x11223344), I_BSWAP(R0, 16), I_EXIT() },
	  0x4433 },
	{ "bswap64", { I_LD64(R0, 0x0102030405060708ULL),
	  I_LD64_HI(0x0102030405060708ULL), I_BSWAP(R0, 64), I_EXIT() },
	  0x0807060504030201ULL },

	/* memory on the stack */
	{ "stx/ldx every size", { I_LD64(R1, 0x8877665544332211ULL),
	  I_LD64_HI(0x8877665544332211ULL),
	  I_STX(BPF_DW, R10, R1, -8), I_LDX(BPF_B, R0, R10, -8),
	  I_LDX(BPF_H, R2, R10, -8), I_ALU64_REG(BPF_ADD, R0, R2),
	  I_LDX(BPF_W, R2, R10, -4), I_ALU64_REG(BPF_ADD, R0, R2), I_EXIT() },
	  0x11 + 0x2211 + 0x88776655ULL },
	{ "ldxsx sign-extends", { I_MOV64_IMM(R1, -2), I_STX(BPF_DW, R10, R1,
	  -8),
	  I_LDXSX(BPF_B, R0, R10, -8), I_LDXSX(BPF_H, R2, R10, -8),
	  I_ALU64_REG(BPF_ADD, R0, R2), I_LDXSX(BPF_W, R2, R10, -8),
	  I_ALU64_REG(BPF_ADD, R0, R2), I_EXIT() }, (u64)-6 },
	{ "ldx zero-extends", { I_MOV64_IMM(R1, -1), I_STX(BPF_DW, R10, R1, -8),
	  I_LDX(BPF_W, R0, R10, -8), I_EXIT() }, 0xffffffffULL },
	{ "st dw imm sign-extends", { I_ST(BPF_DW, R10, -8, -3),
	  I_LDX(BPF_DW, R0, R10, -8), I_EXIT() }, (u64)-3 },
	{ "st w leaves the neighbour", { I_ST(BPF_DW, R10, -8, 0),
	  I_ST(BPF_W, R10, -8, -1), I_LDX(BPF_DW, R0, R10, -8), I_EXIT() },
	  0xffffffffULL },

	/* atomics */
	{ "atomic add dw", { I_ST(BPF_DW, R10, -8, 40), I_MOV64_IMM(R1, 2),
	  I_ATOMIC(BPF_DW, BPF_ADD, R10, R1, -8), I_LDX(BPF_DW, R0, R10, -8),
	  I_EXIT() }, 42 },
	{ "atomic fetch_add w returns old, zero-extended", {
	  I_ST(BPF_W, R10, -4, -1), I_MOV64_IMM(R1, 1),
	  I_ATOMIC(BPF_W, BPF_ADD | BPF_FETCH, R10, R1, -4),
	  I_MOV64_REG(R0, R1), I_EXIT() }, 0xffffffffULL },
	{ "atomic fetch_or/and/xor", { I_ST(BPF_DW, R10, -8, 0x0c),
	  I_MOV64_IMM(R1, 0x03),
	  I_ATOMIC(BPF_DW, BPF_OR | BPF_FETCH, R10, R1, -8),
	  I_MOV64_IMM(R2, 0x06), I_ATOMIC(BPF_DW, BPF_AND, R10, R2, -8),
	  I_MOV64_IMM(R3, 0x01),
	  I_ATOMIC(BPF_DW, BPF_XOR | BPF_FETCH, R10, R3, -8),
	  I_LDX(BPF_DW, R0, R10, -8), I_ALU64_IMM(BPF_LSH, R0, 8),
	  I_ALU64_REG(BPF_OR, R0, R1), I_ALU64_IMM(BPF_LSH, R0, 8),
	  I_ALU64_REG(BPF_OR, R0, R3), I_EXIT() }, 0x070c06 },
	{ "atomic xchg", { I_ST(BPF_DW, R10, -8, 5), I_MOV64_IMM(R1, 9),
	  I_ATOMIC(BPF_DW, BPF_XCHG, R10, R1, -8), I_LDX(BPF_DW, R0, R10, -8),
	  I_ALU64_IMM(BPF_MUL, R0, 10), I_ALU64_REG(BPF_ADD, R0, R1),
	  I_EXIT() }, 95 },
	{ "atomic cmpxchg hit", { I_ST(BPF_DW, R10, -8, 5), I_MOV64_IMM(R0, 5),
	  I_MOV64_IMM(R1, 7), I_ATOMIC(BPF_DW, BPF_CMPXCHG, R10, R1, -8),
	  I_LDX(BPF_DW, R2, R10, -8), I_ALU64_IMM(BPF_MUL, R0, 10),
	  I_ALU64_REG(BPF_ADD, R0, R2), I_EXIT() }, 57 },
	{ "atomic cmpxchg miss", { I_ST(BPF_DW, R10, -8, 5), I_MOV64_IMM(R0, 4),
	  I_MOV64_IMM(R1, 7), I_ATOMIC(BPF_DW, BPF_CMPXCHG, R10, R1, -8),
	  I_LDX(BPF_DW, R2, R10, -8), I_ALU64_IMM(BPF_MUL, R0, 10),
	  I_ALU64_REG(BPF_ADD, R0, R2), I_EXIT() }, 55 },
	{ "atomic cmpxchg w compares the low half", { I_ST(BPF_W, R10, -4, 5),
	  I_LD64(R0, 0x100000005ULL), I_LD64_HI(0x100000005ULL),
	  I_MOV64_IMM(R1, 7),
	  I_ATOMIC(BPF_W, BPF_CMPXCHG, R10, R1, -4), I_LDX(BPF_W, R2, R10, -4),
	  I_ALU64_IMM(BPF_MUL, R0, 10), I_ALU64_REG(BPF_ADD, R0, R2),
	  I_EXIT() }, 57 },

	/* jumps */
	{ "ja skips", { I_MOV64_IMM(R0, 1), I_JA(1), I_MOV64_IMM(R0, 2),
	  I_EXIT() }, 1 },
	{ "gotol skips", { I_MOV64_IMM(R0, 1), I_GOTOL(1), I_MOV64_IMM(R0, 2),
	  I_EXIT() }, 1 },
	{ "jgt is unsigned", { I_MOV64_IMM(R0, 0), I_MOV64_IMM(R1, -1),
	  I_JMP_IMM(BPF_JGT, R1, 1, 1), I_EXIT(), I_MOV64_IMM(R0, 1),
	  I_EXIT() }, 1 },
	{ "jsgt is signed", { I_MOV64_IMM(R0, 0), I_MOV64_IMM(R1, -1),
	  I_JMP_IMM(BPF_JSGT, R1, 1, 1), I_EXIT(), I_MOV64_IMM(R0, 1),
	  I_EXIT() }, 0 },
	{ "jslt/jsle/jsge", { I_MOV64_IMM(R0, 0), I_MOV64_IMM(R1, -5),
	  I_JMP_IMM(BPF_JSLT, R1, -4, 1), I_EXIT(),
	  I_JMP_IMM(BPF_JSLE, R1, -5, 1), I_EXIT(),
	  I_JMP_IMM(BPF_JSGE, R1, -5, 1), I_EXIT(),
	  I_MOV64_IMM(R0, 1), I_EXIT() }, 1 },
	{ "jlt/jle/jge/jne/jeq", { I_MOV64_IMM(R0, 0), I_MOV64_IMM(R1, 5),
	  I_MOV64_IMM(R2, 6), I_JMP_REG(BPF_JLT, R1, R2, 1), I_EXIT(),
	  I_JMP_REG(BPF_JLE, R1, R1, 1), I_EXIT(),
	  I_JMP_REG(BPF_JGE, R2, R1, 1), I_EXIT(), I_JMP_IMM(BPF_JNE, R1, 6, 1), I_EXIT(),
	  I_JMP_IMM(BPF_JEQ, R1, 5, 1), I_EXIT(), I_MOV64_IMM(R0, 1),
	  I_EXIT() }, 1 },
	{ "jset", { I_MOV64_IMM(R0, 0), I_MOV64_IMM(R1, 6), I_JMP_IMM(BPF_JSET,
	  R1, 1, 2),
	  I_JMP_IMM(BPF_JSET, R1, 2, 1), I_EXIT(), I_MOV64_IMM(R0, 1),
	  I_EXIT() }, 1 },
	{ "jeq compares sign-extended imm", { I_MOV64_IMM(R0, 0),
	  I_MOV32_IMM(R1, -1),
	  I_JMP_IMM(BPF_JEQ, R1, -1, 1), I_MOV64_IMM(R0, 1), I_EXIT() }, 1 },
	{ "jmp32 ignores the upper half", { I_MOV64_IMM(R0, 0),
	  I_LD64(R1, 0xffffffff00000001ULL), I_LD64_HI(0xffffffff00000001ULL),
	  I_JMP32_IMM(BPF_JEQ, R1, 1, 1),
	  I_EXIT(), I_MOV64_IMM(R0, 1), I_EXIT() }, 1 },
	{ "jmp32 signed compare", { I_MOV64_IMM(R0, 0), I_MOV32_IMM(R1,
	  0x80000000),
	  I_JMP32_IMM(BPF_JSLT, R1, 0, 1), I_EXIT(), I_MOV64_IMM(R0, 1),
	  I_EXIT() }, 1 },
	{ "backward jump loop", { I_MOV64_IMM(R0, 0), I_MOV64_IMM(R1, 10),
	  I_ALU64_REG(BPF_ADD, R0, R1), I_ALU64_IMM(BPF_SUB, R1, 1),
	  I_JMP_IMM(BPF_JNE, R1, 0, -3), I_EXIT() }, 55 },

	/* calls and legacy packet loads (see the environment below) */
	{ "call passes r1-r5, returns r0", { I_MOV64_IMM(R1, 1), I_MOV64_IMM(R2,
	  2),
	  I_MOV64_IMM(3, 3), I_MOV64_IMM(4, 4), I_MOV64_IMM(5, 5), I_CALL(1),
	  I_EXIT() }, 12345 },
	{ "ld_abs h is big-endian", { I_MOV64_REG(R6, R1), I_LD_ABS(BPF_H, 2),
	  I_EXIT() }, 0x0304 },
	{ "ld_ind w adds src", { I_MOV64_REG(R6, R1), I_MOV64_IMM(R2, 1),
	  I_LD_IND(BPF_W, R2, 3), I_EXIT() }, 0x05060708 },
	{ "ld_abs out of the packet ends with 0", { I_MOV64_REG(R6, R1),
	  I_MOV64_IMM(R0, 9), I_LD_ABS(BPF_B, 100), I_MOV64_IMM(R0, 7),
	  I_EXIT() }, 0 },
};

static u64 helper_digits(u64 a, u64 b, u64 c, u64 d, u64 e)
{
	return a * 10000 + b * 1000 + c * 100 + d * 10 + e;
}

static const ebpf_helper_fn helpers[] = { NULL, helper_digits };

static const u8 packet[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

/* the context is the packet itself */
static bool packet_load(const void *ctx, u64 off, u32 size, u64 *val)
{
	const u8 *p = ctx;
	u32 i;

	if (off > sizeof(packet) || size > sizeof(packet) - off)
		return false;
	*val = 0;
	for (i = 0; i < size; i++)
		*val = *val << 8 | p[off + i];
	return true;
}

static const struct ebpf_interp_env env = {
	.helpers = helpers,
	.load_packet = packet_load,
};

struct field_case {
	const char *name;
	struct bpf_insn insn;
	bool valid;
};

static const struct field_case field_cases[] = {
	{ "add imm", I_ALU64_IMM(BPF_ADD, 1, 5), true },
	{ "add imm with src set", I_RAW(BPF_ALU64 | BPF_ADD | BPF_K, 1, 2, 0,
	  5), false },
	{ "add reg with imm set", I_RAW(BPF_ALU64 | BPF_ADD | BPF_X, 1, 2, 0,
	  5), false },
	{ "add with off set", I_RAW(BPF_ALU64 | BPF_ADD | BPF_X, 1, 2, 1, 0),
	  false },
	{ "sdiv (off 1)", I_SDIV64_REG(1, 2), true },
	{ "div with off 2", I_RAW(BPF_ALU64 | BPF_DIV | BPF_X, 1, 2, 2, 0),
	  false },
	{ "movsx64 32", I_MOVSX64(1, 2, 32), true },
	{ "movsx32 32", I_MOVSX32(1, 2, 32), false },
	{ "movsx 7", I_MOVSX64(1, 2, 7), false },
	{ "neg with imm", I_RAW(BPF_ALU64 | BPF_NEG, 1, 0, 0, 1), false },
	{ "neg reg form", I_RAW(BPF_ALU64 | BPF_NEG | BPF_X, 1, 2, 0, 0),
	  false },
	{ "end 16", I_TO_BE(1, 16), true },
	{ "end 24", I_TO_BE(1, 24), false },
	{ "bswap64 with be bit", I_RAW(BPF_ALU64 | BPF_END | BPF_TO_BE, 1, 0, 0,
	  16), false },
	{ "exit with dst", I_RAW(BPF_JMP | BPF_EXIT, 1, 0, 0, 0), false },
	{ "ja with imm", I_RAW(BPF_JMP | BPF_JA, 0, 0, 1, 1), false },
	{ "gotol with off", I_RAW(BPF_JMP32 | BPF_JA, 0, 0, 1, 1), false },
	{ "call with off", I_RAW(BPF_JMP | BPF_CALL, 0, 0, 1, 1), false },
	{ "call kind 3", I_RAW(BPF_JMP | BPF_CALL, 0, 3, 0, 1), false },
	{ "jmp32 call", I_RAW(BPF_JMP32 | BPF_CALL, 0, 0, 0, 1), false },
	{ "ldx with imm", I_RAW(BPF_LDX | BPF_MEM | BPF_W, 1, 2, 0, 1), false },
	{ "ldxsx dw", I_RAW(BPF_LDX | BPF_MEMSX | BPF_DW, 1, 2, 0, 0), false },
	{ "st with src", I_RAW(BPF_ST | BPF_MEM | BPF_W, 1, 2, 0, 1), false },
	{ "atomic sub", I_ATOMIC(BPF_DW, BPF_SUB, 1, 2, 0), false },
	{ "atomic b", I_RAW(BPF_STX | BPF_ATOMIC | BPF_B, 1, 2, 0, BPF_ADD),
	  false },
	{ "atomic cmpxchg", I_ATOMIC(BPF_W, BPF_CMPXCHG, 1, 2, 0), true },
	{ "ld_abs dw", I_RAW(BPF_LD | BPF_ABS | BPF_DW, 0, 0, 0, 1), false },
	{ "ld_abs with dst", I_RAW(BPF_LD | BPF_ABS | BPF_W, 1, 0, 0, 1),
	  false },
	{ "register 11", I_RAW(BPF_ALU64 | BPF_MOV | BPF_X, 11, 1, 0, 0),
	  false },
	{ "opcode 0xff", I_RAW(0xff, 0, 0, 0, 0), false },
	{ "opcode 0x00", I_RAW(0x00, 0, 0, 0, 0), false },
};

int main(void)
{
	unsigned int i, failed = 0, n = 0;
	const char *why;
	u64 r0;

	printf("TAP version 13\n1..%zu\n",
	       ARRAY_SIZE(vectors) + ARRAY_SIZE(field_cases));
	for (i = 0; i < ARRAY_SIZE(vectors); i++) {
		r0 = ebpf_interp_run(vectors[i].insns, packet, &env);
		if (r0 == vectors[i].r0) {
			printf("ok %u interp: %s\n", ++n, vectors[i].name);
			continue;
		}
		failed++;
		printf("not ok %u interp: %s: r0 %#llx, expected %#llx\n", ++n,
		       vectors[i].name, (unsigned long long)r0,
		       (unsigned long long)vectors[i].r0);
	}
	for (i = 0; i < ARRAY_SIZE(field_cases); i++) {
		const struct field_case *c = &field_cases[i];
		bool valid = !ebpf_insn_check_fields(&c->insn, &why);

		if (valid == c->valid) {
			printf("ok %u decode: %s\n", ++n, c->name);
			continue;
		}
		failed++;
		printf("not ok %u decode: %s: %s\n", ++n, c->name,
		       valid ? "accepted" : why);
	}
	printf("# %u passed, %u failed\n", n - failed, failed);
	return failed ? 1 : 0;
}
