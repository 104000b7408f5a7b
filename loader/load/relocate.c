/* loader/load/relocate.c — filling in what the compiler left to the loader.
 *
 * A map or a global variable is reached through an ld_imm64 instruction
 * (two 8-byte slots) with a relocation against its symbol
 * (Documentation/bpf/llvm_reloc.rst). The loader sets the instruction's
 * src_reg to say what the immediates hold, and the verifier replaces them
 * with the kernel's pointer (Documentation/bpf/linux-notes.rst and
 * include/uapi/linux/bpf.h, "64-bit immediate instructions"):
 *
 *   BPF_PSEUDO_MAP_FD     a map: first imm the map's fd, second 0;
 *   BPF_PSEUDO_MAP_VALUE  a variable of .data/.rodata/.bss: first imm
 *                         the fd of the section's map, second imm the
 *                         variable's offset in the map's value (elf/
 *                         relocs.c computes it: symbol value + addend);
 *                         also a .kconfig extern (elf/read/externs.c), in
 *                         the ".kconfig" map.
 *
 * Calls of subprograms and addresses of functions (BPF_PSEUDO_CALL,
 * BPF_PSEUDO_FUNC) depend on where the linker puts the callee and are
 * done in subprogs.c. Each function is relocated on its own, as a piece
 * of the program it is linked into.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unsupported(const struct bl_object *l, const struct bl_prog_spec *prog,
		       const struct bl_prog_spec *piece, const struct bl_reloc *r,
		       struct bl_err *err)
{
	const char *what;
	char in[160] = "";

	switch (r->kind) {
	case BL_RELOC_DATA:
		what = "data outside .data, .rodata and .bss is";
		break;
	default:
		what = "extern symbols other than .kconfig ones (ksyms, kfuncs) are";
		break;
	}
	if (piece != prog)
		snprintf(in, sizeof(in), " (in subprogram %s)", piece->name);
	return bl_err_set(err, -EOPNOTSUPP,
			  "%s: program %s: instruction %u%s refers to %s in section %s: %s not supported by this bpfload yet",
			  l->spec->path, prog->name, r->insn, in,
			  r->sym_name[0] ? r->sym_name : "a section symbol",
			  r->sym_shndx < l->spec->section_cnt ? l->spec->sections[r->sym_shndx].name : "(none)",
			  what);
}

int bl_relocate_piece(const struct bl_object *l, const struct bl_prog_spec *prog,
		      const struct bl_prog_spec *piece, struct bpf_insn *insns, struct bl_err *err)
{
	for (size_t i = 0; i < piece->reloc_cnt; i++) {
		const struct bl_reloc *r = &piece->relocs[i];
		struct bpf_insn *insn = &insns[r->insn];

		switch (r->kind) {
		case BL_RELOC_MAP:
			insn[0].src_reg = BPF_PSEUDO_MAP_FD;
			insn[0].imm = l->maps[r->map].fd;
			insn[1].imm = 0; /* high 32 bits of the "address" */
			break;
		case BL_RELOC_DATA:
			if (r->map < 0)
				return unsupported(l, prog, piece, r, err);
			insn[0].src_reg = BPF_PSEUDO_MAP_VALUE;
			insn[0].imm = l->maps[r->map].fd;
			insn[1].imm = (int32_t)r->off;
			break;
		case BL_RELOC_CALL:
			break; /* subprogs.c */
		case BL_RELOC_EXTERN:
			if (r->map < 0) /* ksyms, kfuncs */
				return unsupported(l, prog, piece, r, err);
			/* a .kconfig extern: a value of its map (kconfig.c) */
			insn[0].src_reg = BPF_PSEUDO_MAP_VALUE;
			insn[0].imm = l->maps[r->map].fd;
			insn[1].imm = (int32_t)r->off;
			break;
		}
	}
	return 0;
}
