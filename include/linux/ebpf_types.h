/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every map type of the eBPF subsystem, once. Include after defining
 * EBPF_MAP_TYPE(uapi_type, ops_symbol); no include guard on purpose.
 */
EBPF_MAP_TYPE(BPF_MAP_TYPE_HASH, ebpf_htab_ops)
EBPF_MAP_TYPE(BPF_MAP_TYPE_ARRAY, ebpf_array_ops)
EBPF_MAP_TYPE(BPF_MAP_TYPE_RINGBUF, ebpf_ringbuf_ops)
EBPF_MAP_TYPE(BPF_MAP_TYPE_QUEUE, ebpf_queue_stack_ops)
EBPF_MAP_TYPE(BPF_MAP_TYPE_STACK, ebpf_queue_stack_ops)
