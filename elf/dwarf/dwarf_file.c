/* elf/dwarf/dwarf_file.c — the .debug_* sections and .BTF of an ELF file
 * (an object of clang -g, or a header compiled to one for --types),
 * read with libelf and copied, then parsed by elf/dwarf/dwarf.c.
 * elf(5); the DWARF sections' names are those of the DWARF 5 standard,
 * appendix B. Compressed sections (SHF_COMPRESSED, ld
 * --compress-debug-sections) are refused: clang does not compress an
 * object's sections unless told to.
 */
#include "dwarf_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { S_INFO, S_ABBREV, S_STR, S_STR_OFFSETS, S_LINE_STR, S_BTF, S_CNT };

static const char *const sec_names[S_CNT] = {
	".debug_info", ".debug_abbrev", ".debug_str", ".debug_str_offsets", ".debug_line_str", ".BTF",
};

struct found {
	Elf_Data *data[S_CNT];
};

static int find_sections(Elf *elf, const char *path, struct found *f, struct bl_err *err)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return bl_err_set(err, -EINVAL, "%s: no section name table", path);
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS ||
		    !(name = elf_strptr(elf, shstrndx, sh.sh_name)))
			continue;
		for (int i = 0; i < S_CNT; i++) {
			if (strcmp(name, sec_names[i]))
				continue;
			if (sh.sh_flags & SHF_COMPRESSED)
				return bl_err_set(err, -EINVAL, "%s: %s is compressed (SHF_COMPRESSED), which bpfload does not read",
						  path, name);
			f->data[i] = elf_getdata(scn, NULL);
			if (!f->data[i] || (f->data[i]->d_size && !f->data[i]->d_buf))
				return bl_err_set(err, -EINVAL, "%s: %s cannot be read: %s", path, name,
						  elf_errmsg(-1));
		}
	}
	return 0;
}

/* The sections into one block: s points into it. */
static void *copy_sections(const struct found *f, struct bl_dwarf_sections *s)
{
	const void **ptr[S_CNT - 1] = { &s->info, &s->abbrev, &s->str, &s->str_offsets, &s->line_str };
	size_t *len[S_CNT - 1] = { &s->info_len, &s->abbrev_len, &s->str_len, &s->str_offsets_len,
				   &s->line_str_len };
	size_t total = 1, at = 0;
	char *p;

	for (int i = 0; i < S_CNT - 1; i++)
		total += f->data[i] ? f->data[i]->d_size : 0;
	p = malloc(total);
	if (!p)
		return NULL;
	for (int i = 0; i < S_CNT - 1; i++) {
		*ptr[i] = NULL;
		*len[i] = 0;
		if (!f->data[i])
			continue;
		memcpy(p + at, f->data[i]->d_buf, f->data[i]->d_size);
		*ptr[i] = p + at;
		*len[i] = f->data[i]->d_size;
		at += f->data[i]->d_size;
	}
	return p;
}

static int read_elf(Elf *elf, const char *path, struct bl_dwarf **dw, void **btf_raw,
		    size_t *btf_len, struct bl_err *err)
{
	struct found f = { { 0 } };
	struct bl_dwarf_sections s;
	GElf_Ehdr eh;
	void *block;
	int ret;

	if (elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh))
		return bl_err_set(err, -EINVAL, "%s: not an ELF file", path);
	ret = find_sections(elf, path, &f, err);
	if (ret)
		return ret;
	if (btf_raw && f.data[S_BTF] && f.data[S_BTF]->d_size) {
		*btf_raw = malloc(f.data[S_BTF]->d_size);
		if (!*btf_raw)
			return -ENOMEM;
		memcpy(*btf_raw, f.data[S_BTF]->d_buf, f.data[S_BTF]->d_size);
		*btf_len = f.data[S_BTF]->d_size;
	}
	if (!dw || !f.data[S_INFO] || !f.data[S_INFO]->d_size)
		return 0;
#ifdef BL_NO_DWARF
	return 0;	/* no reader: as if there were no DWARF */
#endif
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return bl_err_set(err, -EINVAL, "%s: big-endian DWARF, which bpfload does not read", path);
	if (!f.data[S_ABBREV])
		return bl_err_set(err, -EINVAL, "%s: .debug_info without .debug_abbrev", path);
	block = copy_sections(&f, &s);
	if (!block)
		return -ENOMEM;
	ret = bl_dwarf_parse(&s, path, dw, err);
	if (ret)
		free(block);
	else
		(*dw)->owned = block;
	return ret;
}

int bl_dwarf_read_file(const char *path, struct bl_dwarf **dw, void **btf_raw, size_t *btf_len,
		       struct bl_err *err)
{
	Elf *elf;
	int fd, ret;

	if (dw)
		*dw = NULL;
	if (btf_raw) {
		*btf_raw = NULL;
		*btf_len = 0;
	}
	if (elf_version(EV_CURRENT) == EV_NONE)
		return bl_err_set(err, -EINVAL, "libelf: %s", elf_errmsg(-1));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		return bl_err_set(err, ret, "%s: %s", path,
				  ret == -ENOENT ? "no such file" : "cannot be opened");
	}
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf) {
		close(fd);
		return bl_err_set(err, -EINVAL, "%s: not an ELF file", path);
	}
	ret = read_elf(elf, path, dw, btf_raw, btf_len, err);
	elf_end(elf);
	close(fd);
	if (ret && btf_raw) {
		free(*btf_raw);
		*btf_raw = NULL;
		*btf_len = 0;
	}
	return ret;
}

#ifdef BL_NO_DWARF
/* The static build has no DWARF reader (GNUmakefile: its size;
 * docs/buffers.md): record types come from .BTF (this file still reads
 * it) or by size, and the messages say to give --types FILE. */
int bl_dwarf_parse(const struct bl_dwarf_sections *s, const char *name, struct bl_dwarf **out,
		   struct bl_err *err)
{
	(void)s;
	(void)name;
	(void)err;
	*out = NULL;
	return -EOPNOTSUPP;
}

void bl_dwarf_free(struct bl_dwarf *dw)
{
	(void)dw;
}

int bl_dwarf_find_type(const struct bl_dwarf *dw, const char *name)
{
	(void)dw;
	(void)name;
	return -ENOENT;
}

int bl_dwarf_types_of_size(const struct bl_dwarf *dw, uint64_t min, uint64_t max, int *dies,
			   int cap)
{
	(void)dw;
	(void)min;
	(void)max;
	(void)dies;
	(void)cap;
	return 0;
}

int bl_dwarf_die_cnt(const struct bl_dwarf *dw)
{
	(void)dw;
	return 0;
}

const char *bl_dwarf_die_name(const struct bl_dwarf *dw, int die)
{
	(void)dw;
	(void)die;
	return "";
}

int bl_dwarf_to_btf(const struct bl_dwarf *dw, int die, void **raw, size_t *len, uint32_t *id,
		    struct bl_err *err)
{
	(void)dw;
	(void)die;
	(void)raw;
	(void)len;
	(void)id;
	return bl_err_set(err, -EOPNOTSUPP, "no DWARF reader in the static build");
}
#endif /* BL_NO_DWARF */
