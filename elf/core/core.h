/* elf/core/core.h — CO-RE relocations: what each one becomes on a target
 * kernel, computed from two BTFs. Pure computation: no syscalls.
 *
 * Documentation/bpf/llvm_reloc.rst, "CO-RE Relocations": clang records
 * in .BTF.ext one struct bpf_core_relo (<linux/bpf.h>) per instruction
 * whose immediate or offset depends on a kernel type: the instruction
 * (insn_off), the local root type (type_id, in the object's BTF), an
 * access string ("0:1:3": GEP-like indices from that type, "CO-RE
 * Relocation Record") and what is asked (kind, "Relocation kinds": a
 * field's offset, size, existence, signedness or bitfield shifts; a
 * type's id, existence, size or match; an enum value's existence or
 * value). The loader answers each question for the running kernel's BTF
 * (the target) and patches the instruction. Rules as libbpf's
 * relo_core.c applies them; the files:
 *
 *   core_spec.c   the access string, checked against the local type, and
 *                 the description used in messages
 *   core_match.c  candidates in the target (same name without "___flavor",
 *                 compatible kind) and whether one matches the local spec
 *   core_calc.c   the values for local and target, bl_core_resolve
 *   core_patch.c  bl_core_patch_insn
 *
 * How the loader uses it, per program, per record of its ELF section in
 * bl_object_spec.btf_ext->core_relo (elf/btf/btf_ext.h):
 *
 *   struct bl_core_result res;
 *   size_t idx = (relo->insn_off - prog->sec_offset) / 8;  // record is
 *                                      // inside the program: insn_off in
 *                                      // [sec_offset, sec_offset + 8 * insn_cnt)
 *   if (bl_core_resolve(obj->btf, vmlinux_btf, relo, &res, &err) ||
 *       bl_core_patch_insn(insns, insn_cnt, idx, &res, &err))
 *           return bl_err_prefix(&err, rc, "%s: program %s: CO-RE relocation %u",
 *                                obj->path, prog->name, n);
 *
 * where insns is the loader's copy of the program's instructions (never
 * the object's) and vmlinux_btf comes from bl_btf_parse of
 * /sys/kernel/btf/vmlinux (or of the file given with --btf). A
 * relocation that cannot be resolved is not an error: res.poison is set
 * and bl_core_patch_insn turns the instruction into a call of helper
 * BL_CORE_POISON_HELPER, which the verifier refuses only if it is
 * reachable ("invalid func unknown#195896080"); bl_core_insn_poisoned
 * finds such instructions to say which relocation (res.desc) it was.
 */
#ifndef BL_CORE_H
#define BL_CORE_H

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf/btf/btf.h"
#include "elf/btf/btf_ext.h"	/* bl_core_relo_kind_name */
#include "elf/error.h"

/* The helper id a poisoned instruction calls: 0xbad2310, "bad relo".
 * libbpf uses the same number so that the verifier's "invalid func
 * unknown#195896080" means the same thing whoever loaded the program. */
#define BL_CORE_POISON_HELPER 0xbad2310

/* At most this many indices in an access string (libbpf's limit too);
 * matching never goes deeper. */
#define BL_CORE_ACCESS_MAX 64

#define BL_CORE_DESC_MAX 256

struct bl_core_result {
	uint32_t kind;		/* enum bpf_core_relo_kind */
	bool poison;		/* nothing matches on the target and the kind has
				 * no "absent" value (FIELD_BYTE_OFFSET of a
				 * missing field, ENUMVAL_VALUE of a missing
				 * value, ...): the instruction gets poisoned */
	bool validate;		/* the instruction must hold orig_val before it
				 * is patched (false for type ids, which linking
				 * may change, and for bitfield offsets and
				 * sizes, where clang may have chosen otherwise) */
	bool fail_memsz_adjust;	/* the field's size differs and the load or
				 * store cannot simply be resized (only
				 * pointers and unsigned integers can): an
				 * LDX/ST/STX is poisoned instead of patched */
	uint64_t orig_val;	/* the value from the object's own BTF: what
				 * clang put into the instruction */
	uint64_t new_val;	/* the value on the target (0 for "absent") */
	bool enum32;		/* ENUMVAL_VALUE of a 32-bit enum whose BTF does
				 * not say signed (clang < 15 never does):
				 * orig_val is zero-extended, but clang puts a
				 * negative value sign-extended into the
				 * instruction; both forms are accepted */
	uint32_t orig_sz;	/* FIELD_BYTE_OFFSET of a whole field: its size
				 * in bytes, local and target (the width of the */
	uint32_t new_sz;	/* load or store); 0 otherwise */
	uint32_t target_id;	/* the matching target type (0: none) */
	uint32_t cand_cnt;	/* target types with the same essential name */
	uint32_t match_cnt;	/* of those, the ones that matched */
	/* Field relocations: where the field is, in the target when it
	 * matched, else in the local type; bit_size 0 when not a bitfield. */
	bool bitfield;
	uint64_t bit_offset;	/* from the start of the root type */
	uint32_t bit_size;
	/* "struct task_struct, field pid (0:1)", "enum pid_type, value
	 * PIDTYPE_SID", "struct task_struct": for messages. Filled as soon
	 * as the record can be read, also when bl_core_resolve fails. */
	char desc[BL_CORE_DESC_MAX];
};

/* Resolves one relocation of the object whose BTF is local against
 * target. Returns 0 (res filled, res->poison when unresolvable) or a
 * negative errno for a relocation that is malformed (bad kind, type id,
 * access string: -EINVAL), ambiguous (candidates that disagree: -EINVAL),
 * of an anonymous type (-EOPNOTSUPP) or too complex (-E2BIG). err then
 * says "KIND of DESC: what" (e.g. "byte_off of struct task_struct,
 * field pid (0:1): ..."); the caller puts the object, program and
 * relocation number in front. */
int bl_core_resolve(const struct bl_btf *local, const struct bl_btf *target,
		    const struct bpf_core_relo *relo, struct bl_core_result *res,
		    struct bl_err *err);

/* A target type that matched a relocation, and how: what the BTF
 * minimizer (elf/btf_min/) keeps so that a reduced target gives the same
 * answer. raw[0 .. raw_len) is the access path in the target, from
 * root_id: the index into the root (field kinds), then for each step the
 * member index of a struct or union (anonymous members included) or the
 * element index of an array; for enum value kinds raw[0] is the
 * enumerator. raw_len is 0 for the type kinds. */
struct bl_core_match {
	uint32_t kind;		/* enum bpf_core_relo_kind */
	uint32_t root_id;	/* the candidate that matched */
	uint32_t raw[BL_CORE_ACCESS_MAX];
	uint32_t raw_len;
};

/* bl_core_resolve that also calls fn(ctx, m) for every candidate that
 * matched (also those of an ambiguous relocation, before the error). A
 * non-zero return of fn stops the resolution and is returned. */
typedef int (*bl_core_match_fn)(void *ctx, const struct bl_core_match *m);
int bl_core_resolve_visit(const struct bl_btf *local, const struct bl_btf *target,
			  const struct bpf_core_relo *relo, struct bl_core_result *res,
			  struct bl_err *err, bl_core_match_fn fn, void *ctx);

/* Patches instruction idx of insns[0 .. insn_cnt) with res
 * (llvm_reloc.rst: ALU/ALU64 with an immediate and LD_IMM64 get their
 * immediate, LDX/ST/STX their offset, and their size when a field's size
 * changed and that is safe), or poisons it (res->poison, or an unsafe
 * size change). When res->validate, the instruction must hold
 * res->orig_val. Returns 0 or -EINVAL (instruction of another kind,
 * unexpected value, LD_IMM64 cut off) / -ERANGE (value too large for the
 * field), with a message naming the instruction and res->desc. */
int bl_core_patch_insn(struct bpf_insn *insns, size_t insn_cnt, size_t idx,
		       const struct bl_core_result *res, struct bl_err *err);

/* True for an instruction that bl_core_patch_insn poisoned. */
bool bl_core_insn_poisoned(const struct bpf_insn *insn);

/* Are local type lid and target type tid compatible by the rule of
 * type-based relocations (core_match.c: the same kind after typedefs and
 * modifiers; pointers, arrays and function prototypes recursively,
 * structs, unions and enums regardless of members)? What libbpf asks of
 * a typed __ksym variable and of a kfunc's prototype against the
 * kernel's (bpf_core_types_are_compat). 1 yes, 0 no, -ELOOP/-E2BIG for a
 * walk too deep or too long, -EINVAL for an id out of range. */
int bl_core_types_compat(const struct bl_btf *local, uint32_t lid, const struct bl_btf *target,
			 uint32_t tid);

/* --- The pieces, for tests and fuzzing -------------------------------- */

/* Parses an access string: decimal indices separated by single colons
 * ("0", "0:1:3"), no signs, spaces or leading zeros, each <= INT32_MAX,
 * at most BL_CORE_ACCESS_MAX. Returns the count (> 0), or -EINVAL (with
 * *bad set to the offending byte offset) / -E2BIG. */
int bl_core_parse_access(const char *s, uint32_t idx[BL_CORE_ACCESS_MAX], size_t *bad);

#endif
