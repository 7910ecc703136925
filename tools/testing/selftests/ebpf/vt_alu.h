/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Verifier table: ALU and ALU64 semantics (results checked through the
 * return value, 1 where all 64 bits are compared), division and modulo by
 * zero, shifts, sign extension, byte swaps; uninitialised registers and
 * writes to the frame pointer.
 * Included into the table of verifier_test.c.
 */
{
	.name = "alu64: add imm",
	.insns = {
		I_MOV64_IMM(0, 40),
		I_ALU64_IMM(BPF_ADD, 0, 2),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 42,
},
{
	.name = "alu64: add reg wraps",
	.insns = {
		I_LD64(0, 0xffffffffffffffffULL), I_LD64_HI(0xffffffffffffffffULL),
		I_MOV64_IMM(1, 2),
		I_ALU64_REG(BPF_ADD, 0, 1),
		/* r0 = (r0 == 0x1) */
		I_LD64(9, 0x1), I_LD64_HI(0x1),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: add wraps and zero-extends",
	.insns = {
		I_MOV64_IMM(0, -1),
		I_ALU32_IMM(BPF_ADD, 0, 2),
		/* r0 = (r0 == 0x1) */
		I_LD64(9, 0x1), I_LD64_HI(0x1),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: sub below zero",
	.insns = {
		I_MOV64_IMM(0, 5),
		I_ALU64_IMM(BPF_SUB, 0, 7),
		/* r0 = (r0 == 0xfffffffffffffffeULL) */
		I_LD64(9, 0xfffffffffffffffeULL), I_LD64_HI(0xfffffffffffffffeULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: sub below zero",
	.insns = {
		I_MOV32_IMM(0, 5),
		I_ALU32_IMM(BPF_SUB, 0, 7),
		/* r0 = (r0 == 0xfffffffeULL) */
		I_LD64(9, 0xfffffffeULL), I_LD64_HI(0xfffffffeULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: sub reg",
	.insns = {
		I_LD64(0, 0x100000000ULL), I_LD64_HI(0x100000000ULL),
		I_MOV64_IMM(1, 1),
		I_ALU64_REG(BPF_SUB, 0, 1),
		/* r0 = (r0 == 0xffffffffULL) */
		I_LD64(9, 0xffffffffULL), I_LD64_HI(0xffffffffULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: mul carries into the high half",
	.insns = {
		I_MOV64_IMM(0, 0x10000),
		I_ALU64_IMM(BPF_MUL, 0, 0x10000),
		/* r0 = (r0 == 0x100000000ULL) */
		I_LD64(9, 0x100000000ULL), I_LD64_HI(0x100000000ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: mul truncates",
	.insns = {
		I_MOV64_IMM(0, 0x10000),
		I_ALU32_IMM(BPF_MUL, 0, 0x10000),
		/* r0 = (r0 == 0x0) */
		I_LD64(9, 0x0), I_LD64_HI(0x0),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: mul negative",
	.insns = {
		I_MOV64_IMM(0, -3),
		I_MOV64_IMM(1, 7),
		I_ALU64_REG(BPF_MUL, 0, 1),
		/* r0 = (r0 == 0xffffffffffffffebULL) */
		I_LD64(9, 0xffffffffffffffebULL), I_LD64_HI(0xffffffffffffffebULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: div imm",
	.insns = {
		I_MOV64_IMM(0, 100),
		I_ALU64_IMM(BPF_DIV, 0, 7),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 14,
},
{
	.name = "alu64: mod imm",
	.insns = {
		I_MOV64_IMM(0, 100),
		I_ALU64_IMM(BPF_MOD, 0, 7),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 2,
},
{
	.name = "alu64: div is unsigned",
	.insns = {
		I_MOV64_IMM(0, -1),
		I_MOV64_IMM(1, 2),
		I_ALU64_REG(BPF_DIV, 0, 1),
		/* r0 = (r0 == 0x7fffffffffffffffULL) */
		I_LD64(9, 0x7fffffffffffffffULL), I_LD64_HI(0x7fffffffffffffffULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: div ignores the high half",
	.insns = {
		I_LD64(0, 0x100000000aULL), I_LD64_HI(0x100000000aULL),
		I_ALU32_IMM(BPF_DIV, 0, 2),
		/* r0 = (r0 == 0x5) */
		I_LD64(9, 0x5), I_LD64_HI(0x5),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: mod is unsigned",
	.insns = {
		I_MOV32_IMM(0, -1),
		I_ALU32_IMM(BPF_MOD, 0, 10),
		/* r0 = (r0 == 0x5) */
		I_LD64(9, 0x5), I_LD64_HI(0x5),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: div by a zero register is 0",
	.insns = {
		I_MOV64_IMM(0, 7),
		I_MOV64_IMM(1, 0),
		I_ALU64_REG(BPF_DIV, 0, 1),
		/* r0 = (r0 == 0x0) */
		I_LD64(9, 0x0), I_LD64_HI(0x0),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: mod by a zero register keeps the dividend",
	.insns = {
		I_MOV64_IMM(0, 7),
		I_MOV64_IMM(1, 0),
		I_ALU64_REG(BPF_MOD, 0, 1),
		/* r0 = (r0 == 0x7) */
		I_LD64(9, 0x7), I_LD64_HI(0x7),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: div by a zero register is 0",
	.insns = {
		I_LD64(0, 0x500000007ULL), I_LD64_HI(0x500000007ULL),
		I_MOV32_IMM(1, 0),
		I_ALU32_REG(BPF_DIV, 0, 1),
		/* r0 = (r0 == 0x0) */
		I_LD64(9, 0x0), I_LD64_HI(0x0),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: mod by a zero register keeps the low half",
	.insns = {
		I_LD64(0, 0x500000007ULL), I_LD64_HI(0x500000007ULL),
		I_MOV32_IMM(1, 0),
		I_ALU32_REG(BPF_MOD, 0, 1),
		/* r0 = (r0 == 0x7) */
		I_LD64(9, 0x7), I_LD64_HI(0x7),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: div by skb->mark (0 at run time)",
	.insns = {
		I_LDX(BPF_W, 1, 1, SKB_OFF(mark)),
		I_MOV64_IMM(0, 9),
		I_ALU64_REG(BPF_DIV, 0, 1),
		/* r0 = (r0 == 0x0) */
		I_LD64(9, 0x0), I_LD64_HI(0x0),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: mod by skb->mark (0 at run time)",
	.insns = {
		I_LDX(BPF_W, 1, 1, SKB_OFF(mark)),
		I_MOV64_IMM(0, 9),
		I_ALU64_REG(BPF_MOD, 0, 1),
		/* r0 = (r0 == 0x9) */
		I_LD64(9, 0x9), I_LD64_HI(0x9),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: mod by skb->mark (0 at run time)",
	.insns = {
		I_LDX(BPF_W, 1, 1, SKB_OFF(mark)),
		I_LD64(0, 0xffffffff00000009ULL), I_LD64_HI(0xffffffff00000009ULL),
		I_ALU32_REG(BPF_MOD, 0, 1),
		/* r0 = (r0 == 0x9) */
		I_LD64(9, 0x9), I_LD64_HI(0x9),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: div by skb->len",
	.insns = {
		I_LDX(BPF_W, 1, 1, SKB_OFF(len)),
		I_MOV64_IMM(0, 1000),
		I_ALU64_REG(BPF_DIV, 0, 1),
		/* r0 = (r0 == 0x14) */
		I_LD64(9, 0x14), I_LD64_HI(0x14),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: sdiv by a zero register is 0",
	.insns = {
		I_MOV64_IMM(0, -9),
		I_MOV64_IMM(1, 0),
		I_SDIV64_REG(0, 1),
		/* r0 = (r0 == 0x0) */
		I_LD64(9, 0x0), I_LD64_HI(0x0),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: smod by a zero register keeps the dividend",
	.insns = {
		I_MOV64_IMM(0, -9),
		I_MOV64_IMM(1, 0),
		I_SMOD64_REG(0, 1),
		/* r0 = (r0 == 0xfffffffffffffff7ULL) */
		I_LD64(9, 0xfffffffffffffff7ULL), I_LD64_HI(0xfffffffffffffff7ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: sdiv by a zero register is 0",
	.insns = {
		I_MOV32_IMM(0, -9),
		I_MOV32_IMM(1, 0),
		I_SDIV32_REG(0, 1),
		/* r0 = (r0 == 0x0) */
		I_LD64(9, 0x0), I_LD64_HI(0x0),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: smod by a zero register keeps the low half",
	.insns = {
		I_LD64(0, 0x7fffffff7ULL), I_LD64_HI(0x7fffffff7ULL),
		I_MOV32_IMM(1, 0),
		I_SMOD32_REG(0, 1),
		/* r0 = (r0 == 0xfffffff7ULL) */
		I_LD64(9, 0xfffffff7ULL), I_LD64_HI(0xfffffff7ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: sdiv truncates toward zero",
	.insns = {
		I_MOV64_IMM(0, -7),
		I_MOV64_IMM(1, 2),
		I_SDIV64_REG(0, 1),
		/* r0 = (r0 == 0xfffffffffffffffdULL) */
		I_LD64(9, 0xfffffffffffffffdULL), I_LD64_HI(0xfffffffffffffffdULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: smod takes the dividend's sign",
	.insns = {
		I_MOV64_IMM(0, -7),
		I_MOV64_IMM(1, 2),
		I_SMOD64_REG(0, 1),
		/* r0 = (r0 == 0xffffffffffffffffULL) */
		I_LD64(9, 0xffffffffffffffffULL), I_LD64_HI(0xffffffffffffffffULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: smod by a negative divisor",
	.insns = {
		I_MOV64_IMM(0, 7),
		I_MOV64_IMM(1, -2),
		I_SMOD64_REG(0, 1),
		/* r0 = (r0 == 0x1) */
		I_LD64(9, 0x1), I_LD64_HI(0x1),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: smod both negative",
	.insns = {
		I_MOV64_IMM(0, -7),
		I_MOV64_IMM(1, -2),
		I_SMOD64_REG(0, 1),
		/* r0 = (r0 == 0xffffffffffffffffULL) */
		I_LD64(9, 0xffffffffffffffffULL), I_LD64_HI(0xffffffffffffffffULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: sdiv imm",
	.insns = {
		I_MOV64_IMM(0, -100),
		I_SDIV64_IMM(0, 7),
		/* r0 = (r0 == 0xfffffffffffffff2ULL) */
		I_LD64(9, 0xfffffffffffffff2ULL), I_LD64_HI(0xfffffffffffffff2ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: smod imm",
	.insns = {
		I_MOV64_IMM(0, -100),
		I_RAW(BPF_ALU64 | BPF_MOD | BPF_K, 0, 0, 1, 7),
		/* r0 = (r0 == 0xfffffffffffffffeULL) */
		I_LD64(9, 0xfffffffffffffffeULL), I_LD64_HI(0xfffffffffffffffeULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: sdiv",
	.insns = {
		I_MOV32_IMM(0, -7),
		I_MOV32_IMM(1, 2),
		I_SDIV32_REG(0, 1),
		/* r0 = (r0 == 0xfffffffdULL) */
		I_LD64(9, 0xfffffffdULL), I_LD64_HI(0xfffffffdULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: smod",
	.insns = {
		I_MOV32_IMM(0, -7),
		I_MOV32_IMM(1, 2),
		I_SMOD32_REG(0, 1),
		/* r0 = (r0 == 0xffffffffULL) */
		I_LD64(9, 0xffffffffULL), I_LD64_HI(0xffffffffULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: sdiv imm",
	.insns = {
		I_MOV32_IMM(0, 100),
		I_RAW(BPF_ALU | BPF_DIV | BPF_K, 0, 0, 1, -7),
		/* r0 = (r0 == 0xfffffff2ULL) */
		I_LD64(9, 0xfffffff2ULL), I_LD64_HI(0xfffffff2ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: sdiv INT64_MIN by -1",
	.insns = {
		I_LD64(0, 0x8000000000000000ULL), I_LD64_HI(0x8000000000000000ULL),
		I_MOV64_IMM(1, -1),
		I_SDIV64_REG(0, 1),
		/* r0 = (r0 == 0x8000000000000000ULL) */
		I_LD64(9, 0x8000000000000000ULL), I_LD64_HI(0x8000000000000000ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: smod INT64_MIN by -1",
	.insns = {
		I_LD64(0, 0x8000000000000000ULL), I_LD64_HI(0x8000000000000000ULL),
		I_MOV64_IMM(1, -1),
		I_SMOD64_REG(0, 1),
		/* r0 = (r0 == 0x0) */
		I_LD64(9, 0x0), I_LD64_HI(0x0),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: sdiv INT64_MIN by imm -1",
	.insns = {
		I_LD64(0, 0x8000000000000000ULL), I_LD64_HI(0x8000000000000000ULL),
		I_SDIV64_IMM(0, -1),
		/* r0 = (r0 == 0x8000000000000000ULL) */
		I_LD64(9, 0x8000000000000000ULL), I_LD64_HI(0x8000000000000000ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: sdiv INT32_MIN by -1",
	.insns = {
		I_MOV32_IMM(0, -0x7fffffff - 1),
		I_MOV32_IMM(1, -1),
		I_SDIV32_REG(0, 1),
		/* r0 = (r0 == 0x80000000ULL) */
		I_LD64(9, 0x80000000ULL), I_LD64_HI(0x80000000ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: smod INT32_MIN by -1",
	.insns = {
		I_MOV32_IMM(0, -0x7fffffff - 1),
		I_MOV32_IMM(1, -1),
		I_SMOD32_REG(0, 1),
		/* r0 = (r0 == 0x0) */
		I_LD64(9, 0x0), I_LD64_HI(0x0),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: sdiv uses the divisor's low half",
	.insns = {
		I_LD64(1, 0x1ffffffffULL), I_LD64_HI(0x1ffffffffULL),
		I_MOV32_IMM(0, 6),
		I_SDIV32_REG(0, 1),
		/* r0 = (r0 == 0xfffffffaULL) */
		I_LD64(9, 0xfffffffaULL), I_LD64_HI(0xfffffffaULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: div by imm 0",
	.insns = {
		I_MOV64_IMM(0, 1),
		I_ALU64_IMM(BPF_DIV, 0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "div by zero",
},
{
	.name = "alu64: mod by imm 0",
	.insns = {
		I_MOV64_IMM(0, 1),
		I_ALU64_IMM(BPF_MOD, 0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "div by zero",
},
{
	.name = "alu32: div by imm 0",
	.insns = {
		I_MOV64_IMM(0, 1),
		I_ALU32_IMM(BPF_DIV, 0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "div by zero",
},
{
	.name = "alu64: sdiv by imm 0",
	.insns = {
		I_MOV64_IMM(0, 1),
		I_SDIV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "div by zero",
},
{
	.name = "alu32: smod by imm 0",
	.insns = {
		I_MOV64_IMM(0, 1),
		I_RAW(BPF_ALU | BPF_MOD | BPF_K, 0, 0, 1, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "div by zero",
},
{
	.name = "alu64: lsh by imm 63",
	.insns = {
		I_MOV64_IMM(0, 1),
		I_ALU64_IMM(BPF_LSH, 0, 63),
		/* r0 = (r0 == 0x8000000000000000ULL) */
		I_LD64(9, 0x8000000000000000ULL), I_LD64_HI(0x8000000000000000ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: lsh by imm 64",
	.insns = {
		I_MOV64_IMM(0, 1),
		I_ALU64_IMM(BPF_LSH, 0, 64),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "invalid shift 64",
},
{
	.name = "alu32: rsh by imm 32",
	.insns = {
		I_MOV64_IMM(0, 1),
		I_ALU32_IMM(BPF_RSH, 0, 32),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "invalid shift 32",
},
{
	.name = "alu64: arsh by imm -1",
	.insns = {
		I_MOV64_IMM(0, 1),
		I_ALU64_IMM(BPF_ARSH, 0, -1),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "invalid shift -1",
},
{
	.name = "alu32: lsh by imm 255",
	.insns = {
		I_MOV64_IMM(0, 1),
		I_ALU32_IMM(BPF_LSH, 0, 255),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "invalid shift 255",
},
{
	.name = "alu64: lsh by register 64 is masked to 0",
	.insns = {
		I_MOV64_IMM(0, 5),
		I_MOV64_IMM(1, 64),
		I_ALU64_REG(BPF_LSH, 0, 1),
		/* r0 = (r0 == 0x5) */
		I_LD64(9, 0x5), I_LD64_HI(0x5),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: rsh by register 65 is masked to 1",
	.insns = {
		I_MOV64_IMM(0, 10),
		I_MOV64_IMM(1, 65),
		I_ALU64_REG(BPF_RSH, 0, 1),
		/* r0 = (r0 == 0x5) */
		I_LD64(9, 0x5), I_LD64_HI(0x5),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: lsh by register 63",
	.insns = {
		I_MOV64_IMM(0, 3),
		I_MOV64_IMM(1, 63),
		I_ALU64_REG(BPF_LSH, 0, 1),
		/* r0 = (r0 == 0x8000000000000000ULL) */
		I_LD64(9, 0x8000000000000000ULL), I_LD64_HI(0x8000000000000000ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: lsh by register 32 is masked to 0",
	.insns = {
		I_MOV32_IMM(0, 7),
		I_MOV32_IMM(1, 32),
		I_ALU32_REG(BPF_LSH, 0, 1),
		/* r0 = (r0 == 0x7) */
		I_LD64(9, 0x7), I_LD64_HI(0x7),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: rsh by register 33 is masked to 1",
	.insns = {
		I_MOV32_IMM(0, 8),
		I_MOV32_IMM(1, 33),
		I_ALU32_REG(BPF_RSH, 0, 1),
		/* r0 = (r0 == 0x4) */
		I_LD64(9, 0x4), I_LD64_HI(0x4),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: arsh by register 63 is masked to 31",
	.insns = {
		I_MOV32_IMM(0, -0x7fffffff - 1),
		I_MOV32_IMM(1, 63),
		I_ALU32_REG(BPF_ARSH, 0, 1),
		/* r0 = (r0 == 0xffffffffULL) */
		I_LD64(9, 0xffffffffULL), I_LD64_HI(0xffffffffULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: lsh by skb->len (50)",
	.insns = {
		I_LDX(BPF_W, 1, 1, SKB_OFF(len)),
		I_MOV64_IMM(0, 1),
		I_ALU64_REG(BPF_LSH, 0, 1),
		/* r0 = (r0 == 0x4000000000000ULL) */
		I_LD64(9, 0x4000000000000ULL), I_LD64_HI(0x4000000000000ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: lsh by skb->len (50, masked to 18)",
	.insns = {
		I_LDX(BPF_W, 1, 1, SKB_OFF(len)),
		I_MOV32_IMM(0, 1),
		I_ALU32_REG(BPF_LSH, 0, 1),
		/* r0 = (r0 == 0x40000) */
		I_LD64(9, 0x40000), I_LD64_HI(0x40000),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: rsh is logical",
	.insns = {
		I_MOV64_IMM(0, -1),
		I_ALU64_IMM(BPF_RSH, 0, 60),
		/* r0 = (r0 == 0xf) */
		I_LD64(9, 0xf), I_LD64_HI(0xf),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: arsh is arithmetic",
	.insns = {
		I_MOV64_IMM(0, -16),
		I_ALU64_IMM(BPF_ARSH, 0, 2),
		/* r0 = (r0 == 0xfffffffffffffffcULL) */
		I_LD64(9, 0xfffffffffffffffcULL), I_LD64_HI(0xfffffffffffffffcULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: rsh drops the high half",
	.insns = {
		I_MOV64_IMM(0, -1),
		I_ALU32_IMM(BPF_RSH, 0, 4),
		/* r0 = (r0 == 0xfffffff) */
		I_LD64(9, 0xfffffff), I_LD64_HI(0xfffffff),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: arsh sign-fills 32 bits only",
	.insns = {
		I_MOV32_IMM(0, -0x7fffffff - 1),
		I_ALU32_IMM(BPF_ARSH, 0, 31),
		/* r0 = (r0 == 0xffffffffULL) */
		I_LD64(9, 0xffffffffULL), I_LD64_HI(0xffffffffULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: and, or, xor",
	.insns = {
		I_MOV64_IMM(0, 0x1234),
		I_ALU64_IMM(BPF_AND, 0, 0xff0),
		I_ALU64_IMM(BPF_OR, 0, 5),
		I_ALU64_IMM(BPF_XOR, 0, 0x30),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 517,
},
{
	.name = "alu64: and with imm -1 keeps all 64 bits",
	.insns = {
		I_LD64(0, 0x1234567890abcdefULL), I_LD64_HI(0x1234567890abcdefULL),
		I_ALU64_IMM(BPF_AND, 0, -1),
		/* r0 = (r0 == 0x1234567890abcdefULL) */
		I_LD64(9, 0x1234567890abcdefULL), I_LD64_HI(0x1234567890abcdefULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: and with imm -1 keeps the low half",
	.insns = {
		I_LD64(0, 0x1234567890abcdefULL), I_LD64_HI(0x1234567890abcdefULL),
		I_ALU32_IMM(BPF_AND, 0, -1),
		/* r0 = (r0 == 0x90abcdefULL) */
		I_LD64(9, 0x90abcdefULL), I_LD64_HI(0x90abcdefULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: or zero-extends",
	.insns = {
		I_MOV64_IMM(0, -1),
		I_ALU32_IMM(BPF_OR, 0, 0),
		/* r0 = (r0 == 0xffffffffULL) */
		I_LD64(9, 0xffffffffULL), I_LD64_HI(0xffffffffULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: xor reg",
	.insns = {
		I_LD64(0, 0xff000000ffULL), I_LD64_HI(0xff000000ffULL),
		I_LD64(1, 0xf00000000fULL), I_LD64_HI(0xf00000000fULL),
		I_ALU32_REG(BPF_XOR, 0, 1),
		/* r0 = (r0 == 0xf0) */
		I_LD64(9, 0xf0), I_LD64_HI(0xf0),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: xor with itself",
	.insns = {
		I_LD64(0, 0x1234567890abcdefULL), I_LD64_HI(0x1234567890abcdefULL),
		I_ALU64_REG(BPF_XOR, 0, 0),
		/* r0 = (r0 == 0x0) */
		I_LD64(9, 0x0), I_LD64_HI(0x0),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: or reg",
	.insns = {
		I_LD64(0, 0xff00000000000000ULL), I_LD64_HI(0xff00000000000000ULL),
		I_MOV64_IMM(1, 0xff),
		I_ALU64_REG(BPF_OR, 0, 1),
		/* r0 = (r0 == 0xff000000000000ffULL) */
		I_LD64(9, 0xff000000000000ffULL), I_LD64_HI(0xff000000000000ffULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: neg",
	.insns = {
		I_MOV64_IMM(0, 5),
		I_NEG64(0),
		/* r0 = (r0 == 0xfffffffffffffffbULL) */
		I_LD64(9, 0xfffffffffffffffbULL), I_LD64_HI(0xfffffffffffffffbULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: neg",
	.insns = {
		I_LD64(0, 0x100000005ULL), I_LD64_HI(0x100000005ULL),
		I_NEG32(0),
		/* r0 = (r0 == 0xfffffffbULL) */
		I_LD64(9, 0xfffffffbULL), I_LD64_HI(0xfffffffbULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: mov imm sign-extends",
	.insns = {
		I_MOV64_IMM(0, -1),
		I_ALU64_IMM(BPF_RSH, 0, 32),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0xffffffff,
},
{
	.name = "alu32: mov imm zero-extends",
	.insns = {
		I_MOV32_IMM(0, -1),
		I_ALU64_IMM(BPF_RSH, 0, 32),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "alu32: mov reg zero-extends",
	.insns = {
		I_LD64(1, 0x100000005ULL), I_LD64_HI(0x100000005ULL),
		I_MOV32_REG(0, 1),
		/* r0 = (r0 == 0x5) */
		I_LD64(9, 0x5), I_LD64_HI(0x5),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: mov reg",
	.insns = {
		I_LD64(1, 0x100000005ULL), I_LD64_HI(0x100000005ULL),
		I_MOV64_REG(0, 1),
		/* r0 = (r0 == 0x100000005ULL) */
		I_LD64(9, 0x100000005ULL), I_LD64_HI(0x100000005ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: movsx 8 bits",
	.insns = {
		I_MOV64_IMM(1, 0x80),
		I_MOVSX64(0, 1, 8),
		/* r0 = (r0 == 0xffffffffffffff80ULL) */
		I_LD64(9, 0xffffffffffffff80ULL), I_LD64_HI(0xffffffffffffff80ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: movsx 8 bits, positive",
	.insns = {
		I_MOV64_IMM(1, 0x17f),
		I_MOVSX64(0, 1, 8),
		/* r0 = (r0 == 0x7f) */
		I_LD64(9, 0x7f), I_LD64_HI(0x7f),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: movsx 16 bits",
	.insns = {
		I_MOV64_IMM(1, 0x8001),
		I_MOVSX64(0, 1, 16),
		/* r0 = (r0 == 0xffffffffffff8001ULL) */
		I_LD64(9, 0xffffffffffff8001ULL), I_LD64_HI(0xffffffffffff8001ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: movsx 32 bits",
	.insns = {
		I_LD64(1, 0x180000000ULL), I_LD64_HI(0x180000000ULL),
		I_MOVSX64(0, 1, 32),
		/* r0 = (r0 == 0xffffffff80000000ULL) */
		I_LD64(9, 0xffffffff80000000ULL), I_LD64_HI(0xffffffff80000000ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: movsx 8 bits zero-extends",
	.insns = {
		I_MOV64_IMM(1, 0xff),
		I_MOVSX32(0, 1, 8),
		/* r0 = (r0 == 0xffffffffULL) */
		I_LD64(9, 0xffffffffULL), I_LD64_HI(0xffffffffULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: movsx 16 bits zero-extends",
	.insns = {
		I_MOV64_IMM(1, 0x18000),
		I_MOVSX32(0, 1, 16),
		/* r0 = (r0 == 0xffff8000ULL) */
		I_LD64(9, 0xffff8000ULL), I_LD64_HI(0xffff8000ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: bswap16",
	.insns = {
		I_LD64(0, 0x1122334455667788ULL), I_LD64_HI(0x1122334455667788ULL),
		I_BSWAP(0, 16),
		/* r0 = (r0 == 0x8877) */
		I_LD64(9, 0x8877), I_LD64_HI(0x8877),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: bswap32",
	.insns = {
		I_LD64(0, 0x1122334455667788ULL), I_LD64_HI(0x1122334455667788ULL),
		I_BSWAP(0, 32),
		/* r0 = (r0 == 0x88776655ULL) */
		I_LD64(9, 0x88776655ULL), I_LD64_HI(0x88776655ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu64: bswap64",
	.insns = {
		I_LD64(0, 0x1122334455667788ULL), I_LD64_HI(0x1122334455667788ULL),
		I_BSWAP(0, 64),
		/* r0 = (r0 == 0x8877665544332211ULL) */
		I_LD64(9, 0x8877665544332211ULL), I_LD64_HI(0x8877665544332211ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: to_be16",
	.insns = {
		I_LD64(0, 0x1122334455667788ULL), I_LD64_HI(0x1122334455667788ULL),
		I_TO_BE(0, 16),
		/* r0 = (r0 == 0x8877) */
		I_LD64(9, 0x8877), I_LD64_HI(0x8877),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: to_be32",
	.insns = {
		I_LD64(0, 0x1122334455667788ULL), I_LD64_HI(0x1122334455667788ULL),
		I_TO_BE(0, 32),
		/* r0 = (r0 == 0x88776655ULL) */
		I_LD64(9, 0x88776655ULL), I_LD64_HI(0x88776655ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: to_be64",
	.insns = {
		I_LD64(0, 0x1122334455667788ULL), I_LD64_HI(0x1122334455667788ULL),
		I_TO_BE(0, 64),
		/* r0 = (r0 == 0x8877665544332211ULL) */
		I_LD64(9, 0x8877665544332211ULL), I_LD64_HI(0x8877665544332211ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: to_le16 truncates",
	.insns = {
		I_LD64(0, 0x1122334455667788ULL), I_LD64_HI(0x1122334455667788ULL),
		I_TO_LE(0, 16),
		/* r0 = (r0 == 0x7788) */
		I_LD64(9, 0x7788), I_LD64_HI(0x7788),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: to_le32 truncates",
	.insns = {
		I_LD64(0, 0x1122334455667788ULL), I_LD64_HI(0x1122334455667788ULL),
		I_TO_LE(0, 32),
		/* r0 = (r0 == 0x55667788) */
		I_LD64(9, 0x55667788), I_LD64_HI(0x55667788),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu32: to_le64 keeps all",
	.insns = {
		I_LD64(0, 0x1122334455667788ULL), I_LD64_HI(0x1122334455667788ULL),
		I_TO_LE(0, 64),
		/* r0 = (r0 == 0x1122334455667788ULL) */
		I_LD64(9, 0x1122334455667788ULL), I_LD64_HI(0x1122334455667788ULL),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "alu: read of uninitialised r2",
	.insns = {
		I_MOV64_REG(0, 2),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES, .errstr = "R2 !read_ok",
},
{
	.name = "alu: uninitialised source r3",
	.insns = {
		I_MOV64_IMM(0, 0),
		I_ALU64_REG(BPF_ADD, 0, 3),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES, .errstr = "R3 !read_ok",
},
{
	.name = "alu: uninitialised destination r4",
	.insns = {
		I_ALU64_IMM(BPF_ADD, 4, 1),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES, .errstr = "R4 !read_ok",
},
{
	.name = "alu: uninitialised source of mov32",
	.insns = {
		I_MOV32_REG(0, 5),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES, .errstr = "R5 !read_ok",
},
{
	.name = "alu: r9 is uninitialised at entry",
	.insns = {
		I_MOV64_REG(0, 9),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES, .errstr = "R9 !read_ok",
},
{
	.name = "alu: neg of uninitialised r0",
	.insns = {
		I_NEG64(0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES, .errstr = "R0 !read_ok",
},
{
	.name = "alu: bswap of uninitialised r0",
	.insns = {
		I_BSWAP(0, 32),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES, .errstr = "R0 !read_ok",
},
{
	.name = "alu: uninitialised on one path",
	.insns = {
		I_LDX(BPF_W, 2, 1, SKB_OFF(len)),
		I_JMP_IMM(BPF_JGT, 2, 10, 1),
		I_MOV64_IMM(3, 1),
		I_MOV64_REG(0, 3),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES, .errstr = "R3 !read_ok",
},
{
	.name = "alu: mov to r10",
	.insns = {
		I_MOV64_IMM(10, 0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "frame pointer is read only",
},
{
	.name = "alu: add to r10",
	.insns = {
		I_ALU64_IMM(BPF_ADD, 10, 8),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "frame pointer is read only",
},
{
	.name = "alu: mov32 to r10",
	.insns = {
		I_MOV32_IMM(10, 1),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "frame pointer is read only",
},
{
	.name = "alu: neg r10",
	.insns = {
		I_NEG64(10),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "frame pointer is read only",
},
{
	.name = "alu: ld_imm64 to r10",
	.insns = {
		I_LD64(10, 1), I_LD64_HI(1),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "frame pointer is read only",
},
{
	.name = "alu: ldx to r10",
	.insns = {
		I_LDX(BPF_W, 10, 1, SKB_OFF(len)),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "frame pointer is read only",
},
