/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Verifier table: global data, an LD_IMM64 of BPF_PSEUDO_MAP_VALUE
 * pointing into the value of an array of one element (what libbpf makes
 * of a C program's .data, .bss and .rodata). The pointer is a map value
 * pointer at the LD_IMM64's offset: accesses are checked against the
 * value, BPF_F_RDONLY_PROG holds, and only an array of one element has a
 * value to point into. Included into the table of verifier_test.c.
 */

{
	.name = "global data: store, load back and return",
	.insns = {
		I_LD_MAP_VALUE(1, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, 8),
		I_ST(BPF_DW, 1, 0, 42),
		I_LDX(BPF_DW, 0, 1, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 42,
},
{
	.name = "global data: the offset counts into the value",
	.insns = {
		/* r1 points at byte 40; byte 40 via r2 from byte 0 */
		I_LD_MAP_VALUE(1, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, 40),
		I_LD_MAP_VALUE(2, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, 0),
		I_ST(BPF_W, 2, 40, 7),
		I_LDX(BPF_W, 0, 1, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 7,
},
{
	.name = "global data: the last 8 bytes",
	.insns = {
		I_LD_MAP_VALUE(1, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, 40),
		I_LDX(BPF_DW, 0, 1, 0),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "global data: a load past the value",
	.insns = {
		I_LD_MAP_VALUE(1, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, 44),
		I_LDX(BPF_DW, 0, 1, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid access to map value, value_size=48 off=44 size=8",
},
{
	.name = "global data: an offset at the value's end",
	.insns = {
		I_LD_MAP_VALUE(1, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, 48),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "invalid access to map value pointer, value_size=48 off=48",
},
{
	.name = "global data: a negative offset",
	.insns = {
		I_LD_MAP_VALUE(1, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, -1),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "invalid access to map value pointer",
},
{
	.name = "global data: an array of four elements has no direct value",
	.insns = {
		I_LD_MAP_VALUE(1, VT_ARRAY_FD), I_RAW(0, 0, 0, 0, 0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = 524,	/* ENOTSUPP */
	.errstr = "direct value access needs an array of one element",
},
{
	.name = "global data: a hash map has no direct value",
	.insns = {
		I_LD_MAP_VALUE(1, VT_HASH_FD), I_RAW(0, 0, 0, 0, 0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "no direct value access support for this map type",
},
{
	.name = "global data: an fd that is no map",
	.insns = {
		I_LD_MAP_VALUE(1, -1), I_RAW(0, 0, 0, 0, 0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EBADF,
	.errstr = "fd -1 is not pointing to valid bpf_map",
},
{
	.name = "global data: .rodata (BPF_F_RDONLY_PROG) is read",
	.insns = {
		I_LD_MAP_VALUE(1, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, 16),
		I_LDX(BPF_B, 0, 1, 3),
		I_EXIT(),
	},
	.map_flags = BPF_F_RDONLY_PROG,
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "global data: .rodata (BPF_F_RDONLY_PROG) is not written",
	.insns = {
		I_LD_MAP_VALUE(1, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, 16),
		I_ST(BPF_B, 1, 3, 1),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.map_flags = BPF_F_RDONLY_PROG,
	.result = VT_REJECT, .err = EACCES,
	.errstr = "write into map forbidden",
},
{
	.name = "global data: the pointer moves like any map value pointer",
	.insns = {
		/* byte 0 = 9, then r1 + 24 - 24 reads it back */
		I_LD_MAP_VALUE(1, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, 0),
		I_ST(BPF_B, 1, 0, 9),
		I_ALU64_IMM(BPF_ADD, 1, 24),
		I_LDX(BPF_B, 0, 1, -24),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 9,
},
{
	.name = "global data: the address is not returned unprivileged",
	.insns = {
		I_LD_MAP_VALUE(0, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, 0),
		I_EXIT(),
	},
	.flags = VT_NORUN,
	.result = VT_ACCEPT,
	.unpriv_result = VT_REJECT, .unpriv_err = EACCES,
	.unpriv_errstr = "R0 leaks addr as return value",
},
