/* tests/unit/test_globals.c — global data (elf/read/data_sections.c,
 * elf/read/btf_fixup.c, elf/vars/data_vars.c).
 *
 * bpf-progs/test_globals.bpf.o: one map per data section, named as
 * libbpf names them, sized and filled from the section (read here
 * straight from the ELF image with unit_elf.c); .BTF with the DATASEC
 * sizes and variable offsets filled in from the section headers and the
 * symbols; variables found and set by name; and broken copies refused.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define OBJ "test_globals"

struct fx {
	char *path;
	struct bl_object_spec *obj;
	unsigned char *img;
	size_t len;
};

static bool open_fx(struct fx *f, const char *name, const char *test)
{
	f->path = ut_prog_path(name);
	if (!ut_have(f->path, test)) {
		free(f->path);
		return false;
	}
	f->obj = ut_read_ok(f->path);
	f->img = ut_slurp(f->path, &f->len);
	return true;
}

static void close_fx(struct fx *f)
{
	bl_object_spec_free(f->obj);
	free(f->img);
	free(f->path);
}

struct want_map {
	const char *name, *section;
	uint32_t flags;
	bool has_datasec;
};

static const struct want_map want_maps[] = {
	{ "test_glo.rodata", ".rodata", BPF_F_RDONLY_PROG | BPF_F_MMAPABLE, true },
	{ "test_glo.data", ".data", BPF_F_MMAPABLE, true },
	{ "test_glo.bss", ".bss", BPF_F_MMAPABLE, true },
	/* only strings: no variables, not mmapable, no DATASEC */
	{ ".rodata.str1.1", ".rodata.str1.1", BPF_F_RDONLY_PROG, false },
};

START_TEST(data_maps)
{
	struct fx f;

	if (!open_fx(&f, OBJ, __func__))
		return;
	ck_assert_uint_eq(f.obj->map_cnt, 4);
	for (size_t i = 0; i < 4; i++) {
		const struct want_map *w = &want_maps[i];
		const struct bl_map_spec *m = bl_object_spec_find_map(f.obj, w->name);
		size_t shndx;
		Elf64_Shdr *sh = ue_shdr_named(f.img, w->section, &shndx);
		int ds = bl_btf_find_by_name_kind(f.obj->btf, w->section, BTF_KIND_DATASEC);

		ck_assert_msg(m != NULL, "no map %s", w->name);
		ck_assert_ptr_eq(bl_object_spec_find_map(f.obj, w->section), m);
		ck_assert_int_eq(m->origin, BL_MAP_DATA);
		ck_assert_uint_eq(m->type, BPF_MAP_TYPE_ARRAY);
		ck_assert_uint_eq(m->key_size, 4);
		ck_assert_uint_eq(m->value_size, sh->sh_size);
		ck_assert_uint_eq(m->max_entries, 1);
		ck_assert_msg(m->map_flags == w->flags, "%s: flags 0x%x", w->name, m->map_flags);
		ck_assert_uint_eq(m->sec_idx, shndx);
		ck_assert_uint_eq(m->init_size, sh->sh_size);
		ck_assert_int_eq(m->inner, -1);
		ck_assert_uint_eq(m->btf_key_type_id, 0);
		ck_assert_uint_eq(m->btf_value_type_id, w->has_datasec ? (uint32_t)ds : 0);
		if (sh->sh_type == SHT_NOBITS) {
			ck_assert_ptr_null(m->init_data);
		} else {
			ck_assert_ptr_nonnull(m->init_data);
			ck_assert(memcmp(m->init_data, f.img + sh->sh_offset, sh->sh_size) == 0);
		}
	}
	close_fx(&f);
}
END_TEST

/* libbpf's internal_map_name: 8 characters of the file name up to its
 * first dot, characters the kernel refuses made '_'; the section alone
 * when it has a second dot. */
START_TEST(map_names)
{
	static const struct { const char *file, *rodata, *data, *bss; } names[] = {
		{ "x.o", "x.rodata", "x.data", "x.bss" },
		{ "dir/abcdefghijklmnop.bpf.o", "abcdefgh.rodata", "abcdefgh.data", "abcdefgh.bss" },
		{ "we-ird!.o", "we_ird_.rodata", "we_ird_.data", "we_ird_.bss" },
		{ "noext", "noext.rodata", "noext.data", "noext.bss" },
	};
	struct fx f;

	if (!open_fx(&f, OBJ, __func__))
		return;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct bl_object_spec *obj;
		struct bl_err err;

		ck_assert_int_eq(bl_object_spec_read_mem(f.img, f.len, names[i].file, &obj, &err), 0);
		ck_assert_str_eq(bl_object_spec_find_map(obj, ".rodata")->name, names[i].rodata);
		ck_assert_str_eq(bl_object_spec_find_map(obj, ".data")->name, names[i].data);
		ck_assert_str_eq(bl_object_spec_find_map(obj, ".bss")->name, names[i].bss);
		ck_assert_str_eq(bl_object_spec_find_map(obj, ".rodata.str1.1")->name, ".rodata.str1.1");
		bl_object_spec_free(obj);
	}
	close_fx(&f);
}
END_TEST

/* Every DATASEC of btf_fixed: the section's size, each variable at its
 * symbol's value, in order; .BTF itself untouched (clang wrote 0s). */
START_TEST(btf_fixed)
{
	struct fx f;
	size_t checked = 0;

	if (!open_fx(&f, OBJ, __func__))
		return;
	ck_assert_ptr_nonnull(f.obj->btf_fixed);
	ck_assert_uint_eq(bl_btf_type_cnt(f.obj->btf_fixed), bl_btf_type_cnt(f.obj->btf));
	for (uint32_t id = 1; id < bl_btf_type_cnt(f.obj->btf_fixed); id++) {
		const struct btf_type *t = bl_btf_type(f.obj->btf_fixed, id);
		const struct btf_type *orig = bl_btf_type(f.obj->btf, id);
		const char *name = bl_btf_name(f.obj->btf_fixed, t->name_off);
		const struct btf_var_secinfo *vsi = bl_btf_secinfos(t);
		uint32_t prev_end = 0;

		ck_assert_uint_eq(bl_btf_kind(t), bl_btf_kind(orig));
		if (bl_btf_kind(t) != BTF_KIND_DATASEC)
			continue;
		ck_assert_uint_eq(orig->size, 0);
		ck_assert_uint_eq(t->size, ue_shdr_named(f.img, name, NULL)->sh_size);
		for (unsigned k = 0; k < bl_btf_vlen(t); k++) {
			const struct btf_type *v = bl_btf_type(f.obj->btf_fixed, vsi[k].type);
			const char *vname = bl_btf_name(f.obj->btf_fixed, v->name_off);

			ck_assert_uint_eq(vsi[k].offset, ue_sym_named(f.img, vname, NULL)->st_value);
			ck_assert_uint_ge(vsi[k].offset, prev_end);
			prev_end = vsi[k].offset + vsi[k].size;
			checked++;
		}
		ck_assert_uint_le(prev_end, t->size);
	}
	/* 5 in .rodata, 2 in .data, 4 in .bss, LICENSE */
	ck_assert_uint_eq(checked, 12);
	close_fx(&f);
}
END_TEST

static const struct btf_type *var_type(const struct bl_btf *btf, const char *name, unsigned kind)
{
	int id = bl_btf_find_by_name_kind(btf, name, kind);

	ck_assert_msg(id > 0, "no %s %s", bl_btf_kind_name(kind), name);
	return bl_btf_type(btf, (uint32_t)id);
}

/* A hidden global variable or function is static for the kernel. */
START_TEST(hidden_made_static)
{
	struct fx f, s;

	if (!open_fx(&f, OBJ, __func__))
		return;
	ck_assert_uint_eq(bl_btf_var(var_type(f.obj->btf, "hidden_calls", BTF_KIND_VAR))->linkage,
			  BTF_VAR_GLOBAL_ALLOCATED);
	ck_assert_uint_eq(bl_btf_var(var_type(f.obj->btf_fixed, "hidden_calls", BTF_KIND_VAR))->linkage,
			  BTF_VAR_STATIC);
	ck_assert_uint_eq(bl_btf_var(var_type(f.obj->btf_fixed, "calls", BTF_KIND_VAR))->linkage,
			  BTF_VAR_GLOBAL_ALLOCATED);
	close_fx(&f);
	if (!open_fx(&s, "test_subprog", __func__))
		return;
	ck_assert_uint_eq(bl_btf_vlen(var_type(s.obj->btf, "cube", BTF_KIND_FUNC)), BTF_FUNC_GLOBAL);
	ck_assert_uint_eq(bl_btf_vlen(var_type(s.obj->btf_fixed, "cube", BTF_KIND_FUNC)),
			  BTF_FUNC_STATIC);
	ck_assert_uint_eq(bl_btf_vlen(var_type(s.obj->btf_fixed, "square", BTF_KIND_FUNC)),
			  BTF_FUNC_GLOBAL);
	close_fx(&s);
}
END_TEST

START_TEST(find_var)
{
	static const struct { const char *name, *section; uint32_t size; } vars[] = {
		{ "target_pid", ".rodata", 4 }, { "step", ".rodata", 4 },
		{ "tag", ".rodata", 16 }, { "mode", ".rodata", 4 }, { "enabled", ".rodata", 1 },
		{ "counted", ".data", 8 }, { "last_tag", ".data", 16 },
		{ "calls", ".bss", 8 }, { "matched", ".bss", 8 }, { "last_pid", ".bss", 4 },
		{ "hidden_calls", ".bss", 4 },
	};
	struct fx f;
	struct bl_var v;
	struct bl_err err;

	if (!open_fx(&f, OBJ, __func__))
		return;
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		int rc = bl_object_spec_find_var(f.obj, vars[i].name, &v, &err);

		ck_assert_msg(rc == 0, "%s: %s", vars[i].name, err.msg);
		ck_assert_str_eq(v.name, vars[i].name);
		ck_assert_ptr_eq(&f.obj->maps[v.map], bl_object_spec_find_map(f.obj, vars[i].section));
		ck_assert_uint_eq(v.offset, ue_sym_named(f.img, vars[i].name, NULL)->st_value);
		ck_assert_uint_eq(v.size, vars[i].size);
		ck_assert_uint_eq(v.size, ue_sym_named(f.img, vars[i].name, NULL)->st_size);
	}
	ck_assert_int_eq(bl_object_spec_find_var(f.obj, "nope", &v, &err), -ENOENT);
	ck_assert_msg(strstr(err.msg, "no variable nope") && strstr(err.msg, "target_pid") &&
		      strstr(err.msg, f.path), "%s", err.msg);
	close_fx(&f);
}
END_TEST

/* The initial bytes of variable name. */
static const unsigned char *bytes_of(const struct bl_object_spec *obj, const char *name)
{
	struct bl_var v;
	struct bl_err err;

	ck_assert_int_eq(bl_object_spec_find_var(obj, name, &v, &err), 0);
	ck_assert_ptr_nonnull(obj->maps[v.map].init_data);
	return (const unsigned char *)obj->maps[v.map].init_data + v.offset;
}

static void set_ok(struct bl_object_spec *obj, const char *name, const char *value,
		   const void *want, size_t n)
{
	struct bl_err err;
	int rc = bl_object_spec_set_var(obj, name, value, &err);

	ck_assert_msg(rc == 0, "%s=%s: %s", name, value, err.msg);
	ck_assert_msg(memcmp(bytes_of(obj, name), want, n) == 0, "%s=%s: wrong bytes", name, value);
}

START_TEST(set_var)
{
	struct fx f;
	uint32_t u32;
	int32_t s32;
	int64_t s64;
	char tag[16] = "hello";
	unsigned char one = 1, zero = 0;

	if (!open_fx(&f, OBJ, __func__))
		return;
	u32 = 1234;
	set_ok(f.obj, "target_pid", "1234", &u32, 4);
	u32 = 0xffffffff;
	set_ok(f.obj, "target_pid", "0xffffffff", &u32, 4);
	u32 = 8;
	set_ok(f.obj, "target_pid", "010", &u32, 4); /* octal, as strtoul */
	s32 = -5;
	set_ok(f.obj, "step", "-5", &s32, 4);
	s32 = INT32_MIN;
	set_ok(f.obj, "step", "-2147483648", &s32, 4);
	set_ok(f.obj, "tag", "hello", tag, 16);
	u32 = 2;
	set_ok(f.obj, "mode", "MODE_SKIP", &u32, 4); /* an enumerator's name */
	u32 = 1;
	set_ok(f.obj, "mode", "1", &u32, 4);
	set_ok(f.obj, "enabled", "false", &zero, 1);
	set_ok(f.obj, "enabled", "true", &one, 1);
	set_ok(f.obj, "enabled", "0", &zero, 1);
	s64 = INT64_MAX;
	set_ok(f.obj, "counted", "0x7fffffffffffffff", &s64, 8);
	/* .bss: the map gets initial contents, zeros around the variable */
	ck_assert_ptr_null(bl_object_spec_find_map(f.obj, ".bss")->init_data);
	u32 = 77;
	set_ok(f.obj, "last_pid", "77", &u32, 4);
	ck_assert_uint_eq(*bytes_of(f.obj, "calls"), 0);
	/* the other variables keep the section's bytes */
	ck_assert(memcmp(bytes_of(f.obj, "last_tag"), "unset", 6) == 0);
	close_fx(&f);
}
END_TEST

static void set_fails(struct bl_object_spec *obj, const char *name, const char *value, int code,
		      const char *what)
{
	struct bl_err err;
	int rc = bl_object_spec_set_var(obj, name, value, &err);

	ck_assert_msg(rc == code, "%s=%s: rc %d, want %d (%s)", name, value, rc, code, err.msg);
	ck_assert_msg(ut_msg_has(err.msg, what) && strstr(err.msg, name) && strstr(err.msg, obj->path),
		      "%s=%s: %s", name, value, err.msg);
}

START_TEST(set_var_refused)
{
	struct fx f;

	if (!open_fx(&f, OBJ, __func__))
		return;
	set_fails(f.obj, "target_pid", "-1", -ERANGE, "unsigned");
	set_fails(f.obj, "target_pid", "4294967296", -ERANGE, "does not fit");
	set_fails(f.obj, "step", "2147483648", -ERANGE, "signed");
	set_fails(f.obj, "step", "12abc", -EINVAL, "not an integer");
	set_fails(f.obj, "step", "", -EINVAL, "not an integer");
	set_fails(f.obj, "mode", "MODE_NONE", -EINVAL, "enum");
	set_fails(f.obj, "enabled", "2", -ERANGE, "bool");
	set_fails(f.obj, "enabled", "yes", -EINVAL, "true or false");
	set_fails(f.obj, "tag", "0123456789abcdef", -ERANGE, "does not fit");
	set_fails(f.obj, "counted", "99999999999999999999", -ERANGE, "does not fit");
	set_fails(f.obj, "no_such_var", "1", -ENOENT, "no variable");
	/* nothing was changed */
	ck_assert(memcmp(bytes_of(f.obj, "tag"), "none", 5) == 0);
	close_fx(&f);
}
END_TEST

/* A copy whose variable symbol points past its section: refused. */
START_TEST(data_reloc_outside_section)
{
	UT_ASM(path, "data_call");
	size_t len;
	unsigned char *img = ut_slurp(path, &len);

	ue_sym_named(img, "limit", NULL)->st_value = 64; /* .rodata has 8 bytes */
	ut_expect_reject(img, len, "outside.o", "outside", ".rodata");
	free(img);
	free(path);
}
END_TEST

Suite *suite_globals(void)
{
	Suite *s = suite_create("globals");
	TCase *tc = tcase_create("data_sections");

	tcase_add_test(tc, data_maps);
	tcase_add_test(tc, map_names);
	tcase_add_test(tc, btf_fixed);
	tcase_add_test(tc, hidden_made_static);
	tcase_add_test(tc, find_var);
	tcase_add_test(tc, set_var);
	tcase_add_test(tc, set_var_refused);
	tcase_add_test(tc, data_reloc_outside_section);
	suite_add_tcase(s, tc);
	return s;
}
