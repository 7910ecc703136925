// SPDX-License-Identifier: GPL-2.0
/*
 * Helper prototypes and the program types' rules, as data the verifier
 * checks programs against. The helpers are listed once, in helper_list.h;
 * their functions are in helpers.c (and sk_filter.c for those that need an
 * skb); ids and argument order are the uapi's.
 */
#include "core.h"
#include "verifier.h"
#include "progtypes.h"

/* [BPF_FUNC_<name>] = { .name = "<name>", .scope = ..., ... } */
#define EBPF_HELPER(hname, ...) \
	[BPF_FUNC_##hname] = { .name = #hname, __VA_ARGS__ },

static const struct ebpf_helper_proto ebpf_helpers[EBPF_HELPER_MAX] = {
#include "helper_list.h"
};

#undef EBPF_HELPER

const struct ebpf_helper_proto *ebpf_helper_by_id(u32 id)
{
	if (id >= EBPF_HELPER_MAX || !ebpf_helpers[id].name)
		return NULL;
	return &ebpf_helpers[id];
}

/*
 * The helper @id for a program type whose own helpers are @type_scope's:
 * every type has the base ones, and those for CAP_BPF and CAP_PERFMON
 * when the loader has that capability, as mainline's bpf_base_func_proto().
 */
static const struct ebpf_helper_proto *
ebpf_helper_in_scope(u32 id, enum ebpf_helper_scope type_scope,
		     const struct ebpf_perms *perms)
{
	const struct ebpf_helper_proto *p = ebpf_helper_by_id(id);

	if (!p)
		return NULL;
	switch (p->scope) {
	case EBPF_HELPER_BASE:
		return p;
	case EBPF_HELPER_BPF:
		return perms->bpf ? p : NULL;
	case EBPF_HELPER_PERFMON:
		/* behind the CAP_BPF ones in mainline: both are needed */
		return perms->bpf && perms->perfmon ? p : NULL;
	default:
		return p->scope == type_scope ? p : NULL;
	}
}

/*
 * What a socket filter may do with its struct __sk_buff:
 *
 *  - cb[0..4], its scratch area, is readable and writable with 1, 2, 4
 *    or 8 byte accesses, naturally aligned (8 bytes at cb[0] or cb[2]);
 *  - the fields of skb_field_list.h are readable with aligned loads of 1,
 *    2 or 4 bytes (a narrow load reads those bytes of the 32-bit value as
 *    a little-endian machine stores it);
 *  - nothing else: data and data_end (direct packet access), tc_classid
 *    and the socket's addresses belong to other program types; sk (a
 *    pointer to the socket) is mainline's, not yet ours. Socket filters
 *    read packet bytes with LD_ABS/LD_IND or skb_load_bytes().
 */
bool ebpf_skb_ctx_access_ok(s32 off, u32 size, bool write)
{
	if (off < 0 || off >= sizeof(struct __sk_buff))
		return false;
	if (off % size)
		return false;
	if (off >= SKB_CB_START && off + size <= SKB_CB_END)
		return size <= 8;
	if (size != 1 && size != 2 && size != 4)
		return false;
	if (write)
		return false;

	/* narrower loads read the low-order bytes they name, little-endian */
	switch (off & ~3) {
#define EBPF_SKB_FIELD(field, ...) case SKB_FIELD(field):
#include "skb_field_list.h"
#undef EBPF_SKB_FIELD
		return true;
	default:
		return false;
	}
}

/*
 * Socket filters get the base helpers and the skb's: skb_load_bytes(),
 * skb_load_bytes_relative(), get_socket_cookie(), get_socket_uid() and
 * ktime_get_coarse_ns(), as mainline's sk_filter_func_proto(); never
 * probe_read(), which reads arbitrary kernel memory.
 */
const struct ebpf_helper_proto *
ebpf_sk_filter_helper(u32 id, const struct ebpf_perms *perms)
{
	return ebpf_helper_in_scope(id, EBPF_HELPER_SKB, perms);
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

/* Only CAP_PERFMON loaders get here, so probe_read() is on offer. */
const struct ebpf_helper_proto *
ebpf_tracepoint_helper(u32 id, const struct ebpf_perms *perms)
{
	return ebpf_helper_in_scope(id, EBPF_HELPER_TRACING, perms);
}
