/* loader/sys/tracefs.c — finding (or mounting) tracefs.
 *
 * tracefs (Documentation/trace/ftrace.rst) holds the files bpfload reads
 * and writes: events/CATEGORY/NAME/id for tracepoints, trace_pipe for
 * bpf_printk output, and later kprobe_events and uprobe_events. It is
 * normally at /sys/kernel/tracing; older systems only have it through
 * debugfs at /sys/kernel/debug/tracing; some mount it elsewhere, which
 * /proc/mounts tells. A minimal system may not mount it at all: then
 * bpfload mounts it at /sys/kernel/tracing, which is what the kernel
 * creates that directory for.
 */
#include "tracefs.h"
#include "scan.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <unistd.h>

#ifndef TRACEFS_MAGIC
#define TRACEFS_MAGIC 0x74726163 /* include/uapi/linux/magic.h */
#endif

static int is_tracefs(const char *dir)
{
	char probe[600];

	/* debugfs at /sys/kernel/debug/tracing automounts tracefs there:
	 * look for a file only tracefs has. */
	snprintf(probe, sizeof(probe), "%s/trace_pipe", dir);
	return access(probe, F_OK) == 0;
}

static int from_proc_mounts(char *dir, size_t len)
{
	char line[1024], where[512], type[64];
	FILE *f = fopen("/proc/mounts", "re");
	const char *p;
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		if ((p = bl_scan_word(line, where, sizeof(where))) &&	/* the device */
		    (p = bl_scan_word(p, where, sizeof(where))) &&
		    bl_scan_word(p, type, sizeof(type)) &&
		    strcmp(type, "tracefs") == 0 && is_tracefs(where)) {
			snprintf(dir, len, "%s", where);
			found = 1;
		}
	fclose(f);
	return found;
}

static const char *const known[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };

int bl_tracefs_find(char *dir, size_t len)
{
	for (size_t i = 0; i < 2; i++)
		if (is_tracefs(known[i])) {
			snprintf(dir, len, "%s", known[i]);
			return 0;
		}
	return from_proc_mounts(dir, len) ? 0 : -ENOENT;
}

/* Mounted, but this user may not look inside: tracefs's top directory is
 * commonly mode 0700 (root's; e.g. this project's 6.18 host), and
 * /sys/kernel/debug is too. Mounting it again would then fail with EPERM
 * and blame the mount, which is not the problem. */
static bool unreadable(char *dir, size_t len)
{
	char probe[600];

	for (size_t i = 0; i < 2; i++) {
		snprintf(probe, sizeof(probe), "%s/trace_pipe", known[i]);
		if (access(probe, F_OK) != 0 && errno == EACCES) {
			snprintf(dir, len, "%s", known[i]);
			return true;
		}
	}
	return false;
}

int bl_tracefs_dir(char *dir, size_t len, struct bl_err *err)
{
	struct statfs st;
	char eb[16];

	if (bl_tracefs_find(dir, len) == 0)
		return 0;
	if (unreadable(dir, len))
		return bl_err_set(err, -EACCES,
				  "tracefs at %s cannot be read by this user (EACCES: it is mode 0700, root's): this needs root",
				  dir);
	/* Not mounted anywhere: mount it where the kernel documents it
	 * (Documentation/trace/ftrace.rst, "The File System"). */
	if (mount("tracefs", known[0], "tracefs", 0, NULL) != 0) {
		int e = errno;

		return bl_err_set(err, -e,
				  "tracefs is not mounted and mounting it on %s failed (%s%s): mount it with 'mount -t tracefs tracefs %s'",
				  known[0], bl_errno_name(e, eb),
				  e == EPERM ? ": mounting needs root, or CAP_SYS_ADMIN" : "", known[0]);
	}
	if (statfs(known[0], &st) != 0 || st.f_type != TRACEFS_MAGIC)
		return bl_err_set(err, -ENOENT, "mounted tracefs on %s but found no tracefs there",
				  known[0]);
	snprintf(dir, len, "%s", known[0]);
	return 0;
}

int bl_tracefs_event_id(const char *tracefs, const char *event)
{
	char path[512];
	long long id;
	int ret;

	snprintf(path, sizeof(path), "%s/events/%s/id", tracefs, event);
	ret = bl_read_int_file(path, "", &id);
	if (ret == -EINVAL || (!ret && (id < 0 || id > 0x7fffffff)))
		return -EINVAL;
	return ret ? ret : (int)id;
}
