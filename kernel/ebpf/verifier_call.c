// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's helper calls: each argument against the helper's
 * prototype, and the state after the call.
 */
#include "verifier_internal.h"

struct call_meta {
	const struct ebpf_vmap *map;	/* from an EBPF_ARG_MAP argument */
	u32 mem_reg;			/* the pointer a size argument sizes */
	bool mem_write;
	u32 alloc_size;			/* EBPF_ARG_ALLOC_SIZE's value */
	u32 release_id;			/* the reference EBPF_ARG_RINGBUF_RELEASE's */
};

int vfy_arg_type_error(struct ebpf_verifier *v, u32 regno, const char *want)
{
	return vfy_reject(v, -EACCES, "R%u type=%s expected=%s", regno,
			  vfy_reg_type_str[v->cur.regs[regno].type], want);
}

/* Helper access to @size bytes at the pointer in @regno. */
static int check_helper_mem(struct ebpf_verifier *v, u32 regno, u32 size,
			    bool write, u32 written)
{
	const struct ebpf_reg *r = &v->cur.regs[regno];
	s64 o;
	u32 i;
	int err;

	switch (r->type) {
	case EBPF_PTR_STACK:
		if (!size)
			return 0;
		err = vfy_stack_offset(v, regno, 0, size, true, &o);
		if (err)
			return err;
		if (!write)
			return vfy_stack_readable(v, o, size, false, true);
		/*
		 * The helper may write any of the @size bytes, so no spill in
		 * them survives; it surely writes the first @written (the size
		 * argument's minimum), which become data. The others keep
		 * what they held, possibly nothing.
		 */
		for (i = 0; i < size; i++) {
			struct ebpf_stack_slot *s = vfy_stack_slot(v, o + i);

			if (s->bytes[0] != EBPF_STACK_SPILL)
				continue;
			if (reg_is_ptr(&s->spill) && !v->perms.ptr_leaks)
				return vfy_reject(v, -EACCES,
						  "attempt to corrupt spilled pointer on stack");
			memset(s->bytes, EBPF_STACK_MISC, 8);
			mark_not_init(&s->spill);
		}
		for (i = 0; i < written; i++)
			*vfy_stack_byte(v, o + i) = EBPF_STACK_MISC;
		return 0;
	case EBPF_PTR_MAP_VALUE:
		/* even a zero-sized access is of a kind, as in mainline */
		err = vfy_check_map_access_kind(v, regno, r->off, size, write);
		if (err)
			return err;
		return size ? vfy_check_map_value(v, regno, 0, size) : 0;
	case EBPF_PTR_RINGBUF_MEM:
		return size ? vfy_check_ringbuf_mem(v, regno, 0, size) : 0;
	default:
		return vfy_arg_type_error(v, regno, "fp or map_value");
	}
}

/* Memory a helper reads or writes: the stack, a map value, a record. */
static bool is_helper_mem(const struct ebpf_reg *r)
{
	return r->type == EBPF_PTR_STACK || r->type == EBPF_PTR_MAP_VALUE ||
	       r->type == EBPF_PTR_RINGBUF_MEM;
}

/* A size that must be known when verifying: what is allocated. */
static int check_alloc_size(struct ebpf_verifier *v, u32 regno,
			    struct call_meta *meta)
{
	const struct ebpf_reg *r = &v->cur.regs[regno];

	if (r->type != EBPF_SCALAR)
		return vfy_arg_type_error(v, regno, "scalar");
	if (!ebpf_scalar_is_const(&r->var))
		return vfy_reject(v, -EACCES, "R%u is not a known constant'", regno);
	/* more than a ring can hold is never reserved: NULL at run time */
	meta->alloc_size = min_t(u64, r->var.t.value, U32_MAX);
	return 0;
}

/*
 * A reserved record the helper releases: as ringbuf_reserve returned it,
 * null-checked, unmoved, and still held.
 */
static int check_release(struct ebpf_verifier *v, u32 regno,
			 struct call_meta *meta)
{
	const struct ebpf_reg *r = &v->cur.regs[regno];

	if (r->type != EBPF_PTR_RINGBUF_MEM)
		return vfy_arg_type_error(v, regno, "ringbuf_mem");
	if (r->off)
		return vfy_reject(v, -EINVAL,
				  "R%u must have zero offset when passed to release func or trusted arg to kfunc",
				  regno);
	if (!ebpf_scalar_is_const(&r->var) || r->var.t.value)
		return vfy_reject(v, -EACCES,
				  "variable ringbuf_mem access var_off=(%#llx; %#llx) disallowed",
				  r->var.t.value, r->var.t.mask);
	/* a release takes every copy with it: one left means a bug of ours */
	if (vfy_find_ref(&v->cur, r->id) < 0)
		return vfy_reject(v, -EFAULT, "internal error: R%u holds no reference",
				  regno);
	meta->release_id = r->id;
	return 0;
}

static int check_size_arg(struct ebpf_verifier *v, u32 regno, bool zero_ok,
			  struct call_meta *meta)
{
	const struct ebpf_reg *r = &v->cur.regs[regno];

	if (r->type != EBPF_SCALAR)
		return vfy_arg_type_error(v, regno, "scalar");
	if (r->var.smin < 0)
		return vfy_reject(v, -EACCES,
				  "R%u min value is negative, either use unsigned or 'var &= const'",
				  regno);
	if (!zero_ok && !r->var.umax)
		return vfy_reject(v, -EACCES, "R%u invalid zero-sized read", regno);
	if (r->var.umax >= EBPF_MAX_VAR_OFF)
		return vfy_reject(v, -EACCES,
				  "R%u unbounded memory access, use 'var &= const' or 'if (var < const)'",
				  regno);
	if (!zero_ok && !r->var.umin)
		return vfy_reject(v, -EACCES, "R%u invalid zero-sized read", regno);
	return check_helper_mem(v, meta->mem_reg, r->var.umax, meta->mem_write,
				r->var.umin);
}

/* The 8 bytes a helper writes its number into: aligned as a u64's. */
static int check_long_out(struct ebpf_verifier *v, u32 regno)
{
	const struct ebpf_reg *r = &v->cur.regs[regno];
	u64 at = (u64)r->off + r->var.t.value;
	int err;

	err = check_helper_mem(v, regno, sizeof(u64), true, sizeof(u64));
	if (err)
		return err;
	if ((r->var.t.mask | at) & (sizeof(u64) - 1))
		return vfy_reject(v, -EACCES, "misaligned %s access off=%lld size=%zu",
				  r->type == EBPF_PTR_STACK ? "stack" :
				  r->type == EBPF_PTR_MAP_VALUE ? "value" : "memory",
				  (s64)at, sizeof(u64));
	return 0;
}

/*
 * A string the helper takes as constant: in a map user space can write no
 * more and programs only read, at a known offset, ending inside the value.
 */
static int check_const_str(struct ebpf_verifier *v, u32 regno)
{
	const struct ebpf_reg *r = &v->cur.regs[regno];
	const struct ebpf_vmap *map;
	const char *value;
	u64 at;
	int err;

	if (r->type != EBPF_PTR_MAP_VALUE)
		return vfy_arg_type_error(v, regno, "map_value");
	map = &v->maps[r->map];
	if (!(map->map_flags & BPF_F_RDONLY_PROG) || !map->frozen)
		return vfy_reject(v, -EACCES, "R%u does not point to a readonly map'",
				  regno);
	if (!ebpf_scalar_is_const(&r->var))
		return vfy_reject(v, -EACCES, "R%u is not a constant address'", regno);
	if (map->map_type != BPF_MAP_TYPE_ARRAY)
		return vfy_reject(v, -EACCES,
				  "no direct value access support for this map type");
	err = vfy_check_map_value(v, regno, 0, map->value_size - r->off);
	if (err)
		return err;
	at = (u64)r->off + r->var.t.value;
	/* only an array of one element has its value at a known address */
	if (!map->value)
		return vfy_reject(v, -ENOTSUPP, "direct value access on string failed");
	value = map->value;
	if (!memchr(value + at, 0, map->value_size - at))
		return vfy_reject(v, -EINVAL, "string is not zero-terminated");
	return 0;
}

static int check_arg(struct ebpf_verifier *v, u32 regno, u8 type,
		     struct call_meta *meta)
{
	const struct ebpf_reg *r = &v->cur.regs[regno];
	u32 size;
	int err;

	err = vfy_check_reg_read(v, regno);
	if (err)
		return err;
	switch (type) {
	case EBPF_ARG_ANYTHING:
		if (vfy_leaks_pointer(v, regno))
			return vfy_reject(v, -EACCES, "R%u leaks addr into helper function",
					  regno);
		return 0;
	case EBPF_ARG_MAP:
		if (r->type != EBPF_PTR_MAP)
			return vfy_arg_type_error(v, regno, "map_ptr");
		meta->map = &v->maps[r->map];
		return 0;
	case EBPF_ARG_MAP_KEY:
	case EBPF_ARG_MAP_VALUE:
	case EBPF_ARG_MAP_VALUE_OUT:
		if (!meta->map)
			return vfy_reject(v, -EFAULT, "internal error: map argument missing");
		size = type == EBPF_ARG_MAP_KEY ? meta->map->key_size :
		       meta->map->value_size;
		/* a map without keys (a ring buffer) has no element helpers */
		if (!size)
			return vfy_reject(v, -EACCES, "invalid zero-sized read");
		if (type == EBPF_ARG_MAP_VALUE_OUT)
			return check_helper_mem(v, regno, size, true, size);
		return check_helper_mem(v, regno, size, false, 0);
	case EBPF_ARG_MEM:
	case EBPF_ARG_UNINIT_MEM:
		if (!is_helper_mem(r))
			return vfy_arg_type_error(v, regno, "fp or map_value");
		meta->mem_reg = regno;
		meta->mem_write = type == EBPF_ARG_UNINIT_MEM;
		return 0;
	case EBPF_ARG_SIZE:
	case EBPF_ARG_SIZE_OR_ZERO:
		return check_size_arg(v, regno, type == EBPF_ARG_SIZE_OR_ZERO,
				      meta);
	case EBPF_ARG_CTX:
		if (r->type != EBPF_PTR_CTX)
			return vfy_arg_type_error(v, regno, "ctx");
		return vfy_check_ctx_unmodified(v, regno);
	case EBPF_ARG_LONG_OUT:
		if (!is_helper_mem(r))
			return vfy_arg_type_error(v, regno, "fp or map_value");
		return check_long_out(v, regno);
	case EBPF_ARG_CONST_STR:
		return check_const_str(v, regno);
	case EBPF_ARG_ALLOC_SIZE:
		return check_alloc_size(v, regno, meta);
	case EBPF_ARG_RINGBUF_RELEASE:
		return check_release(v, regno, meta);
	default:
		return vfy_reject(v, -EFAULT, "internal error: bad argument type %u", type);
	}
}

/* Kinds of maps with helpers of their own, and those helpers. */
enum { MAPS_KEYED, MAPS_RINGBUF, MAPS_QUEUE_STACK };

static int helper_map_kind(s32 id)
{
	switch (id) {
	case BPF_FUNC_ringbuf_output:
	case BPF_FUNC_ringbuf_reserve:
	case BPF_FUNC_ringbuf_query:
		return MAPS_RINGBUF;
	case BPF_FUNC_map_push_elem:
	case BPF_FUNC_map_pop_elem:
	case BPF_FUNC_map_peek_elem:
		return MAPS_QUEUE_STACK;
	default:
		return MAPS_KEYED;
	}
}

static int map_kind(u32 map_type)
{
	switch (map_type) {
	case BPF_MAP_TYPE_RINGBUF:
		return MAPS_RINGBUF;
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
		return MAPS_QUEUE_STACK;
	default:
		return MAPS_KEYED;
	}
}

/*
 * A map argument must be of a type the helper works on: ring buffers,
 * queues and stacks have helpers of their own and no keys; the keyed
 * maps' helpers take none of them.
 */
static int check_map_helper(struct ebpf_verifier *v, const struct ebpf_vmap *map,
			    s32 id, const char *name)
{
	if (map_kind(map->map_type) == helper_map_kind(id))
		return 0;
	return vfy_reject(v, -EINVAL, "cannot pass map_type %u into func bpf_%s#%d",
			  map->map_type, name, id);
}

int vfy_check_call(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	const struct ebpf_helper_proto *p = v->args->desc->helper(in->imm, &v->perms);
	struct call_meta meta = {};
	struct ebpf_reg *r0 = &v->cur.regs[BPF_REG_0];
	u32 i;
	int err;

	if (!p) {
		p = ebpf_helper_by_id(in->imm);
		if (!p)
			return vfy_reject(v, -EINVAL, "invalid func unknown#%d", in->imm);
		return vfy_reject(v, -EINVAL, "program of this type cannot use helper %s#%d",
				  p->name, in->imm);
	}
	if (p->gpl_only && !v->args->gpl)
		return vfy_reject(v, -EINVAL,
				  "cannot call GPL-restricted function from non-GPL compatible program");
	for (i = 0; i < 5 && p->args[i] != EBPF_ARG_NONE; i++) {
		err = check_arg(v, BPF_REG_1 + i, p->args[i], &meta);
		if (err)
			return err;
	}
	if (p->unusable)
		return vfy_reject(v, -ENOTSUPP, "func bpf_%s#%d not supported for program type %s",
				  p->name, in->imm, v->args->desc->name);
	if (meta.map) {
		err = check_map_helper(v, meta.map, in->imm, p->name);
		if (err)
			return err;
	}
	if (p->writes_map && meta.map &&
	    (meta.map->map_flags & BPF_F_RDONLY_PROG))
		return vfy_reject(v, -EACCES, "write into map forbidden");
	if (meta.release_id)
		vfy_release_ref(v, meta.release_id);
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		mark_not_init(&v->cur.regs[i]);
	switch (p->ret) {
	case EBPF_RET_MAP_VALUE_OR_NULL:
		if (!meta.map)
			return vfy_reject(v, -EFAULT, "internal error: map result without a map");
		mark_pointer(r0, EBPF_PTR_MAP_VALUE_OR_NULL, meta.map - v->maps);
		r0->id = ++v->next_id;
		return 0;
	case EBPF_RET_RINGBUF_MEM_OR_NULL:
		mark_pointer(r0, EBPF_PTR_RINGBUF_MEM_OR_NULL, 0);
		r0->mem_size = meta.alloc_size;
		r0->id = ++v->next_id;
		return vfy_acquire_ref(v, r0->id);
	case EBPF_RET_VOID:
		mark_not_init(r0);
		return 0;
	default:
		mark_scalar(r0, ebpf_scalar_unknown());
		return 0;
	}
}
