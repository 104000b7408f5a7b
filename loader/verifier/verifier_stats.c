/* loader/verifier/verifier_stats.c — the statistics lines of a verifier log (see
 * verifier_stats.h; kernel/bpf/verifier.c, print_verification_stats).
 * Read line by line: the last line of each kind wins, because a program
 * with subprograms or a log quoted in another is still one log.
 */
#include "verifier_stats.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The number after name in line[0..len), -1 when absent. */
static long field(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(line + i, name, n) && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '('))
			return i + n < len && line[i + n] >= '0' && line[i + n] <= '9'
				       ? strtol(line + i + n, NULL, 10)
				       : -1;
	return -1;
}

static bool starts(const char *line, size_t len, const char *word)
{
	size_t n = strlen(word);

	return len >= n && !memcmp(line, word, n);
}

/* "8+16+0": the parts added up; -1 when it is not such a list. */
static long depth_total(const char *s)
{
	long total = 0;
	char *end;

	do {
		long v = strtol(s, &end, 10);

		if (end == s || v < 0)
			return -1;
		total += v;
		s = end;
	} while (*s++ == '+');
	return s[-1] == '\0' ? total : -1;
}

int bl_verifier_stats(const char *log, struct bl_verifier_stats *s)
{
	const char *p = log;
	bool found = false;

	memset(s, 0, sizeof(*s));
	s->insns_processed = s->insn_limit = s->max_states_per_insn = -1;
	s->total_states = s->peak_states = s->mark_read = -1;
	s->verify_usec = s->stack_depth_total = -1;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (starts(p, len, "processed ") && field(p, len, "processed ") >= 0) {
			found = true;
			s->insns_processed = field(p, len, "processed ");
			s->insn_limit = field(p, len, "limit ");
			s->max_states_per_insn = field(p, len, "max_states_per_insn ");
			s->total_states = field(p, len, "total_states ");
			s->peak_states = field(p, len, "peak_states ");
			s->mark_read = field(p, len, "mark_read ");
		} else if (starts(p, len, "verification time ")) {
			s->verify_usec = field(p, len, "time ");
		} else if (starts(p, len, "stack depth ")) {
			snprintf(s->stack_depth, sizeof(s->stack_depth), "%.*s", (int)(len - 12), p + 12);
			s->stack_depth_total = depth_total(s->stack_depth);
		}
		p = nl ? nl + 1 : NULL;
	}
	return found ? 0 : -ENOENT;
}
