/* tests/host/test_kconfig.c — .kconfig externs (elf/read/externs.c,
 * loader/load/kconfig.c) on the running kernel.
 *
 * compat/test_kconfig.bpf.o (built against libbpf's <bpf/bpf_helpers.h>)
 * copies its externs into .bss on getppid(2). Compared with: uname's
 * release (LINUX_KERNEL_VERSION), /proc/kallsyms (the syscall wrapper),
 * a configuration file the test writes (bl_load_opts.kconfig_path), and
 * the kernel's own /proc/config.gz. A strong CONFIG_ extern missing from
 * the file, or a value that does not fit its type, fails the load with a
 * message naming it. The layout is libbpf's: alignment, size, name.
 */
#include "host.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

#include "loader/sys/sys.h"

#define OBJ "compat/test_kconfig"

static char cfg_path[64];

/* The compat objects are built on the host only (libbpf-dev), not for
 * the VMs: the tests skip without them. */
static bool have_obj(const char *test)
{
	char *path = ut_prog_path(OBJ);
	bool ok = access(path, R_OK) == 0;

	if (!ok)
		fprintf(stderr, "SKIP %s: no %s (built with libbpf-dev on the host)\n", test, path);
	free(path);
	return ok;
}
#define NEED_OBJ() do { if (!have_obj(__func__)) return; } while (0)

/* A configuration file with these lines. */
static const char *write_config(const char *text)
{
	int fd;

	snprintf(cfg_path, sizeof(cfg_path), "/tmp/bl_kconfig_XXXXXX");
	fd = mkstemp(cfg_path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return cfg_path;
}

static int load(struct ht_run *r, const char *config, struct bl_err *err)
{
	struct bl_load_opts o = { .log_level = 1, .kconfig_path = config };
	char *path = ut_prog_path(OBJ);
	int ret;

	r->obj = ut_read_ok(path);
	free(path);
	ret = bl_load(r->obj, &o, &r->l, err);
	if (ret) {
		bl_close(r->l);
		r->l = NULL;
	}
	return ret;
}

static void read_var(struct bl_object *l, const char *name, void *out, size_t len)
{
	unsigned char value[256];
	struct bl_err err;
	uint32_t zero = 0;
	struct bl_var v;

	ck_assert_msg(bl_object_spec_find_var(l->spec, name, &v, &err) == 0, "%s", err.msg);
	ck_assert_uint_le(bl_map_value_len(&l->maps[v.map]), sizeof(value));
	ck_assert_int_eq(bl_map_lookup(&l->maps[v.map], &zero, value), 0);
	memcpy(out, value + v.offset, len);
}

static uint32_t var_u32(struct bl_object *l, const char *name)
{
	uint32_t v;

	read_var(l, name, &v, 4);
	return v;
}

/* Attaches and calls getppid until the program ran. */
static void run(struct ht_run *r)
{
	struct bl_err err;
	uint64_t runs = 0;

	ck_assert_msg(bl_attach(r->l, &r->ao, &err) == 0, "%s", err.msg);
	for (int i = 0; i < 100 && !runs; i++) {
		ht_getppid_times(1);
		read_var(r->l, "runs", &runs, 8);
	}
	ck_assert_uint_gt(runs, 0);
}

static uint32_t uname_version(void)
{
	struct utsname u;
	unsigned a = 0, b = 0, c = 0;

	ck_assert_int_eq(uname(&u), 0);
	ck_assert_int_ge(sscanf(u.release, "%u.%u.%u", &a, &b, &c), 2);
	return (a << 16) + (b << 8) + (c > 255 ? 255 : c);
}

static bool kallsyms_has(const char *name)
{
	char line[512], sym[256];
	FILE *f = fopen("/proc/kallsyms", "r");
	bool found = false;

	ck_assert_ptr_nonnull(f);
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %*s %255s", sym) == 1 && strcmp(sym, name) == 0;
	fclose(f);
	return found;
}

START_TEST(layout_is_libbpfs)
{
	struct bl_object_spec *obj;
	const struct bl_map_spec *m;
	char *path;
	static const char *const order[] = {
		"CONFIG_BL_MISSING", "CONFIG_BL_TRISTATE", "CONFIG_HZ", "LINUX_KERNEL_VERSION",
		"CONFIG_BPF_SYSCALL", "LINUX_BL_UNKNOWN", "LINUX_HAS_BPF_COOKIE",
		"LINUX_HAS_SYSCALL_WRAPPER", "CONFIG_BL_STRING",
	};
	static const uint32_t offs[] = { 0, 8, 12, 16, 20, 21, 22, 23, 24 };

	NEED_OBJ();
	path = ut_prog_path(OBJ);
	obj = ut_read_ok(path);
	free(path);
	m = bl_object_spec_find_map(obj, "test_kc.kconfig");
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(m->origin, BL_MAP_DATA);
	ck_assert_uint_eq(m->value_size, 40);
	ck_assert(m->map_flags & BPF_F_RDONLY_PROG);
	ck_assert_uint_eq(obj->extern_cnt, 9);
	for (size_t i = 0; i < 9; i++) {
		ck_assert_str_eq(obj->externs[i].name, order[i]);
		ck_assert_uint_eq(obj->externs[i].offset, offs[i]);
	}
	ck_assert(obj->externs[8].type == BL_KCFG_CHAR_ARR);
	ck_assert(obj->externs[1].type == BL_KCFG_TRISTATE);
	ck_assert(obj->externs[0].is_weak && !obj->externs[4].is_weak);
	bl_object_spec_free(obj);
}
END_TEST

START_TEST(values_from_file)
{
	struct ht_run r = { 0 };
	struct bl_err err = { "" };
	char str[16];
	uint32_t zero = 0;
	unsigned char value[64] = { 0 };
	const struct bl_map *km;
	const char *cfg;

	NEED_OBJ();
	cfg = write_config("# comment\nCONFIG_BPF_SYSCALL=y\nCONFIG_BL_TRISTATE=m\n"
			   "CONFIG_HZ=0x12c\nCONFIG_BL_STRING=\"hello kconfig\"\n"
			   "# CONFIG_BL_MISSING is not set\n");
	ck_assert_msg(load(&r, cfg, &err) == 0, "%s", err.msg);
	run(&r);
	ck_assert_uint_eq(var_u32(r.l, "kernel_version"), uname_version());
	ck_assert_uint_eq(var_u32(r.l, "has_wrapper"), kallsyms_has("__x64_sys_bpf") ||
						       kallsyms_has("__arm64_sys_bpf"));
	ck_assert_uint_eq(var_u32(r.l, "has_cookie"), 1); /* Linux 5.15 and later */
	ck_assert_uint_eq(var_u32(r.l, "bpf_syscall"), 1);
	ck_assert_uint_eq(var_u32(r.l, "tristate"), 2);	/* TRI_MODULE */
	ck_assert_uint_eq(var_u32(r.l, "hz"), 300);
	read_var(r.l, "string", str, sizeof(str));
	ck_assert_str_eq(str, "hello kconfig");
	ck_assert_uint_eq(var_u32(r.l, "missing"), 0);
	ck_assert_uint_eq(var_u32(r.l, "unknown"), 0);
	/* frozen: user space cannot change it either */
	km = bl_object_find_map(r.l, "test_kc.kconfig");
	ck_assert_ptr_nonnull(km);
	ck_assert_int_eq(bl_map_lookup(km, &zero, value), 0);
	ck_assert_int_eq(bl_map_update(km, &zero, value, BPF_ANY), -EPERM);
	ht_stop(&r);
	unlink(cfg);
}
END_TEST

/* CONFIG_HZ of the kernel's own configuration, or -1. */
static long system_hz(void)
{
	gzFile z = gzopen("/proc/config.gz", "rb");
	char line[512];
	long hz = -1;

	if (!z)
		return -1;
	while (gzgets(z, line, sizeof(line)))
		if (strncmp(line, "CONFIG_HZ=", 10) == 0)
			hz = strtol(line + 10, NULL, 0);
	gzclose(z);
	return hz;
}

START_TEST(values_from_proc_config)
{
	struct ht_run r = { 0 };
	struct bl_err err = { "" };
	long hz = system_hz();

	NEED_OBJ();
	if (hz < 0) {
		printf("values_from_proc_config: skipped, no /proc/config.gz with CONFIG_HZ\n");
		return;
	}
	unsetenv("BPFLOAD_KCONFIG");
	ck_assert_msg(load(&r, NULL, &err) == 0, "%s", err.msg);
	run(&r);
	ck_assert_uint_eq(var_u32(r.l, "bpf_syscall"), 1);
	ck_assert_int_eq(var_u32(r.l, "hz"), hz);
	ck_assert_uint_eq(var_u32(r.l, "tristate"), 0);	/* weak, not there */
	ht_stop(&r);
}
END_TEST

static void refused(const char *config, int want, const char *name)
{
	struct ht_run r = { 0 };
	struct bl_err err = { "" };
	const char *cfg = write_config(config);

	ck_assert_int_eq(load(&r, cfg, &err), want);
	ck_assert_msg(strstr(err.msg, name) && strstr(err.msg, "extern (kconfig)"), "%s", err.msg);
	bl_object_spec_free(r.obj);
	unlink(cfg);
}

START_TEST(bad_values_refused)
{
	NEED_OBJ();
	refused("CONFIG_HZ=100\n", -ESRCH, "CONFIG_BPF_SYSCALL");	  /* strong, missing */
	refused("CONFIG_BPF_SYSCALL=m\n", -EINVAL, "CONFIG_BPF_SYSCALL"); /* a bool */
	refused("CONFIG_BPF_SYSCALL=y\nCONFIG_HZ=0x100000000\n", -ERANGE, "CONFIG_HZ");
	refused("CONFIG_BPF_SYSCALL=y\nCONFIG_HZ=\"x\"\n", -EINVAL, "CONFIG_HZ");
	refused("CONFIG_BPF_SYSCALL=y\nCONFIG_BL_STRING=7\n", -EINVAL, "CONFIG_BL_STRING");
}
END_TEST

Suite *suite_kconfig(void)
{
	Suite *s = suite_create("kconfig");
	TCase *tc = tcase_create("kconfig");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, layout_is_libbpfs);
	tcase_add_test(tc, values_from_file);
	tcase_add_test(tc, values_from_proc_config);
	tcase_add_test(tc, bad_values_refused);
	suite_add_tcase(s, tc);
	return s;
}
