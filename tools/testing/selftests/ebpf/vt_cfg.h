/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Verifier table: program structure. Encoding (unknown opcodes, reserved
 * fields, register numbers, LD_IMM64), control flow (jump targets,
 * unreachable code, the end of the program, loops) and calls.
 * Included into the table of verifier_test.c.
 */
{
	.name = "cfg: r0 = 0; exit",
	.insns = { I_MOV64_IMM(0, 0), I_EXIT() },
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "cfg: r0 = 42; exit",
	.insns = { I_MOV64_IMM(0, 42), I_EXIT() },
	.result = VT_ACCEPT, .retval = 42,
},
{
	.name = "cfg: empty program",
	.insns = { },
	.result = VT_REJECT, .err = E2BIG,
},
{
	.name = "cfg: exit without r0",
	.insns = { I_EXIT() },
	.result = VT_REJECT, .err = EACCES, .errstr = "R0 !read_ok",
},
{
	.name = "cfg: jump forward out of range",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_JA(5),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "jump out of range from insn 1 to 7",
},
{
	.name = "cfg: jump to one past the last insn",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_JA(1),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "jump out of range from insn 1 to 3",
},
{
	.name = "cfg: jump backward out of range",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_JA(-3),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "jump out of range from insn 1 to -1",
},
{
	.name = "cfg: conditional jump out of range",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_JMP_IMM(BPF_JEQ, 1, 0, 10),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "jump out of range from insn 1 to 12",
},
{
	.name = "cfg: jmp32 out of range backward",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_JMP32_IMM(BPF_JNE, 0, 1, -10),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "jump out of range",
},
{
	.name = "cfg: gotol out of range",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_GOTOL(100000),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "jump out of range",
},
{
	.name = "cfg: gotol makes the insn it skips unreachable",
	.insns = {
		I_MOV64_IMM(0, 1),
		I_GOTOL(1),
		I_MOV64_IMM(0, 2),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "unreachable insn 2",
},
{
	.name = "cfg: gotol forward",
	.insns = {
		I_MOV64_IMM(0, 1),
		I_LDX(BPF_W, 2, 1, SKB_OFF(len)),
		I_JMP_IMM(BPF_JEQ, 2, 0, 1),
		I_GOTOL(1),
		I_EXIT(),
		I_MOV64_IMM(0, 2),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 2,
},
{
	.name = "cfg: jump into the second slot of ld_imm64",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_JA(1),
		I_LD64(0, 1), I_LD64_HI(1),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "jump into the middle of ldimm64 insn 3",
},
{
	.name = "cfg: conditional jump into the second slot of ld_imm64",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_JMP_IMM(BPF_JGT, 1, 5, 1),
		I_LD64(0, 1), I_LD64_HI(1),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "jump into the middle of ldimm64 insn",
},
{
	.name = "cfg: backward jump into the second slot of ld_imm64",
	.insns = {
		I_LD64(0, 1), I_LD64_HI(1),
		I_JA(-2),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "jump into the middle of ldimm64 insn",
},
{
	.name = "cfg: jump over ld_imm64 lands after it",
	.insns = {
		I_MOV64_IMM(0, 3),
		I_LDX(BPF_W, 2, 1, SKB_OFF(len)),
		I_JMP_IMM(BPF_JNE, 2, 0, 2),
		I_LD64(0, 1), I_LD64_HI(1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 3,
},
{
	.name = "cfg: unreachable insn after exit",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "unreachable insn 2",
},
{
	.name = "cfg: unreachable insn jumped over",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_JA(1),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "unreachable insn 2",
},
{
	.name = "cfg: unreachable ld_imm64",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_LD64(0, 1), I_LD64_HI(1),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "unreachable insn 2",
},
{
	.name = "cfg: dead branch of a constant jump is not unreachable",
	.insns = {
		I_MOV64_IMM(0, 5),
		I_JMP_IMM(BPF_JEQ, 0, 5, 1),
		I_MOV64_IMM(0, 6),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 5,
},
{
	.name = "cfg: fall off the end",
	.insns = {
		I_MOV64_IMM(0, 0),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "last insn is not an exit or jmp",
},
{
	.name = "cfg: fall off the end after a branch",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_JMP_IMM(BPF_JEQ, 1, 0, 1),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "last insn is not an exit or jmp",
},
{
	.name = "cfg: last insn is a conditional jump",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_JMP_IMM(BPF_JEQ, 0, 0, -2),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "last insn is not an exit or jmp",
},
{
	.name = "cfg: last insn is ld_imm64",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_JMP_IMM(BPF_JEQ, 1, 0, 1),
		I_EXIT(),
		I_LD64(0, 1), I_LD64_HI(0),
	},
	.len = 5,
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "last insn is not an exit or jmp",
},
{
	.name = "cfg: infinite loop, jump to itself",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_JA(-1),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "back-edge from insn 1 to 1",
},
{
	.name = "cfg: infinite loop to insn 0",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_JA(-2),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "back-edge from insn 1 to 0",
},
{
	.name = "cfg: infinite loop, constant condition",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_MOV64_IMM(1, 1),
		I_JMP_IMM(BPF_JEQ, 1, 1, -2),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "back-edge from insn 2 to 1",
},
{
	.name = "cfg: backward jump that is not a loop",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_JA(1),
		I_JA(1),
		I_JA(-2),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "cfg: infinite loop through two jumps",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_JMP_IMM(BPF_JEQ, 0, 0, 1),
		I_EXIT(),
		I_JA(-3),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "back-edge from insn 3 to 1",
},
{
	.name = "cfg: bounded loop counting up",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_ALU64_IMM(BPF_ADD, 0, 1),
		I_JMP_IMM(BPF_JLT, 0, 10, -2),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "back-edge from insn 2 to 1",
	.differs = "bounded loops come in a later issue",
	.ref_result = VT_ACCEPT, .ref_retval = 10,
},
{
	.name = "cfg: bounded loop counting down, jmp32",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_MOV32_IMM(1, 8),
		I_ALU64_IMM(BPF_ADD, 0, 3),
		I_ALU32_IMM(BPF_SUB, 1, 1),
		I_JMP32_IMM(BPF_JNE, 1, 0, -3),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "back-edge from insn 4 to 2",
	.differs = "bounded loops come in a later issue",
	.ref_result = VT_ACCEPT, .ref_retval = 24,
},
{
	.name = "cfg: bounded loop over a map value",
	.insns = {
		/* r0 = lookup of key 0 in the array map */
		I_ST(BPF_DW, 10, -8, 0),
		I_MOV64_REG(2, 10),
		I_ALU64_IMM(BPF_ADD, 2, -8),
		I_LD_MAP_FD(1, VT_ARRAY_FD), I_LD64_HI(0),
		I_CALL(BPF_FUNC_map_lookup_elem),
		I_JMP_IMM(BPF_JNE, 0, 0, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(1, 0),
		/* loop: value[i] = i for i < 6 */
		I_STX(BPF_DW, 0, 1, 0),
		I_ALU64_IMM(BPF_ADD, 0, 8),
		I_ALU64_IMM(BPF_ADD, 1, 1),
		I_JMP_IMM(BPF_JLT, 1, 6, -4),
		I_LDX(BPF_DW, 0, 0, -8),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "back-edge from insn 13 to 10",
	.differs = "bounded loops come in a later issue",
	.ref_result = VT_ACCEPT, .ref_retval = 5,
},
{
	.name = "cfg: bpf-to-bpf call",
	.insns = {
		I_RAW(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 2),
		I_ALU64_IMM(BPF_ADD, 0, 1),
		I_EXIT(),
		I_MOV64_IMM(0, 41),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "bpf-to-bpf calls are not supported",
	.unpriv_result = VT_REJECT, .unpriv_err = EPERM,
	.differs = "bpf-to-bpf calls come in a later issue",
	.ref_result = VT_ACCEPT, .ref_retval = 42,
},
{
	.name = "cfg: bpf-to-bpf call passing an argument",
	.insns = {
		I_MOV64_IMM(1, 20),
		I_RAW(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 1),
		I_EXIT(),
		I_MOV64_REG(0, 1),
		I_ALU64_IMM(BPF_MUL, 0, 3),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "bpf-to-bpf calls are not supported",
	.unpriv_result = VT_REJECT, .unpriv_err = EPERM,
	.differs = "bpf-to-bpf calls come in a later issue",
	.ref_result = VT_ACCEPT, .ref_retval = 60,
},
{
	.name = "cfg: kfunc call",
	.insns = {
		I_RAW(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 1),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	/* ENOTSUPP, as mainline without BTF */
	.result = VT_REJECT, .err = 524,
	.errstr = "calls of kernel functions are not supported",
	.unpriv_result = VT_REJECT, .unpriv_err = EPERM,
},
{
	.name = "cfg: call with an unknown src",
	.insns = {
		I_RAW(BPF_JMP | BPF_CALL, 0, 3, 0, 1),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: unknown opcode 0xe7 (alu64 op 14)",
	.insns = { I_RAW(0xe7, 0, 0, 0, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "unknown opcode e7",
},
{
	.name = "cfg: unknown opcode 0xf4 (alu op 15)",
	.insns = { I_MOV64_IMM(0, 0), I_RAW(0xf4, 0, 0, 0, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "unknown opcode f4",
},
{
	.name = "cfg: unknown opcode 0xe5 (jmp op 14)",
	.insns = { I_MOV64_IMM(0, 0), I_RAW(0xe5, 0, 0, 0, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "unknown opcode e5",
},
{
	.name = "cfg: unknown opcode 0x86 (jmp32 call)",
	.insns = { I_MOV64_IMM(0, 0), I_RAW(0x86, 0, 0, 0, 1), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "unknown opcode 86",
},
{
	.name = "cfg: unknown opcode 0x96 (jmp32 exit)",
	.insns = { I_MOV64_IMM(0, 0), I_RAW(0x96, 0, 0, 0, 0) },
	.result = VT_REJECT, .err = EINVAL, .errstr = "last insn is not an exit or jmp",
},
{
	.name = "cfg: unknown opcode 0x00 (ld imm 32-bit)",
	.insns = { I_RAW(0x00, 0, 0, 0, 1), I_MOV64_IMM(0, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "unknown opcode 00",
},
{
	.name = "cfg: unknown opcode 0x60 (ld mem)",
	.insns = { I_MOV64_IMM(0, 0), I_RAW(0x60, 0, 1, 0, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "unknown opcode 60",
},
{
	.name = "cfg: unknown opcode 0x01 (ldx imm)",
	.insns = { I_MOV64_IMM(0, 0), I_RAW(0x01, 0, 1, 0, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "BPF_LDX uses reserved fields",
},
{
	.name = "cfg: unknown opcode 0x38 (ld abs dw)",
	.insns = { I_MOV64_REG(6, 1), I_RAW(0x38, 0, 0, 0, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "unknown opcode 38",
},
{
	.name = "cfg: unknown opcode 0x99 (ldx memsx dw)",
	.insns = { I_RAW(0x99, 0, 10, -8, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "unknown opcode 99",
},
{
	.name = "cfg: unknown opcode 0x93 (stx memsx)",
	.insns = { I_MOV64_IMM(0, 0), I_RAW(0x93, 10, 0, -8, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "unknown opcode 93",
},
{
	.name = "cfg: unknown opcode 0xda (st atomic dw)",
	.insns = { I_MOV64_IMM(0, 0), I_RAW(0xda, 10, 0, -8, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "unknown opcode da",
},
{
	.name = "cfg: unknown opcode 0xdf (alu64 end to_be)",
	.insns = { I_MOV64_IMM(0, 0), I_RAW(0xdf, 0, 0, 0, 16), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "unknown opcode df",
},
{
	.name = "cfg: unknown opcode 0x8f (alu64 neg with X)",
	.insns = { I_MOV64_IMM(0, 0), I_RAW(0x8f, 0, 0, 0, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "unknown opcode 8f",
},
{
	.name = "cfg: unknown opcode 0x0d (ja with X)",
	.insns = { I_MOV64_IMM(0, 0), I_RAW(0x0d, 0, 0, 0, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "unknown opcode 0d",
},
{
	.name = "cfg: unknown opcode 0xff",
	.insns = { I_MOV64_IMM(0, 0), I_RAW(0xff, 0, 0, 0, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "unknown opcode ff",
},
{
	.name = "cfg: unknown opcode in unreachable code",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_RAW(0xff, 0, 0, 0, 0),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "last insn is not an exit or jmp",
},
{
	.name = "cfg: unknown atomic operation",
	.insns = {
		I_ST(BPF_DW, 10, -8, 0),
		I_MOV64_IMM(1, 1),
		I_ATOMIC(BPF_DW, BPF_SUB, 10, 1, -8),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: alu64 imm with src_reg",
	.insns = { I_RAW(BPF_ALU64 | BPF_MOV | BPF_K, 0, 1, 0, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: alu64 add imm with off",
	.insns = { I_MOV64_IMM(0, 0), I_RAW(BPF_ALU64 | BPF_ADD | BPF_K, 0, 0, 1, 1), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: alu32 reg with imm",
	.insns = { I_MOV64_IMM(0, 0), I_RAW(BPF_ALU | BPF_ADD | BPF_X, 0, 1, 0, 1), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: div with off 2",
	.insns = { I_MOV64_IMM(0, 4), I_RAW(BPF_ALU64 | BPF_DIV | BPF_K, 0, 0, 2, 2), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: mov imm with off 8",
	.insns = { I_RAW(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 8, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: movsx64 with off 7",
	.insns = { I_MOV64_IMM(1, 1), I_MOVSX64(0, 1, 7), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: movsx32 with off 32",
	.insns = { I_MOV64_IMM(1, 1), I_MOVSX32(0, 1, 32), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: end with width 17",
	.insns = { I_MOV64_IMM(0, 1), I_TO_BE(0, 17), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: neg with imm",
	.insns = { I_MOV64_IMM(0, 1), I_RAW(BPF_ALU64 | BPF_NEG, 0, 0, 0, 1), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: neg with src_reg",
	.insns = { I_MOV64_IMM(0, 1), I_RAW(BPF_ALU | BPF_NEG, 0, 1, 0, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: ldx with imm",
	.insns = { I_RAW(BPF_LDX | BPF_MEM | BPF_W, 0, 1, 0, 1), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: stx with imm",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_RAW(BPF_STX | BPF_MEM | BPF_DW, 10, 0, -8, 1),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: st with src_reg",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_RAW(BPF_ST | BPF_MEM | BPF_DW, 10, 1, -8, 1),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: jmp imm with src_reg",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_RAW(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: jmp32 reg with imm",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_RAW(BPF_JMP32 | BPF_JGT | BPF_X, 0, 1, 0, 5),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: ja with imm",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_RAW(BPF_JMP | BPF_JA, 0, 0, 0, 1),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: ja with dst_reg",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_RAW(BPF_JMP | BPF_JA, 1, 0, 0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: gotol with off",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_RAW(BPF_JMP32 | BPF_JA, 0, 0, 1, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: exit with imm",
	.insns = { I_MOV64_IMM(0, 0), I_RAW(BPF_JMP | BPF_EXIT, 0, 0, 0, 1) },
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: exit with dst_reg",
	.insns = { I_MOV64_IMM(0, 0), I_RAW(BPF_JMP | BPF_EXIT, 1, 0, 0, 0) },
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: call with off",
	.insns = {
		I_RAW(BPF_JMP | BPF_CALL, 0, 0, 1, BPF_FUNC_ktime_get_ns),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: call with dst_reg",
	.insns = {
		I_RAW(BPF_JMP | BPF_CALL, 1, 0, 0, BPF_FUNC_ktime_get_ns),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: ld_abs with dst_reg",
	.insns = {
		I_MOV64_REG(6, 1),
		I_RAW(BPF_LD | BPF_ABS | BPF_B, 1, 0, 0, 9),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: reserved: ld_ind with off",
	.insns = {
		I_MOV64_REG(6, 1),
		I_MOV64_IMM(2, 0),
		I_RAW(BPF_LD | BPF_IND | BPF_B, 0, 2, 1, 9),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: register 11 as destination",
	.insns = { I_MOV64_IMM(0, 0), I_MOV64_IMM(11, 1), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "R11 is invalid",
},
{
	.name = "cfg: register 12 as source",
	.insns = { I_MOV64_REG(0, 12), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "R12 is invalid",
},
{
	.name = "cfg: register 13 as ldx base",
	.insns = { I_LDX(BPF_DW, 0, 13, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "R13 is invalid",
},
{
	.name = "cfg: register 14 stored",
	.insns = { I_MOV64_IMM(0, 0), I_STX(BPF_DW, 10, 14, -8), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "R14 is invalid",
},
{
	.name = "cfg: register 15 compared",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_JMP_IMM(BPF_JEQ, 15, 0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "R15 is invalid",
},
{
	.name = "cfg: register 11 as ld_imm64 destination",
	.insns = { I_MOV64_IMM(0, 0), I_LD64(11, 1), I_LD64_HI(1), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "R11 is invalid",
},
{
	.name = "cfg: ld_imm64 64-bit value",
	.insns = {
		I_LD64(0, 0x123456789abcdef0ULL), I_LD64_HI(0x123456789abcdef0ULL),
		/* r0 = (r0 == 0x123456789abcdef0) */
		I_LD64(9, 0x123456789abcdef0ULL), I_LD64_HI(0x123456789abcdef0ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "cfg: ld_imm64 high half returned",
	.insns = {
		I_LD64(0, 0x0000000700000009ULL), I_LD64_HI(0x0000000700000009ULL),
		I_ALU64_IMM(BPF_RSH, 0, 32),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 7,
},
{
	.name = "cfg: ld_imm64 without its second slot",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_LD64(0, 1),
	},
	/* the last slot is checked before LD_IMM64s are decoded */
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "last insn is not an exit or jmp",
},
{
	.name = "cfg: ld_imm64 second slot with an opcode",
	.insns = {
		I_LD64(0, 1), I_RAW(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "invalid bpf_ld_imm64 insn",
},
{
	.name = "cfg: ld_imm64 followed by ld_imm64",
	.insns = {
		I_LD64(0, 1), I_LD64(0, 1), I_LD64_HI(0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "invalid bpf_ld_imm64 insn",
},
{
	.name = "cfg: ld_imm64 second slot with dst_reg",
	.insns = { I_LD64(0, 1), I_RAW(0, 1, 0, 0, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "invalid bpf_ld_imm64 insn",
},
{
	.name = "cfg: ld_imm64 second slot with src_reg",
	.insns = { I_LD64(0, 1), I_RAW(0, 0, 2, 0, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "invalid bpf_ld_imm64 insn",
},
{
	.name = "cfg: ld_imm64 second slot with off",
	.insns = { I_LD64(0, 1), I_RAW(0, 0, 0, 1, 0), I_EXIT() },
	.result = VT_REJECT, .err = EINVAL, .errstr = "invalid bpf_ld_imm64 insn",
},
{
	.name = "cfg: ld_imm64 first slot with off",
	.insns = {
		I_RAW(BPF_LD | BPF_IMM | BPF_DW, 0, 0, 1, 1), I_LD64_HI(0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "uses reserved fields",
},
{
	.name = "cfg: ld_imm64 with unknown pseudo src 7",
	.insns = {
		I_RAW(BPF_LD | BPF_IMM | BPF_DW, 0, 7, 0, 1), I_LD64_HI(0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "bpf_ld_imm64 insn",
},
{
	.name = "cfg: ld_imm64 with unknown pseudo src 15",
	.insns = {
		I_RAW(BPF_LD | BPF_IMM | BPF_DW, 0, 15, 0, 1), I_LD64_HI(0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "bpf_ld_imm64 insn",
},
{
	.name = "cfg: ld_imm64 map fd that is not open",
	.insns = {
		I_LD_MAP_FD(1, 1000), I_LD64_HI(0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EBADF,
	.errstr = "fd 1000 is not pointing to valid bpf_map",
},
{
	.name = "cfg: ld_imm64 map fd -1",
	.insns = {
		I_LD_MAP_FD(1, -1), I_LD64_HI(0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EBADF,
	.errstr = "is not pointing to valid bpf_map",
},
{
	.name = "cfg: ld_imm64 map fd in unreachable code",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_LD_MAP_FD(1, 1000), I_LD64_HI(0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EBADF,
	.errstr = "is not pointing to valid bpf_map",
},
{
	.name = "cfg: ld_imm64 map with a high half (ignored)",
	.insns = {
		I_LD_MAP_FD(1, VT_HASH_FD), I_LD64_HI(1),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "cfg: ld_imm64 map, unused",
	.insns = {
		I_LD_MAP_FD(1, VT_HASH_FD), I_LD64_HI(0),
		I_MOV64_IMM(0, 4),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 4,
},
/*
 * The order of the checks decides the errno when a program has several
 * problems; mainline's: calls of BPF or kernel functions, jump targets
 * and the last instruction, then one pass in order over LDX modes,
 * LD_IMM64s (their map fds) and opcodes, then the control flow, then the
 * walk, which checks registers and reserved fields where it goes.
 */
{
	.name = "order: a jump out of range before a map fd not open",
	.insns = {
		I_LD_MAP_FD(1, 1000), I_LD64_HI(0),
		I_MOV64_IMM(0, 0),
		I_JA(5),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "jump out of range",
},
{
	.name = "order: a missing exit before a map fd not open",
	.insns = {
		I_LD_MAP_FD(1, 1000), I_LD64_HI(0),
		I_MOV64_IMM(0, 0),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "last insn is not an exit or jmp",
},
{
	.name = "order: an unknown opcode before a map fd not open",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_RAW(0xff, 0, 0, 0, 0),
		I_LD_MAP_FD(1, 1000), I_LD64_HI(0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "unknown opcode ff",
},
{
	.name = "order: a map fd not open before an unknown opcode",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_LD_MAP_FD(1, 1000), I_LD64_HI(0),
		I_RAW(0xff, 0, 0, 0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EBADF,
},
{
	.name = "order: a map fd not open before an invalid register",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_MOV64_IMM(11, 0),
		I_LD_MAP_FD(1, 1000), I_LD64_HI(0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EBADF,
},
{
	.name = "order: a map fd not open before an unreachable insn",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_LD_MAP_FD(1, 1000), I_LD64_HI(0),
		I_EXIT(),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EBADF,
},
{
	.name = "order: an uninitialised read before reserved fields further on",
	.insns = {
		I_MOV64_REG(0, 2),
		I_RAW(BPF_ALU64 | BPF_MOV | BPF_K, 0, 3, 0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES, .errstr = "R2 !read_ok",
},
{
	.name = "order: an uninitialised read before an invalid register further on",
	.insns = {
		I_MOV64_REG(0, 2),
		I_MOV64_IMM(12, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES, .errstr = "R2 !read_ok",
},
{
	/* a branch that no path takes is never checked, and cannot run */
	.name = "order: reserved fields on a branch never taken",
	.insns = {
		I_MOV64_IMM(0, 7),
		I_JMP_IMM(BPF_JEQ, 0, 7, 1),
		I_RAW(BPF_ALU64 | BPF_MOV | BPF_K, 0, 3, 0, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 7,
	/* Spectre v1: the branch a misprediction takes is checked too */
	.spec_result = VT_REJECT, .spec_err = EINVAL,
},
{
	.name = "order: an invalid register on a branch never taken",
	.insns = {
		I_MOV64_IMM(0, 7),
		I_JMP_IMM(BPF_JNE, 0, 7, 1),
		I_EXIT(),
		I_MOV64_IMM(13, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 7,
	/* Spectre v1: the branch a misprediction takes is checked too */
	.spec_result = VT_REJECT, .spec_err = EINVAL,
},
{
	.name = "order: a jump reads its dst before its reserved fields are checked",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_RAW(BPF_JMP | BPF_JEQ | BPF_K, 4, 1, 0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES, .errstr = "R4 !read_ok",
},
{
	.name = "order: a jump's reserved fields with its dst set",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_RAW(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "reserved fields",
},
{
	.name = "order: a bpf-to-bpf call is refused when reached, after the map fds",
	.insns = {
		/* the function is insns 4-5, each part ends in an exit */
		I_RAW(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 3),
		I_LD_MAP_FD(1, 1000), I_LD64_HI(0),
		I_EXIT(),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EBADF,
	.unpriv_result = VT_REJECT, .unpriv_err = EPERM,
},
{
	.name = "order: a bpf-to-bpf call to outside the program",
	.insns = {
		I_RAW(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 5),
		I_LD_MAP_FD(1, 1000), I_LD64_HI(0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "call to invalid destination",
	.unpriv_result = VT_REJECT, .unpriv_err = EPERM,
	.unpriv_errstr = "without CAP_BPF",
},
