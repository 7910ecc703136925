// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_QUEUE and BPF_MAP_TYPE_STACK: up to max_entries values
 * without keys, taken out first in first out (a queue) or last in first
 * out (a stack). Programs push, pop and peek with helpers of their own;
 * the syscall pushes with BPF_MAP_UPDATE_ELEM, peeks with
 * BPF_MAP_LOOKUP_ELEM and pops with BPF_MAP_LOOKUP_AND_DELETE_ELEM, each
 * with a NULL key.
 *
 * The values are a ring of max_entries + 1 slots (one always free, so
 * that full and empty differ): values go in at head, a queue takes them
 * from tail, a stack from head - 1. A raw spinlock serialises every
 * operation; in NMI a busy lock is -EBUSY rather than a deadlock. A push
 * into a full map is -E2BIG unless its flags say BPF_EXIST, which drops
 * the oldest value to make room, as mainline.
 */
#include <linux/ebpf.h>
#include <linux/hardirq.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#define QS_CREATE_FLAGS	(BPF_F_NUMA_NODE | BPF_F_RDONLY | BPF_F_WRONLY | \
			 BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG)

struct ebpf_qs {
	struct ebpf_map map;
	raw_spinlock_t lock;
	u32 slots;		/* max_entries + 1 */
	u32 head, tail;		/* slot indexes, below slots */
	u8 values[] __aligned(8);
};

static struct ebpf_qs *to_qs(struct ebpf_map *map)
{
	return container_of(map, struct ebpf_qs, map);
}

static int qs_alloc_check(const union bpf_attr *attr)
{
	/* both access directions for programs is EINVAL before this */
	if (!attr->max_entries || attr->key_size || !attr->value_size ||
	    attr->map_flags & ~QS_CREATE_FLAGS)
		return -EINVAL;
	/* user space could not copy a larger value in or out */
	if (attr->value_size > KMALLOC_MAX_SIZE)
		return -E2BIG;
	if (attr->max_entries >= U32_MAX / attr->value_size)
		return -E2BIG;
	return 0;
}

static struct ebpf_map *qs_alloc(const union bpf_attr *attr)
{
	u64 slots = (u64)attr->max_entries + 1;
	struct ebpf_qs *qs;

	qs = ebpf_map_area_alloc(sizeof(*qs) + slots * attr->value_size);
	if (!qs)
		return ERR_PTR(-ENOMEM);
	ebpf_map_init_from_attr(&qs->map, attr);
	raw_spin_lock_init(&qs->lock);
	qs->slots = slots;
	return &qs->map;
}

static void qs_free(struct ebpf_map *map)
{
	ebpf_map_area_free(to_qs(map));
}

static void *qs_slot(struct ebpf_qs *qs, u32 i)
{
	return qs->values + (size_t)i * qs->map.value_size;
}

static u32 qs_next(const struct ebpf_qs *qs, u32 i)
{
	return i + 1 == qs->slots ? 0 : i + 1;
}

static u32 qs_prev(const struct ebpf_qs *qs, u32 i)
{
	return i ? i - 1 : qs->slots - 1;
}

/* The lock, or false in NMI when it is taken (the holder is interrupted). */
static bool qs_lock(struct ebpf_qs *qs, unsigned long *flags)
{
	if (in_nmi())
		return raw_spin_trylock_irqsave(&qs->lock, *flags);
	raw_spin_lock_irqsave(&qs->lock, *flags);
	return true;
}

/*
 * The value a pop would take: the oldest (queue) or the newest (stack),
 * copied into @value, and taken out if @take. Empty: -ENOENT, @value
 * zeroed, as mainline.
 */
static int qs_get(struct ebpf_map *map, void *value, bool take)
{
	struct ebpf_qs *qs = to_qs(map);
	bool stack = map->map_type == BPF_MAP_TYPE_STACK;
	unsigned long flags;
	u32 at;

	if (!qs_lock(qs, &flags)) {
		memset(value, 0, map->value_size);
		return -EBUSY;
	}
	if (qs->head == qs->tail) {
		raw_spin_unlock_irqrestore(&qs->lock, flags);
		memset(value, 0, map->value_size);
		return -ENOENT;
	}
	at = stack ? qs_prev(qs, qs->head) : qs->tail;
	memcpy(value, qs_slot(qs, at), map->value_size);
	if (take && stack)
		qs->head = at;
	else if (take)
		qs->tail = qs_next(qs, at);
	raw_spin_unlock_irqrestore(&qs->lock, flags);
	return 0;
}

static int qs_peek(struct ebpf_map *map, void *value)
{
	return qs_get(map, value, false);
}

static int qs_pop(struct ebpf_map *map, void *value)
{
	return qs_get(map, value, true);
}

static int qs_push(struct ebpf_map *map, const void *value, u64 flags)
{
	struct ebpf_qs *qs = to_qs(map);
	unsigned long irqflags;

	if (flags & BPF_NOEXIST || flags > BPF_EXIST)
		return -EINVAL;
	if (!qs_lock(qs, &irqflags))
		return -EBUSY;
	if (qs_next(qs, qs->head) == qs->tail) {
		if (!(flags & BPF_EXIST)) {
			raw_spin_unlock_irqrestore(&qs->lock, irqflags);
			return -E2BIG;
		}
		/* full: the oldest value makes room */
		qs->tail = qs_next(qs, qs->tail);
	}
	memcpy(qs_slot(qs, qs->head), value, map->value_size);
	qs->head = qs_next(qs, qs->head);
	raw_spin_unlock_irqrestore(&qs->lock, irqflags);
	return 0;
}

/* No keys: lookups find nothing, the keyed commands are EINVAL. */
static void *qs_lookup(struct ebpf_map *map, const void *key)
{
	return NULL;
}

static int qs_update(struct ebpf_map *map, const void *key, const void *value,
		     u64 flags, gfp_t gfp)
{
	return -EINVAL;
}

static int qs_delete(struct ebpf_map *map, const void *key)
{
	return -EINVAL;
}

static int qs_get_next_key(struct ebpf_map *map, const void *key,
			   void *next_key)
{
	return -EINVAL;
}

const struct ebpf_map_ops ebpf_queue_stack_ops = {
	.alloc_check	= qs_alloc_check,
	.alloc		= qs_alloc,
	.free		= qs_free,
	.lookup		= qs_lookup,
	.update		= qs_update,
	.delete		= qs_delete,
	.get_next_key	= qs_get_next_key,
	.push		= qs_push,
	.pop		= qs_pop,
	.peek		= qs_peek,
};

/* map_push_elem(map, value, flags): 0, -E2BIG (full), -EINVAL (flags) */
u64 ebpf_helper_map_push_elem(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return (s64)qs_push((struct ebpf_map *)(uintptr_t)r1,
			    (const void *)(uintptr_t)r2, r3);
}

/* map_pop_elem(map, value): 0, or -ENOENT with value zeroed */
u64 ebpf_helper_map_pop_elem(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return (s64)qs_pop((struct ebpf_map *)(uintptr_t)r1,
			   (void *)(uintptr_t)r2);
}

u64 ebpf_helper_map_peek_elem(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return (s64)qs_peek((struct ebpf_map *)(uintptr_t)r1,
			    (void *)(uintptr_t)r2);
}
