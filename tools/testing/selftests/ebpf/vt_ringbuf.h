/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Verifier table: ring buffer records as references. ringbuf_reserve
 * returns a record or NULL; once null-checked the record is memory of the
 * reserved (constant) size, which the program must hand, unmoved, to
 * ringbuf_submit or ringbuf_discard on every path before it exits or
 * loads packet bytes; that releases it, and every copy of the pointer
 * goes with it. VT_RINGBUF_FD is a 4096-byte ring. Included into the
 * table of verifier_test.c.
 */

/* r0 = ringbuf_reserve(ring, size, 0); exit with 0 when NULL */
#define VT_RESERVE(size)						\
	I_LD_MAP_FD(1, VT_RINGBUF_FD), I_LD64_HI(0),			\
	I_MOV64_IMM(2, size),						\
	I_MOV64_IMM(3, 0),						\
	I_CALL(BPF_FUNC_ringbuf_reserve),				\
	I_JMP_IMM(BPF_JNE, 0, 0, 1),					\
	I_EXIT()

/* ringbuf_submit(r@reg, 0) */
#define VT_SUBMIT(reg)							\
	I_MOV64_REG(1, reg),						\
	I_MOV64_IMM(2, 0),						\
	I_CALL(BPF_FUNC_ringbuf_submit)

{
	.name = "ringbuf: reserve, fill and submit a record",
	.insns = {
		VT_RESERVE(16),
		I_ST(BPF_DW, 0, 0, 7),
		I_ST(BPF_DW, 0, 8, 42),
		VT_SUBMIT(0),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "ringbuf: reserve and discard a record",
	.insns = {
		VT_RESERVE(8),
		I_MOV64_REG(1, 0),
		I_MOV64_IMM(2, BPF_RB_NO_WAKEUP),
		I_CALL(BPF_FUNC_ringbuf_discard),
		I_MOV64_IMM(0, 2),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 2,
},
{
	.name = "ringbuf: a record spilled, filled back and submitted",
	.insns = {
		VT_RESERVE(8),
		I_STX(BPF_DW, 10, 0, -8),
		I_MOV64_IMM(0, 0),
		I_LDX(BPF_DW, 6, 10, -8),
		I_ST(BPF_DW, 6, 0, 3),
		VT_SUBMIT(6),
		I_MOV64_IMM(0, 3),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 3,
},
{
	.name = "ringbuf: packet bytes into a record with skb_load_bytes",
	.insns = {
		I_MOV64_REG(6, 1),
		VT_RESERVE(8),
		I_MOV64_REG(7, 0),
		I_MOV64_REG(1, 6),
		I_MOV64_IMM(2, 0),
		I_MOV64_REG(3, 7),
		I_MOV64_IMM(4, 8),
		I_CALL(BPF_FUNC_skb_load_bytes),
		VT_SUBMIT(7),
		I_MOV64_IMM(0, 4),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 4,
},
{
	.name = "ringbuf: a store before the null check",
	.insns = {
		I_LD_MAP_FD(1, VT_RINGBUF_FD), I_LD64_HI(0),
		I_MOV64_IMM(2, 8),
		I_MOV64_IMM(3, 0),
		I_CALL(BPF_FUNC_ringbuf_reserve),
		I_ST(BPF_DW, 0, 0, 7),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R0 invalid mem access 'ringbuf_mem_or_null'",
},
{
	.name = "ringbuf: submitting before the null check",
	.insns = {
		I_LD_MAP_FD(1, VT_RINGBUF_FD), I_LD64_HI(0),
		I_MOV64_IMM(2, 8),
		I_MOV64_IMM(3, 0),
		I_CALL(BPF_FUNC_ringbuf_reserve),
		VT_SUBMIT(0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R1 type=ringbuf_mem_or_null expected=ringbuf_mem",
},
{
	.name = "ringbuf: exit holding a record",
	.insns = {
		VT_RESERVE(8),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "Unreleased reference id=1 alloc_insn=4",
},
{
	/*
	 * Released on one path only. Both paths meet at the jump's target,
	 * one holding the record and one not: the first (which submitted)
	 * cannot stand for the second.
	 */
	.name = "ringbuf: a record released on one path only",
	.insns = {
		VT_RESERVE(8),
		I_MOV64_REG(6, 0),
		I_CALL(BPF_FUNC_get_prandom_u32),
		I_JMP_IMM(BPF_JGT, 0, 5, 3),
		VT_SUBMIT(6),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "Unreleased reference",
},
{
	.name = "ringbuf: a record submitted twice",
	.insns = {
		VT_RESERVE(8),
		I_MOV64_REG(6, 0),
		VT_SUBMIT(6),
		VT_SUBMIT(6),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R1 type=scalar expected=ringbuf_mem",
	.unpriv_result = VT_REJECT, .unpriv_err = EACCES,
	.unpriv_errstr = "R6 !read_ok",
},
{
	.name = "ringbuf: a spilled copy after the submit",
	.insns = {
		VT_RESERVE(8),
		I_STX(BPF_DW, 10, 0, -8),
		VT_SUBMIT(0),
		I_LDX(BPF_DW, 1, 10, -8),
		I_ST(BPF_DW, 1, 0, 1),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R1 invalid mem access 'scalar'",
	/* the slot is as if never written */
	.unpriv_result = VT_REJECT, .unpriv_err = EACCES,
	.unpriv_errstr = "invalid read from stack",
},
{
	.name = "ringbuf: r0 after a submit",
	.insns = {
		VT_RESERVE(8),
		VT_SUBMIT(0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R0 !read_ok",
},
{
	.name = "ringbuf: a store past the record",
	.insns = {
		VT_RESERVE(16),
		I_ST(BPF_DW, 0, 12, 7),
		VT_SUBMIT(0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid access to memory, mem_size=16 off=12 size=8",
},
{
	.name = "ringbuf: a helper writing past the record",
	.insns = {
		I_MOV64_REG(6, 1),
		VT_RESERVE(8),
		I_MOV64_REG(7, 0),
		I_MOV64_REG(1, 6),
		I_MOV64_IMM(2, 0),
		I_MOV64_REG(3, 7),
		I_MOV64_IMM(4, 9),
		I_CALL(BPF_FUNC_skb_load_bytes),
		VT_SUBMIT(7),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid access to memory, mem_size=8 off=0 size=9",
},
{
	.name = "ringbuf: a size not known when verifying",
	.insns = {
		I_CALL(BPF_FUNC_get_prandom_u32),
		I_ALU64_IMM(BPF_AND, 0, 15),
		I_MOV64_REG(2, 0),
		I_LD_MAP_FD(1, VT_RINGBUF_FD), I_LD64_HI(0),
		I_MOV64_IMM(3, 0),
		I_CALL(BPF_FUNC_ringbuf_reserve),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R2 is not a known constant'",
},
{
	.name = "ringbuf: submitting a moved pointer",
	.insns = {
		VT_RESERVE(16),
		I_ALU64_IMM(BPF_ADD, 0, 8),
		VT_SUBMIT(0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "R1 must have zero offset when passed to release func",
},
{
	.name = "ringbuf: submitting a map value",
	.insns = {
		VT_ARRAY_VALUE_R0,
		VT_SUBMIT(0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R1 type=map_value expected=ringbuf_mem",
},
{
	.name = "ringbuf: reserving in an array map",
	.insns = {
		I_LD_MAP_FD(1, VT_ARRAY_FD), I_LD64_HI(0),
		I_MOV64_IMM(2, 8),
		I_MOV64_IMM(3, 0),
		I_CALL(BPF_FUNC_ringbuf_reserve),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "cannot pass map_type 2 into func bpf_ringbuf_reserve#131",
},
{
	.name = "ringbuf: a packet load while holding a record",
	.insns = {
		I_MOV64_REG(6, 1),
		VT_RESERVE(8),
		I_MOV64_REG(7, 0),
		I_LD_ABS(BPF_B, 0),
		VT_SUBMIT(7),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "BPF_LD_[ABS|IND] cannot be mixed with socket references",
},
{
	.name = "ringbuf: a record of zero bytes, which nothing may touch",
	.insns = {
		VT_RESERVE(0),
		I_ST(BPF_B, 0, 0, 1),
		VT_SUBMIT(0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid access to memory, mem_size=0 off=0 size=1",
},
{
	.name = "ringbuf: an atomic add into a record",
	.insns = {
		VT_RESERVE(8),
		I_ST(BPF_DW, 0, 0, 40),
		I_MOV64_IMM(1, 2),
		I_RAW(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_ADD),
		VT_SUBMIT(0),
		I_MOV64_IMM(0, 5),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 5,
},
{
	/* 17 reservations: 2 + 17 * 4 + 2 instructions */
	.name = "ringbuf: more references than a state holds",
	.gen = vt_gen_reserves, .len = 72,
	.result = VT_REJECT, .err = E2BIG,
	.errstr = "more than 16 references held at once",
	.differs = "mainline holds any number of references: it refuses this at the exit, which leaks them all",
	.ref_result = VT_REJECT, .ref_err = EINVAL,
	.ref_unpriv_result = VT_REJECT, .ref_unpriv_err = EINVAL,
},
