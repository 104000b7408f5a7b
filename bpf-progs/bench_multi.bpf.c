/* bench_multi.bpf.c - the program of the kprobe.multi attach benchmark
 * (tests/bench/multi_attach.c, docs/performance.md#attaching-many-functions).
 *
 * One program that does nothing but return: the benchmark times only how
 * long attaching it to N kernel functions and detaching it again take,
 * bpfload against libbpf, one kprobe_multi link against one kprobe per
 * function. Both loaders load this same object; the benchmark gives the
 * functions at attach time (bpfload: a pattern in place of vfs_*;
 * libbpf: the names bpfload resolved), so the pattern here is only what
 * `bpfload run build/bpf-progs/bench_multi.bpf.o` attaches.
 *
 * No map and libbpf's section name, so libbpf 1.1 loads it unchanged.
 */
#include "bpfload.bpf.h"

SEC("kprobe.multi/vfs_*")
int bench_multi(struct pt_regs *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
