/* test_teardown.bpf.c - test object: four tracepoint programs on four
 * different tracepoints, for the teardown of many links at once
 * (loader/attach/attach.c: bl_detach closes them from a thread each;
 * tests/host/test_load.c: many_links_detached, and the load benchmark).
 * Each counts its calls in td_count[N].
 * Trigger: getppid(2), getpgid(2), getsid(2), sched_yield(2).
 */
#include "bpfload.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} td_count SEC(".maps");

static __always_inline int count(__u32 slot)
{
	__u64 *n = bpf_map_lookup_elem(&td_count, &slot);

	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int td_getppid(void *ctx) { return count(0); }

SEC("tracepoint/syscalls/sys_enter_getpgid")
int td_getpgid(void *ctx) { return count(1); }

SEC("tracepoint/syscalls/sys_enter_getsid")
int td_getsid(void *ctx) { return count(2); }

SEC("tracepoint/syscalls/sys_enter_sched_yield")
int td_sched_yield(void *ctx) { return count(3); }

char LICENSE[] SEC("license") = "GPL";
