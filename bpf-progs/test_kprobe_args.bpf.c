/* test_kprobe_args.bpf.c - test object: the PT_REGS_* macros read the
 * right registers in real kprobes, on each architecture.
 *
 * For the kprobe tests (they run in the VMs, x86_64 and arm64). The test
 * writes its tgid into target_tgid[0], then calls
 *   fchownat(AT_FDCWD, "/nonexistent/...", 4242, 4343, AT_SYMLINK_NOFOLLOW)
 * (it fails with ENOENT, after the probes fired) and unlinkat(fd, ...),
 * and compares what the programs stored in args[] with what it passed:
 *   args[0..4]  ksyscall/fchownat: PT_REGS_PARM1..5_SYSCALL, read from the
 *               user's pt_regs (argument 4 is r10 on x86_64; argument 1 is
 *               orig_x0 on arm64, x0 having been overwritten)
 *   args[5]     kprobe/do_unlinkat: (int)PT_REGS_PARM1, the dfd
 *   args[6]     kretsyscall/fchownat: PT_REGS_RC, the syscall's result
 *
 * 32-bit arm has no syscall wrapper: ksyscall/fchownat is a kprobe on
 * sys_fchownat(dfd, filename, user, group, flag) itself, whose arguments
 * 1..4 are r0..r3 (PT_REGS_PARM1..4(ctx)) and argument 5 the word at the
 * stack pointer (the AAPCS; vector_swi pushed r4 there, arch/arm/kernel/
 * entry-common.S), read with bpf_probe_read_kernel.
 */
#include "bpfload.bpf.h"

BL_LEGACY_MAP(args, BPF_MAP_TYPE_ARRAY, __u32, __u64, 8);
BL_LEGACY_MAP(target_tgid, BPF_MAP_TYPE_ARRAY, __u32, __u32, 1);

static __always_inline int mine(void)
{
	__u32 zero = 0, tgid = bpf_get_current_pid_tgid() >> 32;
	__u32 *want = bpf_map_lookup_elem(&target_tgid, &zero);

	return want && *want == tgid;
}

static __always_inline void store(__u32 slot, __u64 value)
{
	__u64 *a = bpf_map_lookup_elem(&args, &slot);

	if (a)
		*a = value;
}

#ifdef PT_REGS_SYSCALL_REGS
SEC("ksyscall/fchownat")
int syscall_args(struct pt_regs *ctx)
{
	struct pt_regs *regs = PT_REGS_SYSCALL_REGS(ctx);

	if (!mine())
		return 0;
	store(0, PT_REGS_PARM1_SYSCALL(regs));
	store(1, PT_REGS_PARM2_SYSCALL(regs));
	store(2, PT_REGS_PARM3_SYSCALL(regs));
	store(3, PT_REGS_PARM4_SYSCALL(regs));
	store(4, PT_REGS_PARM5_SYSCALL(regs));
	return 0;
}
#else
SEC("ksyscall/fchownat")
int syscall_args(struct pt_regs *ctx)
{
	__u32 stacked = 0;

	if (!mine())
		return 0;
	store(0, PT_REGS_PARM1(ctx));
	store(1, PT_REGS_PARM2(ctx));
	store(2, PT_REGS_PARM3(ctx));
	store(3, PT_REGS_PARM4(ctx));
	bpf_probe_read_kernel(&stacked, sizeof(stacked), (const void *)PT_REGS_SP(ctx));
	store(4, stacked);
	return 0;
}
#endif

SEC("kprobe/do_unlinkat")
int function_arg(struct pt_regs *ctx)
{
	if (mine())
		store(5, (__u64)(__s64)(int)PT_REGS_PARM1(ctx));
	return 0;
}

SEC("kretsyscall/fchownat")
int syscall_ret(struct pt_regs *ctx)
{
	if (!mine())
		return 0;
#ifdef __TARGET_ARCH_arm
	/* r0 is 32 bits: its sign extended, as a 64-bit register has it */
	store(6, (__u64)(__s64)(int)PT_REGS_RC(ctx));
#else
	store(6, PT_REGS_RC(ctx));
#endif
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
