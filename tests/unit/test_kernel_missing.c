/* tests/unit/test_kernel_missing.c — what a kernel of a given version
 * lacks of a program's needs, and the sentence `verify` and `run` print
 * when it refused the program (elf/kernel_req/missing.c): the release
 * strings of distribution kernels, the choice of reasons (above the
 * version, not notes, highest first), the short and long forms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/kernel_req/kernel_req.h"
#include "unit.h"

#define KV BL_KV

START_TEST(release_strings)
{
	ck_assert_uint_eq(bl_kv_parse("5.10.0-32-amd64"), KV(5, 10));
	ck_assert_uint_eq(bl_kv_parse("6.1.0-37-arm64"), KV(6, 1));
	ck_assert_uint_eq(bl_kv_parse("6.12.38+deb13-amd64"), KV(6, 12));
	ck_assert_uint_eq(bl_kv_parse("6.18"), KV(6, 18));
	ck_assert_uint_eq(bl_kv_parse("6.18.0"), KV(6, 18));
	ck_assert_uint_eq(bl_kv_parse("6.8.0-rc1"), KV(6, 8));
	ck_assert_uint_eq(bl_kv_parse("4.18.0-553.el8_10.x86_64"), KV(4, 18));
	ck_assert_uint_eq(bl_kv_parse("5.4.0+"), KV(5, 4));
	ck_assert_uint_eq(bl_kv_parse("2.6.78-fc-v1272"), KV(2, 6)); /* setarch --uname-2.6 */
	/* not MAJOR.MINOR at the start */
	ck_assert_uint_eq(bl_kv_parse(""), 0);
	ck_assert_uint_eq(bl_kv_parse(NULL), 0);
	ck_assert_uint_eq(bl_kv_parse("6"), 0);
	ck_assert_uint_eq(bl_kv_parse("6."), 0);
	ck_assert_uint_eq(bl_kv_parse("v6.1"), 0);
	ck_assert_uint_eq(bl_kv_parse("6.1x"), 0);
	ck_assert_uint_eq(bl_kv_parse("256.1"), 0);
	ck_assert_uint_eq(bl_kv_parse("6.1000"), 0);
	ck_assert_uint_eq(bl_kv_parse("0.1"), 0);
}
END_TEST

/* Reasons made by hand: a program's and the object's. */
static struct bl_kreq_reason prog_reasons[] = {
	{ KV(5, 17), BL_KREQ_HELPER, false, "helper bpf_loop (181)", NULL, "f", 22, "x.bpf.c", 90, 0 },
	{ KV(5, 15), BL_KREQ_ATTACH, true, "this one is a note", NULL, NULL, -1, NULL, 0, 0 },
	{ KV(5, 13), BL_KREQ_INSN, false, "callback g (a function's address: ld_imm64 BPF_PSEUDO_FUNC)",
	  NULL, "f", 19, NULL, 0, 2 },
	{ KV(5, 12), BL_KREQ_INSN, false, "atomic fetch-and-add (BPF_ATOMIC|BPF_FETCH)", NULL, "f", 7,
	  "x.bpf.c", 31, 0 },
	{ KV(5, 10), BL_KREQ_PROG_TYPE, false, "program type tracing (SEC(\"fentry/x\"))", NULL, NULL,
	  -1, NULL, 0, 0 },
	{ KV(4, 7), BL_KREQ_PROG_TYPE, false, "program type tracepoint", NULL, NULL, -1, NULL, 0, 0 },
};
static struct bl_kreq_reason object_reasons[] = {
	{ KV(5, 13), BL_KREQ_MAP, false, "map type ringbuf (map r)", NULL, NULL, -1, NULL, 0, 0 },
	{ KV(5, 8), BL_KREQ_MAP, false, "map flag X (map r)", NULL, NULL, -1, NULL, 0, 0 },
	{ 0, BL_KREQ_FEATURE, false, "something no release has", NULL, NULL, -1, NULL, 0, 0 },
};

static void setup_reasons(struct bl_kreq *prog, struct bl_kreq *object)
{
	memset(prog, 0, sizeof(*prog));
	memset(object, 0, sizeof(*object));
	prog->name = "f";
	prog->reasons = prog_reasons;
	prog->cnt = sizeof(prog_reasons) / sizeof(prog_reasons[0]);
	object->reasons = object_reasons;
	object->cnt = sizeof(object_reasons) / sizeof(object_reasons[0]);
}

/* Above the running version, notes left out, highest first, the
 * program's first of equals; the object alone with a NULL program. */
START_TEST(selection)
{
	struct bl_kreq prog, object;
	struct bl_kreq_missing m;

	setup_reasons(&prog, &object);
	ck_assert_int_eq(bl_kreq_missing(&prog, &object, KV(5, 10), &m), 0);
	ck_assert_uint_eq(m.running, KV(5, 10));
	ck_assert_uint_eq(m.cnt, 4);
	ck_assert_ptr_eq(m.reasons[0], &prog_reasons[0]);	/* 5.17 */
	ck_assert_ptr_eq(m.reasons[1], &prog_reasons[2]);	/* 5.13, the program's */
	ck_assert_ptr_eq(m.reasons[2], &object_reasons[0]);	/* 5.13, the object's */
	ck_assert_ptr_eq(m.reasons[3], &prog_reasons[3]);	/* 5.12; 5.10 is not above */
	bl_kreq_missing_free(&m);
	ck_assert_ptr_null(m.reasons);

	/* a kernel that has it all: nothing */
	ck_assert_int_eq(bl_kreq_missing(&prog, &object, KV(6, 1), &m), 0);
	ck_assert_uint_eq(m.cnt, 0);
	bl_kreq_missing_free(&m);
	/* exactly the version: not lacking */
	ck_assert_int_eq(bl_kreq_missing(&prog, &object, KV(5, 17), &m), 0);
	ck_assert_uint_eq(m.cnt, 0);
	bl_kreq_missing_free(&m);
	/* an unknown running version claims nothing */
	ck_assert_int_eq(bl_kreq_missing(&prog, &object, 0, &m), 0);
	ck_assert_uint_eq(m.cnt, 0);
	bl_kreq_missing_free(&m);
	/* the object alone (a map refused) */
	ck_assert_int_eq(bl_kreq_missing(NULL, &object, KV(5, 4), &m), 0);
	ck_assert_uint_eq(m.cnt, 2);
	ck_assert_ptr_eq(m.reasons[0], &object_reasons[0]);
	ck_assert_ptr_eq(m.reasons[1], &object_reasons[1]);
	bl_kreq_missing_free(&m);
}
END_TEST

START_TEST(sentences)
{
	struct bl_kreq prog, object;
	struct bl_kreq_missing m;
	char buf[512];

	setup_reasons(&prog, &object);
	/* short: the encoding left out, FILE:LINE, else insn N of FUNC */
	ck_assert_str_eq(bl_kreq_reason_short(&prog_reasons[3], buf, sizeof(buf)),
			 "atomic fetch-and-add at x.bpf.c:31");
	ck_assert_str_eq(bl_kreq_reason_short(&prog_reasons[0], buf, sizeof(buf)),
			 "helper bpf_loop at x.bpf.c:90");
	ck_assert_str_eq(bl_kreq_reason_short(&prog_reasons[2], buf, sizeof(buf)),
			 "callback g at insn 19 of f");
	/* not an instruction: the text as it is, its parentheses kept */
	ck_assert_str_eq(bl_kreq_reason_short(&object_reasons[0], buf, sizeof(buf)),
			 "map type ringbuf (map r)");
	/* long: all of it, and the other places */
	ck_assert_str_eq(bl_kreq_reason_long(&prog_reasons[2], buf, sizeof(buf)),
			 "callback g (a function's address: ld_imm64 BPF_PSEUDO_FUNC) at insn 19 of f, "
			 "and 2 more");
	ck_assert_str_eq(bl_kreq_reason_long(&prog_reasons[3], buf, sizeof(buf)),
			 "atomic fetch-and-add (BPF_ATOMIC|BPF_FETCH) at insn 7 of f (x.bpf.c:31)");
	ck_assert_str_eq(bl_kreq_reason_long(&object_reasons[1], buf, sizeof(buf)),
			 "map flag X (map r)");

	/* the line: one reason */
	ck_assert_int_eq(bl_kreq_missing(&prog, &object, KV(5, 11), &m), 0);
	m.cnt = 1;
	m.reasons[0] = &prog_reasons[3];
	ck_assert_str_eq(bl_kreq_needs_line(&m, buf, sizeof(buf)),
			 "needs Linux 5.12 (atomic fetch-and-add at x.bpf.c:31); this kernel is 5.11");
	bl_kreq_missing_free(&m);
	/* several: the highest, and how many more */
	ck_assert_int_eq(bl_kreq_missing(&prog, &object, KV(5, 10), &m), 0);
	ck_assert_str_eq(bl_kreq_needs_line(&m, buf, sizeof(buf)),
			 "needs Linux 5.17 (helper bpf_loop at x.bpf.c:90, and 3 more); this kernel is 5.10");
	bl_kreq_missing_free(&m);
	/* none: empty */
	ck_assert_int_eq(bl_kreq_missing(&prog, &object, KV(6, 1), &m), 0);
	ck_assert_str_eq(bl_kreq_needs_line(&m, buf, sizeof(buf)), "");
	bl_kreq_missing_free(&m);
}
END_TEST

/* The issue's objects on Debian 11's 5.10 ("5.10.0-32-amd64"): what the
 * kernel says ("BPF_STX uses reserved fields", "number of funcs in
 * func_info doesn't match number of subprogs") is an atomic fetch-and-add
 * (5.12) and bpf_loop (5.17); on 6.1 they lack nothing. */
static void check_object(const char *name, const char *prog, const char *want)
{
	char *path = ut_prog_path(name), buf[512];
	struct bl_object_spec *obj;
	struct bl_kernel_reqs *r;
	struct bl_kreq_missing m;
	struct bl_err err;
	bool found = false;

	if (!ut_have(path, "issue_objects")) {
		free(path);
		return;
	}
	obj = ut_read_ok(path);
	ck_assert_msg(bl_kernel_reqs(obj, &r, &err) == 0, "%s", err.msg);
	for (size_t i = 0; i < r->prog_cnt; i++) {
		if (strcmp(r->progs[i].name, prog))
			continue;
		found = true;
		ck_assert_int_eq(bl_kreq_missing(&r->progs[i], &r->object,
						 bl_kv_parse("5.10.0-32-amd64"), &m), 0);
		bl_kreq_needs_line(&m, buf, sizeof(buf));
		ck_assert_msg(!strncmp(buf, want, strlen(want)), "%s: \"%s\", not \"%s...\"", name,
			      buf, want);
		ck_assert_msg(strstr(buf, "; this kernel is 5.10"), "%s: %s", name, buf);
		bl_kreq_missing_free(&m);
		ck_assert_int_eq(bl_kreq_missing(&r->progs[i], &r->object,
						 bl_kv_parse("6.1.0-37-amd64"), &m), 0);
		ck_assert_uint_eq(m.cnt, 0);
		bl_kreq_missing_free(&m);
	}
	ck_assert_msg(found, "%s: no program %s", name, prog);
	bl_kernel_reqs_free(r);
	bl_object_spec_free(obj);
	free(path);
}

START_TEST(issue_objects)
{
	check_object("soak_ringbuf", "soak_getppid",
		     "needs Linux 5.12 (atomic fetch-and-add at soak_ringbuf.bpf.c:");
	check_object("test_buffers", "tb_getppid",
		     "needs Linux 5.12 (atomic fetch-and-add at test_buffers.bpf.c:");
	check_object("test_hist", "on_getppid",
		     "needs Linux 5.12 (atomic fetch-and-add at test_hist.bpf.c:");
	check_object("test_subprog", "call_subprogs",
		     "needs Linux 5.17 (helper bpf_loop at test_subprog.bpf.c:");
}
END_TEST

Suite *suite_kernel_missing(void)
{
	Suite *s = suite_create("kernel_missing");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, release_strings);
	tcase_add_test(tc, selection);
	tcase_add_test(tc, sentences);
	tcase_add_test(tc, issue_objects);
	suite_add_tcase(s, tc);
	return s;
}
