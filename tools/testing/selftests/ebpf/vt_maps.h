/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The maps a verifier-table case names (VT_HASH_FD, VT_ARRAY_FD,
 * VT_GLOBAL_FD, VT_RINGBUF_FD, VT_QUEUE_FD), created for one load in the guest and
 * closed after it: with the case's map_flags, and for VT_FROZEN cases
 * filled with vt_rodata and frozen. Shared by verifier_test and jit_test;
 * include after ebpf_test.h and vt.h.
 */
#ifndef VT_MAPS_H
#define VT_MAPS_H

struct vt_maps {
	int hash, array, global, ringbuf, queue;
};

/* VT_FROZEN: the arrays' elements hold vt_rodata, then every map is frozen */
static inline const char *vt_maps_freeze(const struct vt_maps *m)
{
	uint32_t key;

	for (key = 0; m->array >= 0 && key < VT_ARRAY_ENTRIES; key++)
		if (map_update(m->array, &key, vt_rodata, 0))
			return "array map: update failed";
	key = 0;
	if (m->global >= 0 && map_update(m->global, &key, vt_rodata, 0))
		return "global map: update failed";
	if ((m->array >= 0 && map_freeze(m->array)) ||
	    (m->global >= 0 && map_freeze(m->global)) ||
	    (m->hash >= 0 && map_freeze(m->hash)))
		return "BPF_MAP_FREEZE failed";
	return NULL;
}

/*
 * The maps @insns name, their fds put into the LD_IMM64s: NULL, or what
 * failed (the fds made so far are in @m, to close).
 */
static inline const char *vt_maps_create(const struct vt_case *c,
					 struct bpf_insn *insns, uint32_t n,
					 struct vt_maps *m)
{
	*m = (struct vt_maps){ -1, -1, -1, -1, -1 };
	if (vt_uses_map(insns, n, VT_HASH_FD)) {
		m->hash = map_create(BPF_MAP_TYPE_HASH, VT_HASH_KEY,
				     VT_HASH_VALUE, VT_HASH_ENTRIES, c->map_flags);
		if (m->hash < 0)
			return "hash map: create failed";
	}
	if (vt_uses_map(insns, n, VT_ARRAY_FD)) {
		m->array = map_create(BPF_MAP_TYPE_ARRAY, VT_ARRAY_KEY,
				      VT_ARRAY_VALUE, VT_ARRAY_ENTRIES,
				      c->map_flags);
		if (m->array < 0)
			return "array map: create failed";
	}
	if (vt_uses_map(insns, n, VT_GLOBAL_FD)) {
		m->global = map_create(BPF_MAP_TYPE_ARRAY, VT_ARRAY_KEY,
				       VT_ARRAY_VALUE, VT_GLOBAL_ENTRIES,
				       c->map_flags);
		if (m->global < 0)
			return "global map: create failed";
	}
	if (vt_uses_map(insns, n, VT_RINGBUF_FD)) {
		m->ringbuf = map_create(BPF_MAP_TYPE_RINGBUF, 0, 0,
					VT_RINGBUF_SIZE, 0);
		if (m->ringbuf < 0)
			return "ring buffer: create failed";
	}
	if (vt_uses_map(insns, n, VT_QUEUE_FD)) {
		m->queue = map_create(BPF_MAP_TYPE_QUEUE, 0, VT_QUEUE_VALUE,
				      VT_QUEUE_ENTRIES, c->map_flags);
		if (m->queue < 0)
			return "queue: create failed";
	}
	vt_fixup_maps(insns, n, m->hash, m->array, m->global, m->ringbuf,
		      m->queue);
	return c->flags & VT_FROZEN ? vt_maps_freeze(m) : NULL;
}

static inline void vt_maps_close(const struct vt_maps *m)
{
	if (m->hash >= 0)
		close(m->hash);
	if (m->array >= 0)
		close(m->array);
	if (m->global >= 0)
		close(m->global);
	if (m->ringbuf >= 0)
		close(m->ringbuf);
	if (m->queue >= 0)
		close(m->queue);
}

#endif /* VT_MAPS_H */
