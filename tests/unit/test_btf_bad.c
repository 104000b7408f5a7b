/* tests/unit/test_btf_bad.c — hostile .BTF sections: each derived from
 * the real .BTF of test_btf.bpf.o (or written by hand) and patched in one
 * place; bl_btf_parse must refuse it with one line that names the file,
 * ".BTF", the type id and kind where there is one, and what is wrong.
 * The layout patched is that of Documentation/bpf/btf.rst, "2. BTF Type
 * and String Encoding"; the records are walked here on their own, not
 * with elf/btf/btf.c.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

struct img {
	unsigned char *b;
	size_t len;
	struct btf_header *h;
	unsigned char *types;
	char *strs;
};

static bool load(struct img *m)
{
	char *path = ut_prog_path("test_btf");

	if (!ut_have(path, "btf_bad")) {
		free(path);
		return false;
	}
	free(path);
	m->b = ut_section_copy("test_btf", ".BTF", &m->len);
	m->h = (struct btf_header *)m->b;
	ck_assert_uint_eq(m->h->magic, BTF_MAGIC);
	m->types = m->b + m->h->hdr_len + m->h->type_off;
	m->strs = (char *)m->b + m->h->hdr_len + m->h->str_off;
	return true;
}

#define WITH_BTF(m)                                                     \
	struct img m;                                                   \
	if (!load(&m))                                                  \
		return;

/* Bytes after struct btf_type, by kind (btf.rst "2.2 Type Encoding"). */
static size_t tail(const struct btf_type *t)
{
	unsigned int vlen = BTF_INFO_VLEN(t->info);

	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT: case BTF_KIND_VAR: case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_ARRAY:
		return 12;
	case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_DATASEC:
	case BTF_KIND_ENUM64:
		return 12 * vlen;
	case BTF_KIND_ENUM: case BTF_KIND_FUNC_PROTO:
		return 8 * vlen;
	}
	return 0;
}

/* Writable views of what follows a record. */
static struct btf_member *mem(struct btf_type *t) { return (struct btf_member *)(t + 1); }
static struct btf_enum *enm(struct btf_type *t) { return (struct btf_enum *)(t + 1); }
static struct btf_param *prm(struct btf_type *t) { return (struct btf_param *)(t + 1); }
static struct btf_var_secinfo *sec(struct btf_type *t) { return (struct btf_var_secinfo *)(t + 1); }

static struct btf_type *rec(struct img *m, uint32_t id)
{
	uint32_t pos = 0;

	for (uint32_t i = 1; pos < m->h->type_len; i++) {
		struct btf_type *t = (struct btf_type *)(m->types + pos);

		if (i == id)
			return t;
		pos += sizeof(*t) + tail(t);
	}
	ck_abort_msg("no type [%u] in test_btf's .BTF", id);
	return NULL;
}

/* The id of the first type of that kind (and name, unless NULL). */
static uint32_t id_of(struct img *m, unsigned int kind, const char *name)
{
	uint32_t pos = 0;

	for (uint32_t i = 1; pos < m->h->type_len; i++) {
		struct btf_type *t = (struct btf_type *)(m->types + pos);

		if (BTF_INFO_KIND(t->info) == kind && (!name || strcmp(m->strs + t->name_off, name) == 0))
			return i;
		pos += sizeof(*t) + tail(t);
	}
	ck_abort_msg("no %s type '%s' in test_btf's .BTF", bl_btf_kind_name(kind), name ? name : "");
	return 0;
}

static uint32_t type_cnt(struct img *m)
{
	uint32_t pos = 0, n = 1;

	for (; pos < m->h->type_len; n++)
		pos += sizeof(struct btf_type) + tail((struct btf_type *)(m->types + pos));
	return n;
}

static void reject(struct img *m, const char *what, const char *where)
{
	ut_btf_reject(m->b, m->len, "bad.bpf.o", what, where);
	free(m->b);
}

/* One test per patch: NAME, the patch (with m in scope), what, where. */
#define BAD(name, patch, what, where)                                   \
	START_TEST(name)                                                \
	{                                                               \
		WITH_BTF(m);                                            \
		patch;                                                  \
		reject(&m, what, where);                                \
	}                                                               \
	END_TEST

/* --- the header and the two areas --- */
BAD(bad_magic, m.h->magic = 0x1234, "magic 0x1234", NULL)
BAD(swapped_magic, m.h->magic = 0x9feb, "byte order", NULL)
BAD(bad_version, m.h->version = 2, "version 2", NULL)
BAD(bad_flags, m.h->flags = 1, "flags", NULL)
BAD(hdr_len_past_end, m.h->hdr_len = (uint32_t)m.len + 1, "hdr_len", NULL)
BAD(hdr_len_too_small, m.h->hdr_len = 8, "hdr_len 8", NULL)
BAD(type_len_past_end, m.h->type_len = (uint32_t)m.len, "type area", NULL)
BAD(type_off_wraps, (m.h->type_off = 0xfffffff0u, m.h->type_len = 0x20), "type area", NULL)
BAD(str_len_past_end, m.h->str_len += 1, "string area", NULL)
BAD(str_off_wraps, m.h->str_off = 0xffffffffu, "string area", NULL)
BAD(areas_overlap, m.h->str_off = m.h->type_off, "overlap", NULL)
BAD(strings_unterminated, m.strs[m.h->str_len - 1] = 'x', "unterminated", NULL)
BAD(strings_no_empty_name, m.strs[0] = 'x', "empty name", NULL)
BAD(strings_empty, m.h->str_len = 0, "string area is empty", NULL)
BAD(truncated_header, m.len = 20, "truncated", NULL)

/* --- the walk over the type area --- */
BAD(record_cut_off,
    m.h->type_len = (uint32_t)((unsigned char *)rec(&m, type_cnt(&m) - 1) - m.types + 8),
    "cut off", NULL)
BAD(vlen_past_area,
    rec(&m, id_of(&m, BTF_KIND_STRUCT, "btf_kinds"))->info |= 0xffff,
    "run past the end of the type area", "STRUCT")
BAD(last_vlen_past_area,
    rec(&m, type_cnt(&m) - 1)->info += 1,	/* the DATASEC at the end */
    "run past the end of the type area", "DATASEC")
BAD(unknown_kind,
    rec(&m, id_of(&m, BTF_KIND_FLOAT, "float"))->info = 25u << 24,
    "unknown kind 25", NULL)

/* --- names --- */
BAD(type_name_outside,
    rec(&m, id_of(&m, BTF_KIND_STRUCT, "btf_kinds"))->name_off = m.h->str_len,
    "name offset", "STRUCT")
BAD(member_name_outside,
    mem(rec(&m, id_of(&m, BTF_KIND_STRUCT, "btf_kinds")))[2].name_off = 0x00ffffff,
    "member 2 name offset 16777215", "STRUCT 'btf_kinds'")
BAD(enum_value_name_outside,
    enm(rec(&m, id_of(&m, BTF_KIND_ENUM, "btf_color")))[1].name_off = 0x7fffffff,
    "value 1 name offset", "ENUM 'btf_color'")
BAD(param_name_outside,
    prm(rec(&m, id_of(&m, BTF_KIND_FUNC_PROTO, NULL)))[0].name_off = m.h->str_len + 100,
    "parameter 0 name offset", "FUNC_PROTO")

/* --- referenced type ids --- */
BAD(ptr_target_out_of_range,
    rec(&m, id_of(&m, BTF_KIND_PTR, NULL))->type = type_cnt(&m),
    "out of range", "PTR")
BAD(typedef_target_out_of_range,
    rec(&m, id_of(&m, BTF_KIND_TYPEDEF, "btf_u32_t"))->type = 0xffffffffu,
    "referenced type id 4294967295 is out of range", "TYPEDEF 'btf_u32_t'")
BAD(array_elem_out_of_range,
    ((struct btf_array *)(rec(&m, id_of(&m, BTF_KIND_ARRAY, NULL)) + 1))->type = 5000,
    "element type id 5000", "ARRAY")
BAD(array_index_out_of_range,
    ((struct btf_array *)(rec(&m, id_of(&m, BTF_KIND_ARRAY, NULL)) + 1))->index_type = 5000,
    "index type id 5000", "ARRAY")
BAD(member_type_out_of_range,
    mem(rec(&m, id_of(&m, BTF_KIND_STRUCT, "hit")))[1].type = type_cnt(&m),
    "member 1 type id", "STRUCT 'hit'")
BAD(param_type_out_of_range,
    prm(rec(&m, id_of(&m, BTF_KIND_FUNC_PROTO, NULL)))[0].type = 77777,
    "parameter 0 type id 77777", "FUNC_PROTO")
BAD(return_type_out_of_range,
    rec(&m, id_of(&m, BTF_KIND_FUNC_PROTO, NULL))->type = 77777,
    "return type id 77777", "FUNC_PROTO")
BAD(func_proto_out_of_range,
    rec(&m, id_of(&m, BTF_KIND_FUNC, "on_btf_kinds"))->type = 77777,
    "prototype type id 77777", "FUNC 'on_btf_kinds'")
BAD(var_type_out_of_range,
    rec(&m, id_of(&m, BTF_KIND_VAR, "LICENSE"))->type = 77777,
    "variable type id 77777", "VAR 'LICENSE'")
BAD(datasec_var_out_of_range,
    sec(rec(&m, id_of(&m, BTF_KIND_DATASEC, "license")))[0].type = 77777,
    "variable 0 type id 77777", "DATASEC 'license'")
BAD(decl_tag_target_out_of_range,
    rec(&m, id_of(&m, BTF_KIND_DECL_TAG, "func_tag"))->type = 77777,
    "tagged type id 77777", "DECL_TAG 'func_tag'")
BAD(type_tag_target_out_of_range,
    rec(&m, id_of(&m, BTF_KIND_TYPE_TAG, "user"))->type = 77777,
    "type id 77777", "TYPE_TAG 'user'")

/* --- what the fields say --- */
BAD(int_two_encodings,
    *(uint32_t *)(rec(&m, id_of(&m, BTF_KIND_INT, "int")) + 1) |= BTF_INT_CHAR << 24,
    "encoding 0x3", "INT 'int'")
BAD(int_bits_exceed_size,
    *(uint32_t *)(rec(&m, id_of(&m, BTF_KIND_INT, "int")) + 1) = 64,
    "64 bits", "INT 'int'")
BAD(int_bits_zero,
    *(uint32_t *)(rec(&m, id_of(&m, BTF_KIND_INT, "int")) + 1) = 0,
    "0 bits", "INT 'int'")
BAD(int_offset_past_size,
    *(uint32_t *)(rec(&m, id_of(&m, BTF_KIND_INT, "int")) + 1) = 8 << 16 | 32,
    "bit offset 8", "INT 'int'")
BAD(int_unused_bits,
    *(uint32_t *)(rec(&m, id_of(&m, BTF_KIND_INT, "int")) + 1) |= 0x8000,
    "unused bits", "INT 'int'")
BAD(int_size_3, rec(&m, id_of(&m, BTF_KIND_INT, "int"))->size = 3, "size 3", "INT 'int'")
BAD(float_size_3, rec(&m, id_of(&m, BTF_KIND_FLOAT, "double"))->size = 3, "size 3",
    "FLOAT 'double'")
BAD(enum_size_3, rec(&m, id_of(&m, BTF_KIND_ENUM, "btf_color"))->size = 3, "size 3",
    "ENUM 'btf_color'")
BAD(enum_size_0_with_values, rec(&m, id_of(&m, BTF_KIND_ENUM, "btf_color"))->size = 0, "size 0",
    "ENUM 'btf_color'")
BAD(member_past_struct_end,
    mem(rec(&m, id_of(&m, BTF_KIND_STRUCT, "hit")))[1].offset = 16 * 8 + 1,
    "past the end", "STRUCT 'hit'")
BAD(bitfield_past_struct_end,
    mem(rec(&m, id_of(&m, BTF_KIND_STRUCT, "btf_kinds")))[15].offset = 8u << 24 | (128 * 8 - 4),
    "past the end", "STRUCT 'btf_kinds'")
BAD(func_linkage_bad,
    rec(&m, id_of(&m, BTF_KIND_FUNC, "on_btf_kinds"))->info = BTF_KIND_FUNC << 24 | 6,
    "linkage 6", "FUNC 'on_btf_kinds'")
BAD(var_linkage_bad,
    ((struct btf_var *)(rec(&m, id_of(&m, BTF_KIND_VAR, "LICENSE")) + 1))->linkage = 9,
    "linkage 9", "VAR 'LICENSE'")
BAD(datasec_offset_wraps,
    sec(rec(&m, id_of(&m, BTF_KIND_DATASEC, "license")))[0].offset = 0xfffffffeu,
    "overflows", "DATASEC 'license'")

/* --- relations between records --- */
BAD(func_of_int,
    rec(&m, id_of(&m, BTF_KIND_FUNC, "on_btf_kinds"))->type = id_of(&m, BTF_KIND_INT, "int"),
    "(INT) is not a FUNC_PROTO", "FUNC 'on_btf_kinds'")
BAD(datasec_of_int,
    sec(rec(&m, id_of(&m, BTF_KIND_DATASEC, "license")))[0].type = id_of(&m, BTF_KIND_INT, "int"),
    "not a VAR", "DATASEC 'license'")
BAD(decl_tag_component_past_members,
    ((struct btf_decl_tag *)(rec(&m, id_of(&m, BTF_KIND_DECL_TAG, "member_tag")) + 1))->component_idx = 16,
    "component_idx 16 is out of range", "DECL_TAG 'member_tag'")
BAD(decl_tag_component_below,
    ((struct btf_decl_tag *)(rec(&m, id_of(&m, BTF_KIND_DECL_TAG, "func_tag")) + 1))->component_idx = -2,
    "below -1", "DECL_TAG 'func_tag'")
BAD(decl_tag_component_of_func_past_params,
    ((struct btf_decl_tag *)(rec(&m, id_of(&m, BTF_KIND_DECL_TAG, "func_tag")) + 1))->component_idx = 1,
    "component_idx 1 is out of range", "DECL_TAG 'func_tag'")
BAD(decl_tag_component_of_int,
    (rec(&m, id_of(&m, BTF_KIND_DECL_TAG, "member_tag"))->type = id_of(&m, BTF_KIND_INT, "int")),
    "not STRUCT, UNION or FUNC", "DECL_TAG 'member_tag'")

/* A header longer than struct btf_header: fine when the extra is zero. */
START_TEST(longer_header)
{
	struct bb b;
	size_t len;
	unsigned char *img, *big;
	struct btf_header *h;
	struct bl_btf *btf;

	bb_init(&b);
	bb_type(&b, "int", BTF_KIND_INT, 0, 0, 4);
	bb_u32(&b, 32);
	img = bb_image(&b, &len);
	big = calloc(1, len + 8);
	ck_assert_ptr_nonnull(big);
	memcpy(big, img, sizeof(*h));
	memcpy(big + sizeof(*h) + 8, img + sizeof(*h), len - sizeof(*h));
	h = (struct btf_header *)big;
	h->hdr_len += 8;
	btf = ut_btf_ok(big, len + 8, "longhdr.o");
	ck_assert_int_eq(bl_btf_find_by_name_kind(btf, "int", BTF_KIND_INT), 1);
	bl_btf_free(btf);
	big[sizeof(*h) + 5] = 1;
	ut_btf_reject(big, len + 8, "longhdr.o", "unknown header field at byte 29", NULL);
	free(big);
	free(img);
}
END_TEST

/* More type records than BTF type ids can number. */
START_TEST(too_many_types)
{
	const uint32_t n = BTF_MAX_TYPE + 1;
	struct btf_header h = { .magic = BTF_MAGIC, .version = BTF_VERSION, .hdr_len = sizeof(h),
				.type_len = n * 12, .str_off = n * 12, .str_len = 1 };
	size_t len = sizeof(h) + (size_t)n * 12 + 1;
	unsigned char *img = calloc(1, len);
	struct btf_type *t;

	ck_assert_ptr_nonnull(img);
	memcpy(img, &h, sizeof(h));
	t = (struct btf_type *)(img + sizeof(h));
	for (uint32_t i = 0; i < n; i++)	/* PTR to void, each */
		t[i].info = BTF_KIND_PTR << 24;
	ut_btf_reject(img, len, "many.o", "more than 1048575 types", NULL);
	free(img);
}
END_TEST

/* Through the object reader: the error names the file and .BTF. */
START_TEST(reader_refuses_bad_btf)
{
	UT_PROG(path, "test_btf");
	size_t len;
	unsigned char *img = ut_slurp(path, &len);
	Elf64_Shdr *sh = ue_shdr_named(img, ".BTF", NULL);

	((struct btf_header *)(img + sh->sh_offset))->str_len += 4096;
	ut_expect_reject(img, len, "badbtf.bpf.o", "string area", ".BTF");
	free(img);
	free(path);
}
END_TEST

TCase *tcase_btf_bad(void)
{
	TCase *tc = tcase_create("bad");

	tcase_add_test(tc, bad_magic);
	tcase_add_test(tc, swapped_magic);
	tcase_add_test(tc, bad_version);
	tcase_add_test(tc, bad_flags);
	tcase_add_test(tc, hdr_len_past_end);
	tcase_add_test(tc, hdr_len_too_small);
	tcase_add_test(tc, type_len_past_end);
	tcase_add_test(tc, type_off_wraps);
	tcase_add_test(tc, str_len_past_end);
	tcase_add_test(tc, str_off_wraps);
	tcase_add_test(tc, areas_overlap);
	tcase_add_test(tc, strings_unterminated);
	tcase_add_test(tc, strings_no_empty_name);
	tcase_add_test(tc, strings_empty);
	tcase_add_test(tc, truncated_header);
	tcase_add_test(tc, record_cut_off);
	tcase_add_test(tc, vlen_past_area);
	tcase_add_test(tc, last_vlen_past_area);
	tcase_add_test(tc, unknown_kind);
	tcase_add_test(tc, type_name_outside);
	tcase_add_test(tc, member_name_outside);
	tcase_add_test(tc, enum_value_name_outside);
	tcase_add_test(tc, param_name_outside);
	tcase_add_test(tc, ptr_target_out_of_range);
	tcase_add_test(tc, typedef_target_out_of_range);
	tcase_add_test(tc, array_elem_out_of_range);
	tcase_add_test(tc, array_index_out_of_range);
	tcase_add_test(tc, member_type_out_of_range);
	tcase_add_test(tc, param_type_out_of_range);
	tcase_add_test(tc, return_type_out_of_range);
	tcase_add_test(tc, func_proto_out_of_range);
	tcase_add_test(tc, var_type_out_of_range);
	tcase_add_test(tc, datasec_var_out_of_range);
	tcase_add_test(tc, decl_tag_target_out_of_range);
	tcase_add_test(tc, type_tag_target_out_of_range);
	tcase_add_test(tc, int_two_encodings);
	tcase_add_test(tc, int_bits_exceed_size);
	tcase_add_test(tc, int_bits_zero);
	tcase_add_test(tc, int_offset_past_size);
	tcase_add_test(tc, int_unused_bits);
	tcase_add_test(tc, int_size_3);
	tcase_add_test(tc, float_size_3);
	tcase_add_test(tc, enum_size_3);
	tcase_add_test(tc, enum_size_0_with_values);
	tcase_add_test(tc, member_past_struct_end);
	tcase_add_test(tc, bitfield_past_struct_end);
	tcase_add_test(tc, func_linkage_bad);
	tcase_add_test(tc, var_linkage_bad);
	tcase_add_test(tc, datasec_offset_wraps);
	tcase_add_test(tc, func_of_int);
	tcase_add_test(tc, datasec_of_int);
	tcase_add_test(tc, decl_tag_component_past_members);
	tcase_add_test(tc, decl_tag_component_below);
	tcase_add_test(tc, decl_tag_component_of_func_past_params);
	tcase_add_test(tc, decl_tag_component_of_int);
	tcase_add_test(tc, longer_header);
	tcase_add_test(tc, too_many_types);
	tcase_add_test(tc, reader_refuses_bad_btf);
	return tc;
}
