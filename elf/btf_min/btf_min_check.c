/* elf/btf_min/btf_min_check.c — does a minimized BTF answer every CO-RE
 * relocation (Documentation/bpf/llvm_reloc.rst, "CO-RE Relocations") as
 * FULL does? Both are asked with the loader's bl_core_resolve. Type ids
 * differ between the two BTFs by construction, so a target type id is
 * compared by the kind and name of the type it names; the number of
 * candidates is not compared (FULL's candidates that did not match are
 * not kept, btf_min_object.c).
 */
#include "btf_min.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "elf/btf/btf_ext.h"
#include "elf/core/core.h"

/* Same kind and name, or both void / both out of range. */
static bool same_type(const struct bl_btf *a, uint64_t ia, const struct bl_btf *b, uint64_t ib)
{
	const struct btf_type *ta = ia <= UINT32_MAX ? bl_btf_type(a, (uint32_t)ia) : NULL;
	const struct btf_type *tb = ib <= UINT32_MAX ? bl_btf_type(b, (uint32_t)ib) : NULL;

	if (!ta || !tb)
		return !ta && !tb;
	return bl_btf_kind(ta) == bl_btf_kind(tb) &&
	       !strcmp(bl_btf_name(a, ta->name_off), bl_btf_name(b, tb->name_off));
}

/* "" when f and m agree, else what differs. */
static const char *differs(const struct bl_btf *full, const struct bl_core_result *f,
			   const struct bl_btf *min, const struct bl_core_result *m)
{
	if (f->poison != m->poison)
		return "poisoning";
	if (f->kind == BPF_CORE_TYPE_ID_TARGET ? !same_type(full, f->new_val, min, m->new_val)
					       : f->new_val != m->new_val)
		return "value";
	if (f->orig_val != m->orig_val || f->validate != m->validate || f->enum32 != m->enum32)
		return "local value";
	if (f->new_sz != m->new_sz || f->orig_sz != m->orig_sz)
		return "size of the load";
	if (f->fail_memsz_adjust != m->fail_memsz_adjust)
		return "whether the load can be resized";
	if (f->bitfield != m->bitfield || f->bit_offset != m->bit_offset ||
	    f->bit_size != m->bit_size)
		return "where the field is";
	if (f->match_cnt != m->match_cnt)
		return "number of matching types";
	if ((f->target_id == 0) != (m->target_id == 0) ||
	    (f->target_id && !same_type(full, f->target_id, min, m->target_id)))
		return "target type";
	return "";
}

int bl_btf_min_check(const struct bl_btf *full, const struct bl_btf *min,
		     const struct bl_object_spec *obj, struct bl_err *err)
{
	const struct bl_btf_ext_info *info;

	if (!obj->btf || !obj->btf_ext)
		return 0;
	info = &obj->btf_ext->core_relo;
	for (size_t s = 0; s < info->sec_cnt; s++) {
		const struct bl_btf_ext_sec *sec = &info->secs[s];

		for (uint32_t i = 0; i < sec->cnt; i++) {
			struct bl_core_result fr, mr;
			struct bl_err fe, me;
			int frc = bl_core_resolve(obj->btf, full, &sec->core_relo[i], &fr, &fe);
			int mrc = bl_core_resolve(obj->btf, min, &sec->core_relo[i], &mr, &me);
			const char *what = frc != mrc ? "result" : frc ? "" : differs(full, &fr, min, &mr);

			if (*what)
				return bl_err_set(err, -EPROTO, "%s: section %s: CO-RE relocation %u (%s): the minimized BTF gives another %s than FULL (%d, %llu: %d, %llu)",
						  obj->path, sec->name, i, fr.desc, what, frc,
						  (unsigned long long)fr.new_val, mrc,
						  (unsigned long long)mr.new_val);
		}
	}
	return 0;
}
