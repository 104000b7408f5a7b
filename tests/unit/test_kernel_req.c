/* tests/unit/test_kernel_req.c — the lowest Linux version of each object
 * of the tree (elf/kernel_req/), and the reasons the analysis gives.
 *
 * The table below is the prediction for every bpf-progs/, compat and
 * asm-tests object: a change in the analysis, the tables of versions or
 * an object shows here. Instruction encodings are checked on programs
 * made in memory. docs/kernel-versions.md says where each version comes
 * from.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "elf/kernel_req/kernel_req.h"
#include "unit.h"

#define KV BL_KV

static const struct {
	const char *path;	/* under $BL_BUILD_DIR */
	uint32_t version;
} predicted[] = {
	{ "bpf-progs/bashreadline.bpf.o", KV(5, 5) },
	{ "bpf-progs/bench_buffers.bpf.o", KV(5, 8) },
	{ "bpf-progs/bench_multi.bpf.o", KV(4, 15) },
	{ "bpf-progs/bench_overhead.bpf.o", KV(5, 5) },
	{ "bpf-progs/exec_core_raw.bpf.o", KV(5, 5) },	/* probe_read_kernel_str */
	{ "bpf-progs/exec_ringbuf.bpf.o", KV(5, 8) },
	{ "bpf-progs/exec_ringbuf_local.bpf.o", KV(5, 8) },
	{ "bpf-progs/fchmodat_raw.bpf.o", KV(5, 5) },
	{ "bpf-progs/fchmodat_trace.bpf.o", KV(5, 5) },
	{ "bpf-progs/kfree_skb_count.bpf.o", KV(4, 15) },
	{ "bpf-progs/latency_hist.bpf.o", KV(4, 15) },
	{ "bpf-progs/open_perfbuf.bpf.o", KV(5, 5) },
	{ "bpf-progs/soak_ringbuf.bpf.o", KV(5, 12) },
	{ "bpf-progs/syscall_count.bpf.o", KV(4, 17) },
	{ "bpf-progs/test_alt_kprobe.bpf.o", KV(5, 2) },
	{ "bpf-progs/test_alt_reject.bpf.o", KV(4, 15) },
	{ "bpf-progs/test_alternatives.bpf.o", KV(5, 2) },
	{ "bpf-progs/test_btf.bpf.o", KV(4, 15) },
	{ "bpf-progs/test_btf_maps.bpf.o", KV(5, 16) },
	{ "bpf-progs/test_buffers.bpf.o", KV(5, 12) },
	{ "bpf-progs/test_core.bpf.o", KV(5, 5) },
	{ "bpf-progs/test_core_poison.bpf.o", KV(5, 5) },
	{ "bpf-progs/test_dump.bpf.o", KV(5, 2) },
	{ "bpf-progs/test_fentry.bpf.o", KV(5, 7) },
	{ "bpf-progs/test_fentry_module.bpf.o", KV(5, 5) },
	{ "bpf-progs/test_freplace.bpf.o", KV(5, 6) },
	{ "bpf-progs/test_freplace_target.bpf.o", KV(5, 2) },
	{ "bpf-progs/test_globals.bpf.o", KV(5, 2) },
	{ "bpf-progs/test_hist.bpf.o", KV(5, 12) },
	{ "bpf-progs/test_iproute2_maps.bpf.o", KV(4, 15) },
	{ "bpf-progs/test_iter.bpf.o", KV(5, 8) },
	{ "bpf-progs/test_kfunc.bpf.o", KV(5, 14) },
	{ "bpf-progs/test_kprobe.bpf.o", KV(4, 15) },
	{ "bpf-progs/test_kprobe_multi.bpf.o", KV(5, 15) },	/* bpf_get_attach_cookie */
	{ "bpf-progs/test_multi.bpf.o", KV(5, 15) },
	{ "bpf-progs/test_multi_bad.bpf.o", KV(4, 15) },
	{ "bpf-progs/test_kprobe_args.bpf.o", KV(5, 5) },
	{ "bpf-progs/test_ksyms.bpf.o", KV(5, 10) },	/* typed ksyms; the weak kfunc and variable are notes */
	{ "bpf-progs/test_lsm.bpf.o", KV(5, 7) },
	{ "bpf-progs/test_map_defaults.bpf.o", KV(4, 17) },
	{ "bpf-progs/test_maps.bpf.o", KV(4, 17) },
	{ "bpf-progs/test_maps_only.bpf.o", KV(4, 15) },
	{ "bpf-progs/test_pid_filter.bpf.o", KV(5, 2) },
	{ "bpf-progs/test_pt_regs.bpf.o", KV(5, 5) },
	{ "bpf-progs/test_reject.bpf.o", KV(4, 17) },
	{ "bpf-progs/test_subprog.bpf.o", KV(5, 17) },
	{ "bpf-progs/test_syscall_regs.bpf.o", KV(5, 5) },
	{ "bpf-progs/test_teardown.bpf.o", KV(4, 15) },
	{ "bpf-progs/test_tp_btf.bpf.o", KV(5, 5) },
	{ "bpf-progs/test_too_complex.bpf.o", KV(5, 3) },
	{ "bpf-progs/test_two_in_one.bpf.o", KV(4, 15) },
	{ "bpf-progs/test_uprobe.bpf.o", KV(4, 15) },
	{ "bpf-progs/unlink_core.bpf.o", KV(5, 5) },	/* probe_read_kernel_str */
	{ "bpf-progs/unlink_trace.bpf.o", KV(5, 5) },
	{ "bpf-progs/uprobe_trace.bpf.o", KV(4, 15) },
	{ "bpf-progs/usdt_trace.bpf.o", KV(5, 5) },	/* probe_read_user; the cookie call is under LINUX_HAS_BPF_COOKIE */
	{ "bpf-progs/usdt_python.bpf.o", KV(5, 5) },
	{ "bpf-progs/test_usdt_nomaps.bpf.o", KV(4, 15) },
	{ "bpf-progs/compat/bench_core.bpf.o", KV(5, 8) },
	{ "bpf-progs/compat/bench_nocore.bpf.o", KV(5, 8) },
	{ "bpf-progs/compat/opensnoop_compat.bpf.o", KV(5, 8) },
	{ "bpf-progs/compat/test_btf_maps_libbpf.bpf.o", KV(5, 16) },
	{ "bpf-progs/compat/test_kconfig.bpf.o", KV(5, 2) },
	{ "bpf-progs/compat/usdt_args.bpf.o", KV(5, 5) },	/* usdt.bpf.h: the cookie call under LINUX_HAS_BPF_COOKIE */
	{ "asm-tests/attach_missing_tp.o", KV(4, 15) },
	{ "asm-tests/attach_syscall_event_raw_tp.o", KV(4, 17) },
	{ "asm-tests/bounded_loop.o", KV(5, 3) },
	{ "asm-tests/callback_needs_btf.o", KV(5, 17) },
	{ "asm-tests/data_call.o", KV(5, 2) },
	{ "asm-tests/fentry_missing_func.o", KV(5, 5) },
	{ "asm-tests/helper_calls.o", KV(4, 15) },
	{ "asm-tests/kfunc_call.o", KV(5, 14) },
	{ "asm-tests/kfunc_missing.o", KV(5, 13) },
	{ "asm-tests/kprobe_minimal.o", KV(4, 15) },
	{ "asm-tests/kprobe_missing_middle.o", KV(4, 15) },
	{ "asm-tests/kprobe_read_arg.o", KV(4, 15) },
	{ "asm-tests/ksym_percpu.o", KV(5, 10) },
	{ "asm-tests/ld_imm64_forms.o", KV(5, 2) },
	{ "asm-tests/long_log.o", KV(4, 15) },
	{ "asm-tests/map_lookup.o", KV(4, 15) },
	{ "asm-tests/map_value_oob.o", KV(4, 15) },
	{ "asm-tests/maps_long_def.o", KV(4, 15) },
	{ "asm-tests/maps_multi.o", KV(5, 8) },
	{ "asm-tests/no_autoload.o", KV(4, 15) },
	{ "asm-tests/nosym_section.o", KV(4, 15) },
	{ "asm-tests/null_deref.o", KV(4, 15) },
	{ "asm-tests/r0_unset.o", KV(4, 15) },
	{ "asm-tests/raw_tp_args.o", KV(4, 17) },
	{ "asm-tests/reject_callx.o", KV(4, 15) },	/* and callx: unmet */
	{ "asm-tests/reject_core_poison.o", KV(4, 15) },
	{ "asm-tests/reject_ctx_modified.o", KV(4, 15) },
	{ "asm-tests/reject_ctx_oob.o", KV(4, 15) },
	{ "asm-tests/reject_ctx_write.o", KV(4, 15) },
	{ "asm-tests/reject_gpl_only.o", KV(4, 15) },
	{ "asm-tests/reject_helper_prog_type.o", KV(4, 15) },
	{ "asm-tests/reject_infinite_loop.o", KV(5, 3) },
	{ "asm-tests/reject_jump_range.o", KV(4, 15) },
	{ "asm-tests/reject_misaligned_stack.o", KV(4, 15) },
	{ "asm-tests/reject_negative_index.o", KV(4, 15) },
	{ "asm-tests/reject_no_exit.o", KV(4, 15) },
	{ "asm-tests/reject_packet_unchecked.o", KV(4, 17) },
	{ "asm-tests/reject_ptr_arith.o", KV(4, 15) },
	{ "asm-tests/reject_ptr_mul.o", KV(4, 15) },
	{ "asm-tests/reject_return_range.o", KV(4, 15) },
	{ "asm-tests/reject_ringbuf_leak.o", KV(5, 8) },
	{ "asm-tests/reject_rodata_write.o", KV(5, 2) },
	{ "asm-tests/reject_scalar_deref.o", KV(4, 15) },
	{ "asm-tests/reject_stack_above.o", KV(4, 15) },
	{ "asm-tests/reject_stack_oob.o", KV(4, 15) },
	{ "asm-tests/reject_too_large.o", KV(5, 3) },
	{ "asm-tests/reject_type_mismatch.o", KV(4, 15) },
	{ "asm-tests/reject_unbounded_index.o", KV(4, 15) },
	{ "asm-tests/reject_uninit_reg.o", KV(4, 15) },
	{ "asm-tests/reject_unknown_helper.o", KV(4, 15) },
	{ "asm-tests/reject_unknown_opcode.o", KV(4, 15) },
	{ "asm-tests/reject_unreachable.o", KV(4, 15) },
	{ "asm-tests/reject_weak_kfunc.o", KV(4, 15) },	/* its weak kfunc is a note: rejected for the unguarded call */
	{ "asm-tests/ringbuf_submit.o", KV(5, 8) },
	{ "asm-tests/static_call.o", KV(4, 16) },
	{ "asm-tests/tp_minimal.o", KV(4, 15) },
	{ "asm-tests/two_progs.o", KV(4, 15) },
	{ "asm-tests/version_sec.o", KV(4, 15) },
	{ "asm-tests/xdp_packet_checked.o", KV(4, 17) },
};

static char *built(const char *sub)
{
	const char *dir = getenv("BL_BUILD_DIR");
	size_t n;
	char *p;

	if (!dir || !*dir)
		dir = "build";
	n = strlen(dir) + strlen(sub) + 2;
	p = malloc(n);
	ck_assert_ptr_nonnull(p);
	snprintf(p, n, "%s/%s", dir, sub);
	return p;
}

static struct bl_kernel_reqs *reqs_of(const struct bl_object_spec *obj)
{
	struct bl_kernel_reqs *r;
	struct bl_err err;

	ck_assert_msg(bl_kernel_reqs(obj, &r, &err) == 0, "%s", err.msg);
	return r;
}

/* Every object of the table gets its predicted minimum. */
START_TEST(predicted_minimum)
{
	const char *path = predicted[_i].path;
	char *file = built(path);
	struct bl_object_spec *obj;
	struct bl_kernel_reqs *r;
	char got[16], want[16];
	struct stat st;

	/* the compat objects are built by make compat only */
	if (strncmp(path, "bpf-progs/compat/", 17) == 0 && stat(file, &st) != 0) {
		fprintf(stderr, "SKIP predicted_minimum: %s is not built (make compat)\n", file);
		free(file);
		return;
	}
	if (!ut_have(file, "predicted_minimum")) {
		free(file);
		return;
	}
	obj = ut_read_ok(file);
	r = reqs_of(obj);
	ck_assert_msg(r->version == predicted[_i].version, "%s: needs %s, predicted %s", path,
		      bl_kv_str(r->version, got, sizeof(got)),
		      bl_kv_str(predicted[_i].version, want, sizeof(want)));
	bl_kernel_reqs_free(r);
	bl_object_spec_free(obj);
	free(file);
}
END_TEST

static bool in_table(const char *path)
{
	for (size_t i = 0; i < sizeof(predicted) / sizeof(predicted[0]); i++)
		if (!strcmp(predicted[i].path, path))
			return true;
	return false;
}

/* Every source of the tree has a row: a new object needs its prediction. */
START_TEST(every_object_predicted)
{
	static const struct {
		const char *dir, *suffix, *prefix, *objsuffix;
	} dirs[] = {
		{ "bpf-progs", ".bpf.c", "bpf-progs/", ".bpf.o" },
		{ "bpf-progs/compat", ".bpf.c", "bpf-progs/compat/", ".bpf.o" },
		{ "asm-tests", ".s", "asm-tests/", ".o" },
	};
	unsigned seen = 0;

	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		DIR *dir = opendir(dirs[d].dir);
		struct dirent *e;

		ck_assert_msg(dir != NULL, "cannot open %s (run from the source tree)", dirs[d].dir);
		while ((e = readdir(dir))) {
			size_t n = strlen(e->d_name), sl = strlen(dirs[d].suffix);
			char path[512];

			if (n <= sl || strcmp(e->d_name + n - sl, dirs[d].suffix))
				continue;
			snprintf(path, sizeof(path), "%s%.*s%s", dirs[d].prefix, (int)(n - sl),
				 e->d_name, dirs[d].objsuffix);
			ck_assert_msg(in_table(path), "%s has no predicted minimum in %s", path,
				      __FILE__);
			seen++;
		}
		closedir(dir);
	}
	ck_assert_uint_ge(seen, 100);
}
END_TEST

static const struct bl_kreq *prog_req(const struct bl_kernel_reqs *r, const char *name)
{
	for (size_t i = 0; i < r->prog_cnt; i++)
		if (!strcmp(r->progs[i].name, name))
			return &r->progs[i];
	ck_abort_msg("no program %s", name);
	return NULL;
}

static const struct bl_kreq_reason *reason(const struct bl_kreq *q, const char *what)
{
	for (size_t i = 0; i < q->cnt; i++)
		if (strstr(q->reasons[i].what, what))
			return &q->reasons[i];
	return NULL;
}

/* The cases: an atomic fetch-and-add needs 5.12, with its line. */
START_TEST(atomic_fetch_add_needs_5_12)
{
	char *path = ut_prog_path("soak_ringbuf");
	struct bl_object_spec *obj;
	struct bl_kernel_reqs *r;
	const struct bl_kreq_reason *x;

	if (!ut_have(path, "atomic_fetch_add_needs_5_12")) {
		free(path);
		return;
	}
	obj = ut_read_ok(path);
	r = reqs_of(obj);
	x = reason(prog_req(r, "soak_getppid"), "atomic fetch-and-add");
	ck_assert_ptr_nonnull(x);
	ck_assert_uint_eq(x->version, KV(5, 12));
	ck_assert_int_eq(x->kind, BL_KREQ_INSN);
	ck_assert(!x->note);
	ck_assert_int_ge(x->insn, 0);
	ck_assert_str_eq(x->func, "soak_getppid");
	ck_assert_ptr_nonnull(x->file);
	ck_assert_str_eq(x->file, "soak_ringbuf.bpf.c");
	ck_assert_uint_gt(x->line, 0);
	ck_assert_ptr_nonnull(x->source);
	/* sorted: the first reason is the highest */
	ck_assert_uint_eq(prog_req(r, "soak_getppid")->reasons[0].version, KV(5, 12));
	bl_kernel_reqs_free(r);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* bpf_loop needs 5.17; its callback (a function's address) 5.13. */
START_TEST(bpf_loop_needs_5_17)
{
	char *path = ut_prog_path("test_subprog");
	struct bl_object_spec *obj;
	struct bl_kernel_reqs *r;
	const struct bl_kreq *q;
	const struct bl_kreq_reason *x;

	if (!ut_have(path, "bpf_loop_needs_5_17")) {
		free(path);
		return;
	}
	obj = ut_read_ok(path);
	r = reqs_of(obj);
	q = prog_req(r, "call_subprogs");
	ck_assert_uint_eq(q->version, KV(5, 17));
	x = reason(q, "helper bpf_loop (181)");
	ck_assert_ptr_nonnull(x);
	ck_assert_uint_eq(x->version, KV(5, 17));
	ck_assert_uint_gt(x->line, 0);
	x = reason(q, "callback");
	ck_assert_ptr_nonnull(x);
	ck_assert_uint_eq(x->version, KV(5, 13));
	/* the other program reaches no callback: bpf-to-bpf calls and data */
	q = prog_req(r, "call_square");
	ck_assert_uint_lt(q->version, KV(5, 13));
	ck_assert_ptr_nonnull(reason(q, "bpf-to-bpf call"));
	bl_kernel_reqs_free(r);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* Notes (what bpfload works around) never raise the minimum. */
START_TEST(notes_do_not_count)
{
	char *path = ut_prog_path("fchmodat_trace");
	struct bl_object_spec *obj;
	struct bl_kernel_reqs *r;
	const struct bl_kreq_reason *x;

	if (!ut_have(path, "notes_do_not_count")) {
		free(path);
		return;
	}
	obj = ut_read_ok(path);
	r = reqs_of(obj);
	x = reason(prog_req(r, "trace_fchmodat"), "BPF link on a perf event");
	ck_assert_ptr_nonnull(x);
	ck_assert(x->note);
	ck_assert_uint_eq(x->version, KV(5, 15));
	ck_assert_uint_lt(r->version, KV(5, 15));
	bl_kernel_reqs_free(r);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* One program of the given instructions, in an object of its own. */
static uint32_t insns_need(const struct bpf_insn *insns, size_t cnt, const char *what)
{
	static const struct bl_section_def *def;
	struct bl_prog_spec p;
	struct bl_object_spec obj;
	struct bl_kernel_reqs *r;
	const struct bl_kreq_reason *x;
	struct bl_err err;
	uint32_t v;

	def = bl_section_def_find("socket", NULL);
	memset(&p, 0, sizeof(p));
	memset(&obj, 0, sizeof(obj));
	p.name = "p";
	p.section = "socket";
	p.insns = (struct bpf_insn *)insns;
	p.insn_cnt = cnt;
	p.def = def;
	p.autoload = true;
	p.alt_group = -1;
	obj.path = "mem";
	obj.programs = &p;
	obj.program_cnt = 1;
	obj.kconfig_map = -1;
	ck_assert_int_eq(bl_kernel_reqs(&obj, &r, &err), 0);
	x = reason(&r->progs[0], what);
	ck_assert_msg(x != NULL, "no reason \"%s\"", what);
	ck_assert_int_eq(x->insn, 0);
	v = x->version;
	ck_assert_uint_ge(r->version, v);
	ck_assert(r->unmet == (v == 0));
	bl_kernel_reqs_free(r);
	return v;
}

#define INSN(c, d, s, o, i) { .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) }
#define EXIT INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

START_TEST(instruction_encodings)
{
	const struct bpf_insn jmp32[] = { INSN(BPF_JMP32 | BPF_JEQ | BPF_K, 1, 0, 0, 3), EXIT };
	const struct bpf_insn gotol[] = { INSN(BPF_JMP32 | BPF_JA, 0, 0, 0, 0), EXIT };
	const struct bpf_insn jlt[] = { INSN(BPF_JMP | BPF_JLT | BPF_K, 1, 0, 0, 3), EXIT };
	const struct bpf_insn movsx[] = { INSN(BPF_ALU64 | BPF_MOV | BPF_X, 0, 1, 8, 0), EXIT };
	const struct bpf_insn sdiv[] = { INSN(BPF_ALU64 | BPF_DIV | BPF_K, 0, 0, 1, 3), EXIT };
	const struct bpf_insn bswap[] = { INSN(BPF_ALU64 | BPF_END | BPF_K, 0, 0, 0, 32), EXIT };
	const struct bpf_insn memsx[] = { INSN(BPF_LDX | 0x80 | BPF_W, 0, 10, -4, 0), EXIT };
	const struct bpf_insn xchg[] = { INSN(BPF_STX | 0xc0 | BPF_DW, 10, 1, -8, 0xe1), EXIT };
	const struct bpf_insn cmpxchg[] = { INSN(BPF_STX | 0xc0 | BPF_W, 10, 1, -8, 0xf1), EXIT };
	const struct bpf_insn fadd[] = { INSN(BPF_STX | 0xc0 | BPF_DW, 10, 1, -8, BPF_ADD | 0x01), EXIT };
	const struct bpf_insn aor[] = { INSN(BPF_STX | 0xc0 | BPF_DW, 10, 1, -8, BPF_OR), EXIT };
	const struct bpf_insn loop[] = { INSN(BPF_JMP | BPF_JA, 0, 0, -1, 0), EXIT };
	const struct bpf_insn helper[] = { INSN(BPF_JMP | BPF_CALL, 0, 0, 0, 181), EXIT };
	const struct bpf_insn ringbuf[] = { INSN(BPF_JMP | BPF_CALL, 0, 0, 0, 131), EXIT };
	const struct bpf_insn kfunc[] = { INSN(BPF_JMP | BPF_CALL, 0, 2, 0, 1234), EXIT };
	const struct bpf_insn unknown[] = { INSN(BPF_JMP | BPF_CALL, 0, 0, 0, 9999), EXIT };
	const struct bpf_insn callx[] = { INSN(BPF_JMP | BPF_CALL | BPF_X, 1, 0, 0, 0), EXIT };

	ck_assert_uint_eq(insns_need(jmp32, 2, "BPF_JMP32 class"), KV(5, 1));
	ck_assert_uint_eq(insns_need(gotol, 2, "gotol"), KV(6, 6));
	ck_assert_uint_eq(insns_need(jlt, 2, "BPF_JLT"), KV(4, 14));
	ck_assert_uint_eq(insns_need(movsx, 2, "sign-extending move"), KV(6, 6));
	ck_assert_uint_eq(insns_need(sdiv, 2, "sdiv"), KV(6, 6));
	ck_assert_uint_eq(insns_need(bswap, 2, "bswap"), KV(6, 6));
	ck_assert_uint_eq(insns_need(memsx, 2, "sign-extending load"), KV(6, 6));
	ck_assert_uint_eq(insns_need(xchg, 2, "atomic exchange"), KV(5, 12));
	ck_assert_uint_eq(insns_need(cmpxchg, 2, "compare-and-exchange"), KV(5, 12));
	ck_assert_uint_eq(insns_need(fadd, 2, "fetch-and-add"), KV(5, 12));
	ck_assert_uint_eq(insns_need(aor, 2, "atomic or"), KV(5, 12));
	ck_assert_uint_eq(insns_need(loop, 2, "backward jump"), KV(5, 3));
	ck_assert_uint_eq(insns_need(helper, 2, "bpf_loop"), KV(5, 17));
	ck_assert_uint_eq(insns_need(ringbuf, 2, "bpf_ringbuf_reserve"), KV(5, 8));
	ck_assert_uint_eq(insns_need(kfunc, 2, "kfunc"), KV(5, 13));
	ck_assert_uint_eq(insns_need(unknown, 2, "helper 9999"), 0);
	ck_assert_uint_eq(insns_need(callx, 2, "callx"), 0);
}
END_TEST

/* A plain atomic add (the old XADD) needs nothing new. */
START_TEST(plain_atomic_add_is_old)
{
	const struct bpf_insn add[] = { INSN(BPF_STX | 0xc0 | BPF_DW, 10, 1, -8, BPF_ADD), EXIT };
	static const struct bl_section_def *def;
	struct bl_prog_spec p = { 0 };
	struct bl_object_spec obj = { 0 };
	struct bl_kernel_reqs *r;
	struct bl_err err;

	def = bl_section_def_find("socket", NULL);
	p.name = "p";
	p.section = "socket";
	p.insns = (struct bpf_insn *)add;
	p.insn_cnt = 2;
	p.def = def;
	p.autoload = true;
	p.alt_group = -1;
	obj.path = "mem";
	obj.programs = &p;
	obj.program_cnt = 1;
	obj.kconfig_map = -1;
	ck_assert_int_eq(bl_kernel_reqs(&obj, &r, &err), 0);
	ck_assert_uint_eq(r->version, KV(4, 15)); /* object names */
	ck_assert_uint_eq(r->progs[0].version, KV(3, 19)); /* socket filter */
	bl_kernel_reqs_free(r);
}
END_TEST

/* Helper ids are append-only: versions never go down with the id, and
 * every id up to the last helper has a name and a version. */
START_TEST(helper_table_monotonic)
{
	uint32_t prev = 0;
	const char *name, *src;

	for (uint32_t id = 1; id <= 211; id++) {
		uint32_t v = bl_kv_helper(id, &name, &src);

		ck_assert_msg(v >= prev, "helper %u (%s) before the one before it", id, name);
		ck_assert_msg(name && *name, "helper %u has no name", id);
		ck_assert_ptr_nonnull(src);
		prev = v;
	}
	ck_assert_uint_eq(bl_kv_helper(1, &name, &src), KV(3, 19));
	ck_assert_str_eq(name, "map_lookup_elem");
	ck_assert_uint_eq(bl_kv_helper(130, &name, &src), KV(5, 8));
	ck_assert_str_eq(name, "ringbuf_output");
	ck_assert_uint_eq(bl_kv_helper(174, &name, &src), KV(5, 15));
	ck_assert_str_eq(name, "get_attach_cookie");
	ck_assert_uint_eq(bl_kv_helper(212, &name, &src), 0);
	ck_assert_ptr_null(name);
}
END_TEST

/* The other tables against the features the issue names. */
START_TEST(tables)
{
	const char *src, *name;

	ck_assert_uint_eq(bl_kv_prog_type(BPF_PROG_TYPE_TRACEPOINT, &src), KV(4, 7));
	ck_assert_uint_eq(bl_kv_prog_type(BPF_PROG_TYPE_RAW_TRACEPOINT, &src), KV(4, 17));
	ck_assert_uint_eq(bl_kv_prog_type(BPF_PROG_TYPE_LSM, &src), KV(5, 7));
	ck_assert_uint_eq(bl_kv_attach_type(BPF_TRACE_RAW_TP, &src), KV(5, 5));
	ck_assert_uint_eq(bl_kv_attach_type(BPF_TRACE_FENTRY, &src), KV(5, 5));
	ck_assert_uint_eq(bl_kv_attach_type(BPF_TRACE_ITER, &src), KV(5, 8));
	ck_assert_uint_eq(bl_kv_attach_type(BPF_TRACE_KPROBE_MULTI, &src), KV(5, 18));
	ck_assert_uint_eq(bl_kv_attach_type(48, &src), KV(6, 6)); /* uprobe.multi */
	ck_assert_str_eq(bl_attach_type_str(BPF_TRACE_KPROBE_MULTI), "BPF_TRACE_KPROBE_MULTI");
	ck_assert_uint_eq(bl_kv_map_type(BPF_MAP_TYPE_RINGBUF, &src), KV(5, 8));
	ck_assert_uint_eq(bl_kv_map_flag(BPF_F_MMAPABLE, &name, &src), KV(5, 5));
	ck_assert_str_eq(name, "BPF_F_MMAPABLE");
	ck_assert_uint_eq(bl_kv_btf_kind(16, &src), KV(5, 13)); /* FLOAT */
	ck_assert_uint_eq(bl_kv_btf_kind(17, &src), KV(5, 16)); /* DECL_TAG */
	ck_assert_uint_eq(bl_kv_btf_kind(18, &src), KV(5, 17)); /* TYPE_TAG */
	ck_assert_uint_eq(bl_kv_btf_kind(19, &src), KV(6, 0));	/* ENUM64 */
	/* every program type of the section table has a version */
	{
		size_t n;
		const struct bl_section_def *d = bl_section_defs(&n);

		for (size_t i = 0; i < n; i++)
			ck_assert_msg(bl_kv_prog_type(d[i].prog_type, &src) != 0, "%s: no version",
				      d[i].pattern);
	}
}
END_TEST

Suite *suite_kernel_req(void)
{
	Suite *s = suite_create("kernel_req");
	TCase *tc = tcase_create("kernel_req");

	tcase_add_loop_test(tc, predicted_minimum, 0, sizeof(predicted) / sizeof(predicted[0]));
	tcase_add_test(tc, every_object_predicted);
	tcase_add_test(tc, atomic_fetch_add_needs_5_12);
	tcase_add_test(tc, bpf_loop_needs_5_17);
	tcase_add_test(tc, notes_do_not_count);
	tcase_add_test(tc, instruction_encodings);
	tcase_add_test(tc, plain_atomic_add_is_old);
	tcase_add_test(tc, helper_table_monotonic);
	tcase_add_test(tc, tables);
	suite_add_tcase(s, tc);
	return s;
}
