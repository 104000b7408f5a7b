#!/bin/sh
# tests/vm/tests.d/30-kprobe-events.sh — kprobes exist in the VM's kernel
# (they do not on the development host): the kprobe PMU
# (/sys/bus/event_source/devices/kprobe/type, perf_event_open's type for
# kprobes) and tracefs's kprobe_events, where a probe is added and removed
# again (Documentation/trace/kprobetrace.rst). kprobe_events is only ever
# appended to (>>, O_APPEND): truncating it would delete every probe.
set -eu

T=/sys/kernel/tracing
EV=$T/kprobe_events
NAME=bpfload_vmcheck

type=$(cat /sys/bus/event_source/devices/kprobe/type 2>/dev/null || true)
case $type in
'' | *[!0-9]*) echo "FAIL kprobe-pmu: /sys/bus/event_source/devices/kprobe/type is not readable" ;;
*) echo "ok kprobe-pmu (perf type $type)" ;;
esac

if ! [ -w $EV ]; then
	echo "FAIL kprobe-events: $EV is not there or not writable"
	exit 0
fi
if ! echo "p:$NAME do_unlinkat" >>$EV; then
	echo "FAIL kprobe-event-add: writing 'p:$NAME do_unlinkat' to $EV failed"
	exit 0
fi
if grep -q "^p:kprobes/$NAME do_unlinkat" $EV && [ -d $T/events/kprobes/$NAME ]; then
	echo "ok kprobe-event-add"
else
	echo "FAIL kprobe-event-add: not listed in $EV or no events/kprobes/$NAME"
	sed 's/^/    /' $EV
fi
# The event fires: enable it, unlink a file, read the trace buffer.
echo 1 >$T/events/kprobes/$NAME/enable
touch /tmp/$NAME.file
rm /tmp/$NAME.file
echo 0 >$T/events/kprobes/$NAME/enable
if grep -q "$NAME:" $T/trace; then
	echo "ok kprobe-event-fires"
else
	echo "FAIL kprobe-event-fires: no $NAME line in $T/trace"
fi
echo "-:$NAME" >>$EV
if grep -q "$NAME" $EV || [ -e $T/events/kprobes/$NAME ]; then
	echo "FAIL kprobe-event-remove: still listed after '-:$NAME'"
else
	echo "ok kprobe-event-remove"
fi
