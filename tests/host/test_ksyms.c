/* tests/host/test_ksyms.c — __ksym externs and kfunc calls
 * (elf/read/ksyms.c, loader/load/ksyms.c) on the running kernel.
 *
 * test_ksyms.bpf.o (raw tracepoint programs) and test_kfunc.bpf.o
 * (syscall programs) copy what they see into .bss; each test loads one of
 * their programs, runs it with BPF_PROG_TEST_RUN and compares with the
 * kernel's own view: /proc/kallsyms, the kernel's BTF, getpid(). What a
 * kernel offers differs (this machine: 6.18 without CONFIG_KALLSYMS_ALL;
 * the VMs: Debian's 6.1, with it on amd64, without on arm64), so each
 * test asks the kernel first and checks what must happen on it: a typed per-CPU variable runs where
 * kallsyms lists it and is refused with the reason where not; each kfunc
 * test runs where the kernel has the kfunc and prints one SKIP line where
 * not.
 */
#include "host.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader/load/kernel_btf.h"
#include "loader/sys/kernel_version.h"
#include "loader/sys/sys.h"

/* The address of name in /proc/kallsyms; false when it is not there. */
static bool kallsyms_addr(const char *name, uint64_t *addr)
{
	char line[1024], sym[512], type;
	unsigned long long a;
	FILE *f = fopen("/proc/kallsyms", "r");
	bool found = false;

	ck_assert_ptr_nonnull(f);
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%llx %c %511s", &a, &type, sym) == 3 && !strcmp(sym, name);
	fclose(f);
	if (found && addr)
		*addr = a;
	return found;
}

/* Does the kernel's BTF have a type of that name and kind? */
static bool kernel_has(const char *name, unsigned kind)
{
	struct bl_kernel_btf *kb;
	struct bl_kernel_type t;
	struct bl_err err;
	bool has;

	if (bl_kernel_btf_open(NULL, &kb, &err))
		return false;
	has = bl_kernel_btf_find(kb, NULL, name, kind, &t, &err) == 0;
	bl_kernel_btf_free(kb);
	return has;
}

static bool kernel_has_func(const char *name)
{
	return kernel_has(name, BTF_KIND_FUNC);
}

static bool skip(const char *test, const char *why)
{
	fprintf(stderr, "SKIP %s: %s\n", test, why);
	return true;
}

/* Loads program prog of bpf-progs object name alone; the result of
 * bl_load, r->l set either way. */
static int load_one(struct ht_run *r, const char *name, const char *prog, struct bl_err *err)
{
	const char *only[] = { prog };
	struct bl_load_opts o = { .log_level = 1, .only_progs = only, .only_prog_cnt = 1 };
	char *path = ut_prog_path(name);
	int ret;

	memset(r, 0, sizeof(*r));
	r->obj = ut_read_ok(path);
	free(path);
	ret = bl_load(r->obj, &o, &r->l, err);
	ck_assert_ptr_nonnull(r->l);
	return ret;
}

static struct bl_prog *prog_of(struct ht_run *r, const char *name)
{
	struct bl_prog *p = bl_object_find_prog(r->l, name);

	ck_assert_ptr_nonnull(p);
	return p;
}

static void read_var(struct bl_object *l, const char *name, void *out, size_t len)
{
	unsigned char value[4096];
	struct bl_err err;
	uint32_t zero = 0;
	struct bl_var v;

	ck_assert_msg(bl_object_spec_find_var(l->spec, name, &v, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(v.size, len);
	ck_assert_uint_le(bl_map_value_len(&l->maps[v.map]), sizeof(value));
	ck_assert_int_eq(bl_map_lookup(&l->maps[v.map], &zero, value), 0);
	memcpy(out, value + v.offset, len);
}

static uint32_t u32_of(struct bl_object *l, const char *name)
{
	uint32_t v;

	read_var(l, name, &v, sizeof(v));
	return v;
}

static int32_t s32_of(struct bl_object *l, const char *name)
{
	int32_t v;

	read_var(l, name, &v, sizeof(v));
	return v;
}

static uint64_t u64_of(struct bl_object *l, const char *name)
{
	uint64_t v;

	read_var(l, name, &v, sizeof(v));
	return v;
}

/* BPF_PROG_TEST_RUN of a loaded program with ctx. */
static void test_run(struct ht_run *r, const char *name, const void *ctx, uint32_t size)
{
	struct bl_prog *p = prog_of(r, name);
	int ret;

	ck_assert_int_eq(p->state, BL_PROG_LOADED);
	ret = bl_sys_prog_test_run_ctx(p->fd, ctx, size);
	ck_assert_msg(ret == 0, "BPF_PROG_TEST_RUN of %s: %s", name, strerror(-ret));
}

static void done(struct ht_run *r)
{
	bl_close(r->l);
	bl_object_spec_free(r->obj);
}

/* A raw tracepoint's context: its arguments. */
static const uint64_t raw_args[2];

START_TEST(btf_with_externs_loads)
{
	struct ht_run r;
	struct bl_err err = { "" };

	if (ht_skip_without_vmlinux_btf(__func__))
		return;
	if (ht_skip_without_prog_type(BPF_PROG_TYPE_SYSCALL, "syscall (5.14), of test_kfunc.bpf.o", __func__))
		return;
	/* extern FUNCs (kfuncs) and .ksyms VARs in the object's BTF: the
	 * kernel takes it only as elf/read/ksyms_btf.c rewrote it */
	ck_assert_msg(load_one(&r, "test_kfunc", "weak_guarded", &err) == 0, "%s", err.msg);
	ck_assert_int_ge(r.l->btf_fd, 0);
	ck_assert_msg(r.l->warning_cnt == 0, "%s", r.l->warnings[0]);
	done(&r);
	ck_assert_msg(load_one(&r, "test_ksyms", "typeless", &err) == 0, "%s", err.msg);
	ck_assert_int_ge(r.l->btf_fd, 0);
	ck_assert_msg(r.l->warning_cnt == 0, "%s", r.l->warnings[0]);
	done(&r);
}
END_TEST

START_TEST(typeless_address_and_weak_zeros)
{
	struct ht_run r;
	struct bl_err err = { "" };
	uint64_t want;

	if (ht_skip_without_vmlinux_btf(__func__))
		return;
	ck_assert(kallsyms_addr("vfs_read", &want));
	if (!want && skip(__func__, "/proc/kallsyms hides addresses from this process"))
		return;
	ck_assert_msg(load_one(&r, "test_ksyms", "typeless", &err) == 0, "%s", err.msg);
	test_run(&r, "typeless", raw_args, sizeof(raw_args));
	ck_assert_uint_eq(u32_of(r.l, "typeless_runs"), 1);
	ck_assert_msg(u64_of(r.l, "vfs_read_addr") == want, "vfs_read at 0x%llx, kallsyms 0x%llx",
		      (unsigned long long)u64_of(r.l, "vfs_read_addr"), (unsigned long long)want);
	/* the __weak externs no kernel has: 0, bpf_ksym_exists() false */
	ck_assert(!kallsyms_addr("bl_no_such_symbol", NULL));
	ck_assert_uint_eq(u64_of(r.l, "missing_addr"), 0);
	ck_assert_uint_eq(u32_of(r.l, "exists_symbol"), 0);
	ck_assert_uint_eq(u32_of(r.l, "exists_variable"), 0);
	ck_assert_uint_eq(u32_of(r.l, "exists_kfunc"), 0);
	done(&r);
}
END_TEST

START_TEST(typed_percpu_variable)
{
	struct ht_run r;
	struct bl_err err = { "" };
	int ret = load_one(&r, "test_ksyms", "percpu", &err);

	if (ht_skip_without_vmlinux_btf(__func__))
		return;
	if (ret < 0 && strstr(err.msg, "in neither the kernel's BTF")) {
		/* Debian's 5.10: its BTF has no per-CPU variables */
		fprintf(stderr, "SKIP %s: runqueues is not in this kernel's BTF: %s\n", __func__, err.msg);
		done(&r);
		return;
	}
	if (!kallsyms_addr("runqueues", NULL)) {
		/* no CONFIG_KALLSYMS_ALL: refused before the load, saying so */
		ck_assert_int_lt(ret, 0);
		ck_assert_int_eq(prog_of(&r, "percpu")->state, BL_PROG_UNSUPPORTED);
		ck_assert_msg(strstr(err.msg, "program percpu") && strstr(err.msg, "runqueues") &&
			      strstr(err.msg, "CONFIG_KALLSYMS_ALL"), "%s", err.msg);
		ck_assert_ptr_null(strchr(err.msg, '\n'));
		fprintf(stderr, "NOTE %s: no runqueues in /proc/kallsyms; refused: %s\n", __func__,
			err.msg);
		done(&r);
		return;
	}
	ck_assert_msg(ret == 0, "%s", err.msg);
	test_run(&r, "percpu", raw_args, sizeof(raw_args));
	ck_assert_uint_eq(u32_of(r.l, "percpu_runs"), 1);
	ck_assert_int_ge(s32_of(r.l, "smp_cpu"), 0);
	ck_assert_int_eq(s32_of(r.l, "this_cpu"), s32_of(r.l, "smp_cpu"));
	ck_assert_int_eq(s32_of(r.l, "cpu0"), 0);
	done(&r);
}
END_TEST

START_TEST(weak_typed_variable)
{
	struct ht_run r;
	struct bl_err err = { "" };

	if (ht_skip_without_vmlinux_btf(__func__))
		return;
	ck_assert_msg(load_one(&r, "test_ksyms", "weak_typed", &err) == 0, "%s", err.msg);
	test_run(&r, "weak_typed", raw_args, sizeof(raw_args));
	ck_assert_uint_eq(u32_of(r.l, "weak_runs"), 1);
	/* there where the verifier can find it: a VAR in the kernel's BTF
	 * (Debian's 5.10 has no per-CPU VARs there) and in /proc/kallsyms */
	ck_assert_uint_eq(u32_of(r.l, "weak_present"),
			  kernel_has("bpf_prog_active", BTF_KIND_VAR) && kallsyms_addr("bpf_prog_active", NULL));
	done(&r);
}
END_TEST

/* The pid of this process as the kernel's init namespace sees it:
 * bpf_task_from_pid() looks there. */
static int init_ns_pid(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	int pid = 0, more = 0;

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "NSpid: %d %d", &pid, &more) >= 1)
			break;
	fclose(f);
	return more ? 0 : pid;	/* in a pid namespace: not known */
}

START_TEST(kfunc_task_from_pid)
{
	struct { int32_t pid, bad_pid; } args = { init_ns_pid(), 0x3ffffff0 };
	struct ht_run r;
	struct bl_err err = { "" };

	if (!kernel_has_func("bpf_task_from_pid") &&
	    skip(__func__, "the kernel has no kfunc bpf_task_from_pid (Linux 6.2)"))
		return;
	if (bl_running_kernel_version() < (6u << 16) + (9u << 8) &&
	    skip(__func__, "syscall programs call generic kfuncs since Linux 6.9"))
		return;
	if (!args.pid)
		args.pid = 1;
	ck_assert_msg(load_one(&r, "test_kfunc", "task_from_pid", &err) == 0, "%s", err.msg);
	test_run(&r, "task_from_pid", &args, sizeof(args));
	ck_assert_int_eq(s32_of(r.l, "found_pid"), args.pid);
	ck_assert_int_eq(s32_of(r.l, "found_tgid"), args.pid);
	ck_assert_uint_eq(u32_of(r.l, "bad_pid_null"), 1);
	done(&r);
}
END_TEST

START_TEST(kfunc_test_acquire)
{
	struct ht_run r;
	struct bl_err err = { "" };

	if (!kernel_has_func("bpf_kfunc_call_test_acquire") &&
	    skip(__func__, "the kernel has no test kfuncs in vmlinux (Linux 5.18 to 6.3)"))
		return;
	ck_assert_msg(load_one(&r, "test_kfunc", "test_acquire", &err) == 0, "%s", err.msg);
	test_run(&r, "test_acquire", NULL, 0);
	ck_assert_int_eq(s32_of(r.l, "test_a"), 42);
	ck_assert_int_eq(s32_of(r.l, "test_b"), 108);
	done(&r);
}
END_TEST

START_TEST(kfunc_address)
{
	struct ht_run r;
	struct bl_err err = { "" };

	if (!kernel_has_func("bpf_task_release") &&
	    skip(__func__, "the kernel has no kfunc bpf_task_release (Linux 6.2)"))
		return;
	if (bl_running_kernel_version() < (6u << 16) + (4u << 8) &&
	    skip(__func__, "an ld_imm64 of a kfunc needs Linux 6.4"))
		return;
	ck_assert_msg(load_one(&r, "test_kfunc", "kfunc_exists", &err) == 0, "%s", err.msg);
	test_run(&r, "kfunc_exists", NULL, 0);
	ck_assert_uint_eq(u32_of(r.l, "release_exists"), 1);
	done(&r);
}
END_TEST

START_TEST(weak_kfunc_guarded)
{
	struct ht_run r;
	struct bl_err err = { "" };

	if (ht_skip_without_vmlinux_btf(__func__))
		return;
	if (ht_skip_without_prog_type(BPF_PROG_TYPE_SYSCALL, "syscall (5.14), of test_kfunc.bpf.o", __func__))
		return;
	ck_assert_msg(load_one(&r, "test_kfunc", "weak_guarded", &err) == 0, "%s", err.msg);
	test_run(&r, "weak_guarded", NULL, 0);
	ck_assert_uint_eq(u32_of(r.l, "weak_runs"), 1);
	ck_assert_uint_eq(u32_of(r.l, "weak_exists"), 0);
	done(&r);
}
END_TEST

START_TEST(weak_kfunc_unguarded)
{
	struct ht_run r;
	struct bl_err err = { "" };
	struct bl_prog *p;
	int ret;

	if (ht_skip_without_vmlinux_btf(__func__))
		return;
	if (ht_skip_without_prog_type(BPF_PROG_TYPE_SYSCALL, "syscall (5.14), of test_kfunc.bpf.o", __func__))
		return;
	ret = load_one(&r, "test_kfunc", "weak_unguarded", &err);
	p = prog_of(&r, "weak_unguarded");
	ck_assert_int_lt(ret, 0);
	ck_assert_int_eq(p->state, BL_PROG_REJECTED);
	ck_assert_msg(strstr(err.msg, "program weak_unguarded") &&
		      strstr(err.msg, "kfunc bl_no_such_kfunc,") &&
		      strstr(err.msg, "bpf_ksym_exists(bl_no_such_kfunc)"), "%s", err.msg);
	ck_assert_msg(p->log && !strncmp(p->log, "kfunc bl_no_such_kfunc,", 23), "%.200s", p->log);
	ck_assert_ptr_nonnull(strstr(p->log, "invalid func unknown#2002"));
	done(&r);
}
END_TEST

START_TEST(missing_kfunc)
{
	struct ht_run r;
	struct bl_err err = { "" };
	int ret = load_one(&r, "test_kfunc", "missing", &err);

	if (ht_skip_without_vmlinux_btf(__func__))
		return;
	ck_assert_int_lt(ret, 0);
	ck_assert_int_eq(prog_of(&r, "missing")->state, BL_PROG_UNSUPPORTED);
	ck_assert_msg(strstr(err.msg, "program missing") &&
		      strstr(err.msg, "kfunc bl_no_such_kfunc_strong:") &&
		      strstr(err.msg, "this kernel does not have it"), "%s", err.msg);
	ck_assert_ptr_null(strchr(err.msg, '\n'));
	done(&r);
}
END_TEST

/* The other programs of an object do not suffer from a missing kfunc:
 * each extern fails only the programs that use it. */
START_TEST(missing_kfunc_fails_only_its_program)
{
	const char *only[] = { "weak_guarded", "missing" };
	struct bl_load_opts o = { .log_level = 1, .keep_going = true, .only_progs = only,
				  .only_prog_cnt = 2 };
	struct ht_run r = { 0 };
	struct bl_err err = { "" };
	char *path;

	if (ht_skip_without_vmlinux_btf(__func__))
		return;
	if (ht_skip_without_prog_type(BPF_PROG_TYPE_SYSCALL, "syscall (5.14), of test_kfunc.bpf.o", __func__))
		return;
	path = ut_prog_path("test_kfunc");
	r.obj = ut_read_ok(path);
	free(path);
	ck_assert_int_lt(bl_load(r.obj, &o, &r.l, &err), 0);
	ck_assert_int_eq(prog_of(&r, "weak_guarded")->state, BL_PROG_LOADED);
	ck_assert_int_eq(prog_of(&r, "missing")->state, BL_PROG_UNSUPPORTED);
	done(&r);
}
END_TEST

Suite *suite_ksyms(void)
{
	Suite *s = suite_create("ksyms");
	TCase *tc = tcase_create("ksyms");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, btf_with_externs_loads);
	tcase_add_test(tc, typeless_address_and_weak_zeros);
	tcase_add_test(tc, typed_percpu_variable);
	tcase_add_test(tc, weak_typed_variable);
	tcase_add_test(tc, kfunc_task_from_pid);
	tcase_add_test(tc, kfunc_test_acquire);
	tcase_add_test(tc, kfunc_address);
	tcase_add_test(tc, weak_kfunc_guarded);
	tcase_add_test(tc, weak_kfunc_unguarded);
	tcase_add_test(tc, missing_kfunc);
	tcase_add_test(tc, missing_kfunc_fails_only_its_program);
	suite_add_tcase(s, tc);
	return s;
}
