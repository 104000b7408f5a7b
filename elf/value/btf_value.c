/* elf/value/btf_value.c — formatting bytes by a BTF type id (elf/value/btf_value.h).
 *
 * The type records are those of Documentation/bpf/btf.rst, "2.2 Type
 * Encoding": an INT's encoding (SIGNED, CHAR, BOOL), its bit offset and
 * number of bits; ENUM and ENUM64 values (kind_flag: signed); a member's
 * bit offset and, with kind_flag, bitfield size; ARRAY's nelems; a
 * DATASEC's variables with their offsets. The bytes are in this machine's
 * byte order: a BPF program writes them in its own, which is this
 * machine's (bitfields are read little-endian: x86_64 and arm64).
 *
 * Everything is written to a memory stream first and copied to the
 * caller's FILE only when the whole value could be formatted. Records
 * shown as a row of columns are in elf/value/btf_columns.c.
 */
#define _GNU_SOURCE
#include "btf_value_internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- Strings ---------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s[0 .. n) (2..4), or 0. */
static int utf8_seq(const unsigned char *s, size_t n)
{
	int k;
	uint32_t cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 4, cp = s[0] & 0x07;
	else
		return 0;
	if ((size_t)k > n)
		return 0;
	for (int i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((k == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (k == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return k;
}

/* The bytes of a char array up to its first NUL. JSON: a JSON string
 * (bytes outside UTF-8 as \u00XX); text: C escapes, quoted unless bare. */
static void string(struct fmt *c, const unsigned char *s, size_t n)
{
	size_t end = 0;

	while (end < n && s[end])
		end++;
	if (!c->bare)
		fputc('"', c->f);
	for (size_t i = 0; i < end;) {
		unsigned char ch = s[i];
		int k = ch >= 0x80 ? utf8_seq(s + i, end - i) : 0;

		if (k) {
			fwrite(s + i, 1, (size_t)k, c->f);
			i += (size_t)k;
			continue;
		}
		if ((ch == '"' && !c->bare) || ch == '\\')
			fprintf(c->f, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", c->f);
		else if (ch == '\t')
			fputs("\\t", c->f);
		else if (ch < 0x20 || ch >= 0x7f)
			fprintf(c->f, c->json ? "\\u%04x" : "\\x%02x", ch);
		else
			fputc(ch, c->f);
		i++;
	}
	if (!c->bare)
		fputc('"', c->f);
}

/* A name from the BTF (member, enumerator): a C identifier in any BTF the
 * kernel would take, but hostile BTF may put anything there. JSON: a
 * quoted, escaped string; text: as is, other bytes than [A-Za-z0-9_] as
 * \xNN, so that a row stays one line. */
static void name_out(struct fmt *c, const char *name)
{
	if (c->json) {
		bool bare = c->bare;

		c->bare = false;
		string(c, (const unsigned char *)name, strlen(name));
		c->bare = bare;
		return;
	}
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (isalnum(*p) || *p == '_')
			fputc(*p, c->f);
		else
			fprintf(c->f, "\\x%02x", *p);
	}
}

/* Is the array of 1-byte integers elem shown as a string? Plain and
 * signed char always; unsigned char (__u8) when it holds printable text
 * up to its first NUL (so an address in a __u8[16] stays numbers). */
static bool is_string(struct fmt *c, const struct btf_type *elem, size_t off, uint32_t n)
{
	const char *name = bl_btf_name(c->btf, elem->name_off);
	uint32_t d;

	if (bl_btf_kind(elem) != BTF_KIND_INT || elem->size != 1)
		return false;
	d = bl_btf_int_data(elem);
	if (BTF_INT_OFFSET(d) || BTF_INT_BITS(d) != 8)
		return false;
	if ((BTF_INT_ENCODING(d) & BTF_INT_CHAR) || (name && strcmp(name, "unsigned char") &&
						     strstr(name, "char")))
		return true;
	if (!name || strcmp(name, "unsigned char"))
		return false;
	for (uint32_t i = 0; i < n && c->data[off + i]; i++) {
		unsigned char ch = c->data[off + i];

		if (ch < 0x20 || ch == 0x7f)
			return false;
	}
	return n > 0;
}

/* --- Scalars ---------------------------------------------------------- */

static uint64_t load(const unsigned char *p, uint32_t size)
{
	uint64_t v = 0;

	switch (size) {
	case 1: v = *p; break;
	case 2: { uint16_t x; memcpy(&x, p, 2); v = x; break; }
	case 4: { uint32_t x; memcpy(&x, p, 4); v = x; break; }
	case 8: memcpy(&v, p, 8); break;
	}
	return v;
}

/* bits bits (1..64) starting bit_off bits into data[off]: little-endian
 * bit numbering, as clang lays out bitfields on x86_64 and arm64. */
static int load_bits(struct fmt *c, size_t off, uint32_t bit_off, uint32_t bits, uint64_t *v)
{
	uint64_t last = (uint64_t)off * 8 + bit_off + bits;

	if (bits == 0 || bits > 64 || last > (uint64_t)c->len * 8)
		return -E2BIG;
	*v = 0;
	for (uint32_t i = 0; i < bits; i++) {
		uint64_t p = (uint64_t)off * 8 + bit_off + i;

		*v |= (uint64_t)((c->data[p / 8] >> (p % 8)) & 1) << i;
	}
	return 0;
}

static int64_t sign_extend(uint64_t v, uint32_t bits)
{
	if (bits < 64 && (v & (1ull << (bits - 1))))
		v |= ~0ull << bits;
	return (int64_t)v;
}

/* Reads an integer of size bytes at off, or the bitfield (bits != 0). */
static int integer(struct fmt *c, size_t off, uint32_t size, uint32_t bit_off, uint32_t bits,
		   uint64_t *v)
{
	if (bits)
		return load_bits(c, off, bit_off, bits, v);
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return -EINVAL;
	if (off + size > c->len)
		return -E2BIG;
	*v = load(c->data + off, size);
	return 0;
}

static int int_value(struct fmt *c, const struct btf_type *t, size_t off, uint32_t bit_off,
		     uint32_t bits)
{
	uint32_t d = bl_btf_int_data(t), enc = BTF_INT_ENCODING(d);
	uint64_t v;
	int ret;

	if (!bits && (BTF_INT_OFFSET(d) || BTF_INT_BITS(d) != t->size * 8)) {
		bit_off = BTF_INT_OFFSET(d);
		bits = BTF_INT_BITS(d);
	}
	if (!bits && t->size > 8) {	/* __int128: hex, most significant first */
		if (off + t->size > c->len)
			return -E2BIG;
		fputs(c->json ? "\"0x" : "0x", c->f);
		for (uint32_t i = t->size; i > 0; i--)
			fprintf(c->f, "%02x", c->data[off + i - 1]);
		if (c->json)
			fputc('"', c->f);
		return 0;
	}
	ret = integer(c, off, t->size, bit_off, bits, &v);
	if (ret)
		return ret;
	if (!bits)
		bits = t->size * 8;
	if (enc & BTF_INT_BOOL)
		fputs(v ? "true" : "false", c->f);
	else if ((enc & BTF_INT_CHAR) && !c->json && bits == 8 && isprint((int)v) && v != '\'')
		fprintf(c->f, "'%c'", (int)v);
	else if (enc & BTF_INT_SIGNED)
		fprintf(c->f, "%lld", (long long)sign_extend(v, bits));
	else
		fprintf(c->f, "%llu", (unsigned long long)v);
	return 0;
}

static int enum_value(struct fmt *c, const struct btf_type *t, size_t off, uint32_t bit_off,
		      uint32_t bits)
{
	bool is_signed = bl_btf_kflag(t), is64 = bl_btf_kind(t) == BTF_KIND_ENUM64;
	const char *name = NULL;
	uint64_t v;
	int ret = integer(c, off, t->size, bit_off, bits, &v);

	if (ret)
		return ret;
	if (!bits)
		bits = t->size * 8;
	if (is_signed)
		v = (uint64_t)sign_extend(v, bits);
	for (unsigned i = 0; i < bl_btf_vlen(t) && !name; i++) {
		uint64_t ev;

		if (is64) {
			const struct btf_enum64 *e = &bl_btf_enum64s(t)[i];

			ev = (uint64_t)e->val_hi32 << 32 | e->val_lo32;
			if (ev == v)
				name = bl_btf_name(c->btf, e->name_off);
		} else {
			const struct btf_enum *e = &bl_btf_enums(t)[i];

			ev = is_signed ? (uint64_t)(int64_t)e->val : (uint64_t)(uint32_t)e->val;
			if (ev == v)
				name = bl_btf_name(c->btf, e->name_off);
		}
	}
	if (name && *name) {
		name_out(c, name);
	} else if (is_signed) {
		fprintf(c->f, "%lld", (long long)v);
	} else {
		fprintf(c->f, "%llu", (unsigned long long)v);
	}
	return 0;
}

static int float_value(struct fmt *c, const struct btf_type *t, size_t off)
{
	double d;

	if (off + t->size > c->len)
		return -E2BIG;
	if (t->size == 4) {
		float x;

		memcpy(&x, c->data + off, 4);
		d = x;
	} else if (t->size == 8) {
		memcpy(&d, c->data + off, 8);
	} else {
		return -EINVAL;	/* long double: not in BPF */
	}
	if (c->json && !isfinite(d))
		fputs("null", c->f);
	else
		fprintf(c->f, "%.17g", d);
	return 0;
}

/* --- Aggregates ------------------------------------------------------- */

static void key(struct fmt *c, const char *name, bool first)
{
	if (!first)
		fputs(c->json ? "," : ", ", c->f);
	name_out(c, name);
	fputc(c->json ? ':' : '=', c->f);
}

/* The members of t at off, into the open braces; anonymous struct and
 * union members are opened in place (C's access: a.x for a.{anon}.x). */
static int members(struct fmt *c, const struct btf_type *t, size_t off, bool *first, int depth)
{
	const struct btf_member *m = bl_btf_members(t);

	if (depth > BL_BTF_VALUE_DEPTH)
		return -ELOOP;
	for (unsigned i = 0; i < bl_btf_vlen(t); i++) {
		const char *name = bl_btf_name(c->btf, m[i].name_off);
		uint32_t bit = bl_btf_member_bit_offset(t, &m[i]);
		uint32_t bits = bl_btf_member_bitfield_size(t, &m[i]);
		size_t moff = off + bit / 8;
		int ret;

		if (!name || !*name) {
			const struct btf_type *a = bl_btf_skip_modifiers(c->btf, m[i].type, NULL);

			if (a && (bl_btf_kind(a) == BTF_KIND_STRUCT || bl_btf_kind(a) == BTF_KIND_UNION) &&
			    !bits && bit % 8 == 0) {
				ret = members(c, a, moff, first, depth + 1);
				if (ret)
					return ret;
				continue;
			}
			name = "_";
		}
		key(c, name, *first);
		*first = false;
		ret = bl_btf_fmt_value(c, m[i].type, moff, bits ? bit % 8 : 0, bits, depth + 1);
		if (ret)
			return ret;
	}
	return 0;
}

static int array_value(struct fmt *c, const struct btf_type *t, size_t off, int depth)
{
	const struct btf_array *a = bl_btf_array(t);
	const struct btf_type *elem = bl_btf_skip_modifiers(c->btf, a->type, NULL);
	uint32_t esize;
	int ret;

	if (!elem)
		return -ELOOP;
	ret = bl_btf_resolve_size(c->btf, a->type, &esize);
	if (ret)
		return ret;
	if ((uint64_t)esize * a->nelems > c->len - off)
		return -E2BIG;
	if (is_string(c, elem, off, a->nelems)) {
		string(c, c->data + off, a->nelems);
		return 0;
	}
	fputc('[', c->f);
	for (uint32_t i = 0; i < a->nelems; i++) {
		if (i)
			fputs(c->json ? "," : ", ", c->f);
		ret = bl_btf_fmt_value(c, a->type, off + (size_t)i * esize, 0, 0, depth + 1);
		if (ret)
			return ret;
	}
	fputc(']', c->f);
	return 0;
}

static int datasec_value(struct fmt *c, const struct btf_type *t, size_t off, int depth)
{
	const struct btf_var_secinfo *v = bl_btf_secinfos(t);
	bool first = true;

	fputc('{', c->f);
	for (unsigned i = 0; i < bl_btf_vlen(t); i++) {
		const struct btf_type *var = bl_btf_type(c->btf, v[i].type);
		const char *name = var ? bl_btf_name(c->btf, var->name_off) : NULL;
		int ret;

		if (!var || bl_btf_kind(var) != BTF_KIND_VAR)
			continue;	/* FUNC: an extern function, no bytes */
		if ((uint64_t)off + v[i].offset + v[i].size > c->len)
			return -E2BIG;
		key(c, name && *name ? name : "_", first);
		first = false;
		ret = bl_btf_fmt_value(c, var->type, off + v[i].offset, 0, 0, depth + 1);
		if (ret)
			return ret;
	}
	fputc('}', c->f);
	return 0;
}

int bl_btf_fmt_value(struct fmt *c, uint32_t id, size_t off, uint32_t bit_off, uint32_t bits,
		     int depth)
{
	const struct btf_type *t;
	uint32_t size;
	bool first = true;
	int ret;

	if (depth > BL_BTF_VALUE_DEPTH)
		return -ELOOP;
	if (c->budget-- == 0)
		return -E2BIG;
	if (off > c->len)
		return -E2BIG;
	t = bl_btf_skip_modifiers(c->btf, id, &id);
	if (!t)
		return bl_btf_type(c->btf, id) ? -ELOOP : -ENOENT;
	if (bits && bl_btf_kind(t) != BTF_KIND_INT && bl_btf_kind(t) != BTF_KIND_ENUM &&
	    bl_btf_kind(t) != BTF_KIND_ENUM64)
		return -EINVAL;
	switch (bl_btf_kind(t)) {
	case BTF_KIND_INT:
		return int_value(c, t, off, bit_off, bits);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return enum_value(c, t, off, bit_off, bits);
	case BTF_KIND_FLOAT:
		return float_value(c, t, off);
	case BTF_KIND_PTR:
		if (off + 8 > c->len)
			return -E2BIG;
		fprintf(c->f, c->json ? "\"0x%llx\"" : "0x%llx",
			(unsigned long long)load(c->data + off, 8));
		return 0;
	case BTF_KIND_ARRAY:
		return array_value(c, t, off, depth);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		ret = bl_btf_resolve_size(c->btf, id, &size);
		if (ret)
			return ret;
		if (size > c->len - off)
			return -E2BIG;
		fputc('{', c->f);
		ret = members(c, t, off, &first, depth);
		fputc('}', c->f);
		return ret;
	case BTF_KIND_DATASEC:
		return datasec_value(c, t, off, depth);
	case BTF_KIND_VAR:
		return bl_btf_fmt_value(c, t->type, off, 0, 0, depth + 1);
	default:		/* void, FWD, FUNC, FUNC_PROTO, DECL_TAG */
		return -EINVAL;
	}
}

/* --- Entry points ----------------------------------------------------- */

/* Runs fn into a memory stream; copies what it wrote to f on success. */
int bl_btf_fmt_buffered(FILE *f, struct fmt *c, int (*fn)(struct fmt *c, void *arg), void *arg)
{
	char *buf = NULL;
	size_t n = 0;
	int ret;

	c->f = open_memstream(&buf, &n);
	if (!c->f)
		return -ENOMEM;
	c->budget = BL_BTF_VALUE_BUDGET;
	ret = fn(c, arg);
	if (fclose(c->f) && !ret)
		ret = -ENOMEM;
	if (!ret)
		fwrite(buf, 1, n, f);
	free(buf);
	return ret;
}

static int whole(struct fmt *c, void *arg)
{
	return bl_btf_fmt_value(c, *(uint32_t *)arg, 0, 0, 0, 0);
}

int bl_btf_value_print(FILE *f, const struct bl_btf *btf, uint32_t id, const void *data,
		       size_t len, enum bl_btf_form form)
{
	struct fmt c = { .btf = btf, .data = data, .len = len, .json = form == BL_BTF_JSON };

	return bl_btf_fmt_buffered(f, &c, whole, &id);
}
