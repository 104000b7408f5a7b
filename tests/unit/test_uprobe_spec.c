/* tests/unit/test_uprobe_spec.c — uprobe targets, PATH:FUNC[+OFF], and
 * the files their paths name (loader/attach/uprobe_spec.c). No root.
 *
 * A library name is checked against the library this very process has
 * mapped (/proc/self/maps), which the dynamic linker found on its own.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader/attach/uprobe.h"
#include "unit.h"

START_TEST(path_function_offset)
{
	struct bl_uprobe_spec s;
	struct bl_err err = { "" };

	ck_assert_int_eq(bl_uprobe_spec_parse("/bin/bash:readline", &s, &err), 0);
	ck_assert_str_eq(s.path, "/bin/bash");
	ck_assert_str_eq(s.func, "readline");
	ck_assert_uint_eq(s.offset, 0);
	ck_assert_int_eq(bl_uprobe_spec_parse("libc.so.6:malloc+0x10", &s, &err), 0);
	ck_assert_str_eq(s.path, "libc.so.6");
	ck_assert_str_eq(s.func, "malloc");
	ck_assert_uint_eq(s.offset, 16);
	ck_assert_int_eq(bl_uprobe_spec_parse("build/x:f+4", &s, &err), 0);
	ck_assert_str_eq(s.path, "build/x");
	ck_assert_uint_eq(s.offset, 4);
	/* The last ':' splits: a path may hold one (the kernel splits there too). */
	ck_assert_int_eq(bl_uprobe_spec_parse("/opt/a:b/prog:_ZN3foo3barEv", &s, &err), 0);
	ck_assert_str_eq(s.path, "/opt/a:b/prog");
	ck_assert_str_eq(s.func, "_ZN3foo3barEv");
	ck_assert_int_eq(bl_uprobe_spec_parse("/lib/libc.so.6:memcpy@@GLIBC_2.14", &s, &err), 0);
	ck_assert_str_eq(s.func, "memcpy@@GLIBC_2.14");
}
END_TEST

/* uprobe_events takes commands, split at spaces: nothing else may pass. */
START_TEST(hostile_targets_refused)
{
	static const char *const bad[] = {
		"", "readline", ":readline", "/bin/bash:", "/bin/bash:9f", "/bin/bash:f+",
		"/bin/bash:f+x", "/bin/bash:f+-1", "/bin/bash:f+99999999999", "/bin/bash:f g",
		"/bin/ba sh:readline", "/bin/bash\n-:uprobes/x:f", "/bin/bash:f;g", "/bin/bash:f/g",
		"/tmp/x\t:f",
	};
	struct bl_uprobe_spec s;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct bl_err err = { "" };

		ck_assert_msg(bl_uprobe_spec_parse(bad[i], &s, &err) < 0, "accepted '%s'", bad[i]);
		ck_assert_msg(err.msg[0] != '\0', "no message for '%s'", bad[i]);
		ck_assert_msg(!strchr(err.msg, '\n'), "message is not one line: %s", err.msg);
	}
	ck_assert_int_lt(bl_uprobe_spec_parse(NULL, &s, NULL), 0);
}
END_TEST

/* The libc this process runs, as /proc/self/maps names it. */
static bool mapped_libc(char *out, size_t len)
{
	char line[PATH_MAX + 128];
	FILE *f = fopen("/proc/self/maps", "re");
	bool found = false;

	ck_assert_ptr_nonnull(f);
	while (!found && fgets(line, sizeof(line), f)) {
		char *path = strchr(line, '/');

		if (path && strstr(path, "/libc.so.6")) {
			path[strcspn(path, "\n")] = '\0';
			found = realpath(path, out) && strlen(out) < len;
		}
	}
	fclose(f);
	return found;
}

START_TEST(library_names_resolved)
{
	char got[PATH_MAX], real[PATH_MAX], want[PATH_MAX];
	struct bl_err err = { "" };

	if (!mapped_libc(want, sizeof(want))) {
		fprintf(stderr, "SKIP %s: this process has no libc.so.6 mapped (static build)\n", __func__);
		return;
	}
	ck_assert_msg(bl_uprobe_resolve_path("libc.so.6", got, sizeof(got), &err) == 0, "%s", err.msg);
	ck_assert_msg(got[0] == '/', "%s", got);
	ck_assert_ptr_nonnull(realpath(got, real));
	ck_assert_str_eq(real, want);

	ck_assert_int_eq(bl_uprobe_resolve_path("libbpfload-no-such.so.1", got, sizeof(got), &err),
			 -ENOENT);
	ck_assert_msg(strstr(err.msg, "no library libbpfload-no-such.so.1") &&
		      strstr(err.msg, "LD_LIBRARY_PATH") && strstr(err.msg, "/usr/lib"), "%s", err.msg);
}
END_TEST

START_TEST(program_names_and_relative_paths)
{
	char got[PATH_MAX], cwd[PATH_MAX], want[PATH_MAX + 16];
	struct bl_err err = { "" };

	ck_assert_msg(bl_uprobe_resolve_path("sh", got, sizeof(got), &err) == 0, "%s", err.msg);
	ck_assert_msg(got[0] == '/' && access(got, X_OK) == 0, "%s", got);
	ck_assert_str_eq(strrchr(got, '/'), "/sh");
	ck_assert_int_eq(bl_uprobe_resolve_path("bpfload-no-such-program", got, sizeof(got), &err),
			 -ENOENT);
	ck_assert_msg(strstr(err.msg, "no program bpfload-no-such-program in PATH"), "%s", err.msg);

	/* ./x becomes /cwd/x; a missing one is named. */
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_int_eq(chdir("/usr"), 0);
	ck_assert_msg(bl_uprobe_resolve_path("./bin/../bin/sh", got, sizeof(got), &err) == 0, "%s",
		      err.msg);
	ck_assert_msg(got[0] == '/' && !strstr(got, ".."), "%s", got);
	ck_assert_int_eq(bl_uprobe_resolve_path("bin/no-such-file", got, sizeof(got), &err), -ENOENT);
	ck_assert_msg(strstr(err.msg, "bin/no-such-file: no such file"), "%s", err.msg);
	ck_assert_int_eq(chdir(cwd), 0);
	snprintf(want, sizeof(want), "%s", "/bin/true");
	ck_assert_int_eq(bl_uprobe_resolve_path(want, got, sizeof(got), &err), 0);
	ck_assert_str_eq(got, "/bin/true"); /* absolute paths are kept as written */
}
END_TEST

/* Names of tracefs events: what event names cannot hold becomes '_'. */
START_TEST(event_names_of_user_functions)
{
	char name[64];

	bl_probe_event_name(name, sizeof(name), 42, 3, "memcpy@@GLIBC_2.14");
	ck_assert_str_eq(name, "bpfload_42_3_memcpy__GLIBC_2_14");
	ck_assert_int_eq(bl_probe_event_owner(name), 42);
	bl_probe_event_name(name, sizeof(name), 42, 4, "_ZN4core3fmt5write17h$u20$E");
	ck_assert_str_eq(name, "bpfload_42_4__ZN4core3fmt5write17h_u20_E");
}
END_TEST

TCase *tcase_uprobe_spec(void)
{
	TCase *tc = tcase_create("uprobe_spec");

	tcase_add_test(tc, path_function_offset);
	tcase_add_test(tc, hostile_targets_refused);
	tcase_add_test(tc, library_names_resolved);
	tcase_add_test(tc, program_names_and_relative_paths);
	tcase_add_test(tc, event_names_of_user_functions);
	return tc;
}
