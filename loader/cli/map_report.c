/* loader/cli/map_report.c — the maps a load made, one line each: what
 * `bpfload verify` and `bpfload run` show of an object of maps and no
 * programs (whose point is the maps, often pinned for other programs to
 * use). Each map's kernel id (BPF_OBJ_GET_INFO_BY_FD, as `bpftool map
 * show` lists it), its type and sizes as created (perf event arrays: 4,
 * 4 and a slot per CPU; --map sizes) and where it is pinned: made by this
 * load, or an existing pin reused (include/uapi/linux/bpf.h, BPF_OBJ_PIN
 * and BPF_OBJ_GET). Nothing is read from the kernel here. */
#include "loader/cli/output.h"

#include <stdio.h>

static void print_json(const struct bl_out *o, const struct bl_map *m)
{
	fputs("{\"type\":\"map\",\"name\":", o->f);
	bl_json_str(o->f, m->spec->name);
	fprintf(o->f, ",\"state\":\"%s\",\"id\":%u,\"map_type\":\"%s\",\"key_size\":%u,\"value_size\":%u,\"max_entries\":%u,\"pin_path\":",
		m->reused ? "reused" : "created", m->id, bl_map_type_name(m->spec->type), m->key_size,
		m->value_size, m->max_entries);
	if (m->pin_path)
		bl_json_str(o->f, m->pin_path);
	else
		fputs("null", o->f);
	fputs("}\n", o->f);
}

void bl_print_maps_created(const struct bl_out *o, const struct bl_object *l)
{
	for (size_t i = 0; l && i < l->map_cnt; i++) {
		const struct bl_map *m = &l->maps[i];

		if (m->fd < 0)
			continue; /* an inner map template: never kept */
		if (o->json) {
			print_json(o, m);
			continue;
		}
		fprintf(o->f, "map     %-20s %-8s id %-6u type %-15s key %u value %u max_entries %u",
			m->spec->name, m->reused ? "reused" : "created", m->id,
			bl_map_type_name(m->spec->type), m->key_size, m->value_size, m->max_entries);
		if (m->pin_path)
			fprintf(o->f, " %s %s", m->reused ? "pinned at" : "pinned as", m->pin_path);
		fputc('\n', o->f);
	}
	fflush(o->f);
}
