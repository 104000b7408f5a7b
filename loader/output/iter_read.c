/* loader/output/iter_read.c — reading a BPF iterator (iter_read.h).
 *
 * BPF_ITER_CREATE (include/uapi/linux/bpf.h) turns the link of an
 * iterator program into an fd that behaves like a seq_file, as /proc's
 * files do: each read(2) runs the program on the next objects of the
 * collection until a page is full, and returns what bpf_seq_printf and
 * bpf_seq_write put there; 0 at the end (kernel/bpf/bpf_iter.c,
 * bpf_seq_read). `bpftool iter pin` pins the link so that `cat` can do
 * the same; here it is one read loop.
 */
#include "iter_read.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK 8192

long bl_iter_read(int link_fd, void (*fn)(const char *line, void *ctx), void *ctx,
		  struct bl_err *err)
{
	char *buf = malloc(2 * CHUNK + 1), eb[16];
	size_t used = 0;
	long total = 0;
	int fd = bl_sys_iter_create(link_fd);

	if (fd < 0) {
		free(buf);
		return bl_err_set(err, fd, "BPF_ITER_CREATE failed with %s", bl_errno_name(-fd, eb));
	}
	if (!buf) {
		close(fd);
		return bl_err_set(err, -ENOMEM, "out of memory");
	}
	for (;;) {
		ssize_t n = read(fd, buf + used, 2 * CHUNK - used);
		char *start = buf, *nl;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			total = bl_err_set(err, -errno, "reading the iterator failed with %s",
					   bl_errno_name(errno, eb));
			break;
		}
		if (n == 0)
			break;
		total += n;
		used += (size_t)n;
		buf[used] = '\0';
		while ((nl = memchr(start, '\n', used - (size_t)(start - buf)))) {
			*nl = '\0';
			fn(start, ctx);
			start = nl + 1;
		}
		used -= (size_t)(start - buf);
		memmove(buf, start, used);
		if (used >= CHUNK) { /* a very long line: in pieces */
			buf[used] = '\0';
			fn(buf, ctx);
			used = 0;
		}
	}
	if (total >= 0 && used) {
		buf[used] = '\0';
		fn(buf, ctx);
	}
	close(fd);
	free(buf);
	return total;
}
