/* loader/output/trace_pipe.h — bpf_printk output, read from tracefs's
 * trace_pipe (Documentation/trace/ftrace.rst). */
#ifndef BL_OUTPUT_TRACE_PIPE_H
#define BL_OUTPUT_TRACE_PIPE_H

#include <stddef.h>

#include "elf/error.h"

/* trace_pipe: the lines bpf_printk writes (bpf_trace_printk helper). */
struct bl_trace_pipe {
	int fd;
	size_t used;
	char buf[8192];
};
int bl_trace_pipe_open(struct bl_trace_pipe *tp, struct bl_err *err);
/* Reads what is available without blocking and calls fn for each full
 * line (without its newline). Returns the number of lines, or -errno. */
int bl_trace_pipe_read(struct bl_trace_pipe *tp,
		       void (*fn)(const char *line, void *ctx), void *ctx);
void bl_trace_pipe_close(struct bl_trace_pipe *tp);

/* One line of trace_pipe, split (see loader/output/trace_line.c). */
struct bl_trace_line {
	char comm[64];
	int pid;
	int cpu;
	double timestamp;	/* seconds, the trace clock */
	char event[64];		/* "bpf_trace_printk" for bpf_printk lines */
	const char *message;	/* points into the parsed line */
};
/* Returns 0, or -EINVAL when the line is not in the default format. */
int bl_trace_line_parse(const char *line, struct bl_trace_line *out);

/* The process name of a trace line's pid (loader/output/trace_comm.c).
 * The kernel writes the COMM column from its saved_cmdlines cache when
 * the line is read: "<...>" when the pid is not there, or an older name
 * (before an exec). bl_trace_comm_name gives, in this order: the name in
 * /proc/PID/comm (the process lives), the name the thread had when it
 * exited (bpfload's own program on sched/sched_process_exit records it
 * in a map, while bl_trace_comm_open's recorder runs), a name read from
 * /proc earlier, the kernel's. */
#define BL_TRACE_COMM_SEEN 256
enum bl_comm_source {
	BL_COMM_PROC,		/* /proc/PID/comm, now */
	BL_COMM_EXIT,		/* recorded at the thread's exit */
	BL_COMM_SEEN,		/* /proc/PID/comm, read for an earlier line */
	BL_COMM_KERNEL,		/* the kernel's (the line's own COMM) */
};
struct bl_trace_comm {
	int map_fd;		/* tid -> name at exit; -1: no recorder */
	int prog_fd;
	int perf_fd;
	unsigned next;		/* the slot of seen[] to reuse next */
	struct { int pid; char name[16]; } seen[BL_TRACE_COMM_SEEN];
	char name[16];		/* what bl_trace_comm_name returned last */
};
/* Starts the exit recorder (a tracepoint program and an LRU hash map of
 * bpfload's own). On failure c still works, without it: 0 or -errno
 * with err set. */
int bl_trace_comm_open(struct bl_trace_comm *c, struct bl_err *err);
/* The name of thread pid, for a line whose COMM column said kernel_comm.
 * Points into c (until the next call) or is kernel_comm; *src (when not
 * NULL) says where it came from. */
const char *bl_trace_comm_name(struct bl_trace_comm *c, int pid, const char *kernel_comm,
			       enum bl_comm_source *src);
void bl_trace_comm_close(struct bl_trace_comm *c);

#endif
