/* tests/unit/test_btf_target.c — BTF-attached programs without a kernel:
 * the type a section names (elf/btf_target.c: prefixes, MODULE:FUNC,
 * malformed names), and the one-line explanations of refusals on canned
 * errnos, logs and facts (loader/verifier/btf_attach_why.c), and the
 * verifier classes of those logs (verifier_classify.c). */
#include <errno.h>
#include <linux/btf.h>
#include <stdio.h>
#include <string.h>

#include "elf/btf_target.h"
#include "loader/verifier/btf_attach_why.h"
#include "loader/verifier/verifier_classify.h"
#include "unit.h"

static const struct bl_section_def *def(const char *section, const char **target)
{
	const struct bl_section_def *d = bl_section_def_find(section, target);

	ck_assert_msg(d != NULL, "no section def for %s", section);
	return d;
}

/* Parses section; asserts success. */
static struct bl_btf_target parse_ok(const char *section)
{
	const char *target;
	const struct bl_section_def *d = def(section, &target);
	struct bl_btf_target t;
	struct bl_err e = { "" };

	ck_assert_msg(bl_btf_target_parse(d, target, &t, &e) == 0, "%s: %s", section, e.msg);
	return t;
}

struct rule {
	const char *section;
	enum bl_btf_target_kind kind;
	const char *what, *module, *name, *type_name;
	unsigned int btf_kind;
};

static const struct rule rules[] = {
	{ "tp_btf/sched_switch", BL_BTF_TARGET_TP_BTF, "tp_btf", "", "sched_switch",
	  "btf_trace_sched_switch", BTF_KIND_TYPEDEF },
	{ "fentry/do_unlinkat", BL_BTF_TARGET_FENTRY, "fentry", "", "do_unlinkat", "do_unlinkat",
	  BTF_KIND_FUNC },
	{ "fentry.s/do_unlinkat", BL_BTF_TARGET_FENTRY, "fentry", "", "do_unlinkat", "do_unlinkat",
	  BTF_KIND_FUNC },
	{ "fexit/tun_chr_open", BL_BTF_TARGET_FEXIT, "fexit", "", "tun_chr_open", "tun_chr_open",
	  BTF_KIND_FUNC },
	{ "fentry/tun:tun_chr_open", BL_BTF_TARGET_FENTRY, "fentry", "tun", "tun_chr_open",
	  "tun_chr_open", BTF_KIND_FUNC },
	{ "fmod_ret/security_task_getsid", BL_BTF_TARGET_FMOD_RET, "fmod_ret", "",
	  "security_task_getsid", "security_task_getsid", BTF_KIND_FUNC },
	{ "fmod_ret.s/bpf_fentry_test1", BL_BTF_TARGET_FMOD_RET, "fmod_ret", "", "bpf_fentry_test1",
	  "bpf_fentry_test1", BTF_KIND_FUNC },
	{ "lsm/file_open", BL_BTF_TARGET_LSM, "lsm", "", "file_open", "bpf_lsm_file_open",
	  BTF_KIND_FUNC },
	{ "lsm.s/bprm_committed_creds", BL_BTF_TARGET_LSM, "lsm", "", "bprm_committed_creds",
	  "bpf_lsm_bprm_committed_creds", BTF_KIND_FUNC },
	{ "lsm_cgroup/socket_bind", BL_BTF_TARGET_LSM_CGROUP, "lsm_cgroup", "", "socket_bind",
	  "bpf_lsm_socket_bind", BTF_KIND_FUNC },
	{ "iter/task", BL_BTF_TARGET_ITER, "iter", "", "task", "bpf_iter_task", BTF_KIND_FUNC },
	{ "iter.s/task_vma", BL_BTF_TARGET_ITER, "iter", "", "task_vma", "bpf_iter_task_vma",
	  BTF_KIND_FUNC },
	{ "freplace/handler", BL_BTF_TARGET_FREPLACE, "freplace", "", "handler", "handler",
	  BTF_KIND_FUNC },
	/* a compiler-made name, and a module name with '-' */
	{ "fentry/foo.isra.0", BL_BTF_TARGET_FENTRY, "fentry", "", "foo.isra.0", "foo.isra.0",
	  BTF_KIND_FUNC },
	{ "fexit/nf-conntrack:f", BL_BTF_TARGET_FEXIT, "fexit", "nf-conntrack", "f", "f",
	  BTF_KIND_FUNC },
};

START_TEST(name_rules)
{
	const struct rule *r = &rules[_i];
	struct bl_btf_target t = parse_ok(r->section);

	ck_assert_int_eq(t.kind, r->kind);
	ck_assert_int_eq(bl_btf_target_kind_of(def(r->section, NULL)), r->kind);
	ck_assert_str_eq(t.what, r->what);
	ck_assert_str_eq(bl_btf_target_kind_name(t.kind), r->what);
	ck_assert_str_eq(t.module, r->module);
	ck_assert_str_eq(t.name, r->name);
	ck_assert_str_eq(t.type_name, r->type_name);
	ck_assert_uint_eq(t.btf_kind, r->btf_kind);
}
END_TEST

/* What is not BTF-attached has no target kind. */
START_TEST(other_kinds)
{
	static const char *const others[] = { "kprobe/do_unlinkat", "tracepoint/sched/sched_switch",
					      "raw_tp/sched_switch", "xdp", "socket", "struct_ops/x",
					      "kprobe.multi/do_*" };
	struct bl_btf_target t;
	struct bl_err e = { "" };

	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		const char *target;
		const struct bl_section_def *d = def(others[i], &target);

		ck_assert_int_eq(bl_btf_target_kind_of(d), BL_BTF_TARGET_NONE);
		ck_assert_int_eq(bl_btf_target_parse(d, target, &t, &e), -EOPNOTSUPP);
	}
	ck_assert_int_eq(bl_btf_target_kind_of(NULL), BL_BTF_TARGET_NONE);
	ck_assert_str_eq(bl_btf_target_kind_name((enum bl_btf_target_kind)99), "none");
}
END_TEST

struct bad {
	const char *section;
	int ret;
	const char *msg;
};

static const struct bad bads[] = {
	{ "fentry", -EINVAL, "SEC(\"fentry/FUNCTION\")" },
	{ "tp_btf", -EINVAL, "SEC(\"tp_btf/TRACEPOINT\")" },
	{ "lsm", -EINVAL, "SEC(\"lsm/HOOK\")" },
	{ "iter", -EINVAL, "SEC(\"iter/ITERATOR\")" },
	{ "fentry/:do_unlinkat", -EINVAL, "is not a module name" },
	{ "fentry/tun:", -EINVAL, "'' is not a function name" },
	{ "fentry/a b", -EINVAL, "'a b' is not a function name" },
	{ "fentry/m:a:b", -EINVAL, "'a:b' is not a function name" },
	{ "fentry/a/b", -EINVAL, "'a/b' is not a function name" },
	{ "fentry/m$:f", -EINVAL, "'m$' is not a module name" },
	{ "tp_btf/sched-switch", -EINVAL, "is not a tracepoint name" },
	{ "freplace/mod:f", -EINVAL, "without MODULE:" },
};

START_TEST(malformed_names)
{
	const struct bad *b = &bads[_i];
	const char *target;
	const struct bl_section_def *d = def(b->section, &target);
	struct bl_btf_target t;
	struct bl_err e = { "" };

	ck_assert_int_eq(bl_btf_target_parse(d, target, &t, &e), b->ret);
	ck_assert_msg(strstr(e.msg, b->msg), "%s: \"%s\" not in \"%s\"", b->section, b->msg, e.msg);
}
END_TEST

START_TEST(too_long)
{
	char section[400] = "fentry/";
	const char *target;
	const struct bl_section_def *d;
	struct bl_btf_target t;
	struct bl_err e = { "" };

	memset(section + 7, 'a', 300);
	section[307] = '\0';
	d = def(section, &target);
	ck_assert_int_eq(bl_btf_target_parse(d, target, &t, &e), -ENAMETOOLONG);
	/* a module name that does not fit */
	memset(section + 7, 'm', 80);
	strcpy(section + 87, ":f");
	d = def(section, &target);
	ck_assert_int_eq(bl_btf_target_parse(d, target, &t, &e), -EINVAL);
}
END_TEST

START_TEST(trampolines_and_instead)
{
	char buf[256];
	struct bl_btf_target t;

	ck_assert(bl_btf_target_needs_trampoline(BL_BTF_TARGET_FENTRY));
	ck_assert(bl_btf_target_needs_trampoline(BL_BTF_TARGET_FEXIT));
	ck_assert(bl_btf_target_needs_trampoline(BL_BTF_TARGET_FMOD_RET));
	ck_assert(bl_btf_target_needs_trampoline(BL_BTF_TARGET_LSM));
	ck_assert(bl_btf_target_needs_trampoline(BL_BTF_TARGET_FREPLACE));
	ck_assert(!bl_btf_target_needs_trampoline(BL_BTF_TARGET_TP_BTF));
	ck_assert(!bl_btf_target_needs_trampoline(BL_BTF_TARGET_ITER));

	t = parse_ok("fentry/tun:tun_chr_open");
	ck_assert_str_eq(bl_btf_target_instead(&t, buf, sizeof(buf)), "kprobe/tun_chr_open");
	t = parse_ok("fexit/do_unlinkat");
	ck_assert_str_eq(bl_btf_target_instead(&t, buf, sizeof(buf)), "kretprobe/do_unlinkat");
	t = parse_ok("tp_btf/sched_switch");
	ck_assert_str_eq(bl_btf_target_instead(&t, buf, sizeof(buf)), "raw_tp/sched_switch");
	t = parse_ok("lsm/file_open");
	ck_assert_ptr_nonnull(strstr(bl_btf_target_instead(&t, buf, sizeof(buf)),
				     "kprobe/security_file_open"));
	t = parse_ok("iter/task");
	ck_assert_str_eq(bl_btf_target_instead(&t, buf, sizeof(buf)), "");
	ck_assert_ptr_nonnull(strstr(bl_btf_target_missing(&t, buf, sizeof(buf)), "no iterator task"));
	t = parse_ok("fentry/do_unlinkat");
	ck_assert_ptr_nonnull(strstr(bl_btf_target_missing(&t, buf, sizeof(buf)),
				     "inlined, is static and never emitted, or is notrace"));
	t = parse_ok("tp_btf/sched_switch");
	ck_assert_ptr_nonnull(strstr(bl_btf_target_missing(&t, buf, sizeof(buf)),
				     "no tracepoint sched_switch"));
	t = parse_ok("lsm/file_open");
	ck_assert_ptr_nonnull(strstr(bl_btf_target_missing(&t, buf, sizeof(buf)), "CONFIG_BPF_LSM"));
}
END_TEST

/* --- the explanations ------------------------------------------------ */

static const struct bl_btf_attach_facts host_facts = {
	.privileged = true, .direct_calls = 1, .bpf_lsm = 1,
	.lsm = "lockdown,capability,landlock,bpf", .lsm_from = "CONFIG_LSM", .machine = "x86_64",
};

struct why_case {
	const char *section;
	enum bl_btf_attach_stage stage;
	int err;
	const char *log;
	const struct bl_btf_attach_facts *facts;
	const char *want[4];	/* each in the line; want[0] NULL: no explanation */
};

static const struct bl_btf_attach_facts arm64_61 = {
	.privileged = true, .direct_calls = 0, .bpf_lsm = 1, .machine = "aarch64",
};
static const struct bl_btf_attach_facts unknown = { .privileged = true, .direct_calls = -1,
						    .bpf_lsm = -1 };
static const struct bl_btf_attach_facts no_bpf_lsm = {
	.privileged = true, .direct_calls = 1, .bpf_lsm = 1, .lsm = "lockdown,capability,apparmor",
	.lsm_from = "/sys/kernel/security/lsm",
};
static const struct bl_btf_attach_facts lsm_not_built = { .privileged = true, .direct_calls = 1,
							  .bpf_lsm = 0 };
static const struct bl_btf_attach_facts no_caps = { .privileged = false, .direct_calls = 1,
						    .bpf_lsm = 1 };

static const struct why_case whys[] = {
	/* this project's development host: EPERM before the verifier */
	{ "fentry/do_unlinkat", BL_BTF_STAGE_LOAD, EPERM, "", &host_facts,
	  { "fentry programs run from a BPF trampoline, and this kernel refuses them", "EPERM",
	    "CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS=y", "use kprobe/do_unlinkat instead" } },
	{ "fexit/do_unlinkat", BL_BTF_STAGE_LOAD, EPERM, NULL, &unknown,
	  { "fexit programs run from a BPF trampoline", "use kretprobe/do_unlinkat instead" } },
	{ "freplace/handler", BL_BTF_STAGE_LOAD, EPERM, "", &host_facts,
	  { "freplace programs run from a BPF trampoline", "nothing else replaces" } },
	{ "lsm/file_open", BL_BTF_STAGE_LOAD, EPERM, "", &host_facts,
	  { "lsm programs run from a BPF trampoline", "kprobe/security_file_open" } },
	/* EPERM without the capabilities is that, not trampolines */
	{ "fentry/do_unlinkat", BL_BTF_STAGE_LOAD, EPERM, "", &no_caps, { NULL } },
	/* a log the verifier wrote is not "before the verifier" */
	{ "fentry/do_unlinkat", BL_BTF_STAGE_LOAD, EPERM, "R1 invalid mem access\n", &host_facts, { NULL } },
	/* tp_btf and iter need no trampoline */
	{ "tp_btf/sched_switch", BL_BTF_STAGE_LOAD, EPERM, "", &host_facts, { NULL } },
	{ "iter/task", BL_BTF_STAGE_ATTACH, BL_ENOTSUPP, NULL, &host_facts, { NULL } },
	/* Debian's arm64 6.1: no ftrace direct calls */
	{ "fentry/do_unlinkat", BL_BTF_STAGE_ATTACH, BL_ENOTSUPP, NULL, &arm64_61,
	  { "fentry/do_unlinkat needs a BPF trampoline on do_unlinkat", "BPF_LINK_CREATE failed with ENOTSUPP",
	    "arm64 has them since Linux 6.4", "use kprobe/do_unlinkat instead" } },
	{ "lsm/file_open", BL_BTF_STAGE_ATTACH, ENODEV, NULL, &unknown,
	  { "cannot make one there", "ENODEV", "kprobe/security_file_open" } },
	{ "fmod_ret/security_task_getsid", BL_BTF_STAGE_ATTACH, EOPNOTSUPP, NULL, &arm64_61,
	  { "EOPNOTSUPP", "CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS is not set" } },
	{ "fentry/x", BL_BTF_STAGE_ATTACH, EBUSY, NULL, &host_facts,
	  { "could not patch the entry of x", "notrace", "kprobe/x" } },
	{ "fentry/x", BL_BTF_STAGE_ATTACH, EINVAL, NULL, &host_facts, { NULL } },
	/* the verifier's own words */
	{ "fentry/foo", BL_BTF_STAGE_LOAD, ENOENT, "The address of function foo cannot be found\n",
	  &host_facts, { "foo is in the kernel's BTF but /proc/kallsyms has no symbol", "foo.isra.0" } },
	{ "fentry/migrate_disable", BL_BTF_STAGE_LOAD, EINVAL,
	  "Attaching tracing programs to function 'migrate_disable' is rejected.\n", &host_facts,
	  { "deny list", "use kprobe/migrate_disable instead" } },
	{ "fexit/do_exit", BL_BTF_STAGE_LOAD, EINVAL,
	  "Attaching fexit/fsession/fmod_ret to __noreturn function 'do_exit' is rejected.\n",
	  &host_facts, { "do_exit never returns", "fentry/do_exit" } },
	{ "fmod_ret/vfs_read", BL_BTF_STAGE_LOAD, EINVAL, "vfs_read() is not modifiable\n", &host_facts,
	  { "ALLOW_ERROR_INJECTION", "security_*", "fexit/vfs_read" } },
	{ "fentry.s/vfs_read", BL_BTF_STAGE_LOAD, EINVAL, "vfs_read is not sleepable\n", &host_facts,
	  { "fentry.s/vfs_read", "drop the .s" } },
	{ "lsm.s/file_open", BL_BTF_STAGE_LOAD, EINVAL, "bpf_lsm_file_open is not sleepable\n",
	  &host_facts, { "LSM hooks the kernel lists as sleepable" } },
	/* the BPF LSM: not active, not built; known before any errno */
	{ "lsm/file_open", BL_BTF_STAGE_LOAD, 0, NULL, &no_bpf_lsm,
	  { "\"bpf\" is not among this kernel's LSMs (lockdown,capability,apparmor, from /sys/kernel/security/lsm)",
	    "lsm=lockdown,capability,apparmor,bpf", "CONFIG_BPF_LSM=y" } },
	{ "lsm_cgroup/socket_bind", BL_BTF_STAGE_LOAD, EINVAL, "", &lsm_not_built,
	  { "built without it (CONFIG_BPF_LSM is not set)" } },
	{ "lsm/file_open", BL_BTF_STAGE_LOAD, 0, NULL, &host_facts, { NULL } },
	{ "lsm/file_open", BL_BTF_STAGE_LOAD, 0, NULL, &unknown, { NULL } },
	/* facts about the LSM say nothing about other kinds */
	{ "fentry/x", BL_BTF_STAGE_LOAD, 0, NULL, &no_bpf_lsm, { NULL } },
};

START_TEST(explanations)
{
	const struct why_case *c = &whys[_i];
	struct bl_btf_target t = parse_ok(c->section);
	char buf[1024] = "";
	bool said = bl_btf_attach_why(&t, c->stage, c->err, c->log, c->facts, buf, sizeof(buf));

	if (!c->want[0]) {
		ck_assert_msg(!said, "%s errno %d: explained, and should not be: %s", c->section, c->err, buf);
		return;
	}
	ck_assert_msg(said, "%s errno %d: not explained", c->section, c->err);
	ck_assert_ptr_null(strchr(buf, '\n'));	/* one line */
	for (size_t i = 0; i < 4 && c->want[i]; i++)
		ck_assert_msg(strstr(buf, c->want[i]), "%s: \"%s\" not in \"%s\"", c->section, c->want[i], buf);
}
END_TEST

START_TEST(bpf_lsm_active)
{
	struct bl_btf_attach_facts f = host_facts;

	ck_assert_int_eq(bl_bpf_lsm_active(&f), 1);
	snprintf(f.lsm, sizeof(f.lsm), "bpfx,capability");
	ck_assert_int_eq(bl_bpf_lsm_active(&f), 0);
	snprintf(f.lsm, sizeof(f.lsm), "bpf");
	ck_assert_int_eq(bl_bpf_lsm_active(&f), 1);
	f.lsm[0] = '\0';
	ck_assert_int_eq(bl_bpf_lsm_active(&f), -1);
	f.bpf_lsm = 0;
	ck_assert_int_eq(bl_bpf_lsm_active(&f), 0);
}
END_TEST

/* The classes verify shows for these refusals. */
START_TEST(classes)
{
	static const struct {
		const char *log, *id;
	} c[] = {
		{ "The address of function foo cannot be found\nprocessed 0 insns (limit 1000000)\n",
		  "attach-target" },
		{ "Attaching tracing programs to function 'migrate_disable' is rejected.\n", "attach-target" },
		{ "vfs_read() is not modifiable\n", "attach-target" },
		{ "vfs_read is not sleepable\n", "attach-target" },
		{ "fentry programs run from a BPF trampoline, and this kernel refuses them: ...\n",
		  "no-trampoline" },
	};
	struct bl_verifier_error e;

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		bl_verifier_classify(c[i].log, BPF_PROG_TYPE_TRACING, NULL, &e);
		ck_assert_msg(!strcmp(e.id, c[i].id), "\"%s\": class %s, not %s", c[i].log, e.id, c[i].id);
	}
}
END_TEST

Suite *suite_btf_target(void)
{
	Suite *s = suite_create("btf_target");
	TCase *tc = tcase_create("rules");

	tcase_add_loop_test(tc, name_rules, 0, sizeof(rules) / sizeof(rules[0]));
	tcase_add_test(tc, other_kinds);
	tcase_add_loop_test(tc, malformed_names, 0, sizeof(bads) / sizeof(bads[0]));
	tcase_add_test(tc, too_long);
	tcase_add_test(tc, trampolines_and_instead);
	suite_add_tcase(s, tc);
	tc = tcase_create("why");
	tcase_add_loop_test(tc, explanations, 0, sizeof(whys) / sizeof(whys[0]));
	tcase_add_test(tc, bpf_lsm_active);
	tcase_add_test(tc, classes);
	suite_add_tcase(s, tc);
	return s;
}
