/* loader/verifier/verify_results.c — the file of `bpfload verify --save`
 * (see verify_results.h): CSV as RFC 4180 defines it
 * (https://www.rfc-editor.org/rfc/rfc4180), or JSON Lines
 * (https://jsonlines.org) of flat objects, written and read back.
 */
#include "verify_results.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The columns, in the order they are written. */
struct column {
	const char *name;
	size_t off;
	bool num;
};

#define STR(f) { #f, offsetof(struct bl_vresult, f), false }
#define NUM(f) { #f, offsetof(struct bl_vresult, f), true }
static const struct column columns[] = {
	STR(kernel), STR(object), STR(program), STR(section), STR(verdict),
	{ "errno", offsetof(struct bl_vresult, err), false },
	{ "class", offsetof(struct bl_vresult, cls), false },
	NUM(insns), NUM(processed), NUM(states), NUM(peak_states), NUM(max_states_per_insn),
	NUM(mark_read), NUM(duration_us), NUM(stack_depth), NUM(verified_insns),
};
#define NCOL (sizeof(columns) / sizeof(columns[0]))
#define MAX_FIELDS 64 /* of a row read: more columns than bpfload writes */

static char **str_at(struct bl_vresult *r, const struct column *c)
{
	return (char **)((char *)r + c->off);
}

static long *num_at(struct bl_vresult *r, const struct column *c)
{
	return (long *)((char *)r + c->off);
}

static void reset(struct bl_vresult *r)
{
	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i < NCOL; i++)
		if (columns[i].num)
			*num_at(r, &columns[i]) = -1;
}

static void clear(struct bl_vresult *r)
{
	for (size_t i = 0; i < NCOL; i++)
		if (!columns[i].num)
			free(*str_at(r, &columns[i]));
	reset(r);
}

int bl_vresults_add(struct bl_vresults *rs, const struct bl_vresult *r)
{
	struct bl_vresult *n;

	if (rs->cnt == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 16;

		n = realloc(rs->v, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		rs->v = n;
		rs->cap = cap;
	}
	n = &rs->v[rs->cnt];
	*n = *r;
	for (size_t i = 0; i < NCOL; i++) {
		const char *s;

		if (columns[i].num)
			continue;
		s = *str_at((struct bl_vresult *)r, &columns[i]);
		*str_at(n, &columns[i]) = strdup(s ? s : "");
	}
	for (size_t i = 0; i < NCOL; i++)
		if (!columns[i].num && !*str_at(n, &columns[i])) {
			clear(n);
			return -ENOMEM;
		}
	rs->cnt++;
	return 0;
}

void bl_vresults_free(struct bl_vresults *rs)
{
	for (size_t i = 0; i < rs->cnt; i++)
		clear(&rs->v[i]);
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
}

/* ------------------------------------------------------------- writing */

void bl_csv_field(FILE *f, const char *s)
{
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void bl_vresults_write_csv(FILE *f, const struct bl_vresults *rs)
{
	for (size_t i = 0; i < NCOL; i++)
		fprintf(f, "%s%s", i ? "," : "", columns[i].name);
	fputc('\n', f);
	for (size_t r = 0; r < rs->cnt; r++) {
		struct bl_vresult *v = &rs->v[r];

		for (size_t i = 0; i < NCOL; i++) {
			if (i)
				fputc(',', f);
			if (!columns[i].num)
				bl_csv_field(f, *str_at(v, &columns[i]));
			else if (*num_at(v, &columns[i]) >= 0)
				fprintf(f, "%ld", *num_at(v, &columns[i]));
		}
		fputc('\n', f);
	}
}

/* A JSON string (RFC 8259): quotes, backslashes and control characters
 * escaped; other bytes as they are. */
static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", f);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

void bl_vresults_write_json(FILE *f, const struct bl_vresults *rs)
{
	for (size_t r = 0; r < rs->cnt; r++) {
		struct bl_vresult *v = &rs->v[r];

		fputs("{\"type\":\"verify_result\"", f);
		for (size_t i = 0; i < NCOL; i++) {
			fprintf(f, ",\"%s\":", columns[i].name);
			if (!columns[i].num)
				json_str(f, *str_at(v, &columns[i]));
			else if (*num_at(v, &columns[i]) >= 0)
				fprintf(f, "%ld", *num_at(v, &columns[i]));
			else
				fputs("null", f);
		}
		fputs("}\n", f);
	}
}

int bl_vresults_json_name(const char *path)
{
	size_t n = strlen(path);

	return (n >= 5 && !strcmp(path + n - 5, ".json")) ||
	       (n >= 6 && !strcmp(path + n - 6, ".jsonl"));
}

/* ------------------------------------------------------------- reading */

static int fail(char *err, size_t len, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, len, "line %u: ", line);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < len)
		vsnprintf(err + n, len - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* A growing string. */
struct sbuf {
	char *s;
	size_t len, cap;
};

static int sput(struct sbuf *b, char ch)
{
	if (b->len + 2 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 32;
		char *p = realloc(b->s, cap);

		if (!p)
			return -ENOMEM;
		b->s = p;
		b->cap = cap;
	}
	b->s[b->len++] = ch;
	b->s[b->len] = '\0';
	return 0;
}

static void free_fields(char **fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(fields[i]);
}

int bl_csv_record(const char **pos, char **fields, size_t max, size_t *n, unsigned *line,
		  char *err, size_t errlen)
{
	const char *s = *pos;
	unsigned start = *line;

	*n = 0;
	if (!*s)
		return 1;
	for (;;) {
		struct sbuf b = { NULL, 0, 0 };
		int ret = sput(&b, 'x'); /* a field is never NULL */

		b.len = 0;
		b.s[0] = '\0';
		if (!ret && *s == '"') {
			for (s++;; s++) {
				if (!*s) {
					free(b.s);
					free_fields(fields, *n);
					return fail(err, errlen, start, "a quoted field is never closed");
				}
				if (*s == '"' && s[1] != '"')
					break;
				if (*s == '"')
					s++;
				if (*s == '\n')
					(*line)++;
				if ((ret = sput(&b, *s)))
					break;
			}
			if (!ret)
				s++;
			if (!ret && *s && *s != ',' && *s != '\n' && !(*s == '\r' && s[1] == '\n')) {
				free(b.s);
				free_fields(fields, *n);
				return fail(err, errlen, *line, "'%c' after a quoted field's closing quote",
					    *s);
			}
		} else {
			for (; !ret && *s && *s != ',' && *s != '\n' && !(*s == '\r' && s[1] == '\n'); s++) {
				if (*s == '"') {
					free(b.s);
					free_fields(fields, *n);
					return fail(err, errlen, *line,
						    "a double quote inside a field not quoted");
				}
				ret = sput(&b, *s);
			}
		}
		if (ret || *n == max) {
			free(b.s);
			free_fields(fields, *n);
			return ret ? ret : fail(err, errlen, start, "more than %zu fields", max);
		}
		fields[(*n)++] = b.s;
		if (*s == ',') {
			s++;
			continue;
		}
		if (*s == '\r')
			s++;
		if (*s == '\n') {
			s++;
			(*line)++;
		}
		*pos = s;
		return 0;
	}
}

/* value (a field's text, or a JSON string or number) into column c of r. */
static int set_value(struct bl_vresult *r, const struct column *c, const char *value, bool null,
		     unsigned line, char *err, size_t errlen)
{
	char *end;
	long v;

	if (!c->num) {
		char *d = strdup(null ? "" : value);

		if (!d)
			return -ENOMEM;
		free(*str_at(r, c));
		*str_at(r, c) = d;
		return 0;
	}
	if (null || !*value) {
		*num_at(r, c) = -1;
		return 0;
	}
	errno = 0;
	v = strtol(value, &end, 10);
	if (*end || v < 0 || errno)
		return fail(err, errlen, line, "%s: '%.40s' is not a count", c->name, value);
	*num_at(r, c) = v;
	return 0;
}

static const struct column *column_named(const char *name)
{
	for (size_t i = 0; i < NCOL; i++)
		if (!strcmp(columns[i].name, name))
			return &columns[i];
	return NULL;
}

/* A row read must name its object, program and verdict. */
static int check_row(struct bl_vresult *r, unsigned line, char *err, size_t errlen)
{
	if (!r->object || !*r->object)
		return fail(err, errlen, line, "no object");
	if (!r->program || !*r->program)
		return fail(err, errlen, line, "no program");
	if (!r->verdict || !*r->verdict)
		return fail(err, errlen, line, "no verdict");
	return 0;
}

static int add_row(struct bl_vresults *rs, struct bl_vresult *r, unsigned line, char *err,
		   size_t errlen)
{
	int ret = check_row(r, line, err, errlen);

	if (!ret)
		ret = bl_vresults_add(rs, r);
	clear(r);
	return ret;
}

static int parse_csv(const char *s, struct bl_vresults *rs, char *err, size_t errlen)
{
	const struct column *cols[MAX_FIELDS];
	char *f[MAX_FIELDS];
	size_t ncols, n;
	unsigned line = 1, at;
	struct bl_vresult r;
	int ret;

	ret = bl_csv_record(&s, f, MAX_FIELDS, &ncols, &line, err, errlen);
	if (ret)
		return ret < 0 ? ret : fail(err, errlen, 1, "empty: no header row");
	bool named = false;

	for (size_t i = 0; i < ncols; i++) {
		cols[i] = column_named(f[i]);
		named |= cols[i] && !strcmp(cols[i]->name, "program");
	}
	free_fields(f, ncols);
	if (!named)
		return fail(err, errlen, 1,
			    "not the header row of a `bpfload verify --save` file (no column \"program\")");
	reset(&r);
	for (;;) {
		at = line;
		if (*s == '\n' || (*s == '\r' && s[1] == '\n')) { /* a blank line */
			s += *s == '\r' ? 2 : 1;
			line++;
			continue;
		}
		ret = bl_csv_record(&s, f, MAX_FIELDS, &n, &line, err, errlen);
		if (ret)
			return ret < 0 ? ret : 0;
		if (n != ncols) {
			free_fields(f, n);
			return fail(err, errlen, at, "%zu fields where the header has %zu", n, ncols);
		}
		for (size_t i = 0; i < n && !ret; i++)
			if (cols[i])
				ret = set_value(&r, cols[i], f[i], false, at, err, errlen);
		free_fields(f, n);
		if (!ret)
			ret = add_row(rs, &r, at, err, errlen);
		clear(&r);
		if (ret)
			return ret;
	}
}

/* ---------------------------------------------------------- JSON Lines */

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	return s;
}

static int hex4(const char *s, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/* A JSON string at *s (on its opening quote) into b; escapes \uXXXX of
 * code points below 0x80 only (what the writer makes). */
static int json_string(const char **s, struct sbuf *b, unsigned line, char *err, size_t errlen)
{
	const char *p = *s + 1;
	int ret = sput(b, 'x');

	b->len = 0;
	b->s[0] = '\0';
	for (; !ret && *p != '"'; p++) {
		char ch = *p;
		unsigned u;

		if (!*p || *p == '\n')
			return fail(err, errlen, line, "a string is never closed");
		if (ch == '\\') {
			switch (*++p) {
			case 'n': ch = '\n'; break;
			case 't': ch = '\t'; break;
			case 'r': ch = '\r'; break;
			case 'b': ch = '\b'; break;
			case 'f': ch = '\f'; break;
			case '"': case '\\': case '/': ch = *p; break;
			case 'u':
				if (hex4(p + 1, &u) || !u || u >= 0x80)
					return fail(err, errlen, line, "an escape \\u%.4s bpfload does not write",
						    p + 1);
				ch = (char)u;
				p += 4;
				break;
			default:
				return fail(err, errlen, line, "an unknown escape '\\%c'", *p ? *p : ' ');
			}
		}
		ret = sput(b, ch);
	}
	*s = p + 1;
	return ret;
}

/* One line of JSON Lines: a flat object. */
static int parse_json_line(const char *s, struct bl_vresult *r, unsigned line, char *err,
			   size_t errlen)
{
	struct sbuf key = { NULL, 0, 0 }, val = { NULL, 0, 0 };
	bool is_result = false;
	int ret = 0;

	s = skip_ws(s);
	if (*s++ != '{')
		return fail(err, errlen, line, "not a JSON object");
	s = skip_ws(s);
	while (!ret && *s != '}') {
		const struct column *c;
		bool null = false;

		if (*s != '"') {
			ret = fail(err, errlen, line, "a member name expected at '%.10s'", s);
			break;
		}
		if ((ret = json_string(&s, &key, line, err, errlen)))
			break;
		s = skip_ws(s);
		if (*s++ != ':') {
			ret = fail(err, errlen, line, "':' expected after \"%s\"", key.s);
			break;
		}
		s = skip_ws(s);
		if (*s == '"') {
			ret = json_string(&s, &val, line, err, errlen);
		} else if (!strncmp(s, "null", 4)) {
			null = true;
			s += 4;
		} else {
			size_t n = strspn(s, "-0123456789.eE+");

			if (!n) {
				ret = fail(err, errlen, line, "\"%s\": a string, a number or null expected",
					   key.s);
				break;
			}
			free(val.s);
			val.s = strndup(s, n);
			ret = val.s ? 0 : -ENOMEM;
			s += n;
		}
		if (ret)
			break;
		c = column_named(key.s);
		if (!strcmp(key.s, "type"))
			is_result = !null && !strcmp(val.s, "verify_result");
		else if (c)
			ret = set_value(r, c, val.s ? val.s : "", null, line, err, errlen);
		s = skip_ws(s);
		if (*s == ',')
			s = skip_ws(s + 1);
		else if (*s != '}')
			ret = ret ? ret : fail(err, errlen, line, "',' or '}' expected after \"%s\"", key.s);
	}
	free(key.s);
	free(val.s);
	if (!ret && *skip_ws(s + 1) && *skip_ws(s + 1) != '\n')
		ret = fail(err, errlen, line, "text after the object");
	if (!ret && !is_result)
		ret = fail(err, errlen, line, "not a \"verify_result\" object");
	return ret;
}

static int parse_json(const char *s, struct bl_vresults *rs, char *err, size_t errlen)
{
	struct bl_vresult r;
	unsigned line = 1;
	int ret = 0;

	reset(&r);
	for (; *s && !ret; line++) {
		const char *nl = strchr(s, '\n');

		if (*skip_ws(s) != '\n' && *skip_ws(s)) {
			ret = parse_json_line(s, &r, line, err, errlen);
			if (!ret)
				ret = add_row(rs, &r, line, err, errlen);
			clear(&r);
		}
		s = nl ? nl + 1 : s + strlen(s);
	}
	return ret;
}

int bl_vresults_parse(const char *text, struct bl_vresults *rs, char *err, size_t errlen)
{
	const char *s = text;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	if (*s == '{')
		return parse_json(text, rs, err, errlen);
	return parse_csv(text, rs, err, errlen);
}
