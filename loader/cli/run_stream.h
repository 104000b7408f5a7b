/* loader/cli/run_stream.h — what `bpfload run` shows while it runs
 * (run_stream.c). */
#ifndef BL_CLI_RUN_STREAM_H
#define BL_CLI_RUN_STREAM_H

#include <signal.h>

#include "loader/cli/cli.h"
#include "loader/cli/command.h"
#include "loader/cli/events.h"
#include "loader/cli/output.h"

/* trace_pipe lines; the text header comes before the first one (an
 * object that only fills buffers and maps has none). */
struct bl_run_trace_out {
	const struct bl_out *o;
	struct bl_trace_comm *comm;	/* the COMM column's names */
	bool header_done;
	int pid;		/* > 0: only lines of this process (--pid) */
};

/* A trace_pipe line (a bl_trace_pipe_read callback; arg: a struct
 * bl_run_trace_out). */
void bl_run_print_trace_line(const char *line, void *arg);
/* Loaded, skipped, or an unused alternative. */
void bl_run_print_loaded(const struct bl_out *o, const struct bl_prog *p);
void bl_run_print_attached(const struct bl_out *o, const struct bl_prog *p);
/* A warning for --uprobe or --usdt when no program of l has the bare
 * section it is for (run_targets.c); path: the object's. */
void bl_run_warn_unused_targets(const struct bl_out *o, const struct bl_object *l,
				const struct bl_attach_opts *ao, const char *path);
/* Why loading failed: the error, and the log of the program at fault. */
void bl_run_print_load_failure(const struct bl_out *o, const struct bl_object *l,
			       const struct bl_err *err);

struct bl_run_periodic {
	double interval;		/* --interval; 0: none */
	bool clear;			/* --clear */
	struct bl_object *l;
	const struct bl_dump_opts *dump;
};

/* The process run follows (--pid, --cmd): whose trace lines are shown
 * (0: all, or the object filters), and the command whose end ends run. */
struct bl_run_follow {
	int trace_pid;
	struct bl_cli_command *cmd;	/* NULL: no --cmd */
};

/* Streams trace_pipe (tp; comm names its lines) and the records of ev
 * until *stop, the end of duration seconds (0: none) or of fw's command;
 * prints the maps every pr->interval seconds. */
void bl_run_stream(volatile sig_atomic_t *stop, const struct bl_out *o, struct bl_trace_pipe *tp,
		   struct bl_trace_comm *comm, struct bl_cli_events *ev, double duration,
		   const struct bl_run_periodic *pr, const struct bl_run_follow *fw);

#endif
