/* elf/btf/btf.c — parsing and checking a .BTF section.
 *
 * Documentation/bpf/btf.rst: "2. BTF Type and String Encoding" (the
 * header and the two areas), "2.1 String Encoding", "2.2 Type Encoding"
 * (one subsection per BTF_KIND_*, saying what follows struct btf_type and
 * what its fields mean). Structs and constants: <linux/btf.h>.
 *
 * The section comes from a file, so nothing in it is trusted. Three
 * passes: the header (every area inside the section, the string area a
 * sequence of NUL-terminated strings), the walk over the type area (every
 * record and its kind-sized tail inside it, which gives each record its
 * id), then each record on its own (names inside the string area, type
 * ids that exist, sizes and INT encodings that make sense) and the
 * relations between records (a FUNC's type is a FUNC_PROTO, a DATASEC
 * holds VARs, a DECL_TAG's component exists).
 *
 * Rules that only the kernel needs (which kinds must or must not have a
 * name, what a valid identifier is) are left to BPF_BTF_LOAD.
 */
#include "btf_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BTF_HDR_SIZE sizeof(struct btf_header)

struct parse {
	struct bl_btf *btf;
	const char *name;
	struct bl_err *err;
	uint32_t type_len;
};

/* "NAME: .BTF: what" */
static int fail(struct parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct parse *p, const char *fmt, ...)
{
	char what[BL_ERR_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return bl_err_set(p->err, -EINVAL, "%s: .BTF: %s", p->name, what);
}

/* "NAME: .BTF: type [ID] KIND 'name': what"; the name only once it is
 * known to be inside the string area. */
static int fail_type(struct parse *p, uint32_t id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail_type(struct parse *p, uint32_t id, const char *fmt, ...)
{
	const struct btf_type *t = bl_btf_type(p->btf, id);
	const char *n = t->name_off ? bl_btf_name(p->btf, t->name_off) : NULL;
	char what[BL_ERR_MAX / 2], name[80] = "";
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (n)
		snprintf(name, sizeof(name), " '%s'", n);
	return bl_err_set(p->err, -EINVAL, "%s: .BTF: type [%u] %s%s: %s", p->name, id,
			  bl_btf_kind_name(bl_btf_kind(t)), name, what);
}

static int check_header(struct parse *p, const unsigned char *data, size_t len)
{
	struct btf_header h;
	uint64_t avail;
	uint64_t t_end, s_end;

	if (len < BTF_HDR_SIZE)
		return fail(p, "truncated: %zu bytes, struct btf_header alone is %zu", len,
			    BTF_HDR_SIZE);
	memcpy(&h, data, sizeof(h));
	if (h.magic == 0x9feb)
		return fail(p, "magic 0x9feb: the byte order differs from this machine's");
	if (h.magic != BTF_MAGIC)
		return fail(p, "bad magic 0x%04x, expected 0x%04x", h.magic, BTF_MAGIC);
	if (h.version != BTF_VERSION)
		return fail(p, "version %u, expected %u", h.version, BTF_VERSION);
	if (h.flags)
		return fail(p, "header flags 0x%x: none are defined", h.flags);
	if (h.hdr_len < BTF_HDR_SIZE || h.hdr_len > len)
		return fail(p, "hdr_len %u is outside %zu .. %zu (the section's size)", h.hdr_len,
			    BTF_HDR_SIZE, len);
	/* A longer header from a newer format: only if its extra fields are
	 * zero can they be ignored (the kernel's rule too). */
	for (size_t i = BTF_HDR_SIZE; i < h.hdr_len; i++)
		if (data[i])
			return fail(p, "hdr_len %u: unknown header field at byte %zu is not zero",
				    h.hdr_len, i);
	avail = len - h.hdr_len;
	t_end = (uint64_t)h.type_off + h.type_len;
	s_end = (uint64_t)h.str_off + h.str_len;
	if (t_end > avail)
		return fail(p, "type area (offset %u, length %u) runs past the end of the section (%llu bytes after the header)",
			    h.type_off, h.type_len, (unsigned long long)avail);
	if (s_end > avail)
		return fail(p, "string area (offset %u, length %u) runs past the end of the section (%llu bytes after the header)",
			    h.str_off, h.str_len, (unsigned long long)avail);
	if (h.type_len && h.str_len && h.type_off < s_end && h.str_off < t_end)
		return fail(p, "type area (offset %u, length %u) and string area (offset %u, length %u) overlap",
			    h.type_off, h.type_len, h.str_off, h.str_len);
	/* A split BTF's names continue its base's string area, which holds
	 * the empty name: its own area may be empty and need not start with
	 * a NUL (the kernel's btf_parse_str_sec has the same rule). */
	if (h.str_len == 0 && !p->btf->base)
		return fail(p, "the string area is empty: it must hold at least the empty name");
	if (h.str_len > BTF_MAX_NAME_OFFSET + 1u)
		return fail(p, "string area of %u bytes: offsets past %u cannot be named",
			    h.str_len, BTF_MAX_NAME_OFFSET);

	p->btf->strs = (const char *)p->btf->raw + h.hdr_len + h.str_off;
	p->btf->str_len = h.str_len;
	if (!p->btf->base && p->btf->strs[0] != '\0')
		return fail(p, "the string area does not start with the empty name (a NUL byte)");
	if (h.str_len && p->btf->strs[h.str_len - 1] != '\0')
		return fail(p, "the string area does not end with a NUL byte: its last string is unterminated");

	/* The records are read as u32s: in place when the area is aligned
	 * (the kernel's BTF, read into a malloc'd buffer, always is), else
	 * from an aligned copy (an ELF section may start anywhere). */
	if ((uintptr_t)(data + h.hdr_len + h.type_off) % sizeof(uint32_t) == 0) {
		p->btf->type_area = (uint32_t *)(void *)(data + h.hdr_len + h.type_off);
	} else {
		p->btf->type_copy = malloc(h.type_len ? h.type_len : 1);
		if (!p->btf->type_copy)
			return bl_err_set(p->err, -ENOMEM, "%s: .BTF: out of memory", p->name);
		memcpy(p->btf->type_copy, data + h.hdr_len + h.type_off, h.type_len);
		p->btf->type_area = p->btf->type_copy;
	}
	p->type_len = h.type_len;
	return 0;
}

/* Bytes that follow struct btf_type for this kind ("2.2 Type
 * Encoding"), or -1 for a kind this code does not know. */
static long tail_size(unsigned int kind, unsigned int vlen)
{
	switch (kind) {
	case BTF_KIND_PTR: case BTF_KIND_FWD: case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE: case BTF_KIND_CONST: case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC: case BTF_KIND_FLOAT: case BTF_KIND_TYPE_TAG:
		return 0;
	case BTF_KIND_INT:
		return sizeof(uint32_t);
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		return (long)vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return (long)vlen * sizeof(struct btf_enum);
	case BTF_KIND_FUNC_PROTO:
		return (long)vlen * sizeof(struct btf_param);
	case BTF_KIND_VAR:
		return sizeof(struct btf_var);
	case BTF_KIND_DATASEC:
		return (long)vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_DECL_TAG:
		return sizeof(struct btf_decl_tag);
	case BTF_KIND_ENUM64:
		return (long)vlen * sizeof(struct btf_enum64);
	}
	return -1;
}

/* Walks the type area: each record's place gives its id. */
static int index_types(struct parse *p, uint32_t type_len)
{
	struct bl_btf *btf = p->btf;
	const unsigned char *area = (const unsigned char *)btf->type_area;
	uint32_t pos = 0, cap = 64;

	btf->type_cnt = btf->first_id;
	btf->type_offs = malloc(cap * sizeof(*btf->type_offs));
	if (!btf->type_offs)
		return bl_err_set(p->err, -ENOMEM, "%s: .BTF: out of memory", p->name);
	while (pos < type_len) {
		const struct btf_type *t = (const struct btf_type *)(area + pos);
		uint32_t id = btf->type_cnt, own = id - btf->first_id;
		long tail;

		if (type_len - pos < sizeof(*t))
			return fail(p, "type [%u]: record at byte %u is cut off by the end of the type area (%u bytes)",
				    id, pos, type_len);
		if (id > BTF_MAX_TYPE)
			return fail(p, "more than %u types", BTF_MAX_TYPE);
		tail = tail_size(bl_btf_kind(t), bl_btf_vlen(t));
		if (tail < 0)
			return fail(p, "type [%u]: unknown kind %u (info 0x%08x); known are 1 .. %u",
				    id, bl_btf_kind(t), t->info, BL_BTF_KIND_MAX);
		if ((uint64_t)tail > type_len - pos - sizeof(*t))
			return fail(p, "type [%u] %s: its %ld bytes after the record (vlen %u) run past the end of the type area (%u bytes left)",
				    id, bl_btf_kind_name(bl_btf_kind(t)), tail, bl_btf_vlen(t),
				    (uint32_t)(type_len - pos - sizeof(*t)));
		if (own >= cap) {
			uint32_t *n;

			cap *= 2;
			n = realloc(btf->type_offs, cap * sizeof(*n));
			if (!n)
				return bl_err_set(p->err, -ENOMEM, "%s: .BTF: out of memory", p->name);
			btf->type_offs = n;
		}
		btf->type_offs[own] = pos;
		btf->type_cnt++;
		pos += sizeof(*t) + (uint32_t)tail;
		/* the name index's size (btf_index.c), without a walk of its own */
		btf->named[bl_btf_index_group(bl_btf_kind(t))] += t->name_off != 0;
	}
	return 0;
}

/* "member 3", "its": what a name or a type id belongs to, formatted
 * only for a message (parsing 126,000 kernel types must not format
 * 600,000 labels that are never shown). idx < 0: the label alone. */
static const char *label(char buf[32], const char *what, long idx)
{
	if (idx < 0)
		return what;
	snprintf(buf, 32, "%s %ld", what, idx);
	return buf;
}

/* The failures of check_name and check_ref, out of line: the checks
 * themselves are a comparison each, inlined into the walk over every
 * record (600,000 names and ids in the kernel's BTF). */
static __attribute__((noinline, cold)) int bad_name(struct parse *p, uint32_t id,
						    const char *what, long idx, uint32_t off)
{
	char buf[32];

	return fail_type(p, id, "%s name offset %u is outside the string area (%u bytes)",
			 label(buf, what, idx), off, p->btf->first_str + p->btf->str_len);
}

static __attribute__((noinline, cold)) int bad_ref(struct parse *p, uint32_t id,
						   const char *what, long idx, uint32_t ref)
{
	char buf[32];

	return fail_type(p, id, "%s type id %u is out of range (%u types, 0 .. %u)",
			 label(buf, what, idx), ref, p->btf->type_cnt, p->btf->type_cnt - 1);
}

static inline int check_name(struct parse *p, uint32_t id, const char *what, long idx,
			     uint32_t off)
{
	if (__builtin_expect(off >= p->btf->first_str + p->btf->str_len, 0))
		return bad_name(p, id, what, idx, off);
	return 0;
}

static inline int check_ref(struct parse *p, uint32_t id, const char *what, long idx,
			    uint32_t ref)
{
	if (__builtin_expect(ref >= p->btf->type_cnt, 0))
		return bad_ref(p, id, what, idx, ref);
	return 0;
}

static int check_int(struct parse *p, uint32_t id, const struct btf_type *t)
{
	uint32_t data = bl_btf_int_data(t);
	uint32_t enc = BTF_INT_ENCODING(data), bits = BTF_INT_BITS(data);
	uint32_t off = BTF_INT_OFFSET(data);

	if (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8 && t->size != 16)
		return fail_type(p, id, "size %u is not 1, 2, 4, 8 or 16", t->size);
	if (data & ~0x0fff00ffu)
		return fail_type(p, id, "unused bits set in the INT data 0x%08x", data);
	if (enc != 0 && enc != BTF_INT_SIGNED && enc != BTF_INT_CHAR && enc != BTF_INT_BOOL)
		return fail_type(p, id, "encoding 0x%x is not one of SIGNED, CHAR or BOOL", enc);
	if (bits == 0 || bits > 128 || off + bits > t->size * 8u)
		return fail_type(p, id, "%u bits at bit offset %u do not fit its %u bytes", bits,
				 off, t->size);
	return 0;
}

static int check_size_in(struct parse *p, uint32_t id, uint32_t size, uint32_t allowed_mask)
{
	if (size >= 32 || !(allowed_mask & (1u << size)))
		return fail_type(p, id, "size %u is not allowed for this kind", size);
	return 0;
}

/* One record on its own: names, referenced ids, sizes. */
static int check_type(struct parse *p, uint32_t id)
{
	const struct btf_type *t = bl_btf_own_type(p->btf, id);
	unsigned int kind = bl_btf_kind(t), vlen = bl_btf_vlen(t);
	int ret = check_name(p, id, "its", -1, t->name_off);

	if (ret)
		return ret;
	switch (kind) {
	case BTF_KIND_INT:
		return check_int(p, id, t);
	case BTF_KIND_PTR: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST: case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG:
		return check_ref(p, id, "referenced", -1, t->type);
	case BTF_KIND_FUNC:
		if (vlen > BTF_FUNC_EXTERN)
			return fail_type(p, id, "linkage %u is not static, global or extern", vlen);
		return check_ref(p, id, "prototype", -1, t->type);
	case BTF_KIND_ARRAY:
		if ((ret = check_ref(p, id, "element", -1, bl_btf_array(t)->type)))
			return ret;
		return check_ref(p, id, "index", -1, bl_btf_array(t)->index_type);
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		for (unsigned int i = 0; i < vlen; i++) {
			const struct btf_member *m = &bl_btf_members(t)[i];

			if ((ret = check_name(p, id, "member", i, m->name_off)) ||
			    (ret = check_ref(p, id, "member", i, m->type)))
				return ret;
			if ((uint64_t)bl_btf_member_bit_offset(t, m) +
			    bl_btf_member_bitfield_size(t, m) > (uint64_t)t->size * 8)
				return fail_type(p, id, "member %u '%s': bit offset %u (bitfield size %u) is past the end (size %u bytes)",
						 i, bl_btf_name(p->btf, m->name_off),
						 bl_btf_member_bit_offset(t, m),
						 bl_btf_member_bitfield_size(t, m), t->size);
		}
		return 0;
	case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
		/* size 0 without values: a forward-declared enum (clang) */
		if ((t->size || vlen) &&
		    (ret = check_size_in(p, id, t->size, 1u << 1 | 1u << 2 | 1u << 4 | 1u << 8)))
			return ret;
		for (unsigned int i = 0; i < vlen; i++) {
			uint32_t off = kind == BTF_KIND_ENUM ? bl_btf_enums(t)[i].name_off
							     : bl_btf_enum64s(t)[i].name_off;

			if ((ret = check_name(p, id, "value", i, off)))
				return ret;
		}
		return 0;
	case BTF_KIND_FUNC_PROTO:
		if ((ret = check_ref(p, id, "return", -1, t->type)))
			return ret;
		for (unsigned int i = 0; i < vlen; i++) {
			const struct btf_param *a = &bl_btf_params(t)[i];

			if ((ret = check_name(p, id, "parameter", i, a->name_off)) ||
			    (ret = check_ref(p, id, "parameter", i, a->type)))
				return ret;
		}
		return 0;
	case BTF_KIND_VAR:
		if (bl_btf_var(t)->linkage > BTF_VAR_GLOBAL_EXTERN)
			return fail_type(p, id, "linkage %u is not static, global or extern",
					 bl_btf_var(t)->linkage);
		return check_ref(p, id, "variable", -1, t->type);
	case BTF_KIND_DATASEC:
		for (unsigned int i = 0; i < vlen; i++) {
			const struct btf_var_secinfo *v = &bl_btf_secinfos(t)[i];

			if ((ret = check_ref(p, id, "variable", i, v->type)))
				return ret;
			if (v->offset > UINT32_MAX - v->size)
				return fail_type(p, id, "variable %u: offset %u + size %u overflows",
						 i, v->offset, v->size);
		}
		return 0;
	case BTF_KIND_FLOAT:
		return check_size_in(p, id, t->size, 1u << 2 | 1u << 4 | 1u << 8 | 1u << 12 | 1u << 16);
	case BTF_KIND_DECL_TAG:
		if (bl_btf_decl_tag(t)->component_idx < -1)
			return fail_type(p, id, "component_idx %d is below -1",
					 bl_btf_decl_tag(t)->component_idx);
		return check_ref(p, id, "tagged", -1, t->type);
	}
	return 0;	/* FWD */
}

/* Rules between records, once every id is known to exist. */
static int check_relations(struct parse *p, uint32_t id)
{
	const struct bl_btf *btf = p->btf;
	const struct btf_type *t = bl_btf_own_type(btf, id);
	/* t->type is a type id only for FUNC and DECL_TAG here (for
	 * STRUCT, DATASEC, ... the same field is a size). */
	const struct btf_type *to = bl_btf_kind(t) == BTF_KIND_FUNC ||
				    bl_btf_kind(t) == BTF_KIND_DECL_TAG ? bl_btf_type(btf, t->type) : NULL;

	switch (bl_btf_kind(t)) {
	case BTF_KIND_FUNC:
		if (bl_btf_kind(to) != BTF_KIND_FUNC_PROTO)
			return fail_type(p, id, "type id %u (%s) is not a FUNC_PROTO", t->type,
					 bl_btf_kind_name(bl_btf_kind(to)));
		return 0;
	case BTF_KIND_DATASEC:
		for (unsigned int i = 0; i < bl_btf_vlen(t); i++) {
			uint32_t v = bl_btf_secinfos(t)[i].type;

			unsigned int k = bl_btf_kind(bl_btf_type(btf, v));

			if (k != BTF_KIND_VAR && k != BTF_KIND_FUNC)
				return fail_type(p, id, "variable %u: type id %u (%s) is not a VAR (or an extern FUNC)",
						 i, v, bl_btf_kind_name(k));
		}
		return 0;
	case BTF_KIND_DECL_TAG: {
		int32_t idx = bl_btf_decl_tag(t)->component_idx;
		unsigned int k = bl_btf_kind(to), n;

		if (idx < 0)
			return 0;
		if (k == BTF_KIND_STRUCT || k == BTF_KIND_UNION)
			n = bl_btf_vlen(to);
		else if (k == BTF_KIND_FUNC)
			n = bl_btf_vlen(bl_btf_type(btf, to->type));
		else
			return fail_type(p, id, "component_idx %d, but tagged type %u is a %s (not STRUCT, UNION or FUNC)",
					 idx, t->type, bl_btf_kind_name(k));
		if ((uint32_t)idx >= n)
			return fail_type(p, id, "component_idx %d is out of range (type %u has %u)",
					 idx, t->type, n);
		return 0;
	}
	}
	return 0;
}

static int parse(const void *data, size_t len, bool owned, const struct bl_btf *base,
		 const char *name, struct bl_btf **out, struct bl_err *err)
{
	struct parse p = { .name = name, .err = err };
	int ret;

	*out = NULL;
	if (base && base->base) {
		if (owned)
			free((void *)data);
		return bl_err_set(err, -EINVAL, "%s: .BTF: its base is itself split BTF (only one level is supported)",
				  name);
	}
	p.btf = calloc(1, sizeof(*p.btf));
	if (!p.btf) {
		if (owned)
			free((void *)data);
		return bl_err_set(err, -ENOMEM, "%s: .BTF: out of memory", name);
	}
	p.btf->raw = data;
	p.btf->owns_raw = owned;
	p.btf->raw_len = len;
	p.btf->base = base;
	p.btf->first_id = base ? base->type_cnt : 1;
	p.btf->first_str = base ? base->str_len : 0;
	ret = check_header(&p, p.btf->raw, len);
	if (!ret)
		ret = index_types(&p, p.type_len);
	for (uint32_t id = p.btf->first_id; !ret && id < p.btf->type_cnt; id++)
		ret = check_type(&p, id);
	for (uint32_t id = p.btf->first_id; !ret && id < p.btf->type_cnt; id++)
		ret = check_relations(&p, id);
	if (ret) {
		bl_btf_free(p.btf);
		return ret;
	}
	*out = p.btf;
	return 0;
}

int bl_btf_parse_owned(void *data, size_t len, const struct bl_btf *base, const char *name,
		       struct bl_btf **out, struct bl_err *err)
{
	return parse(data, len, true, base, name, out, err);
}

int bl_btf_parse_borrowed(const void *data, size_t len, const struct bl_btf *base,
			  const char *name, struct bl_btf **out, struct bl_err *err)
{
	return parse(data, len, false, base, name, out, err);
}

int bl_btf_parse_split(const void *data, size_t len, const struct bl_btf *base,
		       const char *name, struct bl_btf **out, struct bl_err *err)
{
	void *copy = malloc(len ? len : 1);

	*out = NULL;
	if (!copy)
		return bl_err_set(err, -ENOMEM, "%s: .BTF: out of memory", name);
	memcpy(copy, data, len);
	return bl_btf_parse_owned(copy, len, base, name, out, err);
}

int bl_btf_parse(const void *data, size_t len, const char *name, struct bl_btf **out,
		 struct bl_err *err)
{
	return bl_btf_parse_split(data, len, NULL, name, out, err);
}

void bl_btf_free(struct bl_btf *btf)
{
	if (!btf)
		return;
	bl_btf_index_free(btf);
	free(btf->type_offs);
	free(btf->type_copy);
	if (btf->owns_raw)
		free((void *)btf->raw);
	free(btf);
}
