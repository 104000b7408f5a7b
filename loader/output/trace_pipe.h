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

#endif
