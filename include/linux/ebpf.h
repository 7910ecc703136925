/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal API of the eBPF subsystem (kernel/ebpf/).
 *
 * User space sees mainline's ABI only (include/uapi/linux/bpf.h); every
 * internal symbol here carries the ebpf_ prefix so that nothing collides
 * with mainline's bpf_ symbols, which stay in the tree for classic BPF.
 */
#ifndef _LINUX_EBPF_H
#define _LINUX_EBPF_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <uapi/linux/bpf.h>

struct ebpf_map;
struct ebpf_prog;
struct ebpf_prog_desc;
struct ebpf_interp_env;
struct file;
struct vm_area_struct;
struct poll_table_struct;

/*
 * What a map type implements. Lookups run under rcu_read_lock() and may
 * come from any context a program runs in (process, softirq, tracepoint);
 * update and delete may also come from programs, so they never sleep: @gfp
 * says how the caller allows them to allocate.
 */
struct ebpf_map_ops {
	/* attribute checks that need no allocation; errno as mainline */
	int (*alloc_check)(const union bpf_attr *attr);
	struct ebpf_map *(*alloc)(const union bpf_attr *attr);
	/* called once, from process context, after the last reference */
	void (*free)(struct ebpf_map *map);
	void *(*lookup)(struct ebpf_map *map, const void *key);
	int (*update)(struct ebpf_map *map, const void *key, const void *value,
		      u64 flags, gfp_t gfp);
	int (*delete)(struct ebpf_map *map, const void *key);
	int (*get_next_key)(struct ebpf_map *map, const void *key,
			    void *next_key);
	/* optional: map the values into user space (BPF_F_MMAPABLE) */
	int (*mmap)(struct ebpf_map *map, struct vm_area_struct *vma);
	/* optional: poll() of the map fd (a ring buffer's records) */
	__poll_t (*poll)(struct ebpf_map *map, struct file *file,
			 struct poll_table_struct *pt);
	/* maps without keys (queue, stack): the syscall's update and lookup */
	int (*push)(struct ebpf_map *map, const void *value, u64 flags);
	int (*peek)(struct ebpf_map *map, void *value);
	/* BPF_MAP_LOOKUP_AND_DELETE_ELEM: pop, or take the key's value out */
	int (*pop)(struct ebpf_map *map, void *value);
	int (*lookup_and_delete)(struct ebpf_map *map, const void *key,
				 void *value);
};

struct ebpf_map {
	const struct ebpf_map_ops *ops;
	u32 map_type;
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u32 map_flags;
	u32 id;		/* BPF_OBJ_GET_INFO_BY_FD's; 0 once it is going */
	char name[BPF_OBJ_NAME_LEN];
	/* one per open fd and one per program using the map */
	refcount_t refcnt;
	struct work_struct free_work;
	/* BPF_MAP_FREEZE: the syscall writes no more (programs still may) */
	bool frozen;
	/* mappings of the values that may write, under freeze_lock */
	u32 writable_maps;
	/* orders freezing against mmap(): frozen, writable_maps */
	struct mutex freeze_lock;
};

/* Map types; ebpf_types.h maps their uapi numbers to these. */
extern const struct ebpf_map_ops ebpf_htab_ops;
extern const struct ebpf_map_ops ebpf_array_ops;
extern const struct ebpf_map_ops ebpf_ringbuf_ops;
extern const struct ebpf_map_ops ebpf_queue_stack_ops;

/* Does a value of @size bytes move with one load or store? */
static inline bool ebpf_value_is_word(u32 size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

/*
 * Copy a map value. Values are naturally aligned in every map, so a value
 * of one word moves with a single load and store: a reader racing with an
 * in-place update sees the old or the new value, never a mix of both.
 */
static inline void ebpf_copy_value(void *dst, const void *src, u32 size)
{
	switch (size) {
	case 1:
		WRITE_ONCE(*(u8 *)dst, READ_ONCE(*(const u8 *)src));
		break;
	case 2:
		WRITE_ONCE(*(u16 *)dst, READ_ONCE(*(const u16 *)src));
		break;
	case 4:
		WRITE_ONCE(*(u32 *)dst, READ_ONCE(*(const u32 *)src));
		break;
	case 8:
		WRITE_ONCE(*(u64 *)dst, READ_ONCE(*(const u64 *)src));
		break;
	default:
		memcpy(dst, src, size);
	}
}

/* Fill the common part of a freshly allocated map from its attributes. */
void ebpf_map_init_from_attr(struct ebpf_map *map, const union bpf_attr *attr);

/*
 * Allocate @size bytes of zeroed, memcg-charged map memory. Fails fast with
 * NULL for sizes the machine can never satisfy instead of warning or
 * invoking the OOM killer on behalf of a bad attribute.
 */
void *ebpf_map_area_alloc(u64 size);
void ebpf_map_area_free(void *p);

void ebpf_map_get(struct ebpf_map *map);
void ebpf_map_put(struct ebpf_map *map);

/* The map behind @f, or ERR_PTR(-EINVAL) when @f is not a map fd. */
struct ebpf_map *ebpf_map_from_file(struct file *f);

int ebpf_map_create(union bpf_attr *attr);
int ebpf_map_lookup_elem(union bpf_attr *attr);
int ebpf_map_update_elem(union bpf_attr *attr);
int ebpf_map_delete_elem(union bpf_attr *attr);
int ebpf_map_get_next_key(union bpf_attr *attr);
int ebpf_map_freeze(union bpf_attr *attr);
int ebpf_map_lookup_and_delete_elem(union bpf_attr *attr);
int ebpf_map_get_info(struct ebpf_map *map, union bpf_attr *attr,
		      union bpf_attr __user *uattr);

/*
 * Copy an object name (of a map or a program) from @src, @size bytes, into
 * @dst: empty, or letters, digits, '_' and '.' ended by a NUL within @size.
 * 0 or -EINVAL.
 */
int ebpf_obj_name_copy(char *dst, const char *src, size_t size);
int ebpf_foreign_fd_errno(u32 ufd);

/*
 * What the kernel knows about a program type besides what the verifier
 * sees (@desc): how its programs run, who may load them, how
 * BPF_PROG_TEST_RUN runs them.
 */
struct ebpf_prog_type {
	const struct ebpf_prog_desc *desc;
	const struct ebpf_interp_env *env;
	/* loadable without CAP_BPF while unprivileged_bpf_disabled is 0 */
	bool unprivileged;
	/* needs CAP_PERFMON (or CAP_SYS_ADMIN) on top of CAP_BPF */
	bool perfmon;
	/* NULL: BPF_PROG_TEST_RUN gives -ENOTSUPP */
	int (*test_run)(struct ebpf_prog *prog, const union bpf_attr *attr,
			union bpf_attr __user *uattr);
};

extern const struct ebpf_prog_type ebpf_sk_filter_prog_type;
extern const struct ebpf_prog_type ebpf_tracepoint_prog_type;

/*
 * A loaded program: verified, rewritten for execution, immutable. It holds
 * a reference on every map it uses; the last put frees it after an RCU
 * grace period, so code running it under rcu_read_lock() may finish.
 */
struct ebpf_prog {
	const struct ebpf_prog_type *type;
	u32 prog_type;			/* enum bpf_prog_type */
	u32 insn_cnt;
	const struct bpf_insn *insns;
	u32 used_map_cnt;
	struct ebpf_map **used_maps;
	u32 verified_insns;		/* processed by the verifier */
	u32 stack_depth;		/* deepest stack byte it uses */
	u32 ctx_end;			/* end of the furthest context byte read */
	bool gpl_compatible;
	/* runs skipped because the event fired inside a program */
	atomic64_t recursion_misses;
	/* the JIT's translation, when there is one: run instead of insns */
	u64 (*jited)(const void *ctx);
	void *image;
	u32 jited_len;			/* bytes of code */
	char name[BPF_OBJ_NAME_LEN];
	/* one per open fd and one per attachment */
	refcount_t refcnt;
	/* freed from a worker after a grace period: execmem_free() sleeps */
	struct rcu_work free_work;
};

/*
 * Run @prog on @ctx and return its r0. The caller holds rcu_read_lock()
 * and has migration disabled.
 */
u64 ebpf_prog_run(const struct ebpf_prog *prog, const void *ctx);

#ifdef CONFIG_EBPF_JIT
/*
 * Translate a loaded @prog when kernel.ebpf_jit_enable asks for it; it
 * stays on the interpreter if the JIT cannot translate it.
 */
void ebpf_prog_jit(struct ebpf_prog *prog);
/* Free the translation; after the last RCU reader of @prog. */
void ebpf_prog_jit_free(struct ebpf_prog *prog);
#else
static inline void ebpf_prog_jit(struct ebpf_prog *prog) {}
static inline void ebpf_prog_jit_free(struct ebpf_prog *prog) {}
#endif

/* The program behind @f, or ERR_PTR(-EINVAL) when @f is not a program fd. */
struct ebpf_prog *ebpf_prog_from_file(struct file *f);

/*
 * The program behind @fd with a reference taken: ERR_PTR(-EBADF) for a
 * closed fd, ERR_PTR(-EINVAL) for one that is not a program.
 */
struct ebpf_prog *ebpf_prog_get(u32 fd);
void ebpf_prog_inc(struct ebpf_prog *prog);
void ebpf_prog_put(struct ebpf_prog *prog);

int ebpf_prog_load(const union bpf_attr *attr, union bpf_attr __user *uattr,
		   unsigned int uattr_size);
int ebpf_prog_test_run(const union bpf_attr *attr,
		       union bpf_attr __user *uattr);

/*
 * For the program types' test_run(): run @prog @repeat times (0: once) on
 * @ctx, each run under rcu_read_lock() with migration disabled, yielding
 * the CPU between runs when asked to. *@retval gets r0 of the last run,
 * *@duration the mean time of a run in ns. 0, or -EINTR on a signal.
 */
int ebpf_test_run_repeat(const struct ebpf_prog *prog, const void *ctx,
			 u32 repeat, u32 *retval, u32 *duration);

/*
 * Then hand the results back: @size bytes of @data into data_out (cut to
 * data_size_out, -ENOSPC, when that is smaller and not 0), the full size
 * into data_size_out, retval and duration.
 */
int ebpf_test_run_output(const union bpf_attr *attr,
			 union bpf_attr __user *uattr, const void *data,
			 u32 size, u32 retval, u32 duration);

/*
 * Helper functions, indexed by helper id (enum bpf_func_id): each program
 * type's interpreter environment points here; the verifier only lets a
 * program call those its type offers.
 */
extern u64 (*const ebpf_helper_fns[])(u64, u64, u64, u64, u64);

/* The helpers that need an skb, in sk_filter.c. */
u64 ebpf_helper_skb_load_bytes(u64 skb, u64 offset, u64 to, u64 len,
			       u64 unused);
u64 ebpf_helper_skb_load_bytes_relative(u64 skb, u64 offset, u64 to,
					u64 len, u64 start_header);
u64 ebpf_helper_get_socket_cookie(u64 skb, u64 r2, u64 r3, u64 r4, u64 r5);
u64 ebpf_helper_get_socket_uid(u64 skb, u64 r2, u64 r3, u64 r4, u64 r5);
/* ringbuf.c */
u64 ebpf_helper_ringbuf_output(u64 map, u64 data, u64 size, u64 flags,
			       u64 r5);
u64 ebpf_helper_ringbuf_query(u64 map, u64 flags, u64 r3, u64 r4, u64 r5);
u64 ebpf_helper_ringbuf_reserve(u64 map, u64 size, u64 flags, u64 r4, u64 r5);
u64 ebpf_helper_ringbuf_submit(u64 data, u64 flags, u64 r3, u64 r4, u64 r5);
u64 ebpf_helper_ringbuf_discard(u64 data, u64 flags, u64 r3, u64 r4, u64 r5);
/* queue_stack.c */
u64 ebpf_helper_map_push_elem(u64 map, u64 value, u64 flags, u64 r4, u64 r5);
u64 ebpf_helper_map_pop_elem(u64 map, u64 value, u64 r3, u64 r4, u64 r5);
u64 ebpf_helper_map_peek_elem(u64 map, u64 value, u64 r3, u64 r4, u64 r5);

/*
 * SO_ATTACH_BPF, for net/core/filter.c: a struct bpf_prog that runs the
 * socket filter program behind @ufd and holds a reference on it; the
 * errno of mainline's bpf_prog_get_type() when there is none. Released
 * with ebpf_sk_filter_put(), after the last RCU reader of the filter.
 */
struct bpf_prog;
struct bpf_prog *ebpf_sk_filter_get(u32 ufd);
void ebpf_sk_filter_put(struct bpf_prog *shell);

/*
 * PERF_EVENT_IOC_SET_BPF, for kernel/events/core.c: a struct bpf_prog
 * standing for the program behind @ufd, of whatever type (perf checks it)
 * and holding a reference on it; the errno of mainline's bpf_prog_get()
 * when there is none. perf attaches it to a tracepoint's perf event with
 * perf_event_attach_bpf_prog(); one it does not attach goes back with
 * ebpf_perf_prog_put(). kernel/trace/ebpf_trace.c.
 */
struct bpf_prog *ebpf_perf_prog_get(u32 ufd);
void ebpf_perf_prog_put(struct bpf_prog *shell);

/*
 * tracefs, for kernel/trace/trace_events_filter.c: "bpf_<fd>" written into
 * an event's filter file. ebpf_trace_filter_string() says whether @str
 * has that form; ebpf_trace_filter_get() resolves it for event @call: a
 * reference on the tracepoint program in *@handle and what the filter
 * file shows in *@text, or -errno (EINVAL: not a number or not a
 * tracepoint program; EBADF: no such fd; EACCES: it reads past the
 * record) with the reason in *@why. ebpf_trace_filter_run() runs it on a
 * record (0: discard); ebpf_trace_filter_put() lets it go after the last
 * run in flight.
 */
struct trace_event_call;
bool ebpf_trace_filter_string(const char *str);
int ebpf_trace_filter_get(const char *str, struct trace_event_call *call,
			  u64 *handle, char **text, const char **why);
int ebpf_trace_filter_run(u64 handle, void *rec);
void ebpf_trace_filter_put(u64 handle);

/* kernel.unprivileged_bpf_disabled: 0 allowed, 1 off for good, 2 off */
extern int ebpf_unprivileged_disabled;

/* CAP_BPF, or CAP_SYS_ADMIN which implied it before CAP_BPF existed */
bool ebpf_capable(void);

/*
 * Copy a struct user space passes with its own size (attributes, a test
 * run's context): E2BIG when it is larger than a page or than the @known
 * size with nonzero bytes past it; the rest of @dst zeroed when shorter.
 */
int ebpf_copy_struct_from_user(void *dst, size_t known,
			       const void __user *src, size_t size);
/* The same check alone: 0 if @size bytes at @src fit in @known */
int ebpf_check_tail_zero(const void __user *src, size_t known, size_t size);

/*
 * Every byte of @attr from @end (the end of the last field a command
 * reads) on must be zero, so that a field added later cannot be silently
 * ignored by this kernel.
 */
static inline bool ebpf_attr_unused_nonzero(const union bpf_attr *attr,
					    size_t end)
{
	return memchr_inv((const u8 *)attr + end, 0, sizeof(*attr) - end);
}

#endif /* _LINUX_EBPF_H */
