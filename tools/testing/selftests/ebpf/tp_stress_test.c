// SPDX-License-Identifier: GPL-2.0
/*
 * Attaching and detaching while the event fires: two threads rename
 * themselves in a loop (task/task_rename, on both CPUs) while the main
 * thread, for a bounded time, attaches counting programs to perf events
 * of the event and detaches them by closing the events, closes program
 * fds while they are attached, and (on our kernel) swaps bpf_<fd> filters
 * in the event's tracefs filter file. A program counts only what it saw:
 * at least the main thread's own hit of each step, never more than the
 * hits; afterwards no program is left behind: a new
 * perf event records every hit, the filter file says none. KASAN,
 * lockdep and kmemleak watch the rest.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "tp_test.h"

#define SECONDS 3
#define TRIGGERS 2

static atomic_bool done;
static atomic_long hits;

/* Rename this thread until done; count the renames. */
static void *trigger(void *arg)
{
	(void)arg;
	while (!atomic_load(&done)) {
		prctl(PR_SET_NAME, "ebpf-stress", 0, 0, 0);
		atomic_fetch_add(&hits, 1);
	}
	return NULL;
}

static void event_enable(const char *on)
{
	int fd = open(EVENT_DIR "/enable", O_WRONLY | O_TRUNC);

	if (fd >= 0) {
		if (write(fd, on, 1) != 1)
			ksft_print_msg("enable: %s\n", strerror(errno));
		close(fd);
	}
}

static bool tracefs_filter(int prog)
{
	char text[32];
	int fd = open(EVENT_DIR "/filter", O_WRONLY | O_TRUNC);
	bool ok;

	if (fd < 0)
		return false;
	if (prog >= 0)
		snprintf(text, sizeof(text), "bpf_%d", prog);
	else
		snprintf(text, sizeof(text), "0");
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void attach_detach_while_firing(void)
{
	bool ours = !access("/proc/sys/kernel/ebpf_jit_enable", F_OK);
	int map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	long steps = 0, failed = 0, seen, total;
	pthread_t t[TRIGGERS];
	double end = now() + SECONDS;
	int i, prog, perf, plain;
	char line[64] = "";
	FILE *f;

	if (!EXPECT_TRUE(map >= 0))
		return;
	/* on our kernel the tracefs filters run too */
	if (ours)
		event_enable("1");
	for (i = 0; i < TRIGGERS; i++)
		pthread_create(&t[i], NULL, trigger, NULL);
	while (now() < end) {
		prog = prog_count_every(map, 1);
		perf = perf_open();
		if (prog < 0 || perf < 0 || set_bpf(perf, prog))
			failed++;
		/* one hit of our own while attached: each step counts one */
		prctl(PR_SET_NAME, "ebpf-stress", 0, 0, 0);
		atomic_fetch_add(&hits, 1);
		/* the fd goes while the program runs: the event holds it */
		if (prog >= 0 && (steps & 1)) {
			close(prog);
			prog = -1;
		}
		if (ours && prog >= 0 && !tracefs_filter(prog))
			failed++;
		if (ours && (steps & 2))
			tracefs_filter(-1);
		if (perf >= 0)
			close(perf);
		if (prog >= 0)
			close(prog);
		steps++;
	}
	atomic_store(&done, true);
	for (i = 0; i < TRIGGERS; i++)
		pthread_join(t[i], NULL);
	if (ours) {
		EXPECT_TRUE(tracefs_filter(-1));
		event_enable("0");
	}
	seen = value(map, 0);
	total = atomic_load(&hits);
	ksft_print_msg("%ld steps, %ld failed; %ld hits, programs saw %ld\n",
		       steps, failed, total, seen);
	EXPECT_EQ(failed, 0);
	EXPECT_TRUE(steps > 10);
	EXPECT_TRUE(seen >= steps && seen <= total);
	/* nothing left: a new event records every hit, the map no more */
	plain = perf_open();
	if (EXPECT_TRUE(plain >= 0)) {
		rename_to("ebpf-stress", 10);
		EXPECT_EQ(perf_count(plain), 10);
		close(plain);
	}
	EXPECT_EQ(value(map, 0), seen);
	f = fopen(EVENT_DIR "/filter", "r");
	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = 0;
		fclose(f);
	}
	EXPECT_EQ(strncmp(line, "none", 4), 0);
	close(map);
}

static const struct test_case cases[] = {
	{ "stress: attach and detach while the event fires",
	  attach_detach_while_firing },
};

int main(void)
{
	if (!read_event())
		ksft_exit_skip("no %s in tracefs\n", EVENT_DIR);
	run_cases(cases, ARRAY_LEN(cases));
	return 0;
}
