// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier table (vt.h, vt_*.h) through bpf(2): each case is loaded
 * privileged and, for socket filters, unprivileged (effective capabilities
 * cleared, unprivileged_bpf_disabled = 0), and an accepted socket filter
 * is run once with BPF_PROG_TEST_RUN. One KTAP line per case. Whether
 * unprivileged loads get the Spectre rules depends on the kernel's CPU
 * mitigations (spectre_rules_apply()); on the test kernels they do.
 *
 * The kernel command line says which kernel this is (ebpf.flavour=ours or
 * ebpf.flavour=reference). The reference kernel's messages are not ours,
 * so there only the result, errno and retval are compared, and cases
 * where mainline is known to differ use the reference results they carry.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>

#include "ebpf_test.h"
#include "vt.h"
#include "vt_maps.h"

static const struct vt_case vt_cases[] = {
#include "vt_cfg.h"
#include "vt_alu.h"
#include "vt_jmp.h"
#include "vt_map.h"
#include "vt_mapflags.h"
#include "vt_global.h"
#include "vt_stack.h"
#include "vt_ctx.h"
#include "vt_helpers.h"
#include "vt_strings.h"
#include "vt_ringbuf.h"
#include "vt_unpriv.h"
#include "vt_regress.h"
#include "vt_hardening.h"
#include "vt_spectre.h"
#include "vt_misc.h"
#include "vt_big.h"
};

#define LOG_SIZE	(64 * 1024)

static char vt_log[LOG_SIZE];
static bool on_reference;
/* unprivileged loads get the Spectre rules (vt_expect(VT_SPECTRE)) */
static bool spectre;

/* the first failure of the running case, and the log that goes with it */
static char why[512];
static char why_log[LOG_SIZE];

static const char *errname(int err)
{
	static char buf[16];

	switch (err) {
	case 0:		return "0";
	case EPERM:	return "EPERM";
	case EBADF:	return "EBADF";
	case ENOMEM:	return "ENOMEM";
	case EACCES:	return "EACCES";
	case EFAULT:	return "EFAULT";
	case EINVAL:	return "EINVAL";
	case E2BIG:	return "E2BIG";
	case ENOSPC:	return "ENOSPC";
	case EAGAIN:	return "EAGAIN";
	}
	snprintf(buf, sizeof(buf), "errno %d", err);
	return buf;
}

static __printf(2, 3) void fail(const char *log, const char *fmt, ...)
{
	va_list ap;

	if (why[0])
		return;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(why_log, sizeof(why_log), "%s", log ? log : "");
}

/* Load; returns the fd or -errno, the log in vt_log. */
static int vt_load(const struct vt_case *c, const struct bpf_insn *insns,
		   uint32_t n)
{
	union bpf_attr attr;
	int tries = 0;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = vt_prog_type(c);
	attr.insns = PTR(insns);
	attr.insn_cnt = n;
	attr.license = PTR(vt_license(c));
	attr.prog_flags = c->prog_flags;
	attr.log_level = 1;
	attr.log_size = sizeof(vt_log);
	attr.log_buf = PTR(vt_log);
	vt_log[0] = 0;
	do {
		fd = sys_bpf(BPF_PROG_LOAD, &attr);
	} while (fd == -EAGAIN && ++tries < 5);
	if (fd == -ENOSPC) {
		/* the log did not fit a program that verified: load it without */
		attr.log_level = 0;
		attr.log_size = 0;
		attr.log_buf = 0;
		fd = sys_bpf(BPF_PROG_LOAD, &attr);
	}
	return fd;
}

/* One run on vt_packet; 0 or -errno. */
static int vt_run(int prog_fd, uint32_t *retval)
{
	uint8_t out[VT_PACKET_LEN + 256];
	struct test_run t = {
		.in = vt_packet, .in_size = sizeof(vt_packet),
		.out = out, .out_size = sizeof(out), .repeat = 1,
	};
	int err = prog_test_run(prog_fd, &t);

	*retval = t.retval;
	return err;
}

/* Load once and compare with @e; run it if @e says so. */
static void check_load(const struct vt_case *c, const struct bpf_insn *insns,
		       uint32_t n, bool unpriv, const struct vt_expect *e)
{
	const char *who = unpriv ? "unprivileged" : "privileged";
	uint32_t retval;
	int fd, err;

	if (unpriv && !caps_effective(false)) {
		fail(NULL, "%s: cannot drop capabilities: %s", who,
		     strerror(errno));
		return;
	}
	fd = vt_load(c, insns, n);
	if (unpriv && !caps_effective(true))
		ksft_exit_fail_msg("cannot restore capabilities: %s\n",
				   strerror(errno));

	if (fd >= 0 && e->result != VT_ACCEPT) {
		fail(vt_log, "%s: expected reject %s, got accept", who,
		     errname(e->err));
	} else if (fd < 0 && e->result == VT_ACCEPT) {
		fail(vt_log, "%s: expected accept, got reject %s", who,
		     errname(-fd));
	} else if (fd < 0 && -fd != e->err) {
		fail(vt_log, "%s: expected reject %s, got reject %s", who,
		     errname(e->err), errname(-fd));
	} else if (fd < 0 && e->errstr && !strstr(vt_log, e->errstr)) {
		fail(vt_log, "%s: rejected (%s) but the log lacks '%s'", who,
		     errname(-fd), e->errstr);
	}
	if (fd < 0)
		return;
	if (e->run) {
		err = vt_run(fd, &retval);
		if (err)
			fail(NULL, "%s: TEST_RUN failed: %s", who,
			     errname(-err));
		else if (retval != e->retval)
			fail(NULL, "%s: retval expected %#x, got %#x", who,
			     e->retval, retval);
	}
	close(fd);
}

/* The last lines of a log, each as a KTAP diagnostic. */
static void print_log_tail(const char *log, int lines)
{
	const char *p = log + strlen(log);
	const char *end;

	while (p > log && p[-1] == '\n')
		p--;
	end = p;
	while (p > log && lines) {
		p--;
		if (*p == '\n')
			lines--;
	}
	if (*p == '\n')
		p++;
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		int len = nl ? nl - p : end - p;

		ksft_print_msg("  log: %.*s\n", len > 200 ? 200 : len, p);
		p += len + 1;
	}
}

static void run_case(const struct vt_case *c)
{
	uint32_t n = vt_len(c);
	struct bpf_insn *insns;
	struct vt_maps maps;
	struct vt_expect e;
	const char *err;

	why[0] = 0;
	insns = calloc(n ? n : 1, sizeof(*insns));
	if (!insns)
		ksft_exit_fail_msg("out of memory\n");
	if (c->gen)
		c->gen(insns, n);
	else
		memcpy(insns, c->insns, n * sizeof(*insns));

	err = vt_maps_create(c, insns, n, &maps);
	if (err)
		fail(NULL, "%s: %s", err, strerror(errno));

	if (!why[0]) {
		e = vt_expect(c, false, on_reference);
		check_load(c, insns, n, false, &e);
	}
	if (!why[0] && vt_is_socket_filter(c) &&
	    !(c->flags & VT_PRIV_ONLY)) {
		e = vt_expect(c, spectre ? VT_SPECTRE : 1, on_reference);
		check_load(c, insns, n, true, &e);
	}

	vt_maps_close(&maps);
	free(insns);

	if (why[0]) {
		ksft_print_msg("%s: %s\n", c->name, why);
		print_log_tail(why_log, 4);
		ksft_test_result_fail("%s\n", c->name);
	} else if (c->differs && on_reference) {
		ksft_test_result_pass("%s (reference differs: %s)\n", c->name,
				      c->differs);
	} else {
		ksft_test_result_pass("%s\n", c->name);
	}
}

int main(void)
{
	unsigned int i, n = ARRAY_LEN(vt_cases);
	int old_unpriv;

	on_reference = kernel_is_reference();
	spectre = spectre_rules_apply();
	ksft_print_header();
	ksft_set_plan(n);
	ksft_print_msg("%u cases on the %s kernel, %s the Spectre rules for unprivileged loads\n",
		       n, on_reference ? "reference" : "our",
		       spectre ? "with" : "without");

	/* every case loads unprivileged too: no way to do that is a failure */
	old_unpriv = read_unpriv_sysctl();
	if (old_unpriv < 0 || (old_unpriv > 0 && !write_unpriv_sysctl(0)))
		ksft_exit_fail_msg("cannot set %s to 0\n", UNPRIV_SYSCTL);

	for (i = 0; i < n; i++)
		run_case(&vt_cases[i]);

	if (old_unpriv > 0)
		write_unpriv_sysctl(old_unpriv);
	ksft_finished();
}
