/* tests/unit/arch_uapi_arm64.c — arm64's register layout and syscall
 * numbers straight from its UAPI headers, whichever machine builds this:
 * the GNUmakefile compiles this file with -I/usr/aarch64-linux-gnu/include
 * (Debian's linux-libc-dev-arm64-cross), so <asm/ptrace.h> and
 * <asm/unistd.h> below are arm64's, and so are the headers they pull in
 * (<asm/hwcap.h>, <asm/sve_context.h>, <asm/bitsperlong.h>,
 * <asm-generic/unistd.h>).  For tests/unit/test_arch.c to compare
 * arch/arm64.c with.
 *
 * The UAPI has struct user_pt_regs (regs[31], sp, pc, pstate).  The
 * kernel's struct pt_regs (arch/arm64/include/asm/ptrace.h, not UAPI)
 * starts with it and continues with "u64 orig_x0": so orig_x0 is at
 * sizeof(struct user_pt_regs). */
#include <stddef.h>

#include <asm/ptrace.h>
#include <asm/unistd.h>

#include "arch_test.h"

#if !defined(__NR_openat) || __NR_openat != 56
#error "not arm64's <asm/unistd.h>: compile with -I<arm64 UAPI headers> (see GNUmakefile)"
#endif

#define UPR struct user_pt_regs
#define X(n) { "x" #n, "regs[" #n "]", offsetof(UPR, regs[n]), sizeof(((UPR *)0)->regs[n]) }
#define U(member) { #member, #member, offsetof(UPR, member), sizeof(((UPR *)0)->member) }

static const struct ut_uapi_reg regs[] = {
	X(0), X(1), X(2), X(3), X(4), X(5), X(6), X(7),
	X(8), X(9), X(10), X(11), X(12), X(13), X(14), X(15),
	X(16), X(17), X(18), X(19), X(20), X(21), X(22), X(23),
	X(24), X(25), X(26), X(27), X(28), X(29), X(30),
	U(sp), U(pc), U(pstate),
	{ "orig_x0", "(kernel) orig_x0", sizeof(UPR), sizeof(__u64) },
};

#define N(name) { #name, __NR_##name }

static const struct ut_uapi_nr nrs[] = {
	N(read), N(write), N(openat), N(fchmodat), N(getppid), N(execve),
	N(clone3), N(bpf), N(perf_event_open), N(kill), N(exit_group), N(pread64),
	/* 64-bit forms of asm-generic's __NR3264_ calls */
	N(fcntl), N(mmap), N(newfstatat), N(fstat), N(lseek), N(fadvise64),
	/* there because arm64's <asm/unistd.h> sets __ARCH_WANT_RENAMEAT */
	N(renameat),
};

const struct ut_uapi ut_uapi_arm64 = {
	.arch = "arm64",
	.regs = regs,
	.reg_cnt = sizeof(regs) / sizeof(regs[0]),
	.ctx_size = sizeof(UPR) + sizeof(__u64),
	.nrs = nrs,
	.nr_cnt = sizeof(nrs) / sizeof(nrs[0]),
#ifdef __NR_syscalls
	.nr_syscalls = __NR_syscalls,
#else
	.nr_syscalls = -1,
#endif
};
