/* loader/attach/attach.c — attaching each program as its section name says,
 * and detaching.
 *
 * Detaching is closing: the kernel keeps a program attached only while
 * something holds the attachment (a link fd, a perf event fd). Closing
 * them all, as bl_detach does, leaves nothing of bpfload in the kernel;
 * the same happens if the process dies.
 */
#include "attach.h"
#include "probe.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <unistd.h>

static int attach_one(struct bl_object *l, struct bl_prog *p, struct bl_err *err)
{
	enum bl_attach_kind kind = p->spec->def->attach;

	p->link.kind = kind;
	switch (kind) {
	case BL_ATTACH_TRACEPOINT:
		return bl_attach_tracepoint(l, p, err);
	case BL_ATTACH_RAW_TRACEPOINT:
		return bl_attach_raw_tracepoint(l, p, err);
	case BL_ATTACH_KPROBE:
	case BL_ATTACH_KRETPROBE:
	case BL_ATTACH_KSYSCALL:
	case BL_ATTACH_KRETSYSCALL:
		return bl_attach_kprobe(l, p, err);
	case BL_ATTACH_UPROBE:
	case BL_ATTACH_URETPROBE:
		return bl_attach_uprobe(l, p, err);
	case BL_ATTACH_NONE:
		/* socket, xdp, tc, cgroup...: attached to a socket, device or
		 * cgroup by the tool that manages it; bpfload only loads them. */
		p->link.kind = BL_ATTACH_NONE;
		return 0;
	default:
		p->link.kind = BL_ATTACH_NONE;
		return bl_err_set(err, -EOPNOTSUPP,
				  "program %s: attaching %s programs (section %s) is not supported by this bpfload yet",
				  p->spec->name, bl_attach_kind_name(kind), p->spec->section);
	}
}

int bl_attach(struct bl_object *l, const struct bl_attach_opts *opts, struct bl_err *err)
{
	static const struct bl_attach_opts defaults;

	l->attach_opts = opts ? *opts : defaults;
	for (size_t i = 0; i < l->prog_cnt; i++) {
		struct bl_prog *p = &l->progs[i];
		int ret;

		if (p->state != BL_PROG_LOADED)
			continue;
		ret = attach_one(l, p, err);
		if (ret) {
			bl_err_prefix(err, ret, "%s", l->spec->path);
			bl_detach(l);
			return ret;
		}
	}
	return 0;
}

void bl_detach(struct bl_object *l)
{
	for (size_t i = 0; i < l->prog_cnt; i++) {
		struct bl_link *k = &l->progs[i].link;

		if (k->link_fd >= 0)
			close(k->link_fd);
		else if (k->perf_fd >= 0)
			bl_sys_perf_event_disable(k->perf_fd);
		if (k->perf_fd >= 0)
			close(k->perf_fd);
		k->link_fd = -1;
		k->perf_fd = -1;
		k->what[0] = '\0';
		/* A tracefs event can go only once no perf event holds it. */
		bl_probe_event_remove(l, k, NULL);
	}
}
