/* tests/unit/test_sys_attr.c — the attr size each bpf(2) wrapper of
 * loader/sys/sys.c passes (BL_ATTR_SIZE: offsetof + sizeof of the last
 * member the command uses) against the byte offsets of union bpf_attr's
 * members worked out by hand from include/uapi/linux/bpf.h; and the
 * feature table of loader/sys/features.c: a distinct name and a
 * description for every enum bl_feature. Pure: no system call. */
#include "unit.h"

#include <string.h>

#include "loader/sys/features.h"
#include "loader/sys/sys.h"

START_TEST(attr_sizes_follow_the_uapi_layout)
{
	/* map_type .. btf_vmlinux_value_type_id are 16 u32 with map_name[16]
	 * at 28; map_extra, a u64, at 64 */
	ck_assert_uint_eq(bl_sys_attr_size(BPF_MAP_CREATE), 72);
	/* map_fd 0, key 8, value/next_key 16, flags 24 */
	ck_assert_uint_eq(bl_sys_attr_size(BPF_MAP_LOOKUP_ELEM), 32);
	ck_assert_uint_eq(bl_sys_attr_size(BPF_MAP_UPDATE_ELEM), 32);
	ck_assert_uint_eq(bl_sys_attr_size(BPF_MAP_DELETE_ELEM), 16);
	ck_assert_uint_eq(bl_sys_attr_size(BPF_MAP_GET_NEXT_KEY), 24);
	ck_assert_uint_eq(bl_sys_attr_size(BPF_MAP_FREEZE), 4);
	/* ... core_relo_rec_size at 136, log_true_size at 140 */
	ck_assert_uint_eq(bl_sys_attr_size(BPF_PROG_LOAD), 144);
	/* btf 0, btf_log_buf 8, btf_size 16, btf_log_size 20, btf_log_level 24 */
	ck_assert_uint_eq(bl_sys_attr_size(BPF_BTF_LOAD), 28);
	/* pathname 0, bpf_fd 8 */
	ck_assert_uint_eq(bl_sys_attr_size(BPF_OBJ_PIN), 12);
	ck_assert_uint_eq(bl_sys_attr_size(BPF_OBJ_GET), 8);
	/* info: bpf_fd 0, info_len 4, info 8 */
	ck_assert_uint_eq(bl_sys_attr_size(BPF_OBJ_GET_INFO_BY_FD), 16);
	ck_assert_uint_eq(bl_sys_attr_size(BPF_PROG_GET_NEXT_ID), 8);
	/* raw_tracepoint: name 0, prog_fd 8 */
	ck_assert_uint_eq(bl_sys_attr_size(BPF_RAW_TRACEPOINT_OPEN), 12);
	/* link_create: prog_fd 0, target_fd 4, attach_type 8 */
	ck_assert_uint_eq(bl_sys_attr_size(BPF_LINK_CREATE), 12);
	/* test: prog_fd 0, retval, data_size_in, data_size_out, data_in 16,
	 * data_out 24, repeat 32, duration, ctx_size_in 40, ctx_size_out, ctx_in 48 */
	ck_assert_uint_eq(bl_sys_attr_size(BPF_PROG_TEST_RUN), 56);
	/* iter_create: link_fd 0, flags 4 */
	ck_assert_uint_eq(bl_sys_attr_size(BPF_ITER_CREATE), 8);
	/* start_id/btf_id 0, next_id 4, open_flags 8 */
	ck_assert_uint_eq(bl_sys_attr_size(BPF_BTF_GET_FD_BY_ID), 12);
	ck_assert_uint_eq(bl_sys_attr_size(BPF_PROG_GET_FD_BY_ID), 12);
	ck_assert_uint_eq(bl_sys_attr_size(BPF_BTF_GET_NEXT_ID), 8);
	ck_assert_uint_eq(bl_sys_attr_size(BPF_ENABLE_STATS), 0); /* no wrapper */
}
END_TEST

START_TEST(offsetofend_is_offset_plus_size)
{
	struct s {
		char a;
		int b;
		struct { short c; long long d; } in;
	};

	ck_assert_uint_eq(BL_OFFSETOFEND(struct s, a), 1);
	ck_assert_uint_eq(BL_OFFSETOFEND(struct s, b), 8);
	ck_assert_uint_eq(BL_OFFSETOFEND(struct s, in.d), offsetof(struct s, in) + 16);
	ck_assert_uint_le(BL_ATTR_SIZE(map_extra), sizeof(union bpf_attr));
}
END_TEST

START_TEST(every_feature_has_a_name)
{
	for (int f = 0; f < BL_FEAT_CNT; f++) {
		ck_assert_str_ne(bl_feature_name(f), "?");
		ck_assert_str_ne(bl_feature_desc(f), "?");
		for (int g = 0; g < f; g++)
			ck_assert_str_ne(bl_feature_name(f), bl_feature_name(g));
	}
	ck_assert_str_eq(bl_feature_name(BL_FEAT_CNT), "?");
	ck_assert_str_eq(bl_feature_name((enum bl_feature)-1), "?");
	ck_assert_uint_eq(bl_feature_probe_runs(BL_FEAT_RINGBUF), 0); /* nothing asked */
}
END_TEST

Suite *suite_sys_attr(void)
{
	Suite *s = suite_create("sys_attr");
	TCase *tc = tcase_create("sizes");

	tcase_add_test(tc, attr_sizes_follow_the_uapi_layout);
	tcase_add_test(tc, offsetofend_is_offset_plus_size);
	tcase_add_test(tc, every_feature_has_a_name);
	suite_add_tcase(s, tc);
	return s;
}
