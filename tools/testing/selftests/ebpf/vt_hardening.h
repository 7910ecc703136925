/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Verifier table: the Spectre v1 rule on pointer arithmetic (for loaders
 * without the bypass, see vt_case.spec_result; vt_spectre.h has the
 * masking), Spectre v4, and rules an audit found no case of: each case
 * here is the one that fails when its rule is broken.
 */
{
	.name = "spectre v1: map value pointer past the end and back",
	.insns = {
		VT_ARRAY_VALUE_R0,
		I_ALU64_IMM(BPF_ADD, 0, VT_ARRAY_VALUE),
		I_ALU64_IMM(BPF_SUB, 0, 8),
		I_LDX(BPF_DW, 0, 0, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
	.spec_result = VT_REJECT, .spec_err = EACCES,
	.spec_errstr = "R0 pointer arithmetic of map value goes out of range, prohibited for !root",
},
{
	.name = "spectre v1: map value pointer with a variable offset inside",
	.insns = {
		VT_ARRAY_VALUE_R0,
		I_LDX(BPF_B, 1, 0, 0),
		I_ALU64_IMM(BPF_AND, 1, VT_ARRAY_VALUE - 1 - 8),
		I_ALU64_REG(BPF_ADD, 0, 1),
		I_LDX(BPF_DW, 0, 0, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "spectre v1: map value pointer whose variable offset may leave",
	.insns = {
		VT_ARRAY_VALUE_R0,
		I_LDX(BPF_B, 1, 0, 0),
		I_ALU64_IMM(BPF_AND, 1, 63),
		I_ALU64_REG(BPF_ADD, 0, 1),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
	.spec_result = VT_REJECT, .spec_err = EACCES,
	.spec_errstr = "R0 pointer arithmetic of map value goes out of range, prohibited for !root",
},
{
	.name = "spectre v1: stack pointer above the frame and back",
	.insns = {
		I_MOV64_REG(1, 10),
		I_ALU64_IMM(BPF_ADD, 1, 8),
		I_ST(BPF_DW, 1, -16, 3),
		I_LDX(BPF_DW, 0, 10, -8),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 3,
	.spec_result = VT_REJECT, .spec_err = EACCES,
	.spec_errstr = "R1 stack pointer arithmetic goes out of range, prohibited for !root, off=8",
},
{
	/*
	 * Both lookups in one map (one LD_IMM64: the same map in both
	 * states). On the first path r7 is a copy of r6 (one lookup), so the
	 * null check of r6 makes r7 safe. On the second it is another lookup's
	 * result: the state is not covered by the first one, whose r6 and
	 * r7 shared an id, and the load through r7 is unchecked.
	 */
	.name = "prune: states whose two lookups shared an id do not cover two ids",
	.insns = {
		I_LDX(BPF_W, 8, 1, SKB_OFF(len)),
		I_ST(BPF_DW, 10, -8, 0),
		I_LD_MAP_FD(9, VT_ARRAY_FD), I_LD64_HI(0),
		I_MOV64_REG(1, 9),
		I_MOV64_REG(2, 10),
		I_ALU64_IMM(BPF_ADD, 2, -8),
		I_CALL(BPF_FUNC_map_lookup_elem),
		I_MOV64_REG(6, 0),
		I_MOV64_REG(1, 9),
		I_MOV64_REG(2, 10),
		I_ALU64_IMM(BPF_ADD, 2, -8),
		I_CALL(BPF_FUNC_map_lookup_elem),
		I_MOV64_REG(7, 0),
		I_JMP_IMM(BPF_JEQ, 8, 7, 1),
		I_MOV64_REG(7, 6),
		I_JMP_IMM(BPF_JEQ, 6, 0, 1),
		I_LDX(BPF_DW, 0, 7, 0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R7 invalid mem access 'map_value_or_null'",
},
{
	/*
	 * Sixteen additions of 2^28 wrap a 32-bit offset back to 0, where
	 * the store would be inside the frame: the offset is bounded at each
	 * step instead.
	 */
	.name = "bounds: a pointer's offset does not wrap through many additions",
	.insns = {
		I_MOV64_REG(1, 10),
		I_ALU64_IMM(BPF_ADD, 1, 0x10000000),
		I_ALU64_IMM(BPF_ADD, 1, 0x10000000),
		I_ALU64_IMM(BPF_ADD, 1, 0x10000000),
		I_ALU64_IMM(BPF_ADD, 1, 0x10000000),
		I_ALU64_IMM(BPF_ADD, 1, 0x10000000),
		I_ALU64_IMM(BPF_ADD, 1, 0x10000000),
		I_ALU64_IMM(BPF_ADD, 1, 0x10000000),
		I_ALU64_IMM(BPF_ADD, 1, 0x10000000),
		I_ALU64_IMM(BPF_ADD, 1, 0x10000000),
		I_ALU64_IMM(BPF_ADD, 1, 0x10000000),
		I_ALU64_IMM(BPF_ADD, 1, 0x10000000),
		I_ALU64_IMM(BPF_ADD, 1, 0x10000000),
		I_ALU64_IMM(BPF_ADD, 1, 0x10000000),
		I_ALU64_IMM(BPF_ADD, 1, 0x10000000),
		I_ALU64_IMM(BPF_ADD, 1, 0x10000000),
		I_ALU64_IMM(BPF_ADD, 1, 0x10000000),
		I_ST(BPF_DW, 1, -8, 0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "makes fp pointer be out of bounds",
	.spec_result = VT_REJECT, .spec_err = EACCES,
	.spec_errstr = "stack pointer arithmetic goes out of range",
},
{
	/*
	 * The helper overwrites the spilled map value pointer with packet
	 * bytes: what is filled back is a number, not a pointer.
	 */
	.name = "helper: a write over a spilled pointer leaves no pointer",
	.insns = {
		I_MOV64_REG(9, 1),
		VT_ARRAY_VALUE_R0,
		I_STX(BPF_DW, 10, 0, -16),
		I_MOV64_REG(1, 9),
		I_MOV64_IMM(2, 0),
		I_MOV64_REG(3, 10),
		I_ALU64_IMM(BPF_ADD, 3, -16),
		I_MOV64_IMM(4, 8),
		I_CALL(BPF_FUNC_skb_load_bytes),
		I_LDX(BPF_DW, 1, 10, -16),
		I_LDX(BPF_B, 0, 1, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R1 invalid mem access 'scalar'",
	.unpriv_result = VT_REJECT, .unpriv_err = EACCES,
	.unpriv_errstr = "attempt to corrupt spilled pointer on stack",
},
{
	/* the size may be up to 16 bytes: too many for an 8-byte buffer, past r10 */
	.name = "helper: a size argument is checked with its maximum",
	.insns = {
		I_LDX(BPF_W, 4, 1, SKB_OFF(len)),
		I_ALU64_IMM(BPF_AND, 4, 15),
		I_ALU64_IMM(BPF_ADD, 4, 1),
		I_MOV64_IMM(2, 0),
		I_MOV64_REG(3, 10),
		I_ALU64_IMM(BPF_ADD, 3, -8),
		I_CALL(BPF_FUNC_skb_load_bytes),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "invalid stack off=-8 size=16",
},
{
	/*
	 * A size of 1 to 16 bytes writes one byte for certain: the last
	 * eight stay unwritten for a loader that may not read such bytes.
	 */
	.name = "helper: marks written only what it certainly writes",
	.insns = {
		I_LDX(BPF_W, 4, 1, SKB_OFF(len)),
		I_ALU64_IMM(BPF_AND, 4, 15),
		I_ALU64_IMM(BPF_ADD, 4, 1),
		I_MOV64_IMM(2, 0),
		I_MOV64_REG(3, 10),
		I_ALU64_IMM(BPF_ADD, 3, -16),
		I_CALL(BPF_FUNC_skb_load_bytes),
		I_LDX(BPF_DW, 0, 10, -8),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
	.unpriv_result = VT_REJECT, .unpriv_err = EACCES,
	.unpriv_errstr = "invalid read from stack",
},
{
	/* the offset's low bits are unknown: the 8-byte atomic may straddle */
	.name = "atomic: a map value pointer of unknown alignment",
	.insns = {
		VT_ARRAY_VALUE_R0,
		I_LDX(BPF_B, 1, 0, 0),
		I_ALU64_IMM(BPF_AND, 1, 7),
		I_ALU64_REG(BPF_ADD, 0, 1),
		I_MOV64_IMM(2, 1),
		I_ATOMIC(BPF_DW, BPF_ADD, 0, 2, 0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "misaligned atomic access to map value",
},
/*
 * Spectre v4: a store the CPU could let a later load bypass gets a
 * barrier after it in the rewritten program (counted in user space, where
 * the rules are on), and the program computes the same with it.
 */
{
	.name = "spectre v4: a store over stack never written gets a barrier",
	.insns = {
		I_ST(BPF_DW, 10, -8, 1),
		I_LDX(BPF_DW, 0, 10, -8),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
	.flags = VT_NOSPEC, .spec_nospec = 1,
	.spec_log2 = "0: nospec after the store (Spectre v4)",
	VT_XLATED(I_ST(BPF_DW, 10, -8, 1),
		  VT_NOSPEC_BARRIER,
		  I_LDX(BPF_DW, 0, 10, -8),
		  I_EXIT()),
},
{
	.name = "spectre v4: a store over plain data needs none",
	.insns = {
		I_ST(BPF_DW, 10, -8, 1),
		I_ST(BPF_DW, 10, -8, 2),
		I_ST(BPF_W, 10, -4, 3),
		I_LDX(BPF_W, 0, 10, -8),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 2,
	.flags = VT_NOSPEC, .spec_nospec = 1,
},
{
	.name = "spectre v4: spilling a pointer over data gets a barrier",
	.insns = {
		I_ST(BPF_DW, 10, -8, 1),
		I_ST(BPF_DW, 10, -16, 5),
		I_STX(BPF_DW, 10, 10, -8),
		I_LDX(BPF_DW, 1, 10, -8),
		I_LDX(BPF_DW, 0, 1, -16),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 5,
	/*
	 * The first two over stack never written, the spill over data (a
	 * non-zero constant: zero would be kept as a spilled register).
	 */
	.flags = VT_NOSPEC, .spec_nospec = 3,
},
{
	.name = "spectre v4: a store over a spilled scalar gets a barrier",
	.insns = {
		I_MOV64_IMM(1, 0),
		I_STX(BPF_DW, 10, 1, -8),
		I_ST(BPF_W, 10, -8, 7),
		I_LDX(BPF_W, 0, 10, -8),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 7,
	.flags = VT_NOSPEC, .spec_nospec = 2,
},
{
	/* the rewrite's barrier is internal: no program may name it */
	.name = "spectre v4: the barrier opcode is not for programs",
	.insns = {
		I_RAW(BPF_ST | 0xc0, 0, 0, 0, 0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "unknown opcode c2",
},
{
	/*
	 * A size of 0 to 8 bytes writes none for certain, yet any of the
	 * eight may change: the spilled map value pointer is gone either way.
	 */
	.name = "helper: a write that may be empty still ends the spill",
	.insns = {
		I_MOV64_REG(9, 1),
		VT_ARRAY_VALUE_R0,
		I_STX(BPF_DW, 10, 0, -16),
		I_LDX(BPF_W, 2, 9, SKB_OFF(len)),
		I_ALU64_IMM(BPF_AND, 2, 8),
		I_MOV64_REG(1, 10),
		I_ALU64_IMM(BPF_ADD, 1, -16),
		I_MOV64_IMM(3, 0),
		I_CALL(BPF_FUNC_probe_read_kernel),
		I_LDX(BPF_DW, 1, 10, -16),
		I_LDX(BPF_B, 0, 1, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R1 invalid mem access 'scalar'",
	.unpriv_result = VT_REJECT, .unpriv_err = EINVAL,
	.unpriv_errstr = "program of this type cannot use helper",
},
{
	.name = "helper: a size that may be negative",
	.insns = {
		I_LDX(BPF_W, 4, 1, SKB_OFF(len)),
		I_ALU64_IMM(BPF_SUB, 4, 10),
		I_MOV64_IMM(2, 0),
		I_MOV64_REG(3, 10),
		I_ALU64_IMM(BPF_ADD, 3, -8),
		I_CALL(BPF_FUNC_skb_load_bytes),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R4 min value is negative",
},
{
	/* mainline lets a loader that may leak pointers store one atomically */
	.name = "atomic: a pointer as the operand",
	.insns = {
		I_ST(BPF_DW, 10, -8, 0),
		I_MOV64_REG(1, 10),
		I_ATOMIC(BPF_DW, BPF_ADD, 10, 1, -8),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
	.unpriv_result = VT_REJECT, .unpriv_err = EACCES,
	.unpriv_errstr = "R1 leaks addr into mem",
},
{
	.name = "spectre v1: a stack pointer at the top of the frame",
	.insns = {
		I_MOV64_REG(1, 10),
		I_ALU64_IMM(BPF_ADD, 1, 0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
	.spec_result = VT_REJECT, .spec_err = EACCES,
	.spec_errstr = "R1 stack pointer arithmetic goes out of range, prohibited for !root, off=0",
},
{
	.name = "helper: a context argument must be the context",
	.insns = {
		I_MOV64_REG(1, 10),
		I_MOV64_IMM(2, 0),
		I_MOV64_REG(3, 10),
		I_ALU64_IMM(BPF_ADD, 3, -8),
		I_MOV64_IMM(4, 8),
		I_CALL(BPF_FUNC_skb_load_bytes),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES, .errstr = "R1 type=fp expected=ctx",
},
{
	/*
	 * The first path spills 0 at fp-8, the second never writes it: the
	 * spill does not cover a slot never written, whose read is refused
	 * to a loader without CAP_PERFMON.
	 */
	.name = "prune: a spilled register does not cover stack never written",
	.insns = {
		I_LDX(BPF_W, 8, 1, SKB_OFF(len)),
		I_JMP_IMM(BPF_JEQ, 8, 7, 1),
		I_ST(BPF_DW, 10, -8, 0),
		I_LDX(BPF_DW, 0, 10, -8),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
	.unpriv_result = VT_REJECT, .unpriv_err = EACCES,
	.unpriv_errstr = "invalid read from stack off=-8 size=8",
},
{
	/* fp-8 on the first path, fp itself on the second: not covered */
	.name = "prune: a pointer does not cover one of another offset",
	.insns = {
		I_LDX(BPF_W, 8, 1, SKB_OFF(len)),
		I_MOV64_REG(6, 10),
		I_JMP_IMM(BPF_JEQ, 8, 7, 1),
		I_ALU64_IMM(BPF_ADD, 6, -8),
		I_ST(BPF_DW, 6, 0, 1),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES, .errstr = "invalid stack off=0 size=8",
	.spec_result = VT_REJECT, .spec_err = EACCES,
},
{
	/* a spilled pointer does not cover a spilled number in its slot */
	.name = "prune: spilled registers are compared, not only the bytes",
	.insns = {
		I_MOV64_REG(9, 1),
		VT_ARRAY_VALUE_R0,
		I_LDX(BPF_W, 8, 9, SKB_OFF(len)),
		I_JMP_IMM(BPF_JEQ, 8, 7, 2),
		I_STX(BPF_DW, 10, 0, -16),
		I_JA(1),
		I_STX(BPF_DW, 10, 8, -16),
		I_LDX(BPF_DW, 1, 10, -16),
		I_LDX(BPF_B, 0, 1, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R1 invalid mem access 'scalar'",
},
