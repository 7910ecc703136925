/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Division and modulo as RFC 9669 defines them, where C leaves them
 * undefined: x / 0 is 0, x % 0 is x, the most negative value divided by
 * -1 is itself and modulo -1 is 0. Shared by the interpreter and the
 * verifier's constant folding, so both compute the same answer.
 *
 * The 32-bit forms are these on the zero-extended (unsigned) or
 * sign-extended (signed) low halves, truncated to 32 bits: every case
 * above, INT32_MIN / -1 included, comes out right that way.
 */
#ifndef _EBPF_DIVMOD_H
#define _EBPF_DIVMOD_H

#include "core.h"

static inline u64 ebpf_udiv(u64 x, u64 y)
{
	return y ? x / y : 0;
}

static inline u64 ebpf_umod(u64 x, u64 y)
{
	return y ? x % y : x;
}

static inline u64 ebpf_sdiv(s64 x, s64 y)
{
	if (!y)
		return 0;
	/* S64_MIN / -1 overflows in C: negate with wrap-around instead */
	if (y == -1)
		return 0 - (u64)x;
	return x / y;
}

static inline u64 ebpf_smod(s64 x, s64 y)
{
	if (!y)
		return x;
	if (y == -1)
		return 0;
	return x % y;
}

/* BPF_DIV (@mod false) or BPF_MOD; @off 1 selects the signed forms. */
static inline u64 ebpf_divmod64(bool mod, s16 off, u64 x, u64 y)
{
	if (off == 1)
		return mod ? ebpf_smod(x, y) : ebpf_sdiv(x, y);
	return mod ? ebpf_umod(x, y) : ebpf_udiv(x, y);
}

static inline u32 ebpf_divmod32(bool mod, s16 off, u32 x, u32 y)
{
	if (off == 1)
		return ebpf_divmod64(mod, off, (s64)(s32)x, (s64)(s32)y);
	return ebpf_divmod64(mod, off, x, y);
}

#endif /* _EBPF_DIVMOD_H */
