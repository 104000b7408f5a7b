/* loader/cli/verify_compare.c — two runs of the verifier compared (see
 * verify_compare.h): the same objects on two kernels, or two builds of a
 * program on one. The figures are the verifier's own (log_level 4,
 * BPF_LOG_STATS: kernel/bpf/verifier.c, print_verification_stats), the
 * same veristat -C compares (tools/testing/selftests/bpf/veristat.c).
 * Programs are matched by the base name of their object and their name,
 * so build directories and machines may differ.
 */
#include "loader/cli/verify_compare.h"

#include "loader/cli/cli.h"

#include <string.h>

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

static bool same_prog(const struct bl_vresult *a, const struct bl_vresult *b)
{
	return !strcmp(a->program, b->program) && !strcmp(base_name(a->object), base_name(b->object));
}

static const struct bl_vresult *find(const struct bl_vresults *rs, const struct bl_vresult *r)
{
	for (size_t i = 0; i < rs->cnt; i++)
		if (same_prog(&rs->v[i], r))
			return &rs->v[i];
	return NULL;
}

/* "242 -> 250 (+8, +3.3%)", "242" when equal, "-" for unknown. */
static const char *change(long a, long b, char *buf, size_t len)
{
	if (a < 0 && b < 0)
		snprintf(buf, len, "-");
	else if (a < 0)
		snprintf(buf, len, "- -> %ld", b);
	else if (b < 0)
		snprintf(buf, len, "%ld -> -", a);
	else if (a == b)
		snprintf(buf, len, "%ld", a);
	else if (a == 0)
		snprintf(buf, len, "%ld -> %ld (+%ld)", a, b, b - a);
	else
		snprintf(buf, len, "%ld -> %ld (%+ld, %+.1f%%)", a, b, b - a,
			 100.0 * (double)(b - a) / (double)a);
	return buf;
}

/* The kernels of a side's rows: "6.18.0" or "6.1.0-28-amd64, 6.18.0". */
static void kernels(const struct bl_vresults *rs, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < rs->cnt; i++) {
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(rs->v[j].kernel, rs->v[i].kernel);
		if (seen || !*rs->v[i].kernel || used >= len)
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? ", " : "",
					 rs->v[i].kernel);
	}
	if (!buf[0])
		snprintf(buf, len, "kernel unknown");
}

static void json_side(FILE *f, const char *name, const struct bl_vresult *r)
{
	fprintf(f, ",\"%s\":", name);
	if (!r) {
		fputs("null", f);
		return;
	}
	fputs("{\"kernel\":", f);
	bl_json_str(f, r->kernel);
	fputs(",\"verdict\":", f);
	bl_json_str(f, r->verdict);
	if (*r->cls) {
		fputs(",\"class\":", f);
		bl_json_str(f, r->cls);
	}
#define N(field) do { \
		if (r->field >= 0) fprintf(f, ",\"" #field "\":%ld", r->field); \
		else fputs(",\"" #field "\":null", f); \
	} while (0)
	N(insns);
	N(processed);
	N(states);
	N(peak_states);
	N(duration_us);
#undef N
	fputc('}', f);
}

static void json_row(FILE *f, const struct bl_vresult *a, const struct bl_vresult *b)
{
	const struct bl_vresult *r = a ? a : b;

	fputs("{\"type\":\"verify_compare\",\"object\":", f);
	bl_json_str(f, base_name(r->object));
	fputs(",\"program\":", f);
	bl_json_str(f, r->program);
	json_side(f, "old", a);
	json_side(f, "new", b);
	fprintf(f, ",\"same_verdict\":%s}\n", a && b && !strcmp(a->verdict, b->verdict) ? "true" : "false");
}

struct widths {
	int obj, prog, verdict, processed, states;
};

static void text_row(FILE *f, const struct widths *w, const struct bl_vresult *a,
		     const struct bl_vresult *b, bool measure, struct widths *m)
{
	const struct bl_vresult *r = a ? a : b;
	char verdict[64], processed[160], states[160], peak[160];

	if (a && b && !strcmp(a->verdict, b->verdict))
		snprintf(verdict, sizeof(verdict), "%s", a->verdict);
	else
		snprintf(verdict, sizeof(verdict), "%s -> %s", a ? a->verdict : "(none)",
			 b ? b->verdict : "(none)");
	change(a ? a->processed : -1, b ? b->processed : -1, processed, sizeof(processed));
	change(a ? a->states : -1, b ? b->states : -1, states, sizeof(states));
	change(a ? a->peak_states : -1, b ? b->peak_states : -1, peak, sizeof(peak));
	if (measure) {
		int n;

#define WIDEN(field, s) do { n = (int)strlen(s); if (n > m->field) m->field = n; } while (0)
		WIDEN(obj, base_name(r->object));
		WIDEN(prog, r->program);
		WIDEN(verdict, verdict);
		WIDEN(processed, processed);
		WIDEN(states, states);
#undef WIDEN
		return;
	}
	fprintf(f, "%-*s  %-*s  %-*s  %-*s  %-*s  %s\n", w->obj, base_name(r->object), w->prog,
		r->program, w->verdict, verdict, w->processed, processed, w->states, states, peak);
}

/* Every pair once: the rows of old in their order, then those of new
 * that old lacks; fn on each. */
static bool each_pair(const struct bl_vresults *old, const struct bl_vresults *new,
		      void (*fn)(void *, const struct bl_vresult *, const struct bl_vresult *),
		      void *arg)
{
	bool same = true;

	for (size_t i = 0; i < old->cnt; i++) {
		const struct bl_vresult *a = &old->v[i], *b = find(new, a);

		if (find(old, a) != a) /* a program twice in old: its first row */
			continue;
		same &= b && !strcmp(a->verdict, b->verdict);
		fn(arg, a, b);
	}
	for (size_t i = 0; i < new->cnt; i++) {
		const struct bl_vresult *b = &new->v[i];

		if (find(new, b) != b || find(old, b))
			continue;
		same = false;
		fn(arg, NULL, b);
	}
	return same;
}

struct print_ctx {
	FILE *f;
	bool json, measure;
	struct widths w;
};

static void print_pair(void *arg, const struct bl_vresult *a, const struct bl_vresult *b)
{
	struct print_ctx *c = arg;

	if (c->json)
		json_row(c->f, a, b);
	else
		text_row(c->f, &c->w, a, b, c->measure, &c->w);
}

int bl_cli_compare_results(const struct bl_out *o, const struct bl_vresults *old,
			   const char *old_name, const struct bl_vresults *new,
			   const char *new_name)
{
	struct print_ctx c = { o->f, o->json, true, { 6, 7, 7, 15, 6 } };
	char ka[256], kb[256];
	bool same;

	if (!o->json) {
		kernels(old, ka, sizeof(ka));
		kernels(new, kb, sizeof(kb));
		fprintf(o->f, "old: %s (%s)\nnew: %s (%s)\n\n", old_name, ka, new_name, kb);
		each_pair(old, new, print_pair, &c);
		c.measure = false;
		fprintf(o->f, "%-*s  %-*s  %-*s  %-*s  %-*s  %s\n", c.w.obj, "Object", c.w.prog,
			"Program", c.w.verdict, "Verdict", c.w.processed, "Processed insns", c.w.states,
			"States", "Peak states");
	}
	c.measure = false;
	same = each_pair(old, new, print_pair, &c);
	return same ? BL_EXIT_OK : BL_EXIT_FAIL;
}
