// SPDX-License-Identifier: GPL-2.0
/*
 * C programs with global variables and constants, loaded by Debian's
 * libbpf: globals.bpf.o has a .bss, a .data and a .rodata, which libbpf
 * makes into array maps of one element (the last one BPF_F_RDONLY_PROG
 * and frozen once filled) and the code reaches through LD_IMM64s of
 * BPF_PSEUDO_MAP_VALUE. The program runs (BPF_PROG_TEST_RUN) and what it
 * wrote is read back through the maps and through a mapping of .bss
 * (libbpf made it BPF_F_MMAPABLE); a write from user space into .data changes what
 * it does next, .rodata refuses one.
 */
#include <sys/mman.h>

#include "libbpf_test.h"

/* The map of @obj whose name ends in @suffix (".bss", ...) */
static struct bpf_map *map_ending(struct bpf_object *obj, const char *suffix)
{
	struct bpf_map *map;
	size_t n = strlen(suffix), len;

	bpf_object__for_each_map(map, obj) {
		len = strlen(bpf_map__name(map));
		if (len >= n && !strcmp(bpf_map__name(map) + len - n, suffix))
			return map;
	}
	ksft_print_msg("no map named *%s\n", suffix);
	return NULL;
}

/* Run @prog @n times on a small packet; the last retval, or -1 */
static long run(int prog, int n)
{
	char pkt[64] = { 0 };
	struct test_run t = { .in = pkt, .in_size = sizeof(pkt), .repeat = n };

	return prog_test_run(prog, &t) ? -1 : (long)t.retval;
}

static void globals_are_maps_the_program_writes(void)
{
	struct bpf_map *bss, *data, *rodata;
	struct bpf_program *p;
	struct bpf_object *obj;
	long page = sysconf(_SC_PAGESIZE);
	uint64_t hits = 0, *mapped;
	uint32_t key = 0, step = 10, v;
	char ro[8] = "zzzz";
	int prog;

	obj = load_object_named("globals.bpf.o");
	if (!obj)
		return;
	p = bpf_object__find_program_by_name(obj, "use_globals");
	bss = map_ending(obj, ".bss");
	data = map_ending(obj, ".data");
	rodata = map_ending(obj, ".rodata");
	if (!EXPECT_TRUE(p && bss && data && rodata))
		goto out;
	EXPECT_EQ(bpf_map__max_entries(bss), 1);
	EXPECT_TRUE(bpf_map__map_flags(rodata) & BPF_F_RDONLY_PROG);
	/* libbpf found BPF_F_MMAPABLE: the values map, as a skeleton's do */
	EXPECT_TRUE(bpf_map__map_flags(bss) & BPF_F_MMAPABLE);
	mapped = mmap(NULL, page, PROT_READ, MAP_SHARED, bpf_map__fd(bss), 0);
	if (!EXPECT_TRUE(mapped != MAP_FAILED))
		goto out;
	prog = bpf_program__fd(p);

	/* 'b' * 5; hits grows by step (3, from .data) per run */
	EXPECT_EQ(run(prog, 3), 'b' * 5);
	EXPECT_EQ(bpf_map_lookup_elem(bpf_map__fd(bss), &key, &hits), 0);
	EXPECT_EQ(hits, 9);
	EXPECT_EQ(*mapped, 9);
	EXPECT_EQ(bpf_map_lookup_elem(bpf_map__fd(data), &key, &v), 0);
	EXPECT_EQ(v, 3);
	/* .data is the program's and ours: a new step */
	EXPECT_EQ(bpf_map_update_elem(bpf_map__fd(data), &key, &step, 0), 0);
	EXPECT_EQ(run(prog, 2), 'b' * 5);
	EXPECT_EQ(bpf_map_lookup_elem(bpf_map__fd(bss), &key, &hits), 0);
	EXPECT_EQ(hits, 29);
	EXPECT_EQ(*mapped, 29);
	munmap(mapped, page);
	/* .rodata holds what the object said, and is frozen */
	EXPECT_EQ(bpf_map_lookup_elem(bpf_map__fd(rodata), &key, ro), 0);
	EXPECT_EQ(memcmp(ro, "ebpf", 5), 0);
	EXPECT_EQ(fdinfo_field(bpf_map__fd(rodata), "frozen"), 1);
	EXPECT_EQ(bpf_map_update_elem(bpf_map__fd(rodata), &key, ro, 0), -EPERM);
out:
	bpf_object__close(obj);
}

static const struct test_case cases[] = {
	{ "libbpf: globals are maps the program reads and writes",
	  globals_are_maps_the_program_writes },
};

int main(void)
{
	libbpf_set_print(libbpf_msg);
	run_cases(cases, ARRAY_LEN(cases));
	return 0;
}
