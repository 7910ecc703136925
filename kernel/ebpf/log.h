/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verifier's log, written into the caller's buffer line by line as it
 * is made: only one line (EBPF_LOG_LINE bytes, longer ones are cut) is
 * ever held here, so the caller's log_size costs no kernel memory.
 *
 * The buffer keeps what fits of the whole log. By default that is its
 * end (the rejection and what led to it): the buffer is used as a ring
 * and put back in order at the end. With BPF_LOG_FIXED it is the start.
 * Either way the text is NUL-terminated and the whole log's length, with
 * its NUL, is known, so that a caller can retry with a buffer that fits.
 */
#ifndef _EBPF_LOG_H
#define _EBPF_LOG_H

#include "core.h"

#define EBPF_LOG_LINE	1024

struct ebpf_log {
	u32 level;		/* 0: nothing is logged */
	bool fixed;		/* keep the log's start, not its end */
	char *buf;		/* the caller's buffer; NULL: count only */
	u32 size;		/* its bytes, the NUL included */
	/*
	 * Copy into / out of @buf at byte @at: user memory in the kernel,
	 * 0 or -EFAULT. NULL: @buf is plain memory.
	 */
	int (*put)(char *buf, u32 at, const void *src, u32 len);
	int (*get)(const char *buf, u32 at, void *dst, u32 len);
	/* private */
	u64 end;		/* bytes logged so far */
	int err;		/* the first failed copy */
	char line[EBPF_LOG_LINE];
};

/* Append a formatted line (or part of one) to @log. */
__printf(2, 0) void ebpf_log_vprintf(struct ebpf_log *log, const char *fmt,
				     va_list ap);

/*
 * NUL-terminate the buffer's text, in order. *@true_size gets the whole
 * log's size with its NUL (0 at level 0). Returns 0, -ENOSPC when the
 * buffer was too small for it, or -EFAULT when a copy failed.
 */
int ebpf_log_finish(struct ebpf_log *log, u32 *true_size);

#endif /* _EBPF_LOG_H */
