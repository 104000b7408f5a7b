/* loader/internal.h — functions shared between the loader's files; not
 * part of the library API (loader/bpfload.h). */
#ifndef BL_INTERNAL_H
#define BL_INTERNAL_H

#include "bpfload.h"

/* maps.c */
int bl_create_maps(struct bl_loaded *l, struct bl_err *err);

/* prog_load.c: relocates and loads one program, recording the outcome
 * (state, fd, id, errno, log) in p. */
int bl_load_program(struct bl_loaded *l, struct bl_prog *p, uint32_t log_level,
		    struct bl_err *err);

/* relocate.c: a copy of p's instructions with map fds filled in, or NULL
 * with err set. */
struct bpf_insn *bl_relocate(const struct bl_loaded *l, const struct bl_program *p,
			     struct bl_err *err);

/* attach_*.c */
int bl_attach_tracepoint(struct bl_loaded *l, struct bl_prog *p, struct bl_err *err);
int bl_attach_kprobe(struct bl_loaded *l, struct bl_prog *p, struct bl_err *err);
int bl_attach_raw_tracepoint(struct bl_loaded *l, struct bl_prog *p, struct bl_err *err);
/* perf_link.c: runs p whenever the perf event perf_fd fires. */
int bl_attach_perf_event(struct bl_loaded *l, struct bl_prog *p, int perf_fd,
			 struct bl_err *err);

/* kernel_version.c: LINUX_VERSION_CODE of the running kernel. */
uint32_t bl_running_kernel_version(void);

#endif
