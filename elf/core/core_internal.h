/* elf/core/core_internal.h — the spec of a CO-RE relocation, shared by
 * core_spec.c, core_match.c and core_calc.c. Not part of the API.
 *
 * A spec is an access string resolved against one BTF (llvm_reloc.rst,
 * "CO-RE Relocation Record"): raw[] holds every index of the string
 * (one per step, anonymous struct members included), acc[] only the
 * steps that mean something across kernels: the root (an index into an
 * array of the root type, as s[1] in s[1].c), named members and array
 * elements. Matching a local spec in the target walks acc[]; the target
 * spec it builds has its own raw[] (anonymous members may nest
 * differently) and bit offset.
 */
#ifndef BL_CORE_INTERNAL_H
#define BL_CORE_INTERNAL_H

#include "core.h"

struct core_acc {
	uint32_t type_id;	/* root: the root type; member: the struct or
				 * union that has it; element: the element type
				 * (modifiers and typedefs skipped) */
	uint32_t idx;		/* member index or array index */
	const char *name;	/* member or enumerator name; NULL: an index */
};

struct core_spec {
	const struct bl_btf *btf;
	uint32_t root_id;	/* relo->type_id, or the target candidate */
	uint32_t kind;
	struct core_acc acc[BL_CORE_ACCESS_MAX];
	uint32_t len;
	uint32_t raw[BL_CORE_ACCESS_MAX];
	uint32_t raw_len;
	uint64_t bit_offset;	/* of the accessed field from the root */
};

/* The three groups of llvm_reloc.rst, "Relocation kinds". */
bool core_kind_is_field(uint32_t kind);
bool core_kind_is_type(uint32_t kind);
bool core_kind_is_enumval(uint32_t kind);

/* ENUM and ENUM64 go together; other kinds only with themselves. */
bool core_kinds_compat(const struct btf_type *a, const struct btf_type *b);

bool core_is_composite(const struct btf_type *t);

/* An array of length 0 that is the last member of a struct: its index is
 * not bounded (libbpf's rule for flexible array members). prev is the
 * last accessor recorded before the array step. */
bool core_is_flex_array(const struct bl_btf *btf, const struct core_acc *prev,
			const struct btf_array *a);

/* *off += idx * size * 8; -E2BIG past UINT32_MAX bits. */
int core_add_bits(uint64_t *off, uint64_t idx, uint64_t size);

/* Bounds the work of one resolution against a hostile target BTF. */
#define CORE_WORK_MAX 2000000u
struct core_work {
	uint32_t steps;
};
/* -E2BIG once the budget is spent, else 0. */
int core_work_step(struct core_work *w);

/* Builds the local spec of relo (core_spec.c). On error, err says what
 * (without prefix). */
int core_spec_parse(const struct bl_btf *btf, const struct bpf_core_relo *relo,
		    struct core_spec *spec, struct bl_err *err);

/* "struct task_struct, field pid (0:1)" into buf; for a spec that could
 * not be built, core_describe_raw says what the record names. */
void core_describe(const struct core_spec *spec, char *buf, size_t size);
void core_describe_raw(const struct bl_btf *btf, const struct bpf_core_relo *relo, char *buf,
		       size_t size);
/* "struct task_struct": kind and name of a type, name made printable. */
void core_type_str(const struct bl_btf *btf, uint32_t id, char *buf, size_t size);
/* s copied into buf, at most max bytes of it, others than printable
 * ASCII as '?', "..." when cut. */
void core_printable(const char *s, size_t max, char *buf, size_t size);

/* Candidate test (core_match.c): target type tid has local_t's kind (up
 * to enum/enum64) and the same essential name (ess_len bytes of name). */
bool core_is_candidate(const struct btf_type *local_t, const char *name, size_t ess_len,
		       const struct bl_btf *target, uint32_t tid);

/* Matches local (built by core_spec_parse) against target type tid and
 * fills targ. 1: matches, 0: does not, < 0: error (err says why). */
int core_spec_match(const struct core_spec *local, const struct bl_btf *target, uint32_t tid,
		    struct core_spec *targ, struct core_work *w, struct bl_err *err);

/* Compatibility rules of libbpf (core_match.c); 1 yes, 0 no, < 0 error. */
int core_fields_compat(const struct bl_btf *lb, uint32_t lid, const struct bl_btf *tb,
		       uint32_t tid, struct core_work *w);
int core_types_compat(const struct bl_btf *lb, uint32_t lid, const struct bl_btf *tb,
		      uint32_t tid, int level, struct core_work *w);
int core_types_match(const struct bl_btf *lb, uint32_t lid, const struct bl_btf *tb,
		     uint32_t tid, bool behind_ptr, int level, struct core_work *w);

#endif
