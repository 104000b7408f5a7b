/* elf/btf/btf_ext.h — the .BTF.ext section of an object, parsed.
 *
 * Documentation/bpf/btf.rst, "4.2 .BTF.ext section": what clang emits
 * next to .BTF to describe the instructions: for each program section,
 * func_info (which FUNC starts at which instruction), line_info (which
 * source line an instruction comes from) and core_relo (the CO-RE
 * relocations of Documentation/bpf/llvm_reloc.rst, "CO-RE Relocations").
 * The records are struct bpf_func_info, struct bpf_line_info and struct
 * bpf_core_relo of <linux/bpf.h>; the section header is not in the UAPI
 * and is declared in btf_ext.c.
 *
 * In the file, insn_off is a byte offset into the ELF section (a
 * multiple of 8); BPF_PROG_LOAD wants instruction indexes relative to
 * the program: converting is the loader's job.
 * Pure parsing: no syscalls.
 */
#ifndef BL_BTF_EXT_H
#define BL_BTF_EXT_H

#include <linux/bpf.h>
#include <stddef.h>
#include <stdint.h>

#include "btf.h"
#include "elf/error.h"

/* The records of one ELF section, in file order. */
struct bl_btf_ext_sec {
	char *name;		/* the ELF section, e.g. "tracepoint/syscalls/..." */
	uint32_t name_off;	/* where its name is in the .BTF strings */
	uint32_t cnt;
	union {			/* cnt records, copied to these fixed layouts */
		void *recs;
		struct bpf_func_info *func_info;
		struct bpf_line_info *line_info;
		struct bpf_core_relo *core_relo;
	};
};

/* One of the three subsections. */
struct bl_btf_ext_info {
	uint32_t rec_size;	/* bytes per record in the file (0: absent) */
	struct bl_btf_ext_sec *secs;
	size_t sec_cnt;
};

struct bl_btf_ext {
	struct bl_btf_ext_info func_info;
	struct bl_btf_ext_info line_info;
	struct bl_btf_ext_info core_relo;
};

/* Parses len bytes of .BTF.ext; the names, type ids and strings it
 * refers to are checked against btf (the object's parsed .BTF). name is
 * the object file, for messages. Returns 0 or a negative errno. */
int bl_btf_ext_parse(const void *data, size_t len, const struct bl_btf *btf, const char *name,
		     struct bl_btf_ext **out, struct bl_err *err);
void bl_btf_ext_free(struct bl_btf_ext *ext);

/* The records of ELF section `section` in info, or NULL. */
const struct bl_btf_ext_sec *bl_btf_ext_find(const struct bl_btf_ext_info *info,
					     const char *section);

/* "byte_off", "type_size", ... for enum bpf_core_relo_kind; NULL when
 * unknown. */
const char *bl_core_relo_kind_name(uint32_t kind);

#endif
