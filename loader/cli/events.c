/* loader/cli/events.c — `bpfload run`: printing the records programs
 * send through ring buffers (BPF_MAP_TYPE_RINGBUF, loader/output/ringbuf.c) and
 * perf buffers (BPF_MAP_TYPE_PERF_EVENT_ARRAY, loader/output/perfbuf.c).
 *
 * A record is decoded with a BTF type (elf/value/btf_value.h) when its
 * type is known; per map, the first of (elf/value/record_type.h):
 *   - --event-type MAP=TYPE, else --event-type TYPE: any struct, union
 *     or typedef of that name;
 *   - the one struct called event or data_t;
 * each looked up in the object's .BTF, then in its DWARF (clang -g: the
 * types of local variables, which .BTF lacks, are there), or in those of
 * --types FILE instead; else, at the first record, the one named struct
 * of the record's size (a line on stderr says which was picked). Then,
 * as bcc's tools print, a header line of the members' names and one
 * aligned row per record; a perf buffer's rows start with the CPU, and
 * when the object has several buffers with the map's name:
 *
 *        TIME(s) PID     OLD_PID COMM             FILENAME
 *     512.731406 4242    4242    ls               /usr/bin/ls
 *   {"type":"event","map":"exec_events","timestamp":512.731406,"clock":"monotonic",
 *    "size":88,"data":{"pid":4242,...}}
 *
 * Without a type (or for a record shorter than it), one line of hex, and
 * once per map a warning that says why and what to do:
 *
 *   event exec_events time 512.731406 size 88: 2a 1b 00 00 ...
 *   {"type":"event","map":"open_events","timestamp":512.731406,"clock":"monotonic",
 *    "cpu":1,"size":156,"data":"2a 1b ..."}
 *
 * The time is when bpfload read the record: CLOCK_MONOTONIC, in seconds
 * (clock_gettime(2)); records carry no time of their own. The kernel's
 * trace clock of the trace_pipe lines ("local" by default) counts from
 * boot too, so the two read alike, but they are different clocks
 * (docs/json.md).
 *
 * With --pid and no filter in the object, a record whose type has a tgid
 * or pid member of another process is left out (loader/cli/pid_filter.c).
 *
 * At the end, one line per map with the number of records and, for a perf
 * buffer, of the records the kernel dropped because the ring was full
 * (PERF_RECORD_LOST); in JSON a "lost" object when that is not zero. A
 * ring buffer's reader cannot know about the records its program could
 * not reserve: the program has to count them (bpf-progs/exec_ringbuf.bpf.c).
 */
#define _GNU_SOURCE
#include "loader/cli/events.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "elf/value/btf_value.h"
#include "elf/value/record_type.h"
#include "loader/cli/pid_filter.h"

struct reader {
	const struct bl_map *map;
	struct bl_ringbuf *rb;		/* one of these two */
	struct bl_perfbuf *pb;
	const struct bl_btf *btf;	/* of the records' type */
	int type_id;			/* > 0: typed; 0: by size at the first
					 * record; < 0: hex */
	bool by_default;		/* the type is event or data_t, not named */
	bool sized;			/* the first record's size was looked at */
	bool hinted;			/* the hex warning was given */
	uint64_t not_shown;		/* --pid: records of other processes */
	bool pid_noted;			/* --pid: said whether they are filtered */
};

struct bl_cli_events {
	const struct bl_out *o;
	struct bl_record_types *types;	/* where the types are looked up */
	struct bl_record_types *own_types; /* that, when made here */
	const char *types_path;		/* its file, for messages */
	bool dwarf_hint;		/* the object has no DWARF: say clang -g */
	int filter_pid;			/* > 0: --pid, pid_filter.h */
	const struct bl_map *header_for; /* the map whose header was printed last */
	int name_width;			/* of the MAP column; 0: none */
	int epoll_fd;			/* holds each reader's epoll fd */
	size_t cnt;
	struct reader r[];
};

struct print_ctx {
	struct bl_cli_events *ev;
	const struct bl_map *map;
	struct reader *r;
};

/* The start of a JSON event line, up to "size". */
static void json_event_head(FILE *f, const struct print_ctx *p, int cpu, double t, size_t size)
{
	fputs("{\"type\":\"event\",\"map\":", f);
	bl_json_str(f, p->map->spec->name);
	fprintf(f, ",\"timestamp\":%.6f,\"clock\":\"monotonic\"", t);
	if (cpu >= 0)
		fprintf(f, ",\"cpu\":%d", cpu);
	fprintf(f, ",\"size\":%zu,\"data\":", size);
}

/* A record as a row of its type's columns; false when it does not fit. */
static bool print_typed(const struct print_ctx *p, int cpu, double t, const void *data,
			size_t len, size_t size)
{
	struct bl_cli_events *ev = p->ev;
	FILE *f = ev->o->f;
	const struct bl_btf *btf = p->r->btf;
	uint32_t id = (uint32_t)p->r->type_id;
	char *row = NULL;
	size_t n = 0;
	FILE *m;
	int ret;

	if (p->r->type_id <= 0)
		return false;
	if (ev->o->json) {
		m = open_memstream(&row, &n);
		if (!m)
			return false;
		ret = bl_btf_value_print(m, btf, id, data, len, BL_BTF_JSON);
		fclose(m);
		if (!ret) {
			json_event_head(f, p, cpu, t, size);
			fwrite(row, 1, n, f);
			fputs("}\n", f);
		}
		free(row);
		return ret == 0;
	}
	m = open_memstream(&row, &n);
	if (!m)
		return false;
	ret = bl_btf_value_row(m, btf, id, data, len);
	fclose(m);
	if (!ret) {
		if (ev->header_for != p->map) {	/* first record, or another map's */
			fprintf(f, "%12s ", "TIME(s)");
			if (ev->name_width)
				fprintf(f, "%-*s ", ev->name_width, "MAP");
			if (cpu >= 0)
				fputs("CPU ", f);
			bl_btf_value_header(f, btf, id);
			ev->header_for = p->map;
		}
		fprintf(f, "%12.6f ", t);
		if (ev->name_width)
			fprintf(f, "%-*s ", ev->name_width, p->map->spec->name);
		if (cpu >= 0)
			fprintf(f, "%-3d ", cpu);
		fwrite(row, 1, n, f);
	}
	free(row);
	return ret == 0;
}

/* A record shorter than its struct that still holds every member but the
 * last: a variable-length tail (libbpf-tools' execsnoop sends only the
 * bytes of its args[] it filled). The record in *buf (malloc'd), the
 * rest zeros, and its type's size in *len; else data itself. */
static const void *with_tail(const struct reader *r, const void *data, size_t size, void **buf,
			     size_t *len)
{
	const struct btf_type *t;
	uint32_t tsize, vlen;

	*buf = NULL;
	*len = size;
	if (r->type_id <= 0 || bl_btf_resolve_size(r->btf, (uint32_t)r->type_id, &tsize) ||
	    tsize <= size || tsize > (1u << 20))
		return data;
	t = bl_btf_skip_modifiers(r->btf, (uint32_t)r->type_id, NULL);
	vlen = t ? bl_btf_vlen(t) : 0;
	if (!t || bl_btf_kind(t) != BTF_KIND_STRUCT || !vlen ||
	    bl_btf_member_bit_offset(t, &bl_btf_members(t)[vlen - 1]) / 8 > size ||
	    !(*buf = calloc(1, tsize)))
		return data;
	memcpy(*buf, data, size);
	*len = tsize;
	return *buf;
}

static void type_by_size(struct bl_cli_events *ev, struct reader *r, size_t size);
static void hint_hex(struct bl_cli_events *ev, struct reader *r, size_t size);
static void note_pid_filter(struct bl_cli_events *ev, struct reader *r);

static void print_record(const struct print_ctx *p, int cpu, const void *data, size_t size)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *b = data;
	const struct bl_out *o = p->ev->o;
	FILE *f = o->f;
	char buf[3 * 64];
	double t = bl_cli_now();	/* when the record is read */
	void *full;
	const void *rec;
	size_t len;
	bool typed;

	if (!p->r->sized) {
		p->r->sized = true;
		type_by_size(p->ev, p->r, size);
		note_pid_filter(p->ev, p->r);
	}
	if (p->ev->filter_pid > 0 &&
	    !bl_cli_pid_record_match(p->r->btf, p->r->type_id, p->ev->filter_pid, data, size)) {
		p->r->not_shown++;
		return;
	}
	rec = with_tail(p->r, data, size, &full, &len);
	typed = print_typed(p, cpu, t, rec, len, size);
	free(full);
	if (typed)
		return;
	hint_hex(p->ev, p->r, size);
	/* a hex line among rows: the next row gets its header again */
	p->ev->header_for = NULL;

	if (o->json) {
		json_event_head(f, p, cpu, t, size);
		fputc('"', f);
	} else {
		fprintf(f, "event %s", p->map->spec->name);
		if (cpu >= 0)
			fprintf(f, " cpu %d", cpu);
		fprintf(f, " time %.6f size %zu:%s", t, size, size ? " " : "");
	}
	/* "0a 1b ...", 64 bytes at a time */
	for (size_t i = 0; i < size; i += 64) {
		size_t n = size - i < 64 ? size - i : 64, k = 0;

		for (size_t j = 0; j < n; j++) {
			if (i + j)
				buf[k++] = ' ';
			buf[k++] = digits[b[i + j] >> 4];
			buf[k++] = digits[b[i + j] & 15];
		}
		fwrite(buf, 1, k, f);
	}
	fputs(o->json ? "\"}\n" : "\n", f);
}

static int on_ring_record(const void *data, size_t size, void *ctx)
{
	print_record(ctx, -1, data, size);
	return 0;
}

static int on_perf_record(int cpu, const void *data, size_t size, void *ctx)
{
	print_record(ctx, cpu, data, size);
	return 0;
}

static int open_reader(const struct bl_out *o, struct bl_map *m, unsigned perf_pages,
		       struct reader *r)
{
	struct bl_perfbuf_opts po = { .pages = perf_pages, .watermark = 0 };
	struct bl_err err = { "" }, w;
	int ret;

	r->map = m;
	if (m->spec->type == BPF_MAP_TYPE_RINGBUF)
		ret = bl_ringbuf_open(m, &r->rb, &err);
	else
		ret = bl_perfbuf_open(m, &po, &r->pb, &err);
	if (ret) {
		bl_err_set(&w, 0, "the records of map %s will not be shown: %s", m->spec->name,
			   err.msg);
		bl_print_warning(o, w.msg);
	}
	return ret;
}

/* The name --event-type gives the records of map m: MAP=TYPE, else
 * TYPE; NULL for none. */
static const char *type_name(const struct bl_cli_events_opts *opts, const struct bl_map *m)
{
	const char *name = opts ? opts->event_type : NULL;
	size_t len = strlen(m->spec->name);

	for (size_t i = 0; opts && i < opts->map_type_cnt; i++) {
		const char *mt = opts->map_types[i];

		if (!strncmp(mt, m->spec->name, len) && mt[len] == '=')
			name = mt + len + 1;
	}
	return name;
}

/* The records' type of r at open: by name, else event or data_t; 0
 * (decided by size at the first record) when there is none. */
static void find_type(struct bl_cli_events *ev, struct reader *r,
		      const struct bl_cli_events_opts *opts)
{
	const char *name = type_name(opts, r->map);
	struct bl_record_type t;
	struct bl_err err = { "" }, w;
	int ret = bl_record_type_find(ev->types, name, &t, &err);

	r->type_id = ret ? -1 : (int)t.id;
	r->btf = ret ? NULL : t.btf;
	r->by_default = !ret && !name;
	if (ret == -ENOENT && !name) {
		r->type_id = 0;
	} else if (ret == -EEXIST) {
		bl_err_set(&w, 0, "%s: several structs called event or data_t; records of map %s in hex (choose one with --event-type %s=TYPE)",
			   ev->types_path, r->map->spec->name, r->map->spec->name);
		bl_print_warning(ev->o, w.msg);
		r->hinted = true;
	} else if (ret) {
		if (ret == -ENOENT)
			bl_err_set(&w, 0, "%s: no struct, union or typedef %s in its BTF or DWARF; records of map %s in hex",
				   ev->types_path, name, r->map->spec->name);
		else
			bl_err_set(&w, 0, "records of map %s in hex: %s", r->map->spec->name, err.msg);
		bl_print_warning(ev->o, w.msg);
		r->hinted = true;
	}
}

/* At the first record of r, without a type named by --event-type: when
 * there is no event or data_t, or it has not the record's size, the one
 * named struct of the record's size (a perf buffer's record is padded so
 * that it ends 8-byte aligned with its 4-byte size field: up to 7 bytes
 * more than the struct). */
static void type_by_size(struct bl_cli_events *ev, struct reader *r, size_t size)
{
	size_t min = r->pb && size >= 7 ? size - 7 : size;
	struct bl_record_type t;
	struct bl_err err = { "" }, w;
	uint32_t tsize;
	int cnt = 0, ret;

	if (r->type_id < 0 || (r->type_id > 0 && !r->by_default))
		return;
	if (r->type_id > 0 && !bl_btf_resolve_size(r->btf, (uint32_t)r->type_id, &tsize) &&
	    tsize >= min && tsize <= size)
		return;	/* event or data_t fits */
	ret = bl_record_type_by_size(ev->types, min, size, &t, &cnt, &err);
	if (ret == -ENOENT || ret == -EEXIST) {
		if (!r->type_id)
			r->type_id = -1; /* hint_hex says it */
		return;
	}
	if (ret) {
		bl_err_set(&w, 0, "records of map %s: no type by size: %s", r->map->spec->name, err.msg);
		bl_print_warning(ev->o, w.msg);
		r->hinted = true;
		if (!r->type_id)
			r->type_id = -1;
		return;
	}
	r->btf = t.btf;
	r->type_id = (int)t.id;
	bl_err_set(&w, 0, "map %s: records of %zu bytes shown as struct %s, the only named struct of that size in %s's %s (another with --event-type %s=TYPE)",
		   r->map->spec->name, size, bl_record_type_name(&t), ev->types_path, t.from,
		   r->map->spec->name);
	bl_print_warning(ev->o, w.msg);
}

/* Once per map: why its records come out in hex, and what to do. */
static void hint_hex(struct bl_cli_events *ev, struct reader *r, size_t size)
{
	struct bl_err w;
	const char *m = r->map->spec->name;
	uint32_t tsize = 0;

	if (r->hinted)
		return;
	r->hinted = true;
	if (r->type_id > 0 && !bl_btf_resolve_size(r->btf, (uint32_t)r->type_id, &tsize) &&
	    tsize > size) {
		bl_err_set(&w, 0, "map %s: records of %zu bytes in hex: shorter than their type's %u bytes (another type with --event-type %s=TYPE)",
			   m, size, tsize, m);
	} else if (r->type_id > 0) {
		bl_err_set(&w, 0, "map %s: records in hex: their type cannot be printed", m);
	} else {
#ifdef BL_NO_DWARF
		const char *in = "BTF (" BL_NO_DWARF_HINT ")";
#else
		const char *in = bl_record_types_have_dwarf(ev->types) ? "BTF or DWARF" :
				 "BTF (and no DWARF: build it with clang -g)";
#endif

		bl_err_set(&w, 0, "map %s: records in hex: no struct event or data_t in %s's %s, and no single named struct of %zu bytes; name the type with --event-type %s=TYPE, or take types from another object with --types FILE",
			   m, ev->types_path, in, size, m);
	}
	bl_print_warning(ev->o, w.msg);
}

/* --pid: r's records are filtered by their tgid or pid member; once, a
 * warning when their type has none. */
static void note_pid_filter(struct bl_cli_events *ev, struct reader *r)
{
	size_t off, size;
	struct bl_err w;

	if (ev->filter_pid <= 0 || r->pid_noted)
		return;
	r->pid_noted = true;
	if (bl_cli_pid_member(r->btf, r->type_id, &off, &size))
		return;
	bl_err_set(&w, 0, "--pid %d: the records of %s are not filtered: %s", ev->filter_pid,
		   r->map->spec->name, r->type_id > 0 ? "their type has no member tgid or pid"
						      : "they have no type (shown in hex)");
	bl_print_warning(ev->o, w.msg);
}

struct bl_cli_events *bl_cli_events_open(const struct bl_out *o, struct bl_object *l,
					 const struct bl_cli_events_opts *opts)
{
	struct bl_cli_events *ev = calloc(1, sizeof(*ev) + l->map_cnt * sizeof(ev->r[0]));

	struct bl_err err;

	if (!ev)
		return NULL;
	ev->o = o;
	ev->types = opts ? opts->types : NULL;
	ev->types_path = opts && opts->types_path ? opts->types_path : l->spec->path;
	if (!ev->types) {
		const struct bl_btf *btf = l->spec->btf_fixed ? l->spec->btf_fixed : l->spec->btf;

		if (bl_record_types_open(l->spec->path, btf, &ev->own_types, &err)) {
			bl_print_warning(o, err.msg);
			free(ev);
			return NULL;
		}
		ev->types = ev->own_types;
	}
	ev->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	for (size_t i = 0; i < l->map_cnt && ev->epoll_fd >= 0; i++) {
		struct bl_map *m = &l->maps[i];
		struct reader *r = &ev->r[ev->cnt];
		struct epoll_event e = { .events = EPOLLIN };

		/* fd < 0: an inner map template, never created */
		if (m->fd < 0 || (m->spec->type != BPF_MAP_TYPE_RINGBUF &&
				  m->spec->type != BPF_MAP_TYPE_PERF_EVENT_ARRAY))
			continue;
		if (open_reader(o, m, opts ? opts->perf_pages : 0, r))
			continue;
		/* An epoll fd is itself pollable: one fd stands for all. */
		if (epoll_ctl(ev->epoll_fd, EPOLL_CTL_ADD,
			      r->rb ? bl_ringbuf_fd(r->rb) : bl_perfbuf_fd(r->pb), &e)) {
			bl_ringbuf_free(r->rb);
			bl_perfbuf_free(r->pb);
			continue;
		}
		ev->cnt++;
	}
	if (!ev->cnt) {
		bl_cli_events_close(ev);
		return NULL;
	}
	ev->filter_pid = opts ? opts->filter_pid : 0;
	for (size_t i = 0; i < ev->cnt; i++) {
		find_type(ev, &ev->r[i], opts);
		if (ev->r[i].type_id) /* else: by size, at the first record */
			note_pid_filter(ev, &ev->r[i]);
	}
	for (size_t i = 0; ev->cnt > 1 && i < ev->cnt; i++) {
		int w = (int)strlen(ev->r[i].map->spec->name);

		ev->name_width = w > ev->name_width ? w : ev->name_width;
	}
	return ev;
}

int bl_cli_events_fd(const struct bl_cli_events *ev)
{
	return ev ? ev->epoll_fd : -1;
}

void bl_cli_events_print(struct bl_cli_events *ev)
{
	bool any = false;

	for (size_t i = 0; ev && i < ev->cnt; i++) {
		struct print_ctx p = { ev, ev->r[i].map, &ev->r[i] };

		if (ev->r[i].rb)
			any |= bl_ringbuf_consume(ev->r[i].rb, on_ring_record, &p) > 0;
		else
			any |= bl_perfbuf_consume(ev->r[i].pb, on_perf_record, NULL, &p) > 0;
	}
	if (any)
		fflush(ev->o->f);
}

static void print_summary(const struct bl_out *o, const struct reader *r)
{
	const char *name = r->map->spec->name;
	uint64_t records = r->rb ? bl_ringbuf_records(r->rb) : bl_perfbuf_records(r->pb);
	uint64_t lost = r->pb ? bl_perfbuf_lost(r->pb) : 0;

	if (o->json) {
		if (!lost)
			return;
		fputs("{\"type\":\"lost\",\"map\":", o->f);
		bl_json_str(o->f, name);
		fprintf(o->f, ",\"lost\":%llu,\"records\":%llu}\n", (unsigned long long)lost,
			(unsigned long long)records);
	} else if (r->rb) {
		fprintf(o->f, "events %s (ringbuf): %llu record%s", name,
			(unsigned long long)records, records == 1 ? "" : "s");
	} else {
		fprintf(o->f, "events %s (perf_event_array): %llu record%s, %llu lost%s", name,
			(unsigned long long)records, records == 1 ? "" : "s", (unsigned long long)lost,
			lost ? " (the perf buffer was full)" : "");
	}
	if (!o->json && r->not_shown)
		fprintf(o->f, ", %llu of other processes not shown (--pid)",
			(unsigned long long)r->not_shown);
	if (!o->json)
		fputc('\n', o->f);
}

void bl_cli_events_close(struct bl_cli_events *ev)
{
	if (!ev)
		return;
	bl_cli_events_print(ev); /* what came in at the end */
	for (size_t i = 0; i < ev->cnt; i++) {
		print_summary(ev->o, &ev->r[i]);
		bl_ringbuf_free(ev->r[i].rb);
		bl_perfbuf_free(ev->r[i].pb);
	}
	if (ev->epoll_fd >= 0)
		close(ev->epoll_fd);
	fflush(ev->o->f);
	bl_record_types_free(ev->own_types);
	free(ev);
}
