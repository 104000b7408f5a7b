/* fchmodat_raw.bpf.c - fchmodat(2) through the raw tracepoint sys_enter.
 *
 * Shows: what a raw tracepoint sees compared with fchmodat_trace.bpf.c's
 * syscall tracepoint. raw_tracepoint/sys_enter fires for EVERY system
 * call, with the tracepoint's raw arguments (TP_PROTO(struct pt_regs
 * *regs, long id), include/trace/events/syscalls.h): args[0] is the
 * struct pt_regs the calling process entered the kernel with, args[1]
 * the system call's number. The program keeps only fchmodat, by its
 * number on the architecture it is built for (`bpfload syscall fchmodat
 * --arch ARCH`: 268 on x86_64, 53 on arm64), and reads the arguments from
 * the user's registers with PT_REGS_PARMn_SYSCALL (generated from arch/):
 * argument 2 is the path, a user-space pointer, argument 3 the mode.
 *
 * Run:     bpfload run build/bpf-progs/fchmodat_raw.bpf.o
 * Trigger: touch /tmp/x; chmod 640 /tmp/x   (coreutils chmod calls fchmodat)
 * Output:  trace_pipe lines "fchmodat(raw) pid=PID path=/tmp/x mode=0640";
 *          fchmodat_raw_calls[0] counts them.
 */
#include "bpfload.bpf.h"

#if defined(__TARGET_ARCH_x86)
#define NR_FCHMODAT 268
#elif defined(__TARGET_ARCH_arm64)
#define NR_FCHMODAT 53
#elif defined(__TARGET_ARCH_arm)
#define NR_FCHMODAT 333
#else
#error "build with -D__TARGET_ARCH_x86, -D__TARGET_ARCH_arm64 or -D__TARGET_ARCH_arm"
#endif

BL_LEGACY_MAP(fchmodat_raw_calls, BPF_MAP_TYPE_ARRAY, __u32, __u64, 1);

static __always_inline __u32 octal_as_decimal(__u64 mode)
{
	return ((mode >> 9) & 7) * 1000 + ((mode >> 6) & 7) * 100 +
	       ((mode >> 3) & 7) * 10 + (mode & 7);
}

SEC("raw_tracepoint/sys_enter")
int raw_fchmodat(struct bpf_raw_tracepoint_args *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)ctx->args[0];
	const char *upath;
	__u32 key = 0;
	__u64 *calls;
	__u64 mode;
	char path[64];

	if (ctx->args[1] != NR_FCHMODAT)
		return 0;	/* every other system call: nothing to do */
	calls = bpf_map_lookup_elem(&fchmodat_raw_calls, &key);
	if (calls)
		__sync_fetch_and_add(calls, 1);
	upath = (const char *)PT_REGS_PARM2_SYSCALL(regs);
	mode = PT_REGS_PARM3_SYSCALL(regs);
	if (bpf_probe_read_user_str(path, sizeof(path), upath) < 0)
		path[0] = '\0';
	bpf_printk("fchmodat(raw) pid=%d path=%s mode=0%u", bpf_get_current_pid_tgid() >> 32,
		   path, octal_as_decimal(mode));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
