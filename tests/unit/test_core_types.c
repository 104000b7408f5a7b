/* tests/unit/test_core_types.c — the type and enum value relocation
 * kinds of Documentation/bpf/llvm_reloc.rst, "Relocation kinds"
 * (TYPE_ID_TARGET, TYPE_EXISTS, TYPE_SIZE, TYPE_MATCHES, ENUMVAL_EXISTS,
 * ENUMVAL_VALUE), on hand-written BTF: absent types, the compatibility
 * and match relations, enum values moved, renamed with flavors, gone,
 * 64-bit or signed; and targets built to make matching explode.
 */
#include <errno.h>
#include <string.h>

#include "core_test.h"

/* No type of that name at all: type kinds say 0, never poison. */
START_TEST(type_missing)
{
	struct bb l, t;
	struct bl_core_result res;
	struct bpf_core_relo r;
	static const uint32_t kinds[] = { BPF_CORE_TYPE_ID_TARGET, BPF_CORE_TYPE_EXISTS,
					  BPF_CORE_TYPE_SIZE, BPF_CORE_TYPE_MATCHES };

	cb_local_s(&l, "s");
	bb_init(&t);
	cb_int(&t, "int", 4, true);
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		r = cb_relo(&l, 3, "0", kinds[k]);
		ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 0);
		ck_assert(!res.poison);
		ck_assert_uint_eq(res.cand_cnt, 0);
	}
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_EXISTS);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 0);
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	cb_value(&l, &t, &r, &res);
	ck_assert(res.poison);
}
END_TEST

START_TEST(enum_values)
{
	struct bb l, t;
	struct bl_core_result res;
	struct bpf_core_relo r;

	bb_init(&l);
	cb_enum(&l, "e___mine", 4, 3, false);	/* [1] */
	cb_enumval(&l, "A", 0);
	cb_enumval(&l, "B___old", 1);
	cb_enumval(&l, "GONE", 2);
	bb_init(&t);
	cb_int(&t, "int", 4, true);
	cb_enum(&t, "e", 4, 3, false);		/* [2] */
	cb_enumval(&t, "C", 5);
	cb_enumval(&t, "B", 7);
	cb_enumval(&t, "A", 3);
	r = cb_relo(&l, 1, "1", BPF_CORE_ENUMVAL_VALUE);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 7);
	ck_assert_uint_eq(res.orig_val, 1);
	ck_assert_str_eq(res.desc, "enum e___mine, value B___old");
	r = cb_relo(&l, 1, "0", BPF_CORE_ENUMVAL_EXISTS);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 1);
	r = cb_relo(&l, 1, "2", BPF_CORE_ENUMVAL_EXISTS);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 0);
	ck_assert(!res.poison);
	r = cb_relo(&l, 1, "2", BPF_CORE_ENUMVAL_VALUE);
	cb_value(&l, &t, &r, &res);
	ck_assert(res.poison);

	/* an ENUM64 target, and a signed 32-bit one */
	bb_init(&t);
	cb_enum64(&t, "e", 2);
	cb_enum64val(&t, "B", 0x100000002ull);
	cb_enum64val(&t, "A", 0);
	cb_enum(&t, "e___2", 4, 1, true);
	cb_enumval(&t, "A", -5);
	r = cb_relo(&l, 1, "1", BPF_CORE_ENUMVAL_VALUE);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 0x100000002ull);
	ck_assert_uint_eq(res.match_cnt, 1);
	r = cb_relo(&l, 1, "0", BPF_CORE_ENUMVAL_VALUE);
	cb_fails(&l, &t, &r, -EINVAL, "value A|ambiguous");
	r = cb_relo(&l, 1, "0", BPF_CORE_ENUMVAL_EXISTS);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 1);
	ck_assert_uint_eq(res.match_cnt, 2);
	/* a value that is negative in a signed enum is sign-extended */
	bb_init(&t);
	cb_enum(&t, "e", 4, 1, true);
	cb_enumval(&t, "A", -5);
	r = cb_relo(&l, 1, "0", BPF_CORE_ENUMVAL_VALUE);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), (uint64_t)-5);
	ck_assert(res.enum32);	/* the local enum does not say its sign */
}
END_TEST

/* TYPE_EXISTS, TYPE_SIZE: compatible kinds, members do not matter;
 * TYPE_MATCHES (clang >= 15 emits it): members by name, same sizes and
 * signs, arrays of the same length. */
START_TEST(type_compat_and_match)
{
	struct bb l, t;
	struct bl_core_result res;
	struct bpf_core_relo r;

	cb_local_s(&l, "s");		/* s { int a; int b; } */
	bb_init(&t);
	cb_int(&t, "int", 4, true);	/* [1] */
	cb_struct(&t, "s", 12, 3);	/* [2] b, c, a: a superset */
	cb_member(&t, "b", 1, 0);
	cb_member(&t, "c", 1, 32);
	cb_member(&t, "a", 1, 64);
	r = cb_relo(&l, 3, "0", BPF_CORE_TYPE_MATCHES);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 1);
	r = cb_relo(&l, 3, "0", BPF_CORE_TYPE_EXISTS);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 1);

	bb_init(&t);
	cb_int(&t, "unsigned int", 4, false);
	cb_struct(&t, "s", 8, 2);	/* a lost its sign */
	cb_member(&t, "a", 1, 0);
	cb_member(&t, "b", 1, 32);
	r = cb_relo(&l, 3, "0", BPF_CORE_TYPE_MATCHES);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 0);
	ck_assert_uint_eq(res.cand_cnt, 1);
	r = cb_relo(&l, 3, "0", BPF_CORE_TYPE_EXISTS);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 1);

	bb_init(&t);
	cb_int(&t, "int", 4, true);
	cb_struct(&t, "s", 4, 1);	/* b is gone */
	cb_member(&t, "a", 1, 0);
	r = cb_relo(&l, 3, "0", BPF_CORE_TYPE_MATCHES);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 0);
	r = cb_relo(&l, 3, "0", BPF_CORE_TYPE_SIZE);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 4);
}
END_TEST

/* TYPE_MATCHES through pointers: a struct behind a pointer matches a
 * forward declaration; pointers to different integers do not. */
START_TEST(type_match_behind_pointer)
{
	struct bb l, t;
	struct bl_core_result res;
	struct bpf_core_relo r;

	bb_init(&l);
	cb_int(&l, "int", 4, true);		/* [1] */
	cb_struct(&l, "node", 8, 1);		/* [2] */
	cb_member(&l, "next", 3, 0);
	cb_ptr(&l, 4);				/* [3] */
	cb_struct(&l, "peer", 4, 1);		/* [4] */
	cb_member(&l, "x", 1, 0);
	bb_init(&t);
	bb_type(&t, "peer", BTF_KIND_FWD, 0, 0, 0);	/* [1] struct peer; */
	cb_ptr(&t, 1);				/* [2] */
	cb_struct(&t, "node", 8, 1);		/* [3] */
	cb_member(&t, "next", 2, 0);
	r = cb_relo(&l, 2, "0", BPF_CORE_TYPE_MATCHES);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 1);
	/* a union forward declaration (kind_flag 1) does not */
	bb_init(&t);
	bb_type(&t, "peer", BTF_KIND_FWD, 0, 1, 0);
	cb_ptr(&t, 1);
	cb_struct(&t, "node", 8, 1);
	cb_member(&t, "next", 2, 0);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 0);
}
END_TEST

/* Hostile targets: a struct whose members are anonymous copies of
 * itself (bounded by the depth), and anonymous members nested 40 wide
 * and 4 deep without the field (bounded by the step budget). Matching
 * must end with an error, not explode. */
START_TEST(hostile_target_bounded)
{
	struct bb l, t;
	struct bpf_core_relo r;
	uint32_t id;

	cb_local_s(&l, "s");
	bb_init(&t);
	cb_struct(&t, "s", 8, 40);
	for (int i = 0; i < 40; i++)
		cb_member(&t, "", 1, 0);
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	cb_fails(&l, &t, &r, -E2BIG, "byte_off of struct s, field a (0:0)|matching target type [1] struct s");

	bb_init(&t);
	id = cb_int(&t, "int", 4, true);
	for (int level = 0; level < 4; level++) {
		uint32_t next = cb_struct(&t, level == 3 ? "s" : "", 4, 40);

		for (int i = 0; i < 40; i++)
			cb_member(&t, "", id, 0);
		id = next;
	}
	cb_fails(&l, &t, &r, -E2BIG, "too many steps");
}
END_TEST

TCase *tcase_core_types(void)
{
	TCase *tc = tcase_create("types");

	tcase_add_test(tc, type_missing);
	tcase_add_test(tc, enum_values);
	tcase_add_test(tc, type_compat_and_match);
	tcase_add_test(tc, type_match_behind_pointer);
	tcase_add_test(tc, hostile_target_bounded);
	return tc;
}
