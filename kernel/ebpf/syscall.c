// SPDX-License-Identifier: GPL-2.0
/*
 * The bpf(2) system call: copy the attributes in, dispatch on the command.
 *
 * The ABI is mainline's, byte for byte: a caller may pass a union bpf_attr
 * that is shorter than ours (missing fields read as zero) or longer (the
 * extra bytes must be zero, else E2BIG, since we cannot honour fields we do
 * not know). Each command then checks that the bytes after the last field it
 * reads are zero (EINVAL otherwise).
 */
#include <linux/capability.h>
#include <linux/ebpf.h>
#include <linux/sysctl.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

int ebpf_unprivileged_disabled __read_mostly = 2;

bool ebpf_capable(void)
{
	return capable(CAP_BPF) || capable(CAP_SYS_ADMIN);
}

/*
 * Copy a struct of @known bytes that user space passes with its own @size
 * into a zeroed @dst. Callers built against a newer uapi may pass more
 * than we know, which is fine only if all of it is zero (E2BIG if not);
 * less leaves the rest zero; more than a page is never reasonable.
 */
int ebpf_copy_struct_from_user(void *dst, size_t known,
			       const void __user *src, size_t size)
{
	int zero;

	if (size > PAGE_SIZE)
		return -E2BIG;
	if (size > known) {
		zero = check_zeroed_user((const u8 __user *)src + known,
					 size - known);
		if (zero < 0)
			return zero;
		if (!zero)
			return -E2BIG;
		size = known;
	}
	memset(dst, 0, known);
	if (copy_from_user(dst, src, size))
		return -EFAULT;
	return 0;
}

static int ebpf_copy_attr(union bpf_attr *attr,
			  const union bpf_attr __user *uattr,
			  unsigned int size)
{
	return ebpf_copy_struct_from_user(attr, sizeof(*attr), uattr, size);
}

SYSCALL_DEFINE3(bpf, int, cmd, union bpf_attr __user *, uattr,
		unsigned int, size)
{
	union bpf_attr attr;
	int err;

	err = ebpf_copy_attr(&attr, uattr, size);
	if (err)
		return err;

	switch (cmd) {
	case BPF_MAP_CREATE:
		return ebpf_map_create(&attr);
	case BPF_MAP_LOOKUP_ELEM:
		return ebpf_map_lookup_elem(&attr);
	case BPF_MAP_UPDATE_ELEM:
		return ebpf_map_update_elem(&attr);
	case BPF_MAP_DELETE_ELEM:
		return ebpf_map_delete_elem(&attr);
	case BPF_MAP_GET_NEXT_KEY:
		return ebpf_map_get_next_key(&attr);
	case BPF_PROG_LOAD:
		return ebpf_prog_load(&attr, uattr, size);
	case BPF_PROG_TEST_RUN:
		return ebpf_prog_test_run(&attr, uattr);
	default:
		return -EINVAL;
	}
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
