/* elf/btf_min/btf_min_object.c — what one object needs of FULL: its CO-RE
 * relocations (.BTF.ext, Documentation/bpf/llvm_reloc.rst, "CO-RE
 * Relocations"), each resolved with the loader's own code
 * (bl_core_resolve_visit) so that every candidate that matches is seen,
 * and the attach targets of its BTF-attached programs (elf/btf_target.h).
 *
 * Candidates of FULL that did not match are not kept: against the
 * minimized BTF they are simply not candidates, and the answer (a match,
 * or none) is the same. Every candidate that matched is kept, so that a
 * relocation that several types satisfy (flavors, or duplicates in the
 * kernel's BTF) still sees them all and agrees, or fails, the same way.
 */
#include "btf_min_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "elf/btf/btf_ext.h"
#include "elf/btf_target.h"
#include "elf/core/core.h"

/* The access path of a field relocation in FULL: the root, then each
 * member on the way (anonymous ones included) or array element. */
static int mark_field(struct bl_btf_min *m, const struct bl_core_match *cm)
{
	uint32_t cur = cm->root_id;
	int rc = min_mark(m, cur, MIN_SHAPE);

	for (uint32_t i = 1; i < cm->raw_len && !rc; i++) {
		const struct btf_type *t = bl_btf_skip_modifiers(m->full, cur, &cur);

		if (!t)
			return -ELOOP;
		switch (bl_btf_kind(t)) {
		case BTF_KIND_STRUCT: case BTF_KIND_UNION:
			if ((rc = min_mark_member(m, cur, cm->raw[i])))
				return rc;
			cur = bl_btf_members(t)[cm->raw[i]].type;
			break;
		case BTF_KIND_ARRAY:
			cur = bl_btf_array(t)->type;
			break;
		default:
			return -EINVAL;
		}
	}
	return rc;
}

static int visit(void *ctx, const struct bl_core_match *cm)
{
	struct bl_btf_min *m = ctx;
	uint32_t id;

	switch (cm->kind) {
	case BPF_CORE_ENUMVAL_EXISTS: case BPF_CORE_ENUMVAL_VALUE:
		if (cm->raw_len != 1 || !bl_btf_skip_modifiers(m->full, cm->root_id, &id))
			return -EINVAL;
		return min_mark_member(m, id, cm->raw[0]) ? -EINVAL : min_mark(m, cm->root_id, MIN_SHAPE);
	case BPF_CORE_TYPE_MATCHES:
		return min_mark(m, cm->root_id, MIN_DEEP);
	case BPF_CORE_TYPE_ID_TARGET: case BPF_CORE_TYPE_EXISTS: case BPF_CORE_TYPE_SIZE:
		return min_mark(m, cm->root_id, MIN_COMPAT);
	}
	return mark_field(m, cm);
}

/* "program NAME" of the record at byte insn_off of section sec. */
static const char *prog_of(const struct bl_object_spec *obj, const char *sec, uint32_t insn_off)
{
	for (size_t i = 0; i < obj->program_cnt; i++) {
		const struct bl_prog_spec *p = &obj->programs[i];

		if (!strcmp(p->section, sec) && insn_off >= p->sec_offset &&
		    insn_off < p->sec_offset + 8 * p->insn_cnt)
			return p->name;
	}
	for (size_t i = 0; i < obj->subprog_cnt; i++) {
		const struct bl_prog_spec *p = &obj->subprogs[i];

		if (!strcmp(p->section, sec) && insn_off >= p->sec_offset &&
		    insn_off < p->sec_offset + 8 * p->insn_cnt)
			return p->name;
	}
	return NULL;
}

static int add_relos(struct bl_btf_min *m, const struct bl_object_spec *obj,
		     struct bl_btf_min_stats *st, bl_btf_min_note_fn note, void *ctx,
		     struct bl_err *err)
{
	const struct bl_btf_ext_info *info = &obj->btf_ext->core_relo;

	for (size_t s = 0; s < info->sec_cnt; s++) {
		const struct bl_btf_ext_sec *sec = &info->secs[s];

		for (uint32_t i = 0; i < sec->cnt; i++) {
			const struct bpf_core_relo *r = &sec->core_relo[i];
			const char *prog = prog_of(obj, sec->name, r->insn_off);
			struct bl_core_result res;
			char where[192];
			int rc;

			snprintf(where, sizeof(where), "%s: %s %s: CO-RE relocation %u", obj->path,
				 prog ? "program" : "section", prog ? prog : sec->name, i);
			memset(err, 0, sizeof(*err));
			rc = bl_core_resolve_visit(obj->btf, m->full, r, &res, err, visit, m);
			if (rc == -ENOMEM)
				return bl_err_set(err, rc, "out of memory");
			if (rc && !err->msg[0])
				return bl_err_set(err, rc, "%s (%s): the access path in FULL cannot be followed",
						  where, res.desc);
			if (rc)
				return bl_err_prefix(err, rc, "%s", where);
			st->relos++;
			if (res.match_cnt)
				st->matched++;
			else if (res.poison)
				st->poisoned++;
			else
				st->absent++;
			if (res.poison && note) {
				char msg[600];
				const char *kind = bl_core_relo_kind_name(r->kind);

				snprintf(msg, sizeof(msg), "%s: %s of %s: %s; the instruction will be poisoned (as with FULL)",
					 where, kind ? kind : "?", res.desc,
					 res.cand_cnt ? "no type of that name in FULL has it"
						      : "FULL has no type of that name");
				note(ctx, msg);
			}
		}
	}
	return 0;
}

static int add_targets(struct bl_btf_min *m, const struct bl_object_spec *obj,
		       struct bl_btf_min_stats *st, bl_btf_min_note_fn note, void *ctx)
{
	for (size_t i = 0; i < obj->program_cnt; i++) {
		const struct bl_prog_spec *p = &obj->programs[i];
		enum bl_btf_target_kind k = bl_btf_target_kind_of(p->def);
		struct bl_btf_target t;
		struct bl_err e;
		char msg[600];
		int id, rc;

		if (k == BL_BTF_TARGET_NONE || k == BL_BTF_TARGET_FREPLACE ||
		    bl_btf_target_parse(p->def, p->attach_target, &t, &e))
			continue;	/* freplace: another program's BTF; bad names: the loader says */
		if (t.module[0] && strcmp(t.module, "vmlinux") != 0) {
			snprintf(msg, sizeof(msg), "%s: program %s: %s target %s is in module %s, not in FULL: not kept",
				 obj->path, p->name, t.what, t.type_name, t.module);
			st->missing_targets++;
			if (note)
				note(ctx, msg);
			continue;
		}
		id = bl_btf_find_by_name_kind(m->full, t.type_name, t.btf_kind);
		if (id < 0) {
			snprintf(msg, sizeof(msg), "%s: program %s: %s target %s '%s' is not in FULL",
				 obj->path, p->name, t.what, bl_btf_kind_name(t.btf_kind), t.type_name);
			st->missing_targets++;
			if (note)
				note(ctx, msg);
			continue;
		}
		if ((rc = min_mark(m, (uint32_t)id, MIN_COMPAT)))
			return rc;
		st->targets++;
	}
	return 0;
}

int bl_btf_min_add_relos(struct bl_btf_min *m, const struct bl_object_spec *obj,
			 struct bl_btf_min_stats *st, bl_btf_min_note_fn note, void *ctx,
			 struct bl_err *err)
{
	memset(err, 0, sizeof(*err));
	if (!obj->btf || !obj->btf_ext)
		return 0;
	return add_relos(m, obj, st, note, ctx, err);
}

int bl_btf_min_add_targets(struct bl_btf_min *m, const struct bl_object_spec *obj,
			   struct bl_btf_min_stats *st, bl_btf_min_note_fn note, void *ctx,
			   struct bl_err *err)
{
	int rc = add_targets(m, obj, st, note, ctx);

	return rc ? bl_err_set(err, rc, "%s: out of memory", obj->path) : 0;
}

int bl_btf_min_add_object(struct bl_btf_min *m, const struct bl_object_spec *obj,
			  struct bl_btf_min_stats *st, bl_btf_min_note_fn note, void *ctx,
			  struct bl_err *err)
{
	int rc = bl_btf_min_add_relos(m, obj, st, note, ctx, err);

	return rc ? rc : bl_btf_min_add_targets(m, obj, st, note, ctx, err);
}
