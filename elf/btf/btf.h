/* elf/btf/btf.h — the BPF Type Format of an object's .BTF section, parsed.
 *
 * Layout (Documentation/bpf/btf.rst, "2. BTF Type and String Encoding"):
 * a struct btf_header, then a type area and a string area whose places
 * the header gives. The type area is a sequence of struct btf_type
 * records, each followed by kind-specific data ("2.2 Type Encoding");
 * the first record has type id 1, id 0 is void. Names are offsets into
 * the string area ("2.1 String Encoding"). The structs and BTF_KIND_*
 * come from <linux/btf.h>.
 *
 * bl_btf_parse checks everything before handing out a pointer: a
 * bl_btf's records and names can be followed without further bounds
 * checks (every referenced type id exists, every name is a NUL-terminated
 * string inside the string area, every vlen-sized tail is inside the type
 * area). Cycles are not refused (struct list { struct list *next; } is
 * one); the functions that follow chains stop on them. An object's .BTF
 * must also pass bl_btf_check_loops (the object reader checks it).
 * Pure parsing: no syscalls.
 */
#ifndef BL_BTF_H
#define BL_BTF_H

#include <linux/btf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf/error.h"

/* Every kind up to BTF_KIND_ENUM64 (Linux 6.0) is in Debian 12's
 * <linux/btf.h> (6.1); they are enum constants there, which #ifndef
 * cannot test, so older headers are not supported. */
#define BL_BTF_KIND_MAX BTF_KIND_ENUM64

struct bl_btf;

/* Parses len bytes of a .BTF section (copied: data may go away). name is
 * the object file, used in messages: "NAME: .BTF: type [ID] KIND 'x':
 * what is wrong". Returns 0 or a negative errno. */
int bl_btf_parse(const void *data, size_t len, const char *name, struct bl_btf **out,
		 struct bl_err *err);
void bl_btf_free(struct bl_btf *btf);

/* Split BTF: a kernel module's BTF (/sys/kernel/btf/MODULE) describes
 * only the module's own types and refers to vmlinux's by id and by name
 * offset: its type ids continue base's (the first is base's type count)
 * and its name offsets continue base's string area
 * (Documentation/bpf/btf.rst, "BTF for modules"... the kernel's
 * btf_parse_module). base must outlive the result, and must not be split
 * itself. bl_btf_type, bl_btf_name and the lookups by name then answer
 * for base's ids and names too. bl_btf_parse is this with base NULL. */
int bl_btf_parse_split(const void *data, size_t len, const struct bl_btf *base,
		       const char *name, struct bl_btf **out, struct bl_err *err);

/* bl_btf_parse_split without a copy: takes data (malloc'd; freed on
 * error too, and by bl_btf_free), for the kernel's 5.5 MB BTF read once
 * into memory. */
int bl_btf_parse_owned(void *data, size_t len, const struct bl_btf *base, const char *name,
		       struct bl_btf **out, struct bl_err *err);

/* The same on data the caller keeps until bl_btf_free (a read-only
 * mapping of /sys/kernel/btf/vmlinux: loader/load/kernel_btf.c). */
int bl_btf_parse_borrowed(const void *data, size_t len, const struct bl_btf *base,
			  const char *name, struct bl_btf **out, struct bl_err *err);

/* The first id of btf's own types: 1, or for split BTF its base's type
 * count; and that base (NULL for a BTF of its own). */
uint32_t bl_btf_first_id(const struct bl_btf *btf);
const struct bl_btf *bl_btf_base(const struct bl_btf *btf);

/* A type must not contain itself except through a pointer: a TYPEDEF
 * or CONST chain that comes back to where it started, a struct that
 * holds itself (directly, in an array or in another struct) are what
 * the kernel refuses at BPF_BTF_LOAD ("Loop detected"). Returns 0, or
 * -EINVAL with "NAME: .BTF: type [ID] KIND 'x': contains itself ..." in
 * err, or -ENOMEM (elf/btf/btf_loops.c). */
int bl_btf_check_loops(const struct bl_btf *btf, const char *name, struct bl_err *err);

/* Number of type ids, void included: the valid ids are 0 .. cnt - 1. */
uint32_t bl_btf_type_cnt(const struct bl_btf *btf);

/* The record of type id, or NULL when id >= bl_btf_type_cnt. Id 0 gives a
 * record of all zeros (kind BTF_KIND_UNKN: void). */
const struct btf_type *bl_btf_type(const struct bl_btf *btf, uint32_t id);

/* The string at offset off of the string area ("" for 0), NULL when off
 * is outside it. */
const char *bl_btf_name(const struct bl_btf *btf, uint32_t off);

/* --- Lookups by name (elf/btf/btf_index.c: an index built on the first
 * lookup, so a lookup does not scan) ------------------------------- */

/* The smallest id > 0 of a type of that kind and name, or -ENOENT. For
 * split BTF base's types count too (they have the smaller ids); the
 * _own form looks at btf's own types only (a module's function). */
int bl_btf_find_by_name_kind(const struct bl_btf *btf, const char *name, unsigned int kind);
int bl_btf_find_own_by_name_kind(const struct bl_btf *btf, const char *name, unsigned int kind);

/* Length of name without its flavor: "task_struct___old" -> 11. The
 * flavor starts at the last "___" that has a character other than '_' on
 * both sides ("a___b"); names without one are whole (CO-RE's rule for
 * "struct flavors", libbpf's too). */
size_t bl_btf_essential_name_len(const char *name);

/* Every type whose essential name is the first len bytes of name, in id
 * order (base's first for split BTF), of the kinds kind is grouped with:
 * symbols (FUNC, VAR, DATASEC, DECL_TAG) or types (every other kind,
 * so that CO-RE's FWD and STRUCT, ENUM and ENUM64 meet):
 *
 *   struct bl_btf_name_iter it;
 *   bl_btf_name_iter_init(&it, btf, "task_struct", 11, BTF_KIND_STRUCT);
 *   for (uint32_t id; (id = bl_btf_name_iter_next(&it));) ...
 *
 * Anonymous types are never returned; the caller checks the kind. */
struct bl_btf_name_iter {
	const struct bl_btf *top, *cur;
	const char *name;
	size_t len;
	uint32_t pos;
	unsigned int group;
	bool started;
};
void bl_btf_name_iter_init(struct bl_btf_name_iter *it, const struct bl_btf *btf,
			   const char *name, size_t len, unsigned int kind);
uint32_t bl_btf_name_iter_next(struct bl_btf_name_iter *it);

/* The size in bytes of an object of type id: through TYPEDEF, CONST,
 * VOLATILE, RESTRICT, TYPE_TAG and VAR, times the element count for
 * ARRAY; 8 for PTR (BPF is 64-bit). -EINVAL for types without a size
 * (void, FWD, FUNC, FUNC_PROTO, DECL_TAG), -ELOOP for a cycle, -E2BIG
 * past 4 GiB - 1, -ENOENT for an id out of range. */
int bl_btf_resolve_size(const struct bl_btf *btf, uint32_t id, uint32_t *size);

/* Follows TYPEDEF, CONST, VOLATILE, RESTRICT and TYPE_TAG from id to the
 * first other type; stores its id in *res_id (when not NULL). NULL for an
 * id out of range or a cycle. */
const struct btf_type *bl_btf_skip_modifiers(const struct bl_btf *btf, uint32_t id,
					     uint32_t *res_id);

/* The whole section as parsed (header included): what BPF_BTF_LOAD takes. */
const void *bl_btf_raw(const struct bl_btf *btf, size_t *len);

/* "INT", "PTR", ... as in btf.rst; "UNKN" for 0 and unknown kinds. */
const char *bl_btf_kind_name(unsigned int kind);

/* --- Reading one record (the layouts of "2.2 Type Encoding") --------- */

static inline unsigned int bl_btf_kind(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info);
}

static inline unsigned int bl_btf_vlen(const struct btf_type *t)
{
	return BTF_INFO_VLEN(t->info);
}

static inline int bl_btf_kflag(const struct btf_type *t)
{
	return BTF_INFO_KFLAG(t->info);
}

/* INT: the u32 after the record (BTF_INT_ENCODING/OFFSET/BITS). */
static inline uint32_t bl_btf_int_data(const struct btf_type *t)
{
	return *(const uint32_t *)(t + 1);
}

static inline const struct btf_array *bl_btf_array(const struct btf_type *t)
{
	return (const struct btf_array *)(t + 1);
}

/* STRUCT, UNION: vlen members. */
static inline const struct btf_member *bl_btf_members(const struct btf_type *t)
{
	return (const struct btf_member *)(t + 1);
}

/* A member's bit offset and bitfield size (0: not a bitfield); with
 * kind_flag set, offset holds both (BTF_MEMBER_BITFIELD_SIZE/BIT_OFFSET). */
static inline uint32_t bl_btf_member_bit_offset(const struct btf_type *t,
						const struct btf_member *m)
{
	return bl_btf_kflag(t) ? BTF_MEMBER_BIT_OFFSET(m->offset) : m->offset;
}

static inline uint32_t bl_btf_member_bitfield_size(const struct btf_type *t,
						   const struct btf_member *m)
{
	return bl_btf_kflag(t) ? BTF_MEMBER_BITFIELD_SIZE(m->offset) : 0;
}

static inline const struct btf_enum *bl_btf_enums(const struct btf_type *t)
{
	return (const struct btf_enum *)(t + 1);
}

static inline const struct btf_enum64 *bl_btf_enum64s(const struct btf_type *t)
{
	return (const struct btf_enum64 *)(t + 1);
}

/* FUNC_PROTO: vlen parameters. */
static inline const struct btf_param *bl_btf_params(const struct btf_type *t)
{
	return (const struct btf_param *)(t + 1);
}

static inline const struct btf_var *bl_btf_var(const struct btf_type *t)
{
	return (const struct btf_var *)(t + 1);
}

/* DATASEC: vlen variables. */
static inline const struct btf_var_secinfo *bl_btf_secinfos(const struct btf_type *t)
{
	return (const struct btf_var_secinfo *)(t + 1);
}

static inline const struct btf_decl_tag *bl_btf_decl_tag(const struct btf_type *t)
{
	return (const struct btf_decl_tag *)(t + 1);
}

#endif
