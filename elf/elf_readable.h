/* elf/elf_readable.h — which user-space ELF files this build of bpfload
 * reads (uprobe targets, USDT notes). See elf_readable.c. */
#ifndef BL_ELF_READABLE_H
#define BL_ELF_READABLE_H

#include "elf/error.h"

/* 0 when this build reads an ELF file of this e_ident's class and byte
 * order; else -ENOEXEC with a message naming path. The normal build reads
 * all; the static one (BL_ELF_NATIVE_ONLY) has no libelf byte-order
 * converters and only its own class's headers (loader/static/). */
int bl_elf_readable_here(const char *path, const unsigned char *ident, struct bl_err *err);

#endif
