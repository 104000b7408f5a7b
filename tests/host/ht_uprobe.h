/* tests/host/ht_uprobe.h — what the uprobe host tests share
 * (test_uprobe.c, test_uprobe_events.c).
 *
 * The probed function is one of the host test binary itself,
 * ht_uprobe_add: the tests need no other file, and run the same in the
 * VMs, where host_tests is a static executable. */
#ifndef BL_HT_UPROBE_H
#define BL_HT_UPROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "loader/bpfload.h"

/* The function the tests probe: a + b, never inlined. */
long ht_uprobe_add(long a, long b);
/* Calls it n times with (a, b) through a volatile pointer; returns the sum. */
long ht_uprobe_call(int n, long a, long b);

/* "/path/to/host_tests:ht_uprobe_add" (static storage). */
const char *ht_uprobe_target(void);
/* The path of the host test binary. */
const char *ht_uprobe_self(void);

/* test_uprobe.bpf.o's calls map, entry of process tgid: false if none. */
struct ht_call_stats {
	uint64_t entries, returns, arg1, arg2, ret;
};
bool ht_uprobe_stats(struct bl_object *l, int tgid, struct ht_call_stats *out);

/* Loads test_uprobe.bpf.o (failing the test if it cannot) with the
 * target and mode set, not yet attached; false (SKIP printed) when the
 * object is not built. */
struct ht_run;
bool ht_uprobe_load(struct ht_run *r, enum bl_probe_mode mode, int pid);

/* tracefs uprobe_events: lines containing needle; lines of
 * bpfload_<pid>_ events; append one command (O_APPEND). */
int ht_uprobe_events_with(const char *needle);
int ht_uprobe_events_of_pid(int pid);
void ht_uprobe_events_write(const char *cmd);
bool ht_have_uprobe_events(void);
bool ht_have_uprobe_pmu(void);

/* test_uprobe_events.c: the tracefs events' hygiene, added to suite_uprobe. */
#include <check.h>
TCase *tcase_uprobe_events(void);

#endif
