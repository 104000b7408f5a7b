/* tests/malformed/derive_maps.c — hostile variants of an object's legacy
 * map definitions, the section "maps" (see derive.h): definitions that
 * are not whole u32 fields, bytes past the fields bpfload knows, and, in
 * iproute2's struct bpf_elf_map (id, pinning, inner_id, inner_idx after
 * the five fields of struct bpf_map_def; iproute2's include/bpf_elf.h),
 * an inner_id that names no map, names the map itself, or two maps of
 * maps naming each other, an inner_id on a map that holds no maps, an
 * inner_idx past the slots of its map of maps.
 *
 * The definitions are found from the symbol table (elf(5)), one per
 * symbol of "maps", each the section size divided by their number, as
 * any loader of this section reads them; independently of elf/read/.
 */
#include "derive.h"

#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_TYPE, F_KEY, F_VALUE, F_MAX, F_FLAGS, F_ID, F_PINNING, F_INNER_ID, F_INNER_IDX };
#define ELF_MAP_SIZE (9 * sizeof(uint32_t))
#define MAX_MAPS 64

struct maps {
	size_t shndx;
	size_t def;			/* bytes per definition */
	size_t n;
	uint64_t off[MAX_MAPS];		/* of each definition in the section */
};

static int find_maps(unsigned char *buf, struct maps *m)
{
	Elf64_Shdr *st = NULL;

	memset(m, 0, sizeof(*m));
	m->shndx = sec_by_name(buf, "maps");
	for (size_t i = 1; i < ehdr(buf)->e_shnum && !st; i++)
		if (shdr(buf, i)->sh_type == SHT_SYMTAB)
			st = shdr(buf, i);
	if (!m->shndx || !st)
		return -1;
	for (size_t k = 1; k < st->sh_size / sizeof(Elf64_Sym); k++) {
		Elf64_Sym *s = (Elf64_Sym *)(buf + st->sh_offset) + k;

		if (s->st_shndx == m->shndx && ELF64_ST_TYPE(s->st_info) != STT_SECTION &&
		    m->n < MAX_MAPS)
			m->off[m->n++] = s->st_value;
	}
	if (!m->n || shdr(buf, m->shndx)->sh_size % m->n)
		return -1;
	m->def = shdr(buf, m->shndx)->sh_size / m->n;
	return 0;
}

/* Field f of definition k in the copy v. */
static uint32_t *fld(unsigned char *v, const struct maps *m, size_t k, int f)
{
	return (uint32_t *)(v + shdr(v, m->shndx)->sh_offset + m->off[k]) + f;
}

static int is_mim(uint32_t type)
{
	return type == BPF_MAP_TYPE_ARRAY_OF_MAPS || type == BPF_MAP_TYPE_HASH_OF_MAPS;
}

/* The first definition after `after` (-1: from the start) whose type is
 * (mim) or is not (!mim) a map of maps, or -1. */
static long find(unsigned char *buf, const struct maps *m, long after, int mim)
{
	for (size_t k = (size_t)(after + 1); k < m->n; k++)
		if (!is_mim(*fld(buf, m, k, F_TYPE)) == !mim)
			return (long)k;
	return -1;
}

/* iproute2's fields, for definitions that have them. */
static void elf_map_fields(const struct image *im, const struct maps *m)
{
	long a = find(im->buf, m, -1, 1), b = a < 0 ? -1 : find(im->buf, m, a, 1);
	long plain = find(im->buf, m, -1, 0);
	unsigned char *v;

	if (a >= 0) {
		VARIANT("maps-inner-id-names-none", *fld(v, m, a, F_INNER_ID) = 0xdead);
		VARIANT("maps-inner-id-self", *fld(v, m, a, F_ID) = 0xd1; *fld(v, m, a, F_INNER_ID) = 0xd1);
		/* inner_idx past the slots: a plain map placed into map a. */
		if (plain >= 0 && *fld(im->buf, m, a, F_TYPE) == BPF_MAP_TYPE_ARRAY_OF_MAPS)
			VARIANT("maps-inner-idx-past-slots",
				*fld(v, m, plain, F_INNER_ID) = 0;
				*fld(v, m, plain, F_ID) = 0xd3;
				*fld(v, m, plain, F_INNER_IDX) = *fld(v, m, a, F_MAX);
				*fld(v, m, a, F_INNER_ID) = 0xd3);
	}
	if (b >= 0)
		VARIANT("maps-inner-id-loop",
			*fld(v, m, a, F_ID) = 0xd1; *fld(v, m, b, F_ID) = 0xd2;
			*fld(v, m, a, F_INNER_ID) = 0xd2; *fld(v, m, b, F_INNER_ID) = 0xd1);
	if (plain >= 0)
		VARIANT("maps-inner-id-on-plain-map", *fld(v, m, plain, F_INNER_ID) = 0xd4;
			*fld(v, m, plain, F_ID) = 0xd4);
}

void derive_maps(const struct image *im)
{
	struct maps m;
	unsigned char *v;

	if (find_maps(im->buf, &m))
		return;
	/* 2 bytes short per definition: not whole u32 fields (or, for 20-
	 * byte definitions, shorter than struct bpf_map_def). */
	VARIANT("maps-def-not-u32", shdr(v, m.shndx)->sh_size = m.n * (m.def - 2));
	if (m.def > ELF_MAP_SIZE)
		VARIANT("maps-trailing-byte", *((unsigned char *)fld(v, &m, 0, 0) + ELF_MAP_SIZE) = 1);
	if (m.def >= ELF_MAP_SIZE)
		elf_map_fields(im, &m);
}
