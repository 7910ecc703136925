/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scalar bounds, the verifier's abstract domain for integer registers: a
 * tnum plus an interval in each of four views of the same 64-bit value
 * (unsigned, signed, and unsigned and signed of its low 32 bits). The set
 * described is every x that satisfies all five at once.
 *
 * Unless a comment says otherwise, inputs must be normalized and non-empty
 * (ebpf_scalar_normalize() returned true), and every result is normalized
 * and sound: it holds every concrete result of the concrete operation on
 * members of the inputs, with the semantics of RFC 9669.
 */
#ifndef _EBPF_SCALAR_H
#define _EBPF_SCALAR_H

#include "core.h"
#include "tnum.h"

struct ebpf_scalar {
	struct ebpf_tnum t;
	u64 umin, umax;
	s64 smin, smax;
	u32 u32_min, u32_max;
	s32 s32_min, s32_max;
};

/* The single value @v. */
struct ebpf_scalar ebpf_scalar_const(u64 v);
/* Every 64-bit value. */
struct ebpf_scalar ebpf_scalar_unknown(void);
/* True when @x satisfies the tnum and all four ranges of @s (any @s). */
bool ebpf_scalar_contains(const struct ebpf_scalar *s, u64 x);
/* Does @old allow every value @cur allows (by every view)? */
bool ebpf_scalar_covers(const struct ebpf_scalar *old,
			const struct ebpf_scalar *cur);
/* Tighten every view of @s from the others (any @s); false if empty. */
bool ebpf_scalar_normalize(struct ebpf_scalar *s);
/* The invariants: ordered ranges, a sane tnum, a constant tnum matching all ranges. */
bool ebpf_scalar_valid(const struct ebpf_scalar *s);
/*
 * The join: *@dst becomes a set holding every member of *@dst and of
 * *@src (the hull of each view; not the exact union).
 */
void ebpf_scalar_join(struct ebpf_scalar *dst, const struct ebpf_scalar *src);
/* True when @s holds exactly one value. */
bool ebpf_scalar_is_const(const struct ebpf_scalar *s);

/*
 * dst = dst @op src, @op being the BPF_OP() bits of an ALU opcode (BPF_ADD
 * .. BPF_ARSH, not BPF_END), on 64 bits or, if @is32, on the low 32 bits
 * with the result zero-extended. @off is the instruction's offset field:
 * 1 makes BPF_DIV/BPF_MOD signed, 8/16/32 makes BPF_MOV sign-extend (see
 * ebpf_scalar_movsx()). BPF_NEG ignores @src. Shift amounts are taken
 * modulo the width. An opcode it does not know makes dst unknown.
 */
void ebpf_scalar_alu(struct ebpf_scalar *dst, const struct ebpf_scalar *src,
		     u8 op, s16 off, bool is32);
/* dst = sign extension of the low @bits (8/16/32; 8/16 if @is32) of src. */
void ebpf_scalar_movsx(struct ebpf_scalar *dst, const struct ebpf_scalar *src,
		       u8 bits, bool is32);
/* BPF_END on dst: byte swap of the low @bits if @swap, else truncation. */
void ebpf_scalar_end(struct ebpf_scalar *dst, u8 bits, bool swap);

/*
 * Narrow @dst and @src to the pairs for which the jump @jmp_op (BPF_OP()
 * bits: BPF_JEQ .. BPF_JSLE, BPF_JSET) on 64 bits, or on the low 32 bits
 * if @is32, has outcome @taken. False if no pair can; both are then
 * unspecified. An opcode it does not know leaves both unchanged.
 */
bool ebpf_scalar_refine(struct ebpf_scalar *dst, struct ebpf_scalar *src,
			u8 jmp_op, bool is32, bool taken);

#endif /* _EBPF_SCALAR_H */
