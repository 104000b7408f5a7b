#!/usr/bin/env bash
# tests/cli/tutorial.sh — the host steps of docs/tutorial.md, run as the
# tutorial shows them, each checked for what the tutorial says it prints.
# Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/tutorial.sh
#
# The kprobe steps need a kernel with kprobes: tests/vm/tests.d/60-tutorial.sh
# runs them in the VMs. Steps that read trace_pipe are retried when
# another reader holds it (EBUSY: one reader at a time since Linux 6.x).

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
PROGS=$BUILD/bpf-progs
SRC=$(dirname "$0")/../..
cli_name=cli-tutorial
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

for f in "$BL" "$PROGS/fchmodat_trace.bpf.o" "$PROGS/fchmodat_raw.bpf.o" \
	"$PROGS/kfree_skb_count.bpf.o" "$PROGS/open_perfbuf.bpf.o"; do
	[ -e "$f" ] || { echo "FAIL setup: $f is missing (run make first)"; exit 1; }
done

# run_while OBJ TRIGGER...: bpfload run OBJ --duration 3 in the background;
# once it is running, the TRIGGER command; then waits. Output in $W/out,
# $W/err, status in RC. Retried (up to 5 times) when trace_pipe was busy.
run_while() {
	local obj=$1 try pid i
	shift
	for try in 1 2 3 4 5; do
		# emptied now: the background job's own > may come after the
		# first look for "running for", which would find the last run's
		: >"$W/out"
		timeout -k 2 30 "$BL" run "$obj" --duration 3 >"$W/out" 2>"$W/err" &
		pid=$!
		for i in $(seq 300); do
			grep -q '^running for' "$W/out" 2>/dev/null && break
			sleep 0.1
		done
		"$@"
		wait "$pid"
		RC=$?
		grep -q 'trace_pipe.*EBUSY' "$W/err" || return 0
		sleep 1
	done
}

chmod_640() {
	touch "$W/tutorial-x"
	chmod 640 "$W/tutorial-x"
}

test_probe_points() {
	bl list tracepoints 'syscalls:*fchmodat'
	expect_rc 0 || return
	grep -qx 'tracepoint:syscalls:sys_enter_fchmodat' "$W/out" || why "no sys_enter_fchmodat: $(cat "$W/out")" || return
	bl list raw-tracepoints sys_enter
	expect_rc 0 || return
	[ "$(cat "$W/out")" = rawtracepoint:sys_enter ] || why "$(cat "$W/out")"
}

# The numbers fchmodat_raw.bpf.c compares with are the ones of arch/.
test_syscall_numbers() {
	local a n
	for a in x86_64 arm64; do
		bl syscall fchmodat --arch "$a"
		expect_rc 0 || return
		n=$(sed -n 's/^[a-z0-9_]*: fchmodat = \([0-9]*\),.*/\1/p' "$W/out")
		[ -n "$n" ] || why "no number in: $(cat "$W/out")" || return
		case $a in x86_64) m=x86 ;; arm64) m=arm64 ;; esac
		awk -v m="$m" -v n="$n" '
			$0 ~ "__TARGET_ARCH_" m "\\)" { want = 1; next }
			want && /#define NR_FCHMODAT/ { found = ($3 == n); exit }
			END { exit !found }' "$SRC/bpf-progs/fchmodat_raw.bpf.c" ||
			why "fchmodat_raw.bpf.c's NR_FCHMODAT for $a is not $n" || return
	done
}

test_fchmodat_tracepoint() {
	run_while "$PROGS/fchmodat_trace.bpf.o" chmod_640
	expect_rc 0 || return
	grep -Eq "fchmodat pid=[0-9]+ path=$W/tutorial-x mode=0640" "$W/out" ||
		why "no fchmodat line for $W/tutorial-x: $(cat "$W/out" "$W/err")"
}

test_fchmodat_raw() {
	run_while "$PROGS/fchmodat_raw.bpf.o" chmod_640
	expect_rc 0 || return
	grep_in "$W/out" '^attached raw_fchmodat +raw tracepoint sys_enter' "attached to sys_enter" || return
	grep -Eq "fchmodat\\(raw\\) pid=[0-9]+ path=$W/tutorial-x mode=0640" "$W/out" ||
		why "no fchmodat(raw) line for $W/tutorial-x: $(cat "$W/out" "$W/err")"
}

send_drops() {
	bash -c 'for i in 1 2 3; do echo hi > /dev/udp/127.0.0.1/9; done; echo $$ >'"$W/sender"
}

test_kfree_skb() {
	local pid
	run_while "$PROGS/kfree_skb_count.bpf.o" send_drops
	expect_rc 0 || return
	pid=$(cat "$W/sender")
	grep -q "^map comm_by_pid " "$W/out" || why "no comm_by_pid dump: $(cat "$W/out")" || return
	# drops in softirq context may be charged to another task: the
	# sender's own entries must say bash when it has any
	if grep -Eq "^  $pid +" "$W/out"; then
		grep -Eq "^  $pid +bash\$" "$W/out" ||
			why "comm_by_pid[$pid] is not bash: $(grep -E "^  $pid " "$W/out")" || return
		NOTE="$(grep -E "^  $pid +[0-9]+\$" "$W/out" | awk '{ print $2 }') drops for bash $pid"
	else
		grep -Eq '^  [0-9]+ +[1-9][0-9]*$' "$W/out" || why "no drop counted: $(cat "$W/out")" || return
		NOTE="drops charged to other tasks"
	fi
}

cat_file() {
	cat "$W/tutorial-x" >/dev/null
}

test_open_perfbuf() {
	touch "$W/tutorial-x"
	run_while "$PROGS/open_perfbuf.bpf.o" cat_file
	expect_rc 0 || return
	grep_in "$W/out" '^ +TIME\(s\) CPU +PID +FLAGS +COMM +FILENAME +MODE$' "the records' columns" || return
	grep -Eq "^ *[0-9]+\.[0-9]{6} [0-9]+ +[0-9]+ +0 +cat +$W/tutorial-x +0\$" "$W/out" ||
		why "no record of cat opening $W/tutorial-x: $(grep cat "$W/out" | head -3)" || return
	grep_in "$W/out" '^events open_events \(perf_event_array\): [0-9]+ records' "the records counted"
}

# The page says how to put bpfload on PATH before its first command,
# and what it says works: with build/ on PATH, `bpfload` is this build.
test_path_said_first() {
	local page=$SRC/docs/tutorial.md first install export_line
	first=$(grep -n -m1 -E '^[#$] bpfload ' "$page" | cut -d: -f1)
	install=$(grep -n -m1 -E '^make install ' "$page" | cut -d: -f1)
	export_line=$(grep -n -m1 -F 'export PATH=$PWD/build:$PATH' "$page" | cut -d: -f1)
	[ -n "$first" ] && [ -n "$install" ] && [ -n "$export_line" ] ||
		why "the page lacks a bpfload command, 'make install' or 'export PATH=\$PWD/build:\$PATH'" || return
	[ "$install" -lt "$first" ] && [ "$export_line" -lt "$first" ] ||
		why "line $first runs bpfload before the page says how to put it on PATH (lines $install, $export_line)" || return
	[ "$(PATH=$(cd "$BUILD" && pwd):$PATH command -v bpfload)" = "$(cd "$BUILD" && pwd)/bpfload" ] ||
		why "with $BUILD on PATH, bpfload is not $BUILD/bpfload"
}

# run_cmd OBJ CMD: bpfload run OBJ --cmd CMD, as step 7 shows it; retried
# (up to 5 times) when trace_pipe was busy.
run_cmd() {
	local try
	for try in 1 2 3 4 5; do
		bl run "$1" --cmd "$2"
		grep -q 'trace_pipe.*EBUSY' "$W/err" || return 0
		sleep 1
	done
}

# Step 7: --cmd, the command's line and its end.
test_cmd_step() {
	local pid
	touch "$W/tutorial-x"
	run_cmd "$PROGS/fchmodat_trace.bpf.o" "chmod 640 $W/tutorial-x"
	expect_rc 0 || return
	pid=$(sed -n "s|^running; command pid \([0-9]*\): chmod 640 $W/tutorial-x; Ctrl-C to stop\$|\1|p" "$W/out")
	[ -n "$pid" ] || why "no running line: $(one_line "$(cat "$W/out")")" || return
	grep -q "^pid filter: $pid, by run: " "$W/out" || why "no pid filter line: $(one_line "$(cat "$W/out")")" || return
	grep -Eq " $pid  fchmodat pid=$pid path=$W/tutorial-x mode=0640\$" "$W/out" ||
		why "no trace line of chmod $pid: $(one_line "$(cat "$W/out")")" || return
	grep -q "^command pid $pid (chmod) exited with status 0\$" "$W/out" || why "no end line: $(one_line "$(cat "$W/out")")" || return
	grep -q "^detached; done\$" "$W/out" || why "not done: $(one_line "$(cat "$W/out")")"
}

# Step 7 again: the shell's exec and ls's in the one process, not sleep's.
test_cmd_exec_step() {
	local pid
	bl run "$PROGS/exec_ringbuf.bpf.o" --cmd "sh -c 'sleep 0.2; exec ls -d /tmp'"
	expect_rc 0 || return
	pid=$(sed -n 's/^command pid \([0-9]*\) (sh) exited with status 0$/\1/p' "$W/out")
	[ -n "$pid" ] || why "no end line: $(one_line "$(cat "$W/out")")" || return
	grep -Eq "(^|[[:space:]])$pid +$pid +sh +[^ ]*/sh\$" "$W/out" &&
		grep -Eq "(^|[[:space:]])$pid +$pid +ls +[^ ]*/ls\$" "$W/out" ||
		why "no record of sh and ls in $pid: $(one_line "$(cat "$W/out")")" || return
	! grep -Eq ' sleep +[^ ]*/sleep$' "$W/out" || why "sleep's exec is shown: $(one_line "$(cat "$W/out")")" || return
	grep -Eq '^events exec_events \(ringbuf\): [0-9]+ records, [1-9][0-9]* of other processes not shown \(--pid\)$' "$W/out" ||
		why "sleep's record is not counted as not shown: $(one_line "$(cat "$W/out")")" || return
	grep -qx /tmp "$W/out" || why "ls's output is not there"
}

t path_said_first test_path_said_first
t probe_points test_probe_points
t syscall_numbers test_syscall_numbers
rt fchmodat_tracepoint test_fchmodat_tracepoint
rt fchmodat_raw test_fchmodat_raw
rt kfree_skb test_kfree_skb
rt open_perfbuf test_open_perfbuf
rt cmd_step test_cmd_step
rt cmd_exec_step test_cmd_exec_step

cli_summary
