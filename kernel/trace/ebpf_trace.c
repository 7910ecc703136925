// SPDX-License-Identifier: GPL-2.0
/*
 * Tracepoint programs on perf events: PERF_EVENT_IOC_SET_BPF with one of
 * kernel/ebpf's programs, mainline's interface, so that libbpf attaches
 * a SEC("tracepoint/...") program as it does on any kernel.
 *
 * kernel/events/core.c keeps its own checks (a tracepoint event, a
 * BPF_PROG_TYPE_TRACEPOINT program, no read beyond the event's record)
 * and its own lifetime rules, and works with a shell: a struct bpf_prog
 * without instructions that stands for our program and holds a reference
 * on it, as SO_ATTACH_BPF's does (kernel/ebpf/sk_attach.c). perf hands
 * the shell to perf_event_attach_bpf_prog() and, when the event goes,
 * to perf_event_detach_bpf_prog(); both are here.
 *
 * The programs of one trace event are call->prog_array, mainline's array
 * of shells ended by a NULL one: written only under ebpf_trace_mutex, as
 * a whole new array published with RCU, read by trace_call_bpf() under
 * rcu_read_lock() each time the event fires, before perf records it.
 *
 * tracefs, the 2014 proposal's interface: "bpf_<fd>" written into an
 * event's filter file makes the program the event's filter, a predicate
 * of kernel/trace/trace_events_filter.c that holds a reference on our
 * program and runs it on each record in the trace buffer; 0 discards it.
 *
 * Either way a program never runs inside another on the same CPU: an
 * event a program fires (a helper that hits a tracepoint) is dropped and
 * counted, which is also what keeps a filter from recursing into itself.
 */
#include <linux/bpf.h>
#include <linux/ebpf.h>
#include <linux/filter.h>
#include <linux/perf_event.h>
#include <linux/kstrtox.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/trace_events.h>

/* mainline's limit of programs on one event (E2BIG beyond) */
#define EBPF_TRACE_MAX_PROGS	64

static DEFINE_MUTEX(ebpf_trace_mutex);

/* a program runs on this CPU: an event it fires is skipped, not run */
static DEFINE_PER_CPU(int, ebpf_trace_active);

/*
 * What an entry of an event's array becomes when its program goes and
 * there is no memory for a smaller array: a shell that runs nothing.
 */
static struct bpf_prog ebpf_trace_nop;

/* Where the shell keeps our program: its first instruction slot. */
static struct ebpf_prog **ebpf_trace_shell_prog(const struct bpf_prog *shell)
{
	return (struct ebpf_prog **)shell->insnsi;
}

/* bpf_func of a shell, for anything that would run it as mainline's */
static unsigned int ebpf_trace_shell_run(const void *ctx,
					 const struct bpf_insn *insns)
{
	return ebpf_prog_run(*(struct ebpf_prog *const *)insns, ctx);
}

struct bpf_prog *ebpf_perf_prog_get(u32 ufd)
{
	struct ebpf_prog *prog = ebpf_prog_get(ufd);
	struct bpf_prog *shell;

	if (IS_ERR(prog))
		return ERR_CAST(prog);
	shell = bpf_prog_alloc(bpf_prog_size(1), 0);
	if (!shell) {
		ebpf_prog_put(prog);
		return ERR_PTR(-ENOMEM);
	}
	/* what perf checks: the type, and how far into the record it reads */
	shell->type = prog->prog_type;
	shell->aux->max_ctx_offset = prog->ctx_end;
	shell->len = prog->insn_cnt;
	shell->bpf_func = ebpf_trace_shell_run;
	*ebpf_trace_shell_prog(shell) = prog;
	return shell;
}

void ebpf_perf_prog_put(struct bpf_prog *shell)
{
	ebpf_prog_put(*ebpf_trace_shell_prog(shell));
	bpf_prog_free(shell);
}

static void ebpf_perf_prog_put_rcu(struct rcu_head *rcu)
{
	ebpf_perf_prog_put(container_of(rcu, struct bpf_prog_aux, rcu)->prog);
}

static struct bpf_prog_array *ebpf_trace_progs(struct trace_event_call *call)
{
	return rcu_dereference_protected(call->prog_array,
					 lockdep_is_held(&ebpf_trace_mutex));
}

/* The programs of @progs, the nop entries left by failed shrinks aside. */
static u32 ebpf_trace_count(const struct bpf_prog_array *progs)
{
	const struct bpf_prog_array_item *item;
	u32 n = 0;

	for (item = progs ? progs->items : NULL; item && item->prog; item++)
		n += item->prog != &ebpf_trace_nop;
	return n;
}

/*
 * Is @prog on @call already, through another perf event? One program
 * runs once per event, so mainline refuses it (EEXIST) and so do we.
 */
static bool ebpf_trace_has(struct trace_event_call *call,
			   const struct ebpf_prog *prog)
{
	const struct bpf_prog_array *progs = ebpf_trace_progs(call);
	const struct bpf_prog_array_item *item;

	for (item = progs ? progs->items : NULL; item && item->prog; item++)
		if (item->prog != &ebpf_trace_nop &&
		    *ebpf_trace_shell_prog(item->prog) == prog)
			return true;
	return false;
}

/*
 * A new array of @call's programs, @drop left out and @add (if any)
 * appended, replacing the old one for readers that come after. -ENOMEM
 * changes nothing.
 */
static int ebpf_trace_replace(struct trace_event_call *call,
			      struct bpf_prog *drop, struct bpf_prog *add,
			      u64 cookie)
{
	struct bpf_prog_array *old = ebpf_trace_progs(call), *new = NULL;
	u32 n = ebpf_trace_count(old) + !!add - !!drop, i = 0;
	struct bpf_prog_array_item *item;

	if (n) {
		new = kzalloc(struct_size(new, items, n + 1), GFP_KERNEL);
		if (!new)
			return -ENOMEM;
		for (item = old ? old->items : NULL; item && item->prog; item++)
			if (item->prog != &ebpf_trace_nop && item->prog != drop)
				new->items[i++] = *item;
		if (add) {
			new->items[i].prog = add;
			new->items[i].bpf_cookie = cookie;
		}
	}
	rcu_assign_pointer(call->prog_array, new);
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

int perf_event_attach_bpf_prog(struct perf_event *event,
			       struct bpf_prog *prog, u64 bpf_cookie)
{
	struct trace_event_call *call = event->tp_event;
	int err;

	guard(mutex)(&ebpf_trace_mutex);
	if (event->prog || ebpf_trace_has(call, *ebpf_trace_shell_prog(prog)))
		return -EEXIST;
	if (ebpf_trace_count(ebpf_trace_progs(call)) >= EBPF_TRACE_MAX_PROGS)
		return -E2BIG;
	err = ebpf_trace_replace(call, NULL, prog, bpf_cookie);
	if (err)
		return err;
	event->prog = prog;
	event->bpf_cookie = bpf_cookie;
	return 0;
}

void perf_event_detach_bpf_prog(struct perf_event *event)
{
	struct trace_event_call *call = event->tp_event;
	struct bpf_prog *prog = event->prog;
	struct bpf_prog_array_item *item;

	guard(mutex)(&ebpf_trace_mutex);
	if (!prog)
		return;
	if (ebpf_trace_replace(call, prog, NULL, 0)) {
		/* no memory for a smaller array: this entry runs nothing now */
		for (item = ebpf_trace_progs(call)->items; item->prog; item++)
			if (item->prog == prog)
				WRITE_ONCE(item->prog, &ebpf_trace_nop);
	}
	event->prog = NULL;
	/* trace_call_bpf() may be running it: release after the readers */
	call_rcu(&prog->aux->rcu, ebpf_perf_prog_put_rcu);
}

/* May a program run on this CPU now? Then ebpf_trace_exit() after it. */
static bool ebpf_trace_enter(void)
{
	return __this_cpu_inc_return(ebpf_trace_active) == 1;
}

static void ebpf_trace_exit(void)
{
	__this_cpu_dec(ebpf_trace_active);
}

/* The event fired inside a program: count it against every program. */
static void ebpf_trace_count_miss(struct trace_event_call *call)
{
	struct bpf_prog_array_item *item;
	struct bpf_prog_array *progs;

	rcu_read_lock();
	progs = rcu_dereference(call->prog_array);
	for (item = progs ? progs->items : NULL; item && item->prog; item++)
		if (item->prog != &ebpf_trace_nop)
			atomic64_inc(&(*ebpf_trace_shell_prog(item->prog))->recursion_misses);
	rcu_read_unlock();
}

/*
 * Run @call's programs on @ctx, the event's record (its first 8 bytes,
 * which the verifier keeps programs from reading, hold perf's pt_regs
 * pointer). perf records the event only if this returns non-zero: as
 * mainline, 1 ANDed with every program's return value, so a program
 * returning an even number drops the event too. perf calls this with
 * preemption disabled; a program may fire an event itself (a helper that
 * hits a tracepoint), which is then dropped and counted, never run.
 */
unsigned int trace_call_bpf(struct trace_event_call *call, void *ctx)
{
	struct bpf_prog_array_item *item;
	struct bpf_prog_array *progs;
	struct bpf_prog *shell;
	unsigned int ret = 1;

	cant_sleep();
	if (unlikely(!ebpf_trace_enter())) {
		ebpf_trace_count_miss(call);
		ret = 0;
		goto out;
	}
	rcu_read_lock();
	progs = rcu_dereference(call->prog_array);
	for (item = progs ? progs->items : NULL;
	     item && (shell = READ_ONCE(item->prog)); item++)
		if (shell != &ebpf_trace_nop)
			ret &= ebpf_prog_run(*ebpf_trace_shell_prog(shell), ctx);
	rcu_read_unlock();
out:
	ebpf_trace_exit();
	return ret;
}

/* ---- tracefs: "bpf_<fd>" in an event's filter file ---- */

/* The filter's form: "bpf_" and no blank or operator of string filters */
bool ebpf_trace_filter_string(const char *str)
{
	return str_has_prefix(str, "bpf_") &&
	       !str[strcspn(str, " \t\n=!<>&|~()")];
}

int ebpf_trace_filter_get(const char *str, struct trace_event_call *call,
			  u64 *handle, char **text, const char **why)
{
	struct ebpf_prog *prog;
	u32 fd;

	*why = "bpf_ takes the number of a program fd";
	if (kstrtou32(str + strlen("bpf_"), 10, &fd))
		return -EINVAL;
	prog = ebpf_prog_get(fd);
	if (IS_ERR(prog)) {
		*why = PTR_ERR(prog) == -EBADF ? "no such fd" :
		       "not a program fd";
		return PTR_ERR(prog);
	}
	if (prog->prog_type != BPF_PROG_TYPE_TRACEPOINT) {
		*why = "not a tracepoint program";
		ebpf_prog_put(prog);
		return -EINVAL;
	}
	if (prog->ctx_end > trace_event_get_offsets(call)) {
		*why = "the program reads past the event's record";
		ebpf_prog_put(prog);
		return -EACCES;
	}
	*text = kasprintf(GFP_KERNEL, "bpf_%s",
			  prog->name[0] ? prog->name : "anonymous");
	if (!*text) {
		*why = "out of memory";
		ebpf_prog_put(prog);
		return -ENOMEM;
	}
	*handle = (uintptr_t)prog;
	return 0;
}

/* From the event's commit: a tracepoint probe, or a faultable one. */
int ebpf_trace_filter_run(u64 handle, void *rec)
{
	struct ebpf_prog *prog = (struct ebpf_prog *)(uintptr_t)handle;
	int keep = 0;

	preempt_disable_notrace();
	if (unlikely(!ebpf_trace_enter())) {
		atomic64_inc(&prog->recursion_misses);
		goto out;
	}
	rcu_read_lock();
	keep = !!ebpf_prog_run(prog, rec);
	rcu_read_unlock();
out:
	ebpf_trace_exit();
	preempt_enable_notrace();
	return keep;
}

/* The program itself is freed after the readers' RCU grace period. */
void ebpf_trace_filter_put(u64 handle)
{
	ebpf_prog_put((struct ebpf_prog *)(uintptr_t)handle);
}
