// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier: proves a program safe before it may run.
 *
 * A program is accepted when every path through it terminates and every
 * instruction on every path is safe on the machine state that can reach
 * it. The verifier works in four passes:
 *
 * 1. Decode. Every LD_IMM64 has a well-formed second slot, and the maps it
 *    names are resolved (args->map_by_fd). Every opcode is known and uses
 *    only the fields it may use; bpf-to-bpf and kernel-function calls are
 *    refused for now.
 *
 * 2. Control flow. A depth-first search from instruction 0 finds jumps out
 *    of the program or into the second slot of an LD_IMM64, back edges (a
 *    loop could run forever, and bounded loops are not supported yet) and
 *    instructions no path reaches. With no back edge the graph is acyclic,
 *    so the search's post-order is a reverse topological order: one pass
 *    over it computes which registers are live into each instruction.
 *    Jump targets and the instructions after a conditional jump are the
 *    "prune points" where paths meet.
 *
 * 3. Symbolic execution. Starting from r1 = context, r10 = frame pointer,
 *    the walk runs each path through the program on an abstract state
 *    (struct ebpf_vstate): per register its type (uninitialised, scalar,
 *    or a pointer to context, stack, map, map value or map value-or-null)
 *    with a fixed and a variable offset, the variable part and scalars
 *    being struct ebpf_scalar (a tnum plus four ranges, scalar.c); per
 *    stack byte whether it holds nothing, data, or part of a spilled
 *    register, which is kept whole. Each instruction is checked against
 *    that state and then applied to it. A conditional jump narrows both
 *    operands on each side (ebpf_scalar_refine()); an outcome no value
 *    allows is not explored, one that is possible on both sides queues
 *    the jump's side. Null checks of a map lookup's result turn every copy
 *    of it (same id) into a map value pointer or into 0.
 *
 *    At a prune point the registers that are dead there are forgotten, and
 *    if an earlier path reached the same point with a state that contains
 *    this one (every register and stack byte of this state is among the
 *    values the earlier one allowed), this path is safe for the same
 *    reasons that one was, and the walk moves on to the next queued one.
 *    Without loops this is exact reasoning, not a heuristic; the states
 *    compared include every live register's full bounds, so a path is
 *    never pruned by one that was checked for fewer values.
 *
 * 4. Rewrite. LD_IMM64 of a map gets the map's address, and context
 *    accesses become accesses to the real object behind the context
 *    (desc->ctx_rewrite), with jump offsets adjusted around them.
 *
 * After every abstract operation the result's invariants are checked
 * (ebpf_scalar_valid()); a violation is a bug here, reported as an
 * "internal error" and a rejected program, never a crash or a warning.
 *
 * Errors go to the log with the index of the instruction; at log level 1
 * the log shows the path that failed, at level 2 every instruction
 * processed with the registers before it. Structural errors are -EINVAL,
 * unsafe programs -EACCES, programs too big or too complex -E2BIG.
 *
 * This file holds the pipeline and the walk's loop; each concern has a
 * file of its own, sharing struct ebpf_verifier through
 * verifier_internal.h: verifier_cfg.c (passes 1 and 2), verifier_state.c
 * (states, register checks, pruning), verifier_mem.c (stack, context, map
 * value and packet accesses), verifier_alu.c, verifier_jmp.c,
 * verifier_call.c (helpers), verifier_rewrite.c (pass 4) and
 * verifier_log.c.
 */
#include "verifier_internal.h"

/*
 * Check instruction v->idx on the current state and apply it. *@next is
 * the next instruction of this path, or v->cnt when the path ends.
 */
static int step(struct ebpf_verifier *v, u32 *next)
{
	const struct bpf_insn *in = &v->insns[v->idx];
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	int err = 0;

	/* a conditional jump reads its dst before its fields are checked */
	if ((cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_JA &&
	    op != BPF_CALL && op != BPF_EXIT && in->dst_reg <= BPF_REG_10)
		err = vfy_check_reg_read(v, in->dst_reg);
	/* the fields do not depend on the state: once per instruction */
	if (!err && !(v->aux[v->idx].flags & AUX_WALKED)) {
		if (vfy_is_bpf_func_ref(in))
			err = vfy_reject(v, -EINVAL, "bpf-to-bpf calls are not supported yet");
		err = err ?: vfy_check_fields(v, in);
	}
	if (err)
		return err;
	/* only mispredicted paths reach it: not live code (see insn_walked()) */
	if (!v->cur.speculative)
		v->aux[v->idx].flags |= AUX_WALKED;
	*next = v->idx + 1;
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		return vfy_check_alu(v, in);
	case BPF_LD:
		if (BPF_MODE(in->code) == BPF_IMM)
			*next = v->idx + 2;
		return vfy_check_ld(v, in);
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		return vfy_check_ldst(v, in);
	}
	switch (op) {
	case BPF_EXIT:
		*next = v->cnt;
		return vfy_check_exit(v);
	case BPF_CALL:
		return vfy_check_call(v, in);
	case BPF_JA:
		*next = v->idx + 1 +
			(BPF_CLASS(in->code) == BPF_JMP32 ? in->imm : in->off);
		return 0;
	default:
		return vfy_check_cond_jmp(v, in, next);
	}
}

static void init_state(struct ebpf_verifier *v)
{
	mark_pointer(&v->cur.regs[BPF_REG_1], EBPF_PTR_CTX, 0);
	mark_pointer(&v->cur.regs[BPF_REG_10], EBPF_PTR_STACK, 0);
}

/* Pass 3: every path, instruction by instruction. */
static int walk(struct ebpf_verifier *v)
{
	u32 next;
	int err;

	init_state(v);
	v->idx = 0;
	for (;;) {
		if (++v->args->processed > EBPF_MAX_PROCESSED)
			return vfy_reject(v, -E2BIG,
					  "BPF program is too complex: more than %u instructions processed",
					  EBPF_MAX_PROCESSED);
		if (v->aux[v->idx].flags & AUX_PRUNE) {
			err = vfy_prune_point(v);
			if (err < 0)
				return err;
			if (err)
				goto path_done;
		}
		if (v->args->observe)
			v->args->observe(v->args->priv, v->idx, &v->cur);
		if (v->args->log_level >= 2) {
			vfy_log_insn(v, v->idx);
			vfy_vlog(v, " ;");
			vfy_log_state(v, &v->cur);
			vfy_vlog(v, "\n");
		}
		v->path[v->path_len++] = v->idx;
		err = step(v, &next);
		if (err)
			return err;
		if (next < v->cnt) {
			v->idx = next;
			if (!(v->args->processed & 0xffff))
				ebpf_cond_resched();
			continue;
		}
path_done:
		if (!vfy_pop_branch(v))
			return 0;
	}
}

/* ---- entry ------------------------------------------------------------ */

static void verifier_free(struct ebpf_verifier *v)
{
	struct saved_chunk *c;
	u32 i;

	while (v->chunks) {
		c = v->chunks;
		for (i = 0; i < c->used; i++)
			vfy_state_free(&c->states[i].st);
		v->chunks = c->next;
		ebpf_free(c);
	}
	/* the pending branches, and the spare states past them */
	for (i = 0; i < v->branches_cap; i++)
		vfy_state_free(&v->branches[i].st);
	vfy_state_free(&v->cur);
	ebpf_free(v->branches);
	ebpf_free(v->path);
	ebpf_free(v->aux);
	ebpf_free(v->maps);
}

/* The passes, on verifier @v set up by ebpf_verify(). */
static int verify(struct ebpf_verifier *v)
{
	struct ebpf_verify_args *args = v->args;
	struct bpf_insn *out = NULL;
	u32 limit, n = 0;
	int err, log_err;

	limit = v->perms.bpf ? EBPF_MAX_INSNS : EBPF_MAX_INSNS_UNPRIV;
	if (!v->cnt || v->cnt > limit) {
		err = vfy_reject(v, -E2BIG, "program has %u instructions, limit %u",
				 v->cnt, limit);
		goto out;
	}
	/* mainline's first step once the log is set up: the BTF info's fd */
	if (args->btf_info_err) {
		err = vfy_reject(v, args->btf_info_err,
				 "func_info or line_info needs BTF, which we do not have");
		goto out;
	}
	err = -ENOMEM;
	v->aux = ebpf_zalloc(v->cnt * sizeof(*v->aux));
	v->path = ebpf_zalloc(v->cnt * sizeof(*v->path));
	if (!v->aux || !v->path)
		goto out;
	err = vfy_check_structure(v) ?: walk(v);
	v->path_len = 0;
	if (!err)
		err = vfy_rewrite(v, &out, &n);
	vfy_vlog(v, "processed %u insns (limit %u), %u states kept, stack depth %u\n",
		 args->processed, EBPF_MAX_PROCESSED, v->nsaved, args->stack_depth);
out:
	/* as mainline: a log that did not fit, or failed, over the verdict */
	log_err = ebpf_log_finish(&v->log, &args->log_len);
	if (log_err)
		err = log_err;
	if (err) {
		ebpf_free(out);
	} else {
		args->insns = out;
		args->insn_cnt = n;
	}
	return err;
}

int ebpf_verify(struct ebpf_verify_args *args)
{
	struct ebpf_verifier *v = ebpf_zalloc(sizeof(*v));
	int err;

	if (!v)
		return -ENOMEM;
	v->args = args;
	v->insns = args->insns;
	v->cnt = args->insn_cnt;
	v->perms = args->perms;
	args->processed = 0;
	args->stack_depth = 0;
	args->ctx_end = 0;
	args->log_len = 0;
	v->log.level = args->log_level;
	v->log.fixed = args->log_fixed;
	if (args->log_buf && args->log_size) {
		v->log.buf = args->log_buf;
		v->log.size = args->log_size;
		v->log.put = args->log_put;
		v->log.get = args->log_get;
	}
	err = verify(v);
	verifier_free(v);
	ebpf_free(v);
	return err;
}
