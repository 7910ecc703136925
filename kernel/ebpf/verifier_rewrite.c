// SPDX-License-Identifier: GPL-2.0
/*
 * Pass 4 of the verifier: the program rewritten for execution.
 */
#include "verifier_internal.h"

/* Jump distance from @from to @to in the new program, or false. */
static bool new_offset(const u32 *pos, u32 from, s64 to, s32 lim_lo,
		       s32 lim_hi, s32 *out)
{
	s64 d = (s64)pos[to] - pos[from] - 1;

	if (d < lim_lo || d > lim_hi)
		return false;
	*out = d;
	return true;
}

/* Fix jump offsets in @out for the new positions @pos of old instructions. */
static int relocate_jumps(struct ebpf_verifier *v, struct bpf_insn *out,
			  const u32 *pos)
{
	u32 i;

	for (i = 0; i < v->cnt; i++) {
		const struct bpf_insn *in = &v->insns[i];
		struct bpf_insn *o = &out[pos[i]];
		u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
		s32 d;

		if (!insn_walked(v, i) ||
		    (cls != BPF_JMP && cls != BPF_JMP32) ||
		    op == BPF_CALL || op == BPF_EXIT)
			continue;
		if (cls == BPF_JMP32 && op == BPF_JA) {
			if (!new_offset(pos, i, (s64)i + 1 + in->imm, S32_MIN,
					S32_MAX, &d))
				goto too_far;
			o->imm = d;
		} else {
			if (!new_offset(pos, i, (s64)i + 1 + in->off, S16_MIN,
					S16_MAX, &d))
				goto too_far;
			o->off = d;
		}
		continue;
too_far:
		v->idx = i;
		return vfy_reject(v, -E2BIG, "jump offset out of range after context rewriting");
	}
	return 0;
}

/* The longest masked pointer arithmetic (a negative offset in dst). */
#define EBPF_MASK_MAX	10
/* ... and the longest replacement of one instruction */
#define EBPF_REWRITE_MAX	EBPF_MASK_MAX
static_assert(EBPF_REWRITE_MAX >= EBPF_CTX_REWRITE_MAX, "buf holds any rewrite");

static struct bpf_insn alu64(u8 op, u8 src, u8 dst, u8 reg, s32 imm)
{
	return (struct bpf_insn){ .code = BPF_ALU64 | op | src, .dst_reg = dst,
				  .src_reg = reg, .imm = imm };
}

/*
 * Spectre v1 (CVE-2019-7308): the pointer arithmetic @in, which the walk
 * saw move a pointer by an offset of sign and largest magnitude (limit)
 * @aux recorded, as instructions that move it by that offset when it is
 * inside the window and by 0 when it is not, without a branch: so even
 * when a mispredicted bounds check let an offset through, the pointer
 * stays inside its object. A constant offset becomes an immediate, which
 * no misprediction can change. With O the offset register (negated
 * first when the offset is <= 0, and back before it is used), AX is
 *
 *	mask = ~(((limit - O) | O) s>> 63)	all ones iff 0 <= O <= limit
 *	AX   = mask & O
 *
 * and then the pointer moves by AX. Returns the number written to @buf.
 */
static u32 mask_ptr_alu(const struct bpf_insn *in, const struct insn_aux *aux,
			struct bpf_insn *buf)
{
	bool neg = aux->san & SAN_NEG, off_dst = aux->san & SAN_OFF_DST;
	u8 o = off_dst ? in->dst_reg : in->src_reg, op = BPF_OP(in->code);
	struct bpf_insn *p = buf;

	if (aux->san & SAN_CONST) {
		/* dst = src is first when the pointer is src: a move then */
		if (off_dst)
			*p++ = alu64(BPF_MOV, BPF_X, in->dst_reg, in->src_reg, 0);
		*p++ = alu64(op, BPF_K, in->dst_reg, 0,
			     neg ? -(s32)aux->alu_limit : (s32)aux->alu_limit);
		return p - buf;
	}
	if (neg)
		*p++ = alu64(BPF_NEG, BPF_K, o, 0, 0);
	*p++ = (struct bpf_insn){ .code = BPF_ALU | BPF_MOV | BPF_K,
				  .dst_reg = EBPF_REG_AX, .imm = aux->alu_limit };
	*p++ = alu64(BPF_SUB, BPF_X, EBPF_REG_AX, o, 0);
	*p++ = alu64(BPF_OR, BPF_X, EBPF_REG_AX, o, 0);
	if (neg)
		*p++ = alu64(BPF_NEG, BPF_K, o, 0, 0);
	*p++ = alu64(BPF_ARSH, BPF_K, EBPF_REG_AX, 0, 63);
	*p++ = alu64(BPF_XOR, BPF_K, EBPF_REG_AX, 0, -1);
	*p++ = alu64(BPF_AND, BPF_X, EBPF_REG_AX, o, 0);
	if (off_dst)
		*p++ = alu64(BPF_MOV, BPF_X, in->dst_reg, in->src_reg, 0);
	*p++ = alu64(op, BPF_X, in->dst_reg, EBPF_REG_AX, 0);
	return p - buf;
}

/* Instructions replacing @v->insns[@i] in @buf (0: it stays as it is). */
static u32 rewrite_insn(struct ebpf_verifier *v, u32 i, struct bpf_insn *buf)
{
	const struct ebpf_prog_desc *desc = v->args->desc;

	if (!insn_walked(v, i))
		return 0;
	if (v->aux[i].san & SAN_PTR)
		return mask_ptr_alu(&v->insns[i], &v->aux[i], buf);
	if ((v->aux[i].flags & AUX_CTX) && desc->ctx_rewrite)
		return desc->ctx_rewrite(&v->insns[i], buf);
	return 0;
}

/* A store a real path makes (not only a mispredicted one) that Spectre v4 could bypass */
static bool needs_barrier(const struct ebpf_verifier *v, u32 i)
{
	return (v->aux[i].flags & AUX_NOSPEC) && insn_walked(v, i);
}

/*
 * The program for execution: maps' addresses in their LD_IMM64s, context
 * accesses rewritten by the program type, pointer arithmetic masked and
 * stores fenced against speculation. Old instruction i lands at pos[i];
 * pos[cnt] is the new length.
 */
int vfy_rewrite(struct ebpf_verifier *v, struct bpf_insn **outp, u32 *outn)
{
	struct bpf_insn buf[EBPF_REWRITE_MAX], *out = NULL;
	u32 *pos, *len, i, n = 0;
	int err = -ENOMEM;

	pos = ebpf_zalloc((v->cnt + 1) * sizeof(*pos));
	len = ebpf_zalloc(v->cnt * sizeof(*len));
	if (!pos || !len)
		goto fail;
	for (i = 0; i < v->cnt; i++) {
		len[i] = rewrite_insn(v, i, buf);
		if (len[i] > ARRAY_SIZE(buf)) {
			err = vfy_reject(v, -EFAULT,
					 "internal error: context access replaced by too many instructions");
			goto fail;
		}
		pos[i] = n;
		n += (len[i] ?: 1) + needs_barrier(v, i);
	}
	pos[v->cnt] = n;
	out = ebpf_zalloc(n * sizeof(*out));
	if (!out)
		goto fail;
	for (i = 0; i < v->cnt; i++) {
		if (!insn_walked(v, i))
			out[pos[i]] = (struct bpf_insn){
				.code = BPF_JMP | BPF_JA, .off = -1,
			};
		else if (len[i])
			rewrite_insn(v, i, &out[pos[i]]);
		else
			out[pos[i]] = v->insns[i];
		if (needs_barrier(v, i))
			out[pos[i] + (len[i] ?: 1)] =
				(struct bpf_insn){ .code = EBPF_ST_NOSPEC };
	}
	err = relocate_jumps(v, out, pos);
	if (err)
		goto fail;
	for (i = 0; i < v->cnt; i++) {
		const struct bpf_insn *in = &v->insns[i];
		u64 addr;

		if (in->code != (BPF_LD | BPF_IMM | BPF_DW) || !insn_walked(v, i))
			continue;
		if (imm64_is_map(in))
			addr = (u64)(uintptr_t)v->maps[v->aux[i].map].ptr;
		else if (imm64_is_value(in))
			addr = (u64)(uintptr_t)v->maps[v->aux[i].map].value +
			       (u32)in[1].imm;
		else
			continue;
		out[pos[i]].imm = (u32)addr;
		out[pos[i] + 1].imm = addr >> 32;
	}
	*outp = out;
	*outn = n;
	out = NULL;
	err = 0;
fail:
	ebpf_free(out);
	ebpf_free(pos);
	ebpf_free(len);
	return err;
}
