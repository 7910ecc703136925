/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Funnel header of the pure core of the subsystem: the instruction table,
 * the abstract domains, the verifier, the interpreter and the JIT's
 * encoders include their kernel dependencies through this file only.
 *
 * tools/testing/ebpf compiles the same .c files in user space: it includes
 * its own shim/core.h first, which has the same include guard and provides
 * the same names, so this one is skipped. Keep the list short, and add to
 * both files at once.
 */
#ifndef _EBPF_CORE_H
#define _EBPF_CORE_H

#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/swab.h>
#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/stdarg.h>
#include <asm/byteorder.h>
#include <linux/nospec.h>
#include <uapi/linux/bpf.h>

/* A speculation barrier: EBPF_ST_NOSPEC in the interpreter. */
#define ebpf_nospec()	barrier_nospec()

/* The host's byte order, which BPF_END's TO_LE and TO_BE depend on. */
#define EBPF_HOST_BIG_ENDIAN	IS_ENABLED(CONFIG_CPU_BIG_ENDIAN)

/*
 * Atomic read-modify-write on program memory, each returning the old
 * value; the interpreter's BPF_ATOMIC instructions map onto these.
 */
#define ebpf_fetch_add32(p, v)	((u32)atomic_fetch_add((v), (atomic_t *)(p)))
#define ebpf_fetch_or32(p, v)	((u32)atomic_fetch_or((v), (atomic_t *)(p)))
#define ebpf_fetch_and32(p, v)	((u32)atomic_fetch_and((v), (atomic_t *)(p)))
#define ebpf_fetch_xor32(p, v)	((u32)atomic_fetch_xor((v), (atomic_t *)(p)))
#define ebpf_xchg32(p, v)	((u32)atomic_xchg((atomic_t *)(p), (v)))
#define ebpf_cmpxchg32(p, o, n)	((u32)atomic_cmpxchg((atomic_t *)(p), (o), (n)))
#define ebpf_fetch_add64(p, v)	((u64)atomic64_fetch_add((v), (atomic64_t *)(p)))
#define ebpf_fetch_or64(p, v)	((u64)atomic64_fetch_or((v), (atomic64_t *)(p)))
#define ebpf_fetch_and64(p, v)	((u64)atomic64_fetch_and((v), (atomic64_t *)(p)))
#define ebpf_fetch_xor64(p, v)	((u64)atomic64_fetch_xor((v), (atomic64_t *)(p)))
#define ebpf_xchg64(p, v)	((u64)atomic64_xchg((atomic64_t *)(p), (v)))
#define ebpf_cmpxchg64(p, o, n)	\
	((u64)atomic64_cmpxchg((atomic64_t *)(p), (o), (n)))

/*
 * Verifier memory: zeroed (ebpf_alloc: not), charged to the loader's
 * memory cgroup, may be large (per-instruction tables of a
 * million-instruction program).
 */
#define ebpf_alloc(size)	kvmalloc((size), GFP_KERNEL_ACCOUNT)
#define ebpf_zalloc(size)	kvzalloc((size), GFP_KERNEL_ACCOUNT)
#define ebpf_free(p)		kvfree(p)
/* Long verifications let other tasks run. */
#define ebpf_cond_resched()	cond_resched()

#endif /* _EBPF_CORE_H */
