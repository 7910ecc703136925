// SPDX-License-Identifier: GPL-2.0
/*
 * The JIT's encodings, read back by binutils: each program is translated,
 * its bytes disassembled with objdump -D -b binary -mi386:x86-64, and the
 * listing compared with the instructions an x86-64 programmer would
 * expect, written here by hand from the Intel SDM. The cases are the
 * encodings that are easy to get wrong and that a differential run may
 * not notice: REX prefixes for r8-r15 and for the byte registers
 * sil/dil, the short and long immediate forms, 32-bit operations whose
 * zero-extension is implicit, shifts through cl, division around rax
 * and rdx, jumps at the edges of rel8, and the largest program the
 * verifier accepts.
 */
#include "shim/core.h"
#include "../../../kernel/ebpf/insn.c"
#include "../../../kernel/ebpf/interp.c"
#include "jit_run.h"

#include <ctype.h>
#include <stdio.h>
#include "../selftests/ebpf/ebpf_asm.h"

#define MAX_LINES	32
#define BIG_INSNS	1000000	/* BPF_COMPLEXITY_LIMIT_INSNS */

static const struct ebpf_interp_env env;

/*
 * One expected instruction: "asm" compares the disassembly (AT&T syntax,
 * blanks collapsed), "bytes|asm" also its encoding.
 */
struct enc_case {
	const char *name;
	struct bpf_insn insns[16];
	/* the whole listing, or (subseq) these lines in this order */
	bool subseq;
	const char *want[MAX_LINES];
};

static const struct enc_case cases[] = {
	{ "r8 as rm needs REX.B, as reg REX.R",
	  { I_ALU64_REG(BPF_ADD, 5, 1), I_MOV64_REG(0, 5), I_EXIT() },
	  false, { "49 01 f8|add %rdi,%r8", "4c 89 c0|mov %r8,%rax", "c3|ret" } },
	{ "r15 and r13 (r9, r7) with a frame-less program",
	  { I_ALU64_REG(BPF_XOR, 9, 7), I_MOV64_REG(0, 9), I_EXIT() },
	  true, { "4d 31 ef|xor %r13,%r15", "4c 89 f8|mov %r15,%rax" } },
	{ "byte stores of sil and dil need an empty REX",
	  { I_STX(BPF_B, 1, 2, 0), I_STX(BPF_B, 2, 1, 1), I_STX(BPF_B, 1, 5, -2),
	    I_STX(BPF_B, 1, 0, 3), I_MOV64_IMM(0, 0), I_EXIT() },
	  false, { "40 88 37|mov %sil,(%rdi)", "40 88 7e 01|mov %dil,0x1(%rsi)",
		   "44 88 47 fe|mov %r8b,-0x2(%rdi)", "88 47 03|mov %al,0x3(%rdi)",
		   "31 c0|xor %eax,%eax", "c3|ret" } },
	{ "byte loads zero-extend into 32 bits, sign-extending ones into 64",
	  { I_LDX(BPF_B, 0, 1, 0), I_LDXSX(BPF_B, 2, 1, 1), I_LDX(BPF_H, 5, 1, 2),
	    I_LDX(BPF_DW, 3, 5, 0), I_EXIT() },
	  false, { "0f b6 07|movzbl (%rdi),%eax", "48 0f be 77 01|movsbq 0x1(%rdi),%rsi",
		   "44 0f b7 47 02|movzwl 0x2(%rdi),%r8d", "49 8b 10|mov (%r8),%rdx",
		   "c3|ret" } },
	{ "imm8 and imm32 forms at their edges",
	  { I_ALU64_IMM(BPF_ADD, 1, 127), I_ALU64_IMM(BPF_ADD, 1, 128),
	    I_ALU64_IMM(BPF_ADD, 1, -128), I_ALU64_IMM(BPF_ADD, 1, -129),
	    I_MOV64_REG(0, 1), I_EXIT() },
	  false, { "48 83 c7 7f|add $0x7f,%rdi", "48 81 c7 80 00 00 00|add $0x80,%rdi",
		   "48 83 c7 80|add $0xffffffffffffff80,%rdi",
		   "48 81 c7 7f ff ff ff|add $0xffffffffffffff7f,%rdi",
		   "48 89 f8|mov %rdi,%rax", "c3|ret" } },
	{ "constants: 32-bit forms where the value allows",
	  { I_LD64(1, 0x123456789ULL), I_LD64_HI(0x123456789ULL),
	    I_LD64(2, 0x7fffffffULL), I_LD64_HI(0x7fffffffULL),
	    I_LD64(3, ~0ULL), I_LD64_HI(~0ULL), I_MOV64_IMM(4, -2),
	    I_MOV32_IMM(5, -2), I_MOV64_IMM(0, 0), I_EXIT() },
	  false, { "48 bf 89 67 45 23 01 00 00 00|movabs $0x123456789,%rdi",
		   "be ff ff ff 7f|mov $0x7fffffff,%esi",
		   "48 c7 c2 ff ff ff ff|mov $0xffffffffffffffff,%rdx",
		   "48 c7 c1 fe ff ff ff|mov $0xfffffffffffffffe,%rcx",
		   "41 b8 fe ff ff ff|mov $0xfffffffe,%r8d",
		   "31 c0|xor %eax,%eax", "c3|ret" } },
	{ "32-bit operations zero-extend with no extra instruction",
	  { I_ALU32_IMM(BPF_ADD, 1, 1), I_ALU32_REG(BPF_SUB, 1, 2),
	    I_ALU64_IMM(BPF_AND, 1, 0xff), I_MOV32_REG(0, 1), I_EXIT() },
	  false, { "83 c7 01|add $0x1,%edi", "29 f7|sub %esi,%edi",
		   "81 e7 ff 00 00 00|and $0xff,%edi", "89 f8|mov %edi,%eax",
		   "c3|ret" } },
	{ "a 32-bit identity still clears the upper half",
	  { I_ALU32_IMM(BPF_ADD, 1, 0), I_ALU32_IMM(BPF_OR, 2, 0),
	    I_ALU64_IMM(BPF_ADD, 3, 0), I_MOV32_REG(0, 1), I_EXIT() },
	  false, { "89 ff|mov %edi,%edi", "89 f6|mov %esi,%esi",
		   "89 f8|mov %edi,%eax", "c3|ret" } },
	{ "shift by a register: the count goes through cl, rcx (r4) kept",
	  { I_ALU64_REG(BPF_LSH, 1, 2), I_MOV64_REG(0, 1), I_EXIT() },
	  false, { "mov %rcx,%r11", "mov %rsi,%rcx", "48 d3 e7|shl %cl,%rdi",
		   "mov %r11,%rcx", "mov %rdi,%rax", "ret" } },
	{ "shift of r4 itself: a copy is shifted while rcx holds the count",
	  { I_ALU64_REG(BPF_ARSH, 4, 2), I_MOV64_REG(0, 4), I_EXIT() },
	  false, { "mov %rcx,%r11", "mov %rsi,%rcx", "49 d3 fb|sar %cl,%r11",
		   "mov %r11,%rcx", "mov %rcx,%rax", "ret" } },
	{ "shift by r4 is a plain shift by cl",
	  { I_ALU32_REG(BPF_RSH, 1, 4), I_MOV64_REG(0, 1), I_EXIT() },
	  false, { "d3 ef|shr %cl,%edi", "mov %rdi,%rax", "ret" } },
	{ "division: rax and rdx saved around div, zero divisor skipped",
	  { I_ALU64_REG(BPF_DIV, 1, 2), I_MOV64_REG(0, 1), I_EXIT() },
	  true, { "mov %rsi,%r11", "test %r11,%r11", "xor %edi,%edi",
		  "mov %rax,%r10", "mov %rdx,%r9", "mov %rdi,%rax",
		  "xor %edx,%edx", "49 f7 f3|div %r11", "mov %rax,%rdi",
		  "mov %r9,%rdx", "mov %r10,%rax", "mov %rdi,%rax", "ret" } },
	{ "modulo into rdx (r3) keeps the remainder, restores rax only",
	  { I_ALU64_REG(BPF_MOD, 3, 4), I_MOV64_REG(0, 3), I_EXIT() },
	  true, { "mov %rcx,%r11", "mov %rax,%r10", "mov %rdx,%rax",
		  "xor %edx,%edx", "div %r11", "mov %r10,%rax",
		  "mov %rdx,%rax", "ret" } },
	{ "signed division: -1 is a negation, then cqto and idiv",
	  { I_SDIV64_REG(1, 2), I_MOV64_REG(0, 1), I_EXIT() },
	  true, { "cmp $0xffffffffffffffff,%r11", "48 f7 df|neg %rdi",
		  "48 99|cqto", "49 f7 fb|idiv %r11", "ret" } },
	{ "32-bit signed division uses cdq and a 32-bit idiv",
	  { I_SDIV32_REG(1, 2), I_MOV64_REG(0, 1), I_EXIT() },
	  true, { "f7 df|neg %edi", "99|cltd", "41 f7 fb|idiv %r11d", "ret" } },
	{ "byte swaps",
	  { I_TO_BE(1, 16), I_TO_BE(2, 32), I_BSWAP(3, 64), I_TO_LE(5, 16),
	    I_MOV64_REG(0, 1), I_EXIT() },
	  false, { "66 c1 c7 08|rol $0x8,%di", "0f b7 ff|movzwl %di,%edi",
		   "0f ce|bswap %esi", "48 0f ca|bswap %rdx",
		   "45 0f b7 c0|movzwl %r8w,%r8d", "mov %rdi,%rax", "ret" } },
	{ "atomics: lock add, lock xadd, xchg, lock cmpxchg",
	  { I_ATOMIC(BPF_DW, BPF_ADD, 1, 2, 0),
	    I_ATOMIC(BPF_W, BPF_ADD | BPF_FETCH, 1, 2, 8),
	    I_ATOMIC(BPF_DW, BPF_XCHG, 1, 5, 16),
	    I_ATOMIC(BPF_W, BPF_CMPXCHG, 1, 2, 24), I_EXIT() },
	  false, { "f0 48 01 37|lock add %rsi,(%rdi)",
		   "f0 0f c1 77 08|lock xadd %esi,0x8(%rdi)",
		   "4c 87 47 10|xchg %r8,0x10(%rdi)",
		   "f0 0f b1 77 18|lock cmpxchg %esi,0x18(%rdi)",
		   "89 c0|mov %eax,%eax", "c3|ret" } },
	{ "a helper call in dead code, of an id without a function, is ud2",
	  { I_JA(1), I_CALL(200), I_MOV64_IMM(0, 0), I_EXIT() },
	  /* a program that calls keeps rsp 16-byte aligned: one push */
	  false, { "50|push %rax", "eb 02|jmp 0x5", "0f 0b|ud2",
		   "31 c0|xor %eax,%eax", "59|pop %rcx", "c3|ret" } },
	{ "r6-r9 and the frame: saved and restored, stack at rbp",
	  { I_MOV64_REG(6, 1), I_STX(BPF_DW, 10, 6, -8), I_LDX(BPF_DW, 0, 10, -8),
	    I_EXIT() },
	  false, { "55|push %rbp", "48 89 e5|mov %rsp,%rbp",
		   "48 83 ec 08|sub $0x8,%rsp", "53|push %rbx",
		   "48 89 fb|mov %rdi,%rbx", "48 89 5d f8|mov %rbx,-0x8(%rbp)",
		   "48 8b 45 f8|mov -0x8(%rbp),%rax", "5b|pop %rbx", "c9|leave",
		   "c3|ret" } },
};

/* ---- objdump ---------------------------------------------------------- */

struct line {
	u32 addr;
	char bytes[64];
	char text[96];
};

/* Collapse runs of blanks to one space; drop leading and trailing ones. */
static void squeeze(char *s)
{
	char *d = s, *p = s;

	while (*p && isspace((unsigned char)*p))
		p++;
	for (; *p; p++) {
		if (isspace((unsigned char)*p)) {
			if (d > s && d[-1] != ' ')
				*d++ = ' ';
		} else {
			*d++ = *p;
		}
	}
	while (d > s && d[-1] == ' ')
		d--;
	*d = 0;
}

/*
 * Disassemble @size bytes of @image into @out (up to @max lines); the
 * number of instructions, or -1. With @max 0, only count them, keeping
 * the first and the last in out[0] and out[1].
 */
static long disassemble(const u8 *image, u32 size, struct line *out, u32 max)
{
	char tmpl[] = "/tmp/jit_encoding_XXXXXX", cmd[128], buf[512];
	long n = 0;
	FILE *f;
	int fd;

	fd = mkstemp(tmpl);
	if (fd < 0 || write(fd, image, size) != (ssize_t)size) {
		perror("jit_encoding_test: temporary file");
		return -1;
	}
	close(fd);
	snprintf(cmd, sizeof(cmd),
		 "objdump -D -w -b binary -mi386:x86-64 %s 2>&1", tmpl);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (fgets(buf, sizeof(buf), f)) {
		char *tab1 = strchr(buf, '\t'), *tab2;
		struct line l = {};

		/* "   addr:\tbytes\ttext" */
		if (!tab1 || tab1 == buf || tab1[-1] != ':')
			continue;
		tab2 = strchr(tab1 + 1, '\t');
		if (!tab2)
			continue;
		l.addr = strtoul(buf, NULL, 16);
		snprintf(l.bytes, sizeof(l.bytes), "%.*s",
			 (int)(tab2 - tab1 - 1), tab1 + 1);
		snprintf(l.text, sizeof(l.text), "%s", tab2 + 1);
		squeeze(l.bytes);
		squeeze(l.text);
		if (max) {
			if (n < max)
				out[n] = l;
		} else {
			out[n ? 1 : 0] = l;
		}
		n++;
	}
	if (pclose(f))
		n = -1;
	unlink(tmpl);
	return n;
}

static bool line_matches(const struct line *l, const char *want)
{
	const char *bar = strchr(want, '|');

	if (!bar)
		return !strcmp(l->text, want);
	return !strncmp(l->bytes, want, bar - want) &&
	       !l->bytes[bar - want] && !strcmp(l->text, bar + 1);
}

static void print_listing(const struct line *l, long n)
{
	long i;

	for (i = 0; i < n; i++)
		printf("#   %4x: %-24s %s\n", l[i].addr, l[i].bytes, l[i].text);
}

/* ---- translating ------------------------------------------------------ */

/* The deepest stack byte @insns touch through r10, as the verifier says. */
static u32 stack_depth(const struct bpf_insn *insns, u32 cnt)
{
	u32 depth = 0, i;

	for (i = 0; i < cnt; i++)
		if ((insns[i].dst_reg == BPF_REG_10 ||
		     insns[i].src_reg == BPF_REG_10) && insns[i].off < 0)
			depth = max_t(u32, depth, -insns[i].off);
	return depth;
}

/*
 * @insns through the JIT into an image near our text (so that a call
 * to one of our functions reaches); NULL on failure. Free with
 * release_image().
 */
static u8 *translate(const struct bpf_insn *insns, u32 cnt,
		     const struct ebpf_jit_env *jenv, u32 *size)
{
	struct ebpf_jit j = {
		.insns = insns, .insn_cnt = cnt,
		.stack_depth = stack_depth(insns, cnt), .env = jenv,
	};
	u8 *image = NULL;
	int err;

	err = ebpf_jit_plan(&j);
	if (!err) {
		image = jit_map_near(j.size);
		err = image ? ebpf_jit_emit(&j, image) : -ENOMEM;
	}
	ebpf_jit_release(&j);
	if (err) {
		printf("# the JIT failed: %d\n", err);
		if (image)
			munmap(image, j.size);
		return NULL;
	}
	*size = j.size;
	return image;
}

static void release_image(u8 *image, u32 size)
{
	munmap(image, size);
}

static u32 case_len(const struct enc_case *c)
{
	u32 n = ARRAY_SIZE(c->insns);

	while (n && !c->insns[n - 1].code)
		n--;
	return n;
}

static bool run_case(const struct enc_case *c)
{
	const struct ebpf_jit_env jenv = { .interp = &env };
	struct line got[MAX_LINES + 8];
	u32 size, want_n, i, k;
	long n;
	u8 *image;

	image = translate(c->insns, case_len(c), &jenv, &size);
	if (!image)
		return false;
	n = disassemble(image, size, got, ARRAY_SIZE(got));
	release_image(image, size);
	if (n < 0 || n > (long)ARRAY_SIZE(got))
		return false;
	for (want_n = 0; want_n < MAX_LINES && c->want[want_n]; want_n++)
		;
	if (!c->subseq) {
		for (i = 0; i < want_n && i < n; i++)
			if (!line_matches(&got[i], c->want[i]))
				break;
		if (i == want_n && n == want_n)
			return true;
		printf("# line %u: want \"%s\"\n", i, i < want_n ? c->want[i] : "(end)");
	} else {
		for (i = 0, k = 0; i < n && k < want_n; i++)
			k += line_matches(&got[i], c->want[k]);
		if (k == want_n)
			return true;
		printf("# missing, in order: \"%s\"\n", c->want[k]);
	}
	print_listing(got, n);
	return false;
}

/* ---- jumps at the edges of rel8 --------------------------------------- */

/*
 * A forward conditional jump over @body bytes of 4- and 3-byte additions
 * (r1 += 1, w1 += 1), or with @back a jump back over them to the start.
 * Returns the listing line of the jump in @jump.
 */
static bool edge_jump(u32 body, bool back, struct line *jump)
{
	const struct ebpf_jit_env jenv = { .interp = &env };
	struct bpf_insn p[64];
	struct line got[64];
	u32 n = 0, four = body / 4, rest = body % 4, i, size;
	long lines;
	u8 *image;

	if (!back)
		p[n++] = (struct bpf_insn)I_JMP_IMM(BPF_JEQ, 1, 0, 0);
	for (i = 0; i < four; i++)
		p[n++] = (struct bpf_insn)I_ALU64_IMM(BPF_ADD, 1, 1);
	if (rest == 3)
		p[n++] = (struct bpf_insn)I_ALU32_IMM(BPF_ADD, 1, 1);
	else if (rest == 2)
		p[n++] = (struct bpf_insn)I_MOV32_REG(1, 1);	/* 89 ff */
	if (back) {
		/* from instruction n back to 0: off = 0 - (n + 1) */
		p[n] = (struct bpf_insn)I_JA(-(s16)(n + 1));
		n++;
	} else {
		p[0].off = n - 1;
	}
	p[n++] = (struct bpf_insn)I_MOV64_REG(0, 1);
	p[n++] = (struct bpf_insn)I_EXIT();
	image = translate(p, n, &jenv, &size);
	if (!image)
		return false;
	lines = disassemble(image, size, got, ARRAY_SIZE(got));
	release_image(image, size);
	for (i = 0; lines > 0 && i < lines; i++) {
		if (!strncmp(got[i].text, back ? "jmp " : "je ", back ? 4 : 3)) {
			*jump = got[i];
			return true;
		}
	}
	printf("# no jump in the listing\n");
	print_listing(got, lines > 0 ? lines : 0);
	return false;
}

static bool expect_jump(u32 body, bool back, const char *bytes)
{
	struct line l;

	if (!edge_jump(body, back, &l))
		return false;
	if (!strcmp(l.bytes, bytes))
		return true;
	printf("# %s over %u bytes: got %s (%s), want %s\n",
	       back ? "jmp back" : "je", body, l.bytes, l.text, bytes);
	return false;
}

/* ---- the largest program ---------------------------------------------- */

/*
 * BIG_INSNS instructions: a gotol from the first to the exit over all the
 * others (rel32, with its target right), and nothing lost on the way.
 */
static bool big_program(void)
{
	const struct ebpf_jit_env jenv = { .interp = &env };
	struct bpf_insn *p = calloc(BIG_INSNS, sizeof(*p));
	struct line ends[2];
	char want[64];
	u32 size, i;
	long n;
	u8 *image;

	if (!p)
		return false;
	p[0] = (struct bpf_insn)I_GOTOL(BIG_INSNS - 2);
	for (i = 1; i < BIG_INSNS - 1; i++)
		p[i] = (struct bpf_insn)I_ALU64_IMM(BPF_ADD, 0, 1);
	p[BIG_INSNS - 1] = (struct bpf_insn)I_EXIT();
	image = translate(p, BIG_INSNS, &jenv, &size);
	free(p);
	if (!image)
		return false;
	n = disassemble(image, size, ends, 0);
	release_image(image, size);
	/* jmp rel32; 4 bytes per addition; ret */
	if (size != 5 + 4 * (BIG_INSNS - 2) + 1 || n != BIG_INSNS) {
		printf("# image of %u bytes, %ld instructions\n", size, n);
		return false;
	}
	snprintf(want, sizeof(want), "jmp 0x%x", size - 1);
	if (!strncmp(ends[0].bytes, "e9 ", 3) && !strcmp(ends[0].text, want) &&
	    !strcmp(ends[1].text, "ret") && ends[1].addr == size - 1)
		return true;
	printf("# first \"%s\" (want \"%s\"), last \"%s\" at %#x\n",
	       ends[0].text, want, ends[1].text, ends[1].addr);
	return false;
}

/* ---- LD_ABS in place ---------------------------------------------------- */

static bool no_packet(const void *ctx, u64 off, u32 size, u64 *val)
{
	return false;
}

/* the address a jump's text ("jb 0x79") names, or -1 */
static long jump_target(const struct line *l)
{
	const char *x = strstr(l->text, " 0x");

	return x ? strtol(x + 1, NULL, 16) : -1;
}

static long find_text(const struct line *l, long n, const char *text)
{
	long i;

	for (i = 0; i < n; i++)
		if (!strcmp(l[i].text, text))
			return i;
	return -1;
}

/* the index of the line at @addr, or -1 */
static long find_addr(const struct line *l, long n, long addr)
{
	long i;

	for (i = 0; i < n; i++)
		if (l[i].addr == addr)
			return i;
	return -1;
}

/*
 * The hot path of LD_ABS (constant offset) and LD_IND: the data pointer
 * in r12 and headlen - size for each size in the frame, from the
 * prologue; one compare, the load in place (indexed for LD_IND), and no
 * jump taken; the helper's way out of line after the epilogue, each stub
 * returning to the instruction after its load or, when the helper fails,
 * to the return-0 stub.
 */
static bool ld_abs_in_place(void)
{
	static const struct ebpf_interp_env lenv = {
		.load_packet = no_packet,
		.linear = { .data = 0, .len = 8, .data_len = 12 },
	};
	const struct ebpf_jit_env jenv = { .interp = &lenv };
	struct bpf_insn p[32] = {
		I_MOV64_REG(6, 1), I_MOV64_IMM(7, 3), I_LD_ABS(BPF_W, 12),
		I_LD_IND(BPF_H, 7, 2),
	};
	static const char *const want[] = {
		"8b 47 08|mov 0x8(%rdi),%eax", "2b 47 0c|sub 0xc(%rdi),%eax",
		"79 02|jns 0x17", "31 c0|xor %eax,%eax",
		"48 8d 48 fe|lea -0x2(%rax),%rcx", "48 89 4d f0|mov %rcx,-0x10(%rbp)",
		"48 8d 48 fc|lea -0x4(%rax),%rcx", "48 89 4d e8|mov %rcx,-0x18(%rbp)",
		"4c 8b 27|mov (%rdi),%r12", "48 83 7d e8 0c|cmpq $0xc,-0x18(%rbp)",
		"41 8b 44 24 0c|mov 0xc(%r12),%eax", "0f c8|bswap %eax",
		"41 8d 75 02|lea 0x2(%r13),%esi", "48 3b 75 f0|cmp -0x10(%rbp),%rsi",
		"41 0f b7 04 34|movzwl (%r12,%rsi,1),%eax", "66 c1 c0 08|rol $0x8,%ax",
		"ret", "xor %eax,%eax",
		"be 0c 00 00 00|mov $0xc,%esi", "48 63 f6|movslq %esi,%rsi",
		/* the slow paths, 2 then 4 bytes, each called by its stub */
		"50|push %rax", "mov %rbx,%rdi", "mov $0x2,%edx",
		"lea -0x8(%rbp),%rcx", "test %al,%al", "59|pop %rcx",
		"mov -0x8(%rbp),%rax", "c3|ret", "59|pop %rcx",
		"50|push %rax", "mov %rbx,%rdi", "mov $0x4,%edx",
	};
	long n, i, ret, ret0, ind, add, stub_abs, stub_ind, tail2, tail4;
	struct line got[100];
	u32 size, k = 0;
	u8 *image;
	bool ok;

	for (i = 4; i < 30; i++)
		p[i] = (struct bpf_insn)I_ALU64_IMM(BPF_ADD, 0, 1);
	p[30] = (struct bpf_insn)I_EXIT();
	image = translate(p, 31, &jenv, &size);
	if (!image)
		return false;
	n = disassemble(image, size, got, ARRAY_SIZE(got));
	release_image(image, size);
	if (n <= 0 || n > (long)ARRAY_SIZE(got))
		return false;
	for (i = 0; i < n && k < ARRAY_SIZE(want); i++)
		k += line_matches(&got[i], want[k]);
	ret = find_text(got, n, "ret");
	/* the return-0 stub's, after the epilogue (the prologue has one too) */
	ret0 = ret > 0 ? ret + 1 + find_text(got + ret + 1, n - ret - 1,
					     "xor %eax,%eax") : -1;
	ind = find_text(got, n, "lea 0x2(%r13),%esi");
	add = find_text(got, n, "add $0x1,%rax");
	stub_abs = find_text(got, n, "mov $0xc,%esi");
	stub_ind = find_text(got, n, "movslq %esi,%rsi");
	tail2 = find_text(got, n, "mov $0x2,%edx") - 2;
	tail4 = find_text(got, n, "mov $0x4,%edx") - 2;
	ok = k == ARRAY_SIZE(want) && ret > 0 && ret0 > ret && ind > 0 &&
	     add > ind && stub_abs > ret0 && stub_ind > stub_abs &&
	     tail2 > stub_ind && tail4 > tail2;
	for (i = 0; ok && i < n; i++) {
		long t = jump_target(&got[i]), at = find_addr(got, n, t);

		if (!strncmp(got[i].text, "jl ", 3))
			ok = i < ind && at == stub_abs;
		else if (!strncmp(got[i].text, "jg ", 3))
			ok = i > ind && i < add && at == stub_ind;
		else if (!strncmp(got[i].text, "je ", 3))
			/* a failed load: drop the return address, return 0 */
			ok = i > tail2 && !strcmp(got[at].text, "pop %rcx") &&
			     jump_target(&got[at + 1]) == got[ret0].addr;
		else if (!strncmp(got[i].text, "call ", 5) && i > ret0 &&
			 i < tail2)
			ok = at == (i < stub_ind ? tail4 : tail2);
		else if (!strncmp(got[i].text, "jmp ", 4) && i > tail2)
			ok = at == ret0;
		else if (!strncmp(got[i].text, "jmp ", 4) && i > ret0 + 1)
			ok = at == (i < stub_ind ? ind : add);
		else if (!strncmp(got[i].text, "jmp ", 4))
			ok = i == ret0 + 1;
	}
	if (ok)
		return true;
	if (k < ARRAY_SIZE(want))
		printf("# missing, in order: \"%s\"\n", want[k]);
	print_listing(got, n);
	return false;
}

/* ---- what the kernel asks of the code --------------------------------- */

static void fake_thunk(void)
{
}

static bool kernel_env(void)
{
	const struct ebpf_jit_env jenv = {
		.interp = &env, .ibt = true, .sls = true,
		.return_thunk = (void *)fake_thunk,
	};
	const struct bpf_insn p[] = { I_MOV64_IMM(0, 1), I_EXIT() };
	struct line got[8];
	u32 size;
	u8 *image;
	long n;

	image = translate(p, ARRAY_SIZE(p), &jenv, &size);
	if (!image)
		return false;
	n = disassemble(image, size, got, ARRAY_SIZE(got));
	release_image(image, size);
	/* the thunk's address is wherever the image was: check the opcode */
	if (n == 4 && !strcmp(got[0].bytes, "f3 0f 1e fa") &&
	    !strcmp(got[0].text, "endbr64") &&
	    !strcmp(got[1].text, "mov $0x1,%eax") &&
	    !strncmp(got[2].bytes, "e9 ", 3) && !strcmp(got[3].text, "int3"))
		return true;
	print_listing(got, n > 0 ? n : 0);
	return false;
}

int main(void)
{
	static const struct {
		u32 body;
		bool back;
		const char *bytes;
	} jumps[] = {
		{ 127, false, "74 7f" },
		{ 128, false, "0f 84 80 00 00 00" },
		{ 126, true, "eb 80" },
		{ 127, true, "e9 7c ff ff ff" },
	};
	u32 i, tap = 0, failed = 0;
	bool ok;

	alarm(120);
	printf("TAP version 13\n1..%zu\n", ARRAY_SIZE(cases) + ARRAY_SIZE(jumps) + 3);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ok = run_case(&cases[i]);
		printf("%s %u jit encoding: %s\n", ok ? "ok" : "not ok", ++tap,
		       cases[i].name);
		failed += !ok;
	}
	for (i = 0; i < ARRAY_SIZE(jumps); i++) {
		ok = expect_jump(jumps[i].body, jumps[i].back, jumps[i].bytes);
		printf("%s %u jit encoding: %s over %u bytes is %s\n",
		       ok ? "ok" : "not ok", ++tap,
		       jumps[i].back ? "jmp back" : "je", jumps[i].body,
		       jumps[i].bytes);
		failed += !ok;
	}
	ok = big_program();
	printf("%s %u jit encoding: %u instructions, a gotol over them all\n",
	       ok ? "ok" : "not ok", ++tap, BIG_INSNS);
	failed += !ok;
	ok = ld_abs_in_place();
	printf("%s %u jit encoding: LD_ABS reads the linear data in place\n",
	       ok ? "ok" : "not ok", ++tap);
	failed += !ok;
	ok = kernel_env();
	printf("%s %u jit encoding: endbr64, the return thunk and int3 after it\n",
	       ok ? "ok" : "not ok", ++tap);
	failed += !ok;
	printf("# %u passed, %u failed\n", tap - failed, failed);
	return failed ? 1 : 0;
}
