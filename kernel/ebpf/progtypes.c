// SPDX-License-Identifier: GPL-2.0
/*
 * Helper prototypes and the program types' rules, as data the verifier
 * checks programs against. The helpers themselves are in helpers.c (and
 * sk_filter.c for those that need an skb); ids and argument order are the
 * uapi's.
 */
#include "core.h"
#include "verifier.h"
#include "progtypes.h"

#define ARGS(...) .args = { __VA_ARGS__ }

static const struct ebpf_helper_proto ebpf_helpers[EBPF_HELPER_MAX] = {
	[BPF_FUNC_map_lookup_elem] = {
		.name = "map_lookup_elem",
		.ret = EBPF_RET_MAP_VALUE_OR_NULL,
		ARGS(EBPF_ARG_MAP, EBPF_ARG_MAP_KEY),
	},
	[BPF_FUNC_map_update_elem] = {
		.name = "map_update_elem",
		.writes_map = true,
		.ret = EBPF_RET_INTEGER,
		ARGS(EBPF_ARG_MAP, EBPF_ARG_MAP_KEY, EBPF_ARG_MAP_VALUE,
		     EBPF_ARG_ANYTHING),
	},
	[BPF_FUNC_map_delete_elem] = {
		.name = "map_delete_elem",
		.writes_map = true,
		.ret = EBPF_RET_INTEGER,
		ARGS(EBPF_ARG_MAP, EBPF_ARG_MAP_KEY),
	},
	/* (dst, size, unsafe_ptr): dst is zeroed when the read faults */
	[BPF_FUNC_probe_read] = {
		.name = "probe_read",
		.gpl_only = true,
		.ret = EBPF_RET_INTEGER,
		ARGS(EBPF_ARG_UNINIT_MEM, EBPF_ARG_SIZE_OR_ZERO,
		     EBPF_ARG_ANYTHING),
	},
	[BPF_FUNC_ktime_get_ns] = {
		.name = "ktime_get_ns",
		.ret = EBPF_RET_INTEGER,
	},
	/* (fmt, fmt_size, arg1, arg2, arg3) */
	[BPF_FUNC_trace_printk] = {
		.name = "trace_printk",
		.gpl_only = true,
		.ret = EBPF_RET_INTEGER,
		ARGS(EBPF_ARG_MEM, EBPF_ARG_SIZE, EBPF_ARG_ANYTHING,
		     EBPF_ARG_ANYTHING, EBPF_ARG_ANYTHING),
	},
	[BPF_FUNC_get_prandom_u32] = {
		.name = "get_prandom_u32",
		.ret = EBPF_RET_INTEGER,
	},
	[BPF_FUNC_get_smp_processor_id] = {
		.name = "get_smp_processor_id",
		.ret = EBPF_RET_INTEGER,
	},
	/* (skb, offset, to, len): to is zeroed when the bytes are not there */
	[BPF_FUNC_skb_load_bytes] = {
		.name = "skb_load_bytes",
		.ret = EBPF_RET_INTEGER,
		ARGS(EBPF_ARG_CTX, EBPF_ARG_ANYTHING, EBPF_ARG_UNINIT_MEM,
		     EBPF_ARG_SIZE),
	},
};

const struct ebpf_helper_proto *ebpf_helper_by_id(u32 id)
{
	if (id >= EBPF_HELPER_MAX || !ebpf_helpers[id].name)
		return NULL;
	return &ebpf_helpers[id];
}

/* Helpers every program type gets. */
static bool ebpf_base_helper(u32 id)
{
	switch (id) {
	case BPF_FUNC_map_lookup_elem:
	case BPF_FUNC_map_update_elem:
	case BPF_FUNC_map_delete_elem:
	case BPF_FUNC_ktime_get_ns:
	case BPF_FUNC_get_prandom_u32:
	case BPF_FUNC_get_smp_processor_id:
		return true;
	default:
		return false;
	}
}

#define SKB_FIELD(field) offsetof(struct __sk_buff, field)
#define SKB_CB_START SKB_FIELD(cb[0])
#define SKB_CB_END (SKB_FIELD(cb[4]) + sizeof(u32))

/*
 * What a socket filter may do with its struct __sk_buff:
 *
 *  - cb[0..4], its scratch area, is readable and writable with 1, 2 or 4
 *    byte accesses, naturally aligned;
 *  - len, pkt_type, mark, queue_mapping, protocol, vlan_present, vlan_tci,
 *    vlan_proto, priority, ingress_ifindex, ifindex and hash are readable
 *    with aligned loads of 1, 2 or 4 bytes (a narrow load reads those
 *    bytes of the 32-bit value as a little-endian machine stores it);
 *  - nothing else: data and data_end (direct packet access), tc_index,
 *    tc_classid, napi_id and everything after hash belong to other program
 *    types or are not offered. Socket filters read packet bytes with
 *    LD_ABS/LD_IND or skb_load_bytes().
 */
bool ebpf_skb_ctx_access_ok(s32 off, u32 size, bool write)
{
	if (off < 0 || off >= sizeof(struct __sk_buff))
		return false;
	if (size != 1 && size != 2 && size != 4)
		return false;
	if (off % size)
		return false;
	if (off >= SKB_CB_START && off + size <= SKB_CB_END)
		return true;
	if (write)
		return false;

	/* narrower loads read the low-order bytes they name, little-endian */
	switch (off & ~3) {
	case SKB_FIELD(len):
	case SKB_FIELD(pkt_type):
	case SKB_FIELD(mark):
	case SKB_FIELD(queue_mapping):
	case SKB_FIELD(protocol):
	case SKB_FIELD(vlan_present):
	case SKB_FIELD(vlan_tci):
	case SKB_FIELD(vlan_proto):
	case SKB_FIELD(priority):
	case SKB_FIELD(ingress_ifindex):
	case SKB_FIELD(ifindex):
	case SKB_FIELD(hash):
		return true;
	default:
		return false;
	}
}

/*
 * Socket filters get the base helpers and skb_load_bytes(); trace_printk()
 * only for privileged loaders, as mainline (which asks for CAP_PERFMON);
 * never probe_read(), which reads arbitrary kernel memory.
 */
const struct ebpf_helper_proto *ebpf_sk_filter_helper(u32 id,
						      bool privileged)
{
	if (ebpf_base_helper(id) || id == BPF_FUNC_skb_load_bytes ||
	    (id == BPF_FUNC_trace_printk && privileged))
		return ebpf_helper_by_id(id);
	return NULL;
}

/*
 * A tracepoint program reads the event's record: any naturally aligned
 * load of 1, 2, 4 or 8 bytes inside the first EBPF_TP_CTX_SIZE bytes (the
 * largest record perf accepts, PERF_MAX_TRACE_SIZE), except the first
 * eight, as mainline. The real size of the record is only known when the program is
 * attached to an event, so reads past it are for the attach code to
 * prevent. Nothing is writable.
 */
bool ebpf_tp_ctx_access_ok(s32 off, u32 size, bool write)
{
	/* the first word is the common header mainline hides too */
	if (write || off < (s32)sizeof(u64) || off >= EBPF_TP_CTX_SIZE)
		return false;
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return false;
	return off % size == 0 && off + size <= EBPF_TP_CTX_SIZE;
}

/* Only privileged loaders get here, so probe_read() is on offer. */
const struct ebpf_helper_proto *ebpf_tracepoint_helper(u32 id,
						       bool privileged)
{
	if (ebpf_base_helper(id) || id == BPF_FUNC_trace_printk ||
	    id == BPF_FUNC_probe_read)
		return ebpf_helper_by_id(id);
	return NULL;
}
