#!/bin/sh
# tests/bench/btf_min.sh — how small `bpfload btf min` makes a kernel's
# BTF (docs/btf-min.md), against a peer measured in the same run:
# bpftool's `gen min_core_btf` on the same objects and the same full BTF.
# Every object of the tree with CO-RE relocations that FULL resolves
# (one per line), then all of them together; bpfload with --core-only
# (what bpftool keeps) and with attach targets. Prints the table of
# docs/performance.md ("Minimized BTF").
#
# The target (issue 19): bpfload's --core-only file no bigger than
# bpftool's, for every line. Exits 1 when it is missed. Without
# /sys/kernel/btf/vmlinux (or FULL as $2) or bpftool: says so, exits 1.
set -eu
BUILD=${1:-build}
FULL=${2:-/sys/kernel/btf/vmlinux}
BL=$BUILD/bpfload
T=$(mktemp -d "${TMPDIR:-/tmp}/bench-btf-min.XXXXXX")
trap 'rm -rf "$T"' EXIT

[ -r "$FULL" ] || { echo "bench btf-min: no $FULL"; exit 1; }
command -v bpftool >/dev/null || { echo "bench btf-min: no bpftool"; exit 1; }
echo "full BTF: $FULL, $(stat -c %s "$FULL") bytes; $(bpftool version | head -1)"
echo
echo "| objects | CO-RE relocations | bpfload --core-only | bpftool gen min_core_btf | bpfload with attach targets |"
echo "|---|---|---|---|---|"
fail=0
row() {	# NAME OBJ...
	name=$1
	shift
	"$BL" btf min --core-only --btf "$FULL" "$@" -o "$T/ours.btf" >"$T/out" 2>/dev/null || return 0
	relos=$(sed -n 's/.*; \([0-9]*\) CO-RE relocations.*/\1/p' "$T/out")
	ours=$(stat -c %s "$T/ours.btf")
	"$BL" btf min --btf "$FULL" "$@" -o "$T/all.btf" >/dev/null 2>&1
	all=$(stat -c %s "$T/all.btf")
	if bpftool gen min_core_btf "$FULL" "$T/peer.btf" "$@" >/dev/null 2>&1; then
		peer=$(stat -c %s "$T/peer.btf")
	else
		peer="fails"
	fi
	echo "| $name | $relos | $ours | $peer | $all |"
	if [ "$peer" != fails ] && [ "$ours" -gt "$peer" ]; then
		fail=1
	fi
	rm -f "$T/peer.btf"
	LIST="$LIST $*"
}
LIST=""
for o in "$BUILD"/bpf-progs/*.bpf.o "$BUILD"/bpf-progs/compat/*.bpf.o; do
	row "$(basename "$o")" "$o"
done
# shellcheck disable=SC2086 # the list of objects, one word each
row "all of them" $LIST
echo
if [ $fail -ne 0 ]; then
	echo "bench btf-min: bpfload's minimized BTF is bigger than bpftool's on some line: MISSED"
	exit 1
fi
echo "bench btf-min: bpfload's minimized BTF is no bigger than bpftool's on every line: ok"
