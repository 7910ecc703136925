// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_RINGBUF: creation rules, the element commands it has not,
 * BPF_OBJ_GET_INFO_BY_FD, the mappings user space may make, records a
 * program appends (read back through the mapping, as libbpf reads them),
 * a full ring, poll() waking a reader, and Debian's libbpf reading the
 * events of a C program with ring_buffer__poll(). The expectations are
 * mainline's: the test passes on both kernels.
 */
#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/mman.h>

#include "ebpf_asm.h"
#include "libbpf_test.h"

#define RB_SIZE		4096

/* Close the @n descriptors at @fds that are open (>= 0). */
static void close_fds(const int *fds, unsigned int n)
{
	while (n--)
		if (fds[n] >= 0)
			close(fds[n]);
}

static long page_size(void)
{
	return sysconf(_SC_PAGESIZE);
}

static void creation_rules(void)
{
	static const struct { uint32_t key, value, entries, flags; } bad[] = {
		{ 0, 0, 4097, 0 },		/* not a power of two */
		{ 0, 0, 3 * 4096, 0 },
		{ 0, 0, 2048, 0 },		/* not whole pages */
		{ 0, 0, 0, 0 },
		{ 4, 0, RB_SIZE, 0 },		/* no keys */
		{ 0, 4, RB_SIZE, 0 },		/* no values */
		{ 0, 0, RB_SIZE, BPF_F_NO_PREALLOC },
		{ 0, 0, RB_SIZE, BPF_F_RDONLY_PROG },
		{ 0, 0, RB_SIZE, BPF_F_MMAPABLE },
	};
	unsigned int i;
	int fd;

	for (i = 0; i < ARRAY_LEN(bad); i++)
		EXPECT_EQ(map_create(BPF_MAP_TYPE_RINGBUF, bad[i].key,
				     bad[i].value, bad[i].entries,
				     bad[i].flags), -EINVAL);
	fd = map_create(BPF_MAP_TYPE_RINGBUF, 0, 0, RB_SIZE, 0);
	if (EXPECT_TRUE(fd >= 0))
		close(fd);
	fd = map_create(BPF_MAP_TYPE_RINGBUF, 0, 0, 16 * RB_SIZE, 0);
	if (EXPECT_TRUE(fd >= 0))
		close(fd);
}

static void no_element_commands(void)
{
	int fd = map_create(BPF_MAP_TYPE_RINGBUF, 0, 0, RB_SIZE, 0);
	uint64_t key = 0, value = 0;

	if (!EXPECT_TRUE(fd >= 0))
		return;
	EXPECT_EQ(map_lookup(fd, NULL, &value), -ENOTSUPP);
	/* it has no key, so a key is wrong */
	EXPECT_EQ(map_lookup(fd, &key, &value), -EINVAL);
	EXPECT_EQ(map_update(fd, NULL, &value, 0), -ENOTSUPP);
	EXPECT_EQ(map_delete(fd, NULL), -ENOTSUPP);
	EXPECT_EQ(map_next_key(fd, NULL, &key), -ENOTSUPP);
	EXPECT_EQ(map_next_key(fd, &key, &key), -EINVAL);
	close(fd);
}

static int get_info(int fd, void *info, uint32_t *len)
{
	union bpf_attr attr;
	int err;

	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = *len;
	attr.info.info = PTR(info);
	err = sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr);
	*len = attr.info.info_len;
	return err;
}

static void info_by_fd(void)
{
	int fd = map_create(BPF_MAP_TYPE_RINGBUF, 0, 0, 2 * RB_SIZE, 0);
	int fd2 = map_create(BPF_MAP_TYPE_RINGBUF, 0, 0, RB_SIZE, 0);
	struct bpf_map_info info, info2;
	uint32_t len = sizeof(info), len2 = sizeof(info2);
	char big[sizeof(info) + 8];

	if (!EXPECT_TRUE(fd >= 0 && fd2 >= 0))
		goto out;
	memset(&info, 0xff, sizeof(info));
	EXPECT_EQ(get_info(fd, &info, &len), 0);
	EXPECT_EQ(len, sizeof(info));
	EXPECT_EQ(info.type, BPF_MAP_TYPE_RINGBUF);
	EXPECT_EQ(info.key_size, 0);
	EXPECT_EQ(info.value_size, 0);
	EXPECT_EQ(info.max_entries, 2 * RB_SIZE);
	EXPECT_EQ(info.map_flags, 0);
	EXPECT_EQ(info.name[0], 0);
	EXPECT_TRUE(info.id > 0);
	EXPECT_EQ(get_info(fd2, &info2, &len2), 0);
	EXPECT_TRUE(info2.id > 0 && info2.id != info.id);
	/* a shorter struct gets as much, and says how much */
	memset(&info2, 0xff, sizeof(info2));
	len2 = 8;
	EXPECT_EQ(get_info(fd, &info2, &len2), 0);
	EXPECT_EQ(len2, 8);
	EXPECT_EQ(info2.type, BPF_MAP_TYPE_RINGBUF);
	EXPECT_EQ(info2.id, info.id);
	EXPECT_EQ(info2.key_size, 0xffffffff);
	/* a longer one: its tail must be zero */
	memset(big, 0, sizeof(big));
	len2 = sizeof(big);
	EXPECT_EQ(get_info(fd, big, &len2), 0);
	EXPECT_EQ(len2, sizeof(info));
	big[sizeof(info) + 3] = 1;
	len2 = sizeof(big);
	EXPECT_EQ(get_info(fd, big, &len2), -E2BIG);
	len2 = sizeof(info);
	EXPECT_EQ(get_info(-1, &info, &len2), -EBADFD);
	EXPECT_EQ(get_info(0, &info, &len2), -EINVAL);
out:
	close_fds((int[]){ fd, fd2 }, 2);
}

static void mappings(void)
{
	int fd = map_create(BPF_MAP_TYPE_RINGBUF, 0, 0, RB_SIZE, 0);
	long pg = page_size();
	void *p;

	if (!EXPECT_TRUE(fd >= 0))
		return;
	/* the consumer page alone may be writable */
	p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (EXPECT_TRUE(p != MAP_FAILED))
		munmap(p, pg);
	p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	EXPECT_TRUE(p == MAP_FAILED && errno == EPERM);
	p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, pg);
	EXPECT_TRUE(p == MAP_FAILED && errno == EPERM);
	/* the producer page and the data twice, read-only */
	p = mmap(NULL, pg + 2 * RB_SIZE, PROT_READ, MAP_SHARED, fd, pg);
	if (EXPECT_TRUE(p != MAP_FAILED)) {
		EXPECT_EQ(mprotect(p, pg, PROT_READ | PROT_WRITE), -1);
		munmap(p, pg + 2 * RB_SIZE);
	}
	/* nothing past the second copy of the data */
	p = mmap(NULL, pg + 3 * RB_SIZE, PROT_READ, MAP_SHARED, fd, pg);
	EXPECT_TRUE(p == MAP_FAILED);
	p = mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, 0);
	EXPECT_TRUE(p == MAP_FAILED && errno == EINVAL);
	close(fd);
}

/* A socket filter appending @size bytes of its stack ([fp - 16] = 7,
 * [fp - 8] = 42) with @flags; it returns the helper's result.
 */
static int output_prog(int rb, uint32_t size, int32_t flags)
{
	struct bpf_insn insns[] = {
		I_ST(BPF_DW, 10, -16, 7),
		I_ST(BPF_DW, 10, -8, 42),
		I_LD_MAP_FD(1, rb), I_LD64_HI(0),
		I_MOV64_REG(2, 10),
		I_ALU64_IMM(BPF_ADD, 2, -(int32_t)size),
		I_MOV64_IMM(3, size),
		I_MOV64_IMM(4, flags),
		I_CALL(BPF_FUNC_ringbuf_output),
		I_EXIT(),
	};

	return prog_load(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_LEN(insns));
}

/* A socket filter returning ringbuf_query(@rb, @what). */
static int query_prog(int rb, int32_t what)
{
	struct bpf_insn insns[] = {
		I_LD_MAP_FD(1, rb), I_LD64_HI(0),
		I_MOV64_IMM(2, what),
		I_CALL(BPF_FUNC_ringbuf_query),
		I_EXIT(),
	};

	return prog_load(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_LEN(insns));
}

static long run_prog(int prog, uint32_t repeat)
{
	char pkt[64] = { 0 };
	struct test_run t = { .in = pkt, .in_size = sizeof(pkt),
			      .repeat = repeat };

	return prog_test_run(prog, &t) ? -1 : (long)(int32_t)t.retval;
}

struct ring_view {
	unsigned long *consumer;
	const unsigned long *producer;
	const uint8_t *data;
	void *ro;
};

static bool map_ring(int fd, struct ring_view *v)
{
	long pg = page_size();

	v->consumer = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	v->ro = mmap(NULL, pg + 2 * RB_SIZE, PROT_READ, MAP_SHARED, fd, pg);
	if (!EXPECT_TRUE(v->consumer != MAP_FAILED && v->ro != MAP_FAILED))
		return false;
	v->producer = v->ro;
	v->data = (const uint8_t *)v->ro + pg;
	return true;
}

static void unmap_ring(struct ring_view *v)
{
	munmap(v->consumer, page_size());
	munmap(v->ro, page_size() + 2 * RB_SIZE);
}

static void records_of_a_program(void)
{
	int rb = map_create(BPF_MAP_TYPE_RINGBUF, 0, 0, RB_SIZE, 0);
	int out = -1, avail = -1, size = -1;
	struct ring_view v;
	uint32_t i, hdr[2];
	uint64_t word;

	if (!EXPECT_TRUE(rb >= 0))
		return;
	out = output_prog(rb, 16, 0);
	avail = query_prog(rb, BPF_RB_AVAIL_DATA);
	size = query_prog(rb, BPF_RB_RING_SIZE);
	if (!EXPECT_TRUE(out >= 0 && avail >= 0 && size >= 0) ||
	    !map_ring(rb, &v))
		goto out;
	EXPECT_EQ(run_prog(size, 1), RB_SIZE);
	EXPECT_EQ(run_prog(avail, 1), 0);
	EXPECT_EQ(run_prog(out, 3), 0);
	/* three records of 8 + 16 bytes */
	EXPECT_EQ(*v.producer, 72);
	EXPECT_EQ(*v.consumer, 0);
	EXPECT_EQ(run_prog(avail, 1), 72);
	for (i = 0; i < 3; i++) {
		memcpy(hdr, v.data + 24 * i, sizeof(hdr));
		EXPECT_EQ(hdr[0], 16);		/* neither busy nor discarded */
		memcpy(&word, v.data + 24 * i + 8, 8);
		EXPECT_EQ(word, 7);
		memcpy(&word, v.data + 24 * i + 16, 8);
		EXPECT_EQ(word, 42);
	}
	/* the reader consumes two: two fewer bytes waiting */
	*v.consumer = 48;
	EXPECT_EQ(run_prog(avail, 1), 24);
	EXPECT_EQ(run_prog(query_prog(rb, BPF_RB_CONS_POS), 1), 48);
	EXPECT_EQ(run_prog(query_prog(rb, BPF_RB_PROD_POS), 1), 72);
	EXPECT_EQ(run_prog(query_prog(rb, 4), 1), 0);	/* no such query */
	unmap_ring(&v);
out:
	close_fds((int[]){ rb, out, avail, size }, 4);
}

/*
 * Records of 8 + 500 bytes take 512: seven fit in 4096, an eighth would
 * fill the ring to its last byte, which it never is: -EAGAIN, until the
 * reader frees room. A record running past the ring's end reads on in
 * the second copy of the data, which is the first one again.
 */
static void a_full_ring(void)
{
	int rb = map_create(BPF_MAP_TYPE_RINGBUF, 0, 0, RB_SIZE, 0);
	int out = rb >= 0 ? output_prog(rb, 500, 0) : -1;
	int small = rb >= 0 ? output_prog(rb, 12, 0) : -1;
	int bad = rb >= 0 ? output_prog(rb, 8, 4) : -1;
	struct ring_view v;
	uint64_t word, again;
	uint32_t len;

	if (!EXPECT_TRUE(out >= 0 && small >= 0 && bad >= 0) ||
	    !map_ring(rb, &v))
		goto out;
	EXPECT_EQ(run_prog(out, 7), 0);
	EXPECT_EQ(*v.producer, 7 * 512);
	EXPECT_EQ(run_prog(out, 1), -EAGAIN);
	EXPECT_EQ(*v.producer, 7 * 512);
	/* an unknown flag is refused before anything is reserved */
	EXPECT_EQ(run_prog(bad, 1), -EINVAL);
	EXPECT_EQ(*v.producer, 7 * 512);
	/* all read: 24 bytes, then 512 from 3608 to 4120, past the end */
	*v.consumer = 7 * 512;
	EXPECT_EQ(run_prog(small, 1), 0);
	EXPECT_EQ(run_prog(out, 1), 0);
	EXPECT_EQ(*v.producer, 7 * 512 + 24 + 512);
	memcpy(&len, v.data + 3608, 4);
	EXPECT_EQ(len, 500);
	/* its last stack word: data bytes 492..499, at 3608 + 8 + 492 */
	memcpy(&word, v.data + 4108, 8);
	EXPECT_EQ(word, 42);
	memcpy(&again, v.data + 4108 - RB_SIZE, 8);
	EXPECT_EQ(again, 42);
	unmap_ring(&v);
out:
	close_fds((int[]){ rb, out, small, bad }, 4);
}

struct waiter {
	int rb;
	int events;	/* what epoll_wait() returned */
};

static void *wait_for_record(void *arg)
{
	struct waiter *w = arg;
	struct epoll_event ev = { .events = EPOLLIN };
	int ep = epoll_create1(0);

	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, w->rb, &ev)) {
		w->events = -errno;
		return NULL;
	}
	w->events = epoll_wait(ep, &ev, 1, 10000);
	close(ep);
	return NULL;
}

/* poll() says when records wait; a record wakes a sleeping reader. */
static void poll_wakes_the_reader(void)
{
	int rb = map_create(BPF_MAP_TYPE_RINGBUF, 0, 0, RB_SIZE, 0);
	int out = rb >= 0 ? output_prog(rb, 8, 0) : -1;
	struct waiter w = { .rb = rb, .events = -1 };
	struct pollfd pfd = { .fd = rb, .events = POLLIN };
	pthread_t t;

	if (!EXPECT_TRUE(out >= 0))
		goto out;
	EXPECT_EQ(poll(&pfd, 1, 0), 0);
	EXPECT_EQ(pthread_create(&t, NULL, wait_for_record, &w), 0);
	usleep(200 * 1000);
	EXPECT_EQ(run_prog(out, 1), 0);
	pthread_join(t, NULL);
	EXPECT_EQ(w.events, 1);
	EXPECT_EQ(poll(&pfd, 1, 0), 1);
	EXPECT_EQ(pfd.revents, POLLIN);
out:
	close_fds((int[]){ rb, out }, 2);
}

struct event {
	uint32_t seq;
	uint32_t len;
};

/* what the events said: how many, their sizes, sequence, lengths */
static struct {
	int seen, bad_size, out_of_order;
	uint32_t len, last;
} got;

static int on_event(void *ctx, void *data, size_t size)
{
	const struct event *e = data;

	(void)ctx;
	got.bad_size += size != sizeof(*e);
	got.out_of_order += e->seq != (uint32_t)got.seen + 1;
	got.len = e->len;
	got.last = e->seq;
	got.seen++;
	return 0;
}

static void libbpf_reads_the_events(void)
{
	struct bpf_object *obj = load_object_named("ringbuf.bpf.o");
	struct bpf_program *p;
	struct ring_buffer *r;
	struct bpf_map *events;

	if (!obj)
		return;
	p = bpf_object__find_program_by_name(obj, "report");
	events = bpf_object__find_map_by_name(obj, "events");
	if (!EXPECT_TRUE(p && events))
		goto out;
	r = ring_buffer__new(bpf_map__fd(events), on_event, NULL, NULL);
	if (!EXPECT_TRUE(r))
		goto out;
	EXPECT_EQ(ring_buffer__poll(r, 0), 0);
	EXPECT_EQ(run_prog(bpf_program__fd(p), 5), 0);
	EXPECT_EQ(ring_buffer__poll(r, 1000), 5);
	EXPECT_EQ(got.seen, 5);
	EXPECT_EQ(got.bad_size, 0);
	EXPECT_EQ(got.out_of_order, 0);
	/* the test run's 64 bytes, less the Ethernet header */
	EXPECT_EQ(got.len, 50);
	EXPECT_EQ(ring_buffer__consume(r), 0);
	ring_buffer__free(r);
out:
	bpf_object__close(obj);
}

/* A record reserved, filled in place with the stack's words, submitted. */
static int reserve_prog(int rb, uint32_t size, bool discard)
{
	struct bpf_insn insns[] = {
		I_LD_MAP_FD(1, rb), I_LD64_HI(0),
		I_MOV64_IMM(2, size),
		I_MOV64_IMM(3, 0),
		I_CALL(BPF_FUNC_ringbuf_reserve),
		I_JMP_IMM(BPF_JNE, 0, 0, 2),
		I_MOV64_IMM(0, 1),
		I_EXIT(),
		I_ST(BPF_DW, 0, 0, 7),
		I_ST(BPF_DW, 0, 8, 42),
		I_MOV64_REG(1, 0),
		I_MOV64_IMM(2, 0),
		I_CALL(discard ? BPF_FUNC_ringbuf_discard : BPF_FUNC_ringbuf_submit),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	};

	return prog_load(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_LEN(insns));
}

/*
 * Reserved records: submitted ones as ringbuf_output's, discarded ones
 * marked so; a reservation finding no room is NULL, as are flags.
 */
static void reserved_records(void)
{
	int rb = map_create(BPF_MAP_TYPE_RINGBUF, 0, 0, RB_SIZE, 0);
	int sub = rb >= 0 ? reserve_prog(rb, 16, false) : -1;
	int dis = rb >= 0 ? reserve_prog(rb, 16, true) : -1;
	int big = rb >= 0 ? reserve_prog(rb, 2040, false) : -1;
	struct ring_view v;
	uint32_t hdr[2];
	uint64_t word;

	if (!EXPECT_TRUE(sub >= 0 && dis >= 0 && big >= 0) || !map_ring(rb, &v))
		goto out;
	EXPECT_EQ(run_prog(sub, 1), 0);
	EXPECT_EQ(run_prog(dis, 1), 0);
	EXPECT_EQ(*v.producer, 48);
	memcpy(hdr, v.data, sizeof(hdr));
	EXPECT_EQ(hdr[0], 16);
	memcpy(&word, v.data + 8, 8);
	EXPECT_EQ(word, 7);
	memcpy(&word, v.data + 16, 8);
	EXPECT_EQ(word, 42);
	memcpy(hdr, v.data + 24, sizeof(hdr));
	EXPECT_EQ(hdr[0], 16 | BPF_RINGBUF_DISCARD_BIT);
	/* 2048 bytes fit once more, then no more: NULL, the program says 1 */
	EXPECT_EQ(run_prog(big, 1), 0);
	EXPECT_EQ(run_prog(big, 1), 1);
	EXPECT_EQ(*v.producer, 48 + 2048);
	unmap_ring(&v);
out:
	close_fds((int[]){ rb, sub, dis, big }, 4);
}

/* libbpf's reader skips discarded records: two of four runs submit. */
static void libbpf_skips_discarded(void)
{
	struct bpf_object *obj = load_object_named("ringbuf.bpf.o");
	struct bpf_program *p;
	struct ring_buffer *r;
	struct bpf_map *events;

	if (!obj)
		return;
	memset(&got, 0, sizeof(got));
	p = bpf_object__find_program_by_name(obj, "fill");
	events = bpf_object__find_map_by_name(obj, "events");
	if (!EXPECT_TRUE(p && events))
		goto out;
	r = ring_buffer__new(bpf_map__fd(events), on_event, NULL, NULL);
	if (!EXPECT_TRUE(r))
		goto out;
	EXPECT_EQ(run_prog(bpf_program__fd(p), 4), 0);
	EXPECT_EQ(ring_buffer__poll(r, 1000), 2);
	EXPECT_EQ(got.seen, 2);
	EXPECT_EQ(got.bad_size, 0);
	/* the submitted ones are the 1st and 3rd: seq 1, then 3 */
	EXPECT_EQ(got.out_of_order, 1);
	EXPECT_EQ(got.last, 3);
	EXPECT_EQ(got.len, 50);
	ring_buffer__free(r);
out:
	bpf_object__close(obj);
}

static const struct test_case cases[] = {
	{ "ringbuf: creation rules", creation_rules },
	{ "ringbuf: the element commands are ENOTSUPP", no_element_commands },
	{ "ringbuf: BPF_OBJ_GET_INFO_BY_FD", info_by_fd },
	{ "ringbuf: what user space may map", mappings },
	{ "ringbuf: a program's records, as the mapping shows them",
	  records_of_a_program },
	{ "ringbuf: a full ring is -EAGAIN; records wrap", a_full_ring },
	{ "ringbuf: poll() wakes a waiting reader", poll_wakes_the_reader },
	{ "libbpf: ring_buffer__poll() reads a C program's events",
	  libbpf_reads_the_events },
	{ "ringbuf: reserved records, submitted and discarded",
	  reserved_records },
	{ "libbpf: discarded records are skipped", libbpf_skips_discarded },
};

int main(void)
{
	libbpf_set_print(libbpf_msg);
	run_cases(cases, ARRAY_LEN(cases));
	return 0;
}
