/* loader/load/kconfig.c — the values of .kconfig externs (elf/read/externs.c).
 *
 * The ".kconfig" map is filled once it exists, then frozen (it is
 * BPF_F_RDONLY_PROG, so the verifier reads it as constants), with what
 * libbpf puts there (bpf_object__resolve_externs in src/libbpf.c):
 *
 *   LINUX_KERNEL_VERSION       KERNEL_VERSION(a, b, c) of uname's release,
 *                              c capped at 255 (kernel_version.c)
 *   LINUX_HAS_SYSCALL_WRAPPER  1 when system calls are entered through
 *                              the arch's wrappers (__x64_sys_bpf in
 *                              /proc/kallsyms); libbpf creates a kprobe to
 *                              find out, the symbol says the same
 *   LINUX_HAS_BPF_COOKIE       1 when the kernel knows the helper
 *                              bpf_get_attach_cookie (a tiny BPF_PROG_LOAD)
 *   other LINUX_*              0 when __weak, else an error
 *   CONFIG_*                   from the kernel's configuration: the file
 *                              bl_load_opts.kconfig_path, else
 *                              $BPFLOAD_KCONFIG, else /proc/config.gz,
 *                              else /boot/config-RELEASE (gzip or plain)
 *
 * A configuration line "CONFIG_FOO=VALUE" gives y, n or m to a bool (m
 * is an error there), a char ('y', 'm', 'n') or an enum libbpf_tristate
 * (1, 2, 0); "..." to a char array (cut to fit, NUL-terminated); a
 * number (strtoull, base 0) to an integer or char, which it must fit.
 * "# CONFIG_FOO is not set" gives no value. An extern without a value
 * is 0 when __weak, and an error naming it otherwise.
 */
#include "internal.h"
#include "loader/sys/sys.h"

#include "arch/arch.h"
#include "loader/sys/kallsyms.h"
#include "loader/sys/read_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

#define PREFIX(s, p) (strncmp((s), (p), sizeof(p) - 1) == 0)

struct fill {
	const struct bl_object_spec *obj;
	unsigned char *buf;
	bool *set;
	const char *config;	/* the file the values come from, for messages */
	struct bl_err *err;
};

static bool in_range(const struct bl_extern *e, uint64_t v)
{
	unsigned bits = e->size * 8;

	if (e->type == BL_KCFG_BOOL)
		return v <= 1;
	if (bits >= 64)
		return true;
	if (!e->is_signed)
		return v < (1ULL << bits);
	return (int64_t)v >= -(1LL << (bits - 1)) && (int64_t)v < (1LL << (bits - 1));
}

static int set_num(struct fill *f, size_t i, uint64_t v, const char *text)
{
	const struct bl_extern *e = &f->obj->externs[i];
	unsigned char *p = f->buf + e->offset;

	if (e->type != BL_KCFG_INT && e->type != BL_KCFG_CHAR && e->type != BL_KCFG_BOOL)
		return bl_err_set(f->err, -EINVAL,
				  "%s: extern (kconfig) %s: value %s (from %s) is a number, but the extern is not an integer",
				  f->obj->path, e->name, text, f->config);
	if (!in_range(e, v))
		return bl_err_set(f->err, -ERANGE,
				  "%s: extern (kconfig) %s: value %s (from %s) does not fit in %u byte%s",
				  f->obj->path, e->name, text, f->config, e->size, e->size == 1 ? "" : "s");
	switch (e->size) {
	case 1: { uint8_t x = (uint8_t)v; memcpy(p, &x, 1); break; }
	case 2: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
	case 4: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
	default: memcpy(p, &v, 8); break;
	}
	f->set[i] = true;
	return 0;
}

static int set_tristate(struct fill *f, size_t i, char c)
{
	const struct bl_extern *e = &f->obj->externs[i];
	unsigned char *p = f->buf + e->offset;
	uint32_t tri = c == 'y' ? 1 : c == 'm' ? 2 : 0; /* enum libbpf_tristate */

	switch (e->type) {
	case BL_KCFG_BOOL:
		if (c == 'm')
			break;
		*p = c == 'y';
		f->set[i] = true;
		return 0;
	case BL_KCFG_TRISTATE:
		memcpy(p, &tri, sizeof(tri));
		f->set[i] = true;
		return 0;
	case BL_KCFG_CHAR:
		*p = (unsigned char)c;
		f->set[i] = true;
		return 0;
	default:
		break;
	}
	return bl_err_set(f->err, -EINVAL,
			  "%s: extern (kconfig) %s: value '%c' (from %s) needs a %s extern",
			  f->obj->path, e->name, c, f->config,
			  c == 'm' ? "tristate or char" : "bool, tristate or char");
}

static int set_string(struct fill *f, size_t i, const char *v)
{
	const struct bl_extern *e = &f->obj->externs[i];
	size_t len = strlen(v);

	if (e->type != BL_KCFG_CHAR_ARR)
		return bl_err_set(f->err, -EINVAL,
				  "%s: extern (kconfig) %s: value %s (from %s) is a string, but the extern is no char array",
				  f->obj->path, e->name, v, f->config);
	if (len < 2 || v[len - 1] != '"')
		return bl_err_set(f->err, -EINVAL, "%s: extern (kconfig) %s: value %s (from %s) has no closing quote",
				  f->obj->path, e->name, v, f->config);
	len -= 2;
	if (len > e->size - 1)
		len = e->size - 1; /* cut, as libbpf does */
	memcpy(f->buf + e->offset, v + 1, len);
	f->buf[e->offset + len] = '\0';
	f->set[i] = true;
	return 0;
}

static int find(const struct bl_object_spec *obj, const char *name)
{
	for (size_t i = 0; i < obj->extern_cnt; i++)
		if (strcmp(obj->externs[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* One line of a configuration file. */
static int config_line(struct fill *f, char *line)
{
	char *eq, *v, *end;
	uint64_t num;
	int i;

	line[strcspn(line, "\r\n")] = '\0';
	if (!PREFIX(line, "CONFIG_") || !(eq = strchr(line, '=')) || !eq[1])
		return 0;
	*eq = '\0';
	v = eq + 1;
	i = find(f->obj, line);
	if (i < 0 || f->set[i])
		return 0;
	if ((*v == 'y' || *v == 'n' || *v == 'm') && !v[1])
		return set_tristate(f, (size_t)i, *v);
	if (*v == '"')
		return set_string(f, (size_t)i, v);
	errno = 0;
	num = strtoull(v, &end, 0);
	if (errno || *end)
		return bl_err_set(f->err, -EINVAL, "%s: extern (kconfig) %s: value '%s' (from %s) is not a number",
				  f->obj->path, f->obj->externs[i].name, v, f->config);
	return set_num(f, (size_t)i, num, v);
}

/* The configuration file: the given one, else the first that exists. */
static const char *config_path(const char *path, char *used, size_t len)
{
	struct utsname u;
	const char *env = getenv("BPFLOAD_KCONFIG");

	if (path || (env && *env))
		return path ? path : env;
	if (access("/proc/config.gz", R_OK) == 0)
		return "/proc/config.gz";
	if (uname(&u) == 0) {
		snprintf(used, len, "/boot/config-%s", u.release);
		if (access(used, R_OK) == 0)
			return used;
	}
	snprintf(used, len, "/proc/config.gz or /boot/config-%s", uname(&u) ? "RELEASE" : u.release);
	return NULL;
}

/* A kernel configuration is a few hundred KB; gunzipped, some MB. */
#define CONFIG_FILE_MAX (64u << 20)

/* raw[0..len) gunzipped into a NUL-terminated text. zlib's inflate, not
 * its gz* file functions: Debian's libz.a builds those against glibc's
 * fortified stdio, which the static (musl) build lacks. */
static char *gunzip(const unsigned char *raw, size_t len, size_t *out_len)
{
	z_stream z = { 0 };
	char *text = NULL;
	size_t cap;

	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return NULL;
	z.next_in = (unsigned char *)raw;
	z.avail_in = (uInt)len;
	for (cap = 4 * len + 1, *out_len = 0; cap <= CONFIG_FILE_MAX; cap *= 2) {
		char *t = realloc(text, cap);
		int ret;

		if (!t)
			break;
		text = t;
		z.next_out = (unsigned char *)text + *out_len;
		z.avail_out = (uInt)(cap - 1 - *out_len); /* room for the NUL */
		ret = inflate(&z, Z_NO_FLUSH);
		*out_len = cap - 1 - z.avail_out;
		if (ret == Z_STREAM_END) {
			inflateEnd(&z);
			text[*out_len] = '\0';
			return text;
		}
		if (ret != Z_OK && ret != Z_BUF_ERROR)
			break;
	}
	inflateEnd(&z);
	free(text);
	return NULL;
}

/* The whole file (loader/sys/read_file.c), gunzipped when it starts with
 * gzip's magic; NUL-terminated. */
static char *slurp(const char *path, size_t *out_len)
{
	unsigned char *raw;
	size_t len;
	char *text;

	if (bl_read_file(path, CONFIG_FILE_MAX, &raw, &len))
		return NULL;
	if (len < 2 || raw[0] != 0x1f || raw[1] != 0x8b) {
		*out_len = len;
		return (char *)raw;
	}
	text = gunzip(raw, len, out_len);
	free(raw);
	return text;
}

char *bl_kconfig_text(const char *path, char *used, size_t used_len, size_t *len)
{
	const char *file = config_path(path, used, used_len);
	char *text;

	if (!file || !(text = slurp(file, len)))
		return NULL;
	if (file != used)
		snprintf(used, used_len, "%s", file);
	return text;
}

static int read_config(struct fill *f, const char *path, char *used, size_t used_len)
{
	size_t len = 0;
	char *text, *line, *end;
	int ret = 0;

	f->config = used;
	if (!(text = bl_kconfig_text(path, used, used_len, &len)))
		return 0; /* every CONFIG_ extern stays unset */
	for (line = text; !ret && line < text + len; line = end + 1) {
		end = memchr(line, '\n', (size_t)(text + len - line));
		if (!end)
			end = text + len;
		*end = '\0'; /* at most text[len], which slurp made room for */
		ret = config_line(f, line);
	}
	free(text);
	return ret;
}

static bool has_syscall_wrapper(void)
{
	const struct bl_arch *a = bl_arch_native();
	char name[64];

	/* 32-bit arm has none: its sys_bpf is the call itself */
	if (!a || !a->syscall_prefix || !a->syscall_wrapper_since)
		return false;
	snprintf(name, sizeof(name), "%sbpf", a->syscall_prefix);
	return bl_kallsyms_has(name) == 1;
}

/* BL_FEAT_BPF_COOKIE: a tracepoint program calling
 * bpf_get_attach_cookie loads (loader/sys/features.c). */
static bool has_bpf_cookie(void)
{
	return bl_kernel_has(BL_FEAT_BPF_COOKIE);
}

/* The LINUX_ externs; CONFIG_ ones come from the file. */
static int fill_virtual(struct fill *f, size_t i)
{
	const struct bl_extern *e = &f->obj->externs[i];
	uint64_t v;

	if (strcmp(e->name, "LINUX_KERNEL_VERSION") == 0) {
		v = bl_running_kernel_version();
		if (!v)
			return bl_err_set(f->err, -EINVAL,
					  "%s: extern (kconfig) %s: the kernel's release (uname) is no version",
					  f->obj->path, e->name);
	} else if (strcmp(e->name, "LINUX_HAS_SYSCALL_WRAPPER") == 0) {
		v = has_syscall_wrapper();
	} else if (strcmp(e->name, "LINUX_HAS_BPF_COOKIE") == 0) {
		v = has_bpf_cookie();
	} else {
		return 0; /* unknown: 0 when weak, else an error below */
	}
	f->config = "the running kernel";
	return set_num(f, i, v, e->name);
}

static int fill(struct fill *f, const char *path)
{
	char used[300] = "";
	bool need_config = false;
	int ret;

	for (size_t i = 0; i < f->obj->extern_cnt; i++) {
		if (PREFIX(f->obj->externs[i].name, "CONFIG_"))
			need_config = true;
		else if ((ret = fill_virtual(f, i)))
			return ret;
	}
	if (need_config && (ret = read_config(f, path, used, sizeof(used))))
		return ret;
	for (size_t i = 0; i < f->obj->extern_cnt; i++) {
		const struct bl_extern *e = &f->obj->externs[i];

		if (f->set[i] || e->is_weak)
			continue; /* weak ones without a value stay 0 */
		if (PREFIX(e->name, "CONFIG_"))
			return bl_err_set(f->err, -ESRCH,
					  "%s: extern (kconfig) %s: no value in %s (declare it __weak to get 0)",
					  f->obj->path, e->name, used);
		return bl_err_set(f->err, -ESRCH,
				  "%s: extern (kconfig) %s: not a value bpfload knows (LINUX_KERNEL_VERSION, LINUX_HAS_SYSCALL_WRAPPER, LINUX_HAS_BPF_COOKIE, CONFIG_*)",
				  f->obj->path, e->name);
	}
	return 0;
}

int bl_kconfig_init(struct bl_object *l, const char *path, struct bl_err *err)
{
	const struct bl_object_spec *obj = l->spec;
	struct fill f = { .obj = obj, .err = err };
	struct bl_map *m;
	uint32_t zero = 0;
	char eb[16];
	int ret;

	if (!obj->extern_cnt || obj->kconfig_map < 0)
		return 0;
	m = &l->maps[obj->kconfig_map];
	if (m->fd < 0)
		return 0;
	f.buf = calloc(1, bl_map_value_len(m) > obj->kconfig_size ? bl_map_value_len(m)
								    : obj->kconfig_size);
	f.set = calloc(obj->extern_cnt, sizeof(*f.set));
	if (!f.buf || !f.set) {
		ret = bl_err_set(err, -ENOMEM, "%s: out of memory", obj->path);
		goto out;
	}
	ret = fill(&f, path);
	if (!ret && (ret = bl_sys_map_update(m->fd, &zero, f.buf, BPF_ANY)))
		ret = bl_err_set(err, ret, "%s: map %s: BPF_MAP_UPDATE_ELEM of the kconfig values failed: %s",
				 obj->path, m->spec->name, bl_errno_name(-ret, eb));
	if (!ret && (ret = bl_sys_map_freeze(m->fd))) {
		l->map_refused = true;
		ret = bl_err_set(err, ret, "%s: map %s: BPF_MAP_FREEZE failed: %s",
				 obj->path, m->spec->name, bl_errno_name(-ret, eb));
	}
out:
	free(f.buf);
	free(f.set);
	return ret;
}
