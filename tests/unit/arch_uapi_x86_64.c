/* tests/unit/arch_uapi_x86_64.c — x86_64's struct pt_regs and syscall
 * numbers straight from the kernel's UAPI headers (<asm/ptrace.h>,
 * <asm/unistd_64.h>), for tests/unit/test_arch.c to compare arch/x86_64.c
 * with.  The UAPI struct uses the older member names (rdi, orig_rax,
 * eflags); arch/ uses the kernel's (di, orig_ax, flags), as kprobe_events
 * does. */
#include <stddef.h>

#include <asm/ptrace.h>
#include <asm/unistd_64.h>

#include "arch_test.h"

#define U(name, member) \
	{ name, #member, offsetof(struct pt_regs, member), sizeof(((struct pt_regs *)0)->member) }

static const struct ut_uapi_reg regs[] = {
	U("r15", r15), U("r14", r14), U("r13", r13), U("r12", r12),
	U("bp", rbp), U("bx", rbx), U("r11", r11), U("r10", r10),
	U("r9", r9), U("r8", r8), U("ax", rax), U("cx", rcx),
	U("dx", rdx), U("si", rsi), U("di", rdi), U("orig_ax", orig_rax),
	U("ip", rip), U("cs", cs), U("flags", eflags), U("sp", rsp),
	U("ss", ss),
};

#define N(name) { #name, __NR_##name }

static const struct ut_uapi_nr nrs[] = {
	N(read), N(write), N(openat), N(fchmodat), N(getppid), N(execve),
	N(clone3), N(bpf), N(perf_event_open), N(fcntl), N(mmap), N(newfstatat),
	N(fstat), N(pread64), N(kill), N(exit_group),
};

const struct ut_uapi ut_uapi_x86_64 = {
	.arch = "x86_64",
	.regs = regs,
	.reg_cnt = sizeof(regs) / sizeof(regs[0]),
	.ctx_size = sizeof(struct pt_regs),
	.nrs = nrs,
	.nr_cnt = sizeof(nrs) / sizeof(nrs[0]),
#ifdef __NR_syscalls
	.nr_syscalls = __NR_syscalls,
#else
	.nr_syscalls = -1,
#endif
};
