/* elf/btf/btf_internal.h — struct bl_btf, shared by btf.c (parsing and
 * checking) and btf_query.c (lookups). Not part of the API. */
#ifndef BL_BTF_INTERNAL_H
#define BL_BTF_INTERNAL_H

#include "btf.h"

struct bl_btf {
	unsigned char *raw;		/* copy of the whole section */
	size_t raw_len;
	uint32_t *type_area;		/* aligned copy of the type area */
	const char *strs;		/* string area, inside raw */
	uint32_t str_len;
	const struct btf_type **types;	/* by id; types[0] is void */
	uint32_t type_cnt;		/* ids 0 .. type_cnt - 1 */
};

#endif
