#!/usr/bin/env bash
# tests/cli/event_types.sh — the record types of ring buffers without a
# change to the BPF source (loader/cli/events.c, elf/value/record_type.c,
# elf/dwarf/): build/bpf-progs/exec_ringbuf_local.bpf.o writes two ring
# buffers whose structs are only the types of local variables, so they
# are not in its .BTF, only in its DWARF:
#   - exec_records: struct event, found by name in the DWARF;
#   - exec_sizes: struct exec_size (40 bytes), picked by the record size;
# then --event-type MAP=TYPE, the hex records' hint (the object stripped
# of its DWARF), and --types FILE (the types from the unstripped object,
# and from a header compiled with clang -g). Each test starts a process
# of a name of its own (a symlink to /bin/true) and looks for its record.
# Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/event_types.sh
#
# (under flock /tmp/bl-tracepipe.lock when other runs may read trace_pipe).
# Every test needs root (it loads programs).

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
OBJ=$BUILD/bpf-progs/exec_ringbuf_local.bpf.o

for f in "$BL" "$OBJ"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done

cli_name=cli-event-types
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

OBJCOPY=$(command -v llvm-objcopy || command -v objcopy)
CLANG=$(command -v clang)

# run_exec NAME ARGS...: bpfload run ARGS for 2 s while $W/NAME (a link
# to /bin/true) runs once.
run_exec() {
	local name=$1 link
	shift
	link=$W/$name
	ln -sf /bin/true "$link"
	start run "$@" --duration 2 || why "did not start: $(errtext)" || return
	"$link"
	finish
	[ $RC -eq 0 ] || why "exit $RC: $(errtext)"
}

# Typed from the DWARF: by name (struct event), and by size (exec_size).
test_local_types_text() {
	local name=bl-lt-$$
	run_exec "$name" "$OBJ" || return
	grep -q '^     TIME(s) MAP          PID     KIND        TRACED LEVEL COMM             FILENAME$' "$W/out" ||
		why "no header of struct event: $(one_line "$(head -8 "$W/out")")" || return
	grep -Eq "^ *[0-9]+\.[0-9]{6} exec_records +[0-9]+ +EXEC_LEADER +1 +5 +$name +$W/$name\$" "$W/out" ||
		why "no typed exec_records row for $name: $(one_line "$(grep -m4 exec_records "$W/out")")" || return
	grep -q '^     TIME(s) MAP          PID_TGID     UID     GID     COMM             IDS$' "$W/out" ||
		why "no header of struct exec_size: $(one_line "$(head -8 "$W/out")")" || return
	grep -Eq "^ *[0-9]+\.[0-9]{6} exec_sizes +[0-9]+ +[0-9]+ +[0-9]+ +$name +\[\[1, 2\], \[3, 4\]\]\$" "$W/out" ||
		why "no typed exec_sizes row: $(one_line "$(grep -m4 exec_sizes "$W/out")")" || return
	! grep -q '^event ' "$W/out" || why "a hex record: $(one_line "$(grep -m2 '^event ' "$W/out")")" || return
	# the pick by size is said once, on stderr
	[ "$(grep -c 'map exec_sizes: records of 40 bytes shown as struct exec_size, the only named struct of that size in .*exec_ringbuf_local.bpf.o.s DWARF' "$W/err")" -eq 1 ] ||
		why "the size pick line: $(errtext)" || return
	[ "$(wc -l <"$W/err")" -eq 1 ] || why "stderr: $(errtext)"
}

test_local_types_json() {
	local name=bl-lj-$$
	run_exec "$name" "$OBJ" --json || return
	python3 - "$W/out" "$name" <<'PY' || why "$(one_line "$(grep -m3 '"event"' "$W/out")")"
import json, sys
out, name = sys.argv[1:]
lines = [json.loads(l) for l in open(out).read().splitlines()]
ev = [x for x in lines if x["type"] == "event"]
recs = [e["data"] for e in ev if e["map"] == "exec_records" and e["data"]["comm"] == name]
sizes = [e["data"] for e in ev if e["map"] == "exec_sizes" and e["data"]["comm"] == name]
assert len(recs) == 1 and len(sizes) == 1, (recs, sizes)
assert recs[0]["kind"] == "EXEC_LEADER" and recs[0]["traced"] == 1 and recs[0]["level"] == 5, recs
assert recs[0]["filename"].endswith("/" + name), recs
assert sizes[0]["ids"] == [[1, 2], [3, 4]] and sizes[0]["pid_tgid"] >> 32 == recs[0]["pid"], sizes
warn = [x for x in lines if x["type"] == "warning"]
assert len(warn) == 1 and "shown as struct exec_size" in warn[0]["message"], warn
PY
}

# --event-type MAP=TYPE: per map.
test_map_type() {
	local name=bl-mt-$$
	run_exec "$name" "$OBJ" --event-type exec_records=exec_size || return
	# exec_records' bytes under exec_size's columns
	grep -A1 '^     TIME(s) MAP          PID_TGID     UID     GID     COMM             IDS$' "$W/out" | grep -Eq '^ *[0-9]+\.[0-9]{6} exec_records ' ||
		why "exec_records not as exec_size: $(one_line "$(head -8 "$W/out")")" || return
	! grep -q EXEC_LEADER "$W/out" || why "exec_records as struct event: $(one_line "$(grep -m2 EXEC_LEADER "$W/out")")" || return
	# exec_sizes: still by size
	grep -Eq "^ *[0-9]+\.[0-9]{6} exec_sizes +[0-9]+ +[0-9]+ +[0-9]+ +$name +\[\[1, 2\], \[3, 4\]\]\$" "$W/out" ||
		why "exec_sizes: $(one_line "$(grep -m3 exec_sizes "$W/out")")" || return
	# the names are checked before anything is loaded: usage errors (2)
	bl run "$OBJ" --event-type no_map=event
	expect_rc 2 || return
	grep_in "$W/err" 'exec_ringbuf_local.bpf.o: --event-type no_map=event: the object has no map of that name' "no map" || return
	bl run "$OBJ" --event-type exec_records=no_type
	expect_rc 2 || return
	grep_in "$W/err" '--event-type exec_records=no_type: no struct, union or typedef no_type in the BTF or DWARF of .*exec_ringbuf_local.bpf.o$' "no type" || return
	stdout_empty || return
	bl run "$OBJ" --event-type =event
	expect_rc 2 || return
	grep_in "$W/err" "--event-type wants TYPE or MAP=TYPE, not '=event'" "usage"
}

# A record shorter than its struct but holding all members before the
# last (a variable-length tail): the rest as zeros, not hex.
test_short_tail() {
	local name=bl-st-$$ len
	run_exec "$name" "$OBJ" --set tails=1 --event-type exec_tails=exec_tail || return
	len=$(( ${#W} + ${#name} + 2 ))
	grep -Eq "^ *[0-9]+\.[0-9]{6} exec_tails +[0-9]+ +$len +$W/$name\$" "$W/out" ||
		why "no typed exec_tails row of length $len: $(one_line "$(grep -m3 exec_tails "$W/out")")" || return
	! grep -q '^event exec_tails' "$W/out" || why "hex: $(one_line "$(grep -m2 '^event exec_tails' "$W/out")")"
}

# Without DWARF (stripped): hex, and once per map why and what to do.
test_hex_hint() {
	local name=bl-hh-$$
	[ -n "$OBJCOPY" ] || { NOTE="no objcopy"; return 0; }
	"$OBJCOPY" --strip-debug "$OBJ" "$W/stripped.o" || why "objcopy failed" || return
	ln -sf /bin/true "$W/$name"
	start run "$W/stripped.o" --duration 2 || why "did not start: $(errtext)" || return
	"$W/$name"; "$W/$name"; "$W/$name" # three records a map: still one line each
	finish
	[ $RC -eq 0 ] || why "exit $RC: $(errtext)" || return
	[ "$(grep -c '^event exec_records time [0-9.]* size 92: ' "$W/out")" -ge 3 ] || why "no hex record: $(one_line "$(head -6 "$W/out")")" || return
	for m in exec_records exec_sizes; do
		[ "$(grep -c "map $m: records in hex: no struct event or data_t in .*stripped.o's BTF (and no DWARF: build it with clang -g), and no single named struct of [0-9]* bytes; name the type with --event-type $m=TYPE, or take types from another object with --types FILE" "$W/err")" -eq 1 ] ||
			why "hint for $m: $(errtext)" || return
	done
	[ "$(wc -l <"$W/err")" -eq 2 ] || why "stderr: $(errtext)" || return
	bl run "$W/stripped.o" --event-type event
	expect_rc 2 || return
	grep_in "$W/err" 'no struct, union or typedef event in the BTF or DWARF of .*stripped.o \(it has no DWARF: build it with clang -g, or see --types\)' "no DWARF"
}

# --types FILE: the types of another object, or of a header compiled to one.
test_types_file() {
	local name=bl-tf-$$
	[ -n "$OBJCOPY" ] || { NOTE="no objcopy"; return 0; }
	"$OBJCOPY" --strip-debug "$OBJ" "$W/stripped.o" || why "objcopy failed" || return
	run_exec "$name" "$W/stripped.o" --types "$OBJ" || return
	grep -Eq "^ *[0-9]+\.[0-9]{6} exec_records +[0-9]+ +EXEC_LEADER +1 +5 +$name " "$W/out" ||
		why "not typed with --types: $(one_line "$(head -8 "$W/out")")" || return
	[ -n "$CLANG" ] || { NOTE="no clang: the header case not run"; return 0; }
	cat >"$W/types.h" <<'H'
/* the records' types, as a header */
struct event { unsigned int pid; int kind; unsigned char bits; char comm[16]; char filename[64]; };
struct exec_size { unsigned long long pid_tgid; unsigned int uid, gid; char comm[16]; short ids[4]; };
struct big { char head[64]; int last; };
H
	"$CLANG" -g -fno-eliminate-unused-debug-types -c -target bpf -x c "$W/types.h" -o "$W/types.o" ||
		why "clang failed" || return
	run_exec "$name" "$W/stripped.o" --types "$W/types.o" --event-type exec_sizes=exec_size || return
	grep -Eq "^ *[0-9]+\.[0-9]{6} exec_records +[0-9]+ +1 +[0-9]+ +$name +$W/$name\$" "$W/out" ||
		why "not typed from the header: $(one_line "$(head -8 "$W/out")")" || return
	grep -Eq "^ *[0-9]+\.[0-9]{6} exec_sizes +[0-9]+ +[0-9]+ +[0-9]+ +$name +\[1, 2, 3, 4\]\$" "$W/out" ||
		why "exec_sizes not typed from the header: $(one_line "$(grep -m3 exec_sizes "$W/out")")" || return
	# a record shorter than its type, and than the type's last member's
	# offset: hex, with one line that says so
	run_exec "$name" "$W/stripped.o" --types "$W/types.o" --event-type exec_sizes=big || return
	grep -Eq '^event exec_sizes time [0-9.]+ size 40: ' "$W/out" || why "exec_sizes not hex: $(one_line "$(grep -m3 exec_sizes "$W/out")")" || return
	[ "$(grep -c 'map exec_sizes: records of 40 bytes in hex: shorter than their type.s 68 bytes' "$W/err")" -eq 1 ] ||
		why "the hint: $(errtext)" || return
	bl run "$OBJ" --types "$W/no-such.o"
	expect_rc 1 || return
	grep_in "$W/err" "^bpfload: --types: $W/no-such.o: no such file" "missing --types file"
}

rt local_types_text test_local_types_text
rt local_types_json test_local_types_json
rt map_type test_map_type
rt short_tail test_short_tail
rt hex_hint test_hex_hint
rt types_file test_types_file

cli_summary
