/* loader/load/pin.h — pinning maps by name in bpffs (loader/load/pin.c). Internal
 * to the loader. */
#ifndef BL_PIN_H
#define BL_PIN_H

#include "load.h"
#include "loader/sys/sys.h"

#define BL_PIN_DEFAULT_DIR "/sys/fs/bpf"

/* Sets m->pin_path to DIR/NAME (dir NULL: /sys/fs/bpf) after checking
 * that DIR is in a bpffs; creates DIR when its parent is. */
int bl_pin_prepare(const struct bl_object *l, struct bl_map *m, const char *dir,
		   struct bl_err *err);

/* BPF_OBJ_GET of m->pin_path. Returns 1 with m->fd, m->reused set when a
 * map is pinned there and matches want (type, key and value size,
 * max_entries, flags, map_extra); 0 when nothing is pinned there; a
 * negative errno (err names both definitions) when it does not match or
 * cannot be read. */
int bl_pin_reuse(const struct bl_object *l, struct bl_map *m,
		 const struct bl_map_create_args *want, struct bl_err *err);

/* BPF_OBJ_PIN of m->fd at m->pin_path; sets m->pinned. -EEXIST when
 * something appeared there meanwhile (the caller tries to reuse it). */
int bl_pin_map(const struct bl_object *l, struct bl_map *m, struct bl_err *err);

#endif
