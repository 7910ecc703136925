// SPDX-License-Identifier: GPL-2.0
/*
 * abi_fuzz: a deterministic generator of bpf(2) calls for make abi-diff.
 *
 *   abi_fuzz [FIRST_SEED [SEEDS [CALLS]]]
 *
 * Each seed is one episode: a fresh set of object slots (maps m0-m3,
 * programs p0-p2) and CALLS calls drawn from the seed alone (map
 * creation with valid and hostile attrs, element commands, freezes,
 * program loads of structured and random instructions, test runs, other
 * commands, odd attr sizes, bad pointers, fds of every kind), then every
 * fd closed. The choices never depend on a result, so two kernels run the
 * very same calls. Every call prints one line
 *
 *   ABI <seed>.<n> [>SLOT] [@SLOT...] <command and attrs> => <result>
 *
 * where >SLOT names the slot a successful call fills, @SLOT the slots it
 * uses, and the result is "ok", "fd", a value or an errno name, followed
 * by what the call wrote back (values, retval, sizes) and, for element
 * commands, a digest of the whole map that does not depend on the
 * iteration order. scripts/abi_diff.py compares two such logs call by
 * call; a call that uses a slot on which the kernels already disagreed is
 * a consequence, not compared again.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/eventfd.h>
#include <stdarg.h>

#include "ebpf_test.h"

#define NR_MAPS 4
#define NR_PROGS 3
/* larger than any value a map may have (4 MiB), for every CPU */
#define BUF_SIZE (16 << 20)
#define MAX_INSNS 64

struct map_shape {
	uint32_t type, key_size, value_size, max_entries, flags;
};

/*
 * What the last MAP_CREATE into the slot asked for drives the generator
 * (so both kernels draw the same calls); what the map is, the digest.
 */
struct map_slot {
	int fd;
	struct map_shape want, have;
};

struct prog_slot {
	int fd;
	bool nondet;	/* calls a helper whose result varies */
};

static struct map_slot maps[NR_MAPS];
static struct prog_slot progs[NR_PROGS];
static uint64_t rng_state;
static int null_fd, pipe_fd, sock_fd, event_fd;
static long nr_cpus;

/* Buffers, and a page that faults right after the last one. */
static uint8_t *attr_page, *key_buf, *val_buf, *out_buf, *log_buf, *in_buf;
static uint8_t *fault_page, *dig_buf;

/* One line per call, built piecewise. */
static char line[4096];
static size_t line_len;

static void say(const char *fmt, ...) __printf(1, 2);
static void say(const char *fmt, ...)
{
	va_list ap;

	if (line_len >= sizeof(line))
		return;
	va_start(ap, fmt);
	line_len += vsnprintf(line + line_len, sizeof(line) - line_len, fmt, ap);
	va_end(ap);
}

/* A note on the call, printed after its line. */
static char note[256];
static uint64_t cur_seed;
static unsigned int cur_call;

static void end_line(void)
{
	printf("%s\n", line);
	line_len = 0;
	if (note[0])
		printf("ABI-LOG %llu.%u %s\n", (unsigned long long)cur_seed,
		       cur_call, note);
	note[0] = 0;
}

/* splitmix64: small, fast, and the same everywhere. */
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static bool chance(uint32_t percent)
{
	return below(100) < percent;
}

static uint32_t pick_u32(const uint32_t *set, unsigned int n)
{
	/* now and then, anything at all */
	return chance(3) ? (uint32_t)rnd() : set[below(n)];
}

#define PICK(...) ({							\
	static const uint32_t _set[] = { __VA_ARGS__ };			\
	pick_u32(_set, ARRAY_LEN(_set));				\
})

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		h = (h ^ *b++) * 0x100000001b3ULL;
	return h;
}

/* The errnos bpf(2) gives, by name; the rest print as numbers. */
#define ERRNO(e) { e, #e }
static const struct {
	int e;
	const char *name;
} errnos[] = {
	ERRNO(EPERM),
	ERRNO(ENOENT),
	ERRNO(ESRCH),
	ERRNO(EINTR),
	ERRNO(E2BIG),
	ERRNO(EBADF),
	ERRNO(EAGAIN),
	ERRNO(ENOMEM),
	ERRNO(EACCES),
	ERRNO(EFAULT),
	ERRNO(EBUSY),
	ERRNO(EEXIST),
	ERRNO(ENODEV),
	ERRNO(EINVAL),
	ERRNO(ENFILE),
	ERRNO(EMFILE),
	ERRNO(ENOSPC),
	ERRNO(ERANGE),
	ERRNO(ELOOP),
	ERRNO(EOPNOTSUPP),
	ERRNO(ENXIO),
	ERRNO(EOVERFLOW),
	ERRNO(EPROTO),
	ERRNO(EBADFD),
	{ 524, "ENOTSUPP" },
};

static const char *errno_name(int e)
{
	static char buf[16];
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(errnos); i++)
		if (errnos[i].e == e)
			return errnos[i].name;
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

/* Print a result; returns true if the call succeeded. */
static bool say_result(long ret, const char *what)
{
	if (ret < 0) {
		say(" => %s", errno_name(-ret));
		return false;
	}
	if (what)
		say(" => %s", what);
	else
		say(" => %ld", ret);
	return true;
}

static const char *map_type_name(uint32_t t)
{
	static char buf[16];

	switch (t) {
	case BPF_MAP_TYPE_HASH: return "hash";
	case BPF_MAP_TYPE_ARRAY: return "array";
	case BPF_MAP_TYPE_PERCPU_HASH: return "percpu_hash";
	case BPF_MAP_TYPE_PERCPU_ARRAY: return "percpu_array";
	case BPF_MAP_TYPE_LRU_HASH: return "lru_hash";
	case BPF_MAP_TYPE_QUEUE: return "queue";
	case BPF_MAP_TYPE_STACK: return "stack";
	case BPF_MAP_TYPE_RINGBUF: return "ringbuf";
	}
	snprintf(buf, sizeof(buf), "t%u", t);
	return buf;
}

static bool is_array(uint32_t t)
{
	return t == BPF_MAP_TYPE_ARRAY || t == BPF_MAP_TYPE_PERCPU_ARRAY;
}

static bool is_percpu(uint32_t t)
{
	return t == BPF_MAP_TYPE_PERCPU_ARRAY || t == BPF_MAP_TYPE_PERCPU_HASH;
}

static int minus_one = -1, unused_fd = 999;
static const struct {
	const char *name;
	int *fd;
} other_fds[] = {
	{ "null", &null_fd }, { "pipe", &pipe_fd }, { "sock", &sock_fd },
	{ "eventfd", &event_fd }, { "-1", &minus_one }, { "999", &unused_fd },
};

/*
 * The fd a call passes: mostly a slot of the wanted kind, sometimes one of
 * another kind, a file that is not a bpf object, or no file at all.
 */
static int pick_fd(bool want_map, char *tag, size_t n)
{
	uint32_t r = below(100);
	int s;

	if (r < 86) {
		/* mostly a slot of the kind asked for, sometimes the other */
		bool map = (r < 80) == want_map;

		s = below(map ? NR_MAPS : NR_PROGS);
		snprintf(tag, n, "@%c%d", map ? 'm' : 'p', s);
		return map ? maps[s].fd : progs[s].fd;
	}
	s = r % ARRAY_LEN(other_fds);
	snprintf(tag, n, "fd=%s", other_fds[s].name);
	return *other_fds[s].fd;
}

/* A user pointer: mostly @good, sometimes NULL, unmapped or the kernel's. */
static uint64_t pick_ptr(void *good, uint32_t len, const char **kind)
{
	uint32_t r = below(100);

	if (r < 88) {
		*kind = "";
		return PTR(good);
	}
	if (r < 92) {
		*kind = "null";
		return 0;
	}
	if (r < 95) {
		/*
		 * The last byte of the buffer lies on the faulting page. The
		 * bytes before it are @good's: what an earlier call's output
		 * (a log, say, whose text is each kernel's own) left there
		 * must not be what a kernel reads.
		 */
		uint8_t *at = (uint8_t *)fault_page - (len ? len - 1 : 0);

		*kind = "straddle";
		/* within the mapped page before it; longer ones run below */
		if (len > 1 && len - 1 <= 4096)
			memcpy(at, good, len - 1);
		return PTR(at);
	}
	if (r < 98) {
		*kind = "unmapped";
		return PTR(fault_page);
	}
	*kind = "kernel";
	return 0xffffffff81000000ULL;
}

static void fill(uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = rnd();
}

/*
 * The attr size passed with a command whose fields end at @used: mostly
 * the whole union, sometimes just the fields, shorter, longer with zeros
 * or with garbage, beyond a page. @attr_page is a page of zeros past the
 * union, so any size up to a page reads defined bytes.
 */
static unsigned int pick_size(unsigned int used)
{
	uint32_t r = below(100);

	if (r < 80)
		return sizeof(union bpf_attr);
	if (r < 86)
		return used;
	if (r < 90)
		return below(used + 1);
	if (r < 94)
		return sizeof(union bpf_attr) + 8 * (1 + below(64));
	if (r < 97) {
		attr_page[sizeof(union bpf_attr) + below(64)] = 1 + below(255);
		return sizeof(union bpf_attr) + 64;
	}
	return 4096 + 8 * below(8);
}

/* Garbage in the attr's bytes past the command's fields, sometimes. */
static void maybe_dirty_tail(union bpf_attr *attr, unsigned int used)
{
	if (used < sizeof(*attr) && chance(4))
		((uint8_t *)attr)[used + below(sizeof(*attr) - used)] =
			1 + below(255);
}

static long do_bpf(int cmd, union bpf_attr *attr, unsigned int used)
{
	unsigned int size;

	maybe_dirty_tail(attr, used);
	size = pick_size(used);
	say(" size=%u", size);
	return sys_bpf_size(cmd, attr, size);
}

static union bpf_attr *new_attr(void)
{
	memset(attr_page, 0, 8192);
	return (union bpf_attr *)attr_page;
}

/* where a command's fields end: the first byte that must be zero */
#define ATTR_END(field) \
	(offsetof(union bpf_attr, field) + sizeof(((union bpf_attr *)0)->field))

/*
 * Whether a map would cost the 2 GiB guest too much: more than 256 MiB
 * that an allocation could get before failing. Larger than the memory is
 * fine (vmalloc refuses that at once), except per-CPU maps, whose values
 * are allocated one by one.
 */
static bool too_costly(const union bpf_attr *attr)
{
	uint64_t bytes = ((uint64_t)attr->value_size + attr->key_size + 64) *
			 attr->max_entries;

	/* whatever sysconf() says, as if for 64 CPUs */
	if (is_percpu(attr->map_type))
		return bytes > (4 << 20);
	return bytes > (256 << 20) && bytes < (8ULL << 30);
}

static void gen_map_create(void)
{
	union bpf_attr *attr = new_attr();
	int slot = below(NR_MAPS);
	struct map_slot *m = &maps[slot];
	char tag[16] = "";
	long ret;

	if (chance(50)) {
		/* a map that works, to give the other commands something */
		attr->map_type = PICK(BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_ARRAY,
				      BPF_MAP_TYPE_PERCPU_ARRAY,
				      BPF_MAP_TYPE_PERCPU_HASH);
		attr->key_size = is_array(attr->map_type) ? 4 : PICK(4, 8);
		attr->value_size = PICK(8, 4, 16, 64);
		attr->max_entries = PICK(16, 4, 64);
		attr->map_flags = chance(80) ? 0 :
			PICK(BPF_F_RDONLY_PROG, BPF_F_WRONLY_PROG,
			     BPF_F_NO_PREALLOC, BPF_F_RDONLY, BPF_F_WRONLY);
		/* now and then one without keys: a queue, a stack, a ring */
		if (chance(25)) {
			attr->map_type = PICK(BPF_MAP_TYPE_QUEUE,
					      BPF_MAP_TYPE_STACK,
					      BPF_MAP_TYPE_RINGBUF);
			attr->key_size = 0;
			attr->max_entries = PICK(4, 2, 16);
			if (attr->map_type == BPF_MAP_TYPE_RINGBUF) {
				attr->value_size = 0;
				attr->max_entries = PICK(4096, 8192);
				attr->map_flags = 0;
			}
		}
		goto create;
	}
	attr->map_type = PICK(BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_HASH,
			      BPF_MAP_TYPE_ARRAY, BPF_MAP_TYPE_ARRAY,
			      BPF_MAP_TYPE_PERCPU_ARRAY,
			      BPF_MAP_TYPE_PERCPU_HASH, BPF_MAP_TYPE_LRU_HASH,
			      0, 7, 27, 33);
	attr->map_type %= 40;
	attr->key_size = PICK(4, 4, 4, 8, 1, 0, 3, 64, 512, 513);
	attr->value_size = PICK(8, 8, 4, 16, 1, 0, 3, 64, 4096, 65536,
				1 << 20, 1u << 31);
	attr->max_entries = PICK(16, 16, 1, 2, 8, 0, 1024, 65536, 1u << 31,
				 0xffffffff);
	attr->map_flags = chance(60) ? 0 :
		PICK(BPF_F_NO_PREALLOC, BPF_F_RDONLY, BPF_F_WRONLY,
		     BPF_F_RDONLY_PROG, BPF_F_WRONLY_PROG, BPF_F_MMAPABLE,
		     BPF_F_INNER_MAP, BPF_F_NUMA_NODE, BPF_F_ZERO_SEED,
		     BPF_F_NO_COMMON_LRU, BPF_F_RDONLY | BPF_F_WRONLY,
		     BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG,
		     BPF_F_MMAPABLE | BPF_F_RDONLY_PROG, 1u << 20);
	if (chance(10))
		attr->inner_map_fd = pick_fd(true, tag, sizeof(tag));
	if (chance(5))
		attr->numa_node = PICK(0, 1, 0xffffffff);
	switch (below(12)) {
	case 0:
		memcpy(attr->map_name, "bad name", 8);
		break;
	case 1:
		memset(attr->map_name, 'a', sizeof(attr->map_name));
		break;
	case 2:
		memcpy(attr->map_name, "ok_name.1", 9);
		break;
	}
	if (chance(4))
		attr->map_ifindex = PICK(1, 1000);
	if (chance(4))
		attr->btf_fd = PICK(0, 1, 999);
	if (chance(4))
		attr->btf_key_type_id = PICK(1, 2);
	if (chance(4))
		attr->btf_value_type_id = PICK(1, 2);
	if (chance(3))
		attr->map_extra = PICK(1, 5, 0xffffffff);

create:
	/*
	 * PICK() is anything at all now and then, on both paths. A value
	 * of a GiB is costly with any max_entries: each lookup copies it.
	 */
	if (too_costly(attr))
		attr->max_entries = 4;
	if (too_costly(attr))
		attr->value_size = 4096;
	say(">m%d %s MAP_CREATE type=%s ks=%u vs=%u max=%u flags=%#x", slot, tag,
	    map_type_name(attr->map_type), attr->key_size, attr->value_size,
	    attr->max_entries, attr->map_flags);
	say(" inner=%s numa=%u name=%.16s ifindex=%u btf=%u/%u/%u extra=%llu",
	    tag[0] ? "y" : "n", attr->numa_node,
	    attr->map_name[0] ? "set" : "", attr->map_ifindex, attr->btf_fd,
	    attr->btf_key_type_id, attr->btf_value_type_id,
	    (unsigned long long)attr->map_extra);
	m->want = (struct map_shape){
		.type = attr->map_type, .key_size = attr->key_size,
		.value_size = attr->value_size,
		.max_entries = attr->max_entries, .flags = attr->map_flags,
	};
	ret = do_bpf(BPF_MAP_CREATE, attr, ATTR_END(map_extra));
	if (say_result(ret, "fd")) {
		if (m->fd >= 0)
			close(m->fd);
		m->fd = ret;
		m->have = m->want;
	}
}

/* The map slot element commands use, or -1 when they use a stray fd. */
static int pick_map(int *fd, char *tag, size_t n)
{
	int f = pick_fd(true, tag, n);
	int s;

	*fd = f;
	if (tag[0] == '@' && tag[1] == 'm') {
		s = tag[2] - '0';
		return s;
	}
	return -1;
}

static uint32_t value_bytes(const struct map_shape *m)
{
	uint64_t n = m->value_size;

	if (is_percpu(m->type))
		n = ((n + 7) & ~7ULL) * nr_cpus;
	return n > BUF_SIZE ? BUF_SIZE : n;
}

/* A key of the slot's size from a small key space, so updates collide. */
static void make_key(uint8_t *k, uint32_t size)
{
	if (size > BUF_SIZE)
		size = BUF_SIZE;
	memset(k, 0, size);
	if (chance(90)) {
		if (size)
			k[0] = below(size == 1 ? 4 : 12);
	} else {
		fill(k, size);
	}
}

/*
 * A digest of the map: element count and a sum over elements of a hash
 * of key and value, so hash maps agree whatever their order. Arrays read
 * the first 16 indexes.
 */
static void say_digest(int slot)
{
	struct map_shape *m = &maps[slot].have;
	int fd = maps[slot].fd;
	uint8_t *k = key_buf, *nk = key_buf + 4096, *v = dig_buf;
	uint32_t ks = m->key_size, vb = value_bytes(m);
	uint64_t sum = 0;
	unsigned int n = 0, steps = 0, i;
	int err;

	if (fd < 0 || ks > 512 || m->type == BPF_MAP_TYPE_LRU_HASH ||
	    (m->flags & BPF_F_WRONLY))
		return;
	if (is_array(m->type)) {
		for (i = 0; i < 16 && i < m->max_entries; i++) {
			memset(v, 0, vb);
			if (map_lookup(fd, &i, v))
				break;
			sum += fnv(fnv(0xcbf29ce484222325ULL, &i, 4), v, vb);
			n++;
		}
	} else {
		err = map_next_key(fd, NULL, nk);
		while (!err && ++steps < 4096) {
			memcpy(k, nk, ks);
			memset(v, 0, vb);
			if (!map_lookup(fd, k, v)) {
				sum += fnv(fnv(0xcbf29ce484222325ULL, k, ks),
					   v, vb);
				n++;
			}
			err = map_next_key(fd, k, nk);
		}
	}
	say(" [m%d: %u elems %08llx]", slot, n, (unsigned long long)(sum >> 32));
}

static void gen_elem(int cmd)
{
	static const char * const names[] = {
		[BPF_MAP_LOOKUP_ELEM] = "LOOKUP",
		[BPF_MAP_UPDATE_ELEM] = "UPDATE",
		[BPF_MAP_DELETE_ELEM] = "DELETE",
		[BPF_MAP_GET_NEXT_KEY] = "NEXT_KEY",
		[BPF_MAP_LOOKUP_AND_DELETE_ELEM] = "LOOKUP_AND_DELETE",
	};
	union bpf_attr *attr = new_attr();
	struct map_shape dummy = { .key_size = 4, .value_size = 8 };
	const char *kk, *vk;
	char tag[16];
	int fd, slot = pick_map(&fd, tag, sizeof(tag));
	struct map_shape *m = slot >= 0 ? &maps[slot].want : &dummy;
	uint32_t vb = value_bytes(m), vfill;
	/* maps without keys take none, mostly */
	bool null_key = (cmd == BPF_MAP_GET_NEXT_KEY && chance(30)) ||
			(!m->key_size && chance(80));
	long ret;

	make_key(key_buf, m->key_size);
	/*
	 * Every byte the kernel may read: the map's values may be larger
	 * than the ones asked for (a create that failed kept the old map),
	 * and what an earlier episode left there need not be the same on
	 * both kernels. Random up to 4 KiB of the values asked for, zeros
	 * beyond: how many random bytes are drawn must not depend on what
	 * a kernel answered, or the generators part.
	 */
	vfill = slot >= 0 && value_bytes(&maps[slot].have) > vb ?
		value_bytes(&maps[slot].have) : vb;
	fill(val_buf, vb < 4096 ? vb : 4096);
	if (vfill > (vb < 4096 ? vb : 4096))
		memset(val_buf + (vb < 4096 ? vb : 4096), 0,
		       vfill - (vb < 4096 ? vb : 4096));
	memset(out_buf, 0xa5, slot >= 0 && value_bytes(&maps[slot].have) > vb ?
	       value_bytes(&maps[slot].have) : vb);
	attr->map_fd = fd;
	attr->key = null_key ? 0 : pick_ptr(key_buf, m->key_size, &kk);
	if (null_key)
		kk = "null";
	if (cmd == BPF_MAP_UPDATE_ELEM)
		attr->value = pick_ptr(val_buf, vb, &vk);
	else if (cmd == BPF_MAP_LOOKUP_ELEM ||
		 cmd == BPF_MAP_LOOKUP_AND_DELETE_ELEM)
		attr->value = pick_ptr(out_buf, vb, &vk);
	else if (cmd == BPF_MAP_GET_NEXT_KEY)
		attr->next_key = pick_ptr(out_buf, m->key_size, &vk);
	else
		vk = "-";
	if (cmd == BPF_MAP_UPDATE_ELEM || cmd == BPF_MAP_LOOKUP_ELEM ||
	    cmd == BPF_MAP_LOOKUP_AND_DELETE_ELEM)
		attr->flags = chance(70) ? (cmd == BPF_MAP_UPDATE_ELEM ?
					    below(3) : 0) :
			PICK(BPF_F_LOCK, 3, 8, BPF_F_LOCK | BPF_EXIST);
	say("%s %s key=%u%s val=%s flags=%#llx", tag, names[cmd],
	    m->key_size ? key_buf[0] : 0, kk, vk,
	    (unsigned long long)attr->flags);
	ret = do_bpf(cmd, attr, ATTR_END(flags));
	if (!say_result(ret, "ok"))
		goto digest;
	/* what the kernel wrote back is as large as the map's values */
	if (slot >= 0)
		m = &maps[slot].have;
	if ((cmd == BPF_MAP_LOOKUP_ELEM ||
	     cmd == BPF_MAP_LOOKUP_AND_DELETE_ELEM) && attr->value == PTR(out_buf))
		say(" value=%08llx", (unsigned long long)
		    (fnv(0xcbf29ce484222325ULL, out_buf, value_bytes(m)) >> 32));
	if (cmd == BPF_MAP_GET_NEXT_KEY && is_array(m->type) &&
	    attr->next_key == PTR(out_buf) && m->key_size == 4)
		say(" next=%u", *(uint32_t *)out_buf);
digest:
	if (slot >= 0 && cmd != BPF_MAP_LOOKUP_ELEM &&
	    cmd != BPF_MAP_GET_NEXT_KEY)
		say_digest(slot);
}

static void gen_freeze(void)
{
	union bpf_attr *attr = new_attr();
	char tag[16];
	int fd;

	pick_map(&fd, tag, sizeof(tag));
	attr->map_fd = fd;
	say("%s FREEZE", tag);
	say_result(do_bpf(BPF_MAP_FREEZE, attr, ATTR_END(map_fd)), "ok");
}

/*
 * Map fds in a program: the digest printed is of the program without
 * them, as the numbers differ once the kernels disagreed about a slot.
 */
struct fd_fixup {
	unsigned int insn;
	int slot;
};

static struct fd_fixup fd_fixups[MAX_INSNS];
static unsigned int nr_fixups;

/* Instruction shapes of the program generator. */
static struct bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src,
			    int16_t off, int32_t imm)
{
	struct bpf_insn i = {
		.code = code, .dst_reg = dst, .src_reg = src, .off = off,
		.imm = imm,
	};

	return i;
}

static int32_t pick_imm(void)
{
	return PICK(0, 1, 2, 7, 8, 31, 32, 63, 64, -1, -8, -16, 0x7fffffff,
		    0x80000000);
}

static uint8_t pick_reg(void)
{
	return chance(95) ? below(10) : below(16);
}

/* Name map slot @m among the slots a program uses, once. */
static void add_ref(char *refs, size_t n, int m)
{
	char tag[8];
	size_t len = strlen(refs);

	snprintf(tag, sizeof(tag), "@m%d ", m);
	if (!strstr(refs, tag) && len + strlen(tag) < n)
		memcpy(refs + len, tag, strlen(tag) + 1);
}

/*
 * A program: mostly well-formed shapes (register moves, ALU, stack stores
 * and loads, map references and map helper calls, forward jumps, packet
 * loads), some raw instructions, usually ending r0 = 0; exit.
 */
static unsigned int gen_insns(struct bpf_insn *p, unsigned int max,
			      bool *nondet, char *refs, size_t refs_n)
{
	static const uint8_t alu_ops[] = {
		BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND, BPF_LSH,
		BPF_RSH, BPF_NEG, BPF_MOD, BPF_XOR, BPF_MOV, BPF_ARSH,
	};
	static const uint8_t jmp_ops[] = {
		BPF_JA, BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE, BPF_JSGT,
		BPF_JSGE, BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE,
	};
	static const uint8_t sizes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };
	unsigned int n = 0, want = 1 + below(max - 4), s;
	int16_t off;
	uint8_t cls;

	while (n < want) {
		switch (below(14)) {
		case 0:
		case 1:
			p[n++] = insn(BPF_ALU64 | BPF_MOV | BPF_K, pick_reg(), 0,
				      0, pick_imm());
			break;
		case 2:
		case 3:
			cls = chance(50) ? BPF_ALU64 : BPF_ALU;
			p[n++] = insn(cls | alu_ops[below(ARRAY_LEN(alu_ops))] |
				      (chance(50) ? BPF_X : BPF_K),
				      pick_reg(), pick_reg(), 0, pick_imm());
			break;
		case 4:
			off = -8 * (1 + below(64)) + (chance(10) ? below(8) : 0);
			p[n++] = insn(BPF_STX | BPF_MEM |
				      sizes[below(4)], BPF_REG_10, pick_reg(),
				      off, 0);
			break;
		case 5:
			off = -8 * (1 + below(64));
			p[n++] = insn(BPF_LDX | BPF_MEM | sizes[below(4)],
				      pick_reg(), chance(80) ? BPF_REG_10 :
				      pick_reg(), off, 0);
			break;
		case 6:
			off = -8 * (1 + below(64));
			p[n++] = insn(BPF_ST | BPF_MEM | sizes[below(4)],
				      BPF_REG_10, 0, off, pick_imm());
			break;
		case 7: {
			/* a map reference: by fd, or a value's address */
			int m = below(NR_MAPS);
			uint8_t src = chance(80) ? BPF_PSEUDO_MAP_FD :
				PICK(BPF_PSEUDO_MAP_VALUE, 3, 4, 5, 6);

			if (n + 2 > want)
				break;
			/* the slot's fd goes in after the program's digest */
			if (chance(95))
				fd_fixups[nr_fixups++] = (struct fd_fixup){ n, m };
			p[n++] = insn(BPF_LD | BPF_DW | BPF_IMM,
				      chance(80) ? BPF_REG_1 : pick_reg(), src, 0,
				      999);
			p[n++] = insn(0, 0, 0, 0, src == BPF_PSEUDO_MAP_VALUE ?
				      PICK(0, 4, 8, 4096) : 0);
			add_ref(refs, refs_n, m);
			break;
		}
		case 8: {
			/* a helper call, usually with a stack key in r2 */
			uint32_t id = PICK(BPF_FUNC_map_lookup_elem,
					   BPF_FUNC_map_lookup_elem,
					   BPF_FUNC_map_update_elem,
					   BPF_FUNC_map_delete_elem,
					   BPF_FUNC_ktime_get_ns,
					   BPF_FUNC_get_prandom_u32,
					   BPF_FUNC_get_smp_processor_id,
					   BPF_FUNC_trace_printk,
					   BPF_FUNC_skb_load_bytes,
					   BPF_FUNC_get_socket_cookie,
					   BPF_FUNC_probe_read_kernel, 0, 300);

			id %= 220;
			if (id == BPF_FUNC_ktime_get_ns ||
			    id == BPF_FUNC_get_prandom_u32 ||
			    id == BPF_FUNC_get_smp_processor_id || id > 8)
				*nondet = true;
			if (n + 3 > want)
				break;
			p[n++] = insn(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2,
				      BPF_REG_10, 0, 0);
			p[n++] = insn(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_2, 0,
				      0, -8 * (1 + below(4)));
			p[n++] = insn(BPF_JMP | BPF_CALL, 0, 0, 0, id);
			break;
		}
		case 9:
		case 10:
			cls = chance(70) ? BPF_JMP : BPF_JMP32;
			s = jmp_ops[below(ARRAY_LEN(jmp_ops))];
			if (cls == BPF_JMP32 && s == BPF_JA)
				s = BPF_JEQ;
			off = chance(90) ? (int16_t)below(want - n + 1) :
				(int16_t)PICK(0xffff, 0xfffe, 0x7fff, 1000);
			p[n++] = insn(cls | s | (chance(50) ? BPF_X : BPF_K),
				      pick_reg(), pick_reg(), off, pick_imm());
			break;
		case 11:
			/* a packet load, as socket filters do */
			p[n++] = insn(BPF_LD | (chance(70) ? BPF_ABS : BPF_IND) |
				      sizes[below(3)], 0, pick_reg(), 0,
				      PICK(0, 12, 14, 23, 1500, -1));
			break;
		case 12:
			/* a context load from r1 */
			p[n++] = insn(BPF_LDX | BPF_MEM | sizes[below(4)],
				      pick_reg(), BPF_REG_1, 4 * below(48), 0);
			break;
		default:
			p[n] = insn(rnd(), rnd() & 15, rnd() & 15, rnd(), rnd());
			n++;
			break;
		}
	}
	if (chance(90)) {
		p[n++] = insn(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0,
			      chance(80) ? 0 : pick_imm());
		p[n++] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	}
	return n;
}

/*
 * Why a load failed, for the reader of a difference: the same load again
 * with a log, and its last line on a line of its own ("ABI-LOG"), which
 * the comparison shows but does not compare. A load that now succeeds
 * (the log attrs were the problem) is closed at once, leaving no trace.
 */
static void why_rejected(const union bpf_attr *orig)
{
	union bpf_attr attr = *orig;
	char *last, *end;
	long ret;

	memset(log_buf, 0, 65536);
	attr.log_level = 1;
	attr.log_size = 65536;
	attr.log_buf = PTR(log_buf);
	ret = sys_bpf(BPF_PROG_LOAD, &attr);
	if (ret >= 0) {
		close(ret);
		return;
	}
	/* the last line but the statistics */
	end = (char *)log_buf + strnlen((char *)log_buf, 65535);
	for (;;) {
		while (end > (char *)log_buf && end[-1] == '\n')
			*--end = 0;
		last = memrchr(log_buf, '\n', end - (char *)log_buf);
		last = last ? last + 1 : (char *)log_buf;
		if (last == (char *)log_buf || (strncmp(last, "processed ", 10) &&
						strncmp(last, "verification time", 17)))
			break;
		end = last;
		*end = 0;
	}
	snprintf(note, sizeof(note), "%s %.160s", errno_name(-ret), last);
}

static void gen_prog_load(void)
{
	static struct bpf_insn prog[MAX_INSNS + 8];
	union bpf_attr *attr = new_attr();
	int slot = below(NR_PROGS);
	struct prog_slot *p = &progs[slot];
	const char *ik, *lk, *bk = "";
	char refs[64] = "";
	bool nondet = false;
	unsigned int n, i;
	uint64_t digest;
	long ret;

	attr->prog_type = PICK(BPF_PROG_TYPE_SOCKET_FILTER,
			       BPF_PROG_TYPE_SOCKET_FILTER,
			       BPF_PROG_TYPE_SOCKET_FILTER,
			       BPF_PROG_TYPE_TRACEPOINT,
			       BPF_PROG_TYPE_TRACEPOINT,
			       BPF_PROG_TYPE_UNSPEC, BPF_PROG_TYPE_KPROBE,
			       BPF_PROG_TYPE_SCHED_CLS, BPF_PROG_TYPE_XDP);
	attr->prog_type %= 40;
	nr_fixups = 0;
	n = gen_insns(prog, MAX_INSNS, &nondet, refs, sizeof(refs));
	digest = fnv(0xcbf29ce484222325ULL, prog, n * 8);
	for (i = 0; i < nr_fixups; i++)
		prog[fd_fixups[i].insn].imm = maps[fd_fixups[i].slot].fd;
	attr->insns = pick_ptr(prog, n * 8, &ik);
	attr->insn_cnt = chance(95) ? n : PICK(0, 0, 4097, 1000001);
	if (!attr->insn_cnt && chance(50))
		attr->insn_cnt = n + 1;
	if (attr->insn_cnt > n && attr->insns == PTR(prog))
		memset(prog + n, 0, 8 * 8);
	switch (below(20)) {
	case 0:
		attr->license = 0;
		lk = "null";
		break;
	case 1:
		attr->license = PTR("Proprietary");
		lk = "prop";
		break;
	case 2:
		attr->license = PTR(fault_page);
		lk = "unmapped";
		break;
	default:
		attr->license = PTR("GPL");
		lk = "GPL";
	}
	if (chance(30)) {
		attr->log_level = PICK(1, 1, 2, 3, 4, 7, 0);
		attr->log_size = PICK(4096, 4096, 0, 1, 16, 128, 1 << 16,
				      0xffffffff);
		if (attr->log_size > BUF_SIZE)
			attr->log_buf = PTR(log_buf);	/* faults past 64 KiB */
		else
			attr->log_buf = pick_ptr(log_buf, attr->log_size, &bk);
		if (!attr->log_buf)
			bk = "null";
	}
	if (chance(15))
		attr->prog_flags = PICK(BPF_F_STRICT_ALIGNMENT,
					BPF_F_ANY_ALIGNMENT,
					BPF_F_TEST_RND_HI32,
					BPF_F_TEST_STATE_FREQ, BPF_F_SLEEPABLE,
					BPF_F_XDP_HAS_FRAGS, 1u << 7, 1u << 12,
					BPF_F_STRICT_ALIGNMENT |
					BPF_F_ANY_ALIGNMENT);
	if (chance(5))
		attr->kern_version = PICK(1, 0x60c00);
	if (chance(10))
		memcpy(attr->prog_name, chance(50) ? "prog_ok" : "bad-name", 8);
	if (chance(5))
		attr->expected_attach_type = PICK(1, 2, 5, 40);
	if (chance(3))
		attr->prog_ifindex = 1;
	if (chance(3))
		attr->prog_btf_fd = chance(50) ? 999 : null_fd;
	if (chance(3)) {
		attr->func_info_cnt = PICK(1, 2);
		attr->func_info_rec_size = PICK(8, 16);
	}
	if (chance(3)) {
		attr->line_info_cnt = PICK(1, 2);
		attr->line_info_rec_size = PICK(16, 8);
	}
	if (chance(2))
		attr->attach_btf_id = PICK(1, 100);
	if (chance(2))
		attr->fd_array = PTR(fault_page);
	memset(log_buf, 0, 64);

	say(">p%d %sPROG_LOAD type=%u insns=%u/%u%s%s prog=%016llx license=%s",
	    slot, refs, attr->prog_type, attr->insn_cnt, n, ik[0] ? "/" : "",
	    ik, (unsigned long long)digest, lk);
	say(" log=%u/%u%s%s flags=%#x kver=%#x name=%s eat=%u ifindex=%u",
	    attr->log_level, attr->log_size, bk[0] ? "/" : "", bk,
	    attr->prog_flags, attr->kern_version,
	    attr->prog_name[0] ? attr->prog_name : "-",
	    attr->expected_attach_type, attr->prog_ifindex);
	say(" btf=%u fi=%u/%u li=%u/%u abtf=%u fda=%s", attr->prog_btf_fd,
	    attr->func_info_cnt, attr->func_info_rec_size,
	    attr->line_info_cnt, attr->line_info_rec_size, attr->attach_btf_id,
	    attr->fd_array ? "y" : "n");
	ret = do_bpf(BPF_PROG_LOAD, attr, ATTR_END(log_true_size));
	if (p->fd >= 0 && ret >= 0)
		close(p->fd);
	if (ret >= 0) {
		p->fd = ret;
		p->nondet = nondet;
	}
	say_result(ret, "fd");
	if (ret < 0)
		why_rejected(attr);
}

static void gen_test_run(void)
{
	union bpf_attr *attr = new_attr();
	const char *dk, *ok = "-", *ck = "-";
	char tag[16];
	int fd = pick_fd(false, tag, sizeof(tag));
	bool det = true;
	uint32_t len;
	long ret;

	if (tag[0] == '@' && tag[1] == 'p')
		det = !progs[tag[2] - '0'].nondet;
	len = PICK(64, 64, 14, 0, 1, 13, 15, 100, 1500, 4096, 65536);
	if (len > BUF_SIZE)
		len = BUF_SIZE;
	fill(in_buf, len);
	memset(out_buf, 0, BUF_SIZE);
	attr->test.prog_fd = fd;
	attr->test.data_size_in = len;
	attr->test.data_in = pick_ptr(in_buf, len, &dk);
	if (chance(60)) {
		attr->test.data_size_out = PICK(BUF_SIZE, 64, 0, 14, 1);
		attr->test.data_out = pick_ptr(out_buf,
					       attr->test.data_size_out, &ok);
		if (!attr->test.data_out)
			ok = "null";
	}
	if (chance(15)) {
		attr->test.ctx_size_in = PICK(sizeof(struct __sk_buff), 8, 0,
					      4, 200, 4096);
		memset(out_buf + BUF_SIZE / 2, 0, 4096);
		if (chance(50))
			((uint32_t *)(out_buf + BUF_SIZE / 2))[below(48)] =
				pick_imm();
		attr->test.ctx_in = pick_ptr(out_buf + BUF_SIZE / 2,
					     attr->test.ctx_size_in, &ck);
	}
	if (chance(10)) {
		attr->test.ctx_size_out = PICK(sizeof(struct __sk_buff), 8, 0);
		attr->test.ctx_out = PTR(out_buf + BUF_SIZE / 4);
	}
	attr->test.repeat = chance(80) ? 0 : PICK(1, 2, 100);
	if (chance(10))
		attr->test.flags = PICK(1, 2, 4, 8);
	if (chance(5))
		attr->test.cpu = PICK(0, 1, 64);
	if (chance(3))
		attr->test.batch_size = PICK(1, 64);
	say("%s TEST_RUN len=%u%s%s out=%u%s%s ctx=%u/%u%s%s rep=%u flags=%#x cpu=%u batch=%u",
	    tag, len, dk[0] ? "/" : "", dk, attr->test.data_size_out,
	    ok[0] ? "/" : "", ok, attr->test.ctx_size_in,
	    attr->test.ctx_size_out, ck[0] ? "/" : "", ck,
	    attr->test.repeat, attr->test.flags, attr->test.cpu,
	    attr->test.batch_size);
	ret = do_bpf(BPF_PROG_TEST_RUN, attr, ATTR_END(test.batch_size));
	say_result(ret, "ok");
	if (ret >= 0 || ret == -ENOSPC)
		say(" size_out=%u", attr->test.data_size_out);
	if (ret >= 0)
		say(det ? " retval=%u" : " retval=nondet", attr->test.retval);
	if (ret >= 0 && attr->test.data_out == PTR(out_buf) && det) {
		len = attr->test.data_size_out < BUF_SIZE ?
			attr->test.data_size_out : BUF_SIZE;
		say(" out=%08llx", (unsigned long long)
		    (fnv(0xcbf29ce484222325ULL, out_buf, len) >> 32));
	}
}

/* A command mainline has and we may lack, with a plausible attr. */
static void gen_other(void)
{
	union bpf_attr *attr = new_attr();
	uint32_t cmd = PICK(BPF_OBJ_GET_INFO_BY_FD, BPF_PROG_GET_NEXT_ID,
			    BPF_MAP_GET_NEXT_ID, BPF_MAP_LOOKUP_AND_DELETE_ELEM,
			    BPF_OBJ_PIN, BPF_LINK_CREATE, BPF_BTF_LOAD,
			    BPF_ENABLE_STATS, BPF_PROG_QUERY, 37, 38, 1000);
	char tag[16];

	attr->info.bpf_fd = pick_fd(chance(50), tag, sizeof(tag));
	attr->info.info_len = 8;
	attr->info.info = PTR(out_buf);
	say("%s CMD%u", tag, cmd);
	say_result(do_bpf(cmd, attr, sizeof(*attr)), "ok");
}

static void close_slots(void)
{
	int i;

	for (i = 0; i < NR_MAPS; i++) {
		if (maps[i].fd >= 0)
			close(maps[i].fd);
		maps[i] = (struct map_slot){ .fd = -1 };
		maps[i].want = (struct map_shape){ .key_size = 4,
						   .value_size = 8 };
		maps[i].have = maps[i].want;
	}
	for (i = 0; i < NR_PROGS; i++) {
		if (progs[i].fd >= 0)
			close(progs[i].fd);
		progs[i] = (struct prog_slot){ .fd = -1 };
	}
}

static void run_episode(uint64_t seed, unsigned int calls)
{
	unsigned int i;
	uint32_t r;

	rng_state = seed * 0x2545f4914f6cdd1dULL + 1;
	close_slots();
	for (i = 0; i < calls; i++) {
		cur_seed = seed;
		cur_call = i;
		say("ABI %llu.%u ", (unsigned long long)seed, i);
		r = below(100);
		if (r < 22)
			gen_map_create();
		else if (r < 36)
			gen_elem(BPF_MAP_UPDATE_ELEM);
		else if (r < 45)
			gen_elem(BPF_MAP_LOOKUP_ELEM);
		else if (r < 51)
			gen_elem(BPF_MAP_DELETE_ELEM);
		else if (r < 55)
			gen_elem(BPF_MAP_GET_NEXT_KEY);
		else if (r < 57)
			gen_elem(BPF_MAP_LOOKUP_AND_DELETE_ELEM);
		else if (r < 60)
			gen_freeze();
		else if (r < 84)
			gen_prog_load();
		else if (r < 98)
			gen_test_run();
		else
			gen_other();
		end_line();
	}
	close_slots();
}

static void *map_area(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

static void setup(void)
{
	int pfd[2];
	uint8_t *area;
	int i;

	/*
	 * fds 0-2 stay taken: were one free, a map or program would land
	 * there and a zeroed attr's fd 0 would name it on one kernel only.
	 */
	do
		null_fd = open("/dev/null", O_RDWR);
	while (null_fd >= 0 && null_fd < 3);
	nr_cpus = sysconf(_SC_NPROCESSORS_CONF);
	attr_page = map_area(8192);
	key_buf = map_area(BUF_SIZE);
	val_buf = map_area(BUF_SIZE);
	out_buf = map_area(BUF_SIZE);
	log_buf = map_area(BUF_SIZE);
	in_buf = map_area(BUF_SIZE);
	dig_buf = map_area(BUF_SIZE);
	area = map_area(8192);
	fault_page = area + 4096;
	munmap(fault_page, 4096);
	if (pipe(pfd))
		pfd[0] = -1;
	pipe_fd = pfd[0];
	sock_fd = socket(AF_INET, SOCK_DGRAM, 0);
	event_fd = eventfd(0, 0);
	/* empty slots (static storage says fd 0, which is not ours) */
	for (i = 0; i < NR_MAPS; i++)
		maps[i].fd = -1;
	for (i = 0; i < NR_PROGS; i++)
		progs[i].fd = -1;
	close_slots();
	setvbuf(stdout, NULL, _IOLBF, 0);
}

int main(int argc, char **argv)
{
	uint64_t first = argc > 1 ? strtoull(argv[1], NULL, 0) : 0;
	uint64_t seeds = argc > 2 ? strtoull(argv[2], NULL, 0) : 1000;
	unsigned int calls = argc > 3 ? strtoul(argv[3], NULL, 0) : 30;
	uint64_t s;

	/*
	 * The same addresses on every run, so that a pointer an odd attr
	 * size cuts short points at the same bytes on both kernels.
	 */
	if (!(personality(0xffffffff) & ADDR_NO_RANDOMIZE) &&
	    personality(ADDR_NO_RANDOMIZE) != -1)
		execv("/proc/self/exe", argv);
	setup();
	for (s = first; s < first + seeds; s++)
		run_episode(s, calls);
	printf("ABI-END seeds=%llu calls=%u\n", (unsigned long long)seeds,
	       calls);
	return 0;
}
