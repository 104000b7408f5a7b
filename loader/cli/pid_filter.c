/* loader/cli/pid_filter.c — `bpfload run --pid PID`: only what process
 * PID does (also the pid of --cmd's command, loader/cli/command.c).
 *
 * Where the object has a process filter of its own, a global variable
 * with one of the names BPF tools give it, --pid writes PID into it before
 * the load (bl_object_spec_set_var, elf/vars/data_vars.c; after any
 * --set): a `const volatile` variable of .rodata is then a constant for
 * the verifier, as when the tool's own loader sets it. The names, in the
 * order they are tried (pid_vars[] below), are those of libbpf-tools
 * (iovisor/bcc) and of tools written after them: targ_tgid and
 * target_tgid name the process (thread group) where targ_pid names the
 * thread (opensnoop, runqslower); where there is no *_tgid variable,
 * targ_pid, target_pid, filter_pid and pid_target name the process. Only
 * the first found is set. The object then filters, and run prints what
 * it sends as it is.
 *
 * An object with none of these is filtered on the way out:
 *  - a trace_pipe line is shown when its pid column, the id of the
 *    thread that wrote it (Documentation/trace/ftrace.rst, the TASK-PID
 *    field), is PID or a thread of PID (/proc/PID/task/TID exists when
 *    the line is read); a line not in the usual format is shown;
 *  - a ring or perf buffer record is shown when its type has an integer
 *    member tgid, else pid (4 or 8 bytes), and that member is PID (for
 *    8 bytes, also when its high half is: a whole bpf_get_current_pid_tgid());
 *    records without such a member (or in hex) are all shown, and a
 *    warning says so once (loader/cli/events.c);
 *  - map contents are not filtered.
 */
#include "loader/cli/pid_filter.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "elf/btf/btf.h"
#include "loader/cli/cli.h"

static const char *const pid_vars[] = {
	"targ_tgid", "target_tgid", "targ_pid", "target_pid", "filter_pid", "pid_target",
};

int bl_cli_pid_set_var(const struct bl_out *o, struct bl_object_spec *obj, int pid,
		       const char **name)
{
	char value[16];
	struct bl_var v;
	struct bl_err err;

	*name = NULL;
	snprintf(value, sizeof(value), "%d", pid);
	for (size_t i = 0; i < sizeof(pid_vars) / sizeof(pid_vars[0]); i++) {
		if (bl_object_spec_find_var(obj, pid_vars[i], &v, &err))
			continue;
		if (bl_object_spec_set_var(obj, pid_vars[i], value, &err)) {
			bl_print_error(o, err.msg);
			return BL_EXIT_USAGE;
		}
		*name = pid_vars[i];
		return 0;
	}
	return 0;
}

bool bl_cli_pid_trace_match(int line_pid, int pid)
{
	char path[64];

	if (line_pid == pid)
		return true;
	if (line_pid <= 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/task/%d", pid, line_pid);
	return access(path, F_OK) == 0;
}

/* The member called name of the struct or union t: an integer of 4 or 8
 * bytes, not a bitfield; its offset and size. */
static bool int_member(const struct bl_btf *btf, const struct btf_type *t, const char *name,
		       size_t *off, size_t *size)
{
	const struct btf_member *m = bl_btf_members(t);

	for (unsigned i = 0; i < bl_btf_vlen(t); i++) {
		const struct btf_type *mt;
		uint32_t bits = bl_btf_member_bit_offset(t, &m[i]);

		if (strcmp(bl_btf_name(btf, m[i].name_off), name) != 0)
			continue;
		mt = bl_btf_skip_modifiers(btf, m[i].type, NULL);
		if (!mt || (bl_btf_kind(mt) != BTF_KIND_INT && bl_btf_kind(mt) != BTF_KIND_ENUM) ||
		    (mt->size != 4 && mt->size != 8) || bits % 8 || bl_btf_member_bitfield_size(t, &m[i]))
			return false;
		*off = bits / 8;
		*size = mt->size;
		return true;
	}
	return false;
}

const char *bl_cli_pid_member(const struct bl_btf *btf, int type_id, size_t *off, size_t *size)
{
	const struct btf_type *t;

	if (!btf || type_id <= 0)
		return NULL;
	t = bl_btf_skip_modifiers(btf, (uint32_t)type_id, NULL);
	if (!t || (bl_btf_kind(t) != BTF_KIND_STRUCT && bl_btf_kind(t) != BTF_KIND_UNION))
		return NULL;
	if (int_member(btf, t, "tgid", off, size))
		return "tgid";
	if (int_member(btf, t, "pid", off, size))
		return "pid";
	return NULL;
}

bool bl_cli_pid_record_match(const struct bl_btf *btf, int type_id, int pid, const void *data,
			     size_t size)
{
	size_t off, n;
	uint64_t v = 0;

	if (!bl_cli_pid_member(btf, type_id, &off, &n))
		return true;
	if (off + n > size) /* shorter than its type: shown, in hex */
		return true;
	if (n == 4) {
		uint32_t v32;

		memcpy(&v32, (const char *)data + off, 4);
		v = v32;
	} else {
		memcpy(&v, (const char *)data + off, 8);
		if (v >> 32 == (uint64_t)(uint32_t)pid) /* all of bpf_get_current_pid_tgid() */
			return true;
	}
	return v == (uint64_t)(uint32_t)pid;
}
