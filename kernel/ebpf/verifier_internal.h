/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the verifier's files share: its state and the functions one file
 * calls in another. verifier.c explains how the verifier works; each
 * verifier_*.c holds one concern.
 */
#ifndef _EBPF_VERIFIER_INTERNAL_H
#define _EBPF_VERIFIER_INTERNAL_H

#include "core.h"
#include "insn.h"
#include "interp.h"
#include "log.h"
#include "scalar.h"
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
	AUX_NOSPEC = BIT(5),		/* a store followed by a barrier (Spectre v4) */
};

/*
 * Spectre v1: what the paths through an ADD or SUB with a register operand
 * did there, for loaders without the bypass (verifier_alu.c). Pointer
 * arithmetic is masked in the rewrite so that even a mispredicted path
 * moves the pointer at most alu_limit bytes, in the direction the walk
 * saw; every path must agree on that.
 */
enum {
	SAN_SCALAR = BIT(0),		/* scalar arithmetic: nothing to mask */
	SAN_PTR = BIT(1),		/* pointer arithmetic: masked */
	SAN_NEG = BIT(2),		/* the offset is <= 0 */
	SAN_CONST = BIT(3),		/* the offset is a known constant */
	SAN_OFF_DST = BIT(4),		/* the offset is in dst, the pointer in src */
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
	u8 san;				/* SAN_*: Spectre v1 masking of an ALU */
	u32 alu_limit;			/* with SAN_PTR: the offset's largest magnitude */
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
	struct ebpf_perms perms;
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
	/*
	 * A masked offset was variable: states must then agree exactly on
	 * scalars to prune (and are never joined), as mainline, so that every
	 * path to a masked instruction is walked and compared there.
	 */
	bool exact_scalars;
	u32 nsaved;
	struct saved_chunk *chunks;	/* newest first */
	struct ebpf_log log;
};

/*
 * Take the lowest register out of the set *@m. Loops over the live
 * registers at a prune point (a few of eleven, and run for every saved
 * state there) visit only those.
 */
static inline u32 pop_reg(u16 *m)
{
	u32 i = __ffs(*m);

	*m &= *m - 1;
	return i;
}

static inline bool reg_is_ptr(const struct ebpf_reg *r)
{
	return r->type != EBPF_NOT_INIT && r->type != EBPF_SCALAR;
}

/*
 * Register @i of @st, counting its spilled registers after r0-r10 (up to
 * MAX_BPF_REG + nslots); NULL for a slot holding no spill.
 */
static inline struct ebpf_reg *state_reg(struct ebpf_vstate *st, u32 i)
{
	if (i < MAX_BPF_REG)
		return &st->regs[i];
	if (st->slots[i - MAX_BPF_REG].bytes[0] != EBPF_STACK_SPILL)
		return NULL;
	return &st->slots[i - MAX_BPF_REG].spill;
}

/* Ring buffer memory, null-checked or not. */
static inline bool reg_is_ringbuf(const struct ebpf_reg *r)
{
	return r->type == EBPF_PTR_RINGBUF_MEM ||
	       r->type == EBPF_PTR_RINGBUF_MEM_OR_NULL;
}

/* A lookup's or a reservation's result, not yet null-checked. */
static inline bool reg_maybe_null(const struct ebpf_reg *r)
{
	return r->type == EBPF_PTR_MAP_VALUE_OR_NULL ||
	       r->type == EBPF_PTR_RINGBUF_MEM_OR_NULL;
}

static inline void mark_scalar(struct ebpf_reg *r, struct ebpf_scalar s)
{
	memset(r, 0, sizeof(*r));
	r->type = EBPF_SCALAR;
	r->var = s;
}

static inline void mark_not_init(struct ebpf_reg *r)
{
	memset(r, 0, sizeof(*r));
}

/* An unknown value loaded from @size bytes, zero- or sign-extended. */
static inline void mark_loaded(struct ebpf_reg *r, u32 size, bool sext)
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

static inline void mark_pointer(struct ebpf_reg *r, u8 type, u32 map)
{
	memset(r, 0, sizeof(*r));
	r->type = type;
	r->map = map;
	r->var = ebpf_scalar_const(0);
}

/* Does this LD_IMM64 load a map's address (not a value's, not a constant)? */
static inline bool imm64_is_map(const struct bpf_insn *in)
{
	return in->src_reg == BPF_PSEUDO_MAP_FD || in->src_reg == BPF_PSEUDO_MAP_IDX;
}

/* Does it load the address of a map's value, at the offset in the second slot? */
static inline bool imm64_is_value(const struct bpf_insn *in)
{
	return in->src_reg == BPF_PSEUDO_MAP_VALUE ||
	       in->src_reg == BPF_PSEUDO_MAP_IDX_VALUE;
}

/*
 * Did a path of the walk reach instruction @i (an LD_IMM64's second slot
 * goes with its first)? Those it did not reach cannot run, and their
 * fields were never checked: the rewrite makes each a jump to itself.
 */
static inline bool insn_walked(const struct ebpf_verifier *v, u32 i)
{
	if (v->aux[i].flags & AUX_IMM64_HI)
		i--;
	return v->aux[i].flags & AUX_WALKED;
}

/* verifier_log.c */
extern const char *const vfy_alu_op_str[16];
extern const char *const vfy_reg_type_str[];
__printf(2, 3) void vfy_vlog(struct ebpf_verifier *v, const char *fmt, ...);
void vfy_log_insn(struct ebpf_verifier *v, u32 idx);
void vfy_log_state(struct ebpf_verifier *v, const struct ebpf_vstate *st);
__printf(3, 4) int vfy_reject(struct ebpf_verifier *v, int err,
			      const char *fmt, ...);

/* verifier_cfg.c */
bool vfy_is_bpf_func_ref(const struct bpf_insn *in);
int vfy_check_fields(struct ebpf_verifier *v, const struct bpf_insn *in);
int vfy_check_structure(struct ebpf_verifier *v);

/* verifier_state.c */
void vfy_state_free(struct ebpf_vstate *st);
int vfy_state_copy(struct ebpf_vstate *dst, const struct ebpf_vstate *src);
int vfy_grow_array(void **p, u32 n, u32 want, size_t size);
int vfy_state_grow(struct ebpf_vstate *st, u32 n);
int vfy_prune_point(struct ebpf_verifier *v);
int vfy_check_reg_read(struct ebpf_verifier *v, u32 regno);
int vfy_check_reg_write(struct ebpf_verifier *v, u32 regno);
int vfy_check_invariants(struct ebpf_verifier *v, u32 regno);
bool vfy_leaks_pointer(struct ebpf_verifier *v, u32 regno);
int vfy_acquire_ref(struct ebpf_verifier *v, u32 id);
int vfy_find_ref(const struct ebpf_vstate *st, u32 id);
void vfy_drop_ref(struct ebpf_vstate *st, u32 id);
void vfy_release_ref(struct ebpf_verifier *v, u32 id);

/* verifier_mem.c */
struct ebpf_stack_slot *vfy_stack_slot(struct ebpf_verifier *v, s64 off);
u8 *vfy_stack_byte(struct ebpf_verifier *v, s64 off);
int vfy_stack_offset(struct ebpf_verifier *v, u32 regno, s32 off, u32 size,
		     bool helper, s64 *at);
int vfy_stack_readable(struct ebpf_verifier *v, s64 o, u32 size,
		       bool whole, bool indirect);
int vfy_check_map_access_kind(struct ebpf_verifier *v, u32 regno, s32 off,
			      u32 size, bool write);
int vfy_check_map_value(struct ebpf_verifier *v, u32 regno, s32 off,
			u32 size);
int vfy_check_ringbuf_mem(struct ebpf_verifier *v, u32 regno, s32 off,
			  u32 size);
int vfy_check_ctx_unmodified(struct ebpf_verifier *v, u32 regno);
int vfy_check_ld(struct ebpf_verifier *v, const struct bpf_insn *in);
int vfy_check_ldst(struct ebpf_verifier *v, const struct bpf_insn *in);

/* verifier_alu.c */
int vfy_check_alu(struct ebpf_verifier *v, const struct bpf_insn *in);

/* verifier_jmp.c */
int vfy_check_cond_jmp(struct ebpf_verifier *v, const struct bpf_insn *in,
		       u32 *next);
int vfy_check_exit(struct ebpf_verifier *v);
int vfy_push_speculative(struct ebpf_verifier *v, u32 idx,
			 const struct ebpf_vstate *st);
bool vfy_pop_branch(struct ebpf_verifier *v);

/* verifier_call.c */
int vfy_arg_type_error(struct ebpf_verifier *v, u32 regno, const char *want);
int vfy_check_call(struct ebpf_verifier *v, const struct bpf_insn *in);

/* verifier_rewrite.c */
int vfy_rewrite(struct ebpf_verifier *v, struct bpf_insn **outp, u32 *outn);

#endif /* _EBPF_VERIFIER_INTERNAL_H */
