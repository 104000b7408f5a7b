/* loader/attach/iter.c — SEC("iter/NAME") and iter.s: BPF iterators
 * (Documentation/bpf/bpf_iterators.rst).
 *
 * An iterator program does not run on an event: it runs once per object
 * of a kernel collection (each task, each open file of each task, each
 * map, ...) when someone reads it. BPF_LINK_CREATE with attach type
 * BPF_TRACE_ITER makes the link; each BPF_ITER_CREATE on the link then
 * gives an fd whose read(2) walks the collection and returns what the
 * program wrote with bpf_seq_printf (loader/output/iter_read.c; `run`
 * reads it to the end once).
 *
 * Some iterators walk the elements of one object that the link must name
 * in link_create.iter_info (bpf_map_elem and bpf_sk_storage_map: a map
 * fd; sockmap); bpfload gives none, and the kernel refuses those with
 * EBADF: said in one line. Those over a whole collection (task,
 * task_file, task_vma, bpf_map, bpf_prog, bpf_link, tcp, udp, netlink,
 * ipv6_route, ksym, cgroup) need nothing.
 */
#include "kinds.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int attach_iter(struct bl_object *l, struct bl_prog *p, struct bl_err *err)
{
	struct bl_link_create_args a = { .prog_fd = p->fd, .attach_type = BPF_TRACE_ITER };
	const char *name = p->spec->attach_target ? p->spec->attach_target : "?";
	char eb[16];
	int fd;

	(void)l;
	fd = bl_sys_link_create_args(&a);
	if (fd == -EBADF)
		return bl_err_set(err, fd, "program %s (section %s): the iterator %s walks the elements of one object (a map, a socket map), which BPF_LINK_CREATE must be given in link_create.iter_info; bpfload gives none, so it cannot attach it (EBADF)",
				  p->spec->name, p->spec->section, name);
	if (fd < 0)
		return bl_err_set(err, fd, "program %s (section %s): BPF_LINK_CREATE of the iterator %s failed with %s (%s)",
				  p->spec->name, p->spec->section, name, bl_errno_name(-fd, eb),
				  strerror(-fd));
	p->link.link_fd = fd;
	snprintf(p->link.what, sizeof(p->link.what), "iterator %s (%s) (BPF link; read with BPF_ITER_CREATE)",
		 name, p->attach_where);
	return 0;
}

static void detach_iter(struct bl_object *l, struct bl_link *k)
{
	(void)l;
	if (k->link_fd >= 0)
		close(k->link_fd);
	k->link_fd = -1;
}

const struct bl_attach_provider bl_iter_provider = { attach_iter, detach_iter };
