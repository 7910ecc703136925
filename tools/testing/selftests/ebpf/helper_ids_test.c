// SPDX-License-Identifier: GPL-2.0
/*
 * Which helpers a program may call, id by id, against mainline 6.12: one
 * program per helper id (r1-r5 zero, then the call) for a tracepoint
 * program, a socket filter and an unprivileged socket filter. A helper
 * the program type does not offer fails with EINVAL ("unknown func");
 * one it offers passes, or fails on its arguments (EACCES) or for some
 * other reason, never EINVAL with zeroed arguments.
 *
 * The sets below are what the reference kernel (mainline 6.12 with this
 * tree's config) offers, as it answered this very test. On the reference
 * kernel the answers must be exactly those sets; on ours, the sets less
 * the helpers we do not have yet (the gaps, each listed), so that a
 * helper added, or lost, on either side shows here.
 */
#include "ebpf_test.h"
#include "ebpf_asm.h"

#define MAX_ID 212	/* __BPF_FUNC_MAX_ID of 6.12 */

struct id_set {
	const char *what;
	uint32_t prog_type;
	bool unpriv;
	const int *mainline;	/* zero-terminated */
	const int *gaps;	/* of those, what we lack; zero-terminated */
};

static const int tp_mainline[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 12, 14, 15, 16, 22, 25, 27, 35, 36, 37, 42,
	45, 55, 67, 80, 87, 88, 89, 93, 94, 105, 106, 109, 112, 113, 114, 115,
	117, 118, 120, 123, 125, 130, 131, 132, 133, 134, 141, 149, 153, 154,
	156, 157, 164, 165, 169, 170, 171, 172, 173, 174, 175, 176, 177, 180,
	181, 182, 194, 195, 197, 198, 199, 200, 201, 202, 203, 208, 209, 210,
	211, 0,
};

/*
 * tail_call, perf_event_read/_output/_read_value, get_stackid/_stack,
 * current_task_under_cgroup, spin lock, task/cgroup storage, timer,
 * dynptr and kptr helpers (map types or BTF we lack), snprintf,
 * get_task_stack, snprintf_btf, per_cpu_ptr/this_cpu_ptr,
 * for_each_map_elem, task_pt_regs, trace_vprintk, find_vma, loop,
 * map_lookup_percpu_elem, user_ringbuf_drain
 */
static const int tp_gaps[] = {
	12, 22, 25, 27, 37, 55, 67, 93, 94, 141, 149, 153, 154, 156,
	157, 164, 165, 169, 170, 171, 172, 175, 177, 180, 181, 194,
	195, 197, 198, 199, 200, 201, 202, 203, 209, 210, 211, 0,
};

static const int sk_mainline[] = {
	1, 2, 3, 5, 6, 7, 8, 12, 14, 25, 26, 35, 42, 46, 47, 68, 80, 87, 88,
	89, 93, 94, 105, 106, 112, 113, 114, 115, 118, 120, 123, 125, 130,
	131, 132, 133, 134, 136, 137, 138, 139, 140, 149, 153, 154, 160, 164,
	165, 169, 170, 171, 172, 175, 177, 178, 181, 182, 194, 195, 196, 197,
	198, 199, 200, 201, 202, 203, 208, 209, 210, 211, 0,
};

/*
 * As for tracepoints, and the socket-lookup and socket-cast helpers
 * (136-140, 178, 196: sk_lookup_tcp/udp, sk_release, skc_lookup_tcp,
 * the bpf_sock casts), which need socket pointer types we lack
 */
static const int sk_gaps[] = {
	12, 25, 93, 94, 136, 137, 138, 139, 140, 149, 153, 154, 164,
	165, 169, 170, 171, 172, 175, 177, 178, 181, 194, 195, 196,
	197, 198, 199, 200, 201, 202, 203, 209, 210, 211, 0,
};

static const int sk_unpriv_mainline[] = {
	1, 2, 3, 5, 7, 8, 12, 14, 25, 26, 42, 46, 47, 68, 87, 88, 89, 105,
	106, 120, 125, 130, 131, 132, 133, 134, 160, 182, 195, 208, 0,
};

static const int sk_unpriv_gaps[] = {
	12, 25, 195, 0,
};

static const struct id_set sets[] = {
	{ "tracepoint", BPF_PROG_TYPE_TRACEPOINT, false, tp_mainline, tp_gaps },
	{ "socket filter", BPF_PROG_TYPE_SOCKET_FILTER, false, sk_mainline,
	  sk_gaps },
	{ "unprivileged socket filter", BPF_PROG_TYPE_SOCKET_FILTER, true,
	  sk_unpriv_mainline, sk_unpriv_gaps },
};

static bool in(const int *list, int id)
{
	for (; *list; list++)
		if (*list == id)
			return true;
	return false;
}

/* Does a program of @type calling helper @id load, or fail but on EINVAL? */
static bool offered(uint32_t type, bool unpriv, int id)
{
	struct bpf_insn p[] = {
		I_MOV64_IMM(1, 0), I_MOV64_IMM(2, 0), I_MOV64_IMM(3, 0),
		I_MOV64_IMM(4, 0), I_MOV64_IMM(5, 0), I_CALL(id),
		I_MOV64_IMM(0, 0), I_EXIT(),
	};
	int fd;

	if (unpriv && !caps_effective(false))
		ksft_exit_fail_msg("capset: %s\n", strerror(errno));
	fd = prog_load(type, p, ARRAY_LEN(p));
	if (unpriv && !caps_effective(true))
		ksft_exit_fail_msg("capset: %s\n", strerror(errno));
	if (fd >= 0)
		close(fd);
	return fd != -EINVAL;
}

static void check_set(const struct id_set *s)
{
	bool ref = kernel_is_reference(), want, got;
	int id, old = read_unpriv_sysctl();

	if (s->unpriv && !EXPECT_TRUE(write_unpriv_sysctl(0)))
		return;
	for (id = 1; id < MAX_ID; id++) {
		want = in(s->mainline, id) && (ref || !in(s->gaps, id));
		got = offered(s->prog_type, s->unpriv, id);
		if (got != want) {
			ksft_print_msg("%s: helper %d %s\n", s->what, id,
				       got ? "offered, but not on the list" :
				       "listed, but not offered");
			ebpf_case_failed = true;
		}
	}
	if (s->unpriv)
		write_unpriv_sysctl(old);
}

static unsigned int set_index;

static void next_set(void)
{
	check_set(&sets[set_index++]);
}

int main(void)
{
	struct test_case cases[ARRAY_LEN(sets)];
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(sets); i++)
		cases[i] = (struct test_case){ sets[i].what, next_set };
	run_cases(cases, ARRAY_LEN(cases));
	return 0;
}
