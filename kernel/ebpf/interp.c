// SPDX-License-Identifier: GPL-2.0
/*
 * The interpreter: a computed-goto loop over verified instructions.
 *
 * The jump table comes from opcodes.h, so every opcode the
 * verifier can accept has a label here, or this file does not compile.
 * Each handler reads only the operands its opcode has (a K form the
 * immediate, an X form the source register) and ends in its own jump to
 * the next handler: no shared decode step, one indirect jump per
 * instruction.
 *
 * Where C leaves a result undefined the ISA does not, this file spells out
 * the ISA's answer (RFC 9669): divmod.h for division and modulo, masks for
 * shift amounts, which are taken modulo the operand width.
 */
#include "core.h"
#include "divmod.h"
#include "insn.h"
#include "interp.h"

/* A 64-bit move from @src, sign-extending from @bits (0: plain move). */
static u64 movsx64(u64 src, s16 bits)
{
	switch (bits) {
	case 8:
		return (s64)(s8)src;
	case 16:
		return (s64)(s16)src;
	case 32:
		return (s64)(s32)src;
	default:
		return src;
	}
}

/* The 32-bit version; the result is zero-extended like every ALU32 op. */
static u32 movsx32(u64 src, s16 bits)
{
	switch (bits) {
	case 8:
		return (s32)(s8)src;
	case 16:
		return (s32)(s16)src;
	default:
		return src;
	}
}

/* Convert the low @bits of @v from little-endian, zero-extending. */
static u64 from_le(u64 v, s32 bits)
{
	switch (bits) {
	case 16:
		return le16_to_cpu((__force __le16)(u16)v);
	case 32:
		return le32_to_cpu((__force __le32)(u32)v);
	default:
		return le64_to_cpu((__force __le64)v);
	}
}

static u64 from_be(u64 v, s32 bits)
{
	switch (bits) {
	case 16:
		return be16_to_cpu((__force __be16)(u16)v);
	case 32:
		return be32_to_cpu((__force __be32)(u32)v);
	default:
		return be64_to_cpu((__force __be64)v);
	}
}

static u64 bswap(u64 v, s32 bits)
{
	switch (bits) {
	case 16:
		return swab16(v);
	case 32:
		return swab32(v);
	default:
		return swab64(v);
	}
}

/*
 * BPF_ATOMIC on 32 bits: returns the old value of the memory. For
 * compare-and-exchange @expected is the value r0 holds.
 */
static u32 atomic32(void *p, s32 op, u32 val, u32 expected)
{
	switch (op & ~BPF_FETCH) {
	case BPF_ADD:
		return ebpf_fetch_add32(p, val);
	case BPF_OR:
		return ebpf_fetch_or32(p, val);
	case BPF_AND:
		return ebpf_fetch_and32(p, val);
	case BPF_XOR:
		return ebpf_fetch_xor32(p, val);
	case BPF_XCHG & ~BPF_FETCH:
		return ebpf_xchg32(p, val);
	default: /* BPF_CMPXCHG */
		return ebpf_cmpxchg32(p, expected, val);
	}
}

static u64 atomic64(void *p, s32 op, u64 val, u64 expected)
{
	switch (op & ~BPF_FETCH) {
	case BPF_ADD:
		return ebpf_fetch_add64(p, val);
	case BPF_OR:
		return ebpf_fetch_or64(p, val);
	case BPF_AND:
		return ebpf_fetch_and64(p, val);
	case BPF_XOR:
		return ebpf_fetch_xor64(p, val);
	case BPF_XCHG & ~BPF_FETCH:
		return ebpf_xchg64(p, val);
	default: /* BPF_CMPXCHG */
		return ebpf_cmpxchg64(p, expected, val);
	}
}

/* LD_ABS/LD_IND: r0 gets the value, or the program ends returning 0. */
static bool load_packet(const struct ebpf_interp_env *env, u64 ctx,
			s32 offset, u32 size, u64 *r0)
{
	return env->load_packet((const void *)(uintptr_t)ctx, (s64)offset,
				size, r0);
}

/*
 * Program memory at @addr. Map values may be accessed at any offset the
 * verifier proved in bounds, aligned or not (as on mainline x86), so the
 * access goes through a packed struct: one plain load or store on x86,
 * and no undefined behaviour for C.
 */
#define MEM(type, addr) \
	(((struct { type v; } __packed *)(uintptr_t)(addr))->v)

/* Operands, decoded by each handler for what it uses only. */
#define DST	regs[insn->dst_reg]
#define SRC	regs[insn->src_reg]
#define IMM	((u64)(s64)insn->imm)
#define DST32	((u32)regs[insn->dst_reg])
#define SRC32	((u32)regs[insn->src_reg])
#define IMM32	((u32)insn->imm)

/*
 * Where the instruction after this one starts: every handler ends with
 * "goto *NEXT_OP", its own indirect jump, rather than all sharing one
 * dispatch block. That is one jump per instruction instead of two, and
 * each jump's history predicts the next opcode from this one.
 */
#define NEXT_OP	jump[(++insn)->code]

u64 ebpf_interp_run(const struct bpf_insn *insn, const void *ctx,
		    const struct ebpf_interp_env *env)
{
	static const void *const ops[256] __annotate_jump_table = {
		[0 ... 255] = &&bad_opcode,
		/* the field rule is the decoder's business: "+ 0 * rule" */
#define EBPF_OPCODE(name, code, rule) \
		[code] = &&op_##name + 0 * (rule),
#include "opcodes.h"
#undef EBPF_OPCODE
		/* internal, from the verifier's rewrite only */
		[EBPF_ST_NOSPEC] = &&op_ST_NOSPEC,
	};
#ifdef EBPF_INTERP_TRACE
	/* user-space fuzzing checks every state against the verifier's */
	static const void *const traced[256] = { [0 ... 255] = &&trace };
	const void *const *const jump = traced;
#else
	const void *const *const jump = ops;
#endif
	/*
	 * Not zeroed on entry (CONFIG_INIT_STACK_ALL_ZERO would spend 600
	 * bytes of stores on every run): the verifier refuses reads of
	 * registers never written, and reads of stack bytes never written
	 * unless the loader has CAP_PERFMON, as mainline.
	 */
	u64 stack[EBPF_STACK_SIZE / sizeof(u64)] __uninitialized;
	u64 regs[EBPF_NR_REGS] __uninitialized;
	u64 val;
	u32 val32;

	regs[BPF_REG_1] = (uintptr_t)ctx;
	regs[BPF_REG_10] = (uintptr_t)(stack + ARRAY_SIZE(stack));
	goto *jump[insn->code];

#ifdef EBPF_INTERP_TRACE
trace:
	EBPF_INTERP_TRACE(insn, regs);
	goto *ops[insn->code];
#endif

	/* 64-bit ALU */
op_ALU64_ADD_K:
	DST += IMM;
	goto *NEXT_OP;
op_ALU64_ADD_X:
	DST += SRC;
	goto *NEXT_OP;
op_ALU64_SUB_K:
	DST -= IMM;
	goto *NEXT_OP;
op_ALU64_SUB_X:
	DST -= SRC;
	goto *NEXT_OP;
op_ALU64_MUL_K:
	DST *= IMM;
	goto *NEXT_OP;
op_ALU64_MUL_X:
	DST *= SRC;
	goto *NEXT_OP;
op_ALU64_DIV_K:
	DST = ebpf_divmod64(false, insn->off, DST, IMM);
	goto *NEXT_OP;
op_ALU64_DIV_X:
	DST = ebpf_divmod64(false, insn->off, DST, SRC);
	goto *NEXT_OP;
op_ALU64_MOD_K:
	DST = ebpf_divmod64(true, insn->off, DST, IMM);
	goto *NEXT_OP;
op_ALU64_MOD_X:
	DST = ebpf_divmod64(true, insn->off, DST, SRC);
	goto *NEXT_OP;
op_ALU64_OR_K:
	DST |= IMM;
	goto *NEXT_OP;
op_ALU64_OR_X:
	DST |= SRC;
	goto *NEXT_OP;
op_ALU64_AND_K:
	DST &= IMM;
	goto *NEXT_OP;
op_ALU64_AND_X:
	DST &= SRC;
	goto *NEXT_OP;
op_ALU64_XOR_K:
	DST ^= IMM;
	goto *NEXT_OP;
op_ALU64_XOR_X:
	DST ^= SRC;
	goto *NEXT_OP;
	/* shift amounts are taken modulo the width */
op_ALU64_LSH_K:
	DST <<= IMM & 63;
	goto *NEXT_OP;
op_ALU64_LSH_X:
	DST <<= SRC & 63;
	goto *NEXT_OP;
op_ALU64_RSH_K:
	DST >>= IMM & 63;
	goto *NEXT_OP;
op_ALU64_RSH_X:
	DST >>= SRC & 63;
	goto *NEXT_OP;
op_ALU64_ARSH_K:
	DST = (s64)DST >> (IMM & 63);
	goto *NEXT_OP;
op_ALU64_ARSH_X:
	DST = (s64)DST >> (SRC & 63);
	goto *NEXT_OP;
op_ALU64_NEG:
	DST = 0 - DST;
	goto *NEXT_OP;
op_ALU64_MOV_K:
	DST = IMM;
	goto *NEXT_OP;
op_ALU64_MOV_X:
	DST = movsx64(SRC, insn->off);
	goto *NEXT_OP;
op_ALU64_BSWAP:
	DST = bswap(DST, insn->imm);
	goto *NEXT_OP;

	/* 32-bit ALU: operands are the low halves, results zero-extended */
op_ALU32_ADD_K:
	DST = (u32)(DST32 + IMM32);
	goto *NEXT_OP;
op_ALU32_ADD_X:
	DST = (u32)(DST32 + SRC32);
	goto *NEXT_OP;
op_ALU32_SUB_K:
	DST = (u32)(DST32 - IMM32);
	goto *NEXT_OP;
op_ALU32_SUB_X:
	DST = (u32)(DST32 - SRC32);
	goto *NEXT_OP;
op_ALU32_MUL_K:
	DST = (u32)(DST32 * IMM32);
	goto *NEXT_OP;
op_ALU32_MUL_X:
	DST = (u32)(DST32 * SRC32);
	goto *NEXT_OP;
op_ALU32_DIV_K:
	DST = ebpf_divmod32(false, insn->off, DST32, IMM32);
	goto *NEXT_OP;
op_ALU32_DIV_X:
	DST = ebpf_divmod32(false, insn->off, DST32, SRC32);
	goto *NEXT_OP;
op_ALU32_MOD_K:
	DST = ebpf_divmod32(true, insn->off, DST32, IMM32);
	goto *NEXT_OP;
op_ALU32_MOD_X:
	DST = ebpf_divmod32(true, insn->off, DST32, SRC32);
	goto *NEXT_OP;
op_ALU32_OR_K:
	DST = DST32 | IMM32;
	goto *NEXT_OP;
op_ALU32_OR_X:
	DST = DST32 | SRC32;
	goto *NEXT_OP;
op_ALU32_AND_K:
	DST = DST32 & IMM32;
	goto *NEXT_OP;
op_ALU32_AND_X:
	DST = DST32 & SRC32;
	goto *NEXT_OP;
op_ALU32_XOR_K:
	DST = DST32 ^ IMM32;
	goto *NEXT_OP;
op_ALU32_XOR_X:
	DST = DST32 ^ SRC32;
	goto *NEXT_OP;
op_ALU32_LSH_K:
	DST = (u32)(DST32 << (IMM32 & 31));
	goto *NEXT_OP;
op_ALU32_LSH_X:
	DST = (u32)(DST32 << (SRC32 & 31));
	goto *NEXT_OP;
op_ALU32_RSH_K:
	DST = DST32 >> (IMM32 & 31);
	goto *NEXT_OP;
op_ALU32_RSH_X:
	DST = DST32 >> (SRC32 & 31);
	goto *NEXT_OP;
op_ALU32_ARSH_K:
	DST = (u32)((s32)DST32 >> (IMM32 & 31));
	goto *NEXT_OP;
op_ALU32_ARSH_X:
	DST = (u32)((s32)DST32 >> (SRC32 & 31));
	goto *NEXT_OP;
op_ALU32_NEG:
	DST = (u32)(0 - DST32);
	goto *NEXT_OP;
op_ALU32_MOV_K:
	DST = IMM32;
	goto *NEXT_OP;
op_ALU32_MOV_X:
	DST = movsx32(SRC, insn->off);
	goto *NEXT_OP;
op_ALU32_TO_LE:
	DST = from_le(DST, insn->imm);
	goto *NEXT_OP;
op_ALU32_TO_BE:
	DST = from_be(DST, insn->imm);
	goto *NEXT_OP;

	/* jumps: a taken branch moves by off (by imm for gotol) */
op_JMP_JA:
	insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JA:
	insn += insn->imm;
	goto *NEXT_OP;
op_JMP_JEQ_K:
	if (DST == IMM)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JEQ_X:
	if (DST == SRC)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JNE_K:
	if (DST != IMM)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JNE_X:
	if (DST != SRC)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JGT_K:
	if (DST > IMM)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JGT_X:
	if (DST > SRC)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JGE_K:
	if (DST >= IMM)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JGE_X:
	if (DST >= SRC)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JLT_K:
	if (DST < IMM)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JLT_X:
	if (DST < SRC)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JLE_K:
	if (DST <= IMM)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JLE_X:
	if (DST <= SRC)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JSET_K:
	if (DST & IMM)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JSET_X:
	if (DST & SRC)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JSGT_K:
	if ((s64)DST > (s64)IMM)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JSGT_X:
	if ((s64)DST > (s64)SRC)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JSGE_K:
	if ((s64)DST >= (s64)IMM)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JSGE_X:
	if ((s64)DST >= (s64)SRC)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JSLT_K:
	if ((s64)DST < (s64)IMM)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JSLT_X:
	if ((s64)DST < (s64)SRC)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JSLE_K:
	if ((s64)DST <= (s64)IMM)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_JSLE_X:
	if ((s64)DST <= (s64)SRC)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JEQ_K:
	if (DST32 == IMM32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JEQ_X:
	if (DST32 == SRC32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JNE_K:
	if (DST32 != IMM32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JNE_X:
	if (DST32 != SRC32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JGT_K:
	if (DST32 > IMM32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JGT_X:
	if (DST32 > SRC32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JGE_K:
	if (DST32 >= IMM32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JGE_X:
	if (DST32 >= SRC32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JLT_K:
	if (DST32 < IMM32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JLT_X:
	if (DST32 < SRC32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JLE_K:
	if (DST32 <= IMM32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JLE_X:
	if (DST32 <= SRC32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JSET_K:
	if (DST32 & IMM32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JSET_X:
	if (DST32 & SRC32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JSGT_K:
	if ((s32)DST32 > (s32)IMM32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JSGT_X:
	if ((s32)DST32 > (s32)SRC32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JSGE_K:
	if ((s32)DST32 >= (s32)IMM32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JSGE_X:
	if ((s32)DST32 >= (s32)SRC32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JSLT_K:
	if ((s32)DST32 < (s32)IMM32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JSLT_X:
	if ((s32)DST32 < (s32)SRC32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JSLE_K:
	if ((s32)DST32 <= (s32)IMM32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP32_JSLE_X:
	if ((s32)DST32 <= (s32)SRC32)
		insn += insn->off;
	goto *NEXT_OP;
op_JMP_CALL:
	regs[BPF_REG_0] = env->helpers[insn->imm](regs[BPF_REG_1],
						  regs[BPF_REG_2],
						  regs[BPF_REG_3],
						  regs[BPF_REG_4],
						  regs[BPF_REG_5]);
#ifdef EBPF_INTERP_AFTER_CALL
	/* user-space fuzzing: r1-r5 hold garbage now, as under the JIT */
	EBPF_INTERP_AFTER_CALL(regs);
#endif
	goto *NEXT_OP;
op_JMP_EXIT:
	return regs[BPF_REG_0];

	/* loads and stores; the verifier proved every address valid */
op_LD_IMM64:
	DST = (u32)insn[0].imm | (u64)(u32)insn[1].imm << 32;
	insn++;
	goto *NEXT_OP;
op_LD_ABS_B: op_LD_ABS_H: op_LD_ABS_W:
	if (!load_packet(env, regs[BPF_REG_6], insn->imm,
			 ebpf_size_bytes(insn->code), &val))
		return 0;
	regs[BPF_REG_0] = val;
	goto *NEXT_OP;
op_LD_IND_B: op_LD_IND_H: op_LD_IND_W:
	if (!load_packet(env, regs[BPF_REG_6], (s32)(SRC + insn->imm),
			 ebpf_size_bytes(insn->code), &val))
		return 0;
	regs[BPF_REG_0] = val;
	goto *NEXT_OP;
op_LDX_MEM_B:
	DST = MEM(u8, SRC + insn->off);
	goto *NEXT_OP;
op_LDX_MEM_H:
	DST = MEM(u16, SRC + insn->off);
	goto *NEXT_OP;
op_LDX_MEM_W:
	DST = MEM(u32, SRC + insn->off);
	goto *NEXT_OP;
op_LDX_MEM_DW:
	DST = MEM(u64, SRC + insn->off);
	goto *NEXT_OP;
op_LDX_MEMSX_B:
	DST = (s64)MEM(s8, SRC + insn->off);
	goto *NEXT_OP;
op_LDX_MEMSX_H:
	DST = (s64)MEM(s16, SRC + insn->off);
	goto *NEXT_OP;
op_LDX_MEMSX_W:
	DST = (s64)MEM(s32, SRC + insn->off);
	goto *NEXT_OP;
op_ST_MEM_B:
	MEM(u8, DST + insn->off) = insn->imm;
	goto *NEXT_OP;
op_ST_MEM_H:
	MEM(u16, DST + insn->off) = insn->imm;
	goto *NEXT_OP;
op_ST_MEM_W:
	MEM(u32, DST + insn->off) = insn->imm;
	goto *NEXT_OP;
op_ST_MEM_DW:
	MEM(u64, DST + insn->off) = IMM;
	goto *NEXT_OP;
op_STX_MEM_B:
	MEM(u8, DST + insn->off) = SRC;
	goto *NEXT_OP;
op_STX_MEM_H:
	MEM(u16, DST + insn->off) = SRC;
	goto *NEXT_OP;
op_STX_MEM_W:
	MEM(u32, DST + insn->off) = SRC;
	goto *NEXT_OP;
op_STX_MEM_DW:
	MEM(u64, DST + insn->off) = SRC;
	goto *NEXT_OP;
op_STX_ATOMIC_W:
	val32 = atomic32((void *)(uintptr_t)(DST + insn->off), insn->imm,
			 SRC, regs[BPF_REG_0]);
	/* the fetching forms and cmpxchg return the old value, zero-extended */
	if (insn->imm == BPF_CMPXCHG)
		regs[BPF_REG_0] = val32;
	else if (insn->imm & BPF_FETCH)
		SRC = val32;
	goto *NEXT_OP;
op_STX_ATOMIC_DW:
	val = atomic64((void *)(uintptr_t)(DST + insn->off), insn->imm,
		       SRC, regs[BPF_REG_0]);
	if (insn->imm == BPF_CMPXCHG)
		regs[BPF_REG_0] = val;
	else if (insn->imm & BPF_FETCH)
		SRC = val;
	goto *NEXT_OP;

op_ST_NOSPEC:
	ebpf_nospec();
	goto *NEXT_OP;

bad_opcode:
	/* the verifier lets no such opcode through */
	return 0;
}
