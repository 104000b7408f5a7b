/* loader/attach/btf_trace.c — SEC("tp_btf/..."), fentry, fexit, fmod_ret,
 * lsm (and their .s forms), and freplace: programs whose target the
 * kernel already knows from the load (attr.attach_btf_id,
 * loader/load/attach_target.c), so attaching names nothing but the
 * program.
 *
 * BPF_LINK_CREATE with the program's expected attach type makes the link
 * (include/uapi/linux/bpf.h): the kernel puts the program into the
 * target's BPF trampoline (kernel/bpf/trampoline.c), or onto the
 * tracepoint for tp_btf. The kernels that had these programs before
 * BPF_LINK_CREATE learned them (5.5 to 5.10 and some later: the command
 * took iterators and freplace first) answer EINVAL; there
 * BPF_RAW_TRACEPOINT_OPEN with no name does the same for a program loaded
 * with an attach_btf_id, and its fd holds the attachment (libbpf falls
 * back the same way).
 *
 * freplace: BPF_LINK_CREATE with target_fd, the program whose function is
 * replaced (the one the load named), and target_btf_id, that function's
 * id in its BTF (kernel/bpf/syscall.c, bpf_tracing_prog_attach). attach_type is the target's expected attach
 * type, which is 0 for the tracepoint, kprobe and raw tracepoint
 * programs bpfload loads.
 *
 * Detaching is closing the fd.
 */
#include "kinds.h"
#include "loader/load/attach_target.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* BPF_LINK_CREATE, and where the kernel does not take it for this kind
 * (EINVAL), BPF_RAW_TRACEPOINT_OPEN with no name. *how says which. When
 * both fail, the second one's error is the one that says why: Debian's
 * arm64 5.10 answers EINVAL to the first (the kind is not taken there)
 * and ENOTSUPP to the second (no BPF trampolines on arm64 before 6.0). */
static int link_or_raw_tp(const struct bl_link_create_args *a, const char **how)
{
	int fd = bl_sys_link_create_args(a);

	*how = "BPF link";
	if (fd == -EINVAL) {
		int rfd = bl_sys_raw_tracepoint_open(NULL, a->prog_fd);

		if (rfd >= 0)
			*how = "BPF_RAW_TRACEPOINT_OPEN";
		return rfd;
	}
	return fd;
}

/* The refusal in one line: explained where bpfload knows the cause. */
static int refused(struct bl_prog *p, int ret, struct bl_err *err)
{
	char why[768], eb[16];

	if (bl_attach_refusal_explain(p, BL_BTF_STAGE_ATTACH, -ret, why, sizeof(why)))
		return bl_err_set(err, ret, "program %s (section %s): %s", p->spec->name,
				  p->spec->section, why);
	return bl_err_set(err, ret, "program %s (section %s): BPF_LINK_CREATE failed with %s (%s)",
			  p->spec->name, p->spec->section, bl_errno_name(-ret, eb), strerror(-ret));
}

static int attach_btf_trace(struct bl_object *l, struct bl_prog *p, struct bl_err *err)
{
	const struct bl_section_def *def = p->spec->def;
	struct bl_link_create_args a = {
		.prog_fd = p->fd,
		.attach_type = def->expected_attach_type,
	};
	const char *how;
	int fd;

	(void)l;
	fd = link_or_raw_tp(&a, &how);
	if (fd < 0)
		return refused(p, fd, err);
	p->link.link_fd = fd;
	snprintf(p->link.what, sizeof(p->link.what), "%s %s (%s) (%s)", bl_attach_kind_name(def->attach),
		 p->spec->section, p->attach_where, how);
	/* "btf_trace fentry/do_unlinkat (vmlinux) (BPF link)" */
	return 0;
}

static int attach_freplace(struct bl_object *l, struct bl_prog *p, struct bl_err *err)
{
	struct bl_link_create_args a = {
		.prog_fd = p->fd,
		.target_fd = p->attach_prog_fd,
		.target_btf_id = p->attach_btf_id,
	};
	const char *how = "BPF link";
	int fd;

	(void)l;
	if (p->attach_prog_fd < 0)
		return bl_err_set(err, -EINVAL, "program %s (section %s): no target program",
				  p->spec->name, p->spec->section);
	fd = bl_sys_link_create_args(&a);
	if (fd < 0)
		return refused(p, fd, err);
	p->link.link_fd = fd;
	snprintf(p->link.what, sizeof(p->link.what), "freplace %s in %s (%s)",
		 p->spec->attach_target ? p->spec->attach_target : "?", p->attach_where, how);
	return 0;
}

static void detach_link(struct bl_object *l, struct bl_link *k)
{
	(void)l;
	if (k->link_fd >= 0)
		close(k->link_fd);
	k->link_fd = -1;
}

const struct bl_attach_provider bl_btf_trace_provider = { attach_btf_trace, detach_link };
const struct bl_attach_provider bl_freplace_provider = { attach_freplace, detach_link };
