/* loader/cli/names.c — the names run and verify were given for the
 * object's maps and programs (--map NAME.FIELD=N, --prog NAME, --skip
 * NAME), checked against the object once it is read and before anything
 * is made: a name the object does not have is a usage error (exit 2, as
 * for --set and --event-type), and the message lists the names it has.
 * The loader checks them again (loader/load/load.c, map_override.c) for
 * the library's other users. No kernel interface.
 */
#include "loader/cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "loader/bpfload.h"
#include "loader/cli/output.h"

/* "a, b, c" (cut short when long): the names of obj's maps or programs. */
static void known(const struct bl_object_spec *obj, bool maps, char *buf, size_t len)
{
	size_t cnt = maps ? obj->map_cnt : obj->program_cnt, n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < cnt && n + 1 < len; i++) {
		const char *name = maps ? obj->maps[i].name : obj->programs[i].name;
		int w = snprintf(buf + n, len - n, "%s%s", i ? ", " : "", name);

		n = w < 0 || (size_t)w >= len - n ? len - 1 : n + (size_t)w;
	}
	if (!cnt)
		snprintf(buf, len, "none");
}

static int unknown(const struct bl_out *o, const struct bl_object_spec *obj, const char *option,
		   const char *name, bool map)
{
	char names[512], msg[1024];

	known(obj, map, names, sizeof(names));
	snprintf(msg, sizeof(msg), "%s: %s %s: the object has no %s of that name (its %s: %s)", obj->path,
		 option, name, map ? "map" : "program", map ? "maps" : "programs", names);
	bl_print_error(o, msg);
	return BL_EXIT_USAGE;
}

int bl_cli_check_names(const struct bl_out *o, const struct bl_load_opts *lo,
		       const struct bl_object_spec *obj)
{
	/* an inner map's name is "OUTER.inner", as bl_map_spec names it */
	for (size_t i = 0; i < lo->map_override_cnt; i++)
		if (!bl_object_spec_find_map(obj, lo->map_overrides[i].map))
			return unknown(o, obj, "--map", lo->map_overrides[i].map, true);
	for (size_t i = 0; i < lo->only_prog_cnt; i++)
		if (!bl_object_spec_find_prog(obj, lo->only_progs[i]))
			return unknown(o, obj, "--prog", lo->only_progs[i], false);
	for (size_t i = 0; i < lo->skip_prog_cnt; i++)
		if (!bl_object_spec_find_prog(obj, lo->skip_progs[i]))
			return unknown(o, obj, "--skip", lo->skip_progs[i], false);
	return BL_EXIT_OK;
}
