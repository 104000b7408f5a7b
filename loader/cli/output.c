/* loader/cli/output.c — printing objects, programs, maps and errors.
 *
 * Map contents: map_dump.c. */
#define _GNU_SOURCE
#include "loader/cli/output.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


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
double bl_cli_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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
