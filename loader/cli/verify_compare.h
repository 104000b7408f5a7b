/* loader/cli/verify_compare.h — `bpfload verify --compare OLD NEW`: two
 * sets of results side by side, per program. */
#ifndef BL_CLI_VERIFY_COMPARE_H
#define BL_CLI_VERIFY_COMPARE_H

#include "loader/cli/output.h"
#include "loader/verifier/verify_results.h"

/* Matches the rows of old and new by (object base name, program) and
 * prints, per program, the verdicts and the processed instructions,
 * states and peak states of each side with their difference; programs
 * of one side only are said to be. old_name and new_name say where each
 * side came from. Returns BL_EXIT_OK when every program is on both sides
 * with the same verdict, else BL_EXIT_FAIL. */
int bl_cli_compare_results(const struct bl_out *o, const struct bl_vresults *old,
			   const char *old_name, const struct bl_vresults *new,
			   const char *new_name);

#endif
