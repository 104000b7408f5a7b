/* elf/btf_min/btf_min_internal.h — the selection of FULL's types, shared
 * by btf_min_mark.c (what is kept), btf_min_object.c (why) and
 * btf_min_write.c (the output). Not part of the API. */
#ifndef BL_BTF_MIN_INTERNAL_H
#define BL_BTF_MIN_INTERNAL_H

#include "btf_min.h"

/* How much of a type is kept; each includes the ones before it:
 *   SHAPE    the record: kind, name, size, integer encoding, array
 *            length; what it refers to in SHAPE too, except the pointee
 *            of a pointer (void instead); structs, unions and enums keep
 *            only the members and enumerators marked one by one
 *   COMPAT   pointers followed (what core_types_compat walks)
 *   DEEPPTR  enums with every enumerator (what core_types_match asks of
 *            a type behind a pointer)
 *   DEEP     structs and unions with every member (core_types_match) */
enum { MIN_NONE = -1, MIN_SHAPE, MIN_COMPAT, MIN_DEEPPTR, MIN_DEEP };

struct min_item {
	uint32_t id;
	int mode;
};

struct bl_btf_min {
	const struct bl_btf *full;
	uint32_t cnt;		/* full's type count, void included */
	int8_t *mode;		/* per id: MIN_NONE or the mode processed */
	uint8_t **keep;		/* per struct/union/enum id: the members or
				 * enumerators marked (NULL: none) */
	uint32_t kept;		/* ids with a mode */
	struct min_item *stack;	/* marks not processed yet */
	size_t stack_len, stack_cap;
};

/* Marks id (0: void, ignored) to be kept in mode, and what that needs. */
int min_mark(struct bl_btf_min *m, uint32_t id, int mode);
/* Member (struct, union) or enumerator idx of id, and id in SHAPE. */
int min_mark_member(struct bl_btf_min *m, uint32_t id, uint32_t idx);

#endif
