/* test_globals.bpf.c - test object: global variables in .rodata, .data
 * and .bss.
 *
 * For the loader's tests.  Each section becomes a one-element array map
 * (named test_glo.rodata, test_glo.data, test_glo.bss, as libbpf names
 * them); the program reaches its variables through ld_imm64 instructions
 * that the loader turns into BPF_PSEUDO_MAP_VALUE (map fd + offset).
 * The `const volatile` variables in .rodata are the program's settings:
 * the verifier sees them as constants once the map is frozen, and
 * bpfload --set NAME=VALUE changes them before the load.
 *
 * Run:     bpfload run build/bpf-progs/test_globals.bpf.o --set target_pid=PID
 * Trigger: getppid(2) from process PID
 * Output:  in test_glo.bss: calls (every getppid), matched (those of
 *          target_pid, or all when it is 0); in test_glo.data: counted
 *          (starts at 1000, grows by step per match), last_tag (a copy of
 *          tag); and a trace_pipe line per match, whose format is a string
 *          in .rodata.str1.1.
 */
#include "bpfload.bpf.h"

enum bl_test_mode { MODE_COUNT = 1, MODE_SKIP = 2 };

/* .rodata: read-only for the program, set before the load */
const volatile __u32 target_pid = 0;	/* 0: every process */
const volatile __s32 step = 1;		/* added to counted per match */
const volatile char tag[16] = "none";
const volatile enum bl_test_mode mode = MODE_COUNT;
const volatile _Bool enabled = 1;

/* .data: initialised */
__s64 counted = 1000;
char last_tag[16] = "unset";

/* .bss: zeros */
__u64 calls;
__u64 matched;
__u32 last_pid;
/* hidden: not visible outside the object; its BTF VAR becomes static */
__attribute__((visibility("hidden"))) __u32 hidden_calls;

SEC("tracepoint/syscalls/sys_enter_getppid")
int count_getppid(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;

	(void)ctx;
	__sync_fetch_and_add(&calls, 1);
	__sync_fetch_and_add(&hidden_calls, 1);
	if (!enabled || mode == MODE_SKIP)
		return 0;
	if (target_pid && pid != target_pid)
		return 0;
	__sync_fetch_and_add(&matched, 1);
	__sync_fetch_and_add(&counted, step);
	last_pid = pid;
	for (int i = 0; i < (int)sizeof(last_tag); i++)
		last_tag[i] = tag[i];
	if (target_pid)
		bpf_trace_printk("bpfload globals pid=%d tag=%s", sizeof("bpfload globals pid=%d tag=%s"),
				 pid, last_tag);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
