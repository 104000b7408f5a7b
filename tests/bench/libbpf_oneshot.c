/* tests/bench/libbpf_oneshot.c — the libbpf peer of the load benchmark
 * (tests/bench/load.c, docs/performance.md#loading): a one-shot tool
 * built on Debian's libbpf (1.1), as small as such a tool gets. Built
 * twice, against libbpf.so and statically against libbpf.a, to stand
 * beside the dynamic and the static bpfload.
 *
 *   libbpf_oneshot load OBJ
 *       bpf_object__open_file, bpf_object__load (BTF, maps, CO-RE,
 *       programs: what `bpfload verify OBJ` does), bpf_object__close.
 *   libbpf_oneshot first OBJ NAME
 *       The same, then bpf_program__attach for every program, then a
 *       ring buffer reader (ring_buffer__new) on the map "events"; polls
 *       until a record holding the bytes of NAME arrives (the openat(2)
 *       of NAME that load.c keeps making), prints "first event", and
 *       exits, destroying the links: what `bpfload run OBJ` does up to
 *       its first record.
 *
 * Exits 0, or 1 with one line on stderr naming what failed. libbpf's
 * own messages are silenced (LIBBPF_DEBUG=1 shows them).
 */
#define _GNU_SOURCE
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

struct first {
	const char *name;
	size_t len;
	bool seen;
};

static int on_record(void *ctx, void *data, size_t size)
{
	struct first *f = ctx;

	if (memmem(data, size, f->name, f->len)) {
		f->seen = true;
		return 1;	/* stop ring_buffer__poll */
	}
	return 0;
}

static int first_event(struct bpf_object *obj, const char *path, const char *name)
{
	struct bpf_link *links[16];
	struct ring_buffer *rb = NULL;
	struct first f = { name, strlen(name), false };
	struct bpf_program *p;
	struct bpf_map *events;
	int n = 0, ret = 0;

	bpf_object__for_each_program(p, obj) {
		if (n == (int)(sizeof(links) / sizeof(links[0])))
			break;
		links[n] = bpf_program__attach(p);
		if (!links[n]) {
			ret = -errno;
			fprintf(stderr, "libbpf_oneshot: %s: %s: attach failed: %s\n", path,
				bpf_program__name(p), strerror(errno));
			goto out;
		}
		n++;
	}
	events = bpf_object__find_map_by_name(obj, "events");
	if (events)
		rb = ring_buffer__new(bpf_map__fd(events), on_record, &f, NULL);
	if (!rb) {
		ret = -ENOENT;
		fprintf(stderr, "libbpf_oneshot: %s: no ring buffer map \"events\"\n", path);
		goto out;
	}
	while (!f.seen) {
		ret = ring_buffer__poll(rb, 100);
		if (ret < 0 && ret != -EINTR) {
			fprintf(stderr, "libbpf_oneshot: %s: ring_buffer__poll: %s\n", path,
				strerror(-ret));
			goto out;
		}
	}
	ret = 0;
	printf("first event\n");
	fflush(stdout);
out:
	ring_buffer__free(rb);
	while (n--)
		bpf_link__destroy(links[n]);
	return ret;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	const char *dbg = getenv("LIBBPF_DEBUG");
	bool first = argc == 4 && !strcmp(argv[1], "first");
	int ret;

	if (!(argc == 3 && !strcmp(argv[1], "load")) && !first) {
		fprintf(stderr, "usage: libbpf_oneshot load OBJ | first OBJ NAME\n");
		return 2;
	}
	if (!dbg || !*dbg || !strcmp(dbg, "0"))
		libbpf_set_print(quiet);
	obj = bpf_object__open_file(argv[2], NULL);
	if (!obj) {
		fprintf(stderr, "libbpf_oneshot: %s: cannot open: %s\n", argv[2], strerror(errno));
		return 1;
	}
	ret = bpf_object__load(obj);
	if (ret)
		fprintf(stderr, "libbpf_oneshot: %s: load failed: %s\n", argv[2], strerror(-ret));
	else if (first)
		ret = first_event(obj, argv[2], argv[3]);
	bpf_object__close(obj);
	return ret ? 1 : 0;
}
