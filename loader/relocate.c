/* loader/relocate.c — filling in what the compiler left to the loader.
 *
 * A map reference compiles to an ld_imm64 instruction (two 8-byte slots)
 * with a relocation against the map's symbol. The loader writes the map's
 * fd into the first slot's imm and sets src_reg to BPF_PSEUDO_MAP_FD: the
 * verifier then replaces the fd with the kernel's pointer to the map
 * (Documentation/bpf/linux-notes.rst, "64-bit immediate instructions").
 */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int unsupported(const struct bl_loaded *l, const struct bl_program *p,
		       const struct bl_reloc *r, struct bl_err *err)
{
	const char *what;

	switch (r->kind) {
	case BL_RELOC_DATA:
		what = "global data and BTF-defined maps are";
		break;
	case BL_RELOC_CALL:
		what = "bpf-to-bpf calls and callbacks are";
		break;
	default:
		what = "extern symbols (kconfig, ksyms, kfuncs) are";
		break;
	}
	return bl_err_set(err, -EOPNOTSUPP,
			  "%s: program %s: instruction %u refers to %s in section %s: %s not supported by this bpfload yet",
			  l->obj->path, p->name, r->insn,
			  r->sym_name[0] ? r->sym_name : "a section symbol",
			  r->sym_shndx < l->obj->section_cnt ? l->obj->sections[r->sym_shndx].name : "(none)",
			  what);
}

struct bpf_insn *bl_relocate(const struct bl_loaded *l, const struct bl_program *p,
			     struct bl_err *err)
{
	struct bpf_insn *insns = malloc(p->insn_cnt * sizeof(*insns));

	if (!insns) {
		bl_err_set(err, -ENOMEM, "%s: program %s: out of memory", l->obj->path, p->name);
		return NULL;
	}
	memcpy(insns, p->insns, p->insn_cnt * sizeof(*insns));
	for (size_t i = 0; i < p->reloc_cnt; i++) {
		const struct bl_reloc *r = &p->relocs[i];

		if (r->kind != BL_RELOC_MAP) {
			unsupported(l, p, r, err);
			free(insns);
			return NULL;
		}
		insns[r->insn].src_reg = BPF_PSEUDO_MAP_FD;
		insns[r->insn].imm = l->maps[r->map].fd;
		insns[r->insn + 1].imm = 0; /* high 32 bits of the "address" */
	}
	return insns;
}
