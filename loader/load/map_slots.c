/* loader/load/map_slots.c — the slots a BTF-defined map of maps or program
 * array is given in the object:
 *
 *   __array(values, struct inner) ... = { .values = { [1] = &map_a } };
 *   __array(values, int (void *)) ... = { .values = { [0] = &prog } };
 *
 * elf/read/maps_btf_slots.c turned them into bl_map_init {slot, name}. Here
 * each becomes a BPF_MAP_UPDATE_ELEM with the slot number as key and the
 * fd of that map or program as value: the kernel stores the map or
 * program itself, and BPF_MAP_LOOKUP_ELEM from user space gives back its
 * id (Documentation/bpf/map_of_maps.rst; BPF_MAP_TYPE_PROG_ARRAY and
 * bpf_tail_call in include/uapi/linux/bpf.h). Maps of maps are filled
 * once every map exists; program arrays once the programs are loaded.
 * A map of maps reused from a pin keeps its slots (as libbpf does); a
 * program array gets the programs of this load.
 */
#include "internal.h"
#include "loader/sys/kernel_version.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <string.h>

/* A 32-bit kernel stores slot i of an array of maps at ptrs[i], 4 bytes
 * apart (bpf_fd_array_map_update_elem), but looks slot i up at
 * value + 8 * i, elem_size being the value size rounded up to 8
 * (array_map_lookup_elem, kernel/bpf/arraymap.c), both from programs and
 * from BPF_MAP_LOOKUP_ELEM: slot 0 is found, the others are not, or are
 * found under half their number. Seen on Debian 12's armmp 6.1, the one
 * 32-bit kernel the VM tests boot. Said once per map. */
static void warn_32bit_array_of_maps(struct bl_object *l, const struct bl_map_spec *d,
				     const struct bl_map_init *in)
{
	bl_warn(l, "%s: map %s: slot %u (%s) is set, but this 32-bit kernel keeps the slots of an array of maps 4 bytes apart and looks them up 8 bytes apart (kernel/bpf/arraymap.c): lookups of slot %u will not find it; only slot 0 works here, or use BPF_MAP_TYPE_HASH_OF_MAPS",
		l->spec->path, d->name, in->slot, in->sym, in->slot);
}

static int fill(struct bl_object *l, struct bl_map *m, bool progs, struct bl_err *err)
{
	const struct bl_map_spec *d = m->spec;
	bool warned = false;
	char eb[16];

	for (size_t k = 0; k < d->init_cnt; k++) {
		const struct bl_map_init *in = &d->inits[k];
		uint32_t key = in->slot, value;
		int fd = -1, ret;

		if (progs) {
			struct bl_prog *p = bl_object_find_prog(l, in->sym);

			if (!p || p->state != BL_PROG_LOADED)
				return bl_err_set(err, -ENOENT,
						  "%s: map %s: slot %u should hold program %s, which is not loaded",
						  l->spec->path, d->name, in->slot, in->sym);
			fd = p->fd;
		} else {
			struct bl_map *t = bl_object_find_map(l, in->sym);

			if (!t || t->fd < 0)
				return bl_err_set(err, -ENOENT,
						  "%s: map %s: slot %u should hold map %s, which was not created",
						  l->spec->path, d->name, in->slot, in->sym);
			fd = t->fd;
		}
		if (d->type != BPF_MAP_TYPE_HASH_OF_MAPS && in->slot >= m->max_entries)
			return bl_err_set(err, -E2BIG, "%s: map %s: slot %u (%s) is past max_entries %u",
					  l->spec->path, d->name, in->slot, in->sym, m->max_entries);
		value = (uint32_t)fd;
		ret = bl_sys_map_update(m->fd, &key, &value, BPF_ANY);
		if (ret)
			return bl_err_set(err, ret,
					  "%s: map %s: setting slot %u to %s %s: BPF_MAP_UPDATE_ELEM failed: %s",
					  l->spec->path, d->name, in->slot, progs ? "program" : "map",
					  in->sym, bl_errno_name(ret, eb));
		if (!warned && in->slot > 0 && d->type == BPF_MAP_TYPE_ARRAY_OF_MAPS &&
		    bl_kernel_long_size() == 4) {
			warn_32bit_array_of_maps(l, d, in);
			warned = true;
		}
	}
	return 0;
}

int bl_fill_map_in_map_slots(struct bl_object *l, struct bl_err *err)
{
	for (size_t i = 0; i < l->map_cnt; i++) {
		struct bl_map *m = &l->maps[i];
		int ret;

		if (m->fd < 0 || m->reused || !m->spec->init_cnt ||
		    (m->spec->type != BPF_MAP_TYPE_ARRAY_OF_MAPS &&
		     m->spec->type != BPF_MAP_TYPE_HASH_OF_MAPS))
			continue;
		ret = fill(l, m, false, err);
		if (ret)
			return ret;
	}
	return 0;
}

int bl_fill_prog_array_slots(struct bl_object *l, struct bl_err *err)
{
	for (size_t i = 0; i < l->map_cnt; i++) {
		struct bl_map *m = &l->maps[i];
		int ret;

		if (m->fd < 0 || !m->spec->init_cnt || m->spec->type != BPF_MAP_TYPE_PROG_ARRAY)
			continue;
		ret = fill(l, m, true, err);
		if (ret)
			return ret;
	}
	return 0;
}
