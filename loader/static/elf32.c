/* loader/static/elf32.c — linked into the static bpfload only: libelf's
 * section and program headers of 32-bit ELF files (elf32_getshdr.o,
 * elf32_getphdr.o, 2.7 KB), which gelf_getshdr() and gelf_getphdr() call
 * for ELFCLASS32 (elf(5), EI_CLASS). bpfload refuses such files before
 * it asks: BPF objects are ELF64 (elf/read/reader.c), and the static
 * build refuses 32-bit uprobe targets (elf/binary/elf_symbols.c,
 * -DBL_ELF_NATIVE_ONLY). Should one get through, the header cannot be
 * read (NULL), as for a damaged file. The dynamic build reads them, and
 * so does the static build for 32-bit arm (ARCH=arm), which leaves this
 * file out: its own programs are ELF32.
 */
#include <libelf.h>
#include <stddef.h>

Elf32_Shdr *__elf32_getshdr_rdlock(Elf_Scn *scn);
Elf32_Shdr *__elf32_getshdr_wrlock(Elf_Scn *scn);
Elf32_Phdr *__elf32_getphdr_wrlock(Elf *elf);

Elf32_Shdr *__elf32_getshdr_rdlock(Elf_Scn *scn)
{
	(void)scn;
	return NULL;
}

Elf32_Shdr *__elf32_getshdr_wrlock(Elf_Scn *scn)
{
	(void)scn;
	return NULL;
}

Elf32_Shdr *elf32_getshdr(Elf_Scn *scn)
{
	(void)scn;
	return NULL;
}

Elf32_Phdr *__elf32_getphdr_wrlock(Elf *elf)
{
	(void)elf;
	return NULL;
}

Elf32_Phdr *elf32_getphdr(Elf *elf)
{
	(void)elf;
	return NULL;
}
