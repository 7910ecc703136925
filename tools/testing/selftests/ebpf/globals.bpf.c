// SPDX-License-Identifier: GPL-2.0
/*
 * global_data_test's program: C globals, which libbpf turns into array
 * maps of one element (.bss zeroed, .data with its initial values,
 * .rodata read-only to the program and frozen) that the code reaches
 * through BPF_PSEUDO_MAP_VALUE loads. Each run adds step to hits and
 * returns tag[1] * mult ('b' * 5 = 490).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 hits;				/* .bss */
__u32 step = 3;				/* .data */
const volatile char tag[5] = "ebpf";	/* .rodata: volatile, or clang */
const volatile __u32 mult = 5;		/* folds the reads away */

SEC("socket")
int use_globals(struct __sk_buff *skb)
{
	hits += step;
	return tag[1] * mult;
}

char _license[] SEC("license") = "GPL";
