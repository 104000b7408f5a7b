/* loader/cli/map_options.c — the map options of `run` and `verify`:
 *
 *   --pin-path DIR            where maps with pinning LIBBPF_PIN_BY_NAME
 *                             are pinned (a directory in bpffs; default
 *                             /sys/fs/bpf); see loader/load/pin.c
 *   --map NAME.max_entries=N  sizes given before BPF_MAP_CREATE; see
 *   --map NAME.value_size=N   loader/load/map_override.c
 */
#include "loader/cli/cli.h"

#include <stdlib.h>

#include "loader/bpfload.h"

int bl_cli_map_option(const char *cmd, int opt, const char *arg, struct bl_load_opts *lo)
{
	struct bl_map_override *grown;
	struct bl_err err;

	if (opt == BL_OPT_PIN_PATH) {
		if (!arg[0])
			return bl_usage_error(cmd, "--pin-path wants a directory");
		lo->pin_path = arg;
		return BL_EXIT_OK;
	}
	grown = realloc((void *)lo->map_overrides, (lo->map_override_cnt + 1) * sizeof(*grown));
	if (!grown)
		return bl_usage_error(cmd, "out of memory");
	lo->map_overrides = grown;
	if (bl_map_override_parse(arg, &grown[lo->map_override_cnt], &err))
		return bl_usage_error(cmd, "%s", err.msg);
	lo->map_override_cnt++;
	return BL_EXIT_OK;
}

void bl_cli_map_options_free(struct bl_load_opts *lo)
{
	free((void *)lo->map_overrides);
	lo->map_overrides = NULL;
	lo->map_override_cnt = 0;
}
