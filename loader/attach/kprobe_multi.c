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
#include "loader/sys/kallsyms.h"
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

/* The two files a pattern is resolved from, as read. */
struct bl_kprobe_texts {
	unsigned char *avail, *black;	/* black: NULL when debugfs is not there */
	char source[400];		/* what was read, for messages */
};

static void texts_free(struct bl_kprobe_texts *t)
{
	if (!t)
		return;
	free(t->avail);
	free(t->black);
	free(t);
}

void bl_kprobe_texts_free(struct bl_object *l)
{
	texts_free(l->kprobe_texts);
	l->kprobe_texts = NULL;
}

static int texts_read(struct bl_kprobe_texts **out, struct bl_err *err)
{
	struct bl_kprobe_texts *t = calloc(1, sizeof(*t));
	char tracefs[256], path[300];
	size_t len;
	int ret;

	if (!t)
		return bl_err_set(err, -ENOMEM, "out of memory");
	if ((ret = bl_tracefs_dir(tracefs, sizeof(tracefs), err)))
		goto fail;
	snprintf(path, sizeof(path), "%s/available_filter_functions", tracefs);
	/* bl_read_file reads 64 KB and more a call: the kernel makes the
	 * text as it is read (one kallsyms lookup per ftrace record,
	 * t_show in kernel/trace/ftrace.c), which is nearly all the time */
	if ((ret = bl_read_file(path, FILE_MAX, &t->avail, &len))) {
		bl_err_set(err, ret, "cannot read %s (the functions ftrace can trace): %s", path,
			   strerror(-ret));
		goto fail;
	}
	/* debugfs may not be mounted: then only what ftrace allows */
	if (bl_read_file(BLACKLIST, FILE_MAX, &t->black, &len))
		t->black = NULL;
	snprintf(t->source, sizeof(t->source), "%s%s", path, t->black ? " less " BLACKLIST : "");
	*out = t;
	return 0;
fail:
	texts_free(t);
	return ret;
}

static int resolve(struct bl_kprobe_texts *t, const char *pattern, struct bl_func_list *out,
		   char *source, size_t slen, struct bl_err *err)
{
	if (source)
		snprintf(source, slen, "%s", t->source);
	if (bl_func_pattern_kernel(pattern, (char *)t->avail, (char *)t->black, out))
		return bl_err_set(err, -ENOMEM, "out of memory");
	return 0;
}

int bl_kprobe_pattern_resolve(const char *pattern, struct bl_func_list *out, char *source,
			      size_t slen, struct bl_err *err)
{
	struct bl_kprobe_texts *t = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	if ((ret = texts_read(&t, err)))
		return ret;
	ret = resolve(t, pattern, out, source, slen, err);
	texts_free(t);
	return ret;
}

int bl_kprobe_pattern_resolve_in(struct bl_object *l, const char *pattern,
				 struct bl_func_list *out, char *source, size_t slen,
				 struct bl_err *err)
{
	int ret;

	memset(out, 0, sizeof(*out));
	if (!l->kprobe_texts && (ret = texts_read(&l->kprobe_texts, err)))
		return ret;
	return resolve(l->kprobe_texts, pattern, out, source, slen, err);
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
	uint64_t on_stack[BL_MULTI_STACK_COOKIES];
	uint64_t *cookies = bl_multi_cookies(fl->cnt, on_stack);
	struct try_ctx t = { p, fl, retprobe ? BPF_F_KPROBE_MULTI_RETURN : 0, cookies };
	struct bl_kprobe_multi_args a = {
		.prog_fd = p->fd, .flags = t.flags, .cnt = (uint32_t)fl->cnt,
		.syms = (const char *const *)fl->names, .cookies = cookies,
	};
	char eb[16];
	int fd;

	if (!cookies)
		return bl_err_set(err, -ENOMEM, "out of memory");
	fd = bl_sys_link_create_kprobe_multi(&a);
	if (fd < 0) {
		size_t bad = fd == -ENOMEM || fd == -E2BIG ? fl->cnt
			     : bl_multi_first_refused(fl->cnt, link_prefix, &t);

		bl_multi_cookies_free(cookies, on_stack);
		if (bad < fl->cnt)
			return bl_err_set(err, fd,
					  "program %s (section %s): BPF_LINK_CREATE of a %s link on %zu functions: %s; the kernel refuses %s (function %zu of the list), the first one it does",
					  p->spec->name, p->spec->section, retprobe ? "kretprobe.multi" : "kprobe.multi",
					  fl->cnt, bl_errno_name(fd, eb), fl->names[bad], bad + 1);
		return bl_err_set(err, fd, "program %s (section %s): BPF_LINK_CREATE of a kprobe_multi link on %zu functions: %s",
				  p->spec->name, p->spec->section, fl->cnt, bl_errno_name(fd, eb));
	}
	bl_multi_cookies_free(cookies, on_stack);
	p->link.link_fd = fd;
	p->link.func_cnt = fl->cnt;
	return 0;
}

/* One kprobe for function i (the fallback). */
struct open_ctx {
	bool retprobe, via_tracefs;
	const struct bl_func_list *fl;
	char *by_addr;		/* the names attached by address, "a, b" (malloc) */
	size_t addr_cnt;
	char note[72];		/* "; 2 by address (...)", for link.what */
};

static void open_ctx_free(struct open_ctx *c)
{
	free(c->by_addr);
}

/* The addresses of the text symbols ('t', 'T') named name, in the
 * order of /proc/kallsyms, at most ADDR_MAX. */
#define ADDR_MAX 8
struct addrs {
	const char *name;
	uint64_t addr[ADDR_MAX];
	size_t cnt;
};

static int collect_addr(uint64_t addr, char type, const char *name, const char *module, void *arg)
{
	struct addrs *a = arg;

	(void)module;
	if ((type == 't' || type == 'T') && addr && !strcmp(name, a->name) && a->cnt < ADDR_MAX)
		a->addr[a->cnt++] = addr;
	return 0;
}

/* The kernel refused a name it has twice (a kprobe by name must be
 * unique: EADDRNOTAVAIL). The kprobe_multi link takes such a name and
 * attaches one of its functions; here it is the first text symbol of the
 * name in /proc/kallsyms that takes a kprobe at its address, tried in
 * order. kallsyms shows addresses to root only (kptr_restrict): without
 * them, the refusal stands. */
static int open_by_address(struct bl_object *l, struct open_ctx *c, const char *name,
			   size_t min, struct bl_link *k, struct bl_err *err)
{
	struct addrs a = { .name = name };
	int fd = -EADDRNOTAVAIL;

	if (bl_kallsyms_each(collect_addr, &a) < 0 || a.cnt < min)
		return fd;
	for (size_t i = 0; i < a.cnt && fd < 0; i++)
		fd = c->via_tracefs ? bl_kprobe_event_open_addr(l, k, name, a.addr[i], c->retprobe, err)
				    : bl_kprobe_pmu_open_addr(name, a.addr[i], c->retprobe, err);
	if (fd >= 0) {
		size_t old = c->by_addr ? strlen(c->by_addr) : 0;
		char *grown = realloc(c->by_addr, old + strlen(name) + 3);

		if (grown) {
			sprintf(grown + old, "%s%s", old ? ", " : "", name);
			c->by_addr = grown;
		}
		c->addr_cnt++;
	}
	return fd;
}

static int open_one(struct bl_object *l, size_t i, struct bl_link *k, void *arg,
		    struct bl_err *err)
{
	struct open_ctx *c = arg;
	struct bl_probe_spec spec = { .offset = 0 };
	int fd;

	snprintf(spec.func, sizeof(spec.func), "%s", c->fl->names[i]);
	fd = c->via_tracefs ? bl_kprobe_event_open(l, k, &spec, c->retprobe, err)
			    : bl_kprobe_pmu_open(&spec, c->retprobe, err);
	/* The PMU says EADDRNOTAVAIL; tracefs too on 6.1.192, but EINVAL on
	 * 6.12 (its parse errors all are; tracing/error_log then says "The
	 * symbol is not unique", NON_UNIQ_SYMBOL in trace_probe.h): then only
	 * a name kallsyms has twice is tried by address. */
	if (fd == -EADDRNOTAVAIL || (c->via_tracefs && fd == -EINVAL)) {
		struct bl_err first = *err;
		int again = open_by_address(l, c, spec.func, fd == -EINVAL ? 2 : 1, k, err);

		if (again >= 0)
			return again;
		*err = first;	/* the refusal by name says more */
	}
	return fd;
}

/* "; 2 by address (names the kernel has twice: a, b)", cut to fit. */
static void by_address_note(struct open_ctx *c)
{
	if (!c->addr_cnt)
		return;
	int n = snprintf(c->note, sizeof(c->note), "; %zu by address (names the kernel has twice: %s)",
			 c->addr_cnt, c->by_addr ? c->by_addr : "?");

	if (n >= (int)sizeof(c->note))
		memcpy(c->note + sizeof(c->note) - 6, "...)", 5);
}

/* The caller's names (bl_attach_opts.kprobe_multi_funcs) as a list
 * that borrows them: not sorted, not filtered, never freed here. */
static void given_list(const struct bl_object *l, struct bl_func_list *fl)
{
	memset(fl, 0, sizeof(*fl));
	fl->names = (char **)l->attach_opts.kprobe_multi_funcs;
	fl->cnt = l->attach_opts.kprobe_multi_cnt;
}

static int attach_kprobe_multi(struct bl_object *l, struct bl_prog *p, struct bl_err *err)
{
	bool retprobe = p->spec->def->attach == BL_ATTACH_KRETPROBE_MULTI;
	bool given = l->attach_opts.kprobe_multi_funcs != NULL;
	const char *pattern = given ? "(the caller's functions)" : p->spec->attach_target;
	const char *kind = retprobe ? "kretprobe.multi" : "kprobe.multi";
	struct bl_func_list fl;
	char source[400];
	int ret;

	if (given) {
		given_list(l, &fl);
		if (!fl.cnt)
			return bl_err_set(err, -EINVAL, "program %s (section %s): an empty list of functions",
					  p->spec->name, p->spec->section);
	} else {
		if ((ret = check_pattern(p, pattern, retprobe, err)))
			return ret;
		if ((ret = bl_kprobe_pattern_resolve_in(l, pattern, &fl, source, sizeof(source), err)))
			return bl_err_prefix(err, ret, "program %s (section %s)", p->spec->name,
					     p->spec->section);
	}
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
			snprintf(p->link.what, sizeof(p->link.what), "%s %.120s (%zu functions, cookies 0..%zu by %s; kprobe_multi link)",
				 kind, pattern, fl.cnt, fl.cnt - 1, given ? "position" : "name");
	} else {
		struct open_ctx c = { .retprobe = retprobe, .fl = &fl,
				       .via_tracefs = l->attach_opts.probe_mode == BL_PROBE_TRACEFS };

		if (!c.via_tracefs && !bl_kprobe_pmu_exists())
			c.via_tracefs = true;
		ret = bl_multi_parts_attach(l, p, &fl, open_one, &c, err);
		by_address_note(&c);
		if (ret)
			bl_err_prefix(err, ret, "program %s (section %s), attached one kprobe per function (this kernel has no kprobe_multi link)",
				      p->spec->name, p->spec->section);
		else
			snprintf(p->link.what, sizeof(p->link.what), "%s %.64s (%zu functions, cookies 0..%zu by %s; one %s each%s)",
				 kind, pattern, fl.cnt, fl.cnt - 1, given ? "position" : "name",
				 c.via_tracefs ? "tracefs kprobe" : "kprobe PMU probe", c.note);
		open_ctx_free(&c);
	}
	if (!given)
		bl_func_list_free(&fl);
	return ret;
}

const struct bl_attach_provider bl_kprobe_multi_provider = { attach_kprobe_multi, bl_multi_detach };
