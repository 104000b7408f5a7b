/* elf/value/btf_hist.h — recognising a histogram in a map's value type, as
 * bcc's libbpf-tools lay it out: `struct hist { __u32 slots[N]; }`, a
 * struct with an integer array member named slots (elf/value/btf_hist.c).
 * Pure code: only the object's BTF (Documentation/bpf/btf.rst). */
#ifndef BL_BTF_HIST_H
#define BL_BTF_HIST_H

#include <stdbool.h>
#include <stdint.h>

#include "elf/btf/btf.h"

struct bl_btf_hist {
	uint32_t offset;	/* of slots[0] in the value, bytes */
	uint32_t elem_size;	/* 1, 2, 4 or 8: each slot an unsigned count */
	uint32_t nslots;
	bool linear;		/* the struct's name says "linear": slot i
				 * counts the value i; else slot i counts
				 * 2^i .. 2^(i+1) - 1 (log2) */
};

/* Is type id (a map's value type) such a struct? Typedefs and modifiers
 * are skipped, the slots member may be anywhere in the struct, its
 * elements are integers of 1, 2, 4 or 8 bytes. Returns 0 and fills out,
 * or -ENOENT when it is not a histogram. */
int bl_btf_hist_find(const struct bl_btf *btf, uint32_t id, struct bl_btf_hist *out);

#endif
