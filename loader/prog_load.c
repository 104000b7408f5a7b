/* loader/prog_load.c — BPF_PROG_LOAD, and the verifier's log.
 *
 * A program is first loaded without a log: that is fastest, and the
 * verifier does the same work either way. Only when the kernel refuses it
 * is it loaded again with log_level 1, so that the user sees why. The log
 * buffer starts at 64 KiB; when the log does not fit the kernel fails the
 * load with ENOSPC, and the buffer is doubled up to a cap (16 MiB - 1, the
 * largest size every kernel since 4.x accepts; see bpf_verifier_log in
 * kernel/bpf/log.c).
 *
 * What is loaded is the program linked with its subprograms and
 * relocated (subprogs.c, relocate.c). With the object's BTF in the kernel
 * (btf_load.c), attr.prog_btf_fd, func_info and line_info describe its
 * functions and source lines (include/uapi/linux/bpf.h; Documentation/
 * bpf/btf.rst, "3.3 BPF_PROG_LOAD"): the verifier needs them to check
 * global functions, and prints the source lines in its log.
 */
#include "internal.h"
#include "sys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOG_START (64u << 10)
#define LOG_CAP ((16u << 20) - 1)

static uint32_t prog_id(int fd)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return bl_sys_obj_info(fd, &info, &len) ? 0 : info.id;
}

/* Loads again with a log; keeps the log (and the fd, in the unlikely case
 * that the second try succeeds). */
static int load_with_log(struct bl_prog_load_args *a, struct bl_prog *p)
{
	uint32_t size = LOG_START;
	int fd;

	for (;;) {
		char *buf = realloc(p->log, size);

		if (!buf)
			return -ENOMEM;
		p->log = buf;
		/* zeroed, not just terminated: valgrind does not see the
		 * kernel write into it when the load fails */
		memset(p->log, 0, size);
		a->log_buf = p->log;
		a->log_size = size;
		fd = bl_sys_prog_load(a);
		if (fd != -ENOSPC || size == LOG_CAP)
			break;
		size = size > LOG_CAP / 2 ? LOG_CAP : size * 2;
	}
	p->log_truncated = fd == -ENOSPC;
	return fd;
}

static void set_reason(struct bl_prog *p, const char *msg)
{
	free(p->log);
	p->log = strdup(msg);
}

int bl_load_program(struct bl_loaded *l, struct bl_prog *p, uint32_t log_level,
		    struct bl_err *err)
{
	const struct bl_program *d = p->desc;
	struct bl_prog_load_args a = { 0 };
	struct bl_core_poisoned poisoned;
	bool core_poisoned = false;
	struct bl_linked linked;
	char eb[16];
	int fd, ret;

	if (!d->def) {
		p->state = BL_PROG_UNSUPPORTED;
		bl_err_set(err, -EINVAL,
			   "%s: program %s: section name '%s' does not say what kind of program it is (see docs/section-names.md)",
			   l->obj->path, d->name, d->section);
		set_reason(p, err->msg);
		return -EINVAL;
	}
	/* Tracing (fentry, tp_btf, iter...), LSM and freplace programs name
	 * the kernel function they attach to by its BTF id
	 * (attr.attach_btf_id), which needs the kernel's BTF. */
	if (d->def->prog_type == BPF_PROG_TYPE_TRACING || d->def->prog_type == BPF_PROG_TYPE_LSM ||
	    d->def->prog_type == BPF_PROG_TYPE_EXT) {
		p->state = BL_PROG_UNSUPPORTED;
		bl_err_set(err, -EOPNOTSUPP,
			   "%s: program %s (section %s): %s programs need attach_btf_id from the kernel's BTF: not supported by this bpfload yet",
			   l->obj->path, d->name, d->section, bl_prog_type_name(d->def->prog_type));
		set_reason(p, err->msg);
		return -EOPNOTSUPP;
	}
	ret = bl_link_program(l, d, &linked, err);
	if (ret) {
		p->state = ret == -ENOMEM ? BL_PROG_NOT_LOADED : BL_PROG_UNSUPPORTED;
		set_reason(p, err->msg);
		return ret == -ENOMEM ? ret : -EOPNOTSUPP;
	}
	a.insns = linked.insns;
	a.insn_cnt = linked.insn_cnt;
	a.prog_btf_fd = l->btf_fd;
	a.func_info = linked.func_info;
	a.func_info_cnt = linked.func_info_cnt;
	if (l->btf_fd >= 0) {
		a.line_info = linked.line_info;
		a.line_info_cnt = linked.line_info_cnt;
	}
	a.type = d->def->prog_type;
	a.expected_attach_type = d->def->has_expected ? d->def->expected_attach_type : 0;
	a.name = d->name;
	a.license = l->obj->license;
	a.kern_version = l->obj->has_kern_version ? l->obj->kern_version
						  : bl_running_kernel_version();
	if (d->def->flags & BL_SEC_SLEEPABLE)
		a.prog_flags |= BPF_F_SLEEPABLE;
	if (d->def->flags & BL_SEC_XDP_FRAGS)
		a.prog_flags |= BPF_F_XDP_HAS_FRAGS;

	fd = bl_sys_prog_load(&a);
	if (fd < 0) {
		p->load_errno = -fd;
		a.log_level = log_level ? log_level : 1;
		fd = load_with_log(&a, p);
	}
	if (fd < 0) {
		core_poisoned = bl_core_explain(l, p, &linked, &poisoned);
		/* kept for the log's source lines (loader/log_annotate.c) */
		free(p->line_info);
		p->line_info = linked.line_info;
		p->line_info_cnt = linked.line_info_cnt;
		linked.line_info = NULL;
	}
	bl_linked_free(&linked);
	if (fd < 0 && core_poisoned) {
		p->state = BL_PROG_REJECTED;
		return bl_err_set(err, -p->load_errno,
				  "%s: program %s (section %s): CO-RE relocation %u (%s) could not be resolved on this kernel: BPF_PROG_LOAD failed with %s",
				  l->obj->path, d->name, d->section, poisoned.relo, poisoned.desc,
				  bl_errno_name(p->load_errno, eb));
	}
	if (fd < 0) {
		p->state = BL_PROG_REJECTED;
		return bl_err_set(err, -p->load_errno,
				  "%s: program %s (section %s): the kernel refused it: BPF_PROG_LOAD failed with %s",
				  l->obj->path, d->name, d->section, bl_errno_name(p->load_errno, eb));
	}
	p->fd = fd;
	p->id = prog_id(fd);
	p->state = BL_PROG_LOADED;
	return 0;
}
