/* test_lsm.bpf.c - test object: BPF LSM programs (Documentation/bpf/
 * prog_lsm.rst).
 *
 * SEC("lsm/HOOK") is BPF_PROG_TYPE_LSM with expected attach type
 * BPF_LSM_MAC, loaded with attr.attach_btf_id = the id of the kernel's
 * FUNC bpf_lsm_HOOK, the empty function every LSM hook calls for BPF
 * (kernel/bpf/bpf_lsm.c); it runs from a BPF trampoline on that
 * function. The context is the hook's arguments, then the return value
 * of the LSMs before it; returning non-zero (a -errno) denies.
 *
 *   count_open    lsm/file_open: counts the opens of process target_tgid
 *   deny_getsid   lsm/task_getsid: when deny_getsid is set, getsid(2)
 *                 of process target_tgid fails with EPERM
 *
 * Results in the one slot of `lsm_seen`.
 *
 * Run:     bpfload run build/bpf-progs/test_lsm.bpf.o --set target_tgid=PID
 * Needs:   CONFIG_BPF_LSM=y, "bpf" among the active LSMs (lsm=...,bpf;
 *          /sys/kernel/security/lsm), and BPF trampolines. Elsewhere
 *          bpfload says which is missing, in one line.
 */
#include "bpfload.bpf.h"

struct lsm_seen {
	__u64 opens;
	__u64 getsid_calls;
};

const volatile __s32 target_tgid = 0;
const volatile _Bool deny_getsid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct lsm_seen);
	__uint(max_entries, 1);
} lsm_seen SEC(".maps");

static __always_inline struct lsm_seen *mine(void)
{
	__u32 zero = 0;

	if ((bpf_get_current_pid_tgid() >> 32) != (__u32)target_tgid)
		return 0;
	return bpf_map_lookup_elem(&lsm_seen, &zero);
}

/* int file_open(struct file *file, int ret) */
SEC("lsm/file_open")
int count_open(__u64 *ctx)
{
	struct lsm_seen *s = mine();
	int ret = (int)ctx[1];

	if (ret)
		return ret;
	if (s)
		__sync_fetch_and_add(&s->opens, 1);
	return 0;
}

/* deny_getsid as 0 or 1, through a register the compiler cannot see
 * into: no arithmetic on it reaches the return value. */
static __always_inline int deny_getsid_on(void)
{
	int d = deny_getsid;

	asm volatile("" : "+r"(d));
	return d != 0;
}

/* int task_getsid(struct task_struct *p, int ret) */
SEC("lsm/task_getsid")
int deny_getsid_lsm(__u64 *ctx)
{
	struct lsm_seen *s = mine();
	int ret = (int)ctx[1];

	/* The verifier of 6.12 (not 6.1) wants an lsm program's return value
	 * proven to be 0 or an errno (-4095..0): each return below is a
	 * constant on its own branch. clang turns `deny_getsid ? -1 : 0` of a
	 * _Bool into a negated byte, sign-extended by shifts, whose bounds
	 * the verifier loses; and a check of ret bounds a copy of it, not the
	 * register returned. */
	if (ret)
		return -1;	/* another program said no: it stays no (-EPERM) */
	if (!s)
		return 0;
	__sync_fetch_and_add(&s->getsid_calls, 1);
	if (deny_getsid_on())
		return -1;	/* -EPERM */
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
