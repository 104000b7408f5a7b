/* elf/binary/elf_symbols.c — where a function is in an executable or shared
 * library file, for uprobes.
 *
 * A uprobe is placed at a file and an offset into it (inode + offset;
 * Documentation/trace/uprobetracer.rst: "p PATH:OFFSET"), not at an
 * address: the same breakpoint then fires in every process that maps the
 * file, wherever it is mapped. A symbol's st_value is an address in the
 * file's own layout (the link-time address for an ET_EXEC executable, an
 * address relative to the load base for ET_DYN: shared libraries and PIE
 * executables). The file offset is found through the section the symbol
 * is in, whose header gives both its address and its offset:
 *
 *     offset = st_value - sh_addr + sh_offset
 *
 * (libbpf's elf_find_func_offset does the same); symbols outside any
 * section (SHN_ABS) go through the PT_LOAD segment that holds them.
 *
 * Symbols come from .dynsym (what a shared library exports; it survives
 * `strip`) and .symtab (every function, static ones too; removed by
 * `strip`). A function that exists in neither cannot be found by name.
 *
 * A library can export several versions of one function (glibc's
 * memcpy@GLIBC_2.2.5 for old programs and the default memcpy@@GLIBC_2.14,
 * told apart by .gnu.version): the default one is what a call reaches,
 * and what is found.
 *
 * STT_GNU_IFUNC symbols (glibc's memcpy, strlen, ...) are found too, but
 * their value is the resolver that the dynamic linker calls once to pick
 * an implementation: a uprobe there fires at symbol binding, not at each
 * call. The caller is told (bl_elf_func.ifunc).
 *
 * This reads other programs' files with libelf (gelf: ELF32 and ELF64);
 * it is not the reader of BPF objects (elf/).
 */
#include "elf_symbols.h"
#include "elf/elf_readable.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int bl_elf_addr_to_offset(const struct bl_elf_range *r, uint64_t addr, uint64_t *offset)
{
	if (addr < r->addr || addr - r->addr >= r->filesz)
		return -ERANGE;
	*offset = addr - r->addr + r->offset;
	return 0;
}

bool bl_elf_sym_name_matches(const char *sym, const char *name)
{
	size_t n = strlen(name);

	return strncmp(sym, name, n) == 0 && (sym[n] == '\0' || sym[n] == '@');
}

struct efile {
	const char *path;
	int fd;
	Elf *elf;
	GElf_Ehdr eh;
	struct bl_elf_tables t;
};

static void efile_close(struct efile *ef)
{
	if (ef->elf)
		elf_end(ef->elf);
	if (ef->fd >= 0)
		close(ef->fd);
}

static int efile_open(const char *path, struct efile *ef, struct bl_err *err)
{
	struct stat st;
	char eb[16];
	Elf_Scn *scn = NULL;
	int ret;

	memset(ef, 0, sizeof(*ef));
	ef->path = path;
	ef->fd = -1;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return bl_err_set(err, -EINVAL, "libelf: %s", elf_errmsg(-1));
	ef->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (ef->fd < 0) {
		int e = errno;

		if (e == ENOENT)
			return bl_err_set(err, -ENOENT, "%s: no such file", path);
		return bl_err_set(err, -e, "%s: cannot open: %s", path, bl_errno_name(e, eb));
	}
	if (fstat(ef->fd, &st) || !S_ISREG(st.st_mode)) {
		efile_close(ef);
		return bl_err_set(err, -EINVAL, "%s: not a regular file", path);
	}
	ef->elf = elf_begin(ef->fd, ELF_C_READ_MMAP, NULL);
	if (!ef->elf || elf_kind(ef->elf) != ELF_K_ELF || !gelf_getehdr(ef->elf, &ef->eh)) {
		efile_close(ef);
		return bl_err_set(err, -ENOEXEC, "%s: not an ELF file", path);
	}
	if (ef->eh.e_type != ET_EXEC && ef->eh.e_type != ET_DYN) {
		int type = ef->eh.e_type;

		efile_close(ef);
		return bl_err_set(err, -ENOEXEC,
				  "%s: not an executable or a shared library (ELF type %d%s)", path,
				  type, type == ET_REL ? ", an object file" : "");
	}
	if ((ret = bl_elf_readable_here(path, ef->eh.e_ident, err))) {
		efile_close(ef);
		return ret;
	}
	ef->t.shared = ef->eh.e_type == ET_DYN;
	while ((scn = elf_nextscn(ef->elf, scn))) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB)
			ef->t.symtab = true;
		else if (sh.sh_type == SHT_DYNSYM)
			ef->t.dynsym = true;
	}
	return 0;
}

/* The file offset of s, through its section, else a PT_LOAD segment. */
static int sym_offset(struct efile *ef, const GElf_Sym *s, uint64_t *offset)
{
	size_t nph = 0;

	if (s->st_shndx != SHN_UNDEF && s->st_shndx < SHN_LORESERVE) {
		Elf_Scn *scn = elf_getscn(ef->elf, s->st_shndx);
		GElf_Shdr sh;

		if (scn && gelf_getshdr(scn, &sh)) {
			struct bl_elf_range r = { sh.sh_addr, sh.sh_size, sh.sh_offset,
						  sh.sh_type == SHT_NOBITS ? 0 : sh.sh_size };

			return bl_elf_addr_to_offset(&r, s->st_value, offset);
		}
	}
	if (elf_getphdrnum(ef->elf, &nph))
		return -ERANGE;
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(ef->elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		struct bl_elf_range r = { ph.p_vaddr, ph.p_memsz, ph.p_offset, ph.p_filesz };

		if (bl_elf_addr_to_offset(&r, s->st_value, offset) == 0)
			return 0;
	}
	return -ERANGE;
}

static bool is_func_type(int type)
{
	return type == STT_FUNC || type == STT_GNU_IFUNC;
}

/* hidden: a .dynsym symbol of a version that is not the default one
 * ("memcpy@GLIBC_2.2.5" beside the default "memcpy@@GLIBC_2.14"): what
 * old binaries were linked against, not what a call of memcpy reaches. */
typedef int (*sym_fn)(struct efile *ef, const char *name, const GElf_Sym *s, bool dynsym,
		      bool hidden, void *ctx);

/* The .gnu.version section (SHT_GNU_versym: one 16-bit word per .dynsym
 * entry, bit 15 "hidden"), or NULL. */
static Elf_Data *versym_data(struct efile *ef)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(ef->elf, scn)))
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_GNU_versym)
			return elf_getdata(scn, NULL);
	return NULL;
}

/* Calls fn for every named symbol of the tables of sh_type. */
static int walk_table(struct efile *ef, Elf64_Word sh_type, sym_fn fn, void *ctx)
{
	Elf_Data *versyms = sh_type == SHT_DYNSYM ? versym_data(ef) : NULL;
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(ef->elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *data;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != sh_type || !sh.sh_entsize)
			continue;
		data = elf_getdata(scn, NULL);
		if (!data)
			continue;
		for (size_t i = 1; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Versym ver = 0;
			GElf_Sym s;
			const char *name;
			int ret;

			if (!gelf_getsym(data, (int)i, &s))
				break;
			name = elf_strptr(ef->elf, sh.sh_link, s.st_name);
			if (!name || !*name)
				continue;
			if (versyms && !gelf_getversym(versyms, (int)i, &ver))
				ver = 0;
			if ((ret = fn(ef, name, &s, sh_type == SHT_DYNSYM, ver & 0x8000, ctx)))
				return ret;
		}
	}
	return 0;
}

static void fill_func(struct bl_elf_func *f, const GElf_Sym *s, uint64_t offset, bool dynsym)
{
	f->value = s->st_value;
	f->offset = offset;
	f->size = s->st_size;
	f->ifunc = GELF_ST_TYPE(s->st_info) == STT_GNU_IFUNC;
	f->weak = GELF_ST_BIND(s->st_info) == STB_WEAK;
	f->dynsym = dynsym;
}

/* ------------------------------------------------------------ one name */

struct find {
	const char *name;
	bool found;
	struct bl_elf_func best;
	bool have_hidden;	/* a non-default version, used if nothing else is found */
	struct bl_elf_func hidden;
	bool ambiguous;
	uint64_t other_offset;
	bool undefined;		/* seen as an undefined (imported) symbol */
	int other_type;		/* seen as a symbol of this type, not a function; -1 */
};

static int find_one(struct efile *ef, const char *name, const GElf_Sym *s, bool dynsym,
		    bool hidden, void *ctx)
{
	struct find *fd = ctx;
	int type = GELF_ST_TYPE(s->st_info);
	uint64_t offset;

	if (!bl_elf_sym_name_matches(name, fd->name))
		return 0;
	if (!is_func_type(type)) {
		if (type != STT_NOTYPE || s->st_shndx != SHN_UNDEF)
			fd->other_type = type;
		else
			fd->undefined = true;
		return 0;
	}
	if (s->st_shndx == SHN_UNDEF || s->st_value == 0) {
		fd->undefined = true; /* an import: defined in some library */
		return 0;
	}
	if (sym_offset(ef, s, &offset))
		return 0;
	if (hidden) {
		if (!fd->have_hidden)
			fill_func(&fd->hidden, s, offset, dynsym);
		fd->have_hidden = true;
		return 0;
	}
	if (fd->found) {
		bool weak = GELF_ST_BIND(s->st_info) == STB_WEAK;

		if (offset == fd->best.offset || weak)
			return 0; /* the same function, or a weak one: keep what we have */
		if (!fd->best.weak) {
			fd->ambiguous = true;
			fd->other_offset = offset;
			return 0;
		}
	}
	fill_func(&fd->best, s, offset, dynsym);
	fd->found = true;
	return 0;
}

static const char *type_name(int type)
{
	switch (type) {
	case STT_OBJECT: return "a variable (STT_OBJECT)";
	case STT_SECTION: return "a section (STT_SECTION)";
	case STT_FILE: return "a file name (STT_FILE)";
	case STT_TLS: return "a thread-local variable (STT_TLS)";
	case STT_COMMON: return "a common block (STT_COMMON)";
	default: return "not a function";
	}
}

/* Why name was not found: what the file has and lacks. */
static int not_found(const struct efile *ef, const struct find *fd, struct bl_err *err)
{
	const char *p = ef->path, *n = fd->name;

	if (!ef->t.symtab && !ef->t.dynsym)
		return bl_err_set(err, -ENOENT,
				  "%s has no symbol table (neither .symtab nor .dynsym: it is stripped), so function %s cannot be found by name",
				  p, n);
	if (fd->other_type >= 0)
		return bl_err_set(err, -ENOENT, "%s: symbol %s is %s, not a function", p, n,
				  type_name(fd->other_type));
	if (fd->undefined)
		return bl_err_set(err, -ENOENT,
				  "%s does not define %s: it imports it from a shared library (probe the library instead, e.g. libc.so.6:%s)",
				  p, n, n);
	if (!ef->t.symtab)
		return bl_err_set(err, -ENOENT,
				  "%s has no function %s in .dynsym, and no .symtab (the file is stripped: only its exported functions can be found)",
				  p, n);
	if (!ef->t.dynsym)
		return bl_err_set(err, -ENOENT, "%s has no function %s (searched .symtab; it has no .dynsym)",
				  p, n);
	return bl_err_set(err, -ENOENT, "%s has no function %s (searched .dynsym and .symtab)", p, n);
}

int bl_elf_find_func(const char *path, const char *name, struct bl_elf_func *out,
		     struct bl_elf_tables *tables, struct bl_err *err)
{
	static const Elf64_Word order[] = { SHT_DYNSYM, SHT_SYMTAB };
	struct find fd = { .name = name, .other_type = -1 };
	struct efile ef;
	int ret;

	if ((ret = efile_open(path, &ef, err)))
		return ret;
	if (tables)
		*tables = ef.t;
	/* .dynsym first, as libbpf: what a stripped file still has; the
	 * .symtab only when the .dynsym does not define the function. */
	for (size_t i = 0; i < 2 && !fd.found && !fd.ambiguous; i++)
		walk_table(&ef, order[i], find_one, &fd);
	if (!fd.found && fd.have_hidden) {
		fd.best = fd.hidden;
		fd.found = true;
	}
	if (fd.ambiguous)
		ret = bl_err_set(err, -ENOTUNIQ,
				 "%s has more than one function %s (at file offsets 0x%llx and 0x%llx, neither of them weak): bpfload cannot tell which one to probe",
				 path, name, (unsigned long long)fd.best.offset,
				 (unsigned long long)fd.other_offset);
	else if (!fd.found)
		ret = not_found(&ef, &fd, err);
	else
		*out = fd.best;
	efile_close(&ef);
	return ret;
}

/* ------------------------------------------------------------ listing */

struct each {
	bl_elf_func_fn fn;
	void *ctx;
};

static int each_one(struct efile *ef, const char *name, const GElf_Sym *s, bool dynsym,
		    bool hidden, void *ctx)
{
	struct each *e = ctx;
	struct bl_elf_func f;
	uint64_t offset;

	if (hidden || !is_func_type(GELF_ST_TYPE(s->st_info)) || s->st_shndx == SHN_UNDEF ||
	    s->st_value == 0 || sym_offset(ef, s, &offset))
		return 0;
	fill_func(&f, s, offset, dynsym);
	return e->fn(name, &f, e->ctx);
}

int bl_elf_for_each_func(const char *path, bl_elf_func_fn fn, void *ctx,
			 struct bl_elf_tables *tables, struct bl_err *err)
{
	struct each e = { fn, ctx };
	struct efile ef;
	int ret;

	if ((ret = efile_open(path, &ef, err)))
		return ret;
	if (tables)
		*tables = ef.t;
	if (!ef.t.symtab && !ef.t.dynsym)
		ret = bl_err_set(err, -ENOENT,
				 "%s has no symbol table (neither .symtab nor .dynsym: it is stripped)", path);
	if (!ret)
		ret = walk_table(&ef, SHT_SYMTAB, each_one, &e);
	if (!ret)
		ret = walk_table(&ef, SHT_DYNSYM, each_one, &e);
	efile_close(&ef);
	return ret;
}
