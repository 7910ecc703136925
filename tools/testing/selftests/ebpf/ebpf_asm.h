/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Instruction builders for test programs, shared by the kselftests and
 * the user-space tests of tools/testing/ebpf. Each expands to a struct
 * bpf_insn initializer (two for I_LD_IMM64), so a program is an array:
 *
 *	struct bpf_insn prog[] = { I_MOV64_IMM(0, 42), I_EXIT() };
 *
 * (I_LD64 and I_LD_MAP_FD are followed by I_LD64_HI, the second slot.)
 */
#ifndef EBPF_ASM_H
#define EBPF_ASM_H

#include <linux/bpf.h>

#define I_RAW(c, d, s, o, i)						\
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s),	\
			    .off = (o), .imm = (i) })

/* op is BPF_ADD, BPF_SUB, ...; off 1 selects sdiv/smod */
#define I_ALU64_IMM(op, d, i)	I_RAW(BPF_ALU64 | (op) | BPF_K, d, 0, 0, i)
#define I_ALU64_REG(op, d, s)	I_RAW(BPF_ALU64 | (op) | BPF_X, d, s, 0, 0)
#define I_ALU32_IMM(op, d, i)	I_RAW(BPF_ALU | (op) | BPF_K, d, 0, 0, i)
#define I_ALU32_REG(op, d, s)	I_RAW(BPF_ALU | (op) | BPF_X, d, s, 0, 0)
#define I_SDIV64_REG(d, s)	I_RAW(BPF_ALU64 | BPF_DIV | BPF_X, d, s, 1, 0)
#define I_SMOD64_REG(d, s)	I_RAW(BPF_ALU64 | BPF_MOD | BPF_X, d, s, 1, 0)
#define I_SDIV32_REG(d, s)	I_RAW(BPF_ALU | BPF_DIV | BPF_X, d, s, 1, 0)
#define I_SMOD32_REG(d, s)	I_RAW(BPF_ALU | BPF_MOD | BPF_X, d, s, 1, 0)
#define I_SDIV64_IMM(d, i)	I_RAW(BPF_ALU64 | BPF_DIV | BPF_K, d, 0, 1, i)
#define I_MOV64_IMM(d, i)	I_ALU64_IMM(BPF_MOV, d, i)
#define I_MOV64_REG(d, s)	I_ALU64_REG(BPF_MOV, d, s)
#define I_MOV32_IMM(d, i)	I_ALU32_IMM(BPF_MOV, d, i)
#define I_MOV32_REG(d, s)	I_ALU32_REG(BPF_MOV, d, s)
#define I_MOVSX64(d, s, bits)	I_RAW(BPF_ALU64 | BPF_MOV | BPF_X, d, s, bits, 0)
#define I_MOVSX32(d, s, bits)	I_RAW(BPF_ALU | BPF_MOV | BPF_X, d, s, bits, 0)
#define I_NEG64(d)		I_RAW(BPF_ALU64 | BPF_NEG, d, 0, 0, 0)
#define I_NEG32(d)		I_RAW(BPF_ALU | BPF_NEG, d, 0, 0, 0)
#define I_TO_LE(d, bits)	I_RAW(BPF_ALU | BPF_END | BPF_TO_LE, d, 0, 0, bits)
#define I_TO_BE(d, bits)	I_RAW(BPF_ALU | BPF_END | BPF_TO_BE, d, 0, 0, bits)
#define I_BSWAP(d, bits)	I_RAW(BPF_ALU64 | BPF_END | BPF_TO_LE, d, 0, 0, bits)

/*
 * A 64-bit immediate takes two slots, written out as two builders:
 *	I_LD64(dst, v), I_LD64_HI(v)
 *	I_LD_MAP_FD(dst, fd), I_LD64_HI(0)
 *	I_LD_MAP_VALUE(dst, fd), I_RAW(0, 0, 0, 0, off)
 */
#define I_LD64(d, v)							\
	I_RAW(BPF_LD | BPF_IMM | BPF_DW, d, 0, 0, (__u32)(__u64)(v))
#define I_LD64_HI(v)		I_RAW(0, 0, 0, 0, (__u32)((__u64)(v) >> 32))
#define I_LD_MAP_FD(d, fd)						\
	I_RAW(BPF_LD | BPF_IMM | BPF_DW, d, BPF_PSEUDO_MAP_FD, 0, fd)
/* dst = &value + off of array map fd (of one element): global data */
#define I_LD_MAP_VALUE(d, fd)						\
	I_RAW(BPF_LD | BPF_IMM | BPF_DW, d, BPF_PSEUDO_MAP_VALUE, 0, fd)
#define I_LD_ABS(size, i)	I_RAW(BPF_LD | BPF_ABS | (size), 0, 0, 0, i)
#define I_LD_IND(size, s, i)	I_RAW(BPF_LD | BPF_IND | (size), 0, s, 0, i)

/* size is BPF_B, BPF_H, BPF_W or BPF_DW */
#define I_LDX(size, d, s, o)	I_RAW(BPF_LDX | BPF_MEM | (size), d, s, o, 0)
#define I_LDXSX(size, d, s, o)	I_RAW(BPF_LDX | BPF_MEMSX | (size), d, s, o, 0)
#define I_ST(size, d, o, i)	I_RAW(BPF_ST | BPF_MEM | (size), d, 0, o, i)
#define I_STX(size, d, s, o)	I_RAW(BPF_STX | BPF_MEM | (size), d, s, o, 0)
/* op is BPF_ADD, ... | BPF_FETCH, BPF_XCHG or BPF_CMPXCHG */
#define I_ATOMIC(size, op, d, s, o)					\
	I_RAW(BPF_STX | BPF_ATOMIC | (size), d, s, o, op)

/* op is BPF_JEQ, ...; off counts instructions after this one */
#define I_JMP_IMM(op, d, i, o)	I_RAW(BPF_JMP | (op) | BPF_K, d, 0, o, i)
#define I_JMP_REG(op, d, s, o)	I_RAW(BPF_JMP | (op) | BPF_X, d, s, o, 0)
#define I_JMP32_IMM(op, d, i, o) I_RAW(BPF_JMP32 | (op) | BPF_K, d, 0, o, i)
#define I_JMP32_REG(op, d, s, o) I_RAW(BPF_JMP32 | (op) | BPF_X, d, s, o, 0)
#define I_JA(o)			I_RAW(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define I_GOTOL(i)		I_RAW(BPF_JMP32 | BPF_JA, 0, 0, 0, i)
#define I_CALL(id)		I_RAW(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define I_EXIT()		I_RAW(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

#endif /* EBPF_ASM_H */
