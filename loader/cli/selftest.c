/* loader/cli/selftest.c — `bpfload selftest`: what this kernel offers
 * bpfload, one line per check, the first command to run on a new board.
 *
 * This file is the command and its presentation (text or JSON lines);
 * the checks are in selftest_checks.c, and what they ask the kernel is in
 * the feature table of loader/sys/features.h, the same probes the loader
 * itself consults. Everything a check creates is closed before it
 * returns: programs, maps and links go with their fds; a tracefs it had
 * to mount is unmounted.
 */
#include "cli.h"
#include "help_text.h"
#include "selftest.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/bpfload.h"
#include "output.h"

static const char selftest_help[] =
	"usage: bpfload selftest [--json]\n\n"
	"Checks what the running kernel offers bpfload and prints one line per\n"
	"check: its name, ok / missing / unknown / info, and what it means here.\n"
	"It loads tiny programs, creates maps, attaches a tracepoint and a raw\n"
	"tracepoint for a moment, and reads the kprobe and uprobe PMUs, tracefs,\n"
	"BTF, bpffs and the kernel's configuration; it leaves nothing behind.\n"
	"Run it as root, as bpfload runs.\n\n"
	"  --json      one JSON object per line: a \"check\" per check, then a\n"
	"              \"selftest\" summary\n"
	"  -h, --help  this text\n\n"
	"exit status: 0 when the essentials work (bpf(2), maps, and a tracepoint\n"
	"or raw tracepoint attach), 1 otherwise, 2 on wrong usage\n";

static const char *const status_names[] = { "ok", "missing", "unknown", "info" };

/* --- output ------------------------------------------------------------ */

static bool status_of(const struct selftest *t, const char *name, enum st_status st)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->c[i].name, name))
			return t->c[i].st == st;
	return false;
}

static void print(const struct bl_out *o, const struct selftest *t, bool essentials)
{
	size_t cnt[4] = { 0 };

	for (size_t i = 0; i < t->n; i++)
		cnt[t->c[i].st]++;
	if (!o->json)
		fprintf(o->f, "%-22s %-8s %s\n", "CHECK", "STATUS", "WHAT IT MEANS HERE");
	for (size_t i = 0; i < t->n; i++) {
		const struct st_check *c = &t->c[i];

		if (!o->json) {
			fprintf(o->f, "%-22s %-8s %s\n", c->name, status_names[c->st], c->detail);
			continue;
		}
		fputs("{\"type\":\"check\",\"name\":", o->f);
		bl_json_str(o->f, c->name);
		fputs(",\"status\":", o->f);
		bl_json_str(o->f, status_names[c->st]);
		fputs(",\"detail\":", o->f);
		bl_json_str(o->f, c->detail);
		fputs("}\n", o->f);
	}
	if (o->json)
		fprintf(o->f, "{\"type\":\"selftest\",\"essentials\":%s,\"ok\":%zu,\"missing\":%zu,"
			"\"unknown\":%zu}\n", essentials ? "true" : "false", cnt[ST_OK],
			cnt[ST_MISSING], cnt[ST_UNKNOWN]);
	else
		fprintf(o->f, "%s: %zu ok, %zu missing, %zu unknown\n",
			essentials ? "essentials ok (bpf, maps, attaching): bpfload can run tracing programs here"
				   : "essentials missing: bpfload cannot run tracing programs here",
			cnt[ST_OK], cnt[ST_MISSING], cnt[ST_UNKNOWN]);
}

int bl_cmd_selftest(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct bl_out o = { .json = false, .f = stdout };
	struct selftest *t;
	bool essentials;
	int opt;

	optind = 1;
	opterr = 0; /* bl_unknown_option says it, with the command */
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (opt) {
		case 'j': o.json = true; break;
		case 'h': fputs(BL_HELP("selftest", selftest_help), stdout); return BL_EXIT_OK;
		default: return bl_unknown_option("selftest", argv);
		}
	}
	if (optind < argc)
		return bl_usage_error("selftest", "unexpected argument '%s'", argv[optind]);
	if (!(t = calloc(1, sizeof(*t)))) {
		bl_print_error(&o, "selftest: out of memory");
		return BL_EXIT_FAIL;
	}
	st_check_kernel(t);
	st_check_privileges(t);
	st_check_bpf(t);
	st_check_btf(t);
	st_check_tracefs(t);
	if (t->bpf_ok)
		st_check_attach(t);
	st_check_probes(t);
	if (t->bpf_ok)
		st_check_buffers(t);
	st_check_bpffs(t);
	st_check_config(t);
	st_tracefs_done(t);

	essentials = t->bpf_ok && status_of(t, "maps", ST_OK) && t->attached;
	print(&o, t, essentials);
	free(t);
	return essentials ? BL_EXIT_OK : BL_EXIT_FAIL;
}
