// SPDX-License-Identifier: GPL-2.0
/*
 * map_demo: the map half of bpf(2) from user space, with no program yet.
 * Counts the words of a text in a hash map (word -> count) and their
 * lengths in an array map (length -> count), then walks both maps with
 * BPF_MAP_GET_NEXT_KEY and prints what they hold.
 *
 *	map_demo [file]		(default: /proc/version)
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/bpf.h>

#define WORD_LEN 16
#define MAX_LEN 32

static long bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int map_create(__u32 type, __u32 key_size, __u32 max)
{
	union bpf_attr attr = {
		.map_type = type, .key_size = key_size,
		.value_size = sizeof(__u64), .max_entries = max,
	};

	return bpf(BPF_MAP_CREATE, &attr);
}

static int map_op(int cmd, int fd, const void *key, void *value, __u64 flags)
{
	union bpf_attr attr = {
		.map_fd = fd, .key = (uintptr_t)key, .value = (uintptr_t)value,
		.flags = flags,
	};

	return bpf(cmd, &attr);
}

/* count += 1 for @key: insert with NOEXIST, else bump the existing value */
static void bump(int fd, const void *key)
{
	__u64 one = 1, count;

	if (!map_op(BPF_MAP_UPDATE_ELEM, fd, key, &one, BPF_NOEXIST))
		return;
	if (errno == EEXIST && !map_op(BPF_MAP_LOOKUP_ELEM, fd, key, &count, 0)) {
		count++;
		map_op(BPF_MAP_UPDATE_ELEM, fd, key, &count, BPF_EXIST);
	}
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/proc/version";
	char word[WORD_LEN] = "", key[WORD_LEN], next[WORD_LEN];
	int words = map_create(BPF_MAP_TYPE_HASH, WORD_LEN, 256);
	int lengths = map_create(BPF_MAP_TYPE_ARRAY, sizeof(__u32), MAX_LEN);
	__u32 len = 0, i;
	__u64 count;
	FILE *f;
	int c;

	if (words < 0 || lengths < 0) {
		perror("BPF_MAP_CREATE");
		return 1;
	}
	f = fopen(path, "r");
	if (!f) {
		perror(path);
		return 1;
	}
	do {
		c = fgetc(f);
		if (c != EOF && (isalnum(c) || c == '_')) {
			if (len < WORD_LEN - 1)
				word[len] = c;
			len++;
			continue;
		}
		if (!len)
			continue;
		word[len < WORD_LEN ? len : WORD_LEN - 1] = 0;
		bump(words, word);
		i = len < MAX_LEN ? len : MAX_LEN - 1;
		bump(lengths, &i);
		memset(word, 0, sizeof(word));
		len = 0;
	} while (c != EOF);
	fclose(f);

	printf("words of %s (hash map, in map order):\n", path);
	for (c = map_op(BPF_MAP_GET_NEXT_KEY, words, NULL, next, 0); !c;
	     c = map_op(BPF_MAP_GET_NEXT_KEY, words, key, next, 0)) {
		memcpy(key, next, sizeof(key));
		if (!map_op(BPF_MAP_LOOKUP_ELEM, words, key, &count, 0))
			printf("  %-16s %llu\n", key, (unsigned long long)count);
	}
	printf("word lengths (array map):\n");
	for (i = 1; i < MAX_LEN; i++)
		if (!map_op(BPF_MAP_LOOKUP_ELEM, lengths, &i, &count, 0) && count)
			printf("  %2u%s %llu\n", i, i == MAX_LEN - 1 ? "+" : " ",
			       (unsigned long long)count);
	close(words);
	close(lengths);
	return 0;
}
