/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The JIT's pure part: translating a verified program into machine code in
 * a buffer. It knows nothing of the kernel's memory: the caller sizes the
 * image with ebpf_jit_plan(), allocates it writable at its final address,
 * has ebpf_jit_emit() fill it, then makes it read-only and executable.
 * tools/testing/ebpf builds the same file and runs its output natively.
 */
#ifndef _EBPF_JIT_H
#define _EBPF_JIT_H

#include "core.h"
#include "interp.h"

/* What the emitted code may call, and what the kernel it runs in wants. */
struct ebpf_jit_env {
	/* what the interpreter calls: a direct call to each one used */
	const struct ebpf_interp_env *interp;
	/* start with endbr64: the image is entered by an indirect call */
	bool ibt;
	/* return through this thunk (a jmp) instead of a ret */
	const void *return_thunk;
	/* an int3 after every ret and jmp out, against straight-line speculation */
	bool sls;
};

/* j->fold: a jump lands here; no code, an LD_IND after takes it over */
#define EBPF_JIT_TARGET		0x1
#define EBPF_JIT_FOLDED		0x2

/* A program to translate, and the translation's state between the steps. */
struct ebpf_jit {
	/* in */
	const struct bpf_insn *insns;
	u32 insn_cnt;
	u32 stack_depth;	/* deepest stack byte the verifier saw used */
	const struct ebpf_jit_env *env;
	/*
	 * Constant blinding: NULL, or one random word per instruction slot.
	 * Every immediate operand is then loaded as (imm ^ key) ^ key, so
	 * that no constant the program chose appears in the image.
	 */
	const u32 *keys;
	/* out of ebpf_jit_plan(): the image's size in bytes */
	u32 size;
	u32 passes;		/* sizing passes until the layout settled */
	/* private */
	u32 *addr;		/* the last pass's layout: each insn's offset, */
	u32 *next;		/* the epilogue's, the return-0 stub's, then */
				/* each LD_ABS/LD_IND's out-of-line stub's, */
				/* the LD slow paths' by size */
	u8 *jump_len;		/* bytes of each insn's jump in the last pass */
	u8 *fold;		/* per insn, EBPF_JIT_*; NULL without LD_IND */
	u8 *buf;		/* NULL while sizing */
	u32 pos;
	u32 cur;		/* the instruction being emitted */
	u32 cur_start;		/* where it starts in this pass */
	u32 key_at;		/* the insn whose blinding key is in use */
	u32 ld_cnt;		/* LD_ABS/LD_IND instructions */
	u32 ld_seen;		/* of them, emitted so far in this pass */
	u32 epilogue_len;
	u16 saved;		/* callee-saved x86 registers the program uses */
	u32 frame;		/* bytes below the frame pointer */
	s32 slot;		/* LD_ABS's value, at rbp + slot */
	s32 room_slot[3];	/* headlen - 1, 2, 4 bytes, at rbp + these */
	u8 ld_sizes;		/* sizes (1, 2, 4) of the LD_ABS/LD_IND */
	bool has_frame;
	bool pad;		/* an extra push keeps calls 16-byte aligned */
	bool ld_packet;		/* the program has LD_ABS or LD_IND */
	bool ld_ind;		/* of them, LD_IND */
	bool out_of_reach;	/* a call's target is beyond rel32 */
	bool failed;
};

/*
 * Lay out @j's program: run sizing passes until every jump has its
 * shortest encoding and the layout no longer moves; @j->size is then the
 * image size. 0, -ENOMEM, or -E2BIG when the image would be too large.
 * Release with ebpf_jit_release() whatever it returns.
 */
int ebpf_jit_plan(struct ebpf_jit *j);

/*
 * Write the image into @image, @j->size bytes at the address it will run
 * at (calls to helpers are relative to it). 0, or -ERANGE when a helper
 * is out of reach of a direct call from there, or -EFAULT when the image
 * did not come out as planned (a bug; nothing may run it).
 */
int ebpf_jit_emit(struct ebpf_jit *j, u8 *image);

void ebpf_jit_release(struct ebpf_jit *j);

/* The translated program: called with the context, returns r0. */
typedef u64 (*ebpf_jit_fn)(const void *ctx);

#endif /* _EBPF_JIT_H */
