/* tests/unit/test_arch_docs.c — docs/arch.md shows the tables of arch/
 * as they are.
 *
 * The page ($BL_SRC_DIR/docs/arch.md, BL_SRC_DIR defaulting to ".") has a
 * section "## ARCH" per architecture with two markdown tables:
 *   | register | alias | offset | size | holds |     row i = arch->regs[i];
 *                 alias "-" for none, holds is bl_arch_reg_uses() or "-"
 *   | argument | function call | system call |     row n = argument n:
 *                 bl_arch_call_arg / bl_arch_syscall_arg, "-" for none
 * and under "## System call numbers" one table
 *   | call | x86_64 | arm64 | arm |                 the numbers of each call
 * Cells may be in `backticks`.  Changing a table without the page (or the
 * other way round) fails here.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "unit.h"

#define DOC "docs/arch.md"
#define MAX_CELLS 6

struct row {
	int line;
	int ncells;
	char cell[MAX_CELLS][96];
};

struct table {
	char section[64];	/* the "## " heading it is under */
	char header[160];	/* its header line, trimmed */
	struct row *rows;
	size_t cnt;
};

static void trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (isspace((unsigned char)s[i]))
		i++;
	memmove(s, s + i, n - i + 1);
	n -= i;
	if (n >= 2 && s[0] == '`' && s[n - 1] == '`') {
		memmove(s, s + 1, n - 2);
		s[n - 2] = '\0';
	}
}

/* "| a | b |" into cells; -1 if a cell is too long or there are too many. */
static int split(const char *line, struct row *r)
{
	char buf[512], *p, *bar;

	snprintf(buf, sizeof(buf), "%s", line);
	trim(buf);
	r->ncells = 0;
	p = buf + 1;
	while ((bar = strchr(p, '|')) != NULL) {
		*bar = '\0';
		if (r->ncells == MAX_CELLS || strlen(p) >= sizeof(r->cell[0]))
			return -1;
		strcpy(r->cell[r->ncells], p);
		trim(r->cell[r->ncells++]);
		p = bar + 1;
	}
	return 0;
}

/* Every table of the page, with the section it is in. */
static struct table *read_tables(size_t *n)
{
	const char *dir = getenv("BL_SRC_DIR");
	char path[4096], line[512], section[64] = "";
	struct table *t = NULL, *cur = NULL;
	int lineno = 0, state = 0; /* 0 outside, 1 separator next, 2 rows */
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : ".", DOC);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s (set BL_SRC_DIR to the source tree)", path);
	*n = 0;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strncmp(line, "## ", 3)) {
			snprintf(section, sizeof(section), "%.63s", line + 3);
			trim(section);
		}
		if (line[0] != '|') {
			state = 0;
			continue;
		}
		if (state == 0) {
			t = realloc(t, (*n + 1) * sizeof(*t));
			ck_assert_ptr_nonnull(t);
			cur = &t[(*n)++];
			memset(cur, 0, sizeof(*cur));
			snprintf(cur->section, sizeof(cur->section), "%s", section);
			snprintf(cur->header, sizeof(cur->header), "%.159s", line);
			trim(cur->header);
			state = 1;
		} else if (state == 1) {
			state = 2; /* |---|---| */
		} else {
			cur->rows = realloc(cur->rows, (cur->cnt + 1) * sizeof(*cur->rows));
			ck_assert_ptr_nonnull(cur->rows);
			ck_assert_msg(split(line, &cur->rows[cur->cnt]) == 0, "%s:%d: row too wide", DOC,
				      lineno);
			cur->rows[cur->cnt++].line = lineno;
		}
	}
	fclose(f);
	return t;
}

static void free_tables(struct table *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i].rows);
	free(t);
}

static const struct table *find(const struct table *t, size_t n, const char *section,
				const char *header)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].section, section) && !strcmp(t[i].header, header))
			return &t[i];
	ck_abort_msg("%s: no table \"%s\" under \"## %s\"", DOC, header, section);
	return NULL;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

START_TEST(register_table)
{
	const struct bl_arch *a = bl_arch_at((size_t)_i);
	size_t n;
	struct table *t = read_tables(&n);
	const struct table *regs = find(t, n, a->name, "| register | alias | offset | size | holds |");

	ck_assert_msg(regs->cnt == a->reg_cnt, "%s: %s has %zu registers, arch/%s.c %zu", DOC,
		      a->name, regs->cnt, a->name, a->reg_cnt);
	for (size_t i = 0; i < a->reg_cnt; i++) {
		const struct bl_arch_reg *r = &a->regs[i];
		const struct row *w = &regs->rows[i];
		char want[4][96], uses[96];

		snprintf(want[0], sizeof(want[0]), "%s", or_dash(r->alias));
		snprintf(want[1], sizeof(want[1]), "%u", r->offset);
		snprintf(want[2], sizeof(want[2]), "%u", r->size);
		snprintf(want[3], sizeof(want[3]), "%s", or_dash(bl_arch_reg_uses(a, r, uses, sizeof(uses))));
		ck_assert_msg(w->ncells == 5, "%s:%d: %d cells", DOC, w->line, w->ncells);
		ck_assert_msg(!strcmp(w->cell[0], r->name), "%s:%d: register %s, arch/%s.c has %s", DOC,
			      w->line, w->cell[0], a->name, r->name);
		for (int k = 0; k < 4; k++)
			ck_assert_msg(!strcmp(w->cell[k + 1], want[k]), "%s:%d: %s: \"%s\", the table says \"%s\"",
				      DOC, w->line, r->name, w->cell[k + 1], want[k]);
	}
	free_tables(t, n);
}
END_TEST

START_TEST(argument_table)
{
	const struct bl_arch *a = bl_arch_at((size_t)_i);
	size_t n, want_rows;
	struct table *t = read_tables(&n);
	const struct table *args = find(t, n, a->name, "| argument | function call | system call |");

	want_rows = a->call_arg_cnt > a->syscall_arg_cnt ? a->call_arg_cnt : a->syscall_arg_cnt;
	ck_assert_msg(args->cnt == want_rows, "%s: %s: %zu argument rows, expected %zu", DOC, a->name,
		      args->cnt, want_rows);
	for (unsigned i = 1; i <= want_rows; i++) {
		const struct row *w = &args->rows[i - 1];
		const struct bl_arch_reg *c = bl_arch_call_arg(a, i), *s = bl_arch_syscall_arg(a, i);
		char num[16];

		snprintf(num, sizeof(num), "%u", i);
		ck_assert_msg(w->ncells == 3 && !strcmp(w->cell[0], num), "%s:%d: not the row of argument %u",
			      DOC, w->line, i);
		ck_assert_msg(!strcmp(w->cell[1], or_dash(c ? c->name : NULL)),
			      "%s:%d: function call argument %u: \"%s\", the table says %s", DOC, w->line, i,
			      w->cell[1], or_dash(c ? c->name : NULL));
		ck_assert_msg(!strcmp(w->cell[2], or_dash(s ? s->name : NULL)),
			      "%s:%d: system call argument %u: \"%s\", the table says %s", DOC, w->line, i,
			      w->cell[2], or_dash(s ? s->name : NULL));
	}
	free_tables(t, n);
}
END_TEST

START_TEST(syscall_table)
{
	size_t n;
	struct table *t = read_tables(&n);
	const struct table *nrs = find(t, n, "System call numbers",
					 "| call | x86_64 | arm64 | arm |");
	static const char *const cols[] = { NULL, "x86_64", "arm64", "arm" };

	ck_assert_uint_ge(nrs->cnt, 3);
	for (size_t i = 0; i < nrs->cnt; i++) {
		const struct row *w = &nrs->rows[i];

		ck_assert_msg(w->ncells == 4, "%s:%d: %d cells", DOC, w->line, w->ncells);
		for (int k = 1; k <= 3; k++) {
			const struct bl_arch *a = bl_arch_find(cols[k]);
			int nr = bl_arch_syscall_nr(a, w->cell[0]);

			ck_assert_msg(nr == atoi(w->cell[k]), "%s:%d: %s is %s on %s, the table says %d", DOC,
				      w->line, w->cell[0], w->cell[k], a->name, nr);
		}
	}
	free_tables(t, n);
}
END_TEST

TCase *tcase_arch_docs(void)
{
	TCase *tc = tcase_create("docs");
	size_t arches = 0;

	while (bl_arch_at(arches))
		arches++;
	tcase_add_loop_test(tc, register_table, 0, (int)arches);
	tcase_add_loop_test(tc, argument_table, 0, (int)arches);
	tcase_add_test(tc, syscall_table);
	return tc;
}
