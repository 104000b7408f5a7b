/* tests/unit/test_trace_line.c — splitting trace_pipe lines
 * (loader/output/trace_line.c), on lines in the formats the kernel writes. */
#include <errno.h>
#include <string.h>

#include "loader/bpfload.h"
#include "unit.h"

START_TEST(default_format)
{
	struct bl_trace_line t;
	const char *line =
		"           chmod-4242    [001] d..31  1234.567890: bpf_trace_printk: fchmodat pid=4242 path=/tmp/x mode=0644";

	ck_assert_int_eq(bl_trace_line_parse(line, &t), 0);
	ck_assert_str_eq(t.comm, "chmod");
	ck_assert_int_eq(t.pid, 4242);
	ck_assert_int_eq(t.cpu, 1);
	ck_assert_double_eq_tol(t.timestamp, 1234.567890, 1e-7);
	ck_assert_str_eq(t.event, "bpf_trace_printk");
	ck_assert_str_eq(t.message, "fchmodat pid=4242 path=/tmp/x mode=0644");
}
END_TEST

/* comm may hold '-' and spaces; the pid follows the last '-'. */
START_TEST(comm_with_dashes_and_spaces)
{
	struct bl_trace_line t;

	ck_assert_int_eq(bl_trace_line_parse(" kworker/u8:2-ev ent-77 [000] ..... 5.000001: bpf_trace_printk: a: b", &t), 0);
	ck_assert_str_eq(t.comm, "kworker/u8:2-ev ent");
	ck_assert_int_eq(t.pid, 77);
	ck_assert_int_eq(t.cpu, 0);
	ck_assert_str_eq(t.message, "a: b");
}
END_TEST

/* Without the irq-info field, and with record-tgid's "(tgid)". */
START_TEST(optional_fields)
{
	struct bl_trace_line t;

	ck_assert_int_eq(bl_trace_line_parse("bash-10 [003] 99.5: bpf_trace_printk: hi", &t), 0);
	ck_assert_str_eq(t.comm, "bash");
	ck_assert_int_eq(t.pid, 10);
	ck_assert_int_eq(t.cpu, 3);
	ck_assert_str_eq(t.message, "hi");
	ck_assert_int_eq(bl_trace_line_parse("  python3-501  (    500) [002] d..3. 7.25: bpf_trace_printk: x", &t), 0);
	ck_assert_str_eq(t.comm, "python3");
	ck_assert_int_eq(t.pid, 501);
	ck_assert_int_eq(t.cpu, 2);
	ck_assert_str_eq(t.message, "x");
}
END_TEST

START_TEST(not_a_trace_line)
{
	struct bl_trace_line t;

	ck_assert_int_eq(bl_trace_line_parse("", &t), -EINVAL);
	ck_assert_int_eq(bl_trace_line_parse("hello world", &t), -EINVAL);
	ck_assert_int_eq(bl_trace_line_parse("nodash [001] 1.0: e: m", &t), -EINVAL);
	ck_assert_int_eq(bl_trace_line_parse("a-1 [001] no timestamp here", &t), -EINVAL);
}
END_TEST

Suite *suite_trace_line(void)
{
	Suite *s = suite_create("trace_line");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, default_format);
	tcase_add_test(tc, comm_with_dashes_and_spaces);
	tcase_add_test(tc, optional_fields);
	tcase_add_test(tc, not_a_trace_line);
	suite_add_tcase(s, tc);
	return s;
}
