/* loader/load/object.h — the live object: what bl_load made in the kernel
 * from an object spec (elf/object.h). Each part points back to the spec
 * it was made from:
 *
 *   parsed (elf/object.h, no syscalls)    live (this file: kernel objects)
 *   struct bl_object_spec                 struct bl_object
 *   struct bl_map_spec                    struct bl_map    (a map fd)
 *   struct bl_prog_spec                   struct bl_prog   (a program fd)
 *                                         struct bl_link   (an attachment)
 */
#ifndef BL_LOAD_OBJECT_H
#define BL_LOAD_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf/object.h"

struct bl_map {
	const struct bl_map_spec *spec;
	int fd;			/* -1 until created; inner map templates stay -1 */
	uint32_t id;		/* the kernel's id (bpftool map show) */
	uint32_t max_entries;	/* as created (perf event arrays: CPUs; ring
				 * buffers: a power-of-2 number of pages;
				 * --map NAME.max_entries=N) */
	uint32_t key_size;	/* as created (perf event arrays: 4 for 0) */
	uint32_t value_size;	/* as created (--map NAME.value_size=N;
				 * perf event arrays: 4 for 0) */
	char *pin_path;		/* pinning by name: DIR/NAME in bpffs, else NULL */
	bool reused;		/* fd is the map found pinned at pin_path */
	bool pinned;		/* this load pinned it at pin_path */
};

enum bl_prog_state {
	BL_PROG_NOT_LOADED,	/* not tried (an earlier program failed) */
	BL_PROG_LOADED,
	BL_PROG_REJECTED,	/* the kernel refused it: see errno and log */
	BL_PROG_UNSUPPORTED,	/* bpfload cannot load it: see log */
	BL_PROG_SKIPPED,	/* left out: --skip, --prog, or SEC("?...") */
};

/* A program's part in its group of alternatives (bl_prog_spec.alt_group,
 * docs/alternatives.md), as bl_load decided it. The rule: of a group, the
 * most preferred mechanism (the lowest rank) whose programs all loaded is
 * chosen; bl_attach attaches it, or, when the kernel cannot take it
 * there, the next loaded one. */
enum bl_alt_role {
	BL_ALT_NONE,		/* in no group, or its group is not in play
				 * (bl_alt_state.active false), or no rank of
				 * it loaded: then its failure is the object's */
	BL_ALT_CHOSEN,		/* loaded, of the chosen rank: attached first */
	BL_ALT_FALLBACK,	/* loaded, of a later rank: attached only if
				 * the ranks before it cannot be */
	BL_ALT_UNUSED,		/* never attached: not loaded, or loaded but a
				 * program of its rank was not; when not loaded,
				 * its failure is not the object's (an
				 * alternative of it loaded) */
};

struct bl_link {
	enum bl_attach_kind kind;
	int link_fd;		/* BPF link, or raw tracepoint fd; -1 if none */
	int perf_fd;		/* perf event; -1 if none */
	char what[256];		/* "tracepoint syscalls/sys_enter_getppid (BPF link)" */
	/* A kprobe or uprobe event bpfload created in tracefs (kprobe_events,
	 * uprobe_events), removed again at detach; "" if none. */
	char event_group[16];	/* "kprobes" */
	char event[64];		/* "bpfload_4242_0_do_unlinkat" */
	char events_file[16];	/* "kprobe_events" */
	/* A USDT program: one uprobe per probe site, each with its own perf
	 * event and link (loader/attach/usdt.c); NULL otherwise. */
	struct bl_usdt_link *usdt;
	/* A multi section (kprobe.multi, uprobe.multi): how many functions
	 * it is on; attached one probe per function (bl_prog.multi_single),
	 * the link of each, parts[i] that of function i (cookie i); else
	 * NULL, the one multi link in link_fd. */
	size_t func_cnt;
	struct bl_link *parts;
	size_t part_cnt;
};

struct bl_prog {
	const struct bl_prog_spec *spec;
	enum bl_prog_state state;
	int fd;			/* -1 unless loaded */
	uint32_t id;
	int load_errno;		/* positive errno of a rejected load */
	char *log;		/* verifier log (or bpfload's reason) when not loaded;
				 * also of a loaded one with first_log_level */
	bool log_truncated;	/* the log did not fit: with log_tail_ok on kernels
				 * 6.4+ it is the log's end, else its start */
	uint32_t log_true_size;	/* bytes the whole log needs (6.4+), else 0 */
	unsigned log_loads;	/* BPF_PROG_LOADs made with a log */
	uint32_t verified_insns; /* loaded: bpf_prog_info.verified_insns (5.16+) */
	/* The line_info of a rejected program, or of any program whose first
	 * load had a log of level 1 or 2, insn_off an index in the program
	 * as loaded (after loader/load/subprogs.c): ties the log's instructions
	 * to source lines (loader/verifier/log_annotate.h). NULL without .BTF.ext. */
	struct bpf_line_info *line_info;
	uint32_t line_info_cnt;
	enum bl_alt_role alt;	/* its part in its group of alternatives */
	/* A kprobe.multi or uprobe.multi program loaded without its
	 * expected_attach_type, to be attached one probe per function: the
	 * kernel has no such multi link, or bl_load_opts.no_multi_link. */
	bool multi_single;
	/* BTF-attached programs (tp_btf, fentry, lsm, iter, freplace:
	 * loader/load/attach_target.c): the type id given as
	 * attr.attach_btf_id and where it was found ("vmlinux", "module tun",
	 * "program 42"); for freplace also the target program's fd, which
	 * attaching needs again (-1 otherwise; closed by bl_unload). */
	uint32_t attach_btf_id;
	char attach_where[64];
	int attach_prog_fd;
	struct bl_link link;
	/* A member of a group of alternatives that bl_attach tried and the
	 * kernel could not take (bl_attach_unavailable), so that the next
	 * rank was tried: the attach's message, malloc'd; else NULL. Freed
	 * by bl_detach. */
	char *attach_error;
};

/* What became of a group of alternatives (bl_object_spec.alt_groups). */
struct bl_alt_state {
	/* The rule is in play: its selected programs have two ranks or
	 * more, and neither bl_load_opts.all_alternatives nor only_progs
	 * turned it off. When false, each member is on its own, as a
	 * program of no group. */
	bool active;
	int loaded_rank;	/* bl_load: the chosen rank, -1 when none loaded */
	int attached_rank;	/* bl_attach: the rank attached, -1 when none
				 * (not yet, or detached) */
};

/* A .ksyms extern (bl_object_spec.ksyms) on the running kernel
 * (loader/load/ksyms.c). */
struct bl_ksym_value {
	bool found;		/* the kernel has it (else: 0, a poisoned call) */
	uint32_t btf_id;	/* VAR, FUNC: its id in the kernel's BTF */
	int btf_fd;		/* 0: vmlinux's BTF; else the module's BTF fd
				 * (owned by kernel_btf) */
	int16_t fd_index;	/* FUNC of a module: insn.off, the index of
				 * btf_fd in fd_array; 0 for vmlinux */
	uint64_t addr;		/* TYPELESS: from /proc/kallsyms */
	const char *module;	/* "vmlinux" or the module's name; NULL */
	char *why;		/* not found, and the programs that use it must
				 * fail: why (malloc'd); else NULL */
};

/* How bl_attach attaches (loader/attach/attach.h); all zero: the
 * defaults. Kept in the live object with the links it made. */
struct bl_attach_opts {
	/* How kprobes and uprobes are created. */
	enum bl_probe_mode {
		BL_PROBE_AUTO,		/* the kprobe/uprobe PMU; tracefs where it is missing */
		BL_PROBE_PMU,		/* perf_event_open on the PMU only */
		BL_PROBE_TRACEFS,	/* kprobe_events / uprobe_events in tracefs only */
	} probe_mode;
	/* kretprobe instances per function (tracefs "r<N>:"); 0: the kernel's
	 * default. Needs tracefs: the PMU has no such setting. */
	unsigned kretprobe_maxactive;
	/* Where programs of a bare SEC("usdt") go ("PATH:PROVIDER:NAME",
	 * bpfload run --usdt); NULL: nowhere. Must outlive the attachment. */
	const char *usdt_target;
	/* Where programs of a bare SEC("uprobe") / SEC("uretprobe") go
	 * ("PATH:FUNC[+OFF]", bpfload run --uprobe); NULL: nowhere. The
	 * string must outlive the attachment. */
	const char *uprobe_target;
	/* > 0: every uprobe fires in that process only (--pid); 0: in every
	 * process. */
	int uprobe_pid;
	/* Attach perf events with the ioctls even where BPF links exist
	 * (what kernels before 5.15 get). */
	bool no_bpf_link;
	/* The kernel functions of every kprobe.multi / kretprobe.multi
	 * program, named by the caller instead of the section's pattern (as
	 * libbpf's bpf_kprobe_multi_opts.syms): no file is read, function i
	 * gets cookie i, and the kernel judges the names. NULL: each
	 * program's pattern, resolved by bpfload. Must outlive the
	 * attachment. */
	const char *const *kprobe_multi_funcs;
	size_t kprobe_multi_cnt;
};

struct bl_kprobe_texts;

struct bl_object {
	const struct bl_object_spec *spec;	/* what it was made from */
	struct bl_map *maps;
	size_t map_cnt;
	struct bl_prog *progs;
	size_t prog_cnt;
	/* The object's .BTF loaded into the kernel (BPF_BTF_LOAD), -1 when
	 * none: maps get their key/value types from it, programs their
	 * func_info and line_info. Closed by bl_unload. */
	int btf_fd;
	/* The target BTF of CO-RE relocations (loader/load/core_apply.c):
	 * the kernel's vmlinux BTF (kernel_btf's) or the file of --btf
	 * (core_btf_file, parsed once by bl_load); NULL when not needed. */
	const struct bl_btf *core_btf;
	struct bl_btf *core_btf_file;
	/* Where core_btf came from (loader/load/core_target.c, the search
	 * order): the running kernel (core_btf_path NULL), or the file
	 * core_btf_path, named by bl_load_opts.btf_path (--btf), by
	 * $BPFLOAD_BTF, or found next to the object (OBJ.btf). */
	enum bl_btf_from {
		BL_BTF_FROM_KERNEL,
		BL_BTF_FROM_OPTION,
		BL_BTF_FROM_ENV,
		BL_BTF_FROM_NEXT_TO_OBJECT,
	} core_btf_from;
	char *core_btf_path;
	/* The running kernel's BTF, vmlinux and modules (kernel_btf.h),
	 * opened on first need; freed by bl_unload. */
	struct bl_kernel_btf *kernel_btf;
	/* The .ksyms externs on this kernel, one per bl_object_spec.ksyms
	 * (NULL without), and attr.fd_array of every program: slot i > 0
	 * holds the BTF fd of a module whose kfuncs are called with
	 * insn.off i (NULL when no kfunc is a module's). */
	struct bl_ksym_value *ksyms;
	int *fd_array;
	size_t fd_array_cnt;
	/* What went wrong without stopping the load, one line each, e.g. the
	 * kernel refused the object's BTF and it goes on without. */
	char **warnings;
	size_t warning_cnt;
	/* The kernel's log of a refused BPF_BTF_LOAD (the warning quotes its
	 * last line), NULL otherwise. */
	char *btf_log;
	char tracefs[256];	/* where tracefs is mounted, once needed */
	unsigned event_seq;	/* numbers the tracefs events of this load */
	/* How far bl_load got (the result exists whatever happened). */
	enum bl_load_stage {
		BL_LOAD_CHECKED,	/* nothing created: the object or the options
					 * were refused, or no privileges */
		BL_LOAD_MAPS,		/* BTF and maps created, no program tried */
		BL_LOAD_PROGRAMS,	/* programs tried: see each one's state */
	} stage;
	/* The load failed because the kernel refused one of the maps
	 * (BPF_MAP_CREATE, or BPF_MAP_FREEZE of read-only global data): a
	 * refusal an object-wide requirement (elf/kernel_req/) may explain. */
	bool map_refused;
	/* What bl_attach was given (loader/attach/attach.h). */
	struct bl_attach_opts attach_opts;
	/* The files kprobe.multi patterns are resolved from, read by the
	 * first such program of a bl_attach and freed at its end
	 * (loader/attach/kprobe_multi.c); NULL outside bl_attach. */
	struct bl_kprobe_texts *kprobe_texts;
	/* One per bl_object_spec.alt_groups, in the same order. */
	struct bl_alt_state *alts;
	size_t alt_cnt;
};

struct bl_map *bl_object_find_map(struct bl_object *l, const char *name);
struct bl_prog *bl_object_find_prog(struct bl_object *l, const char *name);
/* Does p's outcome make the load fail? It was selected and is not
 * loaded, and it is not an unused alternative (BL_ALT_UNUSED: another
 * program of its event loaded). What `verify` reports as a failure. */
bool bl_prog_failed(const struct bl_prog *p);
/* Every selected program of l is loaded, or is an unused alternative of
 * a group that has its chosen rank loaded (no bl_prog_failed), and the
 * load got past the maps (stage BL_LOAD_MAPS or further). */
bool bl_object_usable(const struct bl_object *l);
/* What became of p's load, in a few words for a line about its group:
 * "loaded", "skipped", "not loaded: the kernel refused it with EPERM
 * (Operation not permitted)", "not loaded: <bpfload's reason>". Returns
 * a constant string or buf. */
const char *bl_prog_outcome(const struct bl_prog *p, char *buf, size_t len);
/* msg (a load's or an attach's message about p) without the "PATH:
 * program NAME (section S): " or "program NAME: " it starts with: what
 * is left to say once p has been named. */
const char *bl_prog_msg_reason(const struct bl_prog *p, const char *msg);
/* The value size of m as BPF_MAP_LOOKUP_ELEM fills it: per-CPU maps
 * give one value per possible CPU, each rounded up to 8 bytes, one after
 * the other. */
size_t bl_map_value_len(const struct bl_map *m);

#endif
