/* asm/bitsperlong.h for the BPF target: see asm/types.h.  The generic file
 * computes __BITS_PER_LONG from __SIZEOF_LONG__, which is 8 on BPF. */
#include <asm-generic/bitsperlong.h>
