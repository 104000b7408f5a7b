/* elf/dwarf/dwarf.h — the type entries of an object's DWARF debug info,
 * and one struct of them converted to BTF.
 *
 * clang leaves out of .BTF the types that only local variables have
 * (struct event *e = bpf_ringbuf_reserve(...), as libbpf's examples
 * write records), but `clang -g` describes them in .debug_info. This is
 * a reader of just what a record's type needs, not a DWARF library: the
 * units of .debug_info (DWARF 2 to 5, 32- and 64-bit formats), their
 * abbreviations (.debug_abbrev) and names (.debug_str, and for DWARF 5
 * .debug_str_offsets and .debug_line_str), and of each entry (DIE) only
 * the tag, the place in the tree and the attributes of types: name,
 * byte_size, type, data_member_location, bit_size, bit_offset,
 * data_bit_offset, encoding, count, upper_bound, const_value,
 * declaration. The DWARF 5 standard (dwarfstd.org, sections 7.5
 * "Format of Debugging Information" and 7.26 "String Offsets Table")
 * gives the encodings (the few constants used are in dwarf_internal.h).
 *
 * In a relocatable object (.o) the offsets between debug sections are
 * relocations; BPF objects use REL relocations against section symbols,
 * so the offset is the value stored in place and is read as it is.
 *
 * Every offset, length and reference is checked: a damaged or hostile
 * section gives -EINVAL and "NAME: .debug_info: offset 0x..: what", never
 * a read outside the data. Pure parsing: no syscalls (dwarf_file.c reads
 * the sections from a file with libelf).
 */
#ifndef BL_DWARF_H
#define BL_DWARF_H

#include <stddef.h>
#include <stdint.h>

#include "elf/error.h"

struct bl_dwarf;

/* The sections (any may be NULL with length 0 but .debug_info and
 * .debug_abbrev); the data must stay until bl_dwarf_free. */
struct bl_dwarf_sections {
	const void *info, *abbrev, *str, *str_offsets, *line_str;
	size_t info_len, abbrev_len, str_len, str_offsets_len, line_str_len;
};

/* Parses every unit of s. name is for messages (the object's path).
 * Returns 0, -EINVAL (err says what and where) or -ENOMEM. */
int bl_dwarf_parse(const struct bl_dwarf_sections *s, const char *name, struct bl_dwarf **out,
		   struct bl_err *err);
void bl_dwarf_free(struct bl_dwarf *dw);

/* The DIE of a struct, union or typedef called name (not a declaration
 * only); the first in the order of the units. -ENOENT when there is
 * none. */
int bl_dwarf_find_type(const struct bl_dwarf *dw, const char *name);

/* The named structs and unions (not declarations) whose byte size is in
 * [min, max], at most cap of them into dies; returns how many there are
 * (which may be more than cap). Two DIEs of one name and size (one per
 * unit) count once. */
int bl_dwarf_types_of_size(const struct bl_dwarf *dw, uint64_t min, uint64_t max, int *dies,
			   int cap);

/* How many DIEs there are: their indices are 0 .. cnt - 1. */
int bl_dwarf_die_cnt(const struct bl_dwarf *dw);

/* The name of a DIE ("" for none). */
const char *bl_dwarf_die_name(const struct bl_dwarf *dw, int die);

/* The type at DIE die and every type it contains (members, element
 * types, typedefs; a pointer becomes a pointer to void) as a BTF section:
 * header, types and strings (Documentation/bpf/btf.rst), malloc'd into
 * *raw (*len bytes); the type's own id into *id. bl_btf_parse then checks
 * it like any .BTF. -EINVAL with err for what BTF cannot say (a DIE of
 * another kind, a base type of an odd size), -ENOMEM. */
int bl_dwarf_to_btf(const struct bl_dwarf *dw, int die, void **raw, size_t *len, uint32_t *id,
		    struct bl_err *err);

/* Reads the .debug_* sections and .BTF of the ELF file at path (copies).
 * *dw is NULL when the file has no .debug_info (not an error); *btf_raw
 * NULL (and *btf_len 0) when it has no .BTF. Either out may be NULL when
 * not wanted. -ENOENT, -EINVAL (not ELF, compressed debug sections, bad
 * DWARF) with err, -ENOMEM. */
int bl_dwarf_read_file(const char *path, struct bl_dwarf **dw, void **btf_raw, size_t *btf_len,
		       struct bl_err *err);

#endif
