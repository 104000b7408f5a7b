/* loader/attach/uprobe_spec.c — the target of a uprobe, SEC("uprobe/PATH:FUNC")
 * or `--uprobe PATH:FUNC[+OFFSET]`, and the file its PATH names.
 *
 * The path ends up in a line written to tracefs's uprobe_events
 * (Documentation/trace/uprobetracer.rst: "p[:[GRP/]EVENT] PATH:OFFSET"),
 * a file that takes commands and splits them at spaces: a section name is
 * untrusted input, so the path may hold no whitespace or control
 * characters.
 *
 * Bare names are found as libbpf finds them (resolve_full_path): a
 * library ("libc.so.6") in LD_LIBRARY_PATH and the library directories,
 * a program ("bash") in PATH. The kernel wants an existing regular file;
 * it follows symbolic links (the probe is on the inode).
 */
#include "glob_match.h"
#include "probe_target.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_func_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '$' || c == '@';
}

int bl_uprobe_spec_parse(const char *target, struct bl_uprobe_spec *out, struct bl_err *err)
{
	const char *colon, *func, *plus;
	char shown[200];
	size_t n;

	memset(out, 0, sizeof(*out));
	if (!target || !*target)
		return bl_err_set(err, -EINVAL, "no uprobe target: write PATH:FUNCTION[+OFFSET]");
	bl_probe_printable(target, shown, sizeof(shown));
	colon = strrchr(target, ':');
	if (!colon || colon == target || !colon[1])
		return bl_err_set(err, -EINVAL, "'%s' is not PATH:FUNCTION[+OFFSET]", shown);
	n = (size_t)(colon - target);
	if (n >= sizeof(out->path))
		return bl_err_set(err, -ENAMETOOLONG, "'%.60s...': the path is too long", shown);
	for (size_t i = 0; i < n; i++)
		if (isspace((unsigned char)target[i]) || iscntrl((unsigned char)target[i]))
			return bl_err_set(err, -EINVAL,
					  "'%s': the path holds a space or control character (tracefs's uprobe_events cannot take it)",
					  shown);
	memcpy(out->path, target, n);
	func = colon + 1;
	plus = strchr(func, '+');
	n = plus ? (size_t)(plus - func) : strlen(func);
	if (n == 0 || n >= sizeof(out->func) || isdigit((unsigned char)func[0]))
		return bl_err_set(err, -EINVAL, "'%s': '%s' is not a function name", shown, colon + 1);
	for (size_t i = 0; i < n; i++)
		if (!is_func_char(func[i]))
			return bl_err_set(err, -EINVAL,
					  "'%s': '%s' is not a function name (letters, digits, '_', '.', '$', '@')",
					  shown, colon + 1);
	memcpy(out->func, func, n);
	if (plus && bl_probe_offset_parse(plus, &out->offset))
		return bl_err_set(err, -EINVAL, "'%s': the offset after '+' is not a number", shown);
	return 0;
}

const char *const *bl_uprobe_lib_dirs(void)
{
#if defined(__x86_64__)
#define BL_TRIPLET "x86_64-linux-gnu"
#elif defined(__aarch64__)
#define BL_TRIPLET "aarch64-linux-gnu"
#endif
	static const char *const dirs[] = {
#ifdef BL_TRIPLET
		"/lib/" BL_TRIPLET, "/usr/lib/" BL_TRIPLET,
#endif
		"/lib64", "/usr/lib64", "/lib", "/usr/lib", NULL,
	};
	return dirs;
}

static bool is_file(const char *path, int mode)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, mode) == 0;
}

/* Looks for name in each directory of the ':'-separated list dirs. */
static bool search_list(const char *dirs, const char *name, int mode, char *out, size_t len)
{
	const char *s = dirs;

	while (s && *s) {
		size_t n = strcspn(s, ":");

		if (n && (size_t)snprintf(out, len, "%.*s/%s", (int)n, s, name) < len &&
		    is_file(out, mode))
			return true;
		s += n;
		if (*s == ':')
			s++;
	}
	return false;
}

static void ld_so_conf_dirs(const char *conf, char *list, size_t len, int depth);

struct conf_list {
	char *list;
	size_t len;
};

static void included_conf(const char *path, void *ctx)
{
	struct conf_list *cl = ctx;

	ld_so_conf_dirs(path, cl->list, cl->len, 1);
}

/* The directories /etc/ld.so.conf lists, with its "include GLOB" lines
 * (one level), into a ':'-separated list. */
static void ld_so_conf_dirs(const char *conf, char *list, size_t len, int depth)
{
	char line[512];
	FILE *f = fopen(conf, "re");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *s = line + strspn(line, " \t"), *end = s + strcspn(s, "#\n");

		while (end > s && isspace((unsigned char)end[-1]))
			end--;
		*end = '\0';
		if (!strncmp(s, "include", 7) && isspace((unsigned char)s[7]) && depth == 0) {
			struct conf_list cl = { list, len };

			s += 8 + strspn(s + 8, " \t");
			bl_glob_dir(s, included_conf, &cl);
		} else if (s[0] == '/' && strlen(list) + strlen(s) + 2 < len) {
			if (list[0])
				strcat(list, ":");
			strcat(list, s);
		}
	}
	fclose(f);
}

/* found, made absolute (a PATH entry may be relative), into out. */
static int finish(const char *found, char *out, size_t len, struct bl_err *err)
{
	char abs[PATH_MAX];

	if (found[0] != '/') {
		if (!realpath(found, abs))
			return bl_err_set(err, -errno, "%s: %s", found, strerror(errno));
		found = abs;
	}
	if ((size_t)snprintf(out, len, "%s", found) >= len)
		return bl_err_set(err, -ENAMETOOLONG, "%s: the path is too long", found);
	return 0;
}

static bool is_library_name(const char *name)
{
	size_t n = strlen(name);

	return strstr(name, ".so.") || (n > 3 && !strcmp(name + n - 3, ".so"));
}

int bl_uprobe_resolve_path(const char *path, char *out, size_t len, struct bl_err *err)
{
	char found[PATH_MAX], conf[4096] = "", std[512] = "";

	if (!path || !*path)
		return bl_err_set(err, -EINVAL, "no file named");
	if (path[0] == '/')
		return finish(path, out, len, err);
	if (strchr(path, '/')) { /* relative: absolute from the current directory */
		if (access(path, F_OK) != 0)
			return bl_err_set(err, -errno, "%s: %s", path,
					  errno == ENOENT ? "no such file" : strerror(errno));
		return finish(path, out, len, err);
	}
	if (is_library_name(path)) {
		for (const char *const *d = bl_uprobe_lib_dirs(); *d; d++)
			snprintf(std + strlen(std), sizeof(std) - strlen(std), "%s%s", std[0] ? ":" : "",
				 *d);
		ld_so_conf_dirs("/etc/ld.so.conf", conf, sizeof(conf), 0);
		if (search_list(getenv("LD_LIBRARY_PATH"), path, R_OK, found, sizeof(found)) ||
		    search_list(conf, path, R_OK, found, sizeof(found)) ||
		    search_list(std, path, R_OK, found, sizeof(found)))
			return finish(found, out, len, err);
		return bl_err_set(err, -ENOENT,
				  "no library %s in LD_LIBRARY_PATH, the directories of /etc/ld.so.conf, or %s: give its path",
				  path, std);
	}
	if (search_list(getenv("PATH"), path, R_OK | X_OK, found, sizeof(found)) ||
	    search_list("/usr/bin:/usr/sbin", path, R_OK | X_OK, found, sizeof(found)))
		return finish(found, out, len, err);
	return bl_err_set(err, -ENOENT, "no program %s in PATH, /usr/bin or /usr/sbin: give its path",
			  path);
}
