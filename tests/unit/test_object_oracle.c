/* tests/unit/test_object_oracle.c — every built object, read by elf/ and,
 * independently, straight with libelf (gelf(3)); the two must agree.
 *
 * Runs over every NAME.o in $BL_BUILD_DIR/asm-tests and NAME.bpf.o in
 * $BL_BUILD_DIR/bpf-progs, so objects added later are covered without new
 * code. The rules applied here are the ones of elf/object.h: programs are
 * the global functions of executable sections other than .text (or the
 * whole section when it has none), legacy maps are the symbols of "maps",
 * relocations of a program are the .rel entries that fall inside it.
 */
#include <fcntl.h>
#include <gelf.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

static glob_t objects; /* filled once, before Check forks */

struct elf_view {
	int fd;
	Elf *elf;
	size_t shstrndx;
	Elf_Data *syms;
	size_t nsyms;
	size_t strndx;
	size_t maps_ndx; /* 0: none */
};

static void view_open(struct elf_view *v, const char *path)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	ck_assert(elf_version(EV_CURRENT) != EV_NONE);
	v->fd = open(path, O_RDONLY);
	ck_assert_int_ge(v->fd, 0);
	v->elf = elf_begin(v->fd, ELF_C_READ, NULL);
	ck_assert_ptr_nonnull(v->elf);
	ck_assert_int_eq(elf_getshdrstrndx(v->elf, &v->shstrndx), 0);
	v->syms = NULL;
	v->maps_ndx = 0;
	while ((scn = elf_nextscn(v->elf, scn)) != NULL) {
		gelf_getshdr(scn, &sh);
		if (sh.sh_type == SHT_SYMTAB) {
			v->syms = elf_getdata(scn, NULL);
			v->nsyms = sh.sh_size / sizeof(Elf64_Sym);
			v->strndx = sh.sh_link;
		}
		if (strcmp(elf_strptr(v->elf, v->shstrndx, sh.sh_name), "maps") == 0)
			v->maps_ndx = elf_ndxscn(scn);
	}
	ck_assert_ptr_nonnull(v->syms);
}

static void view_close(struct elf_view *v)
{
	elf_end(v->elf);
	close(v->fd);
}

static const char *sec_name(struct elf_view *v, size_t ndx, GElf_Shdr *sh)
{
	gelf_getshdr(elf_getscn(v->elf, ndx), sh);
	return elf_strptr(v->elf, v->shstrndx, sh->sh_name);
}

static const char *sym_name(struct elf_view *v, const GElf_Sym *s)
{
	return elf_strptr(v->elf, v->strndx, s->st_name);
}

static void check_sections(struct elf_view *v, const struct bl_object_spec *obj)
{
	size_t n;
	GElf_Shdr sh;

	elf_getshdrnum(v->elf, &n);
	for (size_t i = 1; i < n; i++) {
		const char *name = sec_name(v, i, &sh);
		const struct bl_section *s = ut_section(obj, name);

		ck_assert_msg(s != NULL, "%s: section %s missing", obj->path, name);
		ck_assert_uint_eq(s->type, sh.sh_type);
		ck_assert_uint_eq(s->flags, sh.sh_flags);
		ck_assert_uint_eq(s->offset, sh.sh_offset);
		ck_assert_uint_eq(s->size, sh.sh_size);
		ck_assert_uint_eq(s->link, sh.sh_link);
		ck_assert_uint_eq(s->info, sh.sh_info);
	}
}

/* Maps from the legacy "maps" section (BTF-defined and global-data maps
 * have their own tests). */
static size_t legacy_map_cnt(const struct bl_object_spec *obj)
{
	size_t n = 0;

	for (size_t i = 0; i < obj->map_cnt; i++)
		n += obj->maps[i].origin == BL_MAP_LEGACY;
	return n;
}

static void check_maps(struct elf_view *v, const struct bl_object_spec *obj)
{
	GElf_Shdr sh;
	GElf_Sym s;
	const unsigned char *data;
	size_t cnt = 0;

	if (!v->maps_ndx) {
		ck_assert_uint_eq(legacy_map_cnt(obj), 0);
		return;
	}
	sec_name(v, v->maps_ndx, &sh);
	data = elf_getdata(elf_getscn(v->elf, v->maps_ndx), NULL)->d_buf;
	for (size_t i = 0; i < v->nsyms; i++) {
		gelf_getsym(v->syms, (int)i, &s);
		if (s.st_shndx == v->maps_ndx && GELF_ST_TYPE(s.st_info) != STT_SECTION)
			cnt++;
	}
	ck_assert_uint_eq(legacy_map_cnt(obj), cnt);
	ck_assert_uint_eq(obj->map_def_size, sh.sh_size / cnt);
	for (size_t i = 0; i < v->nsyms; i++) {
		uint32_t f[5];
		const struct bl_map_spec *m;

		gelf_getsym(v->syms, (int)i, &s);
		if (s.st_shndx != v->maps_ndx || GELF_ST_TYPE(s.st_info) == STT_SECTION)
			continue;
		m = bl_object_spec_find_map(obj, sym_name(v, &s));
		ck_assert_msg(m != NULL, "%s: map %s missing", obj->path, sym_name(v, &s));
		memcpy(f, data + s.st_value, sizeof(f));
		ck_assert_uint_eq(m->sec_offset, s.st_value);
		ck_assert_uint_eq(m->type, f[0]);
		ck_assert_uint_eq(m->key_size, f[1]);
		ck_assert_uint_eq(m->value_size, f[2]);
		ck_assert_uint_eq(m->max_entries, f[3]);
		ck_assert_uint_eq(m->map_flags, f[4]);
	}
}

/* The relocations of section ndx that fall in [off, off + size) of prog p. */
static size_t check_relocs(struct elf_view *v, const struct bl_object_spec *obj,
			   const struct bl_prog_spec *p, size_t ndx, uint64_t off, uint64_t size)
{
	size_t n, found = 0;
	GElf_Shdr sh, tsh;

	elf_getshdrnum(v->elf, &n);
	for (size_t r = 1; r < n; r++) {
		Elf_Data *d;

		sec_name(v, r, &sh);
		if (sh.sh_type != SHT_REL || sh.sh_info != ndx)
			continue;
		d = elf_getdata(elf_getscn(v->elf, r), NULL);
		for (size_t k = 0; k < sh.sh_size / sizeof(Elf64_Rel); k++) {
			GElf_Rel rel;
			GElf_Sym s;
			const struct bl_reloc *br = NULL;
			uint32_t insn;
			const char *tname;

			gelf_getrel(d, (int)k, &rel);
			if (rel.r_offset < off || rel.r_offset >= off + size)
				continue;
			found++;
			insn = (uint32_t)((rel.r_offset - off) / 8);
			for (size_t j = 0; j < p->reloc_cnt; j++)
				if (p->relocs[j].insn == insn)
					br = &p->relocs[j];
			ck_assert_msg(br != NULL, "%s: %s: no reloc at insn %u", obj->path, p->name, insn);
			gelf_getsym(v->syms, (int)GELF_R_SYM(rel.r_info), &s);
			ck_assert_uint_eq(br->sym, GELF_R_SYM(rel.r_info));
			ck_assert_uint_eq(br->sym_shndx, s.st_shndx);
			if (GELF_ST_TYPE(s.st_info) != STT_SECTION)
				ck_assert_str_eq(br->sym_name, sym_name(v, &s));
			tname = s.st_shndx == SHN_UNDEF ? "" : sec_name(v, s.st_shndx, &tsh);
			if (s.st_shndx == SHN_UNDEF) {
				ck_assert_int_eq(br->kind, BL_RELOC_EXTERN);
			} else if (p->insns[insn].code == (BPF_JMP | BPF_CALL) &&
				   p->insns[insn].src_reg == BPF_PSEUDO_CALL) {
				ck_assert_int_eq(br->kind, BL_RELOC_CALL);
			} else if (s.st_shndx == v->maps_ndx) {
				const struct bl_map_spec *m = bl_object_spec_find_map(obj, sym_name(v, &s));

				ck_assert_int_eq(br->kind, BL_RELOC_MAP);
				ck_assert_ptr_nonnull(m);
				ck_assert_int_eq(br->map, (int)(m - obj->maps));
			} else if (!strcmp(tname, ".data") || !strcmp(tname, ".bss") ||
				   !strncmp(tname, ".rodata", 7)) {
				ck_assert_int_eq(br->kind, BL_RELOC_DATA);
				/* the section's map, the symbol's value plus the addend */
				ck_assert_int_ge(br->map, 0);
				ck_assert_uint_eq(obj->maps[br->map].sec_idx, s.st_shndx);
				ck_assert_uint_eq(br->off, s.st_value + p->insns[insn].imm);
			}
			/* an extern of .kconfig names that map (bpfload_usdt.h's
			 * LINUX_HAS_BPF_COOKIE); other externs none */
			if (br->kind == BL_RELOC_EXTERN && br->map >= 0)
				ck_assert_int_eq(br->map, obj->kconfig_map);
			else if (br->kind != BL_RELOC_MAP && br->kind != BL_RELOC_DATA)
				ck_assert_int_eq(br->map, -1);
		}
	}
	return found;
}

static void check_programs(struct elf_view *v, const struct bl_object_spec *obj)
{
	size_t n, total = 0;
	GElf_Shdr sh;
	GElf_Sym s;

	elf_getshdrnum(v->elf, &n);
	for (size_t i = 1; i < n; i++) {
		const char *name = sec_name(v, i, &sh);
		const unsigned char *bytes;
		size_t in_sec = 0;

		if (!(sh.sh_flags & SHF_EXECINSTR) || !strcmp(name, ".text") || sh.sh_size == 0)
			continue;
		bytes = elf_getdata(elf_getscn(v->elf, i), NULL)->d_buf;
		for (size_t k = 0; k <= v->nsyms; k++) {
			const struct bl_prog_spec *p;
			const char *pname;
			uint64_t off, size;

			if (k < v->nsyms) {
				gelf_getsym(v->syms, (int)k, &s);
				if (s.st_shndx != i || GELF_ST_TYPE(s.st_info) != STT_FUNC ||
				    GELF_ST_BIND(s.st_info) != STB_GLOBAL)
					continue;
				pname = sym_name(v, &s), off = s.st_value, size = s.st_size;
			} else if (in_sec == 0) {
				pname = name, off = 0, size = sh.sh_size; /* whole section */
			} else {
				break;
			}
			in_sec++;
			p = bl_object_spec_find_prog(obj, pname);
			ck_assert_msg(p != NULL, "%s: program %s missing", obj->path, pname);
			ck_assert_str_eq(p->section, name);
			ck_assert_uint_eq(p->shndx, i);
			ck_assert_uint_eq(p->sec_offset, off);
			ck_assert_uint_eq(p->insn_cnt, size / 8);
			ck_assert(memcmp(p->insns, bytes + off, size) == 0);
			ck_assert_uint_eq(p->reloc_cnt, check_relocs(v, obj, p, i, off, size));
			if (p->def) {
				const char *t = NULL;

				/* SEC("?...") is libbpf's "no autoload" mark, not part of the name. */
				ck_assert_int_eq(p->autoload, name[0] != '?');
				ck_assert_ptr_eq(bl_section_def_find(name + (name[0] == '?'), &t), p->def);
				if (t)
					ck_assert_str_eq(p->attach_target, t);
				else
					ck_assert_ptr_null(p->attach_target);
			}
		}
		total += in_sec;
	}
	ck_assert_uint_eq(obj->program_cnt, total);
}

static void check_license(struct elf_view *v, const struct bl_object_spec *obj)
{
	size_t n;
	GElf_Shdr sh;

	elf_getshdrnum(v->elf, &n);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(sec_name(v, i, &sh), "license") == 0) {
			ck_assert_str_eq(obj->license,
					 (const char *)elf_getdata(elf_getscn(v->elf, i), NULL)->d_buf);
			return;
		}
	}
	ck_assert_str_eq(obj->license, "");
}

START_TEST(agrees_with_libelf)
{
	const char *path = objects.gl_pathv[_i];
	struct bl_object_spec *obj = ut_read_ok(path);
	struct elf_view v;

	view_open(&v, path);
	check_sections(&v, obj);
	check_maps(&v, obj);
	check_programs(&v, obj);
	check_license(&v, obj);
	view_close(&v);
	bl_object_spec_free(obj);
}
END_TEST

START_TEST(no_objects_built)
{
	fprintf(stderr, "SKIP object_oracle: no objects under %s/{asm-tests,bpf-progs}\n",
		getenv("BL_BUILD_DIR") ? getenv("BL_BUILD_DIR") : "build");
	ck_assert_msg(!getenv("BL_REQUIRE_OBJECTS"), "no objects built");
}
END_TEST

Suite *suite_object_oracle(void)
{
	Suite *s = suite_create("object_oracle");
	TCase *tc = tcase_create("libelf");
	const char *dir = getenv("BL_BUILD_DIR");
	char pat[4096];

	if (!dir || !*dir)
		dir = "build";
	snprintf(pat, sizeof(pat), "%s/asm-tests/*.o", dir);
	glob(pat, 0, NULL, &objects);
	snprintf(pat, sizeof(pat), "%s/bpf-progs/*.bpf.o", dir);
	glob(pat, objects.gl_pathc ? GLOB_APPEND : 0, NULL, &objects);
	if (objects.gl_pathc)
		tcase_add_loop_test(tc, agrees_with_libelf, 0, (int)objects.gl_pathc);
	else
		tcase_add_test(tc, no_objects_built);
	suite_add_tcase(s, tc);
	return s;
}
