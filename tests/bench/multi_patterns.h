/* tests/bench/multi_patterns.h — the kernel functions of the
 * kprobe.multi attach benchmark (multi_attach.c): patterns of about N
 * functions, from tracefs available_filter_functions (multi_patterns.c). */
#ifndef BL_BENCH_MULTI_PATTERNS_H
#define BL_BENCH_MULTI_PATTERNS_H

#include <stddef.h>

#include "loader/attach/func_pattern.h"

/* Every function kprobe.multi could attach here (bpfload's filter:
 * available_filter_functions less kprobes/blacklist), sorted; dups[i]:
 * how many of the first i the kernel has under one name more than once
 * (in available_filter_functions or as functions in /proc/kallsyms). A
 * kprobe by name refuses such a name (EADDRNOTAVAIL, "not unique",
 * kernel/trace/trace_kprobe.c: Linux 6.7 and stable kernels before),
 * while the kprobe_multi link takes it: no pattern holds one, so that
 * every pattern can be attached both ways. */
struct multi_pool {
	struct bl_func_list all;
	size_t *dups;
};

/* 0, or -errno with err set. */
int multi_pool_read(struct multi_pool *pool, char *err, size_t elen);
void multi_pool_free(struct multi_pool *pool);

/* The pattern of a quiet subsystem ("acpi_ex_*", "acpi_[b-o]*") whose
 * count is closest to n, written to pattern; returns its count, 0 when
 * there is none. */
size_t multi_pool_choose(const struct multi_pool *pool, size_t n, char *pattern, size_t plen);

#endif
