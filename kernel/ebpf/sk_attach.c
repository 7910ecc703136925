// SPDX-License-Identifier: GPL-2.0
/*
 * Socket filters: SO_ATTACH_BPF (SO_ATTACH_FILTER_EBPF) with one of our
 * BPF_PROG_TYPE_SOCKET_FILTER programs.
 *
 * net/core keeps a socket's filter as a struct sk_filter around a struct
 * bpf_prog, and runs it with bpf_prog_run_save_cb() (sk_filter_trim_cap())
 * or bpf_prog_run_clear_cb() (packet sockets), under rcu_read_lock(), with
 * skb->data where classic filters see it. For our program it gets a shell:
 * a struct bpf_prog with no instructions of its own, whose bpf_func runs
 * ours, and whose instruction area holds the pointer to ours and with it
 * the socket's reference. Replacing, detaching and closing are net/core's
 * own code: it publishes the new filter before it drops the old one, and
 * frees the old one's shell after an RCU grace period, which is when the
 * reference comes back to us through ebpf_sk_filter_put().
 */
#include <linux/ebpf.h>
#include <linux/err.h>
#include <linux/filter.h>

/* Where the shell keeps our program: its first instruction slot. */
static struct ebpf_prog **ebpf_sk_shell_prog(const struct bpf_insn *insns)
{
	return (struct ebpf_prog **)insns;
}

/* bpf_func of a shell: net/core calls it with the skb and shell->insnsi */
static unsigned int ebpf_sk_filter_run(const void *skb,
				       const struct bpf_insn *insns)
{
	return ebpf_prog_run(*ebpf_sk_shell_prog(insns), skb);
}

struct bpf_prog *ebpf_sk_filter_get(u32 ufd)
{
	struct ebpf_prog *prog = ebpf_prog_get(ufd);
	struct bpf_prog *shell;

	if (IS_ERR(prog))
		return ERR_CAST(prog);
	/* mainline's bpf_prog_get_type(): any other type is EINVAL */
	if (prog->prog_type != BPF_PROG_TYPE_SOCKET_FILTER) {
		ebpf_prog_put(prog);
		return ERR_PTR(-EINVAL);
	}
	BUILD_BUG_ON(sizeof(struct bpf_insn) < sizeof(prog));
	shell = bpf_prog_alloc(bpf_prog_size(1), 0);
	if (!shell) {
		ebpf_prog_put(prog);
		return ERR_PTR(-ENOMEM);
	}
	shell->type = BPF_PROG_TYPE_SOCKET_FILTER;
	/*
	 * The socket's optmem is charged bpf_prog_size(len), as mainline
	 * charges it for its program of that many instructions; nothing
	 * reads the shell's instructions.
	 */
	shell->len = prog->insn_cnt;
	/* cb[] is saved, zeroed for the program and restored around a run */
	shell->cb_access = 1;
	shell->bpf_func = ebpf_sk_filter_run;
	*ebpf_sk_shell_prog(shell->insnsi) = prog;
	return shell;
}

void ebpf_sk_filter_put(struct bpf_prog *shell)
{
	ebpf_prog_put(*ebpf_sk_shell_prog(shell->insnsi));
	bpf_prog_free(shell);
}
