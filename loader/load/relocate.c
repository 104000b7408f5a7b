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
 *                         the ".kconfig" map;
 *   BPF_PSEUDO_BTF_ID     a typed kernel variable (extern T v __ksym): first
 *                         imm its VAR's id in the kernel's BTF, second imm
 *                         the module BTF's fd, 0 for vmlinux; also the
 *                         address of a kfunc (bpf_ksym_exists), by its FUNC;
 *   0                     a typeless kernel symbol (extern const void s
 *                         __ksym): its address, low 32 bits in the first
 *                         imm, high in the second; 0 for a __weak one the
 *                         kernel lacks.
 *
 * A kfunc call (extern T f(...) __ksym) becomes src_reg
 * BPF_PSEUDO_KFUNC_CALL, imm the FUNC's id in the kernel's BTF, off 0
 * (vmlinux) or its module BTF's index in attr.fd_array; a __weak kfunc
 * the kernel lacks, a call of helper BL_KFUNC_POISON + its index, which
 * the verifier refuses only where it is reachable. What each extern
 * resolved to is ksyms.c's.
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
	char in[160] = "";

	if (piece != prog)
		snprintf(in, sizeof(in), " (in subprogram %s)", piece->name);
	if (r->kind == BL_RELOC_EXTERN)
		return bl_err_set(err, -EOPNOTSUPP,
				  "%s: program %s: instruction %u%s refers to extern symbol %s, which the object's BTF declares neither in .ksyms (__ksym: kernel symbols, kfuncs) nor in .kconfig (__kconfig): bpfload cannot fill it in%s",
				  l->spec->path, prog->name, r->insn, in, r->sym_name,
				  l->spec->btf ? "" : " (the object has no BTF: compile it with clang -g)");
	return bl_err_set(err, -EOPNOTSUPP,
			  "%s: program %s: instruction %u%s refers to %s in section %s: data outside .data, .rodata and .bss is not supported by this bpfload yet",
			  l->spec->path, prog->name, r->insn, in,
			  r->sym_name[0] ? r->sym_name : "a section symbol",
			  r->sym_shndx < l->spec->section_cnt ? l->spec->sections[r->sym_shndx].name : "(none)");
}

/* A .ksyms extern at insn: what ksyms.c found for it. */
static int ksym(const struct bl_object *l, const struct bl_prog_spec *prog,
		const struct bl_prog_spec *piece, const struct bl_reloc *r, struct bpf_insn *insn,
		struct bl_err *err)
{
	const struct bl_ksym *k = &l->spec->ksyms[r->ksym];
	const struct bl_ksym_value *v = &l->ksyms[r->ksym];
	char in[160] = "";

	if (v->why) {
		if (piece != prog)
			snprintf(in, sizeof(in), " (in subprogram %s)", piece->name);
		return bl_err_set(err, -ENOENT, "%s: program %s: instruction %u%s: %s", l->spec->path,
				  prog->name, r->insn, in, v->why);
	}
	if (insn->code == (BPF_JMP | BPF_CALL)) {
		insn->src_reg = v->found ? BPF_PSEUDO_KFUNC_CALL : 0;
		insn->off = v->found ? v->fd_index : 0;
		insn->imm = v->found ? (int32_t)v->btf_id : (int32_t)(BL_KFUNC_POISON + r->ksym);
		return 0;
	}
	if (v->found && k->kind != BL_KSYM_TYPELESS) {
		insn[0].src_reg = BPF_PSEUDO_BTF_ID;
		insn[0].imm = (int32_t)v->btf_id;
		insn[1].imm = v->btf_fd;
	} else {	/* an address; 0 for a __weak extern the kernel lacks */
		/* A typed one not found in the BTF is absent even when kallsyms
		 * lists the name (Debian's 5.10: runqueues in kallsyms, no per-CPU
		 * VARs in its BTF): its kallsyms address is no pointer of the
		 * declared type, and bpf_this_cpu_ptr() would refuse it. */
		uint64_t addr = v->found ? v->addr : 0;

		insn[0].src_reg = 0;
		insn[0].imm = (int32_t)(uint32_t)addr;
		insn[1].imm = (int32_t)(uint32_t)(addr >> 32);
	}
	return 0;
}

/* ld_imm64 of the value at byte off of map map_fd (BPF_PSEUDO_MAP_VALUE). */
static void map_value(struct bpf_insn *insn, int map_fd, uint64_t off)
{
	insn[0].src_reg = BPF_PSEUDO_MAP_VALUE;
	insn[0].imm = map_fd;
	insn[1].imm = (int32_t)off;
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
			map_value(insn, l->maps[r->map].fd, r->off);
			break;
		case BL_RELOC_CALL:
			break; /* subprogs.c */
		case BL_RELOC_EXTERN:
			if (r->ksym >= 0 && l->ksyms) { /* kernel symbols, kfuncs */
				int ret = ksym(l, prog, piece, r, insn, err);

				if (ret)
					return ret;
				break;
			}
			if (r->map < 0)
				return unsupported(l, prog, piece, r, err);
			/* a .kconfig extern: a value of its map (kconfig.c) */
			map_value(insn, l->maps[r->map].fd, r->off);
			break;
		}
	}
	return 0;
}
