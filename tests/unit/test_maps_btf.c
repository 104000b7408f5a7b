/* tests/unit/test_maps_btf.c — BTF-defined maps (".maps", elf/read/maps_btf.c).
 *
 * The definitions of bpf-progs/test_btf_maps.bpf.o field by field; the
 * same maps written against libbpf's <bpf/bpf_helpers.h>
 * (bpf-progs/compat/test_btf_maps_libbpf.bpf.o) must read the same; and
 * copies of the object with one thing broken in .BTF, the symbols or
 * .rel.maps must be refused with a message naming the map. The encoding
 * is libbpf's (bpf_helpers.h: __uint, __type, __array); the map types and
 * flags come from include/uapi/linux/bpf.h.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define OBJ "test_btf_maps"
#define COMPAT "compat/test_btf_maps_libbpf"

static const struct bl_map_spec *map_of(const struct bl_object_spec *obj, const char *name)
{
	const struct bl_map_spec *m = bl_object_spec_find_map(obj, name);

	ck_assert_msg(m != NULL, "%s: no map %s", obj->path, name);
	return m;
}

struct want {
	const char *name;
	uint32_t type, key_size, value_size, max_entries, map_flags, pinning;
	uint64_t map_extra;
	size_t init_cnt;
};

/* The maps of test_btf_maps.bpf.c in the order of the file (.maps
 * offsets), then the inner template. */
static const struct want wanted[] = {
	{ "bm_inner_a", BPF_MAP_TYPE_ARRAY, 4, 4, 1, 0, 0, 0, 0 },
	{ "bm_inner_b", BPF_MAP_TYPE_ARRAY, 4, 4, 1, 0, 0, 0, 0 },
	{ "bm_outer", BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 4, 4, 0, 0, 0, 2 },
	{ "bm_jmp", BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0, 0, 0, 1 },
	{ "bm_hash", BPF_MAP_TYPE_HASH, 4, 32, 64, 0, 0, 0, 0 },
	{ "bm_array", BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0, 0, 0, 0 },
	{ "bm_percpu", BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 2, 0, 0, 0, 0 },
	{ "bm_pinned", BPF_MAP_TYPE_HASH, 4, 8, 8, 0, 1, 0, 0 },
	{ "bm_lru", BPF_MAP_TYPE_LRU_HASH, 8, 4, 128, BPF_F_NO_COMMON_LRU, 0, 0, 0 },
	{ "bm_ringbuf", BPF_MAP_TYPE_RINGBUF, 0, 0, 4096 * 4, 0, 0, 0, 0 },
	{ "bm_perf", BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 0, 0, 0, 0, 0 },
	{ "bm_bloom", BPF_MAP_TYPE_BLOOM_FILTER, 0, 4, 16, 0, 0, 3, 0 },
	{ "bm_outer.inner", BPF_MAP_TYPE_ARRAY, 4, 4, 1, 0, 0, 0, 0 },
};
#define N_WANTED (sizeof(wanted) / sizeof(wanted[0]))

static void check_want(const struct bl_object_spec *obj, const struct want *w)
{
	const struct bl_map_spec *m = map_of(obj, w->name);

	ck_assert_msg(m->origin == BL_MAP_BTF, "%s: origin %d", w->name, m->origin);
	ck_assert_msg(m->type == w->type, "%s: type %u, want %u", w->name, m->type, w->type);
	ck_assert_msg(m->key_size == w->key_size, "%s: key_size %u", w->name, m->key_size);
	ck_assert_msg(m->value_size == w->value_size, "%s: value_size %u", w->name, m->value_size);
	ck_assert_msg(m->max_entries == w->max_entries, "%s: max_entries %u", w->name, m->max_entries);
	ck_assert_msg(m->map_flags == w->map_flags, "%s: map_flags 0x%x", w->name, m->map_flags);
	ck_assert_msg(m->pinning == w->pinning, "%s: pinning %u", w->name, m->pinning);
	ck_assert_msg(m->map_extra == w->map_extra, "%s: map_extra %llu", w->name,
		      (unsigned long long)m->map_extra);
	ck_assert_msg(m->init_cnt == w->init_cnt, "%s: %zu initialisers", w->name, m->init_cnt);
	ck_assert_uint_eq(m->numa_node, 0);
	ck_assert_ptr_null(m->init_data);
}

START_TEST(fields)
{
	UT_PROG(path, OBJ);
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_section *maps = ut_section(obj, ".maps");

	ck_assert_ptr_nonnull(maps);
	ck_assert_uint_eq(obj->map_cnt, N_WANTED);
	for (size_t i = 0; i < N_WANTED; i++) {
		ck_assert_str_eq(obj->maps[i].name, wanted[i].name);
		check_want(obj, &wanted[i]);
		ck_assert_uint_eq(obj->maps[i].sec_idx, (uint32_t)(maps - obj->sections));
		ck_assert_uint_lt(obj->maps[i].sec_offset, maps->size);
		if (i && i + 1 < N_WANTED)
			ck_assert_uint_gt(obj->maps[i].sec_offset, obj->maps[i - 1].sec_offset);
	}
	ck_assert_uint_eq(obj->map_def_size, 0); /* no legacy "maps" section */
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* key / value: the BTF id of the type behind the PTR; none for sizes
 * given with __uint and for the values of maps of maps. */
static void check_type(const struct bl_object_spec *obj, uint32_t id, unsigned int kind,
		       const char *name, uint32_t size)
{
	const struct btf_type *t = bl_btf_type(obj->btf, id);
	uint32_t sz;

	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(bl_btf_kind(t), kind);
	ck_assert_str_eq(bl_btf_name(obj->btf, t->name_off), name);
	ck_assert_int_eq(bl_btf_resolve_size(obj->btf, id, &sz), 0);
	ck_assert_uint_eq(sz, size);
}

START_TEST(type_ids)
{
	UT_PROG(path, OBJ);
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_map_spec *m;

	m = map_of(obj, "bm_hash");
	check_type(obj, m->btf_key_type_id, BTF_KIND_TYPEDEF, "__u32", 4);
	check_type(obj, m->btf_value_type_id, BTF_KIND_STRUCT, "bm_value", 32);
	m = map_of(obj, "bm_lru");
	check_type(obj, m->btf_key_type_id, BTF_KIND_TYPEDEF, "__u64", 8);
	check_type(obj, m->btf_value_type_id, BTF_KIND_TYPEDEF, "__u32", 4);
	m = map_of(obj, "bm_bloom");
	ck_assert_uint_eq(m->btf_key_type_id, 0);
	check_type(obj, m->btf_value_type_id, BTF_KIND_TYPEDEF, "__u32", 4);
	for (const char *const *n = (const char *const[]){ "bm_ringbuf", "bm_perf", NULL }; *n; n++) {
		m = map_of(obj, *n);
		ck_assert_uint_eq(m->btf_key_type_id, 0);
		ck_assert_uint_eq(m->btf_value_type_id, 0);
	}
	for (const char *const *n = (const char *const[]){ "bm_outer", "bm_jmp", NULL }; *n; n++) {
		m = map_of(obj, *n);
		check_type(obj, m->btf_key_type_id, BTF_KIND_TYPEDEF, "__u32", 4);
		ck_assert_uint_eq(m->btf_value_type_id, 0);
	}
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

START_TEST(inner_template)
{
	UT_PROG(path, OBJ);
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_map_spec *outer = map_of(obj, "bm_outer"), *t;

	ck_assert_int_eq(outer->inner, (int)obj->map_cnt - 1);
	t = &obj->maps[outer->inner];
	ck_assert_str_eq(t->name, "bm_outer.inner");
	ck_assert(t->inner_template);
	ck_assert_int_eq(t->inner, -1);
	ck_assert_uint_eq(t->init_cnt, 0);
	check_type(obj, t->btf_value_type_id, BTF_KIND_TYPEDEF, "__u32", 4);
	for (size_t i = 0; i + 1 < obj->map_cnt; i++) {
		ck_assert(!obj->maps[i].inner_template);
		if (&obj->maps[i] != outer)
			ck_assert_int_eq(obj->maps[i].inner, -1);
	}
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

START_TEST(initialisers)
{
	UT_PROG(path, OBJ);
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_map_spec *outer = map_of(obj, "bm_outer"), *jmp = map_of(obj, "bm_jmp");

	ck_assert_uint_eq(outer->init_cnt, 2);
	ck_assert_uint_eq(outer->inits[0].slot, 0);
	ck_assert_str_eq(outer->inits[0].sym, "bm_inner_a");
	ck_assert_uint_eq(outer->inits[1].slot, 2);
	ck_assert_str_eq(outer->inits[1].sym, "bm_inner_b");
	ck_assert_uint_eq(jmp->init_cnt, 1);
	ck_assert_uint_eq(jmp->inits[0].slot, 1);
	ck_assert_str_eq(jmp->inits[0].sym, "bm_tail");
	ck_assert_ptr_nonnull(bl_object_spec_find_prog(obj, "bm_tail"));
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* Instructions that load a BTF-defined map are map relocations. */
START_TEST(program_relocations)
{
	UT_PROG(path, OBJ);
	struct bl_object_spec *obj = ut_read_ok(path);
	size_t n = 0;

	ck_assert_uint_eq(obj->program_cnt, 2);
	for (size_t i = 0; i < obj->program_cnt; i++) {
		const struct bl_prog_spec *p = &obj->programs[i];

		for (size_t k = 0; k < p->reloc_cnt; k++, n++) {
			const struct bl_reloc *r = &p->relocs[k];

			ck_assert_msg(r->kind == BL_RELOC_MAP, "%s: reloc %zu kind %s", p->name, k,
				      bl_reloc_kind_name(r->kind));
			ck_assert_int_ge(r->map, 0);
			ck_assert_int_lt(r->map, (int)obj->map_cnt);
			ck_assert_str_eq(obj->maps[r->map].name, r->sym_name);
			ck_assert(!obj->maps[r->map].inner_template);
		}
	}
	ck_assert_uint_eq(n, 10);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* libbpf's header encodes the same definitions the same way. */
START_TEST(libbpf_headers_read_the_same)
{
	UT_PROG(path, OBJ);
	UT_PROG(cpath, COMPAT);
	struct bl_object_spec *a = ut_read_ok(path), *b = ut_read_ok(cpath);

	ck_assert_uint_eq(b->map_cnt, a->map_cnt);
	for (size_t i = 0; i < b->map_cnt; i++) {
		const struct bl_map_spec *y = &b->maps[i], *x = map_of(a, y->name);

		ck_assert_msg(x->type == y->type && x->key_size == y->key_size &&
			      x->value_size == y->value_size && x->max_entries == y->max_entries &&
			      x->map_flags == y->map_flags && x->numa_node == y->numa_node &&
			      x->pinning == y->pinning && x->map_extra == y->map_extra &&
			      x->origin == y->origin && x->inner_template == y->inner_template,
			      "map %s differs", y->name);
		ck_assert_msg(!x->btf_key_type_id == !y->btf_key_type_id &&
			      !x->btf_value_type_id == !y->btf_value_type_id,
			      "map %s: BTF ids given differently", y->name);
		ck_assert_int_eq(x->inner < 0, y->inner < 0);
		if (y->inner >= 0)
			ck_assert_str_eq(a->maps[x->inner].name, b->maps[y->inner].name);
		ck_assert_uint_eq(x->init_cnt, y->init_cnt);
		for (size_t k = 0; k < y->init_cnt; k++) {
			ck_assert_uint_eq(x->inits[k].slot, y->inits[k].slot);
			ck_assert_str_eq(x->inits[k].sym, y->inits[k].sym);
		}
	}
	bl_object_spec_free(a);
	bl_object_spec_free(b);
	free(path);
	free(cpath);
}
END_TEST

/* --- Broken copies ---------------------------------------------------- */

struct patch {
	unsigned char *img;
	size_t len;
	unsigned char *btf_bytes;	/* .BTF inside img */
	struct bl_btf *btf;		/* parsed from a copy, to find ids */
};

static bool patch_open(struct patch *p, const char *test)
{
	char *path = ut_prog_path(OBJ);
	Elf64_Shdr *sh;

	if (!ut_have(path, test)) {
		free(path);
		return false;
	}
	p->img = ut_slurp(path, &p->len);
	free(path);
	sh = ue_shdr_named(p->img, ".BTF", NULL);
	p->btf_bytes = p->img + sh->sh_offset;
	p->btf = ut_btf_ok(p->btf_bytes, sh->sh_size, "patch");
	return true;
}

static void patch_close(struct patch *p)
{
	bl_btf_free(p->btf);
	free(p->img);
}

/* The record of type id inside img: the parsed type area is a copy, in
 * which id 1 is first; in the section it starts after the header, at
 * type_off (btf.rst, "2. BTF Type and String Encoding"). */
static struct btf_type *rec(struct patch *p, uint32_t id)
{
	const struct btf_header *h = (const struct btf_header *)p->btf_bytes;
	size_t off = (size_t)((const char *)bl_btf_type(p->btf, id) -
			      (const char *)bl_btf_type(p->btf, 1));

	return (struct btf_type *)(p->btf_bytes + h->hdr_len + h->type_off + off);
}

static uint32_t var_id(struct patch *p, const char *name)
{
	for (uint32_t id = 1; id < bl_btf_type_cnt(p->btf); id++) {
		const struct btf_type *t = bl_btf_type(p->btf, id);

		if (bl_btf_kind(t) == BTF_KIND_VAR && !strcmp(bl_btf_name(p->btf, t->name_off), name))
			return id;
	}
	ck_abort_msg("no VAR %s", name);
	return 0;
}

/* Member `field` of the definition of map `map`, inside img. */
static struct btf_member *member(struct patch *p, const char *map, const char *field)
{
	uint32_t def;
	const struct btf_type *t;

	bl_btf_skip_modifiers(p->btf, bl_btf_type(p->btf, var_id(p, map))->type, &def);
	t = bl_btf_type(p->btf, def);
	for (unsigned int i = 0; i < bl_btf_vlen(t); i++)
		if (!strcmp(bl_btf_name(p->btf, bl_btf_members(t)[i].name_off), field))
			return (struct btf_member *)(rec(p, def) + 1) + i;
	ck_abort_msg("map %s has no member %s", map, field);
	return NULL;
}

static struct btf_var_secinfo *secinfo(struct patch *p, const char *map)
{
	int sec = bl_btf_find_by_name_kind(p->btf, ".maps", BTF_KIND_DATASEC);
	uint32_t var = var_id(p, map);

	ck_assert_int_gt(sec, 0);
	for (unsigned int i = 0; i < bl_btf_vlen(bl_btf_type(p->btf, (uint32_t)sec)); i++)
		if (bl_btf_secinfos(bl_btf_type(p->btf, (uint32_t)sec))[i].type == var)
			return (struct btf_var_secinfo *)(rec(p, (uint32_t)sec) + 1) + i;
	ck_abort_msg("no DATASEC entry for %s", map);
	return NULL;
}

#define PATCH_TEST(test, file, what, where, body)                      \
	START_TEST(test)                                                \
	{                                                               \
		struct patch p;                                         \
		if (!patch_open(&p, __func__))                          \
			return;                                         \
		body;                                                   \
		ut_expect_reject(p.img, p.len, file, what, where);      \
		patch_close(&p);                                        \
	}                                                               \
	END_TEST

PATCH_TEST(unknown_member, "unknown.o", "unknown member 'bm_value'", "bm_lru",
	   member(&p, "bm_lru", "map_flags")->name_off =
		   bl_btf_type(p.btf, (uint32_t)bl_btf_find_by_name_kind(p.btf, "bm_value", BTF_KIND_STRUCT))->name_off)

PATCH_TEST(pinning_out_of_range, "pin64.o", "pinning 64", "bm_pinned",
	   member(&p, "bm_pinned", "pinning")->type = member(&p, "bm_hash", "max_entries")->type)

PATCH_TEST(no_map_type, "notype.o", "no map type", "bm_bloom",
	   member(&p, "bm_bloom", "type")->name_off = member(&p, "bm_bloom", "max_entries")->name_off)

PATCH_TEST(static_linkage, "static.o", "linkage static", "bm_array",
	   ((struct btf_var *)(rec(&p, var_id(&p, "bm_array")) + 1))->linkage = BTF_VAR_STATIC)

PATCH_TEST(no_datasec, "nodatasec.o", "no DATASEC", ".maps",
	   rec(&p, (uint32_t)bl_btf_find_by_name_kind(p.btf, ".maps", BTF_KIND_DATASEC))->name_off =
		   rec(&p, (uint32_t)bl_btf_find_by_name_kind(p.btf, "license", BTF_KIND_DATASEC))->name_off)

PATCH_TEST(key_not_a_pointer, "keyint.o", "expected a PTR", "bm_hash",
	   member(&p, "bm_hash", "key")->type = bl_btf_type(p.btf, member(&p, "bm_hash", "key")->type)->type)

PATCH_TEST(conflicting_value_sizes, "conflict.o", "conflicting value sizes", "bm_hash",
	   member(&p, "bm_hash", "key")->name_off = member(&p, "bm_hash", "value")->name_off)

PATCH_TEST(values_not_last, "valueslast.o", "must be the last", "bm_outer",
	   member(&p, "bm_outer", "max_entries")->name_off = member(&p, "bm_outer", "values")->name_off)

PATCH_TEST(values_of_a_plain_array, "values.o", "map of maps or a program array", "bm_array",
	   member(&p, "bm_array", "max_entries")->name_off = member(&p, "bm_outer", "values")->name_off)

PATCH_TEST(inner_map_pinned, "innerpin.o", "cannot be pinned", "bm_outer.inner",
	   member(&p, "bm_inner_a", "max_entries")->name_off = member(&p, "bm_pinned", "pinning")->name_off)

PATCH_TEST(definition_larger_than_variable, "small.o", "larger than the variable", "bm_array",
	   secinfo(&p, "bm_array")->size = 8)

PATCH_TEST(symbol_missing, "nosym.o", "no ELF symbol", "bm_bloom",
	   ue_sym_named(p.img, "bm_bloom", NULL)->st_shndx = (Elf64_Half)
		   (ue_shdr_named(p.img, "license", NULL) - ue_shdr(p.img, 0)))

PATCH_TEST(symbol_past_the_end, "pastend.o", "past the end", "bm_bloom",
	   ue_sym_named(p.img, "bm_bloom", NULL)->st_value = 0x1000)

PATCH_TEST(maps_overlap, "overlap.o", "overlap", "bm_inner_b",
	   ue_sym_named(p.img, "bm_inner_b", NULL)->st_value = 0x10)

PATCH_TEST(rel_outside_values, "relvalues.o", "not a slot of member 'values'", "bm_outer",
	   ue_rel(p.img, ".rel.maps", 0)->r_offset = ue_sym_named(p.img, "bm_outer", NULL)->st_value)

PATCH_TEST(rel_to_a_non_map, "relnomap.o", "not a BTF-defined map", "LICENSE", {
	size_t lic;
	Elf64_Rel *r = ue_rel(p.img, ".rel.maps", 0);

	ue_sym_named(p.img, "LICENSE", &lic);
	r->r_info = ELF64_R_INFO(lic, ELF64_R_TYPE(r->r_info));
})

PATCH_TEST(rel_to_a_non_program, "relnoprog.o", "not a program", "bm_jmp", {
	size_t hash;
	Elf64_Rel *r = ue_rel(p.img, ".rel.maps", 2);

	ue_sym_named(p.img, "bm_hash", &hash);
	r->r_info = ELF64_R_INFO(hash, ELF64_R_TYPE(r->r_info));
})

PATCH_TEST(rel_bad_type, "reltype.o", "R_BPF_64_ABS64", ".rel.maps", {
	Elf64_Rel *r = ue_rel(p.img, ".rel.maps", 1);

	r->r_info = ELF64_R_INFO(ELF64_R_SYM(r->r_info), 10);
})

Suite *suite_maps_btf(void)
{
	Suite *s = suite_create("maps_btf");
	TCase *ok = tcase_create("read"), *bad = tcase_create("broken");

	tcase_add_test(ok, fields);
	tcase_add_test(ok, type_ids);
	tcase_add_test(ok, inner_template);
	tcase_add_test(ok, initialisers);
	tcase_add_test(ok, program_relocations);
	tcase_add_test(ok, libbpf_headers_read_the_same);
	tcase_add_test(bad, unknown_member);
	tcase_add_test(bad, pinning_out_of_range);
	tcase_add_test(bad, no_map_type);
	tcase_add_test(bad, static_linkage);
	tcase_add_test(bad, no_datasec);
	tcase_add_test(bad, key_not_a_pointer);
	tcase_add_test(bad, conflicting_value_sizes);
	tcase_add_test(bad, values_not_last);
	tcase_add_test(bad, values_of_a_plain_array);
	tcase_add_test(bad, inner_map_pinned);
	tcase_add_test(bad, definition_larger_than_variable);
	tcase_add_test(bad, symbol_missing);
	tcase_add_test(bad, symbol_past_the_end);
	tcase_add_test(bad, maps_overlap);
	tcase_add_test(bad, rel_outside_values);
	tcase_add_test(bad, rel_to_a_non_map);
	tcase_add_test(bad, rel_to_a_non_program);
	tcase_add_test(bad, rel_bad_type);
	suite_add_tcase(s, ok);
	suite_add_tcase(s, bad);
	return s;
}
