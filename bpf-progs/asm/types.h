/* asm/types.h for the BPF target.
 *
 * <linux/types.h> includes <asm/types.h>.  On Debian that file lives in the
 * multiarch directory /usr/include/x86_64-linux-gnu/asm/, which clang does
 * not search with -target bpf.  BPF is a 64-bit little-endian machine of its
 * own, so the architecture-independent UAPI headers (asm-generic/) are the
 * right ones.  `-I bpf-progs` makes this file win. */
#include <asm-generic/types.h>
