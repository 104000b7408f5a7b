/* tests/unit/test_object_asm.c — the description elf/ makes of the
 * asm-tests objects, field by field (elf/object.h).
 *
 * The expected values come from the .s files (see their header comments);
 * ELF indexes (sections, symbols) are looked up in the file itself with
 * unit_elf.c, so that another assembler layout does not break the tests.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

/* The object, plus a raw copy of the file to look indexes up in. */
struct fixture {
	struct bl_object_spec *obj;
	unsigned char *img;
	size_t len;
};

static void open_fx(struct fixture *fx, const char *path)
{
	fx->obj = ut_read_ok(path);
	fx->img = ut_slurp(path, &fx->len);
}

static void close_fx(struct fixture *fx)
{
	bl_object_spec_free(fx->obj);
	free(fx->img);
}

static size_t shndx_of(struct fixture *fx, const char *section)
{
	size_t i;

	ue_shdr_named(fx->img, section, &i);
	return i;
}

static size_t symndx_of(struct fixture *fx, const char *sym)
{
	size_t i;

	ue_sym_named(fx->img, sym, &i);
	return i;
}

static const struct bl_prog_spec *prog(const struct bl_object_spec *obj, const char *name)
{
	const struct bl_prog_spec *p = bl_object_spec_find_prog(obj, name);

	ck_assert_msg(p != NULL, "%s: no program %s", obj->path, name);
	return p;
}

static int map_index(const struct bl_object_spec *obj, const char *name)
{
	const struct bl_map_spec *m = bl_object_spec_find_map(obj, name);

	ck_assert_msg(m != NULL, "%s: no map %s", obj->path, name);
	return (int)(m - obj->maps);
}

static const struct bl_reloc *reloc_at(const struct bl_prog_spec *p, uint32_t insn)
{
	for (size_t i = 0; i < p->reloc_cnt; i++)
		if (p->relocs[i].insn == insn)
			return &p->relocs[i];
	ck_abort_msg("%s: no relocation at insn %u", p->name, insn);
	return NULL;
}

/* Checks one program against the expectations of its .s file. */
static void check_prog(struct fixture *fx, const struct bl_prog_spec *p, const char *section,
		       uint64_t sec_offset, size_t insn_cnt, enum bpf_prog_type type,
		       const char *pattern, const char *target, size_t reloc_cnt)
{
	Elf64_Shdr *sh = ue_shdr_named(fx->img, section, NULL);

	ck_assert_str_eq(p->section, section);
	ck_assert_uint_eq(p->shndx, shndx_of(fx, section));
	ck_assert_uint_eq(p->sec_offset, sec_offset);
	ck_assert_uint_eq(p->insn_cnt, insn_cnt);
	ck_assert_ptr_nonnull(p->insns);
	ck_assert(memcmp(p->insns, fx->img + sh->sh_offset + sec_offset, insn_cnt * 8) == 0);
	ck_assert_ptr_nonnull(p->def);
	ck_assert_str_eq(p->def->pattern, pattern);
	ck_assert_int_eq(p->def->prog_type, type);
	if (target)
		ck_assert_str_eq(p->attach_target, target);
	else
		ck_assert_ptr_null(p->attach_target);
	ck_assert_uint_eq(p->reloc_cnt, reloc_cnt);
}

static void check_map(const struct bl_object_spec *obj, const char *name, uint32_t type,
		      uint32_t key, uint32_t value, uint32_t max, uint32_t flags, uint32_t off)
{
	const struct bl_map_spec *m = bl_object_spec_find_map(obj, name);

	ck_assert_msg(m != NULL, "no map %s", name);
	ck_assert_str_eq(m->name, name);
	ck_assert_uint_eq(m->type, type);
	ck_assert_uint_eq(m->key_size, key);
	ck_assert_uint_eq(m->value_size, value);
	ck_assert_uint_eq(m->max_entries, max);
	ck_assert_uint_eq(m->map_flags, flags);
	ck_assert_uint_eq(m->sec_offset, off);
}

static void check_map_reloc(struct fixture *fx, const struct bl_prog_spec *p, uint32_t insn,
			    const char *map)
{
	const struct bl_reloc *r = reloc_at(p, insn);

	ck_assert_int_eq(r->kind, BL_RELOC_MAP);
	ck_assert_str_eq(r->sym_name, map);
	ck_assert_uint_eq(r->sym, symndx_of(fx, map));
	ck_assert_uint_eq(r->sym_shndx, shndx_of(fx, "maps"));
	ck_assert_int_eq(r->map, map_index(fx->obj, map));
	ck_assert_int_eq(p->insns[insn].code, BPF_LD | BPF_DW | BPF_IMM);
}

START_TEST(tp_minimal)
{
	UT_ASM(path, "tp_minimal");
	struct fixture fx;
	const struct bl_prog_spec *p;
	const struct bl_section *lic;

	open_fx(&fx, path);
	ck_assert_str_eq(fx.obj->path, path);
	ck_assert_str_eq(fx.obj->license, "GPL");
	ck_assert(!fx.obj->has_kern_version);
	ck_assert_uint_eq(fx.obj->map_cnt, 0);
	ck_assert_uint_eq(fx.obj->map_def_size, 0);
	ck_assert_uint_eq(fx.obj->program_cnt, 1);
	p = prog(fx.obj, "tp_minimal");
	ck_assert_ptr_eq(p, &fx.obj->programs[0]);
	ck_assert_str_eq(p->name, "tp_minimal");
	check_prog(&fx, p, "tracepoint/syscalls/sys_enter_getppid", 0, 2,
		   BPF_PROG_TYPE_TRACEPOINT, "tracepoint+", "syscalls/sys_enter_getppid", 0);
	ck_assert_int_eq(p->def->attach, BL_ATTACH_TRACEPOINT);
	ck_assert_int_eq(p->insns[0].code, BPF_ALU64 | BPF_MOV | BPF_K);
	ck_assert_int_eq(p->insns[1].code, BPF_JMP | BPF_EXIT);
	ck_assert_ptr_null(bl_object_spec_find_prog(fx.obj, "no_such_prog"));
	ck_assert_ptr_null(bl_object_spec_find_map(fx.obj, "no_such_map"));

	lic = ut_section(fx.obj, "license");
	ck_assert_ptr_nonnull(lic);
	ck_assert_uint_eq(lic->type, SHT_PROGBITS);
	ck_assert_uint_eq(lic->size, 4);
	ck_assert_uint_eq(lic->offset, ue_shdr_named(fx.img, "license", NULL)->sh_offset);
	ck_assert_uint_eq(ut_section(fx.obj, p->section)->flags & (SHF_EXECINSTR | SHF_ALLOC),
			  SHF_EXECINSTR | SHF_ALLOC);
	ck_assert_uint_eq(ut_section(fx.obj, ".symtab")->type, SHT_SYMTAB);
	close_fx(&fx);
	free(path);
}
END_TEST

START_TEST(map_lookup)
{
	UT_ASM(path, "map_lookup");
	struct fixture fx;
	const struct bl_prog_spec *p;

	open_fx(&fx, path);
	ck_assert_str_eq(fx.obj->license, "GPL");
	ck_assert_uint_eq(fx.obj->map_cnt, 1);
	ck_assert_uint_eq(fx.obj->map_def_size, 20);
	check_map(fx.obj, "counts", BPF_MAP_TYPE_HASH, 4, 8, 16, 0, 0);
	ck_assert_uint_eq(fx.obj->program_cnt, 1);
	p = prog(fx.obj, "count_getppid");
	check_prog(&fx, p, "tracepoint/syscalls/sys_enter_getppid", 0, 12,
		   BPF_PROG_TYPE_TRACEPOINT, "tracepoint+", "syscalls/sys_enter_getppid", 1);
	check_map_reloc(&fx, p, 4, "counts");
	ck_assert_int_eq(p->insns[6].code, BPF_JMP | BPF_CALL);
	ck_assert_int_eq(p->insns[6].imm, BPF_FUNC_map_lookup_elem);
	ck_assert_ptr_nonnull(ut_section(fx.obj, ".reltracepoint/syscalls/sys_enter_getppid"));
	ck_assert_uint_eq(ut_section(fx.obj, ".reltracepoint/syscalls/sys_enter_getppid")->info,
			  p->shndx);
	close_fx(&fx);
	free(path);
}
END_TEST

START_TEST(two_progs)
{
	UT_ASM(path, "two_progs");
	struct fixture fx;
	const struct bl_prog_spec *a, *b;
	const char *sec = "tracepoint/syscalls/sys_enter_getpid";

	open_fx(&fx, path);
	ck_assert_uint_eq(fx.obj->program_cnt, 2);
	a = prog(fx.obj, "prog_first");
	b = prog(fx.obj, "prog_second");
	check_prog(&fx, a, sec, 0, 2, BPF_PROG_TYPE_TRACEPOINT, "tracepoint+",
		   "syscalls/sys_enter_getpid", 0);
	check_prog(&fx, b, sec, 16, 12, BPF_PROG_TYPE_TRACEPOINT, "tracepoint+",
		   "syscalls/sys_enter_getpid", 1);
	ck_assert_int_eq(b->insns[0].imm, 1); /* r1 = 1, not prog_first's r0 = 0 */
	check_map_reloc(&fx, b, 4, "hits");	/* insn 6 of the section */
	check_map(fx.obj, "hits", BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0, 0);
	close_fx(&fx);
	free(path);
}
END_TEST

START_TEST(version_sec)
{
	UT_ASM(path, "version_sec");
	struct fixture fx;

	open_fx(&fx, path);
	ck_assert(fx.obj->has_kern_version);
	ck_assert_uint_eq(fx.obj->kern_version, 0x00060100);
	ck_assert_str_eq(fx.obj->license, "Dual BSD/GPL");
	ck_assert_uint_eq(fx.obj->program_cnt, 1);
	check_prog(&fx, prog(fx.obj, "with_version"), "tracepoint/syscalls/sys_enter_getppid",
		   0, 3, BPF_PROG_TYPE_TRACEPOINT, "tracepoint+", "syscalls/sys_enter_getppid", 0);
	close_fx(&fx);
	free(path);
}
END_TEST

START_TEST(nosym_section)
{
	UT_ASM(path, "nosym_section");
	struct fixture fx;
	const char *sec = "tp/syscalls/sys_enter_getpid";
	const struct bl_prog_spec *p;

	open_fx(&fx, path);
	ck_assert_uint_eq(fx.obj->program_cnt, 1);
	p = prog(fx.obj, sec);
	ck_assert_str_eq(p->name, sec);
	check_prog(&fx, p, sec, 0, 3, BPF_PROG_TYPE_TRACEPOINT, "tp+", "syscalls/sys_enter_getpid", 0);
	ck_assert_int_eq(p->insns[0].imm, 7);
	close_fx(&fx);
	free(path);
}
END_TEST

START_TEST(maps_multi)
{
	UT_ASM(path, "maps_multi");
	struct fixture fx;
	const struct bl_prog_spec *p;

	open_fx(&fx, path);
	ck_assert_uint_eq(fx.obj->map_cnt, 3);
	ck_assert_uint_eq(fx.obj->map_def_size, 28);
	check_map(fx.obj, "arr", BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0, 0);
	check_map(fx.obj, "hash", BPF_MAP_TYPE_HASH, 8, 16, 128, BPF_F_NO_PREALLOC, 28);
	check_map(fx.obj, "events", BPF_MAP_TYPE_RINGBUF, 0, 0, 4096, 0, 56);
	p = prog(fx.obj, "multi");
	check_prog(&fx, p, "tracepoint/syscalls/sys_enter_getppid", 0, 19,
		   BPF_PROG_TYPE_TRACEPOINT, "tracepoint+", "syscalls/sys_enter_getppid", 2);
	check_map_reloc(&fx, p, 4, "hash");
	check_map_reloc(&fx, p, 12, "events");
	ck_assert_int_ne(reloc_at(p, 4)->map, reloc_at(p, 12)->map);
	close_fx(&fx);
	free(path);
}
END_TEST

START_TEST(data_call)
{
	UT_ASM(path, "data_call");
	struct fixture fx;
	const struct bl_prog_spec *p;
	const struct bl_reloc *r;
	static const struct { uint32_t insn; const char *sym, *sec; } data[] = {
		{ 2, "limit", ".rodata" }, { 5, "total", ".data" }, { 10, "last", ".bss" },
	};

	open_fx(&fx, path);
	ck_assert_uint_eq(fx.obj->program_cnt, 1); /* add_one in .text is no program */
	ck_assert_ptr_null(bl_object_spec_find_prog(fx.obj, "add_one"));
	ck_assert_uint_eq(fx.obj->subprog_cnt, 1); /* but a subprogram */
	ck_assert_str_eq(fx.obj->subprogs[0].name, "add_one");
	ck_assert_str_eq(fx.obj->subprogs[0].section, ".text");
	ck_assert_uint_eq(fx.obj->subprogs[0].insn_cnt, 2);
	ck_assert_ptr_null(fx.obj->subprogs[0].def);
	ck_assert_uint_eq(fx.obj->map_cnt, 3); /* .rodata, .data, .bss: one array each */
	p = prog(fx.obj, "data_call");
	check_prog(&fx, p, "raw_tracepoint/sys_enter", 0, 15, BPF_PROG_TYPE_RAW_TRACEPOINT,
		   "raw_tracepoint+", "sys_enter", 4);
	ck_assert_int_eq(p->def->attach, BL_ATTACH_RAW_TRACEPOINT);
	r = reloc_at(p, 0);
	ck_assert_int_eq(r->kind, BL_RELOC_CALL);
	ck_assert_int_eq(r->map, -1);
	ck_assert_uint_eq(r->sym_shndx, shndx_of(&fx, ".text"));
	ck_assert_uint_eq(r->off, 0); /* add_one is at the start of .text */
	ck_assert_ptr_eq(bl_object_spec_func_at(fx.obj, r->sym_shndx, r->off), &fx.obj->subprogs[0]);
	for (size_t i = 0; i < 3; i++) {
		const struct bl_map_spec *m;

		r = reloc_at(p, data[i].insn);
		ck_assert_msg(r->kind == BL_RELOC_DATA, "%s: kind %s", data[i].sym,
			      bl_reloc_kind_name(r->kind));
		ck_assert_str_eq(r->sym_name, data[i].sym);
		ck_assert_uint_eq(r->sym, symndx_of(&fx, data[i].sym));
		ck_assert_uint_eq(r->sym_shndx, shndx_of(&fx, data[i].sec));
		ck_assert_int_ge(r->map, 0);
		m = &fx.obj->maps[r->map];
		ck_assert_int_eq(m->origin, BL_MAP_DATA);
		ck_assert_uint_eq(m->sec_idx, shndx_of(&fx, data[i].sec));
		ck_assert_ptr_eq(bl_object_spec_find_map(fx.obj, data[i].sec), m);
		ck_assert_uint_eq(m->value_size, 8);
		ck_assert_uint_eq(r->off, 0);
	}
	ck_assert_uint_eq(ut_section(fx.obj, ".bss")->type, SHT_NOBITS);
	close_fx(&fx);
	free(path);
}
END_TEST

/* An undefined symbol: "total" made SHN_UNDEF in a copy of data_call.o. */
START_TEST(extern_reloc)
{
	UT_ASM(path, "data_call");
	size_t len;
	unsigned char *img = ut_slurp(path, &len);
	struct bl_object_spec *obj = NULL;
	struct bl_err err = { "" };
	const struct bl_prog_spec *p;
	int rc;

	ue_sym_named(img, "total", NULL)->st_shndx = SHN_UNDEF;
	rc = bl_object_spec_read_mem(img, len, "extern.o", &obj, &err);
	ck_assert_msg(rc == 0, "rc %d: %s", rc, err.msg);
	ck_assert_str_eq(obj->path, "extern.o");
	p = prog(obj, "data_call");
	ck_assert_uint_eq(p->reloc_cnt, 4);
	ck_assert_int_eq(reloc_at(p, 5)->kind, BL_RELOC_EXTERN);
	ck_assert_str_eq(reloc_at(p, 5)->sym_name, "total");
	ck_assert_uint_eq(reloc_at(p, 5)->sym_shndx, SHN_UNDEF);
	ck_assert_int_eq(reloc_at(p, 2)->kind, BL_RELOC_DATA);
	bl_object_spec_free(obj);
	free(img);
	free(path);
}
END_TEST

/* The verifier rejects these; the reader must not. */
START_TEST(rejected_ones_read_fine)
{
	static const char *const names[] = { "r0_unset", "null_deref", "map_value_oob" };
	UT_ASM(path, names[_i]);
	struct bl_object_spec *obj = ut_read_ok(path);

	ck_assert_uint_eq(obj->program_cnt, 1);
	ck_assert_str_eq(obj->programs[0].name, names[_i]);
	ck_assert_uint_eq(obj->map_cnt, _i == 0 ? 0 : 1);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

START_TEST(read_mem_equals_read)
{
	UT_ASM(path, "maps_multi");
	size_t len;
	unsigned char *img = ut_slurp(path, &len);
	struct bl_object_spec *a = ut_read_ok(path), *b = NULL;
	struct bl_err err = { "" };

	ck_assert_int_eq(bl_object_spec_read_mem(img, len, "copy", &b, &err), 0);
	memset(img, 0, len); /* b must not point into the caller's buffer */
	ck_assert_str_eq(b->path, "copy");
	ck_assert_uint_eq(a->program_cnt, b->program_cnt);
	ck_assert_uint_eq(a->map_cnt, b->map_cnt);
	ck_assert_uint_eq(a->section_cnt, b->section_cnt);
	ck_assert_uint_eq(a->programs[0].insn_cnt, b->programs[0].insn_cnt);
	ck_assert(memcmp(a->programs[0].insns, b->programs[0].insns, a->programs[0].insn_cnt * 8) == 0);
	ck_assert_str_eq(b->programs[0].relocs[0].sym_name, a->programs[0].relocs[0].sym_name);
	ck_assert_str_eq(b->maps[0].name, a->maps[0].name);
	ck_assert_str_eq(b->license, "GPL");
	bl_object_spec_free(a);
	bl_object_spec_free(b);
	free(img);
	free(path);
}
END_TEST

Suite *suite_object_asm(void)
{
	Suite *s = suite_create("object_asm");
	TCase *tc = tcase_create("asm-tests");

	tcase_add_test(tc, tp_minimal);
	tcase_add_test(tc, map_lookup);
	tcase_add_test(tc, two_progs);
	tcase_add_test(tc, version_sec);
	tcase_add_test(tc, nosym_section);
	tcase_add_test(tc, maps_multi);
	tcase_add_test(tc, data_call);
	tcase_add_test(tc, extern_reloc);
	tcase_add_loop_test(tc, rejected_ones_read_fine, 0, 3);
	tcase_add_test(tc, read_mem_equals_read);
	suite_add_tcase(s, tc);
	return s;
}
