// SPDX-License-Identifier: GPL-2.0
/*
 * A program on a trace event that goes away: ebpf_test_mod's event
 * ebpf_test_mod/ebpf_test_fire exists while the module is loaded (writing
 * N to its "fire" parameter fires it N times). The program counts the
 * hits in a 16 MiB array map whose fd the test closes, so that the map's
 * memory (VmallocUsed) shows whether the program still exists.
 *
 * perf (mainline's interface, both kernels): the perf event pins the
 * module (unloading fails with EWOULDBLOCK) and holds the program; its
 * close releases both. tracefs (ours, skips on the reference): a
 * "bpf_<fd>" filter does not pin the module; unloading it removes the
 * event with its filter, and the program and its map go too.
 */
#include <fcntl.h>

#include "tp_test.h"

#define MOD_NAME "ebpf_test_mod"
#define MOD_EVENT "/sys/kernel/tracing/events/" MOD_NAME "/ebpf_test_fire"
#define MOD_FIRE "/sys/module/" MOD_NAME "/parameters/fire"
#define MAP_KIB (16 * 1024)

static long vmalloc_kib(void)
{
	return meminfo_kib("VmallocUsed");
}

/*
 * Wait (up to five seconds: programs and maps go after RCU grace periods
 * and from workqueues) for VmallocUsed to drop below @below.
 */
static bool vmalloc_drops_below(long below)
{
	int i;

	for (i = 0; i < 100; i++) {
		if (vmalloc_kib() < below)
			return true;
		usleep(50 * 1000);
	}
	ksft_print_msg("VmallocUsed %ld kB, waited for below %ld kB\n",
		       vmalloc_kib(), below);
	return false;
}

static bool read_first_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	bool ok;

	if (!f)
		return false;
	ok = fgets(buf, size, f);
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = 0;
	return ok;
}

/* The module built for the running kernel's flavour, from the initramfs */
static int mod_load(void)
{
	char line[4096] = "", path[128], flavour[32] = "";
	FILE *f = fopen("/proc/cmdline", "r");
	const char *at;
	int fd, err;

	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = 0;
		fclose(f);
	}
	at = strstr(line, "ebpf.flavour=");
	if (!at || sscanf(at, "ebpf.flavour=%31s", flavour) != 1) {
		ksft_print_msg("no ebpf.flavour= in /proc/cmdline\n");
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "/lib/ebpf/%s/" MOD_NAME ".ko", flavour);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ksft_print_msg("%s: %s\n", path, strerror(errno));
		return -errno;
	}
	err = syscall(SYS_finit_module, fd, "", 0) ? -errno : 0;
	close(fd);
	if (err)
		ksft_print_msg("finit_module %s: %s\n", path, strerror(-err));
	return err;
}

static int mod_unload(void)
{
	return syscall(SYS_delete_module, MOD_NAME, O_NONBLOCK) ? -errno : 0;
}

static bool mod_fire(unsigned int n)
{
	char text[16];
	int err;

	snprintf(text, sizeof(text), "%u", n);
	return write_file(MOD_FIRE, text, &err);
}

/* A 16 MiB array whose first u64 the program counts in */
static int big_map(void)
{
	return map_create(BPF_MAP_TYPE_ARRAY, 4, 8, MAP_KIB * 1024 / 8, 0);
}

static void perf_event_pins_the_module(void)
{
	int map = -1, prog = -1, perf = -1, id, err;
	long before;

	if (!EXPECT_EQ(mod_load(), 0))
		return;
	map = big_map();
	prog = prog_count_every(map, 1);
	if (!EXPECT_TRUE(map >= 0 && prog >= 0) ||
	    !EXPECT_TRUE(event_field(MOD_EVENT, "seq", &id) >= 0))
		goto out;
	perf = perf_open_id(id);
	if (!EXPECT_TRUE(perf >= 0) || !EXPECT_EQ(set_bpf(perf, prog), 0))
		goto out;
	close(prog);
	prog = -1;
	EXPECT_TRUE(mod_fire(30));
	EXPECT_EQ(value(map, 0), 30);
	EXPECT_EQ(perf_count(perf), 30);
	/* perf holds the module: it stays, and so does its event */
	EXPECT_EQ(mod_unload(), -EWOULDBLOCK);
	EXPECT_TRUE(mod_fire(5));
	EXPECT_EQ(value(map, 0), 35);
	/* the program keeps the map: closing its fd frees nothing */
	before = vmalloc_kib();
	close(map);
	map = -1;
	usleep(200 * 1000);
	EXPECT_TRUE(vmalloc_kib() > before - MAP_KIB / 2);
	/* closing the perf event lets go of the program, its map, the module */
	close(perf);
	perf = -1;
	EXPECT_TRUE(vmalloc_drops_below(before - MAP_KIB + 1024));
	err = mod_unload();
	EXPECT_EQ(err, 0);
	EXPECT_EQ(access(MOD_EVENT, F_OK) ? -errno : 0, -ENOENT);
out:
	if (perf >= 0)
		close(perf);
	if (prog >= 0)
		close(prog);
	if (map >= 0)
		close(map);
	mod_unload();
}

static void unload_releases_the_filter_program(void)
{
	int map = -1, prog = -1, err;
	char text[32];
	long before;

	if (kernel_is_reference()) {
		ebpf_case_skip = "bpf_<fd> filters are our interface";
		return;
	}
	if (!EXPECT_EQ(mod_load(), 0))
		return;
	map = big_map();
	prog = prog_count_every(map, 0);
	if (!EXPECT_TRUE(map >= 0 && prog >= 0))
		goto out;
	snprintf(text, sizeof(text), "bpf_%d", prog);
	if (!EXPECT_TRUE(write_file(MOD_EVENT "/filter", text, &err)) ||
	    !EXPECT_TRUE(write_file(MOD_EVENT "/enable", "1", &err)))
		goto out;
	close(prog);
	prog = -1;
	EXPECT_TRUE(mod_fire(25));
	EXPECT_EQ(value(map, 0), 25);
	before = vmalloc_kib();
	close(map);
	map = -1;
	usleep(200 * 1000);
	EXPECT_TRUE(vmalloc_kib() > before - MAP_KIB / 2);
	/* an enabled event with a program filter does not pin the module */
	EXPECT_EQ(mod_unload(), 0);
	EXPECT_EQ(access(MOD_EVENT, F_OK) ? -errno : 0, -ENOENT);
	EXPECT_TRUE(vmalloc_drops_below(before - MAP_KIB + 1024));
	/* back again: a new event, with no filter and nothing of the old */
	if (!EXPECT_EQ(mod_load(), 0))
		goto out;
	EXPECT_TRUE(read_first_line(MOD_EVENT "/filter", text, sizeof(text)));
	EXPECT_EQ(strcmp(text, "none"), 0);
	EXPECT_TRUE(mod_fire(3));
	EXPECT_EQ(mod_unload(), 0);
out:
	if (prog >= 0)
		close(prog);
	if (map >= 0)
		close(map);
	mod_unload();
}

static const struct test_case cases[] = {
	{ "module: a perf event pins the module and holds the program",
	  perf_event_pins_the_module },
	{ "module: unloading releases a bpf_<fd> filter's program",
	  unload_releases_the_filter_program },
};

int main(void)
{
	/* a module left from an earlier run would make the load fail */
	mod_unload();
	run_cases(cases, ARRAY_LEN(cases));
	return 0;
}
