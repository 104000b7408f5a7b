/* elf/binary/elf_symbols.h — functions of ordinary ELF files (executables
 * and shared libraries, not BPF objects) and their file offsets, for
 * uprobes. See elf_symbols.c. Internal to the loader and its tests. */
#ifndef BL_ELF_SYMBOLS_H
#define BL_ELF_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf/error.h"

/* A function symbol found in a file. */
struct bl_elf_func {
	uint64_t value;		/* st_value: its address in the file's own layout */
	uint64_t offset;	/* where its first instruction is in the file */
	uint64_t size;		/* st_size */
	bool ifunc;		/* STT_GNU_IFUNC: value is the resolver's */
	bool weak;		/* STB_WEAK */
	bool dynsym;		/* found in .dynsym (else .symtab) */
};

/* What a file's symbol tables look like (for messages). */
struct bl_elf_tables {
	bool symtab;		/* has a .symtab (SHT_SYMTAB): not stripped */
	bool dynsym;		/* has a .dynsym (SHT_DYNSYM): dynamically linked */
	bool shared;		/* ET_DYN: a shared library or a PIE executable */
};

/* A section or segment, enough to turn an address into a file offset. */
struct bl_elf_range {
	uint64_t addr;		/* sh_addr / p_vaddr */
	uint64_t size;		/* sh_size / p_memsz */
	uint64_t offset;	/* sh_offset / p_offset */
	uint64_t filesz;	/* bytes present in the file (sh_size, p_filesz;
				 * 0 for SHT_NOBITS) */
};

/* addr - r->addr + r->offset when addr lies in the file bytes of r, as
 * libbpf's elf_find_func_offset and Documentation/trace/uprobetracer.rst
 * compute it; -ERANGE otherwise. Pure. */
int bl_elf_addr_to_offset(const struct bl_elf_range *r, uint64_t addr, uint64_t *offset);

/* Does the symbol name sym stand for the function name? Equal, or name
 * followed by a symbol version ("memcpy@@GLIBC_2.14" in a .symtab).
 * Pure. */
bool bl_elf_sym_name_matches(const char *sym, const char *name);

/* Finds function name in the ELF file path, through .dynsym then .symtab.
 * Several symbols of that name must agree on the offset, or all but one
 * be weak (as libbpf decides); otherwise -ENOTUNIQ. A missing function
 * is -ENOENT, with a message that names the file and says which symbol
 * tables it has (and so whether it is stripped). tables may be NULL. */
int bl_elf_find_func(const char *path, const char *name, struct bl_elf_func *out,
		     struct bl_elf_tables *tables, struct bl_err *err);

/* Calls fn for every defined function symbol of path (.symtab, then
 * .dynsym: a name can come twice). fn returning non-zero stops the walk
 * and is returned. Fails with -ENOENT when the file has no symbol table. */
typedef int (*bl_elf_func_fn)(const char *name, const struct bl_elf_func *f, void *ctx);
int bl_elf_for_each_func(const char *path, bl_elf_func_fn fn, void *ctx,
			 struct bl_elf_tables *tables, struct bl_err *err);

#endif
