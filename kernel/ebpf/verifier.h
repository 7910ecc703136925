/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verifier's interface. The verifier is pure: it sees the program,
 * a description of the program type (what the context allows, which
 * helpers exist) and, through a callback, the maps the program names. The
 * kernel (prog.c) and the user-space tests (tools/testing/ebpf) provide
 * those; everything else is in verifier.c, whose header comment explains
 * how it works, and the verifier_*.c files it names.
 */
#ifndef _EBPF_VERIFIER_H
#define _EBPF_VERIFIER_H

#include "core.h"
#include "scalar.h"

/* Instruction limits, as mainline: unprivileged and privileged loaders. */
#define EBPF_MAX_INSNS_UNPRIV	4096
#define EBPF_MAX_INSNS		1000000
/* Bound on verifier work: instructions processed over all paths. */
#define EBPF_MAX_PROCESSED	1000000
/* A context rewrite replaces one instruction by at most this many. */
#define EBPF_CTX_REWRITE_MAX	8

/* What a helper argument must be. */
enum ebpf_arg_type {
	EBPF_ARG_NONE,		/* not an argument; the rest are NONE too */
	EBPF_ARG_ANYTHING,	/* any initialised scalar (a pointer: ptr_leaks) */
	EBPF_ARG_MAP,		/* a map pointer from LD_IMM64 */
	EBPF_ARG_MAP_KEY,	/* readable key_size bytes of that map */
	EBPF_ARG_MAP_VALUE,	/* readable value_size bytes of that map */
	EBPF_ARG_MAP_VALUE_OUT,	/* value_size writable bytes the helper fills */
	EBPF_ARG_MEM,		/* readable bytes; the next argument is the size */
	EBPF_ARG_UNINIT_MEM,	/* writable bytes; the next argument is the size */
	EBPF_ARG_SIZE,		/* a bounded size > 0 for the previous argument */
	EBPF_ARG_SIZE_OR_ZERO,	/* the same, 0 allowed */
	EBPF_ARG_CTX,		/* the unmodified context pointer */
	EBPF_ARG_LONG_OUT,	/* 8 aligned writable bytes the helper fills */
	/* a NUL-terminated string in a frozen read-only map, at a known place */
	EBPF_ARG_CONST_STR,
	EBPF_ARG_ALLOC_SIZE,	/* a constant size to allocate, 0 allowed */
	/* ring buffer memory as reserved, which the call releases */
	EBPF_ARG_RINGBUF_RELEASE,
};

/* What a helper returns in r0. */
enum ebpf_ret_type {
	EBPF_RET_INTEGER,		/* an unknown scalar */
	EBPF_RET_MAP_VALUE_OR_NULL,	/* a value of the map in argument 1 */
	/* a new record of the ring buffer in argument 1, to be released */
	EBPF_RET_RINGBUF_MEM_OR_NULL,
	EBPF_RET_VOID,			/* nothing: r0 is not initialised */
};

struct ebpf_helper_proto {
	const char *name;		/* as in the uapi list, e.g. "map_lookup_elem" */
	bool gpl_only;			/* needs a GPL-compatible license */
	bool writes_map;		/* changes the map in argument 1 */
	/*
	 * Offered, as mainline offers it, but a load calling it fails with
	 * ENOTSUPP once its arguments are checked: it needs a kind of
	 * attachment the program type has not (get_func_ip on tracepoints)
	 */
	bool unusable;
	u8 scope;			/* enum ebpf_helper_scope (progtypes.h) */
	u8 ret;				/* enum ebpf_ret_type */
	u8 args[5];			/* enum ebpf_arg_type, for r1..r5 */
};

/* What the verifier needs to know about a map named by the program. */
struct ebpf_vmap {
	u32 map_type;
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	void *ptr;	/* the map object; written into the LD_IMM64 */
	/* BPF_F_RDONLY_PROG / BPF_F_WRONLY_PROG: what programs may do */
	u32 map_flags;
	bool frozen;	/* by BPF_MAP_FREEZE: user space writes it no more */
	/*
	 * The value of an array of one element, which an LD_IMM64 of
	 * BPF_PSEUDO_MAP_VALUE points into (global data); NULL otherwise.
	 */
	void *value;
};

/*
 * What the loader may do, each permission derived from its capabilities
 * as mainline 6.12 derives it (ebpf_loader_perms(), prog.c): CAP_BPF
 * loads programs, CAP_PERFMON (or CAP_SYS_ADMIN) lifts the checks that
 * keep kernel addresses and speculation away from unprivileged users.
 */
struct ebpf_perms {
	bool bpf;		/* CAP_BPF: 1M insns, CAP_BPF helpers, calls */
	bool perfmon;		/* CAP_PERFMON: its helpers (probe_read_kernel...) */
	bool ptr_leaks;		/* pointers may be seen as numbers */
	bool uninit_stack;	/* stack bytes never written may be read */
	bool bypass_spec_v1;	/* no Spectre v1 rules (bounds under misprediction) */
	bool bypass_spec_v4;	/* no Spectre v4 rules (store bypass) */
};

/* Every permission (@all) or none. */
static inline struct ebpf_perms ebpf_perms_all(bool all)
{
	return (struct ebpf_perms){
		.bpf = all, .perfmon = all, .ptr_leaks = all,
		.uninit_stack = all, .bypass_spec_v1 = all,
		.bypass_spec_v4 = all,
	};
}

/* A program type, as the verifier sees it. */
struct ebpf_prog_desc {
	const char *name;
	/* LD_ABS and LD_IND allowed (the context is an skb) */
	bool ld_abs;
	/*
	 * May the program access @size bytes at offset @off of its context,
	 * for writing if @write? The context pointer itself is never offset.
	 */
	bool (*ctx_access_ok)(s32 off, u32 size, bool write);
	/*
	 * Replace the allowed context access @insn (BPF_LDX, BPF_STX or
	 * BPF_ST with dst or src the context) by instructions working on the
	 * real context object: write at most EBPF_CTX_REWRITE_MAX of them to
	 * @buf and return how many, or 0 to keep @insn as it is. NULL: keep
	 * every access.
	 */
	u32 (*ctx_rewrite)(const struct bpf_insn *insn, struct bpf_insn *buf);
	/* The helper @id if this type offers it (to this loader), else NULL. */
	const struct ebpf_helper_proto *(*helper)(u32 id,
						  const struct ebpf_perms *perms);
};

/* References a program may hold at once (ring buffer records). */
#define EBPF_MAX_REFS	16

/* Register types the verifier tracks. */
enum ebpf_reg_type {
	EBPF_NOT_INIT,
	EBPF_SCALAR,
	EBPF_PTR_CTX,
	EBPF_PTR_STACK,		/* offsets relative to r10, the frame pointer */
	EBPF_PTR_MAP,		/* the map itself (helper argument only) */
	EBPF_PTR_MAP_VALUE,
	EBPF_PTR_MAP_VALUE_OR_NULL,
	/*
	 * A record reserved in a ring buffer (ringbuf_reserve): a reference
	 * the program holds until it submits or discards the record.
	 */
	EBPF_PTR_RINGBUF_MEM,
	EBPF_PTR_RINGBUF_MEM_OR_NULL,
};

/*
 * An abstract register. A pointer's value is its region's base + @off +
 * a member of @var; a scalar's value is a member of @var (@off is 0).
 */
struct ebpf_reg {
	u8 type;		/* enum ebpf_reg_type */
	/*
	 * Pointers from one lookup or reservation; for ring buffer memory
	 * also the reference held on it (ebpf_vstate.refs)
	 */
	u32 id;
	union {
		u32 map;	/* index into the verifier's map table */
		u32 mem_size;	/* ring buffer memory: the bytes reserved */
	};
	s32 off;
	struct ebpf_scalar var;
};

/* Per-byte stack contents. */
enum ebpf_stack_byte {
	EBPF_STACK_INVALID,	/* never written on this path */
	EBPF_STACK_MISC,	/* written with some scalar data */
	EBPF_STACK_SPILL,	/* part of an 8-byte register spill */
};

/* 8 bytes of stack: slot i holds bytes [r10 - 8 * (i + 1), r10 - 8 * i). */
struct ebpf_stack_slot {
	u8 bytes[8];			/* enum ebpf_stack_byte, lowest address first */
	struct ebpf_reg spill;		/* the register, if bytes are SPILL */
};

/* The abstract machine state at one instruction on one path. */
struct ebpf_vstate {
	struct ebpf_reg regs[MAX_BPF_REG];
	u32 nslots;			/* slots beyond are all INVALID */
	struct ebpf_stack_slot *slots;
	/*
	 * A path only a mispredicted branch takes (Spectre v1): checked as
	 * any other, but what it reaches is not live code.
	 */
	bool speculative;
	/*
	 * References the program holds (reserved ring buffer records, by
	 * register id) and the instructions that took them: each must be
	 * released before the program exits.
	 */
	u32 nrefs;
	struct ebpf_ref {
		u32 id;
		u32 insn;
	} refs[EBPF_MAX_REFS];
};

struct ebpf_verifier;

/* Input and output of one verification. */
struct ebpf_verify_args {
	/*
	 * in: the program, which the verifier does not modify;
	 * out (on success only): a new array holding the program rewritten
	 * for execution, which the caller frees with ebpf_free()
	 */
	const struct bpf_insn *insns;
	u32 insn_cnt;
	const struct ebpf_prog_desc *desc;
	struct ebpf_perms perms;	/* what the loader may do */
	bool gpl;		/* GPL-compatible license */
	/* log: level 0 (none), 1 (the failing path), 2 (every instruction) */
	u32 log_level;
	bool log_fixed;		/* BPF_LOG_FIXED: keep the start, not the end */
	/* BPF_F_STRICT_ALIGNMENT without BPF_F_ANY_ALIGNMENT: map values too */
	bool strict_alignment;
	bool sleepable;		/* BPF_F_SLEEPABLE: no type of ours may be */
	/* nonzero: func_info or line_info given, and why its BTF fd fails */
	int btf_info_err;
	/*
	 * The caller's buffer of log_size bytes (NULL: the log is only
	 * measured), written as the log is made, NUL-terminated at the end;
	 * through log_put/log_get when set (user memory), see log.h.
	 */
	char *log_buf;
	u32 log_size;
	int (*log_put)(char *buf, u32 at, const void *src, u32 len);
	int (*log_get)(const char *buf, u32 at, void *dst, u32 len);
	/*
	 * Resolve map fd @fd named by an LD_IMM64: fill *@map and return 0,
	 * or return -EBADF (not a map fd). Called once per LD_IMM64; the
	 * caller keeps what it needs to release later.
	 */
	int (*map_by_fd)(void *priv, s32 fd, struct ebpf_vmap *map);
	/*
	 * Optional: *@fd = the caller's fd_array[@idx], for LD_IMM64s that
	 * name their map by index; 0 or -EFAULT. NULL: no fd_array (EPROTO).
	 */
	int (*fd_array_get)(void *priv, u32 idx, s32 *fd);
	void *priv;
	/* optional: called with the state before each instruction processed */
	void (*observe)(void *priv, u32 idx, const struct ebpf_vstate *st);
	/* out */
	u32 log_len;		/* bytes the whole log needed, with the NUL */
	u32 processed;		/* instructions processed over all paths */
	u32 stack_depth;	/* deepest stack byte used */
	u32 ctx_end;		/* end of the furthest context byte accessed */
};

/*
 * Verify @args->insns and, when it is safe, rewrite it for execution:
 * LD_IMM64 of a map gets the map's address, context accesses become
 * accesses to the real context object. Returns 0 or a negative errno
 * (-EINVAL, -EACCES, -E2BIG, -EBADF, -EPERM, -ENOMEM, -EFAULT for an
 * internal error), with the reason in the log. On failure @args->insns
 * is unchanged. -ENOSPC whenever the log was truncated, over any other
 * verdict, as mainline (a rewritten program is then freed and
 * @args->insns unchanged too); -EFAULT when writing the log failed.
 */
int ebpf_verify(struct ebpf_verify_args *args);

/* Every helper this kernel knows, whatever the program type (progtypes.c). */
const struct ebpf_helper_proto *ebpf_helper_by_id(u32 id);

/* Is the concrete @val inside the abstract scalar @reg (any type's var)? */
static inline bool ebpf_reg_scalar_contains(const struct ebpf_reg *reg,
					    u64 val)
{
	return ebpf_scalar_contains(&reg->var, val);
}

#endif /* _EBPF_VERIFIER_H */
