/* loader/output/ringbuf.h — BPF ring buffers (Documentation/bpf/ringbuf.rst). */
#ifndef BL_OUTPUT_RINGBUF_H
#define BL_OUTPUT_RINGBUF_H

#include <stddef.h>
#include <stdint.h>

#include "loader/load/object.h"

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

#endif
