/* tests/host/test_compat.c — a program written for libbpf loads
 * unchanged (compat/opensnoop_compat.bpf.o: bpftool's vmlinux.h and
 * libbpf-dev's bpf_helpers.h, bpf_tracing.h, bpf_core_read.h).
 *
 * Both programs load (the kprobe one is loaded even where the kernel has
 * no kprobes to attach it to); then, with targ_pid set to this process
 * (what bpfload --set does), the tracepoint program is attached (and the
 * kprobe one where kprobes exist), this process opens and unlinks a
 * file, and the results are checked: the .bss counters, the parent's pid
 * read with BPF_CORE_READ(task, real_parent, tgid), and the ring buffer
 * record of the open (pid, file name, LINUX_KERNEL_VERSION).
 * Skipped when the object was not built (no bpftool or kernel BTF).
 */
#include "host.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#define OBJ "compat/opensnoop_compat"

struct event {	/* as in the program */
	uint64_t ts;
	int32_t pid;
	int32_t ppid;
	uint32_t kernel;
	int32_t flags;
	char comm[16];
	char fname[256];
};

struct seen {
	const char *path;
	int found;
	struct event e;
};

static int on_event(const void *data, size_t size, void *ctx)
{
	struct seen *s = ctx;
	const struct event *e = data;

	ck_assert_uint_ge(size, sizeof(*e));
	if (e->pid == getpid() && strcmp(e->fname, s->path) == 0) {
		s->e = *e;
		s->found++;
	}
	return 0;
}

static uint64_t bss_u64(struct bl_object *l, const char *name)
{
	unsigned char value[64];
	struct bl_err err;
	uint32_t zero = 0;
	uint64_t v = 0;
	struct bl_var var;

	ck_assert_msg(bl_object_spec_find_var(l->spec, name, &var, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(bl_map_lookup(&l->maps[var.map], &zero, value), 0);
	memcpy(&v, value + var.offset, var.size < 8 ? var.size : 8);
	return v;
}

static struct bl_object_spec *read_obj(void)
{
	char *path = ut_prog_path(OBJ);
	struct bl_object_spec *obj = NULL;

	if (access(path, R_OK) == 0)
		obj = ut_read_ok(path);
	else
		printf("compat: skipped, %s not built (no bpftool or /sys/kernel/btf/vmlinux)\n", path);
	free(path);
	return obj;
}

START_TEST(loads_unchanged)
{
	struct bl_object_spec *obj = read_obj();
	struct bl_err err = { "" };
	struct bl_object *l;

	if (!obj)
		return;
	ck_assert_msg(bl_load(obj, NULL, &l, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(bl_object_find_prog(l, "tracepoint__syscalls__sys_enter_openat")->state,
			 BL_PROG_LOADED);
	ck_assert_int_eq(bl_object_find_prog(l, "do_unlinkat")->state, BL_PROG_LOADED);
	ck_assert_ptr_nonnull(bl_object_find_map(l, "opensno.kconfig"));
	bl_close(l);
	bl_object_spec_free(obj);
}
END_TEST

START_TEST(traces_this_process)
{
	static const char *const skip[] = { "do_unlinkat" };
	struct bl_load_opts o = { .log_level = 1 };
	struct ht_run r = { .obj = read_obj() };
	struct bl_err err = { "" };
	struct bl_ringbuf *rb;
	char pid[16], path[64];
	struct seen s = { .path = path };
	bool kprobes = ht_have_kprobe_pmu() || ht_have_kprobe_events();
	struct utsname u;
	unsigned a = 0, b = 0, c = 0;
	uint32_t id;
	int fd;

	if (!r.obj)
		return;
	snprintf(pid, sizeof(pid), "%d", getpid());
	ck_assert_msg(bl_object_spec_set_var(r.obj, "targ_pid", pid, &err) == 0, "%s", err.msg);
	if (!kprobes) {
		o.skip_progs = skip;
		o.skip_prog_cnt = 1;
	}
	ck_assert_msg(bl_load(r.obj, &o, &r.l, &err) == 0, "%s", err.msg);
	ck_assert_msg(bl_attach(r.l, &r.ao, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(bl_ringbuf_open(bl_object_find_map(r.l, "events"), &rb, &err), 0);

	snprintf(path, sizeof(path), "/tmp/bl_compat_%d", getpid());
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(unlink(path), 0);

	for (int i = 0; i < 20 && !s.found; i++)
		ck_assert_int_ge(bl_ringbuf_poll(rb, 100, on_event, &s), 0);
	ck_assert_int_ge(s.found, 1);
	ck_assert_int_eq(s.e.ppid, getppid());
	ck_assert_int_eq(s.e.flags & O_CREAT, O_CREAT);
	ck_assert_int_eq(uname(&u), 0);
	sscanf(u.release, "%u.%u.%u", &a, &b, &c);
	ck_assert_uint_eq(s.e.kernel, (a << 16) + (b << 8) + (c > 255 ? 255 : c));
	ck_assert_uint_ge(bss_u64(r.l, "opens"), 1);
	ck_assert_uint_eq(bss_u64(r.l, "last_ppid") & 0xffffffff, (uint32_t)getppid());
	if (kprobes)
		ck_assert_uint_ge(bss_u64(r.l, "unlinks"), 1);
	else
		printf("traces_this_process: kprobe do_unlinkat loaded only (no kprobes here)\n");
	bl_ringbuf_free(rb);
	if (kprobes) {
		ht_stop(&r);
		return;
	}
	id = bl_object_find_prog(r.l, "tracepoint__syscalls__sys_enter_openat")->id;
	bl_close(r.l); /* ht_stop wants every program loaded */
	bl_object_spec_free(r.obj);
	ht_assert_prog_gone(id);
}
END_TEST

Suite *suite_compat(void)
{
	Suite *s = suite_create("compat");
	TCase *tc = tcase_create("compat");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, loads_unchanged);
	tcase_add_test(tc, traces_this_process);
	suite_add_tcase(s, tc);
	return s;
}
