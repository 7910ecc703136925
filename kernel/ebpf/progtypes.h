/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Program types as the verifier sees them: the helper prototypes and, per
 * type, which helpers and which context accesses a program gets. Pure: the
 * kernel builds its struct ebpf_prog_desc from these (adding the context
 * rewrite, which needs struct sk_buff), and so do the user-space tests.
 */
#ifndef _EBPF_PROGTYPES_H
#define _EBPF_PROGTYPES_H

#include "core.h"
#include "verifier.h"

/*
 * Helper ids are the uapi's (enum bpf_func_id), below this.
 * ebpf_helper_by_id() (verifier.h) gives the prototype of each of ours.
 */
#define EBPF_HELPER_MAX __BPF_FUNC_MAX_ID

/* Which program types offer a helper (helper_list.h), to which loaders. */
enum ebpf_helper_scope {
	EBPF_HELPER_BASE,	/* every type, every loader */
	EBPF_HELPER_BPF,	/* every type, loaders with CAP_BPF */
	EBPF_HELPER_PERFMON,	/* every type, loaders with CAP_PERFMON */
	EBPF_HELPER_SKB,	/* types whose context is an skb */
	EBPF_HELPER_TRACING,	/* tracing types */
};

/* BPF_PROG_TYPE_SOCKET_FILTER: the context is a struct __sk_buff. */
#define SKB_FIELD(field)	offsetof(struct __sk_buff, field)
#define SKB_CB_START		SKB_FIELD(cb[0])
#define SKB_CB_END		(SKB_FIELD(cb[4]) + sizeof(u32))

bool ebpf_skb_ctx_access_ok(s32 off, u32 size, bool write);
const struct ebpf_helper_proto *
ebpf_sk_filter_helper(u32 id, const struct ebpf_perms *perms);

/*
 * BPF_PROG_TYPE_TRACEPOINT: the context is the event's record, read-only,
 * at most EBPF_TP_CTX_SIZE bytes.
 */
#define EBPF_TP_CTX_SIZE 8192
bool ebpf_tp_ctx_access_ok(s32 off, u32 size, bool write);
const struct ebpf_helper_proto *
ebpf_tracepoint_helper(u32 id, const struct ebpf_perms *perms);

#endif /* _EBPF_PROGTYPES_H */
