/* loader/attach/glob_match.c — shell wildcards, for `bpfload list KIND GLOB`
 * and the "include" lines of /etc/ld.so.conf (uprobe library search).
 *
 * The pattern language is the one fnmatch(3) and glob(7) describe, for
 * bytes: bpfload matches kernel function, tracepoint and file names,
 * which are ASCII in practice. It is our own small matcher rather than
 * the C library's because musl's fnmatch() and glob() bring multibyte and
 * wide-character tables into the static binary (about 20 KB of 400 on
 * x86_64; make bench-size).
 */
#include "glob_match.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The bracket expression at p (just after '['): sets *matched for c and
 * returns the pattern after the closing ']', or NULL when there is none
 * (then the '[' is an ordinary character, as fnmatch treats it). */
static const char *bracket(const char *p, unsigned char c, bool *matched)
{
	bool negate = *p == '!' || *p == '^', in = false;

	if (negate)
		p++;
	/* A ']' first in the set is a member, not the end. */
	for (bool first = true; *p && (first || *p != ']'); first = false) {
		unsigned char lo = (unsigned char)*p++, hi = lo;

		if (lo == '\\' && *p)
			lo = hi = (unsigned char)*p++;
		if (p[0] == '-' && p[1] && p[1] != ']') {
			hi = (unsigned char)p[1];
			p += 2;
			if (hi == '\\' && *p)
				hi = (unsigned char)*p++;
		}
		if (c >= lo && c <= hi)
			in = true;
	}
	if (*p != ']')
		return NULL;
	*matched = in != negate;
	return p + 1;
}

bool bl_glob_match(const char *pattern, const char *name)
{
	const char *p = pattern, *n = name;
	/* Backtracking point: the last '*' seen and where its run ends. With
	 * one point kept, a mismatch after it just lets the '*' eat one more
	 * character: linear in practice, never exponential. */
	const char *star_p = NULL, *star_n = NULL;

	while (*n) {
		const char *next = NULL;
		bool ok = false;

		switch (*p) {
		case '*':
			star_p = ++p;
			star_n = n;
			continue;
		case '?':
			ok = true, next = p + 1;
			break;
		case '[':
			next = bracket(p + 1, (unsigned char)*n, &ok);
			if (next)
				break;
			ok = *n == '[', next = p + 1;
			break;
		case '\\':
			/* A trailing '\' escapes nothing: like glibc's
			 * fnmatch(), the pattern then matches no name. */
			ok = p[1] && *n == p[1], next = p + 2;
			break;
		default:
			ok = *p && *n == *p, next = p + 1;
		}
		if (ok) {
			p = next;
			n++;
		} else if (star_p) {
			p = star_p;
			n = ++star_n;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int bl_glob_dir(const char *pattern, void (*fn)(const char *path, void *ctx), void *ctx)
{
	const char *slash = strrchr(pattern, '/');
	char dir[PATH_MAX], path[PATH_MAX];
	char **names = NULL;
	size_t count = 0, cap = 0;
	struct dirent *e;
	DIR *d;
	int ret = 0;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if ((size_t)snprintf(dir, sizeof(dir), "%.*s", (int)(slash - pattern), pattern) >= sizeof(dir))
		return -ENAMETOOLONG;
	if (!dir[0])
		snprintf(dir, sizeof(dir), "/");
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		char *copy;

		/* As glob(7): a leading '.' is matched only by a '.' in the pattern. */
		if ((e->d_name[0] == '.' && (slash ? slash[1] : pattern[0]) != '.') ||
		    !bl_glob_match(slash ? slash + 1 : pattern, e->d_name))
			continue;
		if (count == cap) {
			char **grown = realloc(names, (cap = cap ? 2 * cap : 16) * sizeof(*names));

			if (!grown) {
				ret = -ENOMEM;
				break;
			}
			names = grown;
		}
		copy = strdup(e->d_name);
		if (!copy) {
			ret = -ENOMEM;
			break;
		}
		names[count++] = copy;
	}
	closedir(d);
	if (count)
		qsort(names, count, sizeof(*names), by_name);
	for (size_t i = 0; i < count; i++) {
		if (ret == 0 && (size_t)snprintf(path, sizeof(path), "%s/%s",
						 strcmp(dir, "/") ? dir : "", names[i]) < sizeof(path))
			fn(path, ctx);
		free(names[i]);
	}
	free(names);
	return ret ? ret : (int)count;
}
