/* loader/cli/verify_stats.c — the verifier's statistics per program
 * (`bpfload verify --stats`).
 *
 * bpfload asks for log_level 4 (BPF_LOG_STATS, include/uapi/linux/bpf.h)
 * on every program's first load (bl_load_opts.first_log_level), which adds
 * only the last lines to the log; loader/verifier/verifier_stats.c reads them:
 * instructions processed, states, peak states, verification time, stack
 * depth. For a loaded program the kernel also tells through
 * BPF_OBJ_GET_INFO_BY_FD how many instructions it verified
 * (bpf_prog_info.verified_insns, 5.16+), the same count as "processed".
 * veristat (tools/testing/selftests/bpf/veristat.c) shows the same.
 *
 * Two counts, labelled apart: Insns is the verdict line's, the program's
 * instructions in the object (bl_prog_spec.insn_cnt: 8-byte slots, an
 * ld_imm64 counting 2; the subprograms it calls not included); Processed
 * is the verifier's, the instructions it walked, each again on every
 * path that reaches it, unreachable ones not at all (the number its limit
 * of 1 million is about). They differ for most programs.
 */
#include "loader/cli/verify_stats.h"

#include <string.h>

#include "loader/verifier/verifier_stats.h"

static const char *verdict_word(const struct bl_prog *p)
{
	switch (p->state) {
	case BL_PROG_LOADED: return "accepted";
	case BL_PROG_REJECTED: return "rejected";
	case BL_PROG_UNSUPPORTED: return "unsupported";
	default: return "not loaded";
	}
}

static void json_long(FILE *f, const char *name, long v, bool first)
{
	if (v < 0)
		fprintf(f, "%s\"%s\":null", first ? "" : ",", name);
	else
		fprintf(f, "%s\"%s\":%ld", first ? "" : ",", name, v);
}

void bl_cli_json_stats(FILE *f, const struct bl_prog *p)
{
	struct bl_verifier_stats s;

	bl_verifier_stats(p->log, &s);
	fputs(",\"stats\":{", f);
	json_long(f, "insns_processed", s.insns_processed, true);
	json_long(f, "insn_limit", s.insn_limit, false);
	json_long(f, "verified_insns",
		  p->state == BL_PROG_LOADED && p->verified_insns ? (long)p->verified_insns : -1, false);
	json_long(f, "total_states", s.total_states, false);
	json_long(f, "peak_states", s.peak_states, false);
	json_long(f, "max_states_per_insn", s.max_states_per_insn, false);
	json_long(f, "mark_read", s.mark_read, false);
	json_long(f, "verify_usec", s.verify_usec, false);
	json_long(f, "stack_depth", s.stack_depth_total, false);
	fputs(",\"stack_depth_parts\":", f);
	bl_json_str(f, s.stack_depth);
	fputc('}', f);
}

void bl_cli_stats_cell(FILE *f, int width, long v)
{
	if (v < 0)
		fprintf(f, " %*s", width, "-");
	else
		fprintf(f, " %*ld", width, v);
}

void bl_cli_print_stats_table(FILE *f, const struct bl_object *l)
{
	int w = 7; /* "Program" */

	for (size_t i = 0; i < l->prog_cnt; i++) {
		int n = (int)strlen(l->progs[i].spec->name);

		if (l->progs[i].state != BL_PROG_SKIPPED && n > w)
			w = n;
	}
	/* Insns: the program's instructions, as the verdict line counts
	 * them; Processed: the verifier's walk over them (each path again) */
	fprintf(f, "%-*s  %-11s %7s %13s %9s %7s %11s %11s %14s\n", w, "Program", "Verdict", "Insns",
		"Duration (us)", "Processed", "States", "Peak states", "Stack depth", "Verified insns");
	for (size_t i = 0; i < l->prog_cnt; i++) {
		const struct bl_prog *p = &l->progs[i];
		struct bl_verifier_stats s;

		if (p->state == BL_PROG_SKIPPED)
			continue;
		bl_verifier_stats(p->state == BL_PROG_UNSUPPORTED ? NULL : p->log, &s);
		fprintf(f, "%-*s  %-11s", w, p->spec->name, verdict_word(p));
		bl_cli_stats_cell(f, 7, (long)p->spec->insn_cnt);
		bl_cli_stats_cell(f, 13, s.verify_usec);
		bl_cli_stats_cell(f, 9, s.insns_processed);
		bl_cli_stats_cell(f, 7, s.total_states);
		bl_cli_stats_cell(f, 11, s.peak_states);
		bl_cli_stats_cell(f, 11, s.stack_depth_total);
		bl_cli_stats_cell(f, 14, p->state == BL_PROG_LOADED && p->verified_insns ? (long)p->verified_insns : -1);
		fputc('\n', f);
	}
}
