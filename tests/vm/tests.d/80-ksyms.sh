#!/bin/sh
# tests/vm/tests.d/80-ksyms.sh — __ksym externs and kfunc calls through
# the static bpfload, on Debian's 6.1, which has what the development
# host lacks: the test kfuncs of net/bpf/test_run.c in vmlinux, and on
# x86_64 CONFIG_KALLSYMS_ALL (typed variables resolve: runqueues with
# bpf_this_cpu_ptr/bpf_per_cpu_ptr; Debian's arm64 kernel is built
# without it, and there the typed variable is refused with that reason);
# and lacks what it has: bpf_task_from_pid (6.2), an ld_imm64 of a kfunc
# (6.4). The host test suite (20-host-tests.sh, suite ksyms) runs the
# same programs and checks their values; this checks what `bpfload
# verify` says of each.
set -eu

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
bl verify "$PROGS/test_ksyms.bpf.o"
if grep -q ' runqueues$' /proc/kallsyms; then
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

# kfuncs: 6.1's test kfuncs from a syscall program; a weak one guarded
bl verify "$PROGS/test_kfunc.bpf.o" --prog test_acquire
check verify-kfunc-test-acquire 0 '^test_acquire  *accepted'
bl verify "$PROGS/test_kfunc.bpf.o"
check verify-kfunc-weak-guarded 0 '^weak_guarded  *accepted'

# refusals, each one line naming the kfunc
bl verify "$PROGS/test_kfunc.bpf.o" --prog task_from_pid
check verify-kfunc-missing-6.1 1 "^task_from_pid  *unsupported .*kfunc bpf_task_from_pid: .*this kernel does not have it"
bl verify "$PROGS/test_kfunc.bpf.o" --prog weak_unguarded
check verify-kfunc-weak-unguarded 1 'error: kfunc-poison'

# the asm-tests of the new relocations: accepted on 6.1 too, the typed
# variable here resolved (BPF_PSEUDO_BTF_ID), the kfuncs here missing
for name in ksym_percpu kfunc_call; do
	bl verify "$ASM/$name.o"
	check "verify-asm-$name" 0 "^$name  *accepted"
done
