/* test_map_defaults.bpf.c - test object: maps whose sizes a libbpf-tools
 * tool sets from user space before loading, left at 0 in the object
 * (as offcputime's stackmap and cpudist's start are):
 *
 *   md_start   HASH         key __u32 value __u64, no max_entries
 *   md_stacks  STACK_TRACE  key_size 4, no value_size, no max_entries
 *
 * bpfload picks 10240 entries and perf_event_max_stack * 8 bytes and
 * warns (loader/load/maps.c: default_sizes); tests/host/test_btf_maps.c.
 * Program md_enter (raw_tp/sys_enter) records a stack id per thread.
 */
#include "bpfload.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
} md_start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(key_size, sizeof(__u32));
} md_stacks SEC(".maps");

SEC("raw_tp/sys_enter")
int md_enter(void *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 id = (__u64)bpf_get_stackid(ctx, &md_stacks, 0);

	bpf_map_update_elem(&md_start, &tid, &id, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
