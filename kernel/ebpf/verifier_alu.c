// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's ALU rules: scalar arithmetic and pointer arithmetic.
 */
#include "verifier_internal.h"

/*
 * Spectre v1 (CVE-2019-7308), for loaders without the bypass: a pointer
 * moved out of its object could be dereferenced on a mispredicted path
 * before the bounds check guarding the access resolves, so mainline
 * refuses the move itself. A stack pointer stays at a constant offset
 * inside the frame, a map value pointer inside the value whatever its
 * variable part is.
 */
static int check_ptr_stays_inside(struct ebpf_verifier *v, u32 d,
				  const struct ebpf_reg *r)
{
	u32 size;
	s64 lo;

	if (v->perms.bypass_spec_v1)
		return 0;
	if (r->type == EBPF_PTR_STACK) {
		/* the variable part is a constant here (see below) */
		lo = (s64)((u64)(s64)r->off + r->var.t.value);
		if (lo >= 0 || lo < -EBPF_STACK_SIZE)
			return vfy_reject(v, -EACCES,
					  "R%u stack pointer arithmetic goes out of range, prohibited for !root, off=%lld",
					  d, lo);
	} else if (r->type == EBPF_PTR_MAP_VALUE) {
		size = v->maps[r->map].value_size;
		/* off + smin < 0, without overflow: |off| < 2^29 */
		if (r->var.smin < -(s64)r->off || r->var.umax >= size ||
		    (s64)r->off + (s64)r->var.umax >= size)
			return vfy_reject(v, -EACCES,
					  "R%u pointer arithmetic of map value goes out of range, prohibited for !root",
					  d);
	}
	return 0;
}

/* dst = ptr +/- scalar, where exactly one of the operands is a pointer. */
static int ptr_scalar_alu(struct ebpf_verifier *v, const struct bpf_insn *in,
			  const struct ebpf_reg *ptr,
			  const struct ebpf_reg *off)
{
	u8 op = BPF_OP(in->code);
	struct ebpf_reg res = *ptr;
	u32 d = in->dst_reg;

	if (ptr->type == EBPF_PTR_MAP_VALUE_OR_NULL)
		return vfy_reject(v, -EACCES,
				  "R%u pointer arithmetic on map_value_or_null prohibited, null-check it first",
				  d);
	if (ptr->type == EBPF_PTR_MAP)
		return vfy_reject(v, -EACCES, "R%u pointer arithmetic on map_ptr prohibited", d);
	if (op == BPF_AND || op == BPF_OR || op == BPF_XOR)
		return vfy_reject(v, -EACCES, "R%u bitwise operator %s on pointer prohibited",
				  d, vfy_alu_op_str[op >> 4]);
	if (op != BPF_ADD && op != BPF_SUB)
		return vfy_reject(v, -EACCES, "R%u pointer arithmetic with %s operator prohibited",
				  d, vfy_alu_op_str[op >> 4]);
	/*
	 * As mainline: a scalar with no lower bound, or bounds far out, may
	 * not move a pointer (EINVAL); an upper bound too high is caught at
	 * the access.
	 */
	if (!ebpf_scalar_is_const(&off->var) && off->var.smin == S64_MIN)
		return vfy_reject(v, -EINVAL,
				  "R%u math between %s pointer and register with unbounded min value is not allowed",
				  d, vfy_reg_type_str[ptr->type]);
	if (!ebpf_scalar_is_const(&off->var) &&
	    (off->var.smin <= -EBPF_MAX_VAR_OFF || off->var.smin >= EBPF_MAX_VAR_OFF))
		return vfy_reject(v, -EINVAL, "value %lld makes %s pointer be out of bounds",
				  off->var.smin, vfy_reg_type_str[ptr->type]);
	if (ebpf_scalar_is_const(&off->var)) {
		s64 k = (s64)off->var.t.value;
		s64 n;

		if (k <= -EBPF_MAX_VAR_OFF || k >= EBPF_MAX_VAR_OFF)
			return vfy_reject(v, -EINVAL,
					  "value %lld makes %s pointer be out of bounds",
					  k, vfy_reg_type_str[ptr->type]);
		n = (s64)res.off + (op == BPF_ADD ? k : -k);
		if (n <= -EBPF_MAX_VAR_OFF || n >= EBPF_MAX_VAR_OFF)
			return vfy_reject(v, -EINVAL,
					  "value %lld makes %s pointer be out of bounds",
					  k, vfy_reg_type_str[ptr->type]);
		res.off = n;
	} else {
		if (ptr->type == EBPF_PTR_STACK && !v->perms.bypass_spec_v1)
			return vfy_reject(v, -EACCES,
					  "R%u variable stack access prohibited for !root",
					  d);
		ebpf_scalar_alu(&res.var, &off->var, op, 0, false);
	}
	v->cur.regs[d] = res;
	return vfy_check_invariants(v, d) ?: check_ptr_stays_inside(v, d, &res);
}

static int ptr_alu(struct ebpf_verifier *v, const struct bpf_insn *in,
		   struct ebpf_reg *dst, const struct ebpf_reg *src)
{
	u8 op = BPF_OP(in->code);
	u32 d = in->dst_reg;

	if (BPF_CLASS(in->code) == BPF_ALU)
		return vfy_reject(v, -EACCES, "R%u 32-bit pointer arithmetic prohibited", d);
	if (reg_is_ptr(dst) && reg_is_ptr(src)) {
		if (op != BPF_SUB)
			return vfy_reject(v, -EACCES, "R%u pointer %s pointer prohibited",
					  d, vfy_alu_op_str[op >> 4]);
		if (!v->perms.ptr_leaks)
			return vfy_reject(v, -EACCES, "R%u pointer -= pointer prohibited", d);
		mark_scalar(dst, ebpf_scalar_unknown());
		return 0;
	}
	if (reg_is_ptr(dst))
		return ptr_scalar_alu(v, in, dst, src);
	if (op == BPF_SUB)
		return vfy_reject(v, -EACCES, "R%u tried to sub pointer from scalar", d);
	if (op != BPF_ADD)
		return vfy_reject(v, -EACCES, "R%u pointer arithmetic with %s operator prohibited",
				  d, vfy_alu_op_str[op >> 4]);
	return ptr_scalar_alu(v, in, src, dst);
}

/* BPF_NEG and BPF_END: scalars only, or a pointer where it may leak. */
static int unary_alu(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	struct ebpf_reg *dst = &v->cur.regs[in->dst_reg];
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
	int err;

	err = vfy_check_reg_read(v, in->dst_reg) ?: vfy_check_reg_write(v, in->dst_reg);
	if (err)
		return err;
	if (reg_is_ptr(dst)) {
		if (!v->perms.ptr_leaks)
			return vfy_reject(v, -EACCES, "R%u pointer arithmetic prohibited",
					  in->dst_reg);
		mark_scalar(dst, ebpf_scalar_unknown());
	}
	if (BPF_OP(in->code) == BPF_NEG)
		ebpf_scalar_alu(&dst->var, &dst->var, BPF_NEG, 0, !is64);
	else
		ebpf_scalar_end(&dst->var, in->imm, ebpf_insn_end_swaps(in));
	return vfy_check_invariants(v, in->dst_reg);
}

static int mov_alu(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	struct ebpf_reg *dst = &v->cur.regs[in->dst_reg];
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
	struct ebpf_reg src;
	int err;

	err = vfy_check_reg_write(v, in->dst_reg);
	if (err)
		return err;
	if (BPF_SRC(in->code) == BPF_K) {
		mark_scalar(dst, ebpf_scalar_const(is64 ? (u64)(s64)in->imm :
						   (u32)in->imm));
		return 0;
	}
	err = vfy_check_reg_read(v, in->src_reg);
	if (err)
		return err;
	src = v->cur.regs[in->src_reg];
	if (reg_is_ptr(&src)) {
		if (is64 && !in->off) {
			*dst = src;
			return 0;
		}
		if (in->off && !v->perms.ptr_leaks)
			return vfy_reject(v, -EACCES, "R%u sign-extension part of pointer",
					  in->src_reg);
		if (!v->perms.ptr_leaks)
			return vfy_reject(v, -EACCES, "R%u partial copy of pointer",
					  in->src_reg);
		mark_scalar(&src, ebpf_scalar_unknown());
	}
	mark_scalar(dst, src.var);
	if (in->off)
		ebpf_scalar_movsx(&dst->var, &src.var, in->off, !is64);
	else if (!is64)
		ebpf_scalar_alu(&dst->var, &src.var, BPF_MOV, 0, true);
	return vfy_check_invariants(v, in->dst_reg);
}

int vfy_check_alu(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
	u8 op = BPF_OP(in->code);
	struct ebpf_reg *dst = &v->cur.regs[in->dst_reg], k, *src = &k;
	int err;

	if (op == BPF_NEG || op == BPF_END)
		return unary_alu(v, in);
	if (op == BPF_MOV)
		return mov_alu(v, in);
	if (BPF_SRC(in->code) == BPF_K) {
		if ((op == BPF_DIV || op == BPF_MOD) && !in->imm)
			return vfy_reject(v, -EINVAL, "div by zero");
		if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) &&
		    (u32)in->imm >= (is64 ? 64 : 32))
			return vfy_reject(v, -EINVAL, "invalid shift %d", in->imm);
		mark_scalar(&k, ebpf_scalar_const((u64)(s64)in->imm));
	} else {
		err = vfy_check_reg_read(v, in->src_reg);
		if (err)
			return err;
		src = &v->cur.regs[in->src_reg];
	}
	err = vfy_check_reg_read(v, in->dst_reg) ?: vfy_check_reg_write(v, in->dst_reg);
	if (err)
		return err;
	if (reg_is_ptr(dst) || reg_is_ptr(src))
		return ptr_alu(v, in, dst, src);
	ebpf_scalar_alu(&dst->var, &src->var, op, in->off, !is64);
	return vfy_check_invariants(v, in->dst_reg);
}
