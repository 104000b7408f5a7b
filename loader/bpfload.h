/* loader/bpfload.h — the bpfload library: from a BPF object file to
 * programs running in the kernel, and back.
 *
 *   struct bl_object_spec *obj;                      elf/object.h: no syscalls
 *   bl_object_spec_read("prog.bpf.o", &obj, &err);
 *   struct bl_object *l;
 *   bl_load(obj, NULL, &l, &err);               maps created, programs loaded
 *   bl_attach(l, &err);                         attached by section name
 *   ... read maps (bl_map_for_each), trace_pipe (bl_trace_pipe_*) ...
 *   bl_unload(l);                               detached, every fd closed
 *   bl_object_spec_free(obj);
 *
 * Functions return 0 or a negative errno, and fill err with one line that
 * names the file, the program or map, and what the kernel said.
 */
#ifndef BPFLOAD_H
#define BPFLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf/object.h" /* installed as include/bpfload/elf/object.h */

#define BL_VERSION "0.1.0"

struct bl_map {
	const struct bl_map_spec *spec;
	int fd;			/* -1 until created; inner map templates stay -1 */
	uint32_t id;		/* the kernel's id (bpftool map show) */
	uint32_t max_entries;	/* as created (perf event arrays: CPUs; ring
				 * buffers: a power-of-2 number of pages;
				 * --map NAME.max_entries=N) */
	uint32_t value_size;	/* as created (--map NAME.value_size=N) */
	char *pin_path;		/* pinning by name: DIR/NAME in bpffs, else NULL */
	bool reused;		/* fd is the map found pinned at pin_path */
	bool pinned;		/* this load pinned it at pin_path */
};

enum bl_prog_state {
	BL_PROG_NOT_LOADED,	/* not tried (an earlier program failed) */
	BL_PROG_LOADED,
	BL_PROG_REJECTED,	/* the kernel refused it: see errno and log */
	BL_PROG_UNSUPPORTED,	/* bpfload cannot load it: see log */
	BL_PROG_SKIPPED,	/* left out: --skip, --prog, or SEC("?...") */
};

struct bl_link {
	enum bl_attach_kind kind;
	int link_fd;		/* BPF link, or raw tracepoint fd; -1 if none */
	int perf_fd;		/* perf event; -1 if none */
	char what[256];		/* "tracepoint syscalls/sys_enter_getppid (BPF link)" */
	/* A kprobe or uprobe event bpfload created in tracefs (kprobe_events,
	 * uprobe_events), removed again at detach; "" if none. */
	char event_group[16];	/* "kprobes" */
	char event[64];		/* "bpfload_4242_0_do_unlinkat" */
	char events_file[16];	/* "kprobe_events" */
};

struct bl_prog {
	const struct bl_prog_spec *spec;
	enum bl_prog_state state;
	int fd;			/* -1 unless loaded */
	uint32_t id;
	int load_errno;		/* positive errno of a rejected load */
	char *log;		/* verifier log (or bpfload's reason) when not loaded;
				 * also of a loaded one with first_log_level */
	bool log_truncated;	/* the log did not fit: with log_tail_ok on kernels
				 * 6.4+ it is the log's end, else its start */
	uint32_t log_true_size;	/* bytes the whole log needs (6.4+), else 0 */
	unsigned log_loads;	/* BPF_PROG_LOADs made with a log */
	uint32_t verified_insns; /* loaded: bpf_prog_info.verified_insns (5.16+) */
	/* A rejected program's line_info, insn_off an index in the program
	 * as loaded (after loader/load/subprogs.c): ties the log's instructions
	 * to source lines (loader/verifier/log_annotate.h). NULL without .BTF.ext. */
	struct bpf_line_info *line_info;
	uint32_t line_info_cnt;
	struct bl_link link;
};

struct bl_object {
	const struct bl_object_spec *obj;
	struct bl_map *maps;
	size_t map_cnt;
	struct bl_prog *progs;
	size_t prog_cnt;
	/* The object's .BTF loaded into the kernel (BPF_BTF_LOAD), -1 when
	 * none: maps get their key/value types from it, programs their
	 * func_info and line_info. Closed by bl_unload. */
	int btf_fd;
	/* The target BTF of CO-RE relocations (loader/load/core_apply.c), parsed
	 * once by bl_load, freed by bl_unload; NULL when not needed. */
	struct bl_btf *core_btf;
	/* What went wrong without stopping the load, one line each, e.g. the
	 * kernel refused the object's BTF and it goes on without. */
	char **warnings;
	size_t warning_cnt;
	/* The kernel's log of a refused BPF_BTF_LOAD (the warning quotes its
	 * last line), NULL otherwise. */
	char *btf_log;
	char tracefs[256];	/* where tracefs is mounted, once needed */
	/* Attach perf events with the ioctls even where BPF links exist
	 * (what kernels before 5.15 get); set before bl_attach. */
	bool no_bpf_link;
	/* How kprobes and uprobes are created; set before bl_attach. */
	enum bl_probe_mode {
		BL_PROBE_AUTO,		/* the kprobe/uprobe PMU; tracefs where it is missing */
		BL_PROBE_PMU,		/* perf_event_open on the PMU only */
		BL_PROBE_TRACEFS,	/* kprobe_events / uprobe_events in tracefs only */
	} probe_mode;
	/* kretprobe instances per function (tracefs "r<N>:"); 0: the kernel's
	 * default. Needs tracefs: the PMU has no such setting. */
	unsigned kretprobe_maxactive;
	unsigned event_seq;	/* numbers the tracefs events of this load */
	/* Uprobes; set before bl_attach. uprobe_target ("PATH:FUNC[+OFF]")
	 * is where programs of a bare SEC("uprobe") / SEC("uretprobe") go
	 * (bpfload run --uprobe); uprobe_pid > 0 limits every uprobe to that
	 * process (--pid), 0 means every process. */
	const char *uprobe_target;
	int uprobe_pid;
};

/* A map size set before the map is created (bpfload --map NAME.FIELD=N),
 * for maps a tool is meant to size. */
struct bl_map_override {
	char map[128];		/* map name; "OUTER.inner" for an inner map */
	enum bl_map_field {
		BL_MAP_MAX_ENTRIES,
		BL_MAP_VALUE_SIZE,
	} field;
	uint32_t value;
};

/* Parses "NAME.max_entries=N" or "NAME.value_size=N". */
int bl_map_override_parse(const char *spec, struct bl_map_override *out, struct bl_err *err);

struct bl_load_opts {
	bool keep_going;	/* load every program even after one is rejected */
	uint32_t log_level;	/* verifier log level of the retry; default 1 */
	/* Log level of every program's first load (e.g. 4, BPF_LOG_STATS,
	 * for the statistics of accepted programs too); 0: the first load
	 * has no log, which is fastest. */
	uint32_t first_log_level;
	/* The end of a rejected program's log is enough: on kernels 6.4+,
	 * which keep the end of a log that does not fit, it is not loaded
	 * again with a bigger buffer (loader/load/prog_load.c). */
	bool log_tail_ok;
	/* Where maps with pinning LIBBPF_PIN_BY_NAME are pinned (a directory
	 * in bpffs); NULL: /sys/fs/bpf. */
	const char *pin_path;
	const struct bl_map_override *map_overrides;
	size_t map_override_cnt;
	/* Program selection, by program name. With only_progs, just those
	 * are loaded (SEC("?...") ones too); skip_progs are left out. A
	 * name that is not a program of the object is an error. */
	const char *const *only_progs;
	size_t only_prog_cnt;
	const char *const *skip_progs;
	size_t skip_prog_cnt;
	/* The target BTF of CO-RE relocations (bpfload --btf FILE, raw BTF
	 * such as a copy of another kernel's /sys/kernel/btf/vmlinux); NULL:
	 * /sys/kernel/btf/vmlinux, read only when the object has CO-RE
	 * relocations. */
	const char *btf_path;
	/* Where the values of `extern ... CONFIG_FOO __kconfig` come from: a
	 * kernel configuration file, gzip'd or not; NULL: $BPFLOAD_KCONFIG,
	 * else /proc/config.gz, else /boot/config-RELEASE (loader/load/kconfig.c). */
	const char *kconfig_path;
};

/* Creates the maps and loads the programs of obj (which must outlive the
 * result). Even on failure *out is set when maps could be created, so
 * that the caller can show each program's state and log; the caller then
 * calls bl_unload(). Returns the first failure. */
int bl_load(const struct bl_object_spec *obj, const struct bl_load_opts *opts,
	    struct bl_object **out, struct bl_err *err);

/* Attaches every loaded program as its section name says. If one fails,
 * the ones attached before it are detached again. */
int bl_attach(struct bl_object *l, struct bl_err *err);

/* Detaches every attached program (also safe when none is). */
void bl_detach(struct bl_object *l);

/* Detaches, closes every fd, frees l. */
void bl_unload(struct bl_object *l);

struct bl_map *bl_object_find_map(struct bl_object *l, const char *name);
struct bl_prog *bl_object_find_prog(struct bl_object *l, const char *name);

/* Map contents. Per-CPU maps give one value per possible CPU, each
 * rounded up to 8 bytes, one after the other. */
size_t bl_map_value_len(const struct bl_map *m);
bool bl_map_is_dumpable(const struct bl_map *m);
typedef int (*bl_map_entry_fn)(const struct bl_map *m, const void *key,
			       const void *value, size_t value_len, void *ctx);
/* Calls fn for each entry; stops early when fn returns non-zero. */
int bl_map_for_each(const struct bl_map *m, bl_map_entry_fn fn, void *ctx,
		    struct bl_err *err);
int bl_map_lookup(const struct bl_map *m, const void *key, void *value);
/* BPF_MAP_UPDATE_ELEM; flags BPF_ANY, BPF_NOEXIST or BPF_EXIST. */
int bl_map_update(const struct bl_map *m, const void *key, const void *value, uint64_t flags);
/* BPF_MAP_DELETE_ELEM (hash maps; an array's elements cannot be deleted:
 * -EINVAL). */
int bl_map_delete(const struct bl_map *m, const void *key);

/* Removes the pins this load made (bl_map.pinned); maps it reused stay
 * pinned. Pinned maps otherwise outlive the process: that is their point. */
void bl_unpin_maps(struct bl_object *l);

/* Number of possible CPUs (/sys/devices/system/cpu/possible), or -errno. */
int bl_possible_cpus(void);

/* tracefs: where it is mounted; mounts it on /sys/kernel/tracing when it
 * is not mounted anywhere (needs root). dir gets the path. */
int bl_tracefs_dir(char *dir, size_t len, struct bl_err *err);
/* Where tracefs is mounted, without mounting it: 0, or -ENOENT. */
int bl_tracefs_find(char *dir, size_t len);

/* trace_pipe: the lines bpf_printk writes (bpf_trace_printk helper). */
struct bl_trace_pipe {
	int fd;
	size_t used;
	char buf[8192];
};
int bl_trace_pipe_open(struct bl_trace_pipe *tp, struct bl_err *err);
/* Reads what is available without blocking and calls fn for each full
 * line (without its newline). Returns the number of lines, or -errno. */
int bl_trace_pipe_read(struct bl_trace_pipe *tp,
		       void (*fn)(const char *line, void *ctx), void *ctx);
void bl_trace_pipe_close(struct bl_trace_pipe *tp);

/* One line of trace_pipe, split (see loader/output/trace_line.c). */
struct bl_trace_line {
	char comm[64];
	int pid;
	int cpu;
	double timestamp;	/* seconds, the trace clock */
	char event[64];		/* "bpf_trace_printk" for bpf_printk lines */
	const char *message;	/* points into the parsed line */
};
/* Returns 0, or -EINVAL when the line is not in the default format. */
int bl_trace_line_parse(const char *line, struct bl_trace_line *out);

/* Ring buffers (BPF_MAP_TYPE_RINGBUF; loader/output/ringbuf.c, docs/buffers.md):
 * the records programs submit with bpf_ringbuf_output or
 * bpf_ringbuf_reserve + bpf_ringbuf_submit, read in place from the
 * mapped buffer.
 *
 *   struct bl_ringbuf *rb;
 *   bl_ringbuf_open(bl_object_find_map(l, "events"), &rb, &err);
 *   while (!stop)
 *           bl_ringbuf_poll(rb, 100, on_record, ctx);
 *   bl_ringbuf_free(rb);
 *
 * The callback gets each record's bytes (valid during the call only) and
 * returns 0 to go on, or a negative value to stop: the call then returns
 * it (the record counts as read). */
struct bl_ringbuf;
typedef int (*bl_ringbuf_fn)(const void *data, size_t size, void *ctx);
int bl_ringbuf_open(const struct bl_map *map, struct bl_ringbuf **out, struct bl_err *err);
/* Waits up to timeout_ms (-1: no limit, 0: not at all) for records and
 * calls fn for each one there; returns how many, or a negative errno or
 * callback value. A signal ends the wait (returns 0). After a call that
 * delivered records, the next one first lets records accumulate for up
 * to the batch delay (1000 us by default; 0: none, one wake-up per
 * record when they come slowly enough, as libbpf does). */
int bl_ringbuf_poll(struct bl_ringbuf *rb, int timeout_ms, bl_ringbuf_fn fn, void *ctx);
/* The records there now, without waiting. */
int bl_ringbuf_consume(struct bl_ringbuf *rb, bl_ringbuf_fn fn, void *ctx);
void bl_ringbuf_set_batch(struct bl_ringbuf *rb, unsigned usec);
/* An epoll fd, readable when records wait: for the caller's own poll(2). */
int bl_ringbuf_fd(const struct bl_ringbuf *rb);
uint64_t bl_ringbuf_records(const struct bl_ringbuf *rb);	/* delivered so far */
void bl_ringbuf_free(struct bl_ringbuf *rb);

/* Perf buffers (BPF_MAP_TYPE_PERF_EVENT_ARRAY; loader/output/perfbuf.c,
 * docs/buffers.md): the records programs send with bpf_perf_event_output,
 * one ring per CPU. Opening puts a perf event of each online CPU into the
 * map; freeing takes them out again. */
struct bl_perfbuf;
struct bl_perfbuf_opts {
	unsigned pages;		/* ring pages per CPU, a power of 2; 0: 64 */
	unsigned watermark;	/* wake the reader when this many bytes wait
				 * in a ring; 0: a quarter of the ring */
};
/* cpu: the CPU whose ring held the record. The size includes the
 * kernel's padding (the u32 size and the data end on 8 bytes). */
typedef int (*bl_perfbuf_fn)(int cpu, const void *data, size_t size, void *ctx);
/* The kernel dropped lost records (the ring was full); also counted in
 * bl_perfbuf_lost. */
typedef void (*bl_perfbuf_lost_fn)(int cpu, uint64_t lost, void *ctx);
int bl_perfbuf_open(const struct bl_map *map, const struct bl_perfbuf_opts *opts,
		    struct bl_perfbuf **out, struct bl_err *err);
/* Waits up to timeout_ms for a ring to pass its watermark, then reads
 * every ring (so records under the watermark wait at most timeout_ms).
 * Returns the number of records, or a negative errno or callback value. */
int bl_perfbuf_poll(struct bl_perfbuf *pb, int timeout_ms, bl_perfbuf_fn fn,
		    bl_perfbuf_lost_fn lost_fn, void *ctx);
int bl_perfbuf_consume(struct bl_perfbuf *pb, bl_perfbuf_fn fn, bl_perfbuf_lost_fn lost_fn,
		       void *ctx);
int bl_perfbuf_fd(const struct bl_perfbuf *pb);		/* epoll fd of every ring */
int bl_perfbuf_cpu_count(const struct bl_perfbuf *pb);	/* rings (online CPUs) */
uint64_t bl_perfbuf_records(const struct bl_perfbuf *pb);
uint64_t bl_perfbuf_lost(const struct bl_perfbuf *pb);	/* PERF_RECORD_LOST sum */
void bl_perfbuf_free(struct bl_perfbuf *pb);

#endif
