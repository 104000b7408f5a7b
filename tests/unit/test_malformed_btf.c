/* tests/unit/test_malformed_btf.c — .BTF that parses but cannot be
 * loaded: a type that contains itself (elf/btf/btf_loops.c,
 * bl_btf_check_loops), refused by the object reader.
 *
 * Hand-built BTF (the bb_* helpers of test_btf_util.c) for the rule, and
 * a built object with one type patched for the reader.
 */
#include <errno.h>
#include <linux/btf.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

/* bl_btf_check_loops on b: its return, and the message names where. */
static void expect_loop(struct bb *b, const char *where)
{
	size_t len;
	unsigned char *img = bb_image(b, &len);
	struct bl_btf *btf = ut_btf_ok(img, len, "loop.o");
	struct bl_err err = { "" };
	int ret = bl_btf_check_loops(btf, "loop.o", &err);

	if (where) {
		ck_assert_int_eq(ret, -EINVAL);
		ck_assert_msg(strncmp(err.msg, "loop.o: .BTF: type ", 19) == 0, "%s", err.msg);
		ck_assert_msg(strstr(err.msg, where) && strstr(err.msg, "contains itself"), "%s",
			      err.msg);
	} else {
		ck_assert_msg(ret == 0, "%s", err.msg);
	}
	bl_btf_free(btf);
	free(img);
}

static uint32_t add_int(struct bb *b)
{
	uint32_t id = bb_type(b, "int", BTF_KIND_INT, 0, 0, 4);

	bb_u32(b, BTF_INT_SIGNED << 24 | 32);
	return id;
}

static void add_member(struct bb *b, const char *name, uint32_t type, uint32_t bit_off)
{
	bb_u32(b, bb_str(b, name));
	bb_u32(b, type);
	bb_u32(b, bit_off);
}

START_TEST(typedef_of_itself)
{
	struct bb b;

	bb_init(&b);
	add_int(&b);
	bb_type(&b, "a_t", BTF_KIND_TYPEDEF, 0, 0, 2);	/* [2] -> [2] */
	expect_loop(&b, "[2] TYPEDEF 'a_t'");
}
END_TEST

START_TEST(modifier_ring)
{
	struct bb b;

	bb_init(&b);
	bb_type(&b, "", BTF_KIND_CONST, 0, 0, 2);	/* [1] -> [2] */
	bb_type(&b, "", BTF_KIND_VOLATILE, 0, 0, 3);	/* [2] -> [3] */
	bb_type(&b, "r_t", BTF_KIND_TYPEDEF, 0, 0, 1);	/* [3] -> [1] */
	expect_loop(&b, "[1] CONST");
}
END_TEST

START_TEST(struct_holds_itself_through_another)
{
	struct bb b;

	bb_init(&b);
	bb_type(&b, "s", BTF_KIND_STRUCT, 1, 0, 8);	/* [1] { struct t x; } */
	add_member(&b, "x", 2, 0);
	bb_type(&b, "t", BTF_KIND_STRUCT, 1, 0, 8);	/* [2] { struct s y; } */
	add_member(&b, "y", 1, 0);
	expect_loop(&b, "[1] STRUCT 's'");
}
END_TEST

START_TEST(array_of_itself)
{
	struct bb b;
	uint32_t i;

	bb_init(&b);
	i = add_int(&b);
	bb_type(&b, "", BTF_KIND_ARRAY, 0, 0, 0);	/* [2]: 3 x [2] */
	bb_u32(&b, 2);
	bb_u32(&b, i);
	bb_u32(&b, 3);
	expect_loop(&b, "[2] ARRAY");
}
END_TEST

/* Through a pointer a type may name itself; FUNC_PROTO only refers. */
START_TEST(pointer_cycles_are_fine)
{
	struct bb b;
	uint32_t i;

	bb_init(&b);
	i = add_int(&b);					/* [1] */
	bb_type(&b, "node", BTF_KIND_STRUCT, 2, 0, 16);		/* [2] */
	add_member(&b, "next", 3, 0);
	add_member(&b, "arr", 5, 64);
	bb_type(&b, "", BTF_KIND_PTR, 0, 0, 2);			/* [3] -> [2] */
	bb_type(&b, "node_t", BTF_KIND_TYPEDEF, 0, 0, 2);	/* [4] */
	bb_type(&b, "", BTF_KIND_ARRAY, 0, 0, 0);		/* [5]: 2 x int */
	bb_u32(&b, i);
	bb_u32(&b, i);
	bb_u32(&b, 2);
	bb_type(&b, "", BTF_KIND_FUNC_PROTO, 1, 0, 4);		/* [6] node_t (node_t *) */
	bb_u32(&b, 0);
	bb_u32(&b, 3);
	expect_loop(&b, NULL);
}
END_TEST

/* Through the reader: an object whose first TYPEDEF names itself. */
START_TEST(object_with_loop_refused)
{
	UT_PROG(path, "test_btf_maps");
	size_t len, btf_idx;
	unsigned char *img = ut_slurp(path, &len);
	Elf64_Shdr *sh;
	struct btf_header h;
	unsigned char *types;
	uint32_t pos = 0, id = 1;
	bool patched = false;

	free(path);
	sh = ue_shdr_named(img, ".BTF", &btf_idx);
	memcpy(&h, img + sh->sh_offset, sizeof(h));
	types = img + sh->sh_offset + h.hdr_len + h.type_off;
	while (pos < h.type_len && !patched) {
		struct btf_type t;

		memcpy(&t, types + pos, sizeof(t));
		if (BTF_INFO_KIND(t.info) == BTF_KIND_TYPEDEF) {
			t.type = id;
			memcpy(types + pos, &t, sizeof(t));
			patched = true;
			break;
		}
		/* the objects of this test hold only these kinds before it */
		switch (BTF_INFO_KIND(t.info)) {
		case BTF_KIND_INT: pos += 16; break;
		case BTF_KIND_PTR: pos += 12; break;
		case BTF_KIND_ARRAY: pos += 24; break;
		case BTF_KIND_STRUCT: pos += 12 + 12 * BTF_INFO_VLEN(t.info); break;
		default: ck_abort_msg("kind %u before the first TYPEDEF", BTF_INFO_KIND(t.info));
		}
		id++;
	}
	ck_assert(patched);
	ut_expect_reject(img, len, "loop.bpf.o", "contains itself", "TYPEDEF");
	free(img);
}
END_TEST

TCase *tcase_malformed_btf(void)
{
	TCase *tc = tcase_create("btf_loops");

	tcase_add_test(tc, typedef_of_itself);
	tcase_add_test(tc, modifier_ring);
	tcase_add_test(tc, struct_holds_itself_through_another);
	tcase_add_test(tc, array_of_itself);
	tcase_add_test(tc, pointer_cycles_are_fine);
	tcase_add_test(tc, object_with_loop_refused);
	return tc;
}
