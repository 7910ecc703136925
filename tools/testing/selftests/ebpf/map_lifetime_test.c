// SPDX-License-Identifier: GPL-2.0
/*
 * A map lives exactly as long as a reference to it: the fd, its dups, its
 * copies in child processes. After the last close its memory comes back,
 * which the kernel's free-memory counter shows for maps large enough to
 * stand out from the noise (and kmemleak, where the kernel has it, shows
 * for everything).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "ebpf_test.h"

#define MIB (1024 * 1024)

static long mem_free_kib(void)
{
	char line[256];
	long kib = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemFree: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
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

/* 32 maps of 16 MiB each, one after the other: 512 MiB if they leaked. */
static void array_memory_returns(void)
{
	const uint32_t entries = 16 * MIB / 8;
	long base = mem_free_kib(), during;
	uint32_t k = entries - 1;
	uint64_t v = 1;
	int i, fd;

	EXPECT_TRUE(base > 0);
	for (i = 0; i < 32; i++) {
		fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, entries, 0);
		EXPECT_TRUE(fd >= 0);
		EXPECT_EQ(map_update(fd, &k, &v, BPF_ANY), 0);
		during = mem_free_kib();
		/* the map is really there: this test can see a leak */
		EXPECT_TRUE(during < base - 12 * 1024);
		close(fd);
	}
	EXPECT_TRUE(mem_returns_to(base));
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

#define KMEMLEAK "/sys/kernel/debug/kmemleak"

static bool kmemleak_cmd(const char *cmd)
{
	FILE *f = fopen(KMEMLEAK, "w");
	bool ok;

	if (!f)
		return false;
	ok = fputs(cmd, f) >= 0;
	return fclose(f) == 0 && ok;
}

/* Print and count reported objects whose allocation backtrace is ours. */
static int kmemleak_ours(void)
{
	static char report[1 << 20];
	char *block, *next;
	size_t len;
	int n = 0;
	FILE *f = fopen(KMEMLEAK, "r");

	if (!f)
		return -1;
	len = fread(report, 1, sizeof(report) - 1, f);
	fclose(f);
	report[len] = 0;
	for (block = strstr(report, "unreferenced object"); block; block = next) {
		next = strstr(block + 1, "unreferenced object");
		if (next)
			next[-1] = 0;
		if (strstr(block, "ebpf_") && n++ < 3)
			ksft_print_msg("kmemleak: %s\n", block);
	}
	return n;
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
	EXPECT_TRUE(kmemleak_cmd("scan"));
	EXPECT_TRUE(kmemleak_cmd("scan"));
	EXPECT_EQ(kmemleak_ours(), 0);
}

static const struct test_case cases[] = {
	{ "lifetime: array memory comes back after close", array_memory_returns },
	{ "lifetime: hash memory comes back after close", hash_memory_returns },
	{ "lifetime: a dup keeps the map alive", dup_keeps_map_alive },
	{ "lifetime: a child's copy keeps the map alive", child_keeps_map_alive },
	{ "lifetime: create/close cycles reuse the fd", fd_numbers_reused },
	{ "lifetime: kmemleak finds nothing of ours", no_kmemleak_reports },
};

int main(void)
{
	run_cases(cases, ARRAY_LEN(cases));
	return 0;
}
