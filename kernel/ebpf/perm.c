// SPDX-License-Identifier: GPL-2.0
/*
 * Who may use bpf(2): the capability checks and the administrator's
 * switch for unprivileged users, below everything that asks (map
 * creation, program loading, the JIT's constant blinding), so that no
 * command's file needs another's for them.
 */
#include <linux/capability.h>
#include <linux/ebpf.h>
#include <linux/sysctl.h>

int ebpf_unprivileged_disabled __read_mostly = 2;

bool ebpf_capable(void)
{
	return capable(CAP_BPF) || capable(CAP_SYS_ADMIN);
}

/*
 * kernel.unprivileged_bpf_disabled, with mainline's semantics: 0 lets
 * unprivileged users create maps and load socket filters, 2 forbids it
 * until an administrator writes 0, 1 forbids it until reboot.
 */
static int ebpf_unpriv_sysctl(const struct ctl_table *table, int write,
			      void *buffer, size_t *lenp, loff_t *ppos)
{
	int cur = READ_ONCE(ebpf_unprivileged_disabled);
	int val = cur;
	struct ctl_table tmp = *table;
	int ret;

	if (write && !capable(CAP_SYS_ADMIN))
		return -EPERM;

	tmp.data = &val;
	ret = proc_dointvec_minmax(&tmp, write, buffer, lenp, ppos);
	if (ret || !write)
		return ret;
	if (cur == 1 && val != 1)
		return -EPERM;
	WRITE_ONCE(ebpf_unprivileged_disabled, val);
	return 0;
}

static struct ctl_table ebpf_sysctls[] = {
	{
		.procname	= "unprivileged_bpf_disabled",
		.data		= &ebpf_unprivileged_disabled,
		.maxlen		= sizeof(ebpf_unprivileged_disabled),
		.mode		= 0644,
		.proc_handler	= ebpf_unpriv_sysctl,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_TWO,
	},
};

static int __init ebpf_sysctl_init(void)
{
	register_sysctl_init("kernel", ebpf_sysctls);
	return 0;
}
late_initcall(ebpf_sysctl_init);
