/* loader/cli/needs_kernel.c — "needs Linux 5.12 (...); this kernel is
 * 5.10" after a refusal (see needs_kernel.h).
 *
 * The kernel words a missing feature as a mistake: an atomic
 * fetch-and-add on 5.10 is "BPF_STX uses reserved fields", a callback
 * "number of funcs in func_info doesn't match number of subprogs". What
 * the object needs is known from the file (elf/kernel_req/), so a refusal
 * by a kernel older than a need is said in those terms first. Only after
 * a refusal: a distribution kernel may have the feature backported
 * (docs/kernel-versions.md), and then it takes the program and nothing
 * is said.
 */
#include "loader/cli/needs_kernel.h"

#include <stdlib.h>
#include <string.h>

#include "loader/cli/output.h"
#include "loader/sys/kernel_version.h"

void bl_cli_needs_find(struct bl_cli_needs *n, size_t prog, struct bl_kreq_missing *m)
{
	struct bl_err err;

	memset(m, 0, sizeof(*m));
	if (!n->done) {
		n->done = true;
		n->running = bl_running_kernel_kv();
		if (!n->obj || !n->running || bl_kernel_reqs(n->obj, &n->reqs, &err))
			n->reqs = NULL; /* nothing is claimed */
	}
	if (!n->reqs || (prog != BL_CLI_NEEDS_OBJECT && prog >= n->reqs->prog_cnt))
		return;
	if (bl_kreq_missing(prog == BL_CLI_NEEDS_OBJECT ? NULL : &n->reqs->progs[prog],
			    &n->reqs->object, n->running, m))
		memset(m, 0, sizeof(*m));
}

void bl_cli_needs_free(struct bl_cli_needs *n)
{
	bl_kernel_reqs_free(n->reqs);
	n->reqs = NULL;
	n->done = false; /* worked out again for the next object */
}

void bl_cli_print_needs(FILE *f, const char *prefix, const char *indent,
			const struct bl_kreq_missing *m)
{
	char line[BL_ERR_MAX], v[16];

	if (!m->cnt)
		return;
	fprintf(f, "%s%s\n", prefix, bl_kreq_needs_line(m, line, sizeof(line)));
	for (size_t i = 1; i < m->cnt; i++)
		fprintf(f, "%s  %-5s %s\n", indent, bl_kv_str(m->reasons[i]->version, v, sizeof(v)),
			bl_kreq_reason_long(m->reasons[i], line, sizeof(line)));
}

void bl_cli_json_needs(FILE *f, const struct bl_kreq_missing *m)
{
	char v[16];

	if (!m->cnt)
		return;
	fprintf(f, ",\"needs_kernel\":\"%s\"", bl_kv_str(m->reasons[0]->version, v, sizeof(v)));
	fprintf(f, ",\"running_kernel\":\"%s\",\"needs\":[", bl_kv_str(m->running, v, sizeof(v)));
	for (size_t i = 0; i < m->cnt; i++) {
		const struct bl_kreq_reason *x = m->reasons[i];

		fprintf(f, "%s{\"version\":\"%s\",\"kind\":\"%s\",\"what\":", i ? "," : "",
			bl_kv_str(x->version, v, sizeof(v)), bl_kreq_kind_name(x->kind));
		bl_json_str(f, x->what);
		if (x->insn >= 0) {
			fputs(",\"func\":", f);
			bl_json_str(f, x->func ? x->func : "");
			fprintf(f, ",\"insn\":%ld", x->insn);
		}
		if (x->insn >= 0 && x->file) {
			fputs(",\"file\":", f);
			bl_json_str(f, x->file);
			fprintf(f, ",\"line\":%u", x->line);
		}
		fputc('}', f);
	}
	fputc(']', f);
}

bool bl_cli_kernel_refused(const struct bl_prog *p)
{
	return p->state == BL_PROG_REJECTED || p->state == BL_PROG_UNSUPPORTED;
}

/* A program of l whose refusal makes the load fail. */
static bool refused(const struct bl_prog *p)
{
	return bl_cli_kernel_refused(p) && bl_prog_failed(p);
}

void bl_cli_print_load_error(const struct bl_out *o, const struct bl_object *l, const char *msg)
{
	struct bl_cli_needs n = { l ? l->spec : NULL, NULL, 0, false };
	struct bl_kreq_missing m;
	bool said = false;

	if (o->json) {
		memset(&m, 0, sizeof(m));
		if (l && l->map_refused)
			bl_cli_needs_find(&n, BL_CLI_NEEDS_OBJECT, &m);
		for (size_t i = 0; l && !l->map_refused && !m.cnt && i < l->prog_cnt; i++)
			if (refused(&l->progs[i]))
				bl_cli_needs_find(&n, i, &m);
		fputs("{\"type\":\"error\",\"message\":", o->f);
		bl_json_str(o->f, msg);
		bl_cli_json_needs(o->f, &m);
		fputs("}\n", o->f);
		fflush(o->f);
		bl_kreq_missing_free(&m);
		bl_cli_needs_free(&n);
		return;
	}
	bl_print_error(o, msg);
	if (l && l->map_refused) {
		bl_cli_needs_find(&n, BL_CLI_NEEDS_OBJECT, &m);
		bl_cli_print_needs(stderr, "bpfload: the object ", "        ", &m);
		said = m.cnt > 0;
		bl_kreq_missing_free(&m);
	}
	for (size_t i = 0; l && !l->map_refused && i < l->prog_cnt; i++) {
		char prefix[128];

		if (!refused(&l->progs[i]))
			continue;
		bl_cli_needs_find(&n, i, &m);
		snprintf(prefix, sizeof(prefix), "bpfload: program %s ", l->progs[i].spec->name);
		bl_cli_print_needs(stderr, prefix, "        ", &m);
		/* a verifier's log follows only what the kernel refused */
		said |= m.cnt > 0 && l->progs[i].state == BL_PROG_REJECTED;
		bl_kreq_missing_free(&m);
	}
	if (said && !l->map_refused)
		fputs("bpfload: the verifier's message below is how this kernel words it\n", stderr);
	bl_cli_needs_free(&n);
}
