/* test_usdt_nomaps.bpf.c - a USDT program that does not include
 * bpfload_usdt.h (nor libbpf's <bpf/usdt.bpf.h>): its object has no maps
 * __bpf_usdt_specs and __bpf_usdt_ip_to_spec_id for the loader to fill,
 * which bpfload refuses, naming the program and the maps, before any
 * uprobe is made.
 *
 * Run:     bpfload run build/bpf-progs/test_usdt_nomaps.bpf.o \
 *              --usdt build/tests/uprobe/usdt_target:bltest:noargs
 * Output:  an error, exit status 1
 * Tests:   tests/cli/usdt.sh
 */
#include "bpfload.bpf.h"

SEC("usdt")
int usdt_nomaps(struct pt_regs *ctx)
{
	bpf_printk("usdt nomaps");
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
