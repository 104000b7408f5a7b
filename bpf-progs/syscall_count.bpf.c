/* syscall_count.bpf.c - count system calls per process.
 *
 * Shows: a raw tracepoint program, a legacy BPF_MAP_TYPE_HASH map, and the
 * usual "increment if present, else insert" pattern.  Entries are updated
 * from many CPUs at once, so the increment is atomic (__sync_fetch_and_add
 * becomes a BPF atomic add); BPF_NOEXIST makes two CPUs inserting the same
 * new key at the same moment harmless (one insert wins, the other fails).
 *
 * Attach point: the raw tracepoint sys_enter, which fires on every system
 * call entry of every process.
 *
 * Run:     bpfload run build/bpf-progs/syscall_count.bpf.o
 * Trigger: nothing to do, every process makes system calls.
 * Output:  the map syscall_count, one line per process:
 *          key = tgid (the pid user space sees), value = number of calls.
 */
#include "bpfload.bpf.h"

BL_LEGACY_MAP(syscall_count, BPF_MAP_TYPE_HASH, __u32, __u64, 10240);

SEC("raw_tracepoint/sys_enter")
int count_syscalls(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1;
	__u64 *count;

	(void)ctx;	/* ctx->args[1] is the syscall number: not needed here */
	count = bpf_map_lookup_elem(&syscall_count, &tgid);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&syscall_count, &tgid, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
