/* loader/attach/multi_parts.c — a kprobe.multi or uprobe.multi program
 * attached one probe per function: what kernels without the multi links
 * get (BPF_TRACE_KPROBE_MULTI: 5.18 and CONFIG_FPROBE; BPF_TRACE_UPROBE_MULTI:
 * 6.6), and what bpfload --no-multi-link asks for.
 *
 * Each function gets what a single SEC("kprobe/F") or SEC("uprobe/P:F")
 * gets (a perf event from the PMU or tracefs, the program on it through
 * a BPF link or the perf ioctls, perf_link.c), with cookie i for function
 * i of the sorted list, as the multi link would give it. The hygiene is
 * the single probes': a failure undoes every part made before it, the
 * tracefs events included, so nothing is left behind.
 *
 * File descriptors: a part holds its perf event fd and its link fd; a
 * pattern of 1000 functions needs 2000, past the usual soft limit of
 * 1024 open files (RLIMIT_NOFILE, getrlimit(2)), which is raised to its
 * hard limit first. A PMU probe's perf fd is closed once a BPF link
 * holds the event (the link keeps its own reference to the perf file,
 * kernel/bpf/syscall.c bpf_perf_link_attach), so a part there costs one.
 *
 * Detaching is slow: closing a probe's last perf event unregisters it,
 * and each uprobe unregistration waits for grace periods under a lock
 * all of them take (kernel/events/uprobes.c); 158 uprobes took 17 s on
 * the development machine (6.18), the same from 16 threads as from one,
 * against 0.4 s for the two uprobe_multi links of the same functions.
 */
#include "multi.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static void raise_nofile(size_t need)
{
	struct rlimit r;

	if (getrlimit(RLIMIT_NOFILE, &r) || r.rlim_cur == RLIM_INFINITY || r.rlim_cur >= need)
		return;
	r.rlim_cur = r.rlim_max == RLIM_INFINITY || r.rlim_max > need ? need : r.rlim_max;
	setrlimit(RLIMIT_NOFILE, &r);
}

static void part_detach(struct bl_object *l, struct bl_link *k)
{
	bl_perf_link_close(k);
	bl_probe_event_remove(l, k, NULL);
}

int bl_multi_parts_attach(struct bl_object *l, struct bl_prog *p, const struct bl_func_list *fl,
			  bl_multi_open_fn open, void *ctx, struct bl_err *err)
{
	struct bl_link *parts = calloc(fl->cnt ? fl->cnt : 1, sizeof(*parts));
	size_t i;
	int ret = 0;

	if (!parts)
		return bl_err_set(err, -ENOMEM, "out of memory");
	raise_nofile(2 * fl->cnt + 256);
	for (i = 0; i < fl->cnt; i++) {
		struct bl_link *k = &parts[i];
		int fd;

		k->link_fd = k->perf_fd = -1;
		snprintf(k->what, sizeof(k->what), "%.200s", fl->names[i]);
		fd = open(l, i, k, ctx, err);
		if (fd < 0) {
			ret = fd;
			break;
		}
		if ((ret = bl_perf_link_attach(l, p, k, fd, i, err))) {
			close(fd);
			bl_probe_event_remove(l, k, NULL);
			break;
		}
		if (k->link_fd >= 0 && !k->event[0]) {
			close(k->perf_fd);	/* the link holds the event */
			k->perf_fd = -1;
		}
	}
	if (ret) {
		bl_err_prefix(err, ret, "function %s (%zu of %zu)", fl->names[i], i + 1, fl->cnt);
		while (i-- > 0)
			part_detach(l, &parts[i]);
		free(parts);
		return ret;
	}
	p->link.parts = parts;
	p->link.part_cnt = fl->cnt;
	p->link.func_cnt = fl->cnt;
	return 0;
}

void bl_multi_detach(struct bl_object *l, struct bl_link *k)
{
	for (size_t i = 0; i < k->part_cnt; i++)
		part_detach(l, &k->parts[i]);
	free(k->parts);
	k->parts = NULL;
	k->part_cnt = 0;
	k->func_cnt = 0;
	if (k->link_fd >= 0)
		close(k->link_fd);
	k->link_fd = -1;
}

uint64_t *bl_multi_cookies(size_t cnt, uint64_t *stack)
{
	uint64_t *cookies = cnt <= BL_MULTI_STACK_COOKIES ? stack : malloc(cnt * sizeof(*cookies));

	for (size_t i = 0; cookies && i < cnt; i++)
		cookies[i] = i;
	return cookies;
}

void bl_multi_cookies_free(uint64_t *cookies, const uint64_t *stack)
{
	if (cookies != stack)
		free(cookies);
}

size_t bl_multi_first_refused(size_t cnt, int (*try)(size_t n, void *ctx), void *ctx)
{
	size_t lo = 0, hi = cnt; /* prefix lo works (0: trivially), prefix hi fails */

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (try(mid, ctx))
			hi = mid;
		else
			lo = mid;
	}
	return hi - 1;
}
