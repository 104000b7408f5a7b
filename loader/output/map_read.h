/* loader/output/map_read.h — map contents (BPF_MAP_GET_NEXT_KEY,
 * BPF_MAP_LOOKUP_ELEM, BPF_MAP_UPDATE_ELEM, BPF_MAP_DELETE_ELEM;
 * Documentation/bpf/maps.rst). */
#ifndef BL_OUTPUT_MAP_READ_H
#define BL_OUTPUT_MAP_READ_H

#include "loader/load/object.h"

/* Per-CPU maps give one value per possible CPU (bl_map_value_len,
 * loader/load/object.h). */
bool bl_map_is_dumpable(const struct bl_map *m);
/* A map of the USDT machinery (named __bpf_usdt_*: the specs and the
 * ip-to-spec map of <bpf/usdt.bpf.h> or bpfload_usdt.h, which the loader
 * fills when it attaches, docs/usdt.md): not the program's results. */
bool bl_map_is_usdt(const struct bl_map *m);
typedef int (*bl_map_entry_fn)(const struct bl_map *m, const void *key,
			       const void *value, size_t value_len, void *ctx);
/* Calls fn for each entry; stops early when fn returns non-zero. */
int bl_map_for_each(const struct bl_map *m, bl_map_entry_fn fn, void *ctx,
		    struct bl_err *err);
int bl_map_lookup(const struct bl_map *m, const void *key, void *value);
/* BPF_MAP_UPDATE_ELEM; flags BPF_ANY, BPF_NOEXIST or BPF_EXIST. */
int bl_map_update(const struct bl_map *m, const void *key, const void *value, uint64_t flags);
/* BPF_MAP_DELETE_ELEM (hash maps; an array's elements cannot be deleted:
 * -EINVAL). */
int bl_map_delete(const struct bl_map *m, const void *key);

#endif
