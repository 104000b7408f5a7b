/* tests/unit/test_ksyms.c — .ksyms externs read from an object
 * (elf/read/ksyms.c) and its BTF rewritten for BPF_BTF_LOAD
 * (elf/read/ksyms_btf.c). No kernel: the objects are
 * bpf-progs/test_ksyms.bpf.c (clang's BTF) and the asm-tests kfunc_call.s
 * and ksym_percpu.s (hand-written BTF, whose layout the patches below
 * know), and hostile copies of them.
 */
#include <errno.h>
#include <linux/btf.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static const struct bl_ksym *ksym(const struct bl_object_spec *obj, const char *name)
{
	for (size_t i = 0; i < obj->ksym_cnt; i++)
		if (!strcmp(obj->ksyms[i].name, name))
			return &obj->ksyms[i];
	ck_abort_msg("no ksym %s", name);
	return NULL;
}

static const struct bl_prog_spec *prog(const struct bl_object_spec *obj, const char *name)
{
	const struct bl_prog_spec *p = bl_object_spec_find_prog(obj, name);

	ck_assert_msg(p != NULL, "no program %s", name);
	return p;
}

START_TEST(externs_classified)
{
	UT_PROG(path, "test_ksyms");
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_ksym *k;
	const struct btf_type *t;

	ck_assert_uint_eq(obj->ksym_cnt, 6);
	k = ksym(obj, "vfs_read");
	ck_assert_int_eq(k->kind, BL_KSYM_TYPELESS);
	ck_assert_uint_eq(k->type_id, 0);
	ck_assert(!k->is_weak);
	k = ksym(obj, "runqueues");
	ck_assert_int_eq(k->kind, BL_KSYM_VAR);
	ck_assert(!k->is_weak);
	t = bl_btf_type(obj->btf, k->type_id);	/* const skipped */
	ck_assert_int_eq(bl_btf_kind(t), BTF_KIND_STRUCT);
	ck_assert_str_eq(bl_btf_name(obj->btf, t->name_off), "rq");
	ck_assert_int_eq(bl_btf_kind(bl_btf_type(obj->btf, k->btf_id)), BTF_KIND_VAR);
	k = ksym(obj, "bl_no_such_symbol");
	ck_assert_int_eq(k->kind, BL_KSYM_TYPELESS);
	ck_assert(k->is_weak);
	k = ksym(obj, "bl_no_such_variable");
	ck_assert_int_eq(k->kind, BL_KSYM_VAR);
	ck_assert_int_eq(bl_btf_kind(bl_btf_type(obj->btf, k->type_id)), BTF_KIND_INT);
	ck_assert(k->is_weak);
	k = ksym(obj, "bl_no_such_kfunc");
	ck_assert_int_eq(k->kind, BL_KSYM_FUNC);
	ck_assert_int_eq(bl_btf_kind(bl_btf_type(obj->btf, k->type_id)), BTF_KIND_FUNC_PROTO);
	ck_assert_int_eq(bl_btf_kind(bl_btf_type(obj->btf, k->btf_id)), BTF_KIND_FUNC);
	ck_assert(k->is_weak);
	ck_assert_int_eq(ksym(obj, "bpf_prog_active")->kind, BL_KSYM_VAR);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* Every relocation against an undefined symbol of .ksyms names it: the
 * ld_imm64s of variables and of a kfunc's address, the kfunc's call. */
START_TEST(relocations_name_their_extern)
{
	UT_PROG(path, "test_ksyms");
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_prog_spec *p = prog(obj, "typeless");
	size_t calls = 0, loads = 0;

	for (size_t i = 0; i < p->reloc_cnt; i++) {
		const struct bl_reloc *r = &p->relocs[i];
		const struct bpf_insn *insn = &p->insns[r->insn];

		if (r->sym_shndx != SHN_UNDEF) {
			ck_assert_int_eq(r->ksym, -1);
			continue;
		}
		ck_assert_int_eq(r->kind, BL_RELOC_EXTERN);
		ck_assert_int_ge(r->ksym, 0);
		ck_assert_str_eq(obj->ksyms[r->ksym].name, r->sym_name);
		if (insn->code == (BPF_JMP | BPF_CALL)) {
			ck_assert_int_eq(obj->ksyms[r->ksym].kind, BL_KSYM_FUNC);
			calls++;
		} else {
			ck_assert_int_eq(insn->code, BPF_LD | BPF_IMM | BPF_DW);
			loads++;
		}
	}
	ck_assert_uint_eq(calls, 1);	/* bl_no_such_kfunc(1) */
	ck_assert_uint_ge(loads, 4);	/* vfs_read and the 3 missing ones (clang loads the kfunc once) */
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* What BPF_BTF_LOAD gets: .ksyms entries allocated 4-byte ints at 4 * i,
 * the FUNC entries replaced by one added VAR, extern FUNCs global with
 * named parameters; every type id of the object's BTF still the same
 * kind; the object's own BTF untouched. */
START_TEST(btf_rewritten_for_the_kernel)
{
	UT_PROG(path, "test_ksyms");
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_btf *f = obj->btf_fixed, *o = obj->btf;
	int sec = bl_btf_find_by_name_kind(f, ".ksyms", BTF_KIND_DATASEC);
	const struct btf_type *t, *ft;
	const struct btf_param *param;
	unsigned n;

	ck_assert_int_gt(sec, 0);
	for (uint32_t id = 1; id < bl_btf_type_cnt(o); id++)
		ck_assert_int_eq(bl_btf_kind(bl_btf_type(o, id)), bl_btf_kind(bl_btf_type(f, id)));
	ck_assert_uint_eq(bl_btf_type_cnt(f), bl_btf_type_cnt(o) + 1); /* the VAR; int was there */
	t = bl_btf_type(f, (uint32_t)sec);
	n = bl_btf_vlen(t);
	ck_assert_uint_eq(n, 6);
	ck_assert_uint_eq(t->size, 4 * n);
	for (unsigned i = 0; i < n; i++) {
		const struct btf_var_secinfo *e = &bl_btf_secinfos(t)[i];
		const struct btf_type *v = bl_btf_type(f, e->type);
		const struct btf_type *vt = bl_btf_type(f, v->type);

		ck_assert_uint_eq(e->offset, 4 * i);
		ck_assert_uint_eq(e->size, 4);
		ck_assert_int_eq(bl_btf_kind(v), BTF_KIND_VAR);
		ck_assert_int_eq(bl_btf_var(v)->linkage, BTF_VAR_GLOBAL_ALLOCATED);
		ck_assert_int_eq(bl_btf_kind(vt), BTF_KIND_INT);
		ck_assert_uint_eq(vt->size, 4);
	}
	/* the kfunc: global, its unnamed parameter named; in the object's
	 * BTF as declared */
	ft = bl_btf_type(f, ksym(obj, "bl_no_such_kfunc")->btf_id);
	ck_assert_int_eq(bl_btf_vlen(ft), BTF_FUNC_GLOBAL);
	param = bl_btf_params(bl_btf_type(f, ft->type));
	ck_assert_str_ne(bl_btf_name(f, param[0].name_off), "");
	t = bl_btf_type(o, ksym(obj, "bl_no_such_kfunc")->btf_id);
	ck_assert_int_eq(bl_btf_vlen(t), BTF_FUNC_EXTERN);
	ck_assert_str_eq(bl_btf_name(o, bl_btf_params(bl_btf_type(o, t->type))[0].name_off), "");
	t = bl_btf_type(o, ksym(obj, "runqueues")->btf_id);
	ck_assert_int_eq(bl_btf_var(t)->linkage, BTF_VAR_GLOBAL_EXTERN);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* A BTF without a 4-byte INT gets one (ksym_percpu.s declares only a
 * struct). */
START_TEST(int_added_when_missing)
{
	UT_ASM(path, "ksym_percpu");
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_btf *f = obj->btf_fixed;
	uint32_t last = bl_btf_type_cnt(f) - 1;
	const struct btf_type *t = bl_btf_type(f, last);
	const struct btf_type *var = bl_btf_type(f, ksym(obj, "runqueues")->btf_id);

	ck_assert_uint_eq(bl_btf_type_cnt(f), bl_btf_type_cnt(obj->btf) + 1);
	ck_assert_int_eq(bl_btf_kind(t), BTF_KIND_INT);
	ck_assert_uint_eq(t->size, 4);
	ck_assert_uint_eq(var->type, last);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* --- hostile copies of the asm-tests' hand-written .BTF ---------------
 * Offsets in the type area (after the 24-byte header), from the .s files:
 * ksym_percpu: [1] STRUCT rq @0, [2] CONST @12, [3] VAR runqueues @24
 * (type @32, linkage @36), [4] DATASEC @40 (entry 0's type @52);
 * kfunc_call: [5] FUNC bpf_task_from_pid @60 (info @64, type @68),
 * [8] DATASEC @104 (entries' types @116, @128). */

static void patch(unsigned char *img, size_t at, uint32_t v)
{
	size_t idx;
	Elf64_Shdr *sh = ue_shdr_named(img, ".BTF", &idx);

	memcpy(img + sh->sh_offset + 24 + at, &v, sizeof(v));
}

static void expect_refused(const char *asm_name, size_t at, uint32_t v, const char *what,
			   const char *where)
{
	char *path = ut_asm_path(asm_name);
	size_t len;
	unsigned char *img;

	if (!ut_have(path, "ksyms hostile")) {
		free(path);
		return;
	}
	img = ut_slurp(path, &len);
	patch(img, at, v);
	ut_expect_reject(img, len, "hostile.o", what, where);
	free(img);
	free(path);
}

START_TEST(var_not_extern)
{
	expect_refused("ksym_percpu", 36, BTF_VAR_GLOBAL_ALLOCATED, "must have extern linkage",
		       "extern runqueues");
}
END_TEST

START_TEST(var_without_size)	/* struct rq made a forward declaration */
{
	expect_refused("ksym_percpu", 4, (uint32_t)BTF_KIND_FWD << 24, "has no size", "runqueues");
}
END_TEST

START_TEST(entry_not_var)	/* .ksyms lists the STRUCT */
{
	expect_refused("ksym_percpu", 52, 1, "is not a VAR", ".ksyms");
}
END_TEST

START_TEST(func_without_proto)	/* bpf_task_from_pid's type: the INT */
{
	expect_refused("kfunc_call", 68, 1, "is not a FUNC_PROTO", "bpf_task_from_pid");
}
END_TEST

START_TEST(func_not_extern)
{
	expect_refused("kfunc_call", 64, (uint32_t)BTF_KIND_FUNC << 24 | BTF_FUNC_STATIC,
		       "must have extern linkage", "bpf_task_from_pid");
}
END_TEST

START_TEST(entry_twice)	/* both entries bpf_task_from_pid */
{
	expect_refused("kfunc_call", 128, 5, "listed twice", "bpf_task_from_pid");
}
END_TEST

/* Without .ksyms (the kfunc's entry dropped: DATASEC vlen 1 -> 0 is not
 * possible in place, so the DATASEC is renamed) the call is an extern
 * the loader will refuse, not a reading error. */
START_TEST(extern_outside_ksyms_reads)
{
	UT_ASM(path, "kfunc_call");
	size_t len;
	unsigned char *img = ut_slurp(path, &len);
	struct bl_object_spec *obj = NULL;
	struct bl_err err = { "" };
	int rc;

	patch(img, 104, 0);	/* DATASEC .ksyms -> anonymous */
	rc = bl_object_spec_read_mem(img, len, "noksyms.o", &obj, &err);
	ck_assert_msg(rc == 0, "%s", err.msg);
	ck_assert_uint_eq(obj->ksym_cnt, 0);
	for (size_t i = 0; i < prog(obj, "kfunc_call")->reloc_cnt; i++)
		ck_assert_int_eq(prog(obj, "kfunc_call")->relocs[i].ksym, -1);
	bl_object_spec_free(obj);
	free(img);
	free(path);
}
END_TEST

Suite *suite_ksyms(void)
{
	Suite *s = suite_create("ksyms");
	TCase *tc = tcase_create("read");
	TCase *bad = tcase_create("hostile");

	tcase_add_test(tc, externs_classified);
	tcase_add_test(tc, relocations_name_their_extern);
	tcase_add_test(tc, btf_rewritten_for_the_kernel);
	tcase_add_test(tc, int_added_when_missing);
	tcase_add_test(tc, extern_outside_ksyms_reads);
	tcase_add_test(bad, var_not_extern);
	tcase_add_test(bad, var_without_size);
	tcase_add_test(bad, entry_not_var);
	tcase_add_test(bad, func_without_proto);
	tcase_add_test(bad, func_not_extern);
	tcase_add_test(bad, entry_twice);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, bad);
	return s;
}
