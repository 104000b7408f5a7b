/* loader/load/btf_load.c — the object's BTF into the kernel: BPF_BTF_LOAD.
 *
 * include/uapi/linux/bpf.h (BPF_BTF_LOAD: attr.btf, btf_size,
 * btf_log_buf, btf_log_size, btf_log_level) and Documentation/bpf/btf.rst,
 * "3.1 BPF_BTF_LOAD": the kernel checks the whole .BTF section and
 * returns an fd. Maps then name their key and value types by id in it
 * (BPF_MAP_CREATE btf_fd, btf_key_type_id, btf_value_type_id), and
 * programs their functions and source lines (BPF_PROG_LOAD prog_btf_fd,
 * func_info, line_info), which the verifier needs for global functions
 * and uses in its log.
 *
 * What is loaded is bl_object_spec.btf_fixed (elf/read/btf_fixup.c: DATASEC sizes
 * and offsets filled in). If the kernel refuses it, the BTF kind probes
 * of the feature table (loader/sys/features.h, bl_btf_missing_features:
 * a tiny BTF of each newer kind, run once per process) say what this
 * kernel lacks and the object's BTF is loaded again with those kinds
 * rewritten (btf_sanitize.c). If that fails too, the load
 * goes on without BTF, as libbpf's does, with one warning that quotes the
 * last line of the kernel's log (bl_object.btf_log keeps all of it):
 * plain maps and programs do not need BTF.
 */
#include "internal.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf/btf/btf.h"

#define LOG_START (64u << 10)
#define LOG_CAP ((16u << 20) - 1)

/* BPF_BTF_LOAD with a log (grown on ENOSPC); *log is malloc'd. */
static int load_with_log(const void *data, size_t len, char **log)
{
	uint32_t size = LOG_START;
	int fd;

	for (;;) {
		char *buf = realloc(*log, size);

		if (!buf)
			return -ENOMEM;
		*log = buf;
		memset(buf, 0, size);	/* for valgrind: see prog_load.c */
		fd = bl_sys_btf_load(data, (uint32_t)len, buf, size, 1);
		if (fd != -ENOSPC || size == LOG_CAP)
			return fd;
		size = size > LOG_CAP / 2 ? LOG_CAP : size * 2;
	}
}

/* The last line of the log that says something: where the kernel stopped. */
static const char *last_line(char *log, size_t *n)
{
	char *end = log + strlen(log), *start;

	while (end > log && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	start = end;
	while (start > log && start[-1] != '\n')
		start--;
	*n = (size_t)(end - start);
	return start;
}

static int load(struct bl_object *l, const void *data, size_t len, unsigned missing)
{
	char *log = NULL, eb[16];
	const char *line;
	size_t n;
	int fd = bl_sys_btf_load(data, (uint32_t)len, NULL, 0, 0);

	if (fd >= 0 || fd == -ENOMEM)
		return fd;
	fd = load_with_log(data, len, &log);
	if (fd >= 0 || fd == -ENOMEM) {
		free(log);
		return fd;
	}
	line = last_line(log ? log : (char *)"", &n);
	bl_warn(l, "%s: BPF_BTF_LOAD refused the object's BTF%s: %s%s%.*s; going on without BTF (map types, func_info and line_info are not passed)",
		l->spec->path, missing ? " rewritten for this kernel" : "",
		bl_errno_name(-fd, eb), n ? ": " : "", (int)n, line);
	free(l->btf_log);
	l->btf_log = log; /* the whole log, for bpfload verify */
	return fd;
}

int bl_load_btf(struct bl_object *l, struct bl_err *err)
{
	const struct bl_btf *btf = l->spec->btf_fixed;
	unsigned missing;
	const void *raw;
	void *copy;
	size_t len;
	int fd;

	l->btf_fd = -1;
	if (!btf)
		return 0;
	raw = bl_btf_raw(btf, &len);
	fd = bl_sys_btf_load(raw, (uint32_t)len, NULL, 0, 0);
	if (fd < 0 && fd != -ENOMEM) {
		missing = bl_btf_missing_features();
		if (missing && bl_btf_sanitize(btf, missing, &copy, &len) == 0) {
			fd = load(l, copy, len, missing);
			free(copy);
		} else {
			fd = load(l, raw, len, 0); /* for the log and the warning */
		}
	}
	if (fd == -ENOMEM)
		return bl_err_set(err, fd, "%s: BPF_BTF_LOAD: out of memory", l->spec->path);
	l->btf_fd = fd >= 0 ? fd : -1;
	return 0;
}
