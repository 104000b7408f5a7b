/* test_iter.bpf.c - test object: a BPF iterator, iter/task.
 *
 * SEC("iter/task") is BPF_PROG_TYPE_TRACING with expected attach type
 * BPF_TRACE_ITER, loaded with attr.attach_btf_id = the id of the
 * kernel's FUNC bpf_iter_task (Documentation/bpf/bpf_iterators.rst). It
 * runs once per task of the system when its iterator is read: `bpfload
 * run` makes the link (BPF_LINK_CREATE), then one iterator
 * (BPF_ITER_CREATE), reads it to the end and prints what the program
 * wrote with bpf_seq_printf: here one line per process (thread-group
 * leaders only), "TGID PID COMM", and exits.
 *
 * The context is struct bpf_iter__task (meta->seq is where to print, task
 * the current task, NULL once after the last one), declared here with the
 * members used, CO-RE relocated.
 *
 * Run:     bpfload run build/bpf-progs/test_iter.bpf.o
 * Output:  "1 1 init", ..., one line per process
 */
#include "bpfload.bpf.h"
#include "bpfload_core.h"

struct seq_file;

struct bpf_iter_meta {
	struct seq_file *seq;
} __bl_core;

struct task_struct {
	int pid;
	int tgid;
	char comm[16];
} __bl_core;

struct bpf_iter__task {
	struct bpf_iter_meta *meta;
	struct task_struct *task;
} __bl_core;

/* Prints fmt with the u64 values of data (data_len bytes) into m, as
 * seq_printf does; %s takes a kernel pointer. GPL only (Linux 5.7). */
static long (*bpf_seq_printf)(struct seq_file *m, const char *fmt, __u32 fmt_size,
			      const void *data, __u32 data_len) = (void *)BPF_FUNC_seq_printf;

static const char task_fmt[] = "%d %d %s\n";

SEC("iter/task")
int dump_task(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;
	__u64 args[3];

	if (!task || task->pid != task->tgid)
		return 0;
	args[0] = task->tgid;
	args[1] = task->pid;
	args[2] = (__u64)task->comm;
	bpf_seq_printf(seq, task_fmt, sizeof(task_fmt), args, sizeof(args));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
