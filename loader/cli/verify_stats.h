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

#endif
