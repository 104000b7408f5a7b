/* elf/read/btf_read.c — the object reader's part for .BTF and .BTF.ext.
 *
 * Documentation/bpf/btf.rst, "4. ELF File Format Interface": clang -g
 * puts the types in ".BTF" and the per-instruction information in
 * ".BTF.ext", whose section names and strings live in .BTF's string area.
 * Both are optional (an object built without -g has neither). When they
 * are there they must be valid: a broken .BTF refuses the whole object
 * with the file, the section and what is wrong, as for any other part of
 * a hostile file. The .BTF.ext records must also fall inside the ELF
 * sections they name.
 */
#include "read_ctx.h"

#include <errno.h>
#include <string.h>

#include "elf/btf/btf.h"
#include "elf/btf/btf_ext.h"

static int find_one(struct bl_read_ctx *c, const char *name, size_t *idx)
{
	*idx = 0;
	for (size_t i = 1; i < c->shnum; i++) {
		if (strcmp(c->obj->sections[i].name, name) != 0)
			continue;
		if (*idx)
			return bl_err_set(c->err, -ENOEXEC, "%s: more than one %s section (%zu and %zu)",
					  c->name, name, *idx, i);
		*idx = i;
	}
	return 0;
}

/* Every record names an ELF section that exists and an instruction in
 * it. */
static int check_info_places(struct bl_read_ctx *c, const char *what,
			     const struct bl_btf_ext_info *info, size_t rec_size)
{
	for (size_t i = 0; i < info->sec_cnt; i++) {
		const struct bl_btf_ext_sec *s = &info->secs[i];
		const struct bl_section *sec = NULL;

		for (size_t k = 1; k < c->shnum && !sec; k++)
			if (strcmp(c->obj->sections[k].name, s->name) == 0)
				sec = &c->obj->sections[k];
		if (!sec)
			return bl_err_set(c->err, -ENOEXEC,
					  "%s: .BTF.ext: %s of section '%s': the object has no such section",
					  c->name, what, s->name);
		for (uint32_t r = 0; r < s->cnt; r++) {
			uint32_t off; /* the first field of all three records */

			memcpy(&off, (const unsigned char *)s->recs + (size_t)r * rec_size, sizeof(off));
			if ((uint64_t)off + sizeof(struct bpf_insn) > sec->size)
				return bl_err_set(c->err, -ENOEXEC,
						  "%s: .BTF.ext: %s of section '%s', record %u: insn_off %u is past the end of the section (%llu bytes)",
						  c->name, what, s->name, r, off,
						  (unsigned long long)sec->size);
		}
	}
	return 0;
}

int bl_read_btf(struct bl_read_ctx *c)
{
	size_t btf_idx, ext_idx;
	const void *bytes;
	int ret;

	if ((ret = find_one(c, ".BTF", &btf_idx)) || (ret = find_one(c, ".BTF.ext", &ext_idx)))
		return ret;
	if (!btf_idx) {
		if (ext_idx)
			return bl_err_set(c->err, -ENOEXEC,
					  "%s: .BTF.ext without .BTF: its names and types are in .BTF",
					  c->name);
		return 0;
	}
	bytes = bl_section_bytes(c, btf_idx);
	if (!bytes)
		return -ENOEXEC;
	ret = bl_btf_parse(bytes, c->obj->sections[btf_idx].size, c->name, &c->obj->btf, c->err);
	if (!ret)
		ret = bl_btf_check_loops(c->obj->btf, c->name, c->err);
	if (ret || !ext_idx)
		return ret;
	bytes = bl_section_bytes(c, ext_idx);
	if (!bytes)
		return -ENOEXEC;
	ret = bl_btf_ext_parse(bytes, c->obj->sections[ext_idx].size, c->obj->btf, c->name,
			       &c->obj->btf_ext, c->err);
	if (!ret)
		ret = check_info_places(c, "func_info", &c->obj->btf_ext->func_info,
					sizeof(struct bpf_func_info));
	if (!ret)
		ret = check_info_places(c, "line_info", &c->obj->btf_ext->line_info,
					sizeof(struct bpf_line_info));
	if (!ret)
		ret = check_info_places(c, "core_relo", &c->obj->btf_ext->core_relo,
					sizeof(struct bpf_core_relo));
	return ret;
}
