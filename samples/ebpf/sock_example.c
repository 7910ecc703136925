// SPDX-License-Identifier: GPL-2.0
/*
 * sock_example: the 2014 proposal's socket filter sample. A program
 * written as instructions counts the packets a raw socket on lo receives,
 * per IP protocol, in an array map; it is loaded with BPF_PROG_LOAD and
 * attached with SO_ATTACH_BPF (SO_ATTACH_FILTER_EBPF is the same option),
 * and the counts are read back with BPF_MAP_LOOKUP_ELEM once a second.
 * sock_example_libbpf is the same program in C, loaded by libbpf.
 *
 *	sock_example [--no-traffic]
 */
#include <stddef.h>

#include "sock_example.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* the instruction constructors the proposal's samples had */
#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
			    .off = (o), .imm = (i) })
#define MOV64_REG(d, s)		INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV64_IMM(d, i)		INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define ADD64_IMM(d, i)		INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define LDX_W(d, s, o)		INSN(BPF_LDX | BPF_MEM | BPF_W, d, s, o, 0)
#define STX_W(d, s, o)		INSN(BPF_STX | BPF_MEM | BPF_W, d, s, o, 0)
#define LD_ABS_B(off)		INSN(BPF_LD | BPF_ABS | BPF_B, 0, 0, 0, off)
/* a 64-bit load takes two slots: LD_MAP_FD, then LD_IMM64_HI(0) */
#define LD_MAP_FD(d, fd)	INSN(BPF_LD | BPF_IMM | BPF_DW, d, \
				     BPF_PSEUDO_MAP_FD, 0, fd)
#define LD_IMM64_HI(hi)		INSN(0, 0, 0, 0, hi)
#define JNE_IMM(d, i, o)	INSN(BPF_JMP | BPF_JNE | BPF_K, d, 0, o, i)
#define JEQ_IMM(d, i, o)	INSN(BPF_JMP | BPF_JEQ | BPF_K, d, 0, o, i)
#define ATOMIC_ADD64(d, s, o)	INSN(BPF_STX | BPF_ATOMIC | BPF_DW, d, s, o, \
				     BPF_ADD)
#define CALL(f)			INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT()			INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

static long bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int map_create(void)
{
	union bpf_attr attr = {
		.map_type = BPF_MAP_TYPE_ARRAY, .key_size = sizeof(__u32),
		.value_size = sizeof(__u64), .max_entries = 256,
	};

	return bpf(BPF_MAP_CREATE, &attr);
}

static char log_buf[65536];

/*
 * r6 = skb; drop outgoing packets uncounted (lo shows each one twice);
 * key = the IP protocol byte; count[key] += 1 atomically; return 0: the
 * socket only counts, nothing is queued to it.
 */
static int prog_load(int map_fd)
{
	struct bpf_insn prog[] = {
		MOV64_REG(6, 1),
		LDX_W(0, 6, offsetof(struct __sk_buff, pkt_type)),
		JEQ_IMM(0, PACKET_OUTGOING, 10),
		LD_ABS_B(ETH_HLEN + 9),		/* iphdr.protocol */
		STX_W(10, 0, -4),
		MOV64_REG(2, 10),
		ADD64_IMM(2, -4),
		LD_MAP_FD(1, map_fd),
		LD_IMM64_HI(0),
		CALL(BPF_FUNC_map_lookup_elem),
		JEQ_IMM(0, 0, 2),
		MOV64_IMM(1, 1),
		ATOMIC_ADD64(0, 1, 0),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	union bpf_attr attr = {
		.prog_type = BPF_PROG_TYPE_SOCKET_FILTER,
		.insns = (unsigned long)prog,
		.insn_cnt = ARRAY_SIZE(prog),
		.license = (unsigned long)"GPL",
		.log_buf = (unsigned long)log_buf,
		.log_size = sizeof(log_buf),
		.log_level = 1,
		.prog_name = "sock_example",
	};
	int fd = bpf(BPF_PROG_LOAD, &attr);

	if (fd < 0)
		fprintf(stderr, "BPF_PROG_LOAD: %s\n%s", strerror(errno),
			log_buf);
	return fd;
}

int main(int argc, char **argv)
{
	int map_fd = map_create(), prog_fd, err;

	if (map_fd < 0) {
		perror("BPF_MAP_CREATE");
		return 1;
	}
	prog_fd = prog_load(map_fd);
	if (prog_fd < 0)
		return 1;
	err = sock_example_run("sock_example", prog_fd, map_fd,
			       want_traffic(argc, argv));
	close(prog_fd);
	close(map_fd);
	return err;
}
