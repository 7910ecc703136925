// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's memory checks: stack, context and map value accesses,
 * LD_IMM64 and LD_ABS/LD_IND, loads, stores and atomics.
 */
#include "verifier_internal.h"

/* ---- memory ----------------------------------------------------------- */

struct ebpf_stack_slot *vfy_stack_slot(struct ebpf_verifier *v, s64 off)
{
	return &v->cur.slots[(-off - 1) / 8];
}

/* Byte @off (< 0, from r10) of the stack. */
u8 *vfy_stack_byte(struct ebpf_verifier *v, s64 off)
{
	return &vfy_stack_slot(v, off)->bytes[(off % 8 + 8) % 8];
}

/*
 * The constant offset from r10 that @reg + @off points at, checked to lie
 * with @size bytes inside the stack; *@at receives it.
 */
int vfy_stack_offset(struct ebpf_verifier *v, u32 regno, s32 off, u32 size,
		     bool helper, s64 *at)
{
	const struct ebpf_reg *r = &v->cur.regs[regno];
	s64 o;

	if (!ebpf_scalar_is_const(&r->var))
		return vfy_reject(v, -EACCES, "R%u variable offset stack access is not supported",
				  regno);
	o = (s64)r->off + (s64)r->var.t.value + off;
	if (o < -EBPF_STACK_SIZE || o + size > 0 || !size)
		return vfy_reject(v, helper ? -EINVAL : -EACCES,
				  "invalid stack off=%lld size=%u", o, size);
	if (!helper && o % size)
		return vfy_reject(v, -EACCES, "misaligned stack access off=%lld size=%u",
				  o, size);
	if (vfy_state_grow(&v->cur, (-o + 7) / 8))
		return -ENOMEM;
	if (v->args->stack_depth < -o)
		v->args->stack_depth = -o;
	*at = o;
	return 0;
}

/*
 * Can @size bytes at @o be read by this loader? A load may take a spilled
 * pointer whole only (@whole); a helper reading memory (@indirect) sees
 * spilled pointers as bytes, which only loaders allowed to leak pointers
 * may see. Bytes never written may be read with uninit_stack only, as
 * mainline (both CAP_PERFMON).
 */
int vfy_stack_readable(struct ebpf_verifier *v, s64 o, u32 size,
		       bool whole, bool indirect)
{
	const char *how = indirect ? "indirect read" : "read";
	u32 i;

	for (i = 0; i < size; i++) {
		u8 b = *vfy_stack_byte(v, o + i);
		bool ptr = b == EBPF_STACK_SPILL &&
			   vfy_stack_slot(v, o + i)->spill.type != EBPF_SCALAR;

		if (ptr && !whole && !indirect)
			return vfy_reject(v, -EACCES, "invalid size of register fill");
		if ((ptr && indirect && !v->perms.ptr_leaks) ||
		    (b == EBPF_STACK_INVALID && !v->perms.uninit_stack))
			return vfy_reject(v, -EACCES, "invalid %s from stack off=%lld size=%u",
					  how, o, size);
	}
	return 0;
}

/*
 * Spectre v4 (CVE-2018-3639, the store bypass; for BPF CVE-2021-34556
 * and CVE-2021-35477), for loaders without the bypass: a load after this
 * store may speculatively read what the stack held before it. When that
 * was a spilled register or bytes never written (stale kernel data), or
 * when the store spills a pointer, the rewrite puts a barrier after the
 * store, as mainline. Stores over plain data need none.
 */
static void mark_store_bypass(struct ebpf_verifier *v, s64 o, u32 size,
			      bool spills_ptr)
{
	bool barrier = spills_ptr;
	u32 i;

	if (v->perms.bypass_spec_v4)
		return;
	for (i = 0; i < size && !barrier; i++)
		barrier = *vfy_stack_byte(v, o + i) != EBPF_STACK_MISC;
	if (barrier && !(v->aux[v->idx].flags & AUX_NOSPEC)) {
		v->aux[v->idx].flags |= AUX_NOSPEC;
		if (v->args->log_level >= 2)
			vfy_vlog(v, "%u: nospec after the store (Spectre v4)\n", v->idx);
	}
}

/* Write @size bytes at @o: @val (a register, or NULL for plain data). */
static int stack_write(struct ebpf_verifier *v, s64 o, u32 size,
		       const struct ebpf_reg *val)
{
	struct ebpf_stack_slot *s = vfy_stack_slot(v, o);
	s64 first = o & ~7LL, at;
	u32 i;

	if (val && reg_is_ptr(val) && size != 8)
		return vfy_reject(v, -EACCES, "invalid size of register spill");
	/*
	 * Mainline keeps the bounds of spilled scalars for CAP_BPF loaders
	 * only (and zeroes for everyone); agree with it, so that the same
	 * programs load.
	 */
	if (val && !v->perms.bpf && val->type == EBPF_SCALAR &&
	    !(ebpf_scalar_is_const(&val->var) && !val->var.t.value))
		val = NULL;
	if (size == 8 && val) {
		memset(s->bytes, EBPF_STACK_SPILL, 8);
		s->spill = *val;
		return 0;
	}
	/* a spill partly overwritten is gone: its other bytes become data */
	for (at = first; at < o + size; at += 8) {
		s = vfy_stack_slot(v, at);
		if (s->bytes[0] != EBPF_STACK_SPILL)
			continue;
		if (reg_is_ptr(&s->spill) && !v->perms.ptr_leaks && size != 8)
			return vfy_reject(v, -EACCES,
					  "attempt to corrupt spilled pointer on stack");
		memset(s->bytes, EBPF_STACK_MISC, 8);
		mark_not_init(&s->spill);
	}
	for (i = 0; i < size; i++)
		*vfy_stack_byte(v, o + i) = EBPF_STACK_MISC;
	return 0;
}

/* Load @size bytes at @o into @dst. */
static int stack_read(struct ebpf_verifier *v, s64 o, u32 size, bool sext,
		      struct ebpf_reg *dst)
{
	struct ebpf_stack_slot *s = vfy_stack_slot(v, o);
	bool whole = size == 8 && s->bytes[0] == EBPF_STACK_SPILL;
	int err;

	err = vfy_stack_readable(v, o, size, whole, false);
	if (err)
		return err;
	if (!whole) {
		mark_loaded(dst, size, sext);
		return 0;
	}
	*dst = s->spill;
	return 0;
}

/*
 * The byte range [*lo, *hi) that @size bytes at @reg + @off may touch,
 * from the pointer's fixed and variable offset. As mainline, the variable
 * part's unsigned maximum bounds it above: a part that may be negative is
 * unbounded there, even when the fixed offset keeps the sum inside.
 */
static int ptr_range(struct ebpf_verifier *v, u32 regno, s32 off, u32 size,
		     s64 *lo, s64 *hi)
{
	const struct ebpf_reg *r = &v->cur.regs[regno];
	bool var = !ebpf_scalar_is_const(&r->var);

	if (r->var.smin <= -EBPF_MAX_VAR_OFF) {
		*lo = r->var.smin;
		return vfy_reject(v, -EACCES,
				  "R%u min value is negative, either use unsigned index or do a if (index >=0) check.",
				  regno);
	}
	*lo = (s64)r->off + off + r->var.smin;
	if (var && *lo < 0)
		return vfy_reject(v, -EACCES,
				  "R%u min value is negative, either use unsigned index or do a if (index >=0) check.",
				  regno);
	if (r->var.umax >= EBPF_MAX_VAR_OFF)
		return vfy_reject(v, -EACCES,
				  "R%u unbounded memory access, make sure to bounds check any such access",
				  regno);
	*hi = (s64)r->off + off + (s64)r->var.umax + size;
	return 0;
}

/*
 * A map created with BPF_F_RDONLY_PROG (or BPF_F_WRONLY_PROG) is read-only
 * (write-only) for programs, whatever reaches its values: loads and
 * stores, atomics, helpers reading or writing memory. Checked before the
 * bounds, as mainline, whose message gives @off: the instruction's offset
 * for a direct access, the pointer's fixed offset for a helper's.
 */
int vfy_check_map_access_kind(struct ebpf_verifier *v, u32 regno, s32 off,
			      u32 size, bool write)
{
	const struct ebpf_vmap *map = &v->maps[v->cur.regs[regno].map];

	if (write && (map->map_flags & BPF_F_RDONLY_PROG))
		return vfy_reject(v, -EACCES,
				  "write into map forbidden, value_size=%u off=%d size=%u",
				  map->value_size, off, size);
	if (!write && (map->map_flags & BPF_F_WRONLY_PROG))
		return vfy_reject(v, -EACCES,
				  "read from map forbidden, value_size=%u off=%d size=%u",
				  map->value_size, off, size);
	return 0;
}

/*
 * @size bytes at @regno + @off inside the region it points into, of
 * @limit bytes: a map value or a ring buffer record, named @what in the
 * log as mainline names it.
 */
static int check_region(struct ebpf_verifier *v, u32 regno, s32 off,
			u32 size, u32 limit, const char *what)
{
	s64 lo = 0, hi = 0;
	int err;

	err = ptr_range(v, regno, off, size, &lo, &hi);
	if (err)
		return err;
	if (lo < 0 || hi > limit || !size)
		return vfy_reject(v, -EACCES,
				  "invalid access to %s=%u off=%lld size=%u",
				  what, limit, lo < 0 ? lo : hi - size, size);
	return 0;
}

int vfy_check_ringbuf_mem(struct ebpf_verifier *v, u32 regno, s32 off,
			  u32 size)
{
	return check_region(v, regno, off, size, v->cur.regs[regno].mem_size,
			    "memory, mem_size");
}

int vfy_check_map_value(struct ebpf_verifier *v, u32 regno, s32 off,
			u32 size)
{
	const struct ebpf_vmap *map = &v->maps[v->cur.regs[regno].map];

	return check_region(v, regno, off, size, map->value_size,
			    "map value, value_size");
}

/*
 * The context pointer @regno must be as the program got it: accesses,
 * helpers and packet loads use the object's start, never a moved pointer.
 */
int vfy_check_ctx_unmodified(struct ebpf_verifier *v, u32 regno)
{
	const struct ebpf_reg *r = &v->cur.regs[regno];

	if (r->off || !ebpf_scalar_is_const(&r->var) || r->var.t.value)
		return vfy_reject(v, -EACCES,
				  "dereference of modified ctx ptr R%u off=%d disallowed",
				  regno, r->off);
	return 0;
}

static int check_ctx(struct ebpf_verifier *v, u32 regno, s32 off, u32 size,
		     bool write)
{
	int err = vfy_check_ctx_unmodified(v, regno);

	if (err)
		return err;
	if (!v->args->desc->ctx_access_ok(off, size, write))
		return vfy_reject(v, -EACCES, "invalid bpf_context access off=%d size=%u",
				  off, size);
	v->aux[v->idx].flags |= AUX_CTX;
	/* a tracepoint's record is shorter than what the type allows */
	v->args->ctx_end = max_t(u32, v->args->ctx_end, off + size);
	return 0;
}

/*
 * A context access is rewritten for the real object, so the instruction
 * cannot serve another kind of pointer on another path.
 */
static int check_same_ptr_type(struct ebpf_verifier *v, u8 type)
{
	u8 *prev = &v->aux[v->idx].mem_type;

	if (!*prev)
		*prev = type;
	else if (*prev != type &&
		 (*prev == EBPF_PTR_CTX || type == EBPF_PTR_CTX))
		return vfy_reject(v, -EINVAL, "same insn cannot be used with different pointers");
	return 0;
}

static int bad_mem_type(struct ebpf_verifier *v, u32 regno)
{
	return vfy_reject(v, -EACCES, "R%u invalid mem access '%s'", regno,
			  vfy_reg_type_str[v->cur.regs[regno].type]);
}

/*
 * A load or store of @size bytes at @regno + @off. @val is the register
 * stored (NULL for BPF_ST: *@imm is stored, a scalar), @dst the register
 * loaded into (NULL for stores).
 */
static int check_mem(struct ebpf_verifier *v, u32 regno, s32 off, u32 size,
		     u32 valno, bool is_st, s32 imm, s32 dstno, bool sext)
{
	struct ebpf_reg *r = &v->cur.regs[regno], tmp, *dst = NULL;
	bool write = dstno < 0;
	s64 o;
	int err;

	err = check_same_ptr_type(v, r->type);
	if (err)
		return err;
	if (!write)
		dst = &v->cur.regs[dstno];
	if (is_st)
		mark_scalar(&tmp, ebpf_scalar_const((s64)imm));
	else if (write)
		tmp = v->cur.regs[valno];
	switch (r->type) {
	case EBPF_PTR_STACK:
		err = vfy_stack_offset(v, regno, off, size, false, &o);
		if (err)
			return err;
		if (write) {
			mark_store_bypass(v, o, size, write && !is_st && reg_is_ptr(&tmp));
			return stack_write(v, o, size, size == 8 || reg_is_ptr(&tmp) ?
					   &tmp : NULL);
		}
		return stack_read(v, o, size, sext, dst);
	case EBPF_PTR_MAP_VALUE:
		if (v->args->strict_alignment && size > 1 &&
		    ((r->var.t.mask & (size - 1)) ||
		     (((u64)r->off + off + r->var.t.value) & (size - 1))))
			return vfy_reject(v, -EACCES,
					  "misaligned value access off=%d+%d size=%u",
					  r->off, off, size);
		if (write && !is_st && vfy_leaks_pointer(v, valno))
			return vfy_reject(v, -EACCES, "R%u leaks addr into map", valno);
		err = vfy_check_map_access_kind(v, regno, off, size, write) ?:
		      vfy_check_map_value(v, regno, off, size);
		break;
	case EBPF_PTR_RINGBUF_MEM:
		if (write && !is_st && vfy_leaks_pointer(v, valno))
			return vfy_reject(v, -EACCES, "R%u leaks addr into mem", valno);
		err = vfy_check_ringbuf_mem(v, regno, off, size);
		break;
	case EBPF_PTR_CTX:
		if (write && !is_st && vfy_leaks_pointer(v, valno))
			return vfy_reject(v, -EACCES, "R%u leaks addr into ctx", valno);
		if (sext)
			return vfy_reject(v, -EACCES,
					  "sign-extending loads from ctx are not supported");
		err = check_ctx(v, regno, off, size, write);
		break;
	default:
		return bad_mem_type(v, regno);
	}
	if (!err && dst)
		mark_loaded(dst, size, sext);
	return err;
}

/* ---- loads, stores and the rest --------------------------------------- */

int vfy_check_ld(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	struct ebpf_reg *r6 = &v->cur.regs[BPF_REG_6];
	u32 i;
	int err;

	if (BPF_MODE(in->code) == BPF_IMM) {
		err = vfy_check_reg_write(v, in->dst_reg);
		if (err)
			return err;
		if (imm64_is_map(in)) {
			mark_pointer(&v->cur.regs[in->dst_reg], EBPF_PTR_MAP,
				     v->aux[v->idx].map);
		} else if (imm64_is_value(in)) {
			mark_pointer(&v->cur.regs[in->dst_reg],
				     EBPF_PTR_MAP_VALUE, v->aux[v->idx].map);
			v->cur.regs[in->dst_reg].off = in[1].imm;
		} else {
			mark_scalar(&v->cur.regs[in->dst_reg],
				    ebpf_scalar_const((u32)in[0].imm |
						      (u64)(u32)in[1].imm << 32));
		}
		return 0;
	}
	if (!v->args->desc->ld_abs)
		return vfy_reject(v, -EINVAL,
				  "BPF_LD_[ABS|IND] instructions not allowed for this program type");
	err = vfy_check_reg_read(v, BPF_REG_6);
	if (err)
		return err;
	/* a load past the packet ends the program: nothing could release */
	if (v->cur.nrefs)
		return vfy_reject(v, -EINVAL,
				  "BPF_LD_[ABS|IND] cannot be mixed with socket references");
	if (r6->type != EBPF_PTR_CTX)
		return vfy_reject(v, -EINVAL, "at the time of BPF_LD_ABS|IND R6 != pointer to skb");
	err = vfy_check_ctx_unmodified(v, BPF_REG_6);
	if (err)
		return err;
	if (BPF_MODE(in->code) == BPF_IND) {
		err = vfy_check_reg_read(v, in->src_reg);
		if (err)
			return err;
		if (reg_is_ptr(&v->cur.regs[in->src_reg]))
			return vfy_arg_type_error(v, in->src_reg, "scalar");
	}
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		mark_not_init(&v->cur.regs[i]);
	mark_loaded(&v->cur.regs[BPF_REG_0], ebpf_size_bytes(in->code), false);
	return 0;
}

/*
 * The memory an atomic reads, then writes: stack, a map value or a ring
 * buffer record, aligned to the size so that the locked access cannot
 * straddle (the offset's low bits known zero).
 */
static int check_atomic_mem(struct ebpf_verifier *v, const struct bpf_insn *in,
			    u32 size)
{
	u32 d = in->dst_reg;
	const struct ebpf_reg *r = &v->cur.regs[d];
	u64 mask = size - 1;
	s64 o;
	int err;

	switch (r->type) {
	case EBPF_PTR_STACK:
		return vfy_stack_offset(v, d, in->off, size, false, &o) ?:
		       vfy_stack_readable(v, o, size, false, false) ?:
		       stack_write(v, o, size, NULL);
	case EBPF_PTR_MAP_VALUE:
		err = vfy_check_map_access_kind(v, d, in->off, size, false) ?:
		      vfy_check_map_access_kind(v, d, in->off, size, true) ?:
		      vfy_check_map_value(v, d, in->off, size);
		break;
	case EBPF_PTR_RINGBUF_MEM:
		err = vfy_check_ringbuf_mem(v, d, in->off, size);
		break;
	case EBPF_PTR_CTX:
		return vfy_reject(v, -EACCES,
				  "BPF_ATOMIC stores into R%u ctx is not allowed", d);
	default:
		return bad_mem_type(v, d);
	}
	if (err)
		return err;
	if ((r->var.t.mask & mask) ||
	    (((u64)r->off + in->off + r->var.t.value) & mask))
		return vfy_reject(v, -EACCES, "misaligned atomic access to %s off=%d size=%u",
				  r->type == EBPF_PTR_MAP_VALUE ? "map value" : "memory",
				  r->off + in->off, size);
	return 0;
}

static int check_atomic(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	u32 size = ebpf_size_bytes(in->code), d = in->dst_reg, s = in->src_reg;
	bool cmpxchg = in->imm == BPF_CMPXCHG;
	int err;

	err = vfy_check_reg_read(v, s) ?: vfy_check_reg_read(v, d);
	if (!err && cmpxchg)
		err = vfy_check_reg_read(v, BPF_REG_0);
	if (err)
		return err;
	/* as mainline: a loader that may leak pointers may also store them */
	if (vfy_leaks_pointer(v, s))
		return vfy_reject(v, -EACCES, "R%u leaks addr into mem", s);
	if (cmpxchg && vfy_leaks_pointer(v, BPF_REG_0))
		return vfy_reject(v, -EACCES, "R0 leaks addr into mem");
	err = check_atomic_mem(v, in, size);
	if (err)
		return err;
	if (cmpxchg) {
		err = vfy_check_reg_write(v, BPF_REG_0);
		mark_loaded(&v->cur.regs[BPF_REG_0], size, false);
	} else if (in->imm & BPF_FETCH) {
		err = vfy_check_reg_write(v, s);
		mark_loaded(&v->cur.regs[s], size, false);
	}
	return err;
}

int vfy_check_ldst(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	u32 size = ebpf_size_bytes(in->code);
	int err;

	switch (BPF_CLASS(in->code)) {
	case BPF_LDX:
		err = vfy_check_reg_read(v, in->src_reg) ?:
		      vfy_check_reg_write(v, in->dst_reg);
		if (err)
			return err;
		return check_mem(v, in->src_reg, in->off, size, 0, false, 0,
				 in->dst_reg, BPF_MODE(in->code) == BPF_MEMSX);
	case BPF_ST:
		err = vfy_check_reg_read(v, in->dst_reg);
		if (err)
			return err;
		return check_mem(v, in->dst_reg, in->off, size, 0, true,
				 in->imm, -1, false);
	default:
		if (BPF_MODE(in->code) == BPF_ATOMIC)
			return check_atomic(v, in);
		err = vfy_check_reg_read(v, in->src_reg) ?:
		      vfy_check_reg_read(v, in->dst_reg);
		if (err)
			return err;
		return check_mem(v, in->dst_reg, in->off, size, in->src_reg,
				 false, 0, -1, false);
	}
}
