/* elf/error.c — one-line error messages, and errno numbers by name.
 *
 * The names are those of errno(3); printing "EACCES" rather than
 * "Permission denied" lets a user search the kernel source for the
 * place that returned it.
 */
#include "error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Names in messages come from the file (section, symbol and BTF names)
 * and may hold any byte: a newline or an escape sequence would break the
 * one line, or the terminal. Control characters become '?'. */
static void one_line(char *msg)
{
	for (unsigned char *p = (unsigned char *)msg; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
}

int bl_err_set(struct bl_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	one_line(err->msg);
	return code;
}

int bl_err_prefix(struct bl_err *err, int code, const char *fmt, ...)
{
	char prefix[BL_ERR_MAX / 2], rest[BL_ERR_MAX];
	va_list ap;

	if (!err)
		return code;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	snprintf(rest, sizeof(rest), "%s", err->msg);
	/* Truncation is acceptable: the message is for a person. */
	size_t n = strlen(prefix);
	memcpy(err->msg, prefix, n);
	if (n + 2 < sizeof(err->msg)) {
		size_t room = sizeof(err->msg) - n - 2, len = strnlen(rest, room - 1);

		memcpy(err->msg + n, ": ", 2);
		memcpy(err->msg + n + 2, rest, len);
		err->msg[n + 2 + len] = '\0';
	} else {
		err->msg[n] = '\0';
	}
	one_line(err->msg);
	return code;
}

#define E(name) { name, #name }
static const struct {
	int num;
	const char *name;
} errno_names[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
	E(ENOEXEC), E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES),
	E(EFAULT), E(EBUSY), E(EEXIST), E(EXDEV), E(ENODEV), E(ENOTDIR),
	E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY), E(EFBIG),
	E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK), E(EPIPE), E(EDOM),
	E(ERANGE), E(EDEADLK), E(ENAMETOOLONG), E(ENOSYS), E(ENOTEMPTY),
	E(ELOOP), E(ENOMSG), E(ENODATA), E(ETIME), E(EPROTO), E(EBADMSG),
	E(EOVERFLOW), E(EILSEQ), E(EOPNOTSUPP), E(EADDRINUSE),
	E(EADDRNOTAVAIL), E(ENETDOWN), E(ECONNREFUSED), E(ETIMEDOUT),
	E(EALREADY), E(EINPROGRESS), E(ESTALE), E(EDQUOT), E(ECANCELED),
	E(EOWNERDEAD), E(ENOTSUP),
	/* Kernel-internal numbers that bpf(2) can leak to user space. */
	{ 524, "ENOTSUPP" },
};
#undef E

const char *bl_errno_name(int errnum, char buf[16])
{
	if (errnum < 0)
		errnum = -errnum;
	for (size_t i = 0; i < sizeof(errno_names) / sizeof(errno_names[0]); i++)
		if (errno_names[i].num == errnum)
			return errno_names[i].name;
	snprintf(buf, 16, "E?%d", errnum);
	return buf;
}
