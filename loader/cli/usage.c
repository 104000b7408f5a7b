/* loader/cli/usage.c — how every command says it was called wrongly
 * (exit status 2) and takes its one object file. Apart from main.c, which
 * calls the commands: the commands call these, never back into main.c. */
#include "loader/cli/cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int bl_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "bpfload %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'bpfload %s --help'.\n", cmd);
	return BL_EXIT_USAGE;
}

int bl_unknown_option(const char *cmd, char **argv)
{
	const char *arg = argv[optind - 1];

	if (optopt && arg[1] != '-') /* a short option, maybe in a cluster like -jx */
		return bl_usage_error(cmd, "unknown option '-%c'", optopt);
	if (strchr(arg, '='))
		return bl_usage_error(cmd, "unknown option, or one that takes no argument: '%s'", arg);
	return bl_usage_error(cmd, "unknown option '%s'", arg);
}

int bl_one_object(const char *cmd, int argc, char **argv, const char **obj)
{
	if (optind >= argc)
		return bl_usage_error(cmd, "missing the object file (OBJ)");
	if (optind + 1 < argc)
		return bl_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
	*obj = argv[optind];
	return BL_EXIT_OK;
}
