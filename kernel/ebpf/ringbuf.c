// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_RINGBUF: a ring of max_entries bytes (a power of two, whole
 * pages) that programs append records to and user space reads through
 * mmap(), waking on poll(): the layout is mainline's, because libbpf's
 * ring_buffer reader and every tool built on it parse it directly.
 *
 * What user space maps, from offset 0 of the map fd:
 *
 *	page 0		consumer position (unsigned long), user-writable
 *	page 1		producer position, read-only
 *	pages 2..	the data, read-only, mapped twice in a row so that a
 *			record running past the ring's end reads on contiguously
 *
 * A record is an 8-byte header (u32 length, with BPF_RINGBUF_BUSY_BIT while
 * the producer is still writing it and BPF_RINGBUF_DISCARD_BIT if the
 * reader must skip it; u32 page offset of the header) then the data,
 * padded to 8 bytes. Positions only grow; a position's place in the ring
 * is pos & (size - 1). Producers take a spinlock only to reserve space
 * and advance the producer position; they fill their record outside it
 * and publish it by clearing the busy bit, so the reader consumes records
 * in order and stops at the first one still busy.
 */
#include <linux/ebpf.h>
#include <linux/err.h>
#include <linux/hardirq.h>
#include <linux/irq_work.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

/*
 * The kernel's mapping starts with a page user space never maps: it holds
 * the ring's address, which submit and discard find from a record's
 * header (its page offset), as a program hands them only the record.
 */
#define RB_HIDDEN_PAGES	1
#define RB_META_PAGES	(RB_HIDDEN_PAGES + 2)	/* and consumer, producer */
/* the largest record, as mainline: lengths keep two bits for flags */
#define RB_MAX_RECORD	(U32_MAX / 4)
/* what ringbuf_output's flags may say */
#define RB_WAKEUP_FLAGS	(BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP)

struct ebpf_ringbuf {
	struct ebpf_map map;
	/* readers sleeping in poll(), woken from an irq_work: producers may
	 * run where waking a task directly could deadlock (under a rq lock)
	 */
	wait_queue_head_t waitq;
	struct irq_work wakeup;
	raw_spinlock_t lock;		/* producers: reserving */
	u64 mask;			/* max_entries - 1 */
	/*
	 * The oldest record reserved but maybe still busy: space before it
	 * the reader has consumed is free, from it on it is not, even when
	 * the reader's position says otherwise (it may have been moved on).
	 */
	unsigned long pending_pos;
	u32 nr_pages;			/* meta and data pages, each once */
	struct page **pages;
	void *area;			/* meta pages, then the data twice */
	unsigned long *consumer_pos;
	unsigned long *producer_pos;
	u8 *data;
};

/* A record's header, as libbpf reads it. */
struct rb_hdr {
	u32 len;	/* with BPF_RINGBUF_BUSY_BIT, BPF_RINGBUF_DISCARD_BIT */
	u32 pg_off;	/* pages from the kernel mapping's start to here */
};

static_assert(sizeof(struct rb_hdr) == BPF_RINGBUF_HDR_SZ);

static struct ebpf_ringbuf *to_rb(struct ebpf_map *map)
{
	return container_of(map, struct ebpf_ringbuf, map);
}

static int rb_alloc_check(const union bpf_attr *attr)
{
	if (attr->map_flags & ~BPF_F_NUMA_NODE)
		return -EINVAL;
	if (attr->key_size || attr->value_size ||
	    !is_power_of_2(attr->max_entries) ||
	    !PAGE_ALIGNED(attr->max_entries))
		return -EINVAL;
	return 0;
}

static void rb_free_pages(struct ebpf_ringbuf *rb)
{
	u32 i;

	for (i = 0; i < rb->nr_pages; i++)
		if (rb->pages[i])
			__free_page(rb->pages[i]);
	kvfree(rb->pages);
}

/* The pages, and one kernel mapping of them with the data twice over. */
static int rb_alloc_area(struct ebpf_ringbuf *rb, int node)
{
	u32 nr_data = rb->map.max_entries >> PAGE_SHIFT;
	u32 nr_map = RB_META_PAGES + 2 * nr_data, i;
	const gfp_t gfp = GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL |
			  __GFP_NOWARN | __GFP_ZERO;

	if ((u64)rb->map.max_entries > (u64)totalram_pages() << PAGE_SHIFT)
		return -ENOMEM;
	rb->nr_pages = RB_META_PAGES + nr_data;
	rb->pages = kvcalloc(nr_map, sizeof(*rb->pages), GFP_KERNEL_ACCOUNT);
	if (!rb->pages)
		return -ENOMEM;
	for (i = 0; i < rb->nr_pages; i++) {
		rb->pages[i] = alloc_pages_node(node, gfp, 0);
		if (!rb->pages[i])
			return -ENOMEM;
	}
	/* the array's tail names the data pages a second time */
	for (i = 0; i < nr_data; i++)
		rb->pages[rb->nr_pages + i] = rb->pages[RB_META_PAGES + i];
	rb->area = vmap(rb->pages, nr_map, VM_MAP | VM_USERMAP, PAGE_KERNEL);
	if (!rb->area)
		return -ENOMEM;
	*(struct ebpf_ringbuf **)rb->area = rb;
	rb->consumer_pos = rb->area + RB_HIDDEN_PAGES * PAGE_SIZE;
	rb->producer_pos = rb->area + (RB_HIDDEN_PAGES + 1) * PAGE_SIZE;
	rb->data = rb->area + RB_META_PAGES * PAGE_SIZE;
	return 0;
}

static void rb_wakeup_work(struct irq_work *work)
{
	struct ebpf_ringbuf *rb = container_of(work, struct ebpf_ringbuf,
					       wakeup);

	wake_up_all(&rb->waitq);
}

static void rb_free(struct ebpf_map *map)
{
	struct ebpf_ringbuf *rb = to_rb(map);

	irq_work_sync(&rb->wakeup);
	if (rb->area)
		vunmap(rb->area);
	/* only the first nr_pages entries own their page */
	if (rb->pages)
		rb_free_pages(rb);
	kfree(rb);
}

static struct ebpf_map *rb_alloc(const union bpf_attr *attr)
{
	int node = attr->map_flags & BPF_F_NUMA_NODE ? attr->numa_node :
		   NUMA_NO_NODE;
	struct ebpf_ringbuf *rb;
	int err;

	rb = kzalloc(sizeof(*rb), GFP_KERNEL_ACCOUNT);
	if (!rb)
		return ERR_PTR(-ENOMEM);
	ebpf_map_init_from_attr(&rb->map, attr);
	rb->mask = attr->max_entries - 1;
	init_waitqueue_head(&rb->waitq);
	init_irq_work(&rb->wakeup, rb_wakeup_work);
	raw_spin_lock_init(&rb->lock);
	err = rb_alloc_area(rb, node);
	if (err) {
		rb_free(&rb->map);
		return ERR_PTR(err);
	}
	return &rb->map;
}

/* A ring buffer has no elements: the element commands are ENOTSUPP. */
static void *rb_lookup(struct ebpf_map *map, const void *key)
{
	return ERR_PTR(-ENOTSUPP);
}

static int rb_update(struct ebpf_map *map, const void *key, const void *value,
		     u64 flags, gfp_t gfp)
{
	return -ENOTSUPP;
}

static int rb_delete(struct ebpf_map *map, const void *key)
{
	return -ENOTSUPP;
}

static int rb_get_next_key(struct ebpf_map *map, const void *key,
			   void *next_key)
{
	return -ENOTSUPP;
}

/*
 * The consumer page may be mapped writable, alone; everything else only
 * read-only (the generic mmap() has cleared VM_MAYWRITE then).
 */
static int rb_mmap(struct ebpf_map *map, struct vm_area_struct *vma)
{
	struct ebpf_ringbuf *rb = to_rb(map);

	if ((vma->vm_flags & VM_WRITE) &&
	    (vma->vm_pgoff || vma->vm_end - vma->vm_start > PAGE_SIZE))
		return -EPERM;
	/* checks that the range lies inside the area */
	return remap_vmalloc_range(vma, rb->area,
				   vma->vm_pgoff + RB_HIDDEN_PAGES);
}

static unsigned long rb_consumer(struct ebpf_ringbuf *rb)
{
	/* pairs with the reader's release of what it has consumed */
	return smp_load_acquire(rb->consumer_pos);
}

static unsigned long rb_producer(struct ebpf_ringbuf *rb)
{
	/* pairs with rb_reserve()'s release of the producer position */
	return smp_load_acquire(rb->producer_pos);
}

static unsigned long rb_avail(struct ebpf_ringbuf *rb)
{
	unsigned long cons = rb_consumer(rb);

	return rb_producer(rb) - cons;
}

static __poll_t rb_poll(struct ebpf_map *map, struct file *file,
			struct poll_table_struct *pt)
{
	struct ebpf_ringbuf *rb = to_rb(map);

	poll_wait(file, &rb->waitq, pt);
	return rb_avail(rb) ? EPOLLIN | EPOLLRDNORM : 0;
}

const struct ebpf_map_ops ebpf_ringbuf_ops = {
	.alloc_check	= rb_alloc_check,
	.alloc		= rb_alloc,
	.free		= rb_free,
	.lookup		= rb_lookup,
	.update		= rb_update,
	.delete		= rb_delete,
	.get_next_key	= rb_get_next_key,
	.mmap		= rb_mmap,
	.poll		= rb_poll,
};

static struct rb_hdr *rb_hdr_at(struct ebpf_ringbuf *rb, unsigned long pos)
{
	return (struct rb_hdr *)(rb->data + (pos & rb->mask));
}

/* A record's whole footprint in the ring: header and data, 8-aligned. */
static u64 rb_record_len(u32 size)
{
	return round_up((u64)size + BPF_RINGBUF_HDR_SZ, 8);
}

/* Move pending_pos past the records that are no longer busy. */
static void rb_advance_pending(struct ebpf_ringbuf *rb, unsigned long prod)
{
	unsigned long pos = rb->pending_pos;

	while (pos < prod) {
		u32 len = READ_ONCE(rb_hdr_at(rb, pos)->len);

		if (len & BPF_RINGBUF_BUSY_BIT)
			break;
		pos += rb_record_len(len & ~BPF_RINGBUF_DISCARD_BIT);
	}
	rb->pending_pos = pos;
}

/*
 * Room for a record of @size bytes: its data, still busy, or NULL when
 * the ring has no room (or, in NMI, its lock is taken).
 */
static void *rb_reserve(struct ebpf_ringbuf *rb, u32 size)
{
	u64 len = rb_record_len(size);
	unsigned long cons, prod, flags;
	struct rb_hdr *hdr;

	/* the ring is never filled to the last byte, as mainline's */
	if (len > rb->mask)
		return NULL;
	cons = rb_consumer(rb);
	if (in_nmi()) {
		if (!raw_spin_trylock_irqsave(&rb->lock, flags))
			return NULL;
	} else {
		raw_spin_lock_irqsave(&rb->lock, flags);
	}
	prod = *rb->producer_pos;
	rb_advance_pending(rb, prod);
	if (prod + len - cons > rb->mask ||
	    prod + len - rb->pending_pos > rb->mask) {
		raw_spin_unlock_irqrestore(&rb->lock, flags);
		return NULL;
	}
	hdr = rb_hdr_at(rb, prod);
	hdr->len = size | BPF_RINGBUF_BUSY_BIT;
	hdr->pg_off = ((u8 *)hdr - (u8 *)rb->area) >> PAGE_SHIFT;
	/* the reader sees the busy header before the new position */
	smp_store_release(rb->producer_pos, prod + len);
	raw_spin_unlock_irqrestore(&rb->lock, flags);
	return hdr + 1;
}

/*
 * Publish (or discard) the record at @sample, then wake the reader as
 * @flags say: by default only when it had caught up with this record,
 * which is when it may be sleeping.
 */
static void rb_commit(struct ebpf_ringbuf *rb, void *sample, u64 flags,
		      bool discard)
{
	struct rb_hdr *hdr = sample - BPF_RINGBUF_HDR_SZ;
	u32 len = hdr->len & ~BPF_RINGBUF_BUSY_BIT;
	unsigned long at = (u8 *)hdr - rb->data;

	if (discard)
		len |= BPF_RINGBUF_DISCARD_BIT;
	/* a full barrier: the data is visible before the header says so */
	xchg(&hdr->len, len);
	if (flags & BPF_RB_FORCE_WAKEUP)
		irq_work_queue(&rb->wakeup);
	else if (!(flags & BPF_RB_NO_WAKEUP) &&
		 (rb_consumer(rb) & rb->mask) == at)
		irq_work_queue(&rb->wakeup);
}

/*
 * ringbuf_reserve(map, size, flags): room for a record, or NULL. The
 * verifier knows size (a constant) and that the program will submit or
 * discard the record before it exits.
 */
u64 ebpf_helper_ringbuf_reserve(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	struct ebpf_ringbuf *rb = to_rb((struct ebpf_map *)(uintptr_t)r1);

	if (r3 || r2 > RB_MAX_RECORD)
		return 0;
	return (uintptr_t)rb_reserve(rb, r2);
}

/* The ring a reserved record is in, from its header's page offset. */
static struct ebpf_ringbuf *rb_of_record(void *sample)
{
	struct rb_hdr *hdr = sample - BPF_RINGBUF_HDR_SZ;
	unsigned long page = (unsigned long)hdr & PAGE_MASK;

	return *(struct ebpf_ringbuf **)(page -
					 ((unsigned long)hdr->pg_off << PAGE_SHIFT));
}

/* ringbuf_submit(data, flags): the record is the reader's */
u64 ebpf_helper_ringbuf_submit(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	void *sample = (void *)(uintptr_t)r1;

	rb_commit(rb_of_record(sample), sample, r2, false);
	return 0;
}

/* ringbuf_discard(data, flags): the reader skips the record */
u64 ebpf_helper_ringbuf_discard(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	void *sample = (void *)(uintptr_t)r1;

	rb_commit(rb_of_record(sample), sample, r2, true);
	return 0;
}

/* ringbuf_output(map, data, size, flags): 0, or -EAGAIN when full */
u64 ebpf_helper_ringbuf_output(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	struct ebpf_ringbuf *rb = to_rb((struct ebpf_map *)(uintptr_t)r1);
	void *rec;

	if (r4 & ~RB_WAKEUP_FLAGS)
		return -EINVAL;
	rec = rb_reserve(rb, r3);
	if (!rec)
		return -EAGAIN;
	memcpy(rec, (void *)(uintptr_t)r2, r3);
	rb_commit(rb, rec, r4, false);
	return 0;
}

/*
 * ringbuf_query(map, flags): the bytes waiting, the ring's size or either
 * position, as flags asks; 0 for anything else.
 */
u64 ebpf_helper_ringbuf_query(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	struct ebpf_ringbuf *rb = to_rb((struct ebpf_map *)(uintptr_t)r1);

	switch (r2) {
	case BPF_RB_AVAIL_DATA:
		return rb_avail(rb);
	case BPF_RB_RING_SIZE:
		return rb->mask + 1;
	case BPF_RB_CONS_POS:
		return rb_consumer(rb);
	case BPF_RB_PROD_POS:
		return rb_producer(rb);
	default:
		return 0;
	}
}
