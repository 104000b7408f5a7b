/* tests/unit/test_alternatives.c — event keys and groups of alternatives
 * (elf/alternatives.c, docs/alternatives.md): which section names observe
 * the same event, their ranks, and the groups found in an object, both
 * in hand-made object specs and in the two test objects of bpf-progs/.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The key of a section name, as the reader computes it. */
static bool key_of(const char *section, struct bl_event_key *k)
{
	const char *target;
	const struct bl_section_def *def = bl_section_def_find(section, &target);

	return bl_event_key(def, target, k);
}

struct key_case {
	const char *section;
	enum bl_event_kind kind;	/* BL_EVENT_NONE: no key */
	const char *name;
	enum bl_alt_rank rank;
	const char *mechanism;
};

static const struct key_case keys[] = {
	{ "fentry/tcp_v4_connect", BL_EVENT_FUNC_ENTRY, "tcp_v4_connect", BL_ALT_RANK_BTF, "fentry" },
	{ "fentry.s/tcp_v4_connect", BL_EVENT_FUNC_ENTRY, "tcp_v4_connect", BL_ALT_RANK_BTF, "fentry" },
	{ "fentry/nf_conntrack:nf_confirm", BL_EVENT_FUNC_ENTRY, "nf_confirm", BL_ALT_RANK_BTF, "fentry" },
	{ "kprobe/tcp_v4_connect", BL_EVENT_FUNC_ENTRY, "tcp_v4_connect", BL_ALT_RANK_PERF, "kprobe" },
	{ "kprobe/tcp_v4_connect+0", BL_EVENT_FUNC_ENTRY, "tcp_v4_connect", BL_ALT_RANK_PERF, "kprobe" },
	{ "kprobe/tcp_v4_connect+0x0", BL_EVENT_FUNC_ENTRY, "tcp_v4_connect", BL_ALT_RANK_PERF, "kprobe" },
	{ "fexit/tcp_v4_connect", BL_EVENT_FUNC_RETURN, "tcp_v4_connect", BL_ALT_RANK_BTF, "fexit" },
	{ "fexit.s/tcp_v4_connect", BL_EVENT_FUNC_RETURN, "tcp_v4_connect", BL_ALT_RANK_BTF, "fexit" },
	{ "kretprobe/tcp_v4_connect", BL_EVENT_FUNC_RETURN, "tcp_v4_connect", BL_ALT_RANK_PERF, "kretprobe" },
	{ "tp_btf/sched_switch", BL_EVENT_TRACEPOINT, "sched_switch", BL_ALT_RANK_BTF, "tp_btf" },
	{ "raw_tp/sched_switch", BL_EVENT_TRACEPOINT, "sched_switch", BL_ALT_RANK_RAW, "raw_tp" },
	{ "raw_tracepoint/sched_switch", BL_EVENT_TRACEPOINT, "sched_switch", BL_ALT_RANK_RAW, "raw_tp" },
	{ "tracepoint/sched/sched_switch", BL_EVENT_TRACEPOINT, "sched_switch", BL_ALT_RANK_PERF, "tracepoint" },
	{ "tp/sched/sched_switch", BL_EVENT_TRACEPOINT, "sched_switch", BL_ALT_RANK_PERF, "tracepoint" },
	/* no key: inside a function, other kinds, no target */
	{ "kprobe/tcp_v4_connect+8", BL_EVENT_NONE, NULL, 0, NULL },
	{ "kprobe/tcp_v4_connect+0x10", BL_EVENT_NONE, NULL, 0, NULL },
	{ "kprobe/tcp_v4_connect+", BL_EVENT_NONE, NULL, 0, NULL },
	{ "kprobe", BL_EVENT_NONE, NULL, 0, NULL },
	{ "fentry", BL_EVENT_NONE, NULL, 0, NULL },
	{ "fentry/mod:", BL_EVENT_NONE, NULL, 0, NULL },
	{ "tracepoint/sched_switch", BL_EVENT_NONE, NULL, 0, NULL },
	{ "tracepoint/sched/", BL_EVENT_NONE, NULL, 0, NULL },
	{ "fmod_ret/tcp_v4_connect", BL_EVENT_NONE, NULL, 0, NULL },
	{ "lsm/file_open", BL_EVENT_NONE, NULL, 0, NULL },
	{ "iter/task", BL_EVENT_NONE, NULL, 0, NULL },
	{ "freplace/handler", BL_EVENT_NONE, NULL, 0, NULL },
	{ "ksyscall/openat", BL_EVENT_NONE, NULL, 0, NULL },
	{ "uprobe//bin/bash:readline", BL_EVENT_NONE, NULL, 0, NULL },
	{ "kprobe.multi/tcp_*", BL_EVENT_NONE, NULL, 0, NULL },
	{ "raw_tp.w/bpf_test_finish", BL_EVENT_NONE, NULL, 0, NULL },
	{ "xdp", BL_EVENT_NONE, NULL, 0, NULL },
	{ "no_such_kind/x", BL_EVENT_NONE, NULL, 0, NULL },
};

START_TEST(event_keys)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const struct key_case *c = &keys[i];
		struct bl_event_key k;
		bool has = key_of(c->section, &k);

		ck_assert_msg(has == (c->kind != BL_EVENT_NONE), "%s: key %s", c->section,
			      has ? "found" : "missing");
		if (!has) {
			ck_assert_int_eq(k.kind, BL_EVENT_NONE);
			continue;
		}
		ck_assert_msg(k.kind == c->kind, "%s: kind %s", c->section, bl_event_kind_name(k.kind));
		ck_assert_msg(k.name_len == strlen(c->name) && !memcmp(k.name, c->name, k.name_len),
			      "%s: name %.*s, expected %s", c->section, (int)k.name_len, k.name, c->name);
		ck_assert_msg(k.rank == c->rank, "%s: rank %d", c->section, k.rank);
		ck_assert_str_eq(k.mechanism, c->mechanism);
	}
}
END_TEST

/* Entry and return of one function, and tracepoints of one name in two
 * categories, are one event each; other names are not. */
START_TEST(same_event)
{
	struct bl_event_key a, b;

	ck_assert(key_of("fentry/f", &a) && key_of("kprobe/f", &b) && bl_event_key_same(&a, &b));
	ck_assert(key_of("fentry/f", &a) && key_of("kretprobe/f", &b) && !bl_event_key_same(&a, &b));
	ck_assert(key_of("fexit/f", &a) && key_of("kretprobe/f", &b) && bl_event_key_same(&a, &b));
	ck_assert(key_of("kprobe/f", &a) && key_of("kprobe/ff", &b) && !bl_event_key_same(&a, &b));
	ck_assert(key_of("kprobe/ff+0", &a) && key_of("kprobe/f", &b) && !bl_event_key_same(&a, &b));
	ck_assert(key_of("raw_tp/sys_enter", &a) &&
		  key_of("tracepoint/raw_syscalls/sys_enter", &b) && bl_event_key_same(&a, &b));
	/* raw_tp sys_enter is not the syscall tracepoint sys_enter_openat */
	ck_assert(key_of("raw_tp/sys_enter", &a) &&
		  key_of("tracepoint/syscalls/sys_enter_openat", &b) && !bl_event_key_same(&a, &b));
	/* a kprobe and a tracepoint of one name are different events */
	ck_assert(key_of("kprobe/sched_switch", &a) && key_of("raw_tp/sched_switch", &b) &&
		  !bl_event_key_same(&a, &b));
	/* no key matches nothing, not even itself */
	ck_assert(!key_of("xdp", &a) && !bl_event_key_same(&a, &a));
}
END_TEST

/* An object spec with one program per section name (only what the
 * grouping reads: def, attach_target, section). */
static struct bl_object_spec *fake_object(const char *const *sections, size_t n)
{
	struct bl_object_spec *obj = calloc(1, sizeof(*obj));

	ck_assert_ptr_nonnull(obj);
	obj->programs = calloc(n ? n : 1, sizeof(*obj->programs));
	ck_assert_ptr_nonnull(obj->programs);
	obj->program_cnt = n;
	for (size_t i = 0; i < n; i++) {
		struct bl_prog_spec *p = &obj->programs[i];

		p->section = (char *)sections[i];
		p->name = (char *)sections[i];
		p->def = bl_section_def_find(p->section, &p->attach_target);
	}
	ck_assert_int_eq(bl_object_spec_group_alternatives(obj), 0);
	return obj;
}

static void fake_free(struct bl_object_spec *obj)
{
	bl_alt_groups_free(obj);
	ck_assert_ptr_null(obj->alt_groups);
	free(obj->programs);
	free(obj);
}

/* The members of group g as "i,j,k" (by rank, then program order). */
static const char *members(const struct bl_object_spec *obj, size_t g, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < obj->alt_groups[g].member_cnt && len < n; k++)
		len += snprintf(buf + len, n - len, "%s%zu", k ? "," : "",
				obj->alt_groups[g].members[k]);
	return buf;
}

START_TEST(groups_of_libbpf_tools)
{
	/* as biolatency: tp_btf and raw_tp of three tracepoints, interleaved
	 * as the source has them; and an unrelated kprobe */
	static const char *const secs[] = {
		"tp_btf/block_rq_insert", "tp_btf/block_rq_issue", "tp_btf/block_rq_complete",
		"raw_tp/block_rq_insert", "raw_tp/block_rq_issue", "raw_tp/block_rq_complete",
		"kprobe/blk_account_io_start",
	};
	struct bl_object_spec *obj = fake_object(secs, 7);
	char buf[64];

	ck_assert_uint_eq(obj->alt_group_cnt, 3);
	ck_assert_str_eq(members(obj, 0, buf, sizeof(buf)), "0,3");
	ck_assert_str_eq(members(obj, 1, buf, sizeof(buf)), "1,4");
	ck_assert_str_eq(members(obj, 2, buf, sizeof(buf)), "2,5");
	ck_assert_int_eq(obj->programs[3].alt_group, 0);
	ck_assert_uint_eq(obj->programs[3].alt_rank, BL_ALT_RANK_RAW);
	ck_assert_uint_eq(obj->programs[0].alt_rank, BL_ALT_RANK_BTF);
	ck_assert_int_eq(obj->programs[6].alt_group, -1);
	ck_assert_int_eq(obj->alt_groups[2].key.kind, BL_EVENT_TRACEPOINT);
	fake_free(obj);
}
END_TEST

START_TEST(groups_rank_order_and_same_mechanism)
{
	static const char *const secs[] = {
		"kprobe/f",		/* 0 */
		"tracepoint/raw_syscalls/sys_enter", /* 1 */
		"kprobe/f",		/* 2: same mechanism twice: both in */
		"fentry/f",		/* 3 */
		"raw_tp/sys_enter",	/* 4 */
		"raw_tracepoint/sys_enter", /* 5: raw_tp too */
		"kprobe/g", "kprobe/g",	/* 6, 7: one mechanism only: no group */
		"kprobe/f+4",		/* 8: inside f: no key */
		"kretprobe/f",		/* 9: return: alone */
		"tp_btf/sys_enter",	/* 10 */
	};
	struct bl_object_spec *obj = fake_object(secs, 11);
	char buf[64];

	ck_assert_uint_eq(obj->alt_group_cnt, 2);
	/* by rank (fentry, then both kprobes in program order) */
	ck_assert_str_eq(members(obj, 0, buf, sizeof(buf)), "3,0,2");
	ck_assert_str_eq(members(obj, 1, buf, sizeof(buf)), "10,4,5,1");
	ck_assert_int_eq(obj->alt_groups[0].key.kind, BL_EVENT_FUNC_ENTRY);
	for (size_t i = 6; i <= 9; i++)
		ck_assert_msg(obj->programs[i].alt_group == -1, "%s: in group %d", secs[i],
			      obj->programs[i].alt_group);
	fake_free(obj);
}
END_TEST

START_TEST(no_programs_no_groups)
{
	struct bl_object_spec *obj = fake_object(NULL, 0);

	ck_assert_uint_eq(obj->alt_group_cnt, 0);
	fake_free(obj);
}
END_TEST

/* The reader groups the test objects (bpf-progs/test_alternatives.bpf.c,
 * test_alt_kprobe.bpf.c). */
START_TEST(groups_of_test_objects)
{
	char *path = ut_prog_path("test_alternatives");
	char *kpath = ut_prog_path("test_alt_kprobe");
	struct bl_object_spec *obj;
	char buf[64];

	if (ut_have(path, "groups_of_test_objects") && ut_have(kpath, "groups_of_test_objects")) {
		obj = ut_read_ok(path);
		ck_assert_uint_eq(obj->alt_group_cnt, 2);
		ck_assert_str_eq(obj->programs[obj->alt_groups[0].members[0]].name, "on_btf");
		ck_assert_str_eq(obj->programs[obj->alt_groups[0].members[1]].name, "on_raw");
		ck_assert_str_eq(obj->programs[obj->alt_groups[0].members[2]].name, "on_tp");
		/* raw_tp/sys_enter_getppid and tracepoint/syscalls/sys_enter_getppid */
		ck_assert_uint_eq(obj->alt_groups[1].member_cnt, 2);
		ck_assert_str_eq(obj->programs[obj->alt_groups[1].members[0]].name, "getppid_raw");
		ck_assert_str_eq(obj->programs[obj->alt_groups[1].members[1]].name, "getppid_tp");
		bl_object_spec_free(obj);
		obj = ut_read_ok(kpath);
		ck_assert_uint_eq(obj->alt_group_cnt, 2);
		ck_assert_uint_eq(obj->alt_groups[0].member_cnt, 2);
		ck_assert_uint_eq(obj->alt_groups[1].member_cnt, 2);
		ck_assert_int_eq(obj->alt_groups[0].key.kind, BL_EVENT_FUNC_ENTRY);
		ck_assert_int_eq(obj->alt_groups[1].key.kind, BL_EVENT_FUNC_RETURN);
		ck_assert_str_eq(members(obj, 0, buf, sizeof(buf)), "0,1");
		bl_object_spec_free(obj);
	}
	free(path);
	free(kpath);
}
END_TEST

Suite *suite_alternatives(void)
{
	Suite *s = suite_create("alternatives");
	TCase *tc = tcase_create("keys");

	tcase_add_test(tc, event_keys);
	tcase_add_test(tc, same_event);
	suite_add_tcase(s, tc);
	tc = tcase_create("groups");
	tcase_add_test(tc, groups_of_libbpf_tools);
	tcase_add_test(tc, groups_rank_order_and_same_mechanism);
	tcase_add_test(tc, no_programs_no_groups);
	tcase_add_test(tc, groups_of_test_objects);
	suite_add_tcase(s, tc);
	return s;
}
