/* loader/cli/prog_options.c — program selection for `run` and `verify`:
 *
 *   --prog NAME   load only this program (repeatable); also one whose
 *                 section starts with '?' (libbpf's "no autoload")
 *   --skip NAME   leave this program out (repeatable), e.g. an fentry
 *                 program the running kernel refuses
 *   --all-alternatives
 *                 no groups of alternatives (docs/alternatives.md): every
 *                 program must load and is attached
 *   --replace-target PROG_ID|PATH
 *                 the program whose functions freplace programs replace
 *
 * The names go to bl_load_opts.only_progs / skip_progs (loader/load/load.c).
 * Also bl_cli_load_option: every option of the load that run and verify
 * share, taken in one place.
 */
#include "loader/cli/cli.h"

#include <stdlib.h>

#include "loader/bpfload.h"

static int append(const char *cmd, const char *const **list, size_t *cnt, const char *name)
{
	const char **grown;

	if (!name[0])
		return bl_usage_error(cmd, "--prog and --skip want a program name");
	grown = realloc((void *)*list, (*cnt + 1) * sizeof(*grown));
	if (!grown)
		return bl_usage_error(cmd, "out of memory");
	grown[(*cnt)++] = name;
	*list = grown;
	return BL_EXIT_OK;
}

int bl_cli_prog_option(const char *cmd, int opt, const char *arg, struct bl_load_opts *lo)
{
	if (opt == BL_OPT_PROG)
		return append(cmd, &lo->only_progs, &lo->only_prog_cnt, arg);
	return append(cmd, &lo->skip_progs, &lo->skip_prog_cnt, arg);
}

void bl_cli_prog_options_free(struct bl_load_opts *lo)
{
	free((void *)lo->only_progs);
	free((void *)lo->skip_progs);
	lo->only_progs = lo->skip_progs = NULL;
	lo->only_prog_cnt = lo->skip_prog_cnt = 0;
}

void bl_cli_load_options_free(struct bl_load_opts *lo)
{
	bl_cli_map_options_free(lo);
	bl_cli_prog_options_free(lo);
}

bool bl_cli_load_option(const char *cmd, int opt, const char *arg, struct bl_load_opts *lo,
			struct bl_cli_sets *sets, int *ret)
{
	*ret = 0;
	switch (opt) {
	case BL_OPT_BTF:
		lo->btf_path = arg;
		return true;
	case BL_OPT_KCONFIG:
		lo->kconfig_path = arg;
		return true;
	case BL_OPT_REPLACE_TARGET:
		if (!arg[0])
			*ret = bl_usage_error(cmd, "--replace-target wants a program id or the path of a pinned program");
		lo->replace_target = arg;
		return true;
	case BL_OPT_PROG:
	case BL_OPT_SKIP:
		*ret = bl_cli_prog_option(cmd, opt, arg, lo);
		return true;
	case BL_OPT_ALL_ALTERNATIVES:
		lo->all_alternatives = true;
		return true;
	case BL_OPT_PIN_PATH:
	case BL_OPT_MAP:
		*ret = bl_cli_map_option(cmd, opt, arg, lo);
		return true;
	case BL_OPT_SET:
		*ret = bl_cli_set_option(cmd, arg, sets);
		return true;
	default:
		return false;
	}
}
