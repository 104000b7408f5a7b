/* elf/value/btf_value.h — bytes shown as the BTF type says: the records of ring
 * and perf buffers and the keys and values of maps, decoded with the
 * object's .BTF (Documentation/bpf/btf.rst, "2.2 Type Encoding").
 *
 * Three forms (elf/value/btf_value.c):
 *   text     {pid=4242, comm="bash", state=TASK_RUNNING, ts=[1, 2]}
 *   JSON     {"pid":4242,"comm":"bash","state":"TASK_RUNNING","ts":[1,2]}
 *   columns  a header of the members' names and one aligned row per
 *            record, as bcc's tools print:
 *              PID     COMM             FILENAME
 *              4242    bash             /usr/bin/ls
 *
 * Integers (signed or not, 1 to 8 bytes; bigger ones in hex), bool, char,
 * enums by name (the number when no enumerator has it), char arrays as
 * strings, structs, unions and arrays nested, typedefs and modifiers
 * skipped, pointers as hex addresses, bitfields, floats, DATASECs (the
 * variables of .data/.bss). Pure code: no syscalls.
 *
 * Every read is checked against len, nesting stops at BL_BTF_VALUE_DEPTH,
 * and at most BL_BTF_VALUE_BUDGET values are visited per call (a hostile
 * array of a million zero-sized structs ends there). On failure nothing
 * at all is written, so that the caller can show hex instead.
 */
#ifndef BL_BTF_VALUE_H
#define BL_BTF_VALUE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "elf/btf/btf.h"

#define BL_BTF_VALUE_DEPTH 32
#define BL_BTF_VALUE_BUDGET (1u << 20)
#define BL_BTF_VALUE_COLUMNS 64

enum bl_btf_form {
	BL_BTF_TEXT,
	BL_BTF_JSON,
};

/* Writes the value of type id held in data[0 .. len) to f. Returns 0, or
 * -E2BIG (the type is bigger than len, or too many values), -ELOOP
 * (nested deeper than BL_BTF_VALUE_DEPTH, or a chain of typedefs that
 * loops), -EINVAL (a type without a value: void, FWD, FUNC, ...),
 * -ENOENT (no such id), -ENOMEM; then nothing was written. */
int bl_btf_value_print(FILE *f, const struct bl_btf *btf, uint32_t id, const void *data,
		       size_t len, enum bl_btf_form form);

/* Columns: one per member of a struct or union (the members of an
 * anonymous struct or union member count as the parent's), else one
 * called VALUE. The header has the names in upper case; each column is
 * as wide as its name or as its type usually needs (a pid 7, a comm 16),
 * left-aligned, one space between; a longer value pushes the rest of its
 * row to the right instead of being cut, and the last column has no
 * padding. Strings are not quoted; control characters are escaped, so a
 * row is always one line. Same errors as bl_btf_value_print. */
int bl_btf_value_header(FILE *f, const struct bl_btf *btf, uint32_t id);
int bl_btf_value_row(FILE *f, const struct bl_btf *btf, uint32_t id, const void *data,
		     size_t len);

/* The same header and row as cells for a caller that aligns them itself
 * over many rows (a map dump): no padding, BL_BTF_CELL_SEP between the
 * columns (a cell never holds it: control characters are escaped), a
 * newline at the end. */
#define BL_BTF_CELL_SEP '\x1f'
int bl_btf_value_header_cells(FILE *f, const struct bl_btf *btf, uint32_t id);
int bl_btf_value_row_cells(FILE *f, const struct bl_btf *btf, uint32_t id, const void *data,
			   size_t len);

/* The record type of a ring or perf buffer: the struct, union or typedef
 * called name when name is not NULL; else the one struct called "event"
 * or "data_t" (bcc's and libbpf-tools' names; a typedef data_t counts).
 * Returns the id, -ENOENT when there is none, -EEXIST when there are
 * several candidates. */
int bl_btf_event_type(const struct bl_btf *btf, const char *name);

#endif
