/* elf/read/data_sections.c — global data: .data, .rodata and .bss as maps.
 *
 * A BPF program has no data segment. A global variable lives in the
 * value of a one-element BPF_MAP_TYPE_ARRAY (key: a u32, always 0; value:
 * the whole ELF section), and an instruction that takes the variable's
 * address becomes an ld_imm64 of src_reg BPF_PSEUDO_MAP_VALUE: imm the
 * map's fd, the second imm the variable's offset in the value
 * (include/uapi/linux/bpf.h, "BPF_PSEUDO_MAP_VALUE"). These are the
 * sections libbpf makes such maps of (bpf_object__init_global_data_maps):
 *
 *   .data, .data.*      PROGBITS, initial contents from the file
 *   .rodata, .rodata.*  PROGBITS, the same, and read-only: the programs
 *                       get BPF_F_RDONLY_PROG, and the loader freezes the
 *                       map (BPF_MAP_FREEZE) once it is filled, so that
 *                       the verifier may treat its contents as constants
 *                       (.rodata.str1.1 holds bpf_printk formats)
 *   .bss, .bss.*        NOBITS, zeros
 *
 * each only when it is not empty. The map names are libbpf's
 * (internal_map_name): at most 8 characters of the object's file name up
 * to its first dot, then the section name, 15 characters in all
 * ("test_globals.bpf.o" + ".rodata" = "test_glo.rodata"); a section with
 * a second dot (".rodata.str1.1") is named on its own. Like libbpf, the
 * map is BPF_F_MMAPABLE when its DATASEC has a variable that is global
 * and not hidden, and its BTF value type is the section's DATASEC.
 * Pure: no syscalls.
 */
#include "read_ctx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf/btf.h"

enum data_kind { NOT_DATA, DATA, RODATA, BSS };

static bool named(const char *name, const char *base)
{
	size_t n = strlen(base);

	return strncmp(name, base, n) == 0 && (name[n] == '\0' || name[n] == '.');
}

static enum data_kind data_kind(const struct bl_section *s)
{
	if (s->size == 0 || (s->flags & SHF_EXECINSTR))
		return NOT_DATA;
	if (s->type == SHT_PROGBITS && named(s->name, ".data"))
		return DATA;
	if (s->type == SHT_PROGBITS && named(s->name, ".rodata"))
		return RODATA;
	if (s->type == SHT_NOBITS && named(s->name, ".bss"))
		return BSS;
	return NOT_DATA;
}

/* libbpf's name for the map of section sec of the object at path. */
void bl_data_map_name(const char *path, const char *sec, char name[BPF_OBJ_NAME_LEN])
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t obj_len = strcspn(base, "."), sfx = strlen(sec), pfx;

	if (obj_len > BPF_OBJ_NAME_LEN - 1)
		obj_len = BPF_OBJ_NAME_LEN - 1;
	if (sfx < 7)
		sfx = 7; /* room for ".rodata" whatever the section */
	if (sfx > BPF_OBJ_NAME_LEN - 1)
		sfx = BPF_OBJ_NAME_LEN - 1;
	pfx = strchr(sec + 1, '.') ? 0 : BPF_OBJ_NAME_LEN - 1 - sfx;
	if (pfx > obj_len)
		pfx = obj_len;
	snprintf(name, BPF_OBJ_NAME_LEN, "%.*s%.*s", (int)pfx, base, (int)sfx, sec);
	for (char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
			*p = '_';
}

/* Has the DATASEC (in the fixed BTF) a global variable that is not
 * hidden (those are made static by btf_fixup.c)? */
static bool has_global_var(const struct bl_btf *btf, uint32_t datasec)
{
	const struct btf_type *t = bl_btf_type(btf, datasec);
	const struct btf_var_secinfo *vsi = bl_btf_secinfos(t);

	for (unsigned i = 0; i < bl_btf_vlen(t); i++) {
		const struct btf_type *v = bl_btf_type(btf, vsi[i].type);

		if (v && bl_btf_kind(v) == BTF_KIND_VAR &&
		    bl_btf_var(v)->linkage == BTF_VAR_GLOBAL_ALLOCATED)
			return true;
	}
	return false;
}

struct bl_map_spec *bl_add_data_map(struct bl_read_ctx *c, const char *sec, uint32_t value_size,
				    uint32_t map_flags)
{
	struct bl_object_spec *obj = c->obj;
	struct bl_map_spec *grown, *m;
	char name[BPF_OBJ_NAME_LEN];

	grown = realloc(obj->maps, (obj->map_cnt + 1) * sizeof(*grown));
	if (!grown) {
		bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
		return NULL;
	}
	obj->maps = grown;
	m = &grown[obj->map_cnt];
	memset(m, 0, sizeof(*m));
	bl_data_map_name(obj->path, sec, name);
	if (!(m->name = strdup(name))) {
		bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
		return NULL;
	}
	obj->map_cnt++;
	m->inner = -1;
	m->origin = BL_MAP_DATA;
	m->type = BPF_MAP_TYPE_ARRAY;
	m->key_size = sizeof(uint32_t);
	m->value_size = value_size;
	m->max_entries = 1;
	m->map_flags = map_flags;
	return m;
}

static int add_data_map(struct bl_read_ctx *c, size_t shndx, enum data_kind kind)
{
	struct bl_object_spec *obj = c->obj;
	const struct bl_section *s = &obj->sections[shndx];
	struct bl_map_spec *m;
	int id;

	m = bl_add_data_map(c, s->name, (uint32_t)s->size, kind == RODATA ? BPF_F_RDONLY_PROG : 0);
	if (!m)
		return -ENOMEM;
	m->sec_idx = (uint32_t)shndx;
	m->init_size = s->size;
	if (s->size > UINT32_MAX - 8)
		return bl_err_set(c->err, -E2BIG, "%s: section %s: %llu bytes is too large for a map value",
				  c->name, s->name, (unsigned long long)s->size);
	if (kind != BSS) {
		const void *bytes = bl_section_bytes(c, shndx);
		void *copy;

		if (!bytes)
			return -ENOEXEC;
		copy = malloc(s->size);
		if (!copy)
			return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
		memcpy(copy, bytes, s->size);
		m->init_data = copy;
	}
	id = obj->btf_fixed ? bl_btf_find_by_name_kind(obj->btf_fixed, s->name, BTF_KIND_DATASEC)
			    : -ENOENT;
	if (id > 0) {
		m->btf_value_type_id = (uint32_t)id;
		if (has_global_var(obj->btf_fixed, (uint32_t)id))
			m->map_flags |= BPF_F_MMAPABLE;
	}
	return 0;
}

int bl_read_data_sections(struct bl_read_ctx *c)
{
	for (size_t i = 1; i < c->shnum; i++) {
		enum data_kind kind = data_kind(&c->obj->sections[i]);
		int ret;

		if (kind == NOT_DATA)
			continue;
		ret = add_data_map(c, i, kind);
		if (ret)
			return ret;
	}
	return 0;
}
