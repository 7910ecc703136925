// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_HASH: a chained hash table with lock-free lookups.
 *
 * Readers (the syscall's lookup and, later, programs in softirq or trace
 * context) walk a bucket's chain under rcu_read_lock() only. Writers take
 * the bucket's raw spinlock with interrupts off, so an update from a
 * program that interrupted a syscall update on the same CPU cannot spin on
 * a lock its own CPU holds; a per-CPU busy flag turns the remaining
 * re-entry (a trace program running inside our own critical section) into
 * -EBUSY instead of a deadlock.
 *
 * An update of a present key never lets a reader see a value half
 * written. A value of one word (1, 2, 4 or 8 bytes) is replaced in place
 * with a single store. A longer one gets a new element, linked in front of
 * the old one before the old one is unlinked, so a concurrent reader
 * always finds the key, with either the old or the new value.
 *
 * A removed element may still be read until an RCU grace period has
 * passed. Rather than hand each one to kfree_rcu() and allocate afresh on
 * the next update, each CPU keeps a short queue of retired elements, oldest
 * first, each stamped with the grace period it waits for; an update on that
 * CPU takes the oldest one once its grace period is over. Replace-heavy
 * workloads then mostly stay off the allocator while no reader ever sees
 * an element reused under it. A full queue (EBPF_HTAB_RETIRED_BYTES)
 * overflows into kfree_rcu().
 *
 * The table does not grow: it has max_entries rounded up to a power of two
 * buckets, and an atomic element count bounds it at max_entries.
 *
 * Elements are allocated on update, not preallocated as mainline does
 * unless BPF_F_NO_PREALLOC: the retired queues keep most updates off the
 * allocator, and a table costs what it holds. Where preallocation shows,
 * at creation, a table whose elements could never all fit in memory is
 * ENOMEM as mainline's would be; an update that finds no memory later is
 * ENOMEM too, where mainline's cannot fail.
 */
#include <linux/bits.h>
#include <linux/capability.h>
#include <linux/ebpf.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/slab.h>

#define EBPF_HTAB_CREATE_FLAGS						\
	(BPF_F_NO_PREALLOC | BPF_F_NUMA_NODE | BPF_F_RDONLY | BPF_F_WRONLY | \
	 BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG | BPF_F_ZERO_SEED)

/*
 * How much retired memory a CPU keeps for reuse before it frees elements
 * instead: enough for the updates of a grace period or two at syscall rates
 * (a few thousand small elements), bounded for large ones.
 */
#define EBPF_HTAB_RETIRED_BYTES	(256 * 1024)
#define EBPF_HTAB_RETIRED_MIN	16
#define EBPF_HTAB_RETIRED_MAX	4096

/*
 * Bounds of the table, as mainline's: at most 2^31 entries, and no more
 * buckets than a 4 GiB array of 16-byte buckets holds.
 */
#define EBPF_HTAB_MAX_ENTRIES	BIT(31)
#define EBPF_HTAB_MAX_BUCKETS	(U32_MAX / 16)

/* Per-CPU state; only touched by its CPU, with interrupts off. */
struct ebpf_htab_cpu {
	/* non-zero while this CPU is inside a write: re-entry gets -EBUSY */
	int busy;
	unsigned int n_retired;
	struct ebpf_htab_elem *oldest;
	struct ebpf_htab_elem *newest;
};

struct ebpf_htab_bucket {
	struct hlist_head chain;
	raw_spinlock_t lock;
};

struct ebpf_htab_elem {
	struct hlist_node node;
	union {
		/* on the way to kfree_rcu() */
		struct rcu_head rcu;
		/* on a CPU's retired queue */
		struct {
			struct ebpf_htab_elem *next_retired;
			unsigned long retired_gp;
		};
	};
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
	/* values are one word: replace them in place */
	bool update_in_place;
	/* retired elements each CPU may keep */
	u32 retired_max;
	/* elements linked into buckets, at most max_entries */
	atomic_t count;
	struct ebpf_htab_cpu __percpu *cpu;
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

static size_t htab_elem_size(const struct ebpf_htab *htab)
{
	return sizeof(struct ebpf_htab_elem) + htab->value_off +
	       htab->map.value_size;
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

	if (!(attr->map_flags & BPF_F_NO_PREALLOC) &&
	    (u64)attr->max_entries * (sizeof(struct ebpf_htab_elem) +
				      round_up(attr->key_size, 8) +
				      attr->value_size) >
	    (u64)totalram_pages() << PAGE_SHIFT)
		return ERR_PTR(-ENOMEM);

	htab = kzalloc(sizeof(*htab), GFP_KERNEL_ACCOUNT);
	if (!htab)
		return ERR_PTR(-ENOMEM);
	ebpf_map_init_from_attr(&htab->map, attr);
	htab->n_buckets = roundup_pow_of_two(attr->max_entries);
	htab->value_off = round_up(attr->key_size, 8);
	htab->update_in_place = ebpf_value_is_word(attr->value_size);
	htab->retired_max = clamp_t(u64, EBPF_HTAB_RETIRED_BYTES /
				    htab_elem_size(htab), EBPF_HTAB_RETIRED_MIN,
				    EBPF_HTAB_RETIRED_MAX);
	htab->seed = attr->map_flags & BPF_F_ZERO_SEED ? 0 : get_random_u32();
	atomic_set(&htab->count, 0);

	htab->cpu = alloc_percpu_gfp(struct ebpf_htab_cpu, GFP_KERNEL_ACCOUNT);
	if (!htab->cpu)
		goto free_htab;
	htab->buckets = ebpf_map_area_alloc((u64)htab->n_buckets *
					    sizeof(*htab->buckets));
	if (!htab->buckets)
		goto free_cpu;
	for (i = 0; i < htab->n_buckets; i++) {
		INIT_HLIST_HEAD(&htab->buckets[i].chain);
		raw_spin_lock_init(&htab->buckets[i].lock);
	}
	return &htab->map;

free_cpu:
	free_percpu(htab->cpu);
free_htab:
	kfree(htab);
	return ERR_PTR(-ENOMEM);
}

/*
 * Called from a workqueue once nothing references the map any more. Users
 * that read the map under RCU (programs) drop their reference only after a
 * grace period, so no reader can still be inside an element.
 */
static void htab_free(struct ebpf_map *map)
{
	struct ebpf_htab *htab = to_htab(map);
	struct ebpf_htab_elem *e, *next;
	struct hlist_node *tmp;
	int cpu;
	u32 i;

	for (i = 0; i < htab->n_buckets; i++)
		hlist_for_each_entry_safe(e, tmp, &htab->buckets[i].chain, node)
			kfree(e);
	for_each_possible_cpu(cpu) {
		for (e = per_cpu_ptr(htab->cpu, cpu)->oldest; e; e = next) {
			next = e->next_retired;
			kfree(e);
		}
	}
	ebpf_map_area_free(htab->buckets);
	free_percpu(htab->cpu);
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

/*
 * Enter this CPU's part of the map with interrupts off, or NULL when this
 * CPU is already inside it (a program that interrupted a write).
 */
static struct ebpf_htab_cpu *htab_cpu_enter(struct ebpf_htab *htab,
					    unsigned long *irqflags)
{
	struct ebpf_htab_cpu *cpu;

	local_irq_save(*irqflags);
	cpu = this_cpu_ptr(htab->cpu);
	if (unlikely(cpu->busy)) {
		local_irq_restore(*irqflags);
		return NULL;
	}
	cpu->busy = 1;
	return cpu;
}

static void htab_cpu_exit(struct ebpf_htab_cpu *cpu, unsigned long irqflags)
{
	cpu->busy = 0;
	local_irq_restore(irqflags);
}

/* Queue an unlinked element until its readers are gone. */
static void htab_retire(struct ebpf_htab *htab, struct ebpf_htab_cpu *cpu,
			struct ebpf_htab_elem *e)
{
	if (cpu->n_retired >= htab->retired_max) {
		kfree_rcu(e, rcu);
		return;
	}
	/*
	 * Only a snapshot: starting a grace period needs interrupts on, and
	 * programs may write with them off. Grace periods still come, from
	 * the kfree_rcu() of a full queue if from nowhere else; until then
	 * updates allocate.
	 */
	e->retired_gp = get_state_synchronize_rcu();
	e->next_retired = NULL;
	if (cpu->newest)
		cpu->newest->next_retired = e;
	else
		cpu->oldest = e;
	cpu->newest = e;
	cpu->n_retired++;
}

/* The oldest retired element if no reader can see it any more, or NULL. */
static struct ebpf_htab_elem *htab_reuse_retired(struct ebpf_htab_cpu *cpu)
{
	struct ebpf_htab_elem *e = cpu->oldest;

	if (!e || !poll_state_synchronize_rcu(e->retired_gp))
		return NULL;
	cpu->oldest = e->next_retired;
	if (!cpu->oldest)
		cpu->newest = NULL;
	cpu->n_retired--;
	return e;
}

static struct ebpf_htab_elem *htab_new_elem(struct ebpf_htab *htab, u32 hash,
					    const void *key, const void *value,
					    gfp_t gfp)
{
	struct ebpf_htab_elem *e = NULL;
	struct ebpf_htab_cpu *cpu;
	unsigned long irqflags;

	cpu = htab_cpu_enter(htab, &irqflags);
	if (cpu) {
		e = htab_reuse_retired(cpu);
		htab_cpu_exit(cpu, irqflags);
	}
	if (!e)
		e = kmalloc(htab_elem_size(htab), gfp | __GFP_NOWARN);
	if (!e)
		return NULL;
	e->hash = hash;
	memcpy(e->data, key, htab->map.key_size);
	memcpy(htab_elem_value(htab, e), value, htab->map.value_size);
	return e;
}

/*
 * Replace a one-word value with a single store: no new element, no
 * allocation. Returns 1 when the key is absent and has to be inserted.
 */
static int htab_update_word(struct ebpf_htab *htab, struct ebpf_htab_bucket *b,
			    u32 hash, const void *key, const void *value,
			    u64 flags)
{
	struct ebpf_htab_cpu *cpu;
	struct ebpf_htab_elem *e;
	unsigned long irqflags;
	int ret = 1;

	cpu = htab_cpu_enter(htab, &irqflags);
	if (!cpu)
		return -EBUSY;
	raw_spin_lock(&b->lock);
	e = htab_find(htab, b, hash, key);
	if (e && flags == BPF_NOEXIST) {
		ret = -EEXIST;
	} else if (e) {
		ebpf_copy_value(htab_elem_value(htab, e), value,
				htab->map.value_size);
		ret = 0;
	} else if (flags == BPF_EXIST) {
		ret = -ENOENT;
	}
	raw_spin_unlock(&b->lock);
	htab_cpu_exit(cpu, irqflags);
	return ret;
}

/*
 * Called from the syscall or a program. A new element is built before the
 * bucket is locked, so the critical section only relinks pointers; if the
 * key appeared meanwhile, the new element replaces it.
 */
static int htab_update(struct ebpf_map *map, const void *key,
		       const void *value, u64 flags, gfp_t gfp)
{
	struct ebpf_htab *htab = to_htab(map);
	u32 hash = htab_hash(htab, key);
	struct ebpf_htab_bucket *b = htab_bucket(htab, hash);
	struct ebpf_htab_elem *new, *old;
	struct ebpf_htab_cpu *cpu;
	unsigned long irqflags;
	int err;

	if (flags > BPF_EXIST)
		return -EINVAL;
	if (htab->update_in_place) {
		err = htab_update_word(htab, b, hash, key, value, flags);
		if (err <= 0)
			return err;
	}
	new = htab_new_elem(htab, hash, key, value, gfp);
	if (!new)
		return -ENOMEM;

	err = -EBUSY;
	cpu = htab_cpu_enter(htab, &irqflags);
	if (!cpu)
		goto free_new;
	raw_spin_lock(&b->lock);
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
	raw_spin_unlock(&b->lock);
	if (old)
		htab_retire(htab, cpu, old);
	htab_cpu_exit(cpu, irqflags);
	return 0;

unlock:
	raw_spin_unlock(&b->lock);
	htab_cpu_exit(cpu, irqflags);
free_new:
	/* never published: no reader can have seen it */
	kfree(new);
	return err;
}

/* Called from the syscall or a program. */
/*
 * Take @key's element out; with @value, its value is copied there under
 * the bucket lock first, so no update comes between the two.
 */
static int htab_take(struct ebpf_map *map, const void *key, void *value)
{
	struct ebpf_htab *htab = to_htab(map);
	u32 hash = htab_hash(htab, key);
	struct ebpf_htab_bucket *b = htab_bucket(htab, hash);
	struct ebpf_htab_cpu *cpu;
	struct ebpf_htab_elem *e;
	unsigned long irqflags;

	cpu = htab_cpu_enter(htab, &irqflags);
	if (!cpu)
		return -EBUSY;
	raw_spin_lock(&b->lock);
	e = htab_find(htab, b, hash, key);
	if (e) {
		if (value)
			ebpf_copy_value(value, htab_elem_value(htab, e),
					map->value_size);
		hlist_del_rcu(&e->node);
		atomic_dec(&htab->count);
	}
	raw_spin_unlock(&b->lock);
	if (e)
		htab_retire(htab, cpu, e);
	htab_cpu_exit(cpu, irqflags);
	return e ? 0 : -ENOENT;
}

static int htab_delete(struct ebpf_map *map, const void *key)
{
	return htab_take(map, key, NULL);
}

static int htab_lookup_and_delete(struct ebpf_map *map, const void *key,
				  void *value)
{
	return htab_take(map, key, value);
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
	.lookup_and_delete = htab_lookup_and_delete,
};
