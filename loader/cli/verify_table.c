/* loader/cli/verify_table.c — the rows of `bpfload verify OBJ...`: one per
 * program tried, with the verifier's statistics (log_level 4,
 * BPF_LOG_STATS; loader/verifier/verifier_stats.c) and the kernel release
 * (uname(2)), shown as one table and saved with --save for a later
 * --compare (verify_compare.c). veristat
 * (tools/testing/selftests/bpf/veristat.c) has the same figures and its
 * -o csv.
 */
#include "loader/cli/verify_table.h"

#include "loader/cli/cli.h"
#include "loader/cli/verify_stats.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "arch/arch.h"
#include "loader/verifier/verifier_classify.h"
#include "loader/verifier/verifier_stats.h"

void bl_cli_kernel_release(char *buf, size_t len)
{
	struct utsname u;

	snprintf(buf, len, "%s", uname(&u) ? "unknown" : u.release);
}

static const char *verdict_word(const struct bl_prog *p)
{
	switch (p->state) {
	case BL_PROG_LOADED: return "accepted";
	case BL_PROG_REJECTED: return "rejected";
	case BL_PROG_UNSUPPORTED: return "unsupported";
	default: return "not loaded";
	}
}

int bl_cli_verify_rows(struct bl_vresults *rs, const char *kernel, const struct bl_object *l)
{
	for (size_t i = 0; i < l->prog_cnt; i++) {
		const struct bl_prog *p = &l->progs[i];
		struct bl_verifier_error e = { 0 };
		struct bl_verifier_stats s;
		struct bl_vresult r = { 0 };
		char eb[16];
		int ret;

		if (p->state == BL_PROG_SKIPPED)
			continue;
		bl_verifier_stats(p->state == BL_PROG_UNSUPPORTED ? NULL : p->log, &s);
		if (p->state == BL_PROG_REJECTED)
			bl_verifier_classify(p->log, p->spec->def ? (int)p->spec->def->prog_type : 0,
					     bl_arch_native(), &e);
		r.kernel = (char *)kernel;
		r.object = (char *)l->spec->path;
		r.program = (char *)p->spec->name;
		r.section = (char *)p->spec->section;
		r.verdict = (char *)verdict_word(p);
		r.err = (char *)(p->state == BL_PROG_REJECTED ? bl_errno_name(p->load_errno, eb) : "");
		r.cls = (char *)(p->state == BL_PROG_REJECTED && e.id ? e.id : "");
		r.insns = (long)p->spec->insn_cnt;
		r.processed = s.insns_processed;
		r.states = s.total_states;
		r.peak_states = s.peak_states;
		r.max_states_per_insn = s.max_states_per_insn;
		r.mark_read = s.mark_read;
		r.duration_us = s.verify_usec;
		r.stack_depth = s.stack_depth_total;
		r.verified_insns = p->state == BL_PROG_LOADED && p->verified_insns ? (long)p->verified_insns : -1;
		if ((ret = bl_vresults_add(rs, &r)))
			return ret;
	}
	return 0;
}

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

void bl_cli_print_results_table(FILE *f, const struct bl_vresults *rs)
{
	int wo = 6, wp = 7; /* "Object", "Program" */

	for (size_t i = 0; i < rs->cnt; i++) {
		int o = (int)strlen(base_name(rs->v[i].object)), p = (int)strlen(rs->v[i].program);

		wo = o > wo ? o : wo;
		wp = p > wp ? p : wp;
	}
	fprintf(f, "%-*s  %-*s  %-11s %7s %9s %7s %11s %13s\n", wo, "Object", wp, "Program", "Verdict",
		"Insns", "Processed", "States", "Peak states", "Duration (us)");
	for (size_t i = 0; i < rs->cnt; i++) {
		const struct bl_vresult *r = &rs->v[i];

		fprintf(f, "%-*s  %-*s  %-11s", wo, base_name(r->object), wp, r->program, r->verdict);
		bl_cli_stats_cell(f, 7, r->insns);
		bl_cli_stats_cell(f, 9, r->processed);
		bl_cli_stats_cell(f, 7, r->states);
		bl_cli_stats_cell(f, 11, r->peak_states);
		bl_cli_stats_cell(f, 13, r->duration_us);
		fputc('\n', f);
	}
}

static int say(const struct bl_out *o, const char *fmt, const char *path, const char *what)
{
	char msg[1024];

	snprintf(msg, sizeof(msg), fmt, path, what);
	bl_print_error(o, msg);
	return -1;
}

int bl_cli_save_results(const struct bl_out *o, const char *path, const struct bl_vresults *rs)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return say(o, "--save %s: %s", path, strerror(errno));
	if (bl_vresults_json_name(path))
		bl_vresults_write_json(f, rs);
	else
		bl_vresults_write_csv(f, rs);
	if (ferror(f) | fclose(f)) {
		int e = errno;

		remove(path);
		return say(o, "--save %s: %s", path, strerror(e ? e : EIO));
	}
	return 0;
}

/* The whole file; NULL after setting errno (EISDIR, EFBIG for more than
 * 256 MiB, ENOMEM). */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	size_t len = 0, cap = 0;
	char *buf = NULL;

	if (!f)
		return NULL;
	for (;;) {
		size_t n;

		if (len + 4097 > cap) {
			char *p;

			cap = cap ? cap * 2 : 65536;
			if (cap > (256u << 20) || !(p = realloc(buf, cap))) {
				errno = cap > (256u << 20) ? EFBIG : ENOMEM;
				break;
			}
			buf = p;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0) {
			if (!ferror(f)) {
				fclose(f);
				buf[len] = '\0';
				if (strlen(buf) != len) {
					free(buf);
					errno = EILSEQ; /* a NUL byte: not text */
					return NULL;
				}
				return buf;
			}
			break;
		}
	}
	free(buf);
	fclose(f);
	return NULL;
}

int bl_cli_read_results(const struct bl_out *o, const char *path, struct bl_vresults *rs)
{
	char *text = slurp(path), err[512];
	int ret;

	if (!text)
		return say(o, "%s: %s", path,
			   errno == EILSEQ ? "a NUL byte: not a file of bpfload verify --save"
					   : strerror(errno));
	ret = bl_vresults_parse(text, rs, err, sizeof(err));
	free(text);
	if (ret == -ENOMEM)
		return say(o, "%s: %s", path, strerror(ENOMEM));
	if (ret)
		return say(o, "%s:%s", path, err + 5); /* "line N: ..." as "FILE:N: ..." */
	return 0;
}
