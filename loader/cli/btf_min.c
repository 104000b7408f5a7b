/* loader/cli/btf_min.c — `bpfload btf min OBJ... [--btf FULL] -o OUT`: the
 * part of a kernel's BTF that the objects need (elf/btf_min/btf_min.h,
 * docs/btf-min.md), written as a raw BTF file for `--btf OUT` on a
 * kernel without /sys/kernel/btf/vmlinux (CONFIG_DEBUG_INFO_BTF off).
 * --core-only leaves the attach targets out (what bpftool's gen
 * min_core_btf keeps). Needs no root and no kernel: FULL is a file (the target kernel's
 * /sys/kernel/btf/vmlinux, copied off it or made by pahole). Before
 * writing, every relocation is resolved against the result once more and
 * must give what FULL gives; on any error nothing is written.
 */
#include "loader/cli/cli.h"
#include "loader/cli/help_text.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf/btf_min/btf_min.h"
#include "loader/cli/output.h"
#include "loader/sys/read_file.h"

#define FULL_DEFAULT "/sys/kernel/btf/vmlinux"
#define FULL_MAX (1u << 30)

static const char btf_help[] =
	"usage: bpfload btf min OBJ... [--btf FULL] [--core-only] -o OUT\n\n"
	"Writes to OUT a raw BTF file with only what the objects need of FULL\n"
	"(default: " FULL_DEFAULT "): the types their CO-RE relocations\n"
	"resolve to, with only the members and enumerators used, what those refer\n"
	"to, and the attach targets of tp_btf/fentry/fexit/fmod_ret/lsm/iter\n"
	"programs. Loading the objects with --btf OUT resolves every relocation\n"
	"as with --btf FULL: for kernels built without CONFIG_DEBUG_INFO_BTF\n"
	"(docs/btf-min.md). Relocations that FULL cannot satisfy are named on\n"
	"stderr (their instructions are poisoned with FULL and with OUT alike).\n"
	"Exits 1, writing nothing, when FULL is unreadable or no BTF, when an\n"
	"object cannot be read or a relocation is malformed or ambiguous\n"
	"against FULL, or when no object needs anything of FULL.\n\n"
	"  --btf FULL       the target kernel's BTF (raw, as in /sys/kernel/btf)\n"
	"  -o, --output OUT the file to write\n"
	"  --core-only      only what CO-RE relocations need, no attach targets\n"
	"  -h, --help       this text\n";

struct run {
	struct bl_out o;
	struct bl_btf *full;
	struct bl_object_spec **objs;
	int obj_cnt;
	bool core_only;		/* --core-only: no attach targets */
	struct bl_btf_min *min;
	void *data;
	size_t len;
};

static void note(void *ctx, const char *msg)
{
	bl_print_warning(ctx, msg);
}

static int fail(struct run *r, const char *msg)
{
	bl_print_error(&r->o, msg);
	return BL_EXIT_FAIL;
}

static int read_full(struct run *r, const char *path, bool given)
{
	unsigned char *data = NULL;
	struct bl_err err;
	char msg[BL_ERR_MAX + 128];
	size_t len = 0;
	int rc = bl_read_file(path, FULL_MAX, &data, &len);

	if (rc == -ENOENT && !given) {
		snprintf(msg, sizeof(msg), "btf min: %s is missing (this kernel has no BTF): give the target kernel's BTF with --btf FULL",
			 path);
		return fail(r, msg);
	}
	if (rc) {
		snprintf(msg, sizeof(msg), "btf min: cannot read %s: %s", path, strerror(-rc));
		return fail(r, msg);
	}
	if (bl_btf_parse_owned(data, len, NULL, path, &r->full, &err)) {
		snprintf(msg, sizeof(msg), "btf min: %s is not usable as FULL (raw BTF wanted, such as %s): %s",
			 path, FULL_DEFAULT, err.msg);
		return fail(r, msg);
	}
	return 0;
}

/* Minimizes, then checks the result against FULL. */
static int minimize(struct run *r, struct bl_btf_min_stats *st)
{
	struct bl_btf *min = NULL;
	struct bl_err err;
	int rc;

	if (bl_btf_min_new(r->full, &r->min, &err))
		return fail(r, err.msg);
	for (int i = 0; i < r->obj_cnt; i++) {
		struct bl_btf_min_stats before = *st;

		if (bl_btf_min_add_relos(r->min, r->objs[i], st, note, &r->o, &err) ||
		    (!r->core_only &&
		     bl_btf_min_add_targets(r->min, r->objs[i], st, note, &r->o, &err)))
			return fail(r, err.msg);
		if (st->relos == before.relos && st->targets == before.targets &&
		    st->missing_targets == before.missing_targets) {
			char msg[600];

			snprintf(msg, sizeof(msg), "%s: no CO-RE relocations%s: it needs nothing of the kernel's BTF",
				 r->objs[i]->path, r->core_only ? "" : " and no BTF-attached programs");
			bl_print_warning(&r->o, msg);
		}
	}
	if (bl_btf_min_type_cnt(r->min) == 0)
		return fail(r, "btf min: nothing to keep: no relocation of the objects matched a type of FULL and no attach target is in it; no file written");
	if (bl_btf_min_write(r->min, &r->data, &r->len, &err) ||
	    bl_btf_parse(r->data, r->len, "minimized BTF", &min, &err))
		return fail(r, err.msg);
	for (int i = 0; i < r->obj_cnt; i++)
		if ((rc = bl_btf_min_check(r->full, min, r->objs[i], &err)))
			break;
	bl_btf_free(min);
	return rc ? fail(r, err.msg) : 0;
}

static int write_out(struct run *r, const char *path)
{
	char msg[600];
	size_t done = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0) {
		snprintf(msg, sizeof(msg), "btf min: cannot create %s: %s", path, strerror(errno));
		return fail(r, msg);
	}
	while (done < r->len) {
		ssize_t n = write(fd, (char *)r->data + done, r->len - done);

		if (n <= 0) {
			snprintf(msg, sizeof(msg), "btf min: cannot write %s: %s", path,
				 n < 0 ? strerror(errno) : "short write");
			close(fd);
			unlink(path);
			return fail(r, msg);
		}
		done += (size_t)n;
	}
	if (close(fd)) {
		snprintf(msg, sizeof(msg), "btf min: cannot write %s: %s", path, strerror(errno));
		unlink(path);
		return fail(r, msg);
	}
	return 0;
}

static int run_min(struct run *r, const char *full, const char *out, char **objs, int cnt)
{
	struct bl_btf_min_stats st = { 0 };
	struct bl_err err;
	size_t full_len;
	int rc;

	if ((rc = read_full(r, full ? full : FULL_DEFAULT, full != NULL)))
		return rc;
	if (!(r->objs = calloc((size_t)cnt, sizeof(*r->objs))))
		return fail(r, "out of memory");
	for (; r->obj_cnt < cnt; r->obj_cnt++)
		if (bl_object_spec_read(objs[r->obj_cnt], &r->objs[r->obj_cnt], &err))
			return fail(r, err.msg);
	if ((rc = minimize(r, &st)) || (rc = write_out(r, out)))
		return rc;
	bl_btf_raw(r->full, &full_len);
	printf("%s: %u types, %zu bytes (FULL %s: %u types, %zu bytes); %u CO-RE relocations in %d objects (%u matched, %u absent, %u poisoned), %u attach targets\n",
	       out, bl_btf_min_type_cnt(r->min), r->len, full ? full : FULL_DEFAULT,
	       bl_btf_type_cnt(r->full) - 1, full_len, st.relos, r->obj_cnt, st.matched, st.absent,
	       st.poisoned, st.targets);
	return BL_EXIT_OK;
}

int bl_cmd_btf(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "btf", required_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'o' },
		{ "core-only", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run r = { .o = { false, stdout } };
	const char *full = NULL, *out = NULL;
	int opt, rc;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'b': full = optarg; break;
		case 'o': out = optarg; break;
		case 'c': r.core_only = true; break;
		case 'h': fputs(BL_HELP("btf", btf_help), stdout); return BL_EXIT_OK;
		case ':': return bl_usage_error("btf", "option '%s' needs an argument", argv[optind - 1]);
		default: return bl_unknown_option("btf", argv);
		}
	}
	if (optind >= argc)
		return bl_usage_error("btf", "a subcommand is needed: btf min OBJ... -o OUT");
	if (strcmp(argv[optind], "min") != 0)
		return bl_usage_error("btf", "unknown subcommand '%s' (there is: min)", argv[optind]);
	if (optind + 1 >= argc)
		return bl_usage_error("btf", "min needs at least one object file");
	if (!out)
		return bl_usage_error("btf", "min needs the output file: -o OUT");
	rc = run_min(&r, full, out, argv + optind + 1, argc - optind - 1);
	for (int i = 0; i < r.obj_cnt; i++)
		bl_object_spec_free(r.objs[i]);
	free(r.objs);
	free(r.data);
	bl_btf_min_free(r.min);
	bl_btf_free(r.full);
	return rc;
}
