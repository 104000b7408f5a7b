/* elf/core/core_spec.c — the access string of a CO-RE relocation, checked
 * against the object's BTF, and how a relocation is described.
 *
 * Documentation/bpf/llvm_reloc.rst, "CO-RE Relocation Record": for field
 * relocations the string is a sequence of indices separated by ':', like
 * LLVM's getelementptr: the first indexes the root type as an array
 * (s->a is s[0].a: "0:..."), each next one a member of a struct or union
 * (anonymous ones included) or an element of an array. Type relocations
 * have the string "0"; enum value relocations the enumerator's index.
 *
 * The string comes from the object file: every index is bounded by the
 * type it steps into (an array's length, except for a flexible array at
 * the end of a struct, as libbpf allows), the depth by
 * BL_CORE_ACCESS_MAX, and offsets may not overflow.
 */
#include "core_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool core_kind_is_field(uint32_t kind)
{
	return kind <= BPF_CORE_FIELD_RSHIFT_U64;
}

bool core_kind_is_type(uint32_t kind)
{
	return kind == BPF_CORE_TYPE_ID_LOCAL || kind == BPF_CORE_TYPE_ID_TARGET ||
	       kind == BPF_CORE_TYPE_EXISTS || kind == BPF_CORE_TYPE_SIZE ||
	       kind == BPF_CORE_TYPE_MATCHES;
}

bool core_kind_is_enumval(uint32_t kind)
{
	return kind == BPF_CORE_ENUMVAL_EXISTS || kind == BPF_CORE_ENUMVAL_VALUE;
}

int core_work_step(struct core_work *w)
{
	return ++w->steps > CORE_WORK_MAX ? -E2BIG : 0;
}

int bl_core_parse_access(const char *s, uint32_t idx[BL_CORE_ACCESS_MAX], size_t *bad)
{
	size_t pos = 0;
	int n = 0;

	for (;;) {
		uint64_t v = 0;
		size_t start = pos;

		if (s[pos] < '0' || s[pos] > '9')
			goto bad;	/* empty, "::", trailing ':', sign, space */
		if (s[pos] == '0' && s[pos + 1] >= '0' && s[pos + 1] <= '9')
			goto bad;	/* leading zero */
		while (s[pos] >= '0' && s[pos] <= '9') {
			v = v * 10 + (uint64_t)(s[pos] - '0');
			if (v > INT32_MAX) {
				pos = start;
				goto bad;
			}
			pos++;
		}
		if (n == BL_CORE_ACCESS_MAX)
			return -E2BIG;
		idx[n++] = (uint32_t)v;
		if (s[pos] == '\0')
			return n;
		if (s[pos] != ':')
			goto bad;
		pos++;
	}
bad:
	if (bad)
		*bad = pos;
	return -EINVAL;
}

bool core_kinds_compat(const struct btf_type *a, const struct btf_type *b)
{
	unsigned int ka = bl_btf_kind(a), kb = bl_btf_kind(b);
	bool ea = ka == BTF_KIND_ENUM || ka == BTF_KIND_ENUM64;
	bool eb = kb == BTF_KIND_ENUM || kb == BTF_KIND_ENUM64;

	return ka == kb || (ea && eb);
}

/* --- Building the local spec ------------------------------------------ */

bool core_is_composite(const struct btf_type *t)
{
	return bl_btf_kind(t) == BTF_KIND_STRUCT || bl_btf_kind(t) == BTF_KIND_UNION;
}

bool core_is_flex_array(const struct bl_btf *btf, const struct core_acc *prev,
			const struct btf_array *a)
{
	const struct btf_type *t;

	if (!prev->name || a->nelems > 0)
		return false;
	t = bl_btf_type(btf, prev->type_id);
	return t && prev->idx + 1 == bl_btf_vlen(t);
}

int core_add_bits(uint64_t *off, uint64_t idx, uint64_t size)
{
	uint64_t bits = idx * size;	/* idx <= INT32_MAX, size < 2^32 */

	if (bits > UINT32_MAX / 8)
		return -E2BIG;
	*off += bits * 8;
	return *off > UINT32_MAX ? -E2BIG : 0;
}

static int parse_enumval(const struct bl_btf *btf, const struct btf_type *t,
			 struct core_spec *spec, struct bl_err *err)
{
	struct core_acc *acc = &spec->acc[0];
	uint32_t name_off;
	char tn[96];

	core_type_str(btf, acc->type_id, tn, sizeof(tn));
	if (bl_btf_kind(t) != BTF_KIND_ENUM && bl_btf_kind(t) != BTF_KIND_ENUM64)
		return bl_err_set(err, -EINVAL, "an enum value relocation of %s, not of an enum", tn);
	if (spec->raw_len != 1)
		return bl_err_set(err, -EINVAL, "access string of %u indices: an enum value relocation has one",
				 spec->raw_len);
	if (acc->idx >= bl_btf_vlen(t))
		return bl_err_set(err, -EINVAL, "value index %u is past the %u values of %s", acc->idx,
				 bl_btf_vlen(t), tn);
	name_off = bl_btf_kind(t) == BTF_KIND_ENUM ? bl_btf_enums(t)[acc->idx].name_off
						   : bl_btf_enum64s(t)[acc->idx].name_off;
	acc->name = bl_btf_name(btf, name_off);
	if (!acc->name || !*acc->name)
		return bl_err_set(err, -EINVAL, "value %u of %s has no name", acc->idx, tn);
	return 0;
}

/* One step after the root: into member idx of a struct or union, or to
 * element idx of an array. *id is the type stepped from, then into. */
static int parse_step(const struct bl_btf *btf, struct core_spec *spec, uint32_t step,
		      uint32_t *id, struct bl_err *err)
{
	uint32_t idx = spec->raw[step], size;
	const struct btf_type *t = bl_btf_skip_modifiers(btf, *id, id);
	char tn[96];

	if (!t)
		return bl_err_set(err, -EINVAL, "index %u: type [%u] is a cycle of typedefs or modifiers",
				 step, *id);
	core_type_str(btf, *id, tn, sizeof(tn));
	if (core_is_composite(t)) {
		const struct btf_member *m;

		if (idx >= bl_btf_vlen(t))
			return bl_err_set(err, -EINVAL, "index %u: member %u of %s, which has %u members",
					 step, idx, tn, bl_btf_vlen(t));
		m = &bl_btf_members(t)[idx];
		spec->bit_offset += bl_btf_member_bit_offset(t, m);
		if (spec->bit_offset > UINT32_MAX)
			return bl_err_set(err, -E2BIG, "index %u: offset past 4 GiB", step);
		if (m->name_off) {
			const char *name = bl_btf_name(btf, m->name_off);

			if (!name || !*name)
				return bl_err_set(err, -EINVAL, "index %u: member %u of %s has an empty name",
						 step, idx, tn);
			spec->acc[spec->len++] = (struct core_acc){ *id, idx, name };
		}
		*id = m->type;
		return 0;
	}
	if (bl_btf_kind(t) == BTF_KIND_ARRAY) {
		const struct btf_array *a = bl_btf_array(t);
		bool flex = core_is_flex_array(btf, &spec->acc[spec->len - 1], a);
		int rc;

		if (!bl_btf_skip_modifiers(btf, a->type, id))
			return bl_err_set(err, -EINVAL, "index %u: the element type of %s is a cycle",
					 step, tn);
		if (!flex && idx >= a->nelems)
			return bl_err_set(err, -EINVAL, "index %u: element %u of %s, which has %u elements",
					 step, idx, tn, a->nelems);
		spec->acc[spec->len++] = (struct core_acc){ *id, idx, NULL };
		rc = bl_btf_resolve_size(btf, *id, &size);
		if (rc)
			return bl_err_set(err, -EINVAL, "index %u: the element of %s has no size", step, tn);
		if (core_add_bits(&spec->bit_offset, idx, size))
			return bl_err_set(err, -E2BIG, "index %u: offset past 4 GiB", step);
		return 0;
	}
	return bl_err_set(err, -EINVAL, "index %u: %s is not a struct, union or array", step, tn);
}

int core_spec_parse(const struct bl_btf *btf, const struct bpf_core_relo *relo,
		    struct core_spec *spec, struct bl_err *err)
{
	const char *s = bl_btf_name(btf, relo->access_str_off);
	const struct btf_type *t;
	uint32_t id, size;
	size_t bad = 0;
	int n;
	char tn[96];

	memset(spec, 0, sizeof(*spec));
	spec->btf = btf;
	spec->root_id = relo->type_id;
	spec->kind = relo->kind;
	if (!s)
		return bl_err_set(err, -EINVAL, "access string offset %u is outside the .BTF strings",
				 relo->access_str_off);
	n = bl_core_parse_access(s, spec->raw, &bad);
	if (n == -E2BIG)
		return bl_err_set(err, -E2BIG, "access string has more than %d indices",
				 BL_CORE_ACCESS_MAX);
	if (n < 0) {
		char shown[48];

		core_printable(s, 32, shown, sizeof(shown));
		return bl_err_set(err, -EINVAL, "access string '%s' is malformed at byte %zu (want indices like 0:1:2)",
				 shown, bad);
	}
	spec->raw_len = (uint32_t)n;
	if (core_kind_is_type(relo->kind)) {
		if (n != 1 || spec->raw[0] != 0)
			return bl_err_set(err, -EINVAL, "access string of a type relocation must be \"0\"");
		return 0;
	}
	t = bl_btf_skip_modifiers(btf, relo->type_id, &id);
	if (!t)
		return bl_err_set(err, -EINVAL, "type [%u] is a cycle of typedefs or modifiers",
				 relo->type_id);
	spec->acc[0] = (struct core_acc){ id, spec->raw[0], NULL };
	spec->len = 1;
	if (core_kind_is_enumval(relo->kind))
		return parse_enumval(btf, t, spec, err);
	if (!core_kind_is_field(relo->kind))
		return bl_err_set(err, -EINVAL, "unknown relocation kind %u", relo->kind);
	if (bl_btf_resolve_size(btf, id, &size)) {
		core_type_str(btf, id, tn, sizeof(tn));
		return bl_err_set(err, -EINVAL, "root type %s has no size", tn);
	}
	if (core_add_bits(&spec->bit_offset, spec->raw[0], size))
		return bl_err_set(err, -E2BIG, "index 0: offset past 4 GiB");
	for (uint32_t i = 1; i < spec->raw_len; i++) {
		int rc = parse_step(btf, spec, i, &id, err);

		if (rc)
			return rc;
	}
	return 0;
}

/* --- Descriptions ------------------------------------------------------- */

void core_printable(const char *s, size_t max, char *buf, size_t size)
{
	size_t o = 0, i;

	if (!size)
		return;
	for (i = 0; s[i] && i < max && o + 1 < size; i++)
		buf[o++] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	buf[o] = '\0';
	if (s[i] && size > 4) {
		if (o > size - 4)
			o = size - 4;
		memcpy(buf + o, "...", 4);
	}
}

void core_type_str(const struct bl_btf *btf, uint32_t id, char *buf, size_t size)
{
	const struct btf_type *t = bl_btf_type(btf, id);
	const char *name = t ? bl_btf_name(btf, t->name_off) : NULL;
	char kind[16], shown[80];
	unsigned int k;
	size_t i;

	if (!t) {
		snprintf(buf, size, "type [%u]", id);
		return;
	}
	k = bl_btf_kind(t) == BTF_KIND_ENUM64 ? BTF_KIND_ENUM : bl_btf_kind(t);
	if (k == BTF_KIND_UNKN) {
		snprintf(buf, size, "void");
		return;
	}
	snprintf(kind, sizeof(kind), "%s", bl_btf_kind_name(k));
	for (i = 0; kind[i]; i++)
		kind[i] = (char)(kind[i] >= 'A' && kind[i] <= 'Z' ? kind[i] - 'A' + 'a' : kind[i]);
	core_printable(name && *name ? name : "<anon>", 64, shown, sizeof(shown));
	snprintf(buf, size, "%s %s", kind, shown);
}

static void append(char *buf, size_t size, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void append(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len + 1 >= size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len = *len + (size_t)n < size ? *len + (size_t)n : size - 1;
}

void core_describe(const struct core_spec *spec, char *buf, size_t size)
{
	char tn[96], name[72];
	size_t len = 0;

	core_type_str(spec->btf, spec->root_id, tn, sizeof(tn));
	append(buf, size, &len, "%s", tn);
	if (core_kind_is_type(spec->kind) || spec->len == 0)
		return;
	if (core_kind_is_enumval(spec->kind)) {
		core_printable(spec->acc[0].name, 64, name, sizeof(name));
		append(buf, size, &len, ", value %s", name);
		return;
	}
	if (spec->acc[0].idx)
		append(buf, size, &len, "[%u]", spec->acc[0].idx);
	for (uint32_t i = 1; i < spec->len; i++) {
		if (i == 1)
			append(buf, size, &len, ", field ");
		if (spec->acc[i].name) {
			core_printable(spec->acc[i].name, 64, name, sizeof(name));
			append(buf, size, &len, "%s%s", i > 1 ? "." : "", name);
		} else {
			append(buf, size, &len, "[%u]", spec->acc[i].idx);
		}
	}
	append(buf, size, &len, " (");
	for (uint32_t i = 0; i < spec->raw_len; i++)
		append(buf, size, &len, "%s%u", i ? ":" : "", spec->raw[i]);
	append(buf, size, &len, ")");
}

void core_describe_raw(const struct bl_btf *btf, const struct bpf_core_relo *relo, char *buf,
		       size_t size)
{
	const char *s = bl_btf_name(btf, relo->access_str_off);
	char tn[96], shown[48];

	core_type_str(btf, relo->type_id, tn, sizeof(tn));
	core_printable(s ? s : "?", 32, shown, sizeof(shown));
	snprintf(buf, size, "%s (%s)", tn, shown);
}
