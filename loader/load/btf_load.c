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
 * and offsets filled in). If the kernel refuses it, a tiny BTF of each
 * newer kind finds out what this kernel lacks (as libbpf's
 * kernel_supports() probes do) and the object's BTF is loaded again with
 * those kinds rewritten (btf_sanitize.c). If that fails too, the load
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

#define INFO(kind, vlen) ((uint32_t)(kind) << 24 | (uint32_t)(vlen))

/* A BTF of a few types, written word by word: a header, the types, then
 * the strings. */
struct tiny {
	struct btf_header h;
	uint32_t types[32];
};

static int load_tiny(const uint32_t *types, size_t words, const char *strs, size_t str_len)
{
	struct tiny t;
	unsigned char buf[sizeof(t) + 64];
	int fd;

	memset(&t, 0, sizeof(t));
	t.h.magic = BTF_MAGIC;
	t.h.version = BTF_VERSION;
	t.h.hdr_len = sizeof(t.h);
	t.h.type_len = (uint32_t)(words * 4);
	t.h.str_off = t.h.type_len;
	t.h.str_len = (uint32_t)str_len;
	memcpy(buf, &t.h, sizeof(t.h));
	memcpy(buf + sizeof(t.h), types, words * 4);
	memcpy(buf + sizeof(t.h) + words * 4, strs, str_len);
	fd = bl_sys_btf_load(buf, (uint32_t)(sizeof(t.h) + words * 4 + str_len), NULL, 0, 0);
	if (fd >= 0)
		close(fd);
	return fd;
}

/* Strings of every probe: "\0int\0x\0a\0.data\0float\0tag\0e\0" */
static const char probe_strs[] = "\0int\0x\0a\0.data\0float\0tag\0e";
enum { S_INT = 1, S_X = 5, S_A = 7, S_DATA = 9, S_FLOAT = 15, S_TAG = 21, S_E = 25 };

/* [1] int: INT, 4 bytes, signed, 32 bits. */
#define INT_WORDS S_INT, INFO(BTF_KIND_INT, 0), 4, (1u << 24) | 32

static bool accepted(const uint32_t *types, size_t words)
{
	return load_tiny(types, words, probe_strs, sizeof(probe_strs)) >= 0;
}

#define ACCEPTED(...) \
	accepted((const uint32_t[]){ __VA_ARGS__ }, sizeof((uint32_t[]){ __VA_ARGS__ }) / 4)

unsigned bl_btf_missing_features(void)
{
	unsigned missing = 0;

	/* int x(int a): FUNC_PROTO [2], FUNC [3] */
	if (!ACCEPTED(INT_WORDS, 0, INFO(BTF_KIND_FUNC_PROTO, 1), 1, S_A, 1,
		      S_X, INFO(BTF_KIND_FUNC, BTF_FUNC_STATIC), 2))
		missing |= BL_BTF_FUNC | BL_BTF_GLOBAL_FUNC;
	else if (!ACCEPTED(INT_WORDS, 0, INFO(BTF_KIND_FUNC_PROTO, 1), 1, S_A, 1,
			   S_X, INFO(BTF_KIND_FUNC, BTF_FUNC_GLOBAL), 2))
		missing |= BL_BTF_GLOBAL_FUNC;
	/* static int x in .data: VAR [2], DATASEC [3] */
	if (!ACCEPTED(INT_WORDS, S_X, INFO(BTF_KIND_VAR, 0), 1, BTF_VAR_STATIC,
		      S_DATA, INFO(BTF_KIND_DATASEC, 1), 4, 2, 0, 4))
		missing |= BL_BTF_DATASEC;
	if (!ACCEPTED(S_FLOAT, INFO(BTF_KIND_FLOAT, 0), 4))
		missing |= BL_BTF_FLOAT;
	/* int x with a tag: VAR [2], DECL_TAG [3] on it (component_idx -1) */
	if (!ACCEPTED(INT_WORDS, S_X, INFO(BTF_KIND_VAR, 0), 1, BTF_VAR_STATIC,
		      S_TAG, INFO(BTF_KIND_DECL_TAG, 0), 2, (uint32_t)-1))
		missing |= BL_BTF_DECL_TAG;
	/* int __tag *: TYPE_TAG [2], PTR [3] */
	if (!ACCEPTED(INT_WORDS, S_TAG, INFO(BTF_KIND_TYPE_TAG, 0), 1,
		      0, INFO(BTF_KIND_PTR, 0), 2))
		missing |= BL_BTF_TYPE_TAG;
	/* enum e { a = 1ull << 32 }: ENUM64 [1] */
	if (!ACCEPTED(S_E, INFO(BTF_KIND_ENUM64, 1), 8, S_A, 0, 1))
		missing |= BL_BTF_ENUM64;
	return missing;
}

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
