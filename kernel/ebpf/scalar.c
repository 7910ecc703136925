// SPDX-License-Identifier: GPL-2.0
/*
 * Scalar bounds: see scalar.h.
 *
 * The views are tied together by reasoning on small lists of disjoint
 * intervals ("spans") of w-bit numbers, w being 8, 16, 32 or 64. Any of
 * the ranges, and the low w bits of a wider range, is a union of at most
 * two such intervals; intersecting them gives the exact set the views
 * allow, from which each view takes its tightest interval again. Keeping
 * every span inside one signed half makes the signed hull easy to read.
 *
 * An ALU operation computes each view independently from the operands'
 * views (sound on its own), and leaves tying them together to the
 * normalization.
 */
#include "core.h"
#include "divmod.h"
#include "scalar.h"

#define LOW32		0xffffffffULL
#define HIGH32		(~LOW32)
#define SIGN64		BIT_ULL(63)
#define MAX_SPANS	8
#define NORM_ROUNDS	16

struct span {
	u64 lo, hi;
};

struct spans {
	int n;
	struct span s[MAX_SPANS];
};

/* One width's pair of ranges; values of narrower widths zero/sign-extended. */
struct view {
	u64 umin, umax;
	s64 smin, smax;
};

static u64 width_umax(u8 w)
{
	return w >= 64 ? U64_MAX : BIT_ULL(w) - 1;
}

static u64 width_sign(u8 w)
{
	return BIT_ULL(w - 1);
}

static s64 width_smax(u8 w)
{
	return (s64)(width_sign(w) - 1);
}

static s64 width_smin(u8 w)
{
	return -width_smax(w) - 1;
}

/* The w-bit number @v read as signed, sign-extended to 64 bits. */
static s64 sign_extend(u64 v, u8 w)
{
	u8 spare = 64 - w;

	return (s64)(v << spare) >> spare;
}

/* Magnitude of @v as an unsigned number: |S64_MIN| fits. */
static u64 magnitude(s64 v)
{
	return v < 0 ? 0 - (u64)v : (u64)v;
}

static void spans_put(struct spans *l, u64 lo, u64 hi)
{
	if (lo > hi || l->n >= MAX_SPANS)
		return;
	l->s[l->n].lo = lo;
	l->s[l->n].hi = hi;
	l->n++;
}

static void spans_unsigned(struct spans *l, u64 lo, u64 hi)
{
	l->n = 0;
	spans_put(l, lo, hi);
}

/* The signed w-bit interval [lo, hi] as unsigned w-bit spans, split at the sign. */
static void spans_signed(struct spans *l, s64 lo, s64 hi, u8 w)
{
	u64 m = width_umax(w);

	l->n = 0;
	if (lo > hi)
		return;
	if (lo >= 0 || hi < 0) {
		spans_put(l, (u64)lo & m, (u64)hi & m);
		return;
	}
	spans_put(l, 0, (u64)hi & m);
	spans_put(l, (u64)lo & m, m);
}

/* Both signed halves of the w-bit numbers. */
static void spans_halves(struct spans *l, u8 w)
{
	spans_signed(l, width_smin(w), width_smax(w), w);
}

/*
 * The w-bit numbers start, start + 1, ..., start + len (mod 2^w), i.e. the
 * low w bits of a wrapping interval of len + 1 wider numbers.
 */
static void spans_wrapping(struct spans *l, u64 start, u64 len, u8 w)
{
	u64 m = width_umax(w), end;

	l->n = 0;
	if (len >= m) {
		spans_put(l, 0, m);
		return;
	}
	start &= m;
	end = (start + len) & m;
	if (start <= end) {
		spans_put(l, start, end);
		return;
	}
	spans_put(l, start, m);
	spans_put(l, 0, end);
}

/* a = a & b: the spans of both lists are disjoint, so their overlaps are. */
static void spans_meet(struct spans *a, const struct spans *b)
{
	struct spans out;
	int i, j;

	/* hot in normalize: copy only the spans in use */
	out.n = 0;
	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++)
			spans_put(&out, max(a->s[i].lo, b->s[j].lo),
				  min(a->s[i].hi, b->s[j].hi));
	a->n = out.n;
	memcpy(a->s, out.s, out.n * sizeof(out.s[0]));
}

/*
 * The tightest view of a non-empty list of spans that each lie in one
 * signed half. False if the list is empty.
 */
static bool spans_hull(const struct spans *l, struct view *v, u8 w)
{
	s64 lo, hi;
	int i;

	if (!l->n)
		return false;
	v->umin = l->s[0].lo;
	v->umax = l->s[0].hi;
	v->smin = sign_extend(l->s[0].lo, w);
	v->smax = sign_extend(l->s[0].hi, w);
	for (i = 1; i < l->n; i++) {
		lo = sign_extend(l->s[i].lo, w);
		hi = sign_extend(l->s[i].hi, w);
		v->umin = min(v->umin, l->s[i].lo);
		v->umax = max(v->umax, l->s[i].hi);
		v->smin = min(v->smin, lo);
		v->smax = max(v->smax, hi);
	}
	return true;
}

/* The members of a view, as spans each in one signed half. */
static void view_spans(struct spans *l, const struct view *v, u8 w)
{
	struct spans other;

	spans_unsigned(l, v->umin, v->umax);
	spans_signed(&other, v->smin, v->smax, w);
	spans_meet(l, &other);
}

/* Tighten each range of @v by the other; false if they share no value. */
static bool view_settle(struct view *v, u8 w)
{
	struct spans l;

	view_spans(&l, v, w);
	return spans_hull(&l, v, w);
}

static void view_full(struct view *v, u8 w)
{
	v->umin = 0;
	v->umax = width_umax(w);
	v->smin = width_smin(w);
	v->smax = width_smax(w);
}

static void view_const(struct view *v, u64 c, u8 w)
{
	v->umin = c & width_umax(w);
	v->umax = v->umin;
	v->smin = sign_extend(v->umin, w);
	v->smax = v->smin;
}

static struct view view_get(const struct ebpf_scalar *s, bool is32)
{
	struct view v;

	if (is32) {
		v.umin = s->u32_min;
		v.umax = s->u32_max;
		v.smin = s->s32_min;
		v.smax = s->s32_max;
	} else {
		v.umin = s->umin;
		v.umax = s->umax;
		v.smin = s->smin;
		v.smax = s->smax;
	}
	return v;
}

static void view_put(struct ebpf_scalar *s, const struct view *v, bool is32)
{
	if (is32) {
		s->u32_min = v->umin;
		s->u32_max = v->umax;
		s->s32_min = v->smin;
		s->s32_max = v->smax;
	} else {
		s->umin = v->umin;
		s->umax = v->umax;
		s->smin = v->smin;
		s->smax = v->smax;
	}
}

/* Both are on the verifier's hot path: spelled out, not derived. */
struct ebpf_scalar ebpf_scalar_const(u64 v)
{
	return (struct ebpf_scalar){
		.t = ebpf_tnum_const(v),
		.umin = v, .umax = v,
		.smin = (s64)v, .smax = (s64)v,
		.u32_min = (u32)v, .u32_max = (u32)v,
		.s32_min = (s32)v, .s32_max = (s32)v,
	};
}

struct ebpf_scalar ebpf_scalar_unknown(void)
{
	return (struct ebpf_scalar){
		.t = ebpf_tnum_unknown(),
		.umin = 0, .umax = U64_MAX,
		.smin = S64_MIN, .smax = S64_MAX,
		.u32_min = 0, .u32_max = U32_MAX,
		.s32_min = S32_MIN, .s32_max = S32_MAX,
	};
}

/* Every view full: nothing to tighten. */
static bool scalar_is_unknown(const struct ebpf_scalar *s)
{
	return s->t.mask == U64_MAX && !s->umin && s->umax == U64_MAX &&
	       s->smin == S64_MIN && s->smax == S64_MAX && !s->u32_min &&
	       s->u32_max == U32_MAX && s->s32_min == S32_MIN &&
	       s->s32_max == S32_MAX;
}

bool ebpf_scalar_contains(const struct ebpf_scalar *s, u64 x)
{
	return ebpf_tnum_contains(s->t, x) &&
	       x >= s->umin && x <= s->umax &&
	       (s64)x >= s->smin && (s64)x <= s->smax &&
	       (u32)x >= s->u32_min && (u32)x <= s->u32_max &&
	       (s32)x >= s->s32_min && (s32)x <= s->s32_max;
}

bool ebpf_scalar_is_const(const struct ebpf_scalar *s)
{
	return ebpf_tnum_is_const(s->t);
}

bool ebpf_scalar_valid(const struct ebpf_scalar *s)
{
	u64 c = s->t.value;

	if (s->t.value & s->t.mask)
		return false;
	if (s->umin > s->umax || s->smin > s->smax ||
	    s->u32_min > s->u32_max || s->s32_min > s->s32_max)
		return false;
	if (!ebpf_tnum_is_const(s->t))
		return true;
	return s->umin == c && s->umax == c &&
	       s->smin == (s64)c && s->smax == (s64)c &&
	       s->u32_min == (u32)c && s->u32_max == (u32)c &&
	       s->s32_min == (s32)c && s->s32_max == (s32)c;
}

/* ---- normalization ---- */

/* The low 32 bits of @t, with the upper 32 bits unknown. */
static struct ebpf_tnum tnum_low_only(struct ebpf_tnum t)
{
	struct ebpf_tnum r = { .value = t.value & LOW32, .mask = t.mask | HIGH32 };

	return r;
}

/* The smallest tnum holding the signed w-bit interval [lo, hi], zero-extended. */
static struct ebpf_tnum tnum_signed_range(s64 lo, s64 hi, u8 w)
{
	struct spans l;

	spans_signed(&l, lo, hi, w);
	if (!l.n)
		return ebpf_tnum_unknown();
	if (l.n == 1)
		return ebpf_tnum_range(l.s[0].lo, l.s[0].hi);
	return ebpf_tnum_union(ebpf_tnum_range(l.s[0].lo, l.s[0].hi),
			       ebpf_tnum_range(l.s[1].lo, l.s[1].hi));
}

/* Clear from the tnum every bit pattern no range allows. */
static bool tnum_from_ranges(struct ebpf_scalar *s)
{
	struct ebpf_tnum r[4];
	int i;

	r[0] = ebpf_tnum_range(s->umin, s->umax);
	r[1] = tnum_signed_range(s->smin, s->smax, 64);
	r[2] = tnum_low_only(ebpf_tnum_range(s->u32_min, s->u32_max));
	r[3] = tnum_low_only(tnum_signed_range(s->s32_min, s->s32_max, 32));
	for (i = 0; i < 4; i++)
		if (!ebpf_tnum_intersect(s->t, r[i], &s->t))
			return false;
	return true;
}

/*
 * Move both ends of [*lo, *hi] inwards to members of @t. The order is the
 * unsigned order of x ^ @flip, so flipping the sign bit gives the signed
 * order; the ends are given and returned in flipped form.
 */
static bool ends_to_members(u64 *lo, u64 *hi, struct ebpf_tnum t, u64 flip)
{
	struct ebpf_tnum ft = { .value = t.value ^ (flip & ~t.mask),
				.mask = t.mask };

	if (!ebpf_tnum_next_ge(ft, *lo, lo) || !ebpf_tnum_prev_le(ft, *hi, hi))
		return false;
	return *lo <= *hi;
}

static bool ranges_from_tnum(struct ebpf_scalar *s)
{
	struct ebpf_tnum t32 = ebpf_tnum_trunc32(s->t);
	u64 lo, hi;

	if (!ends_to_members(&s->umin, &s->umax, s->t, 0))
		return false;
	lo = (u64)s->smin ^ SIGN64;
	hi = (u64)s->smax ^ SIGN64;
	if (!ends_to_members(&lo, &hi, s->t, SIGN64))
		return false;
	s->smin = (s64)(lo ^ SIGN64);
	s->smax = (s64)(hi ^ SIGN64);

	lo = s->u32_min;
	hi = s->u32_max;
	if (!ends_to_members(&lo, &hi, t32, 0))
		return false;
	s->u32_min = lo;
	s->u32_max = hi;
	lo = (u32)s->s32_min ^ BIT_ULL(31);
	hi = (u32)s->s32_max ^ BIT_ULL(31);
	if (!ends_to_members(&lo, &hi, t32, BIT_ULL(31)))
		return false;
	s->s32_min = (s32)(u32)(lo ^ BIT_ULL(31));
	s->s32_max = (s32)(u32)(hi ^ BIT_ULL(31));
	return true;
}

/*
 * The low @w bits every member may have as far as the four ranges say:
 * both 64-bit ranges seen as wrapping intervals, and the 32-bit ranges
 * when w <= 32. The spans each lie in one signed half of w bits.
 */
static void low_bits_spans(const struct ebpf_scalar *s, struct spans *l, u8 w)
{
	struct spans other;

	spans_halves(l, w);
	spans_wrapping(&other, s->umin, s->umax - s->umin, w);
	spans_meet(l, &other);
	spans_wrapping(&other, (u64)s->smin, (u64)s->smax - (u64)s->smin, w);
	spans_meet(l, &other);
	if (w > 32)
		return;
	spans_wrapping(&other, s->u32_min, (u64)s->u32_max - s->u32_min, w);
	spans_meet(l, &other);
	spans_wrapping(&other, (u64)(s64)s->s32_min,
		       (u64)((s64)s->s32_max - s->s32_min), w);
	spans_meet(l, &other);
}

/* Smallest y >= x whose low 32 bits lie in @l; false if there is none. */
static bool next_with_low32(const struct spans *l, u64 x, u64 *out)
{
	u64 lo = x & LOW32, best = U64_MAX, first = U64_MAX;
	int i;

	for (i = 0; i < l->n; i++) {
		first = min(first, l->s[i].lo);
		if (l->s[i].hi >= lo)
			best = min(best, max(l->s[i].lo, lo));
	}
	if (best != U64_MAX) {
		*out = (x & HIGH32) | best;
		return true;
	}
	/* nothing left in this block of 2^32: the next block's first */
	if ((x & HIGH32) == HIGH32 || first == U64_MAX)
		return false;
	*out = (x & HIGH32) + BIT_ULL(32) + first;
	return true;
}

/* Largest y <= x whose low 32 bits lie in @l; false if there is none. */
static bool prev_with_low32(const struct spans *l, u64 x, u64 *out)
{
	u64 lo = x & LOW32, last = 0;
	bool found = false, any = false;
	u64 best = 0;
	int i;

	for (i = 0; i < l->n; i++) {
		last = any ? max(last, l->s[i].hi) : l->s[i].hi;
		any = true;
		if (l->s[i].lo <= lo) {
			best = found ? max(best, min(l->s[i].hi, lo)) :
				       min(l->s[i].hi, lo);
			found = true;
		}
	}
	if (found) {
		*out = (x & HIGH32) | best;
		return true;
	}
	if (!(x & HIGH32) || !any)
		return false;
	*out = (x & HIGH32) - BIT_ULL(32) + last;
	return true;
}

/* Move the 64-bit ends to values whose low 32 bits are allowed. */
static bool ranges64_from_low32(struct ebpf_scalar *s, const struct spans *l)
{
	u64 lo, hi;

	if (!next_with_low32(l, s->umin, &s->umin) ||
	    !prev_with_low32(l, s->umax, &s->umax) || s->umin > s->umax)
		return false;
	/* flipping bit 63 keeps the low bits and gives the signed order */
	if (!next_with_low32(l, (u64)s->smin ^ SIGN64, &lo) ||
	    !prev_with_low32(l, (u64)s->smax ^ SIGN64, &hi) || lo > hi)
		return false;
	s->smin = (s64)(lo ^ SIGN64);
	s->smax = (s64)(hi ^ SIGN64);
	return true;
}

static bool views_tie(struct ebpf_scalar *s)
{
	struct view v = view_get(s, false);
	struct spans low;

	if (!view_settle(&v, 64))
		return false;
	view_put(s, &v, false);
	low_bits_spans(s, &low, 32);
	if (!spans_hull(&low, &v, 32))
		return false;
	view_put(s, &v, true);
	return ranges64_from_low32(s, &low);
}

static bool scalar_same(const struct ebpf_scalar *a, const struct ebpf_scalar *b)
{
	return a->t.value == b->t.value && a->t.mask == b->t.mask &&
	       a->umin == b->umin && a->umax == b->umax &&
	       a->smin == b->smin && a->smax == b->smax &&
	       a->u32_min == b->u32_min && a->u32_max == b->u32_max &&
	       a->s32_min == b->s32_min && a->s32_max == b->s32_max;
}

bool ebpf_scalar_covers(const struct ebpf_scalar *old,
			const struct ebpf_scalar *cur)
{
	return ebpf_tnum_subset(cur->t, old->t) &&
	       old->umin <= cur->umin && cur->umax <= old->umax &&
	       old->smin <= cur->smin && cur->smax <= old->smax &&
	       old->u32_min <= cur->u32_min && cur->u32_max <= old->u32_max &&
	       old->s32_min <= cur->s32_min && cur->s32_max <= old->s32_max;
}

void ebpf_scalar_join(struct ebpf_scalar *dst, const struct ebpf_scalar *src)
{
	/* when one holds the other, the hull is that one, already normal */
	if (ebpf_scalar_covers(dst, src))
		return;
	if (ebpf_scalar_covers(src, dst)) {
		*dst = *src;
		return;
	}
	dst->t = ebpf_tnum_union(dst->t, src->t);
	dst->umin = min(dst->umin, src->umin);
	dst->umax = max(dst->umax, src->umax);
	dst->smin = min(dst->smin, src->smin);
	dst->smax = max(dst->smax, src->smax);
	dst->u32_min = min(dst->u32_min, src->u32_min);
	dst->u32_max = max(dst->u32_max, src->u32_max);
	dst->s32_min = min(dst->s32_min, src->s32_min);
	dst->s32_max = max(dst->s32_max, src->s32_max);
	/* each view holds both inputs, so the intersection is not empty */
	ebpf_scalar_normalize(dst);
}

/* Can every member of @s be in [0, S32_MAX], by its unsigned range or its tnum? */
static bool scalar_is_small(const struct ebpf_scalar *s)
{
	return s->umax <= S32_MAX || (s->t.value | s->t.mask) <= S32_MAX;
}

/*
 * The common case of a small non-negative scalar (a length, a count, a
 * byte from a packet): every member lies in [0, S32_MAX], so it is the
 * same number in all four views, the views are one interval (their
 * intersection), and one pass between that interval and the tnum reaches
 * the fixpoint: the ends pulled onto members of the tnum stay members of
 * the tnum narrowed to them. It gives what the general rounds would.
 */
static bool normalize_small(struct ebpf_scalar *s)
{
	s64 lo, hi;
	u64 ulo, uhi;

	/* the intersection of the views, all read as the same number */
	if (s->umin > S32_MAX)
		return false;
	lo = max_t(s64, s->umin, s->smin);
	hi = min_t(s64, min_t(u64, s->umax, S32_MAX), s->smax);
	lo = max_t(s64, lo, max_t(s64, s->u32_min, s->s32_min));
	hi = min_t(s64, hi, min_t(s64, s->u32_max, s->s32_max));
	if (lo > hi || !ebpf_tnum_intersect(s->t, ebpf_tnum_range(lo, hi),
					    &s->t))
		return false;
	if (!ebpf_tnum_next_ge(s->t, lo, &ulo) ||
	    !ebpf_tnum_prev_le(s->t, hi, &uhi) || ulo > uhi)
		return false;
	if (!ebpf_tnum_intersect(s->t, ebpf_tnum_range(ulo, uhi), &s->t))
		return false;
	s->umin = ulo;
	s->umax = uhi;
	s->smin = ulo;
	s->smax = uhi;
	s->u32_min = ulo;
	s->u32_max = uhi;
	s->s32_min = ulo;
	s->s32_max = uhi;
	return true;
}

/*
 * The general case: every step only removes values no view allows, so
 * stopping after a bounded number of rounds is sound; it is also valid,
 * because each round ends with the ranges pulled onto the tnum's members.
 */
static bool normalize_rounds(struct ebpf_scalar *s)
{
	struct ebpf_scalar before;
	int round;

	for (round = 0; round < NORM_ROUNDS; round++) {
		before = *s;
		if (!tnum_from_ranges(s) || !views_tie(s) ||
		    !ranges_from_tnum(s))
			return false;
		if (scalar_same(&before, s))
			break;
	}
	return true;
}

bool ebpf_scalar_normalize(struct ebpf_scalar *s)
{
	if (s->t.value & s->t.mask)
		return false;
	if (s->umin > s->umax || s->smin > s->smax ||
	    s->u32_min > s->u32_max || s->s32_min > s->s32_max)
		return false;
	/* fast paths: a constant tnum, nothing known at all, a small scalar */
	if (ebpf_tnum_is_const(s->t)) {
		u64 v = s->t.value;

		if (!ebpf_scalar_contains(s, v))
			return false;
		*s = ebpf_scalar_const(v);
		return true;
	}
	if (scalar_is_unknown(s))
		return true;
	if (scalar_is_small(s))
		return normalize_small(s);
	return normalize_rounds(s);
}

/* ---- ALU ---- */

/* The concrete operation, for constant operands (RFC 9669). */
static u64 alu_eval64(u8 op, s16 off, u64 x, u64 y)
{
	switch (op) {
	case BPF_ADD: return x + y;
	case BPF_SUB: return x - y;
	case BPF_MUL: return x * y;
	case BPF_OR: return x | y;
	case BPF_AND: return x & y;
	case BPF_XOR: return x ^ y;
	case BPF_LSH: return x << (y & 63);
	case BPF_RSH: return x >> (y & 63);
	case BPF_ARSH: return (u64)((s64)x >> (y & 63));
	case BPF_NEG: return 0 - x;
	case BPF_MOV: return y;
	case BPF_DIV:
	case BPF_MOD:
		return ebpf_divmod64(op == BPF_MOD, off, x, y);
	}
	return 0;
}

static u32 alu_eval32(u8 op, s16 off, u32 x, u32 y)
{
	switch (op) {
	case BPF_LSH: return x << (y & 31);
	case BPF_RSH: return x >> (y & 31);
	case BPF_ARSH: return (u32)((s32)x >> (y & 31));
	case BPF_DIV:
	case BPF_MOD:
		return ebpf_divmod32(op == BPF_MOD, off, x, y);
	}
	/* the rest only look at the low bits of their operands */
	return (u32)alu_eval64(op, off, x, y);
}

/* The zero-extended low 32 bits of @s, as a 64-bit scalar. */
static struct ebpf_scalar low32_of(const struct ebpf_scalar *s)
{
	struct ebpf_scalar r = *s;
	struct view v = view_get(s, true);

	r.t = ebpf_tnum_trunc32(s->t);
	/* the 32-bit unsigned range is also that of the zero-extended value */
	v.smin = v.umin;
	v.smax = v.umax;
	view_put(&r, &v, false);
	return r;
}

/*
 * Both views of a sum or difference whose true (unwrapped) results run
 * over len + 1 consecutive numbers from ustart (unsigned reading) or from
 * sstart (signed reading). Too long a run leaves that reading unbounded.
 */
static void runs_by_spans(struct view *r, u64 ustart, u64 ulen, bool ufit,
			  u64 sstart, u64 slen, bool sfit, u8 w)
{
	struct spans l, other;

	spans_halves(&l, w);
	if (ufit) {
		spans_wrapping(&other, ustart, ulen, w);
		spans_meet(&l, &other);
	}
	if (sfit) {
		spans_wrapping(&other, sstart, slen, w);
		spans_meet(&l, &other);
	}
	if (!spans_hull(&l, r, w))
		view_full(r, w);
}

/*
 * The same, first trying the common case without span lists: neither run
 * wraps, each stays in one signed half, and they overlap; the result is
 * their overlap, which is what the lists would come to.
 */
static void view_from_runs(struct view *r, u64 ustart, u64 ulen, bool ufit,
			   u64 sstart, u64 slen, bool sfit, u8 w)
{
	u64 m = width_umax(w), sign = width_sign(w);
	u64 ulo = ustart & m, slo = sstart & m, lo, hi;

	if (ufit && sfit && ulen <= m - ulo && slen <= m - slo &&
	    !((ulo ^ (ulo + ulen)) & sign) && !((slo ^ (slo + slen)) & sign)) {
		lo = max(ulo, slo);
		hi = min(ulo + ulen, slo + slen);
		if (lo <= hi) {
			r->umin = lo;
			r->umax = hi;
			r->smin = sign_extend(lo, w);
			r->smax = sign_extend(hi, w);
			return;
		}
	}
	runs_by_spans(r, ustart, ulen, ufit, sstart, slen, sfit, w);
}

/* a + b, false if it overflows 64 bits */
static bool add_fits(u64 a, u64 b, u64 *sum)
{
	*sum = a + b;
	return *sum >= a;
}

static void view_add_sub(struct view *r, const struct view *d,
			 const struct view *s, bool sub, u8 w)
{
	u64 ulen, slen, ustart, sstart;
	bool ufit, sfit;

	ufit = add_fits(d->umax - d->umin, s->umax - s->umin, &ulen);
	sfit = add_fits((u64)d->smax - (u64)d->smin,
			(u64)s->smax - (u64)s->smin, &slen);
	if (sub) {
		ustart = d->umin - s->umax;
		sstart = (u64)d->smin - (u64)s->smax;
	} else {
		ustart = d->umin + s->umin;
		sstart = (u64)d->smin + (u64)s->smin;
	}
	view_from_runs(r, ustart, ulen, ufit, sstart, slen, sfit, w);
}

static void view_mul(struct view *r, const struct view *d,
		     const struct view *s, u8 w)
{
	s64 c[4], lo, hi;
	int i, dbits, sbits;

	view_full(r, w);
	if (fls64(d->umax) + fls64(s->umax) <= w) {
		r->umin = d->umin * s->umin;
		r->umax = d->umax * s->umax;
	}
	/* products below 2^(w-1) in magnitude cannot overflow w signed bits */
	dbits = max(fls64(magnitude(d->smin)), fls64(magnitude(d->smax)));
	sbits = max(fls64(magnitude(s->smin)), fls64(magnitude(s->smax)));
	if (dbits + sbits <= w - 1) {
		c[0] = d->smin * s->smin;
		c[1] = d->smin * s->smax;
		c[2] = d->smax * s->smin;
		c[3] = d->smax * s->smax;
		lo = c[0];
		hi = c[0];
		for (i = 1; i < 4; i++) {
			lo = min(lo, c[i]);
			hi = max(hi, c[i]);
		}
		r->smin = lo;
		r->smax = hi;
	}
	if (!view_settle(r, w))
		view_full(r, w);
}

static void view_udiv(struct view *r, const struct view *d,
		      const struct view *s, u8 w)
{
	view_full(r, w);
	if (!s->umax) {
		r->umin = 0;
		r->umax = 0;
	} else {
		/* a zero divisor gives 0, the smallest quotient anyway */
		r->umin = s->umin ? d->umin / s->umax : 0;
		r->umax = d->umax / max_t(u64, s->umin, 1);
	}
	if (!view_settle(r, w))
		view_full(r, w);
}

static void view_umod(struct view *r, const struct view *d,
		      const struct view *s, u8 w)
{
	/* a zero divisor leaves the dividend; so does a larger one */
	if (!s->umax || d->umax < s->umin) {
		*r = *d;
		return;
	}
	view_full(r, w);
	r->umin = 0;
	r->umax = s->umin ? min(d->umax, s->umax - 1) : d->umax;
	if (!view_settle(r, w))
		view_full(r, w);
}

static void view_sdiv(struct view *r, const struct view *d,
		      const struct view *s, u8 w)
{
	u64 mag = max(magnitude(d->smin), magnitude(d->smax));

	view_full(r, w);
	if (s->smin > 0) {
		/*
		 * Truncating division by a positive number grows with the
		 * dividend; it is furthest from zero for the smallest divisor.
		 */
		r->smin = d->smin / (d->smin < 0 ? s->smin : s->smax);
		r->smax = d->smax / (d->smax >= 0 ? s->smin : s->smax);
	} else if (mag < width_sign(w)) {
		/*
		 * |x / y| <= |x|, and a zero divisor gives 0; the one result
		 * outside that, MIN / -1, needs the dividend MIN.
		 */
		r->smin = -(s64)mag;
		r->smax = (s64)mag;
	}
	if (!view_settle(r, w))
		view_full(r, w);
}

static void view_smod(struct view *r, const struct view *d,
		      const struct view *s, u8 w)
{
	u64 ymag = max(magnitude(s->smin), magnitude(s->smax));
	s64 lim;

	if (!ymag) {
		*r = *d;
		return;
	}
	/* the remainder takes the dividend's sign and is smaller than both */
	lim = (s64)(ymag - 1);
	view_full(r, w);
	r->smin = d->smin < 0 ? max(d->smin, -lim) : 0;
	r->smax = d->smax > 0 ? min(d->smax, lim) : 0;
	if (s->smin <= 0 && s->smax >= 0) {
		r->smin = min(r->smin, d->smin);
		r->smax = max(r->smax, d->smax);
	}
	if (!view_settle(r, w))
		view_full(r, w);
}

static void view_bitwise(struct view *r, const struct view *d,
			 const struct view *s, u8 op, u8 w)
{
	view_full(r, w);
	if (op == BPF_AND) {
		/* never more than either operand, never negative if one is not */
		r->umax = min(d->umax, s->umax);
		if (d->smin >= 0 && s->smin >= 0)
			r->smax = min(d->smax, s->smax);
		else if (d->smin >= 0)
			r->smax = d->smax;
		else if (s->smin >= 0)
			r->smax = s->smax;
		if (d->smin >= 0 || s->smin >= 0)
			r->smin = 0;
	} else if (op == BPF_OR) {
		r->umin = max(d->umin, s->umin);
	}
	if (!view_settle(r, w))
		view_full(r, w);
}

/* One shift of the view by the constant amount @k (< w). */
static void view_shift(struct view *r, const struct view *d, u8 op, u8 k, u8 w)
{
	view_full(r, w);
	if (!k) {
		*r = *d;
		return;
	}
	switch (op) {
	case BPF_LSH:
		if (!(d->umax >> (w - k))) {
			r->umin = d->umin << k;
			r->umax = d->umax << k;
		}
		if (d->smin >= (width_smin(w) >> k) &&
		    d->smax <= (width_smax(w) >> k)) {
			r->smin = (s64)((u64)d->smin << k);
			r->smax = (s64)((u64)d->smax << k);
		}
		break;
	case BPF_RSH:
		r->umin = d->umin >> k;
		r->umax = d->umax >> k;
		break;
	case BPF_ARSH:
		r->smin = d->smin >> k;
		r->smax = d->smax >> k;
		break;
	}
	if (!view_settle(r, w))
		view_full(r, w);
}

/* Whether the low bits of the result at width 32 depend only on the operands' low bits. */
static bool low_bits_closed(u8 op)
{
	switch (op) {
	case BPF_ADD: case BPF_SUB: case BPF_MUL: case BPF_NEG:
	case BPF_AND: case BPF_OR: case BPF_XOR:
		return true;
	}
	return false;
}

/* One view of dst op src at width @w, for every op but the shifts. */
static void view_alu(struct view *r, const struct view *d,
		     const struct view *s, u8 op, s16 off, u8 w)
{
	struct view zero;

	switch (op) {
	case BPF_ADD:
	case BPF_SUB:
		view_add_sub(r, d, s, op == BPF_SUB, w);
		return;
	case BPF_NEG:
		view_const(&zero, 0, w);
		view_add_sub(r, &zero, d, true, w);
		return;
	case BPF_MUL:
		view_mul(r, d, s, w);
		return;
	case BPF_DIV:
		if (off == 1)
			view_sdiv(r, d, s, w);
		else
			view_udiv(r, d, s, w);
		return;
	case BPF_MOD:
		if (off == 1)
			view_smod(r, d, s, w);
		else
			view_umod(r, d, s, w);
		return;
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		view_bitwise(r, d, s, op, w);
		return;
	}
	view_full(r, w);
}

static struct ebpf_tnum tnum_alu(struct ebpf_tnum a, struct ebpf_tnum b, u8 op)
{
	switch (op) {
	case BPF_ADD: return ebpf_tnum_add(a, b);
	case BPF_SUB: return ebpf_tnum_sub(a, b);
	case BPF_MUL: return ebpf_tnum_mul(a, b);
	case BPF_NEG: return ebpf_tnum_neg(a);
	case BPF_AND: return ebpf_tnum_and(a, b);
	case BPF_OR: return ebpf_tnum_or(a, b);
	case BPF_XOR: return ebpf_tnum_xor(a, b);
	}
	return ebpf_tnum_unknown();
}

/* Make @r the zero-extension of its own low 32 bits. */
static void zext_result(struct ebpf_scalar *r)
{
	struct view v = view_get(r, true);

	r->t = ebpf_tnum_trunc32(r->t);
	v.smin = v.umin;
	v.smax = v.umax;
	view_put(r, &v, false);
}

/* Normalize a result built from sound pieces; it cannot be empty. */
static void finish(struct ebpf_scalar *dst, struct ebpf_scalar *r, bool is32)
{
	if (is32)
		zext_result(r);
	if (!ebpf_scalar_normalize(r)) {
		*r = ebpf_scalar_unknown();
		if (is32)
			zext_result(r);
		ebpf_scalar_normalize(r);
	}
	*dst = *r;
}

/* The hull of two scalars: every member of either is a member. */
static void scalar_join(struct ebpf_scalar *a, const struct ebpf_scalar *b)
{
	a->t = ebpf_tnum_union(a->t, b->t);
	a->umin = min(a->umin, b->umin);
	a->umax = max(a->umax, b->umax);
	a->smin = min(a->smin, b->smin);
	a->smax = max(a->smax, b->smax);
	a->u32_min = min(a->u32_min, b->u32_min);
	a->u32_max = max(a->u32_max, b->u32_max);
	a->s32_min = min(a->s32_min, b->s32_min);
	a->s32_max = max(a->s32_max, b->s32_max);
}

static struct ebpf_tnum tnum_shift(struct ebpf_tnum t, u8 op, u8 k, u8 w)
{
	switch (op) {
	case BPF_LSH: return ebpf_tnum_lsh(t, k);
	case BPF_RSH: return ebpf_tnum_rsh(t, k);
	}
	return ebpf_tnum_arsh(t, k, w);
}

/* d shifted by the single amount @k; @d is already low32_of() if @is32. */
static struct ebpf_scalar shift_by(const struct ebpf_scalar *d, u8 op, u8 k,
				   bool is32)
{
	struct ebpf_scalar r = ebpf_scalar_unknown();
	struct view v, in;
	u8 w = is32 ? 32 : 64;

	r.t = tnum_shift(d->t, op, k, w);
	in = view_get(d, is32);
	view_shift(&v, &in, op, k, w);
	view_put(&r, &v, is32);
	if (!is32 && op == BPF_LSH) {
		/* the low half of a left shift comes from the low half */
		in = view_get(d, true);
		if (k < 32)
			view_shift(&v, &in, op, k, 32);
		else
			view_const(&v, 0, 32);
		view_put(&r, &v, true);
	}
	if (is32)
		zext_result(&r);
	if (!ebpf_scalar_normalize(&r)) {
		r = ebpf_scalar_unknown();
		if (is32)
			zext_result(&r);
		ebpf_scalar_normalize(&r);
	}
	return r;
}

/* Shifts: the join of the results for every amount @s allows. */
static void alu_shift(struct ebpf_scalar *r, const struct ebpf_scalar *d,
		      const struct ebpf_scalar *s, u8 op, bool is32)
{
	u8 w = is32 ? 32 : 64, k;
	struct ebpf_tnum amount = ebpf_tnum_zext(s->t, is32 ? 5 : 6);
	struct ebpf_scalar one;
	bool any = false;

	for (k = 0; k < w; k++) {
		if (!ebpf_tnum_contains(amount, k))
			continue;
		/* a small shift operand is its own amount */
		if (s->umax < w && (k < s->umin || k > s->umax))
			continue;
		one = shift_by(d, op, k, is32);
		if (any)
			scalar_join(r, &one);
		else
			*r = one;
		any = true;
	}
	if (!any)
		*r = ebpf_scalar_unknown();
}

static bool alu_op_known(u8 op)
{
	switch (op) {
	case BPF_ADD: case BPF_SUB: case BPF_MUL: case BPF_DIV: case BPF_MOD:
	case BPF_OR: case BPF_AND: case BPF_XOR: case BPF_NEG:
	case BPF_LSH: case BPF_RSH: case BPF_ARSH:
		return true;
	}
	return false;
}

void ebpf_scalar_alu(struct ebpf_scalar *dst, const struct ebpf_scalar *src,
		     u8 op, s16 off, bool is32)
{
	struct ebpf_scalar d = is32 ? low32_of(dst) : *dst;
	struct ebpf_scalar s = is32 ? low32_of(src) : *src;
	struct ebpf_scalar r = ebpf_scalar_unknown();
	struct view vd, vs, v;
	u8 w = is32 ? 32 : 64;

	if (op == BPF_MOV && off) {
		ebpf_scalar_movsx(dst, src, off, is32);
		return;
	}
	if (op == BPF_MOV) {
		r = s;
		finish(dst, &r, is32);
		return;
	}
	if (!alu_op_known(op)) {
		finish(dst, &r, is32);
		return;
	}
	if (ebpf_scalar_is_const(&d) &&
	    (op == BPF_NEG || ebpf_scalar_is_const(&s))) {
		if (is32)
			r = ebpf_scalar_const(alu_eval32(op, off, d.t.value,
							 s.t.value));
		else
			r = ebpf_scalar_const(alu_eval64(op, off, d.t.value,
							 s.t.value));
		finish(dst, &r, is32);
		return;
	}
	if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) {
		alu_shift(&r, &d, &s, op, is32);
		finish(dst, &r, is32);
		return;
	}
	r.t = tnum_alu(d.t, s.t, op);
	vd = view_get(&d, is32);
	vs = view_get(&s, is32);
	view_alu(&v, &vd, &vs, op, off, w);
	view_put(&r, &v, is32);
	if (!is32 && low_bits_closed(op)) {
		vd = view_get(&d, true);
		vs = view_get(&s, true);
		view_alu(&v, &vd, &vs, op, off, 32);
		view_put(&r, &v, true);
	}
	finish(dst, &r, is32);
}

void ebpf_scalar_movsx(struct ebpf_scalar *dst, const struct ebpf_scalar *src,
		       u8 bits, bool is32)
{
	struct ebpf_scalar r = ebpf_scalar_unknown();
	struct spans low;
	struct view v;

	if (bits != 8 && bits != 16 && bits != 32) {
		finish(dst, &r, is32);
		return;
	}
	r.t = ebpf_tnum_sext(src->t, bits);
	low_bits_spans(src, &low, bits);
	if (!spans_hull(&low, &v, bits))
		view_full(&v, bits);
	/* read as signed, the narrow value is the result in every signed view */
	v.umin = 0;
	v.umax = U64_MAX;
	if (!is32)
		view_put(&r, &v, false);
	v.umax = LOW32;
	if (bits == 32)
		v = view_get(src, true);
	view_put(&r, &v, true);
	finish(dst, &r, is32);
}

void ebpf_scalar_end(struct ebpf_scalar *dst, u8 bits, bool swap)
{
	struct ebpf_scalar r = ebpf_scalar_unknown();
	struct spans low;
	struct view v;

	if (bits != 16 && bits != 32 && bits != 64) {
		finish(dst, &r, false);
		return;
	}
	if (bits == 64 && !swap)
		return;
	if (bits == 32 && !swap) {
		r = *dst;
		finish(dst, &r, true);
		return;
	}
	if (swap) {
		if (bits == 16)
			r.t = ebpf_tnum_bswap16(dst->t);
		else if (bits == 32)
			r.t = ebpf_tnum_bswap32(dst->t);
		else
			r.t = ebpf_tnum_bswap64(dst->t);
		finish(dst, &r, false);
		return;
	}
	/* truncation to 16 bits: the low bits the ranges allow */
	r.t = ebpf_tnum_zext(dst->t, 16);
	low_bits_spans(dst, &low, 16);
	view_full(&v, 64);
	if (spans_hull(&low, &v, 16)) {
		v.smin = v.umin;
		v.smax = v.umax;
	} else {
		view_full(&v, 64);
	}
	view_put(&r, &v, false);
	finish(dst, &r, false);
}

/* ---- branches ---- */

enum rel {
	REL_EQ, REL_NE, REL_ULT, REL_ULE, REL_SLT, REL_SLE, REL_SET, REL_CLEAR,
	REL_NONE,
};

/*
 * The relation that must hold between (*x, *y) for @jmp_op to have
 * outcome @taken; may swap the operands (a > b is b < a).
 */
static enum rel jmp_relation(u8 jmp_op, bool taken, bool *swap)
{
	*swap = false;
	switch (jmp_op) {
	case BPF_JEQ:
		return taken ? REL_EQ : REL_NE;
	case BPF_JNE:
		return taken ? REL_NE : REL_EQ;
	case BPF_JSET:
		return taken ? REL_SET : REL_CLEAR;
	case BPF_JLT:
		*swap = !taken;
		return taken ? REL_ULT : REL_ULE;
	case BPF_JLE:
		*swap = !taken;
		return taken ? REL_ULE : REL_ULT;
	case BPF_JGT:
		*swap = taken;
		return taken ? REL_ULT : REL_ULE;
	case BPF_JGE:
		*swap = taken;
		return taken ? REL_ULE : REL_ULT;
	case BPF_JSLT:
		*swap = !taken;
		return taken ? REL_SLT : REL_SLE;
	case BPF_JSLE:
		*swap = !taken;
		return taken ? REL_SLE : REL_SLT;
	case BPF_JSGT:
		*swap = taken;
		return taken ? REL_SLT : REL_SLE;
	case BPF_JSGE:
		*swap = taken;
		return taken ? REL_SLE : REL_SLT;
	}
	return REL_NONE;
}

/* Both operands become the values they share. */
static bool refine_eq(struct ebpf_scalar *x, struct ebpf_scalar *y, bool is32)
{
	struct view a = view_get(x, is32), b = view_get(y, is32);
	struct ebpf_tnum bt = is32 ? tnum_low_only(y->t) : y->t;
	struct ebpf_tnum meet;

	a.umin = max(a.umin, b.umin);
	a.umax = min(a.umax, b.umax);
	a.smin = max(a.smin, b.smin);
	a.smax = min(a.smax, b.smax);
	view_put(x, &a, is32);
	if (!is32) {
		/* equal values have equal low halves */
		a = view_get(x, true);
		b = view_get(y, true);
		a.umin = max(a.umin, b.umin);
		a.umax = min(a.umax, b.umax);
		a.smin = max(a.smin, b.smin);
		a.smax = min(a.smax, b.smax);
		view_put(x, &a, true);
		view_put(y, &a, true);
		a = view_get(x, false);
	}
	view_put(y, &a, is32);
	if (!ebpf_tnum_intersect(x->t, bt, &meet))
		return false;
	x->t = meet;
	bt = is32 ? tnum_low_only(x->t) : x->t;
	if (!ebpf_tnum_intersect(y->t, bt, &meet))
		return false;
	y->t = meet;
	return true;
}

/* Drop @c from the ends of @v; false if that empties it. */
static bool view_exclude(struct view *v, u64 c, u8 w)
{
	s64 sc = sign_extend(c, w);

	if (v->umin == c && v->umax == c)
		return false;
	if (v->umin == c)
		v->umin++;
	else if (v->umax == c)
		v->umax--;
	if (v->smin == sc && v->smax == sc)
		return false;
	if (v->smin == sc)
		v->smin++;
	else if (v->smax == sc)
		v->smax--;
	return true;
}

/* @x may not hold the w-bit value @c. */
static bool exclude(struct ebpf_scalar *x, u64 c, bool is32)
{
	struct view v = view_get(x, is32);

	if (!view_exclude(&v, c, is32 ? 32 : 64))
		return false;
	view_put(x, &v, is32);
	return true;
}

static bool narrow_const(const struct ebpf_scalar *s, bool is32, u64 *c)
{
	struct ebpf_tnum t = is32 ? ebpf_tnum_trunc32(s->t) : s->t;

	*c = t.value;
	return ebpf_tnum_is_const(t);
}

static bool refine_ne(struct ebpf_scalar *x, struct ebpf_scalar *y, bool is32)
{
	u64 c;

	if (narrow_const(y, is32, &c) && !exclude(x, c, is32))
		return false;
	if (narrow_const(x, is32, &c) && !exclude(y, c, is32))
		return false;
	return true;
}

/* x < y (@strict) or x <= y, unsigned or signed, at the chosen width. */
static bool refine_order(struct ebpf_scalar *x, struct ebpf_scalar *y,
			 bool is_signed, bool strict, bool is32)
{
	struct view a = view_get(x, is32), b = view_get(y, is32);
	u8 w = is32 ? 32 : 64;

	if (is_signed) {
		if (strict && (b.smax == width_smin(w) ||
			       a.smin == width_smax(w)))
			return false;
		a.smax = min(a.smax, b.smax - strict);
		b.smin = max(b.smin, a.smin + strict);
	} else {
		if (strict && (!b.umax || a.umin == width_umax(w)))
			return false;
		a.umax = min(a.umax, b.umax - strict);
		b.umin = max(b.umin, a.umin + strict);
	}
	if (a.umin > a.umax || a.smin > a.smax ||
	    b.umin > b.umax || b.smin > b.smax)
		return false;
	view_put(x, &a, is32);
	view_put(y, &b, is32);
	return true;
}

/* Force the bits of @ones to 1 and those of @zeros to 0 in @x. */
static bool force_bits(struct ebpf_scalar *x, u64 ones, u64 zeros)
{
	struct ebpf_tnum f = { .value = ones, .mask = ~(ones | zeros) };

	return ebpf_tnum_intersect(x->t, f, &x->t);
}

static bool refine_bits(struct ebpf_scalar *x, struct ebpf_scalar *y,
			bool set, bool is32)
{
	u64 m = is32 ? LOW32 : U64_MAX;
	u64 xmay = (x->t.value | x->t.mask) & m;
	u64 ymay = (y->t.value | y->t.mask) & m;
	u64 common = xmay & ymay;

	if (!set) {
		/* a bit known set in one must be clear in the other */
		return force_bits(x, 0, y->t.value & m) &&
		       force_bits(y, 0, x->t.value & m);
	}
	if (!common)
		return false;
	/* a single bit both may share must be set in both */
	if (!(common & (common - 1)) &&
	    (!force_bits(x, common, 0) || !force_bits(y, common, 0)))
		return false;
	/* and neither operand can be zero */
	return exclude(x, 0, is32) && exclude(y, 0, is32);
}

bool ebpf_scalar_refine(struct ebpf_scalar *dst, struct ebpf_scalar *src,
			u8 jmp_op, bool is32, bool taken)
{
	struct ebpf_scalar *x = dst, *y = src;
	enum rel rel;
	bool swap, ok;

	rel = jmp_relation(jmp_op, taken, &swap);
	if (swap) {
		x = src;
		y = dst;
	}
	switch (rel) {
	case REL_EQ:
		ok = refine_eq(x, y, is32);
		break;
	case REL_NE:
		ok = refine_ne(x, y, is32);
		break;
	case REL_ULT:
	case REL_ULE:
		ok = refine_order(x, y, false, rel == REL_ULT, is32);
		break;
	case REL_SLT:
	case REL_SLE:
		ok = refine_order(x, y, true, rel == REL_SLT, is32);
		break;
	case REL_SET:
	case REL_CLEAR:
		ok = refine_bits(x, y, rel == REL_SET, is32);
		break;
	default:
		return true;
	}
	return ok && ebpf_scalar_normalize(dst) && ebpf_scalar_normalize(src);
}
