/* loader/attach/kinds.h — one provider per kind of attachment, each in a
 * file of its own holding both its attach and its detach (tracepoint.c,
 * raw_tracepoint.c, kprobe.c, uprobe.c, btf_trace.c, iter.c); attach.c
 * picks one by the section name. Internal to loader/attach/. */
#ifndef BL_ATTACH_KINDS_H
#define BL_ATTACH_KINDS_H

#include "attach.h"

/* A kind of attachment: attach fills p->link (and on failure leaves
 * nothing: no fd open, no tracefs event); detach undoes one that
 * attach made, leaving k with no fd. */
struct bl_attach_provider {
	int (*attach)(struct bl_object *l, struct bl_prog *p, struct bl_err *err);
	void (*detach)(struct bl_object *l, struct bl_link *k);
};

extern const struct bl_attach_provider bl_tracepoint_provider;	/* tracepoint.c */
extern const struct bl_attach_provider bl_raw_tracepoint_provider; /* raw_tracepoint.c */
extern const struct bl_attach_provider bl_kprobe_provider;	/* kprobe.c: also ksyscall */
extern const struct bl_attach_provider bl_uprobe_provider;	/* uprobe.c */
extern const struct bl_attach_provider bl_btf_trace_provider;	/* btf_trace.c: tp_btf, fentry, lsm... */
extern const struct bl_attach_provider bl_freplace_provider;	/* btf_trace.c */
extern const struct bl_attach_provider bl_iter_provider;	/* iter.c */
extern const struct bl_attach_provider bl_usdt_provider;	/* usdt.c */
extern const struct bl_attach_provider bl_kprobe_multi_provider; /* kprobe_multi.c */
extern const struct bl_attach_provider bl_uprobe_multi_provider; /* uprobe_multi.c */

/* perf_link.c: runs p whenever the perf event perf_fd fires; and the
 * detach of every attachment that is a perf event (closing the link, or
 * disabling the event, then closing it). */
int bl_attach_perf_event(struct bl_object *l, struct bl_prog *p, int perf_fd,
			 struct bl_err *err);
/* The same into link k (one of several of p: the probes of a multi
 * section attached one by one), with a cookie for bpf_get_attach_cookie
 * (BPF links only; 0: none). bl_attach_perf_event is this with p->link
 * and cookie 0. */
int bl_perf_link_attach(struct bl_object *l, struct bl_prog *p, struct bl_link *k, int perf_fd,
			uint64_t cookie, struct bl_err *err);
void bl_perf_link_close(struct bl_link *k);


#endif
