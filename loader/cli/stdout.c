/* loader/cli/stdout.c — the end of the command's standard output: what
 * was written must have arrived, or the exit status says it did not.
 *
 * stdio keeps a write error in the stream (ferror(3)) and reports the
 * last buffer only when it is flushed (fflush(3), fclose(3)), so a
 * command that wrote to a full disk (`> /dev/full`: ENOSPC) or to a pipe
 * whose reader is gone (EPIPE) would otherwise exit 0. main.c calls
 * bl_cli_close_stdout after every command. The errno comes from the last
 * flush; when the failing write was an earlier one (the stream's buffer
 * was empty at the end), it is found again: write(2) of zero bytes fails
 * on /dev/full as any write does, and poll(2) says POLLERR on a pipe with
 * no reader (pipe(7)).
 *
 * A closed pipe: `run` handles SIGPIPE as a stop signal (run.c), so it
 * detaches and ends here with EPIPE; the other commands keep SIGPIPE's
 * default action, as filters do (`bpfload list | head` ends quietly, by
 * the signal).
 */
#include "loader/cli/cli.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf/error.h"

/* Why the writes to fd 1 failed, when the last flush did not say. */
static int find_errno(void)
{
	struct stat st;
	struct pollfd p = { .fd = STDOUT_FILENO, .events = POLLOUT };

	errno = 0;
	if (write(STDOUT_FILENO, "", 0) < 0)
		return errno;
	if (fstat(STDOUT_FILENO, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) &&
	    poll(&p, 1, 0) == 1 && (p.revents & POLLERR))
		return EPIPE;
	return 0;
}

int bl_cli_close_stdout(int status)
{
	char eb[16];
	int e = 0;
	bool failed;

	errno = 0;
	failed = fflush(stdout) != 0;
	if (failed)
		e = errno;
	if (ferror(stdout))
		failed = true;
	if (!failed && fclose(stdout) != 0) {
		failed = true;
		e = errno;
	}
	if (!failed)
		return status;
	if (!e)
		e = find_errno();
	if (e)
		fprintf(stderr, "bpfload: writing to stdout failed: %s (%s)%s\n", bl_errno_name(e, eb),
			strerror(e), e == EPIPE ? ": the reader of the pipe has gone" : "");
	else
		fprintf(stderr, "bpfload: writing to stdout failed (the error was not kept)\n");
	return status == BL_EXIT_OK ? BL_EXIT_FAIL : status;
}
