// SPDX-License-Identifier: GPL-2.0
/*
 * Maps as objects: creation from attributes, the anon-inode fd that holds
 * them, reference counting, and the generic element commands of bpf(2).
 *
 * A map lives as long as someone holds a reference: each open fd holds one
 * and each program using the map will hold one. The last put may come from
 * a context that cannot sleep, so the free itself runs from a workqueue.
 *
 * Element commands copy key and value between user space and kernel
 * buffers outside any lock: the map type's operations then only see kernel
 * memory, which is what programs will hand them as well.
 */
#include <linux/anon_inodes.h>
#include <linux/ctype.h>
#include <linux/ebpf.h>
#include <linux/file.h>
#include <linux/idr.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/nospec.h>
#include <linux/nsproxy.h>
#include <linux/numa.h>
#include <linux/poll.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

static const struct ebpf_map_ops *const ebpf_map_types[] = {
#define EBPF_MAP_TYPE(type, ops) \
	[type] = &(ops),
#include <linux/ebpf_types.h>
#undef EBPF_MAP_TYPE
};

/* End of the last union bpf_attr field a command reads. */
#define EBPF_ATTR_END(field) offsetofend(union bpf_attr, field)

void ebpf_map_init_from_attr(struct ebpf_map *map, const union bpf_attr *attr)
{
	map->map_type = attr->map_type;
	map->key_size = attr->key_size;
	map->value_size = attr->value_size;
	map->max_entries = attr->max_entries;
	map->map_flags = attr->map_flags;
	mutex_init(&map->freeze_lock);
}

void *ebpf_map_area_alloc(u64 size)
{
	const gfp_t gfp = GFP_KERNEL_ACCOUNT | __GFP_NOWARN | __GFP_ZERO;

	/* more than all of RAM cannot succeed: do not even try */
	if (size > (u64)totalram_pages() << PAGE_SHIFT)
		return NULL;
	if (size <= PAGE_SIZE << PAGE_ALLOC_COSTLY_ORDER)
		return kmalloc(size, gfp | __GFP_NORETRY);
	return __vmalloc(size, gfp | __GFP_RETRY_MAYFAIL);
}

void ebpf_map_area_free(void *p)
{
	kvfree(p);
}

/*
 * Map ids, as mainline's: from 1 up, handed out cyclically so that an id
 * is not reused soon after its map goes; BPF_OBJ_GET_INFO_BY_FD shows it.
 */
static DEFINE_IDR(ebpf_map_idr);
static DEFINE_SPINLOCK(ebpf_map_idr_lock);

static int ebpf_map_alloc_id(struct ebpf_map *map)
{
	int id;

	idr_preload(GFP_KERNEL);
	spin_lock_bh(&ebpf_map_idr_lock);
	id = idr_alloc_cyclic(&ebpf_map_idr, map, 1, INT_MAX, GFP_ATOMIC);
	if (id > 0)
		map->id = id;
	spin_unlock_bh(&ebpf_map_idr_lock);
	idr_preload_end();
	return id > 0 ? 0 : id;
}

static void ebpf_map_free_id(struct ebpf_map *map)
{
	unsigned long flags;

	if (!map->id)
		return;
	spin_lock_irqsave(&ebpf_map_idr_lock, flags);
	idr_remove(&ebpf_map_idr, map->id);
	spin_unlock_irqrestore(&ebpf_map_idr_lock, flags);
	map->id = 0;
}

void ebpf_map_get(struct ebpf_map *map)
{
	refcount_inc(&map->refcnt);
}

static void ebpf_map_free_work(struct work_struct *work)
{
	struct ebpf_map *map = container_of(work, struct ebpf_map, free_work);

	map->ops->free(map);
}

void ebpf_map_put(struct ebpf_map *map)
{
	if (!refcount_dec_and_test(&map->refcnt))
		return;
	ebpf_map_free_id(map);
	INIT_WORK(&map->free_work, ebpf_map_free_work);
	schedule_work(&map->free_work);
}

static int ebpf_map_release(struct inode *inode, struct file *file)
{
	ebpf_map_put(file->private_data);
	return 0;
}

#ifdef CONFIG_PROC_FS
static void ebpf_map_show_fdinfo(struct seq_file *m, struct file *file)
{
	const struct ebpf_map *map = file->private_data;

	seq_printf(m, "map_type:\t%u\n", map->map_type);
	seq_printf(m, "key_size:\t%u\n", map->key_size);
	seq_printf(m, "value_size:\t%u\n", map->value_size);
	seq_printf(m, "max_entries:\t%u\n", map->max_entries);
	seq_printf(m, "map_flags:\t%#x\n", map->map_flags);
	seq_printf(m, "frozen:\t%u\n", READ_ONCE(map->frozen));
}
#endif

/*
 * A mapping of the values holds the map; one that may write (VM_MAYWRITE:
 * mprotect cannot add write access to the others) is counted, so that
 * freezing waits for none to be left.
 */
static void ebpf_map_vma_open(struct vm_area_struct *vma)
{
	struct ebpf_map *map = vma->vm_private_data;

	ebpf_map_get(map);
	if (vma->vm_flags & VM_MAYWRITE) {
		mutex_lock(&map->freeze_lock);
		map->writable_maps++;
		mutex_unlock(&map->freeze_lock);
	}
}

static void ebpf_map_vma_close(struct vm_area_struct *vma)
{
	struct ebpf_map *map = vma->vm_private_data;

	if (vma->vm_flags & VM_MAYWRITE) {
		mutex_lock(&map->freeze_lock);
		map->writable_maps--;
		mutex_unlock(&map->freeze_lock);
	}
	ebpf_map_put(map);
}

static const struct vm_operations_struct ebpf_map_vm_ops = {
	.open	= ebpf_map_vma_open,
	.close	= ebpf_map_vma_close,
};

/*
 * mmap() of a map fd, as mainline: shared mappings only, writable ones
 * neither of a frozen map (EPERM) nor of one read-only to programs
 * (EACCES: user space would write behind their back). mprotect() cannot
 * add execute access, nor write access to a read-only mapping; a mapping
 * asked executable from the start is, as in 6.12.
 */
static int ebpf_map_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct ebpf_map *map = file->private_data;
	int err;

	if (!map->ops->mmap)
		return -ENOTSUPP;
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	mutex_lock(&map->freeze_lock);
	err = -EPERM;
	if ((vma->vm_flags & VM_WRITE) && map->frozen)
		goto out;
	err = -EACCES;
	if ((vma->vm_flags & VM_WRITE) && (map->map_flags & BPF_F_RDONLY_PROG))
		goto out;
	vm_flags_clear(vma, VM_MAYEXEC);
	if (!(vma->vm_flags & VM_WRITE))
		vm_flags_clear(vma, VM_MAYWRITE);
	err = map->ops->mmap(map, vma);
	if (err)
		goto out;
	vma->vm_ops = &ebpf_map_vm_ops;
	vma->vm_private_data = map;
	ebpf_map_get(map);
	if (vma->vm_flags & VM_MAYWRITE)
		map->writable_maps++;
out:
	mutex_unlock(&map->freeze_lock);
	return err;
}

/* poll() of a map fd: ring buffers say when records wait (EPOLLIN) */
static __poll_t ebpf_map_poll(struct file *file, struct poll_table_struct *pt)
{
	struct ebpf_map *map = file->private_data;

	return map->ops->poll ? map->ops->poll(map, file, pt) : EPOLLERR;
}

static const struct file_operations ebpf_map_fops = {
	.release	= ebpf_map_release,
	.mmap		= ebpf_map_mmap,
	.poll		= ebpf_map_poll,
#ifdef CONFIG_PROC_FS
	.show_fdinfo	= ebpf_map_show_fdinfo,
#endif
};

struct ebpf_map *ebpf_map_from_file(struct file *f)
{
	if (f->f_op != &ebpf_map_fops)
		return ERR_PTR(-EINVAL);
	return f->private_data;
}

/* Names are optional; when given: letters, digits, '_' and '.', NUL ended. */
int ebpf_obj_name_copy(char *dst, const char *src, size_t size)
{
	size_t i;

	for (i = 0; i < size && src[i]; i++)
		if (!isalnum(src[i]) && src[i] != '_' && src[i] != '.')
			return -EINVAL;
	if (i == size)
		return -EINVAL;
	memcpy(dst, src, i);
	memset(dst + i, 0, size - i);
	return 0;
}

/* Open mode of a new map fd, from BPF_F_RDONLY/BPF_F_WRONLY. */
static int ebpf_map_fd_mode(u32 map_flags)
{
	if ((map_flags & BPF_F_RDONLY) && (map_flags & BPF_F_WRONLY))
		return -EINVAL;
	if (map_flags & BPF_F_RDONLY)
		return O_RDONLY;
	if (map_flags & BPF_F_WRONLY)
		return O_WRONLY;
	return O_RDWR;
}

/*
 * Attribute checks common to all map types, before any allocation. We
 * implement no BTF, no offload and no tokens: attributes asking for them
 * are refused rather than ignored, each where mainline finds it wanting
 * (see ebpf_map_check_late()).
 */
static int ebpf_map_check_common_attr(const union bpf_attr *attr)
{
	if (ebpf_attr_unused_nonzero(attr, EBPF_ATTR_END(map_token_fd)))
		return -EINVAL;
	/* struct_ops maps only; a key type needs a value type */
	if (attr->btf_vmlinux_value_type_id ||
	    (attr->btf_key_type_id && !attr->btf_value_type_id))
		return -EINVAL;
	/* bloom filters and arenas only */
	if (attr->map_extra)
		return -EINVAL;
	if ((attr->map_flags & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG)) ==
	    (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG))
		return -EINVAL;
	if (attr->map_flags & BPF_F_NUMA_NODE) {
		if (attr->numa_node >= nr_node_ids ||
		    !node_online(attr->numa_node))
			return -EINVAL;
	}
	return 0;
}

/*
 * The errno of an fd that names an object we do not have (a BTF, a
 * token): EBADF if nothing is open there, EINVAL otherwise, as mainline's
 * lookups of those objects.
 */
int ebpf_foreign_fd_errno(u32 ufd)
{
	CLASS(fd, f)(ufd);

	return fd_empty(f) ? -EBADF : -EINVAL;
}

/*
 * Offload to a device (map_ifindex), refused as mainline refuses it for
 * a device that cannot: root only, then no such device (EINVAL) or one
 * without BPF offload (EOPNOTSUPP); none has offload for our maps.
 */
static int ebpf_map_check_offload(const union bpf_attr *attr)
{
	struct net_device *dev;
	int err = -EINVAL;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	dev = dev_get_by_index(current->nsproxy->net_ns, attr->map_ifindex);
	if (dev && !dev->netdev_ops->ndo_bpf)
		err = -EOPNOTSUPP;
	dev_put(dev);
	return err;
}

/*
 * What mainline checks once the map is allocated: its name, then the BTF
 * of its key and value, which we never have: the fd is not open (EBADF)
 * or is not a BTF object (EINVAL).
 */
static int ebpf_map_check_late(const union bpf_attr *attr, char *name)
{
	int err = ebpf_obj_name_copy(name, attr->map_name, BPF_OBJ_NAME_LEN);

	if (err)
		return err;
	if (attr->btf_key_type_id || attr->btf_value_type_id)
		return ebpf_foreign_fd_errno(attr->btf_fd);
	return 0;
}

static const struct ebpf_map_ops *ebpf_map_ops_of(u32 map_type)
{
	if (map_type >= ARRAY_SIZE(ebpf_map_types))
		return NULL;
	return ebpf_map_types[array_index_nospec(map_type,
						 ARRAY_SIZE(ebpf_map_types))];
}

/* Called from bpf(BPF_MAP_CREATE): returns a new map fd or an errno. */
int ebpf_map_create(union bpf_attr *attr)
{
	const struct ebpf_map_ops *ops;
	struct ebpf_map *map;
	char name[BPF_OBJ_NAME_LEN];
	int fd_mode, err, fd;

	err = ebpf_map_check_common_attr(attr);
	if (err)
		return err;
	fd_mode = ebpf_map_fd_mode(attr->map_flags);
	if (fd_mode < 0)
		return fd_mode;
	ops = ebpf_map_ops_of(attr->map_type);
	if (!ops)
		return -EINVAL;
	err = ops->alloc_check(attr);
	if (err)
		return err;
	if (READ_ONCE(ebpf_unprivileged_disabled) && !ebpf_capable())
		return -EPERM;
	if (attr->map_ifindex)
		return ebpf_map_check_offload(attr);

	map = ops->alloc(attr);
	if (IS_ERR(map))
		return PTR_ERR(map);
	map->ops = ops;
	err = ebpf_map_check_late(attr, name);
	if (err) {
		ops->free(map);
		return err;
	}
	memcpy(map->name, name, sizeof(name));
	refcount_set(&map->refcnt, 1);
	err = ebpf_map_alloc_id(map);
	if (err) {
		ops->free(map);
		return err;
	}

	fd = anon_inode_getfd("bpf-map", &ebpf_map_fops, map,
			      fd_mode | O_CLOEXEC);
	if (fd < 0) {
		ebpf_map_free_id(map);
		ops->free(map);
	}
	return fd;
}

/*
 * Kernel copies of keys and values. Most are small: those live on the
 * caller's stack, which keeps the syscall path free of allocations.
 */
struct ebpf_kbuf {
	void *p;
	u64 small[8];
};

static void *ebpf_kbuf_alloc(struct ebpf_kbuf *b, u32 size)
{
	if (size <= sizeof(b->small))
		b->p = b->small;
	else
		b->p = kvmalloc(size, GFP_USER | __GFP_NOWARN);
	return b->p;
}

static void ebpf_kbuf_free(struct ebpf_kbuf *b)
{
	if (b->p != b->small)
		kvfree(b->p);
}

/* Copy @size bytes from user space into @b; errno on failure. */
static int ebpf_kbuf_copy_in(struct ebpf_kbuf *b, u64 uptr, u32 size)
{
	if (!ebpf_kbuf_alloc(b, size))
		return -ENOMEM;
	if (copy_from_user(b->p, u64_to_user_ptr(uptr), size)) {
		ebpf_kbuf_free(b);
		return -EFAULT;
	}
	return 0;
}

/*
 * A key from user space: a map without keys (a ring buffer) takes none,
 * and a key pointer given anyway is EINVAL, as mainline.
 */
static int ebpf_key_copy_in(struct ebpf_kbuf *b, u64 uptr, u32 size)
{
	if (!size) {
		b->p = b->small;
		return uptr ? -EINVAL : 0;
	}
	return ebpf_kbuf_copy_in(b, uptr, size);
}

/*
 * The map behind @f, which must be open with every mode in @fmode. The
 * caller holds @f for as long as it uses the map.
 */
static struct ebpf_map *ebpf_map_of_fd(struct fd f, fmode_t fmode)
{
	struct ebpf_map *map;

	if (fd_empty(f))
		return ERR_PTR(-EBADF);
	map = ebpf_map_from_file(fd_file(f));
	if (IS_ERR(map))
		return map;
	if ((fd_file(f)->f_mode & fmode) != fmode)
		return ERR_PTR(-EPERM);
	/* as mainline: a frozen map's fds have lost their write access */
	if ((fmode & FMODE_WRITE) && READ_ONCE(map->frozen))
		return ERR_PTR(-EPERM);
	return map;
}

/*
 * The value at @key copied into @value: a queue's or stack's next one
 * (peek), or the element's; a map type without lookups says which errno.
 */
static int ebpf_map_read_value(struct ebpf_map *map, const void *key,
			       void *value)
{
	void *elem;

	if (map->ops->peek)
		return map->ops->peek(map, value);
	rcu_read_lock();
	elem = map->ops->lookup(map, key);
	if (!IS_ERR_OR_NULL(elem))
		ebpf_copy_value(value, elem, map->value_size);
	rcu_read_unlock();
	if (IS_ERR(elem))
		return PTR_ERR(elem);
	return elem ? 0 : -ENOENT;
}

/* Called from bpf(BPF_MAP_LOOKUP_ELEM). */
int ebpf_map_lookup_elem(union bpf_attr *attr)
{
	struct ebpf_kbuf key, value;
	struct ebpf_map *map;
	int err;

	if (ebpf_attr_unused_nonzero(attr, EBPF_ATTR_END(flags)))
		return -EINVAL;
	if (attr->flags & ~BPF_F_LOCK)
		return -EINVAL;

	CLASS(fd, f)(attr->map_fd);
	map = ebpf_map_of_fd(f, FMODE_READ);
	if (IS_ERR(map))
		return PTR_ERR(map);
	/*
	 * BPF_F_LOCK needs a bpf_spin_lock in the value, which needs BTF; as
	 * in mainline, only a map that is there and readable gets this far.
	 */
	if (attr->flags & BPF_F_LOCK)
		return -EINVAL;

	err = ebpf_key_copy_in(&key, attr->key, map->key_size);
	if (err)
		return err;
	err = -ENOMEM;
	if (!ebpf_kbuf_alloc(&value, map->value_size))
		goto free_key;

	err = ebpf_map_read_value(map, key.p, value.p);
	if (!err && copy_to_user(u64_to_user_ptr(attr->value), value.p,
				 map->value_size))
		err = -EFAULT;
	ebpf_kbuf_free(&value);
free_key:
	ebpf_kbuf_free(&key);
	return err;
}

/* Called from bpf(BPF_MAP_UPDATE_ELEM). */
int ebpf_map_update_elem(union bpf_attr *attr)
{
	struct ebpf_kbuf key, value;
	struct ebpf_map *map;
	int err;

	if (ebpf_attr_unused_nonzero(attr, EBPF_ATTR_END(flags)))
		return -EINVAL;

	CLASS(fd, f)(attr->map_fd);
	map = ebpf_map_of_fd(f, FMODE_WRITE);
	if (IS_ERR(map))
		return PTR_ERR(map);
	if (attr->flags & BPF_F_LOCK)
		return -EINVAL;

	err = ebpf_key_copy_in(&key, attr->key, map->key_size);
	if (err)
		return err;
	err = ebpf_kbuf_copy_in(&value, attr->value, map->value_size);
	if (err)
		goto free_key;

	if (map->ops->push)
		err = map->ops->push(map, value.p, attr->flags);
	else
		err = map->ops->update(map, key.p, value.p, attr->flags,
				       GFP_KERNEL_ACCOUNT);

	ebpf_kbuf_free(&value);
free_key:
	ebpf_kbuf_free(&key);
	return err;
}

/* Called from bpf(BPF_MAP_DELETE_ELEM). */
int ebpf_map_delete_elem(union bpf_attr *attr)
{
	struct ebpf_kbuf key;
	struct ebpf_map *map;
	int err;

	if (ebpf_attr_unused_nonzero(attr, EBPF_ATTR_END(key)))
		return -EINVAL;

	CLASS(fd, f)(attr->map_fd);
	map = ebpf_map_of_fd(f, FMODE_WRITE);
	if (IS_ERR(map))
		return PTR_ERR(map);

	err = ebpf_key_copy_in(&key, attr->key, map->key_size);
	if (err)
		return err;
	err = map->ops->delete(map, key.p);
	ebpf_kbuf_free(&key);
	return err;
}

/*
 * Called from bpf(BPF_MAP_LOOKUP_AND_DELETE_ELEM): a queue's or stack's
 * pop (no flags), or a hash element's value taken out with it. The fd
 * must read and write (EPERM, a frozen map's too); BPF_F_LOCK needs a
 * spin lock in the value, which needs BTF (EINVAL); other map types are
 * ENOTSUPP, in mainline's order.
 */
int ebpf_map_lookup_and_delete_elem(union bpf_attr *attr)
{
	struct ebpf_kbuf key, value;
	struct ebpf_map *map;
	int err;

	if (ebpf_attr_unused_nonzero(attr, EBPF_ATTR_END(flags)))
		return -EINVAL;
	if (attr->flags & ~BPF_F_LOCK)
		return -EINVAL;

	CLASS(fd, f)(attr->map_fd);
	map = ebpf_map_of_fd(f, FMODE_READ | FMODE_WRITE);
	if (IS_ERR(map))
		return PTR_ERR(map);
	if (attr->flags)
		return -EINVAL;

	err = ebpf_key_copy_in(&key, attr->key, map->key_size);
	if (err)
		return err;
	err = -ENOMEM;
	if (!ebpf_kbuf_alloc(&value, map->value_size))
		goto free_key;
	err = -ENOTSUPP;
	if (map->ops->pop)
		err = map->ops->pop(map, value.p);
	else if (map->ops->lookup_and_delete)
		err = map->ops->lookup_and_delete(map, key.p, value.p);
	if (!err && copy_to_user(u64_to_user_ptr(attr->value), value.p,
				 map->value_size))
		err = -EFAULT;
	ebpf_kbuf_free(&value);
free_key:
	ebpf_kbuf_free(&key);
	return err;
}

/*
 * Called from bpf(BPF_MAP_FREEZE): from now on the map is read-only to
 * the syscall (libbpf freezes a program's .rodata once it is filled);
 * programs still write it unless it was made BPF_F_RDONLY_PROG. A second
 * freeze finds no write access, EPERM as mainline; a writable mapping of
 * the values makes it EBUSY.
 */
int ebpf_map_freeze(union bpf_attr *attr)
{
	struct ebpf_map *map;
	int err;

	if (ebpf_attr_unused_nonzero(attr, EBPF_ATTR_END(map_fd)))
		return -EINVAL;

	CLASS(fd, f)(attr->map_fd);
	map = ebpf_map_of_fd(f, FMODE_WRITE);
	if (IS_ERR(map))
		return PTR_ERR(map);
	/* not while user space may write the values through a mapping */
	mutex_lock(&map->freeze_lock);
	err = map->writable_maps || map->frozen ? -EBUSY : 0;
	if (!err)
		WRITE_ONCE(map->frozen, true);
	mutex_unlock(&map->freeze_lock);
	return err;
}

/*
 * Called from bpf(BPF_MAP_GET_NEXT_KEY). A NULL key, or one not in the
 * map, asks for the first key; ENOENT after the last one.
 */
int ebpf_map_get_next_key(union bpf_attr *attr)
{
	struct ebpf_kbuf key = { .p = NULL }, next;
	struct ebpf_map *map;
	int err;

	if (ebpf_attr_unused_nonzero(attr, EBPF_ATTR_END(next_key)))
		return -EINVAL;

	CLASS(fd, f)(attr->map_fd);
	map = ebpf_map_of_fd(f, FMODE_READ);
	if (IS_ERR(map))
		return PTR_ERR(map);

	if (attr->key) {
		err = ebpf_key_copy_in(&key, attr->key, map->key_size);
		if (err)
			return err;
	}
	err = -ENOMEM;
	if (!ebpf_kbuf_alloc(&next, map->key_size))
		goto free_key;

	rcu_read_lock();
	err = map->ops->get_next_key(map, key.p, next.p);
	rcu_read_unlock();

	if (!err && copy_to_user(u64_to_user_ptr(attr->next_key), next.p,
				 map->key_size))
		err = -EFAULT;
	ebpf_kbuf_free(&next);
free_key:
	if (key.p)
		ebpf_kbuf_free(&key);
	return err;
}

/*
 * BPF_OBJ_GET_INFO_BY_FD of a map: struct bpf_map_info, cut to the
 * caller's info_len (whose bytes beyond ours must be zero, E2BIG), which
 * is written back. No BTF and no offload, so those fields stay zero; the
 * fd's own access mode is not among the flags, as mainline.
 */
int ebpf_map_get_info(struct ebpf_map *map, union bpf_attr *attr,
		      union bpf_attr __user *uattr)
{
	void __user *uinfo = u64_to_user_ptr(attr->info.info);
	u32 len = attr->info.info_len;
	struct bpf_map_info info;
	int err;

	err = ebpf_check_tail_zero(uinfo, sizeof(info), len);
	if (err)
		return err;
	len = min_t(u32, len, sizeof(info));
	memset(&info, 0, sizeof(info));
	info.type = map->map_type;
	info.id = map->id;
	info.key_size = map->key_size;
	info.value_size = map->value_size;
	info.max_entries = map->max_entries;
	info.map_flags = map->map_flags & ~(BPF_F_RDONLY | BPF_F_WRONLY);
	memcpy(info.name, map->name, sizeof(info.name));
	if (copy_to_user(uinfo, &info, len) ||
	    put_user(len, &uattr->info.info_len))
		return -EFAULT;
	return 0;
}
