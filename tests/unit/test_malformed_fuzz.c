/* tests/unit/test_malformed_fuzz.c — what the fuzz targets found, kept.
 *
 * Two kinds of test:
 *   - replay: every input of tests/fuzz/regressions/TARGET/ through the
 *     fuzz target's body (tests/fuzz/targets*.c), which aborts on a broken
 *     invariant. In the normal build this catches crashes and wrong
 *     messages; under AddressSanitizer also reads out of bounds.
 *   - the same bugs written out from valid objects, with the message
 *     they must now give (readable without the fuzzer's inputs).
 *
 * The regression inputs are found under $BL_SRC_DIR (default ".": make
 * runs the tests from the top of the tree).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/fuzz/fuzz.h"
#include "unit.h"

static const struct {
	const char *dir;
	int (*fn)(const uint8_t *data, size_t size);
} targets[] = {
	{ "object", bl_fuzz_object },
	{ "btf", bl_fuzz_btf },
	{ "btf_ext", bl_fuzz_btf_ext },
	{ "core", bl_fuzz_core },
	{ "core_access", bl_fuzz_core_access },
	{ "inflate", bl_fuzz_inflate },
};

START_TEST(replay)
{
	const char *src = getenv("BL_SRC_DIR");
	char dir[4096], path[4096 + 256];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(dir, sizeof(dir), "%s/tests/fuzz/regressions/README.md",
		 src && *src ? src : ".");
	ck_assert_msg(access(dir, R_OK) == 0, "%s: missing (set BL_SRC_DIR to the source tree)",
		      dir);
	snprintf(dir, sizeof(dir), "%s/tests/fuzz/regressions/%s", src && *src ? src : ".",
		 targets[_i].dir);
	d = opendir(dir);
	if (!d)
		return;	/* no regressions of this target yet */
	while ((e = readdir(d))) {
		unsigned char *buf;
		size_t len;

		if (e->d_name[0] == '.' || strstr(e->d_name, ".md"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		buf = ut_slurp(path, &len);
		bl_fuzz_current = path;
		targets[_i].fn(buf, len);
		bl_fuzz_current = NULL;
		free(buf);
		n++;
	}
	closedir(d);
	ck_assert_msg(n > 0, "%s: an empty directory", dir);
}
END_TEST

#define WITH_COPY(img, len, base)                                       \
	UT_ASM(path_, base);                                            \
	size_t len;                                                     \
	unsigned char *img = ut_slurp(path_, &len);                     \
	free(path_);

/* A section that must hold bytes, made SHT_NOBITS: no data in the file
 * (bl_section_bytes used to hand out "" and its readers read sh_size
 * bytes from it). */
START_TEST(nobits_section)
{
	static const char *const secs[] = { "license", "maps" };
	WITH_COPY(img, len, "map_lookup");
	char name[32];

	ue_shdr_named(img, secs[_i], NULL)->sh_type = SHT_NOBITS;
	snprintf(name, sizeof(name), "nobits%d.o", _i);
	ut_expect_reject(img, len, name, "SHT_NOBITS", secs[_i]);
	free(img);
}
END_TEST

START_TEST(nobits_btf)
{
	UT_PROG(path, "test_btf");
	size_t len;
	unsigned char *img = ut_slurp(path, &len);

	free(path);
	ue_shdr_named(img, ".BTF", NULL)->sh_type = SHT_NOBITS;
	ut_expect_reject(img, len, "nobtf.o", "SHT_NOBITS", ".BTF");
	free(img);
}
END_TEST

/* Two code sections named .text without function symbols: each is one
 * subprogram (room was made for one). */
START_TEST(two_text_sections)
{
	WITH_COPY(img, len, "nosym_section");
	size_t text_idx, prog_idx, end = (len + 7) & ~(size_t)7;
	Elf64_Shdr *text, *prog;
	struct bl_object_spec *obj = NULL;
	struct bl_err err = { "" };

	/* .text gets a copy of the program's instructions at the end of
	 * the file (sections may not overlap), and the program section the
	 * name .text */
	img = realloc(img, end + 24);
	ck_assert_ptr_nonnull(img);
	text = ue_shdr_named(img, ".text", &text_idx);
	prog = ue_shdr_named(img, "tp/syscalls/sys_enter_getpid", &prog_idx);
	ck_assert_uint_eq(prog->sh_size, 24);
	memset(img + len, 0, end - len);
	memcpy(img + end, img + prog->sh_offset, 24);
	len = end + 24;
	text->sh_offset = end;
	text->sh_size = 24;
	prog->sh_name = text->sh_name;
	ck_assert_msg(bl_object_spec_read_mem(img, len, "text2.o", &obj, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(obj->program_cnt, 0);
	ck_assert_uint_eq(obj->subprog_cnt, 2);
	ck_assert_uint_eq(obj->subprogs[0].shndx, text_idx);
	ck_assert_uint_eq(obj->subprogs[1].shndx, prog_idx);
	ck_assert_str_eq(obj->subprogs[1].name, ".text");
	ck_assert_uint_eq(obj->subprogs[1].insn_cnt, 3);
	bl_object_spec_free(obj);
	free(img);
}
END_TEST

/* A .kconfig extern is found as a variable, but its map has no initial
 * contents: setting it wrote past a 1-byte buffer. */
START_TEST(kconfig_extern_not_settable)
{
	UT_PROG(path, "compat/test_kconfig");
	struct bl_object_spec *obj = ut_read_ok(path);
	struct bl_err err = { "" };
	struct bl_var var;

	ck_assert_int_ge(obj->kconfig_map, 0);
	ck_assert_int_eq(bl_object_spec_find_var(obj, "LINUX_KERNEL_VERSION", &var, &err), 0);
	ck_assert_int_eq(var.map, obj->kconfig_map);
	ck_assert_int_eq(bl_object_spec_set_var(obj, "LINUX_KERNEL_VERSION", "5", &err), -EINVAL);
	ck_assert_msg(strstr(err.msg, ".kconfig extern") != NULL, "%s", err.msg);
	ck_assert_ptr_null(obj->maps[obj->kconfig_map].init_data);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* The symbol of a call (_i 0) or of a variable (_i 1) with a value past
 * INT64_MAX: the offset arithmetic overflowed (UBSan). */
START_TEST(reloc_symbol_value_huge)
{
	WITH_COPY(img, len, "data_call");
	Elf64_Rel *rel = ue_rel(img, ".relraw_tracepoint/sys_enter", _i);
	Elf64_Shdr *st = ue_symtab(img, NULL);
	Elf64_Sym *sym = (Elf64_Sym *)(img + st->sh_offset) + ELF64_R_SYM(rel->r_info);

	ck_assert_uint_eq(ELF64_R_TYPE(rel->r_info), _i ? 1 : 10);
	sym->st_value = 0x8000000000000000ull - 8 * _i;
	ut_expect_reject(img, len, _i ? "hugevar.o" : "hugecall.o", "outside its section",
			 _i ? "limit" : ".text");
	free(img);
}
END_TEST

/* A name with a newline and an escape sequence in a message: one line,
 * the control characters shown as '?'. */
START_TEST(control_chars_in_name)
{
	WITH_COPY(img, len, "map_lookup");
	Elf64_Ehdr *eh = ue_ehdr(img);
	Elf64_Shdr *strs = ue_shdr(img, eh->e_shstrndx);
	Elf64_Shdr *lic = ue_shdr_named(img, "license", NULL);
	char *name = (char *)img + strs->sh_offset + lic->sh_name;
	struct bl_object_spec *obj = NULL;
	struct bl_err err = { "" };

	/* "license" becomes "li\ne\033[s" and its data runs past the end */
	memcpy(name, "li\ne\033[s", 7);
	lic->sh_size = len;
	ck_assert_int_lt(bl_object_spec_read_mem(img, len, "ctl.o", &obj, &err), 0);
	ck_assert_ptr_null(obj);
	ck_assert_msg(strstr(err.msg, "(li?e?[s)") != NULL, "message: %s", err.msg);
	for (const char *p = err.msg; *p; p++)
		ck_assert_msg((unsigned char)*p >= 0x20 && *p != 0x7f, "message: %s", err.msg);
	free(img);
}
END_TEST

START_TEST(control_chars_in_err_prefix)
{
	struct bl_err err = { "" };

	bl_err_set(&err, -1, "inner\nline\r");
	bl_err_prefix(&err, -1, "outer\tpart");
	ck_assert_str_eq(err.msg, "outer?part: inner?line?");
}
END_TEST

Suite *suite_malformed(void)
{
	Suite *s = suite_create("malformed");
	TCase *fz = tcase_create("fuzz_regressions"), *lib = tcase_create("fuzz_findings");

	tcase_add_loop_test(fz, replay, 0, sizeof(targets) / sizeof(targets[0]));
	tcase_set_timeout(fz, 60);
	tcase_add_loop_test(lib, nobits_section, 0, 2);
	tcase_add_test(lib, nobits_btf);
	tcase_add_test(lib, two_text_sections);
	tcase_add_test(lib, kconfig_extern_not_settable);
	tcase_add_loop_test(lib, reloc_symbol_value_huge, 0, 2);
	tcase_add_test(lib, control_chars_in_name);
	tcase_add_test(lib, control_chars_in_err_prefix);
	suite_add_tcase(s, fz);
	suite_add_tcase(s, lib);
	suite_add_tcase(s, tcase_malformed_btf());
	suite_add_tcase(s, tcase_malformed_elf());
	return s;
}
