/* test_pt_regs.bpf.c - every PT_REGS_* macro of bpfload.bpf.h in kprobe
 * programs, for the verifier: `bpfload verify` loads them without
 * attaching (no kprobe support needed), so the kernel checks that each
 * plain macro is a load from the context at an offset it allows
 * (kprobe_prog_is_valid_access(), kernel/trace/bpf_trace.c) and that the
 * _SYSCALL ones read through bpf_probe_read_kernel.  Built for each
 * target architecture (-D__TARGET_ARCH_x86, -D__TARGET_ARCH_arm64,
 * -D__TARGET_ARCH_arm).  32-bit arm passes 4 arguments in registers (no
 * PT_REGS_PARM5/6) and has no syscall wrapper (no PT_REGS_SYSCALL_REGS):
 * there its ksyscall program reads sys_getppid's registers from ctx, and
 * the _SYSCALL macros are checked on the raw tracepoint sys_enter's regs.
 *
 * Run:     bpfload verify build/bpf-progs/test_pt_regs.bpf.o
 * Output:  both programs accepted.  (bpfload run would attach them to
 *          vfs_read and to the getppid syscall and count into `seen`.)
 */
#include "bpfload.bpf.h"

BL_LEGACY_MAP(seen, BPF_MAP_TYPE_ARRAY, __u32, __u64, 2);

static __always_inline void add(__u32 key, __u64 value)
{
	__u64 *slot = bpf_map_lookup_elem(&seen, &key);

	if (slot)
		__sync_fetch_and_add(slot, value);
}

SEC("kprobe/vfs_read")
int pt_regs_function(struct pt_regs *ctx)
{
	__u64 sum = PT_REGS_PARM1(ctx) ^ PT_REGS_PARM2(ctx) ^ PT_REGS_PARM3(ctx) ^
		    PT_REGS_PARM4(ctx);

#ifdef PT_REGS_PARM6
	sum ^= PT_REGS_PARM5(ctx) ^ PT_REGS_PARM6(ctx);
#endif
#ifdef PT_REGS_PARM8
	sum ^= PT_REGS_PARM7(ctx) ^ PT_REGS_PARM8(ctx);
#endif
	sum ^= PT_REGS_RC(ctx) ^ PT_REGS_SP(ctx) ^ PT_REGS_IP(ctx) ^ PT_REGS_FP(ctx);
	add(0, sum | 1);
	return 0;
}

static __always_inline __u64 syscall_sum(struct pt_regs *regs)
{
	__u64 sum = PT_REGS_PARM1_SYSCALL(regs) ^ PT_REGS_PARM2_SYSCALL(regs) ^
		    PT_REGS_PARM3_SYSCALL(regs) ^ PT_REGS_PARM4_SYSCALL(regs) ^
		    PT_REGS_PARM5_SYSCALL(regs) ^ PT_REGS_PARM6_SYSCALL(regs);

	sum ^= PT_REGS_RC_SYSCALL(regs) ^ PT_REGS_SP_SYSCALL(regs) ^
	       PT_REGS_IP_SYSCALL(regs) ^ PT_REGS_FP_SYSCALL(regs);
	return sum;
}

#ifdef PT_REGS_SYSCALL_REGS
SEC("ksyscall/getppid")
int pt_regs_syscall(struct pt_regs *ctx)
{
	add(1, syscall_sum(PT_REGS_SYSCALL_REGS(ctx)) | 1);
	return 0;
}
#else
/* No wrapper: sys_getppid's arguments are its own registers. */
SEC("ksyscall/getppid")
int pt_regs_syscall(struct pt_regs *ctx)
{
	add(1, (PT_REGS_PARM1(ctx) ^ PT_REGS_PARM2(ctx)) | 1);
	return 0;
}

SEC("raw_tracepoint/sys_enter")
int pt_regs_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	add(1, syscall_sum((struct pt_regs *)ctx->args[0]) | 1);
	return 0;
}
#endif

char LICENSE[] SEC("license") = "GPL";
