/* tests/host/test_globals_calls.c — global data, bpf-to-bpf calls and
 * BTF on the running kernel.
 *
 * test_globals.bpf.o: the .bss counters and .data values the program
 * changes are read back from the maps (at the offsets the DATASECs give);
 * .rodata variables set before the load (bl_object_spec_set_var, what
 * bpfload --set does) change what the program does; .rodata is frozen.
 * test_subprog.bpf.o: the results of subprograms, of a static function
 * of the program's section and of a bpf_loop callback land in a map, and
 * the kernel got one func_info per function (BPF_OBJ_GET_INFO_BY_FD).
 * BTF: loaded; rewritten for each missing feature it still loads; refused
 * by the kernel, the load goes on without it and says so once.
 */
#include "host.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "elf/btf/btf.h"
#include "loader/load/internal.h"
#include "loader/sys/sys.h"

/* The value of variable name (at most 8 bytes, or a string), read from
 * its map in the kernel. */
static void read_var(struct bl_object *l, const char *name, void *out, size_t len)
{
	struct bl_var v;
	struct bl_err err;
	unsigned char value[4096];
	uint32_t zero = 0;
	struct bl_map *m;

	ck_assert_msg(bl_object_spec_find_var(l->spec, name, &v, &err) == 0, "%s", err.msg);
	m = &l->maps[v.map];
	ck_assert_uint_le(bl_map_value_len(m), sizeof(value));
	ck_assert_int_eq(bl_map_lookup(m, &zero, value), 0);
	ck_assert_uint_le(len, v.size);
	memcpy(out, value + v.offset, len);
}

static uint64_t var_u64(struct bl_object *l, const char *name)
{
	uint64_t v = 0;

	read_var(l, name, &v, 8);
	return v;
}

static uint32_t var_u32(struct bl_object *l, const char *name)
{
	uint32_t v = 0;

	read_var(l, name, &v, 4);
	return v;
}

/* Reads the object, sets the variables ("name=value" pairs), loads and
 * attaches. */
static void start_with(struct ht_run *r, const char *name, const char *const *sets, size_t n)
{
	char *path = ut_prog_path(name);
	struct bl_err err = { "" };
	int ret;

	r->obj = ut_read_ok(path);
	free(path);
	for (size_t i = 0; i < n; i += 2) {
		ret = bl_object_spec_set_var(r->obj, sets[i], sets[i + 1], &err);
		ck_assert_msg(ret == 0, "%s=%s: %s", sets[i], sets[i + 1], err.msg);
	}
	ret = bl_load(r->obj, NULL, &r->l, &err);
	ck_assert_msg(ret == 0, "bl_load(%s) = %d: %s", name, ret, err.msg);
	ret = bl_attach(r->l, &r->ao, &err);
	ck_assert_msg(ret == 0, "bl_attach(%s) = %d: %s", name, ret, err.msg);
}

START_TEST(bss_and_data_change)
{
	struct ht_run r = { 0 };
	char tag[16];

	UT_PROG(path, "test_globals");
	free(path);
	ht_start(&r, "test_globals");
	ck_assert_int_ge(r.l->btf_fd, 0);
	ck_assert_uint_eq(r.l->warning_cnt, 0);
	/* Other processes may call getppid from the moment of attach: the
	 * counts are compared with what they were before this test's calls. */
	uint64_t calls0 = var_u64(r.l, "calls"), matched0 = var_u64(r.l, "matched");
	int64_t counted0 = (int64_t)var_u64(r.l, "counted");
	uint32_t hidden0 = var_u32(r.l, "hidden_calls");

	/* .data's initial value 1000, plus one per getppid so far */
	ck_assert_int_ge(counted0, 1000);
	ck_assert_int_lt(counted0, 1000 + 100000);
	ht_getppid_times(40);
	ck_assert_uint_ge(var_u64(r.l, "calls") - calls0, 40);
	ck_assert_uint_ge(var_u64(r.l, "matched") - matched0, 40); /* target_pid 0: everyone */
	ck_assert_uint_ge(var_u32(r.l, "hidden_calls") - hidden0, 40);
	ck_assert_int_ge((int64_t)var_u64(r.l, "counted") - counted0, 40);
	read_var(r.l, "last_tag", tag, sizeof(tag));
	ck_assert_str_eq(tag, "none");
	/* each map's value type is its section's DATASEC */
	for (size_t i = 0; i < r.l->map_cnt; i++) {
		struct bpf_map_info info;
		uint32_t len = sizeof(info);

		memset(&info, 0, sizeof(info));
		ck_assert_int_eq(bl_sys_obj_info(r.l->maps[i].fd, &info, &len), 0);
		ck_assert_uint_eq(info.btf_value_type_id, r.l->maps[i].spec->btf_value_type_id);
		ck_assert_uint_eq(info.map_flags, r.l->maps[i].spec->map_flags);
		ck_assert_uint_eq(info.btf_id != 0, r.l->maps[i].spec->btf_value_type_id != 0);
	}
	ht_stop(&r);
}
END_TEST

/* getppid n times in a child process; returns when it is done. */
static void child_getppid(int n)
{
	pid_t pid = fork();
	int status;

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		ht_getppid_times(n);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

START_TEST(rodata_set_before_load_filters)
{
	struct ht_run r = { 0 };
	char me[16], tag[16];
	const char *sets[] = { "target_pid", me, "step", "-3", "tag", "host-test" };
	uint32_t zero = 0;
	unsigned char junk[64] = { 0 };

	UT_PROG(path, "test_globals");
	free(path);
	snprintf(me, sizeof(me), "%d", getpid());
	start_with(&r, "test_globals", sets, 6);
	child_getppid(30);		/* another process: calls, not matched */
	ht_getppid_times(25);
	ck_assert_uint_ge(var_u64(r.l, "calls"), 55);
	ck_assert_uint_eq(var_u64(r.l, "matched"), 25);
	ck_assert_int_eq((int64_t)var_u64(r.l, "counted"), 1000 - 3 * 25);
	ck_assert_uint_eq(var_u32(r.l, "last_pid"), (uint32_t)getpid());
	read_var(r.l, "last_tag", tag, sizeof(tag));
	ck_assert_str_eq(tag, "host-test");
	/* .rodata is frozen: not even root may change it now */
	ck_assert_int_eq(bl_map_update(bl_object_find_map(r.l, ".rodata"), &zero, junk, BPF_ANY), -EPERM);
	ck_assert_int_eq(bl_map_update(bl_object_find_map(r.l, ".bss"), &zero, junk, BPF_ANY), 0);
	ht_stop(&r);
}
END_TEST

START_TEST(rodata_enum_and_bool_switch_off)
{
	static const char *const skip[] = { "mode", "MODE_SKIP" };
	static const char *const off[] = { "enabled", "false" };
	struct ht_run r = { 0 };

	UT_PROG(path, "test_globals");
	free(path);
	start_with(&r, "test_globals", skip, 2);
	ht_getppid_times(10);
	ck_assert_uint_ge(var_u64(r.l, "calls"), 10);
	ck_assert_uint_eq(var_u64(r.l, "matched"), 0);
	ht_stop(&r);
	start_with(&r, "test_globals", off, 2);
	ht_getppid_times(10);
	ck_assert_uint_ge(var_u64(r.l, "calls"), 10);
	ck_assert_uint_eq(var_u64(r.l, "matched"), 0);
	ht_stop(&r);
}
END_TEST

static void nr_func_info(struct bl_prog *p, uint32_t *funcs, uint32_t *lines, uint32_t *btf_id)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	ck_assert_int_eq(bl_sys_obj_info(p->fd, &info, &len), 0);
	*funcs = info.nr_func_info;
	*lines = info.nr_line_info;
	*btf_id = info.btf_id;
}

START_TEST(subprograms_and_callback_run)
{
	static const uint64_t want[] = { 49, 12, 5, 10, 42, 144, 27 };
	struct ht_run r = { 0 };
	uint32_t funcs, lines, btf_id;

	if (ht_skip_without_jit(__func__))
		return;
	UT_PROG(path, "test_subprog");
	free(path);
	if (ht_skip_without_helper(BPF_FUNC_loop, "bpf_loop (5.17), of test_subprog.bpf.o", __func__))
		return;
	ht_start(&r, "test_subprog");
	ht_getppid_times(3);
	for (uint32_t k = 0; k < sizeof(want) / sizeof(want[0]); k++)
		ck_assert_msg(ht_lookup_u64(r.l, "results", k) == want[k], "results[%u] = %llu, want %llu",
			      k, (unsigned long long)ht_lookup_u64(r.l, "results", k),
			      (unsigned long long)want[k]);
	ck_assert_uint_ge(var_u64(r.l, "stores"), 7);
	/* call_subprogs + square, store, sum3, loop_step, plus_seven, cube */
	nr_func_info(bl_object_find_prog(r.l, "call_subprogs"), &funcs, &lines, &btf_id);
	ck_assert_uint_eq(funcs, 7);
	ck_assert_uint_gt(lines, 7);
	ck_assert_uint_ne(btf_id, 0);
	/* call_square + square, store: its own copies */
	nr_func_info(bl_object_find_prog(r.l, "call_square"), &funcs, &lines, &btf_id);
	ck_assert_uint_eq(funcs, 3);
	ht_stop(&r);
}
END_TEST

/* The BTF of obj, rewritten as for a kernel without the features in
 * missing, must still be accepted by this kernel. */
static void sanitized_loads(const struct bl_btf *btf, const char *what, unsigned missing)
{
	void *copy;
	size_t len;
	char *log = calloc(1, 1 << 20);
	int fd;

	ck_assert_int_eq(bl_btf_sanitize(btf, missing, &copy, &len), 0);
	fd = bl_sys_btf_load(copy, (uint32_t)len, NULL, 0, 0);
	if (fd < 0) /* again, for the log */
		fd = bl_sys_btf_load(copy, (uint32_t)len, log, 1 << 20, 1);
	ck_assert_msg(fd >= 0, "%s without features 0x%x: BPF_BTF_LOAD %d: %s", what, missing, fd,
		      log + (strlen(log) > 600 ? strlen(log) - 600 : 0));
	close(fd);
	free(copy);
	free(log);
}

START_TEST(btf_rewritten_for_older_kernels_loads)
{
	static const char *const objs[] = { "test_globals", "test_subprog", "test_btf", "test_ksyms",
					    "test_kfunc" };
	unsigned char *raw;
	size_t len;
	struct bl_btf *vmlinux;
	struct bl_err err;

	/* The test takes away kinds a kernel that knows them all (6.1 and
	 * later) would accept; an older kernel's loads rewrite them anyway. */
	if (bl_btf_missing_features() != 0) {
		fprintf(stderr, "SKIP %s: this kernel lacks BTF kinds itself (mask 0x%x, probed)\n",
			__func__, bl_btf_missing_features());
		return;
	}
	for (size_t i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
		char *path = ut_prog_path(objs[i]);
		struct bl_object_spec *obj;

		if (!ut_have(path, __func__)) {
			free(path);
			continue;
		}
		obj = ut_read_ok(path);
		for (unsigned bit = 1; bit < BL_BTF_ALL; bit <<= 1)
			sanitized_loads(obj->btf_fixed, objs[i], bit);
		sanitized_loads(obj->btf_fixed, objs[i], BL_BTF_ALL);
		bl_object_spec_free(obj);
		free(path);
	}
	/* The kernel's own BTF has the kinds the objects lack: FLOAT,
	 * DECL_TAG, TYPE_TAG, ENUM64 (5 MB each time: only those). */
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		fprintf(stderr, "SKIP %s (vmlinux part): no /sys/kernel/btf/vmlinux\n", __func__);
		return;
	}
	raw = ut_slurp("/sys/kernel/btf/vmlinux", &len);
	ck_assert_msg(bl_btf_parse(raw, len, "vmlinux", &vmlinux, &err) == 0, "%s", err.msg);
	free(raw);
	sanitized_loads(vmlinux, "vmlinux", BL_BTF_FLOAT);
	sanitized_loads(vmlinux, "vmlinux", BL_BTF_DECL_TAG);
	sanitized_loads(vmlinux, "vmlinux", BL_BTF_TYPE_TAG);
	sanitized_loads(vmlinux, "vmlinux", BL_BTF_ENUM64);
	bl_btf_free(vmlinux);
}
END_TEST

/* A VAR of extern linkage, which BPF_BTF_LOAD refuses (in a copy of the
 * object): the load goes on without BTF, with one warning. */
START_TEST(btf_refused_goes_on_with_a_warning)
{
	UT_PROG(path, "test_globals");
	size_t len;
	unsigned char *img = ut_slurp(path, &len);
	struct bl_object_spec *obj;
	struct bl_object *l;
	struct bl_err err;
	const struct btf_header *h;
	const char *first;
	uint64_t btf_off;
	int id;

	obj = ut_read_ok(path);
	btf_off = ut_section(obj, ".BTF")->offset;
	h = (const struct btf_header *)(img + btf_off);
	id = bl_btf_find_by_name_kind(obj->btf, "calls", BTF_KIND_VAR);
	ck_assert_int_gt(id, 0);
	first = (const char *)bl_btf_type(obj->btf, 1);
	/* struct btf_var follows the record: linkage 2, extern */
	*(uint32_t *)(img + btf_off + h->hdr_len + h->type_off +
		      ((const char *)bl_btf_type(obj->btf, (uint32_t)id) - first) +
		      sizeof(struct btf_type)) = BTF_VAR_GLOBAL_EXTERN;
	bl_object_spec_free(obj);
	ck_assert_int_eq(bl_object_spec_read_mem(img, len, "extern_var.o", &obj, &err), 0);
	ck_assert_msg(bl_load(obj, NULL, &l, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(l->btf_fd, -1);
	ck_assert_uint_eq(l->warning_cnt, 1);
	ck_assert_msg(strstr(l->warnings[0], "extern_var.o") && strstr(l->warnings[0], "BPF_BTF_LOAD") &&
		      strstr(l->warnings[0], "EINVAL") && strstr(l->warnings[0], "without BTF"),
		      "%s", l->warnings[0]);
	ck_assert_ptr_nonnull(l->btf_log); /* all of the kernel's log */
	ck_assert_msg(strstr(l->btf_log, "calls"), "%s", l->btf_log);
	ck_assert_int_eq(bl_object_find_prog(l, "count_getppid")->state, BL_PROG_LOADED);
	bl_close(l);
	bl_object_spec_free(obj);
	free(img);
	free(path);
}
END_TEST

Suite *suite_globals_calls(void)
{
	Suite *s = suite_create("globals-calls");
	TCase *tc = tcase_create("globals-calls");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, bss_and_data_change);
	tcase_add_test(tc, rodata_set_before_load_filters);
	tcase_add_test(tc, rodata_enum_and_bool_switch_off);
	tcase_add_test(tc, subprograms_and_callback_run);
	tcase_add_test(tc, btf_rewritten_for_older_kernels_loads);
	tcase_add_test(tc, btf_refused_goes_on_with_a_warning);
	suite_add_tcase(s, tc);
	return s;
}
