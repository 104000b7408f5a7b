/* elf/kernel_req/versions.c — which Linux release first had each program
 * type, attach type, helper, map type, map flag and BTF kind.
 *
 * Our own tables, built from the kernel's history: each row names the
 * commit (abbreviated id and subject) that brought the feature, or the
 * document that says it; docs/kernel-versions.md lists them all. The
 * helper ids of include/uapi/linux/bpf.h (__BPF_FUNC_MAPPER) are
 * append-only, so a release knows every id up to its last one: the
 * helper table is one row per release, its last id. Pure: no syscalls.
 */
#include "kernel_req.h"
#include "elf/helper_names.h"

#include <linux/bpf.h>
#include <linux/btf.h>
#include <stddef.h>

#define KV BL_KV

/* A release's last helper id; the commit of one helper it added. */
static const struct {
	uint32_t last_id;
	uint32_t version;
	const char *source;
} helper_releases[] = {
	{ 3, KV(3, 19), BL_KREQ_SRC("d0003ec01c66 bpf: expand BPF syscall with program load/unload (map helpers)") },
	{ 11, KV(4, 1), BL_KREQ_SRC("2541517c32be tracing, perf: Implement BPF programs attached to kprobes (probe_read)") },
	{ 16, KV(4, 2), BL_KREQ_SRC("04fd61ab36ec bpf: allow bpf programs to tail-call other bpf programs") },
	{ 22, KV(4, 3), BL_KREQ_SRC("35578d798400 bpf: Implement function bpf_perf_event_read()") },
	{ 25, KV(4, 4), BL_KREQ_SRC("a43eec304259 bpf: introduce bpf_perf_event_output() helper") },
	{ 26, KV(4, 5), BL_KREQ_SRC("05c74e5e53f6 bpf: add bpf_skb_load_bytes helper") },
	{ 30, KV(4, 6), BL_KREQ_SRC("d5a3b1f69186 bpf: introduce BPF_MAP_TYPE_STACK_TRACE (get_stackid)") },
	{ 36, KV(4, 8), BL_KREQ_SRC("606274c5abd8 bpf: introduce bpf_get_current_task() helper") },
	{ 41, KV(4, 9), BL_KREQ_SRC("36bbef52c7eb bpf: direct packet write and access for helpers for clsact progs (csum_update)") },
	{ 44, KV(4, 10), BL_KREQ_SRC("17bedab27231 bpf: xdp: Allow head adjustment in XDP prog") },
	{ 45, KV(4, 11), BL_KREQ_SRC("a5e8c07059d0 bpf: add bpf_probe_read_str helper") },
	{ 47, KV(4, 12), BL_KREQ_SRC("6acc5c291068 bpf: Add a bpf_get_socket_uid helper") },
	{ 50, KV(4, 13), BL_KREQ_SRC("2be7e212d541 bpf: add bpf_skb_adjust_room helper") },
	{ 53, KV(4, 14), BL_KREQ_SRC("174a79ff9515 bpf: sockmap with sk redirect support") },
	{ 57, KV(4, 15), BL_KREQ_SRC("cd86d1fd2102 bpf: Adding helper function bpf_getsockops") },
	{ 59, KV(4, 16), BL_KREQ_SRC("9802d86585db bpf: add a bpf_override_function helper") },
	{ 64, KV(4, 17), BL_KREQ_SRC("d74bad4e74ee bpf: Hooks for sys_connect (with the bpf_bind helper)") },
	{ 80, KV(4, 18), BL_KREQ_SRC("bf6fa2c893c5 bpf: implement bpf_get_current_cgroup_id() helper") },
	{ 83, KV(4, 19), BL_KREQ_SRC("7723628101aa bpf: introduce bpf_skb_ancestor_cgroup_id helper") },
	{ 90, KV(4, 20), BL_KREQ_SRC("6fff607e2f14 bpf: sk_msg program helper bpf_msg_push_data") },
	{ 92, KV(5, 0), BL_KREQ_SRC("01d3240a04f4 media: bpf: add bpf function to report mouse movement") },
	{ 98, KV(5, 1), BL_KREQ_SRC("dbafd7ddd623 bpf: Add bpf_get_listener_sock") },
	{ 108, KV(5, 2), BL_KREQ_SRC("6ac99e8f23d4 bpf: Introduce bpf sk local storage") },
	{ 110, KV(5, 3), BL_KREQ_SRC("70d66244317e bpf: add bpf_tcp_gen_syncookie helper") },
	{ 115, KV(5, 5), BL_KREQ_SRC("6ae08ae3dea2 bpf: Add probe_read_{user, kernel} and probe_read_{user, kernel}_str helpers") },
	{ 118, KV(5, 6), BL_KREQ_SRC("206057fe020a bpf: Add BPF_FUNC_tcp_send_ack helper (with BPF struct_ops)") },
	{ 124, KV(5, 7), BL_KREQ_SRC("cf7fbe660f2d bpf: Add socket assign support") },
	{ 135, KV(5, 8), BL_KREQ_SRC("457f44363a88 bpf: Implement BPF ring buffer and verifier support for it") },
	{ 141, KV(5, 9), BL_KREQ_SRC("fa28dcb82a38 bpf: Introduce helper bpf_get_task_stack()") },
	{ 155, KV(5, 10), BL_KREQ_SRC("9aa1206e8f48 bpf: Add redirect_peer helper") },
	{ 162, KV(5, 11), BL_KREQ_SRC("3f6719c7b62f bpf: Add bpf_bprm_opts_set helper") },
	{ 163, KV(5, 12), BL_KREQ_SRC("34b2021cc616 bpf: Add BPF-helper for MTU checking") },
	{ 165, KV(5, 13), BL_KREQ_SRC("69c087ba6225 bpf: Add bpf_for_each_map_elem() helper") },
	{ 168, KV(5, 14), BL_KREQ_SRC("3d78417b60fb bpf: Add bpf_btf_find_by_name_kind() helper") },
	{ 175, KV(5, 15), BL_KREQ_SRC("7adfc6c9b315 bpf: Add bpf_get_attach_cookie() BPF helper to access bpf_cookie value") },
	{ 179, KV(5, 16), BL_KREQ_SRC("d6aef08a872b bpf: Add bpf_kallsyms_lookup_name helper") },
	{ 185, KV(5, 17), BL_KREQ_SRC("e6f2dd0f8067 bpf: Add bpf_loop helper") },
	{ 193, KV(5, 18), BL_KREQ_SRC("b44123b4a3dc bpf: Add cgroup helpers bpf_{get,set}_retval to get/set syscall return value") },
	{ 203, KV(5, 19), BL_KREQ_SRC("c0a5a21c25f3 bpf: Allow storing referenced kptr in map (kptr_xchg)") },
	{ 207, KV(6, 0), BL_KREQ_SRC("bpf: Add helpers to issue and check SYN cookies in XDP (tcp_raw_*)") },
	{ 209, KV(6, 1), BL_KREQ_SRC("c8996c98f703 bpf: Add BPF-helper for accessing CLOCK_TAI") },
	{ 211, KV(6, 2), BL_KREQ_SRC("c4bcfb38a95e bpf: Implement cgroup storage available to non-cgroup-attached bpf progs") },
};

uint32_t bl_kv_helper(uint32_t id, const char **name, const char **source)
{
	const char *full = bl_helper_name(id);

	*name = full ? full + 4 : id == 0 ? "unspec" : NULL;	/* without "bpf_" */
	*source = NULL;
	if (id == 0)
		return 0;
	for (size_t i = 0; i < sizeof(helper_releases) / sizeof(helper_releases[0]); i++)
		if (id <= helper_releases[i].last_id) {
			*source = helper_releases[i].source;
			return helper_releases[i].version;
		}
	return 0;
}

struct row {
	uint32_t id;
	uint32_t version;
	const char *source;
};

static uint32_t lookup(const struct row *rows, size_t n, uint32_t id, const char **source)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].id == id) {
			*source = rows[i].source;
			return rows[i].version;
		}
	*source = NULL;
	return 0;
}
#define LOOKUP(rows, id, source) lookup(rows, sizeof(rows) / sizeof(rows[0]), id, source)

/* Numbers, not the names of <linux/bpf.h>: the system's header may be
 * older than the table. */
static const struct row prog_types[] = {
	{ 1, KV(3, 19), BL_KREQ_SRC("89aa075832b0 net: sock: allow eBPF programs to be attached to sockets") },
	{ 2, KV(4, 1), BL_KREQ_SRC("2541517c32be tracing, perf: Implement BPF programs attached to kprobes") },
	{ 3, KV(4, 1), BL_KREQ_SRC("e2e9b6541dd4 cls_bpf: add initial eBPF support for programmable classifiers") },
	{ 4, KV(4, 1), BL_KREQ_SRC("act_bpf: add initial eBPF support for actions") },
	{ 5, KV(4, 7), BL_KREQ_SRC("98b5c2c65c29 perf, bpf: allow bpf programs attach to tracepoints") },
	{ 6, KV(4, 8), BL_KREQ_SRC("6a773a15a1e8 bpf: add XDP prog type for early driver filter") },
	{ 7, KV(4, 9), BL_KREQ_SRC("0515e5999a46 bpf: introduce BPF_PROG_TYPE_PERF_EVENT program type") },
	{ 8, KV(4, 10), BL_KREQ_SRC("0e33661de493 bpf: add new prog type for cgroup socket filtering") },
	{ 9, KV(4, 10), BL_KREQ_SRC("bpf: Add new cgroup attach type to enable sock modifications") },
	{ 10, KV(4, 10), BL_KREQ_SRC("3a0af8fd61f9 bpf: BPF for lightweight tunnel infrastructure") },
	{ 11, KV(4, 10), BL_KREQ_SRC("3a0af8fd61f9 bpf: BPF for lightweight tunnel infrastructure") },
	{ 12, KV(4, 10), BL_KREQ_SRC("3a0af8fd61f9 bpf: BPF for lightweight tunnel infrastructure") },
	{ 13, KV(4, 13), BL_KREQ_SRC("40304b2a1567 bpf: BPF support for sock_ops") },
	{ 14, KV(4, 14), BL_KREQ_SRC("b005fd189cec bpf: introduce new program type for skbs on sockets") },
	{ 15, KV(4, 15), BL_KREQ_SRC("ebc614f68736 bpf, cgroup: implement eBPF-based device controller for cgroup v2") },
	{ 16, KV(4, 17), BL_KREQ_SRC("4f738adba30a bpf: create tcp_bpf_ulp allowing BPF to monitor socket TX/RX data") },
	{ 17, KV(4, 17), BL_KREQ_SRC("c4f6699dfcb8 bpf: introduce BPF_RAW_TRACEPOINT") },
	{ 18, KV(4, 17), BL_KREQ_SRC("4fbac77d2d09 bpf: Hooks for sys_bind") },
	{ 19, KV(4, 18), BL_KREQ_SRC("004d4b274e2a ipv6: sr: Add seg6local action End.BPF") },
	{ 20, KV(4, 18), BL_KREQ_SRC("f4364dcfc86d media: rc: introduce BPF_PROG_LIRC_MODE2") },
	{ 21, KV(4, 19), BL_KREQ_SRC("2dbb9b9e6df6 bpf: Introduce BPF_PROG_TYPE_SK_REUSEPORT") },
	{ 22, KV(4, 20), BL_KREQ_SRC("d58e468b1112 flow_dissector: implements flow dissector BPF hook") },
	{ 23, KV(5, 2), BL_KREQ_SRC("7b146cebe30c bpf: Sysctl hook") },
	{ 24, KV(5, 2), BL_KREQ_SRC("9df1c28bb752 bpf: add writable context for raw tracepoints") },
	{ 25, KV(5, 3), BL_KREQ_SRC("bpf: implement getsockopt and setsockopt hooks") },
	{ 26, KV(5, 5), BL_KREQ_SRC("fec56f5890d9 bpf: Introduce BPF trampoline") },
	{ 27, KV(5, 6), BL_KREQ_SRC("bpf: Introduce BPF_PROG_TYPE_STRUCT_OPS") },
	{ 28, KV(5, 6), BL_KREQ_SRC("bpf: Introduce dynamic program extensions") },
	{ 29, KV(5, 7), BL_KREQ_SRC("fc611f47f218 bpf: Introduce BPF_PROG_TYPE_LSM") },
	{ 30, KV(5, 9), BL_KREQ_SRC("e9ddbb7707ff bpf: Introduce SK_LOOKUP program type with a dedicated attach point") },
	{ 31, KV(5, 14), BL_KREQ_SRC("bpf: Introduce bpf_sys_bpf() helper and program type") },
	{ 32, KV(6, 4), BL_KREQ_SRC("bpf: minimal support for programs hooked into netfilter framework") },
};

uint32_t bl_kv_prog_type(uint32_t type, const char **source)
{
	return LOOKUP(prog_types, type, source);
}

/* enum bpf_attach_type by value (include/uapi/linux/bpf.h). */
static const char *const attach_names[] = {
	"BPF_CGROUP_INET_INGRESS", "BPF_CGROUP_INET_EGRESS", "BPF_CGROUP_INET_SOCK_CREATE",
	"BPF_CGROUP_SOCK_OPS", "BPF_SK_SKB_STREAM_PARSER", "BPF_SK_SKB_STREAM_VERDICT",
	"BPF_CGROUP_DEVICE", "BPF_SK_MSG_VERDICT", "BPF_CGROUP_INET4_BIND",
	"BPF_CGROUP_INET6_BIND", "BPF_CGROUP_INET4_CONNECT", "BPF_CGROUP_INET6_CONNECT",
	"BPF_CGROUP_INET4_POST_BIND", "BPF_CGROUP_INET6_POST_BIND", "BPF_CGROUP_UDP4_SENDMSG",
	"BPF_CGROUP_UDP6_SENDMSG", "BPF_LIRC_MODE2", "BPF_FLOW_DISSECTOR",
	"BPF_CGROUP_SYSCTL", "BPF_CGROUP_UDP4_RECVMSG", "BPF_CGROUP_UDP6_RECVMSG",
	"BPF_CGROUP_GETSOCKOPT", "BPF_CGROUP_SETSOCKOPT", "BPF_TRACE_RAW_TP",
	"BPF_TRACE_FENTRY", "BPF_TRACE_FEXIT", "BPF_MODIFY_RETURN",
	"BPF_LSM_MAC", "BPF_TRACE_ITER", "BPF_CGROUP_INET4_GETPEERNAME",
	"BPF_CGROUP_INET6_GETPEERNAME", "BPF_CGROUP_INET4_GETSOCKNAME", "BPF_CGROUP_INET6_GETSOCKNAME",
	"BPF_XDP_DEVMAP", "BPF_CGROUP_INET_SOCK_RELEASE", "BPF_XDP_CPUMAP",
	"BPF_SK_LOOKUP", "BPF_XDP", "BPF_SK_SKB_VERDICT",
	"BPF_SK_REUSEPORT_SELECT", "BPF_SK_REUSEPORT_SELECT_OR_MIGRATE", "BPF_PERF_EVENT",
	"BPF_TRACE_KPROBE_MULTI", "BPF_LSM_CGROUP", "BPF_STRUCT_OPS",
	"BPF_NETFILTER", "BPF_TCX_INGRESS", "BPF_TCX_EGRESS",
	"BPF_TRACE_UPROBE_MULTI",
};

/* Expected attach types whose release is later than their program
 * type's (enum bpf_attach_type values). */
static const struct row attach_types[] = {
	{ 0, KV(4, 10), BL_KREQ_SRC("0e33661de493 bpf: add new prog type for cgroup socket filtering") },	/* INGRESS */
	{ 1, KV(4, 10), BL_KREQ_SRC("0e33661de493 bpf: add new prog type for cgroup socket filtering") },	/* EGRESS */
	{ 2, KV(4, 10), BL_KREQ_SRC("bpf: Add new cgroup attach type to enable sock modifications") },
	{ 3, KV(4, 13), BL_KREQ_SRC("40304b2a1567 bpf: BPF support for sock_ops") },
	{ 4, KV(4, 14), BL_KREQ_SRC("b005fd189cec bpf: introduce new program type for skbs on sockets") },
	{ 5, KV(4, 14), BL_KREQ_SRC("b005fd189cec bpf: introduce new program type for skbs on sockets") },
	{ 6, KV(4, 15), BL_KREQ_SRC("ebc614f68736 bpf, cgroup: implement eBPF-based device controller for cgroup v2") },
	{ 7, KV(4, 17), BL_KREQ_SRC("4f738adba30a bpf: create tcp_bpf_ulp allowing BPF to monitor socket TX/RX data") },
	{ 8, KV(4, 17), BL_KREQ_SRC("4fbac77d2d09 bpf: Hooks for sys_bind") },
	{ 9, KV(4, 17), BL_KREQ_SRC("4fbac77d2d09 bpf: Hooks for sys_bind") },
	{ 10, KV(4, 17), BL_KREQ_SRC("d74bad4e74ee bpf: Hooks for sys_connect") },
	{ 11, KV(4, 17), BL_KREQ_SRC("d74bad4e74ee bpf: Hooks for sys_connect") },
	{ 12, KV(4, 17), BL_KREQ_SRC("bpf: Post-hooks for sys_bind") },
	{ 13, KV(4, 17), BL_KREQ_SRC("bpf: Post-hooks for sys_bind") },
	{ 14, KV(4, 18), BL_KREQ_SRC("bpf: Hooks for sys_sendmsg") },
	{ 15, KV(4, 18), BL_KREQ_SRC("bpf: Hooks for sys_sendmsg") },
	{ 16, KV(4, 18), BL_KREQ_SRC("f4364dcfc86d media: rc: introduce BPF_PROG_LIRC_MODE2") },
	{ 17, KV(4, 20), BL_KREQ_SRC("d58e468b1112 flow_dissector: implements flow dissector BPF hook") },
	{ 18, KV(5, 2), BL_KREQ_SRC("7b146cebe30c bpf: Sysctl hook") },
	{ 19, KV(5, 2), BL_KREQ_SRC("bpf: fix unconnected udp hooks") },
	{ 20, KV(5, 2), BL_KREQ_SRC("bpf: fix unconnected udp hooks") },
	{ 21, KV(5, 3), BL_KREQ_SRC("bpf: implement getsockopt and setsockopt hooks") },
	{ 22, KV(5, 3), BL_KREQ_SRC("bpf: implement getsockopt and setsockopt hooks") },
	{ 23, KV(5, 5), BL_KREQ_SRC("bpf: Replace prog_raw_tp+btf_id with prog_tracing (tp_btf)") },
	{ 24, KV(5, 5), BL_KREQ_SRC("fec56f5890d9 bpf: Introduce BPF trampoline") },
	{ 25, KV(5, 5), BL_KREQ_SRC("fec56f5890d9 bpf: Introduce BPF trampoline") },
	{ 26, KV(5, 7), BL_KREQ_SRC("bpf: Introduce BPF_MODIFY_RETURN") },
	{ 27, KV(5, 7), BL_KREQ_SRC("fc611f47f218 bpf: Introduce BPF_PROG_TYPE_LSM") },
	{ 28, KV(5, 8), BL_KREQ_SRC("bpf: Implement an interface to register bpf_iter targets") },
	{ 29, KV(5, 8), BL_KREQ_SRC("bpf: Add get{peer, sock}name attach types for sock_addr") },
	{ 30, KV(5, 8), BL_KREQ_SRC("bpf: Add get{peer, sock}name attach types for sock_addr") },
	{ 31, KV(5, 8), BL_KREQ_SRC("bpf: Add get{peer, sock}name attach types for sock_addr") },
	{ 32, KV(5, 8), BL_KREQ_SRC("bpf: Add get{peer, sock}name attach types for sock_addr") },
	{ 33, KV(5, 8), BL_KREQ_SRC("bpf: Add support to attach bpf program to a devmap entry") },
	{ 34, KV(5, 9), BL_KREQ_SRC("bpf: Add BPF_CGROUP_INET_SOCK_RELEASE hook") },
	{ 35, KV(5, 9), BL_KREQ_SRC("bpf: cpumap: add the possibility to attach an eBPF program to cpumap") },
	{ 36, KV(5, 9), BL_KREQ_SRC("e9ddbb7707ff bpf: Introduce SK_LOOKUP program type with a dedicated attach point") },
	/* not checked at load for XDP: only the attr field (4.17) */
	{ 37, KV(4, 17), BL_KREQ_SRC("5e43f899b03a bpf: Check attach type at prog load time (expected_attach_type)") },
	{ 38, KV(5, 13), BL_KREQ_SRC("bpf: sockmap: introduce BPF_SK_SKB_VERDICT") },
	/* checked at load only from 5.14 on; before, the prog type's 4.19 */
	{ 39, KV(4, 19), BL_KREQ_SRC("2dbb9b9e6df6 bpf: Introduce BPF_PROG_TYPE_SK_REUSEPORT") },
	{ 40, KV(5, 14), BL_KREQ_SRC("bpf: Support socket migration by eBPF.") },
	{ 41, KV(5, 15), BL_KREQ_SRC("b89fbfbb854c bpf: Implement minimal BPF perf link") },
	{ 42, KV(5, 18), BL_KREQ_SRC("bpf: Add multi kprobe link") },
	{ 43, KV(6, 0), BL_KREQ_SRC("bpf: per-cgroup lsm flavor") },
	{ 44, KV(6, 4), BL_KREQ_SRC("bpf: Create links for BPF struct_ops maps") },
	{ 45, KV(6, 4), BL_KREQ_SRC("bpf: add bpf_link support for BPF_NETFILTER programs") },
	{ 46, KV(6, 6), BL_KREQ_SRC("bpf: Add fd-based tcx multi-prog infra with link support") },
	{ 47, KV(6, 6), BL_KREQ_SRC("bpf: Add fd-based tcx multi-prog infra with link support") },
	{ 48, KV(6, 6), BL_KREQ_SRC("bpf: Add multi uprobe link") },
};

uint32_t bl_kv_attach_type(uint32_t type, const char **source)
{
	return LOOKUP(attach_types, type, source);
}

const char *bl_attach_type_str(uint32_t type)
{
	return type < sizeof(attach_names) / sizeof(attach_names[0]) ? attach_names[type] : NULL;
}

static const struct row map_types[] = {
	{ 1, KV(3, 19), BL_KREQ_SRC("0f8e4bd8a1fc bpf: add hashtable type of eBPF maps") },
	{ 2, KV(3, 19), BL_KREQ_SRC("28fbcfa08d8e bpf: add array type of eBPF maps") },
	{ 3, KV(4, 2), BL_KREQ_SRC("04fd61ab36ec bpf: allow bpf programs to tail-call other bpf programs") },
	{ 4, KV(4, 3), BL_KREQ_SRC("ea317b267e9d bpf: Add new bpf map type to store the pointer to struct perf_event") },
	{ 5, KV(4, 6), BL_KREQ_SRC("824bd0ce6c7c bpf: introduce BPF_MAP_TYPE_PERCPU_HASH map") },
	{ 6, KV(4, 6), BL_KREQ_SRC("a10423b87a7e bpf: introduce BPF_MAP_TYPE_PERCPU_ARRAY map") },
	{ 7, KV(4, 6), BL_KREQ_SRC("d5a3b1f69186 bpf: introduce BPF_MAP_TYPE_STACK_TRACE") },
	{ 8, KV(4, 8), BL_KREQ_SRC("4ed8ec521ed5 cgroup: bpf: Add BPF_MAP_TYPE_CGROUP_ARRAY") },
	{ 9, KV(4, 10), BL_KREQ_SRC("29ba732acbee bpf: Add BPF_MAP_TYPE_LRU_HASH") },
	{ 10, KV(4, 10), BL_KREQ_SRC("8f8449384ec3 bpf: Add BPF_MAP_TYPE_LRU_PERCPU_HASH") },
	{ 11, KV(4, 11), BL_KREQ_SRC("b95a5c4db09b bpf: add a longest prefix match trie map implementation") },
	{ 12, KV(4, 12), BL_KREQ_SRC("56f668dfe00d bpf: Add array of maps support") },
	{ 13, KV(4, 12), BL_KREQ_SRC("bcc6b1b7ebf8 bpf: Add hash of maps support") },
	{ 14, KV(4, 14), BL_KREQ_SRC("546ac1ffb70d bpf: add devmap, a map for storing net device references") },
	{ 15, KV(4, 14), BL_KREQ_SRC("174a79ff9515 bpf: sockmap with sk redirect support") },
	{ 16, KV(4, 15), BL_KREQ_SRC("6710e1126934 bpf: introduce new bpf cpu map type BPF_MAP_TYPE_CPUMAP") },
	{ 17, KV(4, 18), BL_KREQ_SRC("fbfc504a24f5 bpf: introduce new bpf AF_XDP map type BPF_MAP_TYPE_XSKMAP") },
	{ 18, KV(4, 18), BL_KREQ_SRC("81110384441a bpf: sockmap, add hash map support") },
	{ 19, KV(4, 19), BL_KREQ_SRC("de9cbbaadba5 bpf: introduce cgroup storage maps") },
	{ 20, KV(4, 19), BL_KREQ_SRC("5dc4c4b7d4e8 bpf: Introduce BPF_MAP_TYPE_REUSEPORT_SOCKARRAY") },
	{ 21, KV(4, 20), BL_KREQ_SRC("b741f1630346 bpf: introduce per-cpu cgroup local storage") },
	{ 22, KV(4, 20), BL_KREQ_SRC("f1a2e44a3aec bpf: add queue and stack maps") },
	{ 23, KV(4, 20), BL_KREQ_SRC("f1a2e44a3aec bpf: add queue and stack maps") },
	{ 24, KV(5, 2), BL_KREQ_SRC("6ac99e8f23d4 bpf: Introduce bpf sk local storage") },
	{ 25, KV(5, 4), BL_KREQ_SRC("6f9d451ab1a3 xdp: Add devmap_hash map type for looking up devices by hashed index") },
	{ 26, KV(5, 6), BL_KREQ_SRC("85d33df357b6 bpf: Introduce BPF_MAP_TYPE_STRUCT_OPS") },
	{ 27, KV(5, 8), BL_KREQ_SRC("457f44363a88 bpf: Implement BPF ring buffer and verifier support for it") },
	{ 28, KV(5, 10), BL_KREQ_SRC("8ea636848aca bpf: Implement bpf_local_storage for inodes") },
	{ 29, KV(5, 11), BL_KREQ_SRC("bpf: Implement task local storage") },
	{ 30, KV(5, 16), BL_KREQ_SRC("bpf: Add bloom filter map implementation") },
	{ 31, KV(6, 1), BL_KREQ_SRC("bpf: Define new BPF_MAP_TYPE_USER_RINGBUF map type") },
	{ 32, KV(6, 2), BL_KREQ_SRC("c4bcfb38a95e bpf: Implement cgroup storage available to non-cgroup-attached bpf progs") },
	{ 33, KV(6, 9), BL_KREQ_SRC("bpf: Introduce bpf_arena") },
};

uint32_t bl_kv_map_type(uint32_t type, const char **source)
{
	return LOOKUP(map_types, type, source);
}

static const struct {
	uint32_t flag;
	const char *name;
	uint32_t version;
	const char *source;
} map_flags[] = {
	{ 1u << 0, "BPF_F_NO_PREALLOC", KV(4, 6), BL_KREQ_SRC("6c9059817432 bpf: pre-allocate hash map elements") },
	{ 1u << 1, "BPF_F_NO_COMMON_LRU", KV(4, 10), BL_KREQ_SRC("29ba732acbee bpf: Add BPF_MAP_TYPE_LRU_HASH") },
	{ 1u << 2, "BPF_F_NUMA_NODE", KV(4, 14), BL_KREQ_SRC("96eabe7a40aa bpf: Allow selecting numa node during map creation") },
	{ 1u << 3, "BPF_F_RDONLY", KV(4, 15), BL_KREQ_SRC("6e71b04a8224 bpf: Add file mode configuration into bpf maps") },
	{ 1u << 4, "BPF_F_WRONLY", KV(4, 15), BL_KREQ_SRC("6e71b04a8224 bpf: Add file mode configuration into bpf maps") },
	{ 1u << 5, "BPF_F_STACK_BUILD_ID", KV(4, 17), BL_KREQ_SRC("bpf: extend stackmap to save binary_build_id+offset instead of address") },
	{ 1u << 6, "BPF_F_ZERO_SEED", KV(5, 0), BL_KREQ_SRC("96b3b6c9091d bpf: allow zero-initializing hash map seed") },
	{ 1u << 7, "BPF_F_RDONLY_PROG", KV(5, 2), BL_KREQ_SRC("591fe9888d78 bpf: add program side {rd, wr}only support for maps") },
	{ 1u << 8, "BPF_F_WRONLY_PROG", KV(5, 2), BL_KREQ_SRC("591fe9888d78 bpf: add program side {rd, wr}only support for maps") },
	{ 1u << 9, "BPF_F_CLONE", KV(5, 4), BL_KREQ_SRC("bpf: support cloning sk storage on accept()") },
	{ 1u << 10, "BPF_F_MMAPABLE", KV(5, 5), BL_KREQ_SRC("fc9702273e2e bpf: Add mmap() support for BPF_MAP_TYPE_ARRAY") },
	{ 1u << 11, "BPF_F_PRESERVE_ELEMS", KV(5, 10), BL_KREQ_SRC("bpf: Introduce BPF_F_PRESERVE_ELEMS for perf event array") },
	{ 1u << 12, "BPF_F_INNER_MAP", KV(5, 10), BL_KREQ_SRC("bpf: Allow for map-in-map with dynamic inner array map entries") },
	{ 1u << 13, "BPF_F_LINK", KV(5, 17), BL_KREQ_SRC("bpf: struct_ops links (BPF_F_LINK)") },
	{ 1u << 14, "BPF_F_PATH_FD", KV(6, 5), BL_KREQ_SRC("bpf: Add O_PATH fd support for BPF_OBJ_PIN and BPF_OBJ_GET") },
	{ 1u << 15, "BPF_F_VTYPE_BTF_OBJ_FD", KV(6, 9), BL_KREQ_SRC("bpf: pass btf object id in bpf_map_info (struct_ops in modules)") },
	{ 1u << 16, "BPF_F_TOKEN_FD", KV(6, 9), BL_KREQ_SRC("bpf: BPF token support in BPF_MAP_CREATE") },
	{ 1u << 17, "BPF_F_SEGV_ON_FAULT", KV(6, 9), BL_KREQ_SRC("bpf: Introduce bpf_arena") },
	{ 1u << 18, "BPF_F_NO_USER_CONV", KV(6, 9), BL_KREQ_SRC("bpf: Introduce bpf_arena") },
};

uint32_t bl_kv_map_flag(uint32_t flag, const char **name, const char **source)
{
	for (size_t i = 0; i < sizeof(map_flags) / sizeof(map_flags[0]); i++)
		if (map_flags[i].flag == flag) {
			*name = map_flags[i].name;
			*source = map_flags[i].source;
			return map_flags[i].version;
		}
	*name = NULL;
	*source = NULL;
	return 0;
}

/* BTF kinds (Documentation/bpf/btf.rst numbers them). */
static const struct row btf_kinds[] = {
	{ 1, KV(4, 18), BL_KREQ_SRC("69b693f0aefa bpf: btf: Introduce BPF Type Format (BTF)") },	/* INT */
	{ 2, KV(4, 18), BL_KREQ_SRC("69b693f0aefa bpf: btf: Introduce BPF Type Format (BTF)") },
	{ 3, KV(4, 18), BL_KREQ_SRC("69b693f0aefa bpf: btf: Introduce BPF Type Format (BTF)") },
	{ 4, KV(4, 18), BL_KREQ_SRC("69b693f0aefa bpf: btf: Introduce BPF Type Format (BTF)") },
	{ 5, KV(4, 18), BL_KREQ_SRC("69b693f0aefa bpf: btf: Introduce BPF Type Format (BTF)") },
	{ 6, KV(4, 18), BL_KREQ_SRC("69b693f0aefa bpf: btf: Introduce BPF Type Format (BTF)") },
	{ 7, KV(4, 18), BL_KREQ_SRC("69b693f0aefa bpf: btf: Introduce BPF Type Format (BTF)") },
	{ 8, KV(4, 18), BL_KREQ_SRC("69b693f0aefa bpf: btf: Introduce BPF Type Format (BTF)") },
	{ 9, KV(4, 18), BL_KREQ_SRC("69b693f0aefa bpf: btf: Introduce BPF Type Format (BTF)") },
	{ 10, KV(4, 18), BL_KREQ_SRC("69b693f0aefa bpf: btf: Introduce BPF Type Format (BTF)") },
	{ 11, KV(4, 18), BL_KREQ_SRC("69b693f0aefa bpf: btf: Introduce BPF Type Format (BTF)") },
	{ 12, KV(5, 0), BL_KREQ_SRC("bpf: btf: Add BTF_KIND_FUNC and BTF_KIND_FUNC_PROTO") },
	{ 13, KV(5, 0), BL_KREQ_SRC("bpf: btf: Add BTF_KIND_FUNC and BTF_KIND_FUNC_PROTO") },
	{ 14, KV(5, 2), BL_KREQ_SRC("bpf: kernel side support for BTF Var and DataSec") },
	{ 15, KV(5, 2), BL_KREQ_SRC("bpf: kernel side support for BTF Var and DataSec") },
	{ 16, KV(5, 13), BL_KREQ_SRC("bpf: Add BTF_KIND_FLOAT support") },
	{ 17, KV(5, 16), BL_KREQ_SRC("bpf: Support for new btf kind BTF_KIND_TAG (DECL_TAG)") },
	{ 18, KV(5, 17), BL_KREQ_SRC("bpf: Support BTF_KIND_TYPE_TAG for btf_type_tag attributes") },
	{ 19, KV(6, 0), BL_KREQ_SRC("bpf: Add btf enum64 support") },
};

uint32_t bl_kv_btf_kind(uint32_t kind, const char **source)
{
	return LOOKUP(btf_kinds, kind, source);
}
