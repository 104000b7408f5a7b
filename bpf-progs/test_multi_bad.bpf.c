/* test_multi_bad.bpf.c - test object: kprobe.multi and uprobe.multi
 * sections bpfload must refuse at attach with a clear message, leaving
 * nothing behind; one program each, chosen with `bpfload run --prog`:
 *   kp_none     a pattern no kernel function matches
 *   kp_badchar  a character no function name has
 *   kp_bare     no pattern at all
 *   up_nocolon  not PATH:PATTERN
 *   up_nofile   a file that does not exist
 *   up_none     a pattern no function of the file matches
 *   up_first    a good bare uprobe.multi (--uprobe): attached, then undone
 *               when a program after it fails
 * and two good ones on names the kernel has more than once (s_show,
 * s_start, s_stop of kernel/kallsyms.c, mm/vmalloc.c and more), which
 * one kprobe per function must attach by address:
 *   kp_dup      kprobe.multi/s_s*
 *   krp_dup     kretprobe.multi/s_s*
 */
#include "bpfload.bpf.h"

#define PROG(name, sec)                      \
	SEC(sec)                             \
	int name(struct pt_regs *ctx)        \
	{                                    \
		(void)ctx;                   \
		return 0;                    \
	}

PROG(up_first, "uprobe.multi")
PROG(kp_none, "kprobe.multi/bpfload_no_such_function_*")
PROG(kp_badchar, "kprobe.multi/vfs_(read)")
PROG(kp_bare, "kprobe.multi")
PROG(up_nocolon, "uprobe.multi/bl_target_*")
PROG(up_nofile, "uprobe.multi//bpfload/no/such/file:bl_*")
PROG(up_none, "uprobe.multi/libc.so.6:bpfload_no_such_function_*")
PROG(kp_dup, "kprobe.multi/s_s*")
PROG(krp_dup, "kretprobe.multi/s_s*")

char LICENSE[] SEC("license") = "GPL";
