/* loader/cli/verify_table.h — `bpfload verify OBJ...`: the results of every
 * program of every object as rows (loader/verifier/verify_results.h), the
 * table of them, and the file of --save; the file read back for
 * --compare. */
#ifndef BL_CLI_VERIFY_TABLE_H
#define BL_CLI_VERIFY_TABLE_H

#include "loader/cli/output.h"
#include "loader/verifier/verify_results.h"

/* A row per program of l tried (skipped ones left out), from its state,
 * its log's statistics (log_level 4) and the class of its error. 0 or
 * -ENOMEM. */
int bl_cli_verify_rows(struct bl_vresults *rs, const char *kernel, const struct bl_object *l);

/* The table of every row: object, program, verdict, its instructions,
 * processed instructions, states, peak states, verification time. */
void bl_cli_print_results_table(FILE *f, const struct bl_vresults *rs);

/* --save PATH: rs into PATH (JSON Lines when it ends in .json or .jsonl,
 * else CSV). 0, or -1 after saying why. */
int bl_cli_save_results(const struct bl_out *o, const char *path, const struct bl_vresults *rs);

/* The rows of the file at path, appended to rs. 0, or -1 after saying
 * why, naming the file and the line. */
int bl_cli_read_results(const struct bl_out *o, const char *path, struct bl_vresults *rs);

/* The running kernel's release (uname -r) into buf. */
void bl_cli_kernel_release(char *buf, size_t len);

#endif
