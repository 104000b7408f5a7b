/* latency_hist.bpf.c - a log2 histogram of clock_nanosleep(2) latency.
 *
 * Shows: timing a system call between its two tracepoints
 * (syscalls/sys_enter_clock_nanosleep and sys_exit_clock_nanosleep), the
 * start time kept per thread in a hash map, and a histogram in the form
 * bcc's libbpf-tools use: a struct with an array member named `slots`,
 * slot i counting the calls that took 2^i to 2^(i+1) - 1 microseconds,
 * one histogram per command name (bcc's `-P` style, here per comm).
 * glibc's nanosleep(), usleep() and sleep(1) all end in clock_nanosleep.
 * On 32-bit arm these tracepoints are clock_nanosleep_time64's, which
 * glibc and musl call; the 32-bit time_t call of older programs is
 * clock_nanosleep_time32, not counted here.
 *
 * Run:     bpfload run build/bpf-progs/latency_hist.bpf.o --duration 5
 * Trigger: `sleep 0.001` a few times, or anything that sleeps.
 * Output:  at exit (or every --interval SECONDS), for each comm:
 *            comm = sleep
 *                 usecs               : count    distribution
 *                 1024 -> 2047        : 3        |****************************************|
 */
#include "bpfload.bpf.h"

#define MAX_SLOTS 27	/* up to 2^27 us, about 2 minutes; longer ones go in the last */

/* The tracepoints' records (tracefs events/syscalls/.../format); the
 * programs only need to be called, not their fields. */
struct sys_enter_args {
	__u64 common;		/* common_type, flags, preempt_count, pid */
	__s32 syscall_nr;
};

struct hist_key {
	char comm[16];
};

struct hist {
	__u32 slots[MAX_SLOTS];
};

/* tid -> bpf_ktime_get_ns() at entry. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 10240);
} latency_start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct hist_key);
	__type(value, struct hist);
	__uint(max_entries, 1024);
} latency_usecs SEC(".maps");

/* The index of the highest bit set (0 for 0 and 1): halving the range
 * five times, without a loop. */
static __always_inline __u32 log2_u32(__u32 v)
{
	__u32 r = 0, s;

	s = (v >= 1u << 16) << 4; v >>= s; r |= s;
	s = (v >= 1u << 8) << 3;  v >>= s; r |= s;
	s = (v >= 1u << 4) << 2;  v >>= s; r |= s;
	s = (v >= 1u << 2) << 1;  v >>= s; r |= s;
	return r | (v >> 1);
}

static __always_inline __u32 log2_u64(__u64 v)
{
	__u32 hi = v >> 32;

	return hi ? log2_u32(hi) + 32 : log2_u32((__u32)v);
}

SEC("tracepoint/syscalls/sys_enter_clock_nanosleep")
int nanosleep_enter(struct sys_enter_args *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 ts = bpf_ktime_get_ns();

	(void)ctx;
	bpf_map_update_elem(&latency_start, &tid, &ts, BPF_ANY);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_clock_nanosleep")
int nanosleep_exit(struct sys_enter_args *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct hist_key key;
	struct hist zero;
	struct hist *h;
	__u64 *start, usecs;
	__u64 slot;	/* 64 bits: compared and used as the index in one register (a
			 * __u32 gets a zero-extended copy for the compare, and the
			 * 6.1 verifier then does not know the index's bounds) */

	(void)ctx;
	start = bpf_map_lookup_elem(&latency_start, &tid);
	if (!start)
		return 0;	/* entered before we were attached */
	usecs = (bpf_ktime_get_ns() - *start) / 1000;
	bpf_map_delete_elem(&latency_start, &tid);

	__builtin_memset(&key, 0, sizeof(key));
	bpf_get_current_comm(key.comm, sizeof(key.comm));
	h = bpf_map_lookup_elem(&latency_usecs, &key);
	if (!h) {
		__builtin_memset(&zero, 0, sizeof(zero));
		bpf_map_update_elem(&latency_usecs, &key, &zero, BPF_NOEXIST);
		h = bpf_map_lookup_elem(&latency_usecs, &key);
		if (!h)
			return 0;
	}
	slot = log2_u64(usecs);
	if (slot >= MAX_SLOTS)
		slot = MAX_SLOTS - 1;
	__sync_fetch_and_add(&h->slots[slot], 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
