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

int bl_attach_perf_event(struct bl_object *l, struct bl_prog *p, int perf_fd,
			 struct bl_err *err)
{
	char eb[16];
	int ret;
	int fd = l->attach_opts.no_bpf_link ? -EOPNOTSUPP :
		 bl_kernel_probe(BL_FEAT_PERF_LINK)->err == -EINVAL ? -EINVAL :
		 bl_sys_link_create(p->fd, perf_fd, BPF_PERF_EVENT);

	if (fd >= 0) {
		p->link.link_fd = fd;
		p->link.perf_fd = perf_fd;
		snprintf(p->link.what + strlen(p->link.what),
			 sizeof(p->link.what) - strlen(p->link.what), " (BPF link)");
		return 0;
	}
	if (fd != -EINVAL && fd != -EOPNOTSUPP)
		return bl_err_set(err, fd, "program %s: BPF_LINK_CREATE on %s: %s",
				  p->spec->name, p->link.what, bl_errno_name(fd, eb));
	if ((ret = bl_sys_perf_event_set_bpf(perf_fd, p->fd)) < 0 ||
	    (ret = bl_sys_perf_event_enable(perf_fd)) < 0)
		return bl_err_set(err, ret, "program %s: ioctl PERF_EVENT_IOC_SET_BPF/ENABLE on %s: %s",
				  p->spec->name, p->link.what, bl_errno_name(-ret, eb));
	p->link.perf_fd = perf_fd;
	snprintf(p->link.what + strlen(p->link.what),
		 sizeof(p->link.what) - strlen(p->link.what), " (perf ioctl)");
	return 0;
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
