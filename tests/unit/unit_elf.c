/* tests/unit/unit_elf.c — finding section headers, symbols and relocations
 * in an in-memory ELF64 little-endian image (the layouts of <elf.h>), so
 * that tests can derive broken objects from valid ones. The image must be
 * a valid object: these helpers check only what they need. */
#include <string.h>

#include "unit.h"

Elf64_Ehdr *ue_ehdr(unsigned char *img)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img;

	ck_assert(memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0);
	ck_assert_int_eq(eh->e_ident[EI_CLASS], ELFCLASS64);
	ck_assert_int_eq(eh->e_ident[EI_DATA], ELFDATA2LSB);
	ck_assert_uint_eq(eh->e_shentsize, sizeof(Elf64_Shdr));
	return eh;
}

Elf64_Shdr *ue_shdr(unsigned char *img, size_t idx)
{
	Elf64_Ehdr *eh = ue_ehdr(img);

	ck_assert_uint_lt(idx, eh->e_shnum);
	return (Elf64_Shdr *)(img + eh->e_shoff) + idx;
}

Elf64_Shdr *ue_shdr_named(unsigned char *img, const char *name, size_t *idx)
{
	Elf64_Ehdr *eh = ue_ehdr(img);
	const char *names = (const char *)img + ue_shdr(img, eh->e_shstrndx)->sh_offset;

	for (size_t i = 0; i < eh->e_shnum; i++) {
		Elf64_Shdr *sh = ue_shdr(img, i);

		if (strcmp(names + sh->sh_name, name) == 0) {
			if (idx)
				*idx = i;
			return sh;
		}
	}
	ck_abort_msg("no section %s in the test object", name);
	return NULL;
}

Elf64_Shdr *ue_symtab(unsigned char *img, size_t *idx)
{
	Elf64_Ehdr *eh = ue_ehdr(img);

	for (size_t i = 0; i < eh->e_shnum; i++) {
		if (ue_shdr(img, i)->sh_type == SHT_SYMTAB) {
			if (idx)
				*idx = i;
			return ue_shdr(img, i);
		}
	}
	ck_abort_msg("no symbol table in the test object");
	return NULL;
}

Elf64_Sym *ue_sym_named(unsigned char *img, const char *name, size_t *idx)
{
	Elf64_Shdr *st = ue_symtab(img, NULL);
	const char *strs = (const char *)img + ue_shdr(img, st->sh_link)->sh_offset;
	Elf64_Sym *syms = (Elf64_Sym *)(img + st->sh_offset);
	size_t n = st->sh_size / sizeof(Elf64_Sym);

	for (size_t i = 0; i < n; i++) {
		if (strcmp(strs + syms[i].st_name, name) == 0) {
			if (idx)
				*idx = i;
			return &syms[i];
		}
	}
	ck_abort_msg("no symbol %s in the test object", name);
	return NULL;
}

Elf64_Rel *ue_rel(unsigned char *img, const char *rel_section, size_t k)
{
	Elf64_Shdr *sh = ue_shdr_named(img, rel_section, NULL);

	ck_assert_uint_eq(sh->sh_type, SHT_REL);
	ck_assert_uint_lt(k, sh->sh_size / sizeof(Elf64_Rel));
	return (Elf64_Rel *)(img + sh->sh_offset) + k;
}
