#!/bin/sh
# tests/vm/tests.d/40-list.sh — `bpfload list` where the kernel has
# kprobes (the development host has none, and there tests/cli/list.sh
# checks the error instead): kprobes from available_filter_functions or
# /proc/kallsyms, tracepoints and raw tracepoints, and the functions of
# the static bpfload itself as uprobe targets.
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
