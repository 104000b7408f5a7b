/* elf/btf_min/btf_min.h — a minimized BTF: the part of a kernel's BTF
 * (FULL, e.g. /sys/kernel/btf/vmlinux of the target kernel) that given
 * objects need, for kernels built without CONFIG_DEBUG_INFO_BTF (no
 * /sys/kernel/btf/vmlinux), where the loader takes it with --btf FILE.
 *
 * What is kept (docs/btf-min.md): for each CO-RE relocation of the
 * objects (Documentation/bpf/llvm_reloc.rst, "CO-RE Relocations"),
 * resolved against FULL by the loader's own code (elf/core/core.h,
 * bl_core_resolve_visit), every target type that matched it: for field
 * relocations the members on the access path (each keeps its bit offset;
 * a struct keeps its size; members not used vanish), for enum value
 * relocations the enumerators named, for type relocations the type as
 * far as the compatibility rule looks (through typedefs, modifiers,
 * pointers, arrays and function prototypes; structs without members),
 * for TYPE_MATCHES the type with every member, recursively. Everything a
 * kept type refers to is kept in "shape" (kind, name, size, encoding);
 * a pointer nobody needs to follow points to void. Also kept: the
 * attach targets of BTF-attached programs (tp_btf: the typedef
 * btf_trace_NAME, fentry/fexit/fmod_ret/lsm/iter: the FUNC and its
 * prototype; elf/btf_target.h), as far as the compatibility rule looks.
 *
 * The output is raw BTF (Documentation/bpf/btf.rst, "2. BTF Type and
 * String Encoding"): a struct btf_header, the kept types in FULL's order
 * (renumbered from 1), and their names, each string once.
 * Pure: no syscalls.
 */
#ifndef BL_BTF_MIN_H
#define BL_BTF_MIN_H

#include <stddef.h>
#include <stdint.h>

#include "elf/btf/btf.h"
#include "elf/error.h"
#include "elf/object.h"

struct bl_btf_min;

/* What bl_btf_min_add_object found, added up over the objects. */
struct bl_btf_min_stats {
	uint32_t relos;		/* CO-RE relocations resolved against FULL */
	uint32_t matched;	/* ... that matched a type of FULL */
	uint32_t absent;	/* ... answered "absent" (0) by FULL: nothing kept */
	uint32_t poisoned;	/* ... FULL cannot answer: the instruction will
				 * be poisoned with FULL and with the result */
	uint32_t targets;	/* attach targets kept */
	uint32_t missing_targets; /* attach targets not in FULL */
};

/* The lines bl_btf_min_add_object has to say about a relocation that FULL
 * cannot satisfy or an attach target it lacks (one line each, no
 * newline). */
typedef void (*bl_btf_min_note_fn)(void *ctx, const char *msg);

/* An empty selection of full's types; full must outlive it. */
int bl_btf_min_new(const struct bl_btf *full, struct bl_btf_min **out, struct bl_err *err);
void bl_btf_min_free(struct bl_btf_min *m);

/* Adds what obj's CO-RE relocations and BTF-attached programs need.
 * Returns 0, or a negative errno when a relocation cannot be resolved
 * against FULL at all (malformed, ambiguous: err names the section, the
 * relocation and why, as the loader would refuse it). note (may be
 * NULL) hears about the poisoned relocations and missing targets. */
int bl_btf_min_add_object(struct bl_btf_min *m, const struct bl_object_spec *obj,
			  struct bl_btf_min_stats *st, bl_btf_min_note_fn note, void *ctx,
			  struct bl_err *err);

/* The two halves of bl_btf_min_add_object: the relocations only, the
 * attach targets only (bpfload btf min --core-only uses the first). */
int bl_btf_min_add_relos(struct bl_btf_min *m, const struct bl_object_spec *obj,
			 struct bl_btf_min_stats *st, bl_btf_min_note_fn note, void *ctx,
			 struct bl_err *err);
int bl_btf_min_add_targets(struct bl_btf_min *m, const struct bl_object_spec *obj,
			   struct bl_btf_min_stats *st, bl_btf_min_note_fn note, void *ctx,
			   struct bl_err *err);

/* Types kept so far (void not counted). */
uint32_t bl_btf_min_type_cnt(const struct bl_btf_min *m);

/* The raw BTF of the kept types, malloc'd into *data. */
int bl_btf_min_write(const struct bl_btf_min *m, void **data, size_t *len, struct bl_err *err);

/* Resolves every CO-RE relocation of obj against full and against min
 * and compares the answers (value, size, poisoning, where the field is,
 * the number of matches, the error code; for target type ids the kind
 * and name of the type). 0 when all agree, else -EPROTO and err names
 * the first relocation that differs. */
int bl_btf_min_check(const struct bl_btf *full, const struct bl_btf *min,
		     const struct bl_object_spec *obj, struct bl_err *err);

#endif
