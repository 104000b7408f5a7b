/* loader/sys/permissions.h — what the kernel asks of a process before bpf(2)
 * creates anything: capabilities, and (before Linux 5.11) room under
 * RLIMIT_MEMLOCK (loader/sys/permissions.c). Internal to the loader. */
#ifndef BL_PERMISSIONS_H
#define BL_PERMISSIONS_H

#include <stdbool.h>
#include <stddef.h>

/* What a user who lacks them is told, after what failed. */
#define BL_NEED_PRIVILEGES "bpfload needs root, or CAP_BPF and CAP_PERFMON"

/* True when the effective capabilities allow loading tracing programs:
 * CAP_SYS_ADMIN, or both CAP_BPF and CAP_PERFMON (capget(2)). */
bool bl_have_bpf_privileges(void);

/* After perf_event_open(2) failed with ret (-EACCES, -EPERM): what
 * would allow it, as "; ..." to end an error message; "" when nothing
 * better is known. Debian's and Ubuntu's kernels add
 * kernel.perf_event_paranoid = 3 (their default), which allows
 * perf_event_open to CAP_SYS_ADMIN only; else CAP_PERFMON is enough. */
void bl_perf_event_hint(int ret, char *buf, size_t len);

/* True on kernels before 5.11, which charge BPF memory to RLIMIT_MEMLOCK
 * (uname(2)'s release; see loader/sys/permissions.c). */
bool bl_kernel_charges_memlock(void);

/* Calls attempt(ctx). When it fails with EPERM while RLIMIT_MEMLOCK is
 * finite, raises the limit (to RLIM_INFINITY, else to the hard limit)
 * and calls it once more (the
 * attempt must undo its own partial work first). Returns what the last
 * call returned; *raised (may be NULL) says whether the limit was
 * raised. */
int bl_memlock_retry(int (*attempt)(void *ctx), void *ctx, bool *raised);

#endif
