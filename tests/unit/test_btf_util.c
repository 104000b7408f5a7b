/* tests/unit/test_btf_util.c — helpers of the BTF tests: the bytes of a
 * real object's .BTF / .BTF.ext, and a small writer of .BTF images for
 * what clang does not emit (ENUM64, cycles, broken records). The layout
 * written is that of Documentation/bpf/btf.rst, "2. BTF Type and String
 * Encoding": struct btf_header, type area, string area.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

unsigned char *ut_section_copy(const char *obj_name, const char *section, size_t *len)
{
	char *path = ut_prog_path(obj_name);
	size_t img_len;
	unsigned char *img = ut_slurp(path, &img_len), *copy;
	Elf64_Shdr *sh = ue_shdr_named(img, section, NULL);

	ck_assert_uint_le(sh->sh_offset + sh->sh_size, img_len);
	copy = malloc(sh->sh_size ? sh->sh_size : 1);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, img + sh->sh_offset, sh->sh_size);
	*len = sh->sh_size;
	free(img);
	free(path);
	return copy;
}

void bb_init(struct bb *b)
{
	memset(b, 0, sizeof(*b));
	b->strs[0] = '\0';
	b->str_len = 1;
}

uint32_t bb_str(struct bb *b, const char *s)
{
	size_t n = strlen(s) + 1;
	uint32_t off = (uint32_t)b->str_len;

	if (!*s)
		return 0;
	ck_assert_uint_le(b->str_len + n, sizeof(b->strs));
	memcpy(b->strs + b->str_len, s, n);
	b->str_len += n;
	return off;
}

void bb_u32(struct bb *b, uint32_t v)
{
	ck_assert_uint_lt(b->type_words, sizeof(b->types) / sizeof(b->types[0]));
	b->types[b->type_words++] = v;
}

uint32_t bb_type(struct bb *b, const char *name, unsigned int kind, unsigned int vlen, int kflag,
		 uint32_t size_or_type)
{
	bb_u32(b, bb_str(b, name));
	bb_u32(b, (kflag ? 1u << 31 : 0) | (kind & 0x1f) << 24 | (vlen & 0xffff));
	bb_u32(b, size_or_type);
	return ++b->type_cnt;
}

unsigned char *bb_image(const struct bb *b, size_t *len)
{
	struct btf_header h = {
		.magic = BTF_MAGIC, .version = BTF_VERSION, .hdr_len = sizeof(h),
		.type_off = 0, .type_len = (uint32_t)(b->type_words * 4),
		.str_off = (uint32_t)(b->type_words * 4), .str_len = (uint32_t)b->str_len,
	};
	unsigned char *img;

	*len = sizeof(h) + h.type_len + h.str_len;
	img = malloc(*len);
	ck_assert_ptr_nonnull(img);
	memcpy(img, &h, sizeof(h));
	memcpy(img + sizeof(h), b->types, h.type_len);
	memcpy(img + sizeof(h) + h.type_len, b->strs, h.str_len);
	return img;
}

struct bl_btf *ut_btf_ok(const void *data, size_t len, const char *name)
{
	struct bl_btf *btf = NULL;
	struct bl_err err = { "" };
	int rc = bl_btf_parse(data, len, name, &btf, &err);

	ck_assert_msg(rc == 0, "bl_btf_parse(%s) = %d: %s", name, rc, err.msg);
	ck_assert_ptr_nonnull(btf);
	return btf;
}

bool ut_msg_has(const char *msg, const char *what)
{
	char words[256], *save = NULL;

	snprintf(words, sizeof(words), "%s", what);
	for (char *w = strtok_r(words, "|", &save); w; w = strtok_r(NULL, "|", &save))
		if (strstr(msg, w))
			return true;
	return false;
}

void ut_btf_reject(const void *data, size_t len, const char *name, const char *what,
		   const char *where)
{
	struct bl_btf *btf = NULL;
	struct bl_err err;
	char prefix[128];
	int rc;

	memset(err.msg, 0, sizeof(err.msg));
	rc = bl_btf_parse(data, len, name, &btf, &err);
	ck_assert_msg(rc < 0 && rc >= -4095, "%s: accepted or bad code %d (want an error naming \"%s\")",
		      name, rc, what);
	ck_assert_ptr_null(btf);
	snprintf(prefix, sizeof(prefix), "%s: .BTF: ", name);
	ck_assert_msg(strncmp(err.msg, prefix, strlen(prefix)) == 0,
		      "%s: message does not start with \"%s\": \"%s\"", name, prefix, err.msg);
	ck_assert_msg(strchr(err.msg, '\n') == NULL, "%s: not one line: \"%s\"", name, err.msg);
	ck_assert_msg(ut_msg_has(err.msg, what), "%s: message \"%s\" does not say \"%s\"", name,
		      err.msg, what);
	if (where)
		ck_assert_msg(strstr(err.msg, where) != NULL, "%s: message \"%s\" does not name \"%s\"",
			      name, err.msg, where);
}
