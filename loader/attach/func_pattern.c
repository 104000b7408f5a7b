/* loader/attach/func_pattern.c — from a pattern to the list of functions
 * a kprobe.multi or uprobe.multi program is attached to (func_pattern.h).
 *
 * The kernel's sources of truth, read by the callers and handed here as
 * text:
 *   - tracefs available_filter_functions (Documentation/trace/ftrace.rst):
 *     the functions ftrace can trace. BPF_TRACE_KPROBE_MULTI attaches
 *     through fprobe, which is ftrace: a name not in this file fails the
 *     whole link (ESRCH, ftrace_lookup_symbols in kernel/trace/ftrace.c).
 *     Since Linux 6.0 the file can hold "__ftrace_invalid_address___N"
 *     entries for records ftrace could not tie to a symbol (weak
 *     functions overridden at link time): not functions at all.
 *   - debugfs kprobes/blacklist (Documentation/trace/kprobes.rst,
 *     "Blacklist"): functions a kprobe may not be put on (the kprobe
 *     machinery itself, NMI and exception entry...); the single kprobes
 *     of the fallback would fail there with EINVAL, and bpfload keeps
 *     kprobe.multi off them too, for the same reason they are listed.
 * Both are what bpftrace and libbpf read for the same purpose; the
 * filtering here is bpfload's own.
 */
#include "func_pattern.h"
#include "glob_match.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define INVALID_PREFIX "__ftrace_invalid_address__"

bool bl_func_pattern_is_glob(const char *pattern)
{
	return strpbrk(pattern, "*?[") != NULL;
}

int bl_func_list_add(struct bl_func_list *l, const char *name, size_t len, uint64_t offset)
{
	char *copy;

	if (l->cnt == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		char **names = realloc(l->names, cap * sizeof(*names));
		uint64_t *offs;

		if (!names)
			return -ENOMEM;
		l->names = names;
		offs = realloc(l->offsets, cap * sizeof(*offs));
		if (!offs)
			return -ENOMEM;
		l->offsets = offs;
		l->cap = cap;
	}
	if (!(copy = strndup(name, len)))
		return -ENOMEM;
	l->names[l->cnt] = copy;
	l->offsets[l->cnt++] = offset;
	return 0;
}

/* Sorting names and offsets together: an array of both and the order
 * they were added in (ties by it: the first added wins the dedup). */
struct entry {
	char *name;
	uint64_t offset;
	size_t order;
};

static int by_name(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->order > y->order) - (x->order < y->order);
}

void bl_func_list_sort(struct bl_func_list *l)
{
	struct entry *v = malloc((l->cnt ? l->cnt : 1) * sizeof(*v));
	size_t n = 0;

	if (!v)
		return; /* the list stays whole, unsorted */
	for (size_t i = 0; i < l->cnt; i++)
		v[i] = (struct entry){ l->names[i], l->offsets[i], i };
	qsort(v, l->cnt, sizeof(*v), by_name);
	for (size_t k = 0; k < l->cnt; k++) {
		if (n && !strcmp(l->names[n - 1], v[k].name)) {
			free(v[k].name);
			continue;
		}
		l->names[n] = v[k].name;
		l->offsets[n++] = v[k].offset;
	}
	l->cnt = n;
	free(v);
}

void bl_func_list_free(struct bl_func_list *l)
{
	for (size_t i = 0; i < l->cnt; i++)
		free(l->names[i]);
	free(l->names);
	free(l->offsets);
	memset(l, 0, sizeof(*l));
}

/* The names of the blacklist text, sorted, for bsearch; NULL-safe. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int bl_func_blacklist_parse(const char *text, struct bl_func_list *bl)
{
	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n'), *name;
		size_t len;

		if (!end)
			end = line + strlen(line);
		/* "0xffffffff81000000-0xffffffff81000010\tname" (older kernels:
		 * the same with a space) */
		name = line + strcspn(line, " \t\n");
		name += strspn(name, " \t");
		len = strcspn(name, " \t\n");
		if (name < end && len && bl_func_list_add(bl, name, len, 0))
			return -ENOMEM;
		line = *end ? end + 1 : end;
	}
	if (bl->cnt)
		qsort(bl->names, bl->cnt, sizeof(*bl->names), cmp_str);
	return 0;
}

bool bl_func_is_placeholder(const char *name)
{
	return !strncmp(name, INVALID_PREFIX, strlen(INVALID_PREFIX));
}

/* A name the compiler made from a function ("pci_serr_error.part.0",
 * ".isra.0", ".constprop.0", ".cold") counts as that function: the
 * kernel refuses a kprobe there when the name before the first '.' is
 * on the blacklist (within_kprobe_blacklist in kernel/kprobes.c, "Check
 * if the address is on a suffixed-symbol"), though the blacklist file
 * lists only that name. */
bool bl_func_blacklisted(const struct bl_func_list *bl, const char *name)
{
	const char *dot = strchr(name, '.');

	if (!bl->cnt)
		return false;
	if (bsearch(&name, bl->names, bl->cnt, sizeof(*bl->names), cmp_str))
		return true;
	if (!dot || dot == name)
		return false;

	char base[dot - name + 1];
	const char *key = base;

	memcpy(base, name, sizeof(base) - 1);
	base[sizeof(base) - 1] = '\0';
	return bsearch(&key, bl->names, bl->cnt, sizeof(*bl->names), cmp_str) != NULL;
}

int bl_func_pattern_kernel(const char *pattern, const char *avail, const char *blacklist,
			   struct bl_func_list *out)
{
	struct bl_func_list bl = { 0 };
	/* The pattern's literal start ("acpi_" of "acpi_[b-o]*"): a line
	 * that does not begin with it cannot match, and is passed over
	 * without copying or globbing (most of the 40,000-odd lines). */
	size_t lit = strcspn(pattern, "*?[\\");
	int ret = 0;

	memset(out, 0, sizeof(*out));
	if ((ret = bl_func_blacklist_parse(blacklist, &bl)))
		goto done;
	for (const char *line = avail; line && *line && !ret;) {
		const char *cur = line, *end = strchr(line, '\n');

		line = end ? end + 1 : cur + strlen(cur);
		/* the literal has no '\n' or ' ': a short line mismatches */
		if (strncmp(cur, pattern, lit))
			continue;

		size_t len = strcspn(cur, " \t\n");
		char name[len + 1];
		const char *key = name;

		memcpy(name, cur, len);
		name[len] = '\0';
		if (!len || !bl_glob_match(pattern, name))
			continue;
		if (bl_func_is_placeholder(name)) {
			out->invalid++;
			continue;
		}
		if (bl_func_blacklisted(&bl, key)) {
			out->blacklisted++;
			continue;
		}
		ret = bl_func_list_add(out, name, len, 0);
	}
	if (!ret)
		bl_func_list_sort(out);
done:
	bl_func_list_free(&bl);
	if (ret)
		bl_func_list_free(out);
	return ret;
}
