/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verifier table: hand-written programs with what the verifier must
 * say about each, shared by two runners. The kselftest verifier_test.c
 * loads them through bpf(2) (on our kernel and on the reference kernel
 * with mainline's BPF); tools/testing/ebpf calls our verifier and
 * interpreter directly. So this header and the vt_*.h fragments are plain
 * data and helpers that make no system call.
 *
 * A case is loaded privileged and, for socket filters, unprivileged too
 * (no capabilities, unprivileged_bpf_disabled = 0). An accepted socket
 * filter is run once (BPF_PROG_TEST_RUN, privileged) on vt_packet, and
 * its return value compared. Tracepoint programs are only loaded.
 *
 * Maps: an LD_IMM64 with src BPF_PSEUDO_MAP_FD (or BPF_PSEUDO_MAP_VALUE)
 * and imm VT_HASH_FD, VT_ARRAY_FD or VT_GLOBAL_FD (write
 * I_LD_MAP_FD(reg, VT_HASH_FD), I_LD64_HI(0)) gets the fd of a fresh map
 * of that kind (vt_fixup_maps()); each case gets its own maps, so cases
 * are independent:
 *	hash:   key 8 bytes, value 8 bytes, 16 entries, empty
 *	array:  key 4 bytes, value 48 bytes, 4 entries, all zero
 *	global: an array of one 48-byte value, all zero (global data)
 * created with the case's map_flags (BPF_F_RDONLY_PROG, say).
 */
#ifndef VT_H
#define VT_H

#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>

#include "ebpf_asm.h"

#define VT_MAX_INSNS	64
#define VT_MAX_XLATED	32

/* Results. 0 in unpriv_result or ref_* means "as the other field says". */
enum {
	VT_DEFAULT,
	VT_ACCEPT,
	VT_REJECT,
};

/* imm of an I_LD_MAP_FD that the runner replaces by a map fd */
#define VT_HASH_FD	0x7e570001
#define VT_ARRAY_FD	0x7e570002
#define VT_GLOBAL_FD	0x7e570003
#define VT_RINGBUF_FD	0x7e570004
#define VT_QUEUE_FD	0x7e570005

#define VT_HASH_KEY	8
#define VT_HASH_VALUE	8
#define VT_HASH_ENTRIES	16
#define VT_ARRAY_KEY	4
#define VT_ARRAY_VALUE	48
#define VT_ARRAY_ENTRIES 4
#define VT_GLOBAL_ENTRIES 1
#define VT_RINGBUF_SIZE	4096
#define VT_QUEUE_VALUE	8
#define VT_QUEUE_ENTRIES 2

/*
 * Our rewrite's own instructions, for vt_case.spec_xlated: the Spectre v4
 * barrier (EBPF_ST_NOSPEC) and the scratch register AX (EBPF_REG_AX) of
 * kernel/ebpf/insn.h, which no program may use.
 */
#define VT_NOSPEC_BARRIER	I_RAW(BPF_ST | 0xc0, 0, 0, 0, 0)
#define VT_REG_AX		11
#define VT_XLATED(...)	.spec_xlated = { __VA_ARGS__ }

/* flags */
#define VT_NORUN	0x1	/* accepted but not run: the result is a pointer */
#define VT_PRIV_ONLY	0x2	/* no unprivileged load (it would say the same, slowly) */
/*
 * A privileged run stores the low half of its frame pointer in a map: the
 * interpreter's stack and the JIT's frame differ there (jit_test).
 */
#define VT_STACK_ADDR	0x4
/* check spec_nospec: the Spectre v4 barriers of the rewritten program */
#define VT_NOSPEC	0x8
/*
 * The maps hold vt_rodata (the global map's value, every array element)
 * and are frozen before the load: constant strings for the helpers that
 * take them, with the case's map_flags saying BPF_F_RDONLY_PROG or not.
 */
#define VT_FROZEN	0x10

/*
 * What VT_FROZEN maps hold, by offset: 0 "hello", 8 "abc", 16 " -0x1f",
 * 24 seventeen 'f's and seven 'x's, without a NUL up to the value's end.
 */
static const char vt_rodata[VT_ARRAY_VALUE] =
	"hello\0\0\0abc\0\0\0\0\0 -0x1f\0\0fffffffffffffffffxxxxxxx";

struct vt_case {
	const char *name;
	struct bpf_insn insns[VT_MAX_INSNS];
	/*
	 * instructions to load; 0: up to the last one that is not all zero
	 * (a program ending in the second slot of an LD_IMM64 with a zero
	 * high half needs it explicitly)
	 */
	uint32_t len;
	uint32_t prog_type;	/* 0: BPF_PROG_TYPE_SOCKET_FILTER */
	uint32_t map_flags;	/* of the maps the case names */
	const char *license;	/* NULL: "GPL" */
	uint32_t prog_flags;	/* BPF_PROG_LOAD's prog_flags */
	/* privileged load: VT_ACCEPT or VT_REJECT with errno and log fragment */
	int result;
	int err;
	const char *errstr;	/* checked on our kernel only; NULL: not checked */
	/* unprivileged load (socket filters only); VT_DEFAULT: as privileged */
	int unpriv_result;
	int unpriv_err;
	const char *unpriv_errstr;	/* NULL: errstr */
	/*
	 * Unprivileged with the Spectre rules (VT_SPECTRE): what the test
	 * kernels, which mitigate CPU bugs, give an unprivileged loader, as
	 * mainline does unless cpu_mitigations_off(); unpriv_* is then
	 * checked in user space only. VT_DEFAULT: as unprivileged, the log
	 * not checked.
	 */
	int spec_result;
	int spec_err;
	const char *spec_errstr;
	/* with VT_NOSPEC: how many barriers the rewrite inserts then */
	uint32_t spec_nospec;
	/*
	 * Not all zero: the program our rewrite makes of it then, up to its
	 * last instruction that is not all zero (user space only; LD_IMM64's
	 * imm, a map's address there, is not compared).
	 */
	struct bpf_insn spec_xlated[VT_MAX_XLATED];
	/* non-NULL: a line the log at level 2 then holds (user space only) */
	const char *spec_log2;
	/* TEST_RUN's retval (a u32) when accepted, unless VT_NORUN */
	uint32_t retval;
	uint32_t flags;
	/*
	 * Non-NULL: the reference kernel (mainline 6.12) disagrees, and why.
	 * Its results are then ref_* (VT_DEFAULT: the same as ours).
	 */
	const char *differs;
	int ref_result;
	int ref_err;
	int ref_unpriv_result;
	int ref_unpriv_err;
	int ref_spec_result;	/* VT_DEFAULT: ref_unpriv_* */
	int ref_spec_err;
	uint32_t ref_retval;
	/*
	 * Generated programs (too big for insns[]): gen fills len
	 * instructions into a buffer of that many.
	 */
	void (*gen)(struct bpf_insn *insns, uint32_t len);
};

/*
 * The frame TEST_RUN gets: Ethernet, IPv4 (protocol 17), UDP, 22 bytes of
 * payload 0..21. A socket filter sees it from the IP header on: skb->len
 * is 50 and LD_ABS offsets count from the IP header.
 */
#define VT_PACKET_LEN	64
#define VT_SKB_LEN	50
static const uint8_t vt_packet[VT_PACKET_LEN] = {
	/* Ethernet: dst, src, type 0x0800 */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x00,
	/* IPv4: version 4, ihl 5, tot_len 50, id 1, ttl 64, UDP */
	0x45, 0x00, 0x00, 0x32, 0x00, 0x01, 0x00, 0x00,
	0x40, 0x11, 0x00, 0x00,
	10, 0, 0, 1,		/* source 10.0.0.1 */
	10, 0, 0, 2,		/* destination 10.0.0.2 */
	/* UDP: ports 4096 -> 8192, length 30, no checksum */
	0x10, 0x00, 0x20, 0x00, 0x00, 0x1e, 0x00, 0x00,
	/* payload */
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
	11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
};

/* Offsets of the IPv4 header and payload as a socket filter sees them. */
#define VT_IP_PROTO	9
#define VT_IP_SRC	12
#define VT_PAYLOAD	28

/* Offsets of struct __sk_buff fields */
#define SKB_OFF(field)	((int16_t)offsetof(struct __sk_buff, field))

/*
 * Generated programs (vt_big.h), each writing exactly @len instructions.
 *
 * vt_gen_straight: r0 = 0, then r0 += 1 until the exit; returns len - 2.
 */
static inline void vt_gen_straight(struct bpf_insn *insns, uint32_t len)
{
	uint32_t i;

	insns[0] = I_MOV64_IMM(0, 0);
	for (i = 1; i + 1 < len; i++)
		insns[i] = I_ALU64_IMM(BPF_ADD, 0, 1);
	insns[len - 1] = I_EXIT();
}

/*
 * vt_gen_reserves: (len - 4) / 4 ring buffer reservations, each kept (a
 * reference held), none checked or released, then exit.
 */
static inline void vt_gen_reserves(struct bpf_insn *insns, uint32_t len)
{
	uint32_t i = 0;

	insns[i++] = I_LD_MAP_FD(6, VT_RINGBUF_FD);
	insns[i++] = I_LD64_HI(0);
	while (i + 4 + 2 <= len) {
		insns[i++] = I_MOV64_REG(1, 6);
		insns[i++] = I_MOV64_IMM(2, 8);
		insns[i++] = I_MOV64_IMM(3, 0);
		insns[i++] = I_CALL(BPF_FUNC_ringbuf_reserve);
	}
	insns[i++] = I_MOV64_IMM(0, 0);
	insns[i] = I_EXIT();
}

/*
 * VT_DIAMONDS diamonds, each on one bit of a value the verifier does not
 * know (the first u64 of the array value), so there are 2^VT_DIAMONDS
 * paths:
 *	VT_PATHS_PRECISE: each diamond shifts the bit into r7, which then
 *	    (masked) offsets a map value access: every path carries another
 *	    r7 that matters, nothing can be pruned, the program is too complex
 *	VT_PATHS_DEAD: each diamond sets r2, which the next one overwrites:
 *	    the paths differ only in dead registers
 *	VT_PATHS_IMPRECISE: r7 as in PRECISE, but it only goes into the
 *	    return value: mainline prunes values whose exact value never
 *	    matters, ours keeps every live register exact
 */
#define VT_DIAMONDS		40
#define VT_PATHS_LEN		(VT_DIAMONDS * 6 + 16)

enum { VT_PATHS_PRECISE, VT_PATHS_DEAD, VT_PATHS_IMPRECISE };

static inline void vt_gen_paths(struct bpf_insn *insns, uint32_t len,
				int mode)
{
	uint32_t n = 0, i;

	/* r8 = the value of key 0 in the array map, r6 = its first u64 */
	insns[n++] = I_ST(BPF_DW, 10, -8, 0);
	insns[n++] = I_MOV64_REG(2, 10);
	insns[n++] = I_ALU64_IMM(BPF_ADD, 2, -8);
	insns[n++] = I_LD_MAP_FD(1, VT_ARRAY_FD);
	insns[n++] = I_LD64_HI(0);
	insns[n++] = I_CALL(BPF_FUNC_map_lookup_elem);
	insns[n++] = I_JMP_IMM(BPF_JNE, 0, 0, 1);
	insns[n++] = I_EXIT();
	insns[n++] = I_MOV64_REG(8, 0);
	insns[n++] = I_LDX(BPF_DW, 6, 8, 0);
	insns[n++] = I_MOV64_IMM(7, 0);
	for (i = 0; i < VT_DIAMONDS; i++) {
		insns[n++] = I_MOV64_REG(2, 6);
		insns[n++] = I_ALU64_IMM(BPF_RSH, 2, i);
		insns[n++] = I_ALU64_IMM(BPF_AND, 2, 1);
		if (mode == VT_PATHS_DEAD) {
			insns[n++] = I_MOV64_IMM(3, 1);
			insns[n++] = I_JMP_IMM(BPF_JEQ, 2, 0, 1);
			insns[n++] = I_MOV64_IMM(3, 2);
		} else {
			insns[n++] = I_ALU64_IMM(BPF_LSH, 7, 1);
			insns[n++] = I_JMP_IMM(BPF_JEQ, 2, 0, 1);
			insns[n++] = I_ALU64_IMM(BPF_OR, 7, 1);
		}
	}
	insns[n++] = I_ALU64_IMM(BPF_AND, 7, 31);
	if (mode == VT_PATHS_IMPRECISE) {
		insns[n++] = I_MOV64_REG(0, 7);
	} else {
		insns[n++] = I_ALU64_REG(BPF_ADD, 8, 7);
		insns[n++] = I_LDX(BPF_B, 0, 8, 0);
	}
	while (n + 1 < len)
		insns[n++] = I_MOV64_REG(0, 0);
	insns[n] = I_EXIT();
}

static inline void vt_gen_paths_precise(struct bpf_insn *insns, uint32_t len)
{
	vt_gen_paths(insns, len, VT_PATHS_PRECISE);
}

static inline void vt_gen_paths_dead(struct bpf_insn *insns, uint32_t len)
{
	vt_gen_paths(insns, len, VT_PATHS_DEAD);
}

static inline void vt_gen_paths_imprecise(struct bpf_insn *insns,
					  uint32_t len)
{
	vt_gen_paths(insns, len, VT_PATHS_IMPRECISE);
}

static inline int vt_insn_zero(const struct bpf_insn *insn)
{
	return !insn->code && !insn->dst_reg && !insn->src_reg &&
	       !insn->off && !insn->imm;
}

/* Instructions to load (c->gen programs: c->len). */
static inline uint32_t vt_len(const struct vt_case *c)
{
	uint32_t n = VT_MAX_INSNS;

	if (c->len || c->gen)
		return c->len;
	while (n && vt_insn_zero(&c->insns[n - 1]))
		n--;
	return n;
}

static inline int vt_is_map_ld(const struct bpf_insn *insn, int32_t which)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW) &&
	       (insn->src_reg == BPF_PSEUDO_MAP_FD ||
		insn->src_reg == BPF_PSEUDO_MAP_VALUE) && insn->imm == which;
}

/* Does the program name the hash (array, global) map? */
static inline int vt_uses_map(const struct bpf_insn *insns, uint32_t n,
			      int32_t which)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (vt_is_map_ld(&insns[i], which))
			return 1;
	return 0;
}

/* Put the map fds into the LD_IMM64s that name them. */
static inline void vt_fixup_maps(struct bpf_insn *insns, uint32_t n,
				 int hash_fd, int array_fd, int global_fd,
				 int ringbuf_fd, int queue_fd)
{
	uint32_t i;

	for (i = 0; i + 1 < n; i++) {
		if (vt_is_map_ld(&insns[i], VT_HASH_FD))
			insns[i].imm = hash_fd;
		else if (vt_is_map_ld(&insns[i], VT_ARRAY_FD))
			insns[i].imm = array_fd;
		else if (vt_is_map_ld(&insns[i], VT_GLOBAL_FD))
			insns[i].imm = global_fd;
		else if (vt_is_map_ld(&insns[i], VT_RINGBUF_FD))
			insns[i].imm = ringbuf_fd;
		else if (vt_is_map_ld(&insns[i], VT_QUEUE_FD))
			insns[i].imm = queue_fd;
	}
}

static inline int vt_is_socket_filter(const struct vt_case *c)
{
	return c->prog_type == BPF_PROG_TYPE_UNSPEC ||
	       c->prog_type == BPF_PROG_TYPE_SOCKET_FILTER;
}

static inline uint32_t vt_prog_type(const struct vt_case *c)
{
	return c->prog_type ? c->prog_type : BPF_PROG_TYPE_SOCKET_FILTER;
}

static inline const char *vt_license(const struct vt_case *c)
{
	return c->license ? c->license : "GPL";
}

/* What one load of @c must give. */
struct vt_expect {
	int result;		/* VT_ACCEPT or VT_REJECT */
	int err;		/* positive errno when rejected */
	const char *errstr;	/* NULL: not checked */
	int run;		/* run it and compare retval */
	uint32_t retval;
};

/* @unpriv of vt_expect(): 1 unprivileged, this for the Spectre rules too */
#define VT_SPECTRE	2

/*
 * The expectation for a privileged or unprivileged load, on our kernel or
 * on the reference kernel (which gives other messages: errstr is NULL).
 */
static inline struct vt_expect vt_expect(const struct vt_case *c,
					 int unpriv, int reference)
{
	struct vt_expect e = { c->result, c->err, c->errstr, 0, c->retval };

	if (unpriv && c->unpriv_result) {
		e.result = c->unpriv_result;
		e.err = c->unpriv_err;
		if (c->unpriv_errstr)
			e.errstr = c->unpriv_errstr;
	}
	if (unpriv == VT_SPECTRE) {
		e.errstr = c->spec_errstr;
		if (c->spec_result) {
			e.result = c->spec_result;
			e.err = c->spec_err;
		}
	}
	if (reference) {
		e.errstr = NULL;
		if (c->differs) {
			int r = unpriv ? c->ref_unpriv_result : c->ref_result;
			int err = unpriv ? c->ref_unpriv_err : c->ref_err;

			if (unpriv == VT_SPECTRE && c->ref_spec_result) {
				r = c->ref_spec_result;
				err = c->ref_spec_err;
			}
			/* it only runs where the reference accepts */
			if (r == VT_ACCEPT && e.result != VT_ACCEPT)
				e.retval = c->ref_retval;
			if (r) {
				e.result = r;
				e.err = err;
			}
		}
	}
	if (e.result == VT_ACCEPT) {
		e.err = 0;
		e.errstr = NULL;
	}
	/* a Spectre load runs too: its barriers must change nothing */
	e.run = (!unpriv || unpriv == VT_SPECTRE) && e.result == VT_ACCEPT &&
		vt_is_socket_filter(c) && !(c->flags & VT_NORUN);
	return e;
}

#endif /* VT_H */
