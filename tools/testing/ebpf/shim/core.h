/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for kernel/ebpf/core.h: same include guard, same
 * names, from libc and the installed uapi headers. Include it before the
 * kernel's .c files.
 */
#ifndef _EBPF_CORE_H
#define _EBPF_CORE_H

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <linux/bpf.h>
#include <linux/types.h>

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the user-space shim assumes a little-endian host"
#endif
/*
 * EBPF_TEST_BIG_ENDIAN: the core built as for a big-endian host (the
 * byte order decisions and the interpreter's conversions; memory is still
 * little-endian), so that the domain test checks both views.
 */
#ifdef EBPF_TEST_BIG_ENDIAN
#define EBPF_HOST_BIG_ENDIAN	1
#define le16_to_cpu(x)	__builtin_bswap16((u16)(x))
#define le32_to_cpu(x)	__builtin_bswap32((u32)(x))
#define le64_to_cpu(x)	__builtin_bswap64((u64)(x))
#define be16_to_cpu(x)	((u16)(x))
#define be32_to_cpu(x)	((u32)(x))
#define be64_to_cpu(x)	((u64)(x))
#else
#define EBPF_HOST_BIG_ENDIAN	0
#define le16_to_cpu(x)	((u16)(x))
#define le32_to_cpu(x)	((u32)(x))
#define le64_to_cpu(x)	((u64)(x))
#define be16_to_cpu(x)	__builtin_bswap16((u16)(x))
#define be32_to_cpu(x)	__builtin_bswap32((u32)(x))
#define be64_to_cpu(x)	__builtin_bswap64((u64)(x))
#endif
#define __force
/* spelled through a helper: these lines define what checkpatch prefers */
#define __ebpf_attr(...)	__attribute__((__VA_ARGS__))
#define __packed	__ebpf_attr(__packed__)
/* the interpreter opts out of compiler stack zeroing; none here */
#define __uninitialized
/* a speculation barrier, as the kernel's on x86-64 */
static inline void ebpf_nospec(void)
{
#ifdef __x86_64__
	__asm__ __volatile__("lfence" ::: "memory");
#else
	__asm__ __volatile__("" ::: "memory");
#endif
}

/* index of the lowest set bit; undefined for 0, as the kernel's */
#define __ffs(x)	((unsigned long)__builtin_ctzl(x))

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef long long s64;

#define U8_MAX		((u8)~0U)
#define U16_MAX		((u16)~0U)
#define U32_MAX		((u32)~0U)
#define U64_MAX		((u64)~0ULL)
#define S8_MAX		((s8)(U8_MAX >> 1))
#define S8_MIN		((s8)(-S8_MAX - 1))
#define S16_MAX		((s16)(U16_MAX >> 1))
#define S16_MIN		((s16)(-S16_MAX - 1))
#define S32_MAX		((s32)(U32_MAX >> 1))
#define S32_MIN		((s32)(-S32_MAX - 1))
#define S64_MAX		((s64)(U64_MAX >> 1))
#define S64_MIN		((s64)(-S64_MAX - 1))

#define BIT(n)		(1UL << (n))
#define BIT_ULL(n)	(1ULL << (n))
#define GENMASK(h, l)	(((~0UL) << (l)) & (~0UL >> (63 - (h))))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
static inline unsigned long long __ebpf_align(unsigned long long x,
					      unsigned long long a)
{
	return (x + a - 1) & ~(a - 1);
}

#define ALIGN(x, a)	__ebpf_align((x), (a))
#define hweight16(x)	__builtin_popcount((u16)(x))

/* each argument evaluated once, as the kernel's */
#define __ebpf_pick(a, b, op)						\
	({ __auto_type _a = (a); __auto_type _b = (b); _a op _b ? _a : _b; })
#define min(a, b)	__ebpf_pick(a, b, <)
#define max(a, b)	__ebpf_pick(a, b, >)
#define min_t(t, a, b)	({ t _a = (a), _b = (b); _a < _b ? _a : _b; })
#define max_t(t, a, b)	({ t _a = (a), _b = (b); _a > _b ? _a : _b; })
#define __annotate_jump_table

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define fallthrough	__attribute__((__fallthrough__))

/* the kernel's internal "operation not supported" (524), as mainline's */
#define ENOTSUPP	524

static inline u64 div_u64_rem(u64 dividend, u32 divisor, u32 *remainder)
{
	*remainder = dividend % divisor;
	return dividend / divisor;
}

static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

static inline u16 swab16(u16 x) { return __builtin_bswap16(x); }
static inline u32 swab32(u32 x) { return __builtin_bswap32(x); }
static inline u64 swab64(u64 x) { return __builtin_bswap64(x); }

#define __ebpf_rmw(op, p, v) __atomic_##op((p), (v), __ATOMIC_SEQ_CST)
#define ebpf_fetch_add32(p, v)	__ebpf_rmw(fetch_add, (u32 *)(p), (u32)(v))
#define ebpf_fetch_or32(p, v)	__ebpf_rmw(fetch_or, (u32 *)(p), (u32)(v))
#define ebpf_fetch_and32(p, v)	__ebpf_rmw(fetch_and, (u32 *)(p), (u32)(v))
#define ebpf_fetch_xor32(p, v)	__ebpf_rmw(fetch_xor, (u32 *)(p), (u32)(v))
#define ebpf_xchg32(p, v)	__ebpf_rmw(exchange_n, (u32 *)(p), (u32)(v))
#define ebpf_fetch_add64(p, v)	__ebpf_rmw(fetch_add, (u64 *)(p), (u64)(v))
#define ebpf_fetch_or64(p, v)	__ebpf_rmw(fetch_or, (u64 *)(p), (u64)(v))
#define ebpf_fetch_and64(p, v)	__ebpf_rmw(fetch_and, (u64 *)(p), (u64)(v))
#define ebpf_fetch_xor64(p, v)	__ebpf_rmw(fetch_xor, (u64 *)(p), (u64)(v))
#define ebpf_xchg64(p, v)	__ebpf_rmw(exchange_n, (u64 *)(p), (u64)(v))

static inline u32 ebpf_cmpxchg32(void *p, u32 old, u32 new)
{
	__atomic_compare_exchange_n((u32 *)p, &old, new, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return old;
}

static inline u64 ebpf_cmpxchg64(void *p, u64 old, u64 new)
{
	__atomic_compare_exchange_n((u64 *)p, &old, new, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return old;
}

#define __printf(a, b)	__ebpf_attr(__format__(printf, a, b))
#define __maybe_unused	__ebpf_attr(__unused__)
#define noinline	__ebpf_attr(__noinline__)
#define ebpf_alloc(size)	malloc(size)
#define ebpf_zalloc(size)	calloc(1, (size))
#define ebpf_free(p)		free(p)
#define ebpf_cond_resched()	do { } while (0)

#endif /* _EBPF_CORE_H */
