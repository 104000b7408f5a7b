/* elf/value/btf_columns.c — a record shown as one row of columns, as bcc's
 * tools print their events (elf/value/btf_value.h): the header line of a
 * struct's member names, then one row per record, each member formatted
 * by elf/value/btf_value.c in a column as wide as its type usually needs; and
 * the record type of a ring or perf buffer, named or guessed.
 *
 * BTF: Documentation/bpf/btf.rst, "2.2 Type Encoding" (struct members,
 * their bit offsets and bitfield sizes).
 */
#include "btf_value_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* --- Columns ---------------------------------------------------------- */

struct column {
	const char *name;
	uint32_t type;
	size_t off;
	uint32_t bit_off, bits;
	int width;
};

struct columns {
	struct column col[BL_BTF_VALUE_COLUMNS];
	int cnt;
	bool cells;	/* BL_BTF_CELL_SEP between columns, no padding */
};

/* How wide a column of type id usually is (bcc's widths: a pid 7, a
 * comm 16); at least as wide as its name. */
static int type_width(const struct bl_btf *btf, uint32_t id)
{
	const struct btf_type *t = bl_btf_skip_modifiers(btf, id, NULL);
	int w = 0;

	if (!t)
		return 0;
	switch (bl_btf_kind(t)) {
	case BTF_KIND_INT:
		if (BTF_INT_ENCODING(bl_btf_int_data(t)) & BTF_INT_BOOL)
			return 5;
		return t->size == 1 ? 4 : t->size == 2 ? 6 : t->size == 4 ? 7 : 12;
	case BTF_KIND_ENUM:
		for (unsigned i = 0; i < bl_btf_vlen(t); i++) {
			const char *n = bl_btf_name(btf, bl_btf_enums(t)[i].name_off);
			int l = n ? (int)strlen(n) : 0;

			w = l > w ? l : w;
		}
		return w < 16 ? w : 16;
	case BTF_KIND_ENUM64:
	case BTF_KIND_PTR:
		return 18;
	case BTF_KIND_FLOAT:
		return 10;
	case BTF_KIND_ARRAY: {
		const struct btf_type *e = bl_btf_skip_modifiers(btf, bl_btf_array(t)->type, NULL);

		if (e && bl_btf_kind(e) == BTF_KIND_INT && e->size == 1)
			return bl_btf_array(t)->nelems < 16 ? (int)bl_btf_array(t)->nelems : 16;
		return 0;
	}
	default:
		return 0;
	}
}

static int collect(const struct bl_btf *btf, const struct btf_type *t, size_t off,
		   struct columns *cols, int depth)
{
	const struct btf_member *m = bl_btf_members(t);

	if (depth > BL_BTF_VALUE_DEPTH)
		return -ELOOP;
	for (unsigned i = 0; i < bl_btf_vlen(t); i++) {
		const char *name = bl_btf_name(btf, m[i].name_off);
		uint32_t bit = bl_btf_member_bit_offset(t, &m[i]);
		uint32_t bits = bl_btf_member_bitfield_size(t, &m[i]);
		struct column *col;

		if (!name || !*name) {
			const struct btf_type *a = bl_btf_skip_modifiers(btf, m[i].type, NULL);

			if (a && (bl_btf_kind(a) == BTF_KIND_STRUCT || bl_btf_kind(a) == BTF_KIND_UNION) &&
			    !bits && bit % 8 == 0) {
				int ret = collect(btf, a, off + bit / 8, cols, depth + 1);

				if (ret)
					return ret;
				continue;
			}
			name = "_";
		}
		if (cols->cnt == BL_BTF_VALUE_COLUMNS)
			return -E2BIG;
		col = &cols->col[cols->cnt++];
		col->name = name;
		col->type = m[i].type;
		col->off = off + bit / 8;
		col->bit_off = bits ? bit % 8 : 0;
		col->bits = bits;
		col->width = type_width(btf, m[i].type);
		if ((int)strlen(name) > col->width)
			col->width = (int)strlen(name);
	}
	return 0;
}

static int columns_of(const struct bl_btf *btf, uint32_t id, struct columns *cols)
{
	const struct btf_type *t = bl_btf_skip_modifiers(btf, id, NULL);

	cols->cnt = 0;
	if (!t)
		return bl_btf_type(btf, id) ? -ELOOP : -ENOENT;
	if (bl_btf_kind(t) == BTF_KIND_STRUCT || bl_btf_kind(t) == BTF_KIND_UNION)
		return collect(btf, t, 0, cols, 0);
	cols->col[0] = (struct column){ "value", id, 0, 0, 0, type_width(btf, id) };
	if (cols->col[0].width < 5)
		cols->col[0].width = 5;
	cols->cnt = 1;
	return 0;
}

static void pad(FILE *f, int n)
{
	while (n-- > 0)
		fputc(' ', f);
}

static int header(struct fmt *c, void *arg)
{
	struct columns *cols = arg;

	for (int i = 0; i < cols->cnt; i++) {
		const char *n = cols->col[i].name;
		int w = 0;

		for (; n[w]; w++) {
			unsigned char ch = (unsigned char)n[w];

			fputc(isalnum(ch) || ch == '_' ? toupper(ch) : '?', c->f);
		}
		if (i + 1 < cols->cnt && cols->cells) {
			fputc(BL_BTF_CELL_SEP, c->f);
		} else if (i + 1 < cols->cnt) {
			pad(c->f, cols->col[i].width - w);
			fputc(' ', c->f);
		}
	}
	fputc('\n', c->f);
	return 0;
}

static int header_of(FILE *f, const struct bl_btf *btf, uint32_t id, bool cells)
{
	struct fmt c = { .btf = btf };
	struct columns cols;
	int ret = columns_of(btf, id, &cols);

	cols.cells = cells;
	return ret ? ret : bl_btf_fmt_buffered(f, &c, header, &cols);
}

int bl_btf_value_header(FILE *f, const struct bl_btf *btf, uint32_t id)
{
	return header_of(f, btf, id, false);
}

int bl_btf_value_header_cells(FILE *f, const struct bl_btf *btf, uint32_t id)
{
	return header_of(f, btf, id, true);
}

static int row(struct fmt *c, void *arg)
{
	struct columns *cols = arg;
	FILE *out = c->f;
	int ret = 0;

	for (int i = 0; i < cols->cnt && !ret; i++) {
		const struct column *col = &cols->col[i];
		char *buf = NULL;
		size_t n = 0;

		c->f = open_memstream(&buf, &n);
		if (!c->f) {
			c->f = out;
			return -ENOMEM;
		}
		ret = bl_btf_fmt_value(c, col->type, col->off, col->bit_off, col->bits, 1);
		if (fclose(c->f) && !ret)
			ret = -ENOMEM;
		c->f = out;
		if (!ret) {
			fwrite(buf, 1, n, out);
			if (i + 1 < cols->cnt && cols->cells) {
				fputc(BL_BTF_CELL_SEP, out);
			} else if (i + 1 < cols->cnt) {
				pad(out, col->width - (int)n);
				fputc(' ', out);
			}
		}
		free(buf);
	}
	fputc('\n', out);
	return ret;
}

static int row_of(FILE *f, const struct bl_btf *btf, uint32_t id, const void *data, size_t len,
		  bool cells)
{
	struct fmt c = { .btf = btf, .data = data, .len = len, .bare = true };
	struct columns cols;
	uint32_t size;
	int ret = columns_of(btf, id, &cols);

	cols.cells = cells;
	if (!ret)
		ret = bl_btf_resolve_size(btf, id, &size);
	if (!ret && size > len)
		ret = -E2BIG;
	return ret ? ret : bl_btf_fmt_buffered(f, &c, row, &cols);
}

int bl_btf_value_row(FILE *f, const struct bl_btf *btf, uint32_t id, const void *data,
		     size_t len)
{
	return row_of(f, btf, id, data, len, false);
}

int bl_btf_value_row_cells(FILE *f, const struct bl_btf *btf, uint32_t id, const void *data,
			   size_t len)
{
	return row_of(f, btf, id, data, len, true);
}

/* --- The record type of a buffer -------------------------------------- */

int bl_btf_event_type(const struct bl_btf *btf, const char *name)
{
	static const unsigned kinds[] = { BTF_KIND_STRUCT, BTF_KIND_UNION, BTF_KIND_TYPEDEF };
	int found = -ENOENT;

	if (!btf)
		return -ENOENT;
	if (name) {
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			int id = bl_btf_find_by_name_kind(btf, name, kinds[k]);

			if (id > 0)
				return id;
		}
		return -ENOENT;
	}
	for (uint32_t id = 1; id < bl_btf_type_cnt(btf); id++) {
		const struct btf_type *t = bl_btf_type(btf, id);
		const char *n = bl_btf_name(btf, t->name_off);
		unsigned kind = bl_btf_kind(t);

		if (!n || (strcmp(n, "event") && strcmp(n, "data_t")))
			continue;
		if (kind != BTF_KIND_STRUCT && !(kind == BTF_KIND_TYPEDEF && !strcmp(n, "data_t")))
			continue;
		/* typedef struct data_t {...} data_t: one candidate */
		if (found > 0 && kind == BTF_KIND_TYPEDEF) {
			uint32_t to;

			if (bl_btf_skip_modifiers(btf, id, &to) && (int)to == found)
				continue;
		}
		if (found > 0) {
			uint32_t to;

			if (kind == BTF_KIND_STRUCT &&
			    bl_btf_skip_modifiers(btf, (uint32_t)found, &to) && to == id) {
				found = (int)id;
				continue;
			}
			return -EEXIST;
		}
		found = (int)id;
	}
	return found;
}
