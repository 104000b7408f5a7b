/* tests/host/test_kernel_btf.c — the running kernel's BTF found by name
 * (loader/load/kernel_btf.c): vmlinux's types, a module's own types with
 * the fd of its BTF object (where the kernel has module BTF: Debian's
 * kernels in the VMs do, the development host's has none), and the
 * messages of a name or a module that is not there. Needs root
 * (BPF_BTF_GET_NEXT_ID). */
#include "host.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf/btf/btf.h"
#include "loader/load/kernel_btf.h"
#include "loader/sys/read_file.h"
#include "loader/sys/sys.h"

static struct bl_kernel_btf *open_kernel(const char *test)
{
	struct bl_kernel_btf *kb;
	struct bl_err e;

	if (access(BL_VMLINUX_BTF, R_OK)) {
		fprintf(stderr, "SKIP %s: no %s\n", test, BL_VMLINUX_BTF);
		return NULL;
	}
	ck_assert_msg(bl_kernel_btf_open(NULL, &kb, &e) == 0, "%s", e.msg);
	return kb;
}

START_TEST(vmlinux_types_by_name)
{
	struct bl_kernel_btf *kb = open_kernel(__func__);
	struct bl_kernel_type t;
	struct bl_err e;

	if (!kb)
		return;
	ck_assert_msg(bl_kernel_btf_find(kb, NULL, "task_struct", BTF_KIND_STRUCT, &t, &e) == 0,
		      "%s", e.msg);
	ck_assert_str_eq(t.module, "vmlinux");
	ck_assert_int_eq(t.btf_fd, 0);
	ck_assert_ptr_eq(t.btf, bl_kernel_btf_vmlinux(kb));
	ck_assert_str_eq(bl_btf_name(t.btf, bl_btf_type(t.btf, t.id)->name_off), "task_struct");
	ck_assert_int_eq(bl_btf_kind(bl_btf_type(t.btf, t.id)), BTF_KIND_STRUCT);
	/* what tp_btf/sched_switch attaches to */
	ck_assert_msg(bl_kernel_btf_find(kb, "vmlinux", "btf_trace_sched_switch", BTF_KIND_TYPEDEF,
					 &t, &e) == 0, "%s", e.msg);

	ck_assert_int_eq(bl_kernel_btf_find(kb, NULL, "no_such_function_bl", BTF_KIND_FUNC, &t, &e),
			 -ENOENT);
	ck_assert_msg(strstr(e.msg, "FUNC 'no_such_function_bl' is in neither the kernel's BTF"),
		      "%s", e.msg);
	ck_assert_int_eq(bl_kernel_btf_find(kb, "no_such_module_bl", "x", BTF_KIND_FUNC, &t, &e),
			 -ENOENT);
	ck_assert_msg(strstr(e.msg, "module no_such_module_bl has no BTF in the kernel"), "%s",
		      e.msg);
	bl_kernel_btf_free(kb);
}
END_TEST

/* The first named FUNC among the module's own types, parsed here
 * independently on top of vmlinux. */
static bool first_module_func(const struct bl_btf *vmlinux, const char *mod, char *name,
			      size_t size)
{
	char path[300];
	unsigned char *data;
	struct bl_btf *btf;
	struct bl_err e;
	size_t len;
	bool ok = false;

	snprintf(path, sizeof(path), "/sys/kernel/btf/%s", mod);
	ck_assert_int_eq(bl_read_file(path, 1u << 30, &data, &len), 0);
	ck_assert_msg(bl_btf_parse_split(data, len, vmlinux, path, &btf, &e) == 0, "%s", e.msg);
	for (uint32_t id = bl_btf_first_id(btf); !ok && id < bl_btf_type_cnt(btf); id++) {
		const struct btf_type *t = bl_btf_type(btf, id);

		if (bl_btf_kind(t) == BTF_KIND_FUNC && *bl_btf_name(btf, t->name_off)) {
			snprintf(name, size, "%s", bl_btf_name(btf, t->name_off));
			ok = true;
		}
	}
	bl_btf_free(btf);
	free(data);
	return ok;
}

START_TEST(module_types_come_with_their_btf_fd)
{
	struct bl_kernel_btf *kb = open_kernel(__func__);
	char mod[256] = "", func[128], name[64] = "";
	struct bpf_btf_info info;
	uint32_t info_len = sizeof(info);
	struct bl_kernel_type t;
	struct dirent *de;
	struct bl_err e;
	DIR *d;

	if (!kb)
		return;
	d = opendir("/sys/kernel/btf");
	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) && !mod[0])
		if (de->d_name[0] != '.' && strcmp(de->d_name, "vmlinux") &&
		    first_module_func(bl_kernel_btf_vmlinux(kb), de->d_name, func, sizeof(func)))
			snprintf(mod, sizeof(mod), "%s", de->d_name);
	closedir(d);
	if (!mod[0]) {
		fprintf(stderr, "SKIP module_types_come_with_their_btf_fd: the kernel has no module BTF with a function\n");
		bl_kernel_btf_free(kb);
		return;
	}
	ck_assert_int_gt(bl_kernel_btf_module_cnt(kb), 0);
	ck_assert_msg(bl_kernel_btf_find(kb, mod, func, BTF_KIND_FUNC, &t, &e) == 0, "%s", e.msg);
	ck_assert_str_eq(t.module, mod);
	ck_assert_uint_ge(t.id, bl_btf_type_cnt(bl_kernel_btf_vmlinux(kb)));
	ck_assert_str_eq(bl_btf_name(t.btf, bl_btf_type(t.btf, t.id)->name_off), func);
	/* the fd is that module's BTF object */
	ck_assert_int_gt(t.btf_fd, 0);
	memset(&info, 0, sizeof(info));
	info.name = (uint64_t)(uintptr_t)name;
	info.name_len = sizeof(name);
	ck_assert_int_eq(bl_sys_obj_info(t.btf_fd, &info, &info_len), 0);
	ck_assert_str_eq(name, mod);
	ck_assert_uint_eq(info.kernel_btf, 1);
	/* a module's name alone finds nothing of vmlinux */
	ck_assert_int_eq(bl_kernel_btf_find(kb, mod, "task_struct", BTF_KIND_STRUCT, &t, &e), -ENOENT);
	ck_assert_msg(strstr(e.msg, "is not in the BTF of module"), "%s", e.msg);
	bl_kernel_btf_free(kb);
}
END_TEST

/* One load reads the kernel's BTF once: test_tp_btf's CO-RE relocations
 * (its task_struct is preserve_access_index) and its tp_btf target
 * (btf_trace_sched_switch) are resolved against the same parsed vmlinux,
 * which later lookups of the load get again. */
START_TEST(one_kernel_btf_per_load)
{
	char *path = ut_prog_path("test_tp_btf");
	struct bl_object_spec *obj = ut_read_ok(path);
	struct bl_kernel_btf *kb = NULL;
	struct bl_object *l = NULL;
	struct bl_err e = { "" };

	free(path);
	if (access(BL_VMLINUX_BTF, R_OK)) {
		fprintf(stderr, "SKIP one_kernel_btf_per_load: no %s\n", BL_VMLINUX_BTF);
		bl_object_spec_free(obj);
		return;
	}
	ck_assert_msg(bl_load(obj, NULL, &l, &e) == 0, "%s", e.msg);
	ck_assert_uint_ne(bl_object_find_prog(l, "on_switch")->attach_btf_id, 0);
	ck_assert_ptr_nonnull(l->kernel_btf);
	ck_assert_ptr_eq(l->core_btf, bl_kernel_btf_vmlinux(l->kernel_btf));
	ck_assert_int_eq(bl_object_kernel_btf(l, &kb, &e), 0);
	ck_assert_ptr_eq(kb, l->kernel_btf);
	bl_close(l);
	bl_object_spec_free(obj);
}
END_TEST

Suite *suite_kernel_btf(void)
{
	Suite *s = suite_create("kernel_btf");
	TCase *tc = tcase_create("lookups");

	tcase_add_test(tc, vmlinux_types_by_name);
	tcase_add_test(tc, module_types_come_with_their_btf_fd);
	tcase_add_test(tc, one_kernel_btf_per_load);
	suite_add_tcase(s, tc);
	return s;
}
