// SPDX-License-Identifier: GPL-2.0
/*
 * The interpreter against RFC 9669, in user space under ASan/UBSan: each
 * vector is a program and the r0 the RFC says it returns. The expected
 * values are worked out by hand from the RFC's definitions, never taken
 * from a run. The JIT runs every vector too, plain and with constant
 * blinding, natively, and must return the same. Also checks the decoder's
 * reserved-field rules.
 */
#include "shim/core.h"
#include "../../../kernel/ebpf/insn.c"
#include "../../../kernel/ebpf/interp.c"
#include "jit_run.h"

#include <stdio.h>
#include "../selftests/ebpf/ebpf_asm.h"
#include "../selftests/ebpf/iv.h"

static u64 helper_digits(u64 a, u64 b, u64 c, u64 d, u64 e)
{
	return a * 10000 + b * 1000 + c * 100 + d * 10 + e;
}

static const ebpf_helper_fn helpers[] = { NULL, helper_digits };

static const u8 packet[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

/* the context is the packet itself */
static bool packet_load(const void *ctx, u64 off, u32 size, u64 *val)
{
	const u8 *p = ctx;
	u32 i;

	if (off > sizeof(packet) || size > sizeof(packet) - off)
		return false;
	*val = 0;
	for (i = 0; i < size; i++)
		*val = *val << 8 | p[off + i];
	return true;
}

static const struct ebpf_interp_env env = {
	.helpers = helpers,
	.load_packet = packet_load,
};

struct field_case {
	const char *name;
	struct bpf_insn insn;
	bool valid;
};

static const struct field_case field_cases[] = {
	{ "add imm", I_ALU64_IMM(BPF_ADD, 1, 5), true },
	{ "add imm with src set", I_RAW(BPF_ALU64 | BPF_ADD | BPF_K, 1, 2, 0,
	  5), false },
	{ "add reg with imm set", I_RAW(BPF_ALU64 | BPF_ADD | BPF_X, 1, 2, 0,
	  5), false },
	{ "add with off set", I_RAW(BPF_ALU64 | BPF_ADD | BPF_X, 1, 2, 1, 0),
	  false },
	{ "sdiv (off 1)", I_SDIV64_REG(1, 2), true },
	{ "div with off 2", I_RAW(BPF_ALU64 | BPF_DIV | BPF_X, 1, 2, 2, 0),
	  false },
	{ "movsx64 32", I_MOVSX64(1, 2, 32), true },
	{ "movsx32 32", I_MOVSX32(1, 2, 32), false },
	{ "movsx 7", I_MOVSX64(1, 2, 7), false },
	{ "neg with imm", I_RAW(BPF_ALU64 | BPF_NEG, 1, 0, 0, 1), false },
	{ "neg reg form", I_RAW(BPF_ALU64 | BPF_NEG | BPF_X, 1, 2, 0, 0),
	  false },
	{ "end 16", I_TO_BE(1, 16), true },
	{ "end 24", I_TO_BE(1, 24), false },
	{ "bswap64 with be bit", I_RAW(BPF_ALU64 | BPF_END | BPF_TO_BE, 1, 0, 0,
	  16), false },
	{ "exit with dst", I_RAW(BPF_JMP | BPF_EXIT, 1, 0, 0, 0), false },
	{ "ja with imm", I_RAW(BPF_JMP | BPF_JA, 0, 0, 1, 1), false },
	{ "gotol with off", I_RAW(BPF_JMP32 | BPF_JA, 0, 0, 1, 1), false },
	{ "call with off", I_RAW(BPF_JMP | BPF_CALL, 0, 0, 1, 1), false },
	{ "call kind 3", I_RAW(BPF_JMP | BPF_CALL, 0, 3, 0, 1), false },
	{ "jmp32 call", I_RAW(BPF_JMP32 | BPF_CALL, 0, 0, 0, 1), false },
	{ "ldx with imm", I_RAW(BPF_LDX | BPF_MEM | BPF_W, 1, 2, 0, 1), false },
	{ "ldxsx dw", I_RAW(BPF_LDX | BPF_MEMSX | BPF_DW, 1, 2, 0, 0), false },
	{ "st with src", I_RAW(BPF_ST | BPF_MEM | BPF_W, 1, 2, 0, 1), false },
	{ "atomic sub", I_ATOMIC(BPF_DW, BPF_SUB, 1, 2, 0), false },
	{ "atomic b", I_RAW(BPF_STX | BPF_ATOMIC | BPF_B, 1, 2, 0, BPF_ADD),
	  false },
	{ "atomic cmpxchg", I_ATOMIC(BPF_W, BPF_CMPXCHG, 1, 2, 0), true },
	{ "ld_abs dw", I_RAW(BPF_LD | BPF_ABS | BPF_DW, 0, 0, 0, 1), false },
	{ "ld_abs with dst", I_RAW(BPF_LD | BPF_ABS | BPF_W, 1, 0, 0, 1),
	  false },
	{ "register 11", I_RAW(BPF_ALU64 | BPF_MOV | BPF_X, 11, 1, 0, 0),
	  false },
	{ "opcode 0xff", I_RAW(0xff, 0, 0, 0, 0), false },
	{ "opcode 0x00", I_RAW(0x00, 0, 0, 0, 0), false },
};

static u32 vector_len(const struct vector *v)
{
	u32 n = MAX_INSNS;

	while (n && !v->insns[n - 1].code)
		n--;
	return n;
}

/* The vector through the JIT; false, with the reason printed, if it fails. */
static bool jit_vector(const struct vector *v, bool blind, unsigned int n)
{
	const char *how = blind ? "jit blinded" : "jit";
	struct jit_prog p;
	int err;
	u64 r0;

	err = jit_load(&p, v->insns, vector_len(v), EBPF_STACK_SIZE, &env,
		       blind);
	if (err) {
		printf("not ok %u %s: %s: not translated, errno %d\n", n, how,
		       v->name, -err);
		return false;
	}
	r0 = p.fn(packet);
	jit_unload(&p);
	if (r0 == v->r0) {
		printf("ok %u %s: %s\n", n, how, v->name);
		return true;
	}
	printf("not ok %u %s: %s: r0 %#llx, expected %#llx\n", n, how, v->name,
	       (unsigned long long)r0, (unsigned long long)v->r0);
	return false;
}

int main(void)
{
	unsigned int i, failed = 0, n = 0;
	const char *why;
	u64 r0;

	/* emitted code that loops forever fails the test instead of hanging */
	alarm(60);
	printf("TAP version 13\n1..%zu\n",
	       3 * ARRAY_SIZE(vectors) + ARRAY_SIZE(field_cases));
	for (i = 0; i < ARRAY_SIZE(vectors); i++) {
		r0 = ebpf_interp_run(vectors[i].insns, packet, &env);
		if (r0 == vectors[i].r0) {
			printf("ok %u interp: %s\n", ++n, vectors[i].name);
		} else {
			failed++;
			printf("not ok %u interp: %s: r0 %#llx, expected %#llx\n",
			       ++n, vectors[i].name, (unsigned long long)r0,
			       (unsigned long long)vectors[i].r0);
		}
		failed += !jit_vector(&vectors[i], false, ++n);
		failed += !jit_vector(&vectors[i], true, ++n);
	}
	for (i = 0; i < ARRAY_SIZE(field_cases); i++) {
		const struct field_case *c = &field_cases[i];
		bool valid = !ebpf_insn_check_fields(&c->insn, &why);

		if (valid == c->valid) {
			printf("ok %u decode: %s\n", ++n, c->name);
			continue;
		}
		failed++;
		printf("not ok %u decode: %s: %s\n", ++n, c->name,
		       valid ? "accepted" : why);
	}
	printf("# %u passed, %u failed\n", n - failed, failed);
	return failed ? 1 : 0;
}
