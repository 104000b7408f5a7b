/* loader/attach/raw_tracepoint.c — SEC("raw_tracepoint/NAME").
 *
 * A raw tracepoint is the same hook as a tracepoint, but the program gets
 * the tracepoint's arguments as they are (struct bpf_raw_tracepoint_args:
 * u64 args[], the TP_PROTO arguments of the kernel's TRACE_EVENT) instead
 * of the formatted record, which saves the copy. BPF_RAW_TRACEPOINT_OPEN
 * takes the bare name (no category: "sys_enter", not
 * "raw_syscalls/sys_enter") and returns an fd that holds the attachment.
 *
 * The per-syscall events of tracefs (syscalls/sys_enter_openat, ...) are
 * not tracepoints of their own: kernel/trace/trace_syscalls.c makes them
 * from the two raw tracepoints sys_enter and sys_exit, so a raw tracepoint
 * by their name does not exist (ENOENT). The error says what to write.
 */
#include "kinds.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int attach_raw_tracepoint(struct bl_object *l, struct bl_prog *p, struct bl_err *err)
{
	const char *target = p->spec->attach_target;
	char eb[16];
	int fd;

	(void)l;
	if (!target)
		return bl_err_set(err, -EINVAL,
				  "program %s: section '%s' names no raw tracepoint: write SEC(\"raw_tracepoint/NAME\")",
				  p->spec->name, p->spec->section);
	fd = bl_sys_raw_tracepoint_open(target, p->fd);
	if (fd == -ENOENT && (!strncmp(target, "sys_enter_", 10) || !strncmp(target, "sys_exit_", 9)))
		return bl_err_set(err, fd, "program %s: BPF_RAW_TRACEPOINT_OPEN %s: %s (a syscall event "
				  "of tracefs, not a raw tracepoint: use raw_tp/%s and test the syscall "
				  "number, or tracepoint/syscalls/%s)", p->spec->name, target,
				  bl_errno_name(fd, eb), target[4] == 'e' ? "sys_enter" : "sys_exit", target);
	if (fd < 0)
		return bl_err_set(err, fd, "program %s: BPF_RAW_TRACEPOINT_OPEN %s: %s%s",
				  p->spec->name, target, bl_errno_name(fd, eb),
				  fd == -ENOENT ? " (no such tracepoint on this kernel)" : "");
	p->link.link_fd = fd;
	snprintf(p->link.what, sizeof(p->link.what), "raw tracepoint %s", target);
	return 0;
}

/* The fd of BPF_RAW_TRACEPOINT_OPEN holds the attachment: closed. */
static void detach_raw_tracepoint(struct bl_object *l, struct bl_link *k)
{
	(void)l;
	if (k->link_fd >= 0)
		close(k->link_fd);
	k->link_fd = -1;
}

const struct bl_attach_provider bl_raw_tracepoint_provider = { attach_raw_tracepoint, detach_raw_tracepoint };
