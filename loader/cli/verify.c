/* loader/cli/verify.c — `bpfload verify OBJ`: BPF_PROG_LOAD for every
 * program, nothing attached, and the verifier's verdict on each.
 *
 * Every program is tried even after one is rejected (keep_going), so one
 * run shows every problem. A rejected program is explained by
 * verify_report.c: the class of the error, the end of the log, the hint.
 * Its log comes from a second load with log_level 1 (loader/load/prog_load.c),
 * or with --log-level N from the first load of every program; --stats
 * adds log_level 4 (BPF_LOG_STATS) and shows the table of verify_stats.c.
 *
 * Several objects are verified one after the other, and their programs
 * shown in one table at the end (verify_table.c); --save keeps that table
 * in a file, --compare OLD NEW sets two such files or objects side by
 * side (verify_compare.c), --hot N names the source lines the verifier
 * walked most (verify_hot.c).
 */
#include "loader/cli/cli.h"
#include "loader/cli/help_text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/cli/needs_kernel.h"
#include "loader/cli/output.h"
#include "loader/cli/parse.h"
#include "loader/cli/verify_compare.h"
#include "loader/cli/verify_hot.h"
#include "loader/cli/verify_json.h"
#include "loader/cli/verify_report.h"
#include "loader/cli/verify_stats.h"
#include "loader/cli/verify_table.h"

#define TAIL_LINES 20
#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)	/* TAIL_LINES in the help text */

static const char verify_help[] =
	"usage: bpfload verify OBJ... [--pin-path DIR] [--map NAME.FIELD=N]... [--prog NAME]...\n"
	"                          [--skip NAME]... [--all-alternatives] [--set NAME=VALUE]...\n"
	"                          [--log-level 1|2] [--hot N] [--save FILE]\n"
	"                          [--stats] [--full-log | --raw-log] [--log-file PATH]\n"
	"                          [--color=auto|always|never]\n"
	"                          [--replace-target PROG_ID|PATH] [--json]\n"
	"       bpfload verify --compare OLD NEW [--json]\n\n"
	"Creates the maps and loads every program with BPF_PROG_LOAD, without\n"
	"attaching anything, and prints one verdict per program: accepted (with\n"
	"its instruction count), or rejected (with the errno, the class of the\n"
	"verifier's error, the last lines of its log with their source lines,\n"
	"and a hint). Of programs that implement one event by different mechanisms\n"
	"(docs/alternatives.md) it says, one line per group, which `run` would\n"
	"attach and which it would try next. An object of maps and no programs:\n"
	"its maps are created and listed, one line each. Everything is released\n"
	"before exit, but pins (--pin-path). Needs root (or CAP_BPF).\n"
	"Several objects: each in turn, under a line naming it, and one table of\n"
	"every program at the end (--map, --prog, --skip, --set and\n"
	"--replace-target take one object).\n\n"
BL_MAP_OPTIONS_HELP BL_PROG_OPTIONS_HELP BL_SET_HELP
	"      --log-level N       verifier log level: 1 (the instructions of each\n"
	"                          path and the registers at branches) or 2 (the\n"
	"                          registers after every instruction); every\n"
	"                          program is loaded with it, so accepted ones have\n"
	"                          a log too (--full-log, --log-file). Default: 1,\n"
	"                          and only for a program the kernel refused\n"
	"      --stats             per program: its instructions (Insns, as in the\n"
	"                          verdict), verification time, the instructions\n"
	"                          the verifier processed (each path again), states,\n"
	"                          peak states, stack depth and the kernel's\n"
	"                          verified_insns, in a table at the end\n"
	"      --full-log, --log   the whole log, not only its last " STRINGIFY(TAIL_LINES) " lines\n"
	"      --raw-log           the whole log as the kernel wrote it, without\n"
	"                          bpfload's \"; SOURCE @ FILE:LINE\" lines\n"
	"      --log-file PATH     write every program's whole log to PATH\n"
	"      --hot N             under each program, the N source lines the\n"
	"                          verifier walked most (from a log of level 2, of\n"
	"                          at most 16 MiB: the kernel keeps a longer log's\n"
	"                          end); shown (5) without it for a program over\n"
	"                          the limit of 1 million instructions\n"
	"      --save FILE         the table of every program (with the kernel\n"
	"                          release) into FILE: CSV, or JSON Lines when FILE\n"
	"                          ends in .json or .jsonl\n"
	"      --compare OLD NEW   no verification of OBJ: per program of OLD and\n"
	"                          NEW (each a file of --save, or an object verified\n"
	"                          now), the verdicts, processed instructions,\n"
	"                          states and peak states, with the differences\n"
	"      --color WHEN        auto (default: when stdout is a terminal and\n"
	"                          NO_COLOR is not set), always or never\n"
	"      --json              one JSON object per line:\n"
	"                          {\"type\":\"program\",\"verdict\":...,\"class\":...,\n"
	"                          \"hint\":...,\"needs_kernel\":...,\"stats\":{...},\n"
	"                          \"log\":...}, and per group of alternatives\n"
	"                          {\"type\":\"alternatives\",...}\n"
	"  -h, --help              this text\n\n"
	"exit status: 0 every program accepted (or, of a group of alternatives, one\n"
	"mechanism's programs), 1 one was not (or an error), 2 usage; --compare: 0\n"
	"every program on both sides with the same verdict, 1 not (or an error)\n";

struct verify_opts {
	struct bl_out o;
	struct bl_report_style st;
	bool stats;
	const char *log_file;
	struct bl_cli_needs needs;	/* what this kernel lacks (needs_kernel.h) */
	bool log_file_started;	/* written for an earlier object: appended to */
};

/* What this kernel lacks of p, a program of l that it refused (the
 * verifier, or bpfload before it: a program type, a kfunc, a kernel
 * variable this kernel does not have); empty for any other program. */
static void lacks(struct verify_opts *v, const struct bl_object *l, const struct bl_prog *p,
		  struct bl_kreq_missing *m)
{
	memset(m, 0, sizeof(*m));
	if (bl_cli_kernel_refused(p))
		bl_cli_needs_find(&v->needs, (size_t)(p - l->progs), m);
}

/* The log is cut short and its end is missing: the kernel's limit, or a
 * kernel before 6.4 (the end kept by the kernel is shown as it is, with a
 * notice: verify_report.c). */
static bool truncated_start(const struct bl_prog *p, const struct bl_report_style *st)
{
	return p->log_truncated &&
	       !(st->log == BL_LOG_TAIL && p->log && p->log_true_size > strlen(p->log) + 1);
}

static void print_verdict(struct verify_opts *v, const struct bl_object *l, const struct bl_prog *p,
			  const struct bl_object_spec *obj)
{
	const struct bl_prog_spec *d = p->spec;
	const struct bl_report_style *st = &v->st;
	const char *reset = bl_sgr(st, BL_SGR_RESET);
	struct bl_kreq_missing m;
	FILE *f = v->o.f;
	char eb[16];

	lacks(v, l, p, &m);
	if (v->o.json) {
		bl_cli_verify_json(f, p, obj, v->stats, &m);
		bl_kreq_missing_free(&m);
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
		/* what this kernel lacks, before the verifier's words for it */
		bl_cli_print_needs(f, "    ", "    ", &m);
		if (m.cnt)
			fputs("    the verifier's message below is how this kernel words it\n", f);
		bl_cli_print_rejection(f, p, obj, st);
		break;
	case BL_PROG_SKIPPED:
		fprintf(f, "%-24s skipped    (section %s)\n", d->name, d->section);
		break;
	case BL_PROG_UNSUPPORTED:
		fprintf(f, "%-24s %sunsupported%s %s\n", d->name, bl_sgr(st, BL_SGR_YELLOW), reset,
			p->log ? p->log : "");
		bl_cli_print_needs(f, "    ", "    ", &m);
		break;
	default:
		fprintf(f, "%-24s not loaded\n", d->name);
	}
	bl_kreq_missing_free(&m);
}

/* --log-file: every log, whole, each after a line naming its program. */
static int write_log_file(struct verify_opts *v, const struct bl_object *l,
			  const struct bl_object_spec *obj)
{
	FILE *f = fopen(v->log_file, v->log_file_started ? "a" : "w");
	char msg[512];

	if (!f) {
		snprintf(msg, sizeof(msg), "--log-file %s: %s", v->log_file, strerror(errno));
		bl_print_error(&v->o, msg);
		return -1;
	}
	v->log_file_started = true;
	for (size_t i = 0; i < l->prog_cnt; i++) {
		const struct bl_prog *p = &l->progs[i];
		char *log;

		if (!p->log || p->state == BL_PROG_UNSUPPORTED)
			continue;
		log = v->st.log == BL_LOG_RAW ? NULL : bl_cli_annotated_log(p, obj);
		fprintf(f, "=== %s (section %s): %s%s\n", p->spec->name, p->spec->section, bl_cli_verdict(p),
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
	OPT_HOT,
	OPT_SAVE,
	OPT_COMPARE,
};

static const struct option verify_longopts[] = {
	{ "json", no_argument, NULL, 'j' },
	BL_CLI_LOAD_LONGOPTS,
	{ "raw-log", no_argument, NULL, OPT_RAW_LOG },
	{ "full-log", no_argument, NULL, OPT_FULL_LOG },
	{ "log", no_argument, NULL, OPT_FULL_LOG },
	{ "log-level", required_argument, NULL, OPT_LOG_LEVEL },
	{ "log-file", required_argument, NULL, OPT_LOG_FILE },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "colour", required_argument, NULL, OPT_COLOR },
	{ "hot", required_argument, NULL, OPT_HOT },
	{ "save", required_argument, NULL, OPT_SAVE },
	{ "compare", no_argument, NULL, OPT_COMPARE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* What `verify` was asked and what it has made so far; verify_free
 * releases whatever is there, whatever step the command got to. */
struct verify_cmd {
	struct verify_opts v;
	struct bl_load_opts lo;
	struct bl_cli_sets sets;
	const char *color;		/* --color */
	uint32_t level;			/* --log-level; 0: none */
	unsigned long hot;		/* --hot N; 0: none */
	const char *save;		/* --save FILE */
	bool compare;			/* --compare OLD NEW */
	char *const *paths;		/* OBJ... (OLD NEW with --compare) */
	int path_cnt;
	const char *path;		/* the OBJ being verified */
	struct bl_object_spec *obj;
	struct bl_object *l;
	struct bl_vresults rows;	/* of every object so far */
	char kernel[128];		/* uname -r */
};

/* What one object made. */
static void object_free(struct verify_cmd *c)
{
	bl_close(c->l);
	c->l = NULL;
	bl_object_spec_free(c->obj);
	c->obj = NULL;
	bl_cli_needs_free(&c->v.needs); /* the needs are the object's */
}

static void verify_free(struct verify_cmd *c)
{
	object_free(c);
	bl_vresults_free(&c->rows);
	bl_cli_load_options_free(&c->lo);
	bl_cli_sets_free(&c->sets);
	bl_cli_needs_free(&c->v.needs);
}

/* One option into c: 0, BL_EXIT_USAGE after saying why, or -1 after
 * --help (exit 0). */
static int verify_option(struct verify_cmd *c, int opt, char **argv)
{
	unsigned long level;
	int ret;

	if (bl_cli_load_option("verify", opt, optarg, &c->lo, &c->sets, &ret))
		return ret;
	switch (opt) {
	case 'j': c->v.o.json = true; return 0;
	case OPT_RAW_LOG: c->v.st.log = BL_LOG_RAW; return 0;
	case OPT_FULL_LOG:
		if (c->v.st.log != BL_LOG_RAW)
			c->v.st.log = BL_LOG_FULL;
		return 0;
	case OPT_LOG_LEVEL:
		if (bl_cli_parse_uint(optarg, 1, 2, &level))
			return bl_usage_error("verify", "--log-level %s: must be 1 or 2", optarg);
		c->level = (uint32_t)level;
		return 0;
	case OPT_LOG_FILE:
		if (!*optarg)
			return bl_usage_error("verify", "--log-file needs a file name");
		c->v.log_file = optarg;
		return 0;
	case OPT_STATS: c->v.stats = true; return 0;
	case OPT_COLOR: c->color = optarg; return 0;
	case OPT_HOT:
		if (bl_cli_parse_uint(optarg, 1, 1000, &c->hot))
			return bl_usage_error("verify", "--hot %s: must be a number of lines, 1 to 1000",
					      optarg);
		return 0;
	case OPT_SAVE:
		if (!*optarg)
			return bl_usage_error("verify", "--save needs a file name");
		c->save = optarg;
		return 0;
	case OPT_COMPARE: c->compare = true; return 0;
	case 'h': fputs(BL_HELP("verify", verify_help), stdout); return -1;
	case ':': return bl_usage_error("verify", "option '%s' needs an argument", argv[optind - 1]);
	default: return bl_unknown_option("verify", argv);
	}
}

/* The arguments after the options: OBJ... or, with --compare, OLD NEW. */
static int verify_args(struct verify_cmd *c, int argc, char **argv)
{
	c->paths = argv + optind;
	c->path_cnt = argc - optind;
	if (c->compare) {
		if (c->save || c->hot || c->v.log_file || c->v.stats)
			return bl_usage_error("verify", "--compare takes none of --save, --hot, --log-file, --stats");
		if (c->path_cnt != 2)
			return bl_usage_error("verify", "--compare needs two arguments, OLD and NEW (%d given)",
					      c->path_cnt);
		return 0;
	}
	if (c->path_cnt < 1)
		return bl_usage_error("verify", "missing the object file (OBJ)");
	if (c->path_cnt > 1 && (c->lo.only_prog_cnt || c->lo.skip_prog_cnt || c->lo.map_override_cnt ||
				c->sets.cnt || c->lo.replace_target))
		return bl_usage_error("verify",
				      "--map, --prog, --skip, --set and --replace-target take one object (%d given)",
				      c->path_cnt);
	return 0;
}

/* The options into c, and from them the load options; 0,
 * BL_EXIT_USAGE after saying why, or -1 after --help. */
static int parse_verify_options(struct verify_cmd *c, int argc, char **argv)
{
	int opt, ret;

	optind = 1;
	opterr = 0; /* bl_unknown_option says it, with the command */
	while ((opt = getopt_long(argc, argv, ":jh", verify_longopts, NULL)) != -1)
		if ((ret = verify_option(c, opt, argv)))
			return ret;
	if (bl_cli_color(c->color, stdout, &c->v.st.color))
		return bl_usage_error("verify", "--color %s: must be auto, always or never", c->color);
	if (c->v.o.json)
		c->v.st.color = false;
	if ((ret = verify_args(c, argc, argv)))
		return ret;
	/* The log of every program from its first load (--log-level, and
	 * level 2 for --hot: at level 1 the verifier drops the lines of each
	 * path it finished, pop_stack() in kernel/bpf/verifier.c), with the statistics lines (--stats, and for
	 * the table of several objects, --save and --compare); the whole log
	 * when anything shows more than its end. */
	if (c->level)
		c->lo.log_level = c->level;
	c->lo.first_log_level = c->level | (c->hot && !c->level ? 2u : 0u) |
				(c->v.stats || c->path_cnt > 1 || c->save || c->compare ? 4u : 0u);
	c->lo.log_tail_ok = c->v.st.log == BL_LOG_TAIL && !c->v.o.json && !c->v.log_file;
	if (c->hot && c->lo.log_tail_ok)
		c->lo.log_size_max = BL_HOT_LOG_MAX;
	return 0;
}

/* Reads OBJ, sets its --set variables, checks the names of --map, --prog
 * and --skip. */
static int read_object(struct verify_cmd *c)
{
	int ret = bl_cli_read_object(&c->v.o, c->path, &c->sets, &c->obj);

	return ret ? ret : bl_cli_check_names(&c->v.o, &c->lo, c->obj);
}

/* Creates the maps and tries every program. */
static int load(struct verify_cmd *c)
{
	struct bl_err err;

	bl_load(c->obj, &c->lo, &c->l, &err);
	bl_cli_print_btf_source(&c->v.o, c->l);
	bl_cli_print_warnings(&c->v.o, c->l);
	bl_cli_print_btf_log(&c->v.o, c->l);
	/* No program tried: nothing to report, unless the object has none
	 * and its maps were made. */
	if (!c->l || c->l->stage < (c->l->prog_cnt ? BL_LOAD_PROGRAMS : BL_LOAD_MAPS)) {
		bl_cli_print_load_error(&c->v.o, c->l, err.msg);
		return BL_EXIT_FAIL;
	}
	return bl_cli_verify_rows(&c->rows, c->kernel, c->l) ? BL_EXIT_FAIL : 0;
}

/* The verdicts, the choice in each group of alternatives, the --stats
 * table, the --log-file; BL_EXIT_FAIL when a program was not accepted
 * and no alternative of it was (or the log file could not be written). */
static int report(struct verify_cmd *c)
{
	const struct bl_object *l = c->l;
	int status = BL_EXIT_OK;

	if (l->prog_cnt == 0) { /* maps only: what was made of them */
		bl_print_maps_created(&c->v.o, l);
		if (!c->v.o.json)
			fprintf(c->v.o.f, "%s: no programs: %zu map%s created\n", c->path, l->map_cnt,
				l->map_cnt == 1 ? "" : "s");
		return status;
	}
	c->v.needs.obj = c->obj;
	for (size_t i = 0; i < l->prog_cnt; i++) {
		const struct bl_prog *p = &l->progs[i];

		print_verdict(&c->v, l, p, c->obj);
		if (c->hot || bl_cli_hot_by_default(p))
			bl_cli_print_hot(&c->v.o, p, c->obj, c->hot ? c->hot : BL_HOT_DEFAULT);
		if (bl_prog_failed(p)) /* not an unused alternative */
			status = BL_EXIT_FAIL;
	}
	bl_cli_print_alt_choices(&c->v.o, l, false);
	if (c->v.stats && !c->v.o.json && c->path_cnt == 1) {
		fputc('\n', c->v.o.f);
		bl_cli_print_stats_table(c->v.o.f, l);
	}
	fflush(c->v.o.f);
	if (c->v.log_file && write_log_file(&c->v, l, c->obj))
		status = BL_EXIT_FAIL;
	return status;
}

/* Each OBJ in turn; the table of them all; --save. */
static int verify_objects(struct verify_cmd *c)
{
	int status = BL_EXIT_OK, ret;

	for (int i = 0; i < c->path_cnt; i++) {
		c->path = c->paths[i];
		if (c->path_cnt > 1 && !c->v.o.json)
			fprintf(c->v.o.f, "%s%s:\n", i ? "\n" : "", c->path);
		if (!(ret = read_object(c)) && !(ret = load(c)))
			ret = report(c);
		object_free(c);
		if (ret == BL_EXIT_USAGE)
			return ret;
		if (ret)
			status = BL_EXIT_FAIL;
	}
	if (c->path_cnt > 1 && !c->v.o.json && c->rows.cnt) {
		fputc('\n', c->v.o.f);
		bl_cli_print_results_table(c->v.o.f, &c->rows);
	}
	fflush(c->v.o.f);
	if (c->save && bl_cli_save_results(&c->v.o, c->save, &c->rows))
		status = BL_EXIT_FAIL;
	return status;
}

/* An ELF file (an object to verify now), not a file of results. */
static bool is_elf(const char *path)
{
	FILE *f = fopen(path, "rb");
	char magic[4] = { 0 };
	bool elf = f && fread(magic, 1, 4, f) == 4 && !memcmp(magic, "\177ELF", 4);

	if (f)
		fclose(f);
	return elf;
}

/* One side of --compare: its rows into rs; its description into name. */
static int compare_side(struct verify_cmd *c, const char *path, struct bl_vresults *rs,
			char *name, size_t len)
{
	int ret;

	if (!is_elf(path)) {
		snprintf(name, len, "%s", path);
		return bl_cli_read_results(&c->v.o, path, rs) ? BL_EXIT_FAIL : 0;
	}
	snprintf(name, len, "%s, verified now", path);
	c->path = path;
	if (!(ret = read_object(c)))
		ret = load(c);
	object_free(c);
	if (!ret) { /* load() put them in c->rows */
		*rs = c->rows;
		memset(&c->rows, 0, sizeof(c->rows));
	}
	return ret;
}

static int compare(struct verify_cmd *c)
{
#ifdef BL_STATIC_TARGET	/* loader/cli/main.c */
	(void)compare_side;
	(void)c;
	return bl_usage_error("verify", "--compare is not in the static build: compare the "
			      "files of --save with the normal bpfload on the workstation");
#endif
	struct bl_vresults old = { 0 }, new = { 0 };
	char old_name[512], new_name[512];
	int ret;

	if (!(ret = compare_side(c, c->paths[0], &old, old_name, sizeof(old_name))) &&
	    !(ret = compare_side(c, c->paths[1], &new, new_name, sizeof(new_name))))
		ret = bl_cli_compare_results(&c->v.o, &old, old_name, &new, new_name);
	bl_vresults_free(&old);
	bl_vresults_free(&new);
	return ret;
}

int bl_cmd_verify(int argc, char **argv)
{
	struct verify_cmd c = {
		.v = {
			.o = { false, stdout },
			.st = { false, BL_LOG_TAIL, TAIL_LINES, "--full-log" },
		},
		.lo = { .keep_going = true, .log_level = 1 },
		.color = "auto",
	};
	int ret;

	bl_cli_kernel_release(c.kernel, sizeof(c.kernel));
	ret = parse_verify_options(&c, argc, argv);
	if (ret < 0)
		ret = BL_EXIT_OK; /* --help */
	else if (!ret)
		ret = c.compare ? compare(&c) : verify_objects(&c);
	verify_free(&c);
	return ret;
}
