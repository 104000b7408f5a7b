/* test_iproute2_maps.bpf.c - test object: legacy maps in iproute2's form,
 * struct bpf_elf_map (36 bytes: the five fields of struct bpf_map_def,
 * then id, pinning, inner_id, inner_idx), as tc and cilium's older
 * programs write them. For the unit tests of elf/read/maps.c and
 * elf/read/maps_iproute2.c, the host tests of loader/load/maps.c,
 * loader/load/map_slots.c and loader/load/pin.c, and tests/cli/objects.sh.
 *
 *   ip_outer    ARRAY_OF_MAPS   key 4 value 4 max 4   inner_id 1, PIN_GLOBAL_NS
 *   ip_inner_a  ARRAY           key 4 value 8 max 2   id 1, inner_idx 0, PIN_GLOBAL_NS
 *   ip_inner_b  ARRAY           key 4 value 8 max 2   id 1, inner_idx 3
 *   ip_by_key   HASH_OF_MAPS    key 4 value 4 max 8   inner_id 1
 *   ip_tmpl     ARRAY           key 4 value 4 max 1   id 2, inner_idx -1 (an example only)
 *   ip_empty    ARRAY_OF_MAPS   key 4 value 4 max 2   inner_id 2
 *   ip_events   PERF_EVENT_ARRAY key 0 value 0 max 0 (created 4, 4, one slot per CPU)
 *   ip_objns    HASH            key 4 value 8 max 8   PIN_OBJECT_NS (tc only: a warning)
 *
 * So the loader creates ip_inner_a first as the example of ip_outer and
 * ip_by_key (the first map of id 1), puts ip_inner_a in slot 0 and
 * ip_inner_b in slot 3 of both (key 0 and 3 of the hash), leaves ip_empty
 * empty, and pins ip_outer and ip_inner_a by name in its pin directory
 * (/sys/fs/bpf or --pin-path DIR; tc would use /sys/fs/bpf/tc/globals).
 *
 * Program ip_getppid (tracepoint syscalls/sys_enter_getppid): adds 1 to
 * element 0 of the map in slot 0 of ip_outer, that is ip_inner_a[0].
 * Run:     bpfload run build/bpf-progs/test_iproute2_maps.bpf.o --pin-path DIR
 *          (then remove DIR/ip_outer and DIR/ip_inner_a)
 * Trigger: getppid(2), e.g. python3 -c 'import os; os.getppid()'
 */
#include "bpfload.bpf.h"

#define ID_INNER 1
#define ID_TMPL 2

struct bpf_elf_map ip_outer SEC("maps") = {
	.type = BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key = sizeof(__u32),
	.size_value = sizeof(__u32),
	.max_elem = 4,
	.pinning = PIN_GLOBAL_NS,
	.inner_id = ID_INNER,
};

struct bpf_elf_map ip_inner_a SEC("maps") = {
	.type = BPF_MAP_TYPE_ARRAY,
	.size_key = sizeof(__u32),
	.size_value = sizeof(__u64),
	.max_elem = 2,
	.id = ID_INNER,
	.pinning = PIN_GLOBAL_NS,
	.inner_idx = 0,
};

struct bpf_elf_map ip_inner_b SEC("maps") = {
	.type = BPF_MAP_TYPE_ARRAY,
	.size_key = sizeof(__u32),
	.size_value = sizeof(__u64),
	.max_elem = 2,
	.id = ID_INNER,
	.inner_idx = 3,
};

struct bpf_elf_map ip_by_key SEC("maps") = {
	.type = BPF_MAP_TYPE_HASH_OF_MAPS,
	.size_key = sizeof(__u32),
	.size_value = sizeof(__u32),
	.max_elem = 8,
	.inner_id = ID_INNER,
};

struct bpf_elf_map ip_tmpl SEC("maps") = {
	.type = BPF_MAP_TYPE_ARRAY,
	.size_key = sizeof(__u32),
	.size_value = sizeof(__u32),
	.max_elem = 1,
	.id = ID_TMPL,
	.inner_idx = ~0u,
};

struct bpf_elf_map ip_empty SEC("maps") = {
	.type = BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key = sizeof(__u32),
	.size_value = sizeof(__u32),
	.max_elem = 2,
	.inner_id = ID_TMPL,
};

struct bpf_elf_map ip_events SEC("maps") = {
	.type = BPF_MAP_TYPE_PERF_EVENT_ARRAY,
};

struct bpf_elf_map ip_objns SEC("maps") = {
	.type = BPF_MAP_TYPE_HASH,
	.size_key = sizeof(__u32),
	.size_value = sizeof(__u64),
	.max_elem = 8,
	.pinning = PIN_OBJECT_NS,
};

SEC("tracepoint/syscalls/sys_enter_getppid")
int ip_getppid(void *ctx)
{
	__u32 zero = 0;
	__u64 *n;
	void *inner;

	(void)ctx;
	inner = bpf_map_lookup_elem(&ip_outer, &zero);
	if (!inner)
		return 0;
	n = bpf_map_lookup_elem(inner, &zero);
	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
