#!/bin/sh
# tests/vm/tests.d/40-list.sh — `bpfload list` where the kernel has
# kprobes (the development host has none, and there tests/cli/list.sh
# checks the error instead): kprobes from available_filter_functions or
# /proc/kallsyms, tracepoints and raw tracepoints, and the functions of
# the static bpfload itself as uprobe targets; the probe forms of
# bpftrace -l (kprobe:, k:, rt:, t:) and `bpfload list` alone, kprobes
# included.
set -eu

BL=$BL_BUILD_DIR/bpfload
OUT=/tmp/list.out
ERR=/tmp/list.err

bl() {
	RC=0
	timeout 60 "$BL" "$@" >$OUT 2>$ERR || RC=$?
}

show() {
	sed 's/^/    /' $OUT $ERR | head -n 20
}

# expect NAME LINE: exit 0 and exactly LINE on stdout.
expect() {
	if [ "$RC" -eq 0 ] && [ "$(cat $OUT)" = "$2" ]; then
		echo "ok $1 ($(cat $ERR))"
	else
		echo "FAIL $1: exit $RC, expected the one line $2"
		show
	fi
}

bl list kprobes do_unlinkat
expect list-kprobes kprobe:do_unlinkat

bl list kprobes 'vfs_*'
n=$(grep -c '^kprobe:vfs_' $OUT || true)
if [ "$RC" -eq 0 ] && [ "$n" -ge 5 ] && ! grep -qv '^kprobe:vfs_' $OUT; then
	echo "ok list-kprobes-glob ($n)"
else
	echo "FAIL list-kprobes-glob: exit $RC, $n lines"
	show
fi

bl list tracepoints 'syscalls:sys_enter_openat'
expect list-tracepoints tracepoint:syscalls:sys_enter_openat

bl list raw-tracepoints sys_enter
expect list-raw-tracepoints rawtracepoint:sys_enter

# The static host tests (not stripped): their functions, from .symtab.
bl list uprobes "$BL_BUILD_DIR/tests/host_tests" bl_attach
expect list-uprobes "uprobe:$BL_BUILD_DIR/tests/host_tests:bl_attach"

# The forms bpftrace users type, with kprobes there (tests/cli/list.sh
# checks them without kprobes): what list prints is taken back.
bl list 'kprobe:do_unlinkat'
expect list-form-kprobe kprobe:do_unlinkat
bl list 'k:do_unlink*t'
expect list-form-k kprobe:do_unlinkat
bl list 'rt:sys_enter'
expect list-form-rt rawtracepoint:sys_enter
bl list 't:syscalls:sys_enter_openat'
expect list-form-t tracepoint:syscalls:sys_enter_openat

# `bpfload list` alone: every kind, kprobes among them, and no note
# that they are missing.
bl list
nk=$(grep -c '^kprobe:' $OUT || true)
nt=$(grep -c '^tracepoint:' $OUT || true)
nr=$(grep -c '^rawtracepoint:' $OUT || true)
if [ "$RC" -eq 0 ] && [ "$nk" -gt 1000 ] && [ "$nt" -gt 100 ] && [ "$nr" -gt 100 ] && ! grep -q 'no kprobes' $ERR; then
	echo "ok list-everything ($nk kprobes, $nt tracepoints, $nr raw tracepoints)"
else
	echo "FAIL list-everything: exit $RC, $nk kprobes, $nt tracepoints, $nr raw tracepoints"
	show
fi
