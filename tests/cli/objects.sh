#!/usr/bin/env bash
# tests/cli/objects.sh — black-box tests of the objects libbpf loads that
# are not a set of programs: an object of maps and no programs
# (build/bpf-progs/test_maps_only.bpf.o: `verify` and `run` create its
# maps, list them and exit 0), and iproute2's legacy maps
# (test_iproute2_maps.bpf.o: struct bpf_elf_map with maps of maps,
# PIN_GLOBAL_NS pinned by name, PIN_OBJECT_NS left unpinned with a
# warning). Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/objects.sh
#
# The harness is tests/cli/lib.sh's. Loading needs root; the tests that
# pin run under `unshare -m` with a bpffs mounted on a scratch directory
# in that private mount namespace, and remove their pins themselves.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
MO=$BUILD/bpf-progs/test_maps_only.bpf.o
IP=$BUILD/bpf-progs/test_iproute2_maps.bpf.o

cli_name=cli-objects
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

for f in "$BL" "$MO" "$IP"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done

HAVE_NS=0
if [ "$IS_ROOT" -eq 1 ] && unshare -m true 2>/dev/null; then
	HAVE_NS=1
fi

# in_ns SCRIPT: sh -c SCRIPT in a private mount namespace where $D is a
# fresh bpffs (BL, IP at hand); stdout in $W/out, stderr in $W/err, RC.
in_ns() {
	local d="$W/bpffs"
	mkdir -p "$d"
	D=$d BL=$BL IP=$IP timeout -k 2 40 unshare -m sh -c \
		'mount --make-rprivate / && mount -t bpf bpf "$D" && '"$1" >"$W/out" 2>"$W/err"
	RC=$?
}

# ns_test NAME FUNC: a test that needs root and unshare -m.
ns_test() {
	if [ "$HAVE_NS" -eq 1 ]; then
		t "$@"
	else
		skip "$1" "needs root and unshare -m"
	fi
}

# ------------------------------------------------------ reading (any user)

test_inspect_maps_only() {
	bl inspect "$MO"
	expect_rc 0 || return
	grep -q '^program' "$W/out" && why "a program listed: $(one_line "$(cat "$W/out")")" && return 1
	grep_in "$W/out" '^map +mo_events +type perf_event_array +key 0 value 0 max_entries 0 ' "inspect" || return
	[ "$(grep -c '^map ' "$W/out")" -eq 3 ] || why "not 3 maps: $(grep '^map' "$W/out")"
}

test_inspect_iproute2() {
	bl inspect "$IP"
	expect_rc 0 || return
	grep_in "$W/out" '^map +ip_outer +type array_of_maps +key 4 value 4 max_entries 4 flags 0x0 pinned-by-name \(PIN_GLOBAL_NS\) inner_id 1 slots 0=ip_inner_a,3=ip_inner_b$' "ip_outer" || return
	grep_in "$W/out" '^map +ip_by_key +type hash_of_maps .* inner_id 1 slots 0=ip_inner_a,3=ip_inner_b$' "ip_by_key" || return
	grep_in "$W/out" '^map +ip_inner_b +type array .* id 1 inner_idx 3$' "ip_inner_b" || return
	grep_in "$W/out" '^map +ip_tmpl +type array .* id 2 inner_idx none$' "ip_tmpl" || return
	grep_in "$W/out" '^map +ip_objns +type hash .* pinning PIN_OBJECT_NS \(not pinned by bpfload\)$' "ip_objns" || return
	bl inspect --json "$IP"
	expect_rc 0 || return
	python3 - "$W/out" <<'EOF' || why "--json: $(grep '"map"' "$W/out" | head -c 600)"
import json, sys
o = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
m = {x["name"]: x for x in o if x["type"] == "map"}
assert len(m) == 8 and all(x["origin"] == "legacy" for x in m.values())
assert m["ip_outer"]["elf_map"] == {"id": 0, "pinning": 2, "inner_id": 1, "inner_idx": 0}
assert m["ip_outer"]["pinning"] == 1 and m["ip_objns"]["pinning"] == 0
assert m["ip_tmpl"]["elf_map"]["inner_idx"] == 4294967295
assert m["ip_by_key"]["slots"] == [{"slot": 0, "name": "ip_inner_a"}, {"slot": 3, "name": "ip_inner_b"}]
EOF
}

# ------------------------------------------------------ loading (root)

test_verify_maps_only() {
	bl verify "$MO"
	expect_rc 0 || return
	stderr_empty || return
	grep_in "$W/out" '^map +mo_counts +created +id [0-9]+ +type hash +key 4 value 8 max_entries 16$' "mo_counts" || return
	grep_in "$W/out" '^map +mo_events +created +id [0-9]+ +type perf_event_array +key 4 value 4 max_entries [1-9][0-9]*$' "mo_events: 4, 4 and a slot per CPU" || return
	grep_in "$W/out" "^$MO: no programs: 3 maps created\$" "the last line" || return
	[ "$(grep -c '^map ' "$W/out")" -eq 3 ] || why "not 3 maps: $(one_line "$(cat "$W/out")")" || return
	bl verify --json "$MO"
	expect_rc 0 || return
	python3 - "$W/out" "$(nproc --all)" <<'EOF' || why "--json: $(head -c 600 "$W/out")"
import json, sys
o = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
assert [x["type"] for x in o] == ["map"] * 3, o
m = {x["name"]: x for x in o}
assert all(x["state"] == "created" and x["id"] > 0 and x["pin_path"] is None for x in o)
e = m["mo_events"]
assert e["key_size"] == 4 and e["value_size"] == 4 and e["max_entries"] >= 1, e
EOF
}

test_run_maps_only() {
	bl run "$MO"	# no --duration: it must end by itself
	expect_rc 0 || return
	grep_in "$W/out" '^map +mo_config +created ' "the maps listed" || return
	grep_in "$W/out" '^map mo_config \(array, id [0-9]+\):$' "the maps' contents" || return
	grep_in "$W/out" "^$MO: no programs: nothing to attach; done\$" "the last line" || return
	grep -q '^running' "$W/out" && why "it waited: $(one_line "$(cat "$W/out")")" && return 1
	return 0
}

test_verify_iproute2_pins() {
	in_ns '"$BL" verify "$IP" --pin-path "$D" && ls "$D" && echo === &&
		"$BL" verify "$IP" --pin-path "$D" && rm "$D/ip_outer" "$D/ip_inner_a" && ls "$D"'
	[ "$RC" -eq 0 ] || why "exit $RC: $(one_line "$(cat "$W/out" "$W/err")")" || return
	grep_in "$W/out" '^ip_getppid +accepted' "the program" || return
	sed -n '/^===/q;p' "$W/out" >"$W/first"
	grep -qx ip_outer "$W/first" && grep -qx ip_inner_a "$W/first" ||
		why "pins after the first verify: $(one_line "$(cat "$W/first")")" || return
	grep -q ip_objns "$W/out" && why "PIN_OBJECT_NS map pinned: $(one_line "$(cat "$W/out")")" && return 1
	grep -q '^ip_' <(sed -n '/^===/,$p' "$W/out" | grep -v accepted) &&
		why "left behind: $(one_line "$(cat "$W/out")")" && return 1
	[ "$(grep -c 'warning: .*map ip_objns: pinning PIN_OBJECT_NS (1)' "$W/err")" -eq 2 ] ||
		why "no warning for ip_objns on each load: $(errtext)"
}

t inspect_maps_only test_inspect_maps_only
t inspect_iproute2 test_inspect_iproute2
rt verify_maps_only test_verify_maps_only
rt run_maps_only test_run_maps_only
ns_test verify_iproute2_pins test_verify_iproute2_pins
cli_summary
