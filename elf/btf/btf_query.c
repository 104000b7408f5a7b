/* elf/btf/btf_query.c — looking things up in a parsed .BTF: types by id and
 * by name, strings, sizes.
 *
 * Documentation/bpf/btf.rst, "2.2 Type Encoding": which kinds have a
 * size (INT, ENUM, ENUM64, STRUCT, UNION, DATASEC, FLOAT: btf_type.size),
 * which refer to another type (PTR, TYPEDEF, the modifiers CONST,
 * VOLATILE, RESTRICT, TYPE_TAG, and VAR: btf_type.type), and that an
 * ARRAY's size is its element's times nelems.
 *
 * bl_btf_parse has checked that every id reached here exists, but not
 * that chains end: a TYPEDEF may name itself. Every walk is bounded by
 * the number of types, which a chain without a cycle cannot exceed.
 */
#include "btf_internal.h"

#include <errno.h>
#include <string.h>

static const char *const kind_names[] = {
	[BTF_KIND_UNKN] = "UNKN",	   [BTF_KIND_INT] = "INT",
	[BTF_KIND_PTR] = "PTR",		   [BTF_KIND_ARRAY] = "ARRAY",
	[BTF_KIND_STRUCT] = "STRUCT",	   [BTF_KIND_UNION] = "UNION",
	[BTF_KIND_ENUM] = "ENUM",	   [BTF_KIND_FWD] = "FWD",
	[BTF_KIND_TYPEDEF] = "TYPEDEF",	   [BTF_KIND_VOLATILE] = "VOLATILE",
	[BTF_KIND_CONST] = "CONST",	   [BTF_KIND_RESTRICT] = "RESTRICT",
	[BTF_KIND_FUNC] = "FUNC",	   [BTF_KIND_FUNC_PROTO] = "FUNC_PROTO",
	[BTF_KIND_VAR] = "VAR",		   [BTF_KIND_DATASEC] = "DATASEC",
	[BTF_KIND_FLOAT] = "FLOAT",	   [BTF_KIND_DECL_TAG] = "DECL_TAG",
	[BTF_KIND_TYPE_TAG] = "TYPE_TAG",  [BTF_KIND_ENUM64] = "ENUM64",
};

const char *bl_btf_kind_name(unsigned int kind)
{
	return kind <= BL_BTF_KIND_MAX ? kind_names[kind] : "UNKN";
}

uint32_t bl_btf_type_cnt(const struct bl_btf *btf)
{
	return btf->type_cnt;
}

uint32_t bl_btf_first_id(const struct bl_btf *btf)
{
	return btf->first_id;
}

const struct bl_btf *bl_btf_base(const struct bl_btf *btf)
{
	return btf->base;
}

const struct btf_type *bl_btf_type(const struct bl_btf *btf, uint32_t id)
{
	static const struct btf_type void_type;

	if (id == 0)
		return &void_type;
	if (id < btf->first_id)
		return bl_btf_type(btf->base, id);
	return id < btf->type_cnt ? bl_btf_own_type(btf, id) : NULL;
}

const char *bl_btf_name(const struct bl_btf *btf, uint32_t off)
{
	if (off < btf->first_str)
		return bl_btf_name(btf->base, off);
	off -= btf->first_str;
	return off < btf->str_len ? btf->strs + off : NULL;
}

const void *bl_btf_raw(const struct bl_btf *btf, size_t *len)
{
	*len = btf->raw_len;
	return btf->raw;
}

static int is_modifier(unsigned int kind)
{
	return kind == BTF_KIND_TYPEDEF || kind == BTF_KIND_CONST || kind == BTF_KIND_VOLATILE ||
	       kind == BTF_KIND_RESTRICT || kind == BTF_KIND_TYPE_TAG;
}

const struct btf_type *bl_btf_skip_modifiers(const struct bl_btf *btf, uint32_t id,
					     uint32_t *res_id)
{
	for (uint32_t steps = 0; steps < btf->type_cnt; steps++) {
		const struct btf_type *t = bl_btf_type(btf, id);

		if (!t)
			return NULL;
		if (!is_modifier(bl_btf_kind(t))) {
			if (res_id)
				*res_id = id;
			return t;
		}
		id = t->type;
	}
	return NULL;	/* more steps than types: a cycle */
}

int bl_btf_resolve_size(const struct bl_btf *btf, uint32_t id, uint32_t *size)
{
	uint64_t nelems = 1, elem_size;

	for (uint32_t steps = 0;; steps++) {
		const struct btf_type *t = bl_btf_type(btf, id);

		if (!t)
			return -ENOENT;
		if (steps >= btf->type_cnt)
			return -ELOOP;
		switch (bl_btf_kind(t)) {
		case BTF_KIND_INT: case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
		case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_DATASEC:
		case BTF_KIND_FLOAT:
			elem_size = t->size;
			goto done;
		case BTF_KIND_PTR:
			elem_size = sizeof(uint64_t);
			goto done;
		case BTF_KIND_TYPEDEF: case BTF_KIND_CONST: case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG: case BTF_KIND_VAR:
			id = t->type;
			continue;
		case BTF_KIND_ARRAY:
			/* nelems stays <= UINT32_MAX, so the product fits. */
			nelems *= bl_btf_array(t)->nelems;
			if (nelems > UINT32_MAX)
				return -E2BIG;
			id = bl_btf_array(t)->type;
			continue;
		default:
			return -EINVAL;
		}
	}
done:
	if (nelems * elem_size > UINT32_MAX)
		return -E2BIG;
	*size = (uint32_t)(nelems * elem_size);
	return 0;
}
