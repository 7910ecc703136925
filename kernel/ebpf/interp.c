// SPDX-License-Identifier: GPL-2.0
/*
 * The interpreter: a computed-goto loop over verified instructions.
 *
 * The jump table comes from opcodes.h, so every opcode the
 * verifier can accept has a label here, or this file does not compile.
 * Before each jump the loop loads the destination register's address and
 * the source operand (register for BPF_X, sign-extended immediate for
 * BPF_K), so that a K and an X opcode share one body.
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
 * BPF_ATOMIC on 32 bits: returns the old value of the memory; for
 * compare-and-exchange, *r0 is the expected value on entry and the old
 * value on return.
 */
static u32 atomic32(void *p, s32 op, u32 val, u32 *r0)
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
		*r0 = ebpf_cmpxchg32(p, *r0, val);
		return *r0;
	}
}

static u64 atomic64(void *p, s32 op, u64 val, u64 *r0)
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
		*r0 = ebpf_cmpxchg64(p, *r0, val);
		return *r0;
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

u64 ebpf_interp_run(const struct bpf_insn *insn, const void *ctx,
		    const struct ebpf_interp_env *env)
{
	static const void *const jump[256] __annotate_jump_table = {
		[0 ... 255] = &&bad_opcode,
		/* the field rule is the decoder's business: "+ 0 * rule" */
#define EBPF_OPCODE(name, code, rule) \
		[code] = &&op_##name + 0 * (rule),
#include "opcodes.h"
#undef EBPF_OPCODE
	};
	u64 stack[EBPF_STACK_SIZE / sizeof(u64)];
	u64 regs[MAX_BPF_REG];
	u64 *dst, src, r0;
	u32 d32, src32;

	regs[BPF_REG_1] = (uintptr_t)ctx;
	regs[BPF_REG_10] = (uintptr_t)(stack + ARRAY_SIZE(stack));
	goto dispatch;

next:
	insn++;
dispatch:
#ifdef EBPF_INTERP_TRACE
	/* user-space fuzzing checks every state against the verifier's */
	EBPF_INTERP_TRACE(insn, regs);
#endif
	dst = &regs[insn->dst_reg];
	src = BPF_SRC(insn->code) == BPF_X ? regs[insn->src_reg] :
					     (u64)(s64)insn->imm;
	d32 = *dst;
	src32 = src;
	goto *jump[insn->code];

	/* 64-bit ALU */
op_ALU64_ADD_K: op_ALU64_ADD_X:
	*dst += src;
	goto next;
op_ALU64_SUB_K: op_ALU64_SUB_X:
	*dst -= src;
	goto next;
op_ALU64_MUL_K: op_ALU64_MUL_X:
	*dst *= src;
	goto next;
op_ALU64_DIV_K: op_ALU64_DIV_X:
	*dst = ebpf_divmod64(false, insn->off, *dst, src);
	goto next;
op_ALU64_MOD_K: op_ALU64_MOD_X:
	*dst = ebpf_divmod64(true, insn->off, *dst, src);
	goto next;
op_ALU64_OR_K: op_ALU64_OR_X:
	*dst |= src;
	goto next;
op_ALU64_AND_K: op_ALU64_AND_X:
	*dst &= src;
	goto next;
op_ALU64_XOR_K: op_ALU64_XOR_X:
	*dst ^= src;
	goto next;
op_ALU64_LSH_K: op_ALU64_LSH_X:
	*dst <<= src & 63;
	goto next;
op_ALU64_RSH_K: op_ALU64_RSH_X:
	*dst >>= src & 63;
	goto next;
op_ALU64_ARSH_K: op_ALU64_ARSH_X:
	*dst = (s64)*dst >> (src & 63);
	goto next;
op_ALU64_NEG:
	*dst = 0 - *dst;
	goto next;
op_ALU64_MOV_K:
	*dst = src;
	goto next;
op_ALU64_MOV_X:
	*dst = movsx64(src, insn->off);
	goto next;
op_ALU64_BSWAP:
	*dst = bswap(*dst, insn->imm);
	goto next;

	/* 32-bit ALU: operands are the low halves, results zero-extended */
op_ALU32_ADD_K: op_ALU32_ADD_X:
	*dst = (u32)(d32 + src32);
	goto next;
op_ALU32_SUB_K: op_ALU32_SUB_X:
	*dst = (u32)(d32 - src32);
	goto next;
op_ALU32_MUL_K: op_ALU32_MUL_X:
	*dst = (u32)(d32 * src32);
	goto next;
op_ALU32_DIV_K: op_ALU32_DIV_X:
	*dst = ebpf_divmod32(false, insn->off, d32, src32);
	goto next;
op_ALU32_MOD_K: op_ALU32_MOD_X:
	*dst = ebpf_divmod32(true, insn->off, d32, src32);
	goto next;
op_ALU32_OR_K: op_ALU32_OR_X:
	*dst = d32 | src32;
	goto next;
op_ALU32_AND_K: op_ALU32_AND_X:
	*dst = d32 & src32;
	goto next;
op_ALU32_XOR_K: op_ALU32_XOR_X:
	*dst = d32 ^ src32;
	goto next;
op_ALU32_LSH_K: op_ALU32_LSH_X:
	*dst = (u32)(d32 << (src32 & 31));
	goto next;
op_ALU32_RSH_K: op_ALU32_RSH_X:
	*dst = d32 >> (src32 & 31);
	goto next;
op_ALU32_ARSH_K: op_ALU32_ARSH_X:
	*dst = (u32)((s32)d32 >> (src32 & 31));
	goto next;
op_ALU32_NEG:
	*dst = (u32)(0 - d32);
	goto next;
op_ALU32_MOV_K:
	*dst = src32;
	goto next;
op_ALU32_MOV_X:
	*dst = movsx32(src, insn->off);
	goto next;
op_ALU32_TO_LE:
	*dst = from_le(*dst, insn->imm);
	goto next;
op_ALU32_TO_BE:
	*dst = from_be(*dst, insn->imm);
	goto next;

	/* jumps: a taken branch moves by off (by imm for gotol) */
op_JMP_JA:
	insn += insn->off;
	goto next;
op_JMP32_JA:
	insn += insn->imm;
	goto next;
op_JMP_JEQ_K:
op_JMP_JEQ_X:
	if (*dst == src)
		insn += insn->off;
	goto next;
op_JMP_JNE_K:
op_JMP_JNE_X:
	if (*dst != src)
		insn += insn->off;
	goto next;
op_JMP_JGT_K:
op_JMP_JGT_X:
	if (*dst > src)
		insn += insn->off;
	goto next;
op_JMP_JGE_K:
op_JMP_JGE_X:
	if (*dst >= src)
		insn += insn->off;
	goto next;
op_JMP_JLT_K:
op_JMP_JLT_X:
	if (*dst < src)
		insn += insn->off;
	goto next;
op_JMP_JLE_K:
op_JMP_JLE_X:
	if (*dst <= src)
		insn += insn->off;
	goto next;
op_JMP_JSET_K:
op_JMP_JSET_X:
	if (*dst & src)
		insn += insn->off;
	goto next;
op_JMP_JSGT_K:
op_JMP_JSGT_X:
	if ((s64)*dst > (s64)src)
		insn += insn->off;
	goto next;
op_JMP_JSGE_K:
op_JMP_JSGE_X:
	if ((s64)*dst >= (s64)src)
		insn += insn->off;
	goto next;
op_JMP_JSLT_K:
op_JMP_JSLT_X:
	if ((s64)*dst < (s64)src)
		insn += insn->off;
	goto next;
op_JMP_JSLE_K:
op_JMP_JSLE_X:
	if ((s64)*dst <= (s64)src)
		insn += insn->off;
	goto next;
op_JMP32_JEQ_K:
op_JMP32_JEQ_X:
	if (d32 == src32)
		insn += insn->off;
	goto next;
op_JMP32_JNE_K:
op_JMP32_JNE_X:
	if (d32 != src32)
		insn += insn->off;
	goto next;
op_JMP32_JGT_K:
op_JMP32_JGT_X:
	if (d32 > src32)
		insn += insn->off;
	goto next;
op_JMP32_JGE_K:
op_JMP32_JGE_X:
	if (d32 >= src32)
		insn += insn->off;
	goto next;
op_JMP32_JLT_K:
op_JMP32_JLT_X:
	if (d32 < src32)
		insn += insn->off;
	goto next;
op_JMP32_JLE_K:
op_JMP32_JLE_X:
	if (d32 <= src32)
		insn += insn->off;
	goto next;
op_JMP32_JSET_K:
op_JMP32_JSET_X:
	if (d32 & src32)
		insn += insn->off;
	goto next;
op_JMP32_JSGT_K:
op_JMP32_JSGT_X:
	if ((s32)d32 > (s32)src32)
		insn += insn->off;
	goto next;
op_JMP32_JSGE_K:
op_JMP32_JSGE_X:
	if ((s32)d32 >= (s32)src32)
		insn += insn->off;
	goto next;
op_JMP32_JSLT_K:
op_JMP32_JSLT_X:
	if ((s32)d32 < (s32)src32)
		insn += insn->off;
	goto next;
op_JMP32_JSLE_K:
op_JMP32_JSLE_X:
	if ((s32)d32 <= (s32)src32)
		insn += insn->off;
	goto next;
op_JMP_CALL:
	regs[BPF_REG_0] = env->helpers[insn->imm](regs[BPF_REG_1],
						  regs[BPF_REG_2],
						  regs[BPF_REG_3],
						  regs[BPF_REG_4],
						  regs[BPF_REG_5]);
	goto next;
op_JMP_EXIT:
	return regs[BPF_REG_0];

	/* loads and stores; the verifier proved every address valid */
op_LD_IMM64:
	*dst = (u32)insn[0].imm | (u64)(u32)insn[1].imm << 32;
	insn++;
	goto next;
op_LD_ABS_B: op_LD_ABS_H: op_LD_ABS_W:
	if (!load_packet(env, regs[BPF_REG_6], insn->imm,
			 ebpf_size_bytes(insn->code), &r0))
		return 0;
	regs[BPF_REG_0] = r0;
	goto next;
op_LD_IND_B: op_LD_IND_H: op_LD_IND_W:
	if (!load_packet(env, regs[BPF_REG_6],
			 (s32)(regs[insn->src_reg] + insn->imm),
			 ebpf_size_bytes(insn->code), &r0))
		return 0;
	regs[BPF_REG_0] = r0;
	goto next;
op_LDX_MEM_B:
	*dst = MEM(u8, regs[insn->src_reg] + insn->off);
	goto next;
op_LDX_MEM_H:
	*dst = MEM(u16, regs[insn->src_reg] + insn->off);
	goto next;
op_LDX_MEM_W:
	*dst = MEM(u32, regs[insn->src_reg] + insn->off);
	goto next;
op_LDX_MEM_DW:
	*dst = MEM(u64, regs[insn->src_reg] + insn->off);
	goto next;
op_LDX_MEMSX_B:
	*dst = (s64)MEM(s8, regs[insn->src_reg] + insn->off);
	goto next;
op_LDX_MEMSX_H:
	*dst = (s64)MEM(s16, regs[insn->src_reg] + insn->off);
	goto next;
op_LDX_MEMSX_W:
	*dst = (s64)MEM(s32, regs[insn->src_reg] + insn->off);
	goto next;
op_ST_MEM_B:
	MEM(u8, *dst + insn->off) = insn->imm;
	goto next;
op_ST_MEM_H:
	MEM(u16, *dst + insn->off) = insn->imm;
	goto next;
op_ST_MEM_W:
	MEM(u32, *dst + insn->off) = insn->imm;
	goto next;
op_ST_MEM_DW:
	MEM(u64, *dst + insn->off) = (s64)insn->imm;
	goto next;
op_STX_MEM_B:
	MEM(u8, *dst + insn->off) = regs[insn->src_reg];
	goto next;
op_STX_MEM_H:
	MEM(u16, *dst + insn->off) = regs[insn->src_reg];
	goto next;
op_STX_MEM_W:
	MEM(u32, *dst + insn->off) = regs[insn->src_reg];
	goto next;
op_STX_MEM_DW:
	MEM(u64, *dst + insn->off) = regs[insn->src_reg];
	goto next;
op_STX_ATOMIC_W:
	d32 = regs[BPF_REG_0];
	src32 = atomic32((void *)(uintptr_t)(*dst + insn->off), insn->imm,
			 regs[insn->src_reg], &d32);
	/* fetching forms write the old value back, zero-extended */
	if (insn->imm == BPF_CMPXCHG)
		regs[BPF_REG_0] = d32;
	else if (insn->imm & BPF_FETCH)
		regs[insn->src_reg] = src32;
	goto next;
op_STX_ATOMIC_DW:
	r0 = regs[BPF_REG_0];
	src = atomic64((void *)(uintptr_t)(*dst + insn->off), insn->imm,
		       regs[insn->src_reg], &r0);
	if (insn->imm == BPF_CMPXCHG)
		regs[BPF_REG_0] = r0;
	else if (insn->imm & BPF_FETCH)
		regs[insn->src_reg] = src;
	goto next;

bad_opcode:
	/* the verifier lets no such opcode through */
	return 0;
}
