/* test_buffers.bpf.c - test object: records with sequence numbers into a
 * small ring buffer and a perf buffer, for the host tests of
 * loader/output/ringbuf.c and loader/output/perfbuf.c (tests/host/test_buffers.c).
 *
 *   tb_config   ARRAY __u32 -> __u64, max 4: [0] the tgid to watch (0: no
 *               one), [1] 1: discard every odd-numbered ring buffer
 *               record, [2] 1: also send each record to the perf buffer
 *   tb_seq      ARRAY __u32 -> __u64, max 1: the next sequence number
 *   tb_drops    ARRAY __u32 -> __u64, max 2: [0] ring reservations that
 *               failed, [1] bpf_perf_event_output calls that failed
 *   tb_ring     RINGBUF of 4096 bytes, the smallest (one page)
 *   tb_perf     PERF_EVENT_ARRAY, one slot per CPU
 *
 * tb_getppid (tracepoint/syscalls/sys_enter_getppid), for each getppid
 * of the watched process, numbers the call and reserves a 40-byte
 * struct tb_record (48 bytes in the ring with its header, which does not
 * divide 4096: records keep straddling the end of the ring as it wraps);
 * it submits it, or discards the odd ones when asked.
 *
 * Run:     bpfload run build/bpf-progs/test_buffers.bpf.o (no records until
 *          a tgid is written into tb_config[0]: the tests do that).
 */
#include "bpfload.bpf.h"

struct tb_record {
	__u64 seq;
	__u64 not_seq;		/* ~seq */
	__u32 pid;
	__u32 magic;		/* 0x7e57b0f5 */
	__u64 seq_times_3;
	__u64 tail;		/* 0x0102030405060708 */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} tb_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} tb_seq SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} tb_drops SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} tb_ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} tb_perf SEC(".maps");

static __always_inline __u64 config(__u32 key)
{
	__u64 *v = bpf_map_lookup_elem(&tb_config, &key);

	return v ? *v : 0;
}

static __always_inline void count_drop(__u32 key)
{
	__u64 *v = bpf_map_lookup_elem(&tb_drops, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int tb_getppid(void *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32, zero = 0;
	struct tb_record *r, copy;
	__u64 *next, seq;

	if (!tgid || tgid != config(0))
		return 0;
	next = bpf_map_lookup_elem(&tb_seq, &zero);
	if (!next)
		return 0;
	seq = __sync_fetch_and_add(next, 1);

	copy.seq = seq;
	copy.not_seq = ~seq;
	copy.pid = tgid;
	copy.magic = 0x7e57b0f5;
	copy.seq_times_3 = seq * 3;
	copy.tail = 0x0102030405060708ull;
	if (config(2) && bpf_perf_event_output(ctx, &tb_perf, BPF_F_CURRENT_CPU, &copy,
					       sizeof(copy)))
		count_drop(1);

	r = bpf_ringbuf_reserve(&tb_ring, sizeof(*r), 0);
	if (!r) {
		count_drop(0);
		return 0;
	}
	*r = copy;
	if (config(1) && (seq & 1))
		bpf_ringbuf_discard(r, 0);
	else
		bpf_ringbuf_submit(r, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
