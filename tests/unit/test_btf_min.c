/* tests/unit/test_btf_min.c — the minimized BTF (elf/btf_min/btf_min.h).
 *
 * tree: every object with CO-RE relocations under $BL_BUILD_DIR/bpf-progs,
 * bpf-progs/compat and compat/ is minimized against this machine's
 * /sys/kernel/btf/vmlinux (SKIP without it); each relocation is then
 * resolved against the full and the minimized BTF with bl_core_resolve
 * and the answers compared field by field here (not with
 * bl_btf_min_check, which is tested on its own: it must catch a BTF made
 * for another object). The minimized BTF must be a small fraction of
 * the full one.
 * built: hand-built targets for what the tree lacks: duplicates that
 * agree (both kept), duplicates that disagree (the same ambiguity error
 * as FULL gives), a flavored local name, TYPE_MATCHES (members kept
 * recursively), enumerators.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_test.h"
#include "elf/btf/btf_ext.h"
#include "elf/btf_min/btf_min.h"

#define VMLINUX "/sys/kernel/btf/vmlinux"

static struct bl_btf *min_of(const struct bl_btf *full, struct bl_object_spec **objs, size_t n,
			     size_t *len)
{
	struct bl_btf_min_stats st = { 0 };
	struct bl_btf_min *m;
	struct bl_btf *out;
	struct bl_err err;
	void *data;

	ck_assert_int_eq(bl_btf_min_new(full, &m, &err), 0);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(!bl_btf_min_add_object(m, objs[i], &st, NULL, NULL, &err), "%s",
			      err.msg);
	ck_assert_msg(!bl_btf_min_write(m, &data, len, &err), "%s", err.msg);
	out = ut_btf_ok(data, *len, "minimized");
	free(data);
	bl_btf_min_free(m);
	return out;
}

static void same_type(const struct bl_btf *a, uint64_t ia, const struct bl_btf *b, uint64_t ib,
		      const char *what)
{
	const struct btf_type *ta = bl_btf_type(a, (uint32_t)ia), *tb = bl_btf_type(b, (uint32_t)ib);

	ck_assert_msg(ta && tb, "%s: type [%llu] / [%llu]", what, (unsigned long long)ia,
		      (unsigned long long)ib);
	ck_assert_msg(bl_btf_kind(ta) == bl_btf_kind(tb) &&
		      !strcmp(bl_btf_name(a, ta->name_off), bl_btf_name(b, tb->name_off)),
		      "%s: target type %s '%s' vs %s '%s'", what, bl_btf_kind_name(bl_btf_kind(ta)),
		      bl_btf_name(a, ta->name_off), bl_btf_kind_name(bl_btf_kind(tb)),
		      bl_btf_name(b, tb->name_off));
}

/* Every relocation of obj: the same answer from full and min. */
static unsigned compare(const struct bl_btf *full, const struct bl_btf *min,
			const struct bl_object_spec *obj)
{
	const struct bl_btf_ext_info *info = &obj->btf_ext->core_relo;
	unsigned n = 0;

	for (size_t s = 0; s < info->sec_cnt; s++)
		for (uint32_t i = 0; i < info->secs[s].cnt; i++, n++) {
			const struct bpf_core_relo *r = &info->secs[s].core_relo[i];
			struct bl_core_result f, m;
			struct bl_err fe, me;
			int frc = bl_core_resolve(obj->btf, full, r, &f, &fe);
			int mrc = bl_core_resolve(obj->btf, min, r, &m, &me);
			char what[400];

			snprintf(what, sizeof(what), "%s: %s: relocation %u (%s)", obj->path,
				 info->secs[s].name, i, f.desc);
			ck_assert_msg(frc == mrc, "%s: %d (%s) vs %d (%s)", what, frc, fe.msg, mrc,
				      me.msg);
			if (frc)
				continue;
			ck_assert_msg(f.poison == m.poison, "%s: poison", what);
			if (r->kind == BPF_CORE_TYPE_ID_TARGET && f.new_val)
				same_type(full, f.new_val, min, m.new_val, what);
			else
				ck_assert_msg(f.new_val == m.new_val, "%s: value %llu vs %llu", what,
					      (unsigned long long)f.new_val,
					      (unsigned long long)m.new_val);
			ck_assert_msg(f.orig_val == m.orig_val, "%s: orig_val", what);
			ck_assert_msg(f.new_sz == m.new_sz, "%s: new_sz %u vs %u", what, f.new_sz,
				      m.new_sz);
			ck_assert_msg(f.fail_memsz_adjust == m.fail_memsz_adjust, "%s: memsz", what);
			ck_assert_msg(f.bitfield == m.bitfield && f.bit_size == m.bit_size,
				      "%s: bitfield", what);
			ck_assert_msg(f.bit_offset == m.bit_offset, "%s: bit_offset %llu vs %llu",
				      what, (unsigned long long)f.bit_offset,
				      (unsigned long long)m.bit_offset);
			ck_assert_msg(f.match_cnt == m.match_cnt, "%s: matches %u vs %u", what,
				      f.match_cnt, m.match_cnt);
			ck_assert_msg((f.target_id == 0) == (m.target_id == 0), "%s: target", what);
			if (f.target_id)
				same_type(full, f.target_id, min, m.target_id, what);
		}
	return n;
}

static bool has_core(const struct bl_object_spec *o)
{
	if (!o->btf || !o->btf_ext)
		return false;
	for (size_t s = 0; s < o->btf_ext->core_relo.sec_cnt; s++)
		if (o->btf_ext->core_relo.secs[s].cnt)
			return true;
	return false;
}

/* The CO-RE objects of dir (and its subfolders, for compat/). */
static void collect(const char *dir, int depth, struct bl_object_spec ***objs, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char path[1024];
		size_t l = strlen(e->d_name);
		struct bl_object_spec *o;
		struct bl_err err;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_type == DT_DIR && depth > 0) {
			collect(path, depth - 1, objs, n);
			continue;
		}
		if (l < 3 || strcmp(e->d_name + l - 2, ".o") || bl_object_spec_read(path, &o, &err))
			continue;	/* not a BPF object we read: other tests say why */
		if (!has_core(o)) {
			bl_object_spec_free(o);
			continue;
		}
		*objs = realloc(*objs, (*n + 1) * sizeof(**objs));
		ck_assert_ptr_nonnull(*objs);
		(*objs)[(*n)++] = o;
	}
	closedir(d);
}

static struct bl_btf *vmlinux(const char *test)
{
	unsigned char *data;
	struct bl_btf *btf;
	size_t len;
	FILE *f = fopen(VMLINUX, "rb");

	if (!f) {
		fprintf(stderr, "SKIP %s: no %s (kernel without CONFIG_DEBUG_INFO_BTF)\n", test,
			VMLINUX);
		return NULL;
	}
	fclose(f);
	data = ut_slurp(VMLINUX, &len);
	btf = ut_btf_ok(data, len, VMLINUX);
	free(data);
	return btf;
}

START_TEST(tree)
{
	const char *b = getenv("BL_BUILD_DIR") ? getenv("BL_BUILD_DIR") : "build";
	const char *dirs[] = { "bpf-progs", "bpf-progs/compat", "compat" };
	struct bl_object_spec **objs = NULL;
	struct bl_btf *full = vmlinux("btf_min tree"), *min;
	size_t n = 0, len, full_len, all_len;
	unsigned relos = 0;
	char core[1024];

	if (!full)
		return;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char d[1024];

		snprintf(d, sizeof(d), "%s/%s", b, dirs[i]);
		collect(d, i == 2 ? 3 : 0, &objs, &n);
	}
	snprintf(core, sizeof(core), "%s/bpf-progs/test_core.bpf.o", b);
	if (!ut_have(core, "btf_min tree")) {
		bl_btf_free(full);
		return;
	}
	ck_assert_msg(n >= 3, "only %zu objects with CO-RE relocations under %s", n, b);
	bl_btf_raw(full, &full_len);
	for (size_t i = 0; i < n; i++) {	/* each object alone */
		min = min_of(full, &objs[i], 1, &len);
		relos += compare(full, min, objs[i]);
		ck_assert_msg(len * 100 < full_len, "%s: %zu bytes of %zu", objs[i]->path, len,
			      full_len);
		bl_btf_free(min);
	}
	min = min_of(full, objs, n, &all_len);	/* all together */
	for (size_t i = 0; i < n; i++)
		compare(full, min, objs[i]);
	bl_btf_free(min);
	fprintf(stderr, "btf_min tree: %zu objects, %u relocations, together %zu bytes of %zu\n",
		n, relos, all_len, full_len);
	ck_assert_uint_ge(relos, 50);
	for (size_t i = 0; i < n; i++)
		bl_object_spec_free(objs[i]);
	free(objs);
	bl_btf_free(full);
}
END_TEST

/* bl_btf_min_check catches a BTF made for another object. */
START_TEST(check_can_fail)
{
	struct bl_btf *full = vmlinux("btf_min check_can_fail"), *min;
	char *a = ut_prog_path("test_core"), *b = ut_prog_path("test_iter");
	struct bl_object_spec *oa, *ob;
	struct bl_err err;
	size_t len;

	if (!full || !ut_have(a, "btf_min check_can_fail") || !ut_have(b, "btf_min check_can_fail"))
		goto out;
	oa = ut_read_ok(a);
	ob = ut_read_ok(b);
	min = min_of(full, &oa, 1, &len);
	ck_assert_int_eq(bl_btf_min_check(full, min, oa, &err), 0);
	ck_assert_int_eq(bl_btf_min_check(full, min, ob, &err), -EPROTO);
	ck_assert_msg(ut_msg_has(err.msg, "test_iter|minimized BTF gives another"), "%s", err.msg);
	bl_btf_free(min);
	bl_object_spec_free(oa);
	bl_object_spec_free(ob);
out:
	bl_btf_free(full);
	free(a);
	free(b);
}
END_TEST

/* --- Hand-built targets ------------------------------------------------ */

/* An object spec around a local BTF and some relocations. */
struct fake {
	struct bl_object_spec obj;
	struct bl_btf_ext ext;
	struct bl_btf_ext_sec sec;
	struct bpf_core_relo relos[8];
	unsigned char *img;
};

static void fake_init(struct fake *f, const struct bb *local, const struct bpf_core_relo *r,
		      size_t n)
{
	size_t len;

	memset(f, 0, sizeof(*f));
	memcpy(f->relos, r, n * sizeof(*r));
	for (size_t i = 0; i < n; i++)
		f->relos[i].insn_off = (uint32_t)(8 * i);
	f->img = bb_image(local, &len);
	f->obj.path = (char *)"fake.bpf.o";
	f->obj.btf = ut_btf_ok(f->img, len, "fake.bpf.o");
	f->obj.btf_ext = &f->ext;
	f->sec.name = (char *)"kprobe/x";
	f->sec.cnt = (uint32_t)n;
	f->sec.core_relo = f->relos;
	f->ext.core_relo.secs = &f->sec;
	f->ext.core_relo.sec_cnt = 1;
}

static void fake_free(struct fake *f)
{
	bl_btf_free(f->obj.btf);
	free(f->img);
}

static struct bl_btf *target(const struct bb *t)
{
	size_t len;
	unsigned char *img = bb_image(t, &len);
	struct bl_btf *b = ut_btf_ok(img, len, "vmlinux");

	free(img);
	return b;
}

START_TEST(duplicates_agree)
{
	struct bb l, t;
	struct bpf_core_relo r[2];
	struct fake f;
	struct bl_btf *full, *min;
	struct bl_object_spec *o = &f.obj;
	size_t len;

	cb_local_s(&l, "s___v2");	/* a flavor: matches s */
	bb_init(&t);
	cb_int(&t, "int", 4, true);			/* [1] */
	cb_struct(&t, "s", 12, 3);			/* [2] */
	cb_member(&t, "x", 1, 0);
	cb_member(&t, "a", 1, 32);
	cb_member(&t, "b", 1, 64);
	cb_struct(&t, "s", 8, 2);			/* [3] another s, a at the same place */
	cb_member(&t, "y", 1, 0);
	cb_member(&t, "a", 1, 32);
	r[0] = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	r[1] = cb_relo(&l, 3, "0", BPF_CORE_TYPE_EXISTS);
	fake_init(&f, &l, r, 2);
	full = target(&t);
	min = min_of(full, &o, 1, &len);
	ck_assert_uint_eq(compare(full, min, o), 2);
	ck_assert_uint_eq(bl_btf_type_cnt(min), 4);	/* int and both s */
	ck_assert_uint_eq(bl_btf_vlen(bl_btf_type(min, 2)), 1);	/* only a */
	ck_assert_uint_eq(bl_btf_type(min, 2)->size, 12);
	bl_btf_free(min);
	bl_btf_free(full);
	fake_free(&f);
}
END_TEST

START_TEST(duplicates_disagree)
{
	struct bb l, t;
	struct bpf_core_relo r;
	struct bl_btf_min_stats st = { 0 };
	struct bl_btf_min *m;
	struct fake f;
	struct bl_btf *full;
	struct bl_err err;

	cb_local_s(&l, "s");
	bb_init(&t);
	cb_int(&t, "int", 4, true);
	cb_struct(&t, "s", 8, 1);
	cb_member(&t, "a", 1, 0);
	cb_struct(&t, "s", 8, 1);
	cb_member(&t, "a", 1, 32);
	r = cb_relo(&l, 3, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	fake_init(&f, &l, &r, 1);
	full = target(&t);
	ck_assert_int_eq(bl_btf_min_new(full, &m, &err), 0);
	ck_assert_int_eq(bl_btf_min_add_object(m, &f.obj, &st, NULL, NULL, &err), -EINVAL);
	ck_assert_msg(ut_msg_has(err.msg, "fake.bpf.o|relocation 0|ambiguous"), "%s", err.msg);
	bl_btf_min_free(m);
	bl_btf_free(full);
	fake_free(&f);
}
END_TEST

START_TEST(matches_and_enums)
{
	struct bb l, t;
	struct bpf_core_relo r[3];
	struct fake f;
	struct bl_btf *full, *min;
	struct bl_object_spec *o = &f.obj;
	uint32_t e;
	size_t len;

	cb_local_s(&l, "s");				/* [1] int [2] uint [3] s {a, b} */
	e = cb_enum(&l, "e", 4, 1, false);		/* [4] */
	cb_enumval(&l, "E2", 2);
	bb_init(&t);
	cb_int(&t, "int", 4, true);			/* [1] */
	cb_struct(&t, "s", 16, 3);			/* [2] */
	cb_member(&t, "b", 1, 0);
	cb_member(&t, "z", 1, 32);
	cb_member(&t, "a", 1, 96);
	cb_enum(&t, "e", 4, 3, false);			/* [3] */
	cb_enumval(&t, "E0", 0);
	cb_enumval(&t, "E1", 1);
	cb_enumval(&t, "E2", 7);
	r[0] = cb_relo(&l, 3, "0", BPF_CORE_TYPE_MATCHES);
	r[1] = cb_relo(&l, e, "0", BPF_CORE_ENUMVAL_VALUE);
	r[2] = cb_relo(&l, e, "0", BPF_CORE_ENUMVAL_EXISTS);
	fake_init(&f, &l, r, 3);
	full = target(&t);
	min = min_of(full, &o, 1, &len);
	ck_assert_uint_eq(compare(full, min, o), 3);
	ck_assert_uint_eq(bl_btf_vlen(bl_btf_type(min, 2)), 3);	/* matches: all members */
	ck_assert_uint_eq(bl_btf_vlen(bl_btf_type(min, 3)), 1);	/* E2 only */
	bl_btf_free(min);
	bl_btf_free(full);
	fake_free(&f);
}
END_TEST

Suite *suite_btf_min(void)
{
	Suite *s = suite_create("btf_min");
	TCase *tc = tcase_create("tree");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, tree);
	tcase_add_test(tc, check_can_fail);
	suite_add_tcase(s, tc);
	tc = tcase_create("built");
	tcase_add_test(tc, duplicates_agree);
	tcase_add_test(tc, duplicates_disagree);
	tcase_add_test(tc, matches_and_enums);
	suite_add_tcase(s, tc);
	return s;
}
