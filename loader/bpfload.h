/* loader/bpfload.h — the bpfload library: from a BPF object file to
 * programs running in the kernel, and back. One header for users; each
 * layer's own header says more (docs/layout.md).
 *
 *   struct bl_object_spec *spec;               elf/object.h: no syscalls
 *   bl_object_spec_read("prog.bpf.o", &spec, &err);
 *   struct bl_object *obj;                     loader/load/object.h
 *   bl_load(spec, NULL, &obj, &err);           maps created, programs loaded
 *   bl_attach(obj, NULL, &err);                attached by section name
 *   ... read maps (bl_map_for_each), trace_pipe (bl_trace_pipe_*) ...
 *   bl_close(obj);                             detached, every fd closed
 *   bl_object_spec_free(spec);
 *
 * Functions return 0 or a negative errno, and fill err with one line that
 * names the file, the program or map, and what the kernel said.
 */
#ifndef BPFLOAD_H
#define BPFLOAD_H

#include "elf/object.h"
#include "loader/load/object.h"
#include "loader/load/load.h"
#include "loader/attach/attach.h"
#include "loader/output/map_read.h"
#include "loader/output/trace_pipe.h"
#include "loader/output/ringbuf.h"
#include "loader/output/perfbuf.h"
#include "loader/sys/cpus.h"
#include "loader/sys/tracefs.h"

#define BL_VERSION "0.1.0"

/* Detaches (bl_detach), closes every fd and frees obj: what a load
 * gave back, whether it succeeded or not. NULL is a no-op. */
void bl_close(struct bl_object *obj);

#endif
