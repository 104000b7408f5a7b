#!/usr/bin/env bash
# tests/cli/uprobe_multi.sh — black-box tests of SEC("uprobe.multi") and
# SEC("uretprobe.multi") with `bpfload run --uprobe PATH:PATTERN`, and of
# the cookies: build/bpf-progs/test_multi.bpf.o counts calls by
# bpf_get_attach_cookie(), which bpfload sets to the index of the
# function in the pattern's list sorted by name (what `bpfload list
# uprobes PATH PATTERN` prints). Each way of attaching: one uprobe_multi
# link (Linux 6.6+), and one uprobe per function (--no-multi-link, what
# older kernels get) through the uprobe PMU and through tracefs, whose
# events must all go at the end. A pattern of dozens of libc functions.
# The refusals of test_multi_bad.bpf.o: a clear message, exit 1, nothing
# left behind. Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/uprobe_multi.sh
#
# Same conventions as tests/cli/uprobe.sh.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
UP=$(readlink -f "$BUILD/tests/uprobe")
OBJ=$BUILD/bpf-progs/test_multi.bpf.o
BAD=$BUILD/bpf-progs/test_multi_bad.bpf.o

for f in "$BL" "$OBJ" "$BAD" "$UP/target"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done

cli_name=cli-uprobe-multi
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

# counts MAP: "COOKIE=N ..." of the map dump in $W/out, sorted by cookie.
counts() {
	python3 - "$W/out" "$1" <<'PY'
import json, sys
out = []
for l in open(sys.argv[1]).read().splitlines():
    if not l.startswith("{"):
        continue
    d = json.loads(l)
    if d["type"] != "map_dump" or d["name"] != sys.argv[2]:
        continue
    for e in d["entries"]:
        k = int.from_bytes(bytes.fromhex(e["key"].replace(" ", "")), sys.byteorder)
        v = int.from_bytes(bytes.fromhex(e["value"].replace(" ", "")), sys.byteorder)
        out.append((k, v))
print(" ".join("%d=%d" % kv for kv in sorted(out)))
PY
}

test_help() {
	bl run --help
	expect_rc 0 || return
	grep -q -- "--no-multi-link" "$W/out" || why "run --help lacks --no-multi-link"
}

# cookies_count MODE ARGS...: target's bl_target_* functions (cookie 0
# bl_target_add, 1 bl_target_static_twice): 3 calls and 1.
cookies_count() {
	local how=$1 n
	shift
	start run "$OBJ" --json --uprobe "$UP/target:bl_target_*" "$@" || why "did not attach: $(errtext)" || return
	grep_in "$W/out" "\"target\":\"uprobe.multi $UP/target:bl_target_\\* \\(2 functions, cookies 0..1 by name; $how\\)\"" \
		"attach line" || { kill -INT "$PID"; return 1; }
	if [[ " $* " == *" tracefs "* ]]; then
		n=$(events_of "$PID")
		[ "$n" -eq 4 ] || why "uprobe_events has $n of bpfload's events, not 4 (2 functions, entry and return)" ||
			{ kill -INT "$PID"; return 1; }
	fi
	"$UP/target" 3 2 40 >/dev/null || why "target failed" || return
	kill -INT "$PID"
	finish
	expect_rc 0 || return
	[ "$(counts entries)" = "0=3 1=1" ] || why "entries by cookie: '$(counts entries)', want '0=3 1=1'" || return
	[ "$(counts returns)" = "0=3 1=1" ] || why "returns by cookie: '$(counts returns)', want '0=3 1=1'" || return
	[ "$(events_of "$PID")" -eq 0 ] || why "events left in uprobe_events: $(grep "bpfload_${PID}_" \
		"$(tracefs_dir)/uprobe_events")"
}

test_multi_link() {
	if [ "$(uname -r | awk -F. '{ print ($1 > 6 || ($1 == 6 && $2 >= 6)) }')" -eq 0 ]; then
		NOTE="kernel before 6.6: one uprobe each"
		cookies_count "one uprobe each"
		return
	fi
	cookies_count "uprobe_multi link"
}

test_one_by_one_pmu() {
	cookies_count "one uprobe each" --no-multi-link --attach-mode pmu
}

test_one_by_one_tracefs() {
	cookies_count "one uprobe each" --no-multi-link --attach-mode tracefs
}

# str* in libc: dozens of functions, as many as `list uprobes` shows.
test_dozens() {
	local want got extra
	for extra in "" --no-multi-link; do
		bl list uprobes libc.so.6 'str*'
		expect_rc 0 || return
		want=$(wc -l <"$W/out")
		[ "$want" -ge 24 ] || why "only $want str* functions in libc" || return
		# one uprobe each takes ~0.1 s per uprobe to detach (the
		# kernel's unregistration): more than bl's 20 s
		# shellcheck disable=SC2086
		timeout -k 2 120 "$BL" run "$OBJ" --duration 0.3 --uprobe 'libc.so.6:str*' $extra \
			>"$W/out" 2>"$W/err"
		RC=$?
		expect_rc 0 || return
		got=$(sed -n 's/^attached on_entry .*(\([0-9]*\) functions.*/\1/p' "$W/out")
		[ "$got" = "$want" ] || why "attached $got functions${extra:+ ($extra)}, list shows $want" || return
	done
	NOTE="$want functions"
}

# expect_refused PROG ERE: exit 1 with the message.
expect_refused() {
	bl run "$BAD" --prog "$1" --duration 0.1
	expect_rc 1 || return
	grep_in "$W/err" "$2" "the message"
}

test_refusals() {
	expect_refused kp_badchar "program kp_badchar \(section kprobe.multi/vfs_\(read\)\): '\(' at byte 4 of the pattern" || return
	expect_refused kp_bare "names no function: write SEC\(\"kprobe.multi/PATTERN\"\)" || return
	expect_refused up_nocolon "'bl_target_\*' is not PATH:PATTERN" || return
	expect_refused up_nofile "/bpfload/no/such/file" || return
	expect_refused up_none "pattern 'bpfload_no_such_function_\*' matches no function of .*libc.so.6" || return
	expect_refused up_first "names no function: write SEC\(\"uprobe.multi/PATH:PATTERN\"\), or give bpfload run --uprobe"
}

# The first program attached, the second refused: the first is undone,
# its tracefs events removed.
test_nothing_left() {
	local mode
	for mode in "" --no-multi-link; do
		# shellcheck disable=SC2086
		start run "$BAD" --prog up_first --prog up_none --uprobe "$UP/target:bl_target_*" \
			--attach-mode tracefs $mode
		finish
		expect_rc 1 || return
		grep_in "$W/err" "up_none.*matches no function" "the refusal" || return
		[ "$(events_of "$PID")" -eq 0 ] || why "events left${mode:+ ($mode)}: $(grep "bpfload_${PID}_" \
			"$(tracefs_dir)/uprobe_events")" || return
	done
}

t help test_help
rt multi_link test_multi_link
rt one_by_one_pmu test_one_by_one_pmu
rt one_by_one_tracefs test_one_by_one_tracefs
rt dozens test_dozens
rt refusals test_refusals
rt nothing_left test_nothing_left

cli_summary
