/* loader/attach/usdt.h — USDT programs: the target text, the BPF side's
 * spec layout (<bpf/usdt.bpf.h>), and what an attachment holds.
 * Internal to the loader and its tests. */
#ifndef BL_ATTACH_USDT_H
#define BL_ATTACH_USDT_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "elf/usdt/usdt.h"
#include "loader/load/object.h"

/* "PATH:PROVIDER:NAME" split (usdt_spec.c); PATH as written (absolute,
 * relative, or a bare name found as for uprobes). Pure. */
struct bl_usdt_target {
	char path[PATH_MAX];
	char provider[64];
	char name[64];
};
int bl_usdt_target_parse(const char *text, struct bl_usdt_target *out, struct bl_err *err);

/* One argument as the BPF side reads it: struct __bpf_usdt_arg_spec of
 * libbpf's <bpf/usdt.bpf.h> (Debian's libbpf-dev 1.1), 16 bytes. */
struct bl_usdt_bpf_arg {
	uint64_t val_off;	/* the constant, or the offset from the register */
	uint32_t arg_type;	/* enum bl_usdt_arg_kind */
	int16_t reg_off;	/* the register's offset in struct pt_regs */
	uint8_t arg_signed;
	int8_t arg_bitshift;	/* 64 - 8 * size: shifted up and back down */
};

/* struct __bpf_usdt_spec: the value of the map __bpf_usdt_specs, at the
 * spec id that the attachment's BPF cookie (or the map
 * __bpf_usdt_ip_to_spec_id) names. 208 bytes. */
struct bl_usdt_bpf_spec {
	struct bl_usdt_bpf_arg args[BL_USDT_MAX_ARGS];
	uint64_t usdt_cookie;	/* bpf_usdt_cookie(): what the user gave, 0 */
	int16_t arg_cnt;
	uint8_t pad[6];
};

/* A note's argument string encoded for the BPF side (usdt_spec.c). */
int bl_usdt_bpf_spec_make(const struct bl_arch *arch, const char *args, uint64_t cookie,
			  struct bl_usdt_bpf_spec *out, struct bl_err *err);

/* The address where file offset of path is mapped in process pid, from
 * /proc/PID/maps (the ip-to-spec map's key on kernels without BPF
 * cookies, for libraries and PIEs). -ENOENT when pid has not mapped it. */
int bl_usdt_proc_ip(int pid, const char *path, uint64_t offset, uint64_t *ip,
		    struct bl_err *err);

/* What a USDT program's attachment holds (bl_link.usdt): one uprobe per
 * probe site, each a bl_link of its own (perf event, BPF link, tracefs
 * event), and the spec ids it used in __bpf_usdt_specs. */
struct bl_usdt_link {
	size_t cnt;
	uint32_t spec_first, spec_cnt;	/* spec ids [spec_first, spec_first + spec_cnt) */
	int ip_map_fd;			/* -1, or where ips[] were added */
	uint64_t *ips;			/* keys added to __bpf_usdt_ip_to_spec_id */
	struct bl_link sites[];
};

#endif
