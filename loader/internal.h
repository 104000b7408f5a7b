/* loader/internal.h — functions shared between the loader's files; not
 * part of the library API (loader/bpfload.h). */
#ifndef BL_INTERNAL_H
#define BL_INTERNAL_H

#include "bpfload.h"

/* maps.c: creates (or finds pinned) every map but the inner map
 * templates, then fills the slots of maps of maps. */
int bl_create_maps(struct bl_loaded *l, const struct bl_load_opts *opts, struct bl_err *err);
/* map_slots.c: the slots of maps of maps (values = { [i] = &map }) once
 * the maps exist, of program arrays (values = { [i] = &prog }) once the
 * programs are loaded. */
int bl_fill_map_in_map_slots(struct bl_loaded *l, struct bl_err *err);
int bl_fill_prog_array_slots(struct bl_loaded *l, struct bl_err *err);
/* map_override.c: --map NAME.FIELD=N: each names a map it may size;
 * the value for (map, field) when one is given. */
int bl_map_overrides_check(const struct bl_loaded *l, const struct bl_load_opts *opts,
			   struct bl_err *err);
bool bl_map_override_find(const struct bl_load_opts *opts, const char *map,
			  enum bl_map_field field, uint32_t *value);

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
