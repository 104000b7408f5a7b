/* test_dump.bpf.c - test object: maps for `bpfload run`'s map dumps
 * (loader/cli/map_dump.c, tests/cli/dump.sh).
 *
 * On its first run (any system call of any process: raw tracepoint
 * sys_enter) it fills its maps with fixed values, the same on every
 * machine, then does nothing more:
 *
 *   dump_counts  HASH u32 -> u64: keys 1..7, a counter each; key 7 holds
 *                2^53 + 1, a number a double cannot hold
 *   dump_names   HASH struct name_key -> struct name_stats: "zeta",
 *                "alpha", "mid" (sorted by key: alpha, mid, zeta)
 *   dump_slots   ARRAY of 512 u64: slot 2 = 7, slot 100 = 9, the rest 0
 *   .rodata, .data, .bss   global variables: internal maps, hidden
 *                unless --all-maps (dump_big in .data: 2^64 - 15)
 *
 * Run:     bpfload run build/bpf-progs/test_dump.bpf.o --duration 0.5
 * Trigger: nothing to do.
 */
#include "bpfload.bpf.h"

struct name_key {
	char name[8];
};

struct name_stats {
	__u32 calls;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
} dump_counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct name_key);
	__type(value, struct name_stats);
	__uint(max_entries, 16);
} dump_names SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 512);
} dump_slots SEC(".maps");

const volatile __u32 dump_limit = 512;	/* .rodata */
__u64 dump_big = 18446744073709551601ULL;	/* .data */
__u32 dump_done;			/* .bss */

static __always_inline void count(__u32 k, __u64 v)
{
	bpf_map_update_elem(&dump_counts, &k, &v, BPF_ANY);
}

static __always_inline void name(const char *n, __u32 calls, __u64 bytes)
{
	struct name_key k = {};
	struct name_stats s = { calls, bytes };

	__builtin_memcpy(k.name, n, 5);
	bpf_map_update_elem(&dump_names, &k, &s, BPF_ANY);
}

static __always_inline void slot(__u32 k, __u64 v)
{
	bpf_map_update_elem(&dump_slots, &k, &v, BPF_ANY);
}

SEC("raw_tracepoint/sys_enter")
int fill_dump_maps(struct bpf_raw_tracepoint_args *ctx)
{
	(void)ctx;
	if (dump_done || !dump_limit)
		return 0;
	count(1, 30);
	count(2, 10);
	count(3, 60);
	count(4, 20);
	count(5, 50);
	count(6, 40);
	count(7, 9007199254740993ULL);
	name("zeta\0", 1, 100);
	name("alpha", 22, 2000);
	name("mid\0\0", 333, 30);
	slot(2, 7);
	slot(100, 9);
	dump_done = 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
