/* loader/cli/command.c — `bpfload run --cmd 'CMD ARGS'`: a command that
 * run starts once its programs are attached, follows (--pid, pid_filter.c)
 * and stops with, as `bpftrace -c` does.
 *
 * fork(2) comes before the object is loaded, so that the child's pid can
 * be written into the object's filter variable; the child then waits on
 * a pipe(2) until run has attached every program, and only then
 * execv(3)s the command: nothing it does is missed. run stops when it
 * exits (waitpid(2), WNOHANG, looked at every 100 ms), after reading what
 * is left in the buffers; on Ctrl-C (which a terminal also sends to the
 * command, in the same process group), SIGTERM, SIGHUP or the end of
 * --duration, run sends it SIGTERM, and SIGKILL a second later if it is
 * still there. If run fails before attaching, the pipe is closed unwritten
 * and the child exits (127) without running anything; if bpfload is
 * killed (SIGKILL), the command gets SIGTERM (PR_SET_PDEATHSIG, prctl(2)).
 *
 * CMD ARGS is split into words as a shell splits a simple command, and
 * the command is executed directly (not through /bin/sh, whose pid would
 * be the one followed), with bpfload's standard input and output (with
 * --json, its standard error as output too, so that standard output
 * stays JSON Lines): blanks separate words; '...' quotes everything;
 * "..." quotes everything but \" \\ \$ \` (the backslash goes); outside
 * quotes a backslash quotes the next character. There is no expansion,
 * redirection, pipe or list: an unquoted | & ; < > ( ) $ ` * ? [ , or a
 * word starting with ~ or #, is refused (use --cmd "sh -c '...'", and
 * know that the shell's children have pids of their own).
 */
#define _GNU_SOURCE
#include "loader/cli/command.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int why(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int why(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* "..." from after the opening quote: its characters into *w; p at the
 * closing quote, or NULL (not closed, or $ ` that a shell expands). */
static const char *double_quoted(const char *p, char **w)
{
	for (; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
			p++;
		else if (*p == '$' || *p == '`')
			return NULL;
		*(*w)++ = *p;
	}
	return *p ? p : NULL;
}

/* The words of s into words (as long as s) and argv. */
static int split(const char *s, char *words, char **argv, char *buf, size_t len)
{
	size_t n = 0;
	char *w = words;
	bool in_word = false;

	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n') {
			if (in_word)
				*w++ = '\0';
			in_word = false;
			continue;
		}
		if (!in_word && (*p == '~' || *p == '#'))
			return why(buf, len, "'%c' at the start of a word is shell syntax, which --cmd does not interpret: quote it, or use --cmd \"sh -c '...'\"", *p);
		if (!in_word)
			argv[n++] = w;
		in_word = true;
		if (*p == '\'') {
			const char *end = strchr(p + 1, '\'');

			if (!end)
				return why(buf, len, "a ' is not closed");
			memcpy(w, p + 1, (size_t)(end - p - 1));
			w += end - p - 1;
			p = end;
		} else if (*p == '"') {
			if (!(p = double_quoted(p + 1, &w)))
				return why(buf, len, "a \" is not closed, or has $ or ` in it, which a shell would expand and --cmd does not");
		} else if (*p == '\\') {
			if (!p[1])
				return why(buf, len, "a \\ at the end");
			*w++ = *++p;
		} else if (strchr("|&;<>()$`*?[", *p)) {
			return why(buf, len, "'%c' is shell syntax, which --cmd does not interpret: quote it, or use --cmd \"sh -c '...'\"", *p);
		} else {
			*w++ = *p;
		}
	}
	if (in_word)
		*w = '\0';
	argv[n] = NULL;
	return n ? 0 : why(buf, len, "no command in '%s'", s);
}

int bl_cli_command_split(struct bl_cli_command *c, const char *s, char *buf, size_t len)
{
	size_t n = strlen(s);

	c->words = malloc(n + 1);
	c->argv = calloc(n / 2 + 2, sizeof(*c->argv)); /* words are 2 apart at least */
	if (!c->words || !c->argv)
		return why(buf, len, "out of memory");
	return split(s, c->words, c->argv, buf, len);
}

static bool executable(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode) && !access(path, X_OK);
}

/* argv[0] itself when it has a '/', else the first dir/argv[0] of PATH
 * (an empty entry: the current directory) that is an executable file. */
static int find_path(struct bl_cli_command *c, char *buf, size_t len)
{
	const char *name = c->argv[0], *dirs = getenv("PATH");

	if (strchr(name, '/')) {
		c->path = strdup(name);
		if (c->path && executable(name))
			return 0;
		return why(buf, len, "%s: %s", name, access(name, X_OK) ? strerror(errno) : "not an executable file");
	}
	for (const char *d = dirs ? dirs : "/usr/local/bin:/usr/bin:/bin"; ; d++) {
		size_t n = strcspn(d, ":");

		free(c->path);
		if (asprintf(&c->path, "%.*s%s%s", (int)n, n ? d : ".", "/", name) < 0) {
			c->path = NULL;
			return why(buf, len, "out of memory");
		}
		if (executable(c->path))
			return 0;
		d += n;
		if (!*d)
			break;
	}
	return why(buf, len, "%s: no such command in PATH (%s)", name, dirs ? dirs : "unset");
}

/* The child: waits for the word to go, then becomes the command, which
 * gets SIGTERM if bpfload dies first (SIGKILL leaves it no other way). */
static void child(struct bl_cli_command *c, int go_rd, pid_t parent)
{
	char b;
	ssize_t n;

	if (prctl(PR_SET_PDEATHSIG, SIGTERM) || getppid() != parent)
		_exit(127);
	do
		n = read(go_rd, &b, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		_exit(127); /* run failed before attaching */
	close(go_rd);
	if (c->stdout_to_stderr)
		dup2(STDERR_FILENO, STDOUT_FILENO);
	execv(c->path, c->argv);
	dprintf(STDERR_FILENO, "bpfload run: --cmd: %s: %s\n", c->path, strerror(errno));
	_exit(127);
}

int bl_cli_command_start(struct bl_cli_command *c, char *buf, size_t len)
{
	pid_t parent;
	int fds[2];
	int ret = find_path(c, buf, len);

	if (ret)
		return ret;
	if (pipe2(fds, O_CLOEXEC))
		return why(buf, len, "pipe: %s", strerror(errno));
	fflush(NULL); /* nothing printed twice */
	parent = getpid();
	c->pid = fork();
	if (c->pid < 0) {
		ret = -errno;
		close(fds[0]);
		close(fds[1]);
		c->pid = 0;
		why(buf, len, "fork: %s", strerror(-ret));
		return ret;
	}
	if (c->pid == 0) {
		close(fds[1]);
		child(c, fds[0], parent);
	}
	close(fds[0]);
	c->go_fd = fds[1];
	return 0;
}

void bl_cli_command_release(struct bl_cli_command *c)
{
	if (c->go_fd < 0)
		return;
	c->released = write(c->go_fd, "g", 1) == 1;
	close(c->go_fd);
	c->go_fd = -1;
}

bool bl_cli_command_ended(struct bl_cli_command *c)
{
	pid_t r;

	if (c->pid <= 0 || c->reaped)
		return true;
	do
		r = waitpid(c->pid, &c->status, WNOHANG);
	while (r < 0 && errno == EINTR);
	c->reaped = r == c->pid || (r < 0 && errno == ECHILD);
	return c->reaped;
}

void bl_cli_command_stop(struct bl_cli_command *c)
{
	struct timespec ten_ms = { 0, 10 * 1000 * 1000 };

	if (c->go_fd >= 0) { /* never released: it exits by itself */
		close(c->go_fd);
		c->go_fd = -1;
	} else if (!bl_cli_command_ended(c)) {
		kill(c->pid, SIGTERM);
	}
	for (int i = 0; i < 100 && !bl_cli_command_ended(c); i++)
		nanosleep(&ten_ms, NULL);
	if (!bl_cli_command_ended(c)) {
		kill(c->pid, SIGKILL);
		while (waitpid(c->pid, &c->status, 0) < 0 && errno == EINTR)
			;
		c->reaped = true;
	}
}

void bl_cli_command_print_end(const struct bl_out *o, const struct bl_cli_command *c)
{
	bool sig = WIFSIGNALED(c->status);
	int v = sig ? WTERMSIG(c->status) : WEXITSTATUS(c->status);

	if (!c->released || !c->reaped)
		return;
	if (o->json) {
		fprintf(o->f, "{\"type\":\"command\",\"pid\":%d,\"state\":\"%s\",\"%s\":%d}\n",
			(int)c->pid, sig ? "killed" : "exited", sig ? "signal" : "exit_status", v);
	} else if (sig) {
		fprintf(o->f, "command pid %d (%s) killed by signal %d (%s)\n", (int)c->pid,
			c->argv[0], v, strsignal(v));
	} else {
		fprintf(o->f, "command pid %d (%s) exited with status %d\n", (int)c->pid, c->argv[0], v);
	}
	fflush(o->f);
}

void bl_cli_command_free(struct bl_cli_command *c)
{
	if (c->pid > 0)
		bl_cli_command_stop(c);
	free(c->argv);
	free(c->words);
	free(c->path);
	c->argv = NULL;
	c->words = NULL;
	c->path = NULL;
}
