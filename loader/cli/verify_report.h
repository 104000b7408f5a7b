/* loader/cli/verify_report.h — how bpfload shows a program the verifier
 * rejected: the class of the error and its hint (loader/verifier/verifier_classify.c),
 * and the end of the log with its source lines (loader/verifier/log_tail.c,
 * loader/verifier/log_annotate.c), in colour on a terminal. Used by `verify` and,
 * through bl_cli_report_rejected, by `run`.
 */
#ifndef BL_CLI_VERIFY_REPORT_H
#define BL_CLI_VERIFY_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "loader/bpfload.h"

enum bl_log_show {
	BL_LOG_TAIL,	/* the last tail_lines lines, annotated (default) */
	BL_LOG_FULL,	/* all of it, annotated (--full-log) */
	BL_LOG_RAW,	/* all of it as the kernel wrote it (--raw-log) */
};

struct bl_report_style {
	bool color;
	enum bl_log_show log;
	size_t tail_lines;
	const char *full_log_how; /* the option that shows it all, for the notice */
};

/* code (an ANSI colour, SGR of ECMA-48) when style->color, else "". */
const char *bl_sgr(const struct bl_report_style *st, const char *code);
#define BL_SGR_RED "\033[1;31m"
#define BL_SGR_GREEN "\033[32m"
#define BL_SGR_YELLOW "\033[33m"
#define BL_SGR_CYAN "\033[36m"
#define BL_SGR_DIM "\033[2m"
#define BL_SGR_RESET "\033[0m"

/* --color=auto|always|never: *on for f; auto means f is a terminal and
 * neither NO_COLOR (https://no-color.org) is set nor TERM=dumb.
 * Returns 0, or -1 when mode is none of the three. */
int bl_cli_color(const char *mode, FILE *f, bool *on);

/* p->log with its source lines (line_info and obj's BTF), or a copy of it;
 * malloc'd, NULL without memory or log. */
char *bl_cli_annotated_log(const struct bl_prog *p, const struct bl_object_spec *obj);

/* The indented block under a rejected program's verdict line: the class,
 * the log (as style->log says; the tail with a line telling how many
 * lines were left out), the hint. */
void bl_cli_print_rejection(FILE *f, const struct bl_prog *p, const struct bl_object_spec *obj,
			    const struct bl_report_style *st);


#endif
