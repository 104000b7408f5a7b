// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* compat/usdt_args.bpf.c - USDT programs written for libbpf and loaded
 * unchanged by bpfload: a bpftool-made "vmlinux.h", libbpf-dev's
 * <bpf/bpf_helpers.h>, <bpf/bpf_tracing.h> and <bpf/usdt.bpf.h>
 * (BPF_USDT, bpf_usdt_arg, bpf_usdt_arg_cnt, bpf_usdt_cookie, and the
 * maps __bpf_usdt_specs and __bpf_usdt_ip_to_spec_id that the loader
 * fills). One program per probe of tests/uprobe/usdt_target.c, named by
 * a bare program name that bpfload finds in PATH.
 *
 * Build (GNUmakefile, needs bpftool and /sys/kernel/btf/vmlinux):
 *   clang -O2 -g -target bpf -D__TARGET_ARCH_x86 -Ibuild/gen -c X.bpf.c -o X.bpf.o
 * Run:     PATH=build/tests/uprobe:$PATH bpfload run build/bpf-progs/compat/usdt_args.bpf.o
 * Trigger: build/tests/uprobe/usdt_target
 * Output:  trace_pipe lines "usdt regs ...", "usdt mem ...", "usdt consts
 *          ...", "usdt noargs ...", "usdt sema ..."
 * Tests:   tests/cli/usdt.sh
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

SEC("usdt/usdt_target:bltest:regs")
int BPF_USDT(usdt_regs, char c, short s, int i, long l, unsigned char uc, unsigned short us,
	     unsigned int ui, unsigned long ul)
{
	bpf_printk("usdt regs c=%d s=%d i=%d", c, s, i);
	bpf_printk("usdt regs l=%ld uc=%u us=%u", l, uc, us);
	bpf_printk("usdt regs ui=%u ul=%lu cnt=%d", ui, ul, bpf_usdt_arg_cnt(ctx));
	return 0;
}

SEC("usdt/usdt_target:bltest:mem")
int BPF_USDT(usdt_mem, int i, short s, long l)
{
	bpf_printk("usdt mem i=%d s=%d l=%ld", i, s, l);
	return 0;
}

SEC("usdt/usdt_target:bltest:consts")
int BPF_USDT(usdt_consts, int a, int b, int c)
{
	bpf_printk("usdt consts a=%d b=%d c=%d", a, b, c);
	return 0;
}

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
