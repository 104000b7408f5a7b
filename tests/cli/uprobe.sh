#!/usr/bin/env bash
# tests/cli/uprobe.sh — black-box tests of uprobes with `bpfload run`:
# --uprobe PATH:FUNC[+OFF] for the bare SEC("uprobe") / SEC("uretprobe")
# of build/bpf-progs/test_uprobe.bpf.o, on the programs of tests/uprobe/
# (a PIE, the same without PIE, their shared library by path and by bare
# name), --pid, both --attach-mode's with uprobe_events read back, the
# errors, and bashreadline's SEC("uretprobe//bin/bash:readline"). Run by
# `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/uprobe.sh
#
# Same conventions as tests/cli/commands.sh: "ok NAME", "FAIL NAME: why" or
# "skip NAME: why" per test, a summary, exit status 1 if any failed. The
# usage tests run as any user; loading programs needs root.
#
# test_uprobe.bpf.o counts per process (key: tgid) in the hash map
# "calls": entries, returns, the last PT_REGS_PARM1/2 and PT_REGS_RC;
# `target CALLS A B DELAY_MS` calls bl_target_add(A, B) and
# bl_lib_mul(A, B) CALLS times after DELAY_MS.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
# Absolute and without symbolic links: bpfload shows the paths it resolved.
UP=$(readlink -f "$BUILD/tests/uprobe")
OBJ=$BUILD/bpf-progs/test_uprobe.bpf.o

for f in "$BL" "$OBJ" "$UP/target" "$UP/target-nopie" "$UP/target-stripped" "$UP/libbltarget.so" \
	"$BUILD/bpf-progs/bashreadline.bpf.o" "$BUILD/bpf-progs/syscall_count.bpf.o"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done
if ! command -v python3 >/dev/null 2>&1; then
	echo "FAIL setup: python3 is needed to check the JSON output"
	exit 1
fi

cli_name=cli-uprobe
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

tracefs_dir() {
	local d
	for d in /sys/kernel/tracing /sys/kernel/debug/tracing; do
		[ -e "$d/trace_pipe" ] && echo "$d" && return
	done
	echo /sys/kernel/tracing
}

# events_of PID: lines of uprobe_events made by bpfload process PID.
events_of() {
	grep -c "/bpfload_$1_" "$(tracefs_dir)/uprobe_events"
}

# start_run ARGS...: `bpfload run OBJ --json ARGS` in the background
# (stdout $W/run, stderr $W/runerr), $RUN its pid, once both programs are
# attached; returns 1 (with why) if it exits or takes over 5 s.
start_run() {
	local i
	: >"$W/run"
	"$BL" run "$OBJ" --json "$@" >>"$W/run" 2>"$W/runerr" &
	RUN=$!
	BG_PIDS+=("$RUN")
	for ((i = 0; i < 50; i++)); do
		[ "$(grep -c '"type":"attach"' "$W/run")" -ge 2 ] && return 0
		kill -0 "$RUN" 2>/dev/null || break
		sleep 0.1
	done
	why "bpfload run $* did not attach: $(one_line "$(cat "$W/run" "$W/runerr")")"
}

# stop_run: SIGINT, then waits; fails unless it exits 0 within 3 s.
stop_run() {
	local i rc
	kill -INT "$RUN"
	for ((i = 0; i < 30; i++)); do
		kill -0 "$RUN" 2>/dev/null || break
		sleep 0.1
	done
	wait "$RUN"
	rc=$?
	json_keep "$W/run" run "$OBJ" --json
	[ $rc -eq 0 ] || why "bpfload run ended with $rc: $(one_line "$(cat "$W/runerr")")"
}

# stats PID: "entries returns arg1 arg2 ret" of PID in the map dump of
# $W/run, or "none".
stats() {
	python3 - "$W/run" "$1" <<'EOF'
import json, sys
pid = int(sys.argv[2])
for l in open(sys.argv[1]).read().splitlines():
    d = json.loads(l)
    if d["type"] != "map_dump" or d["name"] != "calls":
        continue
    for e in d["entries"]:
        if int.from_bytes(bytes.fromhex(e["key"].replace(" ", "")), sys.byteorder) == pid:
            v = bytes.fromhex(e["value"].replace(" ", ""))
            print(" ".join(str(int.from_bytes(v[i:i + 8], sys.byteorder, signed=True)) for i in range(0, 40, 8)))
            sys.exit(0)
print("none")
EOF
}

# run_target PROG CALLS A B: runs it; $TPID its pid.
run_target() {
	"$1" "$2" "$3" "$4" >"$W/target.out" 2>&1 &
	TPID=$!
	wait "$TPID" || why "$1 failed: $(cat "$W/target.out")"
}

# counted UPROBE WANT MODE [PROG]: run, call PROG 3 times with (5, 7),
# stop; the calls map must say WANT (an ERE) for the target's pid.
counted() {
	local got
	start_run --uprobe "$1" --attach-mode "$3" || return
	if [ "$3" = tracefs ]; then
		[ "$(events_of "$RUN")" -eq 2 ] || why "uprobe_events has $(events_of "$RUN") of bpfload's events, not 2" ||
			return
	fi
	run_target "${4:-$UP/target}" 3 5 7 || return
	stop_run || return
	got=$(stats "$TPID")
	[[ $got =~ ^$2$ ]] || why "--uprobe $1 ($3): pid $TPID: $got, want $2" || return
	if [ "$3" = tracefs ]; then
		[ "$(events_of "$RUN")" -eq 0 ] || why "events left in uprobe_events: $(grep "bpfload_${RUN}_" \
			"$(tracefs_dir)/uprobe_events")"
	fi
}

# --------------------------------------------------------------- usage

test_help() {
	bl run --help
	expect_rc 0 || return
	grep -q -- "--uprobe PATH:FUNC\[+OFF\]" "$W/out" && grep -q -- "--pid PID" "$W/out" ||
		why "run --help lacks --uprobe or --pid"
}

test_usage_errors() {
	local v
	for v in abc 0 -3 99999999999; do
		bl run "$OBJ" --pid "$v"
		[ "$RC" -eq 2 ] && grep -q -- "--pid wants a process id" "$W/err" ||
			why "--pid $v: exit $RC: $(cat "$W/err")" || return
	done
	bl run "$OBJ" --uprobe
	[ "$RC" -eq 2 ] || why "--uprobe without a value: exit $RC"
}

# ----------------------------------------------------------- attaching

# entries returns arg1 arg2 ret, for add(5, 7) and mul(5, 7).
ADD="3 3 5 7 12"
MUL="3 3 5 7 35"

test_pie_both_modes() {
	counted "$UP/target:bl_target_add" "$ADD" pmu || return
	counted "$UP/target:bl_target_add" "$ADD" tracefs || return
	grep -q "uprobe $UP/target:bl_target_add (offset 0x[0-9a-f]*, tracefs uprobes/bpfload_" "$W/run" ||
		why "attach line: $(grep attach "$W/run")"
}

test_no_pie_and_static_function() {
	counted "$UP/target-nopie:bl_target_add" "$ADD" pmu "$UP/target-nopie" || return
	# twice(a), a static function (.symtab only), is called once, after
	# the loop: a = 5, the result 10 (its second register is not an argument)
	counted "$UP/target-nopie:bl_target_static_twice" "1 1 5 -?[0-9]+ 10" pmu "$UP/target-nopie"
}

test_shared_library() {
	counted "$UP/libbltarget.so:bl_lib_mul" "$MUL" pmu || return
	LD_LIBRARY_PATH=$UP counted "libbltarget.so:bl_lib_mul" "$MUL" tracefs || return
	grep -q "uprobe $UP/libbltarget.so:bl_lib_mul" "$W/run" || why "not the library's path: $(grep attach "$W/run")"
}

# ./target from its directory: the path is made absolute.
test_relative_path() {
	local abs bl obj
	abs=$(cd "$UP" && pwd -P)
	bl=$(readlink -f "$BL")
	obj=$(readlink -f "$OBJ")
	(cd "$UP" && "$bl" run "$obj" --json --duration 0.3 --uprobe ./target:bl_target_add) \
		>"$W/out" 2>"$W/err" || why "exit $?: $(cat "$W/err")" || return
	grep -q "uprobe $abs/target:bl_target_add" "$W/out" || why "$(grep attach "$W/out")"
}

# --pid: the first target is counted, the second (same file, same
# function, same time) is not.
test_pid_filter() {
	local t1 t2 mode
	for mode in pmu tracefs; do
		"$UP/target" 3 5 7 1500 >/dev/null & t1=$!
		"$UP/target" 3 5 7 1500 >/dev/null & t2=$!
		BG_PIDS+=("$t1" "$t2")
		start_run --uprobe "$UP/target:bl_target_add" --pid "$t1" --attach-mode "$mode" || return
		grep -q "pid $t1" "$W/run" || why "attach lines do not name pid $t1" || return
		wait "$t1" "$t2"
		stop_run || return
		[ "$(stats "$t1")" = "$ADD" ] || why "$mode: --pid $t1: $(stats "$t1")" || return
		[ "$(stats "$t2")" = none ] || why "$mode: the other process $t2 was counted: $(stats "$t2")" || return
	done
}

test_offset() {
	bl run "$OBJ" --duration 0.2 --uprobe "$UP/target:bl_target_add+1000"
	expect_rc 1 || return
	grep -q "beyond the end of bl_target_add" "$W/err" || why "$(cat "$W/err")" || return
	bl run "$OBJ" --duration 0.2 --uprobe "$UP/target:bl_target_add+0"
	expect_rc 0
}

# ---------------------------------------------------------------- errors

test_errors() {
	bl run "$OBJ" --duration 0.2
	expect_rc 1 || return
	grep -q "program on_entry (section uprobe) names no function.*--uprobe PATH:FUNCTION" "$W/err" ||
		why "no target: $(cat "$W/err")" || return
	bl run "$OBJ" --duration 0.2 --uprobe "$UP/target:no_such_function"
	expect_rc 1 || return
	grep -q "$UP/target has no function no_such_function (searched .dynsym and .symtab)" "$W/err" ||
		why "missing function: $(cat "$W/err")" || return
	bl run "$OBJ" --duration 0.2 --uprobe "$UP/target-stripped:bl_target_add"
	expect_rc 1 || return
	grep -q "target-stripped has no function bl_target_add in .dynsym, and no .symtab (the file is stripped" \
		"$W/err" || why "stripped: $(cat "$W/err")" || return
	bl run "$OBJ" --duration 0.2 --uprobe "$W/nothing:f"
	expect_rc 1 || return
	grep -q "$W/nothing: no such file" "$W/err" || why "missing file: $(cat "$W/err")" || return
	bl run "$OBJ" --duration 0.2 --uprobe "$UP/target:bl_target_add" --pid 999999999
	expect_rc 1 || return
	grep -q -- "--pid 999999999: no such process" "$W/err" || why "dead pid: $(cat "$W/err")" || return
	bl run "$OBJ" --duration 0.2 --json --uprobe "$UP/target:no_such_function"
	expect_rc 1 || return
	python3 -c '
import json, sys
o = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
assert [d for d in o if d["type"] == "error" and "no_such_function" in d["message"]], o' "$W/out" ||
		why "--json error: $(tail -2 "$W/out")"
}

test_uprobe_option_unused() {
	bl run "$BUILD/bpf-progs/syscall_count.bpf.o" --duration 0.2 --uprobe "$UP/target:bl_target_add"
	expect_rc 0 || return
	grep -q "warning: --uprobe $UP/target:bl_target_add: no program of .* has a bare SEC" "$W/err" ||
		why "no warning: $(cat "$W/err")"
}

# SEC("uretprobe//bin/bash:readline"): the section's own path.
test_bashreadline() {
	bl run "$BUILD/bpf-progs/bashreadline.bpf.o" --duration 0.2
	if [ -x /bin/bash ]; then
		expect_rc 0 || return
		grep -q "attached bash_readline  *uretprobe /bin/bash:readline (offset 0x" "$W/out" ||
			why "$(cat "$W/out")"
	else
		expect_rc 1
	fi
}

# SIGTERM while attached through tracefs: the events go.
test_signal_removes_events() {
	start_run --uprobe "$UP/target:bl_target_add" --attach-mode tracefs || return
	[ "$(events_of "$RUN")" -eq 2 ] || why "$(events_of "$RUN") events while running" || return
	kill -TERM "$RUN"
	wait "$RUN" || why "exit $?" || return
	[ "$(events_of "$RUN")" -eq 0 ] || why "events left after SIGTERM"
}

t help test_help
t usage_errors test_usage_errors
rt pie_both_modes test_pie_both_modes
rt no_pie_and_static_function test_no_pie_and_static_function
rt shared_library test_shared_library
rt relative_path test_relative_path
rt pid_filter test_pid_filter
rt offset test_offset
rt errors test_errors
rt uprobe_option_unused test_uprobe_option_unused
rt bashreadline test_bashreadline
rt signal_removes_events test_signal_removes_events

cli_summary
