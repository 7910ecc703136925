// SPDX-License-Identifier: GPL-2.0
/*
 * Tracepoint programs as trace event filters, through tracefs, the 2014
 * proposal's interface: "bpf_<fd>" written into an event's filter file.
 * With task/task_rename enabled, each prctl(PR_SET_NAME) of this thread
 * puts one record in the trace buffer unless the filter discards it; the
 * program counts the hits in a map and its verdict decides (0 discards).
 * The filter file shows the program, "0" detaches it, a string filter
 * replaces it and the other way round, and each bad write fails with its
 * errno and a line in the error log, leaving the old filter. This is our
 * interface, not mainline's: on the reference kernel the test skips.
 */
#include <fcntl.h>

#include "tp_test.h"

#define HITS 20
#define NAME "ebpf-fs"
#define TRACING "/sys/kernel/tracing"

/* The filter file's first line, without the newline */
static void read_filter(char *buf, size_t size)
{
	FILE *f = fopen(EVENT_DIR "/filter", "r");

	buf[0] = 0;
	if (f) {
		if (!fgets(buf, size, f))
			buf[0] = 0;
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = 0;
}

static int set_filter(const char *text)
{
	int err;

	write_file(EVENT_DIR "/filter", text, &err);
	return err;
}

static int set_filter_fd(int fd)
{
	char text[32];

	snprintf(text, sizeof(text), "bpf_%d", fd);
	return set_filter(text);
}

/*
 * How often @text occurs in the first 256 KiB of a file. tracefs hands
 * out a page per read(), so read until the end.
 */
static int count_in(const char *path, const char *text)
{
	static char buf[1 << 18];
	int fd = open(path, O_RDONLY), n = 0;
	size_t len = 0;
	ssize_t got = 0;
	char *p;

	if (fd < 0)
		return -1;
	while (len < sizeof(buf) - 1) {
		got = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (got <= 0)
			break;
		len += got;
	}
	close(fd);
	if (got < 0)
		return -1;
	buf[len] = 0;
	for (p = strstr(buf, text); p; p = strstr(p + 1, text))
		n++;
	return n;
}

/* The records of this test's renames now in the trace buffer */
static int records(void)
{
	return count_in(TRACING "/trace", "newcomm=" NAME " ");
}

/* The event on, its filter off, the buffer and the error log empty */
static bool fresh_event(void)
{
	int err;

	return set_filter("0") == 0 &&
	       write_file(TRACING "/trace", "", &err) &&
	       write_file(TRACING "/error_log", "", &err) &&
	       write_file(EVENT_DIR "/enable", "1", &err);
}

static void event_off(void)
{
	int err;

	set_filter("0");
	write_file(EVENT_DIR "/enable", "0", &err);
}

/* prog_count() under a name, which the filter file then shows */
static int prog_named(int map, int verdict, const char *name)
{
	int fd;

	tp_prog_name = name;
	fd = prog_count(map, verdict);
	tp_prog_name = NULL;
	return fd;
}

/*
 * For each verdict, the program runs on every hit and the buffer gets
 * the hits it keeps: all for a non-zero verdict, none for 0.
 */
static void verdict_decides_what_the_buffer_gets(void)
{
	static const int verdicts[] = { 1, 0, 2, -1 };
	unsigned int i;
	int map, prog;

	for (i = 0; i < ARRAY_LEN(verdicts); i++) {
		map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0);
		prog = map >= 0 ? prog_count(map, verdicts[i]) : -1;
		if (EXPECT_TRUE(map >= 0 && prog >= 0) &&
		    EXPECT_TRUE(fresh_event()) &&
		    EXPECT_EQ(set_filter_fd(prog), 0)) {
			rename_to(NAME, HITS);
			if (!EXPECT_EQ(value(map, 0), HITS) ||
			    !EXPECT_EQ(records(), verdicts[i] ? HITS : 0))
				ksft_print_msg("verdict %d\n", verdicts[i]);
		}
		event_off();
		if (prog >= 0)
			close(prog);
		if (map >= 0)
			close(map);
	}
}

/*
 * The filter file shows the program by name; the filter holds it after
 * its fd is closed; "0" detaches it and every hit is recorded again.
 */
static void filter_file_shows_and_holds_the_program(void)
{
	int map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0);
	int prog = map >= 0 ? prog_count(map, 0) : -1;
	int named = prog_named(map, 1, "tp_filter");
	char text[128];

	if (!EXPECT_TRUE(map >= 0 && prog >= 0 && named >= 0) ||
	    !EXPECT_TRUE(fresh_event()))
		goto out;
	if (EXPECT_EQ(set_filter_fd(named), 0)) {
		read_filter(text, sizeof(text));
		EXPECT_EQ(strcmp(text, "bpf_tp_filter"), 0);
	}
	if (!EXPECT_EQ(set_filter_fd(prog), 0))
		goto out;
	close(prog);
	prog = -1;
	rename_to(NAME, HITS);
	EXPECT_EQ(value(map, 0), HITS);
	EXPECT_EQ(records(), 0);
	EXPECT_EQ(set_filter("0"), 0);
	read_filter(text, sizeof(text));
	EXPECT_EQ(strcmp(text, "none"), 0);
	rename_to(NAME, HITS);
	EXPECT_EQ(value(map, 0), HITS);
	EXPECT_EQ(records(), HITS);
out:
	event_off();
	if (named >= 0)
		close(named);
	if (prog >= 0)
		close(prog);
	if (map >= 0)
		close(map);
}

/* A string filter gives way to a program, and a program to one. */
static void string_filters_and_programs_replace_each_other(void)
{
	int map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0);
	int prog = map >= 0 ? prog_count(map, 1) : -1;
	char text[128];

	if (!EXPECT_TRUE(map >= 0 && prog >= 0) ||
	    !EXPECT_TRUE(fresh_event()) ||
	    !EXPECT_EQ(set_filter("pid == 1"), 0))
		goto out;
	rename_to(NAME, HITS);
	EXPECT_EQ(records(), 0);
	EXPECT_EQ(set_filter_fd(prog), 0);
	rename_to(NAME, HITS);
	EXPECT_EQ(value(map, 0), HITS);
	EXPECT_EQ(records(), HITS);
	EXPECT_EQ(set_filter("pid != 0"), 0);
	read_filter(text, sizeof(text));
	EXPECT_EQ(strcmp(text, "pid != 0"), 0);
	rename_to(NAME, HITS);
	EXPECT_EQ(value(map, 0), HITS);
	EXPECT_EQ(records(), 2 * HITS);
out:
	event_off();
	if (prog >= 0)
		close(prog);
	if (map >= 0)
		close(map);
}

enum bad_kind { BAD_TEXT, BAD_CLOSED, BAD_MAP, BAD_SOCKET, BAD_PAST };

static const struct {
	const char *name;
	enum bad_kind kind;
	const char *text;
	int err;
} bad_cases[] = {
	{ "not a number", BAD_TEXT, "bpf_abc", -EINVAL },
	{ "no number", BAD_TEXT, "bpf_", -EINVAL },
	{ "a negative number", BAD_TEXT, "bpf_-1", -EINVAL },
	{ "a number past u32", BAD_TEXT, "bpf_4294967296", -EINVAL },
	{ "a closed fd", BAD_CLOSED, NULL, -EBADF },
	{ "a map fd", BAD_MAP, NULL, -EINVAL },
	{ "a socket filter", BAD_SOCKET, NULL, -EINVAL },
	{ "a program reading past the record", BAD_PAST, NULL, -EACCES },
};

/* The fd a bad case writes; -1 when it writes its text as it is */
static int bad_fd(enum bad_kind kind)
{
	struct bpf_insn ret1[] = { I_MOV64_IMM(0, 1), I_EXIT() };
	struct bpf_insn past[] = {
		I_LDX(BPF_DW, 0, 1, (record_end + 7) / 8 * 8 - 8),
		I_MOV64_IMM(0, 1), I_EXIT(),
	};
	int fd;

	switch (kind) {
	case BAD_CLOSED:
		/* not a freed number: opening the filter file would reuse it */
		for (fd = 1000; fcntl(fd, F_GETFD) != -1; fd++)
			;
		return fd;
	case BAD_MAP:
		return map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	case BAD_SOCKET:
		return prog_load(BPF_PROG_TYPE_SOCKET_FILTER, ret1, 2);
	case BAD_PAST:
		return prog_load(BPF_PROG_TYPE_TRACEPOINT, past, 3);
	default:
		return -1;
	}
}

/*
 * Each bad write fails with its errno and a line in the error log; the
 * program that was the filter stays, and keeps filtering.
 */
static void bad_writes_keep_the_filter(void)
{
	int map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0);
	int keep = prog_named(map, 1, "tp_keep"), fd, err, before;
	char text[128];
	unsigned int i;

	if (!EXPECT_TRUE(map >= 0 && keep >= 0) ||
	    !EXPECT_TRUE(fresh_event()) ||
	    !EXPECT_EQ(set_filter_fd(keep), 0))
		goto out;
	for (i = 0; i < ARRAY_LEN(bad_cases); i++) {
		fd = bad_fd(bad_cases[i].kind);
		before = count_in(TRACING "/error_log", "event filter");
		if (bad_cases[i].text)
			err = set_filter(bad_cases[i].text);
		else
			err = set_filter_fd(fd);
		if (!EXPECT_EQ(err, bad_cases[i].err))
			ksft_print_msg("case: %s\n", bad_cases[i].name);
		EXPECT_EQ(count_in(TRACING "/error_log", "event filter"),
			  before + 1);
		read_filter(text, sizeof(text));
		EXPECT_EQ(strcmp(text, "bpf_tp_keep"), 0);
		if (fd >= 0 && bad_cases[i].kind != BAD_CLOSED)
			close(fd);
	}
	/* the kept program still decides: it returns 1 */
	rename_to(NAME, HITS);
	EXPECT_EQ(records(), HITS);
out:
	event_off();
	if (keep >= 0)
		close(keep);
	if (map >= 0)
		close(map);
}

static const struct test_case cases[] = {
	{ "tracefs: the verdict decides what the buffer gets",
	  verdict_decides_what_the_buffer_gets },
	{ "tracefs: the filter file shows and holds the program",
	  filter_file_shows_and_holds_the_program },
	{ "tracefs: string filters and programs replace each other",
	  string_filters_and_programs_replace_each_other },
	{ "tracefs: bad writes fail and keep the filter",
	  bad_writes_keep_the_filter },
};

int main(void)
{
	if (access("/proc/sys/kernel/ebpf_jit_enable", F_OK))
		ksft_exit_skip("bpf_<fd> filters are this kernel's interface\n");
	if (!read_event())
		ksft_exit_skip("no %s in tracefs\n", EVENT_DIR);
	run_cases(cases, ARRAY_LEN(cases));
	return 0;
}
