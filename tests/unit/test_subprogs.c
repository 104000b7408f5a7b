/* tests/unit/test_subprogs.c — subprograms and their calls
 * (elf/read/subprogs.c, the BL_RELOC_CALL part of elf/read/relocs.c).
 *
 * bpf-progs/test_subprog.bpf.o: the functions of .text and the static
 * function of the program section are subprograms, each matching its
 * symbol (read straight from the ELF image with unit_elf.c); every call
 * and callback address leads, through bl_object_spec_func_at, to the function
 * the source calls; a call without relocation (same section) too. Broken
 * copies are refused. The encodings are those of llvm_reloc.rst.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define OBJ "test_subprog"
#define TP_SEC "tracepoint/syscalls/sys_enter_getppid"

struct fx {
	char *path;
	struct bl_object_spec *obj;
	unsigned char *img;
	size_t len;
};

static bool open_fx(struct fx *f, const char *test)
{
	f->path = ut_prog_path(OBJ);
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

static const struct bl_prog_spec *subprog(const struct bl_object_spec *obj, const char *name)
{
	for (size_t i = 0; i < obj->subprog_cnt; i++)
		if (!strcmp(obj->subprogs[i].name, name))
			return &obj->subprogs[i];
	ck_abort_msg("no subprogram %s", name);
	return NULL;
}

START_TEST(functions)
{
	static const struct { const char *name, *section; } want[] = {
		{ "square", ".text" }, { "cube", ".text" }, { "store", ".text" },
		{ "sum3", ".text" }, { "loop_step", ".text" }, { "plus_seven", TP_SEC },
	};
	struct fx f;

	if (!open_fx(&f, __func__))
		return;
	ck_assert_uint_eq(f.obj->program_cnt, 2); /* call_subprogs, call_square */
	ck_assert_ptr_nonnull(bl_object_spec_find_prog(f.obj, "call_subprogs"));
	ck_assert_ptr_nonnull(bl_object_spec_find_prog(f.obj, "call_square"));
	ck_assert_ptr_null(bl_object_spec_find_prog(f.obj, "plus_seven"));
	ck_assert_uint_eq(f.obj->subprog_cnt, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < f.obj->subprog_cnt; i++) {
		const struct bl_prog_spec *p = subprog(f.obj, want[i].name);
		Elf64_Sym *s = ue_sym_named(f.img, want[i].name, NULL);
		size_t shndx;
		Elf64_Shdr *sh = ue_shdr_named(f.img, want[i].section, &shndx);

		ck_assert_str_eq(p->section, want[i].section);
		ck_assert_uint_eq(p->shndx, shndx);
		ck_assert_uint_eq(p->sec_offset, s->st_value);
		ck_assert_uint_eq(p->insn_cnt * 8, s->st_size);
		ck_assert(memcmp(p->insns, f.img + sh->sh_offset + s->st_value, s->st_size) == 0);
		ck_assert_ptr_null(p->def);
		ck_assert_ptr_eq(bl_object_spec_func_at(f.obj, (uint32_t)shndx, s->st_value), p);
		ck_assert_ptr_eq(bl_object_spec_func_at(f.obj, (uint32_t)shndx,
						   s->st_value + s->st_size - 8), p);
	}
	/* in order of section and place */
	for (size_t i = 1; i < f.obj->subprog_cnt; i++) {
		const struct bl_prog_spec *a = &f.obj->subprogs[i - 1], *b = &f.obj->subprogs[i];

		ck_assert(a->shndx < b->shndx || (a->shndx == b->shndx && a->sec_offset < b->sec_offset));
	}
	close_fx(&f);
}
END_TEST

/* The function called (or whose address is taken) at insn j of fn. */
static const struct bl_prog_spec *target(const struct bl_object_spec *obj, const struct bl_prog_spec *fn,
				       size_t j)
{
	const struct bpf_insn *insn = &fn->insns[j];

	for (size_t i = 0; i < fn->reloc_cnt; i++)
		if (fn->relocs[i].insn == j) {
			ck_assert_int_eq(fn->relocs[i].kind, BL_RELOC_CALL);
			ck_assert_int_eq(fn->relocs[i].map, -1);
			return bl_object_spec_func_at(obj, fn->relocs[i].sym_shndx, fn->relocs[i].off);
		}
	/* no relocation: a static function of the same section */
	ck_assert_uint_eq(insn->src_reg, BPF_PSEUDO_CALL);
	return bl_object_spec_func_at(obj, fn->shndx, fn->sec_offset + (j + 1 + insn->imm) * 8);
}

/* The functions called in fn, in order, space-separated; "&name" for an
 * address taken. */
static void callees(const struct bl_object_spec *obj, const struct bl_prog_spec *fn, char *out,
		    size_t len)
{
	out[0] = '\0';
	for (size_t j = 0; j < fn->insn_cnt; j++) {
		const struct bpf_insn *insn = &fn->insns[j];
		bool call = insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_CALL;
		bool addr = false;

		for (size_t i = 0; i < fn->reloc_cnt; i++)
			addr |= fn->relocs[i].insn == j && fn->relocs[i].kind == BL_RELOC_CALL &&
				insn->code == (BPF_LD | BPF_IMM | BPF_DW);
		if (call || addr) {
			const struct bl_prog_spec *t = target(obj, fn, j);

			ck_assert_msg(t != NULL, "%s: insn %zu calls nothing", fn->name, j);
			snprintf(out + strlen(out), len - strlen(out), "%s%s%s", out[0] ? " " : "",
				 addr ? "&" : "", t->name);
		}
	}
}

START_TEST(calls)
{
	struct fx f;
	char buf[256];

	if (!open_fx(&f, __func__))
		return;
	callees(f.obj, bl_object_spec_find_prog(f.obj, "call_subprogs"), buf, sizeof(buf));
	ck_assert_str_eq(buf, "square store sum3 store &loop_step store store plus_seven store cube store");
	callees(f.obj, bl_object_spec_find_prog(f.obj, "call_square"), buf, sizeof(buf));
	ck_assert_str_eq(buf, "square store");
	callees(f.obj, subprog(f.obj, "sum3"), buf, sizeof(buf));
	ck_assert_str_eq(buf, "square");
	callees(f.obj, subprog(f.obj, "square"), buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
	close_fx(&f);
}
END_TEST

/* The relocations of a subprogram are its own: store uses the map
 * results and the .bss variable stores. */
START_TEST(subprogram_relocations)
{
	struct fx f;
	const struct bl_prog_spec *store;
	bool map = false, data = false;

	if (!open_fx(&f, __func__))
		return;
	store = subprog(f.obj, "store");
	ck_assert_uint_eq(store->reloc_cnt, 2);
	for (size_t i = 0; i < store->reloc_cnt; i++) {
		const struct bl_reloc *r = &store->relocs[i];

		ck_assert_uint_lt(r->insn, store->insn_cnt);
		if (r->kind == BL_RELOC_MAP) {
			map = true;
			ck_assert_str_eq(f.obj->maps[r->map].name, "results");
		} else {
			ck_assert_int_eq(r->kind, BL_RELOC_DATA);
			data = true;
			ck_assert_ptr_eq(&f.obj->maps[r->map], bl_object_spec_find_map(f.obj, ".bss"));
			ck_assert_uint_eq(r->off, ue_sym_named(f.img, "stores", NULL)->st_value);
		}
	}
	ck_assert(map && data);
	close_fx(&f);
}
END_TEST

/* asm-tests/static_call.s: the local function after the program in its
 * section is a subprogram, called without relocation; it calls .text. */
START_TEST(asm_static_call)
{
	UT_ASM(path, "static_call");
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_prog_spec *p = bl_object_spec_find_prog(obj, "static_call");
	char buf[64];

	ck_assert_uint_eq(obj->program_cnt, 1);
	ck_assert_uint_eq(p->insn_cnt, 4);
	ck_assert_uint_eq(p->reloc_cnt, 0);
	ck_assert_uint_eq(obj->subprog_cnt, 2);
	ck_assert_str_eq(subprog(obj, "double_it")->section, p->section);
	ck_assert_uint_eq(subprog(obj, "double_it")->sec_offset, 4 * 8);
	ck_assert_str_eq(subprog(obj, "add_ten")->section, ".text");
	callees(obj, p, buf, sizeof(buf));
	ck_assert_str_eq(buf, "double_it");
	callees(obj, subprog(obj, "double_it"), buf, sizeof(buf));
	ck_assert_str_eq(buf, "add_ten");
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* data_call.o with add_one's size running past .text: refused. */
START_TEST(function_outside_section)
{
	UT_ASM(path, "data_call");
	size_t len;
	unsigned char *img = ut_slurp(path, &len);

	ue_sym_named(img, "add_one", NULL)->st_size = 64;
	ut_expect_reject(img, len, "big.o", "lie outside section", "add_one");
	free(img);
	free(path);
}
END_TEST

/* data_call.o whose call points past the end of .text: refused. */
START_TEST(call_outside_section)
{
	UT_ASM(path, "data_call");
	size_t len;
	unsigned char *img = ut_slurp(path, &len);
	Elf64_Shdr *sh = ue_shdr_named(img, "raw_tracepoint/sys_enter", NULL);
	struct bpf_insn *call = (struct bpf_insn *)(img + sh->sh_offset);

	ck_assert_uint_eq(call->code, BPF_JMP | BPF_CALL);
	call->imm = 100;
	ut_expect_reject(img, len, "far.o", "is not an instruction of code", ".text");
	free(img);
	free(path);
}
END_TEST

Suite *suite_subprogs(void)
{
	Suite *s = suite_create("subprogs");
	TCase *tc = tcase_create("subprogs");

	tcase_add_test(tc, functions);
	tcase_add_test(tc, calls);
	tcase_add_test(tc, subprogram_relocations);
	tcase_add_test(tc, asm_static_call);
	tcase_add_test(tc, function_outside_section);
	tcase_add_test(tc, call_outside_section);
	suite_add_tcase(s, tc);
	return s;
}
