/* tests/unit/test_btf_value.c — elf/value/btf_value.c (bytes shown by a BTF
 * type: text, JSON, columns), elf/value/btf_hist.c (histogram value types) and
 * the record type of a buffer. On hand-built BTF (every kind, hostile
 * BTF: cycles, sizes past the buffer, deep nesting, huge arrays) and on
 * the BTF of real objects: test_btf.bpf.o's struct btf_kinds (one member
 * of each kind, filled here with known values through the same C
 * struct), exec_ringbuf's and open_perfbuf's struct event, and
 * latency_hist's struct hist.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_test.h"
#include "elf/value/btf_hist.h"
#include "elf/value/btf_value.h"
#include "unit.h"

/* --- helpers ---------------------------------------------------------- */

static struct bl_btf *parse(struct bb *b)
{
	size_t len;
	unsigned char *img = bb_image(b, &len);
	struct bl_btf *btf = ut_btf_ok(img, len, "value.o");

	free(img);
	return btf;
}

/* What the formatter wrote, into a static buffer; ret gets its result. */
static char out[8192];

static const char *fmt(const struct bl_btf *btf, uint32_t id, const void *data, size_t len,
		       enum bl_btf_form form, int *ret)
{
	FILE *f = (out[0] = 0, fmemopen(out, sizeof(out), "w"));

	ck_assert_ptr_nonnull(f);
	*ret = bl_btf_value_print(f, btf, id, data, len, form);
	fclose(f);
	return out;
}

static void expect(const struct bl_btf *btf, uint32_t id, const void *data, size_t len,
		   const char *text, const char *json)
{
	int ret;

	ck_assert_str_eq(fmt(btf, id, data, len, BL_BTF_TEXT, &ret), text);
	ck_assert_int_eq(ret, 0);
	ck_assert_str_eq(fmt(btf, id, data, len, BL_BTF_JSON, &ret), json);
	ck_assert_int_eq(ret, 0);
}

static void expect_fail(const struct bl_btf *btf, uint32_t id, const void *data, size_t len,
			int err)
{
	int ret;

	ck_assert_str_eq(fmt(btf, id, data, len, BL_BTF_TEXT, &ret), "");	/* nothing written */
	ck_assert_int_eq(ret, err);
	ck_assert_str_eq(fmt(btf, id, data, len, BL_BTF_JSON, &ret), "");
	ck_assert_int_eq(ret, err);
}

static const char *columns(const struct bl_btf *btf, uint32_t id, const void *data, size_t len)
{
	FILE *f = (out[0] = 0, fmemopen(out, sizeof(out), "w"));

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(bl_btf_value_header(f, btf, id), 0);
	ck_assert_int_eq(bl_btf_value_row(f, btf, id, data, len), 0);
	fclose(f);
	return out;
}

static uint32_t int_enc(struct bb *b, const char *name, uint32_t size, uint32_t enc)
{
	uint32_t id = bb_type(b, name, BTF_KIND_INT, 0, 0, size);

	bb_u32(b, enc << 24 | size * 8);
	return id;
}

/* --- scalars ---------------------------------------------------------- */

START_TEST(integers)
{
	struct bb b;
	struct bl_btf *btf;
	uint32_t u8, s8, u16, s16, u32, s32, u64, s64, bl, ch;
	unsigned char buf[8];

	bb_init(&b);
	u8 = cb_int(&b, "unsigned char", 1, false);
	s8 = cb_int(&b, "signed char", 1, true);
	u16 = cb_int(&b, "unsigned short", 2, false);
	s16 = cb_int(&b, "short", 2, true);
	u32 = cb_int(&b, "unsigned int", 4, false);
	s32 = cb_int(&b, "int", 4, true);
	u64 = cb_int(&b, "unsigned long", 8, false);
	s64 = cb_int(&b, "long", 8, true);
	bl = int_enc(&b, "_Bool", 1, BTF_INT_BOOL);
	ch = int_enc(&b, "char", 1, BTF_INT_CHAR);
	btf = parse(&b);

	memset(buf, 0xff, sizeof(buf));
	expect(btf, u8, buf, 1, "255", "255");
	expect(btf, s8, buf, 1, "-1", "-1");
	expect(btf, u16, buf, 2, "65535", "65535");
	expect(btf, s16, buf, 2, "-1", "-1");
	expect(btf, u32, buf, 4, "4294967295", "4294967295");
	expect(btf, s32, buf, 4, "-1", "-1");
	expect(btf, u64, buf, 8, "18446744073709551615", "18446744073709551615");
	expect(btf, s64, buf, 8, "-1", "-1");
	int64_t v = -1234567890123;
	memcpy(buf, &v, 8);
	expect(btf, s64, buf, 8, "-1234567890123", "-1234567890123");
	buf[0] = 1;
	expect(btf, bl, buf, 1, "true", "true");
	buf[0] = 0;
	expect(btf, bl, buf, 1, "false", "false");
	buf[0] = 'A';
	expect(btf, ch, buf, 1, "'A'", "65");	/* JSON: the number */
	buf[0] = 7;
	expect(btf, ch, buf, 1, "7", "7");
	/* the buffer is shorter than the type */
	expect_fail(btf, u64, buf, 7, -E2BIG);
	expect_fail(btf, 999, buf, 8, -ENOENT);
	expect_fail(btf, 0, buf, 8, -EINVAL);	/* void */
	bl_btf_free(btf);
}
END_TEST

START_TEST(enums_floats_pointers)
{
	struct bb b;
	struct bl_btf *btf;
	uint32_t e, se, e64, f32, f64, ptr, s32, i128;
	unsigned char buf[16];

	bb_init(&b);
	s32 = cb_int(&b, "int", 4, true);
	e = cb_enum(&b, "color", 4, 2, false);
	cb_enumval(&b, "RED", 0);
	cb_enumval(&b, "BIG", (int32_t)0xfffffff0u);
	se = cb_enum(&b, "delta", 1, 1, true);
	cb_enumval(&b, "MINUS_TWO", -2);
	e64 = cb_enum64(&b, "wide", 1);
	cb_enum64val(&b, "HUGE", 0x8000000000000001ull);
	f32 = bb_type(&b, "float", BTF_KIND_FLOAT, 0, 0, 4);
	f64 = bb_type(&b, "double", BTF_KIND_FLOAT, 0, 0, 8);
	ptr = cb_ptr(&b, s32);
	i128 = cb_int(&b, "unsigned __int128", 16, false);
	btf = parse(&b);

	memset(buf, 0, sizeof(buf));
	expect(btf, e, buf, 4, "RED", "\"RED\"");
	uint32_t x = 0xfffffff0u;
	memcpy(buf, &x, 4);
	expect(btf, e, buf, 4, "BIG", "\"BIG\"");	/* unsigned compare */
	x = 7;
	memcpy(buf, &x, 4);
	expect(btf, e, buf, 4, "7", "7");		/* no name: the value */
	buf[0] = 0xfe;
	expect(btf, se, buf, 1, "MINUS_TWO", "\"MINUS_TWO\"");
	buf[0] = 0xfd;
	expect(btf, se, buf, 1, "-3", "-3");
	uint64_t w = 0x8000000000000001ull;
	memcpy(buf, &w, 8);
	expect(btf, e64, buf, 8, "HUGE", "\"HUGE\"");
	float fl = 1.5f;
	memcpy(buf, &fl, 4);
	expect(btf, f32, buf, 4, "1.5", "1.5");
	double d = -0.25;
	memcpy(buf, &d, 8);
	expect(btf, f64, buf, 8, "-0.25", "-0.25");
	d = 1.0 / 0.0;
	memcpy(buf, &d, 8);
	expect(btf, f64, buf, 8, "inf", "null");	/* JSON has no infinity */
	w = 0xffff888012345678ull;
	memcpy(buf, &w, 8);
	expect(btf, ptr, buf, 8, "0xffff888012345678", "\"0xffff888012345678\"");
	memset(buf, 0, 16);
	buf[0] = 0x02;
	buf[15] = 0x01;
	expect(btf, i128, buf, 16, "0x01000000000000000000000000000002",
	       "\"0x01000000000000000000000000000002\"");
	bl_btf_free(btf);
}
END_TEST

/* --- strings and arrays ----------------------------------------------- */

START_TEST(strings_and_arrays)
{
	struct bb b;
	struct bl_btf *btf;
	uint32_t ch, u8, s32, str, bytes, ints, grid, row;
	unsigned char buf[64];

	bb_init(&b);
	ch = cb_int(&b, "char", 1, true);
	u8 = cb_int(&b, "unsigned char", 1, false);
	s32 = cb_int(&b, "int", 4, true);
	str = cb_array(&b, ch, s32, 8);
	bytes = cb_array(&b, u8, s32, 4);
	ints = cb_array(&b, s32, s32, 3);
	row = cb_array(&b, s32, s32, 2);
	grid = cb_array(&b, row, s32, 2);
	btf = parse(&b);

	memset(buf, 0, sizeof(buf));
	memcpy(buf, "a\"b\n\\", 5);
	expect(btf, str, buf, 8, "\"a\\\"b\\n\\\\\"", "\"a\\\"b\\n\\\\\"");
	memcpy(buf, "full8chr", 8);		/* no NUL: stops at the array's end */
	expect(btf, str, buf, 8, "\"full8chr\"", "\"full8chr\"");
	buf[0] = 0x01;
	buf[1] = 0xff;
	buf[2] = 0;
	expect(btf, str, buf, 8, "\"\\x01\\xff\"", "\"\\u0001\\u00ff\"");
	memcpy(buf, "\xc3\xa9t\xc3", 5);	/* UTF-8 kept, a cut sequence escaped */
	buf[5] = 0;
	expect(btf, str, buf, 8, "\"\xc3\xa9t\\xc3\"", "\"\xc3\xa9t\\u00c3\"");
	/* unsigned char: a string when printable, else numbers */
	memcpy(buf, "ok\0\0", 4);
	expect(btf, bytes, buf, 4, "\"ok\"", "\"ok\"");
	memcpy(buf, "\x7f\0\0\x01", 4);
	expect(btf, bytes, buf, 4, "[127, 0, 0, 1]", "[127,0,0,1]");
	int32_t v[4] = { 1, -2, 3, 4 };
	memcpy(buf, v, sizeof(v));
	expect(btf, ints, buf, 12, "[1, -2, 3]", "[1,-2,3]");
	expect(btf, grid, buf, 16, "[[1, -2], [3, 4]]", "[[1,-2],[3,4]]");
	expect_fail(btf, grid, buf, 15, -E2BIG);
	bl_btf_free(btf);
}
END_TEST

/* --- structs ---------------------------------------------------------- */

START_TEST(structs_unions_modifiers)
{
	struct bb b;
	struct bl_btf *btf;
	uint32_t s32, u32, ch, comm, inner, anon, outer, td, cst, vol, bits;
	unsigned char buf[32];

	bb_init(&b);
	s32 = cb_int(&b, "int", 4, true);
	u32 = cb_int(&b, "unsigned int", 4, false);
	ch = cb_int(&b, "char", 1, true);
	comm = cb_array(&b, ch, s32, 8);
	inner = cb_struct(&b, "inner", 8, 2);
	cb_member(&b, "x", s32, 0);
	cb_member(&b, "y", s32, 32);
	anon = cb_union(&b, "", 4, 2);		/* union { int i; unsigned u; } */
	cb_member(&b, "i", s32, 0);
	cb_member(&b, "u", u32, 0);
	td = bb_type(&b, "pid_t", BTF_KIND_TYPEDEF, 0, 0, s32);
	cst = bb_type(&b, "", BTF_KIND_CONST, 0, 0, td);
	vol = bb_type(&b, "", BTF_KIND_VOLATILE, 0, 0, cst);
	outer = cb_struct(&b, "outer", 24, 4);
	cb_member(&b, "pid", vol, 0);
	cb_member(&b, "in", inner, 32);
	cb_member(&b, "", anon, 96);
	cb_member(&b, "comm", comm, 128);
	bits = cb_struct_bits(&b, "flags", 4, 3);
	cb_bitfield(&b, "lo", u32, 0, 3);
	cb_bitfield(&b, "mid", s32, 3, 5);
	cb_bitfield(&b, "hi", u32, 8, 24);
	btf = parse(&b);

	memset(buf, 0, sizeof(buf));
	int32_t v[4] = { 42, 1, -1, -5 };
	memcpy(buf, v, sizeof(v));
	memcpy(buf + 16, "bash", 5);
	expect(btf, outer, buf, 24,
	       "{pid=42, in={x=1, y=-1}, i=-5, u=4294967291, comm=\"bash\"}",
	       "{\"pid\":42,\"in\":{\"x\":1,\"y\":-1},\"i\":-5,\"u\":4294967291,\"comm\":\"bash\"}");
	expect_fail(btf, outer, buf, 23, -E2BIG);
	/* lo = 5, mid = -3 (0b11101), hi = 0x123456 */
	uint32_t w = 5u | (0x1du << 3) | (0x123456u << 8);
	memcpy(buf, &w, 4);
	expect(btf, bits, buf, 4, "{lo=5, mid=-3, hi=1193046}",
	       "{\"lo\":5,\"mid\":-3,\"hi\":1193046}");
	/* columns: upper-case names, bcc's widths, the last one unpadded */
	memcpy(buf, v, sizeof(v));
	memcpy(buf + 16, "bash", 5);
	ck_assert_str_eq(columns(btf, outer, buf, 24),
			 "PID     IN I       U       COMM\n"
			 "42      {x=1, y=-1} -5      4294967291 bash\n");
	bl_btf_free(btf);
}
END_TEST

START_TEST(columns_long_and_odd)
{
	struct bb b;
	struct bl_btf *btf;
	uint32_t s32, ch, str, ev, u64;
	unsigned char buf[48];

	bb_init(&b);
	s32 = cb_int(&b, "int", 4, true);
	ch = cb_int(&b, "char", 1, true);
	u64 = cb_int(&b, "unsigned long long", 8, false);
	str = cb_array(&b, ch, s32, 32);
	ev = cb_struct(&b, "event", 40, 2);
	cb_member(&b, "path", str, 0);
	cb_member(&b, "n", u64, 256);
	btf = parse(&b);

	memset(buf, 0, sizeof(buf));
	strcpy((char *)buf, "/a/very/long/path/beyond16\nx");
	buf[32] = 9;
	/* the long string pushes the row; the newline stays escaped */
	ck_assert_str_eq(columns(btf, ev, buf, 40),
			 "PATH             N\n"
			 "/a/very/long/path/beyond16\\nx 9\n");
	/* a non-struct type: one column VALUE */
	ck_assert_str_eq(columns(btf, u64, buf + 32, 8), "VALUE\n9\n");
	/* a record shorter than its type: no row */
	FILE *f = (out[0] = 0, fmemopen(out, sizeof(out), "w"));
	ck_assert_int_eq(bl_btf_value_row(f, btf, ev, buf, 39), -E2BIG);
	fclose(f);
	ck_assert_str_eq(out, "");
	bl_btf_free(btf);
}
END_TEST

/* The cells of a map dump's table (loader/cli/map_dump.c aligns them):
 * no padding, one separator between columns, a control character in a
 * string escaped so that it never splits a cell. */
START_TEST(columns_as_cells)
{
	struct bb b;
	struct bl_btf *btf;
	uint32_t s32, ch, str, ev, u64;
	unsigned char buf[40];
	FILE *f;

	bb_init(&b);
	s32 = cb_int(&b, "int", 4, true);
	ch = cb_int(&b, "char", 1, true);
	u64 = cb_int(&b, "unsigned long long", 8, false);
	str = cb_array(&b, ch, s32, 32);
	ev = cb_struct(&b, "event", 40, 2);
	cb_member(&b, "path", str, 0);
	cb_member(&b, "n", u64, 256);
	btf = parse(&b);

	memset(buf, 0, sizeof(buf));
	strcpy((char *)buf, "a\x1f" "b\tc");
	buf[32] = 42;
	f = (out[0] = 0, fmemopen(out, sizeof(out), "w"));
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(bl_btf_value_header_cells(f, btf, ev), 0);
	ck_assert_int_eq(bl_btf_value_row_cells(f, btf, ev, buf, 40), 0);
	ck_assert_int_eq(bl_btf_value_row_cells(f, btf, u64, buf + 32, 8), 0);
	ck_assert_int_eq(bl_btf_value_row_cells(f, btf, ev, buf, 39), -E2BIG);
	fclose(f);
	ck_assert_str_eq(out, "PATH\x1fN\n"
			      "a\\x1fb\\tc\x1f" "42\n"
			      "42\n");
	bl_btf_free(btf);
}
END_TEST

/* --- hostile BTF ------------------------------------------------------ */

START_TEST(hostile)
{
	struct bb b;
	struct bl_btf *btf;
	uint32_t s32, td1, deep, zero, huge, big, proto, fwd;
	unsigned char buf[64] = { 0 };

	bb_init(&b);
	s32 = cb_int(&b, "int", 4, true);
	/* a typedef chain that loops: 2 -> 3 -> 2 */
	td1 = bb_type(&b, "a", BTF_KIND_TYPEDEF, 0, 0, 3);
	bb_type(&b, "b", BTF_KIND_TYPEDEF, 0, 0, 2);
	/* arrays of one int, nested 40 deep: past BL_BTF_VALUE_DEPTH */
	deep = s32;
	for (int i = 0; i < 40; i++)
		deep = cb_array(&b, deep, s32, 1);
	/* 4 billion empty structs: size 0, so every bounds check passes */
	zero = cb_struct(&b, "empty", 0, 0);
	huge = cb_array(&b, zero, s32, 0xffffffffu);
	/* a struct that says it is bigger than any buffer */
	big = cb_struct(&b, "big", 0x7fffffff, 1);
	cb_member(&b, "x", s32, 0);
	proto = bb_type(&b, "", BTF_KIND_FUNC_PROTO, 0, 0, s32);
	fwd = bb_type(&b, "opaque", BTF_KIND_FWD, 0, 0, 0);
	btf = parse(&b);

	expect_fail(btf, td1, buf, sizeof(buf), -ELOOP);
	expect_fail(btf, deep, buf, sizeof(buf), -ELOOP);
	expect_fail(btf, huge, buf, sizeof(buf), -E2BIG);	/* the budget */
	expect_fail(btf, big, buf, sizeof(buf), -E2BIG);
	expect_fail(btf, proto, buf, sizeof(buf), -EINVAL);
	expect_fail(btf, fwd, buf, sizeof(buf), -EINVAL);
	FILE *f = (out[0] = 0, fmemopen(out, sizeof(out), "w"));
	ck_assert_int_eq(bl_btf_value_header(f, btf, td1), -ELOOP);
	ck_assert_int_eq(bl_btf_value_row(f, btf, big, buf, sizeof(buf)), -E2BIG);
	fclose(f);
	bl_btf_free(btf);
}
END_TEST

/* Names are C identifiers in BTF the kernel takes; hostile BTF may have
 * quotes and newlines there: JSON stays JSON, a row stays one line. */
START_TEST(hostile_names)
{
	struct bb b;
	struct bl_btf *btf;
	uint32_t s32, st, en;
	unsigned char buf[8] = { 1, 0, 0, 0, 0, 0, 0, 0 };
	size_t len;
	unsigned char *img;
	struct bl_btf *parsed = NULL;
	struct bl_err err;

	bb_init(&b);
	s32 = cb_int(&b, "int", 4, true);
	st = cb_struct(&b, "odd", 8, 2);
	cb_member(&b, "a\"b\n", s32, 0);
	cb_member(&b, "e", 3, 32);
	en = cb_enum(&b, "oddenum", 4, 1, false);
	cb_enumval(&b, "X\\Y", 0);
	img = bb_image(&b, &len);
	if (bl_btf_parse(img, len, "names.o", &parsed, &err)) {
		free(img);	/* the parser refuses such names: nothing to show */
		return;
	}
	free(img);
	btf = parsed;
	expect(btf, st, buf, 8, "{a\\x22b\\x0a=1, e=X\\x5cY}", "{\"a\\\"b\\n\":1,\"e\":\"X\\\\Y\"}");
	ck_assert_str_eq(columns(btf, st, buf, 8), "A?B?    E\n1       X\\x5cY\n");
	(void)en;
	bl_btf_free(btf);
}
END_TEST

/* --- the record type, histograms -------------------------------------- */

START_TEST(event_type_choice)
{
	struct bb b;
	struct bl_btf *btf;
	uint32_t s32, ev, data, td, other;

	bb_init(&b);
	s32 = cb_int(&b, "int", 4, true);
	other = cb_struct(&b, "other", 4, 1);
	cb_member(&b, "x", s32, 0);
	btf = parse(&b);
	ck_assert_int_eq(bl_btf_event_type(btf, NULL), -ENOENT);
	ck_assert_int_eq(bl_btf_event_type(btf, "other"), (int)other);
	ck_assert_int_eq(bl_btf_event_type(btf, "nothere"), -ENOENT);
	ck_assert_int_eq(bl_btf_event_type(NULL, NULL), -ENOENT);
	bl_btf_free(btf);

	ev = cb_struct(&b, "event", 4, 1);
	cb_member(&b, "x", s32, 0);
	btf = parse(&b);
	ck_assert_int_eq(bl_btf_event_type(btf, NULL), (int)ev);
	bl_btf_free(btf);

	/* typedef struct data_t {...} data_t: one candidate, the struct */
	bb_init(&b);
	s32 = cb_int(&b, "int", 4, true);
	data = cb_struct(&b, "data_t", 4, 1);
	cb_member(&b, "x", s32, 0);
	td = bb_type(&b, "data_t", BTF_KIND_TYPEDEF, 0, 0, data);
	btf = parse(&b);
	ck_assert_int_eq(bl_btf_event_type(btf, NULL), (int)data);
	ck_assert_int_eq(bl_btf_event_type(btf, "data_t"), (int)data);
	bl_btf_free(btf);
	(void)td;

	/* event and data_t: not clear, hex */
	ev = cb_struct(&b, "event", 4, 1);
	cb_member(&b, "x", s32, 0);
	btf = parse(&b);
	ck_assert_int_eq(bl_btf_event_type(btf, NULL), -EEXIST);
	ck_assert_int_eq(bl_btf_event_type(btf, "event"), (int)ev);
	bl_btf_free(btf);
}
END_TEST

START_TEST(hist_types)
{
	struct bb b;
	struct bl_btf *btf;
	uint32_t u32, u64, s32, slots, hist, lin, td, plain, wrong, arr64;
	struct bl_btf_hist h;

	bb_init(&b);
	u32 = cb_int(&b, "unsigned int", 4, false);
	u64 = cb_int(&b, "unsigned long long", 8, false);
	s32 = cb_int(&b, "int", 4, true);
	slots = cb_array(&b, u32, s32, 27);
	hist = cb_struct(&b, "hist", 108, 1);
	cb_member(&b, "slots", slots, 0);
	arr64 = cb_array(&b, u64, s32, 10);
	lin = cb_struct(&b, "linear_hist", 88, 2);
	cb_member(&b, "total", u64, 0);
	cb_member(&b, "slots", arr64, 64);
	td = bb_type(&b, "hist_t", BTF_KIND_TYPEDEF, 0, 0, hist);
	plain = cb_struct(&b, "counts", 108, 1);
	cb_member(&b, "buckets", slots, 0);
	wrong = cb_struct(&b, "bad", 4, 1);	/* slots is not an array */
	cb_member(&b, "slots", u32, 0);
	btf = parse(&b);

	ck_assert_int_eq(bl_btf_hist_find(btf, hist, &h), 0);
	ck_assert_uint_eq(h.offset, 0);
	ck_assert_uint_eq(h.elem_size, 4);
	ck_assert_uint_eq(h.nslots, 27);
	ck_assert(!h.linear);
	ck_assert_int_eq(bl_btf_hist_find(btf, td, &h), 0);
	ck_assert_uint_eq(h.nslots, 27);
	ck_assert_int_eq(bl_btf_hist_find(btf, lin, &h), 0);
	ck_assert_uint_eq(h.offset, 8);
	ck_assert_uint_eq(h.elem_size, 8);
	ck_assert_uint_eq(h.nslots, 10);
	ck_assert(h.linear);
	ck_assert_int_eq(bl_btf_hist_find(btf, plain, &h), -ENOENT);
	ck_assert_int_eq(bl_btf_hist_find(btf, wrong, &h), -ENOENT);
	ck_assert_int_eq(bl_btf_hist_find(btf, u32, &h), -ENOENT);
	ck_assert_int_eq(bl_btf_hist_find(btf, 9999, &h), -ENOENT);
	bl_btf_free(btf);
}
END_TEST

/* --- real objects ----------------------------------------------------- */

/* bpf-progs/test_btf.bpf.c's struct, as gcc lays it out on x86_64 and
 * arm64 (the same as clang's BPF target: LP64, little-endian). */
union btf_num { int i; float f; };
enum btf_color { BTF_RED, BTF_GREEN = 5, BTF_BLUE = -1 };
struct btf_kinds {
	int a;
	unsigned int bits3 : 3;
	unsigned int bits5 : 5;
	const volatile long cv;
	char name[16];
	union btf_num num;
	enum btf_color color;
	void *opaque;
	unsigned int typed;
	int *rp;
	double d;
	int *uptr;
	int tagged;
	void *fwd_enum;
	_Bool flag;
	unsigned __int128 big;
};

START_TEST(real_btf_kinds)
{
	char *path = ut_prog_path("test_btf");
	struct bl_object_spec *obj;
	struct btf_kinds k;
	int id;

	if (!ut_have(path, "real_btf_kinds")) {
		free(path);
		return;
	}
	obj = ut_read_ok(path);
	id = bl_btf_find_by_name_kind(obj->btf, "btf_kinds", BTF_KIND_STRUCT);
	ck_assert_int_gt(id, 0);
	memset(&k, 0, sizeof(k));
	k.a = -7;
	k.bits3 = 5;
	k.bits5 = 17;
	*(long *)&k.cv = -123456789012;
	strcpy(k.name, "hello");
	k.num.f = 1.5f;
	k.color = BTF_GREEN;
	k.opaque = (void *)0x1234;
	k.typed = 42;
	k.rp = (int *)0xdeadbeef;
	k.d = 2.5;
	k.tagged = 9;
	k.flag = 1;
	k.big = (unsigned __int128)1 << 64 | 2;
	expect(obj->btf, (uint32_t)id, &k, sizeof(k),
	       "{a=-7, bits3=5, bits5=17, cv=-123456789012, name=\"hello\", num={i=1069547520, f=1.5}, "
	       "color=BTF_GREEN, opaque=0x1234, typed=42, rp=0xdeadbeef, d=2.5, uptr=0x0, tagged=9, "
	       "fwd_enum=0x0, flag=true, big=0x00000000000000010000000000000002}",
	       "{\"a\":-7,\"bits3\":5,\"bits5\":17,\"cv\":-123456789012,\"name\":\"hello\","
	       "\"num\":{\"i\":1069547520,\"f\":1.5},\"color\":\"BTF_GREEN\",\"opaque\":\"0x1234\","
	       "\"typed\":42,\"rp\":\"0xdeadbeef\",\"d\":2.5,\"uptr\":\"0x0\",\"tagged\":9,"
	       "\"fwd_enum\":\"0x0\",\"flag\":true,\"big\":\"0x00000000000000010000000000000002\"}");
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

START_TEST(real_events_and_hist)
{
	static const char *const objs[] = { "exec_ringbuf", "open_perfbuf" };
	static const char *const headers[] = {
		"PID     OLD_PID COMM             FILENAME\n",
		"PID     FLAGS   COMM             FILENAME         MODE\n",
	};
	unsigned char rec[256] = { 0 };

	for (int i = 0; i < 2; i++) {
		char *path = ut_prog_path(objs[i]);
		struct bl_object_spec *obj;
		int id;

		if (!ut_have(path, "real_events_and_hist")) {
			free(path);
			continue;
		}
		obj = ut_read_ok(path);
		id = bl_btf_event_type(obj->btf, NULL);
		ck_assert_int_gt(id, 0);
		FILE *f = (out[0] = 0, fmemopen(out, sizeof(out), "w"));
		ck_assert_int_eq(bl_btf_value_header(f, obj->btf, (uint32_t)id), 0);
		fclose(f);
		ck_assert_str_eq(out, headers[i]);
		/* pid 4242, comm "ls", the path after it */
		rec[0] = 0x92;
		rec[1] = 0x10;
		strcpy((char *)rec + 8, "ls");
		strcpy((char *)rec + 24, "/usr/bin/ls");
		if (i == 0)
			ck_assert_str_eq(columns(obj->btf, (uint32_t)id, rec, 88),
					 "PID     OLD_PID COMM             FILENAME\n"
					 "4242    0       ls               /usr/bin/ls\n");
		bl_object_spec_free(obj);
		free(path);
	}

	char *path = ut_prog_path("latency_hist");
	if (ut_have(path, "real_events_and_hist")) {
		struct bl_object_spec *obj = ut_read_ok(path);
		const struct bl_map_spec *m = bl_object_spec_find_map(obj, "latency_usecs");
		struct bl_btf_hist h;

		ck_assert_ptr_nonnull(m);
		ck_assert_int_eq(bl_btf_hist_find(obj->btf, m->btf_value_type_id, &h), 0);
		ck_assert_uint_eq(h.nslots, 27);
		ck_assert_uint_eq(h.elem_size, 4);
		ck_assert(!h.linear);
		ck_assert_int_eq(bl_btf_hist_find(obj->btf, m->btf_key_type_id, &h), -ENOENT);
		bl_object_spec_free(obj);
	}
	free(path);
}
END_TEST

Suite *suite_btf_value(void)
{
	Suite *s = suite_create("btf_value");
	TCase *tc = tcase_create("by_hand");
	TCase *real = tcase_create("objects");

	tcase_add_test(tc, integers);
	tcase_add_test(tc, enums_floats_pointers);
	tcase_add_test(tc, strings_and_arrays);
	tcase_add_test(tc, structs_unions_modifiers);
	tcase_add_test(tc, columns_long_and_odd);
	tcase_add_test(tc, columns_as_cells);
	tcase_add_test(tc, hostile);
	tcase_add_test(tc, hostile_names);
	tcase_add_test(tc, event_type_choice);
	tcase_add_test(tc, hist_types);
	suite_add_tcase(s, tc);
	tcase_add_test(real, real_btf_kinds);
	tcase_add_test(real, real_events_and_hist);
	suite_add_tcase(s, real);
	return s;
}
