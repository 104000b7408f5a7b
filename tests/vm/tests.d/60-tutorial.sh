#!/bin/sh
# tests/vm/tests.d/60-tutorial.sh — the kprobe steps of docs/tutorial.md,
# which need a kernel with kprobes (the development host has none): the
# commands the tutorial shows, run as it shows them, their output checked
# and printed into the VM log (indented) so that the tutorial can quote it.
#
#   bpfload list kprobes do_unlinkat
#   bpfload run unlink_trace.bpf.o   while: touch /tmp/x; unlink /tmp/x; unlink /tmp/x
#   the same with --attach-mode tracefs: the event in kprobe_events while
#   it runs, gone afterwards
set -eu

BL=$BL_BUILD_DIR/bpfload
PROGS=$BL_BUILD_DIR/bpf-progs
OUT=/tmp/tut.out
ERR=/tmp/tut.err
EV=/sys/kernel/tracing/kprobe_events

show() {
	sed 's/^/    /' $OUT $ERR | head -n 40
}

# run_unlink ARGS...: bpfload run unlink_trace.bpf.o in the background
# until it says it is running, then the tutorial's commands, then waits
# for --duration to end. Sets RC; the kprobe_events seen meanwhile are in
# /tmp/tut.events.
run_unlink() {
	RC=0
	rm -f /tmp/x
	: >$OUT # now: the child's own > may come after the first look below
	timeout 60 "$BL" run "$PROGS/unlink_trace.bpf.o" --duration 6 "$@" >$OUT 2>$ERR &
	pid=$!
	i=0
	while ! grep -q '^running for' $OUT 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1 2>/dev/null || sleep 1
		i=$((i + 1))
	done
	cat $EV >/tmp/tut.events 2>/dev/null || true
	touch /tmp/x
	unlink /tmp/x
	unlink /tmp/x 2>/dev/null || true
	wait $pid || RC=$?
}

# check_unlink NAME: the lines the tutorial promises.
check_unlink() {
	if [ "$RC" -ne 0 ]; then
		echo "FAIL $1: exit $RC"
	elif ! grep -Eq 'unlink pid=[0-9]+ path=/tmp/x$' $OUT; then
		echo "FAIL $1: no 'unlink pid=N path=/tmp/x' line"
	elif ! grep -Eq 'unlink pid=[0-9]+ ret=0$' $OUT || ! grep -Eq 'unlink pid=[0-9]+ ret=-2$' $OUT; then
		echo "FAIL $1: no 'ret=0' and 'ret=-2' lines"
	elif ! grep -Eq '^  0 +([2-9]|[1-9][0-9]+)$' $OUT; then
		echo "FAIL $1: unlink_calls[0] is not at least 2"
	else
		echo "ok $1"
	fi
}

RC=0
timeout 60 "$BL" list kprobes do_unlinkat >$OUT 2>$ERR || RC=$?
if [ "$RC" -eq 0 ] && [ "$(cat $OUT)" = kprobe:do_unlinkat ]; then
	echo "ok tutorial-list-kprobes"
else
	echo "FAIL tutorial-list-kprobes: exit $RC"
fi
echo "    (output of the tutorial's commands, $(uname -r) $(uname -m))"
echo "    \$ bpfload list kprobes do_unlinkat"
show

run_unlink
check_unlink tutorial-unlink-pmu
echo "    \$ bpfload run unlink_trace.bpf.o --duration 6   (meanwhile: touch /tmp/x; unlink /tmp/x; unlink /tmp/x)"
show
if grep -q bpfload_ /tmp/tut.events; then
	echo "FAIL tutorial-unlink-pmu-no-event: a kprobe_events entry with the kprobe PMU"
else
	echo "ok tutorial-unlink-pmu-no-event"
fi

run_unlink --attach-mode tracefs
check_unlink tutorial-unlink-tracefs
echo "    \$ bpfload run unlink_trace.bpf.o --duration 6 --attach-mode tracefs"
show
echo "    kprobe_events while it ran:"
sed 's/^/    /' /tmp/tut.events
if grep -Eq '^p:kprobes/bpfload_[0-9]+_[0-9]+_do_unlinkat do_unlinkat' /tmp/tut.events &&
	grep -Eq '^r[0-9]*:kprobes/bpfload_[0-9]+_[0-9]+_do_unlinkat do_unlinkat' /tmp/tut.events; then
	echo "ok tutorial-unlink-tracefs-events"
else
	echo "FAIL tutorial-unlink-tracefs-events: no p: and r: bpfload_ events in kprobe_events"
fi
if grep -q bpfload_ $EV; then
	echo "FAIL tutorial-unlink-tracefs-removed: events left in kprobe_events"
	sed 's/^/    /' $EV
else
	echo "ok tutorial-unlink-tracefs-removed"
fi

# The raw tracepoint step on arm64, where fchmodat is number 53 (268 on
# x86_64, which tests/cli/tutorial.sh covers on the host): busybox's
# chmod calls chmod(), which is fchmodat on arm64 (it has no chmod
# system call). On x86_64 it is chmod(2), which the program rightly
# ignores.
if [ "$BL_ARCH" = arm64 ]; then
	RC=0
	touch /tmp/y
	: >$OUT
	timeout 60 "$BL" run "$PROGS/fchmodat_raw.bpf.o" --duration 4 >$OUT 2>$ERR &
	pid=$!
	i=0
	while ! grep -q '^running for' $OUT 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1 2>/dev/null || sleep 1
		i=$((i + 1))
	done
	chmod 640 /tmp/y
	wait $pid || RC=$?
	if [ "$RC" -eq 0 ] && grep -Eq 'fchmodat\(raw\) pid=[0-9]+ path=/tmp/y mode=0640$' $OUT; then
		echo "ok tutorial-fchmodat-raw-arm64"
	else
		echo "FAIL tutorial-fchmodat-raw-arm64: exit $RC, no 'fchmodat(raw) ... path=/tmp/y mode=0640' line"
	fi
	echo "    \$ bpfload run fchmodat_raw.bpf.o --duration 4   (meanwhile: chmod 640 /tmp/y)"
	show
fi
