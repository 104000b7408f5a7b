/* loader/cli/events.h — `bpfload run`: the records of every ring buffer
 * and perf event array of the loaded object, printed while it runs
 * (loader/cli/events.c). */
#ifndef BL_CLI_EVENTS_H
#define BL_CLI_EVENTS_H

#include "loader/cli/output.h"

#include "elf/value/record_type.h"

struct bl_cli_events;

struct bl_cli_events_opts {
	const char *event_type;	/* --event-type TYPE: the records' struct of
				 * every map; NULL: event or data_t, else by size */
	const char **map_types;	/* --event-type MAP=TYPE: each "MAP=TYPE" */
	size_t map_type_cnt;
	/* where types are looked up (the object's BTF and DWARF, or --types
	 * FILE's), and that file; NULL: the object's, opened here */
	struct bl_record_types *types;
	const char *types_path;
	unsigned perf_pages;	/* --perf-pages: ring pages per CPU; 0: 64 */
	int filter_pid;		/* --pid without the object's filter: only records
				 * whose tgid or pid member is this (pid_filter.h) */
};

/* Opens a reader on every ring buffer and perf event array map of l
 * (before attaching, so that no record is missed). A map that cannot be
 * read is a warning. NULL when there is nothing to read. opts may be NULL. */
struct bl_cli_events *bl_cli_events_open(const struct bl_out *o, struct bl_object *l,
					 const struct bl_cli_events_opts *opts);
/* One fd that poll(2) finds readable when records wait; -1 for none. */
int bl_cli_events_fd(const struct bl_cli_events *ev);
/* Prints every record there now, one line each. */
void bl_cli_events_print(struct bl_cli_events *ev);
/* Prints the records left, then per map how many came and, for perf
 * buffers, how many were lost; closes the readers. NULL is fine. */
void bl_cli_events_close(struct bl_cli_events *ev);

#endif
