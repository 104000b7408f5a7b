#!/usr/bin/env bash
# tests/cli/maps.sh — black-box tests of the map options of `bpfload run`
# and `bpfload verify`: --pin-path DIR (pinning by name, loader/load/pin.c) and
# --map NAME.max_entries=N / NAME.value_size=N (loader/load/map_override.c),
# with build/bpf-progs/test_btf_maps.bpf.o (BTF-defined maps, one of them
# pinned by name). Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/maps.sh
#
# Same conventions as tests/cli/commands.sh: "ok NAME", "FAIL NAME: why" or
# "skip NAME: why" per test, a summary, exit status 1 if any failed.
#
# The usage tests run as any user. The others need root; those that pin
# run under `unshare -m` with a bpffs mounted on a scratch directory in
# that private mount namespace, so that nothing is left pinned on the host
# even if a test dies (a bpffs instance and its pins go with its mount).

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
OBJ=$BUILD/bpf-progs/test_btf_maps.bpf.o

for f in "$BL" "$OBJ"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1
HAVE_NS=0
if [ $IS_ROOT -eq 1 ] && unshare -m true 2>/dev/null; then
	HAVE_NS=1
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/bpfload-cli-maps.XXXXXX") || exit 1
cleanup() {
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

N_OK=0 N_FAIL=0 N_SKIP=0
WHY=""

why() {
	WHY=$*
	return 1
}

one_line() {
	printf '%s' "$1" | tr '\n' '\036' | sed 's/\x1e/ | /g' | cut -c1-400
}

# t NAME FUNCTION [needs]: runs FUNCTION; needs "root" or "ns" skip it
# where that is missing.
t() {
	local name=$1 fn=$2 need=${3:-}
	if [ "$need" = root ] && [ $IS_ROOT -eq 0 ]; then
		echo "skip $name: needs root"
		N_SKIP=$((N_SKIP + 1))
		return
	fi
	if [ "$need" = ns ] && [ $HAVE_NS -eq 0 ]; then
		echo "skip $name: needs root and unshare -m"
		N_SKIP=$((N_SKIP + 1))
		return
	fi
	WHY=""
	if $fn; then
		echo "ok $name"
		N_OK=$((N_OK + 1))
	else
		echo "FAIL $name: $(one_line "$WHY")"
		N_FAIL=$((N_FAIL + 1))
	fi
}

# runbl ARGS...: bpfload with stdout in $W/out, stderr in $W/err; sets RC.
runbl() {
	"$BL" "$@" >"$W/out" 2>"$W/err"
	RC=$?
}

# in_ns SCRIPT: runs sh -c SCRIPT in a private mount namespace where $D
# is a fresh bpffs; stdout in $W/out, stderr in $W/err; sets RC.
in_ns() {
	local d="$W/bpffs"
	mkdir -p "$d"
	D=$d BL=$BL OBJ=$OBJ unshare -m sh -c \
		'mount --make-rprivate / && mount -t bpf bpf "$D" && '"$1" >"$W/out" 2>"$W/err"
	RC=$?
}

# --------------------------------------------------------------- usage

test_help_names_options() {
	local c
	for c in run verify; do
		runbl "$c" --help
		[ $RC -eq 0 ] || why "$c --help exits $RC" || return
		grep -q -- '--pin-path DIR' "$W/out" || why "$c --help does not name --pin-path" || return
		grep -q -- '--map NAME.max_entries=N' "$W/out" || why "$c --help does not name --map" || return
	done
}

test_bad_map_option() {
	local spec
	for spec in bm_hash.key_size=4 nodot=4 bm_hash.max_entries bm_hash.max_entries=-1 \
		bm_hash.max_entries=4294967296 bm_hash.max_entries=12x; do
		runbl verify "$OBJ" --map "$spec"
		[ $RC -eq 2 ] || why "--map $spec: exit $RC, want 2" || return
		grep -q -- "--map $spec" "$W/err" || why "--map $spec: stderr does not quote it: $(cat "$W/err")" || return
	done
	runbl verify "$OBJ" --map
	[ $RC -eq 2 ] || why "--map without argument: exit $RC" || return
	runbl verify "$OBJ" --pin-path ''
	[ $RC -eq 2 ] || why "--pin-path '': exit $RC" || return
}

test_inspect_shows_btf_maps() {
	runbl inspect "$OBJ"
	[ $RC -eq 0 ] || why "exit $RC: $(cat "$W/err")" || return
	grep -Eq '^map +bm_outer +type array_of_maps +key 4 value 4 max_entries 4 flags 0x0 slots 0=bm_inner_a,2=bm_inner_b$' "$W/out" &&
		grep -Eq '^map +bm_jmp +type prog_array .* slots 1=bm_tail$' "$W/out" &&
		grep -Eq '^map +bm_pinned +type hash .* pinned-by-name$' "$W/out" &&
		grep -Eq '^map +bm_bloom +type bloom_filter .* map_extra 3$' "$W/out" &&
		grep -Eq '^map +bm_outer.inner +type array .*\(inner map template\)$' "$W/out" &&
		[ "$(grep -c '^map ' "$W/out")" -eq 13 ] || why "$(grep '^map' "$W/out")" || return
	runbl inspect --json "$OBJ"
	[ $RC -eq 0 ] || why "--json: exit $RC" || return
	python3 - "$W/out" <<'EOF' || why "--json: $(grep '"map"' "$W/out" | head -c 600)"
import json, sys
o = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
m = {x["name"]: x for x in o if x["type"] == "map"}
assert len(m) == 13 and all(x["origin"] == "btf" for x in m.values())
assert m["bm_outer"]["slots"] == [{"slot": 0, "name": "bm_inner_a"}, {"slot": 2, "name": "bm_inner_b"}]
assert m["bm_jmp"]["slots"] == [{"slot": 1, "name": "bm_tail"}]
assert m["bm_pinned"]["pinning"] == 1 and m["bm_bloom"]["map_extra"] == 3
assert m["bm_outer.inner"]["inner_template"] and not m["bm_outer"]["inner_template"]
EOF
}

# ------------------------------------------------------ loading (root)

test_unknown_map_named() {
	runbl verify "$OBJ" --map bm_nope.max_entries=4 --pin-path "$W"
	[ $RC -eq 2 ] || why "exit $RC, want 2 (a usage error)" || return
	grep -q -- "--map bm_nope: the object has no map of that name (its maps: .*bm_pinned" "$W/err" ||
		why "stderr: $(cat "$W/err")"
}

test_pin_dir_not_bpffs() {
	runbl verify "$OBJ" --pin-path "$W"
	[ $RC -eq 1 ] || why "exit $RC, want 1" || return
	grep -q "bm_pinned" "$W/err" && grep -q "mount -t bpf bpf $W" "$W/err" ||
		why "stderr does not name the map and say how to mount: $(cat "$W/err")" || return
	runbl verify "$OBJ" --pin-path "$W" --json
	[ $RC -eq 1 ] || why "--json: exit $RC" || return
	python3 - "$W/out" <<'EOF' || why "--json: $(cat "$W/out")"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
o = [json.loads(l) for l in lines]
assert len(o) == 1 and o[0]["type"] == "error" and "mount -t bpf" in o[0]["message"], o
EOF
}

test_pin_then_reuse_then_refuse() {
	in_ns '"$BL" verify "$OBJ" --pin-path "$D" && test -e "$D/bm_pinned" &&
		"$BL" verify "$OBJ" --pin-path "$D" && echo REUSED &&
		! "$BL" verify "$OBJ" --pin-path "$D" --map bm_pinned.max_entries=16 && echo REFUSED'
	[ $RC -eq 0 ] || why "exit $RC: $(cat "$W/out" "$W/err")" || return
	grep -q '^REUSED$' "$W/out" && grep -q '^REFUSED$' "$W/out" || why "$(cat "$W/out")" || return
	grep -q "does not match" "$W/err" && grep -q "max_entries 8" "$W/err" &&
		grep -q "max_entries 16" "$W/err" || why "the refusal does not name both: $(cat "$W/err")"
}

test_run_with_sizes() {
	in_ns '"$BL" run "$OBJ" --duration 0.3 --json --pin-path "$D" \
		--map bm_array.max_entries=8 --map bm_array.value_size=16'
	[ $RC -eq 0 ] || why "exit $RC: $(cat "$W/err")" || return
	python3 - "$W/out" <<'EOF' || why "$(head -c 600 "$W/out")"
import json, sys
o = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
d = {x["name"]: x["entries"] for x in o if x["type"] == "map_dump"}
assert len(d["bm_array"]) == 8, len(d["bm_array"])
assert all(len(e["value"].split()) == 16 for e in d["bm_array"]), d["bm_array"][:1]
assert "bm_outer" not in d and "bm_outer.inner" not in d
EOF
}

t help_names_options test_help_names_options
t bad_map_option test_bad_map_option
t inspect_shows_btf_maps test_inspect_shows_btf_maps
t unknown_map_named test_unknown_map_named root
t pin_dir_not_bpffs test_pin_dir_not_bpffs root
t pin_then_reuse_then_refuse test_pin_then_reuse_then_refuse ns
t run_with_sizes test_run_with_sizes ns

echo "$((N_OK + N_FAIL + N_SKIP)) tests: $N_OK ok, $N_FAIL failed, $N_SKIP skipped"
[ $N_FAIL -eq 0 ]
