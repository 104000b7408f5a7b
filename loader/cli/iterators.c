/* loader/cli/iterators.c — `bpfload run` and BPF iterators (iter/NAME):
 * each one is read once, to its end, right after attaching (BPF_ITER_CREATE
 * and read(2): loader/output/iter_read.c), and what its program wrote
 * with bpf_seq_printf is printed as it is, a line at a time (JSON: one
 * {"type":"iter","program":...,"line":...} each). What `bpftool iter pin`
 * and `cat` of the pin do, in one command.
 */
#include "loader/cli/output.h"

#include <stdio.h>

struct iter_out {
	const struct bl_out *o;
	const char *prog;
};

static void print_iter_line(const char *line, void *arg)
{
	const struct iter_out *io = arg;
	FILE *f = io->o->f;

	if (io->o->json) {
		fputs("{\"type\":\"iter\",\"program\":", f);
		bl_json_str(f, io->prog);
		fputs(",\"line\":", f);
		bl_json_str(f, line);
		fputs("}\n", f);
	} else {
		fprintf(f, "%s\n", line);
	}
}

int bl_cli_run_iterators(const struct bl_out *o, const struct bl_object *l, bool *only_iterators)
{
	bool any = false, others = false;

	for (size_t i = 0; i < l->prog_cnt; i++) {
		const struct bl_prog *p = &l->progs[i];
		struct iter_out io = { o, p->spec->name };
		struct bl_err err;

		if (p->state != BL_PROG_LOADED || p->link.kind == BL_ATTACH_NONE)
			continue;
		if (p->link.kind != BL_ATTACH_ITER) {
			others = true;
			continue;
		}
		any = true;
		if (bl_iter_read(p->link.link_fd, print_iter_line, &io, &err) < 0) {
			bl_err_prefix(&err, -1, "%s: iterator %s", l->spec->path, p->spec->name);
			bl_print_error(o, err.msg);
			return -1;
		}
		fflush(o->f);
	}
	*only_iterators = any && !others;
	return 0;
}
