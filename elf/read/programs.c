/* elf/read/programs.c — programs: the instructions of each SEC("...").
 *
 * clang puts each SEC("name") function into an executable section of that
 * name; several global functions may share one section (each is its own
 * program, as in libbpf). .text holds bpf-to-bpf subprograms, not
 * programs. An assembly file may give a section no function symbol: then
 * the whole section is one program named after the section.
 */
#include "read_ctx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int is_program_section(const struct bl_section *s)
{
	return s->type == SHT_PROGBITS && (s->flags & SHF_EXECINSTR) && s->size > 0 &&
	       strcmp(s->name, ".text") != 0;
}

static int is_program_symbol(const GElf_Sym *s, size_t shndx)
{
	int bind = GELF_ST_BIND(s->st_info);

	return s->st_shndx == shndx && GELF_ST_TYPE(s->st_info) == STT_FUNC &&
	       (bind == STB_GLOBAL || bind == STB_WEAK);
}

static int add_program(struct bl_read_ctx *c, size_t shndx, const char *name,
		       uint64_t off, uint64_t size, const void *bytes)
{
	struct bl_object_spec *obj = c->obj;
	struct bl_prog_spec *p = &obj->programs[obj->program_cnt];
	int ret = bl_read_function(c, p, "program", shndx, name, off, size, bytes);

	if (ret)
		return ret;
	/* SEC("?tp/...") (libbpf): a program not loaded unless asked for. */
	p->autoload = p->section[0] != '?';
	p->def = bl_section_def_find(p->section + !p->autoload, &p->attach_target);
	obj->program_cnt++;
	return 0;
}

static int read_section_programs(struct bl_read_ctx *c, size_t shndx)
{
	const struct bl_section *s = &c->obj->sections[shndx];
	const void *bytes;
	int found = 0, ret;

	if (s->size % sizeof(struct bpf_insn))
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: section %s: size %llu is not a multiple of 8 (one instruction)",
				  c->name, s->name, (unsigned long long)s->size);
	bytes = bl_section_bytes(c, shndx);
	if (!bytes)
		return -ENOEXEC;
	for (size_t i = 0; i < c->sym_cnt; i++) {
		if (!is_program_symbol(&c->syms[i], shndx))
			continue;
		ret = add_program(c, shndx, bl_sym_name(c, i), c->syms[i].st_value,
				  bl_func_size(c, i, s->size), bytes);
		if (ret)
			return ret;
		found = 1;
	}
	if (!found)
		return add_program(c, shndx, s->name, 0, s->size, bytes);
	return 0;
}

int bl_read_programs(struct bl_read_ctx *c)
{
	struct bl_object_spec *obj = c->obj;
	size_t max = 0;
	int ret;

	/* At most one program per function symbol, or one per section. */
	for (size_t i = 1; i < c->shnum; i++)
		if (is_program_section(&obj->sections[i]))
			max++;
	for (size_t i = 0; i < c->sym_cnt; i++)
		if (GELF_ST_TYPE(c->syms[i].st_info) == STT_FUNC)
			max++;
	if (!max)
		return 0;
	obj->programs = calloc(max, sizeof(*obj->programs));
	if (!obj->programs)
		return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
	for (size_t i = 1; i < c->shnum; i++) {
		if (!is_program_section(&obj->sections[i]))
			continue;
		ret = read_section_programs(c, i);
		if (ret)
			return ret;
	}
	qsort(obj->programs, obj->program_cnt, sizeof(*obj->programs), bl_prog_spec_by_place);
	for (size_t i = 1; i < obj->program_cnt; i++) {
		const struct bl_prog_spec *a = &obj->programs[i - 1], *b = &obj->programs[i];

		if (a->shndx == b->shndx &&
		    a->sec_offset + a->insn_cnt * sizeof(struct bpf_insn) > b->sec_offset)
			return bl_err_set(c->err, -ENOEXEC, "%s: programs %s and %s overlap in section %s",
					  c->name, a->name, b->name, a->section);
	}
	return 0;
}
