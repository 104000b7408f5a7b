/* loader/cli/btf_source.c — the "kernel BTF" line of run and verify:
 * which file the CO-RE relocations were resolved against when it was not
 * the running kernel's /sys/kernel/btf/vmlinux (the search order is
 * loader/load/core_target.c's; docs/btf-min.md, "Kernels without BTF").
 */
#include "cli.h"
#include "output.h"

#include "loader/load/load.h"

void bl_cli_print_btf_source(const struct bl_out *o, const struct bl_object *l)
{
	const char *from;

	if (!l || !l->core_btf || !l->core_btf_path)
		return;	/* none needed, or the running kernel's own */
	from = bl_btf_from_name(l->core_btf_from);
	if (o->json) {
		fputs("{\"type\":\"kernel_btf\",\"path\":", o->f);
		bl_json_str(o->f, l->core_btf_path);
		fputs(",\"from\":", o->f);
		bl_json_str(o->f, from);
		fputs("}\n", o->f);
	} else {
		fprintf(o->f, "kernel BTF: %s (from %s)\n", l->core_btf_path, from);
	}
}
