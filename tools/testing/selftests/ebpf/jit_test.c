// SPDX-License-Identifier: GPL-2.0
/*
 * The JIT against the interpreter, in the guest. Every program of the
 * verifier table that runs, and every per-instruction vector of iv.h, is
 * loaded three times: on the interpreter (jit_enable 0), on the JIT
 * (jit_enable 1, harden 0) and on the JIT with every constant blinded
 * (harden 2). Each load runs once through BPF_PROG_TEST_RUN with fresh
 * maps; the return values, data_out and the maps' contents afterwards
 * must be the same on all three, and fdinfo's prog_jited must say which
 * runtime ran. A vector's full 64-bit r0 is compared, as two runs: one
 * as written, one with every exit first shifting r0 right by 32.
 *
 * Then what the JIT promises about its memory: with the dump sysctl at
 * 2, the image of a program holding two distinctive constants shows them
 * when not blinding and shows neither when blinding; and after loading,
 * no page of the kernel's address space is writable and executable (the
 * page-table dump in debugfs), and on our kernel the image's own pages
 * are read-only and executable.
 *
 * On the reference kernel the sysctls are mainline's net.core.bpf_jit_*;
 * the same checks hold there, except where our kernel says more (the
 * image address in the dump), which only our kernel is asked.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/klog.h>
#include <sys/mount.h>

#include "ebpf_test.h"
#include "vt.h"
#include "vt_maps.h"
#include "iv.h"

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

enum { INTERP, JIT, BLINDED, NR_MODES };

static const char * const mode_name[NR_MODES] = {
	"interpreter", "jit", "jit blinded",
};

static bool on_reference;
static const char *enable_path, *harden_path;

/* ---- sysctls ---- */

static void set_jit(int enable, int harden)
{
	if (!write_sysctl_int(enable_path, enable) ||
	    !write_sysctl_int(harden_path, harden))
		ksft_exit_fail_msg("cannot set %s=%d %s=%d: %s\n", enable_path,
				   enable, harden_path, harden, strerror(errno));
}

static void set_mode(int mode)
{
	set_jit(mode != INTERP, mode == BLINDED ? 2 : 0);
}

/* ---- one load and run ---- */

#define MAP_DUMP_MAX	(VT_HASH_ENTRIES * (VT_HASH_KEY + VT_HASH_VALUE) + \
			 (VT_ARRAY_ENTRIES + VT_GLOBAL_ENTRIES) * VT_ARRAY_VALUE)

/* What a run left behind, for comparing runtimes. */
struct outcome {
	int load;		/* fd >= 0 while loaded, or -errno */
	int run;		/* 0 or -errno of TEST_RUN */
	uint32_t retval;
	uint32_t out_size;
	uint8_t out[VT_PACKET_LEN + 256];
	uint32_t map_len;
	uint8_t maps[MAP_DUMP_MAX];
};

static int load(uint32_t type, const struct bpf_insn *insns, uint32_t n,
		const char *license)
{
	union bpf_attr attr;
	int tries = 0;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.insns = PTR(insns);
	attr.insn_cnt = n;
	attr.license = PTR(license);
	do {
		fd = sys_bpf(BPF_PROG_LOAD, &attr);
	} while (fd == -EAGAIN && ++tries < 5);
	return fd;
}

static int cmp_entry(const void *a, const void *b)
{
	return memcmp(a, b, VT_HASH_KEY);
}

/* Every entry of the maps, hash entries sorted by key, into @o->maps. */
static void dump_maps(struct outcome *o, int hash_fd, int array_fd,
		      int global_fd)
{
	uint8_t key[VT_HASH_KEY], next[VT_HASH_KEY], *p = o->maps;
	uint32_t i, n = 0;

	if (hash_fd >= 0) {
		const void *prev = NULL;

		while (n < VT_HASH_ENTRIES && !map_next_key(hash_fd, prev, next)) {
			memcpy(p, next, VT_HASH_KEY);
			if (map_lookup(hash_fd, next, p + VT_HASH_KEY))
				memset(p + VT_HASH_KEY, 0xee, VT_HASH_VALUE);
			p += VT_HASH_KEY + VT_HASH_VALUE;
			memcpy(key, next, sizeof(key));
			prev = key;
			n++;
		}
		qsort(o->maps, n, VT_HASH_KEY + VT_HASH_VALUE, cmp_entry);
	}
	for (i = 0; array_fd >= 0 && i < VT_ARRAY_ENTRIES; i++) {
		if (map_lookup(array_fd, &i, p))
			memset(p, 0xee, VT_ARRAY_VALUE);
		p += VT_ARRAY_VALUE;
	}
	for (i = 0; global_fd >= 0 && i < VT_GLOBAL_ENTRIES; i++) {
		if (map_lookup(global_fd, &i, p))
			memset(p, 0xee, VT_ARRAY_VALUE);
		p += VT_ARRAY_VALUE;
	}
	o->map_len = p - o->maps;
}

/* A word that is a kernel address: where a stack or map pointer landed. */
static bool kernel_address(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v >= 0xffff800000000000ULL;
}

/*
 * Both 32-bit words the low halves of addresses in one kernel stack (the
 * task's, where both runtimes put their frames): at most 32 KiB apart,
 * the largest x86-64 stack (with KASAN).
 */
static bool same_stack32(const uint8_t *a, const uint8_t *b)
{
	uint32_t x, y;

	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	return (x ^ y) < (32U << 10);
}

/*
 * The same bytes, but for aligned 8-byte words that are kernel addresses
 * in both: a privileged program may store its stack pointer, which the
 * two runtimes have at different places. With @stack32 (the case is
 * VT_STACK_ADDR), also 32-bit words that are the low halves of two.
 */
static bool same_bytes(const uint8_t *a, const uint8_t *b, uint32_t len,
		       bool stack32)
{
	uint32_t i, k;

	for (i = 0; i < len; i += 4) {
		uint32_t w = len - i < 4 ? len - i : 4;

		if (!memcmp(a + i, b + i, w))
			continue;
		k = i & ~7U;
		if (k + 8 <= len && kernel_address(a + k) &&
		    kernel_address(b + k))
			continue;
		if (stack32 && w == 4 && same_stack32(a + i, b + i))
			continue;
		return false;
	}
	return true;
}

/* Load @insns in @mode, run it once on the table's packet, dump the maps. */
static void run_mode(const struct vt_case *c, const struct bpf_insn *insns,
		     uint32_t n, int mode, struct outcome *o)
{
	struct bpf_insn *copy = malloc(n * sizeof(*copy));
	struct vt_maps maps;
	const char *err;
	struct test_run t = {
		.in = vt_packet, .in_size = sizeof(vt_packet),
		.out = o->out, .out_size = sizeof(o->out), .repeat = 1,
	};

	memset(o, 0, sizeof(*o));
	if (!copy)
		ksft_exit_fail_msg("out of memory\n");
	memcpy(copy, insns, n * sizeof(*copy));
	err = vt_maps_create(c, copy, n, &maps);
	if (err)
		ksft_exit_fail_msg("%s: %s: %s\n", c->name, err, strerror(errno));

	set_mode(mode);
	o->load = load(vt_prog_type(c), copy, n, vt_license(c));
	free(copy);
	if (o->load >= 0) {
		int jited = fdinfo_field(o->load, "prog_jited");

		bool want = mode != INTERP;

		if (jited != want) {
			ksft_print_msg("%s: prog_jited is %d on the %s\n",
				       c->name, jited, mode_name[mode]);
			o->run = -EPROTO;
		} else {
			o->run = prog_test_run(o->load, &t);
		}
		o->retval = t.retval;
		o->out_size = t.out_size;
		close(o->load);
		o->load = 0;
	}
	dump_maps(o, maps.hash, maps.array, maps.global);
	vt_maps_close(&maps);
}

/* Whether @o (on @mode) is what the interpreter gave; says why not. */
static bool same_outcome(const char *name, int mode, const struct outcome *o,
			 const struct outcome *ref, bool stack32)
{
	const char *what = NULL;

	if (o->load != ref->load)
		what = "load";
	else if (o->run != ref->run)
		what = "TEST_RUN's result";
	else if (o->retval != ref->retval)
		what = "retval";
	else if (o->out_size != ref->out_size ||
		 !same_bytes(o->out, ref->out,
			     o->out_size < sizeof(o->out) ? o->out_size :
			     sizeof(o->out), stack32))
		what = "data_out";
	else if (o->map_len != ref->map_len ||
		 !same_bytes(o->maps, ref->maps, o->map_len, stack32))
		what = "map contents";
	if (!what)
		return true;
	ksft_print_msg("%s: %s differs on the %s: %d %d %#x, interpreter %d %d %#x\n",
		       name, what, mode_name[mode], o->load, o->run, o->retval,
		       ref->load, ref->run, ref->retval);
	return false;
}

/* ---- the verifier table ---- */

static bool table_case_runs(const struct vt_case *c)
{
	struct vt_expect e = vt_expect(c, false, on_reference);

	return e.run;
}

static void table_case(const struct vt_case *c)
{
	struct vt_expect e = vt_expect(c, false, on_reference);
	uint32_t n = vt_len(c);
	struct outcome *o = calloc(NR_MODES, sizeof(*o));
	struct bpf_insn *insns = calloc(n ? n : 1, sizeof(*insns));
	bool ok = true;
	int mode;

	if (!o || !insns)
		ksft_exit_fail_msg("out of memory\n");
	if (c->gen)
		c->gen(insns, n);
	else
		memcpy(insns, c->insns, n * sizeof(*insns));
	for (mode = INTERP; mode < NR_MODES; mode++)
		run_mode(c, insns, n, mode, &o[mode]);
	if (o[INTERP].load || o[INTERP].run) {
		ksft_print_msg("%s: the interpreter's load or run failed: %d %d\n",
			       c->name, o[INTERP].load, o[INTERP].run);
		ok = false;
	} else if (o[INTERP].retval != e.retval) {
		ksft_print_msg("%s: retval %#x, the table says %#x\n", c->name,
			       o[INTERP].retval, e.retval);
		ok = false;
	}
	for (mode = JIT; mode < NR_MODES; mode++)
		ok &= same_outcome(c->name, mode, &o[mode], &o[INTERP],
				   c->flags & VT_STACK_ADDR);
	ksft_test_result(ok, "table: %s\n", c->name);
	free(insns);
	free(o);
}

/* ---- the vectors ---- */

static uint32_t iv_len(const struct vector *v)
{
	uint32_t n = MAX_INSNS;

	while (n && !v->insns[n - 1].code && !v->insns[n - 1].imm)
		n--;
	/* an LD_IMM64 whose high half is zero ends in an all-zero slot */
	if (n && v->insns[n - 1].code == (BPF_LD | BPF_IMM | BPF_DW))
		n++;
	return n;
}

/* Helpers and packet loads mean something else here than in iv.h. */
static bool iv_needs_env(const struct bpf_insn *insns, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		uint8_t cls = BPF_CLASS(insns[i].code);

		if (cls == BPF_JMP && BPF_OP(insns[i].code) == BPF_CALL)
			return true;
		if (cls == BPF_LD && BPF_MODE(insns[i].code) != BPF_IMM)
			return true;
	}
	return false;
}

/* @v with every exit turned into a jump to "r0 >>= 32; exit" at its end. */
static uint32_t iv_high_half(const struct vector *v, struct bpf_insn *out)
{
	uint32_t i, n = iv_len(v);

	memcpy(out, v->insns, n * sizeof(*out));
	for (i = 0; i < n; i++) {
		if (out[i].code == (BPF_JMP | BPF_EXIT))
			out[i] = I_JA(n - i - 1);
		/* the second slot of an LD_IMM64 is not an instruction */
		if (out[i].code == (BPF_LD | BPF_IMM | BPF_DW))
			i++;
	}
	out[n] = I_ALU64_IMM(BPF_RSH, R0, 32);
	out[n + 1] = I_EXIT();
	return n + 2;
}

static void vector_case(const struct vector *v)
{
	static const struct vt_case sf = { .name = "vector" };
	struct bpf_insn hi[MAX_INSNS + 2];
	uint32_t n = iv_len(v), hn = iv_high_half(v, hi);
	struct outcome o[2][NR_MODES];
	uint64_t r0[NR_MODES];
	bool ok = true;
	int mode;

	for (mode = INTERP; mode < NR_MODES; mode++) {
		run_mode(&sf, v->insns, n, mode, &o[0][mode]);
		run_mode(&sf, hi, hn, mode, &o[1][mode]);
		r0[mode] = (uint64_t)o[1][mode].retval << 32 |
			   o[0][mode].retval;
	}
	if (o[0][INTERP].load == -EINVAL || o[0][INTERP].load == -EACCES) {
		/* every runtime refused it alike, or the check below says so */
		for (mode = JIT; mode < NR_MODES; mode++)
			ok &= o[0][mode].load == o[0][INTERP].load;
		if (ok)
			ksft_test_result_skip("vector: %s: the verifier refuses it (%d)\n",
					      v->name, o[0][INTERP].load);
		else
			ksft_test_result_fail("vector: %s: refused on one runtime only\n",
					      v->name);
		return;
	}
	for (mode = INTERP; mode < NR_MODES; mode++) {
		ok &= mode == INTERP ||
		      (same_outcome(v->name, mode, &o[0][mode], &o[0][INTERP],
				    false) &&
		       same_outcome(v->name, mode, &o[1][mode], &o[1][INTERP],
				    false));
		if (o[0][mode].load || o[0][mode].run || o[1][mode].load ||
		    o[1][mode].run) {
			ksft_print_msg("%s: load or run failed on the %s\n",
				       v->name, mode_name[mode]);
			ok = false;
		} else if (!iv_needs_env(v->insns, n) && r0[mode] != v->r0) {
			ksft_print_msg("%s: r0 %#llx on the %s, the RFC says %#llx\n",
				       v->name, (unsigned long long)r0[mode],
				       mode_name[mode],
				       (unsigned long long)v->r0);
			ok = false;
		}
	}
	ksft_test_result(ok, "vector: %s\n", v->name);
}

/* ---- blinding, through the image dump ---- */

#define CONST_A	0x5eed1e55U
#define CONST_B	0x1badcafeU

static char klog[1 << 20];

/*
 * The image of the last dump in the kernel log: the lines that both
 * kernels print as "JIT code: <offset>: <hex bytes>". Returns its length.
 */
static int last_image(uint8_t *img, int room, uint64_t *addr)
{
	int len = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, klog, sizeof(klog) - 1);
	char *p, *start = NULL, *at;
	int n = 0;

	if (len < 0)
		return -errno;
	klog[len] = 0;
	for (p = klog; (p = strstr(p, "JIT code: 00000000: ")); p++)
		start = p;
	if (!start)
		return 0;
	*addr = 0;
	/* our header names the address: "... bytes of code at <addr>, ..." */
	for (at = start; at > klog && at[-1] != '\n'; at--)
		;
	if (at > klog) {
		do
			at--;
		while (at > klog && at[-1] != '\n');
		at = strstr(at, " of code at ");
		if (at && at < start)
			*addr = strtoull(at + 12, NULL, 16);
	}
	for (p = start; p && !strncmp(p, "JIT code: ", 10); ) {
		char *q = strchr(p + 10, ':');
		char *eol = strchr(p, '\n');
		unsigned int byte;
		int used;

		if (!q || (eol && q > eol))
			break;
		for (q++; n < room && sscanf(q, " %2x%n", &byte, &used) == 1 &&
		     (!eol || q + used <= eol); q += used)
			img[n++] = byte;
		if (!eol)
			break;
		/* the next record: skip its "<level>[time] " prefix */
		p = strstr(eol + 1, "JIT code: ");
		if (p && memchr(eol + 1, '\n', p - eol - 1))
			break;
	}
	return n;
}

static bool image_has(const uint8_t *img, int len, uint32_t v)
{
	int i;

	for (i = 0; i + 4 <= len; i++)
		if (!memcmp(img + i, &v, 4))
			return true;
	return false;
}

#define KPTR_RESTRICT	"/proc/sys/kernel/kptr_restrict"

/* where our kernel's dump says the last image is; 0 on the reference */
static uint64_t image_addr;

/*
 * Load the constants program with jit_enable 2 and @harden; its image.
 * The program stays loaded (its fd in *@fdp) when @fdp is not NULL.
 */
static int dump_image(int harden, uint8_t *img, int room, uint32_t *retval,
		      int *fdp)
{
	struct bpf_insn prog[] = {
		I_MOV64_IMM(R0, CONST_A),
		I_MOV64_IMM(R1, CONST_B),
		I_ALU64_REG(BPF_XOR, R0, R1),
		I_ALU64_IMM(BPF_ADD, R0, CONST_A),
		I_EXIT(),
	};
	struct test_run t = {
		.in = vt_packet, .in_size = sizeof(vt_packet), .repeat = 1,
	};
	int fd, n, kptr;

	/* the dump's %pK shows root the address under kptr_restrict 1 */
	kptr = read_sysctl_int(KPTR_RESTRICT);
	write_sysctl_int(KPTR_RESTRICT, 1);
	set_jit(2, harden);
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, prog, ARRAY_LEN(prog), "GPL");
	set_jit(1, 0);
	if (kptr >= 0)
		write_sysctl_int(KPTR_RESTRICT, kptr);
	if (fd < 0)
		return fd;
	n = prog_test_run(fd, &t);
	*retval = t.retval;
	if (!n)
		n = last_image(img, room, &image_addr);
	if (fdp)
		*fdp = fd;
	else
		close(fd);
	return n;
}

static void blinding_hides_constants(void)
{
	uint32_t want = (uint32_t)((CONST_A ^ CONST_B) + CONST_A), retval;
	static uint8_t img[4096];
	bool ok = true;
	int n;

	n = dump_image(0, img, sizeof(img), &retval, NULL);
	if (n <= 0 || retval != want || !image_has(img, n, CONST_A) ||
	    !image_has(img, n, CONST_B)) {
		ksft_print_msg("harden 0: %d bytes, retval %#x (want %#x), constants %s\n",
			       n, retval, want,
			       n > 0 && image_has(img, n, CONST_A) ? "seen" :
			       "not seen");
		ok = false;
	}
	n = dump_image(2, img, sizeof(img), &retval, NULL);
	if (n <= 0 || retval != want) {
		ksft_print_msg("harden 2: %d bytes, retval %#x (want %#x)\n", n,
			       retval, want);
		ok = false;
	} else if (image_has(img, n, CONST_A) || image_has(img, n, CONST_B)) {
		ksft_print_msg("harden 2: a constant is in the image\n");
		ok = false;
	}
	ksft_test_result(ok, "blinding: no chosen constant in a blinded image\n");
}

/* ---- W^X, through the page-table dump ---- */

#define PTDUMP	"/sys/kernel/debug/page_tables/kernel"

static void no_writable_executable_page(void)
{
	static const struct bpf_insn prog[] = { I_MOV64_IMM(R0, 1), I_EXIT() };
	static uint8_t img[4096];
	int fds[9], i, wx = 0, image_ok;
	uint32_t retval;
	char line[256];
	FILE *f;

	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	for (i = 0; i < 8; i++)
		fds[i] = load(BPF_PROG_TYPE_SOCKET_FILTER, prog, 2, "GPL");
	/* the last one stays loaded while its pages are looked at */
	image_addr = 0;
	if (dump_image(0, img, sizeof(img), &retval, &fds[8]) <= 0)
		fds[8] = -1;
	image_ok = on_reference;
	if (!on_reference && !image_addr)
		ksft_print_msg("the dump does not say where the image is\n");
	f = fopen(PTDUMP, "r");
	if (!f) {
		ksft_test_result_fail("W^X: cannot read %s: %s\n", PTDUMP,
				      strerror(errno));
		goto out;
	}
	while (fgets(line, sizeof(line), f)) {
		unsigned long long lo, hi;

		if (sscanf(line, "0x%llx-0x%llx", &lo, &hi) != 2)
			continue;
		if (strstr(line, " RW ") && !strstr(line, " NX ")) {
			ksft_print_msg("writable and executable: %s", line);
			wx++;
		}
		if (image_addr && image_addr >= lo && image_addr < hi)
			image_ok = strstr(line, " ro ") && !strstr(line, " NX ");
	}
	fclose(f);
	if (!image_ok && image_addr)
		ksft_print_msg("the image at %#llx is not read-only executable\n",
			       (unsigned long long)image_addr);
	for (i = 0; i < 9; i++)
		if (fds[i] < 0)
			ksft_print_msg("load %d failed: %d\n", i, fds[i]);
	ksft_test_result(!wx && image_ok && fds[7] >= 0 && fds[8] >= 0,
			 "W^X: no page writable and executable with JIT images loaded\n");
out:
	for (i = 0; i < 9; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

int main(void)
{
	unsigned int i, n = 0;
	int old_enable, old_harden;

	on_reference = kernel_is_reference();
	enable_path = on_reference ? "/proc/sys/net/core/bpf_jit_enable" :
				     "/proc/sys/kernel/ebpf_jit_enable";
	harden_path = on_reference ? "/proc/sys/net/core/bpf_jit_harden" :
				     "/proc/sys/kernel/ebpf_jit_harden";
	for (i = 0; i < ARRAY_LEN(vt_cases); i++)
		n += table_case_runs(&vt_cases[i]);

	ksft_print_header();
	ksft_set_plan(n + ARRAY_LEN(vectors) + 2);
	ksft_print_msg("%u table programs and %zu vectors on the %s kernel\n",
		       n, ARRAY_LEN(vectors), on_reference ? "reference" : "our");
	old_enable = read_sysctl_int(enable_path);
	old_harden = read_sysctl_int(harden_path);
	if (old_enable < 0 || old_harden < 0)
		ksft_exit_fail_msg("no JIT sysctls (%s): %s\n", enable_path,
				   strerror(errno));

	for (i = 0; i < ARRAY_LEN(vt_cases); i++)
		if (table_case_runs(&vt_cases[i]))
			table_case(&vt_cases[i]);
	for (i = 0; i < ARRAY_LEN(vectors); i++)
		vector_case(&vectors[i]);
	blinding_hides_constants();
	no_writable_executable_page();

	set_jit(old_enable, old_harden);
	ksft_finished();
}
