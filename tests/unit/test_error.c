/* tests/unit/test_error.c — elf/error.h: the one-line error messages and
 * errno names every bpfload function uses. */
#include <errno.h>
#include <string.h>

#include "unit.h"

START_TEST(set_formats_and_returns_code)
{
	struct bl_err err = { "old" };

	ck_assert_int_eq(bl_err_set(&err, -EINVAL, "%s: section %d", "a.o", 7), -EINVAL);
	ck_assert_str_eq(err.msg, "a.o: section 7");
	ck_assert_int_eq(bl_err_set(NULL, -ENOENT, "ignored"), -ENOENT);
}
END_TEST

START_TEST(prefix_prepends)
{
	struct bl_err err;

	bl_err_set(&err, -EINVAL, "bad map");
	ck_assert_int_eq(bl_err_prefix(&err, -EINVAL, "%s", "x.o"), -EINVAL);
	ck_assert_str_eq(err.msg, "x.o: bad map");
}
END_TEST

START_TEST(long_message_is_truncated)
{
	struct bl_err err;
	char big[3 * BL_ERR_MAX];

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	bl_err_set(&err, -E2BIG, "%s", big);
	ck_assert_uint_eq(strlen(err.msg), BL_ERR_MAX - 1);
	bl_err_prefix(&err, -E2BIG, "prefix");
	ck_assert_uint_eq(strlen(err.msg), BL_ERR_MAX - 1);
	ck_assert(strncmp(err.msg, "prefix: ", 8) == 0);
}
END_TEST

START_TEST(errno_names)
{
	char buf[16];
	const char *u;

	ck_assert_str_eq(bl_errno_name(ENOENT, buf), "ENOENT");
	ck_assert_str_eq(bl_errno_name(EACCES, buf), "EACCES");
	ck_assert_str_eq(bl_errno_name(EPERM, buf), "EPERM");
	ck_assert_str_eq(bl_errno_name(EINVAL, buf), "EINVAL");
	ck_assert_str_eq(bl_errno_name(E2BIG, buf), "E2BIG");
	u = bl_errno_name(4242, buf);
	ck_assert(strncmp(u, "E?", 2) == 0);
	ck_assert_ptr_nonnull(strstr(u, "4242"));
}
END_TEST

Suite *suite_error(void)
{
	Suite *s = suite_create("error");
	TCase *tc = tcase_create("error");

	tcase_add_test(tc, set_formats_and_returns_code);
	tcase_add_test(tc, prefix_prepends);
	tcase_add_test(tc, long_message_is_truncated);
	tcase_add_test(tc, errno_names);
	suite_add_tcase(s, tc);
	return s;
}
