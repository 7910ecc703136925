// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier table (tools/testing/selftests/ebpf/vt_*.h) run in user
 * space: each program goes through our verifier, privileged and (socket
 * filters) unprivileged, and every accepted socket filter through our
 * interpreter on the table's packet, with fake maps and helpers that
 * behave like the kernel's; then through the JIT, natively, plain and
 * with constant blinding, which must give the interpreter's return value
 * and leave the maps as the interpreter did. The kselftest verifier_test runs the same
 * table through bpf(2) in the guest, on our kernel and on the reference.
 *
 * The context here is a struct __sk_buff itself, so no rewrite is needed;
 * its fields hold what the kernel's BPF_PROG_TEST_RUN gives the table's
 * packet. The kernel's rewrite to struct sk_buff is tested in the guest.
 */
#define _GNU_SOURCE
#include "shim/core.h"
#include "../../../kernel/ebpf/insn.c"
#include "../../../kernel/ebpf/tnum.c"
#include "../../../kernel/ebpf/scalar.c"
#include "../../../kernel/ebpf/log.c"
#include "verifier_srcs.h"
#include "../../../kernel/ebpf/interp.c"
#include "../../../kernel/ebpf/progtypes.c"
#include "../../../kernel/ebpf/helper_str.c"
#include "jit_run.h"

#include <pthread.h>
#include <stdio.h>
#include "../selftests/ebpf/vt.h"

static const struct vt_case cases[] = {
#include "../selftests/ebpf/vt_cfg.h"
#include "../selftests/ebpf/vt_alu.h"
#include "../selftests/ebpf/vt_jmp.h"
#include "../selftests/ebpf/vt_map.h"
#include "../selftests/ebpf/vt_mapflags.h"
#include "../selftests/ebpf/vt_global.h"
#include "../selftests/ebpf/vt_stack.h"
#include "../selftests/ebpf/vt_ctx.h"
#include "../selftests/ebpf/vt_helpers.h"
#include "../selftests/ebpf/vt_strings.h"
#include "../selftests/ebpf/vt_ringbuf.h"
#include "../selftests/ebpf/vt_unpriv.h"
#include "../selftests/ebpf/vt_regress.h"
#include "../selftests/ebpf/vt_hardening.h"
#include "../selftests/ebpf/vt_spectre.h"
#include "../selftests/ebpf/vt_misc.h"
#include "../selftests/ebpf/vt_big.h"
};

/* ---- fake maps -------------------------------------------------------- */

struct umap {
	u32 type, key_size, value_size, max_entries;
	u8 *keys;		/* hash: max_entries keys */
	u8 *used;		/* hash: slot in use */
	u8 *values;		/* max_entries values */
};

static struct umap hash_map, array_map, global_map, ringbuf_map, queue_map;
static u32 map_flags;		/* the current case's */
static bool maps_frozen;	/* the current case is VT_FROZEN */

/* VT_FROZEN: what the guest's runner writes before freezing the maps */
static void fill_rodata(void)
{
	u32 i;

	for (i = 0; i < VT_ARRAY_ENTRIES; i++)
		memcpy(array_map.values + i * VT_ARRAY_VALUE, vt_rodata,
		       VT_ARRAY_VALUE);
	memcpy(global_map.values, vt_rodata, VT_ARRAY_VALUE);
}

static void umap_init(struct umap *m, u32 type, u32 ks, u32 vs, u32 n)
{
	free(m->keys);
	free(m->used);
	free(m->values);
	*m = (struct umap){ .type = type, .key_size = ks, .value_size = vs,
			    .max_entries = n };
	m->keys = calloc(n, ks);
	m->used = calloc(n, 1);
	m->values = calloc(n, vs);
}

static void *umap_lookup(struct umap *m, const void *key)
{
	u32 i;

	if (m->type == BPF_MAP_TYPE_ARRAY) {
		i = *(const u32 *)key;
		return i < m->max_entries ? m->values + i * m->value_size : NULL;
	}
	for (i = 0; i < m->max_entries; i++)
		if (m->used[i] && !memcmp(m->keys + i * m->key_size, key, m->key_size))
			return m->values + i * m->value_size;
	return NULL;
}

static long umap_update(struct umap *m, const void *key, const void *val,
			u64 flags)
{
	void *old = umap_lookup(m, key);
	u32 i;

	if (flags > BPF_EXIST)
		return -EINVAL;
	if (m->type == BPF_MAP_TYPE_ARRAY) {
		if (!old)
			return -E2BIG;
		if (flags == BPF_NOEXIST)
			return -EEXIST;
		memcpy(old, val, m->value_size);
		return 0;
	}
	if (old && flags == BPF_NOEXIST)
		return -EEXIST;
	if (!old && flags == BPF_EXIST)
		return -ENOENT;
	if (old) {
		memcpy(old, val, m->value_size);
		return 0;
	}
	for (i = 0; i < m->max_entries && m->used[i]; i++)
		;
	if (i == m->max_entries)
		return -E2BIG;
	m->used[i] = 1;
	memcpy(m->keys + i * m->key_size, key, m->key_size);
	memcpy(m->values + i * m->value_size, val, m->value_size);
	return 0;
}

static long umap_delete(struct umap *m, const void *key)
{
	u8 *v;

	if (m->type == BPF_MAP_TYPE_ARRAY)
		return -EINVAL;
	v = umap_lookup(m, key);
	if (!v)
		return -ENOENT;
	m->used[(v - m->values) / m->value_size] = 0;
	return 0;
}

static int map_by_fd(void *priv, s32 fd, struct ebpf_vmap *out)
{
	struct umap *m;

	if (fd == VT_HASH_FD)
		m = &hash_map;
	else if (fd == VT_ARRAY_FD)
		m = &array_map;
	else if (fd == VT_GLOBAL_FD)
		m = &global_map;
	else if (fd == VT_RINGBUF_FD)
		m = &ringbuf_map;
	else if (fd == VT_QUEUE_FD)
		m = &queue_map;
	else
		return -EBADF;
	*out = (struct ebpf_vmap){ .map_type = m->type,
				   .key_size = m->key_size,
				   .value_size = m->value_size,
				   .max_entries = m->max_entries, .ptr = m,
				   .map_flags = map_flags,
				   .frozen = maps_frozen };
	/* as the kernel's: an array of one element has a direct value */
	if (m->type == BPF_MAP_TYPE_ARRAY && m->max_entries == 1)
		out->value = m->values;
	return 0;
}

/* ---- helpers and context ---------------------------------------------- */

#define PTR(x) ((void *)(uintptr_t)(x))

static u64 h_lookup(u64 map, u64 key, u64 a3, u64 a4, u64 a5)
{
	return (uintptr_t)umap_lookup(PTR(map), PTR(key));
}

static u64 h_update(u64 map, u64 key, u64 val, u64 flags, u64 a5)
{
	return umap_update(PTR(map), PTR(key), PTR(val), flags);
}

static u64 h_delete(u64 map, u64 key, u64 a3, u64 a4, u64 a5)
{
	return umap_delete(PTR(map), PTR(key));
}

static u64 h_strtol(u64 buf, u64 len, u64 flags, u64 res, u64 a5)
{
	return (s64)ebpf_strtol(PTR(buf), len, flags, PTR(res));
}

static u64 h_strtoul(u64 buf, u64 len, u64 flags, u64 res, u64 a5)
{
	return (s64)ebpf_strtoul(PTR(buf), len, flags, PTR(res));
}

static u64 h_strncmp(u64 s1, u64 n, u64 s2, u64 a4, u64 a5)
{
	return (s64)ebpf_strncmp(PTR(s1), PTR(s2), (u32)n);
}

/*
 * A ring buffer that always has room, with the real one's flags check;
 * the guest's ring_buffer_test checks records.
 */
static u64 h_ringbuf_output(u64 map, u64 data, u64 size, u64 flags, u64 a5)
{
	return flags & ~(u64)(BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP) ?
	       -EINVAL : 0;
}

/* one record at a time: the table reserves no more, and runs once */
static u64 h_ringbuf_reserve(u64 map, u64 size, u64 flags, u64 a4, u64 a5)
{
	static u64 record[VT_RINGBUF_SIZE / 8];

	return flags || size > sizeof(record) ? 0 : (uintptr_t)record;
}

/*
 * The queue (VT_QUEUE_FD): its values in queue_map, the oldest first.
 * Runs start empty; each runtime runs a case once.
 */
static u32 queue_len;

static u64 h_push(u64 map, u64 value, u64 flags, u64 a4, u64 a5)
{
	if (flags & BPF_NOEXIST || flags > BPF_EXIST)
		return -EINVAL;
	if (queue_len == VT_QUEUE_ENTRIES) {
		if (!(flags & BPF_EXIST))
			return -E2BIG;
		memmove(queue_map.values, queue_map.values + VT_QUEUE_VALUE,
			--queue_len * VT_QUEUE_VALUE);
	}
	memcpy(queue_map.values + queue_len++ * VT_QUEUE_VALUE, PTR(value),
	       VT_QUEUE_VALUE);
	return 0;
}

static u64 queue_get(void *value, bool take)
{
	if (!queue_len) {
		memset(value, 0, VT_QUEUE_VALUE);
		return -ENOENT;
	}
	memcpy(value, queue_map.values, VT_QUEUE_VALUE);
	if (take)
		memmove(queue_map.values, queue_map.values + VT_QUEUE_VALUE,
			--queue_len * VT_QUEUE_VALUE);
	return 0;
}

static u64 h_pop(u64 map, u64 value, u64 a3, u64 a4, u64 a5)
{
	return queue_get(PTR(value), true);
}

static u64 h_peek(u64 map, u64 value, u64 a3, u64 a4, u64 a5)
{
	return queue_get(PTR(value), false);
}

static u64 h_const(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	return 0;
}

/* The packet a socket filter sees: from the IP header on. */
static const u8 *skb_data = vt_packet + 14;

static u64 h_skb_load_bytes(u64 ctx, u64 off, u64 to, u64 len, u64 a5)
{
	if ((u32)off >= VT_SKB_LEN || (u32)len > VT_SKB_LEN - (u32)off) {
		memset(PTR(to), 0, len);
		return -EFAULT;
	}
	memcpy(PTR(to), skb_data + (u32)off, len);
	return 0;
}

static bool vt_load_packet(const void *ctx, u64 off, u32 size, u64 *val)
{
	u32 i;

	if ((s64)off < 0 || off + size > VT_SKB_LEN)
		return false;
	*val = 0;
	for (i = 0; i < size; i++)
		*val = *val << 8 | skb_data[off + i];
	return true;
}

static ebpf_helper_fn helpers[256] = {
	[BPF_FUNC_map_lookup_elem] = h_lookup,
	[BPF_FUNC_map_update_elem] = h_update,
	[BPF_FUNC_map_delete_elem] = h_delete,
	[BPF_FUNC_ktime_get_ns] = h_const,
	[BPF_FUNC_get_prandom_u32] = h_const,
	[BPF_FUNC_get_smp_processor_id] = h_const,
	[BPF_FUNC_trace_printk] = h_const,
	[BPF_FUNC_skb_load_bytes] = h_skb_load_bytes,
	[BPF_FUNC_strtol] = h_strtol,
	[BPF_FUNC_strtoul] = h_strtoul,
	[BPF_FUNC_strncmp] = h_strncmp,
	[BPF_FUNC_ringbuf_output] = h_ringbuf_output,
	[BPF_FUNC_ringbuf_query] = h_const,
	[BPF_FUNC_ringbuf_reserve] = h_ringbuf_reserve,
	[BPF_FUNC_ringbuf_submit] = h_const,
	[BPF_FUNC_ringbuf_discard] = h_const,
	[BPF_FUNC_map_push_elem] = h_push,
	[BPF_FUNC_map_pop_elem] = h_pop,
	[BPF_FUNC_map_peek_elem] = h_peek,
};

/*
 * The context: what a socket filter reads, then where the JIT's LD_ABS
 * fast path finds the packet's bytes, as an skb's data, len, data_len.
 */
struct vt_skb {
	struct __sk_buff skb;
	const u8 *data;
	u32 len;
	u32 data_len;
};

static const struct ebpf_interp_env env = {
	.helpers = helpers,
	.load_packet = vt_load_packet,
	.linear = {
		.data = offsetof(struct vt_skb, data),
		.len = offsetof(struct vt_skb, len),
		.data_len = offsetof(struct vt_skb, data_len),
	},
};

static const struct ebpf_prog_desc socket_desc = {
	.name = "socket_filter",
	.ld_abs = true,
	.ctx_access_ok = ebpf_skb_ctx_access_ok,
	.helper = ebpf_sk_filter_helper,
};

static const struct ebpf_prog_desc tracepoint_desc = {
	.name = "tracepoint",
	.ctx_access_ok = ebpf_tp_ctx_access_ok,
	.helper = ebpf_tracepoint_helper,
};

/* What BPF_PROG_TEST_RUN's skb shows a socket filter of vt_packet. */
static void fill_skb(struct vt_skb *ctx)
{
	struct __sk_buff *skb = &ctx->skb;

	memset(ctx, 0, sizeof(*ctx));
	ctx->data = skb_data;
	ctx->len = VT_SKB_LEN;
	skb->len = VT_SKB_LEN;
	skb->protocol = 0x0008;		/* htons(ETH_P_IP), as stored */
	skb->pkt_type = 3;		/* PACKET_OTHERHOST: not lo's address */
	skb->ifindex = 1;		/* lo */
}

/* ---- the runner ------------------------------------------------------- */

/* one context for every run, so that both runtimes see the same address */
static struct vt_skb skb;

static char log_buf[1 << 20];

struct outcome {
	int err;
	bool ran;
	u32 retval;
	int jit_failed;		/* rewrites and runs of the JIT that were wrong */
	u32 nospec;		/* barriers in the rewritten program */
};

/* The maps' contents after a run, to compare the runtimes by. */
struct snapshot {
	u8 *data;
	size_t len;
};

static size_t umap_bytes(const struct umap *m)
{
	return (size_t)m->max_entries * (m->key_size + 1 + m->value_size);
}

static void umap_copy(u8 *to, const struct umap *m)
{
	memcpy(to, m->keys, m->max_entries * m->key_size);
	to += m->max_entries * m->key_size;
	memcpy(to, m->used, m->max_entries);
	to += m->max_entries;
	memcpy(to, m->values, m->max_entries * m->value_size);
}

static struct snapshot snap_maps(void)
{
	struct snapshot sn;

	sn.len = umap_bytes(&hash_map) + umap_bytes(&array_map) +
		 umap_bytes(&global_map);
	sn.data = malloc(sn.len);
	umap_copy(sn.data, &hash_map);
	umap_copy(sn.data + umap_bytes(&hash_map), &array_map);
	umap_copy(sn.data + umap_bytes(&hash_map) + umap_bytes(&array_map),
		  &global_map);
	return sn;
}

/*
 * Back to how the case starts, where the maps are (a program may store
 * their addresses): empty, or holding vt_rodata (VT_FROZEN).
 */
static void clear_maps(void)
{
	struct umap *m[] = { &hash_map, &array_map, &global_map };
	u32 i;

	for (i = 0; i < ARRAY_SIZE(m); i++) {
		memset(m[i]->keys, 0, m[i]->max_entries * m[i]->key_size);
		memset(m[i]->used, 0, m[i]->max_entries);
		memset(m[i]->values, 0, m[i]->max_entries * m[i]->value_size);
	}
	if (maps_frozen)
		fill_rodata();
	queue_len = 0;
}

/* This thread's stack, where both runtimes keep the program's stack. */
static uintptr_t stack_lo, stack_hi;

static void find_stack(void)
{
	pthread_attr_t attr;
	size_t size;
	void *lo;

	if (pthread_getattr_np(pthread_self(), &attr) ||
	    pthread_attr_getstack(&attr, &lo, &size))
		abort();
	pthread_attr_destroy(&attr);
	stack_lo = (uintptr_t)lo;
	stack_hi = stack_lo + size;
}

static bool on_stack32(u32 v)
{
	return v >= (u32)stack_lo && v < (u32)stack_hi;
}

/*
 * Do two snapshots agree? A program may store the frame pointer (or its
 * low half) into a map, and the two runtimes' stacks are at different
 * addresses: 32-bit words that differ pass when both lie in this
 * thread's stack. The stack is far smaller than 4 GiB, so its low halves
 * do not wrap.
 */
static bool same_maps(const struct snapshot *a, const struct snapshot *b)
{
	size_t i;
	u32 x, y;

	if (a->len != b->len)
		return false;
	for (i = 0; i + 4 <= a->len; i += 4) {
		memcpy(&x, a->data + i, 4);
		memcpy(&y, b->data + i, 4);
		if (x != y && !(on_stack32(x) && on_stack32(y)))
			return false;
	}
	return !memcmp(a->data + i, b->data + i, a->len - i);
}

/*
 * Run the verified @insns from the JIT (@blind: with blinding) on fresh
 * maps; 0 when it returns @retval and leaves the maps as @sn, else 1
 * with the difference printed.
 */
static int jit_matches(const struct vt_case *c, const struct bpf_insn *insns,
		       u32 cnt, u32 depth, bool blind, u32 retval,
		       const struct snapshot *sn)
{
	const char *how = blind ? "jit blinded" : "jit";
	struct snapshot now;
	struct jit_prog p;
	int err, bad = 0;
	u32 r;

	clear_maps();
	err = jit_load(&p, insns, cnt, depth, &env, blind);
	if (err) {
		printf("FAIL %s: %s: not translated, errno %d\n", c->name, how,
		       -err);
		return 1;
	}
	fill_skb(&skb);
	r = p.fn(&skb);
	jit_unload(&p);
	now = snap_maps();
	if (r != retval) {
		printf("FAIL %s: %s returned %#x, the interpreter %#x\n",
		       c->name, how, r, retval);
		bad = 1;
	} else if (!same_maps(&now, sn)) {
		printf("FAIL %s: %s left the maps other than the interpreter\n",
		       c->name, how);
		bad = 1;
	}
	free(now.data);
	return bad;
}

/*
 * What the loader may do: everything (0), an unprivileged loader on a
 * kernel without CPU mitigations (1), or one with the Spectre rules too
 * (VT_SPECTRE), as on the test kernels.
 */
static struct ebpf_perms perms_of(int unpriv)
{
	struct ebpf_perms p = ebpf_perms_all(!unpriv);

	if (unpriv == 1) {
		p.bypass_spec_v1 = true;
		p.bypass_spec_v4 = true;
	}
	return p;
}

static const char *const mode_name[] = { "priv", "unpriv", "unpriv, spectre" };

/*
 * Is the rewritten @insns what @c->spec_xlated says? An LD_IMM64's imm
 * (a map's address there) is not compared. 1 with the difference printed.
 */
static int xlated_differs(const struct vt_case *c, const struct bpf_insn *insns,
			  u32 cnt)
{
	const struct bpf_insn *want = c->spec_xlated;
	u32 i, len = VT_MAX_XLATED;

	while (len && !memcmp(&want[len - 1], &(struct bpf_insn){}, sizeof(*want)))
		len--;
	if (cnt != len) {
		printf("FAIL %s (%s): rewritten to %u insns, expected %u\n",
		       c->name, mode_name[VT_SPECTRE], cnt, len);
		return 1;
	}
	for (i = 0; i < cnt; i++) {
		bool imm64 = want[i].code == (BPF_LD | BPF_IMM | BPF_DW) ||
			     (i && want[i - 1].code == (BPF_LD | BPF_IMM | BPF_DW));

		if (insns[i].code == want[i].code &&
		    insns[i].dst_reg == want[i].dst_reg &&
		    insns[i].src_reg == want[i].src_reg &&
		    insns[i].off == want[i].off &&
		    (imm64 || insns[i].imm == want[i].imm))
			continue;
		printf("FAIL %s (%s): rewritten insn %u is %02x %u %u %d %d,",
		       c->name, mode_name[VT_SPECTRE], i, insns[i].code,
		       insns[i].dst_reg, insns[i].src_reg, insns[i].off,
		       insns[i].imm);
		printf(" expected %02x %u %u %d %d\n", want[i].code, want[i].dst_reg,
		       want[i].src_reg, want[i].off, want[i].imm);
		return 1;
	}
	return 0;
}

static struct outcome load_and_run(const struct vt_case *c, int unpriv)
{
	struct bpf_insn *insns = calloc(vt_len(c) ?: 1, sizeof(*insns));
	struct ebpf_verify_args a = {
		.insns = insns,
		.insn_cnt = vt_len(c),
		.desc = vt_is_socket_filter(c) ? &socket_desc : &tracepoint_desc,
		.perms = perms_of(unpriv),
		.gpl = !strcmp(vt_license(c), "GPL") ||
		       !strcmp(vt_license(c), "Dual BSD/GPL"),
		/* what prog.c makes of the prog_flags */
		.strict_alignment = (c->prog_flags & BPF_F_STRICT_ALIGNMENT) &&
				    !(c->prog_flags & BPF_F_ANY_ALIGNMENT),
		.sleepable = c->prog_flags & BPF_F_SLEEPABLE,
		.log_level = unpriv == VT_SPECTRE && c->spec_log2 ? 2 : 1,
		.log_buf = log_buf,
		.log_size = sizeof(log_buf),
		.map_by_fd = map_by_fd,
	};
	struct outcome o = {};

	map_flags = c->map_flags;
	umap_init(&hash_map, BPF_MAP_TYPE_HASH, VT_HASH_KEY, VT_HASH_VALUE,
		  VT_HASH_ENTRIES);
	umap_init(&array_map, BPF_MAP_TYPE_ARRAY, VT_ARRAY_KEY,
		  VT_ARRAY_VALUE, VT_ARRAY_ENTRIES);
	umap_init(&global_map, BPF_MAP_TYPE_ARRAY, VT_ARRAY_KEY,
		  VT_ARRAY_VALUE, VT_GLOBAL_ENTRIES);
	umap_init(&ringbuf_map, BPF_MAP_TYPE_RINGBUF, 0, 0, VT_RINGBUF_SIZE);
	umap_init(&queue_map, BPF_MAP_TYPE_QUEUE, 0, VT_QUEUE_VALUE,
		  VT_QUEUE_ENTRIES);
	queue_len = 0;
	maps_frozen = c->flags & VT_FROZEN;
	if (maps_frozen)
		fill_rodata();
	if (c->gen)
		c->gen(insns, c->len);
	else
		memcpy(insns, c->insns, vt_len(c) * sizeof(*insns));
	o.err = -ebpf_verify(&a);
	if (!o.err) {
		struct vt_expect e = vt_expect(c, unpriv, 0);
		u32 i;

		for (i = 0; i < a.insn_cnt; i++)
			o.nospec += a.insns[i].code == EBPF_ST_NOSPEC;
		if (unpriv == VT_SPECTRE && c->spec_xlated[0].code)
			o.jit_failed += xlated_differs(c, a.insns, a.insn_cnt);
		/* a wrong rewrite may loop forever: then it does not run */
		if (o.jit_failed)
			e.run = false;

		if (e.run) {
			struct snapshot sn;

			fill_skb(&skb);
			o.retval = ebpf_interp_run(a.insns, &skb, &env);
			o.ran = true;
			sn = snap_maps();
			o.jit_failed += jit_matches(c, a.insns, a.insn_cnt,
						   a.stack_depth, false,
						   o.retval, &sn) +
				       jit_matches(c, a.insns, a.insn_cnt,
						   a.stack_depth, true,
						   o.retval, &sn);
			free(sn.data);
		}
		free((void *)a.insns);
	}
	free(insns);
	return o;
}

static bool check(const struct vt_case *c, int unpriv)
{
	struct vt_expect e = vt_expect(c, unpriv, 0);
	struct outcome o = load_and_run(c, unpriv);
	const char *tail;

	if (e.result == VT_ACCEPT && o.err) {
		printf("FAIL %s (%s): rejected with errno %d, expected to load\n",
		       c->name, mode_name[unpriv], o.err);
	} else if (e.result == VT_REJECT && !o.err) {
		printf("FAIL %s (%s): loaded, expected errno %d\n", c->name,
		       mode_name[unpriv], e.err);
	} else if (e.result == VT_REJECT && o.err != e.err) {
		printf("FAIL %s (%s): errno %d, expected %d\n", c->name,
		       mode_name[unpriv], o.err, e.err);
	} else if (e.result == VT_REJECT && e.errstr &&
		   !strstr(log_buf, e.errstr)) {
		printf("FAIL %s (%s): log lacks \"%s\"\n", c->name,
		       mode_name[unpriv], e.errstr);
	} else if (unpriv == VT_SPECTRE && c->spec_log2 &&
		   !strstr(log_buf, c->spec_log2)) {
		printf("FAIL %s (%s): the level 2 log lacks \"%s\"\n", c->name,
		       mode_name[unpriv], c->spec_log2);
	} else if (unpriv == VT_SPECTRE && !o.err && (c->flags & VT_NOSPEC) &&
		   o.nospec != c->spec_nospec) {
		printf("FAIL %s (%s): %u barriers, expected %u\n", c->name,
		       mode_name[unpriv], o.nospec, c->spec_nospec);
	} else if (o.jit_failed) {
		return false;
	} else if (o.ran && o.retval != e.retval) {
		printf("FAIL %s (%s): retval %#x, expected %#x\n", c->name,
		       mode_name[unpriv], o.retval, e.retval);
	} else {
		return true;
	}
	tail = log_buf + strlen(log_buf);
	tail = tail - log_buf > 1500 ? tail - 1500 : log_buf;
	printf("  log: %s\n", tail);
	return false;
}

int main(void)
{
	u32 i, pass = 0, fail = 0;

	/* emitted code that loops forever fails the test instead of hanging */
	alarm(60);
	find_stack();
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct vt_case *c = &cases[i];
		bool ok = check(c, false);

		if (ok && vt_is_socket_filter(c))
			ok = check(c, 1) && check(c, VT_SPECTRE);
		if (ok)
			pass++;
		else
			fail++;
	}
	umap_init(&hash_map, 0, 1, 1, 1);
	umap_init(&array_map, 0, 1, 1, 1);
	umap_init(&global_map, 0, 1, 1, 1);
	printf("verifier table: %u passed, %u failed\n", pass, fail);
	return fail ? 1 : 0;
}
