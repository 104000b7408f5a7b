/* loader/load/core_target.c — which BTF the CO-RE relocations of an
 * object are resolved against, and what to say when there is none.
 *
 * CO-RE relocations (.BTF.ext, Documentation/bpf/llvm_reloc.rst) name
 * kernel types and members; the loader finds them in the target
 * kernel's BTF. The running kernel publishes its own at
 * /sys/kernel/btf/vmlinux when built with CONFIG_DEBUG_INFO_BTF
 * (Documentation/bpf/btf.rst, "BTF Generation"). Kernels without it
 * (embedded ones, older distributions) can still run CO-RE objects when
 * given the part of that kernel's BTF the object needs, as a raw BTF file
 * (`bpfload btf min`, docs/btf-min.md). The search order, first found
 * wins:
 *
 *   1. bl_load_opts.btf_path (bpfload --btf FILE);
 *   2. $BPFLOAD_BTF, when set and not empty;
 *   3. /sys/kernel/btf/vmlinux, the running kernel's own;
 *   4. OBJ.btf: the object's path with ".btf" appended
 *      (prog.bpf.o -> prog.bpf.o.btf), only when 3 is missing.
 *
 * 1 and 2 are the user's explicit choice and win over the kernel, as
 * --kconfig and $BPFLOAD_KCONFIG do (kconfig.c); 4 is what a tool
 * ships beside its object for kernels without BTF, so a kernel that has
 * its own never uses a stale copy. A file that is named (1, 2) or
 * present (4) but unreadable or not raw BTF is an error naming it and
 * where it came from: there is no falling back past it.
 *
 * Nothing is looked up for an object without CO-RE relocations (unless
 * btf_path is given): it loads as it always did.
 */
#include "internal.h"
#include "kernel_btf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "elf/btf/btf.h"
#include "elf/btf/btf_ext.h"

#define BTF_ENV "BPFLOAD_BTF"
#define BTF_SUFFIX ".btf"

bool bl_core_has_relos(const struct bl_object_spec *obj)
{
	const struct bl_btf_ext *ext = obj->btf_ext;

	if (!ext || !obj->btf)
		return false;
	for (size_t i = 0; i < ext->core_relo.sec_cnt; i++)
		if (ext->core_relo.secs[i].cnt)
			return true;
	return false;
}

const char *bl_btf_from_name(enum bl_btf_from from)
{
	switch (from) {
	case BL_BTF_FROM_KERNEL: return "the running kernel";
	case BL_BTF_FROM_OPTION: return "--btf";
	case BL_BTF_FROM_ENV: return BTF_ENV;
	case BL_BTF_FROM_NEXT_TO_OBJECT: return "next to the object";
	}
	return "?";
}

/* Reads the file of path, from where it came from, into l->core_btf. */
static int read_target(struct bl_object *l, const char *path, enum bl_btf_from from,
		       struct bl_err *err)
{
	const char *obj = l->spec->path;
	const char *how = bl_btf_from_name(from);
	struct bl_err e;
	int ret;

	l->core_btf_path = strdup(path);
	if (!l->core_btf_path)
		return bl_err_set(err, -ENOMEM, "%s: out of memory", obj);
	l->core_btf_from = from;
	ret = bl_btf_file_read(path, NULL, &l->core_btf_file, &e);
	if (ret == -EINVAL)
		return bl_err_set(err, ret, "%s: %s (from %s) is not usable as the target BTF of CO-RE relocations (raw BTF wanted, such as /sys/kernel/btf/vmlinux or the output of `bpfload btf min`): %s",
				  obj, path, how, e.msg);
	if (ret)
		return bl_err_set(err, ret, "%s: the target BTF (from %s): %s", obj, how, e.msg);
	l->core_btf = l->core_btf_file;
	return 0;
}

/* OBJ.btf when it exists (whatever it is: read_target judges it). */
static char *next_to_object(const char *obj)
{
	size_t n = strlen(obj);
	char *p = malloc(n + sizeof(BTF_SUFFIX));
	struct stat st;

	if (!p)
		return NULL;
	memcpy(p, obj, n);
	memcpy(p + n, BTF_SUFFIX, sizeof(BTF_SUFFIX));
	if (stat(p, &st) != 0 && errno == ENOENT) {
		free(p);
		return NULL;
	}
	return p;
}

/* Nothing found: what is missing, and the three ways to give it. */
static int nothing_found(const struct bl_object *l, struct bl_err *err)
{
	const char *obj = l->spec->path;

	return bl_err_set(err, -ENOENT,
			  "%s: the object has CO-RE relocations, which need the kernel's BTF, and there is none: %s is missing (a kernel built without CONFIG_DEBUG_INFO_BTF), $%s is not set, and there is no %s%s. "
			  "On a machine with this kernel's BTF (the same kernel build), run `bpfload btf min %s -o %s%s` and put the file next to the object; or give a BTF file with --btf FILE or %s=FILE",
			  obj, BL_VMLINUX_BTF, BTF_ENV, obj, BTF_SUFFIX, obj, obj, BTF_SUFFIX, BTF_ENV);
}

int bl_core_load_target(struct bl_object *l, const char *btf_path, struct bl_err *err)
{
	const char *env = getenv(BTF_ENV);
	struct bl_kernel_btf *kb;
	struct bl_err e;
	char *next;
	int ret;

	if (btf_path)
		return read_target(l, btf_path, BL_BTF_FROM_OPTION, err);
	if (!bl_core_has_relos(l->spec))
		return 0;
	if (env && env[0])
		return read_target(l, env, BL_BTF_FROM_ENV, err);
	/* the running kernel's, shared with whatever else needs it */
	ret = bl_object_kernel_btf(l, &kb, &e);
	if (!ret) {
		l->core_btf = bl_kernel_btf_vmlinux(kb);
		return 0;
	}
	if (ret != -ENOENT) {
		*err = e;
		return ret;
	}
	next = next_to_object(l->spec->path);
	if (!next)
		return errno == ENOMEM ? bl_err_set(err, -ENOMEM, "%s: out of memory", l->spec->path)
				       : nothing_found(l, err);
	ret = read_target(l, next, BL_BTF_FROM_NEXT_TO_OBJECT, err);
	free(next);
	return ret;
}
