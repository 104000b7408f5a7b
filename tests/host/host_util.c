/* tests/host/host_util.c — see host.h. */
#define _GNU_SOURCE /* unshare */
#include "host.h"

#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "loader/sys/kernel_version.h"
#include "loader/sys/sys.h"

void ht_start(struct ht_run *r, const char *name)
{
	char *path = ut_prog_path(name);
	struct bl_err err = { "" };
	int ret;

	r->obj = ut_read_ok(path);
	free(path);
	ret = bl_load(r->obj, NULL, &r->l, &err);
	ck_assert_msg(ret == 0, "bl_load(%s) = %d: %s", name, ret, err.msg);
	ret = bl_attach(r->l, &r->ao, &err);
	ck_assert_msg(ret == 0, "bl_attach(%s) = %d: %s", name, ret, err.msg);
}

struct bl_object *ht_load_ok(const struct bl_object_spec *obj, const struct bl_load_opts *o)
{
	struct bl_object *l = NULL;
	struct bl_err err = { "" };
	int ret = bl_load(obj, o, &l, &err);

	ck_assert_msg(ret == 0, "bl_load = %d: %s", ret, err.msg);
	return l;
}

bool ht_bpffs_private(char *dir, const char *what)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
		fprintf(stderr, "SKIP %s: unshare(CLONE_NEWNS): %s\n", what, strerror(errno));
		return false;
	}
	ck_assert_msg(mount("bpf", dir, "bpf", 0, NULL) == 0, "mount bpffs on %s: %s", dir,
		      strerror(errno));
	ck_assert_msg(mount("bpf", "/sys/fs/bpf", "bpf", 0, NULL) == 0, "mount bpffs on /sys/fs/bpf: %s",
		      strerror(errno));
	return true;
}

void ht_bpffs_leave(const char *dir, bool mounted)
{
	if (mounted) {
		umount2(dir, MNT_DETACH);
		umount2("/sys/fs/bpf", MNT_DETACH);
	}
	rmdir(dir);
}

void ht_stop(struct ht_run *r)
{
	uint32_t prog_ids[16], link_ids[16];
	size_t n = r->l->prog_cnt < 16 ? r->l->prog_cnt : 16;

	for (size_t i = 0; i < n; i++) {
		prog_ids[i] = r->l->progs[i].id;
		link_ids[i] = ht_link_id(r->l->progs[i].link.link_fd);
		ck_assert_msg(prog_ids[i] && ht_id_exists(BPF_PROG_GET_NEXT_ID, prog_ids[i]),
			      "program %s: id %u not in the kernel's list while loaded",
			      r->l->progs[i].spec->name, prog_ids[i]);
	}
	bl_close(r->l);
	bl_object_spec_free(r->obj);
	r->l = NULL;
	r->obj = NULL;
	for (size_t i = 0; i < n; i++) {
		ht_assert_prog_gone(prog_ids[i]);
		if (link_ids[i])
			ht_assert_link_gone(link_ids[i]);
	}
}

bool ht_id_exists(int cmd, uint32_t id)
{
	uint32_t cur = 0, next;

	while (bl_sys_next_id((enum bpf_cmd)cmd, cur, &next) == 0) {
		if (next == id)
			return true;
		cur = next;
	}
	return false;
}

static void assert_gone(int cmd, uint32_t id, const char *what)
{
	for (int i = 0; i < 300; i++) {
		if (!ht_id_exists(cmd, id))
			return;
		usleep(10000);
	}
	ck_abort_msg("%s id %u is still in the kernel 3 s after bl_unload", what, id);
}

void ht_assert_prog_gone(uint32_t id)
{
	assert_gone(BPF_PROG_GET_NEXT_ID, id, "program");
}

void ht_assert_link_gone(uint32_t id)
{
	assert_gone(BPF_LINK_GET_NEXT_ID, id, "link");
}

uint32_t ht_link_id(int link_fd)
{
	struct bpf_link_info info;
	uint32_t len = sizeof(info);

	if (link_fd < 0)
		return 0;
	memset(&info, 0, sizeof(info));
	return bl_sys_obj_info(link_fd, &info, &len) ? 0 : info.id;
}

int ht_open_fd_count(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

void ht_getppid_times(int n)
{
	for (int i = 0; i < n; i++)
		syscall(SYS_getppid);
}

bool ht_has_key(struct bl_object *l, const char *map, uint32_t key)
{
	struct bl_map *m = bl_object_find_map(l, map);
	uint64_t v[64];

	ck_assert_msg(m != NULL, "no map %s", map);
	ck_assert_uint_le(bl_map_value_len(m), sizeof(v));
	return bl_map_lookup(m, &key, v) == 0;
}

uint64_t ht_lookup_u64(struct bl_object *l, const char *map, uint32_t key)
{
	struct bl_map *m = bl_object_find_map(l, map);
	uint64_t v[64];
	int ret;

	ck_assert_msg(m != NULL, "no map %s", map);
	ck_assert_uint_le(bl_map_value_len(m), sizeof(v));
	ret = bl_map_lookup(m, &key, v);
	ck_assert_msg(ret == 0, "map %s has no key %u (%d)", map, key, ret);
	return v[0];
}

bool ht_skip_without_tracepoint(const char *cat_name, const char *test)
{
	char dir[256], path[512];
	struct bl_err err;

	if (bl_tracefs_dir(dir, sizeof(dir), &err)) {
		fprintf(stderr, "SKIP %s: %s\n", test, err.msg);
		return true;
	}
	snprintf(path, sizeof(path), "%s/events/%s/id", dir, cat_name);
	if (access(path, R_OK) == 0)
		return false;
	fprintf(stderr, "SKIP %s: this kernel has no tracepoint %s\n", test, cat_name);
	return true;
}

bool ht_skip_unless_field_at(const char *cat_name, const char *field, unsigned offset,
			     const char *test)
{
	char dir[256], path[512], line[256], want[96];
	struct bl_err err;
	unsigned at = ~0u;
	FILE *f;

	if (ht_skip_without_tracepoint(cat_name, test))
		return true;
	ck_assert(bl_tracefs_dir(dir, sizeof(dir), &err) == 0);
	snprintf(path, sizeof(path), "%s/events/%s/format", dir, cat_name);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	/* "\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;" */
	snprintf(want, sizeof(want), " %s;", field);
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, want), *o = strstr(line, "offset:");

		if (p && o && p < o && sscanf(o, "offset:%u", &at) == 1)
			break;
	}
	fclose(f);
	ck_assert_msg(at != ~0u, "%s has no field %s", path, field);
	if (at == offset)
		return false;
	fprintf(stderr, "SKIP %s: the program's struct is the 64-bit record (%s at offset %u); this kernel's %s has it at offset %u\n",
		test, field, offset, path, at);
	return true;
}

bool ht_has_warning(const struct bl_object *l, const char *text)
{
	for (size_t i = 0; i < l->warning_cnt; i++)
		if (strstr(l->warnings[i], text))
			return true;
	return false;
}

bool ht_fd_array_slots_unreadable(const struct bl_object *l, const char *test)
{
	if (bl_kernel_long_size() == 8)
		return false;
	ck_assert_msg(ht_has_warning(l, "keeps the slots of an array of maps 4 bytes apart"),
		      "%s: no warning about the array of maps on this 32-bit kernel", test);
	fprintf(stderr, "NOTE %s: 32-bit kernel: slots above 0 of arrays of maps and program arrays are not looked up (kernel/bpf/arraymap.c: kept 4 bytes apart, looked up 8 apart); slot 0 and the warning checked\n",
		test);
	return true;
}

/* kprobes: where they exist, and what kprobe_events holds. */
const char *ht_tracefs(void)
{
	static char dir[256];
	struct bl_err err;

	ck_assert_msg(bl_tracefs_dir(dir, sizeof(dir), &err) == 0, "%s", err.msg);
	return dir;
}

bool ht_have_kprobe_pmu(void)
{
	return access("/sys/bus/event_source/devices/kprobe/type", R_OK) == 0;
}

bool ht_have_kprobe_events(void)
{
	char path[300];

	snprintf(path, sizeof(path), "%s/kprobe_events", ht_tracefs());
	return access(path, W_OK) == 0;
}

bool ht_skip_without_kprobes(const char *test)
{
	if (ht_have_kprobe_pmu() || ht_have_kprobe_events())
		return false;
	fprintf(stderr, "SKIP %s: this kernel has no kprobes (CONFIG_KPROBES off)\n", test);
	return true;
}

/* Lines of kprobe_events that contain needle. */
int ht_kprobe_events_with(const char *needle)
{
	char path[300], line[512];
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/kprobe_events", ht_tracefs());
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, needle))
			n++;
	fclose(f);
	return n;
}

int ht_kprobe_events_of_pid(int pid)
{
	char needle[32];

	snprintf(needle, sizeof(needle), "/bpfload_%d_", pid);
	return ht_kprobe_events_with(needle);
}

bool ht_read_until(int fd, char *buf, size_t size, size_t *used, const char *needle)
{
	for (int waited = 0; waited < 5000 && !strstr(buf, needle); waited += 50) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, 50) > 0) {
			ssize_t n = read(fd, buf + *used, size - 1 - *used);

			if (n <= 0)
				break;
			*used += (size_t)n;
			buf[*used] = '\0';
		}
	}
	return strstr(buf, needle) != NULL;
}
