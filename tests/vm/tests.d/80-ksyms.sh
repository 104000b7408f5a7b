#!/bin/sh
# tests/vm/tests.d/80-ksyms.sh — __ksym externs and kfunc calls through
# the static bpfload. Written for Debian's 6.1, which has what the development
# host lacks: the test kfuncs of net/bpf/test_run.c in vmlinux, and on
# x86_64 CONFIG_KALLSYMS_ALL (typed variables resolve: runqueues with
# bpf_this_cpu_ptr/bpf_per_cpu_ptr; Debian's arm64 kernel is built
# without it, and there the typed variable is refused with that reason);
# and lacks what it has: bpf_task_from_pid (6.2), an ld_imm64 of a kfunc
# (6.4). The host test suite (20-host-tests.sh, suite ksyms) runs the
# same programs and checks their values; this checks what `bpfload
# verify` says of each. On 5.10 and 6.12 the same checks follow what the
# kernel has (kallsyms, its BTF): 5.10 has no syscall programs and no
# per-CPU variables in its BTF, 6.12 has bpf_task_from_pid but no test
# kfuncs in vmlinux.
set -eu

# __ksym externs and kfuncs are resolved through the kernel's BTF
if [ ! -e /sys/kernel/btf/vmlinux ]; then
	echo "SKIP ksyms: no /sys/kernel/btf/vmlinux (kernel without CONFIG_DEBUG_INFO_BTF): __ksym and kfuncs need it"
	exit 0
fi

BL=$BL_BUILD_DIR/bpfload
PROGS=$BL_BUILD_DIR/bpf-progs
ASM=$BL_BUILD_DIR/asm-tests
OUT=/tmp/ksyms.out
ERR=/tmp/ksyms.err

bl() {
	RC=0
	timeout 60 "$BL" "$@" >$OUT 2>$ERR || RC=$?
}

show() {
	sed 's/^/    /' $OUT $ERR | head -n 20
}

# check NAME RC PATTERN: exit status RC and a line of stdout matching PATTERN.
check() {
	if [ "$RC" -eq "$2" ] && grep -q -- "$3" $OUT; then
		echo "ok $1"
	else
		echo "FAIL $1: exit $RC (expected $2), no line matching: $3"
		show
	fi
}

# typed per-CPU, typeless and weak: every program of test_ksyms loads
# where the kernel lists its variables in /proc/kallsyms (Debian's amd64
# kernel: it must); elsewhere the typed one is refused, saying why
# ksym NAME: is NAME in /proc/kallsyms? (the probes below: what this
# kernel has, not its version)
ksym() {
	grep -q " $1\$" /proc/kallsyms
}

bl verify "$PROGS/test_ksyms.bpf.o"
if ! grep -qa runqueues /sys/kernel/btf/vmlinux; then
	# Debian's 5.10: its BTF has no per-CPU variables
	echo "ok btf-no-runqueues (no per-CPU variables in this kernel's BTF)"
	check verify-typed-percpu-refused 1 "^percpu  *unsupported .*runqueues.*in neither the kernel's BTF"
	want=1
elif ksym runqueues; then
	echo "ok kallsyms-lists-runqueues (CONFIG_KALLSYMS_ALL)"
	check verify-typed-percpu 0 '^percpu  *accepted'
	want=0
elif [ "$BL_ARCH" = x86_64 ]; then
	echo "FAIL kallsyms-lists-runqueues: Debian's amd64 kernel has CONFIG_KALLSYMS_ALL, but /proc/kallsyms lists no runqueues"
	want=1
else
	echo "ok kallsyms-lists-no-runqueues (no CONFIG_KALLSYMS_ALL on $BL_ARCH)"
	check verify-typed-percpu-refused 1 '^percpu  *unsupported .*runqueues.*CONFIG_KALLSYMS_ALL'
	want=1
fi
check verify-typeless-weak "$want" '^typeless  *accepted'
check verify-weak-typed "$want" '^weak_typed  *accepted'

# test_kfunc.bpf.o's programs are syscall programs (5.14: the kernel has
# bpf_prog_test_run_syscall)
if ! ksym bpf_prog_test_run_syscall; then
	echo "SKIP verify-kfunc: no syscall programs in this kernel (no bpf_prog_test_run_syscall; 90-min-kernel.sh checks the refusal)"
else
	if ksym bpf_kfunc_call_test_acquire; then
		bl verify "$PROGS/test_kfunc.bpf.o" --prog test_acquire
		check verify-kfunc-test-acquire 0 '^test_acquire  *accepted'
	else
		# in vmlinux from 5.18 to 6.3, then in the bpf_testmod module
		echo "SKIP verify-kfunc-test-acquire: no test kfuncs in vmlinux (bpf_kfunc_call_test_acquire)"
	fi
	bl verify "$PROGS/test_kfunc.bpf.o" --prog weak_guarded
	check verify-kfunc-weak-guarded 0 '^weak_guarded  *accepted'

	bl verify "$PROGS/test_kfunc.bpf.o" --prog task_from_pid
	if ksym bpf_task_from_pid; then
		check verify-kfunc-task-from-pid 0 '^task_from_pid  *accepted'
	else
		check verify-kfunc-missing-task-from-pid 1 "^task_from_pid  *unsupported .*kfunc bpf_task_from_pid: .*this kernel does not have it"
	fi
	bl verify "$PROGS/test_kfunc.bpf.o" --prog weak_unguarded
	check verify-kfunc-weak-unguarded 1 'error: kfunc-poison'
fi

bl verify "$ASM/ksym_percpu.o"
check verify-asm-ksym_percpu 0 "^ksym_percpu  *accepted"
if ksym bpf_prog_test_run_syscall; then
	bl verify "$ASM/kfunc_call.o"
	check verify-asm-kfunc_call 0 "^kfunc_call  *accepted"
else
	echo "SKIP verify-asm-kfunc_call: no syscall programs in this kernel (no bpf_prog_test_run_syscall)"
fi
