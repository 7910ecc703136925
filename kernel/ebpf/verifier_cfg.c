// SPDX-License-Identifier: GPL-2.0
/*
 * Passes 1 and 2 of the verifier: decoding (LD_IMM64 and the maps it
 * names, calls, jump ranges, fields) and the control-flow graph with the
 * registers live at each instruction.
 */
#include "verifier_internal.h"

/* ---- pass 1: decode --------------------------------------------------- */

/* An LD_IMM64 pointing into a map's value: can it, there? */
static int check_direct_value(struct ebpf_verifier *v, const struct ebpf_vmap *map,
			      u32 off)
{
	if (map->map_type == BPF_MAP_TYPE_ARRAY && map->max_entries != 1)
		return vfy_reject(v, -ENOTSUPP,
				  "direct value access needs an array of one element, not %u",
				  map->max_entries);
	if (!map->value)
		return vfy_reject(v, -EINVAL,
				  "no direct value access support for this map type");
	if (off >= map->value_size)
		return vfy_reject(v, -EINVAL,
				  "invalid access to map value pointer, value_size=%u off=%u",
				  map->value_size, off);
	return 0;
}

/*
 * The map of the LD_IMM64 at @idx, named by an fd (BPF_PSEUDO_MAP_FD,
 * BPF_PSEUDO_MAP_VALUE) or by an index into the caller's fd_array
 * (BPF_PSEUDO_MAP_IDX, BPF_PSEUDO_MAP_IDX_VALUE): the map itself (no
 * high half) or, for global data, the address of an offset into the value
 * of an array of one element.
 */
static int resolve_map(struct ebpf_verifier *v, u32 idx)
{
	const struct bpf_insn *in = &v->insns[idx];
	bool value = imm64_is_value(in);
	struct ebpf_vmap map = {};
	s32 fd = in->imm;
	int err;

	if (!value && in[1].imm)
		return vfy_reject(v, -EINVAL, "invalid bpf_ld_imm64 insn: map fd with a high half");
	if (in->src_reg == BPF_PSEUDO_MAP_IDX ||
	    in->src_reg == BPF_PSEUDO_MAP_IDX_VALUE) {
		if (!v->args->fd_array_get)
			return vfy_reject(v, -EPROTO, "fd_idx without fd_array is invalid");
		err = v->args->fd_array_get(v->args->priv, in->imm, &fd);
		if (err)
			return vfy_reject(v, err, "fd_array[%u] cannot be read", in->imm);
	}
	if (!v->args->map_by_fd)
		return vfy_reject(v, -EBADF, "fd %d is not pointing to valid bpf_map", fd);
	err = v->args->map_by_fd(v->args->priv, fd, &map);
	if (err)
		return vfy_reject(v, err, "fd %d is not pointing to valid bpf_map", fd);
	if (value) {
		err = check_direct_value(v, &map, in[1].imm);
		if (err)
			return err;
	}
	if (v->nmaps % 16 == 0 &&
	    vfy_grow_array((void **)&v->maps, v->nmaps, v->nmaps + 16, sizeof(*v->maps)))
		return -ENOMEM;
	v->aux[idx].map = v->nmaps;
	v->maps[v->nmaps++] = map;
	return 0;
}

/* A call of a BPF function, or an LD_IMM64 of one's address? */
bool vfy_is_bpf_func_ref(const struct bpf_insn *in)
{
	return (in->code == (BPF_JMP | BPF_CALL) &&
		in->src_reg == BPF_PSEUDO_CALL) ||
	       (in->code == (BPF_LD | BPF_IMM | BPF_DW) &&
		in->src_reg == BPF_PSEUDO_FUNC);
}

/*
 * Calls of BPF functions and kernel functions, first, as mainline: only
 * a loader with CAP_BPF may ask for them (EPERM otherwise); a BPF
 * function's start must be in the program. We have neither yet: kernel
 * functions are refused here, BPF functions when the walk reaches them
 * (where mainline would verify them), so the errno is mainline's for
 * whatever comes first.
 */
static int check_calls(struct ebpf_verifier *v)
{
	const struct bpf_insn *in;
	s64 to;

	for (v->idx = 0; v->idx < v->cnt; v->idx++) {
		in = &v->insns[v->idx];
		if (in->code == (BPF_JMP | BPF_CALL) &&
		    in->src_reg == BPF_PSEUDO_KFUNC_CALL)
			/* as mainline without BTF: ENOTSUPP */
			return vfy_reject(v, v->perms.bpf ? -ENOTSUPP : -EPERM,
					  "calls of kernel functions are not supported without BTF");
		if (!vfy_is_bpf_func_ref(in))
			continue;
		if (!v->perms.bpf)
			return vfy_reject(v, -EPERM,
					  "bpf-to-bpf calls are not supported without CAP_BPF or CAP_SYS_ADMIN");
		to = (s64)v->idx + 1 + in->imm;
		if (to < 0 || to >= v->cnt)
			return vfy_reject(v, -EINVAL, "call to invalid destination");
	}
	return 0;
}

/*
 * Every jump lands inside the program and the last instruction does not
 * fall off its end: checked on the raw instructions, in order, before
 * anything else is decoded (so these are EINVAL whatever follows, as
 * mainline).
 */
static int check_jump_ranges(struct ebpf_verifier *v)
{
	const struct bpf_insn *in = v->insns;
	u8 cls, op;
	s64 to;

	for (v->idx = 0; v->idx < v->cnt; v->idx++) {
		cls = BPF_CLASS(in[v->idx].code);
		op = BPF_OP(in[v->idx].code);
		if ((cls != BPF_JMP && cls != BPF_JMP32) || op == BPF_EXIT ||
		    op == BPF_CALL)
			continue;
		to = (s64)v->idx + 1 + (in[v->idx].code == (BPF_JMP32 | BPF_JA) ?
					in[v->idx].imm : in[v->idx].off);
		if (to < 0 || to >= v->cnt)
			return vfy_reject(v, -EINVAL, "jump out of range from insn %u to %lld",
					  v->idx, to);
	}
	v->idx = v->cnt - 1;
	if (in[v->idx].code != (BPF_JMP | BPF_EXIT) &&
	    in[v->idx].code != (BPF_JMP | BPF_JA) &&
	    in[v->idx].code != (BPF_JMP32 | BPF_JA))
		return vfy_reject(v, -EINVAL, "last insn is not an exit or jmp");
	return 0;
}

/* An LD_IMM64: second slot well formed, its map resolved. */
static int decode_imm64(struct ebpf_verifier *v)
{
	const struct bpf_insn *in = &v->insns[v->idx];

	if (v->idx + 1 == v->cnt || in[1].code || in[1].dst_reg ||
	    in[1].src_reg || in[1].off)
		return vfy_reject(v, -EINVAL, "invalid bpf_ld_imm64 insn");
	if (imm64_is_map(in) || imm64_is_value(in))
		return resolve_map(v, v->idx);
	if (in->src_reg && in->src_reg != BPF_PSEUDO_FUNC)
		return vfy_reject(v, -EINVAL, "unrecognized bpf_ld_imm64 insn: src %u",
				  in->src_reg);
	return 0;
}

/*
 * In order, one instruction after the other: LDX modes, LD_IMM64s and
 * their maps, known opcodes. Mainline's order, which decides between
 * EBADF (a map fd) and EINVAL (a bad instruction) when a program has
 * both. The other fields are checked when the walk reaches the
 * instruction, as mainline does.
 */
static int decode_insns(struct ebpf_verifier *v)
{
	const struct bpf_insn *in;
	int err;

	for (v->idx = 0; v->idx < v->cnt; v->idx++) {
		in = &v->insns[v->idx];
		if (BPF_CLASS(in->code) == BPF_LDX &&
		    ((BPF_MODE(in->code) != BPF_MEM &&
		      BPF_MODE(in->code) != BPF_MEMSX) || in->imm))
			return vfy_reject(v, -EINVAL, "BPF_LDX uses reserved fields");
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			err = decode_imm64(v);
			if (err)
				return err;
			v->aux[++v->idx].flags |= AUX_IMM64_HI;
			continue;
		}
		if (!ebpf_insn_known(in->code))
			return vfy_reject(v, -EINVAL, "unknown opcode %02x", in->code);
	}
	return 0;
}

/* Registers and reserved fields of the instruction the walk is at. */
int vfy_check_fields(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	const char *why;

	if (in->dst_reg > BPF_REG_10)
		return vfy_reject(v, -EINVAL, "R%u is invalid", in->dst_reg);
	if (in->src_reg > BPF_REG_10 && in->code != (BPF_LD | BPF_IMM | BPF_DW))
		return vfy_reject(v, -EINVAL, "R%u is invalid", in->src_reg);
	if (ebpf_insn_check_fields(in, &why))
		return vfy_reject(v, -EINVAL, "%s uses reserved fields: %s",
				  ebpf_insn_name(in->code), why);
	return 0;
}

/* ---- pass 2: control flow and liveness -------------------------------- */

/*
 * Successors of @idx in @succ; returns how many (0, 1 or 2). A BPF
 * function's start is one of the instruction calling it or taking its
 * address, so the function is not unreachable (mainline's graph too).
 */
static u32 insn_successors(struct ebpf_verifier *v, u32 idx, s64 succ[2])
{
	const struct bpf_insn *in = &v->insns[idx];
	u32 k = ebpf_insn_successors(v->insns, idx, succ);

	if (vfy_is_bpf_func_ref(in) && k < 2)
		succ[k++] = (s64)idx + 1 + in->imm;
	return k;
}

/* Registers @idx reads (use) and writes (def); a call reads its args. */
static void insn_use_def(struct ebpf_verifier *v, u32 idx, u16 *use, u16 *def)
{
	const struct bpf_insn *in = &v->insns[idx];
	const struct ebpf_helper_proto *p = NULL;
	u32 nargs = 5;	/* an unknown helper: all five, to be safe */

	if (in->code == (BPF_JMP | BPF_CALL))
		p = ebpf_helper_by_id(in->imm);
	if (p)
		for (nargs = 0; nargs < 5 && p->args[nargs] != EBPF_ARG_NONE;)
			nargs++;
	ebpf_insn_use_def(in, nargs, use, def);
	/* fields are checked when the walk gets there: r11-r15 may be named */
	*use &= BIT(MAX_BPF_REG) - 1;
	*def &= BIT(MAX_BPF_REG) - 1;
}

static int check_edge(struct ebpf_verifier *v, u32 from, s64 to, u8 *color)
{
	v->idx = from;
	if (to < 0 || to >= v->cnt)
		return vfy_reject(v, -EINVAL, "jump out of range from insn %u to %lld",
				  from, to);
	if (v->aux[to].flags & AUX_IMM64_HI)
		return vfy_reject(v, -EINVAL, "jump into the middle of ldimm64 insn %lld",
				  to);
	if (color[to] == 1)
		return vfy_reject(v, -EINVAL,
				  "back-edge from insn %u to %lld (loops are not supported yet)",
				  from, to);
	return 0;
}

/*
 * Depth-first search of the control-flow graph: rejects bad edges and
 * unreachable instructions, marks prune points, and fills @order with the
 * reachable instructions in post-order (every successor before its
 * predecessors).
 */
static int check_cfg(struct ebpf_verifier *v, u32 *order, u32 *norder)
{
	u32 *stack, sp = 0, n = 0, i, k, idx;
	u8 *color;	/* 0: not seen, 1: on the search stack, 2: done */
	int err = -ENOMEM;
	s64 succ[2];

	stack = ebpf_zalloc(v->cnt * sizeof(*stack));
	color = ebpf_zalloc(v->cnt);
	if (!stack || !color)
		goto out;
	stack[sp++] = 0;
	color[0] = 1;
	while (sp) {
		idx = stack[sp - 1];
		k = insn_successors(v, idx, succ);
		if (k == 2)
			v->aux[idx + 1].flags |= AUX_PRUNE;
		for (i = 0; i < k; i++) {
			err = check_edge(v, idx, succ[i], color);
			if (err)
				goto out;
			if (BPF_CLASS(v->insns[idx].code) == BPF_JMP ||
			    BPF_CLASS(v->insns[idx].code) == BPF_JMP32)
				v->aux[succ[i]].flags |= AUX_PRUNE;
			if (!color[succ[i]])
				break;
		}
		if (i < k) {
			color[succ[i]] = 1;
			stack[sp++] = succ[i];
			continue;
		}
		color[idx] = 2;
		order[n++] = idx;
		sp--;
	}
	for (idx = 0; idx < v->cnt; idx++) {
		if (color[idx] || (v->aux[idx].flags & AUX_IMM64_HI))
			continue;
		v->idx = idx;
		err = vfy_reject(v, -EINVAL, "unreachable insn %u", idx);
		goto out;
	}
	*norder = n;
	err = 0;
out:
	ebpf_free(stack);
	ebpf_free(color);
	return err;
}

/* Live registers into each instruction, successors first. */
static void compute_liveness(struct ebpf_verifier *v, const u32 *order, u32 n)
{
	u16 use, def, out;
	u32 i, j, k, idx;
	s64 succ[2];

	for (i = 0; i < n; i++) {
		idx = order[i];
		k = insn_successors(v, idx, succ);
		out = 0;
		for (j = 0; j < k; j++)
			out |= v->aux[succ[j]].live_in;
		insn_use_def(v, idx, &use, &def);
		v->aux[idx].live_in = use | (out & ~def);
	}
}

int vfy_check_structure(struct ebpf_verifier *v)
{
	u32 *order, n = 0;
	int err;

	err = check_calls(v) ?: check_jump_ranges(v) ?: decode_insns(v);
	if (err)
		return err;
	order = ebpf_zalloc(v->cnt * sizeof(*order));
	if (!order)
		return -ENOMEM;
	err = check_cfg(v, order, &n);
	if (!err && v->args->sleepable)
		err = vfy_reject(v, -EINVAL,
				 "Only fentry/fexit/fmod_ret, lsm, iter, uprobe, and struct_ops programs can be sleepable");
	if (!err)
		compute_liveness(v, order, n);
	ebpf_free(order);
	return err;
}
