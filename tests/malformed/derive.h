/* tests/malformed/derive.h — the hostile variants of an object that
 * tests/cli/malformed.sh feeds to `bpfload inspect` and `bpfload verify`.
 *
 * An image is a copy of a valid ELF64 little-endian object (elf(5),
 * <elf.h>); each family of variants (derive.c: truncation, section and
 * symbol indices, extents, relocations, program sizes, strings;
 * derive_btf.c: .BTF and .BTF.ext; derive_maps.c: legacy map
 * definitions) patches copies of it and writes them
 * with emit(). Every variant is something bpfload must refuse.
 */
#ifndef BL_DERIVE_H
#define BL_DERIVE_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

struct image {
	unsigned char *buf;
	size_t len;
	const char *out_prefix;	/* OUTDIR/BASE: variants are PREFIX.FAMILY-DETAIL.o */
};

/* A malloc'd copy of im's bytes (len of them). */
unsigned char *copy_of(const struct image *im);

/* Writes buf (len bytes) as PREFIX.NAME.o and prints that path. */
void emit(const struct image *im, const char *name, const unsigned char *buf, size_t len);

static inline Elf64_Ehdr *ehdr(unsigned char *buf)
{
	return (Elf64_Ehdr *)buf;
}

static inline Elf64_Shdr *shdr(unsigned char *buf, size_t i)
{
	return (Elf64_Shdr *)(buf + ehdr(buf)->e_shoff) + i;
}

/* Writes the variant NAME: a copy of im in v, changed by the statement
 * change (which may use v). */
#define VARIANT(name, change)                                           \
	do {                                                            \
		v = copy_of(im);                                        \
		change;                                                 \
		emit(im, name, v, im->len);                             \
		free(v);                                                \
	} while (0)

/* The name of section i (the image is valid: no checks). */
const char *sec_name(unsigned char *buf, size_t i);

/* The index of the first section with that name, or 0. */
size_t sec_by_name(unsigned char *buf, const char *name);

void derive_btf(const struct image *im);
void derive_btf_ext(const struct image *im);
void derive_maps(const struct image *im);	/* derive_maps.c: legacy "maps" */

#endif
