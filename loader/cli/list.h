/* loader/cli/list.h — what `bpfload list` was asked for: the kinds of
 * probe, the pattern, and the binary of uprobes (list_query.c), from the
 * command's operands in any of the forms list.c's help gives. */
#ifndef BL_CLI_LIST_H
#define BL_CLI_LIST_H

#include <stdbool.h>

enum bl_list_kind { BL_LIST_KPROBE, BL_LIST_TRACEPOINT, BL_LIST_RAW, BL_LIST_UPROBE, BL_LIST_KINDS };

/* The words of each kind: "kprobes" (the KIND operand), "kprobe" (the
 * prefix list prints, and one item of it), "k" (bpftrace's short alias). */
struct bl_list_kind_words {
	const char *plural, *prefix, *alias;
};
extern const struct bl_list_kind_words bl_list_kind_words[BL_LIST_KINDS];

struct bl_list_query {
	bool want[BL_LIST_KINDS];
	/* No kind was named (`list`, `list PATTERN`, `list '*:PATTERN'`): a
	 * kind this kernel lacks (kprobes) is a note, not an error. */
	bool any_kind;
	const char *glob;	/* NULL: everything; points into argv */
	/* For tracepoints: glob has no ':', so it may match NAME alone as
	 * well as CATEGORY:NAME (a bare name finds sched:sched_process_exec). */
	bool bare;
	char binary[4096];	/* uprobes: BINARY (may hold wildcards) */
};

/* The operands after the options: argv[0..argc). 0, or BL_EXIT_USAGE
 * after the usage error is printed. */
int bl_list_query_parse(int argc, char **argv, struct bl_list_query *q);

/* `bpfload list usdt BINARY [GLOB]` (list_usdt.c): the USDT probe sites
 * of BINARY whose PROVIDER:NAME matches GLOB (NULL: all). An exit code. */
struct bl_out;
int bl_cli_list_usdt(const struct bl_out *o, const char *binary, const char *glob);

#endif
