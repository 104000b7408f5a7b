/* loader/cli/list_query.c — the operands of `bpfload list`, in the forms
 * bpftrace users type (bpftrace -l) and in bpfload's own:
 *
 *   (nothing)                     every kind but uprobes (they need a binary)
 *   KIND [GLOB]                   kprobes, tracepoints or raw-tracepoints
 *   uprobes BINARY [GLOB]
 *   tracepoint:CAT:NAME           the forms list prints, each part a glob;
 *   kprobe:FUNC                   also with bpftrace's short aliases t:, k:,
 *   rawtracepoint:NAME            rt: and u:; a kind part with wildcards
 *   uprobe:BINARY[:FUNC]          ('*:*exec*') selects the kinds it matches
 *   PATTERN                       any other word: a glob over every kind
 *
 * A GLOB may itself be written in the printed form ("tracepoint:sched:*"),
 * so that a line list printed can be given back. A glob without ':'
 * matches a tracepoint's NAME as well as its CATEGORY:NAME. No kernel
 * interface: the listing itself is list.c's.
 */
#include "loader/cli/list.h"

#include <stdio.h>
#include <string.h>

#include "loader/attach/glob_match.h"
#include "loader/cli/cli.h"

const struct bl_list_kind_words bl_list_kind_words[BL_LIST_KINDS] = {
	[BL_LIST_KPROBE] = { "kprobes", "kprobe", "k" },
	[BL_LIST_TRACEPOINT] = { "tracepoints", "tracepoint", "t" },
	[BL_LIST_RAW] = { "raw-tracepoints", "rawtracepoint", "rt" },
	[BL_LIST_UPROBE] = { "uprobes", "uprobe", "u" },
};

/* The kind whose word (plural or prefix) is s, or -1. */
static int kind_word(const char *s)
{
	for (int k = 0; k < BL_LIST_KINDS; k++)
		if (!strcmp(s, bl_list_kind_words[k].plural) || !strcmp(s, bl_list_kind_words[k].prefix))
			return k;
	return -1;
}

/* The kind whose prefix or alias is the len bytes at s, or -1. */
static int kind_prefix(const char *s, size_t len)
{
	for (int k = 0; k < BL_LIST_KINDS; k++) {
		const struct bl_list_kind_words *w = &bl_list_kind_words[k];

		if ((strlen(w->prefix) == len && !strncmp(s, w->prefix, len)) ||
		    (strlen(w->alias) == len && !strncmp(s, w->alias, len)))
			return k;
	}
	return -1;
}

static void set_glob(struct bl_list_query *q, const char *glob)
{
	q->glob = glob && *glob ? glob : NULL;
	q->bare = q->glob && !strchr(q->glob, ':');
}

/* "uprobe:BINARY[:FUNC]" after the prefix: BINARY up to the last ':'. */
static int uprobe_spec(struct bl_list_query *q, const char *rest)
{
	const char *colon = strrchr(rest, ':');
	size_t n = colon ? (size_t)(colon - rest) : strlen(rest);

	if (!n)
		return bl_usage_error("list", "uprobe:BINARY:FUNC needs the BINARY whose functions to list");
	if (n >= sizeof(q->binary))
		return bl_usage_error("list", "the BINARY of uprobe:BINARY:FUNC is too long");
	memcpy(q->binary, rest, n);
	q->binary[n] = '\0';
	q->want[BL_LIST_UPROBE] = true;
	set_glob(q, colon ? colon + 1 : NULL);
	return 0;
}

/* One operand that is not a KIND word: a probe in the printed form, or a
 * pattern over every kind. */
static int probe_spec(struct bl_list_query *q, const char *arg)
{
	const char *colon = strchr(arg, ':');
	size_t n = colon ? (size_t)(colon - arg) : 0;
	int k = colon ? kind_prefix(arg, n) : -1;

	if (k == BL_LIST_UPROBE)
		return uprobe_spec(q, colon + 1);
	if (k >= 0) {
		q->want[k] = true;
		set_glob(q, colon + 1);
		return 0;
	}
	q->any_kind = true;
	if (colon && strcspn(arg, "*?[") < n) {
		char kind[64];

		/* '*:NAME', 't*:sched:*': the kinds the first part matches */
		snprintf(kind, sizeof(kind), "%.*s", (int)n, arg);
		for (int i = 0; i < BL_LIST_UPROBE; i++)
			if (bl_glob_match(kind, bl_list_kind_words[i].prefix) ||
			    bl_glob_match(kind, bl_list_kind_words[i].alias))
				q->want[i] = true;
		if (q->want[BL_LIST_KPROBE] || q->want[BL_LIST_TRACEPOINT] || q->want[BL_LIST_RAW]) {
			set_glob(q, colon + 1);
			return 0;
		}
	}
	for (int i = 0; i < BL_LIST_UPROBE; i++)
		q->want[i] = true;
	set_glob(q, arg);
	return 0;
}

/* The GLOB after KIND: its printed form's prefix taken off. */
static void kind_glob(struct bl_list_query *q, int k, const char *glob)
{
	const char *colon = glob ? strchr(glob, ':') : NULL;

	if (colon && kind_prefix(glob, (size_t)(colon - glob)) == k) {
		glob = colon + 1;
		/* uprobes: "BINARY:FUNC", the binary as given or as resolved */
		if (k == BL_LIST_UPROBE && (colon = strrchr(glob, ':')))
			glob = colon + 1;
	}
	set_glob(q, glob);
}

int bl_list_query_parse(int argc, char **argv, struct bl_list_query *q)
{
	int k;

	memset(q, 0, sizeof(*q));
	if (argc == 0) {
		q->any_kind = true;
		for (int i = 0; i < BL_LIST_UPROBE; i++)
			q->want[i] = true;
		return 0;
	}
	k = kind_word(argv[0]);
	if (k < 0) {
		if (argc > 1)
			return bl_usage_error("list", "unexpected argument '%s' after the pattern '%s'", argv[1],
					      argv[0]);
		return probe_spec(q, argv[0]);
	}
	q->want[k] = true;
	argc--;
	argv++;
	if (k == BL_LIST_UPROBE) {
		if (!argc)
			return bl_usage_error("list", "list uprobes needs the BINARY whose functions to list");
		if (strlen(argv[0]) >= sizeof(q->binary))
			return bl_usage_error("list", "BINARY is too long");
		snprintf(q->binary, sizeof(q->binary), "%s", argv[0]);
		argc--;
		argv++;
	}
	if (argc > 1)
		return bl_usage_error("list", "unexpected argument '%s'", argv[1]);
	kind_glob(q, k, argc ? argv[0] : NULL);
	return 0;
}
