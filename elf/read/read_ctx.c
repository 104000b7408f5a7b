/* elf/read/read_ctx.c — what every stage of the object reader reads
 * through: a symbol's name and a section's bytes, via libelf
 * (elf_getscn(3), elf_getdata(3); the format in elf(5)). reader.c has
 * validated the section headers and symbols before any stage runs; the
 * stages (maps.c, programs.c, relocs.c, ...) call these, never reader.c.
 */
#include "read_ctx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *bl_sym_name(const struct bl_read_ctx *c, size_t i)
{
	return c->obj->strtab + c->syms[i].st_name;
}

const void *bl_section_bytes(struct bl_read_ctx *c, size_t idx)
{
	const struct bl_section *s = &c->obj->sections[idx];
	Elf_Scn *scn = elf_getscn(c->elf, idx);
	Elf_Data *d = scn ? elf_getdata(scn, NULL) : NULL;

	if (s->size == 0)
		return "";
	/* Every caller reads s->size bytes: a section that holds none in
	 * the file (.bss-like) cannot be what they read. */
	if (s->type == SHT_NOBITS) {
		bl_err_set(c->err, -EINVAL, "%s: section %zu (%s): SHT_NOBITS: it has no data in the file",
			   c->name, idx, s->name);
		return NULL;
	}
	if (!d || !d->d_buf || d->d_size != s->size) {
		bl_err_set(c->err, -EINVAL, "%s: section %zu (%s): cannot read its data: %s",
			   c->name, idx, s->name, elf_errmsg(-1));
		return NULL;
	}
	return d->d_buf;
}

uint64_t bl_func_size(const struct bl_read_ctx *c, size_t i, uint64_t sec_size)
{
	uint64_t start = c->syms[i].st_value, end = sec_size;

	if (c->syms[i].st_size)
		return c->syms[i].st_size;
	for (size_t j = 0; j < c->sym_cnt; j++)
		if (j != i && c->syms[j].st_shndx == c->syms[i].st_shndx &&
		    GELF_ST_TYPE(c->syms[j].st_info) == STT_FUNC &&
		    c->syms[j].st_value > start && c->syms[j].st_value < end)
			end = c->syms[j].st_value;
	return start <= end ? end - start : 0;
}

int bl_read_function(struct bl_read_ctx *c, struct bl_prog_spec *p, const char *what,
		     size_t shndx, const char *name, uint64_t off, uint64_t size, const void *bytes)
{
	const struct bl_section *s = &c->obj->sections[shndx];

	if (off > s->size || size > s->size - off)
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: %s %s: bytes %llu..%llu lie outside section %s (%llu bytes)",
				  c->name, what, name, (unsigned long long)off,
				  (unsigned long long)(off + size), s->name, (unsigned long long)s->size);
	if (size == 0 || off % sizeof(struct bpf_insn) || size % sizeof(struct bpf_insn))
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: %s %s: bytes %llu..%llu are not whole instructions inside section %s (%llu bytes)",
				  c->name, what, name, (unsigned long long)off,
				  (unsigned long long)(off + size), s->name, (unsigned long long)s->size);
	p->name = strdup(name);
	p->section = strdup(s->name);
	p->insns = malloc(size);
	if (!p->name || !p->section || !p->insns) {
		free(p->name);
		free(p->section);
		free(p->insns);
		memset(p, 0, sizeof(*p));
		return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
	}
	memcpy(p->insns, (const char *)bytes + off, size);
	p->insn_cnt = size / sizeof(struct bpf_insn);
	p->shndx = (uint32_t)shndx;
	p->sec_offset = off;
	return 0;
}

int bl_prog_spec_by_place(const void *a, const void *b)
{
	const struct bl_prog_spec *x = a, *y = b;

	if (x->shndx != y->shndx)
		return (x->shndx > y->shndx) - (x->shndx < y->shndx);
	return (x->sec_offset > y->sec_offset) - (x->sec_offset < y->sec_offset);
}

int bl_map_spec_add_init(struct bl_map_spec *d, uint32_t slot, const char *sym)
{
	struct bl_map_init *grown;
	size_t k = 0;

	while (k < d->init_cnt && d->inits[k].slot < slot)
		k++;
	if (k < d->init_cnt && d->inits[k].slot == slot) { /* set twice: the last wins */
		char *dup = strdup(sym);

		if (!dup)
			return -ENOMEM;
		free(d->inits[k].sym);
		d->inits[k].sym = dup;
		return 0;
	}
	grown = realloc(d->inits, (d->init_cnt + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	d->inits = grown;
	memmove(&grown[k + 1], &grown[k], (d->init_cnt - k) * sizeof(*grown));
	grown[k].slot = slot;
	grown[k].sym = strdup(sym);
	d->init_cnt++;
	return grown[k].sym ? 0 : -ENOMEM;
}
