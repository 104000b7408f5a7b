/* loader/sys/sys.h — the system calls bpfload makes, one thin wrapper each.
 *
 * bpf(2) takes a command and a union bpf_attr whose members differ per
 * command (include/uapi/linux/bpf.h documents each). Every wrapper here
 * fills the members of one command, calls the kernel, and returns the
 * new fd or 0 on success, or a negative errno. Nothing else: the policy
 * (retries, fallbacks, messages) lives in the callers.
 */
#ifndef BL_SYS_H
#define BL_SYS_H

#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

int bl_sys_bpf(enum bpf_cmd cmd, union bpf_attr *attr);

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

/* BPF_PROG_GET_NEXT_ID / BPF_MAP_GET_NEXT_ID / BPF_LINK_GET_NEXT_ID:
 * walk the ids of every such object in the kernel. */
int bl_sys_next_id(enum bpf_cmd cmd, uint32_t id, uint32_t *next_id);

/* BPF_RAW_TRACEPOINT_OPEN: attr.raw_tracepoint.name, prog_fd. The fd
 * returned holds the attachment; closing it detaches. */
int bl_sys_raw_tracepoint_open(const char *name, int prog_fd);

/* BPF_LINK_CREATE: attr.link_create.prog_fd, target_fd, attach_type. */
int bl_sys_link_create(int prog_fd, int target_fd, enum bpf_attach_type type);

/* perf_event_open(2); always with PERF_FLAG_FD_CLOEXEC. */
int bl_sys_perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu,
			   int group_fd, unsigned long flags);

/* Copies name into a kernel object name (BPF_OBJ_NAME_LEN incl. NUL),
 * keeping only the characters the kernel accepts: [A-Za-z0-9_.]. */
void bl_obj_name(char dst[BPF_OBJ_NAME_LEN], const char *name);

#endif
