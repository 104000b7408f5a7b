/* elf/kernel_req/missing.c — of what a program needs (kernel_req.c), what
 * a given kernel version lacks, and the sentence that says so:
 *
 *     needs Linux 5.12 (atomic fetch-and-add at soak_ringbuf.bpf.c:31); this kernel is 5.10
 *
 * The version of a kernel is its release (uname(2)'s release field,
 * "5.10.0-32-amd64"): major.minor is compared, the patch level and
 * the distribution's suffix are not (the tables of versions.c name the
 * release that brought each feature, x.y). A distribution may backport
 * a feature to an older release: this only says what mainline lacks, and
 * the command line says it only for what the kernel actually refused
 * (docs/kernel-versions.md). Pure: no syscalls.
 */
#include "kernel_req.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A decimal number of at most 3 digits at *s, moved past; -1 if none. */
static int number(const char **s)
{
	int n = 0, digits = 0;

	while (**s >= '0' && **s <= '9') {
		if (++digits > 3)
			return -1;
		n = n * 10 + (**s - '0');
		(*s)++;
	}
	return digits ? n : -1;
}

uint32_t bl_kv_parse(const char *release)
{
	const char *s = release;
	int major, minor;

	if (!s || (major = number(&s)) < 1 || major > 255 || *s++ != '.' ||
	    (minor = number(&s)) < 0 || minor > 255)
		return 0;
	/* what may follow: ".patch", "-rc1", "-32-amd64", "+", nothing */
	if (*s && *s != '.' && *s != '-' && *s != '+' && *s != '_' && *s != '~')
		return 0;
	return BL_KV(major, minor);
}

static bool lacking(const struct bl_kreq_reason *x, uint32_t running)
{
	return !x->note && x->version > running;
}

int bl_kreq_missing(const struct bl_kreq *prog, const struct bl_kreq *object, uint32_t running,
		    struct bl_kreq_missing *m)
{
	size_t n = 0, i = 0, j = 0;

	memset(m, 0, sizeof(*m));
	m->running = running;
	if (!running) /* a release we could not read: nothing is claimed */
		return 0;
	for (size_t k = 0; prog && k < prog->cnt; k++)
		n += lacking(&prog->reasons[k], running);
	for (size_t k = 0; object && k < object->cnt; k++)
		n += lacking(&object->reasons[k], running);
	if (!n)
		return 0;
	m->reasons = calloc(n, sizeof(*m->reasons));
	if (!m->reasons)
		return -ENOMEM;
	/* Both lists are highest first (notes after, kernel_req.c): a merge,
	 * the program's reason first of two of the same version. */
	while (m->cnt < n) {
		const struct bl_kreq_reason *a = NULL, *b = NULL;

		while (prog && i < prog->cnt && !lacking(&prog->reasons[i], running))
			i++;
		while (object && j < object->cnt && !lacking(&object->reasons[j], running))
			j++;
		if (prog && i < prog->cnt)
			a = &prog->reasons[i];
		if (object && j < object->cnt)
			b = &object->reasons[j];
		if (a && (!b || a->version >= b->version)) {
			m->reasons[m->cnt++] = a;
			i++;
		} else {
			m->reasons[m->cnt++] = b;
			j++;
		}
	}
	return 0;
}

void bl_kreq_missing_free(struct bl_kreq_missing *m)
{
	free(m->reasons);
	m->reasons = NULL;
	m->cnt = 0;
}

/* The length of x->what without a last " (...)": the encoding or the id
 * of an instruction-level reason ("(BPF_ATOMIC|BPF_FETCH)", "(181)"). */
static size_t short_what(const struct bl_kreq_reason *x)
{
	size_t n = strlen(x->what);
	int depth = 0;

	if (x->insn < 0 || !n || x->what[n - 1] != ')')
		return n;
	for (size_t k = n; k-- > 0;) {
		if (x->what[k] == ')')
			depth++;
		else if (x->what[k] == '(' && --depth == 0)
			return k > 0 && x->what[k - 1] == ' ' ? k - 1 : n;
	}
	return n;
}

const char *bl_kreq_reason_short(const struct bl_kreq_reason *x, char *buf, size_t len)
{
	int n = (int)short_what(x);

	if (x->insn >= 0 && x->file)
		snprintf(buf, len, "%.*s at %s:%u", n, x->what, x->file, x->line);
	else if (x->insn >= 0)
		snprintf(buf, len, "%.*s at insn %ld of %s", n, x->what, x->insn,
			 x->func ? x->func : "?");
	else
		snprintf(buf, len, "%s", x->what);
	return buf;
}

const char *bl_kreq_reason_long(const struct bl_kreq_reason *x, char *buf, size_t len)
{
	int n = 0;

	if (x->insn < 0)
		snprintf(buf, len, "%s", x->what);
	else if (x->file)
		n = snprintf(buf, len, "%s at insn %ld of %s (%s:%u)", x->what, x->insn,
			     x->func ? x->func : "?", x->file, x->line);
	else
		n = snprintf(buf, len, "%s at insn %ld of %s", x->what, x->insn,
			     x->func ? x->func : "?");
	if (x->insn >= 0 && x->more && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, ", and %u more", x->more);
	return buf;
}

const char *bl_kreq_needs_line(const struct bl_kreq_missing *m, char *buf, size_t len)
{
	char v[16], r[16], what[sizeof(m->reasons[0]->what) + 128], more[32] = "";

	if (!m->cnt) {
		snprintf(buf, len, "%s", "");
		return buf;
	}
	if (m->cnt > 1)
		snprintf(more, sizeof(more), ", and %zu more", m->cnt - 1);
	snprintf(buf, len, "needs Linux %s (%s%s); this kernel is %s",
		 bl_kv_str(m->reasons[0]->version, v, sizeof(v)),
		 bl_kreq_reason_short(m->reasons[0], what, sizeof(what)), more,
		 bl_kv_str(m->running, r, sizeof(r)));
	return buf;
}
