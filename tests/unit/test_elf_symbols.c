/* tests/unit/test_elf_symbols.c — function offsets in executables and
 * shared libraries, for uprobes (elf/binary/elf_symbols.c). No root.
 *
 * The files are real: the programs of tests/uprobe/ as the GNUmakefile
 * builds them (a PIE, the same without PIE, stripped, and the shared
 * library they call), glibc, and this test binary itself. Each offset is
 * checked two independent ways:
 *   - against readelf's output: the symbol's value (readelf -s) mapped
 *     into the file through the PT_LOAD segment that holds it (readelf
 *     -l), where bpfload goes through the section headers;
 *   - for code this process runs (its own functions, glibc's): the bytes
 *     of the file at the offset are the bytes in memory at the function.
 */
#define _GNU_SOURCE /* asprintf */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf/binary/elf_symbols.h"
#include "loader/attach/uprobe.h"
#include "unit.h"

/* A real function with a symbol of its own: never inlined, and (gcc's
 * noipa) never cloned into name.constprop.0 or similar. */
#if defined(__clang__)
#define NOIPA __attribute__((noinline))
#else
#define NOIPA __attribute__((noinline, noipa))
#endif

/* build/tests/uprobe/NAME, malloc'd. */
static char *target_path(const char *name)
{
	const char *dir = getenv("BL_BUILD_DIR");
	char *p;

	if (asprintf(&p, "%s/tests/uprobe/%s", dir && *dir ? dir : "build", name) < 0)
		abort();
	return p;
}

#define UT_TARGET(path, name)                                           \
	char *path = target_path(name);                                 \
	if (!ut_have(path, __func__)) { free(path); return; }

/* readelf (binutils) or llvm-readelf, whichever is there; NULL if none. */
static const char *readelf_tool(void)
{
	static const char *const tools[] = { "readelf", "llvm-readelf" };

	for (size_t i = 0; i < 2; i++) {
		char cmd[64];

		snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tools[i]);
		if (system(cmd) == 0)
			return tools[i];
	}
	return NULL;
}

/* The file offset of function name in path by readelf: its value from
 * `readelf -sW` (the default version: "name" or "name@@VER"), then the
 * LOAD line of `readelf -lW` that holds it. 0 if not found. */
static uint64_t readelf_offset(const char *path, const char *name)
{
	const char *tool = readelf_tool();
	unsigned long long value = 0, off, vaddr, paddr, filesz, memsz;
	char cmd[PATH_MAX + 64], line[1024], sym[512], type[32];
	uint64_t result = 0;
	FILE *f;

	ck_assert_msg(tool, "neither readelf nor llvm-readelf is installed");
	snprintf(cmd, sizeof(cmd), "%s -sW '%s'", tool, path);
	f = popen(cmd, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %llx %*s %31s %*s %*s %*s %511s", &value, type, sym) == 3 &&
		    (!strcmp(type, "FUNC") || !strcmp(type, "IFUNC")) && value &&
		    (!strcmp(sym, name) ||
		     (!strncmp(sym, name, strlen(name)) && !strncmp(sym + strlen(name), "@@", 2))))
			break;
		else
			value = 0;
	while (fgets(line, sizeof(line), f))
		; /* read to the end: pclose would otherwise kill readelf with SIGPIPE */
	pclose(f);
	if (!value)
		return 0;
	snprintf(cmd, sizeof(cmd), "%s -lW '%s'", tool, path);
	f = popen(cmd, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " LOAD %llx %llx %llx %llx %llx", &off, &vaddr, &paddr, &filesz,
			   &memsz) == 5 &&
		    value >= vaddr && value < vaddr + filesz)
			result = value - vaddr + off;
	pclose(f);
	return result;
}

static void expect_offset(const char *path, const char *name, bool dynsym_expected)
{
	struct bl_err err = { "" };
	struct bl_elf_func f;
	uint64_t want = readelf_offset(path, name);

	ck_assert_msg(want, "readelf finds no function %s in %s", name, path);
	ck_assert_msg(bl_elf_find_func(path, name, &f, NULL, &err) == 0, "%s", err.msg);
	ck_assert_msg(f.offset == want, "%s in %s: offset 0x%llx, readelf says 0x%llx", name, path,
		      (unsigned long long)f.offset, (unsigned long long)want);
	ck_assert_msg(f.dynsym == dynsym_expected, "%s in %s: found in %s", name, path,
		      f.dynsym ? ".dynsym" : ".symtab");
}

/* A PIE (ET_DYN, addresses from 0), the same without PIE (ET_EXEC,
 * addresses from 0x400000: offset != value), and a shared library. */
START_TEST(offsets_agree_with_readelf)
{
	UT_TARGET(pie, "target");
	UT_TARGET(nopie, "target-nopie");
	UT_TARGET(lib, "libbltarget.so");
	struct bl_elf_tables t;
	struct bl_elf_func f;
	struct bl_err err;

	expect_offset(pie, "bl_target_add", false);	     /* not exported: .symtab */
	expect_offset(pie, "bl_target_static_twice", false); /* a local function */
	expect_offset(pie, "main", false);
	expect_offset(nopie, "bl_target_add", false);
	expect_offset(nopie, "bl_target_static_twice", false);
	expect_offset(lib, "bl_lib_mul", true);		     /* exported: .dynsym */
	expect_offset(lib, "bl_lib_weak", true);

	ck_assert_int_eq(bl_elf_find_func(nopie, "bl_target_add", &f, &t, &err), 0);
	ck_assert_msg(f.value != f.offset, "no-PIE: value 0x%llx is a link address, not the offset",
		      (unsigned long long)f.value);
	ck_assert(!t.shared && t.symtab);
	ck_assert_int_eq(bl_elf_find_func(pie, "bl_target_add", &f, &t, &err), 0);
	ck_assert(t.shared && t.symtab && t.dynsym);
	ck_assert_int_eq(bl_elf_find_func(lib, "bl_lib_weak", &f, &t, &err), 0);
	ck_assert(f.weak && !f.ifunc && f.size > 0);
	free(pie);
	free(nopie);
	free(lib);
}
END_TEST

/* Bytes at the file offset == bytes the process runs at the function. */
static void expect_same_code(const char *path, const char *name, const void *addr)
{
	unsigned char file[16], mem[16];
	struct bl_err err = { "" };
	struct bl_elf_func f;
	int fd;

	ck_assert_msg(bl_elf_find_func(path, name, &f, NULL, &err) == 0, "%s", err.msg);
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pread(fd, file, sizeof(file), (off_t)f.offset), (ssize_t)sizeof(file));
	close(fd);
	memcpy(mem, addr, sizeof(mem));
	ck_assert_msg(!memcmp(file, mem, sizeof(file)), "%s: the file at 0x%llx is not the code of %s",
		      path, (unsigned long long)f.offset, name);
}

/* Global, not static, and not inlined: it has a symbol of its own. */
NOIPA long ut_elf_symbols_probe_me(long a)
{
	return a * 3 + 1;
}

START_TEST(offsets_hold_the_running_code)
{
	char self[PATH_MAX], libc[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	struct bl_err err = { "" };
	void *h;

	ck_assert_int_gt(n, 0);
	self[n] = '\0';
	ck_assert_int_eq(ut_elf_symbols_probe_me(1), 4);
	expect_same_code(self, "ut_elf_symbols_probe_me", (const void *)ut_elf_symbols_probe_me);
	ck_assert_msg(bl_uprobe_resolve_path("libc.so.6", libc, sizeof(libc), &err) == 0,
		      "%s", err.msg);
	/* libc's own functions: under AddressSanitizer, qsort and fopen
	 * as linked are its interceptors */
	h = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
	ck_assert_ptr_nonnull(h);
	expect_same_code(libc, "qsort", dlsym(h, "qsort"));
	expect_same_code(libc, "fopen", dlsym(h, "fopen"));
	dlclose(h);
}
END_TEST

/* glibc's memcpy: the default version (memcpy@@GLIBC_2.14, an IFUNC),
 * not the old memcpy@GLIBC_2.2.5 beside it. */
START_TEST(ifunc_and_symbol_versions)
{
	char libc[PATH_MAX];
	struct bl_err err = { "" };
	struct bl_elf_func f;

	ck_assert_msg(bl_uprobe_resolve_path("libc.so.6", libc, sizeof(libc), &err) == 0,
		      "%s", err.msg);
	ck_assert_msg(bl_elf_find_func(libc, "memcpy", &f, NULL, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(f.offset, readelf_offset(libc, "memcpy"));
	if (!f.ifunc)
		fprintf(stderr, "note %s: memcpy in %s is not an IFUNC here\n", __func__, libc);
}
END_TEST

/* What each failure says: the file, the name, and what the file has. */
START_TEST(missing_functions_explained)
{
	UT_TARGET(pie, "target");
	UT_TARGET(stripped, "target-stripped");
	UT_TARGET(lib, "libbltarget.so");
	struct bl_err err = { "" };
	struct bl_elf_tables t;
	struct bl_elf_func f;

	ck_assert_int_eq(bl_elf_find_func(pie, "no_such_function", &f, NULL, &err), -ENOENT);
	ck_assert_msg(strstr(err.msg, pie) && strstr(err.msg, "has no function no_such_function") &&
		      strstr(err.msg, ".dynsym and .symtab"), "%s", err.msg);

	ck_assert_int_eq(bl_elf_find_func(stripped, "bl_target_add", &f, &t, &err), -ENOENT);
	ck_assert(!t.symtab && t.dynsym);
	ck_assert_msg(strstr(err.msg, stripped) && strstr(err.msg, "bl_target_add") &&
		      strstr(err.msg, "no .symtab") && strstr(err.msg, "stripped"), "%s", err.msg);

	ck_assert_int_eq(bl_elf_find_func(pie, "bl_lib_mul", &f, NULL, &err), -ENOENT);
	ck_assert_msg(strstr(err.msg, "imports it from a shared library"), "%s", err.msg);

	ck_assert_int_eq(bl_elf_find_func(lib, "bl_lib_counter", &f, NULL, &err), -ENOENT);
	ck_assert_msg(strstr(err.msg, "bl_lib_counter is a variable") && strstr(err.msg, "not a function"),
		      "%s", err.msg);
	free(pie);
	free(stripped);
	free(lib);
}
END_TEST

START_TEST(files_that_are_not_targets)
{
	UT_PROG(obj, "test_uprobe");
	char text[] = "/tmp/bpfload-elf-symbols-XXXXXX";
	struct bl_err err = { "" };
	struct bl_elf_func f;
	int fd = mkstemp(text);

	ck_assert_int_eq(bl_elf_find_func("/nonexistent/prog", "main", &f, NULL, &err), -ENOENT);
	ck_assert_msg(strstr(err.msg, "/nonexistent/prog: no such file"), "%s", err.msg);
	ck_assert_int_lt(bl_elf_find_func("/tmp", "main", &f, NULL, &err), 0);
	ck_assert_msg(strstr(err.msg, "not a regular file"), "%s", err.msg);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "#!/bin/sh\n", 10), 10);
	close(fd);
	ck_assert_int_eq(bl_elf_find_func(text, "main", &f, NULL, &err), -ENOEXEC);
	ck_assert_msg(strstr(err.msg, "not an ELF file"), "%s", err.msg);
	unlink(text);
	ck_assert_int_eq(bl_elf_find_func(obj, "on_entry", &f, NULL, &err), -ENOEXEC);
	ck_assert_msg(strstr(err.msg, "an object file"), "%s", err.msg);
	free(obj);
}
END_TEST

struct names {
	bool add, twice, mul, main_seen;
	size_t count;
};

static int note_name(const char *name, const struct bl_elf_func *f, void *ctx)
{
	struct names *n = ctx;

	ck_assert(f->offset > 0);
	n->add |= !strcmp(name, "bl_target_add");
	n->twice |= !strcmp(name, "bl_target_static_twice");
	n->mul |= !strcmp(name, "bl_lib_mul");
	n->main_seen |= !strcmp(name, "main");
	n->count++;
	return 0;
}

/* `bpfload list uprobes`: every defined function, none of the imports. */
START_TEST(listing_functions)
{
	UT_TARGET(pie, "target");
	UT_TARGET(stripped, "target-stripped");
	struct names n = { 0 };
	struct bl_err err = { "" };

	ck_assert_msg(bl_elf_for_each_func(pie, note_name, &n, NULL, &err) == 0, "%s", err.msg);
	ck_assert(n.add && n.twice && n.main_seen && !n.mul);
	memset(&n, 0, sizeof(n));
	ck_assert_msg(bl_elf_for_each_func(stripped, note_name, &n, NULL, &err) == 0, "%s", err.msg);
	ck_assert(!n.add && !n.twice && !n.mul); /* a stripped PIE exports none of them */
	free(pie);
	free(stripped);
}
END_TEST

START_TEST(pure_helpers)
{
	struct bl_elf_range text = { 0x401000, 0x300, 0x1000, 0x300 };
	struct bl_elf_range bss = { 0x404000, 0x100, 0x3000, 0 };
	uint64_t off = 0;

	ck_assert_int_eq(bl_elf_addr_to_offset(&text, 0x401120, &off), 0);
	ck_assert_uint_eq(off, 0x1120);
	ck_assert_int_eq(bl_elf_addr_to_offset(&text, 0x401300, &off), -ERANGE);
	ck_assert_int_eq(bl_elf_addr_to_offset(&text, 0x400fff, &off), -ERANGE);
	ck_assert_int_eq(bl_elf_addr_to_offset(&bss, 0x404000, &off), -ERANGE); /* not in the file */
	ck_assert(bl_elf_sym_name_matches("memcpy", "memcpy"));
	ck_assert(bl_elf_sym_name_matches("memcpy@@GLIBC_2.14", "memcpy"));
	ck_assert(bl_elf_sym_name_matches("memcpy@GLIBC_2.2.5", "memcpy"));
	ck_assert(!bl_elf_sym_name_matches("memcpy_chk", "memcpy"));
	ck_assert(!bl_elf_sym_name_matches("memcp", "memcpy"));
}
END_TEST

TCase *tcase_uprobe_spec(void); /* test_uprobe_spec.c */

Suite *suite_elf_symbols(void)
{
	Suite *s = suite_create("elf_symbols");
	TCase *tc = tcase_create("offsets");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, offsets_agree_with_readelf);
	tcase_add_test(tc, offsets_hold_the_running_code);
	tcase_add_test(tc, ifunc_and_symbol_versions);
	tcase_add_test(tc, missing_functions_explained);
	tcase_add_test(tc, files_that_are_not_targets);
	tcase_add_test(tc, listing_functions);
	tcase_add_test(tc, pure_helpers);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, tcase_uprobe_spec());
	return s;
}
