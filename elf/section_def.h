/* elf/section_def.h — what a program's ELF section name means.
 *
 * libbpf gives section names a meaning (program type, expected attach
 * type, how to attach); bpfload follows the same names so that programs
 * written for libbpf load unchanged. The rules, as libbpf documents them
 * (Documentation/bpf/libbpf/program_types.rst):
 *   "type"   matches exactly SEC("type");
 *   "type+"  matches SEC("type") or SEC("type/extras");
 *   "type/"  matches only SEC("type/extras").
 * The extras (after the '/') are the attach target: a function for
 * kprobes, CATEGORY/NAME for tracepoints, PATH:FUNCTION for uprobes.
 */
#ifndef BL_SECTION_DEF_H
#define BL_SECTION_DEF_H

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>

/* How bpfload attaches a program of this section on its own. */
enum bl_attach_kind {
	BL_ATTACH_NONE,		  /* loaded only: attached by other means (tc, cgroup, ...) */
	BL_ATTACH_KPROBE,
	BL_ATTACH_KRETPROBE,
	BL_ATTACH_KSYSCALL,
	BL_ATTACH_KRETSYSCALL,
	BL_ATTACH_UPROBE,
	BL_ATTACH_URETPROBE,
	BL_ATTACH_TRACEPOINT,	  /* tracefs events/CAT/NAME/id + perf_event_open */
	BL_ATTACH_RAW_TRACEPOINT, /* BPF_RAW_TRACEPOINT_OPEN */
	/* BTF-attached (loader/attach/btf_trace.c): named by a BTF id of the
	 * kernel (attr.attach_btf_id, loader/load/attach_target.c) */
	BL_ATTACH_BTF_TRACE,	  /* tp_btf, fentry, fexit, fmod_ret, lsm: a BPF link */
	BL_ATTACH_FREPLACE,	  /* freplace: a function of another program */
	BL_ATTACH_ITER,		  /* iter: a BPF link that `run` reads (BPF_ITER_CREATE) */
	BL_ATTACH_USDT,		  /* usdt: a uprobe on each site of a USDT probe */
	/* Many functions, named by a pattern, at once (loader/attach/kprobe_multi.c,
	 * uprobe_multi.c): one multi link, or one probe per function on
	 * kernels without it */
	BL_ATTACH_KPROBE_MULTI,	  /* kprobe.multi/PATTERN: BPF_TRACE_KPROBE_MULTI (5.18) */
	BL_ATTACH_KRETPROBE_MULTI,
	BL_ATTACH_UPROBE_MULTI,	  /* uprobe.multi/PATH:PATTERN: BPF_TRACE_UPROBE_MULTI (6.6) */
	BL_ATTACH_URETPROBE_MULTI,
};

/* Newer than the system's <linux/bpf.h> (Debian 12's is Linux 6.1's):
 * enum bpf_attach_type's BPF_TRACE_UPROBE_MULTI ("bpf: Add multi uprobe
 * link", 6.6) and its flag for uretprobes (link_create.uprobe_multi.flags). */
#define BL_BPF_TRACE_UPROBE_MULTI ((enum bpf_attach_type)48)
#define BL_BPF_F_UPROBE_MULTI_RETURN (1U << 0)

enum bl_section_flags {
	BL_SEC_SLEEPABLE = 1 << 0, /* BPF_F_SLEEPABLE at load */
	BL_SEC_XDP_FRAGS = 1 << 1, /* BPF_F_XDP_HAS_FRAGS at load */
};

struct bl_section_def {
	const char *pattern;	/* libbpf's spelling: "kprobe+", "xdp", "sk_skb/" */
	enum bpf_prog_type prog_type;
	enum bpf_attach_type expected_attach_type; /* meaningful only if has_expected */
	int has_expected;
	enum bl_attach_kind attach;
	unsigned flags;
};

/* The definition matching section_name, or NULL. When it matches and the
 * name has extras, *target points at them (inside section_name), else NULL. */
const struct bl_section_def *bl_section_def_find(const char *section_name,
						 const char **target);

/* The whole table, in matching order, for listing (docs, `inspect`). */
const struct bl_section_def *bl_section_defs(size_t *count);

/* "kprobe", "tracepoint", ... as bpftool names them; "unknown" otherwise. */
const char *bl_prog_type_name(enum bpf_prog_type type);
const char *bl_map_type_name(enum bpf_map_type type);
const char *bl_attach_kind_name(enum bl_attach_kind kind);

#endif
