/* tests/bench/overhead_load.c — one program of the overhead benchmark's
 * object, loaded alone and attached, by either loader:
 *
 *   bpfload  the library API (loader/bpfload.h): bl_object_spec_read, bl_load
 *            with only_progs = { prog }, bl_attach (uprobe_target for the
 *            bare uprobe section), bl_unload;
 *   libbpf   Debian's libbpf-dev: bpf_object__open_file, autoload off for
 *            every other program, bpf_object__load, bpf_program__attach
 *            (bpf_program__attach_uprobe_opts with func_name for the
 *            uprobe), bpf_link__destroy, bpf_object__close.
 *
 * Both attach the same way (a perf event and a BPF link for tracepoints
 * and probes, BPF_RAW_TRACEPOINT_OPEN for raw tracepoints), so what the
 * benchmark compares is the cost of what each loader left in the kernel.
 * Bench-only: libbpf is never linked into the product.
 */
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/bpfload.h"
#include "overhead.h"

struct ov_probe {
	enum ov_loader loader;
	struct bl_object_spec *bl_obj;
	struct bl_object *bl;
	struct bpf_object *lb_obj;
	struct bpf_link *lb_link;
	char target[4096];	/* the uprobe target, kept for bl_attach */
};

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

const char *ov_libbpf_version(void)
{
	return libbpf_version_string();
}

int ov_object_check(const char *obj_path, const char *const *progs, size_t prog_cnt, char *err,
		    size_t err_len)
{
	struct bl_err e = { "" };
	struct bl_object_spec *obj;
	int ret = bl_object_spec_read(obj_path, &obj, &e);

	if (ret) {
		snprintf(err, err_len, "%s", e.msg);
		return ret;
	}
	for (size_t i = 0; i < prog_cnt && !ret; i++) {
		size_t k = 0;

		while (k < obj->program_cnt && strcmp(obj->programs[k].name, progs[i]))
			k++;
		if (k == obj->program_cnt) {
			snprintf(err, err_len, "%s: no program %s (not bench_overhead.bpf.o?)",
				 obj_path, progs[i]);
			ret = -ENOENT;
		}
	}
	bl_object_spec_free(obj);
	return ret;
}

static int attach_bpfload(struct ov_probe *p, const char *obj_path, const char *prog,
			  char *err, size_t err_len)
{
	struct bl_err e = { "" };
	const char *only[] = { prog };
	struct bl_load_opts opts = { .only_progs = only, .only_prog_cnt = 1 };
	int ret;

	ret = bl_object_spec_read(obj_path, &p->bl_obj, &e);
	if (!ret)
		ret = bl_load(p->bl_obj, &opts, &p->bl, &e);
	if (!ret) {
		struct bl_attach_opts ao = { .uprobe_target = p->target[0] ? p->target : NULL };

		ret = bl_attach(p->bl, &ao, &e);
	}
	if (ret)
		snprintf(err, err_len, "bpfload: %s", e.msg);
	return ret;
}

static int attach_libbpf(struct ov_probe *p, const char *obj_path, const char *prog,
			 char *err, size_t err_len)
{
	struct bpf_program *pos, *target = NULL;
	int ret;

	libbpf_set_print(quiet);
	p->lb_obj = bpf_object__open_file(obj_path, NULL);
	if (!p->lb_obj) {
		ret = -errno;
		snprintf(err, err_len, "libbpf: %s: cannot open: %s", obj_path, strerror(-ret));
		return ret;
	}
	bpf_object__for_each_program(pos, p->lb_obj) {
		bool wanted = !strcmp(bpf_program__name(pos), prog);

		bpf_program__set_autoload(pos, wanted);
		if (wanted)
			target = pos;
	}
	if (!target) {
		snprintf(err, err_len, "libbpf: %s: no program %s", obj_path, prog);
		return -ENOENT;
	}
	ret = bpf_object__load(p->lb_obj);
	if (ret) {
		snprintf(err, err_len, "libbpf: %s: %s: load failed: %s", obj_path, prog,
			 strerror(-ret));
		return ret;
	}
	if (p->target[0]) {
		char *colon = strrchr(p->target, ':');
		LIBBPF_OPTS(bpf_uprobe_opts, uopts);

		if (!colon) {
			snprintf(err, err_len, "libbpf: uprobe target %s is not PATH:FUNC", p->target);
			return -EINVAL;
		}
		*colon = '\0';
		uopts.func_name = colon + 1;
		p->lb_link = bpf_program__attach_uprobe_opts(target, -1, p->target, 0, &uopts);
		*colon = ':';
	} else {
		p->lb_link = bpf_program__attach(target);
	}
	if (!p->lb_link) {
		ret = -errno;
		snprintf(err, err_len, "libbpf: %s: %s: attach failed: %s", obj_path, prog,
			 strerror(-ret));
		return ret;
	}
	return 0;
}

int ov_probe_attach(enum ov_loader loader, const char *obj_path, const char *prog,
		    const char *uprobe_target, struct ov_probe **out, char *err, size_t err_len)
{
	struct ov_probe *p = calloc(1, sizeof(*p));
	int ret;

	*out = NULL;
	if (!p) {
		snprintf(err, err_len, "out of memory");
		return -ENOMEM;
	}
	p->loader = loader;
	if (uprobe_target)
		snprintf(p->target, sizeof(p->target), "%s", uprobe_target);
	ret = loader == OV_BPFLOAD ? attach_bpfload(p, obj_path, prog, err, err_len)
				   : attach_libbpf(p, obj_path, prog, err, err_len);
	if (ret) {
		ov_probe_detach(p);
		return ret;
	}
	*out = p;
	return 0;
}

int ov_probe_hits(struct ov_probe *p, uint32_t slot, uint64_t *out)
{
	*out = 0;
	if (p->loader == OV_BPFLOAD) {
		struct bl_map *m = bl_object_find_map(p->bl, "hits");

		return m ? bl_map_lookup(m, &slot, out) : -ENOENT;
	}
	struct bpf_map *m = bpf_object__find_map_by_name(p->lb_obj, "hits");

	return m ? bpf_map__lookup_elem(m, &slot, sizeof(slot), out, sizeof(*out), 0) : -ENOENT;
}

void ov_probe_detach(struct ov_probe *p)
{
	if (!p)
		return;
	if (p->bl)
		bl_close(p->bl);
	bl_object_spec_free(p->bl_obj);
	bpf_link__destroy(p->lb_link);
	bpf_object__close(p->lb_obj);
	free(p);
}
