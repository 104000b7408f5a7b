/* exec_ringbuf.bpf.c - one ring buffer record per exec.
 *
 * Shows: a BPF ring buffer (BPF_MAP_TYPE_RINGBUF, Documentation/bpf/ringbuf.rst)
 * filled with bpf_ringbuf_reserve + bpf_ringbuf_submit, the tracepoint
 * sched/sched_process_exec and its __data_loc string field, and counting
 * the records the ring had no room for (a ring buffer does not count
 * them itself: only the program knows that a reservation failed).
 *
 * Run:     bpfload run build/bpf-progs/exec_ringbuf.bpf.o
 * Trigger: any program start, e.g. `ls`.
 * Output:  one row per exec, the columns of struct event below (88
 *          bytes) decoded with the object's BTF; at exit exec_drops[0],
 *          the records lost to a full ring.
 */
#include "bpfload.bpf.h"

/* The record of sched:sched_process_exec, as printed by
 *   cat /sys/kernel/tracing/events/sched/sched_process_exec/format
 * filename is a __data_loc field: the low 16 bits are the string's offset
 * from the start of the record, the high 16 bits its length. */
struct sched_process_exec_args {
	__u16 common_type;
	__u8 common_flags;
	__u8 common_preempt_count;
	__s32 common_pid;
	__u32 filename_loc;		/* offset 8 */
	__s32 pid;			/* offset 12 */
	__s32 old_pid;			/* offset 16 */
};
_Static_assert(__builtin_offsetof(struct sched_process_exec_args, old_pid) == 16,
	       "layout must match the tracefs format file");

/* What user space gets: 88 bytes. bpfload prints a record of a ring or
 * perf buffer with the BTF of the struct called event (or data_t, or the
 * one named by --event-type). */
struct event {
	__u32 pid;		/* the process (tgid) that called exec */
	__u32 old_pid;		/* the thread that called it, if not the leader */
	char comm[16];		/* the new command name (the file's basename) */
	char filename[64];	/* the path given to exec, cut at 63 bytes */
};

/* A local variable's type is not in the object's BTF: this unused global
 * pointer puts struct event there (the usual way, also for bpf2go). */
const struct event *unused_event __attribute__((unused));

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);	/* bytes, a power of 2 pages */
} exec_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} exec_drops SEC(".maps");

SEC("tracepoint/sched/sched_process_exec")
int trace_exec(struct sched_process_exec_args *ctx)
{
	struct event *e;
	__u32 key = 0;
	__u64 *drops;

	/* Room in the ring, written in place, then made visible. */
	e = bpf_ringbuf_reserve(&exec_events, sizeof(*e), 0);
	if (!e) {
		drops = bpf_map_lookup_elem(&exec_drops, &key);
		if (drops)
			__sync_fetch_and_add(drops, 1);
		return 0;
	}
	e->pid = ctx->pid;
	e->old_pid = ctx->old_pid;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	if (bpf_probe_read_kernel_str(e->filename, sizeof(e->filename),
				      (char *)ctx + (ctx->filename_loc & 0xffff)) < 0)
		e->filename[0] = '\0';
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
