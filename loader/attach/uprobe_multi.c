/* loader/attach/uprobe_multi.c — SEC("uprobe.multi/PATH:PATTERN") and
 * SEC("uretprobe.multi/PATH:PATTERN"): one program on every function of
 * a file that the pattern (shell wildcards) names; the bare sections
 * take PATH:PATTERN from bpfload run --uprobe.
 *
 * The functions: the file's .symtab and .dynsym (elf/binary/
 * elf_symbols.c), "NAME@VERSION" taken as NAME, matched against the
 * pattern, sorted by name, each once; function i gets cookie i, the line
 * number - 1 of `bpfload list uprobes PATH PATTERN`.
 *
 * The attachment, one of:
 *   - an uprobe_multi link (BPF_LINK_CREATE, attach_type
 *     BPF_TRACE_UPROBE_MULTI, Linux 6.6; include/uapi/linux/bpf.h
 *     link_create.uprobe_multi): the path, the file offsets, the cookies,
 *     BPF_F_UPROBE_MULTI_RETURN for uretprobe.multi and --pid, in one
 *     call;
 *   - one uprobe per function (multi_parts.c) before 6.6.
 */
#include "elf/binary/elf_symbols.h"
#include "glob_match.h"
#include "multi.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct match_ctx {
	const char *pattern;
	struct bl_func_list *out;
};

static int note(const char *name, const struct bl_elf_func *f, void *arg)
{
	struct match_ctx *m = arg;
	size_t len = strcspn(name, "@");
	char plain[len + 1];

	memcpy(plain, name, len);
	plain[len] = '\0';
	if (!len || !bl_glob_match(m->pattern, plain))
		return 0;
	return bl_func_list_add(m->out, plain, len, f->offset);
}

int bl_uprobe_pattern_resolve(const char *path, const char *pattern, struct bl_func_list *out,
			      struct bl_err *err)
{
	struct match_ctx m = { pattern, out };
	struct bl_elf_tables t = { 0 };
	int ret;

	memset(out, 0, sizeof(*out));
	ret = bl_elf_for_each_func(path, note, &m, &t, err);
	if (ret == -ENOMEM)
		bl_err_set(err, ret, "out of memory");
	if (ret) {
		bl_func_list_free(out);
		return ret;
	}
	bl_func_list_sort(out);
	return 0;
}

/* "PATH:PATTERN" split at the last ':'; the pattern checked. */
static int split(const struct bl_prog *p, const char *target, char *path, size_t plen,
		 const char **pattern, bool retprobe, struct bl_err *err)
{
	const char *colon = target ? strrchr(target, ':') : NULL;
	const char *kind = retprobe ? "uretprobe.multi" : "uprobe.multi";

	if (!target || !*target)
		return bl_err_set(err, -EINVAL,
				  "program %s (section %s) names no function: write SEC(\"%s/PATH:PATTERN\"), or give bpfload run --uprobe PATH:PATTERN",
				  p->spec->name, p->spec->section, kind);
	if (!colon || colon == target || !colon[1] || (size_t)(colon - target) >= plen)
		return bl_err_set(err, -EINVAL,
				  "program %s (section %s): '%s' is not PATH:PATTERN (e.g. %s//usr/lib/x86_64-linux-gnu/libc.so.6:str*)",
				  p->spec->name, p->spec->section, target, kind);
	memcpy(path, target, (size_t)(colon - target));
	path[colon - target] = '\0';
	*pattern = colon + 1;
	for (const char *c = *pattern; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		    strchr("_.*?[]!^-$", *c))
			continue;
		return bl_err_set(err, -EINVAL,
				  "program %s (section %s): byte %zu of the pattern '%s' (0x%02x): a function pattern holds letters, digits, '_', '.', '$' and the wildcards * ? [...]",
				  p->spec->name, p->spec->section, (size_t)(c - *pattern), *pattern,
				  (unsigned char)*c);
	}
	return 0;
}

static int attach_link(struct bl_object *l, struct bl_prog *p, const char *path,
		       const struct bl_func_list *fl, bool retprobe, struct bl_err *err)
{
	uint64_t on_stack[BL_MULTI_STACK_COOKIES];
	uint64_t *cookies = bl_multi_cookies(fl->cnt, on_stack);
	struct bl_uprobe_multi_args a = {
		.prog_fd = p->fd, .path = path, .offsets = fl->offsets, .cookies = cookies,
		.cnt = (uint32_t)fl->cnt, .flags = retprobe ? BL_BPF_F_UPROBE_MULTI_RETURN : 0,
		.pid = l->attach_opts.uprobe_pid > 0 ? (uint32_t)l->attach_opts.uprobe_pid : 0,
	};
	char eb[16];
	int fd;

	if (!cookies)
		return bl_err_set(err, -ENOMEM, "out of memory");
	fd = bl_sys_link_create_uprobe_multi(&a);
	bl_multi_cookies_free(cookies, on_stack);
	if (fd < 0)
		return bl_err_set(err, fd, "program %s (section %s): BPF_LINK_CREATE of an uprobe_multi link on %zu functions of %s: %s",
				  p->spec->name, p->spec->section, fl->cnt, path, bl_errno_name(fd, eb));
	p->link.link_fd = fd;
	p->link.func_cnt = fl->cnt;
	return 0;
}

struct open_ctx {
	bool retprobe, via_tracefs;
	const char *path;
	const struct bl_func_list *fl;
};

static int open_one(struct bl_object *l, size_t i, struct bl_link *k, void *arg,
		    struct bl_err *err)
{
	struct open_ctx *c = arg;
	int pid = l->attach_opts.uprobe_pid;

	return c->via_tracefs ? bl_uprobe_event_open(l, k, c->path, c->fl->offsets[i], c->fl->names[i],
						     c->retprobe, pid, err)
			      : bl_uprobe_pmu_open(c->path, c->fl->offsets[i], c->retprobe, pid, err);
}

static int attach_uprobe_multi(struct bl_object *l, struct bl_prog *p, struct bl_err *err)
{
	bool retprobe = p->spec->def->attach == BL_ATTACH_URETPROBE_MULTI;
	const char *target = p->spec->attach_target, *pattern = NULL;
	const char *kind = retprobe ? "uretprobe.multi" : "uprobe.multi";
	char written[PATH_MAX], path[PATH_MAX];
	struct bl_func_list fl;
	int ret;

	if (!target || !*target)
		target = l->attach_opts.uprobe_target;
	if ((ret = split(p, target, written, sizeof(written), &pattern, retprobe, err)))
		return ret;
	if ((ret = bl_uprobe_resolve_path(written, path, sizeof(path), err)) ||
	    (ret = bl_uprobe_pattern_resolve(path, pattern, &fl, err)))
		return bl_err_prefix(err, ret, "program %s (section %s)", p->spec->name, p->spec->section);
	if (!fl.cnt) {
		bl_func_list_free(&fl);
		return bl_err_set(err, -ENOENT,
				  "program %s (section %s): pattern '%s' matches no function of %s (bpfload list uprobes %s '%s' shows what it would attach)",
				  p->spec->name, p->spec->section, pattern, path, path, pattern);
	}
	if (!p->multi_single) {
		ret = attach_link(l, p, path, &fl, retprobe, err);
	} else {
		struct open_ctx c = { retprobe, l->attach_opts.probe_mode == BL_PROBE_TRACEFS, path, &fl };

		if (!c.via_tracefs && !bl_uprobe_pmu_exists())
			c.via_tracefs = true;
		ret = bl_multi_parts_attach(l, p, &fl, open_one, &c, err);
		if (ret)
			bl_err_prefix(err, ret, "program %s (section %s), attached one uprobe per function (this kernel has no uprobe_multi link)",
				      p->spec->name, p->spec->section);
	}
	if (!ret) {
		size_t n = strlen(path);

		snprintf(p->link.what, sizeof(p->link.what), "%s %s%.80s:%.60s (%zu functions, cookies 0..%zu by name; %s)",
			 kind, n > 80 ? "..." : "", n > 80 ? path + n - 77 : path, pattern, fl.cnt, fl.cnt - 1,
			 p->multi_single ? "one uprobe each" : "uprobe_multi link");
	}
	bl_func_list_free(&fl);
	return ret;
}

const struct bl_attach_provider bl_uprobe_multi_provider = { attach_uprobe_multi, bl_multi_detach };
