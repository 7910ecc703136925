/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every helper, once:
 *
 *	EBPF_HELPER(name, prototype fields...)
 *
 * name is the uapi's (BPF_FUNC_<name>), and the kernel's implementation is
 * ebpf_helper_<name> (helpers.c, or sk_filter.c when it needs an skb); the
 * fields initialise its struct ebpf_helper_proto, .scope saying which
 * program types offer it (enum ebpf_helper_scope, progtypes.h).
 * progtypes.c expands the prototypes, helpers.c the functions. Include
 * after defining EBPF_HELPER; no include guard on purpose.
 */
EBPF_HELPER(map_lookup_elem, .scope = EBPF_HELPER_BASE,
	    .ret = EBPF_RET_MAP_VALUE_OR_NULL,
	    .args = { EBPF_ARG_MAP, EBPF_ARG_MAP_KEY })
EBPF_HELPER(map_update_elem, .scope = EBPF_HELPER_BASE,
	    .writes_map = true, .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_MAP, EBPF_ARG_MAP_KEY, EBPF_ARG_MAP_VALUE,
		      EBPF_ARG_ANYTHING })
EBPF_HELPER(map_delete_elem, .scope = EBPF_HELPER_BASE,
	    .writes_map = true, .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_MAP, EBPF_ARG_MAP_KEY })
/*
 * (dst, size, unsafe_ptr): dst is zeroed when the read faults; an address
 * below TASK_SIZE is read as user memory, as on mainline's x86
 */
EBPF_HELPER(probe_read, .scope = EBPF_HELPER_TRACING,
	    .gpl_only = true, .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_UNINIT_MEM, EBPF_ARG_SIZE_OR_ZERO,
		      EBPF_ARG_ANYTHING })
EBPF_HELPER(ktime_get_ns, .scope = EBPF_HELPER_BASE,
	    .ret = EBPF_RET_INTEGER)
/*
 * (fmt, fmt_size, arg1, arg2, arg3): the arguments are not checked, as
 * mainline, so a format without conversions needs no r3..r5
 */
EBPF_HELPER(trace_printk, .scope = EBPF_HELPER_PERFMON,
	    .gpl_only = true, .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_MEM, EBPF_ARG_SIZE })
EBPF_HELPER(get_prandom_u32, .scope = EBPF_HELPER_BASE,
	    .ret = EBPF_RET_INTEGER)
EBPF_HELPER(get_smp_processor_id, .scope = EBPF_HELPER_BASE,
	    .ret = EBPF_RET_INTEGER)
/* the task the program runs in: tgid << 32 | pid */
EBPF_HELPER(get_current_pid_tgid, .scope = EBPF_HELPER_BASE,
	    .ret = EBPF_RET_INTEGER)
/* gid << 32 | uid of the task, as the initial user namespace sees them */
EBPF_HELPER(get_current_uid_gid, .scope = EBPF_HELPER_TRACING,
	    .ret = EBPF_RET_INTEGER)
/* (buf, size): the task's name, NUL-padded (cut to size - 1 bytes) */
EBPF_HELPER(get_current_comm, .scope = EBPF_HELPER_TRACING,
	    .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_UNINIT_MEM, EBPF_ARG_SIZE })
/* (skb, offset, to, len): to is zeroed when the bytes are not there */
EBPF_HELPER(skb_load_bytes, .scope = EBPF_HELPER_SKB,
	    .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_CTX, EBPF_ARG_ANYTHING, EBPF_ARG_UNINIT_MEM,
		      EBPF_ARG_SIZE })
EBPF_HELPER(get_numa_node_id, .scope = EBPF_HELPER_BASE,
	    .ret = EBPF_RET_INTEGER)
/* (skb): the cookie of the skb's socket (SO_COOKIE), 0 without one */
EBPF_HELPER(get_socket_cookie, .scope = EBPF_HELPER_SKB,
	    .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_CTX })
/* (skb): the uid owning the skb's socket, the overflow uid without one */
EBPF_HELPER(get_socket_uid, .scope = EBPF_HELPER_SKB,
	    .ret = EBPF_RET_INTEGER, .args = { EBPF_ARG_CTX })
/* (skb, offset, to, len, start_header): from the MAC or network header */
EBPF_HELPER(skb_load_bytes_relative, .scope = EBPF_HELPER_SKB,
	    .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_CTX, EBPF_ARG_ANYTHING, EBPF_ARG_UNINIT_MEM,
		      EBPF_ARG_SIZE, EBPF_ARG_ANYTHING })
EBPF_HELPER(jiffies64, .scope = EBPF_HELPER_BPF,
	    .ret = EBPF_RET_INTEGER)
/* CLOCK_BOOTTIME: CLOCK_MONOTONIC and the time spent suspended */
EBPF_HELPER(ktime_get_boot_ns, .scope = EBPF_HELPER_BASE,
	    .ret = EBPF_RET_INTEGER)
EBPF_HELPER(ktime_get_tai_ns, .scope = EBPF_HELPER_BASE,
	    .ret = EBPF_RET_INTEGER)
/* the cheap clock: CLOCK_MONOTONIC as of the last tick */
EBPF_HELPER(ktime_get_coarse_ns, .scope = EBPF_HELPER_SKB,
	    .ret = EBPF_RET_INTEGER)
/* the address of the task_struct the program runs in, as a number */
EBPF_HELPER(get_current_task, .scope = EBPF_HELPER_PERFMON,
	    .gpl_only = true, .ret = EBPF_RET_INTEGER)
/* (dst, size, unsafe_ptr): as the string variants below, dst zeroed */
EBPF_HELPER(probe_read_str, .scope = EBPF_HELPER_TRACING,
	    .gpl_only = true, .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_UNINIT_MEM, EBPF_ARG_SIZE_OR_ZERO,
		      EBPF_ARG_ANYTHING })
/* (dst, size, unsafe_ptr): user memory only; dst zeroed on a fault */
EBPF_HELPER(probe_read_user, .scope = EBPF_HELPER_PERFMON,
	    .gpl_only = true, .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_UNINIT_MEM, EBPF_ARG_SIZE_OR_ZERO,
		      EBPF_ARG_ANYTHING })
/* (dst, size, unsafe_ptr): kernel memory only; dst zeroed on a fault */
EBPF_HELPER(probe_read_kernel, .scope = EBPF_HELPER_PERFMON,
	    .gpl_only = true, .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_UNINIT_MEM, EBPF_ARG_SIZE_OR_ZERO,
		      EBPF_ARG_ANYTHING })
/*
 * (dst, size, unsafe_ptr): a NUL-terminated string of user memory, cut
 * to size - 1 bytes; its length with the NUL, or -errno with dst zeroed
 */
EBPF_HELPER(probe_read_user_str, .scope = EBPF_HELPER_PERFMON,
	    .gpl_only = true, .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_UNINIT_MEM, EBPF_ARG_SIZE_OR_ZERO,
		      EBPF_ARG_ANYTHING })
/* (dst, size, unsafe_ptr): the same from kernel memory */
/* (dst, src, size): into the task's user memory; tracing, GPL, as mainline */
EBPF_HELPER(probe_write_user, .scope = EBPF_HELPER_TRACING,
	    .gpl_only = true, .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_ANYTHING, EBPF_ARG_MEM, EBPF_ARG_SIZE })
/* the cgroup2 id of the task's cgroup; privileged loaders, as 6.12 */
EBPF_HELPER(get_current_cgroup_id, .scope = EBPF_HELPER_BPF,
	    .ret = EBPF_RET_INTEGER)
/* (level): the id of its ancestor there, 0 when there is none */
EBPF_HELPER(get_current_ancestor_cgroup_id, .scope = EBPF_HELPER_BPF,
	    .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_ANYTHING })
/* (dev, ino, nsdata, size): pid and tgid in that pid namespace; any loader */
EBPF_HELPER(get_ns_current_pid_tgid, .scope = EBPF_HELPER_BASE,
	    .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_ANYTHING, EBPF_ARG_ANYTHING,
		      EBPF_ARG_UNINIT_MEM, EBPF_ARG_SIZE })
/* (sig): a signal to the task's process, or (_thread) to its thread */
EBPF_HELPER(send_signal, .scope = EBPF_HELPER_TRACING,
	    .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_ANYTHING })
EBPF_HELPER(send_signal_thread, .scope = EBPF_HELPER_TRACING,
	    .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_ANYTHING })
EBPF_HELPER(probe_read_kernel_str, .scope = EBPF_HELPER_PERFMON,
	    .gpl_only = true, .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_UNINIT_MEM, EBPF_ARG_SIZE_OR_ZERO,
		      EBPF_ARG_ANYTHING })
/*
 * (buf, buf_len, flags, res): the number at buf in base flags (0: from
 * its prefix) into *res; the bytes consumed, or -errno with *res zero
 */
EBPF_HELPER(strtol, .scope = EBPF_HELPER_BASE,
	    .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_MEM, EBPF_ARG_SIZE, EBPF_ARG_ANYTHING,
		      EBPF_ARG_LONG_OUT })
EBPF_HELPER(strtoul, .scope = EBPF_HELPER_BASE,
	    .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_MEM, EBPF_ARG_SIZE, EBPF_ARG_ANYTHING,
		      EBPF_ARG_LONG_OUT })
/* (s1, s1_sz, s2): s2 a constant string of a frozen read-only map */
EBPF_HELPER(strncmp, .scope = EBPF_HELPER_BASE,
	    .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_MEM, EBPF_ARG_SIZE, EBPF_ARG_CONST_STR })
/*
 * (map, data, size, flags): a record of size bytes appended to a ring
 * buffer map; 0, or -EAGAIN when it has no room. flags: BPF_RB_NO_WAKEUP,
 * BPF_RB_FORCE_WAKEUP of the reader, or neither (wake it if it waits)
 */
EBPF_HELPER(ringbuf_output, .scope = EBPF_HELPER_BASE,
	    .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_MAP, EBPF_ARG_MEM, EBPF_ARG_SIZE_OR_ZERO,
		      EBPF_ARG_ANYTHING })
/*
 * (map, size, flags): room for a record of size bytes (a constant), or
 * NULL (no room, flags not 0); the program must submit or discard it
 */
EBPF_HELPER(ringbuf_reserve, .scope = EBPF_HELPER_BASE,
	    .ret = EBPF_RET_RINGBUF_MEM_OR_NULL,
	    .args = { EBPF_ARG_MAP, EBPF_ARG_ALLOC_SIZE, EBPF_ARG_ANYTHING })
/* (data, flags): the record is published, or (discard) skipped */
EBPF_HELPER(ringbuf_submit, .scope = EBPF_HELPER_BASE,
	    .ret = EBPF_RET_VOID,
	    .args = { EBPF_ARG_RINGBUF_RELEASE, EBPF_ARG_ANYTHING })
EBPF_HELPER(ringbuf_discard, .scope = EBPF_HELPER_BASE,
	    .ret = EBPF_RET_VOID,
	    .args = { EBPF_ARG_RINGBUF_RELEASE, EBPF_ARG_ANYTHING })
/* (map, flags): BPF_RB_AVAIL_DATA, _RING_SIZE, _CONS_POS or _PROD_POS */
EBPF_HELPER(ringbuf_query, .scope = EBPF_HELPER_BASE,
	    .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_MAP, EBPF_ARG_ANYTHING })
/* (map, value, flags): onto a queue or stack; BPF_EXIST drops the oldest if full */
EBPF_HELPER(map_push_elem, .scope = EBPF_HELPER_BASE,
	    .writes_map = true, .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_MAP, EBPF_ARG_MAP_VALUE, EBPF_ARG_ANYTHING })
/* (map, value): the next value out, or -ENOENT with value zeroed */
EBPF_HELPER(map_pop_elem, .scope = EBPF_HELPER_BASE,
	    .writes_map = true, .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_MAP, EBPF_ARG_MAP_VALUE_OUT })
/* (map, value): the same, left in */
EBPF_HELPER(map_peek_elem, .scope = EBPF_HELPER_BASE,
	    .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_MAP, EBPF_ARG_MAP_VALUE_OUT })
/*
 * (ctx): the address of the traced function; on tracepoints mainline
 * offers it and refuses every call (ENOTSUPP), as here
 */
EBPF_HELPER(get_func_ip, .scope = EBPF_HELPER_TRACING,
	    .gpl_only = true, .unusable = true, .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_CTX })
/* (ctx): the cookie of the attachment: 0, as attaching by ioctl gives */
EBPF_HELPER(get_attach_cookie, .scope = EBPF_HELPER_TRACING,
	    .ret = EBPF_RET_INTEGER, .args = { EBPF_ARG_CTX })
/*
 * (buf, size, flags): the CPU's last branch records, if it keeps them;
 * their bytes, -ENOENT for none, -EINVAL for any flag
 */
EBPF_HELPER(get_branch_snapshot, .scope = EBPF_HELPER_TRACING,
	    .gpl_only = true, .ret = EBPF_RET_INTEGER,
	    .args = { EBPF_ARG_UNINIT_MEM, EBPF_ARG_SIZE_OR_ZERO })
