/* loader/sys/permissions.c — what the kernel asks of a process before bpf(2)
 * creates maps and programs.
 *
 * Capabilities (capabilities(7), include/uapi/linux/capability.h): since
 * Linux 5.8, CAP_BPF allows creating maps and loading programs, and
 * tracing programs also need CAP_PERFMON; CAP_SYS_ADMIN allows all of it
 * (the only way before 5.8). Without them bpf() fails with EPERM: the
 * loader then says plainly that bpfload needs root (BL_NEED_PRIVILEGES),
 * rather than leaving the user with the bare errno. The effective set is
 * read with capget(2), version 3 (two 32-bit words per set).
 *
 * perf_event_open(2), which attaches tracepoints, kprobes and uprobes,
 * follows kernel.perf_event_paranoid (Documentation/admin-guide/
 * perf-security.rst): CAP_PERFMON passes every level the kernel knows,
 * but Debian and Ubuntu patch in a level 3, their default, at which only
 * CAP_SYS_ADMIN may open events (EACCES otherwise): CAP_BPF and
 * CAP_PERFMON then load programs that cannot be attached.
 *
 * RLIMIT_MEMLOCK (getrlimit(2)): up to Linux 5.10 the kernel charged
 * every map, program and BTF to the user's locked memory and failed with
 * EPERM past RLIMIT_MEMLOCK (kernel/bpf/syscall.c, bpf_map_charge_memlock
 * and bpf_prog_charge_memlock), whose default of 64 KiB on many systems
 * is smaller than most maps. Linux 5.11 charges that memory to the memory
 * cgroup instead and ignores the limit (merge commit 97306be45fbe, "switch
 * to memcg-based memory accounting", Roman Gushchin, December 2020; cover
 * letter at lore.kernel.org/bpf/20201201215900.3569844-1-guro@fb.com).
 *
 * So the limit is left as it is, and raised only where the kernel shows
 * it matters: on a kernel before 5.11, a load that fails with EPERM while
 * the limit is finite is undone, the limit raised to RLIM_INFINITY (or as
 * far as the hard limit allows) and the load tried once more. On 5.11 and
 * later (Debian 12's 6.1, and the development host's 6.18) an EPERM has
 * other causes (no privileges, a program type the kernel locks down), and
 * the load works with RLIMIT_MEMLOCK at 0.
 */
#include "permissions.h"
#include "scan.h"
#include "kernel_version.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

static bool has(const struct __user_cap_data_struct data[2], int cap)
{
	return data[cap / 32].effective & (UINT32_C(1) << (cap % 32));
}

bool bl_have_bpf_privileges(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2] = { { 0, 0, 0 }, { 0, 0, 0 } };

	/* glibc has no capget() wrapper (libcap has one): by number. */
	if (syscall(SYS_capget, &hdr, data) != 0)
		return geteuid() == 0;
	return has(data, CAP_SYS_ADMIN) || (has(data, CAP_BPF) && has(data, CAP_PERFMON));
}

static int perf_event_paranoid(void)
{
	long long level;

	if (bl_read_int_file("/proc/sys/kernel/perf_event_paranoid", "", &level) ||
	    level < -1000 || level > 1000)
		return 2;	/* the kernel's default */
	return (int)level;
}

static bool has_cap(int cap)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2] = { { 0, 0, 0 }, { 0, 0, 0 } };

	if (syscall(SYS_capget, &hdr, data) != 0)
		return geteuid() == 0;
	return has(data, cap);
}

void bl_perf_event_hint(int ret, char *buf, size_t len)
{
	int level;

	buf[0] = '\0';
	if (ret != -EACCES && ret != -EPERM)
		return;
	level = perf_event_paranoid();
	if (level > 2 && !has_cap(CAP_SYS_ADMIN))
		snprintf(buf, len,
			 "; kernel.perf_event_paranoid is %d, which lets only root (CAP_SYS_ADMIN) open perf events: run as root, or sysctl kernel.perf_event_paranoid=2",
			 level);
	else if (!bl_have_bpf_privileges())
		snprintf(buf, len, "; %s", BL_NEED_PRIVILEGES);
}

bool bl_kernel_charges_memlock(void)
{
	return bl_running_kernel_version() < (5u << 16) + (11u << 8);
}

/* RLIMIT_MEMLOCK to RLIM_INFINITY, or where that is not allowed (the
 * hard limit is finite and the process lacks CAP_SYS_RESOURCE, as root
 * in some containers) the soft limit up to the hard one. False when
 * nothing could be raised. */
static bool raise_memlock(void)
{
	struct rlimit cur, unlimited = { RLIM_INFINITY, RLIM_INFINITY };

	if (getrlimit(RLIMIT_MEMLOCK, &cur) != 0 || cur.rlim_cur == RLIM_INFINITY)
		return false;
	if (setrlimit(RLIMIT_MEMLOCK, &unlimited) == 0)
		return true;
	if (cur.rlim_cur >= cur.rlim_max)
		return false;
	cur.rlim_cur = cur.rlim_max;
	return setrlimit(RLIMIT_MEMLOCK, &cur) == 0;
}

int bl_memlock_retry(int (*attempt)(void *ctx), void *ctx, bool *raised)
{
	int ret = attempt(ctx);
	bool up = ret == -EPERM && raise_memlock();

	if (raised)
		*raised = up;
	return up ? attempt(ctx) : ret;
}
