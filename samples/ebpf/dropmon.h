/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What both dropmon programs share: traffic that makes the kernel drop
 * packets (UDP to a port nobody listens on, UDP to a socket whose filter
 * drops everything), the symbols of /proc/kallsyms, and the once-a-second
 * report of the program's hash map (drop location -> count), top first,
 * as symbol+offset. Each includer only loads and attaches its program,
 * to skb/kfree_skb, and hands over the map.
 */
#ifndef DROPMON_H
#define DROPMON_H

#include <errno.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SECONDS 3
#define TOP 5
#define MAX_LOCATIONS 256
/* the event, and where its record keeps the drop's location */
#define KFREE_SKB "skb/kfree_skb"
#define KFREE_SKB_LOCATION 16

static atomic_bool stop;

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&stop, true);
}

static bool want_traffic(int argc, char **argv)
{
	return !(argc > 1 && !strcmp(argv[1], "--no-traffic"));
}

/* ---- traffic that is dropped ---- */

static const struct sockaddr_in loopback = {
	.sin_family = AF_INET, .sin_addr.s_addr = 0x0100007f,	/* 127.0.0.1 */
};

/* Datagrams to port 9, where nobody listens: dropped for want of one. */
static void send_to_closed_port(int n)
{
	struct sockaddr_in to = loopback;
	int sk = socket(AF_INET, SOCK_DGRAM, 0);

	to.sin_port = htons(9);
	while (sk >= 0 && n--)
		sendto(sk, "drop", 4, 0, (struct sockaddr *)&to, sizeof(to));
	if (sk >= 0)
		close(sk);
}

/* Datagrams to a socket whose classic filter keeps nothing. */
static void send_to_filtered_socket(int n)
{
	struct sock_filter drop_all = BPF_STMT(BPF_RET | BPF_K, 0);
	struct sock_fprog fprog = { .len = 1, .filter = &drop_all };
	struct sockaddr_in a = loopback;
	socklen_t len = sizeof(a);
	int rx = socket(AF_INET, SOCK_DGRAM, 0);
	int tx = socket(AF_INET, SOCK_DGRAM, 0);

	if (rx >= 0 && tx >= 0 && !bind(rx, (struct sockaddr *)&a, sizeof(a)) &&
	    !getsockname(rx, (struct sockaddr *)&a, &len) &&
	    !setsockopt(rx, SOL_SOCKET, SO_ATTACH_FILTER, &fprog,
			sizeof(fprog)))
		while (n--)
			sendto(tx, "drop", 4, 0, (struct sockaddr *)&a,
			       sizeof(a));
	if (rx >= 0)
		close(rx);
	if (tx >= 0)
		close(tx);
}

/* ---- kallsyms ---- */

struct ksym {
	unsigned long long addr;
	char name[64];
};

static struct ksym *ksyms;
static size_t nksyms;

static int ksym_cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* The text symbols of /proc/kallsyms, sorted; false when unreadable. */
static bool load_ksyms(void)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	size_t cap = 0;
	char line[256], type;
	struct ksym s;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %63s", &s.addr, &type, s.name) != 3 ||
		    (type != 't' && type != 'T') || !s.addr)
			continue;
		if (nksyms == cap) {
			cap = cap ? 2 * cap : 4096;
			ksyms = realloc(ksyms, cap * sizeof(*ksyms));
			if (!ksyms)
				break;
		}
		ksyms[nksyms++] = s;
	}
	fclose(f);
	if (!ksyms)
		return false;
	qsort(ksyms, nksyms, sizeof(*ksyms), ksym_cmp);
	return nksyms > 0;
}

/* @addr as symbol+0xoff, or as a bare address */
static void format_location(unsigned long long addr, char *buf, size_t size)
{
	size_t lo = 0, hi = nksyms;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (ksyms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (nksyms && ksyms[lo].addr <= addr)
		snprintf(buf, size, "%s+0x%llx", ksyms[lo].name,
			 addr - ksyms[lo].addr);
	else
		snprintf(buf, size, "0x%llx", addr);
}

/* ---- the report ---- */

struct drop {
	unsigned long long location, count;
};

static long bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int drop_cmp(const void *a, const void *b)
{
	const struct drop *x = a, *y = b;

	return x->count > y->count ? -1 : x->count < y->count;
}

/* Every location in @map_fd with its count, top first; how many. */
static size_t read_drops(int map_fd, struct drop *d)
{
	unsigned long long key, next;
	union bpf_attr attr;
	void *prev = NULL;
	size_t n = 0;

	while (n < MAX_LOCATIONS) {
		memset(&attr, 0, sizeof(attr));
		attr.map_fd = map_fd;
		attr.key = (unsigned long)prev;
		attr.next_key = (unsigned long)&next;
		if (bpf(BPF_MAP_GET_NEXT_KEY, &attr))
			break;
		key = next;
		prev = &key;
		memset(&attr, 0, sizeof(attr));
		attr.map_fd = map_fd;
		attr.key = (unsigned long)&key;
		attr.value = (unsigned long)&d[n].count;
		if (bpf(BPF_MAP_LOOKUP_ELEM, &attr))
			continue;
		d[n++].location = key;
	}
	qsort(d, n, sizeof(*d), drop_cmp);
	return n;
}

static unsigned long long print_top(const char *who, int map_fd, int second)
{
	static struct drop d[MAX_LOCATIONS];
	unsigned long long total = 0;
	size_t n = read_drops(map_fd, d), i;
	char where[128];

	for (i = 0; i < n; i++)
		total += d[i].count;
	printf("%s: second %d: %llu drops at %zu locations\n", who, second,
	       total, n);
	for (i = 0; i < n && i < TOP; i++) {
		format_location(d[i].location, where, sizeof(where));
		printf("%s:   %8llu  %s\n", who, d[i].count, where);
	}
	fflush(stdout);
	return total;
}

/*
 * With the program attached: make drops (unless @traffic is false: then
 * the user does), print the top locations once a second for SECONDS
 * seconds or until Ctrl-C. 0 when drops were seen with traffic made.
 */
static int dropmon_run(const char *who, int map_fd, bool traffic)
{
	unsigned long long total = 0;
	int i;

	if (!load_ksyms())
		fprintf(stderr, "%s: no /proc/kallsyms: bare addresses\n",
			who);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	for (i = 1; i <= SECONDS && !atomic_load(&stop); i++) {
		if (traffic) {
			send_to_closed_port(10 * i);
			send_to_filtered_socket(5 * i);
		}
		sleep(1);
		total = print_top(who, map_fd, i);
	}
	free(ksyms);
	if (traffic && !total) {
		fprintf(stderr, "%s: no drops counted\n", who);
		return 1;
	}
	return 0;
}

#endif /* DROPMON_H */
