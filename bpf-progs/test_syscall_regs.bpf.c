/* test_syscall_regs.bpf.c - the PT_REGS_PARMn_SYSCALL macros on the
 * running kernel, without kprobes.
 *
 * The raw tracepoint sys_enter gets, like a kprobe on a syscall wrapper,
 * a pointer to the struct pt_regs user space entered the kernel with
 * (args[0]; args[1] is the syscall number).  The program reads the six
 * syscall arguments from it with the generated macros and, when argument
 * 1 is the marker below, stores what it read in the array map
 * syscall_regs:
 *
 *   key 0       the syscall number (args[1])
 *   keys 1..6   PT_REGS_PARM1_SYSCALL .. PT_REGS_PARM6_SYSCALL
 *   key 7       PT_REGS_IP_SYSCALL: the user address after the syscall
 *               instruction
 *
 * Run:     bpfload run build/bpf-progs/test_syscall_regs.bpf.o
 * Trigger: syscall(SYS_getppid, 0xb1f10ad5ca11, 2, 3, 4, 5, 6), e.g.
 *          python3 -c 'import ctypes as c; L = c.CDLL(None); \
 *            L.syscall(*map(c.c_long, (110, 0xb1f10ad5ca11, 2, 3, 4, 5, 6)))'
 *          (getppid ignores its arguments; 110 is its x86_64 number:
 *          `bpfload syscall getppid`).  tests/cli/arch.sh does this.
 * Output:  keys 1..6 = 0xb1f10ad5ca11, 2, 3, 4, 5, 6.  On x86_64 a wrong
 *          register for argument 4 shows: rcx holds the return address,
 *          the syscall instruction wrote it there; the 4th is in r10.
 */
#include "bpfload.bpf.h"

/* A register of 32-bit arm holds 32 bits: its marker is shorter. */
#ifdef __TARGET_ARCH_arm
#define MARKER 0xca11b1f1ULL
#else
#define MARKER 0xb1f10ad5ca11ULL
#endif

BL_LEGACY_MAP(syscall_regs, BPF_MAP_TYPE_ARRAY, __u32, __u64, 8);

static __always_inline void put(__u32 key, __u64 value)
{
	bpf_map_update_elem(&syscall_regs, &key, &value, BPF_ANY);
}

SEC("raw_tracepoint/sys_enter")
int syscall_regs_enter(struct bpf_raw_tracepoint_args *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)ctx->args[0];

	if (PT_REGS_PARM1_SYSCALL(regs) != MARKER)
		return 0;
	put(0, ctx->args[1]);
	put(1, PT_REGS_PARM1_SYSCALL(regs));
	put(2, PT_REGS_PARM2_SYSCALL(regs));
	put(3, PT_REGS_PARM3_SYSCALL(regs));
	put(4, PT_REGS_PARM4_SYSCALL(regs));
	put(5, PT_REGS_PARM5_SYSCALL(regs));
	put(6, PT_REGS_PARM6_SYSCALL(regs));
	put(7, PT_REGS_IP_SYSCALL(regs));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
