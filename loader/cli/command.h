/* loader/cli/command.h — `bpfload run --cmd 'CMD ARGS'`: the command run
 * starts once everything is attached and stops with (loader/cli/command.c). */
#ifndef BL_CLI_COMMAND_H
#define BL_CLI_COMMAND_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "loader/cli/output.h"

struct bl_cli_command {
	char **argv;		/* the words, NULL-terminated */
	char *words;		/* their storage */
	char *path;		/* argv[0] found in PATH */
	pid_t pid;		/* 0: not forked */
	int go_fd;		/* written once attached; -1: none or done */
	bool stdout_to_stderr;	/* --json: the command writes to stderr */
	bool released;		/* the command was told to run */
	bool reaped;		/* waitpid has its status */
	int status;		/* waitpid's */
};

/* Splits s into words as a shell splits a simple command (command.c
 * says which syntax) into c->argv. 0, or -EINVAL with why in buf. */
int bl_cli_command_split(struct bl_cli_command *c, const char *s, char *buf, size_t len);

/* Finds argv[0] (PATH when it has no '/'); forks the child, which waits
 * until bl_cli_command_release. 0, or -errno with why in buf. */
int bl_cli_command_start(struct bl_cli_command *c, char *buf, size_t len);

/* Lets the child exec the command. */
void bl_cli_command_release(struct bl_cli_command *c);

/* Has the command ended (reaped, without waiting)? */
bool bl_cli_command_ended(struct bl_cli_command *c);

/* Ends the command if it still runs: SIGTERM, SIGKILL a second later;
 * one that was never released exits without running. Reaps it. */
void bl_cli_command_stop(struct bl_cli_command *c);

/* "command pid N ... exited with status S" (or the signal), once reaped
 * after being released; in JSON a "command" line. */
void bl_cli_command_print_end(const struct bl_out *o, const struct bl_cli_command *c);

/* Stops the command (bl_cli_command_stop) and frees c's memory. */
void bl_cli_command_free(struct bl_cli_command *c);

#endif
