/* tests/unit/test_section_docs.c — docs/section-names.md documents the
 * table of elf/section_def.c, one row per entry, in the same order.
 *
 * The page ($BL_SRC_DIR/docs/section-names.md, BL_SRC_DIR defaulting to
 * ".") holds one markdown table with the header
 *   | section | program type | expected attach type | attached by bpfload run as |
 * Row i must describe bl_section_defs()[i]:
 *   section      the name as users write it; it stands for a libbpf pattern:
 *                  `x`           -> "x"   (no placeholder)
 *                  `x[/TARGET]`  -> "x+"  (optional target)
 *                  `x/TARGET`    -> "x/"  (required target)
 *                where TARGET is a placeholder in capitals (FUNCTION[+OFFSET],
 *                CATEGORY/NAME, PATH:FUNCTION, ...) and x is written literally
 *                in lower case;
 *   program type "BPF_PROG_TYPE_" + the upper-cased bl_prog_type_name()
 *                (bpftool's names are the constants' lower-case suffixes);
 *   expected     the BPF_* constant of expected_attach_type, or "-";
 *   attached as  bl_attach_kind_name(def->attach).
 * Adding, removing or reordering an entry of the C table without the page
 * (or the other way round) fails here.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define DOC "docs/section-names.md"
#define HEADER "| section | program type | expected attach type | attached by bpfload run as |"
#define NCOLS 4

/* enum bpf_attach_type by name: <linux/bpf.h> offers no such table and
 * elf/names.c has none. Stringified, so a name cannot disagree with its
 * value; an expected_attach_type missing here fails with a message. */
#define A(c) [c] = #c
static const char *const attach_type_names[] = {
	A(BPF_CGROUP_INET_INGRESS), A(BPF_CGROUP_INET_EGRESS), A(BPF_CGROUP_INET_SOCK_CREATE),
	A(BPF_CGROUP_SOCK_OPS), A(BPF_SK_SKB_STREAM_PARSER), A(BPF_SK_SKB_STREAM_VERDICT),
	A(BPF_CGROUP_DEVICE), A(BPF_SK_MSG_VERDICT), A(BPF_CGROUP_INET4_BIND),
	A(BPF_CGROUP_INET6_BIND), A(BPF_CGROUP_INET4_CONNECT), A(BPF_CGROUP_INET6_CONNECT),
	A(BPF_CGROUP_INET4_POST_BIND), A(BPF_CGROUP_INET6_POST_BIND), A(BPF_CGROUP_UDP4_SENDMSG),
	A(BPF_CGROUP_UDP6_SENDMSG), A(BPF_LIRC_MODE2), A(BPF_FLOW_DISSECTOR),
	A(BPF_CGROUP_SYSCTL), A(BPF_CGROUP_UDP4_RECVMSG), A(BPF_CGROUP_UDP6_RECVMSG),
	A(BPF_CGROUP_GETSOCKOPT), A(BPF_CGROUP_SETSOCKOPT), A(BPF_TRACE_RAW_TP),
	A(BPF_TRACE_FENTRY), A(BPF_TRACE_FEXIT), A(BPF_MODIFY_RETURN),
	A(BPF_LSM_MAC), A(BPF_TRACE_ITER), A(BPF_CGROUP_INET4_GETPEERNAME),
	A(BPF_CGROUP_INET6_GETPEERNAME), A(BPF_CGROUP_INET4_GETSOCKNAME),
	A(BPF_CGROUP_INET6_GETSOCKNAME), A(BPF_XDP_DEVMAP), A(BPF_CGROUP_INET_SOCK_RELEASE),
	A(BPF_XDP_CPUMAP), A(BPF_SK_LOOKUP), A(BPF_XDP),
	A(BPF_SK_SKB_VERDICT), A(BPF_SK_REUSEPORT_SELECT), A(BPF_SK_REUSEPORT_SELECT_OR_MIGRATE),
	A(BPF_PERF_EVENT), A(BPF_TRACE_KPROBE_MULTI), A(BPF_LSM_CGROUP),
	/* newer than the system's header: its value (elf/section_def.h) */
	[BL_BPF_TRACE_UPROBE_MULTI] = "BPF_TRACE_UPROBE_MULTI",
};
#undef A

static const char *attach_type_name(enum bpf_attach_type t)
{
	size_t n = sizeof(attach_type_names) / sizeof(attach_type_names[0]);

	return (unsigned)t < n ? attach_type_names[t] : NULL;
}

/* "BPF_PROG_TYPE_" + upper-cased bpftool name, into buf. */
static const char *prog_type_constant(enum bpf_prog_type t, char *buf, size_t size)
{
	const char *name = bl_prog_type_name(t);
	size_t k = (size_t)snprintf(buf, size, "BPF_PROG_TYPE_");

	for (; *name && k + 1 < size; name++)
		buf[k++] = (char)toupper((unsigned char)*name);
	buf[k] = '\0';
	return buf;
}

static bool placeholder_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("_/:+.[]", c);
}

/* The libbpf pattern a section cell stands for (see the top comment), into
 * out; NULL if the cell is not of one of the three forms. */
static const char *doc_pattern(const char *cell, char *out, size_t size)
{
	const char *ph = strstr(cell, "[/");
	char suffix = '\0';
	size_t base;

	if (ph) {
		suffix = '+';
		if (cell[strlen(cell) - 1] != ']')
			return NULL;
	} else {
		for (ph = strchr(cell, '/'); ph && !(ph[1] >= 'A' && ph[1] <= 'Z');
		     ph = strchr(ph + 1, '/'))
			;
		if (ph)
			suffix = '/';
	}
	base = ph ? (size_t)(ph - cell) : strlen(cell);
	if (base == 0 || base + 2 > size)
		return NULL;
	for (size_t i = 0; i < base; i++)
		if (isupper((unsigned char)cell[i]) || strchr("[] \t", cell[i]))
			return NULL;
	if (ph) {
		int depth = 0;
		bool has_word = false;

		for (const char *c = ph; *c; c++) {
			if (!placeholder_char(*c))
				return NULL;
			has_word |= *c >= 'A' && *c <= 'Z';
			depth += *c == '[' ? 1 : *c == ']' ? -1 : 0;
			if (depth < 0)
				return NULL;
		}
		if (depth != 0 || !has_word)
			return NULL;
	}
	memcpy(out, cell, base);
	out[base] = suffix;
	out[base + (suffix != '\0')] = '\0';
	return out;
}

struct doc_row {
	int line;
	char cell[NCOLS][128];
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

/* Splits "| a | b | c | d |" into row->cell; false if it is not 4 cells
 * (or a cell is too long). */
static bool split_row(char *line, struct doc_row *row)
{
	char *p = line + 1, *bar;
	int k = 0;

	while ((bar = strchr(p, '|')) != NULL) {
		if (k == NCOLS)
			return false;
		*bar = '\0';
		if (strlen(p) >= sizeof(row->cell[k]))
			return false;
		strcpy(row->cell[k], p);
		trim(row->cell[k]);
		k++;
		p = bar + 1;
	}
	trim(p);
	return k == NCOLS && *p == '\0';
}

static bool is_separator(const char *line)
{
	int bars = 0;

	for (const char *c = line; *c; c++) {
		if (*c == '|')
			bars++;
		else if (!strchr("-: \t\r\n", *c))
			return false;
	}
	return bars == NCOLS + 1;
}

/* Reads the one table of the page. Returns the rows (malloc'd), *n set. */
static struct doc_row *read_doc_table(size_t *n)
{
	const char *dir = getenv("BL_SRC_DIR");
	char path[4096], line[1024], copy[1024];
	struct doc_row *rows = NULL;
	size_t cap = 0;
	int lineno = 0, state = 0; /* 0 before the header, 1 separator next, 2 rows, 3 after */
	FILE *f;

	if (!dir || !*dir)
		dir = ".";
	snprintf(path, sizeof(path), "%s/%s", dir, DOC);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s (set BL_SRC_DIR to the source tree)", path);
	*n = 0;
	while (fgets(line, sizeof(line), f)) {
		bool bar;

		lineno++;
		ck_assert_msg(strchr(line, '\n') || feof(f), "%s:%d: line too long", path, lineno);
		line[strcspn(line, "\r\n")] = '\0';
		bar = line[0] == '|';
		if (state == 0) {
			if (strcmp(line, HEADER) == 0)
				state = 1;
			else
				ck_assert_msg(!bar, "%s:%d: a table before the section table "
					      "(the page has one table, with the header \"%s\")",
					      path, lineno, HEADER);
		} else if (state == 1) {
			ck_assert_msg(is_separator(line), "%s:%d: want the |---|---|---|---| line after the header",
				      path, lineno);
			state = 2;
		} else if (state == 2 && bar) {
			if (*n == cap) {
				cap = cap ? 2 * cap : 128;
				rows = realloc(rows, cap * sizeof(*rows));
				ck_assert_ptr_nonnull(rows);
			}
			rows[*n].line = lineno;
			snprintf(copy, sizeof(copy), "%s", line);
			ck_assert_msg(split_row(line, &rows[*n]),
				      "%s:%d: a row of the table must have %d cells: %s", path, lineno,
				      NCOLS, copy);
			(*n)++;
		} else {
			state = 3;
			ck_assert_msg(!bar, "%s:%d: a table line after the end of the section table "
				      "(no blank line inside the table; one table only)", path, lineno);
		}
	}
	fclose(f);
	ck_assert_msg(state >= 2, "%s: no table with the header \"%s\"", path, HEADER);
	return rows;
}

START_TEST(doc_pattern_forms)
{
	static const char *const cases[][2] = {
		{ "socket", "socket" },
		{ "sk_skb/stream_parser", "sk_skb/stream_parser" },
		{ "xdp.frags/devmap", "xdp.frags/devmap" },
		{ "kprobe[/FUNCTION[+OFFSET]]", "kprobe+" },
		{ "tracepoint[/CATEGORY/NAME]", "tracepoint+" },
		{ "uprobe.s[/PATH:FUNCTION[+OFFSET]]", "uprobe.s+" },
		{ "sk_skb/TARGET", "sk_skb/" },
		{ "cgroup/PATH:HOOK", "cgroup/" },
		/* not of the three forms */
		{ "kprobe[/function]", NULL },	 /* placeholder not in capitals */
		{ "kprobe[/FUNCTION", NULL },	 /* unbalanced */
		{ "kprobe[/FUNCTION]x", NULL },	 /* text after the optional part */
		{ "Kprobe", NULL },		 /* capitals in the literal part */
		{ "[/FUNCTION]", NULL },	 /* no name */
		{ "kprobe[/]", NULL },		 /* no placeholder */
		{ "kprobe FUNCTION", NULL },
	};
	char out[128];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = doc_pattern(cases[i][0], out, sizeof(out));

		if (cases[i][1])
			ck_assert_msg(got && strcmp(got, cases[i][1]) == 0, "`%s` -> %s, want \"%s\"",
				      cases[i][0], got ? got : "NULL", cases[i][1]);
		else
			ck_assert_msg(got == NULL, "`%s` -> \"%s\", want no pattern", cases[i][0], got);
	}
}
END_TEST

START_TEST(docs_match_section_defs)
{
	size_t n = 0, nrows = 0;
	const struct bl_section_def *defs = bl_section_defs(&n);
	struct doc_row *rows = read_doc_table(&nrows);
	char pat[128], type[64];

	for (size_t i = 0; i < n && i < nrows; i++) {
		const struct bl_section_def *d = &defs[i];
		const struct doc_row *r = &rows[i];
		const char *p = doc_pattern(r->cell[0], pat, sizeof(pat));
		const char *want_exp;

		ck_assert_msg(p != NULL, DOC ":%d: section `%s` is none of `x`, `x[/TARGET]`, `x/TARGET`",
			      r->line, r->cell[0]);
		ck_assert_msg(strcmp(p, d->pattern) == 0,
			      DOC ":%d: row %zu is `%s` (pattern \"%s\"), but entry %zu of elf/section_def.c "
			      "is \"%s\": the page must list the table's entries in order",
			      r->line, i + 1, r->cell[0], p, i, d->pattern);
		ck_assert_msg(strcmp(bl_prog_type_name(d->prog_type), "unknown") != 0,
			      "%s: prog_type %d has no name", d->pattern, d->prog_type);
		prog_type_constant(d->prog_type, type, sizeof(type));
		ck_assert_msg(strcmp(r->cell[1], type) == 0, DOC ":%d: `%s`: program type %s, want %s",
			      r->line, r->cell[0], r->cell[1], type);
		if (d->has_expected) {
			want_exp = attach_type_name(d->expected_attach_type);
			ck_assert_msg(want_exp != NULL,
				      "%s: expected_attach_type %d has no name in tests/unit/test_section_docs.c",
				      d->pattern, d->expected_attach_type);
		} else {
			want_exp = "-";
		}
		ck_assert_msg(strcmp(r->cell[2], want_exp) == 0,
			      DOC ":%d: `%s`: expected attach type %s, want %s", r->line, r->cell[0],
			      r->cell[2], want_exp);
		ck_assert_msg(strcmp(r->cell[3], bl_attach_kind_name(d->attach)) == 0,
			      DOC ":%d: `%s`: attached as %s, want %s", r->line, r->cell[0], r->cell[3],
			      bl_attach_kind_name(d->attach));
	}
	ck_assert_msg(nrows >= n, "entry %zu of elf/section_def.c, \"%s\", has no row in " DOC
		      " (the table has %zu rows for %zu entries)", nrows, defs[nrows < n ? nrows : 0].pattern,
		      nrows, n);
	ck_assert_msg(nrows <= n, DOC ":%d: row `%s` has no entry in elf/section_def.c "
		      "(%zu rows for %zu entries)", rows[n < nrows ? n : 0].line,
		      rows[n < nrows ? n : 0].cell[0], nrows, n);
	free(rows);
}
END_TEST

TCase *tcase_section_docs(void)
{
	TCase *tc = tcase_create("docs");

	tcase_add_test(tc, doc_pattern_forms);
	tcase_add_test(tc, docs_match_section_defs);
	return tc;
}
