// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_ARRAY: max_entries values, allocated and zeroed at creation,
 * indexed by a u32 key. Elements always exist: they can be overwritten but
 * not deleted, and a lookup returns a pointer straight into the array, so
 * updates copy in place: a value of one word (1, 2, 4 or 8 bytes) with a
 * single store, so readers never see it half written; a longer one may be
 * seen half written, as with mainline (programs that care use atomics).
 *
 * With BPF_F_MMAPABLE the values get pages of their own, which user space
 * may mmap() from the map fd: libbpf does so for a C program's globals.
 */
#include <linux/ebpf.h>
#include <linux/mm.h>
#include <linux/nospec.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

/*
 * BPF_F_INNER_MAP marks a template for the inner maps of a map of maps
 * whose sizes may differ: without maps of maps it changes nothing here.
 */
#define EBPF_ARRAY_CREATE_FLAGS						\
	(BPF_F_NUMA_NODE | BPF_F_RDONLY | BPF_F_WRONLY | BPF_F_RDONLY_PROG | \
	 BPF_F_WRONLY_PROG | BPF_F_MMAPABLE | BPF_F_INNER_MAP)

struct ebpf_array {
	struct ebpf_map map;
	/* value_size rounded up to 8, so every value is 8-byte aligned */
	u32 elem_size;
	/* the values: in tail, or (BPF_F_MMAPABLE) pages of their own */
	u8 *values;
	u8 tail[] __aligned(8);
};

static struct ebpf_array *to_array(struct ebpf_map *map)
{
	return container_of(map, struct ebpf_array, map);
}

static int array_alloc_check(const union bpf_attr *attr)
{
	if (!attr->max_entries || attr->key_size != sizeof(u32) ||
	    !attr->value_size || attr->map_flags & ~EBPF_ARRAY_CREATE_FLAGS)
		return -EINVAL;
	if (attr->value_size > INT_MAX)
		return -E2BIG;
	return 0;
}

/* The values' bytes, whole pages when they may be mapped */
static u64 array_values_size(const struct ebpf_array *array)
{
	u64 size = (u64)array->map.max_entries * array->elem_size;

	return array->map.map_flags & BPF_F_MMAPABLE ? PAGE_ALIGN(size) : size;
}

static struct ebpf_map *array_alloc(const union bpf_attr *attr)
{
	u32 elem_size = round_up(attr->value_size, 8);
	bool mmapable = attr->map_flags & BPF_F_MMAPABLE;
	u64 size = (u64)attr->max_entries * elem_size;
	struct ebpf_array *array;

	array = ebpf_map_area_alloc(sizeof(*array) + (mmapable ? 0 : size));
	if (!array)
		return ERR_PTR(-ENOMEM);
	ebpf_map_init_from_attr(&array->map, attr);
	array->elem_size = elem_size;
	array->values = array->tail;
	if (mmapable) {
		size = array_values_size(array);
		/* zeroed, and marked as pages user space may map */
		array->values = size <= (u64)totalram_pages() << PAGE_SHIFT ?
				vmalloc_user(size) : NULL;
		if (!array->values) {
			ebpf_map_area_free(array);
			return ERR_PTR(-ENOMEM);
		}
	}
	return &array->map;
}

static void array_free(struct ebpf_map *map)
{
	struct ebpf_array *array = to_array(map);

	if (array->values != array->tail)
		vfree(array->values);
	ebpf_map_area_free(array);
}

/* The values' pages, as far as the mapping asks: not beyond them. */
static int array_mmap(struct ebpf_map *map, struct vm_area_struct *vma)
{
	struct ebpf_array *array = to_array(map);
	u64 end = ((u64)vma->vm_pgoff << PAGE_SHIFT) +
		  (vma->vm_end - vma->vm_start);

	if (!(map->map_flags & BPF_F_MMAPABLE) ||
	    end > array_values_size(array))
		return -EINVAL;
	return remap_vmalloc_range(vma, array->values, vma->vm_pgoff);
}

/* Called under rcu_read_lock(), from the syscall or a program. */
static void *array_lookup(struct ebpf_map *map, const void *key)
{
	struct ebpf_array *array = to_array(map);
	u32 index = *(const u32 *)key;

	if (index >= map->max_entries)
		return NULL;
	index = array_index_nospec(index, map->max_entries);
	return array->values + (u64)index * array->elem_size;
}

/* Called from the syscall or a program; never allocates. */
static int array_update(struct ebpf_map *map, const void *key,
			const void *value, u64 flags, gfp_t gfp)
{
	u32 index = *(const u32 *)key;

	if (flags > BPF_EXIST)
		return -EINVAL;
	if (index >= map->max_entries)
		return -E2BIG;
	/* every element exists, so "only if absent" can never succeed */
	if (flags == BPF_NOEXIST)
		return -EEXIST;
	ebpf_copy_value(array_lookup(map, key), value, map->value_size);
	return 0;
}

static int array_delete(struct ebpf_map *map, const void *key)
{
	return -EINVAL;
}

/* Index order; an index out of range asks for the first. */
static int array_get_next_key(struct ebpf_map *map, const void *key,
			      void *next_key)
{
	u32 index = key ? *(const u32 *)key : U32_MAX;
	u32 *next = next_key;

	if (index >= map->max_entries) {
		*next = 0;
		return 0;
	}
	if (index == map->max_entries - 1)
		return -ENOENT;
	*next = index + 1;
	return 0;
}

const struct ebpf_map_ops ebpf_array_ops = {
	.alloc_check	= array_alloc_check,
	.alloc		= array_alloc,
	.free		= array_free,
	.lookup		= array_lookup,
	.update		= array_update,
	.delete		= array_delete,
	.get_next_key	= array_get_next_key,
	.mmap		= array_mmap,
};
