/* usdt_trace.bpf.c - USDT probes read with bpf-progs' own bpfload_usdt.h
 * (no libbpf headers): the programs of compat/usdt_args.bpf.c, which uses
 * libbpf's <bpf/usdt.bpf.h>, written against bpfload.bpf.h. One program
 * per probe of tests/uprobe/usdt_target.c; each section names the bare
 * program usdt_target, which bpfload finds in PATH.
 *
 * Run:     PATH=build/tests/uprobe:$PATH \
 *              bpfload run build/bpf-progs/usdt_trace.bpf.o
 * Trigger: build/tests/uprobe/usdt_target
 * Output:  trace_pipe lines
 *            usdt regs c=-7 s=-300 i=-70000
 *            usdt regs l=-5000000000 uc=200 us=60000
 *            usdt regs ui=4000000000 ul=7 cnt=8
 *            usdt mem i=-12 s=34 l=-56
 *            usdt consts a=5 b=-9 c=100000
 *            usdt noargs cnt=0 err=-2 cookie=0
 *            usdt sema v=42      (only while the semaphore is raised)
 * Tests:   tests/cli/usdt.sh, tests/vm/tests.d/47-usdt.sh
 */
#include "bpfload_usdt.h"

SEC("usdt/usdt_target:bltest:regs")
int BPF_USDT(usdt_regs, char c, short s, int i, long l, unsigned char uc, unsigned short us,
	     unsigned int ui, unsigned long ul)
{
	bpf_printk("usdt regs c=%d s=%d i=%d", c, s, i);
	/* %lld: the kernel's bstr_printf (lib/vsprintf.c) reads a %ld as
	 * an unsigned long, so a 32-bit kernel prints a negative long as
	 * its unsigned low half; a BPF long is 64 bits, a %lld too */
	bpf_printk("usdt regs l=%lld uc=%u us=%u", (long long)l, uc, us);
	bpf_printk("usdt regs ui=%u ul=%lu cnt=%d", ui, ul, bpf_usdt_arg_cnt(ctx));
	return 0;
}

SEC("usdt/usdt_target:bltest:mem")
int BPF_USDT(usdt_mem, int i, short s, long l)
{
	bpf_printk("usdt mem i=%d s=%d l=%lld", i, s, (long long)l);
	return 0;
}

SEC("usdt/usdt_target:bltest:consts")
int BPF_USDT(usdt_consts, int a, int b, int c)
{
	bpf_printk("usdt consts a=%d b=%d c=%d", a, b, c);
	return 0;
}

/* Without BPF_USDT: the functions themselves. Argument 0 of a probe
 * without arguments is -ENOENT. */
SEC("usdt/usdt_target:bltest:noargs")
int usdt_noargs(struct pt_regs *ctx)
{
	long v = 0;
	int err = bpf_usdt_arg(ctx, 0, &v);

	bpf_printk("usdt noargs cnt=%d err=%d cookie=%ld", bpf_usdt_arg_cnt(ctx), err,
		   bpf_usdt_cookie(ctx));
	return 0;
}

SEC("usdt/usdt_target:bltest:sema")
int BPF_USDT(usdt_sema, long v)
{
	bpf_printk("usdt sema v=%ld", v);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
