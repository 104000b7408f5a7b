/* tests/unit/test_section_def.c — the section-name table (elf/section_def.h).
 *
 * libbpf's names (Documentation/bpf/libbpf/program_types.rst): "type"
 * matches exactly, "type+" matches "type" or "type/extras", "type/" only
 * "type/extras"; the extras are the attach target. Two kinds of check:
 * a list of concrete names with the meaning libbpf gives them, and a walk
 * over bl_section_defs() that checks every entry obeys its own pattern.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define ANY (-1) /* field not checked */

struct sec_case {
	const char *name;
	const char *pattern;	/* expected def->pattern */
	int prog_type;
	int attach;		/* enum bl_attach_kind or ANY */
	int expected;		/* expected_attach_type (has_expected set) or ANY */
	int sleepable;		/* 0/1 or ANY */
	const char *target;	/* expected extras, NULL for none */
};

/* The forms the brief and the tutorials rely on. */
static const struct sec_case core[] = {
	{ "kprobe/do_unlinkat", "kprobe+", BPF_PROG_TYPE_KPROBE, BL_ATTACH_KPROBE, ANY, 0, "do_unlinkat" },
	{ "kprobe", "kprobe+", BPF_PROG_TYPE_KPROBE, BL_ATTACH_KPROBE, ANY, 0, NULL },
	{ "kprobe/tcp_v4_connect+0x10", "kprobe+", BPF_PROG_TYPE_KPROBE, BL_ATTACH_KPROBE, ANY, ANY, "tcp_v4_connect+0x10" },
	{ "kretprobe/do_unlinkat", "kretprobe+", BPF_PROG_TYPE_KPROBE, BL_ATTACH_KRETPROBE, ANY, 0, "do_unlinkat" },
	{ "kretprobe", "kretprobe+", BPF_PROG_TYPE_KPROBE, BL_ATTACH_KRETPROBE, ANY, 0, NULL },
	{ "ksyscall/openat", "ksyscall+", BPF_PROG_TYPE_KPROBE, BL_ATTACH_KSYSCALL, ANY, 0, "openat" },
	{ "kretsyscall/openat", "kretsyscall+", BPF_PROG_TYPE_KPROBE, BL_ATTACH_KRETSYSCALL, ANY, 0, "openat" },
	{ "uprobe//bin/bash:readline", "uprobe+", BPF_PROG_TYPE_KPROBE, BL_ATTACH_UPROBE, ANY, 0, "/bin/bash:readline" },
	{ "uprobe", "uprobe+", BPF_PROG_TYPE_KPROBE, BL_ATTACH_UPROBE, ANY, 0, NULL },
	{ "uretprobe//lib/x86_64-linux-gnu/libc.so.6:malloc", "uretprobe+", BPF_PROG_TYPE_KPROBE, BL_ATTACH_URETPROBE, ANY, 0, "/lib/x86_64-linux-gnu/libc.so.6:malloc" },
	{ "tracepoint/syscalls/sys_enter_openat", "tracepoint+", BPF_PROG_TYPE_TRACEPOINT, BL_ATTACH_TRACEPOINT, ANY, 0, "syscalls/sys_enter_openat" },
	{ "tracepoint", "tracepoint+", BPF_PROG_TYPE_TRACEPOINT, BL_ATTACH_TRACEPOINT, ANY, 0, NULL },
	{ "tp/sched/sched_switch", "tp+", BPF_PROG_TYPE_TRACEPOINT, BL_ATTACH_TRACEPOINT, ANY, 0, "sched/sched_switch" },
	{ "tp", "tp+", BPF_PROG_TYPE_TRACEPOINT, BL_ATTACH_TRACEPOINT, ANY, 0, NULL },
	{ "raw_tracepoint/sys_enter", "raw_tracepoint+", BPF_PROG_TYPE_RAW_TRACEPOINT, BL_ATTACH_RAW_TRACEPOINT, ANY, 0, "sys_enter" },
	{ "raw_tp/sched_switch", "raw_tp+", BPF_PROG_TYPE_RAW_TRACEPOINT, BL_ATTACH_RAW_TRACEPOINT, ANY, 0, "sched_switch" },
	{ "raw_tp", "raw_tp+", BPF_PROG_TYPE_RAW_TRACEPOINT, BL_ATTACH_RAW_TRACEPOINT, ANY, 0, NULL },
	{ "perf_event", "perf_event", BPF_PROG_TYPE_PERF_EVENT, ANY, ANY, 0, NULL },
	{ "socket", "socket", BPF_PROG_TYPE_SOCKET_FILTER, BL_ATTACH_NONE, ANY, 0, NULL },
	{ "xdp", "xdp", BPF_PROG_TYPE_XDP, BL_ATTACH_NONE, ANY, 0, NULL },
	{ "tc", "tc", BPF_PROG_TYPE_SCHED_CLS, BL_ATTACH_NONE, ANY, 0, NULL },
	{ "fentry/do_unlinkat", "fentry+", BPF_PROG_TYPE_TRACING, BL_ATTACH_BTF_TRACE, BPF_TRACE_FENTRY, 0, "do_unlinkat" },
	{ "fexit/do_unlinkat", "fexit+", BPF_PROG_TYPE_TRACING, BL_ATTACH_BTF_TRACE, BPF_TRACE_FEXIT, 0, "do_unlinkat" },
};

/* More of libbpf's table. */
static const struct sec_case more[] = {
	{ "uprobe.s//bin/bash:readline", "uprobe.s+", BPF_PROG_TYPE_KPROBE, BL_ATTACH_UPROBE, ANY, 1, "/bin/bash:readline" },
	{ "uretprobe.s//bin/bash:readline", "uretprobe.s+", BPF_PROG_TYPE_KPROBE, BL_ATTACH_URETPROBE, ANY, 1, "/bin/bash:readline" },
	{ "raw_tracepoint.w/bpf_test_finish", "raw_tracepoint.w+", BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, ANY, ANY, 0, "bpf_test_finish" },
	{ "raw_tp.w/bpf_test_finish", "raw_tp.w+", BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, ANY, ANY, 0, "bpf_test_finish" },
	{ "tp_btf/sched_switch", "tp_btf+", BPF_PROG_TYPE_TRACING, BL_ATTACH_BTF_TRACE, BPF_TRACE_RAW_TP, 0, "sched_switch" },
	{ "fmod_ret/security_bprm_check", "fmod_ret+", BPF_PROG_TYPE_TRACING, BL_ATTACH_BTF_TRACE, BPF_MODIFY_RETURN, 0, "security_bprm_check" },
	{ "fentry.s/do_unlinkat", "fentry.s+", BPF_PROG_TYPE_TRACING, BL_ATTACH_BTF_TRACE, BPF_TRACE_FENTRY, 1, "do_unlinkat" },
	{ "fexit.s/do_unlinkat", "fexit.s+", BPF_PROG_TYPE_TRACING, BL_ATTACH_BTF_TRACE, BPF_TRACE_FEXIT, 1, "do_unlinkat" },
	{ "lsm/file_open", "lsm+", BPF_PROG_TYPE_LSM, BL_ATTACH_BTF_TRACE, BPF_LSM_MAC, 0, "file_open" },
	{ "lsm.s/bprm_committed_creds", "lsm.s+", BPF_PROG_TYPE_LSM, BL_ATTACH_BTF_TRACE, BPF_LSM_MAC, 1, "bprm_committed_creds" },
	{ "iter/task", "iter+", BPF_PROG_TYPE_TRACING, BL_ATTACH_ITER, BPF_TRACE_ITER, 0, "task" },
	{ "freplace/handler", "freplace+", BPF_PROG_TYPE_EXT, BL_ATTACH_FREPLACE, ANY, 0, "handler" },
	{ "kprobe.multi/do_*", "kprobe.multi+", BPF_PROG_TYPE_KPROBE, ANY, BPF_TRACE_KPROBE_MULTI, 0, "do_*" },
	{ "xdp.frags", "xdp.frags", BPF_PROG_TYPE_XDP, BL_ATTACH_NONE, ANY, 0, NULL },
	{ "xdp/devmap", "xdp/devmap", BPF_PROG_TYPE_XDP, BL_ATTACH_NONE, BPF_XDP_DEVMAP, 0, NULL },
	{ "xdp/cpumap", "xdp/cpumap", BPF_PROG_TYPE_XDP, BL_ATTACH_NONE, BPF_XDP_CPUMAP, 0, NULL },
	{ "classifier", "classifier", BPF_PROG_TYPE_SCHED_CLS, BL_ATTACH_NONE, ANY, 0, NULL },
	{ "action", "action", BPF_PROG_TYPE_SCHED_ACT, BL_ATTACH_NONE, ANY, 0, NULL },
	{ "sk_skb/stream_parser", "sk_skb/stream_parser", BPF_PROG_TYPE_SK_SKB, BL_ATTACH_NONE, BPF_SK_SKB_STREAM_PARSER, 0, NULL },
	{ "sk_skb/stream_verdict", "sk_skb/stream_verdict", BPF_PROG_TYPE_SK_SKB, BL_ATTACH_NONE, BPF_SK_SKB_STREAM_VERDICT, 0, NULL },
	{ "sk_msg", "sk_msg", BPF_PROG_TYPE_SK_MSG, BL_ATTACH_NONE, BPF_SK_MSG_VERDICT, 0, NULL },
	{ "sockops", "sockops", BPF_PROG_TYPE_SOCK_OPS, BL_ATTACH_NONE, BPF_CGROUP_SOCK_OPS, 0, NULL },
	{ "cgroup_skb/ingress", "cgroup_skb/ingress", BPF_PROG_TYPE_CGROUP_SKB, BL_ATTACH_NONE, BPF_CGROUP_INET_INGRESS, 0, NULL },
	{ "cgroup_skb/egress", "cgroup_skb/egress", BPF_PROG_TYPE_CGROUP_SKB, BL_ATTACH_NONE, BPF_CGROUP_INET_EGRESS, 0, NULL },
	{ "cgroup/sock_create", "cgroup/sock_create", BPF_PROG_TYPE_CGROUP_SOCK, BL_ATTACH_NONE, BPF_CGROUP_INET_SOCK_CREATE, 0, NULL },
	{ "cgroup/connect4", "cgroup/connect4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BL_ATTACH_NONE, BPF_CGROUP_INET4_CONNECT, 0, NULL },
	{ "cgroup/sendmsg6", "cgroup/sendmsg6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BL_ATTACH_NONE, BPF_CGROUP_UDP6_SENDMSG, 0, NULL },
	{ "cgroup/dev", "cgroup/dev", BPF_PROG_TYPE_CGROUP_DEVICE, BL_ATTACH_NONE, BPF_CGROUP_DEVICE, 0, NULL },
	{ "cgroup/sysctl", "cgroup/sysctl", BPF_PROG_TYPE_CGROUP_SYSCTL, BL_ATTACH_NONE, BPF_CGROUP_SYSCTL, 0, NULL },
	{ "cgroup/getsockopt", "cgroup/getsockopt", BPF_PROG_TYPE_CGROUP_SOCKOPT, BL_ATTACH_NONE, BPF_CGROUP_GETSOCKOPT, 0, NULL },
	{ "lwt_xmit", "lwt_xmit", BPF_PROG_TYPE_LWT_XMIT, BL_ATTACH_NONE, ANY, 0, NULL },
	{ "flow_dissector", "flow_dissector", BPF_PROG_TYPE_FLOW_DISSECTOR, BL_ATTACH_NONE, BPF_FLOW_DISSECTOR, 0, NULL },
	{ "sk_lookup", "sk_lookup", BPF_PROG_TYPE_SK_LOOKUP, BL_ATTACH_NONE, BPF_SK_LOOKUP, 0, NULL },
	{ "sk_reuseport", "sk_reuseport", BPF_PROG_TYPE_SK_REUSEPORT, BL_ATTACH_NONE, BPF_SK_REUSEPORT_SELECT, 0, NULL },
	{ "sk_reuseport/migrate", "sk_reuseport/migrate", BPF_PROG_TYPE_SK_REUSEPORT, BL_ATTACH_NONE, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, 0, NULL },
	{ "lirc_mode2", "lirc_mode2", BPF_PROG_TYPE_LIRC_MODE2, BL_ATTACH_NONE, BPF_LIRC_MODE2, 0, NULL },
	{ "syscall", "syscall", BPF_PROG_TYPE_SYSCALL, BL_ATTACH_NONE, ANY, 1, NULL },
};

/* Names that must not match anything. */
static const char *const unknown[] = {
	"", ".text", "license", "maps", ".maps", "version", ".data", ".rodata",
	"kprobex/foo", "kprobex", "Kprobe/foo", "/kprobe", "kprobe_foo",
	"tracepointx/syscalls/sys_enter_openat", "tpx/a/b", "raw_tpx/sys_enter",
	"socketx", "socket/foo", "xdpx", "xdp_foo", "xdp/foo", "perf_event/foo",
	"perf_events", "tc_foo", "fentryx/foo", "uprobe_foo",
};

static void check_case(const struct sec_case *c)
{
	const char *target = (const char *)0x1; /* must be overwritten */
	const struct bl_section_def *d = bl_section_def_find(c->name, &target);

	ck_assert_msg(d != NULL, "\"%s\" not recognised (want %s)", c->name, c->pattern);
	ck_assert_msg(strcmp(d->pattern, c->pattern) == 0,
		      "\"%s\" matched %s, want %s", c->name, d->pattern, c->pattern);
	ck_assert_msg((int)d->prog_type == c->prog_type, "\"%s\": prog_type %d (%s), want %d (%s)",
		      c->name, d->prog_type, bl_prog_type_name(d->prog_type), c->prog_type,
		      bl_prog_type_name(c->prog_type));
	if (c->attach != ANY)
		ck_assert_msg((int)d->attach == c->attach, "\"%s\": attach %s, want %s", c->name,
			      bl_attach_kind_name(d->attach), bl_attach_kind_name(c->attach));
	if (c->expected != ANY) {
		ck_assert_msg(d->has_expected, "\"%s\": no expected_attach_type", c->name);
		ck_assert_msg((int)d->expected_attach_type == c->expected,
			      "\"%s\": expected_attach_type %d, want %d", c->name,
			      d->expected_attach_type, c->expected);
	}
	if (c->sleepable != ANY)
		ck_assert_msg(!!(d->flags & BL_SEC_SLEEPABLE) == c->sleepable,
			      "\"%s\": sleepable flag %s", c->name, c->sleepable ? "missing" : "set");
	if (!c->target) {
		ck_assert_msg(target == NULL, "\"%s\": target should be NULL", c->name);
	} else {
		ck_assert_msg(target != NULL && target != (const char *)0x1, "\"%s\": no target", c->name);
		ck_assert_str_eq(target, c->target);
		/* the target points inside the name, right after the first '/' */
		ck_assert_ptr_eq(target, strchr(c->name, '/') + 1);
	}
}

START_TEST(core_forms)
{
	check_case(&core[_i]);
}
END_TEST

START_TEST(more_libbpf_forms)
{
	check_case(&more[_i]);
}
END_TEST

START_TEST(unknown_names)
{
	const char *target = (const char *)0x1;
	const struct bl_section_def *d = bl_section_def_find(unknown[_i], &target);

	ck_assert_msg(d == NULL, "\"%s\" matched %s", unknown[_i], d ? d->pattern : "");
}
END_TEST

START_TEST(kprobe_multi_is_not_kprobe)
{
	const char *target = NULL;
	const struct bl_section_def *d = bl_section_def_find("kprobe.multi/do_*", &target);

	/* either recognised as kprobe.multi or not at all, never as kprobe+ */
	ck_assert_msg(d == NULL || strcmp(d->pattern, "kprobe+") != 0,
		      "kprobe.multi/do_* taken for a kprobe");
}
END_TEST

START_TEST(null_target_pointer_allowed)
{
	const struct bl_section_def *d = bl_section_def_find("kprobe/do_unlinkat", NULL);

	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->pattern, "kprobe+");
}
END_TEST


Suite *suite_section_def(void)
{
	Suite *s = suite_create("section_def");
	TCase *tc = tcase_create("names");

	tcase_add_loop_test(tc, core_forms, 0, sizeof(core) / sizeof(core[0]));
	tcase_add_loop_test(tc, more_libbpf_forms, 0, sizeof(more) / sizeof(more[0]));
	tcase_add_loop_test(tc, unknown_names, 0, sizeof(unknown) / sizeof(unknown[0]));
	tcase_add_test(tc, kprobe_multi_is_not_kprobe);
	tcase_add_test(tc, null_target_pointer_allowed);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, tcase_section_table());
	suite_add_tcase(s, tcase_names());
	suite_add_tcase(s, tcase_section_docs());
	return s;
}
