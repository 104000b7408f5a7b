/* tests/host/test_tracefs.c — finding tracefs, and mounting it where it
 * is not mounted (DESIGN.md: /sys/kernel/tracing, then
 * /sys/kernel/debug/tracing, then /proc/mounts; mount when absent).
 *
 * The test runs in a mount namespace of its own (unshare(CLONE_NEWNS),
 * mounts made private), so unmounting tracefs there leaves the machine's
 * mounts as they were. */
#define _GNU_SOURCE
#include "host.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

static bool mounted_at(const char *dir)
{
	char line[1024], where[512], type[64];
	FILE *f = fopen("/proc/self/mounts", "re");
	bool found = false;

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %511s %63s", where, type) == 2 && !strcmp(where, dir) &&
		    !strcmp(type, "tracefs"))
			found = true;
	fclose(f);
	return found;
}

START_TEST(tracefs_is_mounted_when_absent)
{
	char dir[256], pipe_path[300];
	struct bl_err err = { "" };

	if (unshare(CLONE_NEWNS) != 0) {
		fprintf(stderr, "SKIP %s: unshare(CLONE_NEWNS): %s\n", __func__, strerror(errno));
		return;
	}
	ck_assert_int_eq(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), 0);
	/* Take away every tracefs (and the debugfs automount point). */
	while (umount2("/sys/kernel/tracing", MNT_DETACH) == 0)
		;
	while (umount2("/sys/kernel/debug/tracing", MNT_DETACH) == 0)
		;
	while (umount2("/sys/kernel/debug", MNT_DETACH) == 0)
		;
	ck_assert(!mounted_at("/sys/kernel/tracing"));
	ck_assert_int_ne(access("/sys/kernel/tracing/trace_pipe", F_OK), 0);

	ck_assert_msg(bl_tracefs_dir(dir, sizeof(dir), &err) == 0, "%s", err.msg);
	ck_assert_str_eq(dir, "/sys/kernel/tracing");
	ck_assert(mounted_at("/sys/kernel/tracing"));
	snprintf(pipe_path, sizeof(pipe_path), "%s/trace_pipe", dir);
	ck_assert_int_eq(access(pipe_path, R_OK), 0);

	/* Found again, without a second mount. */
	ck_assert_int_eq(bl_tracefs_dir(dir, sizeof(dir), &err), 0);
	ck_assert_int_eq(umount2("/sys/kernel/tracing", 0), 0);
	ck_assert(!mounted_at("/sys/kernel/tracing"));
}
END_TEST

/* Mounted elsewhere only: found through /proc/mounts. */
START_TEST(tracefs_found_through_proc_mounts)
{
	char dir[256], elsewhere[] = "/tmp/bpfload-tracefs-XXXXXX";
	struct bl_err err = { "" };

	if (unshare(CLONE_NEWNS) != 0) {
		fprintf(stderr, "SKIP %s: unshare(CLONE_NEWNS): %s\n", __func__, strerror(errno));
		return;
	}
	ck_assert_int_eq(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), 0);
	while (umount2("/sys/kernel/tracing", MNT_DETACH) == 0)
		;
	while (umount2("/sys/kernel/debug", MNT_DETACH) == 0)
		;
	ck_assert_ptr_nonnull(mkdtemp(elsewhere));
	ck_assert_int_eq(mount("tracefs", elsewhere, "tracefs", 0, NULL), 0);
	ck_assert_msg(bl_tracefs_dir(dir, sizeof(dir), &err) == 0, "%s", err.msg);
	ck_assert_str_eq(dir, elsewhere);
	ck_assert(!mounted_at("/sys/kernel/tracing"));
	umount2(elsewhere, MNT_DETACH);
	rmdir(elsewhere);
}
END_TEST

Suite *suite_tracefs(void)
{
	Suite *s = suite_create("tracefs");
	TCase *tc = tcase_create("find-or-mount");

	/* Each test must run in its own child: they change mount namespaces. */
	tcase_add_test(tc, tracefs_is_mounted_when_absent);
	tcase_add_test(tc, tracefs_found_through_proc_mounts);
	suite_add_tcase(s, tc);
	return s;
}
