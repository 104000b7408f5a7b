/* arch/x86_64.c — x86-64: struct pt_regs and the calling conventions.
 *
 * Mirrors:
 *   struct pt_regs        arch/x86/include/asm/ptrace.h (the kernel's names,
 *                         which kprobe_events also uses: %di, %ax, ...);
 *                         its UAPI twin <asm/ptrace.h> has the same layout
 *                         under the older names (rdi, rax, ...): the aliases.
 *   function calls        the System V AMD64 psABI, section 3.2.3: integer
 *                         arguments in rdi rsi rdx rcx r8 r9, result in rax.
 *   system calls          the psABI, appendix A.2.1, and the comment above
 *                         entry_SYSCALL_64 in arch/x86/entry/entry_64.S: the
 *                         4th argument is in r10, because the syscall
 *                         instruction writes the return address into rcx.
 *   the syscall wrapper   arch/x86/include/asm/syscall_wrapper.h (Linux 4.17):
 *                         __x64_sys_NAME(const struct pt_regs *regs).
 *   syscall numbers       <asm/unistd_64.h>, turned into
 *                         build/gen/syscalls_x86_64.h by arch/gen/syscalls.sh.
 */
#include "arch.h"

#define R(name, alias, off) { name, alias, off, 8 }

static const struct bl_arch_reg regs[] = {
	/* Callee-saved: only saved on entry when a full pt_regs is needed. */
	R("r15", NULL, 0),
	R("r14", NULL, 8),
	R("r13", NULL, 16),
	R("r12", NULL, 24),
	R("bp", "rbp", 32),
	R("bx", "rbx", 40),
	/* Caller-saved: always saved on kernel entry. */
	R("r11", NULL, 48),
	R("r10", NULL, 56),
	R("r9", NULL, 64),
	R("r8", NULL, 72),
	R("ax", "rax", 80),
	R("cx", "rcx", 88),
	R("dx", "rdx", 96),
	R("si", "rsi", 104),
	R("di", "rdi", 112),
	/* The syscall number on syscall entry, the error code of an
	 * exception, the vector of an interrupt. */
	R("orig_ax", "orig_rax", 120),
	/* The frame iretq returns through. */
	R("ip", "rip", 128),
	R("cs", NULL, 136),
	R("flags", "eflags", 144),
	R("sp", "rsp", 152),
	R("ss", NULL, 160),
};

static const char *const call_args[] = { "di", "si", "dx", "cx", "r8", "r9" };
static const char *const syscall_args[] = { "di", "si", "dx", "r10", "r8", "r9" };
static const char *const aliases[] = { "x86", "amd64", "x86-64", "x64", NULL };

/* syscall_names and syscalls */
#include "syscalls_x86_64.h"

const struct bl_arch bl_arch_x86_64 = {
	.name = "x86_64",
	.aliases = aliases,
	.bpf_target = "x86",
	.ctx_type = "struct pt_regs",
	.ptrace_header = "<asm/ptrace.h>",
	.unistd_header = "<asm/unistd_64.h>",
	.regs = regs,
	.reg_cnt = sizeof(regs) / sizeof(regs[0]),
	.call_args = call_args,
	.call_arg_cnt = sizeof(call_args) / sizeof(call_args[0]),
	.syscall_args = syscall_args,
	.syscall_arg_cnt = sizeof(syscall_args) / sizeof(syscall_args[0]),
	.ret_reg = "ax",
	.sp_reg = "sp",
	.ip_reg = "ip",
	.fp_reg = "bp",
	.syscall_prefix = "__x64_sys_",
	.syscall_wrapper_since = "4.17",
	.asm_regs = &bl_arch_x86_64_asm,
	.syscall_names = syscall_names,
	.syscalls = syscalls,
	.syscall_cnt = sizeof(syscalls) / sizeof(syscalls[0]),
};
