/* loader/attach/multi.h — kprobe.multi and uprobe.multi: a pattern
 * resolved to functions (the kernel's files read here, the matching in
 * func_pattern.c), and their attachment: one multi link
 * (BPF_TRACE_KPROBE_MULTI, BPF_TRACE_UPROBE_MULTI), or one probe per
 * function where the kernel lacks it (multi_parts.c). Internal to the
 * loader; `bpfload list` uses the resolution too. */
#ifndef BL_ATTACH_MULTI_H
#define BL_ATTACH_MULTI_H

#include "func_pattern.h"
#include "uprobe.h"

/* The kernel functions kprobe.multi/PATTERN attaches to: tracefs
 * available_filter_functions, less debugfs kprobes/blacklist (when
 * readable) and ftrace's placeholders; source gets the files read.
 * -ENOENT (with a message) when tracefs or the file is missing. */
int bl_kprobe_pattern_resolve(const char *pattern, struct bl_func_list *out, char *source,
			      size_t slen, struct bl_err *err);
/* The same for an attach: the files read by the first kprobe.multi
 * program of a bl_attach are kept in l->kprobe_texts for the others,
 * and freed (bl_kprobe_texts_free) when bl_attach ends. */
int bl_kprobe_pattern_resolve_in(struct bl_object *l, const char *pattern,
				 struct bl_func_list *out, char *source, size_t slen,
				 struct bl_err *err);
void bl_kprobe_texts_free(struct bl_object *l);

/* The functions of an ELF file (absolute path) that PATTERN names, with
 * their file offsets: .symtab and .dynsym, "NAME@VERSION" as NAME. */
int bl_uprobe_pattern_resolve(const char *path, const char *pattern, struct bl_func_list *out,
			      struct bl_err *err);

/* multi_parts.c: p on every function of a list, one perf event each,
 * function i's link with cookie i, into p->link.parts. open makes the
 * perf event of function i (filling k's tracefs names when it makes an
 * event there) and returns its fd or a -errno with err set. On failure
 * every part made so far is undone and err names the function. */
typedef int (*bl_multi_open_fn)(struct bl_object *l, size_t i, struct bl_link *k, void *ctx,
				struct bl_err *err);
int bl_multi_parts_attach(struct bl_object *l, struct bl_prog *p, const struct bl_func_list *fl,
			  bl_multi_open_fn open, void *ctx, struct bl_err *err);
/* Undoes what attach made: the multi link, or every part. */
void bl_multi_detach(struct bl_object *l, struct bl_link *k);

/* The cookies of a multi link: function i of the list gets cookie i.
 * They go in stack (BL_MULTI_STACK_COOKIES entries, the caller's) when
 * they fit: its pages stay mapped from one attach to the next, where a
 * fresh heap block after the resolution's large buffers were freed (and
 * the heap trimmed) costs page faults at every attach. Otherwise they
 * are allocated; NULL when that fails. bl_multi_cookies_free frees them
 * unless they are in stack. */
#define BL_MULTI_STACK_COOKIES 2048
uint64_t *bl_multi_cookies(size_t cnt, uint64_t *stack);
void bl_multi_cookies_free(uint64_t *cookies, const uint64_t *stack);

/* The smallest n such that try(0..n) fails, for naming the first
 * function the kernel refuses when a whole multi link failed: binary
 * search on prefixes, each tried with a link made and closed again
 * (try returns 0 or -errno). Returns the index, or cnt if every prefix
 * up to cnt - 1 succeeds. */
size_t bl_multi_first_refused(size_t cnt, int (*try)(size_t n, void *ctx), void *ctx);

#endif
