// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's log in the caller's buffer (kernel/ebpf/log.c) against a
 * model: the whole log kept in one string here, the buffer then holding
 * its last size - 1 bytes (by default) or its first (BPF_LOG_FIXED),
 * NUL-terminated, the true size being the whole log's with its NUL, and
 * -ENOSPC exactly when that does not fit. Random line lengths (up to past
 * the line limit, which cuts a line) and buffer sizes from 1 byte to
 * several times the log, with the buffer reached only through put/get
 * callbacks that check every access stays inside it; a callback failing
 * makes the log -EFAULT. The bytes after the NUL are not checked, but
 * nothing is written outside the buffer.
 */
#include "shim/core.h"
#include "../../../kernel/ebpf/log.c"

#include <stdio.h>

#define MAX_LOG		(64 * 1024)
#define GUARD		64

static char area[GUARD + MAX_LOG + GUARD];
static u32 area_size;
static int fail_after = -1;	/* copies before one fails; -1 never */
static bool out_of_bounds;

static bool copy_ok(u32 at, u32 len)
{
	if (at > area_size || len > area_size - at)
		out_of_bounds = true;
	return !out_of_bounds && fail_after-- != 0;
}

static int put(char *buf, u32 at, const void *src, u32 len)
{
	if (!copy_ok(at, len))
		return -EFAULT;
	memcpy(buf + at, src, len);
	return 0;
}

static int get(const char *buf, u32 at, void *dst, u32 len)
{
	if (!copy_ok(at, len))
		return -EFAULT;
	memcpy(dst, buf + at, len);
	return 0;
}

static u32 rnd_state = 2463534242u;

static u32 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static __printf(2, 3) void log_line(struct ebpf_log *log, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ebpf_log_vprintf(log, fmt, ap);
	va_end(ap);
}

/* One log of @lines random lines into a buffer of @size; false on a miss. */
static bool one_log(u32 size, bool fixed, u32 lines, u32 seed)
{
	static char model[MAX_LOG * 4], text[EBPF_LOG_LINE * 2];
	struct ebpf_log *log = calloc(1, sizeof(*log));
	u32 i, n, len = 0, true_size, keep, want_size;
	const char *want;
	int err, want_err;
	bool ok;

	rnd_state = seed;
	area_size = size;
	out_of_bounds = false;
	memset(area, 0x5a, sizeof(area));
	log->level = 1;
	log->fixed = fixed;
	log->buf = size ? area + GUARD : NULL;
	log->size = size;
	log->put = put;
	log->get = get;
	for (i = 0; i < lines && len < sizeof(model) - sizeof(text); i++) {
		n = rnd() % (i % 7 ? 80 : EBPF_LOG_LINE + 200);
		memset(text, 'a' + i % 26, n);
		text[n] = 0;
		if (n)
			text[n - 1] = '\n';
		log_line(log, "%u:%s", i, text);
		/* what vsnprintf makes of it, cut at the line limit */
		n = snprintf(model + len, EBPF_LOG_LINE, "%u:%s", i, text);
		len += min_t(u32, n, EBPF_LOG_LINE - 1);
	}
	model[len] = 0;
	err = ebpf_log_finish(log, &true_size);
	free(log);

	want_size = len + 1;
	want_err = size && want_size > size ? -ENOSPC : 0;
	keep = size ? min(len, size - 1) : 0;
	want = fixed ? model : model + len - keep;
	ok = !out_of_bounds && err == want_err && true_size == want_size &&
	     (!size || (!memcmp(area + GUARD, want, keep) &&
			!area[GUARD + keep]));
	for (i = 0; i < GUARD; i++)
		ok &= area[i] == 0x5a && area[GUARD + size + i] == 0x5a;
	if (!ok)
		printf("# size %u %s, %u lines (%u bytes): err %d (want %d), size %u (want %u)%s\n",
		       size, fixed ? "fixed" : "rotating", lines, len, err,
		       want_err, true_size, want_size,
		       out_of_bounds ? ", out of bounds" : "");
	return ok;
}

/* The length of the log one_log() makes of @lines lines from @seed */
static u32 log_length(u32 lines, u32 seed)
{
	struct ebpf_log *log = calloc(1, sizeof(*log));
	u32 i, n, true_size;
	char text[EBPF_LOG_LINE * 2];

	rnd_state = seed;
	log->level = 1;
	for (i = 0; i < lines; i++) {
		n = rnd() % (i % 7 ? 80 : EBPF_LOG_LINE + 200);
		memset(text, 'a' + i % 26, n);
		text[n] = 0;
		if (n)
			text[n - 1] = '\n';
		log_line(log, "%u:%s", i, text);
	}
	ebpf_log_finish(log, &true_size);
	free(log);
	return true_size - 1;
}

/* Every size around the log's own and a spread of others, both modes. */
static u32 test_against_model(u32 *n)
{
	static const u32 lines[] = { 0, 1, 3, 17, 100 };
	u32 bad = 0, l, s, size, len, fixed, seed;

	for (l = 0; l < ARRAY_SIZE(lines); l++) {
		for (s = 0; s < 200; s++) {
			seed = l * 1000 + s + 1;
			len = log_length(lines[l], seed);
			/* the log's own size -2..+3, small ones, any */
			size = s < 6 ? (len + s >= 2 ? len + s - 2 : 0) :
			       s < 40 ? s - 6 :
			       s < 120 ? rnd() % 4096 : rnd() % MAX_LOG;
			for (fixed = 0; fixed <= 1; fixed++) {
				(*n)++;
				bad += !one_log(size, fixed, lines[l], seed);
			}
		}
	}
	return bad;
}

/* A copy that fails anywhere, in the lines or in the rotation: -EFAULT. */
static u32 test_faults(u32 *n)
{
	struct ebpf_log *log = calloc(1, sizeof(*log));
	u32 bad = 0, k, true_size;
	int err;

	for (k = 0; k < 40; k++) {
		memset(log, 0, sizeof(*log));
		area_size = 100;
		out_of_bounds = false;
		fail_after = k;
		log->level = 2;
		log->buf = area + GUARD;
		log->size = 100;
		log->put = put;
		log->get = get;
		/* 300 bytes into 100: a rotation of a few copies */
		while (log->end < 300)
			log_line(log, "line %llu of the log\n",
				 (unsigned long long)log->end);
		err = ebpf_log_finish(log, &true_size);
		(*n)++;
		/* copy k failed, or the log needed fewer: it did not fit */
		if (err != (fail_after < 0 ? -EFAULT : -ENOSPC)) {
			printf("# copy %u to fail, the log said %d\n", k, err);
			bad++;
		}
	}
	fail_after = -1;
	free(log);
	return bad;
}

int main(void)
{
	u32 n = 0, bad, tap = 0, failed = 0;

	printf("TAP version 13\n1..2\n");
	bad = test_against_model(&n);
	printf("%s %u log: the buffer keeps the model's end or start (%u logs, %u differ)\n",
	       bad ? "not ok" : "ok", ++tap, n, bad);
	failed += !!bad;
	n = 0;
	bad = test_faults(&n);
	printf("%s %u log: a failed copy makes the log -EFAULT (%u logs, %u wrong)\n",
	       bad ? "not ok" : "ok", ++tap, n, bad);
	failed += !!bad;
	printf("# %u passed, %u failed\n", tap - failed, failed);
	return failed ? 1 : 0;
}
