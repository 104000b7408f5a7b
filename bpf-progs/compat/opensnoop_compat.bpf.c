// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* compat/opensnoop_compat.bpf.c - a program in the style of libbpf-tools
 * (opensnoop, execsnoop), written for libbpf and loaded unchanged by
 * bpfload: a bpftool-made "vmlinux.h", libbpf-dev's <bpf/bpf_helpers.h>,
 * <bpf/bpf_tracing.h> and <bpf/bpf_core_read.h>, a BTF-defined ring
 * buffer, a `const volatile` filter in .rodata (bpfload --set
 * targ_pid=PID), BPF_CORE_READ through task->real_parent, a static
 * __noinline subprogram, a kconfig extern, a tracepoint and a
 * BPF_KPROBE program, counters in .bss.
 *
 * Build (GNUmakefile, needs bpftool and /sys/kernel/btf/vmlinux):
 *   bpftool btf dump file /sys/kernel/btf/vmlinux format c > build/gen/vmlinux.h
 *   clang -O2 -g -target bpf -D__TARGET_ARCH_x86 -Ibuild/gen -c X.bpf.c -o X.bpf.o
 * Run:     bpfload run build/bpf-progs/compat/opensnoop_compat.bpf.o --set targ_pid=PID
 * Trigger: openat(2) by PID (every process when 0); unlink(2)
 * Output:  events (ring buffer): struct event; in .bss: opens, unlinks,
 *          last_ppid (the parent of the last opener)
 * Tests:   tests/host/test_compat.c
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#define TASK_COMM_LEN 16
#define NAME_MAX 255

struct event {
	__u64 ts;
	pid_t pid;
	pid_t ppid;
	__u32 kernel;	/* LINUX_KERNEL_VERSION */
	int flags;
	char comm[TASK_COMM_LEN];
	char fname[NAME_MAX + 1];
};

const volatile pid_t targ_pid = 0;

extern int LINUX_KERNEL_VERSION __kconfig;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

__u64 opens = 0;
__u64 unlinks = 0;
pid_t last_ppid = 0;

static __noinline bool trace_allowed(pid_t pid)
{
	return !targ_pid || targ_pid == pid;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int tracepoint__syscalls__sys_enter_openat(struct trace_event_raw_sys_enter *ctx)
{
	pid_t pid = bpf_get_current_pid_tgid() >> 32;
	struct task_struct *task;
	struct event *e;

	if (!trace_allowed(pid))
		return 0;
	task = (struct task_struct *)bpf_get_current_task();
	last_ppid = BPF_CORE_READ(task, real_parent, tgid);
	__sync_fetch_and_add(&opens, 1);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->ts = bpf_ktime_get_ns();
	e->pid = pid;
	e->ppid = last_ppid;
	e->kernel = LINUX_KERNEL_VERSION;
	e->flags = (int)ctx->args[2];
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_probe_read_user_str(e->fname, sizeof(e->fname), (const char *)ctx->args[1]);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(do_unlinkat, int dfd, struct filename *name)
{
	pid_t pid = bpf_get_current_pid_tgid() >> 32;
	const char *fname;
	char buf[32];

	if (!trace_allowed(pid))
		return 0;
	fname = BPF_CORE_READ(name, name);
	bpf_probe_read_kernel_str(buf, sizeof(buf), fname);
	__sync_fetch_and_add(&unlinks, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
