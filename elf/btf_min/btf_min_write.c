/* elf/btf_min/btf_min_write.c — the kept types as raw BTF
 * (Documentation/bpf/btf.rst, "2. BTF Type and String Encoding"): a
 * struct btf_header (magic 0xeB9F, version 1), the type area, the string
 * area (offset 0 the empty string, each name once).
 *
 * Types keep FULL's order and are renumbered from 1. Structs and unions
 * keep their size, kind_flag and the marked members with their bit
 * offsets as they are (a member dropped leaves a hole: the kernel checks
 * only that each member fits, btf_struct_resolve); enums their size and
 * sign with the marked enumerators. A pointer kept in SHAPE mode points
 * to void. DATASEC and DECL_TAG are never kept.
 */
#include "btf_min_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct buf {
	unsigned char *p;
	size_t len, cap;
};

static int put(struct buf *b, const void *data, size_t n)
{
	if (!n) /* data may be NULL then: memcpy must not see it */
		return 0;
	if (b->len + n > b->cap) {
		size_t c = b->cap ? b->cap : 4096;
		unsigned char *p;

		while (c < b->len + n)
			c *= 2;
		if (!(p = realloc(b->p, c)))
			return -ENOMEM;
		b->p = p;
		b->cap = c;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	return 0;
}

/* The strings, each once: an open-addressing table of offsets. */
struct strs {
	struct buf b;
	uint32_t *slot;		/* offset + 1; 0 free */
	size_t cap, used;
};

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static int grow(struct strs *st)
{
	size_t cap = st->cap ? st->cap * 2 : 1024;
	uint32_t *slot = calloc(cap, sizeof(*slot));

	if (!slot)
		return -ENOMEM;
	for (size_t i = 0; i < st->cap; i++) {
		size_t j;

		if (!st->slot[i])
			continue;
		j = hash((const char *)st->b.p + st->slot[i] - 1) & (cap - 1);
		while (slot[j])
			j = (j + 1) & (cap - 1);
		slot[j] = st->slot[i];
	}
	free(st->slot);
	st->slot = slot;
	st->cap = cap;
	return 0;
}

/* The offset of s in the new string area, added when new. */
static int str_off(struct strs *st, const char *s, uint32_t *off)
{
	size_t j;
	int rc;

	if (!*s) {
		*off = 0;
		return 0;
	}
	if ((st->used + 1) * 2 > st->cap && (rc = grow(st)))
		return rc;
	for (j = hash(s) & (st->cap - 1); st->slot[j]; j = (j + 1) & (st->cap - 1))
		if (!strcmp((const char *)st->b.p + st->slot[j] - 1, s)) {
			*off = st->slot[j] - 1;
			return 0;
		}
	if (st->b.len >= UINT32_MAX - 1)
		return -E2BIG;
	*off = (uint32_t)st->b.len;
	if ((rc = put(&st->b, s, strlen(s) + 1)))
		return rc;
	st->slot[j] = *off + 1;
	st->used++;
	return 0;
}

struct writer {
	const struct bl_btf_min *m;
	uint32_t *newid;	/* FULL id -> new id (0: not kept) */
	struct buf types;
	struct strs strs;
};

static int name(struct writer *w, uint32_t off, uint32_t *out)
{
	const char *s = bl_btf_name(w->m->full, off);

	return str_off(&w->strs, s ? s : "", out);
}

/* A reference to a type that must be kept. */
static int ref(struct writer *w, uint32_t id, uint32_t *out)
{
	if (id && (id >= w->m->cnt || !w->newid[id]))
		return -EINVAL;	/* a mark missed it: a bug, not bad input */
	*out = id ? w->newid[id] : 0;
	return 0;
}

static bool kept(const struct bl_btf_min *m, uint32_t id, unsigned int i, int deep)
{
	return m->mode[id] >= deep || (m->keep[id] && m->keep[id][i]);
}

static int members(struct writer *w, uint32_t id, const struct btf_type *t, unsigned int *vlen)
{
	const struct bl_btf_min *m = w->m;
	unsigned int k = bl_btf_kind(t);
	int rc = 0;

	*vlen = 0;
	for (unsigned int i = 0; i < bl_btf_vlen(t) && !rc; i++) {
		if (k == BTF_KIND_STRUCT || k == BTF_KIND_UNION) {
			struct btf_member mb = bl_btf_members(t)[i];

			if (!kept(m, id, i, MIN_DEEP))
				continue;
			if (!(rc = name(w, mb.name_off, &mb.name_off)) &&
			    !(rc = ref(w, mb.type, &mb.type)))
				rc = put(&w->types, &mb, sizeof(mb));
		} else if (k == BTF_KIND_ENUM) {
			struct btf_enum e = bl_btf_enums(t)[i];

			if (!kept(m, id, i, MIN_DEEPPTR))
				continue;
			if (!(rc = name(w, e.name_off, &e.name_off)))
				rc = put(&w->types, &e, sizeof(e));
		} else {
			struct btf_enum64 e = bl_btf_enum64s(t)[i];

			if (!kept(m, id, i, MIN_DEEPPTR))
				continue;
			if (!(rc = name(w, e.name_off, &e.name_off)))
				rc = put(&w->types, &e, sizeof(e));
		}
		if (!rc)
			(*vlen)++;
	}
	return rc;
}

static int one_type(struct writer *w, uint32_t id)
{
	const struct btf_type *t = bl_btf_type(w->m->full, id);
	struct btf_type out = *t;
	size_t at = w->types.len;
	unsigned int vlen;
	int rc;

	if ((rc = name(w, t->name_off, &out.name_off)) || (rc = put(&w->types, &out, sizeof(out))))
		return rc;
	switch (bl_btf_kind(t)) {
	case BTF_KIND_PTR:
		if (w->m->mode[id] < MIN_COMPAT)
			out.type = 0;
		else if ((rc = ref(w, t->type, &out.type)))
			return rc;
		break;
	case BTF_KIND_TYPEDEF: case BTF_KIND_CONST: case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG: case BTF_KIND_FUNC:
		if ((rc = ref(w, t->type, &out.type)))
			return rc;
		break;
	case BTF_KIND_VAR: {
		struct btf_var v = *bl_btf_var(t);

		if ((rc = ref(w, t->type, &out.type)) || (rc = put(&w->types, &v, sizeof(v))))
			return rc;
		break;
	}
	case BTF_KIND_INT:
		if ((rc = put(&w->types, t + 1, 4)))
			return rc;
		break;
	case BTF_KIND_ARRAY: {
		struct btf_array a = *bl_btf_array(t);

		if ((rc = ref(w, a.type, &a.type)) || (rc = ref(w, a.index_type, &a.index_type)) ||
		    (rc = put(&w->types, &a, sizeof(a))))
			return rc;
		break;
	}
	case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
		if ((rc = members(w, id, t, &vlen)))
			return rc;
		out.info = (t->info & ~0xffffu) | vlen;	/* kind, kind_flag kept; vlen: bits 0-15 */
		break;
	case BTF_KIND_FUNC_PROTO:
		if ((rc = ref(w, t->type, &out.type)))
			return rc;
		for (unsigned int i = 0; i < bl_btf_vlen(t); i++) {
			struct btf_param p = bl_btf_params(t)[i];

			if ((rc = name(w, p.name_off, &p.name_off)) || (rc = ref(w, p.type, &p.type)) ||
			    (rc = put(&w->types, &p, sizeof(p))))
				return rc;
		}
		break;
	case BTF_KIND_FWD: case BTF_KIND_FLOAT:
		break;
	default:
		return -EINVAL;	/* DATASEC, DECL_TAG: never marked */
	}
	memcpy(w->types.p + at, &out, sizeof(out));
	return 0;
}

int bl_btf_min_write(const struct bl_btf_min *m, void **data, size_t *len, struct bl_err *err)
{
	struct writer w = { .m = m };
	struct btf_header h = { .magic = BTF_MAGIC, .version = BTF_VERSION,
				.hdr_len = sizeof(struct btf_header) };
	struct buf out = { 0 };
	uint32_t next = 1;
	int rc = -ENOMEM;

	*data = NULL;
	*len = 0;
	w.newid = calloc(m->cnt ? m->cnt : 1, sizeof(*w.newid));
	if (!w.newid || put(&w.strs.b, "", 1))
		goto out;
	for (uint32_t id = 1; id < m->cnt; id++)
		if (m->mode[id] != MIN_NONE)
			w.newid[id] = next++;
	for (uint32_t id = 1; id < m->cnt; id++)
		if (m->mode[id] != MIN_NONE && (rc = one_type(&w, id)))
			goto out;
	rc = -E2BIG;
	if (w.types.len > UINT32_MAX / 2 || w.strs.b.len > UINT32_MAX / 2)
		goto out;
	h.type_off = 0;
	h.type_len = (uint32_t)w.types.len;
	h.str_off = h.type_len;
	h.str_len = (uint32_t)w.strs.b.len;
	if ((rc = put(&out, &h, sizeof(h))) || (rc = put(&out, w.types.p, w.types.len)) ||
	    (rc = put(&out, w.strs.b.p, w.strs.b.len)))
		goto out;
	*data = out.p;
	*len = out.len;
	out.p = NULL;
out:
	free(out.p);
	free(w.newid);
	free(w.types.p);
	free(w.strs.b.p);
	free(w.strs.slot);
	if (rc == -EINVAL)
		return bl_err_set(err, rc, "minimized BTF: a kept type refers to one not kept (a bug in elf/btf_min/)");
	if (rc)
		return bl_err_set(err, rc, rc == -E2BIG ? "minimized BTF: more than 2 GiB" : "out of memory");
	return 0;
}
