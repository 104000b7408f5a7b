/* loader/load/internal.h — what the files of loader/load/ share; load.c,
 * the orchestrator, calls them in order. Not part of the library API
 * (loader/load/load.h). */
#ifndef BL_INTERNAL_H
#define BL_INTERNAL_H

#include "load.h"
#include "kconfig.h"
#include "loader/sys/features.h"
#include "loader/sys/kernel_version.h"

/* maps.c: creates (or finds pinned) every map but the inner map
 * templates. */
int bl_create_maps(struct bl_object *l, const struct bl_load_opts *opts, struct bl_err *err);
/* map_slots.c: the slots of maps of maps (values = { [i] = &map }) once
 * the maps exist, of program arrays (values = { [i] = &prog }) once the
 * programs are loaded. */
int bl_fill_map_in_map_slots(struct bl_object *l, struct bl_err *err);
int bl_fill_prog_array_slots(struct bl_object *l, struct bl_err *err);
/* map_override.c: --map NAME.FIELD=N: each names a map it may size;
 * the value for (map, field) when one is given. */
int bl_map_overrides_check(const struct bl_object *l, const struct bl_load_opts *opts,
			   struct bl_err *err);
bool bl_map_override_find(const struct bl_load_opts *opts, const char *map,
			  enum bl_map_field field, uint32_t *value);

/* alternatives.c (docs/alternatives.md): once the selection is known
 * (the SKIPPED states), which groups are in play (l->alts[].active);
 * whether p's group is; once the programs are tried, the chosen rank of
 * each group and every member's role (bl_prog.alt). */
void bl_alt_activate(struct bl_object *l, const struct bl_load_opts *o);
bool bl_alt_in_play(const struct bl_object *l, const struct bl_prog *p);
void bl_alt_settle(struct bl_object *l);
/* err (p's failure, returned as ret) rewritten to say that no rank of
 * p's group loaded, naming its members. */
int bl_alt_group_failed(const struct bl_object *l, const struct bl_prog *p, int ret,
			struct bl_err *err);

/* prog_load.c: relocates and loads one program, recording the outcome
 * (state, fd, id, errno, log) in p. */
int bl_load_program(struct bl_object *l, struct bl_prog *p, const struct bl_load_opts *o,
		    struct bl_err *err);



/* --- BTF, global data and bpf-to-bpf calls ----------------------------- */

/* btf_load.c: loads bl_object_spec.btf_fixed (BPF_BTF_LOAD), rewritten first
 * for what the running kernel lacks; sets l->btf_fd. When the kernel
 * refuses it anyway, leaves l->btf_fd at -1 and adds a warning (the load
 * goes on without BTF, as libbpf's does). Fails only without memory. */
int bl_load_btf(struct bl_object *l, struct bl_err *err);

/* The BTF kinds the running kernel lacks: bl_btf_missing_features and
 * enum bl_btf_feature, loader/sys/features.h (cached probes). */
/* A copy of btf's raw section with the kinds of the missing features
 * rewritten (malloc'd into *out); type ids are kept. 0 or -errno. */
int bl_btf_sanitize(const struct bl_btf *btf, unsigned missing, void **out, size_t *out_len);

/* The warning channel: one line per thing that went wrong without
 * stopping the load (l->warnings). */
void bl_warn(struct bl_object *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* global_data.c: the map_flags to create a global-data map with (no
 * BPF_F_MMAPABLE where the kernel refuses it); then, once the maps
 * exist, their initial contents (BPF_MAP_UPDATE_ELEM of key 0) and, for
 * .rodata, BPF_MAP_FREEZE. */
uint32_t bl_data_map_flags(const struct bl_map_spec *d);
int bl_init_data_maps(struct bl_object *l, struct bl_err *err);
/* kconfig.c: the values of the .kconfig externs into their map, which is
 * then frozen (bl_init_data_maps leaves it alone). config_path: see
 * bl_load_opts.kconfig_path. */
int bl_kconfig_init(struct bl_object *l, const char *config_path, struct bl_err *err);
/* bl_kconfig_text: the configuration's text, loader/load/kconfig.h. */

/* ksyms.c: the .ksyms externs of l->spec found on the running kernel
 * (l->ksyms, l->fd_array); what cannot be found keeps its reason for
 * the programs that use it. Fails only without memory. bl_ksym_explain:
 * when the verifier refused p at the poisoned call of a __weak kfunc the
 * kernel lacks, puts that in front of p->log, sets *name to the kfunc
 * and returns true. bl_ksyms_free: what bl_resolve_ksyms made. */
#define BL_KFUNC_POISON 2002000000ul	/* + the extern's index: libbpf's number */
int bl_resolve_ksyms(struct bl_object *l, struct bl_err *err);
bool bl_ksym_explain(const struct bl_object *l, struct bl_prog *p, const char **name);
void bl_ksyms_free(struct bl_object *l);

/* subprogs.c: program p with the subprograms it calls appended, every
 * relocation applied, and the func_info and line_info of the whole. */
struct bl_assembled {
	struct bpf_insn *insns;
	size_t insn_cnt;
	struct bpf_func_info *func_info;	/* NULL: none (no BTF loaded, or */
	uint32_t func_info_cnt;			/* a function without a record) */
	struct bpf_line_info *line_info;
	uint32_t line_info_cnt;
	/* CO-RE relocations that could not be resolved (core_apply.c): the
	 * instructions they poisoned */
	struct bl_core_poisoned *poisoned;
	size_t poisoned_cnt;
};
int bl_prog_assemble(const struct bl_object *l, const struct bl_prog_spec *p,
		    struct bl_assembled *out, struct bl_err *err);
void bl_assembled_free(struct bl_assembled *k);

/* relocate.c: the relocations of one function (piece, a program or a
 * subprogram) of program prog, in insns, its instructions in prog's
 * linked copy: map fds, global-data map values, .kconfig values, and
 * kernel symbols and kfunc calls (.ksyms, from l->ksyms). Calls of
 * subprograms are the linker's (subprogs.c). */
int bl_relocate_piece(const struct bl_object *l, const struct bl_prog_spec *prog,
		      const struct bl_prog_spec *piece, struct bpf_insn *insns, struct bl_err *err);

/* core_target.c: the target BTF of CO-RE relocations, chosen (btf_path,
 * $BPFLOAD_BTF, /sys/kernel/btf/vmlinux, OBJ.btf) and parsed into
 * l->core_btf when the object has CO-RE relocations or btf_path is set.
 * core_apply.c: CO-RE. Each piece of a linked program (its instructions at out->
 * insns + start) gets the relocations of its records, unresolvable ones
 * poisoning their instruction (kept in out->poisoned); when the verifier
 * refused a poisoned instruction, bl_core_explain puts "CO-RE relocation
 * K (DESC) could not be resolved on this kernel" in front of p->log and
 * copies the relocation to *out (false otherwise). */
struct bl_core_poisoned {
	size_t insn;		/* in the linked program */
	uint32_t relo;		/* record number in its section's CO-RE records */
	char desc[256];		/* bl_core_result.desc */
};
int bl_core_load_target(struct bl_object *l, const char *btf_path, struct bl_err *err);
bool bl_core_has_relos(const struct bl_object_spec *obj);
int bl_core_apply_piece(const struct bl_object *l, const struct bl_prog_spec *prog,
			const struct bl_prog_spec *piece, struct bl_assembled *out, size_t start,
			struct bl_err *err);
bool bl_core_explain(const struct bl_object *l, struct bl_prog *p, const struct bl_assembled *linked,
		     struct bl_core_poisoned *out);

#endif
