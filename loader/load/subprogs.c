/* loader/load/subprogs.c — bpf-to-bpf calls: linking a program with the
 * subprograms it calls.
 *
 * BPF_PROG_LOAD takes one array of instructions. A call of another BPF
 * function is `call` with src_reg BPF_PSEUDO_CALL and imm the distance in
 * instructions from the next instruction to the callee; a function's
 * address (a callback for bpf_loop, bpf_for_each_map_elem, ...) is an
 * ld_imm64 with src_reg BPF_PSEUDO_FUNC and the same distance in imm
 * (include/uapi/linux/bpf.h; Documentation/bpf/llvm_reloc.rst shows what
 * clang leaves: for a callee in another section a relocation, elf/
 * relocs.c computes its place; for a static callee in the same section
 * only the relative imm). So, as libbpf does (bpf_object__reloc_code),
 * every subprogram a program needs is appended after the program's
 * instructions, once per program, transitively, and each call's imm is
 * set to the new distance. The verifier then splits the array into its
 * functions again at the call targets.
 *
 * With BTF loaded, each function's func_info (its first instruction and
 * FUNC type) and line_info come from .BTF.ext, with insn_off turned from
 * a byte offset in the ELF section into an instruction index in the
 * linked program (Documentation/bpf/btf.rst, "3.3 BPF_PROG_LOAD"). The
 * kernel wants one func_info per function, at its first instruction, and
 * a line_info there too: when the object lacks one, that kind of record
 * is left out for the whole program.
 */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf/btf_ext.h"

#define LD_IMM64 (BPF_LD | BPF_IMM | BPF_DW)
#define CALL (BPF_JMP | BPF_CALL)

struct piece {
	const struct bl_prog_spec *fn;
	size_t start;		/* its first instruction in the linked program */
};

struct linker {
	const struct bl_object *l;
	const struct bl_prog_spec *prog;
	struct bl_assembled *out;
	struct piece *pieces;
	size_t piece_cnt;
	struct bl_err *err;
};

static int no_memory(struct linker *k)
{
	return bl_err_set(k->err, -ENOMEM, "%s: program %s: out of memory", k->l->spec->path,
			  k->prog->name);
}

/* Appends fn's instructions (relocated) to the linked program. */
static int append(struct linker *k, const struct bl_prog_spec *fn)
{
	struct bl_assembled *o = k->out;
	struct piece *pieces = realloc(k->pieces, (k->piece_cnt + 1) * sizeof(*pieces));
	struct bpf_insn *insns;
	int ret;

	if (!pieces)
		return no_memory(k);
	k->pieces = pieces;
	insns = realloc(o->insns, (o->insn_cnt + fn->insn_cnt) * sizeof(*insns));
	if (!insns)
		return no_memory(k);
	o->insns = insns;
	memcpy(insns + o->insn_cnt, fn->insns, fn->insn_cnt * sizeof(*insns));
	pieces[k->piece_cnt].fn = fn;
	pieces[k->piece_cnt].start = o->insn_cnt;
	k->piece_cnt++;
	o->insn_cnt += fn->insn_cnt;
	ret = bl_relocate_piece(k->l, k->prog, fn, insns + o->insn_cnt - fn->insn_cnt, k->err);
	if (ret)
		return ret;
	return bl_core_apply_piece(k->l, k->prog, fn, o, o->insn_cnt - fn->insn_cnt, k->err);
}

static const struct bl_reloc *reloc_at(const struct bl_prog_spec *fn, size_t insn)
{
	for (size_t i = 0; i < fn->reloc_cnt; i++)
		if (fn->relocs[i].insn == insn)
			return &fn->relocs[i];
	return NULL;
}

/* Instruction j of piece p calls (or takes the address of) the function
 * at byte off of section shndx: place it and set imm. */
static int link_call(struct linker *k, size_t p, size_t j, uint32_t shndx, uint64_t off)
{
	const struct bl_object_spec *obj = k->l->spec;
	const struct bl_prog_spec *callee = bl_object_spec_func_at(obj, shndx, off);
	const struct bl_prog_spec *fn = k->pieces[p].fn;
	size_t at = k->pieces[p].start + j, start = 0, q;
	struct bpf_insn *insn;
	int64_t imm;

	if (!callee)
		return bl_err_set(k->err, -ENOEXEC,
				  "%s: program %s: instruction %zu of %s calls byte %llu of section %s, where no function is",
				  obj->path, k->prog->name, j, fn->name, (unsigned long long)off,
				  shndx < obj->section_cnt ? obj->sections[shndx].name : "?");
	for (q = 0; q < k->piece_cnt && k->pieces[q].fn != callee; q++)
		;
	if (q == k->piece_cnt) {
		int ret = append(k, callee);

		if (ret)
			return ret;
	}
	start = k->pieces[q].start;
	imm = (int64_t)(start + (off - callee->sec_offset) / sizeof(struct bpf_insn)) -
	      (int64_t)at - 1;
	insn = &k->out->insns[at];
	insn->imm = (int32_t)imm;
	if (insn->code == LD_IMM64) {
		insn->src_reg = BPF_PSEUDO_FUNC;
		insn[1].imm = 0;
	}
	return 0;
}

/* The calls and function addresses of piece p. */
static int link_piece(struct linker *k, size_t p)
{
	const struct bl_prog_spec *fn = k->pieces[p].fn;

	for (size_t j = 0; j < fn->insn_cnt; j++) {
		const struct bpf_insn *insn = &fn->insns[j];
		const struct bl_reloc *r = reloc_at(fn, j);
		int ret = 0;

		if (r && r->kind == BL_RELOC_CALL)
			ret = link_call(k, p, j, r->sym_shndx, r->off);
		else if (!r && insn->code == CALL && insn->src_reg == BPF_PSEUDO_CALL)
			/* a static function of the same section: no relocation */
			ret = link_call(k, p, j, fn->shndx,
					fn->sec_offset + (j + 1 + insn->imm) * sizeof(*insn));
		else if (!r && insn->code == LD_IMM64 && insn->src_reg == BPF_PSEUDO_FUNC)
			ret = bl_err_set(k->err, -ENOEXEC,
					 "%s: program %s: instruction %zu of %s takes a function's address without a relocation",
					 k->l->spec->path, k->prog->name, j, fn->name);
		if (ret)
			return ret;
	}
	return 0;
}

/* The records of info (func_info or line_info, rec_size bytes each) of
 * every piece, renumbered; NULL (and *cnt 0) when a piece has none at its
 * first instruction. */
static void *collect(struct linker *k, const struct bl_btf_ext_info *info, size_t rec_size,
		     uint32_t *cnt, int *ret)
{
	unsigned char *recs = NULL;
	size_t n = 0;

	*cnt = 0;
	for (size_t p = 0; p < k->piece_cnt; p++) {
		const struct bl_prog_spec *fn = k->pieces[p].fn;
		const struct bl_btf_ext_sec *sec = bl_btf_ext_find(info, fn->section);
		uint64_t end = fn->sec_offset + fn->insn_cnt * sizeof(struct bpf_insn);
		bool at_start = false;

		for (uint32_t i = 0; sec && i < sec->cnt; i++) {
			unsigned char *rec = (unsigned char *)sec->recs + i * rec_size, *grown;
			uint32_t off;

			memcpy(&off, rec, sizeof(off));
			if (off < fn->sec_offset || off >= end)
				continue;
			grown = realloc(recs, (n + 1) * rec_size);
			if (!grown) {
				free(recs);
				*ret = no_memory(k);
				return NULL;
			}
			recs = grown;
			at_start |= off == fn->sec_offset;
			off = (uint32_t)(k->pieces[p].start +
					 (off - fn->sec_offset) / sizeof(struct bpf_insn));
			memcpy(recs + n * rec_size, rec, rec_size);
			memcpy(recs + n * rec_size, &off, sizeof(off));
			n++;
		}
		if (!at_start) {
			free(recs);
			return NULL;
		}
	}
	*cnt = (uint32_t)n;
	return recs;
}

int bl_prog_assemble(const struct bl_object *l, const struct bl_prog_spec *p,
		    struct bl_assembled *out, struct bl_err *err)
{
	struct linker k = { .l = l, .prog = p, .out = out, .err = err };
	const struct bl_btf_ext *ext = l->spec->btf_ext;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = append(&k, p);
	/* link_piece may append pieces: piece_cnt grows while we walk. */
	for (size_t i = 0; !ret && i < k.piece_cnt; i++)
		ret = link_piece(&k, i);
	if (!ret && ext && l->btf_fd >= 0)
		out->func_info = collect(&k, &ext->func_info, sizeof(struct bpf_func_info),
					 &out->func_info_cnt, &ret);
	/* line_info also without BTF in the kernel: bl_load_program passes
	 * it only with BTF, but it annotates the verifier log either way. */
	if (!ret && ext)
		out->line_info = collect(&k, &ext->line_info, sizeof(struct bpf_line_info),
					 &out->line_info_cnt, &ret);
	free(k.pieces);
	if (ret)
		bl_assembled_free(out);
	return ret;
}

void bl_assembled_free(struct bl_assembled *k)
{
	free(k->insns);
	free(k->func_info);
	free(k->line_info);
	free(k->poisoned);
	memset(k, 0, sizeof(*k));
}
