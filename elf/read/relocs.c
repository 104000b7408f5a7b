/* elf/read/relocs.c — relocations of program instructions (.rel<section>).
 *
 * Each SHT_REL entry names an instruction (r_offset, in bytes) and a
 * symbol. For BPF (Documentation/bpf/llvm_reloc.rst):
 *   R_BPF_64_64 (1)  on an ld_imm64 (a 16-byte load of a 64-bit constant):
 *                    the address of a map or variable, which the loader
 *                    replaces with a map fd or map value;
 *   R_BPF_64_32 (10) on a call: a bpf-to-bpf call whose target the loader
 *                    lays out.
 * Against an undefined symbol (an extern) either is a .kconfig value
 * (elf/read/externs.c) or a .ksyms kernel symbol or kfunc
 * (elf/read/ksyms.c), which the loader fills in.
 * Relocations of other sections (.BTF, .BTF.ext, .debug_*) describe debug
 * data, not instructions, and are not read here.
 */
#include "read_ctx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define R_BPF_64_64 1
#define R_BPF_64_32 10
#define LD_IMM64 (BPF_LD | BPF_IMM | BPF_DW)
#define CALL (BPF_JMP | BPF_CALL)

struct rel_site {
	const char *relsec;	/* name of the .rel section, for messages */
	size_t index;		/* entry number in it */
	struct bl_prog_spec *prog;
	uint32_t insn;
	size_t sym;
};

/* The program or subprogram (elf/read/subprogs.c) holding byte off. */
static struct bl_prog_spec *program_at(struct bl_object_spec *obj, uint32_t shndx, uint64_t off)
{
	return (struct bl_prog_spec *)bl_object_spec_func_at(obj, shndx, off);
}

/* A symbol's value is an offset in its section: one past the section's
 * end (or so large that adding the instruction's addend would overflow)
 * is refused before any arithmetic. */
static bool sym_value_outside(struct bl_read_ctx *c, const struct rel_site *r,
			      const struct bl_reloc *out, const struct bl_section *sec)
{
	uint64_t v = c->syms[r->sym].st_value;

	if (v <= sec->size && v <= INT64_MAX / 2)
		return false;
	bl_err_set(c->err, -ENOEXEC,
		   "%s: relocation %zu in %s (symbol %s): the symbol's value %llu is outside its section %s (%llu bytes)",
		   c->name, r->index, r->relsec, out->sym_name, (unsigned long long)v, sec->name,
		   (unsigned long long)sec->size);
	return true;
}

/* Global data (elf/read/data_sections.c): the map of the symbol's section and
 * the variable's offset in it. A section symbol (a static variable, a
 * string) has value 0 and the offset in the instruction's imm; a named
 * variable has its offset in the symbol's value (libbpf adds both). */
static int data_target(struct bl_read_ctx *c, const struct rel_site *r,
		       const struct bpf_insn *insn, struct bl_reloc *out)
{
	const GElf_Sym *s = &c->syms[r->sym];
	const struct bl_section *sec = &c->obj->sections[s->st_shndx];
	int64_t off;

	if (sym_value_outside(c, r, out, sec))
		return -ENOEXEC;
	off = (int64_t)s->st_value + insn->imm;
	for (size_t i = 0; i < c->obj->map_cnt; i++)
		if (c->obj->maps[i].origin == BL_MAP_DATA && c->obj->maps[i].sec_idx == s->st_shndx)
			out->map = (int)i;
	if (off < 0 || (out->map >= 0 && (uint64_t)off >= sec->size))
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: relocation %zu in %s (symbol %s): offset %lld is outside section %s (%llu bytes)",
				  c->name, r->index, r->relsec, out->sym_name, (long long)off,
				  sec->name, (unsigned long long)sec->size);
	out->off = (uint64_t)off;
	return 0;
}

/* A bpf-to-bpf call or a function's address: the byte offset of the
 * target in the symbol's section. For a call, imm counts instructions
 * from the next one (-1 with a function symbol, the static function's
 * place minus 1 with a section symbol); for an ld_imm64 it is a byte
 * offset (llvm_reloc.rst; libbpf's RELO_CALL and RELO_SUBPROG_ADDR). */
static int call_target(struct bl_read_ctx *c, const struct rel_site *r,
		       const struct bpf_insn *insn, struct bl_reloc *out)
{
	const GElf_Sym *s = &c->syms[r->sym];
	const struct bl_section *sec;
	int64_t off = (int64_t)s->st_value;

	if (s->st_shndx >= c->shnum)
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: relocation %zu in %s (symbol %s): a call of a symbol in no section (index 0x%x)",
				  c->name, r->index, r->relsec, out->sym_name, s->st_shndx);
	sec = &c->obj->sections[s->st_shndx];
	if (sym_value_outside(c, r, out, sec))
		return -ENOEXEC;
	if (insn->code == CALL)
		off += ((int64_t)insn->imm + 1) * (int64_t)sizeof(struct bpf_insn);
	else
		off += insn->imm;
	if (off < 0 || (uint64_t)off >= sec->size || off % sizeof(struct bpf_insn) ||
	    !(sec->flags & SHF_EXECINSTR))
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: relocation %zu in %s (symbol %s): the function it points at (byte %lld of section %s, %llu bytes) is not an instruction of code",
				  c->name, r->index, r->relsec, out->sym_name, (long long)off,
				  sec->name, (unsigned long long)sec->size);
	out->off = (uint64_t)off;
	return 0;
}

/* The map defined at the byte the symbol (plus the instruction's addend,
 * for a section symbol) points at in "maps" or ".maps". */
static int map_index(struct bl_read_ctx *c, const struct rel_site *r, const struct bpf_insn *insn)
{
	const GElf_Sym *s = &c->syms[r->sym];
	uint64_t off = s->st_value;

	if (GELF_ST_TYPE(s->st_info) == STT_SECTION)
		off += (uint32_t)insn->imm;
	for (size_t i = 0; i < c->obj->map_cnt; i++)
		if (c->obj->maps[i].sec_idx == s->st_shndx && c->obj->maps[i].sec_offset == off &&
		    !c->obj->maps[i].inner_template)
			return (int)i;
	return bl_err_set(c->err, -ENOEXEC,
			  "%s: relocation %zu in %s: points at offset %llu of the %s section, where no map definition starts",
			  c->name, r->index, r->relsec, (unsigned long long)off,
			  c->obj->sections[s->st_shndx].name);
}

/* An undefined symbol declared in .ksyms (elf/read/ksyms.c): its index;
 * a call must be of a kfunc. Others stay -1 (a .kconfig extern, or one
 * the loader refuses with a message). */
static int ksym_target(struct bl_read_ctx *c, const struct rel_site *r, struct bl_reloc *out,
		       bool call)
{
	for (size_t i = 0; i < c->obj->ksym_cnt; i++) {
		if (strcmp(c->obj->ksyms[i].name, out->sym_name) != 0)
			continue;
		if (call && c->obj->ksyms[i].kind != BL_KSYM_FUNC)
			return bl_err_set(c->err, -ENOEXEC,
					  "%s: relocation %zu in %s: instruction %u of %s calls %s, which .ksyms declares as a variable, not a function",
					  c->name, r->index, r->relsec, r->insn, r->prog->name,
					  out->sym_name);
		out->ksym = (int)i;
		break;
	}
	return 0;
}

static int classify(struct bl_read_ctx *c, const struct rel_site *r, struct bl_reloc *out)
{
	const GElf_Sym *s = &c->syms[r->sym];
	const struct bpf_insn *insn = &r->prog->insns[r->insn];
	const struct bl_section *target = s->st_shndx < c->shnum ? &c->obj->sections[s->st_shndx] : NULL;

	out->insn = r->insn;
	out->sym = (uint32_t)r->sym;
	out->sym_name = bl_sym_name(c, r->sym);
	out->sym_shndx = s->st_shndx;
	out->map = -1;
	out->off = 0;
	out->ksym = -1;
	if (insn->code == CALL) {
		if (s->st_shndx == SHN_UNDEF) {
			out->kind = BL_RELOC_EXTERN; /* a kfunc */
			return ksym_target(c, r, out, true);
		}
		if (insn->src_reg != BPF_PSEUDO_CALL)
			goto bad;
		out->kind = BL_RELOC_CALL;
		return call_target(c, r, insn, out);
	}
	if (insn->code != LD_IMM64)
		goto bad;
	if (r->insn + 1 >= r->prog->insn_cnt)
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: relocation %zu in %s: the ld_imm64 at instruction %u of %s is cut off by the end of the program",
				  c->name, r->index, r->relsec, r->insn, r->prog->name);
	if (s->st_shndx == SHN_UNDEF) {
		int ret = bl_extern_target(c, out->sym_name, out); /* a .kconfig one: map, off */

		out->kind = BL_RELOC_EXTERN;
		return ret ? ret : ksym_target(c, r, out, false);
	} else if ((c->maps_idx && s->st_shndx == c->maps_idx) ||
		   (c->btf_maps_idx && s->st_shndx == c->btf_maps_idx)) {
		out->kind = BL_RELOC_MAP;
		out->map = map_index(c, r, insn);
		if (out->map < 0)
			return out->map;
	} else if (target && (target->flags & SHF_EXECINSTR)) {
		out->kind = BL_RELOC_CALL; /* address of a function: a callback */
		return call_target(c, r, insn, out);
	} else {
		out->kind = BL_RELOC_DATA;
		if (target) /* not SHN_ABS, SHN_COMMON: those stay unsupported */
			return data_target(c, r, insn, out);
	}
	return 0;
bad:
	return bl_err_set(c->err, -ENOEXEC,
			  "%s: relocation %zu in %s (symbol %s): instruction %u of %s (opcode 0x%02x) is neither an ld_imm64 nor a call",
			  c->name, r->index, r->relsec, out->sym_name, r->insn, r->prog->name, insn->code);
}

static int add_reloc(struct bl_prog_spec *p, const struct bl_reloc *r)
{
	struct bl_reloc *grown = realloc(p->relocs, (p->reloc_cnt + 1) * sizeof(*grown));

	if (!grown)
		return -ENOMEM;
	p->relocs = grown;
	p->relocs[p->reloc_cnt++] = *r;
	return 0;
}

static int read_rel_section(struct bl_read_ctx *c, size_t idx)
{
	const struct bl_section *rs = &c->obj->sections[idx];
	const struct bl_section *target = &c->obj->sections[rs->info];
	Elf_Data *d = elf_getdata(elf_getscn(c->elf, idx), NULL);
	size_t n = rs->size / sizeof(Elf64_Rel);

	if (rs->link != c->symtab_idx)
		return bl_err_set(c->err, -ENOEXEC, "%s: %s: relocations refer to section %u, not the symbol table",
				  c->name, rs->name, rs->link);
	if (!d || rs->size % sizeof(Elf64_Rel))
		return bl_err_set(c->err, -ENOEXEC, "%s: %s: size %llu is not a multiple of %zu",
				  c->name, rs->name, (unsigned long long)rs->size, sizeof(Elf64_Rel));
	for (size_t i = 0; i < n; i++) {
		struct rel_site site = { .relsec = rs->name, .index = i };
		struct bl_reloc r;
		GElf_Rel rel;
		unsigned type;
		int ret;

		if (!gelf_getrel(d, (int)i, &rel))
			return bl_err_set(c->err, -ENOEXEC, "%s: relocation %zu in %s: unreadable",
					  c->name, i, rs->name);
		type = GELF_R_TYPE(rel.r_info);
		site.sym = GELF_R_SYM(rel.r_info);
		if (site.sym == 0 || site.sym >= c->sym_cnt)
			return bl_err_set(c->err, -ENOEXEC,
					  "%s: relocation %zu in %s: symbol index %zu is out of range (the symbol table has %zu)",
					  c->name, i, rs->name, site.sym, c->sym_cnt);
		if (rel.r_offset % sizeof(struct bpf_insn) || rel.r_offset >= target->size)
			return bl_err_set(c->err, -ENOEXEC,
					  "%s: relocation %zu in %s: offset %llu is outside section %s (%llu bytes) or not on an instruction",
					  c->name, i, rs->name, (unsigned long long)rel.r_offset,
					  target->name, (unsigned long long)target->size);
		if (type != R_BPF_64_64 && type != R_BPF_64_32)
			return bl_err_set(c->err, -ENOEXEC,
					  "%s: relocation %zu in %s: type %u is not R_BPF_64_64 or R_BPF_64_32",
					  c->name, i, rs->name, type);
		site.prog = program_at(c->obj, rs->info, rel.r_offset);
		if (!site.prog)
			continue; /* code outside every function (elf/read/subprogs.c) */
		site.insn = (uint32_t)((rel.r_offset - site.prog->sec_offset) / sizeof(struct bpf_insn));
		ret = classify(c, &site, &r);
		if (!ret)
			ret = add_reloc(site.prog, &r);
		if (ret)
			return ret == -ENOMEM ? bl_err_set(c->err, ret, "%s: out of memory", c->name) : ret;
	}
	return 0;
}

int bl_read_relocs(struct bl_read_ctx *c)
{
	for (size_t i = 1; i < c->shnum; i++) {
		const struct bl_section *rs = &c->obj->sections[i];
		const struct bl_section *target;
		int ret;

		if (rs->type != SHT_REL)
			continue;
		if (rs->info == 0 || rs->info >= c->shnum)
			return bl_err_set(c->err, -ENOEXEC,
					  "%s: %s: relocated section index %u is out of range (%zu sections)",
					  c->name, rs->name, rs->info, c->shnum);
		target = &c->obj->sections[rs->info];
		if (!(target->flags & SHF_EXECINSTR) || target->type != SHT_PROGBITS)
			continue; /* .rel.BTF, .rel.debug_*: debug data */
		ret = read_rel_section(c, i);
		if (ret)
			return ret;
	}
	return 0;
}

const char *bl_reloc_kind_name(enum bl_reloc_kind kind)
{
	switch (kind) {
	case BL_RELOC_MAP: return "map";
	case BL_RELOC_DATA: return "data";
	case BL_RELOC_CALL: return "call";
	case BL_RELOC_EXTERN: return "extern";
	}
	return "unknown";
}
