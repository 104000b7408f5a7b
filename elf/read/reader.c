/* elf/read/reader.c — reading a BPF object file with libelf.
 *
 * The order of checks follows the file's structure: the ELF header (is it
 * ELF at all, 64-bit, our byte order, machine EM_BPF, relocatable), the
 * section header table, each section's name and extent, the symbol table,
 * then the BPF-specific sections (license, version, maps, programs and
 * their relocations). Each check names what it found wrong, so a
 * truncated or hostile file gets one clear line instead of a crash.
 * Reference: the ELF format in elf(5) and <elf.h>; the BPF use of it in
 * Documentation/bpf/llvm_reloc.rst.
 */
#include "read_ctx.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf/btf/btf.h"
#include "elf/btf/btf_ext.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif

/* The largest object bpfload agrees to read; a real one is kilobytes. */
#define BL_MAX_OBJECT_SIZE (256u << 20)

static int check_header(struct bl_read_ctx *c, const unsigned char *buf)
{
	GElf_Ehdr eh;
	int host_le = 1;

	if (c->len < EI_NIDENT || memcmp(buf, ELFMAG, SELFMAG) != 0)
		return bl_err_set(c->err, -ENOEXEC, "%s: not an ELF file (no \\177ELF magic)", c->name);
	if (buf[EI_CLASS] != ELFCLASS64)
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: ELF class %u is not ELFCLASS64: BPF objects are 64-bit",
				  c->name, buf[EI_CLASS]);
	if (buf[EI_DATA] != (*(unsigned char *)&host_le ? ELFDATA2LSB : ELFDATA2MSB))
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: byte order differs from this machine's (built with -target bpfeb/bpfel?)",
				  c->name);
	if (c->len < sizeof(Elf64_Ehdr))
		return bl_err_set(c->err, -ENOEXEC, "%s: truncated: %zu bytes, the ELF header alone is %zu",
				  c->name, c->len, sizeof(Elf64_Ehdr));
	if (!gelf_getehdr(c->elf, &eh))
		return bl_err_set(c->err, -ENOEXEC, "%s: bad ELF header: %s", c->name, elf_errmsg(-1));
	if (eh.e_machine != EM_BPF)
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: ELF machine is %u, not EM_BPF (247): not built with clang -target bpf",
				  c->name, eh.e_machine);
	if (eh.e_type != ET_REL)
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: ELF type %u is not ET_REL: expected an object from clang -c",
				  c->name, eh.e_type);
	if (eh.e_shentsize != sizeof(Elf64_Shdr) && eh.e_shnum != 0)
		return bl_err_set(c->err, -ENOEXEC, "%s: section header size %u, expected %zu",
				  c->name, eh.e_shentsize, sizeof(Elf64_Shdr));
	if (eh.e_shoff > c->len || eh.e_shnum > (c->len - eh.e_shoff) / sizeof(Elf64_Shdr))
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: truncated: the section header table (%u entries at offset %llu) runs past the end of the file (%zu bytes)",
				  c->name, eh.e_shnum, (unsigned long long)eh.e_shoff, c->len);
	return 0;
}

/* The last byte of a string table is NUL (elf(5)): otherwise its last
 * string runs off the end of the section. */
static int check_string_table(struct bl_read_ctx *c, size_t idx, const char *what)
{
	const struct bl_section *s = &c->obj->sections[idx];
	const char *bytes = bl_section_bytes(c, idx);

	if (!bytes)
		return -ENOEXEC;
	if (s->size == 0 || bytes[s->size - 1] != '\0')
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: section %zu (%s), the %s, does not end with a NUL byte: its last string is unterminated",
				  c->name, idx, s->name, what);
	return 0;
}

/* A byte range of the file and what holds it. */
struct extent {
	uint64_t start, end;
	size_t idx;		/* section index; EXT_* for the headers */
};
#define EXT_EHDR ((size_t)-1)
#define EXT_SHDRS ((size_t)-2)

static int by_start(const void *a, const void *b)
{
	const struct extent *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

static void extent_name(const struct bl_read_ctx *c, const struct extent *e, char *buf, size_t n)
{
	if (e->idx == EXT_EHDR)
		snprintf(buf, n, "the ELF header");
	else if (e->idx == EXT_SHDRS)
		snprintf(buf, n, "the section header table");
	else
		snprintf(buf, n, "section %zu (%s)", e->idx, c->obj->sections[e->idx].name);
}

/* "Sections in a file do not overlap. No byte in a file resides in more
 * than one section" (the System V gABI, "Sections"); nor in a section and
 * the headers. Otherwise one section's bytes would be read as another's:
 * symbols as names, section headers as instructions. */
static int check_overlaps(struct bl_read_ctx *c)
{
	struct extent *x = malloc((c->shnum + 2) * sizeof(*x));
	size_t n = 0;
	GElf_Ehdr eh;
	int ret = 0;

	if (!x || !gelf_getehdr(c->elf, &eh)) {
		free(x);
		return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
	}
	x[n++] = (struct extent){ 0, sizeof(Elf64_Ehdr), EXT_EHDR };
	x[n++] = (struct extent){ eh.e_shoff, eh.e_shoff + c->shnum * sizeof(Elf64_Shdr), EXT_SHDRS };
	for (size_t i = 1; i < c->shnum; i++) {
		const struct bl_section *s = &c->obj->sections[i];

		if (s->type != SHT_NOBITS && s->size)
			x[n++] = (struct extent){ s->offset, s->offset + s->size, i };
	}
	qsort(x, n, sizeof(*x), by_start);
	for (size_t k = 1; k < n && !ret; k++) {
		char a[96], b[96];

		if (x[k].start >= x[k - 1].end)
			continue;
		extent_name(c, &x[k - 1], a, sizeof(a));
		extent_name(c, &x[k], b, sizeof(b));
		ret = bl_err_set(c->err, -ENOEXEC,
				 "%s: %s and %s overlap in the file (bytes %llu..%llu and %llu..%llu)",
				 c->name, a, b, (unsigned long long)x[k - 1].start,
				 (unsigned long long)x[k - 1].end, (unsigned long long)x[k].start,
				 (unsigned long long)x[k].end);
	}
	free(x);
	return ret;
}

static int read_sections(struct bl_read_ctx *c)
{
	size_t shstrndx;
	int ret;

	if (elf_getshdrnum(c->elf, &c->shnum) || c->shnum == 0)
		return bl_err_set(c->err, -ENOEXEC, "%s: no section header table", c->name);
	if (elf_getshdrstrndx(c->elf, &shstrndx) || shstrndx == 0 || shstrndx >= c->shnum)
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: section index of the section-name table (e_shstrndx) is out of range (%zu sections)",
				  c->name, c->shnum);
	c->obj->sections = calloc(c->shnum, sizeof(*c->obj->sections));
	if (!c->obj->sections)
		return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
	c->obj->section_cnt = c->shnum;

	for (size_t i = 1; i < c->shnum; i++) {
		struct bl_section *s = &c->obj->sections[i];
		Elf_Scn *scn = elf_getscn(c->elf, i);
		GElf_Shdr sh;
		const char *name;

		if (!scn || !gelf_getshdr(scn, &sh))
			return bl_err_set(c->err, -ENOEXEC, "%s: section %zu: bad header: %s",
					  c->name, i, elf_errmsg(-1));
		name = elf_strptr(c->elf, shstrndx, sh.sh_name);
		if (!name)
			return bl_err_set(c->err, -ENOEXEC,
					  "%s: section %zu: name offset %u is outside the section-name table",
					  c->name, i, sh.sh_name);
		if (sh.sh_type != SHT_NOBITS &&
		    (sh.sh_offset > c->len || sh.sh_size > c->len - sh.sh_offset))
			return bl_err_set(c->err, -ENOEXEC,
					  "%s: section %zu (%s): data (offset %llu, size %llu) runs past the end of the file (%zu bytes): truncated?",
					  c->name, i, name, (unsigned long long)sh.sh_offset,
					  (unsigned long long)sh.sh_size, c->len);
		if (sh.sh_link >= c->shnum)
			return bl_err_set(c->err, -ENOEXEC,
					  "%s: section %zu (%s): linked section index %u is out of range (%zu sections)",
					  c->name, i, name, sh.sh_link, c->shnum);
		s->name = strdup(name);
		if (!s->name)
			return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
		s->type = sh.sh_type;
		s->flags = sh.sh_flags;
		s->offset = sh.sh_offset;
		s->size = sh.sh_size;
		s->link = sh.sh_link;
		s->info = sh.sh_info;
	}
	c->obj->sections[0].name = strdup("");
	if (!c->obj->sections[0].name)
		return -ENOMEM;
	ret = check_overlaps(c);
	return ret ? ret : check_string_table(c, shstrndx, "section-name table");
}

static int read_symbols(struct bl_read_ctx *c)
{
	const struct bl_section *symtab, *strtab;
	const char *strings;
	Elf_Data *d;

	for (size_t i = 1; i < c->shnum; i++) {
		if (c->obj->sections[i].type != SHT_SYMTAB)
			continue;
		if (c->symtab_idx)
			return bl_err_set(c->err, -ENOEXEC, "%s: more than one symbol table", c->name);
		c->symtab_idx = i;
	}
	if (!c->symtab_idx)
		return bl_err_set(c->err, -ENOEXEC, "%s: no symbol table (.symtab)", c->name);
	symtab = &c->obj->sections[c->symtab_idx];
	c->strtab_idx = symtab->link;
	strtab = &c->obj->sections[c->strtab_idx];
	if (strtab->type != SHT_STRTAB || strtab->size == 0)
		return bl_err_set(c->err, -ENOEXEC,
				  "%s: the symbol table's string table (section %zu) is not a string table",
				  c->name, c->strtab_idx);
	if (check_string_table(c, c->strtab_idx, "symbol table's string table"))
		return -ENOEXEC;
	strings = bl_section_bytes(c, c->strtab_idx);
	if (!strings)
		return -ENOEXEC;
	/* A private, NUL-terminated copy: names handed out stay valid. */
	c->obj->strtab = malloc(strtab->size + 1);
	if (!c->obj->strtab)
		return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
	memcpy(c->obj->strtab, strings, strtab->size);
	c->obj->strtab[strtab->size] = '\0';

	d = elf_getdata(elf_getscn(c->elf, c->symtab_idx), NULL);
	if (!d || symtab->size % sizeof(Elf64_Sym))
		return bl_err_set(c->err, -ENOEXEC, "%s: symbol table size %llu is not a multiple of %zu",
				  c->name, (unsigned long long)symtab->size, sizeof(Elf64_Sym));
	c->sym_cnt = symtab->size / sizeof(Elf64_Sym);
	c->syms = calloc(c->sym_cnt ? c->sym_cnt : 1, sizeof(*c->syms));
	if (!c->syms)
		return bl_err_set(c->err, -ENOMEM, "%s: out of memory", c->name);
	for (size_t i = 0; i < c->sym_cnt; i++) {
		GElf_Sym *s = &c->syms[i];

		if (!gelf_getsym(d, (int)i, s))
			return bl_err_set(c->err, -ENOEXEC, "%s: symbol %zu: unreadable", c->name, i);
		if (s->st_name >= strtab->size)
			return bl_err_set(c->err, -ENOEXEC,
					  "%s: symbol %zu: name offset %u is outside the string table (%llu bytes)",
					  c->name, i, s->st_name, (unsigned long long)strtab->size);
		if (s->st_shndx >= c->shnum && s->st_shndx != SHN_ABS && s->st_shndx != SHN_COMMON)
			return bl_err_set(c->err, -ENOEXEC,
					  "%s: symbol %zu (%s): section index %u is out of range (%zu sections)",
					  c->name, i, bl_sym_name(c, i), s->st_shndx, c->shnum);
	}
	return 0;
}

/* "license" holds a NUL-terminated string; "version" a u32 (the kernel
 * version kprobe programs had to state before Linux 5.0). */
static int read_license_and_version(struct bl_read_ctx *c)
{
	for (size_t i = 1; i < c->shnum; i++) {
		const struct bl_section *s = &c->obj->sections[i];
		const char *bytes;

		if (strcmp(s->name, "license") != 0 && strcmp(s->name, "version") != 0)
			continue;
		bytes = bl_section_bytes(c, i);
		if (!bytes)
			return -ENOEXEC;
		if (s->name[0] == 'l') {
			if (s->size == 0 || !memchr(bytes, '\0', s->size))
				return bl_err_set(c->err, -ENOEXEC,
						  "%s: the license section is not a NUL-terminated string", c->name);
			free(c->obj->license);
			c->obj->license = strdup(bytes);
			if (!c->obj->license)
				return -ENOMEM;
		} else {
			if (s->size != sizeof(uint32_t))
				return bl_err_set(c->err, -ENOEXEC,
						  "%s: the version section has %llu bytes, expected 4",
						  c->name, (unsigned long long)s->size);
			memcpy(&c->obj->kern_version, bytes, sizeof(uint32_t));
			c->obj->has_kern_version = true;
		}
	}
	return 0;
}

int bl_object_spec_read_mem(const void *buf, size_t len, const char *name,
		       struct bl_object_spec **out, struct bl_err *err)
{
	struct bl_read_ctx c = { .name = name, .len = len, .err = err };
	char *image = NULL;
	int ret;

	*out = NULL;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return bl_err_set(err, -ENOSYS, "%s: libelf: %s", name, elf_errmsg(-1));
	c.obj = calloc(1, sizeof(*c.obj));
	/* libelf keeps pointers into the image while the Elf is open. */
	image = malloc(len ? len : 1);
	if (!c.obj || !image) {
		ret = bl_err_set(err, -ENOMEM, "%s: out of memory", name);
		goto out;
	}
	memcpy(image, buf, len);
	c.obj->path = strdup(name);
	c.obj->license = strdup("");
	c.elf = elf_memory(image, len);
	if (!c.obj->path || !c.obj->license) {
		ret = bl_err_set(err, -ENOMEM, "%s: out of memory", name);
		goto out;
	}
	ret = check_header(&c, (const unsigned char *)buf);
	if (!ret && !c.elf)
		ret = bl_err_set(err, -ENOEXEC, "%s: libelf: %s", name, elf_errmsg(-1));
	if (!ret)
		ret = read_sections(&c);
	if (!ret)
		ret = read_symbols(&c);
	if (!ret)
		ret = read_license_and_version(&c);
	if (!ret)
		ret = bl_read_maps(&c);
	if (!ret)
		ret = bl_read_programs(&c);
	if (!ret)
		ret = bl_read_subprogs(&c);
	if (!ret)
		ret = bl_read_btf(&c);
	if (!ret)
		ret = bl_fixup_btf(&c);
	if (!ret)
		ret = bl_read_externs(&c);
	if (!ret)
		ret = bl_read_ksyms(&c);
	if (!ret)
		ret = bl_fix_ksyms_btf(&c);
	if (!ret)
		ret = bl_read_btf_maps(&c);
	if (!ret)
		ret = bl_read_data_sections(&c);
	if (!ret)
		ret = bl_add_kconfig_map(&c);
	if (!ret)
		ret = bl_read_relocs(&c);
	if (!ret && bl_object_spec_group_alternatives(c.obj))
		ret = bl_err_set(err, -ENOMEM, "%s: out of memory", name);
out:
	if (c.elf)
		elf_end(c.elf);
	free(image);
	free(c.syms);
	if (ret) {
		bl_object_spec_free(c.obj);
		return ret;
	}
	*out = c.obj;
	return 0;
}

int bl_object_spec_read(const char *path, struct bl_object_spec **out, struct bl_err *err)
{
	struct stat st;
	char *buf;
	ssize_t n;
	size_t got = 0;
	int fd, ret;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		char eb[16];

		return bl_err_set(err, -e, "%s: cannot open: %s (%s)", path, strerror(e),
				  bl_errno_name(e, eb));
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > BL_MAX_OBJECT_SIZE) {
		close(fd);
		return bl_err_set(err, -EINVAL, "%s: not a regular file of at most %u MiB",
				  path, BL_MAX_OBJECT_SIZE >> 20);
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf) {
		close(fd);
		return bl_err_set(err, -ENOMEM, "%s: out of memory", path);
	}
	while (got < (size_t)st.st_size && (n = read(fd, buf + got, st.st_size - got)) > 0)
		got += n;
	close(fd);
	ret = bl_object_spec_read_mem(buf, got, path, out, err);
	free(buf);
	return ret;
}

void bl_object_spec_free(struct bl_object_spec *obj)
{
	if (!obj)
		return;
	for (size_t i = 0; i < obj->section_cnt; i++)
		free(obj->sections[i].name);
	for (size_t i = 0; i < obj->program_cnt; i++) {
		free(obj->programs[i].name);
		free(obj->programs[i].section);
		free(obj->programs[i].insns);
		free(obj->programs[i].relocs);
	}
	for (size_t i = 0; i < obj->subprog_cnt; i++) {
		free(obj->subprogs[i].name);
		free(obj->subprogs[i].section);
		free(obj->subprogs[i].insns);
		free(obj->subprogs[i].relocs);
	}
	free(obj->subprogs);
	bl_alt_groups_free(obj);
	free(obj->externs);
	free(obj->ksyms);
	bl_btf_free(obj->btf_fixed);
	for (size_t i = 0; i < obj->map_cnt; i++) {
		free(obj->maps[i].name);
		for (size_t k = 0; k < obj->maps[i].init_cnt; k++)
			free(obj->maps[i].inits[k].sym);
		free(obj->maps[i].inits);
		if (obj->maps[i].origin == BL_MAP_DATA)
			free((void *)obj->maps[i].init_data); /* a private copy */
	}
	free(obj->sections);
	free(obj->programs);
	free(obj->maps);
	free(obj->strtab);
	bl_btf_ext_free(obj->btf_ext);
	bl_btf_free(obj->btf);
	free(obj->license);
	free(obj->path);
	free(obj);
}
