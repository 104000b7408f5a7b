/* loader/load/maps.c — creating maps.
 *
 * BPF_MAP_CREATE turns a definition into a kernel map and returns its fd;
 * the programs refer to it through that fd (see relocate.c). The attr
 * fields (include/uapi/linux/bpf.h; Documentation/bpf/maps.rst):
 *   map_type, key_size, value_size, max_entries, map_flags, map_name;
 *   numa_node        with BPF_F_NUMA_NODE in map_flags: the node to
 *                    allocate on;
 *   btf_fd, btf_key_type_id, btf_value_type_id
 *                    the key and value types in the object's BTF, which
 *                    lets bpftool and bpfload show typed contents. Some
 *                    map types refuse them (as libbpf knows, they are not
 *                    passed for those), and some kernels refuse others:
 *                    then the map is created again without;
 *   inner_map_fd     a map of maps is created with an example of the maps
 *                    it will hold (Documentation/bpf/map_of_maps.rst):
 *                    bpfload creates the inner map template of the
 *                    definition (or, for a legacy inner_id, a map like
 *                    the inner map named), passes it, and closes it again;
 *   map_extra        bloom filter: the number of hash functions.
 * As libbpf does, a perf event array of max_entries 0 gets one slot per
 * possible CPU, and a ring buffer's size is rounded up to a power-of-2
 * number of pages (which the kernel requires). As cilium/ebpf does (libbpf
 * passes them as written), a perf event array's key_size and value_size
 * of 0 become 4, the only sizes the kernel takes (an fd array of u32
 * keys and u32 file descriptors). Maps pinned by name (LIBBPF_PIN_BY_NAME,
 * iproute2's PIN_GLOBAL_NS) are looked up and pinned in loader/load/pin.c;
 * iproute2's other pinnings are not done (a warning says so); slots
 * initialised in the object are filled in loader/load/map_slots.c.
 *
 * Reading maps back is loader/output/map_read.c's.
 */
#include "internal.h"
#include "loader/sys/scan.h"
#include "pin.h"
#include "loader/sys/cpus.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint32_t map_id(int fd)
{
	struct bpf_map_info info;
	uint32_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return bl_sys_obj_info(fd, &info, &len) ? 0 : info.id;
}

static bool is_map_in_map(uint32_t type)
{
	return type == BPF_MAP_TYPE_ARRAY_OF_MAPS || type == BPF_MAP_TYPE_HASH_OF_MAPS;
}

/* Map types created without BTF key/value types (libbpf's list, from
 * bpf_object__create_map): the kernel rejects or ignores them there. */
static bool refuses_btf_ids(uint32_t type)
{
	switch (type) {
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_STACK_TRACE:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH:
	case BPF_MAP_TYPE_CPUMAP:
	case BPF_MAP_TYPE_XSKMAP:
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_SOCKHASH:
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
	case 33: /* BPF_MAP_TYPE_ARENA (Linux 6.9), not in older headers */
		return true;
	default:
		return false;
	}
}

/* A ring buffer holds a power-of-2 number of pages: the size asked for,
 * rounded up to the next such (0 stays 0, for the kernel to refuse). */
static uint32_t ringbuf_size(uint32_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	uint64_t n = page > 0 ? (uint64_t)page : 4096;

	if (size == 0)
		return 0;
	while (n < size)
		n *= 2;
	return n > UINT32_MAX ? size : (uint32_t)n;
}

/* libbpf-tools leave some sizes at 0 in the object and set them from
 * user space before the load (bpf_map__set_max_entries,
 * bpf_map__set_value_size): the kernel refuses 0. So that such objects
 * load unchanged, bpfload picks what those tools pick by default and
 * says so (--map NAME.max_entries=N, NAME.value_size=N to choose). */
#define DEFAULT_MAX_ENTRIES 10240	/* libbpf-tools' usual MAX_ENTRIES */

static bool needs_entries(uint32_t type)
{
	switch (type) {
	case BPF_MAP_TYPE_HASH: case BPF_MAP_TYPE_ARRAY: case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_ARRAY: case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH: case BPF_MAP_TYPE_STACK_TRACE:
		return true;
	default:
		return false;
	}
}

/* A stack trace map's value: perf_event_max_stack addresses (the
 * kernel's limit of a stack's depth, /proc/sys/kernel/
 * perf_event_max_stack, 127 by default; Documentation/admin-guide/
 * sysctl/kernel.rst) of 8 bytes. */
static uint32_t stack_value_size(void)
{
	long long depth;

	if (bl_read_int_file("/proc/sys/kernel/perf_event_max_stack", "", &depth) ||
	    depth <= 0 || depth > 4096)
		depth = 127;
	return (uint32_t)depth * 8;
}

static void default_sizes(struct bl_object *l, const struct bl_map_spec *d,
			  struct bl_map_create_args *a)
{
	if (a->max_entries == 0 && needs_entries(d->type)) {
		a->max_entries = DEFAULT_MAX_ENTRIES;
		bl_warn(l, "map %s: max_entries is 0 in the object (its tool sets it before loading): using %u (--map %s.max_entries=N to choose)",
			d->name, a->max_entries, d->name);
	}
	if (a->value_size == 0 && d->type == BPF_MAP_TYPE_STACK_TRACE) {
		a->value_size = stack_value_size();
		bl_warn(l, "map %s: value_size is 0 in the object (its tool sets it before loading): using %u, perf_event_max_stack addresses (--map %s.value_size=N to choose)",
			d->name, a->value_size, d->name);
	}
}

/* The BPF_MAP_CREATE arguments of map i, after --map overrides, with the
 * CPU count and ring buffer rounding applied; recorded in l->maps[i]. */
static int create_args(struct bl_object *l, size_t i, const struct bl_load_opts *opts,
		       struct bl_map_create_args *a, struct bl_err *err)
{
	struct bl_map *m = &l->maps[i];
	const struct bl_map_spec *d = m->spec;
	uint32_t v;

	memset(a, 0, sizeof(*a));
	a->type = d->type;
	a->name = d->name;
	a->key_size = d->key_size;
	a->value_size = d->value_size;
	a->max_entries = d->max_entries;
	a->map_flags = bl_data_map_flags(d); /* global data: MMAPABLE if known */
	a->numa_node = d->numa_node;
	if (d->numa_node)
		a->map_flags |= BPF_F_NUMA_NODE;
	a->map_extra = d->map_extra;
	a->inner_map_fd = -1;
	a->btf_fd = l->btf_fd;
	a->btf_key_type_id = d->btf_key_type_id;
	a->btf_value_type_id = d->btf_value_type_id;
	if (bl_map_override_find(opts, d->name, BL_MAP_MAX_ENTRIES, &v))
		a->max_entries = v;
	if (bl_map_override_find(opts, d->name, BL_MAP_VALUE_SIZE, &v)) {
		a->value_size = v;
		a->btf_value_type_id = 0; /* the type no longer has that size */
	}
	/* As cilium/ebpf does: 4-byte keys and values unless given. */
	if (d->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && a->key_size == 0)
		a->key_size = sizeof(uint32_t);
	if (d->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && a->value_size == 0)
		a->value_size = sizeof(uint32_t);
	/* As libbpf does: a perf event array sized 0 gets a slot per CPU. */
	if (d->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && a->max_entries == 0) {
		int cpus = bl_possible_cpus();

		if (cpus < 0)
			return bl_err_set(err, cpus, "%s: map %s: cannot count CPUs",
					  l->spec->path, d->name);
		a->max_entries = (uint32_t)cpus;
	}
	if (d->type == BPF_MAP_TYPE_RINGBUF || d->type == BPF_MAP_TYPE_USER_RINGBUF)
		a->max_entries = ringbuf_size(a->max_entries);
	default_sizes(l, d, a);
	/* The kernel takes a key type only with a value type (map_create()
	 * in kernel/bpf/syscall.c): the values of a program array have none. */
	if (refuses_btf_ids(d->type) || a->btf_fd < 0 || !a->btf_value_type_id) {
		a->btf_key_type_id = 0;
		a->btf_value_type_id = 0;
	}
	m->max_entries = a->max_entries;
	m->key_size = a->key_size;
	m->value_size = a->value_size;
	return 0;
}

/* What the kernel wants of map a, when the refusal may be about that. */
static const char *create_hint(const struct bl_map_create_args *a)
{
	if (is_map_in_map(a->type) && a->inner_map_fd < 0)
		return "; a map of maps needs the definition of its inner maps (__array(values, struct inner) in .maps, or inner_id naming the id of a legacy struct bpf_elf_map)";
	if (a->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && (a->key_size != 4 || a->value_size != 4))
		return "; a perf event array has 4-byte keys and values (0 is read as 4)";
	return "";
}

static int create_failed(struct bl_object *l, const struct bl_map_create_args *a, int ret,
			 const char *also, struct bl_err *err)
{
	char eb[16];

	l->map_refused = true;
	return bl_err_set(err, ret,
			  "%s: map %s: BPF_MAP_CREATE failed: %s (type %s, key_size %u, value_size %u, max_entries %u, flags 0x%x)%s%s",
			  l->spec->path, a->name, bl_errno_name(ret, eb), bl_map_type_name(a->type),
			  a->key_size, a->value_size, a->max_entries, a->map_flags, also, create_hint(a));
}

/* iproute2's pinnings bpfload does not do (elf/read/maps_iproute2.c). */
static void warn_unpinned(struct bl_object *l, const struct bl_map_spec *d)
{
	if (d->origin != BL_MAP_LEGACY || d->elf.pinning == BL_PIN_NONE ||
	    d->elf.pinning == BL_PIN_GLOBAL_NS)
		return;
	if (d->elf.pinning == BL_PIN_OBJECT_NS)
		bl_warn(l, "%s: map %s: pinning PIN_OBJECT_NS (1), which iproute2 pins under /sys/fs/bpf/tc/<SHA-1 of the object>/: not supported by bpfload, the map is not pinned",
			l->spec->path, d->name);
	else
		bl_warn(l, "%s: map %s: pinning %u, a custom pinning of iproute2 (a directory named in /etc/iproute2/bpf_pinning): not supported by bpfload, the map is not pinned",
			l->spec->path, d->name, d->elf.pinning);
}

/* BPF_MAP_CREATE of map i (its inner template first, for a map of maps). */
static int create_one(struct bl_object *l, size_t i, const struct bl_load_opts *opts,
		      struct bl_map_create_args *a, struct bl_err *err)
{
	const struct bl_map_spec *d = l->maps[i].spec;
	struct bl_map_create_args inner;
	int fd, first, inner_fd = -1;

	if (is_map_in_map(d->type) && d->inner >= 0) {
		int ret = create_args(l, (size_t)d->inner, opts, &inner, err);

		if (ret)
			return ret;
		inner_fd = bl_sys_map_create_attr(&inner);
		if (inner_fd < 0) /* named "OUTER.inner" in the message */
			return create_failed(l, &inner, inner_fd, "", err);
		a->inner_map_fd = inner_fd;
	}
	fd = bl_sys_map_create_attr(a);
	if (fd < 0 && a->btf_fd >= 0 && (a->btf_key_type_id || a->btf_value_type_id)) {
		/* As libbpf does: some kernels refuse the BTF of some maps. */
		first = fd;
		a->btf_key_type_id = 0;
		a->btf_value_type_id = 0;
		fd = bl_sys_map_create_attr(a);
		if (fd < 0) {
			char also[64], eb[16];

			snprintf(also, sizeof(also), " (also with BTF key/value types: %s)",
				 bl_errno_name(first, eb));
			create_failed(l, a, fd, also, err);
		}
	} else if (fd < 0) {
		create_failed(l, a, fd, "", err);
	}
	if (inner_fd >= 0)
		close(inner_fd);
	if (fd < 0)
		return fd;
	l->maps[i].fd = fd;
	l->maps[i].id = map_id(fd);
	return 0;
}

/* Map i pinned by name: reuses the pinned map, or creates and pins it. */
static int create_pinned(struct bl_object *l, size_t i, const struct bl_load_opts *opts,
			 struct bl_map_create_args *a, struct bl_err *err)
{
	struct bl_map *m = &l->maps[i];
	int ret = bl_pin_prepare(l, m, opts->pin_path, err);

	for (int tries = 0; !ret && tries < 2; tries++) {
		ret = bl_pin_reuse(l, m, a, err);
		if (ret) /* reused (1), or does not match */
			return ret < 0 ? ret : 0;
		ret = create_one(l, i, opts, a, err);
		if (!ret)
			ret = bl_pin_map(l, m, err);
		if (ret != -EEXIST)
			return ret;
		/* Pinned by someone else meanwhile: use theirs. */
		close(m->fd);
		m->fd = -1;
		ret = 0;
	}
	return ret ? ret : bl_err_set(err, -EEXIST, "%s: map %s: %s keeps appearing and disappearing",
				      l->spec->path, m->spec->name, m->pin_path);
}

int bl_create_maps(struct bl_object *l, const struct bl_load_opts *opts, struct bl_err *err)
{
	static const struct bl_load_opts none;
	int ret;

	if (!opts)
		opts = &none;
	ret = bl_map_overrides_check(l, opts, err);
	for (size_t i = 0; i < l->map_cnt && !ret; i++) {
		struct bl_map_create_args a;

		ret = create_args(l, i, opts, &a, err);
		if (ret || l->maps[i].spec->inner_template)
			continue; /* a template is created with its outer map */
		warn_unpinned(l, l->maps[i].spec);
		if (l->maps[i].spec->pinning == 1)
			ret = create_pinned(l, i, opts, &a, err);
		else
			ret = create_one(l, i, opts, &a, err);
	}
	if (ret)
		bl_unpin_maps(l);
	return ret;
}
