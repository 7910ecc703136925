/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Verifier table: programs too big to write out, generated (vt.h): the
 * instruction limits of unprivileged (4096) and privileged (1000000)
 * loaders, and paths that multiply until the verifier gives up.
 * Included into the table of verifier_test.c.
 */
{
	.name = "big: 4096 insns, the unprivileged limit",
	.gen = vt_gen_straight, .len = 4096,
	.result = VT_ACCEPT, .retval = 4094,
},
{
	.name = "big: 4097 insns, privileged only",
	.gen = vt_gen_straight, .len = 4097,
	.result = VT_ACCEPT, .retval = 4095,
	.unpriv_result = VT_REJECT, .unpriv_err = E2BIG,
},
{
	.name = "big: 65536 insns, privileged only",
	.gen = vt_gen_straight, .len = 65536,
	.result = VT_ACCEPT, .retval = 65534,
	.unpriv_result = VT_REJECT, .unpriv_err = E2BIG,
},
{
	.name = "big: 1000001 insns",
	.gen = vt_gen_straight, .len = 1000001,
	.result = VT_REJECT, .err = E2BIG,
	.unpriv_result = VT_REJECT, .unpriv_err = E2BIG,
},
{
	.name = "big: 40 diamonds, the values die at each join",
	.gen = vt_gen_paths_dead, .len = VT_PATHS_LEN,
	.result = VT_ACCEPT, .retval = 0,
},
{
	.name = "big: 40 diamonds, each path a different offset",
	.gen = vt_gen_paths_precise, .len = VT_PATHS_LEN,
	.flags = VT_PRIV_ONLY,
	.result = VT_ACCEPT, .retval = 0,
	.differs = "ours joins states past 8 per insn; mainline follows all 2^40 paths",
	.ref_result = VT_REJECT, .ref_err = E2BIG,
	/* Spectre v1: the paths disagree on the masking window */
	.spec_result = VT_REJECT, .spec_err = EACCES,
	.spec_errstr = "tried to add from different maps, paths or scalars",
},
{
	.name = "big: 40 diamonds, each path a different return value",
	.gen = vt_gen_paths_imprecise, .len = VT_PATHS_LEN,
	.result = VT_ACCEPT, .retval = 0,
	.differs = "unprivileged: mainline follows all 2^40 paths; ours joins states",
	.ref_unpriv_result = VT_REJECT, .ref_unpriv_err = E2BIG,
},
