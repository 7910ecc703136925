// SPDX-License-Identifier: GPL-2.0
/*
 * Soundness of the verifier's scalar domains (kernel/ebpf/tnum.c and
 * scalar.c), by brute force over small universes, in user space under
 * ASan/UBSan.
 *
 * Tnums: every tnum over 4 unknown-or-known bits placed at a few bit
 * positions, the other bits known 0 or known 1, every pair, every member
 * pair. Scalars: a fixed family of abstractions of small sets of values
 * near the 0, 2^31, 2^32, 2^63 and 2^64 boundaries plus tnum-derived and
 * wide ones; every pair, and for each pair every member pair when the
 * members are few, else the generating values, the range ends and
 * members drawn with a fixed seed. The concrete semantics below are
 * written from RFC 9669, independently of the code under test.
 *
 * BPF_END depends on the host's byte order: its abstraction (the
 * verifier's choice of swap or truncation, ebpf_insn_end_swaps()) is
 * checked against the interpreter running the instruction. The Makefile
 * builds this test twice, once as for a big-endian host
 * (EBPF_TEST_BIG_ENDIAN), so that both views are checked.
 */
#include "shim/core.h"
#include "../../../kernel/ebpf/tnum.c"
#include "../../../kernel/ebpf/scalar.c"
#include "../../../kernel/ebpf/insn.c"
#include "../../../kernel/ebpf/interp.c"

#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>

#define MAX_GROUPS	128
#define MAX_MEMBERS	24
#define MAX_FAMILY	160
#define TN_BITS		4

struct group {
	const char *name;
	unsigned long long checked;
	bool failed;
	char first[640];
};

static struct group groups[MAX_GROUPS];
static int n_groups;
static struct group *cur;

static void group_begin(const char *name)
{
	cur = &groups[n_groups++];
	cur->name = name;
}

static void fail(const char *fmt, ...)
{
	va_list ap;

	if (cur->failed)
		return;
	cur->failed = true;
	va_start(ap, fmt);
	vsnprintf(cur->first, sizeof(cur->first), fmt, ap);
	va_end(ap);
}

static unsigned long long hx(u64 v)
{
	return v;
}

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u64 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* ---- concrete semantics (RFC 9669) ---- */

static u64 ref_div64(u64 x, u64 y, bool sgn)
{
	if (!y)
		return 0;
	if (!sgn)
		return x / y;
	if (x == (u64)S64_MIN && y == U64_MAX)
		return x;
	return (u64)((s64)x / (s64)y);
}

static u64 ref_mod64(u64 x, u64 y, bool sgn)
{
	if (!y)
		return x;
	if (!sgn)
		return x % y;
	if (y == U64_MAX)
		return 0;
	return (u64)((s64)x % (s64)y);
}

static u32 ref_div32(u32 x, u32 y, bool sgn)
{
	if (!y)
		return 0;
	if (!sgn)
		return x / y;
	if (x == (u32)S32_MIN && y == U32_MAX)
		return x;
	return (u32)((s32)x / (s32)y);
}

static u32 ref_mod32(u32 x, u32 y, bool sgn)
{
	if (!y)
		return x;
	if (!sgn)
		return x % y;
	if (y == U32_MAX)
		return 0;
	return (u32)((s32)x % (s32)y);
}

static u64 ref_alu64(u8 op, bool sgn, u64 x, u64 y)
{
	switch (op) {
	case BPF_ADD:
		return x + y;
	case BPF_SUB:
		return x - y;
	case BPF_MUL:
		return x * y;
	case BPF_DIV:
		return ref_div64(x, y, sgn);
	case BPF_MOD:
		return ref_mod64(x, y, sgn);
	case BPF_AND:
		return x & y;
	case BPF_OR:
		return x | y;
	case BPF_XOR:
		return x ^ y;
	case BPF_LSH:
		return x << (y % 64);
	case BPF_RSH:
		return x >> (y % 64);
	case BPF_ARSH:
		return (y % 64) ? (x >> (y % 64)) |
			((x >> 63) ? ~(U64_MAX >> (y % 64)) : 0) : x;
	case BPF_NEG:
		return -x;
	case BPF_MOV:
		return y;
	}
	abort();
}

static u64 ref_alu32(u8 op, bool sgn, u64 x64, u64 y64)
{
	u32 x = x64, y = y64, s;

	switch (op) {
	case BPF_DIV:
		return ref_div32(x, y, sgn);
	case BPF_MOD:
		return ref_mod32(x, y, sgn);
	case BPF_LSH:
		return (u32)(x << (y % 32));
	case BPF_RSH:
		return x >> (y % 32);
	case BPF_ARSH:
		s = y % 32;
		return s ? (x >> s) | ((x >> 31) ? ~(U32_MAX >> s) : 0) : x;
	}
	return (u32)ref_alu64(op, sgn, x, y);
}

static u64 ref_sext(u64 x, int bits)
{
	u64 sign = BIT_ULL(bits - 1), low = x & ((sign << 1) - 1);

	return (low & sign) ? low | ~((sign << 1) - 1) : low;
}

static u64 ref_bswap(u64 x, int bits)
{
	u64 r = 0;
	int i;

	for (i = 0; i < bits / 8; i++)
		r |= ((x >> (8 * i)) & 0xff) << (bits - 8 - 8 * i);
	return r;
}

static bool ref_jmp(u8 op, u64 x, u64 y, bool is32)
{
	s64 sx = (s64)x, sy = (s64)y;

	if (is32) {
		x = (u32)x;
		y = (u32)y;
		sx = (s32)x;
		sy = (s32)y;
	}
	switch (op) {
	case BPF_JEQ:
		return x == y;
	case BPF_JNE:
		return x != y;
	case BPF_JGT:
		return x > y;
	case BPF_JGE:
		return x >= y;
	case BPF_JLT:
		return x < y;
	case BPF_JLE:
		return x <= y;
	case BPF_JSGT:
		return sx > sy;
	case BPF_JSGE:
		return sx >= sy;
	case BPF_JSLT:
		return sx < sy;
	case BPF_JSLE:
		return sx <= sy;
	case BPF_JSET:
		return x & y;
	}
	abort();
}

/* ---- tnum universe ---- */

static int tn_members(struct ebpf_tnum t, u64 *out)
{
	u64 sub = 0;
	int n = 0;

	/* walk every subset of the mask bits */
	do {
		out[n++] = t.value | sub;
		sub = (sub - t.mask) & t.mask;
	} while (sub);
	return n;
}

/* The smallest tnum holding @n values, built from the set itself. */
static struct ebpf_tnum tn_of_set(const u64 *v, int n)
{
	struct ebpf_tnum t = { .value = v[0], .mask = 0 };
	int i;

	for (i = 1; i < n; i++)
		t.mask |= v[i] ^ v[0];
	t.value &= ~t.mask;
	return t;
}

static bool tn_same(struct ebpf_tnum a, struct ebpf_tnum b)
{
	return a.value == b.value && a.mask == b.mask;
}

/* Every tnum over TN_BITS bits at @pos, the rest all 0 or all 1. */
static int tn_universe(struct ebpf_tnum *out, int pos, bool ones)
{
	u64 field = (BIT_ULL(TN_BITS) - 1) << pos;
	int n = 0, code, i, d;

	for (code = 0; code < 81; code++) {
		struct ebpf_tnum t = { .value = ones ? ~field : 0, .mask = 0 };

		for (i = 0, d = code; i < TN_BITS; i++, d /= 3) {
			if (d % 3 == 1)
				t.value |= BIT_ULL(pos + i);
			else if (d % 3 == 2)
				t.mask |= BIT_ULL(pos + i);
		}
		out[n++] = t;
	}
	return n;
}

enum tn_op {
	TN_ADD, TN_SUB, TN_MUL, TN_AND, TN_OR, TN_XOR, TN_NR_BIN,
};

static const char *const tn_bin_names[] = {
	"tnum add", "tnum sub", "tnum mul", "tnum and", "tnum or", "tnum xor",
};

static struct ebpf_tnum tn_bin(int op, struct ebpf_tnum a, struct ebpf_tnum b)
{
	switch (op) {
	case TN_ADD:
		return ebpf_tnum_add(a, b);
	case TN_SUB:
		return ebpf_tnum_sub(a, b);
	case TN_MUL:
		return ebpf_tnum_mul(a, b);
	case TN_AND:
		return ebpf_tnum_and(a, b);
	case TN_OR:
		return ebpf_tnum_or(a, b);
	}
	return ebpf_tnum_xor(a, b);
}

static u64 tn_ref(int op, u64 x, u64 y)
{
	static const u8 alu[] = { BPF_ADD, BPF_SUB, BPF_MUL, BPF_AND, BPF_OR,
				  BPF_XOR };

	return ref_alu64(alu[op], false, x, y);
}

static void tn_fail(const char *what, struct ebpf_tnum a, struct ebpf_tnum b,
		    u64 x, u64 y, u64 z, struct ebpf_tnum r)
{
	fail("%s: a=(%llx,%llx) b=(%llx,%llx) x=%llx y=%llx -> %llx not in (%llx,%llx)",
	     what, hx(a.value), hx(a.mask), hx(b.value), hx(b.mask), hx(x), hx(y),
	     hx(z), hx(r.value), hx(r.mask));
}

static bool tn_sane(struct ebpf_tnum t)
{
	return !(t.value & t.mask);
}

static void tn_check_binary(int op, struct ebpf_tnum a, struct ebpf_tnum b)
{
	struct ebpf_tnum r = tn_bin(op, a, b);
	u64 xs[16], ys[16], z;
	int k, l, nx, ny;

	if (!tn_sane(r))
		tn_fail("insane", a, b, 0, 0, 0, r);
	nx = tn_members(a, xs);
	ny = tn_members(b, ys);
	for (k = 0; k < nx; k++) {
		for (l = 0; l < ny; l++) {
			z = tn_ref(op, xs[k], ys[l]);
			cur->checked++;
			if (!ebpf_tnum_contains(r, z))
				tn_fail("", a, b, xs[k], ys[l], z, r);
		}
	}
	/* constants give the exact constant */
	z = tn_ref(op, xs[0], ys[0]);
	if (nx == 1 && ny == 1 && !tn_same(r, ebpf_tnum_const(z)))
		tn_fail("const", a, b, xs[0], ys[0], z, r);
}

/* Calls @fn on every pair of the 4 * 81 tnums at @pos (both fills). */
static void tn_all_pairs(int pos, int op,
			 void (*fn)(int op, struct ebpf_tnum a, struct ebpf_tnum b))
{
	static struct ebpf_tnum u[2 * 81];
	int i, j;

	tn_universe(u, pos, false);
	tn_universe(u + 81, pos, true);
	for (i = 0; i < 2 * 81; i++)
		for (j = 0; j < 2 * 81; j++)
			fn(op, u[i], u[j]);
}

/* Both operands from the same placement, each with either fill. */
static void test_tnum_binary(void)
{
	int op;

	for (op = 0; op < TN_NR_BIN; op++) {
		group_begin(tn_bin_names[op]);
		tn_all_pairs(0, op, tn_check_binary);
		tn_all_pairs(60, op, tn_check_binary);
	}
}

/* union, intersect and subset against the member sets */
static void tn_check_sets(int op, struct ebpf_tnum a, struct ebpf_tnum b)
{
	u64 xs[16], ys[16], all[32];
	int k, nx, ny, common;
	struct ebpf_tnum r;
	bool sub, ok;

	nx = tn_members(a, xs);
	ny = tn_members(b, ys);
	memcpy(all, xs, nx * sizeof(u64));
	memcpy(all + nx, ys, ny * sizeof(u64));
	cur->checked++;
	r = ebpf_tnum_union(a, b);
	if (!tn_same(r, tn_of_set(all, nx + ny)))
		tn_fail("union", a, b, 0, 0, 0, r);
	common = 0;
	sub = true;
	for (k = 0; k < nx; k++) {
		bool inb = ebpf_tnum_contains(b, xs[k]);

		common += inb;
		sub &= inb;
	}
	if (sub != ebpf_tnum_subset(a, b))
		tn_fail("subset", a, b, 0, 0, sub, a);
	ok = ebpf_tnum_intersect(a, b, &r);
	if (ok != !!common) {
		tn_fail("intersect emptiness", a, b, 0, 0, common, r);
		return;
	}
	if (!ok)
		return;
	if (!tn_sane(r) || tn_members(r, all) != common ||
	    !ebpf_tnum_subset(r, a) || !ebpf_tnum_subset(r, b))
		tn_fail("intersect", a, b, 0, 0, common, r);
}

static void test_tnum_sets(void)
{
	group_begin("tnum union/intersect/subset");
	tn_all_pairs(0, 0, tn_check_sets);
	tn_all_pairs(30, 0, tn_check_sets);
}

static struct ebpf_tnum tn_unary(int op, struct ebpf_tnum t, int k)
{
	switch (op) {
	case 0:
		return ebpf_tnum_neg(t);
	case 1:
		return ebpf_tnum_lsh(t, k);
	case 2:
		return ebpf_tnum_rsh(t, k);
	case 3:
		return ebpf_tnum_arsh(t, k, 64);
	case 4:
		return ebpf_tnum_arsh(t, k, 32);
	case 5:
		return ebpf_tnum_trunc32(t);
	case 6:
		return ebpf_tnum_sext(t, 8);
	case 7:
		return ebpf_tnum_sext(t, 16);
	case 8:
		return ebpf_tnum_sext(t, 32);
	case 9:
		return ebpf_tnum_bswap16(t);
	case 10:
		return ebpf_tnum_bswap32(t);
	}
	return ebpf_tnum_bswap64(t);
}

static u64 tn_unary_ref(int op, u64 x, int k)
{
	switch (op) {
	case 0:
		return -x;
	case 1:
		return x << k;
	case 2:
		return x >> k;
	case 3:
		return ref_alu64(BPF_ARSH, false, x, k);
	case 4:
		return ref_alu32(BPF_ARSH, false, x, k);
	case 5:
		return (u32)x;
	case 6:
		return ref_sext(x, 8);
	case 7:
		return ref_sext(x, 16);
	case 8:
		return ref_sext(x, 32);
	case 9:
		return ref_bswap(x, 16);
	case 10:
		return ref_bswap(x, 32);
	}
	return ref_bswap(x, 64);
}

static void tn_check_unary(int op, struct ebpf_tnum t, int k)
{
	struct ebpf_tnum r = tn_unary(op, t, k);
	u64 xs[16], z;
	int m, n;

	if (!tn_sane(r))
		tn_fail("insane", t, t, k, 0, 0, r);
	n = tn_members(t, xs);
	for (m = 0; m < n; m++) {
		z = tn_unary_ref(op, xs[m], k);
		cur->checked++;
		if (!ebpf_tnum_contains(r, z))
			tn_fail("", t, t, xs[m], k, z, r);
	}
	/* pure bit moves never add unknown bits */
	if ((op == 1 || op == 2 || op >= 9) &&
	    __builtin_popcountll(r.mask) > __builtin_popcountll(t.mask))
		tn_fail("imprecise", t, t, 0, k, 0, r);
}

static void test_tnum_unary(void)
{
	static const char *const names[] = {
		"tnum neg", "tnum lsh", "tnum rsh", "tnum arsh64", "tnum arsh32",
		"tnum trunc32", "tnum sext8", "tnum sext16", "tnum sext32",
		"tnum bswap16", "tnum bswap32", "tnum bswap64",
	};
	static const int pos[] = { 0, 4, 12, 28, 30, 60 };
	static struct ebpf_tnum u[2 * 81];
	int op, p, i, k, shifts;

	for (op = 0; op < 12; op++) {
		group_begin(names[op]);
		shifts = op >= 1 && op <= 4 ? (op == 4 ? 32 : 64) : 1;
		for (p = 0; p < 6; p++) {
			tn_universe(u, pos[p], false);
			tn_universe(u + 81, pos[p], true);
			for (i = 0; i < 2 * 81; i++)
				for (k = 0; k < shifts; k++)
					tn_check_unary(op, u[i], k);
		}
	}
}

static const u64 window_points[] = {
	0, 32, 64, 0x80000000ULL, 0x100000000ULL, 0x8000000000000000ULL,
	0xffffffff80000000ULL,
};

/* range, next_ge and prev_le against brute force */
static void test_tnum_order(void)
{
	u64 xs[16], lo, hi, x;
	int p, i, j, n;

	group_begin("tnum range");
	for (p = 0; p < ARRAY_SIZE(window_points); p++) {
		for (i = -8; i < 8; i++) {
			for (j = i; j < 8; j++) {
				lo = window_points[p] + i;
				hi = window_points[p] + j;
				if (lo > hi)
					continue;
				n = 0;
				for (x = lo; n < 16; x++) {
					xs[n++] = x;
					if (x == hi)
						break;
				}
				cur->checked++;
				if (!tn_same(ebpf_tnum_range(lo, hi), tn_of_set(xs, n)))
					tn_fail("range", ebpf_tnum_const(lo),
						ebpf_tnum_const(hi), lo, hi, 0,
						ebpf_tnum_range(lo, hi));
			}
		}
	}
}

/* next_ge and prev_le of @t at @x against a scan of the members */
static void tn_check_order(struct ebpf_tnum t, u64 x)
{
	u64 xs[16], got, want = 0;
	bool ok, any = false;
	int m, n = tn_members(t, xs);

	cur->checked++;
	for (m = 0; m < n; m++) {
		if (xs[m] >= x && (!any || xs[m] < want)) {
			want = xs[m];
			any = true;
		}
	}
	ok = ebpf_tnum_next_ge(t, x, &got);
	if (ok != any || (ok && got != want))
		tn_fail("next_ge", t, t, x, want, got, t);
	any = false;
	for (m = 0; m < n; m++) {
		if (xs[m] <= x && (!any || xs[m] > want)) {
			want = xs[m];
			any = true;
		}
	}
	ok = ebpf_tnum_prev_le(t, x, &got);
	if (ok != any || (ok && got != want))
		tn_fail("prev_le", t, t, x, want, got, t);
}

/* x near the members of t (bits of t's field flipped) and near the windows */
static void test_tnum_next(void)
{
	static const int pos[] = { 0, 30, 60 };
	static struct ebpf_tnum u[2 * 81];
	int p, i, k, w;

	group_begin("tnum next_ge/prev_le");
	for (p = 0; p < 3; p++) {
		tn_universe(u, pos[p], false);
		tn_universe(u + 81, pos[p], true);
		for (i = 0; i < 2 * 81; i++) {
			for (k = -20; k < 20; k++)
				tn_check_order(u[i], u[i].value + ((u64)k << pos[p]));
			for (w = 0; w < ARRAY_SIZE(window_points); w++)
				for (k = -3; k < 3; k++)
					tn_check_order(u[i], window_points[w] + k);
		}
	}
}

/* ---- scalar family ---- */

struct member_set {
	int n;
	u64 v[MAX_MEMBERS];
};

struct abstract {
	struct ebpf_scalar s;
	struct member_set m;
};

static struct abstract family[MAX_FAMILY];
static int family_n;

static void set_add(struct member_set *m, u64 v)
{
	int i;

	for (i = 0; i < m->n; i++)
		if (m->v[i] == v)
			return;
	if (m->n < MAX_MEMBERS)
		m->v[m->n++] = v;
}

static void print_scalar(char *buf, size_t len, const struct ebpf_scalar *s)
{
	snprintf(buf, len,
		 "{t=(%llx,%llx) u=[%llx,%llx] s=[%lld,%lld] u32=[%x,%x] s32=[%d,%d]}",
		 hx(s->t.value), hx(s->t.mask), hx(s->umin), hx(s->umax),
		 (long long)s->smin, (long long)s->smax, s->u32_min, s->u32_max,
		 s->s32_min, s->s32_max);
}

/* The abstraction of a set: each view's hull, the set's tnum. */
static struct ebpf_scalar alpha(const u64 *v, int n)
{
	struct ebpf_scalar s = ebpf_scalar_const(v[0]);
	int i;

	s.t = tn_of_set(v, n);
	for (i = 1; i < n; i++) {
		s.umin = min(s.umin, v[i]);
		s.umax = max(s.umax, v[i]);
		s.smin = min_t(s64, s.smin, v[i]);
		s.smax = max_t(s64, s.smax, v[i]);
		s.u32_min = min_t(u32, s.u32_min, v[i]);
		s.u32_max = max_t(u32, s.u32_max, v[i]);
		s.s32_min = min_t(s32, s.s32_min, v[i]);
		s.s32_max = max_t(s32, s.s32_max, v[i]);
	}
	return s;
}

/*
 * The members to try for @s: all of them when few, else the generating
 * values, range ends and tnum extremes that are members, and draws.
 */
static void pick_members(struct abstract *a, const u64 *gen, int n)
{
	const struct ebpf_scalar *s = &a->s;
	u64 cand[12], x;
	int i;

	a->m.n = 0;
	if (s->umax - s->umin < MAX_MEMBERS || (u64)s->smax - (u64)s->smin < MAX_MEMBERS) {
		x = s->umax - s->umin < MAX_MEMBERS ? s->umin : (u64)s->smin;
		for (i = 0; i < MAX_MEMBERS; i++, x++)
			if (ebpf_scalar_contains(s, x))
				set_add(&a->m, x);
		return;
	}
	for (i = 0; i < n; i++)
		if (ebpf_scalar_contains(s, gen[i]))
			set_add(&a->m, gen[i]);
	cand[0] = s->umin;
	cand[1] = s->umax;
	cand[2] = s->smin;
	cand[3] = s->smax;
	cand[4] = s->t.value;
	cand[5] = s->t.value | s->t.mask;
	cand[6] = (s->umin & ~0xffffffffULL) | s->u32_min;
	cand[7] = (s->umax & ~0xffffffffULL) | s->u32_max;
	cand[8] = (s->umin & ~0xffffffffULL) | (u32)s->s32_min;
	cand[9] = (s->umax & ~0xffffffffULL) | (u32)s->s32_max;
	cand[10] = s->umin + 1;
	cand[11] = s->umax - 1;
	for (i = 0; i < 12; i++)
		if (ebpf_scalar_contains(s, cand[i]))
			set_add(&a->m, cand[i]);
	for (i = 0; i < 400 && a->m.n < 16; i++) {
		x = s->t.value | (rnd() & s->t.mask);
		if (ebpf_scalar_contains(s, x))
			set_add(&a->m, x);
	}
}

static void family_add(const u64 *v, int n)
{
	struct abstract *a = &family[family_n];
	struct ebpf_scalar before;
	char buf[256];
	int i;

	if (family_n >= MAX_FAMILY)
		return;
	a->s = alpha(v, n);
	before = a->s;
	cur->checked++;
	if (!ebpf_scalar_normalize(&a->s) || !ebpf_scalar_valid(&a->s)) {
		print_scalar(buf, sizeof(buf), &before);
		fail("normalize of alpha(set) failed: %s", buf);
		return;
	}
	for (i = 0; i < n; i++)
		if (!ebpf_scalar_contains(&a->s, v[i])) {
			print_scalar(buf, sizeof(buf), &a->s);
			fail("normalize dropped %llx: %s", hx(v[i]), buf);
			return;
		}
	pick_members(a, v, n);
	family_n++;
}

static void family_add_scalar(const struct ebpf_scalar *s)
{
	struct abstract *a = &family[family_n];
	char buf[256];

	if (family_n >= MAX_FAMILY)
		return;
	a->s = *s;
	cur->checked++;
	if (!ebpf_scalar_normalize(&a->s) || !ebpf_scalar_valid(&a->s)) {
		print_scalar(buf, sizeof(buf), s);
		fail("normalize of a member-ful scalar failed: %s", buf);
		return;
	}
	pick_members(a, NULL, 0);
	family_n++;
}

static const u64 interesting[] = {
	0, 1, 2, 3, 7, 8, 31, 32, 33, 63, 64, 0xff, 0x100, 0x7fff, 0x8000,
	0xffff, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff,
	0x100000000ULL, 0x100000001ULL, 0x7fffffffffffffffULL,
	0x8000000000000000ULL, 0x8000000000000001ULL, 0xffffffff80000000ULL,
	0xfffffffffffffffeULL, 0xffffffffffffffffULL, 0xffffffff7fffffffULL,
};

static void build_family(void)
{
	static const int iv[][2] = {
		{ 3, 3 }, { 4, 4 }, { 3, 4 }, { 0, 7 }, { 2, 5 }, { 4, 6 }, { 1, 3 },
	};
	static const struct { u64 value, mask; } tn[] = {
		{ 0, 0x7 }, { 0x8, 0x5 }, { 0, 0x80000001 }, { 0x1, 0x100000002ULL },
		{ 0, 0x8000000000000001ULL }, { 0x10, 0xc0000000 },
		{ 0xffffffff00000000ULL, 0xff }, { 0, 0xffffffff },
		{ 0, 0x3f }, { 0x20, 0x1f },
	};
	struct ebpf_scalar s;
	u64 v[8];
	int p, i, j, n;

	group_begin("scalar normalize keeps alpha(set)");
	for (p = 0; p < ARRAY_SIZE(window_points); p++)
		for (i = 0; i < ARRAY_SIZE(iv); i++) {
			n = 0;
			for (j = iv[i][0]; j <= iv[i][1]; j++)
				v[n++] = window_points[p] + j - 4;
			family_add(v, n);
		}
	for (i = 0; i < ARRAY_SIZE(tn); i++) {
		s = ebpf_scalar_unknown();
		s.t.value = tn[i].value;
		s.t.mask = tn[i].mask;
		family_add_scalar(&s);
	}
	s = ebpf_scalar_unknown();
	family_add_scalar(&s);
	s.umax = U32_MAX;
	family_add_scalar(&s);
	s = ebpf_scalar_unknown();
	s.smin = S32_MIN;
	s.smax = S32_MAX;
	family_add_scalar(&s);
	s = ebpf_scalar_unknown();
	s.smin = -5;
	s.smax = 70;
	family_add_scalar(&s);
	/* small sets of values scattered over the boundaries */
	while (family_n < 150) {
		n = 1 + rnd() % 3;
		for (i = 0; i < n; i++)
			v[i] = interesting[rnd() % ARRAY_SIZE(interesting)] +
			       (rnd() % 3) - 1;
		family_add(v, n);
	}
}

/*
 * Normalize on arbitrary (possibly empty) scalars: never loses a member,
 * says empty only when nothing is a member, and leaves a valid result.
 */
static void test_normalize(void)
{
	static u64 cands[256];
	struct ebpf_scalar s, n;
	int nc = 0, p, k, i, iter;
	char b1[256], b2[256];
	bool ok;

	for (p = 0; p < ARRAY_SIZE(window_points); p++)
		for (k = -5; k <= 5; k++)
			cands[nc++] = window_points[p] + k;
	for (i = 0; i < ARRAY_SIZE(interesting); i++)
		cands[nc++] = interesting[i];

	group_begin("scalar normalize (random raw scalars)");
	for (iter = 0; iter < 20000; iter++) {
		u64 a = cands[rnd() % nc], b = cands[rnd() % nc];

		s = ebpf_scalar_unknown();
		if (rnd() & 1) {
			s.umin = min(a, b);
			s.umax = max(a, b);
		}
		a = cands[rnd() % nc];
		b = cands[rnd() % nc];
		if (rnd() & 1) {
			s.smin = min_t(s64, a, b);
			s.smax = max_t(s64, a, b);
		}
		a = cands[rnd() % nc];
		b = cands[rnd() % nc];
		if (rnd() & 1) {
			s.u32_min = min_t(u32, a, b);
			s.u32_max = max_t(u32, a, b);
		}
		a = cands[rnd() % nc];
		b = cands[rnd() % nc];
		if (rnd() & 1) {
			s.s32_min = min_t(s32, a, b);
			s.s32_max = max_t(s32, a, b);
		}
		if (rnd() & 1) {
			a = cands[rnd() % nc];
			s.t.mask = rnd() & rnd() & rnd();
			if (rnd() & 1)
				s.t.mask |= 0xff;
			s.t.value = a & ~s.t.mask;
		}
		n = s;
		ok = ebpf_scalar_normalize(&n);
		if (ok && !ebpf_scalar_valid(&n)) {
			print_scalar(b1, sizeof(b1), &s);
			print_scalar(b2, sizeof(b2), &n);
			fail("invalid after normalize: %s -> %s", b1, b2);
		}
		for (i = 0; i < nc + 2; i++) {
			u64 x = i < nc ? cands[i] : i == nc ? s.t.value :
				s.t.value | s.t.mask;

			cur->checked++;
			if (!ebpf_scalar_contains(&s, x))
				continue;
			if (!ok || !ebpf_scalar_contains(&n, x)) {
				print_scalar(b1, sizeof(b1), &s);
				print_scalar(b2, sizeof(b2), &n);
				fail("normalize lost %llx: %s -> %s (%s)", hx(x), b1, b2,
				     ok ? "kept" : "said empty");
			}
		}
	}
}

/*
 * The small-scalar fast path of normalize must give what the general
 * rounds give: same emptiness, same scalar. Raw scalars whose unsigned
 * 64-bit range or tnum lies in [0, S32_MAX], the rest arbitrary.
 */
static void test_normalize_small(void)
{
	static const u64 small[] = {
		0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 100, 255, 256, 0x7ffe,
		0x7fff, 0x8000, 0xffff, 0x10000, 0x7ffffffe, 0x7fffffff,
	};
	struct ebpf_scalar s, fast, slow;
	char b1[256], b2[256], b3[256];
	bool ok_fast, ok_slow;
	int iter;

	group_begin("scalar normalize: small fast path = general rounds");
	for (iter = 0; iter < 50000; iter++) {
		u64 a = small[rnd() % ARRAY_SIZE(small)];
		u64 b = small[rnd() % ARRAY_SIZE(small)];

		s = ebpf_scalar_unknown();
		if (rnd() % 4 == 0)	/* the tnum alone may say it is small */
			a = interesting[rnd() % ARRAY_SIZE(interesting)];
		if (rnd() % 4 == 0)
			b = interesting[rnd() % ARRAY_SIZE(interesting)];
		s.umin = min(a, b);
		s.umax = max(a, b);
		a = interesting[rnd() % ARRAY_SIZE(interesting)] + rnd() % 3 - 1;
		b = small[rnd() % ARRAY_SIZE(small)];
		if (rnd() & 1) {
			s.smin = min_t(s64, a, b);
			s.smax = max_t(s64, a, b);
		}
		a = interesting[rnd() % ARRAY_SIZE(interesting)] + rnd() % 3 - 1;
		b = small[rnd() % ARRAY_SIZE(small)];
		if (rnd() & 1) {
			s.u32_min = min_t(u32, a, b);
			s.u32_max = max_t(u32, a, b);
		}
		a = interesting[rnd() % ARRAY_SIZE(interesting)] + rnd() % 3 - 1;
		b = small[rnd() % ARRAY_SIZE(small)];
		if (rnd() & 1) {
			s.s32_min = min_t(s32, a, b);
			s.s32_max = max_t(s32, a, b);
		}
		if (rnd() & 1) {
			s.t.mask = rnd() & rnd();
			if (rnd() & 1)
				s.t.mask &= rnd() & 1 ? 0xffff : S32_MAX;
			s.t.value = small[rnd() % ARRAY_SIZE(small)] &
				    ~s.t.mask;
		}
		if (!scalar_is_small(&s))
			continue;
		fast = s;
		slow = s;
		ok_fast = normalize_small(&fast);
		ok_slow = normalize_rounds(&slow);
		cur->checked++;
		if (ok_fast != ok_slow || (ok_fast && !scalar_same(&fast, &slow))) {
			print_scalar(b1, sizeof(b1), &s);
			print_scalar(b2, sizeof(b2), &fast);
			print_scalar(b3, sizeof(b3), &slow);
			fail("%s: fast %s %s, rounds %s %s", b1,
			     ok_fast ? "kept" : "empty", b2,
			     ok_slow ? "kept" : "empty", b3);
		}
	}
}

/* The add/sub fast path of view_from_runs gives what the span lists give. */
static void test_runs_fast_path(void)
{
	static const u8 widths[] = { 32, 64 };
	struct view fast, slow;
	int iter, k;

	group_begin("add/sub ranges: fast path = span lists");
	for (iter = 0; iter < 100000; iter++) {
		u8 w = widths[iter & 1];
		u64 us = interesting[rnd() % ARRAY_SIZE(interesting)] + rnd() % 5 - 2;
		u64 ss = rnd() & 1 ? us : interesting[rnd() % ARRAY_SIZE(interesting)];
		u64 ul = rnd() % 4 ? rnd() % 300 : interesting[rnd() % ARRAY_SIZE(interesting)];
		u64 sl = rnd() & 1 ? ul : rnd() % 300;
		bool uf = rnd() % 8, sf = rnd() % 8;

		view_from_runs(&fast, us, ul, uf, ss, sl, sf, w);
		runs_by_spans(&slow, us, ul, uf, ss, sl, sf, w);
		cur->checked++;
		k = memcmp(&fast, &slow, sizeof(fast));
		if (k)
			fail("w%u u=%llx+%llx%s s=%llx+%llx%s: fast [%llx,%llx] [%lld,%lld] %s",
			     w, hx(us), hx(ul), uf ? "" : "(unbounded)", hx(ss),
			     hx(sl), sf ? "" : "(unbounded)", hx(fast.umin),
			     hx(fast.umax), (long long)fast.smin,
			     (long long)fast.smax, "differs from the lists");
	}
}

/* ---- scalar operations ---- */

enum op_kind { K_ALU, K_MOVSX, K_END };

struct alu_case {
	const char *name;
	enum op_kind kind;
	u8 op;
	s16 off;	/* sdiv/smod flag, movsx or end width */
	bool is32;	/* for K_END: swap */
};

static u64 case_ref(const struct alu_case *c, u64 x, u64 y)
{
	switch (c->kind) {
	case K_MOVSX:
		return c->is32 ? (u32)ref_sext(y, c->off) : ref_sext(y, c->off);
	case K_END:
		if (c->is32)
			return ref_bswap(x, c->off);
		return c->off == 64 ? x : x & (BIT_ULL(c->off) - 1);
	default:
		break;
	}
	if (c->is32)
		return ref_alu32(c->op, c->off == 1, x, y);
	return ref_alu64(c->op, c->off == 1, x, y);
}

static void case_apply(const struct alu_case *c, struct ebpf_scalar *d,
		       const struct ebpf_scalar *s)
{
	switch (c->kind) {
	case K_MOVSX:
		ebpf_scalar_movsx(d, s, c->off, c->is32);
		return;
	case K_END:
		ebpf_scalar_end(d, c->off, c->is32);
		return;
	default:
		ebpf_scalar_alu(d, s, c->op, c->off, c->is32);
	}
}

static const struct alu_case alu_cases[] = {
	{ "alu64 add", K_ALU, BPF_ADD, 0, false },
	{ "alu32 add", K_ALU, BPF_ADD, 0, true },
	{ "alu64 sub", K_ALU, BPF_SUB, 0, false },
	{ "alu32 sub", K_ALU, BPF_SUB, 0, true },
	{ "alu64 mul", K_ALU, BPF_MUL, 0, false },
	{ "alu32 mul", K_ALU, BPF_MUL, 0, true },
	{ "alu64 div", K_ALU, BPF_DIV, 0, false },
	{ "alu32 div", K_ALU, BPF_DIV, 0, true },
	{ "alu64 mod", K_ALU, BPF_MOD, 0, false },
	{ "alu32 mod", K_ALU, BPF_MOD, 0, true },
	{ "alu64 sdiv", K_ALU, BPF_DIV, 1, false },
	{ "alu32 sdiv", K_ALU, BPF_DIV, 1, true },
	{ "alu64 smod", K_ALU, BPF_MOD, 1, false },
	{ "alu32 smod", K_ALU, BPF_MOD, 1, true },
	{ "alu64 and", K_ALU, BPF_AND, 0, false },
	{ "alu32 and", K_ALU, BPF_AND, 0, true },
	{ "alu64 or", K_ALU, BPF_OR, 0, false },
	{ "alu32 or", K_ALU, BPF_OR, 0, true },
	{ "alu64 xor", K_ALU, BPF_XOR, 0, false },
	{ "alu32 xor", K_ALU, BPF_XOR, 0, true },
	{ "alu64 lsh", K_ALU, BPF_LSH, 0, false },
	{ "alu32 lsh", K_ALU, BPF_LSH, 0, true },
	{ "alu64 rsh", K_ALU, BPF_RSH, 0, false },
	{ "alu32 rsh", K_ALU, BPF_RSH, 0, true },
	{ "alu64 arsh", K_ALU, BPF_ARSH, 0, false },
	{ "alu32 arsh", K_ALU, BPF_ARSH, 0, true },
	{ "alu64 neg", K_ALU, BPF_NEG, 0, false },
	{ "alu32 neg", K_ALU, BPF_NEG, 0, true },
	{ "alu64 mov", K_ALU, BPF_MOV, 0, false },
	{ "alu32 mov", K_ALU, BPF_MOV, 0, true },
	{ "movsx8 64", K_MOVSX, BPF_MOV, 8, false },
	{ "movsx16 64", K_MOVSX, BPF_MOV, 16, false },
	{ "movsx32 64", K_MOVSX, BPF_MOV, 32, false },
	{ "movsx8 32", K_MOVSX, BPF_MOV, 8, true },
	{ "movsx16 32", K_MOVSX, BPF_MOV, 16, true },
	{ "alu64 movsx via alu(off=16)", K_ALU, BPF_MOV, 16, false },
	{ "bswap16", K_END, BPF_END, 16, true },
	{ "bswap32", K_END, BPF_END, 32, true },
	{ "bswap64", K_END, BPF_END, 64, true },
	{ "le16", K_END, BPF_END, 16, false },
	{ "le32", K_END, BPF_END, 32, false },
	{ "le64", K_END, BPF_END, 64, false },
};

static u64 case_ref_any(const struct alu_case *c, u64 x, u64 y)
{
	if (c->kind == K_ALU && c->op == BPF_MOV && c->off)
		return c->is32 ? (u32)ref_sext(y, c->off) : ref_sext(y, c->off);
	return case_ref(c, x, y);
}

static void alu_fail(const struct alu_case *c, const struct ebpf_scalar *d,
		     const struct ebpf_scalar *s, u64 x, u64 y, u64 z,
		     const struct ebpf_scalar *r, const char *why)
{
	char bd[256], bs[256], br[256];

	print_scalar(bd, sizeof(bd), d);
	print_scalar(bs, sizeof(bs), s);
	print_scalar(br, sizeof(br), r);
	fail("%s: dst=%s src=%s x=%llx y=%llx -> %llx, abstract %s", why, bd, bs,
	     hx(x), hx(y), hx(z), br);
}

static void check_alu_pair(const struct alu_case *c, const struct abstract *a,
			   const struct abstract *b, bool is32);

static void test_alu_case(const struct alu_case *c)
{
	int i, j;
	bool unary = c->kind == K_END || (c->kind == K_ALU && c->op == BPF_NEG);
	bool is32 = c->kind != K_END && c->is32;

	group_begin(c->name);
	for (i = 0; i < family_n; i++)
		for (j = 0; j < (unary ? 1 : family_n); j++)
			check_alu_pair(c, &family[i], &family[unary ? i : j], is32);
}

static void check_alu_pair(const struct alu_case *c, const struct abstract *a,
			   const struct abstract *b, bool is32)
{
	struct ebpf_scalar r = a->s;
	int k, l;

	case_apply(c, &r, &b->s);
	if (!ebpf_scalar_valid(&r))
		alu_fail(c, &a->s, &b->s, 0, 0, 0, &r, "invalid result");
	if (is32 && (r.umax >> 32))
		alu_fail(c, &a->s, &b->s, 0, 0, 0, &r, "alu32 upper bits not zero");
	for (k = 0; k < a->m.n; k++)
		for (l = 0; l < b->m.n; l++) {
			u64 x = a->m.v[k], y = b->m.v[l];
			u64 z = case_ref_any(c, x, y);

			cur->checked++;
			if (!ebpf_scalar_contains(&r, z))
				alu_fail(c, &a->s, &b->s, x, y, z, &r, "unsound");
		}
	/* constants give the exact constant */
	if (ebpf_scalar_is_const(&a->s) && ebpf_scalar_is_const(&b->s) &&
	    (!ebpf_scalar_is_const(&r) ||
	     r.t.value != case_ref_any(c, a->s.t.value, b->s.t.value)))
		alu_fail(c, &a->s, &b->s, a->s.t.value, b->s.t.value,
			 case_ref_any(c, a->s.t.value, b->s.t.value), &r,
			 "constant not exact");
}

static const struct { const char *name; u8 op; } jmps[] = {
	{ "jeq", BPF_JEQ }, { "jne", BPF_JNE }, { "jgt", BPF_JGT },
	{ "jge", BPF_JGE }, { "jlt", BPF_JLT }, { "jle", BPF_JLE },
	{ "jsgt", BPF_JSGT }, { "jsge", BPF_JSGE }, { "jslt", BPF_JSLT },
	{ "jsle", BPF_JSLE }, { "jset", BPF_JSET },
};

static void refine_fail(const char *why, const struct abstract *a,
			const struct abstract *b, bool taken, u64 x, u64 y,
			const struct ebpf_scalar *ra, const struct ebpf_scalar *rb)
{
	char b1[256], b2[256], b3[256], b4[256];

	print_scalar(b1, sizeof(b1), &a->s);
	print_scalar(b2, sizeof(b2), &b->s);
	print_scalar(b3, sizeof(b3), ra);
	print_scalar(b4, sizeof(b4), rb);
	fail("%s (taken=%d): dst=%s src=%s x=%llx y=%llx -> dst'=%s src'=%s", why,
	     taken, b1, b2, hx(x), hx(y), b3, b4);
}

static void check_jmp_pair(u8 op, const struct abstract *a,
			   const struct abstract *b, bool is32, bool t);

static void test_jmp(int ji, bool is32)
{
	static char names[2][ARRAY_SIZE(jmps)][40];
	int i, j, t;
	u8 op = jmps[ji].op;

	snprintf(names[is32][ji], sizeof(names[is32][ji]), "refine %s%s",
		 jmps[ji].name, is32 ? "32" : "");
	group_begin(names[is32][ji]);
	for (i = 0; i < family_n; i++)
		for (j = 0; j < family_n; j++)
			for (t = 0; t < 2; t++)
				check_jmp_pair(op, &family[i], &family[j], is32, t);
}

static void check_jmp_pair(u8 op, const struct abstract *a,
			   const struct abstract *b, bool is32, bool t)
{
	struct ebpf_scalar ra = a->s, rb = b->s;
	bool ok = ebpf_scalar_refine(&ra, &rb, op, is32, t);
	int k, l;

	if (ok && (!ebpf_scalar_valid(&ra) || !ebpf_scalar_valid(&rb)))
		refine_fail("invalid", a, b, t, 0, 0, &ra, &rb);
	for (k = 0; k < a->m.n; k++)
		for (l = 0; l < b->m.n; l++) {
			u64 x = a->m.v[k], y = b->m.v[l];

			cur->checked++;
			if (ref_jmp(op, x, y, is32) != t)
				continue;
			if (!ok)
				refine_fail("said impossible", a, b, t, x, y, &ra, &rb);
			else if (!ebpf_scalar_contains(&ra, x) ||
				 !ebpf_scalar_contains(&rb, y))
				refine_fail("lost a pair", a, b, t, x, y, &ra, &rb);
		}
}

/* The join holds every member of both inputs and keeps the invariants. */
static void test_join(void)
{
	char b1[256], b2[256];
	int i, j, k;

	group_begin("scalar join (every pair of the family)");
	for (i = 0; i < family_n; i++) {
		for (j = 0; j < family_n; j++) {
			struct ebpf_scalar s = family[i].s;

			ebpf_scalar_join(&s, &family[j].s);
			cur->checked++;
			if (!ebpf_scalar_valid(&s)) {
				print_scalar(b1, sizeof(b1), &s);
				fail("join invalid: %s", b1);
				continue;
			}
			for (k = 0; k < family[i].m.n + family[j].m.n; k++) {
				u64 x = k < family[i].m.n ? family[i].m.v[k] :
					family[j].m.v[k - family[i].m.n];

				if (ebpf_scalar_contains(&s, x))
					continue;
				print_scalar(b1, sizeof(b1), &family[i].s);
				print_scalar(b2, sizeof(b2), &family[j].s);
				fail("join of %s and %s lacks %llx", b1, b2, hx(x));
				break;
			}
		}
	}
}

/*
 * BPF_END @code of @bits on every member of the family: the interpreter's
 * result must lie in the abstraction the verifier computes for it.
 */
static void test_end_host(const char *name, u8 code, s32 bits)
{
	const struct bpf_insn prog[] = {
		{ .code = BPF_LDX | BPF_MEM | BPF_DW, .dst_reg = 0, .src_reg = 1 },
		{ .code = code, .dst_reg = 0, .imm = bits },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	static const struct ebpf_interp_env env;
	char buf[256];
	int i, k;

	group_begin(name);
	for (i = 0; i < family_n; i++) {
		struct ebpf_scalar r = family[i].s;

		ebpf_scalar_end(&r, bits, ebpf_insn_end_swaps(&prog[1]));
		for (k = 0; k < family[i].m.n; k++) {
			u64 x = family[i].m.v[k];
			u64 z = ebpf_interp_run(prog, &x, &env);

			cur->checked++;
			if (ebpf_scalar_contains(&r, z))
				continue;
			print_scalar(buf, sizeof(buf), &r);
			fail("%s: x=%llx runs to %llx, abstract %s", name, hx(x),
			     hx(z), buf);
		}
	}
}

static void test_end_host_all(void)
{
	static const struct { const char *name; u8 code; } ends[] = {
		{ "end on this host: le", BPF_ALU | BPF_END | BPF_TO_LE },
		{ "end on this host: be", BPF_ALU | BPF_END | BPF_TO_BE },
		{ "end on this host: bswap", BPF_ALU64 | BPF_END | BPF_TO_LE },
	};
	static const s32 widths[] = { 16, 32, 64 };
	char name[64];
	int i, w;

	for (i = 0; i < ARRAY_SIZE(ends); i++)
		for (w = 0; w < ARRAY_SIZE(widths); w++) {
			snprintf(name, sizeof(name), "%s%d%s", ends[i].name,
				 widths[w], EBPF_HOST_BIG_ENDIAN ?
				 " (big-endian build)" : "");
			test_end_host(strdup(name), ends[i].code, widths[w]);
		}
}

int main(void)
{
	int i, failed = 0;

	test_tnum_binary();
	test_tnum_sets();
	test_tnum_unary();
	test_tnum_order();
	test_tnum_next();
	build_family();
	test_normalize();
	test_normalize_small();
	test_runs_fast_path();
	test_join();
	for (i = 0; i < ARRAY_SIZE(alu_cases); i++)
		test_alu_case(&alu_cases[i]);
	test_end_host_all();
	for (i = 0; i < ARRAY_SIZE(jmps); i++) {
		test_jmp(i, false);
		test_jmp(i, true);
	}

	printf("KTAP version 1\n1..%d\n", n_groups);
	for (i = 0; i < n_groups; i++) {
		struct group *g = &groups[i];

		if (g->failed) {
			failed++;
			printf("not ok %d - %s (%llu cases)\n# first counterexample: %s\n",
			       i + 1, g->name, g->checked, g->first);
		} else {
			printf("ok %d - %s (%llu cases)\n", i + 1, g->name, g->checked);
		}
	}
	printf("# %d groups, %d failed; scalar family of %d abstract values\n",
	       n_groups, failed, family_n);
	return failed ? 1 : 0;
}
