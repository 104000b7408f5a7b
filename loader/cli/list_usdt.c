/* loader/cli/list_usdt.c — `bpfload list usdt BINARY [GLOB]`: the USDT
 * probes of an executable or library (its .note.stapsdt notes,
 * elf/usdt/notes.c), one line per probe site with its arguments decoded
 * (elf/usdt/arg_spec.c):
 *
 *   usdt:/usr/bin/python3.11:python:function__entry  offset 0x1e1f7c  args uint64 %r14, ...
 *
 * What precedes the two spaces is the PROBE `bpfload run --usdt` and
 * SEC("usdt/...") take. GLOB (shell wildcards) selects by PROVIDER:NAME.
 * A site whose arguments bpfload cannot decode is listed with the reason
 * (attaching to it would fail). */
#include "loader/cli/cli.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "elf/usdt/usdt.h"
#include "loader/attach/glob_match.h"
#include "loader/attach/probe_target.h"
#include "loader/cli/list.h"
#include "loader/cli/output.h"

static void print_site(const struct bl_out *o, const char *path, const struct bl_usdt_file *f,
		       const struct bl_usdt_note *n)
{
	struct bl_usdt_arg args[BL_USDT_MAX_ARGS];
	struct bl_err err = { "" };
	unsigned cnt = 0;
	char d[96];
	/* A machine this build knows by name but has no arch/ table for
	 * (the static build's one) says so, rather than the parser's
	 * "not supported". */
	int ret = !f->arch && f->machine
			  ? bl_err_set(&err, -EOPNOTSUPP,
				       "this build reads the USDT arguments of its own machine's binaries only, not %s's (the static build has one arch/ table): list them with the normal bpfload",
				       f->machine)
			  : bl_usdt_args_parse(f->arch, n->args, args, &cnt, &err);

	if (!o->json) {
		fprintf(o->f, "usdt:%s:%s:%s  offset 0x%llx", path, n->provider, n->name,
			(unsigned long long)n->offset);
		if (n->sema)
			fprintf(o->f, "  semaphore 0x%llx", (unsigned long long)n->sema_offset);
		if (ret)
			fprintf(o->f, "  args '%s': %s", n->args, err.msg);
		for (unsigned i = 0; !ret && i < cnt; i++)
			fprintf(o->f, "%s%s", i ? ", " : "  args ",
				bl_usdt_arg_describe(&args[i], f->arch, d, sizeof(d)));
		fputc('\n', o->f);
		return;
	}
	fputs("{\"type\":\"usdt\",\"path\":", o->f);
	bl_json_str(o->f, path);
	fputs(",\"provider\":", o->f);
	bl_json_str(o->f, n->provider);
	fputs(",\"name\":", o->f);
	bl_json_str(o->f, n->name);
	fprintf(o->f, ",\"address\":%llu,\"offset\":%llu,\"semaphore\":%llu,\"spec\":",
		(unsigned long long)n->addr, (unsigned long long)n->offset,
		(unsigned long long)n->sema_offset);
	bl_json_str(o->f, n->args);
	if (ret) {
		fputs(",\"error\":", o->f);
		bl_json_str(o->f, err.msg);
	} else {
		fputs(",\"args\":[", o->f);
		for (unsigned i = 0; i < cnt; i++) {
			fputs(i ? "," : "", o->f);
			bl_json_str(o->f, bl_usdt_arg_describe(&args[i], f->arch, d, sizeof(d)));
		}
		fputc(']', o->f);
	}
	fputs("}\n", o->f);
}

int bl_cli_list_usdt(const struct bl_out *o, const char *binary, const char *glob)
{
	char path[PATH_MAX], pn[160];
	struct bl_err err = { "" };
	struct bl_usdt_file f;
	size_t shown = 0;
	int ret;

	if ((ret = bl_uprobe_resolve_path(binary, path, sizeof(path), &err)) ||
	    (ret = bl_usdt_file_read(path, &f, &err))) {
		bl_err_prefix(&err, ret, "list usdt");
		bl_print_error(o, err.msg);
		return BL_EXIT_FAIL;
	}
	for (size_t i = 0; i < f.cnt; i++) {
		snprintf(pn, sizeof(pn), "%s:%s", f.notes[i].provider, f.notes[i].name);
		if (glob && !bl_glob_match(glob, pn))
			continue;
		print_site(o, path, &f, &f.notes[i]);
		shown++;
	}
	fflush(o->f);
	fprintf(stderr, "bpfload list: %zu USDT probe site%s%s%s%s in %s (.note.stapsdt)\n", shown,
		shown == 1 ? "" : "s", glob ? " matching '" : "", glob ? glob : "", glob ? "'" : "",
		path);
	bl_usdt_file_free(&f);
	return BL_EXIT_OK;
}
