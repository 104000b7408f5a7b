/* bashreadline.bpf.c - every line typed into an interactive bash.
 *
 * The classic uretprobe: bash reads each command line with readline(3),
 * which returns the line as a malloc'd char *. A uretprobe on readline
 * sees that pointer in PT_REGS_RC and copies the string out of the
 * process's memory with bpf_probe_read_user_str. The section names the
 * file and the function, SEC("uretprobe//bin/bash:readline"): the path
 * is "/bin/bash" (the '/' after "uretprobe" separates). Debian's bash is
 * stripped, but readline is in its .dynsym (`nm -D /bin/bash`), which is
 * enough to find it.
 *
 * Run:     bpfload run build/bpf-progs/bashreadline.bpf.o
 * Trigger: type a command into an interactive bash
 * Output:  trace_pipe lines "readline pid=PID: ls -l"
 */
#include "bpfload.bpf.h"

SEC("uretprobe//bin/bash:readline")
int bash_readline(struct pt_regs *ctx)
{
	const char *line = (const char *)PT_REGS_RC(ctx);
	char buf[80];

	if (!line || bpf_probe_read_user_str(buf, sizeof(buf), line) < 0)
		return 0;
	bpf_printk("readline pid=%d: %s", bpf_get_current_pid_tgid() >> 32, buf);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
