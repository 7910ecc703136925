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
	if (r->type == EBPF_PTR_STACK && !ebpf_scalar_is_const(&r->var))
		return vfy_reject(v, -EACCES,
				  "R%u variable stack access prohibited for !root, off=%d",
				  d, r->off);
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

/* Is ADD/SUB @in one whose pointer arithmetic the rewrite masks? */
static bool needs_masking(const struct ebpf_verifier *v,
			  const struct bpf_insn *in)
{
	u8 op = BPF_OP(in->code);

	return !v->perms.bypass_spec_v1 && BPF_SRC(in->code) == BPF_X &&
	       (op == BPF_ADD || op == BPF_SUB);
}

/*
 * Is the pointer @ptr still short of the end of its object that the
 * operation moves it towards (@left: its start)? At or past it, no
 * masking window exists.
 */
static bool room_before_move(const struct ebpf_verifier *v,
			     const struct ebpf_reg *ptr, bool left)
{
	u32 room, max;

	if (ptr->type == EBPF_PTR_STACK) {
		/* r10 itself may move left: its offset 0 starts the frame */
		max = EBPF_STACK_SIZE + left;
		room = -(u32)((u32)ptr->off + (u32)ptr->var.t.value);
	} else {
		max = v->maps[ptr->map].value_size;
		room = (u32)ptr->off + (u32)(left ? ptr->var.smin : ptr->var.umax);
	}
	return room < max;
}

/*
 * Before pointer arithmetic is applied, for loaders without the Spectre
 * v1 bypass: only stack and map value pointers can be masked, by an
 * offset of one sign. On a mispredicted path the rules were checked on
 * the real one, so only the bounds after the move are.
 */
static int check_maskable(struct ebpf_verifier *v, const struct bpf_insn *in,
			  const struct ebpf_reg *ptr, const struct ebpf_reg *off)
{
	bool off_dst = off == &v->cur.regs[in->dst_reg];
	u32 ptr_reg = off_dst ? in->src_reg : in->dst_reg;
	u32 off_reg = off_dst ? in->dst_reg : in->src_reg;
	u8 op = BPF_OP(in->code);
	bool neg = off->var.smin < 0;

	if (!needs_masking(v, in) || v->cur.speculative)
		return 0;
	if (ptr->type != EBPF_PTR_STACK && ptr->type != EBPF_PTR_MAP_VALUE)
		return vfy_reject(v, -EACCES,
				  "R%u has pointer with unsupported alu operation, pointer arithmetic with it prohibited for !root",
				  ptr_reg);
	if (!ebpf_scalar_is_const(&off->var) && neg && off->var.smax >= 0)
		return vfy_reject(v, -EACCES,
				  "R%u has unknown scalar with mixed signed bounds, pointer arithmetic with it prohibited for !root",
				  off_reg);
	if (!room_before_move(v, ptr, op == BPF_ADD ? neg : !neg))
		return vfy_reject(v, -EACCES,
				  "R%u tried to %s beyond pointer bounds, pointer arithmetic with it prohibited for !root",
				  in->dst_reg, op == BPF_ADD ? "add" : "sub");
	return 0;
}

/* Level 2 of the log says what the rewrite does with an offset. */
static void log_masking(struct ebpf_verifier *v, u32 reg, bool konst, s64 lo,
			s64 hi)
{
	if (konst)
		vfy_vlog(v, "%u: R%u is constant, an immediate after the rewrite (Spectre v1)\n",
			 v->idx, reg);
	else
		vfy_vlog(v, "%u: R%u is masked to [%lld, %lld] (Spectre v1)\n",
			 v->idx, reg, lo, hi);
}

/*
 * The pointer arithmetic @in with offset @off was safe on this path:
 * record how the rewrite masks it (the offset's sign and its largest
 * magnitude, or the constant it is) and check that every path agrees.
 * Then a variable offset gets its mispredicted path: the mask makes an
 * offset outside the window 0, so the walk also goes on from the next
 * instruction with the pointer unmoved, in @ptr's state.
 */
static int record_masking(struct ebpf_verifier *v, const struct bpf_insn *in,
			  const struct ebpf_reg *ptr, const struct ebpf_reg *off,
			  bool off_dst)
{
	struct insn_aux *aux = &v->aux[v->idx];
	bool konst = ebpf_scalar_is_const(&off->var);
	bool neg = off->var.smin < 0;
	struct ebpf_reg keep;
	u32 limit;
	u8 san;
	int err;

	if (!needs_masking(v, in))
		return 0;
	if (!v->cur.speculative) {
		san = SAN_PTR | (neg ? SAN_NEG : 0) | (konst ? SAN_CONST : 0) |
		      (off_dst ? SAN_OFF_DST : 0);
		limit = neg ? -(u64)off->var.smin : off->var.umax;
		if (aux->san && (aux->san != san || aux->alu_limit != limit))
			return vfy_reject(v, -EACCES,
					  "R%u tried to %s from different maps, paths or scalars, pointer arithmetic with it prohibited for !root",
					  in->dst_reg, BPF_OP(in->code) == BPF_ADD ? "add" : "sub");
		if (!aux->san && v->args->log_level >= 2)
			log_masking(v, off_dst ? in->dst_reg : in->src_reg,
				    konst, neg ? -(s64)limit : 0, neg ? 0 : limit);
		aux->san = san;
		aux->alu_limit = limit;
		v->exact_scalars |= !konst;
	}
	if (konst)
		return 0;
	keep = v->cur.regs[in->dst_reg];
	v->cur.regs[in->dst_reg] = *ptr;
	err = vfy_push_speculative(v, v->idx + 1, &v->cur);
	v->cur.regs[in->dst_reg] = keep;
	return err;
}

/* Scalar ADD/SUB of registers where pointer arithmetic is masked: never both. */
static int record_scalar_alu(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	struct insn_aux *aux = &v->aux[v->idx];

	if (!needs_masking(v, in) || v->cur.speculative)
		return 0;
	if (aux->san & SAN_PTR)
		return vfy_reject(v, -EACCES,
				  "R%u tried to %s from different maps, paths or scalars, pointer arithmetic with it prohibited for !root",
				  in->dst_reg, BPF_OP(in->code) == BPF_ADD ? "add" : "sub");
	aux->san = SAN_SCALAR;
	return 0;
}

/* dst = ptr +/- scalar, where exactly one of the operands is a pointer. */
static int ptr_scalar_alu(struct ebpf_verifier *v, const struct bpf_insn *in,
			  const struct ebpf_reg *ptr,
			  const struct ebpf_reg *off)
{
	u8 op = BPF_OP(in->code);
	struct ebpf_reg res = *ptr, orig_ptr, orig_off;
	u32 d = in->dst_reg;
	bool off_dst = off == &v->cur.regs[d];
	int err;

	if (reg_maybe_null(ptr))
		return vfy_reject(v, -EACCES,
				  "R%u pointer arithmetic on %s prohibited, null-check it first",
				  d, vfy_reg_type_str[ptr->type]);
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
	if (ebpf_scalar_is_const(&off->var) &&
	    ((s64)off->var.t.value <= -EBPF_MAX_VAR_OFF ||
	     (s64)off->var.t.value >= EBPF_MAX_VAR_OFF))
		return vfy_reject(v, -EINVAL, "value %lld makes %s pointer be out of bounds",
				  (s64)off->var.t.value, vfy_reg_type_str[ptr->type]);
	err = check_maskable(v, in, ptr, off);
	if (err)
		return err;
	if (ebpf_scalar_is_const(&off->var)) {
		s64 k = (s64)off->var.t.value;
		s64 n;

		n = (s64)res.off + (op == BPF_ADD ? k : -k);
		if (n <= -EBPF_MAX_VAR_OFF || n >= EBPF_MAX_VAR_OFF)
			return vfy_reject(v, -EINVAL,
					  "value %lld makes %s pointer be out of bounds",
					  k, vfy_reg_type_str[ptr->type]);
		res.off = n;
	} else {
		ebpf_scalar_alu(&res.var, &off->var, op, 0, false);
	}
	/* the masking's mispredicted path starts from the operands */
	orig_ptr = *ptr;
	orig_off = *off;
	v->cur.regs[d] = res;
	return vfy_check_invariants(v, d) ?: check_ptr_stays_inside(v, d, &res) ?:
	       record_masking(v, in, &orig_ptr, &orig_off, off_dst);
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
	err = record_scalar_alu(v, in);
	if (err)
		return err;
	ebpf_scalar_alu(&dst->var, &src->var, op, in->off, !is64);
	return vfy_check_invariants(v, in->dst_reg);
}
