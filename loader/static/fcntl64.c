/* loader/static/fcntl64.c — linked into the static bpfload only, and only
 * does something on 32-bit machines (ARCH=arm): Debian's armhf libelf.a is
 * built against glibc with _FILE_OFFSET_BITS=64, where fcntl(2) becomes
 * glibc's fcntl64 (glibc 2.28, <fcntl.h>). musl has no such name: its
 * off_t is always 64 bits, so its fcntl is already that call (musl's
 * internal syscall.h sends SYS_fcntl to the fcntl64 system call on 32-bit
 * machines).
 * libelf's elf_begin() uses it to read a descriptor's flags (F_GETFL), one
 * int argument; this passes the argument on as fcntl(2) does.
 */
#include <fcntl.h>
#include <stdarg.h>

#if defined(__arm__)
int fcntl64(int fd, int cmd, ...);

int fcntl64(int fd, int cmd, ...)
{
	va_list ap;
	unsigned long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, unsigned long);
	va_end(ap);
	return fcntl(fd, cmd, arg);
}
#endif
