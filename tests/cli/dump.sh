#!/usr/bin/env bash
# tests/cli/dump.sh — black-box tests of the map dumps of `bpfload run`
# (loader/cli/map_dump.c) and of its JSON (docs/json.md), with
# build/bpf-progs/test_dump.bpf.o, whose maps hold the same values on
# every machine: internal maps hidden unless --all-maps (or written by a
# program), hash maps sorted (a counter by value, largest first, else by
# key), --top N, runs of zeros of an array in one line, the columns of the
# text aligned under their header; in JSON the map id and type, the same
# JSON type for the key of a data section as for a typed key, 64-bit values
# to the last digit; the timestamp and clock of records and trace lines
# (text and JSON); and tests/cli/json_schema.py: it refuses what docs/json.md
# does not allow, and accepts every JSON line this script made.
# Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/dump.sh
#
# The harness is tests/cli/lib.sh. The tests that load programs need root.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
OBJ=$BUILD/bpf-progs/test_dump.bpf.o
EXEC_OBJ=$BUILD/bpf-progs/exec_ringbuf.bpf.o
CHMOD_OBJ=$BUILD/bpf-progs/fchmodat_trace.bpf.o
SCHEMA=$(dirname "$0")/json_schema.py
DOC=$(dirname "$0")/../../docs/json.md

for f in "$BL" "$OBJ" "$EXEC_OBJ" "$CHMOD_OBJ" "$SCHEMA" "$DOC"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done

cli_name=cli-dump
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

ALL_JSON=$W/all.jsonl # every --json output of this script, for the schema

# section MAP FILE: the lines of map MAP's dump in FILE, its "map" line
# first, up to the next "map" or "detached" line.
section() {
	awk -v m="map $1 " 'index($0, m) == 1 { on = 1; print; next }
		on && (/^map / || /^detached/) { exit }
		on { print }' "$2"
}

# same TEXT EXPECTED WHAT: TEXT must be EXPECTED, line for line.
same() {
	[ "$1" = "$2" ] || why "$3: got | $(one_line "$1") | expected | $(one_line "$2")"
}

run_dump() { # ARGS...: the object run for 0.5 s; text or JSON in $W/out
	bl run "$OBJ" --duration 0.5 "$@"
	[ "$RC" -eq 0 ] || why "run $*: exit $RC: $(errtext)" || return
	case " $* " in *" --json "*) cat "$W/out" >>"$ALL_JSON" ;; esac
}

# ------------------------------------------------------------ text

# Hash maps sorted, arrays' zeros summarised, every column under its
# header: the whole dump of each map, to the space.
test_text_tables() {
	run_dump || return
	same "$(section dump_counts "$W/out" | sed 's/id [0-9][0-9]*/id N/')" \
"map dump_counts (hash, id N): 7 entries, by value, largest first
  KEY  VALUE
  7    9007199254740993
  3    60
  5    50
  6    40
  1    30
  4    20
  2    10" "counters by value" || return
	same "$(section dump_names "$W/out" | sed 's/id [0-9][0-9]*/id N/')" \
"map dump_names (hash, id N): 3 entries, by key
  NAME   CALLS  BYTES
  alpha  22     2000
  mid    333    30
  zeta   1      100" "struct key and value: by key, in columns" || return
	same "$(section dump_slots "$W/out" | sed 's/id [0-9][0-9]*/id N/')" \
"map dump_slots (array, id N):
  KEY         VALUE
  [0..1]      0 (2 entries)
  2           7
  [3..99]     0 (97 entries)
  100         9
  [101..511]  0 (411 entries)" "runs of zeros"
}

# .rodata and .data as loaded: hidden; .bss, which the program wrote:
# shown; --all-maps: all of them, bpf_printk-less .rodata.str1.1 too.
test_internal_maps() {
	run_dump || return
	grep -q '^map test_dum.bss ' "$W/out" || why "the written .bss is not shown: $(grep '^map' "$W/out")" || return
	! grep -Eq '^map (test_dum.rodata|test_dum.data|.rodata.str1.1) ' "$W/out" ||
		why "an internal map shown without --all-maps: $(grep '^map' "$W/out")" || return
	run_dump --all-maps || return
	for m in test_dum.rodata test_dum.data test_dum.bss .rodata.str1.1; do
		grep -q "^map $m " "$W/out" || why "--all-maps: no $m: $(grep '^map' "$W/out")" || return
	done
	same "$(section test_dum.data "$W/out" | tail -2)" "  KEY  VALUE
  0    {dump_big=18446744073709551601}" ".data"
}

test_top() {
	run_dump --top 3 || return
	same "$(section dump_counts "$W/out" | sed 's/id [0-9][0-9]*/id N/')" \
"map dump_counts (hash, id N): 7 entries, by value, largest first; the first 3 shown (--top)
  KEY  VALUE
  7    9007199254740993
  3    60
  5    50" "--top 3" || return
	# arrays are not cut
	section dump_slots "$W/out" | grep -q '^  \[101\.\.511\]  0 (411 entries)$' ||
		why "--top cut an array: $(section dump_slots "$W/out")"
}

test_top_usage() {
	local v
	for v in 0 -1 x ""; do
		bl run "$OBJ" --top "$v"
		[ "$RC" -eq 2 ] || why "--top '$v': exit $RC, expected 2" || return
		grep -q -- "--top" "$W/err" || why "--top '$v': $(errtext)" || return
	done
	bl run --help
	grep -q -- '--all-maps' "$W/out" && grep -q -- '--top N' "$W/out" || why "--help names neither --all-maps nor --top"
}

# ------------------------------------------------------------ JSON

# map_dump: id and map_type; sorted and cut as in text; the key of a
# data section (no BTF type) a number like the typed __u32 key of
# dump_slots; 2^53 + 1 and 2^64 - 15 to the last digit.
test_json_dump() {
	run_dump --json --all-maps --top 3 || return
	python3 - "$W/out" <<'EOF' || why "$(one_line "$(grep map_dump "$W/out" | cut -c1-300)")"
import json, sys
L = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
d = {x["name"]: x for x in L if x["type"] == "map_dump"}
for name, t in (("dump_counts", "hash"), ("dump_names", "hash"), ("dump_slots", "array"),
                ("test_dum.data", "array"), ("test_dum.bss", "array")):
    m = d[name]
    assert isinstance(m["id"], int) and m["id"] > 0, (name, m.get("id"))
    assert m["map_type"] == t, (name, m["map_type"])
c = d["dump_counts"]
assert [e["formatted"]["key"] for e in c["entries"]] == [7, 3, 5], c["entries"]
assert c["entries"][0]["formatted"]["value"] == 9007199254740993, c["entries"][0]
assert c["omitted"] == 4, c["omitted"]
n = d["dump_names"]
assert [e["formatted"]["key"] for e in n["entries"]] == [{"name": "alpha"}, {"name": "mid"}, {"name": "zeta"}]
assert n["entries"][0]["formatted"]["value"] == {"calls": 22, "bytes": 2000}
s = d["dump_slots"]["entries"]
assert len(s) == 512 and s[2]["formatted"] == {"key": 2, "value": 7}, s[:3]
data = d["test_dum.data"]["entries"]
assert data[0]["formatted"] == {"key": 0, "value": {"dump_big": 18446744073709551601}}, data
# one rule: the key of every map here is a JSON number
for m in d.values():
    for e in m["entries"]:
        k = e["formatted"]["key"]
        assert isinstance(k, (int, dict)) and not isinstance(k, bool), (m["name"], k)
        if m["map_type"] == "array":
            assert type(k) is int, (m["name"], k)
EOF
}

# Records: TIME(s) first in text; in JSON a timestamp, CLOCK_MONOTONIC at
# read time, between the clock before the run and after it.
test_record_time() {
	local name=bl-dump-$$ link before
	link=$W/$name
	ln -s /bin/true "$link"
	before=$(python3 -c 'import time; print(time.monotonic())')
	start run "$EXEC_OBJ" --duration 1.5 --json || why "did not start: $(errtext)" || return
	"$link"
	finish
	[ "$RC" -eq 0 ] || why "exit $RC: $(errtext)" || return
	cat "$W/out" >>"$ALL_JSON"
	python3 - "$W/out" "$before" "$name" <<'EOF' || why "$(one_line "$(grep '"event"' "$W/out" | head -2)")" || return
import json, sys, time
after = time.monotonic()
before = float(sys.argv[2])
ev = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
ev = [e for e in ev if e["type"] == "event"]
mine = [e for e in ev if e["data"].get("comm") == sys.argv[3]]
assert mine, "no record of %s among %d" % (sys.argv[3], len(ev))
for e in ev:
    assert e["clock"] == "monotonic", e
    assert before <= e["timestamp"] <= after, (before, e["timestamp"], after)
EOF
	start run "$EXEC_OBJ" --duration 1.5 || why "did not start: $(errtext)" || return
	"$link"
	finish
	grep -q '^     TIME(s) PID     OLD_PID COMM             FILENAME$' "$W/out" ||
		why "no TIME(s) column: $(head -5 "$W/out")" || return
	grep -Eq "^ *[0-9]+\.[0-9]{6} [0-9]+ +[0-9]+ +$name " "$W/out" ||
		why "no timed row: $(grep "$name" "$W/out")"
}

# A trace line: the kernel's timestamp, "clock":"trace".
test_trace_time() {
	local f=$W/chmod-me
	: >"$f"
	start run "$CHMOD_OBJ" --duration 1.5 --json || why "did not start: $(errtext)" || return
	chmod 0640 "$f"
	finish
	[ "$RC" -eq 0 ] || why "exit $RC: $(errtext)" || return
	cat "$W/out" >>"$ALL_JSON"
	python3 - "$W/out" "$f" <<'EOF' || why "$(one_line "$(grep '"trace"' "$W/out" | head -2)")"
import json, sys
L = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
t = [x for x in L if x["type"] == "trace" and sys.argv[2] in x["line"]]
assert t, "no trace line of the chmod"
for x in t:
    assert x["clock"] == "trace" and isinstance(x["timestamp"], float) and x["timestamp"] > 0, x
EOF
}

# ------------------------------------------------------------ schema

# The validator refuses each kind of wrong line, and takes good ones.
test_schema_refuses() {
	local line
	printf '%s\n' '{"type":"interval","time":"12:00:00","unix":1700000000}' \
		'{"type":"lost","map":"m","lost":1,"records":18446744073709551615}' >"$W/good"
	python3 "$SCHEMA" "$DOC" "$W/good" >"$W/schema.out" || why "good lines refused: $(cat "$W/schema.out")" || return
	while IFS= read -r line; do
		printf '%s\n' "$line" >"$W/bad"
		if python3 "$SCHEMA" "$DOC" "$W/bad" >"$W/schema.out"; then
			why "accepted: $line" || return
		fi
	done <<'EOF'
{"type":"no_such_type"}
{"time":"12:00:00","unix":1}
{"type":"interval","time":"12:00:00"}
{"type":"interval","time":"12:00:00","unix":"1"}
{"type":"interval","time":"12:00:00","unix":1,"extra":true}
{"type":"interval","time":"12:00:00","unix":1e9}
{"type":"map_dump","name":"m","id":1,"map_type":"hash","entries":[{"key":"00","value":"00"}],"omitted":0}
{"type":"map_dump","name":"m","id":1,"map_type":"hash","entries":[{"key":"00","value":"00","formatted":{"key":0,"value":0,"x":1}}],"omitted":0}
not json
EOF
}

# Every JSON line this script made is as docs/json.md says.
test_schema_own_output() {
	[ -s "$ALL_JSON" ] || why "no JSON collected" || return
	python3 "$SCHEMA" "$DOC" "$ALL_JSON" >"$W/schema.out" ||
		why "$(one_line "$(cat "$W/schema.out")")" || return
	NOTE=$(tail -1 "$W/schema.out")
}

rt text_tables test_text_tables
rt internal_maps test_internal_maps
rt top test_top
t top_usage test_top_usage
rt json_dump test_json_dump
rt record_time test_record_time
rt trace_time test_trace_time
t schema_refuses test_schema_refuses
rt schema_own_output test_schema_own_output

cli_summary
