/* loader/attach/kprobe_multi.c — SEC("kprobe.multi/PATTERN") and
 * SEC("kretprobe.multi/PATTERN"): one program on every kernel function
 * the pattern (shell wildcards) names.
 *
 * The functions: tracefs available_filter_functions matched against the
 * pattern, less the kprobe blacklist (func_pattern.c), sorted; function
 * i gets cookie i, which the program reads with bpf_get_attach_cookie()
 * and which is the line number - 1 of `bpfload list kprobes PATTERN`.
 *
 * The attachment, one of:
 *   - a kprobe_multi link (BPF_LINK_CREATE, attach_type
 *     BPF_TRACE_KPROBE_MULTI, Linux 5.18, CONFIG_FPROBE;
 *     include/uapi/linux/bpf.h link_create.kprobe_multi): the names, the
 *     cookies and BPF_F_KPROBE_MULTI_RETURN for kretprobe.multi, in one
 *     call; the kernel puts an fprobe (ftrace) on all of them at once.
 *     One name it refuses fails the whole link, without saying which:
 *     bpfload then finds the first by trying prefixes of the list
 *     (bl_multi_first_refused) and names it.
 *   - one kprobe per function (multi_parts.c), on kernels without the
 *     link: the program was loaded without expected_attach_type for that
 *     (loader/load/prog_load.c, bl_prog.multi_single).
 */
#include "multi.h"
#include "loader/sys/read_file.h"
#include "loader/sys/sys.h"
#include "loader/sys/tracefs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLACKLIST "/sys/kernel/debug/kprobes/blacklist"
#define FILE_MAX (64u << 20)

int bl_kprobe_pattern_resolve(const char *pattern, struct bl_func_list *out, char *source,
			      size_t slen, struct bl_err *err)
{
	char tracefs[256], path[300];
	unsigned char *avail = NULL, *black = NULL;
	size_t len;
	int ret;

	memset(out, 0, sizeof(*out));
	if ((ret = bl_tracefs_dir(tracefs, sizeof(tracefs), err)))
		return ret;
	snprintf(path, sizeof(path), "%s/available_filter_functions", tracefs);
	if ((ret = bl_read_file(path, FILE_MAX, &avail, &len)))
		return bl_err_set(err, ret, "cannot read %s (the functions ftrace can trace): %s", path,
				  strerror(-ret));
	/* debugfs may not be mounted: then only what ftrace allows */
	bool have_black = bl_read_file(BLACKLIST, FILE_MAX, &black, &len) == 0;

	if (source)
		snprintf(source, slen, "%s%s", path, have_black ? " less " BLACKLIST : "");
	ret = bl_func_pattern_kernel(pattern, (char *)avail, (char *)black, out);
	free(avail);
	free(black);
	return ret ? bl_err_set(err, ret, "out of memory") : 0;
}

/* A pattern: the characters of a symbol name and the wildcards. */
static int check_pattern(const struct bl_prog *p, const char *pattern, bool retprobe,
			 struct bl_err *err)
{
	if (!pattern || !*pattern)
		return bl_err_set(err, -EINVAL,
				  "program %s (section %s) names no function: write SEC(\"%s/PATTERN\"), e.g. %s/vfs_*",
				  p->spec->name, p->spec->section, retprobe ? "kretprobe.multi" : "kprobe.multi",
				  retprobe ? "kretprobe.multi" : "kprobe.multi");
	for (const char *c = pattern; *c; c++) {
		char buf[8];

		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		    strchr("_.*?[]!^-$", *c))
			continue;
		snprintf(buf, sizeof(buf), (unsigned char)*c < 0x20 ? "\\x%02x" : "'%c'", *c);
		return bl_err_set(err, -EINVAL,
				  "program %s (section %s): %s at byte %zu of the pattern: a kernel function pattern holds letters, digits, '_', '.' and the wildcards * ? [...]",
				  p->spec->name, p->spec->section, buf, (size_t)(c - pattern));
	}
	return 0;
}

struct try_ctx {
	const struct bl_prog *p;
	const struct bl_func_list *fl;
	uint32_t flags;
	const uint64_t *cookies;
};

static int link_prefix(size_t n, void *arg)
{
	struct try_ctx *t = arg;
	struct bl_kprobe_multi_args a = {
		.prog_fd = t->p->fd, .flags = t->flags, .cnt = (uint32_t)n,
		.syms = (const char *const *)t->fl->names, .cookies = t->cookies,
	};
	int fd = bl_sys_link_create_kprobe_multi(&a);

	if (fd >= 0)
		close(fd);
	return fd < 0 ? fd : 0;
}

static int attach_link(struct bl_prog *p, const struct bl_func_list *fl, bool retprobe,
		       struct bl_err *err)
{
	uint64_t *cookies = malloc(fl->cnt * sizeof(*cookies));
	struct try_ctx t = { p, fl, retprobe ? BPF_F_KPROBE_MULTI_RETURN : 0, cookies };
	struct bl_kprobe_multi_args a = {
		.prog_fd = p->fd, .flags = t.flags, .cnt = (uint32_t)fl->cnt,
		.syms = (const char *const *)fl->names, .cookies = cookies,
	};
	char eb[16];
	int fd;

	if (!cookies)
		return bl_err_set(err, -ENOMEM, "out of memory");
	for (size_t i = 0; i < fl->cnt; i++)
		cookies[i] = i;
	fd = bl_sys_link_create_kprobe_multi(&a);
	if (fd < 0) {
		size_t bad = fd == -ENOMEM || fd == -E2BIG ? fl->cnt
			     : bl_multi_first_refused(fl->cnt, link_prefix, &t);

		free(cookies);
		if (bad < fl->cnt)
			return bl_err_set(err, fd,
					  "program %s (section %s): BPF_LINK_CREATE of a %s link on %zu functions: %s; the kernel refuses %s (function %zu of the list), the first one it does",
					  p->spec->name, p->spec->section, retprobe ? "kretprobe.multi" : "kprobe.multi",
					  fl->cnt, bl_errno_name(fd, eb), fl->names[bad], bad + 1);
		return bl_err_set(err, fd, "program %s (section %s): BPF_LINK_CREATE of a kprobe_multi link on %zu functions: %s",
				  p->spec->name, p->spec->section, fl->cnt, bl_errno_name(fd, eb));
	}
	free(cookies);
	p->link.link_fd = fd;
	p->link.func_cnt = fl->cnt;
	return 0;
}

/* One kprobe for function i (the fallback). */
struct open_ctx {
	bool retprobe, via_tracefs;
	const struct bl_func_list *fl;
};

static int open_one(struct bl_object *l, size_t i, struct bl_link *k, void *arg,
		    struct bl_err *err)
{
	struct open_ctx *c = arg;
	struct bl_probe_spec spec = { .offset = 0 };

	snprintf(spec.func, sizeof(spec.func), "%s", c->fl->names[i]);
	return c->via_tracefs ? bl_kprobe_event_open(l, k, &spec, c->retprobe, err)
			      : bl_kprobe_pmu_open(&spec, c->retprobe, err);
}

static int attach_kprobe_multi(struct bl_object *l, struct bl_prog *p, struct bl_err *err)
{
	bool retprobe = p->spec->def->attach == BL_ATTACH_KRETPROBE_MULTI;
	const char *pattern = p->spec->attach_target;
	const char *kind = retprobe ? "kretprobe.multi" : "kprobe.multi";
	struct bl_func_list fl;
	char source[400];
	int ret;

	if ((ret = check_pattern(p, pattern, retprobe, err)))
		return ret;
	if ((ret = bl_kprobe_pattern_resolve(pattern, &fl, source, sizeof(source), err)))
		return bl_err_prefix(err, ret, "program %s (section %s)", p->spec->name, p->spec->section);
	if (!fl.cnt) {
		ret = bl_err_set(err, -ENOENT,
				 "program %s (section %s): pattern '%s' matches no function in %s%s (bpfload list kprobes '%s' shows what it would attach)",
				 p->spec->name, p->spec->section, pattern, source,
				 fl.blacklisted ? " (some matched but are on the kprobe blacklist)" : "",
				 pattern);
		bl_func_list_free(&fl);
		return ret;
	}
	if (!p->multi_single) {
		ret = attach_link(p, &fl, retprobe, err);
		if (!ret)
			snprintf(p->link.what, sizeof(p->link.what), "%s %.120s (%zu functions, cookies 0..%zu by name; kprobe_multi link)",
				 kind, pattern, fl.cnt, fl.cnt - 1);
	} else {
		struct open_ctx c = { retprobe, l->attach_opts.probe_mode == BL_PROBE_TRACEFS, &fl };

		if (!c.via_tracefs && !bl_kprobe_pmu_exists())
			c.via_tracefs = true;
		ret = bl_multi_parts_attach(l, p, &fl, open_one, &c, err);
		if (ret)
			bl_err_prefix(err, ret, "program %s (section %s), attached one kprobe per function (this kernel has no kprobe_multi link)",
				      p->spec->name, p->spec->section);
		else
			snprintf(p->link.what, sizeof(p->link.what), "%s %.120s (%zu functions, cookies 0..%zu by name; one %s each)",
				 kind, pattern, fl.cnt, fl.cnt - 1, c.via_tracefs ? "tracefs kprobe" : "kprobe PMU probe");
	}
	bl_func_list_free(&fl);
	return ret;
}

const struct bl_attach_provider bl_kprobe_multi_provider = { attach_kprobe_multi, bl_multi_detach };
