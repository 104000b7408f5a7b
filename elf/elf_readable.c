/* elf/elf_readable.c — which user-space ELF files this build reads: all
 * of them in the normal build; in the static one (-DBL_ELF_NATIVE_ONLY,
 * GNUmakefile) those of its own byte order and, but for 32-bit arm, its
 * own class (EI_DATA, EI_CLASS of e_ident; elf(5)). Shared by the uprobe
 * targets' symbols (elf/binary/) and the USDT notes (elf/usdt/), so that
 * both refuse such a file with the same words.
 */
#include "elf_readable.h"

#include <elf.h>
#include <errno.h>

int bl_elf_readable_here(const char *path, const unsigned char *ident, struct bl_err *err)
{
#ifdef BL_ELF_NATIVE_ONLY
	/* The static build has no libelf byte-order converters
	 * (loader/static/elf_xlate.c): a foreign binary stops here. */
	if (ident[EI_DATA] != (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ELFDATA2LSB : ELFDATA2MSB))
		return bl_err_set(err, -ENOEXEC, "%s: byte order differs from this machine's", path);
	/* nor ELF headers of the other class: the 64-bit static builds
	 * leave out the 32-bit ones (loader/static/elf32.c); the 32-bit arm
	 * one reads both (its BPF objects are ELF64) but a 64-bit program
	 * cannot run on its kernel. */
	if (ident[EI_CLASS] != (sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32))
		return bl_err_set(err, -ENOEXEC, "%s: a %d-bit ELF file, which the static bpfload does not read",
				  path, ident[EI_CLASS] == ELFCLASS64 ? 64 : 32);
#else
	(void)path, (void)ident, (void)err;
#endif
	return 0;
}
