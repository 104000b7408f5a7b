/* tests/unit/test_maps_legacy.c — legacy map definitions (the section
 * "maps", elf/read/maps.c) in their three sizes, iproute2's fields of
 * struct bpf_elf_map (elf/read/maps_iproute2.c: pinning, inner_id,
 * inner_idx), and objects of maps and no programs.
 *
 * Objects: bpf-progs/test_iproute2_maps.bpf.c (36-byte definitions with
 * maps of maps), test_maps_only.bpf.c (BTF-defined maps, no program),
 * test_maps.bpf.c (20-byte struct bpf_map_def), asm-tests/maps_multi.s
 * (28 bytes) and maps_long_def.s (40 bytes). The hostile cases patch a
 * copy of test_iproute2_maps.bpf.o in memory; each must be refused with
 * one line naming the section and the map.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define IP_OBJ "test_iproute2_maps"

/* Field f of struct bpf_elf_map: 0 type ... 4 flags, then these. */
enum { F_TYPE, F_KEY, F_VALUE, F_MAX, F_FLAGS, F_ID, F_PINNING, F_INNER_ID, F_INNER_IDX };

/* The u32 field f of map sym in "maps" of img. */
static uint32_t *field(unsigned char *img, const char *sym, int f)
{
	Elf64_Shdr *maps = ue_shdr_named(img, "maps", NULL);
	Elf64_Sym *s = ue_sym_named(img, sym, NULL);

	return (uint32_t *)(img + maps->sh_offset + s->st_value) + f;
}

static const struct bl_map_spec *map_ok(const struct bl_object_spec *obj, const char *name)
{
	const struct bl_map_spec *m = bl_object_spec_find_map(obj, name);

	ck_assert_msg(m != NULL, "no map %s", name);
	return m;
}

static int index_of(const struct bl_object_spec *obj, const char *name)
{
	return (int)(map_ok(obj, name) - obj->maps);
}

/* The slots of map name: "0=a,3=b" ("" for none). */
static const char *slots(const struct bl_object_spec *obj, const char *name)
{
	static char buf[256];
	const struct bl_map_spec *m = map_ok(obj, name);
	size_t n = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < m->init_cnt; k++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%u=%s", k ? "," : "",
				      m->inits[k].slot, m->inits[k].sym);
	return buf;
}

/* ------------------------------------------------- iproute2's form */

START_TEST(iproute2_fields)
{
	UT_PROG(path, IP_OBJ);
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_map_spec *m;

	ck_assert_uint_eq(obj->map_def_size, 36);
	m = map_ok(obj, "ip_outer");
	ck_assert_uint_eq(m->type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	ck_assert_uint_eq(m->max_entries, 4);
	ck_assert_uint_eq(m->elf.pinning, BL_PIN_GLOBAL_NS);
	ck_assert_uint_eq(m->pinning, 1); /* by name, as LIBBPF_PIN_BY_NAME */
	ck_assert_uint_eq(m->elf.inner_id, 1);
	m = map_ok(obj, "ip_inner_a");
	ck_assert_uint_eq(m->elf.id, 1);
	ck_assert_uint_eq(m->elf.inner_idx, 0);
	ck_assert_uint_eq(m->pinning, 1);
	ck_assert_int_eq(m->inner, -1);
	ck_assert(!m->inner_template); /* a map of its own, unlike .maps' "OUTER.inner" */
	m = map_ok(obj, "ip_tmpl");
	ck_assert_uint_eq(m->elf.id, 2);
	ck_assert_uint_eq(m->elf.inner_idx, BL_INNER_IDX_NONE);
	m = map_ok(obj, "ip_objns");
	ck_assert_uint_eq(m->elf.pinning, BL_PIN_OBJECT_NS);
	ck_assert_uint_eq(m->pinning, 0); /* not pinned by bpfload: the loader warns */
	m = map_ok(obj, "ip_events");
	ck_assert_uint_eq(m->type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	ck_assert_uint_eq(m->key_size, 0); /* as written: the loader creates it with 4 */
	ck_assert_uint_eq(m->value_size, 0);
	ck_assert_uint_eq(m->max_entries, 0);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* inner_id names the first map of that id; inner_idx puts a map in every
 * map of maps naming its id. */
START_TEST(iproute2_map_in_map)
{
	UT_PROG(path, IP_OBJ);
	struct bl_object_spec *obj = ut_read_ok(path);

	ck_assert_int_eq(map_ok(obj, "ip_outer")->inner, index_of(obj, "ip_inner_a"));
	ck_assert_int_eq(map_ok(obj, "ip_by_key")->inner, index_of(obj, "ip_inner_a"));
	ck_assert_int_eq(map_ok(obj, "ip_empty")->inner, index_of(obj, "ip_tmpl"));
	ck_assert_str_eq(slots(obj, "ip_outer"), "0=ip_inner_a,3=ip_inner_b");
	ck_assert_str_eq(slots(obj, "ip_by_key"), "0=ip_inner_a,3=ip_inner_b");
	ck_assert_str_eq(slots(obj, "ip_empty"), ""); /* ip_tmpl: inner_idx -1 */
	ck_assert_str_eq(slots(obj, "ip_inner_a"), "");
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* The 20-byte struct bpf_map_def: no iproute2 field, nothing pinned. */
START_TEST(bpf_map_def_20)
{
	UT_PROG(path, "test_maps");
	struct bl_object_spec *obj = ut_read_ok(path);

	ck_assert_uint_eq(obj->map_def_size, 20);
	for (size_t i = 0; i < obj->map_cnt; i++) {
		const struct bl_map_spec *m = &obj->maps[i];

		ck_assert(m->elf.id == 0 && m->elf.pinning == 0 && m->elf.inner_id == 0 &&
			  m->elf.inner_idx == 0 && m->pinning == 0 && m->inner == -1);
	}
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* 28 bytes (cilium's older form): id and pinning read, the rest 0. */
START_TEST(elf_map_28)
{
	UT_ASM(path, "maps_multi");
	size_t len;
	unsigned char *img = ut_slurp(path, &len);
	struct bl_object_spec *obj = NULL;
	struct bl_err err = { "" };
	const struct bl_map_spec *m;

	*field(img, "hash", F_ID) = 7;
	*field(img, "hash", F_PINNING) = BL_PIN_GLOBAL_NS;
	ck_assert_msg(bl_object_spec_read_mem(img, len, "m28.o", &obj, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(obj->map_def_size, 28);
	m = map_ok(obj, "hash");
	ck_assert_uint_eq(m->elf.id, 7);
	ck_assert_uint_eq(m->pinning, 1);
	ck_assert_uint_eq(m->elf.inner_idx, 0); /* past the definition: 0, as iproute2 */
	ck_assert_uint_eq(map_ok(obj, "arr")->pinning, 0);
	bl_object_spec_free(obj);
	free(img);
	free(path);
}
END_TEST

/* 40 bytes: read while the tenth u32 is 0 (test_bad_content.c refuses
 * it when it is not). */
START_TEST(elf_map_40)
{
	UT_ASM(path, "maps_long_def");
	struct bl_object_spec *obj = ut_read_ok(path);

	ck_assert_uint_eq(obj->map_def_size, 40);
	ck_assert_uint_eq(map_ok(obj, "first")->elf.id, 5);
	ck_assert_uint_eq(map_ok(obj, "second")->type, BPF_MAP_TYPE_HASH);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* ------------------------------------------- objects without programs */

START_TEST(maps_only)
{
	UT_PROG(path, "test_maps_only");
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_map_spec *m;

	ck_assert_uint_eq(obj->program_cnt, 0);
	ck_assert_uint_eq(obj->map_cnt, 3);
	ck_assert_uint_eq(map_ok(obj, "mo_counts")->type, BPF_MAP_TYPE_HASH);
	ck_assert_uint_eq(map_ok(obj, "mo_config")->value_size, 8);
	m = map_ok(obj, "mo_events");
	ck_assert_uint_eq(m->type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	ck_assert(m->key_size == 0 && m->value_size == 0 && m->max_entries == 0);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* ---------------------------------------------------- hostile cases */

/* A copy of test_iproute2_maps.bpf.o to patch; returns from the test
 * when the object is missing. */
#define WITH_IP_COPY(img, len)                                          \
	UT_PROG(path_, IP_OBJ);                                         \
	size_t len;                                                     \
	unsigned char *img = ut_slurp(path_, &len);                     \
	free(path_);

START_TEST(inner_id_names_no_map)
{
	WITH_IP_COPY(img, len);
	*field(img, "ip_outer", F_INNER_ID) = 9;
	ut_expect_reject(img, len, "noinner.o", "names no map", "maps: map ip_outer: inner_id 9");
	free(img);
}
END_TEST

/* Two maps of maps naming each other: a loop the kernel could not nest. */
START_TEST(inner_id_loop)
{
	WITH_IP_COPY(img, len);
	*field(img, "ip_outer", F_ID) = 8;
	*field(img, "ip_by_key", F_ID) = 9;
	*field(img, "ip_outer", F_INNER_ID) = 9;
	*field(img, "ip_by_key", F_INNER_ID) = 8;
	ut_expect_reject(img, len, "loop.o", "itself a map of maps", "maps: map ip_outer: inner_id 9 names map ip_by_key");
	free(img);
}
END_TEST

START_TEST(inner_id_self)
{
	WITH_IP_COPY(img, len);
	*field(img, "ip_empty", F_ID) = 6;
	*field(img, "ip_empty", F_INNER_ID) = 6;
	ut_expect_reject(img, len, "self.o", "names the map itself", "maps: map ip_empty");
	free(img);
}
END_TEST

START_TEST(inner_id_on_plain_map)
{
	WITH_IP_COPY(img, len);
	*field(img, "ip_tmpl", F_INNER_ID) = 1;
	ut_expect_reject(img, len, "plain.o", "only a map of maps", "maps: map ip_tmpl: inner_id 1 on a map of type array");
	free(img);
}
END_TEST

START_TEST(inner_idx_out_of_range)
{
	WITH_IP_COPY(img, len);
	*field(img, "ip_inner_b", F_INNER_IDX) = 4; /* ip_outer has 4 slots: 0..3 */
	ut_expect_reject(img, len, "idx.o", "past the last slot of map ip_outer",
			 "maps: map ip_inner_b: inner_idx 4");
	free(img);
}
END_TEST

START_TEST(inner_idx_twice)
{
	WITH_IP_COPY(img, len);
	*field(img, "ip_inner_b", F_INNER_IDX) = 0; /* ip_inner_a's slot */
	ut_expect_reject(img, len, "twice.o", "already holds map ip_inner_a", "maps: map ip_inner_b");
	free(img);
}
END_TEST

START_TEST(hash_of_maps_key_not_u32)
{
	WITH_IP_COPY(img, len);
	*field(img, "ip_by_key", F_KEY) = 8;
	ut_expect_reject(img, len, "hkey.o", "keys are 8 bytes, not 4", "maps: map ip_inner_a");
	free(img);
}
END_TEST

/* A map of maps with an id and an inner_idx would go into another. */
START_TEST(map_of_maps_placed)
{
	WITH_IP_COPY(img, len);
	*field(img, "ip_empty", F_INNER_ID) = 0;
	*field(img, "ip_empty", F_ID) = 1;  /* a map of maps of id 1, inner_idx 0 */
	ut_expect_reject(img, len, "mimin.o", "nests maps one level deep", "maps: map ip_empty");
	free(img);
}
END_TEST

/* 8 definitions of 34 bytes: not u32 fields. */
START_TEST(def_size_not_u32)
{
	WITH_IP_COPY(img, len);
	ue_shdr_named(img, "maps", NULL)->sh_size = 8 * 34;
	ut_expect_reject(img, len, "def34.o", "not a whole number of u32 fields", "maps section (272 bytes, 8 maps)");
	free(img);
}
END_TEST

/* A key_size of 0 is a perf event array's 4, not a hash map's. */
START_TEST(key_size_zero)
{
	WITH_IP_COPY(img, len);
	*field(img, "ip_objns", F_KEY) = 0;
	ut_expect_reject(img, len, "key0.o", "key_size is 0", "maps: map ip_objns");
	free(img);
}
END_TEST

Suite *suite_maps_legacy(void)
{
	Suite *s = suite_create("maps_legacy");
	TCase *ok = tcase_create("read"), *bad = tcase_create("hostile");

	tcase_add_test(ok, iproute2_fields);
	tcase_add_test(ok, iproute2_map_in_map);
	tcase_add_test(ok, bpf_map_def_20);
	tcase_add_test(ok, elf_map_28);
	tcase_add_test(ok, elf_map_40);
	tcase_add_test(ok, maps_only);
	tcase_add_test(bad, inner_id_names_no_map);
	tcase_add_test(bad, inner_id_loop);
	tcase_add_test(bad, inner_id_self);
	tcase_add_test(bad, inner_id_on_plain_map);
	tcase_add_test(bad, inner_idx_out_of_range);
	tcase_add_test(bad, inner_idx_twice);
	tcase_add_test(bad, hash_of_maps_key_not_u32);
	tcase_add_test(bad, map_of_maps_placed);
	tcase_add_test(bad, def_size_not_u32);
	tcase_add_test(bad, key_size_zero);
	suite_add_tcase(s, ok);
	suite_add_tcase(s, bad);
	return s;
}
