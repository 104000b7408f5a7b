/* test_maps_only.bpf.c - test object: maps and no programs.
 *
 * Objects like this one hold maps for other programs to share, usually
 * pinned: libbpf loads them (creates their maps), and so does bpfload
 * (`verify` and `run` create the maps, list them and exit 0). For the
 * unit tests of the reader, the host tests of loader/load/load.c and
 * loader/load/maps.c, and tests/cli/objects.sh.
 *
 *   mo_counts   HASH              key __u32  value __u64          max 16
 *   mo_config   ARRAY             key __u32  value struct mo_conf max 4
 *   mo_events   PERF_EVENT_ARRAY  no key_size, value_size or max_entries:
 *                                 created with 4, 4 and a slot per possible
 *                                 CPU (cilium/ebpf's rule for the sizes,
 *                                 libbpf's for max_entries)
 *
 * Run:     bpfload run build/bpf-progs/test_maps_only.bpf.o
 * Output:  one line per map created, the (empty) contents of mo_counts and
 *          mo_config, and "no programs: nothing to attach; done".
 */
#include "bpfload.bpf.h"

struct mo_conf {
	__u32 level;
	__u32 flags;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
} mo_counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct mo_conf);
	__uint(max_entries, 4);
} mo_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
} mo_events SEC(".maps");

char LICENSE[] SEC("license") = "GPL";
