/* tests/unit/test_glob_match.c — loader/attach/glob_match.c, the wildcard
 * matcher of `bpfload list KIND GLOB` and of ld.so.conf include lines,
 * against the C library's fnmatch(3) with no flags (glibc here) as the
 * oracle, and the directory listing against what was put there. */
#include "unit.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader/attach/glob_match.h"

static const char *const patterns[] = {
	"", "*", "**", "?", "a", "a*", "*a", "*a*", "a?c", "do_*", "*unlink*",
	"sys_enter_*at", "[abc]", "[a-c]x", "[!a-c]x", "[^a-c]x", "[]]", "[]a]*",
	"[!]]", "[a-]", "[-a]", "[", "a[", "[a", "\\*", "a\\?", "\\[a]", "a\\",
	"*[0-9]", "*.conf", "x*y*z", "*?*?", "[a-c][!x]*", "tcp_*v4*",
};

static const char *const names[] = {
	"", "a", "b", "x", "ab", "abc", "ba", "do_unlinkat", "vfs_unlink",
	"sys_enter_openat", "sys_enter_open", "ax", "dx", "]", "-", "[", "a[",
	"*", "a?", "[a]", "a\\", "file9", "lib.conf", ".conf", "xyz", "xaybzc",
	"tcp_v4_connect", "tcp_v6_connect", "bx", "cxy", "abcdefghijklmnopqrstuvwxyz",
};

START_TEST(matches_like_fnmatch)
{
	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++)
		for (size_t j = 0; j < sizeof(names) / sizeof(names[0]); j++) {
			bool want = fnmatch(patterns[i], names[j], 0) == 0;

			ck_assert_msg(bl_glob_match(patterns[i], names[j]) == want,
				      "pattern \"%s\" name \"%s\": fnmatch says %s",
				      patterns[i], names[j], want ? "match" : "no match");
		}
}
END_TEST

/* A pattern that makes a naive recursive matcher take exponential time
 * ends at once here (one backtracking point). */
START_TEST(many_stars_stay_linear)
{
	char name[4097], pattern[64];

	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	snprintf(pattern, sizeof(pattern), "*a*a*a*a*a*a*a*a*a*a*a*a*b");
	ck_assert(!bl_glob_match(pattern, name));
	name[sizeof(name) - 2] = 'b';
	ck_assert(bl_glob_match(pattern, name));
}
END_TEST

struct seen {
	char paths[8][256];
	int n;
};

static void collect(const char *path, void *ctx)
{
	struct seen *s = ctx;

	ck_assert_int_lt(s->n, 8);
	snprintf(s->paths[s->n++], sizeof(s->paths[0]), "%s", path);
}

static void touch(const char *dir, const char *name)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
}

START_TEST(dir_lists_matches_sorted)
{
	char dir[] = "/tmp/bl_glob_XXXXXX", pattern[64], want[256];
	struct seen s = { .n = 0 };
	const char *files[] = { "zlib.conf", "a.conf", "m.conf", "notes.txt", ".hidden.conf" };

	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (size_t i = 0; i < 5; i++)
		touch(dir, files[i]);
	snprintf(pattern, sizeof(pattern), "%s/*.conf", dir);
	ck_assert_int_eq(bl_glob_dir(pattern, collect, &s), 3);
	ck_assert_int_eq(s.n, 3);
	snprintf(want, sizeof(want), "%s/a.conf", dir);
	ck_assert_str_eq(s.paths[0], want);
	snprintf(want, sizeof(want), "%s/m.conf", dir);
	ck_assert_str_eq(s.paths[1], want);
	snprintf(want, sizeof(want), "%s/zlib.conf", dir);
	ck_assert_str_eq(s.paths[2], want);

	s.n = 0;	/* a leading '.' only when the pattern has one */
	snprintf(pattern, sizeof(pattern), "%s/.*.conf", dir);
	ck_assert_int_eq(bl_glob_dir(pattern, collect, &s), 1);

	for (size_t i = 0; i < 5; i++) {
		char path[256];

		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
	snprintf(pattern, sizeof(pattern), "%s/*.conf", dir);
	ck_assert_int_lt(bl_glob_dir(pattern, collect, &s), 0);	/* gone: -ENOENT */
}
END_TEST

Suite *suite_glob_match(void)
{
	Suite *s = suite_create("glob_match");
	TCase *tc = tcase_create("glob_match");

	tcase_add_test(tc, matches_like_fnmatch);
	tcase_add_test(tc, many_stars_stay_linear);
	tcase_add_test(tc, dir_lists_matches_sorted);
	suite_add_tcase(s, tc);
	return s;
}
