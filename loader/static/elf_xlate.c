/* loader/static/elf_xlate.c — linked into the static bpfload only:
 * libelf's table of byte-order converters (__elf_xfctstom, 8.5 KB of
 * code in gelf_xlate.o), which elf_getdata() uses only for a file whose
 * byte order is not this machine's (elf(5), EI_DATA) and a section that
 * is not plain bytes. bpfload refuses such files before it reads their
 * data: BPF objects in elf/read/reader.c, uprobe targets in
 * elf/binary/elf_symbols.c (-DBL_ELF_NATIVE_ONLY); --types FILE reads
 * only byte sections (.BTF, .shstrtab). Should one get through, each
 * entry says so and stops rather than hand back unconverted data.
 */
#include <libelf.h>
#include <stdlib.h>
#include <unistd.h>

typedef void (*bl_xfct)(void *dest, const void *src, size_t len, int encode);

static void no_convert(void *dest, const void *src, size_t len, int encode)
{
	static const char msg[] = "bpfload: an ELF file of another byte order reached libelf's "
				  "converters, which the static build leaves out\n";

	(void)dest;
	(void)src;
	(void)len;
	(void)encode;
	(void)!write(2, msg, sizeof(msg) - 1);
	abort();
}

#define ROW { [0 ... ELF_T_NUM - 1] = no_convert }
extern const bl_xfct __elf_xfctstom[ELFCLASSNUM - 1][ELF_T_NUM];
const bl_xfct __elf_xfctstom[ELFCLASSNUM - 1][ELF_T_NUM] = { ROW, ROW };
