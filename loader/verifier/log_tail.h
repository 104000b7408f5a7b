/* loader/verifier/log_tail.h — the end of a verifier log, for showing.
 *
 * A rejected program's log can run to millions of lines (every path the
 * verifier walked); the error and the instructions that led to it are at
 * its end, so bpfload shows the last lines and says how many it left out.
 * Pure: no syscalls.
 */
#ifndef BL_LOG_TAIL_H
#define BL_LOG_TAIL_H

#include <stddef.h>

/* Lines of log: text up to a '\n', and a last one without it; a final
 * '\n' does not begin another line. NULL and "" have none. */
size_t bl_log_lines(const char *log);

/* Where the last max lines of log begin (log itself when it has no more
 * than max; the end of log when max is 0); *elided, when not NULL, is
 * the number of lines before that point. */
const char *bl_log_tail(const char *log, size_t max, size_t *elided);

#endif
