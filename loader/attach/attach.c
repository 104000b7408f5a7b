/* loader/attach/attach.c — attaching each program as its section name says,
 * and detaching: the orchestrator, which hands each program to the
 * provider of its kind (kinds.h: tracepoint.c, raw_tracepoint.c,
 * kprobe.c, uprobe.c, each with its attach and its detach, as ply's
 * providers are).
 *
 * Detaching is closing: the kernel keeps a program attached only while
 * something holds the attachment (a link fd, a perf event fd). Closing
 * them all, as bl_detach does, leaves nothing of bpfload in the kernel;
 * the same happens if the process dies. Only tracefs probe events outlive
 * the process; their providers remove them.
 */
#include "attach.h"
#include "kinds.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>

/* The provider of a kind of attachment; NULL: none (loaded only, or not
 * supported by this bpfload). */
static const struct bl_attach_provider *provider_of(enum bl_attach_kind kind)
{
	switch (kind) {
	case BL_ATTACH_TRACEPOINT:
		return &bl_tracepoint_provider;
	case BL_ATTACH_RAW_TRACEPOINT:
		return &bl_raw_tracepoint_provider;
	case BL_ATTACH_KPROBE:
	case BL_ATTACH_KRETPROBE:
	case BL_ATTACH_KSYSCALL:
	case BL_ATTACH_KRETSYSCALL:
		return &bl_kprobe_provider;
	case BL_ATTACH_UPROBE:
	case BL_ATTACH_URETPROBE:
		return &bl_uprobe_provider;
	default:
		return NULL;
	}
}

static int attach_one(struct bl_object *l, struct bl_prog *p, struct bl_err *err)
{
	enum bl_attach_kind kind = p->spec->def->attach;
	const struct bl_attach_provider *pv = provider_of(kind);

	p->link.kind = pv ? kind : BL_ATTACH_NONE;
	if (pv)
		return pv->attach(l, p, err);
	if (kind == BL_ATTACH_NONE)
		/* socket, xdp, tc, cgroup...: attached to a socket, device or
		 * cgroup by the tool that manages it; bpfload only loads them. */
		return 0;
	return bl_err_set(err, -EOPNOTSUPP,
			  "program %s: attaching %s programs (section %s) is not supported by this bpfload yet",
			  p->spec->name, bl_attach_kind_name(kind), p->spec->section);
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

/* One link's detach, on a thread of its own. */
struct detach_job {
	struct bl_object *l;
	struct bl_link *k;
	const struct bl_attach_provider *pv;
	pthread_t thread;
	bool started;
};

static void *detach_thread(void *arg)
{
	struct detach_job *j = arg;
	sigset_t all;

	/* signals (Ctrl-C during teardown) go to the main thread */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	j->pv->detach(j->l, j->k);
	return NULL;
}

/* Closing an attachment waits for the kernel: the last perf event of a
 * tracepoint unregisters its probe and waits for RCU grace periods
 * (tracepoint_synchronize_unregister() in perf_trace_event_unreg,
 * kernel/trace/trace_event_perf.c), and the release of a BPF link and
 * its program waits on RCU too. One after the other, 4 tracepoint links
 * took about 260 ms on the development machine; closed at the same time,
 * from a thread each, about 185 ms: the waits outside the kernel's
 * event_mutex overlap, while the tracepoint unregistrations themselves
 * still take turns (perf_trace_destroy holds event_mutex across the
 * grace period). Each detach touches only its own link (its fds, its
 * tracefs event), so they can run side by side. Without threads
 * (creation fails), one after the other. */
void bl_detach(struct bl_object *l)
{
	struct detach_job *jobs = calloc(l->prog_cnt ? l->prog_cnt : 1, sizeof(*jobs));
	size_t n = 0;

	for (size_t i = 0; i < l->prog_cnt; i++) {
		struct bl_link *k = &l->progs[i].link;
		const struct bl_attach_provider *pv = provider_of(k->kind);

		if (!pv)
			continue;
		if (jobs)
			jobs[n++] = (struct detach_job){ l, k, pv, 0, false };
		else
			pv->detach(l, k);
	}
	for (size_t i = 0; n > 1 && i < n; i++)
		jobs[i].started = pthread_create(&jobs[i].thread, NULL, detach_thread, &jobs[i]) == 0;
	for (size_t i = 0; i < n; i++) {
		if (jobs[i].started)
			pthread_join(jobs[i].thread, NULL);
		else
			jobs[i].pv->detach(l, jobs[i].k);
	}
	free(jobs);
	for (size_t i = 0; i < l->prog_cnt; i++)
		l->progs[i].link.what[0] = '\0';
}
