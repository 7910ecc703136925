// SPDX-License-Identifier: GPL-2.0
/*
 * sock_example_libbpf: sock_example with its program written in C
 * (sock_example.bpf.c) and loaded by libbpf, the way most users load
 * programs: libbpf opens the object, creates the "counts" map, relocates
 * the program's map reference and loads it; the rest is sock_example's.
 *
 *	sock_example_libbpf [--no-traffic]
 */
#include <libgen.h>
#include <bpf/libbpf.h>

#include "sock_example.h"

/* sock_example.bpf.o is installed beside this binary */
static struct bpf_object *open_object(void)
{
	char path[4096];
	ssize_t len = readlink("/proc/self/exe", path, sizeof(path) - 32);

	if (len < 0) {
		perror("/proc/self/exe");
		return NULL;
	}
	path[len] = '\0';
	strcat(dirname(path), "/sock_example.bpf.o");
	return bpf_object__open_file(path, NULL);
}

int main(int argc, char **argv)
{
	struct bpf_object *obj = open_object();
	struct bpf_program *prog;
	int map_fd, err;

	if (!obj) {
		fprintf(stderr, "sock_example.bpf.o: %s\n", strerror(errno));
		return 1;
	}
	err = bpf_object__load(obj);
	if (err) {
		fprintf(stderr, "bpf_object__load: %s\n", strerror(-err));
		bpf_object__close(obj);
		return 1;
	}
	prog = bpf_object__find_program_by_name(obj, "count_protocols");
	map_fd = bpf_object__find_map_fd_by_name(obj, "counts");
	if (!prog || map_fd < 0) {
		fprintf(stderr, "count_protocols or counts missing\n");
		bpf_object__close(obj);
		return 1;
	}
	err = sock_example_run("sock_example_libbpf", bpf_program__fd(prog),
			       map_fd, want_traffic(argc, argv));
	bpf_object__close(obj);
	return err;
}
