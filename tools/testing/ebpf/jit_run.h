/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running the JIT's output natively in user space: the image is mapped
 * within reach of a rel32 call from this binary's text (where the test's
 * helpers are), written, then made read-only and executable, never both
 * writable and executable. Include after the core's .c files.
 */
#ifndef _EBPF_JIT_RUN_H
#define _EBPF_JIT_RUN_H

#include <sys/mman.h>
#include <unistd.h>

#include "../../../arch/x86/net/ebpf_jit.c"

struct jit_prog {
	void *mem;
	size_t len;
	u32 size;		/* image bytes */
	u32 passes;
	ebpf_jit_fn fn;
};

/* Pages for @len bytes within 1 GiB of our own text. */
static void *jit_map_near(size_t len)
{
	uintptr_t anchor = (uintptr_t)&jit_map_near & ~(uintptr_t)0xfffff;
	uintptr_t step = 64UL << 20, d;
	void *p;
	int sign;

	for (d = step; d < (1UL << 30); d += step) {
		for (sign = -1; sign <= 1; sign += 2) {
			uintptr_t hint = anchor + sign * d;

			p = mmap((void *)hint, len, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
				 -1, 0);
			if (p != MAP_FAILED)
				return p;
		}
	}
	return NULL;
}

/* One random key per instruction slot, for constant blinding. */
static u32 *jit_keys(u32 cnt)
{
	u32 *k = malloc((cnt ?: 1) * sizeof(*k)), i;

	for (i = 0; k && i < cnt; i++)
		k[i] = (u32)random() ^ (u32)random() << 16;
	return k;
}

/*
 * Translate @insns (verified, rewritten) for the helpers of @env; 0 or
 * the JIT's errno. With @blind, every immediate is blinded.
 */
static int __maybe_unused
jit_load(struct jit_prog *p, const struct bpf_insn *insns, u32 cnt,
	 u32 stack_depth, const struct ebpf_interp_env *env, bool blind)
{
	const struct ebpf_jit_env jenv = { .interp = env };
	u32 *keys = blind ? jit_keys(cnt) : NULL;
	struct ebpf_jit j = {
		.insns = insns, .insn_cnt = cnt, .stack_depth = stack_depth,
		.env = &jenv, .keys = keys,
	};
	long page = sysconf(_SC_PAGESIZE);
	int err;

	memset(p, 0, sizeof(*p));
	err = blind && !keys ? -ENOMEM : ebpf_jit_plan(&j);
	if (err)
		goto out;
	p->size = j.size;
	p->passes = j.passes;
	p->len = (j.size + page - 1) / page * page;
	p->mem = jit_map_near(p->len);
	err = -ENOMEM;
	if (!p->mem)
		goto out;
	err = ebpf_jit_emit(&j, p->mem);
	if (!err && mprotect(p->mem, p->len, PROT_READ | PROT_EXEC))
		err = -errno;
	if (err) {
		munmap(p->mem, p->len);
		p->mem = NULL;
	} else {
		p->fn = (ebpf_jit_fn)p->mem;
	}
out:
	ebpf_jit_release(&j);
	free(keys);
	return err;
}

static void __maybe_unused jit_unload(struct jit_prog *p)
{
	if (p->mem)
		munmap(p->mem, p->len);
	p->mem = NULL;
}

#endif /* _EBPF_JIT_RUN_H */
