/* tests/unit/test_arch.c — the tables of arch/ (arch/arch.h) against the
 * kernel's own UAPI headers, and the generated PT_REGS_* macros against
 * the tables:
 *
 *   every register's offset and size  offsetof/sizeof on <asm/ptrace.h>'s
 *                                     struct (tests/unit/arch_uapi_*.c)
 *   syscall numbers                   __NR_* of <asm/unistd*.h>
 *   argument / return registers       the calling conventions (docs/arch.md)
 *   build/gen/bpfload_regs_*.h        each macro reads the register the
 *                                     table names (tests/unit/arch_regs_hdr_*.c)
 */
#include <errno.h>
#include <string.h>
#include <sys/utsname.h>

#include "arch/arch.h"
#include "arch_test.h"
#include "unit.h"

TCase *tcase_arch_docs(void); /* test_arch_docs.c */

static const struct ut_uapi *const uapis[] = { &ut_uapi_x86_64, &ut_uapi_arm64, &ut_uapi_arm };
#define N_ARCH (sizeof(uapis) / sizeof(uapis[0]))

static const struct bl_arch *arch_of(const struct ut_uapi *u)
{
	const struct bl_arch *a = bl_arch_find(u->arch);

	ck_assert_msg(a != NULL, "no table for %s", u->arch);
	ck_assert_str_eq(a->name, u->arch);
	return a;
}

/* Every register of the UAPI struct is in the table, under the kernel's
 * name and the UAPI member name, at the same offset with the same size;
 * and the table has nothing else. */
START_TEST(regs_match_uapi)
{
	const struct ut_uapi *u = uapis[_i];
	const struct bl_arch *a = arch_of(u);
	size_t covered = 0;

	ck_assert_uint_eq(a->reg_cnt, u->reg_cnt);
	for (size_t i = 0; i < u->reg_cnt; i++) {
		const struct ut_uapi_reg *ur = &u->regs[i];
		const struct bl_arch_reg *r = bl_arch_reg(a, ur->name);

		ck_assert_msg(r != NULL, "%s: no register %s (%s)", a->name, ur->name, ur->member);
		ck_assert_msg(r->offset == ur->offset, "%s: %s at %u, <asm/ptrace.h> has %s at %zu",
			      a->name, r->name, r->offset, ur->member, ur->offset);
		ck_assert_msg(r->size == ur->size, "%s: %s is %u bytes, <asm/ptrace.h> has %zu",
			      a->name, r->name, r->size, ur->size);
		/* the UAPI member name, where it is a plain name, is an alias */
		if (!strchr(ur->member, '[') && !strchr(ur->member, ' '))
			ck_assert_msg(bl_arch_reg(a, ur->member) == r, "%s: %s does not find %s",
				      a->name, ur->member, r->name);
		covered += r->size;
	}
	/* no gaps, no overlaps: the registers cover the struct exactly */
	ck_assert_uint_eq(covered, u->ctx_size);
}
END_TEST

/* In offset order, names and aliases unique and found by bl_arch_reg. */
START_TEST(regs_ordered_and_unique)
{
	const struct bl_arch *a = arch_of(uapis[_i]);

	for (size_t i = 0; i < a->reg_cnt; i++) {
		const struct bl_arch_reg *r = &a->regs[i];

		if (i > 0)
			ck_assert_uint_eq(r->offset, a->regs[i - 1].offset + a->regs[i - 1].size);
		ck_assert_ptr_eq(bl_arch_reg(a, r->name), r);
		if (r->alias)
			ck_assert_ptr_eq(bl_arch_reg(a, r->alias), r);
	}
	ck_assert_ptr_null(bl_arch_reg(a, "nosuch"));
	ck_assert_ptr_null(bl_arch_reg(a, ""));
	ck_assert_ptr_null(bl_arch_reg(NULL, "sp"));
}
END_TEST

static void expect_regs(const struct bl_arch *a, const struct bl_arch_reg *(*get)(const struct bl_arch *, unsigned),
			size_t cnt, const char *const *want, size_t want_cnt, const char *what)
{
	ck_assert_msg(cnt == want_cnt, "%s: %zu %s registers, expected %zu", a->name, cnt, what, want_cnt);
	for (unsigned n = 1; n <= want_cnt; n++) {
		const struct bl_arch_reg *r = get(a, n);

		ck_assert_msg(r != NULL, "%s: %s argument %u: no register", a->name, what, n);
		ck_assert_msg(!strcmp(r->name, want[n - 1]), "%s: %s argument %u is in %s, expected %s",
			      a->name, what, n, r->name, want[n - 1]);
	}
	ck_assert_ptr_null(get(a, 0));
	ck_assert_ptr_null(get(a, (unsigned)want_cnt + 1));
}

#define EXPECT(a, kind, ...) do {							\
	static const char *const want[] = { __VA_ARGS__ };				\
	expect_regs(a, bl_arch_##kind##_arg, (a)->kind##_arg_cnt, want,			\
		    sizeof(want) / sizeof(want[0]), #kind);				\
} while (0)

/* The calling conventions: System V AMD64 psABI and its syscall appendix
 * (4th argument in r10); AAPCS64, and orig_x0 for a syscall's 1st. */
START_TEST(conventions_x86_64)
{
	const struct bl_arch *a = bl_arch_find("x86_64");

	EXPECT(a, call, "di", "si", "dx", "cx", "r8", "r9");
	EXPECT(a, syscall, "di", "si", "dx", "r10", "r8", "r9");
	ck_assert_str_eq(bl_arch_reg(a, a->ret_reg)->name, "ax");
	ck_assert_str_eq(bl_arch_reg(a, a->sp_reg)->name, "sp");
	ck_assert_str_eq(bl_arch_reg(a, a->ip_reg)->name, "ip");
	ck_assert_str_eq(bl_arch_reg(a, a->fp_reg)->name, "bp");
	ck_assert_str_eq(a->syscall_prefix, "__x64_sys_");
	ck_assert_str_eq(a->bpf_target, "x86");
}
END_TEST

START_TEST(conventions_arm64)
{
	const struct bl_arch *a = bl_arch_find("arm64");

	EXPECT(a, call, "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7");
	EXPECT(a, syscall, "orig_x0", "x1", "x2", "x3", "x4", "x5");
	ck_assert_str_eq(bl_arch_reg(a, a->ret_reg)->name, "x0");
	ck_assert_str_eq(bl_arch_reg(a, a->sp_reg)->name, "sp");
	ck_assert_str_eq(bl_arch_reg(a, a->ip_reg)->name, "pc");
	ck_assert_str_eq(bl_arch_reg(a, a->fp_reg)->name, "x29");
	ck_assert_ptr_eq(bl_arch_reg(a, "fp"), bl_arch_reg(a, "x29"));
	ck_assert_ptr_eq(bl_arch_reg(a, "lr"), bl_arch_reg(a, "x30"));
	ck_assert_str_eq(a->syscall_prefix, "__arm64_sys_");
	ck_assert_str_eq(a->bpf_target, "arm64");
}
END_TEST

/* AAPCS32: r0..r3, result in r0; a syscall's 1st argument from ORIG_r0;
 * no syscall wrapper, so sys_NAME. */
START_TEST(conventions_arm)
{
	const struct bl_arch *a = bl_arch_find("arm");

	EXPECT(a, call, "r0", "r1", "r2", "r3");
	EXPECT(a, syscall, "ORIG_r0", "r1", "r2", "r3", "r4", "r5");
	ck_assert_str_eq(bl_arch_reg(a, a->ret_reg)->name, "r0");
	ck_assert_str_eq(bl_arch_reg(a, a->sp_reg)->name, "sp");
	ck_assert_str_eq(bl_arch_reg(a, a->ip_reg)->name, "pc");
	ck_assert_str_eq(bl_arch_reg(a, a->fp_reg)->name, "fp");
	ck_assert_ptr_eq(bl_arch_asm_reg(a, "r11", NULL), bl_arch_reg(a, "fp"));
	ck_assert_ptr_eq(bl_arch_asm_reg(a, "r13", NULL), bl_arch_reg(a, "sp"));
	ck_assert_ptr_eq(bl_arch_asm_reg(a, "sl", NULL), bl_arch_reg(a, "r10"));
	ck_assert_str_eq(a->syscall_prefix, "sys_");
	ck_assert_ptr_null(a->syscall_wrapper_since);
	ck_assert_str_eq(a->bpf_target, "arm");
	for (size_t i = 0; i < a->reg_cnt; i++)
		ck_assert_uint_eq(a->regs[i].size, 4);
}
END_TEST

START_TEST(find_by_name)
{
	static const struct { const char *name, *arch; } cases[] = {
		{ "x86_64", "x86_64" }, { "x86", "x86_64" }, { "amd64", "x86_64" },
		{ "X86_64", "x86_64" }, { "arm64", "arm64" }, { "aarch64", "arm64" },
		{ "AArch64", "arm64" }, { "arm", "arm" }, { "armv7", "arm" }, { "armv7l", "arm" },
		{ "armhf", "arm" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct bl_arch *a = bl_arch_find(cases[i].name);

		ck_assert_msg(a != NULL, "'%s' not found", cases[i].name);
		ck_assert_str_eq(a->name, cases[i].arch);
	}
	ck_assert_ptr_null(bl_arch_find("i386"));
	ck_assert_ptr_null(bl_arch_find("arm32"));
	ck_assert_ptr_null(bl_arch_find(""));
	ck_assert_ptr_null(bl_arch_find(NULL));
	ck_assert_ptr_eq(bl_arch_at(0), &bl_arch_x86_64);
	ck_assert_ptr_eq(bl_arch_at(1), &bl_arch_arm64);
	ck_assert_ptr_eq(bl_arch_at(2), &bl_arch_arm);
	ck_assert_ptr_null(bl_arch_at(3));
}
END_TEST

/* bl_arch_native is what uname says this machine is (the tests run on
 * the machine they were built for). */
START_TEST(native_is_uname)
{
	struct utsname u;
	const struct bl_arch *a = bl_arch_native();

	ck_assert_int_eq(uname(&u), 0);
	if (!strcmp(u.machine, "x86_64") || !strcmp(u.machine, "aarch64") ||
	    !strcmp(u.machine, "armv7l")) {
		ck_assert_ptr_nonnull(a);
		ck_assert_ptr_eq(a, bl_arch_find(u.machine));
	}
}
END_TEST

/* The generated table against __NR_ of the UAPI header, both ways. */
START_TEST(syscalls_match_uapi)
{
	const struct ut_uapi *u = uapis[_i];
	const struct bl_arch *a = arch_of(u);

	for (size_t i = 0; i < u->nr_cnt; i++) {
		const char *name = u->nrs[i].name;

		ck_assert_msg(bl_arch_syscall_nr(a, name) == u->nrs[i].nr, "%s: %s is %d, __NR_%s is %ld",
			      a->name, name, bl_arch_syscall_nr(a, name), name, u->nrs[i].nr);
		ck_assert_str_eq(bl_arch_syscall_name(a, (int)u->nrs[i].nr), name);
	}
	if (u->nr_syscalls >= 0)
		ck_assert_int_eq(a->syscalls[a->syscall_cnt - 1].nr + 1, u->nr_syscalls);
}
END_TEST

/* The numbers issue 3 names, spelled out. */
START_TEST(syscall_numbers_known)
{
	const struct bl_arch *x = bl_arch_find("x86_64"), *arm = bl_arch_find("arm64");

	ck_assert_int_eq(bl_arch_syscall_nr(x, "fchmodat"), 268);
	ck_assert_int_eq(bl_arch_syscall_nr(arm, "fchmodat"), 53);
	ck_assert_int_eq(bl_arch_syscall_nr(x, "openat"), 257);
	ck_assert_int_eq(bl_arch_syscall_nr(arm, "openat"), 56);
	ck_assert_int_eq(bl_arch_syscall_nr(x, "getppid"), 110);
	ck_assert_int_eq(bl_arch_syscall_nr(arm, "getppid"), 173);
	/* arm64 has no open(2), x86_64 has */
	ck_assert_int_eq(bl_arch_syscall_nr(arm, "open"), -ENOENT);
	ck_assert_int_eq(bl_arch_syscall_nr(x, "open"), 2);
	ck_assert_int_eq(bl_arch_syscall_nr(x, "nosuch"), -ENOENT);
	ck_assert_int_eq(bl_arch_syscall_nr(x, NULL), -ENOENT);
	ck_assert_ptr_null(bl_arch_syscall_name(x, -1));
	ck_assert_ptr_null(bl_arch_syscall_name(x, 100000));
	/* 32-bit arm: the EABI numbers; open(2) exists */
	ck_assert_int_eq(bl_arch_syscall_nr(bl_arch_find("arm"), "fchmodat"), 333);
	ck_assert_int_eq(bl_arch_syscall_nr(bl_arch_find("arm"), "openat"), 322);
	ck_assert_int_eq(bl_arch_syscall_nr(bl_arch_find("arm"), "open"), 5);
	ck_assert_int_eq(bl_arch_syscall_nr(bl_arch_find("arm"), "bpf"), 386);
	ck_assert_int_eq(bl_arch_syscall_nr(bl_arch_find("arm"), "SYSCALL_BASE"), -ENOENT);
	ck_assert_int_eq(bl_arch_syscall_nr(bl_arch_find("arm"), "sync_file_range2"), -ENOENT);
	/* not calls: the table size and asm-generic's range marker */
	ck_assert_int_eq(bl_arch_syscall_nr(arm, "syscalls"), -ENOENT);
	ck_assert_int_eq(bl_arch_syscall_nr(arm, "arch_specific_syscall"), -ENOENT);
}
END_TEST

/* Sorted by number; names and numbers unique; name <-> number inverse. */
START_TEST(syscall_table_consistent)
{
	const struct bl_arch *a = arch_of(uapis[_i]);

	ck_assert_uint_gt(a->syscall_cnt, 250);
	const char *name;
	int nr, prev = -1;
	size_t i;

	for (i = 0; (name = bl_arch_syscall_at(a, i, &nr)); i++) {
		ck_assert_int_gt(nr, prev);
		prev = nr;
		ck_assert_uint_gt(strlen(name), 0);
		ck_assert_int_eq(bl_arch_syscall_nr(a, name), nr);
		ck_assert_str_eq(bl_arch_syscall_name(a, nr), name);
	}
	ck_assert_uint_eq(i, a->syscall_cnt);
}
END_TEST

/* The generated header: each macro reads the register the table says, the
 * plain ones from ctx without bpf_probe_read_kernel, the _SYSCALL ones
 * from the struct PT_REGS_SYSCALL_REGS points to, through it. */
START_TEST(generated_header)
{
	void (*const eval[])(const void *, const void *, struct ut_hdr_vals *) = {
		ut_regs_hdr_x86_64, ut_regs_hdr_arm64, ut_regs_hdr_arm,
	};
	const struct bl_arch *a = arch_of(uapis[_i]);
	unsigned long ctx[64], ctx2[64], inner[64];
	const struct bl_arch_reg *arg1 = bl_arch_call_arg(a, 1);
	void *in = inner;
	struct ut_hdr_vals v;

	/* each register holds base + its own byte offset, in its own size
	 * (little-endian, as every arch/ table is) */
	memset(ctx, 0, sizeof(ctx));
	memset(ctx2, 0, sizeof(ctx2));
	memset(inner, 0, sizeof(inner));
	for (size_t i = 0; i < a->reg_cnt; i++) {
		const struct bl_arch_reg *r = &a->regs[i];
		unsigned long c = 0x1000UL + r->offset, n = 0x2000UL + r->offset;

		ck_assert_uint_le(r->offset + r->size, sizeof(ctx));
		memcpy((char *)ctx + r->offset, &c, r->size);
		memcpy((char *)inner + r->offset, &n, r->size);
	}
	/* with a syscall wrapper, argument 1 points to the user's registers;
	 * without, they are the context itself */
	if (a->syscall_wrapper_since) {
		ck_assert_uint_eq(arg1->size, sizeof(in));
		memcpy((char *)ctx2 + arg1->offset, &in, sizeof(in));
		eval[_i](ctx, ctx2, &v);
		ck_assert_ptr_eq(v.syscall_regs, inner);
	} else {
		eval[_i](ctx, inner, &v);
		ck_assert_ptr_null(v.syscall_regs);
	}

	ck_assert_str_eq(v.arch, a->name);
	ck_assert_str_eq(v.prefix, a->syscall_prefix);
	ck_assert_uint_eq(v.parm_cnt, a->call_arg_cnt);
	for (unsigned n = 1; n <= a->call_arg_cnt; n++)
		ck_assert_msg(v.parm[n - 1] == 0x1000UL + bl_arch_call_arg(a, n)->offset,
			      "%s: PT_REGS_PARM%u read offset %lu, the table says %s at %u", a->name,
			      n, v.parm[n - 1] - 0x1000, bl_arch_call_arg(a, n)->name,
			      bl_arch_call_arg(a, n)->offset);
	ck_assert_uint_eq(v.rc, 0x1000 + bl_arch_reg(a, a->ret_reg)->offset);
	ck_assert_uint_eq(v.sp, 0x1000 + bl_arch_reg(a, a->sp_reg)->offset);
	ck_assert_uint_eq(v.ip, 0x1000 + bl_arch_reg(a, a->ip_reg)->offset);
	ck_assert_uint_eq(v.fp, 0x1000 + bl_arch_reg(a, a->fp_reg)->offset);
	ck_assert_uint_eq(v.plain_kernel_reads, 0);

	ck_assert_uint_eq(v.sparm_cnt, a->syscall_arg_cnt);
	for (unsigned n = 1; n <= a->syscall_arg_cnt; n++)
		ck_assert_msg(v.sparm[n - 1] == 0x2000UL + bl_arch_syscall_arg(a, n)->offset,
			      "%s: PT_REGS_PARM%u_SYSCALL read offset %lu, the table says %s at %u",
			      a->name, n, v.sparm[n - 1] - 0x2000, bl_arch_syscall_arg(a, n)->name,
			      bl_arch_syscall_arg(a, n)->offset);
	ck_assert_uint_eq(v.src, 0x2000 + bl_arch_reg(a, a->ret_reg)->offset);
	ck_assert_uint_eq(v.ssp, 0x2000 + bl_arch_reg(a, a->sp_reg)->offset);
	ck_assert_uint_eq(v.sip, 0x2000 + bl_arch_reg(a, a->ip_reg)->offset);
	ck_assert_uint_eq(v.sfp, 0x2000 + bl_arch_reg(a, a->fp_reg)->offset);
	ck_assert_uint_eq(v.syscall_kernel_reads, a->syscall_arg_cnt + 4);
}
END_TEST

Suite *suite_arch(void)
{
	Suite *s = suite_create("arch");
	TCase *tc = tcase_create("tables");

	tcase_add_loop_test(tc, regs_match_uapi, 0, N_ARCH);
	tcase_add_loop_test(tc, regs_ordered_and_unique, 0, N_ARCH);
	tcase_add_test(tc, conventions_x86_64);
	tcase_add_test(tc, conventions_arm64);
	tcase_add_test(tc, conventions_arm);
	tcase_add_test(tc, find_by_name);
	tcase_add_test(tc, native_is_uname);
	suite_add_tcase(s, tc);

	tc = tcase_create("syscalls");
	tcase_add_loop_test(tc, syscalls_match_uapi, 0, N_ARCH);
	tcase_add_test(tc, syscall_numbers_known);
	tcase_add_loop_test(tc, syscall_table_consistent, 0, N_ARCH);
	suite_add_tcase(s, tc);

	tc = tcase_create("generated_header");
	tcase_add_loop_test(tc, generated_header, 0, N_ARCH);
	suite_add_tcase(s, tc);

	suite_add_tcase(s, tcase_arch_docs());
	return s;
}
