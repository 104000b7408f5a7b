/* tests/unit/test_section_table.c — every entry of bl_section_defs() obeys
 * its own pattern, and the name functions of elf/section_def.h.
 *
 * For an entry "type+": "type" and "type/t" find it ("t" the target) and
 * "typex/t" does not. For "type/": "type/t" finds it, "type" does not.
 * For an exact "type": "type" finds it, "type/t" and "typex" do not.
 * "Finds it" means the very same entry, so a broader entry placed earlier
 * in the table that shadows a later one is caught here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static const struct bl_section_def *find(const char *name, const char **target)
{
	*target = (const char *)0x1;
	return bl_section_def_find(name, target);
}

START_TEST(table_is_sane)
{
	size_t n = 0;
	const struct bl_section_def *defs = bl_section_defs(&n);

	ck_assert_ptr_nonnull(defs);
	ck_assert_uint_ge(n, 15);
	for (size_t i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(defs[i].pattern);
		ck_assert_uint_gt(strlen(defs[i].pattern), 0);
		ck_assert_msg(strcmp(bl_prog_type_name(defs[i].prog_type), "unknown") != 0,
			      "%s: prog_type %d has no name", defs[i].pattern, defs[i].prog_type);
		for (size_t j = 0; j < i; j++)
			ck_assert_msg(strcmp(defs[i].pattern, defs[j].pattern) != 0,
				      "pattern %s twice", defs[i].pattern);
	}
}
END_TEST

START_TEST(entry_obeys_pattern)
{
	size_t n = 0;
	const struct bl_section_def *defs = bl_section_defs(&n), *e = &defs[_i], *d;
	const char *target;
	char base[128], name[160];
	size_t len = strlen(e->pattern);
	char last = e->pattern[len - 1];

	ck_assert_uint_lt(len, sizeof(base));
	memcpy(base, e->pattern, len + 1);
	if (last == '+' || last == '/')
		base[len - 1] = '\0';

	if (last == '+' || last == '/') {
		snprintf(name, sizeof(name), "%s/some_target", base);
		d = find(name, &target);
		ck_assert_msg(d == e, "\"%s\" found %s, want %s", name, d ? d->pattern : "NULL", e->pattern);
		ck_assert_msg(target != NULL && target != (const char *)0x1 &&
			      strcmp(target, "some_target") == 0, "\"%s\": bad target", name);

		d = find(base, &target);
		if (last == '+') {
			ck_assert_msg(d == e, "\"%s\" found %s, want %s", base, d ? d->pattern : "NULL", e->pattern);
			ck_assert_msg(target == NULL, "\"%s\": target should be NULL", base);
		} else {
			ck_assert_msg(d != e, "\"%s\" (no extras) found %s", base, e->pattern);
		}
		snprintf(name, sizeof(name), "%sx/some_target", base);
		d = find(name, &target);
		ck_assert_msg(d != e, "\"%s\" found %s", name, e->pattern);
	} else {
		d = find(base, &target);
		ck_assert_msg(d == e, "\"%s\" found %s, want itself", base, d ? d->pattern : "NULL");
		ck_assert_msg(target == NULL, "\"%s\": target should be NULL", base);
		snprintf(name, sizeof(name), "%s/some_target", base);
		d = find(name, &target);
		ck_assert_msg(d != e, "\"%s\" found exact pattern %s", name, e->pattern);
		snprintf(name, sizeof(name), "%sx", base);
		d = find(name, &target);
		ck_assert_msg(d != e, "\"%s\" found exact pattern %s", name, e->pattern);
	}
}
END_TEST

START_TEST(prog_type_names)
{
	ck_assert_str_eq(bl_prog_type_name(BPF_PROG_TYPE_KPROBE), "kprobe");
	ck_assert_str_eq(bl_prog_type_name(BPF_PROG_TYPE_TRACEPOINT), "tracepoint");
	ck_assert_str_eq(bl_prog_type_name(BPF_PROG_TYPE_RAW_TRACEPOINT), "raw_tracepoint");
	ck_assert_str_eq(bl_prog_type_name(BPF_PROG_TYPE_XDP), "xdp");
	ck_assert_str_eq(bl_prog_type_name(BPF_PROG_TYPE_PERF_EVENT), "perf_event");
	ck_assert_str_eq(bl_prog_type_name(BPF_PROG_TYPE_SOCKET_FILTER), "socket_filter");
	ck_assert_str_eq(bl_prog_type_name(BPF_PROG_TYPE_SCHED_CLS), "sched_cls");
	ck_assert_str_eq(bl_prog_type_name(BPF_PROG_TYPE_TRACING), "tracing");
	ck_assert_str_eq(bl_prog_type_name((enum bpf_prog_type)9999), "unknown");
	ck_assert_str_eq(bl_prog_type_name((enum bpf_prog_type)-1), "unknown");
}
END_TEST

START_TEST(map_type_names)
{
	ck_assert_str_eq(bl_map_type_name(BPF_MAP_TYPE_HASH), "hash");
	ck_assert_str_eq(bl_map_type_name(BPF_MAP_TYPE_ARRAY), "array");
	ck_assert_str_eq(bl_map_type_name(BPF_MAP_TYPE_PERCPU_HASH), "percpu_hash");
	ck_assert_str_eq(bl_map_type_name(BPF_MAP_TYPE_PERCPU_ARRAY), "percpu_array");
	ck_assert_str_eq(bl_map_type_name(BPF_MAP_TYPE_PERF_EVENT_ARRAY), "perf_event_array");
	ck_assert_str_eq(bl_map_type_name(BPF_MAP_TYPE_RINGBUF), "ringbuf");
	ck_assert_str_eq(bl_map_type_name(BPF_MAP_TYPE_LRU_HASH), "lru_hash");
	ck_assert_str_eq(bl_map_type_name((enum bpf_map_type)9999), "unknown");
}
END_TEST

START_TEST(attach_and_reloc_names)
{
	static const enum bl_attach_kind kinds[] = {
		BL_ATTACH_NONE, BL_ATTACH_KPROBE, BL_ATTACH_KRETPROBE, BL_ATTACH_KSYSCALL,
		BL_ATTACH_KRETSYSCALL, BL_ATTACH_UPROBE, BL_ATTACH_URETPROBE,
		BL_ATTACH_TRACEPOINT, BL_ATTACH_RAW_TRACEPOINT, BL_ATTACH_BTF_TRACE,
		BL_ATTACH_FREPLACE, BL_ATTACH_ITER, BL_ATTACH_USDT, BL_ATTACH_KPROBE_MULTI,
		BL_ATTACH_KRETPROBE_MULTI, BL_ATTACH_UPROBE_MULTI, BL_ATTACH_URETPROBE_MULTI,
	};
	const size_t nk = sizeof(kinds) / sizeof(kinds[0]);

	/* every kind has its own, known name */
	for (size_t i = 0; i < nk; i++) {
		const char *a = bl_attach_kind_name(kinds[i]);

		ck_assert_ptr_nonnull(a);
		ck_assert_str_ne(a, "unknown");
		for (size_t j = 0; j < i; j++)
			ck_assert_str_ne(a, bl_attach_kind_name(kinds[j]));
	}
	ck_assert_str_eq(bl_attach_kind_name((enum bl_attach_kind)999), "unknown");

	for (int k = BL_RELOC_MAP; k <= BL_RELOC_EXTERN; k++) {
		const char *a = bl_reloc_kind_name((enum bl_reloc_kind)k);

		ck_assert_ptr_nonnull(a);
		ck_assert_uint_gt(strlen(a), 0);
		for (int j = BL_RELOC_MAP; j < k; j++)
			ck_assert_str_ne(a, bl_reloc_kind_name((enum bl_reloc_kind)j));
	}
}
END_TEST

TCase *tcase_section_table(void)
{
	TCase *tc = tcase_create("table");
	size_t n = 0;

	bl_section_defs(&n);
	tcase_add_test(tc, table_is_sane);
	tcase_add_loop_test(tc, entry_obeys_pattern, 0, (int)n);
	return tc;
}

TCase *tcase_names(void)
{
	TCase *tc = tcase_create("type_names");

	tcase_add_test(tc, prog_type_names);
	tcase_add_test(tc, map_type_names);
	tcase_add_test(tc, attach_and_reloc_names);
	return tc;
}
