/* loader/attach/attach.h — attaching each loaded program as its section
 * name says, and detaching (perf_event_open(2), BPF_LINK_CREATE,
 * BPF_RAW_TRACEPOINT_OPEN, tracefs kprobe_events/uprobe_events). */
#ifndef BL_ATTACH_ATTACH_H
#define BL_ATTACH_ATTACH_H

#include "loader/load/object.h"

/* Attaches every loaded program as its section name says, as opts
 * (NULL: the defaults) asks; opts is copied into l->attach_opts. If one
 * fails, the ones attached before it are detached again.
 *
 * Of a group of alternatives in play (l->alts[g].active,
 * docs/alternatives.md) only the programs of one rank are attached: the
 * rank bl_load chose (BL_ALT_CHOSEN); if the kernel cannot take one of
 * them here (bl_attach_unavailable), the message goes into that
 * program's attach_error and the next loaded rank (BL_ALT_FALLBACK) is
 * tried. l->alts[g].attached_rank says which rank is attached. When no
 * rank can be, bl_attach fails with a message naming every member and
 * what became of it. */
int bl_attach(struct bl_object *l, const struct bl_attach_opts *opts, struct bl_err *err);

/* Is ret an attach failure that says the kernel cannot take this kind
 * of program here (so an alternative may do): ENOENT (no such function
 * or tracepoint), ENODEV, EOPNOTSUPP or the kernel's ENOTSUPP (no
 * kprobes, no trampolines), EADDRNOTAVAIL (not probeable)? */
bool bl_attach_unavailable(int ret);

/* Detaches every attached program (also safe when none is), and forgets
 * the attach_error of each. */
void bl_detach(struct bl_object *l);

#endif
