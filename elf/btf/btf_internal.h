/* elf/btf/btf_internal.h — struct bl_btf, shared by btf.c (parsing and
 * checking), btf_query.c (lookups) and btf_index.c (the name index). Not
 * part of the API. */
#ifndef BL_BTF_INTERNAL_H
#define BL_BTF_INTERNAL_H

#include "btf.h"

#include <stdbool.h>

struct bl_btf_index;

/* The name index's two groups (btf_index.c): FUNC, VAR, DATASEC and
 * DECL_TAG; every other kind. */
enum { BL_BTF_INDEX_SYMBOLS, BL_BTF_INDEX_TYPES, BL_BTF_INDEX_GROUPS };

static inline unsigned int bl_btf_index_group(unsigned int kind)
{
	switch (kind) {
	case BTF_KIND_FUNC: case BTF_KIND_VAR: case BTF_KIND_DATASEC: case BTF_KIND_DECL_TAG:
		return BL_BTF_INDEX_SYMBOLS;
	}
	return BL_BTF_INDEX_TYPES;
}

struct bl_btf {
	const unsigned char *raw;	/* the whole section */
	size_t raw_len;
	bool owns_raw;			/* free(raw) at the end (else borrowed:
					 * the caller's mapping) */
	const uint32_t *type_area;	/* the type area, inside raw or type_copy */
	uint32_t *type_copy;		/* an aligned copy when raw's is not aligned */
	const char *strs;		/* own string area, inside raw */
	uint32_t str_len;
	/* Split BTF (a kernel module's, /sys/kernel/btf/MODULE): its ids
	 * continue those of base (first_id = base's type count) and its name
	 * offsets continue base's string area (first_str = base's length).
	 * For a BTF of its own: base NULL, first_id 1, first_str 0. */
	const struct bl_btf *base;
	uint32_t first_id;
	uint32_t first_str;
	/* own types: the record of id first_id + i is at byte type_offs[i]
	 * of type_area (4 bytes a type where pointers would take 8: the
	 * kernel's BTF has 126,000) */
	uint32_t *type_offs;
	uint32_t type_cnt;		/* ids 0 .. type_cnt - 1, base's included */
	/* built on the first lookup by name (btf_index.c), one per group of
	 * kinds; a cache, so the lookups take a const bl_btf */
	struct bl_btf_index *index[BL_BTF_INDEX_GROUPS];
	uint32_t named[BL_BTF_INDEX_GROUPS];	/* own types with a name offset, by group */
};

/* The record of one of btf's own ids (first_id <= id < type_cnt): the
 * inline fast path of bl_btf_type for the walks over every type. */
static inline const struct btf_type *bl_btf_own_type(const struct bl_btf *btf, uint32_t id)
{
	return (const struct btf_type *)(const void *)((const unsigned char *)btf->type_area +
							btf->type_offs[id - btf->first_id]);
}

/* The index's memory (btf_index.c); bl_btf_free calls it. */
void bl_btf_index_free(struct bl_btf *btf);

#endif
