/* elf/object.c — looking up a program or map of a parsed object by name
 * (struct bl_object_spec, elf/object.h). Pure: no libelf, no syscalls.
 */
#include "object.h"

#include <string.h>

const struct bl_prog_spec *bl_object_spec_find_prog(const struct bl_object_spec *obj, const char *name)
{
	for (size_t i = 0; i < obj->program_cnt; i++)
		if (strcmp(obj->programs[i].name, name) == 0)
			return &obj->programs[i];
	return NULL;
}

const struct bl_map_spec *bl_object_spec_find_map(const struct bl_object_spec *obj, const char *name)
{
	for (size_t i = 0; i < obj->map_cnt; i++)
		if (strcmp(obj->maps[i].name, name) == 0)
			return &obj->maps[i];
	/* A global-data map also by its section's name (".bss"), as libbpf. */
	for (size_t i = 0; i < obj->map_cnt; i++)
		if (obj->maps[i].origin == BL_MAP_DATA &&
		    strcmp(obj->sections[obj->maps[i].sec_idx].name, name) == 0)
			return &obj->maps[i];
	return NULL;
}
