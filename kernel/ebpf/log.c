// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's log in the caller's buffer: see log.h.
 */
#include "log.h"

static void log_put(struct ebpf_log *log, u32 at, const void *src, u32 len)
{
	if (log->err || !len)
		return;
	if (!log->put)
		memcpy(log->buf + at, src, len);
	else if (log->put(log->buf, at, src, len))
		log->err = -EFAULT;
}

static void log_get(struct ebpf_log *log, u32 at, void *dst, u32 len)
{
	if (log->err || !len)
		return;
	if (!log->get)
		memcpy(dst, log->buf + at, len);
	else if (log->get(log->buf, at, dst, len))
		log->err = -EFAULT;
}

/*
 * @text (@len bytes) at the log's end. Kept from the start, the buffer
 * takes it while it has room before its last byte (the NUL's). As a ring,
 * byte n of the log goes to n % size, the last size bytes being kept; of
 * a text longer than the ring, only its end would survive.
 */
static void log_append(struct ebpf_log *log, const char *text, u32 len)
{
	u64 at = log->end;
	u32 slot, n;

	log->end += len;
	if (!log->buf)
		return;
	if (log->fixed) {
		if (at < log->size - 1) {
			n = min_t(u64, len, log->size - 1 - at);
			log_put(log, at, text, n);
		}
		return;
	}
	if (len > log->size) {
		at += len - log->size;
		text += len - log->size;
		len = log->size;
	}
	while (len) {
		div_u64_rem(at, log->size, &slot);
		n = min(len, log->size - slot);
		log_put(log, slot, text, n);
		at += n;
		text += n;
		len -= n;
	}
}

void ebpf_log_vprintf(struct ebpf_log *log, const char *fmt, va_list ap)
{
	int n;

	if (!log->level)
		return;
	n = vsnprintf(log->line, sizeof(log->line), fmt, ap);
	if (n > 0)
		log_append(log, log->line, min_t(u32, n, sizeof(log->line) - 1));
}

static void reverse(char *p, u32 n)
{
	char c;
	u32 i;

	for (i = 0; i < n / 2; i++) {
		c = p[i];
		p[i] = p[n - 1 - i];
		p[n - 1 - i] = c;
	}
}

/*
 * Reverse the buffer's bytes [a, b) in place, through the line buffer:
 * its halves take the same number of bytes from each end, swapped.
 */
static void log_reverse(struct ebpf_log *log, u32 a, u32 b)
{
	char *x = log->line, *y = log->line + EBPF_LOG_LINE / 2;
	u32 n;

	while (b - a > 1 && !log->err) {
		n = min_t(u32, (b - a) / 2, EBPF_LOG_LINE / 2);
		log_get(log, a, x, n);
		log_get(log, b - n, y, n);
		reverse(x, n);
		reverse(y, n);
		log_put(log, a, y, n);
		log_put(log, b - n, x, n);
		a += n;
		b -= n;
	}
}

int ebpf_log_finish(struct ebpf_log *log, u32 *true_size)
{
	u32 start;

	*true_size = 0;
	if (!log->level)
		return 0;
	*true_size = min_t(u64, log->end + 1, U32_MAX);
	if (!log->buf)
		return log->err;
	if (log->end < log->size) {
		log_put(log, log->end, "", 1);
		return log->err;
	}
	if (!log->fixed) {
		/* the ring's oldest kept byte to the front: rotate left */
		div_u64_rem(log->end - (log->size - 1), log->size, &start);
		log_reverse(log, 0, start);
		log_reverse(log, start, log->size);
		log_reverse(log, 0, log->size);
	}
	log_put(log, log->size - 1, "", 1);
	return log->err ?: -ENOSPC;
}
