/* tests/unit/test_btf_split.c — split BTF (a kernel module's BTF on top
 * of vmlinux's: ids and name offsets continue the base's) and the name
 * index (elf/btf/btf_index.c), on images written by hand; and, where the
 * running kernel has module BTF (/sys/kernel/btf/MODULE), each module
 * parsed on top of /sys/kernel/btf/vmlinux. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "elf/btf/btf.h"

#define INFO(kind, vlen) ((uint32_t)(kind) << 24 | (vlen))

/* base: [1] INT int, [2] STRUCT task_struct { int pid; }, [3] FUNC_PROTO
 * int (void), [4] FUNC do_work */
static struct bl_btf *base_btf(struct bb *b)
{
	unsigned char *img;
	struct bl_btf *btf;
	size_t len;

	bb_init(b);
	bb_type(b, "int", BTF_KIND_INT, 0, 0, 4);
	bb_u32(b, BTF_INT_SIGNED << 24 | 32);
	bb_type(b, "task_struct", BTF_KIND_STRUCT, 1, 0, 4);
	bb_u32(b, bb_str(b, "pid"));
	bb_u32(b, 1);
	bb_u32(b, 0);
	bb_type(b, "", BTF_KIND_FUNC_PROTO, 0, 0, 1);
	bb_type(b, "do_work", BTF_KIND_FUNC, 0, 0, 3);
	img = bb_image(b, &len);
	btf = ut_btf_ok(img, len, "vmlinux");
	free(img);
	return btf;
}

/* A split image: own strings start at the base's string length. */
struct split {
	struct bb b;
	uint32_t str_base;
};

static uint32_t sp_str(struct split *s, const char *name)
{
	uint32_t off = bb_str(&s->b, name);

	return off ? s->str_base + off : 0;
}

static void sp_init(struct split *s, const struct bb *base)
{
	bb_init(&s->b);
	s->str_base = (uint32_t)base->str_len;
}

static int sp_parse(struct split *s, const struct bl_btf *base, struct bl_btf **out, struct bl_err *e)
{
	size_t len;
	unsigned char *img = bb_image(&s->b, &len);
	int ret = bl_btf_parse_split(img, len, base, "mod", out, e);

	free(img);
	return ret;
}

START_TEST(split_ids_and_names_continue_the_base)
{
	struct bb b;
	struct bl_btf *base = base_btf(&b), *mod;
	struct bl_btf_name_iter it;
	struct split s;
	struct bl_err e;

	sp_init(&s, &b);
	/* [5] PTR -> task_struct (a base type), [6] FUNC_PROTO int (ptr),
	 * [7] FUNC mod_func, [8] STRUCT task_struct___mod (a flavor),
	 * [9] FUNC do_work (the module's own function of a base name) */
	bb_u32(&s.b, 0); bb_u32(&s.b, INFO(BTF_KIND_PTR, 0)); bb_u32(&s.b, 2);
	bb_u32(&s.b, 0); bb_u32(&s.b, INFO(BTF_KIND_FUNC_PROTO, 1)); bb_u32(&s.b, 1);
	bb_u32(&s.b, sp_str(&s, "t")); bb_u32(&s.b, 5);
	bb_u32(&s.b, sp_str(&s, "mod_func")); bb_u32(&s.b, INFO(BTF_KIND_FUNC, 0)); bb_u32(&s.b, 6);
	bb_u32(&s.b, sp_str(&s, "task_struct___mod")); bb_u32(&s.b, INFO(BTF_KIND_STRUCT, 0));
	bb_u32(&s.b, 0);
	bb_u32(&s.b, bl_btf_type(base, 4)->name_off); /* "do_work", a base name */
	bb_u32(&s.b, INFO(BTF_KIND_FUNC, 0));
	bb_u32(&s.b, 6);

	ck_assert_int_eq(sp_parse(&s, base, &mod, &e), 0);
	ck_assert_uint_eq(bl_btf_first_id(mod), 5);
	ck_assert_uint_eq(bl_btf_type_cnt(mod), 10);
	ck_assert_ptr_eq(bl_btf_base(mod), base);
	ck_assert_ptr_eq(bl_btf_type(mod, 2), bl_btf_type(base, 2));
	ck_assert_uint_eq(bl_btf_kind(bl_btf_type(mod, 5)), BTF_KIND_PTR);
	ck_assert_ptr_null(bl_btf_type(mod, 10));
	ck_assert_str_eq(bl_btf_name(mod, bl_btf_type(mod, 7)->name_off), "mod_func");
	ck_assert_str_eq(bl_btf_name(mod, bl_btf_type(mod, 2)->name_off), "task_struct");

	/* lookups: base's types first (smaller ids), own only on request */
	ck_assert_int_eq(bl_btf_find_by_name_kind(mod, "int", BTF_KIND_INT), 1);
	ck_assert_int_eq(bl_btf_find_own_by_name_kind(mod, "int", BTF_KIND_INT), -ENOENT);
	ck_assert_int_eq(bl_btf_find_by_name_kind(mod, "mod_func", BTF_KIND_FUNC), 7);
	ck_assert_int_eq(bl_btf_find_by_name_kind(mod, "do_work", BTF_KIND_FUNC), 4);
	ck_assert_int_eq(bl_btf_find_own_by_name_kind(mod, "do_work", BTF_KIND_FUNC), 9);
	ck_assert_int_eq(bl_btf_find_by_name_kind(mod, "task_struct___mod", BTF_KIND_STRUCT), 8);
	ck_assert_int_eq(bl_btf_find_by_name_kind(mod, "task_struct", BTF_KIND_FUNC), -ENOENT);
	ck_assert_int_eq(bl_btf_find_by_name_kind(base, "mod_func", BTF_KIND_FUNC), -ENOENT);

	/* the CO-RE candidates of "task_struct": the base's, then the flavor */
	bl_btf_name_iter_init(&it, mod, "task_struct", 11, BTF_KIND_STRUCT);
	ck_assert_uint_eq(bl_btf_name_iter_next(&it), 2);
	ck_assert_uint_eq(bl_btf_name_iter_next(&it), 8);
	ck_assert_uint_eq(bl_btf_name_iter_next(&it), 0);
	bl_btf_free(mod);
	bl_btf_free(base);
}
END_TEST

START_TEST(hostile_split_btf_is_refused)
{
	struct bb b;
	struct bl_btf *base = base_btf(&b), *mod = NULL, *mod2 = NULL;
	struct split s;
	struct bl_err e;

	/* a reference past the split's own last id */
	sp_init(&s, &b);
	bb_u32(&s.b, 0); bb_u32(&s.b, INFO(BTF_KIND_PTR, 0)); bb_u32(&s.b, 6);
	ck_assert_int_eq(sp_parse(&s, base, &mod, &e), -EINVAL);
	ck_assert_ptr_null(mod);
	ck_assert_msg(strstr(e.msg, "mod: .BTF: type [5] PTR: referenced type id 6 is out of range"),
		      "%s", e.msg);

	/* a name offset past the base's and its own string areas */
	sp_init(&s, &b);
	bb_u32(&s.b, s.str_base + 100); bb_u32(&s.b, INFO(BTF_KIND_FWD, 0)); bb_u32(&s.b, 0);
	ck_assert_int_eq(sp_parse(&s, base, &mod, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "type [5] FWD: its name offset") &&
		      strstr(e.msg, "is outside the string area"), "%s", e.msg);

	/* a split BTF on top of a split BTF */
	sp_init(&s, &b);
	bb_u32(&s.b, 0); bb_u32(&s.b, INFO(BTF_KIND_PTR, 0)); bb_u32(&s.b, 1);
	ck_assert_int_eq(sp_parse(&s, base, &mod, &e), 0);
	ck_assert_int_eq(sp_parse(&s, mod, &mod2, &e), -EINVAL);
	ck_assert_ptr_null(mod2);
	ck_assert_msg(strstr(e.msg, "split"), "%s", e.msg);
	bl_btf_free(mod);
	bl_btf_free(base);
}
END_TEST

START_TEST(index_finds_every_named_type_of_a_big_btf)
{
	static struct bb b;	/* 600 records of 3 words, 600 names of 5 bytes */
	struct bl_btf *btf;
	unsigned char *img;
	char name[16];
	size_t len;

	bb_init(&b);
	for (int i = 0; i < 600; i++) {
		snprintf(name, sizeof(name), "t%d", i % 300);	/* each name twice */
		bb_type(&b, name, i < 300 ? BTF_KIND_FWD : BTF_KIND_TYPEDEF, 0, 0, 0);
	}
	img = bb_image(&b, &len);
	btf = ut_btf_ok(img, len, "big.o");
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "t%d", i);
		ck_assert_int_eq(bl_btf_find_by_name_kind(btf, name, BTF_KIND_FWD), i + 1);
	}
	ck_assert_int_eq(bl_btf_find_by_name_kind(btf, "t300", BTF_KIND_FWD), -ENOENT);
	ck_assert_int_eq(bl_btf_find_by_name_kind(btf, "t1", BTF_KIND_INT), -ENOENT);
	bl_btf_free(btf);
	free(img);
}
END_TEST

/* The index keeps types and symbols (FUNC, VAR, DATASEC, DECL_TAG) apart
 * (elf/btf/btf_index.c): a struct and a function of one name are each
 * found by their own kind, and a CO-RE candidate walk for the struct
 * never meets the function. The names differ in length from 0 to 17
 * bytes, the last ones at the very end of the string area, where the
 * index's hash reads fewer than 8 bytes at a time. */
START_TEST(types_and_symbols_of_one_name)
{
	static const char *const names[] = {
		"x", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh", "abcdefghi",
		"abcdefghijklmno", "abcdefghijklmnop", "abcdefghijklmnopq",
	};
	size_t cnt = sizeof(names) / sizeof(names[0]);
	static struct bb b;
	struct bl_btf_name_iter it;
	struct bl_btf *btf;
	unsigned char *img;
	uint32_t proto, st[16], fn[16];
	size_t len;

	bb_init(&b);
	proto = bb_type(&b, "", BTF_KIND_FUNC_PROTO, 0, 0, 0);
	for (size_t i = 0; i < cnt; i++) {
		st[i] = bb_type(&b, names[i], BTF_KIND_STRUCT, 0, 0, 4);
		fn[i] = bb_type(&b, names[i], BTF_KIND_FUNC, 0, 0, proto);
	}
	img = bb_image(&b, &len);
	btf = ut_btf_ok(img, len, "groups.o");
	for (size_t i = 0; i < cnt; i++) {
		ck_assert_int_eq(bl_btf_find_by_name_kind(btf, names[i], BTF_KIND_STRUCT), (int)st[i]);
		ck_assert_int_eq(bl_btf_find_by_name_kind(btf, names[i], BTF_KIND_FUNC), (int)fn[i]);
		ck_assert_int_eq(bl_btf_find_by_name_kind(btf, names[i], BTF_KIND_TYPEDEF), -ENOENT);
		bl_btf_name_iter_init(&it, btf, names[i], strlen(names[i]), BTF_KIND_STRUCT);
		ck_assert_uint_eq(bl_btf_name_iter_next(&it), st[i]);
		ck_assert_uint_eq(bl_btf_name_iter_next(&it), 0);
		bl_btf_name_iter_init(&it, btf, names[i], strlen(names[i]), BTF_KIND_FUNC);
		ck_assert_uint_eq(bl_btf_name_iter_next(&it), fn[i]);
		ck_assert_uint_eq(bl_btf_name_iter_next(&it), 0);
	}
	/* a prefix or an extension of a name is another name */
	ck_assert_int_eq(bl_btf_find_by_name_kind(btf, "abcdefghijklmn", BTF_KIND_STRUCT), -ENOENT);
	ck_assert_int_eq(bl_btf_find_by_name_kind(btf, "abcdefghijklmnopqr", BTF_KIND_FUNC),
			 -ENOENT);
	bl_btf_free(btf);
	free(img);
}
END_TEST

/* Flavored names ("X___Y") found under their essential name wherever the
 * "___" falls relative to the index's 8-byte words (elf/btf/btf_index.c
 * spots it in the hash's own pass), and names with "__" only, or "___"
 * at the start or end (no flavor), found whole. */
START_TEST(flavors_at_every_word_position)
{
	static const char *const names[] = {
		"a___b", "abcde___f", "abcdef___g", "abcdefg___h", "abcdefgh___i",
		"abcdefghijklmn___o", "abcdefghijklmno___p", "x__y__z", "___lead", "trail___",
		"a____b", "abcdefghijklmnopqrstuvw___x",
	};
	size_t cnt = sizeof(names) / sizeof(names[0]);
	static struct bb b;
	struct bl_btf_name_iter it;
	struct bl_btf *btf;
	unsigned char *img;
	size_t len;

	bb_init(&b);
	for (size_t i = 0; i < cnt; i++)
		bb_type(&b, names[i], BTF_KIND_FWD, 0, 0, 0);
	img = bb_image(&b, &len);
	btf = ut_btf_ok(img, len, "flavors.o");
	for (size_t i = 0; i < cnt; i++) {
		size_t ess = bl_btf_essential_name_len(names[i]);

		bl_btf_name_iter_init(&it, btf, names[i], ess, BTF_KIND_FWD);
		ck_assert_msg(bl_btf_name_iter_next(&it) == i + 1, "%s under its first %zu bytes",
			      names[i], ess);
		ck_assert_int_eq(bl_btf_find_by_name_kind(btf, names[i], BTF_KIND_FWD), (int)i + 1);
	}
	ck_assert_uint_eq(bl_btf_essential_name_len("abcdefg___h"), 7);
	ck_assert_uint_eq(bl_btf_essential_name_len("trail___"), 8);
	bl_btf_free(btf);
	free(img);
}
END_TEST

/* Every module BTF of the running kernel, on top of its vmlinux BTF. */
START_TEST(kernel_modules_parse_on_vmlinux)
{
	DIR *d = opendir("/sys/kernel/btf");
	struct bl_btf *vmlinux, *mod;
	unsigned char *data;
	struct dirent *de;
	int n = 0;
	size_t len;

	if (!d || access("/sys/kernel/btf/vmlinux", R_OK)) {
		fprintf(stderr, "SKIP kernel_modules_parse_on_vmlinux: no /sys/kernel/btf/vmlinux\n");
		if (d)
			closedir(d);
		return;
	}
	data = ut_slurp("/sys/kernel/btf/vmlinux", &len);
	vmlinux = ut_btf_ok(data, len, "vmlinux");
	free(data);
	while ((de = readdir(d))) {
		char path[300];
		struct bl_err e;

		if (de->d_name[0] == '.' || strcmp(de->d_name, "vmlinux") == 0)
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/btf/%s", de->d_name);
		data = ut_slurp(path, &len);
		ck_assert_msg(bl_btf_parse_split(data, len, vmlinux, path, &mod, &e) == 0, "%s", e.msg);
		ck_assert_uint_eq(bl_btf_first_id(mod), bl_btf_type_cnt(vmlinux));
		bl_btf_free(mod);
		free(data);
		n++;
	}
	closedir(d);
	if (!n)
		fprintf(stderr, "SKIP kernel_modules_parse_on_vmlinux: the kernel has no module BTF\n");
	bl_btf_free(vmlinux);
}
END_TEST

TCase *tcase_btf_split(void)
{
	TCase *tc = tcase_create("split");

	tcase_add_test(tc, split_ids_and_names_continue_the_base);
	tcase_add_test(tc, hostile_split_btf_is_refused);
	tcase_add_test(tc, index_finds_every_named_type_of_a_big_btf);
	tcase_add_test(tc, flavors_at_every_word_position);
	tcase_add_test(tc, types_and_symbols_of_one_name);
	tcase_add_test(tc, kernel_modules_parse_on_vmlinux);
	return tc;
}
