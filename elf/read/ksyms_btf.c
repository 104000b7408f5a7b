/* elf/read/ksyms_btf.c — the object's BTF rewritten so that BPF_BTF_LOAD
 * takes its externs.
 *
 * clang describes a kfunc as a FUNC of extern linkage and a __ksym
 * variable as a VAR of extern linkage, both listed in a DATASEC ".ksyms"
 * of size 0 (elf/read/ksyms.c). The kernel checks BTF as a description
 * of what the object itself holds (kernel/bpf/btf.c): a FUNC's linkage
 * must be static or global ("Invalid func linkage"), a FUNC's parameters
 * must be named, a VAR must be static or allocated ("Linkage not
 * supported"), a DATASEC may list only VARs, inside its size, and its
 * size may not be 0. So, as libbpf does when it opens an object
 * (bpf_object__collect_externs), before the load:
 *
 *   - every FUNC of extern linkage becomes global, its unnamed
 *     parameters get a name;
 *   - each VAR of .ksyms becomes an allocated int, each FUNC entry of
 *     .ksyms is replaced by one allocated int VAR added for that purpose
 *     (type id of the FUNC unchanged: the entry just stops pointing at
 *     it); entry i gets offset 4 * i and size 4, the DATASEC size
 *     4 * entries.
 *
 * A 4-byte INT is added when the BTF has none. Types are only appended:
 * every type id stays what it was (func_info, map types and CO-RE refer
 * to ids), and bl_object_spec.btf keeps the types as declared, which is
 * what the loader compares with the kernel's. The result replaces
 * bl_object_spec.btf_fixed. Pure: no syscalls.
 */
#include "read_ctx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf/btf.h"

#define KSYMS_SEC ".ksyms"
#define SLOT_NAME "bl_ksym_slot"	/* the added VAR; also unnamed parameters' name */
#define INT_NAME "int"
#define INFO(kind, vlen) ((uint32_t)(kind) << 24 | (uint32_t)(vlen))

struct rewrite {
	const struct bl_btf *btf;
	unsigned char *types;	/* the type area of the copy */
	uint32_t sec;		/* DATASEC .ksyms, 0: none */
	uint32_t int_id;	/* a 4-byte INT, existing or added */
	uint32_t slot_id;	/* the VAR added for FUNC entries, 0: none */
	uint32_t slot_name;	/* string offset of SLOT_NAME, 0: none */
	size_t extern_funcs;
	bool func_entries;	/* .ksyms lists a FUNC */
};

static struct btf_type *rec(struct rewrite *w, uint32_t id)
{
	const char *first = (const char *)bl_btf_type(w->btf, 1);

	return (struct btf_type *)(w->types + ((const char *)bl_btf_type(w->btf, id) - first));
}

static bool is_int4(const struct btf_type *t)
{
	return bl_btf_kind(t) == BTF_KIND_INT && t->size == 4 &&
	       BTF_INT_BITS(bl_btf_int_data(t)) == 32 && BTF_INT_OFFSET(bl_btf_int_data(t)) == 0 &&
	       !(BTF_INT_ENCODING(bl_btf_int_data(t)) & BTF_INT_BOOL);
}

/* What there is to do. */
static void survey(struct rewrite *w)
{
	int sec = bl_btf_find_by_name_kind(w->btf, KSYMS_SEC, BTF_KIND_DATASEC);

	for (uint32_t id = 1; id < bl_btf_type_cnt(w->btf); id++) {
		const struct btf_type *t = bl_btf_type(w->btf, id);

		if (bl_btf_kind(t) == BTF_KIND_FUNC && bl_btf_vlen(t) == BTF_FUNC_EXTERN)
			w->extern_funcs++;
		else if (!w->int_id && is_int4(t))
			w->int_id = id;
	}
	if (sec > 0 && bl_btf_vlen(bl_btf_type(w->btf, (uint32_t)sec))) {
		const struct btf_type *t = bl_btf_type(w->btf, (uint32_t)sec);

		w->sec = (uint32_t)sec;
		for (unsigned i = 0; i < bl_btf_vlen(t); i++)
			if (bl_btf_kind(bl_btf_type(w->btf, bl_btf_secinfos(t)[i].type)) ==
			    BTF_KIND_FUNC)
				w->func_entries = true;
	}
}

static void fix_func(struct rewrite *w, uint32_t id)
{
	struct btf_type *t = rec(w, id);
	struct btf_type *proto = rec(w, t->type);
	struct btf_param *p = (struct btf_param *)(proto + 1);

	t->info = INFO(BTF_KIND_FUNC, BTF_FUNC_GLOBAL);
	for (unsigned i = 0; i < BTF_INFO_VLEN(proto->info); i++)
		if (p[i].type && !p[i].name_off)
			p[i].name_off = w->slot_name;
}

static void fix_datasec(struct rewrite *w)
{
	struct btf_type *sec = rec(w, w->sec);
	struct btf_var_secinfo *vsi = (struct btf_var_secinfo *)(sec + 1);
	unsigned n = BTF_INFO_VLEN(sec->info);

	for (unsigned i = 0; i < n; i++) {
		struct btf_type *v = rec(w, vsi[i].type);

		if (BTF_INFO_KIND(v->info) == BTF_KIND_VAR) {
			v->type = w->int_id;
			((struct btf_var *)(v + 1))->linkage = BTF_VAR_GLOBAL_ALLOCATED;
		} else {
			vsi[i].type = w->slot_id;
		}
		vsi[i].offset = 4 * i;
		vsi[i].size = 4;
	}
	sec->size = 4 * n;
}

int bl_fix_ksyms_btf(struct bl_read_ctx *c)
{
	struct rewrite w = { .btf = c->obj->btf_fixed };
	const struct btf_header *oh;
	size_t raw_len, extra_types = 0, extra_strs = 0, len;
	const unsigned char *raw;
	struct btf_header *h;
	struct bl_btf *fixed;
	unsigned char *buf, *end;
	uint32_t next_id;
	char *strs;
	int ret;

	if (!w.btf)
		return 0;
	raw = bl_btf_raw(w.btf, &raw_len);
	oh = (const struct btf_header *)raw;
	if (oh->hdr_len % 4 || oh->type_off % 4)
		return 0; /* not what clang writes; records are patched in place */
	survey(&w);
	if (!w.extern_funcs && !w.sec)
		return 0;
	next_id = bl_btf_type_cnt(w.btf);
	if (w.sec && !w.int_id) {
		w.int_id = next_id++;
		extra_types += sizeof(struct btf_type) + sizeof(uint32_t);
		extra_strs += sizeof(INT_NAME);
	}
	if (w.func_entries) {
		w.slot_id = next_id++;
		extra_types += sizeof(struct btf_type) + sizeof(struct btf_var);
	}
	if (w.func_entries || w.extern_funcs)
		extra_strs += sizeof(SLOT_NAME);
	len = oh->hdr_len + oh->type_len + extra_types + oh->str_len + extra_strs;
	buf = calloc(1, len);
	if (!buf)
		return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
	memcpy(buf, raw, oh->hdr_len);
	h = (struct btf_header *)buf;
	w.types = buf + oh->hdr_len;
	memcpy(w.types, raw + oh->hdr_len + oh->type_off, oh->type_len);
	strs = (char *)w.types + oh->type_len + extra_types;
	memcpy(strs, raw + oh->hdr_len + oh->str_off, oh->str_len);
	h->type_off = 0;
	h->type_len = oh->type_len + (uint32_t)extra_types;
	h->str_off = h->type_len;
	h->str_len = oh->str_len + (uint32_t)extra_strs;

	/* the added strings, then the added types, in id order */
	end = (unsigned char *)strs + oh->str_len;
	if (w.func_entries || w.extern_funcs) {
		w.slot_name = oh->str_len;
		memcpy(end, SLOT_NAME, sizeof(SLOT_NAME));
		end += sizeof(SLOT_NAME);
	}
	if (extra_types) {
		struct btf_type *t = (struct btf_type *)(w.types + oh->type_len);

		if (w.int_id == bl_btf_type_cnt(w.btf)) {
			t->name_off = (uint32_t)(end - (unsigned char *)strs);
			memcpy(end, INT_NAME, sizeof(INT_NAME));
			t->info = INFO(BTF_KIND_INT, 0);
			t->size = 4;
			*(uint32_t *)(t + 1) = BTF_INT_SIGNED << 24 | 32;
			t = (struct btf_type *)((unsigned char *)(t + 1) + sizeof(uint32_t));
		}
		if (w.slot_id) {
			t->name_off = w.slot_name;
			t->info = INFO(BTF_KIND_VAR, 0);
			t->type = w.int_id;
			((struct btf_var *)(t + 1))->linkage = BTF_VAR_GLOBAL_ALLOCATED;
		}
	}
	for (uint32_t id = 1; id < bl_btf_type_cnt(w.btf); id++) {
		const struct btf_type *t = bl_btf_type(w.btf, id);

		if (bl_btf_kind(t) == BTF_KIND_FUNC && bl_btf_vlen(t) == BTF_FUNC_EXTERN)
			fix_func(&w, id);
	}
	if (w.sec)
		fix_datasec(&w);
	ret = bl_btf_parse(buf, len, c->name, &fixed, c->err);
	free(buf);
	if (ret)
		return ret;
	bl_btf_free(c->obj->btf_fixed);
	c->obj->btf_fixed = fixed;
	return 0;
}
