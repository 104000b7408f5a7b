/* tests/host/test_features.c — the feature table of loader/sys/features.c
 * on the running kernel (6.18 on the development host): every probe runs
 * once and its answer is cached, and what any kernel since 6.0 has is
 * reported present. Needs root (the probes load programs). */
#include "host.h"

#include <stdio.h>

#include "loader/sys/features.h"
#include "loader/sys/kernel_version.h"

START_TEST(answers_are_cached)
{
	for (int f = 0; f < BL_FEAT_CNT; f++) {
		bool first = bl_kernel_has(f);

		ck_assert_int_eq(bl_kernel_has(f), first);
		ck_assert_int_eq(bl_kernel_probe(f)->err == 0, first);
		ck_assert_msg(bl_feature_probe_runs(f) == 1, "%s probed %u times",
			      bl_feature_name(f), bl_feature_probe_runs(f));
	}
}
END_TEST

START_TEST(a_recent_kernel_has_them)
{
	static const enum bl_feature want[] = {
		BL_FEAT_PROG_LOAD, BL_FEAT_ARRAY_MAP, BL_FEAT_BTF_FUNC, BL_FEAT_BTF_GLOBAL_FUNC,
		BL_FEAT_BTF_DATASEC, BL_FEAT_BTF_FLOAT, BL_FEAT_BTF_DECL_TAG, BL_FEAT_BTF_TYPE_TAG,
		BL_FEAT_BTF_ENUM64, BL_FEAT_MMAPABLE_ARRAY, BL_FEAT_BPF_COOKIE, BL_FEAT_PERF_LINK,
		BL_FEAT_RAW_TRACEPOINT, BL_FEAT_RINGBUF, BL_FEAT_PERFBUF,
	};

	if (bl_running_kernel_version() < (6u << 16)) {
		fprintf(stderr, "SKIP %s: the kernel is older than 6.0\n", __func__);
		return;
	}
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ck_assert_msg(bl_kernel_has(want[i]), "%s missing: %s: %d",
			      bl_feature_name(want[i]), bl_kernel_probe(want[i])->step,
			      bl_kernel_probe(want[i])->err);
	ck_assert_uint_eq(bl_btf_missing_features(), 0);
}
END_TEST

Suite *suite_features(void)
{
	Suite *s = suite_create("features");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, answers_are_cached);
	tcase_add_test(tc, a_recent_kernel_has_them);
	suite_add_tcase(s, tc);
	return s;
}
