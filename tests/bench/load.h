/* tests/bench/load.h — what the load benchmark's runner (load.c) and
 * its report (load_report.c) share: the loaders, the objects, the
 * samples by key ("time.core.bpfload-dyn", "core.detach.libbpf", ...).
 */
#ifndef BENCH_LOAD_H
#define BENCH_LOAD_H

#include <stdbool.h>

#define MAX_SAMPLES 512

/* bpfload and libbpf, each dynamic and static */
enum { BL_DYN, LB_DYN, BL_STATIC, LB_STATIC, LOADERS };

extern const char *const load_loader_key[LOADERS];
/* bench_core, bench_nocore, fchmodat_trace */
extern const char *const load_obj_key[3];

/* One more sample of KEY (the pairs' samples in the same order). */
void load_add(const char *key, double v);

/* The tables of every measurement and a line per target; false when a
 * target was missed. */
bool load_report(int pairs);

#endif
