/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Verifier table: the context. struct __sk_buff of a socket filter
 * (skb->len is 50 for vt_packet, protocol is htons(ETH_P_IP)): fields that
 * may be read and written, bad offsets, sizes and modified context
 * pointers; the tracepoint context (loaded only); LD_ABS and LD_IND, whose
 * offsets count from the IP header.
 * Included into the table of verifier_test.c.
 */
{
	.name = "ctx: len",
	.insns = {
		I_LDX(BPF_W, 0, 1, SKB_OFF(len)),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 50,
},
{
	.name = "ctx: protocol (network byte order)",
	.insns = {
		I_LDX(BPF_W, 0, 1, SKB_OFF(protocol)),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 8,
},
{
	.name = "ctx: mark",
	.insns = {
		I_LDX(BPF_W, 0, 1, SKB_OFF(mark)),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "ctx: priority",
	.insns = {
		I_LDX(BPF_W, 0, 1, SKB_OFF(priority)),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "ctx: cb[0] write then read",
	.insns = {
		I_MOV64_IMM(2, 7),
		I_STX(BPF_W, 1, 2, SKB_OFF(cb[0])),
		I_LDX(BPF_W, 0, 1, SKB_OFF(cb[0])),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 7,
},
{
	.name = "ctx: cb[4] write then read",
	.insns = {
		I_MOV64_IMM(2, 0x1234),
		I_STX(BPF_W, 1, 2, SKB_OFF(cb[4])),
		I_LDX(BPF_W, 0, 1, SKB_OFF(cb[4])),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 4660,
},
{
	.name = "ctx: cb[2] starts zeroed",
	.insns = {
		I_LDX(BPF_W, 0, 1, SKB_OFF(cb[2])),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "ctx: cb[1] written through a copy of r1",
	.insns = {
		I_MOV64_REG(2, 1),
		I_MOV64_IMM(3, 3),
		I_STX(BPF_W, 2, 3, SKB_OFF(cb[1])),
		I_LDX(BPF_W, 0, 1, SKB_OFF(cb[1])),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 3,
},
{
	.name = "ctx: cb[0] written with st",
	.insns = {
		I_ST(BPF_W, 1, SKB_OFF(cb[0]), 7),
		I_LDX(BPF_W, 0, 1, SKB_OFF(cb[0])),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 7,
},
{
	.name = "ctx: u16 read of len",
	.insns = {
		I_LDX(BPF_H, 0, 1, SKB_OFF(len)),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 50,
},
{
	.name = "ctx: u8 read of protocol",
	.insns = {
		I_LDX(BPF_B, 0, 1, SKB_OFF(protocol)),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 8,
},
{
	.name = "ctx: u64 read of len",
	.insns = {
		I_LDX(BPF_DW, 0, 1, SKB_OFF(len)),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "ctx: read past the end",
	.insns = {
		I_LDX(BPF_W, 0, 1, sizeof(struct __sk_buff)),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "ctx: read at -4",
	.insns = {
		I_LDX(BPF_W, 0, 1, -4),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "ctx: misaligned u32 read",
	.insns = {
		I_LDX(BPF_W, 0, 1, 2),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "ctx: misaligned u16 read",
	.insns = {
		I_LDX(BPF_H, 0, 1, SKB_OFF(mark) + 1),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "ctx: write len",
	.insns = {
		I_MOV64_IMM(2, 1),
		I_STX(BPF_W, 1, 2, SKB_OFF(len)),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "ctx: write mark",
	.insns = {
		I_MOV64_IMM(2, 1),
		I_STX(BPF_W, 1, 2, SKB_OFF(mark)),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "ctx: write priority",
	.insns = {
		I_MOV64_IMM(2, 1),
		I_STX(BPF_W, 1, 2, SKB_OFF(priority)),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "ctx: write protocol",
	.insns = {
		I_MOV64_IMM(2, 1),
		I_STX(BPF_W, 1, 2, SKB_OFF(protocol)),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "ctx: u64 write across cb[4] and hash",
	.insns = {
		I_MOV64_IMM(2, 1),
		I_STX(BPF_DW, 1, 2, SKB_OFF(cb[4])),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "ctx: read data",
	.insns = {
		I_LDX(BPF_W, 0, 1, SKB_OFF(data)),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "ctx: read family",
	.insns = {
		I_LDX(BPF_W, 0, 1, SKB_OFF(family)),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "ctx: read tc_classid",
	.insns = {
		I_LDX(BPF_W, 0, 1, SKB_OFF(tc_classid)),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "ctx: tc_index",
	.insns = {
		I_LDX(BPF_W, 0, 1, SKB_OFF(tc_index)),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "ctx: u8 read of tc_index's second byte",
	.insns = {
		I_LDX(BPF_B, 0, 1, SKB_OFF(tc_index) + 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "ctx: write tc_index",
	.insns = {
		I_MOV64_IMM(2, 1),
		I_STX(BPF_W, 1, 2, SKB_OFF(tc_index)),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "ctx: napi_id (0: no NAPI context)",
	.insns = {
		I_LDX(BPF_W, 0, 1, SKB_OFF(napi_id)),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "ctx: u16 read of napi_id",
	.insns = {
		I_LDX(BPF_H, 0, 1, SKB_OFF(napi_id) + 2),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "ctx: gso_size (0: the test run's skb is not GSO)",
	.insns = {
		I_LDX(BPF_W, 0, 1, SKB_OFF(gso_size)),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "ctx: gso_segs read into the context register",
	.insns = {
		I_LDX(BPF_W, 1, 1, SKB_OFF(gso_segs)),
		I_MOV64_REG(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "ctx: u16 read of gso_size",
	.insns = {
		I_LDX(BPF_H, 0, 1, SKB_OFF(gso_size)),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "ctx: write gso_segs",
	.insns = {
		I_ST(BPF_W, 1, SKB_OFF(gso_segs), 1),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "ctx: u64 read of gso_segs and gso_size",
	.insns = {
		I_LDX(BPF_DW, 0, 1, SKB_OFF(gso_segs)),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "ctx: modified pointer deref",
	.insns = {
		I_ALU64_IMM(BPF_ADD, 1, 8),
		I_LDX(BPF_W, 0, 1, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "dereference of modified ctx ptr",
},
{
	.name = "ctx: modified pointer store",
	.insns = {
		I_ALU64_IMM(BPF_ADD, 1, SKB_OFF(cb[0])),
		I_MOV64_IMM(2, 1),
		I_STX(BPF_W, 1, 2, 0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "dereference of modified ctx ptr",
},
{
	.name = "ctx: pointer moved and moved back",
	.insns = {
		I_ALU64_IMM(BPF_ADD, 1, 8),
		I_ALU64_IMM(BPF_SUB, 1, 8),
		I_LDX(BPF_W, 0, 1, SKB_OFF(len)),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 50,
},
{
	.name = "ctx: variable offset",
	.insns = {
		I_LDX(BPF_W, 2, 1, SKB_OFF(len)),
		I_ALU64_IMM(BPF_AND, 2, 4),
		I_ALU64_REG(BPF_ADD, 1, 2),
		I_LDX(BPF_W, 0, 1, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "dereference of modified ctx ptr",
},
{
	.name = "ctx: sign-extending load",
	.insns = {
		I_LDXSX(BPF_H, 0, 1, SKB_OFF(len)),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "sign-extending loads from ctx are not supported",
	.differs = "mainline rewrites sign-extending ctx loads; ours not yet",
	.ref_result = VT_ACCEPT, .ref_unpriv_result = VT_ACCEPT,
	.ref_retval = 50,
},
{
	.name = "ctx: atomic add to cb[0]",
	.insns = {
		I_MOV64_IMM(2, 1),
		I_ATOMIC(BPF_W, BPF_ADD, 1, 2, SKB_OFF(cb[0])),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "BPF_ATOMIC stores into R1 ctx is not allowed",
},
{
	.name = "ctx: saved in r6 across a helper call",
	.insns = {
		I_MOV64_REG(6, 1),
		I_CALL(BPF_FUNC_get_prandom_u32),
		I_LDX(BPF_W, 0, 6, SKB_OFF(len)),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 50,
},
{
	.name = "tracepoint: u64 read",
	.insns = {
		I_LDX(BPF_DW, 0, 1, 8),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.prog_type = BPF_PROG_TYPE_TRACEPOINT,
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "tracepoint: u32 read",
	.insns = {
		I_LDX(BPF_W, 0, 1, 12),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.prog_type = BPF_PROG_TYPE_TRACEPOINT,
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "tracepoint: the first 8 bytes are hidden",
	.insns = {
		I_LDX(BPF_DW, 0, 1, 0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.prog_type = BPF_PROG_TYPE_TRACEPOINT,
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "tracepoint: u32 read at 4",
	.insns = {
		I_LDX(BPF_W, 0, 1, 4),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.prog_type = BPF_PROG_TYPE_TRACEPOINT,
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "tracepoint: u8 read",
	.insns = {
		I_LDX(BPF_B, 0, 1, 17),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.prog_type = BPF_PROG_TYPE_TRACEPOINT,
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "tracepoint: u64 write",
	.insns = {
		I_MOV64_IMM(2, 0),
		I_STX(BPF_DW, 1, 2, 8),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.prog_type = BPF_PROG_TYPE_TRACEPOINT,
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "tracepoint: st write",
	.insns = {
		I_ST(BPF_W, 1, 0, 0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.prog_type = BPF_PROG_TYPE_TRACEPOINT,
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "tracepoint: misaligned u32 read",
	.insns = {
		I_LDX(BPF_W, 0, 1, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.prog_type = BPF_PROG_TYPE_TRACEPOINT,
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "tracepoint: last u64 of the record",
	.insns = {
		I_LDX(BPF_DW, 0, 1, 8184),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.prog_type = BPF_PROG_TYPE_TRACEPOINT,
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "tracepoint: read at 8192",
	.insns = {
		I_LDX(BPF_B, 0, 1, 8192),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.prog_type = BPF_PROG_TYPE_TRACEPOINT,
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
{
	.name = "tracepoint: read at -8",
	.insns = {
		I_LDX(BPF_DW, 0, 1, -8),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.prog_type = BPF_PROG_TYPE_TRACEPOINT,
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
	.differs = "mainline lets negative tracepoint ctx offsets through",
	.ref_result = VT_ACCEPT,
},
{
	.name = "tracepoint: modified pointer deref",
	.insns = {
		I_ALU64_IMM(BPF_ADD, 1, 8),
		I_LDX(BPF_DW, 0, 1, 0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.prog_type = BPF_PROG_TYPE_TRACEPOINT,
	.result = VT_REJECT, .err = EACCES,
	.errstr = "dereference of modified ctx ptr",
},
{
	.name = "tracepoint: no ld_abs",
	.insns = {
		I_MOV64_REG(6, 1),
		I_LD_ABS(BPF_B, 0),
		I_EXIT(),
	},
	.prog_type = BPF_PROG_TYPE_TRACEPOINT,
	.result = VT_REJECT, .err = EINVAL,
	.errstr = "BPF_LD_[ABS|IND] instructions not allowed for this program type",
},
{
	.name = "tracepoint: returns the context pointer",
	.insns = {
		I_MOV64_REG(0, 1),
		I_EXIT(),
	},
	.prog_type = BPF_PROG_TYPE_TRACEPOINT,
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "ld_abs: u8 IP protocol",
	.insns = {
		I_MOV64_REG(6, 1),
		I_LD_ABS(BPF_B, VT_IP_PROTO),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 17,
},
{
	.name = "ld_abs: u16 IP total length",
	.insns = {
		I_MOV64_REG(6, 1),
		I_LD_ABS(BPF_H, 2),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 50,
},
{
	.name = "ld_abs: u32 IP source",
	.insns = {
		I_MOV64_REG(6, 1),
		I_LD_ABS(BPF_W, VT_IP_SRC),
		/* r0 = (r0 == 0xa000001) */
		I_LD64(9, 0xa000001), I_LD64_HI(0xa000001),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "ld_abs: last byte of the packet",
	.insns = {
		I_MOV64_REG(6, 1),
		I_LD_ABS(BPF_B, VT_SKB_LEN - 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 21,
},
{
	.name = "ld_abs: u16 at the last byte ends the program",
	.insns = {
		I_MOV64_REG(6, 1),
		I_LD_ABS(BPF_H, VT_SKB_LEN - 1),
		I_MOV64_IMM(0, 5),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "ld_abs: offset 100 ends the program",
	.insns = {
		I_MOV64_REG(6, 1),
		I_MOV64_IMM(0, 7),
		I_LD_ABS(BPF_B, 100),
		I_MOV64_IMM(0, 5),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "ld_abs: offset 0x7fffffff ends the program",
	.insns = {
		I_MOV64_REG(6, 1),
		I_LD_ABS(BPF_W, 0x7fffffff),
		I_MOV64_IMM(0, 5),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "ld_ind: u8 at r7 + 1",
	.insns = {
		I_MOV64_REG(6, 1),
		I_MOV64_IMM(7, 8),
		I_LD_IND(BPF_B, 7, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 17,
},
{
	.name = "ld_ind: u32 at r7 + 2",
	.insns = {
		I_MOV64_REG(6, 1),
		I_MOV64_IMM(7, 10),
		I_LD_IND(BPF_W, 7, 2),
		/* r0 = (r0 == 0xa000001) */
		I_LD64(9, 0xa000001), I_LD64_HI(0xa000001),
		I_JMP_REG(BPF_JEQ, 0, 9, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 1,
},
{
	.name = "ld_ind: negative sum ends the program",
	.insns = {
		I_MOV64_REG(6, 1),
		I_MOV64_IMM(7, -20),
		I_LD_IND(BPF_B, 7, 1),
		I_MOV64_IMM(0, 5),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "ld_ind: index from skb->len",
	.insns = {
		I_MOV64_REG(6, 1),
		I_LDX(BPF_W, 7, 1, SKB_OFF(len)),
		I_LD_IND(BPF_B, 7, -1),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 21,
},
{
	.name = "ld_ind: index past the end ends the program",
	.insns = {
		I_MOV64_REG(6, 1),
		I_LDX(BPF_W, 7, 1, SKB_OFF(len)),
		I_LD_IND(BPF_B, 7, 0),
		I_MOV64_IMM(0, 5),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "ld_abs: r7 survives",
	.insns = {
		I_MOV64_REG(6, 1),
		I_MOV64_IMM(7, 5),
		I_LD_ABS(BPF_B, VT_IP_PROTO),
		I_ALU64_REG(BPF_ADD, 0, 7),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 22,
},
{
	.name = "ld_abs: r6 is not the context",
	.insns = {
		I_MOV64_IMM(6, 0),
		I_LD_ABS(BPF_B, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "R6 != pointer to skb",
},
{
	.name = "ld_abs: r6 is the frame pointer",
	.insns = {
		I_MOV64_REG(6, 10),
		I_LD_ABS(BPF_B, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EINVAL, .errstr = "R6 != pointer to skb",
},
{
	.name = "ld_abs: r6 uninitialised",
	.insns = {
		I_LD_ABS(BPF_B, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES, .errstr = "R6 !read_ok",
},
{
	.name = "ld_abs: r2 is clobbered",
	.insns = {
		I_MOV64_REG(6, 1),
		I_MOV64_IMM(2, 1),
		I_LD_ABS(BPF_B, 0),
		I_MOV64_REG(0, 2),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES, .errstr = "R2 !read_ok",
},
{
	.name = "ld_abs: r1 is clobbered",
	.insns = {
		I_MOV64_REG(6, 1),
		I_LD_ABS(BPF_B, 0),
		I_LDX(BPF_W, 0, 1, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES, .errstr = "R1 !read_ok",
},
{
	.name = "ld_abs: r5 is clobbered",
	.insns = {
		I_MOV64_REG(6, 1),
		I_MOV64_IMM(5, 1),
		I_LD_ABS(BPF_B, 0),
		I_ALU64_REG(BPF_ADD, 0, 5),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES, .errstr = "R5 !read_ok",
},
{
	.name = "ld_ind: uninitialised index",
	.insns = {
		I_MOV64_REG(6, 1),
		I_LD_IND(BPF_B, 7, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES, .errstr = "R7 !read_ok",
},
{
	.name = "ld_ind: pointer index",
	.insns = {
		I_MOV64_REG(6, 1),
		I_MOV64_REG(7, 10),
		I_LD_IND(BPF_B, 7, 0),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "R7 type=fp expected=scalar",
	.differs = "mainline takes a pointer as LD_IND index, even unprivileged",
	.ref_result = VT_ACCEPT, .ref_unpriv_result = VT_ACCEPT,
	.ref_retval = 0,
},
{
	.name = "ctx: u64 write then read of cb[2..3]",
	.insns = {
		I_LD64(2, 0x1122334455667788ULL), I_LD64_HI(0x1122334455667788ULL),
		I_STX(BPF_DW, 1, 2, SKB_OFF(cb[2])),
		I_LDX(BPF_DW, 0, 1, SKB_OFF(cb[2])),
		I_ALU64_IMM(BPF_RSH, 0, 32),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 0x11223344,
},
{
	.name = "ctx: u64 read of cb[0..1] sees both words",
	.insns = {
		I_MOV64_IMM(2, 5),
		I_STX(BPF_W, 1, 2, SKB_OFF(cb[1])),
		I_LDX(BPF_DW, 0, 1, SKB_OFF(cb[0])),
		I_ALU64_IMM(BPF_RSH, 0, 32),
		I_EXIT(),
	},
	.result = VT_ACCEPT, .retval = 5,
},
{
	.name = "ctx: u64 read of cb[1] is misaligned",
	.insns = {
		I_LDX(BPF_DW, 0, 1, SKB_OFF(cb[1])),
		I_EXIT(),
	},
	.result = VT_REJECT, .err = EACCES,
	.errstr = "invalid bpf_context access",
},
