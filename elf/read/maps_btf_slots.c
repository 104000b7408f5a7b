/* elf/read/maps_btf_slots.c — the initialised slots of BTF-defined maps.
 *
 * A map of maps or program array written as
 *
 *   struct { ...; __array(values, struct inner); } outer SEC(".maps") = {
 *           .values = { [1] = &map_a, [3] = &map_b },
 *   };
 *
 * has no bytes worth reading: clang puts a relocation against map_a and
 * map_b into .rel.maps, at the 8-byte pointer of the slot inside the
 * "values" member (R_BPF_64_ABS64; Documentation/bpf/llvm_reloc.rst).
 * Each becomes a bl_map_init {slot, name}; the loader stores the fd of
 * that map (Documentation/bpf/map_of_maps.rst) or program (a tail-call
 * target, BPF_MAP_TYPE_PROG_ARRAY in include/uapi/linux/bpf.h) there.
 * Rules as libbpf's bpf_object__collect_map_relos: a map of maps holds
 * BTF-defined maps, a program array holds entry-point programs of this
 * object, a hash of maps initialised this way has 4-byte keys, and a slot
 * set twice keeps the last value. Pure parsing: no syscalls.
 */
#include "read_ctx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "maps_btf.h"

#define BPF_PTR_SIZE 8
#define R_BPF_64_64 1
#define R_BPF_64_ABS64 2

static const struct bl_map_spec *find_btf_map(const struct bl_object_spec *obj, size_t first,
					     const char *name)
{
	for (size_t i = first; i < obj->map_cnt; i++)
		if (!obj->maps[i].inner_template && !strcmp(obj->maps[i].name, name))
			return &obj->maps[i];
	return NULL;
}

static int read_rel(struct bl_read_ctx *c, size_t shndx, size_t first, const struct bl_btf_map_info *infos,
		    size_t rel_idx, const GElf_Rel *rel)
{
	struct bl_object_spec *obj = c->obj;
	const char *relsec = obj->sections[rel_idx].name;
	size_t symi = GELF_R_SYM(rel->r_info), type = GELF_R_TYPE(rel->r_info);
	const GElf_Sym *s;
	struct bl_map_spec *d = NULL;
	const struct bl_btf_map_info *info = NULL;
	const char *target;
	uint64_t off;

	if (type != R_BPF_64_ABS64 && type != R_BPF_64_64)
		return bl_err_set(c->err, -EINVAL, "%s: %s: relocation at offset %llu: type %zu is not R_BPF_64_ABS64",
				  c->name, relsec, (unsigned long long)rel->r_offset, type);
	if (symi == 0 || symi >= c->sym_cnt)
		return bl_err_set(c->err, -EINVAL, "%s: %s: relocation at offset %llu: symbol index %zu is out of range",
				  c->name, relsec, (unsigned long long)rel->r_offset, symi);
	s = &c->syms[symi];
	target = bl_sym_name(c, symi);
	for (size_t i = first; i < obj->map_cnt && !d; i++) {
		struct bl_map_spec *m = &obj->maps[i];

		if (!m->inner_template && rel->r_offset >= m->sec_offset &&
		    rel->r_offset - m->sec_offset + BPF_PTR_SIZE <= infos[i - first].var_size)
			d = m, info = &infos[i - first];
	}
	if (!d)
		return bl_err_set(c->err, -EINVAL, "%s: %s: relocation against '%s' at offset %llu is inside no map",
				  c->name, relsec, target, (unsigned long long)rel->r_offset);
	off = rel->r_offset - d->sec_offset;
	if (!info->has_values || off < info->values_off || (off - info->values_off) % BPF_PTR_SIZE)
		return bl_btf_map_fail(c, -EINVAL, d->name,
			    "relocation against '%s' at byte %llu of the map: not a slot of member 'values'",
			    target, (unsigned long long)off);
	if (bl_is_map_in_map(d->type)) {
		if (s->st_shndx != shndx || !find_btf_map(obj, first, target))
			return bl_btf_map_fail(c, -EINVAL, d->name, "values: '%s' is not a BTF-defined map", target);
		if (d->type == BPF_MAP_TYPE_HASH_OF_MAPS && d->key_size != 4)
			return bl_btf_map_fail(c, -EINVAL, d->name,
				    "values: a hash of maps initialised by slot needs key_size 4, not %u",
				    d->key_size);
	} else {
		const struct bl_prog_spec *p = bl_object_spec_find_prog(obj, target);

		if (!p || p->shndx != s->st_shndx || p->sec_offset != s->st_value)
			return bl_btf_map_fail(c, -EINVAL, d->name, "values: '%s' is not a program of this object", target);
	}
	if (bl_map_spec_add_init(d, (uint32_t)((off - info->values_off) / BPF_PTR_SIZE), target))
		return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
	return 0;
}

int bl_read_btf_map_slots(struct bl_read_ctx *c, size_t shndx, size_t first, const struct bl_btf_map_info *infos)
{
	for (size_t i = 1; i < c->shnum; i++) {
		const struct bl_section *rs = &c->obj->sections[i];
		Elf_Data *data;

		if (rs->type != SHT_REL || rs->info != shndx)
			continue;
		data = elf_getdata(elf_getscn(c->elf, i), NULL);
		if (rs->link != c->symtab_idx || !data || rs->size % sizeof(Elf64_Rel))
			return bl_err_set(c->err, -EINVAL,
					  "%s: %s: not a relocation section of the symbol table with entries of %zu bytes",
					  c->name, rs->name, sizeof(Elf64_Rel));
		for (size_t k = 0; k < rs->size / sizeof(Elf64_Rel); k++) {
			GElf_Rel rel;
			int ret;

			if (!gelf_getrel(data, (int)k, &rel))
				return bl_err_set(c->err, -EINVAL, "%s: %s: relocation %zu unreadable",
						  c->name, rs->name, k);
			ret = read_rel(c, shndx, first, infos, i, &rel);
			if (ret)
				return ret;
		}
	}
	return 0;
}
