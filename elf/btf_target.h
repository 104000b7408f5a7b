/* elf/btf_target.h — what a BTF-attached program attaches to, read from
 * its section name: the kind and name of the type whose id goes in
 * BPF_PROG_LOAD's attr.attach_btf_id (include/uapi/linux/bpf.h).
 *
 * The rules are libbpf's (Documentation/bpf/libbpf/program_types.rst; in
 * libbpf.c, find_kernel_btf_id and the prefixes it adds), so that objects
 * written for libbpf load unchanged:
 *
 *   section                       type looked up                 in
 *   tp_btf/NAME                   TYPEDEF btf_trace_NAME         the kernel's BTF
 *   fentry|fexit|fmod_ret/FUNC    FUNC FUNC                      the kernel's BTF
 *   lsm/HOOK, lsm_cgroup/HOOK     FUNC bpf_lsm_HOOK              the kernel's BTF
 *   iter/NAME                     FUNC bpf_iter_NAME             the kernel's BTF
 *   freplace/FUNC                 FUNC FUNC                      the target program's BTF
 *
 * (and the sleepable .s forms). btf_trace_NAME is the typedef every
 * tracepoint declares for BPF (include/trace/bpf_probe.h), bpf_lsm_HOOK
 * the empty function that every LSM hook calls for BPF (kernel/bpf/
 * bpf_lsm.c), bpf_iter_NAME the function DEFINE_BPF_ITER_FUNC declares
 * for an iterator (include/linux/bpf.h). A kernel target may be written
 * MODULE:NAME (libbpf's form): then only that module's BTF is searched.
 *
 * Pure: no syscalls. loader/load/attach_target.c looks the names up.
 */
#ifndef BL_BTF_TARGET_H
#define BL_BTF_TARGET_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "section_def.h"

enum bl_btf_target_kind {
	BL_BTF_TARGET_NONE,	/* not a BTF-attached program */
	BL_BTF_TARGET_TP_BTF,
	BL_BTF_TARGET_FENTRY,
	BL_BTF_TARGET_FEXIT,
	BL_BTF_TARGET_FMOD_RET,
	BL_BTF_TARGET_LSM,
	BL_BTF_TARGET_LSM_CGROUP,
	BL_BTF_TARGET_ITER,
	BL_BTF_TARGET_FREPLACE,
};

struct bl_btf_target {
	enum bl_btf_target_kind kind;
	const char *what;	/* "tp_btf", "fentry", ...: the kind in messages */
	char module[64];	/* MODULE of MODULE:NAME; "" for any */
	char name[128];		/* NAME as the section writes it, without MODULE: */
	char type_name[160];	/* the type: "btf_trace_sched_switch", "bpf_lsm_file_open" */
	unsigned int btf_kind;	/* BTF_KIND_TYPEDEF (tp_btf) or BTF_KIND_FUNC */
};

/* The kind of the programs of a section; NONE for def NULL and for every
 * program type that needs no attach_btf_id. */
enum bl_btf_target_kind bl_btf_target_kind_of(const struct bl_section_def *def);

/* "tp_btf", "fentry", "fexit", "fmod_ret", "lsm", "lsm_cgroup", "iter",
 * "freplace"; "none". */
const char *bl_btf_target_kind_name(enum bl_btf_target_kind kind);

/* The target of a program of section def whose section name has the
 * extras target (NULL: none). -EINVAL with a message (without the
 * program's name, which the caller puts in front) when the name is
 * missing or malformed, -EOPNOTSUPP when def is no BTF-attached kind. */
int bl_btf_target_parse(const struct bl_section_def *def, const char *target,
			struct bl_btf_target *out, struct bl_err *err);

/* Does this kind run from a BPF trampoline, the code the kernel
 * generates around a function to call BPF programs (fentry, fexit,
 * fmod_ret, lsm, lsm_cgroup, freplace; kernel/bpf/trampoline.c)? */
bool bl_btf_target_needs_trampoline(enum bl_btf_target_kind kind);

/* What does the same job without a trampoline, as a section name to
 * write ("kprobe/do_unlinkat", "raw_tp/sched_switch"), in buf; "" when
 * nothing does. Returns buf. */
const char *bl_btf_target_instead(const struct bl_btf_target *t, char *buf, size_t len);

/* Why the kernel's BTF may lack t's type, and what to do, for the end of
 * the message that says it is missing ("inlined, static and never
 * emitted, or notrace: ..."). Returns buf. */
const char *bl_btf_target_missing(const struct bl_btf_target *t, char *buf, size_t len);

#endif
