/* elf/read/maps_btf.c — BTF-defined maps, the section ".maps".
 *
 * A BTF-defined map is a global variable in ".maps" whose bytes say
 * nothing: its definition is its type. In .BTF, the DATASEC named ".maps"
 * lists the variables (VARs); each VAR's type is a STRUCT whose members
 * encode the definition the way libbpf's bpf_helpers.h macros write it:
 *
 *   __uint(name, N)   int (*name)[N]   PTR to an ARRAY whose nelems is N:
 *                     type, max_entries, map_flags, numa_node, key_size,
 *                     value_size, pinning, map_extra
 *   __type(name, T)   T *name          PTR to T: key, value (the size is
 *                     T's; the BTF id is passed to BPF_MAP_CREATE)
 *   __array(name, T)  T *name[]        zero-length ARRAY of PTR to T:
 *                     "values" of a map of maps (T the STRUCT of the
 *                     inner map's definition, itself parsed as a map
 *                     definition) or of a program array (T a FUNC_PROTO)
 *
 * map_extra may also be libbpf's __ulong form: a one-value ENUM/ENUM64.
 * An initialised `values = { [i] = &x }` is read by maps_btf_slots.c.
 *
 * The rules follow libbpf (src/libbpf.c: parse_btf_map_def,
 * bpf_object__init_user_btf_map, bpf_object__collect_map_relos),
 * including its default strictness: an unknown member is an error.
 * clang leaves the DATASEC's variable offsets to the loader, so the ELF
 * symbol of each variable gives its place. Kernel side:
 * Documentation/bpf/maps.rst, Documentation/bpf/map_of_maps.rst,
 * include/uapi/linux/bpf.h (BPF_MAP_CREATE). Pure parsing: no syscalls.
 */
#include "read_ctx.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf/btf.h"
#include "maps_btf.h"

static const char *kind_of(const struct btf_type *t)
{
	return t ? bl_btf_kind_name(bl_btf_kind(t)) : "(none)";
}

/* __uint: PTR (through modifiers) to an ARRAY; the value is its nelems. */
static int field_u32(struct bl_read_ctx *c, const char *map, const char *field,
		     const struct btf_member *m, uint32_t *out)
{
	const struct bl_btf *btf = c->obj->btf;
	const struct btf_type *t = bl_btf_skip_modifiers(btf, m->type, NULL);
	const struct btf_type *arr;

	if (!t || bl_btf_kind(t) != BTF_KIND_PTR)
		return bl_btf_map_fail(c, -EINVAL, map, "member '%s': expected a PTR to an ARRAY (__uint), got %s",
			    field, kind_of(t));
	arr = bl_btf_type(btf, t->type);
	if (!arr || bl_btf_kind(arr) != BTF_KIND_ARRAY)
		return bl_btf_map_fail(c, -EINVAL, map, "member '%s': expected a PTR to an ARRAY (__uint), got a PTR to %s",
			    field, kind_of(arr));
	*out = bl_btf_array(arr)->nelems;
	return 0;
}

/* map_extra: __uint, or a one-value ENUM / ENUM64 (libbpf's __ulong). */
static int field_u64(struct bl_read_ctx *c, const char *map, const char *field,
		     const struct btf_member *m, uint64_t *out)
{
	const struct btf_type *t = bl_btf_skip_modifiers(c->obj->btf, m->type, NULL);
	uint32_t v32;
	int ret;

	if (t && bl_btf_kind(t) == BTF_KIND_PTR) {
		ret = field_u32(c, map, field, m, &v32);
		*out = v32;
		return ret;
	}
	if (!t || (bl_btf_kind(t) != BTF_KIND_ENUM && bl_btf_kind(t) != BTF_KIND_ENUM64))
		return bl_btf_map_fail(c, -EINVAL, map, "member '%s': expected a PTR to an ARRAY or an ENUM, got %s",
			    field, kind_of(t));
	if (bl_btf_vlen(t) != 1)
		return bl_btf_map_fail(c, -EINVAL, map, "member '%s': the ENUM has %u values, expected exactly 1",
			    field, bl_btf_vlen(t));
	if (bl_btf_kind(t) == BTF_KIND_ENUM)
		*out = (uint32_t)bl_btf_enums(t)->val;
	else
		*out = (uint64_t)bl_btf_enum64s(t)->val_hi32 << 32 | bl_btf_enum64s(t)->val_lo32;
	return 0;
}

/* key_size / value_size given twice (as a size and by a type) must agree. */
static int set_size(struct bl_read_ctx *c, const char *map, const char *what, uint32_t *dst,
		    uint32_t size)
{
	if (*dst && *dst != size)
		return bl_btf_map_fail(c, -EINVAL, map, "conflicting %s: %u and %u", what, *dst, size);
	*dst = size;
	return 0;
}

/* __type: a PTR to the key or value type; its size and id. */
static int field_type(struct bl_read_ctx *c, const char *map, const char *field,
		      const struct btf_member *m, uint32_t *size, uint32_t *type_id)
{
	const struct bl_btf *btf = c->obj->btf;
	const struct btf_type *t = bl_btf_type(btf, m->type);
	uint32_t sz;
	int ret;

	if (!t || bl_btf_kind(t) != BTF_KIND_PTR)
		return bl_btf_map_fail(c, -EINVAL, map, "member '%s': expected a PTR to the %s type (__type), got %s",
			    field, field, kind_of(t));
	ret = bl_btf_resolve_size(btf, t->type, &sz);
	if (ret)
		return bl_btf_map_fail(c, ret, map, "member '%s': the size of type [%u] cannot be determined (%s)",
			    field, t->type, ret == -ELOOP ? "a cycle" : ret == -E2BIG ? "too big" : "it has none");
	if (sz == 0)
		return bl_btf_map_fail(c, -EINVAL, map, "member '%s': type [%u] has size 0", field, t->type);
	ret = set_size(c, map, field[0] == 'k' ? "key sizes" : "value sizes", size, sz);
	*type_id = t->type;
	return ret;
}

static int parse_def(struct bl_read_ctx *c, const char *map, uint32_t struct_id, bool is_inner,
		     struct bl_map_spec *d, struct bl_btf_map_info *info);

/* __array(values, T): a zero-length ARRAY of PTR to T. */
static int field_values(struct bl_read_ctx *c, const char *map, const struct btf_type *def,
			unsigned int i, struct bl_map_spec *d, struct bl_btf_map_info *info, bool is_inner)
{
	const struct bl_btf *btf = c->obj->btf;
	const struct btf_member *m = &bl_btf_members(def)[i];
	bool mim = bl_is_map_in_map(d->type), progs = d->type == BPF_MAP_TYPE_PROG_ARRAY;
	const struct btf_type *t, *elem, *target;
	uint32_t target_id, bits;

	if (is_inner)
		return bl_btf_map_fail(c, -EOPNOTSUPP, map, "an inner map cannot have 'values' itself (one level of maps in maps only)");
	if (i != bl_btf_vlen(def) - 1)
		return bl_btf_map_fail(c, -EINVAL, map, "member 'values' must be the last member");
	if (!mim && !progs)
		return bl_btf_map_fail(c, -EOPNOTSUPP, map,
			    "member 'values' needs a map of maps or a program array, not type %s (%u) (is 'type' given before it?)",
			    bl_map_type_name(d->type), d->type);
	if (set_size(c, map, "value sizes", &d->value_size, 4))
		return -EINVAL;
	t = bl_btf_type(btf, m->type);
	if (!t || bl_btf_kind(t) != BTF_KIND_ARRAY || bl_btf_array(t)->nelems)
		return bl_btf_map_fail(c, -EINVAL, map, "member 'values': expected a zero-length ARRAY (__array), got %s",
			    kind_of(t));
	elem = bl_btf_skip_modifiers(btf, bl_btf_array(t)->type, NULL);
	if (!elem || bl_btf_kind(elem) != BTF_KIND_PTR)
		return bl_btf_map_fail(c, -EINVAL, map, "member 'values': expected an ARRAY of PTR, got an ARRAY of %s",
			    kind_of(elem));
	target = bl_btf_skip_modifiers(btf, elem->type, &target_id);
	bits = bl_btf_member_bit_offset(def, m);
	if (bits % 8 || bl_btf_member_bitfield_size(def, m))
		return bl_btf_map_fail(c, -EINVAL, map, "member 'values' is not byte-aligned");
	info->has_values = true;
	info->values_off = bits / 8;
	if (progs) {
		if (!target || bl_btf_kind(target) != BTF_KIND_FUNC_PROTO)
			return bl_btf_map_fail(c, -EINVAL, map, "member 'values' of a program array: expected PTR to a FUNC_PROTO, got PTR to %s",
				    kind_of(target));
		return 0;
	}
	if (!target || bl_btf_kind(target) != BTF_KIND_STRUCT)
		return bl_btf_map_fail(c, -EINVAL, map, "member 'values' of a map of maps: expected PTR to the inner map's STRUCT, got PTR to %s",
			    kind_of(target));
	info->inner_struct = target_id;
	return 0;
}

static int parse_def(struct bl_read_ctx *c, const char *map, uint32_t struct_id, bool is_inner,
		     struct bl_map_spec *d, struct bl_btf_map_info *info)
{
	const struct bl_btf *btf = c->obj->btf;
	const struct btf_type *def = bl_btf_type(btf, struct_id);
	const struct btf_member *m = bl_btf_members(def);
	int ret = 0;

	for (unsigned int i = 0; i < bl_btf_vlen(def) && !ret; i++, m++) {
		const char *f = bl_btf_name(btf, m->name_off);
		uint32_t v;

		if (!f || !*f) {
			ret = bl_btf_map_fail(c, -EINVAL, map, "member %u has no name", i);
		} else if (!strcmp(f, "type")) {
			ret = field_u32(c, map, f, m, &d->type);
		} else if (!strcmp(f, "max_entries")) {
			ret = field_u32(c, map, f, m, &d->max_entries);
		} else if (!strcmp(f, "map_flags")) {
			ret = field_u32(c, map, f, m, &d->map_flags);
		} else if (!strcmp(f, "numa_node")) {
			ret = field_u32(c, map, f, m, &d->numa_node);
		} else if (!strcmp(f, "key_size") || !strcmp(f, "value_size")) {
			ret = field_u32(c, map, f, m, &v);
			if (!ret)
				ret = set_size(c, map, f[0] == 'k' ? "key sizes" : "value sizes",
					       f[0] == 'k' ? &d->key_size : &d->value_size, v);
		} else if (!strcmp(f, "key")) {
			ret = field_type(c, map, f, m, &d->key_size, &d->btf_key_type_id);
		} else if (!strcmp(f, "value")) {
			ret = field_type(c, map, f, m, &d->value_size, &d->btf_value_type_id);
		} else if (!strcmp(f, "values")) {
			ret = field_values(c, map, def, i, d, info, is_inner);
		} else if (!strcmp(f, "pinning")) {
			if (is_inner)
				return bl_btf_map_fail(c, -EINVAL, map, "an inner map cannot be pinned");
			ret = field_u32(c, map, f, m, &d->pinning);
			if (!ret && d->pinning > 1)
				ret = bl_btf_map_fail(c, -EINVAL, map,
					   "pinning %u: only 0 (none) and 1 (LIBBPF_PIN_BY_NAME) exist",
					   d->pinning);
		} else if (!strcmp(f, "map_extra")) {
			ret = field_u64(c, map, f, m, &d->map_extra);
		} else {
			ret = bl_btf_map_fail(c, -EOPNOTSUPP, map,
				   "unknown member '%s' (known: type, key, value, key_size, value_size, max_entries, map_flags, numa_node, pinning, map_extra, values)",
				   f);
		}
	}
	if (ret)
		return ret;
	if (d->type == BPF_MAP_TYPE_UNSPEC)
		return bl_btf_map_fail(c, -EINVAL, map, "no map type (member 'type')");
	return 0;
}

static struct bl_map_spec *add_map(struct bl_object_spec *obj)
{
	struct bl_map_spec *grown = realloc(obj->maps, (obj->map_cnt + 1) * sizeof(*grown));

	if (!grown)
		return NULL;
	obj->maps = grown;
	memset(&grown[obj->map_cnt], 0, sizeof(*grown));
	grown[obj->map_cnt].inner = -1;
	return &grown[obj->map_cnt++];
}

/* The ELF symbol of variable name in .maps, or -1. */
static long find_var_sym(struct bl_read_ctx *c, size_t shndx, const char *name)
{
	for (size_t i = 1; i < c->sym_cnt; i++) {
		const GElf_Sym *s = &c->syms[i];

		if (s->st_shndx == shndx && GELF_ST_TYPE(s->st_info) != STT_SECTION &&
		    GELF_ST_TYPE(s->st_info) != STT_FILE && !strcmp(bl_sym_name(c, i), name))
			return (long)i;
	}
	return -1;
}

/* One VAR of the DATASEC: its definition, appended to obj->maps. */
static int read_var(struct bl_read_ctx *c, size_t shndx, const struct btf_var_secinfo *vi,
		    struct bl_btf_map_info *info)
{
	const struct bl_btf *btf = c->obj->btf;
	const struct bl_section *sec = &c->obj->sections[shndx];
	const struct btf_type *var = bl_btf_type(btf, vi->type), *def;
	const char *name = var ? bl_btf_name(btf, var->name_off) : NULL;
	struct bl_map_spec *d;
	uint32_t def_id;
	long sym;
	int ret;

	if (!var || bl_btf_kind(var) != BTF_KIND_VAR || !name || !*name)
		return bl_err_set(c->err, -EINVAL,
				  "%s: %s: DATASEC entry of type [%u] is not a named VAR (%s)", c->name,
				  BL_BTF_MAPS_SEC, vi->type, kind_of(var));
	if (bl_btf_var(var)->linkage != BTF_VAR_GLOBAL_ALLOCATED)
		return bl_btf_map_fail(c, -EOPNOTSUPP, name,
			    "linkage %s: a map must be a global variable (not static, not extern)",
			    bl_btf_var(var)->linkage == BTF_VAR_STATIC ? "static" : "extern");
	def = bl_btf_skip_modifiers(btf, var->type, &def_id);
	if (!def || bl_btf_kind(def) != BTF_KIND_STRUCT)
		return bl_btf_map_fail(c, -EINVAL, name, "its type is %s, expected a STRUCT of __uint/__type members",
			    kind_of(def));
	sym = find_var_sym(c, shndx, name);
	if (sym < 0)
		return bl_btf_map_fail(c, -EINVAL, name, "no ELF symbol of that name in section %s", BL_BTF_MAPS_SEC);
	if (c->syms[sym].st_value > sec->size || vi->size > sec->size - c->syms[sym].st_value)
		return bl_btf_map_fail(c, -EINVAL, name, "%u bytes at offset %llu run past the end of %s (%llu bytes)",
			    vi->size, (unsigned long long)c->syms[sym].st_value, BL_BTF_MAPS_SEC,
			    (unsigned long long)sec->size);
	if (def->size > vi->size)
		return bl_btf_map_fail(c, -EINVAL, name, "the definition's struct (%u bytes) is larger than the variable (%u bytes)",
			    def->size, vi->size);
	d = add_map(c->obj);
	if (!d)
		return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
	d->origin = BL_MAP_BTF;
	d->sec_idx = (uint32_t)shndx;
	d->sec_offset = (uint32_t)c->syms[sym].st_value;
	d->name = strdup(name);
	if (!d->name)
		return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
	info->var_size = vi->size;
	ret = parse_def(c, name, def_id, false, d, info);
	return ret;
}

/* The inner definition of map of maps i becomes map "NAME.inner". */
static int add_inner_template(struct bl_read_ctx *c, size_t i, const struct bl_btf_map_info *info)
{
	char name[BL_ERR_MAX / 4];
	struct bl_btf_map_info inner_info = { 0 };
	struct bl_map_spec *t;
	int n = snprintf(name, sizeof(name), "%s.inner", c->obj->maps[i].name);

	if (n < 0 || (size_t)n >= sizeof(name))
		return bl_btf_map_fail(c, -ENAMETOOLONG, c->obj->maps[i].name, "name too long");
	t = add_map(c->obj);
	if (!t || !(t->name = strdup(name)))
		return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
	t->origin = BL_MAP_BTF;
	t->inner_template = true;
	t->sec_idx = c->obj->maps[i].sec_idx;
	t->sec_offset = c->obj->maps[i].sec_offset;
	c->obj->maps[i].inner = (int)(c->obj->map_cnt - 1);
	return parse_def(c, name, info->inner_struct, true, t, &inner_info);
}

static int by_offset(const void *a, const void *b)
{
	const struct btf_var_secinfo *x = a, *y = b;

	return (x->offset > y->offset) - (x->offset < y->offset);
}

int bl_read_btf_maps(struct bl_read_ctx *c)
{
	struct bl_object_spec *obj = c->obj;
	const struct btf_type *sec;
	struct btf_var_secinfo *vars = NULL;
	struct bl_btf_map_info *infos = NULL;
	size_t shndx = 0, first = obj->map_cnt, n;
	int id, ret = 0;

	for (size_t i = 1; i < c->shnum; i++) {
		if (strcmp(obj->sections[i].name, BL_BTF_MAPS_SEC) != 0)
			continue;
		if (shndx)
			return bl_err_set(c->err, -EINVAL, "%s: more than one %s section", c->name, BL_BTF_MAPS_SEC);
		shndx = i;
	}
	if (!shndx)
		return 0;
	c->btf_maps_idx = shndx;
	if (!obj->btf)
		return bl_err_set(c->err, -EINVAL,
				  "%s: section %s holds BTF-defined maps, but the object has no .BTF: build it with clang -g",
				  c->name, BL_BTF_MAPS_SEC);
	id = bl_btf_find_by_name_kind(obj->btf, BL_BTF_MAPS_SEC, BTF_KIND_DATASEC);
	if (id < 0)
		return bl_err_set(c->err, -EINVAL, "%s: .BTF has no DATASEC '%s' describing section %s",
				  c->name, BL_BTF_MAPS_SEC, BL_BTF_MAPS_SEC);
	sec = bl_btf_type(obj->btf, (uint32_t)id);
	n = bl_btf_vlen(sec);
	/* A copy, placed by the ELF symbols (clang leaves offsets to the
	 * loader) and sorted, so that maps come in the order of the file. */
	vars = calloc(n ? n : 1, sizeof(*vars));
	infos = calloc(n ? n : 1, sizeof(*infos));
	if (!vars || !infos) {
		ret = bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const struct btf_type *v = bl_btf_type(obj->btf, bl_btf_secinfos(sec)[i].type);
		const char *name = v ? bl_btf_name(obj->btf, v->name_off) : NULL;
		long sym = name ? find_var_sym(c, shndx, name) : -1;

		vars[i] = bl_btf_secinfos(sec)[i];
		vars[i].offset = sym >= 0 ? (uint32_t)c->syms[sym].st_value : UINT32_MAX;
	}
	qsort(vars, n, sizeof(*vars), by_offset);
	for (size_t i = 0; i < n && !ret; i++)
		ret = read_var(c, shndx, &vars[i], &infos[i]);
	for (size_t i = first; i < obj->map_cnt && !ret; i++) {
		const struct bl_map_spec *m = &obj->maps[i];

		if (bl_object_spec_find_map(obj, m->name) != m)
			ret = bl_err_set(c->err, -EINVAL, "%s: two maps are called %s", c->name, m->name);
		else if (i > first && m->sec_offset < obj->maps[i - 1].sec_offset + infos[i - 1 - first].var_size)
			ret = bl_err_set(c->err, -EINVAL, "%s: %s: maps %s and %s overlap", c->name,
					 BL_BTF_MAPS_SEC, obj->maps[i - 1].name, m->name);
	}
	for (size_t i = first; i < first + n && !ret; i++)
		if (infos[i - first].inner_struct)
			ret = add_inner_template(c, i, &infos[i - first]);
	if (!ret)
		ret = bl_read_btf_map_slots(c, shndx, first, infos);
out:
	free(vars);
	free(infos);
	return ret;
}
