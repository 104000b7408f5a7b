/* open_perfbuf.bpf.c - one perf buffer record per openat(2).
 *
 * Shows: a perf event array (BPF_MAP_TYPE_PERF_EVENT_ARRAY) and
 * bpf_perf_event_output into the ring of the current CPU, a record built
 * on the stack, and reading a user-space string in a syscall tracepoint.
 * bpfload puts one perf event per CPU into the map and reads their rings
 * (loader/output/perfbuf.c); records the rings had no room for come back as
 * PERF_RECORD_LOST counts, which bpfload shows.
 *
 * Run:     bpfload run build/bpf-progs/open_perfbuf.bpf.o
 * Trigger: any file open, e.g. `cat /etc/hostname`.
 * Output:  one row per openat, with the CPU and the columns of struct
 *          event below (156 bytes; the sample is 160 bytes with the
 *          kernel's u32 size, a multiple of 8: the record comes with 4
 *          bytes of padding, which bpfload ignores).
 */
#include "bpfload.bpf.h"

/* The record of syscalls:sys_enter_openat (tracefs format file); every
 * syscall argument is stored as 8 bytes. */
struct sys_enter_openat_args {
	__u16 common_type;
	__u8 common_flags;
	__u8 common_preempt_count;
	__s32 common_pid;
	__s32 syscall_nr;		/* offset 8 */
	__u64 dfd;			/* offset 16 */
	const char *filename;		/* offset 24, a user-space pointer */
	__u64 flags;			/* offset 32 */
	__u64 mode;			/* offset 40 */
};
_Static_assert(__builtin_offsetof(struct sys_enter_openat_args, filename) == 24,
	       "layout must match the tracefs format file");

struct event {
	__u32 pid;		/* tgid */
	__u32 flags;		/* O_RDONLY, O_CREAT, ... */
	char comm[16];
	char filename[128];	/* cut at 127 bytes */
	__u32 mode;
};

/* Puts struct event into the object's BTF (a local variable's type is
 * not there), for bpfload to print the records by it. */
const struct event *unused_event __attribute__((unused));

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
	/* no max_entries: the loader makes one slot per possible CPU */
} open_events SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int trace_openat(struct sys_enter_openat_args *ctx)
{
	struct event e;

	__builtin_memset(&e, 0, sizeof(e));
	e.pid = bpf_get_current_pid_tgid() >> 32;
	e.flags = ctx->flags;
	e.mode = ctx->mode;
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	bpf_probe_read_user_str(e.filename, sizeof(e.filename), ctx->filename);
	bpf_perf_event_output(ctx, &open_events, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
