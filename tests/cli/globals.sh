#!/usr/bin/env bash
# tests/cli/globals.sh — black-box tests of global data and bpf-to-bpf
# calls through the command line: `--set NAME=VALUE` of `bpfload run` and
# `bpfload verify` (elf/vars/data_vars.c), the global-data maps in `inspect`,
# and loading the objects that use them (build/bpf-progs/test_globals.bpf.o,
# test_subprog.bpf.o, build/asm-tests/data_call.o). Run by `make
# cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/globals.sh
#
# The harness is tests/cli/lib.sh's: "ok NAME", "FAIL NAME: why" or
# "skip NAME: why" per test, a summary, exit status 1 if any failed. The
# usage tests run as any user (variables are set before anything is
# loaded); the others need root.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
OBJ=$BUILD/bpf-progs/test_globals.bpf.o
SUB=$BUILD/bpf-progs/test_subprog.bpf.o
ASM=$BUILD/asm-tests/data_call.o

for f in "$BL" "$OBJ" "$SUB" "$ASM"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done

cli_name=cli-globals
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

runbl() {
	bl "$@"
}

# --------------------------------------------------------------- usage

test_help_names_set() {
	local c
	for c in run verify; do
		runbl "$c" --help
		[ $RC -eq 0 ] || why "$c --help exits $RC" || return
		grep -q -- '--set NAME=VALUE' "$W/out" || why "$c --help does not name --set" || return
	done
}

test_bad_set_is_usage() {
	local spec
	for spec in target_pid =1 ''; do
		runbl verify "$OBJ" --set "$spec"
		[ $RC -eq 2 ] || why "--set '$spec': exit $RC, want 2" || return
		grep -q "NAME=VALUE" "$W/err" || why "--set '$spec': $(cat "$W/err")" || return
	done
	runbl verify "$OBJ" --set
	[ $RC -eq 2 ] || why "--set without argument: exit $RC" || return
}

# name=value: the message that names the file, the variable and why
test_wrong_variable_or_value() {
	local c spec want
	while IFS='|' read -r spec want; do
		for c in run verify; do
			runbl "$c" "$OBJ" --set "$spec"
			[ $RC -eq 2 ] || why "$c --set $spec: exit $RC, want 2: $(cat "$W/err")" || return
			grep -q "$OBJ" "$W/err" && grep -q -- "$want" "$W/err" ||
				why "$c --set $spec: stderr: $(cat "$W/err")" || return
		done
	done <<'EOF'
nosuch=1|no variable nosuch in .data, .rodata or .bss (there are: target_pid, step
target_pid=-1|variable target_pid: -1 does not fit: it is unsigned of 4 bytes
target_pid=12x|variable target_pid: '12x' is not an integer
step=2147483648|variable step: 2147483648 does not fit: it is signed of 4 bytes
mode=MODE_NONE|'MODE_NONE' is not an integer nor a value of its enum
enabled=2|variable enabled: 2 does not fit: it is a bool
tag=0123456789abcdef|does not fit in its 16 bytes
EOF
	runbl verify "$OBJ" --set nosuch=1 --json
	[ $RC -eq 2 ] || why "--json: exit $RC" || return
	python3 - "$W/out" <<'EOF' || why "--json: $(cat "$W/out")"
import json, sys
o = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
assert len(o) == 1 and o[0]["type"] == "error" and "no variable nosuch" in o[0]["message"], o
EOF
}

test_inspect_shows_data_maps() {
	runbl inspect "$OBJ"
	[ $RC -eq 0 ] || why "exit $RC: $(cat "$W/err")" || return
	grep -Eq '^map +test_glo.rodata +type array +key 4 value [0-9]+ max_entries 1 flags 0x480$' "$W/out" &&
		grep -Eq '^map +test_glo.data +type array +key 4 value [0-9]+ max_entries 1 flags 0x400$' "$W/out" &&
		grep -Eq '^map +test_glo.bss +type array +key 4 value [0-9]+ max_entries 1 flags 0x400$' "$W/out" &&
		grep -Eq '^map +.rodata.str1.1 +type array +key 4 value [0-9]+ max_entries 1 flags 0x80$' "$W/out" ||
		why "$(grep '^map' "$W/out")" || return
	runbl inspect --json "$OBJ"
	[ $RC -eq 0 ] || why "--json: exit $RC" || return
	python3 - "$W/out" <<'EOF' || why "--json: $(grep '"map"' "$W/out" | head -c 600)"
import json, sys
o = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
m = {x["name"]: x for x in o if x["type"] == "map"}
assert sorted(m) == [".rodata.str1.1", "test_glo.bss", "test_glo.data", "test_glo.rodata"], sorted(m)
assert all(x["origin"] == "data" for x in m.values())
EOF
}

# ------------------------------------------------------ loading (root)

test_verify_accepts() {
	local o
	for o in "$OBJ" "$SUB" "$ASM"; do
		runbl verify "$o"
		[ $RC -eq 0 ] || why "verify $o: exit $RC: $(cat "$W/out" "$W/err")" || return
		grep -q ' accepted ' "$W/out" && ! grep -qv ' accepted ' "$W/out" ||
			why "verify $o: $(cat "$W/out")" || return
		[ ! -s "$W/err" ] || why "verify $o: stderr: $(cat "$W/err")" || return
	done
	runbl verify "$OBJ" --set target_pid=0x10 --set step=-7 --set tag=abc --set mode=MODE_SKIP \
		--set enabled=false --set counted=-1 --set calls=5
	[ $RC -eq 0 ] || why "with --set: exit $RC: $(cat "$W/out" "$W/err")"
}

# A process that waits a moment (bpfload attaches meanwhile), then calls
# getppid 5 times: with --set target_pid=its pid, only its calls are
# matched, each printing a trace line with the tag set. bpfload starts
# once python runs (it says so in a file): what the process called before
# (the shell it was forked as, pyenv's wrapper) is not matched. The
# lines are told apart by pid and count, not by trace_pipe's COMM column,
# which the kernel fills from its saved_cmdlines cache ("<...>" or the
# name before exec on a fresh boot).
test_run_set_filters_by_pid() {
	local pid i ready=$W/python-ready
	(exec python3 -c 'import os, sys, time; open(sys.argv[1], "w").close(); time.sleep(2.0); [os.getppid() for _ in range(5)]' "$ready") &
	pid=$!
	BG_PIDS+=("$pid")
	for ((i = 0; i < 1000; i++)); do
		[ -e "$ready" ] && break
		sleep 0.01
	done
	[ -e "$ready" ] || why "python3 did not start within 10 s" || return
	runbl run "$OBJ" --duration 3.5 --json --set "target_pid=$pid" --set tag=from-cli --set step=10
	wait $pid
	[ $RC -eq 0 ] || why "exit $RC: $(cat "$W/err")" || return
	python3 - "$W/out" "$pid" <<'EOF' || why "$(grep -v '"trace"' "$W/out" | head -c 800)"
import json, sys
pid = int(sys.argv[2])
o = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
lines = [x for x in o if x["type"] == "trace" and "bpfload globals" in x["line"]]
mine = [x for x in lines if x.get("pid") == pid]
assert mine == lines and len(mine) == 5, lines
assert all(("pid=%d tag=from-cli" % pid) in x["message"] for x in mine), mine
d = {x["name"]: x["entries"] for x in o if x["type"] == "map_dump"}
data = bytes(int(b, 16) for b in d["test_glo.data"][0]["value"].split())
counted = int.from_bytes(data[0:8], "little", signed=True)   # first in .data
assert counted == 1000 + len(mine) * 10, (counted, len(mine))
EOF
}

t help_names_set test_help_names_set
t bad_set_is_usage test_bad_set_is_usage
t wrong_variable_or_value test_wrong_variable_or_value
t inspect_shows_data_maps test_inspect_shows_data_maps
rt verify_accepts test_verify_accepts
rt run_set_filters_by_pid test_run_set_filters_by_pid

cli_summary
