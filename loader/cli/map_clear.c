/* loader/cli/map_clear.c — `bpfload run --clear`: emptying the maps
 * after each --interval print, as bcc's tools clear their histograms.
 *
 * A hash map's entries are deleted (BPF_MAP_DELETE_ELEM); an array's
 * elements cannot be deleted (the kernel answers EINVAL), so its values
 * are overwritten with zeros (BPF_MAP_UPDATE_ELEM; a per-CPU array takes
 * every CPU's value at once). include/uapi/linux/bpf.h documents both
 * commands; Documentation/bpf/map_array.rst and map_hash.rst the maps.
 * The keys are collected first: deleting while walking with
 * BPF_MAP_GET_NEXT_KEY would restart the walk from the first key.
 */
#include "loader/cli/output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct keys {
	unsigned char *buf;	/* cnt keys, one after the other */
	size_t cnt;
};

static int collect_key(const struct bl_map *m, const void *key, const void *value,
		       size_t value_len, void *arg)
{
	struct keys *k = arg;
	size_t ks = m->spec->key_size;
	unsigned char *grown = realloc(k->buf, (k->cnt + 1) * ks);

	(void)value;
	(void)value_len;
	if (!grown)
		return -ENOMEM;
	k->buf = grown;
	memcpy(grown + k->cnt * ks, key, ks);
	k->cnt++;
	return 0;
}

/* Empties one map: a hash map's entries deleted, an array's values set
 * to zeros (its elements cannot be deleted). */
static int clear_map(const struct bl_map *m, struct bl_err *err)
{
	bool array = m->spec->type == BPF_MAP_TYPE_ARRAY || m->spec->type == BPF_MAP_TYPE_PERCPU_ARRAY;
	size_t ks = m->spec->key_size;
	struct keys keys = { NULL, 0 };
	void *zero = array ? calloc(1, bl_map_value_len(m) ? bl_map_value_len(m) : 1) : NULL;
	char eb[16];
	int ret;

	if (array && !zero)
		return bl_err_set(err, -ENOMEM, "map %s: out of memory", m->spec->name);
	ret = bl_map_for_each(m, collect_key, &keys, err);
	for (size_t i = 0; !ret && i < keys.cnt; i++) {
		const void *key = keys.buf + i * ks;

		ret = array ? bl_map_update(m, key, zero, BPF_ANY) : bl_map_delete(m, key);
		if (ret == -ENOENT)	/* gone meanwhile */
			ret = 0;
		if (ret)
			bl_err_set(err, ret, "map %s: %s: %s", m->spec->name,
				   array ? "BPF_MAP_UPDATE_ELEM" : "BPF_MAP_DELETE_ELEM",
				   bl_errno_name(ret, eb));
	}
	free(keys.buf);
	free(zero);
	return ret;
}

void bl_clear_maps(const struct bl_out *o, struct bl_object *l)
{
	for (size_t i = 0; i < l->map_cnt; i++) {
		struct bl_map *m = &l->maps[i];
		struct bl_err err = { "" };

		/* global data is the program's, and .rodata is frozen; the
		 * USDT maps say where the arguments are (emptied, every
		 * bpf_usdt_arg would fail) */
		if (!bl_map_is_dumpable(m) || m->fd < 0 || m->spec->origin == BL_MAP_DATA ||
		    bl_map_is_usdt(m))
			continue;
		if (clear_map(m, &err))
			bl_print_error(o, err.msg);
	}
}
