// SPDX-License-Identifier: GPL-2.0
/*
 * dropmon_libbpf: dropmon with its program written in C (dropmon.bpf.c),
 * loaded by libbpf and attached with bpf_program__attach_tracepoint(),
 * which opens the event's perf event and attaches the program to it
 * (PERF_EVENT_IOC_SET_BPF, mainline's interface). Destroying the link at
 * the end (or on Ctrl-C) closes the perf event, which releases the
 * program; closing the object releases the map.
 *
 *	dropmon_libbpf [--no-traffic]
 */
#include <libgen.h>
#include <bpf/libbpf.h>

#include "dropmon.h"

/* dropmon.bpf.o is installed beside this binary */
static struct bpf_object *open_object(void)
{
	char path[4096];
	ssize_t len = readlink("/proc/self/exe", path, sizeof(path) - 32);

	if (len < 0) {
		perror("/proc/self/exe");
		return NULL;
	}
	path[len] = '\0';
	strcat(dirname(path), "/dropmon.bpf.o");
	return bpf_object__open_file(path, NULL);
}

int main(int argc, char **argv)
{
	struct bpf_object *obj = open_object();
	struct bpf_program *prog;
	struct bpf_link *link;
	int map_fd, err;

	if (!obj) {
		fprintf(stderr, "dropmon.bpf.o: %s\n", strerror(errno));
		return 1;
	}
	err = bpf_object__load(obj);
	if (err) {
		fprintf(stderr, "bpf_object__load: %s\n", strerror(-err));
		bpf_object__close(obj);
		return 1;
	}
	prog = bpf_object__find_program_by_name(obj, "count_drops");
	map_fd = bpf_object__find_map_fd_by_name(obj, "drops");
	if (!prog || map_fd < 0) {
		fprintf(stderr, "count_drops or drops missing\n");
		bpf_object__close(obj);
		return 1;
	}
	link = bpf_program__attach_tracepoint(prog, "skb", "kfree_skb");
	if (!link) {
		fprintf(stderr, "attach_tracepoint: %s\n", strerror(errno));
		bpf_object__close(obj);
		return 1;
	}
	err = dropmon_run("dropmon_libbpf", map_fd, want_traffic(argc, argv));
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return err;
}
