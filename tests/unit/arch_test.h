/* tests/unit/arch_test.h — what the unit tests of arch/ compare the tables
 * with.  The translation units behind it do not include check.h or the
 * project's headers, only the kernel's, so that each can be compiled
 * against one architecture's UAPI headers:
 *
 *   arch_uapi_x86_64.c     <asm/ptrace.h>, <asm/unistd_64.h> of x86_64
 *   arch_uapi_arm64.c      the same of arm64, from linux-libc-dev-arm64-cross
 *                          (-I/usr/aarch64-linux-gnu/include, see GNUmakefile)
 *   arch_uapi_arm.c        <asm/ptrace.h>, <asm/unistd.h> of 32-bit arm, from
 *                          linux-libc-dev-armhf-cross
 *   arch_regs_hdr_ARCH.c   the generated build/gen/bpfload_regs_ARCH.h,
 *                          its macros evaluated on a fake context
 */
#ifndef BL_ARCH_TEST_H
#define BL_ARCH_TEST_H

#include <stddef.h>

/* One register as the UAPI header has it. */
struct ut_uapi_reg {
	const char *name;	/* the name arch/ uses (the kernel's) */
	const char *member;	/* the UAPI struct's member, as written in C */
	size_t offset;		/* offsetof() */
	size_t size;		/* sizeof() */
};

/* One __NR_ constant. */
struct ut_uapi_nr {
	const char *name;
	long nr;
};

struct ut_uapi {
	const char *arch;
	const struct ut_uapi_reg *regs;
	size_t reg_cnt;
	size_t ctx_size;	/* the bytes the registers above cover */
	const struct ut_uapi_nr *nrs;
	size_t nr_cnt;
	long nr_syscalls;	/* __NR_syscalls (table size), -1 if not defined */
};

extern const struct ut_uapi ut_uapi_x86_64;
extern const struct ut_uapi ut_uapi_arm64;
extern const struct ut_uapi ut_uapi_arm;

/* What the generated macros returned on a fake context. */
#define UT_HDR_MAX 16
struct ut_hdr_vals {
	const char *arch;		/* BL_REGS_ARCH */
	const char *prefix;		/* BL_SYSCALL_PREFIX */
	size_t parm_cnt;		/* PT_REGS_PARM1.. defined */
	unsigned long parm[UT_HDR_MAX];
	unsigned long rc, sp, ip, fp;
	size_t sparm_cnt;		/* PT_REGS_PARM1_SYSCALL.. defined */
	unsigned long sparm[UT_HDR_MAX];
	unsigned long src, ssp, sip, sfp;
	unsigned plain_kernel_reads;	/* bpf_probe_read_kernel calls by the plain macros */
	unsigned syscall_kernel_reads;	/* ... by the _SYSCALL ones */
	void *syscall_regs;		/* PT_REGS_SYSCALL_REGS(ctx2); NULL without one */
};

/* Evaluates every macro: the plain ones on ctx, the _SYSCALL ones on
 * PT_REGS_SYSCALL_REGS(ctx2). */
void ut_regs_hdr_x86_64(const void *ctx, const void *ctx2, struct ut_hdr_vals *v);
void ut_regs_hdr_arm64(const void *ctx, const void *ctx2, struct ut_hdr_vals *v);
void ut_regs_hdr_arm(const void *ctx, const void *ctx2, struct ut_hdr_vals *v);

#endif
