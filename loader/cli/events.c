/* loader/cli/events.c — `bpfload run`: printing the records programs
 * send through ring buffers (BPF_MAP_TYPE_RINGBUF, loader/output/ringbuf.c) and
 * perf buffers (BPF_MAP_TYPE_PERF_EVENT_ARRAY, loader/output/perfbuf.c).
 *
 * A record is decoded with the object's BTF (elf/value/btf_value.h) when its
 * type is known: the struct named by --event-type, else the one struct
 * called event or data_t. Then, as bcc's tools print, a header line of
 * the members' names and one aligned row per record; a perf buffer's
 * rows start with the CPU, and when the object has several buffers with
 * the map's name:
 *
 *   PID     OLD_PID COMM             FILENAME
 *   4242    4242    ls               /usr/bin/ls
 *   {"type":"event","map":"exec_events","size":88,"data":{"pid":4242,...}}
 *
 * Without a type (or for a record shorter than it), one line of hex:
 *
 *   event exec_events size 88: 2a 1b 00 00 ...
 *   {"type":"event","map":"open_events","cpu":1,"size":156,"data":"2a 1b ..."}
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
#include <unistd.h>

#include "elf/value/btf_value.h"

struct reader {
	const struct bl_map *map;
	struct bl_ringbuf *rb;		/* one of these two */
	struct bl_perfbuf *pb;
};

struct bl_cli_events {
	const struct bl_out *o;
	const struct bl_btf *btf;
	int type_id;			/* of the records; <= 0: none, hex */
	const struct bl_map *header_for; /* the map whose header was printed last */
	int name_width;			/* of the MAP column; 0: none */
	int epoll_fd;			/* holds each reader's epoll fd */
	size_t cnt;
	struct reader r[];
};

struct print_ctx {
	struct bl_cli_events *ev;
	const struct bl_map *map;
};

/* A record as a row of its type's columns; false when it does not fit. */
static bool print_typed(const struct print_ctx *p, int cpu, const void *data, size_t size)
{
	struct bl_cli_events *ev = p->ev;
	FILE *f = ev->o->f;
	uint32_t id = (uint32_t)ev->type_id;
	char *row = NULL;
	size_t n = 0;
	FILE *m;
	int ret;

	if (ev->type_id <= 0)
		return false;
	if (ev->o->json) {
		m = open_memstream(&row, &n);
		if (!m)
			return false;
		ret = bl_btf_value_print(m, ev->btf, id, data, size, BL_BTF_JSON);
		fclose(m);
		if (!ret) {
			fputs("{\"type\":\"event\",\"map\":", f);
			bl_json_str(f, p->map->spec->name);
			if (cpu >= 0)
				fprintf(f, ",\"cpu\":%d", cpu);
			fprintf(f, ",\"size\":%zu,\"data\":", size);
			fwrite(row, 1, n, f);
			fputs("}\n", f);
		}
		free(row);
		return ret == 0;
	}
	m = open_memstream(&row, &n);
	if (!m)
		return false;
	ret = bl_btf_value_row(m, ev->btf, id, data, size);
	fclose(m);
	if (!ret) {
		if (ev->header_for != p->map) {	/* first record, or another map's */
			if (ev->name_width)
				fprintf(f, "%-*s ", ev->name_width, "MAP");
			if (cpu >= 0)
				fputs("CPU ", f);
			bl_btf_value_header(f, ev->btf, id);
			ev->header_for = p->map;
		}
		if (ev->name_width)
			fprintf(f, "%-*s ", ev->name_width, p->map->spec->name);
		if (cpu >= 0)
			fprintf(f, "%-3d ", cpu);
		fwrite(row, 1, n, f);
	}
	free(row);
	return ret == 0;
}

static void print_record(const struct print_ctx *p, int cpu, const void *data, size_t size)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *b = data;
	const struct bl_out *o = p->ev->o;
	FILE *f = o->f;
	char buf[3 * 64];

	if (print_typed(p, cpu, data, size))
		return;
	/* a hex line among rows: the next row gets its header again */
	p->ev->header_for = NULL;

	if (o->json) {
		fputs("{\"type\":\"event\",\"map\":", f);
		bl_json_str(f, p->map->spec->name);
		if (cpu >= 0)
			fprintf(f, ",\"cpu\":%d", cpu);
		fprintf(f, ",\"size\":%zu,\"data\":\"", size);
	} else {
		fprintf(f, "event %s", p->map->spec->name);
		if (cpu >= 0)
			fprintf(f, " cpu %d", cpu);
		fprintf(f, " size %zu:%s", size, size ? " " : "");
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

/* The record type: --event-type NAME, else the one struct event or
 * data_t; a warning when the choice is not clear. */
static void find_type(struct bl_cli_events *ev, const struct bl_object *l,
		      const struct bl_cli_events_opts *opts)
{
	const char *name = opts ? opts->event_type : NULL;
	struct bl_err w;

	ev->btf = l->spec->btf_fixed ? l->spec->btf_fixed : l->spec->btf;
	ev->type_id = bl_btf_event_type(ev->btf, name);
	if (ev->type_id == -EEXIST) {
		bl_err_set(&w, 0, "%s: several structs called event or data_t; records in hex (choose one with --event-type NAME)",
			   l->spec->path);
		bl_print_warning(ev->o, w.msg);
	}
}

struct bl_cli_events *bl_cli_events_open(const struct bl_out *o, struct bl_object *l,
					 const struct bl_cli_events_opts *opts)
{
	struct bl_cli_events *ev = calloc(1, sizeof(*ev) + l->map_cnt * sizeof(ev->r[0]));

	if (!ev)
		return NULL;
	ev->o = o;
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
	find_type(ev, l, opts);
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
		struct print_ctx p = { ev, ev->r[i].map };

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
		fprintf(o->f, "events %s (ringbuf): %llu record%s\n", name,
			(unsigned long long)records, records == 1 ? "" : "s");
	} else {
		fprintf(o->f, "events %s (perf_event_array): %llu record%s, %llu lost%s\n", name,
			(unsigned long long)records, records == 1 ? "" : "s", (unsigned long long)lost,
			lost ? " (the perf buffer was full)" : "");
	}
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
	free(ev);
}
