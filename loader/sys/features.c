/* loader/sys/features.c — the feature-probe table: what the running kernel
 * offers bpfload, each probe run once per process (loader/sys/features.h).
 *
 * There is no bpf(2) command that lists what a kernel knows; the way to
 * find out is to ask for the thing itself and look at the answer:
 *   - a program type or helper: BPF_PROG_LOAD of a 2-instruction program
 *     of that type (calling that helper); the verifier refuses an unknown
 *     helper (EINVAL) and bpf(2) an unknown type;
 *   - a map type or map flag: BPF_MAP_CREATE of a one-element map;
 *   - an attach type: BPF_LINK_CREATE with it and a bad target fd: a
 *     kernel that knows the type gets as far as looking the fd up (EBADF),
 *     one that does not stops at the type (EINVAL);
 *   - a BTF kind: a tiny BPF_BTF_LOAD (features_btf.c);
 *   - a perf PMU: its directory in sysfs, /sys/bus/event_source/devices/
 *     NAME/type (the perf type to pass to perf_event_open(2)).
 * Every fd a probe opens is closed before it returns. libbpf's
 * src/features.c has the same shape (an enum, a table of probes, a cached
 * lookup); these probes are bpfload's own.
 *
 * The cache is two static arrays, filled on first use: not thread-safe
 * (two threads asking first may both probe, and both write the same
 * answer), which bpfload, single-threaded, does not need.
 */
#include "features_impl.h"
#include "scan.h"
#include "sys.h"
#include "kernel_version.h"
#include "pmu.h"
#include "tracefs.h"
#include "elf/section_def.h"	/* BL_BPF_TRACE_UPROBE_MULTI */

#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC 0xcafe4a11
#endif

/* r0 = 0; exit */
static const struct bpf_insn ret0[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
	{ .code = BPF_JMP | BPF_EXIT },
};

static int load(enum bpf_prog_type type, const char *name, const struct bpf_insn *insns)
{
	struct bl_prog_load_args a = {
		.type = type, .name = name, .insns = insns ? insns : ret0, .insn_cnt = 2,
		.license = "GPL", .prog_btf_fd = -1,
		.kern_version = bl_running_kernel_version(),
	};

	return bl_sys_prog_load(&a);
}

/* 0 when fd is one (closing it), else fd, the -errno. */
static int closed(int fd)
{
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

static int probe_prog_load(struct bl_feature_result *r)
{
	r->step = "BPF_PROG_LOAD of a 2-instruction socket filter";
	return closed(load(BPF_PROG_TYPE_SOCKET_FILTER, "bl_st_socket", NULL));
}

static int probe_jit(struct bl_feature_result *r)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);
	int fd = load(BPF_PROG_TYPE_SOCKET_FILTER, "bl_st_socket", NULL), ret;

	r->step = "BPF_OBJ_GET_INFO_BY_FD of a socket filter: jited_prog_len";
	if (fd < 0)
		return fd;
	memset(&info, 0, sizeof(info));
	ret = bl_sys_obj_info(fd, &info, &len);
	close(fd);
	if (!ret && !info.jited_prog_len)
		ret = -EOPNOTSUPP;	/* interpreted */
	r->value = ret ? 0 : info.jited_prog_len;
	return ret;
}

static int probe_array_map(struct bl_feature_result *r)
{
	r->step = "BPF_MAP_CREATE of an array";
	return closed(bl_sys_map_create(BPF_MAP_TYPE_ARRAY, "bl_st_array", 4, 8, 1, 0));
}

static int probe_mmapable(struct bl_feature_result *r)
{
	r->step = "BPF_MAP_CREATE of an array with BPF_F_MMAPABLE";
	return closed(bl_sys_map_create(BPF_MAP_TYPE_ARRAY, "bpfload_mmap", 4, 4, 1,
					BPF_F_MMAPABLE));
}

static int probe_bpf_cookie(struct bl_feature_result *r)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_get_attach_cookie },
		{ .code = BPF_JMP | BPF_EXIT },
	};

	r->step = "BPF_PROG_LOAD of a tracepoint program calling bpf_get_attach_cookie";
	return closed(load(BPF_PROG_TYPE_TRACEPOINT, "bl_cookie", insns));
}

static int probe_tracepoint_prog(struct bl_feature_result *r)
{
	r->step = "BPF_PROG_LOAD of a tracepoint program";
	return closed(load(BPF_PROG_TYPE_TRACEPOINT, "bl_st_tp", NULL));
}

static int probe_perf_link(struct bl_feature_result *r)
{
	int prog = load(BPF_PROG_TYPE_TRACEPOINT, "bl_perf_link", NULL), fd;

	r->step = "BPF_PROG_LOAD of a tracepoint program";
	if (prog < 0)
		return prog;
	r->step = "BPF_LINK_CREATE on a perf event";
	fd = bl_sys_link_create(prog, -1, BPF_PERF_EVENT);
	close(prog);
	return fd == -EBADF ? 0 : closed(fd);
}

/* A kprobe program loaded for a multi link (expected_attach_type). */
static int load_multi(enum bpf_attach_type type)
{
	struct bl_prog_load_args a = {
		.type = BPF_PROG_TYPE_KPROBE, .expected_attach_type = type, .name = "bl_multi",
		.insns = ret0, .insn_cnt = 2, .license = "GPL", .prog_btf_fd = -1,
		.kern_version = bl_running_kernel_version(),
	};

	return bl_sys_prog_load(&a);
}

/* A kprobe.multi link on a function that does not exist: a kernel with
 * the link looks the name up and answers ESRCH (ftrace_lookup_symbols);
 * one built without CONFIG_FPROBE answers EOPNOTSUPP, one older than
 * 5.18 EINVAL (an attach type it does not know). */
static int probe_kprobe_multi(struct bl_feature_result *r)
{
	static const char *const syms[] = { "bpfload_no_such_function" };
	struct bl_kprobe_multi_args a = { .cnt = 1, .syms = syms };
	int fd;

	r->step = "BPF_PROG_LOAD of a kprobe program for BPF_TRACE_KPROBE_MULTI";
	if ((a.prog_fd = load_multi(BPF_TRACE_KPROBE_MULTI)) < 0)
		return a.prog_fd;
	r->step = "BPF_LINK_CREATE of a kprobe.multi link on a missing function";
	fd = bl_sys_link_create_kprobe_multi(&a);
	close(a.prog_fd);
	return fd == -ESRCH ? 0 : fd < 0 ? fd : (close(fd), -EINVAL);
}

/* An uprobe.multi link on "/", which is not a regular file: a kernel
 * with the link gets as far as the path (EBADF, kernel/trace/bpf_trace.c,
 * bpf_uprobe_multi_link_attach); one older than 6.6 stops at the attach
 * type (EINVAL). */
static int probe_uprobe_multi(struct bl_feature_result *r)
{
	static const uint64_t offsets[] = { 0 };
	struct bl_uprobe_multi_args a = { .path = "/", .offsets = offsets, .cnt = 1 };
	int fd;

	r->step = "BPF_PROG_LOAD of a kprobe program for BPF_TRACE_UPROBE_MULTI";
	if ((a.prog_fd = load_multi(BL_BPF_TRACE_UPROBE_MULTI)) < 0)
		return a.prog_fd;
	r->step = "BPF_LINK_CREATE of an uprobe.multi link on /";
	fd = bl_sys_link_create_uprobe_multi(&a);
	close(a.prog_fd);
	return fd == -EBADF ? 0 : fd < 0 ? fd : (close(fd), -EINVAL);
}

static int probe_raw_tracepoint(struct bl_feature_result *r)
{
	int prog = load(BPF_PROG_TYPE_RAW_TRACEPOINT, "bl_st_raw_tp", NULL), ret;

	r->step = "BPF_PROG_LOAD of a raw tracepoint program";
	if (prog < 0)
		return prog;
	r->step = "BPF_RAW_TRACEPOINT_OPEN of sched_switch";
	ret = closed(bl_sys_raw_tracepoint_open("sched_switch", prog));
	close(prog);
	return ret;
}

static int probe_ringbuf(struct bl_feature_result *r)
{
	long page = sysconf(_SC_PAGESIZE);

	r->step = "BPF_MAP_CREATE of a ring buffer";
	return closed(bl_sys_map_create(BPF_MAP_TYPE_RINGBUF, "bl_st_ringbuf", 0, 0,
					(uint32_t)page, 0));
}

static int probe_perfbuf(struct bl_feature_result *r)
{
	int fd, ev, key = 0, ret;

	r->step = "BPF_MAP_CREATE of a perf event array";
	fd = bl_sys_map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, "bl_st_perfbuf", 4, 4, 1, 0);
	if (fd < 0)
		return fd;
	r->step = "perf_event_open of PERF_COUNT_SW_BPF_OUTPUT";
	ev = bl_sys_perf_bpf_output_open(0, false, 0);
	if (ev < 0) {
		close(fd);
		return ev;
	}
	r->step = "BPF_MAP_UPDATE_ELEM of a perf event array";
	ret = bl_sys_map_update(fd, &key, &ev, BPF_ANY);
	close(ev);
	close(fd);
	return ret;
}

/* The PMU's perf type (loader/sys/pmu.c); r->step names its file. */
static int pmu_type(struct bl_feature_result *r, const char *dir, const char *file)
{
	int type = bl_probe_pmu_type(dir);

	r->step = file;
	r->value = type > 0 ? type : 0;
	return type < 0 ? type : 0;
}

static int probe_kprobe_pmu(struct bl_feature_result *r)
{
	return pmu_type(r, "/sys/bus/event_source/devices/kprobe",
			"/sys/bus/event_source/devices/kprobe/type");
}

static int probe_uprobe_pmu(struct bl_feature_result *r)
{
	return pmu_type(r, "/sys/bus/event_source/devices/uprobe",
			"/sys/bus/event_source/devices/uprobe/type");
}

static const struct {
	const char *name;
	const char *desc;
	int (*probe)(struct bl_feature_result *r);
} table[BL_FEAT_CNT] = {
	[BL_FEAT_PROG_LOAD] = { "bpf", "bpf(2) loads programs", probe_prog_load },
	[BL_FEAT_JIT] = { "jit", "programs are compiled to machine code", probe_jit },
	[BL_FEAT_ARRAY_MAP] = { "maps", "BPF_MAP_CREATE of an array", probe_array_map },
	[BL_FEAT_BTF_FUNC] = { "btf-func", "BTF FUNC and FUNC_PROTO (5.0)", bl_probe_btf_func },
	[BL_FEAT_BTF_GLOBAL_FUNC] = { "btf-global-func", "BTF FUNC of global linkage (5.6)",
				      bl_probe_btf_global_func },
	[BL_FEAT_BTF_DATASEC] = { "btf-datasec", "BTF VAR and DATASEC (5.2)", bl_probe_btf_datasec },
	[BL_FEAT_BTF_FLOAT] = { "btf-float", "BTF FLOAT (5.13)", bl_probe_btf_float },
	[BL_FEAT_BTF_DECL_TAG] = { "btf-decl-tag", "BTF DECL_TAG (5.16)", bl_probe_btf_decl_tag },
	[BL_FEAT_BTF_TYPE_TAG] = { "btf-type-tag", "BTF TYPE_TAG (5.17)", bl_probe_btf_type_tag },
	[BL_FEAT_BTF_ENUM64] = { "btf-enum64", "BTF ENUM64 and signed ENUM (6.0)", bl_probe_btf_enum64 },
	[BL_FEAT_MMAPABLE_ARRAY] = { "mmapable-array", "BPF_F_MMAPABLE arrays (5.5)", probe_mmapable },
	[BL_FEAT_BPF_COOKIE] = { "bpf-cookie", "the bpf_get_attach_cookie helper (5.15)",
				 probe_bpf_cookie },
	[BL_FEAT_TRACEPOINT_PROG] = { "tracepoint-prog", "tracepoint programs load",
				      probe_tracepoint_prog },
	[BL_FEAT_PERF_LINK] = { "perf-link", "BPF links on perf events (5.15)", probe_perf_link },
	[BL_FEAT_RAW_TRACEPOINT] = { "raw-tracepoint", "BPF_RAW_TRACEPOINT_OPEN (4.17)",
				     probe_raw_tracepoint },
	[BL_FEAT_RINGBUF] = { "ringbuf", "BPF ring buffers (5.8)", probe_ringbuf },
	[BL_FEAT_PERFBUF] = { "perfbuf", "perf buffers: PERF_COUNT_SW_BPF_OUTPUT in a perf event array",
			      probe_perfbuf },
	[BL_FEAT_KPROBE_PMU] = { "kprobe-pmu", "the kprobe perf PMU (4.17)", probe_kprobe_pmu },
	[BL_FEAT_UPROBE_PMU] = { "uprobe-pmu", "the uprobe perf PMU (4.17)", probe_uprobe_pmu },
	[BL_FEAT_KPROBE_MULTI] = { "kprobe-multi", "kprobe.multi links (5.18, CONFIG_FPROBE)",
				   probe_kprobe_multi },
	[BL_FEAT_UPROBE_MULTI] = { "uprobe-multi", "uprobe.multi links (6.6)", probe_uprobe_multi },
};

static struct bl_feature_result results[BL_FEAT_CNT];
static unsigned runs[BL_FEAT_CNT];

const struct bl_feature_result *bl_kernel_probe(enum bl_feature f)
{
	static const struct bl_feature_result none = { .err = -EINVAL, .step = "?" };

	if ((unsigned)f >= BL_FEAT_CNT)
		return &none;
	if (!runs[f]) {
		struct bl_feature_result r = { 0 };

		r.err = table[f].probe(&r);
		results[f] = r;
		runs[f]++;
	}
	return &results[f];
}

bool bl_kernel_has(enum bl_feature f)
{
	return bl_kernel_probe(f)->err == 0;
}

const char *bl_feature_name(enum bl_feature f)
{
	return (unsigned)f < BL_FEAT_CNT && table[f].name ? table[f].name : "?";
}

const char *bl_feature_desc(enum bl_feature f)
{
	return (unsigned)f < BL_FEAT_CNT && table[f].desc ? table[f].desc : "?";
}

unsigned bl_feature_probe_runs(enum bl_feature f)
{
	return (unsigned)f < BL_FEAT_CNT ? runs[f] : 0;
}

/* --- not cached: mounts ------------------------------------------------ */

int bl_tracepoint_attach_check(const char *tracefs, const char *tp, bool *via_link,
			       const char **step)
{
	int id, prog, pfd, ret;

	*via_link = false;
	*step = "BPF_PROG_LOAD of a tracepoint program";
	if ((prog = load(BPF_PROG_TYPE_TRACEPOINT, "bl_st_tp", NULL)) < 0)
		return prog;
	if ((id = bl_tracefs_event_id(tracefs, tp)) < 0) {
		*step = "tracefs events/TP/id";
		close(prog);
		return id;
	}
	*step = "perf_event_open(PERF_TYPE_TRACEPOINT)";
	if ((pfd = bl_sys_perf_tracepoint_open((uint64_t)id, 0)) < 0) {
		close(prog);
		return pfd;
	}
	if (bl_kernel_has(BL_FEAT_PERF_LINK)) {
		*step = "BPF_LINK_CREATE";
		ret = bl_sys_link_create(prog, pfd, BPF_PERF_EVENT);
		*via_link = ret >= 0;
	} else {
		*step = "PERF_EVENT_IOC_SET_BPF";
		ret = bl_sys_perf_event_set_bpf(pfd, prog);
	}
	if (ret > 0)
		close(ret);
	close(pfd);
	close(prog);
	return ret < 0 ? ret : 0;
}

bool bl_kernel_has_fs(const char *fs)
{
	char line[128], name[64];
	FILE *f = fopen("/proc/filesystems", "re");
	bool found = false;

	while (f && !found && fgets(line, sizeof(line), f))
		found = !strncmp(line, "nodev", 5) && bl_scan_word(line + 5, name, sizeof(name)) &&
			!strcmp(name, fs);
	if (f)
		fclose(f);
	return found;
}

bool bl_dir_is_bpffs(const char *dir)
{
	struct statfs st;

	return statfs(dir, &st) == 0 && (unsigned long)st.f_type == BPF_FS_MAGIC;
}

/* The BTF kinds the kernel refuses, as btf_sanitize.c wants them: one
 * bit per kind, from the table above. */
unsigned bl_btf_missing_features(void)
{
	static const struct {
		enum bl_feature f;
		unsigned bit;
	} kinds[] = {
		{ BL_FEAT_BTF_FUNC, BL_BTF_FUNC },
		{ BL_FEAT_BTF_GLOBAL_FUNC, BL_BTF_GLOBAL_FUNC },
		{ BL_FEAT_BTF_DATASEC, BL_BTF_DATASEC },
		{ BL_FEAT_BTF_FLOAT, BL_BTF_FLOAT },
		{ BL_FEAT_BTF_DECL_TAG, BL_BTF_DECL_TAG },
		{ BL_FEAT_BTF_TYPE_TAG, BL_BTF_TYPE_TAG },
		{ BL_FEAT_BTF_ENUM64, BL_BTF_ENUM64 },
	};
	unsigned missing = 0;

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!bl_kernel_has(kinds[i].f))
			missing |= kinds[i].bit;
	return missing;
}
