/* test_ksyms.bpf.c - test object: kernel symbols (__ksym), typed,
 * typeless and __weak.
 *
 * For the loader's tests (tests/host/test_ksyms.c, tests/vm/tests.d/
 * 80-ksyms.sh). Each program copies what it sees into .bss; the tests run
 * them with BPF_PROG_TEST_RUN (raw tracepoints take their arguments as
 * the context) and compare with /proc/kallsyms:
 *
 *   typeless    the address of vfs_read (a typeless __ksym: a plain
 *               ld_imm64 of its /proc/kallsyms address), and three __weak
 *               externs the kernel does not have (a typeless one, a typed
 *               one, a kfunc), which are 0: bpf_ksym_exists() is false
 *               for each and the kfunc's call, poisoned by the loader, is
 *               dropped by the verifier as dead code. Any kernel.
 *   percpu      runqueues, the scheduler's per-CPU struct rq, typed (its
 *               VAR in the kernel's BTF, BPF_PSEUDO_BTF_ID): this CPU's
 *               copy (bpf_this_cpu_ptr) and CPU 0's (bpf_per_cpu_ptr),
 *               whose field cpu says which CPU they belong to. Needs
 *               CONFIG_KALLSYMS_ALL (Debian's amd64 kernel: yes; its
 *               arm64 one and the development machine's: no, and the
 *               load says so).
 *   weak_typed  a __weak typed per-CPU variable that the kernel has:
 *               present where CONFIG_KALLSYMS_ALL lets the verifier find
 *               it, 0 (absent) where not.
 *
 * Run:     bpfload verify build/bpf-progs/test_ksyms.bpf.o
 */
#include "bpfload.bpf.h"
#include "bpfload_core.h"

struct rq {
	int cpu;
} __bl_core;

extern const void vfs_read __ksym;			/* typeless */
extern const struct rq runqueues __ksym;		/* typed, per-CPU */
extern const void bl_no_such_symbol __ksym __weak;	/* missing, typeless */
extern const int bl_no_such_variable __ksym __weak;	/* missing, typed */
extern void bl_no_such_kfunc(int) __ksym __weak;	/* missing kfunc (its parameter unnamed) */
extern const int bpf_prog_active __ksym __weak;		/* typed, per-CPU */

__u64 vfs_read_addr;
__u64 missing_addr;		/* &bl_no_such_symbol: 0 */
__u32 exists_symbol;		/* bpf_ksym_exists of each: 0 */
__u32 exists_variable;
__u32 exists_kfunc;
__u32 typeless_runs;

__s32 this_cpu = -1;		/* runqueues of this CPU: its cpu field */
__s32 smp_cpu = -1;		/* bpf_get_smp_processor_id() */
__s32 cpu0 = -1;		/* runqueues of CPU 0: its cpu field */
__u32 percpu_runs;

__u32 weak_present;		/* bpf_ksym_exists(&bpf_prog_active) */
__u32 weak_runs;

SEC("raw_tp/sys_enter")
int typeless(void *ctx)
{
	(void)ctx;
	vfs_read_addr = (__u64)&vfs_read;
	missing_addr = (__u64)&bl_no_such_symbol;
	exists_symbol = bpf_ksym_exists(&bl_no_such_symbol);
	exists_variable = bpf_ksym_exists(&bl_no_such_variable);
	exists_kfunc = bpf_ksym_exists(bl_no_such_kfunc);
	if (bpf_ksym_exists(bl_no_such_kfunc))
		bl_no_such_kfunc(1);	/* dead code for the verifier */
	typeless_runs++;
	return 0;
}

SEC("raw_tp/sys_enter")
int percpu(void *ctx)
{
	const struct rq *rq = bpf_this_cpu_ptr(&runqueues);

	(void)ctx;
	this_cpu = rq->cpu;
	smp_cpu = (__s32)bpf_get_smp_processor_id();
	rq = bpf_per_cpu_ptr(&runqueues, 0);
	if (rq)
		cpu0 = rq->cpu;
	percpu_runs++;
	return 0;
}

SEC("raw_tp/sys_enter")
int weak_typed(void *ctx)
{
	(void)ctx;
	weak_present = bpf_ksym_exists(&bpf_prog_active);
	weak_runs++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
