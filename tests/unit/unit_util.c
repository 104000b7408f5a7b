/* tests/unit/unit_util.c — locating and reading the test objects. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "unit.h"

static char *build_path(const char *sub, const char *name, const char *suffix)
{
	const char *dir = getenv("BL_BUILD_DIR");
	size_t n;
	char *p;

	if (!dir || !*dir)
		dir = "build";
	n = strlen(dir) + strlen(sub) + strlen(name) + strlen(suffix) + 3;
	p = malloc(n);
	ck_assert_ptr_nonnull(p);
	snprintf(p, n, "%s/%s/%s%s", dir, sub, name, suffix);
	return p;
}

char *ut_asm_path(const char *name)
{
	return build_path("asm-tests", name, ".o");
}

char *ut_prog_path(const char *name)
{
	return build_path("bpf-progs", name, ".bpf.o");
}

bool ut_have(const char *path, const char *test)
{
	struct stat st;
	const char *req = getenv("BL_REQUIRE_OBJECTS");

	if (stat(path, &st) == 0)
		return true;
	if (req && strcmp(req, "1") == 0)
		ck_abort_msg("%s: %s is not built (BL_REQUIRE_OBJECTS=1)", test, path);
	fprintf(stderr, "SKIP %s: %s is not built\n", test, path);
	return false;
}

unsigned char *ut_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_gt(n, 0);
	rewind(f);
	buf = malloc((size_t)n);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

struct bl_object_spec *ut_read_ok(const char *path)
{
	struct bl_object_spec *obj = NULL;
	struct bl_err err = { "" };
	int rc = bl_object_spec_read(path, &obj, &err);

	ck_assert_msg(rc == 0, "bl_object_spec_read(%s) = %d: %s", path, rc, err.msg);
	ck_assert_ptr_nonnull(obj);
	return obj;
}

const struct bl_section *ut_section(const struct bl_object_spec *obj, const char *name)
{
	for (size_t i = 0; i < obj->section_cnt; i++)
		if (obj->sections[i].name && strcmp(obj->sections[i].name, name) == 0)
			return &obj->sections[i];
	return NULL;
}

static bool contains_one_of(const char *msg, const char *what)
{
	char words[256], *save = NULL;

	snprintf(words, sizeof(words), "%s", what);
	for (char *w = strtok_r(words, "|", &save); w; w = strtok_r(NULL, "|", &save))
		if (strstr(msg, w))
			return true;
	return false;
}

void ut_expect_reject(const void *img, size_t len, const char *name, const char *what,
		      const char *where)
{
	struct bl_object_spec *obj = NULL;
	struct bl_err err;
	int rc;

	memset(err.msg, 0, sizeof(err.msg));
	rc = bl_object_spec_read_mem(img, len, name, &obj, &err);
	ck_assert_msg(rc < 0 && rc >= -4095, "%s: accepted or bad code %d (want an error naming \"%s\")",
		      name, rc, what);
	ck_assert_msg(obj == NULL, "%s: object returned with error %d", name, rc);
	ck_assert_msg(err.msg[0] != '\0', "%s: empty error message", name);
	ck_assert_msg(strncmp(err.msg, name, strlen(name)) == 0,
		      "%s: message does not start with the name: \"%s\"", name, err.msg);
	ck_assert_msg(strchr(err.msg, '\n') == NULL, "%s: message is not one line: \"%s\"", name, err.msg);
	ck_assert_msg(contains_one_of(err.msg, what), "%s: message \"%s\" does not say \"%s\"",
		      name, err.msg, what);
	if (where)
		ck_assert_msg(strstr(err.msg, where) != NULL, "%s: message \"%s\" does not name \"%s\"",
			      name, err.msg, where);
}
