/* test_btf_maps.bpf.c - test object: BTF-defined maps (".maps") of every
 * kind the loader handles, written with the __uint / __type / __array
 * macros of bpfload.bpf.h (libbpf's forms).
 *
 * For the unit tests of elf/read/maps_btf.c (each definition field by field)
 * and the host tests of loader/load/maps.c and loader/load/pin.c.
 *
 *   bm_hash      HASH            key __u32 (4)  value struct bm_value (32)  max 64
 *   bm_array     ARRAY           key __u32      value __u64                 max 4
 *   bm_percpu    PERCPU_ARRAY    key __u32      value __u64                 max 2
 *   bm_ringbuf   RINGBUF         no key/value                               max 16384
 *   bm_perf      PERF_EVENT_ARRAY key_size 4 value_size 4, max 0: one slot per CPU
 *   bm_lru       LRU_HASH        key __u64      value __u32  max 128  flags BPF_F_NO_COMMON_LRU
 *   bm_pinned    HASH            key __u32      value __u64  max 8    pinning LIBBPF_PIN_BY_NAME
 *   bm_bloom     BLOOM_FILTER    value __u32    max 16  map_extra 3 (hash functions)
 *   bm_inner_a   ARRAY           key __u32      value __u32  max 1  (struct bm_inner)
 *   bm_inner_b   ARRAY           the same struct bm_inner
 *   bm_outer     ARRAY_OF_MAPS   key __u32 max 4, values: struct bm_inner,
 *                                slot 0 = bm_inner_a, slot 2 = bm_inner_b
 *   bm_jmp       PROG_ARRAY      key __u32 max 4, values: slot 1 = bm_tail
 *
 * The loader adds bm_outer.inner, the inner map's template (not created
 * on its own).
 *
 * Programs (both raw_tp/sys_enter, so that bm_tail can be tail-called
 * from bm_enter: a program array holds programs of its owner's type):
 *   bm_enter  counts into bm_hash[tgid] (with the comm), bm_array[0], bm_percpu[0],
 *             bm_lru[pid_tgid] and bm_pinned[0]; writes 1 into the map in
 *             bm_outer slot 0 (bm_inner_a[0]); tail-calls bm_jmp[1].
 *   bm_tail   adds 1 to bm_array[1]: it ran through the program array.
 * Run:     bpfload run build/bpf-progs/test_btf_maps.bpf.o --pin-path DIR
 *          (bm_pinned is pinned as DIR/bm_pinned, /sys/fs/bpf by default;
 *          remove it afterwards)
 * Trigger: any system call.
 */
#include "bpfload.bpf.h"

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

static __always_inline void add(void *map, __u32 key)
{
	__u64 *n = bpf_map_lookup_elem(map, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
}

SEC("raw_tp/sys_enter")
int bm_enter(struct bpf_raw_tracepoint_args *ctx)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid(), one = 1;
	__u32 tgid = pid_tgid >> 32, zero = 0, mark = 1, *slot;
	struct bm_value *v, fresh;
	void *inner;

	v = bpf_map_lookup_elem(&bm_hash, &tgid);
	if (v) {
		__sync_fetch_and_add(&v->count, 1);
	} else {
		__builtin_memset(&fresh, 0, sizeof(fresh));
		fresh.count = 1;
		fresh.pid = tgid;
		bpf_get_current_comm(fresh.comm, sizeof(fresh.comm));
		bpf_map_update_elem(&bm_hash, &tgid, &fresh, BPF_NOEXIST);
	}
	add(&bm_array, 0);
	add(&bm_percpu, 0);
	if (bpf_map_update_elem(&bm_pinned, &zero, &one, BPF_NOEXIST))
		add(&bm_pinned, 0);
	bpf_map_update_elem(&bm_lru, &pid_tgid, &mark, BPF_ANY);
	inner = bpf_map_lookup_elem(&bm_outer, &zero);
	if (inner) {
		slot = bpf_map_lookup_elem(inner, &zero);
		if (slot)
			*slot = 1;
	}
	bpf_tail_call(ctx, &bm_jmp, 1);
	return 0;
}

SEC("raw_tp/sys_enter")
int bm_tail(struct bpf_raw_tracepoint_args *ctx)
{
	(void)ctx;
	add(&bm_array, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
