/* bpfload_core.h - CO-RE (compile once, run everywhere) for BPF programs
 * built with clang alone.
 *
 * Include it after bpfload.bpf.h.  No vmlinux.h: a program declares the
 * kernel types it reads itself, with only the members it uses, and marks
 * them __attribute__((preserve_access_index)) (the macro __bl_core below).
 * clang then records every access to them as a CO-RE relocation in
 * .BTF.ext, and the loader rewrites the instruction for the running
 * kernel's layout (its BTF, /sys/kernel/btf/vmlinux).  Types are matched
 * by name; everything from the last "___" on is ignored ("flavors"), so
 * struct task_struct___old can describe an older layout of task_struct.
 *
 * The macros wrap clang's builtins; each gives one kind of relocation of
 * Documentation/bpf/llvm_reloc.rst, "CO-RE Relocations", "Relocation
 * kinds" (enum bpf_core_relo_kind in <linux/bpf.h>).  Their names are
 * those of libbpf's bpf_core_read.h, so programs port unchanged.
 * Field relocations take a field access (t->f, t->a.b[2]); type ones a
 * type; enum ones an enum type and one of its values.
 *
 * clang 14 knows every kind except TYPE_MATCHES (clang 15):
 * bpf_core_type_matches is defined only when clang has it.
 */
#ifndef BPFLOAD_CORE_H
#define BPFLOAD_CORE_H

#define __bl_core __attribute__((preserve_access_index))

/* The second argument of each builtin: not the relocation kind itself. */
enum {
	BL_FIELD_BYTE_OFFSET = 0,	/* __builtin_preserve_field_info */
	BL_FIELD_BYTE_SIZE = 1,
	BL_FIELD_EXISTS = 2,
	BL_FIELD_SIGNED = 3,
	BL_FIELD_LSHIFT_U64 = 4,
	BL_FIELD_RSHIFT_U64 = 5,
};
enum {
	BL_TYPE_ID_LOCAL = 0,		/* __builtin_btf_type_id */
	BL_TYPE_ID_TARGET = 1,
};
enum {
	BL_TYPE_EXISTS = 0,		/* __builtin_preserve_type_info */
	BL_TYPE_SIZE = 1,
	BL_TYPE_MATCHES = 2,
};
enum {
	BL_ENUMVAL_EXISTS = 0,		/* __builtin_preserve_enum_value */
	BL_ENUMVAL_VALUE = 1,
};

/* --- Fields: FIELD_BYTE_OFFSET .. FIELD_RSHIFT_U64 ------------------- */
#define bpf_core_field_offset(field) \
	__builtin_preserve_field_info(field, BL_FIELD_BYTE_OFFSET)
#define bpf_core_field_size(field) \
	__builtin_preserve_field_info(field, BL_FIELD_BYTE_SIZE)
#define bpf_core_field_exists(field) \
	__builtin_preserve_field_info(field, BL_FIELD_EXISTS)
#define bpf_core_field_signed(field) \
	__builtin_preserve_field_info(field, BL_FIELD_SIGNED)

/* --- Types: TYPE_ID_LOCAL, TYPE_ID_TARGET, TYPE_EXISTS, TYPE_SIZE ------ */
#define bpf_core_type_id_local(type) \
	__builtin_btf_type_id(*(typeof(type) *)0, BL_TYPE_ID_LOCAL)
#define bpf_core_type_id_kernel(type) \
	__builtin_btf_type_id(*(typeof(type) *)0, BL_TYPE_ID_TARGET)
#define bpf_core_type_exists(type) \
	__builtin_preserve_type_info(*(typeof(type) *)0, BL_TYPE_EXISTS)
#define bpf_core_type_size(type) \
	__builtin_preserve_type_info(*(typeof(type) *)0, BL_TYPE_SIZE)
#if __clang_major__ >= 15
#define bpf_core_type_matches(type) \
	__builtin_preserve_type_info(*(typeof(type) *)0, BL_TYPE_MATCHES)
#endif

/* --- Enum values: ENUMVAL_EXISTS, ENUMVAL_VALUE ------------------------ */
#define bpf_core_enum_value_exists(enum_type, enum_value) \
	__builtin_preserve_enum_value(*(typeof(enum_type) *)enum_value, BL_ENUMVAL_EXISTS)
#define bpf_core_enum_value(enum_type, enum_value) \
	__builtin_preserve_enum_value(*(typeof(enum_type) *)enum_value, BL_ENUMVAL_VALUE)

/* --- Reading ----------------------------------------------------------
 * bpf_core_read(dst, sz, src): bpf_probe_read_kernel of a relocated
 * address (src is a field access such as &t->pid: every step of it is a
 * FIELD_BYTE_OFFSET relocation).
 *
 * BPF_CORE_READ_BITFIELD_PROBED(s, field): the value of bitfield
 * s->field, read as llvm_reloc.rst's "Notes" describe: load
 * FIELD_BYTE_SIZE bytes at FIELD_BYTE_OFFSET, shift left by
 * FIELD_LSHIFT_U64, then right by FIELD_RSHIFT_U64 (arithmetic when
 * FIELD_SIGNED).
 */
#define bpf_core_read(dst, sz, src) \
	bpf_probe_read_kernel(dst, sz, (const void *)__builtin_preserve_access_index(src))

#define BPF_CORE_READ_BITFIELD_PROBED(s, field)				\
	({								\
		unsigned long long __v = 0;				\
		bpf_probe_read_kernel(&__v, bpf_core_field_size((s)->field), \
				      (const char *)(s) +		\
					      bpf_core_field_offset((s)->field)); \
		__v <<= __builtin_preserve_field_info((s)->field, BL_FIELD_LSHIFT_U64); \
		bpf_core_field_signed((s)->field) ?			\
			(unsigned long long)((long long)__v >>		\
				__builtin_preserve_field_info((s)->field, BL_FIELD_RSHIFT_U64)) : \
			__v >> __builtin_preserve_field_info((s)->field, BL_FIELD_RSHIFT_U64); \
	})

#endif
