/* tests/host/test_core.c — CO-RE relocations applied by the loader
 * (loader/load/core_apply.c) on the running kernel.
 *
 * bpf-progs/test_core.bpf.o stores what its relocated instructions gave
 * in the array `results`; each slot is compared with a value found
 * independently: a plain walk of /sys/kernel/btf/vmlinux (as tests/unit/
 * test_core_vmlinux.c does), the UAPI, or the process itself (getpid,
 * getppid). bpf-progs/test_core_poison.bpf.o reads a member no kernel
 * has, unguarded: the verifier refuses the poisoned instruction and the
 * reason must name the relocation. --btf (bl_load_opts.btf_path) with a
 * copy of vmlinux works, with a file that is not BTF gives a clear error.
 */
#include "host.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "elf/btf/btf.h"

#define VMLINUX "/sys/kernel/btf/vmlinux"

static struct bl_btf *vmlinux(void)
{
	struct bl_err err = { "" };
	struct bl_btf *btf = NULL;
	unsigned char *data;
	size_t len;

	data = ut_slurp(VMLINUX, &len);
	ck_assert_msg(data, "cannot read %s", VMLINUX);
	ck_assert_msg(bl_btf_parse(data, len, VMLINUX, &btf, &err) == 0, "%s", err.msg);
	free(data);
	return btf;
}

static bool skip_without_vmlinux(const char *test)
{
	if (access(VMLINUX, R_OK) == 0)
		return false;
	fprintf(stderr, "SKIP %s: no %s\n", test, VMLINUX);
	return true;
}

/* Byte offset of member name of struct id (anonymous members searched). */
static bool member_bits(const struct bl_btf *btf, uint32_t id, const char *name, uint64_t *bits,
			uint32_t *type)
{
	const struct btf_type *t = bl_btf_skip_modifiers(btf, id, NULL);

	if (!t || (bl_btf_kind(t) != BTF_KIND_STRUCT && bl_btf_kind(t) != BTF_KIND_UNION))
		return false;
	for (unsigned int i = 0; i < bl_btf_vlen(t); i++) {
		const struct btf_member *m = &bl_btf_members(t)[i];
		const char *n = bl_btf_name(btf, m->name_off);
		uint64_t sub = 0;

		if ((!*n && member_bits(btf, m->type, name, &sub, type)) || !strcmp(n, name)) {
			if (*n)
				*type = m->type;
			*bits = bl_btf_member_bit_offset(t, m) + sub;
			return true;
		}
	}
	return false;
}

static uint64_t offset_of(const struct bl_btf *btf, const char *strct, const char *path)
{
	int id = bl_btf_find_by_name_kind(btf, strct, BTF_KIND_STRUCT);
	char buf[128], *save = NULL;
	uint64_t bits = 0;
	uint32_t type = (uint32_t)id;

	ck_assert_msg(id > 0, "struct %s not in %s", strct, VMLINUX);
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *f = strtok_r(buf, ".", &save); f; f = strtok_r(NULL, ".", &save)) {
		uint64_t b = 0;

		ck_assert_msg(member_bits(btf, type, f, &b, &type), "%s.%s not found", strct, path);
		bits += b;
	}
	return bits / 8;
}

static uint64_t slot(struct bl_object *l, uint32_t k)
{
	return ht_lookup_u64(l, "results", k);
}

START_TEST(core_results_match_the_kernel)
{
	struct ht_run r = { 0 };
	struct bl_btf *btf;
	uint32_t size = 0;
	int id, tries;

	if (skip_without_vmlinux(__func__))
		return;
	UT_PROG(path, "test_core");
	free(path);
	btf = vmlinux();
	ht_start(&r, "test_core");
	/* Other processes call getppid too: trigger until the slots are ours. */
	for (tries = 0; tries < 500; tries++) {
		ht_getppid_times(1);
		if (slot(r.l, 25) == (uint64_t)getpid() && slot(r.l, 24) == (uint64_t)syscall(SYS_gettid))
			break;
	}
	ck_assert_msg(tries < 500, "the slots never showed this process (tgid %llu)",
		      (unsigned long long)slot(r.l, 25));
	id = bl_btf_find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(bl_btf_resolve_size(btf, (uint32_t)id, &size), 0);

	ck_assert_uint_eq(slot(r.l, 0), offset_of(btf, "task_struct", "pid"));
	ck_assert_uint_eq(slot(r.l, 1), offset_of(btf, "task_struct", "tgid"));
	ck_assert_uint_eq(slot(r.l, 2), 4);
	ck_assert_uint_eq(slot(r.l, 3), 1);
	ck_assert_uint_eq(slot(r.l, 4), 0);
	ck_assert_uint_eq(slot(r.l, 5), 1);
	ck_assert_uint_eq(slot(r.l, 6), 0);
	ck_assert_uint_eq(slot(r.l, 7), size);
	ck_assert_uint_eq(slot(r.l, 8), 1);
	ck_assert_uint_eq(slot(r.l, 9), 0);
	ck_assert_uint_eq(slot(r.l, 10), (uint64_t)id);
	ck_assert_uint_eq(slot(r.l, 12), offset_of(btf, "task_struct", "comm") + 3);
	ck_assert_uint_eq(slot(r.l, 13), offset_of(btf, "task_struct", "se") +
					 offset_of(btf, "sched_entity", "vruntime"));
	ck_assert_uint_eq(slot(r.l, 18), 1);
	ck_assert_uint_eq(slot(r.l, 19), 3);	/* PIDTYPE_SID */
	ck_assert_uint_eq(slot(r.l, 20), 0);
	ck_assert_uint_eq(slot(r.l, 21), BPF_MAP_TYPE_RINGBUF);
	{	/* `state` became `__state` in 5.14: asked of this kernel's BTF */
		uint64_t b = 0;
		uint32_t t = 0;
		bool has_state = member_bits(btf, (uint32_t)bl_btf_find_by_name_kind(btf, "task_struct",
										       BTF_KIND_STRUCT),
					     "state", &b, &t);

		ck_assert_uint_eq(slot(r.l, 22), has_state ? 1 : 0);
	}
	ck_assert_uint_eq(slot(r.l, 23), slot(r.l, 0));
	/* what the program read through relocated offsets */
	ck_assert_uint_eq(slot(r.l, 26), ((uint64_t)getpid() << 32) | (uint64_t)syscall(SYS_gettid));
	ck_assert_uint_eq(slot(r.l, 27), (uint64_t)getppid());
	ck_assert_uint_eq(slot(r.l, 30), 42);	/* poisoned dead code did not stop the load */
	/* core_ctx: ctx->id at the relocated offset is a syscall number */
	ck_assert_uint_lt(slot(r.l, 28), 1024);
	ht_stop(&r);
	bl_btf_free(btf);
}
END_TEST

START_TEST(unresolved_relocation_is_named)
{
	struct bl_err err = { "" };
	struct bl_object_spec *obj;
	struct bl_object *l = NULL;
	struct bl_prog *p;
	static const char head[] =
		"CO-RE relocation 0 (struct task_struct___bl_gone, field bl_no_such_member (0:0)) could not be resolved on this kernel";

	if (skip_without_vmlinux(__func__))
		return;
	UT_PROG(path, "test_core_poison");
	obj = ut_read_ok(path);
	free(path);
	ck_assert_int_eq(bl_load(obj, NULL, &l, &err), -EINVAL);
	ck_assert_ptr_nonnull(l);
	ck_assert_msg(strstr(err.msg, "program core_poison") && strstr(err.msg, head),
		      "error: %s", err.msg);
	ck_assert_msg(strstr(err.msg, "test_core_poison.bpf.o"), "error: %s", err.msg);
	p = bl_object_find_prog(l, "core_poison");
	ck_assert_int_eq(p->state, BL_PROG_REJECTED);
	ck_assert_msg(p->log && !strncmp(p->log, head, strlen(head)), "log: %s", p->log);
	/* the verifier's own log follows */
	ck_assert_msg(strstr(p->log, "\ninvalid func unknown#195896080"), "log: %s", p->log);
	bl_close(l);
	bl_object_spec_free(obj);
}
END_TEST

static char *copy_of_vmlinux(void)
{
	static char tmpl[] = "/tmp/bl_core_btf_XXXXXX";
	char *name = strdup(tmpl);
	unsigned char *data;
	size_t len;
	int fd = mkstemp(name);

	ck_assert_int_ge(fd, 0);
	data = ut_slurp(VMLINUX, &len);
	ck_assert_ptr_nonnull(data);
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
	free(data);
	return name;
}

START_TEST(btf_file_option)
{
	struct bl_load_opts o = { .log_level = 1 };
	struct bl_err err = { "" };
	struct bl_object_spec *obj;
	struct bl_object *l = NULL;
	char *copy;

	if (skip_without_vmlinux(__func__))
		return;
	UT_PROG(path, "test_core");
	obj = ut_read_ok(path);
	free(path);
	copy = copy_of_vmlinux();
	o.btf_path = copy;
	ck_assert_msg(bl_load(obj, &o, &l, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(bl_object_find_prog(l, "core_task")->state, BL_PROG_LOADED);
	ck_assert_int_eq(bl_object_find_prog(l, "core_ctx")->state, BL_PROG_LOADED);
	bl_close(l);
	unlink(copy);
	free(copy);

	/* not BTF: the object itself is an ELF file */
	o.btf_path = obj->path;
	l = NULL;
	ck_assert_int_lt(bl_load(obj, &o, &l, &err), 0);
	/* The one ownership rule: a result whatever happened; nothing made. */
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(l->stage, BL_LOAD_CHECKED);
	bl_close(l);
	ck_assert_msg(strstr(err.msg, "is not usable as the target BTF"), "%s", err.msg);
	o.btf_path = "/nonexistent/vmlinux";
	ck_assert_int_eq(bl_load(obj, &o, &l, &err), -ENOENT);
	ck_assert_msg(strstr(err.msg, "/nonexistent/vmlinux") && strstr(err.msg, "ENOENT"), "%s",
		      err.msg);
	bl_close(l);
	bl_object_spec_free(obj);
}
END_TEST

Suite *suite_core(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("relocations");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, core_results_match_the_kernel);
	tcase_add_test(tc, unresolved_relocation_is_named);
	tcase_add_test(tc, btf_file_option);
	suite_add_tcase(s, tc);
	return s;
}
