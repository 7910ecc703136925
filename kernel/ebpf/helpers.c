// SPDX-License-Identifier: GPL-2.0
/*
 * The helper functions programs call, by the uapi's helper id. The
 * interpreter (and later the JIT) calls them with the program's r1..r5 as
 * u64 and puts the u64 result in r0. The verifier has checked the
 * arguments against the prototypes in progtypes.c: pointers point to as
 * many bytes as their size argument says, map pointers are maps.
 *
 * Programs run under rcu_read_lock() in any context a program type runs
 * in (softirq for sockets, any for trace events), so nothing here sleeps.
 */
#include <linux/cgroup.h>
#include <linux/ctype.h>
#include <linux/ebpf.h>
#include <linux/irq_work.h>
#include <linux/pid_namespace.h>
#include <linux/proc_ns.h>
#include <linux/sched/signal.h>
#include <linux/kernel.h>
#include <linux/perf_event.h>
#include <linux/static_call.h>
#include <linux/jiffies.h>
#include <linux/cred.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/topology.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "helper_str.h"
#include "interp.h"
#include "progtypes.h"

#define EBPF_PTR(r) ((void *)(uintptr_t)(r))

/* map_lookup_elem(map, key): the value in the map, or NULL */
static u64 ebpf_helper_map_lookup_elem(u64 r1, u64 r2, u64 r3, u64 r4,
				       u64 r5)
{
	struct ebpf_map *map = EBPF_PTR(r1);

	return (uintptr_t)map->ops->lookup(map, EBPF_PTR(r2));
}

/* map_update_elem(map, key, value, flags): 0 or -errno, as the syscall */
static u64 ebpf_helper_map_update_elem(u64 r1, u64 r2, u64 r3, u64 r4,
				       u64 r5)
{
	struct ebpf_map *map = EBPF_PTR(r1);

	/* BPF_F_LOCK needs a bpf_spin_lock in the value, which needs BTF */
	if (r4 & BPF_F_LOCK)
		return -EINVAL;
	return map->ops->update(map, EBPF_PTR(r2), EBPF_PTR(r3), r4,
				GFP_ATOMIC | __GFP_NOWARN);
}

/* map_delete_elem(map, key): 0 or -errno, as the syscall */
static u64 ebpf_helper_map_delete_elem(u64 r1, u64 r2, u64 r3, u64 r4,
				       u64 r5)
{
	struct ebpf_map *map = EBPF_PTR(r1);

	return map->ops->delete(map, EBPF_PTR(r2));
}

/*
 * probe_read_kernel(dst, size, unsafe_ptr): copy @size bytes of kernel
 * memory; 0, or -errno with @dst zeroed when any of it cannot be read.
 * Page faults are not taken: the program may run with interrupts off.
 */
static u64 ebpf_helper_probe_read_kernel(u64 r1, u64 r2, u64 r3, u64 r4,
					 u64 r5)
{
	void *dst = EBPF_PTR(r1);
	u32 size = r2;
	long err;

	err = copy_from_kernel_nofault(dst, EBPF_PTR(r3), size);
	if (unlikely(err))
		memset(dst, 0, size);
	return err;
}

/* probe_read_user(dst, size, unsafe_ptr): the same from user memory */
static u64 ebpf_helper_probe_read_user(u64 r1, u64 r2, u64 r3, u64 r4,
				       u64 r5)
{
	void *dst = EBPF_PTR(r1);
	u32 size = r2;
	long err;

	err = copy_from_user_nofault(dst, (const void __user *)EBPF_PTR(r3),
				     size);
	if (unlikely(err))
		memset(dst, 0, size);
	return err;
}

/*
 * probe_read_kernel_str(dst, size, unsafe_ptr): the NUL-terminated string
 * at @unsafe_ptr, cut to @size - 1 bytes and terminated; its length with
 * the NUL, or -errno with @dst zeroed. 0 for a zero @size.
 */
static u64 ebpf_helper_probe_read_kernel_str(u64 r1, u64 r2, u64 r3, u64 r4,
					     u64 r5)
{
	void *dst = EBPF_PTR(r1);
	u32 size = r2;
	long len;

	if (unlikely(!size))
		return 0;
	len = strncpy_from_kernel_nofault(dst, EBPF_PTR(r3), size);
	if (unlikely(len < 0))
		memset(dst, 0, size);
	return len;
}

/* probe_read_user_str(dst, size, unsafe_ptr): the same from user memory */
static u64 ebpf_helper_probe_read_user_str(u64 r1, u64 r2, u64 r3, u64 r4,
					   u64 r5)
{
	void *dst = EBPF_PTR(r1);
	u32 size = r2;
	long len;

	if (unlikely(!size))
		return 0;
	len = strncpy_from_user_nofault(dst,
					(const void __user *)EBPF_PTR(r3),
					size);
	if (unlikely(len < 0))
		memset(dst, 0, size);
	return len;
}

/*
 * The old probe_read() and probe_read_str() take either kind of address:
 * where user and kernel addresses do not overlap, as on x86-64, the
 * address says which, as mainline decides it.
 */
static bool ebpf_probe_is_user(u64 addr)
{
	return addr < TASK_SIZE;
}

static u64 ebpf_helper_probe_read(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	if (ebpf_probe_is_user(r3))
		return ebpf_helper_probe_read_user(r1, r2, r3, r4, r5);
	return ebpf_helper_probe_read_kernel(r1, r2, r3, r4, r5);
}

static u64 ebpf_helper_probe_read_str(u64 r1, u64 r2, u64 r3, u64 r4,
				      u64 r5)
{
	if (ebpf_probe_is_user(r3))
		return ebpf_helper_probe_read_user_str(r1, r2, r3, r4, r5);
	return ebpf_helper_probe_read_kernel_str(r1, r2, r3, r4, r5);
}

/*
 * probe_write_user(dst, src, size): @size bytes of the program's memory
 * into the current task's user memory at @dst, as a debugger would; a
 * fault (or a kernel address) is -EFAULT. Not from an interrupt, a kernel
 * thread or an exiting task, nor while another task's mm is loaded (an
 * NMI during a switch): -EPERM, as mainline.
 */
static u64 ebpf_helper_probe_write_user(u64 r1, u64 r2, u64 r3, u64 r4,
					u64 r5)
{
	if (unlikely(in_interrupt() ||
		     (current->flags & (PF_KTHREAD | PF_EXITING))))
		return -EPERM;
	if (unlikely(!nmi_uaccess_okay()))
		return -EPERM;
	pr_warn_once("ebpf: %s[%d] runs a program that writes user memory (probe_write_user)\n",
		     current->comm, task_pid_nr(current));
	return copy_to_user_nofault((void __user *)EBPF_PTR(r1), EBPF_PTR(r2),
				    r3);
}

/* ktime_get_ns(): CLOCK_MONOTONIC in ns, safe from any context */
static u64 ebpf_helper_ktime_get_ns(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return ktime_get_mono_fast_ns();
}

static u64 ebpf_helper_get_prandom_u32(u64 r1, u64 r2, u64 r3, u64 r4,
				       u64 r5)
{
	return get_random_u32();
}

/* programs run with migration disabled: the answer stays true */
static u64 ebpf_helper_get_smp_processor_id(u64 r1, u64 r2, u64 r3, u64 r4,
					    u64 r5)
{
	return raw_smp_processor_id();
}

/* tgid << 32 | pid of the task the program runs in, as mainline */
static u64 ebpf_helper_get_current_pid_tgid(u64 r1, u64 r2, u64 r3, u64 r4,
					    u64 r5)
{
	struct task_struct *task = current;

	if (unlikely(!task))
		return -EINVAL;
	return (u64)task->tgid << 32 | task->pid;
}

static u64 ebpf_helper_get_current_uid_gid(u64 r1, u64 r2, u64 r3, u64 r4,
					   u64 r5)
{
	kuid_t uid;
	kgid_t gid;

	if (unlikely(!current))
		return -EINVAL;
	current_uid_gid(&uid, &gid);
	return (u64)from_kgid(&init_user_ns, gid) << 32 |
	       from_kuid(&init_user_ns, uid);
}

/* get_current_comm(buf, size): 0, or -EINVAL with @buf zeroed */
static u64 ebpf_helper_get_current_comm(u64 r1, u64 r2, u64 r3, u64 r4,
					u64 r5)
{
	struct task_struct *task = current;
	char *buf = EBPF_PTR(r1);
	u32 size = r2;

	if (unlikely(!task)) {
		memset(buf, 0, size);
		return -EINVAL;
	}
	strscpy_pad(buf, task->comm, size);
	return 0;
}

static u64 ebpf_helper_get_current_task(u64 r1, u64 r2, u64 r3, u64 r4,
					u64 r5)
{
	return (uintptr_t)current;
}

static u64 ebpf_helper_get_numa_node_id(u64 r1, u64 r2, u64 r3, u64 r4,
					u64 r5)
{
	return numa_node_id();
}

static u64 ebpf_helper_jiffies64(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return get_jiffies_64();
}

/* The id of the task's cgroup in the default hierarchy (cgroup2). */
static u64 ebpf_helper_get_current_cgroup_id(u64 r1, u64 r2, u64 r3, u64 r4,
					     u64 r5)
{
	u64 id;

	rcu_read_lock();
	id = cgroup_id(task_dfl_cgroup(current));
	rcu_read_unlock();
	return id;
}

/* (level): the id of that cgroup's ancestor at @level (0: the root), or 0 */
static u64 ebpf_helper_get_current_ancestor_cgroup_id(u64 r1, u64 r2, u64 r3,
						      u64 r4, u64 r5)
{
	struct cgroup *ancestor;
	u64 id = 0;

	if ((int)r1 < 0)
		return 0;
	rcu_read_lock();
	ancestor = cgroup_ancestor(task_dfl_cgroup(current), r1);
	if (ancestor)
		id = cgroup_id(ancestor);
	rcu_read_unlock();
	return id;
}

/*
 * get_ns_current_pid_tgid(dev, ino, nsdata, size): the task's pid and
 * tgid as the pid namespace @dev/@ino (stat() of /proc/<pid>/ns/pid)
 * sees them; -EINVAL when that is not the task's namespace or the size is
 * not struct bpf_pidns_info's, -ENOENT for a task that has none (exiting),
 * as mainline; @nsdata is zeroed on errors.
 */
static u64 ebpf_helper_get_ns_current_pid_tgid(u64 r1, u64 r2, u64 r3, u64 r4,
					       u64 r5)
{
	struct bpf_pidns_info *info = EBPF_PTR(r3);
	struct task_struct *task = current;
	struct pid_namespace *ns;
	int err = -EINVAL;

	if (r4 != sizeof(*info) || !task ||
	    (u64)(dev_t)r1 != r1 || (u64)(ino_t)r2 != r2)
		goto clear;
	ns = task_active_pid_ns(task);
	if (!ns) {
		err = -ENOENT;
		goto clear;
	}
	if (!ns_match(&ns->ns, (dev_t)r1, r2))
		goto clear;
	info->pid = task_pid_nr_ns(task, ns);
	info->tgid = task_tgid_nr_ns(task, ns);
	return 0;
clear:
	memset(EBPF_PTR(r3), 0, r4);
	return err;
}

/*
 * A signal for the current task from where a program may run: with
 * interrupts off (or in NMI) the signalling locks may be held already, so
 * it is sent from an irq_work, one per CPU at a time (-EBUSY meanwhile).
 */
struct ebpf_signal_work {
	struct irq_work work;
	struct task_struct *task;
	u32 sig;
	enum pid_type type;
};

static DEFINE_PER_CPU(struct ebpf_signal_work, ebpf_signal_work);

static void ebpf_signal_work_fn(struct irq_work *work)
{
	struct ebpf_signal_work *w =
		container_of(work, struct ebpf_signal_work, work);

	group_send_sig_info(w->sig, SEND_SIG_PRIV, w->task, w->type);
	put_task_struct(w->task);
}

static int __init ebpf_signal_work_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		init_irq_work(&per_cpu_ptr(&ebpf_signal_work, cpu)->work,
			      ebpf_signal_work_fn);
	return 0;
}
subsys_initcall(ebpf_signal_work_init);

static int ebpf_send_signal(u32 sig, enum pid_type type)
{
	struct task_struct *task = current;
	struct ebpf_signal_work *w;

	/* not to the kernel's own threads, nor to init */
	if (unlikely(task->flags & (PF_KTHREAD | PF_EXITING)) ||
	    unlikely(is_global_init(task)))
		return -EPERM;
	if (unlikely(!nmi_uaccess_okay()))
		return -EPERM;
	if (!valid_signal(sig))
		return -EINVAL;
	if (!in_nmi() && !irqs_disabled())
		return group_send_sig_info(sig, SEND_SIG_PRIV, task, type);
	w = this_cpu_ptr(&ebpf_signal_work);
	if (irq_work_is_busy(&w->work))
		return -EBUSY;
	w->task = get_task_struct(task);
	w->sig = sig;
	w->type = type;
	irq_work_queue(&w->work);
	return 0;
}

/* (sig): to the task's thread group */
static u64 ebpf_helper_send_signal(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return ebpf_send_signal(r1, PIDTYPE_TGID);
}

/* (sig): to the task's thread only */
static u64 ebpf_helper_send_signal_thread(u64 r1, u64 r2, u64 r3, u64 r4,
					  u64 r5)
{
	return ebpf_send_signal(r1, PIDTYPE_PID);
}

/* the fast accessors: programs may run inside the timekeeping code */
static u64 ebpf_helper_ktime_get_boot_ns(u64 r1, u64 r2, u64 r3, u64 r4,
					 u64 r5)
{
	return ktime_get_boot_fast_ns();
}

static u64 ebpf_helper_ktime_get_tai_ns(u64 r1, u64 r2, u64 r3, u64 r4,
					u64 r5)
{
	return ktime_get_tai_fast_ns();
}

static u64 ebpf_helper_ktime_get_coarse_ns(u64 r1, u64 r2, u64 r3, u64 r4,
					   u64 r5)
{
	return ktime_get_coarse_ns();
}

/* Longest message trace_printk() writes; longer ones are cut. */
#define EBPF_PRINTK_LEN		256
#define EBPF_PRINTK_ARGS	3

/* A message being formatted; @len counts what did not fit, too. */
struct ebpf_printk_buf {
	char text[EBPF_PRINTK_LEN];
	size_t len;
};

static void ebpf_printk_char(struct ebpf_printk_buf *b, char c)
{
	if (b->len < sizeof(b->text) - 1)
		b->text[b->len] = c;
	b->len++;
}

/*
 * Format argument @arg for the conversion at @fmt (after the '%'): d, i,
 * u, x or X with an optional l or ll, or p alone. Returns the conversion's
 * length in @fmt, or 0 when it is not one of those.
 */
static size_t ebpf_printk_arg(struct ebpf_printk_buf *b, const char *fmt,
			      u64 arg)
{
	size_t n = 0, pos = min(b->len, sizeof(b->text) - 1);
	char *out = b->text + pos;
	size_t room = sizeof(b->text) - pos;
	bool wide;

	while (fmt[n] == 'l' && n < 2)
		n++;
	wide = n > 0;

	switch (fmt[n]) {
	case 'd':
	case 'i':
		b->len += snprintf(out, room, "%lld",
				   wide ? (s64)arg : (s64)(s32)arg);
		break;
	case 'u':
		b->len += snprintf(out, room, "%llu", wide ? arg : (u32)arg);
		break;
	case 'x':
		b->len += snprintf(out, room, "%llx", wide ? arg : (u32)arg);
		break;
	case 'X':
		b->len += snprintf(out, room, "%llX", wide ? arg : (u32)arg);
		break;
	case 'p':
		/* %p extensions (%pK, %ps, ...) dereference or reveal */
		if (wide || isalnum(fmt[n + 1]))
			return 0;
		b->len += snprintf(out, room, "%p", EBPF_PTR(arg));
		break;
	default:
		return 0;
	}
	return n + 1;
}

#ifdef CONFIG_TRACING
static void ebpf_printk_emit(const char *text)
{
	__trace_printk(_THIS_IP_, "%s", text);
}
#else
static void ebpf_printk_emit(const char *text)
{
}
#endif

/*
 * trace_printk(fmt, fmt_size, arg1, arg2, arg3): write a message into the
 * trace buffer, as the kernel's trace_printk(). @fmt must hold a NUL within
 * @fmt_size bytes. Conversions: %d %i %u %x %X with an optional l or ll
 * (the 64-bit value; without, the low 32 bits), %p (hashed, as printk's),
 * and %%; at most three, taking arg1..arg3 in order. Anything else (%s,
 * %c, flags, widths) is -EINVAL, and nothing is written. Returns the
 * length of the message, which is cut at EBPF_PRINTK_LEN - 1 bytes.
 */
static u64 ebpf_helper_trace_printk(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	const u64 args[EBPF_PRINTK_ARGS] = { r3, r4, r5 };
	const char *fmt = EBPF_PTR(r1);
	struct ebpf_printk_buf b;
	u32 i, n, nargs = 0;

	if (!memchr(fmt, 0, (u32)r2))
		return -EINVAL;

	b.len = 0;
	for (i = 0; fmt[i]; i++) {
		if (fmt[i] != '%') {
			ebpf_printk_char(&b, fmt[i]);
			continue;
		}
		if (fmt[++i] == '%') {
			ebpf_printk_char(&b, '%');
			continue;
		}
		if (nargs == EBPF_PRINTK_ARGS)
			return -EINVAL;
		n = ebpf_printk_arg(&b, fmt + i, args[nargs++]);
		if (!n)
			return -EINVAL;
		i += n - 1;
	}
	b.text[min(b.len, sizeof(b.text) - 1)] = 0;
	ebpf_printk_emit(b.text);
	return b.len;
}

/* strtol(buf, buf_len, flags, res): helper_str.c parses */
static u64 ebpf_helper_strtol(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return (s64)ebpf_strtol(EBPF_PTR(r1), r2, r3, EBPF_PTR(r4));
}

static u64 ebpf_helper_strtoul(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return (s64)ebpf_strtoul(EBPF_PTR(r1), r2, r3, EBPF_PTR(r4));
}

/* strncmp(s1, s1_sz, s2): s2 is NUL-terminated, the verifier saw to it */
static u64 ebpf_helper_strncmp(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return (s64)ebpf_strncmp(EBPF_PTR(r1), EBPF_PTR(r3), (u32)r2);
}

/* get_func_ip(ctx): never called, the verifier refuses it (unusable) */
static u64 ebpf_helper_get_func_ip(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return 0;
}

/* get_attach_cookie(ctx): programs attach by ioctl or tracefs: no cookie */
static u64 ebpf_helper_get_attach_cookie(u64 r1, u64 r2, u64 r3, u64 r4,
					 u64 r5)
{
	return 0;
}

/*
 * get_branch_snapshot(buf, size, flags): taken before anything else, as
 * mainline, so that the program's own branches are not what it sees
 */
static u64 ebpf_helper_get_branch_snapshot(u64 r1, u64 r2, u64 r3, u64 r4,
					   u64 r5)
{
	const u32 entry = sizeof(struct perf_branch_entry);
	u32 n = static_call(perf_snapshot_branch_stack)(EBPF_PTR(r1),
							(u32)r2 / entry);

	if (r3)
		return -EINVAL;
	if (!n)
		return -ENOENT;
	return n * entry;
}

/* [BPF_FUNC_<name>] = ebpf_helper_<name> */
#define EBPF_HELPER(hname, ...) \
	[BPF_FUNC_##hname] = ebpf_helper_##hname,

const ebpf_helper_fn ebpf_helper_fns[EBPF_HELPER_MAX] = {
#include "helper_list.h"
};
