/* loader/cli/table.c — text tables whose columns line up (table.h): the
 * widths computed over every row of one table, a UTF-8 character counted
 * as one column. No kernel interface: the cells come from
 * elf/value/btf_value.h's bl_btf_value_row_cells and the callers. */
#include "loader/cli/table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "elf/value/btf_value.h"

struct row {
	char *text;
	bool span;
};

struct bl_cli_table {
	struct row *rows;
	size_t cnt, cap;
	int ncols;
	int *width;
};

struct bl_cli_table *bl_cli_table_new(void)
{
	return calloc(1, sizeof(struct bl_cli_table));
}

static int cells_of(const char *s)
{
	int n = 1;

	for (; *s; s++)
		n += *s == BL_BTF_CELL_SEP;
	return n;
}

/* Display width: UTF-8 continuation bytes take no column. */
static int text_width(const char *s, size_t n)
{
	int w = 0;

	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xc0) != 0x80;
	return w;
}

/* The widths of row r's cells into t->width. */
static void widen(struct bl_cli_table *t, const struct row *r)
{
	const char *p = r->text;

	for (int c = 0;; c++) {
		const char *end = strchr(p, BL_BTF_CELL_SEP);
		size_t n = end ? (size_t)(end - p) : strlen(p);
		int w = text_width(p, n);

		if (c < t->ncols && !(r->span && !end) && w > t->width[c])
			t->width[c] = w;
		if (!end)
			return;
		p = end + 1;
	}
}

int bl_cli_table_add(struct bl_cli_table *t, char *row, bool span)
{
	if (!row)
		return -ENOMEM;
	if (t->cnt == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct row *grown = realloc(t->rows, cap * sizeof(*grown));

		if (!grown) {
			free(row);
			return -ENOMEM;
		}
		t->rows = grown;
		t->cap = cap;
	}
	if (!t->width) {
		t->ncols = cells_of(row);
		t->width = calloc((size_t)t->ncols, sizeof(*t->width));
		if (!t->width) {
			free(row);
			return -ENOMEM;
		}
	}
	t->rows[t->cnt] = (struct row){ row, span };
	widen(t, &t->rows[t->cnt++]);
	return 0;
}

void bl_cli_table_print(FILE *f, const struct bl_cli_table *t, const char *indent)
{
	for (size_t r = 0; r < t->cnt; r++) {
		const char *p = t->rows[r].text;

		fputs(indent, f);
		for (int c = 0;; c++) {
			const char *end = strchr(p, BL_BTF_CELL_SEP);
			size_t n = end ? (size_t)(end - p) : strlen(p);

			fwrite(p, 1, n, f);
			if (!end)
				break;
			for (int pad = c < t->ncols ? t->width[c] - text_width(p, n) : 0; pad > 0; pad--)
				fputc(' ', f);
			fputs("  ", f);
			p = end + 1;
		}
		fputc('\n', f);
	}
}

void bl_cli_table_free(struct bl_cli_table *t)
{
	if (!t)
		return;
	for (size_t r = 0; r < t->cnt; r++)
		free(t->rows[r].text);
	free(t->rows);
	free(t->width);
	free(t);
}
