/* elf/kernel_req/kreq_internal.h — what the files of elf/kernel_req/ share:
 * the reasons being gathered for one program or for the object
 * (reasons.c), and the scan of a program's code (insns.c). Not installed.
 */
#ifndef BL_KREQ_INTERNAL_H
#define BL_KREQ_INTERNAL_H

#include "kernel_req.h"

#define KV BL_KV

struct bl_kreq_acc {
	struct bl_kreq *r;
	const struct bl_object_spec *obj;
	int ret;		/* -ENOMEM once an allocation failed */
};

/* Adds a reason to a->r (a note does not raise its version); the same
 * kind and text again only counts one more place. Returns the new
 * reason, or NULL when it was counted or memory ran out. */
struct bl_kreq_reason *bl_kreq_add(struct bl_kreq_acc *a, uint32_t version,
				   enum bl_kreq_kind kind, bool note, const char *source,
				   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Sets x's place: instruction i of fn and its source line (line_info);
 * nothing when x is NULL. */
void bl_kreq_place(const struct bl_kreq_acc *a, struct bl_kreq_reason *x,
		   const struct bl_prog_spec *fn, size_t i);
/* The needs of program p's code and of every function it reaches
 * (insns.c). */
void bl_kreq_scan_code(struct bl_kreq_acc *a, const struct bl_prog_spec *p);

/* Where object-wide and section-level versions come from. */
#define SRC_GLOBAL BL_KREQ_SRC("d8eca5bbb2be bpf: implement lookup-free direct value access for maps")
#define SRC_FREEZE BL_KREQ_SRC("87df15de441b bpf: add syscall side map freeze support")
#define SRC_NAMES BL_KREQ_SRC("ad5b177bd73f bpf: Add map_name to bpf_map_info; cb4d2b3f03d8 bpf: Add name, load_time, uid and map_ids to bpf_prog_info")
#define SRC_EXPECTED BL_KREQ_SRC("5e43f899b03a bpf: Check attach type at prog load time")
#define SRC_SLEEP BL_KREQ_SRC("1e6c62a88215 bpf: Introduce sleepable BPF programs")
#define SRC_FRAGS BL_KREQ_SRC("bpf: introduce BPF_F_XDP_HAS_FRAGS flag in prog_flags loading the ebpf program")
#define SRC_UPROBE BL_KREQ_SRC("04a22fae4cbc tracing, perf: Implement BPF programs attached to uprobes")
#define SRC_PERF_LINK BL_KREQ_SRC("b89fbfbb854c bpf: Implement minimal BPF perf link")
#define SRC_KPROBE_PMU BL_KREQ_SRC("e12f03d7031a perf/core: Implement the 'perf_kprobe' PMU")
#define SRC_BTF BL_KREQ_SRC("69b693f0aefa bpf: btf: Introduce BPF Type Format (BTF)")

#endif
