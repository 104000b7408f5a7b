/* elf/read/maps_btf.h — shared by the two parts of the reader of BTF-defined
 * maps: maps_btf.c (the definitions) calls maps_btf_slots.c (.rel.maps),
 * never the other way; the error helper both use is inline here.
 * Not part of the API. */
#ifndef BL_MAPS_BTF_H
#define BL_MAPS_BTF_H

#include <stdarg.h>
#include <stdio.h>

#include "read_ctx.h"

#define BL_BTF_MAPS_SEC ".maps"

/* What the parse of one definition learns besides the bl_map_spec. */
struct bl_btf_map_info {
	uint32_t var_size;	/* bytes of the variable in .maps */
	uint32_t values_off;	/* byte offset of "values" in it, if has_values */
	bool has_values;
	uint32_t inner_struct;	/* map of maps: the inner definition's STRUCT */
};

static inline bool bl_is_map_in_map(uint32_t type)
{
	return type == BPF_MAP_TYPE_ARRAY_OF_MAPS || type == BPF_MAP_TYPE_HASH_OF_MAPS;
}

/* Sets err to "FILE: .maps: map NAME: what"; returns ret. */
static inline __attribute__((format(printf, 4, 5)))
int bl_btf_map_fail(struct bl_read_ctx *c, int ret, const char *map, const char *fmt, ...)
{
	char what[BL_ERR_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return bl_err_set(c->err, ret, "%s: %s: map %s: %s", c->name, BL_BTF_MAPS_SEC, map, what);
}

/* Reads the relocations of section shndx (.maps) into the inits of maps
 * first .. of c->obj; infos[i - first] belongs to map i. */
int bl_read_btf_map_slots(struct bl_read_ctx *c, size_t shndx, size_t first,
			  const struct bl_btf_map_info *infos);

#endif
