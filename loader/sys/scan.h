/* loader/sys/scan.h — small parsers of the kernel's text files (procfs,
 * sysfs, tracefs: "127\n", "config:9\n", /proc/mounts' fields) and of
 * decimal numbers ("783.350790", "2.5"), in place of sscanf(3) and
 * strtod(3): musl's scanf and float parsing cost the static build 10 KB
 * (docs/performance.md, size). Pure but bl_read_int_file.
 */
#ifndef BL_SYS_SCAN_H
#define BL_SYS_SCAN_H

#include <stddef.h>

/* An integer at s: blanks, an optional sign, base-10 or base-16 digits
 * (no 0x prefix). Returns the end, or NULL when there are no digits or
 * the value does not fit a long long. */
const char *bl_scan_int(const char *s, int base, long long *out);

/* A decimal "digits[.[digits]]" or ".digits" at s, no sign, no exponent.
 * Returns the end, or NULL when there are no digits. The value is exact
 * for whole numbers below 2^53 and as close as a double gets for up to 18
 * decimals; later decimals are read but do not count. */
const char *bl_scan_decimal(const char *s, double *out);

/* The next blank-separated word of s into buf (cut to size - 1 bytes):
 * returns the end of the word in s, or NULL when there is none. */
const char *bl_scan_word(const char *s, char *buf, size_t size);

/* The integer of a one-line file (sysfs, procfs) after prefix (literal,
 * "" for none): 0 with *out, -errno when it cannot be opened or read,
 * -EINVAL when it holds no such number. */
int bl_read_int_file(const char *path, const char *prefix, long long *out);

#endif
