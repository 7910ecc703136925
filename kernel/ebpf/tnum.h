/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tristate numbers: a 64-bit word in which every bit is 0, 1 or unknown.
 * A bit is unknown when its @mask bit is set; the known bits are in
 * @value, and (@value & @mask) == 0 always holds. A tristate number
 * stands for the set of every word that agrees with it on the known bits.
 *
 * Each operation returns a tristate number holding every concrete result
 * of the operation on members of its operands (it is sound); most are
 * also the tightest such number. All functions are pure.
 */
#ifndef _EBPF_TNUM_H
#define _EBPF_TNUM_H

#include "core.h"

struct ebpf_tnum {
	u64 value;
	u64 mask;
};

/* The single value @v. */
struct ebpf_tnum ebpf_tnum_const(u64 v);
/* Every 64-bit value. */
struct ebpf_tnum ebpf_tnum_unknown(void);
/* The smallest tnum holding every value in [@min, @max] (unknown if min > max). */
struct ebpf_tnum ebpf_tnum_range(u64 min, u64 max);
/* True when @t stands for exactly one value. */
bool ebpf_tnum_is_const(struct ebpf_tnum t);
/* True when @x is a member of @t. */
bool ebpf_tnum_contains(struct ebpf_tnum t, u64 x);
/* True when every member of @a is a member of @b. */
bool ebpf_tnum_subset(struct ebpf_tnum a, struct ebpf_tnum b);
/* Smallest member of @t that is >= @x in *@out; false if there is none. */
bool ebpf_tnum_next_ge(struct ebpf_tnum t, u64 x, u64 *out);
/* Largest member of @t that is <= @x in *@out; false if there is none. */
bool ebpf_tnum_prev_le(struct ebpf_tnum t, u64 x, u64 *out);

/* Wrapping a + b. */
struct ebpf_tnum ebpf_tnum_add(struct ebpf_tnum a, struct ebpf_tnum b);
/* Wrapping a - b. */
struct ebpf_tnum ebpf_tnum_sub(struct ebpf_tnum a, struct ebpf_tnum b);
/* Wrapping -a. */
struct ebpf_tnum ebpf_tnum_neg(struct ebpf_tnum a);
/* Wrapping a * b (low 64 bits of the product). */
struct ebpf_tnum ebpf_tnum_mul(struct ebpf_tnum a, struct ebpf_tnum b);
/* Bitwise a & b. */
struct ebpf_tnum ebpf_tnum_and(struct ebpf_tnum a, struct ebpf_tnum b);
/* Bitwise a | b. */
struct ebpf_tnum ebpf_tnum_or(struct ebpf_tnum a, struct ebpf_tnum b);
/* Bitwise a ^ b. */
struct ebpf_tnum ebpf_tnum_xor(struct ebpf_tnum a, struct ebpf_tnum b);
/* t << shift on 64 bits; only the low 6 bits of @shift are used. */
struct ebpf_tnum ebpf_tnum_lsh(struct ebpf_tnum t, u8 shift);
/* Logical t >> shift on 64 bits; only the low 6 bits of @shift are used. */
struct ebpf_tnum ebpf_tnum_rsh(struct ebpf_tnum t, u8 shift);
/* Arithmetic shift of the low @width (32 or 64) bits, zero-extended; shift < width. */
struct ebpf_tnum ebpf_tnum_arsh(struct ebpf_tnum t, u8 shift, u8 width);
/* The low @bits (1..64) bits of @t, zero-extended. */
struct ebpf_tnum ebpf_tnum_zext(struct ebpf_tnum t, u8 bits);
/* The low 32 bits of @t, zero-extended: the subregister. */
struct ebpf_tnum ebpf_tnum_trunc32(struct ebpf_tnum t);
/* The low @bits (8, 16 or 32) bits of @t, sign-extended to 64 bits. */
struct ebpf_tnum ebpf_tnum_sext(struct ebpf_tnum t, u8 bits);
/* The join: smallest tnum holding every member of @a and of @b. */
struct ebpf_tnum ebpf_tnum_union(struct ebpf_tnum a, struct ebpf_tnum b);
/* The meet of @a and @b in *@out; false if they share no member. */
bool ebpf_tnum_intersect(struct ebpf_tnum a, struct ebpf_tnum b,
			 struct ebpf_tnum *out);
/* Byte swap of the low 16 bits, zero-extended. */
struct ebpf_tnum ebpf_tnum_bswap16(struct ebpf_tnum t);
/* Byte swap of the low 32 bits, zero-extended. */
struct ebpf_tnum ebpf_tnum_bswap32(struct ebpf_tnum t);
/* Byte swap of all 64 bits. */
struct ebpf_tnum ebpf_tnum_bswap64(struct ebpf_tnum t);

#endif /* _EBPF_TNUM_H */
