// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's log: instructions and states as the log shows them,
 * and the rejection of a program with its reason.
 */
#include "verifier_internal.h"

__printf(2, 3) void vfy_vlog(struct ebpf_verifier *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ebpf_log_vprintf(&v->log, fmt, ap);
	va_end(ap);
}

const char *const vfy_alu_op_str[16] = {
	"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=",
	"neg", "%=", "^=", "=", "s>>=", "end", "?", "?",
};

static const char *const jmp_op_str[16] = {
	"goto", "==", ">", ">=", "&", "!=", "s>", "s>=",
	"call", "exit", "<", "<=", "s<", "s<=", "?", "?",
};

static const char *const atomic_op_str[16] = {
	[BPF_ADD >> 4] = "+=", [BPF_OR >> 4] = "|=", [BPF_AND >> 4] = "&=",
	[BPF_XOR >> 4] = "^=", [BPF_XCHG >> 4] = "xchg",
	[BPF_CMPXCHG >> 4] = "cmpxchg",
};

static void log_alu(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	char r = BPF_CLASS(in->code) == BPF_ALU64 ? 'r' : 'w';
	u8 op = BPF_OP(in->code);

	if (op == BPF_NEG) {
		vfy_vlog(v, "%c%u = -%c%u", r, in->dst_reg, r, in->dst_reg);
	} else if (op == BPF_END) {
		vfy_vlog(v, "r%u = %s%d r%u", in->dst_reg,
			 BPF_CLASS(in->code) == BPF_ALU64 ? "bswap" :
			 BPF_SRC(in->code) == BPF_TO_BE ? "be" : "le",
			 in->imm, in->dst_reg);
	} else if (BPF_SRC(in->code) == BPF_K) {
		vfy_vlog(v, "%c%u %s %d", r, in->dst_reg, vfy_alu_op_str[op >> 4],
			 in->imm);
	} else {
		vfy_vlog(v, "%c%u %s%s %c%u", r, in->dst_reg,
			 in->off ? "s" : "", vfy_alu_op_str[op >> 4], r, in->src_reg);
		if (op == BPF_MOV && in->off)
			vfy_vlog(v, " (sign-extend %d bits)", in->off);
	}
}

static void log_jmp(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	bool is32 = BPF_CLASS(in->code) == BPF_JMP32;
	char r = is32 ? 'w' : 'r';
	u8 op = BPF_OP(in->code);

	if (op == BPF_EXIT)
		vfy_vlog(v, "exit");
	else if (op == BPF_CALL)
		vfy_vlog(v, "call %s#%d", in->src_reg ? "pseudo" : "helper",
			 in->imm);
	else if (op == BPF_JA)
		vfy_vlog(v, "goto %+d", is32 ? in->imm : in->off);
	else if (BPF_SRC(in->code) == BPF_K)
		vfy_vlog(v, "if %c%u %s %d goto %+d", r, in->dst_reg,
			 jmp_op_str[op >> 4], in->imm, in->off);
	else
		vfy_vlog(v, "if %c%u %s %c%u goto %+d", r, in->dst_reg,
			 jmp_op_str[op >> 4], r, in->src_reg, in->off);
}

static void log_mem(struct ebpf_verifier *v, const struct bpf_insn *in)
{
	u32 bits = ebpf_size_bytes(in->code) * 8;

	switch (BPF_CLASS(in->code)) {
	case BPF_LDX:
		vfy_vlog(v, "r%u = *(%c%u *)(r%u %+d)", in->dst_reg,
			 BPF_MODE(in->code) == BPF_MEMSX ? 's' : 'u', bits,
			 in->src_reg, in->off);
		break;
	case BPF_ST:
		vfy_vlog(v, "*(u%u *)(r%u %+d) = %d", bits, in->dst_reg, in->off,
			 in->imm);
		break;
	case BPF_STX:
		if (BPF_MODE(in->code) == BPF_ATOMIC)
			vfy_vlog(v, "lock *(u%u *)(r%u %+d) %s%s r%u", bits,
				 in->dst_reg, in->off,
				 atomic_op_str[(in->imm >> 4) & 15] ?: "?",
				 in->imm & BPF_FETCH ? " (fetch)" : "",
				 in->src_reg);
		else
			vfy_vlog(v, "*(u%u *)(r%u %+d) = r%u", bits, in->dst_reg,
				 in->off, in->src_reg);
		break;
	default: /* BPF_LD */
		if (BPF_MODE(in->code) == BPF_IMM)
			vfy_vlog(v, "r%u = imm64 (src %u) %#x %#x", in->dst_reg,
				 in->src_reg, (u32)in[0].imm,
				 v->insns + v->cnt > in + 1 ? (u32)in[1].imm : 0);
		else if (BPF_MODE(in->code) == BPF_ABS)
			vfy_vlog(v, "r0 = *(u%u *)skb[%d]", bits, in->imm);
		else
			vfy_vlog(v, "r0 = *(u%u *)skb[r%u + %d]", bits,
				 in->src_reg, in->imm);
	}
}

/* One line naming instruction @idx and what it does. */
void vfy_log_insn(struct ebpf_verifier *v, u32 idx)
{
	const struct bpf_insn *in = &v->insns[idx];

	vfy_vlog(v, "%u: (%02x) ", idx, in->code);
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		log_alu(v, in);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		log_jmp(v, in);
		break;
	default:
		log_mem(v, in);
	}
}

const char *const vfy_reg_type_str[] = {
	[EBPF_NOT_INIT] = "?",
	[EBPF_SCALAR] = "scalar",
	[EBPF_PTR_CTX] = "ctx",
	[EBPF_PTR_STACK] = "fp",
	[EBPF_PTR_MAP] = "map_ptr",
	[EBPF_PTR_MAP_VALUE] = "map_value",
	[EBPF_PTR_MAP_VALUE_OR_NULL] = "map_value_or_null",
	[EBPF_PTR_RINGBUF_MEM] = "ringbuf_mem",
	[EBPF_PTR_RINGBUF_MEM_OR_NULL] = "ringbuf_mem_or_null",
};

static void log_scalar(struct ebpf_verifier *v, const struct ebpf_scalar *s)
{
	if (ebpf_scalar_is_const(s)) {
		vfy_vlog(v, "%lld", (s64)s->t.value);
		return;
	}
	vfy_vlog(v, "(");
	if (s->umin || s->umax != U64_MAX)
		vfy_vlog(v, "umin=%llu,umax=%llu,", s->umin, s->umax);
	if (s->smin != S64_MIN || s->smax != S64_MAX)
		vfy_vlog(v, "smin=%lld,smax=%lld,", s->smin, s->smax);
	if (s->u32_min || s->u32_max != U32_MAX)
		vfy_vlog(v, "u32=[%u,%u],", s->u32_min, s->u32_max);
	if (s->s32_min != S32_MIN || s->s32_max != S32_MAX)
		vfy_vlog(v, "s32=[%d,%d],", s->s32_min, s->s32_max);
	vfy_vlog(v, "var=%#llx/%#llx)", s->t.value, s->t.mask);
}

static void log_reg(struct ebpf_verifier *v, const struct ebpf_reg *r)
{
	vfy_vlog(v, "%s", vfy_reg_type_str[r->type]);
	if (r->type == EBPF_SCALAR) {
		log_scalar(v, &r->var);
		return;
	}
	if (r->off)
		vfy_vlog(v, "%+d", r->off);
	if (!ebpf_scalar_is_const(&r->var) || r->var.t.value) {
		vfy_vlog(v, "+var");
		log_scalar(v, &r->var);
	}
	if (reg_is_ringbuf(r))
		vfy_vlog(v, "(size=%u)", r->mem_size);
	if (r->id)
		vfy_vlog(v, "(id=%u)", r->id);
}

void vfy_log_state(struct ebpf_verifier *v, const struct ebpf_vstate *st)
{
	u32 i, j;

	for (i = 0; i < MAX_BPF_REG; i++) {
		if (st->regs[i].type == EBPF_NOT_INIT)
			continue;
		vfy_vlog(v, " R%u=", i);
		log_reg(v, &st->regs[i]);
	}
	for (i = 0; i < st->nslots; i++) {
		const struct ebpf_stack_slot *s = &st->slots[i];

		if (s->bytes[0] == EBPF_STACK_SPILL) {
			vfy_vlog(v, " fp-%u=", 8 * (i + 1));
			log_reg(v, &s->spill);
			continue;
		}
		for (j = 0; j < 8 && s->bytes[j] == EBPF_STACK_INVALID; j++)
			;
		if (j < 8)
			vfy_vlog(v, " fp-%u=%c%c%c%c%c%c%c%c", 8 * (i + 1),
				 "?ms"[s->bytes[0]], "?ms"[s->bytes[1]],
				 "?ms"[s->bytes[2]], "?ms"[s->bytes[3]],
				 "?ms"[s->bytes[4]], "?ms"[s->bytes[5]],
				 "?ms"[s->bytes[6]], "?ms"[s->bytes[7]]);
	}
	for (i = 0; i < st->nrefs; i++)
		vfy_vlog(v, " ref(id=%u)", st->refs[i].id);
}

/*
 * Reject the program: at log level 1 the path that led here first, then
 * the reason, prefixed with the index of the failing instruction.
 */
__printf(3, 4) int vfy_reject(struct ebpf_verifier *v, int err,
			      const char *fmt, ...)
{
	va_list ap;
	u32 i;

	if (!v->args->log_level)
		return err;
	if (v->args->log_level == 1 && v->path_len) {
		vfy_vlog(v, "path to the failing instruction:\n");
		for (i = 0; i < v->path_len; i++) {
			vfy_log_insn(v, v->path[i]);
			vfy_vlog(v, "\n");
		}
	}
	vfy_vlog(v, "%u: ", v->idx);
	va_start(ap, fmt);
	ebpf_log_vprintf(&v->log, fmt, ap);
	va_end(ap);
	vfy_vlog(v, "\n");
	return err;
}
