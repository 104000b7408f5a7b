/* loader/load/prog_load.c — BPF_PROG_LOAD, and the verifier's log.
 *
 * A program is first loaded without a log: that is fastest, and the
 * verifier does the same work either way. Only when the kernel refuses it
 * is it loaded again with a log (log_level 1 by default), so that the user
 * sees why. bpfload verify --log-level/--stats ask for a log from the
 * first load instead (bl_load_opts.first_log_level), so that accepted
 * programs have one too.
 *
 * The log buffer (attr.log_buf, log_size) starts at 64 KiB. When the log
 * does not fit, the kernel fails the load with ENOSPC. Kernels since 6.4
 * then say in attr.log_true_size how many bytes the whole log needs, and
 * keep its end rather than its start (the log is a rotating buffer unless
 * BPF_LOG_FIXED; kernel/bpf/log.c): one more load with exactly that size
 * gets all of it, and a caller that only shows the end of a rejected
 * program's log (bl_load_opts.log_tail_ok) needs no more load at all.
 * Older kernels say nothing and keep the start: the buffer is doubled until
 * the log fits or the kernel's limit is reached (log_cap below). Every
 * retry runs the whole verification again.
 *
 * What is loaded is the program linked with its subprograms and
 * relocated (subprogs.c, relocate.c). With the object's BTF in the kernel
 * (btf_load.c), attr.prog_btf_fd, func_info and line_info describe its
 * functions and source lines (include/uapi/linux/bpf.h; Documentation/
 * bpf/btf.rst, "3.3 BPF_PROG_LOAD"): the verifier needs them to check
 * global functions, and prints the source lines in its log.
 *
 * BTF-attached programs (tp_btf, fentry, lsm, iter, freplace) also get
 * attach_btf_id and its BTF object or target program
 * (attach_target.c); when the kernel refuses one, attach_why.c says why
 * in one line, which also stands in for an empty verifier log.
 */
#include "attach_target.h"
#include "internal.h"
#include "loader/sys/features.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOG_START (64u << 10)
#ifndef BPF_LOG_STATS
#define BPF_LOG_STATS 4
#endif

/* The largest log_size the running kernel accepts. Until 5.1 bpf_check()
 * (kernel/bpf/verifier.c) refused more than UINT_MAX >> 8 (16 MiB - 1);
 * "bpf: increase verifier log limit" (5.2) made it UINT_MAX >> 2
 * (1 GiB - 1), the limit kernel/bpf/log.c still checks
 * (bpf_verifier_log_attr_valid, since 6.4 in bpf_vlog_init). */
static uint32_t log_cap(void)
{
	return bl_running_kernel_version() >= (5u << 16) + (2u << 8) ? UINT32_MAX >> 2
								       : UINT32_MAX >> 8;
}

/* The kernel's id, and how many instructions the verifier processed
 * (bpf_prog_info.verified_insns, 5.16+; 0 before). */
static void prog_info(int fd, struct bl_prog *p)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bl_sys_obj_info(fd, &info, &len))
		return;
	p->id = info.id;
	if (len >= offsetof(struct bpf_prog_info, verified_insns) + sizeof(info.verified_insns))
		p->verified_insns = info.verified_insns;
}

/* Loads with a log of level; keeps the log in p->log and returns the fd
 * (or -errno). tail_ok: an end of the log is enough (see the top). */
static int load_with_log(struct bl_prog_load_args *a, struct bl_prog *p, uint32_t level,
			 bool tail_ok, uint32_t size_max)
{
	uint32_t size = LOG_START, cap = log_cap(), true_size;
	bool exact = false;
	int fd;

	/* bl_load_opts.log_size_max: the end (6.4+) or start of a longer log */
	if (size_max && size_max < cap)
		cap = size_max < 4096 ? 4096 : size_max;
	if (size > cap)
		size = cap;
	for (;;) {
		char *buf = realloc(p->log, size);

		if (!buf) {
			a->log_true_size = NULL;
			return -ENOMEM;
		}
		p->log = buf;
		/* zeroed, not just terminated: valgrind does not see the
		 * kernel write into it when the load fails */
		memset(p->log, 0, size);
		a->log_level = level;
		a->log_buf = p->log;
		a->log_size = size;
		true_size = 0;
		a->log_true_size = &true_size;
		fd = bl_sys_prog_load(a);
		p->log_true_size = true_size;
		p->log_loads++;
		if (fd != -ENOSPC || size >= cap || exact)
			break;
		if (true_size > size) {
			/* 6.4+: the kernel kept the end, and said the size. */
			if (tail_ok)
				break;
			/* the statistics' "verification time N usec" may
			 * take a digit more the next time */
			size = true_size + (level & BPF_LOG_STATS ? 64 : 0);
			size = size > cap ? cap : size;
			exact = true;
		} else {
			size = size > cap / 2 ? cap : size * 2;
		}
	}
	a->log_true_size = NULL;
	p->log_truncated = fd == -ENOSPC;
	return fd;
}

/* A kprobe.multi or uprobe.multi program on a kernel without that link
 * (or told not to use it): loaded as a plain kprobe program (no
 * expected_attach_type), which perf events take, so that it can be
 * attached one kprobe or uprobe per function (loader/attach/
 * kprobe_multi.c). The kernel refuses a program loaded for the multi
 * link on a perf event, and the other way round: the choice is made
 * here, before the load. */
static bool multi_single(const struct bl_section_def *def, const struct bl_load_opts *o)
{
	switch (def->attach) {
	case BL_ATTACH_KPROBE_MULTI:
	case BL_ATTACH_KRETPROBE_MULTI:
		return o->no_multi_link || !bl_kernel_has(BL_FEAT_KPROBE_MULTI);
	case BL_ATTACH_UPROBE_MULTI:
	case BL_ATTACH_URETPROBE_MULTI:
		return o->no_multi_link || !bl_kernel_has(BL_FEAT_UPROBE_MULTI);
	default:
		return false;
	}
}

static void set_reason(struct bl_prog *p, const char *msg)
{
	free(p->log);
	p->log = strdup(msg);
}

int bl_load_program(struct bl_object *l, struct bl_prog *p, const struct bl_load_opts *o,
		    struct bl_err *err)
{
	const struct bl_prog_spec *d = p->spec;
	struct bl_prog_load_args a = { 0 };
	struct bl_core_poisoned poisoned;
	bool core_poisoned = false;
	const char *kfunc = NULL;
	struct bl_assembled linked;
	bool btf_attached;
	char eb[16], why[768];
	int fd, ret;

	if (!d->def) {
		p->state = BL_PROG_UNSUPPORTED;
		bl_err_set(err, -EINVAL,
			   "%s: program %s: section name '%s' does not say what kind of program it is (see docs/section-names.md)",
			   l->spec->path, d->name, d->section);
		set_reason(p, err->msg);
		return -EINVAL;
	}
	/* Tracing (tp_btf, fentry, iter...), LSM and freplace programs name
	 * what they attach to by a BTF id (attach_target.c). */
	btf_attached = bl_btf_target_kind_of(d->def) != BL_BTF_TARGET_NONE;
	if (btf_attached && (ret = bl_attach_target_resolve(l, p, o, &a, err))) {
		p->state = ret == -ENOMEM ? BL_PROG_NOT_LOADED : BL_PROG_UNSUPPORTED;
		set_reason(p, err->msg);
		return ret;
	}
	ret = bl_prog_assemble(l, d, &linked, err);
	if (ret) {
		p->state = ret == -ENOMEM ? BL_PROG_NOT_LOADED : BL_PROG_UNSUPPORTED;
		set_reason(p, err->msg);
		return ret == -ENOMEM ? ret : -EOPNOTSUPP;
	}
	a.insns = linked.insns;
	a.insn_cnt = linked.insn_cnt;
	a.prog_btf_fd = l->btf_fd;
	a.fd_array = l->fd_array;	/* module kfuncs (ksyms.c) */
	a.func_info = linked.func_info;
	a.func_info_cnt = linked.func_info_cnt;
	if (l->btf_fd >= 0) {
		a.line_info = linked.line_info;
		a.line_info_cnt = linked.line_info_cnt;
	}
	a.type = d->def->prog_type;
	a.expected_attach_type = d->def->has_expected ? d->def->expected_attach_type : 0;
	p->multi_single = multi_single(d->def, o);
	if (p->multi_single)
		a.expected_attach_type = 0;
	a.name = d->name;
	a.license = l->spec->license;
	a.kern_version = l->spec->has_kern_version ? l->spec->kern_version
						  : bl_running_kernel_version();
	if (d->def->flags & BL_SEC_SLEEPABLE)
		a.prog_flags |= BPF_F_SLEEPABLE;
	if (d->def->flags & BL_SEC_XDP_FRAGS)
		a.prog_flags |= BPF_F_XDP_HAS_FRAGS;

	if (o->first_log_level) {
		fd = load_with_log(&a, p, o->first_log_level, false, o->log_size_max);
		/* ENOSPC hides the verdict: ask once more without a log */
		if (fd == -ENOSPC) {
			a.log_level = 0;
			fd = bl_sys_prog_load(&a);
		}
		if (fd < 0)
			p->load_errno = -fd;
	} else {
		fd = bl_sys_prog_load(&a);
	}
	/* A rejected program: again with a log, unless the first load had
	 * one of level 1 or 2 already. */
	if (fd < 0 && !(o->first_log_level & 3)) {
		p->load_errno = -fd;
		fd = load_with_log(&a, p, (o->log_level ? o->log_level : 1) |
					  (o->first_log_level & BPF_LOG_STATS),
				   o->log_tail_ok, o->log_size_max);
	}
	if (fd < 0) {
		core_poisoned = bl_core_explain(l, p, &linked, &poisoned);
		if (!core_poisoned)
			bl_ksym_explain(l, p, &kfunc);
	}
	if (fd < 0 || (o->first_log_level & 3)) {
		/* kept for the log's source lines (loader/verifier/log_annotate.c) */
		free(p->line_info);
		p->line_info = linked.line_info;
		p->line_info_cnt = linked.line_info_cnt;
		linked.line_info = NULL;
	}
	bl_assembled_free(&linked);
	if (fd < 0 && core_poisoned) {
		p->state = BL_PROG_REJECTED;
		return bl_err_set(err, -p->load_errno,
				  "%s: program %s (section %s): CO-RE relocation %u (%s) could not be resolved on this kernel: BPF_PROG_LOAD failed with %s",
				  l->spec->path, d->name, d->section, poisoned.relo, poisoned.desc,
				  bl_errno_name(p->load_errno, eb));
	}
	if (fd < 0 && kfunc) {
		p->state = BL_PROG_REJECTED;
		return bl_err_set(err, -p->load_errno,
				  "%s: program %s (section %s): it calls kfunc %s, which this kernel does not have (a __weak extern), where the verifier cannot prove the call unreachable: call it only inside `if (bpf_ksym_exists(%s))`; BPF_PROG_LOAD failed with %s",
				  l->spec->path, d->name, d->section, kfunc, kfunc,
				  bl_errno_name(p->load_errno, eb));
	}
	if (fd < 0 && btf_attached &&
	    bl_attach_refusal_explain(p, BL_BTF_STAGE_LOAD, p->load_errno, why, sizeof(why))) {
		p->state = BL_PROG_REJECTED;
		/* an empty log gets the explanation, which verify then shows
		 * (loader/verifier/verifier_classify.c: "no-trampoline") */
		if (!p->log || !*p->log)
			set_reason(p, why);
		return bl_err_set(err, -p->load_errno, "%s: program %s (section %s): %s", l->spec->path,
				  d->name, d->section, why);
	}
	if (fd < 0) {
		p->state = BL_PROG_REJECTED;
		return bl_err_set(err, -p->load_errno,
				  "%s: program %s (section %s): the kernel refused it: BPF_PROG_LOAD failed with %s",
				  l->spec->path, d->name, d->section, bl_errno_name(p->load_errno, eb));
	}
	p->fd = fd;
	prog_info(fd, p);
	p->state = BL_PROG_LOADED;
	return 0;
}
