/* elf/read/maps.c — legacy map definitions, the section named "maps".
 *
 * Before BTF-defined maps (".maps"), BPF programs declared each map as a
 * global variable of a struct whose first five u32 fields are type,
 * key_size, value_size, max_entries and map_flags (the old
 * struct bpf_map_def of samples/bpf and libbpf < 1.0). Some projects
 * appended fields; every definition in a file has the same size, so the
 * size of one is the section size divided by the number of map symbols.
 * libbpf 1.x refuses this section; bpfload still reads it.
 */
#include "read_ctx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define LEGACY_DEF_FIELDS 5
#define LEGACY_DEF_SIZE (LEGACY_DEF_FIELDS * sizeof(uint32_t))

/* Map types whose key_size is 0 by definition. */
static int map_type_is_keyless(uint32_t type)
{
	return type == BPF_MAP_TYPE_RINGBUF || type == BPF_MAP_TYPE_USER_RINGBUF ||
	       type == BPF_MAP_TYPE_QUEUE || type == BPF_MAP_TYPE_STACK ||
	       type == BPF_MAP_TYPE_BLOOM_FILTER;
}

static int by_offset(const void *a, const void *b)
{
	const struct bl_map_spec *x = a, *y = b;

	return (x->sec_offset > y->sec_offset) - (x->sec_offset < y->sec_offset);
}

static int parse_def(struct bl_read_ctx *c, const unsigned char *bytes,
		     size_t def_size, struct bl_map_spec *m)
{
	uint32_t f[LEGACY_DEF_FIELDS];

	memcpy(f, bytes + m->sec_offset, sizeof(f));
	m->type = f[0];
	m->key_size = f[1];
	m->value_size = f[2];
	m->max_entries = f[3];
	m->map_flags = f[4];
	for (size_t i = LEGACY_DEF_SIZE; i < def_size; i++)
		if (bytes[m->sec_offset + i])
			return bl_err_set(c->err, -ENOEXEC,
					  "%s: map %s: definition byte %zu (past map_flags) is not zero; bpfload reads only type, key_size, value_size, max_entries, map_flags",
					  c->name, m->name, i);
	if (m->key_size == 0 && !map_type_is_keyless(m->type))
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: map %s: key_size is 0 (a %s map needs a key)",
				  c->name, m->name, bl_map_type_name(m->type));
	return 0;
}

int bl_read_maps(struct bl_read_ctx *c)
{
	struct bl_object_spec *obj = c->obj;
	const struct bl_section *sec;
	const unsigned char *bytes;
	size_t n = 0, def_size;

	for (size_t i = 1; i < c->shnum; i++)
		if (strcmp(obj->sections[i].name, "maps") == 0)
			c->maps_idx = i;
	if (!c->maps_idx)
		return 0;
	sec = &obj->sections[c->maps_idx];
	for (size_t i = 0; i < c->sym_cnt; i++)
		if (c->syms[i].st_shndx == c->maps_idx && GELF_ST_TYPE(c->syms[i].st_info) != STT_SECTION)
			n++;
	if (n == 0)
		return sec->size ? bl_err_set(c->err, -ENOEXEC,
					      "%s: the maps section has %llu bytes but no map symbols",
					      c->name, (unsigned long long)sec->size) : 0;
	if (sec->size % n || sec->size / n < LEGACY_DEF_SIZE)
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: the maps section (%llu bytes, %zu maps) does not divide into definitions of at least %zu bytes",
				  c->name, (unsigned long long)sec->size, n, LEGACY_DEF_SIZE);
	def_size = sec->size / n;
	bytes = bl_section_bytes(c, c->maps_idx);
	if (!bytes)
		return -ENOEXEC;
	obj->maps = calloc(n, sizeof(*obj->maps));
	if (!obj->maps)
		return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
	obj->map_def_size = def_size;

	for (size_t i = 0; i < c->sym_cnt; i++) {
		const GElf_Sym *s = &c->syms[i];
		struct bl_map_spec *m;

		if (s->st_shndx != c->maps_idx || GELF_ST_TYPE(s->st_info) == STT_SECTION)
			continue;
		if (s->st_value % def_size || s->st_value > sec->size - def_size)
			return bl_err_set(c->err, -ENOEXEC,
					  "%s: map %s: offset %llu in the maps section is not the start of a %zu-byte definition",
					  c->name, bl_sym_name(c, i), (unsigned long long)s->st_value, def_size);
		m = &obj->maps[obj->map_cnt++];
		m->origin = BL_MAP_LEGACY;
		m->inner = -1;
		m->sec_idx = (uint32_t)c->maps_idx;
		m->sec_offset = (uint32_t)s->st_value;
		m->name = strdup(bl_sym_name(c, i));
		if (!m->name)
			return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
	}
	qsort(obj->maps, obj->map_cnt, sizeof(*obj->maps), by_offset);
	for (size_t i = 0; i < obj->map_cnt; i++) {
		if (i && obj->maps[i].sec_offset == obj->maps[i - 1].sec_offset)
			return bl_err_set(c->err, -ENOEXEC, "%s: maps %s and %s share one definition",
					  c->name, obj->maps[i - 1].name, obj->maps[i].name);
		if (parse_def(c, bytes, def_size, &obj->maps[i]))
			return -ENOEXEC;
	}
	return 0;
}
