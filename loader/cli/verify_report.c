/* loader/cli/verify_report.c — a rejected program, explained (see
 * verify_report.h). The verifier's error is sorted into a class with a
 * hint by loader/verifier/verifier_classify.c; the log is shown from its end,
 * because the error is its last line before the statistics and what led
 * to it comes just before (docs/verifier.md).
 */
#include "loader/cli/verify_report.h"

#include "loader/cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch/arch.h"
#include "loader/verifier/log_annotate.h"
#include "loader/verifier/log_tail.h"
#include "loader/verifier/verifier_classify.h"

const char *bl_sgr(const struct bl_report_style *st, const char *code)
{
	return st->color ? code : "";
}

int bl_cli_color(const char *mode, FILE *f, bool *on)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	if (!strcmp(mode, "always"))
		*on = true;
	else if (!strcmp(mode, "never"))
		*on = false;
	else if (!strcmp(mode, "auto"))
		*on = isatty(fileno(f)) && !(no && *no) && !(term && !strcmp(term, "dumb"));
	else
		return -1;
	return 0;
}

char *bl_cli_annotated_log(const struct bl_prog *p, const struct bl_object_spec *obj)
{
	struct bl_src_line *lines;
	char *log;

	if (!p->log)
		return NULL;
	lines = obj ? bl_src_lines(p->line_info, p->line_info_cnt, obj->btf) : NULL;
	log = lines ? bl_log_annotate(p->log, lines, p->line_info_cnt) : NULL;
	free(lines);
	return log ? log : strdup(p->log);
}

/* One log line, indented; the verifier's error in red, source lines in
 * cyan. */
static void put_line(FILE *f, const char *s, size_t n, const char *error,
		     const struct bl_report_style *st)
{
	const char *on = "";

	if (n && s[0] == ';')
		on = bl_sgr(st, BL_SGR_CYAN);
	else if (*error && n == strlen(error) && !memcmp(s, error, n))
		on = bl_sgr(st, BL_SGR_RED);
	fprintf(f, "    %s%.*s%s\n", on, (int)n, s, *on ? bl_sgr(st, BL_SGR_RESET) : "");
}

static void put_lines(FILE *f, const char *s, const char *error, const struct bl_report_style *st)
{
	while (s && *s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		put_line(f, s, n, error, st);
		s = nl ? nl + 1 : NULL;
	}
}

/* What was left out above the tail. */
static void put_elided(FILE *f, const struct bl_prog *p, size_t elided, size_t kept_bytes,
		       const struct bl_report_style *st)
{
	const char *dim = bl_sgr(st, BL_SGR_DIM), *off = *dim ? bl_sgr(st, BL_SGR_RESET) : "";

	/* The kernel kept only the end (6.4+, loader/load/prog_load.c): the
	 * lines before it were never read. */
	if (p->log_truncated && p->log_true_size > kept_bytes + 1 && elided)
		fprintf(f, "    %s... %zu earlier line%s not shown, and before them %lu bytes of log the kernel did not keep (%s shows the whole log)%s\n",
			dim, elided, elided == 1 ? "" : "s", (unsigned long)(p->log_true_size - kept_bytes - 1),
			st->full_log_how, off);
	else if (p->log_truncated && p->log_true_size > kept_bytes + 1)
		fprintf(f, "    %s... %lu bytes of log before these the kernel did not keep (%s shows the whole log)%s\n",
			dim, (unsigned long)(p->log_true_size - kept_bytes - 1), st->full_log_how, off);
	else if (elided)
		fprintf(f, "    %s... %zu earlier line%s of the log not shown (%s shows the whole log)%s\n",
			dim, elided, elided == 1 ? "" : "s", st->full_log_how, off);
}

void bl_cli_print_rejection(FILE *f, const struct bl_prog *p, const struct bl_object_spec *obj,
			    const struct bl_report_style *st)
{
	const struct bl_prog_spec *d = p->spec;
	struct bl_verifier_error e;
	const char *red = bl_sgr(st, BL_SGR_RED), *reset = bl_sgr(st, BL_SGR_RESET);
	char *log = st->log == BL_LOG_RAW ? (p->log ? strdup(p->log) : NULL)
					  : bl_cli_annotated_log(p, obj);
	const char *show = log;
	size_t elided = 0;

	bl_verifier_classify(p->log, d->def ? (int)d->def->prog_type : 0, bl_arch_native(), &e);
	if (st->log == BL_LOG_TAIL && log)
		show = bl_log_tail(log, st->tail_lines, &elided);
	fprintf(f, "    %serror: %s: %s%s\n", red, e.id, e.title, reset);
	/* loader/load/core_apply.c puts which CO-RE relocation it was in front
	 * of the log, loader/load/ksyms.c which kfunc: said here when the
	 * tail leaves it out */
	if (elided && p->log &&
	    (!strncmp(p->log, "CO-RE relocation ", 17) || !strncmp(p->log, "kfunc ", 6))) {
		const char *cut = strstr(p->log, "; the verifier's log:");
		size_t n = strcspn(p->log, "\n");

		fprintf(f, "    %.*s\n", (int)(cut && (size_t)(cut - p->log) < n ? (size_t)(cut - p->log) : n),
			p->log);
	}
	if (e.detail[0])
		fprintf(f, "    %s\n", e.detail);
	if (log)
		put_elided(f, p, elided, p->log ? strlen(p->log) : 0, st);
	put_lines(f, show ? show : p->log, e.message, st);
	fprintf(f, "    %shint:%s %s\n", bl_sgr(st, BL_SGR_GREEN), *red ? reset : "", e.hint);
	free(log);
}

void bl_cli_report_rejected(FILE *f, const struct bl_object *l, const struct bl_prog *p)
{
	struct bl_report_style st = { false, BL_LOG_TAIL, 20, "bpfload verify --full-log" };

	bl_cli_color("auto", f, &st.color);
	fprintf(f, "verifier log of %s:\n", p->spec->name);
	bl_cli_print_rejection(f, p, l->spec, &st);
}
