/* loader/cli/map_dump.c — `bpfload run`: the contents of the maps, at the
 * end and at every --interval, for a person (text) or a program (JSON).
 *
 * The entries are read with BPF_MAP_GET_NEXT_KEY + BPF_MAP_LOOKUP_ELEM
 * (bl_map_for_each; include/uapi/linux/bpf.h), all of one map first, then
 * shown:
 *   - the internal maps of global data (.rodata, .data, .bss, .kconfig,
 *     bpf_printk's .rodata.str1.1: origin BL_MAP_DATA) only with
 *     --all-maps, or when a program wrote into them: a .data or .bss whose
 *     contents are no longer those of the load (.rodata as given by
 *     --set, .bss zeros) holds results, as libbpf-tools' softirqs keeps
 *     its counts in .bss; .kconfig never;
 *   - the maps of the USDT machinery (__bpf_usdt_specs,
 *     __bpf_usdt_ip_to_spec_id: where the arguments are, written by the
 *     loader, docs/usdt.md) only with --all-maps;
 *   - a hash map's entries sorted: by value, largest first, when the
 *     value is one integer (a counter: BTF says int, or no BTF and an
 *     integer's size; a per-CPU value by its sum over the CPUs), else by
 *     key (integers as numbers, anything else byte by byte); --top N
 *     keeps the first N;
 *   - an array's runs of two or more all-zero values as one line,
 *     "[3..511]  0 (509 entries)" (text only: JSON has every entry);
 *   - text as a table (table.c): a header of column names (KEY and VALUE, or the
 *     members' names of a struct key or value, elf/value/btf_value.h's
 *     cells) and one row per entry, each column as wide as its widest
 *     cell in this dump;
 *   - JSON as one "map_dump" line per map (docs/json.md): the raw bytes
 *     and "formatted", the same rule for every map: typed by the BTF where
 *     it has the type (Documentation/bpf/btf.rst "3.2 BPF_MAP_CREATE"),
 *     else a number when the size is an integer's, else the hex string.
 * Histograms (histogram.c) are drawn as bcc draws them, in text.
 */
#define _GNU_SOURCE
#include "loader/cli/output.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "elf/value/btf_value.h"
#include "loader/cli/histogram.h"
#include "loader/cli/table.h"

static void hex(FILE *f, const void *buf, size_t len)
{
	const unsigned char *b = buf;

	for (size_t i = 0; i < len; i++)
		fprintf(f, i ? " %02x" : "%02x", b[i]);
}

/* An integer of 1, 2, 4 or 8 bytes in this machine's byte order. */
static bool as_u64(const void *buf, size_t len, uint64_t *v)
{
	switch (len) {
	case 1: *v = *(const uint8_t *)buf; return true;
	case 2: { uint16_t x; memcpy(&x, buf, 2); *v = x; return true; }
	case 4: { uint32_t x; memcpy(&x, buf, 4); *v = x; return true; }
	case 8: memcpy(v, buf, 8); return true;
	default: return false;
	}
}

static bool is_percpu(uint32_t type)
{
	return type == BPF_MAP_TYPE_PERCPU_ARRAY || type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static bool is_hash(uint32_t type)
{
	return type == BPF_MAP_TYPE_HASH || type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_LRU_HASH || type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static bool is_array(uint32_t type)
{
	return type == BPF_MAP_TYPE_ARRAY || type == BPF_MAP_TYPE_PERCPU_ARRAY;
}

/* The BTF the maps' type ids refer to: the object's, as completed for
 * the kernel (DATASEC sizes), which keeps the ids. */
static const struct bl_btf *object_btf(const struct bl_object *l)
{
	return l->spec->btf_fixed ? l->spec->btf_fixed : l->spec->btf;
}

static bool has_type(const struct bl_btf *btf, uint32_t id, size_t one)
{
	uint32_t size;

	return btf && id && !bl_btf_resolve_size(btf, id, &size) && size == one;
}

/* How a key or a value of a map reads: its type and, for ordering, whether
 * it is one integer and a signed one. */
struct shape {
	uint32_t id;		/* BTF type; 0: none usable */
	size_t one;		/* bytes of one value (per CPU) */
	bool percpu;
	bool integer, is_signed;
};

static struct shape shape_of(const struct bl_btf *btf, uint32_t id, size_t one, bool percpu)
{
	struct shape s = { has_type(btf, id, one) ? id : 0, one, percpu, false, false };
	const struct btf_type *t = s.id ? bl_btf_skip_modifiers(btf, s.id, NULL) : NULL;

	if (t && bl_btf_kind(t) == BTF_KIND_INT && t->size <= 8 &&
	    !(BTF_INT_ENCODING(bl_btf_int_data(t)) & BTF_INT_BOOL)) {
		s.integer = true;
		s.is_signed = BTF_INT_ENCODING(bl_btf_int_data(t)) & BTF_INT_SIGNED;
	} else if (!s.id) {
		s.integer = one == 1 || one == 2 || one == 4 || one == 8;
	}
	return s;
}

/* An integer as a key for unsigned comparison: signed ones biased so
 * that -1 < 0; a per-CPU one summed over the CPUs. */
static uint64_t order_value(const struct shape *s, const unsigned char *buf, size_t len)
{
	size_t stride = s->percpu ? (s->one + 7) / 8 * 8 : len;
	uint64_t sum = 0, v;

	for (size_t at = 0; stride && at + s->one <= len; at += stride) {
		if (!as_u64(buf + at, s->one, &v))
			return 0;
		if (s->is_signed && s->one < 8 && (v >> (s->one * 8 - 1) & 1))
			v |= ~0ull << (s->one * 8);
		sum += v;
	}
	return s->is_signed ? sum ^ (1ull << 63) : sum;
}

/* One value written typed; else a number when it has an integer's size;
 * else hex (a quoted string in JSON). A per-CPU value as a list, one per
 * CPU (each rounded up to 8 bytes). */
static void put_value(FILE *f, bool json, const struct bl_btf *btf, const struct shape *s,
		      const void *buf, size_t len)
{
	enum bl_btf_form form = json ? BL_BTF_JSON : BL_BTF_TEXT;
	size_t stride = (s->one + 7) / 8 * 8;
	uint64_t v;

	if (!s->percpu) {
		if (s->id && bl_btf_value_print(f, btf, s->id, buf, len, form) == 0)
			return;
		if (!s->id && as_u64(buf, len, &v)) {
			fprintf(f, "%llu", (unsigned long long)v);
			return;
		}
		if (json)
			bl_json_hex(f, buf, len);
		else
			hex(f, buf, len);
		return;
	}
	fputc('[', f);
	for (size_t at = 0; at + s->one <= len; at += stride) {
		struct shape one = *s;

		if (at)
			fputs(json ? "," : ", ", f);
		one.percpu = false;
		put_value(f, json, btf, &one, (const char *)buf + at, s->one);
	}
	fputc(']', f);
}

/* --- the entries of one map ------------------------------------------ */

struct entry {
	unsigned char *key, *value;
	/* what qsort compares (it passes no context): */
	uint64_t order;		/* the counter's value, when by_value */
	uint64_t key_order;	/* an integer key's value, when key_int */
	size_t key_len;
	bool by_value, key_int;
};

struct entries {
	struct entry *e;
	size_t cnt, cap;
	size_t value_len;
	int err;
};

static int collect(const struct bl_map *m, const void *key, const void *value, size_t value_len,
		   void *arg)
{
	struct entries *es = arg;
	size_t klen = m->spec->key_size;
	struct entry *e;

	if (es->cnt == es->cap) {
		size_t cap = es->cap ? es->cap * 2 : 64;
		struct entry *grown = realloc(es->e, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		es->e = grown;
		es->cap = cap;
	}
	e = &es->e[es->cnt];
	e->key = malloc(klen + value_len + 1);
	if (!e->key)
		return -ENOMEM;
	memcpy(e->key, key, klen);
	e->value = e->key + klen;
	memcpy(e->value, value, value_len);
	es->value_len = value_len;
	es->cnt++;
	return 0;
}

static void entries_free(struct entries *es)
{
	for (size_t i = 0; i < es->cnt; i++)
		free(es->e[i].key);
	free(es->e);
}

static int cmp_entries(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;

	if (a->by_value && a->order != b->order)
		return a->order > b->order ? -1 : 1; /* largest first */
	if (a->key_int)
		return a->key_order < b->key_order ? -1 : a->key_order > b->key_order;
	return memcmp(a->key, b->key, a->key_len);
}

static bool all_zero(const unsigned char *b, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (b[i])
			return false;
	return true;
}

/* --- text: a table (table.c) ----------------------------------------- */

/* The cells of a key or value: a struct's members (not per CPU), else
 * one cell; typed cells as columns show them (strings without quotes). */
static void put_cells(FILE *f, const struct bl_btf *btf, const struct shape *s,
		      const void *buf, size_t len)
{
	char *tmp = NULL;
	size_t n = 0;
	FILE *m;

	if (s->id && !s->percpu && (m = open_memstream(&tmp, &n))) {
		int ret = bl_btf_value_row_cells(m, btf, s->id, buf, len);

		fclose(m);
		if (!ret && n && tmp[n - 1] == '\n') {
			fwrite(tmp, 1, n - 1, f);
			free(tmp);
			return;
		}
		free(tmp);
	}
	put_value(f, false, btf, s, buf, len);
}

/* The header cells: a struct's or union's members, else single. */
static void header_cells(FILE *f, const struct bl_btf *btf, const struct shape *s,
			 const char *single)
{
	const struct btf_type *t = s->id && !s->percpu ? bl_btf_skip_modifiers(btf, s->id, NULL) : NULL;
	char *tmp = NULL;
	size_t n = 0;
	FILE *m;

	if (t && (bl_btf_kind(t) == BTF_KIND_STRUCT || bl_btf_kind(t) == BTF_KIND_UNION) &&
	    (m = open_memstream(&tmp, &n))) {
		int ret = bl_btf_value_header_cells(m, btf, s->id);

		fclose(m);
		if (!ret && n > 1 && tmp[n - 1] == '\n') {
			fwrite(tmp, 1, n - 1, f);
			free(tmp);
			return;
		}
		free(tmp);
	}
	fputs(single, f);
}

struct dump {
	const struct bl_out *o;
	const struct bl_btf *btf;
	const struct bl_map *m;
	struct shape key, value;
	struct entries es;
	size_t shown;		/* entries after --top */
};

/* One row of cells: an entry, or an array's run of zeros. */
static char *entry_row(const struct dump *d, size_t i, size_t run)
{
	const struct entry *e = &d->es.e[i];
	size_t klen = d->m->spec->key_size;
	char *row = NULL;
	size_t n;
	FILE *s = open_memstream(&row, &n);

	if (!s)
		return NULL;
	if (run >= 2) {
		uint64_t first = 0, last = 0;

		as_u64(e->key, klen, &first);
		as_u64(d->es.e[i + run - 1].key, klen, &last);
		fprintf(s, "[%llu..%llu]%c0 (%zu entries)", (unsigned long long)first,
			(unsigned long long)last, BL_BTF_CELL_SEP, run);
	} else {
		put_cells(s, d->btf, &d->key, e->key, klen);
		fputc(BL_BTF_CELL_SEP, s);
		put_cells(s, d->btf, &d->value, e->value, d->es.value_len);
	}
	if (fclose(s)) {
		free(row);
		return NULL;
	}
	return row;
}

static void print_text_dump(const struct dump *d)
{
	struct bl_cli_table *t = bl_cli_table_new();
	char *row = NULL;
	size_t n;
	FILE *s = t ? open_memstream(&row, &n) : NULL;
	int ret = -ENOMEM;

	if (s) {
		header_cells(s, d->btf, &d->key, "KEY");
		fputc(BL_BTF_CELL_SEP, s);
		header_cells(s, d->btf, &d->value, "VALUE");
		ret = fclose(s) ? -ENOMEM : bl_cli_table_add(t, row, false);
	}
	for (size_t i = 0; !ret && i < d->shown; i++) {
		size_t run = 0;

		/* an array's run of zeros: "[FIRST..LAST]  0 (N entries)" */
		if (is_array(d->m->spec->type))
			while (i + run < d->shown && all_zero(d->es.e[i + run].value, d->es.value_len))
				run++;
		ret = bl_cli_table_add(t, entry_row(d, i, run), run >= 2);
		if (run >= 2)
			i += run - 1;
	}
	if (!ret)
		bl_cli_table_print(d->o->f, t, "  ");
	else
		fputs("  (out of memory)\n", d->o->f);
	bl_cli_table_free(t);
}

static void print_json_dump(const struct dump *d)
{
	FILE *f = d->o->f;
	const struct bl_map *m = d->m;

	fputs("{\"type\":\"map_dump\",\"name\":", f);
	bl_json_str(f, m->spec->name);
	fprintf(f, ",\"id\":%u,\"map_type\":\"%s\",\"entries\":[", m->id,
		bl_map_type_name(m->spec->type));
	for (size_t i = 0; i < d->shown; i++) {
		const struct entry *e = &d->es.e[i];

		fputs(i ? ",{\"key\":" : "{\"key\":", f);
		bl_json_hex(f, e->key, m->spec->key_size);
		fputs(",\"value\":", f);
		bl_json_hex(f, e->value, d->es.value_len);
		fputs(",\"formatted\":{\"key\":", f);
		put_value(f, true, d->btf, &d->key, e->key, m->spec->key_size);
		fputs(",\"value\":", f);
		put_value(f, true, d->btf, &d->value, e->value, d->es.value_len);
		fputs("}}", f);
	}
	fprintf(f, "],\"omitted\":%zu}\n", d->es.cnt - d->shown);
}

/* Reads, sorts and prints map m (not a histogram). */
static void dump_map(const struct bl_out *o, const struct bl_btf *btf, const struct bl_map *m,
		     const struct bl_dump_opts *opts)
{
	bool percpu = is_percpu(m->spec->type);
	struct dump d = {
		.o = o, .btf = btf, .m = m,
		.key = shape_of(btf, m->spec->btf_key_type_id, m->spec->key_size, false),
		.value = shape_of(btf, m->spec->btf_value_type_id, m->value_size, percpu),
	};
	struct bl_err err = { "" };
	bool by_value = is_hash(m->spec->type) && d.value.integer;
	int ret = bl_map_for_each(m, collect, &d.es, &err);

	if (ret == -ENOMEM && !err.msg[0])
		bl_err_set(&err, ret, "map %s: out of memory", m->spec->name);
	if (is_hash(m->spec->type)) {
		for (size_t i = 0; i < d.es.cnt; i++) {
			struct entry *e = &d.es.e[i];

			e->by_value = by_value;
			e->order = by_value ? order_value(&d.value, e->value, d.es.value_len) : 0;
			e->key_int = d.key.integer;
			e->key_order = d.key.integer ? order_value(&d.key, e->key, m->spec->key_size) : 0;
			e->key_len = m->spec->key_size;
		}
		if (d.es.cnt > 1)
			qsort(d.es.e, d.es.cnt, sizeof(d.es.e[0]), cmp_entries);
	}
	d.shown = d.es.cnt;
	if (is_hash(m->spec->type) && opts && opts->top && opts->top < d.shown)
		d.shown = opts->top;
	if (o->json) {
		print_json_dump(&d);
	} else {
		fprintf(o->f, "map %s (%s, id %u):", m->spec->name, bl_map_type_name(m->spec->type),
			m->id);
		if (is_hash(m->spec->type) && d.es.cnt)
			fprintf(o->f, " %zu entr%s, by %s", d.es.cnt, d.es.cnt == 1 ? "y" : "ies",
				by_value ? "value, largest first" : "key");
		if (d.shown < d.es.cnt)
			fprintf(o->f, "; the first %zu shown (--top)", d.shown);
		fputc('\n', o->f);
		if (d.es.cnt)
			print_text_dump(&d);
		else
			fputs("  (empty)\n", o->f);
	}
	if (ret)
		bl_print_error(o, err.msg);
	entries_free(&d.es);
}

/* --- histograms (text) ------------------------------------------------ */

struct hist_ctx {
	const struct bl_out *o;
	const struct bl_btf *btf;
	const struct bl_cli_hist *hist;
	uint64_t *slots;
	int n;
};

/* The key above a histogram, as bcc's -P prints "pid = 42": a struct of
 * one member as "name = value", else "key = value". */
static void print_hist_key(const struct hist_ctx *d, const struct bl_map *m, const void *key)
{
	const struct bl_btf *btf = d->btf;
	uint32_t id = m->spec->btf_key_type_id;
	const struct btf_type *t = btf && id ? bl_btf_skip_modifiers(btf, id, NULL) : NULL;
	struct shape s = shape_of(btf, id, m->spec->key_size, false);
	FILE *f = d->o->f;

	if (t && bl_btf_kind(t) == BTF_KIND_STRUCT && bl_btf_vlen(t) == 1) {
		const char *name = bl_btf_name(btf, bl_btf_members(t)->name_off);

		/* a C identifier, unless the BTF is hostile */
		fprintf(f, "%s = ", name && *name && strspn(name, "abcdefghijklmnopqrstuvwxyz"
				"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == strlen(name) ? name : "key");
		if (bl_btf_value_row(f, btf, id, key, m->spec->key_size) == 0)
			return;
	} else {
		fputs("key = ", f);
	}
	put_value(f, false, btf, &s, key, m->spec->key_size);
	fputc('\n', f);
}

/* This entry's histogram into d->slots; false when every slot is 0: a
 * tool that fills the slots only on request (hardirqs' struct info {
 * count; slots[] } without -d) then gets its value printed by type,
 * which shows the count, rather than an empty histogram. */
static bool hist_entry(struct hist_ctx *d, const struct bl_map *m, const void *value,
		       size_t value_len)
{
	memset(d->slots, 0, d->hist->nslots * sizeof(d->slots[0]));
	bl_cli_hist_add(d->hist, m, value, value_len, d->slots);
	for (uint32_t i = 0; i < d->hist->nslots; i++)
		if (d->slots[i])
			return true;
	return false;
}

static int hist_print_entry(const struct bl_map *m, const void *key, const void *value,
			    size_t value_len, void *arg)
{
	struct hist_ctx *d = arg;
	FILE *f = d->o->f;

	if (d->hist->counters) {
		uint32_t k;

		memcpy(&k, key, sizeof(k));
		if (k < d->hist->nslots) {
			uint64_t one[1] = { 0 };
			struct bl_cli_hist h1 = *d->hist;

			h1.nslots = 1;
			bl_cli_hist_add(&h1, m, value, value_len, one);
			d->slots[k] += one[0];
		}
	} else if (hist_entry(d, m, value, value_len)) {
		/* one array slot holding the histogram: no key to show */
		if (!is_array(m->spec->type) || m->max_entries > 1)
			print_hist_key(d, m, key);
		bl_cli_hist_print(f, d->hist, d->slots, d->hist->nslots);
	} else {
		struct shape ks = shape_of(d->btf, m->spec->btf_key_type_id, m->spec->key_size, false);
		struct shape vs = shape_of(d->btf, m->spec->btf_value_type_id, m->value_size,
					   is_percpu(m->spec->type));

		fputs("  key: ", f);
		put_value(f, false, d->btf, &ks, key, m->spec->key_size);
		fputs("  value: ", f);
		put_value(f, false, d->btf, &vs, value, value_len);
		fputc('\n', f);
	}
	d->n++;
	return 0;
}

static void dump_hist(const struct bl_out *o, const struct bl_btf *btf, const struct bl_map *m,
		      const struct bl_cli_hist *h)
{
	struct hist_ctx d = { o, btf, h, calloc(h->nslots, sizeof(uint64_t)), 0 };
	struct bl_err err = { "" };
	int ret;

	if (!d.slots) {
		bl_print_error(o, "out of memory");
		return;
	}
	fprintf(o->f, "map %s (%s, id %u):\n", m->spec->name, bl_map_type_name(m->spec->type), m->id);
	ret = bl_map_for_each(m, hist_print_entry, &d, &err);
	if (h->counters)
		bl_cli_hist_print(o->f, h, d.slots, h->nslots);
	else if (d.n == 0)
		fputs("  (empty)\n", o->f);
	if (ret)
		bl_print_error(o, err.msg);
	free(d.slots);
}

/* Has a program changed the global data of map i since the load? */
static bool data_changed(const struct bl_object *l, size_t i)
{
	const struct bl_map *m = &l->maps[i];
	size_t len = bl_map_value_len(m), init = m->spec->init_data ? m->spec->init_size : 0;
	unsigned char *v;
	uint32_t zero = 0;
	bool changed;

	if ((int)i == l->spec->kconfig_map || m->spec->key_size != sizeof(zero))
		return false;
	v = calloc(1, len ? len : 1);
	if (!v)
		return true;
	changed = bl_map_lookup(m, &zero, v) != 0;	/* an error is worth showing */
	if (init > len)
		init = len;
	if (!changed && init)
		changed = memcmp(v, m->spec->init_data, init) != 0;
	if (!changed)
		changed = !all_zero(v + init, len - init);
	free(v);
	return changed;
}

void bl_print_map_dumps(const struct bl_out *o, struct bl_object *l,
			const struct bl_dump_opts *opts)
{
	const struct bl_btf *btf = object_btf(l);

	for (size_t i = 0; i < l->map_cnt; i++) {
		struct bl_map *m = &l->maps[i];
		struct bl_cli_hist h;

		if (!bl_map_is_dumpable(m) || m->fd < 0)
			continue;
		if (m->spec->origin == BL_MAP_DATA && !(opts && opts->all_maps) && !data_changed(l, i))
			continue;
		if (bl_map_is_usdt(m) && !(opts && opts->all_maps))
			continue;
		/* JSON keeps the typed entries: the slots are an array there */
		if (!o->json && bl_cli_hist_detect(m, btf, opts ? opts->hist : BL_HIST_AUTO, &h))
			dump_hist(o, btf, m, &h);
		else
			dump_map(o, btf, m, opts);
	}
	fflush(o->f);
}
