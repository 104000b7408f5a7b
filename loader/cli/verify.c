/* loader/cli/verify.c — `bpfload verify OBJ`: BPF_PROG_LOAD for every
 * program, nothing attached, and the verifier's verdict on each.
 *
 * Every program is tried even after one is rejected (keep_going), so one
 * run shows every problem. A rejected program is explained by
 * verify_report.c: the class of the error, the end of the log, the hint.
 * Its log comes from a second load with log_level 1 (loader/load/prog_load.c),
 * or with --log-level N from the first load of every program; --stats
 * adds log_level 4 (BPF_LOG_STATS) and shows the table of verify_stats.c.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "loader/verifier/verifier_classify.h"
#include "output.h"
#include "verify_report.h"
#include "verify_stats.h"

#define TAIL_LINES 20

static const char verify_help[] =
	"usage: bpfload verify OBJ [--pin-path DIR] [--map NAME.FIELD=N]... [--prog NAME]...\n"
	"                          [--skip NAME]... [--set NAME=VALUE]... [--log-level 1|2]\n"
	"                          [--stats] [--full-log | --raw-log] [--log-file PATH]\n"
	"                          [--color=auto|always|never] [--json]\n\n"
	"Creates the maps and loads every program with BPF_PROG_LOAD, without\n"
	"attaching anything, and prints one verdict per program: accepted (with\n"
	"its instruction count), or rejected (with the errno, the class of the\n"
	"verifier's error, the last lines of its log with their source lines,\n"
	"and a hint). Everything is released before exit. Needs root (or CAP_BPF).\n\n"
BL_MAP_OPTIONS_HELP BL_PROG_OPTIONS_HELP BL_SET_HELP
	"      --log-level N       verifier log level: 1 (the instructions of each\n"
	"                          path and the registers at branches) or 2 (the\n"
	"                          registers after every instruction); every\n"
	"                          program is loaded with it, so accepted ones have\n"
	"                          a log too (--full-log, --log-file). Default: 1,\n"
	"                          and only for a program the kernel refused\n"
	"      --stats             per program: verification time, instructions\n"
	"                          processed, states, peak states, stack depth and\n"
	"                          the kernel's verified_insns, in a table at the end\n"
	"      --full-log, --log   the whole log, not only its last %d lines\n"
	"      --raw-log           the whole log as the kernel wrote it, without\n"
	"                          bpfload's \"; SOURCE @ FILE:LINE\" lines\n"
	"      --log-file PATH     write every program's whole log to PATH\n"
	"      --color WHEN        auto (default: when stdout is a terminal and\n"
	"                          NO_COLOR is not set), always or never\n"
	"      --json              one JSON object per line:\n"
	"                          {\"type\":\"program\",\"verdict\":...,\"class\":...,\n"
	"                          \"hint\":...,\"stats\":{...},\"log\":...}\n"
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

struct verify_opts {
	struct bl_out o;
	struct bl_report_style st;
	bool stats;
	const char *log_file;
};

static void json_class(FILE *f, const struct bl_prog *p)
{
	struct bl_verifier_error e;

	bl_verifier_classify(p->log, p->spec->def ? (int)p->spec->def->prog_type : 0,
			     bl_arch_native(), &e);
	fputs(",\"class\":", f);
	bl_json_str(f, e.id);
	fputs(",\"title\":", f);
	bl_json_str(f, e.title);
	fputs(",\"message\":", f);
	bl_json_str(f, e.message);
	if (e.detail[0]) {
		fputs(",\"detail\":", f);
		bl_json_str(f, e.detail);
	}
	fputs(",\"hint\":", f);
	bl_json_str(f, e.hint);
}

static void print_json(const struct verify_opts *v, const struct bl_prog *p)
{
	const struct bl_prog_spec *d = p->spec;
	FILE *f = v->o.f;
	char eb[16];

	fputs("{\"type\":\"program\",\"name\":", f);
	bl_json_str(f, d->name);
	fputs(",\"section\":", f);
	bl_json_str(f, d->section);
	fprintf(f, ",\"verdict\":\"%s\",\"insns\":%zu", verdict(p), d->insn_cnt);
	if (p->state == BL_PROG_LOADED)
		fprintf(f, ",\"id\":%u", p->id);
	if (p->state == BL_PROG_REJECTED) {
		fprintf(f, ",\"errno\":\"%s\",\"log_truncated\":%s,\"log_loads\":%u",
			bl_errno_name(p->load_errno, eb), p->log_truncated ? "true" : "false",
			p->log_loads);
		json_class(f, p);
	}
	if (v->stats && p->state != BL_PROG_SKIPPED && p->state != BL_PROG_UNSUPPORTED)
		bl_cli_json_stats(f, p);
	if (p->log) {
		fputs(",\"log\":", f);
		bl_json_str(f, p->log);
	}
	fputs("}\n", f);
}

/* The log is cut short and its end is missing: the kernel's limit, or a
 * kernel before 6.4 (the end kept by the kernel is shown as it is, with a
 * notice: verify_report.c). */
static bool truncated_start(const struct bl_prog *p, const struct bl_report_style *st)
{
	return p->log_truncated &&
	       !(st->log == BL_LOG_TAIL && p->log && p->log_true_size > strlen(p->log) + 1);
}

static void print_verdict(const struct verify_opts *v, const struct bl_prog *p,
			  const struct bl_object_spec *obj)
{
	const struct bl_prog_spec *d = p->spec;
	const struct bl_report_style *st = &v->st;
	const char *reset = bl_sgr(st, BL_SGR_RESET);
	FILE *f = v->o.f;
	char eb[16];

	if (v->o.json) {
		print_json(v, p);
		return;
	}
	switch (p->state) {
	case BL_PROG_LOADED:
		fprintf(f, "%-24s %saccepted%s   %zu insns (section %s)\n", d->name,
			bl_sgr(st, BL_SGR_GREEN), reset, d->insn_cnt, d->section);
		/* a log asked for with --log-level */
		if (p->log && *p->log && st->log != BL_LOG_TAIL) {
			char *log = st->log == BL_LOG_RAW ? NULL : bl_cli_annotated_log(p, obj);
			const char *s = log ? log : p->log;

			while (s && *s) {
				size_t n = strcspn(s, "\n");

				fprintf(f, "    %.*s\n", (int)n, s);
				s += n + (s[n] == '\n');
			}
			free(log);
		}
		break;
	case BL_PROG_REJECTED:
		fprintf(f, "%-24s %srejected%s   %s: %s (section %s)%s\n", d->name,
			bl_sgr(st, BL_SGR_RED), reset, bl_errno_name(p->load_errno, eb),
			strerror(p->load_errno), d->section,
			truncated_start(p, st) ? " [log truncated]" : "");
		bl_cli_print_rejection(f, p, obj, st);
		break;
	case BL_PROG_SKIPPED:
		fprintf(f, "%-24s skipped    (section %s)\n", d->name, d->section);
		break;
	case BL_PROG_UNSUPPORTED:
		fprintf(f, "%-24s %sunsupported%s %s\n", d->name, bl_sgr(st, BL_SGR_YELLOW), reset,
			p->log ? p->log : "");
		break;
	default:
		fprintf(f, "%-24s not loaded\n", d->name);
	}
}

/* --log-file: every log, whole, each after a line naming its program. */
static int write_log_file(const struct verify_opts *v, const struct bl_object *l,
			  const struct bl_object_spec *obj)
{
	FILE *f = fopen(v->log_file, "w");
	char msg[512];

	if (!f) {
		snprintf(msg, sizeof(msg), "--log-file %s: %s", v->log_file, strerror(errno));
		bl_print_error(&v->o, msg);
		return -1;
	}
	for (size_t i = 0; i < l->prog_cnt; i++) {
		const struct bl_prog *p = &l->progs[i];
		char *log;

		if (!p->log || p->state == BL_PROG_UNSUPPORTED)
			continue;
		log = v->st.log == BL_LOG_RAW ? NULL : bl_cli_annotated_log(p, obj);
		fprintf(f, "=== %s (section %s): %s%s\n", p->spec->name, p->spec->section, verdict(p),
			p->log_truncated ? " [log truncated]" : "");
		fputs(log ? log : p->log, f);
		if (!*(log ? log : p->log) || (log ? log : p->log)[strlen(log ? log : p->log) - 1] != '\n')
			fputc('\n', f);
		free(log);
	}
	if (fclose(f)) {
		snprintf(msg, sizeof(msg), "--log-file %s: %s", v->log_file, strerror(errno));
		bl_print_error(&v->o, msg);
		return -1;
	}
	return 0;
}

enum {
	OPT_RAW_LOG = 0x200,
	OPT_FULL_LOG,
	OPT_LOG_LEVEL,
	OPT_LOG_FILE,
	OPT_STATS,
	OPT_COLOR,
};

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
		{ "raw-log", no_argument, NULL, OPT_RAW_LOG },
		{ "full-log", no_argument, NULL, OPT_FULL_LOG },
		{ "log", no_argument, NULL, OPT_FULL_LOG },
		{ "log-level", required_argument, NULL, OPT_LOG_LEVEL },
		{ "log-file", required_argument, NULL, OPT_LOG_FILE },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "colour", required_argument, NULL, OPT_COLOR },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bl_load_opts lo = { .keep_going = true, .log_level = 1 };
	struct verify_opts v = {
		.o = { false, stdout },
		.st = { false, BL_LOG_TAIL, TAIL_LINES, "--full-log" },
	};
	const char *color = "auto";
	uint32_t level = 0;
	struct bl_cli_sets sets = { NULL, 0 };
	struct bl_object_spec *obj;
	struct bl_object *l;
	struct bl_err err;
	const char *path = NULL;
	int opt, ret, status = BL_EXIT_OK;
	char *end;

	optind = 1;
	opterr = 0; /* bl_unknown_option says it, with the command */
	while ((opt = getopt_long(argc, argv, ":jh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j': v.o.json = true; break;
		case OPT_RAW_LOG: v.st.log = BL_LOG_RAW; break;
		case OPT_FULL_LOG:
			if (v.st.log != BL_LOG_RAW)
				v.st.log = BL_LOG_FULL;
			break;
		case OPT_LOG_LEVEL:
			level = (uint32_t)strtoul(optarg, &end, 10);
			if (*end || (level != 1 && level != 2)) {
				bl_cli_load_options_free(&lo);
				bl_cli_sets_free(&sets);
				return bl_usage_error("verify", "--log-level %s: must be 1 or 2", optarg);
			}
			break;
		case OPT_LOG_FILE:
			if (!*optarg) {
				bl_cli_load_options_free(&lo);
				bl_cli_sets_free(&sets);
				return bl_usage_error("verify", "--log-file needs a file name");
			}
			v.log_file = optarg;
			break;
		case OPT_STATS: v.stats = true; break;
		case OPT_COLOR: color = optarg; break;
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
				bl_cli_sets_free(&sets);
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
		case 'h':
			bl_cli_load_options_free(&lo);
			bl_cli_sets_free(&sets);
			printf(verify_help, TAIL_LINES);
			return BL_EXIT_OK;
		case ':':
			bl_cli_load_options_free(&lo);
			bl_cli_sets_free(&sets);
			return bl_usage_error("verify", "option '%s' needs an argument", argv[optind - 1]);
		default:
			bl_cli_load_options_free(&lo);
			bl_cli_sets_free(&sets);
			return bl_unknown_option("verify", argv);
		}
	}
	if (bl_cli_color(color, stdout, &v.st.color)) {
		bl_cli_load_options_free(&lo);
		bl_cli_sets_free(&sets);
		return bl_usage_error("verify", "--color %s: must be auto, always or never", color);
	}
	if (v.o.json)
		v.st.color = false;
	/* The log of every program from its first load (--log-level), with
	 * the statistics lines (--stats); the whole log when anything shows
	 * more than its end. */
	if (level)
		lo.log_level = level;
	lo.first_log_level = level | (v.stats ? 4u : 0u);
	lo.log_tail_ok = v.st.log == BL_LOG_TAIL && !v.o.json && !v.log_file;
	ret = bl_one_object("verify", argc, argv, &path);
	if (!ret && bl_object_spec_read(path, &obj, &err)) {
		bl_print_error(&v.o, err.msg);
		ret = BL_EXIT_FAIL;
	} else if (!ret && (ret = bl_cli_apply_sets(&v.o, &sets, obj))) {
		bl_object_spec_free(obj);
	}
	bl_cli_sets_free(&sets);
	if (ret) {
		bl_cli_load_options_free(&lo);
		return ret;
	}
	ret = bl_load(obj, &lo, &l, &err);
	bl_cli_load_options_free(&lo);
	bl_cli_print_warnings(&v.o, l);
	bl_cli_print_btf_log(&v.o, l);
	if (!l || l->stage < BL_LOAD_PROGRAMS) { /* no program tried: no maps, no programs */
		bl_print_error(&v.o, err.msg);
		bl_close(l);
		bl_object_spec_free(obj);
		return BL_EXIT_FAIL;
	}
	for (size_t i = 0; i < l->prog_cnt; i++) {
		print_verdict(&v, &l->progs[i], obj);
		if (l->progs[i].state != BL_PROG_LOADED && l->progs[i].state != BL_PROG_SKIPPED)
			status = BL_EXIT_FAIL;
	}
	if (v.stats && !v.o.json) {
		fputc('\n', v.o.f);
		bl_cli_print_stats_table(v.o.f, l);
	}
	fflush(v.o.f);
	if (v.log_file && write_log_file(&v, l, obj))
		status = BL_EXIT_FAIL;
	bl_close(l);
	bl_object_spec_free(obj);
	return status;
}
