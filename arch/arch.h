/* arch/arch.h — what a kprobe program needs to know about the machine it
 * runs on, one table per architecture (arch/x86_64.c, arch/arm64.c,
 * arch/arm.c).
 *
 * A kprobe program's context is the register set the kprobe saved: the
 * kernel's struct pt_regs (arch/<arch>/include/asm/ptrace.h; its UAPI
 * twin is <asm/ptrace.h>).  Reading "argument 2" or "the return value"
 * means reading the right register at the right byte offset of it, and
 * which register that is depends on the architecture's calling
 * convention, and differs between a normal function call and a system
 * call.  System call numbers differ too (<asm/unistd.h>).
 *
 * These tables are the one source of truth: the `bpfload regs` and
 * `bpfload syscall` commands print them, and the PT_REGS_* macros of the
 * BPF-side header (build/gen/bpfload_regs_<arch>.h, included by
 * bpf-progs/bpfload.bpf.h) are generated from them by arch/gen/regs_header.c.
 * The unit tests check every offset against the kernel's UAPI headers
 * (tests/unit/test_arch.c).  docs/arch.md explains the tables.
 */
#ifndef BL_ARCH_H
#define BL_ARCH_H

#include <stddef.h>
#include <stdint.h>

/* One slot of the context. */
struct bl_arch_reg {
	const char *name;	/* the kernel's name, also the kprobe_events fetch
				 * argument name (%di, %x0): arch/<arch>/kernel/ptrace.c
				 * regoffset_table */
	const char *alias;	/* another accepted name (the UAPI struct's member
				 * name, or the assembler's), or NULL */
	unsigned short offset;	/* bytes from the start of the context */
	unsigned char size;	/* bytes */
};

/* One system call: <asm/unistd.h>'s __NR_<name>, packed in 4 bytes (a
 * pointer and an int took 16, and a relocation each; the tables of both
 * architectures hold about 700 calls). Read through bl_arch_syscall_at. */
struct bl_syscall {
	uint16_t name;	/* offset of the name (without __NR_) in syscall_names */
	uint16_t nr;
};

/* A register, or the low part of one, as the assembler names it
 * ("%eax", "w1"): what USDT argument specs write (<sys/sdt.h> lets the
 * compiler print each operand; docs/usdt.md). Each is a slot of the
 * context (reg, a name of regs[]); a part is its low size bytes, which
 * on these little-endian machines start at the slot's own offset. */
struct bl_arch_asm_reg {
	const char *name;	/* "eax", "r8d", "w1", "sp" */
	const char *reg;	/* the slot: "ax", "r8", "x1", "sp" */
	unsigned char size;	/* bytes the name covers: 8, 4, 2, 1 */
};

struct bl_arch_asm_regs {
	const struct bl_arch_asm_reg *regs;
	size_t cnt;
};

struct bl_arch {
	const char *name;		/* "x86_64", "arm64", "arm" (the kernel's ARCH is
					 * "x86", "arm64", "arm") */
	const char *const *aliases;	/* other accepted names, NULL-terminated */
	const char *bpf_target;		/* X in clang -D__TARGET_ARCH_X */
	const char *ctx_type;		/* what the context is, in the kernel headers' words */
	const char *ptrace_header;	/* the UAPI header the offsets mirror */
	const char *unistd_header;	/* the UAPI header the syscall numbers come from */

	const struct bl_arch_reg *regs;	/* in offset order */
	size_t reg_cnt;

	/* Registers (by name) that hold arguments 1..n. */
	const char *const *call_args;	/* of a normal function call */
	size_t call_arg_cnt;
	const char *const *syscall_args; /* of a system call (see syscall_prefix) */
	size_t syscall_arg_cnt;

	const char *ret_reg;		/* the return value */
	const char *sp_reg;		/* the stack pointer */
	const char *ip_reg;		/* the instruction pointer */
	const char *fp_reg;		/* the frame pointer */

	/* A system call NAME is implemented by the function PREFIX NAME
	 * ("__x64_sys_openat"), which takes one argument: a pointer to the
	 * struct pt_regs that user space entered the kernel with.  The
	 * system call's own arguments are in that struct, in syscall_args.
	 * Where the architecture has no such wrapper (32-bit ARM),
	 * syscall_wrapper_since is NULL and PREFIX NAME ("sys_openat") takes
	 * the call's arguments as a normal function: call_args. */
	const char *syscall_prefix;
	const char *syscall_wrapper_since; /* the kernel version that brought it, or NULL */

	/* The assembler's register names (arch/<arch>_asm.c). */
	const struct bl_arch_asm_regs *asm_regs;

	/* Generated from unistd_header, by number. */
	const char *syscall_names;	/* NUL-terminated, one after the other */
	const struct bl_syscall *syscalls;
	size_t syscall_cnt;
};

/* The tables: arch/x86_64.c, arch/arm64.c, arch/arm.c; their assembler
 * names: arch/x86_64_asm.c, arch/arm64_asm.c, arch/arm_asm.c. */
extern const struct bl_arch bl_arch_x86_64;
extern const struct bl_arch bl_arch_arm64;
extern const struct bl_arch bl_arch_arm;
extern const struct bl_arch_asm_regs bl_arch_x86_64_asm;
extern const struct bl_arch_asm_regs bl_arch_arm64_asm;
extern const struct bl_arch_asm_regs bl_arch_arm_asm;

/* The architectures bpfload knows, i = 0, 1, ...; NULL past the last. */
const struct bl_arch *bl_arch_at(size_t i);

/* By name or alias: "x86_64", "x86", "amd64", "arm64", "aarch64", "arm",
 * "armv7", "armhf" (case does not matter). NULL if unknown. */
const struct bl_arch *bl_arch_find(const char *name);

/* The architecture this bpfload was compiled for; NULL if it is none of
 * the above. */
const struct bl_arch *bl_arch_native(void);

/* The register called name (or alias), NULL if the arch has none. */
const struct bl_arch_reg *bl_arch_reg(const struct bl_arch *arch, const char *name);

/* The register that holds argument n (1-based) of a normal call / of a
 * system call; NULL when n is 0 or more than the arch passes in registers. */
const struct bl_arch_reg *bl_arch_call_arg(const struct bl_arch *arch, unsigned n);
const struct bl_arch_reg *bl_arch_syscall_arg(const struct bl_arch *arch, unsigned n);

/* The slot of the assembler's register name (without '%'), and in
 * *size (may be NULL) how many of its bytes the name covers; NULL when
 * the arch has no such register. */
const struct bl_arch_reg *bl_arch_asm_reg(const struct bl_arch *arch, const char *name,
					  unsigned *size);

/* What r holds, into buf: "argument 1, syscall argument 1", "return
 * value", ... ("" if nothing). Returns buf. */
const char *bl_arch_reg_uses(const struct bl_arch *arch, const struct bl_arch_reg *r, char *buf,
			     size_t size);

/* System call number of name (without __NR_), or -ENOENT. */
int bl_arch_syscall_nr(const struct bl_arch *arch, const char *name);

/* Name of system call nr, or NULL. */
const char *bl_arch_syscall_name(const struct bl_arch *arch, int nr);

/* The i-th system call by number (0 ... syscall_cnt - 1): its name, and
 * its number in *nr; NULL past the last. */
const char *bl_arch_syscall_at(const struct bl_arch *arch, size_t i, int *nr);

#endif
