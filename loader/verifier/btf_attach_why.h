/* loader/verifier/btf_attach_why.h — why the kernel refused a BTF-attached
 * program (fentry, fexit, fmod_ret, lsm, freplace, tp_btf, iter), in one
 * line that ends with what to use instead.
 *
 * The refusals people meet come in three forms:
 *   - a line of the verifier's log, from bpf_check_attach_target and
 *     check_attach_btf_id (kernel/bpf/verifier.c): "The address of
 *     function X cannot be found", "... is rejected.", "X() is not
 *     modifiable", "X is not sleepable";
 *   - an errno with no log: EPERM from BPF_PROG_LOAD before the verifier
 *     ran (a kernel whose policy refuses BPF trampolines), ENOTSUPP (524,
 *     the kernel's internal "not supported" that leaks to user space) or
 *     ENODEV from BPF_LINK_CREATE where the kernel cannot build a
 *     trampoline on a kernel function (no ftrace direct calls,
 *     CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS), EBUSY where the
 *     function's entry cannot be patched (kernel/bpf/trampoline.c);
 *   - an LSM program on a kernel whose BPF LSM is not active: it loads
 *     and attaches, and never runs (Documentation/bpf/prog_lsm.rst).
 * Pure: the caller gathers the facts (loader/load/attach_why.c), so the
 * unit tests feed it canned ones.
 */
#ifndef BL_BTF_ATTACH_WHY_H
#define BL_BTF_ATTACH_WHY_H

#include <stdbool.h>
#include <stddef.h>

#include "elf/btf_target.h"

/* ENOTSUPP is the kernel's own (include/linux/errno.h), not in <errno.h>. */
#define BL_ENOTSUPP 524

/* What the running kernel is, as far as it can be told. */
struct bl_btf_attach_facts {
	bool privileged;	/* CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN */
	int direct_calls;	/* CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS: 1 y, 0 not set, -1 unknown */
	int bpf_lsm;		/* CONFIG_BPF_LSM: the same */
	char lsm[256];		/* the active LSMs, "lockdown,capability,bpf"; "" unknown */
	char lsm_from[64];	/* where lsm was read: "/sys/kernel/security/lsm", ... */
	char machine[32];	/* uname -m: "x86_64", "aarch64" */
};

/* Is the BPF LSM active: 1, 0, or -1 when the facts do not say. */
int bl_bpf_lsm_active(const struct bl_btf_attach_facts *f);

enum bl_btf_attach_stage {
	BL_BTF_STAGE_LOAD,	/* BPF_PROG_LOAD */
	BL_BTF_STAGE_ATTACH,	/* BPF_LINK_CREATE (or BPF_RAW_TRACEPOINT_OPEN) */
};

/* The explanation of a refusal with errnum (positive; 0: none yet, for
 * the check before loading an LSM program) and log (the verifier's, may
 * be NULL) of a program attaching to t, into buf. False when none of the
 * known forms fits (the caller then says what the kernel said). */
bool bl_btf_attach_why(const struct bl_btf_target *t, enum bl_btf_attach_stage stage, int errnum,
		       const char *log, const struct bl_btf_attach_facts *f, char *buf, size_t len);

#endif
