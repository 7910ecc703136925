/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Verifier table: the string helpers. strtol and strtoul parse a buffer
 * into 8 aligned writable bytes (which they always write, so reading
 * them back needs no initialisation); strncmp compares a buffer with a
 * constant string, which must be NUL-terminated in the value of a frozen
 * map that programs only read (BPF_F_RDONLY_PROG), at a constant offset,
 * in an array of one element (what libbpf makes of .rodata). The maps of
 * VT_FROZEN cases hold vt_rodata (vt.h). The parsed values are checked
 * by running: each strtox program returns (consumed << 16) + *res.
 * Included into the table of verifier_test.c.
 */

/* strtoX(rodata + off, len, flags, fp - 8), then (r0 << 16) + *(fp - 8) */
#define VT_STRTOX(fn, off, len, flags)					\
	I_LD_MAP_VALUE(1, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, off),	\
	I_MOV64_IMM(2, len),						\
	I_MOV64_IMM(3, flags),						\
	I_MOV64_REG(4, 10),						\
	I_ALU64_IMM(BPF_ADD, 4, -8),					\
	I_CALL(BPF_FUNC_##fn),						\
	I_ALU64_IMM(BPF_LSH, 0, 16),					\
	I_LDX(BPF_DW, 1, 10, -8),					\
	I_ALU64_REG(BPF_ADD, 0, 1),					\
	I_EXIT()

#define VT_ERR16(e)	((uint32_t)-(e) << 16)	/* -e << 16, res 0 */

{
	.name = "strtol: base 0 takes blanks, a sign and the 0x prefix",
	.insns = { VT_STRTOX(strtol, 16, 8, 0) },
	.map_flags = BPF_F_RDONLY_PROG, .flags = VT_FROZEN,
	.result = VT_ACCEPT, .retval = (6 << 16) - 31,
},
{
	.name = "strtol: base 10 stops at the x of a prefix",
	.insns = { VT_STRTOX(strtol, 16, 8, 10) },
	.map_flags = BPF_F_RDONLY_PROG, .flags = VT_FROZEN,
	.result = VT_ACCEPT, .retval = 3 << 16,
},
{
	.name = "strtoul: a minus sign is -EINVAL",
	.insns = { VT_STRTOX(strtoul, 16, 8, 0) },
	.map_flags = BPF_F_RDONLY_PROG, .flags = VT_FROZEN,
	.result = VT_ACCEPT, .retval = VT_ERR16(EINVAL),
},
{
	.name = "strtoul: sixteen hex digits are all 64 bits",
	.insns = { VT_STRTOX(strtoul, 24, 16, 16) },
	.map_flags = BPF_F_RDONLY_PROG, .flags = VT_FROZEN,
	.result = VT_ACCEPT, .retval = (16 << 16) - 1,
},
{
	.name = "strtoul: seventeen hex digits are -ERANGE",
	.insns = { VT_STRTOX(strtoul, 24, 24, 16) },
	.map_flags = BPF_F_RDONLY_PROG, .flags = VT_FROZEN,
	.result = VT_ACCEPT, .retval = VT_ERR16(ERANGE),
},
{
	.name = "strtol: a value above S64_MAX is -ERANGE",
	.insns = { VT_STRTOX(strtol, 24, 16, 16) },
	.map_flags = BPF_F_RDONLY_PROG, .flags = VT_FROZEN,
	.result = VT_ACCEPT, .retval = VT_ERR16(ERANGE),
},
{
	.name = "strtol: base 3 is -EINVAL",
	.insns = { VT_STRTOX(strtol, 16, 8, 3) },
	.map_flags = BPF_F_RDONLY_PROG, .flags = VT_FROZEN,
	.result = VT_ACCEPT, .retval = VT_ERR16(EINVAL),
},
{
	.name = "strtol: flags beyond the base are -EINVAL",
	.insns = { VT_STRTOX(strtol, 16, 8, 0x20 | 10) },
	.map_flags = BPF_F_RDONLY_PROG, .flags = VT_FROZEN,
	.result = VT_ACCEPT, .retval = VT_ERR16(EINVAL),
},
{
	.name = "strtol: no digit is -EINVAL",
	.insns = { VT_STRTOX(strtol, 0, 8, 0) },
	.map_flags = BPF_F_RDONLY_PROG, .flags = VT_FROZEN,
	.result = VT_ACCEPT, .retval = VT_ERR16(EINVAL),
},
{
	.name = "strtol: a buffer on the stack, its number into a map value",
	.insns = {
		I_ST(BPF_W, 10, -16, 0x3231),	/* "12\0\0" */
		I_MOV64_REG(1, 10),
		I_ALU64_IMM(BPF_ADD, 1, -16),
		I_MOV64_IMM(2, 4),
		I_MOV64_IMM(3, 0),
		I_LD_MAP_VALUE(4, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, 8),
		I_CALL(BPF_FUNC_strtol),
		I_ALU64_IMM(BPF_LSH, 0, 16),
		I_LD_MAP_VALUE(1, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, 8),
		I_LDX(BPF_DW, 1, 1, 0),
		I_ALU64_REG(BPF_ADD, 0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = (2 << 16) + 12,
},
{
	.name = "strtol: the result into a map value off its alignment",
	.insns = {
		I_ST(BPF_W, 10, -16, 0x3231),
		I_MOV64_REG(1, 10),
		I_ALU64_IMM(BPF_ADD, 1, -16),
		I_MOV64_IMM(2, 4),
		I_MOV64_IMM(3, 0),
		I_LD_MAP_VALUE(4, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, 4),
		I_CALL(BPF_FUNC_strtol),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "misaligned value access off=4 size=8",
},
{
	.name = "strtol: the result into a map programs only read",
	.insns = {
		I_ST(BPF_W, 10, -16, 0x3231),
		I_MOV64_REG(1, 10),
		I_ALU64_IMM(BPF_ADD, 1, -16),
		I_MOV64_IMM(2, 4),
		I_MOV64_IMM(3, 0),
		I_LD_MAP_VALUE(4, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, 8),
		I_CALL(BPF_FUNC_strtol),
		I_EXIT(),
	},
	.map_flags = BPF_F_RDONLY_PROG, .flags = VT_FROZEN,
	.result = VT_REJECT, .err = EACCES,
	.errstr = "write into map forbidden",
},
{
	.name = "strtol: the result on the stack off its alignment",
	.insns = {
		I_ST(BPF_W, 10, -16, 0x3231),
		I_MOV64_REG(1, 10),
		I_ALU64_IMM(BPF_ADD, 1, -16),
		I_MOV64_IMM(2, 4),
		I_MOV64_IMM(3, 0),
		I_MOV64_REG(4, 10),
		I_ALU64_IMM(BPF_ADD, 4, -12),
		I_CALL(BPF_FUNC_strtoul),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "misaligned stack access off=-12 size=8",
},
{
	.name = "strtol: the result into the context",
	.insns = {
		I_MOV64_REG(4, 1),
		I_ST(BPF_W, 10, -16, 0x3231),
		I_MOV64_REG(1, 10),
		I_ALU64_IMM(BPF_ADD, 1, -16),
		I_MOV64_IMM(2, 4),
		I_MOV64_IMM(3, 0),
		I_CALL(BPF_FUNC_strtol),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R4 type=ctx expected=fp or map_value",
},
{
	.name = "strtol: a buffer of zero bytes",
	.insns = {
		I_ST(BPF_W, 10, -16, 0x3231),
		I_MOV64_REG(1, 10),
		I_ALU64_IMM(BPF_ADD, 1, -16),
		I_MOV64_IMM(2, 0),
		I_MOV64_IMM(3, 0),
		I_MOV64_REG(4, 10),
		I_ALU64_IMM(BPF_ADD, 4, -8),
		I_CALL(BPF_FUNC_strtol),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R2 invalid zero-sized read",
},

/* strncmp(s1, n, rodata + off) */
#define VT_STRNCMP_RODATA(off)						\
	I_LD_MAP_VALUE(3, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, off),	\
	I_CALL(BPF_FUNC_strncmp),					\
	I_EXIT()

/* s1 = "abc" on the stack (fp - 8), n = 4 */
#define VT_STACK_ABC							\
	I_ST(BPF_W, 10, -8, 0x636261),					\
	I_MOV64_REG(1, 10),						\
	I_ALU64_IMM(BPF_ADD, 1, -8),					\
	I_MOV64_IMM(2, 4)

{
	.name = "strncmp: the same string is 0",
	.insns = { VT_STACK_ABC, VT_STRNCMP_RODATA(8) },
	.map_flags = BPF_F_RDONLY_PROG, .flags = VT_FROZEN,
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "strncmp: a greater string is 1",
	.insns = {
		I_LD_MAP_VALUE(1, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, 0),
		I_MOV64_IMM(2, 5),
		VT_STRNCMP_RODATA(8),
	},
	.map_flags = BPF_F_RDONLY_PROG, .flags = VT_FROZEN,
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "strncmp: a smaller string is -1",
	.insns = {
		I_LD_MAP_VALUE(1, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, 8),
		I_MOV64_IMM(2, 3),
		VT_STRNCMP_RODATA(0),
	},
	.map_flags = BPF_F_RDONLY_PROG, .flags = VT_FROZEN,
	.result = VT_ACCEPT, .retval = 0xffffffff,
},
{
	.name = "strncmp: compares no more than n bytes",
	.insns = {
		I_ST(BPF_W, 10, -8, 0x646261),	/* "abd" */
		I_MOV64_REG(1, 10),
		I_ALU64_IMM(BPF_ADD, 1, -8),
		I_MOV64_IMM(2, 2),
		VT_STRNCMP_RODATA(8),
	},
	.map_flags = BPF_F_RDONLY_PROG, .flags = VT_FROZEN,
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "strncmp: the constant string on the stack",
	.insns = {
		VT_STACK_ABC,
		I_MOV64_REG(3, 1),
		I_CALL(BPF_FUNC_strncmp),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R3 type=fp expected=map_value",
},
{
	.name = "strncmp: the constant string in a map programs may write",
	.insns = { VT_STACK_ABC, VT_STRNCMP_RODATA(8) },
	.flags = VT_FROZEN,
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R3 does not point to a readonly map'",
},
{
	.name = "strncmp: the constant string in a map not frozen",
	.insns = { VT_STACK_ABC, VT_STRNCMP_RODATA(8) },
	.map_flags = BPF_F_RDONLY_PROG,
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R3 does not point to a readonly map'",
},
{
	.name = "strncmp: the constant string at a variable offset",
	.insns = {
		I_CALL(BPF_FUNC_get_prandom_u32),
		I_ALU64_IMM(BPF_AND, 0, 8),
		VT_STACK_ABC,
		I_LD_MAP_VALUE(3, VT_GLOBAL_FD), I_RAW(0, 0, 0, 0, 0),
		I_ALU64_REG(BPF_ADD, 3, 0),
		I_CALL(BPF_FUNC_strncmp),
		I_EXIT(),
	},
	.map_flags = BPF_F_RDONLY_PROG, .flags = VT_FROZEN,
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R3 is not a constant address'",
},
{
	.name = "strncmp: the constant string without its NUL",
	.insns = { VT_STACK_ABC, VT_STRNCMP_RODATA(24) },
	.map_flags = BPF_F_RDONLY_PROG, .flags = VT_FROZEN,
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "string is not zero-terminated",
},
{
	.name = "strncmp: the constant string in an array of four elements",
	.insns = {
		VT_ARRAY_VALUE_R0,
		I_MOV64_REG(3, 0),
		I_ALU64_IMM(BPF_ADD, 3, 8),
		VT_STACK_ABC,
		I_CALL(BPF_FUNC_strncmp),
		I_EXIT(),
	},
	.map_flags = BPF_F_RDONLY_PROG, .flags = VT_FROZEN,
	.result = VT_REJECT, .err = 524,	/* ENOTSUPP */
	.errstr = "direct value access on string failed",
},
{
	.name = "strncmp: the constant string in a hash map's value",
	.insns = {
		I_ST(BPF_DW, 10, -16, 0),
		I_MOV64_REG(2, 10),
		I_ALU64_IMM(BPF_ADD, 2, -16),
		I_LD_MAP_FD(1, VT_HASH_FD), I_LD64_HI(0),
		I_CALL(BPF_FUNC_map_lookup_elem),
		I_JMP_IMM(BPF_JNE, 0, 0, 1),
		I_EXIT(),
		I_MOV64_REG(3, 0),
		VT_STACK_ABC,
		I_CALL(BPF_FUNC_strncmp),
		I_EXIT(),
	},
	.map_flags = BPF_F_RDONLY_PROG, .flags = VT_FROZEN,
	.result = VT_REJECT, .err = EACCES,
	.errstr = "no direct value access support for this map type",
},
{
	.name = "strncmp: the constant string maybe NULL",
	.insns = {
		I_ST(BPF_DW, 10, -16, 0),
		I_MOV64_REG(2, 10),
		I_ALU64_IMM(BPF_ADD, 2, -16),
		I_LD_MAP_FD(1, VT_ARRAY_FD), I_LD64_HI(0),
		I_CALL(BPF_FUNC_map_lookup_elem),
		I_MOV64_REG(3, 0),
		VT_STACK_ABC,
		I_CALL(BPF_FUNC_strncmp),
		I_EXIT(),
	},
	.map_flags = BPF_F_RDONLY_PROG, .flags = VT_FROZEN,
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R3 type=map_value_or_null expected=map_value",
},
