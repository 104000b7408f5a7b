/* elf/read/maps_iproute2.c — what the last four fields of iproute2's
 * legacy map definition mean (struct bpf_elf_map in iproute2's
 * include/bpf_elf.h; its loader is lib/bpf_legacy.c). maps.c has read
 * them into bl_map_spec.elf; here they become the loader's terms.
 *
 *   pinning    PIN_NONE (0); PIN_OBJECT_NS (1): iproute2 pins the map as
 *              /sys/fs/bpf/tc/<SHA-1 of the object>/NAME; PIN_GLOBAL_NS
 *              (2): as /sys/fs/bpf/tc/globals/NAME, shared by every object
 *              that names a map so. Higher values are iproute2's custom
 *              pinning, a subdirectory looked up in /etc/iproute2/
 *              bpf_pinning. bpfload pins PIN_GLOBAL_NS maps by name, as
 *              LIBBPF_PIN_BY_NAME (pinning 1): in its pin directory
 *              (--pin-path, /sys/fs/bpf by default), not in tc/globals.
 *              The others are created unpinned, with a warning of the
 *              loader (loader/load/maps.c).
 *   id         a number of the object's own choosing, for inner_id to name.
 *   inner_id   on a map of maps (ARRAY_OF_MAPS, HASH_OF_MAPS): the id of
 *              the definition its inner maps look like; the kernel takes
 *              an example map at BPF_MAP_CREATE, attr.inner_map_fd
 *              (Documentation/bpf/map_of_maps.rst). The first map of that
 *              id, in the order of the section, is the example, as in
 *              iproute2. It may not be a map of maps itself: the kernel
 *              nests maps one level deep, and so no inner_id loops.
 *   inner_idx  on a map with an id that is no map of maps: its slot in
 *              every map of maps whose inner_id is that id (a key of a
 *              hash of maps, whose keys are then u32); iproute2's -1
 *              (BL_INNER_IDX_NONE): in no slot, only an example.
 *
 * The inner map is a map of its own, created like any other (unlike the
 * "OUTER.inner" template of a BTF-defined map of maps); its slot becomes
 * a bl_map_init of the outer map, as a BTF-defined map's values = { }
 * does (loader/load/map_slots.c stores it). cilium/ebpf reads these
 * bytes without acting on them (MapSpec.Extra). Pure parsing: no syscalls.
 */
#include "read_ctx.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

static bool is_map_in_map(uint32_t type)
{
	return type == BPF_MAP_TYPE_ARRAY_OF_MAPS || type == BPF_MAP_TYPE_HASH_OF_MAPS;
}

/* Sets err to "FILE: maps: map NAME: what"; returns -ENOEXEC. */
static __attribute__((format(printf, 3, 4)))
int fail(struct bl_read_ctx *c, const char *map, const char *fmt, ...)
{
	char what[BL_ERR_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return bl_err_set(c->err, -ENOEXEC, "%s: maps: map %s: %s", c->name, map, what);
}

/* The legacy map of id id first in the section, or -1. */
static int first_of_id(const struct bl_object_spec *obj, uint32_t id)
{
	for (size_t i = 0; i < obj->map_cnt; i++)
		if (obj->maps[i].origin == BL_MAP_LEGACY && obj->maps[i].elf.id == id)
			return (int)i;
	return -1;
}

/* A map of maps' inner_id: its example map. */
static int find_inner(struct bl_read_ctx *c, struct bl_map_spec *m)
{
	const struct bl_object_spec *obj = c->obj;
	int k;

	if (!is_map_in_map(m->type))
		return fail(c, m->name, "inner_id %u on a map of type %s: only a map of maps (array_of_maps, hash_of_maps) has an inner map",
			    m->elf.inner_id, bl_map_type_name(m->type));
	k = first_of_id(obj, m->elf.inner_id);
	if (k < 0)
		return fail(c, m->name, "inner_id %u names no map: no definition in this section has id %u",
			    m->elf.inner_id, m->elf.inner_id);
	if (&obj->maps[k] == m)
		return fail(c, m->name, "inner_id %u names the map itself: a map of maps cannot hold maps of maps",
			    m->elf.inner_id);
	if (is_map_in_map(obj->maps[k].type))
		return fail(c, m->name, "inner_id %u names map %s, itself a map of maps (%s inner_id %u): the kernel nests maps one level deep",
			    m->elf.inner_id, obj->maps[k].name, obj->maps[k].name,
			    obj->maps[k].elf.inner_id);
	m->inner = k;
	return 0;
}

/* Map in, of an id and an inner_idx, into slot inner_idx of outer. */
static int place(struct bl_read_ctx *c, const struct bl_map_spec *in, struct bl_map_spec *outer)
{
	uint32_t slot = in->elf.inner_idx;

	if (is_map_in_map(in->type))
		return fail(c, in->name, "id %u and inner_idx %u would put this map of maps into map %s: the kernel nests maps one level deep",
			    in->elf.id, slot, outer->name);
	if (outer->type == BPF_MAP_TYPE_ARRAY_OF_MAPS && slot >= outer->max_entries)
		return fail(c, in->name, "inner_idx %u is past the last slot of map %s (max_entries %u), whose inner_id is %u",
			    slot, outer->name, outer->max_entries, outer->elf.inner_id);
	if (outer->type == BPF_MAP_TYPE_HASH_OF_MAPS && outer->key_size != sizeof(uint32_t))
		return fail(c, in->name, "inner_idx %u is a key of map %s, a hash of maps whose keys are %u bytes, not 4",
			    slot, outer->name, outer->key_size);
	for (size_t k = 0; k < outer->init_cnt; k++)
		if (outer->inits[k].slot == slot)
			return fail(c, in->name, "inner_idx %u: slot %u of map %s already holds map %s (the same id %u and inner_idx)",
				    slot, slot, outer->name, outer->inits[k].sym, in->elf.id);
	if (bl_map_spec_add_init(outer, slot, in->name))
		return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
	return 0;
}

int bl_read_iproute2_maps(struct bl_read_ctx *c)
{
	struct bl_object_spec *obj = c->obj;
	int ret = 0;

	for (size_t i = 0; i < obj->map_cnt && !ret; i++) {
		struct bl_map_spec *m = &obj->maps[i];

		if (m->elf.pinning == BL_PIN_GLOBAL_NS)
			m->pinning = 1; /* by name, in the pin directory */
		if (m->elf.inner_id)
			ret = find_inner(c, m);
	}
	/* As iproute2: a map with an id, no inner_id and an inner_idx goes
	 * into every map of maps that names that id. */
	for (size_t i = 0; i < obj->map_cnt && !ret; i++) {
		const struct bl_map_spec *in = &obj->maps[i];

		if (!in->elf.id || in->elf.inner_id || in->elf.inner_idx == BL_INNER_IDX_NONE)
			continue;
		for (size_t j = 0; j < obj->map_cnt && !ret; j++)
			if (obj->maps[j].elf.inner_id == in->elf.id && is_map_in_map(obj->maps[j].type))
				ret = place(c, in, &obj->maps[j]);
	}
	return ret;
}
