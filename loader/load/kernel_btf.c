/* loader/load/kernel_btf.c — the running kernel's BTF: vmlinux's and the
 * loaded modules' (see kernel_btf.h).
 *
 * The modules: every BTF object the kernel holds has an id
 * (BPF_BTF_GET_NEXT_ID walks them: vmlinux's, each module's, and those
 * that programs loaded); BPF_BTF_GET_FD_BY_ID opens one and
 * BPF_OBJ_GET_INFO_BY_FD (struct bpf_btf_info) says its name and whether
 * it is the kernel's own (kernel_btf, 5.11+). A module's BTF data is
 * also at /sys/kernel/btf/NAME, which is what is parsed, on top of
 * vmlinux's (split BTF: elf/btf/btf.h). The fd is kept: it is what
 * attr.attach_btf_obj_fd and attr.fd_array want.
 */
#include "kernel_btf.h"
#include "object.h"
#include "loader/sys/read_file.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define BTF_FILE_MAX (1u << 30)

struct kernel_module_btf {
	char name[64];
	int fd;			/* BPF_BTF_GET_FD_BY_ID */
	struct bl_btf *btf;	/* parsed when first needed */
};

struct bl_kernel_btf {
	struct bl_btf *vmlinux;
	void *map;		/* vmlinux's BTF mapped (6.16+), or NULL */
	size_t map_len;
	struct kernel_module_btf *mods;
	int mod_cnt;		/* -1: not listed yet */
};

int bl_btf_file_read(const char *path, const struct bl_btf *base, struct bl_btf **out,
		     struct bl_err *err)
{
	unsigned char *data = NULL;
	size_t len = 0;
	char eb[16];
	int ret = bl_read_file(path, BTF_FILE_MAX, &data, &len);

	*out = NULL;
	if (ret)
		return bl_err_set(err, ret, "cannot read %s: %s (%s)", path, strerror(-ret),
				  bl_errno_name(-ret, eb));
	return bl_btf_parse_owned(data, len, base, path, out, err);
}

/* Since Linux 6.16 ("btf: Allow mmap of vmlinux btf"), the kernel maps
 * /sys/kernel/btf/vmlinux read-only into the process: its pages are the
 * kernel's own (a PFN mapping, counted in no one's RSS), and nothing is
 * read or copied. Before, reading it takes a read(2) per 4 KiB page
 * (sysfs hands binary files out a page at a time): 1,340 calls for
 * 5.5 MB. */
static int map_vmlinux(struct bl_kernel_btf *kb, const char *path, struct bl_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *map;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || st.st_size <= 0) {
		close(fd);
		return -ENOTSUP;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -ENOTSUP;	/* before 6.16, or not sysfs: read it */
	kb->map = map;
	kb->map_len = (size_t)st.st_size;
	return bl_btf_parse_borrowed(map, kb->map_len, NULL, path, &kb->vmlinux, err);
}

int bl_kernel_btf_open(const char *path, struct bl_kernel_btf **out, struct bl_err *err)
{
	struct bl_kernel_btf *kb = calloc(1, sizeof(*kb));
	int ret;

	*out = NULL;
	if (!kb)
		return bl_err_set(err, -ENOMEM, "out of memory");
	kb->mod_cnt = -1;
	path = path ? path : BL_VMLINUX_BTF;
	ret = map_vmlinux(kb, path, err);
	if (ret == -ENOTSUP || ret == -ENOENT)
		ret = bl_btf_file_read(path, NULL, &kb->vmlinux, err);
	if (ret == -ENOENT)
		bl_err_set(err, ret, "%s is missing: the kernel has no BTF (CONFIG_DEBUG_INFO_BTF); a BTF file (--btf, BPFLOAD_BTF, OBJ.btf) stands in for CO-RE relocations only, not for the type ids of attach targets (tp_btf, fentry, fexit, lsm, iter), kfuncs and typed __ksym, which are the running kernel's own",
			   path);
	if (ret) {
		bl_kernel_btf_free(kb);
		return ret;
	}
	*out = kb;
	return 0;
}

void bl_kernel_btf_free(struct bl_kernel_btf *kb)
{
	if (!kb)
		return;
	for (int i = 0; i < kb->mod_cnt; i++) {
		bl_btf_free(kb->mods[i].btf);
		close(kb->mods[i].fd);
	}
	free(kb->mods);
	bl_btf_free(kb->vmlinux);
	if (kb->map)
		munmap(kb->map, kb->map_len);
	free(kb);
}

const struct bl_btf *bl_kernel_btf_vmlinux(const struct bl_kernel_btf *kb)
{
	return kb->vmlinux;
}

/* fd's name when it is a module's BTF; false for vmlinux's and for the
 * BTF of programs. */
static bool module_btf_name(int fd, char name[64])
{
	struct bpf_btf_info info;
	uint32_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	memset(name, 0, 64);
	info.name = (uint64_t)(uintptr_t)name;
	info.name_len = 64;
	if (bl_sys_obj_info(fd, &info, &len))
		return false;
	name[63] = '\0';
	return info.kernel_btf && name[0] && strcmp(name, "vmlinux") != 0;
}

static int add_module(struct bl_kernel_btf *kb, int fd, const char *name, int *cap)
{
	if (kb->mod_cnt == *cap) {
		int n = *cap ? *cap * 2 : 16;
		struct kernel_module_btf *m = realloc(kb->mods, (size_t)n * sizeof(*m));

		if (!m)
			return -ENOMEM;
		kb->mods = m;
		*cap = n;
	}
	memset(&kb->mods[kb->mod_cnt], 0, sizeof(kb->mods[0]));
	snprintf(kb->mods[kb->mod_cnt].name, sizeof(kb->mods[0].name), "%s", name);
	kb->mods[kb->mod_cnt++].fd = fd;
	return 0;
}

/* Walks every BTF object id once; keeps the modules'. */
static int list_modules(struct bl_kernel_btf *kb, struct bl_err *err)
{
	uint32_t id = 0;
	int cap = 0, ret = 0;
	char eb[16];

	if (kb->mod_cnt >= 0)
		return 0;
	kb->mod_cnt = 0;
	while (!(ret = bl_sys_next_id(BPF_BTF_GET_NEXT_ID, id, &id))) {
		char name[64];
		int fd = bl_sys_btf_get_fd_by_id(id);

		if (fd == -ENOENT)
			continue;	/* gone since: a program's BTF freed meanwhile */
		if (fd < 0) {
			ret = fd;
			break;
		}
		if (!module_btf_name(fd, name)) {
			close(fd);
			continue;
		}
		if (add_module(kb, fd, name, &cap)) {
			close(fd);
			return bl_err_set(err, -ENOMEM, "out of memory");
		}
	}
	if (ret == -ENOENT)	/* the end of the ids */
		return 0;
	return bl_err_set(err, ret, "cannot list the kernel's module BTF: BPF_BTF_GET_NEXT_ID/BPF_BTF_GET_FD_BY_ID failed with %s",
			  bl_errno_name(-ret, eb));
}

int bl_kernel_btf_module_cnt(struct bl_kernel_btf *kb)
{
	struct bl_err e;
	int ret = list_modules(kb, &e);

	return ret ? ret : kb->mod_cnt;
}

static int module_btf(struct bl_kernel_btf *kb, struct kernel_module_btf *m, struct bl_err *err)
{
	char path[96];

	if (m->btf)
		return 0;
	snprintf(path, sizeof(path), "/sys/kernel/btf/%s", m->name);
	return bl_btf_file_read(path, kb->vmlinux, &m->btf, err);
}

static int found(struct bl_kernel_type *out, int id, const struct bl_btf *btf,
		 const char *module, int fd)
{
	out->id = (uint32_t)id;
	out->btf = btf;
	out->module = module;
	out->btf_fd = fd;
	return 0;
}

int bl_kernel_btf_find(struct bl_kernel_btf *kb, const char *module, const char *name,
		       unsigned int kind, struct bl_kernel_type *out, struct bl_err *err)
{
	const char *k = bl_btf_kind_name(kind);
	int id, ret;

	if (!module || strcmp(module, "vmlinux") == 0) {
		id = bl_btf_find_by_name_kind(kb->vmlinux, name, kind);
		if (id > 0)
			return found(out, id, kb->vmlinux, "vmlinux", 0);
		if (module)
			return bl_err_set(err, -ENOENT, "%s '%s' is not in the kernel's BTF (%s)", k,
					  name, BL_VMLINUX_BTF);
	}
	if ((ret = list_modules(kb, err)))
		return ret;
	for (int i = 0; i < kb->mod_cnt; i++) {
		struct kernel_module_btf *m = &kb->mods[i];

		if (module && strcmp(module, m->name) != 0)
			continue;
		if ((ret = module_btf(kb, m, err)))
			return ret;
		id = bl_btf_find_own_by_name_kind(m->btf, name, kind);
		if (id > 0)
			return found(out, id, m->btf, m->name, m->fd);
		if (module)
			return bl_err_set(err, -ENOENT, "%s '%s' is not in the BTF of module %s", k,
					  name, module);
	}
	if (module)
		return bl_err_set(err, -ENOENT, "module %s has no BTF in the kernel: it is not loaded (lsmod), or was built without BTF",
				  module);
	return bl_err_set(err, -ENOENT, "%s '%s' is in neither the kernel's BTF (vmlinux) nor that of any of the %d loaded modules",
			  k, name, kb->mod_cnt);
}

int bl_object_kernel_btf(struct bl_object *l, struct bl_kernel_btf **out, struct bl_err *err)
{
	int ret = 0;

	if (!l->kernel_btf && (ret = bl_kernel_btf_open(NULL, &l->kernel_btf, err)))
		bl_err_prefix(err, ret, "%s", l->spec->path);
	*out = l->kernel_btf;
	return ret;
}
