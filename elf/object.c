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

/* A call of helper id (BPF_JMP | BPF_CALL with src_reg 0: a helper, not
 * a bpf-to-bpf call or a kfunc) in any program or function of obj. */
bool bl_object_spec_calls_helper(const struct bl_object_spec *obj, int32_t id)
{
	for (int pass = 0; pass < 2; pass++) {
		const struct bl_prog_spec *ps = pass ? obj->subprogs : obj->programs;
		size_t cnt = pass ? obj->subprog_cnt : obj->program_cnt;

		for (size_t i = 0; i < cnt; i++)
			for (size_t k = 0; k < ps[i].insn_cnt; k++) {
				const struct bpf_insn *in = &ps[i].insns[k];

				if (in->code == (BPF_JMP | BPF_CALL) && in->src_reg == 0 && in->imm == id)
					return true;
			}
	}
	return false;
}
