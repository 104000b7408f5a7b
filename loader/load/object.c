/* loader/load/object.c — the live object's parts by name, and the size
 * of a map's values as the kernel hands them out: for per-CPU maps one
 * value per possible CPU, each padded to 8 bytes (kernel/bpf/syscall.c,
 * bpf_map_value_size()).
 */
#include "object.h"
#include "loader/sys/cpus.h"

#include <string.h>

static bool is_percpu(uint32_t type)
{
	return type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}

size_t bl_map_value_len(const struct bl_map *m)
{
	uint32_t size = m->value_size ? m->value_size : m->spec->value_size;
	int cpus;

	if (!is_percpu(m->spec->type))
		return size;
	cpus = bl_possible_cpus();
	return (size_t)((size + 7) & ~7u) * (cpus > 0 ? cpus : 1);
}

struct bl_map *bl_object_find_map(struct bl_object *l, const char *name)
{
	const struct bl_map_spec *d = bl_object_spec_find_map(l->spec, name); /* also ".bss" */

	return d ? &l->maps[d - l->spec->maps] : NULL;
}

struct bl_prog *bl_object_find_prog(struct bl_object *l, const char *name)
{
	for (size_t i = 0; i < l->prog_cnt; i++)
		if (strcmp(l->progs[i].spec->name, name) == 0)
			return &l->progs[i];
	return NULL;
}
