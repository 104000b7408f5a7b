/* loader/load/attach_target.c — what a BTF-attached program attaches to,
 * as BPF_PROG_LOAD wants it (include/uapi/linux/bpf.h: attach_btf_id,
 * attach_btf_obj_fd, attach_prog_fd; Documentation/bpf/btf.rst, "BTF for
 * modules").
 *
 * The section says a name (elf/btf_target.c: tp_btf/sched_switch is the
 * TYPEDEF btf_trace_sched_switch, lsm/file_open the FUNC
 * bpf_lsm_file_open, ...); the kernel wants that type's id:
 *
 *   - kernel targets are looked up in the running kernel's BTF
 *     (kernel_btf.c: vmlinux parsed once per load, its name index built
 *     once, module BTF parsed when a lookup reaches it). A module's type
 *     is passed with the fd of the module's BTF object
 *     (attach_btf_obj_fd, 5.11); MODULE:FUNC looks in that module only;
 *   - freplace targets are functions of a loaded program, named by the
 *     user (bl_load_opts.replace_target: its id or its pin): its
 *     bpf_prog_info.btf_id, BPF_BTF_GET_FD_BY_ID, the raw BTF from
 *     bpf_btf_info.btf/btf_size (BPF_OBJ_GET_INFO_BY_FD), parsed, and
 *     the FUNC's id in it; the program's fd goes in attach_prog_fd.
 */
#include "attach_target.h"
#include "kernel_btf.h"
#include "loader/sys/fd_kind.h"

#include "elf/btf/btf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROG_BTF_MAX (64u << 20)

/* "OBJ: program P (section S): " in front of what err says. */
static int prog_error(const struct bl_object *l, const struct bl_prog_spec *d, struct bl_err *err,
		      int ret)
{
	return bl_err_prefix(err, ret, "%s: program %s (section %s)", l->spec->path, d->name,
			     d->section);
}

/* An LSM program loads and attaches where the BPF LSM is not active,
 * and then never runs: refused before loading, when the facts say so. */
static int check_lsm_active(const struct bl_btf_target *t, struct bl_err *err)
{
	struct bl_btf_attach_facts f;
	char why[768];

	if (t->kind != BL_BTF_TARGET_LSM && t->kind != BL_BTF_TARGET_LSM_CGROUP)
		return 0;
	bl_btf_attach_facts_read(&f);
	if (bl_bpf_lsm_active(&f) != 0 ||
	    !bl_btf_attach_why(t, BL_BTF_STAGE_LOAD, 0, NULL, &f, why, sizeof(why)))
		return 0;
	return bl_err_set(err, -EOPNOTSUPP, "%s", why);
}

static int kernel_target(struct bl_object *l, struct bl_prog *p, const struct bl_btf_target *t,
			 struct bl_prog_load_args *a, struct bl_err *err)
{
	struct bl_kernel_btf *kb;
	struct bl_kernel_type kt;
	struct bl_err e;
	char why[512];
	const char *msg;
	int ret;

	ret = bl_object_kernel_btf(l, &kb, &e);
	if (ret) {
		/* e says "OBJ: /sys/kernel/btf/vmlinux ...": the path once */
		msg = !strncmp(e.msg, l->spec->path, strlen(l->spec->path)) ? e.msg + strlen(l->spec->path) + 2 : e.msg;
		return bl_err_set(err, ret, "%s programs are named by the kernel's BTF: %s", t->what, msg);
	}
	ret = bl_kernel_btf_find(kb, t->module[0] ? t->module : NULL, t->type_name, t->btf_kind, &kt, &e);
	if (ret == -ENOENT && strstr(e.msg, "' is "))	/* the type, not the module, is missing */
		return bl_err_set(err, ret, "%s/%s%s%s: %s: %s", t->what, t->module, t->module[0] ? ":" : "",
				  t->name, e.msg, bl_btf_target_missing(t, why, sizeof(why)));
	if (ret == -ENOENT && t->module[0] &&
	    !bl_kernel_btf_find(kb, "vmlinux", t->type_name, t->btf_kind, &kt, NULL))
		return bl_err_set(err, ret, "%s/%s:%s: %s; %s is in vmlinux's BTF: the module is built into this kernel, so write %s/%s",
				  t->what, t->module, t->name, e.msg, t->type_name, t->what, t->name);
	if (ret)
		return bl_err_set(err, ret, "%s/%s%s%s: %s", t->what, t->module, t->module[0] ? ":" : "",
				  t->name, e.msg);
	a->attach_btf_id = kt.id;
	a->attach_btf_obj_fd = kt.btf_fd;
	p->attach_btf_id = kt.id;
	snprintf(p->attach_where, sizeof(p->attach_where), "%s%s",
		 strcmp(kt.module, "vmlinux") ? "module " : "", kt.module);
	return 0;
}

/* The program --replace-target names: an id, or a pin in bpffs. */
static int open_target(const char *spec, struct bl_err *err)
{
	char eb[16];
	int fd;

	if (spec[0] >= '0' && spec[0] <= '9') {
		char *end;
		unsigned long id = strtoul(spec, &end, 10);

		if (*end || id == 0 || id > UINT32_MAX)
			return bl_err_set(err, -EINVAL, "--replace-target %s: a program id (a number > 0) or the path of a pinned program",
					  spec);
		fd = bl_sys_prog_get_fd_by_id((uint32_t)id);
		if (fd < 0)
			return bl_err_set(err, fd, "--replace-target %s: no program with that id (BPF_PROG_GET_FD_BY_ID: %s%s)",
					  spec, bl_errno_name(-fd, eb),
					  fd == -ENOENT ? "; bpftool prog list shows the loaded ones" : "");
		return fd;
	}
	if (spec[0] != '/')
		return bl_err_set(err, -EINVAL, "--replace-target %s: a program id (a number) or the absolute path of a pinned program in bpffs",
				  spec);
	fd = bl_sys_obj_get(spec);
	if (fd < 0)
		return bl_err_set(err, fd, "--replace-target %s: BPF_OBJ_GET failed with %s (%s)", spec,
				  bl_errno_name(-fd, eb),
				  fd == -ENOENT ? "no such pin" : "not a pinned BPF object in bpffs?");
	if (!bl_fd_is(fd, "bpf-prog")) {
		close(fd);
		return bl_err_set(err, -EINVAL, "--replace-target %s: pinned there is not a program", spec);
	}
	return fd;
}

/* The raw BTF of the kernel's BTF object btf_id (bpf_btf_info.btf, asked
 * twice: once for its size). */
static int read_kernel_btf(uint32_t btf_id, void **out, uint32_t *out_len)
{
	struct bpf_btf_info info;
	uint32_t len = sizeof(info), size;
	void *data;
	int fd = bl_sys_btf_get_fd_by_id(btf_id), ret;

	if (fd < 0)
		return fd;
	memset(&info, 0, sizeof(info));
	ret = bl_sys_obj_info(fd, &info, &len);
	size = info.btf_size;
	if (!ret && (size == 0 || size > PROG_BTF_MAX))
		ret = -EINVAL;
	data = ret ? NULL : calloc(1, size);
	if (!ret && !data)
		ret = -ENOMEM;
	if (!ret) {
		memset(&info, 0, sizeof(info));
		info.btf = (uint64_t)(uintptr_t)data;
		info.btf_size = size;
		len = sizeof(info);
		ret = bl_sys_obj_info(fd, &info, &len);
	}
	close(fd);
	if (ret) {
		free(data);
		return ret;
	}
	*out = data;
	*out_len = size;
	return 0;
}

/* FUNC name's id in the BTF of the program fd (which must have BTF). */
static int func_of_prog(int fd, const char *spec, const char *name, uint32_t *prog_id,
			uint32_t *btf_id, struct bl_err *err)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info), size;
	struct bl_btf *btf;
	char eb[16], label[96];
	void *raw;
	int ret, id;

	memset(&info, 0, sizeof(info));
	ret = bl_sys_obj_info(fd, &info, &len);
	if (ret)
		return bl_err_set(err, ret, "--replace-target %s: BPF_OBJ_GET_INFO_BY_FD failed with %s",
				  spec, bl_errno_name(-ret, eb));
	*prog_id = info.id;
	if (!info.btf_id)
		return bl_err_set(err, -EINVAL, "--replace-target %s: program %u (%s) was loaded without BTF, and freplace finds the function it replaces by its BTF (build the target with clang -g)",
				  spec, info.id, info.name);
	ret = read_kernel_btf(info.btf_id, &raw, &size);
	if (ret)
		return bl_err_set(err, ret, "--replace-target %s: the BTF of program %u (BTF id %u) cannot be read: %s",
				  spec, info.id, info.btf_id, bl_errno_name(-ret, eb));
	snprintf(label, sizeof(label), "BTF of program %u", info.id);
	ret = bl_btf_parse(raw, size, label, &btf, err);
	free(raw);
	if (ret)
		return ret;
	id = bl_btf_find_by_name_kind(btf, name, BTF_KIND_FUNC);
	bl_btf_free(btf);
	if (id < 0)
		return bl_err_set(err, -ENOENT, "--replace-target %s: program %u (%s) has no function %s in its BTF",
				  spec, info.id, info.name, name);
	*btf_id = (uint32_t)id;
	return 0;
}

static int freplace_target(struct bl_prog *p, const struct bl_load_opts *o,
			   const struct bl_btf_target *t, struct bl_prog_load_args *a,
			   struct bl_err *err)
{
	uint32_t prog_id = 0, btf_id = 0;
	int fd, ret;

	if (!o->replace_target)
		return bl_err_set(err, -EINVAL, "freplace/%s replaces a function of a loaded program: name that program with --replace-target PROG_ID|/sys/fs/bpf/PATH",
				  t->name);
	fd = open_target(o->replace_target, err);
	if (fd < 0)
		return fd;
	ret = func_of_prog(fd, o->replace_target, t->name, &prog_id, &btf_id, err);
	if (ret) {
		close(fd);
		return ret;
	}
	a->attach_prog_fd = fd;
	a->attach_btf_id = btf_id;
	p->attach_prog_fd = fd;
	p->attach_btf_id = btf_id;
	snprintf(p->attach_where, sizeof(p->attach_where), "program %u", prog_id);
	return 0;
}

int bl_attach_target_resolve(struct bl_object *l, struct bl_prog *p, const struct bl_load_opts *o,
			     struct bl_prog_load_args *a, struct bl_err *err)
{
	const struct bl_prog_spec *d = p->spec;
	struct bl_btf_target t;
	int ret;

	ret = bl_btf_target_parse(d->def, d->attach_target, &t, err);
	if (!ret)
		ret = check_lsm_active(&t, err);
	if (!ret)
		ret = t.kind == BL_BTF_TARGET_FREPLACE ? freplace_target(p, o, &t, a, err)
						       : kernel_target(l, p, &t, a, err);
	return ret ? prog_error(l, d, err, ret) : 0;
}
