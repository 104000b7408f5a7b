/* tests/unit/test_bad_content.c — well-formed ELF whose BPF content is
 * broken: symbols, relocations, program sections, legacy map definitions
 * (elf(5) for Elf64_Sym / Elf64_Rel; Documentation/bpf/llvm_reloc.rst for
 * what the relocations of a BPF object mean).
 *
 * Derived here from valid asm-tests objects read into memory; each must
 * be refused by bl_object_spec_read_mem (see ut_expect_reject).
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define PROG_SEC "tracepoint/syscalls/sys_enter_getppid"
#define REL_SEC ".rel" PROG_SEC

#define WITH_COPY(img, len, base)                                       \
	UT_ASM(path_, base);                                            \
	size_t len;                                                     \
	unsigned char *img = ut_slurp(path_, &len);                     \
	free(path_);

/* The u32 field f (0 type, 1 key_size, ...) of map sym in "maps". */
static uint32_t *map_field(unsigned char *img, const char *sym, int f)
{
	Elf64_Shdr *maps = ue_shdr_named(img, "maps", NULL);
	Elf64_Sym *s = ue_sym_named(img, sym, NULL);

	return (uint32_t *)(img + maps->sh_offset + s->st_value) + f;
}

START_TEST(symbol_shndx_out_of_range)
{
	WITH_COPY(img, len, "map_lookup");
	ue_sym_named(img, "counts", NULL)->st_shndx = (Elf64_Half)(ue_ehdr(img)->e_shnum + 3);
	ut_expect_reject(img, len, "symshndx.o", "section index", "counts");
	free(img);
}
END_TEST

START_TEST(func_symbol_shndx_out_of_range)
{
	WITH_COPY(img, len, "map_lookup");
	ue_sym_named(img, "count_getppid", NULL)->st_shndx = 0xfe00; /* SHN_LORESERVE - 0x100 */
	ut_expect_reject(img, len, "funcshndx.o", "section index", "count_getppid");
	free(img);
}
END_TEST

START_TEST(symtab_link_out_of_range)
{
	WITH_COPY(img, len, "map_lookup");
	ue_symtab(img, NULL)->sh_link = ue_ehdr(img)->e_shnum + 7u;
	ut_expect_reject(img, len, "symlink.o", "section index|sh_link|string table", ".symtab");
	free(img);
}
END_TEST

START_TEST(symbol_name_out_of_range)
{
	WITH_COPY(img, len, "map_lookup");
	ue_sym_named(img, "counts", NULL)->st_name = 0x7fffffff;
	ut_expect_reject(img, len, "symname.o", "name", NULL);
	free(img);
}
END_TEST

START_TEST(func_symbol_outside_section)
{
	WITH_COPY(img, len, "map_lookup");
	ue_sym_named(img, "count_getppid", NULL)->st_value = 0x1000;
	ut_expect_reject(img, len, "funcoff.o", "outside|past the end", "count_getppid");
	free(img);
}
END_TEST

START_TEST(func_symbol_size_too_big)
{
	WITH_COPY(img, len, "map_lookup");
	ue_sym_named(img, "count_getppid", NULL)->st_size = 0x800;
	ut_expect_reject(img, len, "funcsize.o", "outside|past the end", "count_getppid");
	free(img);
}
END_TEST

START_TEST(reloc_symbol_past_symtab)
{
	WITH_COPY(img, len, "map_lookup");
	Elf64_Rel *r = ue_rel(img, REL_SEC, 0);

	r->r_info = ELF64_R_INFO(ELF64_R_SYM(r->r_info) + 1000, ELF64_R_TYPE(r->r_info));
	ut_expect_reject(img, len, "relsym.o", "symbol index", "sys_enter_getppid");
	free(img);
}
END_TEST

START_TEST(reloc_offset_outside_section)
{
	WITH_COPY(img, len, "map_lookup");
	ue_rel(img, REL_SEC, 0)->r_offset = ue_shdr_named(img, PROG_SEC, NULL)->sh_size + 64;
	ut_expect_reject(img, len, "reloff.o", "outside|past the end", "sys_enter_getppid");
	free(img);
}
END_TEST

START_TEST(reloc_offset_last_half_insn)
{
	WITH_COPY(img, len, "map_lookup");
	/* the ld_imm64's second half would be past the section end */
	ue_rel(img, REL_SEC, 0)->r_offset = ue_shdr_named(img, PROG_SEC, NULL)->sh_size - 8;
	ut_expect_reject(img, len, "relend.o", "outside|past the end|ld_imm64|instruction",
			 "sys_enter_getppid");
	free(img);
}
END_TEST

START_TEST(reloc_offset_misaligned)
{
	WITH_COPY(img, len, "map_lookup");
	ue_rel(img, REL_SEC, 0)->r_offset += 4;
	ut_expect_reject(img, len, "relalign.o", "align|multiple of 8|offset|instruction",
			 "sys_enter_getppid");
	free(img);
}
END_TEST

START_TEST(reloc_on_wrong_insn)
{
	WITH_COPY(img, len, "map_lookup");
	ue_rel(img, REL_SEC, 0)->r_offset = 0; /* "r1 = 0", not an ld_imm64 */
	ut_expect_reject(img, len, "relinsn.o", "ld_imm64|instruction", "counts");
	free(img);
}
END_TEST

START_TEST(rel_target_out_of_range)
{
	WITH_COPY(img, len, "map_lookup");
	ue_shdr_named(img, REL_SEC, NULL)->sh_info = ue_ehdr(img)->e_shnum + 2u;
	ut_expect_reject(img, len, "relinfo.o", "section index|sh_info", REL_SEC);
	free(img);
}
END_TEST

START_TEST(prog_size_not_multiple_of_8)
{
	WITH_COPY(img, len, "map_lookup");
	ue_shdr_named(img, PROG_SEC, NULL)->sh_size -= 4;
	ue_sym_named(img, "count_getppid", NULL)->st_size -= 4;
	ut_expect_reject(img, len, "size4.o", "multiple of 8", PROG_SEC);
	free(img);
}
END_TEST

START_TEST(nosym_prog_size_not_multiple_of_8)
{
	WITH_COPY(img, len, "nosym_section");
	ue_shdr_named(img, "tp/syscalls/sys_enter_getpid", NULL)->sh_size -= 3;
	ut_expect_reject(img, len, "nosym5.o", "multiple of 8", "tp/syscalls/sys_enter_getpid");
	free(img);
}
END_TEST

START_TEST(map_key_size_zero)
{
	WITH_COPY(img, len, "map_lookup");
	*map_field(img, "counts", 1) = 0;
	ut_expect_reject(img, len, "key0.o", "key_size", "counts");
	free(img);
}
END_TEST

/* Past the nine u32 of iproute2's struct bpf_elf_map, bytes no loader
 * knows: bpfload reads them only when they are zero. */
START_TEST(map_extra_bytes_nonzero)
{
	WITH_COPY(img, len, "maps_long_def");
	*map_field(img, "second", 9) = 1; /* the 10th u32 of a 40-byte definition */
	ut_expect_reject(img, len, "extra.o", "is not zero", "maps: map second: definition byte 36");
	free(img);
}
END_TEST

START_TEST(maps_size_not_divisible)
{
	WITH_COPY(img, len, "maps_multi");
	ue_shdr_named(img, "maps", NULL)->sh_size -= 1;
	ut_expect_reject(img, len, "mapsize.o", "size|multiple", "maps");
	free(img);
}
END_TEST

START_TEST(map_symbol_outside_maps)
{
	WITH_COPY(img, len, "maps_multi");
	ue_sym_named(img, "events", NULL)->st_value = 0x400;
	ut_expect_reject(img, len, "mapoff.o", "outside|past the end|offset", "events");
	free(img);
}
END_TEST

/* A license without its NUL: refused, or read without running past it. */
START_TEST(license_not_terminated)
{
	WITH_COPY(img, len, "tp_minimal");
	Elf64_Shdr *lic = ue_shdr_named(img, "license", NULL);
	struct bl_object_spec *obj = NULL;
	struct bl_err err = { "" };
	int rc;

	img[lic->sh_offset + lic->sh_size - 1] = 'X';
	rc = bl_object_spec_read_mem(img, len, "lic.o", &obj, &err);
	if (rc == 0) {
		ck_assert_str_eq(obj->license, "GPLX");
		bl_object_spec_free(obj);
	} else {
		ck_assert_ptr_nonnull(strstr(err.msg, "license"));
	}
	free(img);
}
END_TEST

Suite *suite_bad_content(void)
{
	Suite *s = suite_create("bad_content");
	TCase *sym = tcase_create("symbols"), *rel = tcase_create("relocations"),
	      *prog = tcase_create("programs"), *maps = tcase_create("maps");

	tcase_add_test(sym, symbol_shndx_out_of_range);
	tcase_add_test(sym, func_symbol_shndx_out_of_range);
	tcase_add_test(sym, symtab_link_out_of_range);
	tcase_add_test(sym, symbol_name_out_of_range);
	tcase_add_test(sym, func_symbol_outside_section);
	tcase_add_test(sym, func_symbol_size_too_big);
	tcase_add_test(rel, reloc_symbol_past_symtab);
	tcase_add_test(rel, reloc_offset_outside_section);
	tcase_add_test(rel, reloc_offset_last_half_insn);
	tcase_add_test(rel, reloc_offset_misaligned);
	tcase_add_test(rel, reloc_on_wrong_insn);
	tcase_add_test(rel, rel_target_out_of_range);
	tcase_add_test(prog, prog_size_not_multiple_of_8);
	tcase_add_test(prog, nosym_prog_size_not_multiple_of_8);
	tcase_add_test(prog, license_not_terminated);
	tcase_add_test(maps, map_key_size_zero);
	tcase_add_test(maps, map_extra_bytes_nonzero);
	tcase_add_test(maps, maps_size_not_divisible);
	tcase_add_test(maps, map_symbol_outside_maps);
	suite_add_tcase(s, sym);
	suite_add_tcase(s, rel);
	suite_add_tcase(s, prog);
	suite_add_tcase(s, maps);
	return s;
}
