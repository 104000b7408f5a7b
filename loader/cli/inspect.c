/* loader/cli/inspect.c — `bpfload inspect OBJ`: what the object file
 * says, read by elf/ alone. No syscalls beyond reading the file, so no
 * root is needed. --disasm prints the instructions in the verifier log's
 * syntax (loader/verifier/disasm.c, after kernel/bpf/disasm.c); the
 * lowest Linux version the object needs, and why, comes from
 * elf/kernel_req/ (docs/kernel-versions.md). */
#include "loader/cli/cli.h"
#include "loader/cli/help_text.h"

#include <elf.h>
#include <stdio.h>

#include "elf/kernel_req/kernel_req.h"
#include "loader/verifier/disasm.h"
#include "loader/cli/output.h"

static const char inspect_help[] =
	"usage: bpfload inspect OBJ [--disasm | --kernel] [--json]\n\n"
	"Describes a BPF object file without loading it (no root needed):\n"
	"its sections, its programs (name, section, program type, attach\n"
	"target, instruction count), its groups of alternatives (programs of one\n"
	"event by different mechanisms, in order of preference: docs/alternatives.md),\n"
	"its maps, its relocations, and the lowest Linux version it needs: for\n"
	"the object and each program, every reason with its version (program\n"
	"and attach type, helpers, instructions, kfuncs, maps, global data),\n"
	"the instruction and source line, and notes on what bpfload works\n"
	"around on older kernels (docs/kernel-versions.md).\n\n"
	"  --disasm   instead: every program's instructions, numbered, in the\n"
	"             verifier log's syntax (map and variable names from the\n"
	"             relocations)\n"
	"  --kernel   instead: only the lowest Linux version and its reasons\n"
	"  --json     one JSON object per line, each with a \"type\" field\n"
	"             (\"object\", \"section\", \"program\", \"alternatives\", \"map\",\n"
	"             \"relocation\", \"min_kernel\", \"kernel_req\"; with --disasm\n"
	"             \"insn\": program, idx, code, text)\n"
	"  -h, --help this text\n";

static const char *section_type_name(uint32_t type)
{
	switch (type) {
	case SHT_NULL: return "NULL";
	case SHT_PROGBITS: return "PROGBITS";
	case SHT_SYMTAB: return "SYMTAB";
	case SHT_STRTAB: return "STRTAB";
	case SHT_REL: return "REL";
	case SHT_RELA: return "RELA";
	case SHT_NOBITS: return "NOBITS";
	case 0x6fff4c03: return "LLVM_ADDRSIG"; /* SHT_LLVM_ADDRSIG */
	default: return "OTHER";
	}
}

static void print_object(const struct bl_out *o, const struct bl_object_spec *obj)
{
	if (o->json) {
		fputs("{\"type\":\"object\",\"path\":", o->f);
		bl_json_str(o->f, obj->path);
		fputs(",\"license\":", o->f);
		bl_json_str(o->f, obj->license);
		if (obj->has_kern_version)
			fprintf(o->f, ",\"kern_version\":%u", obj->kern_version);
		fprintf(o->f, ",\"sections\":%zu,\"programs\":%zu,\"maps\":%zu}\n",
			obj->section_cnt, obj->program_cnt, obj->map_cnt);
		return;
	}
	fprintf(o->f, "object  %s\nlicense \"%s\"\n", obj->path, obj->license);
	if (obj->has_kern_version)
		fprintf(o->f, "version %u.%u.%u (0x%x)\n", obj->kern_version >> 16,
			(obj->kern_version >> 8) & 0xff, obj->kern_version & 0xff, obj->kern_version);
}

static void print_section(const struct bl_out *o, size_t idx, const struct bl_section *s)
{
	if (o->json) {
		fprintf(o->f, "{\"type\":\"section\",\"index\":%zu,\"name\":", idx);
		bl_json_str(o->f, s->name);
		fprintf(o->f, ",\"sh_type\":\"%s\",\"size\":%llu,\"exec\":%s}\n",
			section_type_name(s->type), (unsigned long long)s->size,
			(s->flags & SHF_EXECINSTR) ? "true" : "false");
	} else {
		fprintf(o->f, "section %3zu %-40s %-12s %6llu bytes%s\n", idx, s->name,
			section_type_name(s->type), (unsigned long long)s->size,
			(s->flags & SHF_EXECINSTR) ? " exec" : "");
	}
}

static void print_disasm(const struct bl_out *o, const struct bl_object_spec *obj,
			 const struct bl_prog_spec *p, const char *what)
{
	char name[128], text[256];
	size_t n;

	if (!o->json)
		fprintf(o->f, "%s %s (section %s):\n", what, p->name, p->section);
	for (size_t i = 0; i < p->insn_cnt; i += n) {
		const char *imm = bl_disasm_reloc_name(obj, p, i, name, sizeof(name));

		n = bl_disasm_insn(p->insns + i, p->insn_cnt - i, imm, text, sizeof(text));
		if (o->json) {
			fputs("{\"type\":\"insn\",\"program\":", o->f);
			bl_json_str(o->f, p->name);
			fprintf(o->f, ",\"idx\":%zu,\"code\":%u,\"text\":", i, p->insns[i].code);
			bl_json_str(o->f, text);
			fputs("}\n", o->f);
		} else {
			fprintf(o->f, "%6zu: (%02x) %s\n", i, p->insns[i].code, text);
		}
		if (!n)
			break;
	}
}

static void json_reason(FILE *f, const struct bl_kreq_reason *x)
{
	char v[16];

	fprintf(f, "{\"version\":\"%s\",\"kind\":\"%s\",\"note\":%s,\"what\":",
		bl_kv_str(x->version, v, sizeof(v)), bl_kreq_kind_name(x->kind),
		x->note ? "true" : "false");
	bl_json_str(f, x->what);
	if (x->insn >= 0) {
		fputs(",\"func\":", f);
		bl_json_str(f, x->func);
		fprintf(f, ",\"insn\":%ld", x->insn);
		if (x->file) {
			fputs(",\"file\":", f);
			bl_json_str(f, x->file);
			fprintf(f, ",\"line\":%u", x->line);
		}
		fprintf(f, ",\"more\":%u", x->more);
	}
	if (x->source) {
		fputs(",\"source\":", f);
		bl_json_str(f, x->source);
	}
	fputc('}', f);
}

static void text_reason(FILE *f, const struct bl_kreq_reason *x)
{
	char v[16];

	if (x->note)
		fprintf(f, "    note  %-5s %s", bl_kv_str(x->version, v, sizeof(v)), x->what);
	else
		fprintf(f, "    %-5s %s", bl_kv_str(x->version, v, sizeof(v)), x->what);
	if (x->insn >= 0) {
		fprintf(f, " at insn %ld of %s", x->insn, x->func);
		if (x->file)
			fprintf(f, " (%s:%u)", x->file, x->line);
		if (x->more)
			fprintf(f, ", and %u more", x->more);
	}
	fputc('\n', f);
}

static void print_kreq(const struct bl_out *o, const struct bl_kreq *r)
{
	char v[16];

	if (o->json) {
		fputs("{\"type\":\"kernel_req\",\"scope\":", o->f);
		if (r->name) {
			fputs("\"program\",\"program\":", o->f);
			bl_json_str(o->f, r->name);
			fprintf(o->f, ",\"optional\":%s,\"alt_group\":%d",
				r->optional ? "true" : "false", r->alt_group);
		} else {
			fputs("\"object\"", o->f);
		}
		fprintf(o->f, ",\"version\":\"%s\",\"reasons\":[", bl_kv_str(r->version, v, sizeof(v)));
		for (size_t i = 0; i < r->cnt; i++) {
			if (i)
				fputc(',', o->f);
			json_reason(o->f, &r->reasons[i]);
		}
		fputs("]}\n", o->f);
		return;
	}
	if (r->name)
		fprintf(o->f, "  program %s needs %s%s%s\n", r->name, bl_kv_str(r->version, v, sizeof(v)),
			r->optional ? " (SEC(\"?...\"): loaded only when selected, not counted)" : "",
			r->alt_group >= 0 ? " (an alternative: the object needs the least demanding "
					    "mechanism of its group)" : "");
	else
		fprintf(o->f, "  object needs %s (maps, BTF, global data)\n",
			bl_kv_str(r->version, v, sizeof(v)));
	for (size_t i = 0; i < r->cnt; i++)
		text_reason(o->f, &r->reasons[i]);
}

/* The lowest Linux version and its reasons (elf/kernel_req/). */
static int print_kernel(const struct bl_out *o, const struct bl_object_spec *obj)
{
	struct bl_kernel_reqs *r;
	struct bl_err err;
	char v[16];

	if (bl_kernel_reqs(obj, &r, &err)) {
		bl_print_error(o, err.msg);
		return BL_EXIT_FAIL;
	}
	if (o->json)
		fprintf(o->f, "{\"type\":\"min_kernel\",\"version\":\"%s\",\"unmet\":%s}\n",
			bl_kv_str(r->version, v, sizeof(v)), r->unmet ? "true" : "false");
	else
		fprintf(o->f, "kernel  needs Linux %s or later%s (docs/kernel-versions.md)\n",
			bl_kv_str(r->version, v, sizeof(v)),
			r->unmet ? ", and something no release has (the reasons marked ?)" : "");
	print_kreq(o, &r->object);
	for (size_t i = 0; i < r->prog_cnt; i++)
		print_kreq(o, &r->progs[i]);
	bl_kernel_reqs_free(r);
	return BL_EXIT_OK;
}

int bl_cmd_inspect(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "disasm", no_argument, NULL, 'd' },
		{ "kernel", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bl_out o = { false, stdout };
	struct bl_object_spec *obj;
	struct bl_err err;
	const char *path = NULL;
	bool disasm = false, kernel = false;
	int opt, ret;

	optind = 1;
	opterr = 0; /* bl_unknown_option says it, with the command */
	while ((opt = getopt_long(argc, argv, ":jh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j': o.json = true; break;
		case 'd': disasm = true; break;
		case 'k': kernel = true; break;
		case 'h': fputs(BL_HELP("inspect", inspect_help), stdout); return BL_EXIT_OK;
		case ':': return bl_usage_error("inspect", "option '%s' needs an argument", argv[optind - 1]);
		default: return bl_unknown_option("inspect", argv);
		}
	}
	ret = bl_one_object("inspect", argc, argv, &path);
	if (ret)
		return ret;
	if (disasm && kernel)
		return bl_usage_error("inspect", "--disasm and --kernel do not go together");
	if (bl_object_spec_read(path, &obj, &err)) {
		bl_print_error(&o, err.msg);
		return BL_EXIT_FAIL;
	}
	if (disasm) {
		for (size_t i = 0; i < obj->program_cnt; i++)
			print_disasm(&o, obj, &obj->programs[i], "program");
		for (size_t i = 0; i < obj->subprog_cnt; i++)
			print_disasm(&o, obj, &obj->subprogs[i], "subprogram");
		bl_object_spec_free(obj);
		return BL_EXIT_OK;
	}
	if (kernel) {
		ret = print_kernel(&o, obj);
		bl_object_spec_free(obj);
		return ret;
	}
	print_object(&o, obj);
	for (size_t i = 1; i < obj->section_cnt; i++)
		print_section(&o, i, &obj->sections[i]);
	for (size_t i = 0; i < obj->program_cnt; i++)
		bl_print_program(&o, &obj->programs[i]);
	bl_cli_print_alt_groups(&o, obj);
	for (size_t i = 0; i < obj->map_cnt; i++)
		bl_print_map_def(&o, &obj->maps[i]);
	for (size_t i = 0; i < obj->program_cnt; i++)
		bl_print_relocs(&o, &obj->programs[i]);
	ret = print_kernel(&o, obj);
	bl_object_spec_free(obj);
	return ret;
}
