/* tests/host/host.h — helpers of the host tests: they load real programs
 * into the running kernel (root), trigger them and look at the effect,
 * and check with the kernel's own view that nothing is left behind. */
#ifndef BL_HOST_H
#define BL_HOST_H

#include <check.h>
#include <stdbool.h>
#include <stdint.h>

#include "loader/bpfload.h"
#include "tests/unit/unit.h"	/* ut_prog_path, ut_asm_path, ut_have, ut_read_ok */

Suite *suite_examples(void);
Suite *suite_load(void);
Suite *suite_asm_verdicts(void);
Suite *suite_cli_signals(void);
Suite *suite_tracefs(void);
Suite *suite_trace_comm(void);	/* test_trace_comm.c: names of trace_pipe's COMM column */
Suite *suite_kprobe(void);
Suite *suite_uprobe(void);	/* test_uprobe.c, test_uprobe_events.c: uprobes, uretprobes */
Suite *suite_select(void);
Suite *suite_globals_calls(void);	/* test_globals_calls.c: global data, calls, BTF */
Suite *suite_compat(void);	/* test_compat.c: a libbpf-tools style program */
Suite *suite_kconfig(void);	/* test_kconfig.c: .kconfig externs */
Suite *suite_core(void);	/* test_core.c: CO-RE relocations at load time */
Suite *suite_btf_maps(void);	/* test_btf_maps.c: BTF-defined maps, pinning, --map */
Suite *suite_legacy_maps(void);	/* test_legacy_maps.c: maps-only objects, iproute2's maps, perf arrays of size 0 */
Suite *suite_buffers(void);	/* test_buffers.c: ring buffers and perf buffers */
Suite *suite_latency(void);	/* test_latency.c: the latency_hist example */
Suite *suite_faults(void);	/* test_faults.c: no capabilities, RLIMIT_MEMLOCK, no bpffs or tracefs */
Suite *suite_kernel_btf(void);	/* test_kernel_btf.c: vmlinux and module BTF by name */
Suite *suite_alternatives(void);	/* test_alternatives.c: groups of alternatives */
Suite *suite_features(void);	/* test_features.c: loader/sys/features.c on this kernel */
Suite *suite_ksyms(void);	/* test_ksyms.c: __ksym externs and kfunc calls */
Suite *suite_btf_attach(void);	/* test_btf_attach.c: tp_btf, iter, fentry, lsm, freplace */

/* Reads, loads and attaches the program object NAME.bpf.o; aborts the
 * test on failure. */
struct ht_run {
	struct bl_object_spec *obj;
	struct bl_object *l;
	struct bl_attach_opts ao;	/* what ht_start and the tests attach with */
};
void ht_start(struct ht_run *r, const char *name);

/* bl_load that must succeed; the loaded object. */
struct bl_object *ht_load_ok(const struct bl_object_spec *obj, const struct bl_load_opts *o);

/* Pins that vanish with the test: a mount namespace of the test's own
 * (mounts private) with a fresh bpffs on a new directory dir (made from
 * the template, e.g. "/tmp/bpfload-pins.XXXXXX") and on /sys/fs/bpf, the
 * default pin directory. false, with one SKIP line naming what, when the
 * namespace cannot be made; ht_bpffs_leave undoes either outcome. */
bool ht_bpffs_private(char *dir, const char *what);
void ht_bpffs_leave(const char *dir, bool mounted);
/* bl_close + bl_object_spec_free, then asserts that every program and link
 * id the run had is gone from the kernel (BPF_PROG_GET_NEXT_ID,
 * BPF_LINK_GET_NEXT_ID). */
void ht_stop(struct ht_run *r);

/* The kernel's view: is this id in its list of programs / links / maps?
 * Freed objects leave the list after an RCU grace period, so the _gone
 * variants wait up to 3 s. */
bool ht_id_exists(int get_next_id_cmd, uint32_t id);
void ht_assert_prog_gone(uint32_t id);
void ht_assert_link_gone(uint32_t id);
uint32_t ht_link_id(int link_fd);	/* 0 if not a BPF link */

int ht_open_fd_count(void);		/* entries of /proc/self/fd */
/* Reads from fd into buf (appending at *used, kept NUL-terminated) until
 * needle appears or 5 s pass; true when it appeared. */
bool ht_read_until(int fd, char *buf, size_t size, size_t *used, const char *needle);
void ht_getppid_times(int n);		/* n real getppid syscalls */

/* u64 value of a map at key (a u32); aborts if the key is absent. */
uint64_t ht_lookup_u64(struct bl_object *l, const char *map, uint32_t key);
bool ht_has_key(struct bl_object *l, const char *map, uint32_t key);

/* Skips the test (prints one line, returns true) when tracefs has no
 * event CAT/NAME. */
bool ht_skip_without_tracepoint(const char *cat_name, const char *test);
/* Does a warning of l contain text? */
bool ht_has_warning(const struct bl_object *l, const char *text);
/* A 32-bit kernel keeps the slots of an array of maps or program array
 * 4 bytes apart and looks them up 8 apart (loader/load/map_slots.c): a
 * slot above 0 cannot be read back with BPF_MAP_LOOKUP_ELEM there. On
 * such a kernel: checks that l warned of it, prints a NOTE, returns true. */
bool ht_fd_array_slots_unreadable(const struct bl_object *l, const char *test);
/* A program written for the 64-bit record of a syscall tracepoint (its
 * arguments 8 bytes each) cannot run on a 32-bit kernel, whose record has
 * them 4 bytes wide: SKIP unless the format file puts field at offset. */
bool ht_skip_unless_field_at(const char *cat_name, const char *field, unsigned offset,
			     const char *test);

/* kprobes: the kprobe PMU, tracefs kprobe_events, and their lines. */
const char *ht_tracefs(void);
bool ht_have_kprobe_pmu(void);
bool ht_have_kprobe_events(void);
bool ht_skip_without_kprobes(const char *test); /* prints SKIP when none */
int ht_kprobe_events_with(const char *needle);	 /* lines containing needle */
int ht_kprobe_events_of_pid(int pid);		 /* lines of bpfload_<pid>_ events */

/* Tests that read bpf_printk lines from trace_pipe make their event again
 * every HT_PRINTK_ROUND reads (10 ms apart) until the line comes. On
 * Debian's armmp 6.1 under TCG, the lines printed in the first moments
 * after a boot's first load of a program calling bpf_trace_printk never
 * reach the ring buffer (per_cpu/cpu0/stats: no entry written), though
 * the program runs (its map counts each call); 200 ms later, or after an
 * earlier load, they all do (docs/vm-tests.md, "32-bit arm"). */
#define HT_PRINTK_ROUND 30

/* tests/host/host_probe.c: what some objects need, asked of the kernel;
 * each prints one SKIP line and returns true when it is missing. */
bool ht_skip_without_atomic_fetch(const char *test);	/* 5.12 */
bool ht_skip_without_helper(int id, const char *name, const char *test);
bool ht_skip_without_map_type(uint32_t type, const char *name, const char *test);
bool ht_skip_without_prog_type(enum bpf_prog_type type, const char *name, const char *test);
bool ht_skip_without_vmlinux_btf(const char *test);	/* CONFIG_DEBUG_INFO_BTF */
bool ht_skip_without_jit(const char *test);		/* net.core.bpf_jit_enable */
bool ht_skip_on_32bit_kernel(const char *test);	/* 64-bit registers */

#endif
