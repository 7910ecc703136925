// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_HASH: a chained hash table with lock-free lookups.
 *
 * Readers (the syscall's lookup and, later, programs in softirq or trace
 * context) walk a bucket's chain under rcu_read_lock() only. Writers take
 * the bucket's raw spinlock with interrupts off, so an update from a
 * program that interrupted a syscall update on the same CPU cannot spin on
 * a lock its own CPU holds; a per-CPU busy count turns the remaining
 * re-entry (a trace program running inside our own critical section) into
 * -EBUSY instead of a deadlock.
 *
 * Elements are never changed in place: an update links a new element in
 * front of the old one and only then unlinks the old one, so a concurrent
 * reader always finds the key, with either the old or the new value, and
 * a removed element is freed only after an RCU grace period.
 *
 * The table does not grow: it has max_entries rounded up to a power of two
 * buckets, and an atomic element count bounds it at max_entries.
 */
#include <linux/bits.h>
#include <linux/capability.h>
#include <linux/ebpf.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/slab.h>

#define EBPF_HTAB_CREATE_FLAGS						\
	(BPF_F_NO_PREALLOC | BPF_F_NUMA_NODE | BPF_F_RDONLY | BPF_F_WRONLY | \
	 BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG | BPF_F_ZERO_SEED)

/*
 * Bounds of the table, as mainline's: at most 2^31 entries, and no more
 * buckets than a 4 GiB array of 16-byte buckets holds.
 */
#define EBPF_HTAB_MAX_ENTRIES	BIT(31)
#define EBPF_HTAB_MAX_BUCKETS	(U32_MAX / 16)

struct ebpf_htab_bucket {
	struct hlist_head chain;
	raw_spinlock_t lock;
};

struct ebpf_htab_elem {
	struct hlist_node node;
	struct rcu_head rcu;
	u32 hash;
	/* key_size bytes of key, padded to 8, then value_size bytes */
	u8 data[] __aligned(8);
};

struct ebpf_htab {
	struct ebpf_map map;
	struct ebpf_htab_bucket *buckets;
	u32 n_buckets;
	u32 seed;
	/* offset of the value in an element's data */
	u32 value_off;
	atomic_t count;
	int __percpu *busy;
};

static struct ebpf_htab *to_htab(struct ebpf_map *map)
{
	return container_of(map, struct ebpf_htab, map);
}

static void *htab_elem_value(const struct ebpf_htab *htab,
			     struct ebpf_htab_elem *e)
{
	return e->data + htab->value_off;
}

static struct ebpf_htab_bucket *htab_bucket(const struct ebpf_htab *htab,
					    u32 hash)
{
	return &htab->buckets[hash & (htab->n_buckets - 1)];
}

static u32 htab_hash(const struct ebpf_htab *htab, const void *key)
{
	return jhash(key, htab->map.key_size, htab->seed);
}

static int htab_alloc_check(const union bpf_attr *attr)
{
	if (attr->map_flags & BPF_F_ZERO_SEED && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (attr->map_flags & ~EBPF_HTAB_CREATE_FLAGS)
		return -EINVAL;
	if (!attr->max_entries || !attr->key_size || !attr->value_size)
		return -EINVAL;
	/* an element must stay kmalloc-able, as it is copied whole */
	if ((u64)attr->key_size + attr->value_size >=
	    KMALLOC_MAX_SIZE - sizeof(struct ebpf_htab_elem))
		return -E2BIG;
	return 0;
}

static struct ebpf_map *htab_alloc(const union bpf_attr *attr)
{
	struct ebpf_htab *htab;
	u32 i;

	if (attr->max_entries > EBPF_HTAB_MAX_ENTRIES ||
	    roundup_pow_of_two(attr->max_entries) > EBPF_HTAB_MAX_BUCKETS)
		return ERR_PTR(-E2BIG);

	htab = kzalloc(sizeof(*htab), GFP_KERNEL_ACCOUNT);
	if (!htab)
		return ERR_PTR(-ENOMEM);
	ebpf_map_init_from_attr(&htab->map, attr);
	htab->n_buckets = roundup_pow_of_two(attr->max_entries);
	htab->value_off = round_up(attr->key_size, 8);
	htab->seed = attr->map_flags & BPF_F_ZERO_SEED ? 0 : get_random_u32();
	atomic_set(&htab->count, 0);

	htab->busy = alloc_percpu_gfp(int, GFP_KERNEL_ACCOUNT);
	if (!htab->busy)
		goto free_htab;
	htab->buckets = ebpf_map_area_alloc((u64)htab->n_buckets *
					    sizeof(*htab->buckets));
	if (!htab->buckets)
		goto free_busy;
	for (i = 0; i < htab->n_buckets; i++) {
		INIT_HLIST_HEAD(&htab->buckets[i].chain);
		raw_spin_lock_init(&htab->buckets[i].lock);
	}
	return &htab->map;

free_busy:
	free_percpu(htab->busy);
free_htab:
	kfree(htab);
	return ERR_PTR(-ENOMEM);
}

/* Called from a workqueue once nothing references the map any more. */
static void htab_free(struct ebpf_map *map)
{
	struct ebpf_htab *htab = to_htab(map);
	struct ebpf_htab_elem *e;
	struct hlist_node *tmp;
	u32 i;

	for (i = 0; i < htab->n_buckets; i++)
		hlist_for_each_entry_safe(e, tmp, &htab->buckets[i].chain, node)
			kfree(e);
	ebpf_map_area_free(htab->buckets);
	free_percpu(htab->busy);
	kfree(htab);
}

/* Walk @b's chain under RCU, or under @b's lock when writing. */
static struct ebpf_htab_elem *htab_find(const struct ebpf_htab *htab,
					struct ebpf_htab_bucket *b, u32 hash,
					const void *key)
{
	struct ebpf_htab_elem *e;

	hlist_for_each_entry_rcu(e, &b->chain, node,
				 lockdep_is_held(&b->lock))
		if (e->hash == hash && !memcmp(e->data, key, htab->map.key_size))
			return e;
	return NULL;
}

/* Called under rcu_read_lock(), from the syscall or a program. */
static void *htab_lookup(struct ebpf_map *map, const void *key)
{
	struct ebpf_htab *htab = to_htab(map);
	u32 hash = htab_hash(htab, key);
	struct ebpf_htab_elem *e;

	e = htab_find(htab, htab_bucket(htab, hash), hash, key);
	return e ? htab_elem_value(htab, e) : NULL;
}

static int htab_lock(struct ebpf_htab *htab, struct ebpf_htab_bucket *b,
		     unsigned long *irqflags)
{
	local_irq_save(*irqflags);
	if (unlikely(__this_cpu_inc_return(*htab->busy) != 1)) {
		__this_cpu_dec(*htab->busy);
		local_irq_restore(*irqflags);
		return -EBUSY;
	}
	raw_spin_lock(&b->lock);
	return 0;
}

static void htab_unlock(struct ebpf_htab *htab, struct ebpf_htab_bucket *b,
			unsigned long irqflags)
{
	raw_spin_unlock(&b->lock);
	__this_cpu_dec(*htab->busy);
	local_irq_restore(irqflags);
}

static struct ebpf_htab_elem *htab_new_elem(struct ebpf_htab *htab, u32 hash,
					    const void *key, const void *value,
					    gfp_t gfp)
{
	struct ebpf_htab_elem *e;

	e = kmalloc(sizeof(*e) + htab->value_off + htab->map.value_size,
		    gfp | __GFP_NOWARN);
	if (!e)
		return NULL;
	e->hash = hash;
	memcpy(e->data, key, htab->map.key_size);
	memcpy(htab_elem_value(htab, e), value, htab->map.value_size);
	return e;
}

/*
 * Called from the syscall or a program. The new element is built before
 * the bucket is locked, so the critical section only relinks pointers.
 */
static int htab_update(struct ebpf_map *map, const void *key,
		       const void *value, u64 flags, gfp_t gfp)
{
	struct ebpf_htab *htab = to_htab(map);
	u32 hash = htab_hash(htab, key);
	struct ebpf_htab_bucket *b = htab_bucket(htab, hash);
	struct ebpf_htab_elem *new, *old;
	unsigned long irqflags;
	int err;

	if (flags > BPF_EXIST)
		return -EINVAL;
	new = htab_new_elem(htab, hash, key, value, gfp);
	if (!new)
		return -ENOMEM;

	err = htab_lock(htab, b, &irqflags);
	if (err)
		goto free_new;
	old = htab_find(htab, b, hash, key);
	if (old && flags == BPF_NOEXIST) {
		err = -EEXIST;
		goto unlock;
	}
	if (!old && flags == BPF_EXIST) {
		err = -ENOENT;
		goto unlock;
	}
	if (!old && atomic_inc_return(&htab->count) > map->max_entries) {
		atomic_dec(&htab->count);
		err = -E2BIG;
		goto unlock;
	}
	hlist_add_head_rcu(&new->node, &b->chain);
	if (old)
		hlist_del_rcu(&old->node);
	htab_unlock(htab, b, irqflags);
	if (old)
		kfree_rcu(old, rcu);
	return 0;

unlock:
	htab_unlock(htab, b, irqflags);
free_new:
	kfree(new);
	return err;
}

/* Called from the syscall or a program. */
static int htab_delete(struct ebpf_map *map, const void *key)
{
	struct ebpf_htab *htab = to_htab(map);
	u32 hash = htab_hash(htab, key);
	struct ebpf_htab_bucket *b = htab_bucket(htab, hash);
	struct ebpf_htab_elem *e;
	unsigned long irqflags;
	int err;

	err = htab_lock(htab, b, &irqflags);
	if (err)
		return err;
	e = htab_find(htab, b, hash, key);
	if (e) {
		hlist_del_rcu(&e->node);
		atomic_dec(&htab->count);
	}
	htab_unlock(htab, b, irqflags);
	if (!e)
		return -ENOENT;
	kfree_rcu(e, rcu);
	return 0;
}

/* First element at or after bucket @i, or NULL. Under rcu_read_lock(). */
static struct ebpf_htab_elem *htab_first_from(struct ebpf_htab *htab, u32 i)
{
	struct hlist_node *n;

	for (; i < htab->n_buckets; i++) {
		n = rcu_dereference(hlist_first_rcu(&htab->buckets[i].chain));
		if (n)
			return hlist_entry(n, struct ebpf_htab_elem, node);
	}
	return NULL;
}

/*
 * Called under rcu_read_lock(). The order is bucket order, then chain
 * order; a key that is not (or no longer) in the map restarts the walk.
 */
static int htab_get_next_key(struct ebpf_map *map, const void *key,
			     void *next_key)
{
	struct ebpf_htab *htab = to_htab(map);
	struct ebpf_htab_elem *e = NULL, *next = NULL;
	struct hlist_node *n;
	u32 hash;

	if (key) {
		hash = htab_hash(htab, key);
		e = htab_find(htab, htab_bucket(htab, hash), hash, key);
	}
	if (e) {
		n = rcu_dereference(hlist_next_rcu(&e->node));
		if (n)
			next = hlist_entry(n, struct ebpf_htab_elem, node);
		else
			next = htab_first_from(htab, (hash & (htab->n_buckets - 1)) + 1);
	} else {
		next = htab_first_from(htab, 0);
	}
	if (!next)
		return -ENOENT;
	memcpy(next_key, next->data, map->key_size);
	return 0;
}

const struct ebpf_map_ops ebpf_htab_ops = {
	.alloc_check	= htab_alloc_check,
	.alloc		= htab_alloc,
	.free		= htab_free,
	.lookup		= htab_lookup,
	.update		= htab_update,
	.delete		= htab_delete,
	.get_next_key	= htab_get_next_key,
};
