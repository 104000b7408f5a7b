/* loader/cli/verify_json.c — `bpfload verify --json`: one line per program,
 * its verdict, the class of its error (loader/verifier/verifier_classify.c),
 * the verifier's statistics (verify_stats.c) and its log (docs/json.md,
 * "program").
 */
#include "loader/cli/verify_json.h"

#include "loader/cli/cli.h"

#include "arch/arch.h"
#include "loader/cli/needs_kernel.h"
#include "loader/cli/verify_stats.h"
#include "loader/verifier/verifier_classify.h"

const char *bl_cli_verdict(const struct bl_prog *p)
{
	switch (p->state) {
	case BL_PROG_LOADED: return "accepted";
	case BL_PROG_REJECTED: return "rejected";
	case BL_PROG_UNSUPPORTED: return "unsupported";
	case BL_PROG_SKIPPED: return "skipped";
	default: return "not loaded";
	}
}

static void json_class(FILE *f, const struct bl_prog *p)
{
	struct bl_verifier_error e;

	bl_verifier_classify(p->log, p->spec->def ? (int)p->spec->def->prog_type : 0,
			     bl_arch_native(), &e);
	fputs(",\"class\":", f);
	bl_json_str(f, e.id);
	fputs(",\"title\":", f);
	bl_json_str(f, e.title);
	fputs(",\"message\":", f);
	bl_json_str(f, e.message);
	if (e.detail[0]) {
		fputs(",\"detail\":", f);
		bl_json_str(f, e.detail);
	}
	fputs(",\"hint\":", f);
	bl_json_str(f, e.hint);
}

void bl_cli_verify_json(FILE *f, const struct bl_prog *p, const struct bl_object_spec *obj,
			bool stats, const struct bl_kreq_missing *m)
{
	const struct bl_prog_spec *d = p->spec;
	char eb[16];

	fputs("{\"type\":\"program\",\"name\":", f);
	bl_json_str(f, d->name);
	fputs(",\"section\":", f);
	bl_json_str(f, d->section);
	fputs(",\"object\":", f);
	bl_json_str(f, obj->path);
	fprintf(f, ",\"verdict\":\"%s\",\"insns\":%zu", bl_cli_verdict(p), d->insn_cnt);
	if (p->state == BL_PROG_LOADED)
		fprintf(f, ",\"id\":%u", p->id);
	if (p->state == BL_PROG_REJECTED) {
		fprintf(f, ",\"errno\":\"%s\",\"log_truncated\":%s,\"log_loads\":%u",
			bl_errno_name(p->load_errno, eb), p->log_truncated ? "true" : "false",
			p->log_loads);
		json_class(f, p);
	}
	bl_cli_json_needs(f, m); /* nothing unless refused (needs_kernel.h) */
	if (stats && p->state != BL_PROG_SKIPPED && p->state != BL_PROG_UNSUPPORTED)
		bl_cli_json_stats(f, p);
	if (p->log) {
		fputs(",\"log\":", f);
		bl_json_str(f, p->log);
	}
	fputs("}\n", f);
}
