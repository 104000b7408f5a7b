/* arch/arm64.c — AArch64: struct pt_regs and the calling conventions.
 *
 * Mirrors:
 *   the context           arch/arm64/include/asm/ptrace.h: struct pt_regs
 *                         begins with the UAPI struct user_pt_regs
 *                         (<asm/ptrace.h>: regs[31], sp, pc, pstate), and
 *                         orig_x0 follows it.  Names as in the kernel's
 *                         regoffset_table (arch/arm64/kernel/ptrace.c),
 *                         which kprobe_events uses too (%x0, %sp, %pc).
 *   function calls        the Procedure Call Standard for the Arm 64-bit
 *                         Architecture (AAPCS64): integer arguments in
 *                         x0..x7, result in x0, x29 frame pointer, x30
 *                         link register.
 *   system calls          arguments in x0..x5 (syscall(2)), but the kernel
 *                         reads the first from orig_x0: regs[0] is also the
 *                         return value slot (syscall_get_arguments() in
 *                         arch/arm64/include/asm/syscall.h).  See docs/arch.md.
 *   the syscall wrapper   arch/arm64/include/asm/syscall_wrapper.h (Linux
 *                         4.19): __arm64_sys_NAME(const struct pt_regs *regs).
 *   syscall numbers       <asm/unistd.h> = <asm-generic/unistd.h> with
 *                         arm64's __ARCH_WANT_* switches, turned into
 *                         build/gen/syscalls_arm64.h by arch/gen/syscalls.sh.
 */
#include "arch.h"

#define X(n) { "x" #n, NULL, 8 * (n), 8 }

static const struct bl_arch_reg regs[] = {
	X(0), X(1), X(2), X(3), X(4), X(5), X(6), X(7),
	X(8), X(9), X(10), X(11), X(12), X(13), X(14), X(15),
	X(16), X(17), X(18), X(19), X(20), X(21), X(22), X(23),
	X(24), X(25), X(26), X(27), X(28),
	{ "x29", "fp", 232, 8 },	/* frame pointer */
	{ "x30", "lr", 240, 8 },	/* link register: the return address */
	{ "sp", NULL, 248, 8 },
	{ "pc", NULL, 256, 8 },
	{ "pstate", NULL, 264, 8 },
	/* Kernel struct pt_regs only, right after struct user_pt_regs: x0
	 * as it was on syscall entry. */
	{ "orig_x0", NULL, 272, 8 },
};

static const char *const call_args[] = { "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7" };
static const char *const syscall_args[] = { "orig_x0", "x1", "x2", "x3", "x4", "x5" };
static const char *const aliases[] = { "aarch64", NULL };

/* syscall_names and syscalls */
#include "syscalls_arm64.h"

const struct bl_arch bl_arch_arm64 = {
	.name = "arm64",
	.aliases = aliases,
	.bpf_target = "arm64",
	.ctx_type = "struct pt_regs (struct user_pt_regs, then orig_x0)",
	.ptrace_header = "<asm/ptrace.h>",
	.unistd_header = "<asm/unistd.h> (<asm-generic/unistd.h>)",
	.regs = regs,
	.reg_cnt = sizeof(regs) / sizeof(regs[0]),
	.call_args = call_args,
	.call_arg_cnt = sizeof(call_args) / sizeof(call_args[0]),
	.syscall_args = syscall_args,
	.syscall_arg_cnt = sizeof(syscall_args) / sizeof(syscall_args[0]),
	.ret_reg = "x0",
	.sp_reg = "sp",
	.ip_reg = "pc",
	.fp_reg = "x29",
	.syscall_prefix = "__arm64_sys_",
	.syscall_wrapper_since = "4.19",
	.asm_regs = &bl_arch_arm64_asm,
	.syscall_names = syscall_names,
	.syscalls = syscalls,
	.syscall_cnt = sizeof(syscalls) / sizeof(syscalls[0]),
};
