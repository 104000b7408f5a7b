/* loader/cli/output.c — printing objects, programs, maps and errors.
 *
 * Map contents (BPF_MAP_GET_NEXT_KEY + BPF_MAP_LOOKUP_ELEM through
 * bl_map_for_each) are typed by the map's BTF key and value type ids
 * (elf/value/btf_value.h; BTF-defined maps have them, Documentation/bpf/btf.rst
 * "3.2 BPF_MAP_CREATE"), histograms drawn by histogram.c. */
#define _GNU_SOURCE
#include "loader/cli/output.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "elf/value/btf_value.h"
#include "loader/cli/histogram.h"

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if there is none
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). */
static int utf8_len(const unsigned char *s)
{
	int n;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

/* JSON strings must be UTF-8 (RFC 8259). Paths and trace messages are
 * bytes: a byte that is not part of valid UTF-8 is written as \u00XX,
 * so that the output stays valid JSON and the byte value is kept. */
void bl_json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	while (p && *p) {
		unsigned char ch = *p;
		int n = utf8_len(p);

		if (n > 1) {
			fwrite(p, 1, (size_t)n, f);
			p += n;
			continue;
		}
		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", f);
		else if (ch == '\t')
			fputs("\\t", f);
		else if (ch < 0x20 || ch >= 0x7f)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
		p++;
	}
	fputc('"', f);
}

static void hex(FILE *f, const void *buf, size_t len)
{
	const unsigned char *b = buf;

	for (size_t i = 0; i < len; i++)
		fprintf(f, i ? " %02x" : "%02x", b[i]);
}

void bl_json_hex(FILE *f, const void *buf, size_t len)
{
	fputc('"', f);
	hex(f, buf, len);
	fputc('"', f);
}

void bl_print_error(const struct bl_out *o, const char *msg)
{
	if (o->json) {
		fputs("{\"type\":\"error\",\"message\":", o->f);
		bl_json_str(o->f, msg);
		fputs("}\n", o->f);
		fflush(o->f);
	} else {
		fprintf(stderr, "bpfload: %s\n", msg);
	}
}

void bl_print_warning(const struct bl_out *o, const char *msg)
{
	if (o->json) {
		fputs("{\"type\":\"warning\",\"message\":", o->f);
		bl_json_str(o->f, msg);
		fputs("}\n", o->f);
		fflush(o->f);
	} else {
		fprintf(stderr, "bpfload: warning: %s\n", msg);
	}
}

void bl_print_program(const struct bl_out *o, const struct bl_prog_spec *p)
{
	const char *type = p->def ? bl_prog_type_name(p->def->prog_type) : "unknown";
	const char *attach = p->def ? bl_attach_kind_name(p->def->attach) : "none";

	if (o->json) {
		fputs("{\"type\":\"program\",\"name\":", o->f);
		bl_json_str(o->f, p->name);
		fputs(",\"section\":", o->f);
		bl_json_str(o->f, p->section);
		fprintf(o->f, ",\"prog_type\":\"%s\",\"attach\":\"%s\",\"target\":", type, attach);
		if (p->attach_target)
			bl_json_str(o->f, p->attach_target);
		else
			fputs("null", o->f);
		fprintf(o->f, ",\"insns\":%zu,\"relocations\":%zu}\n", p->insn_cnt, p->reloc_cnt);
	} else {
		fprintf(o->f, "program %-20s section %-40s type %-15s attach %s%s%s, %zu insns\n",
			p->name, p->section, type, attach, p->attach_target ? " " : "",
			p->attach_target ? p->attach_target : "", p->insn_cnt);
	}
}

static const char *map_origin(const struct bl_map_spec *m)
{
	switch (m->origin) {
	case BL_MAP_LEGACY: return "legacy";
	case BL_MAP_BTF: return "btf";
	case BL_MAP_DATA: return "data";
	}
	return "unknown";
}

/* The fields of iproute2's struct bpf_elf_map a legacy map sets (text
 * form; elf/read/maps_iproute2.c says what they mean). */
static void print_elf_map_fields(FILE *f, const struct bl_map_spec *m)
{
	if (m->origin != BL_MAP_LEGACY)
		return;
	if (m->elf.pinning == BL_PIN_GLOBAL_NS)
		fputs(" (PIN_GLOBAL_NS)", f);
	else if (m->elf.pinning == BL_PIN_OBJECT_NS)
		fputs(" pinning PIN_OBJECT_NS (not pinned by bpfload)", f);
	else if (m->elf.pinning)
		fprintf(f, " pinning %u (custom: not pinned by bpfload)", m->elf.pinning);
	if (m->elf.id)
		fprintf(f, " id %u", m->elf.id);
	if (m->elf.inner_id)
		fprintf(f, " inner_id %u", m->elf.inner_id);
	else if (m->elf.id && m->elf.inner_idx == BL_INNER_IDX_NONE)
		fputs(" inner_idx none", f);
	else if (m->elf.id)
		fprintf(f, " inner_idx %u", m->elf.inner_idx);
}

/* What a BTF-defined map adds: pinning, map_extra, NUMA node, inner map
 * template, initial slots; a legacy one iproute2's fields (text form;
 * nothing for a plain map). */
static void print_map_extras(FILE *f, const struct bl_map_spec *m)
{
	if (m->pinning)
		fputs(" pinned-by-name", f);
	print_elf_map_fields(f, m);
	if (m->map_extra)
		fprintf(f, " map_extra %llu", (unsigned long long)m->map_extra);
	if (m->numa_node)
		fprintf(f, " numa_node %u", m->numa_node);
	if (m->inner_template)
		fputs(" (inner map template)", f);
	for (size_t k = 0; k < m->init_cnt; k++)
		fprintf(f, "%s%u=%s", k ? "," : " slots ", m->inits[k].slot, m->inits[k].sym);
}

void bl_print_map_def(const struct bl_out *o, const struct bl_map_spec *m)
{
	if (o->json) {
		fputs("{\"type\":\"map\",\"name\":", o->f);
		bl_json_str(o->f, m->name);
		fprintf(o->f, ",\"map_type\":\"%s\",\"key_size\":%u,\"value_size\":%u,\"max_entries\":%u,\"map_flags\":%u",
			bl_map_type_name(m->type), m->key_size, m->value_size, m->max_entries, m->map_flags);
		fprintf(o->f, ",\"origin\":\"%s\",\"pinning\":%u,\"map_extra\":%llu,\"numa_node\":%u,\"inner_template\":%s,\"slots\":[",
			map_origin(m), m->pinning, (unsigned long long)m->map_extra, m->numa_node,
			m->inner_template ? "true" : "false");
		for (size_t k = 0; k < m->init_cnt; k++) {
			fprintf(o->f, "%s{\"slot\":%u,\"name\":", k ? "," : "", m->inits[k].slot);
			bl_json_str(o->f, m->inits[k].sym);
			fputc('}', o->f);
		}
		fputc(']', o->f);
		if (m->origin == BL_MAP_LEGACY)
			fprintf(o->f, ",\"elf_map\":{\"id\":%u,\"pinning\":%u,\"inner_id\":%u,\"inner_idx\":%u}",
				m->elf.id, m->elf.pinning, m->elf.inner_id, m->elf.inner_idx);
		fputs("}\n", o->f);
	} else {
		fprintf(o->f, "map     %-20s type %-15s key %u value %u max_entries %u flags 0x%x",
			m->name, bl_map_type_name(m->type), m->key_size, m->value_size,
			m->max_entries, m->map_flags);
		print_map_extras(o->f, m);
		fputc('\n', o->f);
	}
}

void bl_print_relocs(const struct bl_out *o, const struct bl_prog_spec *p)
{
	for (size_t i = 0; i < p->reloc_cnt; i++) {
		const struct bl_reloc *r = &p->relocs[i];

		if (o->json) {
			fputs("{\"type\":\"relocation\",\"program\":", o->f);
			bl_json_str(o->f, p->name);
			fprintf(o->f, ",\"insn\":%u,\"kind\":\"%s\",\"symbol\":", r->insn,
				bl_reloc_kind_name(r->kind));
			bl_json_str(o->f, r->sym_name);
			fputs("}\n", o->f);
		} else {
			fprintf(o->f, "reloc   %-20s insn %-5u %-6s -> %s\n", p->name, r->insn,
				bl_reloc_kind_name(r->kind), r->sym_name);
		}
	}
}

/* Where no BTF type is known, a key or value of the size of an integer
 * is also shown as an unsigned number in this machine's byte order. */
static void as_number(FILE *f, const void *buf, size_t len)
{
	uint64_t v = 0;

	switch (len) {
	case 1: v = *(const uint8_t *)buf; break;
	case 2: { uint16_t x; memcpy(&x, buf, 2); v = x; break; }
	case 4: { uint32_t x; memcpy(&x, buf, 4); v = x; break; }
	case 8: memcpy(&v, buf, 8); break;
	default: return;
	}
	fprintf(f, " (%llu)", (unsigned long long)v);
}

static bool is_percpu(uint32_t type)
{
	return type == BPF_MAP_TYPE_PERCPU_ARRAY || type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

/* The BTF the maps' type ids refer to: the object's, as completed for
 * the kernel (DATASEC sizes), which keeps the ids. */
static const struct bl_btf *object_btf(const struct bl_object *l)
{
	return l->spec->btf_fixed ? l->spec->btf_fixed : l->spec->btf;
}

/* Writes the bytes typed by id (0: unknown) when the BTF has the type and
 * it is exactly as long as the bytes (--map NAME.value_size=N makes a
 * value that its type no longer describes); a per-CPU value as a list,
 * one per CPU (each rounded up to 8 bytes). Returns false, having written
 * nothing, when it cannot. */
static bool print_typed(const struct bl_out *o, const struct bl_btf *btf, uint32_t id,
			const void *buf, size_t len, size_t one, bool percpu)
{
	enum bl_btf_form form = o->json ? BL_BTF_JSON : BL_BTF_TEXT;
	size_t stride = (one + 7) / 8 * 8;
	uint32_t size;
	char *tmp = NULL;
	size_t n = 0;
	FILE *m;
	int ret = 0;

	if (!btf || !id || !one || bl_btf_resolve_size(btf, id, &size) || size != one)
		return false;
	if (!percpu)
		return bl_btf_value_print(o->f, btf, id, buf, len, form) == 0;
	m = open_memstream(&tmp, &n);
	if (!m)
		return false;
	fputc('[', m);
	for (size_t at = 0; !ret && at + one <= len; at += stride) {
		if (at)
			fputs(o->json ? "," : ", ", m);
		ret = bl_btf_value_print(m, btf, id, (const char *)buf + at, one, form);
	}
	fputc(']', m);
	fclose(m);
	if (!ret)
		fwrite(tmp, 1, n, o->f);
	free(tmp);
	return ret == 0;
}

/* Text: typed, else hex with the number (when an integer's size). */
static void print_text(const struct bl_out *o, const struct bl_btf *btf, uint32_t id,
		       const void *buf, size_t len, size_t one, bool percpu)
{
	if (print_typed(o, btf, id, buf, len, one, percpu))
		return;
	hex(o->f, buf, len);
	as_number(o->f, buf, len);
}

/* JSON "formatted" member: typed, else the hex string. */
static void print_json_formatted(const struct bl_out *o, const struct bl_btf *btf, uint32_t id,
				 const void *buf, size_t len, size_t one, bool percpu)
{
	if (!print_typed(o, btf, id, buf, len, one, percpu))
		bl_json_hex(o->f, buf, len);
}

static bool has_type(const struct bl_btf *btf, uint32_t id, size_t one)
{
	uint32_t size;

	return btf && id && !bl_btf_resolve_size(btf, id, &size) && size == one;
}

struct dump_ctx {
	const struct bl_out *o;
	const struct bl_btf *btf;
	const struct bl_cli_hist *hist;
	uint64_t *slots;	/* counters form: every entry adds here */
	int n;
};

/* The key above a histogram, as bcc's -P prints "pid = 42": a struct of
 * one member as "name = value", else "key = value". */
static void print_hist_key(const struct dump_ctx *d, const struct bl_map *m, const void *key)
{
	const struct bl_btf *btf = d->btf;
	uint32_t id = m->spec->btf_key_type_id;
	const struct btf_type *t = btf && id ? bl_btf_skip_modifiers(btf, id, NULL) : NULL;
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
	print_text(d->o, btf, id, key, m->spec->key_size, m->spec->key_size, false);
	fputc('\n', f);
}

/* This entry's histogram into d->slots; false when every slot is 0: a
 * tool that fills the slots only on request (hardirqs' struct info {
 * count; slots[] } without -d) then gets its value printed by type,
 * which shows the count, rather than an empty histogram. */
static bool hist_entry(struct dump_ctx *d, const struct bl_map *m, const void *value,
		       size_t value_len)
{
	memset(d->slots, 0, d->hist->nslots * sizeof(d->slots[0]));
	bl_cli_hist_add(d->hist, m, value, value_len, d->slots);
	for (uint32_t i = 0; i < d->hist->nslots; i++)
		if (d->slots[i])
			return true;
	return false;
}

static int print_entry(const struct bl_map *m, const void *key, const void *value,
		       size_t value_len, void *arg)
{
	struct dump_ctx *d = arg;
	FILE *f = d->o->f;
	bool percpu = is_percpu(m->spec->type);

	if (d->hist && d->hist->counters) {
		uint32_t k;

		memcpy(&k, key, sizeof(k));
		if (k < d->hist->nslots) {
			uint64_t one[1] = { 0 };
			struct bl_cli_hist h1 = *d->hist;

			h1.nslots = 1;
			bl_cli_hist_add(&h1, m, value, value_len, one);
			d->slots[k] += one[0];
		}
	} else if (d->hist && hist_entry(d, m, value, value_len)) {
		/* one array slot holding the histogram: no key to show */
		if (!(m->spec->type == BPF_MAP_TYPE_ARRAY || m->spec->type == BPF_MAP_TYPE_PERCPU_ARRAY) ||
		    m->max_entries > 1)
			print_hist_key(d, m, key);
		bl_cli_hist_print(f, d->hist, d->slots, d->hist->nslots);
	} else if (d->o->json) {
		/* the bytes, and with BTF the typed key and value (as bpftool's
		 * "formatted") */
		fputs(d->n ? ",{\"key\":" : "{\"key\":", f);
		bl_json_hex(f, key, m->spec->key_size);
		fputs(",\"value\":", f);
		bl_json_hex(f, value, value_len);
		if (has_type(d->btf, m->spec->btf_key_type_id, m->spec->key_size) ||
		    has_type(d->btf, m->spec->btf_value_type_id, m->value_size)) {
			fputs(",\"formatted\":{\"key\":", f);
			print_json_formatted(d->o, d->btf, m->spec->btf_key_type_id, key,
					     m->spec->key_size, m->spec->key_size, false);
			fputs(",\"value\":", f);
			print_json_formatted(d->o, d->btf, m->spec->btf_value_type_id, value,
					     value_len, m->value_size, percpu);
			fputc('}', f);
		}
		fputc('}', f);
	} else {
		fputs("  key: ", f);
		print_text(d->o, d->btf, m->spec->btf_key_type_id, key, m->spec->key_size,
			   m->spec->key_size, false);
		fputs("  value: ", f);
		print_text(d->o, d->btf, m->spec->btf_value_type_id, value, value_len,
			   m->value_size, percpu);
		fputc('\n', f);
	}
	d->n++;
	return 0;
}

void bl_print_map_dumps(const struct bl_out *o, struct bl_object *l,
			const struct bl_dump_opts *opts)
{
	const struct bl_btf *btf = object_btf(l);

	for (size_t i = 0; i < l->map_cnt; i++) {
		struct bl_map *m = &l->maps[i];
		struct dump_ctx d = { o, btf, NULL, NULL, 0 };
		struct bl_cli_hist h;
		struct bl_err err = { "" };

		if (!bl_map_is_dumpable(m) || m->fd < 0)
			continue;
		/* JSON keeps the typed entries: the slots are an array there */
		if (!o->json && bl_cli_hist_detect(m, btf, opts ? opts->hist : BL_HIST_AUTO, &h)) {
			d.hist = &h;
			d.slots = calloc(h.nslots, sizeof(*d.slots));
			if (!d.slots)
				d.hist = NULL;
		}
		if (o->json) {
			fputs("{\"type\":\"map_dump\",\"name\":", o->f);
			bl_json_str(o->f, m->spec->name);
			fputs(",\"entries\":[", o->f);
		} else {
			fprintf(o->f, "map %s (%s, id %u):\n", m->spec->name,
				bl_map_type_name(m->spec->type), m->id);
		}
		int ret = bl_map_for_each(m, print_entry, &d, &err);
		if (o->json)
			fputs("]}\n", o->f);
		else if (d.hist && d.hist->counters)
			bl_cli_hist_print(o->f, d.hist, d.slots, d.hist->nslots);
		else if (d.n == 0)
			fputs("  (empty)\n", o->f);
		if (ret)
			bl_print_error(o, err.msg);
		free(d.slots);
	}
	fflush(o->f);
}
