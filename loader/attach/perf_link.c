/* loader/attach/perf_link.c — running a program when a perf event fires.
 *
 * Tracepoint, kprobe and uprobe events are perf events (perf_event_open
 * returns their fd). A program is attached to such an event in one of
 * two ways:
 *   - a BPF link: BPF_LINK_CREATE with attach_type BPF_PERF_EVENT
 *     (Linux 5.15); the link fd owns the attachment and shows up in
 *     `bpftool link`;
 *   - before that, ioctl(PERF_EVENT_IOC_SET_BPF, prog_fd) on the event,
 *     then ioctl(PERF_EVENT_IOC_ENABLE) (bl_sys_perf_event_set_bpf and
 *     bl_sys_perf_event_enable, loader/sys/sys.h); closing the event
 *     detaches.
 * The link carries a cookie (link_create.perf_event.bpf_cookie, 5.15 as
 * well), the value bpf_get_attach_cookie() returns in the program when
 * this event fired; the ioctl has none (the helper then returns 0).
 * The link is tried first; a kernel that does not know it answers EINVAL,
 * which the probe BL_FEAT_PERF_LINK (loader/sys/features.h) found out
 * once per process, so that only the first attach asks.
 */
#include "kinds.h"
#include "loader/sys/features.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int bl_perf_link_attach(struct bl_object *l, struct bl_prog *p, struct bl_link *k, int perf_fd,
			uint64_t cookie, struct bl_err *err)
{
	char eb[16];
	int ret;
	int fd = l->attach_opts.no_bpf_link ? -EOPNOTSUPP :
		 bl_kernel_probe(BL_FEAT_PERF_LINK)->err == -EINVAL ? -EINVAL :
		 bl_sys_link_create_perf_cookie(p->fd, perf_fd, cookie);

	if (fd >= 0) {
		k->link_fd = fd;
		k->perf_fd = perf_fd;
		snprintf(k->what + strlen(k->what), sizeof(k->what) - strlen(k->what), " (BPF link)");
		return 0;
	}
	/* EACCES: the program reads its context past the end of the
	 * tracepoint's record (perf_event_set_bpf_prog(), kernel/events/
	 * core.c, compares the verifier's max_ctx_offset with the record's
	 * size). A struct written for a 64-bit kernel does that on a 32-bit
	 * one, whose longs and pointers are 4 bytes. */
	if (fd == -EACCES)
		return bl_err_set(err, fd,
				  "program %s: BPF_LINK_CREATE on %s: EACCES: the program reads past the end "
				  "of the event's record (is its struct laid out for another architecture, "
				  "e.g. 8-byte longs on a 32-bit kernel? the record is in tracefs "
				  "events/CATEGORY/NAME/format)", p->spec->name, k->what);
	if (fd != -EINVAL && fd != -EOPNOTSUPP)
		return bl_err_set(err, fd, "program %s: BPF_LINK_CREATE on %s: %s",
				  p->spec->name, k->what, bl_errno_name(fd, eb));
	/* The ioctl has no cookie: bpf_get_attach_cookie() reads 0. */
	if ((ret = bl_sys_perf_event_set_bpf(perf_fd, p->fd)) < 0 ||
	    (ret = bl_sys_perf_event_enable(perf_fd)) < 0)
		return bl_err_set(err, ret, "program %s: ioctl PERF_EVENT_IOC_SET_BPF/ENABLE on %s: %s",
				  p->spec->name, k->what, bl_errno_name(-ret, eb));
	k->perf_fd = perf_fd;
	snprintf(k->what + strlen(k->what), sizeof(k->what) - strlen(k->what), " (perf ioctl)");
	return 0;
}

int bl_attach_perf_event(struct bl_object *l, struct bl_prog *p, int perf_fd,
			 struct bl_err *err)
{
	return bl_perf_link_attach(l, p, &p->link, perf_fd, 0, err);
}

void bl_perf_link_close(struct bl_link *k)
{
	if (k->link_fd >= 0)
		close(k->link_fd);
	else if (k->perf_fd >= 0)
		bl_sys_perf_event_disable(k->perf_fd);
	if (k->perf_fd >= 0)
		close(k->perf_fd);
	k->link_fd = -1;
	k->perf_fd = -1;
}
