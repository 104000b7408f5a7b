/* tests/host/test_btf_maps.c — BTF-defined maps in the running kernel:
 * bpf-progs/test_btf_maps.bpf.o created and checked against what the
 * kernel reports (BPF_OBJ_GET_INFO_BY_FD, include/uapi/linux/bpf.h
 * struct bpf_map_info), maps of maps and program arrays filled
 * (Documentation/bpf/map_of_maps.rst: a lookup from user space gives the
 * id of the map or program in a slot), pinning by name in bpffs, and
 * --map sizes.
 *
 * Each test runs in a mount namespace of its own (unshare(CLONE_NEWNS),
 * mounts private) with a fresh bpffs mounted on a temporary directory and
 * on /sys/fs/bpf: its pins vanish with the namespace even when the test
 * dies, and the host's /sys/fs/bpf is not touched.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host.h"
#include "loader/sys/sys.h"

#define OBJ "test_btf_maps"

static char pin_dir[64];
static bool have_ns;

static void setup(void)
{
	snprintf(pin_dir, sizeof(pin_dir), "/tmp/bpfload-pins.XXXXXX");
	have_ns = ht_bpffs_private(pin_dir, "btf maps");
}

static void teardown(void)
{
	ht_bpffs_leave(pin_dir, have_ns);
}

#define NEED_NS()                \
	do {                     \
		if (!have_ns)    \
			return;  \
	} while (0)

/* The object has a bloom filter (5.16): older kernels refuse it whole. */
#define NEED_BLOOM()                                                              \
	do {                                                                      \
		if (ht_skip_without_map_type(BPF_MAP_TYPE_BLOOM_FILTER,           \
					     "bloom_filter (5.16), of " OBJ, __func__)) \
			return;                                                   \
	} while (0)

static const char *map_path(const char *name)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s/%s", pin_dir, name);
	return path;
}

static struct bl_object_spec *read_obj(void)
{
	char *path = ut_prog_path(OBJ);
	struct bl_object_spec *obj = ut_read_ok(path);

	free(path);
	return obj;
}

static void info_of(int fd, struct bpf_map_info *info)
{
	uint32_t len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	ck_assert_int_eq(bl_sys_obj_info(fd, info, &len), 0);
}

static struct bl_map *map_of(struct bl_object *l, const char *name)
{
	struct bl_map *m = bl_object_find_map(l, name);

	ck_assert_msg(m != NULL, "no map %s", name);
	return m;
}

struct want {
	const char *name;
	uint32_t type, key_size, value_size, max_entries, flags;
	uint64_t map_extra;
	bool typed;	/* created with BTF key/value types (when BTF is loaded):
			 * __type(value) given and the type takes them */
};

START_TEST(created_as_defined)
{
	struct bl_load_opts o = { .log_level = 1, .pin_path = pin_dir };
	int cpus = bl_possible_cpus();
	const struct want wants[] = {
		{ "bm_hash", BPF_MAP_TYPE_HASH, 4, 32, 64, 0, 0, true },
		{ "bm_array", BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0, 0, true },
		{ "bm_percpu", BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 2, 0, 0, true },
		{ "bm_ringbuf", BPF_MAP_TYPE_RINGBUF, 0, 0, 16384, 0, 0, false },
		{ "bm_perf", BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, (uint32_t)cpus, 0, 0, false },
		{ "bm_lru", BPF_MAP_TYPE_LRU_HASH, 8, 4, 128, BPF_F_NO_COMMON_LRU, 0, true },
		{ "bm_pinned", BPF_MAP_TYPE_HASH, 4, 8, 8, 0, 0, true },
		{ "bm_bloom", BPF_MAP_TYPE_BLOOM_FILTER, 0, 4, 16, 0, 3, true },
		{ "bm_inner_a", BPF_MAP_TYPE_ARRAY, 4, 4, 1, 0, 0, true },
		{ "bm_outer", BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 4, 4, 0, 0, false },
		{ "bm_jmp", BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0, 0, false }, /* no value type */
	};
	struct bl_object_spec *obj;
	struct bl_object *l;

	NEED_NS();
	NEED_BLOOM();
	ck_assert_int_gt(cpus, 0);
	obj = read_obj();
	l = ht_load_ok(obj, &o);
	for (size_t i = 0; i < sizeof(wants) / sizeof(wants[0]); i++) {
		const struct want *w = &wants[i];
		struct bl_map *m = map_of(l, w->name);
		struct bpf_map_info info;

		ck_assert_msg(m->fd >= 0, "%s: no fd", w->name);
		info_of(m->fd, &info);
		ck_assert_msg(info.type == w->type && info.key_size == w->key_size &&
			      info.value_size == w->value_size &&
			      info.max_entries == w->max_entries && info.map_flags == w->flags &&
			      info.map_extra == w->map_extra,
			      "%s: the kernel has type %u key %u value %u max %u flags 0x%x extra %llu",
			      w->name, info.type, info.key_size, info.value_size, info.max_entries,
			      info.map_flags, (unsigned long long)info.map_extra);
		ck_assert_uint_eq(info.id, m->id);
		ck_assert_uint_eq(m->max_entries, w->max_entries);
		ck_assert_str_eq(info.name, w->name);
		/* Typed maps carry the object's BTF once it is loaded (btf_fd);
		 * the others never do (libbpf's rule). */
		if (l->btf_fd >= 0 && w->typed)
			ck_assert_msg(info.btf_id != 0, "%s: created without BTF", w->name);
		if (!w->typed || l->btf_fd < 0)
			ck_assert_msg(info.btf_id == 0 && info.btf_key_type_id == 0 &&
				      info.btf_value_type_id == 0, "%s: has BTF types", w->name);
	}
	ck_assert_int_eq(map_of(l, "bm_outer.inner")->fd, -1); /* the template is gone */
	bl_close(l);
	bl_object_spec_free(obj);
}
END_TEST

/* Slot i of a map of maps or program array holds the object with id. */
static uint32_t slot_id(struct bl_object *l, const char *map, uint32_t slot, int *err)
{
	uint32_t id = 0;

	*err = bl_sys_map_lookup(map_of(l, map)->fd, &slot, &id);
	return id;
}

START_TEST(slots_filled)
{
	struct bl_load_opts o = { .log_level = 1, .pin_path = pin_dir };
	struct bl_object_spec *obj;
	struct bl_object *l;
	int e;

	NEED_NS();
	NEED_BLOOM();
	obj = read_obj();
	l = ht_load_ok(obj, &o);
	ck_assert_uint_eq(slot_id(l, "bm_outer", 0, &e), map_of(l, "bm_inner_a")->id);
	ck_assert_int_eq(e, 0);
	if (ht_fd_array_slots_unreadable(l, __func__))
		goto out;
	ck_assert(!ht_has_warning(l, "array of maps"));
	ck_assert_uint_eq(slot_id(l, "bm_outer", 2, &e), map_of(l, "bm_inner_b")->id);
	ck_assert_int_eq(e, 0);
	slot_id(l, "bm_outer", 1, &e);
	ck_assert_int_eq(e, -ENOENT);
	ck_assert_uint_eq(slot_id(l, "bm_jmp", 1, &e), bl_object_find_prog(l, "bm_tail")->id);
	ck_assert_int_eq(e, 0);
	slot_id(l, "bm_jmp", 0, &e);
	ck_assert_int_eq(e, -ENOENT);
out:
	bl_close(l);
	bl_object_spec_free(obj);
}
END_TEST

/* bm_enter run once (BPF_PROG_TEST_RUN): it writes into the map held in
 * bm_outer's slot 0, and tail-calls bm_tail through bm_jmp's slot 1. */
START_TEST(slots_used_by_the_program)
{
	struct bl_load_opts o = { .log_level = 1, .pin_path = pin_dir };
	uint64_t args[2] = { 0, 0 }, n = 0;
	uint32_t one = 1, zero = 0, mark = 0;
	struct bl_object_spec *obj;
	struct bl_object *l;
	int ret;

	NEED_NS();
	NEED_BLOOM();
	obj = read_obj();
	l = ht_load_ok(obj, &o);
	ret = bl_sys_prog_test_run_ctx(bl_object_find_prog(l, "bm_enter")->fd, args, sizeof(args));
	ck_assert_msg(ret == 0, "BPF_PROG_TEST_RUN: %d", ret);
	ck_assert_int_eq(bl_map_lookup(map_of(l, "bm_array"), &one, &n), 0);
	ck_assert_msg(n == 1, "bm_tail ran %llu times", (unsigned long long)n);
	ck_assert_int_eq(bl_map_lookup(map_of(l, "bm_inner_a"), &zero, &mark), 0);
	ck_assert_uint_eq(mark, 1);
	bl_close(l);
	bl_object_spec_free(obj);
}
END_TEST

START_TEST(pinned_and_reused)
{
	struct bl_load_opts o = { .log_level = 1, .pin_path = pin_dir };
	uint32_t key = 7;
	uint64_t value = 77, got = 0;
	struct bl_object_spec *obj;
	struct bl_object *a, *b;
	struct bl_map *ma, *mb;
	char path[128];
	struct stat st;

	NEED_NS();
	NEED_BLOOM();
	snprintf(path, sizeof(path), "%s/bm_pinned", pin_dir);
	obj = read_obj();
	a = ht_load_ok(obj, &o);
	ma = map_of(a, "bm_pinned");
	ck_assert(ma->pinned && !ma->reused);
	ck_assert_str_eq(ma->pin_path, path);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(bl_map_update(ma, &key, &value, BPF_ANY), 0);
	ck_assert_int_ne(stat("/sys/fs/bpf/bm_pinned", &st), 0); /* only where asked */

	b = ht_load_ok(obj, &o);
	mb = map_of(b, "bm_pinned");
	ck_assert(mb->reused && !mb->pinned);
	ck_assert_uint_eq(mb->id, ma->id);
	ck_assert_int_eq(bl_map_lookup(mb, &key, &got), 0);
	ck_assert_uint_eq(got, 77);
	ck_assert_uint_ne(map_of(b, "bm_hash")->id, map_of(a, "bm_hash")->id);
	bl_close(a);
	bl_close(b);
	/* The pin outlives both loads: that is its point. */
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(unlink(path), 0);
	bl_object_spec_free(obj);
}
END_TEST

START_TEST(default_pin_dir)
{
	struct bl_load_opts o = { .log_level = 1 };
	struct bl_object_spec *obj;
	struct bl_object *l;

	NEED_NS();
	NEED_BLOOM();
	obj = read_obj();
	l = ht_load_ok(obj, &o);
	ck_assert_str_eq(map_of(l, "bm_pinned")->pin_path, "/sys/fs/bpf/bm_pinned");
	ck_assert_int_eq(access("/sys/fs/bpf/bm_pinned", F_OK), 0);
	bl_close(l);
	ck_assert_int_eq(unlink("/sys/fs/bpf/bm_pinned"), 0);
	bl_object_spec_free(obj);
}
END_TEST

static void expect_load_error(const struct bl_object_spec *obj, const struct bl_load_opts *o,
			      const char *what1, const char *what2)
{
	struct bl_object *l = NULL;
	struct bl_err err = { "" };
	int ret = bl_load(obj, o, &l, &err);

	ck_assert_msg(ret < 0, "bl_load succeeded; want an error saying %s", what1);
	ck_assert_msg(strstr(err.msg, what1) && (!what2 || strstr(err.msg, what2)),
		      "error \"%s\" does not say \"%s\" and \"%s\"", err.msg, what1, what2 ? what2 : "");
	ck_assert_msg(strncmp(err.msg, obj->path, strlen(obj->path)) == 0,
		      "error \"%s\" does not start with the file", err.msg);
	bl_close(l);
}

START_TEST(incompatible_pin_refused)
{
	struct bl_load_opts o = { .log_level = 1, .pin_path = pin_dir };
	struct bl_map_override big = { "bm_pinned", BL_MAP_MAX_ENTRIES, 16 };
	struct bl_object_spec *obj;
	struct bl_object *a;
	char path[128];

	NEED_NS();
	NEED_BLOOM();
	snprintf(path, sizeof(path), "%s/bm_pinned", pin_dir);
	obj = read_obj();
	a = ht_load_ok(obj, &o);
	bl_close(a); /* the pin stays */
	o.map_overrides = &big;
	o.map_override_cnt = 1;
	expect_load_error(obj, &o, "max_entries 8", "max_entries 16");
	expect_load_error(obj, &o, path, "does not match");
	ck_assert_int_eq(access(path, F_OK), 0); /* left alone */
	ck_assert_int_eq(unlink(path), 0);
	bl_object_spec_free(obj);
}
END_TEST

/* What a pin holds is told by its fd's inode (loader/sys/fd_kind.c): a
 * program pinned where the map's pin goes is refused, and so is a map
 * named as the program freplace programs replace. */
START_TEST(pin_of_the_wrong_kind_refused)
{
	struct bl_load_opts o = { .log_level = 1, .pin_path = pin_dir };
	struct bl_object_spec *obj, *fr;
	struct bl_object *a, *l = NULL;
	struct bl_err err = { "" };
	char path[128], *frpath;
	int fd;

	NEED_NS();
	NEED_BLOOM();
	snprintf(path, sizeof(path), "%s/bm_pinned", pin_dir);
	obj = read_obj();
	a = ht_load_ok(obj, &o);	/* pins the map bm_pinned at path */

	/* the map named by --replace-target */
	frpath = ut_prog_path("test_freplace");
	fr = ut_read_ok(frpath);
	free(frpath);
	o.replace_target = path;
	ck_assert_int_lt(bl_load(fr, &o, &l, &err), 0);
	ck_assert_msg(strstr(err.msg, "pinned there is not a program"), "%s", err.msg);
	bl_close(l);
	o.replace_target = NULL;

	/* a program where the map's pin goes */
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(bl_sys_obj_pin(bl_object_find_prog(a, "bm_enter")->fd, path), 0);
	bl_close(a);
	expect_load_error(obj, &o, path, "is not a map");
	fd = bl_sys_obj_get(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(unlink(path), 0);
	bl_object_spec_free(fr);
	bl_object_spec_free(obj);
}
END_TEST

START_TEST(no_bpffs_said_clearly)
{
	struct bl_load_opts o = { .log_level = 1, .pin_path = "/tmp" };
	struct bl_object_spec *obj;

	NEED_NS();
	obj = read_obj();
	expect_load_error(obj, &o, "not in the BPF file system", "mount -t bpf bpf /tmp");
	o.pin_path = "/nonexistent/bpfload";
	expect_load_error(obj, &o, "does not exist", "mount -t bpf bpf /sys/fs/bpf");
	bl_object_spec_free(obj);
}
END_TEST

START_TEST(overrides_applied)
{
	const struct bl_map_override ov[] = {
		{ "bm_hash", BL_MAP_MAX_ENTRIES, 1000 },
		{ "bm_array", BL_MAP_VALUE_SIZE, 16 },
		{ "bm_ringbuf", BL_MAP_MAX_ENTRIES, 5000 },	/* rounded up to pages */
		{ "bm_hash", BL_MAP_MAX_ENTRIES, 500 },		/* the last one wins */
	};
	struct bl_load_opts o = { .log_level = 1, .pin_path = pin_dir,
				  .map_overrides = ov, .map_override_cnt = 4 };
	long page = sysconf(_SC_PAGESIZE);
	uint32_t ring = 5000 <= page ? (uint32_t)page : 8192;
	struct bpf_map_info info;
	struct bl_object_spec *obj;
	struct bl_object *l;

	NEED_NS();
	NEED_BLOOM();
	while (ring < 5000)
		ring *= 2;
	obj = read_obj();
	l = ht_load_ok(obj, &o);
	info_of(map_of(l, "bm_hash")->fd, &info);
	ck_assert_uint_eq(info.max_entries, 500);
	info_of(map_of(l, "bm_array")->fd, &info);
	ck_assert_uint_eq(info.value_size, 16);
	ck_assert_uint_eq(info.btf_value_type_id, 0); /* __u64 is not 16 bytes */
	ck_assert_uint_eq(bl_map_value_len(map_of(l, "bm_array")), 16);
	info_of(map_of(l, "bm_ringbuf")->fd, &info);
	ck_assert_uint_eq(info.max_entries, ring);
	bl_close(l);
	ck_assert_int_eq(unlink(map_path("bm_pinned")), 0);
	bl_object_spec_free(obj);
}
END_TEST

START_TEST(overrides_refused)
{
	struct bl_map_override ov = { "bm_nope", BL_MAP_MAX_ENTRIES, 1 };
	struct bl_load_opts o = { .log_level = 1, .pin_path = pin_dir,
				  .map_overrides = &ov, .map_override_cnt = 1 };
	struct bl_object_spec *obj;
	struct bl_err err;

	NEED_NS();
	obj = read_obj();
	expect_load_error(obj, &o, "no map bm_nope", NULL);
	ov = (struct bl_map_override){ "bm_ringbuf", BL_MAP_VALUE_SIZE, 8 };
	expect_load_error(obj, &o, "bm_ringbuf", "not the tool's to choose");
	ck_assert_int_eq(bl_map_override_parse("bm_outer.inner.max_entries=0x10", &ov, &err), 0);
	ck_assert_str_eq(ov.map, "bm_outer.inner");
	ck_assert_uint_eq(ov.value, 16);
	ck_assert_int_lt(bl_map_override_parse("bm_hash.key_size=4", &ov, &err), 0);
	ck_assert_msg(strstr(err.msg, "key_size"), "%s", err.msg);
	ck_assert_int_lt(bl_map_override_parse("bm_hash.max_entries=-1", &ov, &err), 0);
	ck_assert_int_lt(bl_map_override_parse("bm_hash.max_entries=4294967296", &ov, &err), 0);
	ck_assert_int_lt(bl_map_override_parse("max_entries=4", &ov, &err), 0);
	bl_object_spec_free(obj);
}
END_TEST

/* A load that fails after pinning takes its new pins back (libbpf does
 * too): here bm_jmp is made too small for the slot the object fills. */
START_TEST(failed_load_leaves_no_pin)
{
	struct bl_map_override small = { "bm_jmp", BL_MAP_MAX_ENTRIES, 1 };
	struct bl_load_opts o = { .log_level = 1, .pin_path = pin_dir,
				  .map_overrides = &small, .map_override_cnt = 1 };
	struct bl_object_spec *obj;
	char path[128];

	NEED_NS();
	NEED_BLOOM();
	snprintf(path, sizeof(path), "%s/bm_pinned", pin_dir);
	obj = read_obj();
	expect_load_error(obj, &o, "bm_jmp", "slot 1 (bm_tail) is past max_entries 1");
	ck_assert_int_ne(access(path, F_OK), 0);
	bl_object_spec_free(obj);
}
END_TEST

/* An object built against libbpf's own <bpf/bpf_helpers.h> loads: its
 * maps are created, slots filled, and the tail call works. The compat
 * objects are built on the host only (libbpf-dev), not for the VMs. */
START_TEST(libbpf_built_object_loads)
{
	struct bl_load_opts o = { .log_level = 1, .pin_path = pin_dir };
	char *path = ut_prog_path("compat/test_btf_maps_libbpf");
	uint64_t args[2] = { 0, 0 }, n = 0;
	uint32_t one = 1;
	struct bl_object_spec *obj;
	struct bl_object *l;
	int e;

	NEED_NS();
	if (access(path, R_OK) != 0) {
		fprintf(stderr, "SKIP %s: no %s (built with libbpf-dev on the host)\n", __func__, path);
		free(path);
		return;
	}
	obj = ut_read_ok(path);
	free(path);
	l = ht_load_ok(obj, &o);
	ck_assert_uint_eq(slot_id(l, "bm_outer", 0, &e), map_of(l, "bm_inner_a")->id);
	ck_assert_uint_eq(slot_id(l, "bm_jmp", 1, &e), bl_object_find_prog(l, "bm_tail")->id);
	ck_assert(map_of(l, "bm_pinned")->pinned);
	ck_assert_int_eq(bl_sys_prog_test_run_ctx(bl_object_find_prog(l, "bm_enter")->fd, args,
					       sizeof(args)), 0);
	ck_assert_int_eq(bl_map_lookup(map_of(l, "bm_array"), &one, &n), 0);
	ck_assert_uint_eq(n, 1);
	bl_close(l);
	ck_assert_int_eq(unlink(map_path("bm_pinned")), 0);
	bl_object_spec_free(obj);
}
END_TEST

/* Sizes a tool sets from user space, 0 in the object: bpfload's
 * defaults, a warning each, and --map still wins. */
START_TEST(zero_sizes_get_defaults)
{
	char *path = ut_prog_path("test_map_defaults");
	struct bl_object_spec *obj = ut_read_ok(path);
	const struct bl_map_override ov = { "md_start", BL_MAP_MAX_ENTRIES, 77 };
	struct bl_load_opts o = { .log_level = 1 };
	unsigned depth = 127;
	struct bpf_map_info info;
	struct bl_object *l;
	FILE *f;

	free(path);
	f = fopen("/proc/sys/kernel/perf_event_max_stack", "r");
	if (f) {
		ck_assert_int_eq(fscanf(f, "%u", &depth), 1);
		fclose(f);
	}
	l = ht_load_ok(obj, &o);
	info_of(map_of(l, "md_start")->fd, &info);
	ck_assert_uint_eq(info.max_entries, 10240);
	info_of(map_of(l, "md_stacks")->fd, &info);
	ck_assert_uint_eq(info.max_entries, 10240);
	ck_assert_uint_eq(info.value_size, depth * 8);
	ck_assert_uint_eq(l->warning_cnt, 3);
	ck_assert(ht_has_warning(l, "map md_start: max_entries is 0 in the object (its tool sets it before loading): using 10240"));
	ck_assert(ht_has_warning(l, "map md_stacks: max_entries is 0"));
	ck_assert(ht_has_warning(l, "map md_stacks: value_size is 0"));
	bl_close(l);

	o.map_overrides = &ov;
	o.map_override_cnt = 1;
	l = ht_load_ok(obj, &o);
	info_of(map_of(l, "md_start")->fd, &info);
	ck_assert_uint_eq(info.max_entries, 77);
	ck_assert_uint_eq(l->warning_cnt, 2);	/* md_stacks' two only */
	ck_assert(!ht_has_warning(l, "map md_start"));
	bl_close(l);
	bl_object_spec_free(obj);
}
END_TEST

Suite *suite_btf_maps(void)
{
	Suite *s = suite_create("btf_maps");
	TCase *tc = tcase_create("btf_maps");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, created_as_defined);
	tcase_add_test(tc, slots_filled);
	tcase_add_test(tc, slots_used_by_the_program);
	tcase_add_test(tc, pinned_and_reused);
	tcase_add_test(tc, default_pin_dir);
	tcase_add_test(tc, incompatible_pin_refused);
	tcase_add_test(tc, pin_of_the_wrong_kind_refused);
	tcase_add_test(tc, no_bpffs_said_clearly);
	tcase_add_test(tc, overrides_applied);
	tcase_add_test(tc, overrides_refused);
	tcase_add_test(tc, failed_load_leaves_no_pin);
	tcase_add_test(tc, libbpf_built_object_loads);
	tcase_add_test(tc, zero_sizes_get_defaults);
	suite_add_tcase(s, tc);
	return s;
}
