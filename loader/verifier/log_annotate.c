/* loader/verifier/log_annotate.c — the verifier log tied back to the source.
 *
 * The verifier log names instructions by their index in the program as
 * loaded ("7: (79) r0 = *(u64 *)(r0 +0)", kernel/bpf/disasm.c's syntax
 * after "N: "), which for bpfload is the program linked with its
 * subprograms (loader/load/subprogs.c). The line_info bpfload built for that
 * same array (Documentation/bpf/btf.rst, "3.3 BPF_PROG_LOAD") says which
 * source line each instruction comes from: its line_off string in .BTF
 * usually holds the text of the line, file_name_off the file, line_col
 * the line number (<< 10) and column (BPF_LINE_INFO_LINE_NUM). Before an
 * instruction line whose source line differs from the last one shown, a
 * comment line "; TEXT @ FILE:LINE" is written, as the kernel itself does
 * at log_level 1 on recent kernels (verbose_linfo in kernel/bpf/log.c) and
 * `bpftool prog dump xlated linum` does.
 */
#include "log_annotate.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf/btf.h"

static int by_insn(const void *a, const void *b)
{
	const struct bl_src_line *x = a, *y = b;

	return x->insn < y->insn ? -1 : x->insn > y->insn;
}

struct bl_src_line *bl_src_lines(const struct bpf_line_info *li, uint32_t cnt,
				 const struct bl_btf *btf)
{
	struct bl_src_line *out;

	if (!li || !cnt || !btf)
		return NULL;
	out = calloc(cnt, sizeof(*out));
	if (!out)
		return NULL;
	for (uint32_t i = 0; i < cnt; i++) {
		const char *file = bl_btf_name(btf, li[i].file_name_off);
		const char *text = bl_btf_name(btf, li[i].line_off);

		out[i].insn = li[i].insn_off;
		out[i].line = BPF_LINE_INFO_LINE_NUM(li[i].line_col);
		out[i].col = BPF_LINE_INFO_LINE_COL(li[i].line_col);
		out[i].file = file ? file : "";
		out[i].text = text ? text : "";
	}
	qsort(out, cnt, sizeof(*out), by_insn);
	return out;
}

/* A growing string. */
struct buf {
	char *s;
	size_t len, cap;
	bool oom;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *p = realloc(b->s, cap);

		if (!p) {
			b->oom = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

bool bl_log_insn_line(const char *s, size_t n, uint32_t *insn)
{
	size_t i = 0;
	unsigned long v = 0;

	while (i < n && isdigit((unsigned char)s[i]) && v < 100000000)
		v = v * 10 + (unsigned)(s[i++] - '0');
	if (!i || n < i + 7 || memcmp(s + i, ": (", 3) || !isxdigit((unsigned char)s[i + 3]) ||
	    !isxdigit((unsigned char)s[i + 4]) || s[i + 5] != ')')
		return false;
	*insn = (uint32_t)v;
	return true;
}

/* The kernel's own source line: "; TEXT @ FILE:LINE". */
static bool kernel_src_line(const char *s, size_t n)
{
	size_t i = n;

	if (n < 2 || s[0] != ';' || s[1] != ' ')
		return false;
	while (i > 0 && isdigit((unsigned char)s[i - 1]))
		i--;
	if (i == n || i == 0 || s[i - 1] != ':')
		return false;
	for (size_t j = 2; j + 2 < i; j++)
		if (s[j] == ' ' && s[j + 1] == '@' && s[j + 2] == ' ')
			return true;
	/* an empty TEXT: ";  @ FILE:LINE" */
	return n > 4 && s[2] == ' ' && s[3] == '@';
}

/* The record governing instruction insn: the last one at or before it
 * with a line number; NULL when none. */
static const struct bl_src_line *find(const struct bl_src_line *l, size_t cnt, uint32_t insn)
{
	const struct bl_src_line *best = NULL;

	for (size_t i = 0; i < cnt && l[i].insn <= insn; i++)
		if (l[i].line)
			best = &l[i];
	return best;
}

/* Line `line` of file, without its newline, into out; false when the file
 * cannot be read or is shorter. */
static bool read_line(const char *file, uint32_t line, char *out, size_t len)
{
	FILE *f = *file ? fopen(file, "r") : NULL;
	uint32_t n = 0;
	bool ok = false;

	if (!f)
		return false;
	while (fgets(out, (int)len, f)) {
		size_t k = strlen(out);
		bool whole = k && out[k - 1] == '\n';

		if (++n == line) {
			if (whole)
				out[k - 1] = '\0';
			ok = true;
			break;
		}
		/* a line longer than out: skip its rest */
		while (!whole && fgets(out, (int)len, f)) {
			k = strlen(out);
			whole = k && out[k - 1] == '\n';
		}
	}
	fclose(f);
	return ok;
}

static void put_src(struct buf *b, const struct bl_src_line *r)
{
	const char *base = strrchr(r->file, '/');
	const char *text = r->text;
	char src[512], num[16];

	while (*text == ' ' || *text == '\t')
		text++;
	if (!*text && read_line(r->file, r->line, src, sizeof(src))) {
		text = src;
		while (*text == ' ' || *text == '\t')
			text++;
	}
	base = base ? base + 1 : r->file;
	put(b, "; ", 2);
	put(b, text, strlen(text));
	put(b, " @ ", 3);
	put(b, base, strlen(base));
	snprintf(num, sizeof(num), ":%u\n", r->line);
	put(b, num, strlen(num));
}

char *bl_log_annotate(const char *log, const struct bl_src_line *lines, size_t cnt)
{
	const struct bl_src_line *last = NULL;
	struct buf b = { NULL, 0, 0, false };
	const char *s = log ? log : "";

	put(&b, "", 0);
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		uint32_t insn;

		if (cnt && kernel_src_line(s, n)) {
			s += n + (nl != NULL);
			continue;
		}
		if (cnt && bl_log_insn_line(s, n, &insn)) {
			const struct bl_src_line *r = find(lines, cnt, insn);

			if (r && (!last || r->line != last->line || strcmp(r->file, last->file)))
				put_src(&b, r);
			if (r)
				last = r;
		}
		put(&b, s, n);
		if (nl)
			put(&b, "\n", 1);
		s += n + (nl != NULL);
	}
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}
