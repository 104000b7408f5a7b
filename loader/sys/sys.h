/* loader/sys/sys.h — the system calls bpfload makes, one thin wrapper each.
 *
 * bpf(2) takes a command, a union bpf_attr whose members differ per
 * command (include/uapi/linux/bpf.h documents each) and the size of the
 * attr passed. Every wrapper here fills the members of one command,
 * passes the size up to the last member that command uses (BL_ATTR_SIZE;
 * sys.c says why), calls the kernel, and returns the new fd or 0 on
 * success, or a negative errno. perf_event_open(2) and the ioctls on
 * perf event fds (include/uapi/linux/perf_event.h, PERF_EVENT_IOC_*) are
 * here too: no other file of bpfload makes a system call into the BPF
 * or perf subsystems. Nothing else: the policy (retries, fallbacks,
 * messages) lives in the callers.
 */
#ifndef BL_SYS_H
#define BL_SYS_H

#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The byte just past member MEMBER of TYPE: offsetof + sizeof. MEMBER
 * may name a member of a member (link_create.attach_type). */
#define BL_OFFSETOFEND(TYPE, MEMBER) \
	(offsetof(TYPE, MEMBER) + sizeof(((TYPE *)0)->MEMBER))
/* The attr size of a bpf(2) command whose last member used is MEMBER. */
#define BL_ATTR_SIZE(MEMBER) BL_OFFSETOFEND(union bpf_attr, MEMBER)

/* bpf(2) itself: cmd with the first size bytes of attr. */
int bl_sys_bpf(enum bpf_cmd cmd, union bpf_attr *attr, size_t size);

/* The attr size each wrapper below passes (tests/unit/test_sys_attr.c
 * checks them against the UAPI layout). */
size_t bl_sys_attr_size(enum bpf_cmd cmd);

/* BPF_MAP_CREATE: attr.map_type, key_size, value_size, max_entries,
 * map_flags, map_name. Returns the map fd. */
int bl_sys_map_create(uint32_t type, const char *name, uint32_t key_size,
		      uint32_t value_size, uint32_t max_entries, uint32_t flags);

/* BPF_MAP_CREATE with every attr field bpfload fills. */
struct bl_map_create_args {
	uint32_t type;			/* attr.map_type */
	const char *name;		/* attr.map_name (bl_obj_name) */
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t map_flags;
	uint32_t numa_node;		/* used with BPF_F_NUMA_NODE in map_flags */
	int inner_map_fd;		/* map-in-map: a map like the values; -1 none */
	int btf_fd;			/* -1: no BTF (the type ids are then ignored) */
	uint32_t btf_key_type_id;
	uint32_t btf_value_type_id;
	uint64_t map_extra;		/* bloom filter: number of hash functions */
};
int bl_sys_map_create_attr(const struct bl_map_create_args *a);

/* BPF_MAP_LOOKUP_ELEM / BPF_MAP_GET_NEXT_KEY / BPF_MAP_UPDATE_ELEM /
 * BPF_MAP_DELETE_ELEM: attr.map_fd, key, value or next_key. */
int bl_sys_map_lookup(int fd, const void *key, void *value);
int bl_sys_map_update(int fd, const void *key, const void *value, uint64_t flags);
int bl_sys_map_next_key(int fd, const void *key, void *next_key);
int bl_sys_map_delete(int fd, const void *key);

struct bl_prog_load_args {
	enum bpf_prog_type type;
	enum bpf_attach_type expected_attach_type;
	const char *name;
	const struct bpf_insn *insns;
	size_t insn_cnt;
	const char *license;
	uint32_t kern_version;
	uint32_t prog_flags;
	uint32_t log_level;	/* 0: no log */
	char *log_buf;
	uint32_t log_size;
	/* Out, when not NULL: attr.log_true_size, the bytes the whole log
	 * needs with its NUL (kernel 6.4+); 0 when the kernel did not say. */
	uint32_t *log_true_size;
	/* BTF of the instructions (loader/load/btf_load.c, loader/load/subprogs.c),
	 * passed only when there are records: the functions (first
	 * instruction, FUNC type id) and the source lines. insn_off counts
	 * instructions from the program's start. */
	int prog_btf_fd;
	const struct bpf_func_info *func_info;
	uint32_t func_info_cnt;
	const struct bpf_line_info *line_info;
	uint32_t line_info_cnt;
	/* BTF-attached programs (tracing, LSM, freplace): what they attach
	 * to, named by BTF id. attach_btf_id is a type id of the kernel's
	 * BTF (vmlinux, or the module BTF whose fd is attach_btf_obj_fd,
	 * 0: vmlinux), or of the BTF of the program attach_prog_fd
	 * (freplace); both fds 0 when unused (they share a union member in
	 * the attr: attach_prog_fd wins when set). */
	uint32_t attach_btf_id;
	int attach_btf_obj_fd;
	int attach_prog_fd;
	/* attr.fd_array (5.14): the fds that kfunc calls name by their
	 * insn.off (1..cnt-1; slot 0 unused), for module kfuncs; NULL: none. */
	const int *fd_array;
};

/* BPF_PROG_LOAD. Returns the program fd; the verifier's log (when asked
 * for) is in log_buf. */
int bl_sys_prog_load(const struct bl_prog_load_args *a);

/* BPF_BTF_LOAD: attr.btf, btf_size, btf_log_buf, btf_log_size,
 * btf_log_level (0: no log). Returns the BTF's fd. */
int bl_sys_btf_load(const void *data, uint32_t size, char *log_buf, uint32_t log_size,
		    uint32_t log_level);

/* BPF_MAP_FREEZE: attr.map_fd. The map becomes read-only for bpf(2)
 * (programs keep the access their map_flags give them). */
int bl_sys_map_freeze(int fd);

/* BPF_OBJ_PIN: attr.pathname (in bpffs), bpf_fd. */
int bl_sys_obj_pin(int fd, const char *path);

/* BPF_OBJ_GET: attr.pathname. Returns a new fd of the pinned object. */
int bl_sys_obj_get(const char *path);

/* BPF_OBJ_GET_INFO_BY_FD: attr.info.bpf_fd, info_len, info. */
int bl_sys_obj_info(int fd, void *info, uint32_t *info_len);

/* BPF_PROG_GET_NEXT_ID / BPF_MAP_GET_NEXT_ID / BPF_LINK_GET_NEXT_ID /
 * BPF_BTF_GET_NEXT_ID:
 * walk the ids of every such object in the kernel. */
int bl_sys_next_id(enum bpf_cmd cmd, uint32_t id, uint32_t *next_id);

/* BPF_RAW_TRACEPOINT_OPEN: attr.raw_tracepoint.name, prog_fd. The fd
 * returned holds the attachment; closing it detaches. */
int bl_sys_raw_tracepoint_open(const char *name, int prog_fd);

/* BPF_LINK_CREATE: attr.link_create.prog_fd, target_fd, attach_type. */
int bl_sys_link_create(int prog_fd, int target_fd, enum bpf_attach_type type);

/* BPF_LINK_CREATE of a program on a perf event (BPF_PERF_EVENT) with
 * link_create.perf_event.bpf_cookie (Linux 5.15): the value
 * bpf_get_attach_cookie returns in the program when this event fires. */
int bl_sys_link_create_perf_cookie(int prog_fd, int perf_fd, uint64_t cookie);

/* BPF_LINK_CREATE with the members of the BTF-attached kinds:
 * link_create.target_btf_id (freplace: the function of the target
 * program target_fd; tracing programs: 0) and link_create.iter_info,
 * iter_info_len (iterators: struct bpf_iter_link_info, e.g. the map fd
 * of a bpf_map_elem iterator; NULL: none). */
struct bl_link_create_args {
	int prog_fd;
	int target_fd;
	enum bpf_attach_type attach_type;
	uint32_t target_btf_id;
	const void *iter_info;
	uint32_t iter_info_len;
};
int bl_sys_link_create_args(const struct bl_link_create_args *a);

/* BPF_LINK_CREATE with attach_type BPF_TRACE_KPROBE_MULTI (Linux 5.18,
 * CONFIG_FPROBE): one link that puts prog on cnt kernel functions at
 * once, through ftrace (fprobe) rather than a kprobe each. The members
 * of link_create.kprobe_multi: */
struct bl_kprobe_multi_args {
	int prog_fd;		/* loaded with expected_attach_type BPF_TRACE_KPROBE_MULTI */
	uint32_t flags;		/* BPF_F_KPROBE_MULTI_RETURN: on return (kretprobe.multi) */
	uint32_t cnt;		/* how many functions (the kernel takes up to 1 << 20) */
	const char *const *syms; /* their names (or NULL and addrs) */
	const uint64_t *addrs;	/* their addresses; NULL when syms is given */
	const uint64_t *cookies; /* cnt values for bpf_get_attach_cookie, in the
				  * order of syms (the kernel sorts both
				  * together); NULL: all 0 */
};
int bl_sys_link_create_kprobe_multi(const struct bl_kprobe_multi_args *a);

/* BPF_LINK_CREATE with attach_type BPF_TRACE_UPROBE_MULTI (Linux 6.6):
 * one link with cnt uprobes in one file. The members of
 * link_create.uprobe_multi, which a <linux/bpf.h> older than 6.6 lacks
 * (sys.c lays them out): */
struct bl_uprobe_multi_args {
	int prog_fd;		/* loaded with expected_attach_type BPF_TRACE_UPROBE_MULTI */
	const char *path;	/* the file, absolute */
	const uint64_t *offsets; /* cnt file offsets (as for a single uprobe) */
	const uint64_t *ref_ctr_offsets; /* USDT semaphores: cnt offsets, or NULL */
	const uint64_t *cookies; /* cnt values for bpf_get_attach_cookie, or NULL */
	uint32_t cnt;
	uint32_t flags;		/* BPF_F_UPROBE_MULTI_RETURN: on return (uretprobe.multi) */
	uint32_t pid;		/* > 0: fire in that process only; 0: in every one */
};
int bl_sys_link_create_uprobe_multi(const struct bl_uprobe_multi_args *a);

/* BPF_ITER_CREATE: attr.iter_create.link_fd. Returns an fd whose read(2)
 * runs the iterator program (bpf_seq_printf's output), to its end. */
int bl_sys_iter_create(int link_fd);

/* BPF_BTF_GET_FD_BY_ID / BPF_PROG_GET_FD_BY_ID: attr.btf_id / prog_id.
 * Returns a new fd of that kernel object. */
int bl_sys_btf_get_fd_by_id(uint32_t id);
int bl_sys_prog_get_fd_by_id(uint32_t id);

/* BPF_PROG_TEST_RUN of a program that takes a context (raw
 * tracepoints and such): attr.test.prog_fd, ctx_in, ctx_size_in. */
int bl_sys_prog_test_run_ctx(int prog_fd, const void *ctx, uint32_t ctx_size);

/* perf_event_open(2); always with PERF_FLAG_FD_CLOEXEC. */
int bl_sys_perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu,
			   int group_fd, unsigned long flags);

/* perf_event_open(2) of the software event PERF_COUNT_SW_BPF_OUTPUT on
 * one CPU, every process: what a BPF_MAP_TYPE_PERF_EVENT_ARRAY slot
 * holds for bpf_perf_event_output (PERF_SAMPLE_RAW records). disabled:
 * open it disabled (enable with bl_sys_perf_event_enable). watermark:
 * wake a reader every that many bytes (attr.watermark), 0: at every
 * record (wakeup_events 1). Returns the event's fd. */
int bl_sys_perf_bpf_output_open(int cpu, bool disabled, uint32_t watermark);

/* perf_event_open(2) of tracepoint id (tracefs events/GROUP/NAME/id:
 * tracepoints, and the kprobe and uprobe events of tracefs), sampling
 * every hit: the event a program is attached to. pid > 0: that process
 * only; else every process. */
int bl_sys_perf_tracepoint_open(uint64_t id, int pid);
/* perf_event_open(2) on a probe PMU (the kprobe or uprobe PMU of sysfs,
 * Linux 4.17): attr.type pmu_type, config (the retprobe bit or 0),
 * config1 (kprobe_func / uprobe_path: a pointer to the name), config2
 * (probe_offset), sampling every hit; pid > 0: that process only. */
int bl_sys_perf_probe_open(uint32_t pmu_type, uint64_t config, uint64_t config1, uint64_t config2,
			   int pid);

/* ioctl(2)s on a perf event fd: PERF_EVENT_IOC_ENABLE, _DISABLE, and
 * _SET_BPF (prog_fd runs when the event fires; the way to attach before
 * BPF links on perf events, Linux 5.15). 0 or -errno. */
int bl_sys_perf_event_enable(int perf_fd);
int bl_sys_perf_event_disable(int perf_fd);
int bl_sys_perf_event_set_bpf(int perf_fd, int prog_fd);

/* Copies name into a kernel object name (BPF_OBJ_NAME_LEN incl. NUL),
 * keeping only the characters the kernel accepts: [A-Za-z0-9_.]. */
void bl_obj_name(char dst[BPF_OBJ_NAME_LEN], const char *name);

#endif
