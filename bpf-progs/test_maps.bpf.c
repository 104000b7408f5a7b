/* test_maps.bpf.c - test object: three legacy maps, two programs.
 *
 * For the loader's tests.  The maps differ in type, key and value size
 * and max_entries, so a test can check that each definition is read and
 * created exactly; the two programs sit in two different sections and
 * both reference maps, so both sections have relocations.
 *
 *   counts   HASH          key 4  value 8   max 128
 *   hits     ARRAY         key 4  value 16  max 4    (slot 0 used)
 *   percpu   PERCPU_ARRAY  key 4  value 8   max 2
 *
 * Run:     bpfload run build/bpf-progs/test_maps.bpf.o
 * Trigger: getppid(2), e.g. python3 -c 'import os; os.getppid()'
 * Output:  hits[0] = { count: number of getppid calls, last_pid: tgid of
 *          the last caller }; percpu[0] counts the same calls per CPU;
 *          counts and percpu[1] are filled by every system call exit.
 */
#include "bpfload.bpf.h"

struct hit {
	__u64 count;
	__u64 last_pid;
};

BL_LEGACY_MAP(counts, BPF_MAP_TYPE_HASH, __u32, __u64, 128);
BL_LEGACY_MAP(hits, BPF_MAP_TYPE_ARRAY, __u32, struct hit, 4);
BL_LEGACY_MAP(percpu, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, __u64, 2);

SEC("tracepoint/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
	__u32 key = 0;
	struct hit *h;
	__u64 *n;

	(void)ctx;
	h = bpf_map_lookup_elem(&hits, &key);
	if (h) {
		__sync_fetch_and_add(&h->count, 1);
		h->last_pid = bpf_get_current_pid_tgid() >> 32;
	}
	n = bpf_map_lookup_elem(&percpu, &key);
	if (n)
		*n += 1;	/* per-CPU value: no other CPU writes it */
	return 0;
}

SEC("raw_tp/sys_exit")
int on_sys_exit(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	__u32 key = 1;
	__u64 one = 1;
	__u64 *n;

	(void)ctx;
	n = bpf_map_lookup_elem(&counts, &tgid);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&counts, &tgid, &one, BPF_NOEXIST);
	n = bpf_map_lookup_elem(&percpu, &key);
	if (n)
		*n += 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
