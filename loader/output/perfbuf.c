/* loader/output/perfbuf.c — reading a perf buffer: the records BPF programs
 * send with bpf_perf_event_output into a BPF_MAP_TYPE_PERF_EVENT_ARRAY.
 *
 * Kernel documentation: the perf_event_open(2) man page (the mmap layout,
 * "MMAP layout", and the record types), include/uapi/linux/perf_event.h
 * (struct perf_event_mmap_page, PERF_RECORD_SAMPLE, PERF_RECORD_LOST),
 * kernel/trace/bpf_trace.c (bpf_perf_event_output) and
 * kernel/events/ring_buffer.c (the producer).
 *
 * The map holds one perf event per CPU; the program's
 * bpf_perf_event_output(ctx, &map, BPF_F_CURRENT_CPU, data, size) writes
 * into the ring of the event at key = the current CPU. So for each
 * possible CPU this file
 *   1. opens a software event PERF_COUNT_SW_BPF_OUTPUT on that CPU, for
 *      every process (pid -1), sampling raw data (PERF_SAMPLE_RAW),
 *      disabled for now; a CPU that is possible but offline gives ENODEV
 *      and is skipped;
 *   2. maps 1 + 2^n pages of it: the first is struct perf_event_mmap_page
 *      (data_head, written by the kernel; data_tail, written by us), the
 *      rest the ring. Mapped writable, the kernel never overwrites what
 *      we have not read: when the ring is full it drops records and
 *      later writes one PERF_RECORD_LOST saying how many;
 *   3. stores the event's fd in the map at key cpu (BPF_MAP_UPDATE_ELEM)
 *      and enables it (PERF_EVENT_IOC_ENABLE).
 * The system calls of 1 and 3 are loader/sys/sys.h's
 * (bl_sys_perf_bpf_output_open, bl_sys_perf_event_enable).
 *
 * Records are struct perf_event_header (type, misc, size) then, for
 * PERF_RECORD_SAMPLE with PERF_SAMPLE_RAW, a u32 size and the data. The
 * kernel pads the data so that the u32 and the data end on 8 bytes: a
 * program's 64-byte record arrives as 68 bytes, the last 4 zero. Unlike
 * the BPF ring buffer, the ring is mapped once: a record that wraps at
 * the end is copied into a buffer to be handed out in one piece.
 *
 * Wake-ups: the kernel wakes the reader when wakeup_watermark bytes have
 * been written since the last wake-up (attr.watermark = 1), here a
 * quarter of the ring by default, instead of for every record
 * (wakeup_events = 1, what libbpf asks for). A poll's timeout drains the
 * rings anyway, so a record waits at most that long.
 */
#include "perfbuf.h"
#include "loader/sys/cpus.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <unistd.h>

#define BL_PERFBUF_DEFAULT_PAGES 64

struct bl_perfbuf_cpu {
	int cpu;
	int fd;			/* the perf event; -1 for an offline CPU */
	struct perf_event_mmap_page *meta;
	unsigned char *data;
	uint64_t size;		/* of the ring, a power of 2 */
	uint64_t lost;
	uint64_t records;
};

struct bl_perfbuf {
	int map_fd;		/* not ours: the map's */
	int epoll_fd;
	size_t page;
	size_t map_len;		/* (1 + pages) * page size, each CPU */
	struct bl_perfbuf_cpu *cpus;
	int cpu_cnt;		/* possible CPUs that have a slot in the map */
	int online_cnt;
	unsigned char *copy;	/* for records that wrap; 64 KiB, the largest */
};

struct perf_sample_raw {
	struct perf_event_header header;
	uint32_t size;
	unsigned char data[];
};

struct perf_lost {
	struct perf_event_header header;
	uint64_t id;
	uint64_t lost;
};

static int open_cpu(struct bl_perfbuf *pb, struct bl_perfbuf_cpu *c, uint32_t watermark,
		    const char *name, struct bl_err *err)
{
	struct epoll_event ev = { .events = EPOLLIN };
	uint32_t key = (uint32_t)c->cpu;
	char eb[16];
	void *p;
	int ret;

	c->fd = bl_sys_perf_bpf_output_open(c->cpu, true, watermark);
	if (c->fd == -ENODEV) { /* possible but offline */
		c->fd = -1;
		return 0;
	}
	if (c->fd < 0) {
		ret = c->fd;
		c->fd = -1;
		return bl_err_set(err, ret, "perf buffer %s: perf_event_open on CPU %d: %s%s", name,
				  c->cpu, bl_errno_name(ret, eb),
				  ret == -EACCES || ret == -EPERM ?
					  " (needs root or CAP_PERFMON, or kernel.perf_event_paranoid <= 0)" : "");
	}
	p = mmap(NULL, pb->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd, 0);
	if (p == MAP_FAILED) {
		ret = -errno;
		return bl_err_set(err, ret, "perf buffer %s: mmap of %zu bytes on CPU %d: %s%s", name,
				  pb->map_len, c->cpu, bl_errno_name(ret, eb),
				  ret == -EPERM ? " (over the perf_event_mlock_kb limit?)" : "");
	}
	c->meta = p;
	/* data_offset and data_size exist since Linux 4.1; before, the ring
	 * starts at the second page. */
	c->data = (unsigned char *)p + (c->meta->data_offset ? c->meta->data_offset : pb->page);
	c->size = c->meta->data_size ? c->meta->data_size : pb->map_len - pb->page;
	ret = bl_sys_map_update(pb->map_fd, &key, &c->fd, BPF_ANY);
	if (ret)
		return bl_err_set(err, ret, "perf buffer %s: BPF_MAP_UPDATE_ELEM of CPU %d's event: %s",
				  name, c->cpu, bl_errno_name(ret, eb));
	ev.data.u32 = (uint32_t)(c - pb->cpus);
	if (epoll_ctl(pb->epoll_fd, EPOLL_CTL_ADD, c->fd, &ev)) {
		ret = -errno;
		return bl_err_set(err, ret, "perf buffer %s: epoll: %s", name, bl_errno_name(ret, eb));
	}
	if ((ret = bl_sys_perf_event_enable(c->fd))) {
		return bl_err_set(err, ret, "perf buffer %s: PERF_EVENT_IOC_ENABLE on CPU %d: %s",
				  name, c->cpu, bl_errno_name(ret, eb));
	}
	pb->online_cnt++;
	return 0;
}

int bl_perfbuf_open(const struct bl_map *map, const struct bl_perfbuf_opts *opts,
		    struct bl_perfbuf **out, struct bl_err *err)
{
	struct bpf_map_info info;
	uint32_t info_len = sizeof(info);
	unsigned pages = opts && opts->pages ? opts->pages : BL_PERFBUF_DEFAULT_PAGES;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uint32_t watermark;
	const char *name = map->spec->name;
	struct bl_perfbuf *pb;
	char eb[16];
	int *cpu, cpus, ret;

	*out = NULL;
	if (pages & (pages - 1))
		return bl_err_set(err, -EINVAL, "perf buffer %s: %u pages is not a power of 2", name,
				  pages);
	memset(&info, 0, sizeof(info));
	ret = bl_sys_obj_info(map->fd, &info, &info_len);
	if (ret)
		return bl_err_set(err, ret, "perf buffer %s: BPF_OBJ_GET_INFO_BY_FD: %s", name,
				  bl_errno_name(ret, eb));
	if (info.type != BPF_MAP_TYPE_PERF_EVENT_ARRAY)
		return bl_err_set(err, -EINVAL, "map %s is not a perf event array (type %u)", name,
				  info.type);
	/* One ring per possible CPU, at key = its number; CPUs past the
	 * map's size cannot be written to and are left out. */
	if (info.max_entries == 0)
		return bl_err_set(err, -EINVAL, "perf buffer %s: the map has no slot", name);
	cpu = calloc(info.max_entries, sizeof(*cpu));
	if (!cpu)
		return bl_err_set(err, -ENOMEM, "perf buffer %s: out of memory", name);
	cpus = bl_possible_cpu_ids(cpu, info.max_entries > INT_MAX ? INT_MAX : (int)info.max_entries);
	if (cpus < 0) {
		free(cpu);
		return bl_err_set(err, cpus, "perf buffer %s: cannot read the possible CPUs", name);
	}
	watermark = opts && opts->watermark ? opts->watermark : (uint32_t)(pages * page / 4);
	if (watermark > pages * page)
		watermark = (uint32_t)(pages * page);

	pb = calloc(1, sizeof(*pb));
	if (!pb || !(pb->cpus = calloc((size_t)cpus, sizeof(*pb->cpus)))) {
		free(pb);
		free(cpu);
		return bl_err_set(err, -ENOMEM, "perf buffer %s: out of memory", name);
	}
	pb->map_fd = map->fd;
	pb->page = page;
	pb->map_len = (1 + (size_t)pages) * page;
	pb->cpu_cnt = cpus;
	for (int i = 0; i < cpus; i++) {
		pb->cpus[i].cpu = cpu[i];
		pb->cpus[i].fd = -1;
	}
	free(cpu);
	pb->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (pb->epoll_fd < 0) {
		ret = -errno;
		bl_err_set(err, ret, "perf buffer %s: epoll_create1: %s", name, bl_errno_name(ret, eb));
		goto fail;
	}
	for (int i = 0; i < cpus; i++) {
		ret = open_cpu(pb, &pb->cpus[i], watermark, name, err);
		if (ret)
			goto fail;
	}
	if (pb->online_cnt == 0) {
		ret = bl_err_set(err, -ENODEV, "perf buffer %s: no CPU is online", name);
		goto fail;
	}
	*out = pb;
	return 0;
fail:
	bl_perfbuf_free(pb);
	return ret;
}

void bl_perfbuf_free(struct bl_perfbuf *pb)
{
	if (!pb)
		return;
	for (int i = 0; i < pb->cpu_cnt; i++) {
		struct bl_perfbuf_cpu *c = &pb->cpus[i];
		uint32_t key = (uint32_t)c->cpu;

		if (c->fd < 0)
			continue;
		/* The map holds a reference to the event: take it out, or
		 * it lives (and takes records) as long as the map. */
		bl_sys_map_delete(pb->map_fd, &key);
		bl_sys_perf_event_disable(c->fd);
		if (c->meta)
			munmap(c->meta, pb->map_len);
		close(c->fd);
	}
	if (pb->epoll_fd >= 0)
		close(pb->epoll_fd);
	free(pb->copy);
	free(pb->cpus);
	free(pb);
}

int bl_perfbuf_fd(const struct bl_perfbuf *pb)
{
	return pb->epoll_fd;
}

int bl_perfbuf_cpu_count(const struct bl_perfbuf *pb)
{
	return pb->online_cnt;
}

uint64_t bl_perfbuf_lost(const struct bl_perfbuf *pb)
{
	uint64_t n = 0;

	for (int i = 0; i < pb->cpu_cnt; i++)
		n += pb->cpus[i].lost;
	return n;
}

uint64_t bl_perfbuf_records(const struct bl_perfbuf *pb)
{
	uint64_t n = 0;

	for (int i = 0; i < pb->cpu_cnt; i++)
		n += pb->cpus[i].records;
	return n;
}

/* Memory ordering, as perf_event_open(2) asks: data_head is read with
 * an acquire load (the man page's rmb() after reading it), so that the
 * records the kernel wrote before moving data_head are visible to the
 * reads that follow; data_tail is written with a release store (the
 * man page's mb() before writing it), so that our reads of the records
 * are complete before the kernel may overwrite them. On arm64 these are
 * LDAR and STLR; on x86 plain moves. */
static int consume_cpu(struct bl_perfbuf *pb, struct bl_perfbuf_cpu *c, bl_perfbuf_fn fn,
		       bl_perfbuf_lost_fn lost_fn, void *ctx)
{
	uint64_t tail = c->meta->data_tail, mask = c->size - 1; /* only we write data_tail */
	uint64_t head = __atomic_load_n(&c->meta->data_head, __ATOMIC_ACQUIRE), start = tail;
	int n = 0, ret = 0;

	while (tail < head) {
		uint64_t off = tail & mask;
		/* Records are multiples of 8 bytes and the ring a power of 2
		 * pages: the 8-byte header itself never wraps. */
		const struct perf_event_header *h = (const void *)(c->data + off);
		size_t len = h->size;

		if (len < sizeof(*h) || len > head - tail)
			break; /* cannot be: the ring is corrupt; stop here */
		if (off + len > c->size) {
			/* Wraps at the end: copy the two parts into one piece. */
			size_t first = c->size - off;

			if (!pb->copy && !(pb->copy = malloc(65536))) {
				ret = -ENOMEM;
				break;
			}
			memcpy(pb->copy, h, first);
			memcpy(pb->copy + first, c->data, len - first);
			h = (const void *)pb->copy;
		}
		tail += len;
		if (h->type == PERF_RECORD_SAMPLE && len >= sizeof(struct perf_sample_raw)) {
			const struct perf_sample_raw *s = (const void *)h;
			size_t size = s->size;

			if (size > len - sizeof(*s))
				size = len - sizeof(*s);
			n++;
			c->records++;
			ret = fn(c->cpu, s->data, size, ctx);
			if (ret < 0)
				break;
		} else if (h->type == PERF_RECORD_LOST && len >= sizeof(struct perf_lost)) {
			const struct perf_lost *l = (const void *)h;

			c->lost += l->lost;
			if (lost_fn)
				lost_fn(c->cpu, l->lost, ctx);
		}
		/* Other record types (none are expected here) are skipped. */
		if (tail == head && tail - start < c->size) /* more may have come */
			head = __atomic_load_n(&c->meta->data_head, __ATOMIC_ACQUIRE);
	}
	__atomic_store_n(&c->meta->data_tail, tail, __ATOMIC_RELEASE);
	return ret < 0 ? ret : n;
}

int bl_perfbuf_consume(struct bl_perfbuf *pb, bl_perfbuf_fn fn, bl_perfbuf_lost_fn lost_fn,
		       void *ctx)
{
	int total = 0;

	for (int i = 0; i < pb->cpu_cnt; i++) {
		int n;

		if (pb->cpus[i].fd < 0)
			continue;
		n = consume_cpu(pb, &pb->cpus[i], fn, lost_fn, ctx);
		if (n < 0)
			return n;
		total += n;
	}
	return total;
}

int bl_perfbuf_poll(struct bl_perfbuf *pb, int timeout_ms, bl_perfbuf_fn fn,
		    bl_perfbuf_lost_fn lost_fn, void *ctx)
{
	struct epoll_event ev[16];

	/* A ring past its watermark wakes us; on a timeout every ring is
	 * drained too, so that records under the watermark still come. */
	if (timeout_ms != 0 && epoll_wait(pb->epoll_fd, ev, 16, timeout_ms) < 0 && errno != EINTR)
		return -errno;
	return bl_perfbuf_consume(pb, fn, lost_fn, ctx);
}
