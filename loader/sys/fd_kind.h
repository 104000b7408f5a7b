/* loader/sys/fd_kind.h — what kind of BPF object an fd refers to, from
 * its anonymous inode's name in /proc/self/fd: "anon_inode:bpf-map",
 * "anon_inode:bpf-prog", "anon_inode:bpf_link", ... (the names
 * kernel/bpf/syscall.c gives anon_inode_getfd). A pin in bpffs may hold
 * any of them; BPF_OBJ_GET does not say which. */
#ifndef BL_SYS_FD_KIND_H
#define BL_SYS_FD_KIND_H

#include <stdbool.h>

/* Is fd's inode "anon_inode:" kind ("bpf-map", "bpf-prog")? true also
 * when /proc cannot tell (no procfs): the kernel's own checks decide then. */
bool bl_fd_is(int fd, const char *kind);

#endif
