// SPDX-License-Identifier: GPL-2.0
/*
 * A trace event that lives and dies with a module, for tp_module_test:
 * writing N to /sys/module/ebpf_test_mod/parameters/fire fires
 * ebpf_test_mod/ebpf_test_fire N times, in the writer's context. Unloading
 * the module removes the event, and with it whatever filter the event
 * had, a program included.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#define CREATE_TRACE_POINTS
#include "ebpf_test_mod_trace.h"

/* no more per write: a test's loop, not a way to hog the CPU */
#define EBPF_TEST_MAX_FIRE	100000

static int ebpf_test_fire_set(const char *val, const struct kernel_param *kp)
{
	u32 n, i;
	int err;

	err = kstrtou32(val, 0, &n);
	if (err)
		return err;
	if (n > EBPF_TEST_MAX_FIRE)
		return -E2BIG;
	for (i = 0; i < n; i++)
		trace_ebpf_test_fire(i, n);
	return 0;
}

static const struct kernel_param_ops ebpf_test_fire_ops = {
	.set = ebpf_test_fire_set,
};

module_param_cb(fire, &ebpf_test_fire_ops, NULL, 0200);
MODULE_PARM_DESC(fire, "fire ebpf_test_mod/ebpf_test_fire this many times");

/* nothing to set up or tear down: the event comes and goes with the module */
static int __init ebpf_test_mod_init(void)
{
	return 0;
}

static void __exit ebpf_test_mod_exit(void)
{
}

module_init(ebpf_test_mod_init);
module_exit(ebpf_test_mod_exit);

MODULE_DESCRIPTION("A trace event for the eBPF tracing selftests");
MODULE_LICENSE("GPL");
