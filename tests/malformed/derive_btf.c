/* tests/malformed/derive_btf.c — hostile variants of an object's .BTF
 * and .BTF.ext (see derive.h): type ids out of range, cycles, counts that
 * run past the end, strings without their NUL, record fields that point
 * nowhere, .ksyms externs of the wrong kind or linkage.
 *
 * The layouts are those of Documentation/bpf/btf.rst ("2. BTF Type and
 * String Encoding", "4.2 .BTF.ext section"), walked here independently of
 * elf/btf/btf.c.
 */
#include "derive.h"

#include <linux/bpf.h>
#include <linux/btf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HUGE_ID 0x00ffffffu

static uint32_t rd32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static void wr32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* Bytes after struct btf_type for a kind, -1 when unknown. */
static long tail(unsigned int kind, unsigned int vlen)
{
	switch (kind) {
	case BTF_KIND_INT: return 4;
	case BTF_KIND_ARRAY: return sizeof(struct btf_array);
	case BTF_KIND_STRUCT: case BTF_KIND_UNION: return (long)vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM: return (long)vlen * sizeof(struct btf_enum);
	case BTF_KIND_FUNC_PROTO: return (long)vlen * sizeof(struct btf_param);
	case BTF_KIND_VAR: return sizeof(struct btf_var);
	case BTF_KIND_DATASEC: return (long)vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_DECL_TAG: return sizeof(struct btf_decl_tag);
	case BTF_KIND_ENUM64: return (long)vlen * sizeof(struct btf_enum64);
	case BTF_KIND_PTR: case BTF_KIND_FWD: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST: case BTF_KIND_RESTRICT: case BTF_KIND_FUNC: case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	}
	return -1;
}

static int is_modifier(unsigned int kind)
{
	return kind == BTF_KIND_TYPEDEF || kind == BTF_KIND_CONST || kind == BTF_KIND_VOLATILE ||
	       kind == BTF_KIND_RESTRICT || kind == BTF_KIND_TYPE_TAG;
}

/* File offsets of the pieces of .BTF. */
struct btf_at {
	size_t hdr, types, strs;	/* header, type area, string area */
	uint32_t str_len;
	size_t *rec;			/* rec[id]: record of type id (1 ..) */
	uint32_t cnt;			/* ids 1 .. cnt - 1 */
};

static int locate(const struct image *im, struct btf_at *b)
{
	size_t idx = sec_by_name(im->buf, ".BTF"), pos = 0;
	struct btf_header h;
	size_t cap = 64;

	if (!idx)
		return -1;
	b->hdr = shdr(im->buf, idx)->sh_offset;
	memcpy(&h, im->buf + b->hdr, sizeof(h));
	b->types = b->hdr + h.hdr_len + h.type_off;
	b->strs = b->hdr + h.hdr_len + h.str_off;
	b->str_len = h.str_len;
	b->rec = malloc(cap * sizeof(*b->rec));
	b->cnt = 1;
	while (b->rec && pos + sizeof(struct btf_type) <= h.type_len) {
		const unsigned char *t = im->buf + b->types + pos;
		uint32_t info = rd32(t + 4);
		long n = tail(BTF_INFO_KIND(info), BTF_INFO_VLEN(info));

		if (n < 0)
			break;
		if (b->cnt == cap)
			b->rec = realloc(b->rec, (cap *= 2) * sizeof(*b->rec));
		if (!b->rec)
			break;
		b->rec[b->cnt++] = b->types + pos;
		pos += sizeof(struct btf_type) + (size_t)n;
	}
	return b->rec ? 0 : -1;
}

static unsigned int kind_at(const struct image *im, const struct btf_at *b, uint32_t id)
{
	return BTF_INFO_KIND(rd32(im->buf + b->rec[id] + 4));
}

static unsigned int vlen_at(const struct image *im, const struct btf_at *b, uint32_t id)
{
	return BTF_INFO_VLEN(rd32(im->buf + b->rec[id] + 4));
}

/* The first id (after skip) whose kind passes test, or 0. */
static uint32_t first(const struct image *im, const struct btf_at *b, int (*test)(unsigned int),
		      uint32_t skip)
{
	for (uint32_t id = skip + 1; id < b->cnt; id++)
		if (test(kind_at(im, b, id)))
			return id;
	return 0;
}

static int is_int(unsigned int k) { return k == BTF_KIND_INT; }
static int is_proto(unsigned int k) { return k == BTF_KIND_FUNC_PROTO; }

/* The DATASEC ".ksyms" (the externs __ksym declares), or 0. */
static uint32_t ksyms_sec(const struct image *im, const struct btf_at *b)
{
	for (uint32_t id = 1; id < b->cnt; id++) {
		uint32_t name = rd32(im->buf + b->rec[id]);

		if (kind_at(im, b, id) == BTF_KIND_DATASEC && name < b->str_len &&
		    !strcmp((const char *)im->buf + b->strs + name, ".ksyms"))
			return id;
	}
	return 0;
}

/* Entry i of DATASEC sec (btf_var_secinfo: type @0) and its type. */
static size_t entry_at(const struct btf_at *b, uint32_t sec, unsigned i)
{
	return b->rec[sec] + sizeof(struct btf_type) + i * sizeof(struct btf_var_secinfo);
}

/* .ksyms (elf/read/ksyms.c): an entry that is not a VAR or a FUNC, of
 * another linkage than extern, listed twice; a VAR whose type has no
 * size; a FUNC without a prototype. */
static void derive_ksyms(const struct image *im, const struct btf_at *b)
{
	uint32_t sec = ksyms_sec(im, b), n, var = 0, func = 0, id;
	unsigned char *v;

	if (!sec || !(n = vlen_at(im, b, sec)))
		return;
	for (unsigned i = 0; i < n; i++) {
		uint32_t t = rd32(im->buf + entry_at(b, sec, i));

		if (t < b->cnt && kind_at(im, b, t) == BTF_KIND_VAR && !var)
			var = t;
		if (t < b->cnt && kind_at(im, b, t) == BTF_KIND_FUNC && !func)
			func = t;
	}
	if ((id = first(im, b, is_int, 0)))
		VARIANT("btf-ksyms-entry-not-var", wr32(v + entry_at(b, sec, 0), id));
	if (n > 1)
		VARIANT("btf-ksyms-entry-twice",
			wr32(v + entry_at(b, sec, 1), rd32(v + entry_at(b, sec, 0))));
	if (var) {	/* btf_var: linkage @12 */
		VARIANT("btf-ksyms-var-not-extern", wr32(v + b->rec[var] + 12, BTF_VAR_GLOBAL_ALLOCATED));
		if ((id = first(im, b, is_proto, 0)))
			VARIANT("btf-ksyms-var-no-size", wr32(v + b->rec[var] + 8, id));
	}
	if (func) {	/* FUNC: linkage in vlen, type @8 */
		VARIANT("btf-ksyms-func-not-extern",
			wr32(v + b->rec[func] + 4, (uint32_t)BTF_KIND_FUNC << 24 | BTF_FUNC_GLOBAL));
		if ((id = first(im, b, is_int, 0)))
			VARIANT("btf-ksyms-func-no-proto", wr32(v + b->rec[func] + 8, id));
	}
}

static int is_ref(unsigned int k) { return is_modifier(k) || k == BTF_KIND_PTR; }
static int is_struct(unsigned int k) { return k == BTF_KIND_STRUCT || k == BTF_KIND_UNION; }
static int is_array(unsigned int k) { return k == BTF_KIND_ARRAY; }

void derive_btf(const struct image *im)
{
	struct btf_at b;
	unsigned char *v;
	uint32_t id, id2;

	if (locate(im, &b))
		return;
	/* btf_type: name_off @0, info @4, size/type @8; the tail from @12 */
	VARIANT("btf-bad-magic", wr32(v + b.hdr, 0x0001eb9f ^ 0x1234));
	VARIANT("btf-type-len-huge", wr32(v + b.hdr + 12, 0xfffffff0));	/* type_len */
	VARIANT("btf-str-len-huge", wr32(v + b.hdr + 20, 0xfffffff0));	/* str_len */
	VARIANT("btf-strings-unterminated", v[b.strs + b.str_len - 1] = 'x');
	if (b.cnt > 1) {
		VARIANT("btf-name-out-of-range", wr32(v + b.rec[1], b.str_len + 100));
		VARIANT("btf-kind-unknown",
			wr32(v + b.rec[1] + 4, (rd32(v + b.rec[1] + 4) & ~(0x1fu << 24)) | 31u << 24));
	}
	if ((id = first(im, &b, is_ref, 0))) {
		VARIANT("btf-ref-out-of-range", wr32(v + b.rec[id] + 8, HUGE_ID));
	}
	if ((id = first(im, &b, is_modifier, 0))) {
		VARIANT("btf-cycle-self", wr32(v + b.rec[id] + 8, id));
		if ((id2 = first(im, &b, is_modifier, id)))
			VARIANT("btf-cycle-pair",
				wr32(v + b.rec[id] + 8, id2); wr32(v + b.rec[id2] + 8, id));
	}
	for (id = first(im, &b, is_struct, 0); id && !vlen_at(im, &b, id);
	     id = first(im, &b, is_struct, id))
		;
	if (id) {	/* member 0: name_off @12, type @16, offset @20 */
		VARIANT("btf-member-out-of-range", wr32(v + b.rec[id] + 16, HUGE_ID));
		VARIANT("btf-cycle-struct-contains-itself", wr32(v + b.rec[id] + 16, id));
		VARIANT("btf-vlen-huge",
			wr32(v + b.rec[id] + 4, rd32(v + b.rec[id] + 4) | 0xffff));
	}
	if ((id = first(im, &b, is_array, 0))) {	/* btf_array: type @12 */
		VARIANT("btf-cycle-array-of-itself", wr32(v + b.rec[id] + 12, id));
	}
	derive_ksyms(im, &b);
	free(b.rec);
}

/* .BTF.ext: header (magic, version, flags, hdr_len @4, then off/len
 * pairs of func_info @8, line_info @16, core_relo @24), each subsection
 * a u32 record size then per ELF section: name_off, count, records. */
void derive_btf_ext(const struct image *im)
{
	static const char *const what[] = { "func", "line", "core" };
	size_t idx = sec_by_name(im->buf, ".BTF.ext"), ext;
	uint32_t hdr_len;
	unsigned char *v;
	char name[64];

	if (!idx)
		return;
	ext = shdr(im->buf, idx)->sh_offset;
	hdr_len = rd32(im->buf + ext + 4);
	VARIANT("btfext-bad-magic", wr32(v + ext, 0x0001eb9f ^ 0x1234));
	VARIANT("btfext-hdr-len-huge", wr32(v + ext + 4, 0xfffffff0));
	for (int k = 0; k < 3; k++) {
		size_t f = ext + 8 + 8 * (size_t)k, sub, sec, rec;
		uint32_t len;

		if (8 + 8 * (size_t)k + 8 > hdr_len || !(len = rd32(im->buf + f + 4)) || len < 12)
			continue;
		sub = ext + hdr_len + rd32(im->buf + f);
		sec = sub + 4;
		rec = sec + 8;
#define V(detail, change)                                               \
	do {                                                            \
		snprintf(name, sizeof(name), "btfext-%s-%s", what[k], detail); \
		VARIANT(name, change);                                  \
	} while (0)
		V("len-huge", wr32(v + f + 4, 0xfffffff0));
		V("record-size-zero", wr32(v + sub, 0));
		V("count-huge", wr32(v + sec + 4, 0xffffffff));
		V("section-name-out-of-range", wr32(v + sec, 0x7fffffff));
		V("insn-off-past-section", wr32(v + rec, 0x7ffffff8));
		if (k == 0)	/* bpf_func_info: insn_off, type_id */
			V("type-id-out-of-range", wr32(v + rec + 4, HUGE_ID));
		if (k == 1)	/* bpf_line_info: insn_off, file_name_off, line_off, ... */
			V("line-off-out-of-range", wr32(v + rec + 8, 0x7fffffff));
		if (k == 2) {	/* bpf_core_relo: insn_off, type_id, access_str_off, kind */
			V("type-id-out-of-range", wr32(v + rec + 4, HUGE_ID));
			V("access-str-out-of-range", wr32(v + rec + 8, 0x7fffffff));
			V("kind-unknown", wr32(v + rec + 12, 99));
		}
#undef V
	}
}
