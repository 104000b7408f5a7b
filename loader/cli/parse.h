/* loader/cli/parse.h — the command line's parsers of option values, one
 * per kind of value: a whole number in a range, a number of seconds, and
 * the decimal or 0x-hex number that stands for itself where a name could
 * stand too (a system call).
 *
 * Each returns 0 with the value in *out, or -1 leaving *out alone; the
 * caller says what the option wanted (bl_usage_error), as only it knows
 * the option's words. Inline, so that the unit tests
 * (tests/unit/test_cli_parse.c) use them without the CLI's objects.
 */
#ifndef BL_CLI_PARSE_H
#define BL_CLI_PARSE_H

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "loader/sys/scan.h"

/* A decimal whole number from min to max, as strtoul(3) reads it
 * (leading blanks and '+' allowed) but with no '-' and nothing after it. */
static inline int bl_cli_parse_uint(const char *s, unsigned long min, unsigned long max,
				    unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static inline const char *bl_cli_skip_sign(const char *s)
{
	return *s == '+' || *s == '-' ? s + 1 : s;
}

/* A number of seconds > 0 and at most 1e9: decimal with an optional
 * fraction and exponent ("2", "0.5", ".25", "+3", "2.5e-3"), as strtod(3)
 * reads them but no hex and no inf/nan (bl_scan_decimal, not strtod: the
 * static build's size). */
static inline int bl_cli_parse_seconds(const char *s, double *out)
{
	const char *end;
	long long e = 0;
	double v, p = 1;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '+')
		s++;
	end = bl_scan_decimal(s, &v);
	if (end && (*end == 'e' || *end == 'E') && *bl_cli_skip_sign(end + 1) >= '0' &&
	    *bl_cli_skip_sign(end + 1) <= '9') {
		end = bl_scan_int(end + 1, 10, &e);
		if (!end || e > 400 || e < -400)
			return -1;
		for (long long i = e < 0 ? -e : e; i > 0; i--)
			p *= 10;	/* exact up to 1e22, where a single / or * rounds once */
		v = e < 0 ? v / p : v * p;
	}
	if (!end || *end || !(v > 0) || v > 1e9)
		return -1;
	*out = v;
	return 0;
}

/* Digits only, decimal or after 0x/0X hex, that fit an int >= 0.
 * *is_number says whether s is written as a number at all (it may be one
 * too big: -1 with *is_number true). */
static inline int bl_cli_parse_nr(const char *s, int *out, bool *is_number)
{
	const char *digits = s;
	int base = 10;
	unsigned long long v;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		digits = s + 2;
	}
	*is_number = digits[0] && strspn(digits, base == 16 ? "0123456789abcdefABCDEF"
							  : "0123456789") == strlen(digits);
	if (!*is_number)
		return -1;
	errno = 0;
	v = strtoull(digits, &end, base);
	if (errno || v > 0x7fffffff)
		return -1;
	*out = (int)v;
	return 0;
}

#endif
