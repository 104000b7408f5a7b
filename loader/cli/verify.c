/* loader/cli/verify.c — `bpfload verify OBJ`: BPF_PROG_LOAD for every
 * program, nothing attached, and the verifier's verdict on each.
 *
 * Every program is tried even after one is rejected (keep_going), so one
 * run shows every problem. A rejected program's log is the one of the
 * second load, with log_level 1 (loader/prog_load.c).
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/log_annotate.h"
#include "output.h"

static const char verify_help[] =
	"usage: bpfload verify OBJ [--pin-path DIR] [--map NAME.FIELD=N]... [--prog NAME]...\n"
	"                          [--skip NAME]... [--set NAME=VALUE]... [--raw-log] [--json]\n\n"
	"Creates the maps and loads every program with BPF_PROG_LOAD, without\n"
	"attaching anything, and prints one verdict per program: accepted (with\n"
	"its instruction count), or rejected (with the errno and the verifier's\n"
	"log). Everything is released before exit. Needs root (or CAP_BPF).\n\n"
BL_MAP_OPTIONS_HELP BL_PROG_OPTIONS_HELP BL_SET_HELP
		"      --json              one JSON object per line:\n"
	"                          {\"type\":\"program\",\"verdict\":...}\n"
	"      --raw-log           the verifier's log as it is, without bpfload's\n"
	"                          \"; SOURCE @ FILE:LINE\" lines from line_info\n"
	"  -h, --help              this text\n\n"
	"exit status: 0 every program accepted, 1 one was not (or an error), 2 usage\n";

static const char *verdict(const struct bl_prog *p)
{
	switch (p->state) {
	case BL_PROG_LOADED: return "accepted";
	case BL_PROG_REJECTED: return "rejected";
	case BL_PROG_UNSUPPORTED: return "unsupported";
	case BL_PROG_SKIPPED: return "skipped";
	default: return "not loaded";
	}
}

static void print_log_indented(FILE *f, const char *log)
{
	const char *line = log;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		int len = nl ? (int)(nl - line) : (int)strlen(line);

		fprintf(f, "    %.*s\n", len, line);
		line = nl ? nl + 1 : NULL;
	}
}

/* The log with the source lines of its instructions (loader/log_annotate.c);
 * as it is without btf or line_info. */
static void print_log(FILE *f, const struct bl_prog *p, const struct bl_btf *btf)
{
	struct bl_src_line *lines = bl_src_lines(p->line_info, p->line_info_cnt, btf);
	char *log = lines ? bl_log_annotate(p->log, lines, p->line_info_cnt) : NULL;

	print_log_indented(f, log ? log : p->log);
	free(log);
	free(lines);
}

static void print_verdict(const struct bl_out *o, const struct bl_prog *p,
			  const struct bl_btf *btf)
{
	const struct bl_program *d = p->desc;
	char eb[16];

	if (o->json) {
		fputs("{\"type\":\"program\",\"name\":", o->f);
		bl_json_str(o->f, d->name);
		fputs(",\"section\":", o->f);
		bl_json_str(o->f, d->section);
		fprintf(o->f, ",\"verdict\":\"%s\",\"insns\":%zu", verdict(p), d->insn_cnt);
		if (p->state == BL_PROG_LOADED)
			fprintf(o->f, ",\"id\":%u", p->id);
		if (p->state == BL_PROG_REJECTED)
			fprintf(o->f, ",\"errno\":\"%s\",\"log_truncated\":%s",
				bl_errno_name(p->load_errno, eb), p->log_truncated ? "true" : "false");
		if (p->log) {
			fputs(",\"log\":", o->f);
			bl_json_str(o->f, p->log);
		}
		fputs("}\n", o->f);
		return;
	}
	switch (p->state) {
	case BL_PROG_LOADED:
		fprintf(o->f, "%-24s accepted   %zu insns (section %s)\n", d->name, d->insn_cnt,
			d->section);
		break;
	case BL_PROG_REJECTED:
		fprintf(o->f, "%-24s rejected   %s: %s (section %s)%s\n", d->name,
			bl_errno_name(p->load_errno, eb), strerror(p->load_errno), d->section,
			p->log_truncated ? " [log truncated]" : "");
		print_log(o->f, p, btf);
		break;
	case BL_PROG_SKIPPED:
		fprintf(o->f, "%-24s skipped    (section %s)\n", d->name, d->section);
		break;
	case BL_PROG_UNSUPPORTED:
		fprintf(o->f, "%-24s unsupported %s\n", d->name, p->log ? p->log : "");
		break;
	default:
		fprintf(o->f, "%-24s not loaded\n", d->name);
	}
}

int bl_cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pin-path", required_argument, NULL, BL_OPT_PIN_PATH },
		{ "map", required_argument, NULL, BL_OPT_MAP },
		{ "prog", required_argument, NULL, BL_OPT_PROG },
		{ "skip", required_argument, NULL, BL_OPT_SKIP },
		{ "btf", required_argument, NULL, BL_OPT_BTF },
		{ "kconfig", required_argument, NULL, BL_OPT_KCONFIG },
		{ "set", required_argument, NULL, BL_OPT_SET },
		{ "raw-log", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bl_load_opts lo = { .keep_going = true, .log_level = 1 };
	bool raw_log = false;
	struct bl_cli_sets sets = { NULL, 0 };
	struct bl_out o = { false, stdout };
	struct bl_object *obj;
	struct bl_loaded *l;
	struct bl_err err;
	const char *path = NULL;
	int opt, ret, status = BL_EXIT_OK;

	optind = 1;
	opterr = 0; /* bl_unknown_option says it, with the command */
	while ((opt = getopt_long(argc, argv, ":jh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j': o.json = true; break;
		case 'R': raw_log = true; break;
		case BL_OPT_BTF:
			lo.btf_path = optarg;
			break;
		case BL_OPT_KCONFIG:
			lo.kconfig_path = optarg;
			break;
		case BL_OPT_PROG:
		case BL_OPT_SKIP:
			if (bl_cli_prog_option("verify", opt, optarg, &lo)) {
				bl_cli_load_options_free(&lo);
				return BL_EXIT_USAGE;
			}
			break;
		case BL_OPT_PIN_PATH:
		case BL_OPT_MAP:
			if (bl_cli_map_option("verify", opt, optarg, &lo)) {
				bl_cli_load_options_free(&lo);
				bl_cli_sets_free(&sets);
				return BL_EXIT_USAGE;
			}
			break;
		case BL_OPT_SET:
			if (bl_cli_set_option("verify", optarg, &sets)) {
				bl_cli_load_options_free(&lo);
				bl_cli_sets_free(&sets);
				return BL_EXIT_USAGE;
			}
			break;
		case 'h': fputs(verify_help, stdout); return BL_EXIT_OK;
		case ':': return bl_usage_error("verify", "option '%s' needs an argument", argv[optind - 1]);
		default: return bl_unknown_option("verify", argv);
		}
	}
	ret = bl_one_object("verify", argc, argv, &path);
	if (!ret && bl_object_read(path, &obj, &err)) {
		bl_print_error(&o, err.msg);
		ret = BL_EXIT_FAIL;
	} else if (!ret && (ret = bl_cli_apply_sets(&o, &sets, obj))) {
		bl_object_free(obj);
	}
	bl_cli_sets_free(&sets);
	if (ret) {
		bl_cli_load_options_free(&lo);
		return ret;
	}
	ret = bl_load(obj, &lo, &l, &err);
	bl_cli_load_options_free(&lo);
	bl_cli_print_warnings(&o, l);
	bl_cli_print_btf_log(&o, l);
	if (!l) { /* nothing was loaded: maps could not be created, or no programs */
		bl_print_error(&o, err.msg);
		bl_object_free(obj);
		return BL_EXIT_FAIL;
	}
	for (size_t i = 0; i < l->prog_cnt; i++) {
		print_verdict(&o, &l->progs[i], raw_log ? NULL : obj->btf);
		if (l->progs[i].state != BL_PROG_LOADED && l->progs[i].state != BL_PROG_SKIPPED)
			status = BL_EXIT_FAIL;
	}
	fflush(o.f);
	bl_unload(l);
	bl_object_free(obj);
	return status;
}
