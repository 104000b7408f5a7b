/* loader/verifier/hot_lines.h — where the verifier spent its effort: the
 * source lines whose instructions its log shows most often.
 *
 * At log_level 1 the verifier writes every instruction it walks as one
 * line "N: (xx) ..." (kernel/bpf/verifier.c, do_check), each again on
 * every path: the count of such lines is the "processed" count. The
 * program's line_info (loader/verifier/log_annotate.h) gives each index N its
 * source line, so counting the lines per source line says which lines
 * cost the verifier most: for a program over the 1 million limit, the
 * loop to fix. veristat's --top-src-lines counts the kernel's own
 * "; SOURCE @ FILE:LINE" lines instead, one per run of instructions of a
 * line: it ranks a short line walked often like a long one. A log the
 * kernel cut (log_size too small: since 6.4 it keeps the end, before it
 * the start) gives the counts of the part kept. Pure: no syscalls.
 */
#ifndef BL_HOT_LINES_H
#define BL_HOT_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "loader/verifier/log_annotate.h"

struct bl_hot_line {
	const char *file;	/* as in the line_info (clang's path) */
	uint32_t line;
	const char *text;	/* the line's text, "" when clang left none */
	unsigned long count;	/* instruction lines of the log from it */
};

struct bl_hot_lines {
	struct bl_hot_line *top;	/* the most walked first; malloc'd */
	size_t cnt;
	unsigned long walked;		/* instruction lines in the log */
	unsigned long no_line;		/* of those, with no source line */
	size_t distinct;		/* source lines seen */
};

/* Counts the instruction lines of log per source line of lines (cnt
 * records sorted by instruction, as bl_src_lines makes them) and keeps
 * the top n in h. 0, or -ENOMEM. h points into lines' strings. */
int bl_hot_lines(const char *log, const struct bl_src_line *lines, size_t cnt, size_t n,
		 struct bl_hot_lines *h);
void bl_hot_lines_free(struct bl_hot_lines *h);

#endif
