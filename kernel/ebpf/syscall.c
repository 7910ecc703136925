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
#include <linux/ebpf.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

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
	case BPF_MAP_FREEZE:
		return ebpf_map_freeze(&attr);
	case BPF_PROG_LOAD:
		return ebpf_prog_load(&attr, uattr, size);
	case BPF_PROG_TEST_RUN:
		return ebpf_prog_test_run(&attr, uattr);
	default:
		return -EINVAL;
	}
}
