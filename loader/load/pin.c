/* loader/load/pin.c — pinning maps by name in the BPF file system.
 *
 * A map lives while something refers to it: an fd, a program using it,
 * or a pin. BPF_OBJ_PIN gives it a name in a bpffs mount (by convention
 * /sys/fs/bpf; `mount -t bpf bpf /sys/fs/bpf`), where it outlives the
 * process; BPF_OBJ_GET opens it again from that path (bpf(2);
 * include/uapi/linux/bpf.h, BPF_OBJ_PIN and BPF_OBJ_GET;
 * Documentation/bpf/maps.rst). A BTF-defined map with
 * `__uint(pinning, LIBBPF_PIN_BY_NAME)` is pinned as DIR/NAME, and the
 * next load that finds a map there uses it instead of creating one, as
 * libbpf does: so two programs, or two runs, share the map. The pinned
 * map must match the definition: same type, key and value size,
 * max_entries, flags and map_extra (BPF_OBJ_GET_INFO_BY_FD says what it
 * is); otherwise the load stops and names both.
 *
 * bpfload does not mount bpffs itself: it says how to.
 */
#include "pin.h"
#include "loader/sys/fd_kind.h"
#include "loader/sys/features.h"

#include <errno.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>


/* The parent directory of dir (a copy); "." when it has none. */
static void parent_of(const char *dir, char *out, size_t len)
{
	const char *slash;

	snprintf(out, len, "%s", dir);
	while (strlen(out) > 1 && out[strlen(out) - 1] == '/')
		out[strlen(out) - 1] = '\0';
	slash = strrchr(out, '/');
	if (!slash)
		snprintf(out, len, ".");
	else if (slash == out)
		out[1] = '\0';
	else
		out[slash - out] = '\0';
}

int bl_pin_prepare(const struct bl_object *l, struct bl_map *m, const char *dir,
		   struct bl_err *err)
{
	const char *name = m->spec->name;
	char parent[PATH_MAX], eb[16];
	struct stat st;
	int n;

	if (!dir)
		dir = BL_PIN_DEFAULT_DIR;
	if (stat(dir, &st) != 0 && errno == ENOENT) {
		parent_of(dir, parent, sizeof(parent));
		/* A new directory inside bpffs, as libbpf makes one. */
		if (bl_dir_is_bpffs(parent) && mkdir(dir, 0700) != 0 && errno != EEXIST) {
			int e = -errno;

			return bl_err_set(err, e, "%s: map %s: cannot create the pin directory %s: %s",
					  l->spec->path, name, dir, bl_errno_name(e, eb));
		}
	}
	/* The two ways a pin path can be wrong say where the map was to be
	 * pinned, and how to mount bpffs there. */
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return bl_err_set(err, -ENOENT,
				  "%s: map %s: is pinned by name at %s/%s, but the pin directory %s does not exist (bpffs is mounted with: mount -t bpf bpf /sys/fs/bpf)",
				  l->spec->path, name, dir, name, dir);
	if (!bl_dir_is_bpffs(dir))
		return bl_err_set(err, -ENOTSUP,
				  "%s: map %s: is pinned by name at %s/%s, but %s is not in the BPF file system (bpffs): mount it with: mount -t bpf bpf %s",
				  l->spec->path, name, dir, name, dir, dir);
	n = snprintf(parent, sizeof(parent), "%s/%s", dir, name);
	if (n < 0 || n >= (int)sizeof(parent))
		return bl_err_set(err, -ENAMETOOLONG, "%s: map %s: the pin path %s/%s is too long",
				  l->spec->path, name, dir, name);
	free(m->pin_path);
	m->pin_path = strdup(parent);
	if (!m->pin_path)
		return bl_err_set(err, -ENOMEM, "%s: map %s: out of memory", l->spec->path, name);
	return 0;
}

int bl_pin_reuse(const struct bl_object *l, struct bl_map *m,
		 const struct bl_map_create_args *want, struct bl_err *err)
{
	struct bpf_map_info info;
	uint32_t len = sizeof(info);
	char eb[16];
	int fd = bl_sys_obj_get(m->pin_path), ret;

	if (fd == -ENOENT)
		return 0;
	if (fd < 0)
		return bl_err_set(err, fd, "%s: map %s: BPF_OBJ_GET %s failed: %s", l->spec->path,
				  m->spec->name, m->pin_path, bl_errno_name(fd, eb));
	memset(&info, 0, sizeof(info));
	if (!bl_fd_is(fd, "bpf-map")) {
		close(fd);
		return bl_err_set(err, -EINVAL, "%s: map %s: what is pinned at %s is not a map",
				  l->spec->path, m->spec->name, m->pin_path);
	}
	ret = bl_sys_obj_info(fd, &info, &len);
	if (ret) {
		close(fd);
		return bl_err_set(err, ret, "%s: map %s: BPF_OBJ_GET_INFO_BY_FD on the map pinned at %s: %s",
				  l->spec->path, m->spec->name, m->pin_path, bl_errno_name(ret, eb));
	}
	if (info.type != want->type || info.key_size != want->key_size ||
	    info.value_size != want->value_size || info.max_entries != want->max_entries ||
	    info.map_flags != want->map_flags || info.map_extra != want->map_extra) {
		close(fd);
		return bl_err_set(err, -EEXIST,
				  "%s: map %s: the map pinned at %s (id %u) does not match: it is %s key_size %u value_size %u max_entries %u flags 0x%x map_extra %llu, the object wants %s key_size %u value_size %u max_entries %u flags 0x%x map_extra %llu; remove the pin or pin elsewhere (--pin-path)",
				  l->spec->path, m->spec->name, m->pin_path, info.id,
				  bl_map_type_name(info.type), info.key_size, info.value_size,
				  info.max_entries, info.map_flags, (unsigned long long)info.map_extra,
				  bl_map_type_name(want->type), want->key_size, want->value_size,
				  want->max_entries, want->map_flags, (unsigned long long)want->map_extra);
	}
	m->fd = fd;
	m->id = info.id;
	m->reused = true;
	return 1;
}

int bl_pin_map(const struct bl_object *l, struct bl_map *m, struct bl_err *err)
{
	char eb[16];
	int ret = bl_sys_obj_pin(m->fd, m->pin_path);

	if (ret == -EEXIST)
		return ret;
	if (ret)
		return bl_err_set(err, ret, "%s: map %s: BPF_OBJ_PIN at %s failed: %s", l->spec->path,
				  m->spec->name, m->pin_path, bl_errno_name(ret, eb));
	m->pinned = true;
	return 0;
}

void bl_unpin_maps(struct bl_object *l)
{
	for (size_t i = 0; l && i < l->map_cnt; i++) {
		struct bl_map *m = &l->maps[i];

		if (m->pinned && m->pin_path)
			unlink(m->pin_path);
		m->pinned = false;
	}
}
