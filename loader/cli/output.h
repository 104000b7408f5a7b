/* loader/cli/output.h — how the command line prints: text for people, or
 * JSON Lines (one object per line, with a "type" field) for scripts. */
#ifndef BL_CLI_OUTPUT_H
#define BL_CLI_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "loader/bpfload.h"

struct bl_out {
	bool json;
	FILE *f;
};

void bl_json_str(FILE *f, const char *s);		/* a quoted, escaped string */
/* CLOCK_MONOTONIC in seconds: when a record or line was read, deadlines. */
double bl_cli_now(void);
void bl_json_hex(FILE *f, const void *buf, size_t len); /* "0a 00 ..." */
void bl_print_error(const struct bl_out *o, const char *msg);
/* {"type":"warning"} or "bpfload: warning: ..." on stderr: going on anyway. */
void bl_print_warning(const struct bl_out *o, const char *msg);
void bl_print_program(const struct bl_out *o, const struct bl_prog_spec *p);
void bl_print_map_def(const struct bl_out *o, const struct bl_map_spec *m);
void bl_print_relocs(const struct bl_out *o, const struct bl_prog_spec *p);
/* The maps l created or found pinned, one line each (map_report.c):
 * what `verify` and `run` show of an object without programs. */
void bl_print_maps_created(const struct bl_out *o, const struct bl_object *l);
/* How maps are shown (bpfload run --hist, --all-maps, --top). */
struct bl_dump_opts {
	int hist;	/* enum bl_hist_mode (histogram.h) */
	bool all_maps;	/* also the maps of global data (.rodata, .bss, ...) */
	size_t top;	/* hash maps: the first N entries only; 0: all */
};
/* Every dumpable map of l (map_dump.c): keys and values typed by the
 * object's BTF (elf/value/btf_value.h), else numbers or hex; hash maps
 * sorted, arrays' runs of zeros summarised, text as aligned columns;
 * histograms (histogram.h) drawn as bcc draws them (text only). opts may
 * be NULL. */
void bl_print_map_dumps(const struct bl_out *o, struct bl_object *l,
			const struct bl_dump_opts *opts);
/* --clear: empties every hash and array map of l, not global data
 * (map_clear.c). */
void bl_clear_maps(const struct bl_out *o, struct bl_object *l);
/* `run`: every attached iterator of l read once to its end and what it
 * wrote printed (iterators.c); *only_iterators says whether they were
 * all that was attached (nothing else to wait for). 0, or -1 after
 * printing the error. */
int bl_cli_run_iterators(const struct bl_out *o, const struct bl_object *l, bool *only_iterators);

#endif
