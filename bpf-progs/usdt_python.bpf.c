/* usdt_python.bpf.c - CPython's USDT probe python:function__entry (Debian's
 * /usr/bin/python3.11 has it; `bpfload list usdt /usr/bin/python3.11`),
 * read with bpfload_usdt.h: each Python function call prints its name,
 * line and file.
 *
 * The probe has a semaphore: CPython computes the arguments only while
 * it is raised, which the kernel does in every process that maps the
 * file for as long as the uprobe is there (docs/usdt.md). So the Python
 * program must run while bpfload listens (--cmd, or started after it).
 * The section is a bare SEC("usdt"): the probe is given on the command
 * line, so the object does not depend on where Python is.
 *
 * Run:     bpfload run build/bpf-progs/usdt_python.bpf.o \
 *              --usdt /usr/bin/python3.11:python:function__entry \
 *              --cmd "python3.11 script.py"
 * Output:  a trace_pipe line per call
 *            py entry FUNC:LINE
 *            py file FILE
 * Tests:   tests/cli/usdt.sh
 */
#include "bpfload_usdt.h"

#define PY_STR 64

SEC("usdt")
int BPF_USDT(py_function_entry, const char *file, const char *func, int line)
{
	char name[PY_STR], path[PY_STR];

	/* a string the program cannot read (or too long): cut or empty */
	if (bpf_probe_read_user_str(name, sizeof(name), func) < 0)
		name[0] = '\0';
	if (bpf_probe_read_user_str(path, sizeof(path), file) < 0)
		path[0] = '\0';
	bpf_printk("py entry %s:%d", name, line);
	bpf_printk("py file %s", path);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
