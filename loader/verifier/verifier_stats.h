/* loader/verifier/verifier_stats.h — the statistics at the end of a verifier log.
 *
 * With log_level 4 (BPF_LOG_STATS, include/uapi/linux/bpf.h) the verifier
 * ends its log with how much work it did (kernel/bpf/verifier.c,
 * print_verification_stats), the numbers veristat reports:
 *
 *   verification time 17 usec
 *   stack depth 8+16
 *   processed 12 insns (limit 1000000) max_states_per_insn 2 total_states 5 peak_states 4 mark_read 1
 *
 * At log_level 1 and 2 only the "processed" line is there. The kernel
 * does not promise this format (it is not UAPI): fields it no longer
 * prints come out as -1. Pure: no syscalls.
 */
#ifndef BL_VERIFIER_STATS_H
#define BL_VERIFIER_STATS_H

struct bl_verifier_stats {
	long insns_processed;		/* "processed N insns" */
	long insn_limit;		/* "(limit N)" */
	long max_states_per_insn, total_states, peak_states, mark_read;
	long verify_usec;		/* "verification time N usec" */
	long stack_depth_total;		/* the parts of stack_depth added up */
	char stack_depth[64];		/* "8+16": one part per subprogram; "" */
};

/* Fills s from the last such lines of log (each must start a line: a log
 * may quote the words elsewhere); fields not found are -1. Returns 0 when
 * the "processed" line was found, -ENOENT when not (log may be NULL). */
int bl_verifier_stats(const char *log, struct bl_verifier_stats *s);

#endif
