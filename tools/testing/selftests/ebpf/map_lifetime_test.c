// SPDX-License-Identifier: GPL-2.0
/*
 * A map lives exactly as long as a reference to it: the fd, its dups, its
 * copies in child processes. After the last close its memory comes back,
 * which /proc/meminfo shows for maps large enough to stand out from the
 * noise (VmallocUsed for a large array, MemFree for a hash map of many
 * elements) and kmemleak, where the kernel has it, shows for everything.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "ebpf_faults.h"

#define MIB (1024 * 1024)

static long mem_free_kib(void)
{
	return meminfo_kib("MemFree");
}

/*
 * Wait for free memory to come back to within SLACK_KIB of @base: map
 * memory may be released after an RCU grace period or from a workqueue,
 * and a KASAN kernel keeps freed objects in a quarantine of up to 1/32 of
 * RAM (64 MiB here) before they count as free again. The tests below would
 * leak 5 times that if a map were never freed.
 */
#define SLACK_KIB (96 * 1024)

static bool mem_returns_to(long base)
{
	int i;

	for (i = 0; i < 100; i++) {
		if (mem_free_kib() >= base - SLACK_KIB)
			return true;
		usleep(50 * 1000);
	}
	ksft_print_msg("MemFree %ld kB, was %ld kB\n", mem_free_kib(), base);
	return false;
}

/*
 * VmallocUsed counts the pages behind every vmalloc area exactly, as they
 * are mapped and unmapped. MemFree cannot show one large map: pages freed
 * by the previous map wait on the per-CPU free lists, which MemFree does
 * not count, and the next allocation takes them from there.
 */
static long vmalloc_used_kib(void)
{
	return meminfo_kib("VmallocUsed");
}

/* The map is freed from a workqueue: give it five seconds. */
static bool vmalloc_returns_to(long base)
{
	int i;

	for (i = 0; i < 100; i++) {
		if (vmalloc_used_kib() <= base + 1024)
			return true;
		usleep(50 * 1000);
	}
	ksft_print_msg("VmallocUsed %ld kB, was %ld kB\n", vmalloc_used_kib(),
		       base);
	return false;
}

/*
 * 16 maps of 16 MiB each, one after the other: each must show its 16 MiB
 * while it is open (so the check can see a leak) and give all of it back
 * after its close.
 */
static void array_memory_returns(void)
{
	const uint32_t entries = 16 * MIB / 8;
	uint32_t k = entries - 1;
	long before, during;
	uint64_t v = 1;
	int i, fd;

	for (i = 0; i < 16; i++) {
		before = vmalloc_used_kib();
		if (!EXPECT_TRUE(before >= 0))
			return;
		fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, entries, 0);
		if (!EXPECT_TRUE(fd >= 0))
			return;
		EXPECT_EQ(map_update(fd, &k, &v, BPF_ANY), 0);
		during = vmalloc_used_kib();
		if (!EXPECT_TRUE(during >= before + 16 * 1024))
			ksft_print_msg("VmallocUsed %ld kB, was %ld kB\n",
				       during, before);
		close(fd);
		if (!EXPECT_TRUE(vmalloc_returns_to(before)))
			return;
	}
}

/* A hash map with 20000 elements of 2 KiB, filled and dropped 8 times. */
static void hash_memory_returns(void)
{
	const uint32_t n = 20000;
	long base = mem_free_kib();
	static unsigned char v[2048];
	uint32_t k;
	int i, fd;

	memset(v, 0x5a, sizeof(v));
	EXPECT_TRUE(base > 0);
	for (i = 0; i < 8; i++) {
		fd = map_create(BPF_MAP_TYPE_HASH, 4, sizeof(v), n,
				BPF_F_NO_PREALLOC);
		EXPECT_TRUE(fd >= 0);
		for (k = 0; k < n; k++)
			if (!EXPECT_EQ(map_update(fd, &k, v, BPF_NOEXIST), 0))
				break;
		EXPECT_TRUE(mem_free_kib() < base - 32 * 1024);
		close(fd);
	}
	EXPECT_TRUE(mem_returns_to(base));
}

static void dup_keeps_map_alive(void)
{
	int fd = map_create(BPF_MAP_TYPE_HASH, 4, 4, 4, 0);
	uint32_t k = 1, v = 77, out = 0;
	int copy;

	EXPECT_TRUE(fd >= 0);
	EXPECT_EQ(map_update(fd, &k, &v, BPF_ANY), 0);
	copy = dup(fd);
	EXPECT_TRUE(copy >= 0);
	close(fd);
	EXPECT_EQ(map_lookup(copy, &k, &out), 0);
	EXPECT_EQ(out, 77);
	close(copy);
	/* the number is now free: using it is EBADF */
	EXPECT_EQ(map_lookup(copy, &k, &out), -EBADF);
}

static void child_keeps_map_alive(void)
{
	int fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 4, 2, 0);
	int go[2], status;
	uint32_t k = 1, v = 9, out;
	char c;
	pid_t pid;

	EXPECT_TRUE(fd >= 0);
	EXPECT_EQ(pipe(go), 0);
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		/* wait until the parent closed its fd */
		if (read(go[0], &c, 1) != 0)
			_exit(2);
		if (map_lookup(fd, &k, &out) || out != 9)
			_exit(1);
		_exit(0);
	}
	EXPECT_TRUE(pid > 0);
	close(go[0]);
	EXPECT_EQ(map_update(fd, &k, &v, BPF_ANY), 0);
	close(fd);
	close(go[1]);
	EXPECT_EQ(waitpid(pid, &status, 0), pid);
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(WEXITSTATUS(status), 0);
}

static void fd_numbers_reused(void)
{
	int first = map_create(BPF_MAP_TYPE_HASH, 4, 4, 4, 0);
	int i, fd;

	EXPECT_TRUE(first >= 0);
	close(first);
	/* 2000 create/close cycles never run out of fds */
	for (i = 0; i < 2000; i++) {
		fd = map_create(BPF_MAP_TYPE_HASH, 4, 4, 4, 0);
		EXPECT_EQ(fd, first);
		close(fd);
	}
}

/*
 * Fault injection: /proc/thread-self/fail-nth makes the n-th allocation of
 * the next system calls fail. Each operation below runs with n = 1, 2, ...
 * until it makes fewer than n allocations; every run must fail cleanly
 * (an errno, the map as it was) or succeed. kmemleak, scanning after this,
 * then finds whatever the error paths leaked.
 */
enum fault_op {
	FAULT_CREATE_HASH, FAULT_CREATE_ARRAY, FAULT_INSERT, FAULT_REPLACE,
	FAULT_LOOKUP_BIG, FAULT_NEXT_KEY_BIG,
};

static struct {
	/* u32 -> 16 bytes (replaced by new elements); 128-byte key, 4 KiB value */
	int hash, big;
	unsigned char key[128], value[4096], other_key[128], next_key[128];
} ff;

static long run_fault_op(enum fault_op op)
{
	uint32_t k = 1, fresh = 2;
	uint64_t v[2] = { 99, 99 };

	switch (op) {
	case FAULT_CREATE_HASH:
		return map_create(BPF_MAP_TYPE_HASH, 4, 64, 1000, 0);
	case FAULT_CREATE_ARRAY:
		return map_create(BPF_MAP_TYPE_ARRAY, 4, 64, 100000, 0);
	case FAULT_INSERT:
		return map_update(ff.hash, &fresh, v, BPF_NOEXIST);
	case FAULT_REPLACE:
		return map_update(ff.hash, &k, v, BPF_EXIST);
	case FAULT_LOOKUP_BIG:
		return map_lookup(ff.big, ff.key, ff.value);
	case FAULT_NEXT_KEY_BIG:
		/* a key not in the map: the answer is the first (only) key */
		return map_next_key(ff.big, ff.other_key, ff.next_key);
	}
	return -EINVAL;
}

/*
 * A new ff.hash holding key 1. Updates reuse elements retired by earlier
 * ones once a grace period has passed, which would make whether an
 * insert or replace allocates at all depend on timing; a new map has
 * none retired.
 */
static void fresh_hash(void)
{
	uint64_t v[2] = { 1, 1 };
	uint32_t k = 1;

	if (ff.hash >= 0)
		close(ff.hash);
	ff.hash = map_create(BPF_MAP_TYPE_HASH, 4, sizeof(v), 16, 0);
	EXPECT_EQ(map_update(ff.hash, &k, v, BPF_ANY), 0);
}

/* Check the map after a run of @op that returned @ret, and undo it. */
static void check_fault_op(enum fault_op op, long ret)
{
	uint32_t k = 1, fresh = 2;
	uint64_t v[2];

	if (!EXPECT_TRUE(ret >= 0 || ret == -ENOMEM || ret == -ENFILE))
		ksft_print_msg("operation %d returned %ld\n", op, ret);
	switch (op) {
	case FAULT_CREATE_HASH:
	case FAULT_CREATE_ARRAY:
		if (ret >= 0)
			close(ret);
		break;
	case FAULT_INSERT:
		EXPECT_EQ(map_lookup(ff.hash, &fresh, v), ret ? -ENOENT : 0);
		fresh_hash();
		break;
	case FAULT_REPLACE:
		EXPECT_EQ(map_lookup(ff.hash, &k, v), 0);
		EXPECT_EQ(v[1], ret ? 1 : 99);
		fresh_hash();
		break;
	case FAULT_NEXT_KEY_BIG:
		if (!ret)
			EXPECT_EQ(memcmp(ff.next_key, ff.key, sizeof(ff.key)), 0);
		break;
	default:
		break;
	}
}

static void enomem_everywhere(void)
{
	static const char *const names[] = {
		"create hash", "create array", "insert", "replace",
		"lookup 4 KiB value", "next key of 128 bytes",
	};
	char buf[16];
	int fd, op, n, failures;
	long ret;

	fd = fail_nth_open();
	if (fd < 0)
		return;
	memset(ff.other_key, 0xff, sizeof(ff.other_key));
	ff.hash = -1;
	fresh_hash();
	ff.big = map_create(BPF_MAP_TYPE_HASH, sizeof(ff.key), sizeof(ff.value), 4, 0);
	EXPECT_EQ(map_update(ff.big, ff.key, ff.value, BPF_ANY), 0);

	for (op = FAULT_CREATE_HASH; op <= FAULT_NEXT_KEY_BIG; op++) {
		failures = 0;
		for (n = 1; n < 1000; n++) {
			snprintf(buf, sizeof(buf), "%d", n);
			if (!EXPECT_TRUE(pwrite(fd, buf, strlen(buf), 0) > 0))
				break;
			ret = run_fault_op(op);
			memset(buf, 0, sizeof(buf));
			EXPECT_TRUE(pread(fd, buf, sizeof(buf) - 1, 0) > 0);
			EXPECT_TRUE(pwrite(fd, "0", 1, 0) > 0);
			check_fault_op(op, ret);
			failures += ret < 0;
			/* fewer than n allocations: every one has failed once */
			if (atoi(buf) > 0)
				break;
		}
		ksft_print_msg("%s: %d allocations, %d failed runs\n",
			       names[op], n - 1, failures);
		/* the injection reached the operation at least once */
		EXPECT_TRUE(failures > 0);
	}
	close(ff.hash);
	close(ff.big);
	EXPECT_TRUE(fault_knobs(false));
	close(fd);
}

/* Every path that allocates, succeeding and failing, then a leak scan. */
static void map_churn(void)
{
	unsigned char key[100] = { 0 }, v[200] = { 0 };
	int i, fd, k;

	for (i = 0; i < 50; i++) {
		fd = map_create(BPF_MAP_TYPE_HASH, sizeof(key), sizeof(v), 8, 0);
		for (k = 0; k < 10; k++) {
			key[0] = k;
			map_update(fd, key, v, BPF_ANY);	/* insert, then replace */
			map_update(fd, key, v, k & 1 ? BPF_EXIST : BPF_ANY);
			map_lookup(fd, key, v);
			map_next_key(fd, key, v);
			if (k & 1)
				map_delete(fd, key);
		}
		map_update(fd, key, v, BPF_NOEXIST);	/* fails: EEXIST or E2BIG */
		map_lookup(fd, key, (void *)8);		/* fails: EFAULT */
		close(fd);
		fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 100, 1000, 0);
		k = 3;
		map_update(fd, &k, v, BPF_ANY);
		close(fd);
	}
}

static void no_kmemleak_reports(void)
{
	if (access(KMEMLEAK, R_OK)) {
		ebpf_case_skip = "this kernel has no kmemleak";
		return;
	}
	map_churn();
	/* kmemleak reports objects unreferenced for at least 5 seconds */
	sleep(6);
	EXPECT_TRUE(write_knob(KMEMLEAK, "scan"));
	EXPECT_TRUE(write_knob(KMEMLEAK, "scan"));
	EXPECT_EQ(kmemleak_ours(), 0);
}

/*
 * VmallocUsed once earlier tests' maps are gone: mainline frees a map from
 * a workqueue, and preallocates hash elements, so the hash test above
 * leaves tens of MiB of vmalloc memory going away for a while.
 */
static long vmalloc_settled(void)
{
	long prev = vmalloc_used_kib(), now;
	int i;

	for (i = 0; i < 50; i++) {
		usleep(100 * 1000);
		now = vmalloc_used_kib();
		if (now == prev)
			break;
		prev = now;
	}
	return prev;
}

/*
 * A mapping of a BPF_F_MMAPABLE array holds the map: its 16 MiB of values
 * outlive the fd, and come back when the mapping goes.
 */
static void mapping_holds_the_map(void)
{
	const uint32_t entries = 16 * 1024 * 1024 / 8;
	long before, during;
	uint64_t *m;
	int fd;

	before = vmalloc_settled();
	fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, entries, BPF_F_MMAPABLE);
	if (!EXPECT_TRUE(fd >= 0))
		return;
	m = mmap(NULL, entries * 8, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (!EXPECT_TRUE(m != MAP_FAILED))
		return;
	m[entries - 1] = 42;
	EXPECT_EQ(m[entries - 1], 42);
	/* the fd is closed: what holds the 16 MiB now is the mapping */
	usleep(200 * 1000);
	during = vmalloc_used_kib();
	if (!EXPECT_TRUE(during >= before + 16 * 1024))
		ksft_print_msg("VmallocUsed %ld kB, was %ld kB\\n", during, before);
	munmap(m, entries * 8);
	EXPECT_TRUE(vmalloc_returns_to(before));
}

static const struct test_case cases[] = {
	{ "lifetime: array memory comes back after close", array_memory_returns },
	{ "lifetime: hash memory comes back after close", hash_memory_returns },
	{ "lifetime: a dup keeps the map alive", dup_keeps_map_alive },
	{ "lifetime: a mapping of the values keeps the map alive",
	  mapping_holds_the_map },
	{ "lifetime: a child's copy keeps the map alive", child_keeps_map_alive },
	{ "lifetime: create/close cycles reuse the fd", fd_numbers_reused },
	{ "lifetime: ENOMEM at every allocation fails cleanly", enomem_everywhere },
	{ "lifetime: kmemleak finds nothing of ours", no_kmemleak_reports },
};

int main(void)
{
	run_cases(cases, ARRAY_LEN(cases));
	return 0;
}
