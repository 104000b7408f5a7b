/* loader/sys/sys.c — thin wrappers for bpf(2) and perf_event_open(2).
 * See loader/sys/sys.h; the attr fields are documented per command in
 * include/uapi/linux/bpf.h and in the bpf(2) man page.
 */
#include "sys.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static uint64_t ptr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* glibc has no bpf() wrapper: call it by number. attr is zeroed by the
 * callers, and the kernel checks that bytes it does not know are zero. */
int bl_sys_bpf(enum bpf_cmd cmd, union bpf_attr *attr)
{
	long ret = syscall(__NR_bpf, cmd, attr, sizeof(*attr));

	return ret < 0 ? -errno : (int)ret;
}

void bl_obj_name(char dst[BPF_OBJ_NAME_LEN], const char *name)
{
	size_t n = 0;

	for (; *name && n < BPF_OBJ_NAME_LEN - 1; name++) {
		char ch = *name;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '_' || ch == '.')
			dst[n++] = ch;
	}
	dst[n] = '\0';
}

int bl_sys_map_create(uint32_t type, const char *name, uint32_t key_size,
		      uint32_t value_size, uint32_t max_entries, uint32_t flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	attr.map_flags = flags;
	bl_obj_name(attr.map_name, name);
	return bl_sys_bpf(BPF_MAP_CREATE, &attr);
}

int bl_sys_map_create_attr(const struct bl_map_create_args *a)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = a->type;
	attr.key_size = a->key_size;
	attr.value_size = a->value_size;
	attr.max_entries = a->max_entries;
	attr.map_flags = a->map_flags;
	attr.numa_node = a->numa_node;
	if (a->inner_map_fd >= 0)
		attr.inner_map_fd = (uint32_t)a->inner_map_fd;
	if (a->btf_fd >= 0 && (a->btf_key_type_id || a->btf_value_type_id)) {
		attr.btf_fd = (uint32_t)a->btf_fd;
		attr.btf_key_type_id = a->btf_key_type_id;
		attr.btf_value_type_id = a->btf_value_type_id;
	}
	attr.map_extra = a->map_extra;
	bl_obj_name(attr.map_name, a->name);
	return bl_sys_bpf(BPF_MAP_CREATE, &attr);
}

static int map_elem(enum bpf_cmd cmd, int fd, const void *key, void *value, uint64_t flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = ptr(key);
	attr.value = ptr(value); /* shares its place with next_key */
	attr.flags = flags;
	return bl_sys_bpf(cmd, &attr);
}

int bl_sys_map_lookup(int fd, const void *key, void *value)
{
	return map_elem(BPF_MAP_LOOKUP_ELEM, fd, key, value, 0);
}

int bl_sys_map_update(int fd, const void *key, const void *value, uint64_t flags)
{
	return map_elem(BPF_MAP_UPDATE_ELEM, fd, key, (void *)value, flags);
}

int bl_sys_map_delete(int fd, const void *key)
{
	return map_elem(BPF_MAP_DELETE_ELEM, fd, key, NULL, 0);
}

/* key NULL asks for the first key. */
int bl_sys_map_next_key(int fd, const void *key, void *next_key)
{
	return map_elem(BPF_MAP_GET_NEXT_KEY, fd, key, next_key, 0);
}

/* attr.log_true_size (kernel 6.4+, "bpf: add log_true_size output field
 * to return necessary log buffer size") comes right after
 * core_relo_rec_size; a <linux/bpf.h> older than 6.4 does not name it,
 * but its union bpf_attr already has room there (padding up to 8 bytes).
 * The kernel writes it back only when the attr we pass covers it. */
#define LOG_TRUE_SIZE_OFF (offsetof(union bpf_attr, core_relo_rec_size) + sizeof(uint32_t))
_Static_assert(LOG_TRUE_SIZE_OFF + sizeof(uint32_t) <= sizeof(union bpf_attr),
	       "union bpf_attr has no room for log_true_size");

int bl_sys_prog_load(const struct bl_prog_load_args *a)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = a->type;
	attr.expected_attach_type = a->expected_attach_type;
	attr.insns = ptr(a->insns);
	attr.insn_cnt = (uint32_t)a->insn_cnt;
	attr.license = ptr(a->license);
	attr.kern_version = a->kern_version;
	attr.prog_flags = a->prog_flags;
	attr.log_level = a->log_level;
	if (a->log_level) {
		attr.log_buf = ptr(a->log_buf);
		attr.log_size = a->log_size;
	}
	if (a->func_info_cnt || a->line_info_cnt) {
		attr.prog_btf_fd = (uint32_t)a->prog_btf_fd;
		attr.func_info_rec_size = sizeof(struct bpf_func_info);
		attr.func_info = ptr(a->func_info);
		attr.func_info_cnt = a->func_info_cnt;
		attr.line_info_rec_size = sizeof(struct bpf_line_info);
		attr.line_info = ptr(a->line_info);
		attr.line_info_cnt = a->line_info_cnt;
	}
	bl_obj_name(attr.prog_name, a->name);
	fd = bl_sys_bpf(BPF_PROG_LOAD, &attr);
	if (a->log_true_size)
		memcpy(a->log_true_size, (const char *)&attr + LOG_TRUE_SIZE_OFF, sizeof(uint32_t));
	return fd;
}

int bl_sys_btf_load(const void *data, uint32_t size, char *log_buf, uint32_t log_size,
		    uint32_t log_level)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.btf = ptr(data);
	attr.btf_size = size;
	if (log_level) {
		attr.btf_log_buf = ptr(log_buf);
		attr.btf_log_size = log_size;
		attr.btf_log_level = log_level;
	}
	return bl_sys_bpf(BPF_BTF_LOAD, &attr);
}

int bl_sys_map_freeze(int fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (uint32_t)fd;
	return bl_sys_bpf(BPF_MAP_FREEZE, &attr);
}

int bl_sys_obj_pin(int fd, const char *path)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = ptr(path);
	attr.bpf_fd = (uint32_t)fd;
	return bl_sys_bpf(BPF_OBJ_PIN, &attr);
}

int bl_sys_obj_get(const char *path)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = ptr(path);
	return bl_sys_bpf(BPF_OBJ_GET, &attr);
}

int bl_sys_obj_info(int fd, void *info, uint32_t *info_len)
{
	union bpf_attr attr;
	int ret;

	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = *info_len;
	attr.info.info = ptr(info);
	ret = bl_sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr);
	if (!ret)
		*info_len = attr.info.info_len;
	return ret;
}

int bl_sys_next_id(enum bpf_cmd cmd, uint32_t id, uint32_t *next_id)
{
	union bpf_attr attr;
	int ret;

	memset(&attr, 0, sizeof(attr));
	attr.start_id = id;
	ret = bl_sys_bpf(cmd, &attr);
	if (!ret)
		*next_id = attr.next_id;
	return ret;
}

int bl_sys_raw_tracepoint_open(const char *name, int prog_fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.raw_tracepoint.name = ptr(name);
	attr.raw_tracepoint.prog_fd = prog_fd;
	return bl_sys_bpf(BPF_RAW_TRACEPOINT_OPEN, &attr);
}

int bl_sys_link_create(int prog_fd, int target_fd, enum bpf_attach_type type)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = prog_fd;
	attr.link_create.target_fd = target_fd;
	attr.link_create.attach_type = type;
	return bl_sys_bpf(BPF_LINK_CREATE, &attr);
}

int bl_sys_perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu,
			   int group_fd, unsigned long flags)
{
	long ret = syscall(__NR_perf_event_open, attr, pid, cpu, group_fd,
			   flags | PERF_FLAG_FD_CLOEXEC);

	return ret < 0 ? -errno : (int)ret;
}
