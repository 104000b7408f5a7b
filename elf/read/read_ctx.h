/* elf/read/read_ctx.h — state shared by the parts of the object reader:
 * reader.c (the orchestrator: it runs the stages in order) and the stages
 * (maps.c, programs.c, relocs.c, ...), which read through read_ctx.c and
 * never call back into reader.c. Not part of the API.
 *
 * By the time maps.c, programs.c and relocs.c run, reader.c has checked
 * that every section's data lies inside the file, that every symbol's
 * section index and name are valid, and copied the symbols into syms[].
 */
#ifndef BL_READ_CTX_H
#define BL_READ_CTX_H

#include <gelf.h>

#include "elf/object.h"

struct bl_read_ctx {
	const char *name;	/* for messages: the path, or a caller's name */
	size_t len;		/* bytes in the file */
	Elf *elf;
	size_t shnum;
	struct bl_object_spec *obj;
	GElf_Sym *syms;		/* validated copy of .symtab */
	size_t sym_cnt;
	size_t symtab_idx;	/* 0 when there is none */
	size_t strtab_idx;
	size_t maps_idx;	/* the legacy "maps" section, 0 when absent */
	size_t btf_maps_idx;	/* ".maps" (BTF-defined maps), 0 when absent */
	struct bl_err *err;
};

/* read_ctx.c: name of symbol i (already validated), never NULL. */
const char *bl_sym_name(const struct bl_read_ctx *c, size_t i);

/* read_ctx.c: the bytes of section idx, or NULL with an error set. */
const void *bl_section_bytes(struct bl_read_ctx *c, size_t idx);

/* read_ctx.c, for programs.c and subprogs.c: the size of the function
 * at symbol i (its st_size, or, in assembly without .size, up to the next
 * function symbol or the section's end); a function's instructions,
 * bytes off..off+size of section shndx (bytes), copied into p with its
 * name and place (what: "program" or "subprogram", for messages); and
 * the order of functions by section, then offset (qsort). */
uint64_t bl_func_size(const struct bl_read_ctx *c, size_t i, uint64_t sec_size);
int bl_read_function(struct bl_read_ctx *c, struct bl_prog_spec *p, const char *what,
		     size_t shndx, const char *name, uint64_t off, uint64_t size, const void *bytes);
int bl_prog_spec_by_place(const void *a, const void *b);

/* read_ctx.c, for maps_btf_slots.c and maps_iproute2.c: slot `slot` of
 * map d gets the map or program sym, kept in the order of the slots (a
 * slot set twice keeps the last); 0 or -ENOMEM. */
int bl_map_spec_add_init(struct bl_map_spec *d, uint32_t slot, const char *sym);

int bl_read_maps(struct bl_read_ctx *c);	/* maps.c: the legacy "maps" */
/* maps_iproute2.c, called by maps.c once the legacy definitions are read:
 * iproute2's fields (struct bpf_elf_map) into pinning, inner and inits. */
int bl_read_iproute2_maps(struct bl_read_ctx *c);
int bl_read_programs(struct bl_read_ctx *c);
int bl_read_relocs(struct bl_read_ctx *c);
int bl_read_btf(struct bl_read_ctx *c);	/* btf_read.c */
int bl_read_btf_maps(struct bl_read_ctx *c);	/* maps_btf.c: after programs and BTF */
int bl_read_subprogs(struct bl_read_ctx *c);	/* subprogs.c: after programs */
int bl_fixup_btf(struct bl_read_ctx *c);	/* btf_fixup.c: after BTF */
int bl_read_data_sections(struct bl_read_ctx *c); /* data_sections.c: after the fixup */
/* data_sections.c: libbpf's name of the map of section sec; and a
 * one-element array of that name, value_size bytes, appended to the
 * maps (NULL, with the error set, without memory). */
void bl_data_map_name(const char *path, const char *sec, char name[BPF_OBJ_NAME_LEN]);
struct bl_map_spec *bl_add_data_map(struct bl_read_ctx *c, const char *sec, uint32_t value_size,
				    uint32_t map_flags);
/* externs.c: .kconfig externs read after the fixup (they change
 * btf_fixed), their map added after the data sections, and the map and
 * offset of an ld_imm64 of extern name (unchanged when it is none). */
int bl_read_externs(struct bl_read_ctx *c);
int bl_add_kconfig_map(struct bl_read_ctx *c);
int bl_extern_target(struct bl_read_ctx *c, const char *name, struct bl_reloc *out);
/* ksyms.c: the .ksyms externs (kernel symbols, kfuncs) of the object's
 * BTF into bl_object_spec.ksyms, after the fixup; ksyms_btf.c: then
 * btf_fixed rewritten for BPF_BTF_LOAD (extern FUNCs global, .ksyms
 * entries allocated ints). */
int bl_read_ksyms(struct bl_read_ctx *c);
int bl_fix_ksyms_btf(struct bl_read_ctx *c);

#endif
