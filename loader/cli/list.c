/* loader/cli/list.c — `bpfload list [PROBE]`: where probes can go,
 * one per line as `bpftrace -l` prints them.
 *
 *   kprobes          the functions ftrace can trace, tracefs's
 *                    available_filter_functions (what bpftrace reads),
 *                    else the text symbols of /proc/kallsyms; only on a
 *                    kernel with kprobes (a kprobe PMU or kprobe_events)
 *   tracepoints      the directories events/CATEGORY/NAME of tracefs that
 *                    have an id (Documentation/trace/events.rst), but not
 *                    the events of dynamic_events (kprobe, uprobe and
 *                    synthetic events) or of the ftrace category
 *   raw-tracepoints  the same tracepoints without their category, from
 *                    tracefs's available_events (BPF_RAW_TRACEPOINT_OPEN
 *                    takes the bare name), but not the syscalls category:
 *                    its sys_enter_NAME and sys_exit_NAME events are made
 *                    from the raw tracepoints sys_enter and sys_exit
 *                    (kernel/trace/trace_syscalls.c), not tracepoints of
 *                    their own
 *   uprobes BINARY   the functions of an executable or library
 *                    (elf/binary/elf_symbols.c: .symtab and .dynsym)
 *
 * The operands (list_query.c) select the kinds and a glob (shell
 * wildcards, loader/attach/glob_match.c) matched against what follows
 * "KIND:" (a glob without ':' also against a tracepoint's NAME alone);
 * the names are sorted and each is printed once. A missing source is
 * exit 1 with the reason, but a kind the kernel lacks when no kind was
 * named (`bpfload list`) is only said; the source used is named on stderr.
 */
#include "loader/cli/cli.h"
#include "loader/cli/help_text.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf/binary/elf_symbols.h"
#include "loader/attach/func_pattern.h"
#include "loader/attach/glob_match.h"
#include "loader/attach/probe_target.h"
#include "loader/cli/list.h"
#include "loader/cli/output.h"
#include "loader/sys/read_file.h"
#include "loader/sys/scan.h"

#define KPROBE_BLACKLIST "/sys/kernel/debug/kprobes/blacklist"

static const char list_help[] =
	"usage: bpfload list [PROBE | PATTERN] [--json]\n"
	"       bpfload list kprobes|tracepoints|raw-tracepoints [GLOB] [--json]\n"
	"       bpfload list uprobes BINARY [GLOB] [--json]\n"
	"       bpfload list usdt BINARY [PROVIDER:NAME GLOB] [--json]\n\n"
	"Lists where probes can be attached, one per line, as `bpftrace -l` does:\n"
	"  kprobe:do_unlinkat                  tracefs available_filter_functions, else\n"
	"                                      the text symbols of /proc/kallsyms\n"
	"  tracepoint:syscalls:sys_enter_openat  tracefs events/CATEGORY/NAME with an id\n"
	"  rawtracepoint:sys_enter             tracefs available_events, without the\n"
	"                                      category\n"
	"  uprobe:/usr/bin/bash:readline       the functions in BINARY's .symtab and\n"
	"                                      .dynsym (a bare library or program name\n"
	"                                      is searched for, as for --uprobe)\n"
	"  usdt:/usr/bin/python3.11:python:function__entry  offset 0x..  args ...\n"
	"                                      the USDT probe sites of BINARY's\n"
	"                                      .note.stapsdt with their arguments\n"
	"                                      decoded (docs/usdt.md)\n"
	"kprobes leave out debugfs kprobes/blacklist: what SEC(\"kprobe.multi/GLOB\")\n"
	"attaches, in the order of its cookies (bpf_get_attach_cookie() == line - 1;\n"
	"likewise uprobes for uprobe.multi).\n"
	"PROBE is one of these forms, with shell wildcards in any part, and the\n"
	"short kinds t:, k:, rt:, u: of bpftrace: 'tracepoint:sched:*exec*',\n"
	"'k:vfs_*', 'uprobe:/usr/lib/*/libc.so.*:malloc', '*:*openat*'. What list\n"
	"prints is a PROBE it takes back. With no operand, every kind but uprobes\n"
	"(a kernel without kprobes is said once, not an error). A PATTERN (no\n"
	"kind) is matched in every kind; a GLOB selects by what follows \"KIND:\".\n"
	"A pattern without ':' matches a tracepoint's NAME as well as its\n"
	"CATEGORY:NAME: 'sched_process_exec' finds tracepoint:sched:sched_process_exec.\n"
	"Names are sorted, each printed once; the count and the source are on\n"
	"stderr. Exits 1 when the source is missing (a kernel without kprobes when\n"
	"kprobes are asked for, a stripped binary) or unreadable (tracefs is\n"
	"root's: listing tracepoints needs root).\n\n"
	"  --json      one JSON object per line: {\"type\":\"probe\",\"kind\":...,\"name\":...}\n"
	"  -h, --help  this text\n";

struct entry {
	char *name;	/* after "KIND:" (uprobes: the function) */
	char *extra;	/* kprobes: module; tracepoints: category; else NULL */
};

struct names {
	struct entry *v;
	size_t n, cap;
	const char *glob;
	bool bare;	/* glob has no ':': may match what follows the last ':' */
	size_t total;	/* before GLOB */
};

static int add(struct names *ns, const char *name, size_t len, const char *extra)
{
	struct entry *e;

	if (!len)
		return 0;
	ns->total++;
	char buf[len + 1];

	memcpy(buf, name, len);
	buf[len] = '\0';
	if (ns->glob && !bl_glob_match(ns->glob, buf)) {
		const char *last = ns->bare ? strrchr(buf, ':') : NULL;

		if (!last || !bl_glob_match(ns->glob, last + 1))
			return 0;
	}
	if (ns->n == ns->cap) {
		size_t cap = ns->cap ? 2 * ns->cap : 1024;
		void *grown = realloc(ns->v, cap * sizeof(*ns->v));

		if (!grown)
			return -ENOMEM;
		ns->v = grown;
		ns->cap = cap;
	}
	e = &ns->v[ns->n];
	e->name = strdup(buf);
	e->extra = extra ? strdup(extra) : NULL;
	if (!e->name)
		return -ENOMEM;
	ns->n++;
	return 0;
}

static void names_free(struct names *ns)
{
	for (size_t i = 0; i < ns->n; i++) {
		free(ns->v[i].name);
		free(ns->v[i].extra);
	}
	free(ns->v);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* ------------------------------------------------------------ kprobes */

/* "[ext4]" after a kallsyms name: "ext4" into mod, else mod stays "". */
static void module_of(const char *p, char *mod, size_t size)
{
	size_t n = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != '[')
		return;
	for (; *p && *p != ']' && *p != '\n' && n + 1 < size; p++)
		mod[n++] = *p;
	mod[n] = '\0';
}

static int kprobe_names(struct names *ns, char *source, size_t slen, struct bl_err *err)
{
	char tracefs[256] = "", path[300], line[512], kprobe_events[300];
	bool pmu = access("/sys/bus/event_source/devices/kprobe/type", F_OK) == 0;
	FILE *f;

	if (bl_tracefs_dir(tracefs, sizeof(tracefs), NULL) == 0)
		snprintf(kprobe_events, sizeof(kprobe_events), "%s/kprobe_events", tracefs);
	else
		snprintf(kprobe_events, sizeof(kprobe_events), "/sys/kernel/tracing/kprobe_events");
	if (!pmu && access(kprobe_events, F_OK) != 0 && errno == EACCES)
		return bl_err_set(err, -EACCES,
				  "%s cannot be read by this user (EACCES: tracefs is root's): listing kprobes needs root",
				  kprobe_events);
	if (!pmu && access(kprobe_events, F_OK) != 0)
		return bl_err_set(err, -EOPNOTSUPP,
				  "this kernel has no kprobes (no kprobe PMU in /sys/bus/event_source/devices, no %s: CONFIG_KPROBES is off): there is nothing to list",
				  kprobe_events);
	/* "do_unlinkat" or "ext4_sync_fs [ext4]"; the file can exist and
	 * still refuse to be read (ftrace disabled). */
	snprintf(path, sizeof(path), "%s/available_filter_functions", tracefs);
	if (tracefs[0] && (f = fopen(path, "re"))) {
		/* what kprobe.multi/PATTERN would attach: less the kprobe
		 * blacklist and ftrace's placeholders (loader/attach/func_pattern.c) */
		struct bl_func_list black = { 0 };
		unsigned char *text = NULL;
		size_t tlen;

		if (!bl_read_file(KPROBE_BLACKLIST, 64u << 20, &text, &tlen))
			bl_func_blacklist_parse((char *)text, &black);
		free(text);
		snprintf(source, slen, "%s%s", path, black.cnt ? " less " KPROBE_BLACKLIST : "");
		while (fgets(line, sizeof(line), f)) {
			size_t n = strcspn(line, " \t\n");
			char *mod = strchr(line + n, '[');

			line[n] = '\0';
			if (bl_func_is_placeholder(line) || bl_func_blacklisted(&black, line))
				continue;
			if (mod)
				mod[strcspn(mod, "]")] = '\0';
			if (add(ns, line, n, mod ? mod + 1 : NULL)) {
				bl_func_list_free(&black);
				fclose(f);
				return bl_err_set(err, -ENOMEM, "out of memory");
			}
		}
		bl_func_list_free(&black);
		fclose(f);
		return 0;
	}
	/* "ffffffff81234560 T do_unlinkat" or "... t ext4_sync_fs\t[ext4]" */
	if (!(f = fopen("/proc/kallsyms", "re")))
		return bl_err_set(err, -errno, "neither %s nor /proc/kallsyms can be read: %s", path,
				  strerror(errno));
	snprintf(source, slen, "the text symbols of /proc/kallsyms");
	while (fgets(line, sizeof(line), f)) {
		char type[2], name[256], mod[128] = "";
		const char *p = bl_scan_word(line, name, sizeof(name));	/* the address */

		if (!p || !(p = bl_scan_word(p, type, sizeof(type))) ||
		    !(p = bl_scan_word(p, name, sizeof(name))) ||
		    (type[0] != 't' && type[0] != 'T') || !strncmp(name, "__pfx_", 6))
			continue;
		module_of(p, mod, sizeof(mod));
		if (add(ns, name, strlen(name), mod[0] ? mod : NULL)) {
			fclose(f);
			return bl_err_set(err, -ENOMEM, "out of memory");
		}
	}
	fclose(f);
	return 0;
}

/* -------------------------------------------------------- tracepoints */

/* "GROUP:EVENT" of every dynamic event (kprobe, uprobe, synthetic...),
 * ':'-joined into one string to search: not tracepoints. */
static char *dynamic_events(const char *tracefs)
{
	static const char *const files[] = { "dynamic_events", "kprobe_events", "uprobe_events" };
	char path[300], line[PATH_MAX + 128], *all = strdup("\n");
	size_t len = 1;

	for (size_t i = 0; i < 3 && all; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", tracefs, files[i]);
		if (!(f = fopen(path, "re")))
			continue;
		while (all && fgets(line, sizeof(line), f)) {
			char *s = strchr(line, ':'), *slash;
			size_t n;

			if (!s)
				continue;
			n = strcspn(++s, " \t\n");
			s[n] = '\0';
			if ((slash = strchr(s, '/')))
				*slash = ':';
			char *grown = realloc(all, len + n + 2);

			if (!grown) {
				free(all);
				all = NULL;
				break;
			}
			all = grown;
			memcpy(all + len, s, n);
			len += n;
			memcpy(all + len, "\n", 2);
			len++;
		}
		fclose(f);
		if (i == 0)
			break; /* dynamic_events has them all (Linux 5.5); else the two */
	}
	return all;
}

static bool is_tracepoint(const char *dyn, const char *cat_event)
{
	char needle[600];

	if (!strncmp(cat_event, "ftrace:", 7))
		return false; /* the tracers' own records, not tracepoints */
	snprintf(needle, sizeof(needle), "\n%s\n", cat_event);
	return !dyn || !strstr(dyn, needle);
}

static int tracepoint_names(struct names *ns, bool raw, char *source, size_t slen,
			    struct bl_err *err)
{
	char tracefs[256], path[300], name[512];
	char *dyn;
	DIR *top;
	struct dirent *c;
	int ret = 0;
	FILE *f;

	if ((ret = bl_tracefs_dir(tracefs, sizeof(tracefs), err)))
		return ret;
	dyn = dynamic_events(tracefs);
	snprintf(path, sizeof(path), "%s/available_events", tracefs);
	if (raw && (f = fopen(path, "re"))) { /* "syscalls:sys_enter_openat" */
		snprintf(source, slen, "%s, without the category", path);
		while (!ret && fgets(name, sizeof(name), f)) {
			char *colon = strchr(name, ':');

			name[strcspn(name, "\n")] = '\0';
			if (colon && is_tracepoint(dyn, name) && strncmp(name, "syscalls:", 9))
				ret = add(ns, colon + 1, strlen(colon + 1), NULL);
		}
		fclose(f);
		free(dyn);
		return ret ? bl_err_set(err, ret, "out of memory") : 0;
	}
	snprintf(path, sizeof(path), "%s/events", tracefs);
	if (!(top = opendir(path))) {
		free(dyn);
		return bl_err_set(err, -errno, "cannot read %s: %s", path, strerror(errno));
	}
	snprintf(source, slen, "%s/CATEGORY/NAME/id%s", path, raw ? ", without the category" : "");
	while (!ret && (c = readdir(top))) {
		char cat[600];
		DIR *d;
		struct dirent *e;

		if (c->d_name[0] == '.')
			continue;
		snprintf(cat, sizeof(cat), "%s/%s", path, c->d_name);
		if (!(d = opendir(cat)))
			continue; /* a file: enable, header_page, ... */
		while (!ret && (e = readdir(d))) {
			char id[1200];

			if (e->d_name[0] == '.')
				continue;
			snprintf(id, sizeof(id), "%s/%s/id", cat, e->d_name);
			snprintf(name, sizeof(name), "%s:%s", c->d_name, e->d_name);
			if (access(id, F_OK) == 0 && is_tracepoint(dyn, name) &&
			    !(raw && !strcmp(c->d_name, "syscalls")))
				ret = raw ? add(ns, e->d_name, strlen(e->d_name), NULL)
					  : add(ns, name, strlen(name), c->d_name);
		}
		closedir(d);
	}
	closedir(top);
	free(dyn);
	return ret ? bl_err_set(err, ret, "out of memory") : 0;
}

/* ------------------------------------------------------------ uprobes */

static int note_func(const char *name, const struct bl_elf_func *f, void *ctx)
{
	(void)f;
	return add(ctx, name, strcspn(name, "@"), NULL);
}

static int uprobe_names(const char *binary, struct names *ns, char *path, size_t plen,
			char *source, size_t slen, struct bl_err *err)
{
	struct bl_elf_tables t = { 0 };
	int ret = bl_uprobe_resolve_path(binary, path, plen, err);

	if (!ret)
		ret = bl_elf_for_each_func(path, note_func, ns, &t, err);
	if (ret == -ENOMEM)
		return bl_err_set(err, ret, "out of memory");
	snprintf(source, slen, "the %s%s%s of %s", t.symtab ? ".symtab" : "",
		 t.symtab && t.dynsym ? " and " : "", t.dynsym ? ".dynsym" : "", path);
	if (!ret && !ns->total)
		return bl_err_set(err, -ENOENT, "%s defines no function in its %s%s", path,
				  t.dynsym ? ".dynsym" : "", t.symtab ? (t.dynsym ? " and .symtab" : ".symtab")
					      : ", and has no .symtab (it is stripped)");
	return ret;
}

/* ------------------------------------------------------------ command */

static void print(const struct bl_out *o, const char *kind, const char *path, const struct entry *e)
{
	if (!o->json) {
		fprintf(o->f, "%s:%s%s%s\n", kind, path ? path : "", path ? ":" : "", e->name);
		return;
	}
	fprintf(o->f, "{\"type\":\"probe\",\"kind\":\"%s\",\"name\":", kind);
	bl_json_str(o->f, e->name);
	if (path) {
		fputs(",\"path\":", o->f);
		bl_json_str(o->f, path);
	}
	if (e->extra) {
		fprintf(o->f, ",\"%s\":", !strcmp(kind, "kprobe") ? "module" : "category");
		bl_json_str(o->f, e->extra);
	}
	fputs("}\n", o->f);
}

/* The names of one kind (of one binary for uprobes) that match q: sorted,
 * each printed once, then the count and the source on stderr. */
static int list_one(const struct bl_out *o, const struct bl_list_query *q, enum bl_list_kind k,
		    const char *binary, bool quiet_empty, struct bl_err *err)
{
	const struct bl_list_kind_words *w = &bl_list_kind_words[k];
	struct names ns = { .glob = q->glob, .bare = q->bare };
	char source[PATH_MAX + 64] = "", path[PATH_MAX] = "";
	size_t shown = 0;
	int ret;

	if (k == BL_LIST_UPROBE)
		ret = uprobe_names(binary, &ns, path, sizeof(path), source, sizeof(source), err);
	else if (k == BL_LIST_KPROBE)
		ret = kprobe_names(&ns, source, sizeof(source), err);
	else
		ret = tracepoint_names(&ns, k == BL_LIST_RAW, source, sizeof(source), err);
	if (!ret) {
		qsort(ns.v, ns.n, sizeof(*ns.v), by_name);
		for (size_t i = 0; i < ns.n; i++)
			if (i == 0 || strcmp(ns.v[i].name, ns.v[i - 1].name)) {
				print(o, w->prefix, binary ? path : NULL, &ns.v[i]);
				shown++;
			}
		fflush(o->f);
	}
	if (!ret && (shown || !quiet_empty)) {
		/* "1 raw-tracepoint", "2 raw-tracepoints" */
		fprintf(stderr, "bpfload list: %zu %.*s%s%s%s%s from %s\n", shown,
			(int)strlen(w->plural) - (shown == 1), w->plural, q->glob ? " matching '" : "",
			q->glob ? q->glob : "", q->glob ? "'" : "", q->bare && k == BL_LIST_TRACEPOINT
			? " (as CATEGORY:NAME or NAME)" : "", source);
	}
	names_free(&ns);
	return ret;
}

/* uprobes of every binary a BINARY with wildcards (in its last
 * component) names; those that are not ELF files are passed over. */
struct binaries {
	char **v;
	size_t n;
};

static void note_binary(const char *path, void *ctx)
{
	struct binaries *b = ctx;
	char **grown = realloc(b->v, (b->n + 1) * sizeof(*b->v));

	if (grown && (grown[b->n] = strdup(path)))
		b->n++;
	if (grown)
		b->v = grown;
}

static int list_uprobes(const struct bl_out *o, const struct bl_list_query *q, struct bl_err *err)
{
	struct binaries b = { 0 };
	size_t listed = 0;
	int ret;

	if (!strpbrk(q->binary, "*?["))
		return list_one(o, q, BL_LIST_UPROBE, q->binary, false, err);
	ret = bl_glob_dir(q->binary, note_binary, &b);
	if (ret < 0)
		return bl_err_set(err, ret, "%s: cannot read its directory: %s", q->binary, strerror(-ret));
	for (size_t i = 0; i < b.n; i++) {
		struct bl_err one = { "" };

		if (list_one(o, q, BL_LIST_UPROBE, b.v[i], true, &one) == 0)
			listed++;
		free(b.v[i]);
	}
	free(b.v);
	if (!listed)
		return bl_err_set(err, -ENOENT, "%s: no ELF file with functions matches", q->binary);
	return 0;
}

static int list_kind(const struct bl_out *o, const struct bl_list_query *q, enum bl_list_kind k)
{
	struct bl_err err = { "" };
	int ret = k == BL_LIST_UPROBE ? list_uprobes(o, q, &err) : list_one(o, q, k, NULL, false, &err);

	if (ret == -EOPNOTSUPP && q->any_kind) {
		/* said once, and not an error: there are none to list */
		fprintf(stderr, "bpfload list: no %s: %s\n", bl_list_kind_words[k].plural, err.msg);
		return 0;
	}
	if (ret) {
		bl_err_prefix(&err, ret, "list %s", bl_list_kind_words[k].plural);
		bl_print_error(o, err.msg);
	}
	return ret;
}

int bl_cmd_list(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bl_out o = { false, stdout };
	struct bl_list_query q;
	int opt, ret, failed = 0;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j': o.json = true; break;
		case 'h': fputs(BL_HELP("list", list_help), stdout); return BL_EXIT_OK;
		default: return bl_unknown_option("list", argv);
		}
	}
	if (argc - optind >= 1 && !strcmp(argv[optind], "usdt")) {
		if (argc - optind < 2 || argc - optind > 3) {
			fprintf(stderr, "bpfload list: usdt takes BINARY [GLOB]\n");
			return BL_EXIT_USAGE;
		}
		return bl_cli_list_usdt(&o, argv[optind + 1], argc - optind == 3 ? argv[optind + 2] : NULL);
	}
	if ((ret = bl_list_query_parse(argc - optind, argv + optind, &q)))
		return ret;
	for (int k = 0; k < BL_LIST_KINDS; k++)
		if (q.want[k] && list_kind(&o, &q, k))
			failed = 1;
	return failed ? BL_EXIT_FAIL : BL_EXIT_OK;
}
