// SPDX-License-Identifier: GPL-2.0
/*
 * The JIT's kernel side: which programs are translated, where their code
 * lives, and when it goes.
 *
 * kernel.ebpf_jit_enable picks the runtime of programs loaded afterwards:
 * 0 the interpreter, 1 the JIT, 2 the JIT with each image dumped to the
 * kernel log. kernel.ebpf_jit_harden blinds constants: 0 never, 1 for
 * loaders without CAP_BPF (or CAP_SYS_ADMIN), 2 always, as mainline's
 * bpf_jit_harden.
 * A program the JIT cannot translate runs on the interpreter.
 *
 * The image comes from execmem (EXECMEM_BPF: within rel32 reach of the
 * kernel's text, so helper calls are direct) writable and not executable;
 * it is written once, then made read-only and executable, so no page is
 * ever both. Freeing it (execmem_free, after the program's RCU grace
 * period) resets the pages' permissions before they are reused.
 */
#include <linux/ebpf.h>
#include <linux/execmem.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/random.h>
#include <linux/set_memory.h>
#include <linux/slab.h>
#include <linux/sysctl.h>
#include <asm/nospec-branch.h>

#include "jit.h"

static int ebpf_jit_enable = 1;
static int ebpf_jit_harden = 1;

/* What the kernel we run in asks of the code: IBT, return thunks, SLS. */
static void ebpf_jit_arch_env(struct ebpf_jit_env *env)
{
	env->ibt = IS_ENABLED(CONFIG_X86_KERNEL_IBT);
#ifdef CONFIG_MITIGATION_RETHUNK
	if (cpu_feature_enabled(X86_FEATURE_RETHUNK))
		env->return_thunk = x86_return_thunk;
#endif
	env->sls = IS_ENABLED(CONFIG_MITIGATION_SLS);
}

/* One random key per instruction slot, or NULL when not blinding. */
static u32 *ebpf_jit_keys(const struct ebpf_prog *prog, bool *nomem)
{
	int harden = READ_ONCE(ebpf_jit_harden);
	u32 *keys;

	*nomem = false;
	if (!harden || (harden == 1 && ebpf_capable()))
		return NULL;
	keys = kvmalloc_array(prog->insn_cnt, sizeof(*keys), GFP_KERNEL);
	if (!keys) {
		*nomem = true;
		return NULL;
	}
	get_random_bytes(keys, prog->insn_cnt * sizeof(*keys));
	return keys;
}

/* An image of @size bytes at its final address, written by @j, sealed. */
static void *ebpf_jit_image(struct ebpf_jit *j, int *err)
{
	u32 len = PAGE_ALIGN(j->size);
	u8 *image = execmem_alloc(EXECMEM_BPF, len);

	*err = -ENOMEM;
	if (!image)
		return NULL;
	/* what follows the code in its last page traps if ever reached */
	memset(image, 0xcc, len);
	*err = ebpf_jit_emit(j, image);
	if (!*err)
		*err = set_memory_rox((unsigned long)image, len >> PAGE_SHIFT);
	if (*err) {
		execmem_free(image);
		return NULL;
	}
	return image;
}

static const char *ebpf_jit_why(int err)
{
	switch (err) {
	case -ENOMEM:
		return "out of memory";
	case -E2BIG:
		return "the image would be too large";
	case -ERANGE:
		return "a helper is out of reach of a direct call";
	default:
		return "internal error";
	}
}

void ebpf_prog_jit(struct ebpf_prog *prog)
{
	struct ebpf_jit_env env = {
		.interp = prog->type->env,
	};
	struct ebpf_jit j = {
		.insns = prog->insns,
		.insn_cnt = prog->insn_cnt,
		.stack_depth = prog->stack_depth,
		.env = &env,
	};
	int mode = READ_ONCE(ebpf_jit_enable), err;
	bool nomem;
	u8 *image = NULL;
	u32 *keys;

	if (!mode)
		return;
	ebpf_jit_arch_env(&env);
	keys = ebpf_jit_keys(prog, &nomem);
	j.keys = keys;
	err = nomem ? -ENOMEM : ebpf_jit_plan(&j);
	if (!err)
		image = ebpf_jit_image(&j, &err);
	ebpf_jit_release(&j);
	kvfree(keys);
	if (err) {
		pr_info_once("ebpf: a program runs on the interpreter: %s (%d)\n",
			     ebpf_jit_why(err), err);
		return;
	}
	prog->image = image;
	prog->jited_len = j.size;
	prog->jited = (ebpf_jit_fn)image;
	if (mode == 2) {
		pr_info("ebpf: %s: %u bytes of code at %pK, %u passes\n",
			prog->name[0] ? prog->name : "(no name)", j.size, image,
			j.passes);
		/* the prefix mainline's dump has, for tools that read it */
		print_hex_dump(KERN_INFO, "JIT code: ", DUMP_PREFIX_OFFSET, 16,
			       1, image, j.size, false);
	}
}

void ebpf_prog_jit_free(struct ebpf_prog *prog)
{
	if (prog->image)
		execmem_free(prog->image);
}

static int ebpf_jit_sysctl(const struct ctl_table *table, int write,
			   void *buffer, size_t *lenp, loff_t *ppos)
{
	if (write && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	return proc_dointvec_minmax(table, write, buffer, lenp, ppos);
}

static struct ctl_table ebpf_jit_sysctls[] = {
	{
		.procname	= "ebpf_jit_enable",
		.data		= &ebpf_jit_enable,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= ebpf_jit_sysctl,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_TWO,
	},
	{
		.procname	= "ebpf_jit_harden",
		.data		= &ebpf_jit_harden,
		.maxlen		= sizeof(int),
		.mode		= 0600,
		.proc_handler	= ebpf_jit_sysctl,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_TWO,
	},
};

static int __init ebpf_jit_sysctl_init(void)
{
	register_sysctl_init("kernel", ebpf_jit_sysctls);
	return 0;
}
late_initcall(ebpf_jit_sysctl_init);
