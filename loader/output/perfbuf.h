/* loader/output/perfbuf.h — perf buffers (perf_event_open(2), bpf_perf_event_output). */
#ifndef BL_OUTPUT_PERFBUF_H
#define BL_OUTPUT_PERFBUF_H

#include <stddef.h>
#include <stdint.h>

#include "loader/load/object.h"

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
