#!/usr/bin/env bash
# tests/cli_events.sh — black-box tests of the records `bpfload run`
# streams from ring buffers and perf buffers (loader/cli/events.c), with
# the examples build/bpf-progs/exec_ringbuf.bpf.o (a ring buffer record
# per exec) and open_perfbuf.bpf.o (a perf buffer record per openat).
# Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli_events.sh
#
# The harness is tests/cli_lib.sh ("ok NAME", "FAIL NAME: why" or
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
# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"

# hex STRING: its bytes as events.c prints them ("2f 74 6d 70").
hex() {
	printf '%s' "$1" | od -An -tx1 -v | tr -s ' \n' '  ' | sed 's/^ //; s/ $//'
}

# start ARGS...: bpfload in the background, stdout in $W/out, stderr in
# $W/err; returns once it says it is running (or has died).
start() {
	"$BL" "$@" >"$W/out" 2>"$W/err" &  # --duration bounds it
	PID=$!
	BG_PIDS+=("$PID")
	for _ in $(seq 100); do
		grep -q -e '^running' -e '"type":"attach"' "$W/out" 2>/dev/null && return 0
		kill -0 $PID 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

finish() {
	wait $PID
	RC=$?
}

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
    assert set(e) == {"type", "map", "size", "data"}, e   # no cpu: one ring
    assert e["map"] == "exec_events" and e["size"] == 88, e
    assert len(e["data"].split()) == 88, e
mine = [bytes.fromhex(e["data"].replace(" ", "")) for e in events]
mine = [b for b in mine if b[24:24 + len(path) + 1] == path.encode() + b"\0"]
assert len(mine) == 1, "no record with filename " + path
assert mine[0][8:8 + len(name)] == name.encode(), mine[0][8:24]
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
	grep -q "^event exec_events size 88: .* $(hex "$link") 00" "$W/out" ||
		why "no line with $(hex "$link"): $(grep -m3 '^event' "$W/out")" || return
	grep -Eq '^events exec_events \(ringbuf\): [1-9][0-9]* records?$' "$W/out" ||
		why "no summary: $(tail -5 "$W/out")" || return
	# the events come before the map dump and the end
	[ "$(grep -n '^event ' "$W/out" | tail -1 | cut -d: -f1)" -lt \
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
	grep -Eq "^event open_events cpu [0-9]+ size 156: .* $(hex "$file") 00" "$W/out" ||
		why "no line for $file: $(grep -m3 '^event' "$W/out")" || return
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

rt exec_record_json test_exec_record_json
rt exec_record_text test_exec_record_text
rt open_record_text test_open_record_text
rt lost_reported test_lost_reported

cli_summary
