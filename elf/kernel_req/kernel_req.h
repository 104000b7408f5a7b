/* elf/kernel_req/kernel_req.h — the lowest Linux version an object needs,
 * and why, read from the object alone (no kernel, no syscalls).
 *
 * Each thing the kernel learnt in a given release is looked up in the
 * tables of versions.c: program types and expected attach types
 * (include/uapi/linux/bpf.h, enum bpf_prog_type / bpf_attach_type), helpers
 * by id (the __BPF_FUNC_MAPPER list, append-only), map types and flags,
 * instructions (Documentation/bpf/standardization/instruction-set.rst),
 * BTF kinds (Documentation/bpf/btf.rst). docs/kernel-versions.md lists
 * every version with the commit or document it comes from.
 *
 * What bpfload works around on an older kernel (BTF kinds it rewrites,
 * perf ioctls instead of BPF links, the tracefs kprobe_events instead of
 * the kprobe PMU, BPF_F_MMAPABLE dropped from global data) is reported
 * as a note and does not raise the minimum.
 */
#ifndef BL_KERNEL_REQ_H
#define BL_KERNEL_REQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf/error.h"
#include "elf/object.h"

/* A version as major << 8 | minor: BL_KV(5, 12). */
#define BL_KV(major, minor) ((uint32_t)(major) << 8 | (uint32_t)(minor))
#define BL_KV_MAJOR(v) ((v) >> 8)
#define BL_KV_MINOR(v) ((v) & 0xff)

/* Each version's source (a commit id and subject, or a document). The
 * static build (GNUmakefile: -DBL_KREQ_NO_SOURCES, for its size) keeps
 * none of them: every source there is BL_KREQ_SOURCES_DOC, the document
 * that lists them all. */
#define BL_KREQ_SOURCES_DOC "docs/kernel-versions.md"
#ifdef BL_KREQ_NO_SOURCES
#define BL_KREQ_SRC(s) BL_KREQ_SOURCES_DOC
#else
#define BL_KREQ_SRC(s) s
#endif

enum bl_kreq_kind {
	BL_KREQ_PROG_TYPE,	/* the section's program type */
	BL_KREQ_ATTACH,		/* its expected attach type, flags, attach */
	BL_KREQ_HELPER,		/* a helper call, by id */
	BL_KREQ_INSN,		/* an instruction encoding */
	BL_KREQ_KFUNC,		/* a kfunc call */
	BL_KREQ_MAP,		/* a map type or flag */
	BL_KREQ_BTF,		/* a BTF kind */
	BL_KREQ_FEATURE,	/* anything else: global data, names, ... */
};

struct bl_kreq_reason {
	uint32_t version;	/* BL_KV(); 0 when unknown */
	enum bl_kreq_kind kind;
	bool note;		/* bpfload works around it: not a requirement */
	char what[160];		/* "atomic fetch-and-add (BPF_ATOMIC|BPF_FETCH)" */
	const char *source;	/* where the version comes from (a commit, a doc) */
	/* Where, for instruction-level reasons; insn -1 otherwise. */
	const char *func;	/* the program or subprogram holding it */
	long insn;		/* its index in func */
	const char *file;	/* from .BTF.ext line_info, or NULL */
	uint32_t line;
	unsigned more;		/* further places with the same reason */
};

struct bl_kreq {
	const char *name;	/* program name; NULL for the object-wide part */
	uint32_t version;	/* max over the reasons that are not notes */
	/* Programs only: SEC("?..."), loaded only when selected, so not
	 * counted in the object's minimum; and the group of alternatives
	 * (elf/alternatives.h) it belongs to, -1 when none: of a group, the
	 * object needs only its least demanding mechanism (rank). */
	bool optional;
	int alt_group;
	/* A reason of version 0 that is not a note: something no release of
	 * the tables has (an unknown helper id, callx, an unknown section). */
	bool unmet;
	struct bl_kreq_reason *reasons;	/* highest version first */
	size_t cnt;
};

struct bl_kernel_reqs {
	/* The object's minimum: the max of the object-wide needs, of the
	 * programs loaded by default outside groups, and of each group of
	 * alternatives' least demanding rank. */
	uint32_t version;
	bool unmet;		/* some counted part has an unmet reason */
	struct bl_kreq object;	/* maps, BTF, global data, names */
	struct bl_kreq *progs;	/* one per bl_object_spec.programs */
	size_t prog_cnt;
};

/* Computes the requirements of obj. Returns 0 or -ENOMEM. */
int bl_kernel_reqs(const struct bl_object_spec *obj, struct bl_kernel_reqs **out,
		   struct bl_err *err);
void bl_kernel_reqs_free(struct bl_kernel_reqs *r);

/* "5.12" into buf (at least 8 bytes); "?" for 0. */
const char *bl_kv_str(uint32_t v, char *buf, size_t len);
const char *bl_kreq_kind_name(enum bl_kreq_kind kind);

/* What a kernel lacks of a program's needs (missing.c). */
struct bl_kreq_missing {
	uint32_t running;	/* BL_KV() of the kernel compared with */
	/* The reasons above running that are not notes, highest version
	 * first (a program's before the object's of the same version);
	 * they point into the bl_kernel_reqs they came from. */
	const struct bl_kreq_reason **reasons;
	size_t cnt;
};

/* A kernel release ("5.10.0-32-amd64", "6.1.0-37-arm64", "6.18",
 * "6.8.0-rc1") as BL_KV(major, minor); 0 when it does not start with
 * MAJOR.MINOR. */
uint32_t bl_kv_parse(const char *release);
/* The reasons of prog and of object (either may be NULL) a kernel of
 * version running lacks, into m (none when running is 0: unknown).
 * Returns 0 or -ENOMEM; free with bl_kreq_missing_free. */
int bl_kreq_missing(const struct bl_kreq *prog, const struct bl_kreq *object, uint32_t running,
		    struct bl_kreq_missing *m);
void bl_kreq_missing_free(struct bl_kreq_missing *m);
/* "needs Linux 5.12 (atomic fetch-and-add at soak_ringbuf.bpf.c:31);
 * this kernel is 5.10": the first reason of m, in short, and ", and N
 * more" inside the parentheses when m has more; "" when m has none. */
const char *bl_kreq_needs_line(const struct bl_kreq_missing *m, char *buf, size_t len);
/* One reason in short: its text without the encoding of an
 * instruction, at FILE:LINE (else at insn N of FUNC): "atomic
 * fetch-and-add at soak_ringbuf.bpf.c:31", "map type ringbuf (map r)". */
const char *bl_kreq_reason_short(const struct bl_kreq_reason *x, char *buf, size_t len);
/* In full: "callback f (a function's address: ld_imm64 BPF_PSEUDO_FUNC)
 * at insn 19 of prog (prog.bpf.c:90), and 2 more". */
const char *bl_kreq_reason_long(const struct bl_kreq_reason *x, char *buf, size_t len);

/* The tables (versions.c). Each returns the version or 0 when unknown,
 * and sets *source to where it comes from. */
uint32_t bl_kv_helper(uint32_t id, const char **name, const char **source);
uint32_t bl_kv_prog_type(uint32_t type, const char **source);
uint32_t bl_kv_attach_type(uint32_t type, const char **source);
/* "BPF_TRACE_FENTRY", or NULL when unknown. */
const char *bl_attach_type_str(uint32_t type);
uint32_t bl_kv_map_type(uint32_t type, const char **source);
/* The version of one BPF_F_* map flag bit, its name. */
uint32_t bl_kv_map_flag(uint32_t flag, const char **name, const char **source);
uint32_t bl_kv_btf_kind(uint32_t kind, const char **source);

#endif
