/* tests/unit/unit.h — shared helpers of the unit tests (Check, no root).
 *
 * The tests read objects built elsewhere: $BL_BUILD_DIR/asm-tests/NAME.o
 * and $BL_BUILD_DIR/bpf-progs/NAME.bpf.o (BL_BUILD_DIR defaults to
 * "build"). A test whose object is missing prints "SKIP ..." and returns,
 * unless BL_REQUIRE_OBJECTS=1, which turns a missing object into a
 * failure (for `make check`, where everything has been built).
 */
#ifndef BL_UNIT_H
#define BL_UNIT_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>

#include "elf/object.h"

Suite *suite_error(void);
Suite *suite_btf_min(void);	/* test_btf_min.c */
Suite *suite_section_def(void);
Suite *suite_object_asm(void);
Suite *suite_object_progs(void);
Suite *suite_object_oracle(void);
Suite *suite_bad_input(void);
Suite *suite_bad_content(void);
Suite *suite_trace_line(void);
Suite *suite_disasm(void);		/* test_disasm.c: loader/verifier/disasm.c, loader/verifier/log_annotate.c */
Suite *suite_usdt(void);		/* test_usdt.c: elf/usdt/, arch/'s assembler names */
Suite *suite_arch(void);		/* test_arch.c: arch/ against the UAPI headers */
Suite *suite_btf(void);		/* test_btf.c: .BTF of the built objects */
Suite *suite_btf_ext(void);	/* test_btf_ext.c: .BTF.ext */
Suite *suite_probe_spec(void);
Suite *suite_elf_symbols(void);	/* test_elf_symbols.c, test_uprobe_spec.c: uprobe targets */
Suite *suite_core(void);		/* test_core_*.c: CO-RE relocations (elf/core/) */
Suite *suite_maps_btf(void);	/* test_maps_btf.c: BTF-defined maps (".maps") */
Suite *suite_maps_legacy(void);	/* test_maps_legacy.c: legacy "maps", iproute2's form, maps-only objects */
Suite *suite_globals(void);	/* test_globals.c: .data, .rodata, .bss; variables */
Suite *suite_subprogs(void);	/* test_subprogs.c: subprograms, calls */
Suite *suite_malformed(void);	/* test_malformed*.c: hostile objects, fuzz findings */
TCase *tcase_malformed_btf(void);	/* added to it by test_malformed_btf.c */
TCase *tcase_malformed_elf(void);	/* and by test_malformed_elf.c */
Suite *suite_btf_value(void);	/* test_btf_value.c: elf/value/btf_value.c, elf/value/btf_hist.c */
Suite *suite_classify(void);	/* test_classify.c: verifier log classes (loader/verifier/verifier_classify.c) */
TCase *tcase_verifier_log(void);	/* added to it by test_verifier_log.c: stats lines, log tail */
Suite *suite_permissions(void);	/* test_permissions.c: the RLIMIT_MEMLOCK retry (loader/sys/permissions.c) */
Suite *suite_sys_attr(void);	/* test_sys_attr.c: bpf(2) attr sizes, the feature table's names */
Suite *suite_glob_match(void);	/* test_glob_match.c: loader/attach/glob_match.c against fnmatch(3) */
Suite *suite_func_pattern(void);	/* test_func_pattern.c: kprobe.multi/uprobe.multi patterns, blacklist */
Suite *suite_cli_parse(void);	/* test_cli_parse.c: loader/cli/parse.h, the option values' parsers */
Suite *suite_verify_results(void); /* test_verify_results.c: verify --save files (loader/verifier/verify_results.c), hot lines */
Suite *suite_alternatives(void);	/* test_alternatives.c: event keys, groups (elf/alternatives.c) */
Suite *suite_cpus(void);		/* test_cpus.c: CPU lists of sysfs (loader/sys/cpus.c) */
Suite *suite_ksyms(void);	/* test_ksyms.c: .ksyms externs, their BTF rewritten */
Suite *suite_kernel_missing(void);	/* test_kernel_missing.c: what a kernel lacks (elf/kernel_req/missing.c) */
Suite *suite_kernel_req(void);	/* test_kernel_req.c: lowest Linux versions (elf/kernel_req/) */
Suite *suite_dwarf(void);		/* test_dwarf.c: elf/dwarf/, elf/value/record_type.c */
Suite *suite_btf_target(void);	/* test_btf_target.c: BTF-attached targets, refusals explained */
Suite *suite_inflate(void);	/* test_inflate.c: the static build's inflate (loader/static/) against zlib */

/* Test cases added to suite_section_def by test_section_table.c. */
TCase *tcase_section_table(void);
TCase *tcase_names(void);
/* Added to suite_section_def by test_section_docs.c. */
TCase *tcase_section_docs(void);
/* Added to suite_btf by test_btf_bad.c and test_btf_oracle.c. */
TCase *tcase_btf_bad(void);
TCase *tcase_btf_oracle(void);
TCase *tcase_btf_split(void);	/* test_btf_split.c: module BTF, the name index */

/* Malloc'd paths of the objects. */
char *ut_asm_path(const char *name);
char *ut_prog_path(const char *name);

/* True if path exists; otherwise prints SKIP (or fails, see above). */
bool ut_have(const char *path, const char *test);

/* Reads a whole file; aborts the test on failure. Caller frees. */
unsigned char *ut_slurp(const char *path, size_t *len);

/* bl_object_spec_read that must succeed (the test fails with err.msg if not). */
struct bl_object_spec *ut_read_ok(const char *path);

/* Reads img through bl_object_spec_read_mem under name and checks the
 * rejection: a negative errno, no object, a one-line message that starts
 * with name, contains one of the '|'-separated words of what and, unless
 * NULL, the text where (the section, symbol or map at fault). */
void ut_expect_reject(const void *img, size_t len, const char *name, const char *what,
		      const char *where);

/* The section with that name in obj, or NULL. */
const struct bl_section *ut_section(const struct bl_object_spec *obj, const char *name);

/* In-memory ELF64 little-endian images (unit_elf.c): find the pieces of
 * a copy of a valid object so that a test can patch them. Each aborts the
 * test when the piece is not there. */
#include <elf.h>
Elf64_Ehdr *ue_ehdr(unsigned char *img);
Elf64_Shdr *ue_shdr(unsigned char *img, size_t idx);
Elf64_Shdr *ue_shdr_named(unsigned char *img, const char *name, size_t *idx);
Elf64_Shdr *ue_symtab(unsigned char *img, size_t *idx);
Elf64_Sym *ue_sym_named(unsigned char *img, const char *name, size_t *idx);
Elf64_Rel *ue_rel(unsigned char *img, const char *rel_section, size_t k);

/* BTF helpers (test_btf_util.c). */
#include "elf/btf/btf.h"
#include "elf/btf/btf_ext.h"

/* A copy of section `section` of bpf-progs object NAME.bpf.o. */
unsigned char *ut_section_copy(const char *obj_name, const char *section, size_t *len);

/* A .BTF image written type by type: bb_type appends a struct btf_type
 * (and returns its id), bb_u32 what follows it, bb_str a name. */
struct bb {
	uint32_t types[4096];
	size_t type_words;
	uint32_t type_cnt;
	char strs[4096];
	size_t str_len;
};
void bb_init(struct bb *b);
uint32_t bb_str(struct bb *b, const char *s);
void bb_u32(struct bb *b, uint32_t v);
uint32_t bb_type(struct bb *b, const char *name, unsigned int kind, unsigned int vlen, int kflag,
		 uint32_t size_or_type);
unsigned char *bb_image(const struct bb *b, size_t *len);	/* malloc'd */

/* bl_btf_parse that must succeed. */
struct bl_btf *ut_btf_ok(const void *data, size_t len, const char *name);
/* bl_btf_parse that must fail: message "NAME: .BTF: ..." on one line
 * with one of the '|'-separated words of what and, unless NULL, where. */
void ut_btf_reject(const void *data, size_t len, const char *name, const char *what,
		   const char *where);
bool ut_msg_has(const char *msg, const char *what);

/* Returns from the calling test if the asm object / BPF program is missing;
 * otherwise declares `path` holding its location. */
#define UT_ASM(path, name)                                              \
	char *path = ut_asm_path(name);                                 \
	if (!ut_have(path, __func__)) { free(path); return; }
#define UT_PROG(path, name)                                             \
	char *path = ut_prog_path(name);                                \
	if (!ut_have(path, __func__)) { free(path); return; }

#endif
