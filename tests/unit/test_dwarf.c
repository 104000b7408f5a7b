/* tests/unit/test_dwarf.c — the DWARF reader (elf/dwarf/) and the choice
 * of a record type (elf/value/record_type.c), on objects built in the
 * tree, and on damaged DWARF (every cut, byte flips, bad forms,
 * versions and codes): an error that says where, never a crash.
 *
 * The oracle for the conversion: build/bpf-progs/exec_ringbuf.bpf.o has
 * its struct event both in .BTF (clang's own conversion) and in its
 * DWARF; the same record printed through either must read the same.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf/dwarf/dwarf.h"
#include "elf/value/btf_value.h"
#include "elf/value/record_type.h"
#include "unit.h"

static char out[8192];

/* text, JSON and columns of a record, one after the other */
static const char *show(const struct bl_btf *btf, uint32_t id, const void *data, size_t len)
{
	FILE *f = (out[0] = 0, fmemopen(out, sizeof(out), "w"));

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(bl_btf_value_print(f, btf, id, data, len, BL_BTF_TEXT), 0);
	fputc('\n', f);
	ck_assert_int_eq(bl_btf_value_print(f, btf, id, data, len, BL_BTF_JSON), 0);
	fputc('\n', f);
	ck_assert_int_eq(bl_btf_value_header(f, btf, id), 0);
	ck_assert_int_eq(bl_btf_value_row(f, btf, id, data, len), 0);
	fclose(f);
	return out;
}

/* The DWARF's type name as a BTF of its own, parsed and checked. */
static struct bl_btf *dwarf_type(const struct bl_dwarf *dw, const char *name, uint32_t *id)
{
	struct bl_err err = { "" };
	struct bl_btf *btf;
	size_t len;
	void *raw;
	int die = bl_dwarf_find_type(dw, name);

	ck_assert_msg(die >= 0, "no %s in the DWARF", name);
	ck_assert_msg(bl_dwarf_to_btf(dw, die, &raw, &len, id, &err) == 0, "%s", err.msg);
	ck_assert_msg(bl_btf_parse_owned(raw, len, NULL, "dwarf", &btf, &err) == 0, "%s", err.msg);
	ck_assert_msg(bl_btf_check_loops(btf, "dwarf", &err) == 0, "%s", err.msg);
	return btf;
}

START_TEST(same_as_clang_btf)
{
	char *path = ut_prog_path("exec_ringbuf");
	unsigned char rec[88] = { 0x92, 0x10, 0, 0, 7 };
	struct bl_err err = { "" };
	struct bl_object_spec *obj;
	struct bl_dwarf *dw;
	struct bl_btf *btf;
	char want[sizeof(out)];
	uint32_t id;
	int bid;

	if (!ut_have(path, "same_as_clang_btf")) {
		free(path);
		return;
	}
	strcpy((char *)rec + 8, "ls");
	strcpy((char *)rec + 24, "/usr/bin/ls");
	obj = ut_read_ok(path);
	bid = bl_btf_event_type(obj->btf, "event");
	ck_assert_int_gt(bid, 0);
	strcpy(want, show(obj->btf, (uint32_t)bid, rec, sizeof(rec)));
	ck_assert_msg(bl_dwarf_read_file(path, &dw, NULL, NULL, &err) == 0, "%s", err.msg);
	ck_assert_ptr_nonnull(dw);
	btf = dwarf_type(dw, "event", &id);
	ck_assert_uint_eq(id, 2);
	ck_assert_str_eq(show(btf, id, rec, sizeof(rec)), want);
	ck_assert_str_eq(want, "{pid=4242, old_pid=7, comm=\"ls\", filename=\"/usr/bin/ls\"}\n"
			       "{\"pid\":4242,\"old_pid\":7,\"comm\":\"ls\",\"filename\":\"/usr/bin/ls\"}\n"
			       "PID     OLD_PID COMM             FILENAME\n"
			       "4242    7       ls               /usr/bin/ls\n");
	bl_btf_free(btf);
	bl_dwarf_free(dw);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* exec_ringbuf_local.bpf.o: struct event and struct exec_size are only
 * the types of local variables: in the DWARF, not in .BTF. */
START_TEST(local_types)
{
	char *path = ut_prog_path("exec_ringbuf_local");
	unsigned char ev[92] = { 0x92, 0x10, 0, 0, 1, 0, 0, 0, 0x0b /* traced 1, level 5 */ };
	unsigned char sz[40] = { 0x92, 0x10, 0, 0, 0x93, 0x10, 0, 0, 0xe8, 3, 0, 0, 0xe9, 3, 0, 0 };
	struct bl_err err = { "" };
	struct bl_object_spec *obj;
	struct bl_dwarf *dw;
	struct bl_btf *btf;
	uint32_t id;

	if (!ut_have(path, "local_types")) {
		free(path);
		return;
	}
	obj = ut_read_ok(path);
	ck_assert_int_eq(bl_btf_event_type(obj->btf, "event"), -ENOENT);
	ck_assert_int_eq(bl_btf_event_type(obj->btf, "exec_size"), -ENOENT);
	ck_assert_msg(bl_dwarf_read_file(path, &dw, NULL, NULL, &err) == 0, "%s", err.msg);

	strcpy((char *)ev + 9, "ls");
	strcpy((char *)ev + 25, "/usr/bin/ls");
	btf = dwarf_type(dw, "event", &id);
	ck_assert_str_eq(show(btf, id, ev, sizeof(ev)),
			 "{pid=4242, kind=EXEC_LEADER, traced=1, level=5, comm=\"ls\", filename=\"/usr/bin/ls\"}\n"
			 "{\"pid\":4242,\"kind\":\"EXEC_LEADER\",\"traced\":1,\"level\":5,\"comm\":\"ls\",\"filename\":\"/usr/bin/ls\"}\n"
			 "PID     KIND        TRACED LEVEL COMM             FILENAME\n"
			 "4242    EXEC_LEADER 1      5     ls               /usr/bin/ls\n");
	bl_btf_free(btf);

	strcpy((char *)sz + 16, "sh");
	for (int i = 0; i < 4; i++)
		sz[32 + 2 * i] = (unsigned char)(i + 1);
	btf = dwarf_type(dw, "exec_size", &id);
	ck_assert_str_eq(show(btf, id, sz, sizeof(sz)),
			 "{pid_tgid=18223546241170, uid=1000, gid=1001, comm=\"sh\", ids=[[1, 2], [3, 4]]}\n"
			 "{\"pid_tgid\":18223546241170,\"uid\":1000,\"gid\":1001,\"comm\":\"sh\",\"ids\":[[1,2],[3,4]]}\n"
			 "PID_TGID     UID     GID     COMM             IDS\n"
			 "18223546241170 1000    1001    sh               [[1, 2], [3, 4]]\n");
	bl_btf_free(btf);

	/* the typedef itself is a type too; a name that is nowhere is not */
	btf = dwarf_type(dw, "exec_count_t", &id);
	ck_assert_str_eq(show(btf, id, sz, 8), "18223546241170\n18223546241170\nVALUE\n18223546241170\n");
	bl_btf_free(btf);
	ck_assert_int_eq(bl_dwarf_find_type(dw, "no_such_type"), -ENOENT);
	ck_assert_int_eq(bl_dwarf_find_type(dw, "exec_kind"), -ENOENT); /* an enum is not a record */
	bl_dwarf_free(dw);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* The choice: BTF first, then DWARF; by size the one named struct. */
START_TEST(record_type_choice)
{
	char *path = ut_prog_path("exec_ringbuf_local");
	struct bl_err err = { "" };
	struct bl_object_spec *obj;
	struct bl_record_types *rt;
	struct bl_record_type t;
	int cnt;

	if (!ut_have(path, "record_type_choice")) {
		free(path);
		return;
	}
	obj = ut_read_ok(path);
	ck_assert_msg(bl_record_types_open(path, obj->btf, &rt, &err) == 0, "%s", err.msg);
	/* the default: struct event, from the DWARF */
	ck_assert_int_eq(bl_record_type_find(rt, NULL, &t, &err), 0);
	ck_assert_str_eq(t.from, "DWARF");
	ck_assert_str_eq(bl_record_type_name(&t), "event");
	/* a name in the BTF (the tracepoint's context) */
	ck_assert_int_eq(bl_record_type_find(rt, "exec_args", &t, &err), 0);
	ck_assert_str_eq(t.from, "BTF");
	ck_assert_ptr_eq(t.btf, obj->btf);
	ck_assert_int_eq(bl_record_type_find(rt, "nothere", &t, &err), -ENOENT);
	/* by size: 40 bytes is exec_size only; 92 event; 20 exec_args (BTF) */
	ck_assert_int_eq(bl_record_type_by_size(rt, 40, 40, &t, &cnt, &err), 0);
	ck_assert_str_eq(bl_record_type_name(&t), "exec_size");
	ck_assert_str_eq(t.from, "DWARF");
	ck_assert_int_eq(cnt, 1);
	ck_assert_int_eq(bl_record_type_by_size(rt, 92, 92, &t, &cnt, &err), 0);
	ck_assert_str_eq(bl_record_type_name(&t), "event");
	ck_assert_int_eq(bl_record_type_by_size(rt, 20, 20, &t, &cnt, &err), 0);
	ck_assert_str_eq(bl_record_type_name(&t), "exec_args");
	ck_assert_str_eq(t.from, "BTF");
	ck_assert_int_eq(bl_record_type_by_size(rt, 33, 39, &t, &cnt, &err), -ENOENT);
	ck_assert_int_eq(cnt, 0);
	ck_assert_int_eq(bl_record_type_by_size(rt, 20, 92, &t, &cnt, &err), -EEXIST);
	ck_assert_int_eq(cnt, 3);
	ck_assert(bl_record_types_have_dwarf(rt));
	bl_record_types_free(rt);

	/* --types FILE: the file's own .BTF and DWARF */
	ck_assert_msg(bl_record_types_open(path, NULL, &rt, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(bl_record_type_find(rt, "exec_size", &t, &err), 0);
	ck_assert_str_eq(t.from, "DWARF");
	ck_assert_int_eq(bl_record_type_find(rt, "exec_args", &t, &err), 0);
	ck_assert_str_eq(t.from, "BTF");
	bl_record_types_free(rt);
	ck_assert_int_eq(bl_record_types_open("/nonexistent/x.o", NULL, &rt, &err), -ENOENT);
	ck_assert_ptr_null(rt);
	ck_assert_msg(strstr(err.msg, "/nonexistent/x.o"), "%s", err.msg);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* --- Damaged DWARF ----------------------------------------------------- */

struct secs {
	unsigned char *info, *abbrev, *str, *stro, *lstr;
	size_t info_len, abbrev_len, str_len, stro_len, lstr_len;
};

static unsigned char *sec_copy(Elf *elf, const char *want, size_t *len)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	ck_assert_int_eq(elf_getshdrstrndx(elf, &shstrndx), 0);
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		unsigned char *p;

		gelf_getshdr(scn, &sh);
		if (strcmp(elf_strptr(elf, shstrndx, sh.sh_name), want))
			continue;
		d = elf_getdata(scn, NULL);
		p = malloc(d->d_size + 1);
		memcpy(p, d->d_buf, d->d_size);
		*len = d->d_size;
		return p;
	}
	*len = 0;
	return NULL;
}

static bool secs_read(const char *name, struct secs *s)
{
	char *path = ut_prog_path(name);
	int fd;
	Elf *elf;

	if (!ut_have(path, "dwarf damaged")) {
		free(path);
		return false;
	}
	elf_version(EV_CURRENT);
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	s->info = sec_copy(elf, ".debug_info", &s->info_len);
	s->abbrev = sec_copy(elf, ".debug_abbrev", &s->abbrev_len);
	s->str = sec_copy(elf, ".debug_str", &s->str_len);
	s->stro = sec_copy(elf, ".debug_str_offsets", &s->stro_len);
	s->lstr = sec_copy(elf, ".debug_line_str", &s->lstr_len);
	elf_end(elf);
	close(fd);
	free(path);
	ck_assert_ptr_nonnull(s->info);
	ck_assert_ptr_nonnull(s->abbrev);
	return true;
}

static void secs_free(struct secs *s)
{
	free(s->info);
	free(s->abbrev);
	free(s->str);
	free(s->stro);
	free(s->lstr);
}

/* Parses; when that works, converts every type DIE and parses the BTF.
 * Returns the parse's result; a failure must say where. */
static int try_parse(const struct secs *s, size_t info_len, size_t abbrev_len, char *msg,
		     size_t msg_len)
{
	struct bl_dwarf_sections ds = {
		s->info, s->abbrev, s->str, s->stro, s->lstr,
		info_len, abbrev_len, s->str_len, s->stro_len, s->lstr_len,
	};
	struct bl_err err = { "" };
	struct bl_dwarf *dw;
	int ret = bl_dwarf_parse(&ds, "damaged.o", &dw, &err);

	if (ret) {
		ck_assert_int_eq(ret, -EINVAL);
		ck_assert_ptr_null(dw);
		ck_assert_msg(!strncmp(err.msg, "damaged.o: .debug_", 18), "%s", err.msg);
		ck_assert_ptr_null(strchr(err.msg, '\n'));
		if (msg)
			snprintf(msg, msg_len, "%s", err.msg);
		return ret;
	}
	for (int die = 0; die <= bl_dwarf_die_cnt(dw); die++) {
		struct bl_btf *btf;
		void *raw;
		size_t len;
		uint32_t id;

		int r = bl_dwarf_to_btf(dw, die, &raw, &len, &id, &err);

		if (r == -ENOENT) /* past the last DIE */
			break;
		if (r)
			continue;
		if (!bl_btf_parse_owned(raw, len, NULL, "damaged.o", &btf, &err)) {
			if (!bl_btf_check_loops(btf, "damaged.o", &err)) {
				unsigned char zero[256] = { 0 };
				FILE *f = fopen("/dev/null", "w");

				(void)bl_btf_value_print(f, btf, id, zero, sizeof(zero), BL_BTF_JSON);
				fclose(f);
			}
			bl_btf_free(btf);
		}
	}
	bl_dwarf_free(dw);
	return 0;
}

START_TEST(damaged)
{
	struct secs s;
	char msg[512];
	unsigned seed = 16;
	int fails = 0;

	if (!secs_read("exec_ringbuf_local", &s))
		return;
	/* whole: fine */
	ck_assert_int_eq(try_parse(&s, s.info_len, s.abbrev_len, NULL, 0), 0);
	/* every cut of .debug_info and .debug_abbrev */
	for (size_t n = 0; n < s.info_len; n++)
		fails += try_parse(&s, n, s.abbrev_len, NULL, 0) != 0;
	ck_assert_int_gt(fails, (int)s.info_len / 2);
	for (size_t n = 0; n < s.abbrev_len; n++)
		(void)try_parse(&s, s.info_len, n, NULL, 0);
	/* byte flips: 3000 variants of one to four bytes each */
	for (int round = 0; round < 3000; round++) {
		unsigned char *sec = round & 1 ? s.info : s.abbrev;
		size_t len = round & 1 ? s.info_len : s.abbrev_len;
		unsigned char saved[4];
		size_t at[4];
		int k = 1 + round % 4;

		for (int i = 0; i < k; i++) {
			seed = seed * 1103515245 + 12345;
			at[i] = (seed >> 8) % len;
			saved[i] = sec[at[i]];
			sec[at[i]] = (unsigned char)(seed >> 24);
		}
		(void)try_parse(&s, s.info_len, s.abbrev_len, NULL, 0);
		for (int i = k - 1; i >= 0; i--)
			sec[at[i]] = saved[i];
	}
	ck_assert_int_eq(try_parse(&s, s.info_len, s.abbrev_len, NULL, 0), 0);

	/* named failures: a version of 7 (bytes 4-5 of the unit header) */
	s.info[4] = 7;
	ck_assert_int_eq(try_parse(&s, s.info_len, s.abbrev_len, msg, sizeof(msg)), -EINVAL);
	ck_assert_str_eq(msg, "damaged.o: .debug_info: the unit at offset 0x0 has DWARF version 7 (2 to 5 are read)");
	s.info[4] = 5;
	/* the first entry's code (after the 12-byte header) not in the table */
	s.info[12] = 0x7f;
	ck_assert_int_eq(try_parse(&s, s.info_len, s.abbrev_len, msg, sizeof(msg)), -EINVAL);
	ck_assert_str_eq(msg, "damaged.o: .debug_info: offset 0xc: abbreviation code 127 is not in the unit's table");
	s.info[12] = 1;
	/* the first attribute's form (abbrev: code, tag, children, attr, form) unknown */
	ck_assert_uint_eq(s.abbrev[0], 1);
	s.abbrev[4] = 0x7e;
	ck_assert_int_eq(try_parse(&s, s.info_len, s.abbrev_len, msg, sizeof(msg)), -EINVAL);
	ck_assert_str_eq(msg, "damaged.o: .debug_info: offset 0xc: unknown form 0x7e");
	/* a unit longer than the section */
	s.abbrev[4] = 0x25;
	s.info[3] = 0x40;
	ck_assert_int_eq(try_parse(&s, s.info_len, s.abbrev_len, msg, sizeof(msg)), -EINVAL);
	ck_assert_str_eq(msg, "damaged.o: .debug_info: bad unit header at offset 0x0");
	secs_free(&s);
}
END_TEST

/* A struct that contains itself (a hostile DW_AT_type): the BTF check
 * refuses it, and the record stays hex. */
START_TEST(self_containing)
{
	/* a unit of DWARF 4 by hand: abbrev 1 = compile_unit with children,
	 * 2 = structure_type (name string, byte_size data1) with children,
	 * 3 = member (name string, type ref4, data_member_location data1) */
	static const unsigned char abbrev[] = {
		1, 0x11, 1, 0, 0,
		2, 0x13, 1, 0x03, 0x08, 0x0b, 0x0b, 0, 0,
		3, 0x0d, 0, 0x03, 0x08, 0x49, 0x13, 0x38, 0x0b, 0, 0,
		0,
	};
	unsigned char info[64] = { 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 8 };
	size_t n = 11;
	struct bl_dwarf_sections s = { .abbrev = abbrev, .abbrev_len = sizeof(abbrev) };
	struct bl_err err = { "" };
	struct bl_dwarf *dw;
	struct bl_btf *btf;
	void *raw;
	size_t len;
	uint32_t id;

	info[n++] = 1;				/* compile_unit */
	info[n++] = 2;				/* at 0xc: struct loop, 8 bytes */
	memcpy(info + n, "loop", 5), n += 5;
	info[n++] = 8;
	info[n++] = 3;				/* member self of type 0xc */
	memcpy(info + n, "self", 5), n += 5;
	info[n++] = 0xc, info[n++] = 0, info[n++] = 0, info[n++] = 0;
	info[n++] = 0;
	info[n++] = 0;				/* end of struct's children */
	info[n++] = 0;				/* end of the unit's */
	info[0] = (unsigned char)(n - 4);
	s.info = info;
	s.info_len = n;
	ck_assert_msg(bl_dwarf_parse(&s, "loop.o", &dw, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(bl_dwarf_find_type(dw, "loop"), 1);
	ck_assert_int_eq(bl_dwarf_to_btf(dw, 1, &raw, &len, &id, &err), 0);
	ck_assert_int_eq(bl_btf_parse_owned(raw, len, NULL, "loop.o", &btf, &err), 0);
	ck_assert_int_eq(bl_btf_check_loops(btf, "loop.o", &err), -EINVAL);
	ck_assert_msg(strstr(err.msg, "contains itself"), "%s", err.msg);
	bl_btf_free(btf);
	bl_dwarf_free(dw);
	/* a member whose type points nowhere */
	info[n - 7] = 0x3f;
	ck_assert_msg(bl_dwarf_parse(&s, "loop.o", &dw, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(bl_dwarf_to_btf(dw, 1, &raw, &len, &id, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "loop.o: .debug_info: offset 0x13: DW_AT_type 0x3f is no entry");
	bl_dwarf_free(dw);
}
END_TEST

Suite *suite_dwarf(void)
{
	Suite *s = suite_create("dwarf");
	TCase *tc = tcase_create("objects");
	TCase *bad = tcase_create("damaged");

	tcase_add_test(tc, same_as_clang_btf);
	tcase_add_test(tc, local_types);
	tcase_add_test(tc, record_type_choice);
	suite_add_tcase(s, tc);
	tcase_add_test(bad, damaged);
	tcase_add_test(bad, self_containing);
	tcase_set_timeout(bad, 60);
	suite_add_tcase(s, bad);
	return s;
}
