/* loader/output/map_read.c — reading maps back: the keys walked with
 * BPF_MAP_GET_NEXT_KEY (a NULL key gives the first), each value fetched
 * with BPF_MAP_LOOKUP_ELEM; updates and deletes for --clear
 * (include/uapi/linux/bpf.h; Documentation/bpf/maps.rst).
 */
#include "map_read.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool bl_map_is_dumpable(const struct bl_map *m)
{
	switch (m->spec->type) {
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
		return true;
	default:
		return false;
	}
}

bool bl_map_is_usdt(const struct bl_map *m)
{
	return m->spec->name && !strncmp(m->spec->name, "__bpf_usdt_", 11);
}

int bl_map_lookup(const struct bl_map *m, const void *key, void *value)
{
	return bl_sys_map_lookup(m->fd, key, value);
}

int bl_map_update(const struct bl_map *m, const void *key, const void *value, uint64_t flags)
{
	return bl_sys_map_update(m->fd, key, value, flags);
}

int bl_map_delete(const struct bl_map *m, const void *key)
{
	return bl_sys_map_delete(m->fd, key);
}

int bl_map_for_each(const struct bl_map *m, bl_map_entry_fn fn, void *ctx, struct bl_err *err)
{
	size_t klen = m->spec->key_size, vlen = bl_map_value_len(m);
	unsigned char *key = calloc(1, klen ? klen : 1), *next = calloc(1, klen ? klen : 1);
	unsigned char *value = calloc(1, vlen ? vlen : 1);
	const void *prev = NULL;
	char eb[16];
	int ret;

	if (!key || !next || !value) {
		ret = bl_err_set(err, -ENOMEM, "map %s: out of memory", m->spec->name);
		goto out;
	}
	while ((ret = bl_sys_map_next_key(m->fd, prev, next)) == 0) {
		memcpy(key, next, klen);
		prev = key;
		ret = bl_sys_map_lookup(m->fd, key, value);
		if (ret == -ENOENT)
			continue; /* deleted by a program meanwhile */
		if (ret) {
			bl_err_set(err, ret, "map %s: BPF_MAP_LOOKUP_ELEM: %s", m->spec->name,
				   bl_errno_name(ret, eb));
			goto out;
		}
		ret = fn(m, key, value, vlen, ctx);
		if (ret)
			goto out;
	}
	if (ret == -ENOENT) /* no key after the last one */
		ret = 0;
	else
		bl_err_set(err, ret, "map %s: BPF_MAP_GET_NEXT_KEY: %s", m->spec->name,
			   bl_errno_name(ret, eb));
out:
	free(key);
	free(next);
	free(value);
	return ret;
}
