/* tests/fuzz/targets.c — what the fuzz targets do with one input, and the
 * invariants they check (see fuzz.h).
 *
 * The readers under test promise (elf/object.h, elf/btf/btf.h, elf/btf/btf_ext.h)
 * that a hostile file gets a negative errno and one line naming the file,
 * and that whatever they return can be followed without further bounds
 * checks. So on failure the message is checked, and on success every
 * pointer, index and count of the result is followed: a reader that let
 * something through which does not hold shows up here as an abort, or as
 * an out-of-bounds read under AddressSanitizer.
 */
#include "fuzz.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf/btf.h"
#include "elf/btf/btf_ext.h"
#include "elf/value/btf_hist.h"
#include "elf/value/btf_value.h"
#include "elf/object.h"

const char *bl_fuzz_current;

/* Reads every byte of [p, p + n): AddressSanitizer checks the range. */
static volatile unsigned char fz_sink;
static void touch(const void *p, size_t n)
{
	const unsigned char *b = p;
	unsigned char x = 0;

	for (size_t i = 0; i < n; i++)
		x ^= b[i];
	fz_sink = x;
}

static void touch_str(const char *s)
{
	FZ_CHECK(s != NULL);
	touch(s, strlen(s) + 1);
}

void bl_fuzz_check_line(const char *msg, size_t cap)
{
	size_t n = strnlen(msg, cap);

	FZ_CHECK(n > 0 && n < cap);
	for (size_t i = 0; i < n; i++)
		FZ_CHECK_MSG((unsigned char)msg[i] >= 0x20 && msg[i] != 0x7f, msg);
}

/* A refusal: negative errno, nothing handed out, one line that names the
 * input first. */
static void check_refusal(int ret, const void *out, const struct bl_err *err)
{
	bl_fuzz_check_line(err->msg, sizeof(err->msg));
	FZ_CHECK_MSG(ret < 0 && ret > -4096, err->msg);
	FZ_CHECK_MSG(out == NULL, err->msg);
	FZ_CHECK_MSG(strncmp(err->msg, BL_FUZZ_NAME ": ", strlen(BL_FUZZ_NAME) + 2) == 0, err->msg);
	FZ_CHECK_MSG(strlen(err->msg) > strlen(BL_FUZZ_NAME) + 2, err->msg);
}

static void check_type_ref(const struct bl_btf *btf, uint32_t id)
{
	FZ_CHECK(bl_btf_type(btf, id) != NULL);
}

static void check_name_ref(const struct bl_btf *btf, uint32_t off)
{
	touch_str(bl_btf_name(btf, off));
}

/* Everything bl_btf_parse promises about a parsed .BTF. */
static void walk_btf(const struct bl_btf *btf)
{
	uint32_t cnt = bl_btf_type_cnt(btf);
	size_t raw_len;
	const void *raw = bl_btf_raw(btf, &raw_len);

	FZ_CHECK(cnt >= 1);
	touch(raw, raw_len);
	FZ_CHECK(bl_btf_type(btf, cnt) == NULL);
	FZ_CHECK(bl_btf_type(btf, 0) != NULL && bl_btf_type(btf, 0)->info == 0);
	FZ_CHECK(bl_btf_name(btf, 0) != NULL && *bl_btf_name(btf, 0) == '\0');
	for (uint32_t id = 1; id < cnt; id++) {
		const struct btf_type *t = bl_btf_type(btf, id);
		unsigned int kind, vlen;
		uint32_t size, res = 0;

		FZ_CHECK(t != NULL);
		touch(t, sizeof(*t));
		kind = bl_btf_kind(t);
		vlen = bl_btf_vlen(t);
		check_name_ref(btf, t->name_off);
		touch_str(bl_btf_kind_name(kind));
		switch (kind) {
		case BTF_KIND_INT:
			touch(t + 1, sizeof(uint32_t));
			break;
		case BTF_KIND_PTR: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST: case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG:
		case BTF_KIND_FUNC: case BTF_KIND_VAR:
			check_type_ref(btf, t->type);
			if (kind == BTF_KIND_FUNC)
				FZ_CHECK(bl_btf_kind(bl_btf_type(btf, t->type)) == BTF_KIND_FUNC_PROTO);
			if (kind == BTF_KIND_VAR)
				touch(bl_btf_var(t), sizeof(struct btf_var));
			break;
		case BTF_KIND_ARRAY:
			check_type_ref(btf, bl_btf_array(t)->type);
			check_type_ref(btf, bl_btf_array(t)->index_type);
			break;
		case BTF_KIND_STRUCT: case BTF_KIND_UNION:
			for (unsigned int i = 0; i < vlen; i++) {
				const struct btf_member *m = &bl_btf_members(t)[i];

				check_name_ref(btf, m->name_off);
				check_type_ref(btf, m->type);
				(void)bl_btf_member_bit_offset(t, m);
				(void)bl_btf_member_bitfield_size(t, m);
			}
			break;
		case BTF_KIND_ENUM:
			for (unsigned int i = 0; i < vlen; i++)
				check_name_ref(btf, bl_btf_enums(t)[i].name_off);
			break;
		case BTF_KIND_ENUM64:
			for (unsigned int i = 0; i < vlen; i++)
				check_name_ref(btf, bl_btf_enum64s(t)[i].name_off);
			break;
		case BTF_KIND_FUNC_PROTO:
			check_type_ref(btf, t->type);
			for (unsigned int i = 0; i < vlen; i++) {
				check_name_ref(btf, bl_btf_params(t)[i].name_off);
				check_type_ref(btf, bl_btf_params(t)[i].type);
			}
			break;
		case BTF_KIND_DATASEC:
			for (unsigned int i = 0; i < vlen; i++) {
				const struct btf_var_secinfo *v = &bl_btf_secinfos(t)[i];
				unsigned int k;

				check_type_ref(btf, v->type);
				k = bl_btf_kind(bl_btf_type(btf, v->type));
				FZ_CHECK(k == BTF_KIND_VAR || k == BTF_KIND_FUNC);
			}
			break;
		case BTF_KIND_DECL_TAG:
			check_type_ref(btf, t->type);
			touch(bl_btf_decl_tag(t), sizeof(struct btf_decl_tag));
			break;
		case BTF_KIND_FWD: case BTF_KIND_FLOAT:
			break;
		default:
			FZ_CHECK(!"unknown kind accepted");
		}
		/* The chain walkers must stop, whatever the links. */
		(void)bl_btf_resolve_size(btf, id, &size);
		if (bl_btf_skip_modifiers(btf, id, &res))
			check_type_ref(btf, res);
		if (id < 64) {
			int found = bl_btf_find_by_name_kind(btf, bl_btf_name(btf, t->name_off), kind);

			FZ_CHECK(found >= 1 && (uint32_t)found <= id);
		}
	}
}

static void walk_ext_info(const struct bl_btf *btf, const struct bl_btf_ext_info *info,
			  int which)
{
	static const size_t rec_min[] = { sizeof(struct bpf_func_info),
					  sizeof(struct bpf_line_info),
					  sizeof(struct bpf_core_relo) };

	FZ_CHECK(info->sec_cnt == 0 || info->rec_size >= rec_min[which]);
	for (size_t i = 0; i < info->sec_cnt; i++) {
		const struct bl_btf_ext_sec *s = &info->secs[i];
		const struct bl_btf_ext_sec *f;

		touch_str(s->name);
		FZ_CHECK(bl_btf_name(btf, s->name_off) != NULL);
		FZ_CHECK(strcmp(bl_btf_name(btf, s->name_off), s->name) == 0);
		FZ_CHECK(s->cnt > 0);
		touch(s->recs, (size_t)s->cnt * rec_min[which]);
		for (uint32_t r = 0; r < s->cnt; r++) {
			if (which == 0) {
				const struct btf_type *t = bl_btf_type(btf, s->func_info[r].type_id);

				FZ_CHECK(t && bl_btf_kind(t) == BTF_KIND_FUNC);
				FZ_CHECK(s->func_info[r].insn_off % 8 == 0);
			} else if (which == 1) {
				check_name_ref(btf, s->line_info[r].file_name_off);
				check_name_ref(btf, s->line_info[r].line_off);
				FZ_CHECK(s->line_info[r].insn_off % 8 == 0);
			} else {
				check_type_ref(btf, s->core_relo[r].type_id);
				check_name_ref(btf, s->core_relo[r].access_str_off);
				touch_str(bl_core_relo_kind_name(s->core_relo[r].kind));
				FZ_CHECK(s->core_relo[r].insn_off % 8 == 0);
			}
		}
		f = bl_btf_ext_find(info, s->name);
		FZ_CHECK(f != NULL && f <= s && strcmp(f->name, s->name) == 0);
	}
}

static void walk_btf_ext(const struct bl_btf *btf, const struct bl_btf_ext *ext)
{
	walk_ext_info(btf, &ext->func_info, 0);
	walk_ext_info(btf, &ext->line_info, 1);
	walk_ext_info(btf, &ext->core_relo, 2);
}

/* A program or subprogram: its place, instructions and relocations. */
static void walk_program(const struct bl_object_spec *obj, const struct bl_prog_spec *p, bool sub)
{
	touch_str(p->name);
	touch_str(p->section);
	if (p->attach_target)
		touch_str(p->attach_target);
	FZ_CHECK(!sub || p->def == NULL);
	FZ_CHECK(p->shndx > 0 && p->shndx < obj->section_cnt);
	FZ_CHECK(strcmp(p->section, obj->sections[p->shndx].name) == 0);
	FZ_CHECK(p->sec_offset % 8 == 0);
	FZ_CHECK(p->insn_cnt > 0);
	FZ_CHECK(p->sec_offset + p->insn_cnt * 8 <= obj->sections[p->shndx].size);
	FZ_CHECK(bl_object_spec_func_at(obj, p->shndx, p->sec_offset) == p);
	touch(p->insns, p->insn_cnt * sizeof(*p->insns));
	if (!sub)
		FZ_CHECK(bl_object_spec_find_prog(obj, p->name) != NULL);
	for (size_t k = 0; k < p->reloc_cnt; k++) {
		const struct bl_reloc *r = &p->relocs[k];

		touch_str(bl_reloc_kind_name(r->kind));
		FZ_CHECK(r->insn < p->insn_cnt);
		touch_str(r->sym_name);
		FZ_CHECK(r->map >= -1 && r->map < (long)obj->map_cnt);
		if (r->kind == BL_RELOC_MAP)
			FZ_CHECK(r->map >= 0);
		if (r->kind == BL_RELOC_MAP || r->kind == BL_RELOC_DATA) {
			FZ_CHECK(r->insn + 1 < p->insn_cnt);
			FZ_CHECK(p->insns[r->insn].code == (BPF_LD | BPF_IMM | BPF_DW));
		}
		/* (whether a function is there is the loader's check) */
		if (r->kind == BL_RELOC_CALL)
			FZ_CHECK(r->off % 8 == 0 && r->sym_shndx < obj->section_cnt);
	}
}

/* Global variables: found through the fixed .BTF's DATASECs, inside
 * their map's value; setting one keeps it there. */
static void walk_vars(struct bl_object_spec *obj)
{
	const struct bl_btf *btf = obj->btf_fixed;
	uint32_t tried = 0;

	for (uint32_t id = 1; id < bl_btf_type_cnt(btf) && tried < 16; id++) {
		const struct btf_type *t = bl_btf_type(btf, id);
		const char *name = bl_btf_name(btf, t->name_off);
		struct bl_err err = { "" };
		struct bl_var v;

		if (bl_btf_kind(t) != BTF_KIND_VAR || !*name)
			continue;
		tried++;
		if (bl_object_spec_find_var(obj, name, &v, &err)) {
			bl_fuzz_check_line(err.msg, sizeof(err.msg));
			continue;
		}
		touch_str(v.name);
		FZ_CHECK(v.map >= 0 && (size_t)v.map < obj->map_cnt);
		FZ_CHECK((uint64_t)v.offset + v.size <= obj->maps[v.map].value_size);
		FZ_CHECK(bl_btf_type(obj->btf, v.type_id) != NULL);
		/* Setting one allocates the map's whole initial value: a
		 * hostile .bss of 4 GiB is calloc'd (zero pages), which is
		 * past libFuzzer's malloc limit but not a bug. */
		if (obj->maps[v.map].value_size > (64u << 20))
			continue;
		if (bl_object_spec_set_var(obj, name, "1", &err))
			bl_fuzz_check_line(err.msg, sizeof(err.msg));
	}
}

static void walk_object(struct bl_object_spec *obj)
{
	FZ_CHECK(strcmp(obj->path, BL_FUZZ_NAME) == 0);
	touch_str(obj->license);
	FZ_CHECK(obj->section_cnt >= 1);
	for (size_t i = 0; i < obj->section_cnt; i++)
		touch_str(obj->sections[i].name);
	for (size_t i = 0; i < obj->program_cnt; i++)
		walk_program(obj, &obj->programs[i], false);
	for (size_t i = 0; i < obj->subprog_cnt; i++)
		walk_program(obj, &obj->subprogs[i], true);
	for (size_t i = 0; i < obj->map_cnt; i++) {
		const struct bl_map_spec *m = &obj->maps[i];

		touch_str(m->name);
		FZ_CHECK(m->inner >= -1 && m->inner < (long)obj->map_cnt);
		FZ_CHECK(m->sec_idx < obj->section_cnt);
		FZ_CHECK(bl_object_spec_find_map(obj, m->name) != NULL);
		if (m->init_data)
			touch(m->init_data, m->init_size);
		for (size_t k = 0; k < m->init_cnt; k++)
			touch_str(m->inits[k].sym);
		if (obj->btf) {
			FZ_CHECK(bl_btf_type(obj->btf, m->btf_key_type_id) != NULL);
			FZ_CHECK(bl_btf_type(obj->btf, m->btf_value_type_id) != NULL);
		}
	}
	if (obj->strtab)
		touch_str(obj->strtab);
	if (obj->btf) {
		struct bl_err err = { "" };

		FZ_CHECK_MSG(bl_btf_check_loops(obj->btf, BL_FUZZ_NAME, &err) == 0, err.msg);
		walk_btf(obj->btf);
	}
	if (obj->btf_ext) {
		FZ_CHECK(obj->btf != NULL);
		walk_btf_ext(obj->btf, obj->btf_ext);
	}
	FZ_CHECK(!obj->btf == !obj->btf_fixed);
	if (obj->btf_fixed) {
		/* the .ksyms rewrite (elf/read/ksyms_btf.c) appends at most an
		 * INT and a VAR; every id of the object's BTF stays */
		FZ_CHECK(bl_btf_type_cnt(obj->btf_fixed) >= bl_btf_type_cnt(obj->btf) &&
			 bl_btf_type_cnt(obj->btf_fixed) <= bl_btf_type_cnt(obj->btf) + 2);
		for (uint32_t id = 1; id < bl_btf_type_cnt(obj->btf); id++)
			FZ_CHECK(bl_btf_type(obj->btf_fixed, id)->name_off ==
				 bl_btf_type(obj->btf, id)->name_off);
		walk_btf(obj->btf_fixed);
		walk_vars(obj);
	}
}

int bl_fuzz_object(const uint8_t *data, size_t size)
{
	struct bl_object_spec *obj = NULL;
	struct bl_err err = { "" };
	int ret = bl_object_spec_read_mem(data, size, BL_FUZZ_NAME, &obj, &err);

	if (ret) {
		check_refusal(ret, obj, &err);
		return 0;
	}
	FZ_CHECK(obj != NULL);
	walk_object(obj);
	bl_object_spec_free(obj);
	return 0;
}

/* elf/value/btf_value.c on hostile BTF, the input's own bytes as the value:
 * every call returns 0 or a documented errno, and writes nothing when it
 * fails. The first few ids only: each may cost the whole value budget. */
static void format_values(const struct bl_btf *btf, const uint8_t *data, size_t size)
{
	static char buf[1 << 16];
	uint32_t cnt = bl_btf_type_cnt(btf);
	struct bl_btf_hist h;

	for (uint32_t id = 0; id < cnt && id < 8; id++) {
		for (int form = 0; form < 4; form++) {
			FILE *f = fmemopen(buf, sizeof(buf), "w");
			int ret;
			long at;

			if (!f)
				return;
			if (form == 0)
				ret = bl_btf_value_print(f, btf, id, data, size, BL_BTF_TEXT);
			else if (form == 1)
				ret = bl_btf_value_print(f, btf, id, data, size, BL_BTF_JSON);
			else if (form == 2)
				ret = bl_btf_value_header(f, btf, id);
			else
				ret = bl_btf_value_row(f, btf, id, data, size);
			at = ftell(f);
			fclose(f);
			FZ_CHECK(ret == 0 || ret == -E2BIG || ret == -ELOOP || ret == -EINVAL ||
				 ret == -ENOENT || ret == -ENOMEM);
			FZ_CHECK(ret == 0 || at == 0);
		}
		if (bl_btf_hist_find(btf, id, &h) == 0)
			FZ_CHECK(h.nslots > 0 && h.elem_size >= 1 && h.elem_size <= 8);
	}
	(void)bl_btf_event_type(btf, NULL);
}

int bl_fuzz_btf(const uint8_t *data, size_t size)
{
	struct bl_btf *btf = NULL;
	struct bl_err err = { "" };
	int ret = bl_btf_parse(data, size, BL_FUZZ_NAME, &btf, &err);
	size_t raw_len;

	if (ret) {
		check_refusal(ret, btf, &err);
		return 0;
	}
	FZ_CHECK(btf != NULL);
	FZ_CHECK(bl_btf_raw(btf, &raw_len) != NULL && raw_len == size);
	walk_btf(btf);
	format_values(btf, data, size);
	bl_btf_free(btf);
	return 0;
}

int bl_fuzz_btf_ext(const uint8_t *data, size_t size)
{
	struct bl_btf *btf = NULL;
	struct bl_btf_ext *ext = NULL;
	struct bl_err err = { "" };
	uint32_t btf_len;
	int ret;

	if (size < 4)
		return 0;
	btf_len = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
		  (uint32_t)data[3] << 24;
	if (btf_len > size - 4)
		return 0;
	if (bl_btf_parse(data + 4, btf_len, BL_FUZZ_NAME, &btf, &err))
		return 0;
	/* A copy of exactly the section's bytes, so that ASan sees a read
	 * past its end. */
	size -= 4 + (size_t)btf_len;
	{
		uint8_t *sec = malloc(size ? size : 1);

		FZ_CHECK(sec != NULL);
		memcpy(sec, data + 4 + btf_len, size);
		ret = bl_btf_ext_parse(sec, size, btf, BL_FUZZ_NAME, &ext, &err);
		free(sec);
	}
	if (ret) {
		check_refusal(ret, ext, &err);
	} else {
		FZ_CHECK(ext != NULL);
		walk_btf_ext(btf, ext);
		bl_btf_ext_free(ext);
	}
	bl_btf_free(btf);
	return 0;
}
