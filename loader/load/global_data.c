/* loader/load/global_data.c — the maps of .data, .rodata and .bss: flags and
 * initial contents.
 *
 * elf/read/data_sections.c describes each as a one-element array whose value
 * is the whole section. Once BPF_MAP_CREATE made it (loader/load/maps.c), its
 * value gets the section's bytes with BPF_MAP_UPDATE_ELEM of key 0 (a
 * .bss stays zeros, as a new array is), including what bpfload --set or
 * bl_object_spec_set_var changed. A .rodata map was created with
 * BPF_F_RDONLY_PROG (programs may only read it) and is then frozen with
 * BPF_MAP_FREEZE (include/uapi/linux/bpf.h), so that nothing can change
 * it any more: the verifier then reads its contents as constants, which
 * lets it prune dead branches (`if (filter_pid && ...)`) and accept
 * bpf_printk formats in it. Like libbpf, these maps are BPF_F_MMAPABLE
 * when they hold a global variable; kernels before 5.5 do not know that
 * flag, so it is asked for only where a probe map with it can be made
 * (BL_FEAT_MMAPABLE_ARRAY of loader/sys/features.h).
 */
#include "internal.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The probe's answer, once per process (loader/sys/features.c); only
 * EINVAL says the flag is unknown: EPERM and such let the real create
 * say. */
static bool kernel_has_mmapable_arrays(void)
{
	return bl_kernel_probe(BL_FEAT_MMAPABLE_ARRAY)->err != -EINVAL;
}

uint32_t bl_data_map_flags(const struct bl_map_spec *d)
{
	if (d->origin == BL_MAP_DATA && (d->map_flags & BPF_F_MMAPABLE) &&
	    !kernel_has_mmapable_arrays())
		return d->map_flags & ~(uint32_t)BPF_F_MMAPABLE;
	return d->map_flags;
}

static int init_one(struct bl_object *l, struct bl_map *m, struct bl_err *err)
{
	const struct bl_map_spec *d = m->spec;
	size_t size = bl_map_value_len(m); /* value_size as created */
	uint32_t zero = 0;
	unsigned char *value;
	char eb[16];
	int ret = 0;

	if (d->init_data) {
		value = calloc(1, size ? size : 1);
		if (!value)
			return bl_err_set(err, -ENOMEM, "%s: map %s: out of memory", l->spec->path,
					  d->name);
		memcpy(value, d->init_data, d->init_size < size ? d->init_size : size);
		ret = bl_sys_map_update(m->fd, &zero, value, BPF_ANY);
		free(value);
		if (ret)
			return bl_err_set(err, ret,
					  "%s: map %s (section %s): BPF_MAP_UPDATE_ELEM of its initial contents failed: %s",
					  l->spec->path, d->name, l->spec->sections[d->sec_idx].name,
					  bl_errno_name(-ret, eb));
	}
	if (d->map_flags & BPF_F_RDONLY_PROG) {
		ret = bl_sys_map_freeze(m->fd);
		l->map_refused = ret != 0;
		if (ret)
			return bl_err_set(err, ret,
					  "%s: map %s (section %s): BPF_MAP_FREEZE failed: %s",
					  l->spec->path, d->name, l->spec->sections[d->sec_idx].name,
					  bl_errno_name(-ret, eb));
	}
	return 0;
}

int bl_init_data_maps(struct bl_object *l, struct bl_err *err)
{
	for (size_t i = 0; i < l->map_cnt; i++) {
		struct bl_map *m = &l->maps[i];
		int ret;

		if (m->spec->origin != BL_MAP_DATA || m->fd < 0 || (int)i == l->spec->kconfig_map)
			continue; /* .kconfig: kconfig.c */
		ret = init_one(l, m, err);
		if (ret)
			return ret;
	}
	return 0;
}
