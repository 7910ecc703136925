// SPDX-License-Identifier: GPL-2.0
/*
 * Many processes and threads hammer one hash map for a bounded time, then
 * the map must hold exactly the keys and values the workers left in it.
 *
 * Each worker owns the keys k with k % WORKERS == id, so it knows at all
 * times which of its keys must be present and with which value, and can
 * assert every single result while the others insert, replace, delete and
 * look up their own keys in the same buckets. Walker threads iterate the
 * whole map with GET_NEXT_KEY concurrently; under concurrent deletes a walk
 * may restart, so they only check that every key they get is one a worker
 * could have inserted, and that its value, if it is still there, is whole
 * and belongs to that key: every value carries its key in the low 32 bits
 * and, in the three-word runs, the complement and a copy of its first word,
 * so an element reused for another key while a reader still copies it, or
 * a value read half written, would show.
 *
 * It runs twice: with one-word values, which the map replaces in place,
 * and with three-word values, which it replaces by new elements.
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <sys/wait.h>

#include "ebpf_test.h"

#define PROCS		4
#define THREADS		4
#define WORKERS		(PROCS * THREADS)
#define KEYS		(WORKERS * 2048)
#define SECONDS		8

static int map_fd;
static time_t deadline;
/* value size in 64-bit words: 1 or 3 */
static unsigned int value_words;

struct value {
	uint64_t w[3];
};

struct worker {
	pthread_t thread;
	uint32_t id;
	int failed;
	unsigned long ops;
};

static struct value value_of(uint32_t key, uint32_t round)
{
	uint64_t w = ((uint64_t)round << 32) | key;

	return (struct value){ .w = { w, ~w, w } };
}

/* @v is a value some worker wrote for @key, not a mix of two */
static bool value_whole(const struct value *v, uint32_t key)
{
	return (uint32_t)v->w[0] == key &&
	       (value_words == 1 || (v->w[1] == ~v->w[0] && v->w[2] == v->w[0]));
}

static bool value_equal(const struct value *a, const struct value *b)
{
	return !memcmp(a, b, value_words * sizeof(uint64_t));
}

/* Record a failed check; a worker stops at the end of its current pass. */
static void worker_check(struct worker *w, bool ok, const char *what)
{
	if (ok || w->failed)
		return;
	ksft_print_msg("worker %u: %s failed\n", w->id, what);
	w->failed = 1;
}

#define WORKER_CHECK(w, cond) worker_check(w, cond, #cond)

/*
 * One round over the worker's keys: present keys are replaced with EXIST
 * and checked, then half of them deleted and re-inserted with NOEXIST.
 */
static void worker_round(struct worker *w, uint32_t round)
{
	uint32_t k;
	struct value v, out;

	for (k = w->id; k < KEYS && !w->failed; k += WORKERS) {
		v = value_of(k, round);
		WORKER_CHECK(w, map_update(map_fd, &k, &v, BPF_NOEXIST) == -EEXIST);
		WORKER_CHECK(w, map_update(map_fd, &k, &v, BPF_EXIST) == 0);
		WORKER_CHECK(w, map_lookup(map_fd, &k, &out) == 0 &&
			     value_equal(&out, &v));
		w->ops += 3;
	}
	for (k = w->id + (round % 2) * WORKERS; k < KEYS && !w->failed;
	     k += 2 * WORKERS) {
		WORKER_CHECK(w, map_delete(map_fd, &k) == 0);
		WORKER_CHECK(w, map_lookup(map_fd, &k, &out) == -ENOENT);
		WORKER_CHECK(w, map_delete(map_fd, &k) == -ENOENT);
		WORKER_CHECK(w, map_update(map_fd, &k, &v, BPF_EXIST) == -ENOENT);
		v = value_of(k, round);
		WORKER_CHECK(w, map_update(map_fd, &k, &v, BPF_NOEXIST) == 0);
		w->ops += 5;
	}
}

static void worker_run(struct worker *w)
{
	uint32_t round = 1, k;
	struct value v;

	for (k = w->id; k < KEYS && !w->failed; k += WORKERS) {
		v = value_of(k, 0);
		WORKER_CHECK(w, map_update(map_fd, &k, &v, BPF_NOEXIST) == 0);
	}
	while (!w->failed && time(NULL) < deadline)
		worker_round(w, round++);
	/* leave the final value known to the checker: round 0xffff */
	for (k = w->id; k < KEYS && !w->failed; k += WORKERS) {
		v = value_of(k, 0xffff);
		WORKER_CHECK(w, map_update(map_fd, &k, &v, BPF_EXIST) == 0);
	}
}

static void walker_run(struct worker *w)
{
	uint32_t key, next;
	struct value v;
	int err, found;

	while (!w->failed && time(NULL) < deadline) {
		err = map_next_key(map_fd, NULL, &next);
		while (!err && !w->failed) {
			WORKER_CHECK(w, next < KEYS);
			found = map_lookup(map_fd, &next, &v);
			WORKER_CHECK(w, found == -ENOENT ||
				     (found == 0 && value_whole(&v, next)));
			key = next;
			err = map_next_key(map_fd, &key, &next);
			w->ops += 2;
		}
		WORKER_CHECK(w, err == -ENOENT);
	}
}

static void *worker_main(void *arg)
{
	worker_run(arg);
	return NULL;
}

static void *walker_main(void *arg)
{
	walker_run(arg);
	return NULL;
}

/* One process: THREADS workers plus one walker; exit status 0 if all ok. */
static int process_main(uint32_t proc)
{
	struct worker w[THREADS + 1];
	unsigned long ops = 0;
	int i, failed = 0;

	memset(w, 0, sizeof(w));
	for (i = 0; i <= THREADS; i++) {
		w[i].id = i < THREADS ? proc * THREADS + i : 1000 + proc;
		if (pthread_create(&w[i].thread, NULL,
				   i < THREADS ? worker_main : walker_main, &w[i]))
			return 1;
	}
	for (i = 0; i <= THREADS; i++) {
		pthread_join(w[i].thread, NULL);
		failed |= w[i].failed;
		ops += w[i].ops;
	}
	ksft_print_msg("process %u: %lu map operations\n", proc, ops);
	return failed;
}

static void final_state_exact(void)
{
	unsigned char *seen = calloc(KEYS, 1);
	uint32_t key, next, count = 0, extra = KEYS;
	struct value v, want;
	int err;

	if (!EXPECT_TRUE(seen))
		return;
	for (err = map_next_key(map_fd, NULL, &next); !err;
	     err = map_next_key(map_fd, &key, &next)) {
		if (!EXPECT_TRUE(next < KEYS))
			break;
		EXPECT_EQ(seen[next], 0);
		seen[next] = 1;
		count++;
		key = next;
	}
	EXPECT_EQ(err, -ENOENT);
	EXPECT_EQ(count, KEYS);
	for (key = 0; key < KEYS; key++) {
		want = value_of(key, 0xffff);
		if (!EXPECT_EQ(map_lookup(map_fd, &key, &v), 0) ||
		    !EXPECT_TRUE(value_equal(&v, &want)))
			break;
	}
	/* the map is exactly full: one more key does not fit */
	EXPECT_EQ(map_update(map_fd, &extra, &v, BPF_NOEXIST), -E2BIG);
	free(seen);
	close(map_fd);
}

static void run_stress(unsigned int words)
{
	pid_t pids[PROCS];
	int i, status, failed = 0;

	value_words = words;
	map_fd = map_create(BPF_MAP_TYPE_HASH, 4, words * sizeof(uint64_t),
			    KEYS, 0);
	EXPECT_TRUE(map_fd >= 0);
	deadline = time(NULL) + SECONDS;
	for (i = 0; i < PROCS; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(process_main(i));
		EXPECT_TRUE(pids[i] > 0);
	}
	for (i = 0; i < PROCS; i++) {
		EXPECT_EQ(waitpid(pids[i], &status, 0), pids[i]);
		failed |= !WIFEXITED(status) || WEXITSTATUS(status);
	}
	EXPECT_EQ(failed, 0);
}

static void stress_word_values(void)
{
	run_stress(1);
}

static void stress_long_values(void)
{
	run_stress(3);
}

static const struct test_case cases[] = {
	{ "stress: 4 processes x 5 threads, 8-byte values", stress_word_values },
	{ "stress: 8-byte values: none lost, duplicated or wrong",
	  final_state_exact },
	{ "stress: 4 processes x 5 threads, 24-byte values", stress_long_values },
	{ "stress: 24-byte values: none lost, duplicated or wrong",
	  final_state_exact },
};

int main(void)
{
	run_cases(cases, ARRAY_LEN(cases));
	return 0;
}
