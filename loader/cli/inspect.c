/* loader/cli/inspect.c — `bpfload inspect OBJ`: what the object file
 * says, read by elf/ alone. No syscalls beyond reading the file, so no
 * root is needed. --disasm prints the instructions in the verifier log's
 * syntax (loader/verifier/disasm.c, after kernel/bpf/disasm.c). */
#include "loader/cli/cli.h"

#include <elf.h>
#include <stdio.h>

#include "loader/verifier/disasm.h"
#include "loader/cli/output.h"

static const char inspect_help[] =
	"usage: bpfload inspect OBJ [--disasm] [--json]\n\n"
	"Describes a BPF object file without loading it (no root needed):\n"
	"its sections, its programs (name, section, program type, attach\n"
	"target, instruction count), its groups of alternatives (programs of one\n"
	"event by different mechanisms, in order of preference: docs/alternatives.md),\n"
	"its maps and its relocations.\n\n"
	"  --disasm   instead: every program's instructions, numbered, in the\n"
	"             verifier log's syntax (map and variable names from the\n"
	"             relocations)\n"
	"  --json     one JSON object per line, each with a \"type\" field\n"
	"             (\"object\", \"section\", \"program\", \"alternatives\", \"map\",\n"
	"             \"relocation\"; with --disasm \"insn\": program, idx, code,\n"
	"             text)\n"
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

int bl_cmd_inspect(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "disasm", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bl_out o = { false, stdout };
	struct bl_object_spec *obj;
	struct bl_err err;
	const char *path = NULL;
	bool disasm = false;
	int opt, ret;

	optind = 1;
	opterr = 0; /* bl_unknown_option says it, with the command */
	while ((opt = getopt_long(argc, argv, ":jh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j': o.json = true; break;
		case 'd': disasm = true; break;
		case 'h': fputs(inspect_help, stdout); return BL_EXIT_OK;
		case ':': return bl_usage_error("inspect", "option '%s' needs an argument", argv[optind - 1]);
		default: return bl_unknown_option("inspect", argv);
		}
	}
	ret = bl_one_object("inspect", argc, argv, &path);
	if (ret)
		return ret;
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
	bl_object_spec_free(obj);
	return BL_EXIT_OK;
}
