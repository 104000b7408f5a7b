/* tests/unit/test_core_patch.c — bl_core_patch_insn on instructions
 * written here: which field of which instruction class a CO-RE result
 * goes into (Documentation/bpf/llvm_reloc.rst, "CO-RE Relocations"),
 * the check that the instruction holds the object's own value, load
 * resizing, and poisoning (a call of helper 0xbad2310).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core_test.h"

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
						.off = (o), .imm = (i) })
#define MOV64_IMM(d, i) INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define ADD64_REG(d, s) INSN(BPF_ALU64 | BPF_ADD | BPF_X, d, s, 0, 0)
#define LDX(sz, d, s, o) INSN(BPF_LDX | BPF_MEM | (sz), d, s, o, 0)
#define EXIT INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

static struct bl_core_result result(uint64_t orig, uint64_t new_val)
{
	struct bl_core_result r;

	memset(&r, 0, sizeof(r));
	r.kind = BPF_CORE_FIELD_BYTE_OFFSET;
	r.validate = true;
	r.orig_val = orig;
	r.new_val = new_val;
	strcpy(r.desc, "struct task_struct, field pid (0:1)");
	return r;
}

/* bl_core_patch_insn must fail with code and say each '|' word. */
static void patch_fails(struct bpf_insn *insns, size_t cnt, size_t idx,
			const struct bl_core_result *r, int code, const char *what)
{
	struct bpf_insn before[8];
	struct bl_err err;
	char words[256], *save = NULL;
	int rc;

	memcpy(before, insns, cnt * sizeof(*insns));
	rc = bl_core_patch_insn(insns, cnt, idx, r, &err);
	ck_assert_msg(rc == code, "patch = %d, expected %d: %s", rc, code, err.msg);
	ck_assert_msg(memcmp(before, insns, cnt * sizeof(*insns)) == 0, "changed on failure");
	snprintf(words, sizeof(words), "%s", what);
	for (char *w = strtok_r(words, "|", &save); w; w = strtok_r(NULL, "|", &save))
		ck_assert_msg(strstr(err.msg, w) != NULL, "\"%s\" does not say \"%s\"", err.msg, w);
}

static void patch_ok(struct bpf_insn *insns, size_t cnt, size_t idx,
		     const struct bl_core_result *r)
{
	struct bl_err err;
	int rc = bl_core_patch_insn(insns, cnt, idx, r, &err);

	ck_assert_msg(rc == 0, "patch = %d: %s", rc, err.msg);
}

START_TEST(patch_alu)
{
	struct bpf_insn p[] = { MOV64_IMM(1, 4), ADD64_REG(3, 1), EXIT };
	struct bl_core_result r = result(4, 1264);

	patch_ok(p, 3, 0, &r);
	ck_assert_int_eq(p[0].imm, 1264);
	ck_assert_uint_eq(p[0].code, BPF_ALU64 | BPF_MOV | BPF_K);
	ck_assert_uint_eq(p[0].dst_reg, 1);
	/* now it holds 1264, not the object's 4 */
	patch_fails(p, 3, 0, &r, -EINVAL,
		    "struct task_struct, field pid (0:1)|instruction 0|1264|own value is 4");
	/* a register operand has no immediate */
	patch_fails(p, 3, 1, &r, -EINVAL, "instruction 1|takes a register");
	/* a jump is never patched */
	patch_fails(p, 3, 2, &r, -EINVAL, "instruction 2|jump");
	patch_fails(p, 3, 3, &r, -EINVAL, "instruction 3 is past the end");
	/* 64-bit values do not fit; -1 does */
	p[0].imm = 4;
	r.new_val = 1ull << 32;
	patch_fails(p, 3, 0, &r, -ERANGE, "does not fit its 32-bit immediate");
	r.new_val = (uint64_t)-1;
	patch_ok(p, 3, 0, &r);
	ck_assert_int_eq(p[0].imm, -1);
	/* no check when validate is off (type ids) */
	r = result(5, 114);
	r.validate = false;
	patch_ok(p, 3, 0, &r);
	ck_assert_int_eq(p[0].imm, 114);
}
END_TEST

START_TEST(patch_ldx_offset_and_size)
{
	struct bpf_insn p[] = { LDX(BPF_W, 0, 1, 4), EXIT };
	struct bl_core_result r = result(4, 1264);

	r.orig_sz = r.new_sz = 4;
	patch_ok(p, 2, 0, &r);
	ck_assert_int_eq(p[0].off, 1264);
	ck_assert_uint_eq(p[0].code, BPF_LDX | BPF_MEM | BPF_W);
	patch_fails(p, 2, 0, &r, -EINVAL, "(load/store) has offset 1264");
	/* an unsigned int that became unsigned long: the load grows */
	p[0] = LDX(BPF_W, 0, 1, 4);
	r.new_sz = 8;
	patch_ok(p, 2, 0, &r);
	ck_assert_uint_eq(p[0].code, BPF_LDX | BPF_MEM | BPF_DW);
	ck_assert_int_eq(p[0].off, 1264);
	/* the instruction must load what the field had */
	p[0] = LDX(BPF_H, 0, 1, 4);
	patch_fails(p, 2, 0, &r, -EINVAL, "accesses 2 bytes, but the field has 4");
	p[0] = LDX(BPF_W, 0, 1, 4);
	r.new_sz = 3;
	patch_fails(p, 2, 0, &r, -EINVAL, "3 bytes, which no load");
	/* offsets are 16-bit */
	r.new_sz = 4;
	r.new_val = 40000;
	patch_fails(p, 2, 0, &r, -ERANGE, "offset 40000 does not fit");
	/* a size change that is not safe: poisoned */
	r.new_val = 8;
	r.new_sz = 8;
	r.fail_memsz_adjust = true;
	patch_ok(p, 2, 0, &r);
	ck_assert(bl_core_insn_poisoned(&p[0]));
	ck_assert(!bl_core_insn_poisoned(&p[1]));
}
END_TEST

START_TEST(patch_st_stx)
{
	struct bpf_insn p[] = {
		INSN(BPF_ST | BPF_MEM | BPF_DW, 1, 0, 16, 7),
		INSN(BPF_STX | BPF_MEM | BPF_B, 1, 2, 16, 0),
	};
	struct bl_core_result r = result(16, 24);

	patch_ok(p, 2, 0, &r);
	patch_ok(p, 2, 1, &r);
	ck_assert_int_eq(p[0].off, 24);
	ck_assert_int_eq(p[0].imm, 7);		/* ST's immediate is data */
	ck_assert_int_eq(p[1].off, 24);
	ck_assert_uint_eq(p[1].src_reg, 2);
}
END_TEST

START_TEST(patch_ld_imm64)
{
	struct bpf_insn p[] = {
		INSN(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 7), INSN(0, 0, 0, 0, 0), EXIT,
	};
	struct bl_core_result r = result(7, 0x100000002ull);

	r.kind = BPF_CORE_ENUMVAL_VALUE;
	patch_ok(p, 3, 0, &r);
	ck_assert_int_eq(p[0].imm, 2);
	ck_assert_int_eq(p[1].imm, 1);
	patch_fails(p, 3, 0, &r, -EINVAL, "(LD_IMM64) has 4294967298");
	/* clang 14 sign-extends -1 of an enum whose BTF has no sign */
	p[0].imm = -1;
	p[1].imm = -1;
	r = result(0xffffffff, 3);
	r.kind = BPF_CORE_ENUMVAL_VALUE;
	patch_fails(p, 3, 0, &r, -EINVAL, "(LD_IMM64) has");
	r.enum32 = true;
	patch_ok(p, 3, 0, &r);
	ck_assert_int_eq(p[0].imm, 3);
	ck_assert_int_eq(p[1].imm, 0);
	/* cut off, second half used, or a map reference: refused */
	patch_fails(p, 1, 0, &r, -EINVAL, "without its second half");
	p[1].code = 1;
	patch_fails(p, 3, 0, &r, -EINVAL, "without its second half");
	p[1].code = 0;
	p[0].src_reg = BPF_PSEUDO_MAP_FD;
	patch_fails(p, 3, 0, &r, -EINVAL, "not a plain LD_IMM64");
}
END_TEST

START_TEST(patch_poison)
{
	struct bpf_insn p[] = {
		MOV64_IMM(1, 4), INSN(BPF_LD | BPF_IMM | BPF_DW, 2, 0, 0, 9), INSN(0, 0, 0, 0, 0),
		LDX(BPF_W, 0, 1, 4), INSN(BPF_LD | BPF_IMM | BPF_DW, 2, 0, 0, 9),
	};
	struct bl_core_result r = result(99, 0);

	r.poison = true;	/* no check of the old value: it goes anyway */
	for (size_t i = 0; i < 5; i++)
		ck_assert(!bl_core_insn_poisoned(&p[i]));
	patch_ok(p, 5, 0, &r);
	patch_ok(p, 5, 1, &r);
	patch_ok(p, 5, 3, &r);
	patch_ok(p, 5, 4, &r);	/* an LD_IMM64 cut off: its first half */
	for (size_t i = 0; i < 5; i++) {
		ck_assert_msg(bl_core_insn_poisoned(&p[i]), "insn %zu", i);
		ck_assert_uint_eq(p[i].code, BPF_JMP | BPF_CALL);
		ck_assert_int_eq(p[i].imm, 195896080);
		ck_assert_uint_eq(p[i].dst_reg, 0);
		ck_assert_uint_eq(p[i].src_reg, 0);
		ck_assert_int_eq(p[i].off, 0);
	}
	ck_assert_int_eq(BL_CORE_POISON_HELPER, 195896080);
}
END_TEST

TCase *tcase_core_patch(void)
{
	TCase *tc = tcase_create("patch");

	tcase_add_test(tc, patch_alu);
	tcase_add_test(tc, patch_ldx_offset_and_size);
	tcase_add_test(tc, patch_st_stx);
	tcase_add_test(tc, patch_ld_imm64);
	tcase_add_test(tc, patch_poison);
	return tc;
}
