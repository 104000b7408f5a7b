/* loader/verifier/log_annotate.h — the verifier log with the source lines of the
 * instructions it shows, from BTF line_info (Documentation/bpf/btf.rst,
 * "3.3 BPF_PROG_LOAD" and "4.2 .BTF.ext section"; struct bpf_line_info
 * of <linux/bpf.h>). Pure: no syscalls (it may read the source file).
 */
#ifndef BL_LOG_ANNOTATE_H
#define BL_LOG_ANNOTATE_H

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bl_btf;

/* One line_info record, its strings looked up. */
struct bl_src_line {
	uint32_t insn;		/* index in the loaded (linked) program */
	uint32_t line;		/* 1-based; 0: no line (clang leaves some) */
	uint32_t col;
	const char *file;	/* as clang recorded it, e.g. "bpf-progs/x.bpf.c" */
	const char *text;	/* the line's text ("" when clang left none) */
};

/* The cnt records of li (insn_off an instruction index, as given to
 * BPF_PROG_LOAD) with their strings from btf, sorted by instruction;
 * malloc'd, NULL without memory or records. */
struct bl_src_line *bl_src_lines(const struct bpf_line_info *li, uint32_t cnt,
				 const struct bl_btf *btf);

/* log (the verifier's) with a comment line "; TEXT @ FILE:LINE" before
 * each instruction line "N: (xx) ..." whose source line is not the one
 * of the previous instruction line; the kernel's own such lines (log
 * level 1 with line_info, 5.x and later) are replaced, so the result is
 * the same on every kernel. TEXT is the record's text, else the line read
 * from the file when it is readable; FILE is the file's base name. With
 * no records: a copy of log. malloc'd; NULL without memory. */
char *bl_log_annotate(const char *log, const struct bl_src_line *lines, size_t cnt);

/* s[0..n) is an instruction line of the log, "N: (xx) ...": true, and
 * its index N in *insn. */
bool bl_log_insn_line(const char *s, size_t n, uint32_t *insn);

#endif
