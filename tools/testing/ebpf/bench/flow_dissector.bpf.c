// SPDX-License-Identifier: GPL-2.0
/* The flow dissector as a socket filter: clang -O2 -target bpf. */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

#define FD_CTX		void
#define FD_U32		unsigned int

unsigned long long load_byte(void *skb, unsigned long long off)
	asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb, unsigned long long off)
	asm("llvm.bpf.load.half");
unsigned long long load_word(void *skb, unsigned long long off)
	asm("llvm.bpf.load.word");

#define FD_LOAD8(ctx, off)	load_byte(ctx, off)
#define FD_LOAD16(ctx, off)	load_half(ctx, off)
#define FD_LOAD32(ctx, off)	load_word(ctx, off)

#include "flow_dissector.h"

SEC("socket")
int flow_dissector(void *skb)
{
	return flow_dissect(skb);
}

char _license[] SEC("license") = "GPL";
