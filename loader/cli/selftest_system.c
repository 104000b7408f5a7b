/* loader/cli/selftest_system.c — the checks of `bpfload selftest` that are
 * about the machine rather than bpf(2): the kernel's release and the
 * architecture (uname(2), arch/arch.h), the privileges (CapEff of
 * /proc/self/status, capabilities(7)), bpffs at /sys/fs/bpf (statfs(2):
 * BPF_FS_MAGIC) and the kernel's configuration (/proc/config.gz or
 * /boot/config-RELEASE, loader/load/kconfig.h).
 */
#include "selftest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "arch/arch.h"
#include "loader/load/kconfig.h"
#include "loader/sys/features.h"
#include "loader/sys/kernel_version.h"
#include "loader/sys/scan.h"

/* --- the kernel and the machine ---------------------------------------- */

void st_check_kernel(struct selftest *t)
{
	struct utsname u;
	uint32_t v = bl_running_kernel_version();
	const struct bl_arch *a = bl_arch_native();

	if (uname(&u)) {
		st_add(t, "kernel", ST_UNKNOWN, "uname failed");
		return;
	}
	st_add(t, "kernel", ST_INFO, "Linux %s (%u.%u.%u)", u.release, v >> 16, (v >> 8) & 0xff,
	       v & 0xff);
	if (a)
		st_add(t, "arch", ST_OK, "%s: bpfload knows its pt_regs and system call numbers "
		       "(bpfload regs, bpfload syscall)", u.machine);
	else
		st_add(t, "arch", ST_MISSING, "%s: bpfload has no register tables for it: kprobe "
		       "argument macros and system call names do not work", u.machine);
}

/* CapEff of /proc/self/status: CAP_SYS_ADMIN 21, CAP_PERFMON 38, CAP_BPF 39. */
void st_check_privileges(struct selftest *t)
{
	unsigned long long caps = 0;
	long long v;
	char line[256];
	FILE *f = fopen("/proc/self/status", "re");
	int unpriv = -1;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "CapEff:", 7) && bl_scan_int(line + 7, 16, &v)) {
			caps = (unsigned long long)v;
			break;
		}
	if (f)
		fclose(f);
	if (!bl_read_int_file("/proc/sys/kernel/unprivileged_bpf_disabled", "", &v) && v >= 0 &&
	    v < 100)
		unpriv = (int)v;
	if (geteuid() == 0)
		st_add(t, "privileges", ST_OK, "root (euid 0)");
	else if ((caps >> 21 & 1) || ((caps >> 38 & 1) && (caps >> 39 & 1)))
		st_add(t, "privileges", ST_OK, "not root, but CAP_SYS_ADMIN or CAP_BPF and CAP_PERFMON");
	else
		st_add(t, "privileges", ST_MISSING, "not root and no CAP_BPF/CAP_PERFMON: loading "
		       "tracing programs needs them (kernel.unprivileged_bpf_disabled=%d)", unpriv);
}

void st_check_bpffs(struct selftest *t)
{
	if (bl_dir_is_bpffs(BL_BPFFS_DIR))
		st_add(t, "bpffs", ST_OK, "%s is a BPF file system: maps can be pinned", BL_BPFFS_DIR);
	else if (bl_kernel_has_fs("bpf"))
		st_add(t, "bpffs", ST_MISSING, "%s is not mounted: pinning needs mount -t bpf bpf %s",
		       BL_BPFFS_DIR, BL_BPFFS_DIR);
	else
		st_add(t, "bpffs", ST_MISSING, "the kernel has no bpf file system: maps cannot be "
		       "pinned");
}

/* --- the kernel's configuration ---------------------------------------- */

static const struct {
	const char *name;
	const char *what;
} options[] = {
	{ "CONFIG_BPF_SYSCALL", "the bpf(2) system call" },
	{ "CONFIG_BPF_JIT", "programs compiled to machine code" },
	{ "CONFIG_DEBUG_INFO_BTF", "/sys/kernel/btf/vmlinux, for CO-RE" },
	{ "CONFIG_BPF_EVENTS", "BPF programs on tracepoints, kprobes, uprobes" },
	{ "CONFIG_PERF_EVENTS", "perf_event_open(2): attaching, perf buffers" },
	{ "CONFIG_FTRACE", "tracefs and trace_pipe" },
	{ "CONFIG_FTRACE_SYSCALLS", "the syscalls/ tracepoints" },
	{ "CONFIG_KPROBES", "kprobes" },
	{ "CONFIG_KPROBE_EVENTS", "kprobe PMU and kprobe_events" },
	{ "CONFIG_UPROBES", "uprobes" },
	{ "CONFIG_UPROBE_EVENTS", "uprobe PMU and uprobe_events" },
};

static const char *config_value(const char *text, const char *name, char *buf, size_t len)
{
	size_t n = strlen(name);

	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (!strncmp(l, name, n) && l[n] == '=') {
			snprintf(buf, len, "%.*s", (int)strcspn(l + n + 1, "\n"), l + n + 1);
			return buf;
		}
	return NULL;
}

void st_check_config(struct selftest *t)
{
	char used[512], val[64];
	size_t len = 0;
	char *text = bl_kconfig_text(NULL, used, sizeof(used), &len);

	if (!text) {
		st_add(t, "kconfig", ST_UNKNOWN, "no kernel configuration (%s): CONFIG_* options "
		       "cannot be shown, and CONFIG_* __kconfig externs need --kconfig FILE", used);
		return;
	}
	st_add(t, "kconfig", ST_INFO, "from %s", used);
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
		const char *v = config_value(text, options[i].name, val, sizeof(val));

		if (v && (!strcmp(v, "y") || !strcmp(v, "m")))
			st_add(t, options[i].name, ST_OK, "=%s: %s", v, options[i].what);
		else
			st_add(t, options[i].name, ST_MISSING, "not set: no %s", options[i].what);
	}
	free(text);
}
