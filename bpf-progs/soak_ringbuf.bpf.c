/* soak_ringbuf.bpf.c - the program of the soak test (tests/bench/soak.c):
 * one 8-byte record per getppid(2) of one process into a ring buffer
 * (Documentation/bpf/ringbuf.rst), numbered, so that the reader can tell
 * a lost or repeated record from the numbers alone.
 *
 *   soak_tgid   .rodata, set with `bpfload run --set soak_tgid=PID`
 *   soak_sent   .bss: records numbered so far (the next number)
 *   soak_drops  .bss: records the ring had no room for; bpfload prints it
 *               with the .bss map at exit (a ring buffer does not count
 *               them itself)
 *   soak_ring   RINGBUF of 16 MiB: two million records of 8 bytes
 */
#include "bpfload.bpf.h"

const volatile __u32 soak_tgid = 0;
__u64 soak_sent = 0;
__u64 soak_drops = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 * 1024 * 1024);
} soak_ring SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int soak_getppid(void *ctx)
{
	__u64 seq;

	if ((__u32)(bpf_get_current_pid_tgid() >> 32) != soak_tgid)
		return 0;
	seq = __sync_fetch_and_add(&soak_sent, 1);
	if (bpf_ringbuf_output(&soak_ring, &seq, sizeof(seq), 0))
		__sync_fetch_and_add(&soak_drops, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
