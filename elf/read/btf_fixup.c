/* elf/read/btf_fixup.c — what clang leaves in .BTF for the loader to fill in.
 *
 * Documentation/bpf/btf.rst, "2.2.16 BTF_KIND_DATASEC" and "4.1 .BTF
 * section": a DATASEC describes one ELF data section (.data, .rodata,
 * .bss, .maps, license, ...) and lists its variables (VARs) with their
 * offsets and sizes. clang writes the DATASEC's size as 0 and the
 * offsets of global variables as 0, because a linker may still move
 * them; the ELF file has the answer: the section's size (sh_size) and
 * each variable's symbol value. BPF_BTF_LOAD refuses a DATASEC of size
 * 0, and variables whose offsets overlap, so libbpf fills them in when it
 * opens an object (btf_fixup_datasec in src/libbpf.c), and so does this
 * file, into a copy: bl_object_spec.btf_fixed. It also sorts each DATASEC's
 * variables by offset (the kernel wants them in order), and, as libbpf
 * does, marks as static the global variables and subprograms whose
 * symbol is hidden (__attribute__((visibility("hidden")))): a hidden
 * function is verified in its caller's context, like a static one.
 * An enum that is only declared gets a size the kernel accepts.
 * bl_object_spec.btf keeps the section as it is in the file.
 * Pure: no syscalls.
 */
#include "read_ctx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf/btf.h"

/* Where type id starts in a copy of the raw section (the types follow
 * each other from type id 1 at the start of the type area). */
static unsigned char *type_in(unsigned char *raw, const struct bl_btf *btf, uint32_t id)
{
	const struct btf_header *h = (const struct btf_header *)raw;
	const char *first = (const char *)bl_btf_type(btf, 1);

	return raw + h->hdr_len + h->type_off + ((const char *)bl_btf_type(btf, id) - first);
}

static size_t section_by_name(const struct bl_read_ctx *c, const char *name)
{
	for (size_t i = 1; i < c->shnum; i++)
		if (strcmp(c->obj->sections[i].name, name) == 0)
			return i;
	return 0;
}

/* The ELF symbol of a variable or function named name in section shndx
 * (any section when shndx is 0), or NULL. */
static const GElf_Sym *symbol(const struct bl_read_ctx *c, const char *name, size_t shndx,
			      int type)
{
	for (size_t i = 1; i < c->sym_cnt; i++) {
		const GElf_Sym *s = &c->syms[i];

		if (GELF_ST_TYPE(s->st_info) == type && (!shndx || s->st_shndx == shndx) &&
		    strcmp(bl_sym_name(c, i), name) == 0)
			return s;
	}
	return NULL;
}

static bool hidden(const GElf_Sym *s)
{
	int vis = GELF_ST_VISIBILITY(s->st_other);

	return GELF_ST_BIND(s->st_info) != STB_LOCAL && (vis == STV_HIDDEN || vis == STV_INTERNAL);
}

static int by_offset(const void *a, const void *b)
{
	const struct btf_var_secinfo *x = a, *y = b;

	return (x->offset > y->offset) - (x->offset < y->offset);
}

static void fix_datasec(const struct bl_read_ctx *c, unsigned char *raw, uint32_t id)
{
	const struct bl_btf *btf = c->obj->btf;
	const struct btf_type *t = bl_btf_type(btf, id);
	struct btf_type *w = (struct btf_type *)type_in(raw, btf, id);
	struct btf_var_secinfo *vsi = (struct btf_var_secinfo *)(w + 1);
	size_t shndx = section_by_name(c, bl_btf_name(btf, t->name_off));

	if (!shndx)
		return; /* .kconfig, .ksyms: externs, no ELF section */
	if (w->size == 0)
		w->size = (uint32_t)c->obj->sections[shndx].size;
	for (unsigned i = 0; i < bl_btf_vlen(t); i++) {
		const struct btf_type *v = bl_btf_type(btf, vsi[i].type);
		const GElf_Sym *s;

		if (!v || bl_btf_kind(v) != BTF_KIND_VAR)
			continue;
		s = symbol(c, bl_btf_name(btf, v->name_off), shndx, STT_OBJECT);
		if (!s)
			continue; /* left as clang wrote it */
		vsi[i].offset = (uint32_t)s->st_value;
		if (hidden(s) && bl_btf_var(v)->linkage == BTF_VAR_GLOBAL_ALLOCATED)
			((struct btf_var *)(type_in(raw, btf, vsi[i].type) + sizeof(struct btf_type)))
				->linkage = BTF_VAR_STATIC;
	}
	qsort(vsi, bl_btf_vlen(t), sizeof(*vsi), by_offset);
}

/* A global subprogram (in .text) whose symbol is hidden: FUNC static. */
static void fix_func(const struct bl_read_ctx *c, unsigned char *raw, uint32_t id)
{
	const struct bl_btf *btf = c->obj->btf;
	const struct btf_type *t = bl_btf_type(btf, id);
	size_t text = section_by_name(c, ".text");
	const GElf_Sym *s;

	if (!text || bl_btf_vlen(t) != BTF_FUNC_GLOBAL)
		return;
	s = symbol(c, bl_btf_name(btf, t->name_off), text, STT_FUNC);
	if (s && hidden(s))
		((struct btf_type *)type_in(raw, btf, id))->info =
			(uint32_t)BTF_KIND_FUNC << 24 | BTF_FUNC_STATIC; /* kind, vlen: linkage */
}

/* `enum e;` declared but never defined: clang writes an ENUM without
 * values of size 0, which BPF_BTF_LOAD refuses (an enum's size must be
 * 1, 2, 4 or 8). It gets 4, an int's: nothing can be read through it. */
static void fix_enum_fwd(const struct bl_read_ctx *c, unsigned char *raw, uint32_t id)
{
	struct btf_type *w = (struct btf_type *)type_in(raw, c->obj->btf, id);

	if (BTF_INFO_VLEN(w->info) == 0 && w->size == 0)
		w->size = 4;
}

int bl_fixup_btf(struct bl_read_ctx *c)
{
	const struct bl_btf *btf = c->obj->btf;
	unsigned char *raw;
	const void *orig;
	size_t len;
	int ret;

	if (!btf)
		return 0;
	orig = bl_btf_raw(btf, &len);
	raw = malloc(len);
	if (!raw)
		return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
	memcpy(raw, orig, len);
	/* Records are written in place: only where they are 4-byte aligned
	 * (always, in what clang writes). */
	for (uint32_t id = 1; ((struct btf_header *)raw)->hdr_len % 4 == 0 &&
	     ((struct btf_header *)raw)->type_off % 4 == 0 && id < bl_btf_type_cnt(btf); id++) {
		unsigned kind = bl_btf_kind(bl_btf_type(btf, id));

		if (kind == BTF_KIND_DATASEC)
			fix_datasec(c, raw, id);
		else if (kind == BTF_KIND_FUNC)
			fix_func(c, raw, id);
		else if (kind == BTF_KIND_ENUM)
			fix_enum_fwd(c, raw, id);
	}
	ret = bl_btf_parse(raw, len, c->name, &c->obj->btf_fixed, c->err);
	free(raw);
	return ret;
}
