/* loader/sys/fd_kind.c — see fd_kind.h (proc(5): /proc/PID/fd, whose
 * links name an anonymous inode "anon_inode:NAME"). */
#include "fd_kind.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

bool bl_fd_is(int fd, const char *kind)
{
	char link[64], target[64];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return true;
	target[n] = '\0';
	return strncmp(target, "anon_inode:", 11) == 0 && strcmp(target + 11, kind) == 0;
}
