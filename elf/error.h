/* elf/error.h — how bpfload reports what went wrong.
 *
 * Every function that can fail returns 0 or a negative errno and, when it
 * is given a struct bl_err, writes one line a user can act on: which file,
 * which section or program, and what was wrong (or what the kernel said).
 */
#ifndef BL_ERROR_H
#define BL_ERROR_H

#define BL_ERR_MAX 1024

struct bl_err {
	char msg[BL_ERR_MAX];
};

/* Formats the message into err (when err is not NULL) and returns code,
 * which is expected to be a negative errno, so that callers can write
 * `return bl_err_set(err, -EINVAL, "...")`. */
int bl_err_set(struct bl_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Puts "prefix: " in front of the message already in err. */
int bl_err_prefix(struct bl_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "ENOENT", "EACCES", ...; "E?" followed by the number when unknown.
 * buf is used only for unknown numbers. */
const char *bl_errno_name(int errnum, char buf[16]);

#endif
