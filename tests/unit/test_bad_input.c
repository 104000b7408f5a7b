/* tests/unit/test_bad_input.c — files that are not a usable ELF64 BPF
 * object: not ELF at all, the wrong machine or class, truncated, broken
 * section table (elf(5): the ELF header and the section headers).
 *
 * Each broken file is derived here from a valid object (map_lookup.o)
 * read into memory, then given to bl_object_spec_read_mem, which must refuse
 * it with a negative errno and a one-line message that starts with the
 * name and says what is wrong (ut_expect_reject).
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"

#define BASE "map_lookup"
#define PROG_SEC "tracepoint/syscalls/sys_enter_getppid"

/* A copy of the valid object, to be broken by the test. */
#define WITH_COPY(img, len)                                             \
	UT_ASM(path_, BASE);                                            \
	size_t len;                                                     \
	unsigned char *img = ut_slurp(path_, &len);                     \
	free(path_);

START_TEST(random_bytes)
{
	unsigned char buf[512];

	srand(42);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)rand();
	ut_expect_reject(buf, sizeof(buf), "random.o", "not an ELF", NULL);
}
END_TEST

START_TEST(empty_file)
{
	static const unsigned char one = 0;

	ut_expect_reject(&one, 0, "empty.o", "not an ELF|empty", NULL);
}
END_TEST

START_TEST(text_file)
{
	static const char text[] = "#!/bin/sh\necho this is not an object file\n";

	ut_expect_reject(text, sizeof(text) - 1, "script.o", "not an ELF", NULL);
}
END_TEST

START_TEST(magic_only)
{
	ut_expect_reject(ELFMAG, SELFMAG, "magic.o", "not an ELF|truncated|past the end", NULL);
}
END_TEST

START_TEST(machine_x86_64)
{
	WITH_COPY(img, len);
	ue_ehdr(img)->e_machine = EM_X86_64;
	ut_expect_reject(img, len, "x86.o", "EM_BPF|machine", NULL);
	free(img);
}
END_TEST

START_TEST(class_32)
{
	WITH_COPY(img, len);
	img[EI_CLASS] = ELFCLASS32;
	ut_expect_reject(img, len, "class32.o", "ELFCLASS32|32-bit|64-bit|class", NULL);
	free(img);
}
END_TEST

START_TEST(big_endian)
{
	WITH_COPY(img, len);
	img[EI_DATA] = ELFDATA2MSB;
	ut_expect_reject(img, len, "be.o", "endian|ELFDATA2MSB|byte order|EM_BPF|machine", NULL);
	free(img);
}
END_TEST

START_TEST(not_relocatable)
{
	WITH_COPY(img, len);
	ue_ehdr(img)->e_type = ET_EXEC;
	ut_expect_reject(img, len, "exec.o", "ET_REL|relocatable|type", NULL);
	free(img);
}
END_TEST

/* _i picks the cut: header only, inside the section table, inside the
 * program section, one byte short, and a few short prefixes. */
START_TEST(truncated)
{
	WITH_COPY(img, len);
	Elf64_Ehdr *eh = ue_ehdr(img);
	size_t cut[] = {
		sizeof(Elf64_Ehdr),
		eh->e_shoff + 2 * sizeof(Elf64_Shdr) + 10,
		eh->e_shoff + sizeof(Elf64_Shdr) * (eh->e_shnum - 1u),
		ue_shdr_named(img, PROG_SEC, NULL)->sh_offset + 20,
		len - 1,
		EI_NIDENT + 4,
		40,
	};
	char name[32];

	ck_assert_uint_eq(sizeof(cut) / sizeof(cut[0]), 7);
	ck_assert_uint_lt(cut[_i], len);
	snprintf(name, sizeof(name), "cut%zu.o", cut[_i]);
	ut_expect_reject(img, cut[_i], name, "truncated|past the end", NULL);
	free(img);
}
END_TEST

START_TEST(shstrndx_out_of_range)
{
	WITH_COPY(img, len);
	ue_ehdr(img)->e_shstrndx = (Elf64_Half)(ue_ehdr(img)->e_shnum + 5);
	ut_expect_reject(img, len, "shstrndx.o", "section index|shstrndx|string table", NULL);
	free(img);
}
END_TEST

START_TEST(section_table_past_end)
{
	WITH_COPY(img, len);
	ue_ehdr(img)->e_shoff = len - sizeof(Elf64_Shdr);
	ut_expect_reject(img, len, "shoff.o", "truncated|past the end|section header", NULL);
	free(img);
}
END_TEST

/* sh_offset + sh_size beyond the end, for three kinds of section. */
START_TEST(section_past_end)
{
	static const char *const secs[] = { PROG_SEC, "maps", "license" };
	WITH_COPY(img, len);
	Elf64_Shdr *sh = ue_shdr_named(img, secs[_i], NULL);
	char name[32];

	sh->sh_size = len - sh->sh_offset + 8;
	snprintf(name, sizeof(name), "past%d.o", _i);
	ut_expect_reject(img, len, name, "past the end|outside|truncated", secs[_i]);
	free(img);
}
END_TEST

START_TEST(section_huge_offset)
{
	WITH_COPY(img, len);
	Elf64_Shdr *sh = ue_shdr_named(img, PROG_SEC, NULL);

	sh->sh_offset = UINT64_MAX - 8; /* offset + size wraps around */
	ut_expect_reject(img, len, "wrap.o", "past the end|outside|truncated", PROG_SEC);
	free(img);
}
END_TEST

START_TEST(section_name_out_of_range)
{
	WITH_COPY(img, len);
	ue_shdr_named(img, "maps", NULL)->sh_name = 0x7fffffff;
	ut_expect_reject(img, len, "shname.o", "name", NULL);
	free(img);
}
END_TEST

START_TEST(missing_file)
{
	struct bl_object_spec *obj = NULL;
	struct bl_err err = { "" };
	const char *path = "/nonexistent/dir/x.bpf.o";

	ck_assert_int_eq(bl_object_spec_read(path, &obj, &err), -ENOENT);
	ck_assert_ptr_null(obj);
	ck_assert(strncmp(err.msg, path, strlen(path)) == 0);
}
END_TEST

START_TEST(directory)
{
	struct bl_object_spec *obj = NULL;
	struct bl_err err = { "" };

	ck_assert_int_lt(bl_object_spec_read("/", &obj, &err), 0);
	ck_assert_ptr_null(obj);
	ck_assert(strncmp(err.msg, "/", 1) == 0);
	ck_assert_uint_gt(strlen(err.msg), 2);
}
END_TEST

Suite *suite_bad_input(void)
{
	Suite *s = suite_create("bad_input");
	TCase *tc = tcase_create("elf");

	tcase_add_test(tc, random_bytes);
	tcase_add_test(tc, empty_file);
	tcase_add_test(tc, text_file);
	tcase_add_test(tc, magic_only);
	tcase_add_test(tc, machine_x86_64);
	tcase_add_test(tc, class_32);
	tcase_add_test(tc, big_endian);
	tcase_add_test(tc, not_relocatable);
	tcase_add_loop_test(tc, truncated, 0, 7);
	tcase_add_test(tc, shstrndx_out_of_range);
	tcase_add_test(tc, section_table_past_end);
	tcase_add_loop_test(tc, section_past_end, 0, 3);
	tcase_add_test(tc, section_huge_offset);
	tcase_add_test(tc, section_name_out_of_range);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, directory);
	suite_add_tcase(s, tc);
	return s;
}
