#!/usr/bin/env bash
# tests/docs/cli_function_length.sh — no function of the command line
# (loader/cli/*.c) is longer than 80 lines: each command is a short
# function over named steps (docs/layout.md).
#
#     bash tests/docs/cli_function_length.sh [DIR]
#
# A function is what runs from a line that is just "{" to the next line
# that is just "}"; its length counts both, and its name is the last line
# before it that starts in column 0 with an identifier and has a "(". With
# DIR, the *.c files there are checked instead of loader/cli's; without,
# the check also runs on a made-up 90-line function (it must be caught)
# and an 80-line one (it must pass). Prints "ok"/"FAIL" lines and
# "N passed, N failed"; exits 1 on a failure.

set -u

MAX=80
SRC=$(cd "$(dirname "$0")/../.." && pwd)
pass=0
fail=0

ok() { echo "ok   $*"; pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

# "FILE:LINE NAME LENGTH" for every function of the files given.
lengths() {
	awk '
	FNR == 1 { sig = ""; start = 0 }
	/^[A-Za-z_].*\(/ { sig = $0; sigline = FNR }
	/^\{[ \t]*$/ { start = FNR }
	/^\}/ && start {
		name = sig
		sub(/\(.*/, "", name)
		n = split(name, w, /[ \t*]+/)
		print FILENAME ":" sigline, w[n], FNR - start + 1
		start = 0
	}' "$@"
}

# Checks every function of the *.c files of dir;
# "ok"/"FAIL" per file, with its longest function.
check_dir() {
	local dir=$1 f line name len worst wlen
	for f in "$dir"/*.c; do
		[ -e "$f" ] || continue
		worst="" wlen=0
		while read -r line name len; do
			if [ "$len" -gt "$MAX" ]; then
				bad "$line: $name is $len lines (at most $MAX)"
			fi
			if [ "$len" -gt "$wlen" ]; then
				worst="$name" wlen=$len
			fi
		done < <(lengths "$f")
		if [ "$wlen" -le "$MAX" ]; then
			ok "${f#"$SRC"/}: longest ${worst:-(none)} ${wlen} lines"
		fi
	done
}

# A file with one function of n lines (its braces included).
synthetic() {
	local n=$1 i
	echo "int made_up(int x)"
	echo "{"
	for ((i = 0; i < n - 3; i++)); do echo "	x += $i;"; done
	echo "	return x;"
	echo "}"
}

self_check() {
	local t out
	t=$(mktemp -d) || { bad "self-check: mktemp"; return; }
	synthetic 90 >"$t/long.c"
	out=$(bash "$0" "$t" 2>&1)
	if [ $? -ne 0 ] && grep -q "FAIL .*long.c:1: made_up is 90 lines" <<<"$out"; then
		ok "self-check: a 90-line function is caught"
	else
		bad "self-check: a 90-line function was not caught: $out"
	fi
	rm -f "$t"/*.c
	synthetic 80 >"$t/fits.c"
	if out=$(bash "$0" "$t" 2>&1) && grep -q "longest made_up 80 lines" <<<"$out"; then
		ok "self-check: an 80-line function passes"
	else
		bad "self-check: an 80-line function did not pass: $out"
	fi
	rm -rf "$t"
}

if [ $# -gt 0 ]; then
	check_dir "$1"
else
	check_dir "$SRC/loader/cli"
	self_check
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
