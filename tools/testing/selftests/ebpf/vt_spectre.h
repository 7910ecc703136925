/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Verifier table: Spectre v1 for loaders without the bypass (unprivileged
 * ones on the test kernels, which mitigate CPU bugs): pointer arithmetic
 * with a register is masked (CVE-2019-7308) and rules that make masking
 * possible; branches a misprediction takes are checked (CVE-2021-33624).
 * Where the rules accept, spec_xlated is the program our rewrite must
 * produce (checked in user space).
 */

/* the lookup of VT_ARRAY_VALUE_R0 as the rewrite leaves it: a barrier after the key's store */
#define VT_XL_ARRAY_VALUE_R0						\
	I_ST(BPF_DW, 10, -8, 0),					\
	VT_NOSPEC_BARRIER,						\
	I_MOV64_REG(2, 10),						\
	I_ALU64_IMM(BPF_ADD, 2, -8),					\
	I_LD_MAP_FD(1, 0), I_LD64_HI(0),				\
	I_CALL(BPF_FUNC_map_lookup_elem),				\
	I_JMP_IMM(BPF_JNE, 0, 0, 1),					\
	I_EXIT()

/* AX = o when 0 <= o <= lim, else 0, without a branch */
#define VT_XL_MASK(lim, o)						\
	I_MOV32_IMM(VT_REG_AX, lim),					\
	I_ALU64_REG(BPF_SUB, VT_REG_AX, o),				\
	I_ALU64_REG(BPF_OR, VT_REG_AX, o),				\
	I_ALU64_IMM(BPF_ARSH, VT_REG_AX, 63),				\
	I_ALU64_IMM(BPF_XOR, VT_REG_AX, -1),				\
	I_ALU64_REG(BPF_AND, VT_REG_AX, o)

{
	.name = "spectre v1: a variable offset into a map value is masked",
	.insns = {
		VT_ARRAY_VALUE_R0,
		I_LDX(BPF_B, 1, 0, 0),
		I_ALU64_IMM(BPF_AND, 1, 15),
		I_ALU64_REG(BPF_ADD, 0, 1),
		I_LDX(BPF_B, 0, 0, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
	.spec_log2 = "10: R1 is masked to [0, 15] (Spectre v1)",
	VT_XLATED(VT_XL_ARRAY_VALUE_R0,
		  I_LDX(BPF_B, 1, 0, 0),
		  I_ALU64_IMM(BPF_AND, 1, 15),
		  VT_XL_MASK(15, 1),
		  I_ALU64_REG(BPF_ADD, 0, VT_REG_AX),
		  I_LDX(BPF_B, 0, 0, 0),
		  I_EXIT()),
},
{
	/*
	 * Masked, the first add's mispredicted path has the pointer unmoved,
	 * and there the negative offset leaves the value (as on mainline,
	 * whose masking of a negative variable offset is then unreachable).
	 */
	.name = "spectre v1: a negative offset after a masked add",
	.insns = {
		VT_ARRAY_VALUE_R0,
		I_LDX(BPF_B, 2, 0, 1),
		I_ALU64_IMM(BPF_AND, 2, 15),
		I_ALU64_IMM(BPF_ADD, 2, 16),
		I_LDX(BPF_B, 1, 0, 0),
		I_ALU64_IMM(BPF_AND, 1, 15),
		I_ALU64_IMM(BPF_SUB, 1, 16),
		I_ALU64_REG(BPF_ADD, 0, 2),
		I_ALU64_REG(BPF_ADD, 0, 1),
		I_LDX(BPF_B, 0, 0, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
	.spec_result = VT_REJECT, .spec_err = EACCES,
	.spec_errstr = "R0 pointer arithmetic of map value goes out of range, prohibited for !root",
},
{
	.name = "spectre v1: a subtracted offset after a masked add",
	.insns = {
		VT_ARRAY_VALUE_R0,
		I_LDX(BPF_B, 2, 0, 1),
		I_ALU64_IMM(BPF_AND, 2, 15),
		I_ALU64_IMM(BPF_ADD, 2, 16),
		I_LDX(BPF_B, 1, 0, 0),
		I_ALU64_IMM(BPF_AND, 1, 15),
		I_ALU64_REG(BPF_ADD, 0, 2),
		I_ALU64_REG(BPF_SUB, 0, 1),
		I_LDX(BPF_B, 0, 0, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
	.spec_result = VT_REJECT, .spec_err = EACCES,
	.spec_errstr = "R0 pointer arithmetic of map value goes out of range, prohibited for !root",
},
{
	.name = "spectre v1: scalar += pointer is masked with the scalar in dst",
	.insns = {
		VT_ARRAY_VALUE_R0,
		I_LDX(BPF_B, 1, 0, 0),
		I_ALU64_IMM(BPF_AND, 1, 15),
		I_ALU64_REG(BPF_ADD, 1, 0),
		I_LDX(BPF_B, 0, 1, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
	VT_XLATED(VT_XL_ARRAY_VALUE_R0,
		  I_LDX(BPF_B, 1, 0, 0),
		  I_ALU64_IMM(BPF_AND, 1, 15),
		  VT_XL_MASK(15, 1),
		  I_MOV64_REG(1, 0),
		  I_ALU64_REG(BPF_ADD, 1, VT_REG_AX),
		  I_LDX(BPF_B, 0, 1, 0),
		  I_EXIT()),
},
{
	.name = "spectre v1: a constant offset in a register becomes an immediate",
	.insns = {
		VT_ARRAY_VALUE_R0,
		I_MOV64_IMM(1, 8),
		I_ALU64_REG(BPF_ADD, 0, 1),
		I_LDX(BPF_DW, 0, 0, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
	.spec_log2 = "9: R1 is constant, an immediate after the rewrite (Spectre v1)",
	VT_XLATED(VT_XL_ARRAY_VALUE_R0,
		  I_MOV64_IMM(1, 8),
		  I_ALU64_IMM(BPF_ADD, 0, 8),
		  I_LDX(BPF_DW, 0, 0, 0),
		  I_EXIT()),
},
{
	.name = "spectre v1: a stack pointer moved by a register constant",
	.insns = {
		I_MOV64_REG(1, 10),
		I_MOV64_IMM(2, -8),
		I_ALU64_REG(BPF_ADD, 1, 2),
		I_ST(BPF_DW, 1, 0, 5),
		I_LDX(BPF_DW, 0, 10, -8),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 5,
	VT_XLATED(I_MOV64_REG(1, 10),
		  I_MOV64_IMM(2, -8),
		  I_ALU64_IMM(BPF_ADD, 1, -8),
		  I_ST(BPF_DW, 1, 0, 5),
		  VT_NOSPEC_BARRIER,
		  I_LDX(BPF_DW, 0, 10, -8),
		  I_EXIT()),
},
{
	.name = "spectre v1: an offset of either sign cannot be masked",
	.insns = {
		VT_ARRAY_VALUE_R0,
		I_LDX(BPF_B, 1, 0, 0),
		I_ALU64_IMM(BPF_AND, 1, 15),
		I_ALU64_IMM(BPF_SUB, 1, 8),
		I_ALU64_IMM(BPF_ADD, 0, 16),
		I_ALU64_REG(BPF_ADD, 0, 1),
		I_LDX(BPF_B, 0, 0, 0),
		I_EXIT(),
	},
	/* as mainline: a variable part that may be negative is unbounded above */
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R0 unbounded memory access, make sure to bounds check any such access",
	.spec_result = VT_REJECT, .spec_err = EACCES,
	.spec_errstr = "R1 has unknown scalar with mixed signed bounds, pointer arithmetic",
},
{
	.name = "spectre v1: two paths, two masking windows",
	.insns = {
		VT_ARRAY_VALUE_R0,
		I_LDX(BPF_B, 1, 0, 0),
		I_LDX(BPF_B, 2, 0, 1),
		I_JMP_IMM(BPF_JGT, 2, 5, 2),
		I_ALU64_IMM(BPF_AND, 1, 7),
		I_JA(1),
		I_ALU64_IMM(BPF_AND, 1, 15),
		I_ALU64_REG(BPF_ADD, 0, 1),
		I_LDX(BPF_B, 0, 0, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
	.spec_result = VT_REJECT, .spec_err = EACCES,
	.spec_errstr = "R0 tried to add from different maps, paths or scalars, pointer",
},
{
	.name = "spectre v1: one add, a scalar's on one path and a pointer's on the other",
	.insns = {
		VT_ARRAY_VALUE_R0,
		I_LDX(BPF_B, 1, 0, 0),
		I_ALU64_IMM(BPF_AND, 1, 15),
		I_LDX(BPF_B, 2, 0, 1),
		I_MOV64_REG(3, 0),
		I_JMP_IMM(BPF_JGT, 2, 5, 1),
		I_MOV64_IMM(3, 0),
		I_ALU64_REG(BPF_ADD, 3, 1),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
	.spec_result = VT_REJECT, .spec_err = EACCES,
	.spec_errstr = "R3 tried to add from different maps, paths or scalars",
},
{
	/* the same, the pointer's path walked first */
	.name = "spectre v1: one add, a pointer's on one path and a scalar's on the other",
	.insns = {
		VT_ARRAY_VALUE_R0,
		I_LDX(BPF_B, 1, 0, 0),
		I_ALU64_IMM(BPF_AND, 1, 15),
		I_LDX(BPF_B, 2, 0, 1),
		I_MOV64_IMM(3, 0),
		I_JMP_IMM(BPF_JGT, 2, 5, 1),
		I_MOV64_REG(3, 0),
		I_ALU64_REG(BPF_ADD, 3, 1),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
	.spec_result = VT_REJECT, .spec_err = EACCES,
	.spec_errstr = "R3 tried to add from different maps, paths or scalars",
},
{
	.name = "spectre v1: a context pointer moved by a register",
	.insns = {
		I_MOV64_IMM(2, 0),
		I_ALU64_REG(BPF_ADD, 1, 2),
		I_LDX(BPF_W, 0, 1, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = VT_SKB_LEN,
	.spec_result = VT_REJECT, .spec_err = EACCES,
	.spec_errstr = "R1 has pointer with unsupported alu operation, pointer arithmetic",
},
{
	.name = "spectre v1: after a masked add, the pointer unmoved must be safe too",
	.insns = {
		VT_ARRAY_VALUE_R0,
		I_LDX(BPF_B, 1, 0, 0),
		I_ALU64_IMM(BPF_AND, 1, 7),
		I_ALU64_IMM(BPF_ADD, 1, 1),
		I_ALU64_REG(BPF_ADD, 0, 1),
		I_LDX(BPF_B, 0, 0, -1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
	.spec_result = VT_REJECT, .spec_err = EACCES,
	.spec_errstr = "invalid access to map value",
},
{
	.name = "spectre v1: the fall-through of a jump always taken is checked",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_MOV64_IMM(2, 1),
		I_JMP_IMM(BPF_JEQ, 2, 1, 1),
		I_LDX(BPF_DW, 0, 10, -8),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
	.spec_result = VT_REJECT, .spec_err = EACCES,
	.spec_errstr = "invalid read from stack",
},
{
	.name = "spectre v1: the target of a jump never taken is checked",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_MOV64_IMM(2, 1),
		I_JMP_IMM(BPF_JEQ, 2, 2, 1),
		I_EXIT(),
		I_LDX(BPF_DW, 0, 10, -8),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
	.spec_result = VT_REJECT, .spec_err = EACCES,
	.spec_errstr = "invalid read from stack",
},
{
	.name = "spectre v1: a mispredicted jump leaves its registers unknown",
	.insns = {
		I_MOV64_IMM(2, 0),
		I_JMP_IMM(BPF_JNE, 2, 0, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_REG(1, 10),
		I_ALU64_REG(BPF_ADD, 1, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
	.spec_result = VT_REJECT, .spec_err = EINVAL,
	.spec_errstr = "math between fp pointer and register with unbounded min value",
},
{
	.name = "spectre v1: code only a misprediction reaches becomes a jump to itself",
	.insns = {
		I_MOV64_IMM(0, 3),
		I_MOV64_IMM(2, 1),
		I_JMP_IMM(BPF_JEQ, 2, 1, 1),
		I_MOV64_IMM(0, 4),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 3,
	.spec_log2 = "from 2 to 3 (speculative execution):",
	VT_XLATED(I_MOV64_IMM(0, 3),
		  I_MOV64_IMM(2, 1),
		  I_JMP_IMM(BPF_JEQ, 2, 1, 1),
		  I_JA(-1),
		  I_EXIT()),
},
{
	/*
	 * The mispredicted side of the second jump reaches 6 first, with r2
	 * unknown; the real path to 6, queued before it, comes later and
	 * must be walked: were it pruned by the mispredicted state, 6 and 7
	 * would be dead code, a loop for the real path.
	 */
	.name = "spectre v1: a mispredicted path does not prune a real one",
	.insns = {
		I_LDX(BPF_W, 6, 1, SKB_OFF(len)),
		I_MOV64_IMM(0, 0),
		I_JMP_IMM(BPF_JGT, 6, 10, 3),
		I_MOV64_IMM(2, 0),
		I_JMP_IMM(BPF_JNE, 2, 0, 1),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
	VT_XLATED(I_LDX(BPF_W, 6, 1, SKB_OFF(len)),
		  I_MOV64_IMM(0, 0),
		  I_JMP_IMM(BPF_JGT, 6, 10, 3),
		  I_MOV64_IMM(2, 0),
		  I_JMP_IMM(BPF_JNE, 2, 0, 1),
		  I_EXIT(),
		  I_MOV64_IMM(0, 1),
		  I_EXIT()),
},
