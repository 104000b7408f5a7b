/* elf/read/externs.c — .kconfig externs: values the loader supplies.
 *
 * libbpf's BPF-side headers let a program read facts about the running
 * kernel as variables (<bpf/bpf_helpers.h>: __kconfig, __weak):
 *
 *   extern int LINUX_KERNEL_VERSION __kconfig;
 *   extern bool CONFIG_BPF_SYSCALL __kconfig;
 *   extern int CONFIG_HZ __kconfig __weak;
 *
 * clang leaves each as an undefined symbol (SHN_UNDEF; STB_WEAK when
 * __weak) that ld_imm64 instructions refer to, and as a VAR of extern
 * linkage in a DATASEC ".kconfig" of size 0 with no ELF section behind
 * it. As libbpf does (bpf_object__collect_externs), all of them go into
 * one internal map, ".kconfig": a one-element array whose value holds
 * every extern, ordered by alignment (largest first), then size, then
 * name, each at its alignment. The DATASEC of the fixed BTF gets that
 * size and those offsets, and its VARs become allocated globals, since
 * BPF_BTF_LOAD refuses extern VARs; the map's BTF value type is that
 * DATASEC. Its ld_imm64s become map values (elf/read/relocs.c). The types an
 * extern may have are libbpf's (find_kcfg_type): bool, a 1-byte integer
 * (char), an integer of 1, 2, 4 or 8 bytes, enum libbpf_tristate, and
 * an array of char. The values depend on the running kernel and are
 * written at load time (loader/load/kconfig.c).
 * Pure: no syscalls.
 */
#include "read_ctx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf/btf.h"

#define KCONFIG_SEC ".kconfig"

/* The kcfg type of type id, or -1 when an extern may not have it. */
static int kcfg_type(const struct bl_btf *btf, uint32_t id, bool *is_signed)
{
	const struct btf_type *t = bl_btf_skip_modifiers(btf, id, NULL);

	if (!t)
		return -1;
	switch (bl_btf_kind(t)) {
	case BTF_KIND_INT: {
		uint32_t enc = BTF_INT_ENCODING(bl_btf_int_data(t));

		if (enc & BTF_INT_BOOL)
			return t->size == 1 ? BL_KCFG_BOOL : -1;
		if (is_signed)
			*is_signed = enc & BTF_INT_SIGNED;
		if (t->size == 1)
			return BL_KCFG_CHAR;
		if (t->size != 2 && t->size != 4 && t->size != 8)
			return -1;
		return BL_KCFG_INT;
	}
	case BTF_KIND_ENUM:
		if (t->size != 4)
			return -1;
		/* fallthrough */
	case BTF_KIND_ENUM64:
		return strcmp(bl_btf_name(btf, t->name_off), "libbpf_tristate") ? -1
										 : BL_KCFG_TRISTATE;
	case BTF_KIND_ARRAY:
		if (bl_btf_array(t)->nelems == 0 ||
		    kcfg_type(btf, bl_btf_array(t)->type, NULL) != BL_KCFG_CHAR)
			return -1;
		return BL_KCFG_CHAR_ARR;
	}
	return -1;
}

/* Alignment of a kcfg type: its size, or its element's for an array. */
static uint32_t kcfg_align(enum bl_kcfg_type type, uint32_t size)
{
	if (type == BL_KCFG_CHAR_ARR || type == BL_KCFG_BOOL || type == BL_KCFG_CHAR)
		return 1;
	return size > 8 ? 8 : size;
}

static const GElf_Sym *undef_symbol(const struct bl_read_ctx *c, const char *name)
{
	for (size_t i = 1; i < c->sym_cnt; i++)
		if (c->syms[i].st_shndx == SHN_UNDEF && strcmp(bl_sym_name(c, i), name) == 0)
			return &c->syms[i];
	return NULL;
}

static int by_layout(const void *a, const void *b)
{
	const struct bl_extern *x = a, *y = b;
	uint32_t ax = kcfg_align(x->type, x->size), ay = kcfg_align(y->type, y->size);

	if (ax != ay)
		return ax > ay ? -1 : 1;
	if (x->size != y->size)
		return x->size < y->size ? -1 : 1;
	return strcmp(x->name, y->name);
}

static const struct bl_extern *find(const struct bl_object_spec *obj, const char *name)
{
	for (size_t i = 0; i < obj->extern_cnt; i++)
		if (strcmp(obj->externs[i].name, name) == 0)
			return &obj->externs[i];
	return NULL;
}

static int by_offset(const void *a, const void *b)
{
	const struct btf_var_secinfo *x = a, *y = b;

	return (x->offset > y->offset) - (x->offset < y->offset);
}

/* The fixed BTF with the .kconfig DATASEC (id sec) laid out, its
 * variables in the order of their offsets as the kernel wants them. */
static int patch_btf(struct bl_read_ctx *c, uint32_t sec, uint32_t total)
{
	struct bl_btf *btf = c->obj->btf_fixed, *patched;
	const struct btf_header *h;
	const char *first = (const char *)bl_btf_type(btf, 1);
	unsigned char *raw, *types;
	struct btf_type *w;
	struct btf_var_secinfo *vsi;
	size_t len;
	int ret;

	h = bl_btf_raw(btf, &len);
	raw = malloc(len);
	if (!raw)
		return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
	memcpy(raw, h, len);
	types = raw + h->hdr_len + h->type_off;
	w = (struct btf_type *)(types + ((const char *)bl_btf_type(btf, sec) - first));
	vsi = (struct btf_var_secinfo *)(w + 1);
	w->size = total;
	for (unsigned i = 0; i < BTF_INFO_VLEN(w->info); i++) {
		const struct btf_type *v = bl_btf_type(btf, vsi[i].type);
		const struct bl_extern *e;
		struct btf_var *var;

		if (!v || bl_btf_kind(v) != BTF_KIND_VAR)
			continue;
		e = find(c->obj, bl_btf_name(btf, v->name_off));
		if (!e)
			continue;
		vsi[i].offset = e->offset;
		vsi[i].size = e->size;
		var = (struct btf_var *)(types + ((const char *)v - first) + sizeof(struct btf_type));
		var->linkage = BTF_VAR_GLOBAL_ALLOCATED;
	}
	qsort(vsi, BTF_INFO_VLEN(w->info), sizeof(*vsi), by_offset);
	ret = bl_btf_parse(raw, len, c->name, &patched, c->err);
	free(raw);
	if (ret)
		return ret;
	bl_btf_free(btf);
	c->obj->btf_fixed = patched;
	return 0;
}

int bl_read_externs(struct bl_read_ctx *c)
{
	struct bl_object_spec *obj = c->obj;
	const struct bl_btf *btf = obj->btf;
	const struct btf_type *sec;
	const struct btf_var_secinfo *vsi;
	uint32_t off = 0;
	int id;

	obj->kconfig_map = -1;
	id = btf && obj->btf_fixed ? bl_btf_find_by_name_kind(btf, KCONFIG_SEC, BTF_KIND_DATASEC)
				   : -ENOENT;
	if (id < 0)
		return 0;
	sec = bl_btf_type(btf, (uint32_t)id);
	vsi = bl_btf_secinfos(sec);
	obj->externs = calloc(bl_btf_vlen(sec) ? bl_btf_vlen(sec) : 1, sizeof(*obj->externs));
	if (!obj->externs)
		return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
	for (unsigned i = 0; i < bl_btf_vlen(sec); i++) {
		const struct btf_type *v = bl_btf_type(btf, vsi[i].type);
		struct bl_extern *e = &obj->externs[obj->extern_cnt];
		const GElf_Sym *s;
		int type, ret;

		if (!v || bl_btf_kind(v) != BTF_KIND_VAR)
			continue;
		e->name = bl_btf_name(btf, v->name_off);
		type = kcfg_type(btf, v->type, &e->is_signed);
		ret = bl_btf_resolve_size(btf, v->type, &e->size);
		if (type < 0 || ret || e->size == 0)
			return bl_err_set(c->err, -ENOTSUP,
					  "%s: extern (kconfig) %s: its type is not one bpfload can fill in (bool, char, an integer, enum libbpf_tristate or a char array)",
					  c->name, e->name);
		e->type = (enum bl_kcfg_type)type;
		s = undef_symbol(c, e->name);
		e->is_weak = !s || GELF_ST_BIND(s->st_info) == STB_WEAK;
		obj->extern_cnt++;
	}
	qsort(obj->externs, obj->extern_cnt, sizeof(*obj->externs), by_layout);
	for (size_t i = 0; i < obj->extern_cnt; i++) {
		uint32_t a = kcfg_align(obj->externs[i].type, obj->externs[i].size);

		obj->externs[i].offset = (off + a - 1) / a * a;
		off = obj->externs[i].offset + obj->externs[i].size;
	}
	if (!obj->extern_cnt)
		return 0;
	obj->kconfig_sec_type = (uint32_t)id;
	obj->kconfig_size = off;
	return patch_btf(c, (uint32_t)id, off);
}

int bl_add_kconfig_map(struct bl_read_ctx *c)
{
	struct bl_object_spec *obj = c->obj;
	struct bl_map_spec *m;

	if (!obj->extern_cnt)
		return 0;
	m = bl_add_data_map(c, KCONFIG_SEC, obj->kconfig_size, BPF_F_RDONLY_PROG | BPF_F_MMAPABLE);
	if (!m)
		return -ENOMEM;
	obj->kconfig_map = (int)obj->map_cnt - 1;
	m->sec_idx = (uint32_t)c->symtab_idx; /* no section of its own (libbpf: the same) */
	m->btf_value_type_id = obj->kconfig_sec_type;
	return 0;
}

int bl_extern_target(struct bl_read_ctx *c, const char *name, struct bl_reloc *out)
{
	const struct bl_extern *e = find(c->obj, name);

	if (!e || c->obj->kconfig_map < 0)
		return 0; /* not a kconfig extern: left to the loader's message */
	out->map = c->obj->kconfig_map;
	out->off = e->offset;
	return 0;
}
