// SPDX-License-Identifier: GPL-2.0
/*
 * Syscall throughput of the map commands, for make bench (not a test: it
 * asserts only that the calls succeed). Prints one line per row:
 *
 *	BENCH <map>/<op>/<threads>t <ops per second>
 *
 * Each thread works on its own share of the keys, so two threads measure
 * scaling rather than contention on one key.
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "ebpf_test.h"

#define RUN_NS		(800 * 1000 * 1000ull)

enum op { OP_LOOKUP, OP_UPDATE, OP_DELETE };

struct row {
	const char *name;
	uint32_t type, entries, value_size;
	enum op op;
	int threads;
};

struct job {
	const struct row *row;
	int fd, index;
	unsigned long long ops, ns;
	int failed;
	pthread_t thread;
};

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* xorshift: cheap pseudo-random keys within a thread's share */
static uint32_t next_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static uint64_t value[8];

static void fill(int fd, uint32_t from, uint32_t to)
{
	uint32_t k;

	for (k = from; k < to; k++)
		if (map_update(fd, &k, value, BPF_ANY))
			ksft_exit_fail_msg("filling key %u: %s\n", k, strerror(errno));
}

/* Delete a chunk of keys (timed) and put them back (not timed). */
static void run_deletes(struct job *j, uint32_t lo, uint32_t hi)
{
	const uint32_t chunk = 256;
	unsigned long long t0;
	uint32_t k, base = lo;

	while (j->ns < RUN_NS && !j->failed) {
		uint32_t end = base + chunk < hi ? base + chunk : hi;

		t0 = now_ns();
		for (k = base; k < end; k++)
			j->failed |= map_delete(j->fd, &k) != 0;
		j->ns += now_ns() - t0;
		j->ops += end - base;
		fill(j->fd, base, end);
		base = end < hi ? end : lo;
	}
}

static void *job_main(void *arg)
{
	struct job *j = arg;
	const struct row *r = j->row;
	uint32_t share = r->entries / r->threads;
	uint32_t lo = j->index * share, seed = 2463534242u + j->index;
	unsigned long long t0, end;
	uint64_t v[8] = { 7 };
	uint32_t k;
	int i;

	if (r->op == OP_DELETE) {
		run_deletes(j, lo, lo + share);
		return NULL;
	}
	t0 = now_ns();
	end = t0 + RUN_NS;
	do {
		for (i = 0; i < 256; i++) {
			k = lo + next_rand(&seed) % share;
			if (r->op == OP_LOOKUP)
				j->failed |= map_lookup(j->fd, &k, v) != 0;
			else
				j->failed |= map_update(j->fd, &k, v, BPF_ANY) != 0;
		}
		j->ops += 256;
	} while (now_ns() < end);
	j->ns = now_ns() - t0;
	return NULL;
}

static const struct row rows[] = {
	{ "hash1k/lookup/1t", BPF_MAP_TYPE_HASH, 1024, 8, OP_LOOKUP, 1 },
	{ "hash1k/update/1t", BPF_MAP_TYPE_HASH, 1024, 8, OP_UPDATE, 1 },
	{ "hash1k/delete/1t", BPF_MAP_TYPE_HASH, 1024, 8, OP_DELETE, 1 },
	{ "hash1k/lookup/2t", BPF_MAP_TYPE_HASH, 1024, 8, OP_LOOKUP, 2 },
	{ "hash1k/update/2t", BPF_MAP_TYPE_HASH, 1024, 8, OP_UPDATE, 2 },
	{ "hash1k/delete/2t", BPF_MAP_TYPE_HASH, 1024, 8, OP_DELETE, 2 },
	{ "hash1M/lookup/1t", BPF_MAP_TYPE_HASH, 1 << 20, 8, OP_LOOKUP, 1 },
	{ "hash1M/update/1t", BPF_MAP_TYPE_HASH, 1 << 20, 8, OP_UPDATE, 1 },
	{ "hash1M/delete/1t", BPF_MAP_TYPE_HASH, 1 << 20, 8, OP_DELETE, 1 },
	{ "hash1M/lookup/2t", BPF_MAP_TYPE_HASH, 1 << 20, 8, OP_LOOKUP, 2 },
	{ "hash1M/update/2t", BPF_MAP_TYPE_HASH, 1 << 20, 8, OP_UPDATE, 2 },
	{ "hash1M/delete/2t", BPF_MAP_TYPE_HASH, 1 << 20, 8, OP_DELETE, 2 },
	/* 64-byte values: an update of a present key builds a new element */
	{ "hash1k/update64/1t", BPF_MAP_TYPE_HASH, 1024, 64, OP_UPDATE, 1 },
	{ "hash1k/update64/2t", BPF_MAP_TYPE_HASH, 1024, 64, OP_UPDATE, 2 },
	{ "hash1M/update64/1t", BPF_MAP_TYPE_HASH, 1 << 20, 64, OP_UPDATE, 1 },
	{ "hash1M/update64/2t", BPF_MAP_TYPE_HASH, 1 << 20, 64, OP_UPDATE, 2 },
	{ "array1k/lookup/1t", BPF_MAP_TYPE_ARRAY, 1024, 8, OP_LOOKUP, 1 },
	{ "array1k/update/1t", BPF_MAP_TYPE_ARRAY, 1024, 8, OP_UPDATE, 1 },
	{ "array1k/lookup/2t", BPF_MAP_TYPE_ARRAY, 1024, 8, OP_LOOKUP, 2 },
	{ "array1k/update/2t", BPF_MAP_TYPE_ARRAY, 1024, 8, OP_UPDATE, 2 },
};

static double run_row(const struct row *r, int fd)
{
	struct job jobs[2];
	double rate = 0;
	int i;

	memset(jobs, 0, sizeof(jobs));
	for (i = 0; i < r->threads; i++) {
		jobs[i] = (struct job){ .row = r, .fd = fd, .index = i };
		pthread_create(&jobs[i].thread, NULL, job_main, &jobs[i]);
	}
	for (i = 0; i < r->threads; i++) {
		pthread_join(jobs[i].thread, NULL);
		if (jobs[i].failed)
			ksft_exit_fail_msg("%s: a map call failed\n", r->name);
		rate += jobs[i].ops * 1e9 / jobs[i].ns;
	}
	return rate;
}

int main(void)
{
	uint32_t filled_type = 0, filled_entries = 0, filled_size = 0;
	unsigned int i;
	int fd = -1;

	for (i = 0; i < ARRAY_LEN(rows); i++) {
		const struct row *r = &rows[i];

		/* rows of one map share it: fill a 1M map once */
		if (r->type != filled_type || r->entries != filled_entries ||
		    r->value_size != filled_size) {
			if (fd >= 0)
				close(fd);
			fd = map_create(r->type, 4, r->value_size, r->entries, 0);
			if (fd < 0)
				ksft_exit_fail_msg("%s: create: %s\n", r->name,
						   strerror(-fd));
			fill(fd, 0, r->entries);
			filled_type = r->type;
			filled_entries = r->entries;
			filled_size = r->value_size;
		}
		printf("BENCH %s %.0f\n", r->name, run_row(r, fd));
		fflush(stdout);
	}
	return 0;
}
