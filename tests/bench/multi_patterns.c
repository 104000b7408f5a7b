/* tests/bench/multi_patterns.c — the functions of the kprobe.multi
 * attach benchmark (multi_attach.c): for a wanted count N, a pattern of
 * about N kernel functions that bpfload and libbpf can both attach, in
 * both ways. Reads tracefs available_filter_functions and debugfs
 * kprobes/blacklist through bpfload's own filter (func_pattern.h), and
 * /proc/kallsyms for names the kernel has twice.
 */
#define _GNU_SOURCE
#include "multi_patterns.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/sys/read_file.h"
#include "loader/sys/tracefs.h"

#define BLACKLIST "/sys/kernel/debug/kprobes/blacklist"

/* Subsystems whose functions nothing calls while the benchmark runs in
 * the VM (no network traffic, no disk, no ACPI events, no hotplug). */
static const char *const QUIET[] = { "tcp", "udp", "inet", "ip", "ip6", "ipv6", "xfrm", "netlink",
				     "fib", "neigh", "rtnl", "genl", "nla", "skb", "acpi", "pci",
				     "nfs", "sctp", "snd", "drm", "usb", "ata", "scsi", "blk", "bio",
				     "crypto", "device", "driver", "bus", "serial", "hid", "input",
				     NULL };

static bool quiet_prefix(const char *name, size_t len)
{
	for (int i = 0; QUIET[i]; i++) {
		size_t q = strlen(QUIET[i]);

		if (len > q && !strncmp(name, QUIET[i], q) && name[q] == '_')
			return true;
	}
	return false;
}

/* The index of the first name of the sorted list not below key (its
 * first len bytes). */
static size_t lower_bound(const struct bl_func_list *all, const char *key, size_t len)
{
	size_t lo = 0, hi = all->cnt;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strncmp(all->names[mid], key, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* How many names start with the len bytes of p and then a byte in
 * [from, to] (0, 255: any or none). Such names are neighbours in the
 * list, sorted by strcmp, which compares unsigned bytes. */
static size_t range_count(const struct multi_pool *pool, const char *p, size_t len,
			  unsigned char from, unsigned char to)
{
	const struct bl_func_list *all = &pool->all;
	char key[256];
	size_t first, past;

	if (len + 2 > sizeof(key))
		return 0;
	memcpy(key, p, len);
	key[len] = (char)from;
	first = lower_bound(all, key, from ? len + 1 : len);
	if (to == 255) {	/* past every name with the prefix: bump its last byte */
		size_t n = len;

		while (n && (unsigned char)key[n - 1] == 255)
			n--;
		if (!n)
			return all->cnt - first;
		key[n - 1]++;
		past = lower_bound(all, key, n);
	} else {
		key[len] = (char)(to + 1);
		past = lower_bound(all, key, len + 1);
	}
	if (past <= first || pool->dups[past] != pool->dups[first])
		return 0;
	return past - first;
}

static void consider(size_t c, size_t n, size_t *best, size_t *best_d, char *pattern,
		     size_t plen, const char *fmt, ...)
{
	size_t d = c > n ? c - n : n - c;
	va_list ap;

	if (!c || d >= *best_d)
		return;
	*best_d = d;
	*best = c;
	va_start(ap, fmt);
	vsnprintf(pattern, plen, fmt, ap);
	va_end(ap);
}

/* The ends of the ranges, in byte order: characters of names only. */
#define RANGE_ENDS "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"

/* pattern: of the quiet subsystems' patterns, the one whose count is
 * closest to n (the first such on a tie): "PREFIX*" for every prefix of a
 * name that ends in '_' ("acpi_", "acpi_ex_"), and "SUB_[x-y]*" for a
 * range of characters after a subsystem's own prefix ("acpi_[a-m]*"), which
 * cuts the large subsystems finer. */
size_t multi_pool_choose(const struct multi_pool *pool, size_t n, char *pattern, size_t plen)
{
	const struct bl_func_list *all = &pool->all;
	size_t best = 0, best_d = (size_t)-1;

	for (size_t i = 0; i < all->cnt; i++) {
		const char *s = all->names[i];

		for (size_t len = 1; s[len]; len++) {
			if (s[len - 1] != '_' || !quiet_prefix(s, len))
				continue;
			/* each prefix once: at the first name that has it */
			if (i && !strncmp(all->names[i - 1], s, len))
				continue;
			consider(range_count(pool, s, len, 0, 255), n, &best, &best_d, pattern, plen,
				 "%.*s*", (int)len, s);
			if (strchr(s, '_') != s + len - 1)
				continue;
			for (const char *x = RANGE_ENDS; *x; x++)
				for (const char *y = x + 1; *y; y++)
					consider(range_count(pool, s, len, *x, *y), n, &best, &best_d,
						 pattern, plen, "%.*s[%c-%c]*", (int)len, s, *x, *y);
		}
	}
	return best;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of text ("NAME..." a line; skip: the fields before it, 2 for
 * /proc/kallsyms's address and type) that are there more than once,
 * among all's: dup[i] set for all->names[i]. */
static int mark_dups(const struct bl_func_list *all, const char *text, int skip, bool *dup)
{
	struct bl_func_list seen = { 0 };

	for (const char *line = text; *line;) {
		const char *end = strchr(line, '\n'), *name = line;
		size_t len;

		if (!end)
			end = line + strlen(line);
		for (int f = 0; f < skip && name < end; f++) {
			name += strcspn(name, " \t\n");
			name += strspn(name, " \t");
		}
		len = strcspn(name, " \t\n");
		/* kallsyms: functions only (t, T), as a kprobe by name looks at */
		if (skip && (name - line < 2 || (name[-2] != 't' && name[-2] != 'T')))
			len = 0;
		if (len && name < end) {
			char key[len + 1];
			const char *k = key;
			char **hit;

			memcpy(key, name, len);
			key[len] = '\0';
			hit = bsearch(&k, all->names, all->cnt, sizeof(*all->names), cmp_name);
			if (hit) {
				size_t i = (size_t)(hit - all->names);

				if (seen.cnt == 0)
					seen.names = calloc(all->cnt, sizeof(char *));
				if (!seen.names)
					return -ENOMEM;
				if (seen.names[i])
					dup[i] = true;
				seen.names[i] = (char *)hit;
				seen.cnt = 1;
			}
		}
		line = *end ? end + 1 : end;
	}
	free(seen.names);
	return 0;
}

int multi_pool_read(struct multi_pool *pool, char *err, size_t elen)
{
	char dir[256], path[300];
	unsigned char *avail = NULL, *black = NULL, *ksyms = NULL;
	struct bl_err e = { { 0 } };
	bool *dup = NULL;
	size_t len;
	int ret;

	memset(pool, 0, sizeof(*pool));
	if ((ret = bl_tracefs_dir(dir, sizeof(dir), &e))) {
		snprintf(err, elen, "%s", e.msg);
		return ret;
	}
	snprintf(path, sizeof(path), "%s/available_filter_functions", dir);
	if ((ret = bl_read_file(path, 64u << 20, &avail, &len))) {
		snprintf(err, elen, "cannot read %s: %s", path, strerror(-ret));
		return ret;
	}
	bl_read_file(BLACKLIST, 64u << 20, &black, &len);	/* without: none */
	ret = -ENOMEM;
	if (bl_func_pattern_kernel("*", (char *)avail, (char *)black, &pool->all))
		goto out;
	dup = calloc(pool->all.cnt + 1, sizeof(*dup));
	pool->dups = calloc(pool->all.cnt + 1, sizeof(*pool->dups));
	if (!dup || !pool->dups || mark_dups(&pool->all, (char *)avail, 0, dup))
		goto out;
	if (!bl_read_file("/proc/kallsyms", 64u << 20, &ksyms, &len) &&
	    mark_dups(&pool->all, (char *)ksyms, 2, dup))
		goto out;
	for (size_t i = 0; i < pool->all.cnt; i++)
		pool->dups[i + 1] = pool->dups[i] + dup[i];
	ret = 0;
out:
	if (ret) {
		snprintf(err, elen, "out of memory");
		multi_pool_free(pool);
	}
	free(ksyms);
	free(dup);
	free(avail);
	free(black);
	return ret;
}

void multi_pool_free(struct multi_pool *pool)
{
	bl_func_list_free(&pool->all);
	free(pool->dups);
	pool->dups = NULL;
}
