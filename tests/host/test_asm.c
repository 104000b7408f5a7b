/* tests/host/test_asm.c — every asm-tests/NAME.s through the normal load
 * path, its verdict compared with the one its header comment states:
 *
 *   # expect: accepted | rejected | unsupported
 *   # message: text the verifier log (rejected) or bpfload's reason
 *   #          (unsupported: bpfload cannot load it yet) must contain
 *   # min-kernel: X.Y (optional) the kernel since which the message and
 *              class hold; older kernels are held to the verdict only
 *   # error-class: the class loader/verifier/verifier_classify.c gives the log of
 *   #          the rejected program (required when rejected)
 *   # needs: kernel-btf | 64-bit [why] (optional) what the running kernel must
 *   #          have for the verdict to hold: /sys/kernel/btf/vmlinux, or
 *   #          8-byte longs (pt_regs offsets past 32-bit arm's); without it
 *   #          the file is skipped, one SKIP line (tests/vm/tests.d/
 *   #          90-min-kernel.sh holds such kernels to a refusal naming why)
 *
 * One loop iteration per source file, so new files are covered without
 * new code; a file without an "expect:" line fails, and so does a source
 * whose object was not built. The sources are listed, not the objects:
 * an object left in build/ by an earlier checkout, whose source is gone,
 * is not a test.
 */
#include "host.h"

#include "arch/arch.h"
#include "loader/verifier/verifier_classify.h"

#include <glob.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

static glob_t sources; /* filled once, before Check forks */

struct expectation {
	char verdict[32];
	char message[256];
	char error_class[64];
	unsigned min_major, min_minor;	/* "# min-kernel: 6.4": 0.0 when absent */
	char needs[64];			/* "# needs: kernel-btf" */
};

/* build/asm-tests/NAME.o of asm-tests/NAME.s. */
static void object_of(const char *src, char *object, size_t size)
{
	const char *dir = getenv("BL_BUILD_DIR");
	char copy[512];
	char *name;

	snprintf(copy, sizeof(copy), "%s", src);
	name = basename(copy);
	name[strlen(name) - 2] = '\0'; /* drop ".s" */
	snprintf(object, size, "%s/asm-tests/%s.o", dir && *dir ? dir : "build", name);
}

/* Reads the header of the source file src. */
static void read_expectation(const char *src, struct expectation *e)
{
	char line[512];
	FILE *f;

	f = fopen(src, "r");
	ck_assert_msg(f != NULL, "cannot open %s", src);
	memset(e, 0, sizeof(*e));
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "# expect: ", 10))
			snprintf(e->verdict, sizeof(e->verdict), "%.31s", line + 10);
		else if (!strncmp(line, "# message: ", 11))
			snprintf(e->message, sizeof(e->message), "%.255s", line + 11);
		else if (sscanf(line, "# min-kernel: %u.%u", &e->min_major, &e->min_minor) == 2)
			;
		else if (!strncmp(line, "# error-class: ", 15))
			snprintf(e->error_class, sizeof(e->error_class), "%.63s", line + 15);
		else if (!strncmp(line, "# needs: ", 9))
			snprintf(e->needs, sizeof(e->needs), "%.63s", line + 9);
	}
	fclose(f);
	ck_assert_msg(e->verdict[0], "%s: header has no '# expect:' line", src);
}

/* Is the first word of the header's "needs:" (the rest says why) this? */
static bool needs_is(const struct expectation *e, const char *word)
{
	size_t n = strlen(word);

	return !strncmp(e->needs, word, n) && (e->needs[n] == '\0' || e->needs[n] == ' ');
}

/* Does the running kernel lack what the header's "needs:" names? Prints
 * the SKIP line, named after the test and the object, then. */
static bool skip_for_needs(const struct expectation *e, const char *test, const char *path)
{
	char what[600];

	if (!e->needs[0])
		return false;
	snprintf(what, sizeof(what), "%s (%.500s)", test, path);
	if (needs_is(e, "kernel-btf"))
		return ht_skip_without_vmlinux_btf(what);
	if (needs_is(e, "64-bit"))
		return ht_skip_on_32bit_kernel(what);
	ck_abort_msg("%s: '# needs: %s': neither kernel-btf nor 64-bit", path, e->needs);
	return true;
}

/* Is the running kernel older than the header's min-kernel? */
static bool older_kernel(const struct expectation *e)
{
	struct utsname u;
	unsigned major = 0, minor = 0;

	if (!e->min_major || uname(&u) != 0 || sscanf(u.release, "%u.%u", &major, &minor) != 2)
		return false;
	return major < e->min_major || (major == e->min_major && minor < e->min_minor);
}

START_TEST(verdict_matches_header)
{
	/* As `bpfload verify` asks: the end of a rejected program's log (its
	 * message is there), and on kernels before 6.4, which keep the start,
	 * no more than 1 MiB of it (see reject_too_large below). */
	struct bl_load_opts keep = { .keep_going = true, .log_level = 1, .log_tail_ok = true,
				     .log_size_max = 1u << 20 };
	const char *src = sources.gl_pathv[_i];
	struct bl_err err = { "" };
	char path[1024];
	struct expectation e;
	struct bl_object_spec *obj;
	struct bl_object *l;
	bool all_loaded = true, message_seen = false, unsupported = false, class_seen = false;
	char classes[1024] = "";

	read_expectation(src, &e);
	object_of(src, path, sizeof(path));
	ck_assert_msg(access(path, R_OK) == 0, "%s: its object %s was not built", src, path);
	if (skip_for_needs(&e, "verdict_matches_header", path))
		return;
	obj = ut_read_ok(path);
	/* An object that should load needs its program types: an older
	 * kernel (5.10: no syscall programs) skips it, asked of the kernel;
	 * tests/vm/tests.d/90-min-kernel.sh holds it to being refused there. */
	if (!strcmp(e.verdict, "accepted")) {
		for (size_t i = 0; i < obj->program_cnt; i++) {
			const struct bl_section_def *d = obj->programs[i].def;
			char what[192];

			snprintf(what, sizeof(what), "%u, of %.120s", d ? (unsigned)d->prog_type : 0, path);
			if (d && ht_skip_without_prog_type(d->prog_type, what, __func__)) {
				bl_object_spec_free(obj);
				return;
			}
		}
	}
	bl_load(obj, &keep, &l, &err);
	ck_assert_msg(l != NULL, "%s: %s", path, err.msg);
	for (size_t i = 0; i < l->prog_cnt; i++) {
		const struct bl_prog *p = &l->progs[i];

		if (p->state != BL_PROG_LOADED && p->state != BL_PROG_SKIPPED)
			all_loaded = false;
		if (p->state != BL_PROG_LOADED && e.message[0] && p->log && strstr(p->log, e.message))
			message_seen = true;
		if (p->state == BL_PROG_UNSUPPORTED)
			unsupported = true;
		if (p->state == BL_PROG_REJECTED) {
			struct bl_verifier_error ve;
			size_t n = strlen(classes);

			bl_verifier_classify(p->log, p->spec->def ? (int)p->spec->def->prog_type : 0,
					     bl_arch_native(), &ve);
			if (!strcmp(ve.id, e.error_class))
				class_seen = true;
			snprintf(classes + n, sizeof(classes) - n, "%s%s (%.120s)", n ? ", " : "", ve.id,
				 ve.message);
		}
	}
	if (!strcmp(e.verdict, "accepted")) {
		ck_assert_msg(all_loaded, "%s: expected accepted, got: %s", path, err.msg);
	} else if (!strcmp(e.verdict, "unsupported")) {
		ck_assert_msg(unsupported, "%s: expected unsupported, got: %s", path, err.msg);
		ck_assert_msg(message_seen, "%s: no reason contains \"%s\" (%s)", path, e.message,
			      err.msg);
	} else {
		ck_assert_str_eq(e.verdict, "rejected");
		ck_assert_msg(!all_loaded && !unsupported,
			      "%s: expected rejected by the verifier, got: %s", path, err.msg);
		/* Verifier messages are worded differently on older kernels: where
		 * the header says since when its message holds, an older kernel
		 * is held to the verdict only. */
		if (older_kernel(&e)) {
			fprintf(stderr, "NOTE %s: kernel older than %u.%u: verdict checked, message and class not\n",
				path, e.min_major, e.min_minor);
			goto done;
		}
		ck_assert_msg(message_seen, "%s: no rejected program's log contains \"%s\" (%s)", path,
			      e.message, err.msg);
		ck_assert_msg(e.error_class[0], "%s: rejected, but the header has no '# error-class:'",
			      path);
		ck_assert_msg(class_seen, "%s: expected error-class %s, the classifier says %s", path,
			      e.error_class, classes);
	}
done:
	bl_close(l);
	bl_object_spec_free(obj);
}
END_TEST

Suite *suite_asm_verdicts(void)
{
	const char *dir = getenv("BL_SRC_DIR");
	char pattern[512];
	Suite *s = suite_create("asm-tests");
	TCase *tc = tcase_create("verdicts");

	snprintf(pattern, sizeof(pattern), "%s/asm-tests/*.s", dir && *dir ? dir : ".");
	if (glob(pattern, 0, NULL, &sources) != 0)
		sources.gl_pathc = 0;
	if (sources.gl_pathc == 0)
		fprintf(stderr, "SKIP asm-tests: nothing matches %s\n", pattern);
	/* reject_too_large.s: the verifier walks 1M instructions per load, and
	 * its whole log_level 1 log (every instruction, about 54 MiB) took
	 * three loads on kernels that report log_true_size (6.4+) and a dozen
	 * on older ones, which double the buffer (loader/load/prog_load.c):
	 * a minute here, more than ten under qemu. With the log's end only,
	 * as above, it is two loads (6.4+) or six (up to 1 MiB). */
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, verdict_matches_header, 0, (int)sources.gl_pathc);
	suite_add_tcase(s, tc);
	return s;
}
