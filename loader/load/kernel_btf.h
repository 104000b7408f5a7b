/* loader/load/kernel_btf.h — the running kernel's BTF: vmlinux's and the
 * loaded modules', found by name.
 *
 * BTF-attached programs name what they attach to by a type id of the
 * kernel's BTF (attr.attach_btf_id: the FUNC of fentry/fexit/fmod_ret/
 * lsm targets, the "btf_trace_NAME" TYPEDEF of tp_btf, the
 * "bpf_iter_NAME" FUNC of iterators), kfunc calls by a FUNC id
 * (insn.imm), typed __ksym variables by a VAR id. A module's types are
 * in its own split BTF (/sys/kernel/btf/MODULE, ids continuing vmlinux's)
 * and the kernel wants that BTF object's fd beside the id
 * (attr.attach_btf_obj_fd, attr.fd_array for kfuncs). Documentation/bpf/
 * btf.rst ("BTF for modules"), kfuncs.rst; include/uapi/linux/bpf.h
 * (BPF_BTF_GET_NEXT_ID, BPF_BTF_GET_FD_BY_ID, struct bpf_btf_info).
 *
 * One bl_kernel_btf per load: vmlinux parsed once (its name index built
 * on the first lookup, elf/btf/btf_index.c), the modules listed and
 * parsed only when a lookup reaches them, each once.
 */
#ifndef BL_KERNEL_BTF_H
#define BL_KERNEL_BTF_H

#include <stdint.h>

#include "elf/btf/btf.h"
#include "elf/error.h"

#define BL_VMLINUX_BTF "/sys/kernel/btf/vmlinux"

struct bl_kernel_btf;

/* Reads and parses the vmlinux BTF at path (NULL: BL_VMLINUX_BTF).
 * -ENOENT when the kernel has none (no CONFIG_DEBUG_INFO_BTF), with a
 * message naming the file. */
int bl_kernel_btf_open(const char *path, struct bl_kernel_btf **out, struct bl_err *err);
void bl_kernel_btf_free(struct bl_kernel_btf *kb);

const struct bl_btf *bl_kernel_btf_vmlinux(const struct bl_kernel_btf *kb);

/* A type found in the kernel's BTF. */
struct bl_kernel_type {
	uint32_t id;			/* its type id (in btf; a module's ids
					 * continue vmlinux's) */
	const struct bl_btf *btf;	/* vmlinux's, or the module's split BTF */
	const char *module;		/* "vmlinux" or the module's name */
	/* The BTF object's fd for attr.attach_btf_obj_fd and fd_array: 0 for
	 * vmlinux (the kernel's meaning of "no fd"), else the module BTF's
	 * fd, owned by the bl_kernel_btf (valid until bl_kernel_btf_free). */
	int btf_fd;
};

/* The type of that kind and name. module NULL: vmlinux, then every
 * loaded module's own types; "vmlinux": vmlinux only; another name: that
 * module's own types only. -ENOENT when there is none (err says where it
 * looked: "FUNC 'x' is in neither vmlinux's BTF nor any of the 3 loaded
 * modules'"), -ENOENT also for a module that is not loaded or has no BTF,
 * other -errno from reading or parsing a module's BTF. */
int bl_kernel_btf_find(struct bl_kernel_btf *kb, const char *module, const char *name,
		       unsigned int kind, struct bl_kernel_type *out, struct bl_err *err);

/* Reads the raw BTF file at path whole and parses it (bl_btf_parse_owned:
 * no copy), as split BTF on top of base when base is not NULL. A file
 * that cannot be read: "cannot read PATH: why (ENAME)" with its -errno;
 * one that is not BTF: the parser's -EINVAL and message. */
int bl_btf_file_read(const char *path, const struct bl_btf *base, struct bl_btf **out,
		     struct bl_err *err);

/* The running kernel's BTF of load l, opened on its first use and kept
 * until bl_unload (l->kernel_btf): whatever needs it during one load
 * (CO-RE, attach_btf_id, ksyms, kfuncs) parses vmlinux once. Errors
 * are prefixed with the object's path. */
struct bl_object;
int bl_object_kernel_btf(struct bl_object *l, struct bl_kernel_btf **out, struct bl_err *err);

/* How many modules with BTF were found (listing them if not yet done);
 * -errno when they could not be listed. */
int bl_kernel_btf_module_cnt(struct bl_kernel_btf *kb);

#endif
