/* elf/value/record_type.c — the record type of a buffer, from the .BTF
 * or the DWARF of an object, or by the record's size
 * (elf/value/record_type.h). The .BTF first: it is what the program was
 * loaded with. */
#include "record_type.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "elf/dwarf/dwarf.h"
#include "elf/value/btf_value.h"

/* A type of the DWARF converted to BTF, kept for the types' lifetime. */
struct converted {
	int die;
	struct bl_btf *btf;
	uint32_t id;
};

struct bl_record_types {
	char *path;
	const struct bl_btf *btf;	/* NULL: none */
	struct bl_btf *own_btf;		/* the file's, when not given one */
	struct bl_dwarf *dw;		/* NULL: none (or not read yet) */
	bool dwarf_read;
	int dwarf_ret;			/* of reading it */
	struct bl_err dwarf_err;
	struct converted *conv;
	size_t conv_cnt;
};

int bl_record_types_open(const char *path, const struct bl_btf *btf,
			 struct bl_record_types **out, struct bl_err *err)
{
	struct bl_record_types *rt = calloc(1, sizeof(*rt));
	void *raw = NULL;
	size_t len = 0;
	int ret = -ENOMEM;

	*out = NULL;
	if (!rt || !(rt->path = strdup(path)))
		goto fail;
	rt->btf = btf;
	if (!btf) {
		/* the DWARF now too: one pass over the file */
		ret = bl_dwarf_read_file(path, &rt->dw, &raw, &len, err);
		rt->dwarf_read = true;
		if (ret)
			goto fail;
		if (raw) {
			ret = bl_btf_parse(raw, len, path, &rt->own_btf, err);
			free(raw);
			if (!ret)
				ret = bl_btf_check_loops(rt->own_btf, path, err);
			if (ret)
				goto fail;
			rt->btf = rt->own_btf;
		}
	}
	*out = rt;
	return 0;
fail:
	bl_record_types_free(rt);
	return ret;
}

void bl_record_types_free(struct bl_record_types *rt)
{
	if (!rt)
		return;
	for (size_t i = 0; i < rt->conv_cnt; i++)
		bl_btf_free(rt->conv[i].btf);
	free(rt->conv);
	bl_dwarf_free(rt->dw);
	bl_btf_free(rt->own_btf);
	free(rt->path);
	free(rt);
}

static int read_dwarf(struct bl_record_types *rt, struct bl_err *err)
{
	if (!rt->dwarf_read) {
		rt->dwarf_read = true;
		rt->dwarf_ret = bl_dwarf_read_file(rt->path, &rt->dw, NULL, NULL, &rt->dwarf_err);
	}
	if (rt->dwarf_ret)
		*err = rt->dwarf_err;
	return rt->dwarf_ret;
}

bool bl_record_types_have_dwarf(struct bl_record_types *rt)
{
	struct bl_err err;

	return !read_dwarf(rt, &err) && rt->dw;
}

/* The DIE as BTF, converted once. */
static int convert(struct bl_record_types *rt, int die, struct bl_record_type *out,
		   struct bl_err *err)
{
	struct converted *c;
	void *raw;
	size_t len;
	uint32_t id;
	int ret;

	for (size_t i = 0; i < rt->conv_cnt; i++) {
		if (rt->conv[i].die == die) {
			*out = (struct bl_record_type){ rt->conv[i].btf, rt->conv[i].id, "DWARF" };
			return 0;
		}
	}
	c = realloc(rt->conv, (rt->conv_cnt + 1) * sizeof(*c));
	if (!c)
		return -ENOMEM;
	rt->conv = c;
	c = &rt->conv[rt->conv_cnt];
	ret = bl_dwarf_to_btf(rt->dw, die, &raw, &len, &id, err);
	if (ret)
		return ret;
	ret = bl_btf_parse_owned(raw, len, NULL, rt->path, &c->btf, err);
	if (ret)
		return ret;
	ret = bl_btf_check_loops(c->btf, rt->path, err);
	if (ret) {
		bl_btf_free(c->btf);
		return ret;
	}
	c->die = die;
	c->id = id;
	rt->conv_cnt++;
	*out = (struct bl_record_type){ c->btf, id, "DWARF" };
	return 0;
}

static int find_dwarf(struct bl_record_types *rt, const char *name, struct bl_record_type *out,
		      struct bl_err *err)
{
	int ret = read_dwarf(rt, err), die = -ENOENT;

	if (ret)
		return ret;
	if (!rt->dw)
		return -ENOENT;
	if (name) {
		die = bl_dwarf_find_type(rt->dw, name);
	} else {
		int ev = bl_dwarf_find_type(rt->dw, "event"), data = bl_dwarf_find_type(rt->dw, "data_t");

		/* typedef struct data_t {...} data_t is one candidate */
		if (ev >= 0 && data >= 0)
			return -EEXIST;
		die = ev >= 0 ? ev : data;
	}
	return die < 0 ? -ENOENT : convert(rt, die, out, err);
}

int bl_record_type_find(struct bl_record_types *rt, const char *name,
			struct bl_record_type *out, struct bl_err *err)
{
	int id = bl_btf_event_type(rt->btf, name);

	if (id > 0) {
		*out = (struct bl_record_type){ rt->btf, (uint32_t)id, "BTF" };
		return 0;
	}
	if (id == -EEXIST)
		return id;
	return find_dwarf(rt, name, out, err);
}

const char *bl_record_type_name(const struct bl_record_type *t)
{
	const struct btf_type *bt = t->btf ? bl_btf_type(t->btf, t->id) : NULL;
	const char *n = bt ? bl_btf_name(t->btf, bt->name_off) : NULL;

	return n ? n : "";
}

#define SIZE_CANDIDATES 8

int bl_record_type_by_size(struct bl_record_types *rt, size_t min, size_t max,
			   struct bl_record_type *out, int *cnt, struct bl_err *err)
{
	int dies[SIZE_CANDIDATES], n = 0, found_btf = 0, nd = 0, ret;
	const char *names[SIZE_CANDIDATES];

	if (cnt)
		*cnt = 0;
	for (uint32_t id = 1; rt->btf && id < bl_btf_type_cnt(rt->btf); id++) {
		const struct btf_type *t = bl_btf_type(rt->btf, id);
		const char *name = bl_btf_name(rt->btf, t->name_off);
		unsigned kind = bl_btf_kind(t);

		if ((kind != BTF_KIND_STRUCT && kind != BTF_KIND_UNION) || !name || !*name ||
		    t->size < min || t->size > max)
			continue;
		if (n < SIZE_CANDIDATES)
			names[n] = name;
		if (!n)
			found_btf = (int)id;
		n++;
	}
	ret = read_dwarf(rt, err);
	if (ret)
		return ret;
	if (rt->dw)
		nd = bl_dwarf_types_of_size(rt->dw, min, max, dies, SIZE_CANDIDATES);
	for (int i = 0; i < nd && i < SIZE_CANDIDATES; i++) {
		const char *name = bl_dwarf_die_name(rt->dw, dies[i]);
		bool seen = false;

		for (int k = 0; k < n && k < SIZE_CANDIDATES; k++)
			seen |= !strcmp(names[k], name);
		if (seen)
			continue;
		if (n < SIZE_CANDIDATES)
			names[n] = name;
		n++;
	}
	n += nd > SIZE_CANDIDATES ? nd - SIZE_CANDIDATES : 0;
	if (cnt)
		*cnt = n;
	if (n != 1)
		return n ? -EEXIST : -ENOENT;
	if (found_btf) {
		*out = (struct bl_record_type){ rt->btf, (uint32_t)found_btf, "BTF" };
		return 0;
	}
	return convert(rt, dies[0], out, err);
}
