/* elf/dwarf/dwarf.c — the units of .debug_info read into one array of
 * entries (DIEs) with the attributes of types (elf/dwarf/dwarf.h).
 *
 * The DWARF 5 standard (dwarfstd.org): 7.5.1 unit headers, 7.5.2 and
 * 7.5.3 the abbreviation tables (.debug_abbrev: per code a tag, whether
 * the entry has children, and the attribute and form pairs), 7.5.5 and
 * 7.5.6 the forms and their sizes, 7.26 the string offsets table. A
 * unit's entries are a tree written depth first: an entry with children
 * is followed by them and a 0 code. Versions 2 to 4 differ in the unit
 * header and in DW_FORM_ref_addr's size (an address in version 2).
 */
#ifndef BL_NO_DWARF /* the static build: dwarf_file.c has the stubs */
#include "dwarf_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 512

/* A read position; every read checks the end and sets bad past it. */
struct cur {
	const unsigned char *p, *end;
	bool bad;
};

static uint64_t rd(struct cur *c, unsigned n)
{
	uint64_t v = 0;

	if (c->bad || (size_t)(c->end - c->p) < n) {
		c->bad = true;
		return 0;
	}
	for (unsigned i = 0; i < n; i++) /* little-endian: BPF objects are */
		v |= (uint64_t)c->p[i] << (8 * i);
	c->p += n;
	return v;
}

static uint64_t uleb(struct cur *c)
{
	uint64_t v = 0;

	for (unsigned shift = 0; !c->bad; shift += 7) {
		unsigned b = (unsigned)rd(c, 1);

		if (shift < 64)
			v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			break;
	}
	return v;
}

static int64_t sleb(struct cur *c)
{
	uint64_t v = 0;
	unsigned shift = 0, b = 0;

	do {
		b = (unsigned)rd(c, 1);
		if (shift < 64)
			v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
	} while ((b & 0x80) && !c->bad);
	if (shift < 64 && (b & 0x40))
		v |= ~(uint64_t)0 << shift;
	return (int64_t)v;
}

static void skip(struct cur *c, uint64_t n)
{
	if (c->bad || (uint64_t)(c->end - c->p) < n)
		c->bad = true;
	else
		c->p += n;
}

/* --- Abbreviations ----------------------------------------------------- */

struct attr_spec {
	uint32_t at, form;
	int64_t implicit;	/* DW_FORM_implicit_const's value */
};

struct abbrev {
	uint64_t code;
	uint32_t tag;
	bool children;
	uint32_t first, cnt;	/* in abbrevs.attrs */
};

struct abbrevs {
	struct abbrev *a;
	size_t cnt;
	struct attr_spec *attrs;
	size_t attr_cnt;
};

static int cmp_abbrev(const void *x, const void *y)
{
	const struct abbrev *a = x, *b = y;

	return a->code < b->code ? -1 : a->code > b->code;
}

static void abbrevs_free(struct abbrevs *t)
{
	free(t->a);
	free(t->attrs);
	memset(t, 0, sizeof(*t));
}

/* The table at .debug_abbrev offset off. */
static int abbrevs_read(const struct bl_dwarf_sections *s, uint64_t off, struct abbrevs *t,
			const char *name, struct bl_err *err)
{
	struct cur c = { s->abbrev, (const unsigned char *)s->abbrev + s->abbrev_len, false };
	size_t cap = 0, acap = 0;

	memset(t, 0, sizeof(*t));
	if (off >= s->abbrev_len)
		goto bad;
	c.p += off;
	for (;;) {
		struct abbrev a = { 0 };

		a.code = uleb(&c);
		if (c.bad)
			goto bad;
		if (!a.code)
			break;
		a.tag = (uint32_t)uleb(&c);
		a.children = rd(&c, 1) != 0;
		a.first = (uint32_t)t->attr_cnt;
		for (;;) {
			struct attr_spec sp = { 0 };

			sp.at = (uint32_t)uleb(&c);
			sp.form = (uint32_t)uleb(&c);
			if (sp.form == 0x21) /* DW_FORM_implicit_const */
				sp.implicit = sleb(&c);
			if (c.bad)
				goto bad;
			if (!sp.at && !sp.form)
				break;
			if (t->attr_cnt == acap) {
				void *n = realloc(t->attrs, (acap = acap ? 2 * acap : 64) * sizeof(sp));

				if (!n)
					goto nomem;
				t->attrs = n;
			}
			t->attrs[t->attr_cnt++] = sp;
			a.cnt++;
		}
		if (t->cnt == cap) {
			void *n = realloc(t->a, (cap = cap ? 2 * cap : 64) * sizeof(a));

			if (!n)
				goto nomem;
			t->a = n;
		}
		t->a[t->cnt++] = a;
	}
	if (t->cnt)
		qsort(t->a, t->cnt, sizeof(t->a[0]), cmp_abbrev);
	return 0;
bad:
	abbrevs_free(t);
	bl_err_set(err, 0, "%s: .debug_abbrev: bad table at offset 0x%llx",
		   name, (unsigned long long)off);
	return -EINVAL;
nomem:
	abbrevs_free(t);
	return -ENOMEM;
}

static const struct abbrev *abbrev_find(const struct abbrevs *t, uint64_t code)
{
	struct abbrev key = { .code = code };

	return t->cnt ? bsearch(&key, t->a, t->cnt, sizeof(key), cmp_abbrev) : NULL;
}

/* --- Units ------------------------------------------------------------- */

struct unit {
	const struct bl_dwarf_sections *s;
	uint64_t off;			/* of its header in .debug_info */
	unsigned version, offset_size, addr_size;
	uint64_t str_offsets_base;
	bool have_base;
};

enum vkind { V_NONE, V_CONST, V_SCONST, V_STR, V_REF, V_BLOCK };

struct val {
	enum vkind kind;
	uint64_t u;
	const char *str;
	const unsigned char *block;
};

/* The NUL-terminated string at off of a string section, or NULL. */
static const char *str_at(const void *sec, size_t len, uint64_t off)
{
	if (!sec || off >= len || !memchr((const char *)sec + off, 0, len - off))
		return NULL;
	return (const char *)sec + off;
}

static const char *strx(const struct unit *u, uint64_t idx)
{
	const struct bl_dwarf_sections *s = u->s;
	/* without DW_AT_str_offsets_base: after the table's 8-byte header */
	uint64_t base = u->have_base ? u->str_offsets_base : (u->offset_size == 8 ? 16 : 8);
	struct cur c = { s->str_offsets, (const unsigned char *)s->str_offsets + s->str_offsets_len, false };

	if (!s->str_offsets || base > s->str_offsets_len || idx > s->str_offsets_len / u->offset_size)
		return NULL;
	skip(&c, base + idx * u->offset_size);
	uint64_t off = rd(&c, u->offset_size);

	return c.bad ? NULL : str_at(s->str, s->str_len, off);
}

/* One attribute's value of form form at c (7.5.6, table 7.6). -EINVAL for
 * a form this reader does not know (its size is then unknown). */
static int read_form(struct cur *c, const struct unit *u, uint32_t form, int64_t implicit,
		     struct val *v, int depth)
{
	const struct bl_dwarf_sections *s = u->s;
	uint64_t n;

	memset(v, 0, sizeof(*v));
	switch (form) {
	case 0x01: skip(c, u->addr_size); break;			/* addr */
	case 0x0b: v->kind = V_CONST; v->u = rd(c, 1); break;	/* data1 */
	case 0x05: v->kind = V_CONST; v->u = rd(c, 2); break;	/* data2 */
	case 0x06: v->kind = V_CONST; v->u = rd(c, 4); break;	/* data4 */
	case 0x07: v->kind = V_CONST; v->u = rd(c, 8); break;	/* data8 */
	case 0x1e: skip(c, 16); break;					/* data16 */
	case 0x0d: v->kind = V_SCONST; v->u = (uint64_t)sleb(c); break; /* sdata */
	case 0x0f: v->kind = V_CONST; v->u = uleb(c); break;	/* udata */
	case 0x21: v->kind = V_SCONST; v->u = (uint64_t)implicit; break; /* implicit_const */
	case 0x0c: v->kind = V_CONST; v->u = rd(c, 1); break;	/* flag */
	case 0x19: v->kind = V_CONST; v->u = 1; break;		/* flag_present */
	case 0x08:							/* string */
		v->str = str_at(c->p, (size_t)(c->end - c->p), 0);
		if (!v->str)
			c->bad = true;
		else
			skip(c, strlen(v->str) + 1);
		v->kind = V_STR;
		break;
	case 0x0e:							/* strp */
		v->kind = V_STR;
		v->str = str_at(s->str, s->str_len, rd(c, u->offset_size));
		break;
	case 0x1f:							/* line_strp */
		v->kind = V_STR;
		v->str = str_at(s->line_str, s->line_str_len, rd(c, u->offset_size));
		break;
	case 0x1a: case 0x1f02:				/* strx, GNU_str_index */
		v->kind = V_STR;
		v->str = strx(u, uleb(c));
		break;
	case 0x25: case 0x26: case 0x27: case 0x28:			/* strx1..4 */
		v->kind = V_STR;
		v->str = strx(u, rd(c, form - 0x24));
		break;
	case 0x1d: case 0x1f21: skip(c, u->offset_size); break;	/* strp_sup, GNU_strp_alt */
	case 0x11: v->kind = V_REF; v->u = u->off + rd(c, 1); break; /* ref1 */
	case 0x12: v->kind = V_REF; v->u = u->off + rd(c, 2); break; /* ref2 */
	case 0x13: v->kind = V_REF; v->u = u->off + rd(c, 4); break; /* ref4 */
	case 0x14: v->kind = V_REF; v->u = u->off + rd(c, 8); break; /* ref8 */
	case 0x15: v->kind = V_REF; v->u = u->off + uleb(c); break;	/* ref_udata */
	case 0x10:							/* ref_addr */
		v->kind = V_REF;
		v->u = rd(c, u->version == 2 ? u->addr_size : u->offset_size);
		break;
	case 0x20: skip(c, 8); break;					/* ref_sig8 */
	case 0x1c: skip(c, 4); break;					/* ref_sup4 */
	case 0x24: skip(c, 8); break;					/* ref_sup8 */
	case 0x1f20: skip(c, u->offset_size); break;			/* GNU_ref_alt */
	case 0x17: v->kind = V_CONST; v->u = rd(c, u->offset_size); break; /* sec_offset */
	case 0x0a: n = rd(c, 1); goto block;				/* block1 */
	case 0x03: n = rd(c, 2); goto block;				/* block2 */
	case 0x04: n = rd(c, 4); goto block;				/* block4 */
	case 0x09: case 0x18: n = uleb(c); goto block;		/* block, exprloc */
	case 0x1b: case 0x22: case 0x23: case 0x1f01: uleb(c); break; /* addrx, loclistx, rnglistx */
	case 0x29: case 0x2a: case 0x2b: case 0x2c: skip(c, form - 0x28); break; /* addrx1..4 */
	case 0x16:							/* indirect */
		n = uleb(c);
		if (depth > 4 || c->bad)
			return -EINVAL;
		return read_form(c, u, (uint32_t)n, implicit, v, depth + 1);
	default:
		return -EINVAL;
	}
	return 0;
block:
	v->kind = V_BLOCK;
	v->block = c->p;
	v->u = n;
	skip(c, n);
	return 0;
}

/* DW_AT_data_member_location as a block: DW_OP_plus_uconst N or
 * DW_OP_constu N (what compilers write for a constant offset). */
static bool member_loc_block(const struct val *v, uint64_t *out)
{
	struct cur c = { v->block, v->block + v->u, false };
	unsigned op = (unsigned)rd(&c, 1);

	if (op != 0x23 && op != 0x10)
		return false;
	*out = uleb(&c);
	return !c.bad && c.p == c.end;
}

static void set_attr(struct bl_dwarf_die *d, uint32_t at, const struct val *v, bool *base,
		     uint64_t *str_offsets_base)
{
	bool num = v->kind == V_CONST || v->kind == V_SCONST;

	switch (at) {
	case DW_AT_name: if (v->kind == V_STR) d->name = v->str; break;
	case DW_AT_type: if (v->kind == V_REF) { d->type_ref = v->u; d->has_type = true; } break;
	case DW_AT_byte_size: if (num) { d->byte_size = v->u; d->has_byte_size = true; } break;
	case DW_AT_bit_size: if (num) { d->bit_size = v->u; d->has_bit_size = true; } break;
	case DW_AT_bit_offset: if (num) { d->bit_offset = v->u; d->has_bit_offset = true; } break;
	case DW_AT_data_bit_offset:
		if (num) { d->data_bit_offset = v->u; d->has_data_bit_offset = true; }
		break;
	case DW_AT_data_member_location:
		if (num)
			d->member_loc = v->u, d->has_member_loc = true;
		else if (v->kind == V_BLOCK)
			d->has_member_loc = member_loc_block(v, &d->member_loc);
		break;
	case DW_AT_encoding: if (num) d->encoding = (uint32_t)v->u; break;
	case DW_AT_count: if (num) { d->count = v->u; d->has_count = true; } break;
	case DW_AT_upper_bound:
		/* a number; (uint64_t)-1 for an empty [0] array */
		if (num) { d->count = v->u + 1; d->has_count = true; }
		break;
	case DW_AT_const_value: if (num) d->const_value = (int64_t)v->u; break;
	case DW_AT_declaration: if (num) d->declaration = v->u != 0; break;
	case DW_AT_str_offsets_base:
		if (num) { *str_offsets_base = v->u; *base = true; }
		break;
	default: break;
	}
}

static int push_die(struct bl_dwarf *dw, struct bl_dwarf_die **out)
{
	if (dw->cnt == dw->cap) {
		int cap = dw->cap ? 2 * dw->cap : 256;
		void *n = cap > 0 ? realloc(dw->dies, (size_t)cap * sizeof(dw->dies[0])) : NULL;

		if (!n)
			return -ENOMEM;
		dw->dies = n;
		dw->cap = cap;
	}
	*out = &dw->dies[dw->cnt];
	memset(*out, 0, sizeof(**out));
	(*out)->parent = (*out)->first_child = (*out)->next_sibling = -1;
	dw->cnt++;
	return 0;
}

#define FAIL(...) do { bl_err_set(err, 0, __VA_ARGS__); ret = -EINVAL; goto out; } while (0)

/* The entries of one unit, from c (after its header) to end. */
static int read_entries(struct bl_dwarf *dw, struct unit *u, struct cur c,
			const struct abbrevs *ab, const char *name, struct bl_err *err)
{
	int stack[MAX_DEPTH], depth = 0, last = -1, ret = 0;
	const unsigned char *info = u->s->info;

	while (c.p < c.end) {
		uint64_t off = (uint64_t)(c.p - info), code = uleb(&c);
		const struct abbrev *a;
		struct bl_dwarf_die *d;

		if (c.bad)
			break;
		if (!code) { /* the end of a list of children */
			if (!depth)
				continue; /* padding after the tree */
			last = stack[--depth];
			continue;
		}
		a = abbrev_find(ab, code);
		if (!a)
			FAIL("%s: .debug_info: offset 0x%llx: abbreviation code %llu is not in the unit's table",
			     name, (unsigned long long)off, (unsigned long long)code);
		ret = push_die(dw, &d);
		if (ret)
			goto out;
		d->off = off;
		d->tag = a->tag;
		d->parent = depth ? stack[depth - 1] : -1;
		if (last >= 0 && dw->dies[last].parent == d->parent)
			dw->dies[last].next_sibling = dw->cnt - 1;
		else if (d->parent >= 0)
			dw->dies[d->parent].first_child = dw->cnt - 1;
		for (uint32_t i = 0; i < a->cnt; i++) {
			const struct attr_spec *sp = &ab->attrs[a->first + i];
			struct val v;

			if (read_form(&c, u, sp->form, sp->implicit, &v, 0))
				FAIL("%s: .debug_info: offset 0x%llx: unknown form 0x%x",
				     name, (unsigned long long)off, sp->form);
			if (c.bad)
				break;
			d = &dw->dies[dw->cnt - 1];
			set_attr(d, sp->at, &v, &u->have_base, &u->str_offsets_base);
		}
		if (c.bad)
			break;
		last = dw->cnt - 1;
		if (a->children) {
			if (depth == MAX_DEPTH)
				FAIL("%s: .debug_info: offset 0x%llx: entries nested more than %d deep",
				     name, (unsigned long long)off, MAX_DEPTH);
			stack[depth++] = last;
			last = -1;
		}
	}
	if (c.bad)
		FAIL("%s: .debug_info: the unit at offset 0x%llx is cut short",
		     name, (unsigned long long)u->off);
out:
	return ret;
}

/* The unit header at c (7.5.1.1); c then at its first entry, *end at the
 * unit's end. */
static int read_unit_header(struct cur *c, struct unit *u, const unsigned char **end,
			    uint64_t *abbrev_off, const char *name, struct bl_err *err)
{
	uint64_t len = rd(c, 4);
	unsigned type = 1;

	u->offset_size = 4;
	if (len == 0xffffffff) {
		len = rd(c, 8);
		u->offset_size = 8;
	} else if (len >= 0xfffffff0) {
		goto bad;
	}
	if (c->bad || len > (uint64_t)(c->end - c->p))
		goto bad;
	*end = c->p + len;
	u->version = (unsigned)rd(c, 2);
	if (u->version < 2 || u->version > 5) {
		bl_err_set(err, 0, "%s: .debug_info: the unit at offset 0x%llx has DWARF version %u (2 to 5 are read)",
			   name, (unsigned long long)u->off, u->version);
		return -EINVAL;
	}
	if (u->version == 5) {
		type = (unsigned)rd(c, 1);
		u->addr_size = (unsigned)rd(c, 1);
		*abbrev_off = rd(c, u->offset_size);
		if (type == 2 || type == 6)	/* DW_UT_type, split_type: signature, offset */
			skip(c, 8 + u->offset_size);
		else if (type == 4 || type == 5) /* skeleton, split_compile: dwo_id */
			skip(c, 8);
	} else {
		*abbrev_off = rd(c, u->offset_size);
		u->addr_size = (unsigned)rd(c, 1);
	}
	if (c->bad || c->p > *end || (u->addr_size != 4 && u->addr_size != 8 &&
				      u->addr_size != 2 && u->addr_size != 1))
		goto bad;
	return 0;
bad:
	bl_err_set(err, 0, "%s: .debug_info: bad unit header at offset 0x%llx",
		   name, (unsigned long long)u->off);
	return -EINVAL;
}

/* The first entry's DW_AT_str_offsets_base, before the entries whose
 * names need it (the unit's own name comes first). */
static void find_str_offsets_base(struct unit *u, struct cur c, const struct abbrevs *ab)
{
	const struct abbrev *a = abbrev_find(ab, uleb(&c));

	for (uint32_t i = 0; a && i < a->cnt && !c.bad; i++) {
		const struct attr_spec *sp = &ab->attrs[a->first + i];
		struct val v;

		if (read_form(&c, u, sp->form, sp->implicit, &v, 0))
			return;
		if (sp->at == DW_AT_str_offsets_base && (v.kind == V_CONST || v.kind == V_SCONST)) {
			u->str_offsets_base = v.u;
			u->have_base = true;
		}
	}
}

int bl_dwarf_parse(const struct bl_dwarf_sections *s, const char *name, struct bl_dwarf **out,
		   struct bl_err *err)
{
	struct bl_dwarf *dw = calloc(1, sizeof(*dw));
	struct cur c = { s->info, (const unsigned char *)s->info + s->info_len, false };
	int ret = 0;

	*out = NULL;
	if (!dw || !(dw->name = strdup(name ? name : "?"))) {
		free(dw);
		return -ENOMEM;
	}
	while (!ret && c.p && c.p < c.end) {
		struct unit u = { .s = s, .off = (uint64_t)(c.p - (const unsigned char *)s->info) };
		struct abbrevs ab;
		const unsigned char *end;
		uint64_t abbrev_off;

		ret = read_unit_header(&c, &u, &end, &abbrev_off, name, err);
		if (ret)
			break;
		ret = abbrevs_read(s, abbrev_off, &ab, name, err);
		if (ret)
			break;
		find_str_offsets_base(&u, (struct cur){ c.p, end, false }, &ab);
		ret = read_entries(dw, &u, (struct cur){ c.p, end, false }, &ab, name, err);
		abbrevs_free(&ab);
		c.p = end;
	}
	if (ret) {
		bl_dwarf_free(dw);
		return ret;
	}
	*out = dw;
	return 0;
}

void bl_dwarf_free(struct bl_dwarf *dw)
{
	if (!dw)
		return;
	free(dw->dies);
	free(dw->name);
	free(dw->owned);
	free(dw);
}

int bl_dwarf_die_at(const struct bl_dwarf *dw, uint64_t off)
{
	int lo = 0, hi = dw->cnt - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (dw->dies[mid].off == off)
			return mid;
		if (dw->dies[mid].off < off)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

int bl_dwarf_die_cnt(const struct bl_dwarf *dw)
{
	return dw ? dw->cnt : 0;
}

const char *bl_dwarf_die_name(const struct bl_dwarf *dw, int die)
{
	return die >= 0 && die < dw->cnt && dw->dies[die].name ? dw->dies[die].name : "";
}

static bool is_record_type(const struct bl_dwarf_die *d)
{
	return (d->tag == DW_TAG_structure_type || d->tag == DW_TAG_union_type) && !d->declaration;
}

int bl_dwarf_find_type(const struct bl_dwarf *dw, const char *name)
{
	for (int i = 0; dw && name && i < dw->cnt; i++) {
		const struct bl_dwarf_die *d = &dw->dies[i];

		if (d->name && !strcmp(d->name, name) &&
		    (is_record_type(d) || d->tag == DW_TAG_typedef))
			return i;
	}
	return -ENOENT;
}

int bl_dwarf_types_of_size(const struct bl_dwarf *dw, uint64_t min, uint64_t max, int *dies,
			   int cap)
{
	int n = 0;

	for (int i = 0; dw && i < dw->cnt; i++) {
		const struct bl_dwarf_die *d = &dw->dies[i];
		bool dup = false;

		if (!is_record_type(d) || !d->name || !*d->name || !d->has_byte_size ||
		    d->byte_size < min || d->byte_size > max)
			continue;
		/* the same struct in another unit */
		for (int k = 0; k < i && !dup; k++) {
			const struct bl_dwarf_die *e = &dw->dies[k];

			dup = is_record_type(e) && e->name && !strcmp(e->name, d->name) &&
			      e->byte_size == d->byte_size;
		}
		if (dup)
			continue;
		if (n < cap)
			dies[n] = i;
		n++;
	}
	return n;
}

#endif /* BL_NO_DWARF */
