/* tests/unit/test_btf_oracle.c — elf/btf/btf.c against bpftool, an
 * independent reader of BTF (libbpf's): every type of every built
 * bpf-progs object, and of the running kernel's /sys/kernel/btf/vmlinux
 * (every kind, some 100 000 types), is printed here in the text format
 * of `bpftool btf dump file X` and compared line by line.
 *
 * bpftool is not a build dependency: without it (Debian: apt-get install
 * bpftool) the test prints one SKIP line. Without a readable
 * /sys/kernel/btf/vmlinux that part is skipped.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

#define VMLINUX "/sys/kernel/btf/vmlinux"

static const char *nm(const struct bl_btf *btf, uint32_t off)
{
	const char *s = bl_btf_name(btf, off);

	return s && *s ? s : "(anon)";
}

static const char *linkage(uint32_t l)
{
	return l == 0 ? "static" : l == 1 ? "global" : l == 2 ? "extern" : "(unknown)";
}

static const char *int_enc(uint32_t enc)
{
	switch (enc) {
	case 0: return "(none)";
	case BTF_INT_SIGNED: return "SIGNED";
	case BTF_INT_CHAR: return "CHAR";
	case BTF_INT_BOOL: return "BOOL";
	}
	return "UNKN";
}

/* One type as `bpftool btf dump` prints it (its "raw" format). */
static void dump_type(FILE *f, const struct bl_btf *btf, uint32_t id)
{
	const struct btf_type *t = bl_btf_type(btf, id);
	unsigned int kind = bl_btf_kind(t), vlen = bl_btf_vlen(t);

	fprintf(f, "[%u] %s '%s'", id, bl_btf_kind_name(kind), nm(btf, t->name_off));
	switch (kind) {
	case BTF_KIND_INT:
		fprintf(f, " size=%u bits_offset=%u nr_bits=%u encoding=%s", t->size,
			BTF_INT_OFFSET(bl_btf_int_data(t)), BTF_INT_BITS(bl_btf_int_data(t)),
			int_enc(BTF_INT_ENCODING(bl_btf_int_data(t))));
		break;
	case BTF_KIND_PTR: case BTF_KIND_CONST: case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT: case BTF_KIND_TYPEDEF: case BTF_KIND_TYPE_TAG:
		fprintf(f, " type_id=%u", t->type);
		break;
	case BTF_KIND_ARRAY:
		fprintf(f, " type_id=%u index_type_id=%u nr_elems=%u", bl_btf_array(t)->type,
			bl_btf_array(t)->index_type, bl_btf_array(t)->nelems);
		break;
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		fprintf(f, " size=%u vlen=%u", t->size, vlen);
		for (unsigned int i = 0; i < vlen; i++) {
			const struct btf_member *m = &bl_btf_members(t)[i];

			fprintf(f, "\n\t'%s' type_id=%u bits_offset=%u", nm(btf, m->name_off), m->type,
				bl_btf_member_bit_offset(t, m));
			if (bl_btf_member_bitfield_size(t, m))
				fprintf(f, " bitfield_size=%u", bl_btf_member_bitfield_size(t, m));
		}
		break;
	case BTF_KIND_ENUM:
		fprintf(f, " encoding=%s size=%u vlen=%u", bl_btf_kflag(t) ? "SIGNED" : "UNSIGNED",
			t->size, vlen);
		for (unsigned int i = 0; i < vlen; i++) {
			const struct btf_enum *e = &bl_btf_enums(t)[i];

			if (bl_btf_kflag(t))
				fprintf(f, "\n\t'%s' val=%d", nm(btf, e->name_off), e->val);
			else
				fprintf(f, "\n\t'%s' val=%u", nm(btf, e->name_off), (uint32_t)e->val);
		}
		break;
	case BTF_KIND_ENUM64:
		fprintf(f, " encoding=%s size=%u vlen=%u", bl_btf_kflag(t) ? "SIGNED" : "UNSIGNED",
			t->size, vlen);
		for (unsigned int i = 0; i < vlen; i++) {
			const struct btf_enum64 *e = &bl_btf_enum64s(t)[i];
			uint64_t v = (uint64_t)e->val_hi32 << 32 | e->val_lo32;

			if (bl_btf_kflag(t))
				fprintf(f, "\n\t'%s' val=%lldLL", nm(btf, e->name_off), (long long)v);
			else
				fprintf(f, "\n\t'%s' val=%lluULL", nm(btf, e->name_off),
					(unsigned long long)v);
		}
		break;
	case BTF_KIND_FWD:
		fprintf(f, " fwd_kind=%s", bl_btf_kflag(t) ? "union" : "struct");
		break;
	case BTF_KIND_FUNC:
		fprintf(f, " type_id=%u linkage=%s", t->type, linkage(vlen));
		break;
	case BTF_KIND_FUNC_PROTO:
		fprintf(f, " ret_type_id=%u vlen=%u", t->type, vlen);
		for (unsigned int i = 0; i < vlen; i++)
			fprintf(f, "\n\t'%s' type_id=%u", nm(btf, bl_btf_params(t)[i].name_off),
				bl_btf_params(t)[i].type);
		break;
	case BTF_KIND_VAR:
		fprintf(f, " type_id=%u, linkage=%s", t->type, linkage(bl_btf_var(t)->linkage));
		break;
	case BTF_KIND_DATASEC:
		fprintf(f, " size=%u vlen=%u", t->size, vlen);
		for (unsigned int i = 0; i < vlen; i++) {
			const struct btf_var_secinfo *v = &bl_btf_secinfos(t)[i];
			const struct btf_type *vt = bl_btf_type(btf, v->type);

			fprintf(f, "\n\ttype_id=%u offset=%u size=%u (%s '%s')", v->type, v->offset,
				v->size, bl_btf_kind_name(bl_btf_kind(vt)), nm(btf, vt->name_off));
		}
		break;
	case BTF_KIND_FLOAT:
		fprintf(f, " size=%u", t->size);
		break;
	case BTF_KIND_DECL_TAG:
		fprintf(f, " type_id=%u component_idx=%d", t->type, bl_btf_decl_tag(t)->component_idx);
		break;
	}
	fputc('\n', f);
}

static char *dump_all(const struct bl_btf *btf, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	ck_assert_ptr_nonnull(f);
	for (uint32_t id = 1; id < bl_btf_type_cnt(btf); id++)
		dump_type(f, btf, id);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

static char *bpftool_dump(const char *path, size_t *len)
{
	char cmd[4200], *buf = NULL;
	FILE *out, *p;
	char chunk[65536];
	size_t n;

	snprintf(cmd, sizeof(cmd), "bpftool btf dump file '%s' 2>&1", path);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	out = open_memstream(&buf, len);
	ck_assert_ptr_nonnull(out);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		fwrite(chunk, 1, n, out);
	ck_assert_msg(pclose(p) == 0, "%s failed: %.300s", cmd, buf ? buf : "");
	fclose(out);
	return buf;
}

/* Line by line; the first difference fails the test. */
static void compare(const char *what, const char *ours, const char *theirs)
{
	size_t line = 1;

	ck_assert_msg(strncmp(theirs, "[1] ", 4) == 0, "%s: bpftool printed \"%.200s\"", what, theirs);

	while (*ours || *theirs) {
		size_t a = strcspn(ours, "\n"), b = strcspn(theirs, "\n");

		ck_assert_msg(a == b && memcmp(ours, theirs, a) == 0,
			      "%s: line %zu differs:\n  elf/btf/btf.c: %.*s\n  bpftool:   %.*s", what, line,
			      (int)a, ours, (int)b, theirs);
		ours += a + (ours[a] == '\n');
		theirs += b + (theirs[b] == '\n');
		line++;
	}
}

static bool have_bpftool(const char *test)
{
	if (system("command -v bpftool >/dev/null 2>&1") == 0)
		return true;
	fprintf(stderr, "SKIP %s: bpftool is not installed (apt-get install bpftool)\n", test);
	return false;
}

START_TEST(objects_as_bpftool)
{
	const char *dir = getenv("BL_BUILD_DIR");
	char pat[4096];
	glob_t g;

	if (!have_bpftool(__func__))
		return;
	snprintf(pat, sizeof(pat), "%s/bpf-progs/*.bpf.o", dir && *dir ? dir : "build");
	if (glob(pat, 0, NULL, &g) != 0) {
		ck_assert_msg(!getenv("BL_REQUIRE_OBJECTS"), "no objects match %s", pat);
		fprintf(stderr, "SKIP %s: no objects match %s\n", __func__, pat);
		return;
	}
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct bl_object_spec *obj = ut_read_ok(g.gl_pathv[i]);
		size_t n1, n2;
		char *ours, *theirs;

		ck_assert_msg(obj->btf != NULL, "%s: no .BTF", g.gl_pathv[i]);
		ours = dump_all(obj->btf, &n1);
		theirs = bpftool_dump(g.gl_pathv[i], &n2);
		compare(g.gl_pathv[i], ours, theirs);
		free(ours);
		free(theirs);
		bl_object_spec_free(obj);
	}
	globfree(&g);
}
END_TEST

START_TEST(vmlinux_as_bpftool)
{
	struct bl_btf *btf;
	unsigned char *data;
	size_t len, n1, n2;
	char *ours, *theirs;
	FILE *f;

	if (!have_bpftool(__func__))
		return;
	f = fopen(VMLINUX, "rb");
	if (!f) {
		fprintf(stderr, "SKIP %s: cannot read %s\n", __func__, VMLINUX);
		return;
	}
	fclose(f);
	data = ut_slurp(VMLINUX, &len);
	btf = ut_btf_ok(data, len, VMLINUX);
	ck_assert_uint_gt(bl_btf_type_cnt(btf), 1000);
	ck_assert_int_gt(bl_btf_find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT), 0);
	ours = dump_all(btf, &n1);
	theirs = bpftool_dump(VMLINUX, &n2);
	compare(VMLINUX, ours, theirs);
	free(ours);
	free(theirs);
	bl_btf_free(btf);
	free(data);
}
END_TEST

TCase *tcase_btf_oracle(void)
{
	TCase *tc = tcase_create("bpftool");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, objects_as_bpftool);
	tcase_add_test(tc, vmlinux_as_bpftool);
	return tc;
}
