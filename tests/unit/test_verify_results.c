/* tests/unit/test_verify_results.c — the file of `bpfload verify --save`
 * (loader/verifier/verify_results.c): CSV fields quoted and read back, a
 * round trip in both formats, and malformed files refused with their line;
 * and the hot lines of a log (loader/verifier/hot_lines.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/verifier/hot_lines.h"
#include "loader/verifier/verify_results.h"
#include "unit.h"

/* What bl_csv_field writes for s. */
static char *csv_of(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	bl_csv_field(f, s);
	fclose(f);
	return buf;
}

START_TEST(csv_quoting)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "plain", "plain" },
		{ "", "" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "two\nlines", "\"two\nlines\"" },
		{ "cr\r", "\"cr\r\"" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = csv_of(cases[i].in);

		ck_assert_str_eq(s, cases[i].out);
		free(s);
	}
}
END_TEST

START_TEST(csv_records)
{
	const char *text = "a,\"b,c\",\"d \"\"q\"\"\",,\"multi\nline\"\r\nnext\n";
	const char *pos = text;
	char *f[8], err[128];
	unsigned line = 1;
	size_t n;

	ck_assert_int_eq(bl_csv_record(&pos, f, 8, &n, &line, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(f[0], "a");
	ck_assert_str_eq(f[1], "b,c");
	ck_assert_str_eq(f[2], "d \"q\"");
	ck_assert_str_eq(f[3], "");
	ck_assert_str_eq(f[4], "multi\nline");
	ck_assert_uint_eq(line, 3);
	for (size_t i = 0; i < n; i++)
		free(f[i]);
	ck_assert_int_eq(bl_csv_record(&pos, f, 8, &n, &line, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(f[0], "next");
	free(f[0]);
	ck_assert_int_eq(bl_csv_record(&pos, f, 8, &n, &line, err, sizeof(err)), 1);
}
END_TEST

static const struct bl_vresult sample = {
	"6.1.0-28-amd64", "build/bpf-progs/x, \"odd\".bpf.o", "prog", "tracepoint/a/b", "rejected",
	"EACCES", "null-deref", 9, 7, 0, 0, 0, 0, 65, 8, -1,
};

static void check_sample(const struct bl_vresult *r)
{
	ck_assert_str_eq(r->kernel, sample.kernel);
	ck_assert_str_eq(r->object, sample.object);
	ck_assert_str_eq(r->program, "prog");
	ck_assert_str_eq(r->verdict, "rejected");
	ck_assert_str_eq(r->err, "EACCES");
	ck_assert_str_eq(r->cls, "null-deref");
	ck_assert_int_eq(r->insns, 9);
	ck_assert_int_eq(r->processed, 7);
	ck_assert_int_eq(r->duration_us, 65);
	ck_assert_int_eq(r->verified_insns, -1);
}

static void round_trip(bool json)
{
	struct bl_vresults rs = { 0 }, back = { 0 };
	char *buf = NULL, err[128] = "";
	size_t len = 0;
	FILE *f;

	ck_assert_int_eq(bl_vresults_add(&rs, &sample), 0);
	ck_assert_int_eq(bl_vresults_add(&rs, &sample), 0);
	f = open_memstream(&buf, &len);
	if (json)
		bl_vresults_write_json(f, &rs);
	else
		bl_vresults_write_csv(f, &rs);
	fclose(f);
	ck_assert_msg(bl_vresults_parse(buf, &back, err, sizeof(err)) == 0, "%s: %s", err, buf);
	ck_assert_uint_eq(back.cnt, 2);
	check_sample(&back.v[0]);
	check_sample(&back.v[1]);
	bl_vresults_free(&rs);
	bl_vresults_free(&back);
	free(buf);
}

START_TEST(round_trip_csv)
{
	round_trip(false);
}
END_TEST

START_TEST(round_trip_json)
{
	round_trip(true);
}
END_TEST

/* Columns in another order, one unknown, a blank line. */
START_TEST(csv_columns_by_name)
{
	const char *text = "program,future,object,verdict,processed\n\np1,x,o.bpf.o,accepted,12\n";
	struct bl_vresults rs = { 0 };
	char err[128] = "";

	ck_assert_msg(bl_vresults_parse(text, &rs, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(rs.cnt, 1);
	ck_assert_str_eq(rs.v[0].program, "p1");
	ck_assert_str_eq(rs.v[0].object, "o.bpf.o");
	ck_assert_int_eq(rs.v[0].processed, 12);
	ck_assert_int_eq(rs.v[0].states, -1);
	ck_assert_str_eq(rs.v[0].kernel, "");
	bl_vresults_free(&rs);
}
END_TEST

START_TEST(malformed)
{
	static const struct { const char *text, *err; } cases[] = {
		{ "", "line 1: empty: no header row" },
		{ "a,b\n1,2\n", "line 1: not the header row" },
		{ "object,program,verdict\no,p,accepted\no,p\n", "line 3: 2 fields where the header has 3" },
		{ "object,program,verdict\no,\"p,accepted\n", "line 2: a quoted field is never closed" },
		{ "object,program,verdict\no,p\"q,accepted\n", "line 2: a double quote inside a field" },
		{ "object,program,verdict\no,\"p\"x,accepted\n", "line 2: 'x' after a quoted field" },
		{ "object,program,verdict,processed\no,p,accepted,many\n",
		  "line 2: processed: 'many' is not a count" },
		{ "object,program,verdict\no,,accepted\n", "line 2: no program" },
		{ "{\"type\":\"verify_result\",\"object\":\"o\",\"program\":\"p\",\"verdict\":\"accepted\"}\n"
		  "{\"type\":\"verify_result\",\"object\":\"o\",\"program\":\"p\",\"verdict\":\"accepted\"\n",
		  "line 2: ',' or '}' expected" },
		{ "{\"type\":\"program\",\"object\":\"o\",\"program\":\"p\",\"verdict\":\"accepted\"}\n",
		  "line 1: not a \"verify_result\" object" },
		{ "{\"type\":\"verify_result\",\"object\":\"o\",\"program\":\"p\",\"verdict\":\"accepted\",\"states\":[1]}\n",
		  "line 1: \"states\": a string, a number or null expected" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct bl_vresults rs = { 0 };
		char err[256] = "";

		ck_assert_int_eq(bl_vresults_parse(cases[i].text, &rs, err, sizeof(err)), -EINVAL);
		ck_assert_msg(!strncmp(err, cases[i].err, strlen(cases[i].err)), "case %zu: '%s'", i, err);
		bl_vresults_free(&rs);
	}
}
END_TEST

/* Instructions 0-2 from line 10, 3-4 from line 11 (3 with line 0: it
 * goes with the record before it), 5 from line 10 again. */
START_TEST(hot_lines)
{
	const struct bl_src_line lines[] = {
		{ 0, 10, 0, "x.c", "a = 1;" },
		{ 3, 0, 0, "x.c", "" },
		{ 4, 11, 0, "x.c", "loop();" },
		{ 5, 10, 0, "x.c", "a = 1;" },
	};
	const char *log =
		"0: R1=ctx() R10=fp0\n"
		"0: (b7) r0 = 0                        ; R0=0\n"
		"; a = 1; @ x.c:10\n"
		"3: (07) r1 += 1\n"
		"4: (07) r1 += 1\n"
		"4: (07) r1 += 1\n"
		"from 4 to 3: R1=2\n"
		"3: (07) r1 += 1\n"
		"5: (95) exit\n"
		"processed 6 insns (limit 1000000)\n";
	struct bl_hot_lines h;

	ck_assert_int_eq(bl_hot_lines(log, lines, 4, 5, &h), 0);
	ck_assert_uint_eq(h.walked, 6);
	ck_assert_uint_eq(h.no_line, 0);
	ck_assert_uint_eq(h.cnt, 2);
	ck_assert_uint_eq(h.top[0].line, 10); /* 0, 3, 3, 5 */
	ck_assert_uint_eq(h.top[0].count, 4);
	ck_assert_uint_eq(h.top[1].line, 11);
	ck_assert_uint_eq(h.top[1].count, 2);
	ck_assert_str_eq(h.top[1].text, "loop();");
	bl_hot_lines_free(&h);
	ck_assert_int_eq(bl_hot_lines(log, lines, 4, 1, &h), 0);
	ck_assert_uint_eq(h.cnt, 1);
	bl_hot_lines_free(&h);
}
END_TEST

Suite *suite_verify_results(void)
{
	Suite *s = suite_create("verify_results");
	TCase *tc = tcase_create("verify_results");

	tcase_add_test(tc, csv_quoting);
	tcase_add_test(tc, csv_records);
	tcase_add_test(tc, round_trip_csv);
	tcase_add_test(tc, round_trip_json);
	tcase_add_test(tc, csv_columns_by_name);
	tcase_add_test(tc, malformed);
	tcase_add_test(tc, hot_lines);
	suite_add_tcase(s, tc);
	return s;
}
