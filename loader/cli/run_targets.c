/* loader/cli/run_targets.c — `run --uprobe` and `run --usdt` name where
 * the programs of a bare SEC("uprobe"), SEC("uretprobe"), SEC("uprobe.multi"),
 * SEC("uretprobe.multi") or SEC("usdt")
 * go (bl_attach_opts.uprobe_target, usdt_target): when the object has no
 * such program, the option is not used, which run says. */
#include "loader/cli/run_stream.h"

#include <stdio.h>

static bool has_bare(const struct bl_object *l, enum bl_attach_kind a, enum bl_attach_kind b)
{
	for (size_t i = 0; i < l->prog_cnt; i++) {
		const struct bl_prog_spec *d = l->progs[i].spec;
		enum bl_attach_kind kind = d->def ? d->def->attach : BL_ATTACH_NONE;

		if ((kind == a || kind == b) && (!d->attach_target || !*d->attach_target))
			return true;
	}
	return false;
}

void bl_run_warn_unused_targets(const struct bl_out *o, const struct bl_object *l,
				const struct bl_attach_opts *ao, const char *path)
{
	char msg[BL_ERR_MAX];

	if (ao->uprobe_target && !has_bare(l, BL_ATTACH_UPROBE, BL_ATTACH_URETPROBE) &&
	    !has_bare(l, BL_ATTACH_UPROBE_MULTI, BL_ATTACH_URETPROBE_MULTI)) {
		snprintf(msg, sizeof(msg), "--uprobe %.400s: no program of %.400s has a bare SEC(\"uprobe\") or SEC(\"uretprobe\"); not used",
			 ao->uprobe_target, path);
		bl_print_warning(o, msg);
	}
	if (ao->usdt_target && !has_bare(l, BL_ATTACH_USDT, BL_ATTACH_USDT)) {
		snprintf(msg, sizeof(msg), "--usdt %.400s: no program of %.400s has a bare SEC(\"usdt\"); not used",
			 ao->usdt_target, path);
		bl_print_warning(o, msg);
	}
}
