/* elf/dwarf/dwarf_internal.h — struct bl_dwarf and the DWARF constants it
 * uses (values from the DWARF 5 standard, section 7; the names are the
 * standard's), shared by dwarf.c (parsing), dwarf_btf.c (conversion) and
 * dwarf_file.c. Not part of the API. */
#ifndef BL_DWARF_INTERNAL_H
#define BL_DWARF_INTERNAL_H

#include <stdbool.h>

#include "dwarf.h"

/* tags (7.5.3, table 7.3) */
enum {
	DW_TAG_array_type = 0x01, DW_TAG_enumeration_type = 0x04, DW_TAG_member = 0x0d,
	DW_TAG_pointer_type = 0x0f, DW_TAG_compile_unit = 0x11, DW_TAG_structure_type = 0x13,
	DW_TAG_subroutine_type = 0x15, DW_TAG_typedef = 0x16, DW_TAG_union_type = 0x17,
	DW_TAG_subrange_type = 0x21, DW_TAG_base_type = 0x24, DW_TAG_const_type = 0x26,
	DW_TAG_enumerator = 0x28, DW_TAG_volatile_type = 0x35, DW_TAG_restrict_type = 0x37,
	DW_TAG_atomic_type = 0x47,
};

/* attributes (7.5.4, table 7.5) */
enum {
	DW_AT_name = 0x03, DW_AT_byte_size = 0x0b, DW_AT_bit_offset = 0x0c, DW_AT_bit_size = 0x0d,
	DW_AT_const_value = 0x1c, DW_AT_upper_bound = 0x2f, DW_AT_count = 0x37,
	DW_AT_data_member_location = 0x38, DW_AT_declaration = 0x3c, DW_AT_encoding = 0x3e,
	DW_AT_type = 0x49, DW_AT_data_bit_offset = 0x6b, DW_AT_str_offsets_base = 0x72,
};

/* base type encodings (7.8, table 7.11) */
enum {
	DW_ATE_boolean = 0x02, DW_ATE_float = 0x04, DW_ATE_signed = 0x05,
	DW_ATE_signed_char = 0x06, DW_ATE_unsigned = 0x07, DW_ATE_unsigned_char = 0x08,
};

/* One entry, with the attributes of types; has_* says which were there. */
struct bl_dwarf_die {
	uint64_t off;		/* in .debug_info */
	uint64_t type_ref;	/* DW_AT_type, as an offset in .debug_info */
	uint64_t byte_size, bit_size, bit_offset, data_bit_offset, member_loc;
	uint64_t count;		/* DW_AT_count, or DW_AT_upper_bound + 1 */
	int64_t const_value;
	const char *name;	/* NULL: none */
	uint32_t tag, encoding;
	int parent, first_child, next_sibling; /* -1: none */
	bool has_type, has_byte_size, has_bit_size, has_bit_offset, has_data_bit_offset;
	bool has_member_loc, has_count, declaration;
};

struct bl_dwarf {
	char *name;
	void *owned;			/* the sections' copy (dwarf_file.c), or NULL */
	struct bl_dwarf_die *dies;	/* in the order of their offsets */
	int cnt, cap;
};

/* The DIE at .debug_info offset off, or -1. */
int bl_dwarf_die_at(const struct bl_dwarf *dw, uint64_t off);

#endif
