/* elf/section_def.c — the table of program section names.
 *
 * The names, program types and expected attach types follow libbpf's
 * table (Documentation/bpf/libbpf/program_types.rst), limited to what the
 * system's <linux/bpf.h> defines. Order matters: longer, more specific
 * names come before the shorter names they start with ("xdp/devmap"
 * before "xdp", "kprobe.multi+" before "kprobe+" is not needed because
 * '+' requires a '/' or the end after the prefix).
 */
#include "section_def.h"

#include <string.h>

#define T(t) BPF_PROG_TYPE_##t
/* a definition without an expected attach type */
#define D(pat, type, how, fl) { pat, T(type), 0, 0, how, fl }
/* a definition with one */
#define DE(pat, type, exp, how, fl) { pat, T(type), exp, 1, how, fl }

static const struct bl_section_def defs[] = {
	D("socket", SOCKET_FILTER, BL_ATTACH_NONE, 0),
	DE("sk_reuseport/migrate", SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, BL_ATTACH_NONE, 0),
	DE("sk_reuseport", SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT, BL_ATTACH_NONE, 0),
	D("kprobe+", KPROBE, BL_ATTACH_KPROBE, 0),
	D("uprobe+", KPROBE, BL_ATTACH_UPROBE, 0),
	D("uprobe.s+", KPROBE, BL_ATTACH_UPROBE, BL_SEC_SLEEPABLE),
	D("kretprobe+", KPROBE, BL_ATTACH_KRETPROBE, 0),
	D("uretprobe+", KPROBE, BL_ATTACH_URETPROBE, 0),
	D("uretprobe.s+", KPROBE, BL_ATTACH_URETPROBE, BL_SEC_SLEEPABLE),
	DE("kprobe.multi+", KPROBE, BPF_TRACE_KPROBE_MULTI, BL_ATTACH_KPROBE_MULTI, 0),
	DE("kretprobe.multi+", KPROBE, BPF_TRACE_KPROBE_MULTI, BL_ATTACH_KRETPROBE_MULTI, 0),
	DE("uprobe.multi+", KPROBE, BL_BPF_TRACE_UPROBE_MULTI, BL_ATTACH_UPROBE_MULTI, 0),
	DE("uretprobe.multi+", KPROBE, BL_BPF_TRACE_UPROBE_MULTI, BL_ATTACH_URETPROBE_MULTI, 0),
	D("ksyscall+", KPROBE, BL_ATTACH_KSYSCALL, 0),
	D("kretsyscall+", KPROBE, BL_ATTACH_KRETSYSCALL, 0),
	D("usdt+", KPROBE, BL_ATTACH_USDT, 0),
	D("tc", SCHED_CLS, BL_ATTACH_NONE, 0),
	D("classifier", SCHED_CLS, BL_ATTACH_NONE, 0),
	D("action", SCHED_ACT, BL_ATTACH_NONE, 0),
	D("tracepoint+", TRACEPOINT, BL_ATTACH_TRACEPOINT, 0),
	D("tp+", TRACEPOINT, BL_ATTACH_TRACEPOINT, 0),
	D("raw_tracepoint+", RAW_TRACEPOINT, BL_ATTACH_RAW_TRACEPOINT, 0),
	D("raw_tp+", RAW_TRACEPOINT, BL_ATTACH_RAW_TRACEPOINT, 0),
	D("raw_tracepoint.w+", RAW_TRACEPOINT_WRITABLE, BL_ATTACH_RAW_TRACEPOINT, 0),
	D("raw_tp.w+", RAW_TRACEPOINT_WRITABLE, BL_ATTACH_RAW_TRACEPOINT, 0),
	DE("tp_btf+", TRACING, BPF_TRACE_RAW_TP, BL_ATTACH_BTF_TRACE, 0),
	DE("fentry+", TRACING, BPF_TRACE_FENTRY, BL_ATTACH_BTF_TRACE, 0),
	DE("fmod_ret+", TRACING, BPF_MODIFY_RETURN, BL_ATTACH_BTF_TRACE, 0),
	DE("fexit+", TRACING, BPF_TRACE_FEXIT, BL_ATTACH_BTF_TRACE, 0),
	DE("fentry.s+", TRACING, BPF_TRACE_FENTRY, BL_ATTACH_BTF_TRACE, BL_SEC_SLEEPABLE),
	DE("fmod_ret.s+", TRACING, BPF_MODIFY_RETURN, BL_ATTACH_BTF_TRACE, BL_SEC_SLEEPABLE),
	DE("fexit.s+", TRACING, BPF_TRACE_FEXIT, BL_ATTACH_BTF_TRACE, BL_SEC_SLEEPABLE),
	D("freplace+", EXT, BL_ATTACH_FREPLACE, 0),
	DE("lsm+", LSM, BPF_LSM_MAC, BL_ATTACH_BTF_TRACE, 0),
	DE("lsm.s+", LSM, BPF_LSM_MAC, BL_ATTACH_BTF_TRACE, BL_SEC_SLEEPABLE),
	DE("lsm_cgroup+", LSM, BPF_LSM_CGROUP, BL_ATTACH_NONE, 0),
	DE("iter+", TRACING, BPF_TRACE_ITER, BL_ATTACH_ITER, 0),
	DE("iter.s+", TRACING, BPF_TRACE_ITER, BL_ATTACH_ITER, BL_SEC_SLEEPABLE),
	D("syscall", SYSCALL, BL_ATTACH_NONE, BL_SEC_SLEEPABLE),
	DE("xdp.frags/devmap", XDP, BPF_XDP_DEVMAP, BL_ATTACH_NONE, BL_SEC_XDP_FRAGS),
	DE("xdp/devmap", XDP, BPF_XDP_DEVMAP, BL_ATTACH_NONE, 0),
	DE("xdp.frags/cpumap", XDP, BPF_XDP_CPUMAP, BL_ATTACH_NONE, BL_SEC_XDP_FRAGS),
	DE("xdp/cpumap", XDP, BPF_XDP_CPUMAP, BL_ATTACH_NONE, 0),
	DE("xdp.frags", XDP, BPF_XDP, BL_ATTACH_NONE, BL_SEC_XDP_FRAGS),
	DE("xdp", XDP, BPF_XDP, BL_ATTACH_NONE, 0),
	D("perf_event", PERF_EVENT, BL_ATTACH_NONE, 0),
	D("lwt_in", LWT_IN, BL_ATTACH_NONE, 0),
	D("lwt_out", LWT_OUT, BL_ATTACH_NONE, 0),
	D("lwt_xmit", LWT_XMIT, BL_ATTACH_NONE, 0),
	D("lwt_seg6local", LWT_SEG6LOCAL, BL_ATTACH_NONE, 0),
	DE("sockops", SOCK_OPS, BPF_CGROUP_SOCK_OPS, BL_ATTACH_NONE, 0),
	DE("sk_skb/stream_parser", SK_SKB, BPF_SK_SKB_STREAM_PARSER, BL_ATTACH_NONE, 0),
	DE("sk_skb/stream_verdict", SK_SKB, BPF_SK_SKB_STREAM_VERDICT, BL_ATTACH_NONE, 0),
	D("sk_skb", SK_SKB, BL_ATTACH_NONE, 0),
	DE("sk_msg", SK_MSG, BPF_SK_MSG_VERDICT, BL_ATTACH_NONE, 0),
	DE("lirc_mode2", LIRC_MODE2, BPF_LIRC_MODE2, BL_ATTACH_NONE, 0),
	DE("flow_dissector", FLOW_DISSECTOR, BPF_FLOW_DISSECTOR, BL_ATTACH_NONE, 0),
	DE("cgroup_skb/ingress", CGROUP_SKB, BPF_CGROUP_INET_INGRESS, BL_ATTACH_NONE, 0),
	DE("cgroup_skb/egress", CGROUP_SKB, BPF_CGROUP_INET_EGRESS, BL_ATTACH_NONE, 0),
	D("cgroup/skb", CGROUP_SKB, BL_ATTACH_NONE, 0),
	DE("cgroup/sock_create", CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, BL_ATTACH_NONE, 0),
	DE("cgroup/sock_release", CGROUP_SOCK, BPF_CGROUP_INET_SOCK_RELEASE, BL_ATTACH_NONE, 0),
	DE("cgroup/sock", CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, BL_ATTACH_NONE, 0),
	DE("cgroup/post_bind4", CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND, BL_ATTACH_NONE, 0),
	DE("cgroup/post_bind6", CGROUP_SOCK, BPF_CGROUP_INET6_POST_BIND, BL_ATTACH_NONE, 0),
	DE("cgroup/bind4", CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND, BL_ATTACH_NONE, 0),
	DE("cgroup/bind6", CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_BIND, BL_ATTACH_NONE, 0),
	DE("cgroup/connect4", CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT, BL_ATTACH_NONE, 0),
	DE("cgroup/connect6", CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT, BL_ATTACH_NONE, 0),
	DE("cgroup/sendmsg4", CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_SENDMSG, BL_ATTACH_NONE, 0),
	DE("cgroup/sendmsg6", CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG, BL_ATTACH_NONE, 0),
	DE("cgroup/recvmsg4", CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG, BL_ATTACH_NONE, 0),
	DE("cgroup/recvmsg6", CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_RECVMSG, BL_ATTACH_NONE, 0),
	DE("cgroup/getpeername4", CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETPEERNAME, BL_ATTACH_NONE, 0),
	DE("cgroup/getpeername6", CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETPEERNAME, BL_ATTACH_NONE, 0),
	DE("cgroup/getsockname4", CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETSOCKNAME, BL_ATTACH_NONE, 0),
	DE("cgroup/getsockname6", CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETSOCKNAME, BL_ATTACH_NONE, 0),
	DE("cgroup/sysctl", CGROUP_SYSCTL, BPF_CGROUP_SYSCTL, BL_ATTACH_NONE, 0),
	DE("cgroup/getsockopt", CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT, BL_ATTACH_NONE, 0),
	DE("cgroup/setsockopt", CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT, BL_ATTACH_NONE, 0),
	DE("cgroup/dev", CGROUP_DEVICE, BPF_CGROUP_DEVICE, BL_ATTACH_NONE, 0),
	D("struct_ops+", STRUCT_OPS, BL_ATTACH_NONE, 0),
	DE("sk_lookup", SK_LOOKUP, BPF_SK_LOOKUP, BL_ATTACH_NONE, 0),
};

#undef T
#undef D
#undef DE

/* Does name match pattern? Sets *target to the extras after '/'. */
static int matches(const char *pattern, const char *name, const char **target)
{
	size_t len = strlen(pattern);

	*target = NULL;
	if (pattern[len - 1] == '/') {
		if (strncmp(name, pattern, len) != 0 || name[len] == '\0')
			return 0;
		*target = name + len;
		return 1;
	}
	if (pattern[len - 1] == '+') {
		len--;
		if (strncmp(name, pattern, len) != 0)
			return 0;
		if (name[len] == '\0')
			return 1;
		if (name[len] != '/')
			return 0;
		if (name[len + 1] != '\0')
			*target = name + len + 1;
		return 1;
	}
	return strcmp(name, pattern) == 0;
}

const struct bl_section_def *bl_section_def_find(const char *section_name,
						 const char **target)
{
	const char *extras = NULL;

	for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
		if (matches(defs[i].pattern, section_name, &extras)) {
			if (target)
				*target = extras;
			return &defs[i];
		}
	}
	if (target)
		*target = NULL;
	return NULL;
}

const struct bl_section_def *bl_section_defs(size_t *count)
{
	*count = sizeof(defs) / sizeof(defs[0]);
	return defs;
}
