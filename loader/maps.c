/* loader/maps.c — creating maps and reading them back.
 *
 * BPF_MAP_CREATE turns a definition into a kernel map and returns its fd;
 * the programs refer to it through that fd (see relocate.c). Reading a
 * map walks its keys with BPF_MAP_GET_NEXT_KEY (a NULL key gives the
 * first) and fetches each value with BPF_MAP_LOOKUP_ELEM. For per-CPU
 * maps the kernel returns one value per possible CPU, each padded to 8
 * bytes (kernel/bpf/syscall.c, bpf_map_value_size()).
 */
#include "bpfload.h"
#include "internal.h"
#include "sys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int bl_possible_cpus(void)
{
	/* A list of ranges such as "0-3" or "0,2-5". */
	FILE *f = fopen("/sys/devices/system/cpu/possible", "re");
	int n = 0, a, b;
	char sep;

	if (!f)
		return -errno;
	while (fscanf(f, "%d", &a) == 1) {
		b = a;
		if (fscanf(f, "%c", &sep) == 1 && sep == '-') {
			if (fscanf(f, "%d", &b) != 1)
				break;
			if (fscanf(f, "%c", &sep) != 1)
				sep = '\n';
		}
		n += b - a + 1;
		if (sep != ',')
			break;
	}
	fclose(f);
	return n > 0 ? n : -EINVAL;
}

static bool is_percpu(uint32_t type)
{
	return type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}

size_t bl_map_value_len(const struct bl_map *m)
{
	int cpus;

	if (!is_percpu(m->def->type))
		return m->def->value_size;
	cpus = bl_possible_cpus();
	return (size_t)((m->def->value_size + 7) & ~7u) * (cpus > 0 ? cpus : 1);
}

bool bl_map_is_dumpable(const struct bl_map *m)
{
	switch (m->def->type) {
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

int bl_map_lookup(const struct bl_map *m, const void *key, void *value)
{
	return bl_sys_map_lookup(m->fd, key, value);
}

int bl_map_update(const struct bl_map *m, const void *key, const void *value, uint64_t flags)
{
	return bl_sys_map_update(m->fd, key, value, flags);
}

int bl_map_for_each(const struct bl_map *m, bl_map_entry_fn fn, void *ctx, struct bl_err *err)
{
	size_t klen = m->def->key_size, vlen = bl_map_value_len(m);
	unsigned char *key = calloc(1, klen ? klen : 1), *next = calloc(1, klen ? klen : 1);
	unsigned char *value = calloc(1, vlen ? vlen : 1);
	const void *prev = NULL;
	char eb[16];
	int ret;

	if (!key || !next || !value) {
		ret = bl_err_set(err, -ENOMEM, "map %s: out of memory", m->def->name);
		goto out;
	}
	while ((ret = bl_sys_map_next_key(m->fd, prev, next)) == 0) {
		memcpy(key, next, klen);
		prev = key;
		ret = bl_sys_map_lookup(m->fd, key, value);
		if (ret == -ENOENT)
			continue; /* deleted by a program meanwhile */
		if (ret) {
			bl_err_set(err, ret, "map %s: BPF_MAP_LOOKUP_ELEM: %s", m->def->name,
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
		bl_err_set(err, ret, "map %s: BPF_MAP_GET_NEXT_KEY: %s", m->def->name,
			   bl_errno_name(ret, eb));
out:
	free(key);
	free(next);
	free(value);
	return ret;
}

static uint32_t map_id(int fd)
{
	struct bpf_map_info info;
	uint32_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return bl_sys_obj_info(fd, &info, &len) ? 0 : info.id;
}

int bl_create_maps(struct bl_loaded *l, struct bl_err *err)
{
	for (size_t i = 0; i < l->map_cnt; i++) {
		struct bl_map *m = &l->maps[i];
		const struct bl_map_def *d = m->def;
		char eb[16];

		m->max_entries = d->max_entries;
		/* As libbpf does: a perf event array sized 0 gets a slot per CPU. */
		if (d->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && d->max_entries == 0) {
			int cpus = bl_possible_cpus();

			if (cpus < 0)
				return bl_err_set(err, cpus, "%s: map %s: cannot count CPUs",
						  l->obj->path, d->name);
			m->max_entries = (uint32_t)cpus;
		}
		m->fd = bl_sys_map_create(d->type, d->name, d->key_size, d->value_size,
					  m->max_entries, d->map_flags);
		if (m->fd < 0) {
			int ret = m->fd;

			m->fd = -1;
			return bl_err_set(err, ret,
					  "%s: map %s: BPF_MAP_CREATE failed: %s (type %s, key_size %u, value_size %u, max_entries %u, flags 0x%x)",
					  l->obj->path, d->name, bl_errno_name(ret, eb),
					  bl_map_type_name(d->type), d->key_size, d->value_size,
					  m->max_entries, d->map_flags);
		}
		m->id = map_id(m->fd);
	}
	return 0;
}
