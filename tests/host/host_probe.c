/* tests/host/host_probe.c — does the running kernel have what a test's
 * object needs? Each probe asks the kernel itself (BPF_PROG_LOAD of a
 * few instructions, BPF_MAP_CREATE; include/uapi/linux/bpf.h) rather
 * than its version, and the test skips with one line when it does not:
 * the VM tests boot 5.10, where several objects cannot load
 * (docs/vm-tests.md). */
#include "host.h"
#include "loader/sys/kernel_version.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Loads a program of n instructions; with log, its verifier log goes
 * there. True when the kernel took it. */
static bool loads_log(const struct bpf_insn *insn, size_t n, enum bpf_prog_type type,
		      uint32_t flags, char *log, uint32_t log_size)
{
	struct bl_prog_load_args a = {
		.type = type, .name = "ht_probe", .insns = insn, .insn_cnt = n,
		.license = "GPL", .prog_btf_fd = -1, .prog_flags = flags,
		.log_level = log ? 1 : 0, .log_buf = log, .log_size = log ? log_size : 0,
	};
	int fd = bl_sys_prog_load(&a);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static bool loads(const struct bpf_insn *insn, size_t n, enum bpf_prog_type type, uint32_t flags)
{
	return loads_log(insn, n, type, flags, NULL, 0);
}

static bool skip(bool have, const char *test, const char *what)
{
	if (!have)
		fprintf(stderr, "SKIP %s: this kernel has no %s\n", test, what);
	return !have;
}

/* r1 = 0; *(u64 *)(r10 - 8) = r1; r1 = 1;
 * r1 = atomic_fetch_add((u64 *)(r10 - 8), r1); r0 = 0; exit (5.12) */
bool ht_skip_without_atomic_fetch(const char *test)
{
	const struct bpf_insn insn[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_1, .imm = 0 },
		{ .code = BPF_STX | BPF_MEM | BPF_DW, .dst_reg = BPF_REG_10, .src_reg = BPF_REG_1, .off = -8 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_1, .imm = 1 },
		{ .code = BPF_STX | BPF_ATOMIC | BPF_DW, .dst_reg = BPF_REG_10, .src_reg = BPF_REG_1,
		  .off = -8, .imm = BPF_ADD | BPF_FETCH },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};

	return skip(loads(insn, 6, BPF_PROG_TYPE_TRACEPOINT, 0), test,
		    "atomic fetch-and-add (BPF_ATOMIC | BPF_FETCH, 5.12)");
}

/* A call of helper id with zero arguments: the verifier refuses it
 * either way, with "invalid func" or "unknown func" only when the kernel
 * does not know the helper (kernel/bpf/verifier.c, check_helper_call). */
bool ht_skip_without_helper(int id, const char *name, const char *test)
{
	const struct bpf_insn insn[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_1, .imm = 0 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_2, .imm = 0 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_3, .imm = 0 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_4, .imm = 0 },
		{ .code = BPF_JMP | BPF_CALL, .imm = id },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	static char log[4096];
	bool have;
	char what[96];

	log[0] = '\0';
	have = loads_log(insn, 7, BPF_PROG_TYPE_TRACEPOINT, 0, log, sizeof(log)) ||
	       (log[0] && !strstr(log, "invalid func") && !strstr(log, "unknown func"));
	snprintf(what, sizeof(what), "helper %s (id %d)", name, id);
	return skip(have, test, what);
}

bool ht_skip_without_map_type(uint32_t type, const char *name, const char *test)
{
	int fd = bl_sys_map_create(type, "ht_probe", 0, 4, 16, 0);
	char what[96];

	if (fd >= 0)
		close(fd);
	snprintf(what, sizeof(what), "map type %s (BPF_MAP_CREATE: %s)", name,
		 fd >= 0 ? "ok" : strerror(-fd));
	return skip(fd >= 0, test, what);
}

/* r0 = 0; exit as a program of that type: EINVAL when the type is
 * unknown. Syscall programs must be sleepable (BPF_F_SLEEPABLE; the
 * verifier: "Syscall programs can only be sleepable"). */
bool ht_skip_without_prog_type(enum bpf_prog_type type, const char *name, const char *test)
{
	const struct bpf_insn insn[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	char what[96];

	snprintf(what, sizeof(what), "program type %s", name);
	return skip(loads(insn, 2, type, type == BPF_PROG_TYPE_SYSCALL ? BPF_F_SLEEPABLE : 0), test,
		    what);
}

/* /sys/kernel/btf/vmlinux: a kernel built without CONFIG_DEBUG_INFO_BTF
 * (Debian's armmp) has none, and CO-RE objects, __ksym externs and
 * BTF-attached programs need it. */
bool ht_skip_without_vmlinux_btf(const char *test)
{
	return skip(access("/sys/kernel/btf/vmlinux", R_OK) == 0, test,
		    "/sys/kernel/btf/vmlinux (built without CONFIG_DEBUG_INFO_BTF)");
}

/* 64-bit registers: an object that reads x86_64's pt_regs (di at offset
 * 112) is refused by a 32-bit kernel, whose struct pt_regs is 72 bytes on
 * arm (kprobe_prog_is_valid_access, kernel/trace/bpf_trace.c). */
bool ht_skip_on_32bit_kernel(const char *test)
{
	return skip(bl_kernel_long_size() == 8, test, "64-bit registers (a 32-bit kernel)");
}

/* A JIT on: net.core.bpf_jit_enable (1 or 2). Without it the verifier
 * refuses callbacks ("callbacks are not allowed in non-JITed programs",
 * fixup_call_args(), kernel/bpf/verifier.c) and freplace targets ("Can
 * attach to only JITed progs"). Debian's armmp kernel boots with 0. */
bool ht_skip_without_jit(const char *test)
{
	FILE *f = fopen("/proc/sys/net/core/bpf_jit_enable", "r");
	int on = 1;

	if (f) {
		if (fscanf(f, "%d", &on) != 1)
			on = 1;
		fclose(f);
	}
	return skip(on != 0, test, "BPF JIT enabled (net.core.bpf_jit_enable is 0)");
}
