/* loader/attach/attach.c — attaching each program as its section name says,
 * and detaching: the orchestrator, which hands each program to the
 * provider of its kind (kinds.h: tracepoint.c, raw_tracepoint.c,
 * kprobe.c, uprobe.c, each with its attach and its detach, as ply's
 * providers are).
 *
 * A group of alternatives in play (docs/alternatives.md; chosen by
 * bl_load, loader/load/alternatives.c) is attached as one: the programs
 * of its chosen rank; when the kernel cannot take one of them here
 * (bl_attach_unavailable), the next loaded rank's instead. Its other
 * programs stay loaded and unattached.
 *
 * Detaching is closing: the kernel keeps a program attached only while
 * something holds the attachment (a link fd, a perf event fd). Closing
 * them all, as bl_detach does, leaves nothing of bpfload in the kernel;
 * the same happens if the process dies. Only tracefs probe events outlive
 * the process; their providers remove them.
 */
#include "attach.h"
#include "kinds.h"
#include "multi.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ENOTSUPP
#define ENOTSUPP 524	/* the kernel's own "not supported" (include/linux/errno.h) */
#endif

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
	case BL_ATTACH_BTF_TRACE:
		return &bl_btf_trace_provider;
	case BL_ATTACH_FREPLACE:
		return &bl_freplace_provider;
	case BL_ATTACH_ITER:
		return &bl_iter_provider;
	case BL_ATTACH_USDT:
		return &bl_usdt_provider;
	case BL_ATTACH_KPROBE_MULTI:
	case BL_ATTACH_KRETPROBE_MULTI:
		return &bl_kprobe_multi_provider;
	case BL_ATTACH_UPROBE_MULTI:
	case BL_ATTACH_URETPROBE_MULTI:
		return &bl_uprobe_multi_provider;
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

bool bl_attach_unavailable(int ret)
{
	return ret == -ENOENT || ret == -ENODEV || ret == -EOPNOTSUPP || ret == -ENOTSUPP ||
	       ret == -EADDRNOTAVAIL;
}

static void detach_one(struct bl_object *l, struct bl_prog *p)
{
	const struct bl_attach_provider *pv = provider_of(p->link.kind);

	if (pv)
		pv->detach(l, &p->link);
	p->link.kind = BL_ATTACH_NONE;
	p->link.what[0] = '\0';
}

/* Attaches the programs of rank members[from..to) that bl_load chose or
 * kept as fallbacks; if one fails, those before it are detached again
 * and the failure is kept in its attach_error. */
static int attach_rank(struct bl_object *l, const struct bl_alt_group *grp, size_t from,
		       size_t to, struct bl_err *err)
{
	for (size_t k = from; k < to; k++) {
		struct bl_prog *p = &l->progs[grp->members[k]];
		int ret;

		if (p->alt != BL_ALT_CHOSEN && p->alt != BL_ALT_FALLBACK)
			continue;
		ret = attach_one(l, p, err);
		if (!ret)
			continue;
		p->link.kind = BL_ATTACH_NONE;
		free(p->attach_error);
		p->attach_error = strdup(err->msg);
		while (k-- > from)
			detach_one(l, &l->progs[grp->members[k]]);
		return ret;
	}
	return 0;
}

/* Did bl_load choose members[from..to) or keep it as a fallback? */
static bool rank_in_use(const struct bl_object *l, const struct bl_alt_group *grp, size_t from,
			size_t to)
{
	for (size_t k = from; k < to; k++) {
		enum bl_alt_role a = l->progs[grp->members[k]].alt;

		if (a == BL_ALT_CHOSEN || a == BL_ALT_FALLBACK)
			return true;
	}
	return false;
}

/* No rank of the group could be attached: one message with what became
 * of each of its programs. */
static int none_attached(const struct bl_object *l, const struct bl_alt_group *grp, int ret,
			 struct bl_err *err)
{
	char buf[BL_ERR_MAX], ob[BL_ERR_MAX];
	size_t n;

	n = (size_t)snprintf(buf, sizeof(buf), "%s %.*s: none of its alternatives can be attached on this kernel",
			     bl_event_kind_name(grp->key.kind), (int)grp->key.name_len, grp->key.name);
	for (size_t k = 0; k < grp->member_cnt && n < sizeof(buf); k++) {
		const struct bl_prog *p = &l->progs[grp->members[k]];

		if (p->state == BL_PROG_SKIPPED)
			continue;
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "; %s (%s): %s", p->spec->section,
				      p->spec->name,
				      p->attach_error ? bl_prog_msg_reason(p, p->attach_error)
						      : bl_prog_outcome(p, ob, sizeof(ob)));
	}
	return bl_err_set(err, ret, "%s", buf);
}

/* The group g in play: its ranks in order of preference, until one
 * attaches whole. Another failure than "unavailable" stops there. */
static int attach_group(struct bl_object *l, size_t g, struct bl_err *err)
{
	const struct bl_alt_group *grp = &l->spec->alt_groups[g];
	int ret = -ENOENT;

	for (size_t k = 0, end; k < grp->member_cnt; k = end) {
		unsigned rank = l->progs[grp->members[k]].spec->alt_rank;

		for (end = k; end < grp->member_cnt &&
			      l->progs[grp->members[end]].spec->alt_rank == rank; end++)
			;
		if (!rank_in_use(l, grp, k, end))
			continue; /* not loaded whole, or skipped */
		ret = attach_rank(l, grp, k, end, err);
		if (!ret) {
			l->alts[g].attached_rank = (int)rank;
			return 0;
		}
		if (!bl_attach_unavailable(ret))
			return ret;
	}
	return none_attached(l, grp, ret, err);
}

/* A group is attached where its first program (in the object's order)
 * is, so the order of attachment is the object's. */
static bool group_starts_at(const struct bl_alt_group *grp, size_t i)
{
	for (size_t k = 0; k < grp->member_cnt; k++)
		if (grp->members[k] < i)
			return false;
	return true;
}

/* Attaches program i, or its group if i starts one in play. */
static int attach_at(struct bl_object *l, size_t i, struct bl_err *err)
{
	struct bl_prog *p = &l->progs[i];
	int g = p->spec->alt_group;

	if (g >= 0 && l->alts[g].active) {
		/* a group without a loaded rank failed the load: none of it */
		if (l->alts[g].loaded_rank < 0 || !group_starts_at(&l->spec->alt_groups[g], i))
			return 0;
		return attach_group(l, (size_t)g, err);
	}
	return p->state == BL_PROG_LOADED ? attach_one(l, p, err) : 0;
}

int bl_attach(struct bl_object *l, const struct bl_attach_opts *opts, struct bl_err *err)
{
	static const struct bl_attach_opts defaults;

	l->attach_opts = opts ? *opts : defaults;
	for (size_t i = 0; i < l->prog_cnt; i++) {
		int ret = attach_at(l, i, err);

		if (ret) {
			bl_kprobe_texts_free(l);
			bl_err_prefix(err, ret, "%s", l->spec->path);
			bl_detach(l);
			return ret;
		}
	}
	bl_kprobe_texts_free(l);
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
	for (size_t i = 0; i < l->prog_cnt; i++) {
		l->progs[i].link.what[0] = '\0';
		free(l->progs[i].attach_error);
		l->progs[i].attach_error = NULL;
	}
	for (size_t g = 0; g < l->alt_cnt; g++)
		l->alts[g].attached_rank = -1;
}
