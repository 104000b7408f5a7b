/* loader/verifier/hot_lines.c — the source lines the verifier walked most
 * (see hot_lines.h). One pass over the log: each instruction line's index
 * is looked up among the line_info records (binary search), whose source
 * lines were numbered once beforehand.
 */
#include "hot_lines.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The records' distinct source lines: key[i] is record i's, or that of
 * the record before it when i has no line number (clang leaves line 0 on
 * some instructions; log_annotate.c treats them the same way). */
static size_t number_lines(const struct bl_src_line *l, size_t cnt, size_t *key, size_t *first)
{
	size_t distinct = 0;

	for (size_t i = 0; i < cnt; i++) {
		size_t j;

		key[i] = SIZE_MAX;
		if (!l[i].line) {
			key[i] = i ? key[i - 1] : SIZE_MAX;
			continue;
		}
		for (j = 0; j < distinct; j++)
			if (l[first[j]].line == l[i].line && !strcmp(l[first[j]].file, l[i].file))
				break;
		if (j == distinct)
			first[distinct++] = i;
		key[i] = j;
	}
	return distinct;
}

/* The last record at or before insn: its index, or cnt when none. */
static size_t record_of(const struct bl_src_line *l, size_t cnt, uint32_t insn)
{
	size_t lo = 0, hi = cnt;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l[mid].insn <= insn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : cnt;
}

static int by_count(const void *a, const void *b)
{
	const struct bl_hot_line *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return x->line < y->line ? -1 : x->line > y->line;
}

int bl_hot_lines(const char *log, const struct bl_src_line *lines, size_t cnt, size_t n,
		 struct bl_hot_lines *h)
{
	size_t *key = calloc(cnt + 1, sizeof(*key)), *first = calloc(cnt + 1, sizeof(*first));
	unsigned long *count = NULL;
	size_t distinct = 0;
	const char *s = log ? log : "";

	memset(h, 0, sizeof(*h));
	if (key && first) {
		distinct = number_lines(lines, cnt, key, first);
		count = calloc(distinct + 1, sizeof(*count));
	}
	if (!count) {
		free(key);
		free(first);
		return -ENOMEM;
	}
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		uint32_t insn;

		if (bl_log_insn_line(s, len, &insn)) {
			size_t r = record_of(lines, cnt, insn);

			h->walked++;
			if (r == cnt || key[r] == SIZE_MAX)
				h->no_line++;
			else
				count[key[r]]++;
		}
		s += len + (nl != NULL);
	}
	h->distinct = distinct;
	h->top = calloc(distinct + 1, sizeof(*h->top));
	if (!h->top) {
		free(key);
		free(first);
		free(count);
		return -ENOMEM;
	}
	for (size_t j = 0; j < distinct; j++) {
		const struct bl_src_line *r = &lines[first[j]];

		if (!count[j])
			continue;
		h->top[h->cnt++] = (struct bl_hot_line){ r->file, r->line, r->text, count[j] };
	}
	qsort(h->top, h->cnt, sizeof(*h->top), by_count);
	if (h->cnt > n)
		h->cnt = n;
	free(key);
	free(first);
	free(count);
	return 0;
}

void bl_hot_lines_free(struct bl_hot_lines *h)
{
	free(h->top);
	memset(h, 0, sizeof(*h));
}
