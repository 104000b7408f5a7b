/* loader/load/btf_sanitize.c — .BTF rewritten for a kernel that knows fewer
 * BTF kinds.
 *
 * Documentation/bpf/btf.rst lists the kinds; each came with a kernel
 * version, and BPF_BTF_LOAD refuses a kind it does not know with EINVAL.
 * clang emits them whatever the kernel, so for an older kernel the loader
 * turns each unknown kind into one the kernel knows, of the same size and
 * record length, so that every type id stays the same (func_info, map
 * value types and CO-RE refer to ids). The rewrites are libbpf's
 * (bpf_object__sanitize_btf in src/libbpf.c):
 *
 *   missing             becomes
 *   VAR, DATASEC (5.2)  VAR: INT of 1 byte; DATASEC: STRUCT whose members
 *                       are its variables ('.' in its name becomes '_')
 *   DECL_TAG (5.16)     INT of 1 byte
 *   FUNC (5.0)          FUNC: TYPEDEF; FUNC_PROTO: ENUM of 4 bytes (its
 *                       parameters its values; unnamed ones get a name)
 *   global FUNC (5.6)   FUNC of static linkage
 *   FLOAT (5.13)        anonymous STRUCT of the same size, no members
 *   TYPE_TAG (5.17)     CONST
 *   ENUM64 (6.0)        UNION of the same size whose members (one per
 *                       value) are of a 1-byte INT added at the end; and
 *                       ENUM loses its kind_flag (signedness, also 6.0)
 *
 * Each record keeps its length: an INT's extra u32 takes the place of a
 * VAR's or DECL_TAG's, a STRUCT member (name, type, offset) that of a
 * DATASEC entry (type, offset, size) or an ENUM64 value (name, lo, hi),
 * an ENUM value (name, value) that of a FUNC_PROTO parameter (name, type).
 * Pure: no syscalls.
 */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf/btf.h"

#define INFO(kind, kflag, vlen) \
	((uint32_t)(kflag) << 31 | (uint32_t)(kind) << 24 | (uint32_t)(vlen))
#define PLACEHOLDER_NAME "enum64_placeholder"
#define PARAM_NAME "bl_param" /* for unnamed parameters, as enum values need names */

struct image {
	unsigned char *buf;
	struct btf_header *h;
	unsigned char *types;	/* the type area in buf */
	char *strs;		/* the string area in buf */
	const struct bl_btf *btf;
	uint32_t param_name;	/* string offset of PARAM_NAME, 0 if none */
};

static struct btf_type *rec(struct image *im, uint32_t id)
{
	const char *first = (const char *)bl_btf_type(im->btf, 1);

	return (struct btf_type *)(im->types + ((const char *)bl_btf_type(im->btf, id) - first));
}

static void to_int1(struct btf_type *t)
{
	t->info = INFO(BTF_KIND_INT, 0, 0);
	t->size = 1;
	*(uint32_t *)(t + 1) = 8; /* BTF_INT_ENC(encoding 0, offset 0, 8 bits) */
}

static void datasec_to_struct(struct image *im, struct btf_type *t)
{
	struct btf_var_secinfo *v = (struct btf_var_secinfo *)(t + 1);
	struct btf_member *m = (struct btf_member *)(t + 1);
	unsigned vlen = BTF_INFO_VLEN(t->info);

	for (char *p = im->strs + t->name_off; *p; p++)
		if (*p == '.' || *p == '?')
			*p = '_';
	t->info = INFO(BTF_KIND_STRUCT, 0, vlen);
	for (unsigned j = 0; j < vlen; j++) {
		struct btf_var_secinfo s = v[j];
		const struct btf_type *var = bl_btf_type(im->btf, s.type);

		m[j].name_off = var ? var->name_off : 0;
		m[j].type = s.type;
		m[j].offset = s.offset * 8;
	}
}

static void sanitize_one(struct image *im, uint32_t id, unsigned missing, uint32_t placeholder)
{
	struct btf_type *t = rec(im, id);
	unsigned kind = BTF_INFO_KIND(t->info), vlen = BTF_INFO_VLEN(t->info);

	if (((missing & BL_BTF_DATASEC) && kind == BTF_KIND_VAR) ||
	    ((missing & BL_BTF_DECL_TAG) && kind == BTF_KIND_DECL_TAG)) {
		to_int1(t);
	} else if ((missing & BL_BTF_DATASEC) && kind == BTF_KIND_DATASEC) {
		datasec_to_struct(im, t);
	} else if ((missing & BL_BTF_FUNC) && kind == BTF_KIND_FUNC_PROTO) {
		struct btf_param *p = (struct btf_param *)(t + 1);

		t->info = INFO(BTF_KIND_ENUM, 0, vlen);
		t->size = sizeof(uint32_t);
		for (unsigned j = 0; j < vlen; j++)
			if (!p[j].name_off)
				p[j].name_off = im->param_name;
	} else if ((missing & BL_BTF_FUNC) && kind == BTF_KIND_FUNC) {
		t->info = INFO(BTF_KIND_TYPEDEF, 0, 0);
	} else if ((missing & BL_BTF_GLOBAL_FUNC) && kind == BTF_KIND_FUNC) {
		t->info = INFO(BTF_KIND_FUNC, 0, BTF_FUNC_STATIC);
	} else if ((missing & BL_BTF_FLOAT) && kind == BTF_KIND_FLOAT) {
		t->name_off = 0;
		t->info = INFO(BTF_KIND_STRUCT, 0, 0);
	} else if ((missing & BL_BTF_TYPE_TAG) && kind == BTF_KIND_TYPE_TAG) {
		t->name_off = 0;
		t->info = INFO(BTF_KIND_CONST, 0, 0);
	} else if ((missing & BL_BTF_ENUM64) && kind == BTF_KIND_ENUM) {
		t->info = INFO(BTF_KIND_ENUM, 0, vlen);
	} else if ((missing & BL_BTF_ENUM64) && kind == BTF_KIND_ENUM64) {
		struct btf_member *m = (struct btf_member *)(t + 1);

		t->info = INFO(BTF_KIND_UNION, 0, vlen);
		for (unsigned j = 0; j < vlen; j++) {
			m[j].type = placeholder; /* name_off stays the value's name */
			m[j].offset = 0;
		}
	}
}

static bool uses_enum64(const struct bl_btf *btf)
{
	for (uint32_t id = 1; id < bl_btf_type_cnt(btf); id++)
		if (bl_btf_kind(bl_btf_type(btf, id)) == BTF_KIND_ENUM64)
			return true;
	return false;
}

int bl_btf_sanitize(const struct bl_btf *btf, unsigned missing, void **out, size_t *out_len)
{
	size_t raw_len, extra_types = 0, extra_strs = 0, len;
	const unsigned char *raw = bl_btf_raw(btf, &raw_len);
	const struct btf_header *oh = (const struct btf_header *)raw;
	uint32_t placeholder = 0;
	struct image im = { .btf = btf };

	*out = NULL;
	*out_len = 0;
	if (raw_len < sizeof(*oh) || oh->hdr_len % 4)
		return -EINVAL; /* records are rewritten in place: 4-byte aligned */
	if ((missing & BL_BTF_ENUM64) && uses_enum64(btf)) {
		extra_types = sizeof(struct btf_type) + sizeof(uint32_t);
		extra_strs = sizeof(PLACEHOLDER_NAME);
		placeholder = bl_btf_type_cnt(btf);
	}
	if (missing & BL_BTF_FUNC) {
		im.param_name = oh->str_len + (uint32_t)extra_strs;
		extra_strs += sizeof(PARAM_NAME);
	}
	/* header, types (+ the placeholder INT), strings (+ its name) */
	len = oh->hdr_len + oh->type_len + extra_types + oh->str_len + extra_strs;
	im.buf = calloc(1, len);
	if (!im.buf)
		return -ENOMEM;
	memcpy(im.buf, raw, oh->hdr_len);
	im.h = (struct btf_header *)im.buf;
	im.types = im.buf + oh->hdr_len;
	im.strs = (char *)im.types + oh->type_len + extra_types;
	memcpy(im.types, raw + oh->hdr_len + oh->type_off, oh->type_len);
	memcpy(im.strs, raw + oh->hdr_len + oh->str_off, oh->str_len);
	im.h->type_off = 0;
	im.h->type_len = oh->type_len + (uint32_t)extra_types;
	im.h->str_off = im.h->type_len;
	im.h->str_len = oh->str_len + (uint32_t)extra_strs;
	if (placeholder) {
		struct btf_type *t = (struct btf_type *)(im.types + oh->type_len);

		memcpy(im.strs + oh->str_len, PLACEHOLDER_NAME, sizeof(PLACEHOLDER_NAME));
		t->name_off = oh->str_len;
		to_int1(t);
	}
	if (im.param_name)
		memcpy(im.strs + im.param_name, PARAM_NAME, sizeof(PARAM_NAME));
	for (uint32_t id = 1; id < bl_btf_type_cnt(btf); id++)
		sanitize_one(&im, id, missing, placeholder);
	*out = im.buf;
	*out_len = len;
	return 0;
}
