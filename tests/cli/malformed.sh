#!/usr/bin/env bash
# tests/cli/malformed.sh — hostile objects through the command line, run
# by `make cli-check` (and `make malformed-check`) as
#
#     BL_BUILD_DIR=build bash tests/cli/malformed.sh
#
# For every object the build made (bpf-progs, their compat builds,
# asm-tests), tests/malformed/derive writes its hostile variants (the file
# cut at every section boundary and inside sections, section / symbol /
# string indices out of range, section data past the end of the file or
# overlapping, relocations outside their section, programs that are not
# whole instructions, strings without their NUL, .BTF with type ids out
# of range, loops and huge counts, broken .BTF.ext records: see
# tests/malformed/derive.c and derive_btf.c). Each must be refused by
# both `bpfload inspect` and `bpfload verify` the same clean way: exit
# status 1, nothing on stdout, and on stderr exactly one line,
# "bpfload: FILE: what is wrong". With --json the refusal is the one
# stdout line {"type":"error","message":"FILE: ..."} (checked for the
# variants of one object).
#
# One test line per object and command; the objects are checked in
# parallel (up to 4 jobs). BL_MALFORMED_OBJECTS (a list of paths)
# replaces the objects; BL_MALFORMED_CMDS ("inspect verify" by default)
# the commands (make check SANITIZE=1 runs inspect only: verify reads the
# file the same way, and each sanitized process costs); BL_MALFORMED_KEEP
# (a directory) keeps the variants, one subdirectory per object.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
DERIVE=$BUILD/tests/malformed/derive
cli_name=malformed
for f in "$BL" "$DERIVE"; do
	if [ ! -x "$f" ]; then
		echo "FAIL setup: $f is missing (run make $f)"
		exit 1
	fi
done
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

if [ -n "${BL_MALFORMED_OBJECTS:-}" ]; then
	read -r -a OBJECTS <<<"$BL_MALFORMED_OBJECTS"
else
	OBJECTS=("$BUILD"/bpf-progs/*.bpf.o "$BUILD"/bpf-progs/compat/*.bpf.o "$BUILD"/asm-tests/*.o)
fi
VDIR=${BL_MALFORMED_KEEP:-$W/variants}

# refused CMD FILE TMP: bpfload CMD FILE (CMD json: inspect --json)
# refused it cleanly; else sets BAD. Output goes to TMP.out, TMP.err.
refused() {
	local cmd=$1 f=$2 out err
	if [ "$cmd" = json ]; then
		timeout -k 2 20 "$BL" inspect "$f" --json >"$3.out" 2>"$3.err"
	else
		timeout -k 2 20 "$BL" "$cmd" "$f" >"$3.out" 2>"$3.err"
	fi
	RC=$?
	mapfile -t out <"$3.out"
	mapfile -t err <"$3.err"
	if [ "$RC" -ne 1 ]; then
		BAD="exit status $RC"
	elif [ "$cmd" = json ]; then
		[ "${#err[@]}" -eq 0 ] && [ "${#out[@]}" -eq 1 ] &&
			[[ ${out[0]} == '{"type":"error","message":"'"$f"': '*'"}' ]] && return 0
		BAD="not one JSON error line naming the file"
	elif [ "${#out[@]}" -ne 0 ]; then
		BAD="stdout not empty"
	elif [ "${#err[@]}" -ne 1 ]; then
		BAD="${#err[@]} lines on stderr"
	elif [[ ${err[0]} != "bpfload: $f: "* ]]; then
		BAD="stderr does not start with 'bpfload: FILE: '"
	else
		return 0
	fi
	BAD="$BAD; stdout: $(head -c 150 "$3.out"); stderr: $(head -c 200 "$3.err")"
	return 1
}

# check_all CMD LIST RES: every variant in the file LIST; RES gets "ok N"
# or "FAIL why" (run in the background, one job per object and command).
check_all() {
	local cmd=$1 list=$2 res=$3 v n=0 bad=0 first=""

	while read -r v; do
		n=$((n + 1))
		refused "$cmd" "$v" "$res.tmp" && continue
		bad=$((bad + 1))
		[ "$bad" -le 3 ] && first="$first${first:+; }$(basename "$v"): $BAD"
	done <"$list"
	if [ "$bad" -eq 0 ]; then
		echo "ok $n" >"$res"
	else
		echo "FAIL $bad of $n variants not refused cleanly: $first" >"$res"
	fi
}

# result RES: the test's outcome from check_all's file.
result() {
	local status rest
	read -r status rest <"$1"
	if [ "$status" = ok ]; then
		NOTE="$rest variants"
		return 0
	fi
	why "$rest"
}

JOBS=$(nproc 2>/dev/null || echo 2)
[ "$JOBS" -gt 4 ] && JOBS=4
n_variants=0
tests=()	# "NAME|RESULT FILE", in order
k=0
for obj in "${OBJECTS[@]}"; do
	[ -f "$obj" ] || continue
	name=$(basename "$obj")
	case $obj in */compat/*) name=compat/$name ;; esac
	k=$((k + 1))
	mkdir -p "$VDIR/$k"
	if ! "$DERIVE" "$obj" "$VDIR/$k" >"$W/list.$k" 2>"$W/derive.err"; then
		t "derive $name" why "derive failed: $(head -c 300 "$W/derive.err")"
		continue
	fi
	n_variants=$((n_variants + $(wc -l <"$W/list.$k")))
	read -r -a cmds <<<"${BL_MALFORMED_CMDS:-inspect verify}"
	[ "$k" -eq 1 ] && cmds+=(json)
	for cmd in "${cmds[@]}"; do
		while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
			wait -n
		done
		check_all "$cmd" "$W/list.$k" "$W/res.$k.$cmd" &
		label=$cmd
		[ "$cmd" = json ] && label="inspect --json"
		tests+=("$label $name|$W/res.$k.$cmd")
	done
done
wait
for e in "${tests[@]}"; do
	t "${e%%|*}" result "${e#*|}"
done
[ "$n_variants" -gt 0 ] || { t "objects" why "no objects in $BUILD (run make)"; }
echo "$n_variants variants of ${#OBJECTS[@]} objects"
cli_summary
