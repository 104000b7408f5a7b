/* loader/output/ringbuf.c — reading a BPF ring buffer (BPF_MAP_TYPE_RINGBUF).
 *
 * Kernel documentation: Documentation/bpf/ringbuf.rst; the code is
 * kernel/bpf/ringbuf.c; the record header bits are in
 * include/uapi/linux/bpf.h (BPF_RINGBUF_BUSY_BIT, _DISCARD_BIT, _HDR_SZ).
 *
 * One buffer, shared by every CPU, mapped into our address space with
 * mmap(2) on the map's fd (docs/buffers.md draws it):
 *
 *   offset 0, one page, read-write     the consumer page: consumer_pos
 *   offset page, read-only,            the producer page: producer_pos,
 *     page + 2 * size bytes            then the data area, which the kernel
 *                                      maps twice in a row, so that a record
 *                                      that wraps at the end of the ring is
 *                                      contiguous in memory: no copy.
 *
 * Positions are byte counters that only grow; (pos & (size - 1)) is the
 * offset in the data area. They are the kernel's unsigned long (struct
 * bpf_ringbuf in kernel/bpf/ringbuf.c): 4 bytes on a 32-bit kernel
 * (armv7), where they wrap at 4 GB, so they are compared by their
 * difference in that width; 8 bytes on a 64-bit kernel, also for a
 * 32-bit process running on it (kernel_pos_size). Each record starts with an 8-byte header: a
 * u32 length, whose top bits say BUSY (reserved, not yet submitted) and
 * DISCARD (the program called bpf_ringbuf_discard), and a u32 page
 * offset the kernel uses to find its map; the record takes
 * round_up(8 + length, 8) bytes.
 *
 * The consumer reads records from consumer_pos up to producer_pos, stops
 * at the first BUSY one (records are consumed in order, and a later one
 * may be complete before it), skips DISCARD ones, and then moves
 * consumer_pos forward to give the space back. The producer's side of
 * the protocol (bpf_ringbuf_reserve / _submit) is the mirror image.
 *
 * Waiting: epoll on the map fd, which is readable while records wait.
 * The kernel wakes the consumer when a record is submitted at the
 * position the consumer has reached, i.e. when the consumer had caught
 * up. A consumer that drains everything each time is therefore woken for
 * nearly every record when records come quickly. bl_ringbuf_poll batches
 * instead: after a call that delivered records it waits a little (at
 * most the batch delay, 1 ms by default, and never so long that the ring
 * would be a quarter full at the rate just seen) before looking again.
 */
#include "ringbuf.h"
#include "loader/sys/kernel_version.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

struct bl_ringbuf {
	int map_fd;		/* not ours: the map's */
	int epoll_fd;
	size_t page;
	uint64_t size;		/* data area; a power of 2 (max_entries) */
	void *consumer_pos;	/* in the consumer page (read-write) */
	const void *producer_pos; /* in the producer page (read-only) */
	uint64_t pos_mask;	/* the positions' width: 2^32 - 1 or 2^64 - 1 */
	const unsigned char *data;
	void *prod_map;
	size_t prod_len;
	/* Batching (see the top of the file). */
	uint64_t batch_ns;
	bool busy;		/* the last call delivered records */
	uint64_t pass_ns;	/* when the last pass ended */
	double rate;		/* bytes per ns, as that pass found them */
	uint64_t records;	/* delivered so far */
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Positions: acquire loads and release stores (see consume) at the
 * kernel's width. */
static uint64_t load_pos(const struct bl_ringbuf *rb, const void *pos)
{
	if (rb->pos_mask == UINT32_MAX)
		return __atomic_load_n((const uint32_t *)pos, __ATOMIC_ACQUIRE);
	return __atomic_load_n((const uint64_t *)pos, __ATOMIC_ACQUIRE);
}

static void store_pos(const struct bl_ringbuf *rb, void *pos, uint64_t v)
{
	if (rb->pos_mask == UINT32_MAX)
		__atomic_store_n((uint32_t *)pos, (uint32_t)v, __ATOMIC_RELEASE);
	else
		__atomic_store_n((uint64_t *)pos, v, __ATOMIC_RELEASE);
}

int bl_ringbuf_open(const struct bl_map *map, struct bl_ringbuf **out, struct bl_err *err)
{
	struct bpf_map_info info;
	uint32_t info_len = sizeof(info);
	struct epoll_event ev = { .events = EPOLLIN };
	struct bl_ringbuf *rb;
	const char *name = map->spec->name;
	char eb[16];
	void *p;
	int ret;

	*out = NULL;
	memset(&info, 0, sizeof(info));
	ret = bl_sys_obj_info(map->fd, &info, &info_len);
	if (ret)
		return bl_err_set(err, ret, "ring buffer %s: BPF_OBJ_GET_INFO_BY_FD: %s", name,
				  bl_errno_name(ret, eb));
	if (info.type != BPF_MAP_TYPE_RINGBUF)
		return bl_err_set(err, -EINVAL, "map %s is not a ring buffer (type %u)", name,
				  info.type);
	rb = calloc(1, sizeof(*rb));
	if (!rb)
		return bl_err_set(err, -ENOMEM, "ring buffer %s: out of memory", name);
	rb->map_fd = map->fd;
	rb->epoll_fd = -1;
	rb->page = (size_t)sysconf(_SC_PAGESIZE);
	rb->size = info.max_entries;
	rb->batch_ns = 1000000;
	rb->pos_mask = bl_kernel_long_size() == 4 ? UINT32_MAX : UINT64_MAX;

	/* The consumer page: the only part we may write. */
	p = mmap(NULL, rb->page, PROT_READ | PROT_WRITE, MAP_SHARED, map->fd, 0);
	if (p == MAP_FAILED) {
		ret = -errno;
		bl_err_set(err, ret, "ring buffer %s: mmap of the consumer page: %s", name,
			   bl_errno_name(ret, eb));
		goto fail;
	}
	rb->consumer_pos = p;
	/* The producer page and the data area, twice. */
	rb->prod_len = rb->page + 2 * rb->size;
	p = mmap(NULL, rb->prod_len, PROT_READ, MAP_SHARED, map->fd, (off_t)rb->page);
	if (p == MAP_FAILED) {
		ret = -errno;
		bl_err_set(err, ret, "ring buffer %s: mmap of the producer page and %llu data bytes: %s",
			   name, (unsigned long long)rb->size, bl_errno_name(ret, eb));
		goto fail;
	}
	rb->prod_map = p;
	rb->producer_pos = p;
	rb->data = (const unsigned char *)p + rb->page;

	rb->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (rb->epoll_fd < 0 || epoll_ctl(rb->epoll_fd, EPOLL_CTL_ADD, map->fd, &ev)) {
		ret = -errno;
		bl_err_set(err, ret, "ring buffer %s: epoll: %s", name, bl_errno_name(ret, eb));
		goto fail;
	}
	*out = rb;
	return 0;
fail:
	bl_ringbuf_free(rb);
	return ret;
}

void bl_ringbuf_free(struct bl_ringbuf *rb)
{
	if (!rb)
		return;
	if (rb->consumer_pos)
		munmap(rb->consumer_pos, rb->page);
	if (rb->prod_map)
		munmap(rb->prod_map, rb->prod_len);
	if (rb->epoll_fd >= 0)
		close(rb->epoll_fd);
	free(rb);
}

int bl_ringbuf_fd(const struct bl_ringbuf *rb)
{
	return rb->epoll_fd;
}

uint64_t bl_ringbuf_records(const struct bl_ringbuf *rb)
{
	return rb->records;
}

void bl_ringbuf_set_batch(struct bl_ringbuf *rb, unsigned usec)
{
	rb->batch_ns = (uint64_t)usec * 1000;
}

/* Memory ordering. The producer (another CPU, in the kernel) writes a
 * record, then publishes it: bpf_ringbuf_reserve advances producer_pos
 * with smp_store_release, and bpf_ringbuf_submit clears BUSY in the
 * header with xchg (a full barrier). We read producer_pos and then each
 * header with acquire loads: what the producer wrote before publishing
 * is then visible to our later reads of the record. When we are done
 * with a record we advance consumer_pos with a release store: our reads
 * of the record complete before the producer can see the space free and
 * reuse it. On x86 these are plain moves (the hardware keeps this
 * order); on arm64 they become LDAR and STLR. Plain loads and stores
 * would let an arm64 CPU read a record's bytes before its header said
 * it was complete, or let the producer overwrite it while we read it. */
static int consume(struct bl_ringbuf *rb, bl_ringbuf_fn fn, void *ctx, uint64_t *bytes)
{
	uint64_t cons = load_pos(rb, rb->consumer_pos); /* ours */
	uint64_t start = cons, released = cons, mask = rb->size - 1, w = rb->pos_mask;
	int n = 0, ret = 0;

	for (;;) {
		uint64_t prod = load_pos(rb, rb->producer_pos);

		/* At most one ring's worth per call: a producer faster than
		 * the callbacks must not keep the caller here forever.
		 * Differences in the positions' width: they may wrap. */
		if (((prod - cons) & w) == 0 || ((cons - start) & w) >= rb->size)
			break;
		while (((prod - cons) & w) != 0) {
			const uint32_t *hdr = (const uint32_t *)(rb->data + (cons & mask));
			uint32_t len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
			uint32_t size = len & ~(uint32_t)(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);

			if (len & BPF_RINGBUF_BUSY_BIT)
				goto out; /* reserved, not yet submitted: next time */
			cons += (size + BPF_RINGBUF_HDR_SZ + 7) & ~7ull;
			if (!(len & BPF_RINGBUF_DISCARD_BIT)) {
				n++;
				/* hdr + 2: the data, contiguous even when it wraps */
				ret = fn(hdr + 2, size, ctx);
				if (ret < 0)
					goto out;
			}
			/* Give space back now and then during a long pass. */
			if (((cons - released) & w) >= rb->size / 4) {
				store_pos(rb, rb->consumer_pos, cons);
				released = cons;
			}
		}
	}
out:
	if (cons != released)
		store_pos(rb, rb->consumer_pos, cons);
	rb->records += (uint64_t)n;
	*bytes = (cons - start) & w;
	return ret < 0 ? ret : n;
}

int bl_ringbuf_consume(struct bl_ringbuf *rb, bl_ringbuf_fn fn, void *ctx)
{
	uint64_t bytes;

	return consume(rb, fn, ctx, &bytes);
}

/* How long to let records accumulate before looking: the batch delay,
 * cut so that at the rate of the last pass the ring stays under a
 * quarter full. */
static uint64_t batch_wait_ns(const struct bl_ringbuf *rb)
{
	uint64_t wait = rb->batch_ns;

	if (!rb->busy || !wait)
		return 0;
	if (rb->rate > 0 && (double)(rb->size / 4) / rb->rate < (double)wait)
		wait = (uint64_t)((double)(rb->size / 4) / rb->rate);
	return wait;
}

int bl_ringbuf_poll(struct bl_ringbuf *rb, int timeout_ms, bl_ringbuf_fn fn, void *ctx)
{
	uint64_t wait = timeout_ms ? batch_wait_ns(rb) : 0, bytes = 0, end;
	struct epoll_event ev;
	int n;

	if (timeout_ms > 0 && wait > (uint64_t)timeout_ms * 1000000)
		wait = (uint64_t)timeout_ms * 1000000;
	if (wait) {
		struct timespec ts = { (time_t)(wait / 1000000000), (long)(wait % 1000000000) };

		if (nanosleep(&ts, NULL) && errno == EINTR)
			return 0; /* a signal: let the caller look at it */
		if (timeout_ms > 0)
			timeout_ms -= (int)(wait / 1000000);
	}
	n = consume(rb, fn, ctx, &bytes);
	if (n == 0 && timeout_ms != 0) {
		/* Nothing there: sleep until the kernel says a record came. */
		if (epoll_wait(rb->epoll_fd, &ev, 1, timeout_ms) < 0)
			return errno == EINTR ? 0 : -errno;
		n = consume(rb, fn, ctx, &bytes);
	}
	end = now_ns();
	if (n > 0 && rb->pass_ns && end > rb->pass_ns)
		rb->rate = (double)bytes / (double)(end - rb->pass_ns);
	rb->busy = n > 0;
	rb->pass_ns = end;
	return n;
}
