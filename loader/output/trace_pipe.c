/* loader/output/trace_pipe.c — reading bpf_printk output.
 *
 * The bpf_trace_printk helper writes into the kernel's trace ring buffer;
 * tracefs's trace_pipe hands each line out once, to one reader, and
 * blocks when empty (Documentation/trace/ftrace.rst). bpfload opens it
 * non-blocking and polls it, so that it can also watch the clock and
 * signals. The buffer is shared by the whole system: lines from other
 * programs' bpf_printk appear too, as with `bpftool prog tracelog`.
 */
#include "trace_pipe.h"
#include "loader/sys/tracefs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int bl_trace_pipe_open(struct bl_trace_pipe *tp, struct bl_err *err)
{
	char dir[256], path[300], eb[16];
	int ret = bl_tracefs_dir(dir, sizeof(dir), err);

	tp->fd = -1;
	tp->used = 0;
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/trace_pipe", dir);
	tp->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (tp->fd < 0) {
		int e = errno;

		return bl_err_set(err, -e, "cannot open %s: %s (%s)", path, strerror(e),
				  bl_errno_name(e, eb));
	}
	return 0;
}

int bl_trace_pipe_read(struct bl_trace_pipe *tp, void (*fn)(const char *line, void *ctx), void *ctx)
{
	int lines = 0;

	for (;;) {
		ssize_t n = read(tp->fd, tp->buf + tp->used, sizeof(tp->buf) - 1 - tp->used);
		char *start, *nl;

		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? lines : -errno;
		if (n == 0)
			return lines;
		tp->used += (size_t)n;
		tp->buf[tp->used] = '\0';
		start = tp->buf;
		while ((nl = strchr(start, '\n'))) {
			*nl = '\0';
			fn(start, ctx);
			lines++;
			start = nl + 1;
		}
		tp->used -= (size_t)(start - tp->buf);
		memmove(tp->buf, start, tp->used);
		if (tp->used == sizeof(tp->buf) - 1) { /* a line longer than the buffer */
			fn(tp->buf, ctx);
			lines++;
			tp->used = 0;
		}
	}
}

void bl_trace_pipe_close(struct bl_trace_pipe *tp)
{
	if (tp->fd >= 0)
		close(tp->fd);
	tp->fd = -1;
}
