/* loader/load/map_override.c — sizes given on the command line, before the
 * maps are created: `--map NAME.max_entries=N`, `--map NAME.value_size=N`.
 *
 * They end up in BPF_MAP_CREATE's attr.max_entries and attr.value_size
 * (include/uapi/linux/bpf.h), for maps a tool is meant to size: a bigger
 * hash map, a larger ring buffer (rounded up to a power-of-2 number of
 * pages), an array of records whose size the tool chose. A map whose
 * value size the kernel fixes (fds in a program array or map of maps, CPU
 * numbers in a perf event array, nothing in a ring buffer) or that holds
 * a global-data section cannot be given another value size; a map given
 * another value size is created without its BTF value type, which
 * would no longer match. The inner maps of a map of maps are sized as
 * "OUTER.inner".
 */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int bl_map_override_parse(const char *spec, struct bl_map_override *out, struct bl_err *err)
{
	const char *eq = strchr(spec, '='), *dot;
	unsigned long long v;
	char *end;
	size_t n;

	memset(out, 0, sizeof(*out));
	dot = NULL; /* the last '.' before '=': map names may hold one (X.inner) */
	for (const char *p = spec; eq && p < eq; p++)
		if (*p == '.')
			dot = p;
	if (!dot || dot == spec)
		return bl_err_set(err, -EINVAL, "--map %s: expected NAME.max_entries=N or NAME.value_size=N",
				  spec);
	if ((size_t)(eq - dot - 1) == strlen("max_entries") && !strncmp(dot + 1, "max_entries", (size_t)(eq - dot - 1)))
		out->field = BL_MAP_MAX_ENTRIES;
	else if ((size_t)(eq - dot - 1) == strlen("value_size") && !strncmp(dot + 1, "value_size", (size_t)(eq - dot - 1)))
		out->field = BL_MAP_VALUE_SIZE;
	else
		return bl_err_set(err, -EINVAL, "--map %s: '%.*s' is not max_entries or value_size",
				  spec, (int)(eq - dot - 1), dot + 1);
	n = (size_t)(dot - spec);
	if (n >= sizeof(out->map))
		return bl_err_set(err, -ENAMETOOLONG, "--map %s: the map name is too long", spec);
	memcpy(out->map, spec, n);
	out->map[n] = '\0';
	errno = 0;
	v = strtoull(eq + 1, &end, 0);
	if (errno || end == eq + 1 || *end || eq[1] == '-' || v > UINT32_MAX)
		return bl_err_set(err, -EINVAL, "--map %s: '%s' is not a number from 0 to %u", spec,
				  eq + 1, UINT32_MAX);
	out->value = (uint32_t)v;
	return 0;
}

static bool value_size_fixed(const struct bl_map_spec *d)
{
	switch (d->type) {
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_USER_RINGBUF:
		return true;
	default:
		return d->origin == BL_MAP_DATA;
	}
}

int bl_map_overrides_check(const struct bl_object *l, const struct bl_load_opts *opts,
			   struct bl_err *err)
{
	for (size_t k = 0; k < opts->map_override_cnt; k++) {
		const struct bl_map_override *o = &opts->map_overrides[k];
		const struct bl_map_spec *d = bl_object_spec_find_map(l->spec, o->map);
		const char *field = o->field == BL_MAP_VALUE_SIZE ? "value_size" : "max_entries";

		if (!d)
			return bl_err_set(err, -ENOENT, "%s: --map %s.%s: the object has no map %s",
					  l->spec->path, o->map, field, o->map);
		if (o->field == BL_MAP_VALUE_SIZE && value_size_fixed(d))
			return bl_err_set(err, -EINVAL,
					  "%s: --map %s.value_size: the value size of %s (%s%s) is not the tool's to choose",
					  l->spec->path, o->map, o->map, bl_map_type_name(d->type),
					  d->origin == BL_MAP_DATA ? ", global data" : "");
		if (o->field == BL_MAP_MAX_ENTRIES && d->origin == BL_MAP_DATA)
			return bl_err_set(err, -EINVAL,
					  "%s: --map %s.max_entries: %s holds a global-data section in its one entry",
					  l->spec->path, o->map, o->map);
	}
	return 0;
}

bool bl_map_override_find(const struct bl_load_opts *opts, const char *map,
			  enum bl_map_field field, uint32_t *value)
{
	bool found = false;

	for (size_t k = 0; opts && k < opts->map_override_cnt; k++) {
		const struct bl_map_override *o = &opts->map_overrides[k];

		if (o->field == field && !strcmp(o->map, map)) {
			*value = o->value; /* the last one given wins */
			found = true;
		}
	}
	return found;
}
