// SPDX-License-Identifier: GPL-2.0
/*
 * Semantics of the map commands of bpf(2), per command and flag, for hash
 * and array maps, as mainline defines them.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "ebpf_test.h"

static void hash_update_flags(void)
{
	int fd = map_create(BPF_MAP_TYPE_HASH, 4, 8, 16, 0);
	uint32_t k = 7;
	uint64_t v = 1, out = 0;

	EXPECT_TRUE(fd >= 0);
	EXPECT_EQ(map_lookup(fd, &k, &out), -ENOENT);
	/* EXIST on a missing key inserts nothing */
	EXPECT_EQ(map_update(fd, &k, &v, BPF_EXIST), -ENOENT);
	EXPECT_EQ(map_lookup(fd, &k, &out), -ENOENT);
	/* NOEXIST inserts a new key */
	EXPECT_EQ(map_update(fd, &k, &v, BPF_NOEXIST), 0);
	EXPECT_EQ(map_lookup(fd, &k, &out), 0);
	EXPECT_EQ(out, 1);
	/* NOEXIST on an existing key changes nothing */
	v = 2;
	EXPECT_EQ(map_update(fd, &k, &v, BPF_NOEXIST), -EEXIST);
	EXPECT_EQ(map_lookup(fd, &k, &out), 0);
	EXPECT_EQ(out, 1);
	/* EXIST replaces */
	EXPECT_EQ(map_update(fd, &k, &v, BPF_EXIST), 0);
	EXPECT_EQ(map_lookup(fd, &k, &out), 0);
	EXPECT_EQ(out, 2);
	/* ANY replaces and inserts */
	v = 3;
	EXPECT_EQ(map_update(fd, &k, &v, BPF_ANY), 0);
	EXPECT_EQ(map_lookup(fd, &k, &out), 0);
	EXPECT_EQ(out, 3);
	k = 8;
	EXPECT_EQ(map_update(fd, &k, &v, BPF_ANY), 0);
	EXPECT_EQ(map_lookup(fd, &k, &out), 0);
	EXPECT_EQ(out, 3);
	close(fd);
}

static void hash_delete(void)
{
	int fd = map_create(BPF_MAP_TYPE_HASH, 4, 8, 16, 0);
	uint32_t k = 1, other = 2;
	uint64_t v = 42, out;

	EXPECT_TRUE(fd >= 0);
	EXPECT_EQ(map_delete(fd, &k), -ENOENT);
	EXPECT_EQ(map_update(fd, &k, &v, BPF_ANY), 0);
	EXPECT_EQ(map_update(fd, &other, &v, BPF_ANY), 0);
	EXPECT_EQ(map_delete(fd, &k), 0);
	EXPECT_EQ(map_lookup(fd, &k, &out), -ENOENT);
	EXPECT_EQ(map_delete(fd, &k), -ENOENT);
	/* the other key is untouched */
	EXPECT_EQ(map_lookup(fd, &other, &out), 0);
	EXPECT_EQ(out, 42);
	/* a deleted key can come back */
	EXPECT_EQ(map_update(fd, &k, &v, BPF_NOEXIST), 0);
	close(fd);
}

static void hash_full(void)
{
	const uint32_t max = 64;
	int fd = map_create(BPF_MAP_TYPE_HASH, 4, 4, max, 0);
	uint32_t k, v;

	EXPECT_TRUE(fd >= 0);
	for (k = 0; k < max; k++)
		EXPECT_EQ(map_update(fd, &k, &k, BPF_NOEXIST), 0);
	k = max;
	EXPECT_EQ(map_update(fd, &k, &k, BPF_ANY), -E2BIG);
	EXPECT_EQ(map_update(fd, &k, &k, BPF_NOEXIST), -E2BIG);
	EXPECT_EQ(map_lookup(fd, &k, &v), -ENOENT);
	/* replacing an existing key needs no new slot */
	k = 5;
	v = 500;
	EXPECT_EQ(map_update(fd, &k, &v, BPF_ANY), 0);
	EXPECT_EQ(map_update(fd, &k, &v, BPF_EXIST), 0);
	EXPECT_EQ(map_lookup(fd, &k, &v), 0);
	EXPECT_EQ(v, 500);
	/* a delete frees a slot */
	EXPECT_EQ(map_delete(fd, &k), 0);
	k = max;
	EXPECT_EQ(map_update(fd, &k, &k, BPF_NOEXIST), 0);
	k = max + 1;
	EXPECT_EQ(map_update(fd, &k, &k, BPF_NOEXIST), -E2BIG);
	close(fd);
}

/* Walk a map with GET_NEXT_KEY from NULL; count visits per u32 key. */
static int walk_u32_keys(int fd, unsigned int *seen, uint32_t limit)
{
	uint32_t key, next;
	int n = 0, err;

	err = map_next_key(fd, NULL, &next);
	while (!err) {
		if (next >= limit)
			return -1000;
		seen[next]++;
		n++;
		key = next;
		err = map_next_key(fd, &key, &next);
	}
	return err == -ENOENT ? n : err;
}

static void hash_iterate(void)
{
	const uint32_t n = 1000;
	unsigned int *seen = calloc(4 * n, sizeof(*seen));
	int fd = map_create(BPF_MAP_TYPE_HASH, 4, 4, n, 0);
	uint32_t i, k, first, next;

	if (!EXPECT_TRUE(fd >= 0 && seen))
		return;
	EXPECT_EQ(map_next_key(fd, NULL, &next), -ENOENT);
	for (i = 0; i < n; i++) {
		k = i * 3;
		if (!EXPECT_EQ(map_update(fd, &k, &i, BPF_NOEXIST), 0))
			break;
	}
	EXPECT_EQ(walk_u32_keys(fd, seen, 4 * n), n);
	for (i = 0; i < 4 * n; i++)
		if (!EXPECT_EQ(seen[i], i % 3 == 0 && i < 3 * n ? 1 : 0))
			break;
	/* a key that is not in the map gives the first key */
	EXPECT_EQ(map_next_key(fd, NULL, &first), 0);
	k = 1;
	EXPECT_EQ(map_next_key(fd, &k, &next), 0);
	EXPECT_EQ(next, first);
	free(seen);
	close(fd);
}

static void hash_odd_sizes(void)
{
	int fd = map_create(BPF_MAP_TYPE_HASH, 3, 5, 8, 0);
	unsigned char k1[3] = { 1, 2, 3 }, k2[3] = { 1, 2, 4 }, next[3];
	unsigned char v1[5] = { 9, 8, 7, 6, 5 }, v2[5] = { 1 }, out[5];

	EXPECT_TRUE(fd >= 0);
	EXPECT_EQ(map_update(fd, k1, v1, BPF_ANY), 0);
	EXPECT_EQ(map_update(fd, k2, v2, BPF_ANY), 0);
	EXPECT_EQ(map_lookup(fd, k1, out), 0);
	EXPECT_EQ(memcmp(out, v1, 5), 0);
	EXPECT_EQ(map_lookup(fd, k2, out), 0);
	EXPECT_EQ(memcmp(out, v2, 5), 0);
	EXPECT_EQ(map_next_key(fd, NULL, next), 0);
	EXPECT_TRUE(!memcmp(next, k1, 3) || !memcmp(next, k2, 3));
	close(fd);
}

static void hash_large_value(void)
{
	const uint32_t size = 8192;
	int fd = map_create(BPF_MAP_TYPE_HASH, 64, size, 4, 0);
	unsigned char key[64], *v = malloc(size), *out = malloc(size);
	uint32_t i;

	if (!EXPECT_TRUE(fd >= 0 && v && out))
		return;
	for (i = 0; i < sizeof(key); i++)
		key[i] = i;
	for (i = 0; i < size; i++)
		v[i] = i * 7;
	EXPECT_EQ(map_update(fd, key, v, BPF_ANY), 0);
	memset(out, 0, size);
	EXPECT_EQ(map_lookup(fd, key, out), 0);
	EXPECT_EQ(memcmp(out, v, size), 0);
	key[63]++;
	EXPECT_EQ(map_lookup(fd, key, out), -ENOENT);
	free(v);
	free(out);
	close(fd);
}

static void array_initial_zero(void)
{
	int fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 12, 100, 0);
	uint32_t i;
	unsigned char out[12], zero[12] = { 0 };

	EXPECT_TRUE(fd >= 0);
	for (i = 0; i < 100; i++) {
		memset(out, 0xff, sizeof(out));
		EXPECT_EQ(map_lookup(fd, &i, out), 0);
		EXPECT_EQ(memcmp(out, zero, sizeof(out)), 0);
	}
	close(fd);
}

static void array_update_flags(void)
{
	int fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0);
	uint32_t k = 3;
	uint64_t v = 11, out;

	EXPECT_TRUE(fd >= 0);
	EXPECT_EQ(map_update(fd, &k, &v, BPF_ANY), 0);
	EXPECT_EQ(map_lookup(fd, &k, &out), 0);
	EXPECT_EQ(out, 11);
	v = 12;
	EXPECT_EQ(map_update(fd, &k, &v, BPF_EXIST), 0);
	EXPECT_EQ(map_lookup(fd, &k, &out), 0);
	EXPECT_EQ(out, 12);
	/* every element always exists */
	v = 13;
	EXPECT_EQ(map_update(fd, &k, &v, BPF_NOEXIST), -EEXIST);
	EXPECT_EQ(map_lookup(fd, &k, &out), 0);
	EXPECT_EQ(out, 12);
	close(fd);
}

static void array_bounds_and_delete(void)
{
	int fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0);
	uint32_t k = 4, big = 0xffffffff, zero = 0;
	uint64_t v = 1, out;

	EXPECT_TRUE(fd >= 0);
	EXPECT_EQ(map_lookup(fd, &k, &out), -ENOENT);
	EXPECT_EQ(map_lookup(fd, &big, &out), -ENOENT);
	EXPECT_EQ(map_update(fd, &k, &v, BPF_ANY), -E2BIG);
	EXPECT_EQ(map_update(fd, &big, &v, BPF_ANY), -E2BIG);
	EXPECT_EQ(map_update(fd, &zero, &v, BPF_ANY), 0);
	EXPECT_EQ(map_delete(fd, &zero), -EINVAL);
	EXPECT_EQ(map_lookup(fd, &zero, &out), 0);
	EXPECT_EQ(out, 1);
	close(fd);
}

static void array_iterate(void)
{
	const uint32_t n = 50;
	unsigned int seen[50] = { 0 };
	int fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 4, n, 0);
	uint32_t k, next, i;

	EXPECT_TRUE(fd >= 0);
	EXPECT_EQ(walk_u32_keys(fd, seen, n), n);
	for (i = 0; i < n; i++)
		EXPECT_EQ(seen[i], 1);
	/* index order; an index out of range restarts at 0 */
	k = 10;
	EXPECT_EQ(map_next_key(fd, &k, &next), 0);
	EXPECT_EQ(next, 11);
	k = n - 1;
	EXPECT_EQ(map_next_key(fd, &k, &next), -ENOENT);
	k = n + 5;
	EXPECT_EQ(map_next_key(fd, &k, &next), 0);
	EXPECT_EQ(next, 0);
	close(fd);
}

static void array_odd_value_size(void)
{
	int fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 7, 3, 0);
	unsigned char v[7] = { 1, 2, 3, 4, 5, 6, 7 }, out[8];
	uint32_t k;

	EXPECT_TRUE(fd >= 0);
	k = 1;
	EXPECT_EQ(map_update(fd, &k, v, BPF_ANY), 0);
	/* exactly value_size bytes come back: the byte after is untouched */
	memset(out, 0xaa, sizeof(out));
	EXPECT_EQ(map_lookup(fd, &k, out), 0);
	EXPECT_EQ(memcmp(out, v, 7), 0);
	EXPECT_EQ(out[7], 0xaa);
	/* neighbours are untouched */
	for (k = 0; k < 3; k += 2) {
		EXPECT_EQ(map_lookup(fd, &k, out), 0);
		EXPECT_EQ(out[0] | out[6], 0);
	}
	close(fd);
}

static void fd_access_modes(void)
{
	int ro = map_create(BPF_MAP_TYPE_HASH, 4, 4, 4, BPF_F_RDONLY);
	int wo = map_create(BPF_MAP_TYPE_HASH, 4, 4, 4, BPF_F_WRONLY);
	uint32_t k = 1, v = 2, next;

	EXPECT_TRUE(ro >= 0 && wo >= 0);
	EXPECT_EQ(map_update(ro, &k, &v, BPF_ANY), -EPERM);
	EXPECT_EQ(map_delete(ro, &k), -EPERM);
	EXPECT_EQ(map_lookup(ro, &k, &v), -ENOENT);
	EXPECT_EQ(map_next_key(ro, NULL, &next), -ENOENT);
	EXPECT_EQ(map_update(wo, &k, &v, BPF_ANY), 0);
	EXPECT_EQ(map_lookup(wo, &k, &v), -EPERM);
	EXPECT_EQ(map_next_key(wo, NULL, &next), -EPERM);
	EXPECT_EQ(map_delete(wo, &k), 0);
	close(ro);
	close(wo);
}

static void fd_is_cloexec_anon_inode(void)
{
	int fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 4, 16, 0);
	char path[64], buf[4096];
	ssize_t n;
	FILE *f;

	EXPECT_TRUE(fd >= 0);
	EXPECT_EQ(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, buf, sizeof(buf) - 1);
	EXPECT_TRUE(n > 0);
	buf[n] = 0;
	EXPECT_EQ(strcmp(buf, "anon_inode:bpf-map"), 0);
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!EXPECT_TRUE(f))
		return;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n > 0 ? n : 0] = 0;
	EXPECT_TRUE(strstr(buf, "map_type:\t2\n"));
	EXPECT_TRUE(strstr(buf, "max_entries:\t16\n"));
	close(fd);
}

static void maps_are_independent(void)
{
	int a = map_create(BPF_MAP_TYPE_HASH, 4, 4, 4, 0);
	int b = map_create(BPF_MAP_TYPE_HASH, 4, 4, 4, 0);
	uint32_t k = 1, v = 5, out;

	EXPECT_TRUE(a >= 0 && b >= 0 && a != b);
	EXPECT_EQ(map_update(a, &k, &v, BPF_ANY), 0);
	EXPECT_EQ(map_lookup(b, &k, &out), -ENOENT);
	close(a);
	close(b);
}

static void short_and_long_attr(void)
{
	/* a caller may pass a shorter attr (missing fields read as zero) */
	struct {
		union bpf_attr attr;
		char tail[64];
	} big;
	int fd;

	memset(&big, 0, sizeof(big));
	big.attr.map_type = BPF_MAP_TYPE_ARRAY;
	big.attr.key_size = 4;
	big.attr.value_size = 4;
	big.attr.max_entries = 1;
	fd = sys_bpf_size(BPF_MAP_CREATE, &big.attr,
			  offsetof(union bpf_attr, map_flags));
	EXPECT_TRUE(fd >= 0);
	close(fd);
	/* ... or a longer one whose extra bytes are all zero */
	fd = sys_bpf_size(BPF_MAP_CREATE, &big, sizeof(big));
	EXPECT_TRUE(fd >= 0);
	close(fd);
}

static void map_name_accepted(void)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_HASH;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 1;
	memcpy(attr.map_name, "counts_v1.2", sizeof("counts_v1.2"));
	fd = sys_bpf(BPF_MAP_CREATE, &attr);
	EXPECT_TRUE(fd >= 0);
	close(fd);
}

/* Create a hash map as uid 65534 with no capabilities; 0 or -errno. */
static int unprivileged_create(void)
{
	int status, fd;
	pid_t pid = fork();

	if (pid == 0) {
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(100);
		fd = map_create(BPF_MAP_TYPE_HASH, 4, 4, 4, 0);
		_exit(fd >= 0 ? 0 : -fd);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1000;
	return -WEXITSTATUS(status);
}

static void unprivileged_sysctl(void)
{
	bool ok;

	/* off by default, as mainline with BPF_UNPRIV_DEFAULT_OFF */
	EXPECT_EQ(read_unpriv_sysctl(), 2);
	EXPECT_EQ(unprivileged_create(), -EPERM);
	EXPECT_TRUE(write_unpriv_sysctl(0));
	EXPECT_EQ(read_unpriv_sysctl(), 0);
	ok = unprivileged_create() == 0;
	EXPECT_TRUE(write_unpriv_sysctl(2));
	EXPECT_TRUE(ok);
	EXPECT_EQ(unprivileged_create(), -EPERM);
	/* out of range values are refused */
	EXPECT_TRUE(!write_unpriv_sysctl(3));
	EXPECT_EQ(read_unpriv_sysctl(), 2);
}

/*
 * BPF_MAP_FREEZE (what libbpf does to a program's .rodata once filled):
 * the map's values stay readable, the syscall writes no more (EPERM,
 * freezing again too). Bad fds and attrs as mainline. (Programs still
 * write a frozen map: prog_load_test.)
 */
static void freeze_stops_syscall_writes(void)
{
	uint64_t v = 5, got = 0, key8 = 1;
	union bpf_attr attr;
	uint32_t k = 0;
	int arr, hash;

	arr = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	hash = map_create(BPF_MAP_TYPE_HASH, 8, 8, 4, 0);
	if (!EXPECT_TRUE(arr >= 0 && hash >= 0))
		return;
	EXPECT_EQ(map_update(arr, &k, &v, BPF_ANY), 0);
	EXPECT_EQ(map_update(hash, &key8, &v, BPF_ANY), 0);
	EXPECT_EQ(fdinfo_field(arr, "frozen"), 0);
	EXPECT_EQ(map_freeze(arr), 0);
	EXPECT_EQ(fdinfo_field(arr, "frozen"), 1);
	EXPECT_EQ(map_freeze(arr), -EPERM);
	EXPECT_EQ(map_update(arr, &k, &v, BPF_ANY), -EPERM);
	EXPECT_EQ(map_lookup(arr, &k, &got), 0);
	EXPECT_EQ(got, 5);
	EXPECT_EQ(map_freeze(hash), 0);
	EXPECT_EQ(map_update(hash, &key8, &v, BPF_ANY), -EPERM);
	EXPECT_EQ(map_delete(hash, &key8), -EPERM);
	EXPECT_EQ(map_lookup(hash, &key8, &got), 0);
	/* errnos: not an fd, not a map, a field beyond map_fd */
	EXPECT_EQ(map_freeze(-1), -EBADF);
	EXPECT_EQ(map_freeze(0), -EINVAL);
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = hash;
	attr.key = 1;
	EXPECT_EQ(sys_bpf(BPF_MAP_FREEZE, &attr), -EINVAL);
	close(arr);
	close(hash);
}

static long map_mmap(int fd, size_t len, int prot, int flags, off_t off)
{
	void *p = mmap(NULL, len, prot, flags, fd, off);

	if (p == MAP_FAILED)
		return -errno;
	munmap(p, len);
	return 0;
}

/*
 * BPF_F_MMAPABLE arrays: their values mapped from the map fd (what
 * libbpf does with a program's globals), the errnos of mainline for
 * what may not be mapped, and the mapping and the map seeing each
 * other's writes. Values are 8-byte aligned: 12-byte values are 16 apart.
 */
static void mmapable_array(void)
{
	long page = sysconf(_SC_PAGESIZE);
	int a, plain, hash, ro, b;
	char v[12] = { 0 };
	uint32_t k = 1;
	char *m;

	EXPECT_EQ(map_create(BPF_MAP_TYPE_HASH, 4, 8, 4, BPF_F_MMAPABLE), -EINVAL);
	/* 100 values of 48 bytes: two pages */
	a = map_create(BPF_MAP_TYPE_ARRAY, 4, 48, 100, BPF_F_MMAPABLE);
	plain = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0);
	hash = map_create(BPF_MAP_TYPE_HASH, 4, 8, 4, 0);
	ro = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 4,
			BPF_F_MMAPABLE | BPF_F_RDONLY_PROG);
	b = map_create(BPF_MAP_TYPE_ARRAY, 4, 12, 3, BPF_F_MMAPABLE);
	if (!EXPECT_TRUE(a >= 0 && plain >= 0 && hash >= 0 && ro >= 0 && b >= 0))
		return;
	EXPECT_EQ(map_mmap(plain, page, PROT_READ, MAP_SHARED, 0), -EINVAL);
	EXPECT_EQ(map_mmap(hash, page, PROT_READ, MAP_SHARED, 0), -524);
	EXPECT_EQ(map_mmap(a, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, 0), 0);
	EXPECT_EQ(map_mmap(a, 3 * page, PROT_READ, MAP_SHARED, 0), -EINVAL);
	EXPECT_EQ(map_mmap(a, page, PROT_READ, MAP_SHARED, page), 0);
	EXPECT_EQ(map_mmap(a, page, PROT_READ, MAP_SHARED, 2 * page), -EINVAL);
	EXPECT_EQ(map_mmap(a, page, PROT_READ, MAP_PRIVATE, 0), -EINVAL);
	/* 6.12 maps the values executable if asked (later kernels do not) */
	EXPECT_EQ(map_mmap(a, page, PROT_READ | PROT_EXEC, MAP_SHARED, 0), 0);
	EXPECT_EQ(map_mmap(ro, page, PROT_READ | PROT_WRITE, MAP_SHARED, 0),
		  -EACCES);
	EXPECT_EQ(map_mmap(ro, page, PROT_READ, MAP_SHARED, 0), 0);

	/* writes through the mapping and through the syscall meet */
	m = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, b, 0);
	if (EXPECT_TRUE(m != MAP_FAILED)) {
		memcpy(m + 16, "abcdefghijkl", 12);
		EXPECT_EQ(map_lookup(b, &k, v), 0);
		EXPECT_EQ(memcmp(v, "abcdefghijkl", 12), 0);
		memcpy(v, "mnopqrstuvwx", 12);
		k = 2;
		EXPECT_EQ(map_update(b, &k, v, BPF_ANY), 0);
		EXPECT_EQ(memcmp(m + 32, "mnopqrstuvwx", 12), 0);
		/* no freeze while the values may be written this way */
		EXPECT_EQ(map_freeze(b), -EBUSY);
		munmap(m, page);
	}
	/* a read-only mapping lets it freeze, and cannot become writable */
	m = mmap(NULL, page, PROT_READ, MAP_SHARED, b, 0);
	if (EXPECT_TRUE(m != MAP_FAILED)) {
		EXPECT_EQ(map_freeze(b), 0);
		EXPECT_EQ(mprotect(m, page, PROT_READ | PROT_WRITE) ? -errno : 0,
			  -EACCES);
		munmap(m, page);
	}
	EXPECT_EQ(map_mmap(b, page, PROT_READ | PROT_WRITE, MAP_SHARED, 0), -EPERM);
	EXPECT_EQ(map_mmap(b, page, PROT_READ, MAP_SHARED, 0), 0);
	close(a);
	close(plain);
	close(hash);
	close(ro);
	close(b);
}

static int lookup_and_delete(int fd, const void *key, void *value,
			     uint64_t flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = PTR(key);
	attr.value = PTR(value);
	attr.flags = flags;
	return sys_bpf(BPF_MAP_LOOKUP_AND_DELETE_ELEM, &attr);
}

static void queue_stack_create_rules(void)
{
	static const struct { uint32_t key, value, entries, flags; } bad[] = {
		{ 4, 8, 4, 0 },			/* no keys */
		{ 0, 0, 4, 0 },
		{ 0, 8, 0, 0 },
		{ 0, 8, 4, BPF_F_NO_PREALLOC },
		{ 0, 8, 4, BPF_F_MMAPABLE },
		{ 0, 8, 4, BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG },
	};
	uint32_t t, i;
	int fd;

	for (t = BPF_MAP_TYPE_QUEUE; t <= BPF_MAP_TYPE_STACK; t++) {
		for (i = 0; i < ARRAY_LEN(bad); i++)
			EXPECT_EQ(map_create(t, bad[i].key, bad[i].value,
					     bad[i].entries, bad[i].flags),
				  -EINVAL);
		/* max_entries * value_size must stay below 4 GiB */
		EXPECT_EQ(map_create(t, 0, 1 << 16, 1 << 16, 0), -E2BIG);
		fd = map_create(t, 0, 8, 4, BPF_F_RDONLY_PROG);
		if (EXPECT_TRUE(fd >= 0))
			close(fd);
	}
}

/*
 * A queue gives back values first in first out, a stack last in first
 * out: pushed by UPDATE (NULL key), peeked by LOOKUP, popped by
 * LOOKUP_AND_DELETE. Full is -E2BIG unless BPF_EXIST drops the oldest;
 * empty is -ENOENT; keys, deletes and GET_NEXT_KEY are EINVAL.
 */
static void queue_and_stack_order(void)
{
	uint64_t v, k = 0;
	uint32_t t, i;
	int fd;

	for (t = BPF_MAP_TYPE_QUEUE; t <= BPF_MAP_TYPE_STACK; t++) {
		bool stack = t == BPF_MAP_TYPE_STACK;

		fd = map_create(t, 0, 8, 3, 0);
		if (!EXPECT_TRUE(fd >= 0))
			return;
		EXPECT_EQ(map_lookup(fd, NULL, &v), -ENOENT);
		for (v = 1; v <= 3; v++)
			EXPECT_EQ(map_update(fd, NULL, &v, BPF_ANY), 0);
		EXPECT_EQ(map_update(fd, NULL, &v, BPF_ANY), -E2BIG);
		EXPECT_EQ(map_update(fd, NULL, &v, BPF_NOEXIST), -EINVAL);
		/* 4 replaces the oldest, 1: queue 2 3 4, stack 2 3 4 */
		EXPECT_EQ(map_update(fd, NULL, &v, BPF_EXIST), 0);
		EXPECT_EQ(map_lookup(fd, NULL, &v), 0);
		EXPECT_EQ(v, stack ? 4 : 2);
		EXPECT_EQ(map_lookup(fd, &k, &v), -EINVAL);
		EXPECT_EQ(map_delete(fd, NULL), -EINVAL);
		EXPECT_EQ(map_next_key(fd, NULL, &k), -EINVAL);
		EXPECT_EQ(lookup_and_delete(fd, NULL, &v, BPF_F_LOCK), -EINVAL);
		for (i = 0; i < 3; i++) {
			EXPECT_EQ(lookup_and_delete(fd, NULL, &v, 0), 0);
			EXPECT_EQ(v, stack ? 4 - i : 2 + i);
		}
		v = 7;
		EXPECT_EQ(lookup_and_delete(fd, NULL, &v, 0), -ENOENT);
		EXPECT_EQ(v, 7);	/* nothing copied out */
		close(fd);
	}
}

/* LOOKUP_AND_DELETE of a hash element: its value, and it is gone. */
static void hash_lookup_and_delete(void)
{
	int fd = map_create(BPF_MAP_TYPE_HASH, 4, 8, 4, 0);
	int arr = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0);
	uint32_t key = 3;
	uint64_t v = 42, out = 0;

	if (!EXPECT_TRUE(fd >= 0 && arr >= 0))
		goto out;
	EXPECT_EQ(map_update(fd, &key, &v, BPF_ANY), 0);
	EXPECT_EQ(lookup_and_delete(fd, &key, &out, 0), 0);
	EXPECT_EQ(out, 42);
	EXPECT_EQ(map_lookup(fd, &key, &out), -ENOENT);
	EXPECT_EQ(lookup_and_delete(fd, &key, &out, 0), -ENOENT);
	EXPECT_EQ(lookup_and_delete(fd, &key, &out, BPF_F_LOCK), -EINVAL);
	EXPECT_EQ(lookup_and_delete(fd, &key, &out, 8), -EINVAL);
	/* arrays cannot lose an element */
	EXPECT_EQ(lookup_and_delete(arr, &key, &out, 0), -ENOTSUPP);
	EXPECT_EQ(lookup_and_delete(-1, &key, &out, 0), -EBADF);
out:
	if (fd >= 0)
		close(fd);
	if (arr >= 0)
		close(arr);
}

static const struct test_case cases[] = {
	{ "hash: update with ANY, NOEXIST and EXIST", hash_update_flags },
	{ "hash: delete", hash_delete },
	{ "hash: full map gives E2BIG, replace still works", hash_full },
	{ "hash: GET_NEXT_KEY visits every key once", hash_iterate },
	{ "hash: odd key and value sizes", hash_odd_sizes },
	{ "hash: 64-byte key, 8 KiB value", hash_large_value },
	{ "array: elements start zeroed", array_initial_zero },
	{ "array: update with ANY, EXIST, NOEXIST", array_update_flags },
	{ "array: index bounds, delete gives EINVAL", array_bounds_and_delete },
	{ "array: GET_NEXT_KEY in index order", array_iterate },
	{ "array: value size not a multiple of 8", array_odd_value_size },
	{ "fd: BPF_F_RDONLY and BPF_F_WRONLY", fd_access_modes },
	{ "fd: close-on-exec anon inode with fdinfo", fd_is_cloexec_anon_inode },
	{ "maps are independent", maps_are_independent },
	{ "attr shorter or longer than ours", short_and_long_attr },
	{ "map name accepted", map_name_accepted },
	{ "BPF_F_MMAPABLE: mmap of an array's values", mmapable_array },
	{ "BPF_MAP_FREEZE stops the syscall's writes",
	  freeze_stops_syscall_writes },
	{ "unprivileged_bpf_disabled: 2 forbids, 0 allows", unprivileged_sysctl },
	{ "queue, stack: creation rules", queue_stack_create_rules },
	{ "queue, stack: the order values come back in", queue_and_stack_order },
	{ "hash: BPF_MAP_LOOKUP_AND_DELETE_ELEM", hash_lookup_and_delete },
};

int main(void)
{
	run_cases(cases, ARRAY_LEN(cases));
	return 0;
}
