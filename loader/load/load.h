/* loader/load/load.h — bl_load: from an object spec to maps created and
 * programs loaded (bpf(2) BPF_BTF_LOAD, BPF_MAP_CREATE, BPF_PROG_LOAD;
 * include/uapi/linux/bpf.h, Documentation/bpf/). */
#ifndef BL_LOAD_LOAD_H
#define BL_LOAD_LOAD_H

#include "object.h"

/* A map size set before the map is created (bpfload --map NAME.FIELD=N),
 * for maps a tool is meant to size. */
struct bl_map_override {
	char map[128];		/* map name; "OUTER.inner" for an inner map */
	enum bl_map_field {
		BL_MAP_MAX_ENTRIES,
		BL_MAP_VALUE_SIZE,
	} field;
	uint32_t value;
};

/* Parses "NAME.max_entries=N" or "NAME.value_size=N". */
int bl_map_override_parse(const char *spec, struct bl_map_override *out, struct bl_err *err);

struct bl_load_opts {
	bool keep_going;	/* load every program even after one is rejected */
	uint32_t log_level;	/* verifier log level of the retry; default 1 */
	/* Log level of every program's first load (e.g. 4, BPF_LOG_STATS,
	 * for the statistics of accepted programs too); 0: the first load
	 * has no log, which is fastest. */
	uint32_t first_log_level;
	/* The end of a rejected program's log is enough: on kernels 6.4+,
	 * which keep the end of a log that does not fit, it is not loaded
	 * again with a bigger buffer (loader/load/prog_load.c). */
	bool log_tail_ok;
	/* The largest log buffer to give the kernel (bytes); 0: the kernel's
	 * own limit. A longer log is cut: kernels 6.4+ keep its end, older
	 * ones its start (p->log_truncated says so). */
	uint32_t log_size_max;
	/* Where maps with pinning LIBBPF_PIN_BY_NAME are pinned (a directory
	 * in bpffs); NULL: /sys/fs/bpf. */
	const char *pin_path;
	const struct bl_map_override *map_overrides;
	size_t map_override_cnt;
	/* Program selection, by program name. With only_progs, just those
	 * are loaded (SEC("?...") ones too); skip_progs are left out. A
	 * name that is not a program of the object is an error. */
	const char *const *only_progs;
	size_t only_prog_cnt;
	const char *const *skip_progs;
	size_t skip_prog_cnt;
	/* Turns the rule of alternatives off (docs/alternatives.md; bpfload
	 * --all-alternatives): every program of a group is on its own, must
	 * load, and is attached, as in an object without groups. The rule is
	 * off as well with only_progs: the programs named are all used. */
	bool all_alternatives;
	/* The target BTF of CO-RE relocations (bpfload --btf FILE, raw BTF
	 * such as a copy of another kernel's /sys/kernel/btf/vmlinux or the
	 * output of `bpfload btf min`); NULL: $BPFLOAD_BTF, else
	 * /sys/kernel/btf/vmlinux, else OBJ.btf beside the object, looked
	 * for only when the object has CO-RE relocations
	 * (loader/load/core_target.c; bl_object.core_btf_from says which). */
	const char *btf_path;
	/* Where the values of `extern ... CONFIG_FOO __kconfig` come from: a
	 * kernel configuration file, gzip'd or not; NULL: $BPFLOAD_KCONFIG,
	 * else /proc/config.gz, else /boot/config-RELEASE (loader/load/kconfig.c). */
	const char *kconfig_path;
	/* The program whose functions freplace programs replace (bpfload
	 * --replace-target): its id ("42") or the path of its pin in bpffs
	 * ("/sys/fs/bpf/prog"); NULL: none, and freplace programs are refused. */
	const char *replace_target;
	/* Attach kprobe.multi / uprobe.multi programs one kprobe or uprobe
	 * per function even where the kernel has the multi links (bpfload
	 * --no-multi-link: what kernels before 5.18 / 6.6, or without
	 * CONFIG_FPROBE, get; for comparing, and testing that path). */
	bool no_multi_link;
};

/* Creates the maps and loads the programs of obj (which must outlive the
 * result). One ownership rule: *out is always set, whether the load
 * succeeded or not (NULL only when even that ran out of memory), and the
 * caller always frees it with bl_close (loader/bpfload.h). It says what
 * happened: how far the load got (stage), each program's state, errno
 * and log, the warnings. An object with maps and no programs loads too:
 * its maps are created (and pinned as declared), stage BL_LOAD_MAPS.
 *
 * Alternatives (docs/alternatives.md): every program of a group in play
 * is tried, even without keep_going; one that fails while another rank
 * of its group loads whole is no failure of the object: its state says
 * what the kernel said, its alt is BL_ALT_UNUSED (bl_prog_failed is
 * false). A group none of whose ranks loaded fails the load, with a
 * message naming the group.
 *
 * Returns 0 (then bl_object_usable(*out) is true) or the first failure
 * that is the object's; with keep_going every program has been tried
 * either way. */
/* Where the target BTF came from, for people: "the running kernel",
 * "--btf", "BPFLOAD_BTF", "next to the object". */
const char *bl_btf_from_name(enum bl_btf_from from);

int bl_load(const struct bl_object_spec *obj, const struct bl_load_opts *opts,
	    struct bl_object **out, struct bl_err *err);

/* Closes every map, program and BTF fd of l and frees it (also safe
 * with NULL). Detach first (bl_detach): bl_close in loader/bpfload.h
 * does both. */
void bl_unload(struct bl_object *l);

/* Removes the pins this load made (bl_map.pinned); maps it reused stay
 * pinned. Pinned maps otherwise outlive the process: that is their point. */
void bl_unpin_maps(struct bl_object *l);

#endif
