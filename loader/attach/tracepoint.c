/* loader/attach/tracepoint.c — SEC("tracepoint/CATEGORY/NAME").
 *
 * A tracepoint is a static hook in the kernel source (TRACE_EVENT()).
 * tracefs lists them under events/CATEGORY/NAME/; the file "id" there
 * holds the number that perf_event_open(2) takes as config with
 * type PERF_TYPE_TRACEPOINT (Documentation/trace/events.rst). The
 * program's context is the record described by events/.../format.
 */
#include "kinds.h"
#include "loader/sys/permissions.h"
#include "loader/sys/sys.h"
#include "loader/sys/tracefs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The tracepoint's id (loader/sys/tracefs.c), or an error that says
 * where to look. */
static int read_tracepoint_id(const char *tracefs, const char *target, struct bl_err *err)
{
	int id = bl_tracefs_event_id(tracefs, target);
	char path[512], eb[16];

	if (id >= 0)
		return id;
	snprintf(path, sizeof(path), "%s/events/%s/id", tracefs, target);
	if (id == -ENOENT)
		return bl_err_set(err, id, "tracepoint %s: no such tracepoint on this kernel (%s does not exist; the list is in %s/events/)",
				  target, path, tracefs);
	if (id == -EINVAL)
		return bl_err_set(err, id, "tracepoint %s: %s does not hold a number", target, path);
	return bl_err_set(err, id, "tracepoint %s: cannot open %s: %s (%s)", target, path,
			  strerror(-id), bl_errno_name(-id, eb));
}

static int attach_tracepoint(struct bl_object *l, struct bl_prog *p, struct bl_err *err)
{
	const char *target = p->spec->attach_target;
	char eb[16];
	int id, pfd, ret;

	if (!target || !strchr(target, '/'))
		return bl_err_set(err, -EINVAL,
				  "program %s: section '%s' names no tracepoint: write SEC(\"tracepoint/CATEGORY/NAME\")",
				  p->spec->name, p->spec->section);
	if (!l->tracefs[0] && (ret = bl_tracefs_dir(l->tracefs, sizeof(l->tracefs), err)))
		return ret;
	id = read_tracepoint_id(l->tracefs, target, err);
	if (id < 0)
		return id;

	pfd = bl_sys_perf_tracepoint_open((uint64_t)id, 0);	/* every process */
	if (pfd < 0) {
		char hint[200];

		bl_perf_event_hint(pfd, hint, sizeof(hint));
		return bl_err_set(err, pfd, "program %s: perf_event_open for tracepoint %s (id %d): %s%s",
				  p->spec->name, target, id, bl_errno_name(pfd, eb), hint);
	}
	snprintf(p->link.what, sizeof(p->link.what), "tracepoint %s (id %d)", target, id);
	ret = bl_attach_perf_event(l, p, pfd, err);
	if (ret)
		close(pfd);
	return ret;
}

/* A tracepoint's perf event, with its link: closed. */
static void detach_tracepoint(struct bl_object *l, struct bl_link *k)
{
	(void)l;
	bl_perf_link_close(k);
}

const struct bl_attach_provider bl_tracepoint_provider = { attach_tracepoint, detach_tracepoint };
