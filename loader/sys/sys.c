/* loader/sys/sys.c — thin wrappers for bpf(2), perf_event_open(2) and the
 * perf event ioctls. See loader/sys/sys.h; the attr fields are documented
 * per command in include/uapi/linux/bpf.h and in the bpf(2) man page,
 * the perf ones in include/uapi/linux/perf_event.h and perf_event_open(2).
 *
 * Why each bpf(2) call passes its own attr size. bpf(attr, size) lets the
 * kernel and the caller disagree on how big union bpf_attr is: every
 * kernel version appended members. __sys_bpf (kernel/bpf/syscall.c)
 *   1. calls bpf_check_uarg_tail_zero(uattr, sizeof(attr), size): a size
 *      larger than the kernel's own union is accepted only when every
 *      byte past the kernel's end is zero, else the call fails with
 *      E2BIG (also for a size over a page);
 *   2. copies min(size, its sizeof(attr)) bytes and zeroes the rest, so a
 *      short attr reads as if its missing tail were zeros;
 *   3. per command, CHECK_ATTR(CMD) fails with EINVAL when any byte after
 *      the command's last known member (BPF_<CMD>_LAST_FIELD) is set.
 * So the size need not be exact to work: zeros past what we fill pass
 * both checks. Passing the size up to the last member a wrapper uses
 * (BL_ATTR_SIZE, offsetof + sizeof of that member) says exactly what we
 * send, never asks an old kernel to look at bytes it does not know, and
 * decides which output members the kernel writes back: BPF_PROG_LOAD
 * writes log_true_size only when the size passed covers it. Each attr is
 * zeroed whole first: stray bytes within the size would be read as
 * members, and valgrind's model of bpf(2) reads some members past the
 * size (attr->flags of BPF_MAP_GET_NEXT_KEY) that the kernel never does.
 */
#include "sys.h"
#include "elf/section_def.h"	/* BL_BPF_TRACE_UPROBE_MULTI */

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* attr.log_true_size (kernel 6.4+, "bpf: add log_true_size output field
 * to return necessary log buffer size") comes right after
 * core_relo_rec_size; a <linux/bpf.h> older than 6.4 does not name it,
 * but its union bpf_attr already has room there (padding up to 8 bytes).
 * The kernel writes it back only when the attr we pass covers it. */
#define LOG_TRUE_SIZE_OFF (offsetof(union bpf_attr, core_relo_rec_size) + sizeof(uint32_t))
_Static_assert(LOG_TRUE_SIZE_OFF + sizeof(uint32_t) <= sizeof(union bpf_attr),
	       "union bpf_attr has no room for log_true_size");

/* The last member each command's wrapper fills. */
#define SIZE_MAP_CREATE BL_ATTR_SIZE(map_extra)
#define SIZE_MAP_ELEM BL_ATTR_SIZE(flags)		/* lookup, update */
#define SIZE_MAP_DELETE BL_ATTR_SIZE(key)
#define SIZE_MAP_NEXT_KEY BL_ATTR_SIZE(next_key)
#define SIZE_PROG_LOAD (LOG_TRUE_SIZE_OFF + sizeof(uint32_t))
#define SIZE_BTF_LOAD BL_ATTR_SIZE(btf_log_level)
#define SIZE_MAP_FREEZE BL_ATTR_SIZE(map_fd)
#define SIZE_OBJ_PIN BL_ATTR_SIZE(bpf_fd)
#define SIZE_OBJ_GET BL_ATTR_SIZE(pathname)
#define SIZE_OBJ_INFO BL_ATTR_SIZE(info)
#define SIZE_NEXT_ID BL_ATTR_SIZE(next_id)
#define SIZE_RAW_TP BL_ATTR_SIZE(raw_tracepoint.prog_fd)
#define SIZE_LINK_CREATE BL_ATTR_SIZE(link_create.attach_type)
#define SIZE_LINK_CREATE_ARGS BL_ATTR_SIZE(link_create.iter_info_len)
#define SIZE_LINK_CREATE_COOKIE BL_ATTR_SIZE(link_create.perf_event.bpf_cookie)
#define SIZE_LINK_CREATE_KMULTI BL_ATTR_SIZE(link_create.kprobe_multi.cookies)
#define SIZE_ITER_CREATE BL_ATTR_SIZE(iter_create.flags)
#define SIZE_GET_FD_BY_ID BL_ATTR_SIZE(open_flags)
#define SIZE_TEST_RUN BL_ATTR_SIZE(test.ctx_in)

size_t bl_sys_attr_size(enum bpf_cmd cmd)
{
	switch (cmd) {
	case BPF_MAP_CREATE: return SIZE_MAP_CREATE;
	case BPF_MAP_LOOKUP_ELEM:
	case BPF_MAP_UPDATE_ELEM: return SIZE_MAP_ELEM;
	case BPF_MAP_DELETE_ELEM: return SIZE_MAP_DELETE;
	case BPF_MAP_GET_NEXT_KEY: return SIZE_MAP_NEXT_KEY;
	case BPF_PROG_LOAD: return SIZE_PROG_LOAD;
	case BPF_BTF_LOAD: return SIZE_BTF_LOAD;
	case BPF_MAP_FREEZE: return SIZE_MAP_FREEZE;
	case BPF_OBJ_PIN: return SIZE_OBJ_PIN;
	case BPF_OBJ_GET: return SIZE_OBJ_GET;
	case BPF_OBJ_GET_INFO_BY_FD: return SIZE_OBJ_INFO;
	case BPF_PROG_GET_NEXT_ID:
	case BPF_MAP_GET_NEXT_ID:
	case BPF_LINK_GET_NEXT_ID:
	case BPF_BTF_GET_NEXT_ID: return SIZE_NEXT_ID;
	case BPF_ITER_CREATE: return SIZE_ITER_CREATE;
	case BPF_BTF_GET_FD_BY_ID:
	case BPF_PROG_GET_FD_BY_ID: return SIZE_GET_FD_BY_ID;
	case BPF_RAW_TRACEPOINT_OPEN: return SIZE_RAW_TP;
	case BPF_LINK_CREATE: return SIZE_LINK_CREATE;
	case BPF_PROG_TEST_RUN: return SIZE_TEST_RUN;
	default: return 0;
	}
}

static uint64_t ptr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* glibc has no bpf() wrapper: call it by number. attr is zeroed by the
 * callers (see the top of this file). */
int bl_sys_bpf(enum bpf_cmd cmd, union bpf_attr *attr, size_t size)
{
	long ret = syscall(__NR_bpf, cmd, attr, (unsigned int)size);

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
	struct bl_map_create_args a = {
		.type = type, .name = name, .key_size = key_size, .value_size = value_size,
		.max_entries = max_entries, .map_flags = flags, .inner_map_fd = -1, .btf_fd = -1,
	};

	return bl_sys_map_create_attr(&a);
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
	return bl_sys_bpf(BPF_MAP_CREATE, &attr, SIZE_MAP_CREATE);
}

/* value shares its place with next_key; what lies past the command's
 * size (value of a delete, flags of a lookup) the kernel does not read. */
static int map_elem(enum bpf_cmd cmd, int fd, const void *key, void *value, uint64_t flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = ptr(key);
	attr.value = ptr(value);
	attr.flags = flags;
	return bl_sys_bpf(cmd, &attr, bl_sys_attr_size(cmd));
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
	attr.attach_btf_id = a->attach_btf_id;
	/* attach_prog_fd and attach_btf_obj_fd are one union member */
	if (a->attach_prog_fd > 0)
		attr.attach_prog_fd = (uint32_t)a->attach_prog_fd;
	else if (a->attach_btf_obj_fd > 0)
		attr.attach_btf_obj_fd = (uint32_t)a->attach_btf_obj_fd;
	attr.fd_array = ptr(a->fd_array);
	bl_obj_name(attr.prog_name, a->name);
	fd = bl_sys_bpf(BPF_PROG_LOAD, &attr, SIZE_PROG_LOAD);
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
	return bl_sys_bpf(BPF_BTF_LOAD, &attr, SIZE_BTF_LOAD);
}

int bl_sys_map_freeze(int fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (uint32_t)fd;
	return bl_sys_bpf(BPF_MAP_FREEZE, &attr, SIZE_MAP_FREEZE);
}

int bl_sys_obj_pin(int fd, const char *path)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = ptr(path);
	attr.bpf_fd = (uint32_t)fd;
	return bl_sys_bpf(BPF_OBJ_PIN, &attr, SIZE_OBJ_PIN);
}

int bl_sys_obj_get(const char *path)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = ptr(path);
	return bl_sys_bpf(BPF_OBJ_GET, &attr, SIZE_OBJ_GET);
}

int bl_sys_obj_info(int fd, void *info, uint32_t *info_len)
{
	union bpf_attr attr;
	int ret;

	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = *info_len;
	attr.info.info = ptr(info);
	ret = bl_sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, SIZE_OBJ_INFO);
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
	ret = bl_sys_bpf(cmd, &attr, SIZE_NEXT_ID);
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
	return bl_sys_bpf(BPF_RAW_TRACEPOINT_OPEN, &attr, SIZE_RAW_TP);
}

int bl_sys_link_create(int prog_fd, int target_fd, enum bpf_attach_type type)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = prog_fd;
	attr.link_create.target_fd = target_fd;
	attr.link_create.attach_type = type;
	return bl_sys_bpf(BPF_LINK_CREATE, &attr, SIZE_LINK_CREATE);
}

int bl_sys_link_create_perf_cookie(int prog_fd, int perf_fd, uint64_t cookie)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = (uint32_t)prog_fd;
	attr.link_create.target_fd = (uint32_t)perf_fd;
	attr.link_create.attach_type = BPF_PERF_EVENT;
	attr.link_create.perf_event.bpf_cookie = cookie;
	return bl_sys_bpf(BPF_LINK_CREATE, &attr, SIZE_LINK_CREATE_COOKIE);
}

int bl_sys_link_create_args(const struct bl_link_create_args *a)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = (uint32_t)a->prog_fd;
	attr.link_create.target_fd = (uint32_t)a->target_fd;
	attr.link_create.attach_type = a->attach_type;
	attr.link_create.target_btf_id = a->target_btf_id;
	if (a->iter_info) {
		attr.link_create.iter_info = ptr(a->iter_info);
		attr.link_create.iter_info_len = a->iter_info_len;
	}
	return bl_sys_bpf(BPF_LINK_CREATE, &attr, SIZE_LINK_CREATE_ARGS);
}

/* kernel/trace/bpf_trace.c, bpf_kprobe_multi_link_attach: target_fd is
 * unused (0); exactly one of syms and addrs; the kernel copies the names,
 * sorts them (with their cookies) and looks each up among the functions
 * ftrace can trace (ftrace_lookup_symbols): one name it cannot find
 * fails the whole link with ESRCH. */
int bl_sys_link_create_kprobe_multi(const struct bl_kprobe_multi_args *a)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = (uint32_t)a->prog_fd;
	attr.link_create.attach_type = BPF_TRACE_KPROBE_MULTI;
	attr.link_create.kprobe_multi.flags = a->flags;
	attr.link_create.kprobe_multi.cnt = a->cnt;
	attr.link_create.kprobe_multi.syms = ptr(a->syms);
	attr.link_create.kprobe_multi.addrs = ptr(a->addrs);
	attr.link_create.kprobe_multi.cookies = ptr(a->cookies);
	return bl_sys_bpf(BPF_LINK_CREATE, &attr, SIZE_LINK_CREATE_KMULTI);
}

/* link_create.uprobe_multi as include/uapi/linux/bpf.h (6.6) lays it
 * out in the union after link_create.flags (byte 16); declared here
 * because older headers do not have it. */
struct uprobe_multi_attr {
	uint64_t path;			/* pointer to the file's path */
	uint64_t offsets;		/* pointer to cnt u64 file offsets */
	uint64_t ref_ctr_offsets;	/* pointer to cnt u64, or 0 */
	uint64_t cookies;		/* pointer to cnt u64, or 0 */
	uint32_t cnt;
	uint32_t flags;
	uint32_t pid;
};
#define UPROBE_MULTI_OFF offsetof(union bpf_attr, link_create.target_btf_id)
#define SIZE_LINK_CREATE_UMULTI (UPROBE_MULTI_OFF + BL_OFFSETOFEND(struct uprobe_multi_attr, pid))
_Static_assert(UPROBE_MULTI_OFF == 16, "link_create's union is not at byte 16");
_Static_assert(UPROBE_MULTI_OFF + sizeof(struct uprobe_multi_attr) <= sizeof(union bpf_attr),
	       "union bpf_attr has no room for link_create.uprobe_multi");

/* kernel/trace/bpf_trace.c, bpf_uprobe_multi_link_attach: target_fd
 * unused (0); path must be a regular file; one uprobe_register per
 * offset, all undone if one fails. */
int bl_sys_link_create_uprobe_multi(const struct bl_uprobe_multi_args *a)
{
	union bpf_attr attr;
	struct uprobe_multi_attr um = {
		.path = ptr(a->path),
		.offsets = ptr(a->offsets),
		.ref_ctr_offsets = ptr(a->ref_ctr_offsets),
		.cookies = ptr(a->cookies),
		.cnt = a->cnt,
		.flags = a->flags,
		.pid = a->pid,
	};

	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = (uint32_t)a->prog_fd;
	attr.link_create.attach_type = BL_BPF_TRACE_UPROBE_MULTI;
	memcpy((char *)&attr + UPROBE_MULTI_OFF, &um, sizeof(um));
	return bl_sys_bpf(BPF_LINK_CREATE, &attr, SIZE_LINK_CREATE_UMULTI);
}

int bl_sys_iter_create(int link_fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.iter_create.link_fd = (uint32_t)link_fd;
	return bl_sys_bpf(BPF_ITER_CREATE, &attr, SIZE_ITER_CREATE);
}

static int get_fd_by_id(enum bpf_cmd cmd, uint32_t id)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.btf_id = id;	/* one union member with prog_id, map_id, link_id */
	return bl_sys_bpf(cmd, &attr, SIZE_GET_FD_BY_ID);
}

int bl_sys_btf_get_fd_by_id(uint32_t id)
{
	return get_fd_by_id(BPF_BTF_GET_FD_BY_ID, id);
}

int bl_sys_prog_get_fd_by_id(uint32_t id)
{
	return get_fd_by_id(BPF_PROG_GET_FD_BY_ID, id);
}

int bl_sys_perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu,
			   int group_fd, unsigned long flags)
{
	long ret = syscall(__NR_perf_event_open, attr, pid, cpu, group_fd,
			   flags | PERF_FLAG_FD_CLOEXEC);

	return ret < 0 ? -errno : (int)ret;
}

int bl_sys_prog_test_run_ctx(int prog_fd, const void *ctx, uint32_t ctx_size)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = (uint32_t)prog_fd;
	attr.test.ctx_in = ptr(ctx);
	attr.test.ctx_size_in = ctx_size;
	return bl_sys_bpf(BPF_PROG_TEST_RUN, &attr, SIZE_TEST_RUN);
}

/* attr.size says which struct perf_event_attr we know (PERF_ATTR_SIZE_VER*);
 * the kernel, like bpf(2)'s, accepts a larger one whose tail is zero. */
int bl_sys_perf_bpf_output_open(int cpu, bool disabled, uint32_t watermark)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_BPF_OUTPUT;
	attr.sample_type = PERF_SAMPLE_RAW;
	attr.sample_period = 1;
	attr.disabled = disabled;
	if (watermark) {
		attr.watermark = 1;
		attr.wakeup_watermark = watermark;
	} else {
		attr.wakeup_events = 1;
	}
	return bl_sys_perf_event_open(&attr, -1, cpu, -1, 0);
}

int bl_sys_perf_tracepoint_open(uint64_t id, int pid)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.config = id;
	attr.sample_period = 1;	/* every hit runs the program */
	attr.wakeup_events = 1;
	/* One process, or all of them: pid -1 needs a cpu; a BPF program
	 * attached to the event runs on every CPU where it fires, whichever
	 * one the event was opened on. */
	return bl_sys_perf_event_open(&attr, pid > 0 ? pid : -1, pid > 0 ? -1 : 0, -1, 0);
}

int bl_sys_perf_probe_open(uint32_t pmu_type, uint64_t config, uint64_t config1, uint64_t config2,
			   int pid)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = pmu_type;
	attr.config = config;
	attr.config1 = config1;	/* kprobe_func, uprobe_path */
	attr.config2 = config2;	/* probe_offset */
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	return bl_sys_perf_event_open(&attr, pid > 0 ? pid : -1, pid > 0 ? -1 : 0, -1, 0);
}

static int perf_ioctl(int perf_fd, unsigned long request, unsigned long arg)
{
	return ioctl(perf_fd, request, arg) < 0 ? -errno : 0;
}

int bl_sys_perf_event_enable(int perf_fd)
{
	return perf_ioctl(perf_fd, PERF_EVENT_IOC_ENABLE, 0);
}

int bl_sys_perf_event_disable(int perf_fd)
{
	return perf_ioctl(perf_fd, PERF_EVENT_IOC_DISABLE, 0);
}

int bl_sys_perf_event_set_bpf(int perf_fd, int prog_fd)
{
	return perf_ioctl(perf_fd, PERF_EVENT_IOC_SET_BPF, (unsigned long)prog_fd);
}
