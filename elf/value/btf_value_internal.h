/* elf/value/btf_value_internal.h — what elf/value/btf_value.c shares with
 * elf/value/btf_columns.c: the formatting state and the one-value formatter. */
#ifndef BL_BTF_VALUE_INTERNAL_H
#define BL_BTF_VALUE_INTERNAL_H

#include "btf_value.h"

struct fmt {
	FILE *f;
	const struct bl_btf *btf;
	const unsigned char *data;
	size_t len;
	bool json;
	bool bare;		/* a column: strings without quotes */
	uint32_t budget;	/* values left to visit */
};

/* The value of type id at byte off of c->data (a bitfield of bits bits
 * at bit_off when bits is not 0), written to c->f; depth counts the
 * nesting against BL_BTF_VALUE_DEPTH. 0 or a negative errno. */
int bl_btf_fmt_value(struct fmt *c, uint32_t id, size_t off, uint32_t bit_off, uint32_t bits,
		     int depth);

/* Runs fn with c->f a memory stream and a fresh budget; copies what it
 * wrote to f only when fn returns 0. */
int bl_btf_fmt_buffered(FILE *f, struct fmt *c, int (*fn)(struct fmt *c, void *arg), void *arg);

#endif
