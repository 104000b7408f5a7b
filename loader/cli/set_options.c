/* loader/cli/set_options.c — `--set NAME=VALUE` of run and verify: a
 * global variable of .rodata, .data or .bss set before the load
 * (bl_object_spec_set_var, elf/vars/data_vars.c), which is how a tool configures a
 * BPF program without rebuilding it: `const volatile` variables in
 * .rodata are constants for the verifier once the loader has written
 * them and frozen the map (BPF_MAP_FREEZE, include/uapi/linux/bpf.h).
 */
#include "loader/cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/bpfload.h"
#include "loader/cli/output.h"

int bl_cli_set_option(const char *cmd, const char *arg, struct bl_cli_sets *s)
{
	const char *eq = strchr(arg, '=');
	const char **grown;

	if (!eq || eq == arg)
		return bl_usage_error(cmd, "--set wants NAME=VALUE, not '%s'", arg);
	grown = realloc(s->specs, (s->cnt + 1) * sizeof(*grown));
	if (!grown)
		return bl_usage_error(cmd, "out of memory");
	s->specs = grown;
	s->specs[s->cnt++] = arg;
	return BL_EXIT_OK;
}

int bl_cli_apply_sets(const struct bl_out *o, const struct bl_cli_sets *s, struct bl_object_spec *obj)
{
	for (size_t i = 0; i < s->cnt; i++) {
		const char *eq = strchr(s->specs[i], '=');
		char *name = strndup(s->specs[i], (size_t)(eq - s->specs[i]));
		struct bl_err err;
		int ret;

		if (!name) {
			bl_print_error(o, "out of memory");
			return BL_EXIT_FAIL;
		}
		ret = bl_object_spec_set_var(obj, name, eq + 1, &err);
		free(name);
		if (ret) {
			bl_print_error(o, err.msg);
			return BL_EXIT_USAGE;
		}
	}
	return BL_EXIT_OK;
}

void bl_cli_sets_free(struct bl_cli_sets *s)
{
	free(s->specs);
	s->specs = NULL;
	s->cnt = 0;
}

int bl_cli_read_object(const struct bl_out *o, const char *path, struct bl_cli_sets *sets,
		       struct bl_object_spec **out)
{
	struct bl_err err;
	int ret;

	*out = NULL;
	if (bl_object_spec_read(path, out, &err)) {
		*out = NULL;
		bl_print_error(o, err.msg);
		bl_cli_sets_free(sets);
		return BL_EXIT_FAIL;
	}
	ret = bl_cli_apply_sets(o, sets, *out);
	bl_cli_sets_free(sets);
	return ret;
}

void bl_cli_print_warnings(const struct bl_out *o, const struct bl_object *l)
{
	for (size_t i = 0; l && i < l->warning_cnt; i++)
		bl_print_warning(o, l->warnings[i]);
}

/* The end of the kernel's log of a refused BTF (at most 20 lines, where
 * it stopped), indented under the warning; in JSON, a "btf_log" line. */
void bl_cli_print_btf_log(const struct bl_out *o, const struct bl_object *l)
{
	const char *start, *end;
	int lines = 0;

	if (!l || !l->btf_log || !l->btf_log[0])
		return;
	if (o->json) {
		fputs("{\"type\":\"btf_log\",\"log\":", o->f);
		bl_json_str(o->f, l->btf_log);
		fputs("}\n", o->f);
		return;
	}
	end = l->btf_log + strlen(l->btf_log);
	for (start = end; start > l->btf_log && lines <= 20; start--)
		lines += start[-1] == '\n';
	while (start < end) {
		const char *nl = memchr(start, '\n', (size_t)(end - start));
		size_t n = nl ? (size_t)(nl - start) : (size_t)(end - start);

		if (n)
			fprintf(stderr, "    %.*s\n", (int)n, start);
		start += n + (nl != NULL);
	}
}
