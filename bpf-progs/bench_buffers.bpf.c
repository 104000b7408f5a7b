/* bench_buffers.bpf.c - the program of the buffer benchmark
 * (tests/bench/buffers.c): one 64-byte record per getppid(2) of one
 * process, into a ring buffer or a perf buffer.
 *
 *   bench_config  ARRAY __u32 -> __u64, max 2: [0] the tgid to watch,
 *                 [1] 1: ring buffer, 2: perf buffer
 *   bench_drops   ARRAY __u32 -> __u64, max 1: records that found no room
 *                 (bpf_ringbuf_output or bpf_perf_event_output failed)
 *   bench_ring    RINGBUF of 4 MiB
 *   bench_perf    PERF_EVENT_ARRAY, one slot per CPU
 *
 * The records are sent with default flags: the kernel decides when to
 * wake the reader, so that the consumers alone make the difference.
 */
#include "bpfload.bpf.h"

struct bench_record {
	__u64 ts;		/* bpf_ktime_get_ns */
	__u32 pid;
	__u32 cpu;
	__u64 pad[6];		/* to 64 bytes */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} bench_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} bench_drops SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 * 1024 * 1024);
} bench_ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} bench_perf SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int bench_getppid(void *ctx)
{
	__u32 zero = 0, one = 1, tgid = bpf_get_current_pid_tgid() >> 32;
	__u64 *want = bpf_map_lookup_elem(&bench_config, &zero);
	__u64 *mode = bpf_map_lookup_elem(&bench_config, &one);
	struct bench_record r;
	long err;

	if (!want || !mode || *want != tgid)
		return 0;
	__builtin_memset(&r, 0, sizeof(r));
	r.ts = bpf_ktime_get_ns();
	r.pid = tgid;
	r.cpu = bpf_get_smp_processor_id();
	if (*mode == 1)
		err = bpf_ringbuf_output(&bench_ring, &r, sizeof(r), 0);
	else
		err = bpf_perf_event_output(ctx, &bench_perf, BPF_F_CURRENT_CPU, &r, sizeof(r));
	if (err) {
		__u64 *drops = bpf_map_lookup_elem(&bench_drops, &zero);

		if (drops)
			__sync_fetch_and_add(drops, 1);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
