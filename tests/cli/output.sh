#!/usr/bin/env bash
# tests/cli/output.sh — black-box tests of how `bpfload run` shows maps
# (loader/cli/output.c, loader/cli/histogram.c): keys and values typed by
# the object's BTF (text and JSON "formatted"), hex without BTF, the
# histogram of bpf-progs/latency_hist.bpf.o as bcc draws it (log2 and
# --hist linear, one per comm), --interval with its time lines, --clear,
# --perf-pages and the usage errors of these options. Run by
# `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/output.sh
#
# The harness is tests/cli/lib.sh. The tests that load programs need root.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
HIST_OBJ=$BUILD/bpf-progs/latency_hist.bpf.o
EXEC_OBJ=$BUILD/bpf-progs/exec_ringbuf.bpf.o
COUNT_OBJ=$BUILD/bpf-progs/syscall_count.bpf.o
OPEN_OBJ=$BUILD/bpf-progs/open_perfbuf.bpf.o
HFORM_OBJ=$BUILD/bpf-progs/test_hist.bpf.o

for f in "$BL" "$HIST_OBJ" "$EXEC_OBJ" "$COUNT_OBJ" "$OPEN_OBJ" "$HFORM_OBJ"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done

cli_name=cli-output
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# A copy of sleep(1) with a name of its own: its comm is the key of its
# histogram, which no other process on the machine has.
SLEEPER=$W/blsl$$
cp "$(command -v sleep)" "$SLEEPER"
COMM=$(basename "$SLEEPER" | cut -c1-15)

# stop: SIGINT once the triggers are done (on a loaded machine they may
# take seconds: a fixed --duration could end before them); bpfload then
# prints the maps and exits 0.
stop() {
	kill -INT $PID
	finish
}

# The histogram printed under "comm = $COMM" (up to the next blank,
# "comm = " or "map " line), into $W/hist.
hist_of() { # FILE
	awk -v c="comm = $COMM" '
		$0 == c { on = 1; next }
		on && (/^comm = / || /^map / || /^detached/ || /^$/ || /^[0-9][0-9]:/) { exit }
		on { print }' "$1" >"$W/hist"
}

# ------------------------------------------------------------ usage

test_bad_options() {
	bl run "$HIST_OBJ" --interval 0
	[ $RC -eq 2 ] && grep -q "interval wants a number of seconds > 0, not '0'" "$W/err" ||
		why "--interval 0: exit $RC, $(cat "$W/err")" || return
	bl run "$HIST_OBJ" --clear
	[ $RC -eq 2 ] && grep -q -- "--clear needs --interval SECONDS" "$W/err" ||
		why "--clear alone: exit $RC, $(cat "$W/err")" || return
	bl run "$HIST_OBJ" --hist cubic
	[ $RC -eq 2 ] && grep -q "hist is log2 or linear, not 'cubic'" "$W/err" ||
		why "--hist cubic: exit $RC, $(cat "$W/err")" || return
	bl run "$OPEN_OBJ" --perf-pages 3
	[ $RC -eq 2 ] && grep -q "perf-pages wants a power of 2 from 1 to 262144, not '3'" "$W/err" ||
		why "--perf-pages 3: exit $RC, $(cat "$W/err")" || return
	bl run --help
	for o in --event-type --interval --clear --hist --perf-pages; do
		grep -q -- "$o" "$W/out" || why "--help does not mention $o" || return
	done
}

# ------------------------------------------------------------ typed maps

# BTF-defined maps: typed keys and values under a header; a legacy map (no
# BTF ids): numbers, its key and value being an integer's size; the .bss
# the program never wrote only with --all-maps; JSON keeps the bytes and
# adds "formatted", a number for the key of a data section as for a typed
# u32 key.
test_typed_dump() {
	bl run "$EXEC_OBJ" --duration 0.3
	[ $RC -eq 0 ] || why "exit $RC: $(cat "$W/err")" || return
	[ "$(grep -A2 '^map exec_drops ' "$W/out" | tail -2)" = "$(printf '  KEY  VALUE\n  0    0')" ] ||
		why "exec_drops: $(grep -A2 '^map exec_drops' "$W/out")" || return
	! grep -q '^map exec_rin' "$W/out" || why "internal map shown: $(grep '^map exec_rin' "$W/out")" || return
	bl run "$EXEC_OBJ" --duration 0.3 --all-maps
	[ "$(grep -A2 '^map exec_rin.bss ' "$W/out" | tail -2)" = "$(printf '  KEY  VALUE\n  0    {unused_event=0x0}')" ] ||
		why ".bss: $(grep -A2 '^map exec_rin.bss' "$W/out")" || return
	bl run "$COUNT_OBJ" --duration 0.3
	[ $RC -eq 0 ] || why "exit $RC: $(cat "$W/err")" || return
	grep -A1 '^map syscall_count ' "$W/out" | grep -Eq '^  KEY +VALUE$' &&
		grep -Eq '^  [0-9]+ +[1-9][0-9]*$' "$W/out" ||
		why "legacy map not as numbers: $(grep -A2 '^map syscall_count' "$W/out")" || return
	bl run "$EXEC_OBJ" --duration 0.3 --json --all-maps
	[ $RC -eq 0 ] || why "exit $RC: $(cat "$W/err")" || return
	python3 - "$W/out" <<'EOF' || why "$(grep map_dump "$W/out")"
import json, sys
o = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
d = {x["name"]: x["entries"] for x in o if x["type"] == "map_dump"}
e = d["exec_drops"]
assert e == [{"key": "00 00 00 00", "value": "00 00 00 00 00 00 00 00",
              "formatted": {"key": 0, "value": 0}}], e
b = d["exec_rin.bss"][0]
assert b["formatted"] == {"key": 0, "value": {"unused_event": "0x0"}}, b
EOF
}

# ------------------------------------------------------------ histograms

# Three sleeps of 3 ms by $COMM: its histogram counts 3, all at or above
# the 2048 -> 4095 row (a loaded machine may sleep longer, never
# shorter), in bcc's format; rows after the last count are trimmed.
test_histogram_log2() {
	start run "$HIST_OBJ" --duration 60 || why "did not start: $(cat "$W/err")" || return
	for _ in 1 2 3; do "$SLEEPER" 0.003; done
	stop
	[ $RC -eq 0 ] || why "exit $RC: $(cat "$W/err")" || return
	hist_of "$W/out"
	[ -s "$W/hist" ] || why "no histogram for comm = $COMM: $(grep -A3 '^map latency_usecs' "$W/out")" || return
	python3 - "$W/hist" <<'EOF' || why "$(cat "$W/hist")"
import re, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines[0] == "     usecs               : count    distribution", repr(lines[0])
assert lines[1] == "         0 -> 1          : 0        |                                        |", repr(lines[1])
row = re.compile(r"^ {0,9}(\d+) -> (\d+) +: (\d+) +\|([* ]{40})\|$")
counts, lows = [], []
for i, l in enumerate(lines[1:]):
    m = row.match(l)
    assert m, "row %r" % l
    low, high, n, bar = int(m[1]), int(m[2]), int(m[3]), m[4]
    assert low == (0 if i == 0 else 1 << i) and high == (1 << (i + 1)) - 1, l
    assert len(l) == 10 + 4 + 10 + 3 + 8 + 1 + 42, "width of %r" % l
    counts.append(n)
assert sum(counts) == 3, counts
assert counts[-1] > 0, "trailing zero rows not trimmed: %r" % counts
assert all(c == 0 for c in counts[:11]), "a 3 ms sleep below 2048 us: %r" % counts
top = max(counts)
for l, c in zip(lines[1:], counts):
    assert l.count("*") == c * 40 // top, "bar of %r" % l
EOF
}

test_histogram_linear() {
	start run "$HIST_OBJ" --duration 60 --hist linear || why "did not start: $(cat "$W/err")" || return
	"$SLEEPER" 0.001
	stop
	[ $RC -eq 0 ] || why "exit $RC: $(cat "$W/err")" || return
	hist_of "$W/out"
	python3 - "$W/hist" <<'EOF' || why "$(cat "$W/hist")"
import re, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines[0] == "     usecs         : count     distribution", repr(lines[0])
rows = [re.match(r"^        (\d+) +: (\d+) +\|([* ]{40})\|$", l) for l in lines[1:]]
assert rows and all(rows), lines
assert int(rows[0][1]) >= 9 and int(rows[0][2]) > 0, "first row is the first slot with a count"
assert sum(int(r[2]) for r in rows) == 1
EOF
}

# JSON: the histogram map's entries typed: {"comm": ...} -> {"slots": [27 counts]}.
test_histogram_json() {
	start run "$HIST_OBJ" --duration 60 --json || why "did not start: $(cat "$W/err")" || return
	"$SLEEPER" 0.002
	stop
	[ $RC -eq 0 ] || why "exit $RC: $(cat "$W/err")" || return
	python3 - "$W/out" "$COMM" <<'EOF' || why "$(grep latency_usecs "$W/out" | head -c 600)"
import json, sys
o = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
d = {x["name"]: x["entries"] for x in o if x["type"] == "map_dump"}
mine = [e["formatted"]["value"] for e in d["latency_usecs"] if e["formatted"]["key"] == {"comm": sys.argv[2]}]
assert len(mine) == 1, d["latency_usecs"][:2]
slots = mine[0]["slots"]
assert len(slots) == 27 and sum(slots) == 1 and all(s == 0 for s in slots[:11]), slots
EOF
}

# test_hist.bpf.o: a linear histogram (struct linear_hist, one array
# slot: no key line) and a per-CPU array of counters named io_hist (log2,
# the CPUs summed). A copy of python named blhist* makes 10 getppid
# calls: slots 0..3 get 3, 3, 2, 2.
test_histogram_forms() {
	local py
	py=$(readlink -f /usr/bin/python3 2>/dev/null) || py=""
	[ -x "$py" ] || py=$(python3 -c 'import os, sys; print(os.path.realpath(sys.executable))')
	cp "$py" "$W/blhist$$"
	start run "$HFORM_OBJ" --duration 60 || why "did not start: $(cat "$W/err")" || return
	"$W/blhist$$" -c 'import os
for i in range(10): os.getppid()' || why "$W/blhist$$ failed" || return
	stop
	[ $RC -eq 0 ] || why "exit $RC: $(cat "$W/err")" || return
	sed -n '/^map lin_usecs /,/^map io_hist /p' "$W/out" >"$W/lin"
	printf '%s\n' "map lin_usecs" \
		"     usecs         : count     distribution" \
		"        0          : 3        |****************************************|" \
		"        1          : 3        |****************************************|" \
		"        2          : 2        |**************************              |" \
		"        3          : 2        |**************************              |" \
		"map io_hist" >"$W/lin.want"
	sed -i 's/ (.*//' "$W/lin"
	diff "$W/lin.want" "$W/lin" >"$W/diff" || why "linear: $(cat "$W/diff")" || return
	sed -n '/^map io_hist /,/^detached/p' "$W/out" | sed 's/ (.*//' >"$W/io"
	printf '%s\n' "map io_hist" \
		"     value               : count    distribution" \
		"         0 -> 1          : 3        |****************************************|" \
		"         2 -> 3          : 3        |****************************************|" \
		"         4 -> 7          : 2        |**************************              |" \
		"         8 -> 15         : 2        |**************************              |" \
		"detached; stopped by signal" >"$W/io.want"
	diff "$W/io.want" "$W/io" >"$W/diff" || why "counters: $(cat "$W/diff")"
}

# ------------------------------------------------------------ --interval

# Every second a time line and the maps; without --clear the counts add
# up, with --clear each print holds what came since the one before.
test_interval() { # clear|keep
	local mode=$1 extra=()
	[ "$mode" = clear ] && extra=(--clear)
	start run "$HIST_OBJ" --duration 3.6 --interval 1 "${extra[@]}" ||
		why "did not start: $(cat "$W/err")" || return
	"$SLEEPER" 0.002	# before the first print, about 1 s in
	finish
	[ $RC -eq 0 ] || why "exit $RC: $(cat "$W/err")" || return
	local n
	n=$(grep -Ec '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' "$W/out")
	[ "$n" -eq 3 ] || why "$n time lines in 3.6 s with --interval 1" || return
	# each print is followed by the map dumps
	[ "$(grep -c '^map latency_usecs ' "$W/out")" -eq 4 ] ||
		why "$(grep -c '^map latency_usecs ' "$W/out") dumps of latency_usecs (3 + the last)" || return
	n=$(grep -c "^comm = $COMM\$" "$W/out")
	if [ "$mode" = clear ]; then
		[ "$n" -eq 1 ] || why "--clear: comm = $COMM printed $n times" || return
	else
		[ "$n" -eq 4 ] || why "no --clear: comm = $COMM printed $n times, not 4" || return
	fi
	bl run "$HIST_OBJ" --duration 1.5 --interval 1 --json
	[ $RC -eq 0 ] || why "--json exit $RC" || return
	grep -Eq '^\{"type":"interval","time":"[0-9]{2}:[0-9]{2}:[0-9]{2}","unix":[0-9]+\}$' "$W/out" ||
		why "no interval object: $(head -c 300 "$W/out")"
}

# ------------------------------------------------------------ --perf-pages

# --perf-pages N: each CPU's ring is mapped as 1 + N pages (the header
# page, then the ring): /proc/PID/maps shows the mappings of the perf
# events; the default is 64 pages. Records come through either way.
perf_maps() { # PID: the sizes of its perf event mappings, in pages, sorted, unique
	local range rest
	grep 'anon_inode:\[perf_event\]' "/proc/$1/maps" | while read -r range rest; do
		echo $(((0x${range#*-} - 0x${range%-*}) / 4096))
	done | sort -u | tr '\n' ' '
}

test_perf_pages() {
	[ "$(getconf PAGESIZE)" -eq 4096 ] || why "page size $(getconf PAGESIZE), the test counts 4 KiB pages" || return
	start run "$OPEN_OBJ" --duration 60 --perf-pages 1 || why "did not start: $(cat "$W/err")" || return
	local sizes
	sizes=$(perf_maps $PID)
	cat /etc/hostname >/dev/null
	stop
	[ $RC -eq 0 ] || why "exit $RC: $(cat "$W/err")" || return
	[ "$sizes" = "2 " ] || why "--perf-pages 1: perf mappings of '$sizes' pages, expected 2" || return
	grep -Eq '^events open_events \(perf_event_array\): [1-9][0-9]* records?' "$W/out" ||
		why "no records with --perf-pages 1: $(tail -3 "$W/out")" || return
	start run "$OPEN_OBJ" --duration 60 || why "did not start: $(cat "$W/err")" || return
	sizes=$(perf_maps $PID)
	stop
	[ "$sizes" = "65 " ] || why "default: perf mappings of '$sizes' pages, expected 65"
}

t bad_options test_bad_options
rt typed_dump test_typed_dump
rt histogram_log2 test_histogram_log2
rt histogram_linear test_histogram_linear
rt histogram_json test_histogram_json
rt histogram_forms test_histogram_forms
rt interval_keep test_interval keep
rt interval_clear test_interval clear
rt perf_pages test_perf_pages

cli_summary
