/* tests/unit/arch_uapi_arm.c — 32-bit arm's register layout and syscall
 * numbers straight from its UAPI headers, whichever machine builds this:
 * the GNUmakefile compiles this file with -I/usr/arm-linux-gnueabihf/include
 * (Debian's linux-libc-dev-armhf-cross) and -D__ARM_EABI__ (which an ARM
 * compiler defines: <asm/unistd.h> then gives the EABI numbers), so
 * <asm/ptrace.h> and <asm/unistd.h> below are arm's.  For
 * tests/unit/test_arch.c to compare arch/arm.c with.
 *
 * struct pt_regs is "long uregs[18]" and the ARM_xx macros name its
 * elements (ARM_r0 is uregs[0], ARM_ORIG_r0 uregs[17]).  A long is 4 bytes
 * on arm (AAPCS32, ILP32) but maybe 8 on the machine compiling this, so
 * the offsets are taken as the element's index (offsetof / sizeof on this
 * machine, whatever its long) times 4. */
#include <stddef.h>

#include <asm/ptrace.h>
#include <asm/unistd.h>

#include "arch_test.h"

#if !defined(__NR_openat) || __NR_openat != 322
#error "not arm's EABI <asm/unistd.h>: compile with -D__ARM_EABI__ -I<arm UAPI headers> (see GNUmakefile)"
#endif

#define PR struct pt_regs
#define ARM_LONG 4
#define NREGS (sizeof(PR) / sizeof(((PR *)0)->uregs[0]))
_Static_assert(sizeof(PR) / sizeof(((PR *)0)->uregs[0]) == 18, "struct pt_regs is not uregs[18]");

#define IDX(m) (offsetof(PR, m) / sizeof(((PR *)0)->uregs[0]))
#define A(name, m) { #name, #m, ARM_LONG * IDX(m), ARM_LONG }

static const struct ut_uapi_reg regs[] = {
	A(r0, ARM_r0), A(r1, ARM_r1), A(r2, ARM_r2), A(r3, ARM_r3), A(r4, ARM_r4),
	A(r5, ARM_r5), A(r6, ARM_r6), A(r7, ARM_r7), A(r8, ARM_r8), A(r9, ARM_r9),
	A(r10, ARM_r10), A(fp, ARM_fp), A(ip, ARM_ip), A(sp, ARM_sp), A(lr, ARM_lr),
	A(pc, ARM_pc), A(cpsr, ARM_cpsr), A(ORIG_r0, ARM_ORIG_r0),
};

#define N(name) { #name, __NR_##name }

static const struct ut_uapi_nr nrs[] = {
	N(read), N(write), N(open), N(openat), N(fchmodat), N(getppid), N(execve),
	N(clone3), N(bpf), N(perf_event_open), N(kill), N(exit_group), N(pread64),
	/* 32-bit forms: the 64-bit offsets and stat of a 32-bit ABI */
	N(fcntl64), N(mmap2), N(fstatat64), N(fstat64), N(_llseek), N(arm_fadvise64_64),
	/* arm's own (sync_file_range2 is another name of it, left out) */
	N(arm_sync_file_range),
};

const struct ut_uapi ut_uapi_arm = {
	.arch = "arm",
	.regs = regs,
	.reg_cnt = sizeof(regs) / sizeof(regs[0]),
	.ctx_size = ARM_LONG * NREGS,
	.nrs = nrs,
	.nr_cnt = sizeof(nrs) / sizeof(nrs[0]),
#ifdef __NR_syscalls
	.nr_syscalls = __NR_syscalls,
#else
	.nr_syscalls = -1,
#endif
};
