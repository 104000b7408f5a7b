/* elf/btf_min/btf_min_mark.c — which of FULL's types a minimized BTF keeps,
 * and how much of each (btf_min_internal.h: the modes).
 *
 * A mark is processed once per stronger mode, from an explicit stack (a
 * hostile FULL may chain thousands of typedefs; cycles through pointers
 * end because a type already processed in a mode is not processed
 * again). What each kind refers to follows Documentation/bpf/btf.rst,
 * "2.2 Type Encoding".
 */
#include "btf_min_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int bl_btf_min_new(const struct bl_btf *full, struct bl_btf_min **out, struct bl_err *err)
{
	struct bl_btf_min *m = calloc(1, sizeof(*m));

	*out = NULL;
	if (!m)
		return bl_err_set(err, -ENOMEM, "out of memory");
	m->full = full;
	m->cnt = bl_btf_type_cnt(full);
	m->mode = malloc(m->cnt);
	m->keep = calloc(m->cnt, sizeof(*m->keep));
	if (!m->mode || !m->keep) {
		bl_btf_min_free(m);
		return bl_err_set(err, -ENOMEM, "out of memory");
	}
	memset(m->mode, MIN_NONE, m->cnt);
	*out = m;
	return 0;
}

void bl_btf_min_free(struct bl_btf_min *m)
{
	if (!m)
		return;
	for (uint32_t i = 0; m->keep && i < m->cnt; i++)
		free(m->keep[i]);
	free(m->keep);
	free(m->mode);
	free(m->stack);
	free(m);
}

uint32_t bl_btf_min_type_cnt(const struct bl_btf_min *m)
{
	return m->kept;
}

static int push(struct bl_btf_min *m, uint32_t id, int mode)
{
	if (id == 0 || id >= m->cnt || m->mode[id] >= mode)
		return 0;
	if (m->stack_len == m->stack_cap) {
		size_t n = m->stack_cap ? m->stack_cap * 2 : 256;
		struct min_item *s = realloc(m->stack, n * sizeof(*s));

		if (!s)
			return -ENOMEM;
		m->stack = s;
		m->stack_cap = n;
	}
	m->stack[m->stack_len++] = (struct min_item){ id, mode };
	return 0;
}

/* Keeps id in mode and pushes what that needs. */
static int process(struct bl_btf_min *m, uint32_t id, int mode)
{
	const struct btf_type *t = bl_btf_type(m->full, id);
	int rc = 0;

	if (m->mode[id] >= mode)
		return 0;
	if (m->mode[id] == MIN_NONE)
		m->kept++;
	m->mode[id] = (int8_t)mode;
	switch (bl_btf_kind(t)) {
	case BTF_KIND_PTR:
		if (mode >= MIN_COMPAT)
			rc = push(m, t->type, mode == MIN_DEEP ? MIN_DEEPPTR : mode);
		return rc;
	case BTF_KIND_TYPEDEF: case BTF_KIND_CONST: case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG: case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
		return push(m, t->type, mode);
	case BTF_KIND_ARRAY:
		rc = push(m, bl_btf_array(t)->type, mode);
		return rc ? rc : push(m, bl_btf_array(t)->index_type, MIN_SHAPE);
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		for (unsigned int i = 0; mode == MIN_DEEP && i < bl_btf_vlen(t) && !rc; i++)
			rc = push(m, bl_btf_members(t)[i].type, MIN_DEEP);
		return rc;
	case BTF_KIND_FUNC_PROTO:
		rc = push(m, t->type, mode);
		for (unsigned int i = 0; i < bl_btf_vlen(t) && !rc; i++)
			rc = push(m, bl_btf_params(t)[i].type, mode);
		return rc;
	}
	return 0;	/* INT, FLOAT, FWD, ENUM, ENUM64: nothing referred to */
}

static int drain(struct bl_btf_min *m)
{
	while (m->stack_len) {
		struct min_item it = m->stack[--m->stack_len];
		int rc = process(m, it.id, it.mode);

		if (rc)
			return rc;
	}
	return 0;
}

int min_mark(struct bl_btf_min *m, uint32_t id, int mode)
{
	int rc = push(m, id, mode);

	return rc ? rc : drain(m);
}

int min_mark_member(struct bl_btf_min *m, uint32_t id, uint32_t idx)
{
	const struct btf_type *t = bl_btf_type(m->full, id);
	unsigned int k;

	if (!t)
		return -EINVAL;
	k = bl_btf_kind(t);
	if ((k != BTF_KIND_STRUCT && k != BTF_KIND_UNION && k != BTF_KIND_ENUM &&
	     k != BTF_KIND_ENUM64) || idx >= bl_btf_vlen(t))
		return -EINVAL;
	if (!m->keep[id] && !(m->keep[id] = calloc(bl_btf_vlen(t), 1)))
		return -ENOMEM;
	m->keep[id][idx] = 1;
	if (k == BTF_KIND_STRUCT || k == BTF_KIND_UNION) {
		int rc = push(m, bl_btf_members(t)[idx].type, MIN_SHAPE);

		if (rc)
			return rc;
	}
	return min_mark(m, id, MIN_SHAPE);
}
