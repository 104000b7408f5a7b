/* tests/unit/test_permissions.c — the RLIMIT_MEMLOCK retry of
 * loader/sys/permissions.c (getrlimit(2), setrlimit(2)), through a stand-in
 * for the load: kernels since 5.11 never charge BPF memory to the limit,
 * so the host tests cannot reach the "raise" branch; here a fake attempt
 * fails with EPERM as a kernel before 5.11 would while the limit is low.
 *
 * Each test changes its own process's limits and capabilities: Check
 * runs it in a child of its own. */
#include "unit.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "loader/sys/permissions.h"

struct fake {
	int calls;
	int fail_with;		/* returned while the soft limit is below need */
	rlim_t need;		/* bytes this "load" locks */
};

/* A load that fails like bpf(BPF_MAP_CREATE) did before Linux 5.11. */
static int fake_attempt(void *ctx)
{
	struct fake *f = ctx;
	struct rlimit r;

	f->calls++;
	ck_assert_int_eq(getrlimit(RLIMIT_MEMLOCK, &r), 0);
	return r.rlim_cur < f->need ? f->fail_with : 0;
}

static void set_memlock(rlim_t soft, rlim_t hard)
{
	struct rlimit r = { soft, hard };

	ck_assert_msg(setrlimit(RLIMIT_MEMLOCK, &r) == 0, "setrlimit(%llu, %llu): %s",
		      (unsigned long long)soft, (unsigned long long)hard, strerror(errno));
}

static rlim_t soft_memlock(void)
{
	struct rlimit r;

	ck_assert_int_eq(getrlimit(RLIMIT_MEMLOCK, &r), 0);
	return r.rlim_cur;
}

/* want, or the hard limit when that is lower (a user cannot raise it). */
static rlim_t at_most_hard(rlim_t want)
{
	struct rlimit r;

	ck_assert_int_eq(getrlimit(RLIMIT_MEMLOCK, &r), 0);
	return r.rlim_max < want ? r.rlim_max : want;
}

/* Without CAP_SYS_RESOURCE the hard limit cannot be raised. */
static void drop_sys_resource(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	ck_assert_int_eq(syscall(SYS_capget, &hdr, data), 0);
	data[CAP_SYS_RESOURCE / 32].effective &= ~(UINT32_C(1) << (CAP_SYS_RESOURCE % 32));
	ck_assert_int_eq(syscall(SYS_capset, &hdr, data), 0);
}

/* EPERM under a low limit: raised, tried again, and it works. */
START_TEST(eperm_raises_and_retries)
{
	rlim_t hard = at_most_hard(1 << 20);
	struct fake f = { 0, -EPERM, hard };
	bool raised = false;

	ck_assert_uint_gt(hard, 0);
	drop_sys_resource(); /* raised as far as the hard limit, then */
	set_memlock(0, hard);
	ck_assert_int_eq(bl_memlock_retry(fake_attempt, &f, &raised), 0);
	ck_assert_int_eq(f.calls, 2);
	ck_assert(raised);
	ck_assert_uint_eq(soft_memlock(), hard);
}
END_TEST

/* Nothing to raise (soft = hard, no CAP_SYS_RESOURCE): tried once, the
 * EPERM is the caller's to explain. */
START_TEST(eperm_without_room_is_returned)
{
	rlim_t hard = at_most_hard(4096);
	struct fake f = { 0, -EPERM, hard + 1 };
	bool raised = true;

	drop_sys_resource();
	set_memlock(hard, hard);
	ck_assert_int_eq(bl_memlock_retry(fake_attempt, &f, &raised), -EPERM);
	ck_assert_int_eq(f.calls, 1);
	ck_assert(!raised);
	ck_assert_uint_eq(soft_memlock(), hard);
}
END_TEST

/* Success, or another errno: tried once, the limit left alone. */
START_TEST(other_outcomes_leave_the_limit)
{
	struct fake ok = { 0, -EPERM, 0 }, other = { 0, -EACCES, 64 << 10 };
	bool raised = true;

	set_memlock(0, at_most_hard(1 << 20));
	ck_assert_int_eq(bl_memlock_retry(fake_attempt, &ok, &raised), 0);
	ck_assert_int_eq(ok.calls, 1);
	ck_assert(!raised);
	ck_assert_int_eq(bl_memlock_retry(fake_attempt, &other, &raised), -EACCES);
	ck_assert_int_eq(other.calls, 1);
	ck_assert(!raised);
	ck_assert_uint_eq(soft_memlock(), 0);
}
END_TEST

Suite *suite_permissions(void)
{
	Suite *s = suite_create("permissions");
	TCase *tc = tcase_create("memlock");

	tcase_add_test(tc, eperm_raises_and_retries);
	tcase_add_test(tc, eperm_without_room_is_returned);
	tcase_add_test(tc, other_outcomes_leave_the_limit);
	suite_add_tcase(s, tc);
	return s;
}
