/* elf/read/read_ctx.c — what every stage of the object reader reads
 * through: a symbol's name and a section's bytes, via libelf
 * (elf_getscn(3), elf_getdata(3); the format in elf(5)). reader.c has
 * validated the section headers and symbols before any stage runs; the
 * stages (maps.c, programs.c, relocs.c, ...) call these, never reader.c.
 */
#include "read_ctx.h"

#include <errno.h>

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
