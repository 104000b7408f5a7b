/* tests/unit/test_malformed_elf.c — ELF containers that are well formed
 * header by header but not as a whole (elf(5); the System V gABI,
 * "Sections"): sections whose bytes overlap each other or the headers,
 * string tables whose last string runs off their end. Derived from
 * map_lookup.o, which has one .strtab for section and symbol names.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define WITH_COPY(img, len)                                             \
	UT_ASM(path_, "map_lookup");                                    \
	size_t len;                                                     \
	unsigned char *img = ut_slurp(path_, &len);                     \
	free(path_);

#define PROG_SEC "tracepoint/syscalls/sys_enter_getppid"

/* The string table laid over the symbol table (it holds the section
 * names too, which are then symbol bytes). */
START_TEST(strtab_over_symtab)
{
	WITH_COPY(img, len);
	size_t st_idx;
	Elf64_Shdr *st = ue_symtab(img, &st_idx);
	Elf64_Shdr *str = ue_shdr(img, st->sh_link);

	str->sh_offset = st->sh_offset;
	str->sh_size = st->sh_size;
	ut_expect_reject(img, len, "overlap.o", "overlap", "section 7");
	free(img);
}
END_TEST

/* A program section that starts inside another section. */
START_TEST(program_inside_license)
{
	WITH_COPY(img, len);
	Elf64_Shdr *prog = ue_shdr_named(img, PROG_SEC, NULL);

	prog->sh_offset = ue_shdr_named(img, "license", NULL)->sh_offset + 1;
	prog->sh_size = 8;
	ut_expect_reject(img, len, "inside.o", "overlap", "license");
	free(img);
}
END_TEST

/* Section bytes that are the ELF header, or the section header table. */
START_TEST(section_over_headers)
{
	WITH_COPY(img, len);
	Elf64_Shdr *prog = ue_shdr_named(img, PROG_SEC, NULL);

	if (_i == 0)
		prog->sh_offset = 0;
	else
		prog->sh_offset = ue_ehdr(img)->e_shoff + 8;
	ut_expect_reject(img, len, _i ? "table.o" : "ehdr.o", "overlap",
			 _i ? "section header table" : "ELF header");
	free(img);
}
END_TEST

/* Empty sections and SHT_NOBITS ones hold no bytes: they overlap nothing. */
START_TEST(empty_sections_overlap_nothing)
{
	WITH_COPY(img, len);
	struct bl_object_spec *obj = NULL;
	struct bl_err err = { "" };

	ck_assert_uint_eq(ue_shdr_named(img, ".text", NULL)->sh_size, 0);
	ue_shdr_named(img, ".text", NULL)->sh_offset = ue_shdr_named(img, PROG_SEC, NULL)->sh_offset;
	ck_assert_msg(bl_object_spec_read_mem(img, len, "empty.o", &obj, &err) == 0, "%s", err.msg);
	bl_object_spec_free(obj);
	free(img);
}
END_TEST

/* The last byte of the table of section and symbol names is not NUL
 * (libelf already refuses the name of a section that ends there). */
START_TEST(names_unterminated)
{
	WITH_COPY(img, len);
	Elf64_Shdr *names = ue_shdr(img, ue_ehdr(img)->e_shstrndx);

	ck_assert_int_eq(img[names->sh_offset + names->sh_size - 1], 0);
	img[names->sh_offset + names->sh_size - 1] = 'x';
	ut_expect_reject(img, len, "unterminated.o", "NUL|outside the section-name table", NULL);
	free(img);
}
END_TEST

/* The same for a symbol string table of its own. */
START_TEST(symbol_names_unterminated)
{
	WITH_COPY(img, len);
	size_t st_idx;
	Elf64_Shdr *st = ue_symtab(img, &st_idx);
	Elf64_Shdr *lic = ue_shdr_named(img, "license", NULL);
	size_t lic_idx;

	/* the license section ("GPL\0") becomes the symbol names: the
	 * symbols' name offsets stay inside it, its last byte is not NUL */
	ue_shdr_named(img, "license", &lic_idx);
	lic->sh_type = SHT_STRTAB;
	img[lic->sh_offset + lic->sh_size - 1] = 'L';
	st->sh_link = (Elf64_Word)lic_idx;
	for (size_t k = 0; k < st->sh_size / sizeof(Elf64_Sym); k++)
		((Elf64_Sym *)(img + st->sh_offset))[k].st_name = 0;
	ut_expect_reject(img, len, "symnames.o", "NUL", "symbol table's string table");
	free(img);
}
END_TEST

TCase *tcase_malformed_elf(void)
{
	TCase *tc = tcase_create("elf_container");

	tcase_add_test(tc, strtab_over_symtab);
	tcase_add_test(tc, program_inside_license);
	tcase_add_loop_test(tc, section_over_headers, 0, 2);
	tcase_add_test(tc, empty_sections_overlap_nothing);
	tcase_add_test(tc, names_unterminated);
	tcase_add_test(tc, symbol_names_unterminated);
	return tc;
}
