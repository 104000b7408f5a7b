/* tests/unit/arch_regs_hdr_arm.c — evaluates every macro of the generated
 * build/gen/bpfload_regs_arm.h on the host, on a fake context, for
 * tests/unit/test_arch.c to compare with arch/arm.c.  The header calls
 * bpf_probe_read_kernel; here it is a memcpy that counts its calls. */
#include <string.h>

#include "arch_test.h"

static unsigned kernel_reads;

static long bpf_probe_read_kernel(void *dst, unsigned size, const void *src)
{
	kernel_reads++;
	memcpy(dst, src, size);
	return 0;
}

#include "bpfload_regs_arm.h"

#define ARCH_FN ut_regs_hdr_arm
#include "arch_regs_hdr.h"
