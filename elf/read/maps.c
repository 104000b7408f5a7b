/* elf/read/maps.c — legacy map definitions, the section named "maps".
 *
 * Before BTF-defined maps (".maps"), BPF programs declared each map as a
 * global variable of a struct of u32 fields in "maps". Two layouts exist:
 *
 *   20 bytes  struct bpf_map_def (samples/bpf, libbpf < 1.0): type,
 *             key_size, value_size, max_entries, map_flags;
 *   36 bytes  iproute2's struct bpf_elf_map (tc, cilium's older
 *             programs; iproute2's include/bpf_elf.h): the same five
 *             fields (named type, size_key, size_value, max_elem, flags),
 *             then id, pinning, inner_id, inner_idx.
 *
 * Every definition in a file has the same size, so the size of one is the
 * section size divided by the number of map symbols. It must be a whole
 * number of u32 fields, at least the five of struct bpf_map_def. As
 * iproute2 does, a size between the two is the start of struct
 * bpf_elf_map, the fields it stops before read as 0 (cilium's 28-byte
 * form has id and pinning only); past the 36 bytes every byte must be 0,
 * for nothing bpfload does not know to be dropped silently. What the four
 * iproute2 fields mean (pinning, maps of maps) is maps_iproute2.c's.
 * libbpf 1.x refuses this section; bpfload still reads it.
 */
#include "read_ctx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define FIELD_SIZE sizeof(uint32_t)
#define MAP_DEF_FIELDS 5	/* struct bpf_map_def */
#define ELF_MAP_FIELDS 9	/* iproute2's struct bpf_elf_map */

/* Map types whose key_size is 0 by definition. A perf event array's 0
 * means 4 (loader/load/maps.c, as cilium/ebpf reads it). */
static int map_type_is_keyless(uint32_t type)
{
	return type == BPF_MAP_TYPE_RINGBUF || type == BPF_MAP_TYPE_USER_RINGBUF ||
	       type == BPF_MAP_TYPE_QUEUE || type == BPF_MAP_TYPE_STACK ||
	       type == BPF_MAP_TYPE_BLOOM_FILTER || type == BPF_MAP_TYPE_PERF_EVENT_ARRAY;
}

static int by_offset(const void *a, const void *b)
{
	const struct bl_map_spec *x = a, *y = b;

	return (x->sec_offset > y->sec_offset) - (x->sec_offset < y->sec_offset);
}

static int parse_def(struct bl_read_ctx *c, const unsigned char *bytes,
		     size_t def_size, struct bl_map_spec *m)
{
	uint32_t f[ELF_MAP_FIELDS] = { 0 };
	size_t known = def_size < sizeof(f) ? def_size : sizeof(f);

	memcpy(f, bytes + m->sec_offset, known);
	m->type = f[0];
	m->key_size = f[1];
	m->value_size = f[2];
	m->max_entries = f[3];
	m->map_flags = f[4];
	m->elf.id = f[5];
	m->elf.pinning = f[6];
	m->elf.inner_id = f[7];
	m->elf.inner_idx = f[8];
	for (size_t i = known; i < def_size; i++)
		if (bytes[m->sec_offset + i])
			return bl_err_set(c->err, -ENOEXEC,
					  "%s: maps: map %s: definition byte %zu (past inner_idx, the last field of iproute2's struct bpf_elf_map) is not zero; bpfload reads type, key_size, value_size, max_entries, map_flags, id, pinning, inner_id, inner_idx",
					  c->name, m->name, i);
	if (m->key_size == 0 && !map_type_is_keyless(m->type))
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: maps: map %s: key_size is 0 (a %s map needs a key)",
				  c->name, m->name, bl_map_type_name(m->type));
	return 0;
}

/* The size of one definition: the section divided among n map symbols. */
static int def_size_of(struct bl_read_ctx *c, const struct bl_section *sec, size_t n, size_t *out)
{
	if (sec->size % n || sec->size / n < MAP_DEF_FIELDS * FIELD_SIZE)
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: the maps section (%llu bytes, %zu maps) does not divide into definitions of at least %zu bytes",
				  c->name, (unsigned long long)sec->size, n, MAP_DEF_FIELDS * FIELD_SIZE);
	*out = sec->size / n;
	if (*out % FIELD_SIZE)
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: the maps section (%llu bytes, %zu maps) has definitions of %zu bytes: not a whole number of u32 fields (20: struct bpf_map_def, 36: iproute2's struct bpf_elf_map)",
				  c->name, (unsigned long long)sec->size, n, *out);
	return 0;
}

int bl_read_maps(struct bl_read_ctx *c)
{
	struct bl_object_spec *obj = c->obj;
	const struct bl_section *sec;
	const unsigned char *bytes;
	size_t n = 0, def_size = 0;

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
	if (def_size_of(c, sec, n, &def_size))
		return -ENOEXEC;
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
	return bl_read_iproute2_maps(c);
}
