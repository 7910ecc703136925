// SPDX-License-Identifier: GPL-2.0
/*
 * Who may load what: the same programs loaded with different effective
 * capability sets, each verdict the one mainline 6.12 gives. CAP_BPF
 * lets a task load programs and lifts the limits that only cost the
 * kernel time (4096 instructions, the CAP_BPF helpers, bounds of spilled
 * scalars); CAP_PERFMON lifts the checks that keep kernel addresses and
 * uninitialised stack from the program (pointer leaks, pointer
 * comparisons, partial copies, stack never written); CAP_SYS_ADMIN
 * implies both; CAP_PERFMON also lifts the Spectre rules, unless the
 * kernel has no CPU mitigations, when nobody gets them. Each permission
 * is separate, so a loader with CAP_PERFMON but not CAP_BPF (the sysctl
 * at 0 lets it load a socket filter) may leak a pointer but is limited
 * to 4096 instructions.
 *
 * Every load but the root one runs with only the named capabilities in
 * the effective set (the permitted set stays, so the test raises them
 * again) and with kernel.unprivileged_bpf_disabled at 0, restored to 2
 * right after.
 */
#include <stdlib.h>
#include <linux/capability.h>

#include "ebpf_test.h"
#include "ebpf_asm.h"

/* mainline's -ENOTSUPP: not in the uapi errno list */
#define ENOTSUPP 524
#define OK 0
#define SOCK BPF_PROG_TYPE_SOCKET_FILTER
#define TP BPF_PROG_TYPE_TRACEPOINT
#define CAP(c) (1ULL << (c))

/* The loaders, as effective capability sets. */
enum loader {
	ROOT,		/* every capability, sysctl as it is (2) */
	SYS_ADMIN,	/* CAP_SYS_ADMIN alone */
	BPF,		/* CAP_BPF alone */
	BPF_PERFMON,	/* CAP_BPF and CAP_PERFMON */
	PERFMON,	/* CAP_PERFMON alone */
	NONE,		/* no capability */
	NR_LOADERS,
};

static const char *const loader_name[NR_LOADERS] = {
	"root", "CAP_SYS_ADMIN", "CAP_BPF", "CAP_BPF+CAP_PERFMON",
	"CAP_PERFMON", "no capability",
};

static const unsigned long long loader_caps[NR_LOADERS] = {
	[SYS_ADMIN] = CAP(CAP_SYS_ADMIN),
	[BPF] = CAP(CAP_BPF),
	[BPF_PERFMON] = CAP(CAP_BPF) | CAP(CAP_PERFMON),
	[PERFMON] = CAP(CAP_PERFMON),
	[NONE] = 0,
};

#define MAX_INSNS 16

struct caps_case {
	const char *name;
	uint32_t prog_type;		/* 0: socket filter */
	struct bpf_insn insns[MAX_INSNS];
	uint32_t len;			/* 0: up to the last non-zero insn */
	void (*gen)(struct bpf_insn *insns, uint32_t len);
	/* per loader: OK (loads) or the errno of the refusal */
	int expect[NR_LOADERS];
	/*
	 * The refusals are Spectre rules: on a kernel without CPU
	 * mitigations (spectre_rules_apply() false) every loader loads it.
	 */
	bool spectre;
};

/* 4097 instructions: one over the limit of loaders without CAP_BPF. */
static void gen_big(struct bpf_insn *insns, uint32_t len)
{
	uint32_t i;

	for (i = 0; i < len - 1; i++)
		insns[i] = (struct bpf_insn)I_MOV64_IMM(0, 0);
	insns[len - 1] = (struct bpf_insn)I_EXIT();
}

static const struct caps_case cases[] = {
{
	.name = "return 0: everyone",
	.insns = { I_MOV64_IMM(0, 0), I_EXIT() },
	.expect = { OK, OK, OK, OK, OK, OK },
},
{
	.name = "return the frame pointer: pointer leak needs CAP_PERFMON",
	.insns = { I_MOV64_REG(0, 10), I_EXIT() },
	.expect = { OK, OK, EACCES, OK, OK, EACCES },
},
{
	.name = "read stack never written: needs CAP_PERFMON",
	.insns = { I_LDX(BPF_DW, 0, 10, -8), I_EXIT() },
	.expect = { OK, OK, EACCES, OK, OK, EACCES },
},
{
	.name = "compare two pointers: needs CAP_PERFMON",
	.insns = {
		I_MOV64_REG(2, 10),
		I_JMP_REG(BPF_JEQ, 2, 1, 0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.expect = { OK, OK, EACCES, OK, OK, EACCES },
},
{
	.name = "pointer minus pointer: needs CAP_PERFMON",
	.insns = {
		I_MOV64_REG(0, 10),
		I_ALU64_REG(BPF_SUB, 0, 1),
		I_EXIT(),
	},
	.expect = { OK, OK, EACCES, OK, OK, EACCES },
},
{
	.name = "32-bit copy of a pointer: needs CAP_PERFMON",
	.insns = {
		I_MOV32_REG(0, 10),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.expect = { OK, OK, EACCES, OK, OK, EACCES },
},
{
	.name = "overwrite half a spilled pointer: needs CAP_PERFMON",
	.insns = {
		I_STX(BPF_DW, 10, 1, -8),
		I_ST(BPF_W, 10, -8, 0),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.expect = { OK, OK, EACCES, OK, OK, EACCES },
},
{
	/*
	 * The size comes back from a spill: a constant for CAP_BPF, an
	 * unknown (unbounded) number for the others.
	 */
	.name = "helper size from a spilled constant: needs CAP_BPF",
	.insns = {
		I_MOV64_IMM(4, 8),
		I_STX(BPF_DW, 10, 4, -16),
		I_LDX(BPF_DW, 4, 10, -16),
		I_MOV64_IMM(2, 0),
		I_MOV64_REG(3, 10),
		I_ALU64_IMM(BPF_ADD, 3, -8),
		I_CALL(BPF_FUNC_skb_load_bytes),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.expect = { OK, OK, OK, OK, EACCES, EACCES },
},
{
	.name = "jiffies64, a CAP_BPF helper",
	.insns = { I_CALL(BPF_FUNC_jiffies64), I_MOV64_IMM(0, 0), I_EXIT() },
	.expect = { OK, OK, OK, OK, EINVAL, EINVAL },
},
{
	.name = "probe_read_kernel, a CAP_PERFMON helper: needs CAP_BPF too",
	.insns = {
		I_MOV64_REG(1, 10),
		I_ALU64_IMM(BPF_ADD, 1, -8),
		I_MOV64_IMM(2, 8),
		I_MOV64_IMM(3, 0),
		I_CALL(BPF_FUNC_probe_read_kernel),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.expect = { OK, OK, EINVAL, OK, EINVAL, EINVAL },
},
{
	.name = "4097 instructions: needs CAP_BPF",
	.len = 4097,
	.gen = gen_big,
	.expect = { OK, OK, OK, OK, E2BIG, E2BIG },
},
{
	.name = "a kernel function call: ENOTSUPP with CAP_BPF, EPERM without",
	.insns = {
		I_RAW(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 1),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.expect = { ENOTSUPP, ENOTSUPP, ENOTSUPP, ENOTSUPP, EPERM, EPERM },
},
{
	/* the jump's other side, walked as mispredicted, has r2 unknown */
	.name = "Spectre v1: a known jump's dead side is checked without CAP_PERFMON",
	.insns = {
		I_MOV64_IMM(2, 0),
		I_JMP_IMM(BPF_JNE, 2, 0, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
		I_MOV64_REG(1, 10),
		I_ALU64_REG(BPF_ADD, 1, 2),
		I_MOV64_IMM(0, 0),
		I_EXIT(),
	},
	.expect = { OK, OK, EINVAL, OK, OK, EINVAL },
	.spectre = true,
},
{
	.name = "Spectre v1: a context pointer moved by a register needs CAP_PERFMON",
	.insns = {
		I_MOV64_IMM(2, 0),
		I_ALU64_REG(BPF_ADD, 1, 2),
		I_LDX(BPF_W, 0, 1, 0),
		I_EXIT(),
	},
	.expect = { OK, OK, EACCES, OK, OK, EACCES },
	.spectre = true,
},
{
	.name = "a tracepoint program: needs CAP_BPF and CAP_PERFMON",
	.prog_type = TP,
	.insns = { I_MOV64_IMM(0, 1), I_EXIT() },
	.expect = { OK, OK, EPERM, OK, EPERM, EPERM },
},
};

/* loaders without CAP_PERFMON get the Spectre rules on this kernel */
static bool spectre;

/* Only @who's capabilities effective (every permitted one for ROOT). */
static bool set_effective(enum loader who)
{
	return caps_effective_mask(who == ROOT ? ~0ULL : loader_caps[who]);
}

static uint32_t case_len(const struct caps_case *c)
{
	uint32_t n = MAX_INSNS;

	if (c->len)
		return c->len;
	while (n && !c->insns[n - 1].code)
		n--;
	return n;
}

/* Load @c as @who: OK, or the errno of the refusal. */
static int load_as(const struct caps_case *c, const struct bpf_insn *insns,
		   enum loader who)
{
	int fd, err = 0;

	if (who != ROOT && !write_unpriv_sysctl(0))
		ksft_exit_fail_msg("unprivileged_bpf_disabled: %s\n",
				   strerror(errno));
	if (!set_effective(who))
		ksft_exit_fail_msg("capset: %s\n", strerror(errno));
	fd = prog_load(c->prog_type ?: SOCK, insns, case_len(c));
	if (fd < 0)
		err = -fd;
	if (!set_effective(ROOT))
		ksft_exit_fail_msg("capset: %s\n", strerror(errno));
	if (who != ROOT && !write_unpriv_sysctl(2))
		ksft_exit_fail_msg("unprivileged_bpf_disabled: %s\n",
				   strerror(errno));
	if (fd >= 0)
		close(fd);
	return err;
}

static bool run_case(const struct caps_case *c)
{
	const struct bpf_insn *insns = c->insns;
	struct bpf_insn *buf = NULL;
	bool ok = true;
	int who, got;

	if (c->gen) {
		buf = calloc(c->len, sizeof(*buf));
		if (!buf)
			ksft_exit_fail_msg("out of memory\n");
		c->gen(buf, c->len);
		insns = buf;
	}
	for (who = 0; who < NR_LOADERS; who++) {
		int want = c->spectre && !spectre ? OK : c->expect[who];

		got = load_as(c, insns, who);
		if (got == want)
			continue;
		ksft_print_msg("%s: as %s: got %s, expected %s\n", c->name,
			       loader_name[who], got ? strerror(got) : "loaded",
			       want ? strerror(want) : "loaded");
		ok = false;
	}
	free(buf);
	return ok;
}

int main(void)
{
	unsigned int i;

	ksft_print_header();
	ksft_set_plan(ARRAY_LEN(cases));
	if (geteuid())
		ksft_exit_skip("needs root, to pick capabilities\n");
	if (read_unpriv_sysctl() != 2)
		ksft_exit_fail_msg("unprivileged_bpf_disabled is not 2\n");
	spectre = spectre_rules_apply();
	ksft_print_msg("loaders without CAP_PERFMON get the Spectre rules: %s\n",
		       spectre ? "yes" : "no");
	for (i = 0; i < ARRAY_LEN(cases); i++)
		ksft_test_result(run_case(&cases[i]), "%s\n", cases[i].name);
	ksft_finished();
	return 0;
}
