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
 *
 * Alternatives (docs/alternatives.md): programs of one object that
 * implement one event by different mechanisms (tp_btf/X, raw_tp/X,
 * tracepoint/CAT/X; fentry/F, kprobe/F; fexit/F, kretprobe/F) form a
 * group (spec->alt_groups, elf/alternatives.h). bl_load tries them all
 * and chooses, per group, the most preferred mechanism whose programs
 * loaded; a member that failed to load while its group has a choice is
 * no failure (its bl_prog.alt is BL_ALT_UNUSED; bl_prog_failed() is
 * false, bl_object_usable() tells whether the whole load is). bl_attach
 * attaches only the chosen programs of each group, or the next
 * mechanism's when the kernel cannot take them here
 * (bl_attach_unavailable; the refusal in bl_prog.attach_error);
 * obj->alts[g] says what was chosen and attached. bl_load_opts
 * .all_alternatives, or only_progs, turns the rule off.
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
#include "loader/output/iter_read.h"
#include "loader/sys/cpus.h"
#include "loader/sys/tracefs.h"

#define BL_VERSION "0.1.0"

/* Detaches (bl_detach), closes every fd and frees obj: what a load
 * gave back, whether it succeeded or not. NULL is a no-op. */
void bl_close(struct bl_object *obj);

#endif
