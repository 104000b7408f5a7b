/* loader/cli/pid_filter.h — `bpfload run --pid PID` (and --cmd's
 * process): the object's own process filter where it has one, else a
 * filter on what run prints (loader/cli/pid_filter.c). */
#ifndef BL_CLI_PID_FILTER_H
#define BL_CLI_PID_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "loader/cli/output.h"

/* Sets obj's filter variable to pid when obj has one: the first it has
 * of targ_tgid, target_tgid, targ_pid, target_pid, filter_pid, pid_target
 * (pid_filter.c says why these, in this order); *name says which (NULL:
 * none, run filters the output). 0, or BL_EXIT_USAGE after printing why
 * the value was refused. */
int bl_cli_pid_set_var(const struct bl_out *o, struct bl_object_spec *obj, int pid,
		       const char **name);

/* A trace_pipe line's pid column (a thread id) is of process pid: the
 * process itself or one of its threads (/proc/PID/task/TID, while it
 * lives). */
bool bl_cli_pid_trace_match(int line_pid, int pid);

/* The member of type_id (a struct or union of btf) that names a record's
 * process: an integer of 4 or 8 bytes called tgid, else pid. Returns its
 * name, with its byte offset and size; NULL when there is none (or
 * type_id <= 0: records in hex). */
const char *bl_cli_pid_member(const struct bl_btf *btf, int type_id, size_t *off, size_t *size);

/* A record (data, size) of type type_id: true when its process member
 * is pid, or when it has none (records not filtered). */
bool bl_cli_pid_record_match(const struct bl_btf *btf, int type_id, int pid, const void *data,
			     size_t size);

#endif
