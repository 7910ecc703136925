// SPDX-License-Identifier: GPL-2.0
/*
 * Tristate numbers, the verifier's bit-level abstract domain: see tnum.h.
 *
 * Two facts carry most of the arithmetic. The members of a tnum t lie
 * between lowest(t) (every unknown bit 0, i.e. t.value) and highest(t)
 * (every unknown bit 1, i.e. t.value | t.mask). And in a sum, a result bit
 * can only vary where an operand bit varies or where the carry into it
 * varies; the carry chain of the smallest sum and that of the largest sum
 * bracket every other carry chain, so any bit at which the two extreme
 * sums disagree is exactly a bit whose carry-in may vary.
 */
#include "core.h"
#include "tnum.h"

static struct ebpf_tnum mk(u64 value, u64 mask)
{
	struct ebpf_tnum t = { .value = value & ~mask, .mask = mask };

	return t;
}

static u64 highest(struct ebpf_tnum t)
{
	return t.value | t.mask;
}

struct ebpf_tnum ebpf_tnum_const(u64 v)
{
	return mk(v, 0);
}

struct ebpf_tnum ebpf_tnum_unknown(void)
{
	return mk(0, U64_MAX);
}

struct ebpf_tnum ebpf_tnum_range(u64 min, u64 max)
{
	u64 differ = min ^ max;
	int top;

	if (min > max)
		return ebpf_tnum_unknown();
	/*
	 * Above the highest bit where min and max differ, every value in
	 * between shares their bits. At that bit the range steps from
	 * ...0111 to ...1000, so every lower bit takes both values.
	 */
	top = fls64(differ);
	if (top == 64)
		return ebpf_tnum_unknown();
	return mk(min, BIT_ULL(top) - 1);
}

bool ebpf_tnum_is_const(struct ebpf_tnum t)
{
	return t.mask == 0;
}

bool ebpf_tnum_contains(struct ebpf_tnum t, u64 x)
{
	return (x & ~t.mask) == t.value;
}

bool ebpf_tnum_subset(struct ebpf_tnum a, struct ebpf_tnum b)
{
	/* a may not vary where b is fixed, and must agree where b is fixed */
	if (a.mask & ~b.mask)
		return false;
	return ((a.value ^ b.value) & ~b.mask) == 0;
}

/* Every bit strictly above the single bit @bit. */
static u64 bits_above(u64 bit)
{
	return ~(bit | (bit - 1));
}

bool ebpf_tnum_next_ge(struct ebpf_tnum t, u64 x, u64 *out)
{
	u64 clash = (x ^ t.value) & ~t.mask;
	u64 top, above, room;

	if (!clash) {
		*out = x;
		return true;
	}
	top = BIT_ULL(fls64(clash) - 1);
	above = bits_above(top);
	if (t.value & top) {
		/*
		 * t forces a 1 where x has a 0: keep x above that bit, and
		 * everything below may drop to its smallest member.
		 */
		*out = (x & above) | (t.value & ~above);
		return true;
	}
	/*
	 * t forces a 0 where x has a 1: a member >= x must first exceed x at
	 * an unknown bit higher up that x has clear. Take the lowest one.
	 */
	room = ~x & t.mask & above;
	if (!room)
		return false;
	room &= -room;
	*out = (x & bits_above(room)) | room | (t.value & (room - 1));
	return true;
}

bool ebpf_tnum_prev_le(struct ebpf_tnum t, u64 x, u64 *out)
{
	/* complementing every bit reverses the order */
	struct ebpf_tnum flipped = mk(~t.value, t.mask);
	u64 y;

	if (!ebpf_tnum_next_ge(flipped, ~x, &y))
		return false;
	*out = ~y;
	return true;
}

struct ebpf_tnum ebpf_tnum_add(struct ebpf_tnum a, struct ebpf_tnum b)
{
	u64 low_sum = a.value + b.value;
	u64 high_sum = highest(a) + highest(b);
	u64 unsure = a.mask | b.mask | (low_sum ^ high_sum);

	return mk(low_sum, unsure);
}

struct ebpf_tnum ebpf_tnum_sub(struct ebpf_tnum a, struct ebpf_tnum b)
{
	/* the borrow chains of the two extreme differences bracket all others */
	u64 low_diff = a.value - highest(b);
	u64 high_diff = highest(a) - b.value;
	u64 unsure = a.mask | b.mask | (low_diff ^ high_diff);

	return mk(low_diff, unsure);
}

struct ebpf_tnum ebpf_tnum_neg(struct ebpf_tnum a)
{
	return ebpf_tnum_sub(ebpf_tnum_const(0), a);
}

/*
 * Long multiplication: the product is the sum, over the set bits of @b,
 * of @a shifted to that bit. Where the bit of @b is unknown the partial
 * product is either 0 or the shifted @a: its possible ones are those of
 * the shifted @a, and nothing is known to be 1.
 */
static struct ebpf_tnum long_mul(struct ebpf_tnum a, struct ebpf_tnum b)
{
	struct ebpf_tnum acc = ebpf_tnum_const(0);
	u64 rest = highest(b);
	struct ebpf_tnum part;
	int i;

	while (rest) {
		i = fls64(rest) - 1;
		rest &= ~BIT_ULL(i);
		if (b.value & BIT_ULL(i))
			part = ebpf_tnum_lsh(a, i);
		else
			part = mk(0, highest(a) << i);
		acc = ebpf_tnum_add(acc, part);
	}
	return acc;
}

struct ebpf_tnum ebpf_tnum_mul(struct ebpf_tnum a, struct ebpf_tnum b)
{
	struct ebpf_tnum ab = long_mul(a, b), ba = long_mul(b, a), both;

	/* both orders are sound, so they always share the true product */
	if (!ebpf_tnum_intersect(ab, ba, &both))
		return ab;
	return both;
}

struct ebpf_tnum ebpf_tnum_and(struct ebpf_tnum a, struct ebpf_tnum b)
{
	u64 sure_ones = a.value & b.value;
	u64 maybe_ones = highest(a) & highest(b);

	return mk(sure_ones, maybe_ones & ~sure_ones);
}

struct ebpf_tnum ebpf_tnum_or(struct ebpf_tnum a, struct ebpf_tnum b)
{
	u64 sure_ones = a.value | b.value;
	u64 maybe_ones = highest(a) | highest(b);

	return mk(sure_ones, maybe_ones & ~sure_ones);
}

struct ebpf_tnum ebpf_tnum_xor(struct ebpf_tnum a, struct ebpf_tnum b)
{
	/* a result bit is known exactly when both operand bits are */
	return mk(a.value ^ b.value, a.mask | b.mask);
}

struct ebpf_tnum ebpf_tnum_lsh(struct ebpf_tnum t, u8 shift)
{
	shift &= 63;
	return mk(t.value << shift, t.mask << shift);
}

struct ebpf_tnum ebpf_tnum_rsh(struct ebpf_tnum t, u8 shift)
{
	shift &= 63;
	return mk(t.value >> shift, t.mask >> shift);
}

struct ebpf_tnum ebpf_tnum_arsh(struct ebpf_tnum t, u8 shift, u8 width)
{
	/*
	 * Shifting value and mask as signed numbers copies the sign bit's
	 * state, known 0, known 1 or unknown, into every vacated bit.
	 */
	if (width == 32) {
		shift &= 31;
		return mk((u32)((s32)(u32)t.value >> shift),
			  (u32)((s32)(u32)t.mask >> shift));
	}
	shift &= 63;
	return mk((u64)((s64)t.value >> shift), (u64)((s64)t.mask >> shift));
}

struct ebpf_tnum ebpf_tnum_zext(struct ebpf_tnum t, u8 bits)
{
	u64 keep = bits >= 64 ? U64_MAX : BIT_ULL(bits) - 1;

	return mk(t.value & keep, t.mask & keep);
}

struct ebpf_tnum ebpf_tnum_trunc32(struct ebpf_tnum t)
{
	return ebpf_tnum_zext(t, 32);
}

struct ebpf_tnum ebpf_tnum_sext(struct ebpf_tnum t, u8 bits)
{
	u8 spare = 64 - bits;

	/* move the sign bit of the narrow value to bit 63, then back */
	return ebpf_tnum_arsh(ebpf_tnum_lsh(t, spare), spare, 64);
}

struct ebpf_tnum ebpf_tnum_union(struct ebpf_tnum a, struct ebpf_tnum b)
{
	/* a bit stays known only if it is known and equal in both */
	return mk(a.value, a.mask | b.mask | (a.value ^ b.value));
}

bool ebpf_tnum_intersect(struct ebpf_tnum a, struct ebpf_tnum b,
			 struct ebpf_tnum *out)
{
	u64 both_known = ~(a.mask | b.mask);

	if ((a.value ^ b.value) & both_known)
		return false;
	*out = mk(a.value | b.value, a.mask & b.mask);
	return true;
}

struct ebpf_tnum ebpf_tnum_bswap16(struct ebpf_tnum t)
{
	return mk(swab16((u16)t.value), swab16((u16)t.mask));
}

struct ebpf_tnum ebpf_tnum_bswap32(struct ebpf_tnum t)
{
	return mk(swab32((u32)t.value), swab32((u32)t.mask));
}

struct ebpf_tnum ebpf_tnum_bswap64(struct ebpf_tnum t)
{
	return mk(swab64(t.value), swab64(t.mask));
}
