#!/bin/sh
# tests/vm/tests.d/00-kernel.sh — the VM's kernel has what the other tests
# use: tracefs mounted (tests/vm/init mounts it), the syscall tracepoints
# the host tests trigger (CONFIG_FTRACE_SYSCALLS), BTF
# (/sys/kernel/btf/vmlinux, CONFIG_DEBUG_INFO_BTF) and bpffs.
#
# Run by tests/vm/init like every script here: print "ok NAME" or
# "FAIL NAME: why" per check; anything else is only shown in the log.
set -eu

T=/sys/kernel/tracing

# check NAME COMMAND...: "ok NAME" when COMMAND succeeds.
check() {
	name=$1
	shift
	if "$@"; then
		echo "ok $name"
	else
		echo "FAIL $name: '$*' failed"
	fi
}

mounted() { # TYPE DIR
	grep -q "^[^ ]* $2 $1 " /proc/mounts
}

echo "kernel $(uname -r) $(uname -m); unprivileged_bpf_disabled=$(cat /proc/sys/kernel/unprivileged_bpf_disabled 2>/dev/null || echo '?'); bpf_jit_enable=$(cat /proc/sys/net/core/bpf_jit_enable 2>/dev/null || echo '?')"
check tracefs-mounted mounted tracefs $T
check trace_pipe test -r $T/trace_pipe
check tracepoint-sys_enter_fchmodat test -r $T/events/syscalls/sys_enter_fchmodat/id
check tracepoint-sys_enter_getppid test -r $T/events/syscalls/sys_enter_getppid/id
check tracepoint-skb-kfree_skb test -r $T/events/skb/kfree_skb/id
# Debian's armmp (32-bit arm) kernel is built without BTF: the tests that
# need it skip there, each with its own line.
if [ ! -e /sys/kernel/btf/vmlinux ] &&
	grep -qx '# CONFIG_DEBUG_INFO_BTF is not set' /bl/kernel-config 2>/dev/null; then
	echo "SKIP btf-vmlinux: no /sys/kernel/btf/vmlinux (this kernel is built without CONFIG_DEBUG_INFO_BTF)"
else
	check btf-vmlinux test -s /sys/kernel/btf/vmlinux
fi
check bpffs-mounted mounted bpf /sys/fs/bpf
