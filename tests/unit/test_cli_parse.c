/* tests/unit/test_cli_parse.c — loader/cli/parse.h, the parsers of the
 * command line's option values: whole numbers in a range (--pid,
 * --maxactive, --perf-pages, --log-level), seconds (--duration,
 * --interval) and system call numbers (`bpfload syscall`). */
#include "unit.h"

#include <limits.h>
#include <stdio.h>

#include "loader/cli/parse.h"

START_TEST(uint_in_range)
{
	static const struct {
		const char *s;
		unsigned long min, max;
		int ret;
		unsigned long v;
	} cases[] = {
		{ "1", 1, 4096, 0, 1 },
		{ "4096", 1, 4096, 0, 4096 },
		{ "4097", 1, 4096, -1, 0 },
		{ "0", 1, 4096, -1, 0 },
		{ "0", 0, 10, 0, 0 },
		{ "+7", 1, 10, 0, 7 },	/* as strtoul(3) reads it */
		{ " 7", 1, 10, 0, 7 },
		{ "007", 1, 10, 0, 7 },	/* decimal, not octal */
		{ "-1", 0, ULONG_MAX, -1, 0 },
		{ " -1", 1, 4096, -1, 0 },
		{ "-0", 0, 10, -1, 0 },
		{ "", 0, 10, -1, 0 },
		{ " ", 0, 10, -1, 0 },
		{ "7 ", 1, 10, -1, 0 },
		{ "7x", 1, 10, -1, 0 },
		{ "0x10", 1, 100, -1, 0 },
		{ "abc", 1, 10, -1, 0 },
		{ "2", 1, 2, 0, 2 },
		{ "3", 1, 2, -1, 0 },
		{ "4294967297", 1, 2, -1, 0 },	/* not cut to 32 bits */
		{ "99999999999999999999999", 0, ULONG_MAX, -1, 0 },	/* ERANGE */
		{ "1073741823", 1, 0x3fffffff, 0, 0x3fffffff },
		{ "1073741824", 1, 0x3fffffff, -1, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned long v = 12345;
		int ret = bl_cli_parse_uint(cases[i].s, cases[i].min, cases[i].max, &v);

		ck_assert_msg(ret == cases[i].ret, "'%s' [%lu, %lu]: %d, not %d", cases[i].s,
			      cases[i].min, cases[i].max, ret, cases[i].ret);
		ck_assert_msg(v == (ret ? 12345 : cases[i].v), "'%s': %lu", cases[i].s, v);
	}
}
END_TEST

START_TEST(seconds)
{
	static const struct {
		const char *s;
		int ret;
		double v;
	} cases[] = {
		{ "1", 0, 1 }, { "0.5", 0, 0.5 }, { "1e9", 0, 1e9 }, { "2.5e-3", 0, 2.5e-3 },
		{ "0", -1, 0 }, { "-1", -1, 0 }, { "0.0", -1, 0 }, { "1e9.5", -1, 0 },
		{ "1000000001", -1, 0 }, { "nan", -1, 0 }, { "inf", -1, 0 }, { "", -1, 0 },
		{ "1s", -1, 0 }, { "1 ", -1, 0 }, { "1e999", -1, 0 }, { "x", -1, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double v = -7;
		int ret = bl_cli_parse_seconds(cases[i].s, &v);

		ck_assert_msg(ret == cases[i].ret, "'%s': %d, not %d", cases[i].s, ret, cases[i].ret);
		ck_assert_msg(v == (ret ? -7 : cases[i].v), "'%s': %g", cases[i].s, v);
	}
}
END_TEST

START_TEST(syscall_numbers)
{
	static const struct {
		const char *s;
		int ret;
		bool is_number;
		int v;
	} cases[] = {
		{ "0", 0, true, 0 }, { "59", 0, true, 59 }, { "0x3b", 0, true, 59 },
		{ "0X3B", 0, true, 59 }, { "2147483647", 0, true, 0x7fffffff },
		{ "0x7fffffff", 0, true, 0x7fffffff },
		{ "2147483648", -1, true, 0 }, { "0x80000000", -1, true, 0 },
		{ "99999999999999999999999", -1, true, 0 },
		{ "execve", -1, false, 0 }, { "", -1, false, 0 }, { "0x", -1, false, 0 },
		{ "-1", -1, false, 0 }, { "+1", -1, false, 0 }, { " 1", -1, false, 0 },
		{ "1a", -1, false, 0 }, { "0xg", -1, false, 0 }, { "__NR_read", -1, false, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int v = -7;
		bool is_number = !cases[i].is_number;
		int ret = bl_cli_parse_nr(cases[i].s, &v, &is_number);

		ck_assert_msg(ret == cases[i].ret, "'%s': %d, not %d", cases[i].s, ret, cases[i].ret);
		ck_assert_msg(is_number == cases[i].is_number, "'%s': is_number %d", cases[i].s,
			      is_number);
		ck_assert_msg(v == (ret ? -7 : cases[i].v), "'%s': %d", cases[i].s, v);
	}
}
END_TEST

Suite *suite_cli_parse(void)
{
	Suite *s = suite_create("cli_parse");
	TCase *tc = tcase_create("parsers");

	tcase_add_test(tc, uint_in_range);
	tcase_add_test(tc, seconds);
	tcase_add_test(tc, syscall_numbers);
	suite_add_tcase(s, tc);
	return s;
}
