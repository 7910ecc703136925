// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's jumps: the queue of branches still to walk, conditional
 * jumps with null checks and pointer comparisons, and exit.
 */
#include "verifier_internal.h"

/*
 * The state the next pushed branch will start from: a jump builds its
 * taken side there, so that push_branch() takes it without a copy. Until
 * pushed it is scratch space, reused by the next jump. NULL without memory.
 */
static struct ebpf_vstate *next_branch_state(struct ebpf_verifier *v)
{
	if (v->nbranches == v->branches_cap) {
		u32 cap = max_t(u32, EBPF_BRANCHES_MIN, 2 * v->branches_cap);

		if (vfy_grow_array((void **)&v->branches, v->nbranches, cap,
				   sizeof(*v->branches)))
			return NULL;
		v->branches_cap = cap;
	}
	return &v->branches[v->nbranches].st;
}

/* Queue @st to be walked from instruction @idx later. */
static int push_branch(struct ebpf_verifier *v, u32 idx,
		       const struct ebpf_vstate *st)
{
	struct ebpf_vstate *next = next_branch_state(v);
	struct branch *b;

	if (!next || (st != next && vfy_state_copy(next, st)))
		return -ENOMEM;
	b = &v->branches[v->nbranches++];
	b->idx = idx;
	b->path_len = v->path_len;
	return 0;
}

/*
 * Queue @st from @idx as a path only misprediction takes (Spectre v1):
 * the CPU may run code the walk proved unreachable, and it must be safe
 * there too.
 */
int vfy_push_speculative(struct ebpf_verifier *v, u32 idx,
			 const struct ebpf_vstate *st)
{
	int err = push_branch(v, idx, st);

	if (!err)
		v->branches[v->nbranches - 1].st.speculative = true;
	return err;
}

/*
 * A jump's outcome is known, so the walk follows one side; a loader
 * without the Spectre v1 bypass also gets the other side checked as a
 * mispredicted path (CVE-2021-33624), on state @st, where the compared
 * registers hold whatever the misprediction left: unknown scalars.
 */
static int push_mispredicted(struct ebpf_verifier *v, const struct bpf_insn *in,
			     u32 idx, const struct ebpf_vstate *st)
{
	struct ebpf_vstate *spec;
	int err;

	if (v->perms.bypass_spec_v1)
		return 0;
	err = vfy_push_speculative(v, idx, st);
	if (err)
		return err;
	spec = &v->branches[v->nbranches - 1].st;
	mark_scalar(&spec->regs[in->dst_reg], ebpf_scalar_unknown());
	if (BPF_SRC(in->code) == BPF_X)
		mark_scalar(&spec->regs[in->src_reg], ebpf_scalar_unknown());
	return 0;
}

static void swap_states(struct ebpf_vstate *a, struct ebpf_vstate *b)
{
	struct ebpf_vstate t = *a;

	*a = *b;
	*b = t;
}

/*
 * A lookup's or a reservation's result @id is null (it becomes 0) or not,
 * everywhere.
 */
static void mark_null_checked(struct ebpf_vstate *st, u32 id, bool is_null)
{
	struct ebpf_reg *r;
	u32 i;

	for (i = 0; i < MAX_BPF_REG + st->nslots; i++) {
		r = state_reg(st, i);
		if (!r || !reg_maybe_null(r) || r->id != id)
			continue;
		if (is_null)
			mark_scalar(r, ebpf_scalar_const(0));
		else if (r->type == EBPF_PTR_MAP_VALUE_OR_NULL)
			r->type = EBPF_PTR_MAP_VALUE;
		else
			r->type = EBPF_PTR_RINGBUF_MEM;
	}
	/* nothing was reserved: nothing to release */
	if (is_null)
		vfy_drop_ref(st, id);
}

/*
 * Continue with @taken_ok/@fall_ok saying which outcomes are possible;
 * @taken is the state on the jump's side. Returns the next instruction.
 */
static int follow(struct ebpf_verifier *v, const struct bpf_insn *in,
		  bool taken_ok, bool fall_ok, struct ebpf_vstate *taken,
		  u32 *next)
{
	u32 target = v->idx + 1 + in->off;
	int err = 0;

	*next = taken_ok && !fall_ok ? target : v->idx + 1;
	if (taken_ok && fall_ok)
		return push_branch(v, target, taken);
	if (!taken_ok)
		return push_mispredicted(v, in, target, taken);
	if (taken == &v->cur)
		return push_mispredicted(v, in, v->idx + 1, &v->cur);
	/* walk on with the taken side; queue the side not taken */
	swap_states(&v->cur, taken);
	err = push_mispredicted(v, in, v->idx + 1, taken);
	return err;
}

/* `if rX ==/!= 0` on a map lookup's result: a null check. */
static bool is_null_check(const struct bpf_insn *in, const struct ebpf_reg *d,
			  const struct ebpf_reg *s)
{
	u8 op = BPF_OP(in->code);

	return reg_maybe_null(d) &&
	       BPF_CLASS(in->code) == BPF_JMP && (op == BPF_JEQ || op == BPF_JNE) &&
	       s->type == EBPF_SCALAR && ebpf_scalar_is_const(&s->var) &&
	       !s->var.t.value;
}

static int null_check(struct ebpf_verifier *v, const struct bpf_insn *in,
		      u32 *next)
{
	bool jeq = BPF_OP(in->code) == BPF_JEQ;
	u32 id = v->cur.regs[in->dst_reg].id;
	struct ebpf_vstate *taken = next_branch_state(v);
	int err;

	err = taken ? vfy_state_copy(taken, &v->cur) : -ENOMEM;
	if (!err) {
		mark_null_checked(taken, id, jeq);
		mark_null_checked(&v->cur, id, !jeq);
		err = follow(v, in, true, true, taken, next);
	}
	return err;
}

/*
 * A comparison involving a pointer: one that cannot be null compared with
 * 0 has a known outcome; any other is allowed where pointers may leak
 * and teaches nothing.
 */
static int ptr_cmp(struct ebpf_verifier *v, const struct bpf_insn *in,
		   const struct ebpf_reg *d, const struct ebpf_reg *s, u32 *next)
{
	u8 op = BPF_OP(in->code);
	bool zero = s->type == EBPF_SCALAR && ebpf_scalar_is_const(&s->var) &&
		    !s->var.t.value;

	if (BPF_SRC(in->code) == BPF_X && vfy_leaks_pointer(v, in->src_reg))
		return vfy_reject(v, -EACCES, "R%u pointer comparison prohibited", in->src_reg);
	if (vfy_leaks_pointer(v, in->dst_reg))
		return vfy_reject(v, -EACCES, "R%u pointer comparison prohibited", in->dst_reg);
	if (reg_is_ptr(d) && !reg_maybe_null(d) && zero &&
	    BPF_CLASS(in->code) == BPF_JMP && (op == BPF_JEQ || op == BPF_JNE))
		return follow(v, in, op == BPF_JNE, op == BPF_JEQ, &v->cur, next);
	return follow(v, in, true, true, &v->cur, next);
}

int vfy_check_cond_jmp(struct ebpf_verifier *v, const struct bpf_insn *in,
		       u32 *next)
{
	bool is32 = BPF_CLASS(in->code) == BPF_JMP32;
	struct ebpf_vstate *taken;
	struct ebpf_reg k, *d, *s = &k, *td, *ts = NULL;
	bool taken_ok, fall_ok;
	u8 op = BPF_OP(in->code);
	int err;

	err = vfy_check_reg_read(v, in->dst_reg);
	if (err)
		return err;
	if (BPF_SRC(in->code) == BPF_X) {
		err = vfy_check_reg_read(v, in->src_reg);
		if (err)
			return err;
		s = &v->cur.regs[in->src_reg];
	} else {
		mark_scalar(&k, ebpf_scalar_const((u64)(s64)in->imm));
	}
	d = &v->cur.regs[in->dst_reg];
	if (is_null_check(in, d, s))
		return null_check(v, in, next);
	if (reg_is_ptr(d) || reg_is_ptr(s))
		return ptr_cmp(v, in, d, s, next);

	taken = next_branch_state(v);
	if (!taken || vfy_state_copy(taken, &v->cur))
		return -ENOMEM;
	td = &taken->regs[in->dst_reg];
	if (BPF_SRC(in->code) == BPF_X && in->src_reg == in->dst_reg) {
		/* x op x: which outcomes are possible, but nothing to narrow */
		struct ebpf_scalar a = d->var, b = d->var;

		taken_ok = ebpf_scalar_refine(&a, &b, op, is32, true);
		a = d->var;
		b = d->var;
		fall_ok = ebpf_scalar_refine(&a, &b, op, is32, false);
	} else {
		struct ebpf_scalar kt = k.var;

		ts = BPF_SRC(in->code) == BPF_X ? &taken->regs[in->src_reg] : NULL;
		taken_ok = ebpf_scalar_refine(&td->var, ts ? &ts->var : &kt, op,
					      is32, true);
		fall_ok = ebpf_scalar_refine(&d->var, &s->var, op, is32, false);
	}
	if (taken_ok && !ebpf_scalar_valid(&td->var))
		err = vfy_reject(v, -EFAULT,
				 "internal error: R%u bounds invariants violated after a taken jump",
				 in->dst_reg);
	else if (taken_ok && ts && !ebpf_scalar_valid(&ts->var))
		err = vfy_reject(v, -EFAULT,
				 "internal error: R%u bounds invariants violated after a taken jump",
				 in->src_reg);
	else if (fall_ok && (!ebpf_scalar_valid(&d->var) ||
			     !ebpf_scalar_valid(&s->var)))
		err = vfy_reject(v, -EFAULT,
				 "internal error: R%u bounds invariants violated after a jump not taken",
				 in->dst_reg);
	else if (!taken_ok && !fall_ok)
		err = vfy_reject(v, -EFAULT,
				 "internal error: neither outcome of a jump is possible");
	else
		err = follow(v, in, taken_ok, fall_ok, taken, next);
	return err;
}

int vfy_check_exit(struct ebpf_verifier *v)
{
	int err;

	/* every record reserved on this path is submitted or discarded */
	if (v->cur.nrefs)
		return vfy_reject(v, -EINVAL, "Unreleased reference id=%u alloc_insn=%u",
				  v->cur.refs[0].id, v->cur.refs[0].insn);
	err = vfy_check_reg_read(v, BPF_REG_0);

	if (!err && vfy_leaks_pointer(v, BPF_REG_0))
		return vfy_reject(v, -EACCES, "R0 leaks addr as return value");
	return err;
}

/* Take the next queued branch; false when there is none. */
bool vfy_pop_branch(struct ebpf_verifier *v)
{
	struct branch *b;

	if (!v->nbranches)
		return false;
	b = &v->branches[--v->nbranches];
	vfy_state_free(&v->cur);
	v->cur = b->st;		/* takes over its slots */
	b->st.slots = NULL;
	b->st.nslots = 0;
	v->idx = b->idx;
	v->path_len = b->path_len;
	if (v->args->log_level >= 2) {
		vfy_vlog(v, "from %u to %u%s:", v->path_len ? v->path[v->path_len - 1] : 0,
			 v->idx, v->cur.speculative ? " (speculative execution)" : "");
		vfy_log_state(v, &v->cur);
		vfy_vlog(v, "\n");
	}
	return true;
}
