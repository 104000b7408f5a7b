/* tests/unit/test_usdt.c — USDT notes and argument specs (elf/usdt/), the
 * assembler's register names of arch/ against the UAPI headers, and the
 * spec layout of libbpf's BPF side (loader/attach/usdt_spec.c). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch_test.h"
#include "unit.h"
#include "arch/arch.h"
#include "elf/usdt/usdt.h"
#include "loader/attach/usdt.h"

/* ------------------------------------------------ assembler registers */

/* Each register the UAPI struct has under an assembler's name (x86's
 * rax, r8, rip...; arm64's x0 and sp) is at the UAPI offset. */
static void asm_regs_vs_uapi(const struct bl_arch *a, const struct ut_uapi *u, size_t min)
{
	size_t matched = 0;

	for (size_t i = 0; i < u->reg_cnt; i++) {
		const struct ut_uapi_reg *r = &u->regs[i];
		const struct bl_arch_reg *s = bl_arch_asm_reg(a, r->member, NULL);
		unsigned size = 0;

		if (!s)
			s = bl_arch_asm_reg(a, r->name, &size);
		if (!s)
			continue;
		ck_assert_msg(s->offset == r->offset, "%s %s: offset %u, UAPI %zu", a->name,
			      r->member, s->offset, r->offset);
		matched++;
	}
	ck_assert_uint_ge(matched, min);
	/* every name resolves, to a slot, with a sane size */
	for (size_t i = 0; i < a->asm_regs->cnt; i++) {
		const struct bl_arch_asm_reg *r = &a->asm_regs->regs[i];
		unsigned size = 0;

		ck_assert_msg(bl_arch_asm_reg(a, r->name, &size) != NULL, "%s", r->name);
		ck_assert(size == 1 || size == 2 || size == 4 || size == 8);
	}
}

START_TEST(asm_regs_x86_64)
{
	const struct bl_arch *a = &bl_arch_x86_64;
	unsigned size = 0;

	asm_regs_vs_uapi(a, &ut_uapi_x86_64, 16); /* rax..r15, rip */
	ck_assert_uint_eq(bl_arch_asm_reg(a, "eax", &size)->offset, bl_arch_reg(a, "ax")->offset);
	ck_assert_uint_eq(size, 4);
	ck_assert_uint_eq(bl_arch_asm_reg(a, "r10w", &size)->offset, bl_arch_reg(a, "r10")->offset);
	ck_assert_uint_eq(size, 2);
	ck_assert_uint_eq(bl_arch_asm_reg(a, "sil", &size)->offset, bl_arch_reg(a, "si")->offset);
	ck_assert_uint_eq(size, 1);
	ck_assert_ptr_null(bl_arch_asm_reg(a, "ah", NULL)); /* a high byte: no */
	ck_assert_ptr_null(bl_arch_asm_reg(a, "x0", NULL));
}
END_TEST

START_TEST(asm_regs_arm64)
{
	const struct bl_arch *a = &bl_arch_arm64;
	unsigned size = 0;

	asm_regs_vs_uapi(a, &ut_uapi_arm64, 32); /* x0..x30, sp */
	ck_assert_uint_eq(bl_arch_asm_reg(a, "w7", &size)->offset, 56);
	ck_assert_uint_eq(size, 4);
	ck_assert_ptr_null(bl_arch_asm_reg(a, "x31", NULL));
	ck_assert_ptr_null(bl_arch_asm_reg(a, "eax", NULL));
}
END_TEST

START_TEST(asm_regs_arm)
{
	const struct bl_arch *a = &bl_arch_arm;
	unsigned size = 0;

	asm_regs_vs_uapi(a, &ut_uapi_arm, 16); /* r0..r10, fp, ip, sp, lr, pc */
	ck_assert_uint_eq(bl_arch_asm_reg(a, "r11", &size)->offset, bl_arch_reg(a, "fp")->offset);
	ck_assert_uint_eq(size, 4);
	ck_assert_uint_eq(bl_arch_asm_reg(a, "sb", NULL)->offset, 36);
	ck_assert_uint_eq(bl_arch_asm_reg(a, "r13", NULL)->offset, 52);
	ck_assert_ptr_null(bl_arch_asm_reg(a, "r16", NULL));
	ck_assert_ptr_null(bl_arch_asm_reg(a, "w0", NULL));
}
END_TEST

/* ------------------------------------------------------ argument specs */

struct arg_case {
	const char *arch;
	const char *spec;
	unsigned cnt;
	struct { int kind; unsigned size; bool sign; long long val; const char *reg; } a[3];
};

#define C BL_USDT_ARG_CONST
#define R BL_USDT_ARG_REG
#define D BL_USDT_ARG_REG_DEREF

static const struct arg_case good[] = {
	{ "x86_64", "", 0, { { 0 } } },
	{ "x86_64", "-4@%eax 8@%rdx -1@%r8b", 3, { { R, 4, 1, 0, "eax" }, { R, 8, 0, 0, "rdx" }, { R, 1, 1, 0, "r8b" } } },
	{ "x86_64", "2@%bp -2@%r10w 1@%cl", 3, { { R, 2, 0, 0, "bp" }, { R, 2, 1, 0, "r10w" }, { R, 1, 0, 0, "cl" } } },
	{ "x86_64", "-4@-24(%rsp) 8@(%rbx) 2@0x10(%rdi)", 3, { { D, 4, 1, -24, "rsp" }, { D, 8, 0, 0, "rbx" }, { D, 2, 0, 16, "rdi" } } },
	{ "x86_64", "-4@$5 -4@$-9 8@$100000", 3, { { C, 4, 1, 5, "" }, { C, 4, 1, -9, "" }, { C, 8, 0, 100000, "" } } },
	{ "x86_64", "  8@%rax   -8@%r15  ", 2, { { R, 8, 0, 0, "rax" }, { R, 8, 1, 0, "r15" } } },
	{ "arm64", "-1@x5 4@w8 8@sp", 3, { { R, 1, 1, 0, "x5" }, { R, 4, 0, 0, "w8" }, { R, 8, 0, 0, "sp" } } },
	{ "arm64", "-4@[sp] -2@[sp, 4] 8@[x19, -16]", 3, { { D, 4, 1, 0, "sp" }, { D, 2, 1, 4, "sp" }, { D, 8, 0, -16, "x19" } } },
	{ "arm64", "-4@5 -4@-9 8@[x0, #8]", 3, { { C, 4, 1, 5, "" }, { C, 4, 1, -9, "" }, { D, 8, 0, 8, "x0" } } },
	/* arm: as arm-linux-gnueabihf-gcc writes them (tests/uprobe/usdt_target) */
	{ "arm", "-1@r0 -2@ip 4@r8", 3, { { R, 1, 1, 0, "r0" }, { R, 2, 1, 0, "ip" }, { R, 4, 0, 0, "r8" } } },
	{ "arm", "-4@#5 -4@#-9 -4@#100000", 3, { { C, 4, 1, 5, "" }, { C, 4, 1, -9, "" }, { C, 4, 1, 100000, "" } } },
	{ "arm", "-4@[r0, #12] -4@[r1, #-8] -8@[r2]", 3, { { D, 4, 1, 12, "r0" }, { D, 4, 1, -8, "r1" }, { D, 8, 1, 0, "r2" } } },
	{ "arm", "1@[r7, #43] 4@[sp, #8] 8@r0", 3, { { D, 1, 0, 43, "r7" }, { D, 4, 0, 8, "sp" }, { R, 8, 0, 0, "r0" } } },
	{ "arm", "4@fp 4@r11 4@sb", 3, { { R, 4, 0, 0, "fp" }, { R, 4, 0, 0, "r11" }, { R, 4, 0, 0, "sb" } } },
};

START_TEST(args_good)
{
	const struct arg_case *t = &good[_i];
	struct bl_usdt_arg a[BL_USDT_MAX_ARGS];
	struct bl_err err = { "" };
	unsigned cnt = 99;

	ck_assert_msg(bl_usdt_args_parse(bl_arch_find(t->arch), t->spec, a, &cnt, &err) == 0,
		      "%s '%s': %s", t->arch, t->spec, err.msg);
	ck_assert_uint_eq(cnt, t->cnt);
	for (unsigned i = 0; i < cnt; i++) {
		ck_assert_int_eq(a[i].kind, t->a[i].kind);
		ck_assert_uint_eq(a[i].size, t->a[i].size);
		ck_assert_int_eq(a[i].is_signed, t->a[i].sign);
		ck_assert_int_eq(a[i].val_off, t->a[i].val);
		ck_assert_str_eq(a[i].reg, t->a[i].reg);
	}
}
END_TEST

struct bad_case {
	const char *arch, *spec, *why;
};

static const struct bad_case bad[] = {
	{ "x86_64", "4@%eax 3@%ebx", "argument 2 '3@%ebx': the size is not 1, 2, 4 or 8" },
	{ "x86_64", "%eax", "no SIZE@" },
	{ "x86_64", "4@", "nothing after '@'" },
	{ "x86_64", "x@%eax", "the size before '@' is not a number" },
	{ "x86_64", "4@%ah", "x86_64 has no register ah" },
	{ "x86_64", "4@%x0", "has no register x0" },
	{ "x86_64", "8@counter(%rip)", "a symbol" },
	{ "x86_64", "8@8(%rip)", "relative to %rip" },
	{ "x86_64", "-4@-4(%rbp,%rax,4)", "base + index * scale" },
	{ "x86_64", "4@$abc", "'$' is not followed by a number" },
	{ "x86_64", "8@-8(%ebp)", "an address in a part of a register" },
	{ "x86_64", "1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1", "argument 13" },
	{ "arm64", "8@[sp, 12", "'[' without ']'" },
	{ "arm64", "8@[sp, x]", "the offset after ',' is not a number" },
	{ "arm64", "8@x31", "arm64 has no register x31" },
	{ "arm64", "8@%rax", "arm64 has no register %rax" },
	{ "arm", "-4@#x", "argument 1 '-4@#x': '#' is not followed by a number" },
	{ "arm", "4@r1 -4@#", "argument 2 '-4@#': '#' is not followed by a number" },
	{ "arm", "-4@#5x", "not a number" },
	{ "arm", "-4@r16", "arm has no register r16" },
	{ "arm", "-4@x0", "arm has no register x0" },
	{ "arm", "-4@[r1, #-8]!", "'[' without ']'" },
	{ "arm", "-4@[r1], #4", "'[' without ']'" },
	{ "arm", "-4@[r1, r2]", "the offset after ',' is not a number" },
	{ "arm", "-4@[r1, #x]", "the offset after ',' is not a number" },
	{ "arm", "-4@[cpsr]", "arm has no register cpsr" },
};

START_TEST(args_bad)
{
	const struct bad_case *t = &bad[_i];
	struct bl_usdt_arg a[BL_USDT_MAX_ARGS];
	struct bl_err err = { "" };
	unsigned cnt = 0;

	ck_assert_int_eq(bl_usdt_args_parse(bl_arch_find(t->arch), t->spec, a, &cnt, &err), -EINVAL);
	ck_assert_msg(strstr(err.msg, t->why), "'%s': got '%s', want '%s'", t->spec, err.msg, t->why);
	ck_assert_uint_eq(cnt, 0);
}
END_TEST

START_TEST(args_describe)
{
	struct bl_usdt_arg a[BL_USDT_MAX_ARGS];
	struct bl_err err;
	unsigned cnt;
	char d[64];

	ck_assert_int_eq(bl_usdt_args_parse(&bl_arch_x86_64, "-4@-24(%rsp) 8@%rax 1@$7", a, &cnt, &err), 0);
	ck_assert_str_eq(bl_usdt_arg_describe(&a[0], &bl_arch_x86_64, d, sizeof(d)), "int32 [%rsp - 24]");
	ck_assert_str_eq(bl_usdt_arg_describe(&a[1], &bl_arch_x86_64, d, sizeof(d)), "uint64 %rax");
	ck_assert_str_eq(bl_usdt_arg_describe(&a[2], &bl_arch_x86_64, d, sizeof(d)), "uint8 7");
	ck_assert_int_eq(bl_usdt_args_parse(&bl_arch_arm64, "-2@[sp, 4]", a, &cnt, &err), 0);
	ck_assert_str_eq(bl_usdt_arg_describe(&a[0], &bl_arch_arm64, d, sizeof(d)), "int16 [sp + 4]");
	ck_assert_int_eq(bl_usdt_args_parse(&bl_arch_arm, "-4@[r1, #-8] 2@ip -4@#-9 8@[sp]", a, &cnt, &err), 0);
	ck_assert_str_eq(bl_usdt_arg_describe(&a[0], &bl_arch_arm, d, sizeof(d)), "int32 [r1 - 8]");
	ck_assert_str_eq(bl_usdt_arg_describe(&a[1], &bl_arch_arm, d, sizeof(d)), "uint16 ip");
	ck_assert_str_eq(bl_usdt_arg_describe(&a[2], &bl_arch_arm, d, sizeof(d)), "int32 -9");
	ck_assert_str_eq(bl_usdt_arg_describe(&a[3], &bl_arch_arm, d, sizeof(d)), "uint64 [sp]");
}
END_TEST

/* The BPF side's layout: reg_off the slot, bitshift 64 - 8 * size. */
START_TEST(bpf_spec_layout)
{
	struct bl_usdt_bpf_spec s;
	struct bl_err err;

	ck_assert_int_eq(bl_usdt_bpf_spec_make(&bl_arch_x86_64, "-4@%eax 8@-8(%rbp) 2@$5", 7, &s, &err), 0);
	ck_assert_int_eq(s.arg_cnt, 3);
	ck_assert_uint_eq(s.usdt_cookie, 7);
	ck_assert_uint_eq(s.args[0].arg_type, 1);
	ck_assert_int_eq(s.args[0].reg_off, 80);	/* offsetof(struct pt_regs, rax) */
	ck_assert_int_eq(s.args[0].arg_signed, 1);
	ck_assert_int_eq(s.args[0].arg_bitshift, 32);
	ck_assert_uint_eq(s.args[1].arg_type, 2);
	ck_assert_int_eq(s.args[1].reg_off, 32);	/* rbp */
	ck_assert_uint_eq(s.args[1].val_off, (uint64_t)-8);
	ck_assert_int_eq(s.args[1].arg_bitshift, 0);
	ck_assert_uint_eq(s.args[2].arg_type, 0);
	ck_assert_uint_eq(s.args[2].val_off, 5);
	ck_assert_int_eq(s.args[2].arg_bitshift, 48);
	ck_assert_int_eq(bl_usdt_bpf_spec_make(&bl_arch_x86_64, "4@%bogus", 0, &s, &err), -EINVAL);
	/* 32-bit arm: 4-byte slots (uregs[N] at 4 * N), the same shifts */
	ck_assert_int_eq(bl_usdt_bpf_spec_make(&bl_arch_arm, "-4@r3 -2@[sp, #-8] 8@r0", 0, &s, &err), 0);
	ck_assert_int_eq(s.args[0].reg_off, 12);
	ck_assert_int_eq(s.args[0].arg_signed, 1);
	ck_assert_int_eq(s.args[0].arg_bitshift, 32);
	ck_assert_uint_eq(s.args[1].arg_type, 2);
	ck_assert_int_eq(s.args[1].reg_off, 52);	/* ARM_sp: uregs[13] */
	ck_assert_uint_eq(s.args[1].val_off, (uint64_t)-8);
	ck_assert_int_eq(s.args[1].arg_bitshift, 48);
	ck_assert_int_eq(s.args[2].reg_off, 0);
	ck_assert_int_eq(s.args[2].arg_bitshift, 0);
}
END_TEST

START_TEST(target_text)
{
	struct bl_usdt_target t;
	struct bl_err err;

	ck_assert_int_eq(bl_usdt_target_parse("/usr/bin/python3.11:python:function__entry", &t, &err), 0);
	ck_assert_str_eq(t.path, "/usr/bin/python3.11");
	ck_assert_str_eq(t.provider, "python");
	ck_assert_str_eq(t.name, "function__entry");
	ck_assert_int_eq(bl_usdt_target_parse("libstdc++.so.6:libstdcxx:throw", &t, &err), 0);
	ck_assert_str_eq(t.path, "libstdc++.so.6");
	ck_assert_int_eq(bl_usdt_target_parse("python:function__entry", &t, &err), -EINVAL);
	ck_assert_int_eq(bl_usdt_target_parse("/bin/x:pro vider:n", &t, &err), -EINVAL);
	ck_assert_int_eq(bl_usdt_target_parse("/bin/a b:p:n", &t, &err), -EINVAL);
	ck_assert_int_eq(bl_usdt_target_parse("/bin/x:p:", &t, &err), -EINVAL);
	ck_assert_int_eq(bl_usdt_target_parse("", &t, &err), -EINVAL);
}
END_TEST

/* --------------------------------------------------------------- notes */

struct nb {
	unsigned char b[1024];
	size_t n;
	bool big;
};

static void put(struct nb *b, uint64_t v, unsigned sz)
{
	for (unsigned i = 0; i < sz; i++)
		b->b[b->n + i] = (unsigned char)(v >> (8 * (b->big ? sz - 1 - i : i)));
	b->n += sz;
}

static void pad4(struct nb *b)
{
	while (b->n % 4)
		b->b[b->n++] = 0;
}

/* A note of owner, type, with the three addresses (asz bytes each) and
 * the strings; descsz_cut bytes fewer in its header when not 0. */
static void note(struct nb *b, const char *owner, unsigned type, unsigned asz, uint64_t pc,
		 uint64_t base, uint64_t sema, const char *strs, size_t strs_len)
{
	size_t ol = strlen(owner) + 1;

	put(b, ol, 4);
	put(b, 3 * asz + strs_len, 4);
	put(b, type, 4);
	memcpy(b->b + b->n, owner, ol);
	b->n += ol;
	pad4(b);
	put(b, pc, asz);
	put(b, base, asz);
	put(b, sema, asz);
	memcpy(b->b + b->n, strs, strs_len);
	b->n += strs_len;
	pad4(b);
}

#define S(s) s, sizeof(s)

START_TEST(notes_parse)
{
	struct nb b = { .n = 0 };
	struct bl_usdt_note *n;
	struct bl_err err = { "" };
	size_t cnt;

	note(&b, "stapsdt", 3, 8, 0x1000, 0x2000, 0x4000, S("prov\0a\0-4@%eax 8@$1"));
	note(&b, "GNU", 3, 8, 0, 0, 0, S("x\0y\0"));		/* another owner: skipped */
	note(&b, "stapsdt", 3, 8, 0x1100, 0x2000, 0, S("prov\0b\0"));
	ck_assert_msg(bl_usdt_notes_parse(b.b, b.n, true, false, 0x2100, &n, &cnt, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(cnt, 2);
	ck_assert_str_eq(n[0].provider, "prov");
	ck_assert_str_eq(n[0].name, "a");
	ck_assert_str_eq(n[0].args, "-4@%eax 8@$1");
	ck_assert_uint_eq(n[0].pc, 0x1000);
	ck_assert_uint_eq(n[0].addr, 0x1100);	/* prelinked: + (0x2100 - 0x2000) */
	ck_assert_uint_eq(n[0].sema, 0x4000);	/* as written */
	ck_assert_str_eq(n[1].args, "");
	ck_assert_uint_eq(n[1].sema, 0);
	free(n);
	/* no .stapsdt.base: as written */
	ck_assert_int_eq(bl_usdt_notes_parse(b.b, b.n, true, false, 0, &n, &cnt, &err), 0);
	ck_assert_uint_eq(n[0].addr, 0x1000);
	free(n);
}
END_TEST

START_TEST(notes_32bit_big_endian)
{
	struct nb b = { .n = 0, .big = true };
	struct bl_usdt_note *n;
	struct bl_err err = { "" };
	size_t cnt;

	note(&b, "stapsdt", 3, 4, 0x10203, 0, 0x40506, S("p\0n\0-4@r3"));
	ck_assert_msg(bl_usdt_notes_parse(b.b, b.n, false, true, 0, &n, &cnt, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(cnt, 1);
	ck_assert_uint_eq(n[0].pc, 0x10203);
	ck_assert_uint_eq(n[0].sema, 0x40506);
	free(n);
}
END_TEST

START_TEST(notes_malformed)
{
	struct nb b = { .n = 0 };
	struct bl_usdt_note *n = (void *)1;
	struct bl_err err = { "" };
	size_t cnt = 9;

	note(&b, "stapsdt", 3, 8, 0x1000, 0, 0, S("prov\0a\0-4@%eax"));
	/* truncated in the middle of the descriptor */
	ck_assert_int_eq(bl_usdt_notes_parse(b.b, b.n - 8, true, false, 0, &n, &cnt, &err), -EINVAL);
	ck_assert_msg(strstr(err.msg, "USDT note 1: truncated"), "%s", err.msg);
	ck_assert_ptr_null(n);
	ck_assert_uint_eq(cnt, 0);
	/* a header cut short */
	ck_assert_int_eq(bl_usdt_notes_parse(b.b, 7, true, false, 0, &n, &cnt, &err), -EINVAL);
	ck_assert_msg(strstr(err.msg, "a note header is 12"), "%s", err.msg);
	/* the argument string without its NUL */
	b.n = 0;
	note(&b, "stapsdt", 3, 8, 0x1000, 0, 0, "prov\0a\0-4@%eax", 14);
	ck_assert_int_eq(bl_usdt_notes_parse(b.b, b.n, true, false, 0, &n, &cnt, &err), -EINVAL);
	ck_assert_msg(strstr(err.msg, "(prov:a): the argument string does not end"), "%s", err.msg);
	/* shorter than three addresses */
	b.n = 0;
	note(&b, "stapsdt", 3, 4, 0x1000, 0, 0, "", 0);
	ck_assert_int_eq(bl_usdt_notes_parse(b.b, b.n, true, false, 0, &n, &cnt, &err), -EINVAL);
	ck_assert_msg(strstr(err.msg, "shorter than its three addresses"), "%s", err.msg);
}
END_TEST

/* bl_usdt_proc_ip reads /proc/PID/maps: this process's own mapping of
 * libc, whose file offsets equal its addresses less the load base (its
 * segments have p_offset == p_vaddr), turns an offset back into the
 * address of fopen; an offset or a path not mapped is -ENOENT. */
START_TEST(proc_maps_ip)
{
	Dl_info info;
	char *path;
	uint64_t ip = 0, off;
	struct bl_err err = { "" };

	ck_assert(dladdr((void *)&fopen, &info));
	path = realpath(info.dli_fname, NULL);
	ck_assert_ptr_nonnull(path);
	off = (uintptr_t)(void *)&fopen - (uintptr_t)info.dli_fbase;
	ck_assert_msg(bl_usdt_proc_ip(getpid(), path, off, &ip, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(ip, (uintptr_t)(void *)&fopen);
	ck_assert_int_eq(bl_usdt_proc_ip(getpid(), path, 1ULL << 40, &ip, &err), -ENOENT);
	ck_assert_msg(strstr(err.msg, "has not mapped offset 0x10000000000"), "%s", err.msg);
	ck_assert_int_eq(bl_usdt_proc_ip(getpid(), "/nonexistent/bl-lib.so", off, &ip, &err),
			 -ENOENT);
	free(path);
}
END_TEST

static char *target_path(const char *name)
{
	const char *dir = getenv("BL_BUILD_DIR");
	char *p;

	if (asprintf(&p, "%s/tests/uprobe/%s", dir && *dir ? dir : "build", name) < 0)
		abort();
	return p;
}

/* tests/uprobe/usdt_target.c's notes, as built (PIE and not). */
START_TEST(file_notes)
{
	static const char *const names[] = { "usdt_target", "usdt_target-nopie" };
	char *path = target_path(names[_i]);
	struct bl_usdt_file f;
	struct bl_err err = { "" };
	size_t seen = 0;

	if (!ut_have(path, __func__)) {
		free(path);
		return;
	}
	ck_assert_msg(bl_usdt_file_read(path, &f, &err) == 0, "%s", err.msg);
	ck_assert_ptr_eq(f.arch, bl_arch_native());
	ck_assert_int_eq(f.shared, _i == 0);
	for (size_t i = 0; i < f.cnt; i++) {
		struct bl_usdt_arg a[BL_USDT_MAX_ARGS];
		unsigned cnt;

		ck_assert_str_eq(f.notes[i].provider, "bltest");
		ck_assert_uint_ne(f.notes[i].sema_offset, 0);
		ck_assert_uint_ne(f.notes[i].offset, 0);
		ck_assert_msg(bl_usdt_args_parse(f.arch, f.notes[i].args, a, &cnt, &err) == 0,
			      "%s: %s", f.notes[i].args, err.msg);
		if (!strcmp(f.notes[i].name, "regs")) {
			ck_assert_uint_eq(cnt, 8);
			seen++;
		} else if (!strcmp(f.notes[i].name, "consts")) {
			ck_assert_int_eq(a[2].val_off, 100000);
			seen++;
		}
	}
	ck_assert_uint_eq(seen, 2);
	bl_usdt_file_free(&f);
	/* a file without notes: none, not an error */
	free(path);
	path = target_path("libbltarget.so");
	if (ut_have(path, __func__)) {
		ck_assert_int_eq(bl_usdt_file_read(path, &f, &err), 0);
		ck_assert_uint_eq(f.cnt, 0);
	}
	free(path);
	ck_assert_int_eq(bl_usdt_file_read("/nonexistent/bl-usdt", &f, &err), -ENOENT);
}
END_TEST

Suite *suite_usdt(void)
{
	Suite *s = suite_create("usdt");
	TCase *tc = tcase_create("args");

	tcase_add_test(tc, asm_regs_x86_64);
	tcase_add_test(tc, asm_regs_arm64);
	tcase_add_test(tc, asm_regs_arm);
	tcase_add_loop_test(tc, args_good, 0, sizeof(good) / sizeof(good[0]));
	tcase_add_loop_test(tc, args_bad, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, args_describe);
	tcase_add_test(tc, bpf_spec_layout);
	tcase_add_test(tc, target_text);
	tcase_add_test(tc, proc_maps_ip);
	suite_add_tcase(s, tc);
	tc = tcase_create("notes");
	tcase_add_test(tc, notes_parse);
	tcase_add_test(tc, notes_32bit_big_endian);
	tcase_add_test(tc, notes_malformed);
	tcase_add_loop_test(tc, file_notes, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}
