/* loader/cli/syscall.c — `bpfload syscall NAME|NUMBER`: system call names
 * and numbers of an architecture, as in its <asm/unistd.h> (arch/'s
 * tables, generated from the kernel's UAPI headers at build time).  Needs
 * no root and no kernel. */
#include "loader/cli/cli.h"
#include "loader/cli/help_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "loader/cli/output.h"
#include "loader/cli/parse.h"

static const char syscall_help[] =
	"usage: bpfload syscall NAME|NUMBER... [--arch ARCH] [--json]\n"
	"       bpfload syscall --list [--arch ARCH] [--json]\n\n"
	"Maps system call names to numbers and back, for ARCH (default: this\n"
	"machine's), as the kernel's <asm/unistd.h> defines them, and names the\n"
	"kernel function a kprobe on the system call attaches to.  NAME may be\n"
	"written openat, sys_openat, __NR_openat or __x64_sys_openat.  Exits 1\n"
	"if a name or number is not a system call of ARCH.\n\n"
	"  -a, --arch ARCH  x86_64 (also x86, amd64), arm64 (also aarch64) or arm\n"
	"                   (also armv7, armhf)\n"
	"  -l, --list       every system call of ARCH, by number\n"
	"  --json           one JSON object per line, each with \"type\":\"syscall\"\n"
	"  -h, --help       this text\n";

static void print_one(const struct bl_out *o, const struct bl_arch *a, const char *name, int nr)
{
	if (o->json) {
		fputs("{\"type\":\"syscall\",\"arch\":", o->f);
		bl_json_str(o->f, a->name);
		fputs(",\"name\":", o->f);
		bl_json_str(o->f, name);
		fprintf(o->f, ",\"nr\":%d,\"function\":\"%s%s\"}\n", nr, a->syscall_prefix, name);
	} else {
		fprintf(o->f, "%s: %s = %d, function %s%s\n", a->name, name, nr, a->syscall_prefix,
			name);
	}
}

/* name without the prefixes people copy from headers and kallsyms. */
static const char *bare_name(const struct bl_arch *a, const char *name)
{
	const char *const prefixes[] = { "__NR_", a->syscall_prefix, "sys_" };

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t n = strlen(prefixes[i]);

		if (!strncmp(name, prefixes[i], n) && name[n])
			return name + n;
	}
	return name;
}

/* One operand; returns 0 or BL_EXIT_USAGE (a name or number the
 * architecture does not have; the error printed). */
static int lookup(const struct bl_out *o, const struct bl_arch *a, const char *arg)
{
	char msg[256];
	bool is_number;
	int nr;

	if (!bl_cli_parse_nr(arg, &nr, &is_number)) {
		const char *name = bl_arch_syscall_name(a, nr);

		if (name) {
			print_one(o, a, name, nr);
			return 0;
		}
	}
	if (is_number) {
		snprintf(msg, sizeof(msg), "syscall: %s has no system call number %s", a->name, arg);
		bl_print_error(o, msg);
		return BL_EXIT_USAGE;
	}
	nr = bl_arch_syscall_nr(a, bare_name(a, arg));
	if (nr < 0) {
		snprintf(msg, sizeof(msg), "syscall: %s has no system call named '%s'", a->name, arg);
		bl_print_error(o, msg);
		return BL_EXIT_USAGE;
	}
	print_one(o, a, bare_name(a, arg), nr);
	return 0;
}

int bl_cmd_syscall(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "arch", required_argument, NULL, 'a' },
		{ "list", no_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bl_out o = { false, stdout };
	const char *arch_name = NULL;
	const struct bl_arch *a;
	bool list = false;
	int opt, ret = BL_EXIT_OK;

	optind = 1;
	opterr = 0; /* bl_unknown_option says it, with the command */
	while ((opt = getopt_long(argc, argv, ":a:ljh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'a': arch_name = optarg; break;
		case 'l': list = true; break;
		case 'j': o.json = true; break;
		case 'h': fputs(BL_HELP("syscall", syscall_help), stdout); return BL_EXIT_OK;
		case ':': return bl_usage_error("syscall", "option '%s' needs an argument", argv[optind - 1]);
		default: return bl_unknown_option("syscall", argv);
		}
	}
	if (list && optind < argc)
		return bl_usage_error("syscall", "--list takes no NAME or NUMBER ('%s')", argv[optind]);
	if (!list && optind >= argc)
		return bl_usage_error("syscall", "missing the system call (NAME or NUMBER)");
	a = bl_cli_arch("syscall", arch_name);
	if (!a)
		return BL_EXIT_USAGE;
	if (list) {
		const char *name;
		int nr;

		for (size_t i = 0; (name = bl_arch_syscall_at(a, i, &nr)); i++) {
			if (o.json)
				print_one(&o, a, name, nr);
			else
				printf("%4d  %s\n", nr, name);
		}
		return BL_EXIT_OK;
	}
	for (int i = optind; i < argc; i++)
		if (lookup(&o, a, argv[i]))
			ret = BL_EXIT_USAGE;
	return ret;
}
