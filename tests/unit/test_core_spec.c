/* tests/unit/test_core_spec.c — the access string of a CO-RE relocation
 * (Documentation/bpf/llvm_reloc.rst, "CO-RE Relocation Record") and the
 * checks of the record against the object's BTF (elf/core/core_spec.c): the
 * strict grammar, every index bounded by its type, the depth limit,
 * names with flavors, descriptions, and hostile records that must be
 * refused with a one-line message naming the type and the index.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_test.h"

static const struct {
	const char *s;
	int want;	/* count, or -errno */
	size_t bad;	/* byte offset reported for -EINVAL */
} access_cases[] = {
	{ "0", 1, 0 },
	{ "0:1:2", 3, 0 },
	{ "10:0:255", 3, 0 },
	{ "2147483647", 1, 0 },
	{ "", -EINVAL, 0 },
	{ ":0", -EINVAL, 0 },
	{ "0:", -EINVAL, 2 },
	{ "0::1", -EINVAL, 2 },
	{ "01", -EINVAL, 0 },
	{ "0:007", -EINVAL, 2 },
	{ "-1", -EINVAL, 0 },
	{ "+1", -EINVAL, 0 },
	{ " 0", -EINVAL, 0 },
	{ "0 ", -EINVAL, 1 },
	{ "0:a", -EINVAL, 2 },
	{ "0;1", -EINVAL, 1 },
	{ "0:1x", -EINVAL, 3 },
	{ "2147483648", -EINVAL, 0 },
	{ "0:99999999999999999999999", -EINVAL, 2 },
	{ "0\n", -EINVAL, 1 },
};

START_TEST(access_grammar)
{
	for (size_t i = 0; i < sizeof(access_cases) / sizeof(access_cases[0]); i++) {
		uint32_t idx[BL_CORE_ACCESS_MAX];
		size_t bad = 999;
		int n = bl_core_parse_access(access_cases[i].s, idx, &bad);

		ck_assert_msg(n == access_cases[i].want, "'%s': %d, expected %d", access_cases[i].s,
			      n, access_cases[i].want);
		if (n == -EINVAL)
			ck_assert_msg(bad == access_cases[i].bad, "'%s': bad at %zu, expected %zu",
				      access_cases[i].s, bad, access_cases[i].bad);
	}
}
END_TEST

START_TEST(access_values_and_limit)
{
	uint32_t idx[BL_CORE_ACCESS_MAX];
	char s[BL_CORE_ACCESS_MAX * 2 + 8] = "";

	ck_assert_int_eq(bl_core_parse_access("10:0:255:2147483647", idx, NULL), 4);
	ck_assert_uint_eq(idx[0], 10);
	ck_assert_uint_eq(idx[1], 0);
	ck_assert_uint_eq(idx[2], 255);
	ck_assert_uint_eq(idx[3], 2147483647u);
	for (int i = 0; i < BL_CORE_ACCESS_MAX; i++)
		strcat(s, i ? ":7" : "7");
	ck_assert_int_eq(bl_core_parse_access(s, idx, NULL), BL_CORE_ACCESS_MAX);
	ck_assert_uint_eq(idx[BL_CORE_ACCESS_MAX - 1], 7);
	strcat(s, ":7");
	ck_assert_int_eq(bl_core_parse_access(s, idx, NULL), -E2BIG);
}
END_TEST

START_TEST(essential_names)
{
	static const struct {
		const char *name;
		size_t len;
	} cases[] = {
		{ "task_struct", 11 },	    { "task_struct___old", 11 }, { "a___b", 1 },
		{ "a___b___c", 5 },	    { "s___", 4 },		 { "___x", 4 },
		{ "s____x", 6 },	    { "s___x_", 1 },		 { "", 0 },
		{ "abcd", 4 },		    { "x___1", 1 },		 { "foo__bar", 8 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(bl_btf_essential_name_len(cases[i].name) == cases[i].len,
			      "'%s': %zu, expected %zu", cases[i].name,
			      bl_btf_essential_name_len(cases[i].name), cases[i].len);
}
END_TEST

/* Local: [1] int, [2] struct s { int a; int b[4]; struct in { int x; } c; }
 * [3] int[4], [4] struct in, [5] enum e { E0, E1 }, [6] typedef s_t,
 * [7] union u (2 members). The target is the same (only the checks of
 * the local side matter here). */
static void local_btf(struct bb *b)
{
	uint32_t i, arr, in, s;

	bb_init(b);
	i = cb_int(b, "int", 4, true);
	s = cb_struct(b, "s", 24, 3);
	arr = s + 1;
	in = s + 2;
	cb_member(b, "a", i, 0);
	cb_member(b, "b", arr, 32);
	cb_member(b, "c", in, 160);
	ck_assert_uint_eq(cb_array(b, i, i, 4), arr);
	ck_assert_uint_eq(cb_struct(b, "in", 4, 1), in);
	cb_member(b, "x", i, 0);
	cb_enum(b, "e", 4, 2, false);
	cb_enumval(b, "E0", 0);
	cb_enumval(b, "E1", 1);
	bb_type(b, "s_t", BTF_KIND_TYPEDEF, 0, 0, s);
	cb_union(b, "u", 4, 2);
	cb_member(b, "p", i, 0);
	cb_member(b, "q", i, 0);
}

START_TEST(spec_accepts)
{
	struct bb l;
	struct bl_core_result res;
	struct bpf_core_relo r;

	local_btf(&l);
	r = cb_relo(&l, 2, "0:1:3", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &l, &r, &res), 16);
	ck_assert_str_eq(res.desc, "struct s, field b[3] (0:1:3)");
	r = cb_relo(&l, 2, "0:2:0", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &l, &r, &res), 20);
	ck_assert_str_eq(res.desc, "struct s, field c.x (0:2:0)");
	/* s[1].a: the root indexed as an array */
	r = cb_relo(&l, 2, "1:0", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &l, &r, &res), 24);
	ck_assert_str_eq(res.desc, "struct s[1], field a (1:0)");
	/* through a typedef of the root */
	r = cb_relo(&l, 6, "0:2", BPF_CORE_FIELD_BYTE_SIZE);
	ck_assert_uint_eq(cb_value(&l, &l, &r, &res), 4);
	ck_assert_str_eq(res.desc, "typedef s_t, field c (0:2)");
	r = cb_relo(&l, 5, "1", BPF_CORE_ENUMVAL_VALUE);
	ck_assert_uint_eq(cb_value(&l, &l, &r, &res), 1);
	ck_assert_str_eq(res.desc, "enum e, value E1");
	r = cb_relo(&l, 2, "0", BPF_CORE_TYPE_SIZE);
	ck_assert_uint_eq(cb_value(&l, &l, &r, &res), 24);
	ck_assert_str_eq(res.desc, "struct s");
	r = cb_relo(&l, 7, "0:1", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &l, &r, &res), 0);
	ck_assert_str_eq(res.desc, "union u, field q (0:1)");
}
END_TEST

START_TEST(spec_refuses)
{
	struct bb l;
	struct bpf_core_relo r;

	local_btf(&l);
	r = cb_relo(&l, 2, "0:3", BPF_CORE_FIELD_BYTE_OFFSET);
	cb_fails(&l, &l, &r, -EINVAL, "byte_off of struct s (0:3)|member 3 of struct s|has 3 members");
	r = cb_relo(&l, 2, "0:1:4", BPF_CORE_FIELD_BYTE_OFFSET);
	cb_fails(&l, &l, &r, -EINVAL, "index 2: element 4|which has 4 elements");
	r = cb_relo(&l, 2, "0:0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	cb_fails(&l, &l, &r, -EINVAL, "index 2: int int is not a struct, union or array");
	r = cb_relo(&l, 2, "0:x", BPF_CORE_FIELD_EXISTS);
	cb_fails(&l, &l, &r, -EINVAL, "access string '0:x' is malformed at byte 2");
	r = cb_relo(&l, 2, "0:1", BPF_CORE_TYPE_SIZE);
	cb_fails(&l, &l, &r, -EINVAL, "type_size of struct s (0:1)|must be \"0\"");
	r = cb_relo(&l, 2, "1", BPF_CORE_TYPE_EXISTS);
	cb_fails(&l, &l, &r, -EINVAL, "must be \"0\"");
	r = cb_relo(&l, 5, "2", BPF_CORE_ENUMVAL_EXISTS);
	cb_fails(&l, &l, &r, -EINVAL, "value index 2 is past the 2 values of enum e");
	r = cb_relo(&l, 5, "0:0", BPF_CORE_ENUMVAL_VALUE);
	cb_fails(&l, &l, &r, -EINVAL, "2 indices");
	r = cb_relo(&l, 2, "0", BPF_CORE_ENUMVAL_VALUE);
	cb_fails(&l, &l, &r, -EINVAL, "struct s, not of an enum");
	r = cb_relo(&l, 2, "0:0", 13);
	cb_fails(&l, &l, &r, -EINVAL, "unknown kind 13");
	r = cb_relo(&l, 99, "0:0", BPF_CORE_FIELD_EXISTS);
	cb_fails(&l, &l, &r, -EINVAL, "type [99]|out of range");
	r = cb_relo(&l, 2, "0:0", BPF_CORE_FIELD_EXISTS);
	r.access_str_off = 0x7fffff;
	cb_fails(&l, &l, &r, -EINVAL, "access string offset 8388607");
	/* s[2147483647]: the offset would pass 4 GiB */
	r = cb_relo(&l, 2, "2147483647:0", BPF_CORE_FIELD_BYTE_OFFSET);
	cb_fails(&l, &l, &r, -E2BIG, "offset past 4 GiB");
	/* a field relocation of a whole enum, int, ...: no size or no members */
	r = cb_relo(&l, 1, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	cb_fails(&l, &l, &r, -EINVAL, "int int is not a struct, union or array");
}
END_TEST

/* Only byte_off and byte_sz make sense for an array element. */
START_TEST(spec_element_kinds)
{
	struct bb l;
	struct bpf_core_relo r;
	struct bl_core_result res;

	local_btf(&l);
	r = cb_relo(&l, 2, "0:1:2", BPF_CORE_FIELD_BYTE_SIZE);
	ck_assert_uint_eq(cb_value(&l, &l, &r, &res), 4);
	r = cb_relo(&l, 2, "0:1:2", BPF_CORE_FIELD_SIGNED);
	cb_fails(&l, &l, &r, -EINVAL, "signed of struct s, field b[2] (0:1:2)|only byte_off and byte_sz");
	r = cb_relo(&l, 2, "0:1:2", BPF_CORE_FIELD_LSHIFT_U64);
	cb_fails(&l, &l, &r, -EINVAL, "only byte_off and byte_sz");
}
END_TEST

/* Typedefs that name each other: bounded walks, an error, no hang. */
START_TEST(spec_typedef_cycle)
{
	struct bb l;
	struct bpf_core_relo r;

	bb_init(&l);
	bb_type(&l, "a_t", BTF_KIND_TYPEDEF, 0, 0, 2);	/* [1] -> [2] */
	bb_type(&l, "b_t", BTF_KIND_TYPEDEF, 0, 0, 1);	/* [2] -> [1] */
	r = cb_relo(&l, 1, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	cb_fails(&l, &l, &r, -EINVAL, "type [1] is a cycle");
	r = cb_relo(&l, 1, "0", BPF_CORE_ENUMVAL_EXISTS);
	cb_fails(&l, &l, &r, -EINVAL, "cycle");
}
END_TEST

/* 64 indices are allowed when the types are that deep; 65 are not. */
START_TEST(spec_depth_limit)
{
	struct bb l;
	struct bpf_core_relo r;
	struct bl_core_result res;
	char s[BL_CORE_ACCESS_MAX * 2 + 8] = "0:0";
	uint32_t i, elem, st;

	bb_init(&l);
	i = cb_int(&l, "int", 4, true);
	elem = i;
	for (int d = 0; d < 70; d++)	/* int[1][1]...[1] */
		elem = cb_array(&l, elem, i, 1);
	st = cb_struct(&l, "deep", 4, 1);
	cb_member(&l, "m", elem, 0);
	for (int k = 2; k < BL_CORE_ACCESS_MAX; k++)
		strcat(s, ":0");
	r = cb_relo(&l, st, s, BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &l, &r, &res), 0);
	strcat(s, ":0");
	r = cb_relo(&l, st, s, BPF_CORE_FIELD_BYTE_OFFSET);
	cb_fails(&l, &l, &r, -E2BIG, "more than 64 indices");
}
END_TEST

/* Names are the file's bytes: the description shows them printable. */
START_TEST(spec_hostile_names)
{
	struct bb l;
	struct bpf_core_relo r;
	struct bl_core_result res;
	uint32_t i, s;
	char longname[200];

	bb_init(&l);
	i = cb_int(&l, "int", 4, true);
	s = cb_struct(&l, "bad\nname\x7f", 4, 1);
	cb_member(&l, "f\tx", i, 0);
	r = cb_relo(&l, s, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &l, &r, &res), 0);
	ck_assert_str_eq(res.desc, "struct bad?name?, field f?x (0:0)");
	r = cb_relo(&l, s, "0:5", BPF_CORE_FIELD_BYTE_OFFSET);
	cb_fails(&l, &l, &r, -EINVAL, "struct bad?name?");
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	s = cb_struct(&l, longname, 4, 1);
	cb_member(&l, longname, i, 0);
	r = cb_relo(&l, s, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &l, &r, &res), 0);
	ck_assert_msg(strstr(res.desc, "nnn...") != NULL, "long names cut: %s", res.desc);
	ck_assert_uint_lt(strlen(res.desc), BL_CORE_DESC_MAX);
}
END_TEST

/* Relocations of anonymous types cannot be looked up by name. */
START_TEST(spec_anonymous_root)
{
	struct bb l;
	struct bpf_core_relo r;
	struct bl_core_result res;
	uint32_t i, s;

	bb_init(&l);
	i = cb_int(&l, "int", 4, true);
	s = cb_struct(&l, "", 4, 1);
	cb_member(&l, "a", i, 0);
	r = cb_relo(&l, s, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	cb_fails(&l, &l, &r, -EOPNOTSUPP, "struct <anon>, field a (0:0)|anonymous");
	/* ... but TYPE_ID_LOCAL needs no lookup */
	r = cb_relo(&l, s, "0", BPF_CORE_TYPE_ID_LOCAL);
	ck_assert_uint_eq(cb_value(&l, &l, &r, &res), s);
	ck_assert(!res.validate);
}
END_TEST

TCase *tcase_core_spec(void)
{
	TCase *tc = tcase_create("spec");

	tcase_add_test(tc, access_grammar);
	tcase_add_test(tc, access_values_and_limit);
	tcase_add_test(tc, essential_names);
	tcase_add_test(tc, spec_accepts);
	tcase_add_test(tc, spec_refuses);
	tcase_add_test(tc, spec_element_kinds);
	tcase_add_test(tc, spec_typedef_cycle);
	tcase_add_test(tc, spec_depth_limit);
	tcase_add_test(tc, spec_hostile_names);
	tcase_add_test(tc, spec_anonymous_root);
	return tc;
}
