/* loader/cli/verify_hot.c — where the verifier spent its effort, per
 * source line (see verify_hot.h): counted from the program's log of level
 * 1 (every instruction walked is a line of it, kernel/bpf/verifier.c
 * do_check) and its line_info (Documentation/bpf/btf.rst, "3.3
 * BPF_PROG_LOAD").
 *
 * A program over the limit writes a huge log (about 100 bytes per
 * instruction processed: 106 MB for test_too_complex.bpf.o's 1 million).
 * The kernel cuts what does not fit in log_size: since Linux 6.4 the log
 * is a rotating buffer (kernel/bpf/log.c; bpfload never sets BPF_LOG_FIXED)
 * and what is left is the end, before 6.4 the start. The counts are then
 * those of the part kept, and the output says which part that was.
 */
#include "loader/cli/verify_hot.h"

#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "loader/verifier/hot_lines.h"
#include "loader/verifier/verifier_classify.h"

bool bl_cli_hot_by_default(const struct bl_prog *p)
{
	struct bl_verifier_error e;

	if (p->state != BL_PROG_REJECTED || !p->log)
		return false;
	bl_verifier_classify(p->log, p->spec->def ? (int)p->spec->def->prog_type : 0,
			     bl_arch_native(), &e);
	return e.id && !strcmp(e.id, "too-large");
}

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

/* "1.2 MiB", "64 KiB", "900 bytes" */
static const char *size_str(unsigned long long n, char *buf, size_t len)
{
	if (n >= 10u << 20)
		snprintf(buf, len, "%llu MiB", n >> 20);
	else if (n >= 1u << 20)
		snprintf(buf, len, "%.1f MiB", (double)n / (1 << 20));
	else if (n >= 10u << 10)
		snprintf(buf, len, "%llu KiB", n >> 10);
	else
		snprintf(buf, len, "%llu bytes", n);
	return buf;
}

/* Which part of the log was counted, in words. */
static void portion(const struct bl_prog *p, const struct bl_hot_lines *h, char *buf, size_t len)
{
	size_t kept = strlen(p->log);
	char a[32], b[32];

	if (!p->log_truncated)
		snprintf(buf, len, "all %lu instruction lines of the log", h->walked);
	else if (p->log_true_size > kept + 1)
		snprintf(buf, len,
			 "the %lu instruction lines of the log's last %s, of %s (the kernel keeps the end of a log longer than its buffer, Linux 6.4+)",
			 h->walked, size_str(kept, a, sizeof(a)), size_str(p->log_true_size, b, sizeof(b)));
	else
		snprintf(buf, len,
			 "the %lu instruction lines of the log's first %s (a kernel before 6.4 keeps the start of a log longer than its buffer: the rest was not seen)",
			 h->walked, size_str(kept, a, sizeof(a)));
}

static void print_json(FILE *f, const struct bl_prog *p, const struct bl_object_spec *obj,
		       const struct bl_hot_lines *h)
{
	fputs("{\"type\":\"hot_lines\",\"object\":", f);
	bl_json_str(f, obj->path);
	fputs(",\"program\":", f);
	bl_json_str(f, p->spec->name);
	fprintf(f, ",\"walked\":%lu,\"no_line\":%lu,\"log_truncated\":%s,\"log_bytes\":%zu", h->walked,
		h->no_line, p->log_truncated ? "true" : "false", strlen(p->log));
	if (p->log_true_size)
		fprintf(f, ",\"log_true_size\":%u", p->log_true_size);
	fputs(",\"lines\":[", f);
	for (size_t i = 0; i < h->cnt; i++) {
		fputs(i ? ",{\"file\":" : "{\"file\":", f);
		bl_json_str(f, h->top[i].file);
		fprintf(f, ",\"line\":%u,\"count\":%lu,\"share\":%.4f,\"text\":", h->top[i].line,
			h->top[i].count, h->walked ? (double)h->top[i].count / (double)h->walked : 0.0);
		bl_json_str(f, h->top[i].text);
		fputc('}', f);
	}
	fputs("]}\n", f);
}

void bl_cli_print_hot(const struct bl_out *o, const struct bl_prog *p,
		      const struct bl_object_spec *obj, size_t n)
{
	struct bl_src_line *lines = NULL;
	struct bl_hot_lines h = { 0 };
	char part[320];
	FILE *f = o->f;

	if (!p->log || p->state == BL_PROG_UNSUPPORTED || p->state == BL_PROG_SKIPPED)
		return;
	if (p->line_info_cnt)
		lines = bl_src_lines(p->line_info, p->line_info_cnt, obj->btf);
	if (!lines) {
		if (!o->json)
			fputs("    hot lines: none: the object has no line_info (.BTF.ext; build with clang -g)\n",
			      f);
		return;
	}
	if (bl_hot_lines(p->log, lines, p->line_info_cnt, n, &h)) {
		free(lines);
		return;
	}
	if (o->json) {
		print_json(f, p, obj, &h);
	} else if (!h.walked) {
		fputs("    hot lines: none: the log has no instruction lines (a log of level 2 has them: --hot N)\n",
		      f);
	} else {
		portion(p, &h, part, sizeof(part));
		fprintf(f, "    where the verifier spent its effort: the source lines walked most, from %s:\n",
			part);
		for (size_t i = 0; i < h.cnt; i++) {
			const char *text = h.top[i].text;
			char loc[96];

			while (*text == ' ' || *text == '\t')
				text++;
			snprintf(loc, sizeof(loc), "%s:%u", base_name(h.top[i].file), h.top[i].line);
			fprintf(f, "    %5.1f%% %9lu  %-24s  ",
				100.0 * (double)h.top[i].count / (double)h.walked, h.top[i].count, loc);
			for (; *text; text++) /* a tab would break the columns */
				fputc(*text == '\t' ? ' ' : *text, f);
			fputc('\n', f);
		}
		if (h.no_line)
			fprintf(f, "    %5.1f%% %9lu  (no source line)\n",
				100.0 * (double)h.no_line / (double)h.walked, h.no_line);
	}
	bl_hot_lines_free(&h);
	free(lines);
}
