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
 * Helper ids are the uapi's (enum bpf_func_id); all ours are below this.
 * ebpf_helper_by_id() (verifier.h) gives the prototype of each.
 */
#define EBPF_HELPER_MAX (BPF_FUNC_skb_load_bytes + 1)

/* BPF_PROG_TYPE_SOCKET_FILTER: the context is a struct __sk_buff. */
bool ebpf_skb_ctx_access_ok(s32 off, u32 size, bool write);
const struct ebpf_helper_proto *ebpf_sk_filter_helper(u32 id,
						      bool privileged);

/*
 * BPF_PROG_TYPE_TRACEPOINT: the context is the event's record, read-only,
 * at most EBPF_TP_CTX_SIZE bytes.
 */
#define EBPF_TP_CTX_SIZE 8192
bool ebpf_tp_ctx_access_ok(s32 off, u32 size, bool write);
const struct ebpf_helper_proto *ebpf_tracepoint_helper(u32 id,
						       bool privileged);

#endif /* _EBPF_PROGTYPES_H */
