/* tests/unit/test_btf.c — the .BTF that elf/btf/btf.c reads from the objects
 * of bpf-progs/, type by type and field by field against their C source
 * (bpf-progs/test_btf.bpf.c has one type of each kind clang 14 emits; see
 * Documentation/bpf/btf.rst, "2.2 Type Encoding", for each kind's
 * fields). Types are found by name and followed through their ids, so
 * the tests do not depend on the order in which clang numbers them.
 * Also: what clang does not emit (ENUM64) from a hand-written image, and
 * the size and modifier walks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static const char *name_of(const struct bl_btf *btf, const struct btf_type *t)
{
	const char *n = bl_btf_name(btf, t->name_off);

	ck_assert_ptr_nonnull(n);
	return n;
}

/* The type name/kind, which must exist; its id in *id when not NULL. */
static const struct btf_type *named(const struct bl_btf *btf, const char *name, unsigned int kind,
				    uint32_t *id)
{
	int r = bl_btf_find_by_name_kind(btf, name, kind);

	ck_assert_msg(r > 0, "no %s '%s' in .BTF", bl_btf_kind_name(kind), name);
	if (id)
		*id = (uint32_t)r;
	return bl_btf_type(btf, (uint32_t)r);
}

/* Type id, which must be of that kind (and name, unless NULL). */
static const struct btf_type *is(const struct bl_btf *btf, uint32_t id, unsigned int kind,
				 const char *name)
{
	const struct btf_type *t = bl_btf_type(btf, id);

	ck_assert_msg(t != NULL, "type id %u out of range", id);
	ck_assert_msg(bl_btf_kind(t) == kind, "type [%u] is %s, expected %s", id,
		      bl_btf_kind_name(bl_btf_kind(t)), bl_btf_kind_name(kind));
	if (name)
		ck_assert_str_eq(name_of(btf, t), name);
	return t;
}

static void is_int(const struct bl_btf *btf, uint32_t id, const char *name, uint32_t size,
		   uint32_t enc)
{
	const struct btf_type *t = is(btf, id, BTF_KIND_INT, name);

	ck_assert_uint_eq(t->size, size);
	ck_assert_uint_eq(BTF_INT_ENCODING(bl_btf_int_data(t)), enc);
	ck_assert_uint_eq(BTF_INT_OFFSET(bl_btf_int_data(t)), 0);
	ck_assert_uint_eq(BTF_INT_BITS(bl_btf_int_data(t)), size * 8);
}

/* Member i of struct/union t: its name, bit offset, bitfield size;
 * returns its type id. */
static uint32_t member(const struct bl_btf *btf, const struct btf_type *t, unsigned int i,
		       const char *name, uint32_t bit_off, uint32_t bitfield)
{
	const struct btf_member *m;

	ck_assert_uint_lt(i, bl_btf_vlen(t));
	m = &bl_btf_members(t)[i];
	ck_assert_str_eq(bl_btf_name(btf, m->name_off), name);
	ck_assert_uint_eq(bl_btf_member_bit_offset(t, m), bit_off);
	ck_assert_uint_eq(bl_btf_member_bitfield_size(t, m), bitfield);
	return m->type;
}

static uint32_t size_of(const struct bl_btf *btf, uint32_t id)
{
	uint32_t size = 0xdead;
	int rc = bl_btf_resolve_size(btf, id, &size);

	ck_assert_msg(rc == 0, "resolve_size(%u) = %d", id, rc);
	return size;
}

START_TEST(kinds_struct_members)
{
	UT_PROG(path, "test_btf");
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_btf *btf = obj->btf;
	const struct btf_type *k, *t, *u;
	uint32_t kid, id;

	ck_assert_ptr_nonnull(btf);
	ck_assert_ptr_nonnull(obj->btf_ext);
	k = named(btf, "btf_kinds", BTF_KIND_STRUCT, &kid);
	ck_assert_uint_eq(k->size, 128);
	ck_assert_uint_eq(bl_btf_vlen(k), 16);
	ck_assert_int_eq(bl_btf_kflag(k), 1);	/* it has bitfields */
	is_int(btf, member(btf, k, 0, "a", 0, 0), "int", 4, BTF_INT_SIGNED);
	is_int(btf, member(btf, k, 1, "bits3", 32, 3), "unsigned int", 4, 0);
	is_int(btf, member(btf, k, 2, "bits5", 35, 5), "unsigned int", 4, 0);

	/* const volatile long: CONST -> VOLATILE -> INT */
	id = member(btf, k, 3, "cv", 64, 0);
	t = is(btf, id, BTF_KIND_CONST, "");
	t = is(btf, t->type, BTF_KIND_VOLATILE, "");
	is_int(btf, t->type, "long", 8, BTF_INT_SIGNED);
	ck_assert_ptr_eq(bl_btf_skip_modifiers(btf, id, &id), bl_btf_type(btf, t->type));
	ck_assert_uint_eq(id, t->type);
	ck_assert_uint_eq(size_of(btf, member(btf, k, 3, "cv", 64, 0)), 8);

	/* char name[16] */
	id = member(btf, k, 4, "name", 128, 0);
	t = is(btf, id, BTF_KIND_ARRAY, "");
	ck_assert_uint_eq(bl_btf_array(t)->nelems, 16);
	is_int(btf, bl_btf_array(t)->type, "char", 1, BTF_INT_SIGNED);
	is_int(btf, bl_btf_array(t)->index_type, "__ARRAY_SIZE_TYPE__", 4, 0);
	ck_assert_uint_eq(size_of(btf, id), 16);

	/* union btf_num { int i; float f; } */
	u = is(btf, member(btf, k, 5, "num", 256, 0), BTF_KIND_UNION, "btf_num");
	ck_assert_uint_eq(u->size, 4);
	ck_assert_uint_eq(bl_btf_vlen(u), 2);
	is_int(btf, member(btf, u, 0, "i", 0, 0), "int", 4, BTF_INT_SIGNED);
	t = is(btf, member(btf, u, 1, "f", 0, 0), BTF_KIND_FLOAT, "float");
	ck_assert_uint_eq(t->size, 4);

	/* enum btf_color { BTF_RED, BTF_GREEN = 5, BTF_BLUE = -1 } */
	t = is(btf, member(btf, k, 6, "color", 288, 0), BTF_KIND_ENUM, "btf_color");
	ck_assert_uint_eq(t->size, 4);
	ck_assert_uint_eq(bl_btf_vlen(t), 3);
	ck_assert_str_eq(bl_btf_name(btf, bl_btf_enums(t)[0].name_off), "BTF_RED");
	ck_assert_int_eq(bl_btf_enums(t)[0].val, 0);
	ck_assert_str_eq(bl_btf_name(btf, bl_btf_enums(t)[1].name_off), "BTF_GREEN");
	ck_assert_int_eq(bl_btf_enums(t)[1].val, 5);
	ck_assert_str_eq(bl_btf_name(btf, bl_btf_enums(t)[2].name_off), "BTF_BLUE");
	ck_assert_int_eq(bl_btf_enums(t)[2].val, -1);

	/* struct btf_opaque *: PTR -> FWD (kind_flag 0: a struct) */
	t = is(btf, member(btf, k, 7, "opaque", 320, 0), BTF_KIND_PTR, "");
	t = is(btf, t->type, BTF_KIND_FWD, "btf_opaque");
	ck_assert_int_eq(bl_btf_kflag(t), 0);
	ck_assert_uint_eq(size_of(btf, member(btf, k, 7, "opaque", 320, 0)), 8);

	/* btf_u32_t: TYPEDEF -> unsigned int */
	id = member(btf, k, 8, "typed", 384, 0);
	t = is(btf, id, BTF_KIND_TYPEDEF, "btf_u32_t");
	is_int(btf, t->type, "unsigned int", 4, 0);
	ck_assert_uint_eq(size_of(btf, id), 4);

	/* int *restrict: RESTRICT -> PTR -> int */
	t = is(btf, member(btf, k, 9, "rp", 448, 0), BTF_KIND_RESTRICT, "");
	t = is(btf, t->type, BTF_KIND_PTR, "");
	is_int(btf, t->type, "int", 4, BTF_INT_SIGNED);

	t = is(btf, member(btf, k, 10, "d", 512, 0), BTF_KIND_FLOAT, "double");
	ck_assert_uint_eq(t->size, 8);

	/* int __attribute__((btf_type_tag("user"))) *: PTR -> TYPE_TAG -> int */
	t = is(btf, member(btf, k, 11, "uptr", 576, 0), BTF_KIND_PTR, "");
	id = t->type;
	t = is(btf, id, BTF_KIND_TYPE_TAG, "user");
	is_int(btf, t->type, "int", 4, BTF_INT_SIGNED);
	ck_assert_ptr_eq(bl_btf_skip_modifiers(btf, id, NULL), bl_btf_type(btf, t->type));

	is_int(btf, member(btf, k, 12, "tagged", 640, 0), "int", 4, BTF_INT_SIGNED);
	/* its btf_decl_tag("member_tag"): component 12 of struct btf_kinds */
	t = named(btf, "member_tag", BTF_KIND_DECL_TAG, NULL);
	ck_assert_uint_eq(t->type, kid);
	ck_assert_int_eq(bl_btf_decl_tag(t)->component_idx, 12);

	/* enum btf_fwd_e *: PTR -> ENUM of size 0 without values */
	t = is(btf, member(btf, k, 13, "fwd_enum", 704, 0), BTF_KIND_PTR, "");
	t = is(btf, t->type, BTF_KIND_ENUM, "btf_fwd_e");
	ck_assert_uint_eq(t->size, 0);
	ck_assert_uint_eq(bl_btf_vlen(t), 0);
	is_int(btf, member(btf, k, 14, "flag", 768, 0), "_Bool", 1, BTF_INT_BOOL);
	is_int(btf, member(btf, k, 15, "big", 896, 0), "unsigned __int128", 16, 0);

	ck_assert_uint_eq(size_of(btf, kid), 128);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

START_TEST(kinds_func_var_datasec)
{
	UT_PROG(path, "test_btf");
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_btf *btf = obj->btf;
	const struct btf_type *f, *proto, *t;
	uint32_t fid, vid, id;

	f = named(btf, "on_btf_kinds", BTF_KIND_FUNC, &fid);
	ck_assert_uint_eq(bl_btf_vlen(f), BTF_FUNC_GLOBAL);	/* linkage */
	proto = is(btf, f->type, BTF_KIND_FUNC_PROTO, "");
	is_int(btf, proto->type, "int", 4, BTF_INT_SIGNED);
	ck_assert_uint_eq(bl_btf_vlen(proto), 1);
	ck_assert_str_eq(bl_btf_name(btf, bl_btf_params(proto)[0].name_off), "ctx");
	t = is(btf, bl_btf_params(proto)[0].type, BTF_KIND_PTR, "");
	is(btf, t->type, BTF_KIND_STRUCT, "btf_kinds");
	ck_assert_int_eq(bl_btf_resolve_size(btf, fid, &id), -EINVAL);
	ck_assert_int_eq(bl_btf_resolve_size(btf, f->type, &id), -EINVAL);

	t = named(btf, "func_tag", BTF_KIND_DECL_TAG, NULL);
	ck_assert_uint_eq(t->type, fid);
	ck_assert_int_eq(bl_btf_decl_tag(t)->component_idx, -1);
	ck_assert_int_eq(bl_btf_resolve_size(btf, (uint32_t)bl_btf_find_by_name_kind(btf, "func_tag", BTF_KIND_DECL_TAG), &id), -EINVAL);

	/* char LICENSE[] SEC("license") = "GPL": DATASEC license { VAR } */
	t = named(btf, "LICENSE", BTF_KIND_VAR, &vid);
	ck_assert_uint_eq(bl_btf_var(t)->linkage, BTF_VAR_GLOBAL_ALLOCATED);
	t = is(btf, t->type, BTF_KIND_ARRAY, "");
	ck_assert_uint_eq(bl_btf_array(t)->nelems, 4);
	is_int(btf, bl_btf_array(t)->type, "char", 1, BTF_INT_SIGNED);
	ck_assert_uint_eq(size_of(btf, vid), 4);
	t = named(btf, "license", BTF_KIND_DATASEC, &id);
	ck_assert_uint_eq(t->size, 0);	/* the loader fills it in */
	ck_assert_uint_eq(bl_btf_vlen(t), 1);
	ck_assert_uint_eq(bl_btf_secinfos(t)[0].type, vid);
	ck_assert_uint_eq(bl_btf_secinfos(t)[0].offset, 0);
	ck_assert_uint_eq(bl_btf_secinfos(t)[0].size, 4);
	ck_assert_uint_eq(size_of(btf, id), 0);

	/* brought in by the CO-RE relocations */
	t = named(btf, "hit", BTF_KIND_STRUCT, &id);
	ck_assert_uint_eq(t->size, 16);
	ck_assert_uint_eq(bl_btf_vlen(t), 2);
	ck_assert_int_eq(bl_btf_kflag(t), 0);
	id = member(btf, t, 0, "count", 0, 0);
	t = is(btf, id, BTF_KIND_TYPEDEF, "__u64");
	is_int(btf, t->type, "unsigned long long", 8, 0);
	ck_assert_uint_eq(member(btf, named(btf, "hit", BTF_KIND_STRUCT, NULL), 1, "last_pid", 64, 0), id);
	t = named(btf, "task_like", BTF_KIND_STRUCT, NULL);
	ck_assert_uint_eq(t->size, 8);
	is_int(btf, member(btf, t, 0, "pid", 0, 0), "int", 4, BTF_INT_SIGNED);
	is_int(btf, member(btf, t, 1, "tgid", 32, 0), "int", 4, BTF_INT_SIGNED);

	ck_assert_int_eq(bl_btf_find_by_name_kind(btf, "hit", BTF_KIND_UNION), -ENOENT);
	ck_assert_int_eq(bl_btf_find_by_name_kind(btf, "no_such_type", BTF_KIND_STRUCT), -ENOENT);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

START_TEST(test_maps_types)
{
	UT_PROG(path, "test_maps");
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_btf *btf = obj->btf;
	const struct btf_type *f, *proto, *t, *def;
	static const char *const fields[] = { "type", "key_size", "value_size", "max_entries",
					      "map_flags" };
	static const char *const maps[] = { "counts", "hits", "percpu" };
	uint32_t id;

	ck_assert_ptr_nonnull(btf);
	/* int on_getppid(void *ctx) */
	f = named(btf, "on_getppid", BTF_KIND_FUNC, NULL);
	ck_assert_uint_eq(bl_btf_vlen(f), BTF_FUNC_GLOBAL);
	proto = is(btf, f->type, BTF_KIND_FUNC_PROTO, "");
	is_int(btf, proto->type, "int", 4, BTF_INT_SIGNED);
	ck_assert_uint_eq(bl_btf_vlen(proto), 1);
	ck_assert_str_eq(bl_btf_name(btf, bl_btf_params(proto)[0].name_off), "ctx");
	t = is(btf, bl_btf_params(proto)[0].type, BTF_KIND_PTR, "");
	ck_assert_uint_eq(t->type, 0);	/* void * */
	ck_assert_int_eq(bl_btf_kind(bl_btf_type(btf, 0)), BTF_KIND_UNKN);

	/* int on_sys_exit(struct bpf_raw_tracepoint_args *ctx) */
	f = named(btf, "on_sys_exit", BTF_KIND_FUNC, NULL);
	proto = is(btf, f->type, BTF_KIND_FUNC_PROTO, "");
	t = is(btf, bl_btf_params(proto)[0].type, BTF_KIND_PTR, "");
	t = is(btf, t->type, BTF_KIND_STRUCT, "bpf_raw_tracepoint_args");
	t = is(btf, member(btf, t, 0, "args", 0, 0), BTF_KIND_ARRAY, "");
	ck_assert_uint_eq(bl_btf_array(t)->nelems, 0);	/* __u64 args[0] */
	is(btf, bl_btf_array(t)->type, BTF_KIND_TYPEDEF, "__u64");

	/* struct bl_map_spec { __u32 type, key_size, value_size, max_entries, map_flags; } */
	def = named(btf, "bl_map_spec", BTF_KIND_STRUCT, &id);
	ck_assert_uint_eq(def->size, 20);
	ck_assert_uint_eq(bl_btf_vlen(def), 5);
	for (unsigned int i = 0; i < 5; i++) {
		t = is(btf, member(btf, def, i, fields[i], 32 * i, 0), BTF_KIND_TYPEDEF, "__u32");
		is_int(btf, t->type, "unsigned int", 4, 0);
	}
	/* DATASEC maps: the three legacy maps, each a VAR of struct bl_map_spec */
	t = named(btf, "maps", BTF_KIND_DATASEC, NULL);
	ck_assert_uint_eq(bl_btf_vlen(t), 3);
	for (unsigned int i = 0; i < 3; i++) {
		const struct btf_type *v = is(btf, bl_btf_secinfos(t)[i].type, BTF_KIND_VAR, maps[i]);

		ck_assert_uint_eq(v->type, id);
		ck_assert_uint_eq(bl_btf_secinfos(t)[i].size, 20);
		ck_assert_uint_eq(size_of(btf, bl_btf_secinfos(t)[i].type), 20);
	}
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* Every C object has .BTF; each program's function is a FUNC. The asm
 * objects (no -g) have none. */
START_TEST(every_object)
{
	static const char *const progs[] = { "syscall_count", "fchmodat_trace", "kfree_skb_count",
					     "test_maps", "test_reject", "test_two_in_one",
					     "test_btf" };

	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		UT_PROG(path, progs[i]);
		struct bl_object_spec *obj = ut_read_ok(path);

		ck_assert_msg(obj->btf != NULL, "%s: no .BTF", path);
		ck_assert_msg(obj->btf_ext != NULL, "%s: no .BTF.ext", path);
		ck_assert_uint_gt(bl_btf_type_cnt(obj->btf), 1);
		for (size_t p = 0; p < obj->program_cnt; p++)
			ck_assert_msg(bl_btf_find_by_name_kind(obj->btf, obj->programs[p].name,
							       BTF_KIND_FUNC) > 0,
				      "%s: no FUNC %s", path, obj->programs[p].name);
		bl_object_spec_free(obj);
		free(path);
	}
	{
		UT_ASM(path, "map_lookup");
		struct bl_object_spec *obj = ut_read_ok(path);

		ck_assert_ptr_null(obj->btf);
		ck_assert_ptr_null(obj->btf_ext);
		bl_object_spec_free(obj);
		free(path);
	}
}
END_TEST

/* The raw section is kept as it was (for BPF_BTF_LOAD). */
START_TEST(raw_is_the_section)
{
	UT_PROG(path, "test_btf");
	size_t len, raw_len;
	unsigned char *sec = ut_section_copy("test_btf", ".BTF", &len);
	struct bl_btf *btf = ut_btf_ok(sec, len, "test_btf.bpf.o");
	const void *raw = bl_btf_raw(btf, &raw_len);

	ck_assert_uint_eq(raw_len, len);
	ck_assert(memcmp(raw, sec, len) == 0);
	ck_assert_ptr_null(bl_btf_type(btf, bl_btf_type_cnt(btf)));
	ck_assert_ptr_null(bl_btf_name(btf, 0x7fffffff));
	ck_assert_str_eq(bl_btf_name(btf, 0), "");
	bl_btf_free(btf);
	free(sec);
	free(path);
}
END_TEST

/* ENUM64 (clang >= 15) and a signed ENUM, written by hand. */
START_TEST(enum64_by_hand)
{
	struct bb b;
	size_t len;
	unsigned char *img;
	struct bl_btf *btf;
	const struct btf_type *t;
	uint32_t id;

	bb_init(&b);
	id = bb_type(&b, "big", BTF_KIND_ENUM64, 2, 1, 8);	/* kflag: signed */
	bb_u32(&b, bb_str(&b, "BIG_NEG"));
	bb_u32(&b, 0xfffffffe);		/* -2: lo32 */
	bb_u32(&b, 0xffffffff);		/*      hi32 */
	bb_u32(&b, bb_str(&b, "BIG_POS"));
	bb_u32(&b, 0x00000001);
	bb_u32(&b, 0x80000000);
	bb_type(&b, "small", BTF_KIND_ENUM, 1, 1, 1);
	bb_u32(&b, bb_str(&b, "S_NEG"));
	bb_u32(&b, (uint32_t)-3);
	img = bb_image(&b, &len);
	btf = ut_btf_ok(img, len, "enum64.o");
	ck_assert_uint_eq(bl_btf_type_cnt(btf), 3);
	t = is(btf, id, BTF_KIND_ENUM64, "big");
	ck_assert_int_eq(bl_btf_kflag(t), 1);
	ck_assert_uint_eq(t->size, 8);
	ck_assert_str_eq(bl_btf_name(btf, bl_btf_enum64s(t)[0].name_off), "BIG_NEG");
	ck_assert_int_eq((int64_t)((uint64_t)bl_btf_enum64s(t)[0].val_hi32 << 32 |
				   bl_btf_enum64s(t)[0].val_lo32), -2);
	ck_assert_str_eq(bl_btf_name(btf, bl_btf_enum64s(t)[1].name_off), "BIG_POS");
	ck_assert_uint_eq((uint64_t)bl_btf_enum64s(t)[1].val_hi32 << 32 | bl_btf_enum64s(t)[1].val_lo32,
			  0x8000000000000001ull);
	ck_assert_int_eq(bl_btf_find_by_name_kind(btf, "small", BTF_KIND_ENUM), 2);
	ck_assert_uint_eq(size_of(btf, 1), 8);
	ck_assert_uint_eq(size_of(btf, 2), 1);
	bl_btf_free(btf);
	free(img);
}
END_TEST

/* Chains that do not end: parsing accepts them (a PTR cycle is normal
 * C), the walks stop. */
START_TEST(cycles_stop)
{
	struct bb b;
	size_t len;
	unsigned char *img;
	struct bl_btf *btf;
	uint32_t size = 0, id = 0, node;

	bb_init(&b);
	bb_type(&b, "a_t", BTF_KIND_TYPEDEF, 0, 0, 2);		/* [1] -> [2] */
	bb_type(&b, "b_t", BTF_KIND_TYPEDEF, 0, 0, 3);		/* [2] -> [3] */
	bb_type(&b, "", BTF_KIND_CONST, 0, 0, 1);		/* [3] -> [1] */
	bb_type(&b, "", BTF_KIND_ARRAY, 0, 0, 0);		/* [4]: array of itself */
	bb_u32(&b, 4);
	bb_u32(&b, 5);
	bb_u32(&b, 3);
	bb_type(&b, "int", BTF_KIND_INT, 0, 0, 4);		/* [5] */
	bb_u32(&b, BTF_INT_SIGNED << 24 | 32);
	node = bb_type(&b, "node", BTF_KIND_STRUCT, 1, 0, 8);	/* [6] */
	bb_u32(&b, bb_str(&b, "next"));
	bb_u32(&b, 7);
	bb_u32(&b, 0);
	bb_type(&b, "", BTF_KIND_PTR, 0, 0, 6);			/* [7] -> [6] */
	bb_type(&b, "self", BTF_KIND_VAR, 0, 0, 8);		/* [8] -> [8] */
	bb_u32(&b, 0);
	img = bb_image(&b, &len);
	btf = ut_btf_ok(img, len, "cycles.o");
	ck_assert_int_eq(bl_btf_resolve_size(btf, 1, &size), -ELOOP);
	ck_assert_int_eq(bl_btf_resolve_size(btf, 3, &size), -ELOOP);
	ck_assert_int_eq(bl_btf_resolve_size(btf, 4, &size), -ELOOP);
	ck_assert_int_eq(bl_btf_resolve_size(btf, 8, &size), -ELOOP);
	ck_assert_ptr_null(bl_btf_skip_modifiers(btf, 1, &id));
	ck_assert_ptr_null(bl_btf_skip_modifiers(btf, 2, NULL));
	ck_assert_ptr_eq(bl_btf_skip_modifiers(btf, 7, &id), bl_btf_type(btf, 7));
	ck_assert_uint_eq(id, 7);
	ck_assert_uint_eq(size_of(btf, node), 8);
	ck_assert_uint_eq(size_of(btf, 7), 8);
	ck_assert_int_eq(bl_btf_resolve_size(btf, 99, &size), -ENOENT);
	ck_assert_ptr_null(bl_btf_skip_modifiers(btf, 99, NULL));
	bl_btf_free(btf);
	free(img);
}
END_TEST

/* Array sizes that do not fit in 32 bits. */
START_TEST(sizes_overflow)
{
	struct bb b;
	size_t len;
	unsigned char *img;
	struct bl_btf *btf;
	uint32_t size = 0;

	bb_init(&b);
	bb_type(&b, "int", BTF_KIND_INT, 0, 0, 4);		/* [1] */
	bb_u32(&b, 32);
	bb_type(&b, "", BTF_KIND_ARRAY, 0, 0, 0);		/* [2] int[0x40000000] */
	bb_u32(&b, 1), bb_u32(&b, 1), bb_u32(&b, 0x40000000);
	bb_type(&b, "", BTF_KIND_ARRAY, 0, 0, 0);		/* [3] [2][0x10000] */
	bb_u32(&b, 2), bb_u32(&b, 1), bb_u32(&b, 0x10000);
	bb_type(&b, "", BTF_KIND_ARRAY, 0, 0, 0);		/* [4] int[0x3fffffff] */
	bb_u32(&b, 1), bb_u32(&b, 1), bb_u32(&b, 0x3fffffff);
	bb_type(&b, "", BTF_KIND_ARRAY, 0, 0, 0);		/* [5] [2][0]: 0 bytes */
	bb_u32(&b, 2), bb_u32(&b, 1), bb_u32(&b, 0);
	img = bb_image(&b, &len);
	btf = ut_btf_ok(img, len, "sizes.o");
	ck_assert_int_eq(bl_btf_resolve_size(btf, 2, &size), -E2BIG);
	ck_assert_int_eq(bl_btf_resolve_size(btf, 3, &size), -E2BIG);
	ck_assert_uint_eq(size_of(btf, 4), 0xfffffffcu);
	ck_assert_uint_eq(size_of(btf, 5), 0);
	bl_btf_free(btf);
	free(img);
}
END_TEST

START_TEST(empty_type_area)
{
	struct bb b;
	size_t len;
	unsigned char *img;
	struct bl_btf *btf;

	bb_init(&b);
	img = bb_image(&b, &len);
	btf = ut_btf_ok(img, len, "empty.o");
	ck_assert_uint_eq(bl_btf_type_cnt(btf), 1);
	ck_assert_int_eq(bl_btf_find_by_name_kind(btf, "", BTF_KIND_INT), -ENOENT);
	bl_btf_free(btf);
	free(img);
}
END_TEST

Suite *suite_btf(void)
{
	Suite *s = suite_create("btf");
	TCase *tc = tcase_create("objects");
	TCase *hand = tcase_create("by_hand");

	tcase_add_test(tc, kinds_struct_members);
	tcase_add_test(tc, kinds_func_var_datasec);
	tcase_add_test(tc, test_maps_types);
	tcase_add_test(tc, every_object);
	tcase_add_test(tc, raw_is_the_section);
	suite_add_tcase(s, tc);
	tcase_add_test(hand, enum64_by_hand);
	tcase_add_test(hand, cycles_stop);
	tcase_add_test(hand, sizes_overflow);
	tcase_add_test(hand, empty_type_area);
	suite_add_tcase(s, hand);
	suite_add_tcase(s, tcase_btf_bad());
	suite_add_tcase(s, tcase_btf_oracle());
	suite_add_tcase(s, tcase_btf_split());
	return s;
}
