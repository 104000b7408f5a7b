/* tests/unit/test_cli_parse.c — loader/cli/parse.h, the parsers of the
 * command line's option values: whole numbers in a range (--pid,
 * --maxactive, --perf-pages, --log-level), seconds (--duration,
 * --interval) and system call numbers (`bpfload syscall`). */
#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>

#include "loader/cli/parse.h"
#include "loader/static/qsort.h"
#include "loader/sys/scan.h"
#include <unistd.h>

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
		/* bl_scan_decimal in place of strtod: the same values */
		{ "+2", 0, 2 }, { ".25", 0, 0.25 }, { "3.", 0, 3 }, { "0.1", 0, 0.1 },
		{ "1.5E2", 0, 150 }, { "1e3", 0, 1000 }, { "1e+3", 0, 1000 }, { "999999999.999999", 0, 999999999.999999 },
		{ "0x10", -1, 0 }, { "1e", -1, 0 }, { "1e+", -1, 0 }, { "1e 3", -1, 0 }, { ".", -1, 0 },
		{ "--1", -1, 0 }, { "+-1", -1, 0 }, { "1e99999999999999999999", -1, 0 }, { "1e-400", -1, 0 },
		{ "1..5", -1, 0 }, { "1.5.", -1, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double v = -7;
		int ret = bl_cli_parse_seconds(cases[i].s, &v);

		ck_assert_msg(ret == cases[i].ret, "'%s': %d, not %d", cases[i].s, ret, cases[i].ret);
		ck_assert_msg(v == (ret ? -7 : cases[i].v), "'%s': %g", cases[i].s, v);
	}
}
END_TEST

/* loader/sys/scan.h: what sscanf/strtod did before, odd input too. */
START_TEST(scan_numbers)
{
	long long v = 7;
	double d = 7;
	char w[4];
	const char *end;

	ck_assert_ptr_nonnull(end = bl_scan_int(" \t-42x", 10, &v));
	ck_assert_int_eq(v, -42);
	ck_assert_int_eq(*end, 'x');
	ck_assert_ptr_nonnull(bl_scan_int("+9223372036854775807", 10, &v));
	ck_assert(v == 9223372036854775807LL);
	ck_assert_ptr_nonnull(bl_scan_int("-9223372036854775808", 10, &v));
	ck_assert(v == -9223372036854775807LL - 1);
	v = 7;
	ck_assert_ptr_null(bl_scan_int("9223372036854775808", 10, &v));	/* overflow */
	ck_assert_ptr_null(bl_scan_int("", 10, &v));
	ck_assert_ptr_null(bl_scan_int("-", 10, &v));
	ck_assert_ptr_null(bl_scan_int("x1", 10, &v));
	ck_assert_int_eq(v, 7);
	ck_assert_ptr_nonnull(end = bl_scan_int("0x10", 10, &v));	/* no prefix: the 0 only */
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(*end, 'x');
	ck_assert_ptr_nonnull(bl_scan_int("1fffffffffF\n", 16, &v));	/* CapEff */
	ck_assert(v == 0x1fffffffffFLL);

	ck_assert_ptr_nonnull(end = bl_scan_decimal("783.350790: x", &d));
	ck_assert(d == 783.350790);
	ck_assert_int_eq(*end, ':');
	ck_assert_ptr_nonnull(end = bl_scan_decimal("12345: x", &d));
	ck_assert(d == 12345);
	ck_assert_ptr_nonnull(end = bl_scan_decimal("1e3", &d));	/* no exponent here */
	ck_assert(d == 1);
	ck_assert_int_eq(*end, 'e');
	ck_assert_ptr_nonnull(bl_scan_decimal("0.1234567890123456789999", &d));
	ck_assert(d > 0.12345678901234 && d < 0.12345678901235);
	d = 7;
	ck_assert_ptr_null(bl_scan_decimal("", &d));
	ck_assert_ptr_null(bl_scan_decimal(".", &d));
	ck_assert_ptr_null(bl_scan_decimal("-1", &d));
	ck_assert_ptr_null(bl_scan_decimal(" 1", &d));
	ck_assert(d == 7);

	ck_assert_ptr_nonnull(end = bl_scan_word("  tracefs /sys/x", w, sizeof(w)));
	ck_assert_str_eq(w, "tra");	/* cut to the buffer */
	ck_assert_int_eq(*end, ' ');
	ck_assert_ptr_null(bl_scan_word(" \n", w, sizeof(w)));
}
END_TEST

START_TEST(read_int_file)
{
	char path[] = "/tmp/bl_scan_XXXXXX";
	int fd = mkstemp(path);
	long long v = 7;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "config:9\n", 9), 9);
	close(fd);
	ck_assert_int_eq(bl_read_int_file(path, "config:", &v), 0);
	ck_assert_int_eq(v, 9);
	ck_assert_int_eq(bl_read_int_file(path, "", &v), -EINVAL);
	ck_assert_int_eq(bl_read_int_file(path, "format:", &v), -EINVAL);
	fd = open(path, O_WRONLY | O_TRUNC);
	ck_assert_int_eq(write(fd, "-1\n", 3), 3);
	close(fd);
	ck_assert_int_eq(bl_read_int_file(path, "", &v), 0);
	ck_assert_int_eq(v, -1);
	fd = open(path, O_WRONLY | O_TRUNC);
	close(fd);
	ck_assert_int_eq(bl_read_int_file(path, "", &v), -EINVAL);	/* empty */
	unlink(path);
	ck_assert_int_eq(bl_read_int_file(path, "", &v), -ENOENT);
	ck_assert_int_eq(v, -1);
}
END_TEST

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* loader/static/qsort.c: the static build's qsort, against the C
 * library's on sizes 0 to 300, sorted, reversed, equal and random keys. */
START_TEST(heapsort_like_qsort)
{
	static int a[300], b[300];
	unsigned seed = 1;

	for (size_t n = 0; n <= 300; n += n < 20 ? 1 : 37) {
		for (int kind = 0; kind < 4; kind++) {
			for (size_t i = 0; i < n; i++) {
				seed = seed * 1103515245 + 12345;
				a[i] = kind == 0 ? (int)i : kind == 1 ? (int)(n - i) :
				       kind == 2 ? 7 : (int)(seed >> 16) % 50 - 25;
				b[i] = a[i];
			}
			bl_heapsort(a, n, sizeof(a[0]), cmp_int);
			qsort(b, n, sizeof(b[0]), cmp_int);
			for (size_t i = 0; i < n; i++)
				ck_assert_msg(a[i] == b[i], "n %zu kind %d at %zu: %d, not %d", n, kind, i,
					      a[i], b[i]);
		}
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
	tcase_add_test(tc, scan_numbers);
	tcase_add_test(tc, read_int_file);
	tcase_add_test(tc, heapsort_like_qsort);
	suite_add_tcase(s, tc);
	return s;
}
