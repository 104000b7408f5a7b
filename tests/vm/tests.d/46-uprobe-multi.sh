#!/bin/sh
# tests/vm/tests.d/46-uprobe-multi.sh — SEC("uprobe.multi") and
# SEC("uretprobe.multi") in the VM's kernel (docs/section-names.md):
# test_multi.bpf.o counts calls by bpf_get_attach_cookie() on the pattern
# bl_um_* of tests/uprobe/usdt_target (cookie 0 bl_um_each, called once
# per call, 1 bl_um_once, called once). From 6.6 the default is one
# uprobe_multi link; before, one uprobe per function, which the old
# kernels here (6.1) take for real; --no-multi-link forces that through
# the uprobe PMU and through tracefs. The same counts each way, and
# nothing left in uprobe_events.
set -eu

BL=$BL_BUILD_DIR/bpfload
OBJ=$BL_BUILD_DIR/bpf-progs/test_multi.bpf.o
TGT=$BL_BUILD_DIR/tests/uprobe/usdt_target
OUT=/tmp/umulti.out
ERR=/tmp/umulti.err
EV=/sys/kernel/tracing/uprobe_events

# shellcheck disable=SC2046 # two words: major and minor
set -- $(uname -r | sed 's/^\([0-9]*\)\.\([0-9]*\).*/\1 \2/')
if [ "$1" -lt 5 ] || { [ "$1" -eq 5 ] && [ "$2" -lt 15 ]; }; then
	echo "skip uprobe-multi: test_multi.bpf.o counts by bpf_get_attach_cookie (Linux 5.15); this kernel is $1.$2"
	exit 0
fi
if [ "$1" -gt 6 ] || { [ "$1" -eq 6 ] && [ "$2" -ge 6 ]; }; then
	DEFAULT="uprobe_multi link"
else
	DEFAULT="one uprobe each"
fi

# counts MAP: "KEY=VALUE ..." of MAP's dump in $OUT, by key.
counts() {
	awk -v m="$1" '$1 == "map" { on = ($2 == m); next }
		on && $1 ~ /^[0-9]+$/ { print $1 "=" $2 }' $OUT | sort | tr '\n' ' ' | sed 's/ $//'
}

for mode in default pmu tracefs; do
	case $mode in
	default)
		how=$DEFAULT
		set --
		;;
	*)
		how="one uprobe each"
		set -- --no-multi-link --attach-mode $mode
		;;
	esac
	RC=0
	timeout 120 "$BL" run "$OBJ" --uprobe "$TGT:bl_um_*" --cmd "$TGT 3" "$@" >$OUT 2>$ERR || RC=$?
	e=$(counts entries) r=$(counts returns)
	if [ "$RC" -eq 0 ] &&
		grep -q "^attached on_entry .*usdt_target:bl_um_\* (2 functions, cookies 0..1 by name; $how)" $OUT &&
		[ "$e" = "0=3 1=1" ] && [ "$r" = "0=3 1=1" ] && ! grep -q bpfload_ $EV; then
		echo "ok uprobe-multi-$mode ($how)"
	else
		echo "FAIL uprobe-multi-$mode: exit $RC, entries '$e', returns '$r' (want 0=3 1=1), '$how' wanted"
		sed 's/^/    /' $OUT $ERR | cut -c1-200 | head -n 20
		grep bpfload_ $EV | sed 's/^/    left: /' || true
	fi
done
