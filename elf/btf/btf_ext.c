/* elf/btf/btf_ext.c — parsing and checking a .BTF.ext section.
 *
 * Documentation/bpf/btf.rst, "4.2 .BTF.ext section". The layout:
 *
 *   header      magic 0xeB9F, version 1, flags, hdr_len, then the offset
 *               and length (relative to the end of the header) of the
 *               func_info and line_info subsections and, when hdr_len
 *               covers them, of core_relo
 *   subsection  u32 record size, then for each ELF section:
 *                 u32 name offset (in the .BTF string area), u32 count,
 *                 count records of that size
 *
 * The record size comes from the file so that a newer compiler can
 * append fields; it must be at least the size of the struct this code
 * knows (bpf_func_info, bpf_line_info, bpf_core_relo of <linux/bpf.h>),
 * whose fields are copied out of each record.
 */
#include "btf_ext.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Not in the UAPI: the .BTF.ext header as clang writes it. */
struct bl_btf_ext_header {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	uint32_t func_info_off;
	uint32_t func_info_len;
	uint32_t line_info_off;
	uint32_t line_info_len;
	uint32_t core_relo_off;	/* only when hdr_len >= 32 */
	uint32_t core_relo_len;
};

#define EXT_HDR_MIN offsetof(struct bl_btf_ext_header, core_relo_off)
#define BL_CORE_RELO_KIND_MAX 12	/* BPF_CORE_TYPE_MATCHES */

struct ext_parse {
	const unsigned char *data;
	size_t len;
	uint32_t hdr_len;
	const struct bl_btf *btf;
	const char *name;
	struct bl_err *err;
	/* where a failure is: "func_info of section 'x', record 3" */
	const char *what;
	const char *sec;
	long rec;
};

static int fail(struct ext_parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct ext_parse *p, const char *fmt, ...)
{
	char msg[BL_ERR_MAX / 2], where[BL_ERR_MAX / 4] = "";
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->what && p->sec && p->rec >= 0)
		snprintf(where, sizeof(where), "%s of section '%s', record %ld: ", p->what, p->sec,
			 p->rec);
	else if (p->what && p->sec)
		snprintf(where, sizeof(where), "%s of section '%s': ", p->what, p->sec);
	else if (p->what)
		snprintf(where, sizeof(where), "%s: ", p->what);
	return bl_err_set(p->err, -EINVAL, "%s: .BTF.ext: %s%s", p->name, where, msg);
}

static uint32_t rd32(const unsigned char *b)
{
	uint32_t v;

	memcpy(&v, b, sizeof(v));
	return v;
}

static int check_insn_off(struct ext_parse *p, uint32_t insn_off)
{
	if (insn_off % sizeof(struct bpf_insn))
		return fail(p, "insn_off %u is not a multiple of 8 (a byte offset of an instruction)",
			    insn_off);
	return 0;
}

static int check_str(struct ext_parse *p, const char *field, uint32_t off, int may_be_empty)
{
	const char *s = bl_btf_name(p->btf, off);

	if (!s)
		return fail(p, "%s %u is outside the .BTF string area", field, off);
	if (!may_be_empty && !*s)
		return fail(p, "%s %u is the empty string", field, off);
	return 0;
}

static int check_func_info(struct ext_parse *p, const void *rec)
{
	const struct bpf_func_info *r = rec;
	const struct btf_type *t = bl_btf_type(p->btf, r->type_id);
	int ret = check_insn_off(p, r->insn_off);

	if (ret)
		return ret;
	if (!t)
		return fail(p, "type_id %u is out of range (%u types in .BTF)", r->type_id,
			    bl_btf_type_cnt(p->btf));
	if (bl_btf_kind(t) != BTF_KIND_FUNC)
		return fail(p, "type_id %u (%s) is not a FUNC", r->type_id,
			    bl_btf_kind_name(bl_btf_kind(t)));
	return 0;
}

static int check_line_info(struct ext_parse *p, const void *rec)
{
	const struct bpf_line_info *r = rec;
	int ret = check_insn_off(p, r->insn_off);

	if (!ret)
		ret = check_str(p, "file_name_off", r->file_name_off, 1);
	if (!ret)
		ret = check_str(p, "line_off", r->line_off, 1);
	return ret;
}

static int check_core_relo(struct ext_parse *p, const void *rec)
{
	const struct bpf_core_relo *r = rec;
	int ret = check_insn_off(p, r->insn_off);

	if (ret)
		return ret;
	if (r->type_id >= bl_btf_type_cnt(p->btf))
		return fail(p, "type_id %u is out of range (%u types in .BTF)", r->type_id,
			    bl_btf_type_cnt(p->btf));
	if ((ret = check_str(p, "access_str_off", r->access_str_off, 0)))
		return ret;
	if ((uint32_t)r->kind > BL_CORE_RELO_KIND_MAX)
		return fail(p, "kind %u is not a known enum bpf_core_relo_kind (0 .. %u)",
			    (uint32_t)r->kind, BL_CORE_RELO_KIND_MAX);
	return 0;
}

struct sub_kind {
	const char *what;
	const char *rec_struct;
	size_t rec_min;
	int (*check)(struct ext_parse *p, const void *rec);
};

static const struct sub_kind func_info_kind = {
	"func_info", "bpf_func_info", sizeof(struct bpf_func_info), check_func_info,
};
static const struct sub_kind line_info_kind = {
	"line_info", "bpf_line_info", sizeof(struct bpf_line_info), check_line_info,
};
static const struct sub_kind core_relo_kind = {
	"core_relo", "bpf_core_relo", sizeof(struct bpf_core_relo), check_core_relo,
};

/* One section's records; d points at its name offset, left bytes. */
static int parse_sec(struct ext_parse *p, const struct sub_kind *k, struct bl_btf_ext_info *info,
		     const unsigned char *d, uint32_t left, uint32_t *used)
{
	uint32_t name_off = rd32(d), cnt = rd32(d + 4);
	struct bl_btf_ext_sec *s, *n;
	int ret;

	if ((ret = check_str(p, "section name offset", name_off, 0)))
		return ret;
	p->sec = bl_btf_name(p->btf, name_off);
	if (cnt == 0)
		return fail(p, "no records");
	if ((uint64_t)cnt * info->rec_size > left - 8)
		return fail(p, "%u records of %u bytes run past the end of the subsection (%u bytes left)",
			    cnt, info->rec_size, left - 8);
	n = realloc(info->secs, (info->sec_cnt + 1) * sizeof(*n));
	if (!n)
		return bl_err_set(p->err, -ENOMEM, "%s: .BTF.ext: out of memory", p->name);
	info->secs = n;
	s = &info->secs[info->sec_cnt];
	memset(s, 0, sizeof(*s));
	s->name = strdup(p->sec);
	s->recs = calloc(cnt, k->rec_min);
	info->sec_cnt++;	/* counted now: freed with the rest on failure */
	if (!s->name || !s->recs)
		return bl_err_set(p->err, -ENOMEM, "%s: .BTF.ext: out of memory", p->name);
	s->name_off = name_off;
	s->cnt = cnt;
	for (uint32_t i = 0; i < cnt; i++) {
		void *rec = (unsigned char *)s->recs + (size_t)i * k->rec_min;

		memcpy(rec, d + 8 + (size_t)i * info->rec_size, k->rec_min);
		p->rec = i;
		if ((ret = k->check(p, rec)))
			return ret;
	}
	p->rec = -1;
	*used = 8 + cnt * info->rec_size;
	return 0;
}

static int parse_info(struct ext_parse *p, const struct sub_kind *k, uint32_t off, uint32_t len,
		      struct bl_btf_ext_info *info)
{
	const unsigned char *d;
	uint32_t pos;

	p->what = k->what;
	p->sec = NULL;
	p->rec = -1;
	if (len == 0)
		return 0;
	if ((uint64_t)off + len > p->len - p->hdr_len)
		return fail(p, "offset %u, length %u: runs past the end of the section (%zu bytes after the header)",
			    off, len, p->len - p->hdr_len);
	d = p->data + p->hdr_len + off;
	if (len < sizeof(uint32_t))
		return fail(p, "%u bytes: too short for the record size", len);
	info->rec_size = rd32(d);
	if (info->rec_size < k->rec_min || info->rec_size % sizeof(uint32_t))
		return fail(p, "record size %u: must be a multiple of 4 and at least %zu (struct %s)",
			    info->rec_size, k->rec_min, k->rec_struct);
	for (pos = sizeof(uint32_t); pos < len;) {
		uint32_t used = 0;
		int ret;

		p->sec = NULL;
		p->rec = -1;
		if (len - pos < 8)
			return fail(p, "section header at byte %u: cut off by the end of the subsection (%u bytes)",
				    pos, len);
		if ((ret = parse_sec(p, k, info, d + pos, len - pos, &used)))
			return ret;
		pos += used;
	}
	return 0;
}

int bl_btf_ext_parse(const void *data, size_t len, const struct bl_btf *btf, const char *name,
		     struct bl_btf_ext **out, struct bl_err *err)
{
	struct ext_parse p = { .data = data, .len = len, .btf = btf, .name = name, .err = err,
			       .rec = -1 };
	struct bl_btf_ext_header h = { 0 };
	struct bl_btf_ext *ext;
	int ret;

	*out = NULL;
	if (len < EXT_HDR_MIN)
		return fail(&p, "truncated: %zu bytes, the header alone is at least %zu", len,
			    EXT_HDR_MIN);
	memcpy(&h, data, EXT_HDR_MIN);
	if (h.magic == 0x9feb)
		return fail(&p, "magic 0x9feb: the byte order differs from this machine's");
	if (h.magic != BTF_MAGIC)
		return fail(&p, "bad magic 0x%04x, expected 0x%04x", h.magic, BTF_MAGIC);
	if (h.version != BTF_VERSION)
		return fail(&p, "version %u, expected %u", h.version, BTF_VERSION);
	if (h.flags)
		return fail(&p, "header flags 0x%x: none are defined", h.flags);
	if (h.hdr_len < EXT_HDR_MIN || h.hdr_len > len)
		return fail(&p, "hdr_len %u is outside %zu .. %zu (the section's size)", h.hdr_len,
			    EXT_HDR_MIN, len);
	/* Longer headers (core_relo, and fields newer than this code) are
	 * read as far as this code knows them. */
	memcpy(&h, data, h.hdr_len < sizeof(h) ? h.hdr_len : sizeof(h));
	p.hdr_len = h.hdr_len;

	ext = calloc(1, sizeof(*ext));
	if (!ext)
		return bl_err_set(err, -ENOMEM, "%s: .BTF.ext: out of memory", name);
	ret = parse_info(&p, &func_info_kind, h.func_info_off, h.func_info_len, &ext->func_info);
	if (!ret)
		ret = parse_info(&p, &line_info_kind, h.line_info_off, h.line_info_len,
				 &ext->line_info);
	if (!ret)
		ret = parse_info(&p, &core_relo_kind, h.core_relo_off, h.core_relo_len,
				 &ext->core_relo);
	if (ret) {
		bl_btf_ext_free(ext);
		return ret;
	}
	*out = ext;
	return 0;
}

static void free_info(struct bl_btf_ext_info *info)
{
	for (size_t i = 0; i < info->sec_cnt; i++) {
		free(info->secs[i].name);
		free(info->secs[i].recs);
	}
	free(info->secs);
}

void bl_btf_ext_free(struct bl_btf_ext *ext)
{
	if (!ext)
		return;
	free_info(&ext->func_info);
	free_info(&ext->line_info);
	free_info(&ext->core_relo);
	free(ext);
}

const struct bl_btf_ext_sec *bl_btf_ext_find(const struct bl_btf_ext_info *info,
					     const char *section)
{
	for (size_t i = 0; i < info->sec_cnt; i++)
		if (strcmp(info->secs[i].name, section) == 0)
			return &info->secs[i];
	return NULL;
}

const char *bl_core_relo_kind_name(uint32_t kind)
{
	static const char *const names[] = {
		"byte_off", "byte_sz", "field_exists", "signed", "lshift_u64",
		"rshift_u64", "local_type_id", "target_type_id", "type_exists",
		"type_size", "enumval_exists", "enumval_value", "type_matches",
	};

	return kind < sizeof(names) / sizeof(names[0]) ? names[kind] : NULL;
}
