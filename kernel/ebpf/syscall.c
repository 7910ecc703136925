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
#include <linux/file.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

/*
 * Callers built against a newer uapi may pass a struct of more than the
 * @known bytes, which is fine only if all of it is zero (E2BIG if not);
 * more than a page is never reasonable.
 */
int ebpf_check_tail_zero(const void __user *src, size_t known, size_t size)
{
	int zero;

	if (size > PAGE_SIZE)
		return -E2BIG;
	if (size <= known)
		return 0;
	zero = check_zeroed_user((const u8 __user *)src + known, size - known);
	if (zero < 0)
		return zero;
	return zero ? 0 : -E2BIG;
}

/*
 * Copy a struct of @known bytes that user space passes with its own @size
 * into a zeroed @dst; less than @known leaves the rest zero.
 */
int ebpf_copy_struct_from_user(void *dst, size_t known,
			       const void __user *src, size_t size)
{
	int err = ebpf_check_tail_zero(src, known, size);

	if (err)
		return err;
	memset(dst, 0, known);
	if (copy_from_user(dst, src, min(size, known)))
		return -EFAULT;
	return 0;
}

static int ebpf_copy_attr(union bpf_attr *attr,
			  const union bpf_attr __user *uattr,
			  unsigned int size)
{
	return ebpf_copy_struct_from_user(attr, sizeof(*attr), uattr, size);
}

/*
 * BPF_OBJ_GET_INFO_BY_FD: what an object is, as the struct of its kind.
 * Maps only so far; for a program fd, as for any other, EINVAL.
 */
static int ebpf_obj_get_info_by_fd(union bpf_attr *attr,
				   union bpf_attr __user *uattr)
{
	struct ebpf_map *map;

	if (ebpf_attr_unused_nonzero(attr, offsetofend(union bpf_attr, info.info)))
		return -EINVAL;
	CLASS(fd, f)(attr->info.bpf_fd);
	/* EBADFD, not EBADF, as mainline */
	if (fd_empty(f))
		return -EBADFD;
	map = ebpf_map_from_file(fd_file(f));
	if (IS_ERR(map))
		return -EINVAL;
	return ebpf_map_get_info(map, attr, uattr);
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
	case BPF_MAP_LOOKUP_AND_DELETE_ELEM:
		return ebpf_map_lookup_and_delete_elem(&attr);
	case BPF_PROG_LOAD:
		return ebpf_prog_load(&attr, uattr, size);
	case BPF_PROG_TEST_RUN:
		return ebpf_prog_test_run(&attr, uattr);
	case BPF_OBJ_GET_INFO_BY_FD:
		return ebpf_obj_get_info_by_fd(&attr, uattr);
	default:
		return -EINVAL;
	}
}
