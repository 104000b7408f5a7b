/* elf/dwarf/dwarf_btf.c — one type of the DWARF (elf/dwarf/dwarf.c) and
 * what it contains, written as a BTF section (Documentation/bpf/btf.rst,
 * "2. BTF Type and String Encoding") that the BTF printer of values
 * (elf/value/btf_value.h) reads like the object's own .BTF.
 *
 * The same mapping clang's BPF backend applies when it writes .BTF from
 * its debug info: a base type becomes INT (DW_ATE_signed and signed_char
 * signed, boolean BOOL) or FLOAT; structure_type and union_type STRUCT and
 * UNION with their members' bit offsets (kind_flag and the bit field
 * size when there are bit fields: DW_AT_data_bit_offset, or DWARF 2/3's
 * DW_AT_bit_offset counted from the storage unit's top bit, which
 * clang 14 still writes); array_type one ARRAY per subrange (int a[2][3]
 * is ARRAY 2 of ARRAY 3 of int); enumeration_type ENUM (ENUM64 for 8
 * bytes); typedef, const, volatile, restrict the same kinds (_Atomic as
 * VOLATILE). Unlike clang, a pointer becomes a pointer to void: a record
 * prints a pointer as its value, and the pointee's types are not needed.
 * Id 1 is the index type of every array (__ARRAY_SIZE_TYPE__, as clang
 * names it); the asked type is id 2.
 *
 * What comes out is checked by bl_btf_parse and bl_btf_check_loops like
 * any .BTF: a hostile DWARF may give a BTF those refuse, never a write
 * outside the buffers here.
 */
#ifndef BL_NO_DWARF /* the static build: dwarf_file.c has the stubs */
#include "dwarf_internal.h"

#include <errno.h>
#include <linux/btf.h>
#include <stdlib.h>
#include <string.h>

struct out {
	const struct bl_dwarf *dw;
	uint32_t *ids;		/* per DIE: its BTF id, 0 until given one */
	int *queue, qlen;	/* the DIEs given ids, in id order */
	uint32_t next_id;
	uint32_t *types;	/* the type area, in 4-byte words */
	size_t tlen, tcap;
	char *strs;
	size_t slen, scap;
	struct bl_err *err;
};

static int put(struct out *o, uint32_t w)
{
	if (o->tlen == o->tcap) {
		size_t cap = o->tcap ? 2 * o->tcap : 256;
		void *n = realloc(o->types, cap * sizeof(*o->types));

		if (!n)
			return -ENOMEM;
		o->types = n;
		o->tcap = cap;
	}
	o->types[o->tlen++] = w;
	return 0;
}

/* The offset of s in the string area (0 for NULL or ""), or -ENOMEM. */
static int64_t str(struct out *o, const char *s)
{
	size_t n = s ? strlen(s) + 1 : 0, off = o->slen;

	if (n <= 1)
		return 0;
	if (o->slen + n > o->scap) {
		size_t cap = (o->slen + n) * 2;
		char *p = realloc(o->strs, cap);

		if (!p)
			return -ENOMEM;
		o->strs = p;
		o->scap = cap;
	}
	memcpy(o->strs + o->slen, s, n);
	o->slen += n;
	return (int64_t)off;
}

static const struct bl_dwarf_die *die(const struct out *o, int i)
{
	return &o->dw->dies[i];
}

static int child_cnt(const struct out *o, int i, uint32_t tag)
{
	int n = 0;

	for (int c = die(o, i)->first_child; c >= 0; c = die(o, c)->next_sibling)
		n += die(o, c)->tag == tag;
	return n;
}

/* How many BTF ids DIE i takes: one, an array one per dimension. */
static uint32_t ids_of(const struct out *o, int i)
{
	int n = die(o, i)->tag == DW_TAG_array_type ? child_cnt(o, i, DW_TAG_subrange_type) : 1;

	return n ? (uint32_t)n : 1;
}

/* The BTF id of the DIE a DW_AT_type names (queued for output when new);
 * 0 (void) without one. */
static int ref(struct out *o, const struct bl_dwarf_die *d, uint32_t *id)
{
	int t;

	*id = 0;
	if (!d->has_type)
		return 0;
	t = bl_dwarf_die_at(o->dw, d->type_ref);
	if (t < 0) {
		bl_err_set(o->err, 0, "%s: .debug_info: offset 0x%llx: DW_AT_type 0x%llx is no entry",
			   o->dw->name, (unsigned long long)d->off, (unsigned long long)d->type_ref);
		return -EINVAL;
	}
	if (!o->ids[t]) {
		uint32_t n = ids_of(o, t);

		if (o->next_id + n > 0xfffff) {
			bl_err_set(o->err, 0, "%s: .debug_info: the type at 0x%llx holds too many types",
				   o->dw->name, (unsigned long long)die(o, o->queue[0])->off);
			return -E2BIG;
		}
		o->ids[t] = o->next_id;
		o->next_id += n;
		o->queue[o->qlen++] = t;
	}
	*id = o->ids[t];
	return 0;
}

static int head(struct out *o, const char *name, unsigned kind, unsigned vlen, bool kflag,
		uint32_t size_or_type)
{
	int64_t off = str(o, name);

	if (off < 0)
		return (int)off;
	if (put(o, (uint32_t)off))
		return -ENOMEM;
	if (put(o, (kflag ? 1u << 31 : 0) | (kind << 24) | vlen))
		return -ENOMEM;
	return put(o, size_or_type);
}

static int unsupported(struct out *o, const struct bl_dwarf_die *d, const char *why)
{
	bl_err_set(o->err, 0, "%s: .debug_info: offset 0x%llx: tag 0x%x '%s': %s BTF cannot say", o->dw->name,
		   (unsigned long long)d->off, d->tag, d->name ? d->name : "", why);
	return -EINVAL;
}

static int base_type(struct out *o, const struct bl_dwarf_die *d)
{
	uint64_t sz = d->byte_size;
	uint32_t enc = 0;
	int ret;

	if (d->encoding == DW_ATE_float) {
		if (sz != 2 && sz != 4 && sz != 8 && sz != 12 && sz != 16)
			return unsupported(o, d, "a size");
		return head(o, d->name, BTF_KIND_FLOAT, 0, false, (uint32_t)sz);
	}
	if (sz != 1 && sz != 2 && sz != 4 && sz != 8 && sz != 16)
		return unsupported(o, d, "a size");
	if (d->encoding == DW_ATE_signed || d->encoding == DW_ATE_signed_char)
		enc = BTF_INT_SIGNED;
	else if (d->encoding == DW_ATE_boolean)
		enc = BTF_INT_BOOL;
	ret = head(o, d->name, BTF_KIND_INT, 0, false, (uint32_t)sz);
	return ret ? ret : put(o, (enc << 24) | (uint32_t)(sz * 8));
}

/* A member's offset in bits from the start of its struct. */
static uint64_t member_bits(const struct bl_dwarf_die *m)
{
	if (m->has_data_bit_offset)
		return m->data_bit_offset;
	if (m->has_bit_offset && m->has_bit_size && m->has_byte_size) /* DWARF 2/3, little-endian */
		return m->member_loc * 8 + m->byte_size * 8 - m->bit_offset - m->bit_size;
	return m->member_loc * 8;
}

static int record(struct out *o, int i)
{
	const struct bl_dwarf_die *d = die(o, i);
	unsigned kind = d->tag == DW_TAG_union_type ? BTF_KIND_UNION : BTF_KIND_STRUCT;
	int n = child_cnt(o, i, DW_TAG_member), ret;
	bool bits = false;

	if (d->declaration)
		return head(o, d->name, BTF_KIND_FWD, 0, kind == BTF_KIND_UNION, 0);
	if (n > 0xffff || d->byte_size > 0xffffffffu)
		return unsupported(o, d, "a size");
	for (int c = d->first_child; c >= 0; c = die(o, c)->next_sibling)
		bits |= die(o, c)->tag == DW_TAG_member && die(o, c)->has_bit_size;
	ret = head(o, d->name, kind, (unsigned)n, bits, (uint32_t)d->byte_size);
	for (int c = d->first_child; !ret && c >= 0; c = die(o, c)->next_sibling) {
		const struct bl_dwarf_die *m = die(o, c);
		uint64_t off = member_bits(m);
		uint32_t type;
		int64_t name;

		if (m->tag != DW_TAG_member)
			continue;
		if ((ret = ref(o, m, &type)))
			break;
		name = str(o, m->name);
		if (name < 0)
			return (int)name;
		if (bits) {
			if (off >= 1u << 24 || (m->has_bit_size && m->bit_size >= 256))
				return unsupported(o, m, "a size");
			off |= (m->has_bit_size ? m->bit_size : 0) << 24;
		}
		if (off > 0xffffffffu)
			return unsupported(o, m, "a size");
		if (put(o, (uint32_t)name) || put(o, type) || put(o, (uint32_t)off))
			return -ENOMEM;
	}
	return ret;
}

static int array(struct out *o, int i)
{
	const struct bl_dwarf_die *d = die(o, i);
	uint32_t elem, first = o->ids[i], dims = ids_of(o, i), k = 0;
	int ret = ref(o, d, &elem);

	for (int c = d->first_child; !ret && k < dims; c = c >= 0 ? die(o, c)->next_sibling : -1) {
		uint64_t cnt = 0;

		if (c >= 0 && die(o, c)->tag != DW_TAG_subrange_type)
			continue;
		if (c >= 0 && die(o, c)->has_count)
			cnt = die(o, c)->count;
		if (cnt > 0xffffffffu)
			return unsupported(o, d, "a size");
		k++;
		ret = head(o, NULL, BTF_KIND_ARRAY, 0, false, 0);
		if (!ret && (put(o, k < dims ? first + k : elem) || put(o, 1) || put(o, (uint32_t)cnt)))
			ret = -ENOMEM;
	}
	return ret;
}

static int enumeration(struct out *o, int i)
{
	const struct bl_dwarf_die *d = die(o, i);
	int n = child_cnt(o, i, DW_TAG_enumerator), ret;
	bool wide = d->byte_size == 8, neg = false;

	if (d->byte_size != 1 && d->byte_size != 2 && d->byte_size != 4 && !wide)
		return unsupported(o, d, "a size");
	if (n > 0xffff)
		return unsupported(o, d, "a size");
	for (int c = d->first_child; c >= 0; c = die(o, c)->next_sibling)
		neg |= die(o, c)->tag == DW_TAG_enumerator && die(o, c)->const_value < 0;
	ret = head(o, d->name, wide ? BTF_KIND_ENUM64 : BTF_KIND_ENUM, (unsigned)n, neg,
		   (uint32_t)d->byte_size);
	for (int c = d->first_child; !ret && c >= 0; c = die(o, c)->next_sibling) {
		const struct bl_dwarf_die *e = die(o, c);
		uint64_t v = (uint64_t)e->const_value;
		int64_t name;

		if (e->tag != DW_TAG_enumerator)
			continue;
		name = str(o, e->name);
		if (name < 0)
			return (int)name;
		if (put(o, (uint32_t)name) || put(o, (uint32_t)v) || (wide && put(o, (uint32_t)(v >> 32))))
			return -ENOMEM;
	}
	return ret;
}

static int emit(struct out *o, int i)
{
	const struct bl_dwarf_die *d = die(o, i);
	uint32_t type;
	int ret;

	switch (d->tag) {
	case DW_TAG_base_type:
		return base_type(o, d);
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
		return record(o, i);
	case DW_TAG_array_type:
		return array(o, i);
	case DW_TAG_enumeration_type:
		return enumeration(o, i);
	case DW_TAG_pointer_type:
		return head(o, NULL, BTF_KIND_PTR, 0, false, 0);
	case DW_TAG_typedef:
	case DW_TAG_const_type:
	case DW_TAG_volatile_type:
	case DW_TAG_restrict_type:
	case DW_TAG_atomic_type:
		if ((ret = ref(o, d, &type)))
			return ret;
		if (d->tag == DW_TAG_typedef)
			return head(o, d->name, BTF_KIND_TYPEDEF, 0, false, type);
		return head(o, NULL, d->tag == DW_TAG_const_type ? BTF_KIND_CONST :
				     d->tag == DW_TAG_restrict_type ? BTF_KIND_RESTRICT :
				     BTF_KIND_VOLATILE, 0, false, type);
	default:
		return unsupported(o, d, "a type");
	}
}

int bl_dwarf_to_btf(const struct bl_dwarf *dw, int root, void **raw, size_t *len, uint32_t *id,
		    struct bl_err *err)
{
	struct out o = { .dw = dw, .next_id = 2, .err = err };
	struct btf_header h = { .magic = BTF_MAGIC, .version = BTF_VERSION,
				.hdr_len = sizeof(struct btf_header) };
	unsigned char *p = NULL;
	int ret = -ENOMEM;

	*raw = NULL;
	if (root < 0 || root >= dw->cnt)
		return -ENOENT;
	o.ids = calloc((size_t)dw->cnt, sizeof(*o.ids));
	o.queue = malloc((size_t)dw->cnt * sizeof(*o.queue));
	o.strs = calloc(1, o.scap = 64); /* the string area starts with "" */
	o.slen = 1;
	if (!o.ids || !o.queue || !o.strs)
		goto out;
	/* id 1: the arrays' index type */
	if ((ret = head(&o, "__ARRAY_SIZE_TYPE__", BTF_KIND_INT, 0, false, 4)) || (ret = put(&o, 32)))
		goto out;
	o.ids[root] = o.next_id;
	o.next_id += ids_of(&o, root);
	o.queue[o.qlen++] = root;
	for (int q = 0; q < o.qlen; q++)
		if ((ret = emit(&o, o.queue[q])))
			goto out;
	h.type_len = (uint32_t)(o.tlen * 4);
	h.str_off = h.type_len;
	h.str_len = (uint32_t)o.slen;
	ret = -ENOMEM;
	p = malloc(sizeof(h) + h.type_len + h.str_len);
	if (!p)
		goto out;
	memcpy(p, &h, sizeof(h));
	memcpy(p + sizeof(h), o.types, h.type_len);
	memcpy(p + sizeof(h) + h.type_len, o.strs, h.str_len);
	*raw = p;
	*len = sizeof(h) + h.type_len + h.str_len;
	*id = o.ids[root];
	ret = 0;
out:
	free(o.ids);
	free(o.queue);
	free(o.types);
	free(o.strs);
	return ret;
}

#endif /* BL_NO_DWARF */
