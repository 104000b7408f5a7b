/* loader/cli/cli.h — the commands of the bpfload command line.
 *
 * Each command parses its own options (getopt_long) and returns the
 * process exit status: 0 done, 1 failed, 2 wrong usage.
 */
#ifndef BL_CLI_H
#define BL_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define BL_EXIT_OK 0
#define BL_EXIT_FAIL 1
#define BL_EXIT_USAGE 2

int bl_cmd_run(int argc, char **argv);
int bl_cmd_verify(int argc, char **argv);
int bl_cmd_inspect(int argc, char **argv);
int bl_cmd_regs(int argc, char **argv);
int bl_cmd_syscall(int argc, char **argv);
int bl_cmd_list(int argc, char **argv);
int bl_cmd_selftest(int argc, char **argv);
int bl_cmd_btf(int argc, char **argv);

/* The architecture called name (NULL: this machine's), from arch/; if
 * there is none, prints a usage error for cmd and returns NULL (exit 2). */
struct bl_arch;
const struct bl_arch *bl_cli_arch(const char *cmd, const char *name);

/* Prints "bpfload CMD: MSG" and the hint to --help on stderr; returns 2. */
int bl_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* getopt_long returned '?': names the option it did not know; returns 2. */
int bl_unknown_option(const char *cmd, char **argv);

/* --pin-path DIR and --map NAME.FIELD=N of run and verify
 * (map_options.c): the getopt_long values, and what they set in lo.
 * Returns 0, or 2 after a usage error. */
struct bl_load_opts;
#define BL_OPT_PIN_PATH 0x100
#define BL_OPT_MAP 0x101
#define BL_MAP_OPTIONS_HELP \
	"      --pin-path DIR      pin maps declared with pinning LIBBPF_PIN_BY_NAME\n" \
	"                          (or iproute2's PIN_GLOBAL_NS) in DIR (in bpffs;\n" \
	"                          default /sys/fs/bpf), and reuse a matching map\n" \
	"                          already pinned there\n" \
	"      --map NAME.max_entries=N, --map NAME.value_size=N\n" \
	"                          size map NAME before it is created\n"
int bl_cli_map_option(const char *cmd, int opt, const char *arg, struct bl_load_opts *lo);
void bl_cli_map_options_free(struct bl_load_opts *lo);

/* --prog NAME, --skip NAME and --all-alternatives of run and verify
 * (prog_options.c). */
#define BL_OPT_PROG 0x110
#define BL_OPT_SKIP 0x111
#define BL_OPT_ALL_ALTERNATIVES 0x112
#define BL_PROG_OPTIONS_HELP \
	"      --prog NAME         load only program NAME (repeatable); the programs\n" \
	"                          named are all used, alternatives or not\n" \
	"      --skip NAME         leave program NAME out (repeatable)\n" \
	"      --all-alternatives  programs of one event by different mechanisms\n" \
	"                          (tp_btf/raw_tp/tracepoint, fentry/kprobe,\n" \
	"                          fexit/kretprobe: docs/alternatives.md) are not\n" \
	"                          alternatives: each must load, all are attached\n" \
	"      --btf FILE          resolve CO-RE relocations against this BTF file\n" \
	"                          (default $BPFLOAD_BTF, else /sys/kernel/btf/vmlinux,\n" \
	"                          else OBJ.btf beside the object: docs/btf-min.md)\n" \
	"      --kconfig FILE      values of CONFIG_* __kconfig externs from this\n" \
	"                          kernel configuration (default /proc/config.gz)\n" \
	"      --replace-target PROG_ID|PATH\n" \
	"                          the loaded program whose functions the freplace\n" \
	"                          programs replace: its id, or its pin in bpffs\n"
/* --btf FILE of run and verify: bl_load_opts.btf_path. */
#define BL_OPT_BTF 0x130
/* --kconfig FILE of run and verify: bl_load_opts.kconfig_path. */
#define BL_OPT_KCONFIG 0x131
/* --replace-target PROG_ID|PATH of run and verify: bl_load_opts.replace_target. */
#define BL_OPT_REPLACE_TARGET 0x132
int bl_cli_prog_option(const char *cmd, int opt, const char *arg, struct bl_load_opts *lo);
void bl_cli_prog_options_free(struct bl_load_opts *lo);
/* Both of the above. */
void bl_cli_load_options_free(struct bl_load_opts *lo);

/* --set NAME=VALUE of run and verify (set_options.c): collected while
 * parsing (0, or 2 after a usage error), applied to the object once it
 * is read (0; 2 when the variable or value is wrong, after printing why). */
#define BL_OPT_SET 0x120
#define BL_SET_HELP \
	"      --set NAME=VALUE    set global variable NAME (.rodata, .data, .bss)\n" \
	"                          before the load: an integer (42, 0x2a, -1), an\n" \
	"                          enum value's name, true/false, or a string for a\n" \
	"                          char array; repeatable\n"
struct bl_cli_sets {
	const char **specs;	/* "NAME=VALUE", pointing into argv */
	size_t cnt;
};
struct bl_out;
struct bl_object_spec;
struct bl_object;
int bl_cli_set_option(const char *cmd, const char *arg, struct bl_cli_sets *s);

/* What run and verify share: the getopt_long entries of the options
 * above (--pin-path, --map, --prog, --skip, --all-alternatives, --btf,
 * --kconfig, --replace-target, --set),
 * for their option tables, and one call that takes any of them
 * (prog_options.c): false when opt is none of them; else true, with *ret
 * 0 or BL_EXIT_USAGE after saying why. */
#define BL_CLI_LOAD_LONGOPTS \
	{ "pin-path", required_argument, NULL, BL_OPT_PIN_PATH }, \
	{ "map", required_argument, NULL, BL_OPT_MAP }, \
	{ "prog", required_argument, NULL, BL_OPT_PROG }, \
	{ "skip", required_argument, NULL, BL_OPT_SKIP }, \
	{ "all-alternatives", no_argument, NULL, BL_OPT_ALL_ALTERNATIVES }, \
	{ "btf", required_argument, NULL, BL_OPT_BTF }, \
	{ "kconfig", required_argument, NULL, BL_OPT_KCONFIG }, \
	{ "replace-target", required_argument, NULL, BL_OPT_REPLACE_TARGET }, \
	{ "set", required_argument, NULL, BL_OPT_SET }
bool bl_cli_load_option(const char *cmd, int opt, const char *arg, struct bl_load_opts *lo,
			struct bl_cli_sets *sets, int *ret);
int bl_cli_apply_sets(const struct bl_out *o, const struct bl_cli_sets *s, struct bl_object_spec *obj);
void bl_cli_sets_free(struct bl_cli_sets *s);
/* The object spec of path with the --set values applied (sets is freed);
 * the error printed. 0, or the exit status. *out is the caller's to free,
 * also on failure when not NULL. */
int bl_cli_read_object(const struct bl_out *o, const char *path, struct bl_cli_sets *sets,
		       struct bl_object_spec **out);
/* The map and program names of --map, --prog and --skip in lo, against
 * obj (names.c): 0, or BL_EXIT_USAGE after saying which name and what
 * the object has. */
int bl_cli_check_names(const struct bl_out *o, const struct bl_load_opts *lo,
		       const struct bl_object_spec *obj);
/* Each of l->warnings (the load went on: e.g. without BTF). */
void bl_cli_print_warnings(const struct bl_out *o, const struct bl_object *l);
/* "kernel BTF: PATH (from --btf)", when the target BTF of CO-RE was a
 * file, not the running kernel's (btf_source.c). */
void bl_cli_print_btf_source(const struct bl_out *o, const struct bl_object *l);
/* The end of l->btf_log, when the kernel refused the BTF (verify). */
void bl_cli_print_btf_log(const struct bl_out *o, const struct bl_object *l);

/* What `run` prints for a program the kernel refused: the class of the
 * error, the end of its log, the hint (verify_report.c). */
struct bl_prog;
void bl_cli_report_rejected(FILE *f, const struct bl_object *l, const struct bl_prog *p);

/* Groups of alternatives (alternatives.c, docs/alternatives.md): each
 * group of obj in order of preference (inspect); what bl_load chose in
 * each group in play (verify, attached false) or what bl_attach attached
 * (run, attached true), with why the others are not used. */
void bl_cli_print_alt_groups(const struct bl_out *o, const struct bl_object_spec *obj);
void bl_cli_print_alt_choices(const struct bl_out *o, const struct bl_object *l, bool attached);

/* After the command (stdout.c): flushes and closes stdout; a write that
 * failed (a full disk, a closed pipe) is said on stderr with its errno,
 * and the status becomes 1 if it was 0. Returns the exit status. */
int bl_cli_close_stdout(int status);

/* After getopt_long: exactly one OBJ operand left, else a usage error. */
int bl_one_object(const char *cmd, int argc, char **argv, const char **obj);

#endif
