// SPDX-License-Identifier: GPL-2.0
/*
 * Programs as objects: BPF_PROG_LOAD, the anon-inode fd that holds a
 * program, reference counting, running, and the part of BPF_PROG_TEST_RUN
 * common to all program types.
 *
 * Loading checks the attributes in mainline's order, so that bad input gets
 * the errno mainline gives: unknown attr bytes, flags, privileges, the
 * instruction count, the program type, then what has to be copied from
 * user space, then the log attributes, then the verifier. The verifier
 * names the maps the program uses through map_by_fd(), once per LD_IMM64;
 * each distinct map gets one reference, which the program keeps until it
 * is freed.
 *
 * A program is immutable once loaded. Whoever runs it holds
 * rcu_read_lock() or a reference, so the last put frees it after an RCU
 * grace period, from a worker: the JIT's image cannot be freed from the
 * softirq where RCU callbacks run.
 */
#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/cpu.h>
#include <linux/ebpf.h>
#include <linux/file.h>
#include <linux/license.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/nospec.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/trace.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "interp.h"
#include "progtypes.h"
#include "verifier.h"

/* End of the last union bpf_attr field a command reads. */
#define EBPF_ATTR_END(field) offsetofend(union bpf_attr, field)

/* Distinct maps one program may use, as mainline. */
#define EBPF_MAX_USED_MAPS	64

/*
 * log_level bits, as mainline: 1 and 2 are verbosity levels, 4 asks for
 * statistics, 8 for a log that keeps its beginning when it overflows
 * (by default it keeps its end). We have two levels: 2 is the
 * verifier's level 2, any other bit level 1.
 */
#define EBPF_LOG_FIXED		8
#define EBPF_LOG_LEVEL_MASK	(1 | 2 | 4 | EBPF_LOG_FIXED)
#define EBPF_LOG_SIZE_MAX	(U32_MAX >> 2)

/* Licenses are copied up to this size, longer ones silently cut. */
#define EBPF_LICENSE_LEN	128

static const struct ebpf_prog_desc ebpf_tracepoint_desc = {
	.name		= "tracepoint",
	.ctx_access_ok	= ebpf_tp_ctx_access_ok,
	.helper		= ebpf_tracepoint_helper,
};

static const struct ebpf_interp_env ebpf_tracepoint_env = {
	.helpers	= ebpf_helper_fns,
};

/* Attached to trace events (a later patch); tracing needs CAP_PERFMON. */
const struct ebpf_prog_type ebpf_tracepoint_prog_type = {
	.desc		= &ebpf_tracepoint_desc,
	.env		= &ebpf_tracepoint_env,
	.perfmon	= true,
};

static const struct ebpf_prog_type *const ebpf_prog_types[] = {
	[BPF_PROG_TYPE_SOCKET_FILTER]	= &ebpf_sk_filter_prog_type,
	[BPF_PROG_TYPE_TRACEPOINT]	= &ebpf_tracepoint_prog_type,
};

static const struct ebpf_prog_type *ebpf_prog_type_of(u32 prog_type)
{
	if (prog_type >= ARRAY_SIZE(ebpf_prog_types))
		return NULL;
	return ebpf_prog_types[array_index_nospec(prog_type,
						  ARRAY_SIZE(ebpf_prog_types))];
}

/* Drop the references of @cnt maps and the array holding them. */
static void ebpf_put_maps(struct ebpf_map **maps, u32 cnt)
{
	while (cnt--)
		ebpf_map_put(maps[cnt]);
	kfree(maps);
}

static void ebpf_prog_free(struct ebpf_prog *prog)
{
	ebpf_prog_jit_free(prog);
	ebpf_put_maps(prog->used_maps, prog->used_map_cnt);
	ebpf_free(prog->insns);
	kfree(prog);
}

static void ebpf_prog_free_work(struct work_struct *work)
{
	struct rcu_work *rwork = to_rcu_work(work);

	ebpf_prog_free(container_of(rwork, struct ebpf_prog, free_work));
}

void ebpf_prog_inc(struct ebpf_prog *prog)
{
	refcount_inc(&prog->refcnt);
}

/* May be called from any context. */
void ebpf_prog_put(struct ebpf_prog *prog)
{
	if (refcount_dec_and_test(&prog->refcnt)) {
		INIT_RCU_WORK(&prog->free_work, ebpf_prog_free_work);
		queue_rcu_work(system_wq, &prog->free_work);
	}
}

u64 ebpf_prog_run(const struct ebpf_prog *prog, const void *ctx)
{
	if (prog->jited)
		return prog->jited(ctx);
	return ebpf_interp_run(prog->insns, ctx, prog->type->env);
}

static int ebpf_prog_release(struct inode *inode, struct file *file)
{
	ebpf_prog_put(file->private_data);
	return 0;
}

#ifdef CONFIG_PROC_FS
static void ebpf_prog_show_fdinfo(struct seq_file *m, struct file *file)
{
	const struct ebpf_prog *prog = file->private_data;
	size_t size = sizeof(*prog) + prog->insn_cnt * sizeof(*prog->insns);

	seq_printf(m, "prog_type:\t%u\n", prog->prog_type);
	seq_printf(m, "prog_jited:\t%u\n", !!prog->jited);
	seq_printf(m, "memlock:\t%lu\n",
		   PAGE_ALIGN(size) + PAGE_ALIGN(prog->jited_len));
	seq_printf(m, "recursion_misses:\t%llu\n",
		   (u64)atomic64_read(&prog->recursion_misses));
	seq_printf(m, "verified_insns:\t%u\n", prog->verified_insns);
	/* ours: the size of the JIT's code, 0 on the interpreter */
	seq_printf(m, "jited_size:\t%u\n", prog->jited_len);
}
#endif

static const struct file_operations ebpf_prog_fops = {
	.release	= ebpf_prog_release,
#ifdef CONFIG_PROC_FS
	.show_fdinfo	= ebpf_prog_show_fdinfo,
#endif
};

struct ebpf_prog *ebpf_prog_from_file(struct file *f)
{
	if (f->f_op != &ebpf_prog_fops)
		return ERR_PTR(-EINVAL);
	return f->private_data;
}

struct ebpf_prog *ebpf_prog_get(u32 fd)
{
	struct ebpf_prog *prog;

	CLASS(fd, f)(fd);
	if (fd_empty(f))
		return ERR_PTR(-EBADF);
	prog = ebpf_prog_from_file(fd_file(f));
	if (!IS_ERR(prog))
		ebpf_prog_inc(prog);
	return prog;
}

/* The maps a program being loaded uses, each referenced once. */
struct ebpf_used_maps {
	struct ebpf_map **maps;
	u32 cnt;
	u32 cap;
	u64 fd_array;		/* the caller's, for BPF_PSEUDO_MAP_IDX */
};

/* The verifier's fd_array_get(): one fd of the caller's array. */
static int ebpf_prog_fd_array_get(void *priv, u32 idx, s32 *fd)
{
	struct ebpf_used_maps *used = priv;
	const s32 __user *arr = u64_to_user_ptr(used->fd_array);

	/* the index is the instruction's s32 imm, as mainline reads it */
	return copy_from_user(fd, arr + (s32)idx, sizeof(*fd)) ? -EFAULT : 0;
}

/*
 * The verifier's map_by_fd(): the map behind @fd, held until the program
 * is freed (or its load fails). A closed fd is -EBADF, an fd of something
 * else -EINVAL, as mainline.
 */
static int ebpf_prog_map_by_fd(void *priv, s32 fd, struct ebpf_vmap *vmap)
{
	struct ebpf_used_maps *used = priv;
	struct ebpf_map *map, **maps;
	u32 i, cap;

	CLASS(fd, f)(fd);
	if (fd_empty(f))
		return -EBADF;
	map = ebpf_map_from_file(fd_file(f));
	if (IS_ERR(map))
		return PTR_ERR(map);

	for (i = 0; i < used->cnt; i++)
		if (used->maps[i] == map)
			goto found;
	if (used->cnt == EBPF_MAX_USED_MAPS)
		return -E2BIG;
	if (used->cnt == used->cap) {
		cap = used->cap ? 2 * used->cap : 4;
		maps = krealloc_array(used->maps, cap, sizeof(*maps),
				      GFP_KERNEL_ACCOUNT);
		if (!maps)
			return -ENOMEM;
		used->maps = maps;
		used->cap = cap;
	}
	ebpf_map_get(map);
	used->maps[used->cnt++] = map;
found:
	vmap->map_type = map->map_type;
	vmap->key_size = map->key_size;
	vmap->value_size = map->value_size;
	vmap->max_entries = map->max_entries;
	vmap->ptr = map;
	vmap->map_flags = map->map_flags;
	vmap->frozen = READ_ONCE(map->frozen);
	vmap->value = NULL;
	if (map->map_type == BPF_MAP_TYPE_ARRAY && map->max_entries == 1) {
		u32 key = 0;

		vmap->value = map->ops->lookup(map, &key);
	}
	return 0;
}

/*
 * The prog_flags mainline 6.12 accepts. The test modes mean nothing here
 * or are always on: BPF_F_TEST_RND_HI32 poisons upper halves the verifier
 * proved unread (none is read, so no run can tell), BPF_F_TEST_STATE_FREQ
 * only changes where states are kept, BPF_F_TEST_REG_INVARIANTS is what
 * our verifier always checks; the XDP flags matter to XDP programs only.
 * BPF_F_STRICT_ALIGNMENT has its meaning (aligned map value accesses
 * unless BPF_F_ANY_ALIGNMENT), BPF_F_SLEEPABLE is refused by the verifier
 * for every type of ours, as mainline, BPF_F_TOKEN_FD names a token,
 * which we do not have.
 */
#define EBPF_PROG_FLAGS (BPF_F_STRICT_ALIGNMENT | BPF_F_ANY_ALIGNMENT |	\
			 BPF_F_TEST_STATE_FREQ | BPF_F_SLEEPABLE |		\
			 BPF_F_TEST_RND_HI32 | BPF_F_XDP_HAS_FRAGS |		\
			 BPF_F_XDP_DEV_BOUND_ONLY | BPF_F_TEST_REG_INVARIANTS | \
			 BPF_F_TOKEN_FD)

/*
 * The attribute checks before anything is copied from user space, in
 * mainline's order. We implement no BTF, no offload and no tokens:
 * attributes asking for them are refused, each where mainline would
 * find it wanting. Mainline ignores prog_btf_fd, func_info,
 * line_info, core_relos and their record sizes unless the matching count
 * is set, fd_array unless an instruction indexes it and prog_token_fd
 * unless BPF_F_TOKEN_FD is set; so do we, which keeps loaders that always
 * fill them in working. kern_version and expected_attach_type mean nothing
 * for our program types, as for mainline's.
 */
static int ebpf_prog_check_attr(const union bpf_attr *attr, bool cap,
				const struct ebpf_prog_type **typep)
{
	const struct ebpf_prog_type *type;

	if (ebpf_attr_unused_nonzero(attr, EBPF_ATTR_END(prog_token_fd)))
		return -EINVAL;
	if (attr->prog_flags & ~EBPF_PROG_FLAGS)
		return -EINVAL;
	/* we have no tokens: the fd is not open, or not a token */
	if (attr->prog_flags & BPF_F_TOKEN_FD)
		return ebpf_foreign_fd_errno(attr->prog_token_fd);
	if (READ_ONCE(ebpf_unprivileged_disabled) && !cap)
		return -EPERM;
	if (!attr->insn_cnt ||
	    attr->insn_cnt > (cap ? EBPF_MAX_INSNS : EBPF_MAX_INSNS_UNPRIV))
		return -E2BIG;

	type = ebpf_prog_type_of(attr->prog_type);
	if (!cap && !(type && type->unprivileged))
		return -EPERM;
	if (type && type->perfmon && !perfmon_capable())
		return -EPERM;

	if (attr->attach_btf_id || attr->attach_prog_fd)
		return -EINVAL;
	*typep = type;
	return 0;
}

/*
 * The log attributes, as mainline: a level needs no buffer (the caller may
 * only want log_true_size), a buffer needs a level, and a buffer and its
 * size come together.
 */
static int ebpf_prog_check_log(const union bpf_attr *attr)
{
	if (attr->log_level & ~EBPF_LOG_LEVEL_MASK)
		return -EINVAL;
	if (!attr->log_buf != !attr->log_size)
		return -EINVAL;
	if (attr->log_buf && !attr->log_level)
		return -EINVAL;
	if (attr->log_size > EBPF_LOG_SIZE_MAX)
		return -EINVAL;
	return 0;
}

/* Does any instruction call helper @id? */
static bool ebpf_insns_call(const struct bpf_insn *insns, u32 cnt, s32 id)
{
	u32 i;

	for (i = 0; i < cnt; i++)
		if (insns[i].code == (BPF_JMP | BPF_CALL) &&
		    insns[i].src_reg == 0 && insns[i].imm == id)
			return true;
	return false;
}

/* The verifier's log goes straight into the caller's log_buf. */
static int ebpf_log_put_user(char *buf, u32 at, const void *src, u32 len)
{
	return copy_to_user((char __force __user *)buf + at, src, len) ?
	       -EFAULT : 0;
}

static int ebpf_log_get_user(const char *buf, u32 at, void *dst, u32 len)
{
	return copy_from_user(dst, (const char __force __user *)buf + at, len) ?
	       -EFAULT : 0;
}

/*
 * Run the verifier on @args, its log written into the caller's log_buf,
 * and the log's full size into log_true_size when the caller's attr has
 * that field. Returns the verifier's verdict, or -EFAULT when copying
 * out fails (a verified program is then dropped).
 */
static int ebpf_prog_verify(struct ebpf_verify_args *args,
			    const union bpf_attr *attr,
			    union bpf_attr __user *uattr,
			    unsigned int uattr_size)
{
	const struct bpf_insn *given = args->insns;
	int err;

	err = ebpf_verify(args);
	if (uattr_size < EBPF_ATTR_END(log_true_size) ||
	    !put_user(args->log_len, &uattr->log_true_size))
		return err;
	if (!err) {
		ebpf_free(args->insns);
		args->insns = given;
	}
	return -EFAULT;
}

/*
 * The verifier's permissions for the current task, as mainline 6.12's
 * bpf_check() derives them: CAP_BPF for what costs the kernel only time,
 * CAP_PERFMON (or CAP_SYS_ADMIN) to see kernel addresses and stack never
 * written, and the same, or mitigations=off, to skip the Spectre rules.
 */
static void ebpf_loader_perms(struct ebpf_perms *perms)
{
	bool perfmon = perfmon_capable();

	perms->bpf = ebpf_capable();
	perms->perfmon = perfmon;
	perms->ptr_leaks = perfmon;
	perms->uninit_stack = perfmon;
	perms->bypass_spec_v1 = perfmon || cpu_mitigations_off();
	perms->bypass_spec_v4 = perfmon || cpu_mitigations_off();
}

/* Called from bpf(BPF_PROG_LOAD): returns a new program fd or an errno. */
int ebpf_prog_load(const union bpf_attr *attr, union bpf_attr __user *uattr,
		   unsigned int uattr_size)
{
	struct ebpf_used_maps used = { .maps = NULL };
	struct ebpf_verify_args args = { .insns = NULL };
	const struct ebpf_prog_type *type = NULL;
	char license[EBPF_LICENSE_LEN];
	char name[BPF_OBJ_NAME_LEN];
	bool cap = ebpf_capable();
	struct ebpf_prog *prog;
	struct bpf_insn *insns;
	int err, fd;

	err = ebpf_prog_check_attr(attr, cap, &type);
	if (err)
		return err;

	insns = kvmalloc_array(attr->insn_cnt, sizeof(*insns),
			       GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!insns)
		return -ENOMEM;
	err = -EFAULT;
	if (copy_from_user(insns, u64_to_user_ptr(attr->insns),
			   attr->insn_cnt * sizeof(*insns)))
		goto free_insns;
	if (strncpy_from_user(license, u64_to_user_ptr(attr->license),
			      sizeof(license) - 1) < 0)
		goto free_insns;
	license[sizeof(license) - 1] = 0;

	/* offload: mainline binds only XDP and tc programs to a device */
	err = -EINVAL;
	if (attr->prog_ifindex || !type)
		goto free_insns;
	err = ebpf_obj_name_copy(name, attr->prog_name, sizeof(name));
	if (err)
		goto free_insns;
	err = ebpf_prog_check_log(attr);
	if (err)
		goto free_insns;

	args.insns = insns;
	args.insn_cnt = attr->insn_cnt;
	args.desc = type->desc;
	ebpf_loader_perms(&args.perms);
	args.gpl = license_is_gpl_compatible(license);
	args.log_level = attr->log_level & 2 ? 2 : !!attr->log_level;
	args.log_fixed = attr->log_level & EBPF_LOG_FIXED;
	args.strict_alignment = (attr->prog_flags & BPF_F_STRICT_ALIGNMENT) &&
				!(attr->prog_flags & BPF_F_ANY_ALIGNMENT);
	args.sleepable = attr->prog_flags & BPF_F_SLEEPABLE;
	/* the verifier's first check, inside the log as mainline's */
	if (attr->func_info_cnt || attr->line_info_cnt)
		args.btf_info_err = ebpf_foreign_fd_errno(attr->prog_btf_fd);
	/* user memory, only ever reached through the two functions */
	args.log_buf = (char __force *)u64_to_user_ptr(attr->log_buf);
	args.log_size = attr->log_size;
	args.log_put = ebpf_log_put_user;
	args.log_get = ebpf_log_get_user;
	args.map_by_fd = ebpf_prog_map_by_fd;
	used.fd_array = attr->fd_array;
	if (attr->fd_array)
		args.fd_array_get = ebpf_prog_fd_array_get;
	args.priv = &used;

	/*
	 * On success the verifier hands back a new array, the program
	 * rewritten for execution; the one it was given stays ours.
	 */
	err = ebpf_prog_verify(&args, attr, uattr, uattr_size);
	if (err)
		goto put_maps;
	kvfree(insns);

	prog = kzalloc(sizeof(*prog), GFP_KERNEL_ACCOUNT);
	if (!prog) {
		ebpf_free(args.insns);
		ebpf_put_maps(used.maps, used.cnt);
		return -ENOMEM;
	}
	prog->type = type;
	prog->prog_type = attr->prog_type;
	prog->insns = args.insns;
	prog->insn_cnt = args.insn_cnt;
	prog->used_maps = used.maps;
	prog->used_map_cnt = used.cnt;
	prog->verified_insns = args.processed;
	prog->stack_depth = args.stack_depth;
	prog->ctx_end = args.ctx_end;
	prog->gpl_compatible = args.gpl;
	memcpy(prog->name, name, sizeof(name));
	refcount_set(&prog->refcnt, 1);

	ebpf_prog_jit(prog);
	/* trace_printk() writes into buffers allocated on first use */
	if (ebpf_insns_call(prog->insns, prog->insn_cnt, BPF_FUNC_trace_printk))
		trace_printk_init_buffers();

	fd = anon_inode_getfd("bpf-prog", &ebpf_prog_fops, prog,
			      O_RDWR | O_CLOEXEC);
	if (fd < 0)
		ebpf_prog_free(prog);
	return fd;

put_maps:
	ebpf_put_maps(used.maps, used.cnt);
free_insns:
	kvfree(insns);
	return err;
}

int ebpf_test_run_repeat(const struct ebpf_prog *prog, const void *ctx,
			 u32 repeat, u32 *retval, u32 *duration)
{
	u64 start, spent = 0, ret = 0;
	u32 i;

	if (!repeat)
		repeat = 1;
	/*
	 * The runs share one RCU read section on one CPU, left only to
	 * reschedule or to answer a signal: entering and leaving them per
	 * run would be most of a small program's time.
	 */
	rcu_read_lock();
	migrate_disable();
	start = ktime_get_ns();
	for (i = 0; i < repeat; i++) {
		ret = ebpf_prog_run(prog, ctx);
		if (unlikely(need_resched() || signal_pending(current))) {
			spent += ktime_get_ns() - start;
			migrate_enable();
			rcu_read_unlock();
			if (signal_pending(current))
				return -EINTR;
			cond_resched();
			rcu_read_lock();
			migrate_disable();
			start = ktime_get_ns();
		}
	}
	spent += ktime_get_ns() - start;
	migrate_enable();
	rcu_read_unlock();
	*retval = ret;
	*duration = min_t(u64, div_u64(spent, repeat), U32_MAX);
	return 0;
}

int ebpf_test_run_output(const union bpf_attr *attr,
			 union bpf_attr __user *uattr, const void *data,
			 u32 size, u32 retval, u32 duration)
{
	void __user *out = u64_to_user_ptr(attr->test.data_out);
	u32 room = attr->test.data_size_out;
	int err = 0;

	/*
	 * data_size_out 0 means no limit: callers from before the field. A
	 * limit the data exceeds is ENOSPC even without data_out, as mainline.
	 */
	if (room && size > room)
		err = -ENOSPC;
	if (out && copy_to_user(out, data, err ? room : size))
		return -EFAULT;
	if (put_user(size, &uattr->test.data_size_out) ||
	    put_user(retval, &uattr->test.retval) ||
	    put_user(duration, &uattr->test.duration))
		return -EFAULT;
	return err;
}

/*
 * Called from bpf(BPF_PROG_TEST_RUN). The program type runs it; those
 * that cannot run from here give -ENOTSUPP, as mainline.
 */
int ebpf_prog_test_run(const union bpf_attr *attr,
		       union bpf_attr __user *uattr)
{
	struct ebpf_prog *prog;
	int err;

	if (ebpf_attr_unused_nonzero(attr, EBPF_ATTR_END(test.batch_size)))
		return -EINVAL;
	/* a size without its buffer, or a buffer without its size */
	if (!attr->test.ctx_size_in != !attr->test.ctx_in ||
	    !attr->test.ctx_size_out != !attr->test.ctx_out)
		return -EINVAL;

	prog = ebpf_prog_get(attr->test.prog_fd);
	if (IS_ERR(prog))
		return PTR_ERR(prog);
	err = -ENOTSUPP;
	if (prog->type->test_run)
		err = prog->type->test_run(prog, attr, uattr);
	ebpf_prog_put(prog);
	return err;
}
