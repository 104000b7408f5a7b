/* test_alt_reject.bpf.c - test object: alternatives the verifier
 * rejects (docs/alternatives.md).
 *
 * sys_enter has two implementations: the raw tracepoint is rejected (it
 * uses a map value without checking it for NULL), the perf tracepoint
 * is accepted; the object is usable, the rejected one is an unused
 * alternative. sys_exit has two implementations, both rejected: no
 * alternative of that event loads, and the object is not usable.
 *
 * Run:     bpfload verify build/bpf-progs/test_alt_reject.bpf.o
 * Output:  exit 1: enter_raw, exit_raw, exit_tp rejected, enter_tp
 *          accepted; "alternative tracepoint sys_enter: ... would be
 *          attached", "alternative tracepoint sys_exit: none loaded".
 *          With --skip exit_raw --skip exit_tp: exit 0.
 */
#include "bpfload.bpf.h"

BL_LEGACY_MAP(values, BPF_MAP_TYPE_HASH, __u32, __u64, 16);

static __always_inline int checked(void)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&values, &key);

	return v ? (int)*v : 0;
}

static __always_inline int unchecked(void)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&values, &key);

	return (int)*v;		/* BUG: v may be NULL */
}

SEC("raw_tp/sys_enter")
int enter_raw(void *ctx)
{
	(void)ctx;
	return unchecked();
}

SEC("tracepoint/raw_syscalls/sys_enter")
int enter_tp(void *ctx)
{
	(void)ctx;
	return checked();
}

SEC("raw_tp/sys_exit")
int exit_raw(void *ctx)
{
	(void)ctx;
	return unchecked();
}

SEC("tracepoint/raw_syscalls/sys_exit")
int exit_tp(void *ctx)
{
	(void)ctx;
	return unchecked();
}

char LICENSE[] SEC("license") = "GPL";
