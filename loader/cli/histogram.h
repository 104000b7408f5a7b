/* loader/cli/histogram.h — maps printed as bcc prints histograms
 * (loader/cli/histogram.c). */
#ifndef BL_CLI_HISTOGRAM_H
#define BL_CLI_HISTOGRAM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "loader/bpfload.h"

/* --hist: how slot i reads. AUTO: log2 unless the value type's name says
 * "linear" (elf/value/btf_hist.h). */
enum bl_hist_mode { BL_HIST_AUTO, BL_HIST_LOG2, BL_HIST_LINEAR };

struct bl_cli_hist {
	bool linear;
	bool counters;		/* an array map of counters: slot = key */
	uint32_t offset;	/* of slots[0] in a value (struct form) */
	uint32_t elem_size;	/* bytes per count */
	uint32_t nslots;
	const char *unit;	/* "usecs", "nsecs", ... or "value" */
};

/* Is map m a histogram? Either its value type (BTF) is a struct with an
 * integer array member named slots (one histogram per key), or it is an
 * array map of integer counters whose name contains "hist" (one
 * histogram, slot i the value of key i). */
bool bl_cli_hist_detect(const struct bl_map *m, const struct bl_btf *btf, enum bl_hist_mode mode,
			struct bl_cli_hist *h);

/* Adds the counts of one value (every CPU's for a per-CPU map) to
 * slots[0 .. h->nslots). */
void bl_cli_hist_add(const struct bl_cli_hist *h, const struct bl_map *m, const void *value,
		     size_t value_len, uint64_t *slots);

/* The histogram of slots[0 .. n) as bcc's print_log2_hist and
 * print_linear_hist draw it: a header, then a row per slot up to the
 * last one that is not zero (linear: from the first one). */
void bl_cli_hist_print(FILE *f, const struct bl_cli_hist *h, const uint64_t *slots, uint32_t n);

#endif
