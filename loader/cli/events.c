/* loader/cli/events.c — `bpfload run`: printing the records programs
 * send through ring buffers (BPF_MAP_TYPE_RINGBUF, loader/ringbuf.c) and
 * perf buffers (BPF_MAP_TYPE_PERF_EVENT_ARRAY, loader/perfbuf.c).
 *
 * Until bpfload reads the records' BTF types, a record is shown as hex,
 * one line each:
 *
 *   event exec_events size 88: 2a 1b 00 00 ...
 *   event open_events cpu 1 size 156: ...
 *   {"type":"event","map":"open_events","cpu":1,"size":156,"data":"2a 1b ..."}
 *
 * At the end, one line per map with the number of records and, for a perf
 * buffer, of the records the kernel dropped because the ring was full
 * (PERF_RECORD_LOST); in JSON a "lost" object when that is not zero. A
 * ring buffer's reader cannot know about the records its program could
 * not reserve: the program has to count them (bpf-progs/exec_ringbuf.bpf.c).
 */
#include "events.h"

#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

struct reader {
	const struct bl_map *map;
	struct bl_ringbuf *rb;		/* one of these two */
	struct bl_perfbuf *pb;
};

struct bl_cli_events {
	const struct bl_out *o;
	int epoll_fd;			/* holds each reader's epoll fd */
	size_t cnt;
	struct reader r[];
};

struct print_ctx {
	const struct bl_out *o;
	const struct bl_map *map;
};

static void print_record(const struct print_ctx *p, int cpu, const void *data, size_t size)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *b = data;
	FILE *f = p->o->f;
	char buf[3 * 64];

	if (p->o->json) {
		fputs("{\"type\":\"event\",\"map\":", f);
		bl_json_str(f, p->map->def->name);
		if (cpu >= 0)
			fprintf(f, ",\"cpu\":%d", cpu);
		fprintf(f, ",\"size\":%zu,\"data\":\"", size);
	} else {
		fprintf(f, "event %s", p->map->def->name);
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
	fputs(p->o->json ? "\"}\n" : "\n", f);
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

static int open_reader(const struct bl_out *o, struct bl_map *m, struct reader *r)
{
	struct bl_err err = { "" }, w;
	int ret;

	r->map = m;
	if (m->def->type == BPF_MAP_TYPE_RINGBUF)
		ret = bl_ringbuf_open(m, &r->rb, &err);
	else
		ret = bl_perfbuf_open(m, NULL, &r->pb, &err);
	if (ret) {
		bl_err_set(&w, 0, "the records of map %s will not be shown: %s", m->def->name,
			   err.msg);
		bl_print_warning(o, w.msg);
	}
	return ret;
}

struct bl_cli_events *bl_cli_events_open(const struct bl_out *o, struct bl_loaded *l)
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
		if (m->fd < 0 || (m->def->type != BPF_MAP_TYPE_RINGBUF &&
				  m->def->type != BPF_MAP_TYPE_PERF_EVENT_ARRAY))
			continue;
		if (open_reader(o, m, r))
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
		struct print_ctx p = { ev->o, ev->r[i].map };

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
	const char *name = r->map->def->name;
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
