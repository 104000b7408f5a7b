/* kfree_skb_count.bpf.c - count dropped network packets per process.
 *
 * Shows: a tracepoint program that uses no tracepoint field at all.  The
 * kernel calls the tracepoint skb:kfree_skb whenever it frees a packet
 * buffer because the packet is dropped (consume_skb is the normal,
 * "not dropped" free).  The record layout of this event has changed
 * between kernel versions, so the program only counts, keyed by the
 * current process.  Drops in interrupt context are charged to whatever
 * process was running on that CPU, often the one that sent the packet.
 *
 * Run:     bpfload run build/bpf-progs/kfree_skb_count.bpf.o
 * Trigger: send a UDP datagram to a port nobody listens on, e.g. in bash
 *          echo hi > /dev/udp/127.0.0.1/9
 * Output:  the map drops_by_pid: key = tgid, value = number of drops;
 *          the map comm_by_pid: key = tgid, value = the process's name
 *          (bpf_get_current_comm, 16 bytes) when it last dropped one.
 */
#include "bpfload.bpf.h"

/* BTF-defined maps: their key and value types are in the object's BTF,
 * so bpfload shows the numbers and the name as such. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 10240);
} drops_by_pid SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, char[16]);
	__uint(max_entries, 10240);
} comm_by_pid SEC(".maps");

SEC("tracepoint/skb/kfree_skb")
int count_drops(void *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1;
	__u64 *count;
	char comm[16];

	(void)ctx;	/* the record is deliberately not read */
	count = bpf_map_lookup_elem(&drops_by_pid, &tgid);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&drops_by_pid, &tgid, &one, BPF_NOEXIST);
	/* The pid alone is hard to read once the process is gone. */
	if (bpf_get_current_comm(comm, sizeof(comm)) == 0)
		bpf_map_update_elem(&comm_by_pid, &tgid, comm, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
