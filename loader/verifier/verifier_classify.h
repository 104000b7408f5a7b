/* loader/verifier/verifier_classify.h — what went wrong, from the end of a
 * verifier log: a class, a title, and a hint saying what to change.
 *
 * The patterns are the kernel's own messages (kernel/bpf/verifier.c,
 * kernel/bpf/log.c); docs/verifier.md shows them on real programs.
 * Pure: no syscalls, so the unit tests feed it canned logs.
 */
#ifndef BL_VERIFIER_CLASSIFY_H
#define BL_VERIFIER_CLASSIFY_H

#include <stddef.h>

#include "arch/arch.h"

struct bl_verifier_error {
	const char *id;		/* "null-deref", ...; "unknown" when nothing matched */
	const char *title;	/* one line, what happened */
	const char *hint;	/* what to change */
	char message[256];	/* the log's error line (the first after the last instruction) */
	char detail[256];	/* more, when known: a register, a helper's name; or "" */
};

/* Classifies log (a log_level 1 or 2 log, may be NULL) of a program of
 * prog_type (enum bpf_prog_type); arch (may be NULL) names the context's
 * registers of kprobe programs. Always fills e; returns 0 when a class
 * matched, -ENOENT when e->id is "unknown". */
int bl_verifier_classify(const char *log, int prog_type, const struct bl_arch *arch,
			 struct bl_verifier_error *e);

/* The statistics lines: loader/verifier/verifier_stats.h. */
#include "verifier_stats.h"

#endif
