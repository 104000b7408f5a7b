/* elf/alternatives.h — programs of one object that implement the same
 * kernel event by different mechanisms (docs/alternatives.md).
 *
 * libbpf-tools put two implementations of one event in one object, e.g.
 * SEC("tp_btf/sched_switch") and SEC("raw_tp/sched_switch"), or
 * SEC("fentry/tcp_v4_connect") and SEC("kprobe/tcp_v4_connect"), and their
 * user space keeps one set (bpf_program__set_autoload). bpfload decides
 * from the section names alone: each program gets an event key (what it
 * observes) and a rank (how much its mechanism is preferred); programs
 * with the same key and different ranks are alternatives of one group.
 * Pure: no syscalls. The loader decides which member is used
 * (loader/load/load.c, loader/attach/attach.c).
 */
#ifndef BL_ALTERNATIVES_H
#define BL_ALTERNATIVES_H

#include <stdbool.h>
#include <stddef.h>

#include "section_def.h"

/* What a program observes. */
enum bl_event_kind {
	BL_EVENT_NONE,		/* no alternative: any other section */
	BL_EVENT_FUNC_ENTRY,	/* fentry/F, fentry.s/F, kprobe/F (no +OFFSET) */
	BL_EVENT_FUNC_RETURN,	/* fexit/F, fexit.s/F, kretprobe/F */
	BL_EVENT_TRACEPOINT,	/* tp_btf/N, raw_tp/N, raw_tracepoint/N,
				 * tracepoint/CAT/N, tp/CAT/N */
};

/* How much a mechanism is preferred within a group, best first: BTF
 * trampolines and BTF tracepoints, then raw tracepoints, then perf
 * events (tracepoint, kprobe, kretprobe). */
enum bl_alt_rank {
	BL_ALT_RANK_BTF,	/* fentry, fexit, tp_btf */
	BL_ALT_RANK_RAW,	/* raw_tp */
	BL_ALT_RANK_PERF,	/* tracepoint, kprobe, kretprobe */
};

struct bl_event_key {
	enum bl_event_kind kind;
	const char *name;	/* the function or tracepoint, pointing into the
				 * target given (not NUL-terminated there): */
	size_t name_len;	/* print with "%.*s" */
	enum bl_alt_rank rank;
	const char *mechanism;	/* "fentry", "kprobe", "raw_tp", ... */
};

/* The event key of a program whose section matched def with the extras
 * target (bl_section_def_find). Returns false (key->kind BL_EVENT_NONE)
 * when the program has none: no def, no target, a kprobe at an offset
 * other than 0, fmod_ret, lsm, iter, uprobes, raw_tp.w, ... */
bool bl_event_key(const struct bl_section_def *def, const char *target,
		  struct bl_event_key *key);

/* Do a and b observe the same event (kind and name)? */
bool bl_event_key_same(const struct bl_event_key *a, const struct bl_event_key *b);

/* "function entry", "function return", "tracepoint" */
const char *bl_event_kind_name(enum bl_event_kind kind);

/* A group of alternatives: two or more programs of one event, of at
 * least two ranks. */
struct bl_alt_group {
	struct bl_event_key key;	/* of its first member (rank and
					 * mechanism of that member) */
	size_t *members;		/* indexes in bl_object_spec.programs, by
					 * rank, then in program order */
	size_t member_cnt;
};

struct bl_object_spec;

/* Finds the groups of obj's programs: fills obj->alt_groups and each
 * program's alt_group and alt_rank. Called once by the reader
 * (elf/read/reader.c). 0 or -ENOMEM. */
int bl_object_spec_group_alternatives(struct bl_object_spec *obj);

/* Frees obj->alt_groups (bl_object_spec_free). */
void bl_alt_groups_free(struct bl_object_spec *obj);

#endif
