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

/*
 * The program for execution: maps' addresses in their LD_IMM64s, context
 * accesses rewritten by the program type. Old instruction i lands at
 * pos[i]; pos[cnt] is the new length.
 */
int vfy_rewrite(struct ebpf_verifier *v, struct bpf_insn **outp, u32 *outn)
{
	const struct ebpf_prog_desc *desc = v->args->desc;
	struct bpf_insn buf[EBPF_CTX_REWRITE_MAX], *out = NULL;
	u32 *pos, *len, i, n = 0;
	int err = -ENOMEM;

	pos = ebpf_zalloc((v->cnt + 1) * sizeof(*pos));
	len = ebpf_zalloc(v->cnt * sizeof(*len));
	if (!pos || !len)
		goto fail;
	for (i = 0; i < v->cnt; i++) {
		len[i] = 0;
		if ((v->aux[i].flags & AUX_CTX) && desc->ctx_rewrite)
			len[i] = desc->ctx_rewrite(&v->insns[i], buf);
		if (len[i] > EBPF_CTX_REWRITE_MAX) {
			err = vfy_reject(v, -EFAULT,
					 "internal error: context access replaced by too many instructions");
			goto fail;
		}
		pos[i] = n;
		n += (len[i] ?: 1) + !!(v->aux[i].flags & AUX_NOSPEC);
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
			desc->ctx_rewrite(&v->insns[i], &out[pos[i]]);
		else
			out[pos[i]] = v->insns[i];
		if (v->aux[i].flags & AUX_NOSPEC)
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
