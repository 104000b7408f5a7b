/* test_reject.bpf.c - test object: one program the verifier rejects.
 *
 * For the loader's tests and as an example of a verifier log.
 * bpf_map_lookup_elem returns NULL when the key is absent; `bad` uses the
 * result without checking, which the verifier refuses (it reports an
 * access through a register of type map_value_or_null).  `good` is the
 * same code with the check and is accepted.
 *
 * Run:     bpfload verify build/bpf-progs/test_reject.bpf.o
 * Output:  good accepted, bad rejected with the verifier log.
 */
#include "bpfload.bpf.h"

BL_LEGACY_MAP(values, BPF_MAP_TYPE_HASH, __u32, __u64, 16);

SEC("tracepoint/syscalls/sys_enter_getppid")
int bad(void *ctx)
{
	__u32 key = 0;
	__u64 *v;

	(void)ctx;
	v = bpf_map_lookup_elem(&values, &key);
	return *v;		/* BUG: v may be NULL */
}

SEC("raw_tp/sys_enter")
int good(void *ctx)
{
	__u32 key = 0;
	__u64 *v;

	(void)ctx;
	v = bpf_map_lookup_elem(&values, &key);
	return v ? *v : 0;
}

char LICENSE[] SEC("license") = "GPL";
