/* loader/static/elf_decompress.c — linked into the static bpfload only:
 * libelf's elf_strptr() decompresses a string table that has
 * SHF_COMPRESSED (elf(5); the gABI's "Compressed Sections") through
 * __libelf_decompress_elf, the one reference that brought in libelf's
 * elf_compress.o, 3 KB with deflate, gelf_getchdr and gelf_xlatetof. No
 * linker or compiler compresses a symbol or section-name table (ld's
 * --compress-debug-sections compresses .debug_* only, which the static
 * build does not read: it has no DWARF reader), so here such a table is
 * not read: elf_strptr() returns NULL and bpfload says the name cannot be
 * read, as for any damaged string table. The dynamic build decompresses.
 */
#include <stddef.h>

#include <libelf.h>

void *__libelf_decompress_elf(Elf_Scn *scn, size_t *size_out, size_t *addralign);

void *__libelf_decompress_elf(Elf_Scn *scn, size_t *size_out, size_t *addralign)
{
	(void)scn;
	(void)size_out;
	(void)addralign;
	return NULL;
}
