/* tests/unit/test_classify.c — loader/verifier/verifier_classify.c on the ends of
 * real verifier logs (kernel 6.18, from asm-tests/reject_*.s), and on the
 * statistics lines. */
#include <errno.h>
#include <string.h>

#include <linux/bpf.h>

#include "arch/arch.h"
#include "loader/verifier/verifier_classify.h"
#include "unit.h"

struct canned {
	const char *log;
	int prog_type;
	const char *id;
	const char *message;	/* the error line found */
	const char *detail;	/* must be in e.detail, or NULL */
};

#define TP BPF_PROG_TYPE_TRACEPOINT
#define STATS "processed 2 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n"

static const struct canned logs[] = {
	{ "0: R1=ctx() R10=fp0\n0: (bf) r0 = r2\nR2 !read_ok\n" STATS, TP, "uninit-reg", "R2 !read_ok", NULL },
	{ "7: (85) call bpf_map_lookup_elem#1     ; R0=map_value_or_null(id=1,map=counts,ks=4,vs=8)\n"
	  "8: (b7) r1 = 1                        ; R1=1\n"
	  "9: (db) r1 = atomic64_fetch_add((u64 *)(r0 +0), r1)\n"
	  "R0 invalid mem access 'map_value_or_null'\n" STATS, TP, "null-deref",
	  "R0 invalid mem access 'map_value_or_null'", NULL },
	{ "9: (7b) *(u64 *)(r0 +8) = r1\ninvalid access to map value, value_size=8 off=8 size=8\n"
	  "R0 min value is outside of the allowed memory range\n" STATS, TP, "invalid-mem-access",
	  "invalid access to map value, value_size=8 off=8 size=8", NULL },
	{ "10: (0f) r6 += r0\nmath between map_value pointer and register with unbounded min value is not allowed\n" STATS,
	  TP, "unbounded-access", NULL, NULL },
	{ "13: (0f) r6 += r0\nvalue -2147483648 makes map_value pointer be out of bounds\n" STATS, TP,
	  "unbounded-access", NULL, NULL },
	{ "1: (7b) *(u64 *)(r10 -520) = r1\ninvalid write to stack R10 off=-520 size=8\n" STATS, TP,
	  "stack-out-of-bounds", NULL, NULL },
	{ "0: (79) r0 = *(u64 *)(r10 +8)\ninvalid read from stack R10 off=8 size=8\n" STATS, TP,
	  "stack-out-of-bounds", NULL, NULL },
	/* Without CAP_PERFMON (not reachable as root, which may read it). */
	{ "0: (79) r0 = *(u64 *)(r10 -8)\ninvalid read from stack off -8+0 size 8\n" STATS, TP,
	  "uninit-stack", NULL, NULL },
	{ "9: (95) exit\nUnreleased reference id=2 alloc_insn=4\n"
	  "BPF_EXIT instruction in main prog would lead to reference leak\n" STATS, TP, "unreleased-ref",
	  "Unreleased reference id=2 alloc_insn=4", NULL },
	{ "0: (85) call unknown#999\ninvalid func unknown#999\n" STATS, TP, "unknown-helper", NULL,
	  "no helper has id 999" },
	{ "0: (85) call unknown#181\ninvalid func unknown#181\n" STATS, TP, "unknown-helper", NULL,
	  "bpf_loop" },
	{ "5: (85) call bpf_skb_load_bytes#26\nprogram of this type cannot use helper bpf_skb_load_bytes#26\n" STATS,
	  TP, "helper-not-allowed", NULL, NULL },
	{ "5: (85) call bpf_trace_printk#6\ncannot call GPL-restricted function from non-GPL compatible program\n" STATS,
	  TP, "gpl-only", NULL, NULL },
	{ "1: (05) goto pc-1\ninfinite loop detected at insn 1\ncur state: R0=0 R1=ctx() R10=fp0\n"
	  "old state: R0=0 R1=ctx() R10=fp0\n" STATS, TP, "infinite-loop", "infinite loop detected at insn 1", NULL },
	{ "back-edge from insn 2 to 0\n" STATS, TP, "infinite-loop", NULL, NULL },
	{ "3: (a5) if r1 < 0x989680 goto pc-2    ; R1=0x7a11f\nBPF program is too large. Processed 1000001 insn\n"
	  "processed 1000001 insns (limit 1000000) max_states_per_insn 4 total_states 25001 peak_states 25001 mark_read 0\n",
	  TP, "too-large", NULL, NULL },
	{ "The sequence of 8193 jumps is too complex.\n" STATS, TP, "complexity", NULL, NULL },
	{ "1: (7b) *(u64 *)(r1 +112) = r2\ninvalid bpf_context access off=112 size=8\n" STATS,
	  BPF_PROG_TYPE_KPROBE, "ctx-access", NULL, "off=112 is pt_regs->di, argument 1" },
	{ "0: (79) r0 = *(u64 *)(r1 +8192)\ninvalid bpf_context access off=8192 size=8\n" STATS, TP,
	  "ctx-access", NULL, NULL },
	{ "1: (79) r0 = *(u64 *)(r1 +0)\ndereference of modified ctx ptr R1 off=8 disallowed\n" STATS,
	  BPF_PROG_TYPE_KPROBE, "ctx-modified", NULL, NULL },
	{ "unreachable insn 2\n" STATS, TP, "unreachable", "unreachable insn 2", NULL },
	{ "1: (7b) *(u64 *)(r10 -12) = r1\nmisaligned stack access off 0+0+-12 size 8\n" STATS, TP,
	  "misaligned", NULL, NULL },
	{ "0: (85) call unknown#195896080\ninvalid func unknown#195896080\n" STATS, TP, "core-poison", NULL,
	  NULL },
	{ "1: (85) call unknown#2002000004\ninvalid func unknown#2002000004\n" STATS, TP, "kfunc-poison",
	  NULL, NULL },
	{ "3: (7b) *(u64 *)(r1 +0) = r2\nwrite into map forbidden, value_size=8 off=0 size=8\n" STATS, TP,
	  "readonly-map", NULL, NULL },
	{ "2: (07) r1 += 8\nR1 pointer arithmetic on map_ptr prohibited\n" STATS, TP, "pointer-arithmetic",
	  NULL, NULL },
	{ "1: (27) r1 *= 2\nR1 pointer arithmetic with *= operator prohibited\n" STATS, TP,
	  "pointer-arithmetic", NULL, NULL },
	{ "jump out of range from insn 1 to 12\n" STATS, TP, "jump-out-of-range", NULL, NULL },
	{ "unknown opcode ff\n" STATS, TP, "unknown-opcode", NULL, NULL },
	{ "unknown opcode 8d\n" STATS, TP, "built-O0", NULL, NULL },
	{ "last insn is not an exit or jmp\n" STATS, TP, "no-exit", NULL, NULL },
	{ "3: (85) call bpf_map_lookup_elem#1\nR1 type=scalar expected=map_ptr\n" STATS, TP, "type-mismatch",
	  NULL, NULL },
	{ "1: (79) r0 = *(u64 *)(r1 +0)\nR1 invalid mem access 'scalar'\n" STATS, TP, "scalar-deref", NULL,
	  NULL },
	{ "1: (71) r0 = *(u8 *)(r2 +0)\ninvalid access to packet, off=0 size=1, R2(id=0,off=0,r=0)\n"
	  "R2 offset is outside of the packet\n" STATS, BPF_PROG_TYPE_XDP, "packet-access", NULL, NULL },
	{ "1: (95) exit\nAt program exit the register R0 has smin=7 smax=7 should have been in [0, 1]\n" STATS,
	  BPF_PROG_TYPE_CGROUP_SKB, "return-value", NULL, NULL },
	{ "missing btf func_info\nverification time 5 usec\nstack depth 0\n" STATS, TP, "func-info",
	  "missing btf func_info", NULL },
};

START_TEST(canned_log)
{
	const struct canned *c = &logs[_i];
	struct bl_verifier_error e;

	ck_assert_int_eq(bl_verifier_classify(c->log, c->prog_type, &bl_arch_x86_64, &e), 0);
	ck_assert_msg(!strcmp(e.id, c->id), "log %d: class %s, expected %s (message \"%s\")", _i, e.id,
		      c->id, e.message);
	ck_assert(e.title && *e.title && e.hint && *e.hint);
	if (c->message)
		ck_assert_str_eq(e.message, c->message);
	if (c->detail)
		ck_assert_msg(strstr(e.detail, c->detail), "log %d: detail \"%s\" lacks \"%s\"", _i,
			      e.detail, c->detail);
}
END_TEST

START_TEST(unknown_and_empty)
{
	struct bl_verifier_error e;

	ck_assert_int_eq(bl_verifier_classify("0: (b7) r0 = 0\nsomething new\n" STATS, TP, NULL, &e),
			 -ENOENT);
	ck_assert_str_eq(e.id, "unknown");
	ck_assert_str_eq(e.message, "something new");
	ck_assert_int_eq(bl_verifier_classify(NULL, TP, NULL, &e), -ENOENT);
	ck_assert_int_eq(bl_verifier_classify("", TP, NULL, &e), -ENOENT);
	/* Only a kprobe's context is pt_regs. */
	bl_verifier_classify("invalid bpf_context access off=112 size=8\n", TP, &bl_arch_x86_64, &e);
	ck_assert_str_eq(e.detail, "");
	bl_verifier_classify("invalid bpf_context access off=0 size=8\n", BPF_PROG_TYPE_KPROBE,
			     &bl_arch_arm64, &e);
	ck_assert_msg(strstr(e.detail, "x0"), "%s", e.detail);
}
END_TEST

START_TEST(stats)
{
	struct bl_verifier_stats s;

	ck_assert_int_eq(bl_verifier_stats("0: (b7) r0 = 0\nverification time 17 usec\nstack depth 8+16\n"
					   "processed 12 insns (limit 1000000) max_states_per_insn 2 total_states 5 peak_states 4 mark_read 1\n",
					   &s), 0);
	ck_assert_int_eq(s.insns_processed, 12);
	ck_assert_int_eq(s.max_states_per_insn, 2);
	ck_assert_int_eq(s.total_states, 5);
	ck_assert_int_eq(s.peak_states, 4);
	ck_assert_int_eq(s.verify_usec, 17);
	ck_assert_str_eq(s.stack_depth, "8+16");
	ck_assert_int_eq(bl_verifier_stats("nothing\n", &s), -ENOENT);
	ck_assert_int_eq(s.insns_processed, -1);
	ck_assert_int_eq(s.verify_usec, -1);
}
END_TEST

Suite *suite_classify(void)
{
	Suite *s = suite_create("verifier_classify");
	TCase *tc = tcase_create("classes");

	tcase_add_loop_test(tc, canned_log, 0, (int)(sizeof(logs) / sizeof(logs[0])));
	tcase_add_test(tc, unknown_and_empty);
	tcase_add_test(tc, stats);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, tcase_verifier_log());
	return s;
}
