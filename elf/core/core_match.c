/* elf/core/core_match.c — which target types a CO-RE relocation can mean, and
 * whether the local access makes sense in one of them.
 *
 * Documentation/bpf/llvm_reloc.rst, "CO-RE Relocations": types are found
 * by name in the target BTF, ignoring a "___flavor" suffix, so that
 * task_struct___old also finds task_struct. "Relocation kinds" (notes):
 * the TYPE_MATCHES relation. The other rules are libbpf's (relo_core.c:
 * bpf_core_spec_match, bpf_core_fields_are_compat,
 * bpf_core_types_are_compat, bpf_core_types_match); in short:
 *
 *   fields    named members are found by name, through anonymous structs
 *             and unions of the target; array indices must be in bounds;
 *             the two field types must be compatible: any two structs or
 *             unions, any two pointers or floats, integers of any size
 *             and sign (not the old bit-offset INTs), enums or forward
 *             declarations of the same essential name (or anonymous),
 *             arrays of compatible elements.
 *   types     (TYPE_ID_TARGET, TYPE_EXISTS, TYPE_SIZE) the same kind after
 *             typedefs and modifiers; pointers, arrays and function
 *             prototypes recursively; structs, unions, enums regardless of
 *             members.
 *   matches   (TYPE_MATCHES) stricter: every local member or enumerator
 *             has a match of the same name in the target, integers the
 *             same size and sign, arrays the same length.
 *
 * The target may come from a file too (--btf): every walk is bounded in
 * depth (chains by the number of local types, nesting by MAX_LEVEL) and,
 * through struct core_work, in total steps.
 */
#include "core_internal.h"

#include <errno.h>
#include <string.h>

#define MAX_LEVEL 32	/* nested function prototypes and members */

/* A chain of pointers or arrays without a cycle visits each local type
 * at most once. */
static uint32_t chain_max(const struct bl_btf *lb)
{
	return bl_btf_type_cnt(lb) + 1;
}

bool core_is_candidate(const struct btf_type *local_t, const char *name, size_t ess_len,
		       const struct bl_btf *target, uint32_t tid)
{
	const struct btf_type *t = bl_btf_type(target, tid);
	const char *tn;

	if (!t || !core_kinds_compat(local_t, t))
		return false;
	tn = bl_btf_name(target, t->name_off);
	if (!tn || !*tn || strncmp(tn, name, ess_len) != 0)
		return false;
	return bl_btf_essential_name_len(tn) == ess_len;
}

/* Both anonymous, or the same name without flavors. */
static bool names_match(const struct bl_btf *lb, uint32_t loff, const struct bl_btf *tb,
			uint32_t toff)
{
	const char *l = bl_btf_name(lb, loff), *t = bl_btf_name(tb, toff);
	size_t ll;

	if (!l || !t)
		return false;
	if (!*t || !*l)
		return !*t && !*l;
	ll = bl_btf_essential_name_len(l);
	return ll == bl_btf_essential_name_len(t) && strncmp(l, t, ll) == 0;
}

static unsigned int int_offset(const struct btf_type *t)
{
	return BTF_INT_OFFSET(bl_btf_int_data(t));
}

static bool int_signed(const struct btf_type *t)
{
	return BTF_INT_ENCODING(bl_btf_int_data(t)) & BTF_INT_SIGNED;
}

static bool is_any_enum(const struct btf_type *t)
{
	return bl_btf_kind(t) == BTF_KIND_ENUM || bl_btf_kind(t) == BTF_KIND_ENUM64;
}

int core_fields_compat(const struct bl_btf *lb, uint32_t lid, const struct bl_btf *tb,
		       uint32_t tid, struct core_work *w)
{
	for (uint32_t depth = 0; depth < chain_max(lb); depth++) {
		const struct btf_type *lt = bl_btf_skip_modifiers(lb, lid, &lid);
		const struct btf_type *tt = bl_btf_skip_modifiers(tb, tid, &tid);
		const char *ln, *tn;
		size_t ll, tl;

		if (core_work_step(w))
			return -E2BIG;
		if (!lt || !tt)
			return -ELOOP;
		if (core_is_composite(lt) && core_is_composite(tt))
			return 1;
		if (!core_kinds_compat(lt, tt))
			return 0;
		switch (bl_btf_kind(lt)) {
		case BTF_KIND_PTR: case BTF_KIND_FLOAT:
			return 1;
		case BTF_KIND_FWD: case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
			ln = bl_btf_name(lb, lt->name_off);
			tn = bl_btf_name(tb, tt->name_off);
			ll = bl_btf_essential_name_len(ln);
			tl = bl_btf_essential_name_len(tn);
			return ll == 0 || tl == 0 || (ll == tl && strncmp(ln, tn, ll) == 0);
		case BTF_KIND_INT:
			return int_offset(lt) == 0 && int_offset(tt) == 0;
		case BTF_KIND_ARRAY:
			lid = bl_btf_array(lt)->type;
			tid = bl_btf_array(tt)->type;
			continue;
		default:
			return 0;
		}
	}
	return -ELOOP;
}

int core_types_compat(const struct bl_btf *lb, uint32_t lid, const struct bl_btf *tb,
		      uint32_t tid, int level, struct core_work *w)
{
	const struct btf_type *lt = bl_btf_type(lb, lid), *tt = bl_btf_type(tb, tid);

	if (!lt || !tt)
		return -EINVAL;
	if (!core_kinds_compat(lt, tt))
		return 0;
	for (uint32_t depth = 0; depth < chain_max(lb); depth++) {
		lt = bl_btf_skip_modifiers(lb, lid, &lid);
		tt = bl_btf_skip_modifiers(tb, tid, &tid);
		if (core_work_step(w))
			return -E2BIG;
		if (!lt || !tt)
			return -ELOOP;
		if (!core_kinds_compat(lt, tt))
			return 0;
		switch (bl_btf_kind(lt)) {
		case BTF_KIND_UNKN: case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		case BTF_KIND_ENUM: case BTF_KIND_ENUM64: case BTF_KIND_FWD:
			return 1;
		case BTF_KIND_INT:
			return int_offset(lt) == 0 && int_offset(tt) == 0;
		case BTF_KIND_PTR:
			lid = lt->type;
			tid = tt->type;
			continue;
		case BTF_KIND_ARRAY:
			lid = bl_btf_array(lt)->type;
			tid = bl_btf_array(tt)->type;
			continue;
		case BTF_KIND_FUNC_PROTO:
			if (bl_btf_vlen(lt) != bl_btf_vlen(tt))
				return 0;
			for (unsigned int i = 0; i < bl_btf_vlen(lt); i++) {
				uint32_t lp, tp;
				int rc;

				if (level <= 0)
					return -ELOOP;
				if (!bl_btf_skip_modifiers(lb, bl_btf_params(lt)[i].type, &lp) ||
				    !bl_btf_skip_modifiers(tb, bl_btf_params(tt)[i].type, &tp))
					return -ELOOP;
				rc = core_types_compat(lb, lp, tb, tp, level - 1, w);
				if (rc <= 0)
					return rc;
			}
			lid = lt->type;	/* then the return types */
			tid = tt->type;
			continue;
		default:
			return 0;
		}
	}
	return -ELOOP;
}

int bl_core_types_compat(const struct bl_btf *local, uint32_t lid, const struct bl_btf *target,
			 uint32_t tid)
{
	struct core_work w = { 0 };

	return core_types_compat(local, lid, target, tid, MAX_LEVEL, &w);
}

static int enums_match(const struct bl_btf *lb, const struct btf_type *lt,
		       const struct bl_btf *tb, const struct btf_type *tt, struct core_work *w)
{
	unsigned int lv = bl_btf_vlen(lt), tv = bl_btf_vlen(tt);

	if (lt->size != tt->size || lv > tv)
		return 0;
	for (unsigned int i = 0; i < lv; i++) {
		uint32_t ln = bl_btf_kind(lt) == BTF_KIND_ENUM ? bl_btf_enums(lt)[i].name_off
							       : bl_btf_enum64s(lt)[i].name_off;
		bool found = false;

		for (unsigned int j = 0; j < tv && !found; j++) {
			uint32_t tn = bl_btf_kind(tt) == BTF_KIND_ENUM ? bl_btf_enums(tt)[j].name_off
								       : bl_btf_enum64s(tt)[j].name_off;

			if (core_work_step(w))
				return -E2BIG;
			found = names_match(lb, ln, tb, tn);
		}
		if (!found)
			return 0;
	}
	return 1;
}

static int composites_match(const struct bl_btf *lb, const struct btf_type *lt,
			    const struct bl_btf *tb, const struct btf_type *tt, bool behind_ptr,
			    int level, struct core_work *w)
{
	unsigned int lv = bl_btf_vlen(lt), tv = bl_btf_vlen(tt);

	if (lv > tv)
		return 0;
	for (unsigned int i = 0; i < lv; i++) {
		const struct btf_member *lm = &bl_btf_members(lt)[i];
		bool found = false;

		for (unsigned int j = 0; j < tv && !found; j++) {
			const struct btf_member *tm = &bl_btf_members(tt)[j];
			int rc;

			if (core_work_step(w))
				return -E2BIG;
			if (!names_match(lb, lm->name_off, tb, tm->name_off))
				continue;
			rc = core_types_match(lb, lm->type, tb, tm->type, behind_ptr, level - 1, w);
			if (rc < 0)
				return rc;
			found = rc > 0;
		}
		if (!found)
			return 0;
	}
	return 1;
}

int core_types_match(const struct bl_btf *lb, uint32_t lid, const struct bl_btf *tb,
		     uint32_t tid, bool behind_ptr, int level, struct core_work *w)
{
	if (level <= 0)
		return -ELOOP;
	for (uint32_t depth = 0; depth < chain_max(lb); depth++) {
		const struct btf_type *lt = bl_btf_skip_modifiers(lb, lid, &lid);
		const struct btf_type *tt = bl_btf_skip_modifiers(tb, tid, &tid);
		unsigned int lk, tk;
		bool lf, tf;

		if (core_work_step(w))
			return -E2BIG;
		if (!lt || !tt)
			return -ELOOP;
		if (!names_match(lb, lt->name_off, tb, tt->name_off))
			return 0;
		lk = bl_btf_kind(lt);
		tk = bl_btf_kind(tt);
		lf = bl_btf_kflag(lt);
		tf = bl_btf_kflag(tt);
		switch (lk) {
		case BTF_KIND_UNKN:
			return tk == BTF_KIND_UNKN;
		case BTF_KIND_FWD:
			/* kind_flag: 0 a struct, 1 a union is declared */
			if (tk == BTF_KIND_FWD)
				return lf == tf;
			return behind_ptr && ((tk == BTF_KIND_STRUCT && !lf) ||
					      (tk == BTF_KIND_UNION && lf));
		case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
			return is_any_enum(tt) ? enums_match(lb, lt, tb, tt, w) : 0;
		case BTF_KIND_STRUCT: case BTF_KIND_UNION:
			if (behind_ptr)
				return lk == tk || (tk == BTF_KIND_FWD && (lk == BTF_KIND_UNION) == tf);
			if (lk != tk)
				return 0;
			return composites_match(lb, lt, tb, tt, behind_ptr, level, w);
		case BTF_KIND_INT:
			return lk == tk && lt->size == tt->size && int_signed(lt) == int_signed(tt);
		case BTF_KIND_PTR:
			if (lk != tk)
				return 0;
			behind_ptr = true;
			lid = lt->type;
			tid = tt->type;
			continue;
		case BTF_KIND_ARRAY:
			if (lk != tk || bl_btf_array(lt)->nelems != bl_btf_array(tt)->nelems)
				return 0;
			lid = bl_btf_array(lt)->type;
			tid = bl_btf_array(tt)->type;
			continue;
		case BTF_KIND_FUNC_PROTO:
			if (lk != tk || bl_btf_vlen(lt) != bl_btf_vlen(tt))
				return 0;
			for (unsigned int i = 0; i < bl_btf_vlen(lt); i++) {
				int rc = core_types_match(lb, bl_btf_params(lt)[i].type, tb,
							  bl_btf_params(tt)[i].type, behind_ptr,
							  level - 1, w);

				if (rc <= 0)
					return rc;
			}
			lid = lt->type;
			tid = tt->type;
			continue;
		default:
			return 0;
		}
	}
	return -ELOOP;
}

/* --- Field specs ---------------------------------------------------------- */

/* Finds the member named like local accessor lacc in target type tid,
 * also inside anonymous members, recording each step in targ. 1 found
 * (and compatible), 0 not, < 0 error. *next is the member's type. */
static int match_member(const struct bl_btf *lb, const struct core_acc *lacc,
			const struct bl_btf *tb, uint32_t tid, struct core_spec *targ,
			uint32_t *next, struct core_work *w)
{
	const struct btf_type *t = bl_btf_skip_modifiers(tb, tid, &tid);
	const struct btf_member *lm;

	if (!t)
		return -ELOOP;
	if (!core_is_composite(t))
		return 0;
	lm = &bl_btf_members(bl_btf_type(lb, lacc->type_id))[lacc->idx];
	for (unsigned int i = 0; i < bl_btf_vlen(t); i++) {
		const struct btf_member *m = &bl_btf_members(t)[i];
		uint32_t bits = bl_btf_member_bit_offset(t, m);
		const char *name = bl_btf_name(tb, m->name_off);
		int rc;

		if (core_work_step(w))
			return -E2BIG;
		if (targ->raw_len == BL_CORE_ACCESS_MAX)
			return -E2BIG;
		targ->bit_offset += bits;	/* if this is the one */
		targ->raw[targ->raw_len++] = i;
		if (!name || !*name) {
			rc = match_member(lb, lacc, tb, m->type, targ, next, w);
			if (rc)
				return rc;
		} else if (strcmp(name, lacc->name) == 0) {
			targ->acc[targ->len++] = (struct core_acc){ tid, i, name };
			*next = m->type;
			rc = core_fields_compat(lb, lm->type, tb, m->type, w);
			if (rc == 0)
				targ->len--;
			return rc;
		}
		targ->bit_offset -= bits;
		targ->raw_len--;
	}
	return 0;
}

static int match_enumval(const struct core_spec *local, const struct bl_btf *target,
			 uint32_t tid, struct core_spec *targ)
{
	const struct btf_type *t = bl_btf_skip_modifiers(target, tid, &tid);
	const char *lname = local->acc[0].name;
	size_t ll = bl_btf_essential_name_len(lname);

	if (!t)
		return -ELOOP;
	if (!is_any_enum(t))
		return 0;
	for (unsigned int i = 0; i < bl_btf_vlen(t); i++) {
		uint32_t off = bl_btf_kind(t) == BTF_KIND_ENUM ? bl_btf_enums(t)[i].name_off
							       : bl_btf_enum64s(t)[i].name_off;
		const char *name = bl_btf_name(target, off);

		if (!name || bl_btf_essential_name_len(name) != ll || strncmp(name, lname, ll))
			continue;
		targ->acc[0] = (struct core_acc){ tid, i, name };
		targ->len = 1;
		targ->raw[0] = i;
		targ->raw_len = 1;
		return 1;
	}
	return 0;
}

/* The accessors of a field spec, one after the other, in the target. */
static int match_fields(const struct core_spec *local, const struct bl_btf *target, uint32_t tid,
			struct core_spec *targ, struct core_work *w, const char **why)
{
	for (uint32_t i = 0; i < local->len; i++) {
		const struct core_acc *lacc = &local->acc[i];
		const struct btf_type *t = bl_btf_skip_modifiers(target, tid, &tid);
		uint32_t size;
		int rc;

		if (!t)
			return -ELOOP;
		if (lacc->name) {
			rc = match_member(local->btf, lacc, target, tid, targ, &tid, w);
			if (rc <= 0)
				return rc;
			continue;
		}
		if (i > 0) {	/* an array element; i == 0 is the root */
			const struct btf_array *a;

			if (bl_btf_kind(t) != BTF_KIND_ARRAY)
				return 0;
			a = bl_btf_array(t);
			if (!core_is_flex_array(target, &targ->acc[targ->len - 1], a) &&
			    lacc->idx >= a->nelems)
				return 0;
			if (!bl_btf_skip_modifiers(target, a->type, &tid))
				return -ELOOP;
		}
		if (targ->raw_len == BL_CORE_ACCESS_MAX)
			return -E2BIG;
		targ->acc[targ->len++] = (struct core_acc){ tid, lacc->idx, NULL };
		targ->raw[targ->raw_len++] = lacc->idx;
		if (bl_btf_resolve_size(target, tid, &size)) {
			*why = "an array element or root type without a size";
			return -EINVAL;
		}
		if (core_add_bits(&targ->bit_offset, lacc->idx, size)) {
			*why = "an offset past 4 GiB";
			return -E2BIG;
		}
	}
	return 1;
}

int core_spec_match(const struct core_spec *local, const struct bl_btf *target, uint32_t tid,
		    struct core_spec *targ, struct core_work *w, struct bl_err *err)
{
	const char *why = NULL;
	char tn[96];
	int rc;

	memset(targ, 0, sizeof(*targ));
	targ->btf = target;
	targ->root_id = tid;
	targ->kind = local->kind;
	if (local->kind == BPF_CORE_TYPE_MATCHES)
		rc = core_types_match(local->btf, local->root_id, target, tid, false, MAX_LEVEL, w);
	else if (core_kind_is_type(local->kind))
		rc = core_types_compat(local->btf, local->root_id, target, tid, MAX_LEVEL, w);
	else if (core_kind_is_enumval(local->kind))
		rc = match_enumval(local, target, tid, targ);
	else
		rc = match_fields(local, target, tid, targ, w, &why);
	if (rc >= 0)
		return rc;
	if (!why)
		why = rc == -E2BIG ? "nested too deeply or too many steps (over 2000000)"
				   : "a cycle, or nested too deeply";
	core_type_str(target, tid, tn, sizeof(tn));
	return bl_err_set(err, rc, "matching target type [%u] %s: %s", tid, tn, why);
}
