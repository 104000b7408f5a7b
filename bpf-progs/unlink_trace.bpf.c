/* unlink_trace.bpf.c - the tutorials' kprobe and kretprobe on do_unlinkat.
 *
 * do_unlinkat(int dfd, struct filename *name) is the VFS function behind
 * unlink(2) and unlinkat(2) (fs/namei.c). The kprobe reads its second
 * argument, a struct filename whose first member is the path as a
 * kernel pointer (include/linux/fs.h: `const char *name`), and prints pid
 * and path; the kretprobe prints the return value (0, or -errno). The
 * registers come from PT_REGS_PARM2 and PT_REGS_RC, generated from
 * arch/ for the target architecture.
 *
 * Needs a kernel with kprobes (CONFIG_KPROBES).
 * Run:     bpfload run build/bpf-progs/unlink_trace.bpf.o
 * Trigger: touch /tmp/x; rm /tmp/x; rm /tmp/x   (the second rm fails: -2)
 * Output:  trace_pipe lines "unlink pid=PID path=/tmp/x" and
 *          "unlink pid=PID ret=0", then "ret=-2"; unlink_calls[0] counts.
 */
#include "bpfload.bpf.h"

BL_LEGACY_MAP(unlink_calls, BPF_MAP_TYPE_ARRAY, __u32, __u64, 1);

SEC("kprobe/do_unlinkat")
int trace_unlink(struct pt_regs *ctx)
{
	const void *filename = (const void *)PT_REGS_PARM2(ctx);
	const char *kpath = 0;
	char path[64];
	__u32 zero = 0;
	__u64 *n;

	/* struct filename { const char *name; ... }: the pointer is first. */
	if (bpf_probe_read_kernel(&kpath, sizeof(kpath), filename) < 0 ||
	    bpf_probe_read_kernel_str(path, sizeof(path), kpath) < 0)
		path[0] = '\0';
	bpf_printk("unlink pid=%d path=%s", bpf_get_current_pid_tgid() >> 32, path);
	n = bpf_map_lookup_elem(&unlink_calls, &zero);
	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

SEC("kretprobe/do_unlinkat")
int trace_unlink_ret(struct pt_regs *ctx)
{
	/* do_unlinkat returns int. The register is 64 bits wide, and on
	 * x86_64 and arm64 a 32-bit result leaves its upper half zero: -2
	 * reads as 4294967294 until it is cast back to int. */
	int ret = (int)PT_REGS_RC(ctx);

	bpf_printk("unlink pid=%d ret=%d", bpf_get_current_pid_tgid() >> 32, ret);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
