// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's states: copies, the registers' checks, and pruning (when
 * a state reaching an instruction is covered by one seen there before, and
 * how states are joined past a bound).
 */
#include "verifier_internal.h"

/* ---- states ----------------------------------------------------------- */

void vfy_state_free(struct ebpf_vstate *st)
{
	ebpf_free(st->slots);
	st->slots = NULL;
	st->nslots = 0;
}

int vfy_state_copy(struct ebpf_vstate *dst, const struct ebpf_vstate *src)
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
	dst->speculative = src->speculative;
	dst->nrefs = src->nrefs;
	memcpy(dst->refs, src->refs, src->nrefs * sizeof(*dst->refs));
	return 0;
}

/*
 * Replace the array *@p of @n elements of @size bytes by one of @want,
 * the old elements first, the new ones zeroed.
 */
int vfy_grow_array(void **p, u32 n, u32 want, size_t size)
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
int vfy_state_grow(struct ebpf_vstate *st, u32 n)
{
	if (n <= st->nslots)
		return 0;
	if (vfy_grow_array((void **)&st->slots, st->nslots, n, sizeof(*st->slots)))
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

static bool reg_covers(const struct ebpf_verifier *v, const struct ebpf_reg *old,
		       const struct ebpf_reg *cur, struct idmap *m)
{
	if (old->type == EBPF_NOT_INIT)
		return true;	/* never read on the old path: anything goes */
	if (old->type != cur->type)
		return false;
	if (old->type == EBPF_SCALAR && v->exact_scalars)
		return !memcmp(&old->var, &cur->var, sizeof(old->var));
	if (old->type == EBPF_SCALAR)
		return ebpf_scalar_covers(&old->var, &cur->var);
	if (old->off != cur->off || old->map != cur->map)
		return false;
	if ((old->type == EBPF_PTR_MAP_VALUE_OR_NULL || reg_is_ringbuf(old)) &&
	    !ids_match(m, old->id, cur->id))
		return false;
	return ebpf_scalar_covers(&old->var, &cur->var);
}

/*
 * Does an old stack byte of kind @o allow what the current path holds?
 * A byte never written was never read on an old path without uninit_stack
 * (that would have been rejected), but one with it may have read it as
 * an unknown scalar, so then it covers data only, not a spilled pointer.
 */
static bool stack_byte_covers(struct ebpf_verifier *v, u8 o, u8 c,
			      const struct ebpf_reg *cur_spill)
{
	bool c_is_data = c != EBPF_STACK_SPILL ||
			 cur_spill->type == EBPF_SCALAR;

	switch (o) {
	case EBPF_STACK_INVALID:
		return !v->perms.uninit_stack || c_is_data;
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
		    !reg_covers(v, &o->spill, &c->spill, m))
			return false;
	}
	return true;
}

/*
 * The same references, those of the registers compared matching: what
 * the old path released, this one releases the same way.
 */
static bool refs_cover(const struct ebpf_vstate *old,
		       const struct ebpf_vstate *cur, struct idmap *m)
{
	u32 i;

	if (old->nrefs != cur->nrefs)
		return false;
	for (i = 0; i < old->nrefs; i++)
		if (!ids_match(m, old->refs[i].id, cur->refs[i].id))
			return false;
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

	/* a mispredicted path's checks do not stand for a real one's */
	if (old->speculative && !cur->speculative)
		return false;
	m->n = 0;
	while (live) {
		i = pop_reg(&live);
		if (!reg_covers(v, &old->regs[i], &cur->regs[i], m))
			return false;
	}
	return stack_covers(v, old, cur, m) && refs_cover(old, cur, m);
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

	/* joined registers keep their ids: the references must be the same */
	if (cur->nrefs != old->nrefs ||
	    memcmp(cur->refs, old->refs, cur->nrefs * sizeof(*cur->refs)))
		return false;
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
	if (vfy_state_grow(cur, old->nslots))
		return -ENOMEM;
	for (i = 0; i < cur->nslots; i++)
		join_slot(&cur->slots[i], slot_or_none(old, i), widen);
	while (live) {
		i = pop_reg(&live);
		r = &cur->regs[i];
		join_reg(r, &old->regs[i], widen);
		/* a join of two valid scalars holds both: never empty */
		if (r->type != EBPF_NOT_INIT && !ebpf_scalar_valid(&r->var))
			return vfy_reject(v, -EFAULT, "internal error: R%u invalid after a join",
					  i);
	}
	return 0;
}

/*
 * A saved state holding no stack, valid until verifier_free(); the
 * caller fills it with vfy_state_copy() (so it is not zeroed: most of it is
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
int vfy_prune_point(struct ebpf_verifier *v)
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
	for (s = aux->saved; s && aux->nsaved >= EBPF_JOIN_AFTER &&
	     !v->exact_scalars; s = s->next) {
		int err = 1;

		if (s->st.speculative == v->cur.speculative)
			err = join_states(v, &s->st, aux->live_in,
					  aux->njoins >= EBPF_WIDEN_AFTER);
		if (err > 0)
			continue;
		if (v->args->log_level >= 2)
			vfy_vlog(v, "%u: joined with an explored state\n", v->idx);
		/*
		 * The joined state replaces the old one: it covers all the old
		 * one did, and this path goes on to check it.
		 */
		aux->njoins++;
		return err ?: vfy_state_copy(&s->st, &v->cur);
	}
	if (aux->nsaved >= EBPF_MAX_STATES_PER_INSN ||
	    v->nsaved >= EBPF_MAX_STATES)
		return 0;	/* less pruning, never less checking */
	s = new_saved_state(v);
	if (!s || vfy_state_copy(&s->st, &v->cur))
		return -ENOMEM;
	s->next = aux->saved;
	aux->saved = s;
	aux->nsaved++;
	v->nsaved++;
	return 0;
}

/* ---- references ------------------------------------------------------- */

/* The instruction being checked takes a reference, for register id @id. */
int vfy_acquire_ref(struct ebpf_verifier *v, u32 id)
{
	struct ebpf_vstate *st = &v->cur;

	if (st->nrefs == EBPF_MAX_REFS)
		return vfy_reject(v, -E2BIG, "more than %u references held at once",
				  EBPF_MAX_REFS);
	st->refs[st->nrefs].id = id;
	st->refs[st->nrefs].insn = v->idx;
	st->nrefs++;
	return 0;
}

/* Where @st holds reference @id, or -1 when it holds none. */
int vfy_find_ref(const struct ebpf_vstate *st, u32 id)
{
	u32 i;

	for (i = 0; i < st->nrefs; i++)
		if (st->refs[i].id == id)
			return i;
	return -1;
}

/* @st no longer holds reference @id (a null check found nothing reserved) */
void vfy_drop_ref(struct ebpf_vstate *st, u32 id)
{
	int i = vfy_find_ref(st, id);

	if (i < 0)
		return;
	memmove(&st->refs[i], &st->refs[i + 1],
		(st->nrefs - i - 1) * sizeof(st->refs[0]));
	st->nrefs--;
}

/*
 * Reference @id is released: no register or spill may use its memory
 * any more. Where pointers may leak, they become numbers; where they may
 * not, registers become unreadable, and so do the stack slots they were
 * spilled to (as if never written: a spill always holds a register).
 */
void vfy_release_ref(struct ebpf_verifier *v, u32 id)
{
	struct ebpf_vstate *st = &v->cur;
	struct ebpf_reg *r;
	u32 i;

	vfy_drop_ref(st, id);
	for (i = 0; i < MAX_BPF_REG + st->nslots; i++) {
		r = state_reg(st, i);
		if (!r || !reg_is_ringbuf(r) || r->id != id)
			continue;
		if (v->perms.ptr_leaks) {
			mark_scalar(r, ebpf_scalar_unknown());
			continue;
		}
		mark_not_init(r);
		if (i >= MAX_BPF_REG)
			memset(st->slots[i - MAX_BPF_REG].bytes, EBPF_STACK_INVALID, 8);
	}
}

/* ---- registers -------------------------------------------------------- */

int vfy_check_reg_read(struct ebpf_verifier *v, u32 regno)
{
	if (v->cur.regs[regno].type == EBPF_NOT_INIT)
		return vfy_reject(v, -EACCES, "R%u !read_ok", regno);
	return 0;
}

int vfy_check_reg_write(struct ebpf_verifier *v, u32 regno)
{
	if (regno == BPF_REG_10)
		return vfy_reject(v, -EACCES, "frame pointer is read only");
	return 0;
}

/* A scalar result must satisfy the domain's invariants, or we have a bug. */
int vfy_check_invariants(struct ebpf_verifier *v, u32 regno)
{
	const struct ebpf_reg *r = &v->cur.regs[regno];

	if (r->type != EBPF_NOT_INIT && !ebpf_scalar_valid(&r->var))
		return vfy_reject(v, -EFAULT, "internal error: R%u bounds invariants violated",
				  regno);
	return 0;
}

/* Is @regno a pointer this loader must not see as a number? */
bool vfy_leaks_pointer(struct ebpf_verifier *v, u32 regno)
{
	return !v->perms.ptr_leaks && reg_is_ptr(&v->cur.regs[regno]);
}
