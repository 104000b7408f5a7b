/* tests/unit/test_cpus.c — loader/sys/cpus.c, the one parser of sysfs CPU
 * lists ("0-3", "0,2-5\n"): possible CPUs for per-CPU map values and the
 * perf buffer's rings. */
#include "unit.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "loader/sys/cpus.h"

START_TEST(lists_as_sysfs_writes_them)
{
	static const struct {
		const char *text;
		int below;
		int n;
		int ids[8];
	} cases[] = {
		{ "0\n", INT_MAX, 1, { 0 } },
		{ "0-3\n", INT_MAX, 4, { 0, 1, 2, 3 } },
		{ "0,2-5\n", INT_MAX, 5, { 0, 2, 3, 4, 5 } },
		{ "0-1,6,8-9", INT_MAX, 5, { 0, 1, 6, 8, 9 } },
		{ "0-7\n", 3, 3, { 0, 1, 2 } },	/* the map's slots end at 3 */
		{ "4-5\n", 2, 0, { 0 } },
	};
	int ids[8];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(ids, -1, sizeof(ids));
		ck_assert_int_eq(bl_cpu_list_parse(cases[i].text, ids, cases[i].below), cases[i].n);
		for (int k = 0; k < cases[i].n; k++)
			ck_assert_int_eq(ids[k], cases[i].ids[k]);
		ck_assert_int_eq(bl_cpu_list_parse(cases[i].text, NULL, cases[i].below), cases[i].n);
	}
}
END_TEST

START_TEST(refuses_what_is_no_list)
{
	static const char *const bad[] = { "", "\n", "-1", "a", "0-", "3-1", "0,", "0,,1",
					   "0 1", "0-3x", "70000", "0-70000" };
	int ids[4];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(bl_cpu_list_parse(bad[i], ids, 4) == -EINVAL, "'%s' accepted", bad[i]);
}
END_TEST

/* A list that names a CPU twice writes no more than `below` ids. */
START_TEST(repeated_cpus_stay_in_the_array)
{
	int ids[3] = { -1, -1, -1 };

	ck_assert_int_eq(bl_cpu_list_parse("1,1,1,1,1", ids, 2), 5);
	ck_assert_int_eq(ids[0], 1);
	ck_assert_int_eq(ids[1], 1);
	ck_assert_int_eq(ids[2], -1);
}
END_TEST

Suite *suite_cpus(void)
{
	Suite *s = suite_create("cpus");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, lists_as_sysfs_writes_them);
	tcase_add_test(tc, refuses_what_is_no_list);
	tcase_add_test(tc, repeated_cpus_stay_in_the_array);
	suite_add_tcase(s, tc);
	return s;
}
