/* compat/test_btf_maps_libbpf.bpf.c - the maps of ../test_btf_maps.bpf.c,
 * written against libbpf's own BPF-side header (<bpf/bpf_helpers.h> from
 * Debian's libbpf-dev) instead of bpfload.bpf.h.
 *
 * For the unit tests: bpfload must read libbpf's __uint / __type /
 * __array / LIBBPF_PIN_BY_NAME exactly as its own macros, so every map
 * here must parse to the same definition (type, sizes, max_entries,
 * flags, pinning, map_extra, inner map, slot initialisers) as the map of
 * the same name in test_btf_maps.bpf.o.
 *
 * Build (GNUmakefile, needs libbpf-dev):
 *   clang -O2 -g -target bpf -I bpf-progs -c X.bpf.c -o build/bpf-progs/compat/X.bpf.o
 * (-I bpf-progs only for the asm/ shims that <linux/types.h> needs.)
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bm_value {
	__u64 count;
	__u32 pid;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct bm_value);
	__uint(max_entries, 64);
} bm_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} bm_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} bm_percpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096 * 4);
} bm_ringbuf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} bm_perf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, __u64);
	__type(value, __u32);
	__uint(max_entries, 128);
	__uint(map_flags, BPF_F_NO_COMMON_LRU);
} bm_lru SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 8);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} bm_pinned SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__type(value, __u32);
	__uint(max_entries, 16);
	__uint(map_extra, 3);
} bm_bloom SEC(".maps");

struct bm_inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
};

struct bm_inner bm_inner_a SEC(".maps");
struct bm_inner bm_inner_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__type(key, __u32);
	__uint(max_entries, 4);
	__array(values, struct bm_inner);
} bm_outer SEC(".maps") = {
	.values = { [0] = &bm_inner_a, [2] = &bm_inner_b },
};

int bm_tail(struct bpf_raw_tracepoint_args *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__type(key, __u32);
	__uint(max_entries, 4);
	__array(values, int (struct bpf_raw_tracepoint_args *));
} bm_jmp SEC(".maps") = {
	.values = { [1] = (void *)&bm_tail },
};

SEC("raw_tp/sys_enter")
int bm_enter(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&bm_array, &zero);

	if (n)
		__sync_fetch_and_add(n, 1);
	bpf_tail_call(ctx, &bm_jmp, 1);
	return 0;
}

SEC("raw_tp/sys_enter")
int bm_tail(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 one = 1;
	__u64 *n = bpf_map_lookup_elem(&bm_array, &one);

	(void)ctx;
	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
