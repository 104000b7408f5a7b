/* tests/malformed/derive.c — writes hostile variants of a valid BPF
 * object (see derive.h). Usage:
 *
 *     derive OBJ OUTDIR
 *
 * writes OUTDIR/BASE.FAMILY-DETAIL.o for every variant and prints each
 * path on its own line. The families here are about the ELF container
 * (elf(5)): the file cut short, section / symbol / string indices out of
 * range, section data past the end of the file or overlapping, relocations
 * pointing outside their section, program sizes that are not whole
 * instructions, strings without their NUL. derive_btf.c adds .BTF and
 * .BTF.ext, derive_maps.c the legacy map definitions of "maps".
 */
#include "derive.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *what, const char *path)
{
	fprintf(stderr, "derive: %s: %s\n", path, what);
	exit(2);
}

unsigned char *copy_of(const struct image *im)
{
	unsigned char *c = malloc(im->len);

	if (!c)
		die("out of memory", im->out_prefix);
	memcpy(c, im->buf, im->len);
	return c;
}

void emit(const struct image *im, const char *name, const unsigned char *buf, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s.%s.o", im->out_prefix, name);
	f = fopen(path, "wb");
	if (!f || (len && fwrite(buf, 1, len, f) != len) || fclose(f))
		die(strerror(errno), path);
	printf("%s\n", path);
}

const char *sec_name(unsigned char *buf, size_t i)
{
	Elf64_Shdr *names = shdr(buf, ehdr(buf)->e_shstrndx);

	return (const char *)buf + names->sh_offset + shdr(buf, i)->sh_name;
}

size_t sec_by_name(unsigned char *buf, const char *name)
{
	for (size_t i = 1; i < ehdr(buf)->e_shnum; i++)
		if (strcmp(sec_name(buf, i), name) == 0)
			return i;
	return 0;
}

static size_t sec_by_type(unsigned char *buf, uint32_t type)
{
	for (size_t i = 1; i < ehdr(buf)->e_shnum; i++)
		if (shdr(buf, i)->sh_type == type)
			return i;
	return 0;
}

static int is_code(unsigned char *buf, size_t i)
{
	Elf64_Shdr *s = shdr(buf, i);

	return s->sh_type == SHT_PROGBITS && (s->sh_flags & SHF_EXECINSTR) && s->sh_size > 0;
}

/* A short section name for file names: '/' and other odd bytes become '_'. */
static void tag(char *out, size_t cap, const char *fmt, const char *name, unsigned long n)
{
	char clean[48];
	size_t k = 0;

	for (const char *p = name; *p && k + 1 < sizeof(clean); p++)
		clean[k++] = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			     (*p >= '0' && *p <= '9') ? *p : '_';
	clean[k] = '\0';
	snprintf(out, cap, fmt, clean, n);
}

/* --- The file cut short --------------------------------------------- */

static int by_value(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

/* Cut at every section boundary and a few inside sections and headers.
 * clang puts the section header table last, so every cut loses part of
 * it: the cut is always before its end. */
static void truncations(const struct image *im)
{
	Elf64_Ehdr *eh = ehdr(im->buf);
	size_t table_end = eh->e_shoff + (size_t)eh->e_shnum * eh->e_shentsize;
	size_t cap = 16 + 3 * (size_t)eh->e_shnum, n = 0;
	size_t *cuts = malloc(cap * sizeof(*cuts));
	size_t fixed[] = { 0, 1, 4, EI_NIDENT, 63, sizeof(Elf64_Ehdr), eh->e_shoff,
			   eh->e_shoff + 32, eh->e_shoff + sizeof(Elf64_Shdr) * (eh->e_shnum / 2) + 8,
			   im->len - 1 };

	if (!cuts)
		die("out of memory", im->out_prefix);
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		cuts[n++] = fixed[i];
	for (size_t i = 1; i < eh->e_shnum; i++) {
		Elf64_Shdr *s = shdr(im->buf, i);

		if (s->sh_type == SHT_NOBITS)
			continue;
		cuts[n++] = s->sh_offset;
		cuts[n++] = s->sh_offset + s->sh_size / 2;
		cuts[n++] = s->sh_offset + s->sh_size;
	}
	qsort(cuts, n, sizeof(*cuts), by_value);
	for (size_t i = 0; i < n; i++) {
		char name[64];

		if ((i && cuts[i] == cuts[i - 1]) || cuts[i] >= im->len || cuts[i] >= table_end)
			continue;
		snprintf(name, sizeof(name), "trunc-%zu", cuts[i]);
		emit(im, name, im->buf, cuts[i]);
	}
	free(cuts);
}

/* The data cut at the start (or the middle) of a section, the section
 * header table kept and moved to the new end: that section and the ones
 * after it now run past the end of the file. */
static void cut_sections(const struct image *im)
{
	Elf64_Ehdr *eh = ehdr(im->buf);
	size_t table = (size_t)eh->e_shnum * sizeof(Elf64_Shdr);

	for (size_t i = 1; i < eh->e_shnum; i++) {
		Elf64_Shdr *s = shdr(im->buf, i);

		if (s->sh_type == SHT_NOBITS || s->sh_size == 0)
			continue;
		for (int half = 0; half < 2; half++) {
			size_t at = s->sh_offset + (half ? s->sh_size / 2 : 0);
			size_t shoff = (at + 7) & ~(size_t)7;
			unsigned char *v;
			char name[96];

			if (at >= eh->e_shoff || (half && s->sh_size < 2))
				continue;
			v = calloc(1, shoff + table);
			if (!v)
				die("out of memory", im->out_prefix);
			memcpy(v, im->buf, at);
			memcpy(v + shoff, im->buf + eh->e_shoff, table);
			ehdr(v)->e_shoff = shoff;
			tag(name, sizeof(name), half ? "cut-mid-%s-%lu" : "cut-at-%s-%lu",
			    sec_name(im->buf, i), i);
			emit(im, name, v, shoff + table);
			free(v);
		}
	}
}

/* --- The ELF header and section headers ----------------------------- */

static void header_fields(const struct image *im)
{
	unsigned char *v;
	size_t st = sec_by_type(im->buf, SHT_SYMTAB);

	VARIANT("shstrndx-out-of-range", ehdr(v)->e_shstrndx = (Elf64_Half)(ehdr(v)->e_shnum + 5));
	VARIANT("shnum-huge", ehdr(v)->e_shnum = 0xfff0);
	VARIANT("shoff-past-end", ehdr(v)->e_shoff = im->len - 8);
	VARIANT("shentsize-small", ehdr(v)->e_shentsize = 32);
	if (st) {
		VARIANT("symtab-link-out-of-range",
			shdr(v, st)->sh_link = ehdr(v)->e_shnum + 7u);
		VARIANT("symtab-link-not-strtab", shdr(v, st)->sh_link = (Elf64_Word)st);
		VARIANT("symtab-name-out-of-range", shdr(v, st)->sh_name = 0x7fffffff);
		VARIANT("symtab-size-not-whole", shdr(v, st)->sh_size -= 1);
		VARIANT("strtab-empty", shdr(v, shdr(v, st)->sh_link)->sh_size = 0);
	}
	for (size_t i = 1; i < ehdr(im->buf)->e_shnum; i++) {
		char name[96];

		if (!is_code(im->buf, i))
			continue;
		tag(name, sizeof(name), "name-out-of-range-%s-%lu", sec_name(im->buf, i), i);
		VARIANT(name, shdr(v, i)->sh_name = 0x7fffffff);
		break;
	}
}

/* --- Section data outside the file, or on top of another ----------- */

static void extents(const struct image *im)
{
	static const char *const names[] = { ".strtab", ".symtab", "license", "version", "maps",
					     ".maps", ".BTF", ".BTF.ext", ".data", ".rodata" };
	size_t n = ehdr(im->buf)->e_shnum;
	unsigned char *v;
	char name[96];

	for (size_t i = 1; i < n; i++) {
		const char *sn = sec_name(im->buf, i);
		int pick = is_code(im->buf, i);
		uint64_t off = shdr(im->buf, i)->sh_offset;

		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]) && !pick; k++)
			pick = strcmp(sn, names[k]) == 0;
		if (!pick || shdr(im->buf, i)->sh_type == SHT_NOBITS || !shdr(im->buf, i)->sh_size)
			continue;
		tag(name, sizeof(name), "offset-past-end-%s-%lu", sn, i);
		VARIANT(name, shdr(v, i)->sh_offset = im->len + 16);
		tag(name, sizeof(name), "size-past-end-%s-%lu", sn, i);
		VARIANT(name, shdr(v, i)->sh_size = im->len - off + 8);
		tag(name, sizeof(name), "offset-wraps-%s-%lu", sn, i);
		VARIANT(name, shdr(v, i)->sh_offset = UINT64_MAX - 8);
	}
	/* The string table laid over the symbol table: symbols and names
	 * from the same bytes. */
	{
		size_t st = sec_by_type(im->buf, SHT_SYMTAB);
		size_t str = st ? shdr(im->buf, st)->sh_link : 0;

		if (st && str)
			VARIANT("overlap-strtab-on-symtab",
				shdr(v, str)->sh_offset = shdr(v, st)->sh_offset;
				shdr(v, str)->sh_size = shdr(v, st)->sh_size);
	}
}

/* --- Relocations ---------------------------------------------------- */

static void relocations(const struct image *im)
{
	size_t n = ehdr(im->buf)->e_shnum, st = sec_by_type(im->buf, SHT_SYMTAB);
	size_t nsyms = st ? shdr(im->buf, st)->sh_size / sizeof(Elf64_Sym) : 0;
	unsigned char *v;
	char name[96];

	for (size_t i = 1; i < n; i++) {
		Elf64_Shdr *r = shdr(im->buf, i);
		uint32_t target = r->sh_info;
		Elf64_Rel *rel;

		if (r->sh_type != SHT_REL || r->sh_size < sizeof(Elf64_Rel) || target >= n ||
		    !is_code(im->buf, target))
			continue;
#define REL0(v) ((Elf64_Rel *)((v) + shdr(v, i)->sh_offset))
		rel = REL0(im->buf);
		tag(name, sizeof(name), "rel-symbol-out-of-range-%s-%lu", sec_name(im->buf, i), i);
		VARIANT(name, REL0(v)->r_info = ELF64_R_INFO(nsyms + 1000, ELF64_R_TYPE(rel->r_info)));
		tag(name, sizeof(name), "rel-target-out-of-range-%s-%lu", sec_name(im->buf, i), i);
		VARIANT(name, shdr(v, i)->sh_info = (Elf64_Word)n + 2);
		tag(name, sizeof(name), "rel-offset-past-section-%s-%lu", sec_name(im->buf, i), i);
		VARIANT(name, REL0(v)->r_offset = shdr(v, target)->sh_size + 64);
		tag(name, sizeof(name), "rel-offset-huge-%s-%lu", sec_name(im->buf, i), i);
		VARIANT(name, REL0(v)->r_offset = UINT64_MAX - 7);
		tag(name, sizeof(name), "rel-size-not-whole-%s-%lu", sec_name(im->buf, i), i);
		VARIANT(name, shdr(v, i)->sh_size -= 1);
#undef REL0
	}
}

/* --- Symbols ---------------------------------------------------------- */

static void symbols(const struct image *im)
{
	size_t n = ehdr(im->buf)->e_shnum, st = sec_by_type(im->buf, SHT_SYMTAB);
	size_t nsyms, pick = 0;
	unsigned char *v;

	if (!st)
		return;
	nsyms = shdr(im->buf, st)->sh_size / sizeof(Elf64_Sym);
#define SYM(v, k) ((Elf64_Sym *)((v) + shdr(v, st)->sh_offset) + (k))
	for (size_t k = 1; k < nsyms && !pick; k++)	/* a function, else any */
		if (ELF64_ST_TYPE(SYM(im->buf, k)->st_info) == STT_FUNC)
			pick = k;
	for (size_t k = 1; k < nsyms && !pick; k++)
		if (SYM(im->buf, k)->st_shndx > 0 && SYM(im->buf, k)->st_shndx < n)
			pick = k;
	if (!pick)
		return;
	VARIANT("symbol-section-out-of-range", SYM(v, pick)->st_shndx = (Elf64_Half)(n + 3));
	VARIANT("symbol-name-out-of-range", SYM(v, pick)->st_name = 0x7fffffff);
	if (ELF64_ST_TYPE(SYM(im->buf, pick)->st_info) == STT_FUNC) {
		VARIANT("function-outside-section", SYM(v, pick)->st_value = UINT64_MAX - 7);
		VARIANT("function-size-huge", SYM(v, pick)->st_size = UINT64_MAX - 7);
	}
#undef SYM
}

/* --- Programs and strings -------------------------------------------- */

static void programs_and_strings(const struct image *im)
{
	size_t n = ehdr(im->buf)->e_shnum, lic = sec_by_name(im->buf, "license");
	size_t names = ehdr(im->buf)->e_shstrndx, ver = sec_by_name(im->buf, "version");
	unsigned char *v;
	char name[96];

	for (size_t i = 1; i < n; i++) {
		if (!is_code(im->buf, i))
			continue;
		tag(name, sizeof(name), "size-not-whole-insns-%s-%lu", sec_name(im->buf, i), i);
		VARIANT(name, shdr(v, i)->sh_size -= 4);
	}
	if (lic && shdr(im->buf, lic)->sh_size)
		VARIANT("license-unterminated",
			memset(v + shdr(v, lic)->sh_offset, 'A', shdr(v, lic)->sh_size));
	if (ver)
		VARIANT("version-size-3", shdr(v, ver)->sh_size = 3);
	/* The last byte of the section-name table, the NUL of its last name. */
	VARIANT("shstrtab-unterminated",
		v[shdr(v, names)->sh_offset + shdr(v, names)->sh_size - 1] = 'x');
}

int main(int argc, char **argv)
{
	struct image im;
	char prefix[4096];
	const char *base;
	FILE *f;
	long n;

	if (argc != 3) {
		fprintf(stderr, "usage: derive OBJ OUTDIR\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < (long)sizeof(Elf64_Ehdr))
		die("cannot read, or shorter than an ELF header", argv[1]);
	rewind(f);
	im.len = (size_t)n;
	im.buf = malloc(im.len);
	if (!im.buf || fread(im.buf, 1, im.len, f) != im.len)
		die("cannot read", argv[1]);
	fclose(f);
	if (memcmp(im.buf, ELFMAG, SELFMAG) || im.buf[EI_CLASS] != ELFCLASS64 ||
	    im.buf[EI_DATA] != ELFDATA2LSB || ehdr(im.buf)->e_shentsize != sizeof(Elf64_Shdr) ||
	    ehdr(im.buf)->e_shoff + ehdr(im.buf)->e_shnum * sizeof(Elf64_Shdr) > im.len)
		die("not a valid ELF64 little-endian object", argv[1]);
	base = strrchr(argv[1], '/');
	snprintf(prefix, sizeof(prefix), "%s/%s", argv[2], base ? base + 1 : argv[1]);
	if (strlen(prefix) > 2 && !strcmp(prefix + strlen(prefix) - 2, ".o"))
		prefix[strlen(prefix) - 2] = '\0';
	im.out_prefix = prefix;

	truncations(&im);
	cut_sections(&im);
	header_fields(&im);
	extents(&im);
	relocations(&im);
	symbols(&im);
	programs_and_strings(&im);
	derive_btf(&im);
	derive_btf_ext(&im);
	derive_maps(&im);
	free(im.buf);
	return 0;
}
