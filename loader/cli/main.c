/* loader/cli/main.c — the bpfload command: picks the command and hands
 * over its arguments. */
#include "loader/cli/cli.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "loader/bpfload.h"

/* The static build is the target's bpfload (GNUmakefile, STATIC_OPT:
 * under 400 KB): it leaves out the workstation's tools, which read the
 * tables of every architecture or a target kernel's BTF file rather than
 * the board they run on. Their entries stay, without a function, so that
 * they are refused by name; `bpfload --help` lists them apart, which is
 * where loader/static/pack_help.sh learns which help texts to pack. */
#ifdef BL_STATIC_TARGET
#define WORKSTATION(fn) NULL
#else
#define WORKSTATION(fn) fn
#endif

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	bool workstation;	/* not in the static build */
} commands[] = {
	{ "run", bl_cmd_run, "load, attach, show output until Ctrl-C, detach", false },
	{ "verify", bl_cmd_verify, "load every program without attaching; show the verifier's verdict", false },
	{ "inspect", bl_cmd_inspect, "describe an object file: sections, programs, maps, relocations", false },
	{ "list", bl_cmd_list, "where probes can go: kprobes, tracepoints, raw-tracepoints, uprobes", false },
	{ "selftest", bl_cmd_selftest, "what this kernel offers bpfload: one line per check", false },
	{ "regs", WORKSTATION(bl_cmd_regs), "registers a kprobe program sees: pt_regs offsets, argument registers", true },
	{ "syscall", WORKSTATION(bl_cmd_syscall), "system call names and numbers of an architecture", true },
	{ "btf", WORKSTATION(bl_cmd_btf), "btf min: the part of a kernel's BTF that objects need (--btf FILE)", true },
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

/* The commands of the group workstation, each on a line of its own (the
 * normal build) or named on one line (the static build). */
static void list_commands(FILE *f, bool workstation)
{
	for (size_t i = 0; i < N_COMMANDS; i++) {
		if (commands[i].workstation != workstation)
			continue;
#ifdef BL_STATIC_TARGET
		if (workstation) {
			fprintf(f, " %s", commands[i].name);
			continue;
		}
#endif
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	}
}

static void usage(FILE *f)
{
	fputs("usage: bpfload COMMAND [OPTIONS] OBJ\n"
	      "       bpfload COMMAND --help\n"
	      "       bpfload --version\n\n"
	      "commands:\n", f);
	list_commands(f, false);
#ifdef BL_STATIC_TARGET
	fputs("\nnot in the static build (run them on the workstation):", f);
	list_commands(f, true);
	fputc('\n', f);
#else
	fputs("\nworkstation commands (not in the static build):\n", f);
	list_commands(f, true);
#endif
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
	for (size_t i = 0; i < N_COMMANDS; i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		if (!commands[i].fn) {
			fprintf(stderr, "bpfload: %s is not in the static build: run it with the "
				"normal bpfload on the workstation (docs/performance.md, size)\n",
				argv[1]);
			return BL_EXIT_USAGE;
		}
		return bl_cli_close_stdout(commands[i].fn(argc - 1, argv + 1));
	}
	fprintf(stderr, "bpfload: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return BL_EXIT_USAGE;
}
