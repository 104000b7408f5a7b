/* elf/kernel_req/reasons.c — the reasons gathered for a program or for
 * the object: one per kind and text, each with its version, its source
 * (the commit or document, versions.c) and, for an instruction, its place
 * and source line from .BTF.ext line_info (Documentation/bpf/btf.rst,
 * "4.2 .BTF.ext section"). Pure: no syscalls.
 */
#include "kreq_internal.h"

#include <errno.h>
#include <linux/bpf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf/btf.h"
#include "elf/btf/btf_ext.h"

struct bl_kreq_reason *bl_kreq_add(struct bl_kreq_acc *a, uint32_t version,
				   enum bl_kreq_kind kind, bool note, const char *source,
				   const char *fmt, ...)
{
	struct bl_kreq_reason *rs, *x;
	char what[sizeof(x->what)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < a->r->cnt; i++)
		if (a->r->reasons[i].kind == kind && !strcmp(a->r->reasons[i].what, what)) {
			a->r->reasons[i].more++;
			return NULL;
		}
	rs = realloc(a->r->reasons, (a->r->cnt + 1) * sizeof(*rs));
	if (!rs) {
		a->ret = -ENOMEM;
		return NULL;
	}
	a->r->reasons = rs;
	x = &rs[a->r->cnt++];
	memset(x, 0, sizeof(*x));
	x->version = version;
	x->kind = kind;
	x->note = note;
	x->source = source;
	x->insn = -1;
	memcpy(x->what, what, sizeof(what));
	if (!note && version > a->r->version)
		a->r->version = version;
	if (!note && !version)
		a->r->unmet = true;
	return x;
}

void bl_kreq_place(const struct bl_kreq_acc *a, struct bl_kreq_reason *x,
		   const struct bl_prog_spec *fn, size_t i)
{
	const struct bl_btf_ext_sec *sec;
	uint64_t off = fn->sec_offset + i * sizeof(struct bpf_insn);
	const struct bpf_line_info *best = NULL;

	if (!x)
		return;
	x->func = fn->name;
	x->insn = (long)i;
	if (!a->obj->btf_ext || !a->obj->btf)
		return;
	sec = bl_btf_ext_find(&a->obj->btf_ext->line_info, fn->section);
	for (uint32_t k = 0; sec && k < sec->cnt; k++) {
		const struct bpf_line_info *li = &sec->line_info[k];

		if (li->insn_off >= fn->sec_offset && li->insn_off <= off &&
		    (!best || li->insn_off >= best->insn_off))
			best = li;
	}
	if (best && BPF_LINE_INFO_LINE_NUM(best->line_col)) {
		const char *file = bl_btf_name(a->obj->btf, best->file_name_off);
		const char *slash = file ? strrchr(file, '/') : NULL;

		x->file = slash ? slash + 1 : file;
		x->line = BPF_LINE_INFO_LINE_NUM(best->line_col);
	}
}

const char *bl_kv_str(uint32_t v, char *buf, size_t len)
{
	if (!v)
		snprintf(buf, len, "?");
	else
		snprintf(buf, len, "%u.%u", BL_KV_MAJOR(v), BL_KV_MINOR(v));
	return buf;
}

const char *bl_kreq_kind_name(enum bl_kreq_kind kind)
{
	switch (kind) {
	case BL_KREQ_PROG_TYPE: return "prog_type";
	case BL_KREQ_ATTACH: return "attach";
	case BL_KREQ_HELPER: return "helper";
	case BL_KREQ_INSN: return "insn";
	case BL_KREQ_KFUNC: return "kfunc";
	case BL_KREQ_MAP: return "map";
	case BL_KREQ_BTF: return "btf";
	case BL_KREQ_FEATURE: return "feature";
	}
	return "?";
}
