/* loader/verifier/verify_results.h — the verifier's results of a run, kept in
 * a file to compare later (`bpfload verify --save FILE`, `--compare OLD
 * NEW`): one row per program, with the kernel release it ran on.
 *
 * Two formats, chosen by the file name when writing and by the first byte
 * when reading:
 *   CSV (RFC 4180): a header row naming the columns, then one row per
 *     program; a field holding a comma, a double quote, CR or LF is quoted,
 *     its quotes doubled; an empty field is an unknown number.
 *   JSON Lines (a name ending in .json or .jsonl): one flat object per
 *     program, {"type":"verify_result",...}, unknown numbers null
 *     (docs/json.md).
 * The reader takes the columns by name, in any order, and ignores the ones
 * it does not know, so a file from a later bpfload still reads. Pure: no
 * syscalls (the caller opens the file).
 */
#ifndef BL_VERIFY_RESULTS_H
#define BL_VERIFY_RESULTS_H

#include <stddef.h>
#include <stdio.h>

/* One program's result. Strings are owned (malloc'd), never NULL once in
 * a bl_vresults; numbers are -1 when unknown. */
struct bl_vresult {
	char *kernel;		/* uname -r of the machine that verified it */
	char *object;		/* the object's path, as given */
	char *program;		/* the program's name */
	char *section;
	char *verdict;		/* accepted, rejected, unsupported, not loaded */
	char *err;		/* "EACCES" for a rejected program, else "" */
	char *cls;		/* the class of its error (verifier_classify.h), else "" */
	long insns;		/* its instructions in the object */
	long processed;		/* "processed N insns" */
	long states;		/* total_states */
	long peak_states;
	long max_states_per_insn;
	long mark_read;
	long duration_us;	/* "verification time N usec" */
	long stack_depth;
	long verified_insns;	/* bpf_prog_info.verified_insns */
};

struct bl_vresults {
	struct bl_vresult *v;
	size_t cnt, cap;
};

/* A copy of r (its NULL strings as "") appended to rs; 0 or -ENOMEM. */
int bl_vresults_add(struct bl_vresults *rs, const struct bl_vresult *r);
void bl_vresults_free(struct bl_vresults *rs);

/* rs into f, as CSV (header row first) or as JSON Lines. */
void bl_vresults_write_csv(FILE *f, const struct bl_vresults *rs);
void bl_vresults_write_json(FILE *f, const struct bl_vresults *rs);
/* 1 when a file named path is written as JSON Lines (.json, .jsonl). */
int bl_vresults_json_name(const char *path);

/* The rows of text (a whole file's contents, NUL-terminated), CSV or JSON
 * Lines, appended to rs. On a malformed file: -EINVAL, and why (with the
 * line number, as "LINE: WHAT") in err. */
int bl_vresults_parse(const char *text, struct bl_vresults *rs, char *err, size_t errlen);

/* One CSV record from *pos (it may span lines inside quotes): its fields
 * (malloc'd, *n of them, at most max; more is an error) and *pos past its
 * line end; *line counts the newlines crossed. 0, 1 at the end of text,
 * -EINVAL (why in err), -ENOMEM. */
int bl_csv_record(const char **pos, char **fields, size_t max, size_t *n, unsigned *line,
		  char *err, size_t errlen);
/* s as a CSV field: as it is, or quoted when it must be. */
void bl_csv_field(FILE *f, const char *s);

#endif
