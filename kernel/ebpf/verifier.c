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
 */
#include "core.h"
#include "insn.h"
#include "interp.h"
#include "log.h"
#include "scalar.h"
#include "tnum.h"
#include "verifier.h"

/* Bounds on pointer offsets, so that offset arithmetic never overflows. */
#define EBPF_MAX_VAR_OFF	((s64)BIT_ULL(29))
/* Explored states kept per instruction and in total (memory bound). */
#define EBPF_MAX_STATES_PER_INSN	64
#define EBPF_MAX_STATES		100000
/*
 * Past this many states at one instruction, a new state is joined with an
 * old one of the same shape: the walk goes on with a state that covers
 * both, so the next arrivals are covered too. Exact below it.
 */
#define EBPF_JOIN_AFTER		8
/* ... and past this many joins there, joins widen (see join_reg()). */
#define EBPF_WIDEN_AFTER	32
/* Room in the stack of queued branches, grown on demand. */
#define EBPF_BRANCHES_MIN	64

/* Per-instruction facts from the first passes. */
enum {
	AUX_PRUNE = BIT(1),		/* paths may meet here */
	AUX_CTX = BIT(2),		/* accesses the context: rewrite it */
	AUX_IMM64_HI = BIT(3),		/* second slot of an LD_IMM64 */
	AUX_WALKED = BIT(4),		/* reached by a path of the walk */
};

struct saved_state {
	struct saved_state *next;
	struct ebpf_vstate st;
};

/*
 * Saved states live until the verifier is done, so they come from chunks
 * freed together at the end: one allocation per EBPF_SAVED_PER_CHUNK.
 */
#define EBPF_SAVED_PER_CHUNK	16

struct saved_chunk {
	struct saved_chunk *next;
	u32 used;
	struct saved_state states[EBPF_SAVED_PER_CHUNK];
};

struct insn_aux {
	u8 flags;
	u16 live_in;			/* registers read before written, from here */
	u32 map;			/* LD_IMM64 of a map: index in the map table */
	u8 mem_type;			/* pointer type a load or store went through */
	u32 nsaved;
	u32 njoins;
	struct saved_state *saved;
};

struct branch {
	u32 idx;			/* first instruction to run */
	u32 path_len;			/* length of the path to it */
	struct ebpf_vstate st;
};

/* Pairs of map-value ids that must correspond between the two states. */
struct idmap {
	u32 n;
	u32 old[MAX_BPF_REG + 64], cur[MAX_BPF_REG + 64];
};

struct ebpf_verifier {
	struct ebpf_verify_args *args;
	const struct bpf_insn *insns;
	u32 cnt;
	bool priv;
	struct insn_aux *aux;
	struct ebpf_vmap *maps;
	u32 nmaps;
	/* the walk */
	struct ebpf_vstate cur;
	struct idmap idmap;
	u32 idx;
	struct branch *branches;
	u32 nbranches, branches_cap;
	u32 *path;			/* instructions from 0 to idx on this path */
	u32 path_len;
	u32 next_id;
	u32 nsaved;
	struct saved_chunk *chunks;	/* newest first */
	struct ebpf_log log;
};

/* ---- the log ---------------------------------------------------------- */

static __printf(2, 3) void vlog(struct ebpf_verifier *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ebpf_log_vprintf(&v->log, fmt, ap);
	va_end(ap);
}

static const char *const alu_op_str[16] = {
	"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=",
	"neg", "%=", "^=", "=", "s>>=", "end", "?", "?",
};

static const char *const jmp_op_str[16] = {
	"goto", "==", ">", ">=", "&", "!=", "s>", "s>=",
	"call", "exit", "<", "<=", "s<", "s<=", "?", "?",
};

static const char *const atomic_op_str[16] = {
	[BPF_ADD >> 4] = "+=", [BPF_OR >> 4] = "|=", [BPF_AND >> 4] = "&=",
	[BPF_XOR >> 4] = "^=", [BPF_XCHG >> 4] = "xchg",
	[BPF_CMPXCHG >> 4] = "cmpxchg",
};

static void log_alu(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	char r = BPF_CLASS(in->code) == BPF_ALU64 ? 'r' : 'w';
	u8 op = BPF_OP(in->code);

	if (op == BPF_NEG) {
		vlog(v, "%c%u = -%c%u", r, in->dst_reg, r, in->dst_reg);
	} else if (op == BPF_END) {
		vlog(v, "r%u = %s%d r%u", in->dst_reg,
		     BPF_CLASS(in->code) == BPF_ALU64 ? "bswap" :
		     BPF_SRC(in->code) == BPF_TO_BE ? "be" : "le",
		     in->imm, in->dst_reg);
	} else if (BPF_SRC(in->code) == BPF_K) {
		vlog(v, "%c%u %s %d", r, in->dst_reg, alu_op_str[op >> 4],
		     in->imm);
	} else {
		vlog(v, "%c%u %s%s %c%u", r, in->dst_reg,
		     in->off ? "s" : "", alu_op_str[op >> 4], r, in->src_reg);
		if (op == BPF_MOV && in->off)
			vlog(v, " (sign-extend %d bits)", in->off);
	}
}

static void log_jmp(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	bool is32 = BPF_CLASS(in->code) == BPF_JMP32;
	char r = is32 ? 'w' : 'r';
	u8 op = BPF_OP(in->code);

	if (op == BPF_EXIT)
		vlog(v, "exit");
	else if (op == BPF_CALL)
		vlog(v, "call %s#%d", in->src_reg ? "pseudo" : "helper",
		     in->imm);
	else if (op == BPF_JA)
		vlog(v, "goto %+d", is32 ? in->imm : in->off);
	else if (BPF_SRC(in->code) == BPF_K)
		vlog(v, "if %c%u %s %d goto %+d", r, in->dst_reg,
		     jmp_op_str[op >> 4], in->imm, in->off);
	else
		vlog(v, "if %c%u %s %c%u goto %+d", r, in->dst_reg,
		     jmp_op_str[op >> 4], r, in->src_reg, in->off);
}

static void log_mem(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	u32 bits = ebpf_size_bytes(in->code) * 8;

	switch (BPF_CLASS(in->code)) {
	case BPF_LDX:
		vlog(v, "r%u = *(%c%u *)(r%u %+d)", in->dst_reg,
		     BPF_MODE(in->code) == BPF_MEMSX ? 's' : 'u', bits,
		     in->src_reg, in->off);
		break;
	case BPF_ST:
		vlog(v, "*(u%u *)(r%u %+d) = %d", bits, in->dst_reg, in->off,
		     in->imm);
		break;
	case BPF_STX:
		if (BPF_MODE(in->code) == BPF_ATOMIC)
			vlog(v, "lock *(u%u *)(r%u %+d) %s%s r%u", bits,
			     in->dst_reg, in->off,
			     atomic_op_str[(in->imm >> 4) & 15] ?: "?",
			     in->imm & BPF_FETCH ? " (fetch)" : "",
			     in->src_reg);
		else
			vlog(v, "*(u%u *)(r%u %+d) = r%u", bits, in->dst_reg,
			     in->off, in->src_reg);
		break;
	default: /* BPF_LD */
		if (BPF_MODE(in->code) == BPF_IMM)
			vlog(v, "r%u = imm64 (src %u) %#x %#x", in->dst_reg,
			     in->src_reg, (u32)in[0].imm,
			     v->insns + v->cnt > in + 1 ? (u32)in[1].imm : 0);
		else if (BPF_MODE(in->code) == BPF_ABS)
			vlog(v, "r0 = *(u%u *)skb[%d]", bits, in->imm);
		else
			vlog(v, "r0 = *(u%u *)skb[r%u + %d]", bits,
			     in->src_reg, in->imm);
	}
}

/* One line naming instruction @idx and what it does. */
static void log_insn(struct ebpf_verifier *v, u32 idx)
{
	const struct bpf_insn *in = &v->insns[idx];

	vlog(v, "%u: (%02x) ", idx, in->code);
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		log_alu(v, in);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		log_jmp(v, in);
		break;
	default:
		log_mem(v, in);
	}
}

static const char *const reg_type_str[] = {
	[EBPF_NOT_INIT] = "?",
	[EBPF_SCALAR] = "scalar",
	[EBPF_PTR_CTX] = "ctx",
	[EBPF_PTR_STACK] = "fp",
	[EBPF_PTR_MAP] = "map_ptr",
	[EBPF_PTR_MAP_VALUE] = "map_value",
	[EBPF_PTR_MAP_VALUE_OR_NULL] = "map_value_or_null",
};

static void log_scalar(struct ebpf_verifier *v, const struct ebpf_scalar *s)
{
	if (ebpf_scalar_is_const(s)) {
		vlog(v, "%lld", (s64)s->t.value);
		return;
	}
	vlog(v, "(");
	if (s->umin || s->umax != U64_MAX)
		vlog(v, "umin=%llu,umax=%llu,", s->umin, s->umax);
	if (s->smin != S64_MIN || s->smax != S64_MAX)
		vlog(v, "smin=%lld,smax=%lld,", s->smin, s->smax);
	if (s->u32_min || s->u32_max != U32_MAX)
		vlog(v, "u32=[%u,%u],", s->u32_min, s->u32_max);
	if (s->s32_min != S32_MIN || s->s32_max != S32_MAX)
		vlog(v, "s32=[%d,%d],", s->s32_min, s->s32_max);
	vlog(v, "var=%#llx/%#llx)", s->t.value, s->t.mask);
}

static void log_reg(struct ebpf_verifier *v, const struct ebpf_reg *r)
{
	vlog(v, "%s", reg_type_str[r->type]);
	if (r->type == EBPF_SCALAR) {
		log_scalar(v, &r->var);
		return;
	}
	if (r->off)
		vlog(v, "%+d", r->off);
	if (!ebpf_scalar_is_const(&r->var) || r->var.t.value) {
		vlog(v, "+var");
		log_scalar(v, &r->var);
	}
	if (r->id)
		vlog(v, "(id=%u)", r->id);
}

static void log_state(struct ebpf_verifier *v, const struct ebpf_vstate *st)
{
	u32 i, j;

	for (i = 0; i < MAX_BPF_REG; i++) {
		if (st->regs[i].type == EBPF_NOT_INIT)
			continue;
		vlog(v, " R%u=", i);
		log_reg(v, &st->regs[i]);
	}
	for (i = 0; i < st->nslots; i++) {
		const struct ebpf_stack_slot *s = &st->slots[i];

		if (s->bytes[0] == EBPF_STACK_SPILL) {
			vlog(v, " fp-%u=", 8 * (i + 1));
			log_reg(v, &s->spill);
			continue;
		}
		for (j = 0; j < 8 && s->bytes[j] == EBPF_STACK_INVALID; j++)
			;
		if (j < 8)
			vlog(v, " fp-%u=%c%c%c%c%c%c%c%c", 8 * (i + 1),
			     "?ms"[s->bytes[0]], "?ms"[s->bytes[1]],
			     "?ms"[s->bytes[2]], "?ms"[s->bytes[3]],
			     "?ms"[s->bytes[4]], "?ms"[s->bytes[5]],
			     "?ms"[s->bytes[6]], "?ms"[s->bytes[7]]);
	}
}

/*
 * Reject the program: at log level 1 the path that led here first, then
 * the reason, prefixed with the index of the failing instruction.
 */
static __printf(3, 4) int reject(struct ebpf_verifier *v, int err,
				 const char *fmt, ...)
{
	va_list ap;
	u32 i;

	if (!v->args->log_level)
		return err;
	if (v->args->log_level == 1 && v->path_len) {
		vlog(v, "path to the failing instruction:\n");
		for (i = 0; i < v->path_len; i++) {
			log_insn(v, v->path[i]);
			vlog(v, "\n");
		}
	}
	vlog(v, "%u: ", v->idx);
	va_start(ap, fmt);
	ebpf_log_vprintf(&v->log, fmt, ap);
	va_end(ap);
	vlog(v, "\n");
	return err;
}

/* ---- states ----------------------------------------------------------- */

static void state_free(struct ebpf_vstate *st)
{
	ebpf_free(st->slots);
	st->slots = NULL;
	st->nslots = 0;
}

static int state_copy(struct ebpf_vstate *dst, const struct ebpf_vstate *src)
{
	struct ebpf_stack_slot *slots = dst->slots;

	/* states are copied at nearly every branch: reuse dst's stack array */
	if (src->nslots != dst->nslots) {
		slots = NULL;
		if (src->nslots) {
			slots = ebpf_zalloc(src->nslots * sizeof(*slots));
			if (!slots)
				return -ENOMEM;
		}
		ebpf_free(dst->slots);
	}
	if (src->nslots)
		memcpy(slots, src->slots, src->nslots * sizeof(*slots));
	memcpy(dst->regs, src->regs, sizeof(dst->regs));
	dst->slots = slots;
	dst->nslots = src->nslots;
	return 0;
}

/*
 * Replace the array *@p of @n elements of @size bytes by one of @want,
 * the old elements first, the new ones zeroed.
 */
static int grow_array(void **p, u32 n, u32 want, size_t size)
{
	void *a = ebpf_zalloc(want * size);

	if (!a)
		return -ENOMEM;
	if (n)
		memcpy(a, *p, n * size);
	ebpf_free(*p);
	*p = a;
	return 0;
}

/* Make slots [0, @n) exist (new ones hold nothing). */
static int state_grow(struct ebpf_vstate *st, u32 n)
{
	if (n <= st->nslots)
		return 0;
	if (grow_array((void **)&st->slots, st->nslots, n, sizeof(*st->slots)))
		return -ENOMEM;
	st->nslots = n;
	return 0;
}

static const struct ebpf_stack_slot no_slot;

/* Slot @i of @st; slots past the end hold nothing. */
static const struct ebpf_stack_slot *slot_or_none(const struct ebpf_vstate *st,
						  u32 i)
{
	return i < st->nslots ? &st->slots[i] : &no_slot;
}

/*
 * Take the lowest register out of the set *@m. Loops over the live
 * registers at a prune point (a few of eleven, and run for every saved
 * state there) visit only those.
 */
static u32 pop_reg(u16 *m)
{
	u32 i = __ffs(*m);

	*m &= *m - 1;
	return i;
}

static bool reg_is_ptr(const struct ebpf_reg *r)
{
	return r->type != EBPF_NOT_INIT && r->type != EBPF_SCALAR;
}

static void mark_scalar(struct ebpf_reg *r, struct ebpf_scalar s)
{
	memset(r, 0, sizeof(*r));
	r->type = EBPF_SCALAR;
	r->var = s;
}

static void mark_not_init(struct ebpf_reg *r)
{
	memset(r, 0, sizeof(*r));
}

/* An unknown value loaded from @size bytes, zero- or sign-extended. */
static void mark_loaded(struct ebpf_reg *r, u32 size, bool sext)
{
	struct ebpf_scalar s = ebpf_scalar_unknown();

	if (size < 8) {
		struct ebpf_scalar mask = ebpf_scalar_const(BIT_ULL(size * 8) - 1);

		if (sext)
			ebpf_scalar_movsx(&s, &s, size * 8, false);
		else
			ebpf_scalar_alu(&s, &mask, BPF_AND, 0, false);
	}
	mark_scalar(r, s);
}

static void mark_pointer(struct ebpf_reg *r, u8 type, u32 map)
{
	memset(r, 0, sizeof(*r));
	r->type = type;
	r->map = map;
	r->var = ebpf_scalar_const(0);
}

/* ---- pass 1: decode --------------------------------------------------- */

/* An LD_IMM64 pointing into a map's value: can it, there? */
static int check_direct_value(struct ebpf_verifier *v, const struct ebpf_vmap *map,
			      u32 off)
{
	if (map->map_type == BPF_MAP_TYPE_ARRAY && map->max_entries != 1)
		return reject(v, -ENOTSUPP,
			      "direct value access needs an array of one element, not %u",
			      map->max_entries);
	if (!map->value)
		return reject(v, -EINVAL,
			      "no direct value access support for this map type");
	if (off >= map->value_size)
		return reject(v, -EINVAL,
			      "invalid access to map value pointer, value_size=%u off=%u",
			      map->value_size, off);
	return 0;
}

/* Does this LD_IMM64 load a map's address (not a value's, not a constant)? */
static bool imm64_is_map(const struct bpf_insn *in)
{
	return in->src_reg == BPF_PSEUDO_MAP_FD || in->src_reg == BPF_PSEUDO_MAP_IDX;
}

/* Does it load the address of a map's value, at the offset in the second slot? */
static bool imm64_is_value(const struct bpf_insn *in)
{
	return in->src_reg == BPF_PSEUDO_MAP_VALUE ||
	       in->src_reg == BPF_PSEUDO_MAP_IDX_VALUE;
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
		return reject(v, -EINVAL, "invalid bpf_ld_imm64 insn: map fd with a high half");
	if (in->src_reg == BPF_PSEUDO_MAP_IDX ||
	    in->src_reg == BPF_PSEUDO_MAP_IDX_VALUE) {
		if (!v->args->fd_array_get)
			return reject(v, -EPROTO, "fd_idx without fd_array is invalid");
		err = v->args->fd_array_get(v->args->priv, in->imm, &fd);
		if (err)
			return reject(v, err, "fd_array[%u] cannot be read", in->imm);
	}
	if (!v->args->map_by_fd)
		return reject(v, -EBADF, "fd %d is not pointing to valid bpf_map", fd);
	err = v->args->map_by_fd(v->args->priv, fd, &map);
	if (err)
		return reject(v, err, "fd %d is not pointing to valid bpf_map", fd);
	if (value) {
		err = check_direct_value(v, &map, in[1].imm);
		if (err)
			return err;
	}
	if (v->nmaps % 16 == 0 &&
	    grow_array((void **)&v->maps, v->nmaps, v->nmaps + 16, sizeof(*v->maps)))
		return -ENOMEM;
	v->aux[idx].map = v->nmaps;
	v->maps[v->nmaps++] = map;
	return 0;
}

/* A call of a BPF function, or an LD_IMM64 of one's address? */
static bool is_bpf_func_ref(const struct bpf_insn *in)
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
			return reject(v, v->priv ? -ENOTSUPP : -EPERM,
				      "calls of kernel functions are not supported without BTF");
		if (!is_bpf_func_ref(in))
			continue;
		if (!v->priv)
			return reject(v, -EPERM,
				      "bpf-to-bpf calls are not supported without CAP_BPF or CAP_SYS_ADMIN");
		to = (s64)v->idx + 1 + in->imm;
		if (to < 0 || to >= v->cnt)
			return reject(v, -EINVAL, "call to invalid destination");
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
			return reject(v, -EINVAL, "jump out of range from insn %u to %lld",
				      v->idx, to);
	}
	v->idx = v->cnt - 1;
	if (in[v->idx].code != (BPF_JMP | BPF_EXIT) &&
	    in[v->idx].code != (BPF_JMP | BPF_JA) &&
	    in[v->idx].code != (BPF_JMP32 | BPF_JA))
		return reject(v, -EINVAL, "last insn is not an exit or jmp");
	return 0;
}

/* An LD_IMM64: second slot well formed, its map resolved. */
static int decode_imm64(struct ebpf_verifier *v)
{
	const struct bpf_insn *in = &v->insns[v->idx];

	if (v->idx + 1 == v->cnt || in[1].code || in[1].dst_reg ||
	    in[1].src_reg || in[1].off)
		return reject(v, -EINVAL, "invalid bpf_ld_imm64 insn");
	if (imm64_is_map(in) || imm64_is_value(in))
		return resolve_map(v, v->idx);
	if (in->src_reg && in->src_reg != BPF_PSEUDO_FUNC)
		return reject(v, -EINVAL, "unrecognized bpf_ld_imm64 insn: src %u",
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
			return reject(v, -EINVAL, "BPF_LDX uses reserved fields");
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			err = decode_imm64(v);
			if (err)
				return err;
			v->aux[++v->idx].flags |= AUX_IMM64_HI;
			continue;
		}
		if (!ebpf_insn_known(in->code))
			return reject(v, -EINVAL, "unknown opcode %02x", in->code);
	}
	return 0;
}

/*
 * Did a path of the walk reach instruction @i (an LD_IMM64's second slot
 * goes with its first)? Those it did not reach cannot run, and their
 * fields were never checked: the rewrite makes each a jump to itself.
 */
static bool insn_walked(const struct ebpf_verifier *v, u32 i)
{
	if (v->aux[i].flags & AUX_IMM64_HI)
		i--;
	return v->aux[i].flags & AUX_WALKED;
}

/* Registers and reserved fields of the instruction the walk is at. */
static int check_fields(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	const char *why;

	if (in->dst_reg > BPF_REG_10)
		return reject(v, -EINVAL, "R%u is invalid", in->dst_reg);
	if (in->src_reg > BPF_REG_10 && in->code != (BPF_LD | BPF_IMM | BPF_DW))
		return reject(v, -EINVAL, "R%u is invalid", in->src_reg);
	if (ebpf_insn_check_fields(in, &why))
		return reject(v, -EINVAL, "%s uses reserved fields: %s",
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

	if (is_bpf_func_ref(in) && k < 2)
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
		return reject(v, -EINVAL, "jump out of range from insn %u to %lld",
			      from, to);
	if (v->aux[to].flags & AUX_IMM64_HI)
		return reject(v, -EINVAL, "jump into the middle of ldimm64 insn %lld",
			      to);
	if (color[to] == 1)
		return reject(v, -EINVAL,
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
		err = reject(v, -EINVAL, "unreachable insn %u", idx);
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

static int check_structure(struct ebpf_verifier *v)
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
		err = reject(v, -EINVAL,
			     "Only fentry/fexit/fmod_ret, lsm, iter, uprobe, and struct_ops programs can be sleepable");
	if (!err)
		compute_liveness(v, order, n);
	ebpf_free(order);
	return err;
}

/* ---- pruning ---------------------------------------------------------- */

static bool ids_match(struct idmap *m, u32 old, u32 cur)
{
	u32 i;

	for (i = 0; i < m->n; i++)
		if (m->old[i] == old || m->cur[i] == cur)
			return m->old[i] == old && m->cur[i] == cur;
	if (m->n == ARRAY_SIZE(m->old))
		return false;
	m->old[m->n] = old;
	m->cur[m->n++] = cur;
	return true;
}

static bool reg_covers(const struct ebpf_reg *old, const struct ebpf_reg *cur,
		       struct idmap *m)
{
	if (old->type == EBPF_NOT_INIT)
		return true;	/* never read on the old path: anything goes */
	if (old->type != cur->type)
		return false;
	if (old->type == EBPF_SCALAR)
		return ebpf_scalar_covers(&old->var, &cur->var);
	if (old->off != cur->off || old->map != cur->map)
		return false;
	if (old->type == EBPF_PTR_MAP_VALUE_OR_NULL &&
	    !ids_match(m, old->id, cur->id))
		return false;
	return ebpf_scalar_covers(&old->var, &cur->var);
}

/*
 * Does an old stack byte of kind @o allow what the current path holds?
 * A byte never written was never read on an unprivileged old path (that
 * would have been rejected), but a privileged path may have read it as
 * an unknown scalar, so then it covers data only, not a spilled pointer.
 */
static bool stack_byte_covers(struct ebpf_verifier *v, u8 o, u8 c,
			      const struct ebpf_reg *cur_spill)
{
	bool c_is_data = c != EBPF_STACK_SPILL ||
			 cur_spill->type == EBPF_SCALAR;

	switch (o) {
	case EBPF_STACK_INVALID:
		return !v->priv || c_is_data;
	case EBPF_STACK_MISC:
		return c != EBPF_STACK_INVALID && c_is_data;
	default:
		return c == EBPF_STACK_SPILL;
	}
}

static bool stack_covers(struct ebpf_verifier *v, const struct ebpf_vstate *old,
			 const struct ebpf_vstate *cur, struct idmap *m)
{
	u32 n = max(old->nslots, cur->nslots), i, j;

	for (i = 0; i < n; i++) {
		const struct ebpf_stack_slot *o = slot_or_none(old, i);
		const struct ebpf_stack_slot *c = slot_or_none(cur, i);

		for (j = 0; j < 8; j++)
			if (!stack_byte_covers(v, o->bytes[j], c->bytes[j],
					       &c->spill))
				return false;
		if (o->bytes[0] == EBPF_STACK_SPILL &&
		    !reg_covers(&o->spill, &c->spill, m))
			return false;
	}
	return true;
}

/*
 * Registers outside @live are not initialised in either state (prune
 * points forget them before states are compared or saved), so only the
 * live ones are compared.
 */
static bool state_covers(struct ebpf_verifier *v, const struct ebpf_vstate *old,
			 const struct ebpf_vstate *cur, u16 live)
{
	struct idmap *m = &v->idmap;
	u32 i;

	m->n = 0;
	while (live) {
		i = pop_reg(&live);
		if (!reg_covers(&old->regs[i], &cur->regs[i], m))
			return false;
	}
	return stack_covers(v, old, cur, m);
}

/* Can one register describe both? Pointers must agree on what they point to. */
static bool regs_joinable(const struct ebpf_reg *a, const struct ebpf_reg *b)
{
	if (a->type == EBPF_NOT_INIT || b->type == EBPF_NOT_INIT)
		return true;
	return a->type == b->type &&
	       (a->type == EBPF_SCALAR ||
		(a->off == b->off && a->map == b->map && a->id == b->id));
}

/*
 * *@cur becomes a register holding what both did (they are joinable). With
 * @widen, a scalar keeps only the bits both agree on (its ranges follow
 * from those): a register can lose at most 64 bits, so repeated joins at
 * one instruction stop growing after a few rounds, where range hulls
 * would grow by one value per path.
 */
static void join_reg(struct ebpf_reg *cur, const struct ebpf_reg *old,
		     bool widen)
{
	if (cur->type == EBPF_NOT_INIT || old->type == EBPF_NOT_INIT) {
		mark_not_init(cur);
		return;
	}
	ebpf_scalar_join(&cur->var, &old->var);
	if (widen && !(cur->type == EBPF_SCALAR && ebpf_scalar_is_const(&cur->var))) {
		struct ebpf_scalar w = ebpf_scalar_unknown();

		w.t = cur->var.t;
		ebpf_scalar_normalize(&w);
		cur->var = w;
	}
}

static bool slot_is_spill(const struct ebpf_stack_slot *s)
{
	return s->bytes[0] == EBPF_STACK_SPILL;
}

/*
 * Can one slot describe both? A byte never written absorbs anything
 * (reads of it are refused, or give an unknown scalar); data absorbs a
 * spilled scalar; a spilled pointer joins only with another.
 */
static bool slots_joinable(const struct ebpf_stack_slot *a,
			   const struct ebpf_stack_slot *b)
{
	if (slot_is_spill(a) && slot_is_spill(b))
		return regs_joinable(&a->spill, &b->spill);
	return !(slot_is_spill(a) && reg_is_ptr(&a->spill)) &&
	       !(slot_is_spill(b) && reg_is_ptr(&b->spill));
}

static void join_slot(struct ebpf_stack_slot *cur,
		      const struct ebpf_stack_slot *old, bool widen)
{
	u32 i;

	if (slot_is_spill(cur) && slot_is_spill(old)) {
		join_reg(&cur->spill, &old->spill, widen);
		return;
	}
	for (i = 0; i < 8; i++) {
		if (cur->bytes[i] == EBPF_STACK_INVALID ||
		    old->bytes[i] == EBPF_STACK_INVALID)
			cur->bytes[i] = EBPF_STACK_INVALID;
		else
			cur->bytes[i] = EBPF_STACK_MISC;
	}
	mark_not_init(&cur->spill);
}

/*
 * Registers outside @live are not initialised in either state (prune
 * points forget them before states are compared or saved).
 */
static bool states_joinable(const struct ebpf_vstate *cur,
			    const struct ebpf_vstate *old, u16 live)
{
	u32 n = max(cur->nslots, old->nslots), i;

	while (live) {
		i = pop_reg(&live);
		if (!regs_joinable(&cur->regs[i], &old->regs[i]))
			return false;
	}
	for (i = 0; i < n; i++)
		if (!slots_joinable(slot_or_none(cur, i), slot_or_none(old, i)))
			return false;
	return true;
}

/* v->cur becomes the join of itself and @old; 1 (unchanged) if it cannot. */
static int join_states(struct ebpf_verifier *v, const struct ebpf_vstate *old,
		       u16 live, bool widen)
{
	struct ebpf_vstate *cur = &v->cur;
	struct ebpf_reg *r;
	u32 i;

	if (!states_joinable(cur, old, live))
		return 1;
	if (state_grow(cur, old->nslots))
		return -ENOMEM;
	for (i = 0; i < cur->nslots; i++)
		join_slot(&cur->slots[i], slot_or_none(old, i), widen);
	while (live) {
		i = pop_reg(&live);
		r = &cur->regs[i];
		join_reg(r, &old->regs[i], widen);
		/* a join of two valid scalars holds both: never empty */
		if (r->type != EBPF_NOT_INIT && !ebpf_scalar_valid(&r->var))
			return reject(v, -EFAULT, "internal error: R%u invalid after a join",
				      i);
	}
	return 0;
}

/*
 * A saved state holding no stack, valid until verifier_free(); the
 * caller fills it with state_copy() (so it is not zeroed: most of it is
 * overwritten at once).
 */
static struct saved_state *new_saved_state(struct ebpf_verifier *v)
{
	struct saved_chunk *c = v->chunks;
	struct saved_state *s;

	if (!c || c->used == EBPF_SAVED_PER_CHUNK) {
		c = ebpf_alloc(sizeof(*c));
		if (!c)
			return NULL;
		c->used = 0;
		c->next = v->chunks;
		v->chunks = c;
	}
	s = &c->states[c->used++];
	s->st.nslots = 0;
	s->st.slots = NULL;
	return s;
}

/*
 * At a prune point: forget dead registers, then either find an explored
 * state covering this one (returns 1: this path is done) or remember it.
 */
static int prune_point(struct ebpf_verifier *v)
{
	struct insn_aux *aux = &v->aux[v->idx];
	u16 dead = ~aux->live_in & (BIT(MAX_BPF_REG) - 1);
	struct saved_state *s;

	while (dead) {
		struct ebpf_reg *r = &v->cur.regs[pop_reg(&dead)];

		if (r->type != EBPF_NOT_INIT)
			mark_not_init(r);
	}
	for (s = aux->saved; s; s = s->next)
		if (state_covers(v, &s->st, &v->cur, aux->live_in))
			return 1;
	for (s = aux->saved; s && aux->nsaved >= EBPF_JOIN_AFTER; s = s->next) {
		int err = join_states(v, &s->st, aux->live_in,
				      aux->njoins >= EBPF_WIDEN_AFTER);

		if (err > 0)
			continue;
		if (v->args->log_level >= 2)
			vlog(v, "%u: joined with an explored state\n", v->idx);
		/*
		 * The joined state replaces the old one: it covers all the old
		 * one did, and this path goes on to check it.
		 */
		aux->njoins++;
		return err ?: state_copy(&s->st, &v->cur);
	}
	if (aux->nsaved >= EBPF_MAX_STATES_PER_INSN ||
	    v->nsaved >= EBPF_MAX_STATES)
		return 0;	/* less pruning, never less checking */
	s = new_saved_state(v);
	if (!s || state_copy(&s->st, &v->cur))
		return -ENOMEM;
	s->next = aux->saved;
	aux->saved = s;
	aux->nsaved++;
	v->nsaved++;
	return 0;
}

/* ---- registers -------------------------------------------------------- */

static int check_reg_read(struct ebpf_verifier *v, u32 regno)
{
	if (v->cur.regs[regno].type == EBPF_NOT_INIT)
		return reject(v, -EACCES, "R%u !read_ok", regno);
	return 0;
}

static int check_reg_write(struct ebpf_verifier *v, u32 regno)
{
	if (regno == BPF_REG_10)
		return reject(v, -EACCES, "frame pointer is read only");
	return 0;
}

/* A scalar result must satisfy the domain's invariants, or we have a bug. */
static int check_invariants(struct ebpf_verifier *v, u32 regno)
{
	const struct ebpf_reg *r = &v->cur.regs[regno];

	if (r->type != EBPF_NOT_INIT && !ebpf_scalar_valid(&r->var))
		return reject(v, -EFAULT, "internal error: R%u bounds invariants violated",
			      regno);
	return 0;
}

/* Is @regno a pointer this loader must not see as a number? */
static bool leaks_pointer(struct ebpf_verifier *v, u32 regno)
{
	return !v->priv && reg_is_ptr(&v->cur.regs[regno]);
}

/* ---- memory ----------------------------------------------------------- */

static struct ebpf_stack_slot *stack_slot(struct ebpf_verifier *v, s64 off)
{
	return &v->cur.slots[(-off - 1) / 8];
}

/* Byte @off (< 0, from r10) of the stack. */
static u8 *stack_byte(struct ebpf_verifier *v, s64 off)
{
	return &stack_slot(v, off)->bytes[(off % 8 + 8) % 8];
}

/*
 * The constant offset from r10 that @reg + @off points at, checked to lie
 * with @size bytes inside the stack; *@at receives it.
 */
static int stack_offset(struct ebpf_verifier *v, u32 regno, s32 off, u32 size,
			bool helper, s64 *at)
{
	const struct ebpf_reg *r = &v->cur.regs[regno];
	s64 o;

	if (!ebpf_scalar_is_const(&r->var))
		return reject(v, -EACCES, "R%u variable offset stack access is not supported",
			      regno);
	o = (s64)r->off + (s64)r->var.t.value + off;
	if (o < -EBPF_STACK_SIZE || o + size > 0 || !size)
		return reject(v, helper ? -EINVAL : -EACCES,
			      "invalid stack off=%lld size=%u", o, size);
	if (!helper && o % size)
		return reject(v, -EACCES, "misaligned stack access off=%lld size=%u",
			      o, size);
	if (state_grow(&v->cur, (-o + 7) / 8))
		return -ENOMEM;
	if (v->args->stack_depth < -o)
		v->args->stack_depth = -o;
	*at = o;
	return 0;
}

/*
 * Can @size bytes at @o be read by this loader? A load may take a spilled
 * pointer whole only (@whole); a helper reading memory (@indirect) sees
 * spilled pointers as bytes, which only privileged loaders may leak. Bytes
 * never written may be read by privileged loaders only, as mainline.
 */
static int stack_readable(struct ebpf_verifier *v, s64 o, u32 size,
			  bool whole, bool indirect)
{
	const char *how = indirect ? "indirect read" : "read";
	u32 i;

	for (i = 0; i < size; i++) {
		u8 b = *stack_byte(v, o + i);
		bool ptr = b == EBPF_STACK_SPILL &&
			   stack_slot(v, o + i)->spill.type != EBPF_SCALAR;

		if (ptr && !whole && !indirect)
			return reject(v, -EACCES, "invalid size of register fill");
		if ((ptr && indirect && !v->priv) ||
		    (b == EBPF_STACK_INVALID && !v->priv))
			return reject(v, -EACCES, "invalid %s from stack off=%lld size=%u",
				      how, o, size);
	}
	return 0;
}

/* Write @size bytes at @o: @val (a register, or NULL for plain data). */
static int stack_write(struct ebpf_verifier *v, s64 o, u32 size,
		       const struct ebpf_reg *val)
{
	struct ebpf_stack_slot *s = stack_slot(v, o);
	s64 first = o & ~7LL, at;
	u32 i;

	if (val && reg_is_ptr(val) && size != 8)
		return reject(v, -EACCES, "invalid size of register spill");
	/*
	 * Mainline keeps the bounds of spilled scalars for privileged loaders
	 * only (and zeroes for everyone); agree with it, so that the same
	 * programs load.
	 */
	if (val && !v->priv && val->type == EBPF_SCALAR &&
	    !(ebpf_scalar_is_const(&val->var) && !val->var.t.value))
		val = NULL;
	if (size == 8 && val) {
		memset(s->bytes, EBPF_STACK_SPILL, 8);
		s->spill = *val;
		return 0;
	}
	/* a spill partly overwritten is gone: its other bytes become data */
	for (at = first; at < o + size; at += 8) {
		s = stack_slot(v, at);
		if (s->bytes[0] != EBPF_STACK_SPILL)
			continue;
		if (reg_is_ptr(&s->spill) && !v->priv && size != 8)
			return reject(v, -EACCES, "attempt to corrupt spilled pointer on stack");
		memset(s->bytes, EBPF_STACK_MISC, 8);
		mark_not_init(&s->spill);
	}
	for (i = 0; i < size; i++)
		*stack_byte(v, o + i) = EBPF_STACK_MISC;
	return 0;
}

/* Load @size bytes at @o into @dst. */
static int stack_read(struct ebpf_verifier *v, s64 o, u32 size, bool sext,
		      struct ebpf_reg *dst)
{
	struct ebpf_stack_slot *s = stack_slot(v, o);
	bool whole = size == 8 && s->bytes[0] == EBPF_STACK_SPILL;
	int err;

	err = stack_readable(v, o, size, whole, false);
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
 * from the pointer's fixed and variable offset.
 */
static int ptr_range(struct ebpf_verifier *v, u32 regno, s32 off, u32 size,
		     s64 *lo, s64 *hi)
{
	const struct ebpf_reg *r = &v->cur.regs[regno];
	bool var = !ebpf_scalar_is_const(&r->var);

	if (r->var.smin <= -EBPF_MAX_VAR_OFF) {
		*lo = r->var.smin;
		return reject(v, -EACCES,
			      "R%u min value is negative, either use unsigned index or do a if (index >=0) check.",
			      regno);
	}
	*lo = (s64)r->off + off + r->var.smin;
	if (var && *lo < 0)
		return reject(v, -EACCES,
			      "R%u min value is negative, either use unsigned index or do a if (index >=0) check.",
			      regno);
	if (r->var.smax >= EBPF_MAX_VAR_OFF)
		return reject(v, -EACCES,
			      "R%u unbounded memory access, make sure to bounds check any such access",
			      regno);
	*hi = (s64)r->off + off + r->var.smax + size;
	return 0;
}

/*
 * A map created with BPF_F_RDONLY_PROG (or BPF_F_WRONLY_PROG) is read-only
 * (write-only) for programs, whatever reaches its values: loads and
 * stores, atomics, helpers reading or writing memory. Checked before the
 * bounds, as mainline, whose message gives @off: the instruction's offset
 * for a direct access, the pointer's fixed offset for a helper's.
 */
static int check_map_access_kind(struct ebpf_verifier *v, u32 regno, s32 off,
				 u32 size, bool write)
{
	const struct ebpf_vmap *map = &v->maps[v->cur.regs[regno].map];

	if (write && (map->map_flags & BPF_F_RDONLY_PROG))
		return reject(v, -EACCES,
			      "write into map forbidden, value_size=%u off=%d size=%u",
			      map->value_size, off, size);
	if (!write && (map->map_flags & BPF_F_WRONLY_PROG))
		return reject(v, -EACCES,
			      "read from map forbidden, value_size=%u off=%d size=%u",
			      map->value_size, off, size);
	return 0;
}

static int check_map_value(struct ebpf_verifier *v, u32 regno, s32 off,
			   u32 size)
{
	const struct ebpf_vmap *map = &v->maps[v->cur.regs[regno].map];
	s64 lo = 0, hi = 0;
	int err;

	err = ptr_range(v, regno, off, size, &lo, &hi);
	if (err)
		return err;
	if (lo < 0 || hi > map->value_size || !size)
		return reject(v, -EACCES,
			      "invalid access to map value, value_size=%u off=%lld size=%u",
			      map->value_size, lo < 0 ? lo : hi - size, size);
	return 0;
}

/*
 * The context pointer @regno must be as the program got it: accesses,
 * helpers and packet loads use the object's start, never a moved pointer.
 */
static int check_ctx_unmodified(struct ebpf_verifier *v, u32 regno)
{
	const struct ebpf_reg *r = &v->cur.regs[regno];

	if (r->off || !ebpf_scalar_is_const(&r->var) || r->var.t.value)
		return reject(v, -EACCES, "dereference of modified ctx ptr R%u off=%d disallowed",
			      regno, r->off);
	return 0;
}

static int check_ctx(struct ebpf_verifier *v, u32 regno, s32 off, u32 size,
		     bool write)
{
	int err = check_ctx_unmodified(v, regno);

	if (err)
		return err;
	if (!v->args->desc->ctx_access_ok(off, size, write))
		return reject(v, -EACCES, "invalid bpf_context access off=%d size=%u",
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
		return reject(v, -EINVAL, "same insn cannot be used with different pointers");
	return 0;
}

static int bad_mem_type(struct ebpf_verifier *v, u32 regno)
{
	return reject(v, -EACCES, "R%u invalid mem access '%s'", regno,
		      reg_type_str[v->cur.regs[regno].type]);
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
		err = stack_offset(v, regno, off, size, false, &o);
		if (err)
			return err;
		if (write)
			return stack_write(v, o, size, size == 8 || reg_is_ptr(&tmp) ?
					   &tmp : NULL);
		return stack_read(v, o, size, sext, dst);
	case EBPF_PTR_MAP_VALUE:
		if (v->args->strict_alignment && size > 1 &&
		    ((r->var.t.mask & (size - 1)) ||
		     (((u64)r->off + off + r->var.t.value) & (size - 1))))
			return reject(v, -EACCES,
				      "misaligned value access off=%d+%d size=%u",
				      r->off, off, size);
		if (write && !is_st && leaks_pointer(v, valno))
			return reject(v, -EACCES, "R%u leaks addr into map", valno);
		err = check_map_access_kind(v, regno, off, size, write) ?:
		      check_map_value(v, regno, off, size);
		break;
	case EBPF_PTR_CTX:
		if (write && !is_st && leaks_pointer(v, valno))
			return reject(v, -EACCES, "R%u leaks addr into ctx", valno);
		if (sext)
			return reject(v, -EACCES,
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

/* ---- ALU -------------------------------------------------------------- */

/* dst = ptr +/- scalar, where exactly one of the operands is a pointer. */
static int ptr_scalar_alu(struct ebpf_verifier *v, const struct bpf_insn *in,
			  const struct ebpf_reg *ptr,
			  const struct ebpf_reg *off)
{
	u8 op = BPF_OP(in->code);
	struct ebpf_reg res = *ptr;
	u32 d = in->dst_reg;

	if (ptr->type == EBPF_PTR_MAP_VALUE_OR_NULL)
		return reject(v, -EACCES,
			      "R%u pointer arithmetic on map_value_or_null prohibited, null-check it first",
			      d);
	if (ptr->type == EBPF_PTR_MAP)
		return reject(v, -EACCES, "R%u pointer arithmetic on map_ptr prohibited", d);
	if (op == BPF_AND || op == BPF_OR || op == BPF_XOR)
		return reject(v, -EACCES, "R%u bitwise operator %s on pointer prohibited",
			      d, alu_op_str[op >> 4]);
	if (op != BPF_ADD && op != BPF_SUB)
		return reject(v, -EACCES, "R%u pointer arithmetic with %s operator prohibited",
			      d, alu_op_str[op >> 4]);
	/*
	 * As mainline: a scalar with no lower bound, or bounds far out, may
	 * not move a pointer (EINVAL); an upper bound too high is caught at
	 * the access.
	 */
	if (!ebpf_scalar_is_const(&off->var) && off->var.smin == S64_MIN)
		return reject(v, -EINVAL,
			      "R%u math between %s pointer and register with unbounded min value is not allowed",
			      d, reg_type_str[ptr->type]);
	if (!ebpf_scalar_is_const(&off->var) &&
	    (off->var.smin <= -EBPF_MAX_VAR_OFF || off->var.smin >= EBPF_MAX_VAR_OFF))
		return reject(v, -EINVAL, "value %lld makes %s pointer be out of bounds",
			      off->var.smin, reg_type_str[ptr->type]);
	if (ebpf_scalar_is_const(&off->var)) {
		s64 k = (s64)off->var.t.value;
		s64 n;

		if (k <= -EBPF_MAX_VAR_OFF || k >= EBPF_MAX_VAR_OFF)
			return reject(v, -EINVAL, "value %lld makes %s pointer be out of bounds",
				      k, reg_type_str[ptr->type]);
		n = (s64)res.off + (op == BPF_ADD ? k : -k);
		if (n <= -EBPF_MAX_VAR_OFF || n >= EBPF_MAX_VAR_OFF)
			return reject(v, -EINVAL, "value %lld makes %s pointer be out of bounds",
				      k, reg_type_str[ptr->type]);
		res.off = n;
	} else {
		if (ptr->type == EBPF_PTR_STACK && !v->priv)
			return reject(v, -EACCES, "R%u variable stack access prohibited for !root",
				      d);
		ebpf_scalar_alu(&res.var, &off->var, op, 0, false);
	}
	v->cur.regs[d] = res;
	return check_invariants(v, d);
}

static int ptr_alu(struct ebpf_verifier *v, const struct bpf_insn *in,
		   struct ebpf_reg *dst, const struct ebpf_reg *src)
{
	u8 op = BPF_OP(in->code);
	u32 d = in->dst_reg;

	if (BPF_CLASS(in->code) == BPF_ALU)
		return reject(v, -EACCES, "R%u 32-bit pointer arithmetic prohibited", d);
	if (reg_is_ptr(dst) && reg_is_ptr(src)) {
		if (op != BPF_SUB)
			return reject(v, -EACCES, "R%u pointer %s pointer prohibited",
				      d, alu_op_str[op >> 4]);
		if (!v->priv)
			return reject(v, -EACCES, "R%u pointer -= pointer prohibited", d);
		mark_scalar(dst, ebpf_scalar_unknown());
		return 0;
	}
	if (reg_is_ptr(dst))
		return ptr_scalar_alu(v, in, dst, src);
	if (op == BPF_SUB)
		return reject(v, -EACCES, "R%u tried to sub pointer from scalar", d);
	if (op != BPF_ADD)
		return reject(v, -EACCES, "R%u pointer arithmetic with %s operator prohibited",
			      d, alu_op_str[op >> 4]);
	return ptr_scalar_alu(v, in, src, dst);
}

/* BPF_NEG and BPF_END: scalars only, or a privileged loader's pointer. */
static int unary_alu(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	struct ebpf_reg *dst = &v->cur.regs[in->dst_reg];
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
	int err;

	err = check_reg_read(v, in->dst_reg) ?: check_reg_write(v, in->dst_reg);
	if (err)
		return err;
	if (reg_is_ptr(dst)) {
		if (!v->priv)
			return reject(v, -EACCES, "R%u pointer arithmetic prohibited",
				      in->dst_reg);
		mark_scalar(dst, ebpf_scalar_unknown());
	}
	if (BPF_OP(in->code) == BPF_NEG)
		ebpf_scalar_alu(&dst->var, &dst->var, BPF_NEG, 0, !is64);
	else
		ebpf_scalar_end(&dst->var, in->imm,
				is64 || BPF_SRC(in->code) == BPF_TO_BE);
	return check_invariants(v, in->dst_reg);
}

static int mov_alu(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	struct ebpf_reg *dst = &v->cur.regs[in->dst_reg];
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
	struct ebpf_reg src;
	int err;

	err = check_reg_write(v, in->dst_reg);
	if (err)
		return err;
	if (BPF_SRC(in->code) == BPF_K) {
		mark_scalar(dst, ebpf_scalar_const(is64 ? (u64)(s64)in->imm :
						   (u32)in->imm));
		return 0;
	}
	err = check_reg_read(v, in->src_reg);
	if (err)
		return err;
	src = v->cur.regs[in->src_reg];
	if (reg_is_ptr(&src)) {
		if (is64 && !in->off) {
			*dst = src;
			return 0;
		}
		if (in->off && !v->priv)
			return reject(v, -EACCES, "R%u sign-extension part of pointer",
				      in->src_reg);
		if (!v->priv)
			return reject(v, -EACCES, "R%u partial copy of pointer",
				      in->src_reg);
		mark_scalar(&src, ebpf_scalar_unknown());
	}
	mark_scalar(dst, src.var);
	if (in->off)
		ebpf_scalar_movsx(&dst->var, &src.var, in->off, !is64);
	else if (!is64)
		ebpf_scalar_alu(&dst->var, &src.var, BPF_MOV, 0, true);
	return check_invariants(v, in->dst_reg);
}

static int check_alu(struct ebpf_verifier *v, const struct bpf_insn *in)
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
			return reject(v, -EINVAL, "div by zero");
		if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) &&
		    (u32)in->imm >= (is64 ? 64 : 32))
			return reject(v, -EINVAL, "invalid shift %d", in->imm);
		mark_scalar(&k, ebpf_scalar_const((u64)(s64)in->imm));
	} else {
		err = check_reg_read(v, in->src_reg);
		if (err)
			return err;
		src = &v->cur.regs[in->src_reg];
	}
	err = check_reg_read(v, in->dst_reg) ?: check_reg_write(v, in->dst_reg);
	if (err)
		return err;
	if (reg_is_ptr(dst) || reg_is_ptr(src))
		return ptr_alu(v, in, dst, src);
	ebpf_scalar_alu(&dst->var, &src->var, op, in->off, !is64);
	return check_invariants(v, in->dst_reg);
}

/* ---- jumps ------------------------------------------------------------ */

/*
 * The state the next pushed branch will start from: a jump builds its
 * taken side there, so that push_branch() takes it without a copy. Until
 * pushed it is scratch space, reused by the next jump. NULL without memory.
 */
static struct ebpf_vstate *next_branch_state(struct ebpf_verifier *v)
{
	if (v->nbranches == v->branches_cap) {
		u32 cap = max_t(u32, EBPF_BRANCHES_MIN, 2 * v->branches_cap);

		if (grow_array((void **)&v->branches, v->nbranches, cap,
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

	if (!next || (st != next && state_copy(next, st)))
		return -ENOMEM;
	b = &v->branches[v->nbranches++];
	b->idx = idx;
	b->path_len = v->path_len;
	return 0;
}

/* A map lookup's result @id is null (it becomes 0) or not, everywhere. */
static void mark_null_checked(struct ebpf_vstate *st, u32 id, bool is_null)
{
	struct ebpf_reg *r;
	u32 i;

	for (i = 0; i < MAX_BPF_REG + st->nslots; i++) {
		if (i < MAX_BPF_REG)
			r = &st->regs[i];
		else if (st->slots[i - MAX_BPF_REG].bytes[0] == EBPF_STACK_SPILL)
			r = &st->slots[i - MAX_BPF_REG].spill;
		else
			continue;
		if (r->type != EBPF_PTR_MAP_VALUE_OR_NULL || r->id != id)
			continue;
		if (is_null)
			mark_scalar(r, ebpf_scalar_const(0));
		else
			r->type = EBPF_PTR_MAP_VALUE;
	}
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

	if (taken_ok && fall_ok)
		err = push_branch(v, target, taken);
	else if (taken_ok && taken != &v->cur)
		err = state_copy(&v->cur, taken);
	*next = taken_ok && !fall_ok ? target : v->idx + 1;
	return err;
}

/* `if rX ==/!= 0` on a map lookup's result: a null check. */
static bool is_null_check(const struct bpf_insn *in, const struct ebpf_reg *d,
			  const struct ebpf_reg *s)
{
	u8 op = BPF_OP(in->code);

	return d->type == EBPF_PTR_MAP_VALUE_OR_NULL &&
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

	err = taken ? state_copy(taken, &v->cur) : -ENOMEM;
	if (!err) {
		mark_null_checked(taken, id, jeq);
		mark_null_checked(&v->cur, id, !jeq);
		err = follow(v, in, true, true, taken, next);
	}
	return err;
}

/*
 * A comparison involving a pointer: one that cannot be null compared with
 * 0 has a known outcome; any other is allowed to privileged loaders only
 * and teaches nothing.
 */
static int ptr_cmp(struct ebpf_verifier *v, const struct bpf_insn *in,
		   const struct ebpf_reg *d, const struct ebpf_reg *s, u32 *next)
{
	u8 op = BPF_OP(in->code);
	bool zero = s->type == EBPF_SCALAR && ebpf_scalar_is_const(&s->var) &&
		    !s->var.t.value;

	if (BPF_SRC(in->code) == BPF_X && leaks_pointer(v, in->src_reg))
		return reject(v, -EACCES, "R%u pointer comparison prohibited", in->src_reg);
	if (leaks_pointer(v, in->dst_reg))
		return reject(v, -EACCES, "R%u pointer comparison prohibited", in->dst_reg);
	if (reg_is_ptr(d) && d->type != EBPF_PTR_MAP_VALUE_OR_NULL && zero &&
	    BPF_CLASS(in->code) == BPF_JMP && (op == BPF_JEQ || op == BPF_JNE))
		return follow(v, in, op == BPF_JNE, op == BPF_JEQ, &v->cur, next);
	return follow(v, in, true, true, &v->cur, next);
}

static int check_cond_jmp(struct ebpf_verifier *v, const struct bpf_insn *in,
			  u32 *next)
{
	bool is32 = BPF_CLASS(in->code) == BPF_JMP32;
	struct ebpf_vstate *taken;
	struct ebpf_reg k, *d, *s = &k, *td, *ts = NULL;
	bool taken_ok, fall_ok;
	u8 op = BPF_OP(in->code);
	int err;

	err = check_reg_read(v, in->dst_reg);
	if (err)
		return err;
	if (BPF_SRC(in->code) == BPF_X) {
		err = check_reg_read(v, in->src_reg);
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
	if (!taken || state_copy(taken, &v->cur))
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
		err = reject(v, -EFAULT,
			     "internal error: R%u bounds invariants violated after a taken jump",
			     in->dst_reg);
	else if (taken_ok && ts && !ebpf_scalar_valid(&ts->var))
		err = reject(v, -EFAULT,
			     "internal error: R%u bounds invariants violated after a taken jump",
			     in->src_reg);
	else if (fall_ok && (!ebpf_scalar_valid(&d->var) ||
			     !ebpf_scalar_valid(&s->var)))
		err = reject(v, -EFAULT,
			     "internal error: R%u bounds invariants violated after a jump not taken",
			     in->dst_reg);
	else if (!taken_ok && !fall_ok)
		err = reject(v, -EFAULT, "internal error: neither outcome of a jump is possible");
	else
		err = follow(v, in, taken_ok, fall_ok, taken, next);
	return err;
}

/* ---- helper calls ----------------------------------------------------- */

struct call_meta {
	const struct ebpf_vmap *map;	/* from an EBPF_ARG_MAP argument */
	u32 mem_reg;			/* the pointer a size argument sizes */
	bool mem_write;
};

static int arg_type_error(struct ebpf_verifier *v, u32 regno, const char *want)
{
	return reject(v, -EACCES, "R%u type=%s expected=%s", regno,
		      reg_type_str[v->cur.regs[regno].type], want);
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
		err = stack_offset(v, regno, 0, size, true, &o);
		if (err)
			return err;
		if (!write)
			return stack_readable(v, o, size, false, true);
		/*
		 * The helper may write any of the @size bytes, so no spill in
		 * them survives; it surely writes the first @written (the size
		 * argument's minimum), which become data. The others keep
		 * what they held, possibly nothing.
		 */
		for (i = 0; i < size; i++) {
			struct ebpf_stack_slot *s = stack_slot(v, o + i);

			if (s->bytes[0] != EBPF_STACK_SPILL)
				continue;
			if (reg_is_ptr(&s->spill) && !v->priv)
				return reject(v, -EACCES,
					      "attempt to corrupt spilled pointer on stack");
			memset(s->bytes, EBPF_STACK_MISC, 8);
			mark_not_init(&s->spill);
		}
		for (i = 0; i < written; i++)
			*stack_byte(v, o + i) = EBPF_STACK_MISC;
		return 0;
	case EBPF_PTR_MAP_VALUE:
		/* even a zero-sized access is of a kind, as in mainline */
		err = check_map_access_kind(v, regno, r->off, size, write);
		if (err)
			return err;
		return size ? check_map_value(v, regno, 0, size) : 0;
	default:
		return arg_type_error(v, regno, "fp or map_value");
	}
}

static int check_size_arg(struct ebpf_verifier *v, u32 regno, bool zero_ok,
			  struct call_meta *meta)
{
	const struct ebpf_reg *r = &v->cur.regs[regno];

	if (r->type != EBPF_SCALAR)
		return arg_type_error(v, regno, "scalar");
	if (r->var.smin < 0)
		return reject(v, -EACCES,
			      "R%u min value is negative, either use unsigned or 'var &= const'",
			      regno);
	if (!zero_ok && !r->var.umax)
		return reject(v, -EACCES, "R%u invalid zero-sized read", regno);
	if (r->var.umax >= EBPF_MAX_VAR_OFF)
		return reject(v, -EACCES,
			      "R%u unbounded memory access, use 'var &= const' or 'if (var < const)'",
			      regno);
	if (!zero_ok && !r->var.umin)
		return reject(v, -EACCES, "R%u invalid zero-sized read", regno);
	return check_helper_mem(v, meta->mem_reg, r->var.umax, meta->mem_write,
				r->var.umin);
}

static int check_arg(struct ebpf_verifier *v, u32 regno, u8 type,
		     struct call_meta *meta)
{
	const struct ebpf_reg *r = &v->cur.regs[regno];
	int err;

	err = check_reg_read(v, regno);
	if (err)
		return err;
	switch (type) {
	case EBPF_ARG_ANYTHING:
		if (leaks_pointer(v, regno))
			return reject(v, -EACCES, "R%u leaks addr into helper function",
				      regno);
		return 0;
	case EBPF_ARG_MAP:
		if (r->type != EBPF_PTR_MAP)
			return arg_type_error(v, regno, "map_ptr");
		meta->map = &v->maps[r->map];
		return 0;
	case EBPF_ARG_MAP_KEY:
	case EBPF_ARG_MAP_VALUE:
		if (!meta->map)
			return reject(v, -EFAULT, "internal error: map argument missing");
		return check_helper_mem(v, regno, type == EBPF_ARG_MAP_KEY ?
					meta->map->key_size :
					meta->map->value_size, false, 0);
	case EBPF_ARG_MEM:
	case EBPF_ARG_UNINIT_MEM:
		if (r->type != EBPF_PTR_STACK && r->type != EBPF_PTR_MAP_VALUE)
			return arg_type_error(v, regno, "fp or map_value");
		meta->mem_reg = regno;
		meta->mem_write = type == EBPF_ARG_UNINIT_MEM;
		return 0;
	case EBPF_ARG_SIZE:
	case EBPF_ARG_SIZE_OR_ZERO:
		return check_size_arg(v, regno, type == EBPF_ARG_SIZE_OR_ZERO,
				      meta);
	case EBPF_ARG_CTX:
		if (r->type != EBPF_PTR_CTX)
			return arg_type_error(v, regno, "ctx");
		return check_ctx_unmodified(v, regno);
	default:
		return reject(v, -EFAULT, "internal error: bad argument type %u", type);
	}
}

static int check_call(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	const struct ebpf_helper_proto *p = v->args->desc->helper(in->imm, v->priv);
	struct call_meta meta = {};
	struct ebpf_reg *r0 = &v->cur.regs[BPF_REG_0];
	u32 i;
	int err;

	if (!p) {
		p = ebpf_helper_by_id(in->imm);
		if (!p)
			return reject(v, -EINVAL, "invalid func unknown#%d", in->imm);
		return reject(v, -EINVAL, "program of this type cannot use helper %s#%d",
			      p->name, in->imm);
	}
	if (p->gpl_only && !v->args->gpl)
		return reject(v, -EINVAL,
			      "cannot call GPL-restricted function from non-GPL compatible program");
	for (i = 0; i < 5 && p->args[i] != EBPF_ARG_NONE; i++) {
		err = check_arg(v, BPF_REG_1 + i, p->args[i], &meta);
		if (err)
			return err;
	}
	if (p->writes_map && meta.map &&
	    (meta.map->map_flags & BPF_F_RDONLY_PROG))
		return reject(v, -EACCES, "write into map forbidden");
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		mark_not_init(&v->cur.regs[i]);
	if (p->ret == EBPF_RET_MAP_VALUE_OR_NULL) {
		if (!meta.map)
			return reject(v, -EFAULT, "internal error: map result without a map");
		mark_pointer(r0, EBPF_PTR_MAP_VALUE_OR_NULL, meta.map - v->maps);
		r0->id = ++v->next_id;
	} else {
		mark_scalar(r0, ebpf_scalar_unknown());
	}
	return 0;
}

/* ---- loads, stores and the rest --------------------------------------- */

static int check_ld(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	struct ebpf_reg *r6 = &v->cur.regs[BPF_REG_6];
	u32 i;
	int err;

	if (BPF_MODE(in->code) == BPF_IMM) {
		err = check_reg_write(v, in->dst_reg);
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
		return reject(v, -EINVAL,
			      "BPF_LD_[ABS|IND] instructions not allowed for this program type");
	err = check_reg_read(v, BPF_REG_6);
	if (err)
		return err;
	if (r6->type != EBPF_PTR_CTX)
		return reject(v, -EINVAL, "at the time of BPF_LD_ABS|IND R6 != pointer to skb");
	err = check_ctx_unmodified(v, BPF_REG_6);
	if (err)
		return err;
	if (BPF_MODE(in->code) == BPF_IND) {
		err = check_reg_read(v, in->src_reg);
		if (err)
			return err;
		if (reg_is_ptr(&v->cur.regs[in->src_reg]))
			return arg_type_error(v, in->src_reg, "scalar");
	}
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		mark_not_init(&v->cur.regs[i]);
	mark_loaded(&v->cur.regs[BPF_REG_0], ebpf_size_bytes(in->code), false);
	return 0;
}

static int check_atomic(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	u32 size = ebpf_size_bytes(in->code), d = in->dst_reg, s = in->src_reg;
	bool cmpxchg = in->imm == BPF_CMPXCHG;
	u8 type;
	int err;

	err = check_reg_read(v, s) ?: check_reg_read(v, d);
	if (!err && cmpxchg)
		err = check_reg_read(v, BPF_REG_0);
	if (err)
		return err;
	if (reg_is_ptr(&v->cur.regs[s]))
		return reject(v, -EACCES, "R%u leaks addr into mem", s);
	if (cmpxchg && reg_is_ptr(&v->cur.regs[BPF_REG_0]))
		return reject(v, -EACCES, "R0 leaks addr into mem");
	type = v->cur.regs[d].type;
	if (type != EBPF_PTR_STACK && type != EBPF_PTR_MAP_VALUE) {
		if (type == EBPF_PTR_CTX)
			return reject(v, -EACCES,
				      "BPF_ATOMIC stores into R%u ctx is not allowed", d);
		return bad_mem_type(v, d);
	}
	if (type == EBPF_PTR_STACK) {
		s64 o;

		err = stack_offset(v, d, in->off, size, false, &o) ?:
		      stack_readable(v, o, size, false, false) ?:
		      stack_write(v, o, size, NULL);
	} else {
		const struct ebpf_reg *r = &v->cur.regs[d];
		u64 mask = size - 1;

		/* every atomic reads the value, then writes it */
		err = check_map_access_kind(v, d, in->off, size, false) ?:
		      check_map_access_kind(v, d, in->off, size, true) ?:
		      check_map_value(v, d, in->off, size);
		if (err)
			return err;
		/* a locked access must not straddle: the offset's low bits known 0 */
		if ((r->var.t.mask & mask) ||
		    (((u64)r->off + in->off + r->var.t.value) & mask))
			return reject(v, -EACCES,
				      "misaligned atomic access to map value off=%d size=%u",
				      r->off + in->off, size);
	}
	if (err)
		return err;
	if (cmpxchg) {
		err = check_reg_write(v, BPF_REG_0);
		mark_loaded(&v->cur.regs[BPF_REG_0], size, false);
	} else if (in->imm & BPF_FETCH) {
		err = check_reg_write(v, s);
		mark_loaded(&v->cur.regs[s], size, false);
	}
	return err;
}

static int check_ldst(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	u32 size = ebpf_size_bytes(in->code);
	int err;

	switch (BPF_CLASS(in->code)) {
	case BPF_LDX:
		err = check_reg_read(v, in->src_reg) ?:
		      check_reg_write(v, in->dst_reg);
		if (err)
			return err;
		return check_mem(v, in->src_reg, in->off, size, 0, false, 0,
				 in->dst_reg, BPF_MODE(in->code) == BPF_MEMSX);
	case BPF_ST:
		err = check_reg_read(v, in->dst_reg);
		if (err)
			return err;
		return check_mem(v, in->dst_reg, in->off, size, 0, true,
				 in->imm, -1, false);
	default:
		if (BPF_MODE(in->code) == BPF_ATOMIC)
			return check_atomic(v, in);
		err = check_reg_read(v, in->src_reg) ?:
		      check_reg_read(v, in->dst_reg);
		if (err)
			return err;
		return check_mem(v, in->dst_reg, in->off, size, in->src_reg,
				 false, 0, -1, false);
	}
}

static int check_exit(struct ebpf_verifier *v)
{
	int err = check_reg_read(v, BPF_REG_0);

	if (!err && leaks_pointer(v, BPF_REG_0))
		return reject(v, -EACCES, "R0 leaks addr as return value");
	return err;
}

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
		err = check_reg_read(v, in->dst_reg);
	/* the fields do not depend on the state: once per instruction */
	if (!err && !(v->aux[v->idx].flags & AUX_WALKED)) {
		if (is_bpf_func_ref(in))
			err = reject(v, -EINVAL, "bpf-to-bpf calls are not supported yet");
		err = err ?: check_fields(v, in);
	}
	if (err)
		return err;
	v->aux[v->idx].flags |= AUX_WALKED;
	*next = v->idx + 1;
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		return check_alu(v, in);
	case BPF_LD:
		if (BPF_MODE(in->code) == BPF_IMM)
			*next = v->idx + 2;
		return check_ld(v, in);
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		return check_ldst(v, in);
	}
	switch (op) {
	case BPF_EXIT:
		*next = v->cnt;
		return check_exit(v);
	case BPF_CALL:
		return check_call(v, in);
	case BPF_JA:
		*next = v->idx + 1 +
			(BPF_CLASS(in->code) == BPF_JMP32 ? in->imm : in->off);
		return 0;
	default:
		return check_cond_jmp(v, in, next);
	}
}

static void init_state(struct ebpf_verifier *v)
{
	mark_pointer(&v->cur.regs[BPF_REG_1], EBPF_PTR_CTX, 0);
	mark_pointer(&v->cur.regs[BPF_REG_10], EBPF_PTR_STACK, 0);
}

/* Take the next queued branch; false when there is none. */
static bool pop_branch(struct ebpf_verifier *v)
{
	struct branch *b;

	if (!v->nbranches)
		return false;
	b = &v->branches[--v->nbranches];
	state_free(&v->cur);
	v->cur = b->st;		/* takes over its slots */
	b->st.slots = NULL;
	b->st.nslots = 0;
	v->idx = b->idx;
	v->path_len = b->path_len;
	if (v->args->log_level >= 2) {
		vlog(v, "from %u to %u:", v->path_len ? v->path[v->path_len - 1] : 0,
		     v->idx);
		log_state(v, &v->cur);
		vlog(v, "\n");
	}
	return true;
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
			return reject(v, -E2BIG,
				      "BPF program is too complex: more than %u instructions processed",
				      EBPF_MAX_PROCESSED);
		if (v->aux[v->idx].flags & AUX_PRUNE) {
			err = prune_point(v);
			if (err < 0)
				return err;
			if (err)
				goto path_done;
		}
		if (v->args->observe)
			v->args->observe(v->args->priv, v->idx, &v->cur);
		if (v->args->log_level >= 2) {
			log_insn(v, v->idx);
			vlog(v, " ;");
			log_state(v, &v->cur);
			vlog(v, "\n");
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
		if (!pop_branch(v))
			return 0;
	}
}

/* ---- pass 4: rewrite -------------------------------------------------- */

/* Jump distance from @from to @to in the new program, or false. */
static bool new_offset(const u32 *pos, u32 from, s64 to, s32 lim_lo,
		       s32 lim_hi, s32 *out)
{
	s64 d = (s64)pos[to] - pos[from] - 1;

	if (d < lim_lo || d > lim_hi)
		return false;
	*out = d;
	return true;
}

/* Fix jump offsets in @out for the new positions @pos of old instructions. */
static int relocate_jumps(struct ebpf_verifier *v, struct bpf_insn *out,
			  const u32 *pos)
{
	u32 i;

	for (i = 0; i < v->cnt; i++) {
		const struct bpf_insn *in = &v->insns[i];
		struct bpf_insn *o = &out[pos[i]];
		u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
		s32 d;

		if (!insn_walked(v, i) ||
		    (cls != BPF_JMP && cls != BPF_JMP32) ||
		    op == BPF_CALL || op == BPF_EXIT)
			continue;
		if (cls == BPF_JMP32 && op == BPF_JA) {
			if (!new_offset(pos, i, (s64)i + 1 + in->imm, S32_MIN,
					S32_MAX, &d))
				goto too_far;
			o->imm = d;
		} else {
			if (!new_offset(pos, i, (s64)i + 1 + in->off, S16_MIN,
					S16_MAX, &d))
				goto too_far;
			o->off = d;
		}
		continue;
too_far:
		v->idx = i;
		return reject(v, -E2BIG, "jump offset out of range after context rewriting");
	}
	return 0;
}

/*
 * The program for execution: maps' addresses in their LD_IMM64s, context
 * accesses rewritten by the program type. Old instruction i lands at
 * pos[i]; pos[cnt] is the new length.
 */
static int rewrite(struct ebpf_verifier *v, struct bpf_insn **outp, u32 *outn)
{
	const struct ebpf_prog_desc *desc = v->args->desc;
	struct bpf_insn buf[EBPF_CTX_REWRITE_MAX], *out = NULL;
	u32 *pos, *len, i, n = 0;
	int err = -ENOMEM;

	pos = ebpf_zalloc((v->cnt + 1) * sizeof(*pos));
	len = ebpf_zalloc(v->cnt * sizeof(*len));
	if (!pos || !len)
		goto fail;
	for (i = 0; i < v->cnt; i++) {
		len[i] = 0;
		if ((v->aux[i].flags & AUX_CTX) && desc->ctx_rewrite)
			len[i] = desc->ctx_rewrite(&v->insns[i], buf);
		if (len[i] > EBPF_CTX_REWRITE_MAX) {
			err = reject(v, -EFAULT,
				     "internal error: context access replaced by too many instructions");
			goto fail;
		}
		pos[i] = n;
		n += len[i] ?: 1;
	}
	pos[v->cnt] = n;
	out = ebpf_zalloc(n * sizeof(*out));
	if (!out)
		goto fail;
	for (i = 0; i < v->cnt; i++) {
		if (!insn_walked(v, i))
			out[pos[i]] = (struct bpf_insn){
				.code = BPF_JMP | BPF_JA, .off = -1,
			};
		else if (len[i])
			desc->ctx_rewrite(&v->insns[i], &out[pos[i]]);
		else
			out[pos[i]] = v->insns[i];
	}
	err = relocate_jumps(v, out, pos);
	if (err)
		goto fail;
	for (i = 0; i < v->cnt; i++) {
		const struct bpf_insn *in = &v->insns[i];
		u64 addr;

		if (in->code != (BPF_LD | BPF_IMM | BPF_DW) || !insn_walked(v, i))
			continue;
		if (imm64_is_map(in))
			addr = (u64)(uintptr_t)v->maps[v->aux[i].map].ptr;
		else if (imm64_is_value(in))
			addr = (u64)(uintptr_t)v->maps[v->aux[i].map].value +
			       (u32)in[1].imm;
		else
			continue;
		out[pos[i]].imm = (u32)addr;
		out[pos[i] + 1].imm = addr >> 32;
	}
	*outp = out;
	*outn = n;
	out = NULL;
	err = 0;
fail:
	ebpf_free(out);
	ebpf_free(pos);
	ebpf_free(len);
	return err;
}

/* ---- entry ------------------------------------------------------------ */

static void verifier_free(struct ebpf_verifier *v)
{
	struct saved_chunk *c;
	u32 i;

	while (v->chunks) {
		c = v->chunks;
		for (i = 0; i < c->used; i++)
			state_free(&c->states[i].st);
		v->chunks = c->next;
		ebpf_free(c);
	}
	/* the pending branches, and the spare states past them */
	for (i = 0; i < v->branches_cap; i++)
		state_free(&v->branches[i].st);
	state_free(&v->cur);
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

	limit = v->priv ? EBPF_MAX_INSNS : EBPF_MAX_INSNS_UNPRIV;
	if (!v->cnt || v->cnt > limit) {
		err = reject(v, -E2BIG, "program has %u instructions, limit %u",
			     v->cnt, limit);
		goto out;
	}
	/* mainline's first step once the log is set up: the BTF info's fd */
	if (args->btf_info_err) {
		err = reject(v, args->btf_info_err,
			     "func_info or line_info needs BTF, which we do not have");
		goto out;
	}
	err = -ENOMEM;
	v->aux = ebpf_zalloc(v->cnt * sizeof(*v->aux));
	v->path = ebpf_zalloc(v->cnt * sizeof(*v->path));
	if (!v->aux || !v->path)
		goto out;
	err = check_structure(v) ?: walk(v);
	v->path_len = 0;
	if (!err)
		err = rewrite(v, &out, &n);
	vlog(v, "processed %u insns (limit %u), %u states kept, stack depth %u\n",
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
	v->priv = args->privileged;
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
