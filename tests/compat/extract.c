/*
 * tests/compat/extract.c — cut the BPF objects out of the programs that
 * embed them (docs/compat.md).
 *
 * A libbpf skeleton (bpftool gen skeleton) carries the whole BPF ELF
 * object of its tool as a byte array in the tool's binary. This program
 * scans each binary named on the command line for an ELF header
 * (elf(5): "\177ELF") whose e_machine is EM_BPF (247), and writes the
 * image out, sized by its own headers: the larger of the end of the
 * section header table (e_shoff + e_shnum * e_shentsize) and the end of
 * the last section holding bytes in the file (sh_offset + sh_size, not
 * SHT_NOBITS). The result is byte for byte the object clang wrote.
 *
 *     extract OUTDIR BINARY...
 *
 * writes OUTDIR/TOOL.bpf.o (TOOL: the binary's base name; a second
 * object of the same binary becomes TOOL.2.bpf.o), prints one line per
 * object and a count; exits 1 when a file cannot be read or written.
 * 64-bit little-endian objects only (clang -target bpf on x86_64 and
 * arm64); others are reported and skipped.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef EM_BPF
#define EM_BPF 247
#endif

/* read_all PATH: the whole file, its length in *len; NULL on error. */
static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f) {
		fprintf(stderr, "extract: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (n == cap) {
			unsigned char *nb;

			cap = cap ? cap * 2 : 1 << 20;
			nb = realloc(buf, cap);
			if (!nb) {
				fprintf(stderr, "extract: %s: out of memory\n", path);
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "extract: %s: read error\n", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/*
 * image_size P AVAIL: the size of the BPF object starting at P, with
 * AVAIL bytes from P to the end of the file; 0 when P is not a whole
 * 64-bit little-endian EM_BPF object (why in *why).
 */
static size_t image_size(const unsigned char *p, size_t avail, const char **why)
{
	Elf64_Ehdr eh;
	uint64_t end, i;

	*why = NULL;
	if (avail < sizeof(eh))
		return 0;
	memcpy(&eh, p, sizeof(eh));
	if (eh.e_machine != EM_BPF)
		return 0;
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB) {
		*why = "not a 64-bit little-endian object";
		return 0;
	}
	if (eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shnum == 0) {
		*why = "no section header table of Elf64_Shdr entries";
		return 0;
	}
	end = eh.e_shoff + (uint64_t)eh.e_shnum * eh.e_shentsize;
	if (eh.e_shoff > avail || end > avail) {
		*why = "section header table past the end of the file";
		return 0;
	}
	for (i = 0; i < eh.e_shnum; i++) {
		Elf64_Shdr sh;

		memcpy(&sh, p + eh.e_shoff + i * sizeof(sh), sizeof(sh));
		if (sh.sh_type == SHT_NOBITS || sh.sh_type == SHT_NULL)
			continue;
		if (sh.sh_offset > avail || sh.sh_size > avail - sh.sh_offset) {
			*why = "a section past the end of the file";
			return 0;
		}
		if (sh.sh_offset + sh.sh_size > end)
			end = sh.sh_offset + sh.sh_size;
	}
	return end;
}

/* write_image PATH P N: 0, or -1 with a message. */
static int write_image(const char *path, const unsigned char *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		fprintf(stderr, "extract: cannot write %s: %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	return 0;
}

/* extract_from OUTDIR PATH: writes the objects of PATH; their count, or -1. */
static int extract_from(const char *outdir, const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	unsigned char *buf;
	size_t len, off = 0;
	int found = 0;

	buf = read_all(path, &len);
	if (!buf)
		return -1;
	/* The binary's own header (offset 0) is x86_64 or arm64, not EM_BPF. */
	while (off + 4 <= len) {
		unsigned char *hit = memmem(buf + off, len - off, ELFMAG, SELFMAG);
		const char *why;
		size_t at, n;
		char out[4096];

		if (!hit)
			break;
		at = (size_t)(hit - buf);
		n = image_size(hit, len - at, &why);
		if (n == 0) {
			if (why)
				printf("skip %s+0x%zx: EM_BPF header, but %s\n", path, at, why);
			off = at + 1;
			continue;
		}
		found++;
		if (found == 1)
			snprintf(out, sizeof(out), "%s/%s.bpf.o", outdir, base);
		else
			snprintf(out, sizeof(out), "%s/%s.%d.bpf.o", outdir, base, found);
		if (write_image(out, hit, n)) {
			free(buf);
			return -1;
		}
		printf("%s: %zu bytes at offset 0x%zx of %s\n", out, n, at, path);
		off = at + n;
	}
	free(buf);
	return found;
}

int main(int argc, char **argv)
{
	int i, total = 0, bad = 0, n;

	if (argc < 3) {
		fprintf(stderr, "usage: extract OUTDIR BINARY...\n");
		return 2;
	}
	for (i = 2; i < argc; i++) {
		n = extract_from(argv[1], argv[i]);
		if (n < 0)
			bad = 1;
		else
			total += n;
	}
	printf("extract: %d BPF objects from %d files\n", total, argc - 2);
	return bad;
}
