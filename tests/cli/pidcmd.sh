#!/usr/bin/env bash
# tests/cli/pidcmd.sh — `bpfload run -p/--pid PID` and `-c/--cmd 'CMD
# ARGS'` end to end (loader/cli/pid_filter.c, loader/cli/command.c). Run
# by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/pidcmd.sh
#
# The harness is tests/cli/lib.sh's. Usage errors are checked as any
# user; the rest needs root. Every test that reads trace_pipe has other
# processes doing the same thing at the same time (a "noise" loop) and
# asserts that their events are not shown, and tells processes apart by
# pid and by what they did (a file's name), never by trace_pipe's COMM
# column (the kernel's saved_cmdlines cache: docs/how-it-works.md).

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
FCHMOD=$BUILD/bpf-progs/fchmodat_trace.bpf.o
EXEC=$BUILD/bpf-progs/exec_ringbuf.bpf.o
PIDOBJ=$BUILD/bpf-progs/test_pid_filter.bpf.o
GLOBALS=$BUILD/bpf-progs/test_globals.bpf.o
MAPSONLY=$BUILD/bpf-progs/test_maps_only.bpf.o

for f in "$BL" "$FCHMOD" "$EXEC" "$PIDOBJ" "$GLOBALS" "$MAPSONLY"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done

cli_name=cli-pidcmd
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# noise: chmod(1) on $W/noise every 10 ms, from new processes (each an
# exec and an fchmodat), until the script ends.
noise() {
	touch "$W/noise"
	(while :; do chmod 644 "$W/noise"; sleep 0.01; done) >/dev/null 2>&1 &
	BG_PIDS+=("$!")
}

# bg_python CODE ARGS...: python3 in the background, its pid in $BGP once
# it has started (it touches the file given as its first argument).
bg_python() {
	local code=$1 ready=$W/ready.$RANDOM
	shift
	rm -f "$ready"
	python3 -c "import sys; open(sys.argv[1], 'w').close()
$code" "$ready" "$@" &
	BGP=$!
	BG_PIDS+=("$BGP")
	for _ in $(seq 500); do
		[ -e "$ready" ] && return 0
		sleep 0.01
	done
	why "python3 did not start within 5 s"
}

# --------------------------------------------------------------- usage

test_help_names_pid_cmd() {
	bl run --help
	expect_rc 0 || return
	grep -q -- "-p, --pid PID" "$W/out" && grep -q -- "-c, --cmd 'CMD ARGS'" "$W/out" ||
		why "run --help lacks -p, --pid or -c, --cmd" || return
	grep -q "targ_tgid, target_tgid, targ_pid, target_pid," "$W/out" ||
		why "run --help does not name the filter variables"
}

# Quoting a shell would need, or that is not closed: usage errors (2),
# each naming what is wrong; nothing is started.
test_bad_cmd_is_usage() {
	local spec want
	while IFS='^' read -r spec want; do
		bl run "$FCHMOD" --cmd "$spec"
		[ "$RC" -eq 2 ] || why "--cmd \"$spec\": exit $RC, want 2: $(errtext)" || return
		grep -qF -- "$want" "$W/err" || why "--cmd \"$spec\": $(errtext)" || return
	done <<'EOF'
^no command in ''
   ^no command
echo 'a^a ' is not closed
echo "a^a " is not closed
ls | wc^'|' is shell syntax
echo $HOME^'$' is shell syntax
echo "$HOME"^has $ or ` in it
ls *.c^'*' is shell syntax
cat <x^'<' is shell syntax
true; false^';' is shell syntax
~/bin/x^'~' at the start of a word
echo a\^a \ at the end
EOF
	bl run "$FCHMOD" --pid 1 --cmd true
	expect_rc 2 || return
	grep -q -- "--pid and --cmd do not go together" "$W/err" || why "--pid with --cmd: $(errtext)" || return
	bl run "$FCHMOD" -p 0
	expect_rc 2 || return
	grep -q -- "--pid wants a process id > 0, not '0'" "$W/err" || why "-p 0: $(errtext)"
}

# A command that is not there: exit 1 before anything is loaded.
test_cmd_not_found() {
	bl run "$FCHMOD" --cmd "no-such-command-$$ x"
	expect_rc 1 || return
	grep -q -- "--cmd: no-such-command-$$: no such command in PATH" "$W/err" || why "$(errtext)" || return
	stdout_empty || return
	bl run "$FCHMOD" --cmd "$W"
	expect_rc 1 || return
	grep -q -- "--cmd: $W: not an executable file" "$W/err" || why "a directory: $(errtext)"
}

test_pid_not_there() {
	bl run "$FCHMOD" --pid 999999999
	expect_rc 1 || return
	grep -q -- "--pid 999999999: no such process" "$W/err" || why "$(errtext)"
}

# ---------------------------------------------------------------- root

# Without --pid, the noise is seen (so that the tests below, which must
# not show it, could fail).
test_noise_is_seen() {
	bl run "$FCHMOD" --duration 1 --json
	expect_rc 0 || return
	grep -q "path=$W/noise" "$W/out" || why "no line of the noise in 1 s: $(one_line "$(head -c 600 "$W/out")")"
}

# --cmd with the bundled example fchmodat_trace (no filter variable):
# the command's own line is shown, the noise's are not; run stops when
# the command exits (the 20 s limit of bl is far) and says its status.
# The command is sh, which waits (the noise goes on meanwhile), then
# execs chmod in the same process.
test_cmd_shows_only_its_events() {
	touch "$W/mine"
	bl run "$FCHMOD" --json --cmd "sh -c 'sleep 0.5; exec chmod 644 \"$W/mine\"'"
	expect_rc 0 || return
	python3 - "$W/out" "$W" <<'EOF' || why "$(one_line "$(head -c 1200 "$W/out")")"
import json, sys
o = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
w = sys.argv[2]
start = [x for x in o if x["type"] == "command" and x["state"] == "started"]
assert len(start) == 1 and start[0]["argv"] == ["sh", "-c", 'sleep 0.5; exec chmod 644 "%s/mine"' % w], start
pid = start[0]["pid"]
pf = [x for x in o if x["type"] == "pid_filter"]
assert pf == [{"type": "pid_filter", "pid": pid, "variable": None}], pf
trace = [x for x in o if x["type"] == "trace"]
assert [x["pid"] for x in trace] == [pid], trace
assert "path=%s/mine mode=0644" % w in trace[0]["message"], trace
end = [x for x in o if x["type"] == "command" and x["state"] != "started"]
assert end == [{"type": "command", "pid": pid, "state": "exited", "exit_status": 0}], end
assert o.index(end[0]) > o.index(trace[0])
EOF
}

# --cmd with the bundled ring buffer example: of the execs of the noise
# and of the command, only the command's record (member pid) is shown.
test_cmd_records_by_pid() {
	bl run "$EXEC" --json --cmd "sh -c 'sleep 0.5; exec true'"
	expect_rc 0 || return
	python3 - "$W/out" <<'EOF' || why "$(one_line "$(head -c 1200 "$W/out")")"
import json, sys
o = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
pid = [x for x in o if x["type"] == "command"][0]["pid"]
ev = [x for x in o if x["type"] == "event"]
# the exec of sh, then sh's exec of true: both in process pid
assert [x["data"]["pid"] for x in ev] == [pid, pid], ev
assert ev[-1]["data"]["comm"] == "true", ev
assert not [x for x in o if x["type"] == "warning"], o
EOF
}

# The command's end as text: its status, or the signal that ended it;
# bpfload itself exits 0.
test_cmd_exit_status() {
	bl run "$FCHMOD" --cmd "sh -c 'exit 3'"
	expect_rc 0 || return
	grep -Eq "^command pid [0-9]+ \(sh\) exited with status 3$" "$W/out" || why "exit 3: $(one_line "$(cat "$W/out")")" || return
	grep -q "^detached; done" "$W/out" || why "no 'detached; done': $(one_line "$(cat "$W/out")")" || return
	# the words as a shell splits them: quotes, backslashes, empty words
	bl run "$FCHMOD" --cmd "printf '<%s>' 'a b' \"c \\\"d\\\"\" e\\ f '' g"
	expect_rc 0 || return
	grep -qF '<a b><c "d"><e f><><g>' "$W/out" || why "words: $(one_line "$(cat "$W/out")")"
}

# With --json, what the command prints goes to stderr: stdout stays JSON
# Lines. An object with nothing to wait for (maps only) does not run it.
test_cmd_json_output() {
	bl run "$FCHMOD" --json --cmd "echo hello from the command"
	expect_rc 0 || return
	python3 -c 'import json, sys; [json.loads(l) for l in open(sys.argv[1])]' "$W/out" ||
		why "stdout is not JSON Lines: $(one_line "$(cat "$W/out")")" || return
	grep -qx "hello from the command" "$W/err" || why "the command's output is not on stderr: $(errtext)" || return
	bl run "$MAPSONLY" --cmd "echo not printed"
	expect_rc 0 || return
	grep -q "warning: --cmd: echo not run: the object has no programs" "$W/err" || why "maps only: $(errtext)" || return
	! grep -q "not printed" "$W/out" || why "the command ran"
}

# --duration ends a command that runs longer: SIGTERM, reported; the
# process is gone.
test_cmd_stopped_by_duration() {
	local t0=$SECONDS pid
	bl run "$FCHMOD" --duration 0.5 --cmd "sleep 30"
	expect_rc 0 || return
	[ $((SECONDS - t0)) -lt 10 ] || why "took $((SECONDS - t0)) s" || return
	pid=$(sed -n 's/^command pid \([0-9]*\) (sleep) killed by signal 15 .*/\1/p' "$W/out")
	[ -n "$pid" ] || why "no 'killed by signal 15': $(one_line "$(cat "$W/out")")" || return
	! kill -0 "$pid" 2>/dev/null || why "sleep $pid is still there"
}

# Ctrl-C (SIGINT to bpfload alone, not to the command's process group)
# stops the command too.
test_ctrl_c_stops_cmd() {
	local pid
	start run "$FCHMOD" --cmd "sleep 30" || why "did not start: $(errtext)" || return
	pid=$(sed -n 's/^running; command pid \([0-9]*\): sleep 30; Ctrl-C to stop$/\1/p' "$W/out")
	[ -n "$pid" ] || why "no running line with the command's pid: $(one_line "$(cat "$W/out")")" || return
	kill -0 "$pid" || why "sleep $pid is not running" || return
	kill -INT "$PID"
	finish
	expect_rc 0 || return
	grep -q "^command pid $pid (sleep) killed by signal 15 " "$W/out" || why "$(one_line "$(cat "$W/out")")" || return
	grep -q "^detached; stopped by signal" "$W/out" || why "$(one_line "$(cat "$W/out")")" || return
	! kill -0 "$pid" 2>/dev/null || why "sleep $pid is still there"
}

# bpfload killed (SIGKILL, no teardown): the command does not outlive it.
test_kill_leaves_no_command() {
	local pid
	start run "$FCHMOD" --cmd "sleep 30" || why "did not start: $(errtext)" || return
	pid=$(sed -n 's/^running; command pid \([0-9]*\): sleep 30; Ctrl-C to stop$/\1/p' "$W/out")
	[ -n "$pid" ] && kill -0 "$pid" || why "no sleep running: $(one_line "$(cat "$W/out")")" || return
	kill -KILL "$PID"
	finish
	for _ in $(seq 200); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.01
	done
	why "sleep $pid outlived the bpfload that started it"
}

# --pid with an object that has targ_pid: the object filters (the
# program itself says which targ_pid it saw), run does not.
test_pid_sets_targ_pid() {
	bg_python "import os, time
while True:
    os.getppid(); time.sleep(0.01)" || return
	local target=$BGP
	bg_python "import os, time
while True:
    os.getppid(); time.sleep(0.01)" || return
	bl run "$PIDOBJ" --json --pid "$target" --duration 1
	expect_rc 0 || return
	python3 - "$W/out" "$target" <<'EOF' || why "$(one_line "$(head -c 1200 "$W/out")")"
import json, sys
o = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
pid = int(sys.argv[2])
assert [x for x in o if x["type"] == "pid_filter"] == [{"type": "pid_filter", "pid": pid, "variable": "targ_pid"}], o
trace = [x for x in o if x["type"] == "trace" and "pidfilter" in x["message"]]
assert trace, "no line of the target in 1 s"
want = "pidfilter tgid=%d targ_pid=%d" % (pid, pid)
assert all(x["message"].endswith(want) and x["pid"] == pid for x in trace), trace
EOF
	# text, and another name (test_globals' target_pid, a __u32)
	bl run "$GLOBALS" --pid "$target" --duration 0.2
	expect_rc 0 || return
	grep -q "^pid filter: target_pid = $target, the object's own filter$" "$W/out" ||
		why "target_pid: $(one_line "$(head -c 400 "$W/out")")"
}

# --pid with an object without a filter variable: run shows the trace
# lines of the process and of its threads (whose pid column is the
# thread's id), not the noise's.
test_pid_filters_trace_lines() {
	touch "$W/main" "$W/thread"
	bg_python "import os, sys, threading, time
d = os.open(sys.argv[2], os.O_RDONLY)
def loop(name):
    while True:
        os.chmod(name, 0o644, dir_fd=d); time.sleep(0.01)
threading.Thread(target=loop, args=('thread',), daemon=True).start()
loop('main')" "$W" || return
	bl run "$FCHMOD" --json --pid "$BGP" --duration 1
	expect_rc 0 || return
	python3 - "$W/out" "$BGP" <<'EOF' || why "$(one_line "$(head -c 1200 "$W/out")")"
import json, sys
o = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
pid = int(sys.argv[2])
trace = [x for x in o if x["type"] == "trace"]
main = [x for x in trace if x["message"].endswith("path=main mode=0644")]
thread = [x for x in trace if x["message"].endswith("path=thread mode=0644")]
assert main and thread, trace
assert main + thread == trace or sorted(map(id, main + thread)) == sorted(map(id, trace)), trace
assert all(x["pid"] == pid for x in main), main
assert all(x["pid"] != pid for x in thread), thread
EOF
}

# --pid where the records' type has no tgid or pid member (here an
# integer): they are all shown, and a warning says so.
test_pid_records_not_filtered_warns() {
	bl run "$EXEC" --pid $$ --duration 0.2 --event-type __u32
	expect_rc 0 || return
	grep -q "warning: --pid $$: the records of exec_events are not filtered: their type has no member tgid or pid" \
		"$W/err" || why "$(errtext)"
}

t help_names_pid_cmd test_help_names_pid_cmd
t bad_cmd_is_usage test_bad_cmd_is_usage
t cmd_not_found test_cmd_not_found
t pid_not_there test_pid_not_there
noise
rt noise_is_seen test_noise_is_seen
rt cmd_shows_only_its_events test_cmd_shows_only_its_events
rt cmd_records_by_pid test_cmd_records_by_pid
rt cmd_exit_status test_cmd_exit_status
rt cmd_json_output test_cmd_json_output
rt cmd_stopped_by_duration test_cmd_stopped_by_duration
rt ctrl_c_stops_cmd test_ctrl_c_stops_cmd
rt kill_leaves_no_command test_kill_leaves_no_command
rt pid_sets_targ_pid test_pid_sets_targ_pid
rt pid_filters_trace_lines test_pid_filters_trace_lines
rt pid_records_not_filtered_warns test_pid_records_not_filtered_warns

cli_summary
