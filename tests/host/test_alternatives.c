/* tests/host/test_alternatives.c — groups of alternatives on the running
 * kernel (docs/alternatives.md; loader/load/alternatives.c, the group
 * attach of loader/attach/attach.c): one implementation of an event
 * attached, counted once per event; a fallback when the chosen one
 * cannot be attached; unused programs that failed to load are no
 * failure; --all-alternatives, --skip and --prog override the rule.
 *
 * The objects: bpf-progs/test_alternatives.bpf.c (sys_enter three times,
 * sys_enter_getppid twice; slot N of alt_calls counts the calls of this
 * process seen by one program), test_alt_kprobe.bpf.c (fentry/kprobe and
 * fexit/kretprobe of do_unlinkat), test_alt_reject.bpf.c (rejected
 * alternatives). The assertions hold whether the kernel and bpfload
 * take tp_btf and fentry or not: the chosen rank is the lowest that
 * loaded, whichever that is here.
 */
#include "host.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CALLS 50

/* The object at path read, its target_tgid set to this process. */
static struct bl_object_spec *read_for_me(const char *path)
{
	struct bl_object_spec *obj = ut_read_ok(path);
	struct bl_err err;
	char tgid[32];

	snprintf(tgid, sizeof(tgid), "%d", getpid());
	ck_assert_msg(bl_object_spec_set_var(obj, "target_tgid", tgid, &err) == 0, "%s", err.msg);
	return obj;
}

static struct bl_prog *prog(struct bl_object *l, const char *name)
{
	struct bl_prog *p = bl_object_find_prog(l, name);

	ck_assert_msg(p != NULL, "no program %s", name);
	return p;
}

static bool attached(const struct bl_prog *p)
{
	return p->link.link_fd >= 0 || p->link.perf_fd >= 0;
}

/* The lowest rank of group g whose programs all loaded, -1 if none. */
static int lowest_loaded_rank(const struct bl_object *l, size_t g)
{
	const struct bl_alt_group *grp = &l->spec->alt_groups[g];
	int best = -1;

	for (size_t k = grp->member_cnt; k-- > 0;) {
		const struct bl_prog *p = &l->progs[grp->members[k]];
		bool whole = true;

		for (size_t j = 0; j < grp->member_cnt; j++) {
			const struct bl_prog *q = &l->progs[grp->members[j]];

			if (q->spec->alt_rank == p->spec->alt_rank && q->state != BL_PROG_LOADED)
				whole = false;
		}
		if (whole)
			best = (int)p->spec->alt_rank;
	}
	return best;
}

/* sys_enter: of tp_btf, raw_tp, tracepoint, exactly the lowest loaded
 * rank is attached, and counts; the others count nothing (both attached
 * would count every call twice). sys_enter_getppid: raw_tp loads but
 * cannot be attached (ENOENT), so the tracepoint is. */
START_TEST(one_implementation_per_event)
{
	struct bl_object_spec *obj;
	const char *names[] = { "on_btf", "on_raw", "on_tp" };
	struct bl_err err = { "" };
	struct bl_object *l;
	int rank;

	UT_PROG(path, "test_alternatives");
	obj = read_for_me(path);
	ck_assert_msg(bl_load(obj, NULL, &l, &err) == 0, "%s", err.msg);
	ck_assert(bl_object_usable(l));
	ck_assert_uint_eq(l->alt_cnt, 2);
	ck_assert(l->alts[0].active && l->alts[1].active);
	rank = lowest_loaded_rank(l, 0);
	/* raw_tp and tracepoint load on every kernel of these tests */
	ck_assert_int_ge(rank, 0);
	ck_assert_int_le(rank, BL_ALT_RANK_RAW);
	ck_assert_int_eq(l->alts[0].loaded_rank, rank);
	ck_assert_int_eq(prog(l, "on_tp")->alt, BL_ALT_FALLBACK);
	if (prog(l, "on_btf")->state != BL_PROG_LOADED) { /* no tp_btf here */
		ck_assert_int_eq(prog(l, "on_btf")->alt, BL_ALT_UNUSED);
		ck_assert(!bl_prog_failed(prog(l, "on_btf")));
	}
	ck_assert_msg(bl_attach(l, NULL, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(l->alts[0].attached_rank, rank);
	for (int r = 0; r <= 2; r++)
		ck_assert_msg(attached(prog(l, names[r])) == (r == rank), "%s attached: %d",
			      names[r], attached(prog(l, names[r])));
	/* the fallback of sys_enter_getppid */
	ck_assert_int_eq(l->alts[1].attached_rank, BL_ALT_RANK_PERF);
	ck_assert(!attached(prog(l, "getppid_raw")));
	ck_assert_msg(prog(l, "getppid_raw")->attach_error &&
		      strstr(prog(l, "getppid_raw")->attach_error, "ENOENT"), "%s",
		      prog(l, "getppid_raw")->attach_error ? prog(l, "getppid_raw")->attach_error : "(none)");
	ck_assert(attached(prog(l, "getppid_tp")));

	ht_getppid_times(CALLS);
	for (int r = 0; r <= 2; r++) {
		uint64_t n = ht_lookup_u64(l, "alt_calls", (uint32_t)r);

		if (r == rank)
			ck_assert_msg(n >= CALLS, "slot %d (%s): %llu calls", r, names[r],
				      (unsigned long long)n);
		else
			ck_assert_msg(n == 0, "slot %d (%s) counted %llu: two implementations attached",
				      r, names[r], (unsigned long long)n);
	}
	ck_assert_uint_eq(ht_lookup_u64(l, "alt_calls", 3), 0);
	ck_assert_uint_ge(ht_lookup_u64(l, "alt_calls", 4), CALLS);
	/* detached: the attach errors are forgotten */
	bl_detach(l);
	ck_assert_ptr_null(prog(l, "getppid_raw")->attach_error);
	ck_assert_int_eq(l->alts[1].attached_rank, -1);
	bl_close(l);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* --all-alternatives: raw_tp and tracepoint both attached, each call
 * counted by both (the counts show that the test above could fail). */
START_TEST(all_alternatives_attach_each)
{
	struct bl_object_spec *obj;
	const char *skip[] = { "on_btf", "getppid_raw" };
	struct bl_load_opts o = { .log_level = 1, .skip_progs = skip, .skip_prog_cnt = 2,
				  .all_alternatives = true };
	struct bl_err err = { "" };
	struct bl_object *l;

	UT_PROG(path, "test_alternatives");
	obj = read_for_me(path);
	ck_assert_msg(bl_load(obj, &o, &l, &err) == 0, "%s", err.msg);
	ck_assert(!l->alts[0].active && !l->alts[1].active);
	ck_assert_int_eq(prog(l, "on_raw")->alt, BL_ALT_NONE);
	ck_assert_msg(bl_attach(l, NULL, &err) == 0, "%s", err.msg);
	ck_assert(attached(prog(l, "on_raw")) && attached(prog(l, "on_tp")));
	ht_getppid_times(CALLS);
	ck_assert_uint_ge(ht_lookup_u64(l, "alt_calls", 1), CALLS);
	ck_assert_uint_ge(ht_lookup_u64(l, "alt_calls", 2), CALLS);
	bl_close(l);

	/* without the skip, the raw tracepoint sys_enter_getppid fails the attach */
	o.skip_prog_cnt = 1;
	ck_assert_msg(bl_load(obj, &o, &l, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(bl_attach(l, NULL, &err), -ENOENT);
	ck_assert_msg(strstr(err.msg, "getppid_raw"), "%s", err.msg);
	for (size_t i = 0; i < l->prog_cnt; i++)
		ck_assert(!attached(&l->progs[i]));
	bl_close(l);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* --skip leaving one mechanism: no group in play, that one is attached;
 * --prog naming two alternatives: both are. */
START_TEST(skip_and_prog_override)
{
	struct bl_object_spec *obj;
	const char *skip[] = { "on_btf", "on_raw" };
	const char *only[] = { "on_raw", "on_tp" };
	struct bl_load_opts so = { .log_level = 1, .skip_progs = skip, .skip_prog_cnt = 2 };
	struct bl_load_opts po = { .log_level = 1, .only_progs = only, .only_prog_cnt = 2 };
	struct bl_err err = { "" };
	struct bl_object *l;

	UT_PROG(path, "test_alternatives");
	obj = read_for_me(path);
	ck_assert_msg(bl_load(obj, &so, &l, &err) == 0, "%s", err.msg);
	ck_assert(!l->alts[0].active);	/* only the tracepoint left */
	ck_assert(l->alts[1].active);	/* getppid: untouched */
	ck_assert_msg(bl_attach(l, NULL, &err) == 0, "%s", err.msg);
	ck_assert(attached(prog(l, "on_tp")) && !attached(prog(l, "on_raw")));
	ht_getppid_times(CALLS);
	ck_assert_uint_ge(ht_lookup_u64(l, "alt_calls", 2), CALLS);
	ck_assert_uint_eq(ht_lookup_u64(l, "alt_calls", 1), 0);
	bl_close(l);

	ck_assert_msg(bl_load(obj, &po, &l, &err) == 0, "%s", err.msg);
	ck_assert(!l->alts[0].active);
	ck_assert_int_eq(prog(l, "getppid_tp")->state, BL_PROG_SKIPPED);
	ck_assert_msg(bl_attach(l, NULL, &err) == 0, "%s", err.msg);
	ck_assert(attached(prog(l, "on_tp")) && attached(prog(l, "on_raw")));
	bl_close(l);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* A rejected alternative is no failure when another loads; a group none
 * of whose programs loads fails the load, naming the group. */
START_TEST(rejected_alternatives)
{
	const char *skip[] = { "exit_raw", "exit_tp" };
	struct bl_load_opts so = { .log_level = 1, .skip_progs = skip, .skip_prog_cnt = 2 };
	struct bl_load_opts ko = { .keep_going = true, .log_level = 1 };
	struct bl_err err = { "" };
	struct bl_object_spec *obj;
	struct bl_object *l;

	UT_PROG(path, "test_alt_reject");
	obj = ut_read_ok(path);
	/* without keep_going too: enter_raw's rejection does not stop it */
	ck_assert_msg(bl_load(obj, &so, &l, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(prog(l, "enter_raw")->state, BL_PROG_REJECTED);
	ck_assert_int_eq(prog(l, "enter_raw")->alt, BL_ALT_UNUSED);
	ck_assert_int_eq(prog(l, "enter_tp")->alt, BL_ALT_CHOSEN);
	ck_assert(bl_object_usable(l));
	bl_close(l);

	ck_assert_int_eq(bl_load(obj, NULL, &l, &err), -EACCES);
	ck_assert_msg(strstr(err.msg, "tracepoint sys_exit: none of its alternatives loaded") &&
		      strstr(err.msg, "raw_tp/sys_exit") &&
		      strstr(err.msg, "tracepoint/raw_syscalls/sys_exit"), "%s", err.msg);
	ck_assert(!bl_object_usable(l));
	ck_assert(bl_prog_failed(prog(l, "exit_raw")) && bl_prog_failed(prog(l, "exit_tp")));
	ck_assert(!bl_prog_failed(prog(l, "enter_raw")));
	bl_close(l);

	/* keep_going (verify): every program tried, the same verdicts */
	ck_assert_int_eq(bl_load(obj, &ko, &l, &err), -EACCES);
	ck_assert_int_eq(l->alts[1].loaded_rank, -1);
	ck_assert_int_eq(prog(l, "exit_tp")->alt, BL_ALT_NONE);
	ck_assert_int_eq(l->alts[0].loaded_rank, BL_ALT_RANK_PERF);
	bl_close(l);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

/* fentry/kprobe of do_unlinkat: the load always succeeds (kprobes load
 * everywhere); the attach needs trampolines or kprobes. Where neither
 * works, the error names the group and each member's fate. */
START_TEST(function_entry_and_return)
{
	struct bl_load_opts o = { .log_level = 1 };
	struct bl_err err = { "" };
	struct bl_object_spec *obj;
	struct bl_object *l;
	char file[64];
	int ret, fd;

	UT_PROG(path, "test_alt_kprobe");
	obj = read_for_me(path);
	ck_assert_msg(bl_load(obj, &o, &l, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(l->alt_cnt, 2);
	ck_assert_int_eq(prog(l, "entry_kprobe")->state, BL_PROG_LOADED);
	ck_assert_int_eq(l->alts[0].loaded_rank, lowest_loaded_rank(l, 0));
	ret = bl_attach(l, NULL, &err);
	if (prog(l, "entry_btf")->state != BL_PROG_LOADED && !ht_have_kprobe_pmu() &&
	    !ht_have_kprobe_events()) {
		/* this machine: no trampolines loaded, no kprobes */
		ck_assert_int_eq(ret, -EOPNOTSUPP);
		ck_assert_msg(strstr(err.msg, "function entry do_unlinkat: none of its alternatives can be attached") &&
			      strstr(err.msg, "fentry/do_unlinkat (entry_btf): not loaded") &&
			      strstr(err.msg, "kprobe/do_unlinkat (entry_kprobe): ") &&
			      strstr(err.msg, "kprobes"), "%s", err.msg);
		for (size_t i = 0; i < l->prog_cnt; i++)
			ck_assert(!attached(&l->progs[i]));
	} else {
		ck_assert_msg(ret == 0, "%s", err.msg);
		snprintf(file, sizeof(file), "/tmp/bl_alt_%d", getpid());
		for (int i = 0; i < 5; i++) {
			fd = open(file, O_CREAT | O_WRONLY, 0600);
			ck_assert_int_ge(fd, 0);
			close(fd);
			ck_assert_int_eq(unlink(file), 0);
		}
		for (size_t g = 0; g < 2; g++) {
			int r = l->alts[g].attached_rank;
			uint32_t used = (uint32_t)(2 * g + (r == BL_ALT_RANK_BTF ? 0 : 1));

			ck_assert_int_ge(r, 0);
			ck_assert_uint_ge(ht_lookup_u64(l, "alt_unlinks", used), 5);
			ck_assert_uint_eq(ht_lookup_u64(l, "alt_unlinks", used ^ 1), 0);
		}
	}
	bl_close(l);
	bl_object_spec_free(obj);
	free(path);
}
END_TEST

Suite *suite_alternatives(void)
{
	Suite *s = suite_create("alternatives");
	TCase *tc = tcase_create("alternatives");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, one_implementation_per_event);
	tcase_add_test(tc, all_alternatives_attach_each);
	tcase_add_test(tc, skip_and_prog_override);
	tcase_add_test(tc, rejected_alternatives);
	tcase_add_test(tc, function_entry_and_return);
	suite_add_tcase(s, tc);
	return s;
}
