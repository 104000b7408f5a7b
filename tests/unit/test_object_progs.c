/* tests/unit/test_object_progs.c — the description elf/ makes of the
 * example programs of bpf-progs/ (clang-built C, legacy "maps"), field by
 * field where the source fixes the values (elf/object.h).
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static const struct bl_prog_spec *prog(const struct bl_object_spec *obj, const char *name)
{
	const struct bl_prog_spec *p = bl_object_spec_find_prog(obj, name);

	ck_assert_msg(p != NULL, "%s: no program %s", obj->path, name);
	return p;
}

/* Every relocation of every program is a map relocation with a valid index. */
static void check_map_relocs_only(const struct bl_object_spec *obj)
{
	for (size_t i = 0; i < obj->program_cnt; i++) {
		const struct bl_prog_spec *p = &obj->programs[i];

		for (size_t j = 0; j < p->reloc_cnt; j++) {
			const struct bl_reloc *r = &p->relocs[j];

			ck_assert_msg(r->kind == BL_RELOC_MAP, "%s: %s reloc %zu is %s", obj->path,
				      p->name, j, bl_reloc_kind_name(r->kind));
			ck_assert_int_ge(r->map, 0);
			ck_assert_int_lt(r->map, (int)obj->map_cnt);
			ck_assert_str_eq(obj->maps[r->map].name, r->sym_name);
			ck_assert_uint_lt(r->insn, p->insn_cnt - 1);
			ck_assert_int_eq(p->insns[r->insn].code, BPF_LD | BPF_DW | BPF_IMM);
		}
	}
}

START_TEST(syscall_count)
{
	UT_PROG(path, "syscall_count");
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_map_spec *m;
	const struct bl_prog_spec *p;

	ck_assert_str_eq(obj->license, "GPL");
	ck_assert_uint_eq(obj->map_cnt, 1);
	m = bl_object_spec_find_map(obj, "syscall_count");
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->type, BPF_MAP_TYPE_HASH);
	ck_assert_uint_eq(m->key_size, 4);
	ck_assert_uint_eq(m->value_size, 8);
	ck_assert_uint_eq(m->max_entries, 10240);
	ck_assert_uint_eq(m->map_flags, 0);
	ck_assert_uint_eq(m->sec_offset, 0);
	ck_assert_uint_ge(obj->program_cnt, 1);
	p = &obj->programs[0];
	ck_assert_str_eq(p->section, "raw_tracepoint/sys_enter");
	ck_assert_ptr_nonnull(p->def);
	ck_assert_int_eq(p->def->prog_type, BPF_PROG_TYPE_RAW_TRACEPOINT);
	ck_assert_int_eq(p->def->attach, BL_ATTACH_RAW_TRACEPOINT);
	ck_assert_str_eq(p->attach_target, "sys_enter");
	ck_assert_ptr_eq(bl_object_spec_find_prog(obj, p->name), p);
	ck_assert_uint_ge(p->reloc_cnt, 1);
	check_map_relocs_only(obj);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

static void check_map(const struct bl_object_spec *obj, const char *name, uint32_t type,
		      uint32_t key, uint32_t value, uint32_t max)
{
	const struct bl_map_spec *m = bl_object_spec_find_map(obj, name);

	ck_assert_msg(m != NULL, "%s: no map %s", obj->path, name);
	ck_assert_uint_eq(m->type, type);
	ck_assert_uint_eq(m->key_size, key);
	ck_assert_uint_eq(m->value_size, value);
	ck_assert_uint_eq(m->max_entries, max);
	ck_assert_uint_eq(m->map_flags, 0);
	ck_assert_uint_eq(m->sec_offset % 20, 0);
}

static void check_prog(const struct bl_prog_spec *p, const char *section,
		       enum bpf_prog_type type, enum bl_attach_kind attach, const char *target)
{
	ck_assert_str_eq(p->section, section);
	ck_assert_ptr_nonnull(p->def);
	ck_assert_int_eq(p->def->prog_type, type);
	ck_assert_int_eq(p->def->attach, attach);
	ck_assert_str_eq(p->attach_target, target);
}

/* How many relocations of p refer to the map called name. */
static size_t relocs_to(const struct bl_object_spec *obj, const struct bl_prog_spec *p, const char *name)
{
	size_t n = 0;

	for (size_t i = 0; i < p->reloc_cnt; i++) {
		const struct bl_reloc *r = &p->relocs[i];

		if (r->kind != BL_RELOC_MAP)
			continue;
		ck_assert_msg(r->map >= 0 && (size_t)r->map < obj->map_cnt, "%s: %s: map index %d",
			      obj->path, p->name, r->map);
		if (strcmp(obj->maps[r->map].name, name) == 0)
			n++;
	}
	return n;
}

START_TEST(fchmodat_trace)
{
	UT_PROG(path, "fchmodat_trace");
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_prog_spec *p;

	ck_assert_uint_eq(obj->program_cnt, 1);
	ck_assert_uint_eq(obj->map_cnt, 1);
	check_map(obj, "fchmodat_calls", BPF_MAP_TYPE_ARRAY, 4, 8, 1);
	p = prog(obj, "trace_fchmodat");
	check_prog(p, "tracepoint/syscalls/sys_enter_fchmodat", BPF_PROG_TYPE_TRACEPOINT,
		   BL_ATTACH_TRACEPOINT, "syscalls/sys_enter_fchmodat");
	ck_assert_uint_eq(relocs_to(obj, p, "fchmodat_calls"), 1);
	check_map_relocs_only(obj);
	ck_assert_str_eq(obj->license, "GPL");
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

START_TEST(kfree_skb_count)
{
	UT_PROG(path, "kfree_skb_count");
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_prog_spec *p;

	ck_assert_uint_eq(obj->program_cnt, 1);
	ck_assert_uint_eq(obj->map_cnt, 2);
	/* BTF-defined (".maps"), not legacy: no 20-byte records */
	for (int i = 0; i < 2; i++) {
		const struct bl_map_spec *m = bl_object_spec_find_map(obj, i ? "comm_by_pid" : "drops_by_pid");

		ck_assert_ptr_nonnull(m);
		ck_assert_uint_eq(m->type, BPF_MAP_TYPE_HASH);
		ck_assert_uint_eq(m->key_size, 4);
		ck_assert_uint_eq(m->value_size, i ? 16 : 8);
		ck_assert_uint_eq(m->max_entries, 10240);
	}
	p = prog(obj, "count_drops");
	check_prog(p, "tracepoint/skb/kfree_skb", BPF_PROG_TYPE_TRACEPOINT,
		   BL_ATTACH_TRACEPOINT, "skb/kfree_skb");
	ck_assert_uint_eq(relocs_to(obj, p, "drops_by_pid"), 2); /* lookup and update */
	ck_assert_uint_eq(relocs_to(obj, p, "comm_by_pid"), 1);
	check_map_relocs_only(obj);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

START_TEST(test_maps)
{
	UT_PROG(path, "test_maps");
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_prog_spec *a, *b;

	ck_assert_uint_eq(obj->map_cnt, 3);
	ck_assert_uint_eq(obj->map_def_size, 20);
	check_map(obj, "counts", BPF_MAP_TYPE_HASH, 4, 8, 128);
	check_map(obj, "hits", BPF_MAP_TYPE_ARRAY, 4, 16, 4);
	check_map(obj, "percpu", BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 2);
	ck_assert_uint_eq(obj->program_cnt, 2);
	a = prog(obj, "on_getppid");
	b = prog(obj, "on_sys_exit");
	check_prog(a, "tracepoint/syscalls/sys_enter_getppid", BPF_PROG_TYPE_TRACEPOINT,
		   BL_ATTACH_TRACEPOINT, "syscalls/sys_enter_getppid");
	check_prog(b, "raw_tp/sys_exit", BPF_PROG_TYPE_RAW_TRACEPOINT,
		   BL_ATTACH_RAW_TRACEPOINT, "sys_exit");
	ck_assert_uint_ne(a->shndx, b->shndx);
	ck_assert_uint_eq(relocs_to(obj, a, "hits"), 1);
	ck_assert_uint_eq(relocs_to(obj, a, "percpu"), 1);
	ck_assert_uint_eq(relocs_to(obj, a, "counts"), 0);
	ck_assert_uint_eq(relocs_to(obj, b, "counts"), 2);
	ck_assert_uint_eq(relocs_to(obj, b, "percpu"), 1);
	check_map_relocs_only(obj);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

START_TEST(test_two_in_one)
{
	UT_PROG(path, "test_two_in_one");
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_prog_spec *a, *b;
	const char *sec = "tracepoint/syscalls/sys_enter_getppid";

	ck_assert_uint_eq(obj->program_cnt, 2);
	a = prog(obj, "first");
	b = prog(obj, "second");
	check_prog(a, sec, BPF_PROG_TYPE_TRACEPOINT, BL_ATTACH_TRACEPOINT, "syscalls/sys_enter_getppid");
	check_prog(b, sec, BPF_PROG_TYPE_TRACEPOINT, BL_ATTACH_TRACEPOINT, "syscalls/sys_enter_getppid");
	ck_assert_uint_eq(a->shndx, b->shndx);
	ck_assert_uint_eq(a->sec_offset, 0);
	ck_assert_uint_eq(b->sec_offset, a->insn_cnt * 8); /* back to back */
	ck_assert_int_eq(a->insns[a->insn_cnt - 1].code, BPF_JMP | BPF_EXIT);
	ck_assert_uint_eq(relocs_to(obj, a, "slots"), 1);
	ck_assert_uint_eq(relocs_to(obj, b, "slots"), 1);
	check_map_relocs_only(obj); /* also: b's reloc index is within b */
	check_map(obj, "slots", BPF_MAP_TYPE_ARRAY, 4, 8, 2);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

START_TEST(test_reject)
{
	UT_PROG(path, "test_reject");
	struct bl_object_spec *obj = ut_read_ok(path); /* the verifier rejects "bad", not the reader */

	ck_assert_uint_eq(obj->program_cnt, 2);
	check_prog(prog(obj, "bad"), "tracepoint/syscalls/sys_enter_getppid",
		   BPF_PROG_TYPE_TRACEPOINT, BL_ATTACH_TRACEPOINT, "syscalls/sys_enter_getppid");
	check_prog(prog(obj, "good"), "raw_tp/sys_enter", BPF_PROG_TYPE_RAW_TRACEPOINT,
		   BL_ATTACH_RAW_TRACEPOINT, "sys_enter");
	check_map(obj, "values", BPF_MAP_TYPE_HASH, 4, 8, 16);
	check_map_relocs_only(obj);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* The other examples: read, recognised, relocations consistent. */
START_TEST(examples_read)
{
	static const char *const names[] = {
		"syscall_count", "fchmodat_trace", "kfree_skb_count", "test_maps", "test_two_in_one",
		"test_reject",
	};
	UT_PROG(path, names[_i]);
	struct bl_object_spec *obj = ut_read_ok(path);

	ck_assert_uint_ge(obj->program_cnt, 1);
	ck_assert_uint_gt(strlen(obj->license), 0);
	for (size_t i = 0; i < obj->program_cnt; i++) {
		const struct bl_prog_spec *p = &obj->programs[i];

		ck_assert_msg(p->def != NULL, "%s: section %s not recognised", path, p->section);
		ck_assert_uint_gt(p->insn_cnt, 0);
		ck_assert_int_eq(p->insns[p->insn_cnt - 1].code, BPF_JMP | BPF_EXIT);
		ck_assert_ptr_eq(prog(obj, p->name), p);
	}
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

Suite *suite_object_progs(void)
{
	Suite *s = suite_create("object_progs");
	TCase *tc = tcase_create("bpf-progs");

	tcase_add_test(tc, syscall_count);
	tcase_add_test(tc, fchmodat_trace);
	tcase_add_test(tc, kfree_skb_count);
	tcase_add_test(tc, test_maps);
	tcase_add_test(tc, test_two_in_one);
	tcase_add_test(tc, test_reject);
	tcase_add_loop_test(tc, examples_read, 0, 6);
	suite_add_tcase(s, tc);
	return s;
}
