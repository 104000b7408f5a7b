/* tests/host/test_select.c — which programs bl_load loads: --prog,
 * --skip (bl_load_opts.only_progs / skip_progs) and libbpf's "no
 * autoload" sections, SEC("?..."). */
#include "host.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

START_TEST(skip_leaves_a_rejected_program_out)
{
	const char *skip[] = { "bad" };
	struct bl_load_opts o = { .log_level = 1, .skip_progs = skip, .skip_prog_cnt = 1 };
	struct bl_err err = { "" };
	struct bl_object_spec *obj;
	struct bl_object *l;

	UT_PROG(path, "test_reject");
	obj = ut_read_ok(path);
	ck_assert_msg(bl_load(obj, &o, &l, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(bl_object_find_prog(l, "bad")->state, BL_PROG_SKIPPED);
	ck_assert_int_eq(bl_object_find_prog(l, "bad")->fd, -1);
	ck_assert_int_eq(bl_object_find_prog(l, "good")->state, BL_PROG_LOADED);
	bl_close(l);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

START_TEST(prog_loads_only_the_named_ones)
{
	const char *only[] = { "bad" };
	struct bl_load_opts o = { .keep_going = true, .log_level = 1, .only_progs = only,
				  .only_prog_cnt = 1 };
	struct bl_err err = { "" };
	struct bl_object_spec *obj;
	struct bl_object *l;

	UT_PROG(path, "test_reject");
	obj = ut_read_ok(path);
	ck_assert_int_eq(bl_load(obj, &o, &l, &err), -EACCES);
	ck_assert_int_eq(bl_object_find_prog(l, "bad")->state, BL_PROG_REJECTED);
	ck_assert_int_eq(bl_object_find_prog(l, "good")->state, BL_PROG_SKIPPED);
	bl_close(l);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

START_TEST(unknown_names_are_errors)
{
	const char *nope[] = { "no_such_prog" };
	struct bl_load_opts only = { .log_level = 1, .only_progs = nope, .only_prog_cnt = 1 };
	struct bl_load_opts skip = { .log_level = 1, .skip_progs = nope, .skip_prog_cnt = 1 };
	struct bl_err err = { "" };
	struct bl_object_spec *obj;
	struct bl_object *l;

	UT_PROG(path, "test_reject");
	obj = ut_read_ok(path);
	ck_assert_int_eq(bl_load(obj, &only, &l, &err), -ENOENT);
	/* A result all the same, in which nothing was made or tried. */
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(l->stage, BL_LOAD_CHECKED);
	for (size_t i = 0; i < l->prog_cnt; i++)
		ck_assert_int_eq(l->progs[i].state, BL_PROG_NOT_LOADED);
	bl_close(l);
	ck_assert_msg(strstr(err.msg, "--prog no_such_prog") && strstr(err.msg, path), "%s", err.msg);
	ck_assert_int_eq(bl_load(obj, &skip, &l, &err), -ENOENT);
	ck_assert_msg(strstr(err.msg, "--skip no_such_prog"), "%s", err.msg);
	bl_close(l);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

START_TEST(question_mark_sections_load_on_request)
{
	const char *only[] = { "on_demand" };
	struct bl_load_opts o = { .log_level = 1, .only_progs = only, .only_prog_cnt = 1 };
	struct bl_err err = { "" };
	struct bl_object_spec *obj;
	struct bl_object *l;
	const struct bl_prog_spec *p;

	UT_ASM(path, "no_autoload");
	obj = ut_read_ok(path);
	p = bl_object_spec_find_prog(obj, "on_demand");
	ck_assert(!p->autoload);
	ck_assert_ptr_nonnull(p->def);
	ck_assert_int_eq(p->def->prog_type, BPF_PROG_TYPE_TRACEPOINT);
	ck_assert_str_eq(p->attach_target, "syscalls/sys_enter_getppid");
	ck_assert(bl_object_spec_find_prog(obj, "always")->autoload);

	ck_assert_msg(bl_load(obj, NULL, &l, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(bl_object_find_prog(l, "on_demand")->state, BL_PROG_SKIPPED);
	ck_assert_int_eq(bl_object_find_prog(l, "always")->state, BL_PROG_LOADED);
	ck_assert_msg(bl_attach(l, NULL, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(bl_object_find_prog(l, "on_demand")->link.perf_fd, -1);
	bl_close(l);

	ck_assert_msg(bl_load(obj, &o, &l, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(bl_object_find_prog(l, "on_demand")->state, BL_PROG_LOADED);
	ck_assert_int_eq(bl_object_find_prog(l, "always")->state, BL_PROG_SKIPPED);
	bl_close(l);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

Suite *suite_select(void)
{
	Suite *s = suite_create("select");
	TCase *tc = tcase_create("programs");

	tcase_add_test(tc, skip_leaves_a_rejected_program_out);
	tcase_add_test(tc, prog_loads_only_the_named_ones);
	tcase_add_test(tc, unknown_names_are_errors);
	tcase_add_test(tc, question_mark_sections_load_on_request);
	suite_add_tcase(s, tc);
	return s;
}
