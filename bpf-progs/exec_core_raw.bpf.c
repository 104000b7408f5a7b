/* exec_core_raw.bpf.c - the raw tracepoint sched_process_exec, its
 * arguments read with CO-RE.
 *
 * A raw tracepoint gets the tracepoint's own arguments, untouched
 * (TP_PROTO in include/trace/events/sched.h: struct task_struct *p,
 * pid_t old_pid, struct linux_binprm *bprm), as args[0..2]: kernel
 * pointers whose layout the program must know. It declares the members
 * it reads, marked __bl_core (preserve_access_index), and the loader
 * sets their offsets from the target kernel's BTF (bpfload_core.h):
 * the task's tgid and the file name given to execve (bprm->filename).
 *
 * The target BTF is /sys/kernel/btf/vmlinux; on a kernel without it
 * (no CONFIG_DEBUG_INFO_BTF), a file made by `bpfload btf min
 * exec_core_raw.bpf.o -o exec_core_raw.bpf.o.btf` where the kernel's
 * BTF is at hand and shipped next to the object (docs/btf-min.md).
 *
 * Run:     bpfload run build/bpf-progs/exec_core_raw.bpf.o
 * Trigger: any program started, e.g. /bin/true
 * Output:  trace_pipe lines "exec(core) pid=PID file=/bin/true".
 */
#include "bpfload.bpf.h"
#include "bpfload_core.h"

struct task_struct {
	int tgid;
} __bl_core;

struct linux_binprm {
	const char *filename;
} __bl_core;

SEC("raw_tracepoint/sched_process_exec")
int exec_core(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *task = (struct task_struct *)ctx->args[0];
	struct linux_binprm *bprm = (struct linux_binprm *)ctx->args[2];
	const char *kfile = 0;
	char file[64];
	int tgid = 0;

	bpf_core_read(&tgid, sizeof(tgid), &task->tgid);
	if (bpf_core_read(&kfile, sizeof(kfile), &bprm->filename) < 0 ||
	    bpf_probe_read_kernel_str(file, sizeof(file), kfile) < 0)
		file[0] = '\0';
	bpf_printk("exec(core) pid=%d file=%s", tgid, file);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
