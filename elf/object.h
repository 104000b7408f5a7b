/* elf/object.h — the description of a BPF object file, read with libelf.
 *
 * Everything here depends only on the file: no syscalls, no root. The
 * loader (loader/) turns this description into kernel objects.
 *
 * What clang -target bpf puts in an object (see the ELF section of
 * Documentation/bpf/llvm_reloc.rst):
 *   - one executable section per SEC("..."), holding struct bpf_insn;
 *     every global function symbol in it is one program, static ones
 *     are subprograms;
 *   - ".text": functions called by programs (bpf-to-bpf calls);
 *   - ".data", ".rodata*", ".bss": global variables, which become
 *     one-element array maps (elf/read/data_sections.c);
 *   - .rel<section>: relocations of those instructions, e.g. an ld_imm64
 *     that must receive a map's fd;
 *   - "license" (a string) and optionally "version" (a u32);
 *   - "maps": legacy map definitions, struct bpf_map_def-like records;
 *   - with -g, ".BTF" (types) and ".BTF.ext" (per-instruction function,
 *     line and CO-RE records): see elf/btf/btf.h and elf/btf/btf_ext.h.
 */
#ifndef BL_OBJECT_H
#define BL_OBJECT_H

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alternatives.h"
#include "error.h"
#include "section_def.h"

enum bl_reloc_kind {
	BL_RELOC_MAP,	 /* ld_imm64 of a legacy map: gets the map's fd */
	BL_RELOC_DATA,	 /* ld_imm64 of a variable in .data/.rodata/.bss */
	BL_RELOC_CALL,	 /* call of a bpf-to-bpf subprogram, or ld_imm64 of a
			  * function's address (a callback, BPF_PSEUDO_FUNC) */
	BL_RELOC_EXTERN, /* ld_imm64 or call of an undefined (extern) symbol:
			  * a .kconfig value (map), a .ksyms kernel symbol
			  * or kfunc (ksym), or neither (refused at load) */
};

struct bl_reloc {
	enum bl_reloc_kind kind;
	uint32_t insn;		/* index within the program's instructions */
	uint32_t sym;		/* index in .symtab */
	const char *sym_name;	/* points into the object's string table copy */
	uint32_t sym_shndx;	/* section of the symbol */
	int map;		/* BL_RELOC_MAP, BL_RELOC_DATA: index in
				 * bl_object_spec.maps, else -1 (DATA: -1 when the
				 * section is no global-data map) */
	/* BL_RELOC_DATA: byte offset of the variable in the map's value (the
	 * symbol's value plus the addend clang leaves in the first imm).
	 * BL_RELOC_CALL: byte offset in section sym_shndx of the instruction
	 * called (a call) or whose address is taken (an ld_imm64: a callback). */
	uint64_t off;
	/* BL_RELOC_EXTERN of a .ksyms extern: its index in
	 * bl_object_spec.ksyms; else -1. */
	int ksym;
};

/* Where a map's definition comes from. */
enum bl_map_origin {
	BL_MAP_LEGACY,	/* a record in the "maps" section (elf/read/maps.c) */
	BL_MAP_BTF,	/* a variable in ".maps", typed by BTF */
	BL_MAP_DATA,	/* a global-data section (.data, .rodata*, .bss, .kconfig):
			 * a one-element array holding the whole section */
};

/* iproute2's pinning values (struct bpf_elf_map, iproute2's
 * include/bpf_elf.h): PIN_OBJECT_NS pins under a directory named after
 * the object's hash, PIN_GLOBAL_NS in /sys/fs/bpf/tc/globals. */
#define BL_PIN_NONE 0
#define BL_PIN_OBJECT_NS 1
#define BL_PIN_GLOBAL_NS 2
/* inner_idx of an inner map placed in no slot (iproute2's -1). */
#define BL_INNER_IDX_NONE UINT32_MAX

/* A map initialised from the object: slot `slot` gets the fd of the map
 * or program named `sym` (map-in-map and prog-array `values = { ... }`;
 * a legacy inner map's inner_idx). */
struct bl_map_init {
	uint32_t slot;
	char *sym;
};

struct bl_map_spec {
	char *name;
	enum bl_map_origin origin;
	uint32_t type;
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t map_flags;
	uint32_t numa_node;
	uint32_t pinning;	/* 0 none, 1 by name (libbpf's LIBBPF_PIN_BY_NAME;
				 * iproute2's PIN_GLOBAL_NS, see below) */
	uint64_t map_extra;	/* BPF_MAP_CREATE's map_extra: bloom filter's
				 * number of hash functions, arena's address */
	uint32_t btf_key_type_id;   /* 0: no BTF for the key */
	uint32_t btf_value_type_id; /* 0: no BTF for the value */
	int inner;		/* map-in-map: index in bl_object_spec.maps of the
				 * inner map's template (a legacy definition's
				 * inner_id: a map created on its own too), else -1 */
	bool inner_template;	/* this is such a template ("OUTER.inner"):
				 * it describes the outer map's values and is
				 * never created on its own */
	uint32_t sec_idx;	/* section of the definition (or of the data) */
	uint32_t sec_offset;	/* where the definition starts in that section */
	/* A legacy definition longer than struct bpf_map_def's 20 bytes is
	 * read as iproute2's struct bpf_elf_map (elf/read/maps_iproute2.c):
	 * these are its fields 6 to 9, 0 where the definition stops before. */
	struct bl_elf_map_ext {
		uint32_t id;		/* what inner_id of a map of maps names */
		uint32_t pinning;	/* as written: BL_PIN_NONE, BL_PIN_OBJECT_NS,
					 * BL_PIN_GLOBAL_NS (pinning above is
					 * then 1), or a custom value */
		uint32_t inner_id;	/* a map of maps: the id of its inner map */
		uint32_t inner_idx;	/* a map with an id: its slot in the maps
					 * of maps whose inner_id is that id;
					 * BL_INNER_IDX_NONE: none */
	} elf;
	const void *init_data;	/* BL_MAP_DATA: initial contents; NULL: zeros */
	size_t init_size;
	struct bl_map_init *inits;
	size_t init_cnt;
};

struct bl_prog_spec {
	char *name;		/* function symbol; section name if it has none */
	char *section;
	uint32_t shndx;
	uint64_t sec_offset;	/* byte offset of the first instruction */
	struct bpf_insn *insns;
	size_t insn_cnt;
	const struct bl_section_def *def; /* NULL: section name not recognised */
	bool autoload;		/* false for SEC("?...."): loaded only when selected */
	const char *attach_target;	  /* extras of the section name, or NULL */
	/* Its group of alternatives (elf/alternatives.h): index in
	 * bl_object_spec.alt_groups, -1 when none; and the rank of its
	 * mechanism there (0: the most preferred). */
	int alt_group;
	unsigned alt_rank;
	struct bl_reloc *relocs;
	size_t reloc_cnt;
};

struct bl_btf;
struct bl_btf_ext;

/* A .kconfig extern (elf/read/externs.c): `extern T NAME __kconfig [__weak];`,
 * a value the loader fills in (loader/load/kconfig.c). */
enum bl_kcfg_type {
	BL_KCFG_BOOL,		/* bool: y 1, n 0 */
	BL_KCFG_CHAR,		/* a 1-byte integer: 'y', 'm', 'n' or a number */
	BL_KCFG_TRISTATE,	/* enum libbpf_tristate: n 0, y 1, m 2 */
	BL_KCFG_INT,		/* an integer of 2, 4 or 8 bytes */
	BL_KCFG_CHAR_ARR,	/* char[N]: a string */
};
struct bl_extern {
	const char *name;	/* in bl_object_spec.btf */
	enum bl_kcfg_type type;
	uint32_t offset;	/* in the .kconfig map's value */
	uint32_t size;
	bool is_signed;
	bool is_weak;		/* __weak: 0 when the kernel has no value */
};

/* A .ksyms extern (elf/read/ksyms.c): a kernel symbol or kfunc that the
 * loader resolves on the running kernel (loader/load/ksyms.c). libbpf's
 * BPF-side headers declare them with __ksym, section(".ksyms"). */
enum bl_ksym_kind {
	BL_KSYM_VAR,		/* `extern const struct rq runqueues __ksym;`: a
				 * kernel variable typed by the kernel's BTF (a
				 * VAR there; ld_imm64 BPF_PSEUDO_BTF_ID) */
	BL_KSYM_TYPELESS,	/* `extern const void sym __ksym;`: an address
				 * from /proc/kallsyms (a plain ld_imm64) */
	BL_KSYM_FUNC,		/* `extern T f(ARGS) __ksym;`: a kfunc, a FUNC of
				 * the kernel's BTF (call BPF_PSEUDO_KFUNC_CALL) */
};
struct bl_ksym {
	const char *name;	/* in bl_object_spec.btf */
	enum bl_ksym_kind kind;
	uint32_t btf_id;	/* its VAR or FUNC in bl_object_spec.btf */
	uint32_t type_id;	/* VAR: its type, typedefs and modifiers skipped;
				 * FUNC: its FUNC_PROTO; TYPELESS: 0 */
	bool is_weak;		/* __weak: 0 (an address of 0, a call that is
				 * never made) when the kernel lacks it */
};

struct bl_section {
	char *name;
	uint32_t type;		/* SHT_* */
	uint64_t flags;		/* SHF_* */
	uint64_t offset;
	uint64_t size;
	uint32_t link;
	uint32_t info;
};

struct bl_object_spec {
	char *path;
	char *license;		/* "" when the object has no license section */
	uint32_t kern_version;
	bool has_kern_version;
	struct bl_section *sections;
	size_t section_cnt;
	struct bl_prog_spec *programs;
	size_t program_cnt;
	struct bl_map_spec *maps;
	size_t map_cnt;
	size_t map_def_size;	/* bytes per definition in "maps" (0 if none):
				 * 20 struct bpf_map_def, 36 iproute2's
				 * struct bpf_elf_map */
	char *strtab;		/* private copy of .strtab, for reloc sym_name */
	struct bl_btf *btf;	/* .BTF parsed (elf/btf/btf.h), NULL when absent */
	struct bl_btf_ext *btf_ext; /* .BTF.ext (elf/btf/btf_ext.h), NULL when absent */
	/* Functions that are not programs: those of .text, and static
	 * functions in program sections (elf/read/subprogs.c). def is NULL; each
	 * is appended to the programs that call it (loader/load/subprogs.c). */
	struct bl_prog_spec *subprogs;
	size_t subprog_cnt;
	/* .BTF with what clang leaves to the loader filled in from the ELF
	 * file (elf/read/btf_fixup.c): DATASEC sizes, VAR offsets, hidden
	 * variables and functions made static. What BPF_BTF_LOAD gets (after
	 * the loader's changes for the running kernel); NULL without .BTF. */
	struct bl_btf *btf_fixed;
	/* .kconfig externs, in the order of their offsets, and their map
	 * (kconfig_map: index in maps, -1 when there are none). */
	struct bl_extern *externs;
	size_t extern_cnt;
	int kconfig_map;
	uint32_t kconfig_size;	/* bytes of the map's value */
	uint32_t kconfig_sec_type; /* the DATASEC ".kconfig" in btf_fixed */
	/* Programs that implement one event by different mechanisms
	 * (elf/alternatives.c, docs/alternatives.md): of each group the loader
	 * attaches one mechanism's programs. */
	struct bl_alt_group *alt_groups;
	size_t alt_group_cnt;
	/* .ksyms externs, in the order of their DATASEC. */
	struct bl_ksym *ksyms;
	size_t ksym_cnt;
};

/* Reads the object at path (elf/read/reader.c). On failure returns a negative errno and err
 * says what is wrong and where, starting with the path. */
int bl_object_spec_read(const char *path, struct bl_object_spec **out, struct bl_err *err);

/* The same from memory (tests, fuzzing); name is used in messages. */
int bl_object_spec_read_mem(const void *buf, size_t len, const char *name,
		       struct bl_object_spec **out, struct bl_err *err);

void bl_object_spec_free(struct bl_object_spec *obj);

/* A program or map by name (elf/object.c); a global-data map also by
 * its section's name. NULL when there is none. */
const struct bl_prog_spec *bl_object_spec_find_prog(const struct bl_object_spec *obj,
						const char *name);
const struct bl_map_spec *bl_object_spec_find_map(const struct bl_object_spec *obj,
					    const char *name);

/* Whether a program or function of obj calls helper id (BPF_FUNC_*). */
bool bl_object_spec_calls_helper(const struct bl_object_spec *obj, int32_t id);
const char *bl_reloc_kind_name(enum bl_reloc_kind kind);

/* The program or subprogram whose instructions hold byte off of section
 * shndx, or NULL. */
const struct bl_prog_spec *bl_object_spec_func_at(const struct bl_object_spec *obj, uint32_t shndx,
					   uint64_t off);

/* --- Global variables (elf/vars/data_vars.c) ------------------------------
 * A variable of .data, .rodata or .bss, found by name through the
 * DATASEC of its section in .BTF. */
struct bl_var {
	const char *name;
	int map;		/* its BL_MAP_DATA map in bl_object_spec.maps */
	uint32_t offset;	/* bytes into the map's value */
	uint32_t size;
	uint32_t type_id;	/* its type in bl_object_spec.btf */
};
int bl_object_spec_find_var(const struct bl_object_spec *obj, const char *name, struct bl_var *out,
		       struct bl_err *err);

/* Sets variable name to value before the object is loaded (what
 * bpfload --set NAME=VALUE does): an integer (decimal, 0x hex, 0 octal,
 * negative) for integers, enums and bools, the name of an enumerator for
 * enums, and a string for char arrays (it must fit with its NUL). The
 * size must match the variable's. Changes the map's initial contents. */
int bl_object_spec_set_var(struct bl_object_spec *obj, const char *name, const char *value,
		      struct bl_err *err);

#endif
