// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding of single instructions: which opcodes exist and which fields
 * each may use, as opcodes.h says. Fields an instruction
 * does not use must be zero, so that they stay free for later extensions
 * (the RFC reserves them) and a program cannot smuggle data in them.
 */
#include "core.h"
#include "insn.h"

/* Per opcode byte; unknown opcodes have no name. */
static const struct {
	const char *name;
	u8 rule;
} ebpf_opcode_info[256] = {
#define EBPF_OPCODE(name, code, rule) \
	[code] = { #name, rule },
#include "opcodes.h"
#undef EBPF_OPCODE
};

bool ebpf_insn_known(u8 code)
{
	return ebpf_opcode_info[code].name;
}

const char *ebpf_insn_name(u8 code)
{
	return ebpf_insn_known(code) ? ebpf_opcode_info[code].name : "unknown";
}

/* Which fields a rule lets an instruction set to something non-zero. */
enum {
	USES_DST = BIT(0),
	USES_SRC = BIT(1),
	USES_OFF = BIT(2),
	USES_IMM = BIT(3),
};

static const u8 ebpf_rule_fields[] = {
	[EBPF_F_ALU_K]		= USES_DST | USES_IMM | USES_OFF,
	[EBPF_F_ALU_X]		= USES_DST | USES_SRC | USES_OFF,
	[EBPF_F_MOV_X]		= USES_DST | USES_SRC | USES_OFF,
	[EBPF_F_NEG]		= USES_DST,
	[EBPF_F_END]		= USES_DST | USES_IMM,
	[EBPF_F_JA]		= USES_OFF,
	[EBPF_F_JA32]		= USES_IMM,
	[EBPF_F_JMP_K]		= USES_DST | USES_OFF | USES_IMM,
	[EBPF_F_JMP_X]		= USES_DST | USES_SRC | USES_OFF,
	[EBPF_F_CALL]		= USES_SRC | USES_IMM,
	[EBPF_F_EXIT]		= 0,
	[EBPF_F_LD_IMM64]	= USES_DST | USES_SRC | USES_IMM,
	[EBPF_F_LD_ABS]		= USES_IMM,
	[EBPF_F_LD_IND]		= USES_SRC | USES_IMM,
	[EBPF_F_LDX]		= USES_DST | USES_SRC | USES_OFF,
	[EBPF_F_ST]		= USES_DST | USES_OFF | USES_IMM,
	[EBPF_F_STX]		= USES_DST | USES_SRC | USES_OFF,
	[EBPF_F_ATOMIC]		= USES_DST | USES_SRC | USES_OFF | USES_IMM,
};

static bool ebpf_atomic_op_valid(s32 imm)
{
	switch (imm) {
	case BPF_ADD:
	case BPF_ADD | BPF_FETCH:
	case BPF_OR:
	case BPF_OR | BPF_FETCH:
	case BPF_AND:
	case BPF_AND | BPF_FETCH:
	case BPF_XOR:
	case BPF_XOR | BPF_FETCH:
	case BPF_XCHG:
	case BPF_CMPXCHG:
		return true;
	default:
		return false;
	}
}

/* Values of the used fields that the rule still forbids. */
static const char *ebpf_rule_values(const struct bpf_insn *insn, u8 rule)
{
	bool alu64 = BPF_CLASS(insn->code) == BPF_ALU64;
	u8 op = BPF_OP(insn->code);

	switch (rule) {
	case EBPF_F_ALU_K:
	case EBPF_F_ALU_X:
		/* off 1 selects the signed division and modulo */
		if (insn->off && !(insn->off == 1 &&
				   (op == BPF_DIV || op == BPF_MOD)))
			return "off must be 0 (1 only for sdiv/smod)";
		return NULL;
	case EBPF_F_MOV_X:
		/* off selects a sign-extending move from that many bits */
		if (insn->off && insn->off != 8 && insn->off != 16 &&
		    !(alu64 && insn->off == 32))
			return "movsx width must be 8, 16 or (64-bit) 32";
		return NULL;
	case EBPF_F_END:
		if (insn->imm != 16 && insn->imm != 32 && insn->imm != 64)
			return "byte swap width must be 16, 32 or 64";
		return NULL;
	case EBPF_F_CALL:
		if (insn->src_reg != 0 && insn->src_reg != BPF_PSEUDO_CALL &&
		    insn->src_reg != BPF_PSEUDO_KFUNC_CALL)
			return "unknown call kind in src_reg";
		return NULL;
	case EBPF_F_ATOMIC:
		if (!ebpf_atomic_op_valid(insn->imm))
			return "unknown atomic operation in imm";
		return NULL;
	default:
		return NULL;
	}
}

int ebpf_insn_check_fields(const struct bpf_insn *insn, const char **why)
{
	u8 rule = ebpf_opcode_info[insn->code].rule;
	u8 uses;

	if (!ebpf_insn_known(insn->code)) {
		*why = "unknown opcode";
		return -EINVAL;
	}
	uses = ebpf_rule_fields[rule];
	*why = NULL;
	if (insn->dst_reg > BPF_REG_10 || insn->src_reg > BPF_REG_10)
		*why = "register number above r10";
	else if (insn->dst_reg && !(uses & USES_DST))
		*why = "reserved field dst_reg is not 0";
	else if (insn->src_reg && !(uses & USES_SRC))
		*why = "reserved field src_reg is not 0";
	else if (insn->off && !(uses & USES_OFF))
		*why = "reserved field off is not 0";
	else if (insn->imm && !(uses & USES_IMM))
		*why = "reserved field imm is not 0";
	else
		*why = ebpf_rule_values(insn, rule);
	return *why ? -EINVAL : 0;
}

u32 ebpf_insn_successors(const struct bpf_insn *insns, u32 idx, s64 succ[2])
{
	const struct bpf_insn *in = &insns[idx];
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

	if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
		succ[0] = (s64)idx + 2;
		return 1;
	}
	if (cls != BPF_JMP && cls != BPF_JMP32) {
		succ[0] = (s64)idx + 1;
		return 1;
	}
	if (op == BPF_EXIT)
		return 0;
	if (op == BPF_CALL) {
		succ[0] = (s64)idx + 1;
		return 1;
	}
	if (op == BPF_JA) {
		succ[0] = (s64)idx + 1 + (cls == BPF_JMP32 ? in->imm : in->off);
		return 1;
	}
	succ[0] = (s64)idx + 1;
	succ[1] = (s64)idx + 1 + in->off;
	return 2;
}

/* r10 is never dead; LD_ABS/LD_IND and calls clobber r0-r5. */
void ebpf_insn_use_def(const struct bpf_insn *in, u32 nargs, u16 *use,
		       u16 *def)
{
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	u16 d = BIT(in->dst_reg), s = BIT(in->src_reg);

	*use = BIT(BPF_REG_10);
	*def = 0;
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		*def = d;
		if (op != BPF_MOV)
			*use |= d;
		if (BPF_SRC(in->code) == BPF_X && op != BPF_NEG && op != BPF_END)
			*use |= s;
		return;
	case BPF_LDX:
		*use |= s;
		*def = d;
		return;
	case BPF_ST:
		*use |= d;
		return;
	case BPF_STX:
		*use |= d | s;
		if (BPF_MODE(in->code) != BPF_ATOMIC)
			return;
		if (in->imm == BPF_CMPXCHG) {
			*use |= BIT(BPF_REG_0);
			*def = BIT(BPF_REG_0);
		} else if (in->imm & BPF_FETCH) {
			*def = s;
		}
		return;
	case BPF_LD:
		if (BPF_MODE(in->code) == BPF_IMM) {
			*def = d;
			return;
		}
		*use |= BIT(BPF_REG_6);
		if (BPF_MODE(in->code) == BPF_IND)
			*use |= s;
		*def = GENMASK(BPF_REG_5, BPF_REG_0);
		return;
	}
	if (op == BPF_EXIT) {
		*use |= BIT(BPF_REG_0);
	} else if (op == BPF_CALL) {
		*use |= (BIT(min(nargs, 5U)) - 1) << BPF_REG_1;
		*def = GENMASK(BPF_REG_5, BPF_REG_0);
	} else if (op != BPF_JA) {
		*use |= d;
		if (BPF_SRC(in->code) == BPF_X)
			*use |= s;
	}
}

bool ebpf_insn_end_swaps(const struct bpf_insn *in)
{
	if (BPF_CLASS(in->code) == BPF_ALU64)
		return true;
	if (BPF_SRC(in->code) == BPF_TO_BE)
		return !EBPF_HOST_BIG_ENDIAN;
	return EBPF_HOST_BIG_ENDIAN;
}
