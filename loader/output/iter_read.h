/* loader/output/iter_read.h — what a BPF iterator writes: an fd from
 * BPF_ITER_CREATE on the iterator's link, read to its end
 * (Documentation/bpf/bpf_iterators.rst). */
#ifndef BL_OUTPUT_ITER_READ_H
#define BL_OUTPUT_ITER_READ_H

#include <stddef.h>

#include "elf/error.h"

/* Runs the iterator of link_fd once (BPF_ITER_CREATE, then read(2) until
 * it returns 0) and calls fn for each line the program wrote with
 * bpf_seq_printf (without its newline; a last line without one too).
 * Returns the number of bytes read, or -errno with err saying what
 * failed. */
long bl_iter_read(int link_fd, void (*fn)(const char *line, void *ctx), void *ctx,
		  struct bl_err *err);

#endif
