/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding instructions. opcodes.h lists every accepted opcode with a
 * field rule naming which fields besides the opcode it may use;
 * ebpf_insn_check_fields() enforces it.
 */
#ifndef _EBPF_INSN_H
#define _EBPF_INSN_H

#include "core.h"

enum ebpf_field_rule {
	EBPF_F_ALU_K,		/* dst, imm; off 0 (1 for sdiv/smod) */
	EBPF_F_ALU_X,		/* dst, src; off 0 (1 for sdiv/smod) */
	EBPF_F_MOV_X,		/* dst, src; off 0 or a movsx width */
	EBPF_F_NEG,		/* dst only */
	EBPF_F_END,		/* dst; imm 16, 32 or 64 */
	EBPF_F_JA,		/* off only */
	EBPF_F_JA32,		/* imm only (gotol) */
	EBPF_F_JMP_K,		/* dst, off, imm */
	EBPF_F_JMP_X,		/* dst, src, off */
	EBPF_F_CALL,		/* imm; src says what kind of call */
	EBPF_F_EXIT,		/* nothing */
	EBPF_F_LD_IMM64,	/* dst, imm (+ next slot); src: pseudo kind */
	EBPF_F_LD_ABS,		/* imm */
	EBPF_F_LD_IND,		/* src, imm */
	EBPF_F_LDX,		/* dst, src, off */
	EBPF_F_ST,		/* dst, off, imm */
	EBPF_F_STX,		/* dst, src, off */
	EBPF_F_ATOMIC,		/* dst, src, off; imm: the atomic operation */
};

/*
 * A register no program may name (the verifier refuses any above r10),
 * for the rewrite: the context rewrite when a field takes two loads to
 * reach, as skb_shinfo(skb)->gso_size does, and the Spectre v1 masking of
 * pointer arithmetic. It never meets a division, a variable shift or an
 * atomic; the interpreter gives it the slot after r10 and the JIT a
 * scratch x86 register that only those need.
 */
#define EBPF_REG_AX	MAX_BPF_REG
#define EBPF_NR_REGS	(MAX_BPF_REG + 1)

/* Bytes a load or store of opcode @code moves. */
static inline u32 ebpf_size_bytes(u8 code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B:
		return 1;
	case BPF_H:
		return 2;
	case BPF_W:
		return 4;
	default:
		return 8;
	}
}

/* 0 if @insn uses only the fields its opcode allows; else -EINVAL, *why */
int ebpf_insn_check_fields(const struct bpf_insn *insn, const char **why);

/* Is @code an opcode listed in opcodes.h? */
bool ebpf_insn_known(u8 code);

/* The name opcodes.h gives @code, "unknown" for others */
const char *ebpf_insn_name(u8 code);

/*
 * The instructions control may reach after @insns[@idx] (the verifier's
 * and the JIT's flow graph), in @succ; how many: 0 (exit), 1 or 2.
 */
u32 ebpf_insn_successors(const struct bpf_insn *insns, u32 idx, s64 succ[2]);

/*
 * The registers @in reads (*@use) and writes or clobbers (*@def), as bit
 * masks; a call reads r1 to r@nargs.
 */
void ebpf_insn_use_def(const struct bpf_insn *in, u32 nargs, u16 *use,
		       u16 *def);

/*
 * Does the BPF_END @in swap bytes on this host (else it truncates to its
 * width)? BSWAP always does; TO_BE on a little-endian host, TO_LE on a
 * big-endian one (EBPF_HOST_BIG_ENDIAN).
 */
bool ebpf_insn_end_swaps(const struct bpf_insn *in);

/*
 * A speculation barrier (mainline's BPF_ST_NOSPEC): the verifier puts one
 * after a store Spectre v4 could bypass. Internal: not in opcodes.h, so
 * the decoder refuses it from user space; the interpreter and the JIT
 * know it.
 */
#define EBPF_ST_NOSPEC	(BPF_ST | 0xc0)

#endif /* _EBPF_INSN_H */
