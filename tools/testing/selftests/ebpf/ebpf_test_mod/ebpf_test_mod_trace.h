/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ebpf_test_mod/ebpf_test_fire: one record per firing, its sequence
 * number within the write that fired it and the count that write asked.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM ebpf_test_mod

#if !defined(_EBPF_TEST_MOD_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _EBPF_TEST_MOD_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(ebpf_test_fire,
	TP_PROTO(u64 seq, u32 count),
	TP_ARGS(seq, count),
	TP_STRUCT__entry(
		__field(u64, seq)
		__field(u32, count)
	),
	TP_fast_assign(
		__entry->seq = seq;
		__entry->count = count;
	),
	TP_printk("seq=%llu count=%u", __entry->seq, __entry->count)
);

#endif /* _EBPF_TEST_MOD_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE ebpf_test_mod_trace
#include <trace/define_trace.h>
