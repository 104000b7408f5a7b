/* tests/unit/test_probe_spec.c — kprobe targets and the names of the
 * tracefs events bpfload makes (loader/attach/probe_spec.c). No syscalls. */
#include <errno.h>
#include <string.h>

#include "loader/attach/probe.h"
#include "unit.h"

START_TEST(function_and_offset)
{
	struct bl_probe_spec s;
	struct bl_err err = { "" };

	ck_assert_int_eq(bl_probe_spec_parse("do_unlinkat", &s, &err), 0);
	ck_assert_str_eq(s.func, "do_unlinkat");
	ck_assert_uint_eq(s.offset, 0);
	ck_assert_int_eq(bl_probe_spec_parse("do_sys_openat2+16", &s, &err), 0);
	ck_assert_str_eq(s.func, "do_sys_openat2");
	ck_assert_uint_eq(s.offset, 16);
	ck_assert_int_eq(bl_probe_spec_parse("tcp_v4_rcv+0x1f", &s, &err), 0);
	ck_assert_uint_eq(s.offset, 0x1f);
	ck_assert_int_eq(bl_probe_spec_parse("vfs_read.cold", &s, &err), 0);
	ck_assert_str_eq(s.func, "vfs_read.cold");
}
END_TEST

/* kprobe_events takes commands: nothing but a symbol may reach it. */
START_TEST(hostile_targets_refused)
{
	static const char *const bad[] = {
		"", "do_unlinkat extra", "x\n-:kprobes/other", "a;b", "9lives", "f+", "f+x",
		"f+-1", "f+99999999999", "f+1 2", "+4", "f/../g",
	};
	struct bl_probe_spec s;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct bl_err err = { "" };

		ck_assert_msg(bl_probe_spec_parse(bad[i], &s, &err) == -EINVAL, "accepted '%s'", bad[i]);
		ck_assert_msg(err.msg[0] != '\0', "no message for '%s'", bad[i]);
		ck_assert_msg(!strchr(err.msg, '\n'), "message is not one line: %s", err.msg);
	}
	ck_assert_int_eq(bl_probe_spec_parse(NULL, &s, NULL), -EINVAL);
}
END_TEST

START_TEST(event_names)
{
	char name[64];
	char long_func[200];

	bl_probe_event_name(name, sizeof(name), 4242, 0, "do_unlinkat");
	ck_assert_str_eq(name, "bpfload_4242_0_do_unlinkat");
	ck_assert_int_eq(bl_probe_event_owner(name), 4242);
	bl_probe_event_name(name, sizeof(name), 7, 12, "vfs_read.cold");
	ck_assert_str_eq(name, "bpfload_7_12_vfs_read_cold");
	memset(long_func, 'f', sizeof(long_func) - 1);
	long_func[sizeof(long_func) - 1] = '\0';
	bl_probe_event_name(name, sizeof(name), 4194304, 99, long_func);
	ck_assert_uint_eq(strlen(name), 63);
	ck_assert_int_eq(bl_probe_event_owner(name), 4194304);
}
END_TEST

/* Other tools' events are never taken for bpfload's. */
START_TEST(owner_only_of_our_names)
{
	ck_assert_int_eq(bl_probe_event_owner("bpfload_12_3_x"), 12);
	ck_assert_int_eq(bl_probe_event_owner("libbpf_12_3_x"), -1);
	ck_assert_int_eq(bl_probe_event_owner("bpfload_x_3_x"), -1);
	ck_assert_int_eq(bl_probe_event_owner("bpfload_12_x"), -1);
	ck_assert_int_eq(bl_probe_event_owner("bpfload_12"), -1);
	ck_assert_int_eq(bl_probe_event_owner("bpfload_0_1_x"), -1);
	ck_assert_int_eq(bl_probe_event_owner("mybpfload_12_3_x"), -1);
	ck_assert_int_eq(bl_probe_event_owner("bpfload_99999999999_1_x"), -1);
}
END_TEST

START_TEST(kprobe_events_lines)
{
	char group[16], event[64];

	ck_assert_int_eq(bl_probe_events_line_event("p:kprobes/bpfload_1_0_f f+0\n", group, sizeof(group),
						    event, sizeof(event)), 0);
	ck_assert_str_eq(group, "kprobes");
	ck_assert_str_eq(event, "bpfload_1_0_f");
	ck_assert_int_eq(bl_probe_events_line_event("r16:kprobes/bpfload_1_1_f f", group, sizeof(group),
						    event, sizeof(event)), 0);
	ck_assert_str_eq(event, "bpfload_1_1_f");
	ck_assert_int_eq(bl_probe_events_line_event("p:mygrp/ev do_x", group, sizeof(group), event,
						    sizeof(event)), 0);
	ck_assert_str_eq(group, "mygrp");
	ck_assert_int_eq(bl_probe_events_line_event("garbage", group, sizeof(group), event, sizeof(event)),
			 -EINVAL);
	ck_assert_int_eq(bl_probe_events_line_event("p:noslash f", group, sizeof(group), event,
						    sizeof(event)), -EINVAL);
	ck_assert_int_eq(bl_probe_events_line_event("p:/ev f", group, sizeof(group), event, sizeof(event)),
			 -EINVAL);
	ck_assert_int_eq(bl_probe_events_line_event("p:averyveryverylonggroupname/ev f", group,
						    sizeof(group), event, sizeof(event)), -EINVAL);
}
END_TEST

Suite *suite_probe_spec(void)
{
	Suite *s = suite_create("probe_spec");
	TCase *tc = tcase_create("kprobe");

	tcase_add_test(tc, function_and_offset);
	tcase_add_test(tc, hostile_targets_refused);
	tcase_add_test(tc, event_names);
	tcase_add_test(tc, owner_only_of_our_names);
	tcase_add_test(tc, kprobe_events_lines);
	suite_add_tcase(s, tc);
	return s;
}
