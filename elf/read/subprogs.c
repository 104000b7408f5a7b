/* elf/read/subprogs.c — subprograms: functions that are not programs.
 *
 * A BPF program may call other BPF functions (Documentation/bpf/
 * llvm_reloc.rst, "bpf-to-bpf calls"; the verifier calls them
 * subprograms). clang puts a non-inlined function without SEC() in
 * ".text"; a static function with a SEC() is a local symbol in that
 * program section. Neither is a program of its own (libbpf's rule too:
 * programs are the global functions of the other executable sections).
 * The loader appends each subprogram a program needs after the program's
 * own instructions, so here each one gets its instructions and, through
 * relocs.c, its relocations, like a program. An assembly .text without
 * function symbols is one subprogram named ".text".
 * Pure parsing: no syscalls.
 */
#include "read_ctx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool is_text(const struct bl_section *s)
{
	return strcmp(s->name, ".text") == 0;
}

static bool is_code(const struct bl_section *s)
{
	return s->type == SHT_PROGBITS && (s->flags & SHF_EXECINSTR) && s->size > 0;
}

/* A function symbol of section shndx that is not a program. */
static bool is_subprog_symbol(const struct bl_read_ctx *c, size_t i, size_t shndx)
{
	const GElf_Sym *s = &c->syms[i];

	if (s->st_shndx != shndx || GELF_ST_TYPE(s->st_info) != STT_FUNC)
		return false;
	return is_text(&c->obj->sections[shndx]) || GELF_ST_BIND(s->st_info) == STB_LOCAL;
}

static int add_subprog(struct bl_read_ctx *c, size_t shndx, const char *name, uint64_t off,
		       uint64_t size, const unsigned char *bytes)
{
	struct bl_object_spec *obj = c->obj;
	int ret = bl_read_function(c, &obj->subprogs[obj->subprog_cnt], "subprogram", shndx, name,
				   off, size, bytes);

	if (!ret)
		obj->subprog_cnt++;
	return ret;
}

static const struct bl_prog_spec *overlapping(const struct bl_prog_spec *list, size_t n,
					    const struct bl_prog_spec *p)
{
	uint64_t end = p->sec_offset + p->insn_cnt * sizeof(struct bpf_insn);

	for (size_t i = 0; i < n; i++) {
		const struct bl_prog_spec *q = &list[i];

		if (q != p && q->shndx == p->shndx && q->sec_offset < end &&
		    p->sec_offset < q->sec_offset + q->insn_cnt * sizeof(struct bpf_insn))
			return q;
	}
	return NULL;
}

static const struct bl_prog_spec *func_in(const struct bl_prog_spec *list, size_t n,
					uint32_t shndx, uint64_t off)
{
	for (size_t i = 0; i < n; i++) {
		const struct bl_prog_spec *p = &list[i];

		if (p->shndx == shndx && off >= p->sec_offset &&
		    off < p->sec_offset + p->insn_cnt * sizeof(struct bpf_insn))
			return p;
	}
	return NULL;
}

static int read_section(struct bl_read_ctx *c, size_t shndx)
{
	const struct bl_section *s = &c->obj->sections[shndx];
	const unsigned char *bytes = bl_section_bytes(c, shndx);
	bool found = false;
	int ret;

	if (!bytes)
		return -ENOEXEC;
	for (size_t i = 0; i < c->sym_cnt; i++) {
		if (!is_subprog_symbol(c, i, shndx) ||
		    func_in(c->obj->programs, c->obj->program_cnt, (uint32_t)shndx,
			    c->syms[i].st_value))
			continue; /* a label inside a program (a section without symbols) */
		ret = add_subprog(c, shndx, bl_sym_name(c, i), c->syms[i].st_value,
				  bl_func_size(c, i, s->size), bytes);
		if (ret)
			return ret;
		found = true;
	}
	if (!found && is_text(s))
		return add_subprog(c, shndx, s->name, 0, s->size, bytes);
	return 0;
}

int bl_read_subprogs(struct bl_read_ctx *c)
{
	struct bl_object_spec *obj = c->obj;
	size_t max = 1;	/* never calloc(0) */
	int ret;

	/* One per function symbol, and one per .text without any (a
	 * hostile file may have several sections of that name). */
	for (size_t i = 1; i < c->shnum; i++)
		if (is_text(&obj->sections[i]))
			max++;
	for (size_t i = 0; i < c->sym_cnt; i++)
		if (GELF_ST_TYPE(c->syms[i].st_info) == STT_FUNC)
			max++;
	obj->subprogs = calloc(max, sizeof(*obj->subprogs));
	if (!obj->subprogs)
		return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
	for (size_t i = 1; i < c->shnum; i++) {
		if (!is_code(&obj->sections[i]))
			continue;
		ret = read_section(c, i);
		if (ret)
			return ret;
	}
	qsort(obj->subprogs, obj->subprog_cnt, sizeof(*obj->subprogs), bl_prog_spec_by_place);
	for (size_t i = 0; i < obj->subprog_cnt; i++) {
		const struct bl_prog_spec *p = &obj->subprogs[i];
		const struct bl_prog_spec *q = overlapping(obj->subprogs, obj->subprog_cnt, p);

		if (!q)
			q = overlapping(obj->programs, obj->program_cnt, p);
		if (q)
			return bl_err_set(c->err, -ENOEXEC,
					  "%s: functions %s and %s overlap in section %s",
					  c->name, q->name, p->name, p->section);
	}
	return 0;
}

const struct bl_prog_spec *bl_object_spec_func_at(const struct bl_object_spec *obj, uint32_t shndx,
					   uint64_t off)
{
	const struct bl_prog_spec *p = func_in(obj->programs, obj->program_cnt, shndx, off);

	return p ? p : func_in(obj->subprogs, obj->subprog_cnt, shndx, off);
}
