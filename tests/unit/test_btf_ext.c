/* tests/unit/test_btf_ext.c — the .BTF.ext that elf/btf/btf_ext.c reads
 * (Documentation/bpf/btf.rst, "4.2 .BTF.ext section"): func_info for
 * every program, line_info checked against the source lines it quotes,
 * the CO-RE relocations of test_btf.bpf.c against the instructions they
 * patch; then hostile variants of test_btf.bpf.o's .BTF.ext, alone and
 * inside the object.
 */
#define _GNU_SOURCE	/* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define GETPPID_SEC "tracepoint/syscalls/sys_enter_getppid"

static const char *const c_progs[] = { "syscall_count", "fchmodat_trace", "kfree_skb_count",
				       "test_maps", "test_reject", "test_two_in_one", "test_btf" };

/* Each program: a func_info record at its first instruction naming its
 * FUNC, and line_info records inside it, one at its first instruction. */
static void check_program_infos(const struct bl_object_spec *obj, const struct bl_prog_spec *p)
{
	const struct bl_btf_ext *x = obj->btf_ext;
	const struct bl_btf_ext_sec *fs = bl_btf_ext_find(&x->func_info, p->section);
	const struct bl_btf_ext_sec *ls = bl_btf_ext_find(&x->line_info, p->section);
	uint64_t start = p->sec_offset, end = p->sec_offset + p->insn_cnt * 8;
	size_t funcs = 0, lines = 0, at_start = 0;

	ck_assert_msg(fs != NULL, "%s: no func_info for section %s", obj->path, p->section);
	ck_assert_msg(ls != NULL, "%s: no line_info for section %s", obj->path, p->section);
	for (uint32_t i = 0; i < fs->cnt; i++) {
		const struct btf_type *t;

		if (fs->func_info[i].insn_off != start)
			continue;
		t = bl_btf_type(obj->btf, fs->func_info[i].type_id);
		ck_assert_int_eq(bl_btf_kind(t), BTF_KIND_FUNC);
		ck_assert_str_eq(bl_btf_name(obj->btf, t->name_off), p->name);
		funcs++;
	}
	ck_assert_msg(funcs == 1, "%s: %zu func_info records at the start of %s", obj->path, funcs,
		      p->name);
	for (uint32_t i = 0; i < ls->cnt; i++) {
		uint32_t off = ls->line_info[i].insn_off;

		ck_assert_uint_eq(off % 8, 0);
		if (off >= start && off < end)
			lines++;
		at_start += off == start;
	}
	ck_assert_msg(lines > 0, "%s: no line_info inside %s", obj->path, p->name);
	ck_assert_msg(at_start == 1, "%s: %zu line_info records at the start of %s", obj->path,
		      at_start, p->name);
}

START_TEST(every_program_has_infos)
{
	for (size_t i = 0; i < sizeof(c_progs) / sizeof(c_progs[0]); i++) {
		UT_PROG(path, c_progs[i]);
		struct bl_object_spec *obj = ut_read_ok(path);

		ck_assert_ptr_nonnull(obj->btf_ext);
		ck_assert_uint_eq(obj->btf_ext->func_info.rec_size, sizeof(struct bpf_func_info));
		ck_assert_uint_eq(obj->btf_ext->line_info.rec_size, sizeof(struct bpf_line_info));
		ck_assert_uint_gt(obj->program_cnt, 0);
		for (size_t p = 0; p < obj->program_cnt; p++)
			check_program_infos(obj, &obj->programs[p]);
		ck_assert_ptr_null(bl_btf_ext_find(&obj->btf_ext->func_info, "no/such/section"));
		bl_object_spec_free(obj);
		free(path);
	}
}
END_TEST

/* Line n (1-based) of a file, without its newline; NULL if unreadable. */
static char *source_line(const char *file, uint32_t n)
{
	FILE *f = fopen(file, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len = -1;

	if (!f)
		return NULL;
	for (uint32_t i = 0; i < n && (len = getline(&line, &cap, f)) >= 0; i++)
		;
	fclose(f);
	if (len < 0) {
		free(line);
		return NULL;
	}
	line[strcspn(line, "\n")] = '\0';
	return line;
}

/* clang stores, for each line_info, the file, the line number and the
 * text of that line: they must agree with the source file. */
START_TEST(line_info_quotes_the_source)
{
	size_t checked = 0;

	for (size_t i = 0; i < sizeof(c_progs) / sizeof(c_progs[0]); i++) {
		UT_PROG(path, c_progs[i]);
		struct bl_object_spec *obj = ut_read_ok(path);
		const struct bl_btf_ext_info *li = &obj->btf_ext->line_info;

		for (size_t s = 0; s < li->sec_cnt; s++) {
			for (uint32_t r = 0; r < li->secs[s].cnt; r++) {
				const struct bpf_line_info *l = &li->secs[s].line_info[r];
				const char *file = bl_btf_name(obj->btf, l->file_name_off);
				const char *text = bl_btf_name(obj->btf, l->line_off);
				uint32_t n = BPF_LINE_INFO_LINE_NUM(l->line_col);
				char alt[512], *src;

				ck_assert_ptr_nonnull(file);
				ck_assert_ptr_nonnull(text);
				if (n == 0) {	/* compiler-made code: no line */
					ck_assert_str_eq(text, "");
					continue;
				}
				src = source_line(file, n);
				if (!src) {	/* built elsewhere: try bpf-progs/ here */
					const char *base = strrchr(file, '/');

					snprintf(alt, sizeof(alt), "bpf-progs/%s", base ? base + 1 : file);
					src = source_line(alt, n);
				}
				if (!src)
					continue;
				ck_assert_msg(strcmp(src, text) == 0, "%s line %u: .BTF.ext says \"%s\", the file \"%s\"",
					      file, n, text, src);
				free(src);
				checked++;
			}
		}
		bl_object_spec_free(obj);
		free(path);
	}
	if (checked == 0)
		fprintf(stderr, "SKIP line_info_quotes_the_source: no source file found\n");
}
END_TEST

/* test_btf.bpf.c: __builtin_preserve_type_info(struct hit, TYPE_SIZE)
 * and __builtin_preserve_field_info(t->tgid, FIELD_BYTE_OFFSET); clang
 * already put the local answers (16 and 4) in the instructions. */
START_TEST(core_relos_of_test_btf)
{
	UT_PROG(path, "test_btf");
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_btf_ext_info *cr = &obj->btf_ext->core_relo;
	const struct bl_btf_ext_sec *s = bl_btf_ext_find(cr, GETPPID_SEC);
	const struct bl_prog_spec *p = bl_object_spec_find_prog(obj, "on_btf_kinds");
	int seen = 0;

	ck_assert_uint_eq(cr->rec_size, sizeof(struct bpf_core_relo));
	ck_assert_uint_eq(cr->sec_cnt, 1);
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(s->cnt, 2);
	for (uint32_t i = 0; i < s->cnt; i++) {
		const struct bpf_core_relo *r = &s->core_relo[i];
		const struct btf_type *t = bl_btf_type(obj->btf, r->type_id);
		const struct bpf_insn *insn;

		ck_assert_uint_lt(r->insn_off / 8, p->insn_cnt);
		insn = &p->insns[r->insn_off / 8];
		ck_assert_int_eq(bl_btf_kind(t), BTF_KIND_STRUCT);
		if (r->kind == BPF_CORE_TYPE_SIZE) {
			ck_assert_str_eq(bl_btf_name(obj->btf, t->name_off), "hit");
			ck_assert_str_eq(bl_btf_name(obj->btf, r->access_str_off), "0");
			ck_assert_int_eq(insn->imm, 16);
			ck_assert_str_eq(bl_core_relo_kind_name(r->kind), "type_size");
			seen |= 1;
		} else {
			ck_assert_int_eq(r->kind, BPF_CORE_FIELD_BYTE_OFFSET);
			ck_assert_str_eq(bl_btf_name(obj->btf, t->name_off), "task_like");
			ck_assert_str_eq(bl_btf_name(obj->btf, r->access_str_off), "0:1");
			ck_assert_int_eq(insn->imm, 4);
			ck_assert_str_eq(bl_core_relo_kind_name(r->kind), "byte_off");
			seen |= 2;
		}
	}
	ck_assert_int_eq(seen, 3);
	ck_assert_ptr_null(bl_core_relo_kind_name(13));
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

START_TEST(no_core_relos_elsewhere)
{
	UT_PROG(path, "test_maps");
	struct bl_object_spec *obj = ut_read_ok(path);

	ck_assert_uint_eq(obj->btf_ext->core_relo.sec_cnt, 0);
	ck_assert_uint_eq(obj->btf_ext->func_info.sec_cnt, 2);	/* two sections */
	ck_assert_ptr_nonnull(bl_btf_ext_find(&obj->btf_ext->func_info, "raw_tp/sys_exit"));
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* --- hostile variants of test_btf.bpf.o's .BTF.ext --- */

struct ext_hdr {	/* the layout the file has (btf.rst 4.2) */
	uint16_t magic;
	uint8_t version, flags;
	uint32_t hdr_len;
	uint32_t func_off, func_len, line_off, line_len, core_off, core_len;
};

struct ext {
	unsigned char *b;
	size_t len;
	struct ext_hdr *h;
	uint32_t *func, *line, *core;	/* each subsection: rec_size, name, cnt, recs */
	unsigned char *btf_bytes;
	struct bl_btf *btf;
};

static bool ext_load(struct ext *e)
{
	char *path = ut_prog_path("test_btf");
	size_t btf_len;

	if (!ut_have(path, "btf_ext_bad")) {
		free(path);
		return false;
	}
	free(path);
	e->b = ut_section_copy("test_btf", ".BTF.ext", &e->len);
	e->btf_bytes = ut_section_copy("test_btf", ".BTF", &btf_len);
	e->btf = ut_btf_ok(e->btf_bytes, btf_len, "test_btf.bpf.o");
	e->h = (struct ext_hdr *)e->b;
	ck_assert_uint_ge(e->h->hdr_len, sizeof(struct ext_hdr));
	e->func = (uint32_t *)(e->b + e->h->hdr_len + e->h->func_off);
	e->line = (uint32_t *)(e->b + e->h->hdr_len + e->h->line_off);
	e->core = (uint32_t *)(e->b + e->h->hdr_len + e->h->core_off);
	ck_assert_uint_eq(e->func[0], 8);
	ck_assert_uint_eq(e->line[0], 16);
	ck_assert_uint_eq(e->core[0], 16);
	return true;
}

static void ext_done(struct ext *e)
{
	bl_btf_free(e->btf);
	free(e->btf_bytes);
	free(e->b);
}

static void ext_reject(struct ext *e, const char *what, const char *where)
{
	struct bl_btf_ext *x = NULL;
	struct bl_err err;
	int rc;

	memset(err.msg, 0, sizeof(err.msg));
	rc = bl_btf_ext_parse(e->b, e->len, e->btf, "bad.bpf.o", &x, &err);
	ck_assert_msg(rc < 0, "accepted (want an error naming \"%s\")", what);
	ck_assert_ptr_null(x);
	ck_assert_msg(strncmp(err.msg, "bad.bpf.o: .BTF.ext: ", 21) == 0, "message: \"%s\"", err.msg);
	ck_assert_msg(strchr(err.msg, '\n') == NULL, "not one line: \"%s\"", err.msg);
	ck_assert_msg(ut_msg_has(err.msg, what), "message \"%s\" does not say \"%s\"", err.msg, what);
	if (where)
		ck_assert_msg(strstr(err.msg, where), "message \"%s\" does not name \"%s\"", err.msg,
			      where);
	ext_done(e);
}

/* Record r of a subsection (one section each in test_btf), field f. */
#define REC(sub, size_words, r, f) ((sub)[3 + (r) * (size_words) + (f)])

#define BAD_EXT(name, patch, what, where)                               \
	START_TEST(name)                                                \
	{                                                               \
		struct ext e;                                           \
		if (!ext_load(&e))                                      \
			return;                                         \
		patch;                                                  \
		ext_reject(&e, what, where);                            \
	}                                                               \
	END_TEST

#define FI "func_info of section '" GETPPID_SEC "'"
#define LI "line_info of section '" GETPPID_SEC "'"
#define CR "core_relo of section '" GETPPID_SEC "'"

BAD_EXT(ext_bad_magic, e.h->magic = 0xbeef, "magic 0xbeef", NULL)
BAD_EXT(ext_swapped_magic, e.h->magic = 0x9feb, "byte order", NULL)
BAD_EXT(ext_bad_version, e.h->version = 3, "version 3", NULL)
BAD_EXT(ext_bad_flags, e.h->flags = 0x80, "flags 0x80", NULL)
BAD_EXT(ext_hdr_len_small, e.h->hdr_len = 16, "hdr_len 16", NULL)
BAD_EXT(ext_hdr_len_big, e.h->hdr_len = (uint32_t)e.len + 4, "hdr_len", NULL)
BAD_EXT(ext_truncated, e.len = 10, "truncated", NULL)
BAD_EXT(ext_func_past_end, e.h->func_len = (uint32_t)e.len, "runs past the end", "func_info")
BAD_EXT(ext_line_off_wraps, e.h->line_off = 0xfffffff0u, "runs past the end", "line_info")
BAD_EXT(ext_core_past_end, e.h->core_len += 16, "runs past the end", "core_relo")
BAD_EXT(ext_rec_size_small, e.func[0] = 4, "record size 4", "func_info")
BAD_EXT(ext_rec_size_unaligned, e.line[0] = 18, "record size 18", "line_info")
BAD_EXT(ext_core_rec_size_small, e.core[0] = 12, "record size 12", "core_relo")
BAD_EXT(ext_too_short_for_rec_size, e.h->func_len = 2, "too short", "func_info")
BAD_EXT(ext_sec_header_cut, e.h->func_len += 4, "cut off", "func_info")
BAD_EXT(ext_sec_name_outside, e.func[1] = 0x00ffffff, "section name offset 16777215", "func_info")
BAD_EXT(ext_sec_name_empty, e.line[1] = 0, "empty string", "line_info")
BAD_EXT(ext_count_zero, e.func[2] = 0, "no records", FI)
BAD_EXT(ext_count_huge, e.line[2] = 0x10000000, "run past the end", LI)
BAD_EXT(ext_count_wraps, e.line[2] = 0x10000001, "run past the end", LI)	/* * 16 wraps u32 */
BAD_EXT(ext_func_insn_misaligned, REC(e.func, 2, 0, 0) = 4, "not a multiple of 8", FI ", record 0")
BAD_EXT(ext_func_type_out_of_range, REC(e.func, 2, 0, 1) = 9999, "type_id 9999 is out of range",
	FI)
BAD_EXT(ext_func_type_not_func, REC(e.func, 2, 0, 1) = 1, "(PTR) is not a FUNC", FI)
BAD_EXT(ext_line_insn_misaligned, REC(e.line, 4, 3, 0) += 1, "not a multiple of 8", LI ", record 3")
BAD_EXT(ext_line_file_outside, REC(e.line, 4, 2, 1) = 0x00fffff0, "file_name_off", LI ", record 2")
BAD_EXT(ext_line_text_outside, REC(e.line, 4, 6, 2) = 0x7ffffff0, "line_off", LI ", record 6")
BAD_EXT(ext_core_type_out_of_range, REC(e.core, 4, 1, 1) = 9999, "type_id 9999", CR ", record 1")
BAD_EXT(ext_core_access_outside, REC(e.core, 4, 0, 2) = 0x00ffffff, "access_str_off", CR ", record 0")
BAD_EXT(ext_core_access_empty, REC(e.core, 4, 0, 2) = 0, "empty string", CR ", record 0")
BAD_EXT(ext_core_kind_unknown, REC(e.core, 4, 1, 3) = 99, "kind 99", CR ", record 1")

/* Written by hand: a longer func_info record (a newer compiler's), and
 * a header without the core_relo fields. */
START_TEST(ext_longer_records_short_header)
{
	struct ext e;
	struct bl_btf_ext *x = NULL;
	struct bl_err err = { "" };
	uint32_t img[16], func_id;
	int rc;

	if (!ext_load(&e))
		return;
	func_id = (uint32_t)bl_btf_find_by_name_kind(e.btf, "on_btf_kinds", BTF_KIND_FUNC);
	memset(img, 0, sizeof(img));
	((struct ext_hdr *)img)->magic = BTF_MAGIC;
	((struct ext_hdr *)img)->version = 1;
	((struct ext_hdr *)img)->hdr_len = 24;
	((struct ext_hdr *)img)->func_off = 0;
	((struct ext_hdr *)img)->func_len = 4 + 8 + 2 * 12;
	img[6] = 12;			/* rec_size */
	img[7] = e.func[1];		/* section name, from the real one */
	img[8] = 2;
	img[9] = 0, img[10] = func_id, img[11] = 0xaaaa;	/* extra field, ignored */
	img[12] = 64, img[13] = func_id, img[14] = 0xbbbb;
	rc = bl_btf_ext_parse(img, 6 * 4 + 4 + 8 + 24, e.btf, "long.o", &x, &err);
	ck_assert_msg(rc == 0, "%s", err.msg);
	ck_assert_uint_eq(x->func_info.rec_size, 12);
	ck_assert_uint_eq(x->func_info.sec_cnt, 1);
	ck_assert_str_eq(x->func_info.secs[0].name, GETPPID_SEC);
	ck_assert_uint_eq(x->func_info.secs[0].cnt, 2);
	ck_assert_uint_eq(x->func_info.secs[0].func_info[0].insn_off, 0);
	ck_assert_uint_eq(x->func_info.secs[0].func_info[0].type_id, func_id);
	ck_assert_uint_eq(x->func_info.secs[0].func_info[1].insn_off, 64);
	ck_assert_uint_eq(x->func_info.secs[0].func_info[1].type_id, func_id);
	ck_assert_uint_eq(x->line_info.sec_cnt, 0);
	ck_assert_uint_eq(x->core_relo.sec_cnt, 0);
	ck_assert_uint_eq(x->core_relo.rec_size, 0);
	bl_btf_ext_free(x);
	ext_done(&e);
}
END_TEST

/* --- inside the object: the reader ties records to ELF sections --- */

#define WITH_OBJ(img, len)                                              \
	UT_PROG(path_, "test_btf");                                     \
	size_t len;                                                     \
	unsigned char *img = ut_slurp(path_, &len);                     \
	free(path_);

static uint32_t *ext_sub(unsigned char *img, int which)
{
	Elf64_Shdr *sh = ue_shdr_named(img, ".BTF.ext", NULL);
	struct ext_hdr *h = (struct ext_hdr *)(img + sh->sh_offset);
	uint32_t off = which == 0 ? h->func_off : which == 1 ? h->line_off : h->core_off;

	return (uint32_t *)(img + sh->sh_offset + h->hdr_len + off);
}

START_TEST(obj_insn_past_section)
{
	WITH_OBJ(img, len);
	REC(ext_sub(img, 1), 4, 6, 0) = 0x10000;	/* last line_info */
	ut_expect_reject(img, len, "lineoff.bpf.o", "past the end of the section", LI ", record 6");
	free(img);
}
END_TEST

START_TEST(obj_core_insn_one_past)
{
	WITH_OBJ(img, len);
	REC(ext_sub(img, 2), 4, 1, 0) = (uint32_t)ue_shdr_named(img, GETPPID_SEC, NULL)->sh_size;
	ut_expect_reject(img, len, "coreoff.bpf.o", "past the end of the section", CR ", record 1");
	free(img);
}
END_TEST

START_TEST(obj_no_such_section)
{
	WITH_OBJ(img, len);
	Elf64_Shdr *bsh = ue_shdr_named(img, ".BTF", NULL);
	struct btf_header *bh = (struct btf_header *)(img + bsh->sh_offset);
	const char *strs = (const char *)bh + bh->hdr_len + bh->str_off;
	const char *lic = memmem(strs, bh->str_len, "\0license\0", 9);

	ck_assert_ptr_nonnull(lic);	/* the DATASEC's name: a section, but not code */
	ext_sub(img, 0)[1] = (uint32_t)(lic + 1 - strs);
	REC(ext_sub(img, 0), 2, 0, 0) = 8;	/* "license" has 4 bytes */
	ut_expect_reject(img, len, "nosec.bpf.o", "past the end of the section|no such section",
			 "func_info of section 'license'");
	lic = memmem(strs, bh->str_len, "\0int\0", 5);
	ck_assert_ptr_nonnull(lic);
	ext_sub(img, 0)[1] = (uint32_t)(lic + 1 - strs);
	ut_expect_reject(img, len, "nosec.bpf.o", "no such section", "'int'");
	free(img);
}
END_TEST

START_TEST(obj_ext_without_btf)
{
	WITH_OBJ(img, len);
	ue_shdr_named(img, ".BTF", NULL)->sh_name += 1;	/* now "BTF" */
	ut_expect_reject(img, len, "nobtf.bpf.o", ".BTF.ext without .BTF", NULL);
	free(img);
}
END_TEST

START_TEST(obj_two_btf)
{
	WITH_OBJ(img, len);
	/* .BTF.ext renamed to the ".BTF" at the end of ".rel.BTF" */
	ue_shdr_named(img, ".BTF.ext", NULL)->sh_name = ue_shdr_named(img, ".rel.BTF", NULL)->sh_name + 4;
	ut_expect_reject(img, len, "twobtf.bpf.o", "more than one .BTF", NULL);
	free(img);
}
END_TEST

START_TEST(obj_bad_ext_header)
{
	WITH_OBJ(img, len);
	Elf64_Shdr *sh = ue_shdr_named(img, ".BTF.ext", NULL);

	((struct ext_hdr *)(img + sh->sh_offset))->magic = 0x1111;
	ut_expect_reject(img, len, "badext.bpf.o", "magic 0x1111", ".BTF.ext");
	free(img);
}
END_TEST

Suite *suite_btf_ext(void)
{
	Suite *s = suite_create("btf_ext");
	TCase *tc = tcase_create("objects");
	TCase *bad = tcase_create("bad");
	TCase *obj = tcase_create("in_object");

	tcase_add_test(tc, every_program_has_infos);
	tcase_add_test(tc, line_info_quotes_the_source);
	tcase_add_test(tc, core_relos_of_test_btf);
	tcase_add_test(tc, no_core_relos_elsewhere);
	tcase_add_test(tc, ext_longer_records_short_header);
	suite_add_tcase(s, tc);

	tcase_add_test(bad, ext_bad_magic);
	tcase_add_test(bad, ext_swapped_magic);
	tcase_add_test(bad, ext_bad_version);
	tcase_add_test(bad, ext_bad_flags);
	tcase_add_test(bad, ext_hdr_len_small);
	tcase_add_test(bad, ext_hdr_len_big);
	tcase_add_test(bad, ext_truncated);
	tcase_add_test(bad, ext_func_past_end);
	tcase_add_test(bad, ext_line_off_wraps);
	tcase_add_test(bad, ext_core_past_end);
	tcase_add_test(bad, ext_rec_size_small);
	tcase_add_test(bad, ext_rec_size_unaligned);
	tcase_add_test(bad, ext_core_rec_size_small);
	tcase_add_test(bad, ext_too_short_for_rec_size);
	tcase_add_test(bad, ext_sec_header_cut);
	tcase_add_test(bad, ext_sec_name_outside);
	tcase_add_test(bad, ext_sec_name_empty);
	tcase_add_test(bad, ext_count_zero);
	tcase_add_test(bad, ext_count_huge);
	tcase_add_test(bad, ext_count_wraps);
	tcase_add_test(bad, ext_func_insn_misaligned);
	tcase_add_test(bad, ext_func_type_out_of_range);
	tcase_add_test(bad, ext_func_type_not_func);
	tcase_add_test(bad, ext_line_insn_misaligned);
	tcase_add_test(bad, ext_line_file_outside);
	tcase_add_test(bad, ext_line_text_outside);
	tcase_add_test(bad, ext_core_type_out_of_range);
	tcase_add_test(bad, ext_core_access_outside);
	tcase_add_test(bad, ext_core_access_empty);
	tcase_add_test(bad, ext_core_kind_unknown);
	suite_add_tcase(s, bad);

	tcase_add_test(obj, obj_insn_past_section);
	tcase_add_test(obj, obj_core_insn_one_past);
	tcase_add_test(obj, obj_no_such_section);
	tcase_add_test(obj, obj_ext_without_btf);
	tcase_add_test(obj, obj_two_btf);
	tcase_add_test(obj, obj_bad_ext_header);
	suite_add_tcase(s, obj);
	return s;
}
