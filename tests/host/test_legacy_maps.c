/* tests/host/test_legacy_maps.c — the other objects libbpf loads, in the
 * running kernel: an object of maps and no programs
 * (bpf-progs/test_maps_only.bpf.o), iproute2's legacy maps with maps of
 * maps and pinning (test_iproute2_maps.bpf.o), and perf event arrays
 * declared with key and value size 0 (one in each). What the kernel made
 * is read back with BPF_OBJ_GET_INFO_BY_FD (struct bpf_map_info,
 * include/uapi/linux/bpf.h), the slots of the maps of maps with
 * BPF_MAP_LOOKUP_ELEM (Documentation/bpf/map_of_maps.rst: the id of the
 * map held), the pins with BPF_OBJ_GET.
 *
 * The tests that pin run in a mount namespace of their own with a fresh
 * bpffs on a temporary directory and on /sys/fs/bpf (as test_btf_maps.c
 * does), remove their pins themselves and check that the directory is
 * empty: nothing is left in any bpffs, even when a test dies.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"
#include "loader/sys/cpus.h"
#include "loader/sys/sys.h"

#define IP_OBJ "test_iproute2_maps"
#define MO_OBJ "test_maps_only"

static char pin_dir[64];
static bool have_ns;
static int fresh_entries;	/* in a new bpffs: the kernel's maps.debug, progs.debug */

static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

/* Nothing in the pin directory but what a new bpffs holds. */
static bool dir_is_empty(const char *dir)
{
	return entries(dir) == fresh_entries;
}

static void setup(void)
{
	snprintf(pin_dir, sizeof(pin_dir), "/tmp/bpfload-legacy.XXXXXX");
	have_ns = ht_bpffs_private(pin_dir, "legacy maps");
	if (have_ns)
		fresh_entries = entries(pin_dir);
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

static struct bl_object_spec *read_obj(const char *name)
{
	char *path = ut_prog_path(name);
	struct bl_object_spec *obj = ut_read_ok(path);

	free(path);
	return obj;
}

static struct bl_map *map_of(struct bl_object *l, const char *name)
{
	struct bl_map *m = bl_object_find_map(l, name);

	ck_assert_msg(m != NULL, "no map %s", name);
	return m;
}

static void info_of(int fd, struct bpf_map_info *info)
{
	uint32_t len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	ck_assert_int_eq(bl_sys_obj_info(fd, info, &len), 0);
}

/* A perf event array declared with sizes 0 is created 4, 4, a slot per
 * possible CPU. */
static void check_perf_event_array(struct bl_map *m)
{
	int cpus = bl_possible_cpus();
	struct bpf_map_info info;

	ck_assert_int_gt(cpus, 0);
	ck_assert_int_eq(m->spec->key_size, 0);
	ck_assert_int_eq(m->spec->value_size, 0);
	info_of(m->fd, &info);
	ck_assert_msg(info.type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && info.key_size == 4 &&
		      info.value_size == 4 && info.max_entries == (uint32_t)cpus,
		      "%s: the kernel has type %u key %u value %u max %u (%d CPUs)", m->spec->name,
		      info.type, info.key_size, info.value_size, info.max_entries, cpus);
	ck_assert(m->key_size == 4 && m->value_size == 4 && m->max_entries == (uint32_t)cpus);
}

/* ------------------------------------------------- maps, no programs */

START_TEST(maps_only_object)
{
	struct bl_object_spec *obj = read_obj(MO_OBJ);
	struct bl_object *l = ht_load_ok(obj, NULL);
	uint32_t ids[3];
	struct bpf_map_info info;

	ck_assert_uint_eq(l->prog_cnt, 0);
	ck_assert_int_eq(l->stage, BL_LOAD_MAPS);
	ck_assert_uint_eq(l->map_cnt, 3);
	for (size_t i = 0; i < l->map_cnt; i++) {
		ck_assert_msg(l->maps[i].fd >= 0, "%s: not created", l->maps[i].spec->name);
		ck_assert(!l->maps[i].pin_path);
		ids[i] = l->maps[i].id;
		ck_assert(ht_id_exists(BPF_MAP_GET_NEXT_ID, ids[i]));
	}
	info_of(map_of(l, "mo_config")->fd, &info);
	ck_assert(info.type == BPF_MAP_TYPE_ARRAY && info.value_size == 8 && info.max_entries == 4);
	check_perf_event_array(map_of(l, "mo_events"));
	bl_close(l);
	bl_object_spec_free(obj);
	/* Nothing pinned: the maps go with the load. */
	for (size_t i = 0; i < 3; i++) {
		for (int tries = 0; tries < 300 && ht_id_exists(BPF_MAP_GET_NEXT_ID, ids[i]); tries++)
			usleep(10000);
		ck_assert_msg(!ht_id_exists(BPF_MAP_GET_NEXT_ID, ids[i]), "map id %u left behind", ids[i]);
	}
}
END_TEST

/* --prog on an object without programs names what is not there. */
START_TEST(maps_only_prog_selection)
{
	struct bl_object_spec *obj = read_obj(MO_OBJ);
	const char *only[] = { "nope" };
	struct bl_load_opts o = { .log_level = 1, .only_progs = only, .only_prog_cnt = 1 };
	struct bl_object *l = NULL;
	struct bl_err err = { "" };

	ck_assert_int_eq(bl_load(obj, &o, &l, &err), -ENOENT);
	ck_assert_ptr_nonnull(strstr(err.msg, "--prog nope: the object has no program of that name"));
	ck_assert_int_eq(l->stage, BL_LOAD_CHECKED);
	bl_close(l);
	bl_object_spec_free(obj);
}
END_TEST

/* ------------------------------------------------ iproute2's maps */

/* Slot (key) slot of map of maps map: the id of the map there, or 0
 * with *err -ENOENT. */
static uint32_t slot_id(struct bl_object *l, const char *map, uint32_t slot, int *err)
{
	uint32_t id = 0;

	*err = bl_sys_map_lookup(map_of(l, map)->fd, &slot, &id);
	return id;
}

static void check_slots(struct bl_object *l, const char *outer, uint32_t nslots)
{
	uint32_t a = map_of(l, "ip_inner_a")->id, b = map_of(l, "ip_inner_b")->id;
	int e;

	/* an array of maps on a 32-bit kernel: slot 0 only */
	if (map_of(l, outer)->spec->type == BPF_MAP_TYPE_ARRAY_OF_MAPS &&
	    ht_fd_array_slots_unreadable(l, outer))
		nslots = 1;
	for (uint32_t s = 0; s < nslots; s++) {
		uint32_t id = slot_id(l, outer, s, &e);

		if (s == 0 || s == 3) {
			ck_assert_msg(e == 0 && id == (s == 0 ? a : b), "%s[%u]: id %u (err %d), want %u",
				      outer, s, id, e, s == 0 ? a : b);
		} else {
			ck_assert_msg(e == -ENOENT, "%s[%u]: holds map id %u", outer, s, id);
		}
	}
}



START_TEST(iproute2_map_in_map_and_pins)
{
	struct bl_load_opts o = { .log_level = 1, .pin_path = pin_dir };
	struct bl_object_spec *obj;
	struct bl_object *l;
	struct bpf_map_info info;
	char path[128];
	int fd, e;

	NEED_NS();
	obj = read_obj(IP_OBJ);
	l = ht_load_ok(obj, &o);
	ck_assert_int_eq(l->stage, BL_LOAD_PROGRAMS);
	ck_assert_int_eq(bl_object_find_prog(l, "ip_getppid")->state, BL_PROG_LOADED);
	/* Slots 0 and 3 of the array and keys 0 and 3 of the hash. */
	check_slots(l, "ip_outer", 4);
	check_slots(l, "ip_by_key", 8);
	slot_id(l, "ip_empty", 0, &e);
	ck_assert_int_eq(e, -ENOENT);
	slot_id(l, "ip_empty", 1, &e);
	ck_assert_int_eq(e, -ENOENT);
	/* The inner maps are maps of their own, the shape of their id's
	 * first map: the kernel took it as inner_map_fd. */
	info_of(map_of(l, "ip_inner_b")->fd, &info);
	ck_assert(info.type == BPF_MAP_TYPE_ARRAY && info.value_size == 8 && info.max_entries == 2);
	check_perf_event_array(map_of(l, "ip_events"));
	/* PIN_GLOBAL_NS: pinned by name in the pin directory; PIN_OBJECT_NS:
	 * not pinned, with a warning. */
	for (const char *const *n = (const char *const[]){ "ip_outer", "ip_inner_a", NULL }; *n; n++) {
		struct bl_map *m = map_of(l, *n);

		snprintf(path, sizeof(path), "%s/%s", pin_dir, *n);
		ck_assert_msg(m->pinned && m->pin_path && !strcmp(m->pin_path, path), "%s: not pinned at %s",
			      *n, path);
		fd = bl_sys_obj_get(path);
		ck_assert_int_ge(fd, 0);
		info_of(fd, &info);
		ck_assert_uint_eq(info.id, m->id);
		close(fd);
	}
	ck_assert(!map_of(l, "ip_objns")->pin_path && !map_of(l, "ip_inner_b")->pin_path);
	ck_assert(ht_has_warning(l, "map ip_objns: pinning PIN_OBJECT_NS (1)"));
	snprintf(path, sizeof(path), "%s/ip_objns", pin_dir);
	ck_assert_int_ne(access(path, F_OK), 0);
	bl_close(l);
	bl_object_spec_free(obj);
	/* The test's own cleanup: the pins, then nothing left. */
	ck_assert(!dir_is_empty(pin_dir));
	for (const char *const *n = (const char *const[]){ "ip_outer", "ip_inner_a", NULL }; *n; n++) {
		snprintf(path, sizeof(path), "%s/%s", pin_dir, *n);
		ck_assert_int_eq(unlink(path), 0);
	}
	ck_assert(dir_is_empty(pin_dir));
}
END_TEST

/* A second load reuses the pinned map of maps, slots and all, and the
 * pinned inner map: the program of the second load counts into the
 * first load's ip_inner_a through slot 0. */
START_TEST(iproute2_pins_reused)
{
	struct bl_load_opts o = { .log_level = 1, .pin_path = pin_dir };
	struct bl_object_spec *obj;
	struct bl_object *a, *b;
	struct bl_err err = { "" };
	uint32_t zero = 0;
	uint64_t n = 0;
	char path[128];

	NEED_NS();
	if (ht_skip_without_tracepoint("syscalls/sys_enter_getppid", __func__))
		return;
	obj = read_obj(IP_OBJ);
	a = ht_load_ok(obj, &o);
	b = ht_load_ok(obj, &o);
	ck_assert(map_of(b, "ip_outer")->reused && !map_of(b, "ip_outer")->pinned);
	ck_assert(map_of(b, "ip_inner_a")->reused);
	ck_assert_uint_eq(map_of(b, "ip_outer")->id, map_of(a, "ip_outer")->id);
	ck_assert_uint_eq(map_of(b, "ip_inner_a")->id, map_of(a, "ip_inner_a")->id);
	ck_assert_uint_ne(map_of(b, "ip_inner_b")->id, map_of(a, "ip_inner_b")->id);
	check_slots(a, "ip_outer", 4); /* kept: the second load did not refill it */
	ck_assert_msg(bl_attach(b, NULL, &err) == 0, "bl_attach: %s", err.msg);
	ht_getppid_times(5);
	bl_close(b);
	ck_assert_int_eq(bl_map_lookup(map_of(a, "ip_inner_a"), &zero, &n), 0);
	ck_assert_msg(n >= 5, "ip_inner_a[0] = %llu after 5 getppid", (unsigned long long)n);
	bl_close(a);
	bl_object_spec_free(obj);
	for (const char *const *m = (const char *const[]){ "ip_outer", "ip_inner_a", NULL }; *m; m++) {
		snprintf(path, sizeof(path), "%s/%s", pin_dir, *m);
		ck_assert_int_eq(unlink(path), 0);
	}
	ck_assert(dir_is_empty(pin_dir));
}
END_TEST

/* A load that fails removes the pins it made (as with LIBBPF_PIN_BY_NAME):
 * here the slot of ip_inner_b is past --map ip_outer.max_entries=2. */
START_TEST(iproute2_failed_load_unpins)
{
	struct bl_map_override ov = { "ip_outer", BL_MAP_MAX_ENTRIES, 2 };
	struct bl_load_opts o = { .log_level = 1, .pin_path = pin_dir, .map_overrides = &ov,
				  .map_override_cnt = 1 };
	struct bl_object_spec *obj;
	struct bl_object *l = NULL;
	struct bl_err err = { "" };

	NEED_NS();
	obj = read_obj(IP_OBJ);
	ck_assert_int_eq(bl_load(obj, &o, &l, &err), -E2BIG);
	ck_assert_msg(strstr(err.msg, "map ip_outer: slot 3 (ip_inner_b) is past max_entries 2"), "%s",
		      err.msg);
	bl_close(l);
	bl_object_spec_free(obj);
	ck_assert(dir_is_empty(pin_dir));
}
END_TEST

Suite *suite_legacy_maps(void)
{
	Suite *s = suite_create("legacy_maps");
	TCase *only = tcase_create("maps_only"), *ip = tcase_create("iproute2");

	tcase_add_test(only, maps_only_object);
	tcase_add_test(only, maps_only_prog_selection);
	tcase_add_checked_fixture(ip, setup, teardown);
	tcase_add_test(ip, iproute2_map_in_map_and_pins);
	tcase_add_test(ip, iproute2_pins_reused);
	tcase_add_test(ip, iproute2_failed_load_unpins);
	tcase_set_timeout(ip, 30);
	suite_add_tcase(s, only);
	suite_add_tcase(s, ip);
	return s;
}
