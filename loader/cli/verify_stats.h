/* loader/cli/verify_stats.h — `bpfload verify --stats`: how much work the
 * verifier did for each program, as veristat shows it. */
#ifndef BL_CLI_VERIFY_STATS_H
#define BL_CLI_VERIFY_STATS_H

#include "loader/cli/output.h"

/* ,"stats":{...} of a program's JSON line (from its log_level 4 log and
 * bpf_prog_info.verified_insns). */
void bl_cli_json_stats(FILE *f, const struct bl_prog *p);

/* The table: one row per program tried (skipped ones left out). */
void bl_cli_print_stats_table(FILE *f, const struct bl_object *l);

/* " NUMBER" right-aligned in width, or " -" when the log did not have
 * it (v < 0): a cell of the --stats table and of verify's results table. */
void bl_cli_stats_cell(FILE *f, int width, long v);

#endif
