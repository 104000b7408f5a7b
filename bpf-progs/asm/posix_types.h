/* asm/posix_types.h for the BPF target: see asm/types.h. */
#include <asm-generic/posix_types.h>
