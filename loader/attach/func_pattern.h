/* loader/attach/func_pattern.h — which functions a kprobe.multi or
 * uprobe.multi pattern names: the pure part (text in, sorted names out),
 * shared by the attach (kprobe_multi.c, uprobe_multi.c) and by
 * `bpfload list kprobes PATTERN`, so that list shows exactly what a
 * pattern would attach. No system call: unit-tested on text. */
#ifndef BL_ATTACH_FUNC_PATTERN_H
#define BL_ATTACH_FUNC_PATTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The functions a pattern resolved to, sorted by name (strcmp), each
 * once. The index of a name in names is the cookie its attachment gets
 * (bpf_get_attach_cookie()). offsets: uprobes only, the file offset of
 * each (NULL for kprobes). */
struct bl_func_list {
	char **names;
	uint64_t *offsets;
	size_t cnt, cap;
	size_t blacklisted;	/* matched but on the kprobe blacklist: left out */
	size_t invalid;		/* matched entries ftrace marks unusable: left out */
};

/* Does a pattern have wildcards (else it names one function)? */
bool bl_func_pattern_is_glob(const char *pattern);

/* The kprobe.multi resolution. avail: the text of tracefs
 * available_filter_functions ("NAME" or "NAME [MODULE]" a line: the
 * functions ftrace, hence fprobe and kprobes on function entry, can
 * trace). blacklist: the text of debugfs kprobes/blacklist
 * ("0xSTART-0xEND\tNAME" a line), or NULL. Keeps the names that match
 * pattern (shell wildcards, glob_match.h), leaving out those on the
 * blacklist and ftrace's placeholders for functions it could not place
 * ("__ftrace_invalid_address___N", Linux 6.0+); sorted, each once.
 * 0 or -ENOMEM; out is zeroed first and freed with bl_func_list_free. */
int bl_func_pattern_kernel(const char *pattern, const char *avail, const char *blacklist,
			   struct bl_func_list *out);

/* The names of a kprobes/blacklist text, sorted, into bl (zeroed by
 * the caller); 0 or -ENOMEM. */
int bl_func_blacklist_parse(const char *text, struct bl_func_list *bl);
/* Is name in bl (from bl_func_blacklist_parse), or, for a name with a
 * compiler's suffix ("NAME.part.0"), NAME (as the kernel's kprobes check)? */
bool bl_func_blacklisted(const struct bl_func_list *bl, const char *name);
/* Is name one of ftrace's "__ftrace_invalid_address___N" placeholders? */
bool bl_func_is_placeholder(const char *name);

/* Adds name (with its file offset) unless already there; for building
 * the uprobe list. Call bl_func_list_sort at the end. 0 or -ENOMEM. */
int bl_func_list_add(struct bl_func_list *l, const char *name, size_t len, uint64_t offset);
/* Sorts by name and drops repeated names (the first one added stays). */
void bl_func_list_sort(struct bl_func_list *l);
void bl_func_list_free(struct bl_func_list *l);

#endif
