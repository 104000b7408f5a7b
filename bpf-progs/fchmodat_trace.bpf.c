/* fchmodat_trace.bpf.c - print every fchmodat(2) call.
 *
 * Shows: a syscall tracepoint program, its context struct declared from
 * the tracefs format file, reading a user-space string with
 * bpf_probe_read_user_str, bpf_printk, and a one-slot ARRAY map used as a
 * counter that a test can read.
 *
 * Run:     bpfload run build/bpf-progs/fchmodat_trace.bpf.o
 * Trigger: coreutils `chmod 644 /tmp/x` calls fchmodat(AT_FDCWD, ...).
 *          (Python's os.chmod("/tmp/x", 0o644) calls chmod(2) instead and
 *          is NOT seen; os.chmod(name, mode, dir_fd=fd) calls fchmodat.)
 * Output:  trace_pipe lines such as
 *            chmod-1234 ... fchmodat pid=1234 path=/tmp/x mode=0644
 *          and the map fchmodat_calls: key 0 = number of calls.
 */
#include "bpfload.bpf.h"

/* The record of syscalls:sys_enter_fchmodat, as printed by
 *   cat /sys/kernel/tracing/events/syscalls/sys_enter_fchmodat/format
 * Syscall tracepoints store every argument as 8 bytes. */
struct sys_enter_fchmodat_args {
	__u16 common_type;		/* offset 0 */
	__u8 common_flags;		/* offset 2 */
	__u8 common_preempt_count;	/* offset 3 */
	__s32 common_pid;		/* offset 4 */
	__s32 syscall_nr;		/* offset 8, then 4 bytes of padding */
	__u64 dfd;			/* offset 16 */
	const char *filename;		/* offset 24, a user-space pointer */
	__u64 mode;			/* offset 32 */
};
_Static_assert(__builtin_offsetof(struct sys_enter_fchmodat_args, filename) == 24,
	       "layout must match the tracefs format file");

BL_LEGACY_MAP(fchmodat_calls, BPF_MAP_TYPE_ARRAY, __u32, __u64, 1);

/* bpf_trace_printk has no %o: turn 0644 into the decimal number 644 so
 * that "0%u" shows the familiar octal digits (0644; 04755 with the setuid
 * bit). Not "%04u": before Linux 5.13 bpf_trace_printk refuses a width
 * (-EINVAL, and no line at all; kernel/trace/bpf_trace.c). */
static __always_inline __u32 octal_as_decimal(__u64 mode)
{
	return ((mode >> 9) & 7) * 1000 + ((mode >> 6) & 7) * 100 +
	       ((mode >> 3) & 7) * 10 + (mode & 7);
}

SEC("tracepoint/syscalls/sys_enter_fchmodat")
int trace_fchmodat(struct sys_enter_fchmodat_args *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u32 key = 0;
	__u64 *calls;
	char path[64];

	calls = bpf_map_lookup_elem(&fchmodat_calls, &key);
	if (calls)
		__sync_fetch_and_add(calls, 1);

	if (bpf_probe_read_user_str(path, sizeof(path), ctx->filename) < 0)
		path[0] = '\0';
	bpf_printk("fchmodat pid=%d path=%s mode=0%u", pid, path,
		   octal_as_decimal(ctx->mode));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
