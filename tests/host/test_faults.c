/* tests/host/test_faults.c — what goes wrong around a load, and what the
 * user is told: a process without the capabilities (capabilities(7):
 * CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN; bpf(2) fails with EPERM),
 * RLIMIT_MEMLOCK at 0 (getrlimit(2); charged by kernels before 5.11
 * only, loader/sys/permissions.c), no bpffs where maps are pinned, no tracefs
 * and no right to mount it (mount(2)).
 *
 * Each test runs in the child Check forks for it: the capabilities,
 * limits and mount namespace (unshare(CLONE_NEWNS), mounts made private)
 * it changes go away with that child. */
#define _GNU_SOURCE
#include "host.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "loader/sys/permissions.h"
#include "loader/sys/sys.h"

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

/* Leaves only the capabilities in keep (a mask of CAP_ numbers below 64)
 * in the effective set: what `capsh --drop` would do to root. */
static void keep_only_caps(uint64_t keep)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	ck_assert_int_eq(syscall(SYS_capget, &hdr, data), 0);
	data[0].effective &= (uint32_t)keep;
	data[1].effective &= (uint32_t)(keep >> 32);
	ck_assert_msg(syscall(SYS_capset, &hdr, data) == 0, "capset: %s", strerror(errno));
}

#define CAP(c) (UINT64_C(1) << (c))

/* Before Linux 5.11 the kernel charges BPF memory to the user's locked
 * memory, all of root's processes together (user->locked_vm), against
 * RLIMIT_MEMLOCK, 64 KiB in the VMs, which root without
 * CAP_SYS_RESOURCE cannot raise: whether a map fits depended on how much
 * of the earlier tests' memory the kernel had freed yet (it frees maps
 * from a work queue), and a test of the capabilities failed at
 * BPF_MAP_CREATE once in Debian's 5.10. The limit is lifted first, while
 * CAP_SYS_RESOURCE is there (as far as the hard limit where even root
 * may not: some containers); memlock_zero_loads tests the limit. */
static void unlimited_memlock(void)
{
	struct rlimit lim = { RLIM_INFINITY, RLIM_INFINITY };

	if (!bl_kernel_charges_memlock() || setrlimit(RLIMIT_MEMLOCK, &lim) == 0)
		return;
	ck_assert_int_eq(getrlimit(RLIMIT_MEMLOCK, &lim), 0);
	lim.rlim_cur = lim.rlim_max;
	ck_assert_msg(setrlimit(RLIMIT_MEMLOCK, &lim) == 0, "setrlimit: %s", strerror(errno));
}

static struct bl_object_spec *read_prog(const char *name)
{
	char *path = ut_prog_path(name);
	struct bl_object_spec *obj = ut_read_ok(path);

	free(path);
	return obj;
}

/* bl_load must fail with EPERM, leave nothing (no result, no fd), and
 * say what failed and that bpfload needs root. */
static void expect_needs_root(const char *name, const char *what_failed)
{
	struct bl_object_spec *obj = read_prog(name);
	struct bl_err err = { "" };
	struct bl_object *l = (struct bl_object *)1;
	int before = ht_open_fd_count(), ret;

	ret = bl_load(obj, NULL, &l, &err);
	ck_assert_int_eq(ret, -EPERM);
	/* The one ownership rule: a result whatever happened; nothing made. */
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(l->stage, BL_LOAD_CHECKED);
	bl_close(l);
	ck_assert_msg(strstr(err.msg, obj->path) && strstr(err.msg, what_failed) &&
			      strstr(err.msg, "EPERM"),
		      "error does not name the file, \"%s\" and EPERM: %s", what_failed, err.msg);
	ck_assert_msg(strstr(err.msg, "bpfload needs root, or CAP_BPF and CAP_PERFMON"),
		      "error does not say what is needed: %s", err.msg);
	ck_assert_int_eq(ht_open_fd_count(), before);
	bl_object_spec_free(obj);
}

static bool kernel_before(unsigned want_major, unsigned want_minor);

/* No capability at all (a user, or root after capsh --drop): the first
 * map is refused. Since 5.11 that EPERM is not RLIMIT_MEMLOCK's: the
 * limit (soft 0 here) is left alone. */
START_TEST(no_capabilities_needs_root)
{
	struct rlimit lim;

	ck_assert_int_eq(getrlimit(RLIMIT_MEMLOCK, &lim), 0);
	lim.rlim_cur = 0;
	ck_assert_int_eq(setrlimit(RLIMIT_MEMLOCK, &lim), 0);
	keep_only_caps(0);
	ck_assert(!bl_have_bpf_privileges());
	expect_needs_root("fchmodat_trace", "map fchmodat_calls: BPF_MAP_CREATE failed");
	ck_assert_int_eq(getrlimit(RLIMIT_MEMLOCK, &lim), 0);
	if (!kernel_before(5, 11))
		ck_assert_uint_eq(lim.rlim_cur, 0);
}
END_TEST

/* A real unprivileged user (uid and gid 65534): the same. */
START_TEST(other_user_needs_root)
{
	ck_assert_int_eq(setgroups(0, NULL), 0);
	ck_assert_int_eq(setresgid(65534, 65534, 65534), 0);
	ck_assert_int_eq(setresuid(65534, 65534, 65534), 0);
	ck_assert(!bl_have_bpf_privileges());
	expect_needs_root("test_maps", "BPF_MAP_CREATE failed");
}
END_TEST

/* CAP_BPF alone: the maps are created, the tracing program is refused
 * (it needs CAP_PERFMON too); the maps are closed again. */
START_TEST(cap_bpf_without_perfmon_needs_root)
{
	unlimited_memlock();
	keep_only_caps(CAP(CAP_BPF));
	ck_assert(!bl_have_bpf_privileges());
	expect_needs_root("fchmodat_trace", "program trace_fchmodat");
}
END_TEST

static int perf_event_paranoid(void)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "re");
	int level = 2;

	if (f) {
		ck_assert_int_eq(fscanf(f, "%d", &level), 1);
		fclose(f);
	}
	return level;
}

/* CAP_BPF and CAP_PERFMON without CAP_SYS_ADMIN (nor the rest of root):
 * enough to load and run a tracepoint program, unless the kernel is
 * Debian's (or Ubuntu's) with kernel.perf_event_paranoid at 3 (their
 * default, the VMs' 6.1): there perf_event_open needs CAP_SYS_ADMIN, and
 * the attach error says so. */
START_TEST(cap_bpf_and_perfmon_suffice)
{
	struct bl_err err = { "" };
	struct ht_run r = { 0 };
	int before, ret;

	/* tracefs: found (or mounted) while CAP_SYS_ADMIN is there. */
	ck_assert_ptr_nonnull(ht_tracefs());
	unlimited_memlock();
	keep_only_caps(CAP(CAP_BPF) | CAP(CAP_PERFMON));
	ck_assert(bl_have_bpf_privileges());
	before = ht_open_fd_count();
	r.obj = read_prog("test_two_in_one");
	ck_assert_msg(bl_load(r.obj, NULL, &r.l, &err) == 0, "%s", err.msg);
	ret = bl_attach(r.l, &r.ao, &err);
	if (perf_event_paranoid() > 2) {
		ck_assert_int_eq(ret, -EACCES);
		ck_assert_msg(strstr(err.msg, "perf_event_open for tracepoint") &&
				      strstr(err.msg, "kernel.perf_event_paranoid is ") &&
				      strstr(err.msg, "sysctl kernel.perf_event_paranoid=2"),
			      "message: %s", err.msg);
	} else {
		ck_assert_msg(ret == 0, "%s", err.msg);
		ht_getppid_times(20);
		ck_assert_uint_ge(ht_lookup_u64(r.l, "slots", 0), 20);
	}
	/* not ht_stop: listing the kernel's ids needs CAP_SYS_ADMIN */
	bl_close(r.l);
	bl_object_spec_free(r.obj);
	ck_assert_int_eq(ht_open_fd_count(), before);
}
END_TEST

static bool kernel_before(unsigned want_major, unsigned want_minor)
{
	struct utsname u;
	unsigned major = 0, minor = 0;

	ck_assert_int_eq(uname(&u), 0);
	ck_assert_int_eq(sscanf(u.release, "%u.%u", &major, &minor), 2);
	return major < want_major || (major == want_major && minor < want_minor);
}

/* RLIMIT_MEMLOCK at 0: since Linux 5.11 the kernel does not charge BPF
 * memory to it, so the load works and the limit is left at 0 (bpfload
 * raises it only when a load fails with EPERM: loader/sys/permissions.c).
 * Before 5.11 the first map fails with EPERM, and bpfload raises the
 * limit and loads again. */
START_TEST(memlock_zero_loads)
{
	struct rlimit lim, now;
	struct ht_run r = { 0 };
	int fd;

	/* The soft limit at 0; the hard one as it was, so that bpfload
	 * could raise the soft one (even without CAP_SYS_RESOURCE). */
	ck_assert_int_eq(getrlimit(RLIMIT_MEMLOCK, &lim), 0);
	lim.rlim_cur = 0;
	ck_assert_int_eq(setrlimit(RLIMIT_MEMLOCK, &lim), 0);
	if (!kernel_before(5, 11)) {
		/* The kernel's own answer: a 4 MiB map under a limit of 0. */
		fd = bl_sys_map_create(BPF_MAP_TYPE_ARRAY, "bl_memlock", 4, 4096, 1024, 0);
		ck_assert_msg(fd >= 0, "BPF_MAP_CREATE of 4 MiB with RLIMIT_MEMLOCK 0: %d", fd);
		close(fd);
	}
	ht_start(&r, "test_maps");
	ht_getppid_times(10);
	ck_assert_uint_ge(ht_lookup_u64(r.l, "counts", (uint32_t)getpid()), 10);
	ht_stop(&r);
	ck_assert_int_eq(getrlimit(RLIMIT_MEMLOCK, &now), 0);
	if (kernel_before(5, 11))
		ck_assert_msg(now.rlim_cur > 0, "a kernel before 5.11: the limit must be raised");
	else
		ck_assert_msg(now.rlim_cur == 0, "raised to %llu on a kernel that does not charge it",
			      (unsigned long long)now.rlim_cur);
}
END_TEST

/* In a mount namespace of this test's own, with the mounts private. */
static bool own_mount_ns(const char *test)
{
	if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
		fprintf(stderr, "SKIP %s: unshare(CLONE_NEWNS): %s\n", test, strerror(errno));
		return false;
	}
	return true;
}

/* No bpffs on /sys/fs/bpf (the default pin directory, a plain sysfs
 * directory then): the error names the pin path and how to mount bpffs,
 * and the load leaves no map open and nothing pinned. */
START_TEST(no_bpffs_at_default_pin_dir)
{
	struct bl_object_spec *obj;
	struct bl_object *l = NULL;
	struct bl_err err = { "" };
	int before, ret;

	if (!own_mount_ns(__func__))
		return;
	while (umount2("/sys/fs/bpf", MNT_DETACH) == 0)
		;
	obj = read_prog("test_btf_maps");
	before = ht_open_fd_count();
	ret = bl_load(obj, NULL, &l, &err);
	ck_assert_int_lt(ret, 0);
	/* The one ownership rule: a result whatever happened; nothing made. */
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(l->stage, BL_LOAD_CHECKED);
	bl_close(l);
	ck_assert_msg(strstr(err.msg, obj->path) && strstr(err.msg, "/sys/fs/bpf/bm_pinned") &&
			      strstr(err.msg, "not in the BPF file system") &&
			      strstr(err.msg, "mount -t bpf bpf /sys/fs/bpf"),
		      "message: %s", err.msg);
	ck_assert_int_eq(ht_open_fd_count(), before);
	ck_assert_int_ne(access("/sys/fs/bpf/bm_pinned", F_OK), 0);
	bl_object_spec_free(obj);
}
END_TEST

/* --pin-path on a tmpfs: the same, naming that directory. */
START_TEST(no_bpffs_at_pin_path)
{
	struct bl_load_opts o = { .log_level = 1 };
	char dir[] = "/tmp/bpfload-notbpffs-XXXXXX", want[128];
	struct bl_object_spec *obj;
	struct bl_object *l = NULL;
	struct bl_err err = { "" };

	if (!own_mount_ns(__func__))
		return;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(mount("tmpfs", dir, "tmpfs", 0, NULL), 0);
	o.pin_path = dir;
	obj = read_prog("test_btf_maps");
	ck_assert_int_eq(bl_load(obj, &o, &l, &err), -ENOTSUP);
	/* The one ownership rule: a result whatever happened; nothing made. */
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(l->stage, BL_LOAD_CHECKED);
	bl_close(l);
	snprintf(want, sizeof(want), "mount -t bpf bpf %s", dir);
	ck_assert_msg(strstr(err.msg, dir) && strstr(err.msg, "bm_pinned") && strstr(err.msg, want),
		      "message: %s", err.msg);
	bl_object_spec_free(obj);
	umount2(dir, MNT_DETACH);
	rmdir(dir);
}
END_TEST

/* tracefs mounted nowhere and no right to mount it (CAP_SYS_ADMIN
 * dropped): a clear error, which says how to mount it. (Mounted when
 * root: tests/host/test_tracefs.c.) */
START_TEST(tracefs_cannot_be_mounted)
{
	struct bl_err err = { "" };
	char dir[256];

	if (!own_mount_ns(__func__))
		return;
	while (umount2("/sys/kernel/tracing", MNT_DETACH) == 0)
		;
	while (umount2("/sys/kernel/debug/tracing", MNT_DETACH) == 0)
		;
	while (umount2("/sys/kernel/debug", MNT_DETACH) == 0)
		;
	keep_only_caps(CAP(CAP_BPF) | CAP(CAP_PERFMON));
	ck_assert_int_eq(bl_tracefs_dir(dir, sizeof(dir), &err), -EPERM);
	ck_assert_msg(strstr(err.msg, "tracefs is not mounted") &&
			      strstr(err.msg, "needs root") &&
			      strstr(err.msg, "mount -t tracefs tracefs /sys/kernel/tracing"),
		      "message: %s", err.msg);
}
END_TEST

Suite *suite_faults(void)
{
	Suite *s = suite_create("faults");
	TCase *tc = tcase_create("faults");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, no_capabilities_needs_root);
	tcase_add_test(tc, other_user_needs_root);
	tcase_add_test(tc, cap_bpf_without_perfmon_needs_root);
	tcase_add_test(tc, cap_bpf_and_perfmon_suffice);
	tcase_add_test(tc, memlock_zero_loads);
	tcase_add_test(tc, no_bpffs_at_default_pin_dir);
	tcase_add_test(tc, no_bpffs_at_pin_path);
	tcase_add_test(tc, tracefs_cannot_be_mounted);
	suite_add_tcase(s, tc);
	return s;
}
