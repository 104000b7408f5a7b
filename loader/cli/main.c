/* loader/cli/main.c — the bpfload command: picks the command and hands
 * over its arguments. */
#include "loader/cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "loader/bpfload.h"

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "run", bl_cmd_run, "load, attach, show output until Ctrl-C, detach" },
	{ "verify", bl_cmd_verify, "load every program without attaching; show the verifier's verdict" },
	{ "inspect", bl_cmd_inspect, "describe an object file: sections, programs, maps, relocations" },
#ifndef BL_STATIC_TARGET
	{ "regs", bl_cmd_regs, "registers a kprobe program sees: pt_regs offsets, argument registers" },
	{ "syscall", bl_cmd_syscall, "system call names and numbers of an architecture" },
#endif
	{ "list", bl_cmd_list, "where probes can go: kprobes, tracepoints, raw-tracepoints, uprobes" },
#ifndef BL_STATIC_TARGET
	{ "btf", bl_cmd_btf, "btf min: the part of a kernel's BTF that objects need (--btf FILE)" },
#endif
	{ "selftest", bl_cmd_selftest, "what this kernel offers bpfload: one line per check" },
};

#ifdef BL_STATIC_TARGET
/* The static build is the target's bpfload (GNUmakefile, STATIC_OPT:
 * under 400 KB): it leaves out the workstation's tools, which read the
 * tables of every architecture or a target kernel's BTF file rather than
 * the board they run on. */
static const char *const workstation_commands[] = { "regs", "syscall", "btf" };
#endif

static void usage(FILE *f)
{
	fputs("usage: bpfload COMMAND [OPTIONS] OBJ\n"
	      "       bpfload COMMAND --help\n"
	      "       bpfload --version\n\n"
	      "commands:\n", f);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\nexit status: 0 done, 1 failed, 2 wrong usage\n", f);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return BL_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return bl_cli_close_stdout(BL_EXIT_OK);
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("bpfload %s\n", BL_VERSION);
		return bl_cli_close_stdout(BL_EXIT_OK);
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return bl_cli_close_stdout(commands[i].fn(argc - 1, argv + 1));
#ifdef BL_STATIC_TARGET
	for (size_t i = 0; i < sizeof(workstation_commands) / sizeof(workstation_commands[0]); i++)
		if (!strcmp(argv[1], workstation_commands[i])) {
			fprintf(stderr, "bpfload: %s is not in the static build: run it with the "
				"normal bpfload on the workstation (docs/performance.md, size)\n",
				argv[1]);
			return BL_EXIT_USAGE;
		}
#endif
	fprintf(stderr, "bpfload: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return BL_EXIT_USAGE;
}
