/* tests/unit/test_func_pattern.c — loader/attach/func_pattern.c: a
 * kprobe.multi pattern against the text of available_filter_functions
 * and kprobes/blacklist (what the kernel files hold, written here by
 * hand), and the sorted, deduplicated lists uprobe.multi builds. Pure. */
#include "unit.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "loader/attach/func_pattern.h"

/* The shapes of available_filter_functions: a plain name, a module's
 * ("NAME [MODULE]"), a name twice (two static functions), ftrace's
 * placeholders (Linux 6.0+), no newline at the end. */
static const char avail[] =
	"vfs_write\n"
	"vfs_read\n"
	"__ftrace_invalid_address___748\n"
	"vfs_open\n"
	"do_sys_open\n"
	"vfs_read\n"
	"ext4_sync_fs [ext4]\n"
	"vfs_fsync [fuse]\n"
	"__ftrace_invalid_address___12\n"
	"vfs_getattr";

/* kprobes/blacklist: "0xSTART-0xEND\tNAME" */
static const char blacklist[] =
	"0xffffffff81000000-0xffffffff81000020\tvfs_open\n"
	"0xffffffff81001000-0xffffffff81001040\tnmi_handle\n";

START_TEST(pattern_matches_sorted_once)
{
	struct bl_func_list l;

	ck_assert_int_eq(bl_func_pattern_kernel("vfs_*", avail, NULL, &l), 0);
	ck_assert_uint_eq(l.cnt, 5);	/* vfs_read once; vfs_fsync of a module too */
	ck_assert_str_eq(l.names[0], "vfs_fsync");
	ck_assert_str_eq(l.names[1], "vfs_getattr");
	ck_assert_str_eq(l.names[2], "vfs_open");
	ck_assert_str_eq(l.names[3], "vfs_read");
	ck_assert_str_eq(l.names[4], "vfs_write");
	ck_assert_uint_eq(l.blacklisted, 0);
	ck_assert_uint_eq(l.invalid, 0);
	bl_func_list_free(&l);
	ck_assert_ptr_null(l.names);
	ck_assert_uint_eq(l.cnt, 0);
}
END_TEST

/* The literal start of a pattern ("vfs_r" of "vfs_r[e]*") passes over
 * lines before any globbing: lines shorter than it, a line that is the
 * start alone, a wildcard or escape right after it. */
START_TEST(literal_start_filter)
{
	static const char text[] = "v\nvfs\nvfs_r\nvfs_read\nvfs_readv [m]\nvfs_rename\nvfs_*x\n"
				   "a_vfs_read\nvfs_r";
	struct bl_func_list l;

	ck_assert_int_eq(bl_func_pattern_kernel("vfs_r[e]a*", text, NULL, &l), 0);
	ck_assert_uint_eq(l.cnt, 2);
	ck_assert_str_eq(l.names[0], "vfs_read");
	ck_assert_str_eq(l.names[1], "vfs_readv");
	bl_func_list_free(&l);
	ck_assert_int_eq(bl_func_pattern_kernel("vfs_r", text, NULL, &l), 0);
	ck_assert_uint_eq(l.cnt, 1);	/* twice in the text, once in the list */
	bl_func_list_free(&l);
	ck_assert_int_eq(bl_func_pattern_kernel("vfs_\\*x", text, NULL, &l), 0);
	ck_assert_uint_eq(l.cnt, 1);
	ck_assert_str_eq(l.names[0], "vfs_*x");
	bl_func_list_free(&l);
	ck_assert_int_eq(bl_func_pattern_kernel("*vfs_read", text, NULL, &l), 0);
	ck_assert_uint_eq(l.cnt, 2);
	bl_func_list_free(&l);
}
END_TEST

START_TEST(blacklist_and_placeholders_left_out)
{
	struct bl_func_list l;

	ck_assert_int_eq(bl_func_pattern_kernel("vfs_*", avail, blacklist, &l), 0);
	ck_assert_uint_eq(l.cnt, 4);
	for (size_t i = 0; i < l.cnt; i++)
		ck_assert_str_ne(l.names[i], "vfs_open");
	ck_assert_uint_eq(l.blacklisted, 1);
	bl_func_list_free(&l);

	/* a pattern that matches the placeholders counts them, keeps none */
	ck_assert_int_eq(bl_func_pattern_kernel("*", avail, blacklist, &l), 0);
	ck_assert_uint_eq(l.invalid, 2);
	ck_assert_uint_eq(l.blacklisted, 1);
	ck_assert_uint_eq(l.cnt, 6);	/* 9 distinct names - 2 placeholders - vfs_open */
	for (size_t i = 0; i < l.cnt; i++)
		ck_assert_int_ne(strncmp(l.names[i], "__ftrace_invalid", 16), 0);
	bl_func_list_free(&l);
}
END_TEST

/* kprobes refuse "NAME.part.0" when NAME is on the blacklist (the file
 * lists only NAME): such names are left out too, others with a suffix
 * are not. */
START_TEST(blacklist_covers_suffixed_names)
{
	static const char av[] = "pci_serr_error.part.0\npci_serr_error\npci_read.isra.0\n"
				 "nmi_handle.cold\npci_write\n.odd\n";
	static const char bl_text[] = "0xffffffff81001000-0xffffffff81001040\tnmi_handle\n"
				      "0xffffffff81002000-0xffffffff81002040\tpci_serr_error\n";
	struct bl_func_list l;

	ck_assert_int_eq(bl_func_pattern_kernel("*", av, bl_text, &l), 0);
	ck_assert_uint_eq(l.blacklisted, 3);
	ck_assert_uint_eq(l.cnt, 3);
	ck_assert_str_eq(l.names[0], ".odd");
	ck_assert_str_eq(l.names[1], "pci_read.isra.0");
	ck_assert_str_eq(l.names[2], "pci_write");
	bl_func_list_free(&l);
}
END_TEST

START_TEST(exact_name_and_no_match)
{
	struct bl_func_list l;

	ck_assert(!bl_func_pattern_is_glob("vfs_read"));
	ck_assert(bl_func_pattern_is_glob("vfs_*"));
	ck_assert(bl_func_pattern_is_glob("vfs_rea?"));
	ck_assert(bl_func_pattern_is_glob("vfs_[rw]*"));
	ck_assert_int_eq(bl_func_pattern_kernel("vfs_read", avail, blacklist, &l), 0);
	ck_assert_uint_eq(l.cnt, 1);
	ck_assert_str_eq(l.names[0], "vfs_read");
	bl_func_list_free(&l);
	/* a name must match whole: "vfs" is no prefix match */
	ck_assert_int_eq(bl_func_pattern_kernel("vfs", avail, blacklist, &l), 0);
	ck_assert_uint_eq(l.cnt, 0);
	bl_func_list_free(&l);
	ck_assert_int_eq(bl_func_pattern_kernel("vfs_[rw]*", avail, blacklist, &l), 0);
	ck_assert_uint_eq(l.cnt, 2);
	ck_assert_str_eq(l.names[0], "vfs_read");
	ck_assert_str_eq(l.names[1], "vfs_write");
	bl_func_list_free(&l);
	/* empty and missing texts: nothing, no crash */
	ck_assert_int_eq(bl_func_pattern_kernel("*", "", "", &l), 0);
	ck_assert_uint_eq(l.cnt, 0);
	bl_func_list_free(&l);
	ck_assert_int_eq(bl_func_pattern_kernel("*", NULL, NULL, &l), 0);
	ck_assert_uint_eq(l.cnt, 0);
	bl_func_list_free(&l);
}
END_TEST

START_TEST(list_sort_keeps_offsets_first_wins)
{
	struct bl_func_list l = { 0 };

	ck_assert_int_eq(bl_func_list_add(&l, "malloc", 6, 0x100), 0);
	ck_assert_int_eq(bl_func_list_add(&l, "free@@GLIBC", 4, 0x200), 0); /* len cuts */
	ck_assert_int_eq(bl_func_list_add(&l, "calloc", 6, 0x300), 0);
	ck_assert_int_eq(bl_func_list_add(&l, "malloc", 6, 0x999), 0); /* .dynsym again */
	bl_func_list_sort(&l);
	ck_assert_uint_eq(l.cnt, 3);
	ck_assert_str_eq(l.names[0], "calloc");
	ck_assert_uint_eq(l.offsets[0], 0x300);
	ck_assert_str_eq(l.names[1], "free");
	ck_assert_uint_eq(l.offsets[1], 0x200);
	ck_assert_str_eq(l.names[2], "malloc");
	ck_assert_uint_eq(l.offsets[2], 0x100);
	bl_func_list_free(&l);
	bl_func_list_sort(&l);	/* empty: fine */
	ck_assert_uint_eq(l.cnt, 0);
	bl_func_list_free(&l);
}
END_TEST

/* Many names (a 1000-function pattern) sort the same as one by one. */
START_TEST(many_names)
{
	char text[64 * 2000] = "", line[64];
	struct bl_func_list l;

	for (int i = 1999; i >= 0; i--) {
		snprintf(line, sizeof(line), "func_%04d\n", i);
		strcat(text, line);
	}
	ck_assert_int_eq(bl_func_pattern_kernel("func_1*", text, NULL, &l), 0);
	ck_assert_uint_eq(l.cnt, 1000);
	for (size_t i = 0; i < l.cnt; i++) {
		snprintf(line, sizeof(line), "func_%04zu", 1000 + i);
		ck_assert_str_eq(l.names[i], line);
	}
	bl_func_list_free(&l);
}
END_TEST

Suite *suite_func_pattern(void)
{
	Suite *s = suite_create("func_pattern");
	TCase *tc = tcase_create("func_pattern");

	tcase_add_test(tc, pattern_matches_sorted_once);
	tcase_add_test(tc, literal_start_filter);
	tcase_add_test(tc, blacklist_and_placeholders_left_out);
	tcase_add_test(tc, blacklist_covers_suffixed_names);
	tcase_add_test(tc, exact_name_and_no_match);
	tcase_add_test(tc, list_sort_keeps_offsets_first_wins);
	tcase_add_test(tc, many_names);
	suite_add_tcase(s, tc);
	return s;
}
