/* test_too_complex.bpf.c - test object: a loop the verifier cannot finish.
 *
 * For `bpfload verify --hot` (docs/verifier.md, "Where the verifier spent
 * its effort"): the loop's bound, 10 million, is a constant the verifier
 * follows one iteration at a time (bounded loops, Linux 5.3): every pass
 * has a new value of i, so no state it saw before prunes the walk, and it
 * gives up at its limit of 1 million processed instructions ("BPF program
 * is too large"). Most of those instructions are the body's line, which
 * the hot lines name first.
 *
 * Run:     bpfload verify build/bpf-progs/test_too_complex.bpf.o
 * Output:  mix rejected (E2BIG, too-large), with the source lines the
 *          verifier walked most; `small` accepted.
 */
#include "bpfload.bpf.h"

SEC("tracepoint/syscalls/sys_enter_getppid")
int mix(void *ctx)
{
	__u64 acc = bpf_ktime_get_ns();

	(void)ctx;
#pragma clang loop unroll(disable)
	for (__u32 i = 0; i < 10000000; i++)
		acc = (acc * 31 + (acc >> 7)) ^ (acc << 3) ^ i;	/* the loop body */
	return acc & 1;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int small(void *ctx)
{
	__u64 acc = bpf_ktime_get_ns();

	(void)ctx;
#pragma clang loop unroll(disable)
	for (__u32 i = 0; i < 8; i++)
		acc = (acc * 31 + (acc >> 7)) ^ (acc << 3) ^ i;
	return acc & 1;
}

char LICENSE[] SEC("license") = "GPL";
