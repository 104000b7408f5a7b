/* arch/arm.c — 32-bit ARM (ARMv7, EABI, hard-float: Debian's armhf):
 * struct pt_regs and the calling conventions.
 *
 * Mirrors:
 *   the context           <asm/ptrace.h> (arch/arm/include/uapi/asm/ptrace.h):
 *                         struct pt_regs { long uregs[18]; }, the kernel's
 *                         too (arch/arm/include/asm/ptrace.h), with the
 *                         ARM_r0 .. ARM_ORIG_r0 macros naming the slots:
 *                         the aliases.  Every slot is a 32-bit long.  Names
 *                         as in the kernel's regoffset_table
 *                         (arch/arm/kernel/ptrace.c), which kprobe_events
 *                         uses too (%r0, %fp, %sp, %ORIG_r0).
 *   function calls        the Procedure Call Standard for the Arm
 *                         Architecture (AAPCS32), section 6.5: integer
 *                         arguments in r0..r3 (the rest on the stack),
 *                         result in r0; r11 (fp) the frame pointer of code
 *                         built in the ARM instruction set.
 *   system calls          EABI: the number in r7, arguments in r0..r5
 *                         (syscall(2)); the kernel reads the first from
 *                         ORIG_r0, since r0 is also the return value slot
 *                         (syscall_get_arguments() in
 *                         arch/arm/include/asm/syscall.h).
 *   no syscall wrapper    32-bit ARM does not select ARCH_HAS_SYSCALL_WRAPPER:
 *                         sys_NAME takes the call's arguments as a normal
 *                         function does (r0..r3, and r4, r5 which the entry
 *                         code also pushes: arch/arm/kernel/entry-common.S),
 *                         not a struct pt_regs *.  So syscall_wrapper_since
 *                         is NULL; see docs/arch.md.
 *   syscall numbers       <asm/unistd.h> with __ARM_EABI__ (<asm/unistd-eabi.h>,
 *                         __NR_SYSCALL_BASE 0; the old ABI's start at
 *                         0x900000), turned into build/gen/syscalls_arm.h
 *                         by arch/gen/syscalls.sh.
 */
#include "arch.h"

#define R(n) { "r" #n, "ARM_r" #n, 4 * (n), 4 }

static const struct bl_arch_reg regs[] = {
	R(0), R(1), R(2), R(3), R(4), R(5), R(6), R(7), R(8), R(9), R(10),
	{ "fp", "ARM_fp", 44, 4 },	/* r11: frame pointer */
	{ "ip", "ARM_ip", 48, 4 },	/* r12: intra-procedure scratch */
	{ "sp", "ARM_sp", 52, 4 },	/* r13 */
	{ "lr", "ARM_lr", 56, 4 },	/* r14: link register, the return address */
	{ "pc", "ARM_pc", 60, 4 },	/* r15 */
	{ "cpsr", "ARM_cpsr", 64, 4 },
	/* r0 as it was on syscall entry. */
	{ "ORIG_r0", "ARM_ORIG_r0", 68, 4 },
};

static const char *const call_args[] = { "r0", "r1", "r2", "r3" };
static const char *const syscall_args[] = { "ORIG_r0", "r1", "r2", "r3", "r4", "r5" };
static const char *const aliases[] = { "armv7", "armv7l", "armhf", NULL };

/* syscall_names and syscalls */
#include "syscalls_arm.h"

const struct bl_arch bl_arch_arm = {
	.name = "arm",
	.aliases = aliases,
	.bpf_target = "arm",
	.ctx_type = "struct pt_regs (long uregs[18], 32-bit)",
	.ptrace_header = "<asm/ptrace.h>",
	.unistd_header = "<asm/unistd.h> (<asm/unistd-eabi.h>)",
	.regs = regs,
	.reg_cnt = sizeof(regs) / sizeof(regs[0]),
	.call_args = call_args,
	.call_arg_cnt = sizeof(call_args) / sizeof(call_args[0]),
	.syscall_args = syscall_args,
	.syscall_arg_cnt = sizeof(syscall_args) / sizeof(syscall_args[0]),
	.ret_reg = "r0",
	.sp_reg = "sp",
	.ip_reg = "pc",
	.fp_reg = "fp",
	.syscall_prefix = "sys_",
	.syscall_wrapper_since = NULL,
	.asm_regs = &bl_arch_arm_asm,
	.syscall_names = syscall_names,
	.syscalls = syscalls,
	.syscall_cnt = sizeof(syscalls) / sizeof(syscalls[0]),
};
