/* loader/sys/read_file.c — reading a file of the kernel's to its end.
 * sysfs and procfs files report a size of 4096 or 0 in stat(2) whatever
 * they hold (Documentation/filesystems/sysfs.rst, proc(5)), so the size
 * is not asked: the buffer grows until read(2) returns 0. */
#include "read_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

/* Room for n more bytes and the NUL. */
static int grow(unsigned char **buf, size_t *cap, size_t n, size_t max)
{
	unsigned char *grown;
	size_t want;

	if (n + 1 < *cap)
		return 0;
	if (n >= max)
		return -EFBIG;
	want = *cap ? *cap * 2 : 65536;
	grown = realloc(*buf, want);
	if (!grown)
		return -ENOMEM;
	*buf = grown;
	*cap = want;
	return 0;
}

int bl_read_file(const char *path, size_t max, unsigned char **out, size_t *len)
{
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = 0;
	ssize_t r;

	if (fd < 0)
		return -errno;
	while (!(ret = grow(&buf, &cap, n, max))) {
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			ret = r < 0 ? -errno : 0;
			break;
		}
		n += (size_t)r;
	}
	close(fd);
	if (ret) {
		free(buf);
		return ret;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}
