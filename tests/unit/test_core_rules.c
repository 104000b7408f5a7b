/* tests/unit/test_core_rules.c — the rules of CO-RE field matching and
 * the values of the field relocation kinds (Documentation/bpf/
 * llvm_reloc.rst, "Relocation kinds"; libbpf's relo_core.c), on small
 * local and target BTFs written by hand, each case a kernel change that
 * CO-RE must survive or refuse: a field that moved, that is gone, that
 * changed size or sign; bitfields; flavors; arrays; candidates that
 * disagree; types that are not compatible. Type and enum value kinds:
 * test_core_types.c.
 */
#include <errno.h>
#include <string.h>

#include "core_test.h"

START_TEST(field_moved)
{
	struct bb l, t;
	struct bl_core_result res;
	struct bpf_core_relo r;

	cb_local_s(&l, "s");
	bb_init(&t);			/* the kernel added x before a, and grew */
	cb_int(&t, "int", 4, true);
	cb_struct(&t, "s", 16, 3);
	cb_member(&t, "b", 1, 0);
	cb_member(&t, "x", 1, 32);
	cb_member(&t, "a", 1, 96);
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 12);
	ck_assert_uint_eq(res.orig_val, 0);
	ck_assert(res.validate && !res.poison);
	ck_assert_uint_eq(res.orig_sz, 4);
	ck_assert_uint_eq(res.new_sz, 4);
	ck_assert_uint_eq(res.target_id, 2);
	ck_assert_uint_eq(res.bit_offset, 96);
	ck_assert_str_eq(res.desc, "struct s, field a (0:0)");
	r = cb_relo(&l, 3, "0:1", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 0);
	ck_assert_uint_eq(res.orig_val, 4);
	r = cb_relo(&l, 3, "0", BPF_CORE_TYPE_SIZE);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 16);
	ck_assert_uint_eq(res.orig_val, 8);
	r = cb_relo(&l, 3, "0", BPF_CORE_TYPE_ID_TARGET);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 2);
	ck_assert_uint_eq(res.orig_val, 3);
	ck_assert(!res.validate);
	r = cb_relo(&l, 3, "0", BPF_CORE_TYPE_ID_LOCAL);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 3);
	ck_assert(!res.validate);
}
END_TEST

START_TEST(field_missing)
{
	struct bb l, t;
	struct bl_core_result res;
	struct bpf_core_relo r;
	static const uint32_t poisoned[] = { BPF_CORE_FIELD_BYTE_OFFSET, BPF_CORE_FIELD_BYTE_SIZE,
					     BPF_CORE_FIELD_SIGNED, BPF_CORE_FIELD_LSHIFT_U64,
					     BPF_CORE_FIELD_RSHIFT_U64 };

	cb_local_s(&l, "s");
	bb_init(&t);
	cb_int(&t, "int", 4, true);
	cb_struct(&t, "s", 4, 1);
	cb_member(&t, "b", 1, 0);
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_EXISTS);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 0);
	ck_assert_uint_eq(res.orig_val, 1);
	ck_assert(!res.poison);
	ck_assert_uint_eq(res.cand_cnt, 1);
	ck_assert_uint_eq(res.match_cnt, 0);
	for (size_t k = 0; k < sizeof(poisoned) / sizeof(poisoned[0]); k++) {
		r = cb_relo(&l, 3, "0:0", poisoned[k]);
		cb_value(&l, &t, &r, &res);
		ck_assert_msg(res.poison, "kind %u not poisoned", poisoned[k]);
		ck_assert_uint_eq(res.new_val, 0);
	}
	/* b is still there */
	r = cb_relo(&l, 3, "0:1", BPF_CORE_FIELD_EXISTS);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 1);
}
END_TEST

/* Flavors on either side; only the part before the last "___" counts,
 * and kinds must agree (struct s does not find union s or typedef s). */
START_TEST(flavors)
{
	struct bb l, t;
	struct bl_core_result res;
	struct bpf_core_relo r;

	cb_local_s(&l, "s___old");
	bb_init(&t);
	cb_int(&t, "int", 4, true);
	cb_union(&t, "s", 4, 1);		/* [2] other kind */
	cb_member(&t, "a", 1, 0);
	bb_type(&t, "s", BTF_KIND_TYPEDEF, 0, 0, 1);	/* [3] other kind */
	cb_struct(&t, "s___x", 8, 2);		/* [4] the one */
	cb_member(&t, "b", 1, 0);
	cb_member(&t, "a", 1, 32);
	cb_struct(&t, "s_", 8, 1);		/* [5] other name */
	cb_member(&t, "a", 1, 0);
	cb_struct(&t, "s____x", 8, 1);		/* [6] "s____x" is its own name */
	cb_member(&t, "a", 1, 0);
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 4);
	ck_assert_uint_eq(res.target_id, 4);
	ck_assert_uint_eq(res.cand_cnt, 1);
	ck_assert_str_eq(res.desc, "struct s___old, field a (0:0)");
}
END_TEST

/* Two candidates (flavors, or types duplicated in the kernel's BTF):
 * fine when they agree, an error when they do not. */
START_TEST(ambiguous_candidates)
{
	struct bb l, t;
	struct bl_core_result res;
	struct bpf_core_relo r;

	cb_local_s(&l, "s");
	bb_init(&t);
	cb_int(&t, "int", 4, true);
	cb_struct(&t, "s", 8, 2);
	cb_member(&t, "a", 1, 0);
	cb_member(&t, "b", 1, 32);
	cb_struct(&t, "s___2", 8, 2);
	cb_member(&t, "a", 1, 0);
	cb_member(&t, "c", 1, 32);
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 0);
	ck_assert_uint_eq(res.match_cnt, 2);
	ck_assert_uint_eq(res.target_id, 2);
	/* b only in the first: one match, no ambiguity */
	r = cb_relo(&l, 3, "0:1", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 4);
	ck_assert_uint_eq(res.match_cnt, 1);
	ck_assert_uint_eq(res.cand_cnt, 2);
	/* a third with a elsewhere */
	cb_struct(&t, "s___3", 8, 2);
	cb_member(&t, "c", 1, 0);
	cb_member(&t, "a", 1, 32);
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	cb_fails(&l, &t, &r, -EINVAL,
		 "byte_off of struct s, field a (0:0)|ambiguous|[2] struct s and [4] struct s___3");
	/* even existence: the candidates disagree on where a is */
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_EXISTS);
	cb_fails(&l, &t, &r, -EINVAL, "ambiguous");
	r = cb_relo(&l, 3, "0", BPF_CORE_TYPE_EXISTS);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 1);
	ck_assert_uint_eq(res.match_cnt, 3);
	/* but their ids differ */
	r = cb_relo(&l, 3, "0", BPF_CORE_TYPE_ID_TARGET);
	cb_fails(&l, &t, &r, -EINVAL, "ambiguous");
}
END_TEST

/* A member of the same name but an incompatible type does not match. */
START_TEST(incompatible_fields)
{
	struct bb l, t;
	struct bl_core_result res;
	struct bpf_core_relo r;

	cb_local_s(&l, "s");
	bb_init(&t);
	cb_int(&t, "int", 4, true);		/* [1] */
	cb_struct(&t, "inner", 4, 1);		/* [2] */
	cb_member(&t, "x", 1, 0);
	cb_ptr(&t, 1);				/* [3] */
	cb_array(&t, 3, 1, 2);			/* [4] int *[2] */
	cb_struct(&t, "s", 24, 2);		/* [5] */
	cb_member(&t, "a", 2, 0);		/* a became a struct */
	cb_member(&t, "b", 4, 64);		/* b an array of pointers */
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_EXISTS);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 0);
	ck_assert_uint_eq(res.cand_cnt, 1);
	r = cb_relo(&l, 3, "0:1", BPF_CORE_FIELD_BYTE_OFFSET);
	cb_value(&l, &t, &r, &res);
	ck_assert(res.poison);
}
END_TEST

/* Compatible: integers of any size and sign, any two structs, pointers,
 * enums of the same name, arrays of compatible elements. */
START_TEST(compatible_fields)
{
	struct bb l, t;
	struct bl_core_result res;
	struct bpf_core_relo r;

	bb_init(&l);
	cb_int(&l, "int", 4, true);				/* [1] */
	cb_enum(&l, "color", 4, 1, false);			/* [2] */
	cb_enumval(&l, "RED", 0);
	cb_ptr(&l, 1);						/* [3] */
	cb_array(&l, 1, 1, 2);					/* [4] int[2] */
	cb_struct(&l, "s", 32, 4);				/* [5] */
	cb_member(&l, "i", 1, 0);
	cb_member(&l, "e", 2, 32);
	cb_member(&l, "p", 3, 64);
	cb_member(&l, "v", 4, 128);

	bb_init(&t);
	cb_int(&t, "unsigned char", 1, false);			/* [1] */
	cb_enum64(&t, "color___k", 1);				/* [2] */
	cb_enum64val(&t, "RED", 0);
	cb_struct(&t, "other", 4, 0);				/* [3] */
	cb_ptr(&t, 3);						/* [4] */
	cb_array(&t, 1, 1, 9);					/* [5] u8[9] */
	cb_struct(&t, "s", 64, 4);				/* [6] */
	cb_member(&t, "v", 5, 0);
	cb_member(&t, "p", 4, 128);
	cb_member(&t, "e", 2, 192);
	cb_member(&t, "i", 1, 256);
	r = cb_relo(&l, 5, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 32);
	r = cb_relo(&l, 5, "0:1", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 24);
	r = cb_relo(&l, 5, "0:2", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 16);
	r = cb_relo(&l, 5, "0:3:1", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 1);
	/* an enum of another name is not compatible */
	bb_init(&t);
	cb_int(&t, "int", 4, true);
	cb_enum(&t, "colour", 4, 1, false);
	cb_enumval(&t, "RED", 0);
	cb_struct(&t, "s", 8, 1);
	cb_member(&t, "e", 2, 0);
	r = cb_relo(&l, 5, "0:1", BPF_CORE_FIELD_EXISTS);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 0);
}
END_TEST

/* A member found inside the target's anonymous struct or union. */
START_TEST(anonymous_members)
{
	struct bb l, t;
	struct bl_core_result res;
	struct bpf_core_relo r;

	cb_local_s(&l, "s");
	bb_init(&t);
	cb_int(&t, "int", 4, true);				/* [1] */
	cb_struct(&t, "s", 24, 2);				/* [2] */
	cb_member(&t, "b", 1, 0);
	cb_member(&t, "", 3, 64);
	cb_union(&t, "", 8, 2);					/* [3] */
	cb_member(&t, "z", 1, 0);
	cb_member(&t, "", 4, 0);
	cb_struct(&t, "", 8, 2);				/* [4] */
	cb_member(&t, "y", 1, 0);
	cb_member(&t, "a", 1, 32);
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 12);
	ck_assert_uint_eq(res.bit_offset, 96);
}
END_TEST

/* "0:1:3": s->v[3], with the array moved and grown; out of bounds in a
 * shorter target array; flexible arrays are not bounded. */
START_TEST(array_access)
{
	struct bb l, t;
	struct bl_core_result res;
	struct bpf_core_relo r;

	bb_init(&l);
	cb_int(&l, "int", 4, true);				/* [1] */
	cb_array(&l, 1, 1, 4);					/* [2] int[4] */
	cb_struct(&l, "arr", 20, 2);				/* [3] */
	cb_member(&l, "n", 1, 0);
	cb_member(&l, "v", 2, 32);
	cb_array(&l, 1, 1, 0);					/* [4] int[] */
	cb_struct(&l, "flex", 4, 2);				/* [5] */
	cb_member(&l, "n", 1, 0);
	cb_member(&l, "v", 4, 32);

	bb_init(&t);
	cb_int(&t, "long", 8, true);				/* [1] */
	cb_int(&t, "int", 4, true);				/* [2] */
	cb_array(&t, 2, 2, 8);					/* [3] int[8] */
	cb_struct(&t, "arr", 48, 3);				/* [4] */
	cb_member(&t, "pad", 1, 0);
	cb_member(&t, "n", 2, 64);
	cb_member(&t, "v", 3, 96);
	cb_array(&t, 1, 2, 0);					/* [5] long[] */
	cb_struct(&t, "flex", 8, 2);				/* [6] */
	cb_member(&t, "n", 1, 0);
	cb_member(&t, "v", 5, 64);
	r = cb_relo(&l, 3, "0:1:3", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 24);
	ck_assert_uint_eq(res.orig_val, 16);
	ck_assert_str_eq(res.desc, "struct arr, field v[3] (0:1:3)");
	r = cb_relo(&l, 3, "0:1:3", BPF_CORE_FIELD_BYTE_SIZE);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 4);
	/* the whole array */
	r = cb_relo(&l, 3, "0:1", BPF_CORE_FIELD_BYTE_SIZE);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 32);
	ck_assert_uint_eq(res.orig_val, 16);
	/* element 5 of a flexible array, local and target */
	r = cb_relo(&l, 5, "0:1:5", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 8 + 5 * 8);
	ck_assert_uint_eq(res.orig_val, 4 + 5 * 4);
	/* 3 is past a target array of 2 */
	bb_init(&t);
	cb_int(&t, "int", 4, true);
	cb_array(&t, 1, 1, 2);
	cb_struct(&t, "arr", 12, 2);
	cb_member(&t, "n", 1, 0);
	cb_member(&t, "v", 2, 32);
	r = cb_relo(&l, 3, "0:1:3", BPF_CORE_FIELD_BYTE_OFFSET);
	cb_value(&l, &t, &r, &res);
	ck_assert(res.poison);
	r = cb_relo(&l, 3, "0:1:1", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 8);
}
END_TEST

/* llvm_reloc.rst's notes: v = *(u<sz> *)(s + off); v <<= lshift;
 * v >>= rshift. A 3-bit field at bit 5 of an unsigned int. */
START_TEST(bitfields)
{
	struct bb l, t;
	struct bl_core_result res;
	struct bpf_core_relo r;

	bb_init(&l);
	cb_int(&l, "unsigned int", 4, false);		/* [1] */
	cb_int(&l, "int", 4, true);			/* [2] */
	cb_struct_bits(&l, "bf", 8, 2);			/* [3] */
	cb_bitfield(&l, "x", 1, 5, 3);
	cb_bitfield(&l, "y", 2, 8, 4);

	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_LSHIFT_U64);
	ck_assert_uint_eq(cb_value(&l, &l, &r, &res), 56);	/* 64 - (5 + 3) */
	ck_assert(!res.validate);
	ck_assert(res.bitfield);
	ck_assert_uint_eq(res.bit_offset, 5);
	ck_assert_uint_eq(res.bit_size, 3);
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_RSHIFT_U64);
	ck_assert_uint_eq(cb_value(&l, &l, &r, &res), 61);	/* 64 - 3 */
	ck_assert(res.validate);
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &l, &r, &res), 0);
	ck_assert(!res.validate);
	ck_assert_uint_eq(res.orig_sz, 0);	/* no load resizing for bitfields */
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_BYTE_SIZE);
	ck_assert_uint_eq(cb_value(&l, &l, &r, &res), 4);
	r = cb_relo(&l, 3, "0:1", BPF_CORE_FIELD_SIGNED);
	ck_assert_uint_eq(cb_value(&l, &l, &r, &res), 1);

	/* the kernel: x at bit 37 (the second u32), y straddling bits
	 * 30..33, so that only an 8-byte load holds it */
	bb_init(&t);
	cb_int(&t, "unsigned int", 4, false);
	cb_int(&t, "int", 4, true);
	cb_struct_bits(&t, "bf", 8, 2);
	cb_bitfield(&t, "y", 2, 30, 4);
	cb_bitfield(&t, "x", 1, 37, 3);
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 4);
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_LSHIFT_U64);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 56);	/* 64 - (37 - 32 + 3) */
	ck_assert_uint_eq(res.orig_val, 56);
	ck_assert_uint_eq(res.bit_offset, 37);
	r = cb_relo(&l, 3, "0:1", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 0);
	r = cb_relo(&l, 3, "0:1", BPF_CORE_FIELD_BYTE_SIZE);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 8);
	ck_assert_uint_eq(res.orig_val, 4);
	r = cb_relo(&l, 3, "0:1", BPF_CORE_FIELD_LSHIFT_U64);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 30);	/* 64 - (30 + 4) */
	r = cb_relo(&l, 3, "0:1", BPF_CORE_FIELD_RSHIFT_U64);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 60);

	/* no aligned 8-byte load holds 4 bits at 62 of a u64 */
	bb_init(&t);
	cb_int(&t, "unsigned long", 8, false);
	cb_int(&t, "long", 8, true);
	cb_struct_bits(&t, "bf", 16, 2);
	cb_bitfield(&t, "x", 1, 0, 3);
	cb_bitfield(&t, "y", 2, 62, 4);
	r = cb_relo(&l, 3, "0:1", BPF_CORE_FIELD_LSHIFT_U64);
	cb_fails(&l, &t, &r, -E2BIG, "field y (0:1)|does not fit an aligned 8-byte load");
}
END_TEST

/* Shifts only make sense within a u64: a 16-byte field, or a hostile
 * 8-byte one that does not start on a byte, has none. */
START_TEST(shift_of_wide_field)
{
	struct bb l;
	struct bl_core_result res;
	struct bpf_core_relo r;

	bb_init(&l);
	cb_int(&l, "__int128", 16, true);	/* [1] */
	cb_int(&l, "long", 8, true);		/* [2] */
	cb_struct(&l, "w", 32, 2);		/* [3] */
	cb_member(&l, "big", 1, 0);
	cb_member(&l, "odd", 2, 131);
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_LSHIFT_U64);
	cb_fails(&l, &l, &r, -ERANGE, "lshift_u64 of struct w, field big (0:0)|128 bits at bit 0");
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_RSHIFT_U64);
	cb_fails(&l, &l, &r, -ERANGE, "cannot be shifted");
	r = cb_relo(&l, 3, "0:1", BPF_CORE_FIELD_LSHIFT_U64);
	cb_fails(&l, &l, &r, -ERANGE, "64 bits at bit 131");
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_BYTE_SIZE);
	ck_assert_uint_eq(cb_value(&l, &l, &r, &res), 16);
}
END_TEST

START_TEST(signedness)
{
	struct bb l, t;
	struct bl_core_result res;
	struct bpf_core_relo r;

	bb_init(&l);
	cb_int(&l, "int", 4, true);		/* [1] */
	cb_int(&l, "unsigned int", 4, false);	/* [2] */
	cb_enum(&l, "e", 4, 1, false);		/* [3] */
	cb_enumval(&l, "E", 1);
	cb_struct(&l, "s", 12, 3);		/* [4] */
	cb_member(&l, "a", 1, 0);
	cb_member(&l, "b", 2, 32);
	cb_member(&l, "c", 3, 64);
	bb_init(&t);
	cb_int(&t, "unsigned int", 4, false);	/* [1] */
	cb_int(&t, "int", 4, true);		/* [2] */
	cb_enum(&t, "e", 4, 1, true);		/* [3] signed (kind_flag) */
	cb_enumval(&t, "E", -1);
	bb_type(&t, "i_t", BTF_KIND_TYPEDEF, 0, 0, 2);	/* [4] */
	cb_struct(&t, "s", 12, 3);		/* [5] */
	cb_member(&t, "a", 1, 0);
	cb_member(&t, "b", 4, 32);
	cb_member(&t, "c", 3, 64);
	r = cb_relo(&l, 4, "0:0", BPF_CORE_FIELD_SIGNED);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 0);
	ck_assert_uint_eq(res.orig_val, 1);
	ck_assert(res.validate && !res.poison);
	r = cb_relo(&l, 4, "0:1", BPF_CORE_FIELD_SIGNED);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 1);
	ck_assert_uint_eq(res.orig_val, 0);
	r = cb_relo(&l, 4, "0:2", BPF_CORE_FIELD_SIGNED);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 1);
	ck_assert_uint_eq(res.orig_val, 0);
	ck_assert(!res.poison);
}
END_TEST

/* A load of a field whose size changed: resized for unsigned integers and
 * pointers, refused (fail_memsz_adjust) otherwise. */
START_TEST(field_size_changes)
{
	struct bb l, t;
	struct bl_core_result res;
	struct bpf_core_relo r;

	cb_local_s(&l, "s");				/* a: int, b: int */
	bb_init(&t);
	cb_int(&t, "long", 8, true);			/* [1] */
	cb_int(&t, "unsigned long", 8, false);		/* [2] */
	cb_struct(&t, "s", 16, 2);			/* [3] */
	cb_member(&t, "a", 1, 0);
	cb_member(&t, "b", 2, 64);
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	cb_value(&l, &t, &r, &res);
	ck_assert_uint_eq(res.orig_sz, 4);
	ck_assert_uint_eq(res.new_sz, 8);
	ck_assert(res.fail_memsz_adjust);		/* int -> long: signed */
	r = cb_relo(&l, 3, "0:1", BPF_CORE_FIELD_BYTE_SIZE);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 8);

	/* unsigned int -> unsigned long */
	bb_init(&l);
	cb_int(&l, "unsigned int", 4, false);
	cb_struct(&l, "s", 8, 2);
	cb_member(&l, "a", 1, 0);
	cb_member(&l, "b", 1, 32);
	r = cb_relo(&l, 2, "0:1", BPF_CORE_FIELD_BYTE_OFFSET);
	ck_assert_uint_eq(cb_value(&l, &t, &r, &res), 8);
	ck_assert_uint_eq(res.orig_sz, 4);
	ck_assert_uint_eq(res.new_sz, 8);
	ck_assert(!res.fail_memsz_adjust);
}
END_TEST

TCase *tcase_core_rules(void)
{
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, field_moved);
	tcase_add_test(tc, field_missing);
	tcase_add_test(tc, flavors);
	tcase_add_test(tc, ambiguous_candidates);
	tcase_add_test(tc, incompatible_fields);
	tcase_add_test(tc, compatible_fields);
	tcase_add_test(tc, anonymous_members);
	tcase_add_test(tc, array_access);
	tcase_add_test(tc, bitfields);
	tcase_add_test(tc, shift_of_wide_field);
	tcase_add_test(tc, signedness);
	tcase_add_test(tc, field_size_changes);
	return tc;
}
