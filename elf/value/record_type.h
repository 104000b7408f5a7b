/* elf/value/record_type.h — where the type of a ring or perf buffer's
 * records comes from: an object's .BTF, else its DWARF (.debug_info,
 * written by clang -g: the types of local variables, which clang leaves
 * out of .BTF, are there), else the one named struct of the record's
 * size (elf/value/record_type.c, docs/buffers.md).
 *
 * A type found in the DWARF is converted to a BTF of its own
 * (elf/dwarf/dwarf.h), so that the printers of elf/value/btf_value.h
 * print it like any other. The DWARF is read the first time it is
 * needed. Pure code but for reading the file.
 */
#ifndef BL_RECORD_TYPE_H
#define BL_RECORD_TYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf/btf/btf.h"
#include "elf/error.h"

struct bl_record_types;

/* A record type: id in btf (which the bl_record_types owns or borrows). */
struct bl_record_type {
	const struct bl_btf *btf;
	uint32_t id;
	const char *from;	/* "BTF" or "DWARF" */
};

/* The types of the ELF file at path: btf when not NULL (an object's,
 * already parsed; borrowed, it must outlive the result), else the file's
 * own .BTF; and its DWARF. -ENOENT, -EINVAL (not ELF; a .BTF that does
 * not parse) with err, -ENOMEM. */
int bl_record_types_open(const char *path, const struct bl_btf *btf,
			 struct bl_record_types **out, struct bl_err *err);
void bl_record_types_free(struct bl_record_types *rt);

/* The struct, union or typedef called name, in the BTF, else in the
 * DWARF; name NULL: the one struct called event or data_t (a typedef
 * data_t counts), likewise. 0; -ENOENT; -EEXIST for several candidates;
 * -EINVAL (err says what) when the DWARF is damaged or has the type in a
 * form BTF cannot say. */
int bl_record_type_find(struct bl_record_types *rt, const char *name,
			struct bl_record_type *out, struct bl_err *err);

/* The one named struct or union of a size from min to max, in the BTF
 * and the DWARF together (one name counts once). 0; -ENOENT for none;
 * -EEXIST for several; *cnt (may be NULL) how many there are. Other
 * errors as bl_record_type_find. */
int bl_record_type_by_size(struct bl_record_types *rt, size_t min, size_t max,
			   struct bl_record_type *out, int *cnt, struct bl_err *err);

/* The name of a record type's type ("" when it has none). */
const char *bl_record_type_name(const struct bl_record_type *t);

/* Whether the file has DWARF (.debug_info). Reads it if not yet read.
 * Always false in the static build (-DBL_NO_DWARF: no DWARF reader, for
 * its size), whose messages say BL_NO_DWARF_HINT instead of "clang -g". */
#ifdef BL_NO_DWARF
#define BL_NO_DWARF_HINT "no DWARF reader in the static build: give --types FILE"
#endif
bool bl_record_types_have_dwarf(struct bl_record_types *rt);

#endif
