/* exec_ringbuf_local.bpf.c - ring buffer records whose types are only the
 * types of local variables, as libbpf's examples and libbpf-tools write
 * them: no global of the type, so clang leaves the structs out of .BTF,
 * and they are only in the DWARF that `clang -g` writes (.debug_info).
 *
 * Shows: how bpfload finds a record type without a change to the BPF
 * source (docs/buffers.md, "Which type a record has"):
 *   - exec_records: struct event, found by its name in the DWARF;
 *   - exec_sizes: struct exec_size, 40 bytes, no name bpfload knows: the
 *     only named struct of that size, so picked by the record's size;
 *   - exec_tails (with --set tails=1): struct exec_tail, of which only the
 *     bytes of path[] that hold the path are sent, as libbpf-tools'
 *     execsnoop sends its args: records shorter than the struct, printed
 *     with the rest as zeros (--event-type exec_tails=exec_tail).
 * Used by tests/cli/event_types.sh and the unit tests of elf/dwarf/.
 *
 * Run:     bpfload run build/bpf-progs/exec_ringbuf_local.bpf.o
 * Trigger: any program start, e.g. `ls`.
 */
#include "bpfload.bpf.h"

/* sched:sched_process_exec, as its tracefs format file says */
struct exec_args {
	__u16 common_type;
	__u8 common_flags;
	__u8 common_preempt_count;
	__s32 common_pid;
	__u32 filename_loc;
	__s32 pid;
	__s32 old_pid;
};

enum exec_kind { EXEC_LEADER = 1, EXEC_THREAD = 2 };

struct event {
	__u32 pid;
	enum exec_kind kind;	/* an enum, printed by its name */
	__u8 traced : 1,	/* bit fields */
	     level : 3;
	char comm[16];
	char filename[64];
};

typedef __u64 exec_count_t;

struct exec_size {
	exec_count_t pid_tgid;	/* through a typedef */
	__u32 uid;
	__u32 gid;
	char comm[16];
	__u16 ids[2][2];	/* a two-dimensional array */
};
_Static_assert(sizeof(struct exec_size) == 40, "the size the size test looks for");

struct exec_tail {
	__u32 pid;
	__u32 len;		/* of path, its NUL included */
	char path[128];		/* only len bytes of it are sent */
};

const volatile __u32 tails = 0;	/* --set tails=1: send exec_tail records */

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} exec_records SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} exec_sizes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} exec_tails SEC(".maps");

SEC("tracepoint/sched/sched_process_exec")
int exec_local(struct exec_args *ctx)
{
	struct exec_size s = {};
	struct event *e;
	__u64 ug;

	e = bpf_ringbuf_reserve(&exec_records, sizeof(*e), 0);
	if (e) {
		e->pid = ctx->pid;
		e->kind = ctx->pid == ctx->old_pid ? EXEC_LEADER : EXEC_THREAD;
		e->traced = 1;
		e->level = 5;
		bpf_get_current_comm(e->comm, sizeof(e->comm));
		if (bpf_probe_read_kernel_str(e->filename, sizeof(e->filename),
					      (char *)ctx + (ctx->filename_loc & 0xffff)) < 0)
			e->filename[0] = '\0';
		bpf_ringbuf_submit(e, 0);
	}

	s.pid_tgid = bpf_get_current_pid_tgid();
	ug = bpf_get_current_uid_gid();
	s.uid = (__u32)ug;
	s.gid = (__u32)(ug >> 32);
	bpf_get_current_comm(s.comm, sizeof(s.comm));
	s.ids[0][0] = 1;
	s.ids[0][1] = 2;
	s.ids[1][0] = 3;
	s.ids[1][1] = 4;
	bpf_ringbuf_output(&exec_sizes, &s, sizeof(s), 0);

	if (tails) {
		struct exec_tail t = {};
		long n;

		t.pid = ctx->pid;
		n = bpf_probe_read_kernel_str(t.path, sizeof(t.path),
					      (char *)ctx + (ctx->filename_loc & 0xffff));
		if (n > 0) {
			t.len = (__u32)n;
			bpf_ringbuf_output(&exec_tails, &t, 8 + (n & 127), 0);
		}
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
