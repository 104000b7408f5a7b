/* test_hist.bpf.c - test object: the histogram forms bpfload run draws
 * (loader/cli/histogram.c) besides latency_hist's per-key log2 one.
 *
 *   lin_usecs   ARRAY of one struct linear_hist { __u64 slots[8]; }: a
 *               linear histogram (the type's name says "linear"), with no
 *               key line (one array slot)
 *   io_hist     PERCPU_ARRAY of 8 __u64 counters: a histogram because the
 *               name says "hist", slot i = key i, the CPUs' values summed
 *
 * Only processes whose comm starts with "blhist" count, so that the
 * tests know every count: call k (from 0) of getppid(2) adds one to slot
 * k % 4 of both.
 * Run:     bpfload run build/bpf-progs/test_hist.bpf.o
 * Trigger: getppid(2) from a program named blhist*.
 */
#include "bpfload.bpf.h"

struct linear_hist {
	__u64 slots[8];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct linear_hist);
	__uint(max_entries, 1);
} lin_usecs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 8);
} io_hist SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} hist_seq SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
	char comm[16];
	__u32 zero = 0, slot;
	__u64 *seq, *count;
	struct linear_hist *h;

	(void)ctx;
	bpf_get_current_comm(comm, sizeof(comm));
	if (comm[0] != 'b' || comm[1] != 'l' || comm[2] != 'h' || comm[3] != 'i' ||
	    comm[4] != 's' || comm[5] != 't')
		return 0;
	seq = bpf_map_lookup_elem(&hist_seq, &zero);
	if (!seq)
		return 0;
	slot = __sync_fetch_and_add(seq, 1) % 4;
	h = bpf_map_lookup_elem(&lin_usecs, &zero);
	if (h)
		__sync_fetch_and_add(&h->slots[slot], 1);
	count = bpf_map_lookup_elem(&io_hist, &slot);
	if (count)
		*count += 1;	/* this CPU's own copy: no other CPU writes it */
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
