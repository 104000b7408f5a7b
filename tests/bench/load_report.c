/* tests/bench/load_report.c — the load benchmark's samples and its
 * report (tests/bench/load.c runs the measurements): samples kept by
 * key, their medians, ranges and quartiles, the ratios of bpfload's
 * samples to libbpf's pair by pair, the tables, and one PASS or FAIL
 * line per target of issue 15 (docs/performance.md#loading).
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

const char *const load_loader_key[LOADERS] = { "bpfload-dyn", "libbpf-dyn", "bpfload-static",
					       "libbpf-static" };
const char *const load_obj_key[3] = { "core", "nocore", "seed" };

/* --- samples, by key -------------------------------------------------- */

struct series {
	char key[64];
	double v[MAX_SAMPLES];
	int n;
};

static struct series series[128];
static int series_cnt;

static struct series *find(const char *key)
{
	for (int i = 0; i < series_cnt; i++)
		if (!strcmp(series[i].key, key))
			return &series[i];
	return NULL;
}

void load_add(const char *key, double v)
{
	struct series *s = find(key);

	if (!s && series_cnt < (int)(sizeof(series) / sizeof(series[0]))) {
		s = &series[series_cnt++];
		snprintf(s->key, sizeof(s->key), "%s", key);
	}
	if (s && s->n < MAX_SAMPLES)
		s->v[s->n++] = v;
}

struct stats {
	int n;
	double med, min, max, q1, q3;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The value at fraction F of the sorted V (linear between samples). */
static double quantile(const double *v, int n, double f)
{
	double pos = f * (n - 1);
	int i = (int)pos;

	return i + 1 < n ? v[i] + (v[i + 1] - v[i]) * (pos - i) : v[i];
}

static bool stats_of_values(const double *in, int n, struct stats *st)
{
	double v[MAX_SAMPLES];

	memset(st, 0, sizeof(*st));
	if (n <= 0)
		return false;
	memcpy(v, in, sizeof(double) * (size_t)n);
	qsort(v, (size_t)n, sizeof(double), cmp_double);
	st->n = n;
	st->min = v[0];
	st->max = v[n - 1];
	st->med = quantile(v, n, 0.5);
	st->q1 = quantile(v, n, 0.25);
	st->q3 = quantile(v, n, 0.75);
	return true;
}

static bool stats(const char *key, struct stats *st)
{
	struct series *s = find(key);

	return stats_of_values(s ? s->v : NULL, s ? s->n : 0, st);
}

/* The pairs' ratios A[i] / B[i]. */
static bool ratio_stats(const char *a, const char *b, struct stats *st)
{
	struct series *x = find(a), *y = find(b);
	double r[MAX_SAMPLES];
	int n = 0;

	for (int i = 0; x && y && i < x->n && i < y->n; i++)
		if (y->v[i] > 0)
			r[n++] = x->v[i] / y->v[i];
	return stats_of_values(r, n, st);
}

/* --- the report ---------------------------------------------------------- */

static bool all_pass = true;

/* "12.34 [11.90-15.02]" of KEY, times SCALE. */
static void cell(const char *key, double scale)
{
	struct stats st;

	if (!stats(key, &st)) {
		printf("  %-22s", "n/a");
		return;
	}
	char b[64];

	snprintf(b, sizeof(b), "%.2f [%.2f-%.2f]", st.med * scale, st.min * scale,
		 st.max * scale);
	printf("  %-22s", b);
}

static void ratio_cell(const char *a, const char *b)
{
	struct stats st;
	char s[64];

	if (!ratio_stats(a, b, &st)) {
		printf("  n/a");
		return;
	}
	snprintf(s, sizeof(s), "%.2fx [%.2f-%.2f]", st.med, st.q1, st.q3);
	printf("  %s", s);
}

/* One row: bpfload's KEY_BL against libbpf's KEY_LB. */
static void row(const char *name, const char *key_bl, const char *key_lb, double scale)
{
	printf("%-34s", name);
	cell(key_bl, scale);
	cell(key_lb, scale);
	ratio_cell(key_bl, key_lb);
	printf("\n");
}

static void header(const char *title, const char *unit)
{
	printf("\n%s\n%-34s  %-22s  %-22s  %s\n", title, unit, "bpfload", "libbpf 1.1",
	       "bpfload/libbpf");
}

static double median(const char *key)
{
	struct stats st;

	return stats(key, &st) ? st.med : -1;
}

static void target(const char *what, double value, double limit, const char *unit,
		   const char *spread)
{
	bool pass = value >= 0 && value <= limit;

	if (!pass)
		all_pass = false;
	printf("%-4s  %-58s %8.2f%s (target <= %g%s)%s%s\n", pass ? "PASS" : "FAIL", what, value,
	       unit, limit, unit, spread[0] ? "  " : "", spread);
}

static void ratio_target(const char *what, const char *a, const char *b, double limit)
{
	struct stats st;
	char spread[64] = "";

	if (ratio_stats(a, b, &st))
		snprintf(spread, sizeof(spread), "IQR %.2f-%.2f", st.q1, st.q3);
	target(what, ratio_stats(a, b, &st) ? st.med : -1, limit, "x", spread);
}

static void rss_target(const char *what, const char *key, double limit_mib)
{
	struct stats st;
	char spread[64] = "";

	if (stats(key, &st))
		snprintf(spread, sizeof(spread), "range %.2f-%.2f", st.min, st.max);
	target(what, stats(key, &st) ? st.med : -1, limit_mib, " MiB", spread);
}

static void report_floor(void)
{
	static const char *const cmds[3][2] = {
		{ "btf", "BPF_BTF_LOAD" }, { "map", "BPF_MAP_CREATE" }, { "prog", "BPF_PROG_LOAD" }
	};
	char kb[96], kl[96], name[96];

	header("the kernel's share: inside bpf(2), timed around each call in load_driver "
	       "(CO-RE object)", "ms (calls)");
	for (int c = 0; c < 3; c++) {
		char nb[96], nl[96];

		snprintf(kb, sizeof(kb), "core.kernel.bpfload.%s", cmds[c][0]);
		snprintf(kl, sizeof(kl), "core.kernel.libbpf.%s", cmds[c][0]);
		snprintf(nb, sizeof(nb), "core.n.bpfload.%s", cmds[c][0]);
		snprintf(nl, sizeof(nl), "core.n.libbpf.%s", cmds[c][0]);
		snprintf(name, sizeof(name), "%s (%.0f / %.0f)", cmds[c][1], median(nb), median(nl));
		row(name, kb, kl, 1e3);
	}
	row("the three together", "core.kernel.bpfload", "core.kernel.libbpf", 1e3);
	row("other bpf(2) calls", "core.kernel.bpfload.other", "core.kernel.libbpf.other", 1e3);
	row("no CO-RE: the three together", "nocore.kernel.bpfload", "nocore.kernel.libbpf", 1e3);
	printf("%-34s", "read(2) of all of vmlinux BTF");
	cell("core.vmlinux.read", 1e3);
	printf("\n%-34s", "mmap(2) of it + a load per page");
	cell("core.vmlinux.mmap", 1e3);
	printf("\n%-34s", "empty process (static, --nop)");
	cell("time.empty", 1e3);
	printf("\n%-34s", "  its peak RSS, MiB");
	cell("rss.empty", 1.0);
	printf("\n");
}

/* The rows of measurement WHAT ("time", "rss", ...) for the first
 * OBJ_CNT objects, each dynamic and static: bpfload's against libbpf's. */
static void rows(const char *what, int obj_cnt, double scale, const char *suffix)
{
	static const char *const objs[3] = { "CO-RE", "no CO-RE", "seed fchmodat_trace" };
	static const char *const links[2] = { "dynamic", "static" };
	char name[96], a[96], b[96];

	for (int o = 0; o < obj_cnt; o++)
		for (int k = 0; k < 2; k++) {
			snprintf(name, sizeof(name), "%s, %s%s", objs[o], links[k], suffix);
			snprintf(a, sizeof(a), "%s.%s.%s", what, load_obj_key[o],
				 load_loader_key[k ? BL_STATIC : BL_DYN]);
			snprintf(b, sizeof(b), "%s.%s.%s", what, load_obj_key[o],
				 load_loader_key[k ? LB_STATIC : LB_DYN]);
			row(name, a, b, scale);
		}
}

bool load_report(int pairs)
{
	printf("\nbench load: %d pairs, bpfload and libbpf alternating; "
	       "median [min-max]; bpfload/libbpf: median of the pairs' ratios [IQR]\n",
	       pairs);
	header("open + load, a whole process: bpfload verify OBJ | libbpf_oneshot load OBJ",
	       "wall time, ms");
	rows("time", 3, 1e3, "");
	header("the same runs: CPU time (user + system, wait4's rusage)", "ms");
	rows("cpu", 3, 1e3, "");
	header("the same runs: peak RSS (ru_maxrss)", "MiB");
	rows("rss", 3, 1.0, "");
	header("in one process (load_driver): library calls alone", "ms");
	row("CO-RE open + load", "core.inproc.bpfload", "core.inproc.libbpf", 1e3);
	row("no CO-RE open + load", "nocore.inproc.bpfload", "nocore.inproc.libbpf", 1e3);
	row("CO-RE attach 3 tracepoints", "core.attach.bpfload", "core.attach.libbpf", 1e3);
	row("CO-RE detach 3 links", "core.detach.bpfload", "core.detach.libbpf", 1e3);
	row("  kernel floor: bare perf events", "core.detach.floor", "core.detach.libbpf",
	    1e3);
	report_floor();
	header("startup to first event: bpfload run OBJ | libbpf_oneshot first OBJ NAME",
	       "ms");
	rows("first", 2, 1e3, "");
	rows("firstrss", 2, 1.0, ": peak RSS, MiB");

	double kernel = median("core.kernel.bpfload"), rd = median("core.vmlinux.read");
	double mm = median("core.vmlinux.mmap"), empty = median("time.empty");
	double floor_rd = kernel + rd + empty, floor_mm = kernel + mm + empty;
	double dyn = median("time.core.bpfload-dyn"), st = median("time.core.bpfload-static");
	double inproc = median("core.inproc.bpfload");

	printf("\nthe floor of a CO-RE open + load as a process: the kernel's share %.2f ms + "
	       "one read of vmlinux BTF %.2f ms + an empty process %.2f ms = %.2f ms\n",
	       kernel * 1e3, rd * 1e3, empty * 1e3, floor_rd * 1e3);
	if (mm >= 0)
		printf("  (with mmap instead of read, where the kernel allows it (6.16+): %.2f ms; "
		       "bpfload dynamic %.2fx, static %.2fx of that)\n",
		       floor_mm * 1e3, dyn / floor_mm, st / floor_mm);
	printf("  in one process, without exec: bpfload's open + load %.2f ms = %.2fx the "
	       "kernel's share + one read\n",
	       inproc * 1e3, inproc / (kernel + rd));

	printf("\ntargets (issue 15):\n");
	ratio_target("CO-RE open+load time, dynamic, bpfload/libbpf", "time.core.bpfload-dyn",
		     "time.core.libbpf-dyn", 0.5);
	ratio_target("CO-RE open+load time, static, bpfload/libbpf", "time.core.bpfload-static",
		     "time.core.libbpf-static", 0.5);
	target("CO-RE open+load time, dynamic, / the floor", dyn / floor_rd, 2.0, "x", "");
	target("CO-RE open+load time, static, / the floor", st / floor_rd, 2.0, "x", "");
	rss_target("CO-RE open+load peak RSS, dynamic", "rss.core.bpfload-dyn", 4.0);
	rss_target("CO-RE open+load peak RSS, static", "rss.core.bpfload-static", 3.0);
	ratio_target("no-CO-RE open+load time, dynamic, bpfload/libbpf",
		     "time.nocore.bpfload-dyn", "time.nocore.libbpf-dyn", 1.0);
	ratio_target("no-CO-RE open+load time, static, bpfload/libbpf",
		     "time.nocore.bpfload-static", "time.nocore.libbpf-static", 1.0);
	rss_target("no-CO-RE open+load peak RSS, static", "rss.nocore.bpfload-static", 1.0);
	rss_target("seed example (fchmodat_trace) peak RSS, static", "rss.seed.bpfload-static",
		   1.0);
	ratio_target("detach of 3 tracepoint links, bpfload/libbpf", "core.detach.bpfload",
		     "core.detach.libbpf", 0.5);
	/* below the floor no loader can go: the kernel's grace periods */
	ratio_target("detach of 3 tracepoint links, bpfload / the kernel's floor",
		     "core.detach.bpfload", "core.detach.floor", 1.2);
	ratio_target("startup to first event, CO-RE, dynamic, bpfload/libbpf",
		     "first.core.bpfload-dyn", "first.core.libbpf-dyn", 1.0);
	ratio_target("startup to first event, CO-RE, static, bpfload/libbpf",
		     "first.core.bpfload-static", "first.core.libbpf-static", 1.0);
	ratio_target("startup to first event, no CO-RE, dynamic, bpfload/libbpf",
		     "first.nocore.bpfload-dyn", "first.nocore.libbpf-dyn", 1.0);
	ratio_target("startup to first event, no CO-RE, static, bpfload/libbpf",
		     "first.nocore.bpfload-static", "first.nocore.libbpf-static", 1.0);
	return all_pass;
}
