/* loader/attach/probe_target.h — the text that names where a kprobe or
 * uprobe goes ("FUNC[+OFF]", "PATH:FUNC[+OFF]") and the file a uprobe
 * path names. Pure parsing and file look-ups, no probe is made: the
 * command line's `list` and `run --uprobe` use it too (probe_spec.c,
 * uprobe_spec.c). */
#ifndef BL_ATTACH_PROBE_TARGET_H
#define BL_ATTACH_PROBE_TARGET_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "elf/error.h"

#define BL_PROBE_FUNC_MAX 128

struct bl_probe_spec {
	char func[BL_PROBE_FUNC_MAX];
	uint64_t offset;
};

/* "+OFFSET" (decimal or 0x hex, at most 32 bits) at plus into *out: 0,
 * or -EINVAL (*out unchanged). */
int bl_probe_offset_parse(const char *plus, uint64_t *out);
/* A copy of s fit for a one-line message: control characters as '?'. */
const char *bl_probe_printable(const char *s, char *buf, size_t len);

/* "FUNCTION[+OFFSET]" (OFFSET decimal or 0x hex) into out. */
int bl_probe_spec_parse(const char *target, struct bl_probe_spec *out, struct bl_err *err);

/* "PATH:FUNCTION[+OFFSET]", split (uprobe_spec.c). */
struct bl_uprobe_spec {
	char path[PATH_MAX];		/* as written: absolute, relative, or a bare name */
	char func[BL_PROBE_FUNC_MAX];
	uint64_t offset;		/* +OFFSET into the function */
};

/* Splits target at its last ':'. The path may not hold whitespace or
 * control characters (tracefs's uprobe_events splits its lines at
 * spaces); the function is a symbol name (letters, digits, '_', '.',
 * '$', '@'). Pure. */
int bl_uprobe_spec_parse(const char *target, struct bl_uprobe_spec *out, struct bl_err *err);

/* The file a uprobe path names, made absolute into out:
 *   - with a '/': itself; a relative path is made absolute (realpath);
 *   - a bare library name ("libc.so.6", anything with ".so"): searched in
 *     LD_LIBRARY_PATH, the directories of /etc/ld.so.conf, then the
 *     standard ones (bl_uprobe_lib_dirs);
 *   - another bare name ("bash"): searched in PATH, then /usr/bin and
 *     /usr/sbin, as an executable file.
 * -ENOENT with a message naming where it looked. */
int bl_uprobe_resolve_path(const char *path, char *out, size_t len, struct bl_err *err);

/* The standard library directories of this architecture, NULL-ended:
 * /lib/<triplet>, /usr/lib/<triplet>, /lib64, /usr/lib64, /lib, /usr/lib. */
const char *const *bl_uprobe_lib_dirs(void);

#endif
