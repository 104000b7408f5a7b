/* tests/unit/test_disasm.c — loader/verifier/disasm.c (the verifier log's syntax,
 * kernel/bpf/disasm.c) and loader/verifier/log_annotate.c (source lines from
 * line_info, Documentation/bpf/btf.rst). The expected strings are taken
 * from real verifier logs (test_reject.bpf.o's on Linux 6.18) and from
 * `bpftool prog dump xlated`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader/verifier/disasm.h"
#include "loader/verifier/log_annotate.h"
#include "unit.h"

#define I(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

static void expect(struct bpf_insn in, const char *want)
{
	char buf[128];

	ck_assert_uint_eq(bl_disasm_insn(&in, 1, NULL, buf, sizeof(buf)), 1);
	ck_assert_str_eq(buf, want);
}

START_TEST(alu64)
{
	expect(I(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 0), "r1 = 0");
	expect(I(BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0), "r2 = r10");
	expect(I(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -4), "r2 += -4");
	expect(I(BPF_ALU64 | BPF_SUB | BPF_X, 3, 4, 0, 0), "r3 -= r4");
	expect(I(BPF_ALU64 | BPF_MUL | BPF_K, 3, 0, 0, 7), "r3 *= 7");
	expect(I(BPF_ALU64 | BPF_DIV | BPF_X, 3, 4, 0, 0), "r3 /= r4");
	expect(I(BPF_ALU64 | BPF_DIV | BPF_X, 3, 4, 1, 0), "r3 s/= r4");
	expect(I(BPF_ALU64 | BPF_MOD | BPF_K, 3, 0, 1, 3), "r3 s%= 3");
	expect(I(BPF_ALU64 | BPF_MOD | BPF_K, 3, 0, 0, 3), "r3 %= 3");
	expect(I(BPF_ALU64 | BPF_OR | BPF_K, 1, 0, 0, 1), "r1 |= 1");
	expect(I(BPF_ALU64 | BPF_AND | BPF_K, 1, 0, 0, 255), "r1 &= 255");
	expect(I(BPF_ALU64 | BPF_LSH | BPF_K, 2, 0, 0, 32), "r2 <<= 32");
	expect(I(BPF_ALU64 | BPF_RSH | BPF_K, 0, 0, 0, 32), "r0 >>= 32");
	expect(I(BPF_ALU64 | BPF_ARSH | BPF_K, 2, 0, 0, 32), "r2 s>>= 32");
	expect(I(BPF_ALU64 | BPF_XOR | BPF_X, 5, 5, 0, 0), "r5 ^= r5");
	expect(I(BPF_ALU64 | BPF_NEG | BPF_K, 6, 0, 0, 0), "r6 = -r6");
	expect(I(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 8, 0), "r1 = (s8)r2");
	expect(I(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 32, 0), "r1 = (s32)r2");
	expect(I(BPF_ALU64 | BPF_END | BPF_K, 1, 0, 0, 64), "r1 = bswap64 r1");
}
END_TEST

START_TEST(alu32)
{
	expect(I(BPF_ALU | BPF_MOV | BPF_K, 0, 0, 0, 1), "w0 = 1");
	expect(I(BPF_ALU | BPF_ADD | BPF_X, 1, 2, 0, 0), "w1 += w2");
	expect(I(BPF_ALU | BPF_NEG | BPF_K, 0, 0, 0, 0), "w0 = -w0");
	expect(I(BPF_ALU | BPF_MOV | BPF_X, 1, 2, 16, 0), "w1 = (s16)w2");
	expect(I(BPF_ALU | BPF_END | BPF_TO_BE, 1, 0, 0, 16), "r1 = be16 r1");
	expect(I(BPF_ALU | BPF_END | BPF_TO_LE, 1, 0, 0, 32), "r1 = le32 r1");
	expect(I(BPF_ALU | BPF_RSH | BPF_K, 3, 0, 0, 4), "w3 >>= 4");
}
END_TEST

START_TEST(memory)
{
	expect(I(BPF_LDX | BPF_MEM | BPF_DW, 1, 10, -8, 0), "r1 = *(u64 *)(r10 -8)");
	expect(I(BPF_LDX | BPF_MEM | BPF_B, 1, 1, 0, 0), "r1 = *(u8 *)(r1 +0)");
	expect(I(BPF_LDX | 0x80 | BPF_H, 1, 2, 6, 0), "r1 = *(s16 *)(r2 +6)");
	expect(I(BPF_STX | BPF_MEM | BPF_W, 10, 1, -4, 0), "*(u32 *)(r10 -4) = r1");
	expect(I(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -16, 7), "*(u64 *)(r10 -16) = 7");
	expect(I(BPF_LD | BPF_ABS | BPF_H, 0, 0, 0, 12), "r0 = *(u16 *)skb[12]");
	expect(I(BPF_LD | BPF_IND | BPF_B, 0, 3, 0, 1), "r0 = *(u8 *)skb[r3 + 1]");
}
END_TEST

START_TEST(atomics)
{
	expect(I(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_ADD), "lock *(u64 *)(r0 +0) += r1");
	expect(I(BPF_STX | BPF_ATOMIC | BPF_W, 2, 1, 4, BPF_OR), "lock *(u32 *)(r2 +4) |= r1");
	expect(I(BPF_STX | BPF_ATOMIC | BPF_DW, 2, 1, 8, BPF_ADD | BPF_FETCH),
	       "r1 = atomic64_fetch_add((u64 *)(r2 +8), r1)");
	expect(I(BPF_STX | BPF_ATOMIC | BPF_W, 2, 1, 0, BPF_XOR | BPF_FETCH),
	       "r1 = atomic_fetch_xor((u32 *)(r2 +0), r1)");
	expect(I(BPF_STX | BPF_ATOMIC | BPF_DW, 2, 3, 0, BPF_XCHG),
	       "r3 = atomic64_xchg((u64 *)(r2 +0), r3)");
	expect(I(BPF_STX | BPF_ATOMIC | BPF_W, 2, 3, 0, BPF_CMPXCHG),
	       "r0 = atomic_cmpxchg((u32 *)(r2 +0), r0, r3)");
}
END_TEST

START_TEST(jumps)
{
	expect(I(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2, 0), "if r0 == 0x0 goto pc+2");
	expect(I(BPF_JMP | BPF_JNE | BPF_X, 2, 0, 60, 0), "if r2 != r0 goto pc+60");
	expect(I(BPF_JMP | BPF_JGT | BPF_X, 1, 2, 7, 0), "if r1 > r2 goto pc+7");
	expect(I(BPF_JMP | BPF_JSLE | BPF_K, 1, 0, -3, -1), "if r1 s<= 0xffffffff goto pc-3");
	expect(I(BPF_JMP | BPF_JSET | BPF_K, 1, 0, 1, 8), "if r1 & 0x8 goto pc+1");
	expect(I(BPF_JMP32 | BPF_JSLT | BPF_K, 1, 0, -3, 5), "if w1 s< 0x5 goto pc-3");
	expect(I(BPF_JMP32 | BPF_JGE | BPF_X, 1, 2, 4, 0), "if w1 >= w2 goto pc+4");
	expect(I(BPF_JMP | BPF_JA, 0, 0, -1, 0), "goto pc-1");
	expect(I(BPF_JMP32 | BPF_JA, 0, 0, 0, 100), "gotol pc+100");
	expect(I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0), "exit");
	expect(I(BPF_JMP | BPF_CALL, 0, 0, 0, 1), "call bpf_map_lookup_elem#1");
	expect(I(BPF_JMP | BPF_CALL, 0, 0, 0, 14), "call bpf_get_current_pid_tgid#14");
	expect(I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 5), "call pc+5");
	expect(I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, -9), "call pc-9");
	expect(I(BPF_JMP | BPF_CALL, 0, 0, 0, 1000000), "call unknown#1000000");
}
END_TEST

START_TEST(ld_imm64_and_invalid)
{
	struct bpf_insn two[2] = { I(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 2),
				   I(0, 0, 0, 0, 1) };
	struct bpf_insn bad[] = { I(0xe4, 0, 0, 0, 0), I(0xf5, 0, 0, 0, 0),
				  I(BPF_LDX | BPF_IMM | BPF_W, 0, 0, 0, 0),
				  I(BPF_STX | BPF_ATOMIC | BPF_W, 0, 0, 0, 0x42) };
	char buf[128];

	ck_assert_uint_eq(bl_disasm_insn(two, 2, NULL, buf, sizeof(buf)), 2);
	ck_assert_str_eq(buf, "r1 = 0x100000002");
	ck_assert_uint_eq(bl_disasm_line(two, 2, "map[counts]", buf, sizeof(buf)), 2);
	ck_assert_str_eq(buf, "(18) r1 = map[counts]");
	/* the second half missing */
	ck_assert_uint_eq(bl_disasm_insn(two, 1, NULL, buf, sizeof(buf)), 1);
	ck_assert_str_eq(buf, "invalid");
	bl_disasm_line(&bad[0], 1, NULL, buf, sizeof(buf));
	ck_assert_str_eq(buf, "(e4) invalid");
	bl_disasm_line(&bad[1], 1, NULL, buf, sizeof(buf));
	ck_assert_str_eq(buf, "(f5) invalid");
	bl_disasm_line(&bad[2], 1, NULL, buf, sizeof(buf));
	ck_assert_str_eq(buf, "(01) invalid");
	bl_disasm_line(&bad[3], 1, NULL, buf, sizeof(buf));
	ck_assert_str_eq(buf, "(c3) invalid");
	ck_assert_str_eq(bl_disasm_helper_name(1), "bpf_map_lookup_elem");
	ck_assert_str_eq(bl_disasm_helper_name(6), "bpf_trace_printk");
	ck_assert_ptr_null(bl_disasm_helper_name(0));
	ck_assert_ptr_null(bl_disasm_helper_name(-1));
	ck_assert_ptr_null(bl_disasm_helper_name(1 << 20));
}
END_TEST

/* The kernel's log of test_reject.bpf.o's `bad`, Linux 6.18, log_level 1,
 * its "; ..." source lines and register states left out. */
static const char bad_log[] =
	"arg#0 reference type('UNKNOWN ') size cannot be determined: -22\n"
	"0: R1=ctx() R10=fp0\n"
	"0: (b7) r1 = 0                        ; R1=0\n"
	"1: (63) *(u32 *)(r10 -4) = r1         ; R1=0 R10=fp0 fp-8=0000????\n"
	"2: (bf) r2 = r10                      ; R2=fp0 R10=fp0\n"
	"3: (07) r2 += -4                      ; R2=fp-4\n"
	"4: (18) r1 = 0xffff8881a7fc9400       ; R1=map_ptr(map=values,ks=4,vs=8)\n"
	"6: (85) call bpf_map_lookup_elem#1    ; R0=map_value_or_null(id=1,map=values,ks=4,vs=8)\n"
	"7: (79) r0 = *(u64 *)(r0 +0)\n"
	"R0 invalid mem access 'map_value_or_null'\n"
	"processed 7 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n";

/* Each instruction of `bad` as the verifier printed it. */
START_TEST(real_log)
{
	char *path = ut_prog_path("test_reject");
	const struct bl_prog_spec *p;
	struct bl_object_spec *obj;
	char buf[128], name[64], want[128];

	if (!ut_have(path, "real_log")) {
		free(path);
		return;
	}
	obj = ut_read_ok(path);
	p = bl_object_spec_find_prog(obj, "bad");
	ck_assert_ptr_nonnull(p);
	for (size_t i = 0, n; i <= 7; i += n) { /* the log stops at 7 */
		const char *line = bad_log, *end;
		int k = snprintf(want, sizeof(want), "\n%zu: (", i);

		n = bl_disasm_line(p->insns + i, p->insn_cnt - i, NULL, buf, sizeof(buf));
		line = strstr(line, want);
		ck_assert_msg(line != NULL, "instruction %zu not in the log", i);
		line += k - 1;
		end = strstr(line, "  ");
		if (!end)
			end = strchr(line, '\n');
		snprintf(want, sizeof(want), "%.*s", (int)(end - line), line);
		if (p->insns[i].code == (BPF_LD | BPF_IMM | BPF_DW))
			ck_assert_str_eq(buf, "(18) r1 = 0x0"); /* the map's address, in the log */
		else
			ck_assert_str_eq(buf, want);
	}
	ck_assert_str_eq(bl_disasm_reloc_name(obj, p, 4, name, sizeof(name)), "map[values]");
	ck_assert_ptr_null(bl_disasm_reloc_name(obj, p, 3, name, sizeof(name)));
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

START_TEST(globals_names)
{
	char *path = ut_prog_path("test_globals");
	const struct bl_prog_spec *p;
	struct bl_object_spec *obj;
	char name[64];
	size_t found = 0;

	if (!ut_have(path, "globals_names")) {
		free(path);
		return;
	}
	obj = ut_read_ok(path);
	p = bl_object_spec_find_prog(obj, "count_getppid");
	ck_assert_ptr_nonnull(p);
	for (size_t i = 0; i < p->insn_cnt; i++) {
		const char *s = bl_disasm_reloc_name(obj, p, i, name, sizeof(name));

		found += s && !strcmp(s, "map[.bss]+0 (var calls)");
		found += s && !strcmp(s, "map[.rodata]+0 (var target_pid)");
	}
	ck_assert_uint_eq(found, 2);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

static const struct bl_src_line canned[] = {
	{ 0, 17, 0, "bpf-progs/test_reject.bpf.c", "int bad(void *ctx)" },
	{ 1, 19, 8, "bpf-progs/test_reject.bpf.c", "\t__u32 key = 0;" },
	{ 3, 0, 0, "bpf-progs/test_reject.bpf.c", "" },
	{ 4, 23, 6, "bpf-progs/test_reject.bpf.c", "\tv = bpf_map_lookup_elem(&values, &key);" },
	{ 7, 24, 9, "bpf-progs/test_reject.bpf.c", "\treturn *v;" },
};

START_TEST(annotate_canned)
{
	char *out = bl_log_annotate(bad_log, canned, 5);
	const char *at7, *src;

	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(strstr(out, "0: R1=ctx() R10=fp0\n; int bad(void *ctx) @ test_reject.bpf.c:17\n0: (b7)"));
	ck_assert_ptr_nonnull(strstr(out, "; __u32 key = 0; @ test_reject.bpf.c:19\n1: (63)"));
	/* a line-0 record: no comment, instruction 3 stays with line 19 */
	ck_assert_ptr_nonnull(strstr(out, "R10=fp0\n3: (07)"));
	ck_assert_ptr_nonnull(strstr(out, "; v = bpf_map_lookup_elem(&values, &key); @ test_reject.bpf.c:23\n4: (18)"));
	/* once per line: nothing between 4 and 6 */
	ck_assert_ptr_nonnull(strstr(out, "vs=8)\n6: (85)"));
	at7 = strstr(out, "\n7: (79)");
	src = strstr(out, "; return *v; @ test_reject.bpf.c:24\n");
	ck_assert_ptr_nonnull(at7);
	ck_assert_ptr_nonnull(src);
	ck_assert_ptr_eq(src + strlen("; return *v; @ test_reject.bpf.c:24"), at7);
	ck_assert_ptr_nonnull(strstr(out, "processed 7 insns"));
	free(out);

	/* no records: the log as it is */
	out = bl_log_annotate(bad_log, NULL, 0);
	ck_assert_str_eq(out, bad_log);
	free(out);
	/* the kernel's own source lines give way to ours: no duplicates */
	out = bl_log_annotate("; return *v; @ test_reject.bpf.c:24\n;  @ test_reject.bpf.c:0\n7: (79) r0 = *(u64 *)(r0 +0)\n",
			      canned, 5);
	ck_assert_str_eq(out, "; return *v; @ test_reject.bpf.c:24\n7: (79) r0 = *(u64 *)(r0 +0)\n");
	free(out);
}
END_TEST

/* A record without text: the line read from the file. */
START_TEST(annotate_reads_file)
{
	char path[] = "/tmp/bl_annotate_XXXXXX";
	int fd = mkstemp(path);
	struct bl_src_line l = { 0, 2, 0, path, "" };
	char *out, want[256];

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "first\n   second line\nthird\n", 28), 28);
	close(fd);
	out = bl_log_annotate("0: (95) exit\n", &l, 1);
	snprintf(want, sizeof(want), "; second line @ %s:2\n0: (95) exit\n", strrchr(path, '/') + 1);
	ck_assert_str_eq(out, want);
	free(out);
	unlink(path);
}
END_TEST

/* The object's own line_info for `bad` (its section holds only `bad`, so
 * byte offset / 8 is the instruction index bpfload loads). */
START_TEST(annotate_object)
{
	char *path = ut_prog_path("test_reject");
	const struct bl_btf_ext_sec *sec;
	struct bpf_line_info *li;
	struct bl_src_line *lines;
	struct bl_object_spec *obj;
	const char *src, *at7;
	char *out;

	if (!ut_have(path, "annotate_object")) {
		free(path);
		return;
	}
	obj = ut_read_ok(path);
	sec = bl_btf_ext_find(&obj->btf_ext->line_info, "tracepoint/syscalls/sys_enter_getppid");
	ck_assert_ptr_nonnull(sec);
	li = calloc(sec->cnt, sizeof(*li));
	for (uint32_t i = 0; i < sec->cnt; i++) {
		li[i] = sec->line_info[i];
		li[i].insn_off /= 8;
	}
	lines = bl_src_lines(li, sec->cnt, obj->btf);
	ck_assert_ptr_nonnull(lines);
	out = bl_log_annotate(bad_log, lines, sec->cnt);
	at7 = strstr(out, "\n7: (79)");
	src = strstr(out, "; return *v;");
	ck_assert_ptr_nonnull(src);
	ck_assert_ptr_nonnull(at7);
	ck_assert_ptr_eq(strchr(src, '\n'), at7);
	ck_assert_ptr_nonnull(strstr(src, " @ test_reject.bpf.c:24"));
	free(out);
	free(lines);
	free(li);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

Suite *suite_disasm(void)
{
	Suite *s = suite_create("disasm");
	TCase *tc = tcase_create("disasm");

	tcase_add_test(tc, alu64);
	tcase_add_test(tc, alu32);
	tcase_add_test(tc, memory);
	tcase_add_test(tc, atomics);
	tcase_add_test(tc, jumps);
	tcase_add_test(tc, ld_imm64_and_invalid);
	tcase_add_test(tc, real_log);
	tcase_add_test(tc, globals_names);
	suite_add_tcase(s, tc);
	tc = tcase_create("log_annotate");
	tcase_add_test(tc, annotate_canned);
	tcase_add_test(tc, annotate_reads_file);
	tcase_add_test(tc, annotate_object);
	suite_add_tcase(s, tc);
	return s;
}
