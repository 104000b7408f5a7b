/* tests/unit/test_core_util.c — suite_core and the helpers of the CO-RE
 * tests: BTF records written by hand (Documentation/bpf/btf.rst, "2.2
 * Type Encoding") for the local object and for the target, and
 * bl_core_resolve run on them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_test.h"

uint32_t cb_int(struct bb *b, const char *name, uint32_t size, bool is_signed)
{
	uint32_t id = bb_type(b, name, BTF_KIND_INT, 0, 0, size);

	bb_u32(b, (is_signed ? BTF_INT_SIGNED << 24 : 0) | size * 8);
	return id;
}

uint32_t cb_struct(struct bb *b, const char *name, uint32_t size, unsigned int vlen)
{
	return bb_type(b, name, BTF_KIND_STRUCT, vlen, 0, size);
}

uint32_t cb_struct_bits(struct bb *b, const char *name, uint32_t size, unsigned int vlen)
{
	return bb_type(b, name, BTF_KIND_STRUCT, vlen, 1, size);
}

uint32_t cb_union(struct bb *b, const char *name, uint32_t size, unsigned int vlen)
{
	return bb_type(b, name, BTF_KIND_UNION, vlen, 0, size);
}

void cb_member(struct bb *b, const char *name, uint32_t type, uint32_t bit_off)
{
	bb_u32(b, bb_str(b, name));
	bb_u32(b, type);
	bb_u32(b, bit_off);
}

void cb_bitfield(struct bb *b, const char *name, uint32_t type, uint32_t bit_off, uint32_t bits)
{
	bb_u32(b, bb_str(b, name));
	bb_u32(b, type);
	bb_u32(b, bits << 24 | bit_off);
}

uint32_t cb_array(struct bb *b, uint32_t elem, uint32_t index_type, uint32_t nelems)
{
	uint32_t id = bb_type(b, "", BTF_KIND_ARRAY, 0, 0, 0);

	bb_u32(b, elem);
	bb_u32(b, index_type);
	bb_u32(b, nelems);
	return id;
}

uint32_t cb_ptr(struct bb *b, uint32_t type)
{
	return bb_type(b, "", BTF_KIND_PTR, 0, 0, type);
}

uint32_t cb_enum(struct bb *b, const char *name, uint32_t size, unsigned int vlen, bool is_signed)
{
	return bb_type(b, name, BTF_KIND_ENUM, vlen, is_signed, size);
}

void cb_enumval(struct bb *b, const char *name, int32_t val)
{
	bb_u32(b, bb_str(b, name));
	bb_u32(b, (uint32_t)val);
}

uint32_t cb_enum64(struct bb *b, const char *name, unsigned int vlen)
{
	return bb_type(b, name, BTF_KIND_ENUM64, vlen, 0, 8);
}

void cb_enum64val(struct bb *b, const char *name, uint64_t val)
{
	bb_u32(b, bb_str(b, name));
	bb_u32(b, (uint32_t)val);
	bb_u32(b, (uint32_t)(val >> 32));
}

void cb_local_s(struct bb *l, const char *sname)
{
	bb_init(l);
	cb_int(l, "int", 4, true);
	cb_int(l, "unsigned int", 4, false);
	cb_struct(l, sname, 8, 2);
	cb_member(l, "a", 1, 0);
	cb_member(l, "b", 1, 32);
}

struct bpf_core_relo cb_relo(struct bb *local, uint32_t type_id, const char *access,
			     uint32_t kind)
{
	struct bpf_core_relo r = { .insn_off = 0, .type_id = type_id, .kind = kind };

	r.access_str_off = bb_str(local, access);
	return r;
}

int cb_resolve(const struct bb *local, const struct bb *target, const struct bpf_core_relo *relo,
	       struct bl_core_result *res, struct bl_err *err)
{
	size_t ll, tl;
	unsigned char *li = bb_image(local, &ll), *ti = bb_image(target, &tl);
	struct bl_btf *lb = ut_btf_ok(li, ll, "local.bpf.o");
	struct bl_btf *tb = ut_btf_ok(ti, tl, "vmlinux");
	int rc;

	memset(err->msg, 0, sizeof(err->msg));
	rc = bl_core_resolve(lb, tb, relo, res, err);
	bl_btf_free(lb);
	bl_btf_free(tb);
	free(li);
	free(ti);
	return rc;
}

uint64_t cb_value(const struct bb *local, const struct bb *target, const struct bpf_core_relo *relo,
		  struct bl_core_result *res)
{
	struct bl_err err;
	int rc = cb_resolve(local, target, relo, res, &err);

	ck_assert_msg(rc == 0, "bl_core_resolve = %d: %s", rc, err.msg);
	return res->new_val;
}

void cb_fails(const struct bb *local, const struct bb *target, const struct bpf_core_relo *relo,
	      int code, const char *what)
{
	struct bl_core_result res;
	struct bl_err err;
	char words[256], *save = NULL;
	int rc = cb_resolve(local, target, relo, &res, &err);

	ck_assert_msg(rc == code, "bl_core_resolve = %d, expected %d (%s): %s", rc, code, what,
		      err.msg);
	ck_assert_msg(strchr(err.msg, '\n') == NULL, "not one line: \"%s\"", err.msg);
	snprintf(words, sizeof(words), "%s", what);
	for (char *w = strtok_r(words, "|", &save); w; w = strtok_r(NULL, "|", &save))
		ck_assert_msg(strstr(err.msg, w) != NULL, "message \"%s\" does not say \"%s\"",
			      err.msg, w);
}

Suite *suite_core(void)
{
	Suite *s = suite_create("core");

	suite_add_tcase(s, tcase_core_spec());
	suite_add_tcase(s, tcase_core_rules());
	suite_add_tcase(s, tcase_core_types());
	suite_add_tcase(s, tcase_core_patch());
	suite_add_tcase(s, tcase_core_vmlinux());
	return s;
}
