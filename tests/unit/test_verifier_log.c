/* tests/unit/test_verifier_log.c — the pure parts of showing a verifier
 * log: the statistics lines (loader/verifier/verifier_stats.c) and the last lines
 * with the count of those left out (loader/verifier/log_tail.c). Added to
 * suite_classify. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/verifier/log_tail.h"
#include "loader/verifier/verifier_stats.h"
#include "unit.h"

/* The end of a log_level 1|4 log of a rejected program (kernel 6.18). */
static const char rejected_log[] =
	"6: (85) call bpf_map_lookup_elem#1    ; R0=map_value_or_null(id=1,map=values,ks=4,vs=8)\n"
	"7: (79) r0 = *(u64 *)(r0 +0)\n"
	"R0 invalid mem access 'map_value_or_null'\n"
	"verification time 23 usec\n"
	"stack depth 8\n"
	"processed 7 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n";

START_TEST(stats_level4)
{
	struct bl_verifier_stats s;

	ck_assert_int_eq(bl_verifier_stats(rejected_log, &s), 0);
	ck_assert_int_eq(s.insns_processed, 7);
	ck_assert_int_eq(s.insn_limit, 1000000);
	ck_assert_int_eq(s.max_states_per_insn, 0);
	ck_assert_int_eq(s.total_states, 0);
	ck_assert_int_eq(s.peak_states, 0);
	ck_assert_int_eq(s.mark_read, 0);
	ck_assert_int_eq(s.verify_usec, 23);
	ck_assert_str_eq(s.stack_depth, "8");
	ck_assert_int_eq(s.stack_depth_total, 8);
}
END_TEST

/* Subprograms: one stack depth each; a log of level 1 has no time. */
START_TEST(stats_subprogs_and_level1)
{
	struct bl_verifier_stats s;

	ck_assert_int_eq(bl_verifier_stats("verification time 1234567 usec\nstack depth 16+0+32\n"
					   "processed 1000001 insns (limit 1000000) max_states_per_insn 4 "
					   "total_states 996 peak_states 995 mark_read 3",
					   &s), 0);
	ck_assert_int_eq(s.insns_processed, 1000001);
	ck_assert_int_eq(s.max_states_per_insn, 4);
	ck_assert_int_eq(s.total_states, 996);
	ck_assert_int_eq(s.peak_states, 995);
	ck_assert_int_eq(s.mark_read, 3);
	ck_assert_int_eq(s.verify_usec, 1234567);
	ck_assert_str_eq(s.stack_depth, "16+0+32");
	ck_assert_int_eq(s.stack_depth_total, 48);

	ck_assert_int_eq(bl_verifier_stats("0: (b7) r0 = 0\n1: (95) exit\n"
					   "processed 2 insns (limit 1000000) max_states_per_insn 0 "
					   "total_states 0 peak_states 0 mark_read 0\n",
					   &s), 0);
	ck_assert_int_eq(s.insns_processed, 2);
	ck_assert_int_eq(s.verify_usec, -1);
	ck_assert_int_eq(s.stack_depth_total, -1);
	ck_assert_str_eq(s.stack_depth, "");
}
END_TEST

/* Only lines that begin with the words count, and the last one wins;
 * "BPF program is too large. Processed N insn" is the error, not the
 * statistics; fields a kernel does not print are -1. */
START_TEST(stats_edges)
{
	struct bl_verifier_stats s;

	ck_assert_int_eq(bl_verifier_stats("BPF program is too large. Processed 1000001 insn\n", &s),
			 -ENOENT);
	ck_assert_int_eq(s.insns_processed, -1);
	ck_assert_int_eq(bl_verifier_stats("; x = 1; // processed 5 insns\n", &s), -ENOENT);
	ck_assert_int_eq(bl_verifier_stats(NULL, &s), -ENOENT);
	ck_assert_int_eq(bl_verifier_stats("", &s), -ENOENT);
	ck_assert_int_eq(bl_verifier_stats("processed 3 insns (limit 131072)\n"
					   "processed 9 insns (limit 1000000) total_states 2\n", &s), 0);
	ck_assert_int_eq(s.insns_processed, 9);
	ck_assert_int_eq(s.insn_limit, 1000000);
	ck_assert_int_eq(s.total_states, 2);
	ck_assert_int_eq(s.peak_states, -1);
	ck_assert_int_eq(s.max_states_per_insn, -1);
	ck_assert_int_eq(bl_verifier_stats("stack depth 8+x\nprocessed 1 insns\n", &s), 0);
	ck_assert_str_eq(s.stack_depth, "8+x");
	ck_assert_int_eq(s.stack_depth_total, -1);
	/* "processed" without a number is not the line */
	ck_assert_int_eq(bl_verifier_stats("processed nothing\n", &s), -ENOENT);
}
END_TEST

START_TEST(line_count)
{
	ck_assert_uint_eq(bl_log_lines(NULL), 0);
	ck_assert_uint_eq(bl_log_lines(""), 0);
	ck_assert_uint_eq(bl_log_lines("a"), 1);
	ck_assert_uint_eq(bl_log_lines("a\n"), 1);
	ck_assert_uint_eq(bl_log_lines("a\nb"), 2);
	ck_assert_uint_eq(bl_log_lines("a\n\nb\n"), 3);
	ck_assert_uint_eq(bl_log_lines("\n"), 1);
	ck_assert_uint_eq(bl_log_lines(rejected_log), 6);
}
END_TEST

START_TEST(tail)
{
	const char *log = "l1\nl2\nl3\nl4\nl5\n";
	size_t elided = 99;

	ck_assert_str_eq(bl_log_tail(log, 2, &elided), "l4\nl5\n");
	ck_assert_uint_eq(elided, 3);
	ck_assert_str_eq(bl_log_tail(log, 1, &elided), "l5\n");
	ck_assert_uint_eq(elided, 4);
	ck_assert_ptr_eq(bl_log_tail(log, 5, &elided), log);
	ck_assert_uint_eq(elided, 0);
	ck_assert_ptr_eq(bl_log_tail(log, 20, &elided), log);
	ck_assert_uint_eq(elided, 0);
	ck_assert_str_eq(bl_log_tail(log, 0, &elided), "");
	ck_assert_uint_eq(elided, 5);
	/* no final newline */
	ck_assert_str_eq(bl_log_tail("l1\nl2\nl3", 2, &elided), "l2\nl3");
	ck_assert_uint_eq(elided, 1);
	/* empty lines are lines */
	ck_assert_str_eq(bl_log_tail("a\n\n\nb\n", 2, &elided), "\nb\n");
	ck_assert_uint_eq(elided, 2);
	ck_assert_str_eq(bl_log_tail(rejected_log, 4, NULL),
			 strstr(rejected_log, "R0 invalid mem access"));
	ck_assert_ptr_null(bl_log_tail(NULL, 3, &elided));
	ck_assert_uint_eq(elided, 0);
	ck_assert_str_eq(bl_log_tail("", 3, &elided), "");
	ck_assert_uint_eq(elided, 0);
}
END_TEST

/* A big log: the tail is the same however the lines are counted. */
START_TEST(tail_big)
{
	enum { N = 100000 };
	char *log = malloc(N * 8 + 1), *p = log;
	size_t elided;
	const char *t;

	ck_assert_ptr_nonnull(log);
	for (int i = 0; i < N; i++)
		p += sprintf(p, "%06d\n", i);
	t = bl_log_tail(log, 20, &elided);
	ck_assert_uint_eq(elided, N - 20);
	ck_assert_int_eq(strncmp(t, "099980\n", 7), 0);
	ck_assert_uint_eq(bl_log_lines(t), 20);
	free(log);
}
END_TEST

TCase *tcase_verifier_log(void)
{
	TCase *tc = tcase_create("verifier_log");

	tcase_add_test(tc, stats_level4);
	tcase_add_test(tc, stats_subprogs_and_level1);
	tcase_add_test(tc, stats_edges);
	tcase_add_test(tc, line_count);
	tcase_add_test(tc, tail);
	tcase_add_test(tc, tail_big);
	return tc;
}
