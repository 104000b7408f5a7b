/* elf/read/ksyms.c — .ksyms externs: kernel symbols and kfuncs the loader
 * resolves on the running kernel.
 *
 * libbpf's BPF-side headers (<bpf/bpf_helpers.h>: __ksym, __weak) let a
 * program name what the kernel has:
 *
 *   extern const struct rq runqueues __ksym;      typed variable (a VAR of
 *                                                 the kernel's BTF)
 *   extern const void init_task __ksym;           typeless: an address
 *   extern struct task_struct *bpf_task_from_pid(s32 pid) __ksym;  kfunc
 *   extern void bpf_not_everywhere(void) __ksym __weak;  maybe missing
 *
 * clang leaves each as an undefined symbol (SHN_UNDEF; STB_WEAK when
 * __weak) that ld_imm64 instructions (variables; a function's address,
 * as bpf_ksym_exists() takes it) and calls (kfuncs) refer to, and lists
 * it in a DATASEC ".ksyms" of the object's BTF: a VAR of extern linkage
 * for a variable, whose type is void (behind const) when it is
 * typeless, and a FUNC of extern linkage, with its FUNC_PROTO, for a
 * kfunc. This file lists them (bl_object_spec.ksyms) as libbpf does in
 * bpf_object__collect_externs; ksyms_btf.c rewrites them in the BTF
 * for BPF_BTF_LOAD, and the loader finds them in the kernel's BTF and
 * /proc/kallsyms (loader/load/ksyms.c). Pure: no syscalls.
 */
#include "read_ctx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf/btf.h"

#define KSYMS_SEC ".ksyms"

static const GElf_Sym *undef_symbol(const struct bl_read_ctx *c, const char *name)
{
	for (size_t i = 1; i < c->sym_cnt; i++)
		if (c->syms[i].st_shndx == SHN_UNDEF && strcmp(bl_sym_name(c, i), name) == 0)
			return &c->syms[i];
	return NULL;
}

static int bad(struct bl_read_ctx *c, uint32_t id, const char *name, const char *what)
{
	return bl_err_set(c->err, -EINVAL, "%s: .BTF: extern %s (__ksym, type [%u]): %s", c->name,
			  name, id, what);
}

/* One entry of the DATASEC: what it is, checked. */
static int classify(struct bl_read_ctx *c, uint32_t id, struct bl_ksym *k)
{
	const struct bl_btf *btf = c->obj->btf;
	const struct btf_type *t = bl_btf_type(btf, id);
	const GElf_Sym *s;
	uint32_t size;

	k->name = bl_btf_name(btf, t->name_off);
	k->btf_id = id;
	if (!*k->name)
		return bl_err_set(c->err, -EINVAL, "%s: .BTF: DATASEC .ksyms lists type [%u], which has no name",
				  c->name, id);
	if (bl_btf_kind(t) == BTF_KIND_FUNC) {
		if (bl_btf_vlen(t) != BTF_FUNC_EXTERN)
			return bad(c, id, k->name, "a FUNC in .ksyms must have extern linkage");
		k->kind = BL_KSYM_FUNC;
		k->type_id = t->type;	/* a FUNC_PROTO: bl_btf_parse checked it */
	} else {
		/* a VAR: bl_btf_parse allows nothing else in a DATASEC */
		if (bl_btf_var(t)->linkage != BTF_VAR_GLOBAL_EXTERN)
			return bad(c, id, k->name, "a VAR in .ksyms must have extern linkage");
		if (!bl_btf_skip_modifiers(btf, t->type, &k->type_id))
			return bad(c, id, k->name, "its type is a loop of modifiers");
		k->kind = k->type_id ? BL_KSYM_VAR : BL_KSYM_TYPELESS;
		if (k->kind == BL_KSYM_VAR && bl_btf_resolve_size(btf, k->type_id, &size))
			return bad(c, id, k->name,
				   "its type has no size (only declared?): declare the type, or take the address only with `extern const void NAME __ksym`");
	}
	s = undef_symbol(c, k->name);
	k->is_weak = !s || GELF_ST_BIND(s->st_info) == STB_WEAK;
	return 0;
}

int bl_read_ksyms(struct bl_read_ctx *c)
{
	struct bl_object_spec *obj = c->obj;
	const struct btf_type *sec;
	int id;

	id = obj->btf ? bl_btf_find_by_name_kind(obj->btf, KSYMS_SEC, BTF_KIND_DATASEC) : -ENOENT;
	if (id < 0)
		return 0;
	sec = bl_btf_type(obj->btf, (uint32_t)id);
	if (!bl_btf_vlen(sec))
		return 0;
	obj->ksyms = calloc(bl_btf_vlen(sec), sizeof(*obj->ksyms));
	if (!obj->ksyms)
		return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
	for (unsigned i = 0; i < bl_btf_vlen(sec); i++) {
		uint32_t vid = bl_btf_secinfos(sec)[i].type;
		int ret = classify(c, vid, &obj->ksyms[obj->ksym_cnt]);

		if (ret)
			return ret;
		for (size_t j = 0; j < obj->ksym_cnt; j++)
			if (strcmp(obj->ksyms[j].name, obj->ksyms[obj->ksym_cnt].name) == 0)
				return bad(c, vid, obj->ksyms[j].name, "listed twice in DATASEC .ksyms");
		obj->ksym_cnt++;
	}
	return 0;
}
