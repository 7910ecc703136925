/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interpreter: runs a verified program. It trusts the verifier for
 * everything (registers read are initialised, memory accessed is valid,
 * jumps stay inside, helper ids exist); it only defines what the ISA
 * leaves to the implementation as RFC 9669 does (division by zero, shift
 * amounts, signed overflow).
 */
#ifndef _EBPF_INTERP_H
#define _EBPF_INTERP_H

#include "core.h"

/* bytes of stack a program may use below r10 */
#define EBPF_STACK_SIZE 512

typedef u64 (*ebpf_helper_fn)(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);

/*
 * Where the context of LD_ABS/LD_IND (r6) keeps its packet's linear
 * bytes, so that the JIT reads them in place: a pointer at offset @data,
 * and u32 lengths at @len and @data_len, the linear part being
 * len - data_len bytes (an sk_buff's fields). @len 0: nothing to read in
 * place, every load goes through load_packet().
 */
struct ebpf_linear_data {
	u16 data;
	u16 len;
	u16 data_len;
};

/* What a program may call out to; set up by the program type. */
struct ebpf_interp_env {
	/* helper functions by id; the verifier only lets known ids through */
	const ebpf_helper_fn *helpers;
	/*
	 * Legacy packet loads (LD_ABS, LD_IND) on the context in r6: fill
	 * *val with @size bytes at @offset, in network byte order, or return
	 * false, which ends the program with r0 = 0.
	 */
	bool (*load_packet)(const void *ctx, u64 offset, u32 size, u64 *val);
	struct ebpf_linear_data linear;		/* for the JIT */
};

/* Run @insns with r1 = @ctx; returns r0 at exit. */
u64 ebpf_interp_run(const struct bpf_insn *insns, const void *ctx,
		    const struct ebpf_interp_env *env);

#endif /* _EBPF_INTERP_H */
