// SPDX-License-Identifier: GPL-2.0
/*
 * Bad input to the map commands of bpf(2): each row is one call and the
 * errno mainline gives for it. After the table, the fixture maps must hold
 * exactly what they held before: a failed call changes nothing.
 */
#include <stddef.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "ebpf_test.h"

/* Fixtures a row can name instead of a literal fd or pointer. */
enum fd_ref {
	FD_NONE,	/* leave attr.map_fd as the row has it */
	FD_HASH,	/* full hash map: u32 keys 0..3, u64 values */
	FD_ARRAY,	/* array of 4 u64 values */
	FD_HASH_RO,	/* an empty hash map created BPF_F_RDONLY */
	FD_HASH_WO,	/* ... and one created BPF_F_WRONLY */
	FD_NOT_MAP,	/* a pipe */
	FD_CLOSED,	/* a number that is not an open fd */
};

enum ptr_ref {
	P_NONE,		/* leave the field as the row has it */
	P_KEY0,		/* u32 key 0: present in both maps */
	P_KEY_MISSING,	/* u32 key 1000: in neither map */
	P_KEY_LAST,	/* u32 key 3: the array's last index */
	P_BUF,		/* a writable buffer large enough for any value */
	P_NULL,
	P_FAULT,	/* an address that faults */
};

struct bad_case {
	const char *name;
	int cmd;
	union bpf_attr attr;
	enum fd_ref fd;
	enum ptr_ref key, value, next_key;
	/* attr bytes to pass; 0 means sizeof(union bpf_attr) */
	unsigned int size;
	/* set byte @dirty_at of the (oversized) attr to 1 when non-zero */
	unsigned int dirty_at;
	bool unprivileged;
	int expect;
};

#define HASH_ATTR(...) { .map_type = BPF_MAP_TYPE_HASH, .key_size = 4,	\
	.value_size = 8, .max_entries = 4, __VA_ARGS__ }
#define ARRAY_ATTR(...) { .map_type = BPF_MAP_TYPE_ARRAY, .key_size = 4,	\
	.value_size = 8, .max_entries = 4, __VA_ARGS__ }
/* where the last field each command reads ends */
enum {
	END_MAP_TOKEN_FD = offsetof(union bpf_attr, map_token_fd) + sizeof(__u32),
	END_FLAGS = offsetof(union bpf_attr, flags) + sizeof(__u64),
	END_NEXT_KEY = offsetof(union bpf_attr, next_key) + sizeof(__u64),
};

#define ATTR_BYTES sizeof(union bpf_attr)

#define CREATE BPF_MAP_CREATE
#define LOOKUP BPF_MAP_LOOKUP_ELEM
#define UPDATE BPF_MAP_UPDATE_ELEM
#define DELETE BPF_MAP_DELETE_ELEM
#define NEXT BPF_MAP_GET_NEXT_KEY

static const struct bad_case table[] = {
	/* the attr itself */
	{ "unknown command", .cmd = 0x7fff, .attr = HASH_ATTR(), .expect = -EINVAL },
	{ "attr size above a page", CREATE, HASH_ATTR(), .size = 4097, .expect = -E2BIG },
	{ "non-zero byte past union bpf_attr", CREATE, HASH_ATTR(),
	  .size = ATTR_BYTES + 8, .dirty_at = ATTR_BYTES + 3, .expect = -E2BIG },
	{ "attr pointer faults", CREATE, HASH_ATTR(), .key = P_FAULT, .expect = -EFAULT },

	/* BPF_MAP_CREATE */
	{ "create: map type 0 (unspec)", CREATE, { .map_type = 0, .key_size = 4,
	  .value_size = 4, .max_entries = 1 }, .expect = -EINVAL },
	{ "create: unknown map type", CREATE, { .map_type = 0x7fff, .key_size = 4,
	  .value_size = 4, .max_entries = 1 }, .expect = -EINVAL },
	{ "create: hash key_size 0", CREATE, HASH_ATTR(.key_size = 0), .expect = -EINVAL },
	{ "create: hash value_size 0", CREATE, HASH_ATTR(.value_size = 0), .expect = -EINVAL },
	{ "create: hash max_entries 0", CREATE, HASH_ATTR(.max_entries = 0), .expect = -EINVAL },
	{ "create: hash unknown flag", CREATE, HASH_ATTR(.map_flags = 1u << 30),
	  .expect = -EINVAL },
	{ "create: hash BPF_F_NO_COMMON_LRU", CREATE,
	  HASH_ATTR(.map_flags = BPF_F_NO_COMMON_LRU), .expect = -EINVAL },
	{ "create: hash key+value above kmalloc limit", CREATE,
	  HASH_ATTR(.value_size = 4 << 20), .expect = -E2BIG },
	{ "create: hash max_entries 2^32-1", CREATE,
	  HASH_ATTR(.max_entries = 0xffffffff), .expect = -E2BIG },
	{ "create: array key_size 8", CREATE, ARRAY_ATTR(.key_size = 8), .expect = -EINVAL },
	{ "create: array key_size 0", CREATE, ARRAY_ATTR(.key_size = 0), .expect = -EINVAL },
	{ "create: array value_size 0", CREATE, ARRAY_ATTR(.value_size = 0), .expect = -EINVAL },
	{ "create: array max_entries 0", CREATE, ARRAY_ATTR(.max_entries = 0), .expect = -EINVAL },
	{ "create: array BPF_F_NO_PREALLOC", CREATE,
	  ARRAY_ATTR(.map_flags = BPF_F_NO_PREALLOC), .expect = -EINVAL },
	{ "create: array value_size above INT_MAX", CREATE,
	  ARRAY_ATTR(.value_size = 0x80000000u), .expect = -E2BIG },
	{ "create: array larger than memory", CREATE,
	  ARRAY_ATTR(.max_entries = 0xffffffff), .expect = -ENOMEM },
	{ "create: BPF_F_RDONLY with BPF_F_WRONLY", CREATE,
	  HASH_ATTR(.map_flags = BPF_F_RDONLY | BPF_F_WRONLY), .expect = -EINVAL },
	{ "create: BPF_F_RDONLY_PROG with BPF_F_WRONLY_PROG", CREATE,
	  ARRAY_ATTR(.map_flags = BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG),
	  .expect = -EINVAL },
	{ "create: numa node that does not exist", CREATE,
	  HASH_ATTR(.map_flags = BPF_F_NUMA_NODE, .numa_node = 1000), .expect = -EINVAL },
	{ "create: map_extra on a hash map", CREATE, HASH_ATTR(.map_extra = 1),
	  .expect = -EINVAL },
	{ "create: name with a '-'", CREATE, HASH_ATTR(.map_name = "bad-name"),
	  .expect = -EINVAL },
	{ "create: name without its NUL", CREATE,
	  /* 16 characters fill map_name[16] with no room for the NUL */
	  HASH_ATTR(.map_name = "aaaaaaaaaaaaaaaa"),
	  .expect = -EINVAL },
	/* offload, BTF and the name: where mainline checks each */
	{ "create: map_ifindex of lo, which cannot offload", CREATE,
	  HASH_ATTR(.map_ifindex = 1), .expect = -EOPNOTSUPP },
	{ "create: map_ifindex of no device", CREATE,
	  HASH_ATTR(.map_ifindex = 9999), .expect = -EINVAL },
	{ "create: map_ifindex after the sizes", CREATE,
	  HASH_ATTR(.map_ifindex = 1, .key_size = 0), .expect = -EINVAL },
	{ "create: BTF key type without a value type", CREATE,
	  HASH_ATTR(.btf_key_type_id = 1), .expect = -EINVAL },
	{ "create: BTF value type, BTF fd not open", CREATE,
	  HASH_ATTR(.btf_value_type_id = 1, .btf_fd = 9999), .expect = -EBADF },
	{ "create: BTF value type after the name", CREATE,
	  HASH_ATTR(.btf_value_type_id = 1, .btf_fd = 9999,
		    .map_name = "bad-name"), .expect = -EINVAL },
	{ "create: name after the allocation", CREATE,
	  ARRAY_ATTR(.max_entries = 0xffffffff, .map_name = "bad-name"),
	  .expect = -ENOMEM },
	/* 64 Ki elements of 1 MiB: more than memory, unless allocated on use */
	{ "create: preallocated hash larger than memory", CREATE,
	  HASH_ATTR(.max_entries = 1 << 16, .value_size = 1 << 20),
	  .expect = -ENOMEM },
	{ "create: the same hash with BPF_F_NO_PREALLOC", CREATE,
	  HASH_ATTR(.max_entries = 1 << 16, .value_size = 1 << 20,
		    .map_flags = BPF_F_NO_PREALLOC), .expect = 0 },
	{ "create: array BPF_F_INNER_MAP", CREATE,
	  ARRAY_ATTR(.map_flags = BPF_F_INNER_MAP), .expect = 0 },
	{ "create: hash BPF_F_INNER_MAP", CREATE,
	  HASH_ATTR(.map_flags = BPF_F_INNER_MAP), .expect = -EINVAL },
	{ "create: non-zero byte after map_token_fd", CREATE, HASH_ATTR(),
	  .dirty_at = END_MAP_TOKEN_FD, .expect = -EINVAL },
	{ "create: unprivileged while unprivileged_bpf_disabled", CREATE,
	  HASH_ATTR(), .unprivileged = true, .expect = -EPERM },

	/* BPF_MAP_LOOKUP_ELEM */
	{ "lookup: fd that is not open", LOOKUP, .fd = FD_CLOSED, .key = P_KEY0,
	  .value = P_BUF, .expect = -EBADF },
	{ "lookup: fd that is not a map", LOOKUP, .fd = FD_NOT_MAP, .key = P_KEY0,
	  .value = P_BUF, .expect = -EINVAL },
	{ "lookup: NULL key", LOOKUP, .fd = FD_HASH, .key = P_NULL, .value = P_BUF,
	  .expect = -EFAULT },
	{ "lookup: key pointer faults", LOOKUP, .fd = FD_HASH, .key = P_FAULT,
	  .value = P_BUF, .expect = -EFAULT },
	{ "lookup: value pointer faults", LOOKUP, .fd = FD_HASH, .key = P_KEY0,
	  .value = P_FAULT, .expect = -EFAULT },
	{ "lookup: unknown flag", LOOKUP, { .flags = 1 << 8 }, .fd = FD_HASH,
	  .key = P_KEY0, .value = P_BUF, .expect = -EINVAL },
	{ "lookup: BPF_F_LOCK without a spin lock", LOOKUP, { .flags = BPF_F_LOCK },
	  .fd = FD_HASH, .key = P_KEY0, .value = P_BUF, .expect = -EINVAL },
	/* the order of checks: unknown flags, the fd, its mode, BPF_F_LOCK */
	{ "lookup: unknown flag and a closed fd", LOOKUP, { .flags = 1 << 8 },
	  .fd = FD_CLOSED, .key = P_KEY0, .value = P_BUF, .expect = -EINVAL },
	{ "lookup: BPF_F_LOCK and a closed fd", LOOKUP, { .flags = BPF_F_LOCK },
	  .fd = FD_CLOSED, .key = P_KEY0, .value = P_BUF, .expect = -EBADF },
	{ "lookup: BPF_F_LOCK and an fd that is not a map", LOOKUP,
	  { .flags = BPF_F_LOCK }, .fd = FD_NOT_MAP, .key = P_KEY0,
	  .value = P_BUF, .expect = -EINVAL },
	{ "lookup: BPF_F_LOCK and a write-only fd", LOOKUP, { .flags = BPF_F_LOCK },
	  .fd = FD_HASH_WO, .key = P_KEY0, .value = P_BUF, .expect = -EPERM },
	{ "lookup: hash key not present", LOOKUP, .fd = FD_HASH,
	  .key = P_KEY_MISSING, .value = P_BUF, .expect = -ENOENT },
	{ "lookup: array index out of range", LOOKUP, .fd = FD_ARRAY,
	  .key = P_KEY_MISSING, .value = P_BUF, .expect = -ENOENT },
	{ "lookup: write-only fd", LOOKUP, .fd = FD_HASH_WO, .key = P_KEY0,
	  .value = P_BUF, .expect = -EPERM },
	{ "lookup: non-zero byte after flags", LOOKUP, .fd = FD_HASH, .key = P_KEY0,
	  .value = P_BUF, .dirty_at = END_FLAGS, .expect = -EINVAL },

	/* BPF_MAP_UPDATE_ELEM */
	{ "update: fd that is not open", UPDATE, .fd = FD_CLOSED, .key = P_KEY0,
	  .value = P_BUF, .expect = -EBADF },
	{ "update: fd that is not a map", UPDATE, .fd = FD_NOT_MAP, .key = P_KEY0,
	  .value = P_BUF, .expect = -EINVAL },
	{ "update: read-only fd", UPDATE, .fd = FD_HASH_RO, .key = P_KEY0,
	  .value = P_BUF, .expect = -EPERM },
	{ "update: hash flags above BPF_EXIST", UPDATE, { .flags = BPF_EXIST + 1 },
	  .fd = FD_HASH, .key = P_KEY0, .value = P_BUF, .expect = -EINVAL },
	{ "update: array flags above BPF_EXIST", UPDATE, { .flags = BPF_EXIST + 1 },
	  .fd = FD_ARRAY, .key = P_KEY0, .value = P_BUF, .expect = -EINVAL },
	{ "update: BPF_F_LOCK without a spin lock", UPDATE, { .flags = BPF_F_LOCK },
	  .fd = FD_HASH, .key = P_KEY0, .value = P_BUF, .expect = -EINVAL },
	{ "update: BPF_F_LOCK and a closed fd", UPDATE, { .flags = BPF_F_LOCK },
	  .fd = FD_CLOSED, .key = P_KEY0, .value = P_BUF, .expect = -EBADF },
	{ "update: BPF_F_LOCK and a read-only fd", UPDATE, { .flags = BPF_F_LOCK },
	  .fd = FD_HASH_RO, .key = P_KEY0, .value = P_BUF, .expect = -EPERM },
	{ "update: key pointer faults", UPDATE, .fd = FD_HASH, .key = P_FAULT,
	  .value = P_BUF, .expect = -EFAULT },
	{ "update: value pointer faults", UPDATE, .fd = FD_HASH, .key = P_KEY0,
	  .value = P_FAULT, .expect = -EFAULT },
	{ "update: NULL value", UPDATE, .fd = FD_ARRAY, .key = P_KEY0,
	  .value = P_NULL, .expect = -EFAULT },
	{ "update: hash NOEXIST on a present key", UPDATE, { .flags = BPF_NOEXIST },
	  .fd = FD_HASH, .key = P_KEY0, .value = P_BUF, .expect = -EEXIST },
	{ "update: hash EXIST on a missing key", UPDATE, { .flags = BPF_EXIST },
	  .fd = FD_HASH, .key = P_KEY_MISSING, .value = P_BUF, .expect = -ENOENT },
	{ "update: full hash, new key", UPDATE, .fd = FD_HASH,
	  .key = P_KEY_MISSING, .value = P_BUF, .expect = -E2BIG },
	{ "update: array index out of range", UPDATE, .fd = FD_ARRAY,
	  .key = P_KEY_MISSING, .value = P_BUF, .expect = -E2BIG },
	{ "update: array NOEXIST", UPDATE, { .flags = BPF_NOEXIST }, .fd = FD_ARRAY,
	  .key = P_KEY0, .value = P_BUF, .expect = -EEXIST },
	{ "update: non-zero byte after flags", UPDATE, .fd = FD_HASH, .key = P_KEY0,
	  .value = P_BUF, .dirty_at = END_FLAGS, .expect = -EINVAL },

	/* BPF_MAP_DELETE_ELEM */
	{ "delete: fd that is not open", DELETE, .fd = FD_CLOSED, .key = P_KEY0,
	  .expect = -EBADF },
	{ "delete: fd that is not a map", DELETE, .fd = FD_NOT_MAP, .key = P_KEY0,
	  .expect = -EINVAL },
	{ "delete: read-only fd", DELETE, .fd = FD_HASH_RO, .key = P_KEY0,
	  .expect = -EPERM },
	{ "delete: hash key not present", DELETE, .fd = FD_HASH,
	  .key = P_KEY_MISSING, .expect = -ENOENT },
	{ "delete: array element", DELETE, .fd = FD_ARRAY, .key = P_KEY0,
	  .expect = -EINVAL },
	{ "delete: key pointer faults", DELETE, .fd = FD_HASH, .key = P_FAULT,
	  .expect = -EFAULT },
	{ "delete: value field set (past the last field)", DELETE, .fd = FD_HASH,
	  .key = P_KEY0, .value = P_BUF, .expect = -EINVAL },

	/* BPF_MAP_GET_NEXT_KEY */
	{ "next_key: fd that is not open", NEXT, .fd = FD_CLOSED, .key = P_NULL,
	  .next_key = P_BUF, .expect = -EBADF },
	{ "next_key: fd that is not a map", NEXT, .fd = FD_NOT_MAP, .key = P_NULL,
	  .next_key = P_BUF, .expect = -EINVAL },
	{ "next_key: write-only fd", NEXT, .fd = FD_HASH_WO, .key = P_NULL,
	  .next_key = P_BUF, .expect = -EPERM },
	{ "next_key: key pointer faults", NEXT, .fd = FD_HASH, .key = P_FAULT,
	  .next_key = P_BUF, .expect = -EFAULT },
	{ "next_key: next_key pointer faults", NEXT, .fd = FD_HASH, .key = P_NULL,
	  .next_key = P_FAULT, .expect = -EFAULT },
	{ "next_key: after the array's last index", NEXT, .fd = FD_ARRAY,
	  .key = P_KEY_LAST, .next_key = P_BUF, .expect = -ENOENT },
	{ "next_key: non-zero byte after next_key", NEXT, .fd = FD_ARRAY,
	  .key = P_NULL, .next_key = P_BUF, .dirty_at = END_NEXT_KEY,
	  .expect = -EINVAL },
};

static struct {
	int hash, array, hash_ro, hash_wo, pipe[2], closed;
	void *fault;
	uint32_t key0, key_missing, key_last;
	uint64_t buf[64];
} fx;

static int fixture_fd(enum fd_ref ref, int fd)
{
	switch (ref) {
	case FD_HASH:		return fx.hash;
	case FD_ARRAY:		return fx.array;
	case FD_HASH_RO:	return fx.hash_ro;
	case FD_HASH_WO:	return fx.hash_wo;
	case FD_NOT_MAP:	return fx.pipe[0];
	case FD_CLOSED:		return fx.closed;
	default:		return fd;
	}
}

static uint64_t fixture_ptr(enum ptr_ref ref, uint64_t ptr)
{
	switch (ref) {
	case P_KEY0:		return PTR(&fx.key0);
	case P_KEY_MISSING:	return PTR(&fx.key_missing);
	case P_KEY_LAST:	return PTR(&fx.key_last);
	case P_BUF:		return PTR(fx.buf);
	case P_NULL:		return 0;
	case P_FAULT:		return PTR(fx.fault);
	default:		return ptr;
	}
}

static void fill_map(int fd, uint32_t n)
{
	uint64_t v;
	uint32_t k;

	for (k = 0; k < n; k++) {
		v = 0x1000 + k;
		if (map_update(fd, &k, &v, BPF_ANY))
			ksft_exit_fail_msg("fixture update: %s\n", strerror(errno));
	}
}

static void setup_fixtures(void)
{
	fx.hash = map_create(BPF_MAP_TYPE_HASH, 4, 8, 4, 0);
	fx.array = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0);
	fx.hash_ro = map_create(BPF_MAP_TYPE_HASH, 4, 8, 4, BPF_F_RDONLY);
	fx.hash_wo = map_create(BPF_MAP_TYPE_HASH, 4, 8, 4, BPF_F_WRONLY);
	if (fx.hash < 0 || fx.array < 0 || fx.hash_ro < 0 || fx.hash_wo < 0)
		ksft_exit_fail_msg("fixture maps: %s\n", strerror(errno));
	fill_map(fx.hash, 4);
	fill_map(fx.array, 4);
	if (pipe(fx.pipe))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	fx.closed = dup(fx.pipe[1]);
	close(fx.closed);
	fx.fault = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fx.fault == MAP_FAILED)
		ksft_exit_fail_msg("mmap: %s\n", strerror(errno));
	fx.key0 = 0;
	fx.key_missing = 1000;
	fx.key_last = 3;
}

/* Run one row in a child that dropped every privilege; returns -errno. */
static long call_unprivileged(int cmd, void *attr, unsigned int size)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(255);
		_exit((int)-sys_bpf_size(cmd, attr, size));
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1000;
	return -WEXITSTATUS(status);
}

static bool run_row(const struct bad_case *c)
{
	/* room past the union for the "longer than ours" rows */
	union {
		union bpf_attr attr;
		unsigned char bytes[8192];
	} buf;
	unsigned int size = c->size ? c->size : ATTR_BYTES;
	void *uattr = &buf;
	long ret;

	memset(&buf, 0, sizeof(buf));
	buf.attr = c->attr;
	if (c->fd != FD_NONE)
		buf.attr.map_fd = fixture_fd(c->fd, 0);
	if (c->cmd != CREATE) {
		buf.attr.key = fixture_ptr(c->key, buf.attr.key);
		buf.attr.value = fixture_ptr(c->value, buf.attr.value);
		buf.attr.next_key = fixture_ptr(c->next_key, buf.attr.next_key);
	} else if (c->key == P_FAULT) {
		/* the whole attr is the faulting pointer */
		uattr = fx.fault;
	}
	if (c->dirty_at)
		buf.bytes[c->dirty_at] = 1;

	if (c->unprivileged)
		ret = call_unprivileged(c->cmd, uattr, size);
	else
		ret = sys_bpf_size(c->cmd, uattr, size);
	if (ret >= 0 && c->cmd == CREATE) {
		close(ret);
		ret = 0;	/* created: the rows say 0 */
	}
	return expect_result(c->name, ret, c->expect);
}

/* The fixtures hold exactly what setup put in them. */
static void fixtures_unchanged(void)
{
	unsigned int seen = 0;
	uint32_t k, next;
	uint64_t v;
	int err;

	for (k = 0; k < 4; k++) {
		EXPECT_EQ(map_lookup(fx.hash, &k, &v), 0);
		EXPECT_EQ(v, 0x1000 + k);
		EXPECT_EQ(map_lookup(fx.array, &k, &v), 0);
		EXPECT_EQ(v, 0x1000 + k);
	}
	for (err = map_next_key(fx.hash, NULL, &next); !err;
	     err = map_next_key(fx.hash, &k, &next)) {
		EXPECT_TRUE(next < 4 && !(seen & (1u << next)));
		seen |= 1u << next;
		k = next;
	}
	EXPECT_EQ(err, -ENOENT);
	EXPECT_EQ(seen, 0xf);
	EXPECT_EQ(map_next_key(fx.hash_ro, NULL, &next), -ENOENT);
}

int main(void)
{
	unsigned int i;

	ksft_print_header();
	ksft_set_plan(ARRAY_LEN(table) + 1);
	setup_fixtures();
	for (i = 0; i < ARRAY_LEN(table); i++)
		ksft_test_result(run_row(&table[i]), "%s\n", table[i].name);
	ebpf_case_failed = false;
	fixtures_unchanged();
	ksft_test_result(!ebpf_case_failed, "failed calls changed nothing\n");
	ksft_finished();
	return 0;
}
