#!/usr/bin/env bash
# tests/cli/events.sh — black-box tests of the records `bpfload run`
# streams from ring buffers and perf buffers (loader/cli/events.c), with
# the examples build/bpf-progs/exec_ringbuf.bpf.o (a ring buffer record
# per exec) and open_perfbuf.bpf.o (a perf buffer record per openat),
# each decoded with the object's BTF (its struct event): columns in text,
# typed objects in JSON.
# Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/events.sh
#
# The harness is tests/cli/lib.sh ("ok NAME", "FAIL NAME: why" or
# "skip NAME: why" per test, a summary, exit status 1 if any failed).
# Every test needs root (it loads programs).

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
EXEC_OBJ=$BUILD/bpf-progs/exec_ringbuf.bpf.o
OPEN_OBJ=$BUILD/bpf-progs/open_perfbuf.bpf.o

for f in "$BL" "$EXEC_OBJ" "$OPEN_OBJ"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done

cli_name=cli-events
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# ------------------------------------------------------------ ring buffer

test_exec_record_json() {
	local name=bl-ev-$$ link
	link=$W/$name
	ln -s /bin/true "$link"
	start run "$EXEC_OBJ" --duration 2 --json || why "did not start: $(cat "$W/err")" || return
	"$link"
	finish
	[ $RC -eq 0 ] || why "exit $RC: $(cat "$W/err")" || return
	python3 - "$W/out" "$link" "$name" <<'EOF' || why "$(grep -c '"event"' "$W/out") events; $(head -c 600 "$W/out")"
import json, sys
out, path, name = sys.argv[1:]
lines = [json.loads(l) for l in open(out).read().splitlines()]
events = [x for x in lines if x["type"] == "event"]
assert events, "no event lines"
for e in events:
    assert set(e) == {"type", "map", "timestamp", "clock", "size", "data"}, e   # no cpu: one ring
    assert e["clock"] == "monotonic" and e["timestamp"] > 0, e
    assert e["map"] == "exec_events" and e["size"] == 88, e
    d = e["data"]                 # struct event, typed
    assert set(d) == {"pid", "old_pid", "comm", "filename"}, d
    assert isinstance(d["pid"], int) and isinstance(d["comm"], str), d
mine = [e["data"] for e in events if e["data"]["filename"] == path[:63]]
assert len(mine) == 1, "no record with filename " + path
assert mine[0]["comm"] == name, mine[0]
assert mine[0]["pid"] > 0 and mine[0]["old_pid"] == mine[0]["pid"], mine[0]
assert not [x for x in lines if x["type"] == "lost"], "a ring buffer has no lost count"
EOF
}

test_exec_record_text() {
	local name=bl-ev-t-$$ link
	link=$W/$name
	ln -s /bin/true "$link"
	start run "$EXEC_OBJ" --duration 2 || why "did not start: $(cat "$W/err")" || return
	"$link"
	finish
	[ $RC -eq 0 ] || why "exit $RC: $(cat "$W/err")" || return
	# a header of struct event's members, then a row per exec
	grep -q '^     TIME(s) PID     OLD_PID COMM             FILENAME$' "$W/out" ||
		why "no header: $(head -6 "$W/out")" || return
	grep -Eq "^ *[0-9]+\.[0-9]{6} [0-9]+ +[0-9]+ +$name +${link:0:63}\$" "$W/out" ||
		why "no row with $name $link: $(sed -n 5,8p "$W/out")" || return
	grep -Eq '^events exec_events \(ringbuf\): [1-9][0-9]* records?$' "$W/out" ||
		why "no summary: $(tail -5 "$W/out")" || return
	# the events come before the map dump and the end
	[ "$(grep -n "$name" "$W/out" | tail -1 | cut -d: -f1)" -lt \
	  "$(grep -n '^map exec_drops' "$W/out" | cut -d: -f1)" ] || why "order: $(tail -5 "$W/out")"
}

# ------------------------------------------------------------ perf buffer

test_open_record_text() {
	local file=$W/no-such-file-$$
	start run "$OPEN_OBJ" --duration 2 || why "did not start: $(cat "$W/err")" || return
	cat "$file" 2>/dev/null
	finish
	[ $RC -eq 0 ] || why "exit $RC: $(cat "$W/err")" || return
	# under the watermark: the 100 ms poll brings it anyway
	grep -q '^     TIME(s) CPU PID     FLAGS   COMM             FILENAME         MODE$' "$W/out" ||
		why "no header: $(head -6 "$W/out")" || return
	grep -Eq "^ *[0-9]+\.[0-9]{6} [0-9]+ +[0-9]+ +[0-9]+ +cat +$file 0\$" "$W/out" ||
		why "no row for $file: $(sed -n 5,8p "$W/out")" || return
	grep -Eq '^events open_events \(perf_event_array\): [1-9][0-9]* records?, 0 lost$' "$W/out" ||
		why "no summary: $(tail -5 "$W/out")"
}

# A stopped reader: bpfload is sent SIGSTOP while 30000 openat calls on
# CPU 0 fill its 256 KiB ring, then SIGCONT. The kernel drops what does
# not fit and reports it with PERF_RECORD_LOST: the count comes out at
# the end, in the summary and as a JSON "lost" object.
test_lost_reported() {
	start run "$OPEN_OBJ" --duration 4 --json || why "did not start: $(cat "$W/err")" || return
	kill -STOP $PID
	taskset -c 0 python3 -c 'import os
for i in range(30000):
    try: os.open("/nonexistent-bpfload-flood", os.O_RDONLY)
    except OSError: pass'
	kill -CONT $PID
	# Records into the same ring once the reader has caught up carry the
	# lost count: a few every 50 ms until bpfload stops.
	taskset -c 0 python3 -c 'import os, time
for i in range(40):
    for j in range(10):
        try: os.open("/nonexistent-bpfload-after", os.O_RDONLY)
        except OSError: pass
    time.sleep(0.05)'
	finish
	[ $RC -eq 0 ] || why "exit $RC: $(cat "$W/err")" || return
	python3 - "$W/out" <<'EOF' || why "$(grep -v '"event"' "$W/out" | head -c 600)"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
lost = [x for x in lines if x["type"] == "lost"]
assert len(lost) == 1, lost
assert lost[0]["map"] == "open_events" and lost[0]["lost"] > 0, lost
events = [x for x in lines if x["type"] == "event"]
assert lost[0]["records"] == len(events), (lost[0], len(events))
assert lines.index(lost[0]) > lines.index(events[-1])
EOF
}

# --event-type: the record's type by name; a name the BTF does not have
# is an error before anything is loaded.
test_event_type_option() {
	local name=bl-ev-o-$$ link
	link=$W/$name
	ln -s /bin/true "$link"
	"$BL" run "$EXEC_OBJ" --event-type no_such_type >"$W/out" 2>"$W/err"
	RC=$?
	[ $RC -eq 2 ] || why "unknown type: exit $RC, want 2 (a usage error)" || return
	grep -q "exec_ringbuf.bpf.o: --event-type no_such_type: no struct, union or typedef no_such_type" "$W/err" ||
		why "message: $(cat "$W/err")" || return
	[ ! -s "$W/out" ] || why "stdout: $(cat "$W/out")" || return
	# a typedef of an integer: one column, VALUE (the record's first 4 bytes, its pid)
	start run "$EXEC_OBJ" --duration 2 --event-type __u32 || why "did not start: $(cat "$W/err")" || return
	"$link"
	finish
	[ $RC -eq 0 ] || why "exit $RC: $(cat "$W/err")" || return
	grep -q '^     TIME(s) VALUE$' "$W/out" || why "no VALUE header: $(head -6 "$W/out")" || return
	grep -Eq '^ *[0-9]+\.[0-9]{6} [0-9]+$' "$W/out" || why "no row: $(sed -n 5,8p "$W/out")"
}

rt exec_record_json test_exec_record_json
rt exec_record_text test_exec_record_text
rt open_record_text test_open_record_text
rt event_type_option test_event_type_option
rt lost_reported test_lost_reported

cli_summary
