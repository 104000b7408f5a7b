/* loader/cli/regs.c — `bpfload regs [ARCH]`: the register table of a
 * kprobe program's context (struct pt_regs, <asm/ptrace.h>) and which
 * register holds what, for a normal call and for a system call.  Prints
 * arch/'s tables (arch/arch.h), nothing else: no root, no kernel. */
#include "loader/cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "arch/arch.h"
#include "loader/cli/output.h"

static const char regs_help[] =
	"usage: bpfload regs [ARCH] [--json]\n\n"
	"Prints how a kprobe program sees the registers on ARCH (default: this\n"
	"machine's): each register of its context, struct pt_regs, with byte\n"
	"offset and size; which registers hold the arguments of a function and\n"
	"of a system call, the return value, stack, instruction and frame\n"
	"pointer; and the prefix of the system call functions.  These are the\n"
	"tables the PT_REGS_* macros of bpfload.bpf.h are generated from.\n\n"
	"  ARCH        x86_64 (also x86, amd64), arm64 (also aarch64) or arm\n"
	"              (also armv7, armhf)\n"
	"  --json      one JSON object per line: \"arch\", then one \"register\" each\n"
	"  -h, --help  this text\n";

const struct bl_arch *bl_cli_arch(const char *cmd, const char *name)
{
	const struct bl_arch *a = name ? bl_arch_find(name) : bl_arch_native();
	char known[128] = "";

	if (a)
		return a;
	for (size_t i = 0; bl_arch_at(i); i++)
		snprintf(known + strlen(known), sizeof(known) - strlen(known), "%s%s",
			 i ? ", " : "", bl_arch_at(i)->name);
#ifdef BL_NATIVE_ARCH_ONLY
	if (name)	/* arch/arch.c: the static build has its own table only */
		bl_usage_error(cmd, "unknown architecture '%s' (this static build knows only "
			       "its own: %s; the normal build knows x86_64, arm64 and arm)",
			       name, known);
#else
	if (name)
		bl_usage_error(cmd, "unknown architecture '%s' (known: %s)", name, known);
#endif
	else
		bl_usage_error(cmd, "this bpfload was built for an architecture it has no "
			       "tables for; name one of: %s", known);
	return NULL;
}

static void json_names(FILE *f, const char *const *names, size_t n)
{
	fputc('[', f);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		bl_json_str(f, names[i]);
	}
	fputc(']', f);
}

static void print_json(FILE *f, const struct bl_arch *a)
{
	fputs("{\"type\":\"arch\",\"name\":", f);
	bl_json_str(f, a->name);
	fputs(",\"bpf_target\":", f);
	bl_json_str(f, a->bpf_target);
	fputs(",\"context\":", f);
	bl_json_str(f, a->ctx_type);
	fputs(",\"header\":", f);
	bl_json_str(f, a->ptrace_header);
	fputs(",\"args\":", f);
	json_names(f, a->call_args, a->call_arg_cnt);
	fputs(",\"syscall_args\":", f);
	json_names(f, a->syscall_args, a->syscall_arg_cnt);
	fputs(",\"return\":", f);
	bl_json_str(f, a->ret_reg);
	fputs(",\"sp\":", f);
	bl_json_str(f, a->sp_reg);
	fputs(",\"ip\":", f);
	bl_json_str(f, a->ip_reg);
	fputs(",\"fp\":", f);
	bl_json_str(f, a->fp_reg);
	fputs(",\"syscall_prefix\":", f);
	bl_json_str(f, a->syscall_prefix);
	fputs(",\"syscall_wrapper_since\":", f);
	if (a->syscall_wrapper_since)
		bl_json_str(f, a->syscall_wrapper_since);
	else
		fputs("null", f);
	fprintf(f, ",\"syscalls\":%zu}\n", a->syscall_cnt);
	for (size_t i = 0; i < a->reg_cnt; i++) {
		const struct bl_arch_reg *r = &a->regs[i];
		char buf[160];

		fputs("{\"type\":\"register\",\"arch\":", f);
		bl_json_str(f, a->name);
		fputs(",\"name\":", f);
		bl_json_str(f, r->name);
		fputs(",\"alias\":", f);
		if (r->alias)
			bl_json_str(f, r->alias);
		else
			fputs("null", f);
		fprintf(f, ",\"offset\":%u,\"size\":%u,\"holds\":", r->offset, r->size);
		bl_json_str(f, bl_arch_reg_uses(a, r, buf, sizeof(buf)));
		fputs("}\n", f);
	}
}

static void print_text(FILE *f, const struct bl_arch *a)
{
	const struct bl_arch_reg *r;
	char buf[160];

	fprintf(f, "%s: the context of a kprobe program is %s, as in %s\n\n",
		a->name, a->ctx_type, a->ptrace_header);
	fprintf(f, "%-9s %-9s %6s %4s  %s\n", "register", "alias", "offset", "size", "holds");
	for (size_t i = 0; i < a->reg_cnt; i++) {
		r = &a->regs[i];
		bl_arch_reg_uses(a, r, buf, sizeof(buf));
		fprintf(f, "%-9s %-9s %6u %4u%s%s\n", r->name, r->alias ? r->alias : "", r->offset,
			r->size, buf[0] ? "  " : "", buf);
	}

	fprintf(f, "\nfunction call (kprobe/FUNCTION): PT_REGS_PARMn(ctx)\n");
	for (unsigned i = 1; (r = bl_arch_call_arg(a, i)) != NULL; i++)
		fprintf(f, "  argument %u is in %s (offset %u)\n", i, r->name, r->offset);

	if (a->syscall_wrapper_since) {
		fprintf(f, "\nsystem call NAME (kprobe on %sNAME, since Linux %s): its argument 1\n"
			"points to the user's struct pt_regs, in which\n", a->syscall_prefix,
			a->syscall_wrapper_since);
		for (unsigned i = 1; (r = bl_arch_syscall_arg(a, i)) != NULL; i++)
			fprintf(f, "  argument %u is in %s (offset %u)\n", i, r->name, r->offset);
		fprintf(f, "  PT_REGS_PARMn_SYSCALL(PT_REGS_SYSCALL_REGS(ctx)) reads them\n\n");
	} else {
		fprintf(f, "\nsystem call NAME (kprobe on %sNAME, no syscall wrapper): the\n"
			"arguments as for a function call, PT_REGS_PARMn(ctx); in the user's\n"
			"struct pt_regs on entry (raw tracepoint sys_enter, args[0])\n",
			a->syscall_prefix);
		for (unsigned i = 1; (r = bl_arch_syscall_arg(a, i)) != NULL; i++)
			fprintf(f, "  argument %u is in %s (offset %u)\n", i, r->name, r->offset);
		fprintf(f, "  PT_REGS_PARMn_SYSCALL(regs) reads them\n\n");
	}

	fprintf(f, "%-20s %-8s PT_REGS_RC(ctx)\n", "return value", a->ret_reg);
	fprintf(f, "%-20s %-8s PT_REGS_SP(ctx)\n", "stack pointer", a->sp_reg);
	fprintf(f, "%-20s %-8s PT_REGS_IP(ctx)\n", "instruction pointer", a->ip_reg);
	fprintf(f, "%-20s %-8s PT_REGS_FP(ctx)\n", "frame pointer", a->fp_reg);
	fprintf(f, "%-20s %sNAME\n", "syscall function", a->syscall_prefix);
}

int bl_cmd_regs(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct bl_arch *a;
	bool json = false;
	int opt;

	optind = 1;
	opterr = 0; /* bl_unknown_option says it, with the command */
	while ((opt = getopt_long(argc, argv, ":jh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j': json = true; break;
		case 'h': fputs(regs_help, stdout); return BL_EXIT_OK;
		case ':': return bl_usage_error("regs", "option '%s' needs an argument", argv[optind - 1]);
		default: return bl_unknown_option("regs", argv);
		}
	}
	if (optind + 1 < argc)
		return bl_usage_error("regs", "unexpected argument '%s'", argv[optind + 1]);
	a = bl_cli_arch("regs", optind < argc ? argv[optind] : NULL);
	if (!a)
		return BL_EXIT_USAGE;
	if (json)
		print_json(stdout, a);
	else
		print_text(stdout, a);
	return BL_EXIT_OK;
}
