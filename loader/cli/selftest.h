/* loader/cli/selftest.h — what the files of `bpfload selftest` share
 * (selftest.c: the command and its output; selftest_checks.c: the
 * checks, asking the feature table of loader/sys/features.h). */
#ifndef BL_SELFTEST_H
#define BL_SELFTEST_H

#include <stdbool.h>
#include <stddef.h>

enum st_status { ST_OK, ST_MISSING, ST_UNKNOWN, ST_INFO };

#define ST_MAX_CHECKS 48

struct st_check {
	char name[32];
	enum st_status st;
	char detail[320];
};

struct selftest {
	struct st_check c[ST_MAX_CHECKS];
	size_t n;
	char tracefs[256];	/* "" when neither mounted nor mountable */
	char tmp_mount[64];	/* our private tracefs mount, "" when none */
	bool bpf_ok;
	bool attached;		/* a tracepoint or raw tracepoint attached */
};

/* One line of the report (selftest_report.c). */
enum st_status st_add(struct selftest *t, const char *name, enum st_status st, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* selftest_checks.c, in the order of the report. */
void st_check_kernel(struct selftest *t);
void st_check_privileges(struct selftest *t);
void st_check_bpf(struct selftest *t);
void st_check_btf(struct selftest *t);
void st_check_tracefs(struct selftest *t);
void st_tracefs_done(struct selftest *t);
void st_check_attach(struct selftest *t);
void st_check_probes(struct selftest *t);
void st_check_buffers(struct selftest *t);
void st_check_bpffs(struct selftest *t);
void st_check_config(struct selftest *t);

#endif
