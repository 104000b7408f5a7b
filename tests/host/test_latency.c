/* tests/host/test_latency.c — bpf-progs/latency_hist.bpf.c: the latency
 * of clock_nanosleep(2) in a log2 histogram of microseconds, one per
 * comm. The test names itself (prctl PR_SET_NAME, which sets the comm
 * the program reads with bpf_get_current_comm), sleeps N times for a
 * known time and reads its own histogram back with BPF_MAP_LOOKUP_ELEM.
 * A sleep lasts at least what was asked and, on a loaded machine or in
 * an emulated VM, may last longer: no count may fall below the asked
 * time's slot, and the lowest slot with counts must be that one. 1.05 ms
 * leaves almost a millisecond of overshoot inside slot 10 (1024 -> 2047
 * us); a round where every sleep overshot more is tried again (three
 * rounds, each under a comm of its own).
 */
#include "host.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SLOTS 27	/* MAX_SLOTS of latency_hist.bpf.c */

struct hist_key {
	char comm[16];
};

/* clock_nanosleep itself (glibc's nanosleep is it too). On 32-bit arm
 * the tracepoint syscalls/sys_enter_clock_nanosleep is the one of
 * clock_nanosleep_time64 (its 64-bit __kernel_timespec; the 32-bit
 * time_t one there is clock_nanosleep_time32: kernel/time/posix-timers.c),
 * which glibc's nanosleep calls first: so does this. */
static void sleep_us(long us)
{
#if defined(__NR_clock_nanosleep_time64) && !defined(__LP64__)
	struct { int64_t tv_sec, tv_nsec; } ts = { 0, us * 1000 };

	ck_assert_int_eq(syscall(__NR_clock_nanosleep_time64, CLOCK_MONOTONIC, 0, &ts, NULL), 0);
#else
	struct timespec ts = { 0, us * 1000 };

	ck_assert_int_eq(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, NULL), 0);
#endif
}

static void read_hist(struct bl_object *l, const char *comm, uint32_t slots[SLOTS])
{
	struct bl_map *m = bl_object_find_map(l, "latency_usecs");
	struct hist_key key;

	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->spec->value_size, SLOTS * sizeof(uint32_t));
	memset(&key, 0, sizeof(key));
	memcpy(key.comm, comm, strnlen(comm, sizeof(key.comm) - 1));
	ck_assert_msg(bl_map_lookup(m, &key, slots) == 0, "no histogram for comm %s", comm);
}

START_TEST(latency_hist_counts_sleeps_in_their_slot)
{
	enum { N = 20, US = 1050 };	/* 1.05 ms: slot 10, 1024 -> 2047 us */
	struct ht_run r = { 0 };
	uint32_t slots[SLOTS];
	int lowest = -1;

	UT_PROG(path, "latency_hist");
	free(path);
	if (ht_skip_without_tracepoint("syscalls/sys_exit_clock_nanosleep", __func__))
		return;
	ht_start(&r, "latency_hist");
	for (int round = 0; round < 3 && lowest != 10; round++) {
		char comm[16];
		uint32_t total = 0;

		snprintf(comm, sizeof(comm), "bl-latency-%d", round);
		ck_assert_int_eq(prctl(PR_SET_NAME, comm, 0, 0, 0), 0);
		for (int i = 0; i < N; i++)
			sleep_us(US);
		read_hist(r.l, comm, slots);
		lowest = -1;
		for (int i = 0; i < SLOTS; i++) {
			total += slots[i];
			if (slots[i] && lowest < 0)
				lowest = i;
		}
		ck_assert_uint_eq(total, N);
		ck_assert_msg(lowest >= 10, "a sleep of %d us counted in slot %d", US, lowest);
	}
	ck_assert_msg(lowest == 10, "lowest slot with counts %d in three rounds, expected 10 (1024 -> 2047 us)",
		      lowest);
	/* the start time of this thread was taken out again at exit */
	ck_assert(!ht_has_key(r.l, "latency_start", (uint32_t)syscall(SYS_gettid)));
	/* a comm that never slept has no histogram */
	struct hist_key none = { "bl-never-slept" };
	ck_assert_int_eq(bl_map_lookup(bl_object_find_map(r.l, "latency_usecs"), &none, slots), -ENOENT);
	ht_stop(&r);
}
END_TEST

Suite *suite_latency(void)
{
	Suite *s = suite_create("latency");
	TCase *tc = tcase_create("latency_hist");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, latency_hist_counts_sleeps_in_their_slot);
	suite_add_tcase(s, tc);
	return s;
}
