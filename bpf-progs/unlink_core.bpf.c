/* unlink_core.bpf.c - unlink_trace's kprobe and kretprobe on do_unlinkat,
 * reading kernel structures with CO-RE.
 *
 * do_unlinkat(int dfd, struct filename *name) (fs/namei.c). Where
 * unlink_trace assumes the path is the first member of struct filename,
 * this program declares the two kernel types it reads with only the
 * members it uses, marked __bl_core (preserve_access_index): clang
 * records each access as a CO-RE relocation, and the loader sets the
 * offset the target kernel's BTF gives (bpfload_core.h). The pid is
 * read the same way, from the current task_struct's tgid.
 *
 * The target BTF is /sys/kernel/btf/vmlinux; on a kernel without it
 * (no CONFIG_DEBUG_INFO_BTF), a file made by `bpfload btf min
 * unlink_core.bpf.o -o unlink_core.bpf.o.btf` where the kernel's BTF is
 * at hand and shipped next to the object (docs/btf-min.md).
 *
 * Needs a kernel with kprobes (CONFIG_KPROBES).
 * Run:     bpfload run build/bpf-progs/unlink_core.bpf.o
 * Trigger: touch /tmp/x; rm /tmp/x; rm /tmp/x   (the second rm fails: -2)
 * Output:  trace_pipe lines "unlink(core) pid=PID path=/tmp/x" and
 *          "unlink(core) pid=PID ret=0", then "ret=-2".
 */
#include "bpfload.bpf.h"
#include "bpfload_core.h"

struct filename {
	const char *name;
} __bl_core;

struct task_struct {
	int tgid;
} __bl_core;

static __always_inline int current_tgid(void)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	int tgid = 0;

	bpf_core_read(&tgid, sizeof(tgid), &task->tgid);
	return tgid;
}

SEC("kprobe/do_unlinkat")
int unlink_core(struct pt_regs *ctx)
{
	struct filename *name = (struct filename *)PT_REGS_PARM2(ctx);
	const char *kpath = 0;
	char path[64];

	if (bpf_core_read(&kpath, sizeof(kpath), &name->name) < 0 ||
	    bpf_probe_read_kernel_str(path, sizeof(path), kpath) < 0)
		path[0] = '\0';
	bpf_printk("unlink(core) pid=%d path=%s", current_tgid(), path);
	return 0;
}

SEC("kretprobe/do_unlinkat")
int unlink_core_ret(struct pt_regs *ctx)
{
	bpf_printk("unlink(core) pid=%d ret=%d", current_tgid(), (int)PT_REGS_RC(ctx));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
