// SPDX-License-Identifier: GPL-2.0
/*
 * The 2014 proposal's experiment, natively: one flow dissector
 * (flow_dissector.h) compiled by gcc -O2 and by clang -O2 -target bpf,
 * the latter opened with libbpf, verified by our verifier as a socket
 * filter and run from our JIT's code (and, for scale, our interpreter).
 * Same packets for all: a few hot in cache, and many spread over memory
 * far larger than the last-level cache, visited in random order. Every
 * call's result must agree with native code's; prints ns per call and
 * the ratio as BENCH rows.
 *
 *	jit_bench flow_dissector.bpf.o
 */
#define _GNU_SOURCE
#include "shim/core.h"
#include "../../../kernel/ebpf/insn.c"
#include "../../../kernel/ebpf/tnum.c"
#include "../../../kernel/ebpf/scalar.c"
#include "../../../kernel/ebpf/log.c"
#include "../verifier_srcs.h"
#include "../../../kernel/ebpf/interp.c"
#include "../../../kernel/ebpf/progtypes.c"
#include "jit_run.h"

#include <bpf/libbpf.h>
#include <stdio.h>
#include <time.h>

/* ---- the native build of the dissector --------------------------------- */

struct pkt {
	struct __sk_buff skb;	/* what the BPF program may read */
	const u8 *data;		/* where LD_ABS reads, as in an sk_buff */
	u32 len;
	u32 data_len;
};

static inline u32 be16_at(const u8 *p)
{
	return (u32)p[0] << 8 | p[1];
}

static inline u32 be32_at(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/* out of the packet reads 0: the packets here are all whole */
static inline u32 load8(const struct pkt *c, u64 off)
{
	return off < c->len ? c->data[off] : 0;
}

static inline u32 load16(const struct pkt *c, u64 off)
{
	return off + 2 <= c->len ? be16_at(c->data + off) : 0;
}

static inline u32 load32(const struct pkt *c, u64 off)
{
	return off + 4 <= c->len ? be32_at(c->data + off) : 0;
}

#define FD_CTX			const struct pkt
#define FD_U32			u32
#define FD_LOAD8		load8
#define FD_LOAD16		load16
#define FD_LOAD32		load32
#include "flow_dissector.h"

/* called through a pointer, as the JIT's code is */
static noinline u64 native_dissect(const void *ctx)
{
	return flow_dissect(ctx);
}

/* ---- packets ------------------------------------------------------------ */

#define PKT_ROOM	128
#define HOT_PKTS	16
#define COLD_PKTS	65536
#define COLD_STRIDE	4096	/* 256 MiB: far beyond any last-level cache */

static u32 rnd_state = 0x2545f491;

static u32 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static void put16(u8 *p, u32 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(u8 *p, u32 v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

/* A random packet of the kinds the dissector knows; its length. */
static u32 make_packet(u8 *p)
{
	u32 kind = rnd() % 8, off = 12, ihl, i;
	u32 proto = kind < 5 ? 0x0800 : 0x86dd;

	memset(p, 0, PKT_ROOM);
	for (i = 0; i < 12; i++)
		p[i] = rnd();
	if (kind == 2 || kind == 6) {		/* 802.1Q */
		put16(p + off, 0x8100);
		put16(p + off + 2, rnd() & 0xfff);
		off += 4;
	} else if (kind == 3) {			/* QinQ */
		put16(p + off, 0x88a8);
		put16(p + off + 4, 0x8100);
		off += 8;
	}
	put16(p + off, proto);
	off += 2;
	if (proto == 0x0800) {
		ihl = kind == 4 ? 8 : 5;	/* with options */
		p[off] = 0x40 | ihl;
		p[off + 9] = rnd() % 2 ? 6 : 17;
		put32(p + off + 12, rnd());
		put32(p + off + 16, rnd());
		off += ihl * 4;
	} else {
		p[off] = 0x60;
		p[off + 6] = rnd() % 2 ? 6 : 17;
		for (i = 8; i < 40; i += 4)
			put32(p + off + i, rnd());
		off += 40;
	}
	put32(p + off, rnd());			/* ports */
	return off + 20;
}

/* ---- the BPF build through our verifier and JIT ------------------------ */

static bool pkt_load(const void *ctx, u64 off, u32 size, u64 *val)
{
	const struct pkt *k = ctx;
	u32 i;

	if (off > k->len || size > k->len - off)
		return false;
	*val = 0;
	for (i = 0; i < size; i++)
		*val = *val << 8 | k->data[off + i];
	return true;
}

static const ebpf_helper_fn no_helpers[EBPF_HELPER_MAX];

static const struct ebpf_interp_env env = {
	.helpers = no_helpers,
	.load_packet = pkt_load,
	.linear = {
		.data = offsetof(struct pkt, data),
		.len = offsetof(struct pkt, len),
		.data_len = offsetof(struct pkt, data_len),
	},
};

static const struct ebpf_prog_desc socket_desc = {
	.name = "socket_filter",
	.ld_abs = true,
	.ctx_access_ok = ebpf_skb_ctx_access_ok,
	.helper = ebpf_sk_filter_helper,
};

static int map_by_fd(void *priv, s32 fd, struct ebpf_vmap *map)
{
	return -EBADF;
}

static char log_buf[1 << 16];

/* The program @name of the object @path, verified; its insns or NULL. */
static const struct bpf_insn *load_bpf(const char *path, const char *name,
				       u32 *cnt, u32 *depth)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct ebpf_verify_args a = {
		.desc = &socket_desc, .perms = ebpf_perms_all(true), .gpl = true,
		.log_level = 1, .log_buf = log_buf, .log_size = sizeof(log_buf),
		.map_by_fd = map_by_fd,
	};
	struct bpf_program *prog;
	struct bpf_insn *copy;
	int err;

	if (!obj) {
		fprintf(stderr, "jit_bench: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	prog = bpf_object__find_program_by_name(obj, name);
	if (!prog) {
		fprintf(stderr, "jit_bench: no program %s in %s\n", name, path);
		return NULL;
	}
	a.insn_cnt = bpf_program__insn_cnt(prog);
	copy = malloc(a.insn_cnt * sizeof(*copy));
	memcpy(copy, bpf_program__insns(prog), a.insn_cnt * sizeof(*copy));
	bpf_object__close(obj);
	a.insns = copy;
	err = ebpf_verify(&a);
	if (err) {
		fprintf(stderr, "jit_bench: our verifier refuses %s (%d):\n%s\n",
			name, err, log_buf);
		return NULL;
	}
	*cnt = a.insn_cnt;
	*depth = a.stack_depth;
	return a.insns;
}

/* ---- timing ------------------------------------------------------------- */

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

typedef u64 (*run_fn)(const struct pkt *k, const struct bpf_insn *insns,
		      ebpf_jit_fn fn);

static u64 run_native(const struct pkt *k, const struct bpf_insn *insns,
		      ebpf_jit_fn fn)
{
	return native_dissect(k);
}

static u64 run_jit(const struct pkt *k, const struct bpf_insn *insns,
		   ebpf_jit_fn fn)
{
	return (u32)fn(k);	/* a socket filter's result is 32 bits */
}

static u64 run_interp(const struct pkt *k, const struct bpf_insn *insns,
		      ebpf_jit_fn fn)
{
	return (u32)ebpf_interp_run(insns, k, &env);
}

/*
 * ns per call of @run over @n packets in @order, @rounds times (the best
 * of five timings); the results' sum in @sum, to compare runtimes.
 */
static double time_calls(run_fn run, const struct pkt *pkts, const u32 *order,
			 u32 n, u32 rounds, const struct bpf_insn *insns,
			 ebpf_jit_fn fn, u64 *sum)
{
	double best = 0, t;
	u32 rep, r, i;
	u64 s = 0;

	for (rep = 0; rep < 5; rep++) {
		s = 0;
		t = now_ns();
		for (r = 0; r < rounds; r++)
			for (i = 0; i < n; i++)
				s += run(&pkts[order[i]], insns, fn);
		t = (now_ns() - t) / ((double)n * rounds);
		if (!rep || t < best)
			best = t;
	}
	*sum = s;
	return best;
}

/* Every packet, every runtime: the same flow hash. */
static bool all_agree(const struct pkt *pkts, u32 n,
		      const struct bpf_insn *insns, ebpf_jit_fn fn)
{
	u32 i;

	for (i = 0; i < n; i++) {
		u64 want = native_dissect(&pkts[i]);

		if (!want || run_jit(&pkts[i], insns, fn) != want ||
		    run_interp(&pkts[i], insns, fn) != want) {
			fprintf(stderr, "packet %u: native %#llx, jit %#llx, interp %#llx\n",
				i, want, run_jit(&pkts[i], insns, fn),
				run_interp(&pkts[i], insns, fn));
			return false;
		}
	}
	return true;
}

static struct pkt *make_set(u32 n, u32 stride, u8 **mem)
{
	struct pkt *pkts = calloc(n, sizeof(*pkts));
	u8 *m = aligned_alloc(4096, (size_t)n * stride);
	u32 i;

	if (!pkts || !m)
		return NULL;
	for (i = 0; i < n; i++) {
		/* a random cache line of its own stride */
		u32 at = stride > PKT_ROOM ? rnd() % (stride - PKT_ROOM) & ~63U : 0;
		u8 *p = m + (size_t)i * stride + at;

		pkts[i].data = p;
		pkts[i].len = make_packet(p);
		pkts[i].skb.len = pkts[i].len;
	}
	*mem = m;
	return pkts;
}

static u32 *shuffled(u32 n)
{
	u32 *o = malloc(n * sizeof(*o)), i, j, t;

	for (i = 0; i < n; i++)
		o[i] = i;
	for (i = n - 1; i > 0; i--) {
		j = rnd() % (i + 1);
		t = o[i];
		o[i] = o[j];
		o[j] = t;
	}
	return o;
}

static void row(const char *name, double v, const char *unit)
{
	printf("BENCH %-28s %10.2f %s\n", name, v, unit);
}

/* JIT_BENCH_DUMP=file: the image, for objdump -D -b binary -mi386:x86-64 */
static void dump_image(const char *path, const struct jit_prog *jp)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(jp->mem, 1, jp->size, f) != jp->size)
		fprintf(stderr, "jit_bench: cannot write %s\n", path);
	if (f)
		fclose(f);
}

int main(int argc, char **argv)
{
	const struct {
		const char *name;
		u32 n, stride, rounds;
	} sets[] = {
		{ "cached", HOT_PKTS, PKT_ROOM, 200000 },
		{ "misses", COLD_PKTS, COLD_STRIDE, 8 },
	};
	const struct bpf_insn *insns;
	struct jit_prog jp;
	u32 cnt, depth, s;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: jit_bench flow_dissector.bpf.o\n");
		return 2;
	}
	insns = load_bpf(argv[1], "flow_dissector", &cnt, &depth);
	if (!insns)
		return 1;
	err = jit_load(&jp, insns, cnt, depth, &env, false);
	if (err) {
		fprintf(stderr, "jit_bench: the JIT failed: %d\n", err);
		return 1;
	}
	if (getenv("JIT_BENCH_DUMP"))
		dump_image(getenv("JIT_BENCH_DUMP"), &jp);
	row("flow/insns", cnt, "BPF instructions");
	row("flow/jit_bytes", jp.size, "bytes of x86 code");
	for (s = 0; s < ARRAY_SIZE(sets); s++) {
		u8 *mem = NULL;
		struct pkt *pkts = make_set(sets[s].n, sets[s].stride, &mem);
		u32 *order = shuffled(sets[s].n);
		u64 sn, sj, si;
		double tn, tj, ti;
		char name[64];

		if (!pkts || !order || !all_agree(pkts, sets[s].n, insns, jp.fn))
			return 1;
		tn = time_calls(run_native, pkts, order, sets[s].n,
				sets[s].rounds, insns, jp.fn, &sn);
		tj = time_calls(run_jit, pkts, order, sets[s].n,
				sets[s].rounds, insns, jp.fn, &sj);
		ti = time_calls(run_interp, pkts, order, sets[s].n,
				sets[s].rounds / 4 ?: 1, insns, jp.fn, &si);
		if (sn != sj) {
			fprintf(stderr, "jit_bench: sums differ\n");
			return 1;
		}
		snprintf(name, sizeof(name), "flow/%s/native_ns", sets[s].name);
		row(name, tn, "ns per call (gcc -O2)");
		snprintf(name, sizeof(name), "flow/%s/jit_ns", sets[s].name);
		row(name, tj, "ns per call (clang -target bpf, our JIT)");
		snprintf(name, sizeof(name), "flow/%s/interp_ns", sets[s].name);
		row(name, ti, "ns per call (our interpreter)");
		snprintf(name, sizeof(name), "flow/%s/jit_vs_native", sets[s].name);
		row(name, tj / tn, "ratio (target <= 1.05 cached, <= 0.95 misses)");
		free(pkts);
		free(order);
		free(mem);
	}
	jit_unload(&jp);
	return 0;
}
