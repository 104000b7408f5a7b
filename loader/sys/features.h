/* loader/sys/features.h — what the running kernel offers bpfload: one table
 * of feature probes, each run at most once per process (public).
 *
 * A kernel says whether it knows something only when asked to do it: a
 * BPF_BTF_LOAD of a tiny BTF with the new kind, a BPF_MAP_CREATE with
 * the new flag or map type, a BPF_PROG_LOAD calling the new helper, a
 * BPF_LINK_CREATE of the new attach type. Each such question is an entry
 * of the table in loader/sys/features.c (the idea is libbpf's
 * src/features.c: an enum, a table of probes, a cached lookup). The
 * loader asks before using a feature (loader/load/btf_load.c,
 * global_data.c, kconfig.c, loader/attach/perf_link.c) and `bpfload
 * selftest` lists every answer.
 */
#ifndef BL_FEATURES_H
#define BL_FEATURES_H

#include <stdbool.h>
#include <stddef.h>

enum bl_feature {
	BL_FEAT_PROG_LOAD,	/* bpf(2) loads a socket filter */
	BL_FEAT_JIT,		/* programs are JIT-compiled */
	BL_FEAT_ARRAY_MAP,	/* BPF_MAP_CREATE of an array */
	BL_FEAT_BTF_FUNC,	/* BTF FUNC and FUNC_PROTO (Linux 5.0) */
	BL_FEAT_BTF_GLOBAL_FUNC,/* BTF FUNC of global linkage (5.6) */
	BL_FEAT_BTF_DATASEC,	/* BTF VAR and DATASEC (5.2) */
	BL_FEAT_BTF_FLOAT,	/* BTF FLOAT (5.13) */
	BL_FEAT_BTF_DECL_TAG,	/* BTF DECL_TAG (5.16) */
	BL_FEAT_BTF_TYPE_TAG,	/* BTF TYPE_TAG (5.17) */
	BL_FEAT_BTF_ENUM64,	/* BTF ENUM64, signed ENUM (6.0) */
	BL_FEAT_MMAPABLE_ARRAY,	/* BPF_F_MMAPABLE arrays (5.5) */
	BL_FEAT_BPF_COOKIE,	/* bpf_get_attach_cookie (5.15) */
	BL_FEAT_TRACEPOINT_PROG,/* BPF_PROG_TYPE_TRACEPOINT loads */
	BL_FEAT_PERF_LINK,	/* BPF_LINK_CREATE on a perf event (5.15) */
	BL_FEAT_RAW_TRACEPOINT,	/* BPF_RAW_TRACEPOINT_OPEN (4.17) */
	BL_FEAT_RINGBUF,	/* BPF_MAP_TYPE_RINGBUF (5.8) */
	BL_FEAT_PERFBUF,	/* perf event array + PERF_COUNT_SW_BPF_OUTPUT */
	BL_FEAT_KPROBE_PMU,	/* /sys/bus/event_source/devices/kprobe (4.17) */
	BL_FEAT_UPROBE_PMU,	/* /sys/bus/event_source/devices/uprobe (4.17) */
	BL_FEAT_KPROBE_MULTI,	/* BPF_TRACE_KPROBE_MULTI links (5.18, CONFIG_FPROBE) */
	BL_FEAT_UPROBE_MULTI,	/* BPF_TRACE_UPROBE_MULTI links (6.6) */
	BL_FEAT_CNT
};

/* What one probe found. err: 0 present, else the -errno of the step
 * that failed; step: that step (or the last one), e.g. "BPF_MAP_CREATE
 * of a ring buffer"; value: what the probe measured when present (JIT:
 * bytes of a 2-instruction program; PMUs: their perf type), else 0. */
struct bl_feature_result {
	int err;
	long value;
	const char *step;
};

/* Whether the running kernel has f: the probe runs on the first call,
 * later calls answer from a cache. Not thread-safe: two threads asking
 * for the first time may both probe (bpfload is single-threaded). */
bool bl_kernel_has(enum bl_feature f);
/* The same probe's whole result (cached likewise). */
const struct bl_feature_result *bl_kernel_probe(enum bl_feature f);
/* "btf-float", and a sentence saying what f is; "?" out of range. */
const char *bl_feature_name(enum bl_feature f);
const char *bl_feature_desc(enum bl_feature f);
/* How many times f's probe ran in this process (tests: at most once). */
unsigned bl_feature_probe_runs(enum bl_feature f);

/* BTF kinds a kernel may lack, as a mask (loader/load/btf_sanitize.c
 * rewrites them). */
enum bl_btf_feature {
	BL_BTF_FUNC = 1 << 0,		/* FUNC and FUNC_PROTO (Linux 5.0) */
	BL_BTF_GLOBAL_FUNC = 1 << 1,	/* FUNC of global linkage (5.6) */
	BL_BTF_DATASEC = 1 << 2,	/* VAR and DATASEC (5.2) */
	BL_BTF_FLOAT = 1 << 3,		/* FLOAT (5.13) */
	BL_BTF_DECL_TAG = 1 << 4,	/* DECL_TAG (5.16) */
	BL_BTF_TYPE_TAG = 1 << 5,	/* TYPE_TAG (5.17) */
	BL_BTF_ENUM64 = 1 << 6,		/* ENUM64, signed ENUM (6.0) */
	BL_BTF_ALL = (1 << 7) - 1,
};
/* Which of BL_BTF_ALL the running kernel refuses (BL_FEAT_BTF_*). */
unsigned bl_btf_missing_features(void);

/* Not cached (they depend on mounts, not on the kernel): a tracepoint
 * program attached to TRACEFS/events/TP (e.g. "sched/sched_switch") for
 * a moment, through a BPF link when the kernel has BL_FEAT_PERF_LINK,
 * else PERF_EVENT_IOC_SET_BPF. Returns 0 with *via_link, or the -errno
 * of the step that failed (*step names it). */
int bl_tracepoint_attach_check(const char *tracefs, const char *tp, bool *via_link,
			       const char **step);
/* Whether fs is a file system the kernel has (/proc/filesystems). */
bool bl_kernel_has_fs(const char *fs);
/* Whether dir is in a BPF file system (statfs: BPF_FS_MAGIC). */
bool bl_dir_is_bpffs(const char *dir);
#define BL_BPFFS_DIR "/sys/fs/bpf"

#endif
