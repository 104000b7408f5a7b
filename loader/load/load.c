/* loader/load/load.c — from an object description to kernel objects.
 *
 * The order is the one the kernel imposes: maps first (programs refer to
 * them by fd), then each program. Kernels before 5.11 charge BPF memory
 * to RLIMIT_MEMLOCK, whose default (64 KiB on many systems) is too small
 * for most maps: a load that fails with EPERM there is tried again with
 * the limit raised (loader/sys/permissions.c). A process without CAP_BPF and
 * CAP_PERFMON (or root) is told so when the kernel refuses it.
 *
 * Programs with alternatives in play (alternatives.c, docs/alternatives.md)
 * are all tried even without keep_going, and a failure among them counts
 * only when no mechanism of their group loaded whole.
 */
#include "internal.h"
#include "kernel_btf.h"
#include "loader/sys/permissions.h"

#include "elf/btf/btf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct bl_object *alloc_loaded(const struct bl_object_spec *obj)
{
	struct bl_object *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->spec = obj;
	l->btf_fd = -1;
	l->maps = calloc(obj->map_cnt ? obj->map_cnt : 1, sizeof(*l->maps));
	l->progs = calloc(obj->program_cnt ? obj->program_cnt : 1, sizeof(*l->progs));
	if (!l->maps || !l->progs) {
		free(l->maps);
		free(l->progs);
		free(l);
		return NULL;
	}
	l->alts = calloc(obj->alt_group_cnt ? obj->alt_group_cnt : 1, sizeof(*l->alts));
	if (!l->alts) {
		free(l->maps);
		free(l->progs);
		free(l);
		return NULL;
	}
	l->alt_cnt = obj->alt_group_cnt;
	l->map_cnt = obj->map_cnt;
	l->prog_cnt = obj->program_cnt;
	for (size_t i = 0; i < l->map_cnt; i++) {
		l->maps[i].spec = &obj->maps[i];
		l->maps[i].fd = -1;
	}
	for (size_t i = 0; i < l->prog_cnt; i++) {
		l->progs[i].spec = &obj->programs[i];
		l->progs[i].fd = -1;
		l->progs[i].attach_prog_fd = -1;
		l->progs[i].link.link_fd = -1;
		l->progs[i].link.perf_fd = -1;
	}
	return l;
}

static bool listed(const char *name, const char *const *names, size_t cnt)
{
	for (size_t i = 0; i < cnt; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

/* Every name given to --prog / --skip must be a program of obj. */
static int check_selection(const struct bl_object_spec *obj, const char *const *names, size_t cnt,
			   const char *option, struct bl_err *err)
{
	for (size_t i = 0; i < cnt; i++)
		if (!bl_object_spec_find_prog(obj, names[i]))
			return bl_err_set(err, -ENOENT, "%s: %s %s: the object has no program of that name",
					  obj->path, option, names[i]);
	return 0;
}

static bool selected(const struct bl_prog_spec *p, const struct bl_load_opts *o)
{
	if (listed(p->name, o->skip_progs, o->skip_prog_cnt))
		return false;
	return o->only_prog_cnt ? listed(p->name, o->only_progs, o->only_prog_cnt) : p->autoload;
}

/* err (which may be NULL) gets what e says; returns code. */
static int err_copy(struct bl_err *err, int code, const struct bl_err *e)
{
	if (err)
		*err = *e;
	return code;
}

/* The outcome of one program's load. */
struct prog_try {
	int ret;
	struct bl_err err;
};

/* The first failure that is the object's, in program order: a program
 * that failed and is no unused alternative (bl_prog_failed). */
static int first_failure(const struct bl_object *l, const struct prog_try *tries,
			 struct bl_err *err)
{
	for (size_t i = 0; i < l->prog_cnt; i++) {
		const struct bl_prog *p = &l->progs[i];
		struct bl_err e = tries[i].err;

		if (!tries[i].ret || !bl_prog_failed(p))
			continue;
		if (bl_alt_in_play(l, p))
			return err_copy(err, bl_alt_group_failed(l, p, tries[i].ret, &e), &e);
		return err_copy(err, tries[i].ret, &e);
	}
	return 0;
}

/* Every selected program, in order; without keep_going it stops at the
 * first failure, except of a program with alternatives in play (one of
 * its group may load after it). Then the choice in each group
 * (alternatives.c). Returns the failure that stopped it, else the
 * first failure that is the object's. */
static int load_programs(struct bl_object *l, const struct bl_load_opts *opts,
			 struct bl_err *err)
{
	struct prog_try *tries = calloc(l->prog_cnt ? l->prog_cnt : 1, sizeof(*tries));
	int ret = 0;

	if (!tries)
		return bl_err_set(err, -ENOMEM, "%s: out of memory", l->spec->path);
	for (size_t i = 0; i < l->prog_cnt; i++)
		if (!selected(l->progs[i].spec, opts))
			l->progs[i].state = BL_PROG_SKIPPED;
	bl_alt_activate(l, opts);
	for (size_t i = 0; i < l->prog_cnt; i++) {
		struct bl_prog *p = &l->progs[i];

		if (p->state == BL_PROG_SKIPPED)
			continue;
		l->stage = BL_LOAD_PROGRAMS;
		tries[i].ret = bl_load_program(l, p, opts, &tries[i].err);
		if (tries[i].ret && !opts->keep_going && !bl_alt_in_play(l, p)) {
			ret = err_copy(err, tries[i].ret, &tries[i].err);
			break;
		}
	}
	bl_alt_settle(l);
	if (!ret)
		ret = first_failure(l, tries, err);
	free(tries);
	return ret;
}

/* One try of bl_load (bl_memlock_retry may call it twice, on kernels
 * before 5.11). */
struct load_try {
	const struct bl_object_spec *obj;
	const struct bl_load_opts *opts;
	struct bl_object *l;	/* what the try left, even when it failed */
	struct bl_err *err;
	bool map_refused;	/* its bl_object's, which a failed try frees */
};

static int load_once(void *ctx)
{
	struct load_try *t = ctx;
	const struct bl_load_opts *opts = t->opts;
	struct bl_object *l;
	int ret, first;

	bl_unload(t->l); /* what an earlier try left */
	t->l = NULL;
	l = alloc_loaded(t->obj);
	if (!l)
		return bl_err_set(t->err, -ENOMEM, "%s: out of memory", t->obj->path);
	ret = bl_core_load_target(l, opts->btf_path, t->err);
	if (!ret)
		ret = bl_load_btf(l, t->err);
	if (!ret)
		ret = bl_create_maps(l, opts, t->err);
	if (!ret)
		ret = bl_fill_map_in_map_slots(l, t->err);
	if (!ret)
		ret = bl_init_data_maps(l, t->err);
	if (!ret)
		ret = bl_kconfig_init(l, opts->kconfig_path, t->err);
	if (!ret)
		ret = bl_resolve_ksyms(l, t->err);
	t->map_refused = l->map_refused;
	if (ret) {
		bl_unpin_maps(l);
		bl_unload(l);
		return ret;
	}
	t->l = l;
	l->stage = BL_LOAD_MAPS;
	first = load_programs(l, opts, t->err);
	if (!first)
		first = bl_fill_prog_array_slots(l, t->err);
	if (first) /* as libbpf does: a failed load leaves no new pins */
		bl_unpin_maps(l);
	return first;
}

/* EPERM without the capabilities: nothing else will help, and nothing
 * of the load is worth showing. */
static int need_privileges(struct load_try *t, int ret)
{
	size_t n;

	bl_unload(t->l);
	t->l = NULL;
	if (t->err) {
		n = strlen(t->err->msg);
		snprintf(t->err->msg + n, sizeof(t->err->msg) - n, "; %s", BL_NEED_PRIVILEGES);
	}
	return ret;
}

int bl_load(const struct bl_object_spec *obj, const struct bl_load_opts *opts,
	    struct bl_object **out, struct bl_err *err)
{
	struct bl_load_opts defaults = { .keep_going = false, .log_level = 1 };
	struct load_try t = { obj, opts, NULL, err, false };
	int ret;

	if (!opts)
		t.opts = opts = &defaults;
	/* An object of maps and no programs (maps to pin for others) is
	 * loaded too: its maps are created. */
	if (!(ret = check_selection(obj, opts->only_progs, opts->only_prog_cnt, "--prog", err)) &&
	    !(ret = check_selection(obj, opts->skip_progs, opts->skip_prog_cnt, "--skip", err)))
		ret = bl_kernel_charges_memlock() ? bl_memlock_retry(load_once, &t, NULL) : load_once(&t);
	if (ret == -EPERM && !bl_have_bpf_privileges())
		ret = need_privileges(&t, ret);
	/* The one ownership rule: a result whatever happened (nothing
	 * created when it got no further than the checks). */
	*out = t.l ? t.l : alloc_loaded(obj);
	if (!*out && !ret)
		ret = bl_err_set(err, -ENOMEM, "%s: out of memory", obj->path);
	if (*out && ret && t.map_refused)
		(*out)->map_refused = true;
	return ret;
}

void bl_unload(struct bl_object *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->prog_cnt; i++) {
		if (l->progs[i].fd >= 0)
			close(l->progs[i].fd);
		if (l->progs[i].attach_prog_fd >= 0)
			close(l->progs[i].attach_prog_fd);
		free(l->progs[i].log);
		free(l->progs[i].line_info);
		free(l->progs[i].attach_error); /* if never detached */
	}
	for (size_t i = 0; i < l->map_cnt; i++) {
		if (l->maps[i].fd >= 0)
			close(l->maps[i].fd);
		free(l->maps[i].pin_path);
	}
	if (l->btf_fd >= 0)
		close(l->btf_fd);
	bl_btf_free(l->core_btf_file);
	free(l->core_btf_path);
	bl_ksyms_free(l);
	bl_kernel_btf_free(l->kernel_btf);
	free(l->alts);
	for (size_t i = 0; i < l->warning_cnt; i++)
		free(l->warnings[i]);
	free(l->warnings);
	free(l->btf_log);
	free(l->progs);
	free(l->maps);
	free(l);
}
