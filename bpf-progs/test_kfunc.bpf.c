/* test_kfunc.bpf.c - test object: kfunc calls (__ksym functions).
 *
 * For the loader's tests (tests/host/test_ksyms.c, tests/vm/tests.d/
 * 80-ksyms.sh). The programs are BPF_PROG_TYPE_SYSCALL, run with
 * BPF_PROG_TEST_RUN: the context is whatever the caller passes (struct
 * kfunc_args), and they copy what they see into .bss. Which kfuncs a
 * kernel has differs, so the programs that need one are SEC("?...") (not
 * loaded unless asked for: bpfload verify --prog NAME):
 *
 *   task_from_pid  bpf_task_from_pid() and bpf_task_release() (Linux 6.2,
 *                  for syscall programs since 6.9): the pid the caller
 *                  passes, read back from the task_struct; and a pid that
 *                  does not exist, which gives NULL.
 *   test_acquire   bpf_kfunc_call_test_acquire() and _release(), the test
 *                  kfuncs of net/bpf/test_run.c in Linux 5.18 to 6.3 (later
 *                  in the bpf_testmod module): the struct it returns holds
 *                  a = 42, b = 108.
 *   kfunc_exists   bpf_ksym_exists() of a kfunc the kernel has (Linux 6.4:
 *                  an ld_imm64 BPF_PSEUDO_BTF_ID of a FUNC).
 *   weak_guarded   (loaded by default) a __weak kfunc no kernel has, called
 *                  behind bpf_ksym_exists(): dropped by the verifier.
 *   weak_unguarded the same call without the test: refused, and bpfload
 *                  says to add it.
 *   missing        a kfunc no kernel has, not __weak: bpfload refuses the
 *                  program before the load, naming it.
 *
 * Run:     bpfload verify build/bpf-progs/test_kfunc.bpf.o --prog task_from_pid
 */
#include "bpfload.bpf.h"
#include "bpfload_core.h"

struct task_struct {
	int pid;
	int tgid;
} __bl_core;

struct prog_test_ref_kfunc {
	int a;
	int b;
} __bl_core;

struct kfunc_args {
	__s32 pid;		/* a process that exists */
	__s32 bad_pid;		/* one that does not */
};

extern struct task_struct *bpf_task_from_pid(__s32 pid) __ksym;
/* __weak: kfunc_exists tests it (task_from_pid calls it without a test:
 * where it is missing, that program is refused) */
extern void bpf_task_release(struct task_struct *p) __ksym __weak;
extern struct prog_test_ref_kfunc *bpf_kfunc_call_test_acquire(unsigned long *scalar_ptr) __ksym;
extern void bpf_kfunc_call_test_release(struct prog_test_ref_kfunc *p) __ksym;
extern void bl_no_such_kfunc(int arg) __ksym __weak;
extern void bl_no_such_kfunc_strong(void) __ksym;

__s32 found_pid = -1;		/* task_from_pid: the task's pid */
__s32 found_tgid = -1;
__u32 bad_pid_null;		/* 1: NULL for bad_pid */
__s32 test_a = -1;		/* test_acquire: the struct's fields */
__s32 test_b = -1;
__u32 release_exists;		/* kfunc_exists: bpf_ksym_exists(bpf_task_release) */
__u32 weak_runs;		/* weak_guarded: ran to the end */
__u32 weak_exists = 2;		/* bpf_ksym_exists(bl_no_such_kfunc) */

SEC("?syscall")
int task_from_pid(struct kfunc_args *args)
{
	struct task_struct *t = bpf_task_from_pid(args->pid);

	if (t) {
		found_pid = t->pid;
		found_tgid = t->tgid;
		bpf_task_release(t);
	}
	t = bpf_task_from_pid(args->bad_pid);
	if (t)
		bpf_task_release(t);
	else
		bad_pid_null = 1;
	return 0;
}

SEC("?syscall")
int test_acquire(void *ctx)
{
	unsigned long scalar = 0;
	struct prog_test_ref_kfunc *p = bpf_kfunc_call_test_acquire(&scalar);

	(void)ctx;
	if (!p)
		return 1;
	test_a = p->a;
	test_b = p->b;
	bpf_kfunc_call_test_release(p);
	return 0;
}

SEC("?syscall")
int kfunc_exists(void *ctx)
{
	(void)ctx;
	release_exists = bpf_ksym_exists(bpf_task_release);
	return 0;
}

SEC("syscall")
int weak_guarded(void *ctx)
{
	(void)ctx;
	weak_exists = bpf_ksym_exists(bl_no_such_kfunc);
	if (bpf_ksym_exists(bl_no_such_kfunc))
		bl_no_such_kfunc(2);
	weak_runs++;
	return 0;
}

SEC("?syscall")
int weak_unguarded(void *ctx)
{
	(void)ctx;
	bl_no_such_kfunc(3);
	return 0;
}

SEC("?syscall")
int missing(void *ctx)
{
	(void)ctx;
	bl_no_such_kfunc_strong();
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
