/* tests/bench/overhead.h — the probe overhead benchmark (overhead.c): one
 * program of bpf-progs/bench_overhead.bpf.o loaded and attached by
 * bpfload's library or by libbpf, behind one interface
 * (overhead_load.c). */
#ifndef BENCH_OVERHEAD_H
#define BENCH_OVERHEAD_H

#include <stddef.h>
#include <stdint.h>

enum ov_loader { OV_BPFLOAD, OV_LIBBPF };

struct ov_probe;

/* Reads obj_path (no kernel involved) and checks that it has every
 * program of progs: a wrong file fails before the first measurement. */
int ov_object_check(const char *obj_path, const char *const *progs, size_t prog_cnt, char *err,
		    size_t err_len);

/* Opens (libbpf) or reads (bpfload) obj_path once per process; loads the
 * program prog alone and attaches it. A bare uprobe section goes to
 * uprobe_target ("PATH:FUNC"). err gets one line on failure. */
int ov_probe_attach(enum ov_loader loader, const char *obj_path, const char *prog,
		    const char *uprobe_target, struct ov_probe **out, char *err, size_t err_len);

/* The count in slot of the program's map `hits`. */
int ov_probe_hits(struct ov_probe *p, uint32_t slot, uint64_t *out);

/* Detaches, unloads, frees (NULL is fine). */
void ov_probe_detach(struct ov_probe *p);

/* "1.1.2" */
const char *ov_libbpf_version(void);

#endif
